"""What a path varies: the estimator, its parameter, and the fits along it."""

import copy
from dataclasses import dataclass, field

import numpy as np
from sklearn.base import clone
from sklearn.utils.validation import _check_response_method

__all__ = ["COLLAPSE_TOL", "Varied", "final_step", "is_collapsed"]

# A fit whose predicted probabilities vary by less than this across the
# training samples ignores its input: what all-zero weights give.
COLLAPSE_TOL = 1e-4


def is_collapsed(estimator, X):
    """True when the fitted model's output does not depend on the input."""
    try:
        response = _check_response_method(
            estimator, ["predict_proba", "decision_function"]
        )
    except AttributeError:
        return False
    out = np.asarray(response(X), dtype=float)
    out = out.reshape(len(out), -1)
    return bool(np.ptp(out, axis=0).max() < COLLAPSE_TOL)


def _hidden_layer_sizes(estimator):
    """The estimator's hidden layer sizes, () for a model without any."""
    sizes = estimator.get_params(deep=False).get("hidden_layer_sizes", ())
    if sizes is None:
        return ()
    if not hasattr(sizes, "__iter__"):
        sizes = [sizes]
    return tuple(sizes)


def final_step(estimator):
    """The last step of a pipeline (of nested ones), or the estimator itself."""
    while hasattr(estimator, "steps"):
        estimator = estimator.steps[-1][1]
    return estimator


@dataclass(frozen=True)
class Varied:
    """The estimator and the name of the parameter varied along the path.

    ``param_name`` is a ``get_params(deep=True)`` key, as in
    :func:`~sklearn.model_selection.validation_curve`: ``"alpha"``, or
    ``"step__alpha"`` for a step of a pipeline. Its owner is the estimator
    whose own parameter it is, and warm starts set the owner's
    ``warm_start``. ``fit_params`` go to every fit (``sample_weight``, or
    ``"step__sample_weight"`` for a step of a pipeline).
    """

    estimator: object
    param_name: str
    fit_params: dict = field(default_factory=dict)

    @property
    def prefix(self):
        return self.param_name.rpartition("__")[0]

    @property
    def owner(self):
        if not self.prefix:
            return self.estimator
        return self.estimator.get_params(deep=True)[self.prefix]

    @property
    def warm_start_name(self):
        return f"{self.prefix}__warm_start" if self.prefix else "warm_start"

    @property
    def sample_weight(self):
        """The owner's ``sample_weight`` among ``fit_params``, or None."""
        name = f"{self.prefix}__sample_weight" if self.prefix else "sample_weight"
        return self.fit_params.get(name)

    @property
    def hidden(self):
        """Whether the owner has hidden layers (a non-convex problem)."""
        return len(_hidden_layer_sizes(self.owner)) > 0

    def fit_cold(self, X, y, alpha):
        estimator = clone(self.estimator).set_params(**{self.param_name: alpha})
        return estimator.fit(X, y, **self.fit_params)

    def fit_warm(self, previous, X, y, alpha):
        name = self.warm_start_name
        user_warm_start = self.estimator.get_params(deep=True)[name]
        estimator = copy.deepcopy(previous)
        estimator.set_params(**{self.param_name: alpha, name: True})
        estimator.fit(X, y, **self.fit_params)
        # The stored estimator shows the user's setting; the weights stay fitted.
        estimator.set_params(**{name: user_warm_start})
        return estimator

    def fit_next(self, previous, X, y, alpha, *, check_collapse=True):
        """Warm-start from ``previous``; refit cold where a network collapses.

        Returns
        -------
        fitted : estimator
            The warm fit, or the cold one where the warm one collapsed and
            the cold one is better (:func:`better_than_collapsed`).
        cold_restart : bool
            Whether the cold fit was kept.
        collapsed : bool
            Whether the kept fit is a checked collapse (cold not better).
        n_fits : int
            The fits made, 1 or 2.
        """
        fitted = self.fit_warm(previous, X, y, alpha)
        if not (check_collapse and is_collapsed(fitted, X)):
            return fitted, False, False, 1
        cold = self.fit_cold(X, y, alpha)
        if better_than_collapsed(cold, fitted, X):
            return cold, True, False, 2
        return fitted, False, True, 2


def better_than_collapsed(cold, collapsed, X):
    """Keep a cold fit over a collapsed warm one only if it really is better."""
    if is_collapsed(cold, X):
        return False
    # A cold fit that stopped early can be worse than the collapsed one.
    cold_loss = getattr(final_step(cold), "loss_", None)
    warm_loss = getattr(final_step(collapsed), "loss_", None)
    if cold_loss is None or warm_loss is None:
        return True
    return bool(cold_loss < warm_loss)
