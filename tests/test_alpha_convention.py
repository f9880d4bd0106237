"""alpha means what it means in MLPClassifier, whatever the batch size.

The objective is the weighted mean loss + (alpha / S) * penalty, S the total
sample weight of the training data. Each consequence is checked against an
independent reference: MLPClassifier (lbfgs), LogisticRegression (L2 and L1),
the closed-form objective written with scikit-learn's log_loss, and repeated
rows for integer sample weights.
"""

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from sklearn_losses import LogisticMLPClassifier
from sklearn_losses._network import Network
from sklearn_losses.losses import get_loss
from sklearn_losses.penalties import L2
from sklearn_losses.solvers import Objective

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture(scope="module")
def iris():
    X, y = load_iris(return_X_y=True)
    return StandardScaler().fit_transform(X), y


@pytest.fixture(scope="module")
def cancer():
    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    rows = np.random.RandomState(0).choice(len(y), 200, replace=False)
    return X[rows, :8], y[rows]


def _mlp_objective(clf, X, y, alpha, sample_weight=None):
    """MLPClassifier's lbfgs objective, written out with log_loss."""
    S = len(y) if sample_weight is None else np.sum(sample_weight)
    squares = sum(np.sum(c**2) for c in clf.coefs_)
    loss = log_loss(y, clf.predict_proba(X), sample_weight=sample_weight)
    return loss + alpha / (2 * S) * squares


def _continue_mlp_from(weights, X, y, **params):
    """MLPClassifier fitted with lbfgs starting from the given weights."""
    mlp = MLPClassifier(solver="lbfgs", max_iter=1, **params).fit(X, y)
    mlp.coefs_ = [c.copy() for c in weights.coefs_]
    mlp.intercepts_ = [b.copy() for b in weights.intercepts_]
    return mlp.set_params(warm_start=True, max_iter=5000).fit(X, y)


def _continue_ours_from(weights, X, y, **params):
    """LogisticMLPClassifier fitted with lbfgs starting from the given weights."""
    clf = LogisticMLPClassifier(solver="lbfgs", warm_start=True, **params)
    clf.coefs_ = [c.copy() for c in weights.coefs_]
    clf.intercepts_ = [b.copy() for b in weights.intercepts_]
    return clf.set_params(max_iter=5000).fit(X, y)


# ------------------------------------------------- MLPClassifier, lbfgs
@pytest.mark.parametrize("alpha", [0.1, 1.0, 10.0])
def test_convex_problem_reaches_mlpclassifier_lbfgs_optimum(alpha, iris):
    # no hidden layer: a unique optimum, whatever the initial weights
    X, y = iris
    kw = dict(
        hidden_layer_sizes=(), alpha=alpha, solver="lbfgs", tol=1e-10, random_state=0
    )
    ref = MLPClassifier(max_iter=5000, **kw).fit(X, y)
    ours = LogisticMLPClassifier(max_iter=5000, **kw).fit(X, y)
    # the same objective: MLPClassifier's loss_ is its lbfgs objective, and
    # ours evaluated with MLPClassifier's formula is ours (to rounding)
    assert ours.loss_ == pytest.approx(_mlp_objective(ours, X, y, alpha), rel=1e-12)
    assert ref.loss_ == pytest.approx(_mlp_objective(ref, X, y, alpha), rel=1e-12)
    # MLPClassifier's L-BFGS-B also stops on a decrease below scipy's
    # ftol=2.2e-9 (ours does not), so where it stops depends on its start.
    # Measured over random_state 0-7 and these alphas: its objective is
    # above ours by 3e-11 to 1.4e-8 (bound 1e-7), its weights within 4.2e-3
    # (bound 1e-2) and its probabilities within 8.4e-5 (bound 2e-4)
    assert ours.loss_ <= ref.loss_ + 1e-12
    assert ref.loss_ - ours.loss_ < 1e-7
    np.testing.assert_allclose(ours.coefs_[0], ref.coefs_[0], atol=1e-2)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=2e-4)


