"""Consistency bands of a reliability diagram (Bröcker and Smith, 2007).

A perfectly calibrated model that predicts ``p_i`` sees outcome 1 with
probability ``p_i``. Drawing outcomes ``y*_i ~ Bernoulli(p_i)`` from the
predictions themselves, binning them with the diagram's bins and taking the
(weighted) mean outcome of each bin, ``n_resamples`` times, gives the spread
of observed frequencies that chance alone produces; the band is its central
``coverage`` interval per bin. The confidences do not change between draws,
so the bins do not either: only the outcomes are drawn.

Sample weights are frequency weights, as everywhere in scikit-learn: a row of
weight ``w = k + f`` (``k`` whole, ``0 <= f < 1``) is ``k`` independent
outcomes plus one outcome counted ``f`` times. Integer weights then give the
band of the repeated rows (the same distribution, not the same draws), and a
bin's band narrows as its total weight grows.
"""

import numpy as np
from sklearn.utils import check_random_state

# Uniform draws held in memory at once (float64): 32 MB.
_CHUNK_DRAWS = 2**22
# Extra whole outcomes of a row drawn one by one; beyond, as one binomial.
_FEW_EXTRA = 4


class _Units:
    """The outcomes to draw per row: ``full`` + ``frac`` + ``extra`` of them.

    ``full`` is 1 for rows of weight >= 1 (one whole outcome drawn as a
    Bernoulli), ``frac`` the fractional part of the weight (one outcome
    counted that much), ``extra`` the whole outcomes beyond the first (drawn
    one by one up to ``_FEW_EXTRA``, the rest as one binomial). Unit weights
    need a single Bernoulli per row.
    """

    def __init__(self, sample_weight):
        if sample_weight is None:
            self.full, self.frac, self.extra = None, None, None
            return
        whole = np.floor(sample_weight)
        self.full = (whole >= 1).astype(np.float64)
        self.frac = sample_weight - whole
        self.extra = np.maximum(whole - 1, 0).astype(np.int64)
        if self.full.all():
            self.full = None
        if not self.frac.any():
            self.frac = None
        if not self.extra.any():
            self.extra = None

    def draw(self, rng, p, n_draws):
        """Weighted positive outcomes of each row, shape (n_draws, n_rows)."""
        size = (n_draws, p.size)
        positives = (rng.random(size) < p).astype(np.float64)
        if self.full is not None:
            positives *= self.full
        if self.frac is not None:
            positives += self.frac * (rng.random(size) < p)
        if self.extra is None:
            return positives
        # A few extra outcomes are cheaper as Bernoullis than as a binomial.
        for count in range(1, _FEW_EXTRA + 1):
            rows = np.flatnonzero(self.extra >= count)
            if rows.size == 0:
                return positives
            positives[:, rows] += rng.random((n_draws, rows.size)) < p[rows]
        many = np.flatnonzero(self.extra > _FEW_EXTRA)
        if many.size:
            positives[:, many] += rng.binomial(
                self.extra[many] - _FEW_EXTRA, p[many], size=(n_draws, many.size)
            )
        return positives


def consistency_band(
    conf, bin_ids, sample_weight, *, coverage, n_resamples, random_state
):
    """Per-bin band of the observed frequency of a calibrated model.

    Parameters
    ----------
    conf : ndarray of shape (n_samples,)
        The binned probabilities (positive class, or top-label confidence):
        the probability of outcome 1 under perfect calibration.
    bin_ids : ndarray of shape (n_samples,)
        Bin of each sample, from the diagram's binning.
    sample_weight : ndarray of shape (n_samples,) or None
        Frequency weights (see the module docstring).
    coverage : float in (0, 1)
        Probability of the band under perfect calibration.
    n_resamples : int
        Number of drawn outcome sets.
    random_state : int, RandomState instance or None
        Controls the draws.

    Returns
    -------
    low, high : ndarray of shape (n_nonempty_bins,)
        The ``(1 - coverage) / 2`` and ``(1 + coverage) / 2`` quantiles of
        the drawn frequencies, for the bins of positive weight in increasing
        order. The quantiles are drawn values (numpy's
        ``method="inverted_cdf"``), so a calibrated bin's frequency falls in
        ``[low, high]`` with probability at least ``coverage`` up to the
        resampling error: the frequencies are discrete.
    """
    if sample_weight is not None:
        positive = sample_weight > 0
        conf, bin_ids = conf[positive], bin_ids[positive]
        sample_weight = sample_weight[positive]
    order = np.argsort(bin_ids, kind="stable")
    p, sorted_ids = conf[order], bin_ids[order]
    weight = None if sample_weight is None else sample_weight[order]
    starts = np.flatnonzero(np.r_[True, sorted_ids[1:] != sorted_ids[:-1]])
    totals = np.add.reduceat(np.ones_like(p) if weight is None else weight, starts)
    units = _Units(weight)
    # A generator from the RandomState: fast draws, scikit-learn's argument.
    rng = np.random.default_rng(
        check_random_state(random_state).randint(np.iinfo(np.int32).max)
    )
    rows = max(1, _CHUNK_DRAWS // max(p.size, 1))
    frequencies = np.empty((n_resamples, starts.size))
    for first in range(0, n_resamples, rows):
        n_draws = min(rows, n_resamples - first)
        positives = units.draw(rng, p, n_draws)
        frequencies[first : first + n_draws] = (
            np.add.reduceat(positives, starts, axis=1) / totals
        )
    low, high = np.quantile(
        frequencies,
        [(1 - coverage) / 2, (1 + coverage) / 2],
        axis=0,
        method="inverted_cdf",
    )
    return low, high
