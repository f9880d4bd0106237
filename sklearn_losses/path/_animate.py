"""GIFs of the decision boundary along a path, and the whole workflow."""

from numbers import Integral

import numpy as np
from sklearn.base import is_classifier
from sklearn.utils import check_consistent_length
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    RealNotInt,
    validate_params,
)
from sklearn.utils.validation import check_array, column_or_1d

from sklearn_losses._io import check_output_file
from sklearn_losses.path._frames import (
    GIF_CONSTRAINTS,
    Plane,
    check_drawable,
    index_of,
    render_frames,
    resolve_response_method,
    write_gif,
)
from sklearn_losses.path._path import _check_alphas, regularization_path

__all__ = ["animate_regularization_path"]


def _feature_index(feature, n_features, names):
    if isinstance(feature, str):
        if names is None or feature not in names:
            where = f"columns are {names}." if names else "X has no column names"
            raise ValueError(f"Unknown feature {feature!r}; {where}, use indices.")
        return names.index(feature)
    if isinstance(feature, Integral) and not isinstance(feature, bool):
        if not 0 <= feature < n_features:
            raise ValueError(
                f"Feature index {feature} out of range for {n_features} features."
            )
        return int(feature)
    raise ValueError(f"features must be column indices or names; got {feature!r}.")


def _check_features(features, n_features, names):
    """Resolve ``features`` to two distinct column indices."""
    if n_features < 2:
        raise ValueError("animate needs at least two features.")
    if isinstance(features, str) or not hasattr(features, "__len__"):
        raise ValueError(f"features must be a pair; got {features!r}.")
    if len(features) != 2:
        raise ValueError(f"features must be a pair; got {len(features)} items.")
    f0, f1 = (_feature_index(f, n_features, names) for f in features)
    if f0 == f1:
        raise ValueError(f"features must be two different columns; got {features}.")
    return f0, f1


def _column_names(X, first):
    """X's column names, checked against the fitted ones; None without any."""
    column_names = [str(c) for c in X.columns] if hasattr(X, "columns") else None
    fitted_names = getattr(first, "feature_names_in_", None)
    if fitted_names is None:
        return column_names
    fitted_names = [str(n) for n in fitted_names]
    if column_names is not None and column_names != fitted_names:
        # as scikit-learn's predict does: the grid is built in X's column
        # order, so another order would silently mislabel the features
        raise ValueError(
            f"X's columns {column_names} must be the ones the estimators "
            f"were fitted on, in the same order: {fitted_names}."
        )
    return fitted_names


def _check_points(first, X, y):
    """``X`` as floats and ``y`` as labels, checked against the fits."""
    X = check_array(X, dtype=np.float64, input_name="X")
    y = column_or_1d(y)
    check_consistent_length(X, y)
    expected = getattr(first, "n_features_in_", X.shape[1])
    if X.shape[1] != expected:
        raise ValueError(
            f"X has {X.shape[1]} features but the estimators were fitted on {expected}."
        )
    known = np.isin(y, first.classes_)
    if not known.all():
        raise ValueError(
            f"y holds labels the estimators never saw: "
            f"{np.unique(y[~known])[:5].tolist()}."
        )
    return X, y


def _plane(first, X, y, f0, f1, grid_resolution, labels):
    """The two features on a grid, the others at their medians in ``X``."""
    lows = X[:, [f0, f1]].min(axis=0)
    highs = X[:, [f0, f1]].max(axis=0)
    pad = np.where(highs > lows, 0.1 * (highs - lows), 0.5)
    lows, highs = lows - pad, highs + pad
    xx, yy = np.meshgrid(
        np.linspace(lows[0], highs[0], grid_resolution),
        np.linspace(lows[1], highs[1], grid_resolution),
    )
    grid = np.tile(np.median(X, axis=0), (xx.size, 1))
    grid[:, f0] = xx.ravel()
    grid[:, f1] = yy.ravel()
    fitted_names = getattr(first, "feature_names_in_", None)
    if fitted_names is not None:
        import pandas as pd

        grid = pd.DataFrame(grid, columns=fitted_names)
    return Plane(
        grid=grid,
        shape=(grid_resolution, grid_resolution),
        classes=first.classes_,
        points=X[:, [f0, f1]],
        point_classes=index_of(first.classes_, y),
        extent=(lows[0], highs[0], lows[1], highs[1]),
        labels=labels,
    )


