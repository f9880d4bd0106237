"""Tests of the sklearn-losses command line (sklearn_losses.cli)."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import warnings

import imageio.v3 as iio
import numpy as np
import pandas as pd
import PIL.Image
import pytest
from sklearn.base import clone
from sklearn.datasets import load_iris
from sklearn.metrics import brier_score_loss

from sklearn_losses import _signals, cli
from sklearn_losses.cli import main


def listing(folder):
    """Every file under ``folder`` with its size and modification time."""
    found = {}
    for root, _, files in os.walk(folder):
        for name in files:
            full = os.path.join(root, name)
            stat = os.stat(full)
            found[os.path.relpath(full, folder)] = (stat.st_size, stat.st_mtime_ns)
    return found


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def iris_csv(workdir):
    """Iris with a few missing values and a text column, written to CSV."""
    iris = load_iris(as_frame=True)
    frame = iris.frame.rename(
        columns=lambda c: c.replace(" (cm)", "").replace(" ", "_")
    )
    frame["species"] = iris.target_names[iris.target]
    frame["note"] = "text"
    frame["one_class"] = "same"
    frame.loc[[3, 50, 120], "petal_length"] = np.nan
    path = workdir / "iris.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture
def predictions_csv(workdir):
    rng = np.random.default_rng(0)
    y_prob = rng.uniform(size=200)
    y_true = (rng.uniform(size=200) < y_prob).astype(int)
    frame = pd.DataFrame({"y_true": y_true, "y_prob": y_prob, "label": "x"})
    frame.loc[5, "y_prob"] = np.nan
    path = workdir / "pred.csv"
    frame.to_csv(path, index=False)
    return path, frame.dropna()


def test_animate_splits_with_random_state_42_by_default():
    # The notebook's split: animate splits 70/30 with this random_state.
    assert cli.build_parser().parse_args(["animate"]).random_state == 42


def test_animate_defaults_write_the_seed_gif(workdir, capsys):
    assert main(["animate", "--no-progress"]) == 0
    out = capsys.readouterr()
    assert "wrote mlp_classification_boundaries.gif: 20 frames" in out.out
    assert os.listdir(workdir) == ["mlp_classification_boundaries.gif"]
    frames = iio.imread("mlp_classification_boundaries.gif", index=None)
    assert frames.shape[0] == 20
    assert len({frame.shape for frame in frames}) == 1
    assert iio.immeta("mlp_classification_boundaries.gif")["duration"] == 500


def test_animate_from_csv_three_classes(iris_csv, workdir, capsys):
    status = main(
        [
            "animate",
            "--csv",
            str(iris_csv),
            "--target",
            "species",
            "--features",
            "petal_length",
            "petal_width",
            "sepal_length",
            "--alpha-range",
            "0.001",
            "0.1",
            "3",
            "--hidden",
            "5",
            "--grid-resolution",
            "30",
            "--fps",
            "4",
            "--out",
            "iris.gif",
            "--no-progress",
        ]
    )
    out = capsys.readouterr().out
    assert status == 0
    assert "dropped 3 of 150 rows" in out
    assert "held at their medians" in out
    frames = iio.imread(workdir / "iris.gif", index=None)
    assert frames.shape[0] == 3
    assert iio.immeta(workdir / "iris.gif")["duration"] == 250


def test_animate_linear_l1_with_default_features(iris_csv, workdir, capsys):
    status = main(
        [
            "animate",
            "--csv",
            str(iris_csv),
            "--target",
            "species",
            "--hidden",
            "0",
            "--penalty",
            "l1",
            "--alphas",
            "1",
            "0.01",
            "--grid-resolution",
            "20",
            "--out",
            "linear.gif",
            "--no-progress",
        ]
    )
    out = capsys.readouterr().out
    assert status == 0, out
    assert "features: sepal_length, sepal_width, petal_length, petal_width" in out
    assert iio.imread(workdir / "linear.gif", index=None).shape[0] == 2


def test_animate_solver_auto_is_the_estimators_default(workdir, capsys):
    # The command line fits with lbfgs unless told; "auto" is accepted and
    # resolves as the estimator's default does (lbfgs without a hidden layer).
    assert cli.build_parser().parse_args(["animate"]).solver == "lbfgs"
    args = ["animate", "--hidden", "0", "--solver", "auto", "--alphas", "0.1", "10"]
    status = main([*args, "--grid-resolution", "10", "--no-progress"])
    assert status == 0, capsys.readouterr().err
    assert iio.imread(workdir / cli.DEFAULT_GIF, index=None).shape[0] == 2


def test_calibration_prints_the_report_and_writes_the_diagram(predictions_csv, capsys):
    path, clean = predictions_csv
    status = main(["calibration", str(path), "--plot", "diagram.png"])
    out = capsys.readouterr().out
    assert status == 0
    assert "dropped 1 of 200 rows" in out
    brier = float(re.search(r"brier_score\s+([-\d.e]+)", out).group(1))
    expected = brier_score_loss(clean["y_true"], clean["y_prob"])
    # the report prints 4 significant digits
    assert brier == pytest.approx(expected, rel=1e-3)
    assert iio.imread(path.parent / "diagram.png").ndim == 3
    assert sorted(os.listdir(path.parent)) == ["diagram.png", "pred.csv"]


def test_list_prints_every_registry(capsys):
    from sklearn_losses.losses import LOSSES
    from sklearn_losses.metrics import SCORERS
    from sklearn_losses.penalties import PENALTIES
    from sklearn_losses.solvers import SOLVERS

    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for names in (LOSSES, PENALTIES, SOLVERS, SCORERS):
        for name in names:
            assert name in out


def test_help_and_version_return_zero(capsys):
    assert main(["--help"]) == 0
    assert "animate" in capsys.readouterr().out
    assert main(["animate", "--help"]) == 0
    assert "lbfgs" in capsys.readouterr().out
    assert main(["--version"]) == 0
    assert "sklearn-losses" in capsys.readouterr().out


BAD_ANIMATE = {
    "missing file": ["--csv", "nope.csv", "--target", "species"],
    "unknown target": ["--csv", "iris.csv", "--target", "kind"],
    "unknown feature": [
        "--csv",
        "iris.csv",
        "--target",
        "species",
        "--features",
        "petal_length",
        "x",
    ],
    "one class": ["--csv", "iris.csv", "--target", "one_class"],
    "non-numeric feature": [
        "--csv",
        "iris.csv",
        "--target",
        "species",
        "--features",
        "note",
        "petal_length",
    ],
    "one feature": [
        "--csv",
        "iris.csv",
        "--target",
        "species",
        "--features",
        "petal_length",
    ],
    "target is feature": [
        "--csv",
        "iris.csv",
        "--target",
        "species",
        "--features",
        "species",
        "petal_length",
    ],
    "csv without target": ["--csv", "iris.csv"],
    "target without csv": ["--target", "species"],
    "continuous target": ["--csv", "iris.csv", "--target", "sepal_length"],
    "missing folder": ["--out", "no/such/folder/x.gif"],
    "out is a folder": ["--out", "sub.gif"],
    "not a gif": ["--out", "boundary.png"],
    "alpha zero": ["--alphas", "0", "1", "5"],
    "alpha negative": ["--alphas", "-1", "1"],
    "alpha nan": ["--alphas", "0.1", "nan"],
    "alpha inf": ["--alphas", "0.1", "inf", "3"],
    "alpha range from zero": ["--alpha-range", "0", "1", "5"],
    "alpha range num zero": ["--alpha-range", "0.1", "1", "0"],
    "alpha range num negative": ["--alpha-range", "0.1", "1", "-2"],
    "alpha range inf": ["--alpha-range", "0.1", "inf", "3"],
    "fps zero": ["--fps", "0"],
    "fps nan": ["--fps", "nan"],
    # GIF delays are 16-bit centiseconds: 0.001 fps would be 1000 s
    "fps below a GIF's longest delay": ["--fps", "0.001"],
    # browsers play delays under 0.02 s at 0.1 s
    "fps above 50": ["--fps", "60"],
    "fps inf": ["--fps", "inf"],
    "grid too large": ["--grid-resolution", "2001"],
    "alpha range more frames than a GIF holds": ["--alpha-range", "0.1", "1", "1001"],
    "alphas more frames than a GIF holds": ["--alphas", *["1"] * 1001],
    "auto alphas more frames than a GIF holds": ["--auto-alphas", "1001"],
    "auto alphas one": ["--auto-alphas", "1"],
    "eps zero": ["--auto-alphas", "--eps", "0"],
    "eps one": ["--auto-alphas", "3", "--eps", "1"],
    "l1 ratio of elasticnet": ["--penalty", "elasticnet", "--l1-ratio", "2"],
    "learning rate zero": ["--solver", "adam", "--learning-rate-init", "0"],
    "batch size zero": ["--solver", "sgd", "--batch-size", "0"],
    "momentum above one": ["--solver", "sgd", "--momentum", "2"],
    "unknown schedule": ["--solver", "sgd", "--learning-rate", "cosine"],
    "negative power t": [
        "--solver",
        "sgd",
        "--learning-rate",
        "invscaling",
        "--power-t",
        "-1",
    ],
    "max fun zero": ["--max-fun", "0"],
    "out under a file": ["--out", "iris.csv/x.gif"],
    "out deep under a file": ["--out", "iris.csv/a/b/x.gif"],
    "semicolon csv": ["--csv", "semi.csv", "--target", "t"],
    "semicolon csv with features": [
        "--csv",
        "semi.csv",
        "--target",
        "t",
        "--features",
        "a",
        "b",
    ],
    "values too wide to standardize": ["--csv", "huge.csv", "--target", "t"],
    "infinite values": ["--csv", "inf.csv", "--target", "t"],
    "decimal comma": ["--csv", "semi_comma.csv", "--sep", ";", "--target", "t"],
    "grid too small": ["--grid-resolution", "1"],
    "max iter zero": ["--max-iter", "0"],
    "hidden negative": ["--hidden", "-1"],
    "negative seed": ["--random-state", "-1"],
}
BAD_USAGE = {
    "no command": [],
    "unknown command": ["plot"],
    "fps not a number": ["animate", "--fps", "fast"],
    "unknown loss": ["animate", "--loss", "hinge"],
    "loss repeated": ["animate", "--loss", "log_loss", "focal", "log_loss"],
    "loss without values": ["animate", "--loss"],
    "several losses with auto alphas": [
        "animate",
        "--loss",
        "log_loss",
        "focal",
        "--auto-alphas",
    ],
    "alphas without values": ["animate", "--alphas"],
    "alpha not a number": ["animate", "--alphas", "0.1", "a"],
    "alpha range too few": ["animate", "--alpha-range", "1", "2"],
    "alpha range not a number": ["animate", "--alpha-range", "a", "1", "5"],
    "alpha range num float": ["animate", "--alpha-range", "0.1", "1", "2.5"],
    # both ends are included: one alpha cannot be both
    "alpha range one value, two ends": ["animate", "--alpha-range", "0.1", "10", "1"],
    "alphas and alpha range": [
        "animate",
        "--alphas",
        "0.1",
        "--alpha-range",
        "0.1",
        "1",
        "3",
    ],
    "alphas and auto alphas": ["animate", "--alphas", "0.1", "--auto-alphas"],
    "auto alphas not a count": ["animate", "--auto-alphas", "2.5"],
    "eps without auto alphas": ["animate", "--eps", "0.01"],
    # a linear model without an L1 part has no alpha_max
    "auto alphas, no hidden layer, l2": ["animate", "--hidden", "0", "--auto-alphas"],
    "auto alphas, no hidden layer, l1 ratio 0": [
        "animate",
        "--hidden",
        "0",
        "--penalty",
        "elasticnet",
        "--l1-ratio",
        "0",
        "--auto-alphas",
    ],
    "eps with alphas": ["animate", "--alphas", "0.1", "1", "--eps", "0.01"],
    # options that the chosen penalty or solver ignores
    "l1 ratio with l2": ["animate", "--l1-ratio", "0.5"],
    "l1 ratio with l1": ["animate", "--penalty", "l1", "--l1-ratio", "0.5"],
    "learning rate with lbfgs": ["animate", "--learning-rate-init", "0.1"],
    "batch size with lbfgs": ["animate", "--solver", "lbfgs", "--batch-size", "8"],
    "batch size with auto, no hidden layer": [
        "animate",
        "--solver",
        "auto",
        "--hidden",
        "0",
        "--batch-size",
        "8",
    ],
    "momentum with adam": ["animate", "--solver", "adam", "--momentum", "0.5"],
    "momentum with auto, hidden layer": [
        "animate",
        "--solver",
        "auto",
        "--momentum",
        "0.5",
    ],
    "max fun with sgd": ["animate", "--solver", "sgd", "--max-fun", "100"],
    "schedule with adam": [
        "animate",
        "--solver",
        "adam",
        "--learning-rate",
        "adaptive",
    ],
    "schedule with lbfgs": ["animate", "--learning-rate", "invscaling"],
    "power t with adam": ["animate", "--solver", "adam", "--power-t", "0.3"],
    "power t with the constant schedule": [
        "animate",
        "--solver",
        "sgd",
        "--power-t",
        "0.3",
    ],
    "power t with adaptive": [
        "animate",
        "--solver",
        "sgd",
        "--learning-rate",
        "adaptive",
        "--power-t",
        "0.3",
    ],
    "frame size one number": ["animate", "--frame-size", "300"],
    "pos label and labels": [
        "calibration",
        "pred.csv",
        "--pos-label",
        "1",
        "--labels",
        "0",
        "1",
    ],
    "unknown format": ["calibration", "pred.csv", "--format", "xml"],
    "unknown option": ["animate", "--colour", "red"],
    "empty separator": ["animate", "--sep", ""],
}
BAD_CALIBRATION = {
    "missing file": ["nope.csv"],
    "unknown column": ["pred.csv", "--y-prob", "p"],
    "non-numeric probabilities": ["pred.csv", "--y-prob", "label"],
    "one class": ["one.csv"],
    "probabilities out of range": ["range.csv"],
    "unknown format": ["pred.csv", "--plot", "diagram.xyz"],
    "missing folder": ["pred.csv", "--plot", "no/such/diagram.png"],
    "same column twice": ["pred.csv", "--y-true", "y_prob"],
    "empty file": ["empty.csv"],
    "bad bins": ["pred.csv", "--n-bins", "0"],
    "yes/no labels": ["yesno.csv"],
    "labels of another type": ["pred.csv", "--labels", "no", "yes"],
    "labels not in the column": ["yesno.csv", "--labels", "n", "y"],
    "pos label not in the column": ["yesno.csv", "--pos-label", "maybe"],
    "pos label of three classes": ["three.csv", "--pos-label", "b"],
    "three classes, one probability column": ["three.csv"],
    "pos label with a column per class": [
        "three.csv",
        "--y-prob",
        "pa",
        "pb",
        "pc",
        "--pos-label",
        "b",
    ],
    "semicolon csv": ["semi_pred.csv"],
    "out under a file": ["pred.csv", "--plot", "pred.csv/d.png"],
}


@pytest.fixture
def bad_input_folder(iris_csv, predictions_csv, workdir):
    (workdir / "sub.gif").mkdir()
    pd.DataFrame({"y_true": [1, 1, 1], "y_prob": [0.2, 0.5, 0.9]}).to_csv(
        workdir / "one.csv", index=False
    )
    pd.DataFrame({"y_true": [0, 1, 1], "y_prob": [0.2, 1.5, 0.9]}).to_csv(
        workdir / "range.csv", index=False
    )
    (workdir / "empty.csv").write_text("")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    frame = pd.DataFrame({"a": X[:, 0], "b": X[:, 1], "t": X[:, 0] > 0})
    frame.to_csv(workdir / "semi.csv", sep=";", index=False)
    frame.to_csv(workdir / "semi_comma.csv", sep=";", decimal=",", index=False)
    frame.assign(a=frame["a"] / frame["a"].abs().max() * 1e308).to_csv(
        workdir / "huge.csv", index=False
    )
    (workdir / "inf.csv").write_text("a,b,t\n1,2,0\n1e400,3,1\n2,2,1\n")
    y_prob = rng.uniform(size=50)
    yes = np.where(rng.uniform(size=50) < y_prob, "yes", "no")
    pd.DataFrame({"y_true": yes, "y_prob": y_prob}).to_csv(
        workdir / "yesno.csv", index=False
    )
    abc = np.array(["a", "b", "c"])[rng.integers(0, 3, size=50)]
    p3 = rng.dirichlet([1, 1, 1], size=50)
    pd.DataFrame(
        {
            "y_true": abc,
            "y_prob": y_prob,
            "pa": p3[:, 0],
            "pb": p3[:, 1],
            "pc": p3[:, 2],
        }
    ).to_csv(workdir / "three.csv", index=False)
    pd.DataFrame({"y_true": yes == "yes", "y_prob": y_prob}).to_csv(
        workdir / "semi_pred.csv", sep=";", index=False
    )
    return workdir


BAD_ANIMATE_MESSAGES = {
    "fps below a GIF's longest delay": r"--fps: must be a float in the range "
    r"\[0.0016, 50",
    "out under a file": "cannot write iris.csv/x.gif: iris.csv is a file, not a folder",
    "out deep under a file": "iris.csv is a file, not a folder",
    "semicolon csv": "--sep: semi.csv seems to use ';' as separator, not sep=','",
    "semicolon csv with features": "seems to use ';' as separator",
    "values too wide to standardize": "Feature 'a' spans .* too wide to standardize",
    "infinite values": "column 'a' of inf.csv holds 1 infinite",
    "decimal comma": "--features: .*column 'a' holds numbers with a decimal comma",
    "unknown target": "--target: unknown column 'kind' in iris.csv",
    "unknown feature": "--features: unknown column 'x' in iris.csv",
    "non-numeric feature": "--features: non-numeric column 'note'",
    "target is feature": "--features: the target column 'species' is also in",
    "continuous target": "--target: column 'sepal_length' has 34 distinct values",
    "negative seed": r"--random-state: must be an int in the range \[0, ",
}
BAD_ANIMATE_MESSAGES.update(
    {
        # the library checks the values; the message names the option
        "alpha zero": r"error: --alphas: alphas must be finite and positive",
        "alpha nan": r"error: --alphas: alphas must be finite",
        "alpha range from zero": r"error: --alpha-range: alphas must be finite",
        "alpha range num zero": r"error: --alpha-range: alphas must be a non-empty",
        "alphas more frames than a GIF holds": r"error: --alphas: .*at most 1000",
        "alpha range more frames than a GIF holds": r"--alpha-range NUM: .* 1000",
        "auto alphas more frames than a GIF holds": r"--auto-alphas NUM: .* 1000",
        "auto alphas one": r"error: --auto-alphas: must be .*\[2, inf\)",
        "eps zero": r"error: --eps: must be .*\(0.0, 1.0\)",
        "eps one": r"error: --eps: must be .*Got 1.0",
        "l1 ratio of elasticnet": r"error: --l1-ratio: must be .*Got 2.0",
        "learning rate zero": r"error: --learning-rate-init: ",
        "batch size zero": r"error: --batch-size: ",
        "momentum above one": r"error: --momentum: ",
        # the valid values, in any order
        "unknown schedule": r"error: --learning-rate: must be "
        r"(?=.*'adaptive')(?=.*'constant')(?=.*'invscaling')",
        "negative power t": r"error: --power-t: must be .*\[0.0, inf\)",
        "max fun zero": r"error: --max-fun: ",
        "max iter zero": r"error: --max-iter: ",
        "hidden negative": r"error: --hidden: must be a positive int",
        "grid too small": r"error: --grid-resolution: ",
    }
)
BAD_USAGE_MESSAGES = {
    "loss repeated": "argument --loss: each loss is one panel, give it once; "
    "repeated: log_loss",
    "loss without values": "argument --loss: expected at least one argument",
    "several losses with auto alphas": "--auto-alphas chooses the alphas of each "
    "loss from its own fits",
    "alpha not a number": "argument --alphas: invalid float value: 'a'",
    "alpha range num float": "argument --alpha-range: NUM must be an integer",
    "alpha range one value, two ends": "argument --alpha-range: NUM=1 cannot "
    "include both START=0.1 and STOP=10; give NUM >= 2",
    "alphas and alpha range": "--alpha-range: not allowed with argument --alphas",
    "alphas and auto alphas": "--auto-alphas: not allowed with argument --alphas",
    "auto alphas not a count": "argument --auto-alphas: invalid int value: '2.5'",
    "eps without auto alphas": "--eps applies to --auto-alphas only",
    "auto alphas, no hidden layer, l2": "--auto-alphas with --hidden 0 needs a "
    "penalty with an L1 part (--penalty l1, or elasticnet with --l1-ratio above "
    "0; got --penalty l2)",
    "auto alphas, no hidden layer, l1 ratio 0": "--auto-alphas with --hidden 0 "
    "needs a penalty with an L1 part (--penalty l1, or elasticnet with "
    "--l1-ratio above 0; got --l1-ratio 0)",
    "eps with alphas": "--eps applies to --auto-alphas only",
    "l1 ratio with l2": "--l1-ratio applies to --penalty elasticnet only "
    "(got --penalty l2)",
    "l1 ratio with l1": "--l1-ratio applies to --penalty elasticnet only "
    "(got --penalty l1)",
    "learning rate with lbfgs": "--learning-rate-init applies to --solver adam or "
    "sgd only (got --solver lbfgs)",
    "batch size with lbfgs": "--batch-size applies to --solver adam or sgd only "
    "(got --solver lbfgs)",
    "batch size with auto, no hidden layer": "--batch-size applies to --solver "
    "adam or sgd only (got --solver auto, which is lbfgs without a hidden layer)",
    "momentum with adam": "--momentum applies to --solver sgd only (got --solver adam)",
    "momentum with auto, hidden layer": "--momentum applies to --solver sgd only "
    "(got --solver auto, which is adam with a hidden layer)",
    "max fun with sgd": "--max-fun applies to --solver lbfgs only (got --solver sgd)",
    "schedule with adam": "--learning-rate applies to --solver sgd only "
    "(got --solver adam)",
    "schedule with lbfgs": "--learning-rate applies to --solver sgd only "
    "(got --solver lbfgs)",
    "power t with adam": "--power-t applies to --solver sgd only (got --solver adam)",
    "power t with the constant schedule": "--power-t applies to --learning-rate "
    "invscaling only (got --learning-rate constant)",
    "power t with adaptive": "--power-t applies to --learning-rate invscaling "
    "only (got --learning-rate adaptive)",
    "pos label and labels": "--labels: not allowed with argument --pos-label",
}
BAD_CALIBRATION_MESSAGES = {
    "semicolon csv": "--sep: semi_pred.csv seems to use ';' as separator",
    "out under a file": "pred.csv is a file, not a folder",
    # the option that sets the parameter, then the library's message
    "labels of another type": r"--labels: labels \['no', 'yes'\] are not values "
    "of column 'y_true'",
    "labels not in the column": "not in labels",
    "yes/no labels": "--pos-label: column 'y_true' holds no, yes, not 0/1: "
    ".*pos_label='yes'",
    "pos label not in the column": "--pos-label: pos_label='maybe' is not a value "
    "of column 'y_true', which holds no, yes",
    "pos label of three classes": "--pos-label: pos_label needs two classes in "
    "column 'y_true'; it holds 3: a, b, c",
    # not told to use --pos-label, which refuses three classes
    "three classes, one probability column": "--y-prob: column 'y_true' holds 3 "
    r"classes \(a, b, c\) but y_prob names one probability column: give one "
    "column per class",
    "pos label with a column per class": "--pos-label: pos_label applies to one "
    "y_prob column \\(got 3\\); name the classes of the columns with labels",
    "same column twice": "--y-prob: column 'y_prob' given as both y_true and y_prob",
    "unknown column": "--y-prob: unknown column 'p' in pred.csv",
    "non-numeric probabilities": "--y-prob: non-numeric column 'label'",
    "one class": "--y-true: column 'y_true' has fewer than 2 classes",
    # the option, not the library's parameter (n_bins of calibration_report)
    "bad bins": r"--n-bins: must be an int in the range \[1, inf\)\. Got 0 instead",
}


def _check_one_line_error(err, status, expected_status):
    assert status == expected_status
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("sklearn-losses: error: ")
    assert "Traceback" not in err
    # the option names what failed, not the library's parameter
    assert not re.search(r"The '\w+' parameter of", err), err


@pytest.mark.parametrize("args", BAD_ANIMATE.values(), ids=BAD_ANIMATE.keys())
def test_bad_animate_input_is_one_line_and_leaves_nothing(
    bad_input_folder, capsys, args
):
    before = listing(bad_input_folder)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy warning along the way
        status = main(["animate", "--no-progress", "--grid-resolution", "10", *args])
    err = capsys.readouterr().err
    _check_one_line_error(err, status, 1)
    assert listing(bad_input_folder) == before
    assert ".part" not in err and ".tmp" not in err
    name = {tuple(v): k for k, v in BAD_ANIMATE.items()}[tuple(args)]
    if name in BAD_ANIMATE_MESSAGES:
        assert re.search(BAD_ANIMATE_MESSAGES[name], err), err


@pytest.mark.parametrize("args", BAD_USAGE.values(), ids=BAD_USAGE.keys())
def test_bad_usage_is_one_line_with_status_2(bad_input_folder, capsys, args):
    before = listing(bad_input_folder)
    status = main(args)
    err = capsys.readouterr().err
    _check_one_line_error(err, status, 2)
    assert listing(bad_input_folder) == before
    name = {tuple(v): k for k, v in BAD_USAGE.items()}[tuple(args)]
    if name in BAD_USAGE_MESSAGES:
        assert BAD_USAGE_MESSAGES[name] in err, err


@pytest.mark.parametrize("args", BAD_CALIBRATION.values(), ids=BAD_CALIBRATION.keys())
def test_bad_calibration_input_is_one_line_and_leaves_nothing(
    bad_input_folder, capsys, args
):
    before = listing(bad_input_folder)
    status = main(["calibration", *args])
    err = capsys.readouterr().err
    _check_one_line_error(err, status, 1)
    assert listing(bad_input_folder) == before
    name = {tuple(v): k for k, v in BAD_CALIBRATION.items()}[tuple(args)]
    if name in BAD_CALIBRATION_MESSAGES:
        assert re.search(BAD_CALIBRATION_MESSAGES[name], err), err


def test_failure_while_writing_leaves_nothing(workdir, capsys, monkeypatch):
    def full_disk(image, file, *args, **kwargs):
        file.write(b"GIF89a partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(PIL.Image.Image, "save", full_disk)
    status = main(["animate", "--no-progress", "--alphas", "0.1", "1", "2"])
    err = capsys.readouterr().err
    _check_one_line_error(err, status, 1)
    assert f"cannot write {cli.DEFAULT_GIF}: No space left on device" in err
    assert os.listdir(workdir) == []


def _run(args, cwd):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_python_m_bad_input_in_a_subprocess(tmp_path):
    (tmp_path / "keep.txt").write_text("unchanged")
    before = listing(tmp_path)
    done = _run(
        [
            sys.executable,
            "-m",
            "sklearn_losses",
            "animate",
            "--csv",
            "missing.csv",
            "--target",
            "y",
        ],
        tmp_path,
    )
    _check_one_line_error(done.stderr, done.returncode, 1)
    assert "missing.csv" in done.stderr
    assert done.stdout == ""
    assert listing(tmp_path) == before

    done = _run(
        [sys.executable, "-m", "sklearn_losses", "animate", "--alphas", "1", "0", "3"],
        tmp_path,
    )
    _check_one_line_error(done.stderr, done.returncode, 1)
    assert listing(tmp_path) == before


def test_python_m_list_in_a_subprocess(tmp_path):
    done = _run([sys.executable, "-m", "sklearn_losses", "list"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "losses: " in done.stdout


def test_console_script(tmp_path):
    script = shutil.which("sklearn-losses", path=os.path.dirname(sys.executable))
    if script is None:
        pytest.skip("the sklearn-losses console script is not installed here")
    done = _run([script, "calibration", "nope.csv"], tmp_path)
    _check_one_line_error(done.stderr, done.returncode, 1)
    assert os.listdir(tmp_path) == []


# -- faults inside the process -------------------------------------------------


class _ClosedPipe:
    """A stdout whose reader went away (``| head``)."""

    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")

    flush = write


def test_closed_pipe_is_quiet_with_status_141(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(["list"]) == 141
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "error, status, message",
    [
        (KeyboardInterrupt(), 130, "sklearn-losses: error: interrupted\n"),
        (
            _signals.Terminated(signal.SIGTERM),
            143,
            "sklearn-losses: error: terminated (SIGTERM)\n",
        ),
    ],
)
def test_interrupt_while_writing_leaves_nothing(
    workdir, capsys, monkeypatch, error, status, message
):
    def interrupted(image, file, *args, **kwargs):
        file.write(b"GIF89a partial")
        raise error

    monkeypatch.setattr(PIL.Image.Image, "save", interrupted)
    args = ["animate", "--no-progress", "--alphas", "0.1", "1", "2"]
    assert main([*args, "--grid-resolution", "10"]) == status
    assert capsys.readouterr().err == message
    assert os.listdir(workdir) == []


def test_calibration_with_named_labels_matches_scikit_learn(bad_input_folder, capsys):
    assert main(["calibration", "yesno.csv", "--labels", "no", "yes"]) == 0
    out = capsys.readouterr().out
    frame = pd.read_csv(bad_input_folder / "yesno.csv")
    expected = brier_score_loss(frame["y_true"], frame["y_prob"], pos_label="yes")
    brier = float(re.search(r"brier_score\s+([-\d.e]+)", out).group(1))
    assert brier == pytest.approx(expected, rel=1e-3)


def test_calibration_from_a_semicolon_file_with_sep(bad_input_folder, capsys):
    assert main(["calibration", "semi_pred.csv", "--sep", ";"]) == 0
    assert "brier_score" in capsys.readouterr().out


def test_calibration_prints_undefined_tests_with_the_reason(workdir, capsys):
    # every prediction 0.5: one Hosmer-Lemeshow group, zero variance
    pd.DataFrame({"y_true": [0, 1] * 20, "y_prob": 0.5}).to_csv("half.csv", index=False)
    assert main(["calibration", "half.csv"]) == 0
    out = capsys.readouterr().out
    assert "nan" not in out.lower()
    # a reason too long for the terminal continues on indented lines
    out = re.sub(r"\n +", " ", out)
    lines = {line.split()[0]: line for line in out.splitlines()}
    for name in ("hosmer_lemeshow_pvalue", "spiegelhalter_statistic"):
        assert re.search(r"not defined \(\w.+\)$", lines[name]), lines[name]
    assert "group" in lines["hosmer_lemeshow_statistic"]
    assert "note" not in lines


def test_calibration_table_of_three_classes_has_no_nan(workdir, capsys):
    pd.DataFrame({"y": [0, 1, 2] * 10, "a": 1 / 3, "b": 1 / 3, "c": 1 / 3}).to_csv(
        "flat.csv", index=False
    )
    assert (
        main(["calibration", "flat.csv", "--y-true", "y", "--y-prob", "a", "b", "c"])
        == 0
    )
    out = re.sub(r"\n +", " ", capsys.readouterr().out)
    assert "nan" not in out.lower()
    assert re.search(
        "not defined in top_label, class 0, class 1, class 2: Hosmer-Lemeshow: "
        "the predictions fill 1 group",
        out,
    ), out
    assert re.search(r"hosmer_lemeshow_pvalue +not defined +not defined", out)


def test_fps_at_the_limits_of_a_gif(workdir, capsys):
    args = ["animate", "--no-progress", "--alphas", "0.1", "1", "2"]
    assert main([*args, "--grid-resolution", "10", "--fps", "50"]) == 0
    assert iio.immeta(cli.DEFAULT_GIF)["duration"] == 20
    assert main(["animate", "--help"]) == 0
    assert "from 0.0016 to 50" in " ".join(capsys.readouterr().out.split())


# -- the alphas, the options each penalty and solver uses, the frames ----------


@pytest.fixture
def library_calls(monkeypatch):
    """The keyword arguments of each animate_regularization_path call."""
    import sklearn_losses.path

    calls = []
    real = sklearn_losses.path.animate_regularization_path

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(sklearn_losses.path, "animate_regularization_path", spy)
    return calls


QUICK = ["animate", "--no-progress", "--grid-resolution", "10"]


@pytest.mark.parametrize(
    "values", [["0.01", "0.1", "1"], ["0.01", "0.1", "1", "10"], ["5"]]
)
def test_alphas_are_the_values_typed(workdir, capsys, library_calls, values):
    assert main([*QUICK, "--hidden", "0", "--alphas", *values]) == 0, (
        capsys.readouterr()
    )
    assert library_calls[0]["alphas"] == [float(v) for v in values]
    frames = iio.imread(workdir / cli.DEFAULT_GIF, index=None)
    assert frames.shape[0] == len(values)
    out = capsys.readouterr().out
    assert f"{len(values)} frames, alpha {values[0]} to {values[-1]}" in out


def test_alpha_range_is_log_spaced_with_both_ends(workdir, capsys, library_calls):
    args = [*QUICK, "--hidden", "0", "--alpha-range", "0.001", "1000", "7"]
    assert main(args) == 0, capsys.readouterr()
    np.testing.assert_allclose(
        library_calls[0]["alphas"], [1e-3, 1e-2, 1e-1, 1, 10, 100, 1000], rtol=1e-12
    )
    assert iio.imread(workdir / cli.DEFAULT_GIF, index=None).shape[0] == 7


def test_default_alphas_are_the_librarys(workdir, capsys, library_calls):
    assert main([*QUICK, "--hidden", "0"]) == 0, capsys.readouterr()
    assert library_calls[0]["alphas"] is None
    assert "20 frames, alpha 0.001 to 1e+03" in capsys.readouterr().out


def test_auto_alphas_pass_through(workdir, capsys, library_calls):
    # no hidden layer, L1: alpha_max is exact, and every weight is zero there
    args = [*QUICK, "--hidden", "0", "--penalty", "l1", "--auto-alphas", "4"]
    assert main([*args, "--eps", "0.01"]) == 0, capsys.readouterr()
    call = library_calls[0]
    assert (call["alphas"], call["n_alphas"], call["eps"]) == ("auto", 4, 0.01)
    assert iio.imread(workdir / cli.DEFAULT_GIF, index=None).shape[0] == 4
    out = capsys.readouterr().out
    alpha_max = float(re.search(r"alpha_max = (\S+) \(exact", out).group(1))
    assert f"4 frames, alpha {0.01 * alpha_max:.3g} to {alpha_max:.3g}" in out


def test_auto_alphas_default_count(workdir, capsys, library_calls):
    # --auto-alphas alone: 20 alphas, the library's eps (hidden layer: bisection)
    assert main([*QUICK, "--hidden", "3", "--auto-alphas"]) == 0, capsys.readouterr()
    assert library_calls[0]["n_alphas"] == 20 and "eps" not in library_calls[0]
    out = capsys.readouterr().out
    assert re.search(r"alpha_max = \S+ \(bisection .*, \d+ more fits\)", out)


def test_parser_reads_auto_alphas():
    parse = cli.build_parser().parse_args
    assert parse(["animate"]).auto_alphas is None
    assert parse(["animate", "--auto-alphas"]).auto_alphas == 20
    args = parse(["animate", "--auto-alphas", "7", "--eps", "1e-2"])
    assert (args.auto_alphas, args.eps) == (7, 0.01)


def test_parser_reads_alphas_and_range():
    parse = cli.build_parser().parse_args
    assert parse(["animate", "--alphas", "1e-2", "3"]).alphas == [0.01, 3.0]
    assert parse(["animate", "--alpha-range", "1", "2", "3"]).alpha_range == (
        1.0,
        2.0,
        3,
    )
    # one alpha is a range whose ends are the same
    assert parse(["animate", "--alpha-range", "0.5", "0.5", "1"]).alpha_range == (
        0.5,
        0.5,
        1,
    )


@pytest.mark.parametrize(
    "args, expected",
    [
        (
            ["--penalty", "elasticnet", "--l1-ratio", "0.7"],
            {"penalty": "elasticnet", "l1_ratio": 0.7, "solver": "lbfgs"},
        ),
        (["--max-fun", "50"], {"solver": "lbfgs", "max_fun": 50}),
        (
            ["--solver", "adam", "--learning-rate-init", "0.01", "--batch-size", "16"],
            {"solver": "adam", "learning_rate_init": 0.01, "batch_size": 16},
        ),
        (
            ["--solver", "sgd", "--momentum", "0.5", "--learning-rate-init", "0.05"],
            {"solver": "sgd", "momentum": 0.5, "learning_rate_init": 0.05},
        ),
        (
            ["--solver", "auto", "--batch-size", "16"],
            {"solver": "auto", "batch_size": 16},
        ),
        (
            ["--solver", "sgd", "--learning-rate", "invscaling", "--power-t", "0.3"],
            {"solver": "sgd", "learning_rate": "invscaling", "power_t": 0.3},
        ),
        (
            ["--solver", "sgd", "--learning-rate", "adaptive"],
            {"solver": "sgd", "learning_rate": "adaptive", "power_t": 0.5},
        ),
    ],
    ids=[
        "l1-ratio",
        "max-fun",
        "adam",
        "sgd",
        "auto with a hidden layer",
        "sgd invscaling",
        "sgd adaptive",
    ],
)
def test_penalty_and_solver_options_reach_the_estimator(
    workdir, capsys, library_calls, args, expected
):
    status = main([*QUICK, "--alphas", "1", "--max-iter", "20", *args])
    assert status == 0, capsys.readouterr().err
    params = library_calls[0]["estimator"].get_params()
    assert {key: params[key] for key in expected} == expected


def test_options_not_given_keep_the_estimators_defaults(workdir, capsys, library_calls):
    from sklearn_losses import LogisticMLPClassifier

    assert main([*QUICK, "--alphas", "1"]) == 0, capsys.readouterr().err
    params = library_calls[0]["estimator"].get_params()
    defaults = LogisticMLPClassifier().get_params()
    for name in (*cli.PENALTY_OPTIONS, *cli.SOLVER_OPTIONS):
        assert params[name] == defaults[name]
    assert not set(cli.FRAME_OPTIONS) & set(library_calls[0])


def test_every_option_of_a_solver_or_penalty_is_checked():
    # each of these options is a parameter of a solver or a penalty
    from dataclasses import fields

    from sklearn_losses.penalties import PENALTIES
    from sklearn_losses.solvers import SOLVERS

    solver_params = {f.name for cls in SOLVERS.values() for f in fields(cls)}
    penalty_params = {p for cls in PENALTIES.values() for p in cls._get_param_names()}
    assert set(cli.SOLVER_OPTIONS) <= solver_params
    assert set(cli.PENALTY_OPTIONS) <= penalty_params


def test_frame_size_and_dpi_reach_the_library(workdir, capsys, library_calls):
    args = [*QUICK, "--hidden", "0", "--alphas", "1", "--frame-size", "320", "240"]
    assert main([*args, "--dpi", "50"]) == 0, capsys.readouterr().err
    assert library_calls[0]["frame_size"] == (320, 240)
    assert library_calls[0]["dpi"] == 50
    frames = iio.imread(workdir / cli.DEFAULT_GIF, index=None)
    assert frames.shape[1:3] == (240, 320)


def test_progress_covers_fitting_and_drawing(tmp_path):
    done = _run(
        [sys.executable, "-m", "sklearn_losses", *QUICK[:1], "--hidden", "0"]
        + ["--alphas", "0.1", "1", "--grid-resolution", "10"],
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    # the bars of the fits, then of the frames drawn (both reach 2 of 2)
    err = done.stderr
    assert re.search(r"regularization path: 100%.* 2/2 .*fit/s", err), err
    assert re.search(r"drawing frames: 100%.* 2/2 .*frame/s", err), err
    assert err.index("regularization path") < err.index("drawing frames")
    quiet = _run(
        [
            sys.executable,
            "-m",
            "sklearn_losses",
            *QUICK,
            "--hidden",
            "0",
            "--alphas",
            "1",
        ],
        tmp_path,
    )
    assert quiet.returncode == 0 and quiet.stderr == "", quiet.stderr


# -- calibration: the positive class, machine-readable output, the width -------


def _json_report(capsys, *args):
    import json

    assert main(["calibration", *args, "--format", "json"]) == 0
    out = capsys.readouterr().out
    return json.loads(out)


@pytest.mark.parametrize("pos_label", ["yes", "no"])
def test_pos_label_brier_score_is_scikit_learns(bad_input_folder, capsys, pos_label):
    report = _json_report(capsys, "yesno.csv", "--pos-label", pos_label)
    frame = pd.read_csv(bad_input_folder / "yesno.csv")
    expected = brier_score_loss(frame["y_true"], frame["y_prob"], pos_label=pos_label)
    assert report["rows"]["calibration"]["brier_score"] == pytest.approx(expected)
    # the same as naming both classes
    negative = {"yes": "no", "no": "yes"}[pos_label]
    same = _json_report(capsys, "yesno.csv", "--labels", negative, pos_label)
    assert same == report


def test_pos_label_of_a_0_1_column(predictions_csv, capsys):
    path, clean = predictions_csv
    report = _json_report(capsys, str(path), "--pos-label", "0")
    expected = brier_score_loss(clean["y_true"], clean["y_prob"], pos_label=0)
    assert report["rows"]["calibration"]["brier_score"] == pytest.approx(expected)
    default = _json_report(capsys, str(path))
    positive = _json_report(capsys, str(path), "--pos-label", "1")
    assert positive == default
    # a number names the label of its value: 1.0 is the label 1, 0.0 is 0
    assert _json_report(capsys, str(path), "--pos-label", "1.0") == default
    negative = _json_report(capsys, str(path), "--pos-label", "0.0")
    assert negative["rows"]["calibration"]["brier_score"] == pytest.approx(expected)


def test_pos_label_of_a_true_false_column(bad_input_folder, capsys):
    report = _json_report(capsys, "semi_pred.csv", "--sep", ";", "--pos-label", "True")
    frame = pd.read_csv(bad_input_folder / "semi_pred.csv", sep=";")
    expected = brier_score_loss(frame["y_true"], frame["y_prob"], pos_label=True)
    assert report["rows"]["calibration"]["brier_score"] == pytest.approx(expected)


def _expected_rows(report):
    """The library's report as {row: {entry: float or None}} and its notes."""
    frame = report.to_frame().T if isinstance(report, pd.Series) else report
    rows, notes = {}, {}
    for name, row in frame.iterrows():
        rows[name] = {
            k: None if v == "not defined" else float(v)
            for k, v in row.items()
            if k != "note"
        }
        if row.get("note"):
            notes[name] = row["note"]
    return rows, notes


