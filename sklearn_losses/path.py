"""Regularization paths: one fit per alpha, warm-started, and pictures of them.

:func:`regularization_path` fits a classifier for each value of its ``alpha``
parameter and returns a :class:`RegularizationPath`, which tabulates the fits
(:meth:`~RegularizationPath.to_frame`), draws the coefficients against alpha
(:meth:`~RegularizationPath.plot`) and writes a GIF of the decision boundary,
one frame per alpha (:meth:`~RegularizationPath.animate`).
"""

import copy
import numbers
import os
import warnings

import numpy as np
from sklearn.base import ClassifierMixin, clone, is_classifier
from sklearn.utils import check_consistent_length
from sklearn.utils.validation import check_array, column_or_1d

from sklearn_losses._io import atomic_write
from sklearn_losses._validation import check_scalar_in_range

__all__ = ["RegularizationPath", "regularization_path"]

# A fit whose predicted probabilities vary by less than this across the
# training samples ignores its input: what all-zero weights give.
_COLLAPSE_TOL = 1e-4

# Attributes that scikit-learn's MLPClassifier carries from one warm-started
# fit to the next and that would stop the next fit early.
_MLP_CONVERGENCE_STATE = {
    "loss_curve_": list,
    "_no_improvement_count": lambda: 0,
    "t_": lambda: 0,
}

_RESPONSE_METHODS = ("auto", "predict_proba", "decision_function", "predict")


def _default_alphas():
    return np.logspace(-3, 3, 20)


def _check_alphas(alphas):
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


def _check_n_jobs(n_jobs):
    if n_jobs is None:
        return None
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, numbers.Integral):
        raise ValueError(f"n_jobs must be None or an integer; got {n_jobs!r}.")
    if n_jobs == 0:
        raise ValueError("n_jobs must not be 0 (use None, 1, 2, ... or -1).")
    return int(n_jobs)


def _hidden_layer_sizes(estimator):
    """The estimator's hidden layer sizes, () for a model without any."""
    sizes = estimator.get_params(deep=False).get("hidden_layer_sizes", ())
    if sizes is None:
        return ()
    if not hasattr(sizes, "__iter__"):
        sizes = [sizes]
    return tuple(sizes)


def _resolve_scorer(scoring):
    """Return ``(scorer or None, name)``; None means ``estimator.score``."""
    if scoring is None:
        return None, None
    if callable(scoring):
        return scoring, getattr(scoring, "__name__", "score")
    if not isinstance(scoring, str):
        raise ValueError(
            f"scoring must be None, a scorer name or a callable; got {scoring!r}."
        )
    # ours first, then scikit-learn's names
    from sklearn_losses.metrics import get_scorer

    return get_scorer(scoring), scoring


def _score(estimator, scorer, X, y):
    if scorer is not None:
        return float(scorer(estimator, X, y))
    if type(estimator).score is ClassifierMixin.score:
        # ClassifierMixin.score is the accuracy of predict; computed here
        # without accuracy_score's input checks, which cost more than predict.
        return float(np.mean(estimator.predict(X) == np.asarray(y)))
    return float(estimator.score(X, y))


def _log_loss(estimator, X, y):
    """Mean log loss of the predicted probabilities, NaN without them.

    The same value as ``sklearn.metrics.log_loss`` (probabilities clipped to
    machine epsilon), without its input checks, which dominate on small data.
    """
    classes = getattr(estimator, "classes_", None)
    if classes is None or not hasattr(estimator, "predict_proba"):
        return np.nan
    y = np.asarray(y)
    index = np.searchsorted(classes, y)
    index = np.clip(index, 0, len(classes) - 1)
    if not np.array_equal(classes[index], y):
        return np.nan  # labels the estimator never saw
    proba = np.asarray(estimator.predict_proba(X), dtype=float)
    eps = np.finfo(proba.dtype).eps
    picked = np.clip(proba[np.arange(len(y)), index], eps, 1.0)
    return float(-np.mean(np.log(picked)))


def _weights(estimator):
    """``(coefs, intercepts)`` as lists of arrays, layer by layer (copies)."""
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


def _is_collapsed(estimator, X):
    """True when the fitted model's output does not depend on the input."""
    if hasattr(estimator, "predict_proba"):
        out = estimator.predict_proba(X)
    elif hasattr(estimator, "decision_function"):
        out = estimator.decision_function(X)
    else:
        return False
    out = np.asarray(out, dtype=float).reshape(len(out), -1)
    return bool(np.ptp(out, axis=0).max() < _COLLAPSE_TOL)


