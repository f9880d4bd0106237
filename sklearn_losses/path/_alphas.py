"""The alphas of a path as given: checked, the default, or ``"auto"``.

The grid chosen from the data for ``"auto"`` is :mod:`._grid`'s job; this
module only says what a given value means, for the path and for
:class:`~sklearn_losses.LogisticMLPClassifierCV`.
"""

import numpy as np

from sklearn_losses._validation import check_alphas as check_values

__all__ = ["check_alphas", "default_alphas", "is_auto"]


def default_alphas():
    """The alphas of ``alphas=None``: ``np.logspace(-3, 3, 20)``."""
    return np.logspace(-3, 3, 20)


def is_auto(alphas):
    """Whether ``alphas`` asks for the grid chosen from the data."""
    return isinstance(alphas, str) and alphas == "auto"


def check_alphas(alphas):
    """The values of ``alphas`` as a float array, the default for None.

    Parameters
    ----------
    alphas : array-like of shape (n_alphas,) or None
        Positive, finite regularization strengths.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)

    Examples
    --------
    >>> from sklearn_losses.path._alphas import check_alphas
    >>> check_alphas([0.1, 10])
    array([ 0.1, 10. ])
    >>> check_alphas(None).shape
    (20,)
    """
    if alphas is None:
        return default_alphas()
    return check_values(alphas)
