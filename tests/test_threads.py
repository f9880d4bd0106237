"""Our one-thread BLAS limit against the user's ``threadpool_limits``.

OpenBLAS (pthreads) has one thread pool for the whole process, and
threadpoolctl lets one thread at a time resize it. A user's limit must hold
during and after our fits, read from the calling thread and from others; our
own limit (one thread for small products) applies only inside our calls and
leaves the pool as it found it, also when two threads fit at once. The state
is read from threadpoolctl (``threadpool_info()``'s ``num_threads``).
"""

import threading

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from sklearn_losses import LogisticMLPClassifier
from sklearn_losses.losses import LogLoss

# three epochs do not converge; a filter, not catch_warnings: fits run in threads
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _openblas_threads():
    return [
        i["num_threads"] for i in threadpool_info() if i["internal_api"] == "openblas"
    ]


def _read_in_another_thread():
    seen = []
    thread = threading.Thread(target=lambda: seen.append(_openblas_threads()))
    thread.start()
    thread.join()
    return seen[0]


def _data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    return X, (X[:, 0] > 0).astype(int)


def _fit(loss=None, seed=0):
    X, y = _data()
    loss = LogLoss() if loss is None else loss
    LogisticMLPClassifier((4,), loss=loss, max_iter=3, random_state=seed).fit(X, y)


def _spy(seen, barrier=None):
    """A log loss recording OpenBLAS's threads at each gradient."""

    class Spy(LogLoss):
        def loss_gradient(self, y_true, raw_prediction):
            if barrier is not None and not seen:
                # both fits are inside their call when they read
                barrier.wait(timeout=30)
            seen.append(max(_openblas_threads()))
            return super().loss_gradient(y_true, raw_prediction)

    return Spy()


@pytest.fixture(autouse=True)
def before():
    """The pool's state after a first fit, which must not change it."""
    if max(_openblas_threads(), default=1) < 2:
        pytest.skip("OpenBLAS runs one thread already: no limit to see")
    # "after the first fit": a fit used to leave a thread of ours in control
    _fit()
    return _openblas_threads()


def test_user_limit_holds_after_a_fit_on_this_thread_and_others(before):
    with threadpool_limits(limits=1):
        assert _openblas_threads() == [1] * len(before)
        assert _read_in_another_thread() == [1] * len(before)
    assert _openblas_threads() == before


@pytest.mark.parametrize("where", ["calling_thread", "other_thread"])
def test_user_limit_holds_during_and_after_our_fit(before, where):
    seen = []
    with threadpool_limits(limits=1):
        if where == "calling_thread":
            _fit(_spy(seen))
        else:
            thread = threading.Thread(target=_fit, args=(_spy(seen),))
            thread.start()
            thread.join()
        assert seen and set(seen) == {1}
        assert _openblas_threads() == [1] * len(before)
        assert _read_in_another_thread() == [1] * len(before)
    assert _openblas_threads() == before


def test_our_limit_applies_only_inside_our_fit(before):
    seen = []
    _fit(_spy(seen))
    assert seen and set(seen) == {1}
    assert _openblas_threads() == before
    assert _read_in_another_thread() == before


def test_concurrent_fits_leave_the_pool_as_found_and_user_limits_working(before):
    barrier = threading.Barrier(2)
    seen = [[], []]
    errors = []

    def fit(k):
        try:
            _fit(_spy(seen[k], barrier), seed=k)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=fit, args=(k,)) for k in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    # read while both fits were inside their call: the limit held for both
    assert seen[0][0] == seen[1][0] == 1
    assert _openblas_threads() == before
    with threadpool_limits(limits=1):
        assert _openblas_threads() == [1] * len(before)
        assert _read_in_another_thread() == [1] * len(before)
    assert _openblas_threads() == before
