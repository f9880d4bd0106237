"""Time our calibration metrics next to scikit-learn's on large arrays.

Goals (issue 15): at n = 1e7 with 10 classes, the top-label ECE at least 2x
faster than ``sklearn.calibration.calibration_curve`` plus the ECE arithmetic,
and ``brier_score_loss`` at least 2x faster than scikit-learn's (multiclass
form); binary, the ECE at least 3x faster than ``calibration_curve``.

Run: python benchmarks/bench_metrics.py [--n 1e6 1e7] [--repeat 5] [--n-bins 15]

All cases of one problem run in one process, interleaved (case A, B, C, A,
B, C, ...), and each time is the median of ``--repeat`` runs. The values are
checked to agree before timing. These metrics are not BLAS-bound (no matrix
product), so the BLAS thread setting is not varied. torchmetrics' ECE is not
timed when torchmetrics is not installed.
"""

import argparse
import importlib.util
import os
import time

import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss as sklearn_brier_score_loss

from sklearn_losses.metrics import brier_score_loss, expected_calibration_error


def median_times(cases, repeat):
    """Median seconds of each case, the cases run interleaved ``repeat`` times."""
    times = {name: [] for name in cases}
    for _ in range(repeat):
        for name, func in cases.items():
            start = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - start)
    return {name: float(np.median(t)) for name, t in times.items()}


def sklearn_ece(y_true, y_prob, n_bins):
    """ECE from ``calibration_curve`` (top label when 2-D) and bin counts."""
    if y_prob.ndim == 2:
        pred = np.argmax(y_prob, axis=1)
        conf = y_prob[np.arange(len(pred)), pred]
        y_true = pred == y_true
    else:
        conf = y_prob
    prob_true, prob_pred = calibration_curve(y_true, conf, n_bins=n_bins)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    counts = np.bincount(np.searchsorted(edges[1:-1], conf), minlength=n_bins)
    counts = counts[counts > 0]
    return float(np.sum(counts * np.abs(prob_true - prob_pred)) / len(conf))


def make_data(n, n_classes, seed=0):
    rng = np.random.default_rng(seed)
    if n_classes == 2:
        y_prob = rng.uniform(size=n)
        return (rng.uniform(size=n) < y_prob).astype(np.int64), y_prob
    y_prob = np.exp(2.0 * rng.standard_normal((n, n_classes)))
    y_prob /= y_prob.sum(axis=1, keepdims=True)
    cum = np.cumsum(y_prob, axis=1)
    y_true = (rng.uniform(size=(n, 1)) > cum[:, :-1]).sum(axis=1)
    return y_true, y_prob


def make_cases(y_true, y_prob, n_bins):
    labels = np.arange(2 if y_prob.ndim == 1 else y_prob.shape[1])
    cases = {
        "sklearn calibration_curve + ECE arithmetic": lambda: sklearn_ece(
            y_true, y_prob, n_bins
        ),
        "ours expected_calibration_error": lambda: expected_calibration_error(
            y_true, y_prob, n_bins=n_bins
        ),
        "ours expected_calibration_error(labels=)": lambda: expected_calibration_error(
            y_true, y_prob, n_bins=n_bins, labels=labels
        ),
        "sklearn brier_score_loss": lambda: sklearn_brier_score_loss(y_true, y_prob),
        "ours brier_score_loss": lambda: brier_score_loss(y_true, y_prob),
        "ours brier_score_loss(labels=)": lambda: brier_score_loss(
            y_true, y_prob, labels=labels
        ),
    }
    if y_prob.ndim == 1:
        cases["sklearn calibration_curve alone"] = lambda: calibration_curve(
            y_true, y_prob, n_bins=n_bins
        )
    if importlib.util.find_spec("torchmetrics") is not None:
        cases["torchmetrics ECE"] = torchmetrics_ece(y_true, y_prob, n_bins)
    return cases


def torchmetrics_ece(y_true, y_prob, n_bins):
    """torchmetrics' L1 ECE (top label for multiclass) on the same arrays."""
    import torch
    from torchmetrics.functional.classification import (
        binary_calibration_error,
        multiclass_calibration_error,
    )

    # tensors that share the arrays' memory: only the metric is timed
    preds, target = torch.from_numpy(y_prob), torch.from_numpy(y_true)
    if y_prob.ndim == 1:
        return lambda: float(binary_calibration_error(preds, target, n_bins=n_bins))
    n_classes = y_prob.shape[1]
    return lambda: float(
        multiclass_calibration_error(
            preds, target, num_classes=n_classes, n_bins=n_bins
        )
    )


def check_values(cases):
    ece = [cases[k]() for k in cases if "calibration_error" in k]
    ece_ref = cases["sklearn calibration_curve + ECE arithmetic"]()
    brier = [cases[k]() for k in cases if k.startswith("ours brier")]
    brier_ref = cases["sklearn brier_score_loss"]()
    diff_ece = max(abs(v - ece_ref) for v in ece)
    diff_brier = max(abs(v - brier_ref) for v in brier)
    print(f"values: |ECE - ref| <= {diff_ece:.2e}, |Brier - ref| <= {diff_brier:.2e}")
    if "torchmetrics ECE" in cases:
        # torchmetrics bins in float32 on its own edges: close, not equal
        print(f"torchmetrics ECE - ref: {cases['torchmetrics ECE']() - ece_ref:+.2e}")


def report(times):
    ece_ref = times["sklearn calibration_curve + ECE arithmetic"]
    brier_ref = times["sklearn brier_score_loss"]
    print(f"{'function':46s} {'seconds':>8s} {'speed-up':>9s}")
    for name, seconds in times.items():
        ref = brier_ref if "brier" in name else ece_ref
        print(f"{name:46s} {seconds:8.3f} {ref / seconds:8.2f}x")
    if "torchmetrics ECE" in times:
        ratio = times["torchmetrics ECE"] / times["ours expected_calibration_error"]
        print(f"ECE vs torchmetrics: {ratio:.2f}x (goal >= 1x)")
    if "sklearn calibration_curve alone" in times:
        alone = times["sklearn calibration_curve alone"]
        ratio = alone / times["ours expected_calibration_error"]
        print(f"ECE vs calibration_curve alone: {ratio:.2f}x (goal >= 3x)")


def run(n, n_classes, n_bins, repeat):
    y_true, y_prob = make_data(n, n_classes)
    kind = "binary" if n_classes == 2 else f"{n_classes} classes"
    print(f"\nn = {n:,}, {kind} (n_bins = {n_bins}, median of {repeat} interleaved)")
    cases = make_cases(y_true, y_prob, n_bins)
    check_values(cases)
    times = median_times(cases, repeat)
    report(times)
    return times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--n", type=float, nargs="+", default=[1e6, 1e7], help="sample sizes"
    )
    parser.add_argument(
        "--classes", type=int, nargs="+", default=[10, 2], help="numbers of classes"
    )
    parser.add_argument("--n-bins", type=int, default=15, help="number of bins")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing")
    args = parser.parse_args(argv)
    print(f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE')!r}")
    if importlib.util.find_spec("torchmetrics") is None:
        print("torchmetrics is not installed: its ECE column is skipped.")
    for n in args.n:
        for n_classes in args.classes:
            run(int(n), n_classes, args.n_bins, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
