"""Losses and data shared by the loss tests: every registered loss, and small
fixed arrays (also used by the PyTorch references).

The registry-driven tests read what each loss declares: a loss is tested on
the targets of its ``target_types`` only, so a correct new loss passes them
without a new line of test code. :data:`REGISTRY_TESTS` records them, so a
test can run the whole battery on a loss registered on the fly."""

import numpy as np
import pytest

from sklearn_losses.losses import LOSSES, FocalLoss, KLDivergence


def registry_losses():
    """Every registered loss with default parameters, plus the variants whose
    numerics differ (smoothed targets, gamma below 1 and gamma = 0)."""
    return [cls() for cls in LOSSES.values()] + [
        KLDivergence(label_smoothing=0.1),
        FocalLoss(gamma=0.5),
        FocalLoss(gamma=0.0),
    ]


# A loss added to LOSSES is picked up here, and so by every test
# parametrized over it.
ALL_LOSSES = registry_losses()
LOSS_IDS = [repr(loss) for loss in ALL_LOSSES]

LOGITS = np.array(
    [[1.5, -0.3, 0.2], [0.1, 2.2, -1.0], [-0.5, 0.4, 0.9], [3.0, -2.0, 0.0]]
)
Y_MC = np.array([0, 1, 2, 1])
Z_BIN = np.array([0.8, -1.2, 2.5, -0.3, 0.0])
Y_BIN = np.array([1, 0, 0, 1, 1])


def serves(loss, target_type):
    """Whether ``loss`` declares it can serve ``"binary"`` or ``"multiclass"``."""
    return target_type in loss.target_types


def declared_batches(loss):
    """``(y, raw)`` of the fixed arrays for each target type ``loss`` declares:
    the single logit as shape ``(n,)`` and ``(n, 1)``, and ``(n, K)`` logits."""
    batches = []
    if serves(loss, "binary"):
        batches += [(Y_BIN, Z_BIN), (Y_BIN, Z_BIN[:, None])]
    if serves(loss, "multiclass"):
        batches.append((Y_MC, LOGITS))
    return batches


REGISTRY_TESTS = []


def over_registry(test):
    """Parametrize ``test(loss, ...)`` over :data:`ALL_LOSSES`, and record it."""
    REGISTRY_TESTS.append(test)
    return pytest.mark.parametrize("loss", ALL_LOSSES, ids=LOSS_IDS)(test)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
