"""The seed homework's decision-boundary GIF: the notebook's way against ours.

The notebook fits an ``MLPClassifier`` from scratch for each alpha
(``max_iter=1000``, ``random_state=42``), builds a new figure per frame,
``savefig``s it to PNG in memory, opens it with Pillow and saves a Pillow GIF
(``duration=500``). Ours is ``regularization_path(...).animate(...)`` on the
same data with the same number of frames, with the estimator the command line
uses (``LogisticMLPClassifier``, L-BFGS, warm starts). Both run in this
process after the imports; the script prints both times and their ratio.

``--whole-process`` times whole processes instead, imports included, 5
interleaved runs each (medians): the course's script (``--course-script``,
this file run as the notebook's cells: its imports, 20 ``MLPClassifier``
fits, a figure saved per frame, a Pillow GIF) against ``sklearn-losses
animate`` with no options, and ``python -c "import sklearn_losses"``; it
prints the ten costliest imports (``python -X importtime``) of both of ours.

``--frames 100`` times ``RegularizationPath.animate`` alone (in this process,
after the fits) on 5,000 points of two blobs with a 200 x 200 grid.

Run::

    python benchmarks/bench_path.py            # 20 alphas, 1 repeat
    python benchmarks/bench_path.py --repeat 3 --estimator sklearn
    python benchmarks/bench_path.py --whole-process --repeat 5
    python benchmarks/bench_path.py --frames 100 --repeat 3
"""

import argparse
import os
import statistics
import subprocess
import sys
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
    from sklearn_losses.path import regularization_path

    path = regularization_path(estimator, X, y, alphas=alphas, progress=False)
    path.animate(X, y, filename, grid_resolution=grid_resolution, fps=2)


def course_script(filename):
    """The course's script as one process: data, 20 fits, the GIF."""
    warnings.filterwarnings("ignore")
    X, y = seed_data()
    run_notebook(X, y, np.logspace(-3, 3, 20), filename)


def _time_process(command, cwd):
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def import_costs(args, cwd, top=10):
    """Seconds of all imports of ``python -X importtime *args``, and the
    ``top`` costliest imports made directly (not by another import)."""
    err = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    rows = []
    for line in err.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        _, cumulative, name = line.split("|")
        if not name.startswith("   "):  # imported directly
            rows.append((int(cumulative) / 1e6, name.strip()))
    return sum(t for t, _ in rows), sorted(rows, reverse=True)[:top]


def whole_process(repeat):
    """Interleaved whole-process runs; medians and ratios."""
    cli = os.path.join(os.path.dirname(sys.executable), "sklearn-losses")
    commands = {
        "course script": [
            sys.executable,
            os.path.abspath(__file__),
            "--course-script",
            "course.gif",
        ],
        "sklearn-losses animate": [cli, "animate"],
        "import sklearn_losses": [sys.executable, "-c", "import sklearn_losses"],
    }
    times = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeat):
            for name, command in commands.items():
                times[name].append(_time_process(command, folder))
    medians = {name: statistics.median(t) for name, t in times.items()}
    for name, median in medians.items():
        print(
            f"{name:24s} median {median:6.3f} s  runs "
            + " ".join(f"{t:.2f}" for t in times[name])
        )
    ratio = medians["course script"] / medians["sklearn-losses animate"]
    print(f"speed-up of sklearn-losses animate over the course script: {ratio:.2f}x")
    with tempfile.TemporaryDirectory() as folder:
        runs = {
            "import sklearn_losses": ["-c", "import sklearn_losses"],
            "sklearn-losses animate": ["-m", "sklearn_losses", "animate"],
        }
        for name, args in runs.items():
            total, rows = import_costs(args, folder)
            print(f"python -X importtime, {name}: imports {total:.3f} s; costliest:")
            for seconds, module in rows:
                print(f"  {seconds:6.3f} s {module}")


def _frames_redrawing_points(self):
    """``BoundaryFigure.frames`` as it was: the points redrawn every frame."""
    for artist in self.dynamic:
        artist.set_animated(True)
    self.canvas.draw()
    background = self.canvas.copy_from_bbox(self.figure.bbox)
    renderer = self.canvas.get_renderer()
    try:
        for i in range(len(self.path.estimators_)):
            self.show(i)
            self.canvas.restore_region(background)
            for artist in self.dynamic:
                artist.draw(renderer)
            yield np.array(self.canvas.buffer_rgba())
    finally:
        for artist in self.dynamic:
            artist.set_animated(False)


def frames_benchmark(count, repeat, n_points=5000, grid_resolution=200):
    """``RegularizationPath.animate`` alone, ``count`` frames, in-process.

    Interleaved with the former drawing (the points redrawn every frame),
    medians and their ratio.
    """
    from sklearn.datasets import make_blobs

    from sklearn_losses.path import _frames, regularization_path

    warnings.filterwarnings("ignore")  # the short fits do not converge
    X, y = make_blobs(n_points, centers=2, cluster_std=2.0, random_state=0)
    estimator = make_estimator("ours").set_params(max_iter=50)
    path = regularization_path(
        estimator, X, y, alphas=np.logspace(-3, 3, count), progress=False
    )
    ways = {
        "points redrawn per frame": _frames_redrawing_points,
        "points drawn once": _frames.BoundaryFigure.frames,
    }
    times = {name: [] for name in ways}
    with tempfile.TemporaryDirectory() as folder:
        target = os.path.join(folder, "frames.gif")
        path.animate(X[:10], y[:10], target, grid_resolution=4)  # imports
        for _ in range(repeat):
            for name, way in ways.items():
                _frames.BoundaryFigure.frames = way
                start = time.perf_counter()
                path.animate(X, y, target, grid_resolution=grid_resolution)
                times[name].append(time.perf_counter() - start)
        frames = n_frames(target)
    medians = {name: statistics.median(t) for name, t in times.items()}
    print(f"animate: {frames} frames, {n_points} points, grid {grid_resolution}^2")
    for name, median in medians.items():
        runs = " ".join(f"{t:.2f}" for t in times[name])
        print(f"  {name:26s} median {median:6.3f} s  runs {runs}")
    ratio = medians["points redrawn per frame"] / medians["points drawn once"]
    print(f"  speed-up: {ratio:.2f}x")


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
    parser.add_argument("--course-script", metavar="FILE.gif")
    parser.add_argument("--whole-process", action="store_true")
    parser.add_argument("--frames", type=int)
    args = parser.parse_args(argv)
    if args.course_script:
        return course_script(args.course_script)
    if args.whole_process:
        return whole_process(args.repeat)
    if args.frames:
        return frames_benchmark(args.frames, args.repeat)

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
