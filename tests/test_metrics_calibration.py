"""Calibration metrics against hand computations and scikit-learn references."""

import numpy as np
import pandas as pd
import pytest
from _calibration_references import aicdf_edges, loop_bins
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize, stats
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss as sklearn_brier_score_loss
from sklearn.metrics import log_loss

from sklearn_losses.metrics import (
    brier_decomposition,
    brier_score_loss,
    calibration_report,
    expected_calibration_error,
    hosmer_lemeshow_test,
    maximum_calibration_error,
    smooth_expected_calibration_error,
    spiegelhalter_test,
)


# --------------------------------------------------------------------------
# Independent references
# --------------------------------------------------------------------------
def _loop_bin_counts(p, edges):
    """Samples per non-empty bin with a plain loop: edges[b] < p <= edges[b+1]."""
    n_bins = len(edges) - 1
    counts = np.zeros(n_bins, dtype=int)
    for value in p:
        b = 0
        while b < n_bins - 1 and value > edges[b + 1]:
            b += 1
        counts[b] += 1
    return counts[counts > 0]


def _reference_gaps(y, p, n_bins, strategy):
    """(counts, |prob_true - prob_pred|) of the non-empty bins.

    Uniform bins: calibration_curve's. Quantile bins: at the averaged
    inverted CDF in exact arithmetic, summed by a plain loop.
    """
    if strategy == "quantile":
        counts, mean_p, mean_y = loop_bins(p, y, aicdf_edges(p, n_bins))
        return counts, np.abs(mean_y - mean_p)
    prob_true, prob_pred = calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
    counts = _loop_bin_counts(p, np.linspace(0, 1, n_bins + 1))
    return counts, np.abs(prob_true - prob_pred)


def _tricky_binary(n=400, seed=0):
    """Random data plus values sitting exactly on uniform bin edges, 0 and 1."""
    rng = np.random.default_rng(seed)
    p = rng.uniform(size=n)
    p[:40] = np.round(p[:40] * 10) / 10  # on edges of 5 or 10 uniform bins
    p[40:45] = [0.0, 1.0, 1.0, 0.5, 0.2]
    p[45:60] = 0.33  # ties, so quantile edges repeat
    y = (rng.uniform(size=n) < p).astype(int)
    return y, p


def _multiclass(n=300, k=3, seed=0):
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=(n, k)) * 2
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    y = np.array([rng.choice(k, p=row) for row in proba])
    return y, proba


# --------------------------------------------------------------------------
# Hand-computed values
# --------------------------------------------------------------------------
def test_ece_hand_computed_two_bins():
    y = [0, 1, 1, 1]
    p = [0.1, 0.3, 0.8, 0.9]
    # bin (0, .5]: mean p .2, frequency .5; bin (.5, 1]: mean p .85, frequency 1
    assert expected_calibration_error(y, p, n_bins=2) == pytest.approx(0.225)
    assert expected_calibration_error(y, p, n_bins=2, norm="l2") == pytest.approx(
        np.sqrt(0.5 * 0.3**2 + 0.5 * 0.15**2)
    )
    assert maximum_calibration_error(y, p, n_bins=2) == pytest.approx(0.3)
    # one bin: |mean(y) - mean(p)| = |.75 - .525|
    assert expected_calibration_error(y, p, n_bins=1) == pytest.approx(0.225)


def test_ece_edges_closed_on_the_right():
    # Two bins: 0.5 and 0.0 belong to (0, .5], 1.0 to (.5, 1].
    y = [1, 0, 1, 0, 1]
    p = [0.5, 0.1, 0.9, 0.0, 1.0]
    # bin 1: p .5 .1 .0 (mean .2, frequency 1/3); bin 2: p .9 1. (mean .95, freq 1)
    expected = 3 / 5 * abs(0.2 - 1 / 3) + 2 / 5 * 0.05
    assert expected_calibration_error(y, p, n_bins=2) == pytest.approx(expected)
    assert maximum_calibration_error(y, p, n_bins=2) == pytest.approx(2 / 15)