def _better_than_collapsed(cold, collapsed, X):
    """Keep a cold fit over a collapsed warm one only if it really is better."""
    if _is_collapsed(cold, X):
        return False
    # A cold fit that stopped early can be worse than the collapsed one.
    cold_loss = getattr(cold, "loss_", None)
    warm_loss = getattr(collapsed, "loss_", None)
    if cold_loss is None or warm_loss is None:
        return True
    return bool(cold_loss < warm_loss)


def _reset_convergence_state(estimator):
    """Forget what the previous fit learned about convergence.

    scikit-learn's MLPClassifier keeps its best loss and no-improvement count
    across warm-started fits, which stops the next fit after a few epochs.
    ``LogisticMLPClassifier`` resets these itself.
    """
    from sklearn.neural_network import MLPClassifier

    if not isinstance(estimator, MLPClassifier):
        return
    for name, fresh in _MLP_CONVERGENCE_STATE.items():
        if hasattr(estimator, name):
            setattr(estimator, name, fresh())
    if getattr(estimator, "early_stopping", False):
        if hasattr(estimator, "validation_scores_"):
            estimator.validation_scores_ = []
            estimator.best_validation_score_ = -np.inf
    elif hasattr(estimator, "best_loss_"):
        estimator.best_loss_ = np.inf


def _fit_cold(estimator, X, y, alpha):
    return clone(estimator).set_params(alpha=alpha).fit(X, y)


def _fit_warm(previous, X, y, alpha, user_warm_start):
    estimator = copy.deepcopy(previous)
    estimator.set_params(alpha=alpha, warm_start=True)
    _reset_convergence_state(estimator)
    estimator.fit(X, y)
    # The stored estimator shows the user's setting; the weights stay fitted.
    estimator.set_params(warm_start=user_warm_start)
    return estimator


