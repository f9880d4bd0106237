"""The solver base: what a solver accepts, and the result it returns."""

import contextlib
import functools
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields

import numpy as np
from threadpoolctl import ThreadpoolController

# Below this many multiply-adds per layer and batch, a fit keeps the BLAS to
# one thread: two must be faster under load too, not only on an idle machine.
# Measured on 2 cores (issue 15; adam fits of (64, 64) and (256, 256), batches
# 200 and 1024, the largest 1024 x 256 x 256 = 2**26): two threads were never
# faster under load: 5x to 36x slower with a busy loop on the other core, 6x
# to 12x slower beside other programs' work (the OpenBLAS threads wait on each
# other); on an idle machine they gained at most 13%. Two threads are left to
# products of 2**30 multiply-adds and more, where a batch's GEMM is long
# enough to split.
_SINGLE_THREAD_WORK = 2**30


@functools.cache
def _threadpool_controller():
    # Scanning the loaded BLAS libraries takes milliseconds: do it once, not
    # on every fit (a regularization path fits many times).
    return ThreadpoolController()


class _SingleThreadBLAS:
    """The process-wide one-thread BLAS limit, shared by concurrent fits.

    The limit belongs to the process, not to a thread: fits running in
    several threads share it. The first to enter sets it and the last to
    leave restores the limits found by the first, so concurrent fits never
    leave the pool at one thread (saving and restoring per fit would: the
    second fit saves the first one's limit of 1 and may restore it last).

    threadpoolctl lets a single live thread change OpenBLAS's limits (the
    first to change them, while it lives), so both changes are made by one
    helper thread of this object's own, whichever fit's thread asks. When
    another thread of the program controls the limits already, the change
    is ignored and fits run with the pool as it is.
    """

    def __init__(self):
        self._reset()
        if hasattr(os, "register_at_fork"):
            # a forked child has neither the helper thread nor the other fits
            os.register_at_fork(after_in_child=self._reset)

    def _reset(self):
        self._lock = threading.Lock()
        self._users = 0
        self._limiter = None
        self._helper = None

    def _in_helper(self, function):
        if self._helper is None:
            self._helper = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="sklearn_losses-blas-limit"
            )
        return self._helper.submit(function).result()

    @contextlib.contextmanager
    def __call__(self):
        with self._lock:
            if self._users == 0:
                self._limiter = self._in_helper(
                    functools.partial(
                        _threadpool_controller().limit, limits=1, user_api="blas"
                    )
                )
            self._users += 1
        try:
            yield
        finally:
            with self._lock:
                self._users -= 1
                if self._users == 0:
                    self._in_helper(self._limiter.restore_original_limits)
                    self._limiter = None


single_blas_thread = _SingleThreadBLAS()
"""Context factory: one BLAS thread, shared safely by concurrent users."""


def limit_threads(n_rows, layer_sizes):
    """One BLAS thread while the products of ``n_rows`` rows are small.

    Safe under concurrent fits: the process-wide limit is reference-counted,
    set by the first fit that needs it and restored by the last to finish.
    (A fit with large products that runs meanwhile shares the one thread.)

    Parameters
    ----------
    n_rows : int
        Rows of the largest product (the batch size).
    layer_sizes : list of int
        ``[n_features, *hidden, n_outputs]``.

    Returns
    -------
    context : context manager
    """
    work = max(
        n_rows * a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:], strict=True)
    )
    if work < _SINGLE_THREAD_WORK:
        return single_blas_thread()
    return contextlib.nullcontext()


@contextlib.contextmanager
def training_context(n_rows, layer_sizes):
    """What a training loop runs in: :func:`limit_threads`, quiet overflow.

    Overflow shows as inf or NaN, which the objective and the solvers refuse
    with a ``FloatingPointError`` naming the likely cause; numpy's warnings
    would only precede that error (or leak from a run that recovers).

    Parameters
    ----------
    n_rows, layer_sizes
        As in :func:`limit_threads`.
    """
    with (
        limit_threads(n_rows, layer_sizes),
        np.errstate(over="ignore", invalid="ignore", divide="ignore"),
    ):
        yield


