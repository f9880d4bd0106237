"""Decision-boundary frames along a path: regions, points, titles.

matplotlib and scipy are imported inside the functions that use them.
"""

import re

import numpy as np
from sklearn.utils.validation import _check_response_method

from sklearn_losses.path._constraints import RESPONSE_METHODS
from sklearn_losses.path._plane import index_of
from sklearn_losses.path._text import (
    architecture,
    describe_fit,
    flat_note,
    score_line,
    slice_note,
)
from sklearn_losses.path._varied import COLLAPSE_TOL

__all__ = [
    "BoundaryFigure",
    "class_colors",
    "draw_key",
    "draw_panel",
    "flat_class",
    "labelled_title",
    "legend_handles",
    "regions",
    "resolve_response_method",
    "shade_table",
]

# Rows of the grid predicted at once, which bounds the memory of a prediction.
_GRID_CHUNK = 2**16


def resolve_response_method(estimator, response_method):
    """The name of the method that shades the regions ("auto": the first)."""
    candidates = RESPONSE_METHODS[1:] if response_method == "auto" else response_method
    try:
        return _check_response_method(estimator, candidates).__name__
    except AttributeError:
        raise ValueError(
            f"{type(estimator).__name__} has no {response_method} method."
        ) from None


def _grid_probabilities(estimator, grid, method, classes):
    """:func:`_class_probabilities` on the grid, a block of rows at a time."""
    rows = getattr(grid, "iloc", grid)
    return np.concatenate(
        [
            _class_probabilities(estimator, rows[i : i + _GRID_CHUNK], method, classes)
            for i in range(0, len(grid), _GRID_CHUNK)
        ]
    )


def _class_probabilities(estimator, grid, method, classes):
    """An (n, n_classes) array of probability-like values on the grid."""
    from scipy.special import expit, softmax

    if method == "predict_proba":
        return np.asarray(estimator.predict_proba(grid), dtype=float)
    if method == "decision_function":
        scores = np.asarray(estimator.decision_function(grid), dtype=float)
        if scores.ndim == 1:
            p1 = expit(scores)
            return np.column_stack([1.0 - p1, p1])
        return softmax(scores, axis=1)
    labels = estimator.predict(grid)
    onehot = np.zeros((len(labels), len(classes)))
    onehot[np.arange(len(labels)), index_of(classes, np.asarray(labels))] = 1.0
    return onehot


def class_colors(n_classes):
    """RGB colours, shared by the regions and the points."""
    from matplotlib import colormaps
    from matplotlib.colors import to_rgb

    if n_classes == 2:
        return np.array([to_rgb("#2166ac"), to_rgb("#d6604d")])
    if n_classes <= 10:
        return np.array(colormaps["tab10"].colors[:n_classes])
    return colormaps["turbo"](np.linspace(0.05, 0.95, n_classes))[:, :3]


# Confidence bands per class: the regions look like filled probability
# contours (for two classes, bands 0.0625 wide in probability).
_SHADE_LEVELS = 8


def shade_table(colors, levels=_SHADE_LEVELS):
    """Lookup table (n_classes * levels, 4) of uint8 RGBA region colours.

    Row ``k * levels + j`` is class ``k``'s colour mixed with white by the
    ``j``-th confidence band: pale where the model is unsure.

    The GIF palette is built by Pillow's fast octree quantizer, which gives
    all colours of a 16-level bucket per channel their average. Even the
    palest band keeps one channel below 240, out of the bucket of the white
    background, which would otherwise take a tint in frames where that band
    fills the picture.
    """
    colors = np.asarray(colors, dtype=float)
    confidence = (np.arange(levels) + 0.5) / levels
    # The weakest tint that takes a colour's darkest channel below 240.
    weakest = np.maximum(0.15, 24.0 / (255.0 * (1.0 - colors.min(axis=1) + 1e-9)))
    strength = weakest[:, None] + (0.6 - weakest[:, None]) * confidence[None, :]
    rgb = 255.0 * (1.0 - strength[:, :, None] * (1.0 - colors[:, None, :]))
    table = np.empty((len(colors), levels, 4), dtype=np.uint8)
    table[..., :3] = np.round(rgb)
    table[..., 3] = 255
    return table.reshape(-1, 4)


