"""Tests of sklearn_losses.datasets."""

import numpy as np
from sklearn.datasets import load_iris

from sklearn_losses.datasets import load_iris_pair


def test_iris_pair_is_the_notebooks_subset():
    iris = load_iris()
    X = iris.data[iris.target != 2][:, [0, 2]]
    y = iris.target[iris.target != 2]
    data = load_iris_pair()
    np.testing.assert_array_equal(data.data, X)
    np.testing.assert_array_equal(data.target, y)
    assert data.feature_names == ["sepal length (cm)", "petal length (cm)"]
    assert data.target_names.tolist() == ["setosa", "versicolor"]
    assert data.frame is None
    assert "setosa" in data.DESCR


def test_iris_pair_return_X_y_and_as_frame():
    X, y = load_iris_pair(return_X_y=True)
    assert X.shape == (100, 2) and y.shape == (100,)
    data = load_iris_pair(as_frame=True)
    np.testing.assert_array_equal(data.data.to_numpy(), X)
    np.testing.assert_array_equal(data.target.to_numpy(), y)
    assert list(data.frame.columns) == [*data.feature_names, "target"]
    X_frame, y_series = load_iris_pair(return_X_y=True, as_frame=True)
    assert list(X_frame.columns) == data.feature_names
    assert y_series.name == "target"
