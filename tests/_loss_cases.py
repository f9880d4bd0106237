"""Losses and data shared by the loss tests: every registered loss, and small
fixed arrays (also used by the PyTorch references)."""

import numpy as np

from sklearn_losses.losses import LOSSES, FocalLoss, KLDivergence

# Every registered loss with default parameters, plus the variants whose
# numerics differ (smoothed targets, gamma below 1 and gamma = 0). A loss added
# to LOSSES is picked up here, and so by every test parametrized over it.
ALL_LOSSES = [cls() for cls in LOSSES.values()] + [
    KLDivergence(label_smoothing=0.1),
    FocalLoss(gamma=0.5),
    FocalLoss(gamma=0.0),
]
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


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
