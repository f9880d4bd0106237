"""
=====================================================
The cross-entropy lab: loss, penalty and calibration
=====================================================

A classic cross-entropy lab computes three numbers on five predictions:
the cross-entropy (0.2027), the same plus an L2 penalty (0.2542), and the
cross-entropy of "modified", fully confident predictions (0.0000). It concludes that the
confident predictions have a lower loss but are no longer calibrated.

This example computes the three numbers with :mod:`sklearn_losses.functional`,
then measures the calibration claim with :mod:`sklearn_losses.metrics`.
"""

# %%
# The lab's three numbers
# -----------------------
import numpy as np

from sklearn_losses.functional import binary_cross_entropy, regularized_loss

y_true = np.array([1, 0, 1, 1, 0])
y_prob = np.array([0.9, 0.2, 0.8, 0.7, 0.1])
y_prob_modified = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
weights = np.array([0.5, -0.3, 0.8, -0.2, 0.1])

cross_entropy = binary_cross_entropy(y_true, y_prob)
regularized = regularized_loss(y_true, y_prob, weights, alpha=0.5)
cross_entropy_modified = binary_cross_entropy(y_true, y_prob_modified)

print(f"Cross-Entropy Loss: {cross_entropy:.4f}")
print(f"Regularized Loss: {regularized:.4f}")
print(f"Modified Cross-Entropy Loss: {cross_entropy_modified:.4f}")

# %%
# The lab's penalty is :math:`\lambda \frac{1}{2N}\sum_j w_j^2` with :math:`N`
# the number of *weights* (five here):
# ``0.2027 + 0.5 * 1.03 / 10 = 0.2542``.
# :class:`~sklearn_losses.LogisticMLPClassifier`, like scikit-learn's
# ``MLPClassifier``, divides by the number of *samples* :math:`n` instead:
# ``alpha / n * 1/2 * sum(w**2)``. With five samples and five weights the two
# agree, ``alpha = 0.5``; in general ``alpha = lambda * n / N``:
n_samples = len(y_true)
alpha = 0.5 * n_samples / len(weights)
print(f"{cross_entropy + alpha / n_samples * 0.5 * np.sum(weights**2):.4f}")

# %%
# The confident predictions score 0.0000 only thanks to clipping: the lab's
# function clips probabilities to ``[1e-15, 1 - 1e-15]`` before the logarithm
# (see :ref:`sphx_glr_auto_examples_plot_clipping_log0.py`). If one of them
# had been wrong, the clipped loss of that sample would have been
# :math:`-\log(10^{-15}) \approx 34.5`:
y_one_wrong = np.array([1, 0, 1, 1, 1])
print(f"{binary_cross_entropy(y_one_wrong, y_prob_modified):.4f}")

# %%
# Calibration on five samples says little
# ---------------------------------------
# A model is calibrated when, among the cases it gives probability ``p``, a
# fraction ``p`` is positive. The expected calibration error (ECE) bins the
# predictions and averages the gap between the observed frequency and the
# mean probability in each bin.
from sklearn_losses.metrics import expected_calibration_error

print(
    "ECE, lab predictions:      "
    f"{expected_calibration_error(y_true, y_prob):.3f}"
)
print(
    "ECE, confident predictions: "
    f"{expected_calibration_error(y_true, y_prob_modified):.3f}"
)

# %%
# On these five samples the confident predictions even look *better*
# calibrated: every one of them is right, so each bin's frequency equals its
# probability. The lab's predictions are not wrong either: with one sample per
# bin, the observed frequency can only be 0 or 1, and a prediction of 0.8
# always shows a gap of at least 0.2. Binned ECE is biased upward on small
# samples (see :ref:`calibration`); calibration is a statement about many
# cases.
#
# Many cases
# ----------
# Suppose the lab's model is calibrated: its probabilities are the true
# chances. Draw many new cases, each with a probability like the lab's, and
# its outcome with that chance. The "modified" model rounds each probability
# to 0 or 1, as the lab did.
rng = np.random.default_rng(0)
n_cases = 5000
proba = rng.choice(y_prob, size=n_cases) + rng.uniform(
    -0.05, 0.05, size=n_cases
)
outcome = rng.binomial(1, proba)
proba_confident = np.round(proba)

for name, p in [("lab", proba), ("confident", proba_confident)]:
    print(
        f"{name:>9}: log loss {binary_cross_entropy(outcome, p):.3f}, "
        f"ECE {expected_calibration_error(outcome, p):.3f}, "
        f"accuracy {np.mean((p > 0.5) == outcome):.3f}"
    )

# %%
# Both models make the same decisions, so their accuracy is the same. But the
# confident model is wrong on about 18% of the cases while claiming
# certainty: each such case costs 34.5 (the clipped :math:`-\log 10^{-15}`),
# its log loss explodes, and its ECE is the whole error rate. The calibrated
# model's ECE is near 0.
#
# The reliability diagram shows the same: the observed frequency against the
# predicted probability, with a histogram of the predictions beneath. The
# calibrated model follows the diagonal; the confident one puts all its mass
# at 0 and 1, where the frequencies are about 0.15 and 0.80.
import matplotlib.pyplot as plt

from sklearn_losses.metrics import ReliabilityDiagramDisplay

fig, axes = plt.subplots(1, 2, figsize=(10, 5))
ReliabilityDiagramDisplay.from_predictions(
    outcome, proba, name="lab (calibrated)", ax=axes[0]
)
ReliabilityDiagramDisplay.from_predictions(
    outcome, proba_confident, name="modified (confident)", ax=axes[1]
)
axes[0].set_title("The lab's probabilities")
axes[1].set_title("Rounded to 0 and 1")
plt.show()

# %%
# Lower training loss by confidence is not better probabilities: the
# confident predictions' 0.0000 on five samples turns into the worst log loss
# and calibration error on new cases. Fit with a proper loss, and judge
# calibration on held-out data with enough samples.
