"""``sklearn-losses animate``: a GIF of the decision boundary along a path.

The options are the parameters of :class:`~sklearn_losses.LogisticMLPClassifier`
and :func:`~sklearn_losses.path.animate_regularization_path`; each is
validated by the library's own constraints before any fit, and an option
that the chosen penalty or solver does not use is refused, not ignored.
"""

import argparse
import time
import warnings

from sklearn_losses._cli_options import (
    ESTIMATOR_OPTIONS,
    FRAME_OPTIONS,
    OPTION_OF_PARAMETER,
    PENALTY_OPTIONS,
    SOLVER_OPTIONS,
    CommandError,
    UsageError,
    add_sep,
    auto_solver,
    check_each,
    options_read,
    print_dropped,
    registry_names,
    warn,
)
from sklearn_losses._errors import ParameterError

DEFAULT_GIF = "mlp_classification_boundaries.gif"
# The modules the command needs, imported before it starts, with Ctrl-C
# held back: an interrupt inside the import of a compiled extension (the
# font renderer of matplotlib) breaks the interpreter's exit.
MODULES = (
    "pandas",
    "PIL.Image",
    "matplotlib.backends.backend_agg",
    "matplotlib.figure",
    "scipy.special",
    "sklearn_losses.path",
)

__all__ = ["DEFAULT_GIF", "MODULES", "add_parser", "check_usage", "run"]


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
        default="log_loss",
        choices=registry_names("losses"),
        help="training loss (default log_loss)",
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


def add_parser(commands):
    """Add the ``animate`` command to the subparsers ``commands``."""
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
    animate.set_defaults(run=run, modules=MODULES, check=check_usage)


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


# -- running it ---------------------------------------------------------------


def _check_frames(num, option):
    """Refuse more frames than a GIF holds, before any array is made."""
    from sklearn_losses.path._constraints import MAX_FRAMES

    if num > MAX_FRAMES:
        raise CommandError(
            f"{option}: a GIF holds at most {MAX_FRAMES} frames (one per "
            f"alpha); got {num}"
        )


def _alpha_arguments(args):
    """The alphas' arguments of ``animate_regularization_path``.

    ``{"alphas": ...}`` from ``--alphas`` or ``--alpha-range`` (None for the
    default), or ``alphas="auto"`` with ``n_alphas`` (and ``eps``) from
    ``--auto-alphas`` (and ``--eps``).
    """
    if args.auto_alphas is None:
        if args.eps is not None:
            raise UsageError("--eps applies to --auto-alphas only")
        return {"alphas": _alphas(args)}
    _check_frames(args.auto_alphas, "--auto-alphas NUM")
    eps = {} if args.eps is None else {"eps": args.eps}
    return {"alphas": "auto", "n_alphas": args.auto_alphas, **eps}


def _alphas(args):
    """The alphas of ``--alphas`` or ``--alpha-range``; None for the default.

    Only a range too long to build is refused here, before its array is
    made; the library checks the values (see :func:`_check_alphas`).
    """
    if args.alpha_range is None:
        if args.alphas is not None:
            _check_frames(len(args.alphas), "--alphas")
        return args.alphas
    import numpy as np

    start, stop, num = args.alpha_range
    _check_frames(num, "--alpha-range NUM")
    # Ends that are not positive and finite give alphas that are not either,
    # which the library refuses with its message.
    with np.errstate(all="ignore"):
        alphas = np.logspace(np.log10(start), np.log10(stop), max(num, 0))
    # The exact ends, so that the message shows a bad one as given.
    alphas[:1] = start
    alphas[1:][-1:] = stop
    return alphas


def _check_alphas(alphas):
    """The library's check of the values of ``alphas``, as a ParameterError."""
    # the rule of the path and the CV estimator (finite, positive: a log scale)
    from sklearn_losses._validation import check_alphas as check_values

    if alphas is None or isinstance(alphas, str):
        return
    try:
        check_values(alphas)
    except ValueError as exc:
        raise ParameterError("alphas", str(exc)) from None


def _refuse_unused(args, names, registry, chosen, got):
    """Refuse an option among ``names`` given for a ``chosen`` that ignores it.

    ``registry`` maps each choice to the parameters it uses.
    """
    kind = got.split()[0]
    for name in names:
        users = [key for key, params in registry.items() if name in params]
        if getattr(args, name) is not None and chosen not in users:
            raise UsageError(
                f"{OPTION_OF_PARAMETER[name]} applies to {kind} "
                f"{' or '.join(users)} only (got {got})"
            )


def check_usage(args):
    """Usage errors that need no library: before the command's imports."""
    _check_used(args)
    if args.auto_alphas is not None and not args.hidden:
        if args.penalty == "l2" or args.l1_ratio == 0:
            # no alpha_max: the weights of a linear model are zero at no
            # finite alpha without an L1 part (regularization_path refuses it)
            got = "--l1-ratio 0" if args.penalty == "elasticnet" else "--penalty l2"
            raise UsageError(
                "--auto-alphas with --hidden 0 needs a penalty with an L1 part "
                "(--penalty l1, or elasticnet with --l1-ratio above 0; got "
                f"{got}): without one the weights are zero at no finite alpha. "
                "Give the alphas (--alphas, --alpha-range), or add a hidden layer"
            )


