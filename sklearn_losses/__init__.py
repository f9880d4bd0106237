"""Classifiers whose loss and penalty you choose, calibration metrics, and
pictures of what regularization does, for scikit-learn users."""

import importlib

__version__ = "0.1.0.dev0"

# Public name -> module that defines it. Submodules load on first use so that
# `import sklearn_losses` (and the command line) stays fast and matplotlib is
# only imported by the code that draws.
_PUBLIC = {
    "LogisticMLPClassifier": "sklearn_losses._classifier",
    "regularization_path": "sklearn_losses.path",
    "RegularizationPath": "sklearn_losses.path",
    "get_loss": "sklearn_losses.losses",
    "check_loss": "sklearn_losses.losses",
}
_SUBMODULES = ["links", "losses", "metrics", "penalties", "optimizers", "path", "cli"]

__all__ = sorted(_PUBLIC) + _SUBMODULES + ["__version__"]


def __getattr__(name):
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    if name in _SUBMODULES:
        return importlib.import_module(f"sklearn_losses.{name}")
    raise AttributeError(f"module 'sklearn_losses' has no attribute {name!r}")


def __dir__():
    return __all__
