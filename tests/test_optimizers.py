"""Optimizers against their update rules written out by hand (the formulas of
the papers, as torch and scikit-learn publish them)."""

import numpy as np
import pytest

from sklearn_losses.optimizers import SGD, Adam, AdamState, SGDState

RNG = np.random.default_rng(0)


def test_adam_step_follows_the_paper():
    opt = Adam(learning_rate=0.01, beta_1=0.8, beta_2=0.99, epsilon=1e-7)
    reference = RNG.standard_normal(6)
    params = reference.copy()
    state = opt.init(params)
    m = np.zeros(6)
    v = np.zeros(6)
    for t in range(1, 30):
        g = RNG.standard_normal(6)
        m = 0.8 * m + 0.2 * g
        v = 0.99 * v + 0.01 * g * g
        # scikit-learn's form: bias corrections folded into the learning rate
        lr_t = 0.01 * np.sqrt(1 - 0.99**t) / (1 - 0.8**t)
        update = -lr_t * m / (np.sqrt(v) + 1e-7)
        reference += update
        step = opt.step(params, g.copy(), state)
        # the step multiplying the bias-corrected moment m_hat
        m_hat = m / (1 - 0.8**t)
        np.testing.assert_allclose(step * m_hat, -update, rtol=1e-10)
        d = 0.01 * np.sqrt(1 - 0.99**t) / (np.sqrt(v) + 1e-7)
        np.testing.assert_allclose(step, d, rtol=1e-10)
        np.testing.assert_allclose(params, reference, rtol=1e-12)
        assert state.t == t


def test_adam_without_the_step_size_updates_the_same():
    # return_step=False (no proximal step needs it) skips only the step size
    opt = Adam(learning_rate=0.01, beta_1=0.8, beta_2=0.99, epsilon=1e-7)
    params = RNG.standard_normal(5)
    reference = params.copy()
    state = opt.init(params)
    m = v = np.zeros(5)
    for t in range(1, 10):
        g = RNG.standard_normal(5)
        m = 0.8 * m + 0.2 * g
        v = 0.99 * v + 0.01 * g * g
        lr_t = 0.01 * np.sqrt(1 - 0.99**t) / (1 - 0.8**t)
        reference -= lr_t * m / (np.sqrt(v) + 1e-7)
        assert opt.step(params, g.copy(), state, return_step=False) is None
        np.testing.assert_allclose(params, reference, rtol=1e-12)


def test_adam_matches_the_bias_corrected_form_of_torch():
    # torch.optim.Adam's documented rule: p -= lr * m_hat / (sqrt(v_hat) + eps)
    # with eps added after the bias correction of v, i.e. eps' = eps / sqrt(1 -
    # beta_2**t) in scikit-learn's form: with eps -> 0 the two agree
    opt = Adam(learning_rate=0.1, beta_1=0.9, beta_2=0.999, epsilon=1e-300)
    params = np.array([1.0, -2.0, 0.5])
    reference = params.copy()
    state = opt.init(params)
    m = v = np.zeros(3)
    for t in range(1, 6):
        g = np.array([0.3, -1.0, 2.0]) * t
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g**2
        m_hat, v_hat = m / (1 - 0.9**t), v / (1 - 0.999**t)
        reference -= 0.1 * m_hat / np.sqrt(v_hat)
        opt.step(params, g.copy(), state)
    np.testing.assert_allclose(params, reference, rtol=1e-12)


@pytest.mark.parametrize("nesterov", [True, False])
def test_sgd_momentum_matches_hand_written_rule(nesterov):
    opt = SGD(learning_rate=0.1, momentum=0.9, nesterov=nesterov)
    params = RNG.standard_normal(9)
    state = opt.init(params)
    velocity = np.zeros_like(params)
    reference = params.copy()
    for _ in range(10):
        g = RNG.standard_normal(params.size)
        velocity = 0.9 * velocity - 0.1 * g
        reference += 0.9 * velocity - 0.1 * g if nesterov else velocity
        assert opt.step(params, g.copy(), state) == 0.1
    np.testing.assert_allclose(params, reference, rtol=1e-12)
    np.testing.assert_allclose(state.velocity, velocity, rtol=1e-12)