def regularization_path(
    estimator,
    X,
    y,
    *,
    alphas=None,
    warm_start=True,
    X_val=None,
    y_val=None,
    scoring=None,
    n_jobs=None,
    progress=True,
):
    """Fit a classifier for each regularization strength ``alpha``.

    Each fit is a clone of ``estimator`` with its ``alpha`` parameter set;
    the estimator is not modified. Any classifier with an ``alpha``
    parameter works (``LogisticMLPClassifier``, scikit-learn's
    ``MLPClassifier``, ``SGDClassifier``, ...).

    **Warm starts.** With ``warm_start=True`` each fit starts from the
    solution at the previous alpha, which is much cheaper than fitting from
    scratch. The alphas are visited in the order in which warm starts work,
    and the results are returned in the order given:

    - a network with hidden layers is visited from weak to strong
      regularization: from a strongly regularized network, whose weights are
      (nearly) all zero, gradient methods cannot escape (dead units, zero
      gradient), so a strong-to-weak path would stay collapsed;
    - a model without hidden layers (``hidden_layer_sizes=()``, or an
      estimator without that parameter) is convex in its weights and is
      visited from strong to weak, as glmnet does.

    Every fit starts with fresh convergence state (iteration count, best
    loss, no-improvement count, optimizer state): ``LogisticMLPClassifier``
    does this on every warm-started fit, and for scikit-learn's
    ``MLPClassifier`` this function resets the carried-over attributes.
    When a warm-started network collapses (its predicted probabilities vary
    by less than 1e-4 over the training samples, which is what all-zero
    weights give), it is refitted from scratch, and the cold fit is kept
    (``cold_restarts_``) if it has not collapsed and, for estimators with a
    ``loss_``, reaches a lower training objective. Once the collapse is
    confirmed, stronger alphas are not checked again: more regularization
    only shrinks further. Models without hidden layers are never checked
    (their problem is convex). An estimator without a ``warm_start``
    parameter is refitted from scratch for every alpha (with a warning).
    The stored estimators keep the user's ``warm_start`` setting.

    Parameters
    ----------
    estimator : classifier
        An unfitted or fitted classifier with an ``alpha`` parameter; it is
        cloned, never modified.
    X : array-like of shape (n_samples, n_features)
        Training data.
    y : array-like of shape (n_samples,)
        Training labels, at least two classes.
    alphas : array-like of shape (n_alphas,), default=None
        Positive regularization strengths, in the order the results should
        come in. ``None`` means ``np.logspace(-3, 3, 20)``.
    warm_start : bool, default=True
        Start each fit from the previous solution (see above).
    X_val, y_val : array-like, default=None
        Validation data; when given, validation scores and losses are
        recorded for each alpha.
    scoring : str or callable, default=None
        How to score each fit: ``None`` uses ``estimator.score`` (accuracy
        for classifiers); a name is looked up with
        ``sklearn_losses.metrics.get_scorer`` (which knows this package's
        calibration scorers) and then with scikit-learn's ``get_scorer``; a
        callable is called as ``scoring(estimator, X, y)``.
    n_jobs : int, default=None
        Number of parallel fits (joblib). Used only when the fits are
        independent, that is with ``warm_start=False`` (or an estimator
        without ``warm_start``): a warm-started path is sequential by
        nature, and passing ``n_jobs`` other than None or 1 then warns.
    progress : bool, default=True
        Show a tqdm progress bar over the alphas (on stderr).

    Returns
    -------
    path : RegularizationPath
        The fitted estimators and per-alpha figures, in the order of
        ``alphas``.

    See Also
    --------
    RegularizationPath.animate : GIF of the decision boundary along the path.

    Examples
    --------
    A network with one hidden layer, from weak to strong regularization:

    >>> from sklearn.datasets import load_iris
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sklearn_losses import LogisticMLPClassifier, regularization_path
    >>> X, y = load_iris(return_X_y=True)
    >>> X = StandardScaler().fit_transform(X)
    >>> clf = LogisticMLPClassifier(hidden_layer_sizes=(5,), solver="lbfgs",
    ...                             max_iter=1000, random_state=0)
    >>> path = regularization_path(clf, X, y, alphas=[0.001, 0.1, 10.0],
    ...                            progress=False)
    >>> path.alphas_
    array([1.e-03, 1.e-01, 1.e+01])
    >>> len(path.estimators_), path.coefs_[0][0].shape
    (3, (4, 5))
    >>> bool(path.train_scores_[0] > path.train_scores_[-1])
    True

    An L1 path without hidden layer (logistic regression) gets sparser as
    alpha grows:

    >>> lasso = LogisticMLPClassifier(hidden_layer_sizes=(), penalty="l1",
    ...                               solver="lbfgs", random_state=0)
    >>> path = regularization_path(lasso, X, y, alphas=[0.001, 1.0],
    ...                            progress=False)
    >>> bool(path.n_nonzero_[0] > 0), int(path.n_nonzero_[1])
    (True, 0)
    """
    alphas = _check_alphas(alphas)
    n_jobs = _check_n_jobs(n_jobs)
    params = estimator.get_params(deep=False)
    if "alpha" not in params:
        raise ValueError(
            f"{type(estimator).__name__} has no 'alpha' parameter; "
            "regularization_path varies alpha."
        )
    # 1-D labels, so that the scores below compare them element by element
    # (a column vector would broadcast); the fits check X against y.
    y = column_or_1d(y, warn=True)
    n_classes = np.unique(y).size
    if n_classes < 2:
        raise ValueError(f"y must hold at least two classes; got {n_classes}.")
    if (X_val is None) != (y_val is None):
        raise ValueError("Give both X_val and y_val, or neither.")
    if X_val is not None:
        y_val = column_or_1d(y_val, warn=True)
        check_consistent_length(X_val, y_val)
    scorer, scoring_name = _resolve_scorer(scoring)
    if scoring_name is None:
        scoring_name = "accuracy" if is_classifier(estimator) else "score"

    can_warm_start = "warm_start" in params
    if warm_start and not can_warm_start:
        warnings.warn(
            f"{type(estimator).__name__} has no warm_start parameter; "
            "every alpha is fitted from scratch.",
            UserWarning,
            stacklevel=2,
        )
    warm = bool(warm_start) and can_warm_start
    if warm and n_jobs not in (None, 1):
        warnings.warn(
            "n_jobs is ignored with warm starts: each fit starts from the "
            "previous one. Pass warm_start=False to fit in parallel.",
            UserWarning,
            stacklevel=2,
        )
    hidden = len(_hidden_layer_sizes(estimator)) > 0

    from tqdm import tqdm

    n_alphas = len(alphas)
    estimators = [None] * n_alphas
    warm_started = np.zeros(n_alphas, dtype=bool)
    cold_restarts = np.zeros(n_alphas, dtype=bool)
    # Weak to strong for networks, strong to weak for linear models.
    order = np.argsort(alphas if hidden else -alphas, kind="stable")
    # The first fit runs before the progress bar shows, so that a bad
    # parameter fails with its error alone on stderr.
    previous = estimators[order[0]] = _fit_cold(estimator, X, y, alphas[order[0]])
    with tqdm(
        total=n_alphas,
        initial=1,
        desc="regularization path",
        unit="fit",
        disable=not progress,
    ) as bar:
        if warm:
            check_collapse = hidden
            for i in order[1:]:
                fitted = _fit_warm(previous, X, y, alphas[i], params["warm_start"])
                warm_started[i] = True
                if check_collapse and _is_collapsed(fitted, X):
                    cold = _fit_cold(estimator, X, y, alphas[i])
                    if _better_than_collapsed(cold, fitted, X):
                        fitted = cold
                        warm_started[i] = False
                        cold_restarts[i] = True
                    else:
                        # Collapse is the answer here; stronger alphas only
                        # shrink further, so stop checking.
                        check_collapse = False
                estimators[i] = previous = fitted
                bar.set_postfix(alpha=f"{alphas[i]:.3g}", refresh=False)
                bar.update()
        else:
            from sklearn.utils.parallel import Parallel, delayed

            rest = order[1:]
            tasks = (delayed(_fit_cold)(estimator, X, y, alphas[i]) for i in rest)
            try:
                # A generator lets the progress bar move as fits finish.
                fits = Parallel(n_jobs=n_jobs, return_as="generator")(tasks)
            except TypeError:  # joblib < 1.3
                fits = Parallel(n_jobs=n_jobs)(tasks)
            for i, fitted in zip(rest, fits, strict=True):
                estimators[i] = fitted
                bar.update()

    train_scores = [_score(est, scorer, X, y) for est in estimators]
    train_losses = [_log_loss(est, X, y) for est in estimators]
    if X_val is not None:
        validation_scores = [_score(est, scorer, X_val, y_val) for est in estimators]
        validation_losses = [_log_loss(est, X_val, y_val) for est in estimators]
    else:
        validation_scores = validation_losses = None
    return RegularizationPath(
        alphas,
        estimators,
        train_scores=train_scores,
        train_losses=train_losses,
        validation_scores=validation_scores,
        validation_losses=validation_losses,
        warm_started=warm_started,
        cold_restarts=cold_restarts,
        scoring=scoring_name,
    )


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

    Attributes
    ----------
    alphas_ : ndarray of shape (n_alphas,)
        The regularization strengths.
    estimators_ : list of estimators
        The fitted estimator for each alpha.
    coefs_ : list of list of ndarray
        ``coefs_[i][layer]``: weight matrix (n_in, n_out) of each layer for
        alpha ``i`` (``coef_.T`` for linear scikit-learn models).
    intercepts_ : list of list of ndarray
        ``intercepts_[i][layer]``: the intercepts, likewise.
    train_scores_ : ndarray of shape (n_alphas,)
        Training score (``scoring_``).
    train_losses_ : ndarray of shape (n_alphas,)
        Mean log loss of the predicted probabilities on the training data,
        whatever loss the estimator was trained with, without the penalty
        (NaN for estimators without ``predict_proba``).
    objectives_ : ndarray of shape (n_alphas,)
        The final training objective (the estimator's ``loss_``, penalty
        included), NaN for estimators without ``loss_``.
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
    ax_, figure_, lines_ :
        Set by :meth:`plot`.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn_losses import LogisticMLPClassifier, regularization_path
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
    ):
        self.alphas_ = np.asarray(alphas, dtype=float)
        n_alphas = len(self.alphas_)
        if len(estimators) != n_alphas:
            raise ValueError(f"Got {len(estimators)} estimators for {n_alphas} alphas.")
        self.estimators_ = list(estimators)
        weights = [_weights(est) for est in self.estimators_]
        self.coefs_ = [coefs for coefs, _ in weights]
        self.intercepts_ = [intercepts for _, intercepts in weights]
        self.train_scores_ = np.asarray(train_scores, dtype=float)
        self.train_losses_ = np.asarray(train_losses, dtype=float)
        self.objectives_ = np.array(
            [float(getattr(est, "loss_", np.nan)) for est in self.estimators_]
        )
        self.validation_scores_ = (
            None
            if validation_scores is None
            else np.asarray(validation_scores, dtype=float)
        )
        self.validation_losses_ = (
            None
            if validation_losses is None
            else np.asarray(validation_losses, dtype=float)
        )
        self.n_nonzero_ = np.array(
            [sum(int(np.count_nonzero(c)) for c in coefs) for coefs in self.coefs_]
        )
        n_iter = [getattr(est, "n_iter_", None) for est in self.estimators_]
        self.n_iter_ = np.array(
            [np.nan if n is None else float(np.max(n)) for n in n_iter]
        )
        if not np.isnan(self.n_iter_).any():
            self.n_iter_ = self.n_iter_.astype(int)
        self.warm_started_ = (
            np.zeros(n_alphas, dtype=bool)
            if warm_started is None
            else np.asarray(warm_started, dtype=bool)
        )
        self.cold_restarts_ = (
            np.zeros(n_alphas, dtype=bool)
            if cold_restarts is None
            else np.asarray(cold_restarts, dtype=bool)
        )
        self.scoring_ = scoring

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
        >>> from sklearn.datasets import load_iris
        >>> from sklearn_losses import LogisticMLPClassifier, regularization_path
        >>> X, y = load_iris(return_X_y=True)
        >>> clf = LogisticMLPClassifier(hidden_layer_sizes=(), solver="lbfgs")
        >>> path = regularization_path(
        ...     clf, X, y, alphas=[0.1, 10.0], X_val=X, y_val=y, progress=False
        ... )
        >>> frame = path.to_frame()
        >>> frame.shape
        (2, 10)
        >>> frame["n_nonzero"].tolist()
        [12, 12]
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
        >>> from sklearn.datasets import load_iris
        >>> from sklearn_losses import LogisticMLPClassifier, regularization_path
        >>> X, y = load_iris(return_X_y=True)
        >>> clf = LogisticMLPClassifier(hidden_layer_sizes=(), solver="lbfgs")
        >>> path = regularization_path(clf, X, y, alphas=[0.1, 10], progress=False)
        >>> path.plot().ax_.get_xscale()
        'log'
        >>> len(path.lines_)  # 4 features x 3 classes
        12
        """
        if ax is None:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots()
        n_layers = len(self.coefs_[0])
        if n_layers == 0:
            raise ValueError("The estimators expose no coefficients to plot.")
        if layer is None:
            layers = range(n_layers)
        else:
            if isinstance(layer, bool) or not isinstance(layer, numbers.Integral):
                raise ValueError(f"layer must be an integer; got {layer!r}.")
            if not 0 <= layer < n_layers:
                raise ValueError(f"layer must be in [0, {n_layers - 1}]; got {layer}.")
            layers = [layer]
        order = np.argsort(self.alphas_, kind="stable")
        alphas = self.alphas_[order]
        names = getattr(self.estimators_[0], "feature_names_in_", None)
        lines = []
        for color, k in enumerate(layers):
            weights = np.stack([self.coefs_[i][k].ravel() for i in order])
            drawn = ax.plot(alphas, weights, color=f"C{color % 10}", lw=1, alpha=0.8)
            if n_layers > 1:
                drawn[0].set_label(f"layer {k} ({weights.shape[1]} weights)")
            elif weights.shape[1] <= 12:
                # Row-major ravel: line j is input j // n_out, output j % n_out.
                n_out = self.coefs_[0][k].shape[1]
                for j, line in enumerate(drawn):
                    feature = j // n_out
                    label = (
                        f"feature {feature}" if names is None else str(names[feature])
                    )
                    if n_out > 1:
                        label += f" (output {j % n_out})"
                    line.set_label(label)
                    line.set_color(f"C{j % 10}")
            lines.extend(drawn)
        ax.axhline(0.0, color="0.5", lw=0.8, zorder=0)
        ax.set_xscale("log")
        ax.set_xlabel("alpha")
        ax.set_ylabel("weight")
        ax.set_title("Regularization path")
        if any(not line.get_label().startswith("_") for line in lines):
            ax.legend(fontsize="small")
        self.ax_ = ax
        self.figure_ = ax.figure
        self.lines_ = lines
        return self

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
    ):
        """Write a GIF of the decision boundary, one frame per alpha.

        Each frame shows the decision regions in the class colours, shaded in
        bands of the predicted probability (pale where the model is unsure,
        nearly white along a two-class boundary; for two classes each band
        is 1/16 of probability wide), the points ``(X, y)`` and a title with
        alpha and the training (and validation) score. Axes, colours and the
        frame size stay fixed; frames follow the order of ``alphas_``.

        With more than two features, the two in ``features`` span the plane
        and every other feature is held at its median in ``X``.

        The frames are drawn by updating one figure (Agg canvas) and written
        with imageio to a temporary file in the destination folder, which is
        then renamed: an error leaves no file behind.

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
            names when ``X`` is a DataFrame or the estimators were fitted on
            one.
        grid_resolution : int, default=200
            Grid points per axis for the decision regions (2 to 2000).
        fps : float, default=2
            Frames per second (0 < fps <= 100); each frame lasts
            ``1000 / fps`` milliseconds.
        response_method : {"auto", "predict_proba", "decision_function", \
"predict"}, default="auto"
            What shades the regions. "auto" tries them in that order.
            Decision values go through a sigmoid (softmax) to look like
            probabilities; "predict" gives flat regions.

        Returns
        -------
        filename : str
            The path written.

        Examples
        --------
        >>> import os, tempfile
        >>> import imageio.v3 as iio
        >>> from sklearn.datasets import load_iris
        >>> from sklearn_losses import LogisticMLPClassifier, regularization_path
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
        grid_resolution = check_scalar_in_range(
            grid_resolution, "grid_resolution", low=2, high=2000, integer=True
        )
        fps = check_scalar_in_range(fps, "fps", low=0, high=100)
        if fps <= 0:
            raise ValueError(f"fps must be positive; got {fps!r}.")
        if response_method not in _RESPONSE_METHODS:
            raise ValueError(
                f"response_method must be one of {_RESPONSE_METHODS}; "
                f"got {response_method!r}."
            )
        filename = os.fspath(filename)
        if not filename.lower().endswith(".gif"):
            raise ValueError(f"filename must end in '.gif'; got {filename!r}.")
        folder = os.path.dirname(os.path.abspath(filename))
        _check_writable_folder(folder)

        first = self.estimators_[0]
        classes = getattr(first, "classes_", None)
        if classes is None:
            raise ValueError("animate needs classifiers (with classes_).")
        column_names = [str(c) for c in X.columns] if hasattr(X, "columns") else None
        fitted_names = getattr(first, "feature_names_in_", None)
        if (
            column_names is not None
            and fitted_names is not None
            and column_names != [str(n) for n in fitted_names]
        ):
            # as scikit-learn's predict does: the grid is built in X's column
            # order, so another order would silently mislabel the features
            raise ValueError(
                f"X's columns {column_names} must be the ones the estimators "
                f"were fitted on, in the same order: {list(fitted_names)}."
            )
        X = check_array(X, dtype=np.float64, input_name="X")
        y = column_or_1d(y)
        check_consistent_length(X, y)
        n_features = X.shape[1]
        expected = getattr(first, "n_features_in_", n_features)
        if n_features != expected:
            raise ValueError(
                f"X has {n_features} features but the estimators were fitted "
                f"on {expected}."
            )
        names = column_names or (
            [str(n) for n in fitted_names] if fitted_names is not None else None
        )
        f0, f1 = _check_features(features, n_features, names)
        known = np.isin(y, classes)
        if not known.all():
            raise ValueError(
                f"y holds labels the estimators never saw: "
                f"{np.unique(y[~known])[:5].tolist()}."
            )
        method = _resolve_response_method(first, response_method)

        # The plane: the two features on a grid, the others at their medians.
        lows = X[:, [f0, f1]].min(axis=0)
        highs = X[:, [f0, f1]].max(axis=0)
        pad = np.where(highs > lows, 0.1 * (highs - lows), 0.5)
        lows, highs = lows - pad, highs + pad
        xs = np.linspace(lows[0], highs[0], grid_resolution)
        ys = np.linspace(lows[1], highs[1], grid_resolution)
        xx, yy = np.meshgrid(xs, ys)
        grid = np.tile(np.median(X, axis=0), (xx.size, 1))
        grid[:, f0] = xx.ravel()
        grid[:, f1] = yy.ravel()
        if fitted_names is not None:
            import pandas as pd

            grid = pd.DataFrame(grid, columns=fitted_names)

        from threadpoolctl import threadpool_limits

        colors = _class_colors(len(classes))
        # The grid predictions are small matrix products, which extra BLAS
        # threads only slow down (several times over on a busy machine).
        with threadpool_limits(limits=1, user_api="blas"):
            frames = _render_frames(
                self,
                grid,
                (grid_resolution, grid_resolution),
                method,
                classes,
                colors,
                X[:, [f0, f1]],
                _index_of(classes, y),
                extent=(lows[0], highs[0], lows[1], highs[1]),
                labels=(
                    names[f0] if names else f"feature {f0}",
                    names[f1] if names else f"feature {f1}",
                ),
            )
        _write_gif(filename, frames, fps)
        return filename