def _standardize(X_train, X_val, feature_names):
    """Both parts scaled by the training part; refuse columns that overflow.

    The variance of a column overflows the float type beyond about 1e154 in
    magnitude, which would give NaN features, so such a column is named
    with its range instead.
    """
    from sklearn.preprocessing import StandardScaler

    with np.errstate(all="ignore"):
        scaler = StandardScaler().fit(X_train)
        scaled = scaler.transform(X_train), scaler.transform(X_val)
    bad = ~(
        np.isfinite(scaler.scale_)
        & np.isfinite(scaler.mean_)
        & np.isfinite(scaled[0]).all(axis=0)
        & np.isfinite(scaled[1]).all(axis=0)
    )
    if bad.any():
        j = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"Feature {list(feature_names)[j]!r} spans {X_train[:, j].min():.3g} "
            f"to {X_train[:, j].max():.3g}, too wide to standardize in float64 "
            "(its variance overflows); rescale it, e.g. divide it by a power "
            "of 10."
        )
    return scaled


def _draw_and_write(path, plane, method, filename, fps):
    from sklearn_losses.solvers._base import single_blas_thread

    # The grid predictions are small matrix products, which extra BLAS
    # threads only slow down (several times over on a busy machine); the
    # limit is the one fits share, so concurrent fits cannot undo it.
    with single_blas_thread():
        write_gif(filename, render_frames(path, plane, method), fps)
    return filename


def write_boundary_gif(
    path, X, y, filename, *, features, grid_resolution, fps, response_method
):
    """:meth:`RegularizationPath.animate` once its parameters are validated."""
    first = path.estimators_[0]
    if getattr(first, "classes_", None) is None:
        raise ValueError("animate needs classifiers (with classes_).")
    names = _column_names(X, first)
    X, y = _check_points(first, X, y)
    check_drawable(
        len(path.estimators_), len(first.classes_), X.shape[1], grid_resolution
    )
    f0, f1 = _check_features(features, X.shape[1], names)
    method = resolve_response_method(first, response_method)
    labels = tuple(names[f] if names else f"feature {f}" for f in (f0, f1))
    plane = _plane(first, X, y, f0, f1, grid_resolution, labels)
    return _draw_and_write(path, plane, method, filename, fps)


