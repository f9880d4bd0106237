"""The rules of targets and weights (sklearn_losses._targets), and the one
sample-weight check, against scikit-learn's own rules."""

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.preprocessing import LabelEncoder
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.multiclass import type_of_target, unique_labels
from sklearn.utils.validation import _check_sample_weight

from sklearn_losses import LogisticMLPClassifier, LogisticMLPClassifierCV
from sklearn_losses._targets import (
    Targets,
    class_weights,
    encode_targets,
    label_classes,
    read_targets,
    soft_target_classes,
    training_weights,
)
from sklearn_losses._validation import check_sample_weight
from sklearn_losses.functional import binary_cross_entropy
from sklearn_losses.metrics import expected_calibration_error

_FIT = dict(previous=None, incremental=False, first_call=True, warm_start=False)


def _encode(y, kind=None, **history):
    y, read_kind = read_targets(y)
    assert kind is None or read_kind == kind
    context = {**_FIT, "classes": None, **history}
    return encode_targets(np.asarray(y), read_kind, dtype=np.float64, **context)


# -- the kind of y -----------------------------------------------------------


@pytest.mark.parametrize(
    "y",
    [
        [0, 1, 1, 2],
        ["b", "a", "b", "c"],
        [[0], [1], [1], [0]],  # a column of labels
        [0.0, 1.0, 1.0, 0.0],
        [True, False, True, True],
        [[0.2, 0.8], [0.5, 0.5], [1.0, 0.0], [0.0, 1.0]],
        [[1, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 0]],
        sp.csr_matrix(np.eye(4, 2)),  # sparse: never soft
        np.array([["a", "b"], ["c", "d"], ["a", "b"], ["c", "d"]]),
    ],
)
def test_soft_and_multilabel_targets_are_the_numeric_2d_arrays_of_two_columns(y):
    # scikit-learn reads such arrays as multi-output or multilabel targets;
    # here the multilabel indicators (sparse too) are multilabel, as for
    # MLPClassifier, and the other numeric ones soft targets
    target_type = type_of_target(y)
    array = y.toarray() if sp.issparse(y) else np.asarray(y)
    two_d = array.ndim == 2 and array.shape[1] >= 2 and array.dtype.kind in "biuf"
    if two_d and target_type == "multilabel-indicator":
        expected = "multilabel"
    elif two_d and not sp.issparse(y):
        expected = "soft"
    else:
        expected = "labels"
    assert read_targets(y)[1] == expected


def test_labels_are_read_unchanged():
    y = ["b", "a"]
    assert read_targets(y)[0] is y


# -- labels ----------------------------------------------------------------


@pytest.mark.parametrize(
    "y",
    [
        np.array([3, 1, 1, 7, 3]),
        np.array(["cat", "dog", "cat", "ant"]),
        np.array([1.0, -2.0, 1.0, 0.0]),
        np.array([True, False, True]),
    ],
)
def test_labels_encode_as_label_encoder_does(y):
    targets = _encode(y, "labels")
    encoder = LabelEncoder().fit(y)
    assert targets.kind == "labels" and not targets.is_soft
    assert_array_equal(targets.classes, unique_labels(y))
    assert_array_equal(targets.classes, encoder.classes_)
    assert_array_equal(targets.encoded, encoder.transform(y))
    assert targets.n_classes == len(encoder.classes_)


def test_first_partial_fit_takes_all_of_classes_even_absent_ones():
    fitted = label_classes(
        np.array([2, 0]), classes=[5, 2, 0], **{**_FIT, "incremental": True}
    )
    assert_array_equal(fitted, unique_labels([5, 2, 0]))


