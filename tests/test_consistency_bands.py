"""Consistency bands of the reliability diagram (Bröcker and Smith, 2007).

The band of a bin holds the central share of the observed frequencies a
perfectly calibrated model would show. The checks: on data drawn from
calibrated probabilities the observed frequency falls inside the 90% band in
about 90% of bins (simulation, with a stated tolerance); on miscalibrated
data far less often; the band's ends are the exact binomial (Poisson-binomial)
quantiles up to the resampling error; weights only reweight the rows, so the
bands depend on the relative weights alone, at any magnitude.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.container import ErrorbarContainer
from scipy.stats import binom

from sklearn_losses.metrics import ReliabilityDiagramDisplay
from sklearn_losses.metrics._consistency import consistency_band

# The band's ends are drawn frequencies (inverted CDF of the resamples), so a
# calibrated bin's frequency is inside with probability >= 0.9 up to the
# resampling error, and more when few samples make the frequencies discrete
# (about 0.93 with 50 samples a bin). 2000 bins estimate the coverage within
# about +-0.015 (two standard errors): the accepted range is [0.88, 0.97].
COVERAGE_RANGE = (0.88, 0.97)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _uniform_bins(p, n_bins):
    """Bin of each value, bins closed on the right (calibration_curve's rule)."""
    return np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], p)


def _coverage(n_datasets, n_samples, draw, n_bins=10, weighted=None):
    """Share of non-empty bins whose observed frequency is in the 90% band.

    ``draw(rng, n)`` returns (probability, outcome). With ``weighted`` a
    number, each row has one outcome and a weight in [1, 4] times that
    number, which only reweights it.
    """
    rng = np.random.default_rng(0)
    inside = []
    for seed in range(n_datasets):
        p, y = draw(rng, n_samples)
        weight = None
        if weighted is not None:
            weight = rng.uniform(1.0, 4.0, size=n_samples) * weighted
        ids = _uniform_bins(p, n_bins)
        w = np.ones_like(p) if weight is None else weight
        total = np.bincount(ids, weights=w, minlength=n_bins)
        positive = np.bincount(ids, weights=w * y, minlength=n_bins)
        observed = positive[total > 0] / total[total > 0]
        low, high = consistency_band(
            p, ids, weight, coverage=0.9, n_resamples=1000, random_state=seed
        )
        inside.append((low <= observed) & (observed <= high))
    return np.concatenate(inside).mean()


def _calibrated(rng, n):
    p = rng.uniform(size=n)
    return p, (rng.uniform(size=n) < p).astype(float)


def _calibrated_beta(rng, n):
    p = rng.beta(2.0, 5.0, size=n)
    return p, (rng.uniform(size=n) < p).astype(float)


def _over_confident(rng, n):
    p = rng.uniform(size=n)
    return p, (rng.uniform(size=n) < p**2).astype(float)


def _top_label(rng, n):
    """Top-label confidence and correctness of calibrated 3-class predictions."""
    proba = rng.dirichlet([1.0, 1.0, 1.0], size=n)
    y = (rng.uniform(size=(n, 1)) > np.cumsum(proba, axis=1)).sum(axis=1)
    return proba.max(axis=1), (proba.argmax(axis=1) == y).astype(float)


@pytest.mark.parametrize(
    "draw, weighted",
    [
        (_calibrated, None),
        (_calibrated_beta, None),
        (_top_label, None),
        (_calibrated, 1e-12),
        (_calibrated, 1.0),
        (_calibrated, 1e19),
    ],
    ids=["uniform", "beta", "top_label", "tiny_weights", "weights", "huge_weights"],
)
def test_calibrated_data_falls_in_the_band_about_90_percent(draw, weighted):
    # 200 data sets x 10 bins, about 50 samples a bin (uniform); weighted
    # rows, whose frequencies are less discrete: 100 data sets.
    coverage = _coverage(100 if weighted else 200, 500, draw, weighted=weighted)
    assert COVERAGE_RANGE[0] <= coverage <= COVERAGE_RANGE[1]


