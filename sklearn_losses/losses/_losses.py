"""The built-in losses over raw output (logits), their registry and get_loss.

Each loss works on the network's *raw output* and is computed stably from it:

- one logit per sample, shape ``(n,)`` or ``(n, 1)``: two classes, sigmoid;
- ``K >= 2`` columns, shape ``(n, K)``: ``K`` classes, softmax.

``y_true`` holds class indices ``0, ..., K - 1`` (binary: 0/1), possibly as
floats; the losses with ``soft_targets`` (log loss, KL divergence, squared
error) also take rows of class probabilities, shape ``(n, K)``. Outputs keep
the raw output's dtype (float32 stays float32); logits of +-1000 give finite,
exact values without warnings. ``loss``, ``gradient`` and ``__call__``
refuse targets that are neither (:func:`~sklearn_losses.losses._base.check_y_true`);
``loss_gradient``, what the solvers call on every batch, takes the targets
the estimator validated once and checks nothing.
"""

import functools
from numbers import Integral, Real

import numpy as np
from scipy.special import expit
from sklearn.utils._param_validation import (
    Interval,
    InvalidParameterError,
    validate_params,
)

from sklearn_losses._numerics import (
    as_float,
    binary_parts,
    flat_index,
    is_binary_raw,
    neg_log_p_y,
    residual,
    row_max,
    row_sum,
    softmax_lse,
    softplus,
    softplus_sigmoid,
    xlogx,
)
from sklearn_losses.losses._base import (
    LOSS_ATTRIBUTES,
    LOSS_METHODS,
    BaseLoss,
    check_y_true,
    loss_label,
)
from sklearn_losses.losses._per_label import PerLabelLoss


def soft_targets_refused(loss, losses_that_can):
    """The error for soft targets given to a loss that does not declare them."""
    return ValueError(
        f"The loss {loss_label(loss)} does not take soft "
        "targets (Y of shape (n_samples, n_classes), rows of class "
        "probabilities): it does not declare soft_targets = True. Losses that "
        f"take soft targets: {losses_that_can}; or pass class labels."
    )


@functools.cache
def _overrides_loss_or_gradient(cls):
    """Whether a subclass of a built-in loss redefines ``loss`` or ``gradient``."""
    mro = cls.__mro__
    owner = next(i for i, c in enumerate(mro) if "_binary" in c.__dict__)
    return any(name in c.__dict__ for c in mro[:owner] for name in ("loss", "gradient"))


class OnePassLoss(BaseLoss):
    """Base of the built-in losses: loss and gradient in one pass.

    A subclass implements ``_binary(s, t)``, the loss and gradient of the
    single logit from the sign ``s = 1 - 2y`` and the margin ``t = s * z``
    (flat arrays; see :mod:`sklearn_losses._numerics`), and
    ``_multiclass(y_true, raw_prediction)`` on float ``(n, K)`` raw output.
    A subclass with ``soft_targets = True`` also implements
    ``_soft_binary(q, z)`` (``q`` the target probability of class 1, ``z``
    the flat logits) and ``_soft_multiclass(q, raw_prediction)`` (``q`` of
    shape ``(n, K)``), the paths of 2-D ``y_true``.
    """

    def _binary(self, s, t):
        raise NotImplementedError

    def _multiclass(self, y_true, raw_prediction):
        raise NotImplementedError

    def _soft_binary(self, q, z):
        raise NotImplementedError

    def _soft_multiclass(self, q, raw_prediction):
        raise NotImplementedError

    def _soft(self, y_proba, raw_prediction):
        """Loss and gradient from rows of class probabilities."""
        if not self.soft_targets:
            raise soft_targets_refused(self, losses_with_soft_targets())
        y_proba = np.asarray(y_proba, dtype=raw_prediction.dtype)
        if is_binary_raw(raw_prediction):
            loss, grad = self._soft_binary(y_proba[:, 1], raw_prediction.reshape(-1))
            return loss, grad.reshape(raw_prediction.shape)
        return self._soft_multiclass(y_proba, raw_prediction)

    def _loss_gradient(self, y_true, raw_prediction):
        raw_prediction = as_float(raw_prediction)
        if np.ndim(y_true) == 2:
            return self._soft(y_true, raw_prediction)
        if is_binary_raw(raw_prediction):
            loss, grad = self._binary(*binary_parts(y_true, raw_prediction))
            return loss, grad.reshape(raw_prediction.shape)
        return self._multiclass(y_true, raw_prediction)

    def loss(self, y_true, raw_prediction):
        check_y_true(self, y_true, raw_prediction)
        return self._loss_gradient(y_true, raw_prediction)[0]

    def gradient(self, y_true, raw_prediction):
        check_y_true(self, y_true, raw_prediction)
        return self._loss_gradient(y_true, raw_prediction)[1]

    def loss_gradient(self, y_true, raw_prediction):
        # A subclass that redefines loss or gradient gets the two-call default,
        # so the three methods never disagree.
        if _overrides_loss_or_gradient(type(self)):
            return super().loss_gradient(y_true, raw_prediction)
        return self._loss_gradient(y_true, raw_prediction)


