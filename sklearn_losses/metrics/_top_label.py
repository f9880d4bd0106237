"""The top-label reduction of multiclass probabilities, and its kernel.

A multiclass problem is judged on its most probable class: the confidence
``max(y_prob)`` of each sample and whether that class is the true one. This
is the hot loop of every multiclass metric, so it is computed in blocks that
stay in cache rather than by numpy's row-by-row ``argmax``.
"""

import numpy as np

_TOP_LABEL_CHUNK = 4096  # rows per block: a (n_classes, 4096) block stays in cache


def top_label(y_prob, y):
    """Confidence and correctness (0/1) of ``argmax(y_prob, axis=1)`` against ``y``.

    Equal to ``y_prob.max(axis=1)`` and ``argmax(y_prob, axis=1) == y`` (the
    first of tied maxima is the prediction), in one blocked pass: each block
    of rows is transposed so the maximum and the count of maxima per row are
    column-wise reductions, much faster than numpy's row-by-row ``argmax``
    on a few columns. The prediction is correct when the true class holds
    the maximum, unless an earlier class ties with it (resolved by
    ``argmax`` on those rare rows).
    """
    n, n_classes = y_prob.shape
    chunk = min(_TOP_LABEL_CHUNK, n)
    confidence = np.empty(n)
    n_maxima = np.empty(n, dtype=np.intp)
    block = np.empty((n_classes, chunk))
    is_max = np.empty((n_classes, chunk), dtype=bool)
    for start in range(0, n, chunk):
        rows = y_prob[start : start + chunk]
        m = len(rows)
        np.copyto(block[:, :m], rows.T)
        best = confidence[start : start + m]
        np.max(block[:, :m], axis=0, out=best)
        np.equal(block[:, :m], best, out=is_max[:, :m])
        np.sum(is_max[:, :m], axis=0, out=n_maxima[start : start + m])
    correct = true_class_probability(y_prob, y) == confidence
    tied = np.flatnonzero(correct & (n_maxima > 1))
    if tied.size:
        correct[tied] = np.argmax(y_prob[tied], axis=1) == y[tied]
    return confidence, correct.astype(np.float64)


def true_class_probability(y_prob, y):
    """``y_prob[i, y[i]]`` for every row."""
    if not y_prob.flags.c_contiguous:
        return np.take_along_axis(y_prob, y[:, None], axis=1)[:, 0]
    # flat indices: a third faster than take_along_axis on 1e7 rows
    n, n_classes = y_prob.shape
    index = np.arange(0, n * n_classes, n_classes)
    index += y
    return y_prob.reshape(-1).take(index)
