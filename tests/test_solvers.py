"""Every registered solver, driven by the registry: it reaches scikit-learn's
LogisticRegression objective under the settings it declares, and honours the
capabilities it declares. A solver written as its loop alone (plain gradient
descent, below) passes the same battery and gets the contract for free."""

import pickle
import re
import warnings
from dataclasses import dataclass

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.model_selection import GridSearchCV
from sklearn.preprocessing import StandardScaler

from sklearn_losses import LogisticMLPClassifier
from sklearn_losses._network import Network
from sklearn_losses.losses import get_loss
from sklearn_losses.penalties import L1, L2, ElasticNet, Penalty, check_penalty
from sklearn_losses.solvers import (
    SOLVERS,
    LBFGSSolver,
    Objective,
    SGDSolver,
    Solver,
    SolverResult,
    resolve_solver,
)
from sklearn_losses.solvers._split import validation_split

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@dataclass(kw_only=True)
class SmoothOnlyLBFGS(LBFGSSolver):
    """A solver that declares it needs a smooth penalty."""

    name = "smooth_lbfgs"
    nonsmooth_penalty = None


class ProxOnlyL1(Penalty):
    """|W|_1 with a prox but no l1_ratio: only a proximal solver can use it."""

    is_smooth = False

    def value(self, coef):
        return float(np.abs(coef).sum())

    def gradient(self, coef):
        return np.zeros_like(coef)

    def prox(self, coef, step, out=None):
        return np.subtract(coef, np.clip(coef, -step, step), out=out)


@dataclass(kw_only=True)
class GradientDescent(Solver):
    """Full-batch gradient descent with a fixed step: its loop and nothing else.

    Thread limits, divergence checks and advice, and the convergence warning
    come from ``Solver.solve``.
    """

    name = "gradient_descent"
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


# solvers of this file, registered for the battery as a user would register
# theirs: a correct new solver passes with no edit to a test
_NEW_SOLVERS = {cls.name: cls for cls in (SmoothOnlyLBFGS, GradientDescent)}
_ALL_SOLVERS = [*SOLVERS, *_NEW_SOLVERS]


@pytest.fixture(autouse=True)
def _register_the_new_solvers(monkeypatch):
    # registering is one line: the battery below covers the new solvers too
    for name, cls in _NEW_SOLVERS.items():
        monkeypatch.setitem(SOLVERS, name, cls)


@pytest.fixture(scope="module")
def problem():
    X, y = make_classification(
        n_samples=200,
        n_features=5,
        n_informative=4,
        n_redundant=0,
        n_classes=3,
        random_state=0,
    )
    return StandardScaler().fit_transform(X), y


def test_registry_lists_the_estimator_solvers_in_order():
    assert list(SOLVERS)[:3] == ["adam", "sgd", "lbfgs"]
    assert "auto" not in SOLVERS  # an option of the estimator, not a solver
    for name, cls in SOLVERS.items():
        assert issubclass(cls, Solver) and cls.name == name


@pytest.mark.parametrize("name", _ALL_SOLVERS)
def test_every_solver_reaches_the_logistic_regression_objective(name, problem):
    X, y = problem
    alpha = 2.0  # alpha = 1 / C
    ref = LogisticRegression(C=1 / alpha, tol=1e-10).fit(X, y)

    def objective(proba, coef):
        return log_loss(y, proba) + alpha / (2 * len(y)) * np.sum(coef**2)

    # the step size, budget and tolerance are the solver's declaration
    cls = SOLVERS[name]
    clf = LogisticMLPClassifier(
        (),
        solver=name,
        alpha=alpha,
        batch_size=len(y),  # one full batch: minibatch solvers are deterministic
        random_state=0,
        **cls.test_settings,
    ).fit(X, y)
    theirs = objective(ref.predict_proba(X), ref.coef_)
    ours = objective(clf.predict_proba(X), clf.coefs_[0])
    assert ours == pytest.approx(theirs, abs=cls.test_tolerance)
    assert clf.loss_ == pytest.approx(ours, abs=cls.test_tolerance)
    assert clf.score(X, y) == pytest.approx(ref.score(X, y), abs=0.01)


