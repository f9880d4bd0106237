"""Tests of the sklearn-losses command line (sklearn_losses.cli)."""

import os
import re
import shutil
import signal
import subprocess
import sys
import warnings

import imageio.v3 as iio
import numpy as np
import pandas as pd
import PIL.Image
import pytest
from sklearn.datasets import load_iris
from sklearn.metrics import brier_score_loss

from sklearn_losses import _io, cli
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
            "--alphas",
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
            "--penalty",
            "l1",
            "--alphas",
            "1",
            "0.01",
            "2",
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
    args = ["animate", "--hidden", "--solver", "auto", "--alphas", "0.1", "10", "2"]
    status = main([*args, "--grid-resolution", "10", "--no-progress"])
    assert status == 0, capsys.readouterr().err
    assert iio.imread(workdir / cli.DEFAULT_GIF, index=None).shape[0] == 2


def test_calibration_prints_the_report_and_writes_the_diagram(predictions_csv, capsys):
    path, clean = predictions_csv
    status = main(["calibration", str(path), "--out", "diagram.png"])
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
    "alpha negative": ["--alphas", "-1", "1", "5"],
    "alpha not a number": ["--alphas", "a", "1", "5"],
    "alpha num zero": ["--alphas", "0.1", "1", "0"],
    "alpha num float": ["--alphas", "0.1", "1", "2.5"],
    "alpha inf": ["--alphas", "0.1", "inf", "3"],
    "alpha empty range": ["--alphas", "1", "1", "5"],
    "fps zero": ["--fps", "0"],
    "fps nan": ["--fps", "nan"],
    # GIF delays are 16-bit centiseconds: 0.001 fps would be 1000 s
    "fps below a GIF's longest delay": ["--fps", "0.001"],
    # browsers play delays under 0.02 s at 0.1 s
    "fps above 50": ["--fps", "60"],
    "fps inf": ["--fps", "inf"],
    "grid too large": ["--grid-resolution", "2001"],
    "alphas more frames than a GIF holds": ["--alphas", "0.1", "1", "1001"],
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
    "l1 ratio": ["--l1-ratio", "2"],
    "hidden zero": ["--hidden", "0"],
    "negative seed": ["--random-state", "-1"],
}
BAD_USAGE = {
    "no command": [],
    "unknown command": ["plot"],
    "fps not a number": ["animate", "--fps", "fast"],
    "unknown loss": ["animate", "--loss", "hinge"],
    "alphas too few": ["animate", "--alphas", "1", "2"],
    "unknown option": ["animate", "--colour", "red"],
    "empty separator": ["animate", "--sep", ""],
}
BAD_CALIBRATION = {
    "missing file": ["nope.csv"],
    "unknown column": ["pred.csv", "--y-prob", "p"],
    "non-numeric probabilities": ["pred.csv", "--y-prob", "label"],
    "one class": ["one.csv"],
    "probabilities out of range": ["range.csv"],
    "unknown format": ["pred.csv", "--out", "diagram.xyz"],
    "missing folder": ["pred.csv", "--out", "no/such/diagram.png"],
    "same column twice": ["pred.csv", "--y-true", "y_prob"],
    "empty file": ["empty.csv"],
    "bad bins": ["pred.csv", "--n-bins", "0"],
    "yes/no labels": ["yesno.csv"],
    "labels of another type": ["pred.csv", "--labels", "no", "yes"],
    "labels not in the column": ["yesno.csv", "--labels", "n", "y"],
    "semicolon csv": ["semi_pred.csv"],
    "out under a file": ["pred.csv", "--out", "pred.csv/d.png"],
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
    pd.DataFrame({"y_true": yes == "yes", "y_prob": y_prob}).to_csv(
        workdir / "semi_pred.csv", sep=";", index=False
    )
    return workdir


BAD_ANIMATE_MESSAGES = {
    "fps below a GIF's longest delay": r"'fps' .* range \[0.0016, 50",
    "out under a file": "cannot write iris.csv/x.gif: iris.csv is a file, not a folder",
    "out deep under a file": "iris.csv is a file, not a folder",
    "semicolon csv": "semi.csv seems to use ';' as separator, not ','.*--sep ';'",
    "semicolon csv with features": "seems to use ';' as separator",
    "values too wide to standardize": "Feature 'a' spans .* too wide to standardize",
    "infinite values": "column 'a' of inf.csv holds 1 infinite",
    "decimal comma": "column 'a' holds numbers with a decimal comma",
}
BAD_CALIBRATION_MESSAGES = {
    "semicolon csv": "semi_pred.csv seems to use ';' as separator",
    "out under a file": "pred.csv is a file, not a folder",
    "yes/no labels": "holds no, yes, not 0/1: .* --labels no yes",
    "labels of another type": "--labels no yes are not values of column 'y_true'",
    "labels not in the column": "not in labels",
}


def _check_one_line_error(err, status, expected_status):
    assert status == expected_status
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("sklearn-losses: error: ")
    assert "Traceback" not in err


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
    _check_one_line_error(capsys.readouterr().err, status, 2)
    assert listing(bad_input_folder) == before


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
            _io.Terminated(signal.SIGTERM),
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
    out = capsys.readouterr().out
    assert "nan" not in out.lower()
    assert "not defined (the predictions fill 1 group" in out


def test_fps_at_the_limits_of_a_gif(workdir, capsys):
    args = ["animate", "--no-progress", "--alphas", "0.1", "1", "2"]
    assert main([*args, "--grid-resolution", "10", "--fps", "50"]) == 0
    assert iio.immeta(cli.DEFAULT_GIF)["duration"] == 20
    assert main(["animate", "--help"]) == 0
    assert "from 0.0016 to 50" in " ".join(capsys.readouterr().out.split())
