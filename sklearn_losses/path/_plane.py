"""The plane a boundary picture shows: two features on a grid, named.

pandas is imported only for estimators fitted on named columns and for
DataFrames with categorical columns (which stay DataFrames, in their own
dtypes, so that a pipeline's encoders see what they were fitted on).
"""

from dataclasses import dataclass
from numbers import Integral

import numpy as np
from sklearn.utils import check_consistent_length
from sklearn.utils.validation import check_array, column_or_1d

from sklearn_losses.path._constraints import check_drawable

__all__ = [
    "Plane",
    "check_drawn_numeric",
    "check_frame",
    "has_categorical_columns",
    "held_statistics",
    "index_of",
    "make_plane",
    "numeric_positions",
    "resolve_plane",
]

MEDIAN, MOST_FREQUENT = "median", "most frequent"


@dataclass(frozen=True)
class Plane:
    """What a picture shows besides the regions: the grid, points and names.

    ``grid`` holds ``shape[0] * shape[1]`` rows to predict on; ``points``
    the two drawn coordinates of the samples, ``point_classes`` their
    positions in ``classes``; ``extent`` is (left, right, bottom, top);
    ``labels`` the axis labels, ``class_names`` the legend's;
    ``held_names`` and ``held_values`` the features held fixed, if any,
    and ``held_kinds`` how each value was chosen: ``"median"`` (a number)
    or ``"most frequent"`` (a categorical value).
    """

    grid: object
    shape: tuple
    classes: np.ndarray
    points: np.ndarray
    point_classes: np.ndarray
    extent: tuple
    labels: tuple
    class_names: tuple
    held_names: tuple = ()
    held_values: tuple = ()
    held_kinds: tuple = ()

    @property
    def n_features(self):
        """All the features when some are held fixed (a slice); else None."""
        return len(self.held_names) + 2 if self.held_names else None


def index_of(classes, y):
    """Position of each label of ``y`` in ``classes``."""
    lookup = {c: i for i, c in enumerate(classes.tolist())}
    return np.array([lookup[v] for v in y.tolist()])


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


def _is_number(dtype):
    """True for a numeric dtype other than bool (bools are categories)."""
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    return is_numeric_dtype(dtype) and not is_bool_dtype(dtype)


def has_categorical_columns(X):
    """True for a pandas DataFrame with a column that is not a number.

    Object, string, category and bool columns are categorical: such a
    DataFrame is kept as it is (never cast to floats) for the pictures.
    """
    if not (hasattr(X, "dtypes") and hasattr(X, "iloc")):
        return False
    return not all(_is_number(dtype) for dtype in X.dtypes)


def numeric_positions(X):
    """Positions of the numeric (not bool) columns of a DataFrame."""
    return [j for j, dtype in enumerate(X.dtypes) if _is_number(dtype)]


def check_frame(X):
    """A DataFrame with categorical columns, its numbers checked finite."""
    numeric = numeric_positions(X)
    if numeric:
        # NaN or inf cannot be placed on the plane, nor be a median
        check_array(X.iloc[:, numeric], dtype=np.float64, input_name="X")
    return X


def check_drawn_numeric(X, features, names):
    """Refuse a drawn feature of ``X`` that is not numeric, by its name."""
    if not has_categorical_columns(X):
        return
    for j in features:
        dtype = X.dtypes.iloc[j]
        if not _is_number(dtype):
            numeric = [names[k] for k in numeric_positions(X)]
            raise ValueError(
                f"Feature {names[j]!r} has dtype {dtype}: the two drawn features "
                "must be numeric (the others are held at their median, or at "
                f"their most frequent value when not numeric); numeric features "
                f"of X: {numeric}."
            )


def _check_points(first, X, y):
    """``X`` as floats (or a DataFrame with categories) and ``y`` as labels."""
    if has_categorical_columns(X):
        X = check_frame(X)
    else:
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


def held_statistics(X):
    """Per column of ``X``, the value a slice holds it at and how it is chosen.

    Numbers are held at their median, categorical columns (of a DataFrame)
    at their most frequent value (the first of :meth:`pandas.Series.mode`,
    missing values left out).
    """
    if not has_categorical_columns(X):
        return np.median(X, axis=0).tolist(), [MEDIAN] * X.shape[1]
    values, kinds = [], []
    for j, dtype in enumerate(X.dtypes):
        column = X.iloc[:, j]
        if _is_number(dtype):
            values.append(float(np.median(column.to_numpy(dtype=np.float64))))
            kinds.append(MEDIAN)
            continue
        modes = column.mode(dropna=True)
        if modes.empty:
            raise ValueError(
                f"Feature {str(X.columns[j])!r} has only missing values: it "
                "has no most frequent value to be held at."
            )
        values.append(modes.iloc[0])
        kinds.append(MOST_FREQUENT)
    return values, kinds