def _index_of(classes, y):
    lookup = {c: i for i, c in enumerate(classes.tolist())}
    return np.array([lookup[v] for v in y.tolist()])


def _check_writable_folder(folder):
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"Output folder does not exist: {folder!r}.")
    if not os.access(folder, os.W_OK):
        raise PermissionError(f"Output folder is not writable: {folder!r}.")


def _check_features(features, n_features, names):
    """Resolve ``features`` to two distinct column indices."""
    if n_features < 2:
        raise ValueError("animate needs at least two features.")
    if isinstance(features, str) or not hasattr(features, "__len__"):
        raise ValueError(f"features must be a pair; got {features!r}.")
    if len(features) != 2:
        raise ValueError(f"features must be a pair; got {len(features)} items.")
    indices = []
    for feature in features:
        if isinstance(feature, str):
            if names is None or feature not in names:
                raise ValueError(
                    f"Unknown feature {feature!r}; "
                    + (
                        f"columns are {names}."
                        if names
                        else "X has no column names, use indices."
                    )
                )
            indices.append(names.index(feature))
        elif isinstance(feature, numbers.Integral) and not isinstance(feature, bool):
            if not 0 <= feature < n_features:
                raise ValueError(
                    f"Feature index {feature} out of range for {n_features} features."
                )
            indices.append(int(feature))
        else:
            raise ValueError(
                f"features must be column indices or names; got {feature!r}."
            )
    if indices[0] == indices[1]:
        raise ValueError(f"features must be two different columns; got {features}.")
    return indices[0], indices[1]


