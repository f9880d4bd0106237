"""Training losses over raw output (logits), their registry, a public check
battery, and functions for the seeds' loss calculations.

A loss object works on the network's *raw output* (logits) and pairs it with
the link that turns raw output into probabilities (:mod:`sklearn_losses.links`):

- one logit per sample, shape ``(n,)`` or ``(n, 1)``: two classes, sigmoid;
- ``K >= 2`` columns, shape ``(n, K)``: ``K`` classes, softmax.

``y_true`` holds class indices ``0, ..., K - 1`` (binary: 0/1), possibly as
floats. Every loss gives the pointwise ``loss`` (shape ``(n,)``), its
``gradient`` with respect to the raw output (the shape of the raw output), both
in one pass through ``loss_gradient``, ``predict_proba`` and the weighted mean
through ``__call__``. Outputs keep the raw output's dtype (float32 stays
float32); logits of +-1000 give finite, exact values without warnings.

Losses take plain arrays and do not validate them: the estimator or metric
function that calls them validates once, at the edge. The seed functions at the
end of this module (:func:`binary_cross_entropy` and friends) are such an edge
and validate their input.
"""

import functools
import math
import numbers
import warnings

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import expit, rel_entr

from sklearn_losses._params import ParamsMixin
from sklearn_losses._validation import (
    check_array_1d_or_2d,
    check_binary_labels,
    check_probabilities,
    check_same_length,
    check_sample_weight,
    check_scalar_in_range,
)
from sklearn_losses.links import _as_float, get_link, is_binary_raw, softplus
from sklearn_losses.penalties import PENALTIES, get_penalty

__all__ = [
    "BaseLoss",
    "LogLoss",
    "SquaredError",
    "AbsoluteError",
    "KLDivergence",
    "FocalLoss",
    "LOSSES",
    "get_loss",
    "check_loss",
    "LossCheckReport",
    "LossCheckError",
    "CheckResult",
    "binary_cross_entropy",
    "regularized_loss",
    "cross_entropy_from_logits",
    "kl_divergence",
    "cosine_embedding_loss",
]


# ---------------------------------------------------------------------------
# Shared numerics (plain arrays in, no validation)
# ---------------------------------------------------------------------------


def _binary_parts(y_true, raw_prediction):
    """Sign ``s = 1 - 2y`` and margin ``t = s * z`` of the single-logit case.

    With ``t`` every binary loss is a function of how wrong the logit is:
    ``sigma(t) = 1 - p_y`` and ``softplus(t) = -log p_y``.
    """
    z = raw_prediction.reshape(-1)
    s = 1 - 2 * np.asarray(y_true).reshape(-1).astype(z.dtype, copy=False)
    return s, s * z


def _row_max(raw_prediction):
    """Row maxima; a loop over few columns beats numpy's short-row reduction."""
    n_columns = raw_prediction.shape[1]
    if n_columns > 32:
        return raw_prediction.max(axis=1)
    out = raw_prediction[:, 0].copy()
    for k in range(1, n_columns):
        np.maximum(out, raw_prediction[:, k], out=out)
    return out


def _row_sum(a):
    # A matrix-vector product sums short rows much faster than a.sum(axis=1).
    return a @ np.ones(a.shape[1], dtype=a.dtype)


def _flat_index(y_true, raw_prediction):
    """Positions of the true-class entries in a C-ordered ``(n, K)`` array."""
    n, n_columns = raw_prediction.shape
    y = np.asarray(y_true).reshape(-1).astype(np.intp, copy=False)
    return np.arange(n) * n_columns + y


def _softmax_lse(raw_prediction, flat=None):
    """Softmax (a new C-ordered array) and, given ``flat``, ``log p_y``.

    ``log p_y = (z_y - z_max) - log(sum_k exp(z_k - z_max))`` keeps full
    precision however large the logits of a row are.
    """
    z_max = _row_max(raw_prediction)
    proba = np.empty(raw_prediction.shape, dtype=raw_prediction.dtype)
    # Subtracting the row maximum keeps exp from overflowing.
    np.subtract(raw_prediction, z_max[:, None], out=proba)
    log_p_y = None if flat is None else proba.take(flat)
    np.exp(proba, out=proba)
    total = _row_sum(proba)
    proba /= total[:, None]
    if log_p_y is not None:
        log_p_y -= np.log(total)
    return proba, log_p_y


def _residual(proba, flat):
    """Turn ``proba`` into ``r = p - onehot`` in place; return ``u`` and ``p_y``.

    ``u = 1 - p_y`` is summed from the other classes, so that it keeps full
    precision when ``p_y`` is close to 1.
    """
    view = proba.reshape(-1)
    p_y = view[flat]
    view[flat] = 0
    u = _row_sum(proba)
    view[flat] = -u
    return u, p_y


def _neg_log_p_y(y_true, raw_prediction):
    """``-log softmax(z)_y`` from max-shifted logits (log-sum-exp, no log(0))."""
    z_max = _row_max(raw_prediction)
    shifted = raw_prediction - z_max[:, None]
    neg_log_p_y = -shifted.take(_flat_index(y_true, raw_prediction))
    np.exp(shifted, out=shifted)
    neg_log_p_y += np.log(_row_sum(shifted))
    return neg_log_p_y


def _xlogx(v):
    return v * math.log(v) if v > 0 else 0.0


# ---------------------------------------------------------------------------
# Loss objects
# ---------------------------------------------------------------------------


