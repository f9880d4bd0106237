"""Binned and smooth calibration errors."""

import numpy as np

from ._base import (
    MULTICLASS,
    NORMS,
    STRATEGIES,
    binned_columns,
    check_n_bins,
    check_option,
    check_target,
)


def _columns(target, multiclass):
    """Return (conf, outcome) of shape (n, C) for the requested reduction."""
    if target.is_binary or multiclass == "top_label":
        confidence, outcome = target.confidence_and_outcome()
        return confidence[:, None], outcome[:, None]
    return target.y_prob, target.one_hot()


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

        \mathrm{ECE}_{\ell_1} = \sum_b \frac{W_b}{W}\,|\bar y_b - \bar p_b|,
        \qquad
        \mathrm{ECE}_{\ell_2} = \Big(\sum_b \frac{W_b}{W}
            (\bar y_b - \bar p_b)^2\Big)^{1/2},
        \qquad
        \mathrm{ECE}_{\max} = \max_b |\bar y_b - \bar p_b|.

    Bins are closed on the right, as in
    :func:`sklearn.calibration.calibration_curve`: bin :math:`b` holds
    :math:`e_b < p \le e_{b+1}`, a probability of 0 falls in the first bin and
    a probability of exactly 1.0 in the last. Empty bins are skipped. So the
    unweighted binary ECE equals
    ``sum(counts * abs(prob_true - prob_pred)) / n`` for the
    ``calibration_curve`` of the same ``n_bins`` and ``strategy``.

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
        quantiles of the predictions (weighted quantiles with
        ``sample_weight``), so bins hold about the same number of samples.
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
        :math:`\max(\widehat{\mathrm{ECE}^2}, 0)^{1/2}`. Weights are treated
        as frequency weights (a weight of 2 counts as two samples).
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
    smooth_ece : A binning-free calibration error.
    sklearn.calibration.calibration_curve : The per-bin values.

    Notes
    -----
    One vectorised pass, no Python loop over samples or bins: bin indices
    are exactly those of ``np.searchsorted(edges[1:-1], p)`` (for large inputs
    through a 4096-cell lookup table that searches only the values in cells
    holding an edge), then ``np.bincount`` sums counts, predictions and
    outcomes per bin. ``"quantile"`` edges equal ``np.percentile``'s bit for
    bit (for large inputs only the cells holding the needed order statistics
    are sorted). Classwise binning offsets each class's bins and uses a
    single ``bincount``.

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
    check_n_bins(n_bins)
    check_option(strategy, "strategy", STRATEGIES)
    check_option(norm, "norm", NORMS)
    check_option(multiclass, "multiclass", MULTICLASS)
    if not isinstance(debias, (bool, np.bool_)):
        raise ValueError(f"debias must be True or False; got {debias!r}.")
    if debias and norm != "l2":
        raise ValueError(
            f"debias=True is the bias-corrected L2 estimator; use norm='l2' "
            f"(got norm={norm!r})."
        )
    target = check_target(y_true, y_prob, sample_weight, labels)
    conf, outcome = _columns(target, multiclass)
    total, sum_conf, sum_target, _ = binned_columns(
        conf, outcome, target.sample_weight, n_bins, strategy
    )
    per_column = errors_from_bins(total, sum_conf, sum_target, norm=norm, debias=debias)
    if norm == "max":
        return float(per_column.max())
    if norm == "l1":
        return float(per_column.mean())
    return float(np.sqrt(max(per_column.mean(), 0.0)))


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
    return expected_calibration_error(
        y_true,
        y_prob,
        n_bins=n_bins,
        strategy=strategy,
        norm="max",
        multiclass=multiclass,
        sample_weight=sample_weight,
        labels=labels,
    )


# --------------------------------------------------------------------------
# Smooth ECE (Blasiok and Nakkiran, 2023)
# --------------------------------------------------------------------------
_SMECE_MIN_SIGMA = 1e-3  # the bandwidth floor of relplot
_SMECE_BASE_GRID = 200
_SMECE_POINTS_PER_SIGMA = 20  # grid spacing at most sigma / 20


def _grid_size(sigma):
    """Grid points so that the spacing is at most sigma / 20 (200 * 2**k + 1)."""
    m = _SMECE_BASE_GRID
    while m < _SMECE_POINTS_PER_SIGMA / sigma:
        m *= 2
    return m + 1


def _deposit_on_grid(f, mass, m):
    """Split each point mass linearly between its two neighbouring grid points."""
    frac = f * (m - 1)
    lower = frac.astype(np.intp)
    np.minimum(lower, m - 2, out=lower)
    frac -= lower
    upper_mass = frac
    upper_mass *= mass  # few large temporaries: this is the O(n) part
    grid = np.bincount(lower, weights=mass, minlength=m)
    upper = np.bincount(lower, weights=upper_mass, minlength=m)
    grid -= upper
    grid[1:] += upper[:-1]
    return grid


