"""The registry of solver names, and what ``solver=`` resolves to."""

from numbers import Integral

from sklearn_losses.solvers._base import Solver
from sklearn_losses.solvers._lbfgs import LBFGSSolver
from sklearn_losses.solvers._minibatch import AdamSolver, SGDSolver

SOLVERS = {"adam": AdamSolver, "sgd": SGDSolver, "lbfgs": LBFGSSolver}


def _auto_problem(hidden_layer_sizes, incremental):
    if incremental:
        return "incremental"
    if isinstance(hidden_layer_sizes, Integral) or tuple(hidden_layer_sizes):
        return "network"
    return "convex"


def resolve_solver(solver, *, hidden_layer_sizes, incremental):
    """The solver that the estimator's ``solver`` parameter stands for.

    Parameters
    ----------
    solver : "auto", a name in ``SOLVERS``, or Solver
        ``"auto"`` is the first registered solver whose ``auto_for``
        declares the problem: ``"lbfgs"`` without a hidden layer (a convex
        problem, solved exactly, any penalty) and ``"adam"`` otherwise and
        for ``partial_fit``. A :class:`Solver` object is returned as it is.
    hidden_layer_sizes : int or tuple of int
    incremental : bool
        Whether it is for ``partial_fit``.

    Returns
    -------
    solver : Solver subclass or Solver
        The registered class for a name (to configure with
        :meth:`Solver.from_params`), else the object given.

    Examples
    --------
    >>> from sklearn_losses.solvers import LBFGSSolver, resolve_solver
    >>> resolve_solver("auto", hidden_layer_sizes=(), incremental=False).name
    'lbfgs'
    >>> resolve_solver("auto", hidden_layer_sizes=(10,), incremental=False).name
    'adam'
    >>> resolve_solver(LBFGSSolver(max_iter=5), hidden_layer_sizes=(10,),
    ...                incremental=False)
    LBFGSSolver(max_iter=5, tol=0.0001, verbose=False, max_fun=15000)
    """
    if isinstance(solver, Solver):
        return solver
    if solver != "auto":
        return SOLVERS[solver]
    problem = _auto_problem(hidden_layer_sizes, incremental)
    for cls in SOLVERS.values():
        if problem in cls.auto_for:
            return cls
    raise ValueError(
        f'solver="auto" has no registered solver for the {problem} problem: '
        f"none of {list(SOLVERS)} declares it in auto_for. Pass a solver."
    )
