"""The regularization path: the fits of each alpha, scored, as a result."""

from numbers import Integral

import numpy as np
from sklearn.exceptions import UnsetMetadataPassedError
from sklearn.metrics import log_loss
from sklearn.utils import check_consistent_length
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    validate_params,
)
from sklearn.utils.metadata_routing import (
    MetadataRouter,
    MethodMapping,
    _routing_enabled,
    process_routing,
)
from sklearn.utils.validation import column_or_1d

from sklearn_losses._scoring import resolve_scorer
from sklearn_losses._warnings import warn_user
from sklearn_losses.path._fit import fit_path
from sklearn_losses.path._grid import GRID_CONSTRAINTS
from sklearn_losses.path._result import RegularizationPath

__all__ = ["regularization_path"]


def _log_loss(estimator, X, y):
    """``sklearn.metrics.log_loss`` of the fit; NaN without probabilities."""
    classes = getattr(estimator, "classes_", None)
    if classes is None or not hasattr(estimator, "predict_proba"):
        return np.nan
    if not np.isin(y, classes).all():
        return np.nan  # labels the estimator never saw
    proba = np.asarray(estimator.predict_proba(X))
    eps = np.finfo(np.float64).eps
    if (
        proba.dtype != np.float64
        or proba.shape != (len(y), len(classes))
        or len(classes) < 2
        or not np.allclose(proba.sum(axis=1), 1.0, rtol=np.sqrt(eps))
    ):
        return float(log_loss(y, proba, labels=classes))
    # log_loss's arithmetic without its label encoding, which costs more
    # than the predictions on small data (one call per fit and part).
    order = np.argsort(classes, kind="stable")
    column = order[np.searchsorted(classes, y, sorter=order)]
    picked = proba[np.arange(len(y)), column]
    return float(np.mean(-np.log(np.clip(picked, eps, 1 - eps))))


def _evaluate(estimators, scorer, train, validation, score_params):
    """Scores and log losses of the fits on the training and validation data.

    ``score_params`` (routed to the scorer) describe the training samples.
    """
    results = {}
    for name, (X, y) in (("train", train), ("validation", validation)):
        if X is None:
            results[f"{name}_scores"] = results[f"{name}_losses"] = None
            continue
        kwargs = score_params if name == "train" else {}
        results[f"{name}_scores"] = [
            float(scorer(est, X, y, **kwargs)) for est in estimators
        ]
        results[f"{name}_losses"] = [_log_loss(est, X, y) for est in estimators]
    return results


def _routed_params(estimator, scorer, params):
    """``(fit params, train score params)``, routed as ``validation_curve`` does.

    Without metadata routing every parameter goes to every fit and none to
    the scorer. With routing, each goes where it is requested, and metadata
    that an estimator or the scorer could take but did not request raises
    ``UnsetMetadataPassedError``.
    """
    params = dict(params or {})
    if not _routing_enabled():
        return params, {}
    router = (
        MetadataRouter(owner="regularization_path")
        .add(
            estimator=estimator,
            method_mapping=MethodMapping().add(caller="fit", callee="fit"),
        )
        .add(
            scorer=scorer,
            method_mapping=MethodMapping().add(caller="fit", callee="score"),
        )
    )
    try:
        routed = process_routing(router, "fit", **params)
    except UnsetMetadataPassedError as exc:
        # the caller called regularization_path, not a fit of it
        raise UnsetMetadataPassedError(
            message=str(exc).replace("regularization_path.fit", "regularization_path"),
            unrequested_params=exc.unrequested_params,
            routed_params=exc.routed_params,
        ) from None
    return routed["estimator"]["fit"], routed["scorer"]["score"]


