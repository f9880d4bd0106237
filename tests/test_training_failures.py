"""Training that goes wrong must say so: each case a hostile user tried.

Families: divergence and overflow (a ``FloatingPointError`` or a refusal at
validation naming the fix, never a returned model); transactional fits (a fit
that raises leaves the previous model exactly as it was, or unfitted); every
parameter and weight checked at the edge (finite, signed, typed); a user's
loss checked for shape and finiteness, named in the error; the BLAS thread
limit safe under concurrent fits.
"""

import threading
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_info

from sklearn_losses import LogisticMLPClassifier
from sklearn_losses.losses import LogLoss

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture(scope="module")
def data():
    X, y = make_classification(n_samples=200, n_features=10, random_state=0)
    return StandardScaler().fit_transform(X), y


def _fit_quietly(estimator, *args, **kwargs):
    """Fit with every warning but ConvergenceWarning an error (no leaks)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", ConvergenceWarning)
        return estimator.fit(*args, **kwargs)


# ------------------------------------------------------------ divergence
@pytest.mark.parametrize(
    "params",
    [
        # the case: 0.857 -> 3.6e15, weights 1.6e9, only a warning
        dict(solver="sgd", learning_rate_init=10),
        dict(solver="sgd", learning_rate_init=10, early_stopping=True),
        dict(solver="adam", learning_rate_init=1e3),
    ],
)
def test_diverging_run_raises_naming_the_learning_rate(data, params):
    X, y = data
    clf = LogisticMLPClassifier((8,), random_state=0, **params)
    with pytest.raises(FloatingPointError, match="diverged.*learning_rate_init"):
        _fit_quietly(clf, X, y)
    with pytest.raises(NotFittedError):
        check_is_fitted(clf)


def test_divergence_is_measured_against_the_start(data):
    # the objective at the start of the run, by a closed form: with zero
    # weights the log loss of every sample is log 2; sgd at lr=10 then grows
    # it past 1e4 times that
    X, y = data
    clf = LogisticMLPClassifier((8,), solver="sgd", learning_rate_init=10)
    clf.set_params(random_state=0)
    with pytest.raises(FloatingPointError, match=r"grew from [\d.]+ at the start"):
        _fit_quietly(clf, X, y)


def _rise_warnings(estimator, X, y):
    """The warnings of a fit that ended far above its start."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        estimator.fit(X, y)
    return [w for w in caught if "above its start" in str(w.message)]


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_run_ending_far_above_its_start_warns_naming_the_learning_rate(data, solver):
    """Issue: adam at learning_rate_init=10 went 0.79 -> 27.5 without a word.

    The start is the log loss at the initial weights (one batch of all the
    data, so the first value of the curve); the run ends 35 times higher.
    """
    X, y = data
    lr = {"adam": 10.0, "sgd": 6.0}[solver]  # sgd: 0.79 -> 3.5
    clf = LogisticMLPClassifier((8,), solver=solver, learning_rate_init=lr)
    caught = _rise_warnings(clf.set_params(random_state=0, momentum=0.99), X, y)
    # what the warning says: more than twice the start above the bound 0
    assert clf.loss_ - clf.loss_curve_[0] > max(clf.loss_curve_[0], 0.05)
    assert len(caught) == 1
    assert caught[0].category is ConvergenceWarning
    assert caught[0].filename == __file__  # at the user's line
    assert f"learning_rate_init={lr:g} is too large" in str(caught[0].message)
    # the same run at a step the data allow ends below its start, quietly
    clf.set_params(learning_rate_init=0.01)
    assert not _rise_warnings(clf, X, y)
    assert clf.loss_ < clf.loss_curve_[0]


def test_diverging_partial_fit_raises_and_keeps_the_last_good_model(data):
    X, y = data
    clf = LogisticMLPClassifier((8,), solver="sgd", learning_rate_init=10)
    clf.set_params(random_state=0)
    last_good = None
    with pytest.raises(FloatingPointError, match="learning_rate_init"):
        for _ in range(20):
            clf.partial_fit(X, y, classes=[0, 1])
            last_good = [c.copy() for c in clf.coefs_], list(clf.loss_curve_)
    assert all(
        np.array_equal(a, b) for a, b in zip(clf.coefs_, last_good[0], strict=True)
    )
    assert clf.loss_curve_ == last_good[1]
    assert np.all(np.isfinite(clf.predict_proba(X)))


