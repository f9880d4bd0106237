"""The registry of solver names, and what ``solver=`` resolves to."""

from numbers import Integral

from sklearn_losses.solvers._base import Solver
from sklearn_losses.solvers._lbfgs import LBFGSSolver
from sklearn_losses.solvers._minibatch import AdamSolver, SGDSolver

SOLVERS = {"adam": AdamSolver, "sgd": SGDSolver, "lbfgs": LBFGSSolver}

# What "auto" stands for: the convex problem (no hidden layer) is solved
# exactly by a full-batch solver; a network, and partial_fit, which runs one
# epoch at a time, by a stochastic one.
AUTO_SOLVERS = {"convex": "lbfgs", "network": "adam", "incremental": "adam"}


def resolve_solver(solver, *, hidden_layer_sizes, incremental):
    """The solver that the estimator's ``solver`` parameter stands for.

    Parameters
    ----------
    solver : "auto", a name in ``SOLVERS``, or Solver
        ``"auto"`` is :data:`AUTO_SOLVERS`' choice: ``"lbfgs"`` without a
        hidden layer (a convex problem, solved exactly, any penalty) and
        ``"adam"`` otherwise and for ``partial_fit``. A :class:`Solver`
        object is returned as it is.
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
    if solver == "auto":
        if incremental:
            solver = AUTO_SOLVERS["incremental"]
        elif isinstance(hidden_layer_sizes, Integral) or tuple(hidden_layer_sizes):
            solver = AUTO_SOLVERS["network"]
        else:
            solver = AUTO_SOLVERS["convex"]
    return SOLVERS[solver]
