"""The shape of the package: sizes, imports and the names that cross packages.

These tests read the source as text (``ast``), nothing is imported, so they
hold for every import, including those inside functions. The limits are the
ones the style guide sets: growth goes into new modules, not old ones.
"""

import ast
import io
import tokenize
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sklearn_losses"
NAME = PACKAGE.name

MAX_MODULE_LINES = 450
MAX_CLI_LINES = 350
MAX_FUNCTION_LINES = 60
MAX_CLASS_LINES = 300
# A parameter list is long because scikit-learn's parameters are: the
# estimators' __init__ store one argument a line.
LONG_PARAMETER_LISTS = {
    ("_classifier.py", "__init__"),
    ("_classifier_cv.py", "__init__"),
}


def _modules():
    """``{dotted name: (path, is_package)}`` of every module of the package."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        modules[".".join(parts)] = (path, is_package)
    return modules


MODULES = _modules()


def _docstring_lines(tree):
    lines = set()
    for node in ast.walk(tree):
        if isinstance(
            node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
        ):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                lines.update(range(first.lineno, first.end_lineno + 1))
    return lines


def code_lines(source):
    """Line numbers holding code: not blank, not a comment, not a docstring."""
    docstrings = _docstring_lines(ast.parse(source))
    skipped = {
        tokenize.COMMENT,
        tokenize.NL,
        tokenize.NEWLINE,
        tokenize.INDENT,
        tokenize.DEDENT,
        tokenize.ENDMARKER,
    }
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in skipped:
            lines.update(range(token.start[0], token.end[0] + 1))
    return lines - docstrings


def _package_of(module):
    path, is_package = MODULES[module]
    return module if is_package else module.rsplit(".", 1)[0]


def _imports(module):
    """``(imported module, imported name or None)`` for every import of ours."""
    path, is_package = MODULES[module]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, None) for a in node.names if a.name.startswith(NAME)]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".")[: None if is_package else -1]
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            if not base.startswith(NAME):
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.append(
                    (submodule, None) if submodule in MODULES else (base, alias.name)
                )
    return [(target, name) for target, name in found if target in MODULES]


def _graph():
    return {m: {target for target, _ in _imports(m)} - {m} for m in MODULES}


def _cycles(graph):
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, components = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return components


def test_code_line_counter_skips_docstrings_comments_and_blanks():
    source = (
        '"""Doc."""\n\n# note\nx = 1  # why\n\n\n'
        'def f():\n    """Doc\n    more."""\n    return x\n'
    )
    assert sorted(code_lines(source)) == [4, 7, 10]


def test_cycle_finder_finds_a_circle_and_no_false_one():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [
        ["a", "b", "c"]
    ]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle():
    assert _cycles(_graph()) == []


def test_no_private_name_imported_across_packages():
    crossings = [
        f"{module} imports {name} from {target}"
        for module in MODULES
        for target, name in _imports(module)
        if name
        and name.startswith("_")
        and not name.startswith("__")
        and _package_of(target) != _package_of(module)
    ]
    assert crossings == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_size(module):
    path, _ = MODULES[module]
    limit = MAX_CLI_LINES if module == f"{NAME}.cli" else MAX_MODULE_LINES
    assert len(code_lines(path.read_text(encoding="utf-8"))) <= limit


@pytest.mark.parametrize("module", sorted(MODULES))
def test_function_and_class_sizes(module):
    path, _ = MODULES[module]
    source = path.read_text(encoding="utf-8")
    lines = code_lines(source)
    too_long = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        n = sum(node.lineno <= line <= node.end_lineno for line in lines)
        if isinstance(node, ast.ClassDef):
            limit = MAX_CLASS_LINES
        elif (path.name, node.name) in LONG_PARAMETER_LISTS:
            continue
        else:
            limit = MAX_FUNCTION_LINES
        if n > limit:
            too_long.append(f"{node.name}: {n} code lines > {limit}")
    assert too_long == []
