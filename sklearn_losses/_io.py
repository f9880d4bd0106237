"""Files for the command line and the GIF writer.

Writes are atomic: an error never leaves a half-written file behind.
"""

import contextlib
import errno
import os
import tempfile


@contextlib.contextmanager
def atomic_write(filename):
    """Yield a temporary path next to ``filename``; rename it there on success.

    The temporary file lives in the destination folder so the final
    ``os.replace`` is atomic; on any error it is removed and ``filename`` is
    left as it was.
    """
    folder = os.path.dirname(os.path.abspath(filename))
    fd, tmp = tempfile.mkstemp(
        prefix=f".{os.path.basename(filename)}.", suffix=".tmp", dir=folder
    )
    os.close(fd)
    try:
        yield tmp
        # mkstemp makes the file private; give it the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, filename)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def check_output_file(filename, suffixes=None):
    """Fail before any work when ``filename`` cannot be written.

    Returns ``filename`` as a string. ``suffixes``, a tuple of lower-case
    endings such as ``(".gif",)``, restricts the name.
    """
    filename = os.fspath(filename)
    if suffixes is not None and not filename.lower().endswith(suffixes):
        raise ValueError(
            f"filename must end in {' or '.join(map(repr, suffixes))}; "
            f"got {filename!r}."
        )
    if os.path.isdir(filename):
        raise IsADirectoryError(f"Output is a folder, not a file: {filename!r}.")
    folder = os.path.dirname(os.path.abspath(filename))
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"Output folder does not exist: {folder!r}.")
    if not os.access(folder, os.W_OK):
        raise PermissionError(f"Output folder is not writable: {folder!r}.")
    if os.path.exists(filename) and not os.access(filename, os.W_OK):
        raise PermissionError(f"Output file is not writable: {filename!r}.")
    return filename


def read_csv(filename):
    """The whole CSV file as a DataFrame; a missing or unreadable file raises."""
    import pandas as pd

    if not os.path.isfile(filename):
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), filename)
    try:
        return pd.read_csv(filename)
    except pd.errors.EmptyDataError:
        raise ValueError(f"empty CSV file: {filename}") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot parse {filename} as CSV: {exc}") from None


def complete_rows(frame, columns, filename, *, numeric=()):
    """``(frame[columns] without rows with missing values, n_dropped)``.

    Raises when a column is unknown, no complete row is left, or a column
    in ``numeric`` does not hold numbers (booleans count as numbers).
    """
    from pandas.api.types import is_numeric_dtype

    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"unknown column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(map(repr, missing))} in {filename}; columns are "
            f"{', '.join(map(str, frame.columns))}"
        )
    used = frame[list(columns)]
    complete = used.notna().all(axis=1)
    used = used[complete]
    if len(used) == 0:
        raise ValueError(f"no complete rows left in {filename}")
    bad = [c for c in numeric if not is_numeric_dtype(used[c])]
    if bad:
        raise ValueError(
            f"non-numeric column{'s' if len(bad) > 1 else ''} "
            f"{', '.join(map(repr, bad))} in {filename}; they must hold numbers"
        )
    return used, int((~complete).sum())
