"""Files for the command line and the GIF writer.

Writes are atomic: an error, an interrupt (Ctrl-C) or a termination request
never leaves a half-written or temporary file behind, and every message
names the user's path, never the temporary one.
"""

import contextlib
import csv
import errno
import os
import signal
import tempfile
import threading

# Separators a CSV file written by a spreadsheet may use instead of commas.
_OTHER_SEPARATORS = ";\t|,"


class Terminated(BaseException):
    """A termination signal (SIGTERM, SIGHUP) turned into an exception.

    A ``BaseException``, as ``KeyboardInterrupt`` is, so that handlers of
    ``Exception`` let it through and the clean-up code (``finally``) runs.
    """

    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name


def _raise_terminated(signum, frame):
    raise Terminated(signum)


@contextlib.contextmanager
def termination_as_exception(signals=(signal.SIGTERM, signal.SIGHUP)):
    """Within the block, ``signals`` raise :class:`Terminated` in the main thread.

    The default action of SIGTERM ends the process at once, without running
    ``finally`` blocks, which would leave temporary files behind. Outside
    the main thread (where signal handlers cannot be set) this does nothing.
    Handlers the program installed itself are kept; the previous handlers
    are restored on exit.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for signum in signals:
        if signal.getsignal(signum) == signal.SIG_DFL:
            previous[signum] = signal.signal(signum, _raise_terminated)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


# Signals that end a command; held back while a temporary file is created
# or removed, so that it is never left behind.
_ENDING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _deliver(signum, handler):
    """Act on ``signum`` as ``handler`` (a previous handler) would have."""
    if callable(handler):
        handler(signum, None)  # raises KeyboardInterrupt, Terminated, ...
    elif handler == signal.SIG_DFL:
        signal.raise_signal(signum)


@contextlib.contextmanager
def signals_deferred():
    """Within the block, SIGINT, SIGTERM and SIGHUP wait; they act on exit.

    A signal between the creation of a temporary file and the moment its
    name is known to the clean-up code would leave the file behind. Only
    the main thread receives Python signal handlers; elsewhere this does
    nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received = []
    handlers = {s: signal.getsignal(s) for s in _ENDING_SIGNALS}
    handlers = {s: h for s, h in handlers.items() if h is not None}
    for signum in handlers:
        signal.signal(signum, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        for signum in received:
            _deliver(signum, handlers[signum])


def _os_error(exc, message):
    """``exc`` (an OSError) again, with ``message`` and without a file name.

    ``OSError(errno, message)`` picks the subclass of the errno, so a
    ``PermissionError`` stays one.
    """
    if exc.errno is None:
        return OSError(message)
    return OSError(exc.errno, message)


def _cannot_write(exc, filename):
    return _os_error(exc, f"cannot write {filename}: {exc.strerror or exc}")


def _make_temporary(filename):
    """A new hidden, empty file next to ``filename``; returns its path.

    Next to the file a symbolic link ``filename`` points to, if it is one.
    """
    target = os.path.realpath(filename)
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{os.path.basename(target)}.",
            suffix=".part",
            dir=os.path.dirname(target),
        )
    except OSError as exc:
        raise _cannot_write(exc, filename) from None
    os.close(fd)
    return tmp


@contextlib.contextmanager
def atomic_write(filename):
    """Yield a temporary path next to ``filename``; rename it there on success.

    The temporary file (hidden, ``.<name>.XXXXXXXX.part``) lives in the
    destination folder so the final ``os.replace`` is atomic; on any error,
    ``KeyboardInterrupt`` or :class:`Terminated` it is removed and
    ``filename`` is left as it was. An ``OSError`` about the temporary file
    is raised again naming ``filename``. Writers must give the file format
    explicitly: the temporary name does not end in the real suffix.
    """
    tmp = None
    try:
        with signals_deferred():
            tmp = _make_temporary(filename)
        yield tmp
        # mkstemp makes the file private; give it the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        # through a symbolic link: the link stays, its target is replaced
        os.replace(tmp, os.path.realpath(filename))
    except OSError as exc:
        _remove(tmp)
        # the temporary file could not be made (the message says so), or
        # the error is about another file
        if tmp is None or (exc.filename not in (None, tmp) and exc.filename2 is None):
            raise
        raise _cannot_write(exc, filename) from exc
    except BaseException:
        _remove(tmp)
        raise


