"""The early-stopping split: training and held-out parts of the data.

The split is drawn over the distinct weighted samples: identical rows
(features and class) count as one sample, and rows of zero weight stay in
the training part, where they weigh nothing. So an integer ``sample_weight``
gives the same split as repeating the rows, and a zero weight the same as
removing the row, as scikit-learn expects of sample weights. With a 2-D
``y`` (soft targets or multilabel indicators) a row's targets are part of the
sample (rows with the same features and targets are one sample); soft
targets (rows on the probability simplex) are stratified by each row's most
probable class, other 2-D targets are split at random, as ``MLPClassifier``
splits multilabel targets.

Distinct rows are found without a copy of ``X``: each row is hashed block by
block into 64 bits, the rows are grouped by hash, and rows that share a hash
are compared with the first of their group; only a true collision (distinct
rows with one hash, which the 64-bit hash makes rare) is resolved row by row.
The hash depends on the values alone, so the groups and their order (and so
the split, for a given random state) do not depend on the order of the rows,
nor on whether ``X`` is dense or sparse.
"""

import math

import numpy as np
import scipy.sparse as sp
from sklearn.model_selection import train_test_split

# Entries hashed per block: small enough for the temporaries to stay in cache.
_BLOCK = 2**16
# Soft targets sum to 1 to rounding; indicator rows sum to whole numbers.
_SIMPLEX_TOL = 1e-3
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _mix(v):
    """splitmix64's finalizer, in place on a uint64 array (wraps modulo 2**64)."""
    v ^= v >> np.uint64(30)
    v *= _M1
    v ^= v >> np.uint64(27)
    v *= _M2
    v ^= v >> np.uint64(31)
    return v


def _entry_hash(values, columns):
    """64-bit hash of each (column, value) entry; 0 for a value of 0."""
    values = np.asarray(values, dtype=np.float64)
    v = values.view(np.uint64) ^ _mix(columns.astype(np.uint64) * _GOLDEN + _GOLDEN)
    _mix(v)
    v[values == 0] = 0  # so that -0.0, 0.0 and an absent sparse entry agree
    return v


