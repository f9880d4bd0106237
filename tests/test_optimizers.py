"""Optimizers against the update rules written out by hand."""

import numpy as np
import pytest

from sklearn_losses.optimizers import SGD, SOLVERS, Adam

RNG = np.random.default_rng(0)


def test_solvers():
    assert SOLVERS == ("adam", "sgd", "lbfgs")


def test_adam_update_and_step_follow_the_paper():
    opt = Adam(learning_rate=0.01, beta_1=0.8, beta_2=0.99, epsilon=1e-7)
    params = RNG.standard_normal(6)
    flat = params.copy()
    state, flat_state = opt.init(params), opt.init(flat)
    m = np.zeros(6)
    v = np.zeros(6)
    for t in range(1, 30):
        g = RNG.standard_normal(6)
        m = 0.8 * m + 0.2 * g
        v = 0.99 * v + 0.01 * g * g
        # scikit-learn's form: bias corrections folded into the learning rate
        lr_t = 0.01 * np.sqrt(1 - 0.99**t) / (1 - 0.8**t)
        expected = -lr_t * m / (np.sqrt(v) + 1e-7)
        updates, state = opt.update(g, state)
        np.testing.assert_allclose(updates, expected, rtol=1e-10)
        params = params + updates
        step = opt.step(flat, g.copy(), flat_state)
        # the step multiplying the bias-corrected moment m_hat
        m_hat = m / (1 - 0.8**t)
        np.testing.assert_allclose(step * m_hat, -updates, rtol=1e-10)
        d = 0.01 * np.sqrt(1 - 0.99**t) / (np.sqrt(v) + 1e-7)
        np.testing.assert_allclose(step, d, rtol=1e-10)
    np.testing.assert_allclose(flat, params, rtol=1e-12)


@pytest.mark.parametrize("nesterov", [True, False])
def test_sgd_momentum_matches_hand_written_rule(nesterov):
    opt = SGD(learning_rate=0.1, momentum=0.9, nesterov=nesterov)
    params = [RNG.standard_normal((2, 3)), RNG.standard_normal(3)]
    flat = np.concatenate([p.ravel() for p in params])
    state, flat_state = opt.init(params), opt.init(flat)
    velocity = np.zeros_like(flat)
    reference = flat.copy()
    for _ in range(10):
        g = RNG.standard_normal(flat.size)
        velocity = 0.9 * velocity - 0.1 * g
        update = 0.9 * velocity - 0.1 * g if nesterov else velocity
        reference += update
        grads = [g[:6].reshape(2, 3), g[6:]]
        updates, state = opt.update(grads, state)
        params = [p + u for p, u in zip(params, updates, strict=True)]
        assert opt.step(flat, g.copy(), flat_state) == 0.1
    np.testing.assert_allclose(flat, reference, rtol=1e-12)
    np.testing.assert_allclose(
        np.concatenate([p.ravel() for p in params]), reference, rtol=1e-12
    )


def test_update_does_not_modify_the_input_state():
    opt = Adam()
    state = opt.init(np.zeros(3))
    m_before = state["m"].copy()
    opt.update(np.ones(3), state)
    np.testing.assert_array_equal(state["m"], m_before)
    assert state["t"] == 0
