"""The training objective over a network: weighted mean loss plus penalty.

The penalty's factor is ``alpha / S`` (``S`` the training weight), computed
in :class:`Objective` alone.

Plain arrays come in (validated by the estimator); these helpers fill
``network.grad`` and return values, and never re-validate.
"""

import math

import numpy as np

from sklearn_losses.penalties import _ElasticNetFamily


def mean_loss_gradient(network, loss, X, y, sample_weight=None):
    """Weighted mean loss of a batch and its gradient (``network.grad``).

    Parameters
    ----------
    network : Network
    loss : loss object
        With ``loss_gradient(y_true, raw_prediction)``.
    X : ndarray or sparse matrix of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
        Class indices.
    sample_weight : ndarray of shape (n_samples,) or None
        None means unit weights.

    Returns
    -------
    mean_loss : float
        ``sum(sample_weight * loss) / sum(sample_weight)``.
    """
    raw = network.forward(X)
    pointwise, grad_raw = loss.loss_gradient(y, raw)
    grad_raw = np.asarray(grad_raw, dtype=network.dtype).reshape(raw.shape)
    n = raw.shape[0]
    if sample_weight is None:
        mean_loss = float(pointwise.sum()) / n
        grad_raw *= 1.0 / n
    else:
        sw_sum = float(np.sum(sample_weight))
        # a batch whose weights are all zero contributes nothing
        scale = 1.0 / sw_sum if sw_sum > 0 else 0.0
        mean_loss = float(np.dot(sample_weight, pointwise)) * scale
        grad_raw *= (sample_weight * scale)[:, None]
    network.backward(grad_raw)
    return mean_loss


def add_penalty(network, penalty, strength, scratch=None):
    """Add ``strength * penalty`` (smooth part) to ``network.grad``.

    Parameters
    ----------
    network : Network
    penalty : penalty object or None
    strength : float
        The penalty's factor, :attr:`Objective.strength` (``alpha / S``).
    scratch : ndarray of shape (n_weights,), default=None
        Reused buffer for the elastic-net family.

    Returns
    -------
    penalty_value : float
        ``strength * penalty.value(W)``, the full penalty (L1 part included).
    """
    if penalty is None or strength == 0:
        return 0.0
    w = network.params[: network.n_weights]
    gw = network.grad[: network.n_weights]
    if isinstance(penalty, _ElasticNetFamily):
        # fast path: the smooth part's gradient is (1 - l1_ratio) * W
        smooth = 1.0 - float(penalty.l1_ratio)
        if smooth != 0.0:
            if scratch is None:
                gw += (strength * smooth) * w
            else:
                np.multiply(w, strength * smooth, out=scratch)
                gw += scratch
    else:
        gw += strength * np.asarray(penalty.gradient(w), dtype=gw.dtype)
    return strength * float(penalty.value(w))


