"""Tests of sklearn_losses._signals: termination as an exception, deferral."""

import os
import signal
import threading

import pytest

from sklearn_losses._signals import (
    Terminated,
    signals_deferred,
    termination_as_exception,
)


def test_sigterm_becomes_an_exception_and_the_handler_is_restored():
    before = signal.getsignal(signal.SIGTERM)
    if before != signal.SIG_DFL:
        pytest.skip("the test runner handles SIGTERM itself")
    with pytest.raises(Terminated) as info:
        with termination_as_exception():
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(1000):  # the handler runs between bytecodes
                pass
    assert info.value.signum == signal.SIGTERM
    assert info.value.name == "SIGTERM"
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


def test_a_handler_of_the_program_is_kept():
    def handler(signum, frame):
        pass

    before = signal.signal(signal.SIGHUP, handler)
    try:
        with termination_as_exception():
            assert signal.getsignal(signal.SIGHUP) is handler
        assert signal.getsignal(signal.SIGHUP) is handler
    finally:
        signal.signal(signal.SIGHUP, before)


def test_outside_the_main_thread_nothing_is_installed():
    seen = []

    def run():
        with termination_as_exception():
            seen.append(signal.getsignal(signal.SIGTERM))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert seen == [signal.getsignal(signal.SIGTERM)]


def test_signals_wait_until_the_end_of_a_deferred_block():
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        pytest.skip("the test runner handles SIGINT itself")
    reached = []
    with pytest.raises(KeyboardInterrupt):
        with signals_deferred():
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(1000):  # a handler would run here
                pass
            reached.append("end of block")
    assert reached == ["end of block"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