def _row_hashes(A, first_column, out):
    """Add to ``out`` the sum (mod 2**64) of the entry hashes of each row of ``A``.

    The columns count from ``first_column``, so that the hash of two
    matrices side by side is the sum of their hashes.
    """
    n, width = A.shape
    step = max(1, _BLOCK // max(width, 1))
    columns = np.arange(first_column, first_column + width)
    for start in range(0, n, step):
        rows = slice(start, min(start + step, n))
        if sp.issparse(A):
            block = sp.csr_matrix(A[rows])
            block.sum_duplicates()
            v = _entry_hash(block.data, columns[block.indices])
            sums = np.concatenate([[np.uint64(0)], np.cumsum(v, dtype=np.uint64)])
            out[rows] += sums[block.indptr[1:]] - sums[block.indptr[:-1]]
        else:
            out[rows] += _entry_hash(A[rows], columns).sum(axis=1, dtype=np.uint64)


def _equal_rows(A, a, b):
    """Whether rows ``a`` and ``b`` of ``A`` are equal, pair by pair, in blocks."""
    equal = np.empty(len(a), dtype=bool)
    step = max(1, _BLOCK // max(A.shape[1], 1))
    for start in range(0, len(a), step):
        rows = slice(start, start + step)
        if sp.issparse(A):
            differ = sp.csr_matrix(A[a[rows]] != A[b[rows]])  # also for csr_array
            differ.eliminate_zeros()
            equal[rows] = np.diff(differ.indptr) == 0
        else:
            equal[rows] = np.all(A[a[rows]] == A[b[rows]], axis=1)
    return equal


def _exact_key(parts, row):
    """The values of one row as bytes: nonzero entries, by column."""
    keys = []
    for A in parts:
        x = A[row].toarray().ravel() if sp.issparse(A) else np.asarray(A[row])
        x = np.asarray(x, dtype=np.float64).ravel()
        nonzero = np.flatnonzero(x)
        keys.append(nonzero.astype(np.int64).tobytes() + x[nonzero].tobytes())
    return b"|".join(keys)


def _runs(order, *keys):
    """Start of each run of equal keys along ``order``, as a boolean mask."""
    start = np.ones(len(order), dtype=bool)
    if len(order):
        same = np.ones(len(order) - 1, dtype=bool)
        for key in keys:
            k = key[order]
            same &= k[1:] == k[:-1]
        start[1:] = ~same
    return start


def _distinct_rows(parts, label):
    """Group index of each row: equal rows (all ``parts`` and ``label``) share one.

    The groups are numbered in an order that depends on the values only.
    """
    n = parts[0].shape[0]
    hashes, first_column = np.zeros(n, dtype=np.uint64), 0
    for A in parts:
        _row_hashes(A, first_column, hashes)
        first_column += A.shape[1]
    order = np.lexsort((label, hashes))
    start = _runs(order, hashes, label)
    first = order[np.flatnonzero(start)[np.cumsum(start) - 1]]
    # compare each row with the first of its run; rows alone need nothing
    check = np.flatnonzero(~start)
    same = np.ones(len(check), dtype=bool)
    for A in parts:
        same &= _equal_rows(A, order[check], first[check])
    sub = np.zeros(n, dtype=np.int64)
    # a collision: the runs holding a mismatch, resolved by the exact values
    for run_first in np.unique(first[check[~same]]):
        rows = order[first == run_first]
        keys = [_exact_key(parts, row) for row in rows]
        sub[rows] = np.unique(np.array(keys, dtype=object), return_inverse=True)[1]
    if np.any(sub):
        order = np.lexsort((sub, label, hashes))
        start = _runs(order, hashes, label, sub)
    group = np.empty(n, dtype=np.int64)
    group[order] = np.cumsum(start) - 1
    return group


def _on_simplex(Y):
    """Whether the rows of a 2-D ``Y`` are distributions (soft targets)."""
    return bool(np.all(Y >= 0) and np.all(np.abs(Y.sum(axis=1) - 1) <= _SIMPLEX_TOL))


def _distinct_samples(X, y, sample_weight):
    """(group of each row or -1 for zero weight, class of each group or None).

    The class is None when the split cannot be stratified (2-D targets not
    on the simplex, such as multilabel indicators).
    """
    if y.ndim == 2:  # soft targets or indicators: the targets are part of the row
        row_group = _distinct_rows([X, y], np.zeros(len(y), dtype=np.int64))
        y = np.argmax(y, axis=1) if _on_simplex(y) else None
    else:
        row_group = _distinct_rows([X], y)
    group_class = None
    if y is not None:
        group_class = np.empty(row_group.max() + 1, dtype=y.dtype)
        group_class[row_group] = y
    if sample_weight is not None:
        row_group = np.where(sample_weight > 0, row_group, -1)
    return row_group, group_class


def _can_stratify(y, n_val):
    """Whether every class can appear in both parts of the split.

    Each class needs 2 members, and each part room for one of every class;
    otherwise the split is plain random, as ``MLPClassifier`` makes it for
    more than two classes, so that no small data set fails.
    """
    if y is None:
        return False
    counts = np.bincount(y)
    n_classes = np.count_nonzero(counts)
    return bool(
        counts[counts > 0].min() >= 2
        and n_val >= n_classes
        and len(y) - n_val >= n_classes
    )


def validation_split(X, y, sample_weight, validation_fraction, rng):
    """(train, held-out) parts of the data, each as (X, y, sample_weight).

    The held-out part is ``validation_fraction`` of the distinct samples of
    positive weight, at least 2 (``MLPClassifier`` refuses fewer), stratified
    when every class can appear in both parts, else plain random. Finding
    the distinct samples takes memory in proportion to the number of rows,
    not to the size of ``X``; the two parts are copies, as in
    ``MLPClassifier``.

    Parameters
    ----------
    X : ndarray or sparse CSR matrix of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        Class indices, soft targets (rows summing to 1), or another 2-D
        target such as multilabel indicators (split without stratification).
    sample_weight : ndarray of shape (n_samples,) or None
    validation_fraction : float
        In (0, 1).
    rng : numpy.random.RandomState

    Returns
    -------
    train, held_out : tuple of (X, y, sample_weight)
        ``sample_weight`` is None in both when it was None.
    """
    row_group, group_class = _distinct_samples(X, y, sample_weight)
    groups = np.unique(row_group[row_group >= 0])
    n_val = max(math.ceil(validation_fraction * len(groups)), 2)
    if len(groups) - n_val < 1:
        raise ValueError(
            f"The validation set is too small: {len(groups)} distinct samples "
            "of positive weight cannot be split for early stopping; use more "
            "samples or early_stopping=False."
        )
    stratify = None if group_class is None else group_class[groups]
    _, held_groups = train_test_split(
        groups,
        test_size=n_val,
        random_state=rng,
        stratify=stratify if _can_stratify(stratify, n_val) else None,
    )
    held = np.zeros(row_group.max() + 1, dtype=bool)
    held[held_groups] = True
    held = np.where(row_group >= 0, held[row_group], False)
    parts = []
    for mask in (~held, held):
        sw = None if sample_weight is None else sample_weight[mask]
        parts.append((X[mask], y[mask], sw))
    return parts[0], parts[1]
