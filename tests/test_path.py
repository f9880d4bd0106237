"""Tests of sklearn_losses.path: regularization_path and RegularizationPath."""

import errno
import os
import warnings

import imageio.v3 as iio
import numpy as np
import pandas as pd
import PIL.Image
import pytest
from joblib import parallel_config, register_parallel_backend
from joblib._parallel_backends import ThreadingBackend
from matplotlib.colors import to_rgb
from sklearn.base import clone
from sklearn.datasets import load_iris, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score
from sklearn.model_selection import train_test_split, validation_curve
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_losses import LogisticMLPClassifier, RegularizationPath
from sklearn_losses.path import animate_regularization_path, regularization_path

SEED_ALPHAS = np.logspace(-3, 3, 20)


@pytest.fixture(scope="module")
def seed_data():
    """The seed homework's training data, built as the notebook builds it."""
    iris = load_iris()
    X = iris.data[iris.target != 2][:, [0, 2]]
    y = iris.target[iris.target != 2]
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, random_state=42
    )
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), y_train, scaler.transform(X_test), y_test


@pytest.fixture(scope="module")
def sparse_problem():
    X, y = make_classification(
        n_samples=150, n_features=8, n_informative=3, random_state=0
    )
    return StandardScaler().fit_transform(X), y


def seed_network(**params):
    defaults = dict(
        hidden_layer_sizes=(10,), solver="lbfgs", max_iter=1000, random_state=42
    )
    return LogisticMLPClassifier(**{**defaults, **params})


def gif_frames(filename):
    return iio.imread(filename, index=None)


# -- the path ---------------------------------------------------------------


def test_results_follow_the_given_order(seed_data):
    X, y, _, _ = seed_data
    alphas = [1.0, 0.001, 0.1]
    path = regularization_path(seed_network(), X, y, alphas=alphas, progress=False)
    np.testing.assert_array_equal(path.alphas_, alphas)
    assert [est.alpha for est in path.estimators_] == alphas
    frame = path.to_frame()
    np.testing.assert_array_equal(frame["alpha"], alphas)
    assert len(path.coefs_) == len(path.intercepts_) == 3


class _RecordingMLP(MLPClassifier):
    """MLPClassifier that records the alpha of every fit, in call order."""

    calls = []

    def fit(self, X, y, sample_weight=None):
        type(self).calls.append(self.alpha)
        return super().fit(X, y, sample_weight=sample_weight)


@pytest.mark.parametrize(
    "hidden, expected",
    [((4,), [0.01, 0.1, 1.0, 10.0]), ((), [10.0, 1.0, 0.1, 0.01])],
    ids=["network-weak-to-strong", "linear-strong-to-weak"],
)
def test_warm_path_visits_alphas_in_the_order_that_works(seed_data, hidden, expected):
    X, y, _, _ = seed_data
    _RecordingMLP.calls = []
    estimator = _RecordingMLP(hidden, solver="lbfgs", max_iter=200, random_state=0)
    regularization_path(estimator, X, y, alphas=[0.1, 10.0, 0.01, 1.0], progress=False)
    # A collapse check may add a cold fit; the warm ones come in this order.
    assert [a for a in _RecordingMLP.calls if a in expected][: len(expected)] == (
        expected
    )


def test_warm_path_reaches_the_cold_objectives_in_fewer_iterations(seed_data):
    X, y, _, _ = seed_data
    # Both stop once an iteration gains less than tol=1e-4, so the weakest
    # alphas' objectives (about 1e-3) agree to that absolute tolerance.
    for hidden, rtol in (((10,), 1e-2), ((), 1e-4)):
        estimator = seed_network(hidden_layer_sizes=hidden)
        warm = regularization_path(estimator, X, y, progress=False)
        cold = regularization_path(estimator, X, y, warm_start=False, progress=False)
        assert warm.warm_started_[1:].any()
        assert not cold.warm_started_.any()
        np.testing.assert_allclose(
            warm.objectives_, cold.objectives_, rtol=rtol, atol=estimator.tol
        )
        assert warm.n_iter_.sum() < cold.n_iter_.sum()


def test_linear_path_objective_matches_scikit_learn(seed_data):
    # hidden_layer_sizes=() with L2 is LogisticRegression(C=1 / alpha).
    X, y, _, _ = seed_data
    alphas = [0.01, 0.1, 1.0]
    path = regularization_path(
        seed_network(hidden_layer_sizes=(), max_iter=2000, tol=1e-8),
        X,
        y,
        alphas=alphas,
        progress=False,
    )
    for alpha, objective in zip(alphas, path.objectives_, strict=True):
        ref = LogisticRegression(C=1 / alpha, tol=1e-10, max_iter=1000)
        ref.fit(X, y)
        ref_objective = log_loss(y, ref.predict_proba(X)) + alpha / (
            2 * len(y)
        ) * np.sum(ref.coef_**2)
        assert objective == pytest.approx(ref_objective, rel=1e-5)