class BaseLoss(ParamsMixin):
    """Base class of the losses over raw output (logits).

    A new loss implements :meth:`loss` and :meth:`gradient` (and stores each
    ``__init__`` argument under its own name); this class supplies
    :meth:`loss_gradient`, :meth:`predict_proba`, the weighted mean
    :meth:`__call__` and the parameter protocol (``get_params``,
    ``set_params``, ``clone``). Override :meth:`loss_gradient` when one pass can
    share work, and ``_validate_params`` to check hyperparameters.

    Attributes
    ----------
    name : str
        Registry name.
    lower_bound : float
        Infimum of the pointwise loss; a value below it is a bug.
    target_types : frozenset of {"binary", "multiclass"}
        The targets the loss can serve.

    Examples
    --------
    A hinge loss on the single logit, written as a user would:

    >>> import numpy as np
    >>> from sklearn_losses.losses import BaseLoss, check_loss
    >>> class Hinge(BaseLoss):
    ...     name = "hinge"
    ...     target_types = frozenset({"binary"})
    ...     def loss(self, y_true, raw_prediction):
    ...         margin = (2 * np.asarray(y_true) - 1) * raw_prediction.reshape(-1)
    ...         return np.maximum(0, 1 - margin).astype(raw_prediction.dtype)
    ...     def gradient(self, y_true, raw_prediction):
    ...         sign = (2 * np.asarray(y_true) - 1).astype(raw_prediction.dtype)
    ...         margin = sign * raw_prediction.reshape(-1)
    ...         grad = np.where(margin < 1, -sign, 0).astype(raw_prediction.dtype)
    ...         return grad.reshape(raw_prediction.shape)
    >>> Hinge()(np.array([1, 0]), np.array([2.0, 0.5]))
    0.75
    >>> check_loss(Hinge()).passed
    True
    """

    name = None
    lower_bound = 0.0
    target_types = frozenset({"binary", "multiclass"})

    def _validate_params(self):
        """Raise ValueError for invalid hyperparameters (none by default)."""

    def set_params(self, **params):
        """Set hyperparameters; invalid values raise and leave the loss unchanged.

        Parameters
        ----------
        **params : dict
            New parameter values.

        Returns
        -------
        self : BaseLoss
            This loss.
        """
        old = self.get_params()
        super().set_params(**params)
        try:
            self._validate_params()
        except ValueError:
            super().set_params(**old)
            raise
        return self

    def loss(self, y_true, raw_prediction):
        """Pointwise loss.

        Parameters
        ----------
        y_true : ndarray of shape (n_samples,)
            Class indices (binary: 0/1); floats are accepted.
        raw_prediction : ndarray of shape (n_samples,), (n_samples, 1) or \
(n_samples, n_classes)
            Raw output (logits).

        Returns
        -------
        ndarray of shape (n_samples,)
            Loss of each sample, in the dtype of ``raw_prediction``.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement loss().")

    def gradient(self, y_true, raw_prediction):
        """Gradient of the pointwise loss with respect to the raw output.

        Parameters
        ----------
        y_true : ndarray of shape (n_samples,)
            Class indices (binary: 0/1).
        raw_prediction : ndarray
            Raw output (logits).

        Returns
        -------
        ndarray
            Same shape and dtype as ``raw_prediction``; row ``i`` is the
            derivative of ``loss[i]`` with respect to ``raw_prediction[i]``.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement gradient().")

    def loss_gradient(self, y_true, raw_prediction):
        """Pointwise loss and its gradient in one call.

        Parameters
        ----------
        y_true : ndarray of shape (n_samples,)
            Class indices (binary: 0/1).
        raw_prediction : ndarray
            Raw output (logits).

        Returns
        -------
        loss : ndarray of shape (n_samples,)
            As :meth:`loss`.
        gradient : ndarray
            As :meth:`gradient`.
        """
        return self.loss(y_true, raw_prediction), self.gradient(y_true, raw_prediction)

    def predict_proba(self, raw_prediction):
        """Class probabilities from raw output through the loss's link.

        Parameters
        ----------
        raw_prediction : ndarray
            Raw output: one logit per sample (sigmoid) or one column per
            class (softmax).

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Rows sum to 1; two columns ``[1 - p, p]`` for a single logit.
        """
        return get_link(raw_prediction).predict_proba(raw_prediction)

    def __call__(self, y_true, raw_prediction, sample_weight=None):
        """Weighted mean of the pointwise loss.

        Parameters
        ----------
        y_true : ndarray of shape (n_samples,)
            Class indices (binary: 0/1).
        raw_prediction : ndarray
            Raw output (logits).
        sample_weight : ndarray of shape (n_samples,), default=None
            Non-negative weights; None weighs every sample 1.

        Returns
        -------
        float
            ``sum_i w_i loss_i / sum_i w_i``.
        """
        loss = self.loss(y_true, _as_float(raw_prediction))
        return float(np.average(loss, weights=sample_weight))


@functools.cache
def _overrides_loss_or_gradient(cls):
    """Whether a subclass of a built-in loss redefines ``loss`` or ``gradient``."""
    mro = cls.__mro__
    owner = next(i for i, c in enumerate(mro) if "_loss_gradient" in c.__dict__)
    return any(name in c.__dict__ for c in mro[:owner] for name in ("loss", "gradient"))


class _OnePassLoss(BaseLoss):
    """Built-in losses: ``_loss_gradient`` computes both in one pass."""

    def _loss_gradient(self, y_true, raw_prediction):
        raise NotImplementedError

    def loss(self, y_true, raw_prediction):
        return self._loss_gradient(y_true, raw_prediction)[0]

    def gradient(self, y_true, raw_prediction):
        return self._loss_gradient(y_true, raw_prediction)[1]

    def loss_gradient(self, y_true, raw_prediction):
        # A subclass that redefines loss or gradient gets the two-call default,
        # so the three methods never disagree.
        if _overrides_loss_or_gradient(type(self)):
            return super().loss_gradient(y_true, raw_prediction)
        return self._loss_gradient(y_true, raw_prediction)


class LogLoss(_OnePassLoss):
    r"""Log loss (cross-entropy) on logits.

    Single logit ``z`` with ``p = sigmoid(z)`` the probability of class 1:

    .. math::

        \ell(y, z) = -y \log p - (1 - y) \log(1 - p)
                   = \operatorname{softplus}((1 - 2y)\, z),
        \qquad \frac{\partial \ell}{\partial z} = p - y

    ``K`` logits with ``p = softmax(z)``:

    .. math::

        \ell(y, z) = -\log p_y = \operatorname{logsumexp}(z) - z_y,
        \qquad \frac{\partial \ell}{\partial z_k} = p_k - [k = y]

    softplus and log-sum-exp never evaluate ``log(0)``, so confident wrong
    logits give large finite losses (1000 for ``z = -1000``, ``y = 1``).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.losses import LogLoss
    >>> loss = LogLoss()
    >>> loss.loss(np.array([1, 0, 1]), np.array([0.0, -1000.0, -1000.0])).tolist()
    [0.6931471805599453, 0.0, 1000.0]
    >>> raw = np.array([[2.0, 0.0, -1.0], [0.0, 0.0, 0.0]])
    >>> round(loss(np.array([0, 2]), raw), 4)
    0.6342
    """

    name = "log_loss"

    def loss(self, y_true, raw_prediction):
        raw_prediction = _as_float(raw_prediction)
        if is_binary_raw(raw_prediction):
            return softplus(_binary_parts(y_true, raw_prediction)[1])
        return _neg_log_p_y(y_true, raw_prediction)

    def _loss_gradient(self, y_true, raw_prediction):
        raw_prediction = _as_float(raw_prediction)
        if is_binary_raw(raw_prediction):
            s, t = _binary_parts(y_true, raw_prediction)
            grad = expit(t)
            grad *= s
            return softplus(t), grad.reshape(raw_prediction.shape)
        flat = _flat_index(y_true, raw_prediction)
        proba, log_p_y = _softmax_lse(raw_prediction, flat)
        proba.reshape(-1)[flat] -= 1  # the gradient p - onehot, in place
        return -log_p_y, proba


class SquaredError(_OnePassLoss):
    r"""Squared error on probabilities (Brier score; MSE on the link output).

    Single logit, on the probability of class 1 (equals scikit-learn's
    ``brier_score_loss`` and ``torch.nn.MSELoss`` on a sigmoid output):

    .. math::

        \ell(y, z) = (p - y)^2, \qquad
        \frac{\partial \ell}{\partial z} = 2 (p - y)\, p (1 - p)

    ``K`` logits, summed over the classes:

    .. math::

        \ell(y, z) = \sum_k (p_k - [k = y])^2, \qquad
        \frac{\partial \ell}{\partial z_j} =
        2 p_j \Big(r_j - \sum_k r_k p_k\Big), \quad r = p - \mathrm{onehot}(y)

    With two softmax columns the loss is twice the single-logit value.
    Bounded (at most 1, resp. 2), and flat for confident wrong logits.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.losses import SquaredError
    >>> SquaredError().loss(np.array([1, 0]), np.array([0.0, 1000.0])).tolist()
    [0.25, 1.0]
    """

    name = "squared_error"

    def _loss_gradient(self, y_true, raw_prediction):
        raw_prediction = _as_float(raw_prediction)
        if is_binary_raw(raw_prediction):
            s, t = _binary_parts(y_true, raw_prediction)
            # |p - y| = sigma(t) and p (1 - p) = sigma(t) sigma(-t), both exact.
            a = expit(t)
            loss = a * a
            grad = 2 * s * loss * expit(-t)
            return loss, grad.reshape(raw_prediction.shape)
        proba, _ = _softmax_lse(raw_prediction)
        r = proba.copy()
        _residual(r, _flat_index(y_true, raw_prediction))
        loss = np.einsum("ij,ij->i", r, r)
        grad = r - np.einsum("ij,ij->i", r, proba)[:, None]
        grad *= proba
        grad *= 2
        return loss, grad


