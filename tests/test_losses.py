"""Tests of the loss objects against independent references: scikit-learn's
metrics, closed forms written here from probabilities, PyTorch's values (as
literals, and live when torch is importable) and finite differences."""

import itertools
import sys
import warnings

import numpy as np
import pytest
from _loss_cases import (
    ALL_LOSSES,
    LOGITS,
    REGISTRY_TESTS,
    Y_BIN,
    Y_MC,
    Z_BIN,
    declared_batches,
    over_registry,
    registry_losses,
    serves,
    sigmoid,
    softmax,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy.special import expit
from scipy.stats import entropy
from sklearn.base import clone
from sklearn.metrics import brier_score_loss, log_loss, mean_absolute_error

from sklearn_losses.links import LogitLink, SoftmaxLink
from sklearn_losses.losses import (
    LOSSES,
    AbsoluteError,
    BaseLoss,
    FocalLoss,
    KLDivergence,
    LogLoss,
    SquaredError,
    check_loss,
    get_loss,
)

# ---------------------------------------------------------------------------
# PyTorch references, produced by torch 2.13.0 (float64) with these calls on
# LOGITS/Y_MC (multiclass) and Z_BIN/Y_BIN (binary); "_grad" entries are
# x.grad after out.sum().backward(), flattened row-major:
#   mc_log:    F.cross_entropy(x, y, reduction="none")
#   mc_sq:     F.mse_loss(F.softmax(x, 1), F.one_hot(y, 3), reduction="none").sum(1)
#   mc_abs:    F.l1_loss(F.softmax(x, 1), F.one_hot(y, 3), reduction="none").sum(1)
#   mc_kl01:   F.kl_div(F.log_softmax(x, 1), 0.9 * F.one_hot(y, 3) + 0.1 / 3,
#                       reduction="none").sum(1)
#   mc_focal2 / mc_focal05: logp = F.log_softmax(x, 1).gather(1, y[:, None])[:, 0];
#                       -((1 - logp.exp()) ** gamma) * logp, gamma 2.0 / 0.5
#   bin_log:   F.binary_cross_entropy_with_logits(x, y, reduction="none")
#   bin_sq:    F.mse_loss(torch.sigmoid(x), y, reduction="none")
#   bin_abs:   F.l1_loss(torch.sigmoid(x), y, reduction="none")
#   bin_kl01:  q1 = 0.9 * y + 0.05; F.kl_div(torch.stack([F.logsigmoid(-x),
#              F.logsigmoid(x)], 1), torch.stack([1 - q1, q1], 1),
#              reduction="none").sum(1)
#   bin_focal2: logp = F.logsigmoid(torch.where(y == 1, x, -x));
#              -((1 - logp.exp()) ** 2.0) * logp
# ---------------------------------------------------------------------------
TORCH = {
    "mc_log_loss": [
        0.3631355063687535,
        0.1511908457494247,
        0.6168748190028781,
        5.054985235377147,
    ],
    "mc_log_grad": [
        -0.3045078165067804,
        0.11496408469823285,
        0.18954373180854764,
        0.10527378504768224,
        -0.1403163839615028,
        0.03504259891382067,
        0.13307068590091722,
        0.3273010730456852,
        -0.4603717589466024,
        0.9464991225528937,
        -0.9936225390775577,
        0.04712341652466415,
    ],
    "mc_sq_loss": [
        0.14186857735214012,
        0.03199924116493243,
        0.33677595629858614,
        1.8853669555412875,
    ],
    "mc_sq_grad": [
        -0.1973369732634333,
        0.06382882407186534,
        0.133508149191568,
        0.04497105085202175,
        -0.05501844671031408,
        0.010047395858292332,
        0.06830957135797298,
        0.2951580624949909,
        -0.3634676338529639,
        0.10365056253807062,
        -0.02404770816685713,
        -0.07960285437121385,
    ],
    "mc_abs_loss": [
        0.6090156330135609,
        0.28063276792300584,
        0.9207435178932049,
        1.9872450781551154,
    ],
    "mc_abs_grad": [
        -0.4235656123861068,
        0.15991324458014677,
        0.26365236780596,
        0.18100429640770188,
        -0.24125539270694202,
        0.06025109629924013,
        0.14361740033696221,
        0.35324180468506544,
        -0.49685920502202763,
        0.012072522334413888,
        -0.012673577829250039,
        0.0006010554948360287,
    ],
    "mc_kl01_loss": [
        0.17532900087012188,
        0.036717673584126365,
        0.3890683135042464,
        4.530512063211848,
    ],
    "mc_kl01_grad": [
        -0.23784114984011373,
        0.08163075136489953,
        0.1562103984752143,
        0.0719404517143489,
        -0.07364971729483616,
        0.0017092655804873402,
        0.0997373525675839,
        0.29396773971235185,
        -0.3937050922799358,
        0.9131657892195604,
        -0.9269558724108911,
        0.013790083191330814,
    ],
    "mc_focal2_loss": [
        0.03367174357332316,
        0.002976749331154558,
        0.1307417793902834,
        4.990714890171876,
    ],
    "mc_focal2_grad": [
        -0.07507235934587032,
        0.028342868755694597,
        0.04672949059017576,
        0.005912627863705752,
        -0.007880770708200941,
        0.001968142844495195,
        0.06898944433036729,
        0.16968665191196053,
        -0.23867609624232783,
        0.9951023247698899,
        -1.0446455522462286,
        0.04954322747633885,
    ],
    "mc_focal05_loss": [
        0.20038625905994092,
        0.0566343197586995,
        0.41855388731646265,
        5.038840468149157,
    ],
    "mc_focal05_grad": [
        -0.23771773264495272,
        0.0897481117679542,
        0.1479696208769986,
        0.05769850745408653,
        -0.07690467215808998,
        0.019206164704003506,
        0.12293237106682868,
        0.30236484233787236,
        -0.42529721340470106,
        0.9587816532399803,
        -1.0065165809596928,
        0.047734927719712515,
    ],
    "bin_log_loss": [
        0.3711006659477777,
        0.2632824673380312,
        2.5788897342925496,
        0.8543552444685272,
        0.6931471805599453,
    ],
    "bin_log_grad": [
        -0.3100255188723875,
        0.23147521650098238,
        0.9241418199787566,
        -0.5744425168116589,
        -0.5,
    ],
    "bin_sq_loss": [
        0.0961158223520931,
        0.053580775854176664,
        0.8540381034336485,
        0.32998420512091303,
        0.25,
    ],
    "bin_sq_grad": [
        -0.13263492931107843,
        0.08235630832608103,
        0.12957155239054208,
        -0.28085449564632203,
        -0.25,
    ],
    "bin_abs_loss": [
        0.3100255188723875,
        0.23147521650098238,
        0.9241418199787566,
        0.5744425168116589,
        0.5,
    ],
    "bin_abs_grad": [
        -0.2139096965202944,
        0.1778944406468057,
        0.07010371654510807,
        -0.24445831169074586,
        -0.25,
    ],
    "bin_kl01_loss": [
        0.21258542260190533,
        0.12476722399215862,
        2.255374490946677,
        0.6408400011226549,
        0.4946319372140729,
    ],
    "bin_kl01_grad": [
        -0.2600255188723876,
        0.18147521650098236,
        0.8741418199787564,
        -0.524442516811659,
        -0.45000000000000007,
    ],
    "bin_focal2_loss": [
        0.035668645682980046,
        0.014106878868773636,
        2.202470097639714,
        0.28192373623683037,
        0.17328679513998632,
    ],
    "bin_focal2_grad": [
        -0.07901926829183152,
        0.0340855937480784,
        1.1234030735546958,
        -0.4295064685857505,
        -0.29828679513998635,
    ],
}

TORCH_KEYS = {
    "LogLoss()": "log",
    "SquaredError()": "sq",
    "AbsoluteError()": "abs",
    "KLDivergence(label_smoothing=0.1)": "kl01",
    "FocalLoss(gamma=2.0)": "focal2",
    "FocalLoss(gamma=0.5)": "focal05",
}


def _torch_cases():
    for loss in ALL_LOSSES:
        key = TORCH_KEYS.get(repr(loss))
        if key is None:
            continue
        yield pytest.param(loss, "mc", key, id=f"{loss!r}-multiclass")
        if f"bin_{key}_loss" in TORCH:
            yield pytest.param(loss, "bin", key, id=f"{loss!r}-binary")


BUILT_IN = {
    "absolute_error": AbsoluteError,
    "focal": FocalLoss,
    "kl_divergence": KLDivergence,
    "log_loss": LogLoss,
    "squared_error": SquaredError,
}


def test_registry_names_and_get_loss():
    assert BUILT_IN.items() <= LOSSES.items()
    for name, cls in LOSSES.items():
        loss = get_loss(name)
        assert type(loss) is cls and loss.name == name
        assert get_loss(name) is not loss  # a new instance each time
    focal = FocalLoss(gamma=1.0)
    assert get_loss(focal) is focal


def test_get_loss_unknown_name_lists_valid_names():
    with pytest.raises(ValueError, match="Unknown loss 'hinge'.*'focal'.*'log_loss'"):
        get_loss("hinge")


@pytest.mark.parametrize("bad", [object(), None, 3.0, LogLoss])
def test_get_loss_rejects_objects_without_the_interface(bad):
    with pytest.raises(TypeError, match="loss"):
        get_loss(bad)


def test_get_loss_names_the_missing_methods():
    class Half:
        def loss(self, y_true, raw_prediction):
            return raw_prediction

    with pytest.raises(TypeError, match="gradient, loss_gradient, predict_proba"):
        get_loss(Half())


def test_loss_metadata_matches_contract():
    for cls in BUILT_IN.values():
        loss = cls()
        assert loss.lower_bound == 0.0
        assert loss.target_types == {"binary", "multiclass"}


# ---------------------------------------------------------------------------
# Values against independent references
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["(n,)", "(n, 1)"])
def test_log_loss_binary_equals_sklearn_log_loss(shape):
    rng = np.random.default_rng(0)
    z = rng.normal(scale=3, size=40)
    y = rng.integers(0, 2, size=40)
    w = rng.uniform(0.1, 2, size=40)
    raw = z if shape == "(n,)" else z[:, None]
    p = sigmoid(z)
    assert abs(LogLoss()(y, raw) - log_loss(y, p)) < 1e-9
    assert (
        abs(LogLoss()(y, raw, sample_weight=w) - log_loss(y, p, sample_weight=w)) < 1e-9
    )
    assert_allclose(
        LogLoss().loss(y, raw), -np.log(np.where(y == 1, p, 1 - p)), rtol=1e-9
    )


