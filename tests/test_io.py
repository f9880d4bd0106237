"""Tests of sklearn_losses._io: atomic writes and checks of output files."""

import errno
import os
import signal
import tempfile

import pytest

from sklearn_losses import _io
from sklearn_losses._io import atomic_write, check_output_file
from sklearn_losses._signals import Terminated


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- where the output goes ----------------------------------------------------


def test_a_file_where_a_folder_is_expected_is_named(workdir):
    (workdir / "notes").write_text("a file")
    with pytest.raises(NotADirectoryError, match="notes is a file, not a folder"):
        check_output_file("notes/out.gif")
    # deeper: the first existing part of the path is the file
    with pytest.raises(NotADirectoryError, match="notes is a file, not a folder"):
        check_output_file("notes/a/b/out.gif")


def test_missing_folder_and_folder_as_output(workdir):
    with pytest.raises(FileNotFoundError, match="folder missing/a does not exist"):
        check_output_file("missing/a/out.gif")
    (workdir / "out.gif").mkdir()
    with pytest.raises(IsADirectoryError, match="out.gif: it is a folder"):
        check_output_file("out.gif")
    with pytest.raises(ValueError, match="must end in '.gif'"):
        check_output_file("out.png", (".gif",))


@pytest.mark.parametrize("folder", ["/proc", "/sys"])
def test_a_folder_no_one_can_write_names_the_users_path(folder):
    # os.access says yes to root there; creating a file is refused.
    if not os.path.isdir(folder):
        pytest.skip(f"no {folder} here")
    with pytest.raises(OSError) as info:
        check_output_file(f"{folder}/out.gif")
    assert f"cannot write {folder}/out.gif" in str(info.value)
    assert ".part" not in str(info.value)


def test_permission_error_names_the_users_path(workdir, monkeypatch):
    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", "/x/.out.gif.tmp")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(PermissionError) as info:
        check_output_file("out.gif")
    assert str(info.value) == "[Errno 13] cannot write out.gif: Permission denied"
    assert os.listdir(workdir) == []


def test_the_check_leaves_the_folder_as_it_was(workdir):
    (workdir / "keep.txt").write_text("x")
    assert check_output_file(workdir / "out.gif") == str(workdir / "out.gif")
    assert os.listdir(workdir) == ["keep.txt"]


# -- atomic writes ------------------------------------------------------------


@pytest.mark.parametrize(
    "error", [ValueError("bad"), KeyboardInterrupt(), Terminated(signal.SIGTERM)]
)
def test_any_failure_leaves_the_old_file_and_no_temporary(workdir, error):
    (workdir / "out.txt").write_text("old")
    with pytest.raises(type(error)):
        with atomic_write("out.txt") as tmp:
            assert os.path.basename(tmp).startswith(".out.txt.")
            with open(tmp, "w") as f:
                f.write("partial")
            raise error
    assert os.listdir(workdir) == ["out.txt"]
    assert (workdir / "out.txt").read_text() == "old"


def test_an_error_about_the_temporary_file_names_the_users_file(workdir):
    with pytest.raises(OSError) as info:
        with atomic_write("out.gif") as tmp:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), tmp)
    assert info.value.errno == errno.ENOSPC
    assert str(info.value) == "[Errno 28] cannot write out.gif: No space left on device"
    assert os.listdir(workdir) == []


def test_an_error_about_another_file_is_kept(workdir):
    with pytest.raises(FileNotFoundError) as info:
        with atomic_write("out.gif"):
            open("elsewhere/input.csv")
    assert info.value.filename == "elsewhere/input.csv"


def test_the_written_file_has_the_usual_permissions(workdir):
    with atomic_write("out.txt") as tmp:
        with open(tmp, "w") as f:
            f.write("new")
    umask = os.umask(0)
    os.umask(umask)
    assert os.stat("out.txt").st_mode & 0o777 == 0o666 & ~umask
    assert os.listdir(workdir) == ["out.txt"]


def test_write_bytes_atomically_closes_the_file_on_failure(workdir, monkeypatch):
    opened = []
    real_open = open

    def tracking_open(*args, **kwargs):
        opened.append(real_open(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(_io, "open", tracking_open, raising=False)

    def fail(file):
        file.write(b"partial")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(OSError, match="cannot write out.gif: No space left"):
        _io.write_bytes_atomically("out.gif", fail)
    assert all(f.closed for f in opened) and len(opened) == 1
    assert os.listdir(workdir) == []


def test_a_device_or_a_pipe_is_not_replaced(workdir):
    os.mkfifo("pipe.gif")
    with pytest.raises(OSError, match="pipe.gif: it is not a regular file"):
        check_output_file("pipe.gif")
    if os.path.exists("/dev/full"):
        with pytest.raises(OSError, match="/dev/full: it is not a regular file"):
            check_output_file("/dev/full")


def test_writing_through_a_symbolic_link_keeps_the_link(workdir):
    (workdir / "real").mkdir()
    (workdir / "real" / "out.txt").write_text("old")
    os.symlink("real/out.txt", "link.txt")
    with atomic_write(check_output_file("link.txt")) as tmp:
        assert os.path.dirname(tmp) == str(workdir / "real")
        with open(tmp, "w") as f:
            f.write("new")
    assert os.path.islink("link.txt")
    assert (workdir / "real" / "out.txt").read_text() == "new"
    assert sorted(os.listdir(workdir / "real")) == ["out.txt"]


def test_an_interrupt_while_the_temporary_file_is_made_leaves_nothing(
    workdir, monkeypatch
):
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        pytest.skip("the test runner handles SIGINT itself")
    real_mkstemp = tempfile.mkstemp

    def interrupted_mkstemp(*args, **kwargs):
        made = real_mkstemp(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)  # right after the file exists
        for _ in range(1000):
            pass
        return made

    monkeypatch.setattr(tempfile, "mkstemp", interrupted_mkstemp)
    with pytest.raises(KeyboardInterrupt):
        check_output_file("out.gif")
    assert os.listdir(workdir) == []
    with pytest.raises(KeyboardInterrupt):
        with atomic_write("out.gif"):
            raise AssertionError("the interrupt comes first")
    assert os.listdir(workdir) == []