@pytest.mark.parametrize("solver", ["adam", "sgd", "lbfgs"])
@pytest.mark.parametrize("sparse", [False, True])
def test_values_whose_products_overflow_are_refused_at_validation(data, solver, sparse):
    # the case: fit(X * 1e300) returned a model scoring 0.47
    X, y = data
    X_big = X * 1e300
    X_big = sp.csr_matrix(X_big) if sparse else X_big
    clf = LogisticMLPClassifier((8,), solver=solver, max_iter=5)
    with pytest.raises(ValueError, match="overflow float64.*StandardScaler"):
        _fit_quietly(clf, X_big, y)


def test_float32_limit_is_float32s(data):
    X, y = data
    X32 = (X * 1e20).astype(np.float32)  # above sqrt(float32 max) ~ 1.8e19
    with pytest.raises(ValueError, match="overflow float32"):
        _fit_quietly(LogisticMLPClassifier((4,), max_iter=2), X32, y)


def test_overflow_inside_training_raises_without_warnings(data):
    # below the refusal threshold, sgd's steps still overflow the products
    X, y = data
    clf = LogisticMLPClassifier((8,), solver="sgd", max_iter=20, random_state=0)
    with pytest.raises(FloatingPointError, match="overflowed float64.*StandardScaler"):
        _fit_quietly(clf, X * 1e150, y)


@pytest.mark.parametrize("solver", ["adam", "sgd", "lbfgs"])
def test_huge_alpha_raises_naming_alpha_or_zeroes_the_weights(data, solver):
    X, y = data
    clf = LogisticMLPClassifier((8,), solver=solver, alpha=1e300, max_iter=5)
    with pytest.raises(FloatingPointError, match="overflowed"):
        _fit_quietly(clf, X, y)
    # with L1 the proximal step sets every weight to exactly 0: a valid answer
    if solver != "lbfgs":
        l1 = _fit_quietly(clf.set_params(penalty="l1"), X, y)
        assert all(np.all(c == 0) for c in l1.coefs_)


def test_lbfgs_names_alpha_when_the_penalty_overflows(data):
    X, y = data
    # with a hidden layer: random start weights (without one lbfgs starts at
    # zero, where the penalty and its gradient vanish)
    clf = LogisticMLPClassifier((3,), solver="lbfgs", alpha=1e300, random_state=0)
    with pytest.raises(FloatingPointError, match=r"alpha=1e\+300 is too large"):
        _fit_quietly(clf, X, y)


def test_predicting_on_values_that_overflow_raises(data):
    X, y = data
    clf = _fit_quietly(LogisticMLPClassifier((8,), max_iter=20, random_state=0), X, y)
    X_big = np.full((2, X.shape[1]), 1e300)
    X_big[0, ::2] = -1e300
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            proba = clf.predict_proba(X_big)
        except ValueError as exc:
            assert "overflowed" in str(exc)
        else:  # the products happened to stay finite: an exact answer
            assert np.all(np.isfinite(proba))


def test_healthy_runs_are_not_called_diverged(data):
    # noisy minibatch objectives, tiny start values (warm start near an
    # optimum) and class weights 1e3 apart must all train
    X, y = data
    for params in [
        dict(solver="sgd", learning_rate_init=0.5, batch_size=8),
        dict(solver="adam", learning_rate_init=0.1, batch_size=4),
        dict(solver="sgd", class_weight={0: 1000, 1: 1e-4}, learning_rate_init=0.01),
    ]:
        clf = LogisticMLPClassifier((8,), max_iter=30, random_state=0, **params)
        _fit_quietly(clf, X, y)
    # a start near 0: growth is measured from at least 1, not from 1e-5
    warm = LogisticMLPClassifier((32,), solver="lbfgs", alpha=0, random_state=0)
    _fit_quietly(warm, X, y)
    assert warm.loss_ < 1e-3
    warm.set_params(warm_start=True, solver="adam", learning_rate_init=0.3, max_iter=50)
    _fit_quietly(warm, X, y)
    # kicked off the optimum (more than 1e4 times its start) and back: fine,
    # and not called a run that ended far above its start
    assert max(warm.loss_curve_) > 1e4 * warm.loss_curve_[0]
    assert not _rise_warnings(warm, X, y)
    assert warm.score(X, y) > 0.95


