"""Solvers: each owns its loop, state and stopping rule, and returns a result.

A solver is a :class:`Solver` subclass (a dataclass of the estimator
parameters it uses) that declares what it accepts (``nonsmooth_penalty``,
``supports_partial_fit``) and implements ``solve``, returning a
:class:`SolverResult`. :data:`SOLVERS` maps the names the estimator's
``solver`` parameter accepts to the classes: a new solver is one class plus
one line here.
"""

from sklearn_losses.solvers._base import Solver, SolverResult
from sklearn_losses.solvers._lbfgs import LBFGSSolver
from sklearn_losses.solvers._minibatch import AdamSolver, MinibatchSolver, SGDSolver
from sklearn_losses.solvers._objective import Objective

__all__ = [
    "SOLVERS",
    "AdamSolver",
    "LBFGSSolver",
    "MinibatchSolver",
    "Objective",
    "SGDSolver",
    "Solver",
    "SolverResult",
]

SOLVERS = {"adam": AdamSolver, "sgd": SGDSolver, "lbfgs": LBFGSSolver}
