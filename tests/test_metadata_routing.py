"""Metadata routing, end to end, as scikit-learn's own objects do it.

Ported from the patterns of scikit-learn's
``sklearn/tests/test_metaestimators_metadata_routing.py`` (a consuming scorer
and a consuming splitter that record what reaches them) and
``sklearn/metrics/tests/test_score_objects.py`` (scorers take metadata only on
request). References are scikit-learn's metrics and searches on the same
folds. Every test enables routing in a ``config_context`` of its own, so
routing never leaks into other tests.
"""

import numpy as np
import pytest
import sklearn
from numpy.testing import assert_allclose
from sklearn.datasets import make_classification
from sklearn.exceptions import UnsetMetadataPassedError
from sklearn.metrics import accuracy_score, make_scorer
from sklearn.metrics import log_loss as sklearn_log_loss
from sklearn.model_selection import (
    GridSearchCV,
    GroupKFold,
    KFold,
    StratifiedKFold,
    cross_validate,
)
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_losses import LogisticMLPClassifier, LogisticMLPClassifierCV
from sklearn_losses.metrics import expected_calibration_error, get_scorer
from sklearn_losses.path import regularization_path

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

_LINEAR = dict(hidden_layer_sizes=(), solver="lbfgs", tol=1e-10, max_iter=2000)


@pytest.fixture
def routing():
    with sklearn.config_context(enable_metadata_routing=True):
        yield


@pytest.fixture(scope="module")
def data():
    X, y = make_classification(n_samples=120, n_features=4, random_state=0)
    rng = np.random.default_rng(0)
    weight = rng.uniform(0.1, 3.0, len(y))
    groups = np.arange(len(y)) % 6
    return X, y, weight, groups


class _Records(list):
    """A list that clones share, as scikit-learn's test registries."""

    def __deepcopy__(self, memo):
        return self


class RecordingGroupKFold(GroupKFold):
    """``GroupKFold`` that records the groups and splits it was given."""

    def __init__(self, n_splits=3):
        super().__init__(n_splits)
        self.records = _Records()

    def split(self, X, y=None, groups=None):
        splits = list(super().split(X, y, groups))
        self.records.append((groups, splits))
        yield from splits


def _recording_scorer(records):
    """A scorer that records the weights it is given, as ConsumingScorer."""

    def weighted_accuracy(y_true, y_pred, sample_weight=None):
        records.append(sample_weight)
        return accuracy_score(y_true, y_pred, sample_weight=sample_weight)

    return make_scorer(weighted_accuracy)


# -- the package's scorers --------------------------------------------------


def _by_hand(name, y_true, proba, weight, classes):
    if name == "neg_log_loss":  # scikit-learn's metric: an independent reference
        return -sklearn_log_loss(y_true, proba, sample_weight=weight, labels=classes)
    return -expected_calibration_error(
        y_true, proba, sample_weight=weight, labels=classes
    )


@pytest.mark.parametrize("name", ["neg_log_loss", "neg_expected_calibration_error"])
def test_grid_search_scores_weighted_on_request(routing, data, name):
    X, y, w, _ = data
    cv = KFold(3, shuffle=True, random_state=0)
    estimator = LogisticMLPClassifier(**_LINEAR).set_fit_request(sample_weight=True)
    scorer = get_scorer(name).set_score_request(sample_weight=True)
    search = GridSearchCV(estimator, {"alpha": [0.1, 10.0]}, scoring=scorer, cv=cv)
    search.fit(X, y, sample_weight=w)
    for k, (train, test) in enumerate(cv.split(X)):
        for i, alpha in enumerate([0.1, 10.0]):
            fit = LogisticMLPClassifier(alpha=alpha, **_LINEAR)
            fit.fit(X[train], y[train], sample_weight=w[train])
            proba = fit.predict_proba(X[test])
            expected = _by_hand(name, y[test], proba, w[test], fit.classes_)
            got = search.cv_results_[f"split{k}_test_score"][i]
            assert got == pytest.approx(expected, abs=1e-6)
            # the weights change the score: an unweighted one would not pass
            unweighted = _by_hand(name, y[test], proba, None, fit.classes_)
            assert abs(got - unweighted) > 1e-4


