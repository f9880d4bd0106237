"""Classifiers whose loss and penalty you choose, calibration metrics, and
pictures of what regularization does, for scikit-learn users.

The estimator and the path functions are importable from here; the pluggable
parts live in their own modules: :mod:`sklearn_losses.losses`,
:mod:`sklearn_losses.penalties`, :mod:`sklearn_losses.solvers`,
:mod:`sklearn_losses.optimizers`, :mod:`sklearn_losses.links`, their
parameter protocol in :mod:`sklearn_losses.base`, the array
functions in :mod:`sklearn_losses.functional`, the metrics in
:mod:`sklearn_losses.metrics` and small data sets in
:mod:`sklearn_losses.datasets`. matplotlib is imported only by the code that
draws.

Importing the package is quick: each name of ``__all__`` is imported on
first use, so ``from sklearn_losses import LogisticMLPClassifier`` imports
the estimator and what it needs, and not the drawing code.
"""

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the re-exports, spelled out for readers and type checkers
    from sklearn_losses import (
        base,
        datasets,
        functional,
        links,
        losses,
        metrics,
        optimizers,
        penalties,
        solvers,
    )
    from sklearn_losses._classifier import LogisticMLPClassifier
    from sklearn_losses._classifier_cv import LogisticMLPClassifierCV
    from sklearn_losses.losses import check_loss, get_loss
    from sklearn_losses.path import (
        RegularizationPath,
        animate_regularization_path,
        regularization_path,
    )

__version__ = "0.1.0.dev0"

__all__ = [
    "LogisticMLPClassifier",
    "LogisticMLPClassifierCV",
    "RegularizationPath",
    "animate_regularization_path",
    "base",
    "check_loss",
    "datasets",
    "functional",
    "get_loss",
    "links",
    "losses",
    "metrics",
    "optimizers",
    "penalties",
    "regularization_path",
    "solvers",
    "__version__",
]

# Where each name of __all__ is defined; imported on first access (PEP 562).
_SUBMODULES = {
    "base",
    "datasets",
    "functional",
    "links",
    "losses",
    "metrics",
    "optimizers",
    "penalties",
    "solvers",
}
_OBJECTS = {
    "LogisticMLPClassifier": "sklearn_losses._classifier",
    "LogisticMLPClassifierCV": "sklearn_losses._classifier_cv",
    "RegularizationPath": "sklearn_losses.path",
    "animate_regularization_path": "sklearn_losses.path",
    "check_loss": "sklearn_losses.losses",
    "get_loss": "sklearn_losses.losses",
    "regularization_path": "sklearn_losses.path",
}


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _OBJECTS:
        value = getattr(importlib.import_module(_OBJECTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