def _smoothed_abs_integral(grid_mass, sigma):
    """Integral over [0, 1] of |residual mass smoothed by the reflected kernel|.

    Reflecting at 0 and 1 is a periodic convolution on [-1, 1): mirror the
    masses to [-1, 0), wrap with period 2, and convolve (by FFT) with the
    Gaussian summed over its period-2 images. This is the reflected kernel
    with all its reflections, for any bandwidth.
    """
    m = len(grid_mass)
    h = 1.0 / (m - 1)
    period = 2 * (m - 1)
    mirrored = np.concatenate([grid_mass, grid_mass[-2:0:-1]])
    offsets = np.arange(period) * h
    images = offsets[:, None] + 2.0 * np.arange(-3, 4)  # sigma <= 1: 3 suffice
    kernel = np.exp(-0.5 * (images / sigma) ** 2).sum(axis=1)
    kernel /= sigma * np.sqrt(2 * np.pi)
    smoothed = np.fft.irfft(np.fft.rfft(mirrored) * np.fft.rfft(kernel), n=period)
    values = np.abs(smoothed[:m])
    return h * (values.sum() - 0.5 * (values[0] + values[-1]))


def _restrict(grid_mass):
    """The same masses split between the points of a grid twice as coarse.

    The coarse grid's hat functions are sums of the fine ones (weights 1/2, 1,
    1/2), so this equals depositing the samples on the coarse grid directly.
    """
    coarse = grid_mass[::2].copy()
    coarse[:-1] += 0.5 * grid_mass[1::2]
    coarse[1:] += 0.5 * grid_mass[1::2]
    return coarse


def _smooth_ece_and_sigma(f, residual_mass, *, tol=1e-5):
    # One pass over the samples, on the finest grid the search can need;
    # coarser grids (for wider kernels) are restricted from it.
    finest = _grid_size(_SMECE_MIN_SIGMA)
    grids = {finest: _deposit_on_grid(f, residual_mass, finest)}

    def sm_ece(sigma):
        m = _grid_size(sigma)
        if m not in grids:
            size = min(s for s in grids if s > m)  # restrict the nearest finer grid
            while size > m:
                grids[(size - 1) // 2 + 1] = _restrict(grids[size])
                size = (size - 1) // 2 + 1
        return _smoothed_abs_integral(grids[m], sigma)

    lo, hi = _SMECE_MIN_SIGMA, 1.0
    value_lo = sm_ece(lo)
    if value_lo <= lo:
        return value_lo, lo
    value_hi = sm_ece(hi)
    # smECE_sigma decreases in sigma: bisect for the fixed point smECE = sigma,
    # keeping smECE(lo) > lo and smECE(hi) <= hi.
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        value = sm_ece(mid)
        if value > mid:
            lo = mid
        else:
            hi, value_hi = mid, value
    return value_hi, hi


def smooth_ece(
    y_true, y_prob, *, sample_weight=None, labels=None, return_bandwidth=False
):
    r"""Smooth expected calibration error (smECE) of Blasiok and Nakkiran.

    The residuals :math:`y_i - p_i` are smoothed over the predictions with a
    Gaussian kernel of width :math:`\sigma` reflected at 0 and 1, and the
    absolute smoothed residual is integrated over [0, 1]:

    .. math::

        \mathrm{smECE}_\sigma = \int_0^1 \Big|\sum_i w_i K_\sigma(t, p_i)
            (y_i - p_i)\Big|\,dt,
        \qquad
        K_\sigma(t, p) = \sum_{k\in\mathbb Z} \phi_\sigma(t - p + 2k)
            + \phi_\sigma(t + p + 2k),

    with weights :math:`w_i` summing to 1 and :math:`\phi_\sigma` the normal
    density. The bandwidth is the fixed point :math:`\sigma^*` with
    :math:`\mathrm{smECE}_{\sigma^*} = \sigma^*` (found by bisection on
    :math:`[10^{-3}, 1]`, as the ``relplot`` package does), and the result is
    :math:`\mathrm{smECE}_{\sigma^*}`. No bins, so no bin-edge effects; it is a
    consistent calibration measure.

    Computed on a regular grid of at least 201 points with spacing at most
    :math:`\sigma/20`: each residual is split linearly between its two
    neighbouring grid points (one pass of ``bincount``, on the finest grid,
    coarser grids derived from it), then the grid is mirrored about 0 and
    convolved periodically (period 2, by FFT) with the Gaussian summed over
    its images, which is exactly the kernel above with all its reflections.
    The search costs nothing more per sample.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels (0/1 for binary problems).
    y_prob : array-like of shape (n_samples,) or (n_samples, n_classes)
        Predicted probabilities. Multiclass inputs are reduced to top-label
        confidence against correctness.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative sample weights.
    labels : array-like of shape (n_classes,), default=None
        The classes in the column order of ``y_prob``.
    return_bandwidth : bool, default=False
        Also return the bandwidth :math:`\sigma^*`.

    Returns
    -------
    float or (float, float)
        The smooth ECE in [0, 1] (and the bandwidth).

    References
    ----------
    .. [1] J. Blasiok, P. Nakkiran, "Smooth ECE: Principled Reliability Diagrams
       via Kernel Smoothing", ICLR 2024.

    Examples
    --------
    A constant prediction of 0.5 with 30% positives is off by 0.2 everywhere:

    >>> from sklearn_losses.metrics import smooth_ece
    >>> y_true = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    >>> round(smooth_ece(y_true, [0.5] * 10), 3)
    0.2
    """
    target = check_target(y_true, y_prob, sample_weight, labels)
    conf, outcome = target.confidence_and_outcome()
    residual = outcome - conf
    if target.sample_weight is None:
        residual /= len(conf)
    else:
        residual *= target.sample_weight / target.sample_weight.sum()
    value, sigma = _smooth_ece_and_sigma(conf, residual)
    if return_bandwidth:
        return float(value), float(sigma)
    return float(value)
