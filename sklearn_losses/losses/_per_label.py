"""A loss of binary targets applied to each label of multilabel targets."""

import numpy as np

from sklearn_losses._numerics import as_float
from sklearn_losses.links import MultilabelLogitLink
from sklearn_losses.losses._base import BaseLoss


class PerLabelLoss(BaseLoss):
    r"""A binary loss applied to each label, summed over the labels.

    Multilabel targets ``Y`` of shape ``(n_samples, n_labels)`` hold 0/1
    indicators: label ``j`` applies to sample ``i`` or not. The network has
    one logit per label and each label is a binary problem of its own:

    .. math::

        \ell(y, z) = \sum_j \ell_{\text{binary}}(y_j, z_j), \qquad
        \frac{\partial \ell}{\partial z_j} =
        \ell_{\text{binary}}'(y_j, z_j)

    With ``binary_loss=LogLoss()`` the weighted mean of this over the
    samples is :class:`~sklearn.neural_network.MLPClassifier`'s
    ``binary_log_loss``: the mean log loss of each label, summed over the
    labels. Probabilities come from :class:`MultilabelLogitLink` (one sigmoid
    per label). :func:`~sklearn_losses.losses.get_loss` builds it for
    ``multilabel=True``; any loss that serves binary problems can be applied.

    Parameters
    ----------
    binary_loss : loss object
        A loss that serves binary problems (``"binary"`` in its
        ``target_types``), applied to each label's logit.
    n_labels : int
        Number of labels (columns of ``Y``, logits of the network).

    Attributes
    ----------
    lower_bound : float
        ``n_labels`` times the binary loss's lower bound.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.losses import LogLoss, PerLabelLoss
    >>> loss = PerLabelLoss(LogLoss(), n_labels=2)
    >>> Y, raw = np.array([[1, 0], [1, 1]]), np.zeros((2, 2))
    >>> loss.loss(Y, raw).round(4)  # two labels, each log(2)
    array([1.3863, 1.3863])
    >>> loss.gradient(Y, raw)
    array([[-0.5,  0.5],
           [-0.5, -0.5]])
    >>> loss.predict_proba(np.array([[0.0, 1000.0]]))
    array([[0.5, 1. ]])
    """

    name = "per_label"
    target_types = frozenset({"multilabel"})
    link = MultilabelLogitLink()

    def __init__(self, binary_loss, n_labels):
        self.binary_loss = binary_loss
        self.n_labels = n_labels

    @property
    def lower_bound(self):
        return self.n_labels * self.binary_loss.lower_bound

    def loss_gradient(self, y_true, raw_prediction):
        raw_prediction = as_float(raw_prediction)
        shape = raw_prediction.shape
        # every label's logit is one sample of the binary loss: one call
        pointwise, gradient = self.binary_loss.loss_gradient(
            np.asarray(y_true).reshape(-1), raw_prediction.reshape(-1)
        )
        pointwise, gradient = np.asarray(pointwise), np.asarray(gradient)
        if pointwise.size != raw_prediction.size or gradient.size != pointwise.size:
            raise ValueError(
                f"The loss {self.binary_loss!r}, applied to each of the "
                f"{raw_prediction.size} logits of a multilabel batch, returned "
                f"a loss of shape {pointwise.shape} and a gradient of shape "
                f"{gradient.shape}; expected one value per logit each."
            )
        return pointwise.reshape(shape).sum(axis=1), gradient.reshape(shape)

    def loss(self, y_true, raw_prediction):
        _check_indicators(y_true, raw_prediction)
        return self.loss_gradient(y_true, raw_prediction)[0]

    def gradient(self, y_true, raw_prediction):
        _check_indicators(y_true, raw_prediction)
        return self.loss_gradient(y_true, raw_prediction)[1]

    def __call__(self, y_true, raw_prediction, sample_weight=None):
        _check_indicators(y_true, raw_prediction)
        pointwise = self.loss_gradient(y_true, raw_prediction)[0]
        return float(np.average(pointwise, weights=sample_weight))


def _check_indicators(y_true, raw_prediction):
    """Refuse ``y_true`` that is not 0/1 of ``raw_prediction``'s shape."""
    y = np.asarray(y_true)
    shape = np.shape(raw_prediction)
    if y.shape != shape or not np.all((y == 0) | (y == 1)):
        raise ValueError(
            f"y_true must hold the 0/1 indicator of each label, of the shape of "
            f"raw_prediction {shape}; got shape {y.shape}"
            + ("." if y.shape != shape else " with values other than 0 and 1.")
        )