@pytest.mark.parametrize(
    "penalty", [None, L2(), L1(), ElasticNet(0.5), ProxOnlyL1()], ids=repr
)
@pytest.mark.parametrize("name", _ALL_SOLVERS)
def test_declared_penalty_capabilities_are_honoured(name, penalty, problem):
    X, y = problem
    clf = LogisticMLPClassifier((3,), solver=name, penalty=penalty, max_iter=5)
    if SOLVERS[name].accepts_penalty(penalty):
        assert np.all(np.isfinite(clf.fit(X, y).coefs_[0]))
        return
    accepting = [n for n, cls in SOLVERS.items() if cls.accepts_penalty(penalty)]
    assert accepting, "some solver must accept every registered penalty"
    with pytest.raises(ValueError, match=f"solver='{name}'") as info:
        clf.fit(X, y)
    for other in accepting:
        assert repr(other) in str(info.value)
    # alpha = 0 switches the penalty off: every solver then accepts it
    clf.set_params(alpha=0.0).fit(X, y)


def test_declared_capabilities_match_their_meaning():
    assert SOLVERS["lbfgs"].accepts_penalty(L1())
    assert not SOLVERS["lbfgs"].accepts_penalty(ProxOnlyL1())
    assert SOLVERS["adam"].accepts_penalty(ProxOnlyL1())
    assert not SmoothOnlyLBFGS.accepts_penalty(ElasticNet(0.5))
    assert SmoothOnlyLBFGS.accepts_penalty(ElasticNet(0.0))  # smooth after all
    check_penalty(ProxOnlyL1())  # the test penalty is a valid penalty


@pytest.mark.parametrize("name", ["auto", *_ALL_SOLVERS])
def test_partial_fit_exists_exactly_for_the_solvers_that_declare_it(name, problem):
    X, y = problem
    clf = LogisticMLPClassifier((3,), solver=name)
    # "auto" runs adam in partial_fit
    supports = SOLVERS["adam" if name == "auto" else name].supports_partial_fit
    assert hasattr(clf, "partial_fit") == supports
    if not supports:
        with pytest.raises(AttributeError) as info:
            clf.partial_fit(X, y, classes=np.unique(y))
        # the message names the solvers that have it
        assert "'adam'" in str(info.value)
        return
    clf.partial_fit(X, y, classes=np.unique(y)).partial_fit(X, y)
    assert clf.n_iter_ == 2 and len(clf.loss_curve_) == 2


@pytest.mark.parametrize("name", list(SOLVERS))
def test_solver_takes_its_configuration_from_the_estimator_parameters(name):
    params = LogisticMLPClassifier(max_iter=7, tol=0.5, verbose=True).get_params()
    solver = SOLVERS[name].from_params(params)
    assert (solver.max_iter, solver.tol, solver.verbose) == (7, 0.5, True)


def test_result_loss_is_the_last_entry_of_the_curve():
    result = SolverResult(n_iter=2, t=20, loss_curve=[0.9, 0.4], best_loss=0.4)
    assert result.loss == 0.4 and not result.converged


# ------------------------------------------------ the objective's alpha / S
def test_objective_penalty_strength_is_alpha_over_the_training_weight():
    network = Network([3, 2], "relu")
    sw = np.array([0.5, 2.0, 1.5, 0.0])
    objective = Objective(
        network, get_loss("log_loss"), L2(), alpha=6.0, training_weight=4
    )
    assert objective.strength == 1.5
    objective.train_on(4, sw)  # the sum of the weights, 4.0
    assert objective.strength == 1.5
    objective.train_on(3, None)  # unweighted: the number of samples
    assert objective.strength == 2.0
    with pytest.raises(ValueError, match="positive"):
        objective.train_on(2, np.zeros(2))


# ------------------------------------------------------ early-stopping split
def _as_rows(part):
    X, y, sw = part
    sw = np.ones(len(y)) if sw is None else sw
    rows = {}
    X = X.toarray() if sp.issparse(X) else X
    for x, label, w in zip(X, y, sw, strict=True):
        key = (*x.tolist(), int(label))
        rows[key] = rows.get(key, 0.0) + w
    return {k: w for k, w in rows.items() if w > 0}


