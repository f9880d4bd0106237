"""LogisticMLPClassifier against scikit-learn's MLPClassifier, side by side.

Both fit the same data with the same architecture and optimizer, with the BLAS
thread pool at its default and limited to one thread (threadpoolctl). Prints
fit times, the ratio to MLPClassifier's better setting, and both validation
log losses.

Run::

    python benchmarks/bench_classifier.py            # the full benchmark
    python benchmarks/bench_classifier.py --n-samples 20000 --repeat 1
"""

import argparse
import time
import warnings

import numpy as np
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import log_loss
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from threadpoolctl import threadpool_info, threadpool_limits

from sklearn_losses import LogisticMLPClassifier


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-samples", type=int, default=200_000)
    parser.add_argument("--n-features", type=int, default=50)
    parser.add_argument("--n-informative", type=int, default=20)
    parser.add_argument("--hidden", type=int, nargs="*", default=[64, 64])
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=2, help="runs per setting")
    parser.add_argument("--random-state", type=int, default=0)
    return parser.parse_args(argv)


def make_models(args):
    common = dict(
        hidden_layer_sizes=tuple(args.hidden),
        solver="adam",
        alpha=0.0,
        batch_size=args.batch_size,
        learning_rate_init=1e-3,
        max_iter=args.epochs,
        tol=0.0,
        n_iter_no_change=np.inf,
        random_state=args.random_state,
    )
    return {
        "MLPClassifier": lambda: MLPClassifier(**common),
        "LogisticMLPClassifier": lambda: LogisticMLPClassifier(**common),
    }


def time_fit(make, X, y, X_val, y_val, threads):
    limit = threadpool_limits(1, user_api="blas") if threads == 1 else None
    try:
        model = make()
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(X, y)
        elapsed = time.perf_counter() - start
    finally:
        if limit is not None:
            limit.restore_original_limits()
    return elapsed, log_loss(y_val, model.predict_proba(X_val))


def main(argv=None):
    args = parse_args(argv)
    X, y = make_classification(
        n_samples=args.n_samples,
        n_features=args.n_features,
        n_informative=args.n_informative,
        random_state=args.random_state,
    )
    X_train, X_val, y_train, y_val = train_test_split(
        X, y, test_size=0.2, random_state=args.random_state
    )
    blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
    default_threads = max(i["num_threads"] for i in blas) if blas else "?"
    print(
        f"{X_train.shape[0]} training samples, {args.n_features} features, "
        f"hidden {tuple(args.hidden)}, adam, batch {args.batch_size}, "
        f"{args.epochs} epochs; BLAS default threads: {default_threads}"
    )
    results = {}
    for run in range(args.repeat):
        for name, make in make_models(args).items():
            for threads in ("default", 1):
                seconds, val_loss = time_fit(
                    make, X_train, y_train, X_val, y_val, threads
                )
                results.setdefault((name, threads), []).append((seconds, val_loss))
                print(
                    f"run {run + 1}  {name:22s} threads={threads!s:8s} "
                    f"fit {seconds:7.2f} s   validation log loss {val_loss:.5f}"
                )
    best = {key: min(v[0] for v in runs) for key, runs in results.items()}
    mlp_best = min(best[("MLPClassifier", t)] for t in ("default", 1))
    ours_default = best[("LogisticMLPClassifier", "default")]
    print("\nbest time per setting (s):")
    for (name, threads), seconds in best.items():
        print(f"  {name:22s} threads={threads!s:8s} {seconds:7.2f}")
    print(
        f"speed-up of LogisticMLPClassifier (default threads: fit chooses) over "
        f"MLPClassifier's better setting: {mlp_best / ours_default:.2f}x"
    )
    mlp_loss = np.mean(
        [v[1] for k, r in results.items() if k[0] == "MLPClassifier" for v in r]
    )
    ours_loss = np.mean(
        [v[1] for k, r in results.items() if k[0] == "LogisticMLPClassifier" for v in r]
    )
    print(
        f"validation log loss: MLPClassifier {mlp_loss:.5f}, "
        f"LogisticMLPClassifier {ours_loss:.5f} "
        f"(difference {ours_loss - mlp_loss:+.5f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
