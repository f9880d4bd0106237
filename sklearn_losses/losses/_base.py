"""The base class of the losses over raw output (logits)."""

import copy

import numpy as np

from sklearn_losses._numerics import as_float
from sklearn_losses._targets import ROW_SUM_TOL
from sklearn_losses.base import ParamsMixin
from sklearn_losses.links import LogitLink, SoftmaxLink, get_link

# The interface an object needs to serve as a loss; BaseLoss supplies all but
# loss and gradient.
LOSS_METHODS = ("loss", "gradient", "loss_gradient", "predict_proba")
LOSS_ATTRIBUTES = ("lower_bound", "target_types")


def loss_label(loss):
    """How errors name a loss: its ``name``, or its repr if the name is inherited.

    A user's subclass of a built-in loss that keeps the built-in's ``name``
    is named by its repr: the name would blame the built-in.
    """
    name = getattr(loss, "name", None)
    cls = type(loss)
    own = "name" in vars(cls) or cls.__module__.startswith("sklearn_losses.")
    return repr(name) if name is not None and own else repr(loss)


def check_y_true(loss, y_true, raw_prediction):
    """Refuse ``y_true`` that is neither class indices nor, if allowed, soft rows.

    What the public ``loss``, ``gradient`` and ``__call__`` check; the
    solvers' path, ``loss_gradient``, takes the targets as the estimator
    encoded them (checking every batch would cost up to ~15% of a small
    batch's step).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.losses import LogLoss
    >>> from sklearn_losses.losses._base import check_y_true
    >>> check_y_true(LogLoss(), np.array([0.3, 1.0]), np.zeros(2))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: y_true must hold class indices 0, ..., 1 ... at sample 0. Soft ...
    """
    y = np.asarray(y_true)
    raw_shape = np.shape(raw_prediction)
    n = raw_shape[0]
    n_classes = 2 if len(raw_shape) == 1 or raw_shape[1] == 1 else raw_shape[1]
    if y.ndim == 2 and y.shape[1] > 1:
        if not getattr(loss, "soft_targets", False):
            raise ValueError(
                f"The loss {loss_label(loss)} does not take soft targets (y_true "
                f"of shape {y.shape}, rows of class probabilities): it does not "
                "declare soft_targets = True. Pass class indices."
            )
        _check_soft_rows(y, n, n_classes)
        return
    if y.ndim == 2:  # a column of class indices
        y = y[:, 0]
    if y.shape != (n,):
        raise ValueError(
            f"y_true of shape {y.shape} does not match raw_prediction of shape "
            f"{raw_shape}: one class index per sample ({n},)"
            + (", or rows of class probabilities." if loss.soft_targets else ".")
        )
    bad = ~((y >= 0) & (y < n_classes) & (y == np.floor(y))) if y.size else y
    if np.any(bad):
        row = int(np.argmax(bad))
        raise ValueError(
            f"y_true must hold class indices 0, ..., {n_classes - 1} (raw_prediction "
            f"has {raw_shape[1] if len(raw_shape) == 2 else 1} column(s)); got "
            f"{y[row].tolist()!r} at sample {row}."
            + (
                " Soft targets are 2-D: one row of class probabilities per sample."
                if getattr(loss, "soft_targets", False)
                else ""
            )
        )


def _check_soft_rows(y, n, n_classes):
    """Rows of class probabilities, one per sample, summing to 1."""
    if y.shape != (n, n_classes):
        raise ValueError(
            f"y_true of shape {y.shape} must hold one row of {n_classes} class "
            f"probabilities per sample: shape ({n}, {n_classes})."
        )
    sums = y.sum(axis=1)
    if not (y.min() >= 0 and np.all(np.abs(sums - 1) <= ROW_SUM_TOL)):
        raise ValueError(
            "y_true's rows must be class probabilities: finite, >= 0 and "
            f"summing to 1 (within {ROW_SUM_TOL:g}); the smallest entry is "
            f"{y.min():.6g}, the row sums range over [{sums.min():.8g}, "
            f"{sums.max():.8g}]."
        )


