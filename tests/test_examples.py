"""Every gallery script runs, as the documentation build would run it.

Each script runs in a subprocess with the Agg backend and
``SKLEARN_LOSSES_EXAMPLES_QUICK=1``, which the slower examples read to shrink
their work. As under sphinx-gallery, the working directory is ``examples/``
and ``__file__`` is not defined (sphinx-gallery never sets it).
"""

import ast
import importlib.util
import os
import re
import subprocess
import sys

import pytest
from conftest import REPO_ROOT

EXAMPLES_DIR = REPO_ROOT / "examples"
EXAMPLES = sorted(EXAMPLES_DIR.glob("plot_*.py"))
TIMEOUT_S = 300
# Data packages an example needs, installed by the docs extra (as in
# docs/conf.py): the Titanic passenger list ships with bokeh_sampledata.
EXAMPLE_PACKAGES = {"plot_titanic_losses.py": "bokeh_sampledata"}


def _example_params():
    params = []
    for script in EXAMPLES:
        marks = []
        package = EXAMPLE_PACKAGES.get(script.name)
        if package and importlib.util.find_spec(package) is None:
            marks.append(
                pytest.mark.skip(
                    reason=f"{script.name} needs {package}: pip install '.[docs]'"
                )
            )
        params.append(pytest.param(script, id=script.stem, marks=marks))
    return params


# Runs a script the way sphinx-gallery does: as __main__, without __file__.
_RUNNER = (
    "import sys; path = sys.argv[1]; sys.argv = [path]; "
    "code = compile(open(path, encoding='utf-8').read(), path, 'exec'); "
    "exec(code, {'__name__': '__main__'})"
)


def _run(script):
    env = dict(os.environ, MPLBACKEND="Agg", SKLEARN_LOSSES_EXAMPLES_QUICK="1")
    return subprocess.run(
        [sys.executable, "-c", _RUNNER, str(script)],
        cwd=EXAMPLES_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )


def test_there_are_examples():
    assert len(EXAMPLES) >= 6, [p.name for p in EXAMPLES]


@pytest.mark.slow
@pytest.mark.parametrize("script", _example_params())
def test_example_runs_and_leaves_no_files(script):
    before = set(EXAMPLES_DIR.iterdir())
    result = _run(script)
    assert result.returncode == 0, (
        f"{script.name} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    created = set(EXAMPLES_DIR.iterdir()) - before
    assert not created, f"{script.name} wrote into examples/: {sorted(created)}"


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_is_a_gallery_script(script):
    source = script.read_text()
    docstring = ast.get_docstring(ast.parse(source), clean=False)
    assert docstring, f"{script.name} has no module docstring (the gallery title)"
    lines = docstring.strip("\n").splitlines()
    # A title, with a line of "=" at least as long above or below it.
    title_index = 1 if set(lines[0]) == {"="} else 0
    title = lines[title_index].strip()
    underline = lines[title_index + 1].strip()
    assert title and set(underline) == {"="} and len(underline) >= len(title)
    assert re.search(r"^# %%", source, flags=re.M), f"{script.name} has no cells"


def test_lab_example_prints_the_seed_numbers():
    result = _run(EXAMPLES_DIR / "plot_cross_entropy_lab.py")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Cross-Entropy Loss: 0.2027" in result.stdout
    assert "Regularized Loss: 0.2542" in result.stdout
    assert "Modified Cross-Entropy Loss: 0.0000" in result.stdout


def test_clipping_example_prints_the_seed_numbers():
    result = _run(EXAMPLES_DIR / "plot_clipping_log0.py")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Loss (Near Perfect): 0.0101" in result.stdout
    # Clipped to [1e-15, 1 - 1e-15]: about -log(1e-15) = 34.54, finite.
    assert re.search(r"Loss \(Arrogant\): 34\.5\d", result.stdout), result.stdout
