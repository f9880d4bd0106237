"""What ``y`` means to the estimator: its kind, its classes, its weights.

A fit reads ``y`` in two steps around scikit-learn's ``validate_data``:
:func:`read_targets` tells the kind of target apart (and checks soft targets,
which ``validate_data`` would call continuous), then :func:`encode_targets`
finds the classes, checks them against ``classes=`` and the previous fit,
and encodes the targets as the solvers take them: a :class:`Targets`.
:func:`training_weights` turns ``sample_weight`` and ``class_weight`` into
the per-row weights of the training loss.

The kinds are ``"labels"`` (class indices), ``"soft"`` (rows of class
probabilities) and ``"multilabel"`` (rows of 0/1 indicators, one column per
label, as :class:`~sklearn.neural_network.MLPClassifier` reads them: a 2-D
``y`` whose entries are all 0 or 1, one-hot rows included).
"""

from dataclasses import dataclass
from numbers import Real

import numpy as np
import scipy.sparse as sp
from sklearn.utils.multiclass import check_classification_targets, unique_labels

from sklearn_losses._validation import check_sample_weight

__all__ = [
    "Targets",
    "check_class_weight",
    "check_soft_targets",
    "class_mass",
    "class_weights",
    "class_weighted_rows",
    "encode_targets",
    "label_classes",
    "most_probable_classes",
    "read_targets",
    "soft_target_array",
    "soft_target_classes",
    "training_weights",
    "weighted_targets",
]

TARGET_KINDS = ("labels", "soft", "multilabel")

# rows of soft targets must sum to 1 within this (then they are rescaled)
ROW_SUM_TOL = 1e-5


@dataclass(frozen=True)
class Targets:
    """The targets of a fit, checked and encoded.

    Attributes
    ----------
    kind : {"labels", "soft", "multilabel"}
        Class labels, soft targets (rows of class probabilities) or
        multilabel indicators (rows of 0/1, one column per label).
    classes : ndarray of shape (n_classes,)
        The sorted classes (labels, for multilabel targets): the estimator's
        ``classes_``.
    encoded : ndarray of shape (n_samples,) or (n_samples, n_classes)
        Labels: the index of each sample's class in ``classes``. Soft: the
        probability of each class, multilabel: the 0/1 indicator of each
        label, as floats, the columns in the order of ``classes``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses._targets import Targets
    >>> targets = Targets("labels", np.array(["a", "b"]), np.array([1, 0, 1]))
    >>> targets.n_classes, targets.is_soft, targets.n_outputs
    (2, False, 1)
    """

    kind: str
    classes: np.ndarray
    encoded: np.ndarray

    def __post_init__(self):
        if self.kind not in TARGET_KINDS:
            raise ValueError(f"kind must be one of {TARGET_KINDS}; got {self.kind!r}.")

    @property
    def n_classes(self):
        return len(self.classes)

    @property
    def is_soft(self):
        """Whether the loss compares with distributions, not labels."""
        return self.kind == "soft"

    @property
    def is_multilabel(self):
        """Whether each column is a binary problem of its own."""
        return self.kind == "multilabel"

    @property
    def n_outputs(self):
        """Logits of the network: one per label, else one for 1 or 2 classes."""
        if self.is_multilabel or self.n_classes > 2:
            return self.n_classes
        return 1


def read_targets(y):
    """``(y, kind)``, with soft targets checked: the step before ``validate_data``.

    Soft and multilabel targets are told apart here, before scikit-learn's
    checks, which would call a 2-D float ``y`` "continuous-multioutput";
    ``validate_data`` then takes ``multi_output=kind != "labels"``. A 2-D
    ``y`` of two columns or more whose entries are all 0 or 1 (one-hot rows
    included) is multilabel, as ``type_of_target`` and ``MLPClassifier``
    read it; other numeric 2-D ``y`` are soft targets.

    Parameters
    ----------
    y : array-like or sparse matrix of shape (n_samples,) or \
(n_samples, n_classes)
        Labels, soft targets (see :func:`soft_target_array`) or multilabel
        indicators (a sparse matrix is made dense).

    Returns
    -------
    y : array-like
        ``y`` unchanged for labels and multilabel targets (dense); soft
        targets as float64 rows summing to 1.
    kind : {"labels", "soft", "multilabel"}

    Examples
    --------
    >>> from sklearn_losses._targets import read_targets
    >>> read_targets([[0.2, 0.8], [1.0, 0.0]])
    (array([[0.2, 0.8],
           [1. , 0. ]]), 'soft')
    >>> read_targets(["cat", "dog"])[1]
    'labels'
    >>> read_targets([[1, 0], [1, 1]])[1]
    'multilabel'
    """
    if sp.issparse(y) and y.ndim == 2 and y.shape[1] >= 2:
        y = y.toarray()
    soft = soft_target_array(y)
    if soft is None:
        return y, "labels"
    if is_multilabel_indicator(soft):
        return soft, "multilabel"
    return check_soft_targets(soft), "soft"


