"""Minibatch solvers: adam and sgd, with a proximal step for non-smooth penalties."""

import time
import warnings
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.exceptions import ConvergenceWarning

from sklearn_losses.optimizers import SGD, Adam
from sklearn_losses.solvers._base import Solver, SolverResult, training_context
from sklearn_losses.solvers._split import validation_split


def _no_improvement(value, best, tol, count):
    """The count of epochs without an improvement of ``tol``, after ``value``."""
    return count + 1 if value > best - tol else 0


class _Epochs:
    """Runs epochs: batches, gradient, optimizer step, proximal step.

    Holds the buffers of one fit, so that a batch allocates almost nothing.
    """

    def __init__(self, objective, optimizer, state, data, batch_size, shuffle, rng):
        self.objective, self.optimizer, self.state = objective, optimizer, state
        X, self.y, self.sample_weight = data
        self.batch_size, self.shuffle, self.rng = batch_size, shuffle, rng
        self.n_samples = X.shape[0]
        network = objective.network
        self.scratch = np.empty(network.n_weights, dtype=network.dtype)
        # decided once per fit, not per batch: the step sizes only feed a prox
        self.prox = objective.has_nonsmooth_part
        self.sparse = sp.issparse(X)
        # dense + shuffle: gather each batch's rows into one reused buffer
        # (take with mode="clip" is unbuffered; ~3x faster than permuting all
        # of X each epoch, as the batch stays in cache)
        self.gather = shuffle and not self.sparse
        if not self.sparse:
            X = np.ascontiguousarray(X)
            self.X_batch = np.empty((batch_size, X.shape[1]), dtype=X.dtype)
        self.X = X

    def run(self, epoch):
        """One pass over the data; returns its mean objective."""
        X, y, sw = self.X, self.y, self.sample_weight
        if self.shuffle:
            perm = self.rng.permutation(self.n_samples)
            if self.sparse:
                X = X[perm]
            y = y[perm]
            if sw is not None:
                sw = sw[perm]
        total = total_weight = 0.0
        for start in range(0, self.n_samples, self.batch_size):
            stop = min(start + self.batch_size, self.n_samples)
            if self.gather:
                X_b = self.X_batch[: stop - start]
                np.take(self.X, perm[start:stop], axis=0, out=X_b, mode="clip")
            else:
                X_b = X[start:stop]
            sw_b = None if sw is None else sw[start:stop]
            # each batch counts by its weight, so the epoch's mean is the
            # weighted objective (a batch of tiny weights counts little)
            weight = stop - start if sw_b is None else float(np.sum(sw_b))
            total += self._step(X_b, y[start:stop], sw_b, epoch) * weight
            total_weight += weight
        return total / total_weight

    def _step(self, X, y, sample_weight, epoch):
        objective, network = self.objective, self.objective.network
        value = objective.value_and_gradient(
            X, y, sample_weight, epoch=epoch, scratch=self.scratch
        )
        step = self.optimizer.step(
            network.params, network.grad, self.state, return_step=self.prox
        )
        if self.prox:
            objective.prox(step)
        return value


class _HeldOut:
    """The early-stopping split: scores each epoch, keeps the best weights."""

    def __init__(self, objective, X, y, sample_weight, tol):
        self.objective, self.tol = objective, tol
        self.X, self.y, self.sample_weight = X, y, sample_weight
        self.best_params = objective.network.params.copy()

    def record(self, result):
        """Score the current weights into ``result``; returns the message part."""
        loss, accuracy = self.objective.held_out_scores(
            self.X, self.y, self.sample_weight
        )
        result.validation_loss_curve.append(loss)
        result.validation_scores.append(accuracy)
        result.no_improvement_count = _no_improvement(
            loss, result.best_validation_loss, self.tol, result.no_improvement_count
        )
        if loss < result.best_validation_loss:
            result.best_validation_loss = loss
            np.copyto(self.best_params, self.objective.network.params)
        return f", validation loss = {loss:.8f}"