class Objective:
    """What a solver minimises: weighted mean loss + (alpha / S) * penalty.

    ``S`` is the training weight: the total (sample times class) weight of the
    data the solver trains on, ``n_samples`` when unweighted. So ``alpha``
    means what it means in :class:`~sklearn.neural_network.MLPClassifier`
    (``alpha = 1 / C`` of :class:`~sklearn.linear_model.LogisticRegression`),
    whatever the batch size: a minibatch step uses the batch's weighted mean
    loss plus the same ``(alpha / S) * penalty``. The estimator gives ``S``
    of the data it passes to the solver; a solver that trains on part of it
    (early stopping) calls :meth:`train_on` with that part.

    Parameters
    ----------
    network : Network
    loss : loss object
    penalty : penalty object or None
    alpha : float
        The user's penalty strength; 0 when ``penalty`` is None.
    training_weight : float
        ``S``, ``> 0``.

    Attributes
    ----------
    strength : float
        ``alpha / S``, the factor of the penalty in the objective.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses._network import Network
    >>> from sklearn_losses.losses import get_loss
    >>> from sklearn_losses.penalties import L1
    >>> from sklearn_losses.solvers import Objective
    >>> network = Network([2, 1], "relu")
    >>> X, y = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0, 1])
    >>> objective = Objective(
    ...     network, get_loss("log_loss"), L1(), alpha=0.1, training_weight=len(y)
    ... )
    >>> objective.strength
    0.05
    >>> round(objective.mean_loss(X, y, None, epoch=1), 4)  # zero weights: log 2
    0.6931
    >>> objective.has_nonsmooth_part
    True
    """

    def __init__(self, network, loss, penalty, alpha, *, training_weight):
        self.network = network
        self.loss = loss
        self.penalty = penalty
        self.alpha = alpha
        self.floor = _loss_floor(loss, network.dtype)
        self._set_training_weight(training_weight)

    @staticmethod
    def weight_of(n_samples, sample_weight):
        """``S`` of a data set: the sum of ``sample_weight``, else ``n_samples``.

        Parameters
        ----------
        n_samples : int
        sample_weight : ndarray of shape (n_samples,) or None

        Returns
        -------
        training_weight : float
        """
        if sample_weight is None:
            return float(n_samples)
        return float(np.sum(sample_weight, dtype=np.float64))

    def train_on(self, n_samples, sample_weight):
        """Set ``S`` from the data the solver trains on.

        Parameters
        ----------
        n_samples : int
        sample_weight : ndarray of shape (n_samples,) or None
        """
        self._set_training_weight(self.weight_of(n_samples, sample_weight))

    def _set_training_weight(self, training_weight):
        if not training_weight > 0:
            raise ValueError(
                "The training data has a total sample weight of "
                f"{training_weight}; it must be positive. Give some samples "
                "a positive weight."
            )
        self.training_weight = float(training_weight)
        # the one place where alpha meets the data: alpha / S
        self.strength = float(self.alpha) / self.training_weight

    @property
    def has_nonsmooth_part(self):
        """bool : whether the penalty needs a prox or a split."""
        return (
            self.penalty is not None
            and self.strength > 0
            and not self.penalty.is_smooth
        )

    def mean_loss(self, X, y, sample_weight, *, epoch):
        """:func:`mean_loss_gradient`, refusing a non-finite or too low value."""
        value = mean_loss_gradient(self.network, self.loss, X, y, sample_weight)
        if not self.floor <= value < math.inf:  # also catches NaN
            self._refuse(value, epoch)
        return value

    def value_and_gradient(self, X, y, sample_weight, *, epoch, scratch=None):
        """Mean loss plus :attr:`strength` times the penalty, and its gradient.

        ``network.grad`` receives the gradient of the loss and of the
        penalty's smooth part; a non-smooth part is left to :meth:`prox`.

        Parameters
        ----------
        X, y, sample_weight
            A batch, as in :meth:`mean_loss`.
        epoch : int
            Named in the error raised for a non-finite or too low loss.
        scratch : ndarray of shape (n_weights,), default=None
            Reused buffer for the penalty's gradient.

        Returns
        -------
        value : float
            The objective on the batch, the whole penalty included.
        """
        value = self.mean_loss(X, y, sample_weight, epoch=epoch)
        if self.strength:
            value += add_penalty(self.network, self.penalty, self.strength, scratch)
        return value

    def prox(self, step):
        """Proximal step of the penalty's non-smooth part, on the weights in place.

        Parameters
        ----------
        step : float or ndarray of shape (n_params,)
            The step size just taken, per coordinate or for all (an array is
            overwritten).
        """
        if not self.has_nonsmooth_part:
            return
        n_weights = self.network.n_weights
        if isinstance(step, np.ndarray):
            step = step[:n_weights]
            step *= self.strength
        else:
            step = step * self.strength
        weights = self.network.params[:n_weights]
        self.penalty.prox(weights, step, out=weights)

    def _refuse(self, mean_loss, epoch):
        if not math.isfinite(mean_loss):
            raise FloatingPointError(
                f"Training stopped at epoch {epoch}: the mean loss became "
                f"{mean_loss}. Try a smaller learning_rate_init, scale X "
                "(e.g. StandardScaler) or a larger alpha."
            )
        raise ValueError(
            f"Training stopped at epoch {epoch}: the mean loss "
            f"{mean_loss:.6g} fell below the loss's lower bound "
            f"{getattr(self.loss, 'lower_bound', None)}. The loss does not match "
            "the network's raw output (like a negative log-likelihood fed "
            "unnormalised ReLU outputs): a loss must take raw logits and "
            "supply its own link. Use a registered loss such as 'log_loss'."
        )

    def held_out_scores(self, X, y, sample_weight):
        """(weighted mean loss without penalty, weighted accuracy) on held-out data."""
        raw = self.network.forward(X, buffered=False)
        pointwise = np.asarray(self.loss.loss(y, raw), dtype=np.float64)
        if sample_weight is None:
            mean_loss = float(pointwise.mean())
        else:
            mean_loss = float(np.average(pointwise, weights=sample_weight))
        correct = np.argmax(self.loss.predict_proba(raw), axis=1) == y
        return mean_loss, float(np.average(correct, weights=sample_weight))


def _loss_floor(loss, dtype):
    """Smallest acceptable batch mean loss: the lower bound less rounding."""
    lower = getattr(loss, "lower_bound", None)
    if lower is None or not math.isfinite(lower):
        return -np.inf
    return lower - 1e3 * np.finfo(dtype).eps * max(1.0, abs(lower))
