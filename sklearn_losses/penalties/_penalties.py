"""The built-in penalties (L2, L1, elastic net), their registry and get_penalty."""

from numbers import Real

import numpy as np
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    InvalidParameterError,
    validate_params,
)

from sklearn_losses.penalties._base import Penalty, missing_penalty_members

_UNIT_INTERVAL = Interval(Real, 0, 1, closed="both")


class _ElasticNetFamily(Penalty):
    """Shared formulas; subclasses fix or store ``l1_ratio``.

    Private to this package: code elsewhere asks a penalty for its
    :meth:`split_form`, never for its class or its ``l1_ratio``.
    """

    l1_ratio = 0.0

    @property
    def is_smooth(self):
        """bool : True when the penalty has no absolute-value part."""
        return float(self.l1_ratio) == 0.0

    def split_form(self):
        """The penalty as ``l1 * |w|_1 + l2 / 2 * |w|_2^2``: ``(l1, l2)``.

        Solvers that split each weight as ``w = u - v`` (``u, v >= 0``) ask
        for this form.

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
        rho = float(self.l1_ratio)
        if rho == 0.0:
            return super().prox(coef, step, out=out)
        coef = np.asarray(coef)
        if out is None:
            out = np.empty_like(coef)
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
    >>> L2().split_form()
    (0.0, 1.0)
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
    >>> L1().split_form()
    (1.0, 0.0)
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
    >>> pen.split_form()
    (0.5, 0.5)
    """

    _parameter_constraints = {"l1_ratio": [_UNIT_INTERVAL]}

    def __init__(self, l1_ratio=0.5):
        self.l1_ratio = l1_ratio
        self._validate_params()


# One line per penalty: a new penalty is a Penalty subclass plus its line here.
PENALTIES = {"l2": L2, "l1": L1, "elasticnet": ElasticNet}
"""Registry: penalty name -> penalty class."""

# The parameter constraint of the estimators: what marks an object as meant
# for a penalty. get_penalty then names whatever else of the interface it
# lacks (is_smooth, split_form). A constraint on PENALTIES.keys() (a live
# view) accepts names registered later.
PENALTY_METHODS = HasMethods(["value", "gradient", "prox"])


@validate_params(
    {"penalty": "no_validation", "l1_ratio": [_UNIT_INTERVAL]},
    prefer_skip_nested_validation=True,
)
def get_penalty(penalty, l1_ratio=0.5):
    """Resolve a penalty name or object, refusing an object that is not one.

    Parameters
    ----------
    penalty : {"l2", "l1", "elasticnet"}, penalty object or None
        A name in :data:`PENALTIES` (a new instance), or an object with the
        methods ``value``, ``gradient``, ``prox``, ``split_form`` and the
        attribute ``is_smooth`` (returned unchanged): subclassing
        :class:`Penalty` supplies all but ``value`` and ``gradient``. None
        gives None (no penalty).
    l1_ratio : float, default=0.5
        Passed to penalties that take it (``"elasticnet"``); in [0, 1].

    Returns
    -------
    penalty : penalty object or None

    Raises
    ------
    sklearn.utils._param_validation.InvalidParameterError
        (a ``ValueError`` and a ``TypeError``) for an unknown name (the
        message lists the valid ones), a class instead of an instance, or an
        object that lacks part of the interface (the message names what it
        lacks).

    Examples
    --------
    >>> from sklearn_losses.penalties import get_penalty
    >>> get_penalty("elasticnet", l1_ratio=0.3)
    ElasticNet(l1_ratio=0.3)
    >>> get_penalty("l1").is_smooth
    False
    >>> class NoProx:
    ...     def value(self, coef):
    ...         return 0.0
    >>> get_penalty(NoProx())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    sklearn...InvalidParameterError: <...NoProx object at ...> is not a penalty: \
it lacks gradient, prox, split_form, is_smooth. ...
    """
    if penalty is None:
        return None
    if isinstance(penalty, str):
        penalty = _from_registry(penalty, l1_ratio)
    elif isinstance(penalty, type):
        raise InvalidParameterError(
            f"Pass a penalty instance, not the class {penalty.__name__}: "
            f"e.g. {penalty.__name__}() instead of {penalty.__name__}."
        )
    missing = missing_penalty_members(penalty)
    if missing:
        raise InvalidParameterError(
            f"{_short_repr(penalty)} is not a penalty: it lacks "
            f"{', '.join(missing)}. Pass one of {sorted(PENALTIES)}, None, or an "
            "instance of a subclass of sklearn_losses.penalties.Penalty "
            "(implement value and gradient; prox and is_smooth for a non-smooth "
            "part, split_form for an elastic-net form)."
        )
    return penalty


def _from_registry(name, l1_ratio):
    if name not in PENALTIES:
        valid = ", ".join(repr(n) for n in sorted(PENALTIES))
        raise InvalidParameterError(
            f"Unknown penalty {name!r}. Valid names are: {valid} (or a penalty "
            "object, or None)."
        )
    cls = PENALTIES[name]
    if "l1_ratio" in getattr(cls, "_get_param_names", list)():
        return cls(l1_ratio=float(l1_ratio))
    return cls()


def _short_repr(obj):
    try:
        text = repr(obj)
    except Exception:  # a broken __repr__ must not hide the message
        text = type(obj).__name__
    return text if len(text) <= 80 else text[:77] + "..."
