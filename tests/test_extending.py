"""A new part of each kind, written in a module of its own, meets the batteries.

The module below defines a loss (binary only), a penalty, a solver and a
metric, and registers them by name when pytest loads it as a plugin. The
suite then runs in a subprocess with only the tests whose ids name a toy:
every registry-driven battery must pick the parts up from their declarations,
with no test edited. A loss with a wrong gradient rides along, so the run
shows the batteries can fail.
"""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parent

TOY_PARTS = '''"""Toy parts, one of each kind, registered by name."""

from dataclasses import dataclass

import numpy as np
from scipy.special import expit, log_expit
from sklearn.utils import check_array, check_consistent_length

from sklearn_losses.losses import LOSSES, BaseLoss
from sklearn_losses.metrics import METRICS, MetricSpec
from sklearn_losses.penalties import PENALTIES, Penalty
from sklearn_losses.solvers import SOLVERS, Solver


class ToyScaledLogistic(BaseLoss):
    """Binary logistic loss of the margin times ``scale``, divided by it."""

    lower_bound = 0.0
    target_types = frozenset({"binary"})

    def __init__(self, scale=2.0):
        self.scale = scale

    def loss(self, y_true, raw_prediction):
        z = np.asarray(raw_prediction).reshape(-1)
        sign = 2.0 * np.asarray(y_true, dtype=z.dtype) - 1.0
        # -log sigmoid(scale * sign * z), through log_expit: no log(0)
        return (-log_expit(self.scale * sign * z) / self.scale).astype(z.dtype)

    def gradient(self, y_true, raw_prediction):
        raw = np.asarray(raw_prediction)
        z = raw.reshape(-1)
        sign = 2.0 * np.asarray(y_true, dtype=z.dtype) - 1.0
        grad = -sign * expit(-self.scale * sign * z)
        return grad.reshape(raw.shape).astype(raw.dtype)


class ToyBrokenGradient(ToyScaledLogistic):
    """The same loss with a gradient twice too large: the battery must say so."""

    def gradient(self, y_true, raw_prediction):
        return 2.0 * super().gradient(y_true, raw_prediction)


class ToyPseudoHuber(Penalty):
    """sum_j delta**2 * (sqrt(1 + (w_j / delta)**2) - 1): smooth."""

    def __init__(self, delta=1.0):
        self.delta = delta

    def value(self, coef):
        scaled = np.asarray(coef) / self.delta
        return float(self.delta**2 * np.sum(np.sqrt(1 + scaled**2) - 1))

    def gradient(self, coef):
        return coef / np.sqrt(1 + (coef / self.delta) ** 2)


@dataclass(kw_only=True)
class ToyProximalGradient(Solver):
    """Full-batch gradient steps, then the penalty's proximal step."""

    name = "toy_proximal_gradient"
    nonsmooth_penalty = "prox"
    test_settings = {"learning_rate_init": 1.0, "max_iter": 5000, "tol": 1e-12}

    learning_rate_init: float = 0.1

    def minimize(self, objective, X, y, sample_weight, run):
        params, previous = objective.network.params, np.inf
        for _ in range(self.max_iter):
            value = objective.value_and_gradient(X, y, sample_weight, epoch=run.epoch)
            params -= self.learning_rate_init * objective.network.grad
            objective.prox(self.learning_rate_init)
            run.epoch_done(value)
            if 0 <= previous - value < self.tol:
                run.result.converged = True
                return
            previous = value


def toy_calibration_in_the_large_error(
    y_true, y_prob, *, sample_weight=None, labels=None
):
    """|weighted mean of p - weighted mean of y|, for two classes."""
    y_prob = check_array(y_prob, ensure_2d=False, input_name="y_prob")
    if y_prob.min(initial=0) < 0 or y_prob.max(initial=1) > 1:
        raise ValueError("y_prob must hold probabilities in [0, 1].")
    if y_prob.ndim == 2:
        if y_prob.shape[1] != 2:
            raise ValueError(f"y_prob must have 2 columns; got {y_prob.shape[1]}.")
        y_prob = y_prob[:, 1]
    labels = np.unique(y_true) if labels is None else np.asarray(labels)
    if len(labels) > 2:
        raise ValueError(f"y_true must have 2 classes; got labels {labels}.")
    y = (np.asarray(y_true) == labels[-1]).astype(float)
    if sample_weight is None:
        sample_weight = np.ones_like(y)
    sample_weight = check_array(
        sample_weight, ensure_2d=False, input_name="sample_weight"
    )
    if len(y) != len(y_prob) or len(sample_weight) != len(y):
        raise ValueError(
            f"y_true, y_prob and sample_weight must have the same length; got "
            f"{len(y)}, {len(y_prob)} and {len(sample_weight)}."
        )
    if (sample_weight < 0).any():
        raise ValueError("sample_weight must be non-negative.")
    return float(abs(np.average(y_prob - y, weights=sample_weight)))


def register():
    LOSSES["toy_scaled_logistic"] = ToyScaledLogistic
    LOSSES["toy_broken_gradient"] = ToyBrokenGradient
    PENALTIES["toy_pseudo_huber"] = ToyPseudoHuber
    SOLVERS["toy_proximal_gradient"] = ToyProximalGradient
    METRICS["neg_toy_calibration_in_the_large_error"] = MetricSpec(
        toy_calibration_in_the_large_error, binary_only=True
    )


def pytest_configure(config):
    register()
'''

# the batteries each kind of part must reach, by test file
BATTERIES = {
    "ToyScaledLogistic": ["test_losses.py"],
    "toy_scaled_logistic": ["test_estimator_checks.py", "test_network.py"],
    "ToyPseudoHuber": ["test_penalties.py"],
    "toy_pseudo_huber": ["test_penalties.py"],
    "toy_proximal_gradient": ["test_solvers.py"],
    "neg_toy_calibration_in_the_large_error": [
        "test_metrics_battery.py",
        "test_metrics_scorers.py",
    ],
}


def _results(junit):
    """``(file, test id, outcome)`` of every test case in a JUnit XML report."""
    for case in ET.parse(junit).getroot().iter("testcase"):
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error"):
                outcome = "failed"
            elif child.tag == "skipped":
                outcome = "skipped"
        module = case.get("classname", "").split(".")[-1] + ".py"
        yield module, case.get("name", ""), outcome


def test_a_part_of_each_kind_passes_the_batteries_unedited(tmp_path):
    (tmp_path / "toy_parts.py").write_text(TOY_PARTS, encoding="utf-8")
    junit = tmp_path / "junit.xml"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "toy_parts",
            "-k",
            "toy or Toy",
            f"--ignore={Path(__file__).resolve()}",
            f"--junitxml={junit}",
            str(TESTS),
        ],
        cwd=TESTS.parent,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    results = list(_results(junit))
    broken = [r for r in results if "broken" in r[1].lower()]
    sound = [r for r in results if "broken" not in r[1].lower()]
    failed = [
        f"{module}::{name}" for module, name, outcome in sound if outcome == "failed"
    ]
    assert failed == [], done.stdout[-3000:]
    for toy, files in BATTERIES.items():
        ran = Counter(
            m for m, name, outcome in sound if toy in name and outcome == "passed"
        )
        for file in files:
            assert ran[file] > 0, f"{toy} never ran in {file}"
    # the wrong gradient is caught by the finite-difference battery
    caught = [name for module, name, outcome in broken if outcome == "failed"]
    assert any("gradient" in name for name in caught), caught