@dataclass
class SolverResult:
    """What a solver returns; the estimator's fitted attributes come from it.

    Attributes
    ----------
    n_iter : int
        Epochs or iterations run, counting those of the fits it continues.
    t : int
        Training samples seen.
    loss_curve : list of float
        Training objective (loss plus penalty) per epoch or iteration.
    best_loss : float
        Smallest training objective.
    converged : bool
        Whether the stopping rule, not ``max_iter``, ended the run.
    no_improvement_count : int
        Consecutive epochs without an improvement of ``tol``.
    optimizer_state : object or None
        The optimizer's state, to continue with ``partial_fit``.
    validation_loss_curve, validation_scores : list of float or None
        Held-out loss and accuracy per epoch (early stopping only).
    best_validation_loss : float or None
        Smallest held-out loss.

    Examples
    --------
    >>> from sklearn_losses.solvers import SolverResult
    >>> SolverResult(n_iter=1, t=10, loss_curve=[0.5], best_loss=0.5).loss
    0.5
    """

    n_iter: int = 0
    t: int = 0
    loss_curve: list = field(default_factory=list)
    best_loss: float = np.inf
    converged: bool = False
    no_improvement_count: int = 0
    optimizer_state: object = None
    validation_loss_curve: list | None = None
    validation_scores: list | None = None
    best_validation_loss: float | None = None

    @property
    def loss(self):
        """float : the training objective at the last epoch or iteration."""
        return self.loss_curve[-1]


@dataclass(kw_only=True)
class Solver:
    """Base of the solvers: configuration, declared capabilities, ``solve``.

    A subclass is a dataclass whose fields are the estimator parameters it
    uses (:meth:`from_params` picks them by name). It declares what it
    accepts in the class attributes listed under Attributes and implements
    ``solve(objective, X, y, sample_weight, *, random_state, incremental,
    previous)``, which minimises the :class:`Objective` (its network holds the
    starting weights and is left at the solution) and returns a
    :class:`SolverResult`; see :meth:`MinibatchSolver.solve`.

    Parameters
    ----------
    max_iter : int, default=200
        Epochs or iterations.
    tol : float, default=1e-4
        Tolerance of the stopping rule.
    verbose : bool, default=False
        Print progress.

    Attributes
    ----------
    name : str
        The key of the solver in ``SOLVERS``.
    nonsmooth_penalty : {"prox", "split"} or None
        How it handles a penalty that is not smooth: ``"prox"`` applies the
        penalty's proximal operator after each step (any penalty); ``"split"``
        writes ``w = u - v`` with ``u, v >= 0`` (penalties with an
        ``l1_ratio``); None refuses non-smooth penalties.
    supports_partial_fit : bool
        Whether one call can run a single epoch and continue a previous one.

    Examples
    --------
    >>> from sklearn_losses.solvers import SOLVERS
    >>> SOLVERS["lbfgs"].supports_partial_fit, SOLVERS["lbfgs"].nonsmooth_penalty
    (False, 'split')
    """

    name = None
    nonsmooth_penalty = None
    supports_partial_fit = False

    max_iter: int = 200
    tol: float = 1e-4
    verbose: bool = False

    @classmethod
    def from_params(cls, params):
        """The solver configured by the estimator parameters it uses.

        Parameters
        ----------
        params : dict
            Estimator parameters (``get_params(deep=False)``), validated.

        Returns
        -------
        solver : Solver
        """
        return cls(**{f.name: params[f.name] for f in fields(cls) if f.name in params})

    @classmethod
    def accepts_penalty(cls, penalty):
        """Whether this solver can minimise with ``penalty``.

        Parameters
        ----------
        penalty : penalty object or None

        Returns
        -------
        accepted : bool
        """
        if penalty is None or penalty.is_smooth:
            return True
        if cls.nonsmooth_penalty == "prox":
            return hasattr(penalty, "prox")
        if cls.nonsmooth_penalty == "split":
            return hasattr(penalty, "l1_ratio")
        return False

    def check_penalty(self, penalty, alpha):
        """Refuse a penalty this solver cannot handle, naming those that can.

        Parameters
        ----------
        penalty : penalty object or None
        alpha : float
            A zero ``alpha`` switches the penalty off: anything goes.
        """
        from sklearn_losses.solvers import SOLVERS  # the registry imports us

        if alpha == 0 or self.accepts_penalty(penalty):
            return
        names = [name for name, cls in SOLVERS.items() if cls.accepts_penalty(penalty)]
        how = {
            "prox": "applies a proximal step (it needs a prox method)",
            "split": "splits a non-smooth penalty as an elastic net (it needs an "
            "l1_ratio)",
            None: "needs a smooth penalty",
        }[self.nonsmooth_penalty]
        raise ValueError(
            f"solver={self.name!r} {how}; it cannot minimise with {penalty!r}. "
            f"Solvers that accept this penalty: {names}."
        )
