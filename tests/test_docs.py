"""The documentation builds offline with warnings as errors.

The build runs on a copy of ``docs/`` and ``examples/`` in a temporary
folder, so generated files never land in the repository. Examples run in
quick mode, except the Titanic one, which needs data from outside the
repository (``SKLEARN_LOSSES_DOCS_EXECUTE=fast``, see ``docs/conf.py``); it is
rendered as code without output, and ``tests/test_examples.py`` runs it when
the data is there. The build takes about 15 s on the dev machine.
"""

import os
import shutil
import subprocess
import sys
import warnings

import pytest
from conftest import REPO_ROOT

DOCS_DIR = REPO_ROOT / "docs"
EXAMPLES_DIR = REPO_ROOT / "examples"
_IGNORE = shutil.ignore_patterns(
    "_build",
    "auto_examples",
    "generated",
    "gen_modules",
    "sg_execution_times.rst",
    "__pycache__",
    "*.gif",
)


@pytest.mark.slow
def test_docs_build_offline_with_warnings_as_errors(tmp_path):
    for module in ("sphinx", "numpydoc", "sphinx_gallery", "pydata_sphinx_theme"):
        pytest.importorskip(
            module, reason="install the docs extra: pip install '.[docs]'"
        )
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

    for page in [
        "index.html",
        "install.html",
        "changelog.html",
        "api.html",
        "user_guide/penalties.html",
        "generated/sklearn_losses.LogisticMLPClassifier.html",
        "auto_examples/index.html",
        "auto_examples/plot_cross_entropy_lab.html",
    ]:
        assert (out / page).is_file(), f"{page} was not built"
    # The quick examples ran: the lab page shows the seed's numbers.
    lab = (out / "auto_examples" / "plot_cross_entropy_lab.html").read_text()
    for number in ("0.2027", "0.2542", "0.0000"):
        assert number in lab


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
    from sklearn_losses.penalties import PENALTIES
    from sklearn_losses.solvers import SOLVERS

    blocks = _python_blocks(DOCS_DIR / "user_guide" / "extending.rst")
    assert len(blocks) == 5
    registries = [(r, dict(r)) for r in (LOSSES, PENALTIES, SOLVERS)]
    namespace = {}
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
    finally:
        for registry, saved in registries:
            registry.clear()
            registry.update(saved)
    printed = capsys.readouterr().out
    assert "all 10 checks passed" in printed
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
