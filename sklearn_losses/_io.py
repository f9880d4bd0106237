"""Output files: atomic writes and checks before any work.

Writes are atomic: an error, an interrupt (Ctrl-C) or a termination request
never leaves a half-written or temporary file behind, and every message
names the user's path, never the temporary one. (Signals are turned into
exceptions by :mod:`sklearn_losses._signals`; CSV input is read by
:mod:`sklearn_losses._csv`.)
"""

import contextlib
import errno
import os
import tempfile

from sklearn_losses._signals import signals_deferred

__all__ = ["atomic_write", "check_output_file", "write_bytes_atomically"]


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
