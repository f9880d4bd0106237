"""The regularization path: one fit per alpha, warm-started, and its result."""

import warnings
from numbers import Integral
from typing import NamedTuple

import numpy as np
from sklearn.base import is_classifier
from sklearn.metrics import check_scoring, log_loss
from sklearn.utils import check_consistent_length
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    InvalidParameterError,
    StrOptions,
    validate_params,
)
from sklearn.utils.validation import column_or_1d

from sklearn_losses._io import check_output_file
from sklearn_losses.path._frames import GIF_CONSTRAINTS, RESPONSE_METHODS
from sklearn_losses.path._grid import GRID_CONSTRAINTS, alpha_grid, find_alpha_max
from sklearn_losses.path._varied import Varied, final_step

__all__ = ["RegularizationPath", "regularization_path"]


def _default_alphas():
    return np.logspace(-3, 3, 20)


def _check_alphas(alphas):
    """The values of ``alphas`` (its type is checked by ``validate_params``)."""
    if alphas is None:
        return _default_alphas()
    try:
        arr = np.asarray(alphas, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"alphas must be numbers; got {alphas!r:.60}.") from exc
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(
            f"alphas must be a non-empty 1-D sequence; got shape {arr.shape}."
        )
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError(
            "alphas must be finite and positive (the path is drawn on a log "
            f"scale); got {arr.tolist()[:10]}."
        )
    return arr


def _check_param_name(estimator, param_name):
    """Refuse a ``param_name`` the estimator does not have, naming some it has."""
    params = estimator.get_params(deep=True)
    if param_name in params:
        return
    alphas = [name for name in params if name.rpartition("__")[2] == "alpha"]
    hint = (
        f"; it has {', '.join(map(repr, alphas))}"
        if alphas
        else " (for a pipeline, '<step>__alpha')"
    )
    raise ValueError(
        f"{type(estimator).__name__} has no {param_name!r} parameter; "
        f"name the parameter to vary with param_name{hint}."
    )


def _resolve_scorer(estimator, scoring):
    """Return ``(scorer, name)``; a name goes to this package's ``get_scorer``."""
    if isinstance(scoring, str):
        # ours first, then scikit-learn's names
        from sklearn_losses.metrics import get_scorer

        return get_scorer(scoring), scoring
    if scoring is None:
        name = "accuracy" if is_classifier(estimator) else "score"
    else:
        name = getattr(scoring, "__name__", "score")
    # None gives the estimator's own score (accuracy_score for classifiers).
    return check_scoring(estimator, scoring=scoring), name


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


def _weights(estimator):
    """``(coefs, intercepts)`` of the final step, layer by layer (copies)."""
    estimator = final_step(estimator)
    if hasattr(estimator, "coefs_"):
        coefs = [np.array(c, dtype=float) for c in estimator.coefs_]
        intercepts = [np.array(b, dtype=float) for b in estimator.intercepts_]
    elif hasattr(estimator, "coef_"):
        # Linear scikit-learn models: (n_outputs, n_features) -> (n_in, n_out).
        coefs = [np.atleast_2d(np.array(estimator.coef_, dtype=float)).T]
        intercepts = [np.atleast_1d(np.array(estimator.intercept_, dtype=float))]
    else:
        coefs, intercepts = [], []
    return coefs, intercepts


def _warm_start_keeps_counters(estimator):
    """True for scikit-learn's MLP with adam or sgd.

    Its warm-started ``fit`` keeps ``best_loss_`` and the no-improvement
    count of the previous fit, which stop the next fit after
    ``n_iter_no_change`` epochs, and scikit-learn has no public way to
    reset them.
    """
    from sklearn.neural_network import MLPClassifier, MLPRegressor

    return (
        isinstance(estimator, (MLPClassifier, MLPRegressor))
        and estimator.get_params(deep=False)["solver"] != "lbfgs"
    )