@pytest.mark.parametrize(
    "y, context, message",
    [
        ([0, 1], {"incremental": True}, "classes must be passed on the first call"),
        (
            [0, 3],
            {"incremental": True, "classes": [0, 1]},
            r"labels .*3.* not in classes",
        ),
        (
            [0, 1],
            {
                "incremental": True,
                "first_call": False,
                "previous": np.array([0, 1]),
                "classes": [0, 2],
            },
            "differs from the classes of the first call",
        ),
        (
            [0, 2],
            {"warm_start": True, "previous": np.array([0, 1])},
            "warm_start can only be used",
        ),
        ([0, 1], {"classes": [0, 1]}, "fit takes classes= only with soft or"),
        ([0.5, 1.5], {}, "continuous"),
    ],
)
def test_label_rules_are_refused_by_name(y, context, message):
    with pytest.raises(ValueError, match=message):
        _encode(np.asarray(y), **context)


def test_later_partial_fit_keeps_the_first_classes():
    targets = _encode(
        np.array([1, 1]),
        incremental=True,
        first_call=False,
        previous=np.array([0, 1, 2]),
    )
    assert_array_equal(targets.classes, [0, 1, 2])
    assert_array_equal(targets.encoded, [1, 1])


# -- soft targets ------------------------------------------------------------


def test_soft_columns_follow_the_sorted_classes():
    Y = np.array([[0.1, 0.3, 0.6], [0.5, 0.25, 0.25]])
    targets = _encode(Y, "soft", classes=["c", "a", "b"])
    # the reference: each column moved under its class, classes sorted
    by_class = dict(zip(["c", "a", "b"], Y.T, strict=True))
    assert_array_equal(targets.classes, ["a", "b", "c"])
    assert_allclose(targets.encoded, np.column_stack([by_class[c] for c in "abc"]))
    assert targets.encoded.flags.c_contiguous


def test_soft_targets_without_classes_are_column_indices():
    targets = _encode([[0.2, 0.8], [0.6, 0.4]], "soft")
    assert_array_equal(targets.classes, [0, 1])
    assert_allclose(targets.encoded, [[0.2, 0.8], [0.6, 0.4]])


def test_soft_targets_of_float32_data_are_float32():
    y, kind = read_targets([[0.2, 0.8], [0.6, 0.4]])
    targets = encode_targets(y, kind, dtype=np.float32, classes=None, **_FIT)
    assert targets.encoded.dtype == np.float32


def test_warm_start_keeps_the_classes_of_the_previous_soft_fit():
    fitted, order = soft_target_classes(
        2, classes=None, **{**_FIT, "warm_start": True, "previous": np.array([3, 9])}
    )
    assert_array_equal(fitted, [3, 9])
    assert_array_equal(order, [0, 1])
    with pytest.raises(ValueError, match="differ from those of the previous fit"):
        soft_target_classes(
            2,
            classes=[9, 4],
            **{**_FIT, "warm_start": True, "previous": np.array([3, 9])},
        )


@pytest.mark.parametrize(
    "Y, message",
    [
        ([[0.5, np.nan], [1.0, 0.0]], "NaN or infinity"),
        ([[1.5, -0.5], [1.0, 0.0]], "negative entries"),
        ([[0.5, 0.6], [1.0, 0.0]], "do not sum to 1"),
    ],
)
def test_soft_targets_off_the_simplex_are_refused(Y, message):
    with pytest.raises(ValueError, match=message):
        read_targets(Y)


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind must be one of"):
        Targets("ranking", np.array([0, 1]), np.zeros((2, 2)))


def test_one_class_is_encoded_as_class_zero():
    # MLPClassifier fits y of one class; so does the estimator
    targets = _encode(np.array([4, 4]), "labels")
    assert_array_equal(targets.classes, [4])
    assert_array_equal(targets.encoded, [0, 0])
    assert targets.n_outputs == 1


