"""The command line under faults: a full disk, signals, a closed pipe.

Each case runs ``python -m sklearn_losses`` in a subprocess, as a user
would, and checks the exit code, that stderr holds one line (no traceback,
no "Exception ignored" at exit) and that the folder holds no stray file.
"""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="POSIX signals and resource limits"
)


def animate_args(n_alphas, out="path.gif"):
    """``animate`` with ``n_alphas`` frames; the fits (no hidden layer,
    L-BFGS, 70 samples) take a fraction of a second."""
    return [
        "animate",
        "--hidden",
        "0",
        "--alpha-range",
        "0.001",
        "1000",
        str(n_alphas),
        "--grid-resolution",
        "150",
        "--no-progress",
        "--out",
        out,
    ]


# Many frames, so that writing lasts long enough to be interrupted.
LONG_ANIMATE = animate_args(400)
TIMEOUT = 120  # seconds; generous for a loaded machine, never reached when fine


def _default_signals():
    # A child of a shell job may inherit ignored SIGINT; a user's terminal
    # delivers it to a process with the default action.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)


def _start(args, folder, **kwargs):
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_signals,
        **kwargs,
    )


def _check_one_line(stderr, *expected):
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("sklearn-losses: error: "), stderr
    for text in expected:
        assert text in lines[0]


def _wait_for_hidden_file(process, folder):
    """Poll until the writer's temporary file exists; False if it never did.

    The same name in two polls: the file made (and removed at once) to test
    that the folder is writable, before the fits, does not count.
    """
    deadline = time.monotonic() + TIMEOUT
    seen = set()
    while time.monotonic() < deadline and process.poll() is None:
        hidden = {name for name in os.listdir(folder) if name.startswith(".")}
        if hidden & seen:
            return True
        seen = hidden
        time.sleep(0.02)
    return False


@pytest.mark.parametrize(
    "signum, status, message",
    [
        (signal.SIGINT, 130, "interrupted"),
        (signal.SIGTERM, 143, "terminated (SIGTERM)"),
    ],
    ids=["SIGINT", "SIGTERM"],
)
def test_signal_while_writing_exits_conventionally_and_leaves_nothing(
    tmp_path, signum, status, message
):
    process = _start(["-m", "sklearn_losses", *LONG_ANIMATE], tmp_path)
    try:
        assert _wait_for_hidden_file(process, tmp_path), process.stderr.read()
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
    assert process.returncode == status, stderr
    _check_one_line(stderr, message)
    assert os.listdir(tmp_path) == []


FULL_DISK = textwrap.dedent(
    """
    import errno, io, os, sys
    import sklearn_losses._io as io_module
    from sklearn_losses.cli import main

    class FullDisk(io.FileIO):
        # writes fail once {limit} bytes are on disk, as on a full file system
        written = 0

        def write(self, data):
            if FullDisk.written + len(data) > {limit}:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            FullDisk.written += len(data)
            return super().write(data)

        def fileno(self):
            # so that Pillow writes through write(), not to the descriptor
            raise io.UnsupportedOperation("fileno")

    def full_open(file, mode="r", *args, **kwargs):
        return io.BufferedWriter(FullDisk(file, "w"), buffer_size=4096)

    io_module.open = full_open
    sys.exit(main({argv!r}))
    """
)


def test_full_disk_while_writing_is_one_line_and_closes_the_writer(tmp_path):
    script = FULL_DISK.format(limit=10_000, argv=animate_args(5, "p.gif"))
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert done.returncode == 1, done.stderr
    # no "Exception ignored in ... __del__" at exit: every file was closed
    _check_one_line(done.stderr, "cannot write p.gif: No space left on device")
    assert os.listdir(tmp_path) == []


def _file_size_limit(limit):
    def limit_file_size():
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_file_size


def test_file_size_limit_of_the_system_is_one_line(tmp_path):
    # A real fault from the kernel: writing past RLIMIT_FSIZE fails (EFBIG).
    done = subprocess.run(
        [sys.executable, "-m", "sklearn_losses", *animate_args(5)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_file_size_limit(20_000),
    )
    assert done.returncode == 1, done.stderr
    _check_one_line(done.stderr, "cannot write path.gif: File too large")
    assert os.listdir(tmp_path) == []


def test_closed_pipe_is_quiet_with_status_141(tmp_path):
    # `sklearn-losses list | head -0`: the reader is gone before any output.
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "sklearn_losses", "list"],
            cwd=tmp_path,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=TIMEOUT,
        )
    finally:
        os.close(write)
    assert done.stderr == ""
    assert done.returncode == 141


def _shell(command, folder):
    """``python -m sklearn_losses COMMAND`` run by a shell, as in a pipeline."""
    return subprocess.run(
        f"'{sys.executable}' -m sklearn_losses {command}",
        shell=True,
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def test_pipe_into_head_prints_the_first_line_only(tmp_path):
    done = _shell("list | head -1", tmp_path)
    assert done.returncode == 0
    assert done.stdout.startswith("losses: ")
    assert len(done.stdout.splitlines()) == 1
    assert done.stderr == ""


def test_json_report_into_head_is_quiet(tmp_path):
    # `calibration --format json | head -1`: the reader leaves mid-report
    (tmp_path / "p.csv").write_text("y_true,y_prob\n" + "0,0.2\n1,0.7\n" * 20)
    done = _shell("calibration p.csv --format json | head -1", tmp_path)
    assert done.returncode == 0
    assert done.stdout == "{\n"
    # quiet: the diagram's line on stderr, unless the closed pipe ended the
    # command first (when Python writes stdout unbuffered)
    assert done.stderr in ("", "wrote reliability_diagram.png\n"), done.stderr