def is_multilabel_indicator(Y):
    """Whether every entry of the 2-D array ``Y`` is 0 or 1 (True or False).

    What ``type_of_target`` calls "multilabel-indicator" for an array of 0s
    and 1s: one-hot rows too, so that they mean what they mean to
    ``MLPClassifier``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses._targets import is_multilabel_indicator
    >>> is_multilabel_indicator(np.eye(3)), is_multilabel_indicator([[0.5, 0.5]])
    (True, False)
    """
    Y = np.asarray(Y)
    return bool(np.all((Y == 0) | (Y == 1)))


def encode_targets(
    y, kind, *, dtype, classes, previous, incremental, first_call, warm_start
):
    """The :class:`Targets` of a fit, its classes checked against the history.

    Parameters
    ----------
    y : ndarray of shape (n_samples,) or (n_samples, n_classes)
        ``y`` as ``validate_data`` returned it.
    kind : {"labels", "soft", "multilabel"}
        As :func:`read_targets` told.
    dtype : numpy dtype
        The float type of soft and multilabel targets (the training data's).
    classes : array-like or None
        The ``classes=`` of ``fit`` or ``partial_fit``: with soft or
        multilabel targets, the class (label) of each column of ``Y``.
    previous : ndarray or None
        ``classes_`` of the previous fit, None when there was none.
    incremental : bool
        Whether this is ``partial_fit``.
    first_call : bool
        Whether ``partial_fit`` starts a model here (always True for fit).
    warm_start : bool
        The estimator's ``warm_start``.

    Returns
    -------
    targets : Targets

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses._targets import encode_targets
    >>> history = dict(previous=None, incremental=False, first_call=True,
    ...                warm_start=False)
    >>> targets = encode_targets(np.array(["b", "a", "b"]), "labels",
    ...                          dtype=np.float64, classes=None, **history)
    >>> targets.classes, targets.encoded
    (array(['a', 'b'], dtype='<U1'), array([1, 0, 1]))
    """
    history = dict(
        previous=previous,
        incremental=incremental,
        first_call=first_call,
        warm_start=warm_start,
    )
    if kind == "labels":
        fitted = label_classes(y, classes=classes, **history)
        return Targets(kind, fitted, np.searchsorted(fitted, y))
    fitted, order = soft_target_classes(y.shape[1], classes=classes, **history)
    return Targets(kind, fitted, np.ascontiguousarray(y[:, order], dtype=dtype))


def soft_target_array(y):
    """``y`` as an array when it is meant as soft targets, else None.

    A numeric 2-D array of at least two columns is read as rows of class
    probabilities (one column is a column of labels, as in scikit-learn);
    anything else goes down the labels' path, which reports its problems.

    Examples
    --------
    >>> from sklearn_losses._targets import soft_target_array
    >>> soft_target_array([[0.3, 0.7]])
    array([[0.3, 0.7]])
    >>> soft_target_array([[1], [0]]) is None  # a column of labels
    True
    """
    if y is None or sp.issparse(y):
        return None
    try:
        array = np.asarray(y)
    except (TypeError, ValueError):  # ragged lists: the labels' path says so
        return None
    if array.ndim == 2 and array.shape[1] >= 2 and array.dtype.kind in "biuf":
        return array
    return None


def check_soft_targets(Y):
    """Soft targets on the probability simplex, rows rescaled to sum to 1.

    Examples
    --------
    >>> from sklearn_losses._targets import check_soft_targets
    >>> check_soft_targets([[0.2, 0.800001]]).round(6)
    array([[0.2, 0.8]])
    >>> check_soft_targets([[0.2, 0.9]])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Y of shape (1, 2) is read as soft targets ... row 0 sums to 1.1.
    """
    Y = np.asarray(Y, dtype=np.float64)
    what = (
        f"Y of shape {Y.shape} is read as soft targets (row i holds the class "
        "probabilities of sample i; Y of 0s and 1s only is read as multilabel "
        "targets; other multi-output targets are not supported)"
    )
    if not np.all(np.isfinite(Y)):
        row = int(np.argmax(~np.isfinite(Y).all(axis=1)))
        raise ValueError(f"{what}, but Y contains NaN or infinity (row {row}).")
    if Y.size and Y.min() < 0:
        row = int(np.argmax((Y < 0).any(axis=1)))
        raise ValueError(
            f"{what}, but Y has negative entries (the smallest {Y.min():.6g}, "
            f"in row {row}); probabilities are >= 0."
        )
    sums = Y.sum(axis=1)
    off = np.abs(sums - 1) > ROW_SUM_TOL
    if off.any():
        row = int(np.argmax(off))
        raise ValueError(
            f"{what}, but {np.count_nonzero(off)} rows of Y do not sum to 1 "
            f"(within {ROW_SUM_TOL:g}); row {row} sums to {sums[row]:.8g}."
        )
    return Y / sums[:, None]


