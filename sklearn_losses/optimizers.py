"""First-order optimizers: configuration separate from state (optax style).

An optimizer object only holds hyperparameters. ``state = opt.init(params)``
allocates its state; ``updates, state = opt.update(grads, state)`` returns the
step to *add* to the parameters. ``params`` may be one array or a list of
arrays. For the training loop, ``opt.step(params, grads, state)`` does the same
fused and in place on one flat array and returns the per-coordinate effective
step size, which the loop hands to a penalty's proximal operator.

``SOLVERS`` lists the solver names the classifier accepts; ``"lbfgs"`` is a
full-batch quasi-Newton method run through :func:`scipy.optimize.minimize`
by the classifier itself.
"""

import numpy as np

from sklearn_losses._params import ParamsMixin

__all__ = ["SGD", "SOLVERS", "Adam"]

SOLVERS = ("adam", "sgd", "lbfgs")


def _as_list(arrays):
    if isinstance(arrays, np.ndarray):
        return [arrays], True
    return list(arrays), False


class SGD(ParamsMixin):
    """Stochastic gradient descent with (Nesterov) momentum.

    With velocity ``v``, learning rate ``lr`` and momentum ``mu``::

        v <- mu * v - lr * g
        update = mu * v - lr * g   (Nesterov)   or   v   (classical)

    the same rule as scikit-learn's ``MLPClassifier(solver="sgd")``.

    Parameters
    ----------
    learning_rate : float, default=1e-3
        Step size.
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
    >>> updates, state = opt.update(np.array([1.0, 1.0]), state)
    >>> updates
    array([-0.1, -0.1])
    """

    def __init__(self, learning_rate=1e-3, momentum=0.9, nesterov=True):
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.nesterov = nesterov

    def init(self, params):
        """Zero velocities shaped like ``params``.

        Parameters
        ----------
        params : ndarray or list of ndarray

        Returns
        -------
        state : dict
            ``{"velocity": ..., "t": 0}``.
        """
        arrays, single = _as_list(params)
        velocity = [np.zeros_like(p) for p in arrays]
        return {"velocity": velocity[0] if single else velocity, "t": 0}

    def update(self, grads, state):
        """Updates to add to the parameters.

        Parameters
        ----------
        grads : ndarray or list of ndarray
            Gradients, shaped like the parameters given to ``init``.
        state : dict
            From ``init`` or a previous ``update``.

        Returns
        -------
        updates : ndarray or list of ndarray
        state : dict
            New state (the input state is not modified).
        """
        grads_list, single = _as_list(grads)
        velocity, _ = _as_list(state["velocity"])
        lr, mu = self.learning_rate, self.momentum
        new_velocity = [
            mu * v - lr * g for v, g in zip(velocity, grads_list, strict=True)
        ]
        if self.nesterov:
            updates = [
                mu * v - lr * g for v, g in zip(new_velocity, grads_list, strict=True)
            ]
        else:
            updates = [v.copy() for v in new_velocity]
        new_state = {
            "velocity": new_velocity[0] if single else new_velocity,
            "t": state["t"] + 1,
        }
        return (updates[0] if single else updates), new_state

    def step(self, params, grads, state):
        """Update one flat ``params`` array in place; overwrites ``grads``.

        Parameters
        ----------
        params : ndarray
            Flat parameters, modified in place.
        grads : ndarray
            Flat gradient, used as scratch space.
        state : dict
            From ``init(params)``, modified in place.

        Returns
        -------
        step_size : float
            The learning rate (the step to give a proximal operator).
        """
        v = state["velocity"]
        lr, mu = self.learning_rate, self.momentum
        state["t"] += 1
        v *= mu
        grads *= lr
        v -= grads
        if self.nesterov:
            tmp = _scratch(state, v)
            np.multiply(v, mu, out=tmp)
            params += tmp
            params -= grads
        else:
            params += v
        return lr


def _scratch(state, like):
    """Scratch buffer kept in the state, allocated once."""
    tmp = state.get("_tmp")
    if tmp is None or tmp.shape != like.shape or tmp.dtype != like.dtype:
        tmp = state["_tmp"] = np.empty_like(like)
    return tmp