@pytest.mark.parametrize("sparse", [False, True])
def test_split_of_integer_weights_equals_the_split_of_repeated_rows(sparse):
    # the reference: repeating each row sample_weight times (0 removes it)
    rng = np.random.RandomState(42)
    X, y = rng.rand(15, 4), rng.randint(0, 3, size=15)
    sw = rng.randint(0, 5, size=15).astype(float)
    X_rep, y_rep = X.repeat(sw.astype(int), axis=0), y.repeat(sw.astype(int))
    order = rng.permutation(15)  # the row order does not matter
    X, y, sw = X[order], y[order], sw[order]
    if sparse:
        X, X_rep = sp.csr_matrix(X), sp.csr_matrix(X_rep)
    weighted = validation_split(X, y, sw, 0.2, np.random.RandomState(0))
    repeated = validation_split(X_rep, y_rep, None, 0.2, np.random.RandomState(0))
    for part_w, part_r in zip(weighted, repeated, strict=True):
        assert _as_rows(part_w) == _as_rows(part_r)
    # ceil(0.2 * distinct rows of positive weight)
    assert len(_as_rows(weighted[1])) == np.ceil(0.2 * np.count_nonzero(sw))


def test_split_stratifies_only_when_every_class_fits_in_both_parts():
    X = np.arange(40.0).reshape(20, 2)
    y = np.repeat([0, 1, 2, 3], 5)
    # 4 classes, 4 held out: one of each class
    _, (_, y_val, _) = validation_split(X, y, None, 0.2, np.random.RandomState(0))
    assert sorted(y_val) == [0, 1, 2, 3]
    # 2 held out cannot hold 4 classes: plain random, as MLPClassifier
    for seed in range(5):
        train, held_out = validation_split(X, y, None, 0.1, np.random.RandomState(seed))
        assert len(held_out[1]) == 2 and len(train[1]) == 18
    # a class of one member cannot be in both parts: plain random
    y_single = np.array([0] * 10 + [1] * 9 + [2])
    validation_split(X, y_single, None, 0.2, np.random.RandomState(0))


def test_split_holds_out_at_least_two_samples():
    X, y = np.arange(20.0).reshape(10, 2), np.arange(10) % 2
    _, (_, y_val, _) = validation_split(X, y, None, 0.1, np.random.RandomState(0))
    assert len(y_val) == 2
    with pytest.raises(ValueError, match="too small"):
        validation_split(X[:2], y[:2], None, 0.1, np.random.RandomState(0))


@pytest.mark.parametrize("n_classes", [2, 3])
def test_lbfgs_without_hidden_layer_starts_from_zero_as_logistic_regression(
    n_classes,
):
    # LogisticRegression runs scipy's L-BFGS-B from zero weights: after one
    # and after three iterations of the same algorithm on the same objective
    # (alpha = 1 / C), the weights agree to rounding only from the same start
    X, y = make_classification(
        n_samples=150,
        n_features=4,
        n_informative=3,
        n_redundant=0,
        n_classes=n_classes,
        random_state=1,
    )
    X = StandardScaler().fit_transform(X)
    for max_iter in (1, 3):
        ref = LogisticRegression(C=0.5, max_iter=max_iter).fit(X, y)
        for random_state in (0, 1):
            clf = LogisticMLPClassifier(
                (),
                solver="lbfgs",
                alpha=2.0,
                max_iter=max_iter,
                tol=0.0,
                random_state=random_state,
            ).fit(X, y)
            coef, intercept = clf.coefs_[0].T, clf.intercepts_[0]
            if n_classes == 2:
                np.testing.assert_allclose(coef, ref.coef_, atol=1e-8)
                np.testing.assert_allclose(intercept, ref.intercept_, atol=1e-8)
            else:
                # a shift of the logits is invisible to the softmax: compare
                # the centred coefficients and intercepts
                np.testing.assert_allclose(
                    coef - coef.mean(0), ref.coef_ - ref.coef_.mean(0), atol=1e-8
                )
                np.testing.assert_allclose(
                    intercept - intercept.mean(),
                    ref.intercept_ - ref.intercept_.mean(),
                    atol=1e-8,
                )


