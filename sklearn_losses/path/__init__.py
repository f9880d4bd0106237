"""Regularization paths: one fit per alpha, warm-started, and pictures of them.

:func:`regularization_path` fits a classifier for each value of its ``alpha``
parameter and returns a :class:`RegularizationPath`, which tabulates the fits
(:meth:`~RegularizationPath.to_frame`), draws the coefficients against alpha
(:meth:`~RegularizationPath.plot`) and writes a GIF of the decision boundary,
one frame per alpha (:meth:`~RegularizationPath.animate`).
:class:`RegularizationPathDisplay` draws the same boundaries as a grid of
panels, the scores against alpha, and the animation in Jupyter.
:func:`animate_regularization_path` does the split, the scaling, the fits and
the GIF in one call.
"""

from sklearn_losses.path._animate import animate_regularization_path
from sklearn_losses.path._display import RegularizationPathDisplay
from sklearn_losses.path._path import regularization_path
from sklearn_losses.path._result import RegularizationPath

__all__ = [
    "RegularizationPath",
    "RegularizationPathDisplay",
    "animate_regularization_path",
    "regularization_path",
]