def test_log_loss_multiclass_equals_sklearn_log_loss():
    rng = np.random.default_rng(1)
    z = rng.normal(scale=3, size=(40, 4))
    y = rng.integers(0, 4, size=40)
    w = rng.uniform(0.1, 2, size=40)
    p = softmax(z)
    labels = [0, 1, 2, 3]
    assert abs(LogLoss()(y, z) - log_loss(y, p, labels=labels)) < 1e-9
    weighted = log_loss(y, p, sample_weight=w, labels=labels)
    assert abs(LogLoss()(y, z, sample_weight=w) - weighted) < 1e-9


def test_squared_error_binary_equals_brier_score_loss():
    rng = np.random.default_rng(2)
    z = rng.normal(scale=2, size=30)
    y = rng.integers(0, 2, size=30)
    w = rng.uniform(0.1, 2, size=30)
    p = sigmoid(z)
    assert_allclose(SquaredError()(y, z), brier_score_loss(y, p), rtol=1e-12)
    assert_allclose(
        SquaredError()(y, z[:, None], sample_weight=w),
        brier_score_loss(y, p, sample_weight=w),
        rtol=1e-12,
    )


def test_squared_error_multiclass_sums_over_classes():
    rng = np.random.default_rng(3)
    z = rng.normal(scale=2, size=(30, 3))
    y = rng.integers(0, 3, size=30)
    p = softmax(z)
    expected = ((p - np.eye(3)[y]) ** 2).sum(axis=1)
    assert_allclose(SquaredError().loss(y, z), expected, rtol=1e-12)
    sk = brier_score_loss(y, p, labels=[0, 1, 2], scale_by_half=False)
    assert_allclose(SquaredError()(y, z), sk, rtol=1e-12)


