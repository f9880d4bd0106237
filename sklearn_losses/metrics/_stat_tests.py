"""Goodness-of-fit tests of calibration: Hosmer-Lemeshow and Spiegelhalter."""

from numbers import Integral
from typing import NamedTuple

import numpy as np
from scipy import stats
from sklearn.utils._param_validation import validate_params

from .._constraints import Count
from ._binning import bin_columns
from ._validation import BINNING_CONSTRAINTS, TARGET_CONSTRAINTS, check_target


class HosmerLemeshowResult(NamedTuple):
    """Result of :func:`hosmer_lemeshow_test`."""

    statistic: float
    """The Hosmer-Lemeshow chi-squared statistic."""
    pvalue: float
    """P-value under the chi-squared distribution with ``n_groups - 2`` dof."""


class SpiegelhalterResult(NamedTuple):
    """Result of :func:`spiegelhalter_test`."""

    statistic: float
    """Spiegelhalter's standard normal Z statistic."""
    pvalue: float
    """Two-sided p-value."""


class UndefinedStatisticError(ValueError):
    """A test statistic that the data cannot define; the message says why.

    ``reason`` is the short form :func:`calibration_report` shows.
    """

    def __init__(self, message, reason):
        super().__init__(message)
        self.reason = reason


def hosmer_lemeshow_from_bins(bins):
    """Hosmer-Lemeshow test of one column of ``bins``; empty groups dropped."""
    keep = bins.total[0] > 0
    total = bins.total[0][keep]
    expected, observed = bins.sum_conf[0][keep], bins.sum_target[0][keep]
    n_groups = len(total)
    if n_groups < 3:
        raise UndefinedStatisticError(
            "The Hosmer-Lemeshow test is not defined: it needs at least 3 "
            f"non-empty groups (G - 2 degrees of freedom) and the predictions "
            f"fill only {n_groups} (too few distinct predicted probabilities).",
            f"Hosmer-Lemeshow: the predictions fill {n_groups} "
            f"group{'' if n_groups == 1 else 's'}, the test needs 3",
        )
    variance = expected * (1 - expected / total)
    diff = observed - expected
    # A zero-variance group is either a perfect match (adds 0) or impossible.
    zero_var = variance <= 0
    # diff * (diff / variance): no overflow for weights near the float limit;
    # a term beyond the float range (a subnormal variance) is infinite.
    with np.errstate(over="ignore"):
        safe_variance = np.where(zero_var, 1.0, variance)
        terms = np.where(zero_var, 0.0, diff * (diff / safe_variance))
        terms = np.where(zero_var & (diff != 0), np.inf, terms)
        statistic = float(terms.sum())
    return HosmerLemeshowResult(
        statistic, float(stats.chi2.sf(statistic, n_groups - 2))
    )


def spiegelhalter_from_arrays(p, y, sample_weight):
    """Spiegelhalter's Z test of binary probabilities ``p`` and 0/1 ``y``."""
    w = np.ones_like(p) if sample_weight is None else sample_weight
    slope = 1 - 2 * p
    numerator = np.sum(w * (y - p) * slope)
    variance = np.sum(w * slope**2 * p * (1 - p))
    if not variance > 0:
        raise UndefinedStatisticError(
            "Spiegelhalter's test is not defined: every prediction of positive "
            "weight is 0, 0.5 or 1, so the statistic has zero variance.",
            "Spiegelhalter: every prediction is 0, 0.5 or 1 (zero variance)",
        )
    statistic = float(numerator / np.sqrt(variance))
    return SpiegelhalterResult(statistic, float(2 * stats.norm.sf(abs(statistic))))


