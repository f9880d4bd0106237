"""LogisticMLPClassifier against independent references (scikit-learn's
LogisticRegression and MLPClassifier, closed forms, the seed notebook)."""

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.datasets import load_breast_cancer, load_iris, make_classification
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.class_weight import compute_class_weight

from sklearn_losses import LogisticMLPClassifier
from sklearn_losses._network import Network
from sklearn_losses.losses import LogLoss
from sklearn_losses.penalties import ElasticNet
from sklearn_losses.solvers._split import validation_split

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture(scope="module")
def cancer():
    X, y = load_breast_cancer(return_X_y=True)
    return StandardScaler().fit_transform(X), y


@pytest.fixture(scope="module")
def iris():
    X, y = load_iris(return_X_y=True)
    return StandardScaler().fit_transform(X), y


@pytest.fixture(scope="module")
def small():
    return make_classification(
        n_samples=120, n_features=6, n_informative=4, n_classes=3, random_state=0
    )


# ----------------------------------------------------------------- oracles
@pytest.mark.parametrize("data", ["cancer", "iris"])
def test_no_hidden_layer_l2_lbfgs_equals_logistic_regression(data, request):
    X, y = request.getfixturevalue(data)
    alpha = 5.0  # alpha = 1 / C
    clf = LogisticMLPClassifier(
        hidden_layer_sizes=(), solver="lbfgs", alpha=alpha, tol=1e-10, max_iter=5000
    ).fit(X, y)
    ref = LogisticRegression(C=1 / alpha, tol=1e-10, max_iter=10_000)
    ref.fit(X, y)
    np.testing.assert_allclose(clf.predict_proba(X), ref.predict_proba(X), atol=1e-4)


@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_no_hidden_layer_l1_reaches_the_saga_objective(l1_ratio, cancer):
    X, y = cancer
    alpha = 5.0  # alpha = 1 / C

    def objective(proba, coef):  # evaluated the same way for both models
        penalty = l1_ratio * np.abs(coef).sum() + (1 - l1_ratio) / 2 * (coef**2).sum()
        return log_loss(y, proba) + alpha / len(y) * penalty

    ref = LogisticRegression(
        l1_ratio=l1_ratio,
        solver="saga",
        C=1 / alpha,
        tol=1e-8,
        max_iter=100_000,
    ).fit(X, y)
    clf = LogisticMLPClassifier(
        hidden_layer_sizes=(),
        penalty="l1" if l1_ratio == 1 else "elasticnet",
        l1_ratio=l1_ratio,
        solver="lbfgs",
        alpha=alpha,
        tol=1e-10,
        max_iter=5000,
    ).fit(X, y)
    ours = objective(clf.predict_proba(X), clf.coefs_[0])
    theirs = objective(ref.predict_proba(X), ref.coef_)
    assert abs(ours - theirs) < 1e-3
    assert clf.loss_ == pytest.approx(ours, abs=1e-8)
    assert np.sum(clf.coefs_[0] == 0) > 5  # exact zeros, like saga's


def test_lbfgs_l1_on_unscaled_data_reaches_the_tight_tol_objective():
    # L-BFGS-B on the split u - v once ended this fit without a warning at
    # 0.33 (a small relative decrease, far from the optimum of about 0.154)
    X, y = load_iris(return_X_y=True)
    kw = dict(solver="lbfgs", penalty="l1", alpha=1.5, random_state=4)
    default = LogisticMLPClassifier((10,), max_iter=1000, **kw).fit(X, y)
    tight = LogisticMLPClassifier((10,), max_iter=1000, tol=1e-8, **kw).fit(X, y)
    assert default.loss_ < tight.loss_ + 1e-3


def test_lbfgs_l1_loss_is_the_objective_of_the_returned_weights():
    # at a max_iter stop u and v can both be positive: loss_ must use |u - v|
    X, y = load_iris(return_X_y=True)
    alpha = 1.5
    with pytest.warns(ConvergenceWarning):
        clf = LogisticMLPClassifier(
            (10,), solver="lbfgs", penalty="l1", alpha=alpha, random_state=4
        ).fit(X, y)
    penalty = sum(np.abs(c).sum() for c in clf.coefs_)
    expected = log_loss(y, clf.predict_proba(X)) + alpha / len(y) * penalty
    assert clf.loss_ == pytest.approx(expected, abs=1e-10)
    assert clf.loss_curve_[-1] == clf.loss_