class AbsoluteError(_OnePassLoss):
    r"""Absolute error on probabilities (L1 / MAE on the link output).

    Single logit, on the probability of class 1 (as ``torch.nn.L1Loss`` on a
    sigmoid output):

    .. math::

        \ell(y, z) = |p - y|, \qquad
        \frac{\partial \ell}{\partial z} = (1 - 2y)\, p (1 - p)

    ``K`` logits, summed over the classes:

    .. math::

        \ell(y, z) = \sum_k |p_k - [k = y]| = 2 (1 - p_y), \qquad
        \frac{\partial \ell}{\partial z_j} = 2 p_y (p_j - [j = y])

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.losses import AbsoluteError
    >>> AbsoluteError().loss(np.array([1, 0]), np.array([0.0, -1000.0])).tolist()
    [0.5, 0.0]
    >>> AbsoluteError().loss(np.array([0]), np.array([[0.0, 0.0]])).tolist()
    [1.0]
    """

    name = "absolute_error"

    def _loss_gradient(self, y_true, raw_prediction):
        raw_prediction = _as_float(raw_prediction)
        if is_binary_raw(raw_prediction):
            s, t = _binary_parts(y_true, raw_prediction)
            loss = expit(t)
            grad = s * loss * expit(-t)
            return loss, grad.reshape(raw_prediction.shape)
        r, _ = _softmax_lse(raw_prediction)
        u, p_y = _residual(r, _flat_index(y_true, raw_prediction))
        r *= 2 * p_y[:, None]
        return 2 * u, r


class KLDivergence(_OnePassLoss):
    r"""Kullback-Leibler divergence from (label-smoothed) one-hot targets.

    With ``K`` classes (``K = 2`` for a single logit) and smoothing ``ls`` the
    target distribution is ``q = (1 - ls) * onehot(y) + ls / K`` and

    .. math::

        \ell(y, z) = \mathrm{KL}(q \,\|\, p) = \sum_k q_k (\log q_k - \log p_k),
        \qquad \frac{\partial \ell}{\partial z_k} = p_k - q_k

    with ``0 log 0 = 0``. Without smoothing this is :class:`LogLoss`; with
    smoothing it is PyTorch's ``cross_entropy(..., label_smoothing=ls)`` minus
    the entropy of ``q``, so its minimum, 0, sits at ``p = q`` rather than at
    infinitely confident logits.

    Parameters
    ----------
    label_smoothing : float, default=0.0
        Mass ``ls`` in [0, 1) spread uniformly over the classes.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.losses import KLDivergence
    >>> loss = KLDivergence(label_smoothing=0.1)
    >>> q = np.array([[0.9 + 0.1 / 3, 0.1 / 3, 0.1 / 3]])
    >>> float(loss.loss(np.array([0]), np.log(q))[0].round(12))
    0.0
    >>> float(loss.loss(np.array([1]), np.array([0.0]))[0].round(4))
    0.4946
    """

    name = "kl_divergence"

    def __init__(self, label_smoothing=0.0):
        self.label_smoothing = label_smoothing
        self._validate_params()

    def _validate_params(self):
        ls = self.label_smoothing
        check_scalar_in_range(ls, "label_smoothing")
        if not 0 <= ls < 1:
            raise ValueError(
                f"label_smoothing must be in [0, 1); got {ls!r} (1 would leave no "
                "information about the true class)."
            )

    def _targets(self, n_classes):
        ls = float(self.label_smoothing)
        q_lo = ls / n_classes
        q_hi = 1.0 - ls + q_lo
        return q_lo, q_hi, _xlogx(q_hi) + (n_classes - 1) * _xlogx(q_lo)

    def _loss_gradient(self, y_true, raw_prediction):
        raw_prediction = _as_float(raw_prediction)
        if is_binary_raw(raw_prediction):
            q_lo, q_hi, neg_entropy = self._targets(2)
            s, t = _binary_parts(y_true, raw_prediction)
            # -log p_y = softplus(t), -log p_other = softplus(-t).
            loss = q_hi * softplus(t) + q_lo * softplus(-t) + neg_entropy
            grad = expit(t) - q_lo
            grad *= s
            # KL >= 0; rounding near p = q must not dip below the lower bound.
            np.maximum(loss, 0, out=loss)
            return loss, grad.reshape(raw_prediction.shape)
        n_classes = raw_prediction.shape[1]
        q_lo, q_hi, neg_entropy = self._targets(n_classes)
        flat = _flat_index(y_true, raw_prediction)
        z_max = _row_max(raw_prediction)
        # Log-probabilities from max-shifted logits, z_k - z_max - log(total):
        # no cancellation of large row offsets.
        proba = np.empty(raw_prediction.shape, dtype=raw_prediction.dtype)
        np.subtract(raw_prediction, z_max[:, None], out=proba)
        log_p_y = proba.take(flat)
        sum_shifted = _row_sum(proba) if q_lo > 0 else None
        np.exp(proba, out=proba)
        total = _row_sum(proba)
        proba /= total[:, None]
        log_total = np.log(total)
        log_p_y -= log_total
        # sum_k q_k log p_k = q_lo * sum_k log p_k + (q_hi - q_lo) * log p_y.
        loss = neg_entropy - (q_hi - q_lo) * log_p_y
        if q_lo > 0:
            loss -= q_lo * (sum_shifted - n_classes * log_total)
            np.maximum(loss, 0, out=loss)
            proba -= q_lo
        proba.reshape(-1)[flat] -= q_hi - q_lo  # the gradient p - q, in place
        return loss, proba


class FocalLoss(_OnePassLoss):
    r"""Focal loss (Lin et al., 2017): log loss down-weighted on easy samples.

    With ``p_y`` the predicted probability of the true class (sigmoid of the
    single logit, or softmax over ``K`` logits):

    .. math::

        \ell(y, z) = -(1 - p_y)^\gamma \log p_y

    and, with ``u = 1 - p_y`` and ``r = p - onehot(y)``,

    .. math::

        \frac{\partial \ell}{\partial z_j} =
        r_j\, u^\gamma \Big(1 - \gamma\, p_y \frac{\log p_y}{u}\Big)

    (``log(p_y) / u -> -1`` as ``u -> 0``, so the gradient stays finite for any
    ``gamma >= 0``). ``gamma = 0`` is :class:`LogLoss`.

    Parameters
    ----------
    gamma : float, default=2.0
        Focusing parameter, ``>= 0``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.losses import FocalLoss
    >>> loss = FocalLoss(gamma=2.0)
    >>> loss.loss(np.array([1, 1]), np.array([0.0, 1000.0])).round(4).tolist()
    [0.1733, 0.0]
    >>> FocalLoss(gamma=-1.0)
    Traceback (most recent call last):
        ...
    ValueError: gamma must be in [0.0, inf]; got -1.0.
    """

    name = "focal"

    def __init__(self, gamma=2.0):
        self.gamma = gamma
        self._validate_params()

    def _validate_params(self):
        check_scalar_in_range(self.gamma, "gamma", low=0.0)

    def _loss_gradient(self, y_true, raw_prediction):
        raw_prediction = _as_float(raw_prediction)
        # A Python float keeps float32 arrays float32.
        gamma = float(self.gamma)
        if is_binary_raw(raw_prediction):
            s, t = _binary_parts(y_true, raw_prediction)
            u = expit(t)  # 1 - p_y
            neg_log_p_y = softplus(t)
            u_gamma = u**gamma
            loss = u_gamma * neg_log_p_y
            grad = s * u_gamma * (gamma * expit(-t) * neg_log_p_y + u)
            return loss, grad.reshape(raw_prediction.shape)
        flat = _flat_index(y_true, raw_prediction)
        r, log_p_y = _softmax_lse(raw_prediction, flat)
        u, p_y = _residual(r, flat)
        # log1p(-u) is more exact when p_y is near 1 (u is summed, not 1 - p_y).
        log_p_y = np.where(u < 0.5, np.log1p(-np.minimum(u, 0.5)), log_p_y)
        u_gamma = u**gamma
        loss = -u_gamma * log_p_y
        ratio = np.divide(log_p_y, u, out=np.full_like(u, -1.0), where=u > 0)
        r *= (u_gamma * (1 - gamma * p_y * ratio))[:, None]
        return loss, r


