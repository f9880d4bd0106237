"""Stable numerics shared by the links and the losses.

Plain arrays in, no validation. Every function keeps the float dtype of its
input (float32 stays float32) and is written so that logits of +-1000 give
finite, exact results without floating-point warnings: softplus instead of
``log(1 + exp(z))``, log-sum-exp over max-shifted logits instead of
``log(sum(exp(z)))``.

In the binary case (one logit ``z`` per sample, label ``y``) the functions
work with the sign ``s = 1 - 2y`` and the margin ``t = s * z``: then
``sigma(t) = 1 - p_y`` and ``softplus(t) = -log p_y``. In the multiclass case
(``K`` columns) ``flat`` holds the positions of the true-class entries in the
C-ordered ``(n, K)`` array.
"""

import math

import numpy as np


def as_float(x):
    """Return ``x`` as a float32 or float64 array (other dtypes become float64)."""
    x = np.asarray(x)
    if x.dtype in (np.float32, np.float64):
        return x
    return x.astype(np.float64)


def softplus(x):
    """Softplus ``log(1 + exp(x))``, computed without overflow.

    Parameters
    ----------
    x : array-like
        Input values.

    Returns
    -------
    ndarray
        ``log(1 + exp(x))`` with the dtype of ``x`` (float32 stays float32).

    Examples
    --------
    >>> from sklearn_losses._numerics import softplus
    >>> softplus([-1000.0, 0.0, 1000.0]).round(4).tolist()
    [0.0, 0.6931, 1000.0]
    """
    x = as_float(x)
    shape, x = x.shape, x.reshape(-1)
    # max(x, 0) + log1p(exp(-|x|)): exp never overflows. Three times faster
    # than np.logaddexp(0, x), which numpy does not vectorise.
    out = np.abs(x)
    np.negative(out, out=out)
    np.exp(out, out=out)
    np.log1p(out, out=out)
    out += np.maximum(x, 0)
    return out.reshape(shape)


def softplus_sigmoid(x, sign=None):
    """Softplus and (signed) sigmoid of ``x`` together, from one ``exp(-|x|)``.

    With ``m = max(x, 0)`` and ``e = exp(-|x|)``: ``softplus(x) = m +
    log1p(e)`` and ``sigmoid(x) = exp(min(x, 0)) / (1 + e)``; neither
    exponential overflows and both results keep full relative precision in
    the tails (``sigmoid(-700)`` is ``exp(-700)``, not 0).

    Parameters
    ----------
    x : ndarray
        Float input values.
    sign : ndarray of the shape and dtype of x, default=None
        If given, the second result is ``sign * sigmoid(x)``, written into
        ``sign``, and ``x`` is used as scratch space: both are overwritten
        (for fresh arrays only: it saves two array allocations).

    Returns
    -------
    softplus : ndarray
        ``log(1 + exp(x))``, with the dtype and shape of ``x``.
    sigmoid : ndarray
        ``1 / (1 + exp(-x))`` (times ``sign``), with the dtype and shape of ``x``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses._numerics import softplus_sigmoid
    >>> sp, sig = softplus_sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    >>> sp.tolist(), sig.tolist()
    ([0.0, 0.6931471805599453, 1000.0], [0.0, 0.5, 1.0])
    """
    x = as_float(x)
    shape = x.shape
    x = x.reshape(-1) if sign is not None else x.reshape(-1).copy()
    m = np.maximum(x, 0)
    x -= m  # min(x, 0)
    e = np.subtract(x, m)  # -|x|
    np.exp(e, out=e)
    np.exp(x, out=x)
    if sign is None:
        sig = x.copy()
    else:
        sig = sign.reshape(-1)
        sig *= x
    np.log1p(e, out=x)
    m += x
    np.add(e, 1, out=x)
    sig /= x
    return m.reshape(shape), sig.reshape(shape)


def is_binary_raw(raw_prediction):
    """Whether raw output is a single binary logit, shape ``(n,)`` or ``(n, 1)``.

    Parameters
    ----------
    raw_prediction : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        Raw output of a model.

    Returns
    -------
    bool
        True for one logit per sample (sigmoid link), False for ``K >= 2``
        columns (softmax link).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses._numerics import is_binary_raw
    >>> is_binary_raw(np.zeros((4, 1))), is_binary_raw(np.zeros((4, 3)))
    (True, False)
    """
    raw_prediction = np.asarray(raw_prediction)
    return raw_prediction.ndim == 1 or raw_prediction.shape[1] == 1


def binary_parts(y_true, raw_prediction):
    """Sign ``s = 1 - 2y`` and margin ``t = s * z`` of the single-logit case."""
    z = raw_prediction.reshape(-1)
    s = np.asarray(y_true).reshape(-1).astype(z.dtype)  # a fresh array
    s *= -2
    s += 1
    return s, s * z


def row_max(a):
    """Row maxima; a loop over few columns beats numpy's short-row reduction."""
    n_columns = a.shape[1]
    if n_columns > 32:
        return a.max(axis=1)
    out = a[:, 0].copy()
    for k in range(1, n_columns):
        np.maximum(out, a[:, k], out=out)
    return out


def row_sum(a):
    """Row sums; a matrix-vector product sums short rows faster than ``sum``."""
    return a @ np.ones(a.shape[1], dtype=a.dtype)


def flat_index(y_true, raw_prediction):
    """Positions of the true-class entries in a C-ordered ``(n, K)`` array."""
    n, n_columns = raw_prediction.shape
    y = np.asarray(y_true).reshape(-1).astype(np.intp, copy=False)
    return np.arange(n) * n_columns + y


def softmax_lse(raw_prediction, flat=None):
    """Softmax (a new C-ordered array) and, given ``flat``, ``log p_y``.

    ``log p_y = (z_y - z_max) - log(sum_k exp(z_k - z_max))`` keeps full
    precision however large the logits of a row are; it is None unless
    ``flat`` is given.
    """
    z_max = row_max(raw_prediction)
    proba = np.empty(raw_prediction.shape, dtype=raw_prediction.dtype)
    # Subtracting the row maximum keeps exp from overflowing.
    np.subtract(raw_prediction, z_max[:, None], out=proba)
    log_p_y = None if flat is None else proba.take(flat)
    np.exp(proba, out=proba)
    total = row_sum(proba)
    proba /= total[:, None]
    if log_p_y is not None:
        log_p_y -= np.log(total)
    return proba, log_p_y


def residual(proba, flat):
    """Turn ``proba`` into ``r = p - onehot`` in place; return ``u`` and ``p_y``.

    ``u = 1 - p_y`` is summed from the other classes, so that it keeps full
    precision when ``p_y`` is close to 1.
    """
    view = proba.reshape(-1)
    p_y = view[flat]
    view[flat] = 0
    u = row_sum(proba)
    view[flat] = -u
    return u, p_y


def neg_log_p_y(y_true, raw_prediction):
    """``-log softmax(z)_y`` from max-shifted logits (log-sum-exp, no log(0))."""
    shifted = raw_prediction - row_max(raw_prediction)[:, None]
    out = -shifted.take(flat_index(y_true, raw_prediction))
    np.exp(shifted, out=shifted)
    out += np.log(row_sum(shifted))
    return out


def xlogx(v):
    """``v log v`` of a Python float, with ``0 log 0 = 0``."""
    return v * math.log(v) if v > 0 else 0.0
