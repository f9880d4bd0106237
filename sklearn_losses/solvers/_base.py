"""The solver base: what a solver declares, and the contract it runs.

:meth:`Solver.solve` is a template method: it does what every solver must
(thread limits and quiet overflow, the step size the divergence advice
names, a check after every epoch, warnings at the user's line) around the
one method a solver writes, :meth:`Solver.minimize`, its loop.
"""

import contextlib
from dataclasses import dataclass, field, fields

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from sklearn_losses._threads import limit_threads
from sklearn_losses._warnings import warn_user
from sklearn_losses.base import ParamsMixin
from sklearn_losses.solvers._objective import split_form

# how far (in the objective's units) a run must end above its start to warn
_RISE_MARGIN = 0.05


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
    message : str
        Why the run stopped, in words (scipy's message for lbfgs); may be
        empty.

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
    message: str = ""

    @property
    def loss(self):
        """float : the training objective at the last epoch or iteration."""
        return self.loss_curve[-1]


class TrainingRun:
    """One run of a solver: what :meth:`Solver.minimize` gets and reports to.

    Attributes
    ----------
    result : SolverResult
        The counters, continuing those of ``previous``; ``minimize`` sets
        ``result.converged`` when its stopping rule ends the run (and may
        fill the fields it owns, such as ``optimizer_state``).
    random_state : numpy.random.RandomState or None
        Draws the shuffling and the held-out split.
    incremental : bool
        ``partial_fit``: run one epoch; no convergence warning.
    previous : SolverResult or None
        The result this run continues (``partial_fit``).
    """

    def __init__(
        self, solver, objective, n_samples, *, random_state, incremental, previous
    ):
        self.objective, self.n_samples = objective, n_samples
        self.random_state, self.incremental = random_state, incremental
        self.previous, self._verbose = previous, solver.verbose
        self.result = SolverResult()
        if previous is not None:
            for name in ("n_iter", "t", "best_loss", "no_improvement_count"):
                setattr(self.result, name, getattr(previous, name))
            self.result.loss_curve = list(previous.loss_curve)
        self._n_before = len(self.result.loss_curve)
        self._best_before = self.result.best_loss

    @property
    def n_epochs(self):
        """int : the epochs recorded by this run (not those it continues)."""
        return len(self.result.loss_curve) - self._n_before

    @property
    def epoch(self):
        """int : the epoch (or iteration) in progress, counted from 1."""
        return self.result.n_iter + 1

    def epoch_done(self, value, *, n_samples=None, note=""):
        """Record an epoch's training objective, then check the run.

        Parameters
        ----------
        value : float
            The epoch's objective (loss plus penalty).
        n_samples : int, default=None
            Samples it saw; None: all those given to ``solve``.
        note : str, default=""
            Appended to the ``verbose`` line.

        Raises
        ------
        FloatingPointError
            The weights overflowed or the objective diverged (naming the
            epoch and the likely fix).
        """
        result = self.result
        result.n_iter += 1
        result.t += self.n_samples if n_samples is None else n_samples
        result.loss_curve.append(float(value))
        self.objective.check_epoch(value, result.n_iter)
        result.best_loss = min(result.best_loss, float(value))
        if self._verbose:
            print(f"Iteration {result.n_iter}, loss = {value:.8f}{note}")

    def set_final_value(self, value):
        """The objective of the weights returned, as the last epoch's value.

        For a solver whose last recorded value is not that of the weights it
        leaves (lbfgs's split form); records an epoch if none was.

        Parameters
        ----------
        value : float
        """
        result = self.result
        if self.n_epochs == 0:
            self.epoch_done(value)
            return
        result.loss_curve[-1] = float(value)
        self.objective.check_epoch(value, result.n_iter)
        result.best_loss = min(self._best_before, *result.loss_curve[self._n_before :])


@dataclass(kw_only=True)
class Solver(ParamsMixin):
    """Base of the solvers: configuration, declarations, and the contract.

    A solver is a dataclass subclass whose fields are its settings. Given by
    name (``solver="adam"``) it is built from the estimator parameters of the
    same names (:meth:`from_params`); given as an object
    (``solver=LBFGSSolver(max_iter=50)``) it is used as configured, and the
    estimator's ``max_iter``, ``tol``, ... do not apply to it.

    **The contract.** A subclass writes one method,
    ``minimize(objective, X, y, sample_weight, run)``: its loop. It
    minimises the :class:`Objective` starting from the weights of
    ``objective.network`` and leaves them at the solution; after each epoch
    or iteration it calls ``run.epoch_done(value)`` with the training
    objective, and sets ``run.result.converged = True`` when its stopping
    rule (not ``max_iter``) ends the run. :meth:`solve` does the rest: it
    runs the loop with the BLAS thread limit and numpy's overflow warnings
    off (overflow is refused by the checks instead), gives the objective the
    step size (``learning_rate_init``) that a divergence error names, checks
    every epoch (weights finite, objective not diverged, the error naming the
    epoch or iteration), warns at the user's line when ``max_iter`` ended the
    run or when a ``fit`` ended far above its start (its objective above the
    loss's lower bound more than twice the start's, and by more than 0.05
    above the start: steps too large, naming ``learning_rate_init``), and
    returns the :class:`SolverResult`.

    Parameters
    ----------
    max_iter : int, default=200
        Epochs or iterations.
    tol : float, default=1e-4
        Tolerance of the stopping rule.
    verbose : bool, default=False
        Print one line per epoch.

    Attributes
    ----------
    name : str or None
        The key of the solver in ``SOLVERS``, if registered.
    nonsmooth_penalty : {"prox", "split"} or None
        How it handles a penalty that is not smooth: ``"prox"`` applies the
        penalty's proximal operator after each step (a penalty with a
        ``prox``); ``"split"`` writes ``w = u - v`` with ``u, v >= 0`` (a
        penalty whose ``split_form()`` gives its ``(l1, l2)``); None refuses
        non-smooth penalties.
    supports_partial_fit : bool
        Whether one call can run a single epoch and continue a previous one.
    auto_for : frozenset of {"convex", "network", "incremental"}
        The problems ``solver="auto"`` gives this solver: ``"convex"`` (no
        hidden layer), ``"network"`` (hidden layers), ``"incremental"``
        (``partial_fit``); the first registered solver that declares a
        problem gets it.
    epoch_name : str
        What one step of the loop is called in messages (``"epoch"``,
        ``"iteration"``).
    learning_rate_init : float or None
        The step size, named by the divergence advice; None for a solver
        without one (a field of the solvers that have one).
    test_settings : dict
        Estimator parameters under which the solver reaches the optimum of
        a small, scaled, convex problem (the solver battery of the tests
        fits with them, one full batch).
    test_tolerance : float
        How close to that optimum's objective it then gets.

    Examples
    --------
    Plain gradient descent is its loop only:

    >>> from dataclasses import dataclass
    >>> from sklearn.datasets import load_breast_cancer
    >>> from sklearn.preprocessing import scale
    >>> from sklearn_losses import LogisticMLPClassifier
    >>> from sklearn_losses.solvers import Solver
    >>> @dataclass(kw_only=True)
    ... class GradientDescent(Solver):
    ...     learning_rate_init: float = 0.5
    ...
    ...     def minimize(self, objective, X, y, sample_weight, run):
    ...         params = objective.network.params
    ...         for _ in range(self.max_iter):
    ...             value = objective.value_and_gradient(
    ...                 X, y, sample_weight, epoch=run.epoch)
    ...             params -= self.learning_rate_init * objective.network.grad
    ...             run.epoch_done(value)
    >>> X, y = load_breast_cancer(return_X_y=True)
    >>> clf = LogisticMLPClassifier((), solver=GradientDescent(max_iter=300))
    >>> import warnings
    >>> with warnings.catch_warnings():  # it has no stopping rule
    ...     warnings.simplefilter("ignore")
    ...     clf = clf.fit(scale(X), y)
    >>> clf.n_iter_, bool(clf.score(scale(X), y) > 0.97)
    (300, True)
    """

    name = None
    nonsmooth_penalty = None
    supports_partial_fit = False
    auto_for = frozenset()
    epoch_name = "epoch"
    learning_rate_init = None
    test_settings = {}
    test_tolerance = 1e-5

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

    @property
    def display_name(self):
        """str : the registered name, else the class name (for messages)."""
        return self.name or type(self).__name__

    @classmethod
    def accepts_penalty(cls, penalty):
        """Whether this solver can minimise with ``penalty``.

        Asks the penalty for what the solver needs, by method: ``prox`` for
        a proximal solver, ``split_form()`` for a splitting one.

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
            return callable(getattr(penalty, "prox", None))
        if cls.nonsmooth_penalty == "split":
            return split_form(penalty) is not None
        return False

    def check_penalty(self, penalty, alpha, alternatives=None):
        """Refuse a penalty this solver cannot handle, naming those that can.

        Parameters
        ----------
        penalty : penalty object or None
        alpha : float
            A zero ``alpha`` switches the penalty off: anything goes.
        alternatives : dict of str to Solver subclass, default=None
            The solvers to suggest (``SOLVERS``).
        """
        if alpha == 0 or self.accepts_penalty(penalty):
            return
        names = [
            name
            for name, cls in (alternatives or {}).items()
            if cls.accepts_penalty(penalty)
        ]
        how = {
            "prox": "applies a proximal step (it needs a prox method)",
            "split": "splits a non-smooth penalty as w = u - v (it needs a "
            "split_form() giving the penalty's (l1, l2) strengths)",
            None: "needs a smooth penalty",
        }[self.nonsmooth_penalty]
        raise ValueError(
            f"solver={self.display_name!r} {how}; it cannot minimise with "
            f"{penalty!r}. Solvers that accept this penalty: {names}."
        )

    def starts_from_zeros(self, hidden_layer_sizes):
        """Whether new weights start at zero rather than drawn at random.

        Parameters
        ----------
        hidden_layer_sizes : tuple of int

        Returns
        -------
        zeros : bool
            False here: random weights break the symmetry of hidden units.
        """
        return False

    def rows_per_step(self, n_samples):
        """Rows of the largest product of a step (sets the BLAS thread limit).

        Parameters
        ----------
        n_samples : int

        Returns
        -------
        n_rows : int
            ``n_samples`` here: a full-batch step.
        """
        return n_samples

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
        """Run :meth:`minimize` under the contract; see the class docstring.

        Parameters
        ----------
        objective : Objective
            Its network's weights are the starting point, left at the
            solution.
        X : ndarray or sparse CSR matrix of shape (n_samples, n_features)
        y : ndarray of shape (n_samples,) or (n_samples, n_classes)
            Class indices, or soft targets (rows of class probabilities).
        sample_weight : ndarray of shape (n_samples,) or None
        random_state : numpy.random.RandomState, default=None
        incremental : bool, default=False
            ``partial_fit``: one epoch, no convergence warning.
        previous : SolverResult, default=None
            A result to continue: its counters, curve and optimizer state.

        Returns
        -------
        result : SolverResult
        """
        objective.learning_rate = self.learning_rate_init
        objective.epoch_name = self.epoch_name
        if previous is not None:
            objective.continue_from(previous.loss_curve)
        run = TrainingRun(
            self,
            objective,
            X.shape[0],
            random_state=random_state,
            incremental=incremental,
            previous=previous,
        )
        rows = self.rows_per_step(X.shape[0])
        with training_context(rows, objective.network.layer_sizes):
            self.minimize(objective, X, y, sample_weight, run)
        result = run.result
        if run.n_epochs == 0:
            raise RuntimeError(
                f"{type(self).__name__}.minimize ran no {self.epoch_name}: it "
                "must call run.epoch_done(value) after each one."
            )
        if not result.converged and not incremental:
            self.warn(self.not_converged_message(result), ConvergenceWarning)
        if not incremental:
            self._check_rise(objective, result)
        return result

    def _check_rise(self, objective, result):
        """Warn when a run ends far above where it started.

        Far above: its last objective above the loss's lower bound more than
        twice the start's (the objective at the starting weights), and higher
        than the start by more than ``_RISE_MARGIN``, so that a start already
        near the bound does not warn on noise. A descent method with steps
        the data allow ends below its start; one that ends this far above
        took steps too large, though not large enough to diverge.
        """
        start, final = objective.start, result.loss_curve[-1]
        if start is None:
            return
        lower = getattr(objective.loss, "lower_bound", None)
        above = abs(start) if lower is None or not np.isfinite(lower) else start - lower
        if final - start > max(above, _RISE_MARGIN):
            self.warn(
                f"solver={self.display_name!r} ended at the objective {final:.4g}, "
                f"above its start {start:.4g} (more than twice as far above the "
                f"loss's lower bound): its steps overshoot. {objective.advice}",
                ConvergenceWarning,
            )

    def minimize(self, objective, X, y, sample_weight, run):
        """The loop; subclasses write it (see the class docstring).

        Parameters
        ----------
        objective : Objective
        X, y, sample_weight
            As in :meth:`solve`.
        run : TrainingRun
            ``run.epoch_done(value)`` after each epoch; ``run.epoch`` is the
            one in progress; ``run.result.converged = True`` on stopping.
        """
        raise NotImplementedError(f"{type(self).__name__} must define minimize")

    def not_converged_message(self, result):
        """The warning when ``max_iter`` ended the run.

        Parameters
        ----------
        result : SolverResult

        Returns
        -------
        message : str
        """
        why = f" {result.message}" if result.message else ""
        return (
            f"solver={self.display_name!r}: maximum iterations ({self.max_iter}) "
            f"reached and the optimization hasn't converged yet.{why}"
        )

    def warn(self, message, category=UserWarning):
        """Warn at the user's line (their call to ``fit``), however deep.

        Parameters
        ----------
        message : str
        category : type of Warning, default=UserWarning
        """
        warn_user(message, category)
