"""Penalties on the weights of a network: L2, L1 and elastic net.

Every penalty is the elastic-net family

.. math::

    P(W) = \\rho \\, \\|W\\|_1 + \\frac{1 - \\rho}{2} \\, \\|W\\|_2^2

with ``rho = l1_ratio`` (``L2``: 0, ``L1``: 1). The estimator multiplies it by
``alpha`` and sums it over the weight matrices, never the intercepts. A
penalty gives its ``value``, the ``gradient`` of its smooth (squared) part and
the proximal operator of its non-smooth (absolute) part, which sets small
weights exactly to zero.
"""

import numpy as np

from sklearn_losses._params import ParamsMixin

__all__ = ["L1", "L2", "PENALTIES", "ElasticNet", "get_penalty"]


class _ElasticNetFamily(ParamsMixin):
    """Shared formulas; subclasses fix or store ``l1_ratio``."""

    name = None
    l1_ratio = 0.0

    @property
    def is_smooth(self):
        """bool : True when the penalty has no absolute-value part."""
        return float(self.l1_ratio) == 0.0

    def value(self, coef):
        """Penalty of one weight array, without ``alpha``.

        Parameters
        ----------
        coef : ndarray
            Weights, any shape.

        Returns
        -------
        value : float
            ``l1_ratio * |coef|_1 + (1 - l1_ratio) / 2 * |coef|_2^2``.
        """
        flat = np.ravel(coef)
        rho = float(self.l1_ratio)
        value = 0.0
        if rho != 0.0:
            value += rho * float(np.abs(flat).sum())
        if rho != 1.0:
            value += 0.5 * (1.0 - rho) * float(np.dot(flat, flat))
        return value

    def gradient(self, coef):
        """Gradient of the smooth part, ``(1 - l1_ratio) * coef``.

        Parameters
        ----------
        coef : ndarray
            Weights, any shape.

        Returns
        -------
        gradient : ndarray
            Same shape and dtype as ``coef``.
        """
        coef = np.asarray(coef)
        return (1.0 - float(self.l1_ratio)) * coef

    def prox(self, coef, step, out=None):
        """Proximal operator of ``step * l1_ratio * |coef|_1`` (soft-thresholding).

        Parameters
        ----------
        coef : ndarray
            Weights, any shape.
        step : float or ndarray
            Step size, a scalar or one per coordinate (broadcast against
            ``coef``), e.g. Adam's per-coordinate effective learning rate times
            ``alpha``.
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

    name = "l2"
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

    name = "l1"
    l1_ratio = 1.0

    @property
    def is_smooth(self):
        """bool : always False."""
        return False


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

    name = "elasticnet"

    def __init__(self, l1_ratio=0.5):
        self.l1_ratio = l1_ratio


PENALTIES = {"l2": L2, "l1": L1, "elasticnet": ElasticNet}


def get_penalty(penalty, l1_ratio=0.5):
    """Resolve a penalty name or object.

    Parameters
    ----------
    penalty : {"l2", "l1", "elasticnet"}, penalty object or None
        A registered name, or an object with ``value``, ``gradient``,
        ``prox`` and ``is_smooth`` (returned unchanged). None gives None
        (no penalty).
    l1_ratio : float, default=0.5
        Used for ``"elasticnet"`` only; must be in [0, 1].

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
    if penalty is None:
        return None
    if isinstance(penalty, str):
        if penalty not in PENALTIES:
            raise ValueError(
                f"Unknown penalty {penalty!r}. Valid penalties are: "
                f"{sorted(PENALTIES)}, None or a penalty object."
            )
        if penalty == "elasticnet":
            _check_l1_ratio(l1_ratio)
            return ElasticNet(l1_ratio=float(l1_ratio))
        return PENALTIES[penalty]()
    if all(hasattr(penalty, a) for a in ("value", "gradient", "prox", "is_smooth")):
        if hasattr(penalty, "l1_ratio"):
            _check_l1_ratio(penalty.l1_ratio)
        return penalty
    raise ValueError(
        f"penalty must be one of {sorted(PENALTIES)}, None or a penalty object "
        f"with value, gradient, prox and is_smooth; got {penalty!r}."
    )


def _check_l1_ratio(l1_ratio):
    try:
        ok = 0.0 <= float(l1_ratio) <= 1.0
    except (TypeError, ValueError):
        ok = False
    if not ok or isinstance(l1_ratio, bool):
        raise ValueError(f"l1_ratio must be a number in [0, 1]; got {l1_ratio!r}.")
