"""Full-batch L-BFGS-B, with an exact split for penalties of split form (L1...)."""

from dataclasses import dataclass

import numpy as np

from sklearn_losses.solvers._base import Solver
from sklearn_losses.solvers._objective import add_penalty, split_form
from sklearn_losses.solvers._zero import has_finite_intercept_optimum, zero_threshold

# The KKT check of zero weights holds to this relative margin: it absorbs the
# rounding of the threshold (float32 weights, the order of a sum), far
# below what the solver's tolerance resolves.
_KKT_RTOL = 1e-6


class _Weights:
    """The optimisation variables are the network's parameters (smooth case)."""

    def __init__(self, objective):
        self.objective = objective
        self.params = objective.network.params

    def start(self):
        """(x0, bounds)."""
        return self.params.astype(np.float64), None

    def load(self, x):
        """Write the variables into the network."""
        self.params[:] = x

    def value_gradient(self, mean_loss):
        """Objective and gradient in the variables, after the loss's backward."""
        obj = self.objective
        value = mean_loss + add_penalty(obj.network, obj.penalty, obj.strength)
        return value, obj.network.grad.astype(np.float64)

    def final_value(self, x, value):
        """The objective of the weights that ``x`` gives."""
        return value


class _L1Split(_Weights):
    """Each weight split as ``w = u - v``, ``u, v >= 0``: ``|w|_1 = sum(u + v)``.

    A penalty of split form ``(l1, l2)``, ``l1 * |w|_1 + l2 / 2 * |w|_2^2``,
    becomes smooth under bound constraints, which L-BFGS-B solves exactly:
    the weights at the optimum have exact zeros.
    """

    def __init__(self, objective):
        super().__init__(objective)
        self.n_weights = objective.network.n_weights
        l1, l2 = split_form(objective.penalty)
        # the strengths in the objective, alpha / S included
        self.l1, self.l2 = objective.strength * l1, objective.strength * l2

    def start(self):
        """(x0 = [u, v, intercepts], bounds u, v >= 0)."""
        x0, nw = self.params.astype(np.float64), self.n_weights
        w0 = x0[:nw]
        x0 = np.concatenate([np.maximum(w0, 0), np.maximum(-w0, 0), x0[nw:]])
        lower = np.zeros_like(x0)
        lower[2 * nw :] = -np.inf
        from scipy.optimize import Bounds

        return x0, Bounds(lower, np.full_like(x0, np.inf))

    def load(self, x):
        """Write ``w = u - v`` and the intercepts into the network."""
        nw = self.n_weights
        self.x, self.w = x, x[:nw] - x[nw : 2 * nw]
        self.params[:nw] = self.w
        self.params[nw:] = x[2 * nw :]

    def value_gradient(self, mean_loss):
        """Objective and gradient in ``(u, v, intercepts)``."""
        nw, l1, l2, w = self.n_weights, self.l1, self.l2, self.w
        grad = self.objective.network.grad
        gw = grad[:nw].astype(np.float64)
        gw += l2 * w
        value = (
            mean_loss
            + l1 * float(np.sum(self.x[: 2 * nw]))
            + 0.5 * l2 * float(np.dot(w, w))
        )
        return value, np.concatenate([gw + l1, -gw + l1, grad[nw:].astype(np.float64)])

    def final_value(self, x, value):
        """``l1 * |u - v|_1`` rather than the split's ``l1 * sum(u + v)``.

        They differ by ``2 min(u, v)`` where a ``max_iter`` stop left both > 0.
        """
        u, v = x[: self.n_weights], x[self.n_weights : 2 * self.n_weights]
        return value - 2 * self.l1 * float(np.minimum(u, v).sum())

    def zero_point(self, X, y, sample_weight):
        """``[0, 0, b0]`` where zero weights are optimal, else None.

        Only without a hidden layer, for a loss with finite best intercepts
        ``b0``: zero weights are then optimal when the data gradient there is
        within the L1 strength (:mod:`._zero`). L-BFGS-B stops within its
        tolerance of that point, with weights of the order of ``tol`` left.
        """
        objective = self.objective
        network = objective.network
        if network.n_layers != 1 or not has_finite_intercept_optimum(objective.loss):
            return None
        found = zero_threshold(
            X, objective.loss, y, sample_weight, network.layer_sizes[-1]
        )
        if found is None:
            return None
        intercepts, threshold = found
        if threshold / objective.training_weight > self.l1 * (1 + _KKT_RTOL):
            return None
        return np.concatenate([np.zeros(2 * self.n_weights), intercepts])