@validate_params(
    {
        **TARGET_CONSTRAINTS,
        **BINNING_CONSTRAINTS,
        # the test has n_bins - 2 degrees of freedom
        "n_bins": [Count(Integral, 3, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def hosmer_lemeshow_test(
    y_true, y_prob, *, n_bins=10, strategy="quantile", sample_weight=None, labels=None
):
    r"""Hosmer-Lemeshow goodness-of-fit test of binary probabilities.

    The samples are grouped by predicted probability (deciles of risk by
    default, with the right-closed bins of
    :func:`~sklearn.calibration.calibration_curve`; empty groups are dropped).
    In group :math:`g` with total weight :math:`n_g`, observed positives
    :math:`O_g = \sum_{i\in g} w_i y_i` and expected positives
    :math:`E_g = \sum_{i\in g} w_i p_i`:

    .. math::

        H = \sum_g \frac{(O_g - E_g)^2}{E_g (1 - E_g / n_g)},

    compared with a :math:`\chi^2` distribution with :math:`G - 2` degrees of
    freedom, :math:`G` the number of non-empty groups. A group whose
    predictions are all 0 or all 1 adds 0 if it matches its labels and
    infinity otherwise. The weights are frequency weights: the groups do not
    depend on their scale, and scaling them by :math:`c` scales :math:`H` by
    :math:`c`.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True 0/1 labels (or two classes listed in ``labels``).
    y_prob : array-like of shape (n_samples,) or (n_samples, 2)
        Predicted probability of the positive class, whose groups are tested.
    n_bins : int, default=10
        Number of groups, at least 3.
    strategy : {"quantile", "uniform"}, default="quantile"
        Groups at quantiles of the predictions (the classical test) or of
        equal width.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative frequency weights.
    labels : array-like of shape (2,), default=None
        ``[negative, positive]`` classes.

    Returns
    -------
    HosmerLemeshowResult
        Named tuple ``(statistic, pvalue)``. A small p-value is evidence of
        miscalibration.

    Raises
    ------
    ValueError
        When the predictions fill fewer than 3 groups (too few distinct
        values): the test has no degrees of freedom.

    References
    ----------
    .. [1] D. W. Hosmer, S. Lemeshow, "Goodness of fit tests for the multiple
       logistic regression model", Communications in Statistics, 1980.

    Examples
    --------
    >>> from sklearn_losses.metrics import hosmer_lemeshow_test
    >>> y_true = [0, 0, 1, 0, 1, 1]
    >>> y_prob = [0.2, 0.2, 0.5, 0.5, 0.8, 0.8]
    >>> res = hosmer_lemeshow_test(y_true, y_prob, n_bins=3)
    >>> round(res.statistic, 4), round(res.pvalue, 4)
    (1.0, 0.3173)
    """
    target = check_target(y_true, y_prob, sample_weight, labels, binary_only=True)
    conf, outcome = target.columns()
    return hosmer_lemeshow_from_bins(
        bin_columns(conf, outcome, target.sample_weight, n_bins, strategy)
    )


@validate_params(TARGET_CONSTRAINTS, prefer_skip_nested_validation=True)
def spiegelhalter_test(y_true, y_prob, *, sample_weight=None, labels=None):
    r"""Spiegelhalter's Z test of binary probabilities.

    The Brier score's deviation from its expectation under perfect calibration,
    standardised:

    .. math::

        Z = \frac{\sum_i w_i (y_i - p_i)(1 - 2 p_i)}
                 {\sqrt{\sum_i w_i (1 - 2p_i)^2 p_i (1 - p_i)}},

    standard normal under calibration; the p-value is two-sided. When the
    variance is 0 (every prediction is 0, 0.5 or 1) the test is not defined
    and a ``ValueError`` says so. The weights are frequency weights: scaling
    them by :math:`c` scales :math:`Z` by :math:`\sqrt{c}`.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True 0/1 outcomes (or two classes listed in ``labels``).
    y_prob : array-like of shape (n_samples,) or (n_samples, 2)
        Predicted probability of the positive class; binary problems only.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative frequency weights :math:`w_i`.
    labels : array-like of shape (2,), default=None
        ``[negative, positive]``: the classes of ``y_true``.

    Returns
    -------
    SpiegelhalterResult
        Named tuple ``(statistic, pvalue)``.

    Raises
    ------
    ValueError
        When every prediction of positive weight is 0, 0.5 or 1: the
        statistic's variance is 0.

    References
    ----------
    .. [1] D. J. Spiegelhalter, "Probabilistic prediction in patient management
       and clinical trials", Statistics in Medicine, 1986.

    Examples
    --------
    >>> from sklearn_losses.metrics import spiegelhalter_test
    >>> res = spiegelhalter_test([0, 1, 1, 0], [0.2, 0.7, 0.9, 0.4])
    >>> round(res.statistic, 4), round(res.pvalue, 4)
    (-1.005, 0.3149)
    """
    target = check_target(y_true, y_prob, sample_weight, labels, binary_only=True)
    return spiegelhalter_from_arrays(target.y_prob, target.y, target.sample_weight)