def test_absolute_error_closed_forms():
    rng = np.random.default_rng(4)
    z = rng.normal(scale=2, size=30)
    y = rng.integers(0, 2, size=30)
    assert_allclose(
        AbsoluteError()(y, z), mean_absolute_error(y, sigmoid(z)), rtol=1e-12
    )
    zm = rng.normal(scale=2, size=(30, 3))
    ym = rng.integers(0, 3, size=30)
    expected = np.abs(softmax(zm) - np.eye(3)[ym]).sum(axis=1)
    assert_allclose(AbsoluteError().loss(ym, zm), expected, rtol=1e-12)


@pytest.mark.parametrize("label_smoothing", [0.0, 0.1, 0.5])
def test_kl_divergence_loss_equals_scipy_entropy(label_smoothing):
    rng = np.random.default_rng(5)
    z = rng.normal(scale=2, size=(20, 4))
    y = rng.integers(0, 4, size=20)
    q = (1 - label_smoothing) * np.eye(4)[y] + label_smoothing / 4
    expected = [entropy(qi, pi) for qi, pi in zip(q, softmax(z), strict=True)]
    loss = KLDivergence(label_smoothing=label_smoothing)
    assert_allclose(loss.loss(y, z), expected, rtol=1e-10, atol=1e-13)
    assert_allclose(loss.gradient(y, z), softmax(z) - q, atol=1e-12)
    # Binary single logit: two classes [1 - p, p].
    zb = rng.normal(scale=2, size=20)
    yb = rng.integers(0, 2, size=20)
    qb = (1 - label_smoothing) * np.eye(2)[yb] + label_smoothing / 2
    pb = np.column_stack([1 - sigmoid(zb), sigmoid(zb)])
    expected = [entropy(qi, pi) for qi, pi in zip(qb, pb, strict=True)]
    assert_allclose(loss.loss(yb, zb), expected, rtol=1e-10, atol=1e-13)


