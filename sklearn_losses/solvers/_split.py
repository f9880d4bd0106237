"""The early-stopping split: training and held-out parts of the data.

The split is drawn over the distinct weighted samples: identical rows
(features and class) count as one sample, and rows of zero weight stay in
the training part, where they weigh nothing. So an integer ``sample_weight``
gives the same split as repeating the rows, and a zero weight the same as
removing the row, as scikit-learn expects of sample weights. With soft
targets, a row's targets count as its class (rows with the same features and
targets are one sample) and the split is stratified by each row's most
probable class.
"""

import math

import numpy as np
import scipy.sparse as sp
from sklearn.model_selection import train_test_split


def _row_keys(X):
    """Group index of each row of ``X``: equal rows share one, in sorted order.

    Dense and sparse ``X`` with the same values give the same groups.
    """
    X = sp.csr_matrix(X, copy=True)
    X.sum_duplicates()
    X.eliminate_zeros()
    X.sort_indices()
    ptr, indices = X.indptr, X.indices.astype(np.int64)
    data = X.data.astype(np.float64)
    keys = np.empty(X.shape[0], dtype=object)
    keys[:] = [
        indices[a:b].tobytes() + data[a:b].tobytes()
        for a, b in zip(ptr[:-1], ptr[1:], strict=True)
    ]
    return np.unique(keys, return_inverse=True)[1].ravel()


def _distinct_samples(X, y, sample_weight):
    """(group of each row or -1 for zero weight, class of each group)."""
    if y.ndim == 2:  # soft targets: the targets are part of the row
        row_group = _row_keys(sp.hstack([sp.csr_matrix(X), sp.csr_matrix(y)]))
        y = np.argmax(y, axis=1)
    else:
        n_classes = int(y.max()) + 1
        row_group = np.unique(_row_keys(X) * n_classes + y, return_inverse=True)[1]
        row_group = row_group.ravel()
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
    when every class can appear in both parts, else plain random.

    Parameters
    ----------
    X : ndarray or sparse CSR matrix of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,) or (n_samples, n_classes)
        Class indices, or soft targets.
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
    stratify = group_class[groups]
    _, held_groups = train_test_split(
        groups,
        test_size=n_val,
        random_state=rng,
        stratify=stratify if _can_stratify(stratify, n_val) else None,
    )
    held = np.isin(row_group, held_groups)
    parts = []
    for mask in (~held, held):
        sw = None if sample_weight is None else sample_weight[mask]
        parts.append((X[mask], y[mask], sw))
    return parts[0], parts[1]
