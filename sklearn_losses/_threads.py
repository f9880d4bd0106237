"""BLAS thread limits for small products, safe under concurrent fits.

Training loops and drawing code both run many small matrix products, where
more than one OpenBLAS thread is slower (see ``SINGLE_THREAD_WORK``); this
module is the one place that decides and sets the limit.
"""

import contextlib
import functools
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from threadpoolctl import ThreadpoolController

# Below this many multiply-adds per layer and batch, a fit keeps the BLAS to
# one thread: two must be faster under load too, not only on an idle machine.
# Measured on 2 cores (issue 15; adam fits of (64, 64) and (256, 256), batches
# 200 and 1024, the largest 1024 x 256 x 256 = 2**26): two threads were never
# faster under load: 5x to 36x slower with a busy loop on the other core, 6x
# to 12x slower beside other programs' work (the OpenBLAS threads wait on each
# other); on an idle machine they gained at most 13%. Two threads are left to
# products of 2**30 multiply-adds and more, where a batch's GEMM is long
# enough to split.
SINGLE_THREAD_WORK = 2**30


@functools.cache
def _threadpool_controller():
    # Scanning the loaded BLAS libraries takes milliseconds: do it once, not
    # on every fit (a regularization path fits many times).
    return ThreadpoolController()


class _SingleThreadBLAS:
    """The process-wide one-thread BLAS limit, shared by concurrent fits.

    The limit belongs to the process, not to a thread: fits running in
    several threads share it. The first to enter sets it and the last to
    leave restores the limits found by the first, so concurrent fits never
    leave the pool at one thread (saving and restoring per fit would: the
    second fit saves the first one's limit of 1 and may restore it last).

    threadpoolctl lets a single live thread change OpenBLAS's limits (the
    first to change them, while it lives), so both changes are made by one
    helper thread of this object's own, whichever fit's thread asks. When
    another thread of the program controls the limits already, the change
    is ignored and fits run with the pool as it is.
    """

    def __init__(self):
        self._reset()
        if hasattr(os, "register_at_fork"):
            # a forked child has neither the helper thread nor the other fits
            os.register_at_fork(after_in_child=self._reset)

    def _reset(self):
        self._lock = threading.Lock()
        self._users = 0
        self._limiter = None
        self._helper = None

    def _in_helper(self, function):
        if self._helper is None:
            self._helper = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="sklearn_losses-blas-limit"
            )
        return self._helper.submit(function).result()

    @contextlib.contextmanager
    def __call__(self):
        with self._lock:
            if self._users == 0:
                self._limiter = self._in_helper(
                    functools.partial(
                        _threadpool_controller().limit, limits=1, user_api="blas"
                    )
                )
            self._users += 1
        try:
            yield
        finally:
            with self._lock:
                self._users -= 1
                if self._users == 0:
                    self._in_helper(self._limiter.restore_original_limits)
                    self._limiter = None


single_blas_thread = _SingleThreadBLAS()
"""Context factory: one BLAS thread, shared safely by concurrent users."""


def limit_threads(n_rows, layer_sizes):
    """One BLAS thread while the products of ``n_rows`` rows are small.

    Safe under concurrent fits: the process-wide limit is reference-counted,
    set by the first fit that needs it and restored by the last to finish.
    (A fit with large products that runs meanwhile shares the one thread.)

    Parameters
    ----------
    n_rows : int
        Rows of the largest product (the batch size).
    layer_sizes : list of int
        ``[n_features, *hidden, n_outputs]``.

    Returns
    -------
    context : context manager
    """
    work = max(
        n_rows * a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:], strict=True)
    )
    if work < SINGLE_THREAD_WORK:
        return single_blas_thread()
    return contextlib.nullcontext()
