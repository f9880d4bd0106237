"""Termination signals as exceptions, and signals held back around clean-up.

SIGTERM and SIGHUP end a process at once by default, without running
``finally`` blocks; :func:`termination_as_exception` turns them into
:class:`Terminated` so that clean-up runs. :func:`signals_deferred` holds
SIGINT, SIGTERM and SIGHUP back while a temporary file is created or
removed, so that it is never left behind.
"""

import contextlib
import signal
import threading

__all__ = ["Terminated", "signals_deferred", "termination_as_exception"]


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
