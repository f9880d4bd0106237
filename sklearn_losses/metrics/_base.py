"""Input handling and binning shared by the calibration metrics.

Everything here is private. Public functions validate once with
:mod:`sklearn_losses._validation`, then pass plain arrays to the helpers below.
"""

import numpy as np

from sklearn_losses._validation import (
    check_array_1d_or_2d,
    check_binary_labels,
    check_probabilities,
    check_same_length,
    check_sample_weight,
    check_scalar_in_range,
)

STRATEGIES = ("uniform", "quantile")
NORMS = ("l1", "l2", "max")
MULTICLASS = ("top_label", "classwise")


def check_option(value, name, options):
    """Raise a ValueError naming the valid options unless ``value`` is one."""
    if not isinstance(value, str) or value not in options:
        valid = ", ".join(repr(o) for o in options)
        raise ValueError(f"{name} must be one of {valid}; got {value!r}.")
    return value


def check_n_bins(n_bins):
    return check_scalar_in_range(n_bins, "n_bins", low=1, integer=True)


class Target:
    """Validated inputs: probabilities, encoded labels, weights and classes.

    ``y_prob`` is 1-D (probability of the positive class) for binary problems
    and 2-D ``(n_samples, n_classes)`` with ``n_classes >= 3`` otherwise.
    ``y`` is then float 0/1 (binary) or integer column indices (multiclass).
    ``sample_weight`` stays ``None`` when not given, so unweighted counts use
    the faster unweighted ``bincount``.
    """

    __slots__ = ("y_prob", "y", "sample_weight", "classes")

    def __init__(self, y_prob, y, sample_weight, classes):
        self.y_prob = y_prob
        self.y = y
        self.sample_weight = sample_weight
        self.classes = classes

    @property
    def is_binary(self):
        return self.y_prob.ndim == 1

    def top_label(self):
        """Return (confidence, correct) of the most probable class."""
        pred = np.argmax(self.y_prob, axis=1)
        confidence = self.y_prob[np.arange(len(pred)), pred]
        return confidence, (pred == self.y).astype(np.float64)

    def confidence_and_outcome(self):
        """Return 1-D (confidence, outcome): the binary pair, or the top label's."""
        if self.is_binary:
            return self.y_prob, self.y
        return self.top_label()

    def one_hot(self):
        onehot = np.zeros_like(self.y_prob)
        onehot[np.arange(len(self.y)), self.y] = 1.0
        return onehot


def _as_label_array(y_true):
    y = np.asarray(y_true)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(f"y_true must be 1-D; got shape {y.shape}.")
    if y.shape[0] == 0:
        raise ValueError("y_true is empty.")
    if y.dtype.kind == "f":
        check_array_1d_or_2d(y, "y_true")  # names NaN / inf
    return y


def _encode_with_labels(y_true, labels, n_columns):
    y = _as_label_array(y_true)
    labels = np.asarray(labels)
    if labels.ndim != 1 or len(labels) < 2 or len(np.unique(labels)) != len(labels):
        raise ValueError(
            f"labels must be a 1-D list of at least 2 distinct classes; got {labels!r}."
        )
    if n_columns is not None and len(labels) != n_columns:
        raise ValueError(
            f"labels has {len(labels)} classes but y_prob has {n_columns} columns."
        )
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    pos = np.searchsorted(sorted_labels, y)
    pos_clipped = np.minimum(pos, len(labels) - 1)
    unknown = sorted_labels[pos_clipped] != y
    if unknown.any():
        raise ValueError(
            f"y_true contains labels not in labels: {np.unique(y[unknown])[:10]}."
        )
    return order[pos_clipped], labels


