"""LogisticMLPClassifierCV against GridSearchCV and LogisticRegressionCV.

The references are scikit-learn's own searches over the same folds: every
fit there is from scratch, here each fold fits one warm-started path, so
where the problem is convex (no hidden layer) both reach the same optima.
"""

import pickle

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import load_breast_cancer, load_iris, make_classification
from sklearn.linear_model import LogisticRegressionCV
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_losses import LogisticMLPClassifier, LogisticMLPClassifierCV
from sklearn_losses.metrics import SCORERS, get_scorer

# few iterations on purpose where the test is about the search, not the fits
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture(scope="module")
def cancer():
    X, y = load_breast_cancer(return_X_y=True)
    return StandardScaler().fit_transform(X), y


# a tight tolerance: warm and cold L-BFGS then agree to ~1e-7 in the weights
_EXACT = dict(hidden_layer_sizes=(), tol=1e-10, max_iter=5000)


def _grid_search(X, y, alphas, cv, scoring, **params):
    grid = GridSearchCV(
        LogisticMLPClassifier(**params),
        {"alpha": list(alphas)},
        cv=cv,
        scoring=get_scorer(scoring) if scoring else None,
    )
    return grid.fit(X, y)


# every scorer of the package: calibration errors, Brier score, log loss
@pytest.mark.parametrize("scoring", sorted(SCORERS))
def test_scores_equal_grid_search_without_hidden_layer(cancer, scoring):
    X, y = cancer
    alphas = [0.01, 0.3, 10.0, 300.0]
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    ours = LogisticMLPClassifierCV(alphas=alphas, cv=cv, scoring=scoring, **_EXACT)
    ours.fit(X, y)
    grid = _grid_search(X, y, alphas, cv, scoring, **_EXACT)
    for k in range(3):
        assert_allclose(
            ours.scores_[k], grid.cv_results_[f"split{k}_test_score"], atol=1e-6
        )
    assert ours.alpha_ == grid.best_params_["alpha"]
    assert_array_equal(
        ours.cv_results_["rank_test_score"], grid.cv_results_["rank_test_score"]
    )
    assert_allclose(ours.best_score_, grid.best_score_, atol=1e-6)


# scikit-learn 1.9 announces changes of LogisticRegressionCV's defaults
@pytest.mark.filterwarnings("ignore::FutureWarning:sklearn")
def test_scores_equal_logistic_regression_cv(cancer):
    """No hidden layer and L2: ``alpha = 1 / C`` of LogisticRegressionCV."""
    X, y = cancer
    Cs = np.array([1e-3, 1e-2, 1e-1, 1.0, 10.0])
    cv = StratifiedKFold(4, shuffle=True, random_state=1)
    reference = LogisticRegressionCV(
        Cs=Cs, cv=cv, scoring="neg_log_loss", tol=1e-10, max_iter=10_000
    ).fit(X, y)
    ours = LogisticMLPClassifierCV(
        alphas=1 / Cs, cv=cv, scoring="neg_log_loss", **_EXACT
    )
    ours.fit(X, y)
    # ours in increasing alpha = decreasing C
    assert_allclose(ours.scores_[:, ::-1], reference.scores_[1], atol=1e-5)
    assert_allclose(ours.alpha_, 1 / reference.C_[0])
    assert_allclose(ours.coefs_[0][:, 0], reference.coef_[0], rtol=1e-4, atol=1e-5)


def test_multiclass_with_hidden_layer_equals_grid_search_same_seed():
    """Fits along a path differ from cold fits with hidden layers; on this
    easy problem both searches still score every alpha alike."""
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    params = dict(hidden_layer_sizes=(6,), solver="lbfgs", random_state=0)
    alphas = [1e-3, 1.0, 30.0]
    ours = LogisticMLPClassifierCV(alphas=alphas, cv=3, **params).fit(X, y)
    grid = _grid_search(X, y, alphas, 3, None, **params)
    assert_allclose(
        ours.cv_results_["mean_test_score"][:2],
        grid.cv_results_["mean_test_score"][:2],
        atol=0.02,
    )
    assert ours.classes_.tolist() == [0, 1, 2]
    assert ours.predict_proba(X).shape == (150, 3)


def test_int_alphas_are_logistic_regression_cv_range():
    X, y = make_classification(60, 4, random_state=0)
    ours = LogisticMLPClassifierCV((), alphas=5, cv=2).fit(X, y)
    assert_allclose(ours.alphas_, [1e-4, 1e-2, 1.0, 1e2, 1e4])
    assert_allclose(ours.cv_results_["param_alpha"], ours.alphas_)
    assert ours.cv_results_["params"][2] == {"alpha": 1.0}


def test_alphas_sorted_without_repeats():
    X, y = make_classification(60, 4, random_state=0)
    ours = LogisticMLPClassifierCV((), alphas=[10.0, 0.1, 10.0, 1.0], cv=2)
    assert_allclose(ours.fit(X, y).alphas_, [0.1, 1.0, 10.0])
    assert ours.scores_.shape == (2, 3)


