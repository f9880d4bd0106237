"""The public names: literal ``__all__`` lists, importable, and documented.

``docs/api.rst`` is the reference users read; a name exported but missing
there, or listed there but gone from the code, fails here before the docs
build does.
"""

import ast
import importlib
import inspect
import re
import subprocess
import sys
import types

import pytest
from conftest import REPO_ROOT

import sklearn_losses

PUBLIC_MODULES = [
    "sklearn_losses",
    "sklearn_losses.base",
    "sklearn_losses.datasets",
    "sklearn_losses.functional",
    "sklearn_losses.links",
    "sklearn_losses.losses",
    "sklearn_losses.metrics",
    "sklearn_losses.optimizers",
    "sklearn_losses.path",
    "sklearn_losses.penalties",
    "sklearn_losses.solvers",
]


def _documented():
    """(module, name) pairs of the autosummary and autodata entries of api.rst."""
    pairs, module, in_autosummary = set(), None, False
    for line in (REPO_ROOT / "docs" / "api.rst").read_text().splitlines():
        if match := re.match(r"\.\. currentmodule:: ([\w.]+)", line):
            module = match.group(1)
        elif match := re.match(r"\.\. autodata:: ([\w.]+)\.(\w+)", line):
            pairs.add((match.group(1), match.group(2)))
        elif line.startswith(".. autosummary::"):
            in_autosummary = True
        elif in_autosummary and re.match(r"   \w+$", line):
            pairs.add((module, line.strip()))
        elif line and not line.startswith("   "):
            in_autosummary = False
    return pairs


def _literal_all(module):
    tree = ast.parse(inspect.getsource(module))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == "__all__" for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{module.__name__} has no __all__")


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_is_a_literal_list_of_importable_names(name):
    module = importlib.import_module(name)
    names = _literal_all(module)
    assert names == module.__all__
    assert len(set(names)) == len(names), "a name is listed twice"
    for attr in names:
        assert hasattr(module, attr), f"{name}.{attr} is in __all__ but missing"


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_every_exported_name_is_documented_where_it_is_defined(name):
    module = importlib.import_module(name)
    documented = _documented()
    documented_objects = {
        id(getattr(importlib.import_module(m), n)) for m, n in documented
    }
    missing = []
    for attr in module.__all__:
        value = getattr(module, attr)
        if isinstance(value, types.ModuleType) or attr == "__version__":
            continue
        # a re-export counts when the object is documented under any module
        if (name, attr) not in documented and id(value) not in documented_objects:
            missing.append(attr)
    assert not missing, f"{name} exports names absent from docs/api.rst: {missing}"


def test_every_documented_name_is_exported():
    for module_name, attr in sorted(_documented()):
        if module_name == "sklearn_losses.cli":
            continue  # the command line's entry point, not a library name
        module = importlib.import_module(module_name)
        assert attr in module.__all__, f"api.rst lists {module_name}.{attr}"


def test_top_level_exports_the_estimator_and_the_path_functions():
    for attr in (
        "LogisticMLPClassifier",
        "regularization_path",
        "RegularizationPath",
        "animate_regularization_path",
        "get_loss",
        "check_loss",
    ):
        assert attr in sklearn_losses.__all__


def _modules_after(code):
    """The names in ``sys.modules`` after running ``code`` in a new interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(*sorted(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


HEAVY = ("matplotlib", "pandas", "scipy.optimize", "sklearn.model_selection")


def test_importing_the_package_imports_nothing_heavy():
    loaded = _modules_after("import sklearn_losses")
    assert not [m for m in loaded for h in HEAVY if m == h or m.startswith(h + ".")]
    # not even scikit-learn, which imports scipy.optimize and pandas itself
    assert "sklearn" not in loaded


def test_command_line_module_imports_nothing_heavy():
    loaded = _modules_after("import sklearn_losses.cli")
    assert not [m for m in loaded for h in HEAVY if m == h or m.startswith(h + ".")]


def test_names_load_on_first_use_and_are_listed():
    loaded = _modules_after(
        "import sklearn_losses\n"
        "from sklearn_losses import LogisticMLPClassifier, losses\n"
        "assert sklearn_losses.LogisticMLPClassifier is LogisticMLPClassifier\n"
        "assert set(sklearn_losses.__all__) <= set(dir(sklearn_losses))"
    )
    assert {"sklearn_losses._classifier", "sklearn_losses.losses"} <= loaded
    assert "matplotlib" not in loaded
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        sklearn_losses.nope  # noqa: B018
    for attr in sklearn_losses.__all__:
        assert getattr(sklearn_losses, attr) is not None


def test_type_checking_block_spells_out_every_lazy_name():
    # the lazily loaded names are also written as plain imports (for readers
    # and type checkers): the two lists must not drift apart
    tree = ast.parse(inspect.getsource(sklearn_losses))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
    )
    imported = {
        alias.asname or alias.name
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert imported == set(sklearn_losses.__all__) - {"__version__"}