def test_multilabel_targets_keep_their_columns_as_floats():
    Y = np.array([[1, 0, 1], [0, 0, 1]])
    targets = _encode(Y, "multilabel")
    assert targets.is_multilabel and targets.n_outputs == 3
    assert_array_equal(targets.classes, [0, 1, 2])
    assert targets.encoded.dtype == np.float64
    assert_array_equal(targets.encoded, Y)
    named = _encode(Y, "multilabel", classes=["c", "a", "b"])
    assert_array_equal(named.classes, ["a", "b", "c"])
    assert_array_equal(named.encoded, Y[:, [1, 2, 0]])


def test_class_weight_is_refused_for_multilabel_targets():
    X, Y = np.zeros((2, 1)), np.array([[1.0, 0.0], [1.0, 1.0]])
    with pytest.raises(ValueError, match="class_weight='balanced' does not apply"):
        training_weights(None, X, Y, "balanced", np.arange(2), kind="multilabel")


# -- class weights -------------------------------------------------------------


_Y = np.array([0, 0, 0, 1, 2, 2, 1, 0])
_SW = np.array([1.0, 2.0, 0.5, 1.0, 3.0, 0.0, 1.5, 1.0])


@pytest.mark.parametrize("sample_weight", [None, _SW])
@pytest.mark.parametrize("class_weight", ["balanced", {0: 2.0, 2: 0.5}])
def test_class_weights_equal_compute_class_weight(class_weight, sample_weight):
    classes = np.array([0, 1, 2])
    weight = np.ones(len(_Y)) if sample_weight is None else sample_weight
    expected = compute_class_weight(
        class_weight, classes=classes, y=_Y, sample_weight=sample_weight
    )
    assert_allclose(class_weights(class_weight, classes, _Y, weight), expected)


def test_balanced_weights_of_one_hot_rows_equal_those_of_labels():
    classes = np.array([0, 1, 2])
    one_hot = np.eye(3)[_Y]
    assert_allclose(
        class_weights("balanced", classes, one_hot, _SW),
        class_weights("balanced", classes, _Y, _SW),
    )


def test_balanced_counts_only_the_classes_present():
    # an absent class (partial_fit's classes) weighs 1; the present ones are
    # weighed as compute_class_weight weighs the classes of y
    classes = np.array([0, 1, 2, 3])
    got = class_weights("balanced", classes, _Y, _SW)
    expected = compute_class_weight(
        "balanced", classes=classes[:3], y=_Y, sample_weight=_SW
    )
    assert_allclose(got, [*expected, 1.0])


@pytest.mark.parametrize(
    "class_weight, message",
    [
        ({5: 1.0}, r"keys \[5\] that are not classes"),
        ({0: -1.0}, "must be finite and >= 0"),
        ({0: "heavy"}, "must be a number"),
        ({0: True}, "must be a number"),
    ],
)
def test_bad_class_weights_are_refused_naming_the_class(class_weight, message):
    with pytest.raises(ValueError, match=message):
        class_weights(class_weight, np.array([0, 1]), np.array([0, 1]), np.ones(2))


def test_training_weights_are_sample_times_class_weights():
    X, classes = np.zeros((len(_Y), 2)), np.array([0, 1, 2])
    got = training_weights(_SW, X, _Y, "balanced", classes)
    per_class = compute_class_weight(
        "balanced", classes=classes, y=_Y, sample_weight=_SW
    )
    assert_allclose(got, _SW * per_class[_Y])


def test_training_weights_of_soft_targets_average_the_class_weights():
    X, classes = np.zeros((2, 1)), np.array([0, 1])
    Y = np.array([[0.25, 0.75], [1.0, 0.0]])
    got = training_weights(None, X, Y, {0: 2.0, 1: 4.0}, classes)
    assert_allclose(got, [0.25 * 2 + 0.75 * 4, 2.0])


def test_unit_training_weights_are_none_and_keep_the_data_dtype():
    X = np.zeros((3, 1), dtype=np.float32)
    classes, y = np.array([0, 1]), np.array([0, 1, 1])
    assert training_weights(np.ones(3), X, y, None, classes) is None
    assert training_weights([1, 2, 3], X, y, None, classes).dtype == np.float32


