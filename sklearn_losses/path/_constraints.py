"""What a picture of a path accepts, and the limits of a GIF.

The parameter constraints of the pictures (for ``validate_params``) and
:func:`check_drawable`, which refuses a GIF beyond its format or memory
before any fit or drawing.
"""

import os
from numbers import Integral, Real

import numpy as np
from sklearn.utils._param_validation import Interval, Options

__all__ = [
    "FRAME_CONSTRAINTS",
    "GIF_CONSTRAINTS",
    "MAX_FRAMES",
    "RESPONSE_METHODS",
    "check_drawable",
]

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

# Frame sizes in pixels, each side.
MIN_PIXELS, MAX_PIXELS = 64, 4096


class _PixelSize(Options):
    """A pair of integers (width, height), each in [MIN_PIXELS, MAX_PIXELS]."""

    def __init__(self):
        super().__init__(object, set())

    def is_satisfied_by(self, val):
        if isinstance(val, str) or not hasattr(val, "__len__") or len(val) != 2:
            return False
        return all(
            isinstance(v, Integral)
            and not isinstance(v, bool)
            and MIN_PIXELS <= v <= MAX_PIXELS
            for v in val
        )

    def __str__(self):
        return (
            "a pair of integers (width, height) in pixels, each in "
            f"[{MIN_PIXELS}, {MAX_PIXELS}]"
        )


# The size of a frame, for validate_params.
FRAME_CONSTRAINTS = {
    "frame_size": [_PixelSize()],
    "dpi": [Interval(Real, 10, 1000, closed="both")],
}

# The parameters of a GIF, for validate_params.
GIF_CONSTRAINTS = {
    "filename": [str, os.PathLike],
    "grid_resolution": [Interval(Integral, 2, 2000, closed="both")],
    "fps": [Interval(Real, MIN_FPS, MAX_FPS, closed="both")],
    **FRAME_CONSTRAINTS,
}


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
