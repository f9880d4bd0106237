"""Warnings that point at the user's line, however deep they are raised.

A warning raised inside a fit is about the user's call (``clf.fit(X, y)``,
or ``search.fit(X, y)`` around it), so its filename and line must be the
user's. How many frames separate the two depends on the path taken
(scikit-learn's ``_fit_context``, a grid search, joblib), so the stack
level is found by walking the stack, never written down.
"""

import os
import sys
import warnings

import joblib
import sklearn

# frames in these directories are library internals, never the user's line
_INTERNAL_DIRS = tuple(
    os.path.dirname(os.path.abspath(module.__file__)) + os.sep
    for module in (sys.modules[__package__], sklearn, joblib)
)


def _is_internal(filename):
    # module frames carry absolute paths; "<stdin>", "<doctest ...>" are users'
    return filename.startswith(_INTERNAL_DIRS)


def user_stacklevel():
    """The ``stacklevel`` at which a warning is attributed to the user's frame.

    Counted from the caller of this function (``stacklevel=1`` is that
    caller), up to the first frame outside this package, scikit-learn and
    joblib.

    Returns
    -------
    stacklevel : int

    Examples
    --------
    >>> from sklearn_losses._warnings import user_stacklevel
    >>> user_stacklevel()  # a doctest is the user: its own frame
    1
    """
    frame, level = sys._getframe(1), 1
    while frame is not None and _is_internal(frame.f_code.co_filename):
        frame, level = frame.f_back, level + 1
    return level


def warn_user(message, category=UserWarning):
    """``warnings.warn`` at the user's line (see :func:`user_stacklevel`).

    Parameters
    ----------
    message : str
    category : type of Warning, default=UserWarning

    Examples
    --------
    >>> import warnings
    >>> from sklearn_losses._warnings import warn_user
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_user("careful")
    >>> caught[0].filename.startswith("<doctest")
    True
    """
    # counted from this function's frame, which is the one warnings.warn sees
    warnings.warn(message, category, stacklevel=user_stacklevel())
