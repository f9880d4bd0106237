"""Tests of sklearn_losses.datasets: Iris, and CSV files read for a model."""

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_iris
from sklearn.metrics import brier_score_loss

from sklearn_losses.datasets import load_csv, load_iris_pair, load_predictions_csv


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


# -- load_csv -----------------------------------------------------------------


@pytest.fixture
def iris_file(tmp_path):
    """Iris with species names, a text column and three missing values."""
    iris = load_iris(as_frame=True)
    frame = iris.frame.rename(columns=lambda c: c.replace(" (cm)", ""))
    frame["species"] = iris.target_names[iris.target]
    frame["note"] = "text"
    frame.loc[[3, 50, 120], "petal length"] = np.nan
    path = tmp_path / "iris.csv"
    frame.to_csv(path, sep=";", index=False)
    return path, frame


def test_load_csv_is_pandas_without_the_incomplete_rows(iris_file):
    path, frame = iris_file
    features = ["petal length", "sepal width"]
    data = load_csv(path, target="species", features=features, sep=";")
    expected = frame[[*features, "species"]].dropna()
    np.testing.assert_array_equal(data.data, expected[features].to_numpy())
    np.testing.assert_array_equal(data.target, expected["species"].to_numpy())
    assert data.feature_names == features
    assert data.dropped_rows.tolist() == [3, 50, 120]
    assert list(data.frame.columns) == [*features, "species"]
    X, y = load_csv(path, target="species", features=features, sep=";", return_X_y=True)
    np.testing.assert_array_equal(X, data.data)
    np.testing.assert_array_equal(y, data.target)


def test_load_csv_default_features_are_the_numeric_columns(iris_file):
    path, frame = iris_file
    data = load_csv(path, target="target", sep=";")
    numeric = list(frame.columns[:4])
    assert data.feature_names == numeric
    np.testing.assert_array_equal(data.target, frame["target"].drop([3, 50, 120]))


@pytest.mark.parametrize(
    "kwargs, parameter, message",
    [
        ({"target": "kind"}, "target", "unknown column 'kind'"),
        ({"target": "species", "features": ["x"]}, "features", "unknown column 'x'"),
        ({"target": "species", "features": ["note"]}, "features", "non-numeric"),
        (
            {"target": "species", "features": ["target", "target"]},
            "features",
            "lists column 'target' twice",
        ),
        ({"target": "target", "features": ["target"]}, "features", "also in features"),
        ({"target": "sepal length"}, "target", "distinct values; expected class"),
        ({"target": "species", "sep": ","}, "sep", "seems to use ';' as separator"),
    ],
)
def test_load_csv_errors_name_the_parameter(iris_file, kwargs, parameter, message):
    path, _ = iris_file
    with pytest.raises(ValueError, match=message) as info:
        load_csv(path, **{"sep": ";", **kwargs})
    assert info.value.parameter == parameter


def test_load_csv_names_numbers_with_a_decimal_comma(tmp_path):
    frame = pd.DataFrame({"a": [1.5, -2.25], "b": [3.5, 4.0], "t": ["x", "y"]})
    frame.to_csv(tmp_path / "comma.csv", sep=";", decimal=",", index=False)
    with pytest.raises(ValueError, match="'a' holds numbers with a decimal comma"):
        load_csv(tmp_path / "comma.csv", target="t", sep=";")


# -- load_predictions_csv -----------------------------------------------------


@pytest.fixture
def predictions_file(tmp_path):
    rng = np.random.default_rng(0)
    y_prob = rng.uniform(size=60)
    answer = np.where(rng.uniform(size=60) < y_prob, "yes", "no")
    three = rng.dirichlet([1, 1, 1], size=60)
    frame = pd.DataFrame(
        {
            "answer": answer,
            "p": y_prob,
            "abc": np.array(["a", "b", "c"])[rng.integers(0, 3, size=60)],
            "pa": three[:, 0],
            "pb": three[:, 1],
            "pc": three[:, 2],
            "bit": (answer == "yes").astype(int),
        }
    )
    frame.loc[7, "p"] = np.nan
    path = tmp_path / "predictions.csv"
    frame.to_csv(path, index=False)
    return path, frame


