"""Slow, independent references of the calibration metrics, from their definitions.

Written from the papers and numpy's documentation, sharing no code with
``sklearn_losses.metrics``: exact rational arithmetic for the quantile cuts,
plain loops for the bins, per-sample kernel sums for the smooth ECE.
"""

from fractions import Fraction

import numpy as np
from scipy.integrate import trapezoid
from scipy.optimize import brentq


def aicdf_edges(x, n_bins, sample_weight=None):
    """Quantiles i / n_bins by the averaged inverted CDF, in exact arithmetic.

    numpy's ``method="averaged_inverted_cdf"`` (Hyndman and Fan's type 2) with
    frequency weights: the smallest value whose cumulative weight reaches the
    cut, or the midpoint of two values when the cut is exactly a cumulative
    weight. Rows of zero weight are absent.
    """
    x = np.asarray(x, dtype=float)
    w = np.ones_like(x) if sample_weight is None else np.asarray(sample_weight)
    rows = sorted(
        (xi, Fraction(float(wi))) for xi, wi in zip(x, w, strict=True) if wi > 0
    )
    values = [xi for xi, _ in rows]
    cumulative, running = [], Fraction(0)
    for _, wi in rows:
        running += wi
        cumulative.append(running)
    edges = []
    for i in range(n_bins + 1):
        cut = Fraction(i, n_bins) * running
        k = next(j for j, c in enumerate(cumulative) if c >= cut)
        if 0 < i < n_bins and cumulative[k] == cut:
            edges.append((values[k] + values[k + 1]) / 2)
        else:
            edges.append(values[k])
    edges[0], edges[-1] = values[0], values[-1]
    return np.array(edges)


def loop_bins(p, y, edges, sample_weight=None):
    """(weight, mean prediction, mean outcome) per bin, bins closed on the right.

    Bin b holds edges[b] < p <= edges[b + 1]; 0 in the first bin, 1.0 in the
    last (the rule of ``sklearn.calibration.calibration_curve``).
    """
    n_bins = len(edges) - 1
    w = np.ones(len(p)) if sample_weight is None else np.asarray(sample_weight)
    total, sum_p, sum_y = np.zeros(n_bins), np.zeros(n_bins), np.zeros(n_bins)
    for pi, yi, wi in zip(p, y, w, strict=True):
        b = 0
        while b < n_bins - 1 and pi > edges[b + 1]:
            b += 1
        total[b] += wi
        sum_p[b] += wi * pi
        sum_y[b] += wi * yi
    keep = total > 0
    return total[keep], sum_p[keep] / total[keep], sum_y[keep] / total[keep]


def edges_for(p, n_bins, strategy, sample_weight=None):
    if strategy == "uniform":
        return np.linspace(0, 1, n_bins + 1)
    return aicdf_edges(p, n_bins, sample_weight)


def ece_reference(y, p, n_bins, strategy, norm="l1", sample_weight=None):
    """Binary binned calibration error from the loop bins (L1, L2 or max)."""
    total, mean_p, mean_y = loop_bins(
        p, y, edges_for(p, n_bins, strategy, sample_weight), sample_weight
    )
    gap = np.abs(mean_y - mean_p)
    if norm == "max":
        return gap.max()
    if norm == "l1":
        return np.sum(total * gap) / total.sum()
    return np.sqrt(np.sum(total * gap**2) / total.sum())


def debiased_square_reference(y, p, n_bins, strategy, sample_weight=None):
    """Kumar et al. (2019) ``unbiased_square_ce``, frequency weights, unclipped."""
    total, mean_p, mean_y = loop_bins(
        p, y, edges_for(p, n_bins, strategy, sample_weight), sample_weight
    )
    out = 0.0
    for n_b, pb, yb in zip(total, mean_p, mean_y, strict=True):
        if n_b > 1:  # bins of fewer than two samples add nothing
            out += n_b * ((yb - pb) ** 2 - yb * (1 - yb) / (n_b - 1))
    return out / total.sum()


def classwise_debiased_reference(y, proba, n_bins, strategy):
    """Kumar et al. ``get_calibration_error(debias=True, mode='marginal')``.

    Each class's debiased squared error is clipped at 0 (their
    ``unbiased_l2_ce`` squared), averaged over classes, then square-rooted.
    """
    per_class = [
        max(debiased_square_reference((y == k) * 1.0, proba[:, k], n_bins, strategy), 0)
        for k in range(proba.shape[1])
    ]
    return np.sqrt(np.mean(per_class))


def smooth_ece_reference(p, y, sample_weight=None, n_grid=20001):
    """smECE of Blasiok and Nakkiran by per-sample kernel sums on a fine grid.

    smECE_sigma = int_0^1 |sum_i w_i (y_i - p_i) K_sigma(t, p_i)| dt, with the
    Gaussian kernel reflected at 0 and 1, K(t, p) = sum_k phi(t - p + 2k) +
    phi(t + p + 2k); weights summing to 1. The result is smECE at the fixed
    point sigma* = smECE_sigma*, searched on [1e-3, 1].
    """
    p = np.asarray(p, dtype=float)
    w = np.ones_like(p) if sample_weight is None else np.asarray(sample_weight, float)
    r = (np.asarray(y, dtype=float) - p) * w / w.sum()
    t = np.linspace(0, 1, n_grid)[:, None]

    def value(sigma):
        kernel = sum(
            np.exp(-0.5 * ((t - p + 2 * k) / sigma) ** 2)
            + np.exp(-0.5 * ((t + p + 2 * k) / sigma) ** 2)
            for k in range(-3, 4)
        ) / (sigma * np.sqrt(2 * np.pi))
        return trapezoid(np.abs(kernel @ r), t[:, 0])

    lo, hi = 1e-3, 1.0
    if value(lo) <= lo:
        return value(lo)
    if value(hi) >= hi:
        return value(hi)
    return value(brentq(lambda s: value(s) - s, lo, hi, xtol=1e-10))