def test_same_alpha_as_mlpclassifier_lbfgs(cancer):
    # MLPClassifier(alpha=a) penalises a / (2 n) |W|^2, and so does ours
    X, y = cancer
    a = 0.1
    kw = dict(activation="tanh", solver="lbfgs", tol=1e-10, max_iter=3000)
    ref = MLPClassifier((10,), alpha=a, random_state=0, **kw).fit(X, y)
    clf = LogisticMLPClassifier((10,), alpha=a, random_state=0, **kw)
    clf.fit(X, y)
    np.testing.assert_allclose(clf.predict_proba(X), ref.predict_proba(X), atol=1e-3)


# ------------------------------------------------------------ penalties
@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_l1_gives_exact_zeros_l2_none_elasticnet_between(solver, cancer):
    X, y = cancer
    kw = dict(
        hidden_layer_sizes=(8,),
        solver=solver,
        alpha=10.0,  # 569 samples: a penalty factor alpha / n of 0.018
        max_iter=300,
        learning_rate_init=1e-2,
        random_state=0,
    )
    zeros = {}
    for penalty in ["l1", "elasticnet", "l2"]:
        clf = LogisticMLPClassifier(penalty=penalty, l1_ratio=0.5, **kw).fit(X, y)
        weights = np.concatenate([c.ravel() for c in clf.coefs_])
        zeros[penalty] = np.mean(weights == 0)
        assert clf.score(X, y) > 0.9
        # intercepts are never penalised
        assert np.all(clf.intercepts_[0] != 0)
    assert zeros["l2"] == 0
    assert zeros["l1"] > zeros["elasticnet"] > 0


def test_penalty_object_and_none(small):
    X, y = small
    kw = dict(
        hidden_layer_sizes=(), solver="lbfgs", tol=1e-10, max_iter=2000, random_state=0
    )
    by_name = LogisticMLPClassifier(
        penalty="elasticnet", l1_ratio=0.4, alpha=0.05, **kw
    )
    by_object = LogisticMLPClassifier(penalty=ElasticNet(0.4), alpha=0.05, **kw)
    np.testing.assert_allclose(
        by_name.fit(X, y).predict_proba(X), by_object.fit(X, y).predict_proba(X)
    )
    none = LogisticMLPClassifier(penalty=None, alpha=10.0, **kw).fit(X, y)
    zero_alpha = LogisticMLPClassifier(penalty="l2", alpha=0.0, **kw).fit(X, y)
    np.testing.assert_allclose(none.predict_proba(X), zero_alpha.predict_proba(X))


# ---------------------------------------------------- the seed notebook
def _titanic(path):
    data = pd.read_csv(path)
    data = data[["Pclass", "Sex", "Age", "Fare", "Survived"]].dropna()
    data["Sex"] = data["Sex"].map({"male": 0, "female": 1})
    X = StandardScaler().fit_transform(data[["Pclass", "Sex", "Age", "Fare"]].values)
    return train_test_split(X, data["Survived"].values, test_size=0.2, random_state=42)


@pytest.mark.slow
@pytest.mark.parametrize(
    "loss", ["log_loss", "squared_error", "absolute_error", "kl_divergence"]
)
def test_titanic_seed_run_reaches_the_notebook_accuracy(loss, titanic_csv):
    X_train, X_val, y_train, y_val = _titanic(titanic_csv)
    accuracies = []
    for seed in range(3):
        clf = LogisticMLPClassifier(
            (64, 64),
            loss=loss,
            solver="adam",
            learning_rate_init=1e-3,
            batch_size=32,
            max_iter=20,
            alpha=0.0,
            random_state=seed,
        ).fit(X_train, y_train)
        accuracies.append(clf.score(X_val, y_val))
    assert np.mean(accuracies) >= 0.73


