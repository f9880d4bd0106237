"""Binned calibration errors: expected (ECE) and maximum (MCE)."""

import numpy as np
from sklearn.utils._param_validation import StrOptions, validate_params

from ._binning import bin_columns
from ._validation import (
    BINNING_CONSTRAINTS,
    MULTICLASS_CONSTRAINT,
    TARGET_CONSTRAINTS,
    check_target,
)


def errors_from_bins(total, sum_conf, sum_target, *, norm="l1", debias=False):
    """Calibration error from per-bin sums, along the last axis (bins).

    Returns, per column of bins, the gap averaged with bin weights
    (``"l1"``), the squared gap averaged (``"l2"``, squared; the caller takes
    the root) or the largest gap over non-empty bins (``"max"``).
    """
    nonempty = total > 0
    safe_total = np.where(nonempty, total, 1.0)
    mean_target = sum_target / safe_total
    gap = np.where(nonempty, np.abs(mean_target - sum_conf / safe_total), 0.0)
    if norm == "max":
        return gap.max(axis=-1)
    bin_weight = total / total.sum(axis=-1, keepdims=True)
    if norm == "l1":
        return (bin_weight * gap).sum(axis=-1)
    sq_gap = gap**2
    if debias:
        # Kumar et al. (2019): subtract the variance of each bin's label mean;
        # bins holding at most one (weighted) sample contribute nothing.
        many = total > 1
        variance = mean_target * (1 - mean_target) / np.where(many, total - 1, 1.0)
        sq_gap = np.where(many, sq_gap - variance, 0.0)
    return (bin_weight * sq_gap).sum(axis=-1)


def calibration_error_from_bins(bins, norm="l1", debias=False):
    """Combine the columns' errors: mean (L1), root mean square (L2) or max.

    A debiased squared error may be negative; each column's is clipped at 0
    before the mean, as Kumar et al. (2019) do per class.
    """
    per_column = errors_from_bins(
        bins.total, bins.sum_conf, bins.sum_target, norm=norm, debias=debias
    )
    if norm == "max":
        return float(per_column.max())
    if norm == "l1":
        return float(per_column.mean())
    return float(np.sqrt(np.maximum(per_column, 0.0).mean()))


def _binned_error(target, n_bins, strategy, norm, multiclass, debias=False):
    conf, outcome = target.columns(multiclass)
    bins = bin_columns(conf, outcome, target.sample_weight, n_bins, strategy)
    return calibration_error_from_bins(bins, norm, debias)


