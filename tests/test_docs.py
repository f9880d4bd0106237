"""The documentation builds offline with warnings as errors, and reads offline.

The build runs on a copy of ``docs/`` and ``examples/`` in a temporary
folder, so generated files never land in the repository. Every example runs,
in quick mode (``SKLEARN_LOSSES_DOCS_EXECUTE=fast``, see ``docs/conf.py``),
and every figure of the user guide is drawn. The built pages are then read
as a browser with no network would: no page may load a script, a stylesheet
or an image from another site (MathJax comes from ``_static``), and laid out
by a headless Chromium in a 1280-pixel-wide window: nothing on any page is
wider than its column. The build takes about 15 s on the dev machine.
"""

import os
import re
import shutil
import subprocess
import sys
import types
import warnings
from html.parser import HTMLParser
from pathlib import Path

import _docs_layout
import pytest
from conftest import REPO_ROOT

DOCS_DIR = REPO_ROOT / "docs"
EXAMPLES_DIR = REPO_ROOT / "examples"
GUIDE_PAGES = sorted(
    p.stem for p in (DOCS_DIR / "user_guide").glob("*.rst") if p.stem != "index"
)
# The docs extra: what the build imports (module names).
DOCS_MODULES = (
    "sphinx",
    "numpydoc",
    "sphinx_gallery",
    "pydata_sphinx_theme",
    "sphinx-mathjax-offline",
    "bokeh_sampledata",
)
# Code wider than this scrolls sideways in the pydata theme's article column
# at a 1280-pixel-wide window (measured by the layout test: 77 fit).
CODE_WIDTH = 76
_IGNORE = shutil.ignore_patterns(
    "_build",
    "auto_examples",
    "generated",
    "gen_modules",
    "sg_execution_times.rst",
    "__pycache__",
    "*.gif",
)


class _ResourceLinks(HTMLParser):
    """The URLs a page loads: script src, link href and img src."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        key = {"script": "src", "link": "href", "img": "src"}.get(tag)
        if key and attrs.get(key):
            self.urls.append((tag, attrs[key]))


def _resources(page):
    parser = _ResourceLinks()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.urls


def _build_docs(tmp_path):
    """Build the HTML from a copy, with no network; return its folder."""
    shutil.copytree(DOCS_DIR, tmp_path / "docs", ignore=_IGNORE)
    shutil.copytree(EXAMPLES_DIR, tmp_path / "examples", ignore=_IGNORE)
    out = tmp_path / "html"
    env = dict(
        os.environ,
        MPLBACKEND="Agg",
        SKLEARN_LOSSES_DOCS_EXECUTE="fast",
        # No network: any attempt to fetch (intersphinx, images) fails fast.
        SKLEARN_LOSSES_DOCS_INTERSPHINX="0",
        http_proxy="http://127.0.0.1:9",
        https_proxy="http://127.0.0.1:9",
        HTTP_PROXY="http://127.0.0.1:9",
        HTTPS_PROXY="http://127.0.0.1:9",
    )
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-W",
        "--keep-going",
        "-b",
        "html",
        "-d",
        str(tmp_path / "doctrees"),
        str(tmp_path / "docs"),
        str(out),
    ]
    result = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, (
        f"sphinx-build failed:\n{result.stdout[-4000:]}\n{result.stderr[-6000:]}"
    )
    return out


@pytest.fixture(scope="session")
def built_docs(tmp_path_factory):
    """The HTML site, built once for the session's docs tests."""
    for module in DOCS_MODULES:
        pytest.importorskip(
            module, reason="install the docs extra: pip install '.[docs]'"
        )
    return _build_docs(tmp_path_factory.mktemp("docs"))


@pytest.mark.slow
def test_docs_build_offline_and_read_offline(built_docs):
    out = built_docs

    for page in [
        "index.html",
        "install.html",
        "changelog.html",
        "api.html",
        "generated/sklearn_losses.LogisticMLPClassifier.html",
        "auto_examples/index.html",
        *(f"user_guide/{name}.html" for name in GUIDE_PAGES),
    ]:
        assert (out / page).is_file(), f"{page} was not built"

    # Nothing is fetched from another site, on any page.
    pages = sorted(out.rglob("*.html"))
    remote = [
        (str(page.relative_to(out)), tag, url)
        for page in pages
        for tag, url in _resources(page)
        if re.match(r"(https?:)?//", url)
    ]
    assert not remote, remote
    # Formulas are drawn by the MathJax that ships with the site.
    scripts = [url for _, url in _resources(out / "user_guide" / "penalties.html")]
    mathjax = [url for url in scripts if "mathjax" in url.lower()]
    assert mathjax, scripts
    for url in mathjax:
        assert (out / "user_guide" / url).resolve().is_file(), url

    # Every guide page shows a figure drawn by the build.
    for name in GUIDE_PAGES:
        images = [
            url
            for tag, url in _resources(out / "user_guide" / f"{name}.html")
            if tag == "img"
        ]
        assert images, f"user_guide/{name}.html has no image"
        for url in images:
            assert (out / "user_guide" / url).resolve().is_file(), (name, url)

    # The examples ran: the lab page shows the course's numbers, the Titanic
    # page its table, and its thumbnail is its figure, not the placeholder.
    lab = (out / "auto_examples" / "plot_cross_entropy_lab.html").read_text()
    for number in ("0.2027", "0.2542", "0.0000"):
        assert number in lab
    titanic = (out / "auto_examples" / "plot_titanic_losses.html").read_text()
    assert "validation passengers" in titanic
    assert "absolute_error" in titanic.split("Validation scores, means over")[-1]
    import sphinx_gallery

    placeholder = (
        Path(sphinx_gallery.__file__).parent / "_static" / "no_image.png"
    ).read_bytes()
    thumbs = sorted((out / "_images").glob("sphx_glr_plot_*_thumb.png"))
    assert len(thumbs) == len(list(EXAMPLES_DIR.glob("plot_*.py")))
    for thumb in thumbs:
        assert thumb.read_bytes() != placeholder, f"{thumb.name} is the placeholder"


