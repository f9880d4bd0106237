"""Training on data larger than memory: ``partial_fit`` over chunks and blocks.

The code of "Out-of-core training" in ``docs/user_guide/scaling_out.rst``
runs here as it is written: each test runs a ``.. code-block:: python`` of
the page, found by its ``:name:``, on data the test makes, then compares the
model with an in-memory fit (or, for the large array, with the rule the
labels were drawn from):

=============================================  ============================
test                                           block of the guide
=============================================  ============================
test_csv_chunks_match_an_in_memory_fit         ``scaling-out-csv``
test_dask_blocks_match_an_in_memory_fit        ``scaling-out-dask-blocks``
test_incremental_is_the_loop_over_blocks       ``scaling-out-incremental``
test_dask_array_ten_times_the_worker_memory    ``scaling-out-cluster``
=============================================  ============================

``test_sorted_file_is_a_trap`` checks what the page's figure shows, and
``test_partial_fit_penalty_is_per_call`` what it says about ``alpha``.

The dask tests need the ``distributed`` extra (``pip install
".[distributed]"``) and skip without it; the one that starts a cluster is
marked ``distributed`` (deselect with ``-m "not distributed"``).
"""

import os
import textwrap

import numpy as np
import pandas as pd
import pytest
from conftest import REPO_ROOT
from numpy.testing import assert_array_equal
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss

from sklearn_losses import LogisticMLPClassifier

GUIDE = REPO_ROOT / "docs" / "user_guide" / "scaling_out.rst"

# The labels follow a known rule, P(y = 1 | x) = sigmoid(x @ COEF + INTERCEPT),
# so the best possible classifier is known and any fit is judged against it.
N_FEATURES = 10
COEF = np.random.default_rng(0).standard_normal(N_FEATURES) * 5 / np.sqrt(N_FEATURES)
INTERCEPT = 0.5
COLUMNS = [f"x{i}" for i in range(N_FEATURES)]
# The model of the guide, fitted in memory with lbfgs: the reference.
HIDDEN = (16,)


def make_data(n_samples, random_state):
    """``(X, y)`` drawn from the rule: standard normal features."""
    rng = np.random.default_rng(random_state)
    X = rng.standard_normal((n_samples, N_FEATURES))
    noise = rng.logistic(size=n_samples)
    return X, (X @ COEF + INTERCEPT + noise > 0).astype(int)


def write_csv(path, X, y):
    pd.DataFrame(X, columns=COLUMNS).assign(label=y).to_csv(path, index=False)


def in_memory_fit(X, y, alpha=1.0):
    """The guide's model fitted on all the data at once, to convergence."""
    return LogisticMLPClassifier(
        HIDDEN, alpha=alpha, solver="lbfgs", max_iter=2000, random_state=0
    ).fit(X, y)


def scores_on(model, X_test, y_test):
    """``(accuracy, log loss)`` on held-out data."""
    return (
        accuracy_score(y_test, model.predict(X_test)),
        log_loss(y_test, model.predict_proba(X_test)),
    )


def guide_code(name):
    """The body of the guide's ``.. code-block:: python`` named ``name``."""
    lines = GUIDE.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines[:-1]):
        if line.strip() == ".. code-block:: python" and (
            lines[i + 1].strip() == f":name: {name}"
        ):
            body = []
            for line in lines[i + 2 :]:
                if line.strip() and not line.startswith("   "):
                    break
                body.append(line)
            return textwrap.dedent("\n".join(body)).strip() + "\n"
    raise LookupError(f"no code block named {name!r} in {GUIDE}")


def run_guide_code(name, **namespace):
    """Run the guide's block ``name`` with ``namespace``; return the latter."""
    # A module name nothing can import: dask pickles the functions the block
    # defines by value, as it would those of a user's script.
    namespace = {"__name__": "scaling_out_guide", **namespace}
    exec(compile(guide_code(name), f"scaling_out.rst[{name}]", "exec"), namespace)
    return namespace


# Tolerances against the in-memory fit, on 20000 test rows. Both models are
# close to the best possible one (the rule: accuracy 0.864, log loss 0.304
# on these rows), the in-memory fits at 0.860 and 0.311; the standard error
# of an accuracy near 0.86 on 20000 rows is 0.0025, and two models this
# close disagree on few rows, so 0.01 (four standard errors) leaves room for
# the noise of stochastic steps while a model that is not trained as well
# (one pass over a sorted file: 0.62) fails by far. Measured: CSV chunks
# 0.862 and 0.308, dask blocks 0.862 and 0.307.
ACCURACY_TOL = 0.01
LOG_LOSS_TOL = 0.01