LOSSES = {
    cls.name: cls
    for cls in (LogLoss, SquaredError, AbsoluteError, KLDivergence, FocalLoss)
}
"""Registry: loss name -> loss class."""

_REQUIRED = ("loss", "gradient", "loss_gradient", "predict_proba")
_REQUIRED_ATTRS = ("lower_bound", "target_types")


def get_loss(loss):
    """Resolve a loss given by registry name or as a loss object.

    Parameters
    ----------
    loss : str or loss object
        A name in :data:`LOSSES` (a new instance with default parameters is
        returned) or an object with the loss interface: the methods ``loss``,
        ``gradient``, ``loss_gradient`` and ``predict_proba`` and the
        attributes ``lower_bound`` and ``target_types`` (returned as is).
        Subclassing :class:`BaseLoss` supplies all but ``loss`` and
        ``gradient``.

    Returns
    -------
    BaseLoss
        The loss object.

    Raises
    ------
    ValueError
        For an unknown name; the message lists the valid names.
    TypeError
        For an object without the loss interface, or a loss class instead of
        an instance.

    Examples
    --------
    >>> from sklearn_losses.losses import FocalLoss, get_loss
    >>> get_loss("focal")
    FocalLoss(gamma=2.0)
    >>> get_loss(FocalLoss(gamma=0.5))
    FocalLoss(gamma=0.5)
    >>> get_loss("hinge")
    Traceback (most recent call last):
        ...
    ValueError: Unknown loss 'hinge'. Valid names are: 'absolute_error', 'focal', \
'kl_divergence', 'log_loss', 'squared_error'.
    """
    if isinstance(loss, str):
        if loss not in LOSSES:
            valid = ", ".join(repr(name) for name in sorted(LOSSES))
            raise ValueError(f"Unknown loss {loss!r}. Valid names are: {valid}.")
        return LOSSES[loss]()
    if isinstance(loss, type):
        raise TypeError(
            f"Pass a loss instance, not the class {loss.__name__}: "
            f"e.g. {loss.__name__}() instead of {loss.__name__}."
        )
    missing = [m for m in _REQUIRED if not callable(getattr(loss, m, None))]
    missing += [a for a in _REQUIRED_ATTRS if not hasattr(loss, a)]
    if missing:
        raise TypeError(
            f"{loss!r:.80} is not a loss: it lacks {', '.join(missing)}. Pass one of "
            f"{sorted(LOSSES)} or an instance of a subclass of "
            "sklearn_losses.losses.BaseLoss (implement loss and gradient)."
        )
    return loss


# ---------------------------------------------------------------------------
# check_loss: the public battery
# ---------------------------------------------------------------------------


class CheckResult(tuple):
    """Outcome of one check: ``(passed, message)``."""

    __slots__ = ()

    def __new__(cls, passed, message):
        return super().__new__(cls, (bool(passed), str(message)))

    @property
    def passed(self):
        """bool: whether the check passed."""
        return self[0]

    @property
    def message(self):
        """str: what was checked, or what went wrong."""
        return self[1]

    def __repr__(self):
        return f"CheckResult(passed={self.passed}, message={self.message!r})"


class LossCheckReport:
    """Results of :func:`check_loss`: check name -> :class:`CheckResult`.

    Behaves as a read-only mapping; ``passed`` is True when every check
    passed and ``failed`` lists the names of those that did not.

    Examples
    --------
    >>> from sklearn_losses.losses import LogLoss, check_loss
    >>> report = check_loss(LogLoss())
    >>> report.passed, report.failed
    (True, [])
    >>> report["gradient"].passed
    True
    """

    def __init__(self, loss_repr, results):
        self.loss_repr = loss_repr
        self.results = dict(results)

    @property
    def passed(self):
        """bool: True when every check passed."""
        return all(r.passed for r in self.results.values())

    @property
    def failed(self):
        """list of str: names of the failed checks."""
        return [name for name, r in self.results.items() if not r.passed]

    def __getitem__(self, name):
        return self.results[name]

    def __iter__(self):
        return iter(self.results)

    def __len__(self):
        return len(self.results)

    def __contains__(self, name):
        return name in self.results

    def keys(self):
        return self.results.keys()

    def items(self):
        return self.results.items()

    def values(self):
        return self.results.values()

    def __repr__(self):
        n_failed = len(self.failed)
        if n_failed:
            head = f"{n_failed} of {len(self)} checks FAILED"
        else:
            head = f"all {len(self)} checks passed"
        lines = [f"check_loss({self.loss_repr}): {head}"]
        for name, r in self.results.items():
            lines.append(f"  [{'pass' if r.passed else 'FAIL'}] {name}: {r.message}")
        return "\n".join(lines)


class LossCheckError(AssertionError):
    """Raised by :func:`check_loss` when a check fails.

    Attributes
    ----------
    report : LossCheckReport
        The full report.
    """

    def __init__(self, report):
        self.report = report
        failed = "\n".join(
            f"  {name}: {report[name].message}" for name in report.failed
        )
        super().__init__(
            f"{report.loss_repr} failed {len(report.failed)} of {len(report)} "
            f"loss checks:\n{failed}"
        )


def _perfect_direction(y, raw_shape, n_classes):
    """Raw-output direction that puts all probability on the true class."""
    if len(raw_shape) == 1 or raw_shape[1] == 1:
        return (2.0 * y - 1.0).reshape(raw_shape)
    return np.eye(n_classes)[y]


def _close(a, b, rtol, atol):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    err = np.abs(a - b)
    return bool(np.all(err <= atol + rtol * np.abs(b))), float(err.max(initial=0.0))


def _check_interface(loss, lower_bound):
    problems = [
        f"no method {m}()" for m in _REQUIRED if not callable(getattr(loss, m, None))
    ]
    if not callable(loss):
        problems.append("no __call__(y_true, raw_prediction, sample_weight=None)")
    if not hasattr(loss, "lower_bound"):
        problems.append("no lower_bound attribute")
    elif not isinstance(lower_bound, numbers.Real) or math.isnan(lower_bound):
        problems.append(f"lower_bound must be a real number; got {lower_bound!r}")
    types = getattr(loss, "target_types", None)
    if types is None:
        problems.append("no target_types attribute")
    elif not set(types) or not set(types) <= {"binary", "multiclass"}:
        problems.append(
            "target_types must be a non-empty subset of {'binary', 'multiclass'}; "
            f"got {types!r}"
        )
    if problems:
        return False, "; ".join(problems) + " (subclass BaseLoss for the defaults)"
    return True, f"methods and attributes present; target_types {sorted(types)}"


def _check_outputs(loss, cases):
    for label, y, raw in cases:
        n = raw.shape[0]
        value = np.asarray(loss.loss(y, raw))
        if value.shape != (n,):
            return False, f"{label}: loss() has shape {value.shape}, expected ({n},)"
        grad = np.asarray(loss.gradient(y, raw))
        if grad.shape != raw.shape:
            return False, (
                f"{label}: gradient() has shape {grad.shape}, expected {raw.shape} "
                "(the shape of raw_prediction)"
            )
        if not np.all(np.isfinite(value)) or not np.all(np.isfinite(grad)):
            return False, f"{label}: loss or gradient is not finite at moderate logits"
        as_float = np.asarray(loss.loss(y.astype(np.float64), raw))
        if not _close(as_float, value, 1e-12, 1e-12)[0]:
            return False, f"{label}: loss changes when y_true arrives as float"
        half = n // 2
        part = np.asarray(loss.loss(y[:half], raw[:half]))
        if not _close(part, value[:half], 1e-10, 1e-12)[0]:
            return False, (
                f"{label}: loss is not pointwise (a sample's loss depends on the "
                "other samples in the batch)"
            )
        proba = np.asarray(loss.predict_proba(raw))
        n_classes = 2 if is_binary_raw(raw) else raw.shape[1]
        if proba.shape != (n, n_classes):
            return False, (
                f"{label}: predict_proba() has shape {proba.shape}, expected "
                f"({n}, {n_classes})"
            )
        if not (np.all(proba >= 0) and np.all(proba <= 1)) or not np.allclose(
            proba.sum(axis=1), 1, rtol=0, atol=1e-8
        ):
            return False, (
                f"{label}: predict_proba() rows must be probabilities summing to 1"
            )
    return True, (
        "loss (n,), gradient shaped like raw_prediction, pointwise, finite; "
        "predict_proba rows sum to 1"
    )