def test_debiased_l2_hand_computed():
    y = [1, 1, 0, 0, 1, 1, 1, 1]
    p = [0.1] * 4 + [0.9] * 4
    # bin 1: gap .4, variance of the mean .25 / 3; bin 2: gap .1, variance 0
    expected = np.sqrt(0.5 * (0.4**2 - 0.25 / 3) + 0.5 * 0.1**2)
    got = expected_calibration_error(y, p, n_bins=2, norm="l2", debias=True)
    assert got == pytest.approx(expected)
    plug_in = expected_calibration_error(y, p, n_bins=2, norm="l2")
    assert plug_in == pytest.approx(np.sqrt(0.5 * 0.16 + 0.5 * 0.01))


def test_top_label_hand_computed():
    proba = [[0.7, 0.2, 0.1], [0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]]
    y = [0, 1, 1, 2]
    # confidences .7 .6 .5 .8, correct 1 0 1 1; bins (0,.5] and (.5,1]
    expected = 0.25 * 0.5 + 0.75 * abs(0.7 - 2 / 3)
    assert expected_calibration_error(y, proba, n_bins=2) == pytest.approx(expected)


def test_brier_decomposition_hand_computed():
    d = brier_decomposition([0, 1, 0, 1], [0.2, 0.2, 0.6, 0.6], n_bins=2)
    assert d.brier == pytest.approx((0.04 + 0.64 + 0.36 + 0.16) / 4)
    assert d.reliability == pytest.approx(0.5 * 0.3**2 + 0.5 * 0.1**2)
    assert d.resolution == pytest.approx(0.0)
    assert d.uncertainty == pytest.approx(0.25)
    assert d.within_bin_variance == pytest.approx(0.0)
    assert d.within_bin_covariance == pytest.approx(0.0)


def test_spiegelhalter_hand_computed():
    p = np.array([0.2, 0.7, 0.9, 0.4])
    y = np.array([0, 1, 1, 0])
    num = sum((yi - pi) * (1 - 2 * pi) for yi, pi in zip(y, p, strict=True))
    den = np.sqrt(sum((1 - 2 * pi) ** 2 * pi * (1 - pi) for pi in p))
    res = spiegelhalter_test(y, p)
    assert res.statistic == pytest.approx(num / den)
    assert res.pvalue == pytest.approx(2 * stats.norm.sf(abs(num / den)))


@pytest.mark.parametrize(
    "p", [[0.5, 0.5, 0.5], [0.0, 1.0, 1.0], [0.0, 0.5, 1.0], [0.5, 1.0, 0.0]]
)
def test_spiegelhalter_undefined_raises_naming_why(p):
    with pytest.raises(ValueError, match="zero variance"):
        spiegelhalter_test([0, 1, 1], p)


def test_spiegelhalter_undefined_when_only_zero_weight_rows_vary():
    with pytest.raises(ValueError, match="zero variance"):
        spiegelhalter_test([0, 1, 1], [0.5, 0.3, 0.5], sample_weight=[1, 0, 2])


def test_hosmer_lemeshow_hand_computed():
    y = [0, 0, 1, 0, 1, 1]
    p = [0.2, 0.2, 0.5, 0.5, 0.8, 0.8]
    # groups: O - E = -.4, 0, .4; variances .32, .5, .32
    res = hosmer_lemeshow_test(y, p, n_bins=3)
    assert res.statistic == pytest.approx(0.16 / 0.32 + 0 + 0.16 / 0.32)
    assert res.pvalue == pytest.approx(stats.chi2.sf(1.0, 1))