def test_hidden_layer_reaches_mlpclassifier_lbfgs_optimum_from_the_same_start(
    cancer,
):
    X, y = cancer
    alpha = 5.0
    kw = dict(hidden_layer_sizes=(6,), activation="tanh", alpha=alpha, tol=1e-10)
    start = LogisticMLPClassifier(max_iter=1, random_state=0, **kw).fit(X, y)
    ref = _continue_mlp_from(start, X, y, **kw)
    ours = _continue_ours_from(start, X, y, **kw)
    # the same L-BFGS on the same objective from the same point: the same
    # local optimum; the objectives agree to 1e-7 (MLPClassifier also stops
    # on scipy's ftol=2.2e-9 decrease; measured 3e-10), the probabilities to
    # 1e-4 (measured 4.5e-5)
    assert _mlp_objective(ours, X, y, alpha) == pytest.approx(
        _mlp_objective(ref, X, y, alpha), abs=1e-7
    )
    assert ours.loss_ == pytest.approx(ref.loss_, abs=1e-7)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-4)


def test_each_optimum_is_the_others_fixed_point(cancer):
    # warm-started from the other's optimum, neither moves (same objective)
    X, y = cancer
    alpha = 5.0
    kw = dict(hidden_layer_sizes=(6,), activation="tanh", alpha=alpha, tol=1e-10)
    ref = MLPClassifier(solver="lbfgs", max_iter=5000, random_state=0, **kw)
    ref.fit(X, y)
    ours_from_ref = _continue_ours_from(ref, X, y, **kw)
    ours = LogisticMLPClassifier(solver="lbfgs", max_iter=5000, random_state=1, **kw)
    ours.fit(X, y)
    ref_from_ours = _continue_mlp_from(ours, X, y, **kw)
    for moved, optimum in [(ours_from_ref, ref), (ref_from_ours, ours)]:
        # at (or within scipy's ftol of) an optimum: a few tiny steps
        # change the objective by less than 1e-7 (measured: 9e-10) and the
        # weights by less than 5e-4 (measured: 7e-5)
        assert moved.loss_ == pytest.approx(
            _mlp_objective(optimum, X, y, alpha), abs=1e-7
        )
        for a, b in zip(moved.coefs_, optimum.coefs_, strict=True):
            np.testing.assert_allclose(a, b, atol=5e-4)


# ---------------------------------------------------- LogisticRegression
def _centred(intercepts):
    # softmax intercepts are unpenalised, so defined up to a common shift
    return intercepts - intercepts.mean() if intercepts.size > 1 else intercepts


@pytest.mark.parametrize("binary", [True, False], ids=["binary", "multinomial"])
@pytest.mark.parametrize("C", [0.1, 10.0])
def test_l2_equals_logistic_regression_with_alpha_one_over_c(C, binary, iris):
    X, y = iris
    if binary:
        y = (y == 1).astype(int)
    ref = LogisticRegression(C=C, tol=1e-10, max_iter=10_000).fit(X, y)
    ours = LogisticMLPClassifier(
        hidden_layer_sizes=(), alpha=1 / C, tol=1e-10, max_iter=5000
    ).fit(X, y)
    assert ours.solver_ == "lbfgs"
    # both solve to a gradient of ~1e-10: coefficients agree to 1e-5
    np.testing.assert_allclose(ours.coefs_[0].T, ref.coef_, atol=1e-5)
    np.testing.assert_allclose(
        _centred(ours.intercepts_[0]), _centred(ref.intercept_), atol=1e-5
    )
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-6)


@pytest.mark.parametrize("binary", [True, False], ids=["binary", "multinomial"])
def test_l1_equals_logistic_regression_saga_with_alpha_one_over_c(binary, iris):
    X, y = iris
    if binary:
        y = (y == 1).astype(int)
    C = 0.5
    ref = LogisticRegression(
        C=C, l1_ratio=1, solver="saga", tol=1e-10, max_iter=100_000
    ).fit(X, y)
    ours = LogisticMLPClassifier(
        hidden_layer_sizes=(), penalty="l1", alpha=1 / C, tol=1e-10, max_iter=5000
    ).fit(X, y)
    # saga stops on a coefficient change of 1e-10 (its convergence is slow
    # near an L1 kink): the coefficients agree to 1e-4
    np.testing.assert_allclose(ours.coefs_[0].T, ref.coef_, atol=1e-4)
    np.testing.assert_allclose(
        _centred(ours.intercepts_[0]), _centred(ref.intercept_), atol=1e-4
    )
    # the same exact zeros
    np.testing.assert_array_equal(ours.coefs_[0].T == 0, ref.coef_ == 0)
    assert np.any(ref.coef_ == 0)