def _check_loss_gradient(loss, cases):
    worst = 0.0
    for label, y, raw in cases:
        both = loss.loss_gradient(y, raw)
        if not isinstance(both, tuple) or len(both) != 2:
            return False, f"{label}: loss_gradient() must return (loss, gradient)"
        ok_l, err_l = _close(both[0], loss.loss(y, raw), 1e-7, 1e-12)
        ok_g, err_g = _close(both[1], loss.gradient(y, raw), 1e-7, 1e-12)
        if np.shape(both[1]) != raw.shape:
            return False, f"{label}: loss_gradient()'s gradient has the wrong shape"
        if not (ok_l and ok_g):
            return False, (
                f"{label}: loss_gradient() differs from loss()/gradient() "
                f"(max abs differences {err_l:.3g} and {err_g:.3g})"
            )
        worst = max(worst, err_l, err_g)
    return True, f"matches loss() and gradient() (max abs difference {worst:.2g})"


def _check_gradient(loss, cases, rtol=1e-5, atol=1e-6):
    worst = 0.0
    for label, y, raw in cases:
        grad = np.asarray(loss.gradient(y, raw), dtype=np.float64)
        flat = raw.reshape(raw.shape[0], -1)
        fd = np.empty_like(flat)
        for j in range(flat.shape[1]):
            h = 1e-6 * np.maximum(1.0, np.abs(flat[:, j]))
            up, down = flat.copy(), flat.copy()
            up[:, j] += h
            down[:, j] -= h
            diff = np.asarray(loss.loss(y, up.reshape(raw.shape))) - np.asarray(
                loss.loss(y, down.reshape(raw.shape))
            )
            fd[:, j] = diff / (2 * h)
        ok, err = _close(grad.reshape(flat.shape), fd, rtol, atol)
        worst = max(worst, err)
        if not ok:
            i, j = np.unravel_index(
                np.argmax(np.abs(grad.reshape(flat.shape) - fd)), flat.shape
            )
            return False, (
                f"{label}: gradient differs from central finite differences by up "
                f"to {err:.3g} (sample {i}, output {j}: gradient "
                f"{grad.reshape(flat.shape)[i, j]:.6g}, finite difference "
                f"{fd[i, j]:.6g})"
            )
    return True, (
        "matches central finite differences on "
        f"{', '.join(c[0] for c in cases)} (max abs error {worst:.2g})"
    )


def _check_sample_weight(loss, cases, rng):
    for label, y, raw in cases:
        n = raw.shape[0]
        w = rng.integers(0, 4, size=n)
        w[0] = 1
        weighted = loss(y, raw, sample_weight=w.astype(np.float64))
        repeated = loss(np.repeat(y, w), np.repeat(raw, w, axis=0))
        if not math.isclose(weighted, repeated, rel_tol=1e-9, abs_tol=1e-12):
            return False, (
                f"{label}: integer sample weights differ from repeated rows "
                f"({weighted:.10g} vs {repeated:.10g})"
            )
        unweighted = loss(y, raw)
        doubled = loss(y, raw, sample_weight=np.full(n, 2.0))
        if not math.isclose(unweighted, doubled, rel_tol=1e-9, abs_tol=1e-12):
            return False, (
                f"{label}: weights of 2 everywhere change the mean "
                f"({doubled:.10g} vs {unweighted:.10g})"
            )
        mean = float(np.average(np.asarray(loss.loss(y, raw)), weights=w))
        if not math.isclose(weighted, mean, rel_tol=1e-9, abs_tol=1e-12):
            return False, (
                f"{label}: __call__ with sample_weight ({weighted:.10g}) is not the "
                f"weighted mean of loss() ({mean:.10g})"
            )
    return True, "weights = repeated rows; weights of 2 = no weights; weighted mean"


def _check_perfect_prediction(loss, cases, lower_bound, n_classes):
    if lower_bound == -np.inf:
        return True, "lower_bound is -inf; nothing to reach"
    tol = 1e-6 * max(1.0, abs(lower_bound))
    best_overall = -np.inf
    for label, y, raw in cases:
        direction = _perfect_direction(y, raw.shape, n_classes)

        def mean_loss(scale, y=y, direction=direction):
            value = float(np.mean(loss.loss(y, scale * direction)))
            return np.inf if math.isnan(value) else value

        # Extreme probes: warnings are the large_logits check's business.
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            found = minimize_scalar(mean_loss, bounds=(0.0, 60.0), method="bounded")
            best = min(float(found.fun), mean_loss(60.0))
        if not math.isfinite(best):
            return False, f"{label}: the loss is not finite at confident correct logits"
        best_overall = max(best_overall, best)
        if best < lower_bound - tol:
            return False, (
                f"{label}: falls below its lower_bound {lower_bound:g}: mean loss "
                f"{best:.6g} at confident correct logits"
            )
        if best > lower_bound + tol:
            return False, (
                f"{label}: the loss at confident correct logits is at best {best:.6g}, "
                f"not its lower_bound {lower_bound:g}: the loss is not minimised by "
                "predicting the true class, or lower_bound is not its infimum"
            )
    return True, (
        f"reaches lower_bound {lower_bound:g} at a perfect prediction "
        f"(within {best_overall - lower_bound:.2g})"
    )


def _probe_directions(y, raw_shape, n_classes, rng):
    """Unit-scale directions in raw-output space, one row per sample each."""
    n = raw_shape[0]
    perfect = _perfect_direction(y, raw_shape, n_classes)
    out = [perfect, -perfect, np.ones(raw_shape), -np.ones(raw_shape)]
    width = 1 if len(raw_shape) == 1 else raw_shape[1]
    if width > 1:
        for k in range(width):
            axis = np.zeros(raw_shape)
            axis[:, k] = 1.0
            out += [axis, -axis]
    for _ in range(4):
        random = rng.normal(size=raw_shape)
        out.append(
            random
            / np.abs(random)
            .reshape(n, -1)
            .max(axis=1)
            .reshape(-1, *[1] * (len(raw_shape) - 1))
        )
    return out


