"""All calibration metrics of a set of predictions in one table."""

import numpy as np
from sklearn.metrics import log_loss

from ._base import STRATEGIES, check_n_bins, check_option, check_target
from ._brier import brier_decomposition, brier_score
from ._calibration import expected_calibration_error, smooth_ece
from ._stat_tests import hosmer_lemeshow_test, spiegelhalter_test

_BINARY = np.array([0, 1])


def _binary_report(y, p, sample_weight, n_bins, strategy):
    """Every binary metric of 0/1 labels ``y`` and probabilities ``p``."""
    binned = {"n_bins": n_bins, "strategy": strategy, "sample_weight": sample_weight}
    decomposition = brier_decomposition(y, p, **binned)
    try:
        hl = hosmer_lemeshow_test(y, p, sample_weight=sample_weight)
    except ValueError:  # fewer than 3 distinct groups of predictions
        hl = (np.nan, np.nan)
    spiegelhalter = spiegelhalter_test(y, p, sample_weight=sample_weight)
    weight = len(y) if sample_weight is None else float(np.sum(sample_weight))
    return {
        "n_samples": float(weight),
        "base_rate": float(np.average(y, weights=sample_weight)),
        "mean_prediction": float(np.average(p, weights=sample_weight)),
        "log_loss": float(log_loss(y, p, sample_weight=sample_weight, labels=_BINARY)),
        "brier_score": brier_score(y, p, sample_weight=sample_weight),
        "ece": expected_calibration_error(y, p, **binned),
        "ece_l2": expected_calibration_error(y, p, norm="l2", **binned),
        "ece_l2_debiased": expected_calibration_error(
            y, p, norm="l2", debias=True, **binned
        ),
        "mce": expected_calibration_error(y, p, norm="max", **binned),
        "smooth_ece": smooth_ece(y, p, sample_weight=sample_weight),
        "reliability": decomposition.reliability,
        "resolution": decomposition.resolution,
        "uncertainty": decomposition.uncertainty,
        "within_bin_variance": decomposition.within_bin_variance,
        "within_bin_covariance": decomposition.within_bin_covariance,
        "hosmer_lemeshow_statistic": float(hl[0]),
        "hosmer_lemeshow_pvalue": float(hl[1]),
        "spiegelhalter_statistic": spiegelhalter.statistic,
        "spiegelhalter_pvalue": spiegelhalter.pvalue,
    }


def calibration_report(
    y_true, y_prob, *, n_bins=15, strategy="uniform", sample_weight=None, labels=None
):
    """All the calibration metrics of this module in one pandas table.

    Binary problems give a :class:`pandas.Series` with: ``n_samples`` (total
    weight), ``base_rate``, ``mean_prediction``, ``log_loss``, ``brier_score``,
    ``ece`` (L1), ``ece_l2``, ``ece_l2_debiased``, ``mce``, ``smooth_ece``,
    the :func:`brier_decomposition` terms (``reliability``, ``resolution``,
    ``uncertainty``, ``within_bin_variance``, ``within_bin_covariance``), and
    ``hosmer_lemeshow_statistic``/``_pvalue`` (deciles of risk; NaN when the
    predictions fill fewer than 3 groups) and
    ``spiegelhalter_statistic``/``_pvalue``.

    Multiclass problems give a :class:`pandas.DataFrame` with the same
    columns and one row per binary reduction: ``"top_label"`` (confidence of
    the predicted class against its correctness) and one row per class
    (one-vs-rest: that class's probability against membership). The
    multiclass ``log_loss``, ``brier_score`` and classwise ECE of the whole
    prediction are in ``DataFrame.attrs``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_prob : array-like of shape (n_samples,) or (n_samples, n_classes)
        Predicted probabilities.
    n_bins : int, default=15
        Number of bins of the binned metrics (the Hosmer-Lemeshow test always
        uses deciles).
    strategy : {"uniform", "quantile"}, default="uniform"
        Binning strategy of the binned metrics.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative sample weights.
    labels : array-like of shape (n_classes,), default=None
        The classes in the column order of ``y_prob``.

    Returns
    -------
    pandas.Series or pandas.DataFrame
        The report.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.metrics import calibration_report
    >>> rng = np.random.default_rng(0)
    >>> y_prob = rng.uniform(size=500)
    >>> y_true = (rng.uniform(size=500) < y_prob).astype(int)
    >>> report = calibration_report(y_true, y_prob, n_bins=10)
    >>> report[["brier_score", "ece", "smooth_ece"]].round(3).tolist()
    [0.163, 0.047, 0.034]
    """
    import pandas as pd

    check_n_bins(n_bins)
    check_option(strategy, "strategy", STRATEGIES)
    target = check_target(y_true, y_prob, sample_weight, labels)
    sw = target.sample_weight
    if target.is_binary:
        report = _binary_report(target.y, target.y_prob, sw, n_bins, strategy)
        return pd.Series(report, name="calibration")

    confidence, correct = target.top_label()
    rows = {"top_label": _binary_report(correct, confidence, sw, n_bins, strategy)}
    onehot = target.one_hot()
    for k, label in enumerate(target.classes):
        rows[f"class {label}"] = _binary_report(
            onehot[:, k], target.y_prob[:, k], sw, n_bins, strategy
        )
    frame = pd.DataFrame.from_dict(rows, orient="index")
    # target.y holds column indices, whatever the original class labels.
    columns = np.arange(len(target.classes))
    frame.attrs["log_loss"] = float(
        log_loss(target.y, target.y_prob, sample_weight=sw, labels=columns)
    )
    frame.attrs["brier_score"] = brier_score(
        target.y, target.y_prob, sample_weight=sw, labels=columns
    )
    frame.attrs["ece_classwise"] = expected_calibration_error(
        target.y,
        target.y_prob,
        n_bins=n_bins,
        strategy=strategy,
        multiclass="classwise",
        sample_weight=sw,
        labels=columns,
    )
    return frame
