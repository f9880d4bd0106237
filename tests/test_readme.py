"""The README's two commands are what a new user runs; CI must run the same."""

import re
import subprocess
import sys

from conftest import REPO_ROOT


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


def test_readme_quick_start_runs(tmp_path):
    text = (REPO_ROOT / "README.md").read_text()
    (quick_start,) = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    script = tmp_path / "quick_start.py"
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
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "logisticmlpclassifier__alpha" in result.stdout
