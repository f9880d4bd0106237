"""Scorers inside scikit-learn's model selection tools."""

import numpy as np
import pytest
from sklearn.calibration import calibration_curve
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, log_loss
from sklearn.metrics import get_scorer as sklearn_get_scorer
from sklearn.model_selection import (
    GridSearchCV,
    KFold,
    cross_val_score,
    cross_validate,
)

from sklearn_losses import LogisticMLPClassifier
from sklearn_losses.metrics import METRICS, SCORERS, MetricSpec, get_scorer
from sklearn_losses.metrics._log_loss import log_loss as checked_log_loss

SCORER_NAMES = [
    "neg_brier_score",
    "neg_classwise_calibration_error",
    "neg_debiased_calibration_error",
    "neg_expected_calibration_error",
    "neg_log_loss",
    "neg_maximum_calibration_error",
    "neg_rms_calibration_error",
    "neg_smooth_ece",
]


@pytest.fixture(scope="module")
def binary_data():
    X, y = make_classification(n_samples=240, n_features=5, random_state=0)
    return X, y


@pytest.fixture(scope="module")
def multiclass_data():
    X, y = make_classification(
        n_samples=240,
        n_features=6,
        n_informative=4,
        n_classes=3,
        random_state=0,
    )
    return X, y


def test_get_scorer_returns_ours_then_sklearns():
    for name in SCORERS:
        scorer = get_scorer(name)
        assert scorer is not SCORERS[name]  # a copy
        assert "predict_proba" in repr(scorer)
    assert repr(get_scorer("accuracy")) == repr(sklearn_get_scorer("accuracy"))
    with pytest.raises(ValueError, match="neg_expected_calibration_error"):
        get_scorer("no_such_scorer")


def test_scorer_names_are_those_of_the_registry_and_unchanged():
    assert sorted(SCORERS) == sorted(METRICS) == SCORER_NAMES
    assert len(SCORERS) == len(METRICS)
    assert SCORERS["neg_brier_score"] is SCORERS["neg_brier_score"]  # built once
    assert repr(SCORERS["neg_log_loss"]) == (
        "make_scorer(log_loss, greater_is_better=False, "
        "response_method='predict_proba')"
    )


def test_scorers_tell_grid_search_they_take_sample_weight():
    # GridSearchCV asks _accept_sample_weight before passing weights
    for name in SCORER_NAMES:
        assert SCORERS[name]._accept_sample_weight() is True
        assert get_scorer(name)._accept_sample_weight() is True


def _unweighted_log_loss(y_true, y_prob, *, labels=None):
    return checked_log_loss(y_true, y_prob, labels=labels)


def test_scorers_follow_the_registry(monkeypatch, binary_data):
    X, y = binary_data
    clf = LogisticRegression().fit(X, y)
    p = clf.predict_proba(X)
    # a new entry is a scorer at once, under SCORERS and get_scorer
    monkeypatch.setitem(
        METRICS,
        "neg_unweighted_log_loss",
        MetricSpec(_unweighted_log_loss, upper_bound=np.inf, takes_sample_weight=False),
    )
    assert "neg_unweighted_log_loss" in SCORERS
    assert not get_scorer("neg_unweighted_log_loss")._accept_sample_weight()
    assert get_scorer("neg_unweighted_log_loss")(clf, X, y) == pytest.approx(
        -log_loss(y, p), rel=1e-12
    )
    # a replaced entry replaces the scorer; a score keeps its sign
    monkeypatch.setitem(
        METRICS,
        "neg_brier_score",
        MetricSpec(brier_score_loss, upper_bound=2.0, greater_is_better=True),
    )
    assert SCORERS["neg_brier_score"](clf, X, y) == pytest.approx(
        brier_score_loss(y, p[:, 1])
    )
    with pytest.raises(TypeError):
        SCORERS["neg_brier_score"] = get_scorer("accuracy")


def test_scorer_values_are_negated_metrics(binary_data, multiclass_data):
    X, y = binary_data
    clf = LogisticRegression().fit(X, y)
    p = clf.predict_proba(X)[:, 1]
    prob_true, prob_pred = calibration_curve(y, p, n_bins=15)
    counts = np.histogram(p, bins=np.linspace(0, 1, 16))[0]
    ece = np.sum(counts[counts > 0] * np.abs(prob_true - prob_pred)) / len(y)
    assert get_scorer("neg_expected_calibration_error")(clf, X, y) == pytest.approx(
        -ece
    )
    assert get_scorer("neg_maximum_calibration_error")(clf, X, y) == pytest.approx(
        -np.abs(prob_true - prob_pred).max()
    )
    assert get_scorer("neg_brier_score")(clf, X, y) == pytest.approx(
        -brier_score_loss(y, p)
    )
    Xm, ym = multiclass_data
    clf = LogisticRegression().fit(Xm, ym)
    proba = clf.predict_proba(Xm)
    assert get_scorer("neg_log_loss")(clf, Xm, ym) == pytest.approx(
        -log_loss(ym, proba)
    )
    assert get_scorer("neg_brier_score")(clf, Xm, ym) == pytest.approx(
        -brier_score_loss(ym, proba)
    )


