"""The whole workflow of ``sklearn-losses animate`` as one call.

Split, standardize, fit the path on the training part (scored on the
held-out part) and write the GIF of its decision boundary.
"""

from numbers import Integral

import numpy as np
from sklearn.base import is_classifier
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    RealNotInt,
    validate_params,
)
from sklearn.utils.validation import check_array, column_or_1d

from sklearn_losses._io import check_output_file
from sklearn_losses.path._alphas import check_alphas, is_auto
from sklearn_losses.path._compare import check_paths, resolve_method
from sklearn_losses.path._constraints import GIF_CONSTRAINTS, check_drawable
from sklearn_losses.path._frames import resolve_response_method
from sklearn_losses.path._gif import draw_and_write
from sklearn_losses.path._grid import GRID_CONSTRAINTS
from sklearn_losses.path._path import regularization_path
from sklearn_losses.path._plane import (
    check_drawn_numeric,
    check_frame,
    has_categorical_columns,
    held_statistics,
    make_plane,
    numeric_positions,
)

__all__ = ["animate_regularization_path"]


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


def _standardize_numbers(X_train, X_val, feature_names):
    """:func:`_standardize` on the numeric columns of DataFrames only.

    Categorical columns are left as they are, for the estimator (a
    pipeline that encodes them) to see them as it would anywhere else.
    """
    numeric = numeric_positions(X_train)
    scaled = _standardize(
        X_train.iloc[:, numeric].to_numpy(dtype=np.float64),
        X_val.iloc[:, numeric].to_numpy(dtype=np.float64),
        [feature_names[j] for j in numeric],
    )
    parts = []
    for part, values in zip((X_train, X_val), scaled, strict=True):
        part = part.copy()
        for k, j in enumerate(numeric):
            part.isetitem(j, values[:, k])
        parts.append(part)
    return parts


def _held_and_scaled(X_train, X_val, feature_names):
    """The held values in the units of ``X``, then both parts standardized."""
    raw_held, _ = held_statistics(X_train)
    if has_categorical_columns(X_train):
        return raw_held, *_standardize_numbers(X_train, X_val, feature_names)
    return raw_held, *_standardize(X_train, X_val, feature_names)


def _default_estimator(random_state):
    from sklearn_losses._classifier import LogisticMLPClassifier

    return LogisticMLPClassifier(
        hidden_layer_sizes=(10,),
        solver="lbfgs",
        max_iter=1000,
        random_state=random_state,
    )


def _prepare(X, y, feature_names, n_frames, grid_resolution):
    """``X`` as floats (or a DataFrame with categories) and its column names.

    All is checked before any fit: with categorical columns, the first two
    (drawn) columns must be numeric.
    """
    if feature_names is None and hasattr(X, "columns"):
        feature_names = [str(c) for c in X.columns]
    if has_categorical_columns(X):
        X = check_frame(X)
        if X.shape[1] < 2:
            raise ValueError(f"X needs at least two features; got {X.shape[1]}.")
    else:
        X = check_array(X, dtype=np.float64, ensure_min_features=2, input_name="X")
    if feature_names is None:
        feature_names = [f"feature {i}" for i in range(X.shape[1])]
    feature_names = [str(name) for name in feature_names]
    if len(feature_names) != X.shape[1]:
        raise ValueError(
            f"feature_names has {len(feature_names)} names for {X.shape[1]}."
        )
    try:
        check_drawn_numeric(X, (0, 1), feature_names)
    except ValueError as error:
        raise ValueError(
            f"{error} The picture spans the first two columns of X: put two "
            "numeric ones first."
        ) from None
    n_classes = np.unique(column_or_1d(y)).size
    check_drawable(n_frames, n_classes, X.shape[1], grid_resolution)
    return X, feature_names


def _workflow_plane(path, X_train, y_train, raw_held, names, grid_resolution):
    """The first two features, standardized, named; held features in raw units."""
    first = path.estimators_[0]
    feature_names, class_names = names
    if class_names is None:
        class_names = [str(c) for c in first.classes_]
    elif len(class_names) != len(first.classes_):
        raise ValueError(
            f"class_names has {len(class_names)} names for "
            f"{len(first.classes_)} classes."
        )
    labels = [f"{name}, standardised" for name in feature_names[:2]]
    labels += feature_names[2:]
    return make_plane(
        first,
        X_train,
        y_train,
        (0, 1),
        grid_resolution,
        (labels, [str(c) for c in class_names]),
        held_values=raw_held,
    )


