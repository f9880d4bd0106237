"""A calibration report as text for a terminal, CSV or JSON for programs."""

from numbers import Integral, Real

from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    StrOptions,
    validate_params,
)

__all__ = ["format_calibration_report"]

# Text narrower than this would wrap every line.
_MIN_WIDTH = 20
# Entries that count samples: an integer when whole (the report's table
# holds them as floats, next to the other entries of its row).
_COUNTS = frozenset({"n_samples"})


def _number(value, name=""):
    """A report entry as a float (an int for a whole count), or None where it
    is not defined."""
    if isinstance(value, Real) and value == value:  # not NaN
        value = float(value)
        return int(value) if name in _COUNTS and value.is_integer() else value
    return None


def _report_rows(report):
    """``({row: {entry: number or None}}, {row: note})`` of a report.

    A binary report (a Series) is one row, named as the Series
    ("calibration"); a note is kept only where it says something.
    """
    import pandas as pd

    frame = report.to_frame().T if isinstance(report, pd.Series) else report
    rows, notes = {}, {}
    for name, row in frame.iterrows():
        note = row.get("note", "")
        entries = row.drop("note", errors="ignore")
        rows[str(name)] = {k: _number(v, k) for k, v in entries.items()}
        if isinstance(note, str) and note:
            notes[str(name)] = note
    return rows, notes


def _report_json(rows, notes, overall):
    import json

    rows = {
        row: {**entries, **({"note": notes[row]} if row in notes else {})}
        for row, entries in rows.items()
    }
    return json.dumps({"rows": rows, "overall": overall}, indent=2) + "\n"


def _report_csv(rows, notes):
    import pandas as pd

    frame = pd.DataFrame.from_dict(rows, orient="index")
    if notes:
        frame["note"] = pd.Series(notes)
    # floats as repr writes them: read back, they are the report's floats
    return frame.to_csv(index_label="row", lineterminator="\n")


def _cell(value):
    if value is None:
        return "not defined"
    # a count in full: 4 significant digits would print 12345 as 1.234e+04
    return str(value) if isinstance(value, int) else f"{value:.4g}"


def _wrapped(text, width, indent):
    """``text`` in lines of at most ``width``, continued after ``indent`` spaces."""
    import textwrap

    return textwrap.wrap(
        text,
        max(width, indent + _MIN_WIDTH),
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
        summary = ", ".join(f"{k} {_cell(_number(v, k))}" for k, v in overall.items())
        lines += _wrapped(f"all classes together: {summary}", width, 4)
    return lines


@validate_params(
    {
        "report": [HasMethods(["to_frame"]), HasMethods(["iterrows"])],
        "format": [StrOptions({"text", "csv", "json"})],
        "width": [Interval(Integral, 1, None, closed="left"), None],
    },
    prefer_skip_nested_validation=True,
)
def format_calibration_report(report, format="text", *, width=None):
    """A :func:`calibration_report` as text, CSV or JSON.

    - ``"text"``, for people: a binary report is one ``name  value`` line
      per entry, where an entry that is not defined says why; a multiclass
      table is turned (one line per entry, one column per row of the
      report), split into blocks of columns that fit ``width``, with the
      reasons and the metrics of the whole prediction under it. Every line
      fits ``width`` when it leaves 20 characters after the entry names
      (``width >= 47`` for the entries of today's report); a reason wraps
      at no fewer than 20 characters.
    - ``"csv"``: one line per row of the report, with a ``row`` column
      first; a statistic that is not defined is an empty cell, and the
      reason is in a ``note`` column (present only when there is one).
    - ``"json"``: ``{"rows": {row: {entry: number or null, "note":
      reason}}, "overall": {...}}``, where ``overall`` holds the metrics
      of a multiclass prediction as a whole (the report's ``attrs``).

    The numbers of CSV and JSON are the report's floats, exactly, except
    ``n_samples``: a count, written as an integer in every format when it is
    whole (always, without sample weights).

    Parameters
    ----------
    report : pandas.Series or pandas.DataFrame
        A report of :func:`calibration_report`.
    format : {"text", "csv", "json"}, default="text"
        The output format.
    width : int, default=None
        The largest line length of ``"text"``; None means the width of the
        terminal (80 columns when there is none). Ignored by the other
        formats.

    Returns
    -------
    str
        The formatted report, ending in a newline.

    Examples
    --------
    >>> import json
    >>> from sklearn_losses.metrics import (
    ...     calibration_report, format_calibration_report)
    >>> report = calibration_report([0, 1, 1, 0], [0.5, 0.5, 0.5, 0.5])
    >>> print(format_calibration_report(report, width=60))  # doctest: +ELLIPSIS
    n_samples                  4
    base_rate                  0.5
    mean_prediction            0.5
    log_loss                   0.6931
    brier_score                0.25
    ...
    hosmer_lemeshow_pvalue     not defined (the predictions fill
                               1 group, the test needs 3)
    ...
    >>> print(format_calibration_report(report, "csv"))  # doctest: +ELLIPSIS
    row,n_samples,base_rate,...,spiegelhalter_pvalue,note
    calibration,4,0.5,...,,"Hosmer-Lemeshow: ...; Spiegelhalter: ..."
    <BLANKLINE>
    >>> entries = json.loads(format_calibration_report(report, "json"))
    >>> entries["rows"]["calibration"]["brier_score"] == report["brier_score"]
    True
    """
    import shutil

    rows, notes = _report_rows(report)
    if format == "json":
        return _report_json(rows, notes, dict(getattr(report, "attrs", {})))
    if format == "csv":
        return _report_csv(rows, notes)
    if width is None:
        width = shutil.get_terminal_size().columns
    overall = dict(getattr(report, "attrs", {}))
    return "\n".join(_report_text(rows, notes, overall, width)) + "\n"
