"""Reading a CSV file into columns a model can use.

The checks behind :func:`sklearn_losses.datasets.load_csv` and
:func:`~sklearn_losses.datasets.load_predictions_csv`: a file read with the
wrong separator, numbers written with a decimal comma, unknown columns,
missing and infinite values, and a label column that holds too many
distinct values to be classes. An error about a parameter's value is a
:class:`~sklearn_losses._errors.ParameterError` naming it.
"""

import csv
import errno
import os

from sklearn_losses._errors import ParameterError

__all__ = [
    "MAX_CLASSES",
    "check_class_labels",
    "complete_rows",
    "decimal_comma_hint",
    "read_csv",
]

# Separators a CSV file written by a spreadsheet may use instead of commas.
_OTHER_SEPARATORS = ";\t|,"
# More distinct labels than this means the column does not hold classes.
MAX_CLASSES = 20


def _other_separator(header, sep):
    """The separator a one-column header seems to use instead of ``sep``."""
    try:
        found = csv.Sniffer().sniff(header, delimiters=_OTHER_SEPARATORS).delimiter
    except csv.Error:
        return None
    return found if found != sep and found in header else None


def read_csv(filename, sep=","):
    """The whole CSV file as a DataFrame; a missing or unreadable file raises.

    A file that reads as a single column whose name holds another separator
    (``;`` as spreadsheets in many locales write, a tab, ``|``) is refused
    with a message naming that separator (a ``ParameterError`` about
    ``sep``).
    """
    import pandas as pd

    if not os.path.isfile(filename):
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), filename)
    try:
        frame = pd.read_csv(filename, sep=sep)
    except pd.errors.EmptyDataError:
        raise ValueError(f"empty CSV file: {filename}") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot parse {filename} as CSV: {exc}") from None
    if len(frame.columns) == 1:
        header = str(frame.columns[0])
        other = _other_separator(header, sep)
        if other is not None:
            raise ParameterError(
                "sep",
                f"{filename} seems to use {other!r} as separator, not sep={sep!r} "
                f"(its header is {header[:60]!r})",
            )
    return frame


def decimal_comma_hint(frame, columns):
    """A hint when text ``columns`` hold numbers written with a decimal comma."""
    for column in columns:
        values = frame[column].dropna().astype(str).head(20)
        if len(values) and values.str.fullmatch(r"[-+]?\d+,\d*").all():
            return (
                f" (column {column!r} holds numbers with a decimal comma, such as "
                f"{values.iloc[0]!r}; write them with a decimal point)"
            )
    return ""


def _check_finite(used, numeric, filename):
    """Refuse infinite values (a number too large for a float reads as inf)."""
    import numpy as np

    for column in numeric:
        values = used[column].to_numpy(dtype=float)
        bad = ~np.isfinite(values)
        if bad.any():
            row = used.index[np.flatnonzero(bad)[0]]
            raise ValueError(
                f"column {column!r} of {filename} holds {int(bad.sum())} infinite "
                f"value(s) (first in row {row}: {values[bad][0]}); values must be "
                "finite numbers below 1.8e308 in magnitude"
            )


def _plural(names):
    return f"{'s' if len(names) > 1 else ''} {', '.join(map(repr, names))}"


def complete_rows(frame, filename, columns, *, numeric=()):
    """``(rows of the used columns without a missing value, dropped rows)``.

    ``columns`` maps each parameter to the columns it names, in the order of
    the result; the columns of the parameters in ``numeric`` must hold
    finite numbers (booleans count as numbers). The dropped rows are the
    index labels of the rows with a missing value. Raises when a column is
    unknown, no complete row is left, or a numeric column is not.
    """
    from pandas.api.types import is_numeric_dtype

    for parameter, names in columns.items():
        missing = [c for c in names if c not in frame.columns]
        if missing:
            raise ParameterError(
                parameter,
                f"unknown column{_plural(missing)} in {filename}, given as "
                f"{parameter}; columns are {', '.join(map(str, frame.columns))}",
            )
    used = frame[[c for names in columns.values() for c in names]]
    complete = used.notna().all(axis=1)
    if not complete.any():
        raise ValueError(f"no complete rows left in {filename}")
    used = used[complete]
    for parameter in numeric:
        bad = [c for c in columns[parameter] if not is_numeric_dtype(used[c])]
        if bad:
            raise ParameterError(
                parameter,
                f"non-numeric column{_plural(bad)} in {filename}, given as "
                f"{parameter}; they must hold numbers{decimal_comma_hint(used, bad)}",
            )
        _check_finite(used, columns[parameter], filename)
    return used, frame.index[~complete]


def check_class_labels(y, parameter, column, *, min_classes=1, max_classes=MAX_CLASSES):
    """Refuse a label column with too few classes, or too many to be classes."""
    import numpy as np

    classes = np.unique(y)
    if len(classes) < min_classes:
        raise ParameterError(
            parameter,
            f"column {column!r} has fewer than {min_classes} classes (found "
            f"{len(classes)}: {', '.join(map(str, classes[:5]))})",
        )
    if max_classes is not None and len(classes) > max_classes:
        raise ParameterError(
            parameter,
            f"column {column!r} has {len(classes)} distinct values; expected "
            f"class labels (at most {max_classes} classes)",
        )
    return classes