# --------------------------------------------------------------------------
# Against scikit-learn and other independent references
# --------------------------------------------------------------------------
@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
@pytest.mark.parametrize("n_bins", [1, 2, 5, 10, 15])
def test_ece_is_count_weighted_calibration_curve_gap(strategy, n_bins):
    y, p = _tricky_binary()
    counts, gaps = _reference_gaps(y, p, n_bins, strategy)
    kw = {"n_bins": n_bins, "strategy": strategy}
    assert expected_calibration_error(y, p, **kw) == pytest.approx(
        np.sum(counts * gaps) / len(p), rel=1e-12
    )
    assert expected_calibration_error(y, p, norm="l2", **kw) == pytest.approx(
        np.sqrt(np.sum(counts * gaps**2) / len(p)), rel=1e-12
    )
    assert maximum_calibration_error(y, p, **kw) == pytest.approx(gaps.max())
    # 2-D binary input: the positive-class column
    p2 = np.column_stack([1 - p, p])
    assert expected_calibration_error(y, p2, **kw) == pytest.approx(
        np.sum(counts * gaps) / len(p), rel=1e-12
    )


@pytest.mark.parametrize("rounded", [False, True])
@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
def test_ece_matches_calibration_curve_on_large_inputs_with_edge_values(
    strategy, rounded
):
    # Large inputs take the lookup-table binning; pin it to searchsorted's rule
    # with values on, just above and just below every edge.
    rng = np.random.default_rng(8)
    n_bins = 15
    edges = np.linspace(0, 1, n_bins + 1)
    near = np.concatenate([edges, np.nextafter(edges, 2), np.nextafter(edges, -1)])
    p = np.clip(np.concatenate([rng.uniform(size=100_000), np.repeat(near, 50)]), 0, 1)
    if rounded:  # heavy ties: quantile edges fall on data values
        p = np.round(p**3, 2)
    y = (rng.uniform(size=len(p)) < p).astype(int)

    def reference(y01, q):
        if strategy == "quantile":
            # no cut i * n / 15 is an integer here: numpy's cuts are exact
            cuts = np.arange(n_bins + 1) / n_bins * 100
            e = np.percentile(q, cuts, method="averaged_inverted_cdf")
        else:
            e = np.linspace(0, 1, n_bins + 1)
        ids = np.digitize(q, e[1:-1], right=True)
        counts = np.bincount(ids, minlength=n_bins)
        keep = counts > 0
        prob_true = np.bincount(ids, weights=y01, minlength=n_bins)[keep] / counts[keep]
        prob_pred = np.bincount(ids, weights=q, minlength=n_bins)[keep] / counts[keep]
        return np.sum(counts[keep] * np.abs(prob_true - prob_pred)) / len(q)

    got = expected_calibration_error(y, p, n_bins=n_bins, strategy=strategy)
    assert got == pytest.approx(reference(y, p), rel=1e-12)
    # classwise bins each column of a 2-D array in one go
    proba = np.column_stack([0.6 * (1 - p), p, 0.4 * (1 - p)])
    y3 = np.where(y == 1, 1, rng.choice([0, 2], size=len(y)))
    expected = np.mean(
        [reference((y3 == k).astype(int), proba[:, k]) for k in range(3)]
    )
    got = expected_calibration_error(
        y3, proba, n_bins=n_bins, strategy=strategy, multiclass="classwise"
    )
    assert got == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
def test_classwise_is_mean_of_one_vs_rest_calibration_curves(strategy):
    y, proba = _multiclass()
    per_class = []
    for k in range(proba.shape[1]):
        counts, gaps = _reference_gaps((y == k).astype(int), proba[:, k], 10, strategy)
        per_class.append((np.sum(counts * gaps) / len(y), gaps.max()))
    per_class = np.array(per_class)
    kw = {"n_bins": 10, "strategy": strategy, "multiclass": "classwise"}
    assert expected_calibration_error(y, proba, **kw) == pytest.approx(
        per_class[:, 0].mean()
    )
    assert maximum_calibration_error(y, proba, **kw) == pytest.approx(
        per_class[:, 1].max()
    )


