"""Validation of the metrics' inputs: parameter constraints and the target.

Public metric functions declare their options with the constraints below
(scikit-learn's ``validate_params``) and turn ``(y_true, y_prob,
sample_weight, labels)`` into one :class:`Target` with :func:`check_target`.
The implementations beneath them take that target and check nothing again.
"""

from numbers import Integral

import numpy as np
from sklearn.utils._param_validation import StrOptions

from sklearn_losses._constraints import Count
from sklearn_losses._validation import (
    as_array,
    check_array_1d_or_2d,
    check_binary_labels,
    check_probabilities,
    check_same_length,
    check_sample_weight,
)
from sklearn_losses.metrics._top_label import top_label, true_class_probability

TARGET_CONSTRAINTS = {
    "y_true": ["array-like"],
    "y_prob": ["array-like"],
    "sample_weight": ["array-like", None],
    "labels": ["array-like", None],
}
BINNING_CONSTRAINTS = {
    # Count: True is not a number of bins
    "n_bins": [Count(Integral, 1, None, closed="left")],
    "strategy": [StrOptions({"uniform", "quantile"})],
}
MULTICLASS_CONSTRAINT = {"multiclass": [StrOptions({"top_label", "classwise"})]}


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
        return top_label(self.y_prob, self.y)

    def true_class_probability(self):
        """Probability given to the true class of each multiclass sample."""
        return true_class_probability(self.y_prob, self.y)

    def confidence_and_outcome(self):
        """Return 1-D (confidence, outcome): the binary pair, or the top label's."""
        if self.is_binary:
            return self.y_prob, self.y
        return self.top_label()

    def one_hot(self):
        onehot = np.zeros_like(self.y_prob)
        onehot[np.arange(len(self.y)), self.y] = 1.0
        return onehot

    def columns(self, multiclass="top_label"):
        """Return (conf, outcome) of shape (n, C): the binary reductions to bin.

        One column (the positive class, or the top label) unless multiclass
        problems ask for ``"classwise"``: then one column per class.
        """
        if self.is_binary or multiclass == "top_label":
            confidence, outcome = self.confidence_and_outcome()
            return confidence[:, None], outcome[:, None]
        return self.y_prob, self.one_hot()


def _as_probability_array(y_prob):
    y_prob = as_array(y_prob, "y_prob")
    if y_prob.ndim == 2 and y_prob.shape[1] == 0:
        raise ValueError(f"y_prob has no columns; got shape {y_prob.shape}.")
    if y_prob.ndim == 2 and y_prob.shape[1] == 1:
        y_prob = y_prob[:, 0]  # a column of positive-class probabilities
    return check_probabilities(y_prob, "y_prob")


def _as_label_array(y_true):
    y = as_array(y_true, "y_true", numeric=False)
    if y.dtype.kind == "O" and any(v is None for v in y.flat):
        raise ValueError("y_true contains None: every sample needs a label.")
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
    consecutive = (
        labels.dtype.kind in "iu"
        and sorted_labels[-1] - sorted_labels[0] == len(labels) - 1
    )
    codes = (
        _encode_integer_range(y, sorted_labels[0], len(labels)) if consecutive else None
    )
    if codes is not None:
        # consecutive integer labels: the range check is the membership test
        identity = np.array_equal(order, np.arange(len(labels)))
        return (codes if identity else order[codes]), labels
    pos = np.searchsorted(sorted_labels, y)
    pos_clipped = np.minimum(pos, len(labels) - 1)
    unknown = sorted_labels[pos_clipped] != y
    if unknown.any():
        raise ValueError(
            f"y_true contains labels not in labels: {np.unique(y[unknown])[:10]}."
        )
    return order[pos_clipped], labels


def _encode_binary(y_true, two_columns):
    """Return (0/1 float labels, classes) of binary ``y_true`` without labels."""
    y_raw = _as_label_array(y_true)
    if not two_columns and y_raw.dtype.kind not in "biuf":
        raise ValueError(
            "y_true must hold 0/1 when y_prob is 1-D; pass labels=[negative, "
            "positive] for other class labels."
        )
    try:
        return check_binary_labels(y_raw, "y_true"), np.array([0, 1])
    except ValueError:
        if not two_columns:
            raise
    # Two columns: the sorted classes of y_true, as scikit-learn does.
    classes = np.unique(y_raw)
    if len(classes) != 2:
        raise ValueError(
            f"y_true has {len(classes)} classes but y_prob has 2 columns; "
            "pass labels=[negative, positive]."
        )
    return (y_raw == classes[1]).astype(np.float64), classes


def _encode_integer_range(y, low, n_classes):
    """``y - low`` as indices when integer ``y`` lies in ``[low, low + n_classes)``.

    None when ``y`` or ``low`` is not integer, or a value falls outside: the
    caller then encodes the general way. Two reductions replace a sort.
    """
    if y.dtype.kind not in "iu" or np.asarray(low).dtype.kind not in "iu":
        return None
    y_min, y_max = int(y.min()), int(y.max())
    low = int(low)
    if y_min < low or y_max >= low + n_classes:
        return None
    codes = y.astype(np.intp, copy=False)
    return codes - low if low else codes


def _encode_multiclass(y_true, n_columns):
    """Return (column indices, classes) of multiclass ``y_true`` without labels."""
    y_raw = _as_label_array(y_true)
    if y_raw.dtype.kind in "iu":
        low = y_raw.min()
        codes = _encode_integer_range(y_raw, low, n_columns)
        if codes is not None and np.all(np.bincount(codes, minlength=n_columns)):
            # every class of low .. low + K - 1 present: np.unique's answer
            return codes, np.arange(low, low + n_columns, dtype=y_raw.dtype)
    classes, y = np.unique(y_raw, return_inverse=True)
    if len(classes) != n_columns:
        raise ValueError(
            f"y_true has {len(classes)} classes but y_prob has {n_columns} "
            "columns; pass labels (e.g. estimator.classes_) to map them."
        )
    return y, classes


def check_target(y_true, y_prob, sample_weight=None, labels=None, *, binary_only=False):
    """Validate ``(y_true, y_prob, sample_weight, labels)`` into a :class:`Target`.

    Binary problems: ``y_prob`` of shape (n,), (n, 1) or (n, 2) (then column 1
    is the positive class); ``y_true`` holds 0/1, or any two classes listed in
    ``labels`` (the positive class is ``labels[1]``). Multiclass: ``y_prob`` of
    shape (n, K), K >= 3, its columns in the order of ``labels`` (default: the
    sorted classes of ``y_true``, which must then number exactly K).
    """
    y_prob = _as_probability_array(y_prob)
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
        y, classes = _encode_with_labels(y_true, labels, n_columns)
        y = y.astype(np.float64) if binary else y
    elif binary:
        y, classes = _encode_binary(y_true, two_columns=n_columns == 2)
    else:
        y, classes = _encode_multiclass(y_true, n_columns)

    if binary and y_prob.ndim == 2:
        y_prob = y_prob[:, 1]
    check_same_length(("y_true", y), ("y_prob", y_prob))
    if sample_weight is not None:
        sample_weight = check_sample_weight(sample_weight, y_prob.shape[0])
    return Target(y_prob, y, sample_weight, classes)