# ------------------------------------------------ estimator behaviour
@pytest.mark.parametrize("solver", ["adam", "sgd", "lbfgs"])
def test_same_random_state_gives_identical_weights(solver, small):
    X, y = small
    fits = [
        LogisticMLPClassifier((5,), solver=solver, max_iter=20, random_state=3).fit(
            X, y
        )
        for _ in range(2)
    ]
    for a, b in zip(
        fits[0].coefs_ + fits[0].intercepts_,
        fits[1].coefs_ + fits[1].intercepts_,
        strict=True,
    ):
        np.testing.assert_array_equal(a, b)
    other = LogisticMLPClassifier((5,), solver=solver, max_iter=20, random_state=4)
    assert not np.array_equal(other.fit(X, y).coefs_[0], fits[0].coefs_[0])


def test_pickle_round_trip_predicts_identically(small):
    X, y = small
    clf = LogisticMLPClassifier((6,), loss="focal", max_iter=30, random_state=0).fit(
        X, y
    )
    restored = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(restored.predict_proba(X), clf.predict_proba(X))
    np.testing.assert_array_equal(restored.predict(X), clf.predict(X))


def test_grid_search_over_alpha_in_a_pipeline(small):
    X, y = small
    pipe = make_pipeline(
        StandardScaler(),
        LogisticMLPClassifier((), solver="lbfgs", max_iter=200),
    )
    search = GridSearchCV(
        pipe, {"logisticmlpclassifier__alpha": [1e-2, 1.0, 100.0]}, cv=3
    ).fit(X, y)
    # the grid's alpha reaches the estimator: each alpha scores differently
    scores = search.cv_results_["mean_test_score"]
    assert len(np.unique(scores)) == 3, scores
    assert search.best_score_ > 0.5  # chance is 1/3
    # components take part in nested parameter search
    clf = LogisticMLPClassifier(loss=LogLoss())
    assert "loss__" not in str(clf.get_params())  # LogLoss has no parameters
    clf = LogisticMLPClassifier(penalty=ElasticNet(0.5))
    assert clf.get_params()["penalty__l1_ratio"] == 0.5


def test_predict_proba_stays_inside_the_open_interval_on_saturating_input(small):
    X, y = small
    for target in (y, (y > 0).astype(int)):
        clf = LogisticMLPClassifier((), solver="lbfgs", max_iter=50).fit(X, target)
        X_big = np.vstack([X * 1e6, -X * 1e6, np.full((1, X.shape[1]), 1e300)])
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            proba = clf.predict_proba(X_big)
        assert np.all(proba > 0) and np.all(proba < 1)
        np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=0, atol=1e-15)
        assert np.all(np.isfinite(clf.predict_log_proba(X_big)))
    binary = clf.predict_proba(X_big)
    assert np.all(binary.sum(axis=1) == 1.0)  # exact for two classes


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_dtype_is_kept(dtype, solver, small):
    X, y = small
    clf = LogisticMLPClassifier((4,), solver=solver, max_iter=10, random_state=0)
    clf.fit(X.astype(dtype), y)
    assert all(c.dtype == dtype for c in clf.coefs_ + clf.intercepts_)
    assert clf.predict_proba(X.astype(dtype)).dtype == dtype


def test_sparse_csr_matches_dense(small):
    X, y = small
    X = np.where(np.abs(X) < 0.5, 0.0, X)
    kw = dict(hidden_layer_sizes=(4,), max_iter=15, random_state=0)
    dense = LogisticMLPClassifier(**kw).fit(X, y)
    sparse = LogisticMLPClassifier(**kw).fit(sp.csr_matrix(X), y)
    np.testing.assert_allclose(
        sparse.predict_proba(sp.csr_matrix(X)), dense.predict_proba(X), rtol=1e-10
    )


def test_pandas_feature_names_and_string_labels(small):
    X, y = small
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    labels = np.array(["cat", "dog", "emu"])[y]
    clf = LogisticMLPClassifier((), solver="lbfgs", max_iter=100).fit(frame, labels)
    assert list(clf.feature_names_in_) == list(frame.columns)
    assert list(clf.classes_) == ["cat", "dog", "emu"]
    assert set(clf.predict(frame)) <= {"cat", "dog", "emu"}
    assert clf.decision_function(frame).shape == (len(y), 3)
    binary = clf.fit(frame, labels == "cat")
    assert binary.decision_function(frame).shape == (len(y),)
    # two classes: one logit, the positive class's
    assert binary.coefs_[-1].shape == (X.shape[1], 1)


