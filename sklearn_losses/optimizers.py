"""First-order optimizers: configuration separate from state (optax style).

An optimizer object only holds hyperparameters. ``state = opt.init(params)``
allocates its state, a small dataclass; ``opt.step(params, grads, state)``
updates one flat parameter array in place, advances the state and returns the
per-coordinate effective step size, which a minibatch solver hands to a
penalty's proximal operator. A learning-rate schedule lives in the state
too: a minibatch solver calls ``opt.end_epoch(state, n_seen)`` after each
epoch and ``opt.on_plateau(state)`` when its stopping rule fires, which
either lowers the rate (and training goes on) or says to stop.
"""

from dataclasses import dataclass, field, fields, replace
from numbers import Real

import numpy as np
from sklearn.utils._param_validation import Interval, StrOptions

from sklearn_losses.base import ParamsMixin

__all__ = ["SGD", "Adam", "AdamState", "SGDState"]

_STEP_SIZE = Interval(Real, 0, None, closed="neither")
_DECAY = Interval(Real, 0, 1, closed="left")
# MLPClassifier's schedules and its floor of the "adaptive" rate
_SCHEDULES = ("constant", "invscaling", "adaptive")
_ADAPTIVE_FACTOR = 5.0
_MIN_ADAPTIVE_RATE = 1e-6


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
    learning_rate : float or None
        The current learning rate of the ``"invscaling"`` and ``"adaptive"``
        schedules (the ``"constant"`` one uses the optimizer's own);
        :meth:`SGD.init` sets it.
    scratch : ndarray
        Work buffer of the Nesterov update (not part of the state's value).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.optimizers import SGD
    >>> state = SGD(learning_rate=0.1).init(np.zeros(2))
    >>> state.velocity, state.learning_rate
    (array([0., 0.]), 0.1)
    """

    velocity: np.ndarray
    t: int = 0
    learning_rate: float | None = None
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

    def end_epoch(self, state, n_seen):
        """Advance the learning-rate schedule after an epoch; no-op here.

        Parameters
        ----------
        state : dataclass
            Modified in place.
        n_seen : int
            Training samples seen so far, this epoch's included.
        """

    def on_plateau(self, state):
        """The stopping rule fired: lower the rate, or say to stop.

        Parameters
        ----------
        state : dataclass
            Modified in place when the rate is lowered.

        Returns
        -------
        go_on : bool
            False here: stop training.
        """
        return False


class SGD(_Optimizer):
    """Stochastic gradient descent with (Nesterov) momentum.

    With velocity ``v``, learning rate ``lr`` and momentum ``mu``::

        v <- mu * v - lr * g
        update = mu * v - lr * g   (Nesterov)   or   v   (classical)

    the same rule as scikit-learn's ``MLPClassifier(solver="sgd")``, with its
    learning-rate schedules (``MLPClassifier``'s ``learning_rate``):

    - ``"constant"``: ``lr = learning_rate`` throughout.
    - ``"invscaling"``: after each epoch, ``lr = learning_rate / (n + 1) **
      power_t`` with ``n`` the training samples seen so far
      (:meth:`end_epoch`); the first epoch runs at ``learning_rate``.
    - ``"adaptive"``: ``lr`` starts at ``learning_rate`` and is divided by 5
      each time the solver's stopping rule fires (:meth:`on_plateau`), which
      then stops training only once ``lr <= 1e-6``.

    Parameters
    ----------
    learning_rate : float, default=1e-3
        Step size, > 0 (the initial one under a schedule).
    momentum : float, default=0.9
        Momentum in [0, 1].
    nesterov : bool, default=True
        Use Nesterov's momentum.
    schedule : {"constant", "invscaling", "adaptive"}, default="constant"
        The learning-rate schedule, as above.
    power_t : float, default=0.5
        Exponent of ``"invscaling"``, >= 0.

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

    ``"invscaling"`` after an epoch of 99 samples:

    >>> opt = SGD(learning_rate=0.1, schedule="invscaling", power_t=0.5)
    >>> state = opt.init(params)
    >>> opt.end_epoch(state, n_seen=99)
    >>> state.learning_rate
    0.01
    """

    _parameter_constraints = {
        "learning_rate": [_STEP_SIZE],
        "momentum": [Interval(Real, 0, 1, closed="both")],
        "nesterov": ["boolean"],
        "schedule": [StrOptions(set(_SCHEDULES))],
        "power_t": [Interval(Real, 0, None, closed="left")],
    }
    state_type = SGDState

    def __init__(
        self,
        learning_rate=1e-3,
        momentum=0.9,
        nesterov=True,
        schedule="constant",
        power_t=0.5,
    ):
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.nesterov = nesterov
        self.schedule = schedule
        self.power_t = power_t
        self._validate_params()

    def init(self, params):
        """A zero state shaped like ``params``, at the initial learning rate.

        Parameters
        ----------
        params : ndarray
            Flat parameters.

        Returns
        -------
        state : SGDState
        """
        state = super().init(params)
        state.learning_rate = float(self.learning_rate)
        return state

    def current_rate(self, state):
        """The learning rate of the next step.

        Parameters
        ----------
        state : SGDState

        Returns
        -------
        learning_rate : float
            ``learning_rate`` for ``"constant"`` (so a change by
            ``set_params`` applies at once), else the state's scheduled
            rate.
        """
        if self.schedule == "constant" or state.learning_rate is None:
            return float(self.learning_rate)
        return state.learning_rate

    def end_epoch(self, state, n_seen):
        """``"invscaling"``: ``learning_rate / (n_seen + 1) ** power_t``.

        The other schedules keep the state's rate (``"constant"`` sets it
        to ``learning_rate``, in case the schedule changes later).

        Parameters
        ----------
        state : SGDState
            Modified in place.
        n_seen : int
            Training samples seen so far, this epoch's included.
        """
        if self.schedule == "invscaling":
            state.learning_rate = float(self.learning_rate) / (n_seen + 1) ** float(
                self.power_t
            )
        elif self.schedule == "constant":
            state.learning_rate = float(self.learning_rate)

    def on_plateau(self, state):
        """``"adaptive"``: divide the rate by 5 and go on, unless it is <= 1e-6.

        Parameters
        ----------
        state : SGDState
            Modified in place when the rate is lowered.

        Returns
        -------
        go_on : bool
            True when the rate was lowered; False (stop) for the other
            schedules, or once the rate is at most ``1e-6``.
        """
        rate = self.current_rate(state)
        if self.schedule != "adaptive" or rate <= _MIN_ADAPTIVE_RATE:
            return False
        state.learning_rate = rate / _ADAPTIVE_FACTOR
        return True

    def step(self, params, grads, state, *, return_step=True):
        """One update in place; returns the learning rate (see the base class)."""
        v = state.velocity
        lr, mu = self.current_rate(state), self.momentum
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
