"""check_penalty: the battery of checks every penalty must pass."""

import numpy as np
from sklearn.base import clone

from sklearn_losses.penalties._base import missing_penalty_members


def _probe_weights(rng, dtype=np.float64):
    # away from 0 so that every non-smooth part is differentiable at the probe
    w = rng.uniform(0.2, 2.0, (4, 3)) * rng.choice([-1.0, 1.0], (4, 3))
    return w.astype(dtype)


def _smooth_part(penalty, coef):
    """Integral of the gradient from 0 to ``coef`` (5-point Gauss-Legendre)."""
    nodes, weights = np.polynomial.legendre.leggauss(5)
    total = 0.0
    for node, weight in zip((nodes + 1) / 2, weights / 2, strict=True):
        total += weight * float(np.sum(penalty.gradient(node * coef) * coef))
    return total


def _check_zero(penalty, rng):
    zero = np.zeros((4, 3))
    assert penalty.value(zero) == 0, f"value(0) = {penalty.value(zero)}, not 0"
    assert np.all(penalty.gradient(zero) == 0), "gradient(0) is not 0"
    assert np.all(penalty.prox(zero, 0.7) == 0), "prox(0, step) is not 0"


def _check_nonnegative(penalty, rng):
    for scale in (1e-3, 1.0, 1e3):
        value = penalty.value(scale * rng.standard_normal((4, 3)))
        assert value >= 0, f"value {value} < 0 at weights of scale {scale}"


def _check_gradient(penalty, rng):
    # the derivative of value = gradient (smooth part) + (w - prox(w, t)) / t
    # for a small t (the non-smooth part's, where it is differentiable)
    w, h, t = _probe_weights(rng), 1e-6, 1e-7
    numeric = np.zeros_like(w)
    for idx in np.ndindex(w.shape):
        e = np.zeros_like(w)
        e[idx] = h
        numeric[idx] = (penalty.value(w + e) - penalty.value(w - e)) / (2 * h)
    analytic = penalty.gradient(w) + (w - penalty.prox(w, t)) / t
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-6)


def _check_prox(penalty, rng):
    # prox(w, t) minimises 1/2 |z - w|^2 + t * g(z), g = value - smooth part
    w, t = 2 * rng.standard_normal((4, 3)), 0.3

    def objective(z):
        return 0.5 * np.sum((z - w) ** 2) + t * (
            penalty.value(z) - _smooth_part(penalty, z)
        )

    z = penalty.prox(w, t)
    best = objective(z)
    for _ in range(20):
        other = objective(z + 1e-3 * rng.standard_normal(w.shape))
        assert best <= other + 1e-12, "prox(w, t) is not the proximal point"
    if penalty.is_smooth:
        np.testing.assert_allclose(z, w, err_msg="a smooth penalty's prox moved w")


def _check_prox_in_place(penalty, rng):
    w = _probe_weights(rng, np.float32)
    step = np.full(w.shape, 0.1, dtype=np.float32)
    expected = penalty.prox(w, step)
    result = penalty.prox(w, step, out=w)
    assert result is w and w.dtype == np.float32, "prox(out=w) did not fill w"
    np.testing.assert_allclose(w, expected, rtol=1e-6)


def _check_split_form(penalty, rng):
    # what a splitting solver relies on: value, gradient, prox and is_smooth
    # are those of l1 * |w|_1 + l2 / 2 * |w|_2^2
    form = penalty.split_form()
    assert isinstance(form, tuple) and len(form) == 2, (
        f"split_form() returned {form!r}, not a pair (l1, l2) or None"
    )
    l1, l2 = (float(s) for s in form)
    assert l1 >= 0 and l2 >= 0, f"split_form() = {form!r}: strengths must be >= 0"
    for scale in (1e-3, 1.0, 1e3):
        w = scale * rng.standard_normal((4, 3))
        expected = l1 * np.abs(w).sum() + l2 / 2 * np.sum(w**2)
        np.testing.assert_allclose(
            penalty.value(w), expected, rtol=1e-10, atol=1e-300,
            err_msg=f"value is not {l1:g} * |w|_1 + {l2:g} / 2 * |w|_2^2",
        )  # fmt: skip
    np.testing.assert_allclose(
        penalty.gradient(w), l2 * w, rtol=1e-10, err_msg=f"gradient is not {l2:g} * w"
    )
    t = 0.3
    soft = np.sign(w) * np.maximum(np.abs(w) - t * l1, 0)
    np.testing.assert_allclose(
        penalty.prox(w, t), soft, rtol=1e-12, atol=1e-12,
        err_msg=f"prox(w, t) is not soft-thresholding by t * {l1:g}",
    )  # fmt: skip
    assert penalty.is_smooth == (l1 == 0), (
        f"is_smooth is {penalty.is_smooth} with an L1 strength of {l1:g}"
    )