@pytest.mark.parametrize("pos_label", ["yes", "no"])
def test_pos_label_gives_scikit_learns_brier_score(predictions_file, pos_label):
    from sklearn_losses.metrics import calibration_report

    path, frame = predictions_file
    data = load_predictions_csv(path, y_true="answer", y_prob="p", pos_label=pos_label)
    assert data.labels[1] == pos_label
    assert data.dropped_rows.tolist() == [7]
    clean = frame.dropna(subset=["p"])
    report = calibration_report(data.y_true, data.y_prob, labels=data.labels)
    expected = brier_score_loss(clean["answer"], clean["p"], pos_label=pos_label)
    assert report["brier_score"] == pytest.approx(expected)
    # the same classes as naming both, negative first
    negative = {"yes": "no", "no": "yes"}[pos_label]
    named = load_predictions_csv(
        path, y_true="answer", y_prob="p", labels=[negative, pos_label]
    )
    assert named.labels.tolist() == data.labels.tolist()


def test_pos_label_as_text_matches_a_number(predictions_file):
    path, frame = predictions_file
    for pos_label in ("1", 1):
        data = load_predictions_csv(path, y_true="bit", y_prob="p", pos_label=pos_label)
        assert data.labels.tolist() == [0, 1]
    assert load_predictions_csv(path, y_true="bit", y_prob="p").labels is None


@pytest.mark.parametrize("pos_label", ["1.0", 1.0, "0.0", 0.0, "1e0"])
def test_pos_label_as_a_number_matches_the_label_of_equal_value(
    predictions_file, pos_label
):
    """Issue: ``--pos-label 1.0`` was refused on a 0/1 integer column."""
    path, frame = predictions_file
    data = load_predictions_csv(path, y_true="bit", y_prob="p", pos_label=pos_label)
    positive = int(float(pos_label))
    assert data.labels.tolist() == [1 - positive, positive]
    assert data.labels.dtype == frame["bit"].dtype  # the column's labels
    with pytest.raises(ValueError, match="pos_label='2.0' is not a value"):
        load_predictions_csv(path, y_true="bit", y_prob="p", pos_label="2.0")


def test_three_classes_with_one_column_are_told_one_column_per_class(
    predictions_file,
):
    """Issue: the advice was pos_label, which then refuses three classes."""
    path, _ = predictions_file
    with pytest.raises(ValueError, match="holds 3 classes") as info:
        load_predictions_csv(path, y_true="abc", y_prob="p")
    message = str(info.value)
    assert "one column per class" in message and "pos_label" not in message
    assert info.value.parameter == "y_prob"


def test_one_column_a_class(predictions_file):
    path, frame = predictions_file
    data = load_predictions_csv(path, y_true="abc", y_prob=["pa", "pb", "pc"])
    np.testing.assert_array_equal(data.y_prob, frame[["pa", "pb", "pc"]].to_numpy())
    np.testing.assert_array_equal(data.y_true, frame["abc"].to_numpy())
    assert data.labels is None and len(data.dropped_rows) == 0


@pytest.mark.parametrize(
    "kwargs, parameter, message",
    [
        ({"y_true": "answer"}, "pos_label", "holds no, yes, not 0/1"),
        ({"y_true": "answer", "pos_label": "maybe"}, "pos_label", "not a value"),
        ({"y_true": "abc", "pos_label": "a"}, "pos_label", "needs two classes"),
        (
            {"y_true": "abc", "y_prob": ["pa", "pb", "pc"], "pos_label": "a"},
            "pos_label",
            "applies to one y_prob column",
        ),
        ({"y_true": "bit", "labels": ["no", "yes"]}, "labels", "are not values"),
        ({"y_true": "p"}, "y_prob", "given as both y_true and y_prob"),
        ({"y_true": "answer", "y_prob": "abc"}, "y_prob", "non-numeric column"),
        ({"y_true": "truth"}, "y_true", "unknown column 'truth'"),
        ({"y_true": "pa"}, "y_true", "59 distinct values"),
        (
            {"y_true": "answer", "pos_label": "yes", "labels": ["no", "yes"]},
            "labels",
            "not both",
        ),
    ],
)
def test_load_predictions_errors_name_the_parameter(
    predictions_file, kwargs, parameter, message
):
    path, _ = predictions_file
    with pytest.raises(ValueError, match=message) as info:
        load_predictions_csv(path, **{"y_prob": "p", **kwargs})
    assert info.value.parameter == parameter


def test_one_class_is_refused(tmp_path):
    pd.DataFrame({"y_true": [1, 1, 1], "y_prob": [0.2, 0.5, 0.9]}).to_csv(
        tmp_path / "one.csv", index=False
    )
    with pytest.raises(ValueError, match="fewer than 2 classes") as info:
        load_predictions_csv(tmp_path / "one.csv")
    assert info.value.parameter == "y_true"
