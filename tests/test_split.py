"""The early-stopping split: distinct rows found by hashing, 2-D targets.

The references are independent of the hashing: rows compared as Python
tuples, repeated rows for integer weights, and scikit-learn's
``train_test_split`` for what is stratified.
"""

import math
import tracemalloc

import numpy as np
import pytest
import scipy.sparse as sp

from sklearn_losses.solvers import _split
from sklearn_losses.solvers._split import validation_split


def _dense(X):
    return X.toarray() if sp.issparse(X) else np.asarray(X)


def _as_rows(part):
    """{(features..., targets...): total weight} of the rows of positive weight."""
    X, y, sw = part
    sw = np.ones(len(y)) if sw is None else sw
    rows = {}
    for x, target, w in zip(_dense(X), y, sw, strict=True):
        key = (*x.tolist(), *np.atleast_1d(target).tolist())
        rows[key] = rows.get(key, 0.0) + w
    return {k: w for k, w in rows.items() if w > 0}


def _reference_groups(parts, label):
    """The partition of the rows into equal rows, by Python tuples (0.0 == -0.0)."""
    seen, groups = {}, []
    columns = [_dense(A) + 0.0 for A in parts]  # + 0.0 turns -0.0 into 0.0
    for i in range(len(label)):
        key = (*(c for A in columns for c in A[i].tolist()), label[i])
        groups.append(seen.setdefault(key, len(seen)))
    return np.array(groups)


def _same_partition(a, b):
    """Whether two labelings group the rows alike (up to renaming the groups)."""
    pairs = set(zip(a.tolist(), b.tolist(), strict=True))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


def _data_with_duplicates(seed=0, n=60):
    rng = np.random.RandomState(seed)
    X = rng.randint(0, 3, size=(n, 3)).astype(float)  # many equal rows
    zeros = X == 0  # half of them -0.0, equal to 0.0 but of other bytes
    X[zeros] = np.where(rng.rand(np.count_nonzero(zeros)) < 0.5, -0.0, 0.0)
    assert np.any(np.signbit(X[zeros])) and not np.all(np.signbit(X[zeros]))
    return X, rng.randint(0, 2, size=n)


def _multilabel(n, rng):
    """0/1 indicators of 3 labels, rows with 0 to 3 ones (not on the simplex)."""
    Y = (rng.rand(n, 3) < 0.4).astype(float)
    assert np.any(Y.sum(axis=1) != 1)
    return Y


FORMATS = [np.asarray, sp.csr_matrix, sp.csr_array]


@pytest.mark.parametrize("container", FORMATS)
def test_equal_rows_share_a_group_and_distinct_rows_do_not(container):
    X, y = _data_with_duplicates()
    reference = _reference_groups([X], y)
    assert len(set(reference)) < len(y)  # the data has repeated rows
    groups = _split._distinct_rows([container(X)], y)
    assert _same_partition(groups, reference)


def test_dense_and_sparse_rows_get_the_same_groups():
    X, y = _data_with_duplicates()
    dense = _split._distinct_rows([X], y)
    for container in FORMATS[1:]:
        np.testing.assert_array_equal(_split._distinct_rows([container(X)], y), dense)


@pytest.mark.parametrize("container", FORMATS)
def test_rows_sharing_a_hash_are_told_apart_by_their_values(container, monkeypatch):
    # every row collides: the groups must come from the values alone
    monkeypatch.setattr(_split, "_row_hashes", lambda A, first, out: None)
    X, y = _data_with_duplicates()
    X, Y = container(X), np.eye(3)[np.arange(len(y)) % 3]
    for parts, label in [([X], y), ([X, Y], np.zeros(len(y), dtype=int))]:
        groups = _split._distinct_rows(parts, label)
        assert _same_partition(groups, _reference_groups(parts, label))


