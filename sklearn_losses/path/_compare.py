"""Several paths side by side: one panel each, at the same alphas, one plane.

A side-by-side frame is the single-path frames (:class:`BoundaryFigure`)
laid next to each other, pixel for pixel: each panel is exactly what the
GIF of its path alone shows at that alpha, its title led by its label
when the title does not already name it.
"""

import numpy as np

from sklearn_losses.path._frames import BoundaryFigure, resolve_response_method

__all__ = ["SideBySideFrames", "check_paths", "resolve_method"]


def check_paths(paths):
    """``paths`` as a list of ``(label, path)``, checked comparable.

    A comparison needs at least one path, labels that are strings, the
    same alphas in the same order (one frame per alpha) and the same
    classes (one legend, one plane).
    """
    if not isinstance(paths, dict) or not paths:
        raise ValueError(
            "paths must be a non-empty dict {label: RegularizationPath}; "
            f"got {paths!r}."
        )
    items = list(paths.items())
    for label, path in items:
        if not isinstance(label, str):
            raise ValueError(f"paths' labels must be strings; got {label!r}.")
        if not hasattr(path, "alphas_") or not hasattr(path, "estimators_"):
            raise ValueError(
                f"paths[{label!r}] must be a RegularizationPath; got {path!r}."
            )
    first_label, first = items[0]
    differ = [
        label
        for label, path in items[1:]
        if path.alphas_.shape != first.alphas_.shape
        or not np.allclose(path.alphas_, first.alphas_, rtol=1e-12, atol=0)
    ]
    if differ:
        raise ValueError(
            "The paths compared must share their alphas (one frame per alpha): "
            f"{', '.join(map(repr, differ))} differ from {first_label!r} "
            f"({len(first.alphas_)} alphas from {first.alphas_[0]:.3g} to "
            f"{first.alphas_[-1]:.3g}); fit them with the same alphas."
        )
    classes = np.asarray(getattr(first.estimators_[0], "classes_", []))
    differ = [
        label
        for label, path in items[1:]
        if not np.array_equal(
            np.asarray(getattr(path.estimators_[0], "classes_", [])), classes
        )
    ]
    if differ:
        raise ValueError(
            "The paths compared must share their classes (one legend): "
            f"{', '.join(map(repr, differ))} differ from {first_label!r}."
        )
    return items


def resolve_method(items, response_method):
    """The method shading every panel: resolved on the first, had by all."""
    method = resolve_response_method(items[0][1].estimators_[0], response_method)
    for _, path in items[1:]:
        resolve_response_method(path.estimators_[0], method)
    return method


class SideBySideFrames:
    """The frames of several paths, one panel each, laid left to right.

    ``figures`` holds one :class:`BoundaryFigure` per path, each of
    ``frame_size`` pixels, so a frame is ``n_paths * width`` pixels wide
    and ``height`` high.
    """

    def __init__(self, items, plane, method, *, frame_size=(640, 480), dpi=100):
        self.figures = [
            BoundaryFigure(
                path, plane, method, frame_size=frame_size, dpi=dpi, label=label
            )
            for label, path in items
        ]
        self.n_frames = len(items[0][1].estimators_)

    def frames(self):
        """Yield one RGBA array per alpha: the panels side by side."""
        for panels in zip(*(f.frames() for f in self.figures), strict=True):
            yield np.concatenate(panels, axis=1)


def frames_jshtml(frames, *, fps, dpi):
    """HTML with matplotlib's player over RGBA ``frames``, pixel for pixel.

    The frames are shown by an image that fills a figure of their size
    (no resampling), so the player shows what a GIF of them would.
    """
    from matplotlib.animation import FuncAnimation
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    frames = list(frames)
    height, width = frames[0].shape[:2]
    figure = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    FigureCanvasAgg(figure)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    image = ax.imshow(frames[0], interpolation="none", aspect="auto")

    def show(i):
        image.set_data(frames[i])
        return [image]

    animation = FuncAnimation(
        figure, show, frames=len(frames), interval=1000 / fps, blit=False
    )
    return animation.to_jshtml(fps=fps, default_mode="loop")


def plot_compared_scores(ax, items):
    """Per path: its validation score (else train) solid, its log loss dashed.

    Return the twin axis of the losses and the lines, by ``"label:
    column"`` (columns of :meth:`RegularizationPath.to_frame`).
    """
    loss_ax = ax.twinx()
    lines = {}
    for k, (label, path) in enumerate(items):
        frame = path.to_frame().sort_values("alpha", kind="stable")
        part = "validation" if path.validation_scores_ is not None else "train"
        style = {"color": f"C{k % 10}"}
        (lines[f"{label}: {part}_score"],) = ax.plot(
            frame["alpha"],
            frame[f"{part}_score"],
            marker="o",
            ms=3,
            label=f"{label}: {part} {path.scoring_}",
            **style,
        )
        (lines[f"{label}: {part}_loss"],) = loss_ax.plot(
            frame["alpha"],
            frame[f"{part}_loss"],
            ls="--",
            label=f"{label}: {part} log loss",
            **style,
        )
    return loss_ax, lines
