"""Metrics at the edges: the cases a hostile user tries, each against a reference.

Families: the scale of the weights, mass at 0 and 1 in the smooth ECE, the
classwise debiased ECE, undefined test statistics, and bad input.
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from _calibration_references import (
    classwise_debiased_reference,
    debiased_square_reference,
    ece_reference,
    smooth_ece_reference,
)
from sklearn.calibration import calibration_curve
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss as sklearn_brier_score_loss

from sklearn_losses.metrics import (
    ReliabilityDiagramDisplay,
    brier_decomposition,
    brier_score_loss,
    calibration_report,
    expected_calibration_error,
    get_scorer,
    hosmer_lemeshow_test,
    maximum_calibration_error,
    smooth_expected_calibration_error,
    spiegelhalter_test,
)

_SCALES = [1e-6, 0.1, 0.5, 1.0, 3.0, 1e6]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _binary(n=120, seed=0):
    rng = np.random.default_rng(seed)
    p = np.round(rng.uniform(size=n), 2)  # ties: quantile cuts land on data
    y = (rng.uniform(size=n) < p**1.3).astype(int)
    w = rng.integers(1, 5, size=n).astype(float)
    return y, p, w


# --------------------------------------------------------------------------
# The scale of the weights (the weighted quantile)
# --------------------------------------------------------------------------
@pytest.mark.parametrize("weight", [1.0, 0.5, 0.1, 1e-9])
def test_issue_example_quantile_ece_does_not_depend_on_weight_scale(weight):
    # was 0.25, 0.175, 0.025: the quantile collapsed when weights summed to <= 1
    y, p = [0, 0, 1, 1], [0.1, 0.4, 0.6, 0.9]
    got = expected_calibration_error(
        y, p, n_bins=2, strategy="quantile", sample_weight=[weight] * 4
    )
    assert got == pytest.approx(0.25, rel=1e-12)


_SCALE_FREE = {
    "ece quantile": lambda y, p, **kw: expected_calibration_error(
        y, p, n_bins=7, strategy="quantile", **kw
    ),
    "ece l2 quantile": lambda y, p, **kw: expected_calibration_error(
        y, p, n_bins=7, strategy="quantile", norm="l2", **kw
    ),
    "mce quantile": lambda y, p, **kw: maximum_calibration_error(
        y, p, n_bins=7, strategy="quantile", **kw
    ),
    "ece uniform": lambda y, p, **kw: expected_calibration_error(y, p, **kw),
    "smooth ece": lambda y, p, **kw: smooth_expected_calibration_error(y, p, **kw),
    "brier": lambda y, p, **kw: brier_score_loss(y, p, **kw),
    "decomposition quantile": lambda y, p, **kw: tuple(
        brier_decomposition(y, p, n_bins=5, strategy="quantile", **kw)
    ),
    "diagram edges": lambda y, p, **kw: (
        ReliabilityDiagramDisplay.from_predictions(
            y, p, n_bins=6, strategy="quantile", hist=False, **kw
        ).bin_edges
    ),
}


@pytest.mark.parametrize("scale", _SCALES)
@pytest.mark.parametrize("name", list(_SCALE_FREE))
def test_scaling_every_weight_changes_no_metric(name, scale):
    y, p, w = _binary()
    metric = _SCALE_FREE[name]
    np.testing.assert_allclose(
        metric(y, p, sample_weight=w * scale),
        metric(y, p, sample_weight=w),
        rtol=1e-9,
        atol=1e-15,
    )


@pytest.mark.parametrize("name", list(_SCALE_FREE))
def test_integer_weights_equal_repeated_rows(name):
    y, p, w = _binary(seed=1)
    w[::5] = 0.0
    rows = np.repeat(np.arange(len(y)), w.astype(int))
    metric = _SCALE_FREE[name]
    np.testing.assert_allclose(
        metric(y, p, sample_weight=w), metric(y[rows], p[rows]), rtol=1e-9, atol=1e-15
    )


@pytest.mark.parametrize("name", list(_SCALE_FREE))
def test_equal_weights_are_no_weights(name):
    y, p, _ = _binary(seed=2)
    metric = _SCALE_FREE[name]
    np.testing.assert_allclose(
        metric(y, p, sample_weight=np.full(len(y), 0.01)),
        metric(y, p),
        rtol=1e-9,
        atol=1e-15,
    )


@pytest.mark.parametrize("scale", _SCALES)
def test_weighted_quantile_ece_equals_the_exact_reference(scale):
    y, p, w = _binary(seed=3)
    for norm in ("l1", "l2", "max"):
        got = expected_calibration_error(
            y, p, n_bins=7, strategy="quantile", norm=norm, sample_weight=w * scale
        )
        expected = ece_reference(y, p, 7, "quantile", norm, sample_weight=w)
        assert got == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("scale", _SCALES)
def test_tests_scale_as_frequency_weights_say(scale):
    # Hosmer-Lemeshow groups do not move; H scales by c and Z by sqrt(c).
    y, p, w = _binary(seed=4)
    hl, hl_scaled = (
        hosmer_lemeshow_test(y, p, sample_weight=w),
        hosmer_lemeshow_test(y, p, sample_weight=w * scale),
    )
    assert hl_scaled.statistic == pytest.approx(scale * hl.statistic, rel=1e-9)
    z = spiegelhalter_test(y, p, sample_weight=w).statistic
    z_scaled = spiegelhalter_test(y, p, sample_weight=w * scale).statistic
    assert z_scaled == pytest.approx(np.sqrt(scale) * z, rel=1e-9)


@pytest.mark.parametrize("scale", [0.3, 1.0, 2.0, 7.0])
def test_debiased_ece_uses_frequency_weights(scale):
    y, p, w = _binary(n=300, seed=5)
    got = expected_calibration_error(
        y,
        p,
        n_bins=5,
        strategy="quantile",
        norm="l2",
        debias=True,
        sample_weight=w * scale,
    )
    square = debiased_square_reference(y, p, 5, "quantile", sample_weight=w * scale)
    assert got == pytest.approx(np.sqrt(max(square, 0.0)), rel=1e-9, abs=1e-12)


# --------------------------------------------------------------------------
# Smooth ECE: mass at and near 0 and 1 counts fully
# --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "y, p, expected",
    [
        ([0], [1.0], 1.0),
        ([1], [0.0], 1.0),
        ([0, 0], [1.0, 1.0], 1.0),
        ([1], [1e-4], 1 - 1e-4),  # within one grid step of 0
        ([0], [1 - 1e-4], 1 - 1e-4),
        ([1], [0.3], 0.7),
        ([1, 1], [1.0, 1.0], 0.0),
    ],
)
def test_smooth_ece_of_a_single_prediction_is_its_error(y, p, expected):
    # one point mass: the reflected kernel integrates to 1 on [0, 1] at every
    # bandwidth, so smECE_sigma is the residual for all sigma
    assert smooth_expected_calibration_error(y, p) == pytest.approx(expected, abs=1e-6)


_CONFIDENT = [
    # all mass at the ends, right and wrong
    ([0, 1, 1, 0, 1], [0.0, 1.0, 1.0, 1.0, 0.0]),
    # within a grid step of the ends
    ([0, 1, 1, 0, 1, 0], [1e-6, 0.9999, 1.0, 0.002, 0.001, 0.998]),
    # a confident classifier: most mass near the ends, some in the middle
    (
        [1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1],
        [0.99, 1.0, 0.01, 0.0, 0.6, 0.3, 0.97, 0.995, 0.02, 0.999, 0.001, 0.5],
    ),
]


@pytest.mark.parametrize("y, p", _CONFIDENT)
def test_smooth_ece_at_the_ends_equals_the_brute_force_definition(y, p):
    got = smooth_expected_calibration_error(y, p)
    assert got == pytest.approx(smooth_ece_reference(p, y), abs=5e-5)
    w = np.linspace(0.5, 2.0, len(y))
    got = smooth_expected_calibration_error(y, p, sample_weight=w)
    assert got == pytest.approx(smooth_ece_reference(p, y, w), abs=5e-5)


def test_smooth_ece_scorer_and_report_count_the_ends_fully():
    y, p = map(np.array, _CONFIDENT[2])
    expected = smooth_ece_reference(p, y)
    assert calibration_report(y, p)["smooth_ece"] == pytest.approx(expected, abs=5e-5)
    X = np.column_stack([np.log(p + 1e-9) - np.log1p(-p + 1e-9)])
    clf = LogisticRegression(C=1e6).fit(X, y)
    scorer = get_scorer("neg_smooth_ece")
    reference = smooth_ece_reference(clf.predict_proba(X)[:, 1], y)
    assert scorer(clf, X, y) == pytest.approx(-reference, abs=5e-5)


# --------------------------------------------------------------------------
# Classwise debiased L2 ECE (Kumar et al. 2019): clip each class first
# --------------------------------------------------------------------------
@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_classwise_debiased_ece_clips_each_class(strategy, seed):
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=(60, 3)) * np.array([0.2, 2.0, 2.0])
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    # classes 1 and 2 sharpened (miscalibrated), class 0 calibrated: its
    # debiased estimate tends below 0
    y = np.array([rng.choice(3, p=row**0.5 / (row**0.5).sum()) for row in proba])
    got = expected_calibration_error(
        y,
        proba,
        n_bins=4,
        strategy=strategy,
        norm="l2",
        debias=True,
        multiclass="classwise",
    )
    expected = classwise_debiased_reference(y, proba, 4, strategy)
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_classwise_debiased_ece_differs_from_clipping_the_mean():
    # a class with a negative debiased estimate must not cancel the others
    rng = np.random.default_rng(3)
    proba = rng.dirichlet([1, 1, 1], size=40)
    y = np.array([rng.choice(3, p=row) for row in proba])
    y[proba[:, 2] > 0.5] = 2  # class 2 under-confident: positive estimate
    squares = [
        debiased_square_reference((y == k) * 1.0, proba[:, k], 3, "uniform")
        for k in range(3)
    ]
    assert min(squares) < 0 < max(squares)
    got = expected_calibration_error(
        y, proba, n_bins=3, norm="l2", debias=True, multiclass="classwise"
    )
    assert got == pytest.approx(np.sqrt(np.mean(np.maximum(squares, 0))), rel=1e-9)
    assert got > np.sqrt(max(np.mean(squares), 0)) + 1e-6


# --------------------------------------------------------------------------
# Undefined statistics: a ValueError from the function, "not defined" in the
# report, never NaN
# --------------------------------------------------------------------------
_NO_SPIEGELHALTER = [
    ([0, 1, 1, 0], [0.5] * 4, None),
    ([0, 1, 1, 0], [0.0, 1.0, 1.0, 0.0], None),
    ([0, 1, 1, 0], [0.0, 0.5, 1.0, 0.5], None),
    ([0, 1, 1], [0.5, 0.2, 0.5], [1.0, 0.0, 2.0]),  # the informative row has weight 0
]


@pytest.mark.parametrize("y, p, w", _NO_SPIEGELHALTER)
def test_spiegelhalter_without_variance_raises(y, p, w):
    with pytest.raises(ValueError, match="not defined.*zero variance"):
        spiegelhalter_test(y, p, sample_weight=w)


_FEW_GROUPS = [
    ([0, 1, 0, 1], [0.3] * 4, None),
    ([0, 1, 0, 1], [0.2, 0.2, 0.7, 0.7], None),
    ([0, 1, 0, 1], [0.2, 0.4, 0.6, 0.8], [1.0, 0.0, 0.0, 1.0]),
    ([1], [0.3], None),
]


@pytest.mark.parametrize("y, p, w", _FEW_GROUPS)
def test_hosmer_lemeshow_with_fewer_than_three_groups_raises(y, p, w):
    with pytest.raises(ValueError, match="not defined.*3 non-empty groups"):
        hosmer_lemeshow_test(y, p, sample_weight=w)


@pytest.mark.parametrize(
    "y, p, w", _NO_SPIEGELHALTER + _FEW_GROUPS, ids=lambda v: str(v)[:20]
)
def test_report_shows_undefined_tests_as_not_defined_with_the_reason(y, p, w):
    report = calibration_report(y, p, sample_weight=w)
    numbers = report.drop("note")
    assert not any(isinstance(v, float) and np.isnan(v) for v in numbers)
    undefined = [key for key, v in numbers.items() if v == "not defined"]
    assert undefined, "some test is undefined here"
    assert set(undefined) <= {
        "hosmer_lemeshow_statistic",
        "hosmer_lemeshow_pvalue",
        "spiegelhalter_statistic",
        "spiegelhalter_pvalue",
    }
    for name in {key.rsplit("_", 1)[0] for key in undefined}:
        assert name.split("_")[0].capitalize() in report["note"].replace("-", "_")
    printed = report.to_string(float_format=lambda v: f"{v:.4g}")
    assert "nan" not in printed.lower()


def test_report_without_undefined_entries_has_floats_and_no_note():
    y, p, _ = _binary()
    report = calibration_report(y, p)
    assert "note" not in report.index
    assert report.dtype == float and np.all(np.isfinite(report.to_numpy()))


def test_multiclass_report_notes_only_the_rows_concerned():
    proba = np.array([[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.2, 0.2, 0.6]] * 4)
    proba[:, 0] = np.where(np.arange(12) % 2 == 0, 0.5, 0.5)  # class 0: all 0.5
    proba[:, 1:] = 0.5 * proba[:, 1:] / proba[:, 1:].sum(axis=1, keepdims=True)
    y = np.arange(12) % 3
    frame = calibration_report(y, proba, n_bins=5)
    assert frame.loc["class 0", "spiegelhalter_statistic"] == "not defined"
    assert "Spiegelhalter" in frame.loc["class 0", "note"]
    assert isinstance(frame.loc["class 1", "spiegelhalter_statistic"], float)
    assert frame.loc["class 1", "note"] == ""
    values = frame.drop(columns="note").to_numpy().ravel()
    assert not any(isinstance(v, float) and np.isnan(v) for v in values)


# --------------------------------------------------------------------------
# Bad input: every public metric, a message naming the argument
# --------------------------------------------------------------------------
_METRICS = {
    "ece": expected_calibration_error,
    "mce": maximum_calibration_error,
    "smooth_ece": smooth_expected_calibration_error,
    "brier": brier_score_loss,
    "decomposition": brier_decomposition,
    "hosmer_lemeshow": lambda y, p, **kw: hosmer_lemeshow_test(y, p, n_bins=3, **kw),
    "spiegelhalter": spiegelhalter_test,
    "report": calibration_report,
    "diagram": lambda y, p, **kw: ReliabilityDiagramDisplay.from_predictions(
        y, p, hist=False, **kw
    ),
}
_Y, _P = [0, 1, 1, 0, 1], [0.2, 0.7, 0.9, 0.4, 0.6]
_BAD = {
    "ragged y_prob": ([0, 1], [[0.5, 0.5], [1.0]], {}, r"y_prob .*rectangular"),
    "ragged y_prob object": (
        [0, 1],
        np.array([[0.5, 0.5], [1.0]], dtype=object),
        {},
        r"y_prob .*rectangular",
    ),
    "ragged y_true": ([[0], [1, 0]], [0.2, 0.7], {}, r"y_true .*rectangular"),
    "ragged sample_weight": (_Y, _P, {"sample_weight": [[1], [1, 2]]}, "sample_weight"),
    "nan y_prob": (_Y, [0.2, np.nan, 0.9, 0.4, 0.6], {}, "y_prob contains NaN"),
    "inf y_prob": (_Y, [0.2, np.inf, 0.9, 0.4, 0.6], {}, "y_prob contains inf"),
    "y_prob above 1": (_Y, [0.2, 1.5, 0.9, 0.4, 0.6], {}, r"y_prob .*\[0, 1\]"),
    "y_prob below 0": (_Y, [0.2, -0.1, 0.9, 0.4, 0.6], {}, r"y_prob .*\[0, 1\]"),
    "rows not summing to 1": (_Y, [[0.5, 0.6]] * 5, {}, "sum to 1"),
    "strings in y_prob": (
        _Y,
        ["0.2", "0.7", "0.9", "0.4", "0.6"],
        {},
        "y_prob .*numbers",
    ),
    "complex y_prob": (_Y, np.array(_P) + 0j, {}, "y_prob .*real"),
    "no columns": (_Y, np.zeros((5, 0)), {}, "y_prob has no columns"),
    "3-D y_prob": (_Y, np.zeros((5, 2, 2)), {}, "y_prob must have 1 or 2 dimensions"),
    "empty": ([], [], {}, "empty"),
    "unknown label": (_Y, _P, {"labels": [0, 2]}, "not in labels"),
    "labels not 0/1": ([0, 2, 2, 0, 2], _P, {}, "binary labels"),
    "nan y_true": ([0, np.nan, 1, 0, 1], _P, {}, "y_true contains NaN"),
    "length mismatch": (_Y[:4], _P, {}, "Inconsistent numbers of samples"),
    "weights too short": (_Y, _P, {"sample_weight": [1, 1]}, "sample_weight has 2"),
    "weights 2-D": (_Y, _P, {"sample_weight": np.ones((5, 1))}, "sample_weight"),
    "negative weight": (_Y, _P, {"sample_weight": [1, -1, 1, 1, 1]}, "non-negative"),
    "all-zero weights": (_Y, _P, {"sample_weight": [0] * 5}, "sum to zero"),
    "nan weight": (_Y, _P, {"sample_weight": [1, np.nan, 1, 1, 1]}, "NaN"),
    "inf weight": (_Y, _P, {"sample_weight": [1, np.inf, 1, 1, 1]}, "inf"),
    "overflowing weights": (_Y, _P, {"sample_weight": [1e308] * 5}, "overflows"),
    "string weights": (_Y, _P, {"sample_weight": ["1"] * 5}, "sample_weight .*numbers"),
    "missing label": ([0, None, 1, 0, 1], _P, {}, "y_true contains None"),
    "missing probability": (_Y, [0.2, None, 0.9, 0.4, 0.6], {}, "y_prob contains NaN"),
    "duplicate labels": (_Y, _P, {"labels": [1, 1]}, "distinct classes"),
}


@pytest.mark.parametrize("case", list(_BAD))
@pytest.mark.parametrize("metric", list(_METRICS))
def test_bad_input_raises_value_error_naming_it(metric, case):
    y, p, kwargs, match = _BAD[case]
    with pytest.raises(ValueError, match=match):
        _METRICS[metric](y, p, **kwargs)


_COUNT_OPTIONS = {
    "ece n_bins": (expected_calibration_error, "n_bins"),
    "mce n_bins": (maximum_calibration_error, "n_bins"),
    "decomposition n_bins": (brier_decomposition, "n_bins"),
    "report n_bins": (calibration_report, "n_bins"),
    "hosmer_lemeshow n_bins": (hosmer_lemeshow_test, "n_bins"),
    "diagram n_bins": (_METRICS["diagram"], "n_bins"),
    "diagram n_resamples": (
        lambda y, p, **kw: ReliabilityDiagramDisplay.from_predictions(
            y, p, hist=False, consistency_bands=0.9, **kw
        ),
        "n_resamples",
    ),
    "plot n_resamples": (
        lambda y, p, **kw: ReliabilityDiagramDisplay.from_predictions(
            y, p, hist=False
        ).plot(consistency_bands=0.9, **kw),
        "n_resamples",
    ),
}


@pytest.mark.parametrize("value", [True, False])
@pytest.mark.parametrize("case", list(_COUNT_OPTIONS))
def test_bool_counts_are_refused_naming_the_parameter(case, value):
    # True passed as an int and failed deep inside with "an integer is
    # required", naming no parameter.
    metric, name = _COUNT_OPTIONS[case]
    with pytest.raises(ValueError, match=f"'{name}' parameter .* int in the range"):
        metric(_Y, _P, **{name: value})


_EQUIVALENT_INPUTS = {
    "bools": (np.array(_Y, dtype=bool), _P),
    "pandas": (pd.Series(_Y), pd.Series(_P)),
    "pandas column": (pd.DataFrame({"y": _Y})["y"], pd.DataFrame({"p": _P})),
    "float32": (_Y, np.float32(_P)),
    "two columns": (_Y, np.column_stack([1 - np.array(_P), _P])),
    "string labels": (np.where(np.array(_Y) == 1, "yes", "no"), _P),
}


@pytest.mark.parametrize("name", list(_EQUIVALENT_INPUTS))
def test_equivalent_inputs_give_the_same_values(name):
    y, p = _EQUIVALENT_INPUTS[name]
    labels = ["no", "yes"] if name == "string labels" else None
    for metric in (expected_calibration_error, smooth_expected_calibration_error):
        got = metric(y, p, labels=labels)
        expected = metric(_Y, np.float32(_P) if name == "float32" else _P)
        assert got == pytest.approx(expected, rel=1e-12)
    expected_brier = np.mean((np.asarray(_P, dtype=float) - np.array(_Y)) ** 2)
    assert brier_score_loss(y, p, labels=labels) == pytest.approx(
        expected_brier, rel=1e-6
    )


def test_a_single_sample_gives_its_own_error():
    assert expected_calibration_error([1], [0.3]) == pytest.approx(0.7)
    assert brier_score_loss([1], [0.3]) == pytest.approx(0.49)
    assert expected_calibration_error([1], [0.3], norm="l2", debias=True) == 0.0
    report = calibration_report([1], [0.3])
    assert report["hosmer_lemeshow_statistic"] == "not defined"
    assert report["spiegelhalter_statistic"] == pytest.approx(
        (1 - 0.3) * (1 - 0.6) / np.sqrt((1 - 0.6) ** 2 * 0.3 * 0.7)
    )


# --------------------------------------------------------------------------
# Label encodings and the top label: every path equals scikit-learn's values
# --------------------------------------------------------------------------
def _tied_multiclass(n=9000, k=4, seed=0):
    """Probabilities with exact ties (on the maximum too), over several blocks."""
    rng = np.random.default_rng(seed)
    p = rng.integers(0, 3, size=(n, k)).astype(float) + rng.uniform(size=(n, k)) * (
        rng.uniform(size=(n, 1)) < 0.5
    )
    p[p.sum(axis=1) == 0, 0] = 1.0
    p /= p.sum(axis=1, keepdims=True)
    y = rng.integers(0, k, size=n)
    return y, p


def _sklearn_top_label_ece(y_codes, p, n_bins=15):
    pred = np.argmax(p, axis=1)
    conf = p[np.arange(len(pred)), pred]
    prob_true, prob_pred = calibration_curve(pred == y_codes, conf, n_bins=n_bins)
    edges = np.linspace(0, 1, n_bins + 1)
    counts = np.bincount(np.searchsorted(edges[1:-1], conf), minlength=n_bins)
    return np.sum(counts[counts > 0] * np.abs(prob_true - prob_pred)) / len(conf)


_ENCODINGS = {
    "int64": (lambda y: y, None),
    "int32": (lambda y: y.astype(np.int32), None),
    "uint8": (lambda y: y.astype(np.uint8), None),
    "offset": (lambda y: y + 5, None),
    "negative": (lambda y: y - 2, None),
    "float": (lambda y: y.astype(float), None),
    "strings": (lambda y: np.array(["a", "b", "c", "d"])[y], None),
    "labels": (lambda y: y, [0, 1, 2, 3]),
    "offset labels": (lambda y: y + 7, [7, 8, 9, 10]),
    "permuted labels": (lambda y: np.array([2, 0, 3, 1])[y], [2, 0, 3, 1]),
    "sparse labels": (lambda y: np.array([0, 5, 10, 40])[y], [0, 5, 10, 40]),
    "string labels": (lambda y: np.array(["d", "a", "c", "b"])[y], list("dacb")),
}


@pytest.mark.parametrize("name", list(_ENCODINGS))
def test_label_encodings_give_scikit_learns_values(name):
    y, p = _tied_multiclass()
    encode, labels = _ENCODINGS[name]
    y_enc = encode(y)
    # scikit-learn takes the columns in the sorted order of the labels
    sk_labels = np.unique(y_enc) if labels is None else np.asarray(labels)
    order = np.argsort(sk_labels)
    assert brier_score_loss(y_enc, p, labels=labels) == pytest.approx(
        sklearn_brier_score_loss(y_enc, p[:, order], labels=sk_labels[order]),
        rel=1e-12,
    )
    assert expected_calibration_error(y_enc, p, labels=labels) == pytest.approx(
        _sklearn_top_label_ece(y, p), rel=1e-12, abs=1e-15
    )


@pytest.mark.parametrize(
    "y, labels, match",
    [
        ([0, 1, 1, 0], None, "y_true has 2 classes but y_prob has 3"),
        ([0, 2, 2, 0], None, "y_true has 2 classes but y_prob has 3"),
        ([0, 1, 3, 2], None, "y_true has 4 classes but y_prob has 3"),
        ([0, 1, 3, 2], [0, 1, 2], "not in labels"),
        ([0, 1, -1, 2], [0, 1, 2], "not in labels"),
        ([5, 6, 7, 9], [5, 6, 7], "not in labels"),
    ],
)
def test_multiclass_label_mismatches_raise(y, labels, match):
    p = np.full((4, 3), 1 / 3)
    with pytest.raises(ValueError, match=match):
        expected_calibration_error(y, p, labels=labels)


@pytest.mark.parametrize("bad, word", [(np.nan, "NaN"), (np.inf, "inf")])
def test_multiclass_probabilities_name_nan_and_inf(bad, word):
    p = np.full((4, 3), 1 / 3)
    p[2, 1] = bad
    with pytest.raises(ValueError, match=f"y_prob contains {word}"):
        brier_score_loss([0, 1, 2, 0], p)


@pytest.mark.parametrize("dtype", [np.uint8, np.int32, bool])
def test_binary_integer_labels_give_scikit_learns_brier(dtype):
    y = np.array(_Y).astype(dtype)
    assert brier_score_loss(y, _P) == pytest.approx(
        sklearn_brier_score_loss(np.array(_Y), _P), rel=1e-12
    )


def test_top_label_same_for_any_memory_layout():
    """C-ordered rows take a flat-index path, other layouts numpy's own."""
    from sklearn_losses.metrics import expected_calibration_error

    rng = np.random.default_rng(0)
    y_prob = rng.dirichlet(np.ones(4), size=500)
    y = rng.integers(0, 4, size=500)
    reference = expected_calibration_error(y, y_prob)
    assert expected_calibration_error(y, np.asfortranarray(y_prob)) == reference
    wide = np.zeros((500, 8))
    wide[:, ::2] = y_prob
    assert expected_calibration_error(y, wide[:, ::2]) == reference
    # the top label's accuracy, computed directly
    picked = y_prob.argmax(axis=1)
    assert np.isclose(
        expected_calibration_error(y, y_prob, n_bins=1),
        abs(y_prob.max(axis=1).mean() - (picked == y).mean()),
    )


@pytest.mark.parametrize("n", [1, 7, 4096, 9000])
def test_top_label_kernel_equals_argmax_with_ties(n):
    """Blocked top label = numpy's max / argmax, first of tied maxima, any n."""
    from sklearn_losses.metrics._top_label import top_label, true_class_probability

    rng = np.random.default_rng(n)
    # coarse values make ties common, the true class often among them
    y_prob = rng.integers(0, 3, size=(n, 5)).astype(float) / 4
    y = rng.integers(0, 5, size=n)
    confidence, correct = top_label(y_prob, y)
    np.testing.assert_array_equal(confidence, y_prob.max(axis=1))
    np.testing.assert_array_equal(correct, y_prob.argmax(axis=1) == y)
    assert correct.dtype == np.float64
    picked = y_prob[np.arange(n), y]
    np.testing.assert_array_equal(true_class_probability(y_prob, y), picked)
    fortran = np.asfortranarray(y_prob)
    np.testing.assert_array_equal(true_class_probability(fortran, y), picked)
