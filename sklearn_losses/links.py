"""Links between raw output (logits) and class probabilities.

A link maps probabilities to raw output (``link``) and raw output back to
probabilities (``inverse``). Two classes use one logit of the positive class
with the logistic sigmoid (:class:`LogitLink`); ``K >= 2`` outputs use the
softmax (:class:`SoftmaxLink`); multilabel targets use one sigmoid per label
(:class:`MultilabelLogitLink`). A loss holds the link of the problem it is
bound to (see :class:`sklearn_losses.losses.BaseLoss`); :func:`get_link`
picks one from the shape of the raw output.

The links take plain arrays (no validation), keep the float dtype of their
input, and give finite, exact results for logits of +-1000 without
floating-point warnings.
"""

import numpy as np
from scipy.special import expit, log_softmax, logit, softmax

from sklearn_losses._numerics import as_float, is_binary_raw, softplus
from sklearn_losses.base import ParamsMixin

__all__ = ["BaseLink", "LogitLink", "MultilabelLogitLink", "SoftmaxLink", "get_link"]


class BaseLink(ParamsMixin):
    """Base class of the links: raw output <-> class probabilities.

    A link implements ``_link``, ``_inverse`` and ``_log_inverse`` on float
    arrays, and ``_predict_proba`` when the class probabilities are not the
    output of ``_inverse`` itself; this class converts the input to float
    and documents the public methods once.

    Attributes
    ----------
    name : str
        Name of the link.
    """

    name = None

    def link(self, y_proba):
        """Map probabilities to raw output.

        Parameters
        ----------
        y_proba : ndarray
            Probabilities: of class 1, any shape (:class:`LogitLink`), or
            one row per sample summing to 1 (:class:`SoftmaxLink`). A
            probability of 0 gives ``-inf``.

        Returns
        -------
        ndarray
            Raw output, same shape and dtype.
        """
        return self._link(as_float(y_proba))

    def inverse(self, raw_prediction):
        """Map raw output to probabilities (the sigmoid, or the row softmax).

        Parameters
        ----------
        raw_prediction : ndarray
            Raw output: logits of class 1, any shape (:class:`LogitLink`),
            or shape ``(n_samples, n_classes)`` (:class:`SoftmaxLink`).

        Returns
        -------
        ndarray
            Probabilities, same shape and dtype.
        """
        return self._inverse(as_float(raw_prediction))

    def log_inverse(self, raw_prediction):
        """Log of :meth:`inverse`, computed without ``log(0)``.

        Parameters
        ----------
        raw_prediction : ndarray
            As in :meth:`inverse`.

        Returns
        -------
        ndarray
            ``log p``, finite for finite raw output.
        """
        return self._log_inverse(as_float(raw_prediction))

    def predict_proba(self, raw_prediction):
        """Probabilities of every class, one row per sample.

        Parameters
        ----------
        raw_prediction : ndarray
            As in :meth:`inverse`; :class:`LogitLink` also takes shape
            ``(n_samples, 1)``.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Rows sum to 1; two columns ``[1 - p, p]`` for :class:`LogitLink`.
        """
        return self._predict_proba(as_float(raw_prediction))

    def _predict_proba(self, raw_prediction):
        return self._inverse(raw_prediction)


class LogitLink(BaseLink):
    r"""Logit link for two classes: one logit of the positive class.

    .. math::

        z = \operatorname{logit}(p) = \log \frac{p}{1 - p}, \qquad
        p = \sigma(z) = \frac{1}{1 + e^{-z}}

    ``p`` is the probability of class 1. :meth:`~BaseLink.log_inverse` is
    ``log sigma(z) = -softplus(-z)``; in :meth:`~BaseLink.predict_proba` the
    first column is ``sigma(-z)``, so that it keeps full precision when ``p``
    is near 1.

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

    def _link(self, y_proba):
        return logit(y_proba)

    def _inverse(self, raw_prediction):
        return expit(raw_prediction)

    def _log_inverse(self, raw_prediction):
        return -softplus(-raw_prediction)

    def _predict_proba(self, raw_prediction):
        z = raw_prediction.reshape(-1)
        out = np.empty((z.shape[0], 2), dtype=z.dtype)
        expit(-z, out=out[:, 0])
        expit(z, out=out[:, 1])
        return out


class MultilabelLogitLink(LogitLink):
    r"""Logit link of each label: one logit per label, each its own sigmoid.

    .. math::

        p_j = \sigma(z_j) = \frac{1}{1 + e^{-z_j}}

    ``p_j`` is the probability that label ``j`` applies; the labels are
    independent, so a row of probabilities need not sum to 1. The maps are
    :class:`LogitLink`'s, entry by entry; :meth:`~BaseLink.predict_proba`
    returns them as they are, shape ``(n_samples, n_labels)`` (as
    :class:`~sklearn.neural_network.MLPClassifier` on multilabel targets).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.links import MultilabelLogitLink
    >>> link = MultilabelLogitLink()
    >>> link.predict_proba(np.array([[0.0, np.log(3)], [-1000.0, 1000.0]])).round(4)
    array([[0.5 , 0.75],
           [0.  , 1.  ]])
    """

    name = "multilabel_logit"

    def _predict_proba(self, raw_prediction):
        return self._inverse(raw_prediction)


class SoftmaxLink(BaseLink):
    r"""Softmax link for ``K >= 2`` classes: one raw output per class.

    .. math::

        p_k = \frac{e^{z_k}}{\sum_j e^{z_j}}, \qquad
        z_k = \log p_k - \frac{1}{K} \sum_j \log p_j

    The raw output is defined up to a constant per row; :meth:`~BaseLink.link`
    returns the representative whose row sums to zero (a row holding a
    probability of 0 is left uncentred, with ``-inf`` there).
    :meth:`~BaseLink.log_inverse` is the log-softmax ``z_k - logsumexp(z)``.

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

    def _link(self, y_proba):
        with np.errstate(divide="ignore"):
            log_p = np.log(y_proba)
        # The mean of a row with -inf is -inf, and -inf - -inf is NaN: centre
        # only the finite rows, so that each row's result ignores the others.
        finite = np.isfinite(log_p).all(axis=1)
        log_p[finite] -= log_p[finite].mean(axis=1, keepdims=True)
        return log_p

    def _inverse(self, raw_prediction):
        # scipy subtracts the row maximum first, so exp never overflows.
        return softmax(raw_prediction, axis=1)

    def _log_inverse(self, raw_prediction):
        return log_softmax(raw_prediction, axis=1)


def get_link(raw_prediction):
    """The link that serves raw output of this shape.

    Parameters
    ----------
    raw_prediction : ndarray
        Raw output: one logit per sample, shape ``(n_samples,)`` or
        ``(n_samples, 1)``, or one column per class.

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