@validate_params(
    {
        **TARGET_CONSTRAINTS,
        **BINNING_CONSTRAINTS,
        **MULTICLASS_CONSTRAINT,
        "norm": [StrOptions({"l1", "l2", "max"})],
        "debias": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def expected_calibration_error(
    y_true,
    y_prob,
    *,
    n_bins=15,
    strategy="uniform",
    norm="l1",
    multiclass="top_label",
    debias=False,
    sample_weight=None,
    labels=None,
):
    r"""Expected calibration error (ECE) of predicted probabilities.

    The predictions are split into ``n_bins`` bins. In bin :math:`b`, with
    total weight :math:`W_b` (the number of samples without weights), let
    :math:`\bar y_b` be the weighted fraction of positives and :math:`\bar p_b`
    the weighted mean predicted probability. With :math:`W = \sum_b W_b`:

    .. math::

        \mathrm{ECE}_{\ell_1} &= \sum_b \frac{W_b}{W}\,|\bar y_b - \bar p_b|,
        \qquad
        \mathrm{ECE}_{\max} = \max_b |\bar y_b - \bar p_b|,\\
        \mathrm{ECE}_{\ell_2} &= \Big(\sum_b \frac{W_b}{W}
            (\bar y_b - \bar p_b)^2\Big)^{1/2}.

    Bins are closed on the right, as in
    :func:`sklearn.calibration.calibration_curve`: bin :math:`b` holds
    :math:`e_b < p \le e_{b+1}`, a probability of 0 falls in the first bin and
    a probability of exactly 1.0 in the last. Empty bins are skipped. So the
    unweighted binary ECE with ``strategy="uniform"`` equals
    ``sum(counts * abs(prob_true - prob_pred)) / n`` for the
    ``calibration_curve`` of the same ``n_bins``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels: 0/1 for binary problems; for multiclass problems the
        classes whose order ``labels`` gives (default: sorted).
    y_prob : array-like of shape (n_samples,) or (n_samples, n_classes)
        Predicted probabilities. Binary problems: the probability of the
        positive class, or two columns (the second is used, as for
        ``calibration_curve``). Multiclass: one column per class, each row
        summing to 1.
    n_bins : int, default=15
        Number of bins, at least 1.
    strategy : {"uniform", "quantile"}, default="uniform"
        ``"uniform"``: equal-width bins on [0, 1]. ``"quantile"``: edges at the
        quantiles of the predictions, so bins hold about the same weight:
        numpy's ``method="averaged_inverted_cdf"`` (the rule of
        :class:`~sklearn.preprocessing.KBinsDiscretizer`), weighted by
        ``sample_weight``. Unlike the linear percentiles of
        ``calibration_curve``, it depends on the weights only through their
        distribution: scaling them changes nothing, and integer weights bin
        as repeated rows.
    norm : {"l1", "l2", "max"}, default="l1"
        How the per-bin gaps are combined (formulas above).
    multiclass : {"top_label", "classwise"}, default="top_label"
        Multiclass reduction. ``"top_label"``: the confidence of the predicted
        class against whether it is correct (Guo et al., 2017).
        ``"classwise"``: each class one-vs-rest with its own bins; the per-class
        errors :math:`E_k` are combined as :math:`\frac1K\sum_k E_k` (``"l1"``),
        :math:`(\frac1K\sum_k E_k^2)^{1/2}` (``"l2"``) or :math:`\max_k E_k`
        (``"max"``), the marginal calibration error of Kumar et al. (2019).
        Ignored for binary problems.
    debias : bool, default=False
        Only with ``norm="l2"``: the bias-corrected estimator of Kumar et al.
        (2019). The plug-in squared gap over-estimates the squared calibration
        error by the variance of :math:`\bar y_b`; the estimator subtracts it,

        .. math::

            \widehat{\mathrm{ECE}^2} = \sum_b \frac{W_b}{W}\Big[(\bar y_b -
            \bar p_b)^2 - \frac{\bar y_b (1 - \bar y_b)}{W_b - 1}\Big],

        where bins with :math:`W_b \le 1` contribute 0, and returns
        :math:`\max(\widehat{\mathrm{ECE}^2}, 0)^{1/2}`; with
        ``multiclass="classwise"``, each class's estimate is clipped at 0
        before the mean over classes, :math:`(\frac1K\sum_k
        \max(\widehat{E_k^2}, 0))^{1/2}`, as in Kumar et al. Weights are
        frequency weights (a weight of 2 counts as two samples), so unlike
        the other estimates this one depends on their scale: weights summing
        to 1 are one sample's worth of evidence.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative sample weights.
    labels : array-like of shape (n_classes,), default=None
        The classes, in the order of the columns of ``y_prob`` (for 1-D binary
        ``y_prob``: ``[negative, positive]``). Needed when ``y_true`` misses a
        class or is not 0/1 for binary problems; scorers pass
        ``estimator.classes_``.

    Returns
    -------
    float
        The calibration error, in [0, 1]; 0 is perfect calibration.

    See Also
    --------
    maximum_calibration_error : The ``norm="max"`` case.
    smooth_expected_calibration_error : A binning-free calibration error.
    sklearn.calibration.calibration_curve : The per-bin values.

    Notes
    -----
    One vectorised pass, no Python loop over samples or bins: bin indices
    are exactly those of ``np.searchsorted(edges[1:-1], p)`` (for large inputs
    through a 4096-cell lookup table that searches only the values in cells
    holding an edge), then ``np.bincount`` sums counts, predictions and
    outcomes per bin. Unweighted ``"quantile"`` edges equal
    ``np.percentile(p, q, method="averaged_inverted_cdf")`` bit for bit where
    numpy's cuts are exact (for large inputs only the cells holding the
    needed order statistics are sorted). Classwise binning offsets each
    class's bins and uses a single ``bincount``.

    References
    ----------
    .. [1] C. Guo, G. Pleiss, Y. Sun, K. Q. Weinberger, "On Calibration of Modern
       Neural Networks", ICML 2017.
    .. [2] A. Kumar, P. Liang, T. Ma, "Verified Uncertainty Calibration",
       NeurIPS 2019.

    Examples
    --------
    >>> from sklearn_losses.metrics import expected_calibration_error
    >>> y_true = [0, 0, 1, 1]
    >>> y_prob = [0.1, 0.4, 0.6, 0.9]
    >>> round(expected_calibration_error(y_true, y_prob, n_bins=2), 6)
    0.25
    >>> round(expected_calibration_error(y_true, y_prob, n_bins=2, norm="max"), 6)
    0.25
    """
    if debias and norm != "l2":
        raise ValueError(
            f"debias=True is the bias-corrected L2 estimator; use norm='l2' "
            f"(got norm={norm!r})."
        )
    target = check_target(y_true, y_prob, sample_weight, labels)
    return _binned_error(target, n_bins, strategy, norm, multiclass, debias)


@validate_params(
    {**TARGET_CONSTRAINTS, **BINNING_CONSTRAINTS, **MULTICLASS_CONSTRAINT},
    prefer_skip_nested_validation=True,
)
def maximum_calibration_error(
    y_true,
    y_prob,
    *,
    n_bins=15,
    strategy="uniform",
    multiclass="top_label",
    sample_weight=None,
    labels=None,
):
    r"""Maximum calibration error (MCE): the largest gap over non-empty bins.

    .. math::

        \mathrm{MCE} = \max_{b:\,W_b > 0} |\bar y_b - \bar p_b|,

    with the bins and notation of :func:`expected_calibration_error` (this is
    its ``norm="max"`` case). With ``multiclass="classwise"`` the maximum is
    also taken over classes.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels (see :func:`expected_calibration_error`).
    y_prob : array-like of shape (n_samples,) or (n_samples, n_classes)
        Predicted probabilities.
    n_bins : int, default=15
        Number of bins, at least 1.
    strategy : {"uniform", "quantile"}, default="uniform"
        Equal-width bins or bins at the quantiles of the predictions.
    multiclass : {"top_label", "classwise"}, default="top_label"
        Multiclass reduction; ignored for binary problems.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative sample weights.
    labels : array-like of shape (n_classes,), default=None
        The classes in the column order of ``y_prob``.

    Returns
    -------
    float
        The largest bin gap, in [0, 1].

    See Also
    --------
    expected_calibration_error : The bin-weighted average gap.

    Examples
    --------
    >>> from sklearn_losses.metrics import maximum_calibration_error
    >>> y_true = [0, 1, 1, 1]
    >>> y_prob = [0.1, 0.3, 0.8, 0.9]
    >>> round(maximum_calibration_error(y_true, y_prob, n_bins=2), 6)
    0.3
    """
    target = check_target(y_true, y_prob, sample_weight, labels)
    return _binned_error(target, n_bins, strategy, "max", multiclass)
