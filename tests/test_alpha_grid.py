"""``regularization_path(alphas="auto")``: alpha_max and the grid below it.

The references are independent of the code under test: the closed form of
the gradient of the log loss at zero weights, scikit-learn's L1 logistic
regression (``C = 1 / alpha``), and the spread of the predicted
probabilities read off the fits.
"""

import re
from unittest import mock

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_losses import LogisticMLPClassifier
from sklearn_losses.datasets import load_iris_pair
from sklearn_losses.path import regularization_path
from sklearn_losses.path._grid import MAX_FITS, exact_alpha_max


def _standardized(loader):
    X, y = loader(return_X_y=True)
    return StandardScaler().fit_transform(X), y


DATA = {
    "breast cancer (binary)": lambda: _standardized(load_breast_cancer),
    "iris (3 classes)": lambda: _standardized(load_iris),
}


def _lasso(l1_ratio=1.0, **params):
    penalty = "l1" if l1_ratio == 1.0 else "elasticnet"
    return LogisticMLPClassifier(
        hidden_layer_sizes=(),
        penalty=penalty,
        l1_ratio=l1_ratio,
        solver="lbfgs",
        max_iter=2000,
        random_state=0,
        **params,
    )


def _closed_form_alpha_max(X, y, l1_ratio, weights=None):
    """``max_jk |sum_i s_i x_ij (p0_k - [y_i = k])| / l1_ratio``.

    The objective is ``sum_i s_i l_i / S + (alpha / S) l1_ratio |W|_1 + ...``;
    at zero weights the intercepts alone give the weighted class frequencies
    ``p0`` (the logit of ``mean(y)`` for two classes), the gradient of the
    data term in ``W_jk`` is ``sum_i s_i x_ij (p0_k - [y_i = k]) / S``, and
    zero is optimal while its size is at most ``alpha l1_ratio / S``: ``S``
    cancels. Two classes have one output, the column of class 1.
    """
    weights = np.ones(len(y)) if weights is None else weights
    classes = np.unique(y)
    Y = (y[:, None] == classes[None, :]).astype(float)
    if len(classes) == 2:
        Y = Y[:, 1:]
    p0 = weights @ Y / weights.sum()
    return np.abs(X.T @ (weights[:, None] * (p0 - Y))).max() / l1_ratio


def _n_nonzero(estimator):
    return sum(np.count_nonzero(c) for c in estimator.coefs_)


@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
@pytest.mark.parametrize("data", DATA)
def test_exact_alpha_max_is_where_every_weight_becomes_zero(data, l1_ratio):
    X, y = DATA[data]()
    clf = _lasso(l1_ratio)
    path = regularization_path(clf, X, y, alphas="auto", n_alphas=4, progress=False)
    alpha_max = path.alpha_max_
    assert path.alpha_max_method_ == "exact" and path.alpha_max_n_fits_ == 0
    np.testing.assert_allclose(
        alpha_max, _closed_form_alpha_max(X, y, l1_ratio), rtol=1e-10
    )
    assert path.alphas_[-1] == alpha_max
    # every weight exactly zero at alpha_max (the path's fit), one non-zero
    # just below it
    assert path.n_nonzero_[-1] == 0
    below = clone(clf).set_params(alpha=alpha_max * (1 - 1e-3)).fit(X, y)
    assert _n_nonzero(below) > 0


def test_alpha_max_is_scikit_learns_l1_logistic_regression_threshold():
    # LogisticRegression(C) minimizes C sum_i l_i + |w|_1, that is the
    # objective above times C S with alpha = 1 / C.
    X, y = DATA["breast cancer (binary)"]()
    alpha_max = exact_alpha_max(_lasso(), X, y)
    fits = {
        factor: LogisticRegression(
            l1_ratio=1.0, C=1 / (alpha_max * factor), solver="saga", tol=1e-10
        ).fit(X, y)
        for factor in (1 + 1e-3, 1 - 1e-2)
    }
    assert np.count_nonzero(fits[1 + 1e-3].coef_) == 0
    assert np.count_nonzero(fits[1 - 1e-2].coef_) > 0


