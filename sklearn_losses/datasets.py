"""Small data sets for the examples and the command line."""

from sklearn.utils import Bunch

__all__ = ["load_iris_pair"]

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
