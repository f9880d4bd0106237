"""Penalties: values, gradients and proximal operators against closed forms.

The registry-driven tests loop over PENALTIES and take what each penalty
declares (its split form, whether it is smooth), so a correct new penalty
passes them without a new line of test code."""

import numpy as np
import pytest

from sklearn_losses import LogisticMLPClassifier
from sklearn_losses.penalties import (
    L1,
    L2,
    PENALTIES,
    ElasticNet,
    Penalty,
    check_penalty,
    get_penalty,
)

RNG = np.random.default_rng(0)
W = RNG.standard_normal((4, 3))

# An instance of every registered penalty (an l1_ratio of 0.3 where it takes
# one), and the groups their declarations put them in.
REGISTERED = [get_penalty(name, l1_ratio=0.3) for name in PENALTIES]
WITH_SPLIT_FORM = [p for p in REGISTERED if p.split_form() is not None]
SMOOTH = [p for p in REGISTERED if p.is_smooth]
ALL_CHECKS = [
    "zero",
    "nonnegative",
    "gradient",
    "prox",
    "prox_in_place",
    "split_form",
    "clone",
]


@pytest.mark.parametrize("penalty", WITH_SPLIT_FORM, ids=repr)
def test_value_is_the_declared_split_form(penalty):
    l1, l2 = penalty.split_form()
    for w in (W, 1e3 * W, np.zeros(3)):
        expected = l1 * np.abs(w).sum() + l2 / 2 * (w**2).sum()
        assert penalty.value(w) == pytest.approx(expected, rel=1e-12)


def test_built_in_split_forms_are_the_elastic_net_strengths():
    assert L1().split_form() == (1.0, 0.0)
    assert L2().split_form() == (0.0, 1.0)
    assert ElasticNet(0.3).split_form() == pytest.approx((0.3, 0.7))


@pytest.mark.parametrize("penalty", WITH_SPLIT_FORM, ids=repr)
def test_gradient_of_smooth_part_matches_finite_differences(penalty):
    _, l2 = penalty.split_form()
    smooth = lambda w: l2 / 2 * (w**2).sum()  # noqa: E731
    h = 1e-6
    numeric = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        step = np.zeros_like(W)
        step[idx] = h
        numeric[idx] = (smooth(W + step) - smooth(W - step)) / (2 * h)
    np.testing.assert_allclose(penalty.gradient(W), numeric, atol=1e-8)


@pytest.mark.parametrize("penalty", WITH_SPLIT_FORM, ids=repr)
def test_prox_is_soft_thresholding(penalty):
    step = 0.4
    t = step * penalty.split_form()[0]
    expected = np.sign(W) * np.maximum(np.abs(W) - t, 0)
    np.testing.assert_allclose(penalty.prox(W, step), expected, atol=1e-15)
    # the prox minimises 1/2 |z - w|^2 + step * l1 * |z|_1: check optimality
    z = penalty.prox(W, step)
    objective = lambda u: 0.5 * ((u - W) ** 2).sum() + t * np.abs(u).sum()  # noqa: E731
    for _ in range(20):
        assert objective(z) <= objective(z + 1e-3 * RNG.standard_normal(W.shape))


def test_prox_gives_exact_zeros_and_accepts_per_coordinate_steps():
    w = np.array([0.5, -0.5, 0.05, -2.0])
    step = np.array([1.0, 0.1, 0.1, 1.0])
    out = L1().prox(w, step)
    np.testing.assert_array_equal(out, [0.0, -0.4, 0.0, -1.0])
    assert np.sum(out == 0) == 2
    # in place
    w32 = w.astype(np.float32)
    res = L1().prox(w32, 0.1, out=w32)
    assert res is w32 and w32.dtype == np.float32
    np.testing.assert_allclose(w32, [0.4, -0.4, 0.0, -1.9], rtol=1e-6)


@pytest.mark.parametrize("penalty", SMOOTH, ids=repr)
def test_a_smooth_penalty_has_the_identity_as_prox(penalty):
    np.testing.assert_array_equal(penalty.prox(W, 10.0), W)


def test_l2_prox_is_identity_and_smooth_flags():
    np.testing.assert_array_equal(L2().prox(W, 10.0), W)
    assert L2().is_smooth and not L1().is_smooth and not ElasticNet(0.5).is_smooth
    assert ElasticNet(0.0).is_smooth


def test_get_penalty_resolves_names_objects_and_none():
    assert isinstance(get_penalty("l2"), L2)
    assert get_penalty("elasticnet", l1_ratio=0.7) == ElasticNet(0.7)
    pen = ElasticNet(0.2)
    assert get_penalty(pen) is pen
    assert get_penalty(None) is None
    built_in = {"l1": L1, "l2": L2, "elasticnet": ElasticNet}
    assert built_in.items() <= PENALTIES.items()


@pytest.mark.parametrize("bad", ["lasso", "L3", 3])
def test_unknown_penalty_names_the_valid_ones(bad):
    with pytest.raises(ValueError, match="elasticnet"):
        get_penalty(bad)


@pytest.mark.parametrize("l1_ratio", [-0.1, 1.5, "a"])
def test_l1_ratio_outside_unit_interval_is_rejected(l1_ratio):
    with pytest.raises(ValueError, match=r"l1_ratio.*\[0.0, 1.0\]"):
        get_penalty("elasticnet", l1_ratio=l1_ratio)
    with pytest.raises(ValueError, match=r"l1_ratio.*\[0.0, 1.0\]"):
        ElasticNet(l1_ratio=l1_ratio)