def test_ties_choose_the_largest_alpha():
    """Accuracy often ties; the most regularized of the best is chosen."""
    # two far-apart blobs: every small alpha classifies every fold perfectly
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(-5, 1, (30, 2)), rng.normal(5, 1, (30, 2))])
    y = np.repeat([0, 1], 30)
    ours = LogisticMLPClassifierCV((), alphas=[1e-3, 1e-2, 1e-1], cv=3).fit(X, y)
    assert_array_equal(ours.cv_results_["mean_test_score"], [1.0, 1.0, 1.0])
    assert_array_equal(ours.cv_results_["rank_test_score"], [1, 1, 1])
    assert ours.alpha_ == 0.1 and ours.best_index_ == 2
    # GridSearchCV takes the first of the grid instead
    grid = _grid_search(X, y, [1e-3, 1e-2, 1e-1], 3, None, hidden_layer_sizes=())
    assert grid.best_params_["alpha"] == 1e-3


def test_refit_model_is_a_cold_fit_at_alpha(cancer):
    X, y = cancer
    ours = LogisticMLPClassifierCV(alphas=[0.1, 10.0], cv=3, **_EXACT).fit(X, y)
    single = LogisticMLPClassifier(alpha=ours.alpha_, **_EXACT).fit(X, y)
    assert_allclose(ours.predict_proba(X), single.predict_proba(X), atol=1e-12)
    assert ours.solver_ == "lbfgs" and ours.n_iter_ == single.n_iter_


def test_sample_weight_reaches_every_fit(cancer):
    X, y = cancer
    weight = np.random.default_rng(0).uniform(0.2, 3.0, len(y))
    cv = list(StratifiedKFold(3, shuffle=True, random_state=0).split(X, y))
    alphas = [0.1, 3.0, 100.0]
    ours = LogisticMLPClassifierCV(
        alphas=alphas, cv=cv, scoring="neg_log_loss", **_EXACT
    )
    ours.fit(X, y, sample_weight=weight)
    grid = GridSearchCV(
        LogisticMLPClassifier(**_EXACT),
        {"alpha": alphas},
        cv=cv,
        scoring="neg_log_loss",
    )
    grid.fit(X, y, sample_weight=weight)  # fits and scores weighted
    assert_allclose(
        ours.cv_results_["mean_test_score"],
        grid.cv_results_["mean_test_score"],
        atol=1e-6,
    )
    unweighted = LogisticMLPClassifierCV(
        alphas=alphas, cv=cv, scoring="neg_log_loss", **_EXACT
    ).fit(X, y)
    assert np.abs(unweighted.scores_ - ours.scores_).max() > 1e-4
    refit = LogisticMLPClassifier(alpha=ours.alpha_, **_EXACT)
    refit.fit(X, y, sample_weight=weight)
    assert_allclose(ours.coefs_[0], refit.coefs_[0], atol=1e-10)


def test_refit_false_records_the_search_only(cancer):
    X, y = cancer
    ours = LogisticMLPClassifierCV(alphas=[0.1, 10.0], cv=3, **_EXACT).fit(X, y)
    assert hasattr(ours, "coefs_")
    ours.set_params(refit=False).fit(X, y)
    assert ours.alpha_ in (0.1, 10.0)
    assert not hasattr(ours, "coefs_") and not hasattr(ours, "classes_")
    for method in ("predict", "predict_proba", "decision_function", "score"):
        assert not hasattr(ours, method)
    with pytest.raises(AttributeError) as error:
        ours.predict(X)
    assert "refit=False" in str(error.value.__cause__)


def test_no_partial_fit():
    assert not hasattr(LogisticMLPClassifierCV(), "partial_fit")


def test_failed_fit_leaves_previous_fit(cancer):
    X, y = cancer
    ours = LogisticMLPClassifierCV(alphas=[0.1, 10.0], cv=3, **_EXACT).fit(X, y)
    before = {name: getattr(ours, name) for name in ("alpha_", "scores_", "coefs_")}
    bad = X.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        ours.fit(bad[:, :5], y)
    with pytest.raises(ValueError, match="scoring|scorer|neg_nonsense"):
        ours.set_params(scoring="neg_nonsense").fit(X[:, :5], y)
    assert ours.n_features_in_ == 30
    for name, value in before.items():
        assert getattr(ours, name) is value


@pytest.mark.parametrize(
    "alphas, match",
    [
        ([0.1, -1.0], "positive"),
        ([0.1, np.nan], "finite"),
        (0, "alphas"),
        ([], "non-empty"),
        ("many", "alphas"),
        (True, "alphas"),
    ],
)
def test_bad_alphas_are_named(alphas, match):
    X, y = make_classification(40, 3, n_informative=2, n_redundant=0, random_state=0)
    with pytest.raises(ValueError, match=match):
        LogisticMLPClassifierCV((), alphas=alphas, cv=2).fit(X, y)


def test_alpha_is_not_a_parameter():
    with pytest.raises(ValueError, match="Invalid parameter 'alpha'"):
        LogisticMLPClassifierCV().set_params(alpha=1.0)
    assert "warm_start" not in LogisticMLPClassifierCV().get_params()