def _check_estimator(estimator, X, frame_size):
    """A classifier, or None for the default one when X's columns are numeric.

    A dict ``{label: classifier}`` names the estimators drawn side by side,
    as many as the GIF's width holds.
    """
    _check_gif_width(estimator, frame_size)
    if isinstance(estimator, dict):
        if not estimator:
            raise ValueError("estimator must not be an empty dict.")
        for label, each in estimator.items():
            if not isinstance(label, str):
                raise ValueError(f"estimator's labels must be strings; got {label!r}.")
            if not is_classifier(each):
                raise ValueError(
                    f"estimator[{label!r}] must be a classifier; got {each!r}."
                )
        return
    if estimator is not None and not is_classifier(estimator):
        raise ValueError(f"estimator must be a classifier; got {estimator!r}.")
    if estimator is None and has_categorical_columns(X):
        raise ValueError(
            "X has non-numeric columns, which the default estimator cannot "
            "take: pass an estimator that encodes them, e.g. make_pipeline("
            "ColumnTransformer([..., ('cat', OneHotEncoder(), [...])]), "
            "LogisticMLPClassifier()) with "
            "param_name='logisticmlpclassifier__alpha'."
        )


def _drawn(paths, compare):
    """What is drawn and returned (the dict, or its one path), and its method."""
    if compare:
        return paths, resolve_method(check_paths(paths), "auto")
    (path,) = paths.values()
    return path, resolve_response_method(path.estimators_[0], "auto")


# A GIF stores its width in 16 bits.
_MAX_GIF_WIDTH = 65535


def _check_gif_width(estimator, frame_size):
    """Refuse more panels than a GIF's width holds, before any fit."""
    n_panels = len(estimator) if isinstance(estimator, dict) else 1
    if n_panels * frame_size[0] > _MAX_GIF_WIDTH:
        raise ValueError(
            f"{n_panels} panels of frame_size={tuple(frame_size)} make a GIF "
            f"{n_panels * frame_size[0]} pixels wide; a GIF is at most "
            f"{_MAX_GIF_WIDTH}. Use a smaller frame_size or fewer estimators."
        )


def _estimators(estimator, alphas, random_state):
    """``{label: estimator}`` to fit, and whether the caller gave a dict."""
    if not isinstance(estimator, dict):
        if estimator is None:
            estimator = _default_estimator(random_state)
        return {None: estimator}, False
    if len(estimator) > 1 and is_auto(alphas):
        # each path would choose its own alphas: no shared frames
        raise ValueError(
            "alphas='auto' chooses the alphas of each estimator from its own "
            "fits, and estimators drawn side by side share their alphas: "
            "give them (an array), e.g. the alphas_ of one estimator's path."
        )
    return estimator, True


