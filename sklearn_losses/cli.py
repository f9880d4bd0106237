"""The ``sklearn-losses`` command line, a thin layer over the Python API.

Commands:

- ``sklearn-losses animate``: a GIF of the decision boundary along a
  regularization path (:func:`sklearn_losses.regularization_path` and
  :meth:`~sklearn_losses.RegularizationPath.animate`). Without options it
  redoes the seed notebook's homework.
- ``sklearn-losses calibration FILE.csv``: the calibration report and a
  reliability diagram of predictions stored in a CSV file.
- ``sklearn-losses list``: the registered losses, penalties, solvers and
  scorers.

:func:`main` returns the exit code (0 success, 1 bad input or a failed
command, 2 bad usage) and never exits the interpreter itself. Errors are one
line on stderr, ``sklearn-losses: error: ...``, and leave no output file.
"""

import argparse
import importlib
import math
import os
import sys
import time
import warnings

from sklearn_losses._io import atomic_write
from sklearn_losses._validation import check_scalar_in_range

PROG = "sklearn-losses"
DEFAULT_GIF = "mlp_classification_boundaries.gif"
DEFAULT_DIAGRAM = "reliability_diagram.png"
# More distinct labels than this means the target is not a class column.
MAX_CLASSES = 20

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


def _registry_names(module, name):
    """The names in the registry ``sklearn_losses.<module>.<name>``."""
    return list(getattr(importlib.import_module(f"sklearn_losses.{module}"), name))


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

    animate = commands.add_parser(
        "animate",
        help="GIF of the decision boundary along a regularization path",
        description=(
            "Fit a LogisticMLPClassifier for each alpha (warm-started along the "
            "path) and write a GIF of its decision boundary, one frame per alpha. "
            "Without options this is the seed notebook's homework: Iris setosa "
            "vs versicolor on sepal length and petal length, a 70/30 split "
            "(train_test_split(test_size=0.3, random_state=42)), features "
            "standardised on the training part, one hidden layer of 10 units, "
            "alphas np.logspace(-3, 3, 20), frames drawn on the training data "
            f"and written to {DEFAULT_GIF}. The title shows the training and "
            "validation (30% part) accuracy. alpha follows this package's "
            "convention, the penalty is not divided by n_samples: "
            "MLPClassifier(alpha=a) with lbfgs is alpha=a/n_samples here, so "
            "the network collapses at smaller alphas than in the seed's GIF."
        ),
    )
    data = animate.add_argument_group("data (default: the seed's Iris subset)")
    data.add_argument("--csv", metavar="FILE", help="read the data from a CSV file")
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
    model = animate.add_argument_group("model and path")
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
        help="hidden layer sizes (default 10); '--hidden' alone fits a "
        "logistic regression (no hidden layer)",
    )
    model.add_argument(
        "--loss",
        default="log_loss",
        choices=_registry_names("losses", "LOSSES"),
        help="training loss (default log_loss)",
    )
    model.add_argument(
        "--penalty",
        default="l2",
        choices=_registry_names("penalties", "PENALTIES"),
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
        choices=_registry_names("optimizers", "SOLVERS"),
        help="optimiser (default lbfgs). The seed used MLPClassifier's default, "
        "adam; on these 70 samples full-batch L-BFGS converges in tens of "
        "iterations instead of a thousand epochs and draws the same kind of "
        "boundaries, many times faster. '--solver adam' gives the seed's "
        "optimiser.",
    )
    model.add_argument(
        "--max-iter",
        type=int,
        default=1000,
        help="iterations (lbfgs) or epochs (adam, sgd) per fit (default 1000, "
        "as the seed)",
    )
    model.add_argument(
        "--random-state", type=int, default=42, help="seed of the split and the weights"
    )
    output = animate.add_argument_group("output")
    output.add_argument(
        "--fps", type=float, default=2.0, help="frames per second (default 2)"
    )
    output.add_argument(
        "--grid-resolution",
        type=int,
        default=200,
        help="grid points per axis of the decision regions (default 200)",
    )
    output.add_argument(
        "--out", default=DEFAULT_GIF, metavar="FILE.gif", help=f"default {DEFAULT_GIF}"
    )
    output.add_argument(
        "--no-progress", action="store_true", help="no progress bar over the alphas"
    )
    animate.set_defaults(run=_run_animate)

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
        "--n-bins", type=int, default=15, help="bins of the binned metrics (default 15)"
    )
    calibration.add_argument(
        "--out",
        default=DEFAULT_DIAGRAM,
        metavar="FILE",
        help=f"reliability diagram, format from the suffix (default {DEFAULT_DIAGRAM})",
    )
    calibration.set_defaults(run=_run_calibration)

    listing = commands.add_parser(
        "list", help="registered losses, penalties, solvers and scorers"
    )
    listing.set_defaults(run=_run_list)
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
    try:
        args = build_parser().parse_args(argv)
        return args.run(args)
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
    except KeyboardInterrupt:
        _error("interrupted")
        return 130