# ----------------------------------------------------------- transactions
def _snapshot(clf, X):
    return {
        "proba": clf.predict_proba(X),
        "predict": clf.predict(X),
        "classes_": clf.classes_.copy(),
        "coefs_": [c.copy() for c in clf.coefs_],
        "intercepts_": [b.copy() for b in clf.intercepts_],
        "n_features_in_": clf.n_features_in_,
        "loss_curve_": list(clf.loss_curve_),
        "n_iter_": clf.n_iter_,
        "solver_": clf.solver_,
        "feature_names_in_": getattr(clf, "feature_names_in_", None),
    }


def _assert_same(before, after):
    for key, value in before.items():
        if isinstance(value, list) and value and isinstance(value[0], np.ndarray):
            assert all(
                np.array_equal(a, b) for a, b in zip(value, after[key], strict=True)
            ), key
        elif isinstance(value, np.ndarray):
            assert np.array_equal(value, after[key]), key
        else:
            assert value == after[key] if value is not None else after[key] is None


class _BadShape(LogLoss):
    def loss_gradient(self, y_true, raw_prediction):
        loss, grad = super().loss_gradient(y_true, raw_prediction)
        return loss[:1], grad


def _bad_refits(X, y):
    """(name, params to set, fit args) of refits that must raise."""
    n = len(y)
    return [
        ("nan sample_weight, new labels", {}, (X, y + 5, np.full(n, np.nan))),
        ("negative sample_weight", {}, (X, y, -np.ones(n))),
        ("zero sample_weight", {}, (X, y, np.zeros(n))),
        # y of one class is fitted, as by MLPClassifier; multilabel Y refuses
        # class_weight
        (
            "class_weight with multilabel Y",
            {"class_weight": "balanced"},
            (X, np.column_stack([y, 1 - y, y]), None),
        ),
        ("NaN in X", {}, (np.where(np.eye(n, X.shape[1]) > 0, np.nan, X), y, None)),
        ("X too large", {}, (X * 1e300, y, None)),
        ("diverging", {"solver": "sgd", "learning_rate_init": 10}, (X, y, None)),
        ("bad loss", {"loss": _BadShape()}, (X, y, None)),
        ("class_weight all zero", {"class_weight": {0: 0, 1: 0}}, (X, y, None)),
        ("class_weight unknown key", {"class_weight": {7: 1.0}}, (X, y, None)),
        ("class_weight negative", {"class_weight": {0: -1.0}}, (X, y, None)),
        ("lbfgs with a prox-only penalty", {"solver": "lbfgs"}, (X, y, None)),
    ]


@pytest.mark.parametrize("warm_start", [False, True])
def test_failed_refit_leaves_the_fitted_model_as_it_was(data, warm_start):
    X, y = data
    clf = LogisticMLPClassifier((6,), max_iter=5, random_state=0)
    _fit_quietly(clf, X, y)
    before = _snapshot(clf, X)
    params = clf.get_params()
    for name, new_params, (X_bad, y_bad, sw) in _bad_refits(X, y):
        if name == "lbfgs with a prox-only penalty":
            continue  # every registered penalty works with lbfgs
        clf.set_params(warm_start=warm_start, **new_params)
        with pytest.raises((ValueError, FloatingPointError)):
            _fit_quietly(clf, X_bad, y_bad, sample_weight=sw)
        clf.set_params(**params)
        _assert_same(before, _snapshot(clf, X))


