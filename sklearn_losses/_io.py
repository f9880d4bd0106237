"""Writing files so that an error never leaves a half-written one behind."""

import contextlib
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
