"""A loss against the predicted probability, for y = 1 and y = 0."""

from numbers import Integral, Real

import numpy as np
from sklearn.utils._param_validation import HasMethods, Interval, validate_params

from ._axes import get_axes, plot_solid_and_dashed


class LossFunctionDisplay:
    """A loss against the predicted probability, for y = 1 and y = 0.

    The picture of how a loss punishes confident mistakes: for a binary loss
    of ``sklearn_losses.losses`` the pointwise loss of a prediction ``p`` is
    drawn when the true label is 1 (solid) and when it is 0 (dashed). Plot
    several losses on one axes to compare them.

    Parameters
    ----------
    y_prob : ndarray of shape (n_points,)
        Predicted probabilities of the positive class.
    loss_pos : ndarray of shape (n_points,)
        Loss at each probability when the true label is 1.
    loss_neg : ndarray of shape (n_points,)
        Loss at each probability when the true label is 0.
    loss_name : str, default=None
        Name in the legend.

    Attributes
    ----------
    line_pos_ : matplotlib Line2D
        The y = 1 curve.
    line_neg_ : matplotlib Line2D
        The y = 0 curve.
    ax_ : matplotlib Axes
        Axes of the plot.
    figure_ : matplotlib Figure
        Figure of the plot.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.metrics import LossFunctionDisplay
    >>> p = np.linspace(0.01, 0.99, 50)
    >>> disp = LossFunctionDisplay(p, -np.log(p), -np.log1p(-p), loss_name="log").plot()
    >>> disp.line_pos_.get_label()
    'log, y = 1'
    """

    def __init__(self, y_prob, loss_pos, loss_neg, *, loss_name=None):
        self.y_prob = y_prob
        self.loss_pos = loss_pos
        self.loss_neg = loss_neg
        self.loss_name = loss_name

    def plot(self, ax=None, *, name=None, **kwargs):
        """Draw the loss for y = 1 (solid) and y = 0 (dashed).

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; ``None`` makes a new figure.
        name : str, default=None
            Prefix of both legend labels; defaults to ``loss_name``.
        **kwargs : dict
            Passed to ``ax.plot`` for the y = 1 and the y = 0 curve.

        Returns
        -------
        LossFunctionDisplay
            This display, with its two lines stored.
        """
        ax = get_axes(ax)
        name = self.loss_name if name is None else name
        prefix = "" if name is None else f"{name}, "
        self.line_pos_, self.line_neg_ = plot_solid_and_dashed(
            ax,
            (self.y_prob, self.loss_pos),
            (self.y_prob, self.loss_neg),
            (f"{prefix}y = 1", f"{prefix}y = 0"),
            kwargs,
        )
        ax.set(xlabel="Predicted probability of class 1", ylabel="Loss", xlim=(0, 1))
        ax.legend(loc="upper center")
        self.ax_ = ax
        self.figure_ = ax.figure
        return self

    @classmethod
    @validate_params(
        {
            "loss": [str, HasMethods(["loss"])],
            "n_points": [Interval(Integral, 2, None, closed="left")],
            "eps": [Interval(Real, 0, 0.5, closed="neither")],
        },
        prefer_skip_nested_validation=True,
    )
    def from_loss(cls, loss="log_loss", *, n_points=200, eps=1e-3, ax=None, **kwargs):
        """Draw a registered loss (name) or a loss object.

        The probabilities ``p`` run over ``[eps, 1 - eps]``; the loss is
        evaluated on the binary logit ``log(p / (1 - p))`` with
        ``loss.loss(y_true, raw_prediction)``.

        Parameters
        ----------
        loss : str or loss object, default="log_loss"
            A name of ``sklearn_losses.losses.LOSSES`` or an object with a
            ``loss(y_true, raw_prediction)`` method.
        n_points : int, default=200
            Number of probabilities, at least 2.
        eps : float, default=1e-3
            Distance of the first and last probability from 0 and 1, in
            (0, 0.5).
        ax : matplotlib Axes, default=None
            Axes to draw on.
        **kwargs : dict
            Passed to :meth:`plot`.

        Returns
        -------
        LossFunctionDisplay
            The drawn display.

        Examples
        --------
        >>> from sklearn_losses.metrics import LossFunctionDisplay
        >>> disp = LossFunctionDisplay.from_loss("log_loss")
        >>> disp = LossFunctionDisplay.from_loss("squared_error", ax=disp.ax_)
        >>> len(disp.ax_.get_lines())
        4
        """
        if hasattr(loss, "loss"):
            loss_obj = loss
        else:
            from sklearn_losses.losses import get_loss

            loss_obj = get_loss(loss)
        p = np.linspace(eps, 1 - eps, n_points)
        raw = np.log(p) - np.log1p(-p)
        loss_pos = np.asarray(loss_obj.loss(np.ones(n_points), raw), dtype=float)
        loss_neg = np.asarray(loss_obj.loss(np.zeros(n_points), raw), dtype=float)
        name = getattr(loss_obj, "name", None) or type(loss_obj).__name__
        display = cls(p, loss_pos, loss_neg, loss_name=name)
        return display.plot(ax=ax, **kwargs)