def test_refit_with_other_shapes_leaves_the_model(data):
    X, y = data
    clf = _fit_quietly(LogisticMLPClassifier((6,), max_iter=5, random_state=0), X, y)
    before = _snapshot(clf, X)
    # three classes, 3 features: validation passes, training raises
    y3 = np.arange(len(y)) % 3
    clf.set_params(solver="sgd", learning_rate_init=10, max_iter=50)
    with pytest.raises(FloatingPointError):
        _fit_quietly(clf, X[:, :3] * 100, y3)
    clf.set_params(solver="auto", learning_rate_init=1e-3, max_iter=5)
    _assert_same(before, _snapshot(clf, X))


def test_failed_refit_keeps_feature_names(data):
    pd = pytest.importorskip("pandas")
    X, y = data
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    clf = _fit_quietly(
        LogisticMLPClassifier((6,), max_iter=5, random_state=0), frame, y
    )
    before = _snapshot(clf, frame)
    other = pd.DataFrame(X[:, :4], columns=["a", "b", "c", "d"])
    with pytest.raises(ValueError, match="sample_weight"):
        clf.fit(other, y, sample_weight=-np.ones(len(y)))
    _assert_same(before, _snapshot(clf, frame))
    assert list(clf.feature_names_in_) == list(frame.columns)


def test_failed_first_fit_leaves_the_estimator_unfitted(data):
    X, y = data
    for name, new_params, (X_bad, y_bad, sw) in _bad_refits(X, y):
        clf = LogisticMLPClassifier((6,), max_iter=5, random_state=0, **new_params)
        if name == "lbfgs with a prox-only penalty":
            continue
        with pytest.raises((ValueError, FloatingPointError)):
            _fit_quietly(clf, X_bad, y_bad, sample_weight=sw)
        with pytest.raises(NotFittedError):
            check_is_fitted(clf)
        assert not hasattr(clf, "n_features_in_"), name
        assert not hasattr(clf, "classes_"), name


def test_failed_partial_fit_changes_nothing_not_even_the_shuffling(data):
    # a model that saw a failed call continues exactly as one that did not
    X, y = data
    reference = LogisticMLPClassifier((6,), random_state=0)
    tested = clone(reference)
    for clf in (reference, tested):
        clf.partial_fit(X, y, classes=[0, 1])
    before = _snapshot(tested, X)
    bad_calls = [
        (X, y + 5, None),  # labels outside classes
        (X[:, :3], y, None),  # other features
        (X, y, np.full(len(y), np.nan)),
        (X, y, -np.ones(len(y))),
        (X * 1e300, y, None),
    ]
    for X_bad, y_bad, sw in bad_calls:
        with pytest.raises(ValueError):
            tested.partial_fit(X_bad, y_bad, sample_weight=sw)
        _assert_same(before, _snapshot(tested, X))
    for clf in (reference, tested):
        clf.partial_fit(X, y)
    np.testing.assert_array_equal(reference.coefs_[0], tested.coefs_[0])


# --------------------------------------------------- parameters at the edge
_FLOAT_PARAMETERS = [
    "learning_rate_init",
    "momentum",
    "beta_1",
    "beta_2",
    "epsilon",
    "tol",
    "alpha",
    "l1_ratio",
    "validation_fraction",
]


@pytest.mark.parametrize("name", _FLOAT_PARAMETERS)
@pytest.mark.parametrize("value", [np.nan, np.float32("nan"), -np.inf])
def test_nan_and_infinite_hyperparameters_are_refused(data, name, value):
    X, y = data
    clf = LogisticMLPClassifier((4,), max_iter=2, **{name: value})
    with pytest.raises(ValueError, match=f"'{name}' parameter"):
        clf.fit(X, y)
    # partial_fit checks again: set_params may come between calls
    clf = LogisticMLPClassifier((4,), max_iter=2).partial_fit(X, y, classes=[0, 1])
    clf.set_params(**{name: value})
    with pytest.raises(ValueError, match=f"'{name}' parameter"):
        clf.partial_fit(X, y)


@pytest.mark.parametrize(
    "name", ["learning_rate_init", "epsilon", "tol", "alpha", "momentum"]
)
def test_infinite_hyperparameters_are_refused(data, name):
    X, y = data
    with pytest.raises(ValueError, match=f"'{name}' parameter"):
        LogisticMLPClassifier((4,), max_iter=2, **{name: np.inf}).fit(X, y)