def _log_softmax(raw_prediction):
    """Softmax and log-softmax of ``(n, K)`` logits, from max-shifted logits.

    The softmax is computed as in ``softmax_lse`` (the same values, bit
    for bit), so soft targets that are one-hot give what labels give.
    """
    z_max = row_max(raw_prediction)
    log_proba = raw_prediction - z_max[:, None]
    proba = np.exp(log_proba)
    total = row_sum(proba)
    proba /= total[:, None]
    log_proba -= np.log(total)[:, None]
    return proba, log_proba


def _neg_entropy(q):
    """Row sums of ``q log q`` (``0 log 0 = 0``) of an array of distributions."""
    logs = np.log(q, out=np.zeros_like(q), where=q > 0)
    logs *= q
    return logs if logs.ndim == 1 else row_sum(logs)


def _log_loss_binary(s, t):
    """Log loss of labels and its gradient, from sign and margin.

    Overwrites ``s`` and ``t``, fresh arrays from ``binary_parts``.
    """
    return softplus_sigmoid(t, sign=s)


def _log_loss_multiclass(y_true, raw_prediction):
    """Log loss of labels and its gradient ``p - onehot``."""
    flat = flat_index(y_true, raw_prediction)
    proba, log_p_y = softmax_lse(raw_prediction, flat)
    proba.reshape(-1)[flat] -= 1  # the gradient p - onehot, in place
    return -log_p_y, proba


def _cross_entropy_binary(q, z):
    """Cross-entropy of the target probability ``q`` of class 1, and gradient.

    Written as ``q softplus(-z) + (1 - q) softplus(z)`` and ``(1 - q) p -
    q (1 - p)``: exact at ``q`` in {0, 1}, where it is the labels' log loss.
    """
    # The kernel of the labels' loss, so that q in {0, 1} gives its bits.
    softplus_neg, sigmoid_neg = softplus_sigmoid(-z)
    softplus_pos, sigmoid_pos = softplus_sigmoid(z)
    loss = q * softplus_neg
    loss += (1 - q) * softplus_pos
    grad = (1 - q) * sigmoid_pos
    grad -= q * sigmoid_neg
    return loss, grad


def _cross_entropy_multiclass(q, raw_prediction):
    """Cross-entropy ``-sum_k q_k log p_k`` and its gradient ``p - q``."""
    proba, log_proba = _log_softmax(raw_prediction)
    log_proba *= q
    loss = -row_sum(log_proba)
    proba -= q
    return loss, proba


