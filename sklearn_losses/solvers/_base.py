"""The solver base: what a solver accepts, and the result it returns."""

import contextlib
from dataclasses import dataclass, field, fields

import numpy as np

from sklearn_losses._threads import limit_threads


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
