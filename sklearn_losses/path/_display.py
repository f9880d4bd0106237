"""Pictures of a regularization path: coefficients, boundary panels, scores.

matplotlib is imported inside the functions that draw.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    StrOptions,
    validate_params,
)

from sklearn_losses.path._compare import (
    SideBySideFrames,
    check_paths,
    frames_jshtml,
    plot_compared_scores,
    resolve_method,
)
from sklearn_losses.path._constraints import (
    FRAME_CONSTRAINTS,
    MAX_FPS,
    MIN_FPS,
    RESPONSE_METHODS,
)
from sklearn_losses.path._frames import (
    BoundaryFigure,
    class_colors,
    draw_panel,
    labelled_title,
    legend_handles,
    note_width,
    regions,
    resolve_response_method,
    shade_table,
)
from sklearn_losses.path._plane import resolve_plane
from sklearn_losses.path._text import (
    describe_fit,
    grid_title,
    panel_title,
    param_short,
    slice_note,
)

__all__ = ["RegularizationPathDisplay"]

# The points drawn and how, as from_path and from_paths take them.
_POINTS_CONSTRAINTS = {
    "X": ["array-like"],
    "y": ["array-like"],
    "features": ["array-like"],
    "grid_resolution": [Interval(Integral, 2, 2000, closed="both")],
    "response_method": [StrOptions(set(RESPONSE_METHODS))],
    "feature_names": ["array-like", None],
    "class_names": ["array-like", None],
}


def _label_lines(drawn, coef, names):
    """Name each line of a single layer by its input feature (and output)."""
    # Row-major ravel: line j is input j // n_out, output j % n_out.
    n_out = coef.shape[1]
    for j, line in enumerate(drawn):
        feature = j // n_out
        label = f"feature {feature}" if names is None else str(names[feature])
        if n_out > 1:
            label += f" (output {j % n_out})"
        line.set_label(label)
        line.set_color(f"C{j % 10}")


def plot_coefficients(path, ax, layer):
    """Draw every weight of ``path`` against alpha; return ``(ax, lines)``."""
    n_layers = len(path.coefs_[0])
    if n_layers == 0:
        raise ValueError("The estimators expose no coefficients to plot.")
    if layer is not None and layer >= n_layers:
        raise ValueError(f"layer must be in [0, {n_layers - 1}]; got {layer}.")
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
    layers = range(n_layers) if layer is None else [layer]
    order = np.argsort(path.alphas_, kind="stable")
    alphas = path.alphas_[order]
    names = getattr(path.estimators_[0], "feature_names_in_", None)
    lines = []
    for color, k in enumerate(layers):
        weights = np.stack([path.coefs_[i][k].ravel() for i in order])
        drawn = ax.plot(alphas, weights, color=f"C{color % 10}", lw=1, alpha=0.8)
        if n_layers > 1:
            drawn[0].set_label(f"layer {k} ({weights.shape[1]} weights)")
        elif weights.shape[1] <= 12:
            _label_lines(drawn, path.coefs_[0][k], names)
        lines.extend(drawn)
    ax.axhline(0.0, color="0.5", lw=0.8, zorder=0)
    ax.set_xscale("log")
    ax.set_xlabel("alpha")
    ax.set_ylabel("weight")
    ax.set_title("Regularization path")
    if any(not line.get_label().startswith("_") for line in lines):
        ax.legend(fontsize="small")
    return ax, lines


def _check_indices(indices, n_alphas):
    """Positions in ``alphas_`` to draw: all of them when None."""
    if indices is None:
        return list(range(n_alphas))
    indices = np.asarray(indices).ravel()
    if indices.size == 0 or not np.issubdtype(indices.dtype, np.integer):
        raise ValueError(f"indices must be positions in alphas_; got {indices!r}.")
    if indices.min() < -n_alphas or indices.max() >= n_alphas:
        raise ValueError(
            f"indices must be in [-{n_alphas}, {n_alphas - 1}] (the positions "
            f"in alphas_); got {indices.tolist()}."
        )
    return [int(i) % n_alphas for i in indices]


def _panel_axes(ax, n_rows, n_cols):
    """A (n_rows, n_cols) array of Axes: new ones, or the user's."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(
            n_rows,
            n_cols,
            figsize=(2.6 * n_cols, 2.3 * n_rows + 1.0),
            sharex=True,
            sharey=True,
            squeeze=False,
            layout="constrained",
        )
        return axes
    axes = np.asarray(ax, dtype=object)
    if axes.size != n_rows * n_cols:
        raise ValueError(
            f"ax must hold {n_rows} x {n_cols} = {n_rows * n_cols} Axes for "
            f"n_cols={n_cols}; got {axes.size}."
        )
    return axes.reshape(n_rows, n_cols)