def _error(message):
    # One line: multi-line messages from deeper layers are joined.
    sys.stderr.write(f"{PROG}: error: {' '.join(str(message).split())}\n")


def _warn(message):
    sys.stderr.write(f"{PROG}: warning: {' '.join(str(message).split())}\n")


def _describe_os_error(exc):
    if exc.filename is not None and exc.strerror:
        return f"{exc.strerror}: {exc.filename}"
    return str(exc) or type(exc).__name__


# -- checks -----------------------------------------------------------------


def _parse_alphas(values):
    """``[START, STOP, NUM]`` strings -> the alphas, or None for the default."""
    if values is None:
        return None
    import numpy as np

    start, stop, num = values
    try:
        start, stop = float(start), float(stop)
    except ValueError:
        raise CommandError(
            f"--alphas START and STOP must be numbers; got {values[0]!r} {values[1]!r}"
        ) from None
    try:
        num = int(num)
    except ValueError:
        raise CommandError(
            f"--alphas NUM must be an integer; got {values[2]!r}"
        ) from None
    if not (math.isfinite(start) and math.isfinite(stop)) or start <= 0 or stop <= 0:
        raise CommandError(
            f"--alphas START and STOP must be positive and finite (alphas are "
            f"log-spaced); got {start:g} and {stop:g}"
        )
    if not 1 <= num <= 1000:
        raise CommandError(f"--alphas NUM must be in [1, 1000]; got {num}")
    if start == stop and num > 1:
        raise CommandError(f"--alphas START and STOP are equal ({start:g}); give NUM 1")
    return np.logspace(np.log10(start), np.log10(stop), num)


def _check_output(path, suffixes=None):
    """Fail before any work when ``path`` cannot be written."""
    path = os.fspath(path)
    if suffixes is not None and not path.lower().endswith(suffixes):
        raise CommandError(
            f"output file must end in {' or '.join(suffixes)}; got {path!r}"
        )
    if os.path.isdir(path):
        raise CommandError(f"output is a folder, not a file: {path}")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise CommandError(f"output folder does not exist: {folder}")
    if not os.access(folder, os.W_OK):
        raise CommandError(f"output folder is not writable: {folder}")
    if os.path.exists(path) and not os.access(path, os.W_OK):
        raise CommandError(f"output file is not writable: {path}")
    return path


def _read_csv(path):
    """The whole CSV file as a DataFrame, or a one-line error."""
    import pandas as pd

    if not os.path.isfile(path):
        raise CommandError(f"no such file: {path}")
    try:
        return pd.read_csv(path)
    except pd.errors.EmptyDataError:
        raise CommandError(f"empty CSV file: {path}") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot parse {path} as CSV: {exc}") from None


