"""Array checks shared by the public functions (the edge of the package).

Parameters are checked one way throughout: declared with scikit-learn's
constraint language (``_parameter_constraints`` on the estimator and the
components, ``validate_params`` on public functions), whose messages name the
valid values. Arrays are checked here, once, where they enter; the code below
the edge trusts them. Each check raises ``ValueError`` naming the argument and
the problem, so a user never gets a silent wrong number.
"""

from numbers import Real

import numpy as np
import scipy.sparse as sp


def as_array(x, name, *, numeric=True):
    """``np.asarray(x)``, refusing ragged nesting, strings and complex by name."""
    try:
        arr = np.asarray(x)
    except ValueError as exc:  # numpy's "inhomogeneous shape"
        raise ValueError(
            f"{name} must be a rectangular array; its rows have different "
            f"lengths: {x!r:.80}."
        ) from exc
    kind = arr.dtype.kind
    if kind == "c":
        raise ValueError(f"{name} must hold real numbers; got complex values.")
    if kind == "O" and any(isinstance(v, (list, tuple, np.ndarray)) for v in arr.flat):
        raise ValueError(
            f"{name} must be a rectangular array; its rows have different lengths."
        )
    if numeric and (
        kind in "US"
        or (kind == "O" and any(isinstance(v, (str, bytes)) for v in arr.flat))
    ):
        raise ValueError(f"{name} must hold numbers; got strings.")
    return arr


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


def check_sample_weight(sample_weight, n_samples, *, dtype=np.float64):
    """Return ``sample_weight`` as checked weights, one per sample.

    The one check of sample weights, for the estimators, the paths, the
    metrics and the functions: ``None`` gives unit weights and a number the
    same weight for every sample (as scikit-learn's estimators accept);
    otherwise the weights must be a 1-D array of ``n_samples`` real numbers,
    finite, non-negative and not all zero, whose sum does not overflow.

    Parameters
    ----------
    sample_weight : array-like of shape (n_samples,), number or None
        The weights to check.
    n_samples : int
        The number of samples of the data the weights go with.
    dtype : {np.float64, np.float32}, default=np.float64
        The float type of the result (the training data's, for a fit).

    Returns
    -------
    sample_weight : ndarray of shape (n_samples,)
        The weights, of type ``dtype``.

    Raises
    ------
    ValueError
        Naming ``sample_weight`` and what is wrong with it.

    Examples
    --------
    >>> from sklearn_losses._validation import check_sample_weight
    >>> check_sample_weight([1, 2, 0], 3)
    array([1., 2., 0.])
    >>> check_sample_weight(None, 2, dtype=np.float32)
    array([1., 1.], dtype=float32)
    >>> check_sample_weight([1, -2, 0], 3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: sample_weight must be non-negative; got 1 negative values (the ...
    """
    if sample_weight is None:
        return np.ones(n_samples, dtype=dtype)
    if isinstance(sample_weight, Real):
        weights = np.full(n_samples, sample_weight, dtype=np.float64)
    else:
        weights = _as_weight_array(sample_weight, n_samples)
    if not np.all(np.isfinite(weights)):
        bad = "NaN" if np.isnan(weights).any() else "infinity"
        raise ValueError(f"sample_weight contains {bad}; every weight must be finite.")
    if weights.size and weights.min() < 0:
        raise ValueError(
            "sample_weight must be non-negative; got "
            f"{np.count_nonzero(weights < 0)} negative values (the smallest "
            f"{weights.min():.6g})."
        )
    if not np.any(weights):
        raise ValueError(
            "sample_weight must not sum to zero: it is 0 for every sample, which "
            "leaves nothing to weigh. Give some samples a positive weight."
        )
    with np.errstate(over="ignore"):  # an overflow is what is tested
        total = weights.sum()
        cast = weights.astype(dtype, copy=False)
    if not np.isfinite(total):
        raise ValueError(
            "sample_weight is too large: its sum overflows float64; divide the "
            "weights by a common factor."
        )
    if not np.all(np.isfinite(cast)):
        raise ValueError(
            f"sample_weight has values too large for {np.dtype(dtype)} (up to "
            f"{weights.max():.3g}); divide the weights by a common factor."
        )
    return cast


def _as_weight_array(sample_weight, n_samples):
    """``sample_weight`` as a float64 array of shape ``(n_samples,)``."""
    weights = as_array(sample_weight, "sample_weight")
    if weights.ndim != 1:
        raise ValueError(
            f"sample_weight must be 1-D, one weight per sample; got shape "
            f"{weights.shape}."
        )
    check_same_length(("sample_weight", weights), ("the data", range(n_samples)))
    try:
        return np.asarray(weights, dtype=np.float64)
    except (TypeError, ValueError) as exc:  # None or other objects
        raise ValueError(
            f"sample_weight must hold numbers; got {sample_weight!r:.60}."
        ) from exc


def check_magnitude(X):
    """Refuse values whose products overflow X's dtype (the squared gradient).

    ``X`` is a validated float array or sparse matrix; a value beyond the
    square root of the dtype's largest number makes training diverge.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses._validation import check_magnitude
    >>> check_magnitude(np.array([[1.0, -2.0]]))
    >>> check_magnitude(np.array([[1e30]], dtype=np.float32))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: X has values as large as 1e+30 in absolute value: products ...
    """
    values = X.data if sp.issparse(X) else X
    if values.size == 0:
        return
    largest = max(float(values.max()), -float(values.min()))
    limit = float(np.sqrt(np.finfo(X.dtype).max))
    if largest > limit:
        raise ValueError(
            f"X has values as large as {largest:.3g} in absolute value: products "
            f"of such values overflow {X.dtype} (beyond {limit:.3g} they do), so "
            "training would diverge. Scale X, e.g. with StandardScaler."
        )


def check_alphas(alphas):
    """Return ``alphas`` as a non-empty 1-D array of finite, positive numbers.

    The strengths of regularization a path or a search runs through (its
    type is checked by the caller's parameter constraints).

    Examples
    --------
    >>> from sklearn_losses._validation import check_alphas
    >>> check_alphas([0.1, 10])
    array([ 0.1, 10. ])
    >>> check_alphas([0.0, 1.0])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: alphas must be finite and positive ...
    """
    try:
        arr = np.asarray(alphas, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"alphas must be numbers; got {alphas!r:.60}.") from exc
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(
            f"alphas must be a non-empty 1-D sequence; got shape {arr.shape}."
        )
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError(
            "alphas must be finite and positive (the path is drawn on a log "
            f"scale); got {arr.tolist()[:10]}."
        )
    return arr
