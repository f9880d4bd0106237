"""The one binning of the calibration metrics, and its weighted quantile.

The bins are those of :func:`sklearn.calibration.calibration_curve`: closed on
the right, 0 in the first bin and 1.0 in the last. ``"quantile"`` edges are
the averaged inverted distribution function of the (weighted) predictions,
numpy's ``method="averaged_inverted_cdf"``: a function of the weighted
empirical distribution alone, so the scale of ``sample_weight`` does not
matter and integer weights bin as repeated rows do. :func:`bin_columns` bins
any number of columns at once and returns the per-bin sums every binned
metric and display is computed from.
"""

from typing import NamedTuple

import numpy as np

_LOOKUP_CELLS = 4096  # a power of two, so conf * cells is exact
_LOOKUP_MIN_SIZE = 16 * _LOOKUP_CELLS  # below this, plain sort / search is as fast
# Weighted quantile cuts this close (relative to the total weight) to a jump
# of the weighted distribution are on it: rounding of sums, not data.
_JUMP_RTOL = 1e-11


class Bins(NamedTuple):
    """Per-bin sums of ``n_columns`` binned columns."""

    total: np.ndarray
    """Total weight (count) per bin, shape (n_columns, n_bins)."""
    sum_conf: np.ndarray
    """Weighted sum of the binned values per bin, shape (n_columns, n_bins)."""
    sum_target: np.ndarray
    """Weighted sum of the outcomes per bin, shape (n_columns, n_bins)."""
    edges: np.ndarray
    """Bin edges per column, shape (n_columns, n_bins + 1)."""
    ids: np.ndarray
    """Bin of each value, shape (n_samples, n_columns)."""

    def select(self, columns):
        """The bins of the columns ``columns`` (a slice)."""
        return Bins(
            self.total[columns],
            self.sum_conf[columns],
            self.sum_target[columns],
            self.edges[columns],
            self.ids[:, columns],
        )


def _lookup_cells(conf):
    """Cell of each value when [0, 1] is cut into 4096 equal cells.

    ``floor(p * 4096)`` is exact (a power of two only shifts the exponent), so
    every value of cell ``c`` is below every value of cell ``c + 1``: the
    cells order the data without sorting it. 1.0 is alone in cell 4096.
    """
    return (conf * _LOOKUP_CELLS).astype(np.intp)


def _order_statistics_by_cells(conf, cells, ranks):
    """Values of rank ``ranks`` (0-based) in sorted ``conf``, sorting few cells."""
    counts = np.bincount(cells, minlength=_LOOKUP_CELLS + 1)
    ends = np.cumsum(counts)
    rank_cells = np.searchsorted(ends, ranks, side="right")
    wanted = np.zeros(_LOOKUP_CELLS + 1, dtype=bool)
    wanted[rank_cells] = True
    picked = wanted.take(cells)
    values, value_cells = conf[picked], cells[picked]
    values = values[np.lexsort((values, value_cells))]
    picked_counts = np.where(wanted, counts, 0)
    picked_before = np.cumsum(picked_counts) - picked_counts
    rank_in_cell = ranks - (ends[rank_cells] - counts[rank_cells])
    return values[picked_before[rank_cells] + rank_in_cell]