@pytest.mark.parametrize(
    "name", ["batch_size", "max_iter", "n_iter_no_change", "max_fun"]
)
@pytest.mark.parametrize("value", [True, False])
def test_bools_are_not_counts(data, name, value):
    # the case: batch_size=True was taken as 1
    X, y = data
    with pytest.raises(ValueError, match=f"'{name}' parameter"):
        LogisticMLPClassifier((4,), **{name: value}).fit(X, y)


@pytest.mark.parametrize(
    "class_weight, message",
    [
        ({0: -1.0}, r"class_weight\[0\] must be finite and >= 0"),
        ({0: np.nan}, r"class_weight\[0\] must be finite"),
        ({1: np.inf}, r"class_weight\[1\] must be finite"),
        ({0: "heavy"}, r"class_weight\[0\] must be a number"),
        ({0: None}, r"class_weight\[0\] must be a number"),
        ({0: True}, r"class_weight\[0\] must be a number"),
        ({0: 0, 1: 0}, "every sample a weight of 0"),
        ({5: 1.0}, "not classes"),
    ],
)
def test_bad_class_weights_are_refused(data, class_weight, message):
    X, y = data
    clf = LogisticMLPClassifier((4,), max_iter=2, class_weight=class_weight)
    with pytest.raises(ValueError, match=message):
        clf.fit(X, y)


def test_class_weight_zero_on_every_class_present_is_refused(data):
    # a class absent from this call's y cannot carry the weight
    X, y = data
    clf = LogisticMLPClassifier((4,), class_weight={0: 0.0, 1: 1.0, 2: 1.0})
    with pytest.raises(ValueError, match="every sample a weight of 0"):
        clf.partial_fit(X[y == 0], y[y == 0], classes=[0, 1, 2])


def test_zero_weight_on_one_class_trains_on_the_other(data):
    # a zero class weight is allowed while another present class weighs > 0
    X, y = data
    clf = LogisticMLPClassifier((), class_weight={0: 0.0}, alpha=1.0)
    assert np.all(_fit_quietly(clf, X, y).predict(X) == 1)


@pytest.mark.parametrize(
    "sample_weight, message",
    [
        (-np.ones(200), "sample_weight must be non-negative"),
        (np.r_[-1.0, np.ones(199)], "sample_weight must be non-negative"),
        (np.r_[np.nan, np.ones(199)], "sample_weight contains NaN"),
        (np.r_[np.inf, np.ones(199)], "sample_weight contains infinity"),
        (np.zeros(200), "(?i)sample.weight"),
        (np.full(200, 1e308), "sum overflows"),
        (np.ones(199), "sample_weight"),
    ],
)
def test_bad_sample_weights_are_refused_naming_sample_weight(
    data, sample_weight, message
):
    X, y = data
    with pytest.raises(ValueError, match=message) as error:
        _fit_quietly(
            LogisticMLPClassifier((4,), max_iter=2), X, y, sample_weight=sample_weight
        )
    assert "lower bound" not in str(error.value)  # the loss is not blamed


def test_class_weight_that_overflows_float32_is_refused(data):
    X, y = data
    clf = LogisticMLPClassifier((4,), max_iter=2, class_weight={0: 1e39})
    with pytest.raises(ValueError, match="too large for float32"):
        _fit_quietly(clf, X.astype(np.float32), y)


# ------------------------------------------------------------ user losses
def _loss(name, transform):
    """A LogLoss subclass whose outputs go through ``transform``."""

    def loss_gradient(self, y_true, raw_prediction):
        loss, grad = LogLoss.loss_gradient(self, y_true, raw_prediction)
        return transform(loss, grad)

    return type(name, (LogLoss,), {"loss_gradient": loss_gradient})()