def _check_bounded_below(loss, cases, lower_bound, n_classes, rng):
    tol = 1e-6 * max(1.0, abs(lower_bound)) if np.isfinite(lower_bound) else 0.0
    scales = (1.0, 10.0, 100.0, 1000.0, 10000.0)
    mins = dict.fromkeys(scales, np.inf)
    below = None
    for label, y, raw in cases:
        directions = _probe_directions(y, raw.shape, n_classes, rng)
        for scale in scales:
            for direction in directions:
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    # Extreme probes: warnings are the large_logits check's business.
                    warnings.simplefilter("ignore")
                    values = np.asarray(loss.loss(y, scale * direction), dtype=float)
                values = values[~np.isnan(values)]
                if values.size == 0:
                    continue
                low = float(values.min())
                mins[scale] = min(mins[scale], low)
                if low < lower_bound - tol and (below is None or low < below[0]):
                    below = (low, scale, label)
    m = [mins[s] for s in (100.0, 1000.0, 10000.0)]
    step1, step2 = m[0] - m[1], m[1] - m[2]
    unbounded = m[2] == -np.inf or (step1 > 0 and step2 > 0 and step2 >= 0.5 * step1)
    if unbounded:
        trail = ", ".join(f"{mins[s]:.6g} at scale {s:g}" for s in scales)
        msg = (
            "unbounded below: the loss keeps decreasing as the logits grow "
            f"(smallest loss {trail}); training drives the raw output to infinity "
            "(as a ReLU output fed to NLLLoss does); the loss must act on raw "
            "output through its link (log-softmax/sigmoid)"
        )
        if below is not None:
            msg += f"; it falls below its lower_bound {lower_bound:g}"
        return False, msg
    if below is not None:
        low, scale, label = below
        return False, (
            f"falls below its lower_bound {lower_bound:g}: loss {low:.6g} "
            f"at logits of scale {scale:g} ({label})"
        )
    return True, (
        f"no probe below lower_bound {lower_bound:g} in {len(scales)} scales up "
        f"to 1e4 and several directions (smallest loss {min(mins.values()) + 0.0:.3g})"
    )


def _check_large_logits(loss, cases, lower_bound, n_classes, rng):
    tol = 1e-6 * max(1.0, abs(lower_bound)) if np.isfinite(lower_bound) else 0.0
    for dtype in (np.float64, np.float32):
        for label, y, raw in cases:
            perfect = _perfect_direction(y, raw.shape, n_classes)
            signs = np.where(rng.random(raw.shape) < 0.5, -1.0, 1.0)
            for name, direction in (
                ("confident correct", perfect),
                ("confident wrong", -perfect),
                ("random signs", signs),
            ):
                big = (1000.0 * direction).astype(dtype)
                with (
                    warnings.catch_warnings(record=True) as caught,
                    # Underflow to 0 is benign (exp(-1000)); the rest must not warn.
                    np.errstate(
                        divide="warn", over="warn", invalid="warn", under="ignore"
                    ),
                ):
                    warnings.simplefilter("always")
                    value, grad = loss.loss_gradient(y, big)
                    proba = loss.predict_proba(big)
                where = f"{label}, {np.dtype(dtype).name}, {name} logits of +-1000"
                if caught:
                    return False, f"{where}: warns {caught[0].message!s:.120}"
                value, grad = np.asarray(value), np.asarray(grad)
                if not (np.all(np.isfinite(value)) and np.all(np.isfinite(grad))):
                    return False, f"{where}: loss or gradient is not finite"
                if not np.all(np.isfinite(proba)):
                    return False, f"{where}: predict_proba is not finite"
                if np.any(value < lower_bound - tol):
                    return False, (
                        f"{where}: loss {value.min():.6g} falls below its "
                        f"lower_bound {lower_bound:g}"
                    )
    return True, "finite loss, gradient and probabilities, no warnings (float32/64)"


def _check_dtypes(loss, cases):
    for label, y, raw in cases:
        results = {}
        for dtype in (np.float64, np.float32):
            r = raw.astype(dtype)
            value, grad = loss.loss_gradient(y, r)
            outputs = {
                "loss()": loss.loss(y, r),
                "gradient()": loss.gradient(y, r),
                "loss_gradient()[0]": value,
                "loss_gradient()[1]": grad,
                "predict_proba()": loss.predict_proba(r),
            }
            for what, out in outputs.items():
                got = np.asarray(out).dtype
                if got != dtype:
                    return False, (
                        f"{label}: {what} returns {got} for {np.dtype(dtype).name} "
                        "raw_prediction; the output dtype must follow the input"
                    )
            results[dtype] = outputs
        for what in ("loss()", "gradient()", "predict_proba()"):
            ok, err = _close(
                results[np.float32][what], results[np.float64][what], 1e-4, 1e-5
            )
            if not ok:
                return False, (
                    f"{label}: float32 {what} differs from float64 by {err:.3g}"
                )
    return (
        True,
        "float32 in -> float32 out, float64 -> float64; float32 close to float64",
    )


def _check_clone(loss, cases):
    from sklearn.base import clone

    if not callable(getattr(loss, "get_params", None)):
        return False, (
            "no get_params(): sklearn.base.clone cannot copy it (subclass BaseLoss, "
            "which takes the parameters from __init__)"
        )
    copy = clone(loss)
    if type(copy) is not type(loss):
        return False, f"clone gives a {type(copy).__name__}"
    params, copied = loss.get_params(), copy.get_params()
    if params.keys() != copied.keys() or any(
        not (params[k] is copied[k] or params[k] == copied[k]) for k in params
    ):
        return False, f"clone changes the parameters: {params} -> {copied}"
    for label, y, raw in cases:
        if not np.array_equal(loss.loss(y, raw), copy.loss(y, raw)):
            return False, f"{label}: the clone computes different values"
    # GridSearchCV sets back what get_params gave; that must be accepted.
    copy.set_params(**params)
    return True, f"clone gives an equal loss with the same values ({params})"