@pytest.fixture
def report_cases(workdir):
    """Binary and multiclass predictions, some with undefined statistics."""
    rng = np.random.default_rng(1)
    p = rng.dirichlet([1, 1, 1], size=80)
    y = np.array([rng.choice(3, p=row) for row in p])
    pd.DataFrame({"y": y, "a": p[:, 0], "b": p[:, 1], "c": p[:, 2]}).to_csv(
        "three.csv", index=False
    )
    pd.DataFrame({"y": [0, 1, 2] * 10, "a": 1 / 3, "b": 1 / 3, "c": 1 / 3}).to_csv(
        "flat.csv", index=False
    )
    pd.DataFrame({"y": [0, 1] * 20, "a": 0.5}).to_csv("half.csv", index=False)
    pd.DataFrame({"y": y > 0, "a": 1 - p[:, 0]}).to_csv("two.csv", index=False)
    three = ["--y-prob", "a", "b", "c"]
    return {
        "binary": ("two.csv", ["--y-prob", "a", "--pos-label", "True"]),
        "binary, tests not defined": ("half.csv", ["--y-prob", "a"]),
        "three classes": ("three.csv", three),
        "three classes, tests not defined": ("flat.csv", three),
    }


CASES = [
    "binary",
    "binary, tests not defined",
    "three classes",
    "three classes, tests not defined",
]