_DIRECTIVE = re.compile(r"\s*\.\. [\w-]+::")
_CODE_DIRECTIVE = re.compile(r"\s*\.\. (code-block|code|sourcecode|plot)::")


def _code_lines(rst_path):
    """``(line number, code)`` for each line of the page's code blocks.

    A block is the indented body of a literal block (after a paragraph
    ending in ``::``), a ``.. code-block::`` or a ``.. plot::``, without
    directive options; other directives (``.. math::``) hold no code.
    """
    lines = rst_path.read_text().splitlines()
    found, marker_indent, body_indent = [], None, None
    for number, line in enumerate(lines, 1):
        depth = len(line) - len(line.lstrip())
        if marker_indent is not None:
            if not line.strip():
                continue
            if depth <= marker_indent:
                marker_indent = None
            else:
                body_indent = depth if body_indent is None else body_indent
                if not re.match(r"\s*:[\w-]+:", line):
                    found.append((number, line[body_indent:]))
                continue
        if _CODE_DIRECTIVE.match(line) or (
            line.rstrip().endswith("::") and not _DIRECTIVE.match(line)
        ):
            marker_indent, body_indent = depth, None
    return found


@pytest.mark.parametrize(
    "page",
    sorted(DOCS_DIR.glob("*.rst")) + sorted(DOCS_DIR.glob("user_guide/*.rst")),
    ids=lambda p: str(p.relative_to(DOCS_DIR)),
)
def test_code_lines_fit_the_page(page):
    long = [
        f"line {number}: {len(code)} characters"
        for number, code in _code_lines(page)
        if len(code) > CODE_WIDTH
    ]
    assert not long, long


def test_code_lines_finds_every_kind_of_block(tmp_path):
    page = tmp_path / "page.rst"
    page.write_text(
        "Text::\n\n    literal\n\n.. code-block:: python\n\n   code\n"
        "      nested\n\n.. plot::\n   :alt: x\n\n   plotted\n\n"
        ".. math::\n\n   x^2\n\nprose\n"
    )
    codes = [code for _, code in _code_lines(page)]
    assert codes == ["literal", "code", "   nested", "plotted"]


def _python_blocks(rst_path):
    """The ``.. code-block:: python`` bodies of a page, dedented."""
    blocks, current = [], None
    for line in rst_path.read_text().splitlines():
        if line.strip() == ".. code-block:: python":
            current = []
            blocks.append(current)
        elif current is not None:
            if line.strip() and not line.startswith("   "):
                current = None
            else:
                current.append(line[3:])
    return ["\n".join(block).strip() + "\n" for block in blocks]