def _complete_rows(frame, columns, path):
    """``frame[columns]`` without (and counting) rows with missing values."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CommandError(
            f"unknown column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(map(repr, missing))} in {path}; columns are "
            f"{', '.join(map(str, frame.columns))}"
        )
    used = frame[list(columns)]
    complete = used.notna().all(axis=1)
    n_dropped = int((~complete).sum())
    if n_dropped:
        print(
            f"dropped {n_dropped} of {len(frame)} rows with missing values in "
            f"{', '.join(map(str, columns))}"
        )
    used = used[complete]
    if len(used) == 0:
        raise CommandError(f"no complete rows left in {path}")
    return used


def _check_numeric(used, columns, path, what="features"):
    from pandas.api.types import is_numeric_dtype  # bool columns count too

    bad = [c for c in columns if not is_numeric_dtype(used[c])]
    if bad:
        raise CommandError(
            f"non-numeric column{'s' if len(bad) > 1 else ''} "
            f"{', '.join(map(repr, bad))} in {path}; {what} must be numbers"
        )


def _check_classes(y, what):
    import numpy as np

    classes = np.unique(y)
    if len(classes) < 2:
        found = f": {classes[0]}" if len(classes) else ""
        raise CommandError(
            f"{what} has fewer than two classes (found {len(classes)}{found})"
        )
    if len(classes) > MAX_CLASSES:
        raise CommandError(
            f"{what} has {len(classes)} distinct values; expected class labels "
            f"(at most {MAX_CLASSES} classes)"
        )
    return classes


# -- animate ----------------------------------------------------------------


def _seed_data():
    """The seed homework's data: Iris setosa vs versicolor, two lengths."""
    from sklearn.datasets import load_iris

    iris = load_iris()
    keep = iris.target != 2
    X = iris.data[keep][:, [0, 2]]
    y = iris.target_names[iris.target[keep]]
    names = [iris.feature_names[0], iris.feature_names[2]]
    return X, y, names


def _csv_data(args):
    if args.target is None:
        raise CommandError("--csv needs --target COL (the class label column)")
    if args.features is not None:
        features = list(args.features)
        if len(features) < 2:
            raise CommandError("--features needs at least two columns")
        if len(set(features)) != len(features):
            raise CommandError("--features lists a column twice")
        if args.target in features:
            raise CommandError(f"the target {args.target!r} is also a feature")
    frame = _read_csv(args.csv)
    if args.features is None:
        from pandas.api.types import is_numeric_dtype

        features = [
            c for c in frame.columns if c != args.target and is_numeric_dtype(frame[c])
        ]
        if len(features) < 2:
            raise CommandError(
                f"{args.csv} has fewer than two numeric columns besides "
                f"{args.target!r}; name them with --features"
            )
        print(f"features: {', '.join(map(str, features))}")
    used = _complete_rows(frame, [*features, args.target], args.csv)
    _check_numeric(used, features, args.csv)
    X = used[features].to_numpy(dtype=float)
    y = used[args.target].to_numpy()
    _check_classes(y, f"target column {args.target!r}")
    return X, y, [str(f) for f in features]