def test_kl_divergence_without_smoothing_is_log_loss():
    rng = np.random.default_rng(6)
    z = rng.normal(scale=2, size=(20, 3))
    y = rng.integers(0, 3, size=20)
    expected = -np.log(softmax(z)[np.arange(20), y])
    assert_allclose(KLDivergence().loss(y, z), expected, rtol=1e-12)


@pytest.mark.parametrize("gamma", [0.0, 0.5, 2.0, 5.0])
def test_focal_loss_closed_form(gamma):
    rng = np.random.default_rng(7)
    z = rng.normal(scale=2, size=(25, 3))
    y = rng.integers(0, 3, size=25)
    p_y = softmax(z)[np.arange(25), y]
    expected = -((1 - p_y) ** gamma) * np.log(p_y)
    assert_allclose(FocalLoss(gamma=gamma).loss(y, z), expected, rtol=1e-10)
    zb = rng.normal(scale=2, size=25)
    yb = rng.integers(0, 2, size=25)
    pb = np.where(yb == 1, sigmoid(zb), 1 - sigmoid(zb))
    expected = -((1 - pb) ** gamma) * np.log(pb)
    assert_allclose(FocalLoss(gamma=gamma).loss(yb, zb[:, None]), expected, rtol=1e-10)


@over_registry
def test_predict_proba_is_sigmoid_or_softmax(loss):
    z = np.array([-2.0, 0.0, 3.0])
    if serves(loss, "binary"):
        expected = np.column_stack([1 - sigmoid(z), sigmoid(z)])
        assert_allclose(loss.predict_proba(z), expected, rtol=1e-12)
        assert loss.predict_proba(z[:, None]).shape == (3, 2)
    if serves(loss, "multiclass"):
        assert_allclose(loss.predict_proba(LOGITS), softmax(LOGITS), rtol=1e-12)


@over_registry
def test_call_is_weighted_mean_of_pointwise_loss(loss):
    for y, raw in declared_batches(loss):
        w = np.array([0.5, 0.0, 2.0, 1.5, 1.0])[: len(y)]
        pointwise = loss.loss(y, raw)
        assert_allclose(loss(y, raw), pointwise.mean(), rtol=1e-12)
        expected = (w * pointwise).sum() / w.sum()
        assert_allclose(loss(y, raw, sample_weight=w), expected, rtol=1e-12)
        assert isinstance(loss(y, raw), float)


@over_registry
def test_y_true_may_arrive_as_float(loss):
    for y, raw in declared_batches(loss):
        assert_allclose(loss.loss(y.astype(float), raw), loss.loss(y, raw))
        assert_allclose(loss.gradient(y.astype(float), raw), loss.gradient(y, raw))


# ---------------------------------------------------------------------------
# PyTorch references
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("loss", "kind", "key"), list(_torch_cases()))
def test_loss_and_gradient_match_torch_literals(loss, kind, key):
    y, raw = (Y_MC, LOGITS) if kind == "mc" else (Y_BIN, Z_BIN)
    value, grad = loss.loss_gradient(y, raw)
    assert_allclose(value, TORCH[f"{kind}_{key}_loss"], rtol=1e-12, atol=1e-15)
    assert_allclose(grad.ravel(), TORCH[f"{kind}_{key}_grad"], rtol=1e-10, atol=1e-14)
    if kind == "bin":
        _, grad_col = loss.loss_gradient(y, raw[:, None])
        assert grad_col.shape == (raw.shape[0], 1)
        assert_allclose(grad_col.ravel(), TORCH[f"{kind}_{key}_grad"], rtol=1e-10)


def test_losses_against_live_torch():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    rng = np.random.default_rng(8)
    z = rng.normal(scale=2, size=(12, 4))
    y = rng.integers(0, 4, size=12)
    tz, ty = torch.tensor(z), torch.tensor(y)
    x = tz.clone().requires_grad_(True)
    out = F.cross_entropy(x, ty, reduction="none")
    out.sum().backward()
    value, grad = LogLoss().loss_gradient(y, z)
    assert_allclose(value, out.detach().numpy(), rtol=1e-12)
    assert_allclose(grad, x.grad.numpy(), rtol=1e-10, atol=1e-14)

    q = 0.8 * np.eye(4)[y] + 0.2 / 4
    x = tz.clone().requires_grad_(True)
    out = F.kl_div(F.log_softmax(x, 1), torch.tensor(q), reduction="none").sum(1)
    out.sum().backward()
    value, grad = KLDivergence(label_smoothing=0.2).loss_gradient(y, z)
    assert_allclose(value, out.detach().numpy(), rtol=1e-10, atol=1e-14)
    assert_allclose(grad, x.grad.numpy(), rtol=1e-10, atol=1e-14)

    x = tz.clone().requires_grad_(True)
    logp = F.log_softmax(x, 1).gather(1, ty[:, None])[:, 0]
    out = -((1 - logp.exp()) ** 1.5) * logp
    out.sum().backward()
    value, grad = FocalLoss(gamma=1.5).loss_gradient(y, z)
    assert_allclose(value, out.detach().numpy(), rtol=1e-10)
    assert_allclose(grad, x.grad.numpy(), rtol=1e-9, atol=1e-14)

    zb = rng.normal(scale=2, size=12)
    yb = rng.integers(0, 2, size=12).astype(float)
    p = torch.sigmoid(torch.tensor(zb))
    assert_allclose(SquaredError()(yb, zb), F.mse_loss(p, torch.tensor(yb)).item())
    assert_allclose(AbsoluteError()(yb, zb), F.l1_loss(p, torch.tensor(yb)).item())


