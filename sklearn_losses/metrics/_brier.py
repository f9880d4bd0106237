"""Brier score and its binned decomposition."""

from typing import NamedTuple

import numpy as np
from sklearn.utils import deprecated
from sklearn.utils._param_validation import validate_params

from ._binning import bin_columns
from ._log_loss import check_soft_target, is_soft_target
from ._validation import BINNING_CONSTRAINTS, TARGET_CONSTRAINTS, check_target


def brier_score_from_target(target):
    """Brier score of a validated target (binary or multiclass)."""
    if target.is_binary:
        per_sample = (target.y_prob - target.y) ** 2
    else:
        # sum_k (p_k - [y = k])^2 = sum_k p_k^2 - 2 p_y + 1, without a one-hot array
        p = target.y_prob
        per_sample = np.einsum("ij,ij->i", p, p)
        per_sample -= 2.0 * target.true_class_probability()
        per_sample += 1.0
    return float(np.average(per_sample, weights=target.sample_weight))


@validate_params(TARGET_CONSTRAINTS, prefer_skip_nested_validation=True)
def brier_score_loss(y_true, y_prob, *, sample_weight=None, labels=None):
    r"""Brier score: the mean squared error of predicted probabilities.

    Binary problems (``y_prob`` 1-D, or 2 columns):
    :math:`\frac{1}{W}\sum_i w_i (p_i - y_i)^2` with :math:`p_i` the
    probability of the positive class, in [0, 1]. Multiclass (K >= 3 columns):
    :math:`\frac{1}{W}\sum_i w_i \sum_k (p_{ik} - [y_i = k])^2`, in [0, 2].
    The values of :func:`sklearn.metrics.brier_score_loss` with its default
    ``scale_by_half="auto"``; ``labels`` also names the classes of a
    cross-validation fold that misses one. With soft targets (``y_true`` of
    shape ``(n_samples, n_classes)``, rows of class probabilities ``q_i``)
    the one-hot target becomes ``q_i``: :math:`(p_i - q_{i1})^2` for two
    classes, :math:`\sum_k (p_{ik} - q_{ik})^2` for more (the Brier score
    of a distribution; one-hot rows give the labels' value).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_classes)
        True labels (0/1 for binary problems unless ``labels`` is given), or
        rows of class probabilities in the column order of ``y_prob``.
    y_prob : array-like of shape (n_samples,) or (n_samples, n_classes)
        Predicted probabilities.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative sample weights.
    labels : array-like of shape (n_classes,), default=None
        The classes in the column order of ``y_prob`` (binary 1-D:
        ``[negative, positive]``).

    Returns
    -------
    float
        The Brier score; lower is better.

    See Also
    --------
    brier_decomposition : Reliability, resolution and uncertainty.

    Examples
    --------
    >>> from sklearn_losses.metrics import brier_score_loss
    >>> round(brier_score_loss([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]), 6)
    0.0375
    >>> round(brier_score_loss([0, 1, 2], [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1],
    ...                                   [0.2, 0.2, 0.6]]), 6)
    0.146667
    >>> round(brier_score_loss([[0.5, 0.5]], [[0.2, 0.8]]), 6)  # a soft target
    0.09
    """
    if is_soft_target(y_true):
        Q, P, weights = check_soft_target(y_true, y_prob, sample_weight, labels)
        residual = P[:, 1:] - Q[:, 1:] if P.shape[1] == 2 else P - Q
        return float(np.average((residual**2).sum(axis=1), weights=weights))
    return brier_score_from_target(check_target(y_true, y_prob, sample_weight, labels))


@deprecated("it was renamed brier_score_loss and will be removed in the next release")
def brier_score(y_true, y_prob, *, sample_weight=None, labels=None):
    """Deprecated alias of :func:`brier_score_loss`.

    Parameters
    ----------
    y_true, y_prob, sample_weight, labels
        As in :func:`brier_score_loss`.

    Returns
    -------
    float
        The value of :func:`brier_score_loss`.

    Examples
    --------
    >>> import warnings
    >>> from sklearn_losses.metrics import brier_score
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     value = brier_score([0, 1], [0.5, 0.5])
    >>> value, caught[0].category.__name__
    (0.25, 'FutureWarning')
    """
    return brier_score_loss(y_true, y_prob, sample_weight=sample_weight, labels=labels)


class BrierDecomposition(NamedTuple):
    """Binned decomposition of the Brier score (see :func:`brier_decomposition`).

    The identity ``brier == reliability - resolution + uncertainty +
    within_bin_variance - 2 * within_bin_covariance`` holds exactly (up to
    rounding).
    """

    brier: float
    """The Brier score."""
    reliability: float
    """Weighted mean squared gap between bin mean prediction and bin frequency."""
    resolution: float
    """Weighted variance of the bin frequencies around the overall frequency."""
    uncertainty: float
    """Variance of the labels, ``base_rate * (1 - base_rate)``."""
    within_bin_variance: float
    """Weighted variance of the predictions within their bins."""
    within_bin_covariance: float
    """Weighted covariance of predictions and labels within their bins."""


