"""Fitting to soft targets: rows of class probabilities instead of labels.

The references are independent of the fitting code: a fit to labels (rows
next to one-hot must give it closely; one-hot rows themselves are multilabel
targets, as in ``MLPClassifier``: see ``test_multilabel.py``), scikit-learn's
``LogisticRegression`` on rows repeated once per class with the
probabilities as sample weights (the same cross-entropy), and the objective
written out with numpy and ``scipy.special.rel_entr`` from ``predict_proba``.
"""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy.special import rel_entr
from sklearn.datasets import load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from sklearn_losses import LogisticMLPClassifier
from sklearn_losses.losses import BaseLoss, KLDivergence, LogLoss, check_loss

SOFT_LOSSES = ["kl_divergence", "log_loss", "squared_error"]

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _iris():
    X, y = load_iris(return_X_y=True)
    return StandardScaler().fit_transform(X), y


X, Y_LABELS = _iris()
# a teacher on two features: uncertain, smooth probabilities
TEACHER = LogisticRegression(C=0.3).fit(X[:, :2], Y_LABELS).predict_proba(X[:, :2])
Y_BINARY = (Y_LABELS == 1).astype(int)
TEACHER_BINARY = (
    LogisticRegression(C=0.3).fit(X[:, :2], Y_BINARY).predict_proba(X[:, :2])
)


# no hidden layer, a penalty that makes the optimum unique (the softmax's
# logits are otherwise defined up to a constant) and a tight tolerance: fits
# of the same problem reach the same weights
CONVEX = dict(hidden_layer_sizes=(), alpha=1.0, tol=1e-10, max_iter=1000)


# scipy's L-BFGS-B runs of one problem differ by ~1e-7 from run to run (with
# labels too): lbfgs fits are compared at this tolerance, minibatch ones bit
# for bit
LBFGS_CLOSE = dict(rtol=1e-5, atol=1e-6)


def _params(model):
    return [*model.coefs_, *model.intercepts_]


def _assert_same_weights(a, b, **tolerance):
    """Bit for bit without a tolerance; else close, up to the softmax's shift.

    The softmax is unchanged by a constant added to every logit: the
    (unpenalised) output intercepts are compared centred.
    """
    for p, q in zip(_params(a), _params(b), strict=True):
        if not tolerance:
            assert_array_equal(p, q)
            continue
        if p is a.intercepts_[-1] and p.size > 1:
            p, q = p - p.mean(), q - q.mean()
        assert_allclose(p, q, **tolerance)


# rows of class probabilities next to one-hot: soft targets (one-hot rows,
# all 0 or 1, are multilabel), whose fit is within ~1e-12 of the labels' fit
NEAR = 1e-12


def _near_one_hot(y, n_classes):
    return (1 - NEAR) * np.eye(n_classes)[y] + NEAR / n_classes


def _penalty(model, alpha, total_weight):
    return alpha / total_weight * 0.5 * sum(float(np.sum(W**2)) for W in model.coefs_)


# ---------------------------------------------- nearly one-hot == labels
@pytest.mark.parametrize(
    "params",
    [
        dict(hidden_layer_sizes=(), solver="lbfgs"),
        dict(hidden_layer_sizes=(6,), solver="lbfgs", max_iter=40),
        dict(hidden_layer_sizes=(6,), solver="adam", max_iter=15, batch_size=32),
        dict(hidden_layer_sizes=(6,), solver="sgd", max_iter=15, batch_size=32),
    ],
    ids=["lbfgs-linear", "lbfgs-mlp", "adam", "sgd"],
)
@pytest.mark.parametrize("binary", [False, True], ids=["multiclass", "binary"])
def test_nearly_one_hot_rows_fit_what_labels_fit(params, binary):
    y = Y_BINARY if binary else Y_LABELS
    rows = _near_one_hot(y, y.max() + 1)
    by_labels = LogisticMLPClassifier(random_state=0, **params).fit(X, y)
    by_rows = LogisticMLPClassifier(random_state=0, **params).fit(X, rows)
    if params["solver"] == "lbfgs":
        _assert_same_weights(by_labels, by_rows, **LBFGS_CLOSE)
    else:
        _assert_same_weights(by_labels, by_rows, rtol=1e-6, atol=1e-7)
    assert_allclose(by_rows.loss_, by_labels.loss_, rtol=1e-6)
    assert_array_equal(by_rows.classes_, np.arange(rows.shape[1]))
    assert by_rows.n_outputs_ == (1 if binary else 3)


