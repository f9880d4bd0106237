"""Displays: reliability diagram, training loss curve, loss against probability.

They follow scikit-learn's display shape: compute in ``from_estimator`` /
``from_predictions``, draw in ``plot(ax=None)``, which returns the display and
stores the matplotlib artists. matplotlib is imported only when drawing.
"""

from ._loss_curve import LossCurveDisplay
from ._loss_function import LossFunctionDisplay
from ._reliability import ReliabilityDiagramDisplay

__all__ = ["LossCurveDisplay", "LossFunctionDisplay", "ReliabilityDiagramDisplay"]
