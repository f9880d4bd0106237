"""Every registered metric passes the battery its declaration asks for.

The battery is :func:`check_metric`, parametrized here over ``METRICS``: a
metric added to the registry is tested with no edit to this file. The toy
metrics below show it, and the broken ones show that each check can fail.
"""

import numpy as np
import pytest
from sklearn.calibration import calibration_curve
from sklearn.datasets import make_classification
from sklearn.metrics import brier_score_loss as sklearn_brier_score_loss
from sklearn.metrics import log_loss as sklearn_log_loss
from sklearn.naive_bayes import GaussianNB

from sklearn_losses.metrics import (
    METRICS,
    SCORERS,
    MetricCheckError,
    MetricSpec,
    check_metric,
    get_scorer,
)
from sklearn_losses.metrics._check import CHECKS
from sklearn_losses.metrics._validation import check_target


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("name", sorted(METRICS))
def test_registered_metric_passes_check(name, check):
    report = check_metric(name, checks=[check])
    assert list(report) == [check]


# -- toy metrics, declared as the registry module's docstring says ----------


def mean_absolute_residual_error(y_true, y_prob, *, sample_weight=None, labels=None):
    """Weighted mean of |y - p| of binary predictions."""
    target = check_target(y_true, y_prob, sample_weight, labels, binary_only=True)
    residual = np.abs(target.y - target.y_prob)
    return float(np.average(residual, weights=target.sample_weight))


def true_class_probability_score(y_true, y_prob, *, sample_weight=None, labels=None):
    """Weighted mean probability given to the true class; higher is better."""
    target = check_target(y_true, y_prob, sample_weight, labels)
    if target.is_binary:
        hit = np.where(target.y == 1, target.y_prob, 1 - target.y_prob)
    else:
        hit = target.true_class_probability()
    return float(np.average(hit, weights=target.sample_weight))


TOYS = {
    "neg_mean_absolute_residual_error": MetricSpec(
        mean_absolute_residual_error, binary_only=True
    ),
    "true_class_probability": MetricSpec(
        true_class_probability_score, greater_is_better=True
    ),
}


@pytest.mark.parametrize("name", sorted(TOYS))
def test_a_registered_toy_metric_runs_through_the_battery(monkeypatch, name):
    monkeypatch.setitem(METRICS, name, TOYS[name])
    for check in CHECKS:
        test_registered_metric_passes_check(name, check)
    # the registry line made it a scorer too, with the declared sign
    assert name in SCORERS and name in repr(SCORERS)
    X, y = make_classification(n_samples=60, n_features=4, random_state=0)
    fitted = GaussianNB().fit(X, y)
    p = fitted.predict_proba(X)[:, 1]
    expected = {
        "neg_mean_absolute_residual_error": -np.mean(np.abs(y - p)),
        "true_class_probability": np.mean(np.where(y == 1, p, 1 - p)),
    }[name]
    assert get_scorer(name)(fitted, X, y) == pytest.approx(expected, rel=1e-12)
    assert SCORERS[name](fitted, X, y) == pytest.approx(expected, rel=1e-12)


def test_a_binary_metric_gets_binary_inputs_only():
    # the toy refuses three columns: the battery never hands it any
    with pytest.raises(ValueError, match="binary only"):
        mean_absolute_residual_error([0, 1, 2], np.full((3, 3), 1 / 3))
    check_metric(TOYS["neg_mean_absolute_residual_error"])


# -- broken metrics: each check that should notice, does ---------------------


def unweighted_residual_error(y_true, y_prob, *, sample_weight=None, labels=None):
    """Takes sample_weight and ignores it."""
    return mean_absolute_residual_error(y_true, y_prob, labels=labels)


def unchecked_residual_error(y_true, y_prob, *, sample_weight=None, labels=None):
    """No input checks: NaN and negative weights pass through."""
    p = np.asarray(y_prob, dtype=float)
    p = p[:, -1] if p.ndim == 2 else p
    return float(np.average(np.abs(np.asarray(y_true) - p), weights=sample_weight))


def residual_error_without_labels(y_true, y_prob, *, sample_weight=None):
    return mean_absolute_residual_error(y_true, y_prob, sample_weight=sample_weight)