@pytest.mark.parametrize("opt", [SGD(), Adam()], ids=repr)
def test_state_is_typed_separate_from_the_configuration_and_converts(opt):
    params = np.zeros(3)
    state = opt.init(params)
    assert isinstance(state, (SGDState, AdamState)) and state.t == 0
    assert isinstance(state, opt.state_type)
    opt.step(params, np.ones(3), state)
    assert state.t == 1 and not hasattr(opt, "t")  # nothing mutable on opt
    as32 = state.astype(np.float32)
    assert as32.t == 1 and as32 is not state
    assert all(
        getattr(as32, f).dtype == np.float32
        for f in ("velocity", "m", "v", "scratch")
        if hasattr(as32, f)
    )


@pytest.mark.parametrize(
    "cls, params, match",
    [
        (Adam, {"learning_rate": 0.0}, "learning_rate"),
        (Adam, {"beta_1": 1.0}, "beta_1"),
        (Adam, {"epsilon": -1.0}, "epsilon"),
        (SGD, {"momentum": 1.5}, "momentum"),
        (SGD, {"nesterov": "yes"}, "nesterov"),
        (SGD, {"schedule": "cosine"}, "'schedule'.*'adaptive'.*"),
        (SGD, {"power_t": -0.5}, "power_t"),
    ],
)
def test_hyperparameters_are_validated_declaratively(cls, params, match):
    with pytest.raises(ValueError, match=match):
        cls(**params)
    with pytest.raises(ValueError, match=match):
        cls().set_params(**params)


# -- learning-rate schedules (MLPClassifier's SGDOptimizer, written out) -------


@pytest.mark.parametrize("power_t", [0.0, 0.25, 0.5, 1.0])
def test_invscaling_steps_at_the_inverse_power_of_the_samples_seen(power_t):
    # the rate after each epoch is lr / (n_seen + 1) ** power_t; the first
    # epoch's steps are at lr; momentum 0 makes each step -rate * gradient
    opt = SGD(learning_rate=0.3, momentum=0.0, schedule="invscaling", power_t=power_t)
    params = RNG.standard_normal(4)
    reference = params.copy()
    state = opt.init(params)
    rate, n_seen = 0.3, 0
    for _ in range(5):  # epochs of 3 steps of 7 samples
        for _ in range(3):
            g = RNG.standard_normal(4)
            reference -= rate * g
            assert opt.step(params, g.copy(), state) == rate
        n_seen += 21
        opt.end_epoch(state, n_seen)
        rate = 0.3 / (n_seen + 1) ** power_t
        assert state.learning_rate == pytest.approx(rate, rel=1e-15)
    np.testing.assert_allclose(params, reference, rtol=1e-12)


def test_adaptive_divides_by_five_until_one_millionth_then_stops():
    opt = SGD(learning_rate=0.1, schedule="adaptive")
    state = opt.init(np.zeros(2))
    rates = [state.learning_rate]
    while opt.on_plateau(state):
        rates.append(state.learning_rate)
        opt.end_epoch(state, n_seen=1000)  # no effect on this schedule
    # 0.1 / 5**k for k = 0..8; 0.1 / 5**8 = 2.56e-7 <= 1e-6 stops
    np.testing.assert_allclose(rates, 0.1 / 5.0 ** np.arange(9), rtol=1e-15)
    assert rates[-2] > 1e-6 >= rates[-1]
    assert not opt.on_plateau(state) and state.learning_rate == rates[-1]
    g = np.ones(2)
    assert opt.step(np.zeros(2), g, state) == rates[-1]


@pytest.mark.parametrize(
    "opt",
    [SGD(schedule="constant"), SGD(schedule="invscaling"), Adam()],
    ids=["constant", "invscaling", "adam"],
)
def test_other_schedules_stop_at_a_plateau_and_keep_their_rate(opt):
    state = opt.init(np.zeros(2))
    before = getattr(state, "learning_rate", None)
    assert opt.on_plateau(state) is False
    assert getattr(state, "learning_rate", None) == before


def test_constant_rate_follows_set_params_at_once():
    # a state carried over (partial_fit) steps at the configured rate
    opt = SGD(learning_rate=0.1, momentum=0.0)
    params = np.zeros(1)
    state = opt.init(params)
    opt.set_params(learning_rate=0.5)
    assert opt.step(params, np.ones(1), state) == 0.5
    np.testing.assert_allclose(params, [-0.5])
