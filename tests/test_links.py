"""Tests of the links against closed forms written here."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose

from sklearn_losses._numerics import is_binary_raw
from sklearn_losses.links import LogitLink, SoftmaxLink, get_link

Z = np.array([-3.0, -0.5, 0.0, 0.7, 4.0])
RAW = np.array([[1.5, -0.3, 0.2], [0.1, 2.2, -1.0], [-0.5, 0.4, 0.9]])


def test_logit_link_closed_forms():
    link = LogitLink()
    p = 1 / (1 + np.exp(-Z))
    assert_allclose(link.inverse(Z), p, rtol=1e-14)
    assert_allclose(link.link(p), Z, rtol=1e-12, atol=1e-12)
    assert_allclose(link.log_inverse(Z), np.log(p), rtol=1e-12)
    assert_allclose(link.predict_proba(Z), np.column_stack([1 - p, p]), rtol=1e-12)
    assert_allclose(link.predict_proba(Z[:, None]), link.predict_proba(Z))


def test_softmax_link_closed_forms():
    link = SoftmaxLink()
    e = np.exp(RAW)
    p = e / e.sum(axis=1, keepdims=True)
    assert_allclose(link.inverse(RAW), p, rtol=1e-14)
    assert_allclose(link.log_inverse(RAW), np.log(p), rtol=1e-12)
    back = link.link(p)
    assert_allclose(back.sum(axis=1), 0, atol=1e-12)
    # Defined up to a constant per row.
    assert_allclose(back, RAW - RAW.mean(axis=1, keepdims=True), atol=1e-12)
    assert_allclose(link.predict_proba(RAW), p)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_links_at_logits_of_1000_are_exact_and_silent(dtype):
    z = np.array([1000.0, -1000.0], dtype=dtype)
    raw = np.array([[1000.0, -1000.0, 0.0]], dtype=dtype)
    with warnings.catch_warnings(), np.errstate(divide="raise", over="raise"):
        warnings.simplefilter("error")
        assert LogitLink().inverse(z).tolist() == [1.0, 0.0]
        assert LogitLink().log_inverse(z).tolist() == [0.0, -1000.0]
        assert LogitLink().predict_proba(z).tolist() == [[0.0, 1.0], [1.0, 0.0]]
        assert SoftmaxLink().inverse(raw).tolist() == [[1.0, 0.0, 0.0]]
        assert SoftmaxLink().log_inverse(raw).tolist() == [[0.0, -2000.0, -1000.0]]
    for out in (
        LogitLink().inverse(z),
        LogitLink().predict_proba(z),
        SoftmaxLink().inverse(raw),
        SoftmaxLink().log_inverse(raw),
    ):
        assert out.dtype == dtype


def test_link_of_probability_zero_is_minus_inf_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert SoftmaxLink().link(np.array([[1.0, 0.0]]))[0, 1] == -np.inf
        assert LogitLink().link(np.array([0.0, 1.0])).tolist() == [-np.inf, np.inf]


def test_get_link_follows_the_shape():
    assert isinstance(get_link(np.zeros(3)), LogitLink)
    assert isinstance(get_link(np.zeros((3, 1))), LogitLink)
    assert isinstance(get_link(np.zeros((3, 2))), SoftmaxLink)
    assert is_binary_raw(np.zeros((3, 1))) and not is_binary_raw(np.zeros((3, 4)))


def test_softmax_link_centres_each_row_regardless_of_the_others():
    # A zero probability in one row must not change the other rows' output.
    p = np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        z = SoftmaxLink().link(p)
    log_p = np.log(p[0])
    assert_allclose(z[0], log_p - log_p.mean(), atol=1e-12)
    assert z[1, 0] == 0.0 and np.all(z[1, 1:] == -np.inf)