def test_grid_search_single_metric(binary_data):
    X, y = binary_data
    search = GridSearchCV(
        LogisticRegression(),
        {"C": [0.01, 1.0]},
        scoring=get_scorer("neg_expected_calibration_error"),
        cv=3,
        error_score="raise",
    ).fit(X, y)
    scores = search.cv_results_["mean_test_score"]
    assert np.all(np.isfinite(scores)) and np.all(scores <= 0)
    assert search.best_params_["C"] == [0.01, 1.0][int(np.argmax(scores))]


def test_grid_search_multi_metric_with_refit(multiclass_data):
    X, y = multiclass_data
    scoring = {name: get_scorer(name) for name in SCORERS}
    scoring["accuracy"] = get_scorer("accuracy")
    search = GridSearchCV(
        LogisticRegression(),
        {"C": [0.01, 1.0]},
        scoring=scoring,
        refit="neg_smooth_ece",
        cv=3,
        error_score="raise",
    ).fit(X, y)
    for name in SCORERS:
        assert np.all(np.isfinite(search.cv_results_[f"mean_test_{name}"]))
    best = np.argmax(search.cv_results_["mean_test_neg_smooth_ece"])
    assert search.best_index_ == best
    assert hasattr(search, "predict_proba")


@pytest.mark.parametrize(
    "name", sorted(name for name in SCORERS if not METRICS[name].binary_only)
)
def test_folds_missing_a_class_multiclass(multiclass_data, name):
    X, y = multiclass_data
    # Unshuffled folds over sorted labels: every test fold misses a class,
    # every training fold still sees all of them.
    order = np.argsort(y, kind="stable")
    X, y = X[order], y[order]
    scores = cross_val_score(
        LogisticRegression(),
        X,
        y,
        scoring=get_scorer(name),
        cv=KFold(4),
        error_score="raise",
    )
    assert np.all(np.isfinite(scores))


@pytest.mark.parametrize("name", sorted(SCORERS))
def test_folds_missing_a_class_binary_string_labels(binary_data, name):
    X, y = binary_data
    labels = np.where(y == 1, "yes", "no")
    order = np.argsort(labels, kind="stable")  # first and last folds: one class
    X, labels = X[order], labels[order]
    results = cross_validate(
        LogisticRegression(),
        X,
        labels,
        scoring={"s": get_scorer(name)},
        cv=KFold(3),
        error_score="raise",
    )
    assert np.all(np.isfinite(results["test_s"]))


def test_sklearn_neg_log_loss_fails_where_ours_works(multiclass_data):
    X, y = multiclass_data
    clf = LogisticRegression().fit(X, y)
    X0, y0 = X[y != 2], y[y != 2]  # a test set without class 2
    with pytest.raises(ValueError):
        sklearn_get_scorer("neg_log_loss")(clf, X0, y0)
    assert get_scorer("neg_log_loss")(clf, X0, y0) == pytest.approx(
        -log_loss(y0, clf.predict_proba(X0), labels=clf.classes_)
    )


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_scorers_with_logistic_mlp_classifier(binary_data):
    X, y = binary_data
    search = GridSearchCV(
        LogisticMLPClassifier(hidden_layer_sizes=(), max_iter=50, random_state=0),
        {"alpha": [1e-4, 1e-1]},
        scoring={
            "ece": get_scorer("neg_expected_calibration_error"),
            "brier": get_scorer("neg_brier_score"),
        },
        refit="ece",
        cv=3,
        error_score="raise",
    ).fit(X, y)
    assert np.all(np.isfinite(search.cv_results_["mean_test_ece"]))


@pytest.mark.filterwarnings("error::FutureWarning")
def test_scorers_call_no_deprecated_metric(binary_data):
    X, y = binary_data
    clf = LogisticRegression().fit(X, y)
    for name in SCORERS:
        assert np.isfinite(get_scorer(name)(clf, X, y))


def test_grid_search_weights_our_scores_as_its_own():
    """GridSearchCV passes sample_weight to a scorer that takes it."""
    from sklearn.model_selection import GridSearchCV

    X, y = make_classification(n_samples=120, random_state=0)
    weight = np.random.default_rng(0).uniform(0.1, 3.0, len(y))
    results = [
        GridSearchCV(LogisticRegression(), {"C": [0.1, 1.0]}, scoring=scoring)
        .fit(X, y, sample_weight=weight)
        .cv_results_["mean_test_score"]
        for scoring in ("neg_log_loss", get_scorer("neg_log_loss"))
    ]
    np.testing.assert_allclose(results[1], results[0], rtol=1e-12)