@pytest.fixture(scope="module")
def held_out():
    X, y = make_data(20_000, random_state=2)
    return pd.DataFrame(X, columns=COLUMNS), y


# -- CSV files read in chunks ---------------------------------------------


def test_csv_chunks_match_an_in_memory_fit(tmp_path, monkeypatch, held_out):
    X, y = make_data(20_000, random_state=1)
    write_csv(tmp_path / "train.csv", X, y)
    monkeypatch.chdir(tmp_path)

    guide = run_guide_code("scaling-out-csv")

    # The guide holds out the first chunk and trains on the other 18000 rows.
    reference = in_memory_fit(pd.DataFrame(X[2000:], columns=COLUMNS), y[2000:])
    best, epoch = guide["best"], guide["epoch"]
    assert epoch + 1 < 30, "the validation chunk never stopped training"
    # the best model is the one of the lowest validation loss, kept apart
    assert best is not guide["clf"]
    # three passes without improvement (of 9 chunks each) came after it
    assert best.n_iter_ == guide["clf"].n_iter_ - 3 * 9
    accuracy, loss = scores_on(best, *held_out)
    ref_accuracy, ref_loss = scores_on(reference, *held_out)
    assert accuracy >= ref_accuracy - ACCURACY_TOL, (accuracy, ref_accuracy)
    assert loss <= ref_loss + LOG_LOSS_TOL, (loss, ref_loss)


def epochs_over_csv(path, held_out, n_epochs=8, chunksize=2000, n_rows=20_000):
    """Test (accuracy, log loss) after each pass of ``partial_fit`` over a file."""
    clf = LogisticMLPClassifier(
        HIDDEN, alpha=chunksize / n_rows, learning_rate_init=0.01, random_state=0
    )
    scores = []
    for _ in range(n_epochs):
        for chunk in pd.read_csv(path, chunksize=chunksize):
            clf.partial_fit(chunk.drop(columns="label"), chunk["label"], classes=[0, 1])
        scores.append(scores_on(clf, *held_out))
    return np.array(scores)


def test_sorted_file_is_a_trap(tmp_path, held_out):
    # The same rows, shuffled and sorted by label: shuffling within a chunk
    # cannot help a file whose chunks each hold one class. Each pass ends on
    # the chunks of class 1 and leaves the model leaning that way. Measured
    # (accuracy, log loss) after the first and the eighth pass: shuffled
    # (0.862, 0.311) and (0.862, 0.308), sorted (0.618, 0.968) and
    # (0.860, 0.350), the in-memory fit (0.862, 0.310).
    X, y = make_data(20_000, random_state=1)
    order = np.argsort(y, kind="stable")
    write_csv(tmp_path / "shuffled.csv", X, y)
    write_csv(tmp_path / "sorted.csv", X[order], y[order])

    shuffled = epochs_over_csv(tmp_path / "shuffled.csv", held_out)
    sorted_ = epochs_over_csv(tmp_path / "sorted.csv", held_out)

    assert shuffled[0, 0] > 0.85 and sorted_[0, 0] < 0.7
    assert (sorted_[:, 1] > shuffled[:, 1] + 0.03).all()


def test_partial_fit_penalty_is_per_call():
    # In partial_fit the penalty is divided by the weight of each call's data
    # (S = the rows of the chunk), not by all the training rows: over m-row
    # chunks of N rows, alpha acts as alpha * N / m would in fit. So
    # alpha * m / N in partial_fit gives fit's optimum for alpha, which for
    # a model without hidden layer is LogisticRegression(C=1 / alpha).
    # Measured max |coef difference| to C = 1 / alpha: 0.014 with
    # alpha * m / N, 0.77 with alpha itself, which is 0.003 from
    # C = m / (alpha N).
    X, y = make_data(20_000, random_state=3)
    n_rows, m, alpha = len(y), 2000, 100.0

    def chunked_fit(alpha_per_call):
        clf = LogisticMLPClassifier(
            (), alpha=alpha_per_call, learning_rate_init=0.01, random_state=0
        )
        for epoch in range(10):
            if epoch == 7:
                # Adam's state carries over; a smaller step size settles it
                clf.set_params(learning_rate_init=1e-3)
            for start in range(0, n_rows, m):
                stop = start + m
                clf.partial_fit(X[start:stop], y[start:stop], classes=[0, 1])
        return clf.coefs_[0].ravel()

    def regression(C):
        return LogisticRegression(C=C, tol=1e-10).fit(X, y).coef_.ravel()

    scaled, unscaled = chunked_fit(alpha * m / n_rows), chunked_fit(alpha)
    fit_alpha, fit_alpha_times = regression(1 / alpha), regression(m / (alpha * n_rows))
    assert np.abs(scaled - fit_alpha).max() < 0.03
    assert np.abs(unscaled - fit_alpha_times).max() < 0.03
    # and the two differ by far more than that
    assert np.abs(unscaled - fit_alpha).max() > 0.5