def check_target(y_true, y_prob, sample_weight=None, labels=None, *, binary_only=False):
    """Validate ``(y_true, y_prob, sample_weight, labels)`` into a :class:`Target`.

    Binary problems: ``y_prob`` of shape (n,), (n, 1) or (n, 2) (then column 1
    is the positive class); ``y_true`` holds 0/1, or any two classes listed in
    ``labels`` (the positive class is ``labels[1]``). Multiclass: ``y_prob`` of
    shape (n, K), K >= 3, its columns in the order of ``labels`` (default: the
    sorted classes of ``y_true``, which must then number exactly K).
    """
    y_prob = np.asarray(y_prob)
    if y_prob.ndim == 2 and y_prob.shape[1] == 1:
        y_prob = y_prob[:, 0]  # a column of positive-class probabilities
    y_prob = check_probabilities(y_prob, "y_prob")
    n_samples = y_prob.shape[0]
    n_columns = None if y_prob.ndim == 1 else y_prob.shape[1]
    if n_columns is not None and n_columns < 2:
        raise ValueError("y_prob must have at least 2 columns when 2-D.")
    binary = n_columns is None or n_columns == 2
    if binary_only and not binary:
        raise ValueError(f"This metric is binary only; y_prob has {n_columns} columns.")

    if labels is not None:
        if binary and len(labels) != 2:
            raise ValueError(
                f"labels must list 2 classes for binary y_prob; got {len(labels)}."
            )
        y_index, classes = _encode_with_labels(y_true, labels, n_columns)
        y = y_index.astype(np.float64) if binary else y_index
    elif binary:
        y_raw = _as_label_array(y_true)
        if n_columns is None and y_raw.dtype.kind not in "biuf":
            raise ValueError(
                "y_true must hold 0/1 when y_prob is 1-D; pass labels=[negative, "
                "positive] for other class labels."
            )
        classes = np.array([0, 1])
        try:
            y = check_binary_labels(y_raw, "y_true")
        except ValueError:
            if n_columns is None:
                raise
            # Two columns: the sorted classes of y_true, as scikit-learn does.
            classes = np.unique(y_raw)
            if len(classes) != 2:
                raise ValueError(
                    f"y_true has {len(classes)} classes but y_prob has 2 columns; "
                    "pass labels=[negative, positive]."
                ) from None
            y = (y_raw == classes[1]).astype(np.float64)
    else:
        y_raw = _as_label_array(y_true)
        classes, y = np.unique(y_raw, return_inverse=True)
        if len(classes) != n_columns:
            raise ValueError(
                f"y_true has {len(classes)} classes but y_prob has {n_columns} "
                "columns; pass labels (e.g. estimator.classes_) to map them."
            )

    if binary and y_prob.ndim == 2:
        y_prob = y_prob[:, 1]
    check_same_length(("y_true", y), ("y_prob", y_prob))
    if sample_weight is not None:
        sample_weight = check_sample_weight(sample_weight, n_samples)
    return Target(y_prob, y, sample_weight, classes)


# --------------------------------------------------------------------------
# Binning
# --------------------------------------------------------------------------
_LOOKUP_CELLS = 4096  # a power of two, so conf * cells is exact
_LOOKUP_MIN_SIZE = 16 * _LOOKUP_CELLS  # below this, plain sort / search is as fast


def lookup_cells(conf):
    """Cell of each value when [0, 1] is cut into 4096 equal cells.

    ``floor(p * 4096)`` is exact (a power of two only shifts the exponent), so
    every value of cell ``c`` is below every value of cell ``c + 1``: the
    cells order the data without sorting it. 1.0 is alone in cell 4096.
    """
    return (conf * _LOOKUP_CELLS).astype(np.intp)


def _linear_percentile(order_statistic, n, q):
    """np.percentile's "linear" rule from a function returning order statistics.

    Same virtual index, same floor and same two-sided lerp as numpy, so the
    result is bit-identical to ``np.percentile``.
    """
    virtual = (n - 1) * q
    below = np.floor(virtual)
    gamma = virtual - below
    k_lo = below.astype(np.intp)
    k_hi = np.minimum(k_lo + 1, n - 1)
    a, b = np.split(order_statistic(np.concatenate([k_lo, k_hi])), 2)
    diff = b - a
    return np.where(gamma >= 0.5, b - diff * (1 - gamma), a + diff * gamma)


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


def weighted_percentile(x, sample_weight, q):
    """Percentiles of ``x`` with frequency weights, linear interpolation.

    With integer weights this equals ``np.percentile`` of the data with each
    row repeated ``weight`` times, so weights of 2 give the edges of the
    duplicated data.
    """
    order = np.argsort(x, kind="stable")
    xs = x[order]
    cum_w = np.cumsum(sample_weight[order])
    last = len(xs) - 1

    def order_statistic(k):
        # rank k of the repeated data is the first row whose cumulated weight
        # exceeds k
        return xs[np.minimum(np.searchsorted(cum_w, k, side="right"), last)]

    total = cum_w[-1]
    virtual = q * max(total - 1.0, 0.0)
    below = np.floor(virtual)
    gamma = virtual - below
    a, b = order_statistic(below), order_statistic(below + 1)
    diff = b - a
    # Same lerp as numpy's percentile, so unit weights reproduce it exactly.
    return np.where(gamma >= 0.5, b - diff * (1 - gamma), a + diff * gamma)


def bin_edges(conf, n_bins, strategy, sample_weight=None, cells=None):
    """Edges of ``n_bins`` bins over ``conf`` (1-D), as calibration_curve.

    ``"quantile"`` edges are ``np.percentile(conf, linspace(0, 1, n_bins + 1)
    * 100)`` exactly; given the lookup ``cells`` of large inputs, the order
    statistics come from sorting only the cells that hold them.
    """
    if strategy == "uniform":
        return np.linspace(0.0, 1.0, n_bins + 1)
    percent = np.linspace(0, 1, n_bins + 1) * 100  # calibration_curve's argument
    if sample_weight is None and cells is None:
        return np.percentile(conf, percent)
    # np.percentile's own q, so that the edges match it bit for bit.
    q = percent / 100
    if sample_weight is not None:
        return weighted_percentile(conf, sample_weight, q)
    return _linear_percentile(
        lambda ranks: _order_statistics_by_cells(conf, cells, ranks), conf.size, q
    )