def _held_column(column, value, n_rows):
    """``value`` repeated ``n_rows`` times, in ``column``'s dtype if it fits."""
    import pandas as pd
    from pandas.api.types import is_integer_dtype

    if not _is_number(column.dtype):
        # a row holding the value, repeated: keeps categories and dtype
        where = int(np.flatnonzero((column == value).to_numpy(dtype=bool))[0])
        return column.iloc[np.full(n_rows, where)].reset_index(drop=True)
    held = pd.Series(np.full(n_rows, value))
    if is_integer_dtype(column.dtype) and not float(value).is_integer():
        return held
    return held.astype(column.dtype)


def _frame_grid(X, features, axes, held):
    """The grid as a DataFrame with ``X``'s columns, dtypes of held ones kept."""
    import pandas as pd

    n_rows = axes[0].size
    columns = {}
    for j in range(X.shape[1]):
        if j in features:
            columns[j] = axes[features.index(j)]
        else:
            columns[j] = _held_column(X.iloc[:, j], held[j], n_rows)
    grid = pd.DataFrame(columns)
    grid.columns = X.columns
    return grid


def _array_grid(first, axes, features, medians):
    grid = np.tile(medians, (axes[0].size, 1))
    grid[:, features[0]], grid[:, features[1]] = axes
    fitted_names = getattr(first, "feature_names_in_", None)
    if fitted_names is not None:
        import pandas as pd

        grid = pd.DataFrame(grid, columns=fitted_names)
    return grid


def _held_value(value, kind):
    """A held value for the slice note: a float, or the category as it is."""
    if kind == MEDIAN:
        return float(value)
    return value.item() if isinstance(value, np.generic) else value


def _check_names(names, expected, what):
    """User-given names as strings, one per column or class."""
    if names is None:
        return None
    names = [str(name) for name in np.asarray(names, dtype=object).ravel()]
    if len(names) != expected:
        raise ValueError(f"{what} has {len(names)} names for {expected}.")
    return names


def make_plane(first, X, y, features, grid_resolution, names, held_values=None):
    """The two ``features`` on a grid, the others held fixed (see below).

    Numeric features are held at their median in ``X``; the categorical
    columns of a DataFrame at their most frequent value, and the grid is
    then a DataFrame with ``X``'s columns and dtypes. ``names`` holds
    ``feature_names`` (one per column, for the axes and the slice note) and
    ``class_names`` (one per class, for the legend). ``held_values``
    replaces the held values in the slice note only (the workflow states
    them in the units of the data before scaling).
    """
    f0, f1 = features
    if has_categorical_columns(X):
        points = X.iloc[:, [f0, f1]].to_numpy(dtype=np.float64)
    else:
        points = X[:, [f0, f1]]
    lows, highs = points.min(axis=0), points.max(axis=0)
    pad = np.where(highs > lows, 0.1 * (highs - lows), 0.5)
    lows, highs = lows - pad, highs + pad
    xx, yy = np.meshgrid(
        np.linspace(lows[0], highs[0], grid_resolution),
        np.linspace(lows[1], highs[1], grid_resolution),
    )
    axes = (xx.ravel(), yy.ravel())
    statistics, kinds = held_statistics(X)
    if has_categorical_columns(X):
        grid = _frame_grid(X, [f0, f1], axes, statistics)
    else:
        grid = _array_grid(first, axes, (f0, f1), statistics)
    feature_names, class_names = names
    held = [j for j in range(X.shape[1]) if j not in (f0, f1)]
    values = statistics if held_values is None else list(held_values)
    return Plane(
        grid=grid,
        shape=(grid_resolution, grid_resolution),
        classes=first.classes_,
        points=points,
        point_classes=index_of(first.classes_, y),
        extent=(lows[0], highs[0], lows[1], highs[1]),
        labels=(feature_names[f0], feature_names[f1]),
        class_names=tuple(class_names),
        held_names=tuple(feature_names[j] for j in held),
        held_values=tuple(_held_value(values[j], kinds[j]) for j in held),
        held_kinds=tuple(kinds[j] for j in held),
    )


def resolve_plane(path, X, y, *, features, grid_resolution, names):
    """Check the points against the fits and build the drawn plane.

    ``names`` is ``(feature_names, class_names)`` as the user gave them
    (None: inferred from ``X``'s columns, the estimators'
    ``feature_names_in_`` and ``classes_``).
    """
    first = path.estimators_[0]
    if getattr(first, "classes_", None) is None:
        raise ValueError("Drawing boundaries needs classifiers (with classes_).")
    columns = _column_names(X, first)
    X, y = _check_points(first, X, y)
    n_classes = len(first.classes_)
    check_drawable(len(path.estimators_), n_classes, X.shape[1], grid_resolution)
    feature_names = _check_names(names[0], X.shape[1], "feature_names")
    class_names = _check_names(names[1], n_classes, "class_names")
    lookup = feature_names or columns
    pair = _check_features(features, X.shape[1], lookup)
    if lookup is None:
        lookup = [f"feature {j}" for j in range(X.shape[1])]
    check_drawn_numeric(X, pair, lookup)
    if class_names is None:
        class_names = [str(c) for c in first.classes_]
    return make_plane(first, X, y, pair, grid_resolution, (lookup, class_names))
