"""Where the same ``alpha`` means the same as in MLPClassifier, and where not.

``LogisticMLPClassifier`` minimizes ``mean loss + alpha / (2 n) |W|^2`` (L2)
whatever the solver and batch size. ``MLPClassifier`` adds
``alpha / (2 m) |W|^2`` to the mean loss of each batch of ``m`` rows
(scikit-learn issue #6780): with ``lbfgs`` (``m = n``) the objectives are
the same, with ``adam`` or ``sgd`` at ``batch_size=m`` its penalty is
``n / m`` times ours, and ``alpha_ours = alpha_mlp * n / batch_size`` gives
its objective.

On one fixed problem (standardized ``make_classification``, hidden (16,),
``random_state=0``, each estimator from its own initial weights) the script
fits both estimators with lbfgs and with adam at batch sizes 200 and ``n``,
plus ours at the converted alpha, and prints the norm of all the weights
(``sqrt(sum |W_l|^2)``), ``loss_`` (each estimator's own objective) and the
training log loss. Fits stopped by ``max_iter`` are marked ``*``.

Run::

    python benchmarks/bench_alpha_convention.py
    python benchmarks/bench_alpha_convention.py --alpha 0.1 --n-samples 2000
"""

import argparse
import warnings

import numpy as np
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import log_loss
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from sklearn_losses import LogisticMLPClassifier


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-samples", type=int, default=4000)
    parser.add_argument("--n-features", type=int, default=20)
    parser.add_argument("--alpha", type=float, default=1.0)
    parser.add_argument("--hidden", type=int, default=16)
    parser.add_argument("--max-iter", type=int, default=2000)
    parser.add_argument("--learning-rate-init", type=float, default=1e-2)
    parser.add_argument("--tol", type=float, default=1e-6)
    parser.add_argument("--random-state", type=int, default=0)
    return parser.parse_args(argv)


def weight_norm(clf):
    """Norm of all the weight matrices together (the intercepts are free)."""
    return float(np.sqrt(sum(np.sum(c**2) for c in clf.coefs_)))


def fits(n, args):
    """(label, estimator class, params) of each fit of the table."""
    common = dict(
        hidden_layer_sizes=(args.hidden,),
        max_iter=args.max_iter,
        random_state=args.random_state,
    )
    adam = dict(solver="adam", learning_rate_init=args.learning_rate_init, tol=args.tol)
    a = args.alpha
    rows = [("lbfgs", dict(solver="lbfgs", tol=1e-8), a, a)]
    for m in (200, n):
        rows.append((f"adam, batch {m}", dict(adam, batch_size=m), a, a))
    rows.append(
        (f"adam, batch 200, ours at alpha * n / 200 = {a * n / 200:g}",)
        + (dict(adam, batch_size=200), None, a * n / 200)
    )
    return [(label, {**common, **p}, a_mlp, a_ours) for label, p, a_mlp, a_ours in rows]


def fit(estimator, X, y):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        estimator.fit(X, y)
    stopped = any(issubclass(w.category, ConvergenceWarning) for w in caught)
    train = log_loss(y, estimator.predict_proba(X))
    mark = "*" if stopped else " "
    return f"{weight_norm(estimator):7.3f}{mark} {estimator.loss_:8.4f} {train:8.4f}"


def main(argv=None):
    args = parse_args(argv)
    X, y = make_classification(
        n_samples=args.n_samples,
        n_features=args.n_features,
        n_informative=10,
        random_state=args.random_state,
    )
    X = StandardScaler().fit_transform(X)
    n = len(y)
    print(
        f"{n} x {args.n_features}, 2 classes, hidden ({args.hidden},), "
        f"alpha_mlp = {args.alpha:g}, max_iter {args.max_iter}, adam "
        f"learning_rate_init {args.learning_rate_init:g}, tol {args.tol:g} "
        "(lbfgs: 1e-8)\n"
    )
    header = f"{'norm':>8} {'loss_':>8} {'train':>8}"
    print(f"{'fit':<44} {'MLPClassifier':<26} LogisticMLPClassifier")
    print(f"{'':<44} {header}   {header}")
    for label, params, a_mlp, a_ours in fits(n, args):
        theirs = (
            "" if a_mlp is None else fit(MLPClassifier(alpha=a_mlp, **params), X, y)
        )
        ours = fit(LogisticMLPClassifier(alpha=a_ours, **params), X, y)
        print(f"{label:<44} {theirs:<26}   {ours}")


if __name__ == "__main__":
    main()