class LogLoss(OnePassLoss):
    r"""Log loss (cross-entropy) on logits.

    Single logit ``z`` with ``p = sigmoid(z)`` the probability of class 1:

    .. math::

        \ell(y, z) = -y \log p - (1 - y) \log(1 - p)
                   = \operatorname{softplus}((1 - 2y)\, z),

        \frac{\partial \ell}{\partial z} = p - y

    ``K`` logits with ``p = softmax(z)``:

    .. math::

        \ell(y, z) = -\log p_y = \operatorname{logsumexp}(z) - z_y,
        \qquad \frac{\partial \ell}{\partial z_k} = p_k - [k = y]

    softplus and log-sum-exp never evaluate ``log(0)``, so confident wrong
    logits give large finite losses (1000 for ``z = -1000``, ``y = 1``).

    **Soft targets.** With rows ``q`` of class probabilities it is the
    cross-entropy ``-sum_k q_k log p_k`` (gradient ``p - q``); a single
    logit's target is ``q = y_true[:, 1]``. Its minimum over ``p`` is the
    entropy of ``q``, not 0: :class:`KLDivergence` is the same less that
    entropy, with the same gradient.

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
    # the best intercepts: the log of the class frequencies
    finite_intercept_optimum = True
    soft_targets = True

    def loss(self, y_true, raw_prediction):
        check_y_true(self, y_true, raw_prediction)
        raw_prediction = as_float(raw_prediction)
        if np.ndim(y_true) == 2:
            return self._soft(y_true, raw_prediction)[0]
        if is_binary_raw(raw_prediction):
            return softplus(binary_parts(y_true, raw_prediction)[1])
        return neg_log_p_y(y_true, raw_prediction)

    def _binary(self, s, t):
        return _log_loss_binary(s, t)

    def _multiclass(self, y_true, raw_prediction):
        return _log_loss_multiclass(y_true, raw_prediction)

    def _soft_binary(self, q, z):
        return _cross_entropy_binary(q, z)

    def _soft_multiclass(self, q, raw_prediction):
        return _cross_entropy_multiclass(q, raw_prediction)


class SquaredError(OnePassLoss):
    r"""Squared error on probabilities (Brier score; MSE on the link output).

    Single logit, on the probability of class 1 (equals scikit-learn's
    ``brier_score_loss`` and ``torch.nn.MSELoss`` on a sigmoid output):

    .. math::

        \ell(y, z) = (p - y)^2, \qquad
        \frac{\partial \ell}{\partial z} = 2 (p - y)\, p (1 - p)

    ``K`` logits, summed over the classes:

    .. math::

        \ell(y, z) = \sum_k (p_k - [k = y])^2,

        \frac{\partial \ell}{\partial z_j} =
        2 p_j \Big(r_j - \sum_k r_k p_k\Big), \quad r = p - \mathrm{onehot}(y)

    With two softmax columns the loss is twice the single-logit value.
    Bounded (at most 1, resp. 2), and flat for confident wrong logits.

    **Soft targets.** With rows ``q`` of class probabilities the one-hot
    target becomes ``q``: ``sum_k (p_k - q_k)^2`` (``(p - q_1)^2`` for a
    single logit), the Brier score against a distribution. It is a proper
    score: its minimum, 0, is at ``p = q``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.losses import SquaredError
    >>> SquaredError().loss(np.array([1, 0]), np.array([0.0, 1000.0])).tolist()
    [0.25, 1.0]
    """

    name = "squared_error"
    # a proper score: the best intercepts give the class frequencies
    finite_intercept_optimum = True
    soft_targets = True

    def _binary(self, s, t):
        # |p - y| = sigma(t) and p (1 - p) = sigma(t) sigma(-t), both exact.
        a = expit(t)
        loss = a * a
        return loss, 2 * s * loss * expit(-t)

    def _multiclass(self, y_true, raw_prediction):
        proba, _ = softmax_lse(raw_prediction)
        r = proba.copy()
        residual(r, flat_index(y_true, raw_prediction))
        return self._from_residual(r, proba)

    @staticmethod
    def _from_residual(r, proba):
        """Loss and gradient of ``K`` logits from ``r = p - target``."""
        loss = np.einsum("ij,ij->i", r, r)
        grad = r - np.einsum("ij,ij->i", r, proba)[:, None]
        grad *= proba
        grad *= 2
        return loss, grad

    def _soft_binary(self, q, z):
        p, p_other = expit(z), expit(-z)
        # p - q without cancellation where q is 0 or 1
        r = (1 - q) * p - q * p_other
        return r * r, 2 * r * p * p_other

    def _soft_multiclass(self, q, raw_prediction):
        proba, _ = softmax_lse(raw_prediction)
        return self._from_residual(proba - q, proba)


class AbsoluteError(OnePassLoss):
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
    # |p - y| is linear in p: the best constant output predicts the majority
    # class with probability 1, at infinite intercepts
    finite_intercept_optimum = False

    def _binary(self, s, t):
        loss = expit(t)
        return loss, s * loss * expit(-t)

    def _multiclass(self, y_true, raw_prediction):
        r, _ = softmax_lse(raw_prediction)
        u, p_y = residual(r, flat_index(y_true, raw_prediction))
        r *= 2 * p_y[:, None]
        return 2 * u, r


class KLDivergence(OnePassLoss):
    r"""Kullback-Leibler divergence from a target distribution.

    With ``K`` classes (``K = 2`` for a single logit) and smoothing ``ls`` the
    target distribution is ``q = (1 - ls) * t + ls / K``, where ``t`` is
    ``onehot(y)`` for labels and the row of class probabilities for soft
    targets (``y_true`` of shape ``(n, K)``; a single logit's target is
    ``y_true[:, 1]``), and

    .. math::

        \ell(y, z) = \mathrm{KL}(q \,\|\, p) = \sum_k q_k (\log q_k - \log p_k),
        \qquad \frac{\partial \ell}{\partial z_k} = p_k - q_k

    with ``0 log 0 = 0``. Without smoothing this is :class:`LogLoss`; with
    smoothing it is PyTorch's ``cross_entropy(..., label_smoothing=ls)`` minus
    the entropy of ``q``, so its minimum, 0, sits at ``p = q`` rather than at
    infinitely confident logits.

    Label smoothing is a case of soft targets: labels are smoothed into the
    distribution ``q`` above and go down the soft-target path (without
    smoothing, labels take the log loss's path, which it equals). So
    ``KLDivergence(label_smoothing=ls)`` on labels ``y`` and
    ``KLDivergence()`` on the rows ``(1 - ls) * onehot(y) + ls / K`` give the
    same values and gradients.

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
    # the best intercepts give the (smoothed) class frequencies
    finite_intercept_optimum = True

    _parameter_constraints = {"label_smoothing": [Interval(Real, 0, 1, closed="left")]}

    def __init__(self, label_smoothing=0.0):
        self.label_smoothing = label_smoothing
        self._validate_params()

    def _validate_params(self):
        if isinstance(self.label_smoothing, Real) and self.label_smoothing == 1:
            raise InvalidParameterError(
                f"label_smoothing must be in [0, 1); got {self.label_smoothing!r} "
                "(1 would leave no information about the true class)."
            )
        super()._validate_params()

    def _targets(self, n_classes):
        ls = float(self.label_smoothing)
        q_lo = ls / n_classes
        q_hi = 1.0 - ls + q_lo
        return q_lo, q_hi, xlogx(q_hi) + (n_classes - 1) * xlogx(q_lo)

    soft_targets = True

    def _smoothed(self, q, n_classes):
        ls = float(self.label_smoothing)
        return q if ls == 0 else (1 - ls) * q + ls / n_classes

    def _binary(self, s, t):
        if self.label_smoothing == 0:
            return _log_loss_binary(s, t)
        # labels as targets: y = (1 - s) / 2 and z = s * t, both exact
        return self._soft_binary((1 - s) / 2, s * t, self._targets(2)[2])

    def _multiclass(self, y_true, raw_prediction):
        if self.label_smoothing == 0:
            return _log_loss_multiclass(y_true, raw_prediction)
        n_classes = raw_prediction.shape[1]
        onehot = np.zeros(raw_prediction.shape, dtype=raw_prediction.dtype)
        onehot.reshape(-1)[flat_index(y_true, raw_prediction)] = 1
        return self._soft_multiclass(
            onehot, raw_prediction, self._targets(n_classes)[2]
        )

    def _soft_binary(self, q, z, neg_entropy_q=None):
        q = self._smoothed(q, 2)
        if neg_entropy_q is None:
            neg_entropy_q = _neg_entropy(q) + _neg_entropy(1 - q)
        loss, grad = _cross_entropy_binary(q, z)
        loss += neg_entropy_q
        # KL >= 0; rounding near p = q must not dip below the lower bound.
        np.maximum(loss, 0, out=loss)
        return loss, grad

    def _soft_multiclass(self, q, raw_prediction, neg_entropy_q=None):
        q = self._smoothed(q, raw_prediction.shape[1])
        if neg_entropy_q is None:
            neg_entropy_q = _neg_entropy(q)
        loss, grad = _cross_entropy_multiclass(q, raw_prediction)
        loss += neg_entropy_q
        np.maximum(loss, 0, out=loss)
        return loss, grad


class FocalLoss(OnePassLoss):
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
    >>> FocalLoss(gamma=-1.0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    sklearn...InvalidParameterError: The 'gamma' ... [0.0, inf). Got -1.0 instead.
    """

    name = "focal"
    # -log p_k of every class present grows without bound as p_k -> 0
    finite_intercept_optimum = True

    _parameter_constraints = {"gamma": [Interval(Real, 0, None, closed="left")]}

    def __init__(self, gamma=2.0):
        self.gamma = gamma
        self._validate_params()

    def _binary(self, s, t):
        # A Python float keeps float32 arrays float32.
        gamma = float(self.gamma)
        neg_log_p, u = softplus_sigmoid(t)  # -log p_y and 1 - p_y
        u_gamma = u**gamma
        return u_gamma * neg_log_p, s * u_gamma * (gamma * expit(-t) * neg_log_p + u)

    def _multiclass(self, y_true, raw_prediction):
        gamma = float(self.gamma)
        flat = flat_index(y_true, raw_prediction)
        r, log_p_y = softmax_lse(raw_prediction, flat)
        u, p_y = residual(r, flat)
        # log1p(-u) is more exact when p_y is near 1 (u is summed, not 1 - p_y).
        log_p_y = np.where(u < 0.5, np.log1p(-np.minimum(u, 0.5)), log_p_y)
        u_gamma = u**gamma
        loss = -u_gamma * log_p_y
        ratio = np.divide(log_p_y, u, out=np.full_like(u, -1.0), where=u > 0)
        r *= (u_gamma * (1 - gamma * p_y * ratio))[:, None]
        return loss, r


# One line per loss: a new loss is a class above plus its line here.
LOSSES = {
    cls.name: cls
    for cls in (
        LogLoss,
        SquaredError,
        AbsoluteError,
        KLDivergence,
        FocalLoss,
    )
}
"""Registry: loss name -> loss class."""


def _registered_losses_for(target_type):
    return sorted(
        name for name, cls in LOSSES.items() if target_type in cls.target_types
    )


def losses_with_soft_targets():
    """The registered losses that declare ``soft_targets``, sorted by name."""
    return sorted(
        name for name, cls in LOSSES.items() if getattr(cls, "soft_targets", False)
    )


@validate_params(
    {
        "loss": "no_validation",
        "n_classes": [Interval(Integral, 2, None, closed="left"), None],
        "soft_targets": ["boolean"],
        "multilabel": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def get_loss(loss, *, n_classes=None, soft_targets=False, multilabel=False):
    """Resolve a loss given by registry name or as a loss object.

    Parameters
    ----------
    loss : str or loss object
        A name in :data:`LOSSES` (a new instance with default parameters) or
        an object with the loss interface: the methods ``loss``,
        ``gradient``, ``loss_gradient`` and ``predict_proba`` and the
        attributes ``lower_bound`` and ``target_types``. Subclassing
        :class:`BaseLoss` supplies all but ``loss`` and ``gradient``.
    n_classes : int, default=None
        Number of classes of the problem the loss will serve. When given,
        the loss must serve it (its ``target_types``) and is returned bound
        to it: a copy holding the problem's link (see
        :meth:`BaseLoss.for_classes`; an object without ``for_classes`` is
        returned as is). None returns the loss object itself, unbound.
    soft_targets : bool, default=False
        Whether the loss will be given soft targets (rows of class
        probabilities); then it must declare ``soft_targets = True``.
    multilabel : bool, default=False
        Whether the targets are multilabel indicators with ``n_classes``
        labels: the loss must serve binary problems, and is returned wrapped
        in a :class:`PerLabelLoss` that applies it to each label.

    Returns
    -------
    BaseLoss
        The loss object.

    Raises
    ------
    ValueError
        For an unknown name (the message lists the valid names), a loss
        that cannot serve ``n_classes`` classes, or one that does not take
        soft targets when ``soft_targets`` (the messages list the registered
        losses that can).
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
    >>> get_loss("log_loss", n_classes=3).link
    SoftmaxLink()
    >>> get_loss("hinge")
    Traceback (most recent call last):
        ...
    ValueError: Unknown loss 'hinge'. Valid names are: 'absolute_error', 'focal', \
'kl_divergence', 'log_loss', 'squared_error'.
    >>> get_loss("focal", soft_targets=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    ValueError: The loss 'focal' does not take soft targets ... Losses that take \
soft targets: ['kl_divergence', 'log_loss', 'squared_error']; or pass class labels.
    >>> get_loss("focal", n_classes=3, multilabel=True)
    PerLabelLoss(binary_loss=FocalLoss(gamma=2.0), n_labels=3)
    """
    loss = _resolve(loss)
    if multilabel:
        if n_classes is None:
            raise ValueError("multilabel=True needs n_classes, the number of labels.")
        return _per_label(loss, n_classes)
    if soft_targets and not getattr(loss, "soft_targets", False):
        raise soft_targets_refused(loss, losses_with_soft_targets())
    if n_classes is None:
        return loss
    target_type = "binary" if n_classes == 2 else "multiclass"
    target_types = getattr(loss, "target_types", None)
    if target_types is not None and target_type not in target_types:
        # scikit-learn's wording for a binary-only classifier, which its
        # estimator checks look for
        lead = "Only binary classification is supported: " * (n_classes > 2)
        raise ValueError(
            f"{lead}loss {loss_label(loss)} cannot serve a "
            f"{target_type} problem ({n_classes} classes): it supports "
            f"{sorted(target_types)}. Losses that work: "
            f"{_registered_losses_for(target_type)}."
        )
    for_classes = getattr(loss, "for_classes", None)
    return for_classes(n_classes) if callable(for_classes) else loss


def _per_label(loss, n_labels):
    """``loss`` applied to each of ``n_labels`` labels, refused if it cannot."""
    target_types = getattr(loss, "target_types", None)
    if target_types is not None and "binary" not in target_types:
        raise ValueError(
            f"The loss {loss_label(loss)} cannot serve "
            "multilabel targets (Y of 0/1 indicators: each label is a binary "
            f"problem of its own): it supports {sorted(target_types)}. Losses "
            f"that work: {_registered_losses_for('binary')}."
        )
    for_classes = getattr(loss, "for_classes", None)
    binary = for_classes(2) if callable(for_classes) else loss
    return PerLabelLoss(binary, n_labels=n_labels)


def _resolve(loss):
    """The loss object of a registry name, or ``loss`` if it has the interface."""
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
    missing = [m for m in LOSS_METHODS if not callable(getattr(loss, m, None))]
    missing += [a for a in LOSS_ATTRIBUTES if not hasattr(loss, a)]
    if missing:
        raise TypeError(
            f"{loss!r:.80} is not a loss: it lacks {', '.join(missing)}. Pass one of "
            f"{sorted(LOSSES)} or an instance of a subclass of "
            "sklearn_losses.losses.BaseLoss (implement loss and gradient)."
        )
    return loss