@pytest.mark.parametrize("name", ["neg_log_loss", "neg_expected_calibration_error"])
def test_grid_search_refuses_weights_its_scorer_did_not_request(routing, data, name):
    X, y, w, _ = data
    estimator = LogisticMLPClassifier(**_LINEAR).set_fit_request(sample_weight=True)
    search = GridSearchCV(estimator, {"alpha": [1.0]}, scoring=get_scorer(name), cv=3)
    with pytest.raises(UnsetMetadataPassedError, match="set_score_request"):
        search.fit(X, y, sample_weight=w)


def test_scorer_declining_weights_scores_unweighted(routing, data):
    X, y, w, _ = data
    cv = KFold(3)
    scorer = get_scorer("neg_log_loss").set_score_request(sample_weight=False)
    estimator = LogisticMLPClassifier(**_LINEAR).set_fit_request(sample_weight=True)
    search = GridSearchCV(estimator, {"alpha": [1.0]}, scoring=scorer, cv=cv)
    search.fit(X, y, sample_weight=w)
    for k, (train, test) in enumerate(cv.split(X)):
        fit = LogisticMLPClassifier(alpha=1.0, **_LINEAR)
        fit.fit(X[train], y[train], sample_weight=w[train])
        expected = -sklearn_log_loss(y[test], fit.predict_proba(X[test]))
        assert search.cv_results_[f"split{k}_test_score"][0] == pytest.approx(
            expected, abs=1e-6
        )


def test_scorer_routing_is_scikit_learns(data):
    scorer = get_scorer("neg_rms_calibration_error")
    # as scikit-learn's scorers: requests need routing enabled
    with pytest.raises(RuntimeError, match="enable_metadata_routing"):
        scorer.set_score_request(sample_weight=True)
    with sklearn.config_context(enable_metadata_routing=True):
        assert scorer.get_metadata_routing().score.requests["sample_weight"] is None
        requested = scorer.set_score_request(sample_weight="w")
        assert requested is scorer
        assert scorer.get_metadata_routing().score.requests["sample_weight"] == "w"
    # the fixed options stay in the repr, as in make_scorer's
    assert "norm=l2" in repr(scorer)


def test_scorer_keeps_labels_under_routing(routing):
    X, y = make_classification(
        n_samples=150,
        n_classes=3,
        n_informative=3,
        n_redundant=0,
        n_features=4,
        random_state=0,
    )
    order = np.argsort(y, kind="stable")  # every test fold misses a class
    X, y = X[order], y[order]
    w = np.linspace(0.5, 2.0, len(y))
    scorer = get_scorer("neg_log_loss").set_score_request(sample_weight=True)
    estimator = LogisticMLPClassifier(**_LINEAR).set_fit_request(sample_weight=True)
    results = cross_validate(
        estimator,
        X,
        y,
        scoring=scorer,
        cv=KFold(4),
        params={"sample_weight": w},
        error_score="raise",
        return_estimator=True,
    )
    for fit, (_, test), score in zip(
        results["estimator"], KFold(4).split(X), results["test_score"], strict=True
    ):
        proba = fit.predict_proba(X[test])
        expected = -sklearn_log_loss(
            y[test], proba, sample_weight=w[test], labels=fit.classes_
        )
        assert score == pytest.approx(expected, abs=1e-9)


# -- LogisticMLPClassifierCV: groups to the splitter, weights to the scorer --


@pytest.mark.parametrize("enabled", [False, True])
def test_cv_estimator_passes_groups_to_its_splitter(data, enabled):
    X, y, _, groups = data
    splitter = RecordingGroupKFold(3)
    alphas = [0.1, 10.0]
    with sklearn.config_context(enable_metadata_routing=enabled):
        clf = LogisticMLPClassifierCV(alphas=alphas, cv=splitter, **_LINEAR)
        clf.fit(X, y, groups=groups)
        grid = GridSearchCV(
            LogisticMLPClassifier(**_LINEAR), {"alpha": alphas}, cv=GroupKFold(3)
        ).fit(X, y, groups=groups)
    (seen, splits), *_ = splitter.records
    np.testing.assert_array_equal(seen, groups)
    for train, test in splits:
        assert not set(groups[train]) & set(groups[test])
    # the same folds as scikit-learn's search given the same groups
    for k in range(3):
        assert_allclose(
            clf.scores_[k], grid.cv_results_[f"split{k}_test_score"], atol=1e-6
        )


