"""Alpha selection on a dask cluster and on a ray runtime, as run locally.

A real dask ``LocalCluster`` (two worker processes) and a local ray runtime
(two CPUs) run ``GridSearchCV`` over ``alpha``, ``regularization_path``
(cold and warm) and ``LogisticMLPClassifierCV`` through joblib; every score
must equal, to 1e-12, that of the same call run sequentially in this
process with the same ``random_state``. The fits record the process that ran
them, so a backend that quietly ran the work here would fail.

The tests need the ``distributed`` extra (``pip install ".[distributed]"``)
and skip without it; ``-m "not distributed"`` deselects them.
"""

import logging
import os
import secrets
from pathlib import Path

import joblib
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import GridSearchCV
from sklearn.preprocessing import StandardScaler

from sklearn_losses import LogisticMLPClassifier, regularization_path

pytestmark = pytest.mark.distributed

ALPHAS = [0.1, 1.0, 10.0, 100.0]
# Small networks on small data: each fit takes milliseconds, so the time of
# the module is that of starting the cluster and the runtime (measured: about
# 1 s for dask, 2 to 5 s for ray on two cores) and of shipping the tasks.
PARAMS = {
    "hidden_layer_sizes": (3,),
    "solver": "lbfgs",
    "tol": 1e-3,
    "max_iter": 1000,
    "random_state": 0,
}


def assert_same(actual, expected):
    """Equal to 1e-12, as the same computation in another process gives."""
    assert_allclose(actual, expected, rtol=0, atol=1e-12)


class PidRecordingClassifier(LogisticMLPClassifier):
    """A ``LogisticMLPClassifier`` that records the process that fitted it."""

    def fit(self, X, y, sample_weight=None):
        super().fit(X, y, sample_weight=sample_weight)
        self.fit_pid_ = os.getpid()
        return self


def fit_pid(estimator, X, y):
    """A scorer giving the process in which ``estimator`` was fitted."""
    return float(estimator.fit_pid_)


def scoring_pid(estimator, X, y):
    """A scorer giving the process in which it runs."""
    return float(os.getpid())


@pytest.fixture(scope="module")
def data():
    X, y = load_breast_cancer(return_X_y=True)
    return StandardScaler().fit_transform(X), y


# -- the two runtimes ------------------------------------------------------


@pytest.fixture(scope="module")
def dask_client():
    """A client of a local dask cluster of two single-threaded worker processes."""
    distributed = pytest.importorskip(
        "distributed", reason="dask.distributed is not installed (extra 'distributed')"
    )
    # The scheduler's web server on any free port: the default one, 8787,
    # may be taken (another cluster, another test run), which warns.
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def ray_runtime():
    """A local ray runtime of two CPUs, registered as joblib's ``"ray"``."""
    ray = pytest.importorskip(
        "ray", reason="ray is not installed (extra 'distributed')"
    )
    from ray.job_config import JobConfig
    from ray.util.joblib import register_ray

    if ray.is_initialized():
        pytest.skip("a ray runtime is already running in this process")
    # ray secures a local runtime with a token, by default written to
    # ~/.ray/auth_token; this process's own token, in its environment, leaves
    # the home folder alone. It stays set: ray keeps the token it has read
    # for the life of the process, and a second runtime must use the same.
    os.environ.setdefault("RAY_AUTH_TOKEN", secrets.token_hex(32))
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        object_store_memory=100 * 2**20,
        logging_level=logging.WARNING,
        log_to_driver=False,
        # The workers unpickle the classes and scorers defined here.
        job_config=JobConfig(code_search_path=[str(Path(__file__).parent)]),
    )
    register_ray()
    try:
        yield ray
    finally:
        ray.shutdown()


@pytest.fixture(scope="module", params=["dask", "ray"])
def backend(request):
    """``(name, worker_pids)``: a joblib backend and where its work may run.

    For dask, the processes of the cluster's workers; for ray, whose pool
    starts new worker processes for each parallel call, None: the work must
    have run anywhere but in this process.
    """
    if request.param == "dask":
        client = request.getfixturevalue("dask_client")
        return "dask", set(client.run(os.getpid).values())
    request.getfixturevalue("ray_runtime")
    return "ray", None


def fits_elsewhere(path):
    """The processes of a cold path's fits, but for those run here.

    The path fits one alpha here before sending the others out, so that a
    bad parameter fails before any work is sent.
    """
    pids = [est.fit_pid_ for est in path.estimators_]
    elsewhere = [pid for pid in pids if pid != os.getpid()]
    assert len(elsewhere) >= len(pids) - 1
    return elsewhere


def assert_ran_on_workers(pids, worker_pids):
    pids = {int(pid) for pid in np.ravel(pids)}
    assert os.getpid() not in pids
    if worker_pids is not None:
        assert pids <= worker_pids


# -- the calls, each run once sequentially as the reference ---------------


def grid_search(X, y, n_jobs):
    search = GridSearchCV(
        PidRecordingClassifier(**PARAMS),
        {"alpha": ALPHAS},
        cv=3,
        scoring={
            "neg_log_loss": "neg_log_loss",
            "accuracy": "accuracy",
            "fit_pid": fit_pid,
        },
        refit="neg_log_loss",
        n_jobs=n_jobs,
    )
    return search.fit(X, y)


