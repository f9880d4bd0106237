"""Classifiers whose loss and penalty you choose, calibration metrics, and
pictures of what regularization does, for scikit-learn users.

The estimator and the path functions are importable from here; the pluggable
parts live in their own modules: :mod:`sklearn_losses.losses`,
:mod:`sklearn_losses.penalties`, :mod:`sklearn_losses.solvers`,
:mod:`sklearn_losses.optimizers`, :mod:`sklearn_losses.links`, the array
functions in :mod:`sklearn_losses.functional`, the metrics in
:mod:`sklearn_losses.metrics` and small data sets in
:mod:`sklearn_losses.datasets`. matplotlib is imported only by the code that
draws.
"""

from sklearn_losses import (
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
from sklearn_losses.losses import check_loss, get_loss
from sklearn_losses.path import (
    RegularizationPath,
    animate_regularization_path,
    regularization_path,
)

__version__ = "0.1.0.dev0"

__all__ = [
    "LogisticMLPClassifier",
    "RegularizationPath",
    "animate_regularization_path",
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