def test_top_label_is_calibration_curve_of_confidence():
    y, proba = _multiclass()
    confidence = proba.max(axis=1)
    correct = (proba.argmax(axis=1) == y).astype(int)
    counts, gaps = _reference_gaps(correct, confidence, 10, "uniform")
    assert expected_calibration_error(y, proba, n_bins=10) == pytest.approx(
        np.sum(counts * gaps) / len(y)
    )


def test_brier_score_equals_sklearn():
    y, p = _tricky_binary()
    w = np.random.default_rng(1).uniform(size=len(y))
    assert brier_score_loss(y, p) == pytest.approx(sklearn_brier_score_loss(y, p))
    assert brier_score_loss(y, np.column_stack([1 - p, p])) == pytest.approx(
        sklearn_brier_score_loss(y, p)
    )
    assert brier_score_loss(y, p, sample_weight=w) == pytest.approx(
        sklearn_brier_score_loss(y, p, sample_weight=w)
    )
    ym, proba = _multiclass()
    assert brier_score_loss(ym, proba) == pytest.approx(
        sklearn_brier_score_loss(ym, proba)
    )
    names = np.array(["a", "b", "c"])[ym]
    assert brier_score_loss(names, proba, labels=["a", "b", "c"]) == pytest.approx(
        sklearn_brier_score_loss(names, proba, labels=["a", "b", "c"])
    )
    # binary with string labels: the positive class is labels[1]
    yn = np.where(y == 1, "spam", "ham")
    assert brier_score_loss(yn, p, labels=["ham", "spam"]) == pytest.approx(
        sklearn_brier_score_loss(yn, p, pos_label="spam")
    )


def test_brier_decomposition_identity_is_exact():
    y, p = _tricky_binary()
    w = np.random.default_rng(2).uniform(0.5, 2, size=len(y))
    for strategy in ("uniform", "quantile"):
        d = brier_decomposition(y, p, n_bins=7, strategy=strategy, sample_weight=w)
        assert d.brier == pytest.approx(sklearn_brier_score_loss(y, p, sample_weight=w))
        rebuilt = (
            d.reliability
            - d.resolution
            + d.uncertainty
            + d.within_bin_variance
            - 2 * d.within_bin_covariance
        )
        assert rebuilt == pytest.approx(d.brier, abs=1e-12)
        base = np.average(y, weights=w)
        assert d.uncertainty == pytest.approx(base * (1 - base))


def test_brier_decomposition_reliability_matches_calibration_curve():
    y, p = _tricky_binary()
    counts, gaps = _reference_gaps(y, p, 10, "uniform")
    d = brier_decomposition(y, p, n_bins=10)
    assert d.reliability == pytest.approx(np.sum(counts * gaps**2) / len(y))


def test_hosmer_lemeshow_matches_pandas_qcut_reference():
    rng = np.random.default_rng(3)
    p = rng.uniform(0.05, 0.95, size=500)
    y = (rng.uniform(size=500) < p).astype(int)
    groups = pd.qcut(p, 10, duplicates="drop")
    frame = pd.DataFrame({"y": y, "p": p, "g": groups})
    agg = frame.groupby("g", observed=True).agg(
        o=("y", "sum"), e=("p", "sum"), n=("y", "size")
    )
    h = np.sum((agg.o - agg.e) ** 2 / (agg.e * (1 - agg.e / agg.n)))
    res = hosmer_lemeshow_test(y, p)
    assert res.statistic == pytest.approx(h)
    assert res.pvalue == pytest.approx(stats.chi2.sf(h, len(agg) - 2))


