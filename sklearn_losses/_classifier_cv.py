"""LogisticMLPClassifierCV: alpha chosen by warm-started paths, one per fold."""

import inspect
from numbers import Integral

import numpy as np
from scipy.stats import rankdata
from sklearn.base import _fit_context
from sklearn.model_selection import check_cv
from sklearn.utils import _safe_indexing
from sklearn.utils.metadata_routing import (
    MetadataRouter,
    MethodMapping,
    _routing_enabled,
    process_routing,
)
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import _check_method_params, validate_data

from sklearn_losses._classifier import LogisticMLPClassifier
from sklearn_losses._constraints import Count
from sklearn_losses._fit_state import fitted_state, unchanged_on_error
from sklearn_losses._validation import check_alphas, check_sample_weight
from sklearn_losses._warnings import warn_user

__all__ = ["LogisticMLPClassifierCV"]

# What this estimator chooses, or has no use for: not passed to the fits.
_NOT_INHERITED = ("alpha", "warm_start")
_OWN = ("alphas", "cv", "scoring", "n_jobs", "refit")


def _fold_scores(estimator, X, y, sample_weight, split, alphas, scorer, score_params):
    """Held-out scores along a warm-started path fitted on one fold.

    ``score_params`` are the scorer's, for all the samples (routed or, without
    metadata routing, the weights when the scorer takes them).
    """
    from sklearn_losses.path._fit import fit_path

    train, test = split
    fit_params = {}
    if sample_weight is not None:
        fit_params["sample_weight"] = sample_weight[train]
    # the path's fits, scored here on the held-out part only
    path = fit_path(
        estimator, _safe_indexing(X, train), y[train], alphas, params=fit_params
    )
    X_test, y_test = _safe_indexing(X, test), y[test]
    score_params = _check_method_params(X, score_params, test)
    return [
        _number(scorer(fit, X_test, y_test, **score_params), scorer)
        for fit in path.estimators
    ]


def _number(score, scorer):
    try:
        return float(score)
    except (TypeError, ValueError):
        raise ValueError(
            f"scoring must return a number; {scorer!r:.80} returned {score!r:.80}."
        ) from None


def _accepts_sample_weight(scorer):
    """Whether ``scorer`` takes ``sample_weight``, as ``GridSearchCV`` asks."""
    if hasattr(scorer, "_accept_sample_weight"):
        return scorer._accept_sample_weight()
    return "sample_weight" in inspect.signature(scorer).parameters


def _manual_routing(scorer, sample_weight, params):
    """``(split params, score params)`` without metadata routing.

    As ``GridSearchCV.fit``: ``groups`` goes to the splitter, the weights to
    the scorer when it takes them (else a warning); nothing else is known.
    """
    unknown = sorted(set(params) - {"groups"})
    if unknown:
        raise TypeError(
            f"LogisticMLPClassifierCV.fit got unexpected argument(s) {unknown}: "
            "without metadata routing it takes sample_weight and groups (for "
            "the splitter). Enable routing, sklearn.set_config("
            "enable_metadata_routing=True), to pass metadata the splitter or "
            "the scorer requests."
        )
    score_params = {}
    if sample_weight is not None:
        if _accepts_sample_weight(scorer):
            score_params["sample_weight"] = sample_weight
        else:
            _warn_unweighted_scores(scorer)
    split_params = {"groups": params["groups"]} if "groups" in params else {}
    return split_params, score_params


def _warn_unweighted_scores(scorer):
    warn_user(
        f"The scoring {scorer} does not support sample_weight: the held-out "
        "scores are unweighted, which may not be what the weights mean."
    )


def _check_folds_train_every_class(y, splits):
    """Refuse a fold whose models could never predict some class."""
    classes = np.unique(y)
    for k, (train, _) in enumerate(splits):
        missing = np.setdiff1d(classes, y[train])
        if missing.size:
            raise ValueError(
                f"The training part of fold {k} has no sample of the classes "
                f"{missing.tolist()[:5]}: its models could not predict them. "
                "Use folds that train on every class (an int cv is "
                "StratifiedKFold)."
            )


