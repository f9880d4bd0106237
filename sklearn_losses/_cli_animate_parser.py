"""The options of ``sklearn-losses animate``: its argparse parser alone.

Each option is a parameter of
:class:`~sklearn_losses.LogisticMLPClassifier` or
:func:`~sklearn_losses.path.animate_regularization_path`; what they do is
``_cli_animate``'s. Building the parser imports neither scikit-learn nor
matplotlib, so that ``--help`` answers at once.
"""

import argparse

from sklearn_losses._cli_options import add_sep, registry_names

DEFAULT_GIF = "mlp_classification_boundaries.gif"

__all__ = ["DEFAULT_GIF", "build_animate_parser"]


def _add_animate_data(animate):
    data = animate.add_argument_group("data (default: Iris setosa vs versicolor)")
    data.add_argument("--csv", metavar="FILE", help="read the data from a CSV file")
    add_sep(data)
    data.add_argument("--target", metavar="COL", help="class label column (with --csv)")
    data.add_argument(
        "--features",
        nargs="+",
        metavar="COL",
        help="numeric feature columns (with --csv); the first two span the "
        "picture and the others are held at their medians; default: every "
        "numeric column but the target. Rows with missing values in the used "
        "columns are dropped (the count is printed).",
    )


class _AlphaRange(argparse.Action):
    """``--alpha-range START STOP NUM``: two numbers and a count, as typed."""

    def __call__(self, parser, namespace, values, option_string=None):
        start, stop, num = values
        try:
            start, stop = float(start), float(stop)
        except ValueError:
            raise argparse.ArgumentError(
                self, f"START and STOP must be numbers; got {start!r} {stop!r}"
            ) from None
        try:
            num = int(num)
        except ValueError:
            raise argparse.ArgumentError(
                self, f"NUM must be an integer; got {num!r}"
            ) from None
        if num == 1 and start != stop:
            # both ends are included: one alpha would silently drop STOP
            raise argparse.ArgumentError(
                self,
                f"NUM=1 cannot include both START={start:g} and STOP={stop:g}; "
                "give NUM >= 2, or one alpha with --alphas",
            )
        setattr(namespace, self.dest, (start, stop, num))


class _Hidden(argparse.Action):
    """``--hidden UNITS [UNITS ...]``, or ``--hidden 0``: no hidden layer.

    A bare ``--hidden`` is refused: it read as "the default" as easily as
    "no hidden layer", which is what it meant.
    """

    def __call__(self, parser, namespace, values, option_string=None):
        if not values:
            raise argparse.ArgumentError(
                self,
                "give the units of each hidden layer (--hidden 10 5), or "
                "--hidden 0 for no hidden layer (a logistic regression)",
            )
        if 0 in values and len(values) > 1:
            raise argparse.ArgumentError(
                self,
                "0 means no hidden layer and stands alone; a hidden layer "
                f"has at least 1 unit (got {' '.join(map(str, values))})",
            )
        # the library checks the values; 0 alone is the empty tuple
        setattr(namespace, self.dest, [] if values == [0] else values)


class _Losses(argparse.Action):
    """``--loss LOSS [LOSS ...]``: distinct losses, one panel each."""

    def __call__(self, parser, namespace, values, option_string=None):
        repeated = sorted({v for v in values if values.count(v) > 1})
        if repeated:
            raise argparse.ArgumentError(
                self,
                f"each loss is one panel, give it once; repeated: {' '.join(repeated)}",
            )
        setattr(namespace, self.dest, list(values))


def _add_animate_alphas(model):
    alphas = model.add_mutually_exclusive_group()
    alphas.add_argument(
        "--alphas",
        nargs="+",
        type=float,
        metavar="ALPHA",
        help="the alphas, one frame each (e.g. --alphas 0.01 0.1 1); default "
        "np.logspace(-3, 3, 20)",
    )
    alphas.add_argument(
        "--alpha-range",
        nargs=3,
        action=_AlphaRange,
        metavar=("START", "STOP", "NUM"),
        help="NUM log-spaced alphas from START to STOP, both included (values, "
        "not exponents; NUM=1 only when START equals STOP): --alpha-range "
        "0.001 1000 20 is the default",
    )
    alphas.add_argument(
        "--auto-alphas",
        nargs="?",
        const=20,
        type=int,
        metavar="NUM",
        help="NUM alphas (default 20) chosen from the data: log-spaced from "
        "EPS * alpha_max to alpha_max, the smallest alpha at which the model "
        "ignores its input (exact without a hidden layer and with an L1 part, "
        "found by bisection with a hidden layer, in at most 20 more fits; "
        "refused without hidden layer and L1 part); "
        "sklearn_losses.path.regularization_path(alphas='auto')",
    )
    model.add_argument(
        "--eps",
        type=float,
        help="with --auto-alphas: the smallest alpha over the largest, in (0, 1) "
        "(default 0.001)",
    )


