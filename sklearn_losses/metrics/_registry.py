"""The registry of scoring metrics: what each declares, and ``METRICS``.

Every scorer of :data:`~sklearn_losses.metrics.SCORERS` and
:func:`~sklearn_losses.metrics.get_scorer` is built from one entry of
``METRICS`` (scorer name -> :class:`MetricSpec`), and the shared battery
:func:`~sklearn_losses.metrics.check_metric` reads the same declaration, so a
registered metric is scored and tested with no other code.

Adding a metric
---------------
1. Write the function: the truth and the probabilities positionally, options
   keyword-only, ``sample_weight=None`` and ``labels=None`` (the scorers pass
   ``labels=estimator.classes_`` so that a test fold may miss a class); name
   it ``*_error`` or ``*_loss`` when lower is better, ``*_score`` when higher
   is. Validate once with ``check_target(y_true, y_prob, sample_weight,
   labels)`` from ``metrics/_validation.py`` (``binary_only=True`` for a
   binary metric); it refuses NaN, infinite or out-of-range probabilities,
   length mismatches and negative weights with messages naming the
   parameter. Export it from ``metrics/__init__.py`` and list it in
   ``docs/api.rst``.
2. Declare it with one line in ``METRICS`` below::

       "neg_my_calibration_error": MetricSpec(my_calibration_error),

   The scorer's name starts with ``neg_`` exactly when lower is better
   (``greater_is_better=False``, the default). Declare what differs from
   the defaults: ``options`` fixed for this scorer, the range
   (``lower_bound``, ``upper_bound``), ``binary_only=True``,
   ``takes_sample_weight=False`` or ``weights_scale_free=False`` for an
   estimate that reads weights as counts.

That is all: ``get_scorer("neg_my_calibration_error")``, ``SCORERS``, the
command line's ``list`` and the test battery (``tests/test_metrics_battery.py``
parametrizes :func:`check_metric` over ``METRICS``) see it. Outside the
package, ``METRICS["neg_mine"] = MetricSpec(mine)`` registers a metric at
run time, and ``check_metric(MetricSpec(mine))`` checks one unregistered.
"""

import inspect
from dataclasses import dataclass, field

import numpy as np

from ._brier import brier_score_loss
from ._calibration import expected_calibration_error, maximum_calibration_error
from ._log_loss import log_loss
from ._smooth_ece import smooth_expected_calibration_error

RESPONSE_METHODS = ("predict_proba",)


@dataclass(frozen=True)
class MetricSpec:
    """What a scoring metric declares: how to call it, and what it promises.

    The scorer of a registered metric calls
    ``function(y_true, estimator.predict_proba(X), labels=estimator.classes_,
    sample_weight=..., **options)`` and returns it negated unless
    ``greater_is_better``; :func:`check_metric` checks the promises.

    Parameters
    ----------
    function : callable
        ``function(y_true, y_prob, *, sample_weight=None, labels=None,
        **options) -> float``.
    options : dict, default={}
        Keyword options fixed for this scorer (``{"norm": "l2"}``).
    greater_is_better : bool, default=False
        True for a score, False for an error or a loss (then the scorer's
        name starts with ``neg_``).
    response_method : {"predict_proba"}, default="predict_proba"
        What the scorer asks of the estimator.
    lower_bound, upper_bound : float, default=0.0, 1.0
        The range of every value; ``numpy.inf`` when unbounded. A perfect
        prediction (probability 1 on the true class) reaches the best bound.
    takes_sample_weight : bool, default=True
        Whether ``function`` takes ``sample_weight`` (``GridSearchCV`` then
        passes it to the scorer).
    weights_scale_free : bool, default=True
        Whether multiplying every weight by a constant leaves the value
        unchanged; False for an estimate that reads weights as counts.
    binary_only : bool, default=False
        True when the metric refuses more than two classes.
    soft_targets : bool, default=False
        Whether ``function`` also scores soft targets: ``y_true`` of shape
        ``(n_samples, n_classes)``, rows of class probabilities. The scorer
        of a metric without it refuses a 2-D ``y_true`` by name.

    Examples
    --------
    >>> from sklearn_losses.metrics import MetricSpec, brier_score_loss
    >>> spec = MetricSpec(brier_score_loss, upper_bound=2.0)
    >>> spec.best_value
    0.0
    >>> spec.function([0, 1], [0.5, 0.5])
    0.25
    """

    function: object
    options: dict = field(default_factory=dict)
    greater_is_better: bool = False
    response_method: str = "predict_proba"
    lower_bound: float = 0.0
    upper_bound: float = 1.0
    takes_sample_weight: bool = True
    weights_scale_free: bool = True
    binary_only: bool = False
    soft_targets: bool = False

    def __post_init__(self):
        if not callable(self.function):
            raise TypeError(
                f"function must be a callable metric; got {self.function!r:.80}."
            )
        if self.response_method not in RESPONSE_METHODS:
            raise ValueError(
                f"response_method must be one of {RESPONSE_METHODS}; got "
                f"{self.response_method!r}."
            )
        if not self.lower_bound < self.upper_bound:
            raise ValueError(
                f"lower_bound must be below upper_bound; got {self.lower_bound} "
                f"and {self.upper_bound}."
            )
        unknown = set(self.options) - set(_keyword_names(self.function))
        if unknown and not _takes_any_keyword(self.function):
            raise ValueError(
                f"options {sorted(unknown)} are not parameters of "
                f"{function_name(self.function)}."
            )

    @property
    def sign(self):
        """float: +1 for a score, -1 for an error or loss (the scorer's factor)."""
        return 1.0 if self.greater_is_better else -1.0

    @property
    def best_value(self):
        """float: the bound a perfect prediction reaches."""
        return self.upper_bound if self.greater_is_better else self.lower_bound

    def __call__(self, y_true, y_prob, *, sample_weight=None, labels=None):
        """The metric with this declaration's options."""
        kwargs = {} if sample_weight is None else {"sample_weight": sample_weight}
        return self.function(y_true, y_prob, labels=labels, **kwargs, **self.options)


def function_name(function):
    """The function's name, or its repr for a callable without one."""
    return getattr(function, "__name__", None) or repr(function)


def _keyword_names(function):
    return inspect.signature(function).parameters


def _takes_any_keyword(function):
    parameters = _keyword_names(function).values()
    return any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)


METRICS = {
    "neg_expected_calibration_error": MetricSpec(expected_calibration_error),
    "neg_maximum_calibration_error": MetricSpec(maximum_calibration_error),
    "neg_rms_calibration_error": MetricSpec(
        expected_calibration_error, options={"norm": "l2"}
    ),
    "neg_debiased_calibration_error": MetricSpec(
        expected_calibration_error,
        options={"norm": "l2", "debias": True},
        weights_scale_free=False,  # Kumar et al.'s correction counts the samples
    ),
    "neg_classwise_calibration_error": MetricSpec(
        expected_calibration_error, options={"multiclass": "classwise"}
    ),
    "neg_smooth_ece": MetricSpec(smooth_expected_calibration_error),
    "neg_brier_score": MetricSpec(brier_score_loss, upper_bound=2.0, soft_targets=True),
    "neg_log_loss": MetricSpec(log_loss, upper_bound=np.inf, soft_targets=True),
}
"""Scorer name -> :class:`MetricSpec`: every metric the scorers and the battery know."""