_BROKEN_LOSSES = [
    (_loss("LossOfOne", lambda l, g: (l[:1], g)), r"shape \(1,\); expected \(\d+,\)"),
    (
        _loss("LossOfTwo", lambda l, g: (np.column_stack([l, l]), g)),
        r"shape \(\d+, 2\); expected",
    ),
    (
        _loss("ScalarLoss", lambda l, g: (np.float64(l.mean()), g)),
        r"shape \(\); expected",
    ),
    (
        _loss("WideGradient", lambda l, g: (l, np.column_stack([g, g]))),
        r"gradient has shape \(\d+, 2\); expected \(\d+, 1\)",
    ),
    (
        _loss("ShortGradient", lambda l, g: (l, g[:-1])),
        r"gradient has shape \(\d+, 1\); expected \(\d+, 1\)",
    ),
    (
        _loss("NaNLoss", lambda l, g: (np.full_like(l, np.nan), g)),
        "pointwise loss is NaN at the finite raw prediction",
    ),
    (
        _loss("InfGradient", lambda l, g: (l, np.full_like(g, np.inf))),
        "gradient is inf at the finite raw prediction",
    ),
    (
        # wrong only far from the start: caught on that batch, not only the first
        _loss(
            "LateNaN",
            lambda l, g: (np.where(l < 0.3, np.nan, l), g),
        ),
        "pointwise loss is NaN",
    ),
]


@pytest.mark.parametrize(
    "loss, message", _BROKEN_LOSSES, ids=[type(b[0]).__name__ for b in _BROKEN_LOSSES]
)
@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_broken_user_loss_is_named_with_what_is_wrong(data, loss, message, solver):
    X, y = data
    clf = LogisticMLPClassifier(
        (4,), loss=loss, solver=solver, max_iter=50, learning_rate_init=0.05
    )
    with pytest.raises(ValueError, match=message) as error:
        _fit_quietly(clf, X, y)
    assert f"The loss {type(loss).__name__}(" in str(error.value)
    with pytest.raises(NotFittedError):
        check_is_fitted(clf)


def test_multiclass_user_loss_gradient_shape_is_checked(data):
    X, _ = data
    y = np.arange(len(X)) % 3
    loss = _loss("Flat", lambda l, g: (l, g.ravel()))
    with pytest.raises(
        ValueError, match=r"gradient has shape \(\d+,\); expected \(\d+, 3\)"
    ):
        _fit_quietly(LogisticMLPClassifier((4,), loss=loss, max_iter=2), X, y)


def test_builtin_losses_are_not_checked_on_every_batch():
    from sklearn_losses._network import Network
    from sklearn_losses.losses import LOSSES
    from sklearn_losses.solvers import Objective

    for cls in LOSSES.values():
        objective = Objective(Network([2, 1]), cls(), None, 0.0, training_weight=1.0)
        assert not objective.check_outputs
    user = _loss("Mine", lambda l, g: (l, g))
    assert Objective(
        Network([2, 1]), user, None, 0.0, training_weight=1.0
    ).check_outputs


# ---------------------------------------------------------------- threads
def _blas_threads():
    return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]


def test_concurrent_fits_leave_the_blas_pool_as_it_was(data):
    X, y = data
    before = _blas_threads()
    if not before or max(before) == 1:
        pytest.skip("BLAS runs one thread already: nothing to restore")
    barrier = threading.Barrier(4)
    errors = []

    def fit(seed):
        try:
            for _ in range(3):
                barrier.wait(timeout=30)
                LogisticMLPClassifier(
                    (4,), max_iter=10, batch_size=10, random_state=seed
                ).fit(X, y)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        threads = [threading.Thread(target=fit, args=(seed,)) for seed in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not errors
    assert _blas_threads() == before


def _limit_applies():
    from sklearn_losses._threads import limit_threads

    with limit_threads(1, [1, 1]):
        return max(_blas_threads(), default=1) == 1


def test_fit_limits_blas_to_one_thread_while_it_runs(data):
    X, y = data
    if not _blas_threads() or max(_blas_threads()) == 1:
        pytest.skip("BLAS runs one thread already")
    if not _limit_applies():
        pytest.skip("another thread of this process controls OpenBLAS's limits")
    seen = []

    class Spy(LogLoss):
        def loss_gradient(self, y_true, raw_prediction):
            seen.append(max(_blas_threads()))
            return super().loss_gradient(y_true, raw_prediction)

    _fit_quietly(LogisticMLPClassifier((4,), loss=Spy(), max_iter=1), X, y)
    assert set(seen) == {1}