def test_alpha_max_counts_sample_and_class_weights():
    X, y = DATA["breast cancer (binary)"]()
    rng = np.random.default_rng(0)
    sample_weight = rng.integers(1, 4, size=len(y)).astype(float)
    class_weight = {0: 3.0, 1: 0.5}
    clf = _lasso(class_weight=class_weight)
    alpha_max = exact_alpha_max(clf, X, y, sample_weight)
    weights = sample_weight * np.where(y == 0, 3.0, 0.5)
    np.testing.assert_allclose(
        alpha_max, _closed_form_alpha_max(X, y, 1.0, weights), rtol=1e-10
    )
    # integer weights are repeated rows
    repeated = np.repeat(np.arange(len(y)), sample_weight.astype(int))
    np.testing.assert_allclose(
        alpha_max, exact_alpha_max(clf, X[repeated], y[repeated]), rtol=1e-10
    )
    at = clone(clf).set_params(alpha=alpha_max).fit(X, y, sample_weight)
    below = clone(clf).set_params(alpha=alpha_max * (1 - 1e-3))
    assert _n_nonzero(at) == 0
    assert _n_nonzero(below.fit(X, y, sample_weight)) > 0


def test_alpha_max_of_a_pipeline_sees_the_transformed_data():
    X, y = load_breast_cancer(return_X_y=True)
    pipe = make_pipeline(StandardScaler(), _lasso())
    path = regularization_path(
        pipe,
        X,
        y,
        param_name="logisticmlpclassifier__alpha",
        alphas="auto",
        n_alphas=2,
        progress=False,
    )
    assert path.alpha_max_method_ == "exact"
    X_scaled = StandardScaler().fit_transform(X)
    np.testing.assert_allclose(
        path.alpha_max_, _closed_form_alpha_max(X_scaled, y, 1.0), rtol=1e-10
    )
    assert path.n_nonzero_.tolist()[-1] == 0


def _spread(estimator, X):
    """How much the predicted probabilities vary over ``X``."""
    return np.ptp(estimator.predict_proba(X), axis=0).max()


@pytest.mark.parametrize(
    "penalty, data",
    [("l2", "iris pair"), ("l1", "iris pair"), ("l2", "iris (3 classes)")],
)
def test_hidden_layers_collapse_at_the_last_alpha_only(penalty, data):
    X, y = _standardized(load_iris_pair) if data == "iris pair" else DATA[data]()
    clf = LogisticMLPClassifier(
        hidden_layer_sizes=(10,),
        penalty=penalty,
        solver="lbfgs",
        max_iter=500,
        random_state=0,
    )
    path = regularization_path(clf, X, y, alphas="auto", n_alphas=8, progress=False)
    assert path.alpha_max_method_ == "bisection"
    assert 0 < path.alpha_max_n_fits_ <= MAX_FITS
    spreads = [_spread(est, X) for est in path.estimators_]
    assert spreads[-1] < 1e-4 < spreads[-2]
    assert path.n_nonzero_[-2] > 0


@pytest.mark.parametrize(
    "penalty, l1_ratio, named",
    [("l2", 0.15, "penalty='l2'"), ("elasticnet", 0.0, "l1_ratio=0.0")],
)
def test_no_l1_part_without_hidden_layer_is_refused_at_once(penalty, l1_ratio, named):
    # a linear model without an L1 part has no alpha_max: its weights are
    # never zero at a finite alpha (scikit-learn's L2 logistic regression
    # keeps non-zero weights at C = 1e-8; ElasticNetCV refuses its own grid
    # at l1_ratio=0). It bisected to a tolerance (7e5) before.
    X, y = _standardized(load_iris_pair)
    tiny_c = LogisticRegression(C=1e-8).fit(X, y)
    assert np.all(tiny_c.coef_ != 0)
    clf = LogisticMLPClassifier(
        hidden_layer_sizes=(), penalty=penalty, l1_ratio=l1_ratio
    )
    with mock.patch.object(LogisticMLPClassifier, "fit", side_effect=AssertionError):
        with pytest.raises(
            ValueError, match=re.escape(named) + ".*no alpha_max.*give the"
        ) as e:
            regularization_path(clf, X, y, alphas="auto", progress=False)
    assert "needs a penalty with an L1 part" in str(e.value)