def test_lbfgs_warm_start_continues_from_the_previous_weights(problem):
    X, y = problem
    kw = dict(hidden_layer_sizes=(), solver="lbfgs", alpha=2.0, random_state=0)
    ref = LogisticRegression(C=0.5, tol=1e-10).fit(X, y)
    clf = LogisticMLPClassifier(max_iter=4, warm_start=True, **kw).fit(X, y)
    first = clf.coefs_[0].copy()
    clf.set_params(max_iter=2).fit(X, y)
    fresh = LogisticMLPClassifier(max_iter=2, **kw).fit(X, y)

    # two more iterations from the previous weights, not from zero: closer
    # to the optimum than both four and two iterations from zero
    def distance(coef):
        centred = coef.T - coef.T.mean(0)
        return np.abs(centred - (ref.coef_ - ref.coef_.mean(0))).max()

    assert distance(clf.coefs_[0]) < distance(first) < distance(fresh.coefs_[0])


@pytest.mark.parametrize("hidden", [(), (3,)])
def test_convergence_warning_points_at_the_callers_line(hidden, problem):
    # the warning's location is the user's call to fit, not a frame inside
    # scikit-learn or this package
    X, y = problem
    with pytest.warns(ConvergenceWarning) as record:
        LogisticMLPClassifier(hidden, max_iter=1, random_state=0).fit(X, y)
    assert {w.filename for w in record} == {__file__}


# ------------------------------------------------------- a solver object
def test_solver_object_is_used_as_configured(problem):
    # its own max_iter applies, not the estimator's
    X, y = problem
    clf = LogisticMLPClassifier((), solver=LBFGSSolver(max_iter=3), max_iter=1000)
    with pytest.warns(ConvergenceWarning, match="lbfgs"):
        clf.fit(X, y)
    assert clf.n_iter_ == 3 and clf.solver_ is clf.solver


def test_lbfgs_object_reaches_logistic_regression(problem):
    X, y = problem
    ref = LogisticRegression(C=0.5, tol=1e-10).fit(X, y)
    clf = LogisticMLPClassifier((), solver=LBFGSSolver(tol=1e-9), alpha=2.0)
    clf.fit(X, y)
    np.testing.assert_allclose(clf.predict_proba(X), ref.predict_proba(X), atol=1e-4)


def test_solver_object_survives_clone_params_pickle_and_grid_search(problem):
    X, y = problem
    clf = LogisticMLPClassifier((), solver=LBFGSSolver(max_iter=2), alpha=2.0)
    assert clf.get_params()["solver__max_iter"] == 2
    copy = clone(clf)
    assert copy.solver is not clf.solver and copy.solver == clf.solver
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
        search = GridSearchCV(copy, {"solver__max_iter": [1, 100]}, cv=3).fit(X, y)
        objects = GridSearchCV(
            copy, {"solver": [LBFGSSolver(max_iter=1), SGDSolver(max_iter=1)]}, cv=3
        ).fit(X, y)
    np.testing.assert_array_equal(
        pickle.loads(pickle.dumps(clf)).predict_proba(X), clf.predict_proba(X)
    )
    # more iterations fit better; the searched object is left as it was
    assert search.best_params_ == {"solver__max_iter": 100}
    assert copy.solver.max_iter == 2
    assert isinstance(objects.best_estimator_.solver_, Solver)


def test_resolve_solver_follows_auto_and_keeps_objects():
    assert resolve_solver("auto", hidden_layer_sizes=(), incremental=False).name == (
        "lbfgs"
    )
    for hidden, incremental in [((4,), False), (4, False), ((), True)]:
        solver = resolve_solver(
            "auto", hidden_layer_sizes=hidden, incremental=incremental
        )
        assert solver is SOLVERS["adam"]
    mine = GradientDescent()
    assert resolve_solver(mine, hidden_layer_sizes=(), incremental=True) is mine


def test_auto_asks_what_each_solver_declares(monkeypatch):
    # "auto" follows the solvers' auto_for, not their names
    @dataclass(kw_only=True)
    class ConvexGD(GradientDescent):
        auto_for = frozenset({"convex"})

    monkeypatch.setattr(ConvexGD, "name", "convex_gd")
    registry = {"convex_gd": ConvexGD, "adam": SOLVERS["adam"]}
    monkeypatch.setattr("sklearn_losses.solvers._registry.SOLVERS", registry)
    auto = resolve_solver("auto", hidden_layer_sizes=(), incremental=False)
    assert auto is ConvexGD
    X, y = make_classification(n_samples=60, n_features=4, random_state=0)
    clf = LogisticMLPClassifier((), max_iter=50, learning_rate_init=0.5).fit(X, y)
    assert clf.solver_ == "convex_gd"
    registry.pop("convex_gd")
    with pytest.raises(ValueError, match="auto_for"):
        resolve_solver("auto", hidden_layer_sizes=(), incremental=False)


