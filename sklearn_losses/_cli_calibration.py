"""``sklearn-losses calibration``: the report of a CSV file, and its diagram.

The report goes to stdout in every format; the diagram is written only when
``--plot FILE`` asks for it, atomically.

The predictions are read by :func:`sklearn_losses.datasets.load_predictions_csv`,
the report is :func:`sklearn_losses.metrics.calibration_report` printed by
:func:`~sklearn_losses.metrics.format_calibration_report`, and the diagram is
a :class:`~sklearn_losses.metrics.ReliabilityDiagramDisplay`.
"""

import argparse
import os
import sys

from sklearn_losses._cli_options import (
    CommandError,
    add_sep,
    check_each,
    print_dropped,
    warn,
)

# Imported before the command starts, with Ctrl-C held back (see animate).
MODULES = (
    "pandas",
    "matplotlib.backends.backend_agg",
    "matplotlib.figure",
    "sklearn_losses.metrics",
)

__all__ = ["MODULES", "add_parser", "run"]


def _add_calibration_classes(calibration):
    classes = calibration.add_mutually_exclusive_group()
    classes.add_argument(
        "--pos-label",
        metavar="LABEL",
        help="the positive class of a binary problem (one --y-prob column: the "
        "probability of LABEL); the other value of the --y-true column is the "
        "negative class; a number matches the label of that value (1.0 is 1). "
        "Default: 1 for a 0/1 column",
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


def _add_plot(calibration):
    plot = calibration.add_mutually_exclusive_group()
    plot.add_argument(
        "--plot",
        metavar="FILE",
        help="also write the reliability diagram to FILE, format from the suffix "
        "(.png, .svg, .pdf, ...); without --plot no file is written",
    )
    # The spelling of 0.1.0.dev0, which also wrote a diagram by default.
    plot.add_argument("--out", metavar="FILE", help=argparse.SUPPRESS)


def add_parser(commands):
    """Add the ``calibration`` command to the subparsers ``commands``."""
    calibration = commands.add_parser(
        "calibration",
        help="calibration report (and with --plot a reliability diagram) of "
        "predictions in a CSV",
        description=(
            "Print the calibration report (sklearn_losses.metrics."
            "calibration_report) of the predictions in a CSV file on stdout; "
            "with --plot FILE, also write a reliability diagram. Rows with "
            "missing values in the used columns are dropped (the count is "
            "printed; on stderr with --format csv or json, so that stdout "
            "holds the report only)."
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
    add_sep(calibration)
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
    _add_plot(calibration)
    calibration.set_defaults(run=run, modules=MODULES)


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


def _write_diagram(data, options, out, fmt):
    """Draw the reliability diagram of ``data`` into ``out``, atomically."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from sklearn_losses._io import atomic_write
    from sklearn_losses.metrics import ReliabilityDiagramDisplay

    fig = Figure(figsize=(6, 5))
    FigureCanvasAgg(fig)
    ReliabilityDiagramDisplay.from_predictions(
        data.y_true, data.y_prob, ax=fig.add_subplot(), **options
    )
    with atomic_write(out) as tmp:
        fig.savefig(tmp, format=fmt)


def run(args):
    """Run ``calibration``: print the report, write the diagram if asked; the
    exit code."""
    from sklearn_losses._io import check_output_file
    from sklearn_losses.datasets import load_predictions_csv
    from sklearn_losses.metrics import calibration_report, format_calibration_report

    # stdout holds the report only when it is meant for a program
    info = sys.stdout if args.format == "text" else sys.stderr
    if args.out is not None:
        warn("--out is deprecated; use --plot")
    out = args.plot if args.out is None else args.out
    if out is not None:
        out = check_output_file(out)
        fmt = _diagram_format(out)
    constraints = calibration_report._skl_parameter_constraints
    check_each({"n_bins": args.n_bins}, constraints, "calibration_report")
    data = load_predictions_csv(
        args.file,
        y_true=args.y_true,
        y_prob=args.y_prob,
        pos_label=args.pos_label,
        labels=args.labels,
        sep=args.sep,
    )
    print_dropped(data, info)
    options = {"n_bins": args.n_bins, "labels": data.labels}
    report = calibration_report(data.y_true, data.y_prob, **options)
    if out is not None:
        _write_diagram(data, options, out, fmt)
    print(format_calibration_report(report, args.format), end="")
    if out is not None:
        print(f"wrote {out}", file=info)
    return 0
