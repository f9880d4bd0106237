"""The ``sklearn-losses`` command line, a thin layer over the Python API.

Commands:

- ``sklearn-losses animate``: a GIF of the decision boundary along a
  regularization path (:func:`sklearn_losses.path.animate_regularization_path`).
  Without options it draws Iris setosa against versicolor
  (:func:`sklearn_losses.datasets.load_iris_pair`).
- ``sklearn-losses calibration FILE.csv``: the calibration report and a
  reliability diagram of predictions stored in a CSV file.
- ``sklearn-losses list``: the registered losses, penalties, solvers and
  scorers.

Each option is a parameter of the Python API, which validates it (the error
names the option); an option that the chosen penalty or solver does not use
is refused rather than ignored. ``calibration --format csv`` or ``json``
prints the report for programs, text fits the width of the terminal.
:func:`main` returns the exit code (0 success, 1 bad input or a failed
command, 2 bad usage, 130 after Ctrl-C, 128 + the signal number after
SIGTERM or SIGHUP, 141 when the reader of the output goes away, as in
``sklearn-losses list | head -1``) and never exits the interpreter itself.
Errors are one line on stderr, ``sklearn-losses: error: ...``, and leave no
output file, not even a temporary one.
"""

import argparse
import importlib
import os
import re
import shutil
import signal
import sys
import time
import warnings

PROG = "sklearn-losses"
DEFAULT_GIF = "mlp_classification_boundaries.gif"
DEFAULT_DIAGRAM = "reliability_diagram.png"
# More distinct labels than this means the target is not a class column.
MAX_CLASSES = 20
# Where each registry lives, in the order `list` prints them.
REGISTRIES = {
    "losses": ("losses", "LOSSES"),
    "penalties": ("penalties", "PENALTIES"),
    "solvers": ("solvers", "SOLVERS"),
    "scorers": ("metrics", "SCORERS"),
}

# Options of `animate` passed to LogisticMLPClassifier under the same name.
ESTIMATOR_OPTIONS = ("loss", "penalty", "solver", "max_iter", "random_state")
# Options of `animate` that only some penalties or solvers use: passed under
# the same name when given, an error when the chosen one does not use them.
PENALTY_OPTIONS = ("l1_ratio",)
SOLVER_OPTIONS = ("max_fun", "learning_rate_init", "batch_size", "momentum")
# Options of `animate` passed to animate_regularization_path when given.
FRAME_OPTIONS = ("frame_size", "dpi")
# Parameter names in the library's messages, and the options that set them.
OPTION_OF_PARAMETER = {
    "hidden_layer_sizes": "--hidden",
    **{
        name: "--" + name.replace("_", "-")
        for name in (
            *ESTIMATOR_OPTIONS,
            *PENALTY_OPTIONS,
            *SOLVER_OPTIONS,
            *FRAME_OPTIONS,
            "fps",
            "grid_resolution",
        )
    },
}

# The modules each command needs, imported before it starts, with Ctrl-C
# held back: an interrupt inside the import of a compiled extension (the
# font renderer of matplotlib) breaks the interpreter's exit.
ANIMATE_MODULES = (
    "pandas",
    "PIL.Image",
    "matplotlib.backends.backend_agg",
    "matplotlib.figure",
    "scipy.special",
    "sklearn_losses.path",
)
CALIBRATION_MODULES = (
    "pandas",
    "matplotlib.backends.backend_agg",
    "matplotlib.figure",
    "sklearn_losses.metrics",
)

__all__ = ["main"]


class CommandError(Exception):
    """Bad input detected by a command; reported as one line, exit code 1."""


class _UsageError(Exception):
    """Bad command-line usage; reported as one line, exit code 2."""


class _Exit(Exception):
    """argparse finished early (``--help``, ``--version``)."""

    def __init__(self, status):
        super().__init__(status)
        self.status = status


class _Parser(argparse.ArgumentParser):
    # argparse would print the usage and call sys.exit; main() decides instead.
    def error(self, message):
        raise _UsageError(message)

    def exit(self, status=0, message=None):
        if message:
            sys.stderr.write(message)
        raise _Exit(status)


def _registry_names(kind):
    """The names in the registry of ``kind`` ("losses", "solvers", ...)."""
    module, name = REGISTRIES[kind]
    return list(getattr(importlib.import_module(f"sklearn_losses.{module}"), name))


