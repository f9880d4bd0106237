"""Decision-boundary frames along a path, and the GIF they are written to.

matplotlib, scipy and Pillow are imported inside the functions that use them.
"""

import os
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import _check_response_method

from sklearn_losses._io import write_bytes_atomically

RESPONSE_METHODS = ("auto", "predict_proba", "decision_function", "predict")

# A GIF stores each frame's delay as a 16-bit count of centiseconds, so a
# frame lasts 0.01 to 655.35 s. Browsers show delays under 0.02 s as 0.1 s,
# so more than 50 frames per second would play slower, not faster.
MIN_FPS, MAX_FPS = 0.0016, 50
# More frames than this hold gigabytes of pictures in memory.
MAX_FRAMES = 1000
# The legend and the 256-colour palette of a GIF hold this many classes.
MAX_CLASSES = 20
# The grid of points predicted for the regions, and its rows per prediction.
MAX_GRID_BYTES = 256 * 2**20
_GRID_CHUNK = 2**16

# The parameters of a GIF, for validate_params.
GIF_CONSTRAINTS = {
    "filename": [str, os.PathLike],
    "grid_resolution": [Interval(Integral, 2, 2000, closed="both")],
    "fps": [Interval(Real, MIN_FPS, MAX_FPS, closed="both")],
}


def gif_delay(fps):
    """The GIF frame delay in milliseconds: ``1000 / fps`` to a centisecond."""
    return 10 * max(1, round(100 / fps))


def check_drawable(n_frames, n_classes, n_features, grid_resolution):
    """Refuse a GIF beyond the limits of its format or of memory, before work."""
    if n_frames > MAX_FRAMES:
        raise ValueError(
            f"A GIF holds at most {MAX_FRAMES} frames (one per alpha); got {n_frames}."
        )
    if n_classes > MAX_CLASSES:
        raise ValueError(
            f"animate draws at most {MAX_CLASSES} classes (the colours of a GIF "
            f"and the legend); got {n_classes}."
        )
    grid_bytes = 8 * grid_resolution**2 * n_features
    if grid_bytes > MAX_GRID_BYTES:
        largest = int(np.sqrt(MAX_GRID_BYTES / (8 * n_features)))
        raise ValueError(
            f"grid_resolution={grid_resolution} with {n_features} features needs "
            f"a grid of {grid_bytes / 2**20:.0f} MiB (at most "
            f"{MAX_GRID_BYTES // 2**20} MiB); use grid_resolution <= {largest}."
        )


def index_of(classes, y):
    """Position of each label of ``y`` in ``classes``."""
    lookup = {c: i for i, c in enumerate(classes.tolist())}
    return np.array([lookup[v] for v in y.tolist()])


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


def _class_colors(n_classes):
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


def _shade_table(colors, levels=_SHADE_LEVELS):
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


@dataclass(frozen=True)
class Plane:
    """What a frame shows besides the regions: the grid and the points.

    ``grid`` holds ``shape[0] * shape[1]`` rows to predict on; ``points``
    the two drawn coordinates of the samples, ``point_classes`` their
    positions in ``classes``; ``extent`` is (left, right, bottom, top).
    """

    grid: object
    shape: tuple
    classes: np.ndarray
    points: np.ndarray
    point_classes: np.ndarray
    extent: tuple
    labels: tuple


def _draw_axes(fig, plane, colors):
    """Draw the still parts; return the artists redrawn on every frame."""
    from matplotlib.lines import Line2D

    ax = fig.add_subplot()
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
    handles = [
        Line2D([], [], ls="", marker="o", mfc=color, mec="k", label=str(label))
        for label, color in zip(plane.classes, colors, strict=True)
    ]
    # Below the axes, so it is drawn once with the background.
    fig.legend(
        handles=handles,
        loc="lower center",
        ncol=min(len(handles), 5),
        fontsize="small",
        frameon=False,
    )
    ax.set_xlim(plane.extent[0], plane.extent[1])
    ax.set_ylim(plane.extent[2], plane.extent[3])
    ax.set_xlabel(plane.labels[0])
    ax.set_ylabel(plane.labels[1])
    title = ax.set_title("alpha\nscore", fontsize="medium")
    # A fixed layout: tight_layout would cost as much as several frames.
    fig.subplots_adjust(left=0.12, right=0.96, bottom=0.2, top=0.87)
    # Everything that changes, or lies over what changes, is drawn per frame,
    # in z-order; the rest is drawn once into the background.
    return image, [image, scatter, *ax.spines.values(), title], title


def _frame_title(path, i):
    text = (
        f"alpha = {path.alphas_[i]:.3g}\n"
        f"train {path.scoring_} = {path.train_scores_[i]:.3f}"
    )
    if path.validation_scores_ is not None:
        text += f", validation = {path.validation_scores_[i]:.3f}"
    return text


def render_frames(path, plane, method):
    """Yield one RGBA frame per alpha of ``path``, updating a single figure.

    The axes, ticks and labels are drawn once and restored for every frame
    (blitting); only the regions, points, frame and title are redrawn.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    colors = _class_colors(len(plane.classes))
    table = _shade_table(colors)
    fig = Figure(figsize=(6.4, 4.8), dpi=80)
    canvas = FigureCanvasAgg(fig)
    image, dynamic, title = _draw_axes(fig, plane, colors)
    for artist in dynamic:
        artist.set_animated(True)
    canvas.draw()
    background = canvas.copy_from_bbox(fig.bbox)
    renderer = canvas.get_renderer()

    for i, estimator in enumerate(path.estimators_):
        proba = _grid_probabilities(estimator, plane.grid, method, plane.classes)
        image.set_data(_shade(proba, table, plane.shape))
        title.set_text(_frame_title(path, i))
        canvas.restore_region(background)
        for artist in dynamic:
            artist.draw(renderer)
        yield np.array(canvas.buffer_rgba())


def write_gif(filename, frames, fps):
    """Write the RGBA ``frames`` (an iterable) as a GIF named ``filename``.

    Each frame is reduced to a 256-colour palette as it comes (Pillow's fast
    octree method, several times faster than its median cut for RGB frames),
    so only the palette frames are held in memory. They are written to a
    temporary file next to ``filename``, closed in any case, then renamed:
    an error or an interrupt leaves no file.
    """
    from PIL import Image

    def save(file):
        images = [Image.fromarray(frame).quantize(colors=256) for frame in frames]
        images[0].save(
            file,
            format="GIF",
            save_all=True,
            append_images=images[1:],
            duration=gif_delay(fps),
            loop=0,
        )

    write_bytes_atomically(filename, save)
