"""Penalties on the weights of a network: L2, L1 and elastic net.

Every penalty is the elastic-net family

.. math::

    P(W) = \\rho \\, \\|W\\|_1 + \\frac{1 - \\rho}{2} \\, \\|W\\|_2^2

with ``rho = l1_ratio`` (``L2``: 0, ``L1``: 1). The estimator multiplies it by
``alpha / S`` (``S`` the total sample weight of the training data, as in
``MLPClassifier``) and sums it over the weight matrices, never the
intercepts. A
penalty gives its ``value``, the ``gradient`` of its smooth part and the
proximal operator of its non-smooth part (``prox``), which sets small weights
exactly to zero; ``is_smooth`` says whether there is a non-smooth part.

A new penalty is one class here plus one line in :data:`PENALTIES`;
:func:`check_penalty` runs the battery the test suite runs on every
registered penalty.
"""

from numbers import Real

import numpy as np
from sklearn.base import clone
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils._param_validation import validate_params as _validate_params

from sklearn_losses._params import ParamsMixin

__all__ = ["L1", "L2", "PENALTIES", "ElasticNet", "check_penalty", "get_penalty"]

_UNIT_INTERVAL = Interval(Real, 0, 1, closed="both")


class _ElasticNetFamily(ParamsMixin):
    """Shared formulas; subclasses fix or store ``l1_ratio``."""

    l1_ratio = 0.0

    @property
    def is_smooth(self):
        """bool : True when the penalty has no absolute-value part."""
        return float(self.l1_ratio) == 0.0

    def split_form(self):
        """The penalty as ``l1 * |w|_1 + l2 / 2 * |w|_2^2``: ``(l1, l2)``.

        Solvers that split each weight as ``w = u - v`` (``u, v >= 0``) ask
        for this form; a penalty without one returns None.

        Returns
        -------
        strengths : tuple of float
            ``(l1_ratio, 1 - l1_ratio)``.
        """
        rho = float(self.l1_ratio)
        return rho, 1.0 - rho

    def value(self, coef):
        """``l1_ratio * |coef|_1 + (1 - l1_ratio) / 2 * |coef|_2^2``, without alpha.

        Parameters
        ----------
        coef : ndarray
            Weights, any shape.

        Returns
        -------
        value : float
        """
        flat = np.ravel(coef)
        rho = float(self.l1_ratio)
        total = 0.0
        if rho != 0.0:
            total += rho * float(np.abs(flat).sum())
        if rho != 1.0:
            total += 0.5 * (1.0 - rho) * float(np.dot(flat, flat))
        return total

    def gradient(self, coef):
        """Gradient of the smooth part: ``(1 - l1_ratio) * coef``.

        The absolute-value part has no gradient at 0: :meth:`prox` handles it.

        Parameters
        ----------
        coef : ndarray of any shape

        Returns
        -------
        ndarray
            ``coef`` scaled, same shape and dtype.
        """
        return (1.0 - float(self.l1_ratio)) * np.asarray(coef)

    def prox(self, coef, step, out=None):
        """Proximal operator of ``step * l1_ratio * |coef|_1`` (soft-thresholding).

        Parameters
        ----------
        coef : ndarray
            Weights, any shape.
        step : float or ndarray
            Step size, a scalar or one per coordinate (broadcast against
            ``coef``), e.g. Adam's per-coordinate effective learning rate times
            the penalty's factor ``alpha / S``.
        out : ndarray, default=None
            Where to write the result (may be ``coef`` itself). A new array
            when None.

        Returns
        -------
        coef_new : ndarray
            ``sign(coef) * max(|coef| - step * l1_ratio, 0)``; ``coef``
            unchanged (copied into ``out``) for a smooth penalty.
        """
        coef = np.asarray(coef)
        if out is None:
            out = np.empty_like(coef)
        rho = float(self.l1_ratio)
        if rho == 0.0:
            if out is not coef:
                np.copyto(out, coef)
            return out
        threshold = np.multiply(step, rho, dtype=coef.dtype)
        # sign * max(|w| - t, 0) written as w - clip(w, -t, t): two passes, no sign.
        clipped = np.clip(coef, -threshold, threshold)
        np.subtract(coef, clipped, out=out)
        return out


class L2(_ElasticNetFamily):
    """Ridge penalty ``P(W) = 1/2 * |W|_2^2``.

    Smooth: it only contributes a gradient, ``W``. Weights shrink but never
    become exactly zero.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.penalties import L2
    >>> L2().value(np.array([3.0, -4.0]))
    12.5
    >>> L2().gradient(np.array([3.0, -4.0]))
    array([ 3., -4.])
    """

    l1_ratio = 0.0


class L1(_ElasticNetFamily):
    """Lasso penalty ``P(W) = |W|_1``.

    Non-smooth: the solver applies its proximal operator (soft-thresholding)
    after each gradient step, so small weights become exactly zero.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.penalties import L1
    >>> L1().value(np.array([3.0, -4.0]))
    7.0
    >>> L1().prox(np.array([3.0, -0.5, 0.2]), 1.0)
    array([2., 0., 0.])
    """

    l1_ratio = 1.0


