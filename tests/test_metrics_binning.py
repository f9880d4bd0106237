"""The one binning and the one weighted quantile, against numpy references."""

import numpy as np
import pytest
from _calibration_references import aicdf_edges
from sklearn.calibration import calibration_curve

from sklearn_losses.metrics._binning import bin_columns, weighted_quantile

_NUMPY_EXACT_BINS = [1, 2, 4, 8, 16]  # cuts i / n_bins exact in floating point


def _data(n, seed=0, ties=False):
    rng = np.random.default_rng(seed)
    x = rng.uniform(size=n)
    if ties:
        x = np.round(x**3, 2)
    x[:3] = [0.0, 1.0, 0.5][: min(n, 3)]  # both ends and a uniform edge
    return x


def _numpy_aicdf(x, n_bins):
    q = np.arange(n_bins + 1) / n_bins * 100
    return np.percentile(x, q, method="averaged_inverted_cdf")


@pytest.mark.parametrize("n", [1, 2, 7, 500, 70_000])
@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("n_bins", _NUMPY_EXACT_BINS)
def test_unweighted_quantile_is_numpy_averaged_inverted_cdf(n, ties, n_bins):
    x = _data(n, ties=ties)[:n]
    np.testing.assert_array_equal(weighted_quantile(x, n_bins), _numpy_aicdf(x, n_bins))


@pytest.mark.parametrize("ties", [False, True])
def test_large_input_quantile_by_cells_is_numpy_averaged_inverted_cdf(ties):
    x = _data(70_000, seed=1, ties=ties)
    cells = (x * 4096).astype(np.intp)
    for n_bins in _NUMPY_EXACT_BINS:
        np.testing.assert_array_equal(
            weighted_quantile(x, n_bins, cells=cells), _numpy_aicdf(x, n_bins)
        )


@pytest.mark.parametrize("n", [1, 2, 3, 10, 30, 45])
@pytest.mark.parametrize("n_bins", [1, 3, 5, 10, 15])
def test_quantile_equals_the_exact_rational_reference(n, n_bins):
    # n * i / n_bins often an integer: the cut sits on a jump and averages
    x = _data(n, seed=n, ties=True)
    np.testing.assert_allclose(
        weighted_quantile(x, n_bins), aicdf_edges(x, n_bins), rtol=1e-15
    )
    w = np.random.default_rng(n).integers(0, 4, size=n).astype(float)
    w[0] = 1.0
    np.testing.assert_allclose(
        weighted_quantile(x, n_bins, w), aicdf_edges(x, n_bins, w), rtol=1e-15
    )


def test_integer_weights_give_the_quantiles_of_repeated_rows():
    x = _data(300, seed=2, ties=True)
    w = np.random.default_rng(3).integers(0, 4, size=x.size).astype(float)
    repeated = np.repeat(x, w.astype(int))
    for n_bins in (3, 7, 10, 15, 16):
        np.testing.assert_array_equal(
            weighted_quantile(x, n_bins, w), weighted_quantile(repeated, n_bins)
        )
    for n_bins in _NUMPY_EXACT_BINS:
        np.testing.assert_array_equal(
            weighted_quantile(x, n_bins, w), _numpy_aicdf(repeated, n_bins)
        )
        np.testing.assert_array_equal(
            weighted_quantile(x, n_bins, np.ones_like(x)), _numpy_aicdf(x, n_bins)
        )


@pytest.mark.parametrize("scale", [1e-300, 1e-6, 0.1, 0.5, 3.0, 1e6, 1e300])
def test_quantile_does_not_depend_on_the_scale_of_the_weights(scale):
    # weights summing to 1 or less used to collapse every cut to the minimum
    x = _data(200, seed=4, ties=True)
    w = np.random.default_rng(5).integers(1, 5, size=x.size).astype(float)
    for n_bins in (2, 3, 10, 15):
        np.testing.assert_array_equal(
            weighted_quantile(x, n_bins, w * scale), weighted_quantile(x, n_bins, w)
        )
    # equal weights of any size are no weights
    np.testing.assert_array_equal(
        weighted_quantile(x, 10, np.full(x.size, scale)), weighted_quantile(x, 10)
    )


def test_zero_weight_rows_do_not_move_the_quantiles():
    x = _data(50, seed=6)
    w = np.ones_like(x)
    w[[0, 1, 7]] = 0.0  # among them the smallest and largest values
    kept = x[w > 0]
    for n_bins in (1, 4, 10):
        np.testing.assert_array_equal(
            weighted_quantile(x, n_bins, w), weighted_quantile(kept, n_bins)
        )


@pytest.mark.parametrize("n", [400, 70_000])
@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
def test_bins_are_calibration_curves(n, strategy):
    rng = np.random.default_rng(4)
    p = _data(n, seed=5, ties=True)
    y = (rng.uniform(size=n) < p).astype(float)
    bins = bin_columns(p[:, None], y[:, None], None, 10, strategy)
    if strategy == "uniform":
        edges = np.linspace(0, 1, 11)
        prob_true, prob_pred = calibration_curve(y, p, n_bins=10, strategy=strategy)
    else:
        edges = _numpy_aicdf(p, 10) if n > 10_000 else aicdf_edges(p, 10)
        # calibration_curve's own rule on these edges
        ids = np.searchsorted(edges[1:-1], p)
        count = np.bincount(ids, minlength=10)
        prob_true = (np.bincount(ids, weights=y, minlength=10) / count)[count > 0]
        prob_pred = (np.bincount(ids, weights=p, minlength=10) / count)[count > 0]
    np.testing.assert_allclose(bins.edges[0], edges, rtol=1e-15)
    # calibration_curve's rule: bins closed on the right, 1.0 in the last one
    np.testing.assert_array_equal(bins.ids[:, 0], np.digitize(p, edges[1:-1], True))
    nonempty = bins.total[0] > 0
    total = bins.total[0][nonempty]
    np.testing.assert_allclose(bins.sum_target[0][nonempty] / total, prob_true)
    np.testing.assert_allclose(bins.sum_conf[0][nonempty] / total, prob_pred)


def test_columns_are_binned_separately_with_weights():
    rng = np.random.default_rng(6)
    conf = rng.uniform(size=(200, 3))
    target = (rng.uniform(size=(200, 3)) < conf).astype(float)
    w = rng.uniform(0.5, 2.0, size=200)
    bins = bin_columns(conf, target, w, 4, "quantile")
    for k in range(3):
        one = bin_columns(conf[:, k : k + 1], target[:, k : k + 1], w, 4, "quantile")
        for got, expected in zip(bins.select(slice(k, k + 1)), one, strict=True):
            np.testing.assert_allclose(got, expected)
        ids = bins.ids[:, k]
        np.testing.assert_allclose(bins.total[k], [w[ids == b].sum() for b in range(4)])
