"""Smooth expected calibration error (Blasiok and Nakkiran, 2023)."""

import numpy as np
from sklearn.utils import deprecated
from sklearn.utils._param_validation import validate_params

from ._validation import TARGET_CONSTRAINTS, check_target

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
    with all its reflections, for any bandwidth. A node at 0 or 1 is its own
    mirror image, so it carries its mass twice (the kernel of a point at 0
    is ``2 * phi(t)``): every mass then weighs 1 on [0, 1].
    """
    m = len(grid_mass)
    h = 1.0 / (m - 1)
    period = 2 * (m - 1)
    mirrored = np.concatenate([grid_mass, grid_mass[-2:0:-1]])
    mirrored[0] *= 2.0
    mirrored[m - 1] *= 2.0
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
    # The kernel integrates to 1 on [0, 1]: smECE_sigma <= sum |residual| for
    # every sigma, so a small total puts the fixed point below the floor.
    if np.abs(residual_mass).sum() <= lo:
        return sm_ece(lo), lo
    value_hi = sm_ece(hi)
    # smECE_sigma decreases in sigma: bisect for the fixed point smECE = sigma,
    # keeping smECE(hi) <= hi and, once lo moved, smECE(lo) > lo.
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        value = sm_ece(mid)
        if value > mid:
            lo = mid
        else:
            hi, value_hi = mid, value
    if lo == _SMECE_MIN_SIGMA:
        # only now the finest grid: the fixed point may lie below the floor
        value_lo = sm_ece(lo)
        if value_lo <= lo:
            return value_lo, lo
    return value_hi, hi


def smooth_ece_from_residuals(conf, outcome, sample_weight):
    """Return (smECE, bandwidth) of 1-D confidences and 0/1 outcomes."""
    residual = outcome - conf
    if sample_weight is None:
        residual /= len(conf)
    else:
        residual *= sample_weight / sample_weight.sum()
    value, sigma = _smooth_ece_and_sigma(conf, residual)
    return float(value), float(sigma)


@validate_params(
    {**TARGET_CONSTRAINTS, "return_bandwidth": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def smooth_expected_calibration_error(
    y_true, y_prob, *, sample_weight=None, labels=None, return_bandwidth=False
):
    r"""Smooth expected calibration error of Blasiok and Nakkiran (smECE).

    The residuals :math:`y_i - p_i` are smoothed over the predictions with a
    Gaussian kernel of width :math:`\sigma` reflected at 0 and 1, and the
    absolute smoothed residual is integrated over [0, 1]:

    .. math::

        \mathrm{smECE}_\sigma = \int_0^1 \Big|\sum_i w_i K_\sigma(t, p_i)
            (y_i - p_i)\Big|\,dt,

        K_\sigma(t, p) = \sum_{k\in\mathbb Z} \phi_\sigma(t - p + 2k)
            + \phi_\sigma(t + p + 2k),

    with weights :math:`w_i` summing to 1 and :math:`\phi_\sigma` the normal
    density. The kernel integrates to 1 over [0, 1] wherever :math:`p` lies:
    a prediction of exactly 0 or 1 counts fully (its kernel is
    :math:`2\phi_\sigma(t)` near the end), so a single wrong prediction of
    1.0 has a smooth ECE of 1. The bandwidth is the fixed point
    :math:`\sigma^*` with
    :math:`\mathrm{smECE}_{\sigma^*} = \sigma^*` (found by bisection on
    :math:`[10^{-3}, 1]`, as the ``relplot`` package does), and the result is
    :math:`\mathrm{smECE}_{\sigma^*}`. No bins, so no bin-edge effects; it is a
    consistent calibration measure. The paper and its ``relplot`` package call
    it "smooth ECE" (smECE); it is not the "smooth calibration error" of
    Blasiok, Gopalan, Hu and Nakkiran (2023), a supremum over Lipschitz
    weightings.

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

    See Also
    --------
    expected_calibration_error : The binned calibration error.

    References
    ----------
    .. [1] J. Blasiok, P. Nakkiran, "Smooth ECE: Principled Reliability Diagrams
       via Kernel Smoothing", ICLR 2024.

    Examples
    --------
    A constant prediction of 0.5 with 30% positives is off by 0.2 everywhere:

    >>> from sklearn_losses.metrics import smooth_expected_calibration_error
    >>> y_true = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    >>> round(smooth_expected_calibration_error(y_true, [0.5] * 10), 3)
    0.2
    """
    target = check_target(y_true, y_prob, sample_weight, labels)
    conf, outcome = target.confidence_and_outcome()
    value, sigma = smooth_ece_from_residuals(conf, outcome, target.sample_weight)
    return (value, sigma) if return_bandwidth else value


@deprecated(
    "it was renamed smooth_expected_calibration_error and will be removed in "
    "the next release"
)
def smooth_ece(
    y_true, y_prob, *, sample_weight=None, labels=None, return_bandwidth=False
):
    """Deprecated alias of :func:`smooth_expected_calibration_error`.

    Parameters
    ----------
    y_true, y_prob, sample_weight, labels, return_bandwidth
        As in :func:`smooth_expected_calibration_error`.

    Returns
    -------
    float or (float, float)
        The value of :func:`smooth_expected_calibration_error`.

    Examples
    --------
    >>> import warnings
    >>> from sklearn_losses.metrics import smooth_ece
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     value = smooth_ece([1, 0], [0.5, 0.5])
    >>> caught[0].category.__name__
    'FutureWarning'
    """
    return smooth_expected_calibration_error(
        y_true,
        y_prob,
        sample_weight=sample_weight,
        labels=labels,
        return_bandwidth=return_bandwidth,
    )