def test_cv_estimator_inside_cross_validate_gets_groups(routing, data):
    X, y, _, groups = data
    inner = RecordingGroupKFold(3)
    outer = GroupKFold(2)
    results = cross_validate(
        LogisticMLPClassifierCV(alphas=[0.1, 10.0], cv=inner, **_LINEAR),
        X,
        y,
        cv=outer,
        params={"groups": groups},
        error_score="raise",
    )
    assert np.all(np.isfinite(results["test_score"]))
    assert len(inner.records) == 2  # one inner search per outer fold
    for (seen, splits), (train, _) in zip(
        inner.records, outer.split(X, y, groups), strict=True
    ):
        # each inner search splits the groups of its outer training part
        np.testing.assert_array_equal(seen, groups[train])
        for inner_train, inner_test in splits:
            assert not set(seen[inner_train]) & set(seen[inner_test])


def test_cv_estimator_routes_weights_to_a_requesting_scorer(routing, data):
    X, y, w, _ = data
    records = []
    scorer = _recording_scorer(records).set_score_request(sample_weight=True)
    cv = StratifiedKFold(3)
    clf = LogisticMLPClassifierCV(alphas=[0.1, 10.0], cv=cv, scoring=scorer, **_LINEAR)
    clf.fit(X, y, sample_weight=w)
    tests = [test for _, test in cv.split(X, y)]
    assert len(records) == 2 * len(tests)  # each alpha on each fold
    for k, test in enumerate(tests):
        for recorded in records[2 * k : 2 * k + 2]:
            np.testing.assert_array_equal(recorded, w[test])


def test_cv_estimator_refuses_weights_its_scorer_did_not_request(routing, data):
    X, y, w, _ = data
    for scoring in (None, "neg_log_loss", get_scorer("neg_brier_score")):
        clf = LogisticMLPClassifierCV(alphas=2, cv=2, scoring=scoring, **_LINEAR)
        with pytest.raises(UnsetMetadataPassedError, match="set_score_request"):
            clf.fit(X, y, sample_weight=w)
        assert not hasattr(clf, "alpha_")


def test_cv_estimator_with_a_declining_scorer_scores_unweighted(routing, data):
    X, y, w, _ = data
    records = []
    scorer = _recording_scorer(records).set_score_request(sample_weight=False)
    clf = LogisticMLPClassifierCV(alphas=2, cv=2, scoring=scorer, **_LINEAR)
    clf.fit(X, y, sample_weight=w)
    assert records and all(recorded is None for recorded in records)


def test_cv_estimator_refuses_unknown_metadata(data):
    X, y, _, groups = data
    clf = LogisticMLPClassifierCV(alphas=2, cv=2, **_LINEAR)
    with pytest.raises(TypeError, match=r"unexpected argument\(s\) \['metadata'\]"):
        clf.fit(X, y, metadata=groups)
    with sklearn.config_context(enable_metadata_routing=True):
        # an int cv is StratifiedKFold, which takes no groups
        with pytest.raises(TypeError, match="not routed to any object"):
            clf.fit(X, y, groups=groups)


def test_cv_estimator_routing_declares_splitter_and_scorer(routing):
    scorer = get_scorer("neg_log_loss").set_score_request(sample_weight=True)
    clf = LogisticMLPClassifierCV(cv=GroupKFold(3), scoring=scorer)
    routing = clf.get_metadata_routing()
    assert routing.consumes("fit", ["groups", "sample_weight", "other"]) == {
        "groups",
        "sample_weight",
    }
    # a search routes groups to it, and weights once requested
    assert LogisticMLPClassifierCV(cv=GroupKFold(3)).get_metadata_routing().consumes(
        "fit", ["groups", "sample_weight"]
    ) == {"groups"}


