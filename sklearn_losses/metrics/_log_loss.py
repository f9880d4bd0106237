"""Log loss: scikit-learn's values behind this package's input checks."""

import numpy as np
from scipy.special import xlogy
from sklearn.metrics import log_loss as sklearn_log_loss
from sklearn.utils._param_validation import validate_params

from sklearn_losses._targets import is_multilabel_indicator
from sklearn_losses._validation import (
    check_probabilities,
    check_same_length,
    check_sample_weight,
)

from ._validation import TARGET_CONSTRAINTS, _as_probability_array, check_target


def is_soft_target(y_true):
    """Whether ``y_true`` is 2-D with two columns or more: rows of class probabilities.

    (One column is a column of labels, as in scikit-learn.)

    Examples
    --------
    >>> from sklearn_losses.metrics._log_loss import is_soft_target
    >>> is_soft_target([[0.2, 0.8]]), is_soft_target([0, 1]), is_soft_target([[1]])
    (True, False, False)
    """
    try:
        shape = np.shape(y_true)
    except ValueError:  # ragged: the labels' checks name the problem
        return False
    return len(shape) == 2 and shape[1] >= 2


def _refuse_multilabel(y_true):
    """A 0/1 matrix with rows of other than one label is multilabel, not rows."""
    Y = np.asarray(y_true)
    if Y.ndim == 2 and Y.size and np.issubdtype(Y.dtype, np.number):
        counts = Y.sum(axis=1)
        if is_multilabel_indicator(Y) and np.any(counts != 1):
            row = int(np.argmax(counts != 1))
            raise ValueError(
                f"y_true is a multilabel indicator matrix (row {row} holds "
                f"{int(counts[row])} labels): this metric scores class labels or "
                "rows of class probabilities. Score each label's column as a "
                "binary problem, or use the estimator's score (subset accuracy)."
            )


def check_soft_target(y_true, y_prob, sample_weight=None, labels=None):
    """``(Q, P, sample_weight)``: rows of class probabilities and predictions.

    ``y_true`` holds one distribution over the classes per row (what a model
    was fitted to with soft targets), its columns in the order of ``y_prob``'s
    (of ``labels``); a 1-D ``y_prob`` is the probability of the second class.

    Examples
    --------
    >>> from sklearn_losses.metrics._log_loss import check_soft_target
    >>> check_soft_target([[0.2, 0.8]], [0.6])[1]
    array([[0.4, 0.6]])
    """
    _refuse_multilabel(y_true)
    Q = check_probabilities(y_true, "y_true (rows of class probabilities)")
    P = _as_probability_array(y_prob)
    if P.ndim == 1:
        P = np.column_stack([1 - P, P])
    if Q.shape[1] != P.shape[1] or (labels is not None and len(labels) != Q.shape[1]):
        raise ValueError(
            f"y_true holds rows of probabilities over {Q.shape[1]} classes but "
            f"y_prob has {P.shape[1]} columns"
            + ("" if labels is None else f" and labels {len(labels)} classes")
            + ": column k of each is class k."
        )
    check_same_length(("y_true", Q), ("y_prob", P))
    if sample_weight is not None:
        sample_weight = check_sample_weight(sample_weight, Q.shape[0])
    return Q, P, sample_weight


@validate_params(TARGET_CONSTRAINTS, prefer_skip_nested_validation=True)
def log_loss(y_true, y_prob, *, sample_weight=None, labels=None):
    r"""Log loss (cross-entropy) of predicted probabilities.

    :math:`-\frac1W \sum_i w_i \log p_{i, y_i}`, the values of
    :func:`sklearn.metrics.log_loss` (which clips probabilities away from 0).
    With soft targets (``y_true`` of shape ``(n_samples, n_classes)``, rows
    of class probabilities ``q_i``) it is the cross-entropy
    :math:`-\frac1W \sum_i w_i \sum_k q_{ik} \log p_{ik}`, the same
    clipping applied: one-hot rows give the labels' value.
    The inputs are first checked as every metric of this package checks them,
    so NaN, infinite or out-of-range probabilities and negative weights are
    refused with a message naming the parameter (scikit-learn's function
    accepts negative weights).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_classes)
        True labels, or rows of class probabilities in the column order of
        ``y_prob``.
    y_prob : array-like of shape (n_samples,) or (n_samples, n_classes)
        Predicted probabilities (1-D: of the positive class).
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative sample weights.
    labels : array-like of shape (n_classes,), default=None
        The classes in the column order of ``y_prob``; scorers pass
        ``estimator.classes_``, so a test fold may miss a class.

    Returns
    -------
    float
        The log loss; 0 is perfect, lower is better.

    Examples
    --------
    >>> from sklearn_losses.metrics._log_loss import log_loss
    >>> round(log_loss([0, 1], [0.5, 0.5]), 6)
    0.693147
    >>> round(log_loss([[0.5, 0.5]], [[0.2, 0.8]]), 6)  # a soft target
    0.916291
    """
    if is_soft_target(y_true):
        Q, P, weights = check_soft_target(y_true, y_prob, sample_weight, labels)
        eps = np.finfo(P.dtype).eps
        per_sample = -xlogy(Q, np.clip(P, eps, 1 - eps)).sum(axis=1)
        return float(np.average(per_sample, weights=weights))
    check_target(y_true, y_prob, sample_weight, labels)
    return float(
        sklearn_log_loss(y_true, y_prob, sample_weight=sample_weight, labels=labels)
    )
