"""The fitted state of an estimator: kept whole on error, copied whole.

A fit that raises must leave the estimator as it was, and a search that
refits a model takes over that model's fitted attributes; both are about the
same thing, what a fit sets on an estimator beside its parameters.
"""

import contextlib

import numpy as np

__all__ = ["fitted_attributes", "fitted_state", "unchanged_on_error"]


@contextlib.contextmanager
def unchanged_on_error(estimator):
    """Leave the estimator as it was if the block raises.

    ``validate_data`` sets ``n_features_in_`` and ``feature_names_in_`` before
    anything else can fail, and training advances the random generator that
    ``partial_fit`` continues: an error puts all of it back, so a failed fit
    leaves the previous model (or an unfitted estimator) exactly as it was.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn_losses._fit_state import unchanged_on_error
    >>> clf = LogisticRegression()
    >>> try:
    ...     with unchanged_on_error(clf):
    ...         clf.coef_ = "half-done"
    ...         raise ValueError("the fit failed")
    ... except ValueError:
    ...     pass
    >>> hasattr(clf, "coef_")
    False
    """
    saved = dict(vars(estimator))
    rng = saved.get("_rng")
    rng_state = rng.get_state() if rng is not None else None
    try:
        yield
    except BaseException:
        vars(estimator).clear()
        vars(estimator).update(saved)
        if rng is not None:
            rng.set_state(rng_state)
        raise


def fitted_state(estimator):
    """The attributes a fit gave ``estimator``: all but its parameters.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn_losses._fit_state import fitted_state
    >>> X, y = load_iris(return_X_y=True)
    >>> sorted(fitted_state(LogisticRegression(max_iter=500).fit(X, y)))
    ['classes_', 'coef_', 'intercept_', 'n_features_in_', 'n_iter_']
    """
    params = estimator.get_params(deep=False)
    return {
        name: value for name, value in vars(estimator).items() if name not in params
    }


def fitted_attributes(network, result, target_kind):
    """The fitted attributes of a trained network and its solver's result.

    Parameters
    ----------
    network : Network
        At the solution.
    result : SolverResult
    target_kind : str
        The kind of targets fitted (``"labels"``, ``"soft"``, ``"multilabel"``).

    Returns
    -------
    attributes : dict
        Name to value, as ``MLPClassifier`` names them (``coefs_``,
        ``loss_curve_``, ...), plus the counters ``partial_fit`` continues.
    """
    if not np.all(np.isfinite(network.params)):
        # the solvers refuse this first; a solver of the user's may not
        raise FloatingPointError(
            "Training produced non-finite weights; try a smaller "
            "learning_rate_init or scaling X (e.g. StandardScaler)."
        )
    n_outputs = network.layer_sizes[-1]
    multiclass = n_outputs > 1 and target_kind != "multilabel"
    held_out = result.validation_scores is not None
    return {
        "n_outputs_": n_outputs,
        "out_activation_": "softmax" if multiclass else "logistic",
        "n_layers_": len(network.layer_sizes),
        "n_iter_": result.n_iter,
        "t_": result.t,
        "loss_curve_": result.loss_curve,
        "loss_": result.loss,
        "best_loss_": None if held_out else result.best_loss,
        "validation_loss_curve_": result.validation_loss_curve,
        "validation_scores_": result.validation_scores,
        "best_validation_loss_": result.best_validation_loss,
        "best_validation_score_": max(result.validation_scores) if held_out else None,
        "_no_improvement_count": result.no_improvement_count,
        "_optimizer_state": result.optimizer_state,
        "coefs_": [c.copy() for c in network.coefs],
        "intercepts_": [b.copy() for b in network.intercepts],
    }
