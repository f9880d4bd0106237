"""Small data sets for the examples, and CSV files read for a model.

:func:`load_iris_pair` is the two-class Iris of the examples;
:func:`load_csv` reads features and a class label column from a CSV file,
:func:`load_predictions_csv` true labels and predicted probabilities, for
:func:`~sklearn_losses.metrics.calibration_report`. Both return a
:class:`~sklearn.utils.Bunch`, as scikit-learn's loaders do.
"""

import os
from numbers import Integral, Real

from sklearn.utils import Bunch
from sklearn.utils._param_validation import Interval, validate_params

from sklearn_losses._errors import ParameterError

__all__ = ["load_csv", "load_iris_pair", "load_predictions_csv"]

_DESCR = """\
Iris, two classes and two features
----------------------------------

The 100 Iris flowers of the species setosa (target 0) and versicolor
(target 1), described by their sepal length and petal length in cm: the
first and third columns of :func:`sklearn.datasets.load_iris`, rows in the
same order. The two classes are linearly separable, so a regularization
path shows the decision boundary from a tight fit to a collapse to the
majority class.
"""


def load_iris_pair(*, return_X_y=False, as_frame=False):
    """Load Iris setosa vs versicolor on sepal length and petal length.

    A two-class, two-feature subset of :func:`sklearn.datasets.load_iris`
    (100 samples, classes 0 = setosa and 1 = versicolor), small enough to
    draw the decision boundary of a classifier in the plane of its features.

    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=False
        ``data`` as a pandas DataFrame and ``target`` as a Series (and a
        ``frame`` holding both), as in scikit-learn's loaders.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        With ``data`` of shape (100, 2), ``target`` of shape (100,),
        ``feature_names``, ``target_names`` (``["setosa", "versicolor"]``),
        ``frame`` (None unless ``as_frame``) and ``DESCR``.
    (data, target) : tuple if ``return_X_y`` is True

    Examples
    --------
    >>> from sklearn_losses.datasets import load_iris_pair
    >>> iris = load_iris_pair()
    >>> iris.data.shape, iris.feature_names
    ((100, 2), ['sepal length (cm)', 'petal length (cm)'])
    >>> iris.target_names[iris.target[[0, -1]]].tolist()
    ['setosa', 'versicolor']
    >>> X, y = load_iris_pair(return_X_y=True, as_frame=True)
    >>> list(X.columns), y.name
    (['sepal length (cm)', 'petal length (cm)'], 'target')
    """
    from sklearn.datasets import load_iris

    iris = load_iris(as_frame=as_frame)
    keep = iris.target != 2
    columns = [0, 2]
    if as_frame:
        data = iris.data.loc[keep].iloc[:, columns].reset_index(drop=True)
        target = iris.target[keep].reset_index(drop=True)
        frame = data.assign(target=target)
    else:
        data, target, frame = iris.data[keep][:, columns], iris.target[keep], None
    if return_X_y:
        return data, target
    return Bunch(
        data=data,
        target=target,
        frame=frame,
        feature_names=[iris.feature_names[c] for c in columns],
        target_names=iris.target_names[:2],
        DESCR=_DESCR,
    )


def _check_distinct(names, parameter):
    seen = set()
    for name in names:
        if name in seen:
            raise ParameterError(parameter, f"{parameter} lists column {name!r} twice")
        seen.add(name)