def test_class_weight_equals_sample_weight(small):
    X, y = small
    kw = dict(
        hidden_layer_sizes=(), solver="lbfgs", tol=1e-10, max_iter=2000, random_state=0
    )
    weighted = LogisticMLPClassifier(class_weight={0: 3.0, 2: 0.5}, **kw).fit(X, y)
    sw = np.select([y == 0, y == 2], [3.0, 0.5], 1.0)
    reference = LogisticMLPClassifier(**kw).fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(
        weighted.predict_proba(X), reference.predict_proba(X), atol=1e-6
    )
    balanced = LogisticMLPClassifier(class_weight="balanced", **kw)
    counts = np.bincount(y[:90])
    reference_sw = (90 / (3 * counts))[y[:90]]
    np.testing.assert_allclose(
        balanced.fit(X[:90], y[:90]).predict_proba(X),
        LogisticMLPClassifier(**kw).fit(X[:90], y[:90], reference_sw).predict_proba(X),
        atol=1e-6,
    )


def test_balanced_class_weight_counts_classes_by_sample_weight(small):
    # the reference: scikit-learn's compute_class_weight with sample_weight
    X, y = small
    sw = np.random.RandomState(0).uniform(0.2, 3.0, size=len(y))
    cw = compute_class_weight("balanced", classes=np.unique(y), y=y, sample_weight=sw)
    kw = dict(hidden_layer_sizes=(), solver="lbfgs", tol=1e-10, max_iter=2000)
    balanced = LogisticMLPClassifier(class_weight="balanced", **kw).fit(X, y, sw)
    reference = LogisticMLPClassifier(**kw).fit(X, y, sample_weight=sw * cw[y])
    np.testing.assert_allclose(
        balanced.predict_proba(X), reference.predict_proba(X), atol=1e-6
    )
    # and the same balanced model as LogisticRegression's (alpha = 1 / C)
    ref = LogisticRegression(C=1.0, class_weight="balanced", tol=1e-10)
    ref.fit(X, y, sample_weight=sw)
    balanced.set_params(alpha=1.0).fit(X, y, sw)
    np.testing.assert_allclose(
        balanced.predict_proba(X), ref.predict_proba(X), atol=1e-4
    )


def test_warm_start_resets_counters_and_partial_fit_continues(small):
    X, y = small
    clf = LogisticMLPClassifier((6,), max_iter=5, random_state=0, warm_start=True)
    clf.fit(X, y)
    first_curve = list(clf.loss_curve_)
    clf.fit(X, y)
    assert clf.n_iter_ == 5 and len(clf.loss_curve_) == 5
    # it continued from the previous weights: the new curve starts lower
    assert clf.loss_curve_[0] < first_curve[0]
    # after the first epoch sets best_loss_, no epoch improves by tol=10: a fit
    # stops after 1 + (n_iter_no_change + 1) epochs of its own, whatever the
    # previous fit's counters were
    clf.set_params(max_iter=50, tol=10.0, n_iter_no_change=2)
    clf.fit(X, y)
    assert clf.n_iter_ == 4
    clf.fit(X, y)
    assert clf.n_iter_ == 4

    part = LogisticMLPClassifier((6,), random_state=0)
    part.partial_fit(X, y, classes=np.unique(y))
    part.partial_fit(X, y)
    assert part.n_iter_ == 2 and part.t_ == 2 * len(y)
    assert len(part.loss_curve_) == 2
    assert not hasattr(LogisticMLPClassifier(solver="lbfgs"), "partial_fit")
    with pytest.raises(ValueError, match="classes must be passed"):
        LogisticMLPClassifier().partial_fit(X, y)


def test_partial_fit_epochs_equal_fit_epochs(small):
    X, y = small
    kw = dict(hidden_layer_sizes=(5,), random_state=0, shuffle=False)
    fitted = LogisticMLPClassifier(max_iter=3, **kw).fit(X, y)
    part = LogisticMLPClassifier(**kw)
    for _ in range(3):
        part.partial_fit(X, y, classes=np.unique(y))
    np.testing.assert_allclose(part.coefs_[0], fitted.coefs_[0], rtol=1e-12)