def test_l1_path_without_hidden_layer_gets_sparser(sparse_problem):
    X, y = sparse_problem
    alphas = np.logspace(2.5, -0.5, 8)  # strong to weak, on purpose
    path = regularization_path(
        seed_network(hidden_layer_sizes=(), penalty="l1"),
        X,
        y,
        alphas=alphas,
        progress=False,
    )
    order = np.argsort(path.alphas_)
    n_nonzero = path.n_nonzero_[order]
    assert np.all(np.diff(n_nonzero) <= 0), n_nonzero
    assert n_nonzero[-1] < n_nonzero[0]
    # Independent count of the exact zeros.
    for coefs, count in zip(path.coefs_, path.n_nonzero_, strict=True):
        assert count == np.sum(coefs[0] != 0)


def test_mlpclassifier_with_adam_is_fitted_cold(seed_data):
    # Its warm starts keep best_loss_ and the no-improvement count, which
    # would stop each fit after a few epochs, and scikit-learn has no public
    # way to reset them: every alpha is fitted from scratch instead.
    X, y, _, _ = seed_data
    estimator = MLPClassifier((5,), max_iter=300, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        with pytest.warns(UserWarning, match="convergence counters"):
            path = regularization_path(
                estimator, X, y, alphas=[1e-4, 1e-3, 1e-2], progress=False
            )
    assert not path.warm_started_.any()
    for est in path.estimators_:
        assert len(est.loss_curve_) == est.n_iter_
        assert est.warm_start is False  # the user's setting is shown


def test_mlpclassifier_with_lbfgs_is_warm_started(seed_data):
    X, y, _, _ = seed_data
    estimator = MLPClassifier((5,), solver="lbfgs", max_iter=500, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        path = regularization_path(
            estimator, X, y, alphas=[1e-4, 1e-3, 1e-2], progress=False
        )
    assert path.warm_started_[1:].all()
    assert all(est.warm_start is False for est in path.estimators_)


class _CollapsingMLP(MLPClassifier):
    """Warm-started fits end with all weights at zero (a dead network)."""

    def fit(self, X, y, sample_weight=None):
        warm = self.warm_start and hasattr(self, "coefs_")
        super().fit(X, y, sample_weight=sample_weight)
        if warm:
            self.coefs_ = [np.zeros_like(c) for c in self.coefs_]
            self.loss_ = np.inf
        return self


def test_collapsed_warm_start_falls_back_to_a_cold_fit(seed_data):
    X, y, _, _ = seed_data
    estimator = _CollapsingMLP((4,), solver="lbfgs", max_iter=200, random_state=0)
    path = regularization_path(estimator, X, y, alphas=[0.01, 0.1, 1.0], progress=False)
    np.testing.assert_array_equal(path.cold_restarts_, [False, True, True])
    assert not path.warm_started_.any()
    assert all(np.abs(c[0]).max() > 0 for c in path.coefs_)
    np.testing.assert_array_equal(path.train_scores_, [1.0, 1.0, 1.0])


def test_estimator_without_warm_start_is_refitted_cold(seed_data):
    X, y, _, _ = seed_data

    class NoWarmStart(SGDClassifier):
        def __init__(self, alpha=1e-4):
            super().__init__(alpha=alpha, random_state=0)

        def get_params(self, deep=True):
            return {"alpha": self.alpha}

    with pytest.warns(UserWarning, match="no warm_start"):
        path = regularization_path(
            NoWarmStart(), X, y, alphas=[0.01, 1.0], progress=False
        )
    assert not path.warm_started_.any()
    assert path.coefs_[0][0].shape == (2, 1)  # coef_.T


def test_parallel_cold_path_equals_sequential(seed_data):
    X, y, _, _ = seed_data
    alphas = [0.01, 0.1]
    kwargs = dict(alphas=alphas, warm_start=False, progress=False)
    serial = regularization_path(seed_network(), X, y, **kwargs)
    # Threads keep the test light; the code path is joblib's either way.
    with parallel_config(backend="threading"):
        parallel = regularization_path(seed_network(), X, y, n_jobs=2, **kwargs)
    for a, b in zip(serial.coefs_, parallel.coefs_, strict=True):
        np.testing.assert_allclose(a[0], b[0])


def test_n_jobs_is_ignored_with_warm_starts(seed_data):
    X, y, _, _ = seed_data
    with pytest.warns(UserWarning, match="n_jobs is ignored"):
        regularization_path(
            seed_network(), X, y, alphas=[0.1], n_jobs=2, progress=False
        )


def test_scores_losses_and_validation(seed_data):
    X, y, X_val, y_val = seed_data
    alphas = [0.01, 1.0]
    path = regularization_path(
        seed_network(), X, y, alphas=alphas, X_val=X_val, y_val=y_val, progress=False
    )
    for i, est in enumerate(path.estimators_):
        proba = est.predict_proba(X_val)
        accuracy = np.mean(est.classes_[proba.argmax(axis=1)] == y_val)
        assert path.validation_scores_[i] == pytest.approx(accuracy)
        assert path.validation_losses_[i] == pytest.approx(log_loss(y_val, proba))
        assert path.train_losses_[i] == pytest.approx(log_loss(y, est.predict_proba(X)))
        # lbfgs reports the objective at its final weights: mean log loss
        # + alpha / (2 n) |W|^2 over every layer (intercepts not penalised)
        l2 = sum(np.sum(c**2) for c in est.coefs_)
        expected = log_loss(y, est.predict_proba(X)) + alphas[i] / (2 * len(y)) * l2
        assert path.objectives_[i] == pytest.approx(expected, rel=1e-9)
    frame = path.to_frame()
    assert {"alpha", "train_loss", "n_nonzero", "n_iter"} <= set(frame.columns)
    assert {"validation_score", "validation_loss"} <= set(frame.columns)

    without = regularization_path(seed_network(), X, y, alphas=alphas, progress=False)
    assert without.validation_scores_ is None
    assert without.validation_losses_ is None
    assert "validation_score" not in without.to_frame().columns


@pytest.mark.parametrize("scoring", ["neg_brier_score", "roc_auc", "neg_log_loss"])
def test_scoring_by_name(seed_data, scoring):
    X, y, _, _ = seed_data
    path = regularization_path(
        seed_network(), X, y, alphas=[0.1, 10.0], scoring=scoring, progress=False
    )
    assert path.scoring_ == scoring
    metric = {
        "neg_brier_score": lambda p: -brier_score_loss(y, p),
        "roc_auc": lambda p: roc_auc_score(y, p),
        "neg_log_loss": lambda p: -log_loss(y, p),
    }[scoring]
    for est, score in zip(path.estimators_, path.train_scores_, strict=True):
        assert score == pytest.approx(metric(est.predict_proba(X)[:, 1]))


def test_progress_bar_goes_to_stderr(seed_data, capsys):
    X, y, _, _ = seed_data
    regularization_path(seed_network(), X, y, alphas=[0.1, 1.0])
    err = capsys.readouterr().err
    assert "regularization path" in err and "2/2" in err
    regularization_path(seed_network(), X, y, alphas=[0.1], progress=False)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"alphas": []}, "non-empty"),
        ({"alphas": [0.1, -1.0]}, "positive"),
        ({"alphas": [0.1, np.nan]}, "finite"),
        ({"alphas": [[0.1]]}, "1-D"),
        ({"alphas": ["a"]}, "numbers"),
        ({"n_jobs": 0}, "n_jobs"),
        ({"n_jobs": 1.5}, "n_jobs"),
        ({"X_val": np.zeros((2, 2))}, "both"),
        ({"scoring": "no_such_score"}, "no_such_score"),
        ({"scoring": 3}, "scoring"),
    ],
)
def test_bad_arguments(seed_data, kwargs, match):
    X, y, _, _ = seed_data
    with pytest.raises(ValueError, match=match):
        regularization_path(seed_network(), X, y, progress=False, **kwargs)