# -- dask arrays -------------------------------------------------------------


def lazy_dask_data(da, n_samples, block_rows, random_state):
    """``(X, y)`` dask arrays drawn from the rule, block by block."""
    X = da.random.default_rng(random_state).standard_normal(
        (n_samples, N_FEATURES), chunks=(block_rows, N_FEATURES)
    )
    noise = da.random.default_rng(random_state + 1).logistic(
        size=n_samples, chunks=block_rows
    )
    return X, (X @ COEF + INTERCEPT + noise > 0).astype(int)


def test_dask_blocks_match_an_in_memory_fit(held_out):
    da = pytest.importorskip("dask.array", reason="dask is not installed")
    X, y = lazy_dask_data(da, 20_000, 2000, random_state=1)

    guide = run_guide_code("scaling-out-dask-blocks", X=X, y=y)

    reference = in_memory_fit(X.compute(), y.compute())
    X_test, y_test = held_out[0].to_numpy(), held_out[1]
    accuracy, loss = scores_on(guide["clf"], X_test, y_test)
    ref_accuracy, ref_loss = scores_on(reference, X_test, y_test)
    assert accuracy >= ref_accuracy - ACCURACY_TOL, (accuracy, ref_accuracy)
    assert loss <= ref_loss + LOG_LOSS_TOL, (loss, ref_loss)
    assert guide["clf"].n_iter_ == 8 * 10  # 8 passes over 10 blocks


def test_incremental_is_the_loop_over_blocks():
    # dask-ml's Incremental (2025.1.0, with scikit-learn 1.9 and dask 2026.8)
    # calls partial_fit on each block, in an order shuffled by its
    # random_state: the same model as that loop written by hand.
    da = pytest.importorskip("dask.array", reason="dask is not installed")
    pytest.importorskip("dask_ml", reason="dask-ml is not installed")
    X_np, y_np = make_data(8000, random_state=1)
    X_test_np, y_test_np = make_data(2000, random_state=2)
    X, y = da.from_array(X_np, chunks=1000), da.from_array(y_np, chunks=1000)
    X_test = da.from_array(X_test_np, chunks=1000)
    y_test = da.from_array(y_test_np, chunks=1000)

    guide = run_guide_code(
        "scaling-out-incremental", X=X, y=y, X_test=X_test, y_test=y_test
    )

    # alpha as the guide's block computes it: 1.0 * block rows / rows
    by_hand = LogisticMLPClassifier(
        HIDDEN, alpha=1000 / 8000, learning_rate_init=0.01, random_state=0
    )
    random_state = np.random.RandomState(0)
    for _ in range(8):
        order = list(range(8))
        random_state.shuffle(order)  # as dask-ml does, once per pass
        for i in order:
            rows = slice(1000 * i, 1000 * (i + 1))
            by_hand.partial_fit(X_np[rows], y_np[rows], classes=[0, 1])
    model = guide["model"]
    for ours, theirs in zip(model.coefs_, by_hand.coefs_, strict=True):
        assert_array_equal(ours, theirs)
    assert guide["accuracy"] == accuracy_score(y_test_np, by_hand.predict(X_test_np))
    inc = guide["inc"]
    assert_array_equal(inc.predict(X_test).compute(), by_hand.predict(X_test_np))
    assert_array_equal(
        inc.predict_proba(X_test).compute(), by_hand.predict_proba(X_test_np)
    )


# -- out of core on a worker with little memory --------------------------------

# A worker process of 512 MiB (killed past 95%, 486 MiB). Measured on the dev
# machine (VmHWM): it holds 306 MiB once it has imported numpy, scikit-learn,
# dask.array (which imports sparse and numba), sklearn-losses and this
# module, and at most 373 MiB while training.
MEMORY_LIMIT = 512 * 2**20
# Uniform features in [0, 1): drawn faster than normal ones. 20 features in
# blocks of 100000 rows (16 MB) and 336 blocks: 5.4 GB, 10.5 times the limit.
# Measured: about 17 s of training, 20 s in all with the cluster's start.
BIG_FEATURES, BLOCK_ROWS, N_BLOCKS = 20, 100_000, 336
BIG_COEF = (
    np.random.default_rng(0).standard_normal(BIG_FEATURES) * 10 / np.sqrt(BIG_FEATURES)
)


