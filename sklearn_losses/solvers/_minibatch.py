"""Minibatch solvers: adam and sgd, with a proximal step for non-smooth penalties."""

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from sklearn_losses.optimizers import SGD, Adam
from sklearn_losses.solvers._base import Solver
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
    not improved by ``tol`` for more than ``n_iter_no_change`` epochs (unless
    the optimizer lowers its learning rate instead: sgd's ``"adaptive"``
    schedule, which then starts counting again), and warns with a
    :class:`~sklearn.exceptions.ConvergenceWarning` at ``max_iter``. The
    BLAS thread pool is limited to one thread when the batch products are
    small.

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
    >>> from sklearn_losses.solvers import AdamSolver
    >>> solver = AdamSolver(max_iter=5, learning_rate_init=0.01)
    >>> solver.make_optimizer()
    Adam(beta_1=0.9, beta_2=0.999, epsilon=1e-08, learning_rate=0.01)
    """

    nonsmooth_penalty = "prox"
    supports_partial_fit = True
    # one full batch of a scaled problem: deterministic, near the optimum
    test_settings = {
        "learning_rate_init": 0.05,
        "max_iter": 1000,
        "tol": 1e-9,
        "n_iter_no_change": 50,
    }

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

    def rows_per_step(self, n_samples):
        """The batch size: ``"auto"`` is ``min(200, n_samples)``."""
        return min(200 if self.batch_size == "auto" else self.batch_size, n_samples)

    def minimize(self, objective, X, y, sample_weight, run):
        """Epochs until the stopping rule or ``max_iter``; see the class docstring.

        With ``early_stopping`` the objective's training weight becomes that
        of the training part, and the best epoch's weights are restored.
        """
        held_out = None
        data = (X, y, sample_weight)
        if self.early_stopping and not run.incremental:
            data, (X_val, y_val, sw_val) = validation_split(
                X, y, sample_weight, self.validation_fraction, run.random_state
            )
            held_out = _HeldOut(objective, X_val, y_val, sw_val, self.tol)
            # alpha / S with S the weight of the part trained on
            objective.train_on(data[0].shape[0], data[2])
            result = run.result
            result.validation_loss_curve, result.validation_scores = [], []
            result.best_validation_loss = np.inf
        optimizer = self.make_optimizer()
        network = objective.network
        state = self._start_state(optimizer, run.previous, network.params)
        run.result.optimizer_state = state
        epochs = _Epochs(
            objective,
            optimizer,
            state,
            data,
            self.rows_per_step(data[0].shape[0]),
            self.shuffle,
            run.random_state,
        )
        self._run(epochs, run, held_out, 1 if run.incremental else self.max_iter)
        if held_out is not None:
            np.copyto(network.params, held_out.best_params)

    def not_converged_message(self, result):
        """``MLPClassifier``'s words, for code that matches on them."""
        return (
            f"Stochastic optimizer: maximum iterations ({self.max_iter}) "
            "reached and the optimization hasn't converged yet."
        )

    @staticmethod
    def _check_state(epochs, epoch):
        """Refuse an epoch whose optimizer state overflowed."""
        if not epochs.state.is_finite():
            objective = epochs.objective
            raise FloatingPointError(
                f"Training diverged at epoch {epoch}: the gradients overflowed "
                f"{objective.network.dtype} (the state of "
                f"{type(epochs.optimizer).__name__} became inf or NaN). "
                f"{objective.advice}"
            )

    def _run(self, epochs, run, held_out, max_iter):
        """The epoch loop and its stopping rule; sets ``result.converged``."""
        result = run.result
        for _ in range(max_iter):
            start_time = time.perf_counter()
            epoch_loss = epochs.run(epoch=run.epoch)
            self._check_state(epochs, run.epoch)
            if held_out is not None:
                note = held_out.record(result)
            else:
                note = ""
                result.no_improvement_count = _no_improvement(
                    epoch_loss, result.best_loss, self.tol, result.no_improvement_count
                )
            note += f", time = {time.perf_counter() - start_time:.2f}s"
            run.epoch_done(epoch_loss, n_samples=epochs.n_samples, note=note)
            # the schedule's rate for the next epoch, from the samples seen
            epochs.optimizer.end_epoch(epochs.state, result.t)
            if result.no_improvement_count > self.n_iter_no_change:
                if self._plateau(epochs, result, held_out is not None):
                    return

    def _plateau(self, epochs, result, held_out):
        """The stopping rule fired: stop, or go on at the optimizer's lower rate.

        Returns whether to stop (and then sets ``result.converged``).
        """
        go_on = epochs.optimizer.on_plateau(epochs.state)
        if go_on:
            result.no_improvement_count = 0
        else:
            result.converged = True
        if self.verbose:
            what = "Validation loss" if held_out else "Training loss"
            then = (
                f"Setting learning rate to {epochs.state.learning_rate:g}."
                if go_on
                else "Stopping."
            )
            print(
                f"{what} did not improve more than tol={self.tol} for "
                f"{self.n_iter_no_change} consecutive epochs. {then}"
            )
        return not go_on


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
    # a network's non-convex objective, and one epoch at a time
    auto_for = frozenset({"network", "incremental"})
    beta_1: float = 0.9
    beta_2: float = 0.999
    epsilon: float = 1e-8

    def make_optimizer(self):
        """The :class:`~sklearn_losses.optimizers.Adam` of this configuration."""
        return Adam(self.learning_rate_init, self.beta_1, self.beta_2, self.epsilon)


@dataclass(kw_only=True)
class SGDSolver(MinibatchSolver):
    """:class:`MinibatchSolver` with :class:`~sklearn_losses.optimizers.SGD`.

    The proximal step is the current learning rate (``learning_rate_init``
    under the ``"constant"`` schedule).

    Parameters
    ----------
    momentum : float, default=0.9
    nesterovs_momentum : bool, default=True
        See :class:`~sklearn_losses.optimizers.SGD`.
    learning_rate : {"constant", "invscaling", "adaptive"}, default="constant"
        The schedule of the learning rate, ``MLPClassifier``'s: constant;
        ``learning_rate_init / (t + 1) ** power_t`` after each epoch, ``t``
        the training samples seen; or divided by 5 each time the stopping
        rule fires, training going on until the rate falls to ``1e-6`` or
        below (see :class:`~sklearn_losses.optimizers.SGD`).
    power_t : float, default=0.5
        Exponent of ``"invscaling"``.

    Examples
    --------
    >>> from sklearn_losses.solvers import SGDSolver
    >>> SGDSolver(momentum=0.5).make_optimizer().momentum
    0.5
    >>> SGDSolver(learning_rate="adaptive").make_optimizer().schedule
    'adaptive'
    """

    name = "sgd"
    momentum: float = 0.9
    nesterovs_momentum: bool = True
    learning_rate: str = "constant"
    power_t: float = 0.5

    def make_optimizer(self):
        """The :class:`~sklearn_losses.optimizers.SGD` of this configuration."""
        return SGD(
            self.learning_rate_init,
            self.momentum,
            self.nesterovs_momentum,
            schedule=self.learning_rate,
            power_t=self.power_t,
        )
