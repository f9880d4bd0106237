"""
==========================================
Iris: the decision boundary over 20 alphas
==========================================

A common course homework fits a small MLP (one hidden layer of 10
units) on two Iris classes, setosa and versicolor, using sepal length and
petal length, for 20 values of ``alpha`` from ``np.logspace(-3, 3, 20)``, and
saves a GIF of the decision boundary. It fits each model from scratch and
draws each frame as a new figure.

:func:`~sklearn_losses.regularization_path` does the fits (warm-started)
and :meth:`~sklearn_losses.RegularizationPath.animate` the GIF. Then the
same path with L1 and elastic-net penalties counts the weights that are
exactly zero at each ``alpha``.
"""

# %%
# The data
# --------
# :func:`~sklearn_losses.datasets.load_iris_pair` gives the two classes on
# the two features.
import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from sklearn_losses.datasets import load_iris_pair

iris = load_iris_pair()  # sepal and petal length; setosa, versicolor
X, y = iris.data, iris.target
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, random_state=42
)
scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_test = scaler.transform(X_test)

# %%
# Twenty alphas
# -------------
# ``alpha`` means what it means in scikit-learn's ``MLPClassifier``: the penalty
# :math:`\frac{\alpha}{2n}\lVert W \rVert^2` is added to the mean loss over
# the :math:`n` training samples (see :ref:`penalties`), so the homework's 20
# values are used as they are. With ``solver="lbfgs"`` each fit minimizes the
# objective ``MLPClassifier(alpha=alpha, solver="lbfgs")`` minimizes.
from sklearn_losses import LogisticMLPClassifier, regularization_path

alphas = np.logspace(-3, 3, 20)
grid_resolution = 200
max_iter = 1000
# sphinx_gallery_start_ignore
import os

if os.environ.get("SKLEARN_LOSSES_EXAMPLES_QUICK") == "1":
    grid_resolution, max_iter = 60, 300
# sphinx_gallery_end_ignore

mlp = LogisticMLPClassifier(
    hidden_layer_sizes=(10,),
    solver="lbfgs",
    max_iter=max_iter,
    random_state=42,
)
path = regularization_path(
    mlp,
    X_train,
    y_train,
    alphas=alphas,
    X_val=X_test,
    y_val=y_test,
    progress=False,
)
frame = path.to_frame()
columns = ["alpha", "train_score", "validation_score", "n_iter"]
print(frame[columns].to_string(index=False, float_format="{:.3g}".format))

# %%
# As ``alpha`` grows the weights shrink and the boundary softens; from
# ``alpha`` of about 50 on the model can no longer separate the classes: it
# predicts the same probability everywhere and the score drops to the share
# of the majority class (``MLPClassifier`` with ``solver="lbfgs"`` collapses
# at the same ``alpha``). The coefficient path shows every weight against ``alpha``:
import matplotlib.pyplot as plt

path.plot()
plt.show()

# %%
# The boundaries, panel by panel
# ------------------------------
# :class:`~sklearn_losses.path.RegularizationPathDisplay` draws the
# boundary of every other ``alpha`` in a grid: the regions of each class,
# shaded by the predicted probability, the training points, the axes and
# the legend named after the features and classes, and the train and
# validation accuracy over each panel.
from sklearn_losses.path import RegularizationPathDisplay

names = [f"{name}, standardised" for name in iris.feature_names]
display = RegularizationPathDisplay.from_path(
    path,
    X_train,
    y_train,
    feature_names=names,
    class_names=iris.target_names,
    grid_resolution=grid_resolution // 2,
)
display.plot_boundaries(n_cols=5, indices=range(0, 20, 2))
plt.show()

# %%
# The scores and log losses against ``alpha``, from ``path.to_frame()``:
display.plot_scores()
plt.show()

# %%
# The GIF
# -------
# One frame per ``alpha``, the same pictures, with the loss, the penalty and
# ``alpha`` in each title. The GIF goes to a temporary folder. (In a
# notebook, ``display`` alone plays the frames.)
import tempfile
from pathlib import Path