@dataclass(kw_only=True)
class MinibatchSolver(Solver):
    """Minibatch first-order solver; subclasses choose the optimizer.

    Each epoch shuffles the data (``shuffle``), steps the optimizer on each
    batch's weighted mean loss plus the full penalty times ``alpha / S``
    (``S`` the weight of all the training data, not of the batch, so the
    objective does not depend on the batch size), then applies the
    penalty's proximal operator when it is not smooth. It stops when the
    training objective (or, with ``early_stopping``, the held-out loss) has
    not improved by ``tol`` for more than ``n_iter_no_change`` epochs, and
    warns with a :class:`~sklearn.exceptions.ConvergenceWarning` at
    ``max_iter``. The BLAS thread pool is limited to one thread when the
    batch products are small.

    Parameters
    ----------
    max_iter, tol, verbose
        See :class:`Solver`.
    batch_size : int or "auto", default="auto"
        ``"auto"`` is ``min(200, n_samples)``.
    learning_rate_init : float, default=1e-3
        Step size of the optimizer.
    n_iter_no_change : int or np.inf, default=10
        Patience of the stopping rule; ``np.inf`` never stops before
        ``max_iter``.
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the distinct samples of positive
        weight (at least 2; stratified when every class can appear in both
        parts; repeated rows count as one sample, so integer weights and
        repetition give the same split), stop on its loss and restore the
        best epoch's weights. The penalty's ``S``
        is then the training part's weight.
    validation_fraction : float, default=0.1
        The held-out fraction.
    shuffle : bool, default=True
        Shuffle the data each epoch.

    Examples
    --------
    >>> from sklearn_losses.solvers import SOLVERS
    >>> solver = SOLVERS["adam"](max_iter=5, learning_rate_init=0.01)
    >>> solver.make_optimizer()
    Adam(beta_1=0.9, beta_2=0.999, epsilon=1e-08, learning_rate=0.01)
    """

    nonsmooth_penalty = "prox"
    supports_partial_fit = True

    batch_size: int | str = "auto"
    learning_rate_init: float = 1e-3
    n_iter_no_change: int | float = 10
    early_stopping: bool = False
    validation_fraction: float = 0.1
    shuffle: bool = True

    def make_optimizer(self):
        """The optimizer object; subclasses implement it."""
        raise NotImplementedError

    @staticmethod
    def _start_state(optimizer, previous, params):
        """The previous state (as ``params``' dtype) if it fits, else a new one."""
        state = None if previous is None else previous.optimizer_state
        if (
            isinstance(state, optimizer.state_type)
            and state.scratch.size == params.size
        ):
            return state.astype(params.dtype)
        return optimizer.init(params)

    def solve(
        self,
        objective,
        X,
        y,
        sample_weight,
        *,
        random_state,
        incremental=False,
        previous=None,
    ):
        """Minimise ``objective`` on the data; see the class docstring.

        Parameters
        ----------
        objective : Objective
            The network (its weights are the starting point, updated in
            place), loss, penalty and penalty strength; with
            ``early_stopping`` its training weight becomes that of the
            training part.
        X : ndarray or sparse CSR matrix of shape (n_samples, n_features)
        y : ndarray of shape (n_samples,) or (n_samples, n_classes)
            Class indices, or soft targets (rows of class probabilities).
        sample_weight : ndarray of shape (n_samples,) or None
        random_state : numpy.random.RandomState
            Draws the held-out split and the shuffling.
        incremental : bool, default=False
            Run one epoch, without early stopping or a convergence warning.
        previous : SolverResult or None
            A result to continue: its counters, curve and optimizer state.

        Returns
        -------
        result : SolverResult
        """
        held_out = None
        data = (X, y, sample_weight)
        if self.early_stopping and not incremental:
            data, (X_val, y_val, sw_val) = validation_split(
                X, y, sample_weight, self.validation_fraction, random_state
            )
            held_out = _HeldOut(objective, X_val, y_val, sw_val, self.tol)
            # alpha / S with S the weight of the part trained on
            objective.train_on(data[0].shape[0], data[2])
        n_samples = data[0].shape[0]
        batch_size = min(
            200 if self.batch_size == "auto" else self.batch_size, n_samples
        )
        optimizer = self.make_optimizer()
        network = objective.network
        state = self._start_state(optimizer, previous, network.params)
        objective.learning_rate = self.learning_rate_init  # named if it diverges
        if previous is not None:
            objective.continue_from(previous.loss_curve)
        epochs = _Epochs(
            objective, optimizer, state, data, batch_size, self.shuffle, random_state
        )
        result = self._start_result(previous, state, held_out is not None)
        with training_context(batch_size, network.layer_sizes):
            self._run(epochs, result, held_out, 1 if incremental else self.max_iter)
        if held_out is not None:
            np.copyto(network.params, held_out.best_params)
        if not result.converged and not incremental:
            warnings.warn(
                f"Stochastic optimizer: maximum iterations ({self.max_iter}) "
                "reached and the optimization hasn't converged yet.",
                ConvergenceWarning,
                stacklevel=6,  # the user's call to fit (past _fit_context)
            )
        return result

    @staticmethod
    def _start_result(previous, state, early_stopping):
        result = SolverResult(optimizer_state=state)
        if previous is not None:
            result.n_iter, result.t = previous.n_iter, previous.t
            result.loss_curve = list(previous.loss_curve)
            result.best_loss = previous.best_loss
            result.no_improvement_count = previous.no_improvement_count
        if early_stopping:
            result.validation_loss_curve, result.validation_scores = [], []
            result.best_validation_loss = np.inf
        return result

    @staticmethod
    def _check_epoch(epochs, epoch_loss, epoch):
        """Refuse an epoch that diverged or overflowed (weights, optimizer)."""
        objective = epochs.objective
        objective.check_epoch(epoch_loss, epoch)
        if not epochs.state.is_finite():
            raise FloatingPointError(
                f"Training diverged at epoch {epoch}: the gradients overflowed "
                f"{objective.network.dtype} (the state of "
                f"{type(epochs.optimizer).__name__} became inf or NaN). "
                f"{objective.advice}"
            )

    def _run(self, epochs, result, held_out, max_iter):
        """The epoch loop and its stopping rule; sets ``result.converged``."""
        for _ in range(max_iter):
            start_time = time.perf_counter()
            epoch_loss = epochs.run(epoch=result.n_iter + 1)
            result.n_iter += 1
            result.t += epochs.n_samples
            result.loss_curve.append(epoch_loss)
            self._check_epoch(epochs, epoch_loss, result.n_iter)
            message = f"Iteration {result.n_iter}, loss = {epoch_loss:.8f}"
            if held_out is not None:
                message += held_out.record(result)
            else:
                result.no_improvement_count = _no_improvement(
                    epoch_loss, result.best_loss, self.tol, result.no_improvement_count
                )
            result.best_loss = min(result.best_loss, epoch_loss)
            if self.verbose:
                elapsed = time.perf_counter() - start_time
                print(f"{message}, time = {elapsed:.2f}s")
            if result.no_improvement_count > self.n_iter_no_change:
                result.converged = True
                if self.verbose:
                    what = (
                        "Validation loss" if held_out is not None else "Training loss"
                    )
                    print(
                        f"{what} did not improve more than tol={self.tol} for "
                        f"{self.n_iter_no_change} consecutive epochs. Stopping."
                    )
                return