@pytest.mark.parametrize("collide", [False, True])
@pytest.mark.parametrize("target", ["labels", "soft", "multilabel"])
def test_integer_weights_split_as_repeated_rows(target, collide, monkeypatch):
    # the reference: repeating each row sample_weight times (0 removes it);
    # with collide, all rows share one hash and are ordered by their values
    if collide:
        monkeypatch.setattr(_split, "_row_hashes", lambda A, first, out: None)
    rng = np.random.RandomState(1)
    n = 30
    X = rng.rand(n, 4)
    y = {
        "labels": rng.randint(0, 3, size=n),
        "soft": rng.dirichlet(np.ones(3), size=n),
        "multilabel": _multilabel(n, rng),
    }[target]
    sw = rng.randint(0, 4, size=n).astype(float)
    X_rep, y_rep = X.repeat(sw.astype(int), axis=0), y.repeat(sw.astype(int), axis=0)
    order = rng.permutation(n)  # the row order does not matter
    X, y, sw = X[order], y[order], sw[order]
    weighted = validation_split(X, y, sw, 0.2, np.random.RandomState(0))
    repeated = validation_split(X_rep, y_rep, None, 0.2, np.random.RandomState(0))
    for part_w, part_r in zip(weighted, repeated, strict=True):
        assert _as_rows(part_w) == _as_rows(part_r)
    assert len(_as_rows(weighted[1])) == math.ceil(0.2 * np.count_nonzero(sw))


@pytest.mark.parametrize("target", ["soft", "multilabel"])
def test_two_dimensional_targets_split_whole_rows(target):
    rng = np.random.RandomState(0)
    n = 40
    X = rng.rand(n, 3)
    Y = rng.dirichlet(np.ones(3), size=n) if target == "soft" else _multilabel(n, rng)
    train, held_out = validation_split(X, Y, None, 0.25, np.random.RandomState(0))
    assert len(held_out[1]) == 10 and len(train[1]) == 30
    # each part keeps its rows' features and targets together
    all_rows = _as_rows((X, Y, None))
    for part in (train, held_out):
        assert set(_as_rows(part)) <= set(all_rows)
    assert len(set(_as_rows(train)) | set(_as_rows(held_out))) == n


def _recorded_stratify(monkeypatch):
    calls = []
    original = _split.train_test_split

    def recording(*args, stratify=None, **kwargs):
        calls.append(stratify)
        return original(*args, stratify=stratify, **kwargs)

    monkeypatch.setattr(_split, "train_test_split", recording)
    return calls


def test_multilabel_indicators_are_split_at_random_as_mlpclassifier(monkeypatch):
    # MLPClassifier stratifies only single-output targets; a 0/1 matrix whose
    # rows are not distributions has no class to stratify by
    calls = _recorded_stratify(monkeypatch)
    rng = np.random.RandomState(0)
    X, Y = rng.rand(40, 3), _multilabel(40, rng)
    validation_split(X, Y, None, 0.25, np.random.RandomState(0))
    assert calls == [None]


def test_soft_targets_are_stratified_by_their_most_probable_class(monkeypatch):
    calls = _recorded_stratify(monkeypatch)
    rng = np.random.RandomState(0)
    X = rng.rand(40, 3)
    Y = np.full((40, 3), 0.1)
    Y[np.arange(40), np.arange(40) % 3] = 0.8  # most probable: 0, 1, 2, 0, ...
    _, (_, Y_val, _) = validation_split(X, Y, None, 0.25, np.random.RandomState(0))
    assert calls[0] is not None and sorted(set(calls[0])) == [0, 1, 2]
    # 10 held out of 14 / 13 / 13 rows: each class 3 or 4 times, as stratified
    assert sorted(np.bincount(Y_val.argmax(axis=1))) == [3, 3, 4]


def test_finding_distinct_rows_allocates_far_less_than_the_data():
    # memory in proportion to the rows (about ten 8-byte numbers a row,
    # measured 0.11 of X at 100 columns), not a copy of X (the bytes of each
    # row as keys took 5.6 times X)
    rng = np.random.RandomState(0)
    X = rng.rand(20_000, 100)
    X[10_000:] = X[:10_000]  # half the rows repeat: the comparison runs too
    y = rng.randint(0, 3, size=20_000)
    tracemalloc.start()
    try:
        groups, _ = _split._distinct_samples(X, y, None)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 0.25 * X.nbytes
    assert len(np.unique(groups)) == len(set(map(tuple, np.c_[X, y].tolist())))
