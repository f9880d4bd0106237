"""What ``scoring=`` means for the estimators and the path of this package.

A name is looked up with :func:`sklearn_losses.metrics.get_scorer`, which
knows this package's calibration scorers before scikit-learn's; None is the
estimator's own ``score``; a callable is used as given.
"""

from sklearn.base import is_classifier
from sklearn.metrics import check_scoring

__all__ = ["resolve_scorer"]


def resolve_scorer(estimator, scoring):
    """The scorer that ``scoring`` names for ``estimator``, and its name.

    Parameters
    ----------
    estimator : estimator
        What is scored; None uses its ``score`` method.
    scoring : str, callable or None
        A scorer name (this package's first, then scikit-learn's), a
        callable ``scoring(estimator, X, y)``, or None.

    Returns
    -------
    scorer : callable
        Called as ``scorer(estimator, X, y)``.
    name : str
        The name for titles and labels: ``scoring`` itself when a string,
        ``"accuracy"`` for a classifier's own score, else the callable's
        ``__name__`` or ``"score"``.

    Examples
    --------
    >>> from sklearn_losses import LogisticMLPClassifier
    >>> from sklearn_losses._scoring import resolve_scorer
    >>> resolve_scorer(LogisticMLPClassifier(), None)[1]
    'accuracy'
    >>> resolve_scorer(LogisticMLPClassifier(), "neg_log_loss")[1]
    'neg_log_loss'
    """
    if isinstance(scoring, str):
        # The metrics package is imported on first use: importing the
        # estimators should not import every metric.
        from sklearn_losses.metrics import get_scorer

        return get_scorer(scoring), scoring
    if scoring is None:
        name = "accuracy" if is_classifier(estimator) else "score"
    else:
        name = getattr(scoring, "__name__", "score")
    # None gives the estimator's own score (accuracy_score for classifiers).
    return check_scoring(estimator, scoring=scoring), name