class Adam(ParamsMixin):
    """Adam (Kingma and Ba, 2015), as in scikit-learn's ``MLPClassifier``.

    With ``t`` the update count::

        m <- beta_1 * m + (1 - beta_1) * g
        v <- beta_2 * v + (1 - beta_2) * g**2
        lr_t = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)
        update = -lr_t * m / (sqrt(v) + epsilon)

    The update is ``-d * m_hat`` with the bias-corrected moment
    ``m_hat = m / (1 - beta_1**t)`` and the per-coordinate step
    ``d = lr * sqrt(1 - beta_2**t) / (sqrt(v) + epsilon)``
    (``lr / sqrt(v_hat)``, up to epsilon). :meth:`step` returns ``d``, so that a
    proximal step with it is a diagonally-preconditioned proximal gradient
    step.

    The state stores ``m / (1 - beta_1)`` and ``v / (1 - beta_2)`` (the moment
    sums without their constant factors), which saves three array passes per
    step; the updates are the same.

    Parameters
    ----------
    learning_rate : float, default=1e-3
    beta_1 : float, default=0.9
    beta_2 : float, default=0.999
    epsilon : float, default=1e-8

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.optimizers import Adam
    >>> opt = Adam(learning_rate=0.1)
    >>> state = opt.init(np.zeros(2))
    >>> updates, state = opt.update(np.array([2.0, -3.0]), state)
    >>> np.round(updates, 6)
    array([-0.1,  0.1])
    """

    def __init__(self, learning_rate=1e-3, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
        self.learning_rate = learning_rate
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def init(self, params):
        """Zero first and second moments shaped like ``params``.

        Parameters
        ----------
        params : ndarray or list of ndarray

        Returns
        -------
        state : dict
            ``{"m": ..., "v": ..., "t": 0}``, moments stored without their
            ``(1 - beta)`` factors.
        """
        arrays, single = _as_list(params)
        m = [np.zeros_like(p) for p in arrays]
        v = [np.zeros_like(p) for p in arrays]
        return {"m": m[0] if single else m, "v": v[0] if single else v, "t": 0}

    def _constants(self, t):
        """(step factor on the stored m, epsilon on the stored sqrt(v))."""
        b1, b2 = self.beta_1, self.beta_2
        lr_t = self.learning_rate * np.sqrt(1.0 - b2**t) / (1.0 - b1**t)
        root = np.sqrt(1.0 - b2)
        # m = (1 - b1) m_stored and sqrt(v) = root * sqrt(v_stored)
        return lr_t * (1.0 - b1) / root, self.epsilon / root

    def update(self, grads, state):
        """Updates to add to the parameters.

        Parameters
        ----------
        grads : ndarray or list of ndarray
        state : dict
            From ``init`` or a previous ``update``; not modified.

        Returns
        -------
        updates : ndarray or list of ndarray
        state : dict
        """
        grads_list, single = _as_list(grads)
        ms, _ = _as_list(state["m"])
        vs, _ = _as_list(state["v"])
        b1, b2 = self.beta_1, self.beta_2
        t = state["t"] + 1
        new_m = [b1 * m + g for m, g in zip(ms, grads_list, strict=True)]
        new_v = [b2 * v + g * g for v, g in zip(vs, grads_list, strict=True)]
        factor, eps = self._constants(t)
        updates = [
            -factor * m / (np.sqrt(v) + eps) for m, v in zip(new_m, new_v, strict=True)
        ]
        new_state = {
            "m": new_m[0] if single else new_m,
            "v": new_v[0] if single else new_v,
            "t": t,
        }
        return (updates[0] if single else updates), new_state

    def step(self, params, grads, state):
        """Update one flat ``params`` array in place; overwrites ``grads``.

        Parameters
        ----------
        params : ndarray
            Flat parameters, modified in place.
        grads : ndarray
            Flat gradient, used as scratch space.
        state : dict
            From ``init(params)``, modified in place.

        Returns
        -------
        step_size : ndarray
            Per-coordinate step ``d = lr * sqrt(1 - beta_2**t) / (sqrt(v) +
            epsilon)`` applied to ``m_hat`` (a scratch buffer, valid until the
            next call).
        """
        m, v = state["m"], state["v"]
        tmp = _scratch(state, m)
        state["t"] += 1
        factor, eps = self._constants(state["t"])
        m *= self.beta_1
        m += grads
        v *= self.beta_2
        np.multiply(grads, grads, out=tmp)
        v += tmp
        np.sqrt(v, out=tmp)
        tmp += eps
        np.divide(factor, tmp, out=tmp)
        np.multiply(m, tmp, out=grads)
        params -= grads
        # tmp = lr_t (1 - b1) / D multiplies the stored m; the step on
        # m_hat = (1 - b1) m_stored / (1 - b1**t) is tmp (1 - b1**t) / (1 - b1)
        tmp *= (1.0 - self.beta_1 ** state["t"]) / (1.0 - self.beta_1)
        return tmp