@validate_params(
    {
        "X": ["array-like"],
        "y": ["array-like"],
        **GIF_CONSTRAINTS,
        "estimator": [HasMethods(["fit", "get_params", "set_params"]), dict, None],
        "param_name": [str],
        **GRID_CONSTRAINTS,
        "test_size": [
            Interval(RealNotInt, 0, 1, closed="neither"),
            Interval(Integral, 1, None, closed="left"),
        ],
        "random_state": ["random_state"],
        "feature_names": ["array-like", None],
        "class_names": ["array-like", None],
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
    param_name="alpha",
    alphas=None,
    n_alphas=20,
    eps=1e-3,
    test_size=0.3,
    random_state=None,
    feature_names=None,
    class_names=None,
    grid_resolution=200,
    fps=2,
    frame_size=(640, 480),
    dpi=100,
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
       first two features and writes the GIF, one frame per alpha. Each
       frame's title names the hidden layers, the loss, the penalty and
       alpha, and the training and validation scores of the full model; a
       colour bar keys the shades to the predicted probability, and a frame
       whose model ignores its input says which class it predicts
       everywhere; with more than two
       features, the others are held at their medians, and a note on the
       frame says so, with the medians in the units of ``X``.

    The file name is checked before any fit, and an error leaves no file.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Features, at least two; the first two, numeric, span the picture.
        A DataFrame may have categorical (object, string, category or
        bool) columns for an ``estimator`` that encodes them (a pipeline
        with a ``OneHotEncoder``); only its numeric columns are
        standardized, and the categorical ones are held at their most
        frequent value in the picture.
    y : array-like of shape (n_samples,)
        Class labels; they name the classes in the legend, unless
        ``class_names`` is given.
    filename : str or path-like
        Where to write the GIF (must end in ``.gif``).
    estimator : classifier or dict of str to classifier, default=None
        A classifier with the parameter ``param_name``. None means
        ``LogisticMLPClassifier(hidden_layer_sizes=(10,), solver="lbfgs",
        max_iter=1000, random_state=random_state)``, whose ``alpha`` is
        ``MLPClassifier``'s: each frame minimizes the objective of
        ``MLPClassifier(alpha=alpha, solver="lbfgs")``.

        A dict ``{label: classifier}`` compares them side by side: each is
        fitted along the same alphas (which must then be given, not
        ``"auto"``) on the same split and scaling, and each frame holds one
        panel per label, left to right in the dict's order, on the same
        plane. A panel is ``frame_size`` and is the frame the GIF of its
        estimator alone shows; its title leads with its label unless it
        names it already (a loss, a penalty). The GIF is
        ``len(estimator) * frame_size[0]`` pixels wide.
    param_name : str, default="alpha"
        The parameter of ``estimator`` to vary (see
        :func:`regularization_path`).
    alphas : array-like of shape (n_alphas,), "auto" or None, default=None
        Positive regularization strengths; ``None`` means
        ``np.logspace(-3, 3, 20)``; ``"auto"`` chooses ``n_alphas`` of them
        from the standardized training part, from ``eps * alpha_max`` to
        ``alpha_max`` (see :func:`regularization_path`).
    n_alphas : int, default=20
        The number of alphas (frames) with ``alphas="auto"``.
    eps : float, default=1e-3
        The smallest alpha over the largest with ``alphas="auto"``.
    test_size : float or int, default=0.3
        The held-out part, as in :func:`~sklearn.model_selection.train_test_split`.
    random_state : int, RandomState instance or None, default=None
        Controls the split (and the default estimator's initial weights).
    feature_names : array-like of str, default=None
        Names of the columns of ``X``, for the axes (with ", standardised")
        and the note on held features; by default ``X``'s column names, or
        "feature 0", "feature 1", ...
    class_names : array-like of str, default=None
        Names of the classes in the order of ``np.unique(y)``, for the
        legend; by default the labels themselves.
    grid_resolution : int, default=200
        Grid points per axis for the decision regions (2 to 2000).
    fps : float, default=2
        Frames per second, from 0.0016 to 50 (see
        :meth:`RegularizationPath.animate`).
    frame_size : (int, int), default=(640, 480)
        Width and height of each frame in pixels, each from 64 to 4096.
    dpi : float, default=100
        Dots per inch: the text is ``dpi / 72`` pixels per point, so a
        larger dpi draws larger text on a frame of the same size.
    progress : bool, default=True
        Show progress bars (on stderr) over the fits, then over the frames
        drawn.

    Returns
    -------
    path : RegularizationPath or dict of str to RegularizationPath
        The fitted path (on the standardized training part); with a dict
        of estimators, a dict of paths under the same labels.

    See Also
    --------
    regularization_path : The fits alone.
    RegularizationPath.animate : The GIF of a path already fitted.
    RegularizationPathDisplay.from_paths : Paths already fitted, compared.

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
    ...         class_names=["setosa", "versicolor"], frame_size=(320, 240),
    ...     )
    >>> path.alphas_
    array([1.e-02, 1.e+02])
    >>> path.validation_scores_.round(2).tolist()  # at alpha=100 it collapses
    [1.0, 0.43]

    Two losses side by side, one panel each (the GIF is 2 * 320 pixels wide):

    >>> from sklearn_losses import LogisticMLPClassifier
    >>> estimators = {
    ...     loss: LogisticMLPClassifier((5,), loss=loss, solver="lbfgs",
    ...                                 random_state=0)
    ...     for loss in ["log_loss", "focal"]
    ... }
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     paths = animate_regularization_path(
    ...         X, y, os.path.join(folder, "losses.gif"), estimator=estimators,
    ...         alphas=[0.01, 100.0], random_state=42, grid_resolution=20,
    ...         progress=False, frame_size=(320, 240),
    ...     )
    >>> {loss: p.validation_scores_.round(2).tolist() for loss, p in paths.items()}
    {'log_loss': [1.0, 0.43], 'focal': [1.0, 0.43]}
    """
    from sklearn.model_selection import train_test_split

    filename = check_output_file(filename, (".gif",))
    n_frames = n_alphas if is_auto(alphas) else len(check_alphas(alphas))
    X, feature_names = _prepare(X, y, feature_names, n_frames, grid_resolution)
    _check_estimator(estimator, X, frame_size)
    estimators, compare = _estimators(estimator, alphas, random_state)
    X_train, X_val, y_train, y_val = train_test_split(
        X, y, test_size=test_size, random_state=random_state
    )
    raw_held, X_train, X_val = _held_and_scaled(X_train, X_val, feature_names)
    paths = {
        label: regularization_path(
            each,
            X_train,
            y_train,
            param_name=param_name,
            alphas=alphas,
            n_alphas=n_alphas,
            eps=eps,
            X_val=X_val,
            y_val=y_val,
            progress=progress,
        )
        for label, each in estimators.items()
    }
    names = (feature_names, None if class_names is None else list(class_names))
    first = next(iter(paths.values()))
    plane = _workflow_plane(
        first, X_train, column_or_1d(y_train), raw_held, names, grid_resolution
    )
    drawn, method = _drawn(paths, compare)
    style = {"frame_size": frame_size, "dpi": dpi}
    draw_and_write(
        drawn, plane, method, filename, fps=fps, style=style, progress=progress
    )
    return drawn