# ---------------------------------------------------------------------------
# Gradients against finite differences, from small to large logits
# ---------------------------------------------------------------------------


def _central_differences(loss, y, raw):
    """d loss[i] / d raw[i, j] by central differences, step relative to |z|."""
    flat = raw.reshape(raw.shape[0], -1)
    fd = np.empty_like(flat)
    for j in range(flat.shape[1]):
        h = 1e-6 * np.maximum(1.0, np.abs(flat[:, j]))
        up, down = flat.copy(), flat.copy()
        up[:, j] += h
        down[:, j] -= h
        diff = loss.loss(y, up.reshape(raw.shape)) - loss.loss(
            y, down.reshape(raw.shape)
        )
        fd[:, j] = diff / (2 * h)
    return fd.reshape(raw.shape)


def _gradient_cases(loss, scale, rng):
    cases = []
    if serves(loss, "binary"):
        y, z = rng.integers(0, 2, size=12), scale * rng.normal(size=12)
        cases += [(y, z), (y, z[:, None])]
    if serves(loss, "multiclass"):
        y, z = rng.integers(0, 4, size=12), scale * rng.normal(size=(12, 4))
        cases.append((y, z))
    return cases


@over_registry
@pytest.mark.parametrize("scale", [0.1, 1.0, 10.0, 100.0, 1000.0])
def test_gradient_matches_finite_differences_up_to_large_logits(loss, scale):
    rng = np.random.default_rng(11)
    for y, raw in _gradient_cases(loss, scale, rng):
        grad = loss.gradient(y, raw)
        assert grad.shape == raw.shape
        assert_allclose(grad, _central_differences(loss, y, raw), rtol=1e-5, atol=1e-6)
        assert_allclose(loss.loss_gradient(y, raw)[1], grad, rtol=1e-12, atol=1e-15)


# ---------------------------------------------------------------------------
# The link a loss holds once bound to a problem
# ---------------------------------------------------------------------------


@over_registry
def test_bound_loss_holds_the_link_of_its_problem(loss):
    if serves(loss, "binary"):
        binary = get_loss(loss, n_classes=2)
        assert isinstance(binary.link, LogitLink)
        assert binary == loss and binary.get_params() == loss.get_params()
        assert_allclose(binary.predict_proba(Z_BIN), loss.predict_proba(Z_BIN))
        proba = binary.predict_proba(Z_BIN[:, None])
        assert_allclose(proba, loss.predict_proba(Z_BIN))
        # Binding changes where the probabilities come from, not the values.
        grad = binary.loss_gradient(Y_BIN, Z_BIN)[1]
        assert_allclose(grad, loss.gradient(Y_BIN, Z_BIN))
    if serves(loss, "multiclass"):
        multiclass = get_loss(loss, n_classes=3)
        assert isinstance(multiclass.link, SoftmaxLink)
        assert_allclose(multiclass.predict_proba(LOGITS), softmax(LOGITS), rtol=1e-12)
        assert_allclose(multiclass(Y_MC, LOGITS), loss(Y_MC, LOGITS))
    assert loss.link is None  # binding returns a copy; the loss is unchanged


def test_the_held_link_decides_not_the_shape():
    raw = np.zeros((3, 1))
    assert LogLoss().predict_proba(raw).shape == (3, 2)  # unbound: by shape
    # Bound to three classes, the loss applies its softmax whatever it is given.
    assert_allclose(LogLoss().for_classes(3).predict_proba(raw), np.ones((3, 1)))


def test_binding_keeps_hyperparameters_and_clone_gives_the_configuration():
    bound = FocalLoss(gamma=0.5).for_classes(2)
    assert bound.gamma == 0.5 and repr(bound) == "FocalLoss(gamma=0.5)"
    assert clone(bound).link is None


def test_user_loss_gets_for_classes_from_base_loss():
    class Constant(BaseLoss):
        def loss(self, y_true, raw_prediction):
            return np.zeros(raw_prediction.shape[0])

        def gradient(self, y_true, raw_prediction):
            return np.zeros_like(raw_prediction)

    assert isinstance(get_loss(Constant(), n_classes=4).link, SoftmaxLink)


