"""
=============================================
Calibration in model selection
=============================================

A grid search usually picks ``alpha`` by accuracy or log loss alone. This
example scores every candidate by log loss *and* expected calibration error
(ECE) in one :class:`~sklearn.model_selection.GridSearchCV`, refits the model
chosen by log loss, and compares the reliability diagrams of the chosen
models on held-out data.
"""

# %%
# Data and model
# --------------
# A synthetic binary problem with some label noise, and a network large
# enough to over-fit it when it is not regularized.
import numpy as np
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_losses import LogisticMLPClassifier

n_samples = 3000
alphas = np.logspace(-2, 3, 6)
max_iter = 200
# sphinx_gallery_start_ignore
import os

if os.environ.get("SKLEARN_LOSSES_EXAMPLES_QUICK") == "1":
    n_samples, alphas, max_iter = 800, np.logspace(-2, 3, 3), 60
# sphinx_gallery_end_ignore

X, y = make_classification(
    n_samples=n_samples,
    n_features=20,
    n_informative=6,
    flip_y=0.1,
    random_state=0,
)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.5, random_state=0
)
model = make_pipeline(
    StandardScaler(),
    LogisticMLPClassifier(
        (64, 64), max_iter=max_iter, early_stopping=False, random_state=0
    ),
)

# %%
# One search, two scores
# ----------------------
# scikit-learn resolves scorer names with its own registry, so our scorers
# are passed as objects from :func:`~sklearn_losses.metrics.get_scorer`
# (its ``"neg_log_loss"`` is scikit-learn's, made safe for folds that miss a
# class). Both scores are "greater is better": the negated log loss and the
# negated ECE. ``refit`` picks the
# score that chooses the final model: log loss, a proper score, because ECE
# alone would reward a model that always predicts the base rate.
import warnings

import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV

from sklearn_losses.metrics import get_scorer

search = GridSearchCV(
    model,
    {"logisticmlpclassifier__alpha": alphas},
    scoring={
        "log_loss": get_scorer("neg_log_loss"),
        "ece": get_scorer("neg_expected_calibration_error"),
    },
    refit="log_loss",
    cv=3,
)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)
    search.fit(X_train, y_train)

results = pd.DataFrame(
    {
        "alpha": alphas,
        "log loss": -search.cv_results_["mean_test_log_loss"],
        "ECE": -search.cv_results_["mean_test_ece"],
        "rank (log loss)": search.cv_results_["rank_test_log_loss"],
        "rank (ECE)": search.cv_results_["rank_test_ece"],
    }
)
print(results.round(4).to_string(index=False))
best_alpha = search.best_params_["logisticmlpclassifier__alpha"]
print(f"alpha chosen by log loss: {best_alpha:g}")

# %%
# With little regularization the network fits the label noise: its
# probabilities are over-confident, and both its log loss and its ECE are
# bad. The two scores agree on that end of the grid and disagree on the other:
# with a strong penalty the network predicts nearly the base rate for
# everyone, which ECE rates as well calibrated while log loss sees that it
# separates nothing. Log loss, which rewards calibration and sharpness
# together, picks the ``alpha`` in between.
#
# The chosen models on held-out data
# ----------------------------------
# ``search.best_estimator_`` is refitted on all the training data. For
# comparison, refit the weakest and the strongest ``alpha`` too, and draw the
# reliability diagrams on the test half.
import matplotlib.pyplot as plt
from sklearn.base import clone
from sklearn.metrics import log_loss

from sklearn_losses.metrics import (
    ReliabilityDiagramDisplay,
    expected_calibration_error,
)

chosen = {f"alpha={best_alpha:g} (chosen)": search.best_estimator_}
for alpha in [alphas[0], alphas[-1]]:
    if alpha != best_alpha:
        other = clone(model).set_params(logisticmlpclassifier__alpha=alpha)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            chosen[f"alpha={alpha:g}"] = other.fit(X_train, y_train)

fig, ax = plt.subplots(figsize=(7, 6))
for name, estimator in chosen.items():
    proba = estimator.predict_proba(X_test)[:, 1]
    print(
        f"{name:>24}: test log loss {log_loss(y_test, proba):.3f}, "
        f"ECE {expected_calibration_error(y_test, proba, n_bins=10):.3f}"
    )
    ReliabilityDiagramDisplay.from_estimator(
        estimator, X_test, y_test, n_bins=10, name=name, ax=ax
    )
ax.set_title("Reliability on the test half")
plt.show()

# %%
# The weakly regularized network is over-confident: its curve is flatter than
# the diagonal (what it calls 0.9 happens less often than 90% of the time)
# and its histogram piles up at 0 and 1. The chosen model follows the
# diagonal. The strongest ``alpha`` has the smallest ECE of all, yet its
# histogram is one spike at the base rate: it predicts about 0.5 for
# everyone, which is calibrated and useless. That is why the search refits on
# log loss and uses ECE to compare, not to choose. See :ref:`calibration` for
# the definitions and for the bias of binned ECE on small samples.