def _run_animate(args):
    # Cheap checks first, so bad options fail before any fitting.
    alphas = _parse_alphas(args.alphas)
    check_scalar_in_range(args.fps, "--fps", low=0, high=100)
    if args.fps == 0:
        raise CommandError("--fps must be positive; got 0")
    check_scalar_in_range(
        args.grid_resolution, "--grid-resolution", low=2, high=2000, integer=True
    )
    check_scalar_in_range(args.max_iter, "--max-iter", low=1, integer=True)
    check_scalar_in_range(args.l1_ratio, "--l1-ratio", low=0, high=1)
    if any(units < 1 for units in args.hidden):
        raise CommandError(f"--hidden sizes must be positive; got {args.hidden}")
    if args.random_state < 0:
        raise CommandError(f"--random-state must be >= 0; got {args.random_state}")
    out = _check_output(args.out, (".gif",))
    if args.csv is None and (args.target is not None or args.features is not None):
        raise CommandError("--target and --features need --csv FILE")

    if args.csv is None:
        X, y, names = _seed_data()
    else:
        X, y, names = _csv_data(args)

    import pandas as pd
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    from sklearn_losses import LogisticMLPClassifier, regularization_path

    try:
        X_train, X_val, y_train, y_val = train_test_split(
            X, y, test_size=0.3, random_state=args.random_state
        )
    except ValueError as exc:
        raise CommandError(f"cannot split {len(y)} rows 70/30: {exc}") from None
    _check_classes(y_train, "the training part (70%) of the target")
    scaler = StandardScaler().fit(X_train)
    X_train, X_val = scaler.transform(X_train), scaler.transform(X_val)

    estimator = LogisticMLPClassifier(
        hidden_layer_sizes=tuple(args.hidden),
        loss=args.loss,
        penalty=args.penalty,
        l1_ratio=args.l1_ratio,
        solver=args.solver,
        max_iter=args.max_iter,
        random_state=args.random_state,
    )
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = regularization_path(
            estimator,
            X_train,
            y_train,
            alphas=alphas,
            X_val=X_val,
            y_val=y_val,
            progress=not args.no_progress,
        )
    _report_warnings(caught, len(path.alphas_), args.max_iter)
    # Column names only label the axes; the estimators were fitted on arrays.
    labelled = pd.DataFrame(X_train, columns=[f"{n} (standardised)" for n in names])
    path.animate(
        labelled,
        y_train,
        out,
        grid_resolution=args.grid_resolution,
        fps=args.fps,
    )
    elapsed = time.perf_counter() - start
    alphas = path.alphas_
    print(
        f"wrote {out}: {len(alphas)} frames, alpha {alphas[0]:.3g} to "
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


def _run_calibration(args):
    check_scalar_in_range(args.n_bins, "--n-bins", low=1, high=10_000, integer=True)
    out = _check_output(args.out)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fmt = os.path.splitext(out)[1].lower().lstrip(".")
    supported = FigureCanvasAgg.get_supported_filetypes()
    if fmt not in supported:
        raise CommandError(
            f"cannot write a diagram as {fmt or 'a file without suffix'!r}; use "
            f"one of {', '.join('.' + s for s in sorted(supported))}"
        )
    if args.y_true in args.y_prob:
        raise CommandError(
            f"column {args.y_true!r} given as both --y-true and --y-prob"
        )
    used = _complete_rows(_read_csv(args.file), [args.y_true, *args.y_prob], args.file)
    _check_numeric(used, args.y_prob, args.file, "probabilities")
    y_true = used[args.y_true].to_numpy()
    y_prob = used[args.y_prob].to_numpy(dtype=float)
    if y_prob.shape[1] == 1:
        y_prob = y_prob[:, 0]
    _check_classes(y_true, f"column {args.y_true!r}")

    from sklearn_losses.metrics import ReliabilityDiagramDisplay, calibration_report

    report = calibration_report(y_true, y_prob, n_bins=args.n_bins)
    fig = Figure(figsize=(6, 5))
    FigureCanvasAgg(fig)
    ReliabilityDiagramDisplay.from_predictions(
        y_true, y_prob, n_bins=args.n_bins, ax=fig.add_subplot()
    )
    _save_figure(fig, out, fmt)
    # one format for all rows: counts, probabilities and tiny p-values alike
    print(report.to_string(float_format=lambda v: f"{v:.4g}"))
    print(f"wrote {out}")
    return 0


def _save_figure(fig, out, fmt):
    """Save to a temporary name in the destination folder, then rename."""
    with atomic_write(out) as tmp:
        fig.savefig(tmp, format=fmt)


# -- list -------------------------------------------------------------------


def _run_list(args):
    rows = []
    for label, module, name in (
        ("losses", "losses", "LOSSES"),
        ("penalties", "penalties", "PENALTIES"),
        ("solvers", "optimizers", "SOLVERS"),
        ("scorers", "metrics", "SCORERS"),
    ):
        names = _registry_names(module, name)
        rows.append(f"{label}: {', '.join(map(str, names))}")
    print("\n".join(rows))
    print(
        "(every scikit-learn scorer name works too: sklearn.metrics.get_scorer_names())"
    )
    return 0