def _use_warm_starts(varied, warm_start, n_jobs):
    """Whether to warm-start, with a warning where it cannot be done."""
    if not warm_start:
        return False
    name = type(varied.owner).__name__
    reason = None
    if varied.warm_start_name not in varied.estimator.get_params(deep=True):
        reason = f"{name} has no warm_start parameter"
    elif _warm_start_keeps_counters(varied.owner):
        reason = (
            f"{name} keeps its convergence counters across warm-started fits "
            "with a stochastic solver, which would stop each fit early "
            "(solver='lbfgs' warm-starts)"
        )
    if reason is not None:
        warnings.warn(
            f"{reason}; every alpha is fitted from scratch.", UserWarning, stacklevel=5
        )
        return False
    if n_jobs not in (None, 1):
        warnings.warn(
            "n_jobs is ignored with warm starts: each fit starts from the "
            "previous one. Pass warm_start=False to fit in parallel.",
            UserWarning,
            stacklevel=5,
        )
    return True


def _fit_warm_path(varied, X, y, alphas, order, fits, bar):
    """Warm-start along ``order``; refit cold where a network collapses.

    Fills ``fits`` (estimators, warm_started, cold_restarts) in place.
    """
    estimators, warm_started, cold_restarts = fits
    check_collapse = varied.hidden
    previous = estimators[order[0]]
    for i in order[1:]:
        fitted, cold_restarts[i], collapsed, _ = varied.fit_next(
            previous, X, y, alphas[i], check_collapse=check_collapse
        )
        warm_started[i] = not cold_restarts[i]
        # Collapse is the answer here; stronger alphas only shrink further,
        # so stop checking.
        check_collapse = check_collapse and not collapsed
        estimators[i] = previous = fitted
        bar.set_postfix(alpha=f"{alphas[i]:.3g}", refresh=False)
        bar.update()


def _parallel(n_jobs):
    """A joblib ``Parallel`` that returns a generator where the backend can.

    A generator lets the progress bar move as fits finish. Backends without
    one (ray, multiprocessing) refuse ``return_as="generator"`` when the
    ``Parallel`` is made, before any work: they return the list at the end.
    """
    from sklearn.utils.parallel import Parallel

    try:
        return Parallel(n_jobs=n_jobs, return_as="generator")
    except ValueError:
        return Parallel(n_jobs=n_jobs, return_as="list")


def _fit_cold_path(varied, X, y, alphas, rest, estimators, bar, n_jobs):
    """Independent fits for the alphas at ``rest``, in parallel with joblib."""
    from sklearn.utils.parallel import delayed

    tasks = (delayed(varied.fit_cold)(X, y, alphas[i]) for i in rest)
    fits = _parallel(n_jobs)(tasks)
    for i, fitted in zip(rest, fits, strict=True):
        estimators[i] = fitted
        bar.update()


def _fit_all(varied, X, y, alphas, *, warm, n_jobs, progress):
    """The fitted estimators and the warm-start flags, in the order of alphas."""
    from tqdm import tqdm

    n_alphas = len(alphas)
    estimators = [None] * n_alphas
    fits = (estimators, np.zeros(n_alphas, bool), np.zeros(n_alphas, bool))
    # Weak to strong for networks, strong to weak for linear models.
    order = np.argsort(alphas if varied.hidden else -alphas, kind="stable")
    # The first fit runs before the progress bar shows, so that a bad
    # parameter fails with its error alone on stderr.
    estimators[order[0]] = varied.fit_cold(X, y, alphas[order[0]])
    with tqdm(
        total=n_alphas,
        initial=1,
        desc="regularization path",
        unit="fit",
        disable=not progress,
    ) as bar:
        if warm:
            _fit_warm_path(varied, X, y, alphas, order, fits, bar)
        else:
            _fit_cold_path(varied, X, y, alphas, order[1:], estimators, bar, n_jobs)
    return fits