@validate_params(
    {
        "X": ["array-like"],
        "y": ["array-like"],
        **GIF_CONSTRAINTS,
        "estimator": [HasMethods(["fit", "get_params", "set_params"]), None],
        "alphas": ["array-like", None],
        "test_size": [
            Interval(RealNotInt, 0, 1, closed="neither"),
            Interval(Integral, 1, None, closed="left"),
        ],
        "random_state": ["random_state"],
        "feature_names": ["array-like", None],
        "progress": ["boolean"],
    },
    # regularization_path and the estimator's fit validate their parameters.
    prefer_skip_nested_validation=False,
)
def animate_regularization_path(
    X,
    y,
    filename,
    *,
    estimator=None,
    alphas=None,
    test_size=0.3,
    random_state=None,
    feature_names=None,
    grid_resolution=200,
    fps=2,
    progress=True,
):
    """Split, standardize, fit a regularization path and write its GIF.

    The workflow of ``sklearn-losses animate`` as one call:

    1. ``train_test_split(X, y, test_size=test_size,
       random_state=random_state)``;
    2. a ``StandardScaler`` fitted on the training part scales both parts;
    3. :func:`regularization_path` fits ``estimator`` for each alpha on the
       training part, scored on the held-out part (``validation_scores_``);
    4. :meth:`RegularizationPath.animate` draws the training points over the
       first two features, the others held at their medians, and writes the
       GIF, one frame per alpha, with the training and validation accuracy
       in the titles.

    The file name is checked before any fit, and an error leaves no file.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Numeric features, at least two; the first two span the picture.
    y : array-like of shape (n_samples,)
        Class labels; they name the classes in the legend.
    filename : str or path-like
        Where to write the GIF (must end in ``.gif``).
    estimator : classifier, default=None
        A classifier with an ``alpha`` parameter. None means
        ``LogisticMLPClassifier(hidden_layer_sizes=(10,), solver="lbfgs",
        max_iter=1000, random_state=random_state)``, whose ``alpha`` is
        ``MLPClassifier``'s: each frame minimizes the objective of
        ``MLPClassifier(alpha=alpha, solver="lbfgs")``.
    alphas : array-like of shape (n_alphas,), default=None
        Positive regularization strengths; ``None`` means
        ``np.logspace(-3, 3, 20)``.
    test_size : float or int, default=0.3
        The held-out part, as in :func:`~sklearn.model_selection.train_test_split`.
    random_state : int, RandomState instance or None, default=None
        Controls the split (and the default estimator's initial weights).
    feature_names : array-like of str, default=None
        Names of the columns of ``X``, for the axes (with "(standardised)");
        by default ``X``'s column names, or "feature 0", "feature 1".
    grid_resolution : int, default=200
        Grid points per axis for the decision regions (2 to 2000).
    fps : float, default=2
        Frames per second, from 0.0016 to 50 (see
        :meth:`RegularizationPath.animate`).
    progress : bool, default=True
        Show a progress bar over the alphas (on stderr).

    Returns
    -------
    path : RegularizationPath
        The fitted path (on the standardized training part).

    See Also
    --------
    regularization_path : The fits alone.
    RegularizationPath.animate : The GIF of a path already fitted.

    Examples
    --------
    >>> import os, tempfile
    >>> from sklearn_losses.datasets import load_iris_pair
    >>> from sklearn_losses.path import animate_regularization_path
    >>> X, y = load_iris_pair(return_X_y=True)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = animate_regularization_path(
    ...         X, y, os.path.join(folder, "path.gif"), alphas=[0.01, 100.0],
    ...         random_state=42, grid_resolution=20, progress=False,
    ...     )
    >>> path.alphas_
    array([1.e-02, 1.e+02])
    >>> path.validation_scores_.round(2).tolist()  # at alpha=100 it collapses
    [1.0, 0.43]
    """
    from sklearn.model_selection import train_test_split

    from sklearn_losses._classifier import LogisticMLPClassifier

    filename = check_output_file(filename, (".gif",))
    if estimator is not None and not is_classifier(estimator):
        raise ValueError(f"estimator must be a classifier; got {estimator!r}.")
    if feature_names is None and hasattr(X, "columns"):
        feature_names = [str(c) for c in X.columns]
    X = check_array(X, dtype=np.float64, ensure_min_features=2, input_name="X")
    if feature_names is None:
        feature_names = [f"feature {i}" for i in range(X.shape[1])]
    n_classes = np.unique(column_or_1d(y)).size
    check_drawable(len(_check_alphas(alphas)), n_classes, X.shape[1], grid_resolution)
    X_train, X_val, y_train, y_val = train_test_split(
        X, y, test_size=test_size, random_state=random_state
    )
    X_train, X_val = _standardize(X_train, X_val, feature_names)
    if estimator is None:
        estimator = LogisticMLPClassifier(
            hidden_layer_sizes=(10,),
            solver="lbfgs",
            max_iter=1000,
            random_state=random_state,
        )
    path = regularization_path(
        estimator,
        X_train,
        y_train,
        alphas=alphas,
        X_val=X_val,
        y_val=y_val,
        progress=progress,
    )
    first = path.estimators_[0]
    labels = tuple(f"{name} (standardised)" for name in list(feature_names)[:2])
    plane = _plane(first, X_train, y_train, 0, 1, grid_resolution, labels)
    _draw_and_write(path, plane, resolve_response_method(first, "auto"), filename, fps)
    return path
