"""Scorers for model selection (``GridSearchCV``, ``cross_val_score``)."""

import copy

from sklearn.metrics import get_scorer as _sklearn_get_scorer
from sklearn.metrics import log_loss, make_scorer

from ._brier import brier_score_loss
from ._calibration import expected_calibration_error, maximum_calibration_error
from ._smooth_ece import smooth_expected_calibration_error


class _ClassesScorer:
    """A ``make_scorer`` scorer that passes ``labels=estimator.classes_``.

    A cross-validation test fold may miss a class; the metric then cannot tell
    from ``y_true`` which column of ``predict_proba`` is which class, and for
    binary problems which label is positive. The fitted estimator knows, so
    this wrapper adds ``labels`` (scikit-learn's own ``neg_log_loss`` does not,
    which makes it fail on such folds).
    """

    def __init__(self, score_func, **kwargs):
        self._score_func = score_func
        self._kwargs = kwargs

    def _make(self, **kwargs):
        return make_scorer(
            self._score_func,
            greater_is_better=False,
            response_method="predict_proba",
            **self._kwargs,
            **kwargs,
        )

    def __call__(self, estimator, X, y_true, **kwargs):
        # make_scorer only forwards fixed keyword arguments (without metadata
        # routing), so build the scorer per call with this estimator's classes.
        classes = getattr(estimator, "classes_", None)
        fixed = {} if classes is None else {"labels": classes}
        return self._make(**fixed)(estimator, X, y_true, **kwargs)

    def _accept_sample_weight(self):
        # what GridSearchCV asks before passing sample_weight to a scorer
        return self._make()._accept_sample_weight()

    def __repr__(self):
        return repr(self._make())


SCORERS = {
    "neg_expected_calibration_error": _ClassesScorer(expected_calibration_error),
    "neg_maximum_calibration_error": _ClassesScorer(maximum_calibration_error),
    "neg_rms_calibration_error": _ClassesScorer(expected_calibration_error, norm="l2"),
    "neg_debiased_calibration_error": _ClassesScorer(
        expected_calibration_error, norm="l2", debias=True
    ),
    "neg_classwise_calibration_error": _ClassesScorer(
        expected_calibration_error, multiclass="classwise"
    ),
    "neg_smooth_ece": _ClassesScorer(smooth_expected_calibration_error),
    "neg_brier_score": _ClassesScorer(brier_score_loss),
    "neg_log_loss": _ClassesScorer(log_loss),
}
"""Our scorers by name; each is ``-metric`` (greater is better)."""


def get_scorer(scoring):
    """Return a scorer by name: ours first, then scikit-learn's.

    Our scorers (the keys of :data:`SCORERS`) call ``predict_proba`` and pass
    the estimator's ``classes_`` to the metric, so they work on
    cross-validation folds that miss a class, for binary and multiclass
    problems. They return the negated metric (greater is better):

    - ``"neg_expected_calibration_error"``: :func:`expected_calibration_error`
      (15 uniform bins, L1, top-label);
    - ``"neg_maximum_calibration_error"``: :func:`maximum_calibration_error`;
    - ``"neg_rms_calibration_error"``: the L2 ECE;
    - ``"neg_debiased_calibration_error"``: the debiased L2 ECE;
    - ``"neg_classwise_calibration_error"``: the classwise L1 ECE;
    - ``"neg_smooth_ece"``: :func:`smooth_expected_calibration_error`;
    - ``"neg_brier_score"``: :func:`brier_score_loss` (scikit-learn's values);
    - ``"neg_log_loss"``: :func:`sklearn.metrics.log_loss` with
      ``labels=estimator.classes_`` (same values as scikit-learn's scorer,
      which fails when a test fold misses a class).

    Any other string, or a callable, goes to
    :func:`sklearn.metrics.get_scorer`.

    Parameters
    ----------
    scoring : str or callable
        The scorer's name.

    Returns
    -------
    callable
        A scorer ``scorer(estimator, X, y)``; a copy, safe to modify.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import cross_val_score
    >>> from sklearn_losses.metrics import get_scorer
    >>> X, y = make_classification(n_samples=200, random_state=0)
    >>> scorer = get_scorer("neg_expected_calibration_error")
    >>> scores = cross_val_score(LogisticRegression(), X, y, scoring=scorer, cv=3)
    >>> bool((scores <= 0).all())
    True
    >>> get_scorer("accuracy")
    make_scorer(accuracy_score, response_method='predict')
    """
    if isinstance(scoring, str) and scoring in SCORERS:
        return copy.deepcopy(SCORERS[scoring])
    try:
        return _sklearn_get_scorer(scoring)
    except ValueError as exc:
        if not isinstance(scoring, str):
            raise
        raise ValueError(
            f"{scoring!r} is not a valid scoring value. Ours: {sorted(SCORERS)}; "
            "scikit-learn's: sklearn.metrics.get_scorer_names()."
        ) from exc