def test_solver_object_of_the_wrong_type_is_refused(problem):
    X, y = problem
    with pytest.raises(ValueError, match="'solver' parameter.*Solver"):
        LogisticMLPClassifier((), solver=object()).fit(X, y)


# ----------------------------------------- the contract, for a new solver
def test_solver_written_as_its_loop_reaches_logistic_regression(problem):
    X, y = problem
    ref = LogisticRegression(C=0.5, tol=1e-10).fit(X, y)
    solver = GradientDescent(**GradientDescent.test_settings)
    clf = LogisticMLPClassifier((), solver=solver, alpha=2.0).fit(X, y)
    np.testing.assert_allclose(clf.predict_proba(X), ref.predict_proba(X), atol=1e-4)
    assert clf.solver_ is solver and clf.n_iter_ == len(clf.loss_curve_)


def test_new_solver_gets_the_divergence_advice_naming_the_epoch(problem):
    X, y = problem
    solver = GradientDescent(learning_rate_init=1e4, max_iter=50)
    clf = LogisticMLPClassifier((), solver=solver, random_state=0)
    with warnings.catch_warnings():
        # overflow inside the loop is refused, not warned about by numpy
        warnings.simplefilter("error")
        with pytest.raises(
            FloatingPointError,
            match=r"diverged at epoch \d+.*learning_rate_init=10000 is too large",
        ):
            clf.fit(100 * X, y)
    assert not hasattr(clf, "coefs_")


def test_new_solver_warns_at_the_callers_line(problem):
    X, y = problem
    clf = LogisticMLPClassifier((), solver=GradientDescent(max_iter=2))
    with pytest.warns(ConvergenceWarning, match="maximum iterations") as record:
        clf.fit(X, y)
    assert {w.filename for w in record} == {__file__}
    # also through scikit-learn's machinery (a grid search, joblib)
    with pytest.warns(ConvergenceWarning) as record:
        GridSearchCV(clf, {"alpha": [1.0]}, cv=2).fit(X, y)
    assert {w.filename for w in record} == {__file__}


def test_solver_that_records_no_epoch_is_refused(problem):
    @dataclass(kw_only=True)
    class Silent(Solver):
        def minimize(self, objective, X, y, sample_weight, run):
            objective.value_and_gradient(X, y, sample_weight, epoch=run.epoch)

    with pytest.raises(RuntimeError, match=r"run.epoch_done\(value\)"):
        LogisticMLPClassifier((), solver=Silent()).fit(*problem)


# ------------------------------------------------- penalties by split form
class DoubleL1(Penalty):
    """2 |W|_1, carrying an l1_ratio of 1 that says nothing of its scale."""

    is_smooth = False
    l1_ratio = 1.0

    def value(self, coef):
        return 2.0 * float(np.abs(coef).sum())

    def gradient(self, coef):
        return np.zeros_like(coef)

    def prox(self, coef, step, out=None):
        threshold = 2.0 * np.asarray(step)
        return np.subtract(coef, np.clip(coef, -threshold, threshold), out=out)

    def split_form(self):
        return 2.0, 0.0


class DoubleL1WithoutSplit(DoubleL1):
    def split_form(self):
        return None


def test_lbfgs_fits_a_penalty_by_its_split_form(problem):
    # 2 |W|_1 at alpha equals |W|_1 at 2 alpha: the same convex optimum
    X, y = problem
    kw = dict(hidden_layer_sizes=(), solver="lbfgs", tol=1e-10, max_iter=2000)
    double = LogisticMLPClassifier(penalty=DoubleL1(), alpha=5.0, **kw).fit(X, y)
    l1 = LogisticMLPClassifier(penalty="l1", alpha=10.0, **kw).fit(X, y)
    np.testing.assert_allclose(double.coefs_[0], l1.coefs_[0], atol=1e-3)
    np.testing.assert_allclose(double.loss_, l1.loss_, rtol=1e-6)
    assert (l1.coefs_[0] == 0).any()  # the penalty is active