def _zero_if_better(variables, fun, x, data):
    """The all-zero-weight point where it is optimal and no worse than ``x``.

    The comparison keeps a better point found elsewhere by a non-convex
    loss; it allows the objective's rounding (``sqrt(eps)`` of its dtype,
    relative), which a convex loss's optimum can differ from ``x`` by.
    """
    zero = variables.zero_point(*data)
    if zero is None:
        return x
    value = fun(x)[0]
    slack = np.sqrt(np.finfo(variables.params.dtype).eps) * max(1.0, abs(value))
    return zero if fun(zero)[0] <= value + slack else x


@dataclass(kw_only=True)
class LBFGSSolver(Solver):
    """Full-batch L-BFGS-B from :func:`scipy.optimize.minimize`.

    ``maxiter=max_iter``, ``gtol=tol``, ``maxfun=max_fun``. It stops when the
    projected gradient is below ``tol`` or the objective stops decreasing at
    all, not on a small relative decrease (scipy's ``ftol=0``): L-BFGS-B can
    make little progress for a while far from the optimum, notably with a
    non-smooth penalty or unscaled data. A non-smooth penalty with a split
    form (``penalty.split_form()`` gives ``(l1, l2)``) is solved exactly by
    splitting each weight as ``w = u - v`` with ``u, v >= 0`` under bound
    constraints. Without a hidden layer it starts from zero weights.

    Parameters
    ----------
    max_iter, tol, verbose
        See :class:`Solver`.
    max_fun : int, default=15000
        Most evaluations of the objective, as in
        :class:`~sklearn.neural_network.MLPClassifier`; reaching it warns with
        a :class:`~sklearn.exceptions.ConvergenceWarning`.

    Examples
    --------
    >>> from sklearn_losses.penalties import L1
    >>> from sklearn_losses.solvers import LBFGSSolver
    >>> LBFGSSolver.accepts_penalty(L1())
    True
    """

    name = "lbfgs"
    nonsmooth_penalty = "split"
    # the convex problem is solved exactly, with any penalty it can split
    auto_for = frozenset({"convex"})
    epoch_name = "iteration"
    test_settings = {"max_iter": 1000, "tol": 1e-9}

    max_fun: int = 15000

    def starts_from_zeros(self, hidden_layer_sizes):
        """Zero weights without a hidden layer, as ``LogisticRegression``'s.

        The problem is then convex; from a random start L-BFGS needs two to
        three times the iterations.
        """
        return not tuple(hidden_layer_sizes)

    def minimize(self, objective, X, y, sample_weight, run):
        """Minimise ``objective`` on all the data at once (see :class:`Solver`)."""
        split = objective.has_nonsmooth_part
        variables = (_L1Split if split else _Weights)(objective)
        last = {}

        def fun(x):
            variables.load(x)
            mean_loss = objective.mean_loss(X, y, sample_weight, epoch=run.epoch)
            last["x"], last["value"] = x.copy(), variables.value_gradient(mean_loss)
            return last["value"]

        def callback(intermediate_result):
            run.epoch_done(float(intermediate_result.fun))

        from scipy.optimize import minimize

        x0, bounds = variables.start()
        result = minimize(
            fun,
            x0,
            method="L-BFGS-B",
            jac=True,
            bounds=bounds,
            callback=callback,
            options=self._options(),
        )
        x = result.x
        if split:
            x = _zero_if_better(variables, fun, x, (X, y, sample_weight))
        # the zero point meets the optimality conditions: converged
        at_zero = x is not result.x
        # leave the network at the returned point: it is almost always the
        # last one evaluated, which then needs no evaluation more
        if not np.array_equal(x, last.get("x")):
            fun(x)
        run.set_final_value(variables.final_value(x, last["value"][0]))
        run.result.converged = at_zero or result.status == 0
        run.result.message = f"{result.message} (status={result.status})" + (
            "; every weight is zero at the optimum" if at_zero else ""
        )

    def not_converged_message(self, result):
        """scipy's reason, and the fixes."""
        return (
            f"lbfgs failed to converge after {result.n_iter} iterations: "
            f"{result.message}. Increase max_iter or max_fun, or scale the data."
        )

    def _options(self):
        return {
            "maxiter": self.max_iter,
            "maxfun": self.max_fun,
            "gtol": self.tol,
            # no relative-decrease stop: steps cut short where a variable
            # meets its bound (the split's u, v >= 0), and L-BFGS stalls on
            # unscaled data, decrease f by little far from the optimum
            # (measured: 0.33 for an optimum of 0.19)
            "ftol": 0.0,
            "maxls": 50,
        }
