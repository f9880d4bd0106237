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

Each option is a parameter of the Python API, which validates it.
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
ESTIMATOR_OPTIONS = (
    "loss",
    "penalty",
    "l1_ratio",
    "solver",
    "max_iter",
    "random_state",
)

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


def _add_animate_model(animate):
    model = animate.add_argument_group("model and path (LogisticMLPClassifier)")
    model.add_argument(
        "--alphas",
        nargs=3,
        metavar=("START", "STOP", "NUM"),
        help="NUM log-spaced alphas from START to STOP (values, not exponents; "
        "default 0.001 1000 20, that is np.logspace(-3, 3, 20))",
    )
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
        default=0.15,
        help="L1 share of the elastic-net penalty, in [0, 1] (default 0.15)",
    )
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
            f"and written to {DEFAULT_GIF}. The title shows the training and "
            "validation (30% part) accuracy. alpha means what it means in "
            "MLPClassifier: the penalty is divided by the number of training "
            "samples (L2 adds alpha / (2 n_samples) |W|^2 to the mean loss), so "
            "each frame minimizes the objective of "
            "MLPClassifier(alpha=a, solver='lbfgs'), and with no hidden layer "
            "alpha = 1 / C of LogisticRegression(C)."
        ),
    )
    _add_animate_data(animate)
    _add_animate_model(animate)
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
        "--out", default=DEFAULT_GIF, metavar="FILE.gif", help=f"default {DEFAULT_GIF}"
    )
    output.add_argument(
        "--no-progress", action="store_true", help="no progress bar over the alphas"
    )
    animate.set_defaults(run=_run_animate, modules=ANIMATE_MODULES)