def _fit_path(varied, X, y, alphas, alpha_max, **options):
    """:func:`_fit_all`, keeping the bisection's fit at ``alpha_max`` (last)."""
    if alpha_max is None or alpha_max.fit is None:
        return _fit_all(varied, X, y, alphas, **options)
    estimators, warm_started, cold_restarts = _fit_all(
        varied, X, y, alphas[:-1], **options
    )
    return (
        [*estimators, alpha_max.fit],
        np.append(warm_started, False),
        np.append(cold_restarts, False),
    )


def _evaluate(estimators, scorer, train, validation):
    """Scores and log losses of the fits on the training and validation data."""
    results = {}
    for name, (X, y) in (("train", train), ("validation", validation)):
        if X is None:
            results[f"{name}_scores"] = results[f"{name}_losses"] = None
            continue
        results[f"{name}_scores"] = [float(scorer(est, X, y)) for est in estimators]
        results[f"{name}_losses"] = [_log_loss(est, X, y) for est in estimators]
    return results


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
        - otherwise (hidden layers, an L2 penalty, other estimators) the
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
        Parameters passed to every fit, as in
        :func:`~sklearn.model_selection.validation_curve`:
        ``{"sample_weight": w}``, or ``{"step__sample_weight": w}`` for a
        step of a pipeline. The estimator's ``sample_weight`` also enters
        the exact ``alpha_max`` of ``alphas="auto"``. Scores and losses are
        not weighted.

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
    scorer, scoring_name = _resolve_scorer(estimator, scoring)
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
        params=params,
    )
    alpha_max = fits.alpha_max
    return RegularizationPath(
        fits.alphas,
        fits.estimators,
        **_evaluate(fits.estimators, scorer, (X, y), (X_val, y_val)),
        warm_started=fits.warm_started,
        cold_restarts=fits.cold_restarts,
        scoring=scoring_name,
        param_name=param_name,
        alpha_max=alpha_max.value if alpha_max else None,
        alpha_max_method=alpha_max.method if alpha_max else None,
        alpha_max_n_fits=alpha_max.n_fits if alpha_max else 0,
    )


class PathFits(NamedTuple):
    """The fits of a path, in the order of ``alphas``, before any score."""

    alphas: np.ndarray
    estimators: list
    warm_started: np.ndarray
    cold_restarts: np.ndarray
    alpha_max: object  # AlphaMax, or None unless alphas="auto"


def fit_path(
    estimator,
    X,
    y,
    alphas,
    *,
    param_name="alpha",
    grid=(20, 1e-3),
    warm_start=True,
    n_jobs=None,
    progress=False,
    params=None,
):
    """The fits of :func:`regularization_path`, without its scores.

    For callers that score the fits themselves, on data of their own
    (:class:`~sklearn_losses.LogisticMLPClassifierCV`'s held-out folds). The
    arguments are :func:`regularization_path`'s, already validated, with
    ``grid = (n_alphas, eps)``.

    Returns
    -------
    fits : PathFits
    """
    if not _is_auto(alphas):
        alphas = _check_alphas(alphas)
    _check_param_name(estimator, param_name)
    varied = Varied(estimator, param_name, dict(params or {}))
    n_classes = np.unique(y).size
    if n_classes < 2:
        raise ValueError(f"y must hold at least two classes; got {n_classes}.")
    warm = _use_warm_starts(varied, warm_start, n_jobs)
    try:
        alphas, alpha_max = _path_alphas(varied, X, y, alphas, grid, warm)
        estimators, warm_started, cold_restarts = _fit_path(
            varied, X, y, alphas, alpha_max, warm=warm, n_jobs=n_jobs, progress=progress
        )
    except InvalidParameterError as exc:
        # Raised as is, validate_params would name regularization_path in the
        # message instead of the estimator whose parameter it is.
        raise ValueError(str(exc)) from exc
    return PathFits(alphas, estimators, warm_started, cold_restarts, alpha_max)


def _is_auto(alphas):
    return isinstance(alphas, str) and alphas == "auto"