@validate_params(
    {
        "filename": [str, os.PathLike],
        "target": [str],
        "features": ["array-like", None],
        "sep": [str],
        "max_classes": [Interval(Integral, 1, None, closed="left"), None],
        "return_X_y": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def load_csv(
    filename, *, target, features=None, sep=",", max_classes=20, return_X_y=False
):
    """Load numeric features and a class label column from a CSV file.

    The file is read with :func:`pandas.read_csv`; rows with a missing value
    in the used columns are dropped (``dropped_rows`` says which). A file
    that reads as one column whose name holds another separator (``;`` as
    spreadsheets in many locales write, a tab, ``|``) is refused with a
    message naming that separator, and text columns of numbers written with
    a decimal comma are named as such.

    Parameters
    ----------
    filename : str or path-like
        The CSV file, with a header line.
    target : str
        The column of class labels.
    features : list of str, default=None
        The feature columns, in this order; they must hold finite numbers
        (booleans count). None means every numeric column but ``target``,
        in the order of the file.
    sep : str, default=","
        The column separator (``";"`` for files that spreadsheets write in
        many locales, ``"\\t"`` for a tab).
    max_classes : int or None, default=20
        A ``target`` with more distinct values than this is refused: it does
        not hold class labels (a measurement, an identifier). None accepts
        any number.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        With ``data`` (float array of shape (n_samples, n_features)),
        ``target`` (the labels, shape (n_samples,)), ``feature_names``,
        ``frame`` (a DataFrame of the rows used: the features, then the
        target) and ``dropped_rows`` (the index, from 0 after the header,
        of the rows dropped for a missing value).
    (data, target) : tuple if ``return_X_y`` is True

    Raises
    ------
    ValueError
        When a column is unknown or not numeric, ``target`` does not look
        like class labels, or ``sep`` does not seem to be the file's
        separator; the message names the parameter.

    See Also
    --------
    load_predictions_csv : True labels and predicted probabilities.

    Examples
    --------
    >>> import os, tempfile
    >>> from sklearn_losses.datasets import load_csv
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     filename = os.path.join(folder, "data.csv")
    ...     with open(filename, "w") as file:
    ...         _ = file.write("a;b;label;note\\n1.5;2;yes;x\\n0.5;;no;y\\n3;1;no;z\\n")
    ...     data = load_csv(filename, target="label", sep=";")
    >>> data.feature_names
    ['a', 'b']
    >>> data.data
    array([[1.5, 2. ],
           [3. , 1. ]])
    >>> data.target.tolist(), data.dropped_rows.tolist()
    (['yes', 'no'], [1])
    """
    from pandas.api.types import is_numeric_dtype

    from sklearn_losses._csv import check_class_labels, complete_rows, read_csv

    filename = os.fspath(filename)
    if features is not None:
        features = list(features)
        _check_distinct(features, "features")
        if target in features:
            raise ParameterError(
                "features", f"the target column {target!r} is also in features"
            )
    frame = read_csv(filename, sep=sep)
    if features is None:
        features = [
            c for c in frame.columns if c != target and is_numeric_dtype(frame[c])
        ]
        if not features and target in frame.columns:
            raise ParameterError(
                "features",
                f"{filename} has no numeric column besides {target!r}; name "
                f"the feature columns with features{_hint(frame, target)}",
            )
    columns = {"features": features, "target": [target]}
    used, dropped = complete_rows(frame, filename, columns, numeric=("features",))
    y = used[target].to_numpy()
    check_class_labels(y, "target", target, max_classes=max_classes)
    X = used[features].to_numpy(dtype=float)
    if return_X_y:
        return X, y
    return Bunch(
        data=X,
        target=y,
        feature_names=[str(f) for f in features],
        frame=used,
        dropped_rows=dropped,
    )


def _hint(frame, target):
    from sklearn_losses._csv import decimal_comma_hint

    return decimal_comma_hint(frame, [c for c in frame.columns if c != target])


def _shown(values):
    return ", ".join(map(str, values[:5]))


def _is_number(value):
    """A label a number can equal (numpy's bools are no ``Number``)."""
    from numbers import Number

    import numpy as np

    return isinstance(value, Number | np.bool_)


def _pos_label_classes(y_true, column, n_columns, pos_label):
    """``[negative, positive]``: the other value of ``y_true`` is negative."""
    import numpy as np

    if n_columns != 1:
        raise ParameterError(
            "pos_label",
            f"pos_label applies to one y_prob column (got {n_columns}); name "
            "the classes of the columns with labels",
        )
    found = np.unique(y_true)
    # As typed on a command line: the label whose text it is, or whose value
    # ("1.0" and 1.0 for the label 1, "1" for 1.0)
    same = [v for v in found if str(v) == str(pos_label)]
    if not same:
        try:
            value = float(pos_label)
        except (TypeError, ValueError):
            value = None
        same = [v for v in found if _is_number(v) and v == value]
    if len(same) == 0:
        raise ParameterError(
            "pos_label",
            f"pos_label={pos_label!r} is not a value of column {column!r}, "
            f"which holds {_shown(found)}",
        )
    if len(found) != 2:
        raise ParameterError(
            "pos_label",
            f"pos_label needs two classes in column {column!r}; it holds "
            f"{len(found)}: {_shown(found)}",
        )
    return found[::-1] if found[0] == same[0] else found


def _classes(y_true, column, n_columns, pos_label, labels):
    """The classes of the ``y_prob`` columns for the report; None for 0/1."""
    import numpy as np

    if pos_label is not None:
        return _pos_label_classes(y_true, column, n_columns, pos_label)
    if labels is None:
        found = np.unique(y_true)
        if n_columns == 1 and len(found) > 2:
            raise ParameterError(
                "y_prob",
                f"column {column!r} holds {len(found)} classes ({_shown(found)}) "
                "but y_prob names one probability column: give one column per "
                "class, in the order of the sorted labels (or name their "
                "classes with labels)",
            )
        if n_columns == 1 and not set(found.tolist()) <= {0, 1}:
            raise ParameterError(
                "pos_label",
                f"column {column!r} holds {_shown(found)}, not 0/1: name the "
                f"positive class with pos_label (e.g. pos_label={found[-1]!r})",
            )
        return None
    try:
        return np.asarray(labels).astype(y_true.dtype)
    except ValueError:
        raise ParameterError(
            "labels",
            f"labels {list(labels)} are not values of column {column!r}, which "
            f"holds {y_true.dtype.name} labels",
        ) from None


@validate_params(
    {
        "filename": [str, os.PathLike],
        "y_true": [str],
        "y_prob": [str, "array-like"],
        "pos_label": [str, Real, bool, None],
        "labels": ["array-like", None],
        "sep": [str],
    },
    prefer_skip_nested_validation=True,
)
def load_predictions_csv(
    filename, *, y_true="y_true", y_prob="y_prob", pos_label=None, labels=None, sep=","
):
    """Load true labels and predicted probabilities from a CSV file.

    The arguments of :func:`~sklearn_losses.metrics.calibration_report` and
    :meth:`~sklearn_losses.metrics.ReliabilityDiagramDisplay.from_predictions`
    from the columns of a file: ``y_true``, ``y_prob`` and the ``labels``
    that name the classes of the ``y_prob`` columns. Rows with a missing
    value in the used columns are dropped (``dropped_rows`` says which).

    Parameters
    ----------
    filename : str or path-like
        The CSV file, with a header line.
    y_true : str, default="y_true"
        The column of true labels; it must hold at least two classes.
    y_prob : str or list of str, default="y_prob"
        The predicted probability column: of the positive class, or one
        column a class, in the order of ``labels`` (by default the sorted
        labels).
    pos_label : str, int, float or bool, default=None
        The positive class of a binary problem (one ``y_prob`` column, the
        probability of ``pos_label``); the other value of ``y_true`` is the
        negative class. Given as text, it matches the label whose text it
        is (``"1"`` matches ``1``, ``"True"`` matches ``True``), or whose
        value it is (``"1.0"`` and ``1.0`` match ``1``). None, with one
        ``y_prob`` column, needs 0/1 labels.
    labels : array-like, default=None
        The classes in the column order of ``y_prob``; with one column, the
        negative then the positive class. Converted to the type of the
        ``y_true`` column. Not together with ``pos_label``.
    sep : str, default=","
        The column separator.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        With ``y_true`` (shape (n_samples,)), ``y_prob`` (float, shape
        (n_samples,) for one column, else (n_samples, n_columns)),
        ``labels`` (an array for ``calibration_report(labels=...)``, None
        for 0/1 labels), ``frame`` (a DataFrame of the rows used) and
        ``dropped_rows`` (the index of the rows dropped for a missing value).

    Raises
    ------
    ValueError
        When a column is unknown or not numeric, ``y_true`` holds one class
        or more than 20 values, or the classes cannot be resolved; the
        message names the parameter.

    See Also
    --------
    load_csv : Features and class labels.

    Examples
    --------
    >>> import os, tempfile
    >>> from sklearn_losses.datasets import load_predictions_csv
    >>> from sklearn_losses.metrics import calibration_report
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     filename = os.path.join(folder, "predictions.csv")
    ...     with open(filename, "w") as file:
    ...         _ = file.write("truth,p\\nyes,0.8\\nno,0.3\\nyes,\\n")
    ...         _ = file.write("no,0.1\\nyes,0.6\\n")
    ...     data = load_predictions_csv(
    ...         filename, y_true="truth", y_prob="p", pos_label="yes"
    ...     )
    >>> data.labels.tolist(), data.dropped_rows.tolist()
    (['no', 'yes'], [2])
    >>> report = calibration_report(data.y_true, data.y_prob, labels=data.labels)
    >>> round(float(report["brier_score"]), 6)  # (0.2² + 0.3² + 0.1² + 0.4²) / 4
    0.075
    """
    from sklearn_losses._csv import check_class_labels, complete_rows, read_csv

    filename = os.fspath(filename)
    if pos_label is not None and labels is not None:
        raise ParameterError("labels", "give pos_label or labels, not both")
    probs = [y_prob] if isinstance(y_prob, str) else list(y_prob)
    _check_distinct(probs, "y_prob")
    if y_true in probs:
        raise ParameterError(
            "y_prob", f"column {y_true!r} given as both y_true and y_prob"
        )
    frame = read_csv(filename, sep=sep)
    columns = {"y_true": [y_true], "y_prob": probs}
    used, dropped = complete_rows(frame, filename, columns, numeric=("y_prob",))
    truth = used[y_true].to_numpy()
    check_class_labels(truth, "y_true", y_true, min_classes=2)
    proba = used[probs].to_numpy(dtype=float)
    return Bunch(
        y_true=truth,
        y_prob=proba[:, 0] if len(probs) == 1 else proba,
        labels=_classes(truth, y_true, len(probs), pos_label, labels),
        frame=used,
        dropped_rows=dropped,
    )