def _check_clone(penalty, rng):
    w = _probe_weights(rng)
    assert clone(penalty).value(w) == penalty.value(w), "clone changed the value"


_CHECKS = {
    "zero": _check_zero,
    "nonnegative": _check_nonnegative,
    "gradient": _check_gradient,
    "prox": _check_prox,
    "prox_in_place": _check_prox_in_place,
    "split_form": _check_split_form,
    "clone": _check_clone,
}


def check_penalty(penalty, *, random_state=0):
    """Run the battery of checks every penalty must pass.

    Use it on your own penalty. It first requires the interface (the
    methods ``value``, ``gradient``, ``prox``, ``split_form`` and the
    attribute ``is_smooth``, as :func:`get_penalty` does), then checks:

    ``zero``
        ``value``, ``gradient`` and ``prox`` are 0 at all-zero weights.
    ``nonnegative``
        ``value`` is >= 0 on random weights of several scales.
    ``gradient``
        The central finite differences of ``value`` equal ``gradient`` plus
        ``(w - prox(w, t)) / t`` for a tiny ``t`` (the non-smooth part's
        gradient, 0 for a smooth penalty), at weights away from 0.
    ``prox``
        ``prox(w, t)`` minimises ``1/2 |z - w|^2 + t * g(z)``, where ``g`` is
        ``value`` less the integral of ``gradient``; it is the identity for a
        smooth penalty.
    ``prox_in_place``
        ``prox(w, step, out=w)`` fills ``w`` (float32 kept) with a step per
        coordinate.
    ``split_form``
        Only for a penalty whose ``split_form()`` is not None: with
        ``(l1, l2)`` that form, ``value`` is ``l1 |w|_1 + l2 / 2 |w|_2^2``,
        ``gradient`` is ``l2 w``, ``prox`` soft-thresholds by ``t * l1``,
        and ``is_smooth`` is ``l1 == 0``.
    ``clone``
        ``sklearn.base.clone`` gives a penalty with the same value.

    Parameters
    ----------
    penalty : penalty object
        A :class:`Penalty` or an object with its interface.
    random_state : int, default=0
        Seed of the random probes.

    Returns
    -------
    passed : list of str
        The names of the checks run, all passed.

    Raises
    ------
    AssertionError
        Naming what the interface lacks, or each failed check and why.

    Examples
    --------
    >>> from sklearn_losses.penalties import ElasticNet, check_penalty
    >>> check_penalty(ElasticNet(l1_ratio=0.3))
    ['zero', 'nonnegative', 'gradient', 'prox', 'prox_in_place', 'split_form', 'clone']
    """
    missing = missing_penalty_members(penalty)
    if missing:
        raise AssertionError(
            f"check_penalty({penalty!r:.80}) failed:\ninterface: lacks "
            f"{', '.join(missing)} (subclass sklearn_losses.penalties.Penalty "
            "for the defaults)"
        )
    checks = dict(_CHECKS)
    if penalty.split_form() is None:
        del checks["split_form"]
    failures = []
    for name, check in checks.items():
        try:
            check(penalty, np.random.default_rng(random_state))
        except AssertionError as exc:
            failures.append(f"{name}: {str(exc).strip()}")
    if failures:
        raise AssertionError(
            f"check_penalty({penalty!r}) failed:\n" + "\n".join(failures)
        )
    return list(checks)
