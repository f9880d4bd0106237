"""Writing a path's decision boundary as a GIF: every GIF of the package.

Pillow and tqdm are imported inside the functions that use them.
"""

from sklearn_losses._io import write_bytes_atomically
from sklearn_losses._threads import single_blas_thread
from sklearn_losses.path._compare import SideBySideFrames
from sklearn_losses.path._frames import BoundaryFigure, resolve_response_method
from sklearn_losses.path._plane import resolve_plane

__all__ = ["draw_and_write", "gif_delay", "write_boundary_gif", "write_gif"]


def gif_delay(fps):
    """The GIF frame delay in milliseconds: ``1000 / fps`` to a centisecond."""
    return 10 * max(1, round(100 / fps))


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


def draw_and_write(path, plane, method, filename, *, fps, style, progress):
    """Draw the frames of ``path`` on ``plane`` and write them as a GIF.

    ``path`` may be a dict ``{label: path}`` of paths checked comparable
    (:func:`check_paths`), drawn side by side. ``style`` holds
    ``frame_size`` and ``dpi`` (of one panel); ``progress`` shows a bar
    over the frames drawn.
    """
    from tqdm import tqdm

    if isinstance(path, dict):
        drawing = SideBySideFrames(list(path.items()), plane, method, **style)
        n_frames = drawing.n_frames
    else:
        drawing = BoundaryFigure(path, plane, method, **style)
        n_frames = len(path.estimators_)
    bar = tqdm(
        drawing.frames(),
        total=n_frames,
        desc="drawing frames",
        unit="frame",
        disable=not progress,
    )
    # The grid predictions are small matrix products, which extra BLAS
    # threads only slow down (several times over on a busy machine); the
    # limit is the one fits share, so concurrent fits cannot undo it.
    with single_blas_thread(), bar:
        write_gif(filename, bar, fps)
    return filename


def write_boundary_gif(path, X, y, filename, *, plane_options, gif_options):
    """:meth:`RegularizationPath.animate` once its parameters are validated.

    ``plane_options`` are the keywords of :func:`resolve_plane` and
    ``response_method``; ``gif_options`` those of :func:`draw_and_write`.
    """
    options = dict(plane_options)
    method = options.pop("response_method")
    plane = resolve_plane(path, X, y, **options)
    method = resolve_response_method(path.estimators_[0], method)
    return draw_and_write(path, plane, method, filename, **gif_options)
