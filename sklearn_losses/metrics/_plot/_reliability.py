"""Reliability diagram with a histogram of the predictions beneath it."""

import weakref
from numbers import Integral, Real

import numpy as np
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    StrOptions,
    validate_params,
)

from ..._constraints import Count
from .._binning import bin_columns, bin_ids
from .._calibration import calibration_error_from_bins
from .._consistency import consistency_band
from .._validation import BINNING_CONSTRAINTS, TARGET_CONSTRAINTS, check_target

# Main axes -> the histogram axes drawn beneath it, so that a second model
# plotted on the same axes adds its histogram to the same place.
_HIST_AXES = weakref.WeakKeyDictionary()

_PLOT_CONSTRAINTS = {
    "name": [str, None],
    "kind": [StrOptions({"curve", "bars"})],
    "hist": ["boolean"],
    "ref_line": ["boolean"],
    "consistency_bands": [Interval(Real, 0, 1, closed="neither"), None],
    "n_resamples": [Count(Integral, 1, None, closed="left")],
    "random_state": ["random_state"],
}


def _diagram_and_hist_axes(ax, hist, hist_ax):
    """The diagram's axes and the histogram's (None without a histogram)."""
    import matplotlib.pyplot as plt

    if ax is None:
        if not (hist and hist_ax is None):
            return plt.subplots()[1], hist_ax
        _, (ax, hist_ax) = plt.subplots(
            2, 1, sharex=True, figsize=(6.0, 6.5), gridspec_kw={"height_ratios": [3, 1]}
        )
        _HIST_AXES[ax] = hist_ax
    elif hist and hist_ax is None:
        hist_ax = _HIST_AXES.get(ax)
        if hist_ax is None:
            from mpl_toolkits.axes_grid1 import make_axes_locatable

            hist_ax = make_axes_locatable(ax).append_axes(
                "bottom", size="33%", pad=0.35, sharex=ax
            )
            _HIST_AXES[ax] = hist_ax
    return ax, hist_ax