def _check_used(args):
    """Options the chosen penalty or solver ignores are an error, not silence.

    Checked from plain tables (:func:`options_read`), before the command
    imports scikit-learn: a usage error answers at once.
    """
    _refuse_unused(
        args,
        PENALTY_OPTIONS,
        options_read("penalties"),
        args.penalty,
        f"--penalty {args.penalty}",
    )
    solver = args.solver
    got = f"--solver {args.solver}"
    if args.solver == "auto":
        solver = auto_solver(args.hidden)
        layer = "with a hidden layer" if args.hidden else "without a hidden layer"
        got += f", which is {solver} {layer}"
    _refuse_unused(args, SOLVER_OPTIONS, options_read("solvers"), solver, got)
    if args.power_t is not None and args.learning_rate != "invscaling":
        # the one schedule that has an exponent
        raise UsageError(
            "--power-t applies to --learning-rate invscaling only "
            f"(got --learning-rate {args.learning_rate or 'constant'})"
        )


def _given(args, names):
    """``{name: value}`` of the options among ``names`` that were given."""
    given = {name: getattr(args, name) for name in names}
    return {name: value for name, value in given.items() if value is not None}


def _data(args):
    """``(X, y, feature_names)``: Iris setosa vs versicolor, or ``--csv``."""
    from sklearn_losses.datasets import load_csv, load_iris_pair

    if args.csv is None:
        if args.target is not None or args.features is not None:
            raise CommandError("--target and --features need --csv FILE")
        iris = load_iris_pair()
        return iris.data, iris.target_names[iris.target], iris.feature_names
    if args.target is None:
        raise CommandError("--csv needs --target COL (the class label column)")
    data = load_csv(args.csv, target=args.target, features=args.features, sep=args.sep)
    if args.features is None:
        print(f"features: {', '.join(data.feature_names)}")
    print_dropped(data)
    return data.data, data.target, data.feature_names


def _library_arguments(args):
    """``(estimator, keyword arguments of animate_regularization_path)``.

    Each value is checked alone by the library's constraints first, so
    that an error names its option.
    """
    from sklearn_losses._classifier import LogisticMLPClassifier

    # where the function is defined, with its declared constraints
    from sklearn_losses.path._animate import animate_regularization_path

    alphas = _alpha_arguments(args)
    # Each model option is the LogisticMLPClassifier parameter of its name.
    params = {name: getattr(args, name) for name in ESTIMATOR_OPTIONS}
    params.update(_given(args, PENALTY_OPTIONS + SOLVER_OPTIONS))
    params["hidden_layer_sizes"] = tuple(args.hidden)
    constraints = LogisticMLPClassifier._parameter_constraints
    check_each(params, constraints, "LogisticMLPClassifier")
    frame = _given(args, FRAME_OPTIONS)
    if "frame_size" in frame:
        frame["frame_size"] = tuple(frame["frame_size"])
    options = {
        **{name: value for name, value in alphas.items() if name != "alphas"},
        "random_state": args.random_state,
        "grid_resolution": args.grid_resolution,
        "fps": args.fps,
        **frame,
    }
    constraints = animate_regularization_path._skl_parameter_constraints
    check_each(options, constraints, "animate_regularization_path")
    _check_alphas(alphas["alphas"])
    return LogisticMLPClassifier(**params), {"alphas": alphas["alphas"], **options}


def run(args):
    """Run ``animate``: fit the path and write its GIF; the exit code."""
    from sklearn_losses.path import animate_regularization_path

    estimator, options = _library_arguments(args)
    X, y, names = _data(args)
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = animate_regularization_path(
            X,
            y,
            args.out,
            estimator=estimator,
            feature_names=names,
            progress=not args.no_progress,
            **options,
        )
    _report_warnings(caught, len(path.alphas_), args.max_iter)
    elapsed = time.perf_counter() - start
    alphas = path.alphas_
    print(
        f"wrote {args.out}: {len(alphas)} frames, alpha {alphas[0]:.3g} to "
        f"{alphas[-1]:.3g}, {elapsed:.1f} s"
    )
    if path.alpha_max_ is not None:
        print(_alpha_max_line(path))
    if len(names) > 2:
        print(f"features other than {names[0]} and {names[1]} held at their medians")
    return 0


def _alpha_max_line(path):
    """How ``--auto-alphas`` found the largest alpha."""
    how = (
        "exact: every weight is zero from there on"
        if path.alpha_max_method_ == "exact"
        else f"bisection on the collapse of the model, {path.alpha_max_n_fits_} "
        "more fits"
    )
    return f"alpha_max = {path.alpha_max_:.4g} ({how})"


def _report_warnings(caught, n_fits, max_iter):
    """Summarise the fits' warnings in a line or two instead of one per fit."""
    from sklearn.exceptions import ConvergenceWarning

    n_unconverged = sum(issubclass(w.category, ConvergenceWarning) for w in caught)
    if n_unconverged:
        warn(
            f"{n_unconverged} fit{'s' if n_unconverged > 1 else ''} (for "
            f"{n_fits} alphas) stopped at --max-iter {max_iter} before converging"
        )
    others = {
        str(w.message)
        for w in caught
        if not issubclass(w.category, (ConvergenceWarning, DeprecationWarning))
    }
    for message in sorted(others):
        warn(message)