def test_class_weights_giving_every_sample_zero_are_refused():
    with pytest.raises(ValueError, match="every sample a weight of 0"):
        training_weights(
            None, np.zeros((2, 1)), np.array([0, 0]), {0: 0.0}, np.array([0, 1])
        )


# -- the one sample-weight check ---------------------------------------------


@pytest.mark.parametrize(
    "sample_weight",
    [None, 2.5, [1, 2, 3, 0], np.array([0.5, 1.0, 2.0, 4.0], dtype=np.float32)],
)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_valid_weights_equal_scikit_learns(sample_weight, dtype):
    X = np.zeros((4, 2), dtype=dtype)
    got = check_sample_weight(sample_weight, 4, dtype=dtype)
    expected = _check_sample_weight(sample_weight, X, dtype=dtype)
    assert got.dtype == expected.dtype
    assert_array_equal(got, expected)


@pytest.mark.parametrize(
    "sample_weight, message",
    [
        ([1.0, -1.0, 1.0], "sample_weight must be non-negative"),
        ([1.0, np.nan, 1.0], "sample_weight contains NaN"),
        ([1.0, np.inf, 1.0], "sample_weight contains infinity"),
        ([1.0, 1.0], "sample_weight has 2"),
        (np.ones((3, 1)), "sample_weight must be 1-D"),
        ([[1.0], [1.0, 2.0], [1.0]], "sample_weight must be a rectangular array"),
        ([1.0, None, 1.0], "sample_weight contains NaN"),
        (np.ones(3) + 1j, "sample_weight must hold real numbers"),
    ],
)
def test_weights_scikit_learn_refuses_are_refused_naming_sample_weight(
    sample_weight, message
):
    with pytest.raises((ValueError, TypeError)):
        _check_sample_weight(sample_weight, np.zeros((3, 1)), ensure_non_negative=True)
    with pytest.raises(ValueError, match=message):
        check_sample_weight(sample_weight, 3)


@pytest.mark.parametrize(
    "sample_weight, message",
    [
        ([0.0, 0.0, 0.0], "sample_weight must not sum to zero"),
        ([1e308, 1e308, 1e308], "sum overflows float64"),
        (["1", "1", "1"], "sample_weight must hold numbers; got strings"),
    ],
)
def test_weights_scikit_learn_takes_but_mean_nothing_are_refused(
    sample_weight, message
):
    with pytest.raises(ValueError, match=message):
        check_sample_weight(sample_weight, 3)


def test_weights_beyond_float32_are_refused_for_float32_data():
    with pytest.raises(ValueError, match="too large for float32"):
        check_sample_weight([1.0, 1e39], 2, dtype=np.float32)


_BAD_WEIGHTS = {
    "negative": np.r_[-1.0, np.ones(19)],
    "nan": np.r_[np.nan, np.ones(19)],
    "all zero": np.zeros(20),
    "too short": np.ones(19),
}


@pytest.mark.parametrize("bad", list(_BAD_WEIGHTS))
def test_every_caller_refuses_bad_weights_with_the_same_message(bad):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 2)), np.repeat([0, 1], 10)
    p = np.clip(rng.uniform(size=20), 0.01, 0.99)
    weights = _BAD_WEIGHTS[bad]
    with pytest.raises(ValueError) as reference:
        check_sample_weight(weights, 20)
    callers = {
        "fit": lambda: LogisticMLPClassifier(()).fit(X, y, sample_weight=weights),
        "cv": lambda: LogisticMLPClassifierCV((), alphas=2, cv=2).fit(
            X, y, sample_weight=weights
        ),
        "metric": lambda: expected_calibration_error(y, p, sample_weight=weights),
        "function": lambda: binary_cross_entropy(y, p, sample_weight=weights),
    }
    for name, call in callers.items():
        with pytest.raises(ValueError) as error:
            call()
        assert str(error.value) == str(reference.value), name