def _label_panels(axes, n_shown, labels):
    """Name the x axis under each column's lowest panel, the y axis at left."""
    n_cols = axes.shape[1]
    for k in range(n_shown):
        axis = axes.flat[k]
        if k % n_cols == 0:
            axis.set_ylabel(labels[1])
        if k + n_cols >= n_shown:
            # the panel below is hidden: this one carries the x tick labels
            axis.set_xlabel(labels[0])
            axis.xaxis.set_tick_params(labelbottom=True)
    for axis in axes.flat[n_shown:]:
        axis.set_visible(False)


class RegularizationPathDisplay:
    """Decision boundaries and scores along a regularization path.

    The pictures of :meth:`RegularizationPath.animate` where a GIF does not
    fit: a grid of boundary panels for a paper (:meth:`plot_boundaries`),
    the scores and losses against alpha (:meth:`plot_scores`), and the
    animation inside Jupyter (:meth:`to_jshtml`; a display shown as the
    last value of a cell plays it). Make it with :meth:`from_path`, or
    with :meth:`from_paths` to compare several paths (losses, penalties,
    architectures) side by side at the same alphas.

    Each panel shows the regions of one fit in the class colours, shaded by
    the predicted probability, and the points; the axes are named by the
    features and the legend by the classes. With more than two features,
    the others are held fixed, numeric ones at their median and the
    categorical columns of a DataFrame at their most frequent value: the
    figure says so, with their values, and the scores shown are those of
    the full model.

    Parameters
    ----------
    path : RegularizationPath or dict of str to RegularizationPath
        The fitted path, or the paths compared, by label.
    plane : object
        The plane drawn (grid, points, names), as :meth:`from_path` makes it.
    response_method : {"predict_proba", "decision_function", "predict"}
        What shades the regions.

    Attributes
    ----------
    figure_ : matplotlib Figure
        The figure of the last plot.
    axes_ : ndarray of matplotlib Axes of shape (n_rows, n_cols)
        The panels of :meth:`plot_boundaries`; those past the last alpha
        shown are hidden.
    legend_ : matplotlib Legend
        The classes, shared by the panels.
    ax_, loss_ax_ : matplotlib Axes
        The score axis of :meth:`plot_scores` and its twin for the losses.
    lines_ : dict of str to Line2D
        The lines of :meth:`plot_scores`, by the column of
        :meth:`RegularizationPath.to_frame` they draw.

    See Also
    --------
    RegularizationPath.animate : The same frames as a GIF.
    RegularizationPath.plot : The coefficients against alpha.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sklearn_losses import LogisticMLPClassifier, regularization_path
    >>> from sklearn_losses.datasets import load_iris_pair
    >>> from sklearn_losses.path import RegularizationPathDisplay
    >>> iris = load_iris_pair()
    >>> clf = LogisticMLPClassifier((5,), solver="lbfgs", random_state=0)
    >>> path = regularization_path(
    ...     clf, iris.data, iris.target, alphas=np.logspace(-2, 2, 6),
    ...     progress=False,
    ... )
    >>> display = RegularizationPathDisplay.from_path(
    ...     path, iris.data, iris.target, class_names=iris.target_names,
    ...     grid_resolution=30,
    ... )
    >>> display.plot_boundaries(n_cols=4).axes_.shape
    (2, 4)
    >>> [text.get_text() for text in display.legend_.get_texts()]
    ['setosa', 'versicolor']
    >>> sorted(display.plot_scores().lines_)
    ['train_loss', 'train_score']

    Two losses compared, one row (or panel of each frame) per loss:

    >>> focal = regularization_path(
    ...     clf.set_params(loss="focal"), iris.data, iris.target,
    ...     alphas=np.logspace(-2, 2, 6), progress=False,
    ... )
    >>> both = RegularizationPathDisplay.from_paths(
    ...     {"log_loss": path, "focal": focal}, iris.data, iris.target,
    ...     grid_resolution=30,
    ... )
    >>> both.plot_boundaries(indices=[0, 5]).axes_.shape
    (2, 2)
    >>> both.axes_[1, 0].get_title().splitlines()[0]
    'focal: alpha = 0.01'
    """

    def __init__(self, path, plane, response_method):
        self.path = path
        self.plane = plane
        self.response_method = response_method

    def _items(self):
        """``[(label, path)]``: the paths compared, or ``[(None, path)]``."""
        if isinstance(self.path, dict):
            return list(self.path.items())
        return [(None, self.path)]

    @classmethod
    @validate_params(
        {
            "path": [HasMethods(["to_frame"])],
            **_POINTS_CONSTRAINTS,
        },
        prefer_skip_nested_validation=True,
    )
    def from_path(
        cls,
        path,
        X,
        y,
        *,
        features=(0, 1),
        grid_resolution=100,
        response_method="auto",
        feature_names=None,
        class_names=None,
    ):
        """Prepare the pictures of ``path`` over the points ``(X, y)``.

        Parameters
        ----------
        path : RegularizationPath
            The fitted path, of classifiers.
        X : array-like of shape (n_samples, n_features)
            Points to draw (usually the training data): numbers, or a
            DataFrame with categorical (object, string, category, bool)
            columns for a pipeline that encodes them. The grid keeps its
            columns and dtypes.
        y : array-like of shape (n_samples,)
            Their labels, among the estimators' ``classes_``.
        features : pair of int or str, default=(0, 1)
            The two features on the x and y axes (indices or names), both
            numeric; any other feature is held at its median in ``X``, or
            at its most frequent value when categorical.
        grid_resolution : int, default=100
            Grid points per axis for the decision regions (2 to 2000).
        response_method : {"auto", "predict_proba", "decision_function", \
"predict"}, default="auto"
            What shades the regions; "auto" tries them in that order.
        feature_names : array-like of str of shape (n_features,), default=None
            Names of the columns; by default those of ``X`` (a DataFrame)
            or the estimators' ``feature_names_in_``, else "feature 0", ...
        class_names : array-like of str of shape (n_classes,), default=None
            Names of the estimators' ``classes_``, in that order; by
            default the labels themselves.

        Returns
        -------
        display : RegularizationPathDisplay
            Nothing is drawn yet.
        """
        plane = resolve_plane(
            path,
            X,
            y,
            features=features,
            grid_resolution=grid_resolution,
            names=(feature_names, class_names),
        )
        method = resolve_response_method(path.estimators_[0], response_method)
        return cls(path, plane, method)

    @classmethod
    @validate_params(
        {
            "paths": [dict],
            **_POINTS_CONSTRAINTS,
        },
        prefer_skip_nested_validation=True,
    )
    def from_paths(
        cls,
        paths,
        X,
        y,
        *,
        features=(0, 1),
        grid_resolution=100,
        response_method="auto",
        feature_names=None,
        class_names=None,
    ):
        """Compare several paths (losses, penalties, architectures) side by side.

        The paths share one plane (the grid over ``X``'s two ``features``,
        the points ``(X, y)``) and their alphas: frame ``i`` of
        :meth:`to_jshtml` holds one panel per path at ``alphas_[i]``, left
        to right in the dict's order, each the frame of its path alone
        (its title led by its label unless it names it already);
        :meth:`plot_boundaries` draws one row per path and
        :meth:`plot_scores` one line per path.

        Parameters
        ----------
        paths : dict of str to RegularizationPath
            The fitted paths, by label, at the same alphas (in the same
            order) and with the same classes.
        X, y, features, grid_resolution, response_method, feature_names, \
class_names
            As in :meth:`from_path`; the points are checked against every
            path's first estimator, and ``response_method`` must be one
            that all of them have.

        Returns
        -------
        display : RegularizationPathDisplay
            Its ``path`` is the dict of paths; nothing is drawn yet.

        Raises
        ------
        ValueError
            If the paths' alphas or classes differ (naming the labels), or
            ``paths`` is empty.
        """
        items = check_paths(paths)
        # the points must suit every path (features, names), not the first
        # only; an error names the path it is about. The first path's plane
        # is the one drawn; the others are checked on a 2-point grid.
        planes = []
        for label, path in items:
            try:
                planes.append(
                    resolve_plane(
                        path,
                        X,
                        y,
                        features=features,
                        grid_resolution=2 if planes else grid_resolution,
                        names=(feature_names, class_names),
                    )
                )
            except ValueError as exc:
                raise ValueError(f"paths[{label!r}]: {exc}") from None
        return cls(dict(items), planes[0], resolve_method(items, response_method))

    @validate_params(
        {
            "n_cols": [Interval(Integral, 1, None, closed="left")],
            "indices": ["array-like", None],
            "ax": "no_validation",
        },
        prefer_skip_nested_validation=True,
    )
    def plot_boundaries(self, *, n_cols=4, indices=None, ax=None):
        """Draw one boundary panel per alpha, in a grid of ``n_cols`` columns.

        Parameters
        ----------
        n_cols : int, default=4
            Panels per row; the grid has ``ceil(n_panels / n_cols)`` rows,
            and the cells past the last panel are hidden. With several
            paths (:meth:`from_paths`) each row is one path, its panels
            titled by its label, and ``n_cols`` is the number of alphas
            shown.
        indices : array-like of int, default=None
            Positions in ``path.alphas_`` to draw, in that order; all of
            them when None.
        ax : array-like of matplotlib Axes, default=None
            ``n_rows * n_cols`` Axes to draw in; a new figure (constrained
            layout, shared axes) when None.

        Returns
        -------
        self : RegularizationPathDisplay
            With ``figure_``, ``axes_`` and ``legend_``.
        """
        items = self._items()
        shown = _check_indices(indices, len(items[0][1].alphas_))
        # one row per path compared, else the panels of one path in n_cols
        panels = [
            (path, i, labelled_title(label, panel_title(path, i)))
            for label, path in items
            for i in shown
        ]
        compare = len(items) > 1
        if compare:
            n_cols = len(shown)
        n_rows = -(-len(panels) // n_cols)
        axes = _panel_axes(ax, n_rows, n_cols)
        colors = class_colors(len(self.plane.classes))
        table = shade_table(colors)
        for axis, (path, i, text) in zip(axes.flat, panels, strict=False):
            image, _ = draw_panel(axis, self.plane, colors)
            estimator = path.estimators_[i]
            image.set_data(regions(estimator, self.plane, self.response_method, table))
            axis.set_title(text, fontsize="small")
        _label_panels(axes, len(panels), self.plane.labels)
        figure = axes.flat[0].figure
        title = grid_title(items[0][1], self.plane.n_features, compare=compare)
        width = note_width(figure.get_figwidth() * 72 * 0.9)
        plane = self.plane
        note = slice_note(
            plane.held_names, plane.held_values, width, plane.held_kinds or None
        )
        figure.suptitle(title if note is None else f"{title}\n{note}", fontsize="small")
        self.legend_ = figure.legend(
            handles=legend_handles(self.plane, colors),
            loc="outside lower center",
            ncol=min(len(self.plane.classes), 6),
            fontsize="small",
            frameon=False,
        )
        self.figure_, self.axes_ = figure, axes
        return self

    @validate_params({"ax": "no_validation"}, prefer_skip_nested_validation=True)
    def plot_scores(self, ax=None):
        """Draw the train and validation score and log loss against alpha.

        The scores (solid lines, left axis) and the log losses (dashed,
        right axis) are the columns of :meth:`RegularizationPath.to_frame`:
        ``train_score``, ``train_loss`` and, with validation data,
        ``validation_score`` and ``validation_loss``; alpha is on a log
        scale. With several paths (:meth:`from_paths`), one colour per
        path: its validation score and loss (its train ones without
        validation data), keyed ``"label: validation_score"`` in
        ``lines_``.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw; a new figure when None.

        Returns
        -------
        self : RegularizationPathDisplay
            With ``ax_``, ``loss_ax_``, ``figure_`` and ``lines_``.
        """
        if ax is None:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots(figsize=(6.4, 4), layout="constrained")
        items = self._items()
        if len(items) > 1:
            return self._compared_scores(ax, items)
        frame = self.path.to_frame().sort_values("alpha", kind="stable")
        loss_ax = ax.twinx()
        lines = {}
        for part, color in (("train", "C0"), ("validation", "C1")):
            if f"{part}_score" not in frame:
                continue
            (lines[f"{part}_score"],) = ax.plot(
                frame["alpha"],
                frame[f"{part}_score"],
                color=color,
                marker="o",
                ms=3,
                label=f"{part} {self.path.scoring_}",
            )
            (lines[f"{part}_loss"],) = loss_ax.plot(
                frame["alpha"],
                frame[f"{part}_loss"],
                color=color,
                ls="--",
                label=f"{part} log loss",
            )
        ax.set_xscale("log")
        ax.set_xlabel(param_short(self.path.param_name_))
        ax.set_ylabel(f"{self.path.scoring_} (solid)")
        loss_ax.set_ylabel("log loss (dashed)")
        ax.set_title(describe_fit(self.path.estimators_[0], "alpha", None))
        ax.legend(handles=list(lines.values()), fontsize="small", loc="center left")
        self.ax_, self.loss_ax_, self.lines_ = ax, loss_ax, lines
        self.figure_ = ax.figure
        return self

    def _compared_scores(self, ax, items):
        """:meth:`plot_scores` of several paths: one colour per label."""
        loss_ax, lines = plot_compared_scores(ax, items)
        first = items[0][1]
        part = "validation" if first.validation_scores_ is not None else "train"
        ax.set_xscale("log")
        ax.set_xlabel(param_short(first.param_name_))
        ax.set_ylabel(f"{part} {first.scoring_} (solid)")
        loss_ax.set_ylabel(f"{part} log loss (dashed)")
        ax.set_title(f"{part} {first.scoring_} and log loss of each path")
        ax.legend(handles=list(lines.values()), fontsize="small", loc="center left")
        self.ax_, self.loss_ax_, self.lines_ = ax, loss_ax, lines
        self.figure_ = ax.figure
        return self

    @validate_params(
        {
            "fps": [Interval(Real, MIN_FPS, MAX_FPS, closed="both")],
            **FRAME_CONSTRAINTS,
        },
        prefer_skip_nested_validation=True,
    )
    def to_jshtml(self, *, fps=2, frame_size=(640, 480), dpi=100):
        """The animation as HTML with a player, one PNG frame per alpha.

        The frames are those of :meth:`RegularizationPath.animate`, played
        by matplotlib's JavaScript player
        (:meth:`matplotlib.animation.Animation.to_jshtml`): play, pause,
        step and a slider over the alphas. The page needs no network.
        With several paths (:meth:`from_paths`), each frame holds their
        panels side by side, each of ``frame_size``.

        Parameters
        ----------
        fps : float, default=2
            Frames per second, from 0.0016 to 50.
        frame_size : (int, int), default=(640, 480)
            Width and height of each frame in pixels, each from 64 to 4096.
        dpi : float, default=100
            Dots per inch (larger: larger text on the same frame).

        Returns
        -------
        html : str
            A ``<div>`` with the frames embedded as base64 PNG images.
        """
        from matplotlib.animation import FuncAnimation

        items = self._items()
        if len(items) > 1:
            drawing = SideBySideFrames(
                items, self.plane, self.response_method, frame_size=frame_size, dpi=dpi
            )
            return frames_jshtml(drawing.frames(), fps=fps, dpi=dpi)
        drawing = BoundaryFigure(
            self.path,
            self.plane,
            self.response_method,
            frame_size=frame_size,
            dpi=dpi,
        )
        animation = FuncAnimation(
            drawing.figure,
            drawing.show,
            frames=len(self.path.alphas_),
            interval=1000 / fps,
            blit=False,
        )
        return animation.to_jshtml(fps=fps, default_mode="loop")

    def _repr_html_(self):
        """The animation, for Jupyter (:meth:`to_jshtml`)."""
        return self.to_jshtml()
