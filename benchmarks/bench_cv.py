"""LogisticMLPClassifierCV against GridSearchCV over the same alphas and folds.

Both search ``alpha`` of ``LogisticMLPClassifier`` over the same grid (20
alphas, ``np.logspace(-4, 4, 20)``) and the same 5 stratified folds, scored
with ``neg_log_loss``, on breast cancer and digits (standardized), without a
hidden layer (L-BFGS) and with one (32 units, Adam). ``GridSearchCV`` fits
every (alpha, fold) from scratch; ``LogisticMLPClassifierCV`` fits one
warm-started path per fold. Both refit at their alpha on all the data, both
run in one process (``n_jobs=None``), side by side, with the BLAS threads
left to the fits (which keep small products on one thread) and limited to
one.

For each case it prints both times and their ratio, the alpha each chose,
and the fold noise: the standard error over the folds of GridSearchCV's score
at its alpha, with the gap between the two chosen alphas' scores (by
GridSearchCV's own table) in units of it.

Run::

    python benchmarks/bench_cv.py
    python benchmarks/bench_cv.py --threads 1 --datasets digits
"""

import argparse
import time
import warnings
from contextlib import nullcontext

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.preprocessing import StandardScaler

from sklearn_losses import LogisticMLPClassifier, LogisticMLPClassifierCV
from sklearn_losses._threads import single_blas_thread

DATASETS = {"breast_cancer": load_breast_cancer, "digits": load_digits}
MODELS = {
    "no hidden layer (lbfgs)": dict(hidden_layer_sizes=()),
    "hidden (32,) (adam)": dict(hidden_layer_sizes=(32,), random_state=0),
}
ALPHAS = np.logspace(-4, 4, 20)


def _timed(fit):
    start = time.perf_counter()
    fitted = fit()
    return fitted, time.perf_counter() - start


def _compare(X, y, params, cv):
    grid, grid_time = _timed(
        lambda: GridSearchCV(
            LogisticMLPClassifier(**params),
            {"alpha": ALPHAS},
            cv=cv,
            scoring="neg_log_loss",
        ).fit(X, y)
    )
    ours, ours_time = _timed(
        lambda: LogisticMLPClassifierCV(
            alphas=ALPHAS, cv=cv, scoring="neg_log_loss", **params
        ).fit(X, y)
    )
    table = grid.cv_results_
    best = grid.best_index_
    noise = table["std_test_score"][best] / np.sqrt(cv.get_n_splits())
    ours_index = int(np.flatnonzero(np.isclose(ALPHAS, ours.alpha_))[0])
    gap = table["mean_test_score"][best] - table["mean_test_score"][ours_index]
    return {
        "grid_s": grid_time,
        "cv_s": ours_time,
        "ratio": grid_time / ours_time,
        "grid_alpha": grid.best_params_["alpha"],
        "cv_alpha": ours.alpha_,
        "gap_in_se": gap / noise if noise > 0 else 0.0,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", nargs="+", default=["default", "1"])
    parser.add_argument("--datasets", nargs="+", default=list(DATASETS))
    args = parser.parse_args()
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    print(
        f"{'data':14} {'model':24} {'BLAS':>7} {'GridSearchCV s':>14} "
        f"{'CV s':>7} {'ratio':>6} {'alpha grid':>10} {'alpha CV':>9} "
        f"{'gap / SE':>8}"
    )
    for name in args.datasets:
        X, y = DATASETS[name](return_X_y=True)
        X = StandardScaler().fit_transform(X)
        for model, params in MODELS.items():
            for threads in args.threads:
                # one thread through the package's shared limit: OpenBLAS heeds
                # the first thread that limits it, so a threadpool_limits here
                # would override the fits' own choice ("default")
                limit = single_blas_thread() if threads == "1" else nullcontext()
                with limit, warnings.catch_warnings():
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    r = _compare(X, y, params, cv)
                print(
                    f"{name:14} {model:24} {threads:>7} {r['grid_s']:>14.2f} "
                    f"{r['cv_s']:>7.2f} {r['ratio']:>6.2f} {r['grid_alpha']:>10.3g} "
                    f"{r['cv_alpha']:>9.3g} {r['gap_in_se']:>8.2f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
