"""Training (and validation) loss per epoch."""

import numpy as np
from sklearn.exceptions import NotFittedError

from sklearn_losses._validation import check_array_1d_or_2d

from ._axes import get_axes, plot_solid_and_dashed


class LossCurveDisplay:
    """Training (and validation) loss per epoch of a fitted classifier.

    Parameters
    ----------
    loss_curve : array-like of shape (n_epochs,)
        Training loss per epoch.
    validation_loss_curve : array-like of shape (n_epochs,), default=None
        Validation loss per epoch (early stopping).
    estimator_name : str, default=None
        Name in the legend.

    Attributes
    ----------
    line_ : matplotlib Line2D
        The training curve.
    validation_line_ : matplotlib Line2D or None
        The validation curve.
    ax_ : matplotlib Axes
        Axes of the plot.
    figure_ : matplotlib Figure
        Figure of the plot.

    Examples
    --------
    >>> from sklearn_losses.metrics import LossCurveDisplay
    >>> disp = LossCurveDisplay([0.7, 0.5, 0.4], [0.72, 0.6, 0.55]).plot()
    >>> disp.validation_line_.get_label()
    'validation'
    """

    def __init__(self, loss_curve, validation_loss_curve=None, *, estimator_name=None):
        self.loss_curve = loss_curve
        self.validation_loss_curve = validation_loss_curve
        self.estimator_name = estimator_name

    def plot(self, ax=None, *, name=None, **kwargs):
        """Draw the training curve and, if recorded, the validation curve.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw the curves on; ``None`` makes a new figure.
        name : str, default=None
            Prefix of the legend labels; defaults to ``estimator_name``.
        **kwargs : dict
            Passed to ``ax.plot`` for both curves.

        Returns
        -------
        LossCurveDisplay
            This display, with the artists stored.
        """
        ax = get_axes(ax)
        name = self.estimator_name if name is None else name
        prefix = "" if name is None else f"{name} "
        loss = check_array_1d_or_2d(self.loss_curve, "loss_curve")
        validation = None
        if self.validation_loss_curve is not None:
            val = check_array_1d_or_2d(
                self.validation_loss_curve, "validation_loss_curve"
            )
            validation = (np.arange(1, len(val) + 1), val)
        self.line_, self.validation_line_ = plot_solid_and_dashed(
            ax,
            (np.arange(1, len(loss) + 1), loss),
            validation,
            (f"{prefix}training", f"{prefix}validation"),
            kwargs,
        )
        ax.set(xlabel="Epoch", ylabel="Loss")
        ax.legend(loc="upper right")
        self.ax_ = ax
        self.figure_ = ax.figure
        return self

    @classmethod
    def from_estimator(cls, estimator, *, ax=None, name=None, **kwargs):
        """Loss curves of a fitted estimator.

        Uses ``estimator.loss_curve_`` and, if the estimator has it,
        ``estimator.validation_loss_curve_`` (``LogisticMLPClassifier`` with
        ``early_stopping=True``). Also works with
        :class:`sklearn.neural_network.MLPClassifier` (training curve only).

        Parameters
        ----------
        estimator : fitted estimator
            Has a ``loss_curve_`` attribute.
        ax : matplotlib Axes, default=None
            Axes to draw on.
        name : str, default=None
            Legend prefix; defaults to the estimator's class name.
        **kwargs : dict
            Passed to :meth:`plot`.

        Returns
        -------
        LossCurveDisplay
            The display of the estimator's curves, drawn.

        Examples
        --------
        >>> from sklearn_losses.metrics import LossCurveDisplay
        >>> from sklearn.datasets import make_classification
        >>> from sklearn.neural_network import MLPClassifier
        >>> X, y = make_classification(n_samples=100, random_state=0)
        >>> clf = MLPClassifier(max_iter=500, random_state=0).fit(X, y)
        >>> disp = LossCurveDisplay.from_estimator(clf)
        >>> disp.line_.get_label()
        'MLPClassifier training'
        """
        curve = getattr(estimator, "loss_curve_", None)
        if curve is None:
            raise NotFittedError(
                f"{type(estimator).__name__} has no loss_curve_: fit it first "
                "(LossCurveDisplay needs the loss recorded per epoch)."
            )
        display = cls(
            curve,
            getattr(estimator, "validation_loss_curve_", None),
            estimator_name=type(estimator).__name__ if name is None else name,
        )
        return display.plot(ax=ax, **kwargs)