def test_get_loss_for_a_problem_the_loss_cannot_serve_names_what_works():
    class BinaryOnly(LogLoss):
        target_types = frozenset({"binary"})

    assert isinstance(get_loss(BinaryOnly(), n_classes=2).link, LogitLink)
    with pytest.raises(ValueError, match=r"multiclass problem \(3 classes\).*log_loss"):
        get_loss(BinaryOnly(), n_classes=3)
    with pytest.raises(ValueError, match="n_classes"):
        get_loss("log_loss", n_classes=1)


# ---------------------------------------------------------------------------
# Numerics at extreme logits
# ---------------------------------------------------------------------------

BIG_Z = np.array([1000.0, -1000.0, 1000.0, -1000.0])
BIG_Y = np.array([1, 1, 0, 0])
BIG_RAW = np.array([[1000.0, -1000.0, 0.0]] * 3)
BIG_RAW_Y = np.array([0, 1, 2])

EXACT_AT_1000 = {
    # binary loss, binary gradient, multiclass loss for y = 0, 1, 2
    "LogLoss()": ([0, 1000, 1000, 0], [0, -1, 1, 0], [0, 2000, 1000]),
    "SquaredError()": ([0, 1, 1, 0], [0, 0, 0, 0], [0, 2, 2]),
    "AbsoluteError()": ([0, 1, 1, 0], [0, 0, 0, 0], [0, 2, 2]),
    "KLDivergence(label_smoothing=0.0)": (
        [0, 1000, 1000, 0],
        [0, -1, 1, 0],
        [0, 2000, 1000],
    ),
    "FocalLoss(gamma=2.0)": ([0, 1000, 1000, 0], [0, -1, 1, 0], [0, 2000, 1000]),
    "FocalLoss(gamma=0.5)": ([0, 1000, 1000, 0], [0, -1, 1, 0], [0, 2000, 1000]),
    "FocalLoss(gamma=0.0)": ([0, 1000, 1000, 0], [0, -1, 1, 0], [0, 2000, 1000]),
}
# KL with smoothing 0.1: q = (0.9 + 0.1/3, 0.1/3, 0.1/3) against p = onehot(0)
# for the first multiclass row.
_Q_HI, _Q_LO = 0.9 + 0.1 / 3, 0.1 / 3
KL01_FIRST_ROW_AT_1000 = (
    _Q_HI * np.log(_Q_HI) + 2 * _Q_LO * np.log(_Q_LO) + _Q_LO * 2000 + _Q_LO * 1000
)


def _silently(function, *args):
    with (
        warnings.catch_warnings(),
        np.errstate(divide="raise", over="raise", invalid="raise"),
    ):
        warnings.simplefilter("error")
        return function(*args)


@over_registry
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_logits_of_1000_are_exact_finite_and_silent(loss, dtype):
    expected = EXACT_AT_1000.get(repr(loss))
    if serves(loss, "binary"):
        value, grad = _silently(loss.loss_gradient, BIG_Y, BIG_Z.astype(dtype))
        for arr in (value, grad):
            assert arr.dtype == dtype and np.all(np.isfinite(arr))
        if expected is not None:
            assert_allclose(value, expected[0], atol=1e-12)
            assert_allclose(grad, expected[1], atol=1e-12)
    if serves(loss, "multiclass"):
        raw = BIG_RAW.astype(dtype)
        mc_value, mc_grad = _silently(loss.loss_gradient, BIG_RAW_Y, raw)
        proba = _silently(loss.predict_proba, raw)
        for arr in (mc_value, mc_grad, proba):
            assert arr.dtype == dtype and np.all(np.isfinite(arr))
        assert_allclose(proba, [[1, 0, 0]] * 3)
        if expected is not None:
            rtol = 1e-6 if dtype == np.float32 else 0
            assert_allclose(mc_value, expected[2], rtol=rtol)
        elif repr(loss) == "KLDivergence(label_smoothing=0.1)":
            assert_allclose(mc_value[0], KL01_FIRST_ROW_AT_1000, rtol=1e-6)


@over_registry
def test_float32_in_float32_out(loss):
    for y, raw64 in declared_batches(loss):
        raw = raw64.astype(np.float32)
        value, grad = loss.loss_gradient(y, raw)
        assert value.dtype == grad.dtype == np.float32
        assert grad.shape == raw.shape and value.shape == (raw.shape[0],)
        assert loss.loss(y, raw).dtype == loss.gradient(y, raw).dtype == np.float32
        assert loss.predict_proba(raw).dtype == np.float32
        assert_allclose(
            value, loss.loss(y, raw.astype(np.float64)), rtol=2e-5, atol=1e-6
        )