# ------------------------------------------------------------ batch size
def test_objective_of_fixed_weights_does_not_depend_on_the_batch_split(iris):
    X, y = iris
    alpha = 3.0
    network = Network([4, 3], "relu")
    network.initialize(np.random.RandomState(0))
    objective = Objective(
        network, get_loss("log_loss"), L2(), alpha, training_weight=len(y)
    )
    # the reference: log_loss of the softmax output + alpha / (2 n) |W|^2
    logits = X @ network.coefs[0] + network.intercepts[0]
    proba = np.exp(logits - logits.max(axis=1, keepdims=True))
    proba /= proba.sum(axis=1, keepdims=True)
    expected = log_loss(y, proba) + alpha / (2 * len(y)) * np.sum(network.coefs[0] ** 2)
    full_gradient = None
    for batch_size in [150, 50, 10, 1]:
        values, gradients = [], []
        for start in range(0, len(y), batch_size):
            rows = slice(start, start + batch_size)
            values.append(objective.value_and_gradient(X[rows], y[rows], None, epoch=1))
            gradients.append(network.grad.copy())
        # equal batches: the mean of the batch objectives is the objective
        # (to rounding, 1e-12), and so is the mean of their gradients
        assert np.mean(values) == pytest.approx(expected, rel=1e-12)
        if full_gradient is None:
            full_gradient = gradients[0]
        np.testing.assert_allclose(
            np.mean(gradients, axis=0), full_gradient, atol=1e-12
        )


def _coef_norm(clf):
    return float(np.sqrt(np.sum(clf.coefs_[0] ** 2)))


def test_minibatch_optimum_does_not_depend_on_batch_size_unlike_mlpclassifier(iris):
    X, y = iris
    alpha = 15.0  # 1 / C
    reference = LogisticRegression(C=1 / alpha, tol=1e-10).fit(X, y)
    kw = dict(
        hidden_layer_sizes=(),
        solver="sgd",
        alpha=alpha,
        learning_rate_init=0.02,
        momentum=0.9,
        max_iter=300,
        n_iter_no_change=np.inf,
        random_state=0,
    )
    for batch_size in [150, 30, 5]:
        ours = LogisticMLPClassifier(batch_size=batch_size, **kw).fit(X, y)
        # constant-step sgd hovers around the optimum: within 0.02 of it
        # (measured: 1e-3 for batches of 150 and 30, 0.014 for 5)
        np.testing.assert_allclose(ours.coefs_[0].T, reference.coef_, atol=0.02)
    # the contrast: MLPClassifier's penalty is alpha / (2 * batch_size)
    # |W|^2, so smaller batches shrink its weights (measured: norm 1.63 with
    # one batch, as LogisticRegression's, and 0.30 with batches of 5)
    norms = {
        b: _coef_norm(MLPClassifier(batch_size=b, **kw).fit(X, y)) for b in [150, 5]
    }
    assert norms[150] == pytest.approx(np.sqrt(np.sum(reference.coef_**2)), abs=0.05)
    assert norms[5] < 0.5 * norms[150]


# -------------------------------------------------------- sample weights
@pytest.mark.parametrize("hidden", [(), (5,)], ids=["convex", "hidden"])
def test_integer_sample_weight_equals_repeated_rows(hidden, cancer):
    # S is the sum of the weights: weighting by k equals repeating k times
    X, y = cancer
    sw = np.random.RandomState(0).randint(0, 4, size=len(y))
    kw = dict(
        hidden_layer_sizes=hidden,
        activation="tanh",
        solver="lbfgs",
        alpha=2.0,
        tol=1e-10,
        max_iter=5000,
        random_state=0,
    )
    weighted = LogisticMLPClassifier(**kw).fit(X, y, sample_weight=sw)
    repeated = LogisticMLPClassifier(**kw).fit(X.repeat(sw, 0), y.repeat(sw))
    # the same objective from the same start: 1e-6 on the probabilities
    np.testing.assert_allclose(
        weighted.predict_proba(X), repeated.predict_proba(X), atol=1e-6
    )
    assert weighted.loss_ == pytest.approx(repeated.loss_, rel=1e-9)
    if not hidden:
        # and LogisticRegression with the same weights and C = 1 / alpha
        ref = LogisticRegression(C=1 / kw["alpha"], tol=1e-10, max_iter=10_000)
        ref.fit(X, y, sample_weight=sw)
        np.testing.assert_allclose(weighted.coefs_[0].T, ref.coef_, atol=1e-5)


