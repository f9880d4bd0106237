"""Penalties: values, gradients and proximal operators against closed forms."""

import numpy as np
import pytest

from sklearn_losses.penalties import (
    L1,
    L2,
    PENALTIES,
    ElasticNet,
    check_penalty,
    get_penalty,
)

RNG = np.random.default_rng(0)
W = RNG.standard_normal((4, 3))


@pytest.mark.parametrize(
    "penalty, rho", [(L2(), 0.0), (L1(), 1.0), (ElasticNet(0.3), 0.3)]
)
def test_value_is_the_elastic_net_formula(penalty, rho):
    expected = rho * np.abs(W).sum() + (1 - rho) / 2 * (W**2).sum()
    assert penalty.value(W) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("penalty", [L2(), ElasticNet(0.3), L1()])
def test_gradient_of_smooth_part_matches_finite_differences(penalty):
    rho = penalty.l1_ratio
    smooth = lambda w: (1 - rho) / 2 * (w**2).sum()  # noqa: E731
    h = 1e-6
    numeric = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        step = np.zeros_like(W)
        step[idx] = h
        numeric[idx] = (smooth(W + step) - smooth(W - step)) / (2 * h)
    np.testing.assert_allclose(penalty.gradient(W), numeric, atol=1e-8)


@pytest.mark.parametrize("penalty", [L1(), ElasticNet(0.5)])
def test_prox_is_soft_thresholding(penalty):
    step = 0.4
    t = step * penalty.l1_ratio
    expected = np.sign(W) * np.maximum(np.abs(W) - t, 0)
    np.testing.assert_allclose(penalty.prox(W, step), expected, atol=1e-15)
    # the prox minimises 1/2 |z - w|^2 + step * l1_ratio * |z|_1: check optimality
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
    assert set(PENALTIES) == {"l1", "l2", "elasticnet"}


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
    cls = PENALTIES[name]
    assert check_penalty(cls()) == [
        "zero",
        "nonnegative",
        "gradient",
        "prox",
        "prox_in_place",
        "clone",
    ]
    assert check_penalty(get_penalty(name, l1_ratio=0.3))


class _WrongGradient(ElasticNet):
    def gradient(self, coef):
        return 2 * super().gradient(coef)


class _ProxTooStrong(L1):
    def prox(self, coef, step, out=None):
        return super().prox(coef, 2 * step, out=out)


@pytest.mark.parametrize(
    "penalty, failed", [(_WrongGradient(0.5), "gradient"), (_ProxTooStrong(), "prox")]
)
def test_check_penalty_names_the_failing_check(penalty, failed):
    with pytest.raises(AssertionError, match=rf"(?m)^{failed}: "):
        check_penalty(penalty)
