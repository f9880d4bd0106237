"""BLAS thread limits for small products, safe under concurrent fits.

Training loops and drawing code both run many small matrix products, where
more than one OpenBLAS thread is slower (see ``SINGLE_THREAD_WORK``); this
module is the one place that decides and sets the limit.
"""

import contextlib
import functools
import os
import threading

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
    """The one-thread BLAS limit of our calls, shared by concurrent fits.

    OpenBLAS (pthreads) has one pool for the whole process, and threadpoolctl
    lets one thread at a time change its size: the first to set it, until
    its outermost ``threadpool_limits`` block ends. So the limit is set, in
    the calling thread, as a ``with`` block nested under the user's own
    ``threadpool_limits`` (whose limit then holds: our restore gives the
    user's value back, and a user's block in another thread makes ours a
    no-op), and the control ends with the block: no thread of ours keeps it.

    Of concurrent calls, the first to enter holds the limit for its call and
    restores the pool as it found it when it leaves; calls that started
    meanwhile run under its limit and touch nothing (had each saved and
    restored the pool, the last to leave could restore the first one's
    limit of 1 for good).
    """

    def __init__(self):
        self._reset()
        if hasattr(os, "register_at_fork"):
            # a forked child runs none of the parent's fits
            os.register_at_fork(after_in_child=self._reset)

    def _reset(self):
        self._lock = threading.Lock()
        self._held = False

    @contextlib.contextmanager
    def __call__(self):
        limiter = None
        with self._lock:
            if not self._held:
                limiter = _threadpool_controller().limit(limits=1, user_api="blas")
                # entering counts the block, so that leaving ends the control
                limiter.__enter__()
                self._held = True
        try:
            yield
        finally:
            if limiter is not None:
                with self._lock:
                    self._held = False
                    limiter.__exit__(None, None, None)


single_blas_thread = _SingleThreadBLAS()
"""Context factory: one BLAS thread, shared safely by concurrent users."""


def limit_threads(n_rows, layer_sizes):
    """One BLAS thread while the products of ``n_rows`` rows are small.

    Safe under concurrent fits and under a user's ``threadpool_limits``: the
    limit holds only inside the call and leaves the pool as it found it (see
    :data:`single_blas_thread`). A fit with large products that runs
    meanwhile shares the one thread.

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