def _cut_ranks_unweighted(n, n_bins):
    """0-based ranks (low, high) of the cuts ``i / n_bins`` of ``n`` values.

    Integer arithmetic, so a cut is on a jump of the empirical distribution
    exactly when ``i * n`` is a multiple of ``n_bins``.
    """
    scaled = np.arange(n_bins + 1, dtype=np.int64) * n
    on_jump = scaled % n_bins == 0
    low = np.clip(-(-scaled // n_bins) - 1, 0, n - 1)
    high = np.where(on_jump, np.clip(scaled // n_bins, 0, n - 1), low)
    return low, high


def _cut_ranks_weighted(cum_weight, n_bins):
    """0-based ranks (low, high) of the cuts of positive weights' cumulative sums.

    A cut within ``_JUMP_RTOL`` of the total weight from a jump counts as on
    it, so that rounding in the sums does not depend on the weights' scale.
    """
    last = cum_weight.size - 1
    total = cum_weight[-1]
    cut = np.arange(n_bins + 1) * total / n_bins
    tol = _JUMP_RTOL * total
    low = np.minimum(np.searchsorted(cum_weight, cut - tol, side="left"), last)
    on_jump = np.abs(cum_weight[low] - cut) <= tol
    on_jump[[0, -1]] = False
    high = np.where(on_jump, np.minimum(low + 1, last), low)
    low[0], high[0], low[-1], high[-1] = 0, 0, last, last
    return low, high


def weighted_quantile(x, n_bins, sample_weight=None, cells=None):
    """The ``n_bins + 1`` quantiles ``i / n_bins`` of 1-D ``x``, with weights.

    The averaged inverted distribution function (numpy's
    ``method="averaged_inverted_cdf"``, scikit-learn's weighted percentile
    with ``average=True``): the smallest value whose cumulative weight
    reaches the cut, or the midpoint of two values when the cut falls
    exactly between them. It depends on the weights only through the
    weighted empirical distribution, so scaling every weight leaves it
    unchanged, integer weights give the quantiles of the repeated rows, and
    unit weights those of no weights. The first and last quantiles are the
    smallest and largest values of positive weight. Unweighted, the needed
    order statistics come from a partial sort; given the lookup ``cells`` of
    a large input, from sorting only the cells that hold them.
    """
    if sample_weight is not None:
        positive = sample_weight > 0
        order = np.argsort(x[positive], kind="stable")
        sorted_x = x[positive][order]
        low, high = _cut_ranks_weighted(
            np.cumsum(sample_weight[positive][order]), n_bins
        )
        a, b = sorted_x[low], sorted_x[high]
    else:
        low, high = _cut_ranks_unweighted(x.size, n_bins)
        ranks = np.concatenate([low, high])
        if cells is not None:
            values = _order_statistics_by_cells(x, cells, ranks)
        else:
            values = np.partition(x, np.unique(ranks))[ranks]
        a, b = np.split(values, 2)
    # numpy's lerp at one half: b itself when a == b
    return b - (b - a) * np.where(low == high, 0.0, 0.5)


def bin_ids(conf, edges, cells=None):
    """Bin index of each value: bins closed on the right, 0 in the first bin.

    Exactly ``np.searchsorted(edges[1:-1], conf)`` (``side="left"``), the rule
    of ``sklearn.calibration.calibration_curve``: bin ``b`` holds
    ``edges[b] < p <= edges[b + 1]`` and 1.0 lands in the last bin.

    Large inputs go through a lookup table instead of a binary search per
    value: a cell of :func:`_lookup_cells` whose first and last float fall in
    the same bin gives that bin to all its values; only values in the few
    cells that hold an edge are searched. Two to three times faster than
    ``searchsorted`` at 1e7 samples.
    """
    interior = edges[1:-1]
    if cells is None:
        if conf.size < _LOOKUP_MIN_SIZE:
            return np.searchsorted(interior, conf)
        cells = _lookup_cells(conf)
    n_cells = _LOOKUP_CELLS
    starts = np.arange(n_cells + 1) / n_cells
    first = np.searchsorted(interior, starts)
    last = np.searchsorted(interior, np.nextafter(starts + 1.0 / n_cells, 0.0))
    last[n_cells] = first[n_cells]  # the last cell holds 1.0 only
    straddles = (first != last).take(cells)
    ids = first.take(cells)
    ids[straddles] = np.searchsorted(interior, conf[straddles])
    return ids


def _quantile_edges_and_ids(conf, n_bins, sample_weight):
    """Quantile edges of a 1-D array and the bin of each of its values."""
    # Large inputs share one lookup of cells between the edges and the ids.
    cells = _lookup_cells(conf) if conf.size >= _LOOKUP_MIN_SIZE else None
    edges = weighted_quantile(conf, n_bins, sample_weight, cells)
    return edges, bin_ids(conf, edges, cells)


def _bin_sums(ids, conf, target, sample_weight, size):
    """Per-bin total weight, sum of confidences and sum of targets."""
    if sample_weight is None:
        total = np.bincount(ids, minlength=size).astype(np.float64)
        sum_conf = np.bincount(ids, weights=conf, minlength=size)
        sum_target = np.bincount(ids, weights=target, minlength=size)
    else:
        total = np.bincount(ids, weights=sample_weight, minlength=size)
        sum_conf = np.bincount(ids, weights=sample_weight * conf, minlength=size)
        sum_target = np.bincount(ids, weights=sample_weight * target, minlength=size)
    return total, sum_conf, sum_target


def bin_columns(conf, target, sample_weight, n_bins, strategy):
    """Bin each column of ``conf`` (n, C) on its own edges; sum in one pass.

    ``target`` (n, C) holds the outcome of each value. ``"uniform"`` bins all
    columns with one search; ``"quantile"`` edges differ per column. The
    columns' bins are then offset and summed by a single ``bincount`` each
    for weights, confidences and outcomes.
    """
    n_columns = conf.shape[1]
    if strategy == "uniform":
        edges = np.linspace(0.0, 1.0, n_bins + 1)
        ids = bin_ids(conf, edges)
        all_edges = np.broadcast_to(edges, (n_columns, n_bins + 1))
    else:
        per_column = [
            _quantile_edges_and_ids(
                np.ascontiguousarray(conf[:, k]), n_bins, sample_weight
            )
            for k in range(n_columns)
        ]
        all_edges = np.stack([edges for edges, _ in per_column])
        ids = [column_ids for _, column_ids in per_column]
        # a view for one column: no copy of n indices
        ids = ids[0][:, None] if n_columns == 1 else np.stack(ids, axis=1)
    if n_columns == 1:
        flat_ids, weights = ids.ravel(), sample_weight
    else:
        flat_ids = (ids + np.arange(n_columns) * n_bins).ravel()
        weights = None if sample_weight is None else np.repeat(sample_weight, n_columns)
    sums = _bin_sums(
        flat_ids, conf.ravel(), target.ravel(), weights, n_columns * n_bins
    )
    return Bins(*(s.reshape(n_columns, n_bins) for s in sums), all_edges, ids)