def test_pipeline_dataframe_and_cv_results_frame(cancer):
    X, y = load_breast_cancer(return_X_y=True, as_frame=True)
    pipe = make_pipeline(
        StandardScaler(),
        LogisticMLPClassifierCV(alphas=[0.1, 10.0], cv=KFold(3), **_EXACT),
    ).fit(X, y)
    cv = pipe[-1]
    table = pd.DataFrame(cv.cv_results_)
    assert table.shape[0] == 2
    assert {"mean_test_score", "rank_test_score", "split2_test_score"} <= set(table)
    assert pipe.score(X, y) > 0.95
    direct = LogisticMLPClassifierCV(alphas=[0.1, 10.0], cv=KFold(3), **_EXACT)
    direct.fit(X.iloc[:, :4], y)
    assert direct.feature_names_in_.tolist() == X.columns[:4].tolist()


def test_parallel_folds_equal_sequential(cancer):
    """Processes (loky) give the same scores as one process."""
    X, y = cancer
    params = dict(
        alphas=[0.01, 1.0, 100.0],
        cv=3,
        scoring="neg_log_loss",
        hidden_layer_sizes=(4,),
        solver="lbfgs",
        max_iter=50,
        random_state=0,
    )
    sequential = LogisticMLPClassifierCV(**params).fit(X, y)
    parallel = LogisticMLPClassifierCV(**params, n_jobs=2).fit(X, y)
    assert_allclose(parallel.scores_, sequential.scores_, rtol=0, atol=1e-12)
    assert parallel.alpha_ == sequential.alpha_


def test_pickles(cancer):
    X, y = cancer
    ours = LogisticMLPClassifierCV(alphas=[0.1, 10.0], cv=3, **_EXACT).fit(X, y)
    again = pickle.loads(pickle.dumps(ours))
    assert_array_equal(again.predict_proba(X), ours.predict_proba(X))


@pytest.mark.parametrize(
    "params, match",
    [
        (dict(n_jobs=0), "n_jobs"),
        (dict(cv=1), "cv"),
        (dict(scoring=3), "scoring"),
        (dict(refit="yes"), "refit"),
        (dict(scoring=lambda est, X, y: "high"), "must return a number.*'high'"),
        (dict(scoring=lambda est, X, y: {"a": 1.0}), "must return a number"),
    ],
)
def test_bad_parameters_are_named(params, match):
    X, y = make_classification(40, 3, n_informative=2, n_redundant=0, random_state=0)
    with pytest.raises(ValueError, match=match):
        LogisticMLPClassifierCV((), alphas=2, **params).fit(X, y)


@pytest.mark.parametrize(
    "y, sample_weight, match",
    [
        (np.zeros(40), None, "two classes|1 class|one class"),
        (np.linspace(0, 1, 40), None, "continuous"),
        (np.repeat([0, 1], 20), -np.ones(40), "sample_weight must be non-negative"),
        (np.repeat([0, 1], 20), np.ones(39), "39"),
        (np.column_stack([np.ones(40), np.zeros(40)]), None, "1d|1-d|column"),
    ],
)
def test_bad_data_is_named(y, sample_weight, match):
    X = np.random.default_rng(0).normal(size=(40, 3))
    clf = LogisticMLPClassifierCV((), alphas=2, cv=2)
    with pytest.raises(ValueError, match=match):
        clf.fit(X, y, sample_weight=sample_weight)
    assert not hasattr(clf, "n_features_in_")


def test_scorer_without_sample_weight_warns_at_the_call(cancer):
    X, y = cancer

    def accuracy(estimator, X, y):  # takes no sample_weight
        return float((estimator.predict(X) == y).mean())

    clf = LogisticMLPClassifierCV((), alphas=2, cv=2, scoring=accuracy)
    with pytest.warns(UserWarning, match="does not support sample_weight") as record:
        clf.fit(X, y, sample_weight=np.ones(len(y)))
    assert record[0].filename == __file__


def test_fold_missing_a_class_is_named():
    X, y = load_iris(return_X_y=True)
    folds = [(np.arange(50, 150), np.arange(0, 50)), (np.arange(150), np.arange(150))]
    with pytest.raises(ValueError, match=r"fold 0 has no sample of the classes \[0\]"):
        LogisticMLPClassifierCV((), alphas=2, cv=folds).fit(X, y)


@pytest.mark.filterwarnings("ignore::FutureWarning:sklearn")
@pytest.mark.parametrize("n", [1, 2, 5])
def test_an_integer_alphas_tries_what_logistic_regression_cv_cs_tries(n):
    """``alphas=n`` is ``alpha = 1 / C`` of ``LogisticRegressionCV(Cs=n)``.

    ``Cs=1`` tries ``C = 1e-4``, which is ``alpha = 1e4``, not ``1e-4``.
    """
    X, y = make_classification(40, 3, n_informative=2, n_redundant=0, random_state=0)
    reference = LogisticRegressionCV(Cs=n, cv=2).fit(X, y)
    ours = LogisticMLPClassifierCV((), alphas=n, cv=2, max_iter=50).fit(X, y)
    assert_allclose(ours.alphas_, np.sort(1 / reference.Cs_), rtol=1e-12)