def _resolve_response_method(estimator, response_method):
    if response_method == "auto":
        for method in _RESPONSE_METHODS[1:]:
            if hasattr(estimator, method):
                return method
    if not hasattr(estimator, response_method):
        raise ValueError(f"{type(estimator).__name__} has no {response_method} method.")
    return response_method


def _class_probabilities(estimator, grid, method, classes):
    """An (n, n_classes) array of probability-like values on the grid."""
    from scipy.special import expit, softmax

    if method == "predict_proba":
        return np.asarray(estimator.predict_proba(grid), dtype=float)
    if method == "decision_function":
        scores = np.asarray(estimator.decision_function(grid), dtype=float)
        if scores.ndim == 1:
            p1 = expit(scores)
            return np.column_stack([1.0 - p1, p1])
        return softmax(scores, axis=1)
    labels = estimator.predict(grid)
    onehot = np.zeros((len(labels), len(classes)))
    onehot[np.arange(len(labels)), _index_of(classes, np.asarray(labels))] = 1.0
    return onehot


def _class_colors(n_classes):
    """RGB colours, shared by the regions and the points."""
    from matplotlib import colormaps
    from matplotlib.colors import to_rgb

    if n_classes == 2:
        return np.array([to_rgb("#2166ac"), to_rgb("#d6604d")])
    if n_classes <= 10:
        return np.array(colormaps["tab10"].colors[:n_classes])
    return colormaps["turbo"](np.linspace(0.05, 0.95, n_classes))[:, :3]