def most_probable_classes(Y, classes):
    """The class of each row's largest probability (the first, on a tie).

    What accuracy counts for soft targets: ``Y``'s rows are class
    probabilities, one-hot rows included, its columns in the order of
    ``classes``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses._targets import most_probable_classes
    >>> most_probable_classes([[0.2, 0.8], [1.0, 0.0]], np.array(["a", "b"]))
    array(['b', 'a'], dtype='<U1')
    """
    Y = check_soft_targets(Y)
    if Y.shape[1] != len(classes):
        raise ValueError(
            f"Y has {Y.shape[1]} columns but the model has {len(classes)} "
            f"classes ({classes.tolist()!r}): column k of Y is classes_[k]."
        )
    return classes[np.argmax(Y, axis=1)]


def soft_target_classes(
    n_columns, *, classes, previous, incremental, first_call, warm_start
):
    """The classes of a fit to soft or multilabel targets, and Y's column order.

    Column ``k`` of Y belongs to ``classes[k]`` (to ``k`` without
    ``classes``): its probability, or its indicator for multilabel targets;
    ``classes_`` is sorted, so the columns follow its order.

    Examples
    --------
    >>> from sklearn_losses._targets import soft_target_classes
    >>> soft_target_classes(2, classes=["yes", "no"], previous=None,
    ...                     incremental=False, first_call=True, warm_start=False)
    (array(['no', 'yes'], dtype='<U3'), array([1, 0]))
    """
    continuing = previous is not None and (
        (incremental and not first_call) or (warm_start and not incremental)
    )
    if classes is None:
        labels = previous if continuing else np.arange(n_columns)
    else:
        labels = np.asarray(classes)
        if labels.ndim != 1 or len(np.unique(labels)) != len(labels):
            raise ValueError(
                "classes must be distinct labels, one per column of Y; got "
                f"{classes!r}."
            )
    if len(labels) != n_columns:
        raise ValueError(
            f"Y has {n_columns} columns but there are {len(labels)} classes "
            f"({labels.tolist()!r}): column k of Y belongs to classes[k]."
        )
    order = np.argsort(labels, kind="stable")
    fitted = labels[order]
    if continuing and not np.array_equal(fitted, previous):
        raise ValueError(
            f"The classes of Y, {fitted!r}, differ from those of the previous "
            f"fit, {previous!r}; pass classes= to name Y's columns."
        )
    return fitted, order


def label_classes(y, *, classes, previous, incremental, first_call, warm_start):
    """The classes of a fit to labels, checked against ``y`` and earlier calls.

    ``fit`` takes the labels of ``y``; the first ``partial_fit`` takes
    ``classes`` (which must hold ``y``'s labels) and later calls keep them.
    One class is accepted, as by ``MLPClassifier``: the model then predicts
    it.

    Examples
    --------
    >>> from sklearn_losses._targets import label_classes
    >>> label_classes([2, 0, 2], classes=[0, 1, 2], previous=None,
    ...               incremental=True, first_call=True, warm_start=False)
    array([0, 1, 2])
    """
    check_classification_targets(y)
    labels = unique_labels(y)
    if classes is not None and not incremental:
        raise ValueError(
            "fit takes classes= only with soft or multilabel targets (Y of "
            "shape (n_samples, n_classes)), to name Y's columns; with labels, "
            "the classes are those of y."
        )
    if incremental and first_call:
        if classes is None:
            raise ValueError("classes must be passed on the first call to partial_fit.")
        fitted = unique_labels(classes)
    elif incremental:
        fitted = previous
        if classes is not None and not np.array_equal(unique_labels(classes), fitted):
            raise ValueError(
                f"classes={classes!r} differs from the classes of the first "
                f"call to partial_fit: {fitted!r}."
            )
    else:
        fitted = labels
        if warm_start and previous is not None and not np.array_equal(fitted, previous):
            raise ValueError(
                # MLPClassifier's wording, for code that matches on it
                "warm_start can only be used where `y` has the same classes as "
                f"in the previous call to fit. Previously got {previous}, `y` "
                f"has {fitted}"
            )
    unseen = np.setdiff1d(labels, fitted)
    if unseen.size:
        raise ValueError(f"y contains labels {unseen!r} not in classes {fitted!r}.")
    return fitted