def test_estimator_without_alpha_and_single_class(seed_data):
    X, y, _, _ = seed_data
    with pytest.raises(ValueError, match="has no 'alpha' parameter"):
        regularization_path(LogisticRegression(), X, y, progress=False)
    with pytest.raises(ValueError, match="two classes"):
        regularization_path(seed_network(), X, np.zeros(len(X)), progress=False)


# -- pipelines and param_name -----------------------------------------------


@pytest.fixture(scope="module")
def raw_split():
    """Iris, all three classes and four features, unscaled, split 70/30."""
    X, y = load_iris(return_X_y=True)
    return train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)


def scaled_network(**params):
    defaults = dict(hidden_layer_sizes=(), solver="lbfgs", max_iter=500)
    return make_pipeline(
        StandardScaler(), LogisticMLPClassifier(**{**defaults, **params})
    )


def test_pipeline_scores_equal_validation_curve(raw_split):
    X_train, X_test, y_train, y_test = raw_split
    alphas = np.logspace(-2, 2, 5)
    pipe = scaled_network(hidden_layer_sizes=(4,), random_state=0)
    path = regularization_path(
        pipe,
        X_train,
        y_train,
        param_name="logisticmlpclassifier__alpha",
        alphas=alphas,
        warm_start=False,
        X_val=X_test,
        y_val=y_test,
        progress=False,
    )
    # scikit-learn's validation_curve fits the pipelines one by one on the
    # training rows and scores them on both parts.
    X = np.vstack([X_train, X_test])
    y = np.concatenate([y_train, y_test])
    split = [(np.arange(len(y_train)), np.arange(len(y_train), len(y)))]
    train, test = validation_curve(
        pipe,
        X,
        y,
        param_name="logisticmlpclassifier__alpha",
        param_range=alphas,
        cv=split,
    )
    np.testing.assert_array_equal(path.train_scores_, train[:, 0])
    np.testing.assert_array_equal(path.validation_scores_, test[:, 0])
    for alpha, fitted in zip(alphas, path.estimators_, strict=True):
        assert fitted[-1].alpha == alpha
        one = clone(pipe).set_params(logisticmlpclassifier__alpha=alpha)
        one.fit(X_train, y_train)
        np.testing.assert_array_equal(fitted[-1].coefs_[0], one[-1].coefs_[0])
    # The coefficients are the final step's.
    np.testing.assert_array_equal(path.coefs_[2][0], path.estimators_[2][-1].coefs_[0])
    assert path.objectives_[2] == path.estimators_[2][-1].loss_
    assert path.param_name_ == "logisticmlpclassifier__alpha"