class ReliabilityDiagramDisplay:
    """Reliability diagram with a histogram of the predictions beneath it.

    The mean outcome of each bin is drawn against its mean predicted
    probability (a curve, or bars over the bins), with the diagonal of perfect
    calibration, the ECE in the legend, and the histogram of the predicted
    probabilities (confidences, for multiclass) in a second axes beneath.
    Create it with :meth:`from_estimator` or :meth:`from_predictions`; call
    :meth:`plot` with the ``ax`` of a previous display to compare models on
    one axes. With ``consistency_bands=0.9``, each bin also gets the band in
    which a perfectly calibrated model with the same predictions and weights
    would put its observed frequency 90% of the time (Bröcker and Smith,
    2007): a point outside its band is a gap chance alone rarely makes.

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
    band_low_ : ndarray of shape (n_nonempty_bins,) or None
        Lower end of each non-empty bin's consistency band (None without
        ``consistency_bands``).
    band_high_ : ndarray of shape (n_nonempty_bins,) or None
        Upper end of each non-empty bin's consistency band.
    band_ : matplotlib ErrorbarContainer or None
        The consistency bands, one vertical bar per bin at its mean
        predicted probability.
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
    >>> from sklearn_losses.metrics import ReliabilityDiagramDisplay
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.naive_bayes import GaussianNB
    >>> X, y = make_classification(n_samples=300, random_state=0)
    >>> lr = LogisticRegression().fit(X, y)
    >>> nb = GaussianNB().fit(X, y)
    >>> disp = ReliabilityDiagramDisplay.from_estimator(lr, X, y, n_bins=10)
    >>> disp = ReliabilityDiagramDisplay.from_estimator(nb, X, y, ax=disp.ax_)
    >>> len(disp.ax_.get_lines())  # the diagonal and two curves
    3

    With the 90% consistency bands of a calibrated model:

    >>> disp = ReliabilityDiagramDisplay.from_estimator(
    ...     lr, X, y, n_bins=5, consistency_bands=0.9, random_state=0)
    >>> disp.band_.get_label()
    '90% consistency band (LogisticRegression)'
    >>> bool(((disp.band_low_ <= disp.prob_pred)
    ...       & (disp.prob_pred <= disp.band_high_)).all())
    True

    References
    ----------
    Bröcker, J. and Smith, L. A. (2007). Increasing the reliability of
    reliability diagrams. *Weather and Forecasting*, 22(3), 651-661.
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

    @validate_params(_PLOT_CONSTRAINTS, prefer_skip_nested_validation=True)
    def plot(
        self,
        ax=None,
        *,
        name=None,
        kind="curve",
        hist=True,
        hist_ax=None,
        ref_line=True,
        consistency_bands=None,
        n_resamples=1000,
        random_state=None,
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
        consistency_bands : float in (0, 1), default=None
            Coverage of the consistency band drawn at each bin (e.g. 0.9);
            None draws none. The band holds the central ``consistency_bands``
            share of the bin's observed frequencies over ``n_resamples``
            outcome sets drawn from the predictions themselves (outcome 1
            with the predicted probability, or, top-label, a correct
            prediction with the confidence), binned like the diagram and
            weighted by ``sample_weight`` as frequency weights (a weight of 2
            counts as two rows). Its ends are drawn frequencies, so a
            calibrated model's point falls inside at least that often, up to
            the resampling error.
        n_resamples : int, default=1000
            Number of drawn outcome sets for the band.
        random_state : int, RandomState instance or None, default=None
            Controls the drawn outcomes; an int makes the band reproducible.
        **kwargs : dict
            Passed to ``ax.plot`` (curve) or ``ax.bar`` (bars).

        Returns
        -------
        ReliabilityDiagramDisplay
            This display, with the artists stored.
        """
        ax, hist_ax = _diagram_and_hist_axes(ax, hist, hist_ax)
        name = self.estimator_name if name is None else name
        ece = f"ECE = {self.ece:.3f}"
        label = ece if name is None else f"{name} ({ece})"

        self.ref_line_ = None
        ref_label = "Perfectly calibrated"
        if ref_line and ref_label not in ax.get_legend_handles_labels()[1]:
            (self.ref_line_,) = ax.plot([0, 1], [0, 1], "k:", label=ref_label)
        color = self._plot_reliability(ax, kind, label, kwargs)
        self._plot_band(ax, color, name, consistency_bands, n_resamples, random_state)
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

    def _plot_band(self, ax, color, name, coverage, n_resamples, random_state):
        """Compute and draw the consistency bands (nothing when not asked)."""
        self.band_low_ = self.band_high_ = self.band_ = None
        if coverage is None:
            return
        self.band_low_, self.band_high_ = consistency_band(
            self.y_prob,
            bin_ids(self.y_prob, self.bin_edges),
            self.sample_weight,
            coverage=coverage,
            n_resamples=n_resamples,
            random_state=random_state,
        )
        label = f"{100 * coverage:g}% consistency band"
        self.band_ = ax.errorbar(
            self.prob_pred,
            (self.band_low_ + self.band_high_) / 2,
            yerr=(self.band_high_ - self.band_low_) / 2,
            fmt="none",
            ecolor=color,
            elinewidth=5,
            alpha=0.35,
            capsize=4,
            zorder=1,
            label=label if name is None else f"{label} ({name})",
        )

    def _plot_reliability(self, ax, kind, label, kwargs):
        """Draw the curve or the bars; return their colour."""
        self.line_ = self.bars_ = None
        if kind == "curve":
            (self.line_,) = ax.plot(
                self.prob_pred, self.prob_true, marker="s", label=label, **kwargs
            )
            return self.line_.get_color()
        nonempty = np.asarray(self.bin_weights) > 0
        kwargs = {"alpha": 0.6, "edgecolor": "black", **kwargs}
        self.bars_ = ax.bar(
            self.bin_edges[:-1][nonempty],
            self.prob_true,
            width=np.diff(self.bin_edges)[nonempty],
            align="edge",
            label=label,
            **kwargs,
        )
        return self.bars_.patches[0].get_facecolor()

    @classmethod
    @validate_params(
        {**TARGET_CONSTRAINTS, **BINNING_CONSTRAINTS, **_PLOT_CONSTRAINTS},
        prefer_skip_nested_validation=True,
    )
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
        consistency_bands=None,
        n_resamples=1000,
        random_state=None,
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
        consistency_bands : float in (0, 1), default=None
            Coverage of the per-bin consistency band (e.g. 0.9), or None for
            none; see :meth:`plot`.
        n_resamples : int, default=1000
            Number of drawn outcome sets for the band.
        random_state : int, RandomState instance or None, default=None
            Controls the drawn outcomes of the band.
        **kwargs : dict
            Passed to :meth:`plot`.

        Returns
        -------
        ReliabilityDiagramDisplay
            The display of these predictions, drawn.

        Examples
        --------
        >>> from sklearn_losses.metrics import ReliabilityDiagramDisplay
        >>> disp = ReliabilityDiagramDisplay.from_predictions(
        ...     [0, 0, 1, 1], [0.1, 0.4, 0.6, 0.9], n_bins=2, name="toy")
        >>> disp.line_.get_label()
        'toy (ECE = 0.250)'
        """
        target = check_target(y_true, y_prob, sample_weight, labels)
        conf, outcome = target.columns()
        bins = bin_columns(conf, outcome, target.sample_weight, n_bins, strategy)
        total, nonempty = bins.total[0], bins.total[0] > 0
        display = cls(
            bins.sum_target[0][nonempty] / total[nonempty],
            bins.sum_conf[0][nonempty] / total[nonempty],
            conf[:, 0],
            bin_edges=np.array(bins.edges[0]),
            bin_weights=total,
            ece=calibration_error_from_bins(bins),
            estimator_name=name,
            top_label=not target.is_binary,
            sample_weight=target.sample_weight,
        )
        return display.plot(
            ax=ax,
            kind=kind,
            hist=hist,
            ref_line=ref_line,
            consistency_bands=consistency_bands,
            n_resamples=n_resamples,
            random_state=random_state,
            **kwargs,
        )

    @classmethod
    # The options are validated once, by from_predictions.
    @validate_params(
        {"estimator": [HasMethods(["predict_proba"])]},
        prefer_skip_nested_validation=False,
    )
    def from_estimator(
        cls, estimator, X, y, *, sample_weight=None, name=None, **kwargs
    ):
        """Reliability diagram of a fitted classifier's ``predict_proba``.

        Parameters
        ----------
        estimator : fitted classifier
            Must have ``predict_proba``; its ``classes_`` name the columns.
        X : array-like of shape (n_samples, n_features)
            Input data.
        y : array-like of shape (n_samples,)
            True labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.
        name : str, default=None
            Legend name; defaults to the estimator's class name.
        **kwargs : dict
            The other options of :meth:`from_predictions` (``n_bins``,
            ``strategy``, ``ax``, ``kind``, ``hist``, ``ref_line``,
            ``consistency_bands``, ``n_resamples``, ``random_state``) and
            keyword arguments of :meth:`plot`.

        Returns
        -------
        ReliabilityDiagramDisplay
            The display of the estimator's predictions, drawn.

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
        return cls.from_predictions(
            y,
            estimator.predict_proba(X),
            sample_weight=sample_weight,
            labels=getattr(estimator, "classes_", None),
            name=type(estimator).__name__ if name is None else name,
            **kwargs,
        )