def test_early_stopping_records_curves_and_restores_the_best_weights(small):
    X, y = small
    clf = LogisticMLPClassifier(
        (8,),
        early_stopping=True,
        validation_fraction=0.25,
        learning_rate_init=0.05,
        max_iter=200,
        n_iter_no_change=5,
        random_state=0,
    ).fit(X, y)
    n = clf.n_iter_
    assert len(clf.loss_curve_) == len(clf.validation_loss_curve_) == n
    assert len(clf.validation_scores_) == n
    assert clf.best_validation_loss_ == min(clf.validation_loss_curve_)
    # rebuild the held-out split: the same generator draws the initial weights first
    rng = np.random.RandomState(0)
    Network([X.shape[1], 8, 3], "relu").initialize(rng)
    _, (X_val, y_val, _) = validation_split(X, y, None, 0.25, rng)
    assert np.bincount(y_val).tolist() == [10, 10, 10]  # stratified
    assert log_loss(y_val, clf.predict_proba(X_val)) == pytest.approx(
        clf.best_validation_loss_, rel=1e-9
    )
    plain = LogisticMLPClassifier((8,), max_iter=5).fit(X, y)
    assert plain.validation_loss_curve_ is None and plain.validation_scores_ is None
    # lbfgs is full batch and ignores early_stopping, as MLPClassifier does
    lbfgs = LogisticMLPClassifier((8,), solver="lbfgs", early_stopping=True)
    assert lbfgs.fit(X, y).validation_loss_curve_ is None


def test_verbose_prints_one_line_per_epoch(small, capsys):
    X, y = small
    LogisticMLPClassifier((4,), max_iter=3, verbose=True, early_stopping=True).fit(X, y)
    lines = [
        line for line in capsys.readouterr().out.splitlines() if "Iteration" in line
    ]
    assert len(lines) == 3
    assert "validation loss" in lines[0] and "time" in lines[0]


def test_fit_limits_blas_threads_for_small_products(small):
    from threadpoolctl import threadpool_info

    from sklearn_losses._threads import limit_threads

    X, y = small
    with limit_threads(1, [1, 1]):
        blas = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
        if max(blas, default=1) != 1:
            # threadpoolctl lets one live thread change OpenBLAS's limits
            pytest.skip("another thread of this process controls OpenBLAS's limits")
    seen = []

    class Recording(LogLoss):
        def loss_gradient(self, y_true, raw_prediction):
            blas = [
                i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"
            ]
            seen.append(max(blas))
            return super().loss_gradient(y_true, raw_prediction)

    LogisticMLPClassifier((8,), loss=Recording(), max_iter=2).fit(X, y)
    assert seen and set(seen) == {1}


def test_convergence_warning_at_max_iter(small):
    X, y = small
    with pytest.warns(ConvergenceWarning, match="maximum iterations"):
        LogisticMLPClassifier((4,), max_iter=2).fit(X, y)
    with pytest.warns(ConvergenceWarning, match="lbfgs"):
        LogisticMLPClassifier((4,), solver="lbfgs", max_iter=2).fit(X, y)


# ------------------------------------------------------------ bad input
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_X_is_rejected(bad, small):
    X, y = small
    X = X.copy()
    X[0, 0] = bad
    with pytest.raises(ValueError, match="NaN|infinity"):
        LogisticMLPClassifier().fit(X, y)


def test_single_class_is_fitted_and_predicted_as_by_mlpclassifier(small):
    # MLPClassifier fits y of one class and predicts it (test_multilabel.py
    # compares more)
    X, _ = small
    model = LogisticMLPClassifier((), max_iter=5).fit(X, np.full(len(X), 3))
    np.testing.assert_array_equal(model.predict(X), np.full(len(X), 3))
    np.testing.assert_array_equal(model.predict_proba(X), np.ones((len(X), 1)))


