"""The seed homework's decision-boundary GIF: the notebook's way against ours.

The notebook fits an ``MLPClassifier`` from scratch for each alpha
(``max_iter=1000``, ``random_state=42``), builds a new figure per frame,
``savefig``s it to PNG in memory, opens it with Pillow and saves a Pillow GIF
(``duration=500``). Ours is ``regularization_path(...).animate(...)`` on the
same data with the same number of frames, with the estimator the command line
uses (``LogisticMLPClassifier``, L-BFGS, warm starts). Both run in this
process after the imports; the script prints both times and their ratio.

Run::

    python benchmarks/bench_path.py            # 20 alphas, 1 repeat
    python benchmarks/bench_path.py --repeat 3 --estimator sklearn
"""

import argparse
import os
import tempfile
import time
import warnings
from io import BytesIO

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402
from sklearn.datasets import load_iris  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from sklearn_losses.path import regularization_path  # noqa: E402


def seed_data():
    """Iris setosa vs versicolor, sepal and petal length, as the notebook."""
    iris = load_iris()
    X = iris.data[iris.target != 2][:, [0, 2]]
    y = iris.target[iris.target != 2]
    X_train, _, y_train, _ = train_test_split(X, y, test_size=0.3, random_state=42)
    return StandardScaler().fit_transform(X_train), y_train


def _notebook_frame(model, X, y, alpha):
    # The notebook's plot_decision_boundary, unchanged in substance.
    x_min, x_max = X[:, 0].min() - 1, X[:, 0].max() + 1
    y_min, y_max = X[:, 1].min() - 1, X[:, 1].max() + 1
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, 100), np.linspace(y_min, y_max, 100))
    Z = model.predict(np.c_[xx.ravel(), yy.ravel()]).reshape(xx.shape)
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.contourf(xx, yy, Z, alpha=0.3, levels=[-0.1, 0.1, 1.1], colors=["blue", "red"])
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="bwr", edgecolor="k", s=50)
    ax.set_title(f"MLP Decision Boundary (alpha={alpha})")
    ax.set_xlabel("Sepal Length (standardized)")
    ax.set_ylabel("Petal Length (standardized)")
    ax.set_xticks([])
    ax.set_yticks([])
    plt.tight_layout()
    buf = BytesIO()
    plt.savefig(buf, format="png")
    plt.close(fig)
    buf.seek(0)
    return Image.open(buf)


def run_notebook(X, y, alphas, filename):
    """The notebook's create_decision_boundary_gif (without its prints)."""
    images = []
    for alpha in alphas:
        mlp = MLPClassifier(
            hidden_layer_sizes=(10,), alpha=alpha, max_iter=1000, random_state=42
        )
        mlp.fit(X, y)
        images.append(_notebook_frame(mlp, X, y, alpha))
    images[0].save(
        filename, save_all=True, append_images=images[1:], duration=500, loop=0
    )


def make_estimator(kind):
    if kind == "ours":
        from sklearn_losses import LogisticMLPClassifier

        return LogisticMLPClassifier(
            hidden_layer_sizes=(10,), solver="lbfgs", max_iter=1000, random_state=42
        )
    return MLPClassifier(
        hidden_layer_sizes=(10,), solver="lbfgs", max_iter=1000, random_state=42
    )


def run_ours(X, y, alphas, filename, estimator, grid_resolution):
    path = regularization_path(estimator, X, y, alphas=alphas, progress=False)
    path.animate(X, y, filename, grid_resolution=grid_resolution, fps=2)


def n_frames(filename):
    with Image.open(filename) as im:
        return im.n_frames


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-alphas", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs")
    parser.add_argument(
        "--estimator",
        choices=("ours", "sklearn"),
        default="ours",
        help="LogisticMLPClassifier (default) or sklearn's MLPClassifier, "
        "both with lbfgs, in regularization_path",
    )
    parser.add_argument("--grid-resolution", type=int, default=200)
    args = parser.parse_args(argv)

    X, y = seed_data()
    alphas = np.logspace(-3, 3, args.n_alphas)
    estimator = make_estimator(args.estimator)
    warnings.filterwarnings("ignore")  # as the notebook does
    with tempfile.TemporaryDirectory() as folder:
        seed_gif = os.path.join(folder, "notebook.gif")
        ours_gif = os.path.join(folder, "ours.gif")
        seed_times, ours_times = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            run_notebook(X, y, alphas, seed_gif)
            seed_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            run_ours(X, y, alphas, ours_gif, estimator, args.grid_resolution)
            ours_times.append(time.perf_counter() - start)
        frames = (n_frames(seed_gif), n_frames(ours_gif))
    seed, ours = min(seed_times), min(ours_times)
    print(f"frames: notebook {frames[0]}, ours {frames[1]}")
    print(f"notebook (MLPClassifier adam, cold, savefig per frame): {seed:7.3f} s")
    print(
        f"ours ({type(estimator).__name__} lbfgs, warm path + animate, "
        f"grid {args.grid_resolution}): {ours:7.3f} s"
    )
    print(f"speed-up: {seed / ours:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