def test_lbfgs_refuses_a_nonsmooth_penalty_without_split_form(problem):
    X, y = problem
    clf = LogisticMLPClassifier((), solver="lbfgs", penalty=DoubleL1WithoutSplit())
    with pytest.raises(ValueError, match="DoubleL1WithoutSplit.*'adam'"):
        clf.fit(X, y)
    assert SOLVERS["adam"].accepts_penalty(DoubleL1WithoutSplit())  # by its prox


def test_lbfgs_errors_name_the_iteration_that_failed():
    # a loss whose gradient turns huge after six evaluations throws the
    # next L-BFGS step off the scale: the error names that iteration
    from sklearn_losses.losses import LogLoss

    class HugeGradientLater(LogLoss):
        def loss_gradient(self, y_true, raw_prediction):
            loss, grad = super().loss_gradient(y_true, raw_prediction)
            self.n_calls = getattr(self, "n_calls", 0) + 1
            return loss, grad * (1e300 if self.n_calls > 6 else 1.0)

    X, y = make_classification(n_samples=200, n_features=10, random_state=0)
    clf = LogisticMLPClassifier((), loss=HugeGradientLater(), solver="lbfgs")
    with pytest.raises(FloatingPointError, match=r"at iteration (\d+)") as info:
        clf.fit(StandardScaler().fit_transform(X), y)
    assert int(re.search(r"at iteration (\d+)", str(info.value)).group(1)) > 1


# ------------------------------------------ sgd's learning-rate schedules
def _sgd(**params):
    base = dict(hidden_layer_sizes=(5,), solver="sgd", random_state=0)
    return LogisticMLPClassifier(**{**base, **params})


def test_each_schedule_changes_the_loss_curve(problem):
    X, y = problem
    kw = dict(learning_rate_init=0.1, tol=1e-2, n_iter_no_change=2, max_iter=60)
    curves = {
        schedule: _sgd(learning_rate=schedule, **kw).fit(X, y).loss_curve_
        for schedule in ("constant", "invscaling", "adaptive")
    }
    constant, invscaling, adaptive = curves.values()
    assert len({tuple(curve) for curve in curves.values()}) == 3
    # one batch of 200 rows: invscaling runs its first epoch at the initial
    # rate, so its second epoch's loss (before any step of that epoch) is
    # constant's; the third differs
    assert invscaling[:2] == constant[:2] and invscaling[2] != constant[2]
    # adaptive is constant until the stopping rule fires, where constant
    # stops and adaptive goes on at a fifth of the rate
    assert adaptive[: len(constant)] == constant and len(adaptive) > len(constant)


@pytest.mark.parametrize("power_t", [0.25, 0.5])
def test_invscaling_fit_is_gradient_descent_at_the_closed_form_rates(power_t):
    # no hidden layer, one full batch, no momentum, no penalty, zero start:
    # epoch k is a gradient step of the mean log loss at the rate
    # lr / (k * n + 1) ** power_t (k = 0: lr), written out here
    X, y = make_classification(
        n_samples=40, n_features=3, n_redundant=0, random_state=1
    )
    n, lr = len(y), 0.5
    network = Network([3, 1], "identity")
    objective = Objective(
        network, get_loss("log_loss", n_classes=2), None, 0.0, training_weight=n
    )
    solver = SGDSolver(
        learning_rate="invscaling",
        power_t=power_t,
        learning_rate_init=lr,
        momentum=0.0,
        batch_size=n,
        shuffle=False,
        max_iter=6,
        n_iter_no_change=np.inf,
    )
    result = solver.solve(
        objective, X, y.astype(float), None, random_state=np.random.RandomState(0)
    )
    w, b = np.zeros(3), 0.0
    for k in range(6):
        residual = 1 / (1 + np.exp(-(X @ w + b))) - y
        rate = lr / (k * n + 1) ** power_t
        w, b = w - rate * X.T @ residual / n, b - rate * residual.mean()
    np.testing.assert_allclose(network.coefs[0].ravel(), w, rtol=1e-10)
    np.testing.assert_allclose(network.intercepts[0], [b], rtol=1e-10)
    assert result.optimizer_state.learning_rate == pytest.approx(
        lr / (6 * n + 1) ** power_t, rel=1e-15
    )