@pytest.mark.parametrize(
    "params, match",
    [
        ({"loss": "hinge"}, "log_loss"),
        ({"penalty": "l3"}, "elasticnet"),
        ({"alpha": -1.0}, "alpha"),
        ({"l1_ratio": 1.5}, "l1_ratio"),
        ({"l1_ratio": -0.1}, "l1_ratio"),
        ({"solver": "newton"}, "lbfgs"),
        ({"solver": "newton"}, "auto"),
        ({"n_iter_no_change": 0}, "n_iter_no_change"),
        ({"n_iter_no_change": 2.5}, "inf"),
        ({"max_fun": 0}, "max_fun"),
        ({"activation": "softmax"}, "relu"),
        ({"hidden_layer_sizes": (4, 0)}, "positive"),
        ({"batch_size": 0}, "batch_size"),
        ({"class_weight": "auto"}, "balanced"),
        ({"validation_fraction": 1.0}, "validation_fraction"),
    ],
)
def test_bad_parameters_name_the_valid_values(params, match, small):
    X, y = small
    with pytest.raises(ValueError, match=match):
        LogisticMLPClassifier(**params).fit(X, y)


def test_loss_that_cannot_serve_the_problem_names_what_works(small):
    X, y = small

    class BinaryOnly(LogLoss):
        target_types = frozenset({"binary"})

    with pytest.raises(ValueError, match="multiclass.*log_loss"):
        LogisticMLPClassifier(loss=BinaryOnly()).fit(X, y)


def test_loss_below_its_lower_bound_stops_training(small):
    # the seed notebook's trap: a negative log-likelihood fed raw (ReLU-like)
    # outputs instead of log-probabilities is unbounded below
    X, y = small

    class RawNLL(LogLoss):
        def loss_gradient(self, y_true, raw_prediction):
            n = raw_prediction.shape[0]
            loss = -raw_prediction[np.arange(n), y_true.astype(int)]
            grad = np.zeros_like(raw_prediction)
            grad[np.arange(n), y_true.astype(int)] = -1.0
            return loss, grad

    with pytest.raises(ValueError, match="lower bound"):
        LogisticMLPClassifier(
            (4,), loss=RawNLL(), learning_rate_init=0.05, max_iter=200, random_state=0
        ).fit(X, y)


def test_non_finite_loss_at_finite_output_stops_training_naming_the_loss(small):
    # inf at a finite raw output is the loss's fault, not the step size's
    X, y = small

    class Overflowing(LogLoss):
        def loss_gradient(self, y_true, raw_prediction):
            loss, grad = super().loss_gradient(y_true, raw_prediction)
            return np.full_like(loss, np.inf), grad

    for solver in ["adam", "lbfgs"]:
        with pytest.raises(ValueError, match=r"Overflowing\(\).*pointwise loss is inf"):
            LogisticMLPClassifier((4,), loss=Overflowing(), solver=solver).fit(X, y)


def test_unfitted_and_feature_mismatch(small):
    X, y = small
    with pytest.raises(NotFittedError):
        LogisticMLPClassifier().predict(X)
    clf = LogisticMLPClassifier((), solver="lbfgs").fit(X, y)
    with pytest.raises(ValueError, match="features"):
        clf.predict(X[:, :3])


# ------------------------------------------- MLPClassifier's parameters
def test_auto_solver_is_lbfgs_without_hidden_layer_and_adam_otherwise(small):
    X, y = small
    kw = dict(tol=1e-10, max_iter=500, random_state=0)
    auto = LogisticMLPClassifier((), **kw).fit(X, y)
    lbfgs = LogisticMLPClassifier((), solver="lbfgs", **kw)
    assert auto.solver == "auto" and auto.solver_ == "lbfgs"
    np.testing.assert_array_equal(auto.coefs_[0], lbfgs.fit(X, y).coefs_[0])
    hidden = LogisticMLPClassifier((4,), max_iter=3).fit(X, y)
    assert hidden.solver_ == "adam"
    # partial_fit with "auto" runs adam, even without a hidden layer
    part = LogisticMLPClassifier(()).partial_fit(X, y, classes=np.unique(y))
    assert part.solver_ == "adam" and part.n_iter_ == 1


