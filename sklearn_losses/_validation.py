"""Array checks shared by the public functions (the edge of the package).

Parameters are checked one way throughout: declared with scikit-learn's
constraint language (``_parameter_constraints`` on the estimator and the
components, ``validate_params`` on public functions), whose messages name the
valid values. Arrays are checked here, once, where they enter; the code below
the edge trusts them. Each check raises ``ValueError`` naming the argument and
the problem, so a user never gets a silent wrong number.
"""

import numpy as np


def check_array_1d_or_2d(
    x, name, *, dtype=np.float64, ensure_2d=False, check_finite=True
):
    """Return ``x`` as a finite float array of 1 or 2 dimensions.

    ``check_finite=False`` leaves the finiteness test (:func:`check_finite`)
    to a caller that gets it from another pass over the values.
    """
    try:
        arr = np.asarray(x, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric; got {x!r:.60}.") from exc
    if arr.ndim == 0:
        raise ValueError(f"{name} must be an array, not a scalar.")
    if arr.ndim > 2 or (ensure_2d and arr.ndim != 2):
        dims = "2" if ensure_2d else "1 or 2"
        raise ValueError(f"{name} must have {dims} dimensions; got shape {arr.shape}.")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} is empty.")
    if check_finite:
        check_all_finite(arr, name)
    return arr


def check_all_finite(arr, name):
    """Raise naming NaN or inf when float ``arr`` holds one."""
    if not np.all(np.isfinite(arr)):
        bad = "NaN" if np.isnan(arr).any() else "inf"
        raise ValueError(f"{name} contains {bad}; all values must be finite.")


def check_probabilities(y_prob, name="y_prob", *, row_sum_atol=1e-6):
    """Return ``y_prob`` as a float array of probabilities.

    1-D: each value in [0, 1]. 2-D: each value in [0, 1] and each row sums to 1
    within ``row_sum_atol``. The minimum and maximum also prove the values
    finite (NaN makes both NaN), so the finiteness pass runs only on failure.
    """
    arr = check_array_1d_or_2d(y_prob, name, check_finite=False)
    low, high = arr.min(), arr.max()
    if not (low >= 0 and high <= 1):
        check_all_finite(arr, name)
        raise ValueError(
            f"{name} must hold probabilities in [0, 1]; "
            f"got values from {low:.6g} to {high:.6g}."
        )
    if arr.ndim == 2:
        # a matrix-vector product: one pass, faster than sum(axis=1) on few columns
        row_sums = arr @ np.ones(arr.shape[1])
        if max(1 - row_sums.min(), row_sums.max() - 1) <= row_sum_atol:
            return arr
        worst = row_sums[np.argmax(np.abs(row_sums - 1))]
        if abs(worst - 1) > row_sum_atol:
            raise ValueError(
                f"Each row of {name} must sum to 1 (within {row_sum_atol:g}); "
                f"the worst row sums to {worst:.6g}."
            )
    return arr


def check_binary_labels(y_true, name="y_true"):
    """Return ``y_true`` as a float array of 0/1 labels."""
    raw = np.asarray(y_true)
    if raw.dtype.kind in "biu" and raw.ndim == 1 and raw.size:
        # integers: the range is the whole test, and no temporary is needed
        if raw.min() >= 0 and raw.max() <= 1:
            return raw.astype(np.float64)
    arr = check_array_1d_or_2d(y_true, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D; got shape {arr.shape}.")
    # A linear-time test; the sort of np.unique is paid only to name bad values.
    if not np.all((arr == 0) | (arr == 1)):
        raise ValueError(
            f"{name} must hold binary labels 0 and 1; "
            f"got values {np.unique(arr)[:10].tolist()}."
        )
    return arr


def check_same_length(*named_arrays):
    """Raise if the arrays, given as ``(name, array)`` pairs, differ in length."""
    lengths = {name: len(arr) for name, arr in named_arrays}
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise ValueError(f"Inconsistent numbers of samples: {described}.")


def check_sample_weight(sample_weight, n_samples, dtype=np.float64):
    """Return finite, non-negative sample weights of length ``n_samples``.

    ``None`` gives unit weights.
    """
    if sample_weight is None:
        return np.ones(n_samples, dtype=dtype)
    sw = check_array_1d_or_2d(sample_weight, "sample_weight", dtype=dtype)
    if sw.ndim != 1:
        raise ValueError(f"sample_weight must be 1-D; got shape {sw.shape}.")
    check_same_length(("sample_weight", sw), ("the data", range(n_samples)))
    if (sw < 0).any():
        raise ValueError("sample_weight must be non-negative.")
    if sw.sum() <= 0:
        raise ValueError("sample_weight must not sum to zero.")
    return sw