@dataclass(kw_only=True)
class AdamSolver(MinibatchSolver):
    """:class:`MinibatchSolver` with :class:`~sklearn_losses.optimizers.Adam`.

    The proximal step of each coordinate is Adam's own step,
    ``learning_rate_init / sqrt(v_hat)`` (up to ``epsilon``): a diagonally
    preconditioned proximal gradient step.

    Parameters
    ----------
    beta_1, beta_2, epsilon
        See :class:`~sklearn_losses.optimizers.Adam`.

    Examples
    --------
    >>> from sklearn_losses.solvers import AdamSolver
    >>> AdamSolver(beta_1=0.8).make_optimizer().beta_1
    0.8
    """

    name = "adam"
    beta_1: float = 0.9
    beta_2: float = 0.999
    epsilon: float = 1e-8

    def make_optimizer(self):
        """The :class:`~sklearn_losses.optimizers.Adam` of this configuration."""
        return Adam(self.learning_rate_init, self.beta_1, self.beta_2, self.epsilon)


@dataclass(kw_only=True)
class SGDSolver(MinibatchSolver):
    """:class:`MinibatchSolver` with :class:`~sklearn_losses.optimizers.SGD`.

    The proximal step is ``learning_rate_init``.

    Parameters
    ----------
    momentum : float, default=0.9
    nesterovs_momentum : bool, default=True
        See :class:`~sklearn_losses.optimizers.SGD`.

    Examples
    --------
    >>> from sklearn_losses.solvers import SGDSolver
    >>> SGDSolver(momentum=0.5).make_optimizer().momentum
    0.5
    """

    name = "sgd"
    momentum: float = 0.9
    nesterovs_momentum: bool = True

    def make_optimizer(self):
        """The :class:`~sklearn_losses.optimizers.SGD` of this configuration."""
        return SGD(self.learning_rate_init, self.momentum, self.nesterovs_momentum)
