"""Loss functions on arrays of probabilities and logits.

The formulas as they are taught, each computed stably and validated at the
call: binary cross-entropy of probabilities clipped by ``eps``, that loss plus
a weight penalty, cross-entropy from logits, the Kullback-Leibler divergence
between distributions and the cosine embedding loss of pairs of vectors. They
return one number, the mean over the samples, and the names and values follow
``torch.nn.functional`` (``binary_cross_entropy``, ``cross_entropy``,
``kl_div``, ``cosine_embedding_loss``), so that a result can be checked
against PyTorch.

To train a model, use the loss objects of :mod:`sklearn_losses.losses`,
which work on raw output (logits) and give gradients.
"""

from numbers import Real

import numpy as np
from scipy.special import rel_entr
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

from sklearn_losses._numerics import neg_log_p_y
from sklearn_losses._validation import (
    check_array_1d_or_2d,
    check_binary_labels,
    check_probabilities,
    check_same_length,
    check_sample_weight,
)
from sklearn_losses.penalties import PENALTIES, get_penalty

__all__ = [
    "binary_cross_entropy",
    "regularized_loss",
    "cross_entropy_from_logits",
    "kl_divergence",
    "cosine_embedding_loss",
]


@validate_params(
    {
        "y_true": ["array-like"],
        "y_prob": ["array-like"],
        "eps": [Interval(Real, 0, 0.5, closed="right")],
        "sample_weight": ["array-like", None],
    },
    prefer_skip_nested_validation=True,
)
def binary_cross_entropy(y_true, y_prob, *, eps=1e-15, sample_weight=None):
    r"""Binary cross-entropy of probabilities clipped to ``[eps, 1 - eps]``.

    .. math::

        \mathrm{BCE} = -\frac{1}{\sum_i w_i} \sum_i w_i \big(y_i \log \hat p_i
        + (1 - y_i) \log(1 - \hat p_i)\big),

        \hat p_i = \operatorname{clip}(p_i, \varepsilon, 1 - \varepsilon)

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
        Clipping margin, in (0, 0.5]; positive, so ``log(0)`` never occurs.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative sample weights.

    Returns
    -------
    float
        The (weighted) mean loss.

    Examples
    --------
    >>> from sklearn_losses.functional import binary_cross_entropy
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
    sample_weight = check_sample_weight(sample_weight, len(y_true))
    p = np.clip(y_prob, eps, 1 - eps)
    # 1 - p is exact for p >= 0.5, so log(1 - p) is the textbook formula's.
    loss = -(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))
    return float(np.average(loss, weights=sample_weight))


@validate_params(
    {
        "y_true": ["array-like"],
        "y_prob": ["array-like"],
        "weights": ["array-like"],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "penalty": [StrOptions(set(PENALTIES))],
        "l1_ratio": [Interval(Real, 0, 1, closed="both")],
        "sample_weight": ["array-like", None],
    },
    prefer_skip_nested_validation=True,
)
def regularized_loss(
    y_true, y_prob, weights, alpha, *, penalty="l2", l1_ratio=0.5, sample_weight=None
):
    r"""Binary cross-entropy plus a weight penalty divided by the number of weights.

    .. math::

        \mathrm{BCE}_w(y, p) + \frac{\alpha}{N} P(W), \qquad
        P(W) = \rho \lVert W \rVert_1 + \frac{1 - \rho}{2} \lVert W \rVert_2^2

    with ``N`` the number of weights, ``BCE_w`` the (weighted) mean of
    :func:`binary_cross_entropy` and ``rho`` = 0 for ``"l2"``, 1 for ``"l1"``
    and ``l1_ratio`` for ``"elasticnet"``. For ``"l2"`` this is the
    per-weight textbook formula ``lambda * sum(w**2) / (2 N)``; the L1 and
    elastic-net cases keep the same division by ``N``.

    ``P`` is the penalty of :class:`~sklearn_losses.LogisticMLPClassifier`,
    but the classifier divides by the training weight ``S`` (the sum of
    ``sample_weight``, ``n_samples`` without weights), as ``MLPClassifier``
    does: its objective is ``BCE_w + (alpha_clf / S) * P(W)``. So
    ``regularized_loss(..., alpha=lam)`` equals the objective of the
    classifier with ``alpha_clf = lam * S / N`` (same ``penalty``,
    ``l1_ratio`` and ``sample_weight``); the two agree when there are as
    many weights as unweighted samples. Conversely, the final objective
    ``loss_`` of a fitted classifier without hidden layer is
    ``regularized_loss(y, proba[:, 1], coefs_[0], alpha_clf * N / S, ...)``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels 0/1.
    y_prob : array-like of shape (n_samples,)
        Predicted probabilities of class 1.
    weights : array-like of shape (n_weights,) or (n_in, n_out)
        Model weights (not intercepts); ``N = weights.size``.
    alpha : float
        Regularization strength (``lambda`` above), ``>= 0``.
    penalty : {"l2", "l1", "elasticnet"}, default="l2"
        Penalty ``P``.
    l1_ratio : float, default=0.5
        Share of L1 in the elastic net, in [0, 1]; only used when
        ``penalty="elasticnet"``.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative sample weights of the cross-entropy's mean.

    Returns
    -------
    float
        The regularized loss.

    Examples
    --------
    >>> from sklearn_losses.functional import regularized_loss
    >>> y_true, y_prob = [1, 0, 1, 1, 0], [0.9, 0.2, 0.8, 0.7, 0.1]
    >>> weights = [0.5, -0.3, 0.8, -0.2, 0.1]
    >>> round(regularized_loss(y_true, y_prob, weights, 0.5), 4)
    0.2542
    >>> round(regularized_loss(y_true, y_prob, weights, 0.5, penalty="l1"), 4)
    0.3927
    """
    weights = check_array_1d_or_2d(weights, "weights")
    # The classifier's P(W), so the two conventions cannot drift apart.
    value = get_penalty(penalty, l1_ratio=l1_ratio).value(weights)
    loss = binary_cross_entropy(y_true, y_prob, sample_weight=sample_weight)
    return loss + float(alpha * value / weights.size)


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


@validate_params(
    {"y_true": ["array-like"], "logits": ["array-like"]},
    prefer_skip_nested_validation=True,
)
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
        The mean cross-entropy.

    Examples
    --------
    >>> from sklearn_losses.functional import cross_entropy_from_logits
    >>> round(cross_entropy_from_logits([0, 2], [[2.0, 0.0, -1.0], [0.0, 0.0, 0.0]]), 4)
    0.6342
    >>> cross_entropy_from_logits([1], [[1000.0, -1000.0]])
    2000.0
    """
    logits = check_array_1d_or_2d(logits, "logits", ensure_2d=True)
    y = _check_class_indices(y_true, logits.shape[1])
    check_same_length(("y_true", y), ("logits", logits))
    return float(np.mean(neg_log_p_y(y, logits)))


