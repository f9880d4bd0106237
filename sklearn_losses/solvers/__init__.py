"""Solvers: each declares what it is and writes its loop; the base runs the rest.

A solver is a :class:`Solver` subclass (a dataclass of its settings) that
declares what it accepts (``nonsmooth_penalty``, ``supports_partial_fit``)
and writes ``minimize``, its loop; :meth:`Solver.solve` runs it under the
contract every solver keeps (thread limits, divergence checks, warnings at
the user's line) and returns a :class:`SolverResult`. The estimator's
``solver`` takes a :class:`Solver` object, or a name in :data:`SOLVERS`
(a new name is one line there); :func:`resolve_solver` says which.
"""

from sklearn_losses.solvers._base import Solver, SolverResult, TrainingRun
from sklearn_losses.solvers._lbfgs import LBFGSSolver
from sklearn_losses.solvers._minibatch import AdamSolver, MinibatchSolver, SGDSolver
from sklearn_losses.solvers._objective import Objective
from sklearn_losses.solvers._registry import SOLVERS, resolve_solver

__all__ = [
    "SOLVERS",
    "AdamSolver",
    "LBFGSSolver",
    "MinibatchSolver",
    "Objective",
    "SGDSolver",
    "Solver",
    "SolverResult",
    "TrainingRun",
    "resolve_solver",
]