def test_miscalibrated_data_falls_outside_far_more_often():
    # y ~ Bernoulli(p^2): the gap p - p^2 reaches 0.25 at p = 0.5.
    assert _coverage(200, 500, _over_confident) < 0.4


def _exact_quantiles(pmf, coverage):
    """Smallest counts whose CDF reaches (1 -+ coverage) / 2."""
    cdf = np.cumsum(pmf)
    return [
        np.searchsorted(cdf, q - 1e-12)
        for q in [(1 - coverage) / 2, (1 + coverage) / 2]
    ]


def test_one_probability_gives_the_binomial_quantiles():
    p = np.full(60, 0.3)
    ids = np.zeros(60, dtype=int)
    low, high = consistency_band(
        p, ids, None, coverage=0.8, n_resamples=20000, random_state=0
    )
    expected = binom.ppf([0.1, 0.9], 60, 0.3)
    # up to the resampling error: at most one count away
    np.testing.assert_allclose([low[0] * 60, high[0] * 60], expected, atol=1.0)


@pytest.mark.parametrize("scale", [1e-12, 1.0, 1e19])
def test_integer_weights_count_one_outcome_each_at_any_scale(scale):
    # one bin of two probabilities: rows 0.2 (weight 3) and 0.6 (weight 2),
    # ten of each, all weights times ``scale``. Each row is one outcome, so
    # 50 times the frequency is 3 A + 2 B, A ~ Binomial(10, 0.2) and
    # B ~ Binomial(10, 0.6): its exact quantiles, at every scale.
    p = np.repeat([0.2, 0.6], 10)
    weight = np.repeat([3.0, 2.0], 10) * scale
    pmf_a, pmf_b = np.zeros(51), np.zeros(51)
    pmf_a[0:31:3] = binom.pmf(np.arange(11), 10, 0.2)
    pmf_b[0:21:2] = binom.pmf(np.arange(11), 10, 0.6)
    expected = _exact_quantiles(np.convolve(pmf_a, pmf_b)[:51], 0.9)
    low, high = consistency_band(
        p,
        np.zeros(20, dtype=int),
        weight,
        coverage=0.9,
        n_resamples=20000,
        random_state=1,
    )
    # up to the resampling error: at most one step of the support away
    np.testing.assert_allclose([low[0] * 50, high[0] * 50], expected, atol=1.0)
    # Repeated rows (50 outcomes) would give the narrower counts 13 to 23.
    assert expected == [10, 26]


def test_bands_depend_only_on_relative_weights():
    # Huge weights overflowed the count of outcomes: every band was [0, 0].
    rng = np.random.default_rng(4)
    p = rng.uniform(size=200)
    ids = _uniform_bins(p, 5)
    weight = rng.uniform(0.5, 1.5, size=200)
    bands = [
        consistency_band(
            p, ids, weight * scale, coverage=0.9, n_resamples=500, random_state=0
        )
        for scale in [1e-12, 1.0, 1e19]
    ]
    for low, high in bands[1:]:
        np.testing.assert_allclose(low, bands[0][0], rtol=1e-12)
        np.testing.assert_allclose(high, bands[0][1], rtol=1e-12)
    assert np.all(bands[0][1] - bands[0][0] > 0.1)


def test_certain_predictions_give_a_point_band_at_any_weight():
    # with p = 1 every draw is positive and the frequency is exactly 1;
    # with p = 0, exactly 0, whatever the weights.
    p = np.array([1.0, 0.0])
    low, high = consistency_band(
        p,
        np.array([0, 1]),
        np.array([2.5, 0.25]),
        coverage=0.9,
        n_resamples=50,
        random_state=0,
    )
    np.testing.assert_array_equal(low, [1.0, 0.0])
    np.testing.assert_array_equal(high, [1.0, 0.0])