def _add_calibration(commands):
    calibration = commands.add_parser(
        "calibration",
        help="calibration report and reliability diagram of predictions in a CSV",
        description=(
            "Print the calibration report (sklearn_losses.metrics."
            "calibration_report) of the predictions in a CSV file and write a "
            "reliability diagram. Rows with missing values in the used columns "
            "are dropped (the count is printed)."
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
    calibration.add_argument(
        "--labels",
        nargs="+",
        metavar="LABEL",
        help="the classes in the column order of --y-prob; with one probability "
        "column, the negative then the positive class (e.g. --labels no yes); "
        "default: 0/1 labels, or the sorted labels of the --y-true column",
    )
    calibration.add_argument(
        "--n-bins", type=int, default=15, help="bins of the binned metrics (default 15)"
    )
    _add_sep(calibration)
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
    except ValueError as exc:
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


def _complete_rows(frame, filename, columns, numeric):
    """The complete rows of ``columns`` in a CSV file; prints what it drops."""
    from sklearn_losses._io import complete_rows

    used, n_dropped = complete_rows(frame, columns, filename, numeric=numeric)
    if n_dropped:
        print(
            f"dropped {n_dropped} of {len(frame)} rows with missing values in "
            f"{', '.join(map(str, columns))}"
        )
    return used


# -- animate ----------------------------------------------------------------


def _parse_alphas(values):
    """``[START, STOP, NUM]`` strings -> the alphas, or None for the default."""
    if values is None:
        return None
    import numpy as np

    try:
        start, stop = float(values[0]), float(values[1])
    except ValueError:
        raise CommandError(
            f"--alphas START and STOP must be numbers; got {values[0]!r} {values[1]!r}"
        ) from None
    try:
        num = int(values[2])
    except ValueError:
        raise CommandError(
            f"--alphas NUM must be an integer; got {values[2]!r}"
        ) from None
    if num > 1000:
        raise CommandError(f"--alphas NUM must be at most 1000; got {num}")
    if start == stop and num > 1:
        raise CommandError(f"--alphas START and STOP are equal ({start:g}); give NUM 1")
    # Ends that are not positive and finite give alphas that are not either,
    # which regularization_path refuses with its message.
    with np.errstate(all="ignore"):
        alphas = np.logspace(np.log10(start), np.log10(stop), num)
    # The exact ends, so that the message shows a bad one as given.
    alphas[:1] = start
    alphas[1:][-1:] = stop
    return alphas


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


def _run_animate(args):
    from sklearn_losses._classifier import LogisticMLPClassifier
    from sklearn_losses.datasets import load_iris_pair
    from sklearn_losses.path import animate_regularization_path

    alphas = _parse_alphas(args.alphas)
    if args.csv is None and (args.target is not None or args.features is not None):
        raise CommandError("--target and --features need --csv FILE")
    if args.csv is None:
        iris = load_iris_pair()
        X, y, names = iris.data, iris.target_names[iris.target], iris.feature_names
    else:
        X, y, names = _csv_data(args)
    # Each model option is the LogisticMLPClassifier parameter of its name.
    params = {name: getattr(args, name) for name in ESTIMATOR_OPTIONS}
    estimator = LogisticMLPClassifier(hidden_layer_sizes=tuple(args.hidden), **params)
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = animate_regularization_path(
            X,
            y,
            args.out,
            estimator=estimator,
            alphas=alphas,
            random_state=args.random_state,
            feature_names=names,
            grid_resolution=args.grid_resolution,
            fps=args.fps,
            progress=not args.no_progress,
        )
    _report_warnings(caught, len(path.alphas_), args.max_iter)
    elapsed = time.perf_counter() - start
    alphas = path.alphas_
    print(
        f"wrote {args.out}: {len(alphas)} frames, alpha {alphas[0]:.3g} to "
        f"{alphas[-1]:.3g}, {elapsed:.1f} s"
    )
    if len(names) > 2:
        print(f"features other than {names[0]} and {names[1]} held at their medians")
    return 0


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


def _calibration_labels(args, y_true, n_columns):
    """``--labels`` in the type of the label column, or None when not given."""
    import numpy as np

    if args.labels is None:
        found = np.unique(y_true)
        if n_columns == 1 and not set(found.tolist()) <= {0, 1}:
            shown = ", ".join(map(str, found[:5]))
            example = " ".join(map(str, found[:2]))
            raise CommandError(
                f"column {args.y_true!r} holds {shown}, not 0/1: name the negative "
                f"and the positive class with --labels (e.g. --labels {example})"
            )
        return None
    try:
        return np.asarray(args.labels).astype(y_true.dtype)
    except ValueError:
        raise CommandError(
            f"--labels {' '.join(args.labels)} are not values of column "
            f"{args.y_true!r}, which holds {y_true.dtype.name} labels"
        ) from None


def _calibration_data(args):
    """``(y_true, y_prob, labels)`` from the CSV file of ``calibration``."""
    from sklearn_losses._io import read_csv

    if args.y_true in args.y_prob:
        raise CommandError(
            f"column {args.y_true!r} given as both --y-true and --y-prob"
        )
    columns = [args.y_true, *args.y_prob]
    frame = read_csv(args.file, sep=args.sep)
    used = _complete_rows(frame, args.file, columns, args.y_prob)
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

    out = check_output_file(args.out)
    fmt = _diagram_format(out)
    y_true, y_prob, labels = _calibration_data(args)
    options = {"n_bins": args.n_bins, "labels": labels}
    report = calibration_report(y_true, y_prob, **options)
    fig = Figure(figsize=(6, 5))
    FigureCanvasAgg(fig)
    ReliabilityDiagramDisplay.from_predictions(
        y_true, y_prob, ax=fig.add_subplot(), **options
    )
    with atomic_write(out) as tmp:
        fig.savefig(tmp, format=fmt)
    import pandas as pd

    # "not defined (reason)" in full, however long the reason
    with pd.option_context("display.max_colwidth", None):
        print(_format_report(report).to_string())
    print(f"wrote {out}")
    return 0


def _reasons(note):
    """``{test name prefix: reason}`` from a report's note.

    The note joins entries such as "Hosmer-Lemeshow: the predictions fill
    1 group, the test needs 3" with "; ".
    """
    reasons = {}
    for entry in filter(None, str(note).split("; ")):
        name, _, reason = entry.partition(": ")
        reasons[name.lower().replace("-", "_").replace(" ", "_")] = reason or entry
    return reasons


def _format_entry(name, value, reasons):
    """A report entry as text; an undefined one says why, never NaN."""
    from numbers import Real

    if isinstance(value, Real) and value == value:  # not NaN
        # one format for all rows: counts, probabilities and tiny p-values
        return f"{value:.4g}"
    why = [r for prefix, r in reasons.items() if name.startswith(prefix)]
    return f"not defined ({why[0]})" if why else "not defined"


def _format_report(report):
    """The report as text: floats to 4 digits, "not defined (reason)" else.

    ``calibration_report`` shows an undefined entry as "not defined", with
    the reasons in a ``note`` entry (a column for a table); a NaN, should
    one appear, is shown as "not defined" too.
    """
    import pandas as pd

    if isinstance(report, pd.DataFrame):
        rows = {row: _format_report(report.loc[row]) for row in report.index}
        return pd.DataFrame(rows).T
    reasons = _reasons(report.get("note", ""))
    entries = report.drop("note", errors="ignore")
    return pd.Series(
        {name: _format_entry(name, value, reasons) for name, value in entries.items()}
    )


# -- list -------------------------------------------------------------------


def _run_list(args):
    for kind in REGISTRIES:
        print(f"{kind}: {', '.join(map(str, _registry_names(kind)))}")
    print(
        "(every scikit-learn scorer name works too: sklearn.metrics.get_scorer_names())"
    )
    return 0