@pytest.mark.parametrize(
    "loss", [FocalLoss(gamma=np.float64(2.0)), KLDivergence(np.float64(0.1))]
)
def test_numpy_scalar_hyperparameters_keep_float32(loss):
    assert loss.loss(Y_MC, LOGITS.astype(np.float32)).dtype == np.float32
    assert loss.gradient(Y_BIN, Z_BIN.astype(np.float32)).dtype == np.float32


@over_registry
def test_memory_layout_does_not_change_values(loss):
    for y, contiguous in declared_batches(loss):
        # a view, not contiguous
        strided = np.repeat(contiguous, 2, axis=-1)[..., ::2]
        assert not strided.flags.c_contiguous
        expected_value, expected_grad = loss.loss_gradient(y, contiguous)
        for raw in (np.asfortranarray(contiguous), strided):
            value, grad = loss.loss_gradient(y, raw)
            assert_allclose(value, expected_value, rtol=1e-14)
            assert_allclose(grad, expected_grad, rtol=1e-14, atol=1e-16)


@over_registry
def test_loss_gradient_returns_fresh_writable_arrays(loss):
    # The classifier scales the returned gradient in place.
    for y, raw in declared_batches(loss):
        before = raw.copy()
        _, grad = loss.loss_gradient(y, raw)
        first = grad.copy()
        grad *= 0.5
        assert_allclose(raw, before)
        # not a buffer reused by the next call
        assert_allclose(loss.loss_gradient(y, raw)[1], first)


# ---------------------------------------------------------------------------
# Properties (hypothesis)
# ---------------------------------------------------------------------------

logit_values = st.floats(-60, 60, allow_nan=False, allow_infinity=False)


@st.composite
def multiclass_batch(draw):
    n = draw(st.integers(1, 6))
    k = draw(st.integers(2, 4))
    z = np.array(draw(st.lists(logit_values, min_size=n * k, max_size=n * k))).reshape(
        n, k
    )
    y = np.array(draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    return y, z


@st.composite
def binary_batch(draw):
    n = draw(st.integers(1, 6))
    z = np.array(draw(st.lists(logit_values, min_size=n, max_size=n)))
    y = np.array(draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)))
    return y, z


def _perfect_raw(loss, y, n_classes, binary):
    """Raw output at which the predicted distribution equals the target's."""
    ls = getattr(loss, "label_smoothing", 0.0)
    k = 2 if binary else n_classes
    if ls == 0:
        return 40.0 * (2 * y - 1.0) if binary else 40.0 * np.eye(k)[y]
    q = (1 - ls) * np.eye(k)[y] + ls / k
    return np.log(q[:, 1] / q[:, 0]) if binary else np.log(q)


def _declared(loss, mc, binary):
    """The drawn batches of the target types ``loss`` declares, each with
    whether it is binary."""
    return [
        (batch, is_binary)
        for batch, is_binary, kind in (
            (mc, False, "multiclass"),
            (binary, True, "binary"),
        )
        if serves(loss, kind)
    ]


@over_registry
@settings(max_examples=25, deadline=None)
@given(mc=multiclass_batch(), binary=binary_batch())
def test_loss_is_not_below_its_lower_bound(loss, mc, binary):
    for (y, z), _ in _declared(loss, mc, binary):
        assert np.all(loss.loss(y, z) >= loss.lower_bound - 1e-12)


@over_registry
@settings(max_examples=25, deadline=None)
@given(mc=multiclass_batch(), binary=binary_batch())
def test_perfect_prediction_is_the_minimum(loss, mc, binary):
    for (y, z), is_binary in _declared(loss, mc, binary):
        n_classes = 2 if is_binary else z.shape[1]
        best = loss.loss(y, _perfect_raw(loss, y, n_classes, is_binary))
        assert np.all(best <= loss.lower_bound + 1e-12)
        assert np.all(loss.loss(y, z) >= best - 1e-12)


# ---------------------------------------------------------------------------
# Hyperparameters
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("factory", "match"),
    [
        (lambda: FocalLoss(gamma=-1.0), "gamma"),
        (lambda: FocalLoss(gamma=float("nan")), "gamma"),
        (lambda: FocalLoss(gamma="2"), "gamma"),
        (
            lambda: KLDivergence(label_smoothing=1.0),
            r"label_smoothing must be in \[0, 1\)",
        ),
        (lambda: KLDivergence(label_smoothing=-0.1), "label_smoothing"),
        (lambda: KLDivergence(label_smoothing=1.5), "label_smoothing"),
    ],
)
def test_invalid_hyperparameters_raise(factory, match):
    with pytest.raises(ValueError, match=match):
        factory()


