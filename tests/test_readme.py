"""The README's commands are what a new user runs; CI must run the same, and
the README's examples run as written."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys

import imageio.v3 as iio
import pandas as pd
import pytest
from conftest import REPO_ROOT
from sklearn.metrics import brier_score_loss


def _readme_commands():
    text = (REPO_ROOT / "README.md").read_text()
    blocks = re.findall(r"```bash\n(.*?)```", text, flags=re.S)
    return [
        line.strip()
        for block in blocks
        for line in block.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def test_readme_has_two_commands_main_job_and_tests():
    commands = _readme_commands()
    assert len(commands) == 2
    main_job, tests = commands
    assert main_job.endswith("sklearn-losses animate")
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command():
    test_command = _readme_commands()[1]
    ci_script = (REPO_ROOT / ".ci" / "run").read_text()
    assert any(
        line.startswith(test_command + " ") or line == test_command
        for line in ci_script.splitlines()
    )


@pytest.fixture(scope="module")
def quick_start_folder(tmp_path_factory):
    """A folder where the README's quick start ran; its stdout."""
    folder = tmp_path_factory.mktemp("readme")
    text = (REPO_ROOT / "README.md").read_text()
    (quick_start,) = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    script = folder / "quick_start.py"
    # a quick start that warns would be a poor first impression
    strict = (
        "import warnings\n"
        "from sklearn.exceptions import ConvergenceWarning\n"
        "warnings.simplefilter('error', ConvergenceWarning)\n"
    )
    script.write_text(strict + quick_start)
    result = subprocess.run(
        [sys.executable, script],
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return folder, result.stdout


def test_readme_quick_start_runs(quick_start_folder):
    _, stdout = quick_start_folder
    assert "logisticmlpclassifier__alpha" in stdout


def _readme_calibration_lines():
    text = (REPO_ROOT / "README.md").read_text()
    return [
        line
        for block in re.findall(r"```text\n(.*?)```", text, flags=re.S)
        for line in block.splitlines()
        if line.startswith("sklearn-losses calibration ")
    ]


def test_readme_calibration_examples_run_in_order(quick_start_folder, tmp_path):
    # The examples run as written, in a shell (their redirection and
    # comments included), on the predictions.csv the quick start writes.
    lines = _readme_calibration_lines()
    assert len(lines) >= 2
    shutil.copy(quick_start_folder[0] / "predictions.csv", tmp_path)
    command = f"{shlex.quote(sys.executable)} -m sklearn_losses"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    for line in lines:
        before = set(os.listdir(tmp_path))
        done = subprocess.run(
            line.replace("sklearn-losses", command, 1),
            shell=True,
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, (line, done.stderr)
        # each example writes what its line names, nothing else
        new = set(os.listdir(tmp_path)) - before
        named = {word for word in shlex.split(line, comments=True) if word in new}
        assert new == named, (line, new)
    report = json.loads((tmp_path / "report.json").read_text())
    expected = pd.read_csv(tmp_path / "predictions.csv")
    assert report["rows"]["calibration"]["n_samples"] == len(expected)
    brier = brier_score_loss(expected["y_true"], expected["y_prob"])
    assert report["rows"]["calibration"]["brier_score"] == pytest.approx(brier)
    assert iio.imread(tmp_path / "diagram.png").ndim == 3
