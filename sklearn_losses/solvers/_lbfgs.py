"""Full-batch L-BFGS-B, with an exact split for L1 and elastic-net penalties."""

import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from sklearn_losses.solvers._base import Solver, SolverResult, training_context
from sklearn_losses.solvers._objective import add_penalty


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

    The non-smooth elastic-net objective becomes smooth under bound
    constraints, which L-BFGS-B solves exactly: the weights at the optimum
    have exact zeros.
    """

    def __init__(self, objective):
        super().__init__(objective)
        self.n_weights = objective.network.n_weights
        self.rho = float(objective.penalty.l1_ratio)

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
        nw, rho, w = self.n_weights, self.rho, self.w
        strength = self.objective.strength
        grad = self.objective.network.grad
        gw = grad[:nw].astype(np.float64)
        gw += strength * (1 - rho) * w
        value = (
            mean_loss
            + strength * rho * float(np.sum(self.x[: 2 * nw]))
            + 0.5 * strength * (1 - rho) * float(np.dot(w, w))
        )
        l1 = strength * rho
        return value, np.concatenate([gw + l1, -gw + l1, grad[nw:].astype(np.float64)])

    def final_value(self, x, value):
        """``strength * rho * |u - v|_1`` rather than the split's ``sum(u + v)``.

        They differ by ``2 min(u, v)`` where a ``max_iter`` stop left both > 0.
        """
        u, v = x[: self.n_weights], x[self.n_weights : 2 * self.n_weights]
        return value - 2 * self.objective.strength * self.rho * float(
            np.minimum(u, v).sum()
        )


@dataclass(kw_only=True)
class LBFGSSolver(Solver):
    """Full-batch L-BFGS-B from :func:`scipy.optimize.minimize`.

    ``maxiter=max_iter``, ``gtol=tol``, ``maxfun=max_fun``. It stops when the
    projected gradient is below ``tol`` or the objective stops decreasing at
    all, not on a small relative decrease (scipy's ``ftol=0``): L-BFGS-B can
    make little progress for a while far from the optimum, notably with a
    non-smooth penalty or unscaled data. A non-smooth penalty with an
    ``l1_ratio`` is solved exactly by splitting each weight as ``w = u - v``
    with ``u, v >= 0`` under bound constraints.

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

    max_fun: int = 15000

    def solve(
        self,
        objective,
        X,
        y,
        sample_weight,
        *,
        random_state=None,
        incremental=False,
        previous=None,
    ):
        """Minimise ``objective`` on all the data at once.

        Parameters
        ----------
        objective : Objective
            Its network's weights are the starting point, left at the optimum.
        X : ndarray or sparse CSR matrix of shape (n_samples, n_features)
        y : ndarray of shape (n_samples,) or (n_samples, n_classes)
            Class indices, or soft targets (rows of class probabilities).
        sample_weight : ndarray of shape (n_samples,) or None
        random_state, incremental, previous
            Unused: the run is deterministic and always starts afresh.

        Returns
        -------
        result : SolverResult
        """
        split = objective.has_nonsmooth_part
        variables = (_L1Split if split else _Weights)(objective)
        curve, last = [], {}

        def fun(x):
            variables.load(x)
            mean_loss = objective.mean_loss(X, y, sample_weight, epoch=1)
            last["x"], last["value"] = x.copy(), variables.value_gradient(mean_loss)
            return last["value"]

        def callback(intermediate_result):
            curve.append(float(intermediate_result.fun))
            if self.verbose:
                print(f"Iteration {len(curve)}, loss = {curve[-1]:.8f}")

        from scipy.optimize import minimize

        x0, bounds = variables.start()
        with training_context(X.shape[0], objective.network.layer_sizes):
            result = minimize(
                fun,
                x0,
                method="L-BFGS-B",
                jac=True,
                bounds=bounds,
                callback=callback,
                options=self._options(),
            )
            # leave the network at the returned point: it is almost always the
            # last one evaluated, which then needs no evaluation more
            if not np.array_equal(result.x, last.get("x")):
                fun(result.x)
        value = float(variables.final_value(result.x, last["value"][0]))
        return self._result(result, value, curve, objective, X.shape[0])

    @staticmethod
    def _result(result, value, curve, objective, n_samples):
        """The SolverResult of scipy's ``result``, warning when it stopped short."""
        n_iter = max(int(result.nit), 1)
        objective.check_epoch(value, n_iter)
        if result.status != 0:
            warnings.warn(
                f"lbfgs failed to converge after {result.nit} iterations "
                f"(status={result.status}): {result.message}. Increase max_iter "
                "or max_fun, or scale the data.",
                ConvergenceWarning,
                stacklevel=7,  # the user's call to fit (past _fit_context)
            )
        # the last iteration's entry becomes the returned weights' objective
        loss_curve = [*curve[:-1], value]
        return SolverResult(
            n_iter=n_iter,
            t=n_samples * n_iter,
            loss_curve=loss_curve,
            best_loss=float(min(loss_curve)),
            converged=result.status == 0,
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