def test_nearly_one_hot_rows_with_balanced_class_weight_fit_what_labels_fit():
    y = np.r_[Y_LABELS[:120], Y_LABELS[120:][:10]]
    Xs = np.r_[X[:120], X[120:][:10]]
    by_labels = LogisticMLPClassifier(**CONVEX, class_weight="balanced").fit(Xs, y)
    by_rows = LogisticMLPClassifier(**CONVEX, class_weight="balanced").fit(
        Xs, _near_one_hot(y, 3)
    )
    _assert_same_weights(by_labels, by_rows, **LBFGS_CLOSE)


def test_partial_fit_with_nearly_one_hot_rows_matches_labels():
    rows = _near_one_hot(Y_LABELS, 3)
    by_labels = LogisticMLPClassifier((5,), random_state=0)
    by_rows = LogisticMLPClassifier((5,), random_state=0)
    for _ in range(3):
        by_labels.partial_fit(X, Y_LABELS, classes=[0, 1, 2])
        by_rows.partial_fit(X, rows)  # soft targets need no classes=
    _assert_same_weights(by_labels, by_rows, rtol=1e-6, atol=1e-7)


# ------------------------------------------- the objective, independently
@pytest.mark.parametrize("binary", [False, True], ids=["multiclass", "binary"])
@pytest.mark.parametrize("loss", SOFT_LOSSES)
def test_objective_is_the_mean_divergence_plus_penalty(loss, binary):
    Y = TEACHER_BINARY if binary else TEACHER
    alpha = 0.5
    student = LogisticMLPClassifier(
        (4,), loss=loss, solver="lbfgs", alpha=alpha, max_iter=60, random_state=0
    ).fit(X, Y)
    P = student.predict_proba(X)
    if loss == "kl_divergence":
        pointwise = rel_entr(Y, P).sum(axis=1)
    elif loss == "log_loss":  # cross-entropy = KL + entropy of the targets
        pointwise = -(Y * np.log(P)).sum(axis=1)
        assert_allclose(
            pointwise, rel_entr(Y, P).sum(axis=1) - rel_entr(Y, 1).sum(axis=1)
        )
    elif binary:  # squared error of the single logit: on class 1
        pointwise = (P[:, 1] - Y[:, 1]) ** 2
    else:
        pointwise = ((P - Y) ** 2).sum(axis=1)
    expected = pointwise.mean() + _penalty(student, alpha, len(X))
    assert_allclose(student.loss_, expected, rtol=1e-9)


def test_weighted_objective_uses_the_total_weight():
    sample_weight = np.random.default_rng(0).uniform(0.2, 3.0, size=len(X))
    alpha = 2.0
    student = LogisticMLPClassifier(
        (), loss="kl_divergence", alpha=alpha, random_state=0
    ).fit(X, TEACHER, sample_weight=sample_weight)
    kl = rel_entr(TEACHER, student.predict_proba(X)).sum(axis=1)
    expected = np.average(kl, weights=sample_weight) + _penalty(
        student, alpha, sample_weight.sum()
    )
    assert_allclose(student.loss_, expected, rtol=1e-9)


@pytest.mark.parametrize("binary", [False, True], ids=["multiclass", "binary"])
def test_cross_entropy_matches_logistic_regression_on_weighted_copies(binary):
    # -sum_k q_k log p_k is the log loss of K copies of each row, copy k
    # labelled k and weighted q_k: scikit-learn's LogisticRegression fits it
    Y = TEACHER_BINARY if binary else TEACHER
    n, n_classes = Y.shape
    C = 0.5
    reference = LogisticRegression(C=C, tol=1e-12, max_iter=10_000).fit(
        np.tile(X, (n_classes, 1)),
        np.repeat(np.arange(n_classes), n),
        sample_weight=Y.T.reshape(-1),
    )
    ours = LogisticMLPClassifier((), alpha=1 / C, tol=1e-10, max_iter=1000).fit(X, Y)
    coef, intercept = ours.coefs_[0].T, ours.intercepts_[0]
    if not binary:  # the softmax's logits are defined up to a constant
        coef = coef - coef.mean(axis=0)
        intercept = intercept - intercept.mean()
    assert_allclose(coef, reference.coef_, rtol=1e-4, atol=1e-5)
    assert_allclose(intercept, reference.intercept_, rtol=1e-4, atol=1e-5)


# ------------------------------------------------ label smoothing is one path
@pytest.mark.parametrize("binary", [False, True], ids=["multiclass", "binary"])
@pytest.mark.parametrize(
    "params",
    [CONVEX, dict(hidden_layer_sizes=(5,), solver="adam", max_iter=20)],
    ids=["lbfgs", "adam"],
)
def test_label_smoothing_equals_fitting_the_smoothed_rows(params, binary):
    y = Y_BINARY if binary else Y_LABELS
    n_classes, eps = y.max() + 1, 0.1
    smoothed = (1 - eps) * np.eye(n_classes)[y] + eps / n_classes
    common = dict(random_state=0, **params)
    by_smoothing = LogisticMLPClassifier(
        loss=KLDivergence(label_smoothing=eps), **common
    ).fit(X, y)
    by_rows = LogisticMLPClassifier(loss="kl_divergence", **common).fit(X, smoothed)
    _assert_same_weights(by_smoothing, by_rows, **LBFGS_CLOSE)
    assert_allclose(by_smoothing.loss_, by_rows.loss_, rtol=1e-9)


