"""Links between raw output (logits) and class probabilities.

A link maps probabilities to raw output (``link``) and raw output back to
probabilities (``inverse``). Two classes use one logit of the positive class
with the logistic sigmoid (:class:`LogitLink`); ``K >= 2`` outputs use the
softmax (:class:`SoftmaxLink`). The losses in :mod:`sklearn_losses.losses`
pick the link from the shape of the raw output with :func:`get_link`.

All functions take plain arrays (no validation), keep the float dtype of their
input, and are written so that logits of +-1000 give finite, exact results
without floating-point warnings.
"""

import numpy as np
from scipy.special import expit, log_softmax, logit, softmax

from sklearn_losses._params import ParamsMixin

__all__ = ["LogitLink", "SoftmaxLink", "get_link", "is_binary_raw", "softplus"]


def _as_float(x):
    """Return ``x`` as a float32 or float64 array (other dtypes become float64)."""
    x = np.asarray(x)
    if x.dtype in (np.float32, np.float64):
        return x
    return x.astype(np.float64)


def softplus(x):
    """Softplus ``log(1 + exp(x))``, computed without overflow.

    Parameters
    ----------
    x : array-like
        Input values.

    Returns
    -------
    ndarray
        ``log(1 + exp(x))`` with the dtype of ``x`` (float32 stays float32).

    Examples
    --------
    >>> from sklearn_losses.links import softplus
    >>> softplus([-1000.0, 0.0, 1000.0]).round(4).tolist()
    [0.0, 0.6931, 1000.0]
    """
    x = _as_float(x)
    # logaddexp(0, x) = max(0, x) + log1p(exp(-|x|)): exp never overflows.
    return np.logaddexp(x.dtype.type(0), x)


def is_binary_raw(raw_prediction):
    """Whether raw output is a single binary logit, shape ``(n,)`` or ``(n, 1)``.

    Parameters
    ----------
    raw_prediction : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        Raw output of a model.

    Returns
    -------
    bool
        True for one logit per sample (sigmoid link), False for ``K >= 2``
        columns (softmax link).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.links import is_binary_raw
    >>> is_binary_raw(np.zeros((4, 1))), is_binary_raw(np.zeros((4, 3)))
    (True, False)
    """
    raw_prediction = np.asarray(raw_prediction)
    return raw_prediction.ndim == 1 or raw_prediction.shape[1] == 1


class LogitLink(ParamsMixin):
    r"""Logit link for two classes: one logit of the positive class.

    .. math::

        z = \operatorname{logit}(p) = \log \frac{p}{1 - p}, \qquad
        p = \sigma(z) = \frac{1}{1 + e^{-z}}

    ``p`` is the probability of class 1.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.links import LogitLink
    >>> link = LogitLink()
    >>> link.inverse(np.array([-1000.0, 0.0, 1000.0])).tolist()
    [0.0, 0.5, 1.0]
    >>> link.predict_proba(np.array([[0.0], [np.log(3)]])).round(4).tolist()
    [[0.5, 0.5], [0.25, 0.75]]
    >>> float(link.link(np.array([0.75]))[0].round(4))
    1.0986
    """

    name = "logit"

    def link(self, y_proba):
        """Map positive-class probabilities to logits.

        Parameters
        ----------
        y_proba : ndarray
            Probabilities of class 1, any shape. 0 and 1 map to -inf and inf.

        Returns
        -------
        ndarray
            Logits, same shape and dtype.
        """
        return logit(_as_float(y_proba))

    def inverse(self, raw_prediction):
        """Map logits to positive-class probabilities (the sigmoid).

        Parameters
        ----------
        raw_prediction : ndarray
            Logits, any shape.

        Returns
        -------
        ndarray
            Probabilities of class 1, same shape and dtype.
        """
        return expit(_as_float(raw_prediction))

    def log_inverse(self, raw_prediction):
        """Log-probabilities of class 1, ``log sigma(z) = -softplus(-z)``.

        Parameters
        ----------
        raw_prediction : ndarray
            Logits, any shape.

        Returns
        -------
        ndarray
            ``log p``, finite for finite logits (no ``log(0)``).
        """
        return -softplus(-_as_float(raw_prediction))

    def predict_proba(self, raw_prediction):
        """Probabilities of both classes.

        Parameters
        ----------
        raw_prediction : ndarray of shape (n_samples,) or (n_samples, 1)
            Logits of class 1.

        Returns
        -------
        ndarray of shape (n_samples, 2)
            Columns ``[1 - p, p]``; the first column is computed as
            ``sigma(-z)`` so that it keeps full precision when ``p`` is near 1.
        """
        z = _as_float(raw_prediction).reshape(-1)
        out = np.empty((z.shape[0], 2), dtype=z.dtype)
        expit(-z, out=out[:, 0])
        expit(z, out=out[:, 1])
        return out