@validate_params(
    {
        "estimator": [HasMethods(["fit", "get_params", "set_params"])],
        "X": ["array-like", "sparse matrix"],
        "y": ["array-like"],
        "param_name": [str],
        **GRID_CONSTRAINTS,
        "warm_start": ["boolean"],
        "X_val": ["array-like", "sparse matrix", None],
        "y_val": ["array-like", None],
        "scoring": [str, callable, None],
        "n_jobs": [
            Interval(Integral, None, -1, closed="right"),
            Interval(Integral, 1, None, closed="left"),
            None,
        ],
        "progress": ["boolean"],
        "params": [dict, None],
    },
    # The estimator's fit validates its own parameters inside this call.
    prefer_skip_nested_validation=False,
)
def regularization_path(
    estimator,
    X,
    y,
    *,
    param_name="alpha",
    alphas=None,
    n_alphas=20,
    eps=1e-3,
    warm_start=True,
    X_val=None,
    y_val=None,
    scoring=None,
    n_jobs=None,
    progress=True,
    params=None,
):
    """Fit a classifier for each regularization strength ``alpha``.

    Each fit is a clone of ``estimator`` with its parameter ``param_name``
    set to one of ``alphas``; the estimator is not modified. Any classifier
    with an ``alpha`` parameter works (``LogisticMLPClassifier``,
    scikit-learn's ``MLPClassifier``, ``SGDClassifier``, ...), and so does
    a :class:`~sklearn.pipeline.Pipeline` or any other estimator, with
    ``param_name`` naming the parameter as
    :func:`~sklearn.model_selection.validation_curve` does
    (``"logisticmlpclassifier__alpha"`` for the classifier of
    ``make_pipeline(StandardScaler(), LogisticMLPClassifier())``). Scores,
    losses and the table work with any estimator; the coefficients
    (``coefs_``, :meth:`RegularizationPath.plot`) are those of the final
    step of a pipeline, when it has ``coefs_`` or ``coef_``.

    **Warm starts.** With ``warm_start=True`` each fit starts from the
    solution at the previous alpha (``set_params(warm_start=True,
    alpha=...)`` on a copy of the previous fit), which is much cheaper than
    fitting from scratch. The alphas are visited in the order in which warm
    starts work, and the results are returned in the order given:

    - a network with hidden layers is visited from weak to strong
      regularization: from a strongly regularized network, whose weights are
      (nearly) all zero, gradient methods cannot escape (dead units, zero
      gradient), so a strong-to-weak path would stay collapsed;
    - a model without hidden layers (``hidden_layer_sizes=()``, or an
      estimator without that parameter) is convex in its weights and is
      visited from strong to weak, as glmnet does.

    The warm start is the ``warm_start`` parameter of the estimator that
    owns ``param_name`` (the step of a pipeline: ``"step__warm_start"``);
    a warm-started pipeline refits its other steps, a scaler say, on the
    same data, which gives them the same values.

    Every warm-started fit must start with fresh convergence state
    (iteration count, best loss, no-improvement count, optimizer state):
    ``LogisticMLPClassifier`` does this itself. scikit-learn's
    ``MLPClassifier`` does it with ``solver="lbfgs"`` but keeps its counters
    with ``"adam"`` or ``"sgd"``, and has no public way to reset them, so
    with those solvers every alpha is fitted from scratch (with a warning),
    as is an estimator without a ``warm_start`` parameter.

    When a warm-started network collapses (its predicted probabilities vary
    by less than 1e-4 over the training samples, which is what all-zero
    weights give), it is refitted from scratch, and the cold fit is kept
    (``cold_restarts_``) if it has not collapsed and, for estimators with a
    ``loss_``, reaches a lower training objective. Once the collapse is
    confirmed, stronger alphas are not checked again: more regularization
    only shrinks further. Models without hidden layers are never checked
    (their problem is convex). The stored estimators keep the user's
    ``warm_start`` setting.

    Parameters
    ----------
    estimator : classifier
        An unfitted or fitted classifier (or pipeline) with the parameter
        ``param_name``; it is cloned, never modified.
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Training data.
    y : array-like of shape (n_samples,)
        Training labels, at least two classes.
    param_name : str, default="alpha"
        The parameter to vary, a key of ``estimator.get_params()``:
        ``"<step>__alpha"`` for a step of a pipeline, as in
        :func:`~sklearn.model_selection.validation_curve`. The alphas
        are visited in the order that suits the estimator that owns it
        (see above).
    alphas : array-like of shape (n_alphas,), "auto" or None, default=None
        Positive regularization strengths, in the order the results should
        come in. ``None`` means ``np.logspace(-3, 3, 20)``. They are set as
        the estimator's ``alpha``: for ``LogisticMLPClassifier``, as for
        ``MLPClassifier``, the penalty is divided by the number of training
        samples (see :ref:`penalties`).

        ``"auto"`` chooses them from the data, as
        :func:`~sklearn.linear_model.lasso_path` does: ``n_alphas`` values
        spaced geometrically from ``eps * alpha_max`` up to ``alpha_max``,
        the smallest alpha at which the model ignores its input
        (``alpha_max_`` of the result). Only for a parameter named
        ``alpha`` (or ``"<step>__alpha"``). ``alpha_max`` is

        - exact for a ``LogisticMLPClassifier`` without hidden layer whose
          penalty has an L1 part (``"l1"``, or ``"elasticnet"`` with
          ``l1_ratio > 0``) and no early stopping, alone or as the final
          step of a pipeline (whose earlier steps are fitted on ``X``
          first): the smallest alpha at which every weight is zero,
          ``max |sum_i s_i x_ij g_ik| / l1_ratio``, with ``g_i`` the
          gradient of the loss in the raw output of the best model without
          weights (intercepts alone), and ``s_i`` the class weights;
        - refused at once, naming the cause, without signal in ``X``, with
          ``penalty=None``, and without hidden layer with a penalty that
          has no L1 part (``"l2"``; its weights are zero at no finite
          alpha, as ``ElasticNetCV`` refuses ``l1_ratio=0``);
        - otherwise (hidden layers, other estimators) the
          smallest alpha whose fit collapses (its predicted probabilities
          vary by less than 1e-4 over ``X``), found by bisection in
          log-space: a bracket grown by factors of 10 from ``alpha = 1``,
          then halved until its ends are within 2% of each other, in at
          most 20 fits besides those of the path (``alpha_max_n_fits_``).
          With hidden layers and warm starts, each fit of the search starts
          from the last one that did not collapse, refitted from scratch
          where it collapses, as along the path; the path keeps the
          search's collapsed fit at ``alpha_max`` as its last. A model that
          collapses at every alpha tried, or at none, is an error.
    n_alphas : int, default=20
        The number of alphas with ``alphas="auto"`` (at least 2); ignored
        otherwise.
    eps : float, default=1e-3
        The smallest alpha over the largest with ``alphas="auto"``, in
        (0, 1); ignored otherwise.
    warm_start : bool, default=True
        Start each fit from the previous solution (see above).
    X_val, y_val : array-like, default=None
        Validation data; when given, validation scores and losses are
        recorded for each alpha.
    scoring : str or callable, default=None
        How to score each fit: ``None`` uses ``estimator.score`` (accuracy
        for classifiers); a name is looked up with
        :func:`sklearn_losses.metrics.get_scorer` (which knows this package's
        calibration scorers) and then with scikit-learn's ``get_scorer``; a
        callable is called as ``scoring(estimator, X, y)``.
    n_jobs : int, default=None
        Number of parallel fits (joblib). Used only when the fits are
        independent, that is without warm starts: a warm-started path is
        sequential by nature, and passing ``n_jobs`` other than None or 1
        then warns.
    progress : bool, default=True
        Show a tqdm progress bar over the alphas (on stderr).
    params : dict, default=None
        Metadata, as in :func:`~sklearn.model_selection.validation_curve`.
        Without metadata routing, parameters passed to every fit:
        ``{"sample_weight": w}``, or ``{"step__sample_weight": w}`` for a
        step of a pipeline; scores and losses are then not weighted. With
        routing (``sklearn.set_config(enable_metadata_routing=True)``),
        each goes to the fits and to the scorer (the training scores only:
        the metadata describe the samples of ``X``) that request it
        (``set_fit_request``, ``set_score_request``); metadata passed
        unrequested raise ``UnsetMetadataPassedError``. Either way the
        estimator's ``sample_weight`` also enters the exact ``alpha_max``
        of ``alphas="auto"``. The losses are not weighted.

    Returns
    -------
    path : RegularizationPath
        The fitted estimators and per-alpha figures, in the order of
        ``alphas``.

    See Also
    --------
    RegularizationPath.animate : GIF of the decision boundary along the path.
    animate_regularization_path : Split, scale, fit the path and write the GIF.

    Examples
    --------
    A network with one hidden layer, from weak to strong regularization:

    >>> from sklearn.datasets import load_iris
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sklearn_losses import LogisticMLPClassifier
    >>> from sklearn_losses.path import regularization_path
    >>> X, y = load_iris(return_X_y=True)
    >>> X = StandardScaler().fit_transform(X)
    >>> clf = LogisticMLPClassifier(hidden_layer_sizes=(5,), solver="lbfgs",
    ...                             max_iter=1000, random_state=0)
    >>> path = regularization_path(clf, X, y, alphas=[0.1, 10.0, 1000.0],
    ...                            progress=False)
    >>> path.alphas_
    array([1.e-01, 1.e+01, 1.e+03])
    >>> len(path.estimators_), path.coefs_[0][0].shape
    (3, (4, 5))
    >>> bool(path.train_scores_[0] > path.train_scores_[-1])
    True

    An L1 path without hidden layer (logistic regression) gets sparser as
    alpha grows:

    >>> lasso = LogisticMLPClassifier(hidden_layer_sizes=(), penalty="l1",
    ...                               solver="lbfgs", random_state=0)
    >>> path = regularization_path(lasso, X, y, alphas=[0.1, 1000.0],
    ...                            progress=False)
    >>> bool(path.n_nonzero_[0] > 0), int(path.n_nonzero_[1])
    (True, 0)

    A pipeline, with the parameter named as ``validation_curve`` names it:

    >>> from sklearn.pipeline import make_pipeline
    >>> pipe = make_pipeline(StandardScaler(), LogisticMLPClassifier((),
    ...                                                     solver="lbfgs"))
    >>> path = regularization_path(
    ...     pipe, X, y, param_name="logisticmlpclassifier__alpha",
    ...     alphas=[0.1, 1000.0], progress=False,
    ... )
    >>> path.param_name_, path.train_scores_.round(2).tolist()
    ('logisticmlpclassifier__alpha', [0.98, 0.83])

    A grid chosen from the data: every weight is zero at its largest alpha,
    and only there:

    >>> path = regularization_path(lasso, X, y, alphas="auto", n_alphas=5,
    ...                            progress=False)
    >>> path.alpha_max_method_, round(path.alpha_max_, 2)
    ('exact', 65.25)
    >>> path.n_nonzero_.tolist()
    [7, 7, 5, 4, 0]
    """
    # 1-D labels, so that the scores compare them element by element (a
    # column vector would broadcast); the fits check X against y.
    y = column_or_1d(y, warn=True)
    if (X_val is None) != (y_val is None):
        raise ValueError("Give both X_val and y_val, or neither.")
    if X_val is not None:
        y_val = column_or_1d(y_val, warn=True)
        check_consistent_length(X_val, y_val)
    scorer, scoring_name = resolve_scorer(estimator, scoring)
    fit_params, score_params = _routed_params(estimator, scorer, params)
    if score_params and X_val is not None:
        warn_user(
            f"The metadata routed to the scorer ({', '.join(sorted(score_params))}) "
            "describe the samples of X: the validation scores are computed "
            "without them."
        )
    fits = fit_path(
        estimator,
        X,
        y,
        alphas,
        param_name=param_name,
        grid=(n_alphas, eps),
        warm_start=warm_start,
        n_jobs=n_jobs,
        progress=progress,
        params=fit_params,
    )
    alpha_max = fits.alpha_max
    return RegularizationPath(
        fits.alphas,
        fits.estimators,
        **_evaluate(fits.estimators, scorer, (X, y), (X_val, y_val), score_params),
        warm_started=fits.warm_started,
        cold_restarts=fits.cold_restarts,
        scoring=scoring_name,
        param_name=param_name,
        alpha_max=alpha_max.value if alpha_max else None,
        alpha_max_method=alpha_max.method if alpha_max else None,
        alpha_max_n_fits=alpha_max.n_fits if alpha_max else 0,
    )
