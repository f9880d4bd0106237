"""LogisticMLPClassifier against scikit-learn's MLPClassifier, side by side.

Both fit the same data with the same architecture and optimizer, with the BLAS
thread pool at its default and limited to one thread (threadpoolctl), in
interleaved runs of one process. Prints median fit times, the ratio to
MLPClassifier's better setting, the validation log losses, and the fraction
of single-core float64 GEMM peak the fit reaches (the peak measured in the
same run with a large numpy matmul). Also fits LogisticMLPClassifier with
``dtype=np.float32`` on the same float64 data (training in single
precision, opted in), and notes OPENBLAS_CORETYPE when it is set. When
torch is installed, the same network, loss and Adam in torch (float64 and
float32, torch's threads at its default and at one) are timed too.

Run::

    python benchmarks/bench_classifier.py            # (64, 64) and (256, 256)
    python benchmarks/bench_classifier.py --hidden 64,64 --n-samples 20000
"""

import argparse
import contextlib
import importlib.util
import os
import time
import warnings

import numpy as np
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import log_loss
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from threadpoolctl import threadpool_info

from sklearn_losses import LogisticMLPClassifier
from sklearn_losses._threads import single_blas_thread


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-samples", type=int, default=125_000)
    parser.add_argument("--n-features", type=int, default=50)
    parser.add_argument("--n-informative", type=int, default=20)
    parser.add_argument(
        "--hidden",
        nargs="+",
        default=["64,64", "256,256"],
        help="architectures, comma-separated hidden layer sizes",
    )
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3, help="runs per setting")
    parser.add_argument("--random-state", type=int, default=0)
    return parser.parse_args(argv)


def gemm_peak(n=2000, repeat=3):
    """Single-core float64 GEMM speed (flop/s) of a large numpy matmul."""
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((n, n)), rng.standard_normal((n, n))
    out = np.empty((n, n))
    with single_blas_thread():
        np.matmul(a, b, out=out)  # warm up
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            np.matmul(a, b, out=out)
            times.append(time.perf_counter() - start)
    return 2 * n**3 / min(times)


def fit_flops(layer_sizes, n_samples, epochs):
    """GEMM flops of minibatch training: forward, weight gradients, deltas."""
    products = [a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:], strict=True)]
    per_sample = 2 * (2 * sum(products) + sum(products[1:]))
    return per_sample * n_samples * epochs


class TorchMLP:
    """The same network in torch: ReLU layers, one logit, BCE, Adam, batches.

    ``threads`` is torch's intra-op thread count while fitting (None: its
    default); torch's matrix products do not go through numpy's BLAS.
    """

    def __init__(self, hidden, args, dtype):
        self.hidden, self.args, self.dtype = hidden, args, dtype
        self.threads = None

    def fit(self, X, y):
        import torch

        torch.manual_seed(self.args.random_state)
        dtype = getattr(torch, np.dtype(self.dtype).name)
        sizes = [X.shape[1], *self.hidden]
        layers = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
            layers += [torch.nn.Linear(fan_in, fan_out), torch.nn.ReLU()]
        self.model_ = torch.nn.Sequential(*layers, torch.nn.Linear(sizes[-1], 1))
        self.model_.to(dtype)
        optimizer = torch.optim.Adam(self.model_.parameters(), lr=1e-3)
        loss = torch.nn.BCEWithLogitsLoss()
        X_t = torch.from_numpy(np.ascontiguousarray(X, dtype=self.dtype))
        y_t = torch.from_numpy(y.astype(self.dtype))
        before = torch.get_num_threads()
        torch.set_num_threads(self.threads or before)
        try:
            for _ in range(self.args.epochs):
                for batch in torch.randperm(len(X_t)).split(self.args.batch_size):
                    optimizer.zero_grad()
                    loss(self.model_(X_t[batch])[:, 0], y_t[batch]).backward()
                    optimizer.step()
        finally:
            torch.set_num_threads(before)
        return self

    def predict_proba(self, X):
        import torch

        with torch.no_grad():
            logit = self.model_(torch.from_numpy(X.astype(self.dtype)))[:, 0]
            p = torch.sigmoid(logit).numpy().astype(np.float64)
        return np.column_stack([1 - p, p])