class BaseLoss(ParamsMixin):
    """Base class of the losses over raw output (logits).

    A new loss implements :meth:`loss` and :meth:`gradient`, stores each
    ``__init__`` argument under its own name and declares what each accepts
    in ``_parameter_constraints`` (checked at construction and by
    ``set_params``); this class supplies :meth:`loss_gradient`,
    :meth:`predict_proba`, the weighted mean :meth:`__call__`,
    :meth:`for_classes` and the parameter protocol (``get_params``,
    ``set_params``, ``clone``). Override :meth:`loss_gradient` when one pass
    can share work.

    **The link.** A loss object is configuration: it serves two classes (one
    logit per sample, sigmoid link) and ``K`` classes (``K`` logits, softmax
    link). :meth:`for_classes` binds it to a problem: it returns a copy
    holding the link of that problem in :attr:`link` (:class:`LogitLink` for
    two classes, :class:`SoftmaxLink` for more), which :meth:`predict_proba`
    then uses. An unbound loss (``link`` is None) picks the link from the
    shape of the raw output, so direct calls such as
    ``loss.predict_proba(raw)`` work on either shape.
    ``get_loss(loss, n_classes=K)`` resolves and binds in one call.

    **Soft targets.** A loss that declares ``soft_targets = True`` also
    accepts ``y_true`` of shape ``(n_samples, n_classes)``: rows of class
    probabilities (a distribution over the classes, e.g. a teacher model's
    ``predict_proba``), with two columns for a single logit (the target
    probability of class 1 is ``y_true[:, 1]``). Its ``loss`` and
    ``gradient`` then compare the prediction with that distribution; with
    one-hot rows they give what the labels give. The estimator refuses soft
    targets for a loss that does not declare them.

    Attributes
    ----------
    name : str
        Registry name.
    lower_bound : float
        Infimum of the pointwise loss; a value below it is a bug.
    target_types : frozenset of {"binary", "multiclass"}
        The targets the loss can serve.
    soft_targets : bool
        Whether ``y_true`` may be a 2-D array of class probabilities (see
        above); False by default.
    link : LogitLink, SoftmaxLink or None
        The link of the problem the loss is bound to; None until
        :meth:`for_classes` binds it.
    finite_intercept_optimum : bool
        Whether the best model without weights (intercepts alone) is finite
        on data where every class occurs; False by default. Declaring it
        lets ``alphas="auto"`` compute ``alpha_max`` in closed form and the
        lbfgs solver return exact zero weights from there on; without it
        ``alpha_max`` is found by bisection.

    Examples
    --------
    A hinge loss on the single logit, written as a user would:

    >>> import numpy as np
    >>> from sklearn_losses.losses import BaseLoss, check_loss
    >>> class Hinge(BaseLoss):
    ...     name = "hinge"
    ...     target_types = frozenset({"binary"})
    ...     def loss(self, y_true, raw_prediction):
    ...         margin = (2 * np.asarray(y_true) - 1) * raw_prediction.reshape(-1)
    ...         return np.maximum(0, 1 - margin).astype(raw_prediction.dtype)
    ...     def gradient(self, y_true, raw_prediction):
    ...         sign = (2 * np.asarray(y_true) - 1).astype(raw_prediction.dtype)
    ...         margin = sign * raw_prediction.reshape(-1)
    ...         grad = np.where(margin < 1, -sign, 0).astype(raw_prediction.dtype)
    ...         return grad.reshape(raw_prediction.shape)
    >>> Hinge()(np.array([1, 0]), np.array([2.0, 0.5]))
    0.75
    >>> check_loss(Hinge()).passed
    True
    >>> Hinge().link is None, Hinge().for_classes(2).link
    (True, LogitLink())
    """

    name = None
    lower_bound = 0.0
    target_types = frozenset({"binary", "multiclass"})
    soft_targets = False
    link = None
    finite_intercept_optimum = False

    def for_classes(self, n_classes):
        """A copy of this loss bound to a problem with ``n_classes`` classes.

        Parameters
        ----------
        n_classes : int
            Number of classes, ``>= 2``: 2 gives one logit per sample and the
            :class:`LogitLink`, more give one logit per class and the
            :class:`SoftmaxLink`.

        Returns
        -------
        BaseLoss
            A copy with the same hyperparameters whose :attr:`link` is set;
            this loss is left unchanged.
        """
        bound = copy.copy(self)
        bound.link = LogitLink() if n_classes == 2 else SoftmaxLink()
        return bound

    def loss(self, y_true, raw_prediction):
        """Pointwise loss.

        Parameters
        ----------
        y_true : ndarray of shape (n_samples,) or (n_samples, n_classes)
            Class indices (binary: 0/1); floats are accepted. A loss with
            ``soft_targets`` also takes rows of class probabilities. The
            built-in losses refuse anything else in ``loss``, ``gradient``
            and ``__call__`` (:func:`check_y_true`); ``loss_gradient``, the
            solvers' path, trusts its input.
        raw_prediction : ndarray of shape (n_samples,), (n_samples, 1) or \
(n_samples, n_classes)
            Raw output (logits).

        Returns
        -------
        ndarray of shape (n_samples,)
            Loss of each sample, in the dtype of ``raw_prediction``.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement loss().")

    def gradient(self, y_true, raw_prediction):
        """Gradient of the pointwise loss with respect to the raw output.

        Parameters
        ----------
        y_true, raw_prediction : ndarray
            As in :meth:`loss`.

        Returns
        -------
        ndarray
            Same shape and dtype as ``raw_prediction``; row ``i`` is the
            derivative of ``loss[i]`` with respect to ``raw_prediction[i]``.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement gradient().")

    def loss_gradient(self, y_true, raw_prediction):
        """Pointwise loss and its gradient in one call.

        Parameters
        ----------
        y_true, raw_prediction : ndarray
            As in :meth:`loss`; one pass may share work between the two.

        Returns
        -------
        loss : ndarray of shape (n_samples,)
            As :meth:`loss`.
        gradient : ndarray
            As :meth:`gradient`.
        """
        return self.loss(y_true, raw_prediction), self.gradient(y_true, raw_prediction)

    def predict_proba(self, raw_prediction):
        """Class probabilities from raw output through the loss's link.

        Parameters
        ----------
        raw_prediction : ndarray
            Raw output: one logit per sample (sigmoid) or one column per
            class (softmax). A bound loss uses its :attr:`link`; an unbound
            one the link that serves this shape.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Rows sum to 1; two columns ``[1 - p, p]`` for a single logit.
        """
        link = self.link if self.link is not None else get_link(raw_prediction)
        return link.predict_proba(raw_prediction)

    def __call__(self, y_true, raw_prediction, sample_weight=None):
        """Weighted mean of the pointwise loss.

        Parameters
        ----------
        y_true, raw_prediction : ndarray
            As in :meth:`loss`.
        sample_weight : ndarray of shape (n_samples,), default=None
            Non-negative weights; None weighs every sample 1.

        Returns
        -------
        float
            ``sum_i w_i loss_i / sum_i w_i``.
        """
        check_y_true(self, y_true, raw_prediction)
        loss = self.loss(y_true, as_float(raw_prediction))
        return float(np.average(loss, weights=sample_weight))
