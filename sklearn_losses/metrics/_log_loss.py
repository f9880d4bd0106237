"""Log loss: scikit-learn's values behind this package's input checks."""

from sklearn.metrics import log_loss as sklearn_log_loss
from sklearn.utils._param_validation import validate_params

from ._validation import TARGET_CONSTRAINTS, check_target


@validate_params(TARGET_CONSTRAINTS, prefer_skip_nested_validation=True)
def log_loss(y_true, y_prob, *, sample_weight=None, labels=None):
    r"""Log loss (cross-entropy) of predicted probabilities.

    :math:`-\frac1W \sum_i w_i \log p_{i, y_i}`, the values of
    :func:`sklearn.metrics.log_loss` (which clips probabilities away from 0).
    The inputs are first checked as every metric of this package checks them,
    so NaN, infinite or out-of-range probabilities and negative weights are
    refused with a message naming the parameter (scikit-learn's function
    accepts negative weights).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_prob : array-like of shape (n_samples,) or (n_samples, n_classes)
        Predicted probabilities (1-D: of the positive class).
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative sample weights.
    labels : array-like of shape (n_classes,), default=None
        The classes in the column order of ``y_prob``; scorers pass
        ``estimator.classes_``, so a test fold may miss a class.

    Returns
    -------
    float
        The log loss; 0 is perfect, lower is better.

    Examples
    --------
    >>> from sklearn_losses.metrics._log_loss import log_loss
    >>> round(log_loss([0, 1], [0.5, 0.5]), 6)
    0.693147
    """
    check_target(y_true, y_prob, sample_weight, labels)
    return float(
        sklearn_log_loss(y_true, y_prob, sample_weight=sample_weight, labels=labels)
    )
