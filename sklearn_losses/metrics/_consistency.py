"""Consistency bands of a reliability diagram (Bröcker and Smith, 2007).

A perfectly calibrated model that predicts ``p_i`` sees outcome 1 with
probability ``p_i``. Drawing outcomes ``y*_i ~ Bernoulli(p_i)`` from the
predictions themselves, binning them with the diagram's bins and taking the
(weighted) mean outcome of each bin, ``n_resamples`` times, gives the spread
of observed frequencies that chance alone produces; the band is its central
``coverage`` interval per bin. The confidences do not change between draws,
so the bins do not either: only the outcomes are drawn.

Sample weights only reweight the rows: each row is one outcome, and a bin's
frequency is the weighted mean of its outcomes. The band then depends on the
relative weights alone, at any magnitude (the diagram does not change with
the scale of the weights either); a row of weight 3 is one outcome counted
three times, not three outcomes.
"""

import numpy as np
from sklearn.utils import check_random_state

# Uniform draws held in memory at once (float64): 32 MB.
_CHUNK_DRAWS = 2**22


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
        Relative weights of the rows (see the module docstring).
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
        # Divided by the largest, the weights sum to at most n_samples: no
        # overflow nor underflow at any scale, the same bands at every scale.
        kept = sample_weight[positive]
        sample_weight = kept / kept.max() if kept.size else kept
    order = np.argsort(bin_ids, kind="stable")
    p, sorted_ids = conf[order], bin_ids[order]
    weight = None if sample_weight is None else sample_weight[order]
    starts = np.flatnonzero(np.r_[True, sorted_ids[1:] != sorted_ids[:-1]])
    totals = np.add.reduceat(np.ones_like(p) if weight is None else weight, starts)
    # A generator from the RandomState: fast draws, scikit-learn's argument.
    rng = np.random.default_rng(
        check_random_state(random_state).randint(np.iinfo(np.int32).max)
    )
    rows = max(1, _CHUNK_DRAWS // max(p.size, 1))
    frequencies = np.empty((n_resamples, starts.size))
    for first in range(0, n_resamples, rows):
        n_draws = min(rows, n_resamples - first)
        positives = (rng.random((n_draws, p.size)) < p).astype(np.float64)
        if weight is not None:
            positives *= weight
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