class SoftmaxLink(ParamsMixin):
    r"""Softmax link for ``K >= 2`` classes: one raw output per class.

    .. math::

        p_k = \frac{e^{z_k}}{\sum_j e^{z_j}}, \qquad
        z_k = \log p_k - \frac{1}{K} \sum_j \log p_j

    The raw output is defined up to a constant per row; ``link`` returns the
    representative whose row sums to zero.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.links import SoftmaxLink
    >>> link = SoftmaxLink()
    >>> link.inverse(np.array([[1000.0, -1000.0, 0.0]])).tolist()
    [[1.0, 0.0, 0.0]]
    >>> link.log_inverse(np.array([[1000.0, -1000.0, 0.0]])).tolist()
    [[0.0, -2000.0, -1000.0]]
    >>> z = link.link(np.array([[0.2, 0.3, 0.5]]))
    >>> link.inverse(z).round(4).tolist()
    [[0.2, 0.3, 0.5]]
    """

    name = "softmax"

    def link(self, y_proba):
        """Map class probabilities to raw output that sums to zero per row.

        Parameters
        ----------
        y_proba : ndarray of shape (n_samples, n_classes)
            Probabilities, rows summing to 1. A probability of 0 gives -inf.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Raw output; a row holding -inf is left uncentred.
        """
        y_proba = _as_float(y_proba)
        with np.errstate(divide="ignore"):
            log_p = np.log(y_proba)
        # The mean of a row with -inf is -inf, and -inf - -inf is NaN: centre
        # only the finite rows, so that each row's result ignores the others.
        finite = np.isfinite(log_p).all(axis=1)
        log_p[finite] -= log_p[finite].mean(axis=1, keepdims=True)
        return log_p

    def inverse(self, raw_prediction):
        """Map raw output to class probabilities (the softmax over each row).

        Parameters
        ----------
        raw_prediction : ndarray of shape (n_samples, n_classes)
            Raw output.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Probabilities, rows summing to 1, same dtype.
        """
        # scipy subtracts the row maximum first, so exp never overflows.
        return softmax(_as_float(raw_prediction), axis=1)

    def log_inverse(self, raw_prediction):
        """Log-probabilities ``z_k - logsumexp(z)`` (the log-softmax).

        Parameters
        ----------
        raw_prediction : ndarray of shape (n_samples, n_classes)
            Raw output.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            ``log p``, finite for finite raw output (no ``log(0)``).
        """
        return log_softmax(_as_float(raw_prediction), axis=1)

    def predict_proba(self, raw_prediction):
        """Class probabilities; the same as :meth:`inverse`.

        Parameters
        ----------
        raw_prediction : ndarray of shape (n_samples, n_classes)
            Raw output.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Probabilities, rows summing to 1.
        """
        return self.inverse(raw_prediction)


def get_link(raw_prediction):
    """The link that serves raw output of this shape.

    Parameters
    ----------
    raw_prediction : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        Raw output of a model.

    Returns
    -------
    LogitLink or SoftmaxLink
        :class:`LogitLink` for one logit per sample, :class:`SoftmaxLink`
        for two or more columns.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.links import get_link
    >>> get_link(np.zeros(5)), get_link(np.zeros((5, 3)))
    (LogitLink(), SoftmaxLink())
    """
    return LogitLink() if is_binary_raw(raw_prediction) else SoftmaxLink()