def test_pipeline_warm_starts_reach_the_cold_optima(raw_split):
    X_train, _, y_train, _ = raw_split
    alphas = np.logspace(-2, 2, 6)
    pipe = scaled_network(tol=1e-10)
    warm = regularization_path(
        pipe,
        X_train,
        y_train,
        param_name="logisticmlpclassifier__alpha",
        alphas=alphas,
        progress=False,
    )
    # Strong to weak for a convex model: every fit but the first is warm.
    assert warm.warm_started_.tolist() == [True] * 5 + [False]
    for alpha, fitted in zip(alphas, warm.estimators_, strict=True):
        # The stored pipelines keep the user's warm_start setting.
        assert fitted[-1].warm_start is False
        cold = clone(pipe).set_params(logisticmlpclassifier__alpha=alpha)
        cold.fit(X_train, y_train)
        np.testing.assert_allclose(fitted[-1].loss_, cold[-1].loss_, rtol=1e-6)
        assert fitted.score(X_train, y_train) == cold.score(X_train, y_train)


def test_pipeline_step_warm_start_is_set_and_restored(raw_split):
    X_train, _, y_train, _ = raw_split
    pipe = make_pipeline(StandardScaler(), SGDClassifier(random_state=0))
    path = regularization_path(
        pipe,
        X_train,
        y_train,
        param_name="sgdclassifier__alpha",
        alphas=[1e-3, 1e-1],
        progress=False,
    )
    # Strong to weak (no hidden layers): the weaker alpha starts warm.
    assert path.warm_started_.tolist() == [True, False]
    assert [fitted[-1].warm_start for fitted in path.estimators_] == [False, False]
    assert path.coefs_[0][0].shape == (4, 3)  # coef_.T of the final step


def test_unknown_param_name_names_the_ones_the_pipeline_has(raw_split):
    X_train, _, y_train, _ = raw_split
    pipe = scaled_network()
    with pytest.raises(ValueError, match="'logisticmlpclassifier__alpha'"):
        regularization_path(pipe, X_train, y_train, progress=False)
    with pytest.raises(ValueError, match="no 'standardscaler__alpha' parameter"):
        regularization_path(
            pipe,
            X_train,
            y_train,
            param_name="standardscaler__alpha",
            progress=False,
        )


def test_plot_draws_the_coefficient_path(seed_data):
    import matplotlib.pyplot as plt

    X, y, _, _ = seed_data
    path = regularization_path(
        seed_network(hidden_layer_sizes=(3,)), X, y, alphas=[1.0, 0.01], progress=False
    )
    assert path.plot() is path
    assert path.ax_.get_xscale() == "log"
    assert path.figure_ is path.ax_.figure
    assert len(path.lines_) == 2 * 3 + 3 * 1  # every weight of both layers
    # x values sorted by alpha, y values the weights.
    x, first = path.lines_[0].get_data()
    np.testing.assert_array_equal(x, [0.01, 1.0])
    np.testing.assert_array_equal(
        first, [path.coefs_[1][0][0, 0], path.coefs_[0][0][0, 0]]
    )
    _, ax = plt.subplots()
    assert path.plot(ax=ax, layer=1).ax_ is ax
    assert len(path.lines_) == 3
    with pytest.raises(ValueError, match="layer"):
        path.plot(layer=2)
    plt.close("all")