def _add_animate_solver(model):
    model.add_argument(
        "--solver",
        default="lbfgs",
        choices=["auto", *registry_names("solvers")],
        help="solver (default lbfgs, as MLPClassifier(solver='lbfgs'); 'auto' "
        "is the estimator's default: lbfgs without a hidden layer, adam "
        "with one). On these 70 samples full-batch L-BFGS converges in tens "
        "of iterations where adam needs a thousand epochs, and reaches the "
        "minimum of the same objective.",
    )
    model.add_argument(
        "--max-iter",
        type=int,
        default=1000,
        help="iterations (lbfgs) or epochs (adam, sgd) per fit (default 1000)",
    )
    model.add_argument(
        "--max-fun",
        type=int,
        help="lbfgs only: at most this many loss evaluations per fit (default 15000)",
    )
    model.add_argument(
        "--learning-rate-init",
        type=float,
        help="adam and sgd only: the step size (default 0.001)",
    )
    model.add_argument(
        "--batch-size",
        type=int,
        help="adam and sgd only: samples per minibatch (default min(200, n_samples))",
    )
    model.add_argument(
        "--momentum",
        type=float,
        help="sgd only: the momentum of the updates, in [0, 1] (default 0.9)",
    )
    model.add_argument(
        "--learning-rate",
        metavar="{constant,invscaling,adaptive}",
        help="sgd only: the schedule of the step size, as MLPClassifier's "
        "learning_rate (default constant): invscaling divides it by "
        "(samples seen + 1)^POWER_T after each epoch; adaptive divides it by 5 "
        "when the loss stops improving, and stops below 1e-6",
    )
    model.add_argument(
        "--power-t",
        type=float,
        help="sgd with --learning-rate invscaling: the exponent, >= 0 (default 0.5)",
    )


def _add_animate_model(animate):
    model = animate.add_argument_group(
        "model and path (LogisticMLPClassifier)",
        "An option that the chosen penalty or solver does not use is an error "
        "(--solver auto is lbfgs without a hidden layer, adam with one).",
    )
    _add_animate_alphas(model)
    model.add_argument(
        "--hidden",
        nargs="*",
        action=_Hidden,
        type=int,
        default=[10],
        metavar="UNITS",
        help="hidden_layer_sizes: the units of each hidden layer (default 10; "
        "--hidden 16 16 is two layers of 16); --hidden 0 is no hidden layer, "
        "a logistic regression",
    )
    model.add_argument(
        "--loss",
        nargs="+",
        action=_Losses,
        default=["log_loss"],
        choices=registry_names("losses"),
        metavar="LOSS",
        help="training loss (default log_loss), one of "
        f"{', '.join(registry_names('losses'))}; several (--loss log_loss "
        "squared_error focal) draw one panel per loss side by side in each "
        "frame, fitted at the same alphas on the same split",
    )
    model.add_argument(
        "--penalty",
        default="l2",
        choices=registry_names("penalties"),
        help="penalty (default l2)",
    )
    model.add_argument(
        "--l1-ratio",
        type=float,
        help="elasticnet only: the L1 share of the penalty, in [0, 1] (default 0.15)",
    )
    _add_animate_solver(model)
    model.add_argument(
        "--random-state",
        type=int,
        default=42,
        help="random_state of the split and of the initial weights (default 42)",
    )


def _add_animate_output(animate):
    output = animate.add_argument_group("output")
    output.add_argument(
        "--fps",
        type=float,
        default=2.0,
        help="frames per second, from 0.0016 to 50 (default 2); a GIF stores "
        "frame delays in hundredths of a second, at most 655.35 s, and "
        "browsers slow delays under 0.02 s down to 0.1 s",
    )
    output.add_argument(
        "--grid-resolution",
        type=int,
        default=200,
        help="grid points per axis of the decision regions, 2 to 2000 "
        "(default 200); the grid holds at most 256 MiB, GRID^2 x features "
        "floats",
    )
    output.add_argument(
        "--frame-size",
        nargs=2,
        type=int,
        metavar=("WIDTH", "HEIGHT"),
        help="size of each frame in pixels, each from 64 to 4096 (default 640 480)",
    )
    output.add_argument(
        "--dpi",
        type=float,
        help="dots per inch: text is DPI/72 pixels per point, so a larger DPI "
        "draws larger text on a frame of the same size (default 100)",
    )
    output.add_argument(
        "--out", default=DEFAULT_GIF, metavar="FILE.gif", help=f"default {DEFAULT_GIF}"
    )
    output.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bars (on stderr) over the fits and the frames drawn",
    )


def build_animate_parser(commands):
    """Add the ``animate`` command to the subparsers ``commands``; return it."""
    animate = commands.add_parser(
        "animate",
        help="GIF of the decision boundary along a regularization path",
        description=(
            "Fit a LogisticMLPClassifier for each alpha (warm-started along the "
            "path) and write a GIF of its decision boundary, one frame per alpha "
            "(sklearn_losses.path.animate_regularization_path). Without options: "
            "Iris setosa vs versicolor on sepal length and petal length "
            "(sklearn_losses.datasets.load_iris_pair), a 70/30 split "
            "(train_test_split(test_size=0.3, random_state=42)), features "
            "standardised on the training part, one hidden layer of 10 units, "
            "alphas np.logspace(-3, 3, 20), frames drawn on the training data "
            f"and written to {DEFAULT_GIF}. Each frame's title names the loss, "
            "the penalty and alpha, with the training and validation (30% part) "
            "accuracy. alpha means what it means in "
            "MLPClassifier: the penalty is divided by the number of training "
            "samples (L2 adds alpha / (2 n_samples) |W|^2 to the mean loss), so "
            "each frame minimizes the objective of "
            "MLPClassifier(alpha=a, solver='lbfgs'), and with no hidden layer "
            "alpha = 1 / C of LogisticRegression(C)."
        ),
    )
    _add_animate_data(animate)
    _add_animate_model(animate)
    _add_animate_output(animate)
    return animate