def _library_report(file, args):
    from sklearn_losses.metrics import calibration_report

    frame = pd.read_csv(file)
    columns = args[args.index("--y-prob") + 1 :]
    columns = (
        columns[: columns.index("--pos-label")] if "--pos-label" in columns else columns
    )
    y, y_prob = frame["y"].to_numpy(), frame[columns].to_numpy()
    if len(columns) == 1:
        y_prob = y_prob[:, 0]
    labels = [False, True] if "--pos-label" in args else None
    return calibration_report(y, y_prob, n_bins=10, labels=labels)


@pytest.mark.parametrize("case", CASES)
def test_json_report_is_the_librarys(report_cases, capsys, case):
    file, args = report_cases[case]
    report = _library_report(file, args)
    got = _json_report(capsys, file, "--y-true", "y", *args, "--n-bins", "10")
    rows, notes = _expected_rows(report)
    assert set(got) == {"rows", "overall"}
    assert list(got["rows"]) == list(rows)
    for name, entries in rows.items():
        row = dict(got["rows"][name])
        assert row.pop("note", None) == notes.get(name)
        assert row.keys() == entries.keys()
        for key, value in entries.items():
            assert row[key] == (None if value is None else pytest.approx(value)), key
    assert got["overall"] == pytest.approx(report.attrs)


