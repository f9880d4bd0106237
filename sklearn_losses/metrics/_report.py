"""All calibration metrics of a set of predictions in one table.

The report validates its input once and bins it once for all its binned
metrics (the Hosmer-Lemeshow deciles are a second binning unless the report's
bins are deciles); every metric comes from the implementations that the public
functions call after their own validation.
"""

import numpy as np
from sklearn.metrics import log_loss
from sklearn.utils._param_validation import validate_params

from ._binning import bin_columns
from ._brier import brier_score_from_target, decompose_brier
from ._calibration import calibration_error_from_bins
from ._smooth_ece import smooth_ece_from_residuals
from ._stat_tests import (
    UndefinedStatisticError,
    hosmer_lemeshow_from_bins,
    spiegelhalter_from_arrays,
)
from ._validation import BINNING_CONSTRAINTS, TARGET_CONSTRAINTS, check_target

_BINARY = np.array([0, 1])
_DECILES = (10, "quantile")  # the Hosmer-Lemeshow groups


NOT_DEFINED = "not defined"


def _test_entries(name, test, *args):
    """``{name_statistic, name_pvalue}`` of a test, and why it is not defined."""
    keys = (f"{name}_statistic", f"{name}_pvalue")
    try:
        statistic, pvalue = test(*args)
    except UndefinedStatisticError as exc:
        return dict.fromkeys(keys, NOT_DEFINED), exc.reason
    return dict(zip(keys, (float(statistic), float(pvalue)), strict=True)), ""


def _binary_report(y, p, sample_weight, bins, hl_bins):
    """Every metric of 0/1 labels ``y`` and probabilities ``p`` (one column)."""
    hl, hl_note = _test_entries("hosmer_lemeshow", hosmer_lemeshow_from_bins, hl_bins)
    spiegelhalter, sp_note = _test_entries(
        "spiegelhalter", spiegelhalter_from_arrays, p, y, sample_weight
    )
    decomposition = decompose_brier(p, y, sample_weight, bins)._asdict()
    del decomposition["brier"]  # the report's brier_score
    weight = len(y) if sample_weight is None else float(np.sum(sample_weight))
    report = {
        "n_samples": float(weight),
        "base_rate": float(np.average(y, weights=sample_weight)),
        "mean_prediction": float(np.average(p, weights=sample_weight)),
        "log_loss": float(log_loss(y, p, sample_weight=sample_weight, labels=_BINARY)),
        "brier_score": float(np.average((p - y) ** 2, weights=sample_weight)),
        "ece": calibration_error_from_bins(bins, "l1"),
        "ece_l2": calibration_error_from_bins(bins, "l2"),
        "ece_l2_debiased": calibration_error_from_bins(bins, "l2", debias=True),
        "mce": calibration_error_from_bins(bins, "max"),
        "smooth_ece": smooth_ece_from_residuals(p, y, sample_weight)[0],
        **decomposition,
        **hl,
        **spiegelhalter,
    }
    return report, "; ".join(note for note in (hl_note, sp_note) if note)


def _reductions(target):
    """Rows of the report and their (n, R) confidences and outcomes."""
    if target.is_binary:
        return ["calibration"], target.y_prob[:, None], target.y[:, None]
    confidence, correct = target.top_label()
    rows = ["top_label"] + [f"class {label}" for label in target.classes]
    conf = np.column_stack([confidence, target.y_prob])
    return rows, conf, np.column_stack([correct, target.one_hot()])