@pytest.mark.parametrize("n_alphas, eps", [(20, 1e-3), (7, 1e-2), (2, 0.5)])
def test_grid_is_geometric(n_alphas, eps):
    X, y = DATA["iris (3 classes)"]()
    path = regularization_path(
        _lasso(), X, y, alphas="auto", n_alphas=n_alphas, eps=eps, progress=False
    )
    alphas = path.alphas_
    assert len(alphas) == n_alphas
    assert alphas[-1] == path.alpha_max_
    np.testing.assert_allclose(alphas[0], eps * path.alpha_max_, rtol=1e-12)
    ratios = alphas[1:] / alphas[:-1]
    np.testing.assert_allclose(ratios, eps ** (-1 / (n_alphas - 1)), rtol=1e-10)


def test_given_alphas_keep_their_meaning():
    X, y = _standardized(load_iris_pair)
    clf = _lasso()
    path = regularization_path(clf, X, y, alphas=[0.5, 2.0], progress=False)
    assert path.alphas_.tolist() == [0.5, 2.0]
    assert path.alpha_max_ is None and path.alpha_max_method_ is None
    default = regularization_path(clf, X, y, progress=False)
    np.testing.assert_array_equal(default.alphas_, np.logspace(-3, 3, 20))


@pytest.mark.parametrize(
    "params, message",
    [
        ({"param_name": "l1_ratio"}, "'l1_ratio' is another parameter"),
        ({"n_alphas": 1}, "'n_alphas' parameter"),
        ({"eps": 1.0}, "'eps' parameter"),
        ({"alphas": "log"}, "'alphas' parameter"),
    ],
)
def test_bad_auto_grid_arguments(params, message):
    X, y = _standardized(load_iris_pair)
    kwargs = {"alphas": "auto", **params}
    with pytest.raises(ValueError, match=message):
        regularization_path(_lasso(), X, y, progress=False, **kwargs)


@pytest.mark.parametrize("hidden", [(), (3,)])
def test_a_model_that_never_collapses_is_an_error(hidden):
    # without a penalty, alpha changes nothing: refused before any fit (it
    # was refused after 20 fits, without naming the penalty)
    X, y = _standardized(load_iris_pair)
    clf = LogisticMLPClassifier(hidden_layer_sizes=hidden, penalty=None, max_iter=1)
    with pytest.raises(ValueError, match=r"penalty=None, so alpha changes nothing"):
        regularization_path(clf, X, y, alphas="auto", progress=False)


def _problems(n_problems):
    """Small random problems: two and three classes, a few features."""
    rng = np.random.default_rng(0)
    shapes = [(30, 3, 2), (40, 5, 3), (25, 2, 2)]
    problems = []
    while len(problems) < n_problems:
        n, p, k = shapes[len(problems) % len(shapes)]
        X, y = rng.normal(size=(n, p)), rng.integers(k, size=n)
        if np.unique(y).size == k:
            problems.append((X, y))
    return problems