def make_models(hidden, args):
    common = dict(
        hidden_layer_sizes=hidden,
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
        "Logistic..(dtype=float32)": lambda: LogisticMLPClassifier(
            **common, dtype=np.float32
        ),
        **(
            {
                "torch float64": lambda: TorchMLP(hidden, args, np.float64),
                "torch float32": lambda: TorchMLP(hidden, args, np.float32),
            }
            if importlib.util.find_spec("torch")
            else {}
        ),
    }


def time_fit(make, X, y, X_val, y_val, threads):
    # one thread through the package's shared limit: OpenBLAS heeds the limits
    # of the first thread that set them, so a threadpool_limits call here
    # would make the fits' own one-thread limit ignored in this process
    limit = single_blas_thread() if threads == 1 else contextlib.nullcontext()
    model = make()
    if isinstance(model, TorchMLP):
        model.threads = None if threads == "default" else threads
    with limit, warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.perf_counter()
        model.fit(X, y)
        elapsed = time.perf_counter() - start
    return elapsed, log_loss(y_val, model.predict_proba(X_val))


def run_architecture(hidden, data, args):
    """Interleaved runs of every model and thread setting; median results."""
    X_train, X_val, y_train, y_val = data
    results = {}
    for _ in range(args.repeat):
        for name, make in make_models(hidden, args).items():
            for threads in ("default", 1):
                seconds, val_loss = time_fit(
                    make, X_train, y_train, X_val, y_val, threads
                )
                results.setdefault((name, threads), []).append((seconds, val_loss))
    return {
        key: (np.median([r[0] for r in runs]), np.mean([r[1] for r in runs]))
        for key, runs in results.items()
    }


def report(hidden, results, peak, args, n_train):
    flops = fit_flops([args.n_features, *hidden, 1], n_train, args.epochs)
    print(f"\nhidden {hidden}, batch {args.batch_size}: median fit time (s)")
    for (name, threads), (seconds, val_loss) in results.items():
        print(
            f"  {name:24s} threads={threads!s:8s} {seconds:7.3f}   "
            f"validation log loss {val_loss:.5f}   "
            f"{flops / seconds / peak:5.1%} of 1-core GEMM peak"
        )
    mlp_best = min(results[("MLPClassifier", t)][0] for t in ("default", 1))
    mlp_loss = results[("MLPClassifier", 1)][1]
    for name in ("LogisticMLPClassifier", "Logistic..(dtype=float32)"):
        seconds, val_loss = results[(name, "default")]
        print(
            f"  {name} (default threads: the fit chooses) vs MLPClassifier's "
            f"better setting: {mlp_best / seconds:.2f}x faster; validation "
            f"log loss difference {val_loss - mlp_loss:+.5f}"
        )
    for dtype, ours in (
        ("float64", "LogisticMLPClassifier"),
        ("float32", "Logistic..(dtype=float32)"),
    ):
        torch_runs = [results[k][0] for k in results if k[0] == f"torch {dtype}"]
        if torch_runs:
            print(
                f"  {ours} vs torch {dtype}'s better thread setting: "
                f"{min(torch_runs) / results[(ours, 'default')][0]:.2f}x faster"
            )


def _torch_version():
    if importlib.util.find_spec("torch") is None:
        return None
    import torch

    return torch.__version__


def main(argv=None):
    args = parse_args(argv)
    X, y = make_classification(
        n_samples=args.n_samples,
        n_features=args.n_features,
        n_informative=args.n_informative,
        random_state=args.random_state,
    )
    data = train_test_split(X, y, test_size=0.2, random_state=args.random_state)
    blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
    default_threads = max(i["num_threads"] for i in blas) if blas else "?"
    peak = gemm_peak()
    coretype = os.environ.get("OPENBLAS_CORETYPE")
    print(
        f"{data[0].shape[0]} training samples, {args.n_features} features, adam, "
        f"{args.epochs} epochs, {args.repeat} interleaved runs; BLAS default "
        f"threads: {default_threads}; OPENBLAS_CORETYPE="
        f"{coretype or '(not set)'}; 1-core float64 GEMM peak "
        f"{peak / 1e9:.1f} GFLOP/s; torch: "
        f"{_torch_version() or 'not installed, not compared'}"
    )
    for spec in args.hidden:
        hidden = tuple(int(s) for s in spec.split(",") if s)
        results = run_architecture(hidden, data, args)
        report(hidden, results, peak, args, data[0].shape[0])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