def _smooth_ece_reference(y, p):
    """smECE with the exact reflected kernel, quadrature and a root finder."""
    r = (y - p) / len(p)

    def kernel(t, sigma):
        total = 0.0
        for k in range(-3, 4):
            total = total + stats.norm.pdf(t - p + 2 * k, scale=sigma)
            total = total + stats.norm.pdf(t + p + 2 * k, scale=sigma)
        return total

    def sm(sigma):
        t = np.linspace(0, 1, 4001)
        values = np.abs(kernel(t[:, None], sigma) @ r)
        return integrate.trapezoid(values, t)

    sigma = optimize.brentq(lambda s: sm(s) - s, 1e-3, 1.0, xtol=1e-7)
    return sm(sigma), sigma


def test_smooth_ece_matches_direct_kernel_reference():
    rng = np.random.default_rng(4)
    p = rng.uniform(size=150)
    y = (rng.uniform(size=150) < p**2).astype(float)
    expected, expected_sigma = _smooth_ece_reference(y, p)
    value, sigma = smooth_expected_calibration_error(y, p, return_bandwidth=True)
    assert value == pytest.approx(expected, rel=2e-3)
    assert sigma == pytest.approx(expected_sigma, rel=2e-3)


def test_smooth_ece_constant_prediction_is_the_gap():
    y = np.array([1] * 3 + [0] * 7)
    assert smooth_expected_calibration_error(y, np.full(10, 0.5)) == pytest.approx(
        0.2, abs=1e-4
    )


def test_smooth_ece_perfect_predictions_is_zero():
    assert smooth_expected_calibration_error(
        [0, 1, 1, 0], [0.0, 1.0, 1.0, 0.0]
    ) == pytest.approx(0.0)


# --------------------------------------------------------------------------
# Statistical behaviour
# --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def calibrated_and_not():
    rng = np.random.default_rng(5)
    n = 100_000
    p = rng.uniform(size=n)
    y_cal = (rng.uniform(size=n) < p).astype(int)
    y_mis = (rng.uniform(size=n) < p**1.5).astype(int)  # E[p - p**1.5] = 0.1
    return p, y_cal, y_mis


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
def test_errors_near_zero_when_calibrated_and_clearly_above_when_not(
    calibrated_and_not, strategy
):
    p, y_cal, y_mis = calibrated_and_not
    ece_cal = expected_calibration_error(y_cal, p, strategy=strategy)
    ece_mis = expected_calibration_error(y_mis, p, strategy=strategy)
    assert ece_cal < 0.01
    assert ece_mis > 0.08
    assert expected_calibration_error(y_mis, p, norm="l2", debias=True) > 0.08
    assert maximum_calibration_error(y_cal, p, strategy=strategy) < 0.03
    assert maximum_calibration_error(y_mis, p, strategy=strategy) > 0.1


def test_smooth_ece_near_zero_when_calibrated_and_clearly_above_when_not(
    calibrated_and_not,
):
    p, y_cal, y_mis = calibrated_and_not
    assert smooth_expected_calibration_error(y_cal, p) < 0.01
    assert smooth_expected_calibration_error(y_mis, p) > 0.05


def test_tests_accept_calibrated_and_reject_miscalibrated(calibrated_and_not):
    p, y_cal, y_mis = calibrated_and_not
    idx = slice(0, 5000)
    assert hosmer_lemeshow_test(y_mis[idx], p[idx]).pvalue < 1e-6
    assert hosmer_lemeshow_test(y_cal[idx], p[idx]).pvalue > 1e-3
    assert spiegelhalter_test(y_cal[idx], p[idx]).pvalue > 1e-3
    # Spiegelhalter's Z weighs residuals by (1 - 2p): it targets over- and
    # under-confidence, so test it on predictions twice as far from 1/2 as
    # the truth.
    rng = np.random.default_rng(7)
    y_over = (rng.uniform(size=5000) < 0.5 + (p[idx] - 0.5) / 2).astype(int)
    res = spiegelhalter_test(y_over, p[idx])
    assert res.statistic > 0 and res.pvalue < 1e-6