# float32 stops short of tol on the fits just below alpha_max, and says so
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("scale", [0.01, 1.0, 100.0])
def test_every_weight_is_exactly_zero_at_alpha_max(scale, dtype):
    # the lbfgs split stopped within tol of the zero optimum: up to 7e-4 left
    # in 10 of 17 problems at scale 0.01, 6 of 17 at scale 1 (float64)
    for X, y in _problems(9):
        X = (X * scale).astype(dtype)
        # a tol that resolves the weights just below alpha_max at every scale
        clf = _lasso(tol=1e-10 if dtype == np.float64 else 1e-7)
        alpha_max = exact_alpha_max(clf, X, y)
        np.testing.assert_allclose(
            alpha_max, _closed_form_alpha_max(X.astype(float), y, 1.0), rtol=1e-5
        )
        at = clone(clf).set_params(alpha=alpha_max).fit(X, y)
        assert _n_nonzero(at) == 0
        below = clone(clf).set_params(alpha=alpha_max * (1 - 1e-2)).fit(X, y)
        assert _n_nonzero(below) > 0


@pytest.mark.parametrize("loss", ["squared_error", "kl_divergence", "focal"])
def test_other_losses_with_finite_intercepts_have_exact_zeros_at_alpha_max(loss):
    X, y = DATA["iris (3 classes)"]()
    clf = _lasso(loss=loss)
    path = regularization_path(clf, X, y, alphas="auto", n_alphas=2, progress=False)
    assert path.alpha_max_method_ == "exact"
    assert path.n_nonzero_[-1] == 0
    below = clone(clf).set_params(alpha=path.alpha_max_ * (1 - 1e-2)).fit(X, y)
    assert _n_nonzero(below) > 0


def _intercept_only_minimum(loss, y):
    """Where the mean loss of one constant logit is least, searched in [-40, 40]."""
    from scipy.optimize import minimize_scalar

    from sklearn_losses.losses import get_loss

    bound = get_loss(loss, n_classes=2)

    def mean_loss(b):
        return float(np.mean(bound.loss(y, np.full(len(y), b))))

    return minimize_scalar(mean_loss, bounds=(-40, 40), method="bounded").x


@pytest.mark.parametrize(
    "loss", ["log_loss", "squared_error", "absolute_error", "kl_divergence", "focal"]
)
def test_finite_intercept_optimum_is_declared_truly(loss):
    # 30% of class 1: a finite best logit is near logit(0.3) = -0.85; the
    # absolute error's best constant output predicts class 0 with certainty
    from sklearn_losses.losses import get_loss

    y = np.repeat([0, 1], [7, 3])
    finite = abs(_intercept_only_minimum(loss, y)) < 30
    assert get_loss(loss).finite_intercept_optimum == bool(finite)


def test_absolute_error_alpha_max_is_found_by_bisection():
    # the closed form assumed finite best intercepts, which the absolute error
    # has not (its best constant output predicts the majority class with
    # certainty): it gave 2.0e-12, where every fit of the grid kept its weights
    X, y = DATA["breast cancer (binary)"]()
    clf = _lasso(loss="absolute_error")
    path = regularization_path(clf, X, y, alphas="auto", n_alphas=3, progress=False)
    assert path.alpha_max_method_ == "bisection"
    assert _spread(path.estimators_[-1], X) < 1e-4
    below = clone(clf).set_params(alpha=path.alpha_max_ / 1.1).fit(X, y)
    assert _spread(below, X) > 1e-4


@pytest.mark.parametrize("hidden", [(), (3,)])
@pytest.mark.parametrize("value, kind", [(0.0, "zero"), (2.5, "constant")])
def test_data_without_signal_is_refused_at_once(value, kind, hidden):
    # all-zero X failed in numpy ("Geometric sequence cannot include zero");
    # constant X gave alpha_max = 8.9e-16, rounding noise
    _, y = load_iris_pair(return_X_y=True)
    X = np.full((len(y), 2), value)
    clf = LogisticMLPClassifier(hidden_layer_sizes=hidden, penalty="l1", max_iter=5)
    with pytest.raises(ValueError, match=f"every feature of X is {kind}"):
        regularization_path(clf, X, y, alphas="auto", progress=False)