@pytest.mark.parametrize(
    "spec, failed, why",
    [
        (
            MetricSpec(unweighted_residual_error, binary_only=True),
            {"integer_weights", "bad_input"},
            "with integer weights",
        ),
        (
            MetricSpec(unchecked_residual_error, binary_only=True),
            {"bad_input"},
            "NaN in y_prob, binary \\(n,\\): accepted",
        ),
        (
            MetricSpec(mean_absolute_residual_error, binary_only=True, upper_bound=0.1),
            {"range"},
            "outside the declared range",
        ),
        (
            # an error declared as a score: a perfect prediction is its worst
            MetricSpec(
                mean_absolute_residual_error, binary_only=True, greater_is_better=True
            ),
            {"perfect_prediction"},
            "at a perfect prediction, not 1.0",
        ),
        (
            MetricSpec(mean_absolute_residual_error),  # binary only, undeclared
            {"range", "perfect_prediction", "permutation"},
            "binary only",
        ),
        (
            MetricSpec(residual_error_without_labels, binary_only=True),
            {"declaration", "scorer", "pickle", "grid_search"},
            "takes no labels",
        ),
    ],
)
def test_battery_reports_what_a_broken_metric_gets_wrong(spec, failed, why):
    with pytest.raises(MetricCheckError, match=why) as info:
        check_metric(spec)
    assert failed <= set(info.value.failures)
    assert set(info.value.failures) | set(info.value.results) == set(CHECKS)


def test_battery_checks_the_sign_convention_of_a_registered_name(monkeypatch):
    spec = MetricSpec(true_class_probability_score, greater_is_better=True)
    monkeypatch.setitem(METRICS, "neg_true_class_probability", spec)
    with pytest.raises(MetricCheckError, match="starts with 'neg_' exactly when"):
        check_metric("neg_true_class_probability", checks=["declaration"])


def test_battery_refuses_unknown_metrics_and_checks():
    with pytest.raises(ValueError, match="MetricSpec or a name in METRICS"):
        check_metric("no_such_metric")
    with pytest.raises(ValueError, match="the checks are"):
        check_metric("neg_brier_score", checks=["speed"])


def test_scikit_learns_log_loss_fails_bad_input_where_ours_passes():
    # scikit-learn's log_loss accepts negative weights and names no parameter
    # for NaN: the reason neg_log_loss wraps it in this package's checks
    with pytest.raises(MetricCheckError, match="bad_input"):
        check_metric(MetricSpec(sklearn_log_loss, upper_bound=np.inf))
    check_metric("neg_log_loss", checks=["bad_input"])


def test_metric_spec_refuses_bad_declarations():
    with pytest.raises(TypeError, match="function must be a callable"):
        MetricSpec("brier")
    with pytest.raises(ValueError, match="response_method must be one of"):
        MetricSpec(true_class_probability_score, response_method="predict")
    with pytest.raises(ValueError, match="lower_bound must be below upper_bound"):
        MetricSpec(true_class_probability_score, lower_bound=1.0, upper_bound=0.0)
    with pytest.raises(ValueError, match=r"options \['nrom'\] are not parameters"):
        MetricSpec(true_class_probability_score, options={"nrom": "l2"})


# -- registered metrics against independent references -----------------------


def _calibration_curve_gaps(y, p, n_bins=15):
    """Bin weights and gaps of scikit-learn's calibration_curve."""
    prob_true, prob_pred = calibration_curve(y, p, n_bins=n_bins)
    counts = np.histogram(p, bins=np.linspace(0, 1, n_bins + 1))[0]
    return counts[counts > 0] / len(y), np.abs(prob_true - prob_pred)


def _reference_ece(y, p, w):
    weight, gap = _calibration_curve_gaps(y, p[:, 1])
    return np.sum(weight * gap)


def _reference_rms(y, p, w):
    weight, gap = _calibration_curve_gaps(y, p[:, 1])
    return np.sqrt(np.sum(weight * gap**2))


def _reference_mce(y, p, w):
    return _calibration_curve_gaps(y, p[:, 1])[1].max()


REFERENCES = {
    # (reference(y, y_prob, sample_weight), whether it takes weights)
    "neg_brier_score": (
        lambda y, p, w: sklearn_brier_score_loss(y, p, sample_weight=w),
        True,
    ),
    "neg_log_loss": (lambda y, p, w: sklearn_log_loss(y, p, sample_weight=w), True),
    "neg_expected_calibration_error": (_reference_ece, False),
    "neg_classwise_calibration_error": (_reference_ece, False),
    "neg_rms_calibration_error": (_reference_rms, False),
    "neg_maximum_calibration_error": (_reference_mce, False),
}


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_registered_metric_equals_its_reference(name):
    reference, weighted = REFERENCES[name]
    rng = np.random.default_rng(0)
    n = 200
    problems = [(rng.integers(0, 2, n), rng.dirichlet([2, 2], n))]
    if weighted:  # the binned references are binary and unweighted
        problems.append((rng.integers(0, 3, n), rng.dirichlet([1, 1, 1], n)))
    spec = METRICS[name]
    for y, p in problems:
        w = rng.uniform(0.1, 3.0, n) if weighted else None
        assert spec(y, p, sample_weight=w) == pytest.approx(
            reference(y, p, w), rel=1e-10
        )