def test_debiased_below_plug_in_on_calibrated_data(calibrated_and_not):
    p, y_cal, _ = calibrated_and_not
    for n in (500, 5000, 100_000):
        plug_in = expected_calibration_error(y_cal[:n], p[:n], norm="l2")
        debiased = expected_calibration_error(y_cal[:n], p[:n], norm="l2", debias=True)
        assert debiased < plug_in


# --------------------------------------------------------------------------
# Weights and invariances
# --------------------------------------------------------------------------
_WEIGHTED_METRICS = [
    lambda y, p, **kw: expected_calibration_error(y, p, **kw),
    lambda y, p, **kw: expected_calibration_error(y, p, strategy="quantile", **kw),
    lambda y, p, **kw: expected_calibration_error(y, p, norm="l2", **kw),
    lambda y, p, **kw: expected_calibration_error(y, p, norm="l2", debias=True, **kw),
    lambda y, p, **kw: maximum_calibration_error(y, p, strategy="quantile", **kw),
    lambda y, p, **kw: smooth_expected_calibration_error(y, p, **kw),
    lambda y, p, **kw: brier_score_loss(y, p, **kw),
    lambda y, p, **kw: tuple(brier_decomposition(y, p, strategy="quantile", **kw)),
    lambda y, p, **kw: tuple(hosmer_lemeshow_test(y, p, **kw)),
    lambda y, p, **kw: tuple(spiegelhalter_test(y, p, **kw)),
]


@pytest.mark.parametrize("metric", _WEIGHTED_METRICS)
def test_weight_two_equals_duplicated_rows(metric):
    y, p = _tricky_binary(n=200, seed=6)
    w = np.ones(len(y))
    w[::3] = 2
    w[1::7] = 0
    dup = np.repeat(np.arange(len(y)), w.astype(int))
    np.testing.assert_allclose(
        metric(y, p, sample_weight=w), metric(y[dup], p[dup]), rtol=1e-9, atol=1e-12
    )


def test_weight_two_equals_duplicated_rows_multiclass():
    y, proba = _multiclass(n=200)
    w = np.where(np.arange(len(y)) % 4 == 0, 2.0, 1.0)
    dup = np.repeat(np.arange(len(y)), w.astype(int))
    for kw in (
        {"multiclass": "top_label"},
        {"multiclass": "classwise", "strategy": "quantile"},
    ):
        assert expected_calibration_error(
            y, proba, sample_weight=w, **kw
        ) == pytest.approx(expected_calibration_error(y[dup], proba[dup], **kw))


@settings(max_examples=25, deadline=None)
@given(
    data=st.lists(
        st.tuples(st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.73, 1.0]), st.booleans()),
        min_size=2,
        max_size=40,
    ),
    seed=st.integers(0, 2**16),
)
def test_metrics_are_permutation_invariant(data, seed):
    p = np.array([d[0] for d in data])
    y = np.array([d[1] for d in data], dtype=int)
    perm = np.random.default_rng(seed).permutation(len(p))
    for kw in ({}, {"strategy": "quantile", "n_bins": 4}, {"norm": "max"}):
        assert expected_calibration_error(y[perm], p[perm], **kw) == pytest.approx(
            expected_calibration_error(y, p, **kw), abs=1e-12
        )
    assert brier_score_loss(y[perm], p[perm]) == pytest.approx(brier_score_loss(y, p))
    assert smooth_expected_calibration_error(y[perm], p[perm]) == pytest.approx(
        smooth_expected_calibration_error(y, p), abs=1e-9
    )


