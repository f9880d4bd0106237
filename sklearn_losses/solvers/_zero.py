"""The all-zero-weight optimum of a model without hidden layer.

With every weight zero, a network without hidden layer outputs its
intercepts alone. Where the loss's best intercepts are finite (the loss
declares ``finite_intercept_optimum``), zero weights with those intercepts
``b0`` minimise ``sum_i s_i l(y_i, X_i W + b) + alpha * l1 * |W|_1 + ...``
exactly when ``max_jk |sum_i s_i x_ij g_ik| <= alpha * l1``, ``g_i`` the
gradient of the loss in the raw output at ``b0`` (the KKT condition of the
L1 part). That threshold is what ``alphas="auto"`` returns as
``alpha_max`` (divided by ``l1``), and what the lbfgs solver checks, so
that its fits from there on have exact zeros.
"""

import numpy as np
from scipy.special import logit

__all__ = ["has_finite_intercept_optimum", "intercept_optimum", "zero_threshold"]


def has_finite_intercept_optimum(loss):
    """Whether ``loss`` declares a finite best model without weights.

    A loss applied to each label declares it through its binary loss; a
    loss that does not declare it (absolute error, most user losses) is
    taken to have none.

    Examples
    --------
    >>> from sklearn_losses.losses import AbsoluteError, LogLoss
    >>> from sklearn_losses.solvers._zero import has_finite_intercept_optimum
    >>> has_finite_intercept_optimum(LogLoss()), has_finite_intercept_optimum(
    ...     AbsoluteError())
    (True, False)
    """
    inner = getattr(loss, "binary_loss", loss)
    return bool(getattr(inner, "finite_intercept_optimum", False))


def _start(loss, y, weights, n_outputs):
    """The log-loss optimum, where the polish starts; None when it is infinite.

    The weighted frequency of each class (of each label, for a loss applied
    per label); a frequency of 0 or 1 puts the best intercept at infinity.
    """
    if y.ndim == 1:
        freq = np.bincount(y.astype(np.intp), weights=weights, minlength=2)
    else:
        freq = weights @ np.asarray(y, dtype=np.float64)
    freq = freq / weights.sum()
    per_label = hasattr(loss, "binary_loss")
    binary = per_label or n_outputs == 1
    if binary:
        freq = freq if per_label else freq[1:2]
        if np.any(freq <= 0) or np.any(freq >= 1):
            return None
        return logit(freq)
    if np.any(freq <= 0):
        return None
    return np.log(freq) - np.log(freq).mean()


def intercept_optimum(loss, y, sample_weight, n_outputs):
    """The best intercepts with every weight zero, or None where infinite.

    Starts at the log-loss optimum (log of the weighted class frequencies,
    their logit for one output), where the log loss stops at once, and
    polishes it with L-BFGS on the intercepts for any other loss.

    Parameters
    ----------
    loss : loss object
        Bound to the problem, with ``loss_gradient``.
    y : ndarray of shape (n_samples,) or (n_samples, n_columns)
        Class indices, soft targets or label indicators, as the solver gets them.
    sample_weight : ndarray of shape (n_samples,) or None
    n_outputs : int

    Returns
    -------
    intercepts : ndarray of shape (n_outputs,) or None
    """
    from scipy.optimize import minimize

    n = y.shape[0]
    weights = _weights(sample_weight, n)
    start = _start(loss, y, weights, n_outputs)
    if start is None:
        return None

    def objective(b):
        raw = np.broadcast_to(b, (n, n_outputs))
        pointwise, grad = loss.loss_gradient(y, raw)
        grad = np.asarray(grad, dtype=np.float64).reshape(n, n_outputs)
        return float(weights @ pointwise), weights @ grad

    result = minimize(
        objective,
        start,
        jac=True,
        method="L-BFGS-B",
        options={"gtol": 1e-12, "ftol": 1e-15, "maxiter": 1000},
    )
    return result.x if np.all(np.isfinite(result.x)) else None


def _weights(sample_weight, n):
    if sample_weight is None:
        return np.ones(n)
    return np.asarray(sample_weight, dtype=np.float64)


def zero_threshold(X, loss, y, sample_weight, n_outputs):
    """``(b0, max_jk |sum_i s_i x_ij g_ik|)``, or None where ``b0`` is infinite.

    Zero weights with intercepts ``b0`` are optimal for every ``alpha`` with
    ``alpha * l1`` at least the threshold (see the module docstring).

    Parameters
    ----------
    X : ndarray or sparse matrix of shape (n_samples, n_features)
    loss, y, sample_weight, n_outputs
        As in :func:`intercept_optimum`.

    Returns
    -------
    found : tuple of (ndarray of shape (n_outputs,), float) or None

    Examples
    --------
    Two classes, the log loss: ``g_i = mean(y) - y_i``.

    >>> import numpy as np
    >>> from sklearn_losses.losses import get_loss
    >>> from sklearn_losses.solvers._zero import zero_threshold
    >>> X, y = np.array([[1.0], [2.0], [4.0]]), np.array([0, 1, 1])
    >>> b0, threshold = zero_threshold(X, get_loss("log_loss", n_classes=2), y,
    ...                                None, 1)
    >>> float(np.abs(X[:, 0] @ (y.mean() - y)).round(12)), round(threshold, 12)
    (1.333333333333, 1.333333333333)
    """
    intercepts = intercept_optimum(loss, y, sample_weight, n_outputs)
    if intercepts is None:
        return None
    n = y.shape[0]
    raw = np.broadcast_to(intercepts, (n, n_outputs))
    grad = np.array(loss.gradient(y, raw), dtype=np.float64).reshape(n, n_outputs)
    grad *= _weights(sample_weight, n)[:, None]
    data_gradient = np.asarray(X.T @ grad)
    return intercepts, float(np.max(np.abs(data_gradient)))