def test_repr_and_direct_construction(seed_data):
    X, y, _, _ = seed_data
    est = seed_network().set_params(alpha=0.5).fit(X, y)
    path = RegularizationPath([0.5], [est], train_scores=[1.0], train_losses=[0.1])
    assert (
        repr(path) == "RegularizationPath(n_alphas=1, alphas=[0.5], scoring='accuracy')"
    )
    assert path.n_iter_[0] == est.n_iter_
    with pytest.raises(ValueError, match="estimators"):
        RegularizationPath([0.5, 1.0], [est], train_scores=[1], train_losses=[0])


# -- the animation ----------------------------------------------------------


def test_animate_writes_twenty_frames_of_one_size(seed_data, tmp_path):
    X, y, X_val, y_val = seed_data
    path = regularization_path(
        seed_network(),
        X,
        y,
        alphas=SEED_ALPHAS,
        X_val=X_val,
        y_val=y_val,
        progress=False,
    )
    target = tmp_path / "boundary.gif"
    assert path.animate(X, y, target, grid_resolution=40) == str(target)
    frames = gif_frames(target)
    assert frames.shape[0] == 20
    assert iio.improps(target, index=None).shape[0] == 20
    assert len({frame.shape for frame in frames}) == 1
    assert iio.immeta(target)["duration"] == 500  # fps=2
    assert os.listdir(tmp_path) == ["boundary.gif"]  # no temporary file left
    # The weakest alpha separates the classes, the strongest does not.
    assert not np.array_equal(frames[0], frames[-1])


def _flat_frames(estimators, X):
    """How many fits predict probabilities varying < 1e-4 over the picture."""
    lows, highs = X.min(axis=0), X.max(axis=0)
    pad = 0.1 * (highs - lows)  # the animation's grid: the data plus 10%
    xx, yy = np.meshgrid(
        *(
            np.linspace(lo, hi, 50)
            for lo, hi in zip(lows - pad, highs + pad, strict=True)
        )
    )
    grid = np.column_stack([xx.ravel(), yy.ravel()])
    return sum(
        np.ptp(est.predict_proba(grid), axis=0).max() < 1e-4 for est in estimators
    )