def test_labels_map_missing_classes():
    # A fold without class 2: labels tell which column is which.
    proba = np.array([[0.7, 0.2, 0.1], [0.2, 0.7, 0.1], [0.6, 0.3, 0.1]])
    y = np.array(["a", "b", "a"])
    got = expected_calibration_error(y, proba, n_bins=2, labels=["a", "b", "c"])
    # confidences .7 .7 .6, all correct: one bin, mean .666..., accuracy 1
    assert got == pytest.approx(1 - 2 / 3)
    # binary folds with a single class
    assert brier_score_loss(["x", "x"], [0.2, 0.4], labels=["x", "y"]) == pytest.approx(
        (0.04 + 0.16) / 2
    )


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------
def test_calibration_report_binary_series():
    y, p = _tricky_binary()
    report = calibration_report(y, p, n_bins=10)
    assert isinstance(report, pd.Series)
    assert report["brier_score"] == pytest.approx(sklearn_brier_score_loss(y, p))
    assert report["log_loss"] == pytest.approx(log_loss(y, p))
    counts, gaps = _reference_gaps(y, p, 10, "uniform")
    assert report["ece"] == pytest.approx(np.sum(counts * gaps) / len(y))
    assert report["mce"] == pytest.approx(gaps.max())
    assert report["n_samples"] == len(y)
    for key in ("smooth_ece", "hosmer_lemeshow_pvalue", "spiegelhalter_pvalue"):
        assert np.isfinite(report[key])


def test_calibration_report_multiclass_frame():
    y, proba = _multiclass()
    frame = calibration_report(y, proba)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.index) == ["top_label", "class 0", "class 1", "class 2"]
    assert frame.attrs["log_loss"] == pytest.approx(log_loss(y, proba))
    assert frame.attrs["brier_score"] == pytest.approx(
        sklearn_brier_score_loss(y, proba)
    )
    assert frame.loc["class 1", "brier_score"] == pytest.approx(
        sklearn_brier_score_loss(y == 1, proba[:, 1])
    )


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "y, p, kwargs, match",
    [
        ([0, 1], [0.2, np.nan], {}, "NaN"),
        ([0, 1], [0.2, np.inf], {}, "inf"),
        ([0, np.nan], [0.2, 0.3], {}, "NaN"),
        ([0, 1], [0.2, 1.3], {}, r"\[0, 1\]"),
        ([0, 1], [-0.1, 0.3], {}, r"\[0, 1\]"),
        ([0, 1, 2], [[0.5, 0.4, 0.2]] * 3, {}, "sum to 1"),
        ([0, 1, 1], [0.2, 0.3], {}, "Inconsistent numbers of samples"),
        ([0, 1], [0.2, 0.3], {"n_bins": 0}, "n_bins"),
        ([0, 1], [0.2, 0.3], {"n_bins": 2.5}, "n_bins"),
        ([0, 1], [0.2, 0.3], {"strategy": "kmeans"}, "strategy"),
        ([0, 1], [0.2, 0.3], {"norm": "l3"}, "norm"),
        ([0, 1], [0.2, 0.3], {"multiclass": "ovr"}, "multiclass"),
        ([0, 1], [0.2, 0.3], {"debias": True}, "norm='l2'"),
        ([0, 2], [0.2, 0.3], {}, "binary labels"),
        ([0, 1], [[0.2, 0.3, 0.5]] * 2, {}, "classes but y_prob has 3 columns"),
        ([0, 1], [0.2, 0.3], {"sample_weight": [1, -1]}, "non-negative"),
        ([0, 3], [[0.2, 0.3, 0.5]] * 2, {"labels": [0, 1, 2]}, "not in labels"),
    ],
)
def test_bad_input_raises_value_error_naming_the_problem(y, p, kwargs, match):
    with pytest.raises(ValueError, match=match):
        expected_calibration_error(y, p, **kwargs)


def test_binary_only_metrics_refuse_multiclass():
    y, proba = _multiclass(n=30)
    for func in (brier_decomposition, hosmer_lemeshow_test, spiegelhalter_test):
        with pytest.raises(ValueError, match="binary only"):
            func(y, proba)


def test_hosmer_lemeshow_needs_three_groups():
    with pytest.raises(ValueError, match="3 non-empty groups"):
        hosmer_lemeshow_test([0, 1, 0, 1], [0.2, 0.2, 0.7, 0.7])
    with pytest.raises(ValueError, match="n_bins"):
        hosmer_lemeshow_test([0, 1], [0.2, 0.7], n_bins=2)