def test_label_smoothing_smooths_soft_targets_too():
    eps = 0.2
    raw = np.random.default_rng(1).normal(size=(len(X), 3))
    value = KLDivergence(label_smoothing=eps).loss(TEACHER, raw)
    q = (1 - eps) * TEACHER + eps / 3
    log_p = raw - np.log(np.exp(raw).sum(axis=1, keepdims=True))
    assert_allclose(value, rel_entr(q, np.exp(log_p)).sum(axis=1), rtol=1e-10)


# ---------------------------------------------------------- sample weights
def test_integer_sample_weight_equals_repeated_rows():
    weights = np.random.default_rng(0).integers(0, 4, size=len(X))
    common = dict(CONVEX, loss="kl_divergence")
    weighted = LogisticMLPClassifier(**common).fit(X, TEACHER, sample_weight=weights)
    repeated = LogisticMLPClassifier(**common).fit(
        np.repeat(X, weights, axis=0), np.repeat(TEACHER, weights, axis=0)
    )
    _assert_same_weights(weighted, repeated, **LBFGS_CLOSE)


# -------------------------------------------------------------- refusals
@pytest.mark.parametrize("loss", ["focal", "absolute_error"])
def test_a_loss_without_soft_targets_refuses_them_naming_those_that_can(loss):
    with pytest.raises(ValueError, match="does not take soft targets") as error:
        LogisticMLPClassifier((), loss=loss).fit(X, TEACHER)
    assert str(SOFT_LOSSES) in str(error.value)


class _LabelsOnly(BaseLoss):
    """A user's log loss that declares nothing about soft targets."""

    def loss(self, y_true, raw_prediction):
        return LogLoss().loss(y_true, raw_prediction)

    def gradient(self, y_true, raw_prediction):
        return LogLoss().gradient(y_true, raw_prediction)


class _SoftToo(_LabelsOnly):
    soft_targets = True


def test_a_users_loss_takes_soft_targets_only_when_it_declares_them():
    with pytest.raises(ValueError, match="does not take soft targets"):
        LogisticMLPClassifier((), loss=_LabelsOnly()).fit(X, TEACHER)
    declared = LogisticMLPClassifier(**CONVEX, loss=_SoftToo()).fit(X, TEACHER)
    builtin = LogisticMLPClassifier(**CONVEX, loss="log_loss").fit(X, TEACHER)
    _assert_same_weights(declared, builtin, **LBFGS_CLOSE)
    assert check_loss(_SoftToo())["soft_targets"].passed


def test_check_loss_catches_a_loss_that_declares_soft_targets_but_ignores_them():
    class Pretends(_LabelsOnly):
        soft_targets = True

        def loss(self, y_true, raw_prediction):
            labels = np.argmax(y_true, axis=1) if np.ndim(y_true) == 2 else y_true
            return super().loss(labels, raw_prediction)

        def gradient(self, y_true, raw_prediction):
            labels = np.argmax(y_true, axis=1) if np.ndim(y_true) == 2 else y_true
            return super().gradient(labels, raw_prediction)

    report = check_loss(Pretends(), raise_on_failure=False)
    assert report.failed == ["soft_targets"]
    assert "ignores the soft targets" in report["soft_targets"].message


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda Y: Y - 0.5 * np.eye(3)[Y_LABELS], "negative entries"),
        (lambda Y: np.where(np.arange(3) == 0, np.nan, Y), "NaN or infinity"),
        (lambda Y: np.where(np.arange(3) == 0, np.inf, Y), "NaN or infinity"),
        (lambda Y: 1.1 * Y, "do not sum to 1"),
        # counts, not indicators (0/1 would be multilabel targets)
        (lambda Y: 2 * (Y > 0.2).astype(int), "do not sum to 1"),
    ],
    ids=["negative", "nan", "inf", "sum", "multi-output"],
)
def test_targets_off_the_simplex_are_refused_naming_Y(change, message):
    with pytest.raises(ValueError, match=message) as error:
        LogisticMLPClassifier(()).fit(X, change(TEACHER.copy()))
    assert "Y of shape" in str(error.value)
    assert "other multi-output targets are not supported" in str(error.value)