def _path_alphas(varied, X, y, alphas, grid, warm):
    """``(alphas, AlphaMax or None)``: the grid chosen from the data for "auto".

    ``grid`` is ``(n_alphas, eps)``; a bisection warm-starts as the path does.
    """
    if not _is_auto(alphas):
        return alphas, None
    alpha_max = find_alpha_max(varied, X, y, warm)
    return alpha_grid(alpha_max.value, *grid), alpha_max


def _optional_array(values, dtype=float):
    return None if values is None else np.asarray(values, dtype=dtype)


class RegularizationPath:
    """Fits along a regularization path, with a table, a plot and a GIF.

    Usually made by :func:`regularization_path`. Every per-alpha attribute
    follows the order of ``alphas_`` (the order the user gave).

    Parameters
    ----------
    alphas : array-like of shape (n_alphas,)
        The regularization strengths.
    estimators : list of fitted estimators
        One fitted estimator per alpha.
    train_scores, train_losses : array-like of shape (n_alphas,)
        Score and log loss of each estimator on its training data.
    validation_scores, validation_losses : array-like of shape (n_alphas,), \
default=None
        The same on validation data, if any.
    warm_started : array-like of bool, default=None
        Whether each kept fit started from the previous solution.
    cold_restarts : array-like of bool, default=None
        Whether a collapsed warm start was replaced by a cold fit.
    scoring : str, default="accuracy"
        Name of the score, for titles and labels.
    param_name : str, default="alpha"
        The parameter varied (``"step__alpha"`` for a step of a pipeline).
    alpha_max : float, default=None
        The smallest alpha at which the model ignores its input, when the
        grid was chosen from the data (``alphas="auto"``).
    alpha_max_method : {"exact", "bisection"}, default=None
        How ``alpha_max`` was found.
    alpha_max_n_fits : int, default=0
        The fits the bisection took (0 when exact).

    Attributes
    ----------
    alphas_ : ndarray of shape (n_alphas,)
        The regularization strengths.
    estimators_ : list of estimators
        The fitted estimator for each alpha.
    coefs_ : list of list of ndarray
        ``coefs_[i][layer]``: weight matrix (n_in, n_out) of each layer for
        alpha ``i`` (``coef_.T`` for linear scikit-learn models), of the
        final step of a pipeline; empty lists for estimators without either.
    intercepts_ : list of list of ndarray
        ``intercepts_[i][layer]``: the intercepts, likewise.
    train_scores_ : ndarray of shape (n_alphas,)
        Training score (``scoring_``).
    train_losses_ : ndarray of shape (n_alphas,)
        Mean log loss of the predicted probabilities on the training data
        (:func:`sklearn.metrics.log_loss`), whatever loss the estimator was
        trained with, without the penalty (NaN for estimators without
        ``predict_proba``).
    objectives_ : ndarray of shape (n_alphas,)
        The final training objective (the ``loss_`` of the estimator, or of
        a pipeline's final step, penalty included), NaN without ``loss_``.
    validation_scores_, validation_losses_ : ndarray or None
        Score and log loss on the validation data; None without it.
    n_nonzero_ : ndarray of int of shape (n_alphas,)
        Number of weights (intercepts excluded) that are exactly non-zero.
    n_iter_ : ndarray of shape (n_alphas,)
        Iterations of each kept fit (the estimator's ``n_iter_``, its
        maximum over classes for linear models); NaN where unknown.
    warm_started_ : ndarray of bool of shape (n_alphas,)
        Whether each kept fit started from the previous solution.
    cold_restarts_ : ndarray of bool of shape (n_alphas,)
        Where a collapsed warm start was replaced by a fit from scratch.
    scoring_ : str
        Name of the score.
    param_name_ : str
        The parameter varied, as given to :func:`regularization_path`.
    alpha_max_ : float or None
        With ``alphas="auto"``: the smallest alpha at which the model ignores
        its input, the largest of ``alphas_``; None for alphas given.
    alpha_max_method_ : {"exact", "bisection"} or None
        ``"exact"``: the largest absolute gradient of the data term at zero
        weights (no hidden layer, an L1 part); ``"bisection"``: the smallest
        alpha found whose fit collapses.
    alpha_max_n_fits_ : int
        The extra fits the bisection took (0 otherwise).
    ax_, figure_, lines_ :
        Set by :meth:`plot`.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn_losses import LogisticMLPClassifier
    >>> from sklearn_losses.path import regularization_path
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = LogisticMLPClassifier(hidden_layer_sizes=(), solver="lbfgs")
    >>> path = regularization_path(clf, X, y, alphas=[0.1, 10.0], progress=False)
    >>> path
    RegularizationPath(n_alphas=2, alphas=[0.1 ... 10], scoring='accuracy')
    >>> list(path.to_frame().columns[:4])
    ['alpha', 'train_score', 'train_loss', 'objective']
    """

    def __init__(
        self,
        alphas,
        estimators,
        *,
        train_scores,
        train_losses,
        validation_scores=None,
        validation_losses=None,
        warm_started=None,
        cold_restarts=None,
        scoring="accuracy",
        param_name="alpha",
        alpha_max=None,
        alpha_max_method=None,
        alpha_max_n_fits=0,
    ):
        self.alphas_ = np.asarray(alphas, dtype=float)
        n_alphas = len(self.alphas_)
        if len(estimators) != n_alphas:
            raise ValueError(f"Got {len(estimators)} estimators for {n_alphas} alphas.")
        self.estimators_ = list(estimators)
        weights = [_weights(est) for est in self.estimators_]
        finals = [final_step(est) for est in self.estimators_]
        self.coefs_ = [coefs for coefs, _ in weights]
        self.intercepts_ = [intercepts for _, intercepts in weights]
        self.train_scores_ = np.asarray(train_scores, dtype=float)
        self.train_losses_ = np.asarray(train_losses, dtype=float)
        self.objectives_ = np.array(
            [float(getattr(est, "loss_", np.nan)) for est in finals]
        )
        self.validation_scores_ = _optional_array(validation_scores)
        self.validation_losses_ = _optional_array(validation_losses)
        self.n_nonzero_ = np.array(
            [sum(int(np.count_nonzero(c)) for c in coefs) for coefs in self.coefs_]
        )
        n_iter = [getattr(est, "n_iter_", None) for est in finals]
        self.n_iter_ = np.array(
            [np.nan if n is None else float(np.max(n)) for n in n_iter]
        )
        if not np.isnan(self.n_iter_).any():
            self.n_iter_ = self.n_iter_.astype(int)
        no_flags = np.zeros(n_alphas, dtype=bool)
        self.warm_started_ = _optional_array(warm_started, bool)
        if self.warm_started_ is None:
            self.warm_started_ = no_flags.copy()
        self.cold_restarts_ = _optional_array(cold_restarts, bool)
        if self.cold_restarts_ is None:
            self.cold_restarts_ = no_flags.copy()
        self.scoring_ = scoring
        self.param_name_ = param_name
        self.alpha_max_ = None if alpha_max is None else float(alpha_max)
        self.alpha_max_method_ = alpha_max_method
        self.alpha_max_n_fits_ = int(alpha_max_n_fits)

    def __repr__(self):
        alphas = self.alphas_
        shown = (
            f"{alphas[0]:.3g}"
            if len(alphas) == 1
            else (f"{alphas[0]:.3g} ... {alphas[-1]:.3g}")
        )
        return (
            f"RegularizationPath(n_alphas={len(alphas)}, alphas=[{shown}], "
            f"scoring={self.scoring_!r})"
        )

    def to_frame(self):
        """One row per alpha, in the order of ``alphas_``.

        Returns
        -------
        frame : pandas.DataFrame
            Columns ``alpha``, ``train_score``, ``train_loss`` (log loss),
            ``objective`` (the estimator's final ``loss_``), ``n_nonzero``,
            ``n_iter``, ``warm_started``, ``cold_restart``, and
            ``validation_score`` and ``validation_loss`` when validation
            data was given.

        Examples
        --------
        >>> from sklearn_losses import LogisticMLPClassifier
        >>> from sklearn_losses.datasets import load_iris_pair
        >>> from sklearn_losses.path import regularization_path
        >>> X, y = load_iris_pair(return_X_y=True)
        >>> path = regularization_path(
        ...     LogisticMLPClassifier(hidden_layer_sizes=(), solver="lbfgs"),
        ...     X, y, alphas=[0.1, 10.0], X_val=X, y_val=y, progress=False,
        ... )
        >>> frame = path.to_frame()
        >>> frame.shape
        (2, 10)
        >>> frame["n_nonzero"].tolist()  # two features, one output
        [2, 2]
        """
        import pandas as pd

        columns = {
            "alpha": self.alphas_,
            "train_score": self.train_scores_,
            "train_loss": self.train_losses_,
            "objective": self.objectives_,
            "n_nonzero": self.n_nonzero_,
            "n_iter": self.n_iter_,
            "warm_started": self.warm_started_,
            "cold_restart": self.cold_restarts_,
        }
        if self.validation_scores_ is not None:
            columns["validation_score"] = self.validation_scores_
            columns["validation_loss"] = self.validation_losses_
        return pd.DataFrame(columns)

    @validate_params(
        {
            "ax": "no_validation",
            "layer": [Interval(Integral, 0, None, closed="left"), None],
        },
        prefer_skip_nested_validation=True,
    )
    def plot(self, ax=None, *, layer=None):
        """Draw every weight against alpha (log scale).

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw; a new figure when None.
        layer : int, default=None
            Only the weights of this layer (0 is the input layer); all layers,
            one colour each, when None.

        Returns
        -------
        self : RegularizationPath
            With ``ax_``, ``figure_`` and ``lines_`` (a list of Line2D) set.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from sklearn_losses import LogisticMLPClassifier
        >>> from sklearn_losses.datasets import load_iris_pair
        >>> from sklearn_losses.path import regularization_path
        >>> path = regularization_path(
        ...     LogisticMLPClassifier(hidden_layer_sizes=(3,), solver="lbfgs"),
        ...     *load_iris_pair(return_X_y=True), alphas=[0.1, 10], progress=False,
        ... )
        >>> path.plot().ax_.get_xscale()
        'log'
        >>> len(path.lines_)  # 2 x 3 weights into the hidden layer, 3 out of it
        9
        """
        from sklearn_losses.path._display import plot_coefficients

        self.ax_, self.lines_ = plot_coefficients(self, ax, layer)
        self.figure_ = self.ax_.figure
        return self

    @validate_params(
        {
            "X": ["array-like"],
            "y": ["array-like"],
            **GIF_CONSTRAINTS,
            "features": ["array-like"],
            "response_method": [StrOptions(set(RESPONSE_METHODS))],
            "feature_names": ["array-like", None],
            "class_names": ["array-like", None],
            "progress": ["boolean"],
        },
        prefer_skip_nested_validation=True,
    )
    def animate(
        self,
        X,
        y,
        filename,
        *,
        features=(0, 1),
        grid_resolution=200,
        fps=2,
        response_method="auto",
        feature_names=None,
        class_names=None,
        frame_size=(640, 480),
        dpi=100,
        progress=False,
    ):
        """Write a GIF of the decision boundary, one frame per alpha.

        Each frame shows the decision regions in the class colours, shaded in
        bands of the predicted probability (pale where the model is unsure,
        nearly white along a two-class boundary; for two classes each band
        is 1/16 of probability wide) and the points ``(X, y)``. The axes are
        named by the features, the legend by the classes, and the title
        names the loss, the penalty and alpha (for example ``log_loss, l2
        penalty, alpha = 0.0336``, from the parameters of each estimator,
        the final step of a pipeline), then the training (and validation)
        score of the full model. Axes, colours and the frame size stay
        fixed; frames follow the order of ``alphas_``.

        With more than two features, the two in ``features`` span the plane
        and every other feature is held at its median in ``X``: the picture
        is a slice of the model, and a note at the bottom of each frame says
        so, with the values held ("other 2 features held at their medians:
        sepal width (cm) = 3, ..."). The scores in the title remain those of
        the full model, on all features, and say so.

        The frames are drawn by updating one figure (Agg canvas) and written
        with Pillow to a temporary file in the destination folder, which is
        then renamed: an error or an interrupt leaves no file behind, and the
        file is closed in any case. The limits of the format are checked
        before any drawing: at most 1000 frames and 20 classes, and a grid
        of at most 256 MiB (``grid_resolution ** 2 * n_features`` floats).
        :class:`~sklearn_losses.path.RegularizationPathDisplay` draws the
        same pictures as a grid of panels, or as an animation in Jupyter.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Points to draw (usually the training data); numeric.
        y : array-like of shape (n_samples,)
            Their labels, among the estimators' ``classes_``.
        filename : str or path-like
            Where to write the GIF (must end in ``.gif``).
        features : pair of int or str, default=(0, 1)
            The two features on the x and y axes: column indices, or column
            names (of ``feature_names``, of ``X`` when it is a DataFrame, or
            those the estimators were fitted on).
        grid_resolution : int, default=200
            Grid points per axis for the decision regions (2 to 2000).
        fps : float, default=2
            Frames per second, from 0.0016 to 50. A GIF stores each frame's
            delay in hundredths of a second, from 0.01 to 655.35 s: each
            frame lasts ``100 / fps`` hundredths rounded to a whole one.
            Browsers show delays under 0.02 s as 0.1 s, hence at most 50.
        response_method : {"auto", "predict_proba", "decision_function", \
"predict"}, default="auto"
            What shades the regions. "auto" tries them in that order.
            Decision values go through a sigmoid (softmax) to look like
            probabilities; "predict" gives flat regions.
        feature_names : array-like of str of shape (n_features,), default=None
            Names of the columns of ``X``, for the axes and the note on held
            features; by default the column names of ``X`` (a DataFrame) or
            the estimators' ``feature_names_in_``, else "feature 0", ...
        class_names : array-like of str of shape (n_classes,), default=None
            Names of the estimators' ``classes_``, in that order, for the
            legend; by default the class labels themselves.
        frame_size : (int, int), default=(640, 480)
            Width and height of each frame in pixels, each from 64 to 4096.
        dpi : float, default=100
            Dots per inch, from 10 to 1000: text of 10 points is
            ``10 * dpi / 72`` pixels high, so a larger dpi draws larger text
            on a frame of the same size.
        progress : bool, default=False
            Show a progress bar over the frames drawn (on stderr).

        Returns
        -------
        filename : str
            The path written.

        See Also
        --------
        animate_regularization_path : Split, scale, fit the path and write
            the GIF in one call.

        Examples
        --------
        >>> import os, tempfile
        >>> import imageio.v3 as iio
        >>> from sklearn.datasets import load_iris
        >>> from sklearn_losses import LogisticMLPClassifier
        >>> from sklearn_losses.path import regularization_path
        >>> X, y = load_iris(return_X_y=True)
        >>> clf = LogisticMLPClassifier(hidden_layer_sizes=(5,), solver="lbfgs",
        ...                             max_iter=1000, random_state=0)
        >>> path = regularization_path(clf, X, y, alphas=[0.1, 10], progress=False)
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     gif = path.animate(
        ...         X, y, os.path.join(folder, "path.gif"), features=(2, 3),
        ...         grid_resolution=40,
        ...     )
        ...     iio.improps(gif, index=None).shape[0]
        2
        """
        from sklearn_losses.path._animate import write_boundary_gif

        return write_boundary_gif(
            self,
            X,
            y,
            check_output_file(filename, (".gif",)),
            plane_options={
                "features": features,
                "grid_resolution": grid_resolution,
                "names": (feature_names, class_names),
                "response_method": response_method,
            },
            gif_options={
                "fps": fps,
                "style": {"frame_size": frame_size, "dpi": dpi},
                "progress": progress,
            },
        )