def _shade(proba, table, shape, levels=_SHADE_LEVELS):
    """RGBA image: each grid point in its predicted class's colour."""
    n_classes = proba.shape[1]
    winner = np.argmax(proba, axis=1)
    top = np.take_along_axis(proba, winner[:, None], axis=1)[:, 0]
    # 0 at a tie between all classes, 1 when the model is certain.
    confidence = (top - 1.0 / n_classes) * (n_classes / (n_classes - 1.0))
    level = np.clip(confidence * levels, 0, levels - 1).astype(np.intp)
    return table[winner * levels + level].reshape(*shape, 4)


def draw_panel(ax, plane, colors):
    """Draw an empty region image and the points; return ``(image, scatter)``."""
    image = ax.imshow(
        np.full((*plane.shape, 4), 255, dtype=np.uint8),
        origin="lower",
        extent=plane.extent,
        aspect="auto",
        interpolation="nearest",
    )
    scatter = ax.scatter(
        plane.points[:, 0],
        plane.points[:, 1],
        c=colors[plane.point_classes],
        edgecolors="k",
        linewidths=0.6,
        s=28,
    )
    ax.set_xlim(plane.extent[0], plane.extent[1])
    ax.set_ylim(plane.extent[2], plane.extent[3])
    return image, scatter


def legend_handles(plane, colors):
    """One marker per class, named by ``plane.class_names``."""
    from matplotlib.lines import Line2D

    return [
        Line2D([], [], ls="", marker="o", mfc=color, mec="k", label=name)
        for name, color in zip(plane.class_names, colors, strict=True)
    ]


def regions(estimator, plane, method, table, *, proba=None):
    """The RGBA picture of ``estimator``'s regions on the plane's grid.

    ``proba``: the grid's class probabilities, when already predicted.
    """
    if proba is None:
        proba = _grid_probabilities(estimator, plane.grid, method, plane.classes)
    return _shade(proba, table, plane.shape)


def flat_class(proba):
    """The class predicted everywhere on a flat picture, else None.

    Flat: every class's probability varies by less than ``COLLAPSE_TOL``
    over the grid, the tolerance that calls a fit of the path collapsed.
    """
    if np.ptp(proba, axis=0).max() >= COLLAPSE_TOL:
        return None
    return int(np.argmax(proba.mean(axis=0)))


def draw_key(figure, rect, colors, class_names, levels=_SHADE_LEVELS):
    """The key of the region shades in the axes at ``rect``; return the axes.

    Two classes: one colour bar of the second class's probability, from
    the first class's surest shade (at 0) to the second's (at 1). More: one
    column per class (in the legend's order and colours), its shades up the
    probability of the predicted class, from a tie (1 / n_classes) to 1.
    """
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import BoundaryNorm, ListedColormap

    n_classes = len(colors)
    table = shade_table(colors, levels).reshape(n_classes, levels, 4) / 255.0
    key = figure.add_axes(rect)
    if n_classes == 2:
        cmap = ListedColormap(np.concatenate([table[0, ::-1], table[1]]))
        norm = BoundaryNorm(np.linspace(0, 1, 2 * levels + 1), cmap.N)
        bar = figure.colorbar(
            ScalarMappable(norm=norm, cmap=cmap), cax=key, ticks=[0, 0.5, 1]
        )
        bar.set_label(f"P({class_names[1]})", fontsize="small", labelpad=1)
        key.tick_params(labelsize="small")
        return key
    key.imshow(
        table.transpose(1, 0, 2),
        origin="lower",
        extent=(0, n_classes, 1 / n_classes, 1),
        aspect="auto",
        interpolation="nearest",
    )
    key.set_xticks([])
    key.yaxis.tick_right()
    key.yaxis.set_label_position("right")
    key.set_yticks([1 / n_classes, 1], [f"{1 / n_classes:.2g}", "1"])
    key.tick_params(labelsize="small")
    key.set_ylabel("P(predicted class)", fontsize="small", labelpad=1)
    return key