gif_path = Path(tempfile.mkdtemp()) / "mlp_classification_boundaries.gif"
path.animate(
    X_train,
    y_train,
    gif_path,
    grid_resolution=grid_resolution,
    fps=2,
    feature_names=names,
    class_names=iris.target_names,
)
print(f"wrote {gif_path.name}, {gif_path.stat().st_size // 1024} kB")

# %%
# From the shell, ``sklearn-losses animate`` writes this homework's GIF to
# ``mlp_classification_boundaries.gif`` (see :ref:`cli`), with the same
# alphas.
# From Python, :func:`~sklearn_losses.path.animate_regularization_path` does
# the same split, scaling, fits and GIF in one call.
#
# L1 and elastic net: exact zeros
# -------------------------------
# The L1 part of the penalty has no gradient at 0, and the solvers treat it so
# that small weights become exactly 0: ``adam`` and ``sgd`` by proximal steps
# (soft thresholding), ``lbfgs`` by solving the bound-constrained problem in
# which each weight is split into its positive and negative parts (see
# :ref:`penalties`). The network has :math:`2 \times 10 + 10 \times 1 = 30`
# weights. L2 shrinks them and zeroes none; L1 zeroes more and more as
# ``alpha`` grows, and elastic net (``l1_ratio=0.5``) mostly fewer than L1.
n_weights = sum(w.size for w in path.coefs_[0])
zeros = {"l2": n_weights - path.n_nonzero_}
paths = {"l2": path}
for penalty in ["l1", "elasticnet"]:
    sparse_mlp = LogisticMLPClassifier(
        hidden_layer_sizes=(10,),
        penalty=penalty,
        l1_ratio=0.5,
        solver="lbfgs",
        max_iter=max_iter,
        random_state=42,
    )
    paths[penalty] = regularization_path(
        sparse_mlp,
        X_train,
        y_train,
        alphas=alphas,
        X_val=X_test,
        y_val=y_test,
        progress=False,
    )
    zeros[penalty] = n_weights - paths[penalty].n_nonzero_

import pandas as pd

table = pd.DataFrame(
    {
        "alpha": alphas,
        "zeros (L2)": zeros["l2"],
        "zeros (L1)": zeros["l1"],
        "zeros (elastic net)": zeros["elasticnet"],
        "val. score (L1)": paths["l1"].validation_scores_,
    }
)
print(f"{n_weights} weights in all")
print(table.to_string(index=False, float_format="{:.3g}".format))

# %%
# In the middle of the path the L1 network keeps two weights out of 30: one
# from petal length to a hidden unit and one from that unit to the output.
# That is enough to separate setosa from versicolor (the validation score
# stays 1): L1 found that one feature and one unit do the job. From
# ``alpha`` of about 25 every weight is 0 and the model predicts the
# majority class.
n_nonzero_l1 = paths["l1"].n_nonzero_
middle = int(np.argmin(np.abs(np.log(alphas) - np.log(0.35))))
print(
    f"alpha={alphas[middle]:.3g}: {n_nonzero_l1[middle]} non-zero weights"
)
for layer, coef in enumerate(paths["l1"].coefs_[middle]):
    print(
        f"layer {layer} {coef.shape}: "
        f"non-zero at {np.argwhere(coef).tolist()}"
    )

# %%
fig, ax = plt.subplots(figsize=(7, 4.5))
for penalty, label in [
    ("l2", "L2"),
    ("elasticnet", "elastic net"),
    ("l1", "L1"),
]:
    ax.plot(alphas, zeros[penalty], marker="o", label=label)
ax.set_xscale("log")
ax.set_xlabel("alpha")
ax.set_ylabel(f"weights exactly 0 (of {n_weights})")
ax.legend()
ax.set_title("Exact zeros along the path")
plt.show()

# %%
# The L1 path's boundary, with the hidden units pruning away as ``alpha``
# grows:
gif_path_l1 = gif_path.with_name("mlp_l1_boundaries.gif")
paths["l1"].animate(
    X_train,
    y_train,
    gif_path_l1,
    grid_resolution=grid_resolution,
    fps=2,
    feature_names=names,
    class_names=iris.target_names,
)
print(f"wrote {gif_path_l1.name}")