def test_n_iter_no_change_inf_never_stops_early(small):
    # as MLPClassifier: no epoch improves by tol=10, yet all max_iter run
    X, y = small
    kw = dict(hidden_layer_sizes=(4,), max_iter=7, tol=10.0, random_state=0)
    ref = MLPClassifier(n_iter_no_change=np.inf, **kw).fit(X, y)
    ours = LogisticMLPClassifier(n_iter_no_change=np.inf, **kw).fit(X, y)
    assert ours.n_iter_ == ref.n_iter_ == 7
    stopped = LogisticMLPClassifier(n_iter_no_change=2, **kw).fit(X, y)
    assert stopped.n_iter_ == 4


def test_max_fun_limits_lbfgs_evaluations_with_a_warning(small):
    # MLPClassifier's test_lbfgs_classification_maxfun, on our estimator
    X, y = small
    clf = LogisticMLPClassifier((20,), solver="lbfgs", max_iter=150, max_fun=10)
    with pytest.warns(ConvergenceWarning, match="max_fun"):
        clf.fit(X, y)
    assert 1 <= clf.n_iter_ <= 10


@pytest.mark.parametrize(
    "n_samples, n_classes, fraction",
    [(20, 3, 0.1), (20, 2, 0.1), (12, 4, 0.2), (30, 5, 0.1), (40, 3, 0.5)],
)
def test_early_stopping_fits_wherever_mlpclassifier_fits(
    n_samples, n_classes, fraction
):
    X, y = make_classification(
        n_samples=n_samples,
        n_features=4,
        n_informative=3,
        n_redundant=0,
        n_classes=n_classes,
        n_clusters_per_class=1,
        random_state=0,
    )
    kw = dict(
        hidden_layer_sizes=(3,),
        early_stopping=True,
        validation_fraction=fraction,
        max_iter=5,
        random_state=0,
    )
    MLPClassifier(**kw).fit(X, y)  # the reference fits
    clf = LogisticMLPClassifier(**kw).fit(X, y)
    assert len(clf.validation_loss_curve_) == clf.n_iter_
    # a class with one member cannot be stratified: the split is plain random
    y = y.copy()
    y[0] = n_classes
    LogisticMLPClassifier(**kw).fit(X, y)


def test_early_stopping_trains_on_the_training_part_penalty_scale(small):
    # S is the training part's weight: the reported objective of the final
    # weights on the training rows uses alpha / n_train
    X, y = small
    alpha = 3.0
    clf = LogisticMLPClassifier(
        (),
        solver="sgd",
        alpha=alpha,
        early_stopping=True,
        validation_fraction=0.25,
        batch_size=len(y),  # one batch: the epoch loss is the objective
        learning_rate_init=1e-6,  # the weights barely move in one epoch
        momentum=0.0,
        max_iter=1,
        random_state=0,
    )
    rng = np.random.RandomState(0)
    Network([X.shape[1], 3], "relu").initialize(rng)
    (X_train, y_train, _), _ = validation_split(X, y, None, 0.25, rng)
    clf.fit(X, y)
    expected = log_loss(y_train, clf.predict_proba(X_train)) + alpha / len(
        y_train
    ) / 2 * np.sum(clf.coefs_[0] ** 2)
    assert len(y_train) == 90
    assert clf.loss_ == pytest.approx(expected, rel=1e-4)


def test_warm_start_with_other_classes_is_refused_in_mlpclassifier_words(small):
    X, y = small
    clf = LogisticMLPClassifier((), warm_start=True, max_iter=20).fit(X, y)
    with pytest.raises(ValueError, match=r"Previously got \[0 1 2\], `y` has \[0 1\]"):
        clf.fit(X, np.minimum(y, 1))