def path(X, y, *, warm_start, n_jobs):
    return regularization_path(
        PidRecordingClassifier(**PARAMS),
        X,
        y,
        alphas=ALPHAS,
        warm_start=warm_start,
        X_val=X[::2],
        y_val=y[::2],
        scoring="neg_log_loss",
        n_jobs=n_jobs,
        progress=False,
    )


def cross_validated(X, y, n_jobs, scoring="neg_log_loss", refit=True):
    from sklearn_losses import LogisticMLPClassifierCV

    clf = LogisticMLPClassifierCV(
        alphas=ALPHAS, cv=3, scoring=scoring, n_jobs=n_jobs, refit=refit, **PARAMS
    )
    return clf.fit(X, y)


@pytest.fixture(scope="module")
def sequential_grid_search(data):
    return grid_search(*data, n_jobs=None)


@pytest.fixture(scope="module")
def sequential_cold_path(data):
    return path(*data, warm_start=False, n_jobs=None)


@pytest.fixture(scope="module")
def sequential_warm_path(data):
    return path(*data, warm_start=True, n_jobs=None)


@pytest.fixture(scope="module")
def sequential_cv(data):
    return cross_validated(*data, n_jobs=None)


def assert_same_path(result, expected, X):
    assert_array_equal(result.alphas_, expected.alphas_)
    assert_array_equal(result.warm_started_, expected.warm_started_)
    for name in (
        "train_scores_",
        "validation_scores_",
        "train_losses_",
        "validation_losses_",
        "objectives_",
    ):
        assert_same(getattr(result, name), getattr(expected, name))
    for fitted, reference in zip(result.estimators_, expected.estimators_, strict=True):
        assert_same(fitted.predict_proba(X), reference.predict_proba(X))


# -- the tests -------------------------------------------------------------


def test_grid_search_over_alpha_matches_sequential(
    backend, data, sequential_grid_search
):
    name, worker_pids = backend
    X, y = data
    with joblib.parallel_backend(name):
        search = grid_search(X, y, n_jobs=2)

    expected = sequential_grid_search
    for key in ("mean_test_neg_log_loss", "mean_test_accuracy"):
        assert_same(search.cv_results_[key], expected.cv_results_[key])
    for k in range(3):
        key = f"split{k}_test_neg_log_loss"
        assert_same(search.cv_results_[key], expected.cv_results_[key])
    assert search.best_params_ == expected.best_params_
    assert_same(search.predict_proba(X), expected.predict_proba(X))
    fit_pids = [search.cv_results_[f"split{k}_test_fit_pid"] for k in range(3)]
    assert_ran_on_workers(fit_pids, worker_pids)
    # the reference really ran here
    assert set(np.ravel(expected.cv_results_["split0_test_fit_pid"])) == {os.getpid()}


def test_cold_path_matches_sequential(backend, data, sequential_cold_path):
    name, worker_pids = backend
    X, _ = data
    with joblib.parallel_backend(name):
        result = path(*data, warm_start=False, n_jobs=2)

    assert_same_path(result, sequential_cold_path, X)
    assert not result.warm_started_.any()
    assert_ran_on_workers(fits_elsewhere(result), worker_pids)


def test_warm_path_matches_sequential_and_runs_here(
    backend, data, sequential_warm_path
):
    name, _ = backend
    X, _ = data
    with joblib.parallel_backend(name):
        result = path(*data, warm_start=True, n_jobs=None)

    assert_same_path(result, sequential_warm_path, X)
    assert result.warm_started_[1:].any()
    # each fit starts from the previous one: a warm path is sequential
    assert {est.fit_pid_ for est in result.estimators_} == {os.getpid()}


def test_cross_validated_alpha_matches_sequential(backend, data, sequential_cv):
    name, _ = backend
    X, _ = data
    with joblib.parallel_backend(name):
        clf = cross_validated(*data, n_jobs=2)

    expected = sequential_cv
    assert_same(clf.scores_, expected.scores_)
    assert_same(
        clf.cv_results_["mean_test_score"], expected.cv_results_["mean_test_score"]
    )
    assert clf.alpha_ == expected.alpha_
    assert_same(clf.predict_proba(X), expected.predict_proba(X))


def test_cross_validated_folds_run_on_workers(backend, data):
    name, worker_pids = backend
    # The scorer runs where each fold's path is fitted and scored.
    with joblib.parallel_backend(name):
        clf = cross_validated(*data, n_jobs=2, scoring=scoring_pid, refit=False)

    assert clf.scores_.shape == (3, len(ALPHAS))
    assert_ran_on_workers(clf.scores_, worker_pids)


def test_dask_scheduler_address(dask_client, data, sequential_cold_path):
    distributed = pytest.importorskip("distributed")
    # As with a cluster started elsewhere: a client of its scheduler's
    # address. (joblib's scheduler_host=address also works, but leaves the
    # client it makes connected.)
    address = dask_client.scheduler.address
    worker_pids = set(dask_client.run(os.getpid).values())
    X, _ = data
    with distributed.Client(address), joblib.parallel_backend("dask"):
        result = path(*data, warm_start=False, n_jobs=2)

    assert_same_path(result, sequential_cold_path, X)
    assert_ran_on_workers(fits_elsewhere(result), worker_pids)
