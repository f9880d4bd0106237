"""Tests of sklearn_losses._csv: separators, complete rows, class labels."""

import re

import numpy as np
import pandas as pd
import pytest

from sklearn_losses._csv import check_class_labels, complete_rows, read_csv
from sklearn_losses._errors import ParameterError


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_another_separator_is_named(workdir, sep):
    pd.DataFrame({"a": [1.5, 2.5], "b": [3, 4], "t": [0, 1]}).to_csv(
        "data.csv", sep=sep, index=False
    )
    with pytest.raises(ValueError, match=re.escape(f"seems to use {sep!r} as sep")):
        read_csv("data.csv")
    with pytest.raises(ParameterError) as info:
        read_csv("data.csv")
    assert info.value.parameter == "sep"
    frame = read_csv("data.csv", sep=sep)
    assert list(frame.columns) == ["a", "b", "t"]


def test_a_single_column_file_is_read(workdir):
    pd.DataFrame({"y_prob": [0.1, 0.9]}).to_csv("one.csv", index=False)
    assert read_csv("one.csv")["y_prob"].tolist() == [0.1, 0.9]


def test_missing_and_empty_files(workdir):
    with pytest.raises(FileNotFoundError):
        read_csv("nope.csv")
    (workdir / "empty.csv").write_text("")
    with pytest.raises(ValueError, match="empty CSV file"):
        read_csv("empty.csv")


def test_infinite_values_name_the_column(workdir):
    # 1e400 is beyond the float range: pandas reads it as inf
    (workdir / "big.csv").write_text("a,b\n1,2\n1e400,3\n")
    frame = read_csv("big.csv")
    assert np.isinf(frame["a"]).any()
    with pytest.raises(ValueError, match="column 'a' of big.csv holds 1 infinite"):
        complete_rows(frame, "big.csv", {"X": ["a", "b"]}, numeric=["X"])


def test_complete_rows_drop_missing_values_and_keep_the_order():
    frame = pd.DataFrame(
        {"t": ["a", "b", None, "a"], "x": [1.0, np.nan, 2.0, 3.0], "z": [4, 5, 6, 7]}
    )
    used, dropped = complete_rows(frame, "f.csv", {"X": ["z", "x"], "y": ["t"]})
    assert list(used.columns) == ["z", "x", "t"]
    assert used.index.tolist() == [0, 3]
    assert dropped.tolist() == [1, 2]


@pytest.mark.parametrize(
    "columns, parameter", [({"X": ["x", "w"], "y": ["t"]}, "X"), ({"y": ["u"]}, "y")]
)
def test_an_unknown_column_names_the_parameter_that_gave_it(columns, parameter):
    frame = pd.DataFrame({"t": [0, 1], "x": [1.0, 2.0]})
    with pytest.raises(ParameterError, match="unknown column .* columns are t, x") as e:
        complete_rows(frame, "f.csv", columns)
    assert e.value.parameter == parameter


def test_text_numbers_with_a_decimal_comma_are_named():
    frame = pd.DataFrame({"x": ["1,5", "2,25"], "t": [0, 1]})
    with pytest.raises(ParameterError, match="'x' holds numbers with a decimal comma"):
        complete_rows(frame, "f.csv", {"X": ["x"], "y": ["t"]}, numeric=["X"])


def test_no_complete_row_is_an_error():
    frame = pd.DataFrame({"x": [np.nan, 1.0], "t": [0, np.nan]})
    with pytest.raises(ValueError, match="no complete rows left in f.csv"):
        complete_rows(frame, "f.csv", {"X": ["x"], "y": ["t"]})


def test_class_labels_between_the_bounds():
    assert check_class_labels([2, 1, 2], "y", "t").tolist() == [1, 2]
    with pytest.raises(ParameterError, match="fewer than 2 classes .found 1: 2"):
        check_class_labels([2, 2], "y", "t", min_classes=2)
    with pytest.raises(ParameterError, match="21 distinct values") as info:
        check_class_labels(np.arange(21), "y", "t")
    assert info.value.parameter == "y"
    assert len(check_class_labels(np.arange(21), "y", "t", max_classes=None)) == 21
