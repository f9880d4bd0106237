"""The network's backpropagation against finite differences of an independent
forward pass, for every activation x registered loss x smooth penalty."""

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.special import expit

from sklearn_losses import LogisticMLPClassifier
from sklearn_losses._network import ACTIVATIONS, Network
from sklearn_losses.losses import LOSSES, get_loss
from sklearn_losses.penalties import L2, ElasticNet
from sklearn_losses.solvers._objective import add_penalty, mean_loss_gradient

_REFERENCE_ACTIVATIONS = {
    "identity": lambda z: z,
    "logistic": expit,
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0),
}


def _reference_objective(theta, sizes, activation, loss, X, y, sw, penalty, alpha):
    """Objective written independently of _network: loops and fresh arrays."""
    a = X
    start = 0
    weights = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        weights.append(theta[start : start + fan_in * fan_out].reshape(fan_in, fan_out))
        start += fan_in * fan_out
    for i, coef in enumerate(weights):
        b = theta[start : start + coef.shape[1]]
        start += coef.shape[1]
        a = a @ coef + b
        if i < len(weights) - 1:
            a = _REFERENCE_ACTIVATIONS[activation](a)
    pointwise = loss.loss(y, a)
    value = np.sum(sw * pointwise) / np.sum(sw)
    if penalty is not None:
        value += alpha * sum(penalty.value(w) for w in weights)
    return value


def _numeric_gradient(f, theta, h=1e-6):
    grad = np.zeros_like(theta)
    for j in range(theta.size):
        step = np.zeros_like(theta)
        step[j] = h
        grad[j] = (f(theta + step) - f(theta - step)) / (2 * h)
    return grad


def loss_problems():
    """``(loss name, n_classes)`` for each registered loss and each target
    type it declares: 2 classes for "binary", 3 for "multiclass"."""
    n_classes_of = {"binary": 2, "multiclass": 3}
    return [
        (name, n_classes_of[target_type])
        for name in sorted(LOSSES)
        for target_type in sorted(LOSSES[name].target_types)
    ]


@pytest.mark.parametrize("penalty", [None, L2(), ElasticNet(0.0)], ids=str)
@pytest.mark.parametrize("loss_name, n_classes", loss_problems())
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_backprop_matches_finite_differences(activation, loss_name, penalty, n_classes):
    rng = np.random.RandomState(0)
    n_samples, n_features = 7, 3
    X = rng.standard_normal((n_samples, n_features))
    y = np.arange(n_samples) % n_classes
    sw = rng.uniform(0.5, 2.0, n_samples)
    n_out = 1 if n_classes == 2 else n_classes
    sizes = [n_features, 4, 3, n_out]
    loss = get_loss(loss_name)
    alpha = 0.1
    net = Network(sizes, activation)
    net.initialize(rng)
    theta = net.params.copy()

    mean_loss = mean_loss_gradient(net, loss, X, y, sw)
    penalty_value = add_penalty(net, penalty, alpha)
    analytic = net.grad.copy()

    def f(t):
        return _reference_objective(
            t, sizes, activation, loss, X, y, sw, penalty, alpha
        )

    assert mean_loss + penalty_value == pytest.approx(f(theta), rel=1e-10)
    np.testing.assert_allclose(
        analytic, _numeric_gradient(f, theta), rtol=1e-5, atol=1e-7
    )


def test_unweighted_batch_equals_unit_weights_and_sparse_equals_dense():
    rng = np.random.RandomState(1)
    X = rng.standard_normal((6, 4))
    X[X < 0.3] = 0
    y = np.array([0, 1, 2, 0, 1, 2])
    loss = get_loss("log_loss")
    net = Network([4, 5, 3], "tanh")
    net.initialize(rng)
    value = mean_loss_gradient(net, loss, X, y, None)
    grad = net.grad.copy()
    assert mean_loss_gradient(net, loss, X, y, np.ones(6)) == pytest.approx(value)
    np.testing.assert_allclose(net.grad, grad, rtol=1e-12)
    assert mean_loss_gradient(net, loss, sp.csr_matrix(X), y, None) == pytest.approx(
        value
    )
    np.testing.assert_allclose(net.grad, grad, rtol=1e-12)


def test_buffers_shrink_for_a_short_last_batch_and_views_share_memory():
    rng = np.random.RandomState(2)
    net = Network([3, 4, 1], "relu")
    net.initialize(rng)
    X = rng.standard_normal((10, 3))
    full = net.forward(X).copy()
    part = net.forward(X[:4])
    np.testing.assert_allclose(part, full[:4])
    np.testing.assert_allclose(net.forward(X, buffered=False), full)
    net.coefs[0][0, 0] = 123.0
    assert net.params[0] == 123.0
    assert net.n_weights == 3 * 4 + 4 * 1


@pytest.mark.parametrize("activation, factor", [("logistic", 2.0), ("relu", 6.0)])
def test_initialisation_matches_scikit_learn_glorot_bounds(activation, factor):
    # MLPClassifier._init_coef: per layer, coef then intercept, each drawn from
    # U(-b, b) with b = sqrt(factor / (fan_in + fan_out)), factor 2 for logistic
    net = Network([10, 20, 1], activation)
    net.initialize(np.random.RandomState(0))
    rng = np.random.RandomState(0)
    for i, (fan_in, fan_out) in enumerate([(10, 20), (20, 1)]):
        bound = np.sqrt(factor / (fan_in + fan_out))
        expected_coef = rng.uniform(-bound, bound, (fan_in, fan_out))
        expected_intercept = rng.uniform(-bound, bound, fan_out)
        np.testing.assert_array_equal(net.coefs[i], expected_coef)
        np.testing.assert_array_equal(net.intercepts[i], expected_intercept)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_unknown_activation_is_rejected():
    # the estimator validates the activation; the network trusts it
    with pytest.raises(ValueError, match="relu"):
        LogisticMLPClassifier(activation="softsign").fit([[0.0], [1.0]], [0, 1])
    for activation in ACTIVATIONS:
        LogisticMLPClassifier((2,), activation=activation, max_iter=1).fit(
            [[0.0], [1.0]], [0, 1]
        )


def test_set_weights_copies_into_the_flat_vector_and_leaves_set_params_alone():
    # set_params is scikit-learn's name for hyperparameters; the network's
    # weights are set by set_weights
    net = Network([3, 2, 1], "tanh")
    coefs = [np.arange(6.0).reshape(3, 2), np.array([[6.0], [7.0]])]
    intercepts = [np.array([8.0, 9.0]), np.array([10.0])]
    net.set_weights(coefs, intercepts)
    np.testing.assert_array_equal(net.params, np.arange(11.0))  # weights first
    assert not hasattr(net, "set_params")
