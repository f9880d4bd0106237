"""
==================================================
log(0): clipping probabilities, or using logits
==================================================

A well-known note, "The Log(0) Black Hole", warns that a prediction of exactly 0
or 1 that is wrong sends :math:`\\log(0) = -\\infty` into the loss, and fixes
it by clipping probabilities to ``[1e-15, 1 - 1e-15]``. This example shows
the failure, the fix, and why a loss computed from logits, as
:mod:`sklearn_losses.losses` does for training, needs no clipping at all.
"""

# %%
# Without clipping
# ----------------
# The note's data: near-perfect predictions, and "arrogant" ones that are
# certain and wrong. The plain formula, with NumPy's floating-point warnings
# turned on and recorded:
import warnings

import numpy as np

y_true = np.array([1, 0, 1])
y_near_perfect = np.array([0.99, 0.01, 0.99])
y_arrogant = np.array([0.0, 1.0, 0.0])
y_perfect = np.array([1.0, 0.0, 1.0])


def unclipped_log_loss(y_true, y_pred):
    return -np.mean(
        y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred)
    )


for name, y_pred in [
    ("near perfect", y_near_perfect),
    ("arrogant", y_arrogant),
    ("perfect", y_perfect),
]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(divide="warn", invalid="warn"):
            value = unclipped_log_loss(y_true, y_pred)
    messages = sorted({str(w.message) for w in caught})
    print(f"{name:>12}: {value:.4f}   warnings: {messages}")

# %%
# The arrogant predictions give ``inf`` with a "divide by zero" warning. The
# *perfect* ones are no better: for a sample with ``y = 1`` and ``p = 1`` the
# formula computes ``0 * log(0) = 0 * -inf``, which is ``nan``, so a flawless
# prediction breaks the unclipped loss too.
#
# With clipping
# -------------
# :func:`~sklearn_losses.functional.binary_cross_entropy` is the note's clipped
# formula (``eps=1e-15``). No warning, finite values:
from sklearn_losses.functional import binary_cross_entropy

with warnings.catch_warnings():
    warnings.simplefilter("error")  # any RuntimeWarning would raise here
    print(
        "Loss (Near Perfect): "
        f"{binary_cross_entropy(y_true, y_near_perfect):.4f}"
    )
    print(
        f"Loss (Arrogant): {binary_cross_entropy(y_true, y_arrogant):.4f}"
    )
    print(f"Loss (Perfect): {binary_cross_entropy(y_true, y_perfect):.4f}")
print(f"-log(1e-15) = {-np.log(1e-15):.4f}")

# %%
# Clipping caps the cost of a certain mistake at :math:`-\log(10^{-15})
# \approx 34.54`: every prediction at least as wrong costs the same, so the
# clipped loss cannot tell "wrong" from "very wrong", and its gradient with
# respect to a clipped probability is exactly 0.
#
# From logits: nothing to clip
# ----------------------------
# A network outputs logits :math:`z`; the probability is
# :math:`p = \sigma(z)`. Written in :math:`z`, the log loss of a positive
# sample is :math:`-\log \sigma(z) = \log(1 + e^{-z})`, the softplus of
# :math:`-z`, which a stable implementation computes without ever forming
# :math:`p`. :class:`~sklearn_losses.losses.LogLoss` does this: logits of
# :math:`\pm 1000` give exact losses and finite gradients, with no warning.
from sklearn_losses.losses import LogLoss

logits_arrogant = np.array([[-1000.0], [1000.0], [-1000.0]])
log_loss = LogLoss()
with warnings.catch_warnings():
    warnings.simplefilter("error")
    print("loss per sample:", log_loss.loss(y_true, logits_arrogant))
    print("gradient:", log_loss.gradient(y_true, logits_arrogant).ravel())

# %%
# The loss grows linearly with how wrong the logit is, and the gradient,
# :math:`\sigma(z) - y`, stays at its full size of 1 on a confident mistake:
# training keeps a signal to correct it. The picture: the loss of a positive
# sample against its logit, computed through clipped probabilities and
# directly from the logit.
import matplotlib.pyplot as plt

z = np.linspace(-60, 10, 701)
ones = np.ones_like(z)
with np.errstate(over="ignore"):
    p = 1.0 / (1.0 + np.exp(-z))
clipped = [binary_cross_entropy([1], [p_i]) for p_i in p]
from_logits = log_loss.loss(ones, z[:, None])

fig, ax = plt.subplots(figsize=(7, 4.5))
ax.plot(z, from_logits, label="from the logit (LogLoss)")
ax.plot(z, clipped, "--", label="sigmoid, clipped to 1e-15, then -log")
ax.set_xlabel("logit z of a sample with y = 1")
ax.set_ylabel("loss")
ax.legend()
plt.show()

# %%
# Below :math:`z \approx -34.5` the clipped curve is flat: the probability is
# smaller than ``1e-15`` and clipped. This is why the classifier in this
# package trains from logits (``LogisticMLPClassifier`` never applies a
# sigmoid or softmax before the loss), and why the clipping of
# :func:`~sklearn_losses.functional.binary_cross_entropy` is only needed when all
# you have are probabilities.
