"""First-order optimizers: configuration separate from state (optax style).

An optimizer object only holds hyperparameters. ``state = opt.init(params)``
allocates its state, a small dataclass; ``opt.step(params, grads, state)``
updates one flat parameter array in place, advances the state and returns the
per-coordinate effective step size, which a minibatch solver hands to a
penalty's proximal operator.
"""

from dataclasses import dataclass, field, fields, replace
from numbers import Real

import numpy as np
from sklearn.utils._param_validation import Interval

from sklearn_losses.base import ParamsMixin

__all__ = ["SGD", "Adam", "AdamState", "SGDState"]

_STEP_SIZE = Interval(Real, 0, None, closed="neither")
_DECAY = Interval(Real, 0, 1, closed="left")


class _State:
    """What the optimizer states share: conversion to another dtype."""

    def astype(self, dtype):
        """A copy whose arrays have ``dtype`` (to resume on other data).

        Parameters
        ----------
        dtype : dtype

        Returns
        -------
        state : same type as this state
        """
        arrays = {
            f.name: getattr(self, f.name).astype(dtype)
            for f in fields(self)
            if isinstance(getattr(self, f.name), np.ndarray)
        }
        return replace(self, **arrays)

    def is_finite(self):
        """Whether every array of the state is finite (no overflow so far).

        Returns
        -------
        finite : bool
        """
        return all(
            np.all(np.isfinite(getattr(self, f.name)))
            for f in fields(self)
            if f.compare and isinstance(getattr(self, f.name), np.ndarray)
        )


@dataclass
class SGDState(_State):
    """State of :class:`SGD`.

    Attributes
    ----------
    velocity : ndarray
        Momentum buffer, shaped like the parameters.
    t : int
        Number of steps taken.
    scratch : ndarray
        Work buffer of the Nesterov update (not part of the state's value).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.optimizers import SGD
    >>> SGD().init(np.zeros(2)).velocity
    array([0., 0.])
    """

    velocity: np.ndarray
    t: int = 0
    scratch: np.ndarray = field(default=None, repr=False, compare=False)


@dataclass
class AdamState(_State):
    """State of :class:`Adam`.

    Attributes
    ----------
    m, v : ndarray
        First and second moment sums, stored without their ``(1 - beta_1)``
        and ``(1 - beta_2)`` factors (which saves three array passes a step).
    t : int
        Number of steps taken.
    scratch : ndarray
        Work buffer; :meth:`Adam.step` returns it (not part of the state's
        value).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.optimizers import Adam
    >>> Adam().init(np.zeros(2)).t
    0
    """

    m: np.ndarray
    v: np.ndarray
    t: int = 0
    scratch: np.ndarray = field(default=None, repr=False, compare=False)


class _Optimizer(ParamsMixin):
    """Configuration only; ``init`` makes the state, ``step`` applies it."""

    state_type = None

    def init(self, params):
        """A zero state shaped like ``params``.

        Parameters
        ----------
        params : ndarray
            Flat parameters.

        Returns
        -------
        state : dataclass
            ``self.state_type`` with zero buffers and ``t = 0``.
        """
        buffers = {
            f.name: np.zeros_like(params)
            for f in fields(self.state_type)
            if f.type is np.ndarray
        }
        buffers["scratch"] = np.empty_like(params)
        return self.state_type(**buffers)

    def step(self, params, grads, state, *, return_step=True):
        """Update ``params`` in place; overwrites ``grads``; advances ``state``.

        Parameters
        ----------
        params : ndarray
            Flat parameters, modified in place.
        grads : ndarray
            Flat gradient, used as scratch space.
        state : dataclass
            From ``init(params)``, modified in place.
        return_step : bool, default=True
            Return the step size; False saves the array pass that computes
            it when no proximal step needs it.

        Returns
        -------
        step_size : float or ndarray or None
            The effective step of each coordinate, which a minibatch solver
            multiplies by the penalty's factor ``alpha / S`` for the
            penalty's proximal step; None when ``return_step`` is False and
            the step size would be an array.
        """
        raise NotImplementedError