def test_rows_summing_to_one_within_the_tolerance_are_rescaled():
    nudged = TEACHER * (1 + 1e-6)
    exact = LogisticMLPClassifier(**CONVEX).fit(X, TEACHER)
    rescaled = LogisticMLPClassifier(**CONVEX).fit(X, nudged)
    _assert_same_weights(exact, rescaled, **LBFGS_CLOSE)


def test_classes_name_the_columns_and_are_sorted():
    model = LogisticMLPClassifier(**CONVEX).fit(X, TEACHER, classes=["b", "c", "a"])
    assert_array_equal(model.classes_, ["a", "b", "c"])
    reordered = LogisticMLPClassifier(**CONVEX).fit(
        X, TEACHER[:, [2, 0, 1]], classes=["a", "b", "c"]
    )
    _assert_same_weights(model, reordered, **LBFGS_CLOSE)
    assert_allclose(
        model.predict_proba(X)[:, 0], reordered.predict_proba(X)[:, 0], rtol=1e-5
    )
    assert set(model.predict(X)) <= {"a", "b", "c"}


@pytest.mark.parametrize(
    "classes, message",
    [
        ([0, 1], "Y has 3 columns but there are 2 classes"),
        ([0, 1, 2, 3], "Y has 3 columns but there are 4 classes"),
        ([0, 1, 1], "classes must be distinct labels"),
    ],
)
def test_classes_must_match_the_columns_of_Y(classes, message):
    with pytest.raises(ValueError, match=message):
        LogisticMLPClassifier(()).fit(X, TEACHER, classes=classes)


def test_classes_at_fit_are_for_soft_targets_only():
    with pytest.raises(ValueError, match="only with soft or multilabel targets"):
        LogisticMLPClassifier(()).fit(X, Y_LABELS, classes=[0, 1, 2])


def test_partial_fit_refuses_another_number_of_columns():
    model = LogisticMLPClassifier((3,), random_state=0).partial_fit(X, TEACHER)
    with pytest.raises(ValueError, match="Y has 2 columns but there are 3 classes"):
        model.partial_fit(X, TEACHER_BINARY)
    model.partial_fit(X, Y_LABELS)  # labels of the same classes continue it
    assert model.n_iter_ == 2


def test_a_failed_soft_fit_leaves_the_previous_model():
    model = LogisticMLPClassifier((), loss="kl_divergence").fit(X, TEACHER)
    fitted = set(vars(model)) - set(model.get_params()) - {"_rng"}
    before = {k: np.copy(vars(model)[k]) for k in fitted}
    bad = TEACHER.copy()
    bad[3, 0] = -0.1
    for attempt in (
        lambda: model.fit(X, bad),
        lambda: model.fit(X, TEACHER[:100]),
        lambda: model.fit(X, TEACHER, classes=[0, 1]),
        lambda: model.set_params(loss="focal").fit(X, TEACHER),
    ):
        with pytest.raises(ValueError):
            attempt()
        for key, value in before.items():
            assert_array_equal(np.asarray(vars(model)[key], dtype=object), value)
    unfitted = LogisticMLPClassifier(())
    with pytest.raises(ValueError):
        unfitted.fit(X, bad)
    assert not hasattr(unfitted, "coefs_") and not hasattr(unfitted, "n_features_in_")


# -------------------------------------------------------- solvers and more
def _distilled(**params):
    return LogisticMLPClassifier(
        (8,), loss="kl_divergence", learning_rate_init=0.05, random_state=0, **params
    ).fit(X, TEACHER)


@pytest.mark.parametrize("solver", ["adam", "sgd", "lbfgs"])
def test_every_solver_fits_soft_targets(solver):
    model = _distilled(solver=solver, max_iter=100)
    kl = rel_entr(TEACHER, model.predict_proba(X)).sum(axis=1).mean()
    uniform = rel_entr(TEACHER, np.full_like(TEACHER, 1 / 3)).sum(axis=1).mean()
    assert kl < 0.25 * uniform


def test_early_stopping_holds_out_soft_rows():
    model = _distilled(early_stopping=True, max_iter=30)
    assert len(model.validation_loss_curve_) == model.n_iter_
    assert min(model.validation_loss_curve_) < model.validation_loss_curve_[0]
    assert 0 <= model.best_validation_score_ <= 1


def test_float32_data_keeps_float32_weights():
    model = LogisticMLPClassifier((4,), max_iter=5, random_state=0).fit(
        X.astype(np.float32), TEACHER
    )
    assert model.coefs_[0].dtype == np.float32


def test_a_column_of_labels_is_not_read_as_soft_targets():
    # scikit-learn's convention: a column vector is labels, with a warning
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        with pytest.warns(Warning, match="column-vector y"):
            model = LogisticMLPClassifier(()).fit(X, Y_LABELS[:, None])
    assert_array_equal(model.classes_, [0, 1, 2])