def bin_ids(conf, edges, cells=None):
    """Bin index of each value: bins closed on the right, 0 in the first bin.

    Exactly ``np.searchsorted(edges[1:-1], conf)`` (``side="left"``), the rule
    of ``sklearn.calibration.calibration_curve``: bin ``b`` holds
    ``edges[b] < p <= edges[b + 1]`` and 1.0 lands in the last bin.

    Large inputs go through a lookup table instead of a binary search per
    value: a cell of :func:`lookup_cells` whose first and last float fall in
    the same bin gives that bin to all its values; only values in the few
    cells that hold an edge are searched. Two to three times faster than
    ``searchsorted`` at 1e7 samples.
    """
    interior = edges[1:-1]
    if cells is None:
        if conf.size < _LOOKUP_MIN_SIZE:
            return np.searchsorted(interior, conf)
        cells = lookup_cells(conf)
    n_cells = _LOOKUP_CELLS
    starts = np.arange(n_cells + 1) / n_cells
    first = np.searchsorted(interior, starts)
    last = np.searchsorted(interior, np.nextafter(starts + 1.0 / n_cells, 0.0))
    last[n_cells] = first[n_cells]  # the last cell holds 1.0 only
    straddles = (first != last).take(cells)
    ids = first.take(cells)
    ids[straddles] = np.searchsorted(interior, conf[straddles])
    return ids


def bin_sums(ids, conf, target, sample_weight, n_bins):
    """Per-bin total weight, sum of confidences and sum of targets."""
    if sample_weight is None:
        total = np.bincount(ids, minlength=n_bins).astype(np.float64)
        sum_conf = np.bincount(ids, weights=conf, minlength=n_bins)
        sum_target = np.bincount(ids, weights=target, minlength=n_bins)
    else:
        total = np.bincount(ids, weights=sample_weight, minlength=n_bins)
        sum_conf = np.bincount(ids, weights=sample_weight * conf, minlength=n_bins)
        sum_target = np.bincount(ids, weights=sample_weight * target, minlength=n_bins)
    return total, sum_conf, sum_target


def _edges_and_ids(conf, n_bins, strategy, sample_weight):
    """Bin edges of a 1-D confidence array and the bin of each value."""
    # Large inputs share one lookup of cells between the edges and the ids.
    cells = lookup_cells(conf) if conf.size >= _LOOKUP_MIN_SIZE else None
    edges = bin_edges(conf, n_bins, strategy, sample_weight, cells)
    return edges, bin_ids(conf, edges, cells)


def binned_columns(conf, target, sample_weight, n_bins, strategy):
    """Bin each column of ``conf`` (n, C) separately, in one ``bincount``.

    Returns ``total, sum_conf, sum_target`` of shape (C, n_bins) and the edges
    (C, n_bins + 1).
    """
    n_cols = conf.shape[1]
    if n_cols == 1:  # binary or top-label: no per-class offsets needed
        total, sum_conf, sum_target, edges, _ = binned_stats(
            conf[:, 0], target[:, 0], sample_weight, n_bins, strategy
        )
        return total[None], sum_conf[None], sum_target[None], edges[None]
    if strategy == "uniform":
        edges = np.linspace(0.0, 1.0, n_bins + 1)
        ids = bin_ids(conf, edges)
        all_edges = np.broadcast_to(edges, (n_cols, n_bins + 1))
    else:
        # Edges differ per class: one percentile and one binning per class.
        edges_per_class, ids_per_class = [], []
        for k in range(n_cols):
            column = np.ascontiguousarray(conf[:, k])
            edges, ids = _edges_and_ids(column, n_bins, strategy, sample_weight)
            edges_per_class.append(edges)
            ids_per_class.append(ids)
        all_edges = np.stack(edges_per_class)
        ids = np.stack(ids_per_class, axis=1)
    flat_ids = (ids + np.arange(n_cols) * n_bins).ravel()
    sw = None if sample_weight is None else np.repeat(sample_weight, n_cols)
    size = n_cols * n_bins
    total, sum_conf, sum_target = bin_sums(
        flat_ids, conf.ravel(), target.ravel(), sw, size
    )
    shape = (n_cols, n_bins)
    return (
        total.reshape(shape),
        sum_conf.reshape(shape),
        sum_target.reshape(shape),
        all_edges,
    )


def binned_stats(conf, target, sample_weight, n_bins, strategy):
    """Bin a 1-D confidence array; return total, sum_conf, sum_target, edges, ids."""
    edges, ids = _edges_and_ids(conf, n_bins, strategy, sample_weight)
    total, sum_conf, sum_target = bin_sums(ids, conf, target, sample_weight, n_bins)
    return total, sum_conf, sum_target, edges, ids