def check_loss(
    loss, *, n_samples=30, n_classes=3, random_state=0, raise_on_failure=True
):
    """Run the battery of checks every loss must pass.

    Use it on your own loss (a :class:`BaseLoss` subclass or any object with
    the loss interface). For each target type the loss declares in
    ``target_types`` it probes a single binary logit, as shape ``(n,)`` and
    ``(n, 1)``, and/or ``n_classes`` softmax outputs. The checks:

    ``interface``
        The methods ``loss``, ``gradient``, ``loss_gradient``,
        ``predict_proba``, ``__call__`` and the attributes ``lower_bound``,
        ``target_types``.
    ``outputs``
        ``loss`` has shape ``(n,)`` and is pointwise; ``gradient`` has the raw
        output's shape; ``y_true`` may arrive as float.
    ``loss_gradient``
        Agrees with ``loss`` and ``gradient``.
    ``gradient``
        Matches central finite differences of ``loss``.
    ``sample_weight``
        Integer weights equal repeated rows; weights of 2 equal no weights;
        ``__call__`` is the weighted mean of ``loss``.
    ``perfect_prediction``
        Confident correct logits reach ``lower_bound``.
    ``bounded_below``
        Probes in several directions up to logits of 1e4 never go below
        ``lower_bound``, and the loss does not keep decreasing as logits grow
        (such a loss is reported as "unbounded below").
    ``large_logits``
        Logits of +-1000 give finite values, gradients and probabilities,
        without warnings, in float64 and float32.
    ``dtypes``
        float32 in gives float32 out (float64 likewise), with close values.
    ``clone``
        ``sklearn.base.clone`` gives an equal loss with the same values.

    Parameters
    ----------
    loss : str or loss object
        The loss to check, or a registry name.
    n_samples : int, default=30
        Samples in the random probes.
    n_classes : int, default=3
        Classes in the multiclass probes.
    random_state : int, default=0
        Seed of the random probes.
    raise_on_failure : bool, default=True
        Raise :class:`LossCheckError` when a check fails; with False, return
        the report regardless.

    Returns
    -------
    LossCheckReport
        Check name -> :class:`CheckResult` (``passed``, ``message``).

    Raises
    ------
    LossCheckError
        When a check fails and ``raise_on_failure`` is True; the message lists
        the failed checks and ``error.report`` holds the full report.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.losses import BaseLoss, check_loss
    >>> check_loss("focal").passed
    True

    The seed notebook's ReLU output fed to NLLLoss: a "loss" ``-relu(z)_y`` that
    falls without limit as the raw output grows.

    >>> class ReluNLL(BaseLoss):
    ...     target_types = frozenset({"multiclass"})
    ...     def loss(self, y_true, raw_prediction):
    ...         rows, y = np.arange(len(y_true)), np.asarray(y_true, dtype=int)
    ...         return -np.maximum(raw_prediction, 0)[rows, y]
    ...     def gradient(self, y_true, raw_prediction):
    ...         rows, y = np.arange(len(y_true)), np.asarray(y_true, dtype=int)
    ...         grad = np.zeros_like(raw_prediction)
    ...         grad[rows, y] = np.where(raw_prediction[rows, y] > 0, -1.0, 0.0)
    ...         return grad
    >>> report = check_loss(ReluNLL(), raise_on_failure=False)
    >>> report.failed
    ['perfect_prediction', 'bounded_below', 'large_logits']
    >>> print(report["bounded_below"].message[:60])
    unbounded below: the loss keeps decreasing as the logits gro
    """
    if isinstance(loss, str):
        loss = get_loss(loss)
    check_scalar_in_range(n_samples, "n_samples", low=4, integer=True)
    check_scalar_in_range(n_classes, "n_classes", low=2, integer=True)
    rng = np.random.default_rng(random_state)

    lower_bound = getattr(loss, "lower_bound", -np.inf)
    types = getattr(loss, "target_types", None) or {"binary", "multiclass"}
    cases = []
    if "binary" in types:
        y = rng.permutation(np.arange(n_samples) % 2)
        z = rng.normal(scale=2.0, size=n_samples)
        cases += [("binary (n,)", y, z), ("binary (n, 1)", y, z[:, None])]
    if "multiclass" in types:
        y = rng.permutation(np.arange(n_samples) % n_classes)
        z = rng.normal(scale=2.0, size=(n_samples, n_classes))
        cases.append((f"multiclass (n, {n_classes})", y, z))

    checks = {
        "interface": lambda: _check_interface(loss, lower_bound),
        "outputs": lambda: _check_outputs(loss, cases),
        "loss_gradient": lambda: _check_loss_gradient(loss, cases),
        "gradient": lambda: _check_gradient(loss, cases),
        "sample_weight": lambda: _check_sample_weight(loss, cases, rng),
        "perfect_prediction": lambda: _check_perfect_prediction(
            loss, cases, lower_bound, n_classes
        ),
        "bounded_below": lambda: _check_bounded_below(
            loss, cases, lower_bound, n_classes, rng
        ),
        "large_logits": lambda: _check_large_logits(
            loss, cases, lower_bound, n_classes, rng
        ),
        "dtypes": lambda: _check_dtypes(loss, cases),
        "clone": lambda: _check_clone(loss, cases),
    }
    results = {}
    basic = all(callable(getattr(loss, m, None)) for m in ("loss", "gradient"))
    for name, run in checks.items():
        if name != "interface" and not basic:
            results[name] = CheckResult(False, "not run: loss() or gradient() missing")
            continue
        try:
            results[name] = CheckResult(*run())
        except Exception as exc:  # a user's loss may fail in any way; report it
            results[name] = CheckResult(False, f"raised {type(exc).__name__}: {exc}")
    report = LossCheckReport(_short_repr(loss), results)
    if raise_on_failure and not report.passed:
        raise LossCheckError(report)
    return report


def _short_repr(obj):
    try:
        text = repr(obj)
    except Exception:  # a broken __repr__ must not hide the report
        text = type(obj).__name__
    return text if len(text) <= 80 else text[:77] + "..."


# ---------------------------------------------------------------------------
# Functions for the seeds' calculations (validated public edge)
# ---------------------------------------------------------------------------


def binary_cross_entropy(y_true, y_prob, *, eps=1e-15, sample_weight=None):
    r"""Binary cross-entropy of probabilities, clipped as in the seed lab.

    .. math::

        \mathrm{BCE} = -\frac{1}{\sum_i w_i} \sum_i w_i \big(y_i \log \hat p_i
        + (1 - y_i) \log(1 - \hat p_i)\big),
        \qquad \hat p_i = \operatorname{clip}(p_i, \varepsilon, 1 - \varepsilon)

    Clipping bounds the loss of an arrogant wrong prediction (``p = 0`` for
    ``y = 1``) at about ``-log(eps)`` = 34.5 instead of infinity, with no
    ``log(0)`` and no warning.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels 0/1.
    y_prob : array-like of shape (n_samples,)
        Predicted probabilities of class 1, in [0, 1].
    eps : float, default=1e-15
        Clipping margin, in (0, 0.5].
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative sample weights.

    Returns
    -------
    float
        The (weighted) mean loss.

    Examples
    --------
    >>> from sklearn_losses.losses import binary_cross_entropy
    >>> y_true = [1, 0, 1, 1, 0]
    >>> round(binary_cross_entropy(y_true, [0.9, 0.2, 0.8, 0.7, 0.1]), 4)
    0.2027
    >>> round(binary_cross_entropy(y_true, [1, 0, 1, 1, 0]), 4)
    0.0
    >>> round(binary_cross_entropy([1, 0, 1], [0.99, 0.01, 0.99]), 4)
    0.0101
    >>> round(binary_cross_entropy([1, 0, 1], [0.0, 1.0, 0.0]), 4)
    34.539
    """
    y_true = check_binary_labels(y_true, "y_true")
    y_prob = check_probabilities(y_prob, "y_prob")
    if y_prob.ndim != 1:
        raise ValueError(
            f"y_prob must be 1-D (probabilities of class 1); got shape {y_prob.shape}."
        )
    check_same_length(("y_true", y_true), ("y_prob", y_prob))
    check_scalar_in_range(eps, "eps", low=0.0, high=0.5)
    if eps <= 0:
        raise ValueError(
            f"eps must be positive so that log(0) never occurs; got {eps}."
        )
    sample_weight = check_sample_weight(sample_weight, len(y_true))
    p = np.clip(y_prob, eps, 1 - eps)
    # 1 - p is exact for p >= 0.5, so log(1 - p) matches the lab's formula.
    loss = -(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))
    return float(np.average(loss, weights=sample_weight))


def regularized_loss(y_true, y_prob, weights, alpha, *, penalty="l2", l1_ratio=0.5):
    r"""Binary cross-entropy plus a weight penalty, with the seed lab's scaling.

    .. math::

        \mathrm{BCE}(y, p) + \frac{\alpha}{N} P(w), \qquad
        P(w) = \rho \lVert w \rVert_1 + \frac{1 - \rho}{2} \lVert w \rVert_2^2

    with ``N`` the number of weights and ``rho`` = 0 for ``"l2"``, 1 for
    ``"l1"`` and ``l1_ratio`` for ``"elasticnet"``. For ``"l2"`` this is the
    lab's ``lambda * sum(w**2) / (2 N)``; the L1 and elastic-net cases keep the
    same division by ``N``.

    ``P`` is the penalty of :class:`~sklearn_losses.LogisticMLPClassifier`,
    whose objective is ``mean loss + alpha_clf * P(W)``. The lab's ``lambda / N``
    therefore corresponds to the classifier's ``alpha``:
    ``regularized_loss(..., alpha=lam)`` equals that objective with
    ``alpha_clf = lam / N`` (and ``penalty``, ``l1_ratio`` alike).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels 0/1.
    y_prob : array-like of shape (n_samples,)
        Predicted probabilities of class 1.
    weights : array-like of shape (n_weights,) or (n_in, n_out)
        Model weights (not intercepts); ``N = weights.size``.
    alpha : float
        Regularization strength (the lab's ``lambda``), ``>= 0``.
    penalty : {"l2", "l1", "elasticnet"}, default="l2"
        Penalty ``P``.
    l1_ratio : float, default=0.5
        Share of L1 in the elastic net, in [0, 1]; only used when
        ``penalty="elasticnet"``.

    Returns
    -------
    float
        The regularized loss.

    Examples
    --------
    >>> from sklearn_losses.losses import regularized_loss
    >>> y_true, y_prob = [1, 0, 1, 1, 0], [0.9, 0.2, 0.8, 0.7, 0.1]
    >>> weights = [0.5, -0.3, 0.8, -0.2, 0.1]
    >>> round(regularized_loss(y_true, y_prob, weights, 0.5), 4)
    0.2542
    >>> round(regularized_loss(y_true, y_prob, weights, 0.5, penalty="l1"), 4)
    0.3927
    """
    if not isinstance(penalty, str) or penalty not in PENALTIES:
        raise ValueError(
            f"penalty must be one of {', '.join(map(repr, PENALTIES))}; "
            f"got {penalty!r}."
        )
    check_scalar_in_range(alpha, "alpha", low=0.0)
    check_scalar_in_range(l1_ratio, "l1_ratio", low=0.0, high=1.0)
    weights = check_array_1d_or_2d(weights, "weights")
    # The classifier's P(W), so the two conventions cannot drift apart.
    value = get_penalty(penalty, l1_ratio).value(weights)
    return binary_cross_entropy(y_true, y_prob) + float(alpha * value / weights.size)


