"""Properties of the metrics on generated data (hypothesis).

Invariance to the order of the samples and to the scale of the weights, the
range of the ECE, agreement with scikit-learn's Brier score and log loss, and
the smooth ECE against a brute-force evaluation of its definition.
"""

import numpy as np
import pytest
from _calibration_references import smooth_ece_reference
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import brier_score_loss as sklearn_brier_score_loss
from sklearn.metrics import log_loss

from sklearn_losses.metrics import (
    brier_decomposition,
    brier_score_loss,
    calibration_report,
    expected_calibration_error,
    maximum_calibration_error,
    smooth_expected_calibration_error,
)

_FAST = settings(max_examples=50, deadline=None)

# probabilities with the ends, bin edges and ties well represented
_PROBABILITY = st.one_of(
    st.sampled_from([0.0, 1.0, 0.5, 0.2, 1e-12, 1 - 1e-12, 1 / 3]),
    st.floats(0.0, 1.0, allow_nan=False),
)
_WEIGHT = st.one_of(st.integers(0, 5).map(float), st.floats(0.01, 10.0))


@st.composite
def _binary(draw, min_size=1, max_size=25):
    n = draw(st.integers(min_size, max_size))
    p = np.array(draw(st.lists(_PROBABILITY, min_size=n, max_size=n)))
    y = np.array(draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)))
    w = np.array(draw(st.lists(_WEIGHT, min_size=n, max_size=n)))
    w[0] = max(w[0], 1.0)  # weights never all zero
    return y, p, w


@st.composite
def _multiclass(draw, max_size=20):
    n = draw(st.integers(1, max_size))
    k = draw(st.integers(3, 4))
    raw = np.array(
        draw(st.lists(st.floats(0.0, 1.0), min_size=n * k, max_size=n * k))
    ).reshape(n, k)
    raw[:, 0] += 1e-3  # rows never all zero
    proba = raw / raw.sum(axis=1, keepdims=True)
    y = np.array(draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    return y, proba, np.arange(k)


_ECE_OPTIONS = [
    {"norm": norm, "strategy": strategy, "n_bins": n_bins}
    for norm in ("l1", "l2", "max")
    for strategy in ("uniform", "quantile")
    for n_bins in (1, 3, 10)
] + [{"norm": "l2", "debias": True, "strategy": s} for s in ("uniform", "quantile")]


def _scale_free_metrics(y, p, **kw):
    """Every metric that depends on the weights only through their distribution."""
    values = [
        expected_calibration_error(y, p, **options, **kw)
        for options in _ECE_OPTIONS
        if not options.get("debias")  # frequency weights: depends on their scale
    ]
    values += [
        maximum_calibration_error(y, p, strategy="quantile", n_bins=4, **kw),
        smooth_expected_calibration_error(y, p, **kw),
        brier_score_loss(y, p, **kw),
        *brier_decomposition(y, p, strategy="quantile", n_bins=4, **kw),
    ]
    return np.array(values)


@_FAST
@given(data=_binary(), seed=st.integers(0, 2**32 - 1))
def test_metrics_do_not_depend_on_the_order_of_the_samples(data, seed):
    y, p, w = data
    perm = np.random.default_rng(seed).permutation(len(y))
    for kw in ({}, {"sample_weight": w}):
        shuffled = {k: v[perm] for k, v in kw.items()}
        np.testing.assert_allclose(
            _scale_free_metrics(y[perm], p[perm], **shuffled),
            _scale_free_metrics(y, p, **kw),
            rtol=1e-9,
            atol=1e-12,
        )


@_FAST
@given(data=_multiclass(), seed=st.integers(0, 2**32 - 1))
def test_multiclass_metrics_do_not_depend_on_the_order_of_the_samples(data, seed):
    y, proba, labels = data
    perm = np.random.default_rng(seed).permutation(len(y))
    for multiclass in ("top_label", "classwise"):
        for options in _ECE_OPTIONS:
            kw = {"multiclass": multiclass, "labels": labels, **options}
            assert expected_calibration_error(
                y[perm], proba[perm], **kw
            ) == pytest.approx(expected_calibration_error(y, proba, **kw), abs=1e-12)


@_FAST
@given(data=_binary(), scale=st.floats(1e-6, 1e6))
def test_metrics_do_not_depend_on_the_scale_of_the_weights(data, scale):
    y, p, w = data
    np.testing.assert_allclose(
        _scale_free_metrics(y, p, sample_weight=w * scale),
        _scale_free_metrics(y, p, sample_weight=w),
        rtol=1e-8,
        atol=1e-12,
    )


@_FAST
@given(data=_binary())
def test_integer_weights_equal_repeated_rows(data):
    y, p, w = data
    w = np.floor(w)
    w[0] = max(w[0], 1.0)
    rows = np.repeat(np.arange(len(y)), w.astype(int))
    np.testing.assert_allclose(
        _scale_free_metrics(y, p, sample_weight=w),
        _scale_free_metrics(y[rows], p[rows]),
        rtol=1e-9,
        atol=1e-12,
    )


@_FAST
@given(data=_binary(), weighted=st.booleans())
def test_ece_is_in_the_unit_interval(data, weighted):
    y, p, w = data
    kw = {"sample_weight": w} if weighted else {}
    for options in _ECE_OPTIONS:
        assert 0.0 <= expected_calibration_error(y, p, **options, **kw) <= 1.0
    assert 0.0 <= smooth_expected_calibration_error(y, p, **kw) <= 1.0 + 1e-9


@_FAST
@given(data=_multiclass())
def test_multiclass_ece_is_in_the_unit_interval(data):
    y, proba, labels = data
    for multiclass in ("top_label", "classwise"):
        for options in _ECE_OPTIONS:
            value = expected_calibration_error(
                y, proba, multiclass=multiclass, labels=labels, **options
            )
            assert 0.0 <= value <= 1.0


@_FAST
@given(data=_binary(), weighted=st.booleans())
def test_brier_and_log_loss_equal_scikit_learn(data, weighted):
    y, p, w = data
    kw = {"sample_weight": w} if weighted else {}
    assert brier_score_loss(y, p, **kw) == pytest.approx(
        sklearn_brier_score_loss(y, p, labels=[0, 1], **kw), rel=1e-12, abs=1e-15
    )
    report = calibration_report(y, p, **kw)
    assert report["brier_score"] == pytest.approx(
        sklearn_brier_score_loss(y, p, labels=[0, 1], **kw), rel=1e-12, abs=1e-15
    )
    assert report["log_loss"] == pytest.approx(
        log_loss(y, p, labels=[0, 1], **kw), rel=1e-12, abs=1e-15
    )


@_FAST
@given(data=_multiclass())
def test_multiclass_brier_equals_scikit_learn(data):
    y, proba, labels = data
    assert brier_score_loss(y, proba, labels=labels) == pytest.approx(
        sklearn_brier_score_loss(y, proba, labels=labels), rel=1e-12, abs=1e-15
    )


@settings(max_examples=20, deadline=None)
@given(data=_binary(max_size=8), weighted=st.booleans())
def test_smooth_ece_equals_the_brute_force_definition(data, weighted):
    y, p, w = data
    w = w if weighted else np.ones_like(w)
    if w.sum() == 0:
        w[0] = 1.0
    got = smooth_expected_calibration_error(y, p, sample_weight=w)
    assert got == pytest.approx(smooth_ece_reference(p, y, w, n_grid=4001), abs=2e-4)
