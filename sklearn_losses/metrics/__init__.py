"""Calibration and log-loss metrics, scorers and displays.

Functions take the truth first and options keyword-only; their names end in
``_error`` or ``_loss`` when lower is better. Scorers (``get_scorer``,
``SCORERS``) plug them into ``GridSearchCV`` and ``cross_val_score``; each is
built from a declaration (``MetricSpec``) in the registry ``METRICS``, which
``check_metric`` reads to run the battery every metric passes. Displays draw
with matplotlib, imported only when drawing.
"""

from ._brier import (
    BrierDecomposition,
    brier_decomposition,
    brier_score,
    brier_score_loss,
)
from ._calibration import expected_calibration_error, maximum_calibration_error
from ._check import MetricCheckError, check_metric
from ._plot import LossCurveDisplay, LossFunctionDisplay, ReliabilityDiagramDisplay
from ._registry import METRICS, MetricSpec
from ._report import calibration_report
from ._report_format import format_calibration_report
from ._scorer import SCORERS, get_scorer
from ._smooth_ece import smooth_ece, smooth_expected_calibration_error
from ._stat_tests import (
    HosmerLemeshowResult,
    SpiegelhalterResult,
    hosmer_lemeshow_test,
    spiegelhalter_test,
)

__all__ = [
    "METRICS",
    "SCORERS",
    "BrierDecomposition",
    "HosmerLemeshowResult",
    "LossCurveDisplay",
    "LossFunctionDisplay",
    "MetricCheckError",
    "MetricSpec",
    "ReliabilityDiagramDisplay",
    "SpiegelhalterResult",
    "brier_decomposition",
    "brier_score",
    "brier_score_loss",
    "calibration_report",
    "check_metric",
    "expected_calibration_error",
    "format_calibration_report",
    "get_scorer",
    "hosmer_lemeshow_test",
    "maximum_calibration_error",
    "smooth_ece",
    "smooth_expected_calibration_error",
    "spiegelhalter_test",
]