def _refitted(cv_estimator):
    """Only a refitted model predicts, as in ``GridSearchCV``."""
    if not cv_estimator.refit:
        raise AttributeError(
            "This LogisticMLPClassifierCV was fitted with refit=False, so it "
            "has no model to predict with: refit with refit=True, or fit a "
            "LogisticMLPClassifier with alpha=alpha_."
        )
    return True


def _never(_):
    # partial_fit would train on without choosing alpha again
    return False


def _cv_results(alphas, scores):
    """``GridSearchCV``'s ``cv_results_`` keys for the grid over ``alpha``."""
    mean = scores.mean(axis=0)
    results = {"param_alpha": alphas.copy(), "params": [{"alpha": a} for a in alphas]}
    for k, fold in enumerate(scores):
        results[f"split{k}_test_score"] = fold.copy()
    results["mean_test_score"] = mean
    results["std_test_score"] = scores.std(axis=0)
    # as GridSearchCV ranks: ties share the best rank, NaN comes last
    ranks = rankdata(-np.where(np.isnan(mean), -np.inf, mean), method="min")
    results["rank_test_score"] = ranks.astype(np.int32)
    return results


class LogisticMLPClassifierCV(LogisticMLPClassifier):
    """:class:`LogisticMLPClassifier` with ``alpha`` chosen by cross-validation.

    As :class:`~sklearn.linear_model.LogisticRegressionCV` and
    :class:`~sklearn.linear_model.LassoCV` do, each fold fits a warm-started
    regularization path (:func:`~sklearn_losses.path.regularization_path`)
    on its training part and scores every alpha on its held-out part. Each
    fit starts from the previous alpha's solution, so a path costs far less
    than as many fits from scratch, which is what
    :class:`~sklearn.model_selection.GridSearchCV` over ``alpha`` does.
    Without hidden layers the path goes from strong to weak regularization,
    with hidden layers from weak to strong (see
    :func:`~sklearn_losses.path.regularization_path`).

    The folds run in parallel with joblib (``n_jobs``), so any joblib
    backend applies: processes on this machine, or a dask or ray cluster
    (see :ref:`scaling_out`). Within a fold the path is sequential.

    ``alpha_`` is the alpha of the best mean score over the folds; among
    alphas with the same best mean (frequent with accuracy), the largest,
    the most regularized model, as ``LogisticRegressionCV`` (whose first
    ``C`` is its strongest). ``GridSearchCV`` takes the first of its grid
    instead. With ``refit=True`` a :class:`LogisticMLPClassifier` with
    ``alpha=alpha_`` is then fitted on all the data, from scratch, and this
    estimator predicts with it.

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default=(100,)
        Sizes of the hidden layers; ``()`` for logistic regression.
    alphas : int or array-like of shape (n_alphas,), default=20
        The alphas to try: positive numbers (``alphas_`` holds them sorted,
        without repeats), or an int ``n`` for ``1 / np.logspace(-4, 4, n)``:
        ``alpha = 1 / C`` of ``LogisticRegressionCV``'s ``Cs=n`` (from
        ``1e-4`` to ``1e4``; ``n = 1`` tries ``alpha = 1e4`` alone, as
        ``Cs=1`` tries ``C = 1e-4``). ``alpha`` means what it means in
        ``LogisticMLPClassifier`` (the penalty is divided by the number of
        training samples), so the
        same alpha regularizes each fold's fit as it does the refit on all
        the data.
    cv : int, cross-validation generator or iterable, default=5
        As in ``GridSearchCV``: an int ``k`` is
        :class:`~sklearn.model_selection.StratifiedKFold` with ``k`` folds.
    scoring : str, callable or None, default=None
        How to score each alpha on each held-out fold, greater is better.
        ``None`` is accuracy (the estimator's ``score``); a name is looked
        up with :func:`sklearn_losses.metrics.get_scorer`, which knows this
        package's calibration scorers (``"neg_expected_calibration_error"``,
        ``"neg_brier_score"``, ...) as well as scikit-learn's names
        (``"neg_log_loss"``); a callable is called as ``scoring(estimator,
        X, y)``.
    n_jobs : int, default=None
        Folds fitted in parallel by joblib; None is 1 outside a
        :func:`joblib.parallel_backend` context, -1 is all processors.
    refit : bool, default=True
        Fit a ``LogisticMLPClassifier`` with ``alpha=alpha_`` on all the
        data. Without it, the estimator records the scores and ``alpha_``
        but cannot predict.
    activation, loss, penalty, l1_ratio, solver, batch_size, \
learning_rate_init, learning_rate, power_t, max_iter, tol, n_iter_no_change, \
max_fun, early_stopping, validation_fraction, class_weight, shuffle, random_state, \
verbose, momentum, nesterovs_momentum, beta_1, beta_2, epsilon, dtype
        As in :class:`LogisticMLPClassifier`, for every fit: those of the
        paths and the refit. ``random_state`` seeds each of them the same
        way (an int gives results that do not depend on ``n_jobs`` or the
        joblib backend).

    Attributes
    ----------
    alpha_ : float
        The chosen alpha.
    alphas_ : ndarray of shape (n_alphas,)
        The alphas tried, in increasing order.
    scores_ : ndarray of shape (n_folds, n_alphas)
        The score of each alpha on each held-out fold.
    cv_results_ : dict of ndarray
        ``GridSearchCV``'s keys for the grid over ``alpha`` (``param_alpha``,
        ``params``, ``split{k}_test_score``, ``mean_test_score``,
        ``std_test_score``, ``rank_test_score``), in the order of
        ``alphas_``; ``pandas.DataFrame(cv_results_)`` makes the table.
    best_index_ : int
        The index of ``alpha_`` in ``alphas_``.
    best_score_ : float
        The mean score over the folds at ``alpha_``.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features, when ``X`` has string column names.
    classes_, coefs_, intercepts_, solver_, n_iter_, loss_, loss_curve_, ...
        With ``refit=True``, the fitted attributes of the refitted
        :class:`LogisticMLPClassifier`.

    See Also
    --------
    LogisticMLPClassifier : The estimator, with ``alpha`` given.
    sklearn_losses.path.regularization_path : The path fitted on each fold.
    sklearn.linear_model.LogisticRegressionCV : The same for ``C``.

    Examples
    --------
    >>> from sklearn.datasets import load_breast_cancer
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sklearn_losses import LogisticMLPClassifierCV
    >>> X, y = load_breast_cancer(return_X_y=True)
    >>> clf = make_pipeline(
    ...     StandardScaler(),
    ...     LogisticMLPClassifierCV((), alphas=[0.01, 1.0, 100.0],
    ...                             scoring="neg_log_loss"),
    ... ).fit(X, y)
    >>> cv = clf[-1]
    >>> float(cv.alpha_), cv.scores_.shape
    (1.0, (5, 3))
    >>> cv.cv_results_["rank_test_score"].tolist()
    [3, 1, 2]
    >>> bool(clf.score(X, y) > 0.97)
    True
    """

    _parameter_constraints = {
        **{
            name: constraint
            for name, constraint in LogisticMLPClassifier._parameter_constraints.items()
            if name not in _NOT_INHERITED
        },
        "alphas": [Count(Integral, 1, None, closed="left"), "array-like"],
        "cv": ["cv_object"],
        "scoring": [str, callable, None],
        "n_jobs": [
            Count(Integral, None, -1, closed="right"),
            Count(Integral, 1, None, closed="left"),
            None,
        ],
        "refit": ["boolean"],
    }

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        *,
        alphas=20,
        cv=5,
        scoring=None,
        n_jobs=None,
        refit=True,
        activation="relu",
        loss="log_loss",
        penalty="l2",
        l1_ratio=0.15,
        solver="auto",
        batch_size="auto",
        learning_rate_init=1e-3,
        learning_rate="constant",
        power_t=0.5,
        max_iter=200,
        tol=1e-4,
        n_iter_no_change=10,
        max_fun=15000,
        early_stopping=False,
        validation_fraction=0.1,
        class_weight=None,
        shuffle=True,
        random_state=None,
        verbose=False,
        momentum=0.9,
        nesterovs_momentum=True,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        dtype=None,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.alphas = alphas
        self.cv = cv
        self.scoring = scoring
        self.n_jobs = n_jobs
        self.refit = refit
        self.activation = activation
        self.loss = loss
        self.penalty = penalty
        self.l1_ratio = l1_ratio
        self.solver = solver
        self.batch_size = batch_size
        self.learning_rate_init = learning_rate_init
        self.learning_rate = learning_rate
        self.power_t = power_t
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.max_fun = max_fun
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.class_weight = class_weight
        self.shuffle = shuffle
        self.random_state = random_state
        self.verbose = verbose
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.dtype = dtype

    def _single_estimator(self):
        """The ``LogisticMLPClassifier`` that every fit clones."""
        params = self.get_params(deep=False)
        return LogisticMLPClassifier(
            **{name: value for name, value in params.items() if name not in _OWN}
        )

    def _alpha_grid(self):
        if isinstance(self.alphas, Integral):
            # alpha = 1 / C of LogisticRegressionCV's Cs = np.logspace(-4, 4,
            # n): the same set for n > 1, but C = 1e-4 (alpha 1e4) for n = 1
            return np.sort(1 / np.logspace(-4, 4, self.alphas))
        return np.unique(check_alphas(self.alphas))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # the folds and the path are drawn for labels: y must be 1-D
        tags.classifier_tags.multi_label = False
        return tags

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, **params):
        """Choose ``alpha`` by cross-validation, then refit on all the data.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data; sparse matrices are used in CSR form.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples: each fold's fits get the weights of
            their training part, and the refit all of them. Without metadata
            routing, the held-out scores get the weights of the held-out
            part when the scorer takes ``sample_weight`` (else a warning), as
            ``GridSearchCV`` does; with routing, when the scorer requests
            them (``get_scorer(name).set_score_request(sample_weight=True)``),
            else the fit raises ``UnsetMetadataPassedError``, as
            ``LogisticRegressionCV`` does.
        **params : dict
            Metadata for the splitter and the scorer. Without metadata
            routing only ``groups``, passed to the splitter's ``split`` (for
            :class:`~sklearn.model_selection.GroupKFold`), as
            ``GridSearchCV.fit`` takes it. With routing
            (``sklearn.set_config(enable_metadata_routing=True)``), any
            metadata the splitter or the scorer requests (see
            :meth:`get_metadata_routing`).

        Returns
        -------
        self : LogisticMLPClassifierCV
            Fitted estimator.
        """
        # a fit that raises leaves the previous fit as it was
        with unchanged_on_error(self):
            return self._fit_checked(X, y, sample_weight, params)

    def _scorer(self):
        from sklearn_losses._scoring import resolve_scorer

        # None is accuracy, as the estimator's score, but as a scorer object
        # whose requests a router can read
        return resolve_scorer(self._single_estimator(), self.scoring or "accuracy")[0]

    def _routed(self, scorer, sample_weight, params):
        """``(split params, score params)``: routed, or as ``GridSearchCV``."""
        if not _routing_enabled():
            return _manual_routing(scorer, sample_weight, params)
        routed = process_routing(self, "fit", sample_weight=sample_weight, **params)
        return routed["splitter"]["split"], routed["scorer"]["score"]

    def _fit_checked(self, X, y, sample_weight, params):
        dtype = [np.float64, np.float32] if self.dtype is None else self.dtype
        X, y = validate_data(self, X, y, accept_sparse=["csr"], dtype=dtype)
        check_classification_targets(y)
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, X.shape[0])
        alphas = self._alpha_grid()
        estimator = self._single_estimator()
        scorer = self._scorer()
        split_params, score_params = self._routed(scorer, sample_weight, params)
        cv = check_cv(self.cv, y, classifier=True)
        splits = list(cv.split(X, y, **split_params))
        _check_folds_train_every_class(y, splits)
        scores = Parallel(n_jobs=self.n_jobs)(
            delayed(_fold_scores)(
                estimator, X, y, sample_weight, split, alphas, scorer, score_params
            )
            for split in splits
        )
        fitted = self._choice(alphas, np.asarray(scores, dtype=np.float64))
        if self.refit:
            model = estimator.set_params(alpha=fitted["alpha_"])
            model.fit(X, y, sample_weight=sample_weight)
            fitted.update(fitted_state(model))
        # no fitted attribute of an earlier fit survives (its refit model, say)
        kept = {"n_features_in_", "feature_names_in_"}
        for name in list(vars(self)):
            if name.endswith("_") and not name.startswith("_") and name not in kept:
                delattr(self, name)
        vars(self).update(fitted)
        return self

    def get_metadata_routing(self):
        """How :meth:`fit` routes metadata, as ``LogisticRegressionCV``.

        ``sample_weight`` is the estimator's own (every fit takes it);
        :meth:`fit` routes the rest of its metadata to the splitter's
        ``split`` (``groups`` for a group splitter) and to the scorer
        (``sample_weight`` when the scorer requests it). Used only with
        ``sklearn.set_config(enable_metadata_routing=True)``.

        Returns
        -------
        routing : MetadataRouter
            The routing of :meth:`fit` and :meth:`score`.

        Examples
        --------
        >>> import sklearn
        >>> from sklearn.model_selection import GroupKFold
        >>> from sklearn_losses import LogisticMLPClassifierCV
        >>> clf = LogisticMLPClassifierCV(cv=GroupKFold(3))
        >>> with sklearn.config_context(enable_metadata_routing=True):
        ...     routing = clf.get_metadata_routing()
        >>> sorted(routing.consumes("fit", ["groups", "sample_weight"]))
        ['groups']
        """
        return (
            MetadataRouter(owner=self)
            .add_self_request(self)
            .add(
                splitter=self.cv,
                method_mapping=MethodMapping().add(caller="fit", callee="split"),
            )
            .add(
                scorer=self._scorer(),
                method_mapping=MethodMapping().add(caller="fit", callee="score"),
            )
        )

    @staticmethod
    def _choice(alphas, scores):
        """The fitted attributes of the search: the best alpha and the table."""
        results = _cv_results(alphas, scores)
        mean = results["mean_test_score"]
        if np.all(np.isnan(mean)):
            raise ValueError(
                "Every alpha scored NaN on some fold; check scoring and the data."
            )
        # the largest alpha among the best: the simplest of equal models
        best = np.flatnonzero(mean == np.nanmax(mean))[-1]
        return {
            "alphas_": alphas,
            "scores_": scores,
            "cv_results_": results,
            "best_index_": int(best),
            "best_score_": float(mean[best]),
            "alpha_": float(alphas[best]),
        }

    def __sklearn_is_fitted__(self):
        return hasattr(self, "coefs_" if self.refit else "alpha_")

    partial_fit = available_if(_never)(LogisticMLPClassifier.partial_fit)
    predict = available_if(_refitted)(LogisticMLPClassifier.predict)
    predict_proba = available_if(_refitted)(LogisticMLPClassifier.predict_proba)
    predict_log_proba = available_if(_refitted)(LogisticMLPClassifier.predict_log_proba)
    decision_function = available_if(_refitted)(LogisticMLPClassifier.decision_function)

    @available_if(_refitted)
    def score(self, X, y, sample_weight=None):
        """Accuracy of the refitted model on ``(X, y)``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        score : float
            :func:`sklearn.metrics.accuracy_score` of :meth:`predict`.
        """
        return super().score(X, y, sample_weight=sample_weight)
