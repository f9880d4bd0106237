"""Training losses over raw output (logits), their registry and check_loss.

A loss object works on the network's *raw output* (logits) and holds the link
that turns raw output into probabilities (:mod:`sklearn_losses.links`) once
it is bound to a problem:

- one logit per sample, shape ``(n,)`` or ``(n, 1)``: two classes, sigmoid;
- ``K >= 2`` columns, shape ``(n, K)``: ``K`` classes, softmax;
- multilabel: one logit per label, each a binary problem of its own
  (:class:`PerLabelLoss` applies a binary loss to each).

Every loss gives the pointwise ``loss`` (shape ``(n,)``), its ``gradient``
with respect to the raw output, both in one pass through ``loss_gradient``,
``predict_proba`` and the weighted mean through ``__call__``.
:func:`check_loss` runs the battery of checks every loss must pass, on the
built-in losses and on your own. The functions on probabilities
(``binary_cross_entropy`` and friends) live in :mod:`sklearn_losses.functional`.
"""

from sklearn_losses.losses._base import BaseLoss
from sklearn_losses.losses._check import check_loss
from sklearn_losses.losses._losses import (
    LOSSES,
    AbsoluteError,
    FocalLoss,
    KLDivergence,
    LogLoss,
    SquaredError,
    get_loss,
)
from sklearn_losses.losses._per_label import PerLabelLoss
from sklearn_losses.losses._report import CheckResult, LossCheckError, LossCheckReport

__all__ = [
    "BaseLoss",
    "LogLoss",
    "SquaredError",
    "AbsoluteError",
    "KLDivergence",
    "FocalLoss",
    "PerLabelLoss",
    "LOSSES",
    "get_loss",
    "check_loss",
    "LossCheckReport",
    "LossCheckError",
    "CheckResult",
]