class ElasticNet(_ElasticNetFamily):
    """Elastic net ``P(W) = l1_ratio * |W|_1 + (1 - l1_ratio) / 2 * |W|_2^2``.

    Parameters
    ----------
    l1_ratio : float, default=0.5
        Mix between L1 (1.0) and L2 (0.0), in [0, 1].

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.penalties import ElasticNet
    >>> pen = ElasticNet(l1_ratio=0.5)
    >>> pen.value(np.array([2.0, 0.0]))
    2.0
    >>> pen.prox(np.array([2.0, -0.2]), 1.0)
    array([1.5, 0. ])
    """

    _parameter_constraints = {"l1_ratio": [_UNIT_INTERVAL]}

    def __init__(self, l1_ratio=0.5):
        self.l1_ratio = l1_ratio
        self._validate_params()


PENALTIES = {"l2": L2, "l1": L1, "elasticnet": ElasticNet}

# what an object must have to serve as a penalty (``is_smooth`` too); a
# constraint on PENALTIES.keys() (a live view) accepts entries added later
PENALTY_METHODS = HasMethods(["value", "gradient", "prox"])


@_validate_params(
    {
        "penalty": [StrOptions(PENALTIES.keys()), PENALTY_METHODS, None],
        "l1_ratio": [_UNIT_INTERVAL],
    },
    prefer_skip_nested_validation=True,
)
def get_penalty(penalty, l1_ratio=0.5):
    """Resolve a penalty name or object.

    Parameters
    ----------
    penalty : {"l2", "l1", "elasticnet"}, penalty object or None
        A registered name, or an object with ``value``, ``gradient``,
        ``prox`` and ``is_smooth`` (returned unchanged). None gives None
        (no penalty).
    l1_ratio : float, default=0.5
        Passed to penalties that take it (``"elasticnet"``); in [0, 1].

    Returns
    -------
    penalty : penalty object or None

    Examples
    --------
    >>> from sklearn_losses.penalties import get_penalty
    >>> get_penalty("elasticnet", l1_ratio=0.3)
    ElasticNet(l1_ratio=0.3)
    >>> get_penalty("l1").is_smooth
    False
    """
    if not isinstance(penalty, str):
        return penalty
    cls = PENALTIES[penalty]
    if "l1_ratio" in cls._get_param_names():
        return cls(l1_ratio=float(l1_ratio))
    return cls()


# ---------------------------------------------------------------- the battery
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
    if hasattr(penalty, "l1_ratio"):
        threshold = t * float(penalty.l1_ratio)
        soft = np.sign(w) * np.maximum(np.abs(w) - threshold, 0)
        np.testing.assert_allclose(z, soft, atol=1e-15, err_msg="not soft-thresholding")


def _check_prox_in_place(penalty, rng):
    w = _probe_weights(rng, np.float32)
    step = np.full(w.shape, 0.1, dtype=np.float32)
    expected = penalty.prox(w, step)
    result = penalty.prox(w, step, out=w)
    assert result is w and w.dtype == np.float32, "prox(out=w) did not fill w"
    np.testing.assert_allclose(w, expected, rtol=1e-6)


def _check_clone(penalty, rng):
    w = _probe_weights(rng)
    assert clone(penalty).value(w) == penalty.value(w), "clone changed the value"


_CHECKS = {
    "zero": _check_zero,
    "nonnegative": _check_nonnegative,
    "gradient": _check_gradient,
    "prox": _check_prox,
    "prox_in_place": _check_prox_in_place,
    "clone": _check_clone,
}


def check_penalty(penalty, *, random_state=0):
    """Run the battery of checks every penalty must pass.

    Use it on your own penalty. The checks:

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
        smooth penalty, and soft-thresholding by ``t * l1_ratio`` for a
        penalty with an ``l1_ratio``.
    ``prox_in_place``
        ``prox(w, step, out=w)`` fills ``w`` (float32 kept) with a step per
        coordinate.
    ``clone``
        ``sklearn.base.clone`` gives a penalty with the same value.

    Parameters
    ----------
    penalty : penalty object
        An object with ``value``, ``gradient``, ``prox`` and ``is_smooth``.
    random_state : int, default=0
        Seed of the random probes.

    Returns
    -------
    passed : list of str
        The names of the checks, all passed.

    Raises
    ------
    AssertionError
        Naming each failed check and why.

    Examples
    --------
    >>> from sklearn_losses.penalties import ElasticNet, check_penalty
    >>> check_penalty(ElasticNet(l1_ratio=0.3))
    ['zero', 'nonnegative', 'gradient', 'prox', 'prox_in_place', 'clone']
    """
    failures = []
    for name, check in _CHECKS.items():
        try:
            check(penalty, np.random.default_rng(random_state))
        except AssertionError as exc:
            failures.append(f"{name}: {str(exc).strip()}")
    if failures:
        raise AssertionError(
            f"check_penalty({penalty!r}) failed:\n" + "\n".join(failures)
        )
    return list(_CHECKS)