class SGD(_Optimizer):
    """Stochastic gradient descent with (Nesterov) momentum.

    With velocity ``v``, learning rate ``lr`` and momentum ``mu``::

        v <- mu * v - lr * g
        update = mu * v - lr * g   (Nesterov)   or   v   (classical)

    the same rule as scikit-learn's ``MLPClassifier(solver="sgd")``.

    Parameters
    ----------
    learning_rate : float, default=1e-3
        Step size, > 0.
    momentum : float, default=0.9
        Momentum in [0, 1].
    nesterov : bool, default=True
        Use Nesterov's momentum.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.optimizers import SGD
    >>> opt = SGD(learning_rate=0.1, momentum=0.0)
    >>> params = np.array([1.0, -2.0])
    >>> state = opt.init(params)
    >>> opt.step(params, np.array([1.0, 1.0]), state)
    0.1
    >>> params
    array([ 0.9, -2.1])
    """

    _parameter_constraints = {
        "learning_rate": [_STEP_SIZE],
        "momentum": [Interval(Real, 0, 1, closed="both")],
        "nesterov": ["boolean"],
    }
    state_type = SGDState

    def __init__(self, learning_rate=1e-3, momentum=0.9, nesterov=True):
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.nesterov = nesterov
        self._validate_params()

    def step(self, params, grads, state, *, return_step=True):
        """One update in place; returns the learning rate (see the base class)."""
        v = state.velocity
        lr, mu = self.learning_rate, self.momentum
        state.t += 1
        v *= mu
        grads *= lr
        v -= grads
        if self.nesterov:
            np.multiply(v, mu, out=state.scratch)
            params += state.scratch
            params -= grads
        else:
            params += v
        return lr


class Adam(_Optimizer):
    """Adam (Kingma and Ba, 2015), as in scikit-learn's ``MLPClassifier``.

    With ``t`` the step count::

        m <- beta_1 * m + (1 - beta_1) * g
        v <- beta_2 * v + (1 - beta_2) * g**2
        lr_t = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)
        update = -lr_t * m / (sqrt(v) + epsilon)

    The update is ``-d * m_hat`` with the bias-corrected moment
    ``m_hat = m / (1 - beta_1**t)`` and the per-coordinate step
    ``d = lr * sqrt(1 - beta_2**t) / (sqrt(v) + epsilon)``
    (``lr / sqrt(v_hat)``, up to epsilon). :meth:`step` returns ``d``, so that a
    proximal step with it is a diagonally preconditioned proximal gradient
    step.

    Parameters
    ----------
    learning_rate : float, default=1e-3
        Step size, > 0.
    beta_1 : float, default=0.9
        Decay of the first moment, in [0, 1).
    beta_2 : float, default=0.999
        Decay of the second moment, in [0, 1).
    epsilon : float, default=1e-8
        Denominator offset, > 0.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.optimizers import Adam
    >>> opt = Adam(learning_rate=0.1)
    >>> params = np.zeros(2)
    >>> state = opt.init(params)
    >>> _ = opt.step(params, np.array([2.0, -3.0]), state)
    >>> np.round(params, 6)
    array([-0.1,  0.1])
    """

    _parameter_constraints = {
        "learning_rate": [_STEP_SIZE],
        "beta_1": [_DECAY],
        "beta_2": [_DECAY],
        "epsilon": [_STEP_SIZE],
    }
    state_type = AdamState

    def __init__(self, learning_rate=1e-3, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
        self.learning_rate = learning_rate
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self._validate_params()

    def step(self, params, grads, state, *, return_step=True):
        """One update in place; returns ``d`` (see the base class).

        ``d`` is Adam's per-coordinate step on ``m_hat``, held in the state's
        scratch buffer: valid until the next call. Ten in-place passes over
        the parameters (nine with ``return_step=False``), no allocation.
        """
        m, v, tmp = state.m, state.v, state.scratch
        b1, b2 = self.beta_1, self.beta_2
        state.t += 1
        t = state.t
        lr_t = self.learning_rate * np.sqrt(1.0 - b2**t) / (1.0 - b1**t)
        # the stored moments are m / (1 - b1) and v / (1 - b2)
        root = np.sqrt(1.0 - b2)
        factor, eps = lr_t * (1.0 - b1) / root, self.epsilon / root
        m *= b1
        m += grads
        v *= b2
        np.multiply(grads, grads, out=tmp)
        v += tmp
        np.sqrt(v, out=tmp)
        tmp += eps
        np.divide(factor, tmp, out=tmp)
        np.multiply(m, tmp, out=grads)
        params -= grads
        if not return_step:
            return None
        # tmp multiplies the stored m; the step on m_hat = (1 - b1) m / (1 - b1**t)
        # is tmp (1 - b1**t) / (1 - b1)
        tmp *= (1.0 - b1**t) / (1.0 - b1)
        return tmp