def decompose_brier(p, y, sample_weight, bins):
    """Brier decomposition of binary ``(p, y)`` from their one-column ``bins``."""
    w = np.ones_like(p) if sample_weight is None else sample_weight
    total, sum_p, sum_y = bins.total[0], bins.sum_conf[0], bins.sum_target[0]
    ids = bins.ids[:, 0]
    weight = total.sum()
    nonempty = total > 0
    safe = np.where(nonempty, total, 1.0)
    mean_p, mean_y = sum_p / safe, sum_y / safe
    base_rate = sum_y.sum() / weight
    dev_p = p - mean_p[ids]
    dev_y = y - mean_y[ids]
    return BrierDecomposition(
        brier=float(np.sum(w * (p - y) ** 2) / weight),
        reliability=float(np.sum(total * (mean_p - mean_y) ** 2) / weight),
        resolution=float(np.sum(total * (mean_y - base_rate) ** 2) / weight),
        uncertainty=float(base_rate * (1 - base_rate)),
        within_bin_variance=float(np.sum(w * dev_p**2) / weight),
        within_bin_covariance=float(np.sum(w * dev_p * dev_y) / weight),
    )


@validate_params(
    {**TARGET_CONSTRAINTS, **BINNING_CONSTRAINTS}, prefer_skip_nested_validation=True
)
def brier_decomposition(
    y_true, y_prob, *, n_bins=15, strategy="uniform", sample_weight=None, labels=None
):
    r"""Murphy's decomposition of the binary Brier score, made exact.

    With the bins of :func:`expected_calibration_error` (bin :math:`b` has
    weight :math:`W_b`, mean prediction :math:`\bar p_b`, frequency of
    positives :math:`\bar y_b`) and the base rate :math:`\bar y`:

    .. math::

        \mathrm{REL} &= \tfrac1W \textstyle\sum_b W_b (\bar p_b - \bar y_b)^2,
        \qquad
        \mathrm{RES} = \tfrac1W \textstyle\sum_b W_b (\bar y_b - \bar y)^2,\\
        \mathrm{UNC} &= \bar y (1 - \bar y),\\
        \mathrm{WBV} &= \tfrac1W \textstyle\sum_b \sum_{i\in b}
            w_i (p_i - \bar p_b)^2,\\
        \mathrm{WBC} &= \tfrac1W \textstyle\sum_b \sum_{i\in b}
            w_i (p_i - \bar p_b)(y_i - \bar y_b),

    and :math:`\mathrm{BS} = \mathrm{REL} - \mathrm{RES} + \mathrm{UNC} +
    \mathrm{WBV} - 2\,\mathrm{WBC}` exactly. Murphy's three-term form
    neglects the two within-bin terms (Stephenson et al., 2008), which vanish
    when every bin holds a single predicted value.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True 0/1 labels (or two classes listed in ``labels``).
    y_prob : array-like of shape (n_samples,) or (n_samples, 2)
        Predicted probability of the positive class; binary problems only.
    n_bins : int, default=15
        Number of bins, at least 1; those of :func:`expected_calibration_error`.
    strategy : {"uniform", "quantile"}, default="uniform"
        Equal-width bins or bins at the quantiles of the predictions.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative sample weights.
    labels : array-like of shape (2,), default=None
        ``[negative, positive]`` classes.

    Returns
    -------
    BrierDecomposition
        Named tuple ``(brier, reliability, resolution, uncertainty,
        within_bin_variance, within_bin_covariance)``.

    References
    ----------
    .. [1] A. H. Murphy, "A New Vector Partition of the Probability Score",
       Journal of Applied Meteorology, 1973.
    .. [2] D. B. Stephenson, C. A. S. Coelho, I. T. Jolliffe, "Two Extra
       Components in the Brier Score Decomposition", Weather and Forecasting,
       2008.

    Examples
    --------
    >>> from sklearn_losses.metrics import brier_decomposition
    >>> d = brier_decomposition([0, 0, 1, 1], [0.2, 0.2, 0.6, 0.6], n_bins=2)
    >>> [round(v, 6) for v in d]
    [0.1, 0.1, 0.25, 0.25, 0.0, 0.0]
    >>> round(d.reliability - d.resolution + d.uncertainty, 6)
    0.1
    """
    target = check_target(y_true, y_prob, sample_weight, labels, binary_only=True)
    conf, outcome = target.columns()
    bins = bin_columns(conf, outcome, target.sample_weight, n_bins, strategy)
    return decompose_brier(target.y_prob, target.y, target.sample_weight, bins)
