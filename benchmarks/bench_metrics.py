"""Time our calibration metrics next to scikit-learn's on large arrays.

The goal: ``expected_calibration_error`` at least 2x faster than
``sklearn.calibration.calibration_curve`` alone on the same data.

Run: python benchmarks/bench_metrics.py [--n 1e6 1e7] [--repeat 3] [--n-bins 15]
Each timing is the best of ``--repeat`` runs (the least disturbed by other
processes on a shared machine).
"""

import argparse
import time

import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss as sklearn_brier_score_loss
from sklearn.metrics import log_loss

from sklearn_losses.metrics import (
    brier_score_loss,
    expected_calibration_error,
    smooth_expected_calibration_error,
)


def best_time(func, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def run(n, n_bins, repeat, seed=0):
    rng = np.random.default_rng(seed)
    y_prob = rng.uniform(size=n)
    y_true = (rng.uniform(size=n) < y_prob).astype(np.int64)
    cases = {
        "calibration_curve (uniform)": lambda: calibration_curve(
            y_true, y_prob, n_bins=n_bins
        ),
        "expected_calibration_error (uniform)": lambda: expected_calibration_error(
            y_true, y_prob, n_bins=n_bins
        ),
        "calibration_curve (quantile)": lambda: calibration_curve(
            y_true, y_prob, n_bins=n_bins, strategy="quantile"
        ),
        "expected_calibration_error (quantile)": lambda: expected_calibration_error(
            y_true, y_prob, n_bins=n_bins, strategy="quantile"
        ),
        "sklearn log_loss": lambda: log_loss(y_true, y_prob),
        "sklearn brier_score_loss": lambda: sklearn_brier_score_loss(y_true, y_prob),
        "brier_score_loss": lambda: brier_score_loss(y_true, y_prob),
        "smooth_expected_calibration_error": lambda: smooth_expected_calibration_error(
            y_true, y_prob
        ),
    }
    times = {name: best_time(func, repeat) for name, func in cases.items()}
    reference = times["calibration_curve (uniform)"]
    print(f"\nn = {n:,}  (n_bins = {n_bins}, best of {repeat})")
    print(f"{'function':40s} {'seconds':>9s} {'calibration_curve / this':>25s}")
    for name, seconds in times.items():
        print(f"{name:40s} {seconds:9.3f} {reference / seconds:25.2f}")
    ratio_u = (
        times["calibration_curve (uniform)"]
        / times["expected_calibration_error (uniform)"]
    )
    ratio_q = (
        times["calibration_curve (quantile)"]
        / times["expected_calibration_error (quantile)"]
    )
    print(
        f"ECE speed-up over calibration_curve: uniform {ratio_u:.2f}x, "
        f"quantile {ratio_q:.2f}x (goal >= 2x)"
    )
    return times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--n",
        type=float,
        nargs="+",
        default=[1e6, 1e7],
        help="sample sizes (default: 1e6 1e7)",
    )
    parser.add_argument("--n-bins", type=int, default=15, help="number of bins")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing")
    args = parser.parse_args(argv)
    for n in args.n:
        run(int(n), args.n_bins, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
