"""
=================================================
Reliability diagrams with consistency bands
=================================================

A reliability diagram of a perfectly calibrated model does not lie on the
diagonal: each bin's observed frequency is the mean of a few hundred coin
flips and wanders around its mean predicted probability. How far is too far?
Consistency bands (Bröcker and Smith, 2007) answer by simulation: draw the
outcomes from the model's own probabilities, bin them as the diagram does,
and repeat; the band of a bin holds the central 90% of the frequencies drawn.
A point outside its band is a gap that chance alone makes in one bin out of
ten; many such points mean the model is miscalibrated.
"""

# %%
# Data drawn from known probabilities
# -----------------------------------
# The labels follow a logistic model of the first two of twenty features, so
# a linear model trained with log loss (a proper loss) can be calibrated. A
# network with 64 hidden units and almost no penalty, trained on the same
# 1000 samples, fits the noise of the other eighteen features and comes out
# over-confident.
import warnings

import numpy as np
from scipy.special import expit
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split

from sklearn_losses import LogisticMLPClassifier

n_samples = 4000
n_resamples = 1000
# sphinx_gallery_start_ignore
import os

if os.environ.get("SKLEARN_LOSSES_EXAMPLES_QUICK") == "1":
    n_samples, n_resamples = 2500, 200
# sphinx_gallery_end_ignore

rng = np.random.default_rng(0)
X = rng.normal(size=(n_samples, 20))
y = (rng.random(n_samples) < expit(X[:, :2] @ [1.5, -1.0])).astype(int)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, train_size=1000, random_state=0
)
models = {
    "linear model": LogisticMLPClassifier((), random_state=0),
    "over-fitted network": LogisticMLPClassifier(
        (64,),
        alpha=1e-5,
        max_iter=300,
        early_stopping=False,
        random_state=0,
    ),
}
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)
    for model in models.values():
        model.fit(X_train, y_train)

# %%
# The diagrams with their 90% bands
# ---------------------------------
# ``consistency_bands=0.9`` draws, at each bin's mean predicted probability,
# the band a calibrated model with the same predictions would put its
# observed frequency in 90% of the time; ``random_state`` makes it
# reproducible.
import matplotlib.pyplot as plt

from sklearn_losses.metrics import ReliabilityDiagramDisplay

fig, axes = plt.subplots(1, 2, figsize=(10, 4.8), sharey=True)
for ax, (name, model), color in zip(
    axes, models.items(), ["C0", "C3"], strict=True
):
    display = ReliabilityDiagramDisplay.from_estimator(
        model,
        X_test,
        y_test,
        n_bins=10,
        name=name,
        ax=ax,
        hist=False,
        consistency_bands=0.9,
        n_resamples=n_resamples,
        random_state=0,
        color=color,
    )
    ax.set_title(name.capitalize())
    ax.legend(loc="upper left", fontsize="small")
    outside = (display.prob_true < display.band_low_) | (
        display.prob_true > display.band_high_
    )
    print(
        f"{name:>14}: {outside.sum()} of {outside.size} bins"
        " outside their band"
    )
fig.tight_layout()
plt.show()

# %%
# The linear model stays inside its bands but for about one bin in ten: its
# gaps to the diagonal are the size chance makes with so many samples a bin.
# The network is outside them in most bins, below the diagonal at high
# probabilities and above it at low ones: what it calls 0.95 happens far less
# often. The bands are narrow where many samples fall and wide where few do;
# the histogram beneath the diagram (drawn by default, left out here) shows
# the counts behind each band. See :ref:`calibration` for the other tools:
# binned and smooth calibration errors and tests with a p-value.
