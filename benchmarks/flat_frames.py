"""Flat frames of the default ``sklearn-losses animate``, ours against scikit-learn.

A frame is *flat* when the predicted probabilities vary by less than 1e-4
over the animation's grid (200 x 200 points spanning the standardized
training data plus 10% on each side): the model ignores its input and the
picture shows one colour. The script counts them for

- ours: the estimator and path of ``sklearn-losses animate`` without options
  (Iris setosa vs versicolor, sepal and petal length, a 70/30 split with
  ``random_state=42``, standardized on the training part, hidden (10,),
  ``alpha`` in ``np.logspace(-3, 3, 20)``, warm-started along the path);
- ``MLPClassifier`` on the same alphas, data, split and scaling, hidden
  (10,), each alpha fitted from scratch (``random_state=42``), with
  ``solver="lbfgs"`` (``max_iter=1000``) and with its default ``"adam"``
  (``max_iter=1000``).

Run::

    python benchmarks/flat_frames.py
"""

import os
import tempfile
import warnings

import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from sklearn_losses._classifier import LogisticMLPClassifier
from sklearn_losses.cli import ESTIMATOR_OPTIONS, build_parser
from sklearn_losses.datasets import load_iris_pair
from sklearn_losses.path import animate_regularization_path

ALPHAS = np.logspace(-3, 3, 20)
FLAT_TOL = 1e-4
GRID_RESOLUTION = 200


def split_and_scale(random_state=42):
    """The default animation's training part, standardized."""
    X, y = load_iris_pair(return_X_y=True)
    X_train, _, y_train, _ = train_test_split(
        X, y, test_size=0.3, random_state=random_state
    )
    return StandardScaler().fit_transform(X_train), y_train


def animation_grid(X, resolution=GRID_RESOLUTION):
    """The points of the animation's picture: the data's range plus 10%."""
    lows, highs = X.min(axis=0), X.max(axis=0)
    pad = 0.1 * (highs - lows)
    axes = [
        np.linspace(lo, hi, resolution)
        for lo, hi in zip(lows - pad, highs + pad, strict=True)
    ]
    xx, yy = np.meshgrid(*axes)
    return np.column_stack([xx.ravel(), yy.ravel()])


def is_flat(estimator, grid, tol=FLAT_TOL):
    """True when the predicted probabilities vary by less than ``tol``."""
    return bool(np.ptp(estimator.predict_proba(grid), axis=0).max() < tol)


def cli_default_estimator():
    """The LogisticMLPClassifier that ``sklearn-losses animate`` fits."""
    args = build_parser().parse_args(["animate"])
    params = {name: getattr(args, name) for name in ESTIMATOR_OPTIONS}
    (params["loss"],) = params["loss"]  # --loss takes losses, one by default
    return LogisticMLPClassifier(hidden_layer_sizes=tuple(args.hidden), **params)


def ours(alphas=ALPHAS):
    """The fitted estimators of the default animation (a small GIF is written)."""
    X, y = load_iris_pair(return_X_y=True)
    with tempfile.TemporaryDirectory() as folder:
        path = animate_regularization_path(
            X,
            y,
            os.path.join(folder, "path.gif"),
            estimator=cli_default_estimator(),
            alphas=alphas,
            random_state=42,
            grid_resolution=2,
            progress=False,
        )
    return path.estimators_


def mlpclassifier(solver, alphas=ALPHAS):
    """``MLPClassifier`` fitted from scratch for each alpha."""
    X, y = split_and_scale()
    fits = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # adam's ConvergenceWarning at max_iter
        for alpha in alphas:
            mlp = MLPClassifier(
                (10,), alpha=alpha, solver=solver, max_iter=1000, random_state=42
            )
            fits.append(mlp.fit(X, y))
    return fits


def count_flat(estimators, grid):
    return sum(is_flat(est, grid) for est in estimators)


def main():
    grid = animation_grid(split_and_scale()[0])
    rows = [
        ("ours (sklearn-losses animate)", ours()),
        ("MLPClassifier lbfgs", mlpclassifier("lbfgs")),
        ("MLPClassifier adam", mlpclassifier("adam")),
    ]
    print(
        f"flat frames (probabilities vary < {FLAT_TOL:g} over the grid), "
        f"{len(ALPHAS)} alphas in np.logspace(-3, 3, 20)"
    )
    for name, estimators in rows:
        flat = [is_flat(est, grid) for est in estimators]
        first = ALPHAS[flat.index(True)] if any(flat) else None
        where = f", first at alpha={first:.3g}" if first is not None else ""
        print(f"  {name:32s} {sum(flat):2d} of {len(flat)}{where}")


if __name__ == "__main__":
    main()