# Confidence bands per class: the regions look like filled probability
# contours (for two classes, bands 0.0625 wide in probability).
_SHADE_LEVELS = 8


def _shade_table(colors, levels=_SHADE_LEVELS):
    """Lookup table (n_classes * levels, 4) of uint8 RGBA region colours.

    Row ``k * levels + j`` is class ``k``'s colour mixed with white by the
    ``j``-th confidence band: pale where the model is unsure.

    The GIF palette is built by Pillow's fast octree quantizer, which gives
    all colours of a 16-level bucket per channel their average. Even the
    palest band keeps one channel below 240, out of the bucket of the white
    background, which would otherwise take a tint in frames where that band
    fills the picture.
    """
    colors = np.asarray(colors, dtype=float)
    confidence = (np.arange(levels) + 0.5) / levels
    # The weakest tint that takes a colour's darkest channel below 240.
    weakest = np.maximum(0.15, 24.0 / (255.0 * (1.0 - colors.min(axis=1) + 1e-9)))
    strength = weakest[:, None] + (0.6 - weakest[:, None]) * confidence[None, :]
    rgb = 255.0 * (1.0 - strength[:, :, None] * (1.0 - colors[:, None, :]))
    table = np.empty((len(colors), levels, 4), dtype=np.uint8)
    table[..., :3] = np.round(rgb)
    table[..., 3] = 255
    return table.reshape(-1, 4)


