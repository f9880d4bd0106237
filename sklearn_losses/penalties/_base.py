"""The base class of the penalties on the weights, and the interface it gives."""

import numpy as np

from sklearn_losses.base import ParamsMixin

# What an object needs to serve as a penalty: these methods, and the
# attribute is_smooth. Penalty supplies all but value and gradient.
REQUIRED_METHODS = ("value", "gradient", "prox", "split_form")
REQUIRED_ATTRIBUTES = ("is_smooth",)


def missing_penalty_members(penalty):
    """The names in the penalty interface that ``penalty`` lacks, in order."""
    missing = [m for m in REQUIRED_METHODS if not callable(getattr(penalty, m, None))]
    return missing + [a for a in REQUIRED_ATTRIBUTES if not hasattr(penalty, a)]


class Penalty(ParamsMixin):
    r"""Base class of the penalties on the weights.

    A penalty :math:`P(W)` acts on the weight matrices of a network, never on
    its intercepts; the estimator multiplies it by ``alpha / S`` (see
    :mod:`sklearn_losses.penalties`). It declares itself through methods,
    which the solvers ask:

    - :meth:`value` and :meth:`gradient` (of its smooth part): a new penalty
      implements these two;
    - :meth:`prox`, the proximal operator of its non-smooth part; this class
      gives the identity, the prox of a penalty without one;
    - :attr:`is_smooth`, whether there is no non-smooth part; here True
      exactly when :meth:`prox` is this class's identity, so a penalty that
      writes its own prox is treated as non-smooth unless it says otherwise;
    - :meth:`split_form`, the penalty as ``l1 * |W|_1 + l2 / 2 * |W|_2^2``
      when it is one, for the solvers that split each weight as
      ``w = u - v``; None here.

    Store each ``__init__`` argument under its own name and declare what it
    accepts in ``_parameter_constraints``
    (:class:`~sklearn_losses.base.ParamsMixin`), so that ``clone`` and grid
    searches over ``penalty__<param>`` work.
    :func:`~sklearn_losses.penalties.check_penalty` runs the battery every
    penalty must pass.

    Examples
    --------
    L1 with its strength doubled, written as a user would, and declaring its
    split form:

    >>> import numpy as np
    >>> from sklearn_losses.penalties import Penalty, check_penalty, get_penalty
    >>> class DoubleL1(Penalty):
    ...     def value(self, coef):
    ...         return 2.0 * float(np.abs(coef).sum())
    ...     def gradient(self, coef):
    ...         return np.zeros_like(coef)
    ...     def prox(self, coef, step, out=None):
    ...         threshold = np.multiply(2.0, step, dtype=np.asarray(coef).dtype)
    ...         return np.subtract(coef, np.clip(coef, -threshold, threshold), out=out)
    ...     def split_form(self):
    ...         return 2.0, 0.0
    >>> DoubleL1().prox(np.array([3.0, -0.5]), 1.0)
    array([1., 0.])
    >>> DoubleL1().is_smooth
    False
    >>> check_penalty(get_penalty(DoubleL1()))[-2:]
    ['split_form', 'clone']
    """

    def value(self, coef):
        """The penalty of the weights, without ``alpha``.

        Parameters
        ----------
        coef : ndarray
            Weights, any shape.

        Returns
        -------
        value : float
            ``>= 0``, and 0 at all-zero weights.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement value().")

    def gradient(self, coef):
        """Gradient of the smooth part of the penalty.

        Parameters
        ----------
        coef : ndarray
            Weights, any shape.

        Returns
        -------
        ndarray
            Same shape as ``coef``; the non-smooth part is left to :meth:`prox`.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement gradient().")

    def prox(self, coef, step, out=None):
        """Proximal operator of ``step`` times the non-smooth part.

        The minimiser over ``z`` of ``1/2 |z - coef|^2 + step * g(z)``, ``g``
        the penalty less its smooth part. Here ``g = 0``: the identity.

        Parameters
        ----------
        coef : ndarray
            Weights, any shape.
        step : float or ndarray
            Step size, a scalar or one per coordinate (broadcast against
            ``coef``).
        out : ndarray, default=None
            Where to write the result (may be ``coef`` itself). A new array
            when None.

        Returns
        -------
        coef_new : ndarray
            ``out`` when given.
        """
        coef = np.asarray(coef)
        if out is None:
            return coef.copy()
        if out is not coef:
            np.copyto(out, coef)
        return out

    @property
    def is_smooth(self):
        """bool : True when the penalty has no non-smooth part.

        By default, whether :meth:`prox` is the base class's identity.
        """
        return type(self).prox is Penalty.prox

    def split_form(self):
        """The penalty as ``l1 * |w|_1 + l2 / 2 * |w|_2^2``: ``(l1, l2)``.

        Solvers that split each weight as ``w = u - v`` (``u, v >= 0``) ask
        for this form: then ``value(w) == l1 * |w|_1 + l2 / 2 * |w|_2^2`` for
        every ``w``.

        Returns
        -------
        strengths : tuple of float or None
            ``(l1, l2)``, both ``>= 0``; None (the default) when the penalty
            has no such form.
        """
        return None