def _remove(path):
    """Remove ``path`` (if any), a second interrupt notwithstanding."""
    if path is None:
        return
    with signals_deferred(), contextlib.suppress(FileNotFoundError):
        os.remove(path)


def write_bytes_atomically(filename, write):
    """Call ``write(file)`` on a binary file that becomes ``filename`` on success.

    The file is closed whatever happens (a failing close, on a full disk,
    is reported like a failing write), and an error leaves no file.
    """
    with atomic_write(filename) as tmp:
        with open(tmp, "wb") as file:
            write(file)


def _existing_ancestor(folder):
    """The nearest of ``folder`` and its parents that exists."""
    while folder and not os.path.lexists(folder):
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return folder


def _check_folder(filename):
    """Refuse a destination folder that is missing, a file, or not writable."""
    folder = os.path.dirname(filename) or os.curdir
    if os.path.isdir(folder):
        if not os.access(folder, os.W_OK):
            raise PermissionError(
                errno.EACCES,
                f"cannot write {filename}: folder {folder} is not writable",
            )
        # os.access says yes to root everywhere; creating a file tells.
        with signals_deferred():
            _remove(_make_temporary(filename))
        return
    found = _existing_ancestor(folder)
    if found and os.path.lexists(found) and not os.path.isdir(found):
        raise NotADirectoryError(
            errno.ENOTDIR, f"cannot write {filename}: {found} is a file, not a folder"
        )
    raise FileNotFoundError(
        errno.ENOENT, f"cannot write {filename}: folder {folder} does not exist"
    )


def check_output_file(filename, suffixes=None):
    """Fail before any work when ``filename`` cannot be written.

    Returns ``filename`` as a string. ``suffixes``, a tuple of lower-case
    endings such as ``(".gif",)``, restricts the name. The folder is tested
    by creating (and removing) a temporary file in it, which is the only
    reliable test for a privileged user or a read-only file system.
    """
    filename = os.fspath(filename)
    if suffixes is not None and not filename.lower().endswith(suffixes):
        raise ValueError(
            f"filename must end in {' or '.join(map(repr, suffixes))}; "
            f"got {filename!r}."
        )
    if os.path.isdir(filename):
        raise IsADirectoryError(
            errno.EISDIR, f"cannot write {filename}: it is a folder, not a file"
        )
    _check_folder(filename)
    if os.path.exists(filename) and not os.path.isfile(filename):
        # a device such as /dev/full, a pipe: renaming would replace it
        raise OSError(
            errno.EINVAL, f"cannot write {filename}: it is not a regular file"
        )
    if os.path.exists(filename) and not os.access(filename, os.W_OK):
        raise PermissionError(
            errno.EACCES, f"cannot write {filename}: the file is not writable"
        )
    return filename


def _other_separator(filename, header, sep):
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
    with a message naming that separator.
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
        other = _other_separator(filename, header, sep)
        if other is not None:
            raise ValueError(
                f"{filename} seems to use {other!r} as separator, not {sep!r} "
                f"(its header is {header[:60]!r}); give --sep {other!r}"
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


def complete_rows(frame, columns, filename, *, numeric=()):
    """``(frame[columns] without rows with missing values, n_dropped)``.

    Raises when a column is unknown, no complete row is left, or a column
    in ``numeric`` does not hold finite numbers (booleans count as numbers).
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
            f"{decimal_comma_hint(used, bad)}"
        )
    _check_finite(used, numeric, filename)
    return used, int((~complete).sum())