def frame_title(path, i, plane):
    """Two lines: architecture, loss, penalty and alpha; the scores, named."""
    estimator = path.estimators_[i]
    fit = describe_fit(estimator, path.param_name_, path.alphas_[i])
    layers = architecture(estimator)
    if layers is not None:
        fit = f"{layers}; {fit}"
    return f"{fit}\n{score_line(path, i, n_features=plane.n_features)}"


def labelled_title(label, title):
    """``title`` led by ``"label: "``, unless its first line names the label.

    A comparison of losses keeps the single-path titles, which name the
    loss; a label the title does not show ("baseline") leads it.
    """
    if label is None:
        return title
    first = title.split("\n", 1)[0]
    if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", first):
        return title
    return f"{label}: {title}"


# Margins around the axes of a frame, in points, so that the layout keeps
# its proportions at any dpi: the tick and axis labels left and below, two
# title lines above, the legend and the slice note at the bottom; at the
# right, the key of the shades after a gap, and its tick and axis labels.
_LEFT, _RIGHT, _TOP, _BELOW_AXES, _LEGEND, _NOTE_LINE = 54, 40, 40, 34, 22, 11
_KEY_GAP = 10


def _key_width(n_classes):
    """Points: one bar for two classes, a column of 7 per class (to 70)."""
    return 10 if n_classes == 2 else min(70, 7 * n_classes)


def _layout(fig, n_note_lines, n_classes):
    """Place the axes; return the legend and note heights and the key's rect.

    Heights are figure fractions; the rect ``(left, bottom, width,
    height)`` of the key spans the height of the axes at their right.
    """
    width, height = fig.get_size_inches() * 72
    note = _NOTE_LINE * n_note_lines + (4 if n_note_lines else 0)
    legend = note + 2
    key = _key_width(n_classes) / width
    gap = _KEY_GAP / width
    right = 1 - min(0.35, _RIGHT / width + key + gap)
    bottom = min(0.45, (legend + _LEGEND + _BELOW_AXES) / height)
    top = 1 - min(0.4, _TOP / height)
    fig.subplots_adjust(
        left=min(0.4, _LEFT / width), right=right, bottom=bottom, top=top
    )
    return legend / height, 4 / height, (right + gap, bottom, key, top - bottom)


def note_width(width_points):
    """Characters of the small font that fit in ``width_points``."""
    return width_points / 4.6


