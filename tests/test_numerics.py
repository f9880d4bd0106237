"""Tests of the stable numerics against scipy and closed forms written here."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy.special import log_softmax, softmax

from sklearn_losses._numerics import (
    binary_parts,
    neg_log_p_y,
    residual,
    row_max,
    row_sum,
    softmax_lse,
    softplus,
    xlogx,
)

Z = np.array([-3.0, -0.5, 0.0, 0.7, 4.0])
RAW = np.array([[1.5, -0.3, 0.2], [0.1, 2.2, -1.0], [-0.5, 0.4, 0.9]])
Y = np.array([0, 2, 1])


def test_softplus_closed_form_and_extremes():
    assert_allclose(softplus(Z), np.log1p(np.exp(Z)), rtol=1e-14)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert softplus(np.array([1000.0, -1000.0])).tolist() == [1000.0, 0.0]
    assert softplus(np.float32([2.0])).dtype == np.float32


@pytest.mark.parametrize("n_columns", [1, 3, 40])
def test_row_max_and_row_sum_match_numpy(n_columns):
    a = np.random.default_rng(0).normal(size=(5, n_columns))
    assert_allclose(row_max(a), a.max(axis=1), rtol=0)
    assert_allclose(row_sum(a), a.sum(axis=1), rtol=1e-14)


def test_softmax_lse_matches_scipy_with_large_row_offsets():
    raw = RAW + np.array([[0.0], [1e4], [-1e4]])
    flat = np.arange(3) * 3 + Y
    proba, log_p_y = softmax_lse(raw, flat)
    assert_allclose(proba, softmax(raw, axis=1), rtol=1e-14)
    log_p = log_softmax(raw, axis=1)
    assert_allclose(log_p_y, log_p[np.arange(3), Y], rtol=1e-13)
    assert softmax_lse(raw)[1] is None
    assert_allclose(neg_log_p_y(Y, raw), -log_p[np.arange(3), Y], rtol=1e-13)


def test_residual_is_proba_minus_onehot_with_exact_one_minus_p_y():
    proba = softmax(RAW, axis=1)
    r = proba.copy()
    u, p_y = residual(r, np.arange(3) * 3 + Y)
    onehot = np.eye(3)[Y]
    assert_allclose(r, proba - onehot, atol=1e-15)
    assert_allclose(p_y, proba[np.arange(3), Y])
    assert_allclose(u, 1 - p_y, rtol=1e-14)


def test_binary_parts_and_xlogx():
    s, t = binary_parts(np.array([1, 0]), np.array([[2.0], [3.0]]))
    assert s.tolist() == [-1.0, 1.0] and t.tolist() == [-2.0, 3.0]
    assert xlogx(0.0) == 0.0
    assert xlogx(0.5) == pytest.approx(0.5 * np.log(0.5))
