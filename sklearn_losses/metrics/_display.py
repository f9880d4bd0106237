"""Displays: reliability diagram, training loss curve, loss against probability.

They follow scikit-learn's display shape: compute in ``from_estimator`` /
``from_predictions``, draw in ``plot(ax=None)``, which returns the display and
stores the matplotlib artists. matplotlib is imported only when drawing.
"""

import weakref

import numpy as np
from sklearn.exceptions import NotFittedError

from sklearn_losses._validation import check_array_1d_or_2d, check_scalar_in_range

from ._base import STRATEGIES, binned_stats, check_n_bins, check_option, check_target
from ._calibration import errors_from_bins

# Main axes -> the histogram axes drawn beneath it, so that a second model
# plotted on the same axes adds its histogram to the same place.
_HIST_AXES = weakref.WeakKeyDictionary()


def _get_axes(ax):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots()
    return ax


class ReliabilityDiagramDisplay:
    """Reliability diagram with a histogram of the predictions beneath it.

    The mean outcome of each bin is drawn against its mean predicted
    probability (a curve, or bars over the bins), with the diagonal of perfect
    calibration, the ECE in the legend, and the histogram of the predicted
    probabilities (confidences, for multiclass) in a second axes beneath.
    Create it with :meth:`from_estimator` or :meth:`from_predictions`; call
    :meth:`plot` with the ``ax`` of a previous display to compare models on
    one axes.

    Parameters
    ----------
    prob_true : ndarray of shape (n_nonempty_bins,)
        Mean outcome per non-empty bin (fraction of positives, or accuracy for
        top-label multiclass).
    prob_pred : ndarray of shape (n_nonempty_bins,)
        Mean predicted probability per non-empty bin.
    y_prob : ndarray of shape (n_samples,)
        The binned predictions (positive-class probability, or top-label
        confidence).
    bin_edges : ndarray of shape (n_bins + 1,)
        Bin edges.
    bin_weights : ndarray of shape (n_bins,)
        Total weight (count) of each bin, 0 for the empty ones.
    ece : float
        Expected calibration error (L1) over these bins.
    estimator_name : str, default=None
        Name in the legend.
    top_label : bool, default=False
        Whether the outcome is top-label accuracy (multiclass).
    sample_weight : ndarray of shape (n_samples,), default=None
        Weights of ``y_prob`` in the histogram (counts when None).

    Attributes
    ----------
    line_ : matplotlib Line2D or None
        The reliability curve (``kind="curve"``).
    bars_ : matplotlib BarContainer or None
        The reliability bars (``kind="bars"``).
    ref_line_ : matplotlib Line2D or None
        The diagonal, drawn once per axes.
    hist_ : list of matplotlib patches or None
        The histogram of ``y_prob``.
    ax_ : matplotlib Axes
        Axes of the diagram.
    hist_ax_ : matplotlib Axes or None
        Axes of the histogram.
    figure_ : matplotlib Figure
        Figure of the diagram.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.naive_bayes import GaussianNB
    >>> from sklearn_losses.metrics import ReliabilityDiagramDisplay
    >>> X, y = make_classification(n_samples=300, random_state=0)
    >>> lr = LogisticRegression().fit(X, y)
    >>> nb = GaussianNB().fit(X, y)
    >>> disp = ReliabilityDiagramDisplay.from_estimator(lr, X, y, n_bins=10)
    >>> disp = ReliabilityDiagramDisplay.from_estimator(nb, X, y, ax=disp.ax_)
    >>> len(disp.ax_.get_lines())  # the diagonal and two curves
    3
    """

    def __init__(
        self,
        prob_true,
        prob_pred,
        y_prob,
        *,
        bin_edges,
        bin_weights,
        ece,
        estimator_name=None,
        top_label=False,
        sample_weight=None,
    ):
        self.prob_true = prob_true
        self.prob_pred = prob_pred
        self.y_prob = y_prob
        self.bin_edges = bin_edges
        self.bin_weights = bin_weights
        self.ece = ece
        self.estimator_name = estimator_name
        self.top_label = top_label
        self.sample_weight = sample_weight

    def plot(
        self,
        ax=None,
        *,
        name=None,
        kind="curve",
        hist=True,
        hist_ax=None,
        ref_line=True,
        **kwargs,
    ):
        """Draw the diagram.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on. ``None`` makes a new figure with the diagram above
            the histogram. When given, the histogram goes into the axes created
            beneath ``ax`` by an earlier display, or into a new one.
        name : str, default=None
            Legend name; defaults to ``estimator_name``.
        kind : {"curve", "bars"}, default="curve"
            A line through the bin means, or one bar per non-empty bin.
        hist : bool, default=True
            Draw the histogram of predictions.
        hist_ax : matplotlib Axes, default=None
            Axes for the histogram, overriding the choice above.
        ref_line : bool, default=True
            Draw the diagonal (once per axes).
        **kwargs : dict
            Passed to ``ax.plot`` (curve) or ``ax.bar`` (bars).

        Returns
        -------
        ReliabilityDiagramDisplay
            This display, with the artists stored.
        """
        import matplotlib.pyplot as plt

        check_option(kind, "kind", ("curve", "bars"))
        if ax is None:
            if hist and hist_ax is None:
                fig, (ax, hist_ax) = plt.subplots(
                    2,
                    1,
                    sharex=True,
                    figsize=(6.0, 6.5),
                    gridspec_kw={"height_ratios": [3, 1]},
                )
                _HIST_AXES[ax] = hist_ax
            else:
                _, ax = plt.subplots()
        elif hist and hist_ax is None:
            hist_ax = _HIST_AXES.get(ax)
            if hist_ax is None:
                from mpl_toolkits.axes_grid1 import make_axes_locatable

                hist_ax = make_axes_locatable(ax).append_axes(
                    "bottom", size="33%", pad=0.35, sharex=ax
                )
                _HIST_AXES[ax] = hist_ax

        name = self.estimator_name if name is None else name
        label = (
            f"ECE = {self.ece:.3f}"
            if name is None
            else f"{name} (ECE = {self.ece:.3f})"
        )

        self.ref_line_ = None
        ref_label = "Perfectly calibrated"
        if ref_line and ref_label not in ax.get_legend_handles_labels()[1]:
            (self.ref_line_,) = ax.plot([0, 1], [0, 1], "k:", label=ref_label)

        self.line_ = self.bars_ = None
        if kind == "curve":
            (self.line_,) = ax.plot(
                self.prob_pred, self.prob_true, marker="s", label=label, **kwargs
            )
            color = self.line_.get_color()
        else:
            edges = self.bin_edges
            nonempty = np.asarray(self.bin_weights) > 0
            left = edges[:-1][nonempty]
            width = np.diff(edges)[nonempty]
            kwargs.setdefault("alpha", 0.6)
            kwargs.setdefault("edgecolor", "black")
            self.bars_ = ax.bar(
                left, self.prob_true, width=width, align="edge", label=label, **kwargs
            )
            color = self.bars_.patches[0].get_facecolor()

        ax.set(
            xlim=(-0.01, 1.01),
            ylim=(-0.01, 1.01),
            ylabel="Accuracy" if self.top_label else "Fraction of positives",
        )
        ax.legend(loc="upper left")
        xlabel = "Confidence" if self.top_label else "Mean predicted probability"

        self.hist_ = None
        if hist:
            _, _, self.hist_ = hist_ax.hist(
                self.y_prob,
                bins=np.linspace(0.0, 1.0, len(self.bin_edges)),
                weights=self.sample_weight,
                histtype="step",
                color=color,
                label=label,
            )
            ylabel = "Count" if self.sample_weight is None else "Weight"
            hist_ax.set(xlabel=xlabel, ylabel=ylabel)
        else:
            ax.set_xlabel(xlabel)
        self.ax_ = ax
        self.hist_ax_ = hist_ax if hist else None
        self.figure_ = ax.figure
        return self

    @classmethod
    def from_predictions(
        cls,
        y_true,
        y_prob,
        *,
        n_bins=15,
        strategy="uniform",
        sample_weight=None,
        labels=None,
        name=None,
        ax=None,
        kind="curve",
        hist=True,
        ref_line=True,
        **kwargs,
    ):
        """Reliability diagram of given predictions.

        Binary predictions are binned by the positive-class probability;
        multiclass ones by top-label confidence against correctness, with the
        bins of :func:`expected_calibration_error`.

        Parameters
        ----------
        y_true : array-like of shape (n_samples,)
            True labels.
        y_prob : array-like of shape (n_samples,) or (n_samples, n_classes)
            Predicted probabilities.
        n_bins : int, default=15
            Number of bins.
        strategy : {"uniform", "quantile"}, default="uniform"
            Binning strategy.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.
        labels : array-like of shape (n_classes,), default=None
            The classes in the column order of ``y_prob``.
        name : str, default=None
            Legend name.
        ax : matplotlib Axes, default=None
            Axes to draw on (see :meth:`plot`).
        kind : {"curve", "bars"}, default="curve"
            Curve or bars.
        hist : bool, default=True
            Draw the histogram of predictions.
        ref_line : bool, default=True
            Draw the diagonal.
        **kwargs : dict
            Passed to :meth:`plot`.

        Returns
        -------
        ReliabilityDiagramDisplay
            The drawn display.

        Examples
        --------
        >>> from sklearn_losses.metrics import ReliabilityDiagramDisplay
        >>> disp = ReliabilityDiagramDisplay.from_predictions(
        ...     [0, 0, 1, 1], [0.1, 0.4, 0.6, 0.9], n_bins=2, name="toy")
        >>> disp.line_.get_label()
        'toy (ECE = 0.250)'
        """
        check_n_bins(n_bins)
        check_option(strategy, "strategy", STRATEGIES)
        target = check_target(y_true, y_prob, sample_weight, labels)
        conf, outcome = target.confidence_and_outcome()
        total, sum_conf, sum_target, edges, _ = binned_stats(
            conf, outcome, target.sample_weight, n_bins, strategy
        )
        nonempty = total > 0
        display = cls(
            sum_target[nonempty] / total[nonempty],
            sum_conf[nonempty] / total[nonempty],
            conf,
            bin_edges=edges,
            bin_weights=total,
            ece=float(errors_from_bins(total, sum_conf, sum_target)),
            estimator_name=name,
            top_label=not target.is_binary,
            sample_weight=target.sample_weight,
        )
        return display.plot(ax=ax, kind=kind, hist=hist, ref_line=ref_line, **kwargs)

    @classmethod
    def from_estimator(
        cls,
        estimator,
        X,
        y,
        *,
        n_bins=15,
        strategy="uniform",
        sample_weight=None,
        name=None,
        ax=None,
        kind="curve",
        hist=True,
        ref_line=True,
        **kwargs,
    ):
        """Reliability diagram of a fitted classifier's ``predict_proba``.

        Parameters
        ----------
        estimator : fitted classifier
            Must have ``predict_proba`` and ``classes_``.
        X : array-like of shape (n_samples, n_features)
            Input data.
        y : array-like of shape (n_samples,)
            True labels.
        n_bins : int, default=15
            Number of bins.
        strategy : {"uniform", "quantile"}, default="uniform"
            Binning strategy.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.
        name : str, default=None
            Legend name; defaults to the estimator's class name.
        ax : matplotlib Axes, default=None
            Axes to draw on (see :meth:`plot`).
        kind : {"curve", "bars"}, default="curve"
            Curve or bars.
        hist : bool, default=True
            Draw the histogram of predictions.
        ref_line : bool, default=True
            Draw the diagonal.
        **kwargs : dict
            Passed to :meth:`plot`.

        Returns
        -------
        ReliabilityDiagramDisplay
            The drawn display.

        Examples
        --------
        >>> from sklearn.datasets import load_iris
        >>> from sklearn.linear_model import LogisticRegression
        >>> from sklearn_losses.metrics import ReliabilityDiagramDisplay
        >>> X, y = load_iris(return_X_y=True)
        >>> clf = LogisticRegression(max_iter=500).fit(X, y)
        >>> disp = ReliabilityDiagramDisplay.from_estimator(clf, X, y, kind="bars")
        >>> disp.ax_.get_ylabel()
        'Accuracy'
        """
        if not hasattr(estimator, "predict_proba"):
            raise ValueError(
                f"{type(estimator).__name__} has no predict_proba; a reliability "
                "diagram needs predicted probabilities."
            )
        y_prob = estimator.predict_proba(X)
        name = type(estimator).__name__ if name is None else name
        return cls.from_predictions(
            y,
            y_prob,
            n_bins=n_bins,
            strategy=strategy,
            sample_weight=sample_weight,
            labels=getattr(estimator, "classes_", None),
            name=name,
            ax=ax,
            kind=kind,
            hist=hist,
            ref_line=ref_line,
            **kwargs,
        )


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
        """Draw the curves.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; ``None`` makes a new figure.
        name : str, default=None
            Prefix of the legend labels; defaults to ``estimator_name``.
        **kwargs : dict
            Passed to ``ax.plot`` for both curves.

        Returns
        -------
        LossCurveDisplay
            This display, with the artists stored.
        """
        ax = _get_axes(ax)
        name = self.estimator_name if name is None else name
        prefix = "" if name is None else f"{name} "
        loss = check_array_1d_or_2d(self.loss_curve, "loss_curve")
        epochs = np.arange(1, len(loss) + 1)
        (self.line_,) = ax.plot(epochs, loss, label=f"{prefix}training", **kwargs)
        self.validation_line_ = None
        if self.validation_loss_curve is not None:
            val = check_array_1d_or_2d(
                self.validation_loss_curve, "validation_loss_curve"
            )
            (self.validation_line_,) = ax.plot(
                np.arange(1, len(val) + 1),
                val,
                linestyle="--",
                color=self.line_.get_color(),
                label=f"{prefix}validation",
                **{k: v for k, v in kwargs.items() if k not in ("color", "linestyle")},
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
            The drawn display.

        Examples
        --------
        >>> from sklearn.datasets import make_classification
        >>> from sklearn.neural_network import MLPClassifier
        >>> from sklearn_losses.metrics import LossCurveDisplay
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
        """Draw the two curves.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; ``None`` makes a new figure.
        name : str, default=None
            Legend prefix; defaults to ``loss_name``.
        **kwargs : dict
            Passed to ``ax.plot`` for both curves.

        Returns
        -------
        LossFunctionDisplay
            This display, with the artists stored.
        """
        ax = _get_axes(ax)
        name = self.loss_name if name is None else name
        prefix = "" if name is None else f"{name}, "
        (self.line_pos_,) = ax.plot(
            self.y_prob, self.loss_pos, label=f"{prefix}y = 1", **kwargs
        )
        kwargs = {k: v for k, v in kwargs.items() if k not in ("color", "linestyle")}
        (self.line_neg_,) = ax.plot(
            self.y_prob,
            self.loss_neg,
            linestyle="--",
            color=self.line_pos_.get_color(),
            label=f"{prefix}y = 0",
            **kwargs,
        )
        ax.set(xlabel="Predicted probability of class 1", ylabel="Loss", xlim=(0, 1))
        ax.legend(loc="upper center")
        self.ax_ = ax
        self.figure_ = ax.figure
        return self

    @classmethod
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
        check_scalar_in_range(n_points, "n_points", low=2, integer=True)
        check_scalar_in_range(eps, "eps")
        if not 0 < eps < 0.5:
            raise ValueError(f"eps must be in (0, 0.5); got {eps!r}.")
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