def test_default_animation_has_no_more_flat_frames_than_mlpclassifier(
    seed_data, tmp_path
):
    # The default `sklearn-losses animate` (its estimator built from the
    # command line's defaults) against MLPClassifier with lbfgs, fitted from
    # scratch for each alpha on the same standardized training part. With
    # alpha as in MLPClassifier (penalty / n_samples) the network collapses
    # at the same strength: the boundary changes over most frames.
    from sklearn_losses.cli import ESTIMATOR_OPTIONS, build_parser
    from sklearn_losses.datasets import load_iris_pair
    from sklearn_losses.path import animate_regularization_path

    args = build_parser().parse_args(["animate"])
    params = {name: getattr(args, name) for name in ESTIMATOR_OPTIONS}
    (params["loss"],) = params["loss"]  # --loss takes losses, one by default
    estimator = LogisticMLPClassifier(hidden_layer_sizes=tuple(args.hidden), **params)
    path = animate_regularization_path(
        *load_iris_pair(return_X_y=True),
        tmp_path / "default.gif",
        estimator=estimator,
        random_state=args.random_state,
        grid_resolution=2,
        progress=False,
    )
    X, y, _, _ = seed_data
    np.testing.assert_array_equal(path.alphas_, SEED_ALPHAS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        reference = [
            MLPClassifier(
                (10,), alpha=alpha, solver="lbfgs", max_iter=1000, random_state=42
            ).fit(X, y)
            for alpha in SEED_ALPHAS
        ]
    ours, theirs = _flat_frames(path.estimators_, X), _flat_frames(reference, X)
    assert ours <= theirs, (ours, theirs)
    assert ours < len(SEED_ALPHAS) / 2


def test_animate_three_classes_with_other_features_at_medians(tmp_path):
    X, y = load_iris(return_X_y=True)
    names = ["sepal length", "sepal width", "petal length", "petal width"]
    frame = pd.DataFrame(X, columns=names)
    seen = []

    class Recording(LogisticMLPClassifier):
        def predict_proba(self, X):
            seen.append(np.asarray(X))
            return super().predict_proba(X)

    estimator = Recording((5,), solver="lbfgs", max_iter=300, random_state=0)
    path = regularization_path(estimator, frame, y, alphas=[0.001, 0.1], progress=False)
    seen.clear()
    target = tmp_path / "iris.gif"
    path.animate(
        frame, y, target, features=("petal length", "petal width"), grid_resolution=30
    )
    frames = gif_frames(target)
    assert frames.shape[0] == 2
    grid = seen[0]
    assert grid.shape == (30 * 30, 4)
    np.testing.assert_array_equal(grid[:, 0], np.median(X[:, 0]))
    np.testing.assert_array_equal(grid[:, 1], np.median(X[:, 1]))
    assert np.unique(grid[:, 2]).size == 30
    # Each class colour (tab10) appears in the picture.
    pixels = frames[0][..., :3].reshape(-1, 3).astype(float)
    for color in ("#1f77b4", "#ff7f0e", "#2ca02c"):
        rgb = 255 * np.array(to_rgb(color))
        assert np.abs(pixels - rgb).max(axis=1).min() < 12, color


def test_animate_with_decision_function_and_predict(seed_data, tmp_path):
    X, y, _, _ = seed_data
    estimator = SGDClassifier(random_state=0)  # hinge: no predict_proba
    path = regularization_path(estimator, X, y, alphas=[1e-3, 1.0], progress=False)
    assert np.isnan(path.train_losses_).all()
    path.animate(X, y, tmp_path / "a.gif", grid_resolution=20)
    path.animate(
        X, y, tmp_path / "b.gif", grid_resolution=20, response_method="predict"
    )
    assert gif_frames(tmp_path / "a.gif").shape[0] == 2
    with pytest.raises(ValueError, match="no predict_proba"):
        path.animate(X, y, tmp_path / "c.gif", response_method="predict_proba")


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"fps": 0}, ValueError, "fps"),
        ({"fps": 1000}, ValueError, "fps"),
        # GIF delays are 16-bit centiseconds; browsers slow delays < 0.02 s
        ({"fps": 0.001}, ValueError, r"fps.*\[0.0016, 50"),
        ({"fps": 51}, ValueError, "fps"),
        ({"fps": np.nan}, ValueError, "fps"),
        ({"grid_resolution": 1}, ValueError, "grid_resolution"),
        ({"grid_resolution": 10.5}, ValueError, "grid_resolution"),
        ({"features": (0, 0)}, ValueError, "different"),
        ({"features": (0, 5)}, ValueError, "out of range"),
        ({"features": (0,)}, ValueError, "pair"),
        ({"features": ("a", "b")}, ValueError, "no column names"),
        ({"response_method": "proba"}, ValueError, "response_method"),
        ({"filename": "out.png"}, ValueError, ".gif"),
        ({"filename": "missing/out.gif"}, FileNotFoundError, "does not exist"),
        ({"filename": "sub/out.gif"}, NotADirectoryError, "sub is a file, not a"),
        ({"y": np.full(70, 7)}, ValueError, "never saw"),
        ({"X": np.zeros((70, 3))}, ValueError, "fitted on 2"),
    ],
)
def test_animate_bad_arguments_leave_nothing(seed_data, tmp_path, kwargs, error, match):
    X, y, _, _ = seed_data
    path = regularization_path(seed_network(), X, y, alphas=[0.1], progress=False)
    args = {"X": X, "y": y, "filename": "out.gif"}
    for key in ("X", "y", "filename"):
        if key in kwargs:
            args[key] = kwargs.pop(key)
    args["filename"] = tmp_path / args["filename"]
    (tmp_path / "sub").write_text("a file")
    with pytest.raises(error, match=match):
        path.animate(args["X"], args["y"], args["filename"], **kwargs)
    assert os.listdir(tmp_path) == ["sub"]


def test_animate_failure_while_writing_removes_the_temporary_file(
    seed_data, tmp_path, monkeypatch
):
    X, y, _, _ = seed_data
    path = regularization_path(seed_network(), X, y, alphas=[0.1], progress=False)

    def full_disk(image, file, *args, **kwargs):
        file.write(b"GIF89a partial")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(PIL.Image.Image, "save", full_disk)
    target = tmp_path / "out.gif"
    # the message names the user's file, not the temporary one
    with pytest.raises(OSError, match=f"cannot write {target}: No space left"):
        path.animate(X, y, target, grid_resolution=10)
    assert os.listdir(tmp_path) == []


