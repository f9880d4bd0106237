"""Early stopping at scale: LogisticMLPClassifier against MLPClassifier.

Each fit runs in a fresh Python process, so that one fit's memory cannot hide
in another's. The process builds the data block by block (no temporary as
large as the data), resets the peak resident set size (``/proc/self/clear_refs``;
on kernels that refuse it, the peak after building the data is the baseline),
reads ``VmHWM`` from ``/proc/self/status``, fits with ``early_stopping=True``,
and reads ``VmHWM`` again: the difference is the peak memory the fit needs
beyond the data (numpy, BLAS and Python allocations alike). The fit time is
wall time. Both estimators train the same network with Adam for a fixed
number of epochs (``n_iter_no_change`` larger than ``max_iter``), so the
times compare the same work. Prints the BLAS thread pools (threadpoolctl) of
a child, the time of the split alone, and the ratios ours / MLPClassifier.
Linux only (``/proc``).

Run::

    python benchmarks/bench_early_stopping.py                  # 300,000 x 100
    python benchmarks/bench_early_stopping.py --n-samples 300000 400000
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
import warnings

import numpy as np

ESTIMATORS = ("MLPClassifier", "LogisticMLPClassifier")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-samples", type=int, nargs="+", default=[300_000])
    parser.add_argument("--n-features", type=int, default=100)
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3, help="fits per setting")
    parser.add_argument(
        "--duplicates",
        type=float,
        default=0.0,
        help="fraction of rows that repeat another row (tests the grouping)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def peak_rss():
    """The peak resident set size of this process (VmHWM), in bytes."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def reset_peak_rss():
    """Reset VmHWM to the current size; False where the kernel refuses."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


def make_data(n_samples, n_features, duplicates, seed=0, block=10_000):
    """Three classes from a noisy linear rule, built block by block in place."""
    rng = np.random.default_rng(seed)
    X = np.empty((n_samples, n_features))
    y = np.empty(n_samples, dtype=np.int64)
    W = rng.standard_normal((n_features, 3))
    for start in range(0, n_samples, block):
        rows = slice(start, min(start + block, n_samples))
        rng.standard_normal(out=X[rows])
        y[rows] = np.argmax(X[rows] @ W + rng.standard_normal((len(y[rows]), 3)), 1)
    n_dup = int(duplicates * n_samples)
    if n_dup:  # copy rows (and their classes) over others, in place
        source = rng.choice(n_samples - n_dup, n_dup)
        X[n_samples - n_dup :] = X[source]
        y[n_samples - n_dup :] = y[source]
    return X, y


def child(spec):
    """Fit once as the parent asked; print the measurements as JSON."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    from threadpoolctl import threadpool_info

    from sklearn_losses import LogisticMLPClassifier
    from sklearn_losses.solvers._split import validation_split

    X, y = make_data(spec["n"], spec["p"], spec["duplicates"])
    params = dict(
        hidden_layer_sizes=(spec["hidden"],),
        solver="adam",
        early_stopping=True,
        max_iter=spec["epochs"],
        n_iter_no_change=spec["epochs"] + 1,
        random_state=0,
    )
    estimator = {"MLPClassifier": MLPClassifier, "split": None}.get(
        spec["estimator"], LogisticMLPClassifier
    )
    reset = reset_peak_rss()
    before = peak_rss()
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        if estimator is None:  # the split alone, as the solver calls it
            validation_split(X, y, None, 0.1, np.random.RandomState(0))
        else:
            estimator(**params).fit(X, y)
    seconds = time.perf_counter() - start
    extra = peak_rss() - before
    blas = [
        {k: i[k] for k in ("internal_api", "num_threads", "version")}
        for i in threadpool_info()
    ]
    print(json.dumps(dict(seconds=seconds, extra=extra, reset=reset, blas=blas)))


def run_child(estimator, n, args):
    spec = dict(
        estimator=estimator,
        n=n,
        p=args.n_features,
        hidden=args.hidden,
        epochs=args.epochs,
        duplicates=args.duplicates,
    )
    out = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(spec)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.splitlines()[-1])


def main(argv=None):
    args = parse_args(argv)
    if args.child:
        child(json.loads(args.child))
        return
    print(
        f"{args.n_features} features, 3 classes, hidden ({args.hidden},), adam, "
        f"{args.epochs} epochs, early_stopping=True (validation_fraction=0.1), "
        f"{args.duplicates:.0%} repeated rows; medians of {args.repeat} fits, "
        "each in a fresh process"
    )
    blas_shown = False
    for n in args.n_samples:
        data_mb = n * args.n_features * 8 / 2**20
        print(f"\n{n:,} x {args.n_features} ({data_mb:.0f} MB of float64 data)")
        medians = {}
        for name in (*ESTIMATORS, "split"):
            # interleaved would be fairer, but each run is a fresh process
            runs = [run_child(name, n, args) for _ in range(args.repeat)]
            if not blas_shown:
                print(f"BLAS (threadpoolctl, at default): {runs[0]['blas']}")
                if not runs[0]["reset"]:
                    print("VmHWM could not be reset: baseline = peak after data")
                blas_shown = True
            medians[name] = (
                statistics.median(r["extra"] for r in runs) / 2**20,
                statistics.median(r["seconds"] for r in runs),
            )
            label = "the split alone" if name == "split" else name
            mb, s = medians[name]
            print(f"  {label:<22} peak extra memory {mb:8.0f} MB   time {s:6.2f} s")
        (mb_ref, s_ref), (mb, s) = medians[ESTIMATORS[0]], medians[ESTIMATORS[1]]
        print(
            f"  ratio ours / MLPClassifier: memory {mb / mb_ref:.2f}, "
            f"time {s / s_ref:.2f}"
        )


if __name__ == "__main__":
    main()