def _check_class_indices(y_true, n_classes, name="y_true"):
    y = check_array_1d_or_2d(y_true, name)
    if y.ndim != 1:
        raise ValueError(f"{name} must be 1-D class indices; got shape {y.shape}.")
    if np.any(y != np.round(y)) or y.min() < 0 or y.max() >= n_classes:
        raise ValueError(
            f"{name} must hold class indices 0, ..., {n_classes - 1} "
            f"(one per logit column); got values from {y.min():g} to {y.max():g}."
        )
    return y.astype(np.intp)


def cross_entropy_from_logits(y_true, logits):
    r"""Mean cross-entropy of class indices and logits, as PyTorch computes it.

    .. math::

        \frac{1}{n} \sum_i \Big(\log \sum_k e^{z_{ik}} - z_{i y_i}\Big)

    The same value as ``torch.nn.functional.cross_entropy(logits, y_true)``
    (log-softmax and NLL in one stable step; no ``log(0)``).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Class indices in ``0, ..., K - 1``.
    logits : array-like of shape (n_samples, K)
        Raw scores.

    Returns
    -------
    float
        The mean loss.

    Examples
    --------
    >>> from sklearn_losses.losses import cross_entropy_from_logits
    >>> round(cross_entropy_from_logits([0, 2], [[2.0, 0.0, -1.0], [0.0, 0.0, 0.0]]), 4)
    0.6342
    >>> cross_entropy_from_logits([1], [[1000.0, -1000.0]])
    2000.0
    """
    logits = check_array_1d_or_2d(logits, "logits", ensure_2d=True)
    y = _check_class_indices(y_true, logits.shape[1])
    check_same_length(("y_true", y), ("logits", logits))
    return float(np.mean(_neg_log_p_y(y, logits)))


def kl_divergence(y_true_proba, y_proba):
    r"""Kullback-Leibler divergence ``KL(target || prediction)``, batch mean.

    .. math::

        \frac{1}{n} \sum_{i, k} t_{ik} \log \frac{t_{ik}}{p_{ik}}

    with ``0 log(0 / p) = 0``. The same value as PyTorch's
    ``kl_div(log(y_proba), y_true_proba, reduction="batchmean")`` (the sum
    over all elements divided by the number of rows). Where the target puts
    mass on a class the prediction gives probability 0, the divergence is
    infinite: the function returns ``inf``, without a warning.

    Parameters
    ----------
    y_true_proba : array-like of shape (n_samples, n_classes)
        Target distributions, rows summing to 1.
    y_proba : array-like of shape (n_samples, n_classes)
        Predicted distributions, rows summing to 1.

    Returns
    -------
    float
        The mean divergence, ``>= 0``; ``inf`` as described above.

    Examples
    --------
    >>> from sklearn_losses.losses import kl_divergence
    >>> round(kl_divergence([[0.5, 0.5], [1.0, 0.0]], [[0.9, 0.1], [0.8, 0.2]]), 4)
    0.367
    >>> kl_divergence([[1.0, 0.0]], [[0.0, 1.0]])
    inf
    """
    t = check_probabilities(y_true_proba, "y_true_proba")
    p = check_probabilities(y_proba, "y_proba")
    for name, arr in (("y_true_proba", t), ("y_proba", p)):
        if arr.ndim != 2:
            raise ValueError(
                f"{name} must be 2-D (one distribution per row); got shape {arr.shape}."
            )
    check_same_length(("y_true_proba", t), ("y_proba", p))
    if t.shape != p.shape:
        raise ValueError(
            f"y_true_proba and y_proba must have the same shape; got {t.shape} "
            f"and {p.shape}."
        )
    # rel_entr gives 0 for t = 0 and inf for t > 0, p = 0, without warnings.
    return float(rel_entr(t, p).sum() / t.shape[0])


# torch adds a float32 1e-12 to the squared norms (ATen's EPSILON).
_COSINE_EPS = float(np.float32(1e-12))


def cosine_embedding_loss(x1, x2, y, *, margin=0.0):
    r"""Cosine embedding loss of pairs of vectors, as PyTorch computes it.

    .. math::

        \ell_i = \begin{cases}
            1 - \cos(x_{1i}, x_{2i}) & y_i = 1 \\
            \max(0, \cos(x_{1i}, x_{2i}) - \text{margin}) & y_i = -1
        \end{cases}, \qquad
        \cos(a, b) = \frac{a \cdot b}
            {\sqrt{(\lVert a \rVert^2 + \epsilon)(\lVert b \rVert^2 + \epsilon)}}

    averaged over the pairs, with PyTorch's ``epsilon`` (1e-12 in float32,
    added to the squared norms), so the value equals
    ``torch.nn.functional.cosine_embedding_loss(x1, x2, y, margin=margin)``,
    including for zero vectors.

    Parameters
    ----------
    x1, x2 : array-like of shape (n_pairs, n_features)
        The pairs of vectors.
    y : array-like of shape (n_pairs,)
        1 for pairs that should be similar, -1 for dissimilar pairs.
    margin : float, default=0.0
        Cosine below which dissimilar pairs cost nothing, in [-1, 1].

    Returns
    -------
    float
        The mean loss.

    Examples
    --------
    >>> from sklearn_losses.losses import cosine_embedding_loss
    >>> x1 = [[1.0, 0.0], [1.0, 1.0]]
    >>> x2 = [[1.0, 1.0], [1.0, 1.0]]
    >>> round(cosine_embedding_loss(x1, x2, [1, -1]), 4)
    0.6464
    >>> round(cosine_embedding_loss(x1, x2, [1, -1], margin=0.5), 4)
    0.3964
    """
    x1 = check_array_1d_or_2d(x1, "x1", ensure_2d=True)
    x2 = check_array_1d_or_2d(x2, "x2", ensure_2d=True)
    y = check_array_1d_or_2d(y, "y")
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D; got shape {y.shape}.")
    check_same_length(("x1", x1), ("x2", x2), ("y", y))
    if x1.shape != x2.shape:
        raise ValueError(
            f"x1 and x2 must have the same shape; got {x1.shape} and {x2.shape}."
        )
    if not np.isin(y, (1, -1)).all():
        raise ValueError(
            f"y must hold 1 (similar) or -1 (dissimilar); got values "
            f"{np.unique(y)[:10].tolist()}."
        )
    check_scalar_in_range(margin, "margin", low=-1.0, high=1.0)
    dot = np.einsum("ij,ij->i", x1, x2)
    norms = (np.einsum("ij,ij->i", x1, x1) + _COSINE_EPS) * (
        np.einsum("ij,ij->i", x2, x2) + _COSINE_EPS
    )
    cos = dot / np.sqrt(norms)
    loss = np.where(y == 1, 1 - cos, np.maximum(0.0, cos - margin))
    return float(loss.mean())