@pytest.mark.parametrize("early_stopping", [False, True])
def test_adaptive_divides_by_five_after_the_no_improvement_epochs(
    problem, early_stopping
):
    # tol=10: no epoch improves by tol but the first, so the rule fires at
    # epochs 4, 7, 10, ... (n_iter_no_change=2: three epochs without one)
    X, y = problem
    kw = dict(
        learning_rate="adaptive",
        learning_rate_init=1e-3,
        tol=10.0,
        n_iter_no_change=2,
        early_stopping=early_stopping,
    )
    for epochs in (1, 3, 4, 6, 7, 13):
        clf = _sgd(max_iter=epochs, **kw).fit(X, y)
        expected = 1e-3 / 5.0 ** ((epochs - 1) // 3)
        assert clf._optimizer_state.learning_rate == pytest.approx(expected, rel=1e-15)
    # 1e-3 / 5**5 = 3.2e-7 <= 1e-6: the sixth firing (epoch 19) stops
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        clf = _sgd(max_iter=100, **kw).fit(X, y)
    assert clf.n_iter_ == 19
    assert clf._optimizer_state.learning_rate == pytest.approx(3.2e-7, rel=1e-12)


def test_adaptive_verbose_says_when_it_lowers_the_rate(problem, capsys):
    X, y = problem
    clf = _sgd(learning_rate="adaptive", tol=10.0, n_iter_no_change=2, verbose=True)
    clf.set_params(max_iter=5).fit(X, y)
    out = capsys.readouterr().out
    assert "for 2 consecutive epochs. Setting learning rate to 0.0002." in out


def test_partial_fit_continues_the_schedule_and_fit_restarts_it(problem):
    X, y = problem
    clf = _sgd(learning_rate="invscaling", power_t=0.3, learning_rate_init=0.05)
    for _ in range(3):
        clf.partial_fit(X, y, classes=np.unique(y))
    assert clf.t_ == 3 * len(y)
    rate = clf._optimizer_state.learning_rate
    assert rate == pytest.approx(0.05 / (3 * len(y) + 1) ** 0.3, rel=1e-15)
    # a warm start restarts the schedule (and t_): one epoch, as a new fit
    clf.set_params(warm_start=True, max_iter=1).fit(X, y)
    assert clf.t_ == len(y)
    rate = clf._optimizer_state.learning_rate
    assert rate == pytest.approx(0.05 / (len(y) + 1) ** 0.3, rel=1e-15)


@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_solvers_other_than_sgd_ignore_the_schedule(problem, solver):
    X, y = problem
    kw = dict(solver=solver, max_iter=15, learning_rate_init=0.01)
    constant = _sgd(**kw).fit(X, y)
    scheduled = _sgd(learning_rate="invscaling", power_t=2.0, **kw).fit(X, y)
    assert scheduled.loss_curve_ == constant.loss_curve_


@pytest.mark.parametrize(
    "params, match",
    [
        ({"learning_rate": "optimal"}, r"'learning_rate' .*'adaptive'"),
        ({"power_t": -1.0}, r"'power_t' .*range \[0.*inf\)"),
    ],
)
def test_schedule_parameters_are_validated_by_name(problem, params, match):
    from sklearn_losses import LogisticMLPClassifierCV

    X, y = problem
    for cls in (LogisticMLPClassifier, LogisticMLPClassifierCV):
        with pytest.raises(ValueError, match=match):
            cls(solver="sgd", **params).fit(X, y)


def test_cv_passes_the_schedule_to_its_fits(problem):
    from sklearn_losses import LogisticMLPClassifierCV

    X, y = problem
    kw = dict(alphas=[1e-3, 1.0], cv=2, solver="sgd", max_iter=20, random_state=0)
    schedule = dict(learning_rate="invscaling", power_t=0.3)
    cv = LogisticMLPClassifierCV((4,), **schedule, **kw).fit(X, y)
    assert cv.get_params()["learning_rate"] == "invscaling"
    # the refit is the single estimator's fit with the schedule
    single = dict(solver="sgd", max_iter=20, random_state=0, alpha=cv.alpha_)
    refit = LogisticMLPClassifier((4,), **schedule, **single).fit(X, y)
    assert cv.loss_curve_ == refit.loss_curve_
    constant = LogisticMLPClassifier((4,), power_t=0.3, **single).fit(X, y)
    assert cv.loss_curve_ != constant.loss_curve_