def test_animate_replaces_an_existing_file(seed_data, tmp_path):
    X, y, _, _ = seed_data
    target = tmp_path / "out.gif"
    target.write_bytes(b"old")
    path = regularization_path(seed_network(), X, y, alphas=[0.1], progress=False)
    path.animate(X, y, target, grid_resolution=10)
    assert gif_frames(target).shape[0] == 1
    assert os.listdir(tmp_path) == ["out.gif"]


def test_animate_refuses_dataframe_columns_in_another_order(tmp_path):
    X, y = load_iris(return_X_y=True, as_frame=True)
    X = X.iloc[:, :3]
    path = regularization_path(
        LogisticMLPClassifier(hidden_layer_sizes=(), solver="lbfgs"),
        X,
        y,
        alphas=[0.01],
        progress=False,
    )
    shuffled = X[[X.columns[2], X.columns[0], X.columns[1]]]
    assert isinstance(shuffled, pd.DataFrame)
    with pytest.raises(ValueError, match="same order"):
        path.animate(shuffled, y, tmp_path / "x.gif", grid_resolution=10)
    assert list(tmp_path.iterdir()) == []


# -- joblib backends without generators (ray, multiprocessing) ---------------


class _ListOnlyBackend(ThreadingBackend):
    """Threads that, like ray's backend, cannot return a generator."""

    supports_return_generator = False


register_parallel_backend("list_only_threads", _ListOnlyBackend)


@pytest.mark.parametrize("backend", ["list_only_threads", "multiprocessing"])
@pytest.mark.parametrize("n_jobs", [None, 1, 2, -1])
def test_cold_path_works_under_backends_without_generators(seed_data, backend, n_jobs):
    X, y, _, _ = seed_data
    alphas = [1.0, 10.0, 100.0]
    linear = seed_network(hidden_layer_sizes=(), max_iter=2000, tol=1e-8)
    kwargs = dict(alphas=alphas, warm_start=False, progress=False)
    with parallel_config(backend=backend, n_jobs=2):
        path = regularization_path(linear, X, y, n_jobs=n_jobs, **kwargs)
    # each fit is the convex problem of LogisticRegression(C=1/alpha)
    for alpha, coefs in zip(alphas, path.coefs_, strict=True):
        reference = LogisticRegression(C=1 / alpha, tol=1e-10).fit(X, y)
        np.testing.assert_allclose(coefs[0][:, 0], reference.coef_[0], rtol=1e-3)


# -- limits of the GIF, checked before any work ------------------------------


def test_gif_delays_are_whole_centiseconds_at_both_ends(seed_data, tmp_path):
    X, y, _, _ = seed_data
    path = regularization_path(seed_network(), X, y, alphas=[0.1], progress=False)
    # 50 fps: 2 centiseconds, the shortest delay browsers play as given
    path.animate(X, y, tmp_path / "fast.gif", grid_resolution=10, fps=50)
    assert iio.immeta(tmp_path / "fast.gif")["duration"] == 20
    # 0.0016 fps: 625 s, within the 16-bit field (655.35 s at most)
    path.animate(X, y, tmp_path / "slow.gif", grid_resolution=10, fps=0.0016)
    assert iio.immeta(tmp_path / "slow.gif")["duration"] == 625_000
    # 3 fps: 33 centiseconds (Pillow would otherwise truncate 333.3 ms)
    path.animate(X, y, tmp_path / "three.gif", grid_resolution=10, fps=3)
    assert iio.immeta(tmp_path / "three.gif")["duration"] == 330


def _no_fit(*args, **kwargs):
    raise AssertionError("the limits must be checked before any fit")


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"alphas": np.logspace(-3, 3, 1001)}, "at most 1000 frames"),
        ({"n_classes": 21}, "at most 20 classes"),
        ({"n_features": 10, "grid_resolution": 2000}, "grid_resolution <= 1831"),
        ({"fps": 0.001}, "fps"),
    ],
)
def test_animate_workflow_refuses_what_a_gif_cannot_hold(
    tmp_path, monkeypatch, kwargs, match
):
    import sklearn_losses.path._animate as animate_module

    monkeypatch.setattr(animate_module, "regularization_path", _no_fit)
    n_classes = kwargs.pop("n_classes", 2)
    n_features = kwargs.pop("n_features", 2)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, n_features))
    y = np.arange(100) % n_classes
    with pytest.raises(ValueError, match=match):
        animate_regularization_path(X, y, tmp_path / "x.gif", **kwargs)
    assert os.listdir(tmp_path) == []


