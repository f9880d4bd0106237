"""
=================================================
Log loss against the predicted probability
=================================================

A classic blog post explains cross-entropy with one picture: the loss of a
sample against the predicted probability of the positive class, one curve for
a sample whose label is 1 (:math:`-\\log p`) and one for a label of 0
(:math:`-\\log(1 - p)`). It computes the probabilities as the sigmoid of
``z = np.arange(-10, 10, 0.1)``.

:class:`~sklearn_losses.metrics.LossFunctionDisplay` draws this picture for
any registered loss.
"""

# %%
# The post's computation, through our loss object
# -----------------------------------------------
# The post's ``sigmoid`` and ``cross_entropy_loss`` functions are the link and
# the loss of :class:`~sklearn_losses.losses.LogLoss`, which takes the raw
# output ``z`` directly.
import numpy as np

from sklearn_losses.losses import LogLoss

z = np.arange(-10, 10, 0.1)
log_loss = LogLoss()
h_z = log_loss.predict_proba(z[:, None])[:, 1]  # the sigmoid
cost_1 = log_loss.loss(np.ones_like(z), z[:, None])  # -log(h(z)), y = 1
cost_0 = log_loss.loss(
    np.zeros_like(z), z[:, None]
)  # -log(1 - h(z)), y = 0

# The post's formulas, for comparison.
sigmoid = 1.0 / (1.0 + np.exp(-z))
print(np.allclose(h_z, sigmoid))
print(
    np.allclose(cost_1, -np.log(sigmoid)),
    np.allclose(cost_0, -np.log(1 - sigmoid)),
)

# %%
# The picture
# -----------
# For ``y = 1`` the loss is near 0 when the predicted probability is near 1
# and grows without bound as it goes to 0; for ``y = 0`` the mirror image.
import matplotlib.pyplot as plt

from sklearn_losses.metrics import LossFunctionDisplay

display = LossFunctionDisplay.from_loss("log_loss")
display.ax_.set_title("Log loss against the predicted probability")
plt.show()

# %%
# Every registered loss
# ---------------------
# The same picture for the other losses of :mod:`sklearn_losses.losses`.
# Squared error (the Brier score) and absolute error are bounded: a confident
# mistake costs at most 1. The focal loss flattens the curve where the
# prediction is already right. See :ref:`choosing_a_loss` for what this does
# to training and calibration.
from sklearn_losses.losses import LOSSES

fig, axes = plt.subplots(2, 3, figsize=(12, 7), sharex=True, sharey=True)
for ax, name in zip(axes.flat, LOSSES, strict=False):  # 5 losses, 6 axes
    LossFunctionDisplay.from_loss(name, ax=ax)
    ax.set_title(name)
    ax.set_ylim(0, 5)
for ax in axes.flat[len(LOSSES) :]:
    ax.set_visible(False)
fig.tight_layout()
plt.show()