@validate_params(
    {**TARGET_CONSTRAINTS, **BINNING_CONSTRAINTS}, prefer_skip_nested_validation=True
)
def calibration_report(
    y_true, y_prob, *, n_bins=15, strategy="uniform", sample_weight=None, labels=None
):
    """All the calibration metrics of this module in one pandas table.

    Binary problems give a :class:`pandas.Series` with: ``n_samples`` (the
    number of samples, or their total weight; a float in the table, which
    :func:`format_calibration_report` writes as an integer when whole),
    ``base_rate``, ``mean_prediction``, ``log_loss``, ``brier_score``,
    ``ece`` (L1), ``ece_l2``, ``ece_l2_debiased``, ``mce``, ``smooth_ece``
    (:func:`smooth_expected_calibration_error`),
    the :func:`brier_decomposition` terms (``reliability``, ``resolution``,
    ``uncertainty``, ``within_bin_variance``, ``within_bin_covariance``), and
    ``hosmer_lemeshow_statistic``/``_pvalue`` (deciles of risk) and
    ``spiegelhalter_statistic``/``_pvalue``.

    A test the data cannot define (the Hosmer-Lemeshow test when the
    predictions fill fewer than 3 groups, Spiegelhalter's when every
    prediction is 0, 0.5 or 1) shows ``"not defined"`` instead of a number,
    and a last entry ``note`` says why (for a table, a ``note`` column, empty
    in the rows where everything is defined). Without such an entry the
    report holds only floats and has no ``note``; no entry is ever NaN.

    Multiclass problems give a :class:`pandas.DataFrame` with the same
    columns and one row per binary reduction: ``"top_label"`` (confidence of
    the predicted class against its correctness) and one row per class
    (one-vs-rest: that class's probability against membership). The
    multiclass ``log_loss``, ``brier_score`` and classwise ECE of the whole
    prediction are in ``DataFrame.attrs``.

    The input is validated and binned once for all the metrics (plus once
    into deciles for the Hosmer-Lemeshow test, unless ``n_bins=10`` and
    ``strategy="quantile"`` already give them).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels (0/1 for binary problems unless ``labels`` is given).
    y_prob : array-like of shape (n_samples,) or (n_samples, n_classes)
        Predicted probabilities: of the positive class, or one column a class.
    n_bins : int, default=15
        Number of bins of the binned metrics (the Hosmer-Lemeshow test always
        uses deciles).
    strategy : {"uniform", "quantile"}, default="uniform"
        Binning strategy of the binned metrics.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative sample weights, used by every metric of the report.
    labels : array-like of shape (n_classes,), default=None
        The classes in the column order of ``y_prob``; they name the rows.

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

    Constant predictions leave the two tests without a definition:

    >>> report = calibration_report([0, 1, 1, 0], [0.5, 0.5, 0.5, 0.5])
    >>> report["spiegelhalter_pvalue"]
    'not defined'
    >>> for reason in report["note"].split("; "):
    ...     print(reason)
    Hosmer-Lemeshow: the predictions fill 1 group, the test needs 3
    Spiegelhalter: every prediction is 0, 0.5 or 1 (zero variance)
    """
    import pandas as pd

    target = check_target(y_true, y_prob, sample_weight, labels)
    sw = target.sample_weight
    rows, conf, outcome = _reductions(target)
    bins = bin_columns(conf, outcome, sw, n_bins, strategy)
    same = (n_bins, strategy) == _DECILES
    hl_bins = bins if same else bin_columns(conf, outcome, sw, *_DECILES)
    reports, notes = {}, {}
    for k, row in enumerate(rows):
        column = slice(k, k + 1)
        reports[row], notes[row] = _binary_report(
            outcome[:, k], conf[:, k], sw, bins.select(column), hl_bins.select(column)
        )
    if any(notes.values()):  # a note says why an entry is not defined
        for row, note in notes.items():
            reports[row]["note"] = note
    if target.is_binary:
        return pd.Series(reports["calibration"], name="calibration")
    frame = pd.DataFrame.from_dict(reports, orient="index")
    # target.y holds column indices, whatever the original class labels.
    columns = np.arange(len(target.classes))
    frame.attrs["log_loss"] = float(
        log_loss(target.y, target.y_prob, sample_weight=sw, labels=columns)
    )
    frame.attrs["brier_score"] = brier_score_from_target(target)
    frame.attrs["ece_classwise"] = calibration_error_from_bins(
        bins.select(slice(1, None)), "l1"
    )
    return frame