@pytest.mark.parametrize("case", CASES)
def test_csv_report_is_the_librarys(report_cases, capsys, case):
    import io

    file, args = report_cases[case]
    report = _library_report(file, args)
    status = main(
        [
            "calibration",
            file,
            "--y-true",
            "y",
            *args,
            "--n-bins",
            "10",
            "--format",
            "csv",
        ]
    )
    assert status == 0
    got = pd.read_csv(io.StringIO(capsys.readouterr().out), index_col="row")
    rows, notes = _expected_rows(report)
    assert list(got.index) == list(rows)
    if notes:
        assert got["note"].fillna("").to_dict() == {r: notes.get(r, "") for r in rows}
    else:
        assert "note" not in got
    numbers = got.drop(columns="note", errors="ignore")
    expected = pd.DataFrame.from_dict(rows, orient="index").astype(float)
    # an empty cell where a statistic is not defined
    pd.testing.assert_frame_equal(
        numbers, expected, check_names=False, check_dtype=False, rtol=1e-12
    )
    # the count is written as one: 80, not 80.0
    assert numbers["n_samples"].dtype.kind == "i"


def test_machine_readable_output_holds_the_report_only(predictions_csv, capsys):
    import io
    import json

    path, _ = predictions_csv  # a row with a missing value is dropped
    assert main(["calibration", str(path), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert err.startswith("dropped 1 of 200 rows") and len(err.splitlines()) == 1
    # a count is an integer, not 199.0
    assert type(report["rows"]["calibration"]["n_samples"]) is int
    assert report["rows"]["calibration"]["n_samples"] == 199
    assert main(["calibration", str(path), "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert len(pd.read_csv(io.StringIO(out))) == 1
    assert ",199," in out.splitlines()[1]
    assert "dropped 1 of 200 rows" in err and "wrote" not in err
    # the report went to stdout: no file was written, in the folder or elsewhere
    assert sorted(os.listdir(path.parent)) == ["pred.csv"]


@pytest.mark.parametrize("fmt", ["text", "csv", "json"])
def test_calibration_writes_the_diagram_only_with_plot(predictions_csv, capsys, fmt):
    path, clean = predictions_csv
    assert main(["calibration", str(path), "--format", fmt]) == 0
    assert sorted(os.listdir(path.parent)) == ["pred.csv"]
    capsys.readouterr()
    args = ["calibration", str(path), "--format", fmt, "--plot", "d.svg"]
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert sorted(os.listdir(path.parent)) == ["d.svg", "pred.csv"]
    assert (path.parent / "d.svg").read_text().rstrip().endswith("</svg>")
    assert "wrote d.svg" in (out if fmt == "text" else err)


def test_calibration_plot_is_written_atomically(predictions_csv, capsys, monkeypatch):
    # a diagram that fails half-way leaves neither it nor a temporary file,
    # nor an older diagram half overwritten
    from matplotlib.figure import Figure

    path, _ = predictions_csv
    (path.parent / "d.png").write_bytes(b"old diagram")

    def fail(self, file, *args, **kwargs):
        with open(file, "wb") as partial:  # a temporary file's name
            partial.write(b"\x89PNG partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Figure, "savefig", fail)
    status = main(["calibration", str(path), "--plot", "d.png"])
    _check_one_line_error(capsys.readouterr().err, status, 1)
    assert sorted(os.listdir(path.parent)) == ["d.png", "pred.csv"]
    assert (path.parent / "d.png").read_bytes() == b"old diagram"


def test_calibration_out_is_a_deprecated_plot(predictions_csv, capsys):
    path, _ = predictions_csv
    assert main(["calibration", str(path), "--out", "d.png"]) == 0
    assert "--out is deprecated; use --plot" in capsys.readouterr().err
    assert iio.imread(path.parent / "d.png").ndim == 3


@pytest.mark.parametrize("columns", [60, 80, 100])
@pytest.mark.parametrize("case", CASES)
def test_text_report_fits_the_terminal(
    report_cases, capsys, monkeypatch, case, columns
):
    size = os.terminal_size((columns, 24))
    monkeypatch.setattr(shutil, "get_terminal_size", lambda *a, **k: size)
    file, args = report_cases[case]
    assert main(["calibration", file, "--y-true", "y", *args]) == 0
    out = capsys.readouterr().out
    assert max(map(len, out.splitlines())) <= columns, out
    # every entry of every row is still there
    report = _library_report(file, args)
    rows, _ = _expected_rows(report)
    for entry in next(iter(rows.values())):
        assert re.search(rf"^{entry} ", out, flags=re.M), entry
    for row in rows if len(rows) > 1 else []:
        assert row in out


def test_text_report_of_many_classes_in_a_narrow_terminal(workdir):
    # 8 classes were a table 300 characters wide; each line now fits
    rng = np.random.default_rng(2)
    p = rng.dirichlet(np.ones(8), size=200)
    y = np.array([rng.choice(8, p=row) for row in p])
    frame = pd.DataFrame(p, columns=[f"p{k}" for k in range(8)]).assign(y=y)
    frame.to_csv("eight.csv", index=False)
    columns = [f"p{k}" for k in range(8)]
    done = subprocess.run(
        [sys.executable, "-m", "sklearn_losses", "calibration", "eight.csv"]
        + ["--y-true", "y", "--y-prob", *columns],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "60"},
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(map(len, lines)) <= 60, done.stdout
    assert all(f"class {k}" in done.stdout for k in range(8))


def test_every_parameter_an_error_names_has_an_option():
    # The one table from a library parameter to its option: each option
    # exists, and each parameter the commands pass or load with has one.
    import argparse
    import inspect

    from sklearn_losses.datasets import load_csv, load_predictions_csv

    parser = cli.build_parser()
    (commands,) = [
        a for a in parser._actions if isinstance(a, argparse._SubParsersAction)
    ]
    options = {
        o for sub in commands.choices.values() for o in sub._option_string_actions
    }
    for option in cli.OPTION_OF_PARAMETER.values():
        assert (
            {option} <= options if isinstance(option, str) else set(option) <= options
        )
    passed = {
        *cli.ESTIMATOR_OPTIONS,
        *cli.PENALTY_OPTIONS,
        *cli.SOLVER_OPTIONS,
        *cli.FRAME_OPTIONS,
        "hidden_layer_sizes",
        "alphas",
        "n_alphas",
        "eps",
        "fps",
        "grid_resolution",
        "n_bins",
    }
    for loader in (load_csv, load_predictions_csv):
        params = inspect.signature(loader).parameters
        passed |= set(params) - {"filename", "max_classes", "return_X_y"}
    assert passed <= set(cli.OPTION_OF_PARAMETER)


@pytest.mark.parametrize(
    "args, option",
    [
        (["--alphas", "0.1", "-1"], "--alphas"),
        (["--alpha-range", "-1", "1", "3"], "--alpha-range"),
    ],
)
def test_the_alphas_error_names_the_option_given(workdir, capsys, args, option):
    assert main(["animate", "--no-progress", *args]) == 1
    assert capsys.readouterr().err.startswith(f"sklearn-losses: error: {option}: ")


# -- a quick --help: no scikit-learn before the command runs -------------------

HEAVY_MODULES = ("sklearn", "matplotlib", "pandas")
LIGHT_ARGV = {
    "help": ["--help"],
    "animate help": ["animate", "--help"],
    "calibration help": ["calibration", "--help"],
    "version": ["--version"],
    "list": ["list"],
    "unknown loss": ["animate", "--loss", "hinge"],
    "bare hidden": ["animate", "--hidden"],
    "fps not a number": ["animate", "--fps", "fast"],
    "no command": [],
    # usage errors found after parsing, before the command's imports
    "l1 ratio with l2": ["animate", "--l1-ratio", "0.5"],
    "momentum with auto, hidden layer": [
        "animate",
        "--solver",
        "auto",
        "--momentum",
        "0.5",
    ],
    "learning rate with auto, no hidden layer": [
        "animate",
        "--solver",
        "auto",
        "--hidden",
        "0",
        "--learning-rate-init",
        "0.1",
    ],
    "auto alphas, no hidden layer, l2": ["animate", "--hidden", "0", "--auto-alphas"],
}


def _python(code, cwd):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize("argv", LIGHT_ARGV.values(), ids=LIGHT_ARGV)
def test_help_list_and_usage_errors_import_no_heavy_library(tmp_path, argv):
    code = (
        "import sys\n"
        "from sklearn_losses.cli import main\n"
        f"status = main({argv!r})\n"
        f"heavy = [m for m in {HEAVY_MODULES!r} if m in sys.modules]\n"
        "print('status', status, 'heavy', heavy, file=sys.stderr)\n"
    )
    done = _python(code, tmp_path)
    last = done.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"status [02] heavy \[\]", last), done.stderr


def test_help_is_as_quick_as_importing_numpy(tmp_path):
    # Timed against the interpreter starting and importing numpy on the same
    # machine, best of 3 each: --help imports neither scikit-learn nor numpy.
    def best_of_3(code):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            assert _python(code, tmp_path).returncode == 0
            times.append(time.perf_counter() - start)
        return min(times)

    numpy_time = best_of_3("import numpy")
    help_time = best_of_3("from sklearn_losses.cli import main; main(['--help'])")
    assert help_time <= 3 * numpy_time, (help_time, numpy_time)


def test_registered_names_are_the_registries():
    # the command line's plain copy of the names, against the registries
    from sklearn_losses._cli_options import REGISTERED_NAMES
    from sklearn_losses.losses import LOSSES
    from sklearn_losses.metrics import SCORERS
    from sklearn_losses.penalties import PENALTIES
    from sklearn_losses.solvers import SOLVERS

    registries = {
        "losses": LOSSES,
        "penalties": PENALTIES,
        "solvers": SOLVERS,
        "scorers": SCORERS,
    }
    assert {k: list(v) for k, v in REGISTERED_NAMES.items()} == {
        k: list(v) for k, v in registries.items()
    }


def test_options_read_are_the_registries():
    # the command line's plain table of the options each penalty and solver
    # reads, and of what --solver auto is, against the library
    from dataclasses import fields

    from sklearn_losses._cli_options import (
        AUTO_SOLVER_OF,
        OPTIONS_READ,
        PENALTY_OPTIONS,
        SOLVER_OPTIONS,
    )
    from sklearn_losses.penalties import PENALTIES
    from sklearn_losses.solvers import SOLVERS, resolve_solver

    penalties = {
        name: tuple(p for p in cls._get_param_names() if p in PENALTY_OPTIONS)
        for name, cls in PENALTIES.items()
    }
    solvers = {
        name: tuple(f.name for f in fields(cls) if f.name in SOLVER_OPTIONS)
        for name, cls in SOLVERS.items()
    }
    assert OPTIONS_READ == {"penalties": penalties, "solvers": solvers}
    for hidden, sizes in [(False, ()), (True, (10,))]:
        solver = resolve_solver("auto", hidden_layer_sizes=sizes, incremental=False)
        assert AUTO_SOLVER_OF[hidden] == solver.name


def test_list_names_the_auto_solver(capsys):
    from sklearn_losses.solvers import SOLVERS, resolve_solver

    # what auto resolves to, from the library
    without = resolve_solver("auto", hidden_layer_sizes=(), incremental=False).name
    with_one = resolve_solver("auto", hidden_layer_sizes=(10,), incremental=False)
    assert main(["list"]) == 0
    line = next(
        line
        for line in capsys.readouterr().out.splitlines()
        if line.startswith("solvers: ")
    )
    assert line == (
        f"solvers: auto ({without} without a hidden layer, {with_one.name} with "
        f"one), {', '.join(SOLVERS)}"
    )


@pytest.mark.parametrize(
    "hidden, message",
    [
        ([], "or --hidden 0 for no hidden layer"),
        (["0", "5"], "0 means no hidden layer and stands alone"),
        (["5", "0"], "0 means no hidden layer and stands alone"),
    ],
)
def test_hidden_without_units_or_zero_among_layers_is_a_usage_error(
    capsys, hidden, message
):
    assert main(["animate", "--hidden", *hidden]) == 2
    err = capsys.readouterr().err
    assert err.startswith("sklearn-losses: error: argument --hidden: ")
    assert message in err


def test_hidden_zero_fits_without_a_hidden_layer(workdir, capsys, library_calls):
    args = [*QUICK, "--hidden", "0", "--alphas", "1"]
    assert main(args) == 0, capsys.readouterr().err
    estimator = library_calls[0]["estimator"]
    assert estimator.hidden_layer_sizes == ()
    iris = load_iris()
    X, y = iris.data[:100, [0, 2]], iris.target[:100]
    # one weight matrix from the inputs to the output: a logistic regression
    coefs = clone(estimator).fit(X, y).coefs_
    assert [c.shape for c in coefs] == [(2, 1)]
    assert cli.build_parser().parse_args(["animate", "--hidden", "3", "2"]).hidden == [
        3,
        2,
    ]


def test_list_and_choices_hold_a_name_registered_before_main(monkeypatch, capsys):
    # a program that registers a penalty, then runs the command line in-process
    from sklearn_losses.penalties import L1, PENALTIES

    monkeypatch.setitem(PENALTIES, "my_l1", L1)
    assert main(["list"]) == 0
    assert "penalties: l2, l1, elasticnet, my_l1\n" in capsys.readouterr().out
    args = cli.build_parser().parse_args(["animate", "--penalty", "my_l1"])
    assert args.penalty == "my_l1"


# -- several losses side by side -----------------------------------------------


def test_several_losses_write_one_gif_of_side_by_side_panels(
    workdir, capsys, monkeypatch
):
    from sklearn.metrics import accuracy_score
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    import sklearn_losses.path
    from sklearn_losses.datasets import load_iris_pair

    returned = []
    real = sklearn_losses.path.animate_regularization_path

    def spy(*args, **kwargs):
        returned.append(real(*args, **kwargs))
        return returned[-1]

    monkeypatch.setattr(sklearn_losses.path, "animate_regularization_path", spy)
    losses = ["log_loss", "squared_error", "focal"]
    assert main([*QUICK, "--loss", *losses]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    frames = iio.imread(workdir / cli.DEFAULT_GIF, index=None)
    # the default 20 alphas, one panel of the default 640 x 480 per loss
    assert frames.shape[:3] == (20, 480, 3 * 640)
    assert (
        f"wrote {cli.DEFAULT_GIF}: 20 frames of 3 panels (log_loss, "
        "squared_error, focal), alpha 0.001 to 1e+03" in out
    )
    paths = returned[0]
    assert list(paths) == losses
    assert [p.estimators_[0].loss for p in paths.values()] == losses
    # the table's validation accuracies, recomputed on the command's split
    iris = load_iris_pair()
    X_train, X_val, _, y_val = train_test_split(
        iris.data, iris.target_names[iris.target], test_size=0.3, random_state=42
    )
    X_val = StandardScaler().fit(X_train).transform(X_val)
    rows = out.split("by loss:\n", 1)[1].splitlines()
    assert rows[0].split() == ["alpha", *losses]
    for i, row in enumerate(rows[1:21]):
        expected = [
            accuracy_score(y_val, path.estimators_[i].predict(X_val))
            for path in paths.values()
        ]
        assert [float(v) for v in row.split()[1:]] == pytest.approx(expected, abs=5e-4)


def test_one_loss_is_one_panel_as_before(workdir, capsys, library_calls):
    args = [*QUICK, "--hidden", "0", "--alphas", "0.1", "10", "--loss", "focal"]
    assert main(args) == 0, capsys.readouterr().err
    estimator = library_calls[0]["estimator"]
    assert not isinstance(estimator, dict)
    assert estimator.get_params()["loss"] == "focal"
    frames = iio.imread(workdir / cli.DEFAULT_GIF, index=None)
    assert frames.shape[:3] == (2, 480, 640)
    out = capsys.readouterr().out
    assert "2 frames, alpha 0.1 to 10" in out
    assert "panels" not in out and "by loss" not in out