@pytest.mark.parametrize(
    "n_bins, strategy, n_binnings", [(15, "uniform", 2), (10, "quantile", 1)]
)
def test_calibration_report_validates_and_bins_once(
    monkeypatch, n_bins, strategy, n_binnings
):
    from sklearn_losses.metrics import _report

    calls = {"check_target": 0, "bin_columns": 0}

    def counted(name, func):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return func(*args, **kwargs)

        return wrapper

    for name in calls:
        monkeypatch.setattr(_report, name, counted(name, getattr(_report, name)))
    y, proba = _multiclass()
    calibration_report(y, proba, n_bins=n_bins, strategy=strategy)
    # one validation; one binning of all the rows (plus the Hosmer-Lemeshow
    # deciles when the report's bins are not deciles)
    assert calls == {"check_target": 1, "bin_columns": n_binnings}


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
def test_calibration_report_rows_equal_the_metric_functions(strategy):
    y, p = _tricky_binary()
    w = np.random.default_rng(9).uniform(0.5, 2, size=len(y))
    kw = {"n_bins": 7, "strategy": strategy, "sample_weight": w}
    report = calibration_report(y, p, **kw)
    assert report["ece"] == expected_calibration_error(y, p, **kw)
    assert report["ece_l2_debiased"] == expected_calibration_error(
        y, p, norm="l2", debias=True, **kw
    )
    assert report["mce"] == maximum_calibration_error(y, p, **kw)
    decomposition = brier_decomposition(y, p, **kw)
    assert report["reliability"] == decomposition.reliability
    assert report["within_bin_covariance"] == decomposition.within_bin_covariance
    assert report["smooth_ece"] == smooth_expected_calibration_error(
        y, p, sample_weight=w
    )
    assert report["hosmer_lemeshow_statistic"] == (
        hosmer_lemeshow_test(y, p, sample_weight=w).statistic
    )
    assert (
        report["spiegelhalter_pvalue"]
        == spiegelhalter_test(y, p, sample_weight=w).pvalue
    )
    # multiclass: the classwise ECE is the mean of the per-class rows' ECEs
    ym, proba = _multiclass()
    frame = calibration_report(ym, proba, n_bins=7, strategy=strategy)
    classwise = expected_calibration_error(
        ym, proba, n_bins=7, strategy=strategy, multiclass="classwise"
    )
    assert frame.attrs["ece_classwise"] == pytest.approx(classwise)
    assert frame.attrs["ece_classwise"] == pytest.approx(frame["ece"].iloc[1:].mean())


# --------------------------------------------------------------------------
# Deprecated names
# --------------------------------------------------------------------------
def test_deprecated_aliases_warn_and_return_the_same_values():
    from sklearn_losses.metrics import brier_score, smooth_ece

    y, p = _tricky_binary(n=100)
    with pytest.warns(FutureWarning, match="brier_score_loss"):
        assert brier_score(y, p) == brier_score_loss(y, p)
    with pytest.warns(FutureWarning, match="smooth_expected_calibration_error"):
        value = smooth_ece(y, p, return_bandwidth=True)
    assert value == smooth_expected_calibration_error(y, p, return_bandwidth=True)


def test_invalid_options_name_the_valid_values():
    with pytest.raises(ValueError, match=r"'strategy'.*\{.*'quantile'.*\}"):
        brier_decomposition([0, 1], [0.2, 0.3], strategy="kmeans")
    with pytest.raises(ValueError, match="'return_bandwidth'"):
        smooth_expected_calibration_error([0, 1], [0.2, 0.3], return_bandwidth=1)
    with pytest.raises(ValueError, match="'sample_weight'"):
        brier_score_loss([0, 1], [0.2, 0.3], sample_weight=2.0)