def test_band_is_reproducible_and_unit_weights_change_nothing():
    p, y = _calibrated(np.random.default_rng(3), 300)
    kwargs = dict(n_bins=8, hist=False, consistency_bands=0.9, n_resamples=300)
    first = ReliabilityDiagramDisplay.from_predictions(y, p, random_state=7, **kwargs)
    again = ReliabilityDiagramDisplay.from_predictions(y, p, random_state=7, **kwargs)
    unit = ReliabilityDiagramDisplay.from_predictions(
        y, p, sample_weight=np.ones(300), random_state=7, **kwargs
    )
    other = ReliabilityDiagramDisplay.from_predictions(y, p, random_state=8, **kwargs)
    for display in [again, unit]:
        np.testing.assert_array_equal(display.band_low_, first.band_low_)
        np.testing.assert_array_equal(display.band_high_, first.band_high_)
    assert not np.array_equal(other.band_low_, first.band_low_) or not np.array_equal(
        other.band_high_, first.band_high_
    )


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
def test_display_draws_one_band_per_nonempty_bin(strategy):
    rng = np.random.default_rng(0)
    p = rng.beta(2.0, 5.0, size=400)
    y = (rng.uniform(size=400) < p).astype(int)
    disp = ReliabilityDiagramDisplay.from_predictions(
        y,
        p,
        n_bins=10,
        strategy=strategy,
        name="model",
        consistency_bands=0.9,
        random_state=0,
    )
    n_nonempty = np.count_nonzero(disp.bin_weights)
    assert disp.band_low_.shape == disp.band_high_.shape == (n_nonempty,)
    assert np.all(disp.band_low_ <= disp.band_high_)
    assert isinstance(disp.band_, ErrorbarContainer)
    assert disp.band_ in disp.ax_.containers
    assert disp.band_.get_label() == "90% consistency band (model)"
    assert "90% consistency band (model)" in disp.ax_.get_legend_handles_labels()[1]
    # the bars stand at the bins' mean predicted probabilities
    segments = disp.band_.lines[2][0].get_segments()
    np.testing.assert_allclose([s[0, 0] for s in segments], disp.prob_pred)
    np.testing.assert_allclose([s[0, 1] for s in segments], disp.band_low_)
    np.testing.assert_allclose([s[1, 1] for s in segments], disp.band_high_)


def test_multiclass_band_is_top_label():
    rng = np.random.default_rng(1)
    proba = rng.dirichlet([1.0, 1.0, 1.0], size=600)
    y = (rng.uniform(size=(600, 1)) > np.cumsum(proba, axis=1)).sum(axis=1)
    disp = ReliabilityDiagramDisplay.from_predictions(
        y, proba, n_bins=6, kind="bars", consistency_bands=0.95, random_state=0
    )
    assert disp.ax_.get_ylabel() == "Accuracy"
    assert disp.band_.get_label() == "95% consistency band"
    # a confidence is at least 1/3: the band of a calibrated model is too
    assert disp.band_low_.min() >= 0.0 and disp.band_high_.max() <= 1.0
    assert np.all(disp.band_high_ >= 1 / 3)


def test_no_band_by_default():
    disp = ReliabilityDiagramDisplay.from_predictions(
        [0, 0, 1, 1], [0.1, 0.4, 0.6, 0.9]
    )
    assert disp.band_ is None and disp.band_low_ is None and disp.band_high_ is None
    assert disp.ax_.containers == []


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"consistency_bands": 1.0}, "consistency_bands"),
        ({"consistency_bands": 0}, "consistency_bands"),
        ({"consistency_bands": "90%"}, "consistency_bands"),
        ({"consistency_bands": 0.9, "n_resamples": 0}, "n_resamples"),
        ({"consistency_bands": 0.9, "random_state": "a"}, "random_state"),
    ],
)
def test_band_parameters_are_validated(kwargs, name):
    with pytest.raises(ValueError, match=f"'{name}'"):
        ReliabilityDiagramDisplay.from_predictions([0, 1], [0.2, 0.7], **kwargs)
    disp = ReliabilityDiagramDisplay.from_predictions([0, 1], [0.2, 0.7], hist=False)
    with pytest.raises(ValueError, match=f"'{name}'"):
        disp.plot(**kwargs)