def test_cv_estimator_nested_in_grid_search_gets_weights_on_request(routing, data):
    X, y, w, groups = data
    scorer = get_scorer("neg_log_loss").set_score_request(sample_weight=True)
    inner = LogisticMLPClassifierCV(
        alphas=[1.0], cv=GroupKFold(2), scoring=scorer, **_LINEAR
    )
    search = GridSearchCV(
        inner.set_fit_request(sample_weight=True),
        {"penalty": ["l2"]},
        cv=GroupKFold(3),
        scoring=scorer,
    )
    search.fit(X, y, sample_weight=w, groups=groups)
    # the refitted inner model is the weighted fit on all the data
    reference = LogisticMLPClassifier(alpha=1.0, **_LINEAR)
    reference.fit(X, y, sample_weight=w)
    assert_allclose(
        search.best_estimator_.coefs_[0], reference.coefs_[0], rtol=1e-5, atol=1e-7
    )


# -- regularization_path: routed as validation_curve routes -------------------


def test_path_refuses_unrequested_metadata(routing, data):
    X, y, w, _ = data
    with pytest.raises(UnsetMetadataPassedError, match="regularization_path"):
        regularization_path(
            LogisticMLPClassifier(**_LINEAR),
            X,
            y,
            alphas=[1.0],
            params={"sample_weight": w},
            progress=False,
        )


def test_path_routes_weights_to_fits_and_scorer_on_request(routing, data):
    X, y, w, _ = data
    estimator = LogisticMLPClassifier(**_LINEAR).set_fit_request(sample_weight=True)
    scorer = get_scorer("neg_log_loss").set_score_request(sample_weight=True)
    path = regularization_path(
        estimator,
        X,
        y,
        alphas=[0.1, 10.0],
        scoring=scorer,
        params={"sample_weight": w},
        progress=False,
    )
    for alpha, fit, score in zip(
        [0.1, 10.0], path.estimators_, path.train_scores_, strict=True
    ):
        reference = LogisticMLPClassifier(alpha=alpha, **_LINEAR)
        reference.fit(X, y, sample_weight=w)
        assert_allclose(fit.coefs_[0], reference.coefs_[0], rtol=1e-5, atol=1e-7)
        expected = -sklearn_log_loss(y, fit.predict_proba(X), sample_weight=w)
        assert score == pytest.approx(expected, abs=1e-9)
    # the validation data have no weights of their own: said, not silent
    with pytest.warns(UserWarning, match="validation scores are computed without"):
        regularization_path(
            estimator,
            X,
            y,
            alphas=[1.0],
            scoring=scorer,
            X_val=X,
            y_val=y,
            params={"sample_weight": w},
            progress=False,
        )


def test_path_pipeline_alpha_max_reads_routed_weights(data):
    X, y, w, _ = data

    def pipeline():
        l1 = LogisticMLPClassifier((), penalty="l1", solver="lbfgs")
        return make_pipeline(StandardScaler(), l1)

    options = dict(
        param_name="logisticmlpclassifier__alpha",
        alphas="auto",
        n_alphas=3,
        progress=False,
    )
    by_name = {
        "standardscaler__sample_weight": w,
        "logisticmlpclassifier__sample_weight": w,
    }
    legacy = regularization_path(pipeline(), X, y, params=by_name, **options)
    unweighted = regularization_path(pipeline(), X, y, **options)
    with sklearn.config_context(enable_metadata_routing=True):
        pipe = pipeline()
        pipe[0].set_fit_request(sample_weight=True)
        pipe[1].set_fit_request(sample_weight=True)
        accuracy = get_scorer("accuracy").set_score_request(sample_weight=False)
        routed = regularization_path(
            pipe, X, y, params={"sample_weight": w}, scoring=accuracy, **options
        )
    assert routed.alpha_max_ == pytest.approx(legacy.alpha_max_, rel=1e-12)
    assert abs(routed.alpha_max_ - unweighted.alpha_max_) > 1e-3
    assert_allclose(routed.train_scores_, legacy.train_scores_)