class BoundaryFigure:
    """One figure of a path's decision boundary, redrawn for each alpha.

    ``figure`` is a matplotlib Figure (Agg canvas) of ``frame_size`` pixels:
    the regions and points, the axes named by the features, a legend of
    the classes, the key of the shades (``key``, :func:`draw_key`), a
    two-line title (:func:`frame_title`) and, when other features are held
    fixed, a note that says at which values. On a frame whose regions are
    flat (:func:`flat_class`), ``flat_note`` says which class the model
    predicts everywhere; it is hidden on the others. ``label`` names the
    path among others compared (:func:`labelled_title`).
    """

    def __init__(
        self, path, plane, method, *, frame_size=(640, 480), dpi=100, label=None
    ):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.path, self.plane, self.method = path, plane, method
        self.label = label
        colors = class_colors(len(plane.classes))
        self._table = shade_table(colors)
        self.figure = Figure(
            figsize=(frame_size[0] / dpi, frame_size[1] / dpi), dpi=dpi
        )
        self.canvas = FigureCanvasAgg(self.figure)
        ax = self.figure.add_subplot()
        self.image, scatter = draw_panel(ax, plane, colors)
        ax.set_xlabel(plane.labels[0])
        ax.set_ylabel(plane.labels[1])
        self.title = ax.set_title("alpha\nscore", fontsize="medium")
        width = note_width(self.figure.get_figwidth() * 72)
        note = slice_note(
            plane.held_names, plane.held_values, width, plane.held_kinds or None
        )
        n_lines = 0 if note is None else note.count("\n") + 1
        legend_y, note_y, key_rect = _layout(self.figure, n_lines, len(colors))
        self.key = draw_key(self.figure, key_rect, colors, plane.class_names)
        self.figure.legend(
            handles=legend_handles(plane, colors),
            loc="lower center",
            bbox_to_anchor=(0.5, legend_y),
            ncol=min(len(plane.classes), 5),
            fontsize="small",
            frameon=False,
        )
        self.note = None
        if note is not None:
            self.note = self.figure.text(
                0.5, note_y, note, ha="center", va="bottom", fontsize="small"
            )
        self.flat_note = ax.text(
            0.5,
            0.5,
            "",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize="small",
            visible=False,
            bbox={"facecolor": "white", "edgecolor": "0.3", "alpha": 0.85},
        )
        # Everything that changes, or lies over what changes, is redrawn
        # per frame, in z-order; the rest is drawn once (blitting).
        self.dynamic = [
            self.image,
            scatter,
            *ax.spines.values(),
            self.title,
            self.flat_note,
        ]

    def show(self, i):
        """Draw the fit at ``path.alphas_[i]``; return the artists changed."""
        estimator, plane = self.path.estimators_[i], self.plane
        proba = _grid_probabilities(estimator, plane.grid, self.method, plane.classes)
        self.image.set_data(
            regions(estimator, plane, self.method, self._table, proba=proba)
        )
        title = frame_title(self.path, i, plane)
        self.title.set_text(labelled_title(self.label, title))
        flat = flat_class(proba)
        self.flat_note.set_visible(flat is not None)
        if flat is not None:
            self.flat_note.set_text(flat_note(plane.class_names[flat]))
        return self.dynamic

    def frames(self):
        """Yield one RGBA array per alpha, in the order of ``alphas_``.

        The axes, ticks, labels and legend are drawn once and restored for
        every frame, and so are the points: drawn once on a transparent
        layer, they are laid over each frame's regions with their
        antialiased edges. Only the regions, the frame and the title are
        drawn per frame.
        """
        for artist in self.dynamic:
            artist.set_animated(True)
        self.canvas.draw()
        background = self.canvas.copy_from_bbox(self.figure.bbox)
        renderer = self.canvas.get_renderer()
        points = self.dynamic[1]
        try:
            layer = _Layer(self.canvas, renderer, points)
            for i in range(len(self.path.estimators_)):
                self.show(i)
                self.canvas.restore_region(background)
                self.image.draw(renderer)
                layer.paste(self.canvas)
                for artist in self.dynamic[2:]:
                    artist.draw(renderer)
                yield np.array(self.canvas.buffer_rgba())
        finally:
            for artist in self.dynamic:
                artist.set_animated(False)


class _Layer:
    """An artist drawn once on a transparent canvas, to lay over others.

    ``paste`` blends its covered pixels over the canvas as Agg would
    ("over", straight alpha), to within a few levels (of 255) per channel.
    """

    def __init__(self, canvas, renderer, artist):
        renderer.clear()  # transparent
        artist.draw(renderer)
        pixels = np.asarray(canvas.buffer_rgba()).reshape(-1, 4)
        self.where = np.flatnonzero(pixels[:, 3])
        covered = pixels[self.where].astype(np.uint32)
        alpha = covered[:, 3:]
        self.over = covered[:, :3] * alpha + 127
        self.under = 255 - alpha

    def paste(self, canvas):
        pixels = np.asarray(canvas.buffer_rgba()).reshape(-1, 4)
        below = pixels[self.where, :3].astype(np.uint32)
        pixels[self.where, :3] = (self.over + below * self.under) // 255