def test_dtype_float32_trains_as_float32_data():
    """``dtype=np.float32`` on float64 data is the fit on float32 data."""
    X, y = make_classification(n_samples=300, n_features=8, random_state=0)
    params = dict(hidden_layer_sizes=(16,), max_iter=30, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        opted = LogisticMLPClassifier(**params, dtype=np.float32).fit(X, y)
        converted = LogisticMLPClassifier(**params).fit(X.astype(np.float32), y)
        double = LogisticMLPClassifier(**params).fit(X, y)
    assert opted.coefs_[0].dtype == np.float32
    np.testing.assert_array_equal(opted.coefs_[0], converted.coefs_[0])
    assert opted.predict_proba(X).dtype == np.float32
    np.testing.assert_allclose(
        opted.predict_proba(X), double.predict_proba(X), atol=1e-4
    )
    # float64 stays the default, float32 data keeps float32
    assert double.coefs_[0].dtype == np.float64
    forced = LogisticMLPClassifier((), dtype=np.float64).fit(X.astype(np.float32), y)
    assert forced.coefs_[0].dtype == np.float64


def test_dtype_float32_refuses_values_beyond_float32():
    X, y = make_classification(
        n_samples=40, n_features=3, n_informative=2, n_redundant=0, random_state=0
    )
    X[0, 0] = 1e39
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the error alone, no numpy warning
        with pytest.raises(ValueError, match="float32"):
            LogisticMLPClassifier((), dtype=np.float32).fit(X, y)
    with pytest.raises(ValueError, match="dtype"):
        LogisticMLPClassifier((), dtype="float16").fit(X, y)


# ------------------------------------------------- starts that do not fit
def test_warm_start_after_changing_hidden_layer_sizes_is_refused(small):
    """Issue: the changed network was silently re-initialised."""
    X, y = small
    clf = LogisticMLPClassifier((6,), max_iter=5, random_state=0, warm_start=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    before = [c.copy() for c in clf.coefs_]
    clf.set_params(hidden_layer_sizes=(8,))
    with pytest.raises(ValueError, match=r"warm_start=True.*hidden_layer_sizes=\(8,\)"):
        clf.fit(X, y)
    # the refused fit left the previous model
    assert [c.shape for c in clf.coefs_] == [(6, 6), (6, 3)]
    np.testing.assert_array_equal(clf.coefs_[0], before[0])
    with pytest.raises(ValueError, match=r"X has 5 features.*warm_start=True.*take 6"):
        clf.set_params(hidden_layer_sizes=(6,)).fit(X[:, :5], y)
    assert clf.n_features_in_ == 6


def test_partial_fit_after_changing_hidden_layer_sizes_is_refused(small):
    X, y = small
    clf = LogisticMLPClassifier((6,), random_state=0)
    clf.partial_fit(X, y, classes=[0, 1, 2])
    clf.set_params(hidden_layer_sizes=(8,))
    with pytest.raises(ValueError, match=r"partial_fit.*hidden_layer_sizes=\(8,\)"):
        clf.partial_fit(X, y)
    assert [c.shape for c in clf.coefs_] == [(6, 6), (6, 3)]


@pytest.mark.parametrize("set_classes", [False, True])
def test_partial_fit_starts_from_weights_set_by_hand(small, set_classes):
    """Another model's weights (here LogisticRegression's) are the start.

    Issue: partial_fit after setting coefs_ and intercepts_ failed (no
    ``_rng``, or classes taken for a previous fit's). With a step of 1e-12
    the epoch's objective is the start's: LogisticRegression's log loss.
    """
    X, y = small
    reference = LogisticRegression(C=1e6, max_iter=5000).fit(X, y)
    clf = LogisticMLPClassifier((), alpha=0.0, learning_rate_init=1e-12)
    clf.coefs_, clf.intercepts_ = [reference.coef_.T.copy()], [reference.intercept_]
    classes = None
    if set_classes:
        clf.classes_ = reference.classes_
    else:
        classes = [0, 1, 2]
    clf.partial_fit(X, y, classes=classes)
    expected = log_loss(y, reference.predict_proba(X))
    assert clf.loss_curve_[0] == pytest.approx(expected, rel=1e-9)
    np.testing.assert_allclose(
        clf.predict_proba(X), reference.predict_proba(X), rtol=1e-7, atol=1e-12
    )
    # weights of other shapes are refused by what they are
    other = LogisticMLPClassifier((4,))
    other.coefs_, other.intercepts_ = [reference.coef_.T], [reference.intercept_]
    with pytest.raises(ValueError, match=r"coefs_ and intercepts_, of shapes"):
        other.partial_fit(X, y, classes=[0, 1, 2])
    assert not hasattr(other, "n_iter_")
    other.coefs_ = []
    with pytest.raises(ValueError, match=r"of shapes \[\] and"):
        other.partial_fit(X, y, classes=[0, 1, 2])
