"""
==================================================
Iris: four losses side by side along the same path
==================================================

The course compares training losses on the Iris pair (setosa and
versicolor, sepal and petal length) with a table of validation accuracies,
one row per ``alpha`` and one column per loss. Here the same comparison is
also an animation: one panel per loss in each frame, at the same ``alpha``,
over the same standardised plane, so the four boundaries move together as
the penalty grows.

:func:`~sklearn_losses.regularization_path` fits each loss along the same
alphas; :meth:`~sklearn_losses.path.RegularizationPathDisplay.from_paths`
compares the paths, and
:func:`~sklearn_losses.path.animate_regularization_path` with a dict of
estimators writes the side-by-side GIF in one call (the command line does
the same: ``sklearn-losses animate --loss log_loss squared_error focal``).
"""

# %%
# The data and the four losses
# ----------------------------
# The split and the scaling are those of the single-loss example
# (``test_size=0.3``, ``random_state=42``, features standardised on the
# training part).
import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from sklearn_losses import LogisticMLPClassifier, regularization_path
from sklearn_losses.datasets import load_iris_pair

iris = load_iris_pair()
X_train, X_val, y_train, y_val = train_test_split(
    iris.data, iris.target, test_size=0.3, random_state=42
)
scaler = StandardScaler().fit(X_train)
X_train, X_val = scaler.transform(X_train), scaler.transform(X_val)

losses = ["log_loss", "squared_error", "absolute_error", "focal"]
alphas = np.logspace(-3, 3, 20)
grid_resolution, max_iter = 150, 1000
# sphinx_gallery_start_ignore
import os

if os.environ.get("SKLEARN_LOSSES_EXAMPLES_QUICK") == "1":
    grid_resolution, max_iter = 40, 300
# sphinx_gallery_end_ignore


def mlp(loss):
    return LogisticMLPClassifier(
        hidden_layer_sizes=(10,),
        loss=loss,
        solver="lbfgs",
        max_iter=max_iter,
        random_state=42,
    )


paths = {
    loss: regularization_path(
        mlp(loss),
        X_train,
        y_train,
        alphas=alphas,
        X_val=X_val,
        y_val=y_val,
        progress=False,
    )
    for loss in losses
}

# %%
# The course's table
# ------------------
# The validation accuracy of each loss (column) at each ``alpha`` (row).
# Every loss separates the two species at small ``alpha``; as the penalty
# grows each model collapses to the majority class (accuracy 0.433 on the
# held-out part). On this split the bounded losses (squared and absolute
# error, focal) collapse one ``alpha`` earlier than the log loss, whose
# gradient keeps growing on a confident mistake where theirs level off.
import pandas as pd

table = pd.DataFrame(
    {loss: path.validation_scores_ for loss, path in paths.items()},
    index=pd.Index([f"{alpha:.3g}" for alpha in alphas], name="alpha"),
)
print(table.to_string(float_format="{:.3f}".format))

# %%
# The boundaries, one row per loss
# --------------------------------
# :meth:`~sklearn_losses.path.RegularizationPathDisplay.from_paths` needs
# the paths at the same alphas (it names the labels whose alphas differ)
# and draws them on one plane: one row per loss, one column per ``alpha``.
import matplotlib.pyplot as plt

from sklearn_losses.path import RegularizationPathDisplay

names = [f"{name}, standardised" for name in iris.feature_names]
display = RegularizationPathDisplay.from_paths(
    paths,
    X_train,
    y_train,
    feature_names=names,
    class_names=iris.target_names,
    grid_resolution=grid_resolution // 2,
)
display.plot_boundaries(indices=[0, 9, 13, 14, 15])
plt.show()

# %%
# The validation accuracy and log loss of each loss against ``alpha``:
display.plot_scores()
plt.show()

# %%
# The animation
# -------------
# One frame per ``alpha``, one panel per loss, each panel the frame the
# GIF of that loss alone would show (its title names the loss, the
# architecture and ``alpha``). The GIF goes to a temporary folder; in a
# notebook, ``display`` alone plays the same frames.
import tempfile
from pathlib import Path

from sklearn_losses.path import animate_regularization_path

gif_path = Path(tempfile.mkdtemp()) / "losses_side_by_side.gif"
side_by_side = animate_regularization_path(
    iris.data,
    iris.target,
    gif_path,
    estimator={loss: mlp(loss) for loss in losses},
    alphas=alphas,
    random_state=42,
    feature_names=iris.feature_names,
    class_names=iris.target_names,
    grid_resolution=grid_resolution,
    frame_size=(480, 360),
    progress=False,
)
print(f"wrote {gif_path.name}, {gif_path.stat().st_size // 1024} kB")

# %%
# The function did the same split and scaling as above, so its paths give
# the same table:
again = pd.DataFrame(
    {loss: path.validation_scores_ for loss, path in side_by_side.items()},
    index=table.index,
)
print(f"same table: {np.allclose(again.to_numpy(), table.to_numpy())}")
