"""Sphinx configuration for sklearn-losses.

Build offline with warnings as errors::

    sphinx-build -W --keep-going -b html docs docs/_build/html

Environment variables:

SKLEARN_LOSSES_DOCS_EXECUTE
    Which gallery examples run during the build: ``all`` (default; every
    example with its full settings), ``fast`` (every example but those in
    ``SLOW_EXAMPLES``, in quick mode, ``SKLEARN_LOSSES_EXAMPLES_QUICK=1``; the
    others are rendered as code without output; CI and the test suite build
    this way), or ``none`` (no example runs). Examples that need a package
    missing from ``EXAMPLE_PACKAGES`` (the ``docs`` extra installs them) are
    rendered as code without output, and the build says so.
SKLEARN_LOSSES_DOCS_INTERSPHINX
    Set to ``1`` to link to the Python, NumPy and scikit-learn docs through
    intersphinx. Off by default because it needs the network.
"""

import importlib.util
import os
import re
import sys
from pathlib import Path

DOCS_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS_DIR / "_ext"))

import sklearn_losses

project = "sklearn-losses"
author = "The sklearn-losses developers"
copyright = "2026, The sklearn-losses developers"
release = sklearn_losses.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    # MathJax from the package's own copy, not from a CDN: formulas render
    # with no network (it sets ``mathjax_path`` and copies the files).
    "sphinx-mathjax-offline",
    "sphinx.ext.viewcode",
    "matplotlib.sphinxext.plot_directive",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "**.ipynb_checkpoints", "auto_examples/*.ipynb"]
root_doc = "index"
default_role = "obj"

# -- API reference -----------------------------------------------------------
autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": False}
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = False


_SHAPE_NAME = re.compile(r"(?<=[(, ])([A-Za-z]\w*_)(?=[,)])")


def _quote_shape_names(app, what, name, obj, options, lines):
    # In "ndarray of shape (n_features_in_,)" reST reads "n_features_in_" as a
    # link to a missing target; scikit-learn quotes such names, so do we.
    for i, line in enumerate(lines):
        if "shape (" in line:
            lines[i] = _SHAPE_NAME.sub(r"`\1`", line)


def _skip_sklearn_routing(app, what, name, obj, skip, options):
    # scikit-learn generates these on every estimator; their docstrings link
    # into scikit-learn's own user guide, which is not part of this site.
    if re.fullmatch(r"set_\w+_request|get_metadata_routing", name):
        return True
    return None


# -- Figures in the user guide (matplotlib's plot directive) ---------------
# Each ``.. plot::`` runs its code during the build and shows it above the
# figure; the code imports what it uses.
plot_include_source = True
plot_pre_code = ""
plot_formats = [("png", 100)]
plot_html_show_formats = False
plot_html_show_source_link = False

# -- Cross-links to other projects: off unless asked, the build is offline ---
if os.environ.get("SKLEARN_LOSSES_DOCS_INTERSPHINX") == "1":
    extensions.append("sphinx.ext.intersphinx")
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "numpy": ("https://numpy.org/doc/stable", None),
        "sklearn": ("https://scikit-learn.org/stable", None),
        "matplotlib": ("https://matplotlib.org/stable", None),
    }

# -- Example gallery ---------------------------------------------------------
EXAMPLES_DIR = DOCS_DIR.parent / "examples"
# Examples left out of quick builds (CI, tests/test_docs.py) because they take
# long; none at present.
SLOW_EXAMPLES = ()
# Packages an example needs beyond the package's own dependencies; the docs
# extra installs them. The Titanic passenger list ships with bokeh_sampledata.
EXAMPLE_PACKAGES = {"plot_titanic_losses.py": "bokeh_sampledata"}

_execute = os.environ.get("SKLEARN_LOSSES_DOCS_EXECUTE", "all").lower()
if _execute not in ("all", "fast", "none"):
    raise ValueError(
        f"SKLEARN_LOSSES_DOCS_EXECUTE must be 'all', 'fast' or 'none', got {_execute!r}"
    )
_run = sorted(p.name for p in EXAMPLES_DIR.glob("plot_*.py"))
if _execute != "all":
    # Examples read this to shrink their work.
    os.environ["SKLEARN_LOSSES_EXAMPLES_QUICK"] = "1"
    _run = [] if _execute == "none" else [n for n in _run if n not in SLOW_EXAMPLES]
for _name, _package in EXAMPLE_PACKAGES.items():
    if _name in _run and importlib.util.find_spec(_package) is None:
        _run.remove(_name)
        print(f"sklearn-losses docs: {_name} needs {_package}: pip install '.[docs]'")
_skipped = sorted({p.name for p in EXAMPLES_DIR.glob("plot_*.py")} - set(_run))
if _skipped:
    print(f"sklearn-losses docs: shown without running: {', '.join(_skipped)}")
# sphinx-gallery runs the examples whose path matches this pattern.
_filename_pattern = (
    "/(" + "|".join(re.escape(n) for n in _run) + ")$" if _run else "(?!)"
)

sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": _filename_pattern,
    "plot_gallery": "True",
    "within_subsection_order": "gallery_tools.ExampleOrder",
    "image_scrapers": ("matplotlib", "gallery_tools.gif_scraper"),
    "doc_module": ("sklearn_losses",),
    "backreferences_dir": "gen_modules/backreferences",
    "remove_config_comments": True,
    "show_memory": False,
    # Its timing tables load a table library from a CDN: not offline.
    "write_computation_times": False,
    "abort_on_example_error": False,
    "matplotlib_animations": False,
}

# -- HTML --------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"sklearn-losses {release}"
html_theme_options = {
    "navbar_end": ["navbar-icon-links"],
    "show_prev_next": False,
    "secondary_sidebar_items": ["page-toc"],
}
html_show_sourcelink = False
# Makes the pages fit a 1280-pixel-wide window (see the file).
# The page's table of contents names a method without its class
# ("fit()", not "LogisticMLPClassifier.fit()"), as scikit-learn's does: the
# long names no longer break in the narrow right-hand column.
toc_object_entries_show_parents = "hide"
html_static_path = ["_static"]
html_css_files = ["custom.css"]


def setup(app):
    app.connect("autodoc-skip-member", _skip_sklearn_routing)
    # Before numpydoc (priority 500) rewrites the docstring.
    app.connect("autodoc-process-docstring", _quote_shape_names, priority=400)
