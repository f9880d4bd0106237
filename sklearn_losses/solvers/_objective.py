"""The training objective over a network: weighted mean loss plus penalty.

The penalty's factor is ``alpha / S`` (``S`` the training weight), computed
in :class:`Objective` alone.

Plain arrays come in (validated by the estimator); these helpers fill
``network.grad`` and return values, and never re-validate.
"""

import math

import numpy as np


def split_form(penalty):
    """The penalty's ``(l1, l2)`` strengths, or None: asked by method.

    ``(l1, l2)`` means ``value(W) = l1 * |W|_1 + l2 / 2 * |W|_2^2``; a
    penalty that cannot be written so has no ``split_form`` method, or one
    that returns None.

    Parameters
    ----------
    penalty : penalty object

    Returns
    -------
    strengths : tuple of (float, float) or None

    Examples
    --------
    >>> from sklearn_losses.penalties import ElasticNet
    >>> from sklearn_losses.solvers._objective import split_form
    >>> split_form(ElasticNet(l1_ratio=0.25))
    (0.25, 0.75)
    """
    method = getattr(penalty, "split_form", None)
    form = None if method is None else method()
    return None if form is None else (float(form[0]), float(form[1]))


def mean_loss_gradient(network, loss, X, y, sample_weight=None, *, check=False):
    """Weighted mean loss of a batch and its gradient (``network.grad``).

    Parameters
    ----------
    network : Network
    loss : loss object
        With ``loss_gradient(y_true, raw_prediction)``.
    X : ndarray or sparse matrix of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,) or (n_samples, n_classes)
        Class indices, or soft targets (for a loss with ``soft_targets``).
    sample_weight : ndarray of shape (n_samples,) or None
        None means unit weights.
    check : bool, default=False
        Refuse outputs of the wrong shape or non-finite at finite raw output
        (:func:`check_loss_outputs`): for losses other than the built-in ones.

    Returns
    -------
    mean_loss : float
        ``sum(sample_weight * loss) / sum(sample_weight)``.
    """
    raw = network.forward(X)
    pointwise, grad_raw = loss.loss_gradient(y, raw)
    if check:
        check_loss_outputs(loss, raw, pointwise, grad_raw)
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


def _first_bad(values):
    """(index of the first sample with a non-finite value, "NaN" or "inf")."""
    bad = ~np.isfinite(values)
    row = int(np.argmax(bad.reshape(len(bad), -1).any(axis=1)))
    return row, "NaN" if np.isnan(values).any() else "inf"


def check_loss_outputs(loss, raw_prediction, pointwise, gradient):
    """Refuse a loss's outputs of the wrong shape, or non-finite at finite input.

    Parameters
    ----------
    loss : loss object
        Named (its repr) in the error.
    raw_prediction : ndarray of shape (n_samples, n_outputs)
        What the loss was given.
    pointwise, gradient : array-like
        What its ``loss_gradient`` returned.

    Raises
    ------
    ValueError
        Naming the loss, the shape expected and the shape or value it gave.
    """
    n, n_outputs = raw_prediction.shape
    pointwise = np.asarray(pointwise, dtype=np.float64)
    gradient = np.asarray(gradient, dtype=np.float64)
    shapes = [raw_prediction.shape] + ([(n,)] if n_outputs == 1 else [])
    problems = []
    if pointwise.shape != (n,):
        problems.append(
            f"the pointwise loss has shape {pointwise.shape}; expected ({n},), "
            "one value per sample"
        )
    if gradient.shape not in shapes:
        problems.append(
            f"the gradient has shape {gradient.shape}; expected "
            f"{raw_prediction.shape}, the shape of raw_prediction"
        )
    if not problems and np.all(np.isfinite(raw_prediction)):
        for name, values in (("pointwise loss", pointwise), ("gradient", gradient)):
            if not np.all(np.isfinite(values)):
                row, bad = _first_bad(values)
                problems.append(
                    f"the {name} is {bad} at the finite raw prediction "
                    f"{raw_prediction[row].tolist()} (sample {row} of the batch)"
                )
    if problems:
        raise ValueError(
            f"The loss {loss!r} returned wrong values on a batch of {n} samples "
            f"with {n_outputs} raw output(s): {'; '.join(problems)}. "
            "check_loss(loss) runs the checks a loss must pass."
        )