def big_labels(X, noise):
    """Labels of the large data: P(y = 1 | x) = sigmoid((x - 0.5) @ BIG_COEF)."""
    return ((X - 0.5) @ BIG_COEF + noise > 0).astype(np.int8)


def big_data_in_memory(n_samples, random_state):
    rng = np.random.default_rng(random_state)
    X = rng.random((n_samples, BIG_FEATURES))
    return X, big_labels(X, rng.logistic(size=n_samples))


def peak_rss():
    """The most memory this process has held, in bytes (Linux's ``VmHWM``).

    Not ``ru_maxrss``: that survives ``exec``, so a worker started by forking
    a large test process (then exec'ing Python) reports the parent's size.
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024  # kB
    raise RuntimeError("no VmHWM in /proc/self/status")


def warm_up():
    """Import what training needs and train a little: the worker's baseline."""
    import dask.array  # noqa: F401

    X, y = big_data_in_memory(1000, random_state=0)
    LogisticMLPClassifier(HIDDEN).partial_fit(X, y, classes=[0, 1])
    return peak_rss()


@pytest.mark.distributed
def test_dask_array_ten_times_the_worker_memory():
    if not os.path.exists("/proc/self/status"):
        pytest.skip("the peak memory of the worker is read from Linux's /proc")
    da = pytest.importorskip("dask.array", reason="dask is not installed")
    distributed = pytest.importorskip(
        "distributed", reason="dask.distributed is not installed"
    )
    import dask

    config = {
        # Memory stays low because each block is trained on and released,
        # not because blocks go to disk or the worker waits: no spilling, no
        # pausing. Past 95% of the limit (the default, left on) the nanny
        # kills the worker, and a task on a killed worker fails at once.
        "distributed.worker.memory.target": False,
        "distributed.worker.memory.spill": False,
        "distributed.worker.memory.pause": False,
        "distributed.scheduler.allowed-failures": 0,
    }
    with (
        dask.config.set(config),
        distributed.LocalCluster(
            n_workers=1,
            # one block at a time: the chain of partial_fit is sequential, and
            # a second thread would load blocks faster than it trains on them
            threads_per_worker=1,
            memory_limit=MEMORY_LIMIT,
            processes=True,
            dashboard_address=":0",
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        (nanny,) = cluster.workers.values()
        assert nanny.memory_manager.memory_terminate_fraction == 0.95
        pids = client.run(os.getpid)
        (baseline,) = client.run(warm_up).values()
        n_rows = BLOCK_ROWS * N_BLOCKS
        # drawn on the worker, block by block, when the training asks
        X = da.random.default_rng(1).random(
            (n_rows, BIG_FEATURES), chunks=(BLOCK_ROWS, BIG_FEATURES)
        )
        noise = da.random.default_rng(2).logistic(size=n_rows, chunks=BLOCK_ROWS)
        y = big_labels(X, noise)
        assert X.nbytes >= 10 * MEMORY_LIMIT

        model = run_guide_code("scaling-out-cluster", X=X, y=y)["model"]

        (peak,) = client.run(peak_rss).values()
        assert client.run(os.getpid) == pids, "the worker was restarted"
    assert peak < MEMORY_LIMIT, (
        f"peak {peak / 2**20:.0f} MiB (baseline {baseline / 2**20:.0f} MiB) "
        f"over the limit of {MEMORY_LIMIT / 2**20:.0f} MiB"
    )
    assert model.n_iter_ == N_BLOCKS  # one call per block

    # Judged on 200000 new rows against the best possible classifier (the
    # rule) and a logistic regression fitted in memory on 100000 rows.
    # Measured (accuracy, log loss): out of core 0.8144 and 0.4022, in memory
    # 0.8144 and 0.4014, the rule 0.8146 and 0.4013; 0.005 is over five
    # standard errors (0.0009) of an accuracy on 200000 rows.
    X_test, y_test = big_data_in_memory(200_000, random_state=5)
    X_sample, y_sample = big_data_in_memory(100_000, random_state=6)
    in_memory = LogisticRegression().fit(X_sample, y_sample)
    accuracy, loss = scores_on(model, X_test, y_test)
    ref_accuracy, ref_loss = scores_on(in_memory, X_test, y_test)
    bayes_accuracy = accuracy_score(y_test, (X_test - 0.5) @ BIG_COEF > 0)
    assert accuracy >= max(ref_accuracy, bayes_accuracy) - 0.005, (
        accuracy,
        ref_accuracy,
        bayes_accuracy,
    )
    assert loss <= ref_loss + 0.005, (loss, ref_loss)