def test_set_params_validates_and_keeps_old_value_on_error():
    loss = FocalLoss(gamma=1.0)
    with pytest.raises(ValueError, match="gamma"):
        loss.set_params(gamma=-2.0)
    assert loss.gamma == 1.0
    assert loss.set_params(gamma=3.0) is loss and loss.gamma == 3.0
    assert loss.get_params() == {"gamma": 3.0}
    with pytest.raises(ValueError, match="Invalid parameter"):
        loss.set_params(alpha=1.0)
    # A bad name anywhere in the call leaves every parameter unchanged.
    with pytest.raises(ValueError, match="Invalid parameter 'alpha'"):
        loss.set_params(gamma=5.0, alpha=1.0)
    assert loss.gamma == 3.0


@over_registry
def test_clone_round_trip(loss):
    copy = clone(loss)
    assert copy is not loss and copy == loss
    for y, raw in declared_batches(loss):
        assert_allclose(copy.loss(y, raw), loss.loss(y, raw))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_binary_log_loss_kernel_matches_logaddexp_and_expit(dtype):
    # Independent references: numpy's logaddexp and scipy's expit, in float64.
    z = np.concatenate([np.linspace(-800, 800, 401), [-1e3, -40, 0, 40, 1e3]])
    y = np.arange(z.size) % 2
    expected_loss = np.logaddexp(0, (1 - 2 * y) * z)
    expected_grad = np.where(y == 1, -expit(-z), expit(z))  # p - y, no cancelling
    with np.errstate(divide="raise", over="raise", invalid="raise"):
        loss, grad = LogLoss().loss_gradient(y, z.astype(dtype)[:, None])
    assert loss.dtype == grad.dtype == dtype and grad.shape == (z.size, 1)
    rtol = 1e-6 if dtype == np.float32 else 1e-15
    tiny = np.finfo(dtype).tiny  # below it float32 is subnormal
    assert_allclose(loss, expected_loss, rtol=rtol, atol=tiny)
    assert_allclose(grad[:, 0], expected_grad, rtol=rtol, atol=tiny)


# ---------------------------------------------------------------------------
# The battery reads what a loss declares
# ---------------------------------------------------------------------------


class _SquaredHinge(BaseLoss):
    """``max(0, 1 - s z)^2`` with ``s = 2y - 1``: a loss of one logit only."""

    name = "squared_hinge"
    target_types = frozenset({"binary"})

    def _margin_gap(self, y_true, raw_prediction):
        raw = np.asarray(raw_prediction)
        if raw.ndim == 2 and raw.shape[1] > 1:
            raise ValueError("the squared hinge serves a single logit only")
        raw = raw if raw.dtype.kind == "f" else raw.astype(np.float64)
        sign = (2 * np.asarray(y_true) - 1).astype(raw.dtype)
        return raw, sign, np.maximum(0, 1 - sign * raw.reshape(-1))

    def loss(self, y_true, raw_prediction):
        _, _, gap = self._margin_gap(y_true, raw_prediction)
        return gap**2

    def gradient(self, y_true, raw_prediction):
        raw, sign, gap = self._margin_gap(y_true, raw_prediction)
        return (-2 * sign * gap).reshape(raw.shape)


def _parameter_grid(test):
    """Each combination of the values ``test`` is parametrized over, but loss."""
    marks = [
        mark
        for mark in getattr(test, "pytestmark", [])
        if mark.name == "parametrize" and mark.args[0] != "loss"
    ]
    names = [mark.args[0] for mark in marks]
    values = itertools.product(*(mark.args[1] for mark in marks))
    return [dict(zip(names, combination, strict=True)) for combination in values]


def test_a_binary_only_loss_is_tested_on_binary_targets_only(monkeypatch):
    import test_check_loss
    import test_network

    monkeypatch.setitem(LOSSES, _SquaredHinge.name, _SquaredHinge)
    hinge = next(x for x in registry_losses() if isinstance(x, _SquaredHinge))
    with pytest.raises(ValueError, match="single logit"):
        hinge.loss(Y_MC, LOGITS)  # so a multiclass probe would fail below
    assert check_loss(hinge).passed
    # every test parametrized over the registry is in the battery run here
    for module in (sys.modules[__name__], test_check_loss):
        for name, test in vars(module).items():
            marks = getattr(test, "pytestmark", [])
            if name.startswith("test_") and any(
                mark.args[1] is ALL_LOSSES
                for mark in marks
                if mark.name == "parametrize"
            ):
                assert test in REGISTRY_TESTS, f"{name} is not in REGISTRY_TESTS"
    assert len(REGISTRY_TESTS) >= 13
    for test in REGISTRY_TESTS:
        for params in _parameter_grid(test):
            test(loss=hinge, **params)
    problems = test_network.loss_problems()
    assert (_SquaredHinge.name, 2) in problems
    assert (_SquaredHinge.name, 3) not in problems
    test_network.test_backprop_matches_finite_differences(
        "tanh", _SquaredHinge.name, None, 2
    )