def _shade(proba, table, shape, levels=_SHADE_LEVELS):
    """RGBA image: each grid point in its predicted class's colour."""
    n_classes = proba.shape[1]
    winner = np.argmax(proba, axis=1)
    top = np.take_along_axis(proba, winner[:, None], axis=1)[:, 0]
    # 0 at a tie between all classes, 1 when the model is certain.
    confidence = (top - 1.0 / n_classes) * (n_classes / (n_classes - 1.0))
    level = np.clip(confidence * levels, 0, levels - 1).astype(np.intp)
    return table[winner * levels + level].reshape(*shape, 4)


def _render_frames(
    path, grid, shape, method, classes, colors, points, point_classes, *, extent, labels
):
    """Draw one RGB frame per alpha, updating a single figure.

    The axes, ticks and labels are drawn once and restored for every frame
    (blitting); only the regions, points, legend, frame and title are redrawn.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    fig = Figure(figsize=(6.4, 4.8), dpi=80)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    table = _shade_table(colors)
    image = ax.imshow(
        np.full((*shape, 4), 255, dtype=np.uint8),
        origin="lower",
        extent=extent,
        aspect="auto",
        interpolation="nearest",
    )
    scatter = ax.scatter(
        points[:, 0],
        points[:, 1],
        c=colors[point_classes],
        edgecolors="k",
        linewidths=0.6,
        s=28,
    )
    handles = [
        Line2D([], [], ls="", marker="o", mfc=color, mec="k", label=str(label))
        for label, color in zip(classes, colors, strict=True)
    ]
    # Below the axes, so it is drawn once with the background.
    fig.legend(
        handles=handles,
        loc="lower center",
        ncol=min(len(handles), 5),
        fontsize="small",
        frameon=False,
    )
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    title = ax.set_title("alpha\nscore", fontsize="medium")
    # A fixed layout: tight_layout would cost as much as several frames.
    fig.subplots_adjust(left=0.12, right=0.96, bottom=0.2, top=0.87)

    # Everything that changes, or lies over what changes, is drawn per frame,
    # in z-order; the rest is drawn once into the background.
    dynamic = [image, scatter, *ax.spines.values(), title]
    for artist in dynamic:
        artist.set_animated(True)
    canvas.draw()
    background = canvas.copy_from_bbox(fig.bbox)
    renderer = canvas.get_renderer()

    frames = []
    for i, estimator in enumerate(path.estimators_):
        proba = _class_probabilities(estimator, grid, method, classes)
        image.set_data(_shade(proba, table, shape))
        text = (
            f"alpha = {path.alphas_[i]:.3g}\n"
            f"train {path.scoring_} = {path.train_scores_[i]:.3f}"
        )
        if path.validation_scores_ is not None:
            text += f", validation = {path.validation_scores_[i]:.3f}"
        title.set_text(text)
        canvas.restore_region(background)
        for artist in dynamic:
            artist.draw(renderer)
        frames.append(np.array(canvas.buffer_rgba()))
    return np.stack(frames)


def _write_gif(filename, frames, fps):
    """Write the frames to a temporary name next to ``filename``, then rename."""
    import imageio.v3 as iio

    with atomic_write(filename) as tmp:
        # RGBA frames with bits=8 are quantized by Pillow's fast octree
        # method, several times faster than its median cut for RGB frames.
        iio.imwrite(
            tmp, frames, extension=".gif", duration=1000.0 / fps, loop=0, bits=8
        )