@validate_params(
    {"y_true_proba": ["array-like"], "y_proba": ["array-like"]},
    prefer_skip_nested_validation=True,
)
def kl_divergence(y_true_proba, y_proba):
    r"""Kullback-Leibler (KL) divergence ``KL(target || prediction)``, batch mean.

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
    >>> from sklearn_losses.functional import kl_divergence
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


@validate_params(
    {
        "x1": ["array-like"],
        "x2": ["array-like"],
        "y": ["array-like"],
        "margin": [Interval(Real, -1, 1, closed="both")],
    },
    prefer_skip_nested_validation=True,
)
def cosine_embedding_loss(x1, x2, y, *, margin=0.0):
    r"""Cosine embedding loss of pairs of vectors, as PyTorch computes it.

    .. math::

        \ell_i = \begin{cases}
            1 - \cos(x_{1i}, x_{2i}) & y_i = 1 \\
            \max(0, \cos(x_{1i}, x_{2i}) - \text{margin}) & y_i = -1
        \end{cases},

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
        The mean loss over the pairs.

    Examples
    --------
    >>> from sklearn_losses.functional import cosine_embedding_loss
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
    dot = np.einsum("ij,ij->i", x1, x2)
    norms = (np.einsum("ij,ij->i", x1, x1) + _COSINE_EPS) * (
        np.einsum("ij,ij->i", x2, x2) + _COSINE_EPS
    )
    cos = dot / np.sqrt(norms)
    loss = np.where(y == 1, 1 - cos, np.maximum(0.0, cos - margin))
    return float(loss.mean())