def _separator(text):
    """``--sep`` as typed: ``\\t`` (backslash, t) stands for a tab."""
    if not text:
        raise argparse.ArgumentTypeError("the separator must not be empty")
    return "\t" if text == "\\t" else text


def _add_sep(parser):
    parser.add_argument(
        "--sep",
        default=",",
        metavar="SEP",
        type=_separator,
        help="column separator of the CSV file (default ','; ';' for files "
        "written by spreadsheets in many locales; '\\t' for a tab)",
    )


def _add_animate_data(animate):
    data = animate.add_argument_group("data (default: Iris setosa vs versicolor)")
    data.add_argument("--csv", metavar="FILE", help="read the data from a CSV file")
    _add_sep(data)
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
        setattr(namespace, self.dest, (start, stop, num))


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
        "not exponents): --alpha-range 0.001 1000 20 is the default",
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
        "else found by bisection, in at most 20 more fits); "
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
        choices=["auto", *_registry_names("solvers")],
        help="solver (default lbfgs, as MLPClassifier(solver='lbfgs'); 'auto' "
        "is the estimator's default: lbfgs without a hidden layer, adam "
        "otherwise). On these 70 samples full-batch L-BFGS converges in tens "
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
        type=int,
        default=[10],
        metavar="UNITS",
        help="hidden_layer_sizes (default 10); '--hidden' alone fits a "
        "logistic regression (no hidden layer)",
    )
    model.add_argument(
        "--loss",
        default="log_loss",
        choices=_registry_names("losses"),
        help="training loss (default log_loss)",
    )
    model.add_argument(
        "--penalty",
        default="l2",
        choices=_registry_names("penalties"),
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


def _add_animate(commands):
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
    animate.set_defaults(run=_run_animate, modules=ANIMATE_MODULES)


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


def _add_calibration_classes(calibration):
    classes = calibration.add_mutually_exclusive_group()
    classes.add_argument(
        "--pos-label",
        metavar="LABEL",
        help="the positive class of a binary problem (one --y-prob column: the "
        "probability of LABEL); the other value of the --y-true column is the "
        "negative class. Default: 1 for a 0/1 column",
    )
    classes.add_argument(
        "--labels",
        nargs="+",
        metavar="LABEL",
        help="the classes in the column order of --y-prob; with one probability "
        "column, the negative then the positive class (--labels no yes is "
        "--pos-label yes); default: 0/1 labels, or the sorted labels of the "
        "--y-true column",
    )


def _add_calibration(commands):
    calibration = commands.add_parser(
        "calibration",
        help="calibration report and reliability diagram of predictions in a CSV",
        description=(
            "Print the calibration report (sklearn_losses.metrics."
            "calibration_report) of the predictions in a CSV file and write a "
            "reliability diagram. Rows with missing values in the used columns "
            "are dropped (the count is printed; on stderr with --format csv "
            "or json, so that stdout holds the report only)."
        ),
    )
    calibration.add_argument(
        "file", metavar="FILE.csv", help="CSV file with the predictions"
    )
    calibration.add_argument(
        "--y-true",
        default="y_true",
        metavar="COL",
        help="true label column (default y_true)",
    )
    calibration.add_argument(
        "--y-prob",
        nargs="+",
        default=["y_prob"],
        metavar="COL",
        help="predicted probability column (default y_prob); for more than two "
        "classes, one column per class in the order of the sorted labels",
    )
    _add_calibration_classes(calibration)
    calibration.add_argument(
        "--n-bins", type=int, default=15, help="bins of the binned metrics (default 15)"
    )
    _add_sep(calibration)
    calibration.add_argument(
        "--format",
        choices=["text", "csv", "json"],
        default="text",
        help="text (default): aligned to the width of the terminal; csv: one "
        "line per row of the report, an empty cell where a statistic is not "
        "defined and the reason in the note column; json: {'rows': {row: "
        "{entry: number or null, 'note': reason}}, 'overall': {...}}, where "
        "overall holds the metrics of a multiclass prediction as a whole",
    )
    calibration.add_argument(
        "--out",
        default=DEFAULT_DIAGRAM,
        metavar="FILE",
        help=f"reliability diagram, format from the suffix (default {DEFAULT_DIAGRAM})",
    )
    calibration.set_defaults(run=_run_calibration, modules=CALIBRATION_MODULES)


def build_parser():
    """The argument parser of the ``sklearn-losses`` command.

    Returns
    -------
    parser : argparse.ArgumentParser
        Parses ``argv`` into a namespace whose ``command`` attribute names
        the command to run.

    Examples
    --------
    >>> from sklearn_losses.cli import build_parser
    >>> args = build_parser().parse_args(["animate", "--fps", "4", "--hidden"])
    >>> args.command, args.fps, args.hidden
    ('animate', 4.0, [])
    """
    from sklearn_losses import __version__

    parser = _Parser(
        prog=PROG,
        description=(
            "Classifiers with the loss and penalty you choose, calibration "
            "metrics, and pictures of regularization."
        ),
        epilog=(
            "Exit status: 0 success, 1 bad input or a failed command, 2 bad "
            "usage, 130 after Ctrl-C, 143 after SIGTERM, 141 when the reader of "
            "the output goes away (| head). An error is one line on stderr and "
            "leaves no output file."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_animate(commands)
    _add_calibration(commands)
    listing = commands.add_parser(
        "list", help="registered losses, penalties, solvers and scorers"
    )
    listing.set_defaults(run=_run_list, modules=())
    return parser


def main(argv=None):
    """Run the ``sklearn-losses`` command line.

    Parameters
    ----------
    argv : list of str, default=None
        The arguments after the program name; ``sys.argv[1:]`` when None.

    Returns
    -------
    status : int
        0 on success, 1 when the input is bad or the command fails, 2 on bad
        usage. Errors are printed as one line on stderr.

    Examples
    --------
    >>> from sklearn_losses.cli import main
    >>> main(["list"])  # doctest: +ELLIPSIS
    losses: ...
    0
    >>> main(["animate", "--fps", "0"])
    1
    """
    from sklearn_losses._io import Terminated, termination_as_exception

    try:
        with termination_as_exception():
            return _run(argv)
    except KeyboardInterrupt:
        _error("interrupted")
        return 128 + signal.SIGINT
    except Terminated as exc:
        _error(f"terminated ({exc.name})")
        return 128 + exc.signum
    except BrokenPipeError:
        return _broken_pipe()


def _run(argv):
    """Parse ``argv``, run the command; the exit code of every ending but signals."""
    from sklearn_losses._io import signals_deferred

    try:
        with signals_deferred():
            args = build_parser().parse_args(argv)
            for module in args.modules:
                importlib.import_module(module)
        status = args.run(args)
        # Output still buffered would fail at exit, out of reach of main.
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        raise
    except _Exit as exc:
        return exc.status if isinstance(exc.status, int) else 1
    except _UsageError as exc:
        _error(f"{exc} (see '{PROG} --help')")
        return 2
    except CommandError as exc:
        _error(str(exc))
        return 1
    except OSError as exc:
        _error(_describe_os_error(exc))
        return 1
    except (ValueError, FloatingPointError) as exc:
        _error(str(exc))
        return 1


def _broken_pipe():
    """The reader of stdout went away (``| head``): stop quietly, status 141.

    As the Python documentation recommends, the rest of the output goes to
    devnull, so that flushing it at exit raises no second error; 141 is what
    a shell reports for a command ended by SIGPIPE.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # stdout is not a file (captured output): nothing is left to flush
    return 128 + signal.SIGPIPE


def _error(message):
    # One line: multi-line messages from deeper layers are joined.
    sys.stderr.write(f"{PROG}: error: {' '.join(str(message).split())}\n")


def _warn(message):
    sys.stderr.write(f"{PROG}: warning: {' '.join(str(message).split())}\n")


def _describe_os_error(exc):
    if exc.filename is not None and exc.strerror:
        return f"{exc.strerror}: {exc.filename}"
    # OSError(errno, message) of this package: the message names the path.
    return exc.strerror or str(exc) or type(exc).__name__


def _check_classes(y, what, *, at_least=1):
    """Refuse a column that does not look like class labels."""
    import numpy as np

    classes = np.unique(y)
    if len(classes) < at_least:
        raise CommandError(
            f"{what} has fewer than two classes (found {len(classes)}: {classes[0]})"
        )
    if len(classes) > MAX_CLASSES:
        raise CommandError(
            f"{what} has {len(classes)} distinct values; expected class labels "
            f"(at most {MAX_CLASSES} classes)"
        )


def _complete_rows(frame, filename, columns, numeric, info=None):
    """The complete rows of ``columns`` in a CSV file; prints what it drops.

    The count goes to ``info`` (stdout when None).
    """
    from sklearn_losses._io import complete_rows

    used, n_dropped = complete_rows(frame, columns, filename, numeric=numeric)
    if n_dropped:
        print(
            f"dropped {n_dropped} of {len(frame)} rows with missing values in "
            f"{', '.join(map(str, columns))}",
            file=info or sys.stdout,
        )
    return used


# -- animate ----------------------------------------------------------------


def _alpha_option(args):
    """The option that set the alphas (``--alphas`` when none did)."""
    if args.alpha_range is not None:
        return "--alpha-range"
    return "--alphas" if args.auto_alphas is None else "--auto-alphas"


def _check_frames(num, option):
    """Refuse more frames than a GIF holds, before any array is made."""
    from sklearn_losses.path._constraints import MAX_FRAMES

    if num > MAX_FRAMES:
        raise CommandError(
            f"{option} NUM: a GIF holds at most {MAX_FRAMES} frames (one "
            f"per alpha); got {num}"
        )


def _alpha_arguments(args):
    """The alphas' arguments of ``animate_regularization_path``.

    ``{"alphas": ...}`` from ``--alphas`` or ``--alpha-range`` (None for the
    default), or ``alphas="auto"`` with ``n_alphas`` (and ``eps``) from
    ``--auto-alphas`` (and ``--eps``).
    """
    if args.auto_alphas is None:
        if args.eps is not None:
            raise _UsageError("--eps applies to --auto-alphas only")
        return {"alphas": _alphas(args)}
    _check_frames(args.auto_alphas, "--auto-alphas")
    eps = {} if args.eps is None else {"eps": args.eps}
    return {"alphas": "auto", "n_alphas": args.auto_alphas, **eps}


def _alphas(args):
    """The alphas of ``--alphas`` or ``--alpha-range``; None for the default.

    The library checks the values; only a range too long to build is refused
    here, before its array is made.
    """
    if args.alpha_range is None:
        return args.alphas
    import numpy as np

    start, stop, num = args.alpha_range
    _check_frames(num, "--alpha-range")
    # Ends that are not positive and finite give alphas that are not either,
    # which the library refuses with its message.
    with np.errstate(all="ignore"):
        alphas = np.logspace(np.log10(start), np.log10(stop), max(num, 0))
    # The exact ends, so that the message shows a bad one as given.
    alphas[:1] = start
    alphas[1:][-1:] = stop
    return alphas


def _option(name):
    return OPTION_OF_PARAMETER[name]


def _refuse_unused(args, names, registry, chosen, got):
    """Refuse an option among ``names`` given for a ``chosen`` that ignores it.

    ``registry`` maps each choice to the parameters it uses.
    """
    kind = got.split()[0]
    for name in names:
        users = [key for key, params in registry.items() if name in params]
        if getattr(args, name) is not None and chosen not in users:
            raise _UsageError(
                f"{_option(name)} applies to {kind} {' or '.join(users)} only "
                f"(got {got})"
            )


def _check_used(args):
    """Options the chosen penalty or solver ignores are an error, not silence."""
    from dataclasses import fields

    from sklearn_losses._classifier import _resolve_solver
    from sklearn_losses.penalties import PENALTIES
    from sklearn_losses.solvers import SOLVERS

    penalties = {k: cls._get_param_names() for k, cls in PENALTIES.items()}
    _refuse_unused(
        args, PENALTY_OPTIONS, penalties, args.penalty, f"--penalty {args.penalty}"
    )
    solver = _resolve_solver(args.solver, tuple(args.hidden), incremental=False)
    got = f"--solver {args.solver}"
    if args.solver == "auto":
        layer = "with a hidden layer" if args.hidden else "without a hidden layer"
        got += f", which is {solver} {layer}"
    solvers = {k: [f.name for f in fields(cls)] for k, cls in SOLVERS.items()}
    _refuse_unused(args, SOLVER_OPTIONS, solvers, solver, got)


def _given(args, names):
    """``{name: value}`` of the options among ``names`` that were given."""
    given = {name: getattr(args, name) for name in names}
    return {name: value for name, value in given.items() if value is not None}


def _name_the_option(message, args):
    """The library's message about a parameter, led by the option that sets it."""
    alphas = _alpha_option(args)
    # the names, and the limit of a GIF: "at most 1000 frames (one per alpha)"
    options = {
        **OPTION_OF_PARAMETER,
        "alphas|one per alpha": alphas,
        "n_alphas": "--auto-alphas",
        "eps": "--eps",
    }
    found = [
        (match.start(), option)
        for pattern, option in options.items()
        if (match := re.search(rf"\b({pattern})\b", message))
    ]
    return f"{min(found)[1]}: {message}" if found else message


def _csv_data(args):
    from pandas.api.types import is_numeric_dtype

    from sklearn_losses._io import decimal_comma_hint, read_csv

    if args.target is None:
        raise CommandError("--csv needs --target COL (the class label column)")
    features = args.features
    if features is not None:
        if len(set(features)) != len(features):
            raise CommandError("--features lists a column twice")
        if args.target in features:
            raise CommandError(f"the target {args.target!r} is also a feature")
    frame = read_csv(args.csv, sep=args.sep)
    if features is None:
        features = [
            c for c in frame.columns if c != args.target and is_numeric_dtype(frame[c])
        ]
        if len(features) < 2:
            raise CommandError(
                f"{args.csv} has fewer than two numeric columns besides "
                f"{args.target!r}; name them with --features"
                f"{decimal_comma_hint(frame, frame.columns)}"
            )
        print(f"features: {', '.join(map(str, features))}")
    used = _complete_rows(frame, args.csv, [*features, args.target], features)
    y = used[args.target].to_numpy()
    _check_classes(y, f"target column {args.target!r}")
    return used[features].to_numpy(dtype=float), y, [str(f) for f in features]


def _animate_data(args):
    from sklearn_losses.datasets import load_iris_pair

    if args.csv is None and (args.target is not None or args.features is not None):
        raise CommandError("--target and --features need --csv FILE")
    if args.csv is None:
        iris = load_iris_pair()
        return iris.data, iris.target_names[iris.target], iris.feature_names
    return _csv_data(args)


def _run_animate(args):
    from sklearn_losses._classifier import LogisticMLPClassifier
    from sklearn_losses.path import animate_regularization_path

    _check_used(args)
    alphas = _alpha_arguments(args)
    X, y, names = _animate_data(args)
    # Each model option is the LogisticMLPClassifier parameter of its name.
    params = {name: getattr(args, name) for name in ESTIMATOR_OPTIONS}
    params.update(_given(args, PENALTY_OPTIONS + SOLVER_OPTIONS))
    estimator = LogisticMLPClassifier(hidden_layer_sizes=tuple(args.hidden), **params)
    frame = _given(args, FRAME_OPTIONS)
    if "frame_size" in frame:
        frame["frame_size"] = tuple(frame["frame_size"])
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            path = animate_regularization_path(
                X,
                y,
                args.out,
                estimator=estimator,
                **alphas,
                random_state=args.random_state,
                feature_names=names,
                grid_resolution=args.grid_resolution,
                fps=args.fps,
                progress=not args.no_progress,
                **frame,
            )
        except ValueError as exc:
            raise CommandError(_name_the_option(str(exc), args)) from None
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
        _warn(
            f"{n_unconverged} fit{'s' if n_unconverged > 1 else ''} (for "
            f"{n_fits} alphas) stopped at --max-iter {max_iter} before converging"
        )
    others = {
        str(w.message)
        for w in caught
        if not issubclass(w.category, (ConvergenceWarning, DeprecationWarning))
    }
    for message in sorted(others):
        _warn(message)


# -- calibration ------------------------------------------------------------


def _diagram_format(out):
    """The file format of the diagram, from the suffix of ``out``."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fmt = os.path.splitext(out)[1].lower().lstrip(".")
    supported = FigureCanvasAgg.get_supported_filetypes()
    if fmt not in supported:
        raise CommandError(
            f"cannot write a diagram as {fmt or 'a file without suffix'!r}; use "
            f"one of {', '.join('.' + s for s in sorted(supported))}"
        )
    return fmt


def _pos_label_classes(args, y_true, n_columns):
    """``[negative, positive]`` for ``--pos-label``: the other class is negative."""
    import numpy as np

    if n_columns != 1:
        raise CommandError(
            f"--pos-label applies to one --y-prob column (got {n_columns}); name "
            "the classes of the columns with --labels"
        )
    found = np.unique(y_true)
    # As typed: the label whose text it is, or whose value (1 for 1.0).
    same = [v for v in found if str(v) == args.pos_label]
    if not same:
        try:
            same = found[found == np.asarray(args.pos_label).astype(found.dtype)]
        except (TypeError, ValueError):
            pass
    shown = ", ".join(map(str, found[:5]))
    if len(same) == 0:
        raise CommandError(
            f"--pos-label {args.pos_label} is not a value of column "
            f"{args.y_true!r}, which holds {shown}"
        )
    if len(found) != 2:
        raise CommandError(
            f"--pos-label needs two classes in column {args.y_true!r}; it holds "
            f"{len(found)}: {shown}"
        )
    return found[::-1] if found[0] == same[0] else found


def _calibration_labels(args, y_true, n_columns):
    """The classes of ``--labels`` or ``--pos-label``; None when not given."""
    import numpy as np

    if args.pos_label is not None:
        return _pos_label_classes(args, y_true, n_columns)
    if args.labels is None:
        found = np.unique(y_true)
        if n_columns == 1 and not set(found.tolist()) <= {0, 1}:
            shown = ", ".join(map(str, found[:5]))
            raise CommandError(
                f"column {args.y_true!r} holds {shown}, not 0/1: name the positive "
                f"class with --pos-label (e.g. --pos-label {found[-1]})"
            )
        return None
    try:
        return np.asarray(args.labels).astype(y_true.dtype)
    except ValueError:
        raise CommandError(
            f"--labels {' '.join(args.labels)} are not values of column "
            f"{args.y_true!r}, which holds {y_true.dtype.name} labels"
        ) from None


def _calibration_data(args, info):
    """``(y_true, y_prob, labels)`` from the CSV file of ``calibration``."""
    from sklearn_losses._io import read_csv

    if args.y_true in args.y_prob:
        raise CommandError(
            f"column {args.y_true!r} given as both --y-true and --y-prob"
        )
    columns = [args.y_true, *args.y_prob]
    frame = read_csv(args.file, sep=args.sep)
    used = _complete_rows(frame, args.file, columns, args.y_prob, info=info)
    y_true = used[args.y_true].to_numpy()
    y_prob = used[args.y_prob].to_numpy(dtype=float)
    if y_prob.shape[1] == 1:
        y_prob = y_prob[:, 0]
    # calibration_report takes a single class; a diagram of it says nothing.
    _check_classes(y_true, f"column {args.y_true!r}", at_least=2)
    return y_true, y_prob, _calibration_labels(args, y_true, len(args.y_prob))


def _run_calibration(args):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from sklearn_losses._io import atomic_write, check_output_file
    from sklearn_losses.metrics import ReliabilityDiagramDisplay, calibration_report

    # stdout holds the report only when it is meant for a program
    info = sys.stdout if args.format == "text" else sys.stderr
    out = check_output_file(args.out)
    fmt = _diagram_format(out)
    y_true, y_prob, labels = _calibration_data(args, info)
    options = {"n_bins": args.n_bins, "labels": labels}
    report = calibration_report(y_true, y_prob, **options)
    fig = Figure(figsize=(6, 5))
    FigureCanvasAgg(fig)
    ReliabilityDiagramDisplay.from_predictions(
        y_true, y_prob, ax=fig.add_subplot(), **options
    )
    with atomic_write(out) as tmp:
        fig.savefig(tmp, format=fmt)
    rows, notes = _report_rows(report)
    overall = dict(getattr(report, "attrs", {}))
    if args.format == "json":
        print(_report_json(rows, notes, overall))
    elif args.format == "csv":
        print(_report_csv(rows, notes), end="")
    else:
        width = shutil.get_terminal_size().columns
        print("\n".join(_report_text(rows, notes, overall, width)))
    print(f"wrote {out}", file=info)
    return 0


def _number(value):
    """A report entry as a float, or None where it is not defined."""
    from numbers import Real

    if isinstance(value, Real) and value == value:  # not NaN
        return float(value)
    return None


def _report_rows(report):
    """``({row: {entry: float or None}}, {row: note})`` of a report.

    A binary report (a Series) is one row, named as the Series
    ("calibration"); a note is kept only where it says something.
    """
    import pandas as pd

    frame = report.to_frame().T if isinstance(report, pd.Series) else report
    rows, notes = {}, {}
    for name, row in frame.iterrows():
        note = row.get("note", "")
        entries = row.drop("note", errors="ignore")
        rows[str(name)] = {k: _number(v) for k, v in entries.items()}
        if isinstance(note, str) and note:
            notes[str(name)] = note
    return rows, notes


def _report_json(rows, notes, overall):
    import json

    rows = {
        row: {**entries, **({"note": notes[row]} if row in notes else {})}
        for row, entries in rows.items()
    }
    return json.dumps({"rows": rows, "overall": overall}, indent=2)


def _report_csv(rows, notes):
    import pandas as pd

    frame = pd.DataFrame.from_dict(rows, orient="index")
    if notes:
        frame["note"] = pd.Series(notes)
    # floats as repr writes them: read back, they are the report's floats
    return frame.to_csv(index_label="row")


def _cell(value):
    return "not defined" if value is None else f"{value:.4g}"


def _wrapped(text, width, indent):
    """``text`` in lines of at most ``width``, continued after ``indent`` spaces."""
    import textwrap

    return textwrap.wrap(
        text,
        max(width, indent + 20),
        subsequent_indent=" " * indent,
        break_on_hyphens=False,
    )


def _reasons(note):
    """``{entry name prefix: reason}`` from a report's note.

    The note joins entries such as "Hosmer-Lemeshow: the predictions fill
    1 group, the test needs 3" with "; ".
    """
    reasons = {}
    for entry in filter(None, str(note).split("; ")):
        name, _, reason = entry.partition(": ")
        reasons[name.lower().replace("-", "_").replace(" ", "_")] = reason or entry
    return reasons


def _binary_text(entries, note, width):
    """``name  value`` lines; an undefined value says why, wrapped to ``width``."""
    reasons = _reasons(note)
    name_width = max(map(len, entries))
    lines = []
    for name, value in entries.items():
        text = _cell(value)
        why = [r for prefix, r in reasons.items() if name.startswith(prefix)]
        if value is None and why:
            text += f" ({why[0]})"
        lines += _wrapped(f"{name:<{name_width}}  {text}", width, name_width + 2)
    return lines


def _table_text(rows, width):
    """Entries down, rows of the report across, in blocks that fit ``width``."""
    names = list(next(iter(rows.values())))
    name_width = max(map(len, names))
    cells = {row: [_cell(v) for v in entries.values()] for row, entries in rows.items()}
    widths = {row: max(len(row), *map(len, column)) for row, column in cells.items()}
    blocks, block, used = [], [], name_width
    for row in rows:
        if block and used + 2 + widths[row] > width:
            blocks.append(block)
            block, used = [], name_width
        block.append(row)
        used += 2 + widths[row]
    blocks.append(block)
    lines = []
    for block in blocks:
        lines.append("")
        lines.append(" " * name_width + "".join(f"  {r:>{widths[r]}}" for r in block))
        for i, name in enumerate(names):
            values = "".join(f"  {cells[r][i]:>{widths[r]}}" for r in block)
            lines.append(f"{name:<{name_width}}{values}")
    return lines[1:]


def _report_text(rows, notes, overall, width):
    """The report as lines no wider than ``width`` (when it holds a number).

    A binary report is one ``name  value`` line per entry, an undefined one
    saying why; a multiclass table is transposed (one line per entry, one
    column per row of the report) and split into blocks of columns, with
    the reasons and the metrics of the whole prediction under it.
    """
    if len(rows) == 1:
        ((row, entries),) = rows.items()
        return _binary_text(entries, notes.get(row, ""), width)
    lines = _table_text(rows, width)
    by_note = {}
    for row, note in notes.items():
        by_note.setdefault(note, []).append(row)
    for note, where in by_note.items():
        lines += _wrapped(f"not defined in {', '.join(where)}: {note}", width, 4)
    if overall:
        summary = ", ".join(f"{k} {_cell(_number(v))}" for k, v in overall.items())
        lines += _wrapped(f"all classes together: {summary}", width, 4)
    return lines


# -- list -------------------------------------------------------------------


def _run_list(args):
    for kind in REGISTRIES:
        print(f"{kind}: {', '.join(map(str, _registry_names(kind)))}")
    print(
        "(every scikit-learn scorer name works too: sklearn.metrics.get_scorer_names())"
    )
    return 0