def test_penalties_have_params_and_repr():
    assert ElasticNet(0.3).get_params() == {"l1_ratio": 0.3}
    assert repr(L1()) == "L1()"
    assert ElasticNet().set_params(l1_ratio=0.9).l1_ratio == 0.9


@pytest.mark.parametrize("name", sorted(PENALTIES))
def test_every_registered_penalty_passes_check_penalty(name):
    for penalty in (PENALTIES[name](), get_penalty(name, l1_ratio=0.3)):
        declared = penalty.split_form() is not None
        expected = [c for c in ALL_CHECKS if declared or c != "split_form"]
        assert check_penalty(penalty) == expected


class _WrongGradient(ElasticNet):
    def gradient(self, coef):
        return 2 * super().gradient(coef)


class _ProxTooStrong(L1):
    def prox(self, coef, step, out=None):
        return super().prox(coef, 2 * step, out=out)


class _WrongSplitForm(L1):
    def split_form(self):
        return 0.5, 0.0


@pytest.mark.parametrize(
    "penalty, failed",
    [
        (_WrongGradient(0.5), "gradient"),
        (_ProxTooStrong(), "prox"),
        (_WrongSplitForm(), "split_form"),
    ],
)
def test_check_penalty_names_the_failing_check(penalty, failed):
    with pytest.raises(AssertionError, match=rf"(?m)^{failed}: "):
        check_penalty(penalty)


# ---------------------------------------------------------------------------
# A penalty declares itself by methods; an object lacking one is refused
# ---------------------------------------------------------------------------


class DoubleL1(Penalty):
    """``2 |w|_1``: soft-thresholding at twice the step.

    Its ``l1_ratio`` attribute of 1.0 would say ``|w|_1`` to code that
    inferred an elastic net from it; only ``split_form`` says the truth.
    """

    l1_ratio = 1.0

    def value(self, coef):
        return 2.0 * float(np.abs(coef).sum())

    def gradient(self, coef):
        return np.zeros_like(coef)

    def prox(self, coef, step, out=None):
        threshold = np.multiply(2.0, step, dtype=np.asarray(coef).dtype)
        return np.subtract(coef, np.clip(coef, -threshold, threshold), out=out)

    def split_form(self):
        return 2.0, 0.0


class DoubleL1WithoutSplitForm(DoubleL1):
    split_form = Penalty.split_form  # the base's: None


def test_a_penalty_subclass_declaring_its_split_form_is_accepted_and_checked():
    penalty = DoubleL1()
    assert get_penalty(penalty) is penalty
    assert not penalty.is_smooth  # it writes its own prox
    assert check_penalty(penalty) == ALL_CHECKS
    # independent closed form: soft-thresholding by 2 * step
    w = np.array([3.0, -0.5, 1.5])
    np.testing.assert_allclose(penalty.prox(w, 0.5), [2.0, 0.0, 0.5])


def test_a_penalty_without_a_split_form_passes_check_penalty():
    penalty = DoubleL1WithoutSplitForm()
    assert penalty.split_form() is None
    assert get_penalty(penalty) is penalty
    assert check_penalty(penalty) == [c for c in ALL_CHECKS if c != "split_form"]


def test_the_base_gives_a_smooth_penalty_identity_prox_and_no_split_form():
    class HalfSquared(Penalty):
        def value(self, coef):
            return 0.25 * float(np.sum(np.square(coef)))

        def gradient(self, coef):
            return 0.5 * np.asarray(coef)

    penalty = HalfSquared()
    assert penalty.is_smooth and penalty.split_form() is None
    out = np.empty_like(W)
    assert penalty.prox(W, 3.0, out=out) is out
    np.testing.assert_array_equal(out, W)
    assert check_penalty(penalty)[-1] == "clone"
    with pytest.raises(NotImplementedError, match="value"):
        Penalty().value(W)


class _NotSmoothDeclared:
    """Value, gradient, prox and split form, but no is_smooth."""

    def value(self, coef):
        return float(np.abs(coef).sum())

    def gradient(self, coef):
        return np.zeros_like(coef)

    def prox(self, coef, step, out=None):
        return np.subtract(coef, np.clip(coef, -step, step), out=out)

    def split_form(self):
        return 1.0, 0.0


def test_get_penalty_refuses_an_object_without_is_smooth_by_name():
    with pytest.raises(TypeError, match=r"is not a penalty: it lacks is_smooth\."):
        get_penalty(_NotSmoothDeclared())
    with pytest.raises(AssertionError, match="interface: lacks is_smooth"):
        check_penalty(_NotSmoothDeclared())


def test_fit_refuses_a_penalty_without_is_smooth_by_name():
    X, y = RNG.standard_normal((20, 3)), np.arange(20) % 2
    clf = LogisticMLPClassifier((), penalty=_NotSmoothDeclared(), max_iter=5)
    with pytest.raises(TypeError, match=r"it lacks is_smooth\."):
        clf.fit(X, y)


def test_get_penalty_names_every_missing_member():
    class OnlyValue:
        def value(self, coef):
            return 0.0

    with pytest.raises(TypeError, match="lacks gradient, prox, split_form, is_smooth"):
        get_penalty(OnlyValue())
    with pytest.raises(TypeError, match=r"L1\(\) instead of L1"):
        get_penalty(L1)