def test_animate_refuses_more_classes_than_it_draws(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(63, 2))
    y = np.arange(63) % 21
    clf = LogisticMLPClassifier(hidden_layer_sizes=(), solver="lbfgs", max_iter=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        path = regularization_path(clf, X, y, alphas=[1.0], progress=False)
    with pytest.raises(ValueError, match="at most 20 classes"):
        path.animate(X, y, tmp_path / "x.gif", grid_resolution=10)
    assert os.listdir(tmp_path) == []


def test_columns_too_wide_to_standardize_are_named(tmp_path):
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(60, 2)), columns=["small", "huge"])
    X["huge"] *= 1e308 / X["huge"].abs().max()
    y = (X["small"] > 0).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no overflow warning on the way
        with pytest.raises(ValueError, match="Feature 'huge' spans .* too wide"):
            animate_regularization_path(X, y, tmp_path / "x.gif", progress=False)
    assert os.listdir(tmp_path) == []


def test_grid_predictions_in_blocks_equal_one_prediction(
    seed_data, tmp_path, monkeypatch
):
    import sklearn_losses.path._frames as frames

    X, y, _, _ = seed_data
    path = regularization_path(seed_network(), X, y, alphas=[0.1], progress=False)
    path.animate(X, y, tmp_path / "one.gif", grid_resolution=60)
    monkeypatch.setattr(frames, "_GRID_CHUNK", 7)  # 3600 rows in 515 blocks
    path.animate(X, y, tmp_path / "blocks.gif", grid_resolution=60)
    np.testing.assert_array_equal(
        gif_frames(tmp_path / "one.gif"), gif_frames(tmp_path / "blocks.gif")
    )


def test_params_weight_every_fit_as_repeated_rows():
    """Integer sample weights along the path equal repeated rows (convex)."""
    X, y = make_classification(n_samples=80, n_features=4, random_state=0)
    weight = np.random.default_rng(0).integers(1, 4, size=len(y))
    clf = LogisticMLPClassifier((), penalty="l1", tol=1e-10, max_iter=5000)
    weighted = regularization_path(
        clf,
        X,
        y,
        alphas="auto",
        n_alphas=4,
        progress=False,
        params={"sample_weight": weight},
    )
    repeated = regularization_path(
        clf,
        np.repeat(X, weight, axis=0),
        np.repeat(y, weight),
        alphas="auto",
        n_alphas=4,
        progress=False,
    )
    assert weighted.alpha_max_method_ == "exact"
    np.testing.assert_allclose(weighted.alpha_max_, repeated.alpha_max_, rtol=1e-12)
    for a, b in zip(weighted.coefs_, repeated.coefs_, strict=True):
        np.testing.assert_allclose(a[0], b[0], atol=1e-6)


def test_params_reach_a_pipeline_step():
    X, y = make_classification(n_samples=80, n_features=4, random_state=0)
    weight = np.random.default_rng(1).uniform(0.1, 2.0, size=len(y))
    pipe = make_pipeline(StandardScaler(), LogisticMLPClassifier((), tol=1e-10))
    path = regularization_path(
        pipe,
        X,
        y,
        param_name="logisticmlpclassifier__alpha",
        alphas=[0.1, 10.0],
        progress=False,
        params={"logisticmlpclassifier__sample_weight": weight},
    )
    for alpha, fitted in zip([0.1, 10.0], path.estimators_, strict=True):
        reference = clone(pipe).set_params(logisticmlpclassifier__alpha=alpha)
        reference.fit(X, y, logisticmlpclassifier__sample_weight=weight)
        np.testing.assert_allclose(
            fitted.predict_proba(X), reference.predict_proba(X), atol=1e-6
        )


def _path_imports(module_file):
    """The modules of sklearn_losses.path that a module imports, anywhere in it."""
    import ast

    imported = set()
    for node in ast.walk(ast.parse(module_file.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[:2] == ["sklearn_losses", "path"] and len(parts) > 2:
                imported.add(parts[2])
    return imported


def test_path_modules_import_in_layers_without_a_circle():
    # Imports inside functions count: a circle means two modules are one job.
    from pathlib import Path

    import sklearn_losses.path

    folder = Path(sklearn_losses.path.__file__).parent
    graph = {
        file.stem: _path_imports(file) & {f.stem for f in folder.glob("_*.py")}
        for file in folder.glob("_*.py")
        if file.stem != "__init__"
    }
    # Peel off the modules that import nothing left; a circle never peels.
    while graph:
        lowest = {name for name, uses in graph.items() if not uses & graph.keys()}
        assert lowest, f"import circle among {sorted(graph)}"
        graph = {name: uses for name, uses in graph.items() if name not in lowest}
    # What a frame says needs the fitted estimators, never the fitting.
    assert "_fit" not in _path_imports(folder / "_text.py")