def test_extending_guide_code_runs(capsys):
    # Each part the guide adds is one class plus one registry line, and it
    # works: the loss passes check_loss and trains by name, the ReLU + NLL
    # loss is reported unbounded below, the penalty passes check_penalty, and
    # the solver reaches scikit-learn's L1 logistic-regression optimum.
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss

    from sklearn_losses.losses import LOSSES
    from sklearn_losses.metrics import METRICS, expected_calibration_error
    from sklearn_losses.penalties import PENALTIES
    from sklearn_losses.solvers import SOLVERS

    blocks = _python_blocks(DOCS_DIR / "user_guide" / "extending.rst")
    assert len(blocks) == 6
    registries = [(r, dict(r)) for r in (LOSSES, PENALTIES, SOLVERS)]
    saved_metrics = dict(METRICS)
    # a module of its own, as the reader's script is: its functions pickle
    module = types.ModuleType("extending_guide")
    sys.modules[module.__name__] = module
    namespace = module.__dict__
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the guide's code runs cleanly
            for i, block in enumerate(blocks):
                exec(compile(block, f"extending.rst[{i}]", "exec"), namespace)
        assert {"poly1", "pseudo_huber", "proximal_gradient"} <= {
            *LOSSES,
            *PENALTIES,
            *SOLVERS,
        }
        assert "neg_calibration_in_the_large_error" in METRICS
    finally:
        del sys.modules[module.__name__]
        for registry, saved in registries:
            registry.clear()
            registry.update(saved)
        for name in set(METRICS) - set(saved_metrics):
            del METRICS[name]
    printed = capsys.readouterr().out
    assert "'bad_input', 'declaration', 'grid_search'" in printed
    # calibration in the large: |mean p - mean y|, which for two classes is
    # the one-bin ECE (an independent implementation)
    metric = namespace["calibration_in_the_large_error"]
    rng = np.random.default_rng(0)
    y_true, p = rng.integers(0, 2, 200), rng.uniform(size=200)
    np.testing.assert_allclose(
        metric(y_true, p), expected_calibration_error(y_true, p, n_bins=1)
    )
    assert "all 11 checks passed" in printed
    assert "bounded_below" in namespace["report"].failed
    assert "['zero', 'nonnegative', 'gradient', 'prox', 'prox_in_place', 'clone']" in (
        printed
    )

    clf, X, y = namespace["clf"], namespace["X"], namespace["y"]
    alpha = clf.alpha

    def objective(w, b):
        proba = 1 / (1 + np.exp(-(X @ w + b)))
        return log_loss(y, proba) + alpha / len(y) * np.abs(w).sum()

    # LogisticRegression(C) minimises C * sum(loss) + |w|_1: alpha = 1 / C
    reference = LogisticRegression(
        l1_ratio=1, C=1 / alpha, solver="saga", tol=1e-10, max_iter=10**5
    ).fit(X, y)
    best = objective(reference.coef_.ravel(), reference.intercept_[0])
    ours = objective(clf.coefs_[0].ravel(), clf.intercepts_[0][0])
    # fixed-step proximal gradient stops at a 1e-6 decrease: within 2e-3
    assert best - 1e-6 <= ours <= best + 2e-3
    assert (clf.coefs_[0] == 0).any()


def test_penalties_guide_mlpclassifier_alpha_mapping():
    # The guide says MLPClassifier(alpha=a, solver="lbfgs") and ours with the
    # same alpha=a minimize the same function, the mean log loss
    # + a / (2 n) |W|^2, and report it as loss_. Check it on scikit-learn's
    # own fit and on ours, each against the closed form at its weights.
    import numpy as np
    from sklearn.datasets import load_iris
    from sklearn.metrics import log_loss
    from sklearn.neural_network import MLPClassifier

    from sklearn_losses import LogisticMLPClassifier

    X, y = load_iris(return_X_y=True)
    a = 3.0

    def objective(clf):
        l2 = sum(np.sum(w**2) for w in clf.coefs_)
        return log_loss(y, clf.predict_proba(X)) + a / (2 * len(y)) * l2

    for cls in (MLPClassifier, LogisticMLPClassifier):
        clf = cls((5,), alpha=a, solver="lbfgs", max_iter=50, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # converged or not, any weights do
            clf.fit(X, y)
        assert objective(clf) == pytest.approx(clf.loss_, rel=1e-6), cls.__name__


def test_penalties_guide_logistic_regression_mapping():
    # The guide says LogisticRegression(C=C) is hidden_layer_sizes=(),
    # alpha=1 / C, whatever the number of samples: the same optimum.
    import numpy as np
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from sklearn_losses import LogisticMLPClassifier

    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    for C, n in ((0.1, 150), (10.0, 60)):
        ref = LogisticRegression(C=C, tol=1e-10, max_iter=10**4).fit(X[:n], y[:n])
        ours = LogisticMLPClassifier((), alpha=1 / C, tol=1e-10, max_iter=10**4)
        ours.fit(X[:n], y[:n])
        assert ours.solver_ == "lbfgs"  # solver="auto" without a hidden layer
        np.testing.assert_allclose(
            ours.predict_proba(X), ref.predict_proba(X), atol=1e-4
        )


def test_install_page_lists_every_dependency_of_pyproject():
    # docs/install.rst lists the dependencies pip installs, with their
    # lower bounds: exactly those of pyproject.toml.
    tomllib = pytest.importorskip("tomllib")  # Python 3.11 and newer

    with open(REPO_ROOT / "pyproject.toml", "rb") as file:
        project = tomllib.load(file)["project"]
    page = (REPO_ROOT / "docs" / "install.rst").read_text()
    listed = re.findall(r"``([A-Za-z][\w-]*>=[\d.]+)``", page)
    assert sorted(listed) == sorted(project["dependencies"])
    python = project["requires-python"].removeprefix(">=")
    assert f"needs Python {python} or newer" in page


@pytest.mark.slow
def test_every_page_fits_a_1280_pixel_window(built_docs):
    # Each page laid out by Chromium at 1280 x 900 (formulas typeset by the
    # bundled MathJax, every entry of the table of contents unfolded): no
    # code block, table, formula, sidebar or the page itself is wider than
    # its box, so nothing is cut off or scrolls sideways.
    chromium = _docs_layout.find_chromium()
    if chromium is None:
        pytest.skip("no chromium on the PATH: apt-get install chromium")
    found = _docs_layout.measure(built_docs, chromium=chromium)
    assert len(found) > 100  # every page, the API reference's too
    overflowing = [f"{page}: {item}" for page, items in found.items() for item in items]
    assert not overflowing, "\n".join(overflowing)