# -------------------------------- MLPClassifier's adam and sgd (issue #6780)
def _both_from_one_start(X, y, alpha_mlp, alpha_ours, **params):
    """MLPClassifier and ours trained from the same initial weights."""
    start = MLPClassifier(**{**params, "max_iter": 1}).fit(X, y)
    coefs = [c.copy() for c in start.coefs_]
    intercepts = [b.copy() for b in start.intercepts_]
    ref = start.set_params(
        warm_start=True, alpha=alpha_mlp, max_iter=params["max_iter"]
    )
    ours = LogisticMLPClassifier(warm_start=True, alpha=alpha_ours, **params)
    ours.coefs_, ours.intercepts_ = coefs, intercepts
    return ref.fit(X, y), ours.fit(X, y)


def _weight_norm(clf):
    return float(np.sqrt(sum(np.sum(c**2) for c in clf.coefs_)))


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_alpha_times_n_over_batch_size_gives_mlpclassifier_minibatch_fit(
    solver, cancer
):
    # MLPClassifier adds alpha / (2 m) |W|^2 to each batch of m rows, ours
    # alpha / (2 n) |W|^2: alpha_ours = alpha_mlp * n / m is its objective
    X, y = cancer
    n, m, alpha = len(y), 20, 0.5
    kw = dict(
        hidden_layer_sizes=(5,),
        solver=solver,
        batch_size=m,
        learning_rate_init=0.01,
        max_iter=100,
        n_iter_no_change=101,  # both run every epoch
        shuffle=False,  # the same batches in the same order
        random_state=0,
    )
    ref, ours = _both_from_one_start(X, y, alpha, alpha * n / m, **kw)
    # the same steps on the same objective from the same start: equal to
    # rounding (measured 2e-15 on the weights after 1000 steps)
    for a, b in zip(ours.coefs_, ref.coefs_, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-10)
    assert _weight_norm(ours) == pytest.approx(_weight_norm(ref), rel=1e-10)
    assert ours.loss_ == pytest.approx(ref.loss_, rel=1e-10)
    # the same alpha is a penalty n / m = 10 times weaker here: larger weights
    # (measured: norm 1.75 times MLPClassifier's with adam, 1.70 with sgd)
    _, same_alpha = _both_from_one_start(X, y, alpha, alpha, **kw)
    assert _weight_norm(same_alpha) > 1.3 * _weight_norm(ref)


def test_converted_alpha_matches_shuffled_adam_in_weight_norm(cancer):
    # shuffled, the two draw different batches: adam at a constant step
    # hovers around the optimum, so the weights differ by the noise of the
    # steps: measured 0.1% to 0.5% on the norm over random_state 0-3, bound
    # 3%; without the conversion the norm is 1.9 to 2.4 times larger
    X, y = cancer
    n, m, alpha = len(y), 20, 0.5
    kw = dict(
        hidden_layer_sizes=(5,),
        solver="adam",
        batch_size=m,
        learning_rate_init=0.01,
        max_iter=300,
        n_iter_no_change=301,
        random_state=0,
    )
    ref, ours = _both_from_one_start(X, y, alpha, alpha * n / m, **kw)
    assert _weight_norm(ours) == pytest.approx(_weight_norm(ref), rel=0.03)


@pytest.mark.parametrize("alpha", [5.0, 20.0])
def test_lbfgs_weight_norm_matches_mlpclassifier_at_the_same_alpha(alpha, cancer):
    # lbfgs has one batch (m = n): the same alpha, the same objective (at
    # alpha 1 and below this non-convex problem is flat enough that scipy's
    # ftol stops MLPClassifier before the optimum ours reaches)
    X, y = cancer
    kw = dict(hidden_layer_sizes=(5,), solver="lbfgs", tol=1e-10, max_iter=5000)
    ref, ours = _both_from_one_start(X, y, alpha, alpha, random_state=0, **kw)
    # measured: norms within 2e-5 (relative) over random_state 0-2
    assert _weight_norm(ours) == pytest.approx(_weight_norm(ref), rel=1e-4)