def add_penalty(network, penalty, strength, scratch=None):
    """Add ``strength * penalty`` (smooth part) to ``network.grad``.

    Parameters
    ----------
    network : Network
    penalty : penalty object or None
    strength : float
        The penalty's factor, :attr:`Objective.strength` (``alpha / S``).
    scratch : ndarray of shape (n_weights,), default=None
        Reused buffer for a penalty with a :func:`split_form`.

    Returns
    -------
    penalty_value : float
        ``strength * penalty.value(W)``, the full penalty (L1 part included).
    """
    if penalty is None or strength == 0:
        return 0.0
    w = network.params[: network.n_weights]
    gw = network.grad[: network.n_weights]
    form = split_form(penalty)
    if form is not None:
        # fast path: the smooth part's gradient is l2 * W
        smooth = form[1]
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
    learning_rate : float or None
        The solver's step size, named by :attr:`advice` (set by
        :meth:`Solver.solve`).
    epoch_name : str
        What the errors call one step of the solver's loop (``"epoch"``,
        ``"iteration"``; set by :meth:`Solver.solve`).

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
        # the built-in losses are tested; a user's is checked on every batch
        # (also one that a built-in wrapper applies to each label)
        inner = getattr(loss, "binary_loss", loss)
        self.check_outputs = type(inner).__module__.split(".")[0] != "sklearn_losses"
        self.start = None
        self._started = False
        self.learning_rate = None
        self.epoch_name = "epoch"
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
        value = mean_loss_gradient(
            self.network, self.loss, X, y, sample_weight, check=self.check_outputs
        )
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
        if not self._started:
            # the first batch, at the initial weights (or the start of the run
            # continued, if lower): what divergence is measured against
            self._started = True
            self.start = value if self.start is None else min(self.start, value)
        return value

    @property
    def advice(self):
        """str : the likely fixes, for the errors of a run that went wrong.

        The step size of a minibatch solver (its :attr:`learning_rate`, None
        for a full-batch one), unscaled data, and ``alpha`` when a step on the
        penalty alone would overshoot (``strength * step >= 1``).
        """
        step = 1.0 if self.learning_rate is None else self.learning_rate
        causes = ["X is not scaled (scale it, e.g. with StandardScaler)"]
        if self.learning_rate is not None:
            causes.insert(
                0, f"learning_rate_init={step:g} is too large (try a smaller one)"
            )
        if self.strength * step >= 1:
            causes.append(f"alpha={self.alpha:g} is too large (try a smaller one)")
        return "Likely causes: " + "; ".join(causes) + "."

    def continue_from(self, loss_curve):
        """Measure divergence from the start of the run this fit continues.

        Parameters
        ----------
        loss_curve : list of float
            The curve of the run so far (its first value is its start).
        """
        if loss_curve:
            self.start = float(loss_curve[0])

    def check_epoch(self, value, epoch):
        """Refuse an epoch whose weights overflowed or whose objective diverged.

        Diverged means: more than ``1e4`` times its start above the loss's
        lower bound (the start counted as at least 1), which a descent method
        never reaches unless its steps are too large for the data.

        Parameters
        ----------
        value : float
            The epoch's objective.
        epoch : int
            Named in the error.

        Raises
        ------
        FloatingPointError
            Naming the values and the likely fix (:attr:`advice`).
        """
        if not np.all(np.isfinite(self.network.params)):
            raise FloatingPointError(
                f"Training diverged at {self.epoch_name} {epoch}: the weights "
                f"overflowed {self.network.dtype} (became inf or NaN). {self.advice}"
            )
        lower = getattr(self.loss, "lower_bound", None)
        if self.start is None or lower is None or not math.isfinite(lower):
            return
        if value - lower > _DIVERGENCE_FACTOR * max(self.start - lower, 1.0):
            raise FloatingPointError(
                f"Training diverged at {self.epoch_name} {epoch}: the objective "
                f"grew from {self.start:.4g} at the start to {value:.4g}. "
                f"{self.advice}"
            )

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
            raw = self.network.last_output
            what = (
                "the network's raw output overflowed "
                f"{self.network.dtype} (became inf or NaN)"
                if not np.all(np.isfinite(raw))
                else f"the mean loss became {mean_loss}"
            )
            raise FloatingPointError(
                f"Training diverged at {self.epoch_name} {epoch}: {what}. {self.advice}"
            )
        raise ValueError(
            f"Training stopped at {self.epoch_name} {epoch}: the mean loss "
            f"{mean_loss:.6g} fell below the lower bound "
            f"{getattr(self.loss, 'lower_bound', None)} of the loss "
            f"{self.loss!r}. The loss does not match "
            "the network's raw output (like a negative log-likelihood fed "
            "unnormalised ReLU outputs): a loss must take raw logits and "
            "supply its own link. Use a registered loss such as 'log_loss'."
        )

    def held_out_scores(self, X, y, sample_weight):
        """(weighted mean loss without penalty, weighted accuracy) on held-out data.

        With soft targets the accuracy counts agreement with each row's most
        probable class; with multilabel targets (a loss whose
        ``target_types`` hold ``"multilabel"``) it is the subset accuracy:
        every label of the row right, as ``MLPClassifier``'s score.
        """
        raw = self.network.forward(X, buffered=False)
        pointwise = np.asarray(self.loss.loss(y, raw), dtype=np.float64)
        if sample_weight is None:
            mean_loss = float(pointwise.mean())
        else:
            mean_loss = float(np.average(pointwise, weights=sample_weight))
        proba = self.loss.predict_proba(raw)
        if "multilabel" in getattr(self.loss, "target_types", ()):
            correct = np.all((proba > 0.5) == (y > 0.5), axis=1)
        else:
            labels = y if y.ndim == 1 else np.argmax(y, axis=1)
            correct = np.argmax(proba, axis=1) == labels
        return mean_loss, float(np.average(correct, weights=sample_weight))


# an epoch objective this many times its start (above the lower bound) diverged
_DIVERGENCE_FACTOR = 1e4


def _loss_floor(loss, dtype):
    """Smallest acceptable batch mean loss: the lower bound less rounding."""
    lower = getattr(loss, "lower_bound", None)
    if lower is None or not math.isfinite(lower):
        return -np.inf
    return lower - 1e3 * np.finfo(dtype).eps * max(1.0, abs(lower))