def check_class_weight(class_weight, classes):
    """``class_weight``'s weight of each class: finite, non-negative numbers.

    Classes without a key weigh 1.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses._targets import check_class_weight
    >>> check_class_weight({"b": 3.0}, np.array(["a", "b"]))
    array([1., 3.])
    """
    unknown = [c for c in class_weight if c not in set(classes.tolist())]
    if unknown:
        raise ValueError(
            f"class_weight has keys {unknown!r} that are not classes; the "
            f"classes are {classes.tolist()!r}."
        )
    weights = np.ones(len(classes))
    for i, c in enumerate(classes.tolist()):
        value = class_weight.get(c, 1.0)
        if isinstance(value, bool) or not isinstance(value, Real):
            raise ValueError(f"class_weight[{c!r}] must be a number; got {value!r}.")
        if not (np.isfinite(value) and value >= 0):
            raise ValueError(
                f"class_weight[{c!r}] must be finite and >= 0; got {value!r}."
            )
        weights[i] = value
    return weights


def class_mass(targets, sample_weight, n_classes):
    """(weighted count of each class, whether any sample has some of it).

    ``targets`` are class indices or soft targets: soft targets count each
    sample's probabilities, so one-hot rows count as their labels.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses._targets import class_mass
    >>> class_mass(np.array([0, 2, 2]), np.array([1.0, 2.0, 0.5]), 3)
    (array([1. , 0. , 2.5]), array([ True, False,  True]))
    """
    if targets.ndim == 2:
        counts = np.asarray(sample_weight, dtype=np.float64) @ targets
        return counts, targets.sum(axis=0) > 0
    counts = np.bincount(targets, weights=sample_weight, minlength=n_classes)
    return counts, np.bincount(targets, minlength=n_classes) > 0


def class_weights(class_weight, classes, targets, sample_weight):
    """Weight of each class index, from ``class_weight``.

    ``"balanced"`` gives ``S / (n_present_classes * S_k)``, as scikit-learn's
    ``compute_class_weight`` with ``sample_weight``, computed on the data at
    hand (each call's for ``partial_fit``).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses._targets import class_weights
    >>> class_weights("balanced", np.array([0, 1]), np.array([0, 0, 0, 1]),
    ...               np.ones(4))
    array([0.66666667, 2.        ])
    """
    if class_weight != "balanced":
        return check_class_weight(class_weight, classes)
    n_classes = len(classes)
    counts, present = class_mass(targets, sample_weight, n_classes)
    n_present = np.count_nonzero(present)
    weights = np.ones(n_classes)
    # a class whose samples all weigh 0 keeps weight 1: it adds nothing
    positive = counts > 0
    weights[positive] = counts.sum() / (n_present * counts[positive])
    return weights


def class_weighted_rows(targets, class_weight, classes, sample_weight=None):
    """Soft targets with each class's weight multiplied into its column's mass.

    Row ``i`` becomes ``r_i = c * q_i / m_i`` with ``m_i = sum_k c_k q_ik``
    (:func:`training_weights` gives the row the weight ``m_i``); a row of
    mass 0 is kept (its weight is 0). The weighted objective is then that of
    each row copied once per class ``k`` with weight ``c_k q_ik``, exactly:
    ``m_i * loss(r_i, p)`` equals ``sum_k c_k q_ik loss(onehot(k), p)`` for
    the cross-entropy, and differs from it by a term free of ``p`` for the
    Brier score and the KL divergence (same gradient, same fit). Weighing
    the row by ``m_i`` alone, with ``q_i`` unchanged, would not shift the
    mass between the classes: "balanced" would not balance.

    Parameters
    ----------
    targets : ndarray of shape (n_samples,) or (n_samples, n_classes)
        Class indices (returned unchanged) or soft targets.
    class_weight : dict, "balanced" or None
    classes : ndarray of shape (n_classes,)
    sample_weight : array-like of shape (n_samples,) or None
        What "balanced" counts (the column masses ``sum_i w_i q_ik``).

    Returns
    -------
    rows : ndarray
        ``targets`` when they are labels or ``class_weight`` is None.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses._targets import class_weighted_rows
    >>> class_weighted_rows(np.array([[0.5, 0.5]]), {1: 3.0}, np.array([0, 1]))
    array([[0.25, 0.75]])
    """
    if class_weight is None or targets.ndim != 2:
        return targets
    n = targets.shape[0]
    sample_weight = np.ones(n) if sample_weight is None else sample_weight
    weights = class_weights(class_weight, classes, targets, sample_weight)
    rows = targets * weights.astype(targets.dtype)
    mass = rows.sum(axis=1)
    empty = mass == 0
    rows[empty] = targets[empty]
    rows[~empty] /= mass[~empty, None]
    return rows


