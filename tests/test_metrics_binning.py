"""The one binning and the one weighted quantile, against numpy references."""

import numpy as np
import pytest
from sklearn.calibration import calibration_curve

from sklearn_losses.metrics._binning import bin_columns, weighted_quantile

_Q = np.linspace(0, 1, 16) * 100 / 100  # calibration_curve's quantiles


def _data(n, seed=0, ties=False):
    rng = np.random.default_rng(seed)
    x = rng.uniform(size=n)
    if ties:
        x = np.round(x**3, 2)
    x[:3] = [0.0, 1.0, 0.5][: min(n, 3)]  # both ends and a uniform edge
    return x


@pytest.mark.parametrize("n", [1, 2, 7, 500, 70_000])
@pytest.mark.parametrize("ties", [False, True])
def test_unweighted_quantile_is_np_percentile_bit_for_bit(n, ties):
    x = _data(n, ties=ties)[:n]
    np.testing.assert_array_equal(weighted_quantile(x, _Q), np.percentile(x, _Q * 100))


@pytest.mark.parametrize("ties", [False, True])
def test_large_input_quantile_by_cells_is_np_percentile(ties):
    x = _data(70_000, seed=1, ties=ties)
    cells = (x * 4096).astype(np.intp)
    np.testing.assert_array_equal(
        weighted_quantile(x, _Q, cells=cells), np.percentile(x, _Q * 100)
    )


def test_integer_weights_give_the_quantiles_of_repeated_rows():
    x = _data(300, seed=2, ties=True)
    w = np.random.default_rng(3).integers(0, 4, size=x.size).astype(float)
    repeated = np.repeat(x, w.astype(int))
    np.testing.assert_allclose(
        weighted_quantile(x, _Q, w), np.percentile(repeated, _Q * 100), rtol=1e-12
    )
    np.testing.assert_array_equal(
        weighted_quantile(x, _Q, np.ones_like(x)), np.percentile(x, _Q * 100)
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
    else:
        edges = np.percentile(p, np.linspace(0, 1, 11) * 100)
    np.testing.assert_array_equal(bins.edges[0], edges)
    # calibration_curve's rule: bins closed on the right, 1.0 in the last one
    np.testing.assert_array_equal(bins.ids[:, 0], np.digitize(p, edges[1:-1], True))
    prob_true, prob_pred = calibration_curve(y, p, n_bins=10, strategy=strategy)
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
