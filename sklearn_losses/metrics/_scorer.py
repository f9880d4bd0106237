"""Scorers for model selection (``GridSearchCV``, ``cross_val_score``).

Each scorer is built from its declaration in ``METRICS``; ``SCORERS`` is a
live read-only view of that registry, so a metric registered at run time is a
scorer at once.
"""

from collections.abc import Mapping

import numpy as np
from sklearn.metrics import get_scorer as _sklearn_get_scorer
from sklearn.metrics._scorer import _Scorer

from ._log_loss import is_soft_target
from ._registry import METRICS, function_name


class _ClassesScorer(_Scorer):
    """scikit-learn's scorer, which passes ``labels=estimator.classes_``.

    A cross-validation test fold may miss a class; the metric then cannot tell
    from ``y_true`` which column of ``predict_proba`` is which class, and for
    binary problems which label is positive. The fitted estimator knows, so
    this scorer adds ``labels`` (scikit-learn's own ``neg_log_loss`` does not,
    which makes it fail on such folds).

    Being scikit-learn's scorer, it has ``set_score_request`` and
    ``get_metadata_routing``: with metadata routing enabled,
    ``sample_weight`` reaches it only when requested, and a search given
    weights its scorer did not request raises ``UnsetMetadataPassedError``.
    Without routing, ``GridSearchCV`` passes the weights to it, as to its
    own scorers, when the metric takes ``sample_weight``.
    """

    def __init__(
        self, score_func, sign, kwargs, response_method, *, name, soft_targets
    ):
        super().__init__(score_func, sign, kwargs, response_method)
        self._name = name
        self._soft_targets = soft_targets

    def _score(self, method_caller, estimator, X, y_true, **kwargs):
        # the one hook both a lone call and GridSearchCV's multimetric call
        # go through
        if not self._soft_targets and is_soft_target(y_true):
            raise _soft_targets_refused(self, y_true)
        classes = getattr(estimator, "classes_", None)
        if classes is not None and "labels" not in kwargs:
            kwargs["labels"] = classes
        return super()._score(method_caller, estimator, X, y_true, **kwargs)


def _soft_targets_refused(scorer, y_true):
    """The error for a 2-D ``y_true`` given to a scorer that needs labels."""
    takes = sorted(name for name, spec in METRICS.items() if spec.soft_targets)
    name = f"The scorer {scorer._name!r}" if scorer._name else "The scorer"
    return ValueError(
        f"{name} (metric {function_name(scorer._score_func)}) needs class "
        f"labels: y_true of shape {np.shape(y_true)} holds soft targets "
        "(rows of class probabilities) or multilabel indicators. Scorers "
        f"that take soft targets: {takes}; or pass the labels."
    )


def metric_scorer(spec, name=None):
    """The scorer of a :class:`MetricSpec`: ``sign * metric`` on ``predict_proba``.

    ``name`` is the scorer's name in its errors.
    """
    return _ClassesScorer(
        spec.function,
        1 if spec.greater_is_better else -1,
        dict(spec.options),
        spec.response_method,
        name=name,
        soft_targets=spec.soft_targets,
    )


class _RegisteredScorers(Mapping):
    """Scorer name -> scorer, one per entry of ``METRICS``, read-only.

    Each scorer is built on first use and rebuilt when its entry of the
    registry is replaced, so the view never disagrees with the registry.
    """

    def __init__(self, metrics):
        self._metrics = metrics
        self._built = {}

    def __getitem__(self, name):
        spec = self._metrics[name]
        built = self._built.get(name)
        if built is None or built[0] is not spec:
            built = self._built[name] = (spec, metric_scorer(spec, name))
        return built[1]

    def __iter__(self):
        return iter(self._metrics)

    def __len__(self):
        return len(self._metrics)

    def __repr__(self):
        return repr(dict(self))


SCORERS = _RegisteredScorers(METRICS)
"""Our scorers by name, one per entry of ``METRICS``; each calls ``predict_proba``."""


def get_scorer(scoring):
    """Return a scorer by name: ours first, then scikit-learn's.

    Our scorers are the keys of :data:`SCORERS`, one per entry of
    :data:`METRICS`: each calls ``predict_proba`` and returns its metric,
    with the entry's options and ``labels=estimator.classes_`` (so it works
    on a cross-validation fold that misses a class, binary or multiclass),
    negated for errors and losses (greater is better). For example:

    - ``"neg_expected_calibration_error"``: :func:`expected_calibration_error`
      (15 uniform bins, L1, top-label); ``"neg_rms_calibration_error"``,
      ``"neg_debiased_calibration_error"`` and
      ``"neg_classwise_calibration_error"`` are its L2, debiased L2 and
      classwise forms;
    - ``"neg_brier_score"``: :func:`brier_score_loss` (scikit-learn's values);
    - ``"neg_log_loss"``: the values of :func:`sklearn.metrics.log_loss` and
      of scikit-learn's scorer, which fails when a test fold misses a class.

    ``neg_log_loss`` and ``neg_brier_score`` also score soft targets
    (``y_true`` of rows of class probabilities, the columns in the order of
    ``classes_``); the other scorers refuse them, naming themselves.

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
    if isinstance(scoring, str) and scoring in METRICS:
        return metric_scorer(METRICS[scoring], scoring)  # a new object: a copy
    try:
        return _sklearn_get_scorer(scoring)
    except ValueError as exc:
        if not isinstance(scoring, str):
            raise
        raise ValueError(
            f"{scoring!r} is not a valid scoring value. Ours: {sorted(SCORERS)}; "
            "scikit-learn's: sklearn.metrics.get_scorer_names()."
        ) from exc