def training_weights(sample_weight, X, targets, class_weight, classes, kind="labels"):
    """Sample times class weights; None when all are 1 (the fast path).

    ``targets`` are class indices, or soft targets: then a sample's class
    weight is its row's class-weighted mass ``m_i = sum_k c_k q_ik``, the
    weight that goes with the rows of :func:`class_weighted_rows`.
    ``class_weight`` does not apply to multilabel targets and is refused.

    Parameters
    ----------
    sample_weight : array-like of shape (n_samples,) or None
        Checked by :func:`~sklearn_losses._validation.check_sample_weight`.
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
        The training data: its number of rows and its float type.
    targets : ndarray of shape (n_samples,) or (n_samples, n_classes)
        Class indices, or soft targets in the order of ``classes``.
    class_weight : dict, "balanced" or None
    classes : ndarray of shape (n_classes,)
    kind : {"labels", "soft", "multilabel"}, default="labels"
        The kind of ``targets`` (:class:`Targets`).

    Returns
    -------
    weights : ndarray of shape (n_samples,) of X's dtype, or None

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses._targets import training_weights
    >>> X, targets, classes = np.zeros((3, 1)), np.array([0, 1, 1]), np.array([0, 1])
    >>> training_weights([1.0, 1.0, 2.0], X, targets, {0: 3.0}, classes)
    array([3., 1., 2.])
    >>> training_weights(None, X, targets, None, classes) is None
    True
    """
    sample_weight = check_sample_weight(sample_weight, X.shape[0], dtype=X.dtype)
    if class_weight is not None and kind == "multilabel":
        raise ValueError(
            f"class_weight={class_weight!r} does not apply to multilabel "
            "targets (Y of 0/1 indicators, one binary problem per label): a "
            "class weight weighs each sample by its class, and a sample of "
            "multilabel Y has any number of labels. Pass class_weight=None and "
            "weigh samples with sample_weight."
        )
    if class_weight is not None:
        weights = class_weights(class_weight, classes, targets, sample_weight)
        per_sample = weights[targets] if targets.ndim == 1 else targets @ weights
        with np.errstate(over="ignore"):  # overflow is refused below
            sample_weight = sample_weight * per_sample.astype(X.dtype)
        if not np.any(sample_weight):
            present = class_mass(targets, None, len(classes))[1]
            raise ValueError(
                f"class_weight={class_weight!r} gives every sample a weight of 0 "
                f"(the classes in y are {classes[present].tolist()!r}): "
                "there is nothing to train on. Give a class present in y a "
                "positive weight."
            )
    with np.errstate(over="ignore"):
        total = float(np.sum(sample_weight, dtype=np.float64))
    if not np.isfinite(total) or not np.all(np.isfinite(sample_weight)):
        raise ValueError(
            "The sample weights (sample_weight times class_weight) are too large "
            f"for {X.dtype}: their sum overflows. Divide them by a constant."
        )
    if np.all(sample_weight == 1):
        return None
    return sample_weight


def weighted_targets(targets, sample_weight, X, class_weight):
    """``(encoded targets, training weights)`` of a fit, class weights applied.

    :func:`class_weighted_rows` and :func:`training_weights` together: the
    rows the solver fits and the weight of each.

    Parameters
    ----------
    targets : Targets
    sample_weight : array-like of shape (n_samples,) or None
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    class_weight : dict, "balanced" or None

    Returns
    -------
    encoded : ndarray
    sample_weight : ndarray of shape (n_samples,) or None
    """
    encoded = class_weighted_rows(
        targets.encoded, class_weight, targets.classes, sample_weight
    )
    weights = training_weights(
        sample_weight,
        X,
        targets.encoded,
        class_weight,
        targets.classes,
        kind=targets.kind,
    )
    return encoded, weights
