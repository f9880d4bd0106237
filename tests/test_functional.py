"""Tests of sklearn_losses.functional against independent references: the
formulas written out here, PyTorch's values (as literals, and live when torch
is importable) and scikit-learn's messages for bad input."""

import math
import warnings

import numpy as np
import pytest
from _loss_cases import LOGITS, Y_MC, softmax
from numpy.testing import assert_allclose
from sklearn.datasets import make_classification

from sklearn_losses import LogisticMLPClassifier
from sklearn_losses.functional import (
    binary_cross_entropy,
    cosine_embedding_loss,
    cross_entropy_from_logits,
    kl_divergence,
    regularized_loss,
)

# A small worked example: labels, predicted probabilities and weights.
LAB_Y = np.array([1, 0, 1, 1, 0])
LAB_P = np.array([0.9, 0.2, 0.8, 0.7, 0.1])
LAB_W = np.array([0.5, -0.3, 0.8, -0.2, 0.1])

# References, torch 2.13.0 (float64):
#   F.cross_entropy(LOGITS, Y_MC)
TORCH_CE_MEAN = 1.546546601624551
#   F.kl_div(KL_P.log(), KL_T, reduction="batchmean")
KL_T = np.array([[0.2, 0.3, 0.5], [0.0, 0.6, 0.4], [1.0, 0.0, 0.0]])
KL_P = np.array([[0.1, 0.6, 0.3], [0.25, 0.25, 0.5], [0.7, 0.2, 0.1]])
TORCH_KL_BATCHMEAN = 0.3262656198841298
#   F.cosine_embedding_loss(COS_X1, COS_X2, COS_Y, margin=m); includes a zero
#   vector and a tiny one, where torch's epsilon matters.
COS_X1 = np.array([[1.0, 2, 3], [0.5, -1, 2], [0, 0, 0], [1e-7, 0, 0], [1, 0, -1]])
COS_X2 = np.array([[2.0, 1, 0], [0.5, -1, 2.1], [1, 1, 1], [1e-7, 0, 0], [-1, 0.5, 1]])
COS_Y = np.array([1, -1, 1, 1, -1])
TORCH_COS = {0.0: 0.7023594425042414, 0.3: 0.6423594425042414, -0.5: 0.8023594425042415}
#   F.binary_cross_entropy(LAB_P, LAB_Y)
TORCH_BCE_LAB = 0.20273661557656092


def test_functions_match_torch_literals():
    assert_allclose(cross_entropy_from_logits(Y_MC, LOGITS), TORCH_CE_MEAN, rtol=1e-12)
    assert_allclose(kl_divergence(KL_T, KL_P), TORCH_KL_BATCHMEAN, rtol=1e-12)
    for margin, expected in TORCH_COS.items():
        value = cosine_embedding_loss(COS_X1, COS_X2, COS_Y, margin=margin)
        assert_allclose(value, expected, rtol=1e-12)
    assert_allclose(binary_cross_entropy(LAB_Y, LAB_P), TORCH_BCE_LAB, rtol=1e-12)


def test_functions_match_live_torch():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    rng = np.random.default_rng(8)
    z = rng.normal(scale=2, size=(12, 4))
    y = rng.integers(0, 4, size=12)
    tz, ty = torch.tensor(z), torch.tensor(y)
    assert_allclose(cross_entropy_from_logits(y, z), F.cross_entropy(tz, ty).item())

    t = rng.dirichlet(np.ones(4), size=6)
    t[0] = [0.0, 0.5, 0.5, 0.0]
    pp = rng.dirichlet(np.ones(4), size=6)
    expected = F.kl_div(torch.tensor(pp).log(), torch.tensor(t), reduction="batchmean")
    assert_allclose(kl_divergence(t, pp), expected.item(), rtol=1e-12)

    x1, x2 = rng.normal(size=(8, 5)), rng.normal(size=(8, 5))
    x1[0] = 0.0
    yc = np.where(rng.random(8) < 0.5, 1, -1)
    expected = F.cosine_embedding_loss(
        torch.tensor(x1), torch.tensor(x2), torch.tensor(yc), margin=0.2
    )
    assert_allclose(cosine_embedding_loss(x1, x2, yc, margin=0.2), expected.item())


# ---------------------------------------------------------------------------
# Worked numbers
# ---------------------------------------------------------------------------


def _textbook_bce(y_true, y_pred):
    # The formula as usually written, clip then log, as the reference.
    y_pred = np.clip(y_pred, 1e-15, 1 - 1e-15)
    return -np.mean(y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred))


def test_binary_cross_entropy_worked_numbers():
    assert round(binary_cross_entropy(LAB_Y, LAB_P), 4) == 0.2027
    assert round(binary_cross_entropy(LAB_Y, [1.0, 0.0, 1.0, 1.0, 0.0]), 4) == 0.0
    near_perfect = binary_cross_entropy([1, 0, 1], [0.99, 0.01, 0.99])
    assert round(near_perfect, 4) == 0.0101
    assert isinstance(near_perfect, float)


def test_binary_cross_entropy_arrogant_is_finite_without_warnings():
    y, arrogant = np.array([1, 0, 1]), np.array([0.0, 1.0, 0.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = binary_cross_entropy(y, arrogant)
    assert math.isfinite(value)
    assert_allclose(value, _textbook_bce(y, arrogant), rtol=1e-12)
    assert_allclose(value, -np.log(1e-15), rtol=1e-3)


def test_binary_cross_entropy_sample_weight_and_eps():
    w = np.array([1.0, 2.0, 0.0, 1.0, 3.0])
    expected = np.average(
        -(LAB_Y * np.log(LAB_P) + (1 - LAB_Y) * np.log(1 - LAB_P)), weights=w
    )
    assert_allclose(binary_cross_entropy(LAB_Y, LAB_P, sample_weight=w), expected)
    assert_allclose(binary_cross_entropy([1], [0.0], eps=1e-3), -np.log(1e-3))


def test_regularized_loss_worked_number_and_penalties():
    assert round(regularized_loss(LAB_Y, LAB_P, LAB_W, 0.5), 4) == 0.2542
    # The textbook formula, written out: lambda * sum(w^2) / (2 N).
    bce = _textbook_bce(LAB_Y, LAB_P)
    n = LAB_W.size
    assert_allclose(
        regularized_loss(LAB_Y, LAB_P, LAB_W, 0.5),
        bce + 0.5 * (LAB_W**2).sum() / (2 * n),
    )
    l1 = np.abs(LAB_W).sum()
    assert_allclose(
        regularized_loss(LAB_Y, LAB_P, LAB_W, 0.5, penalty="l1"), bce + 0.5 * l1 / n
    )
    enet = 0.3 * l1 + 0.7 / 2 * (LAB_W**2).sum()
    assert_allclose(
        regularized_loss(LAB_Y, LAB_P, LAB_W, 0.5, penalty="elasticnet", l1_ratio=0.3),
        bce + 0.5 * enet / n,
    )
    weights_2d = LAB_W[:4].reshape(2, 2)
    assert_allclose(
        regularized_loss(LAB_Y, LAB_P, weights_2d, 2.0),
        bce + 2.0 * (weights_2d**2).sum() / (2 * 4),
    )


def test_regularized_loss_matches_classifier_penalty_convention():
    # lambda / N times the classifier's penalty
    # P(W) = rho |W|_1 + (1 - rho) / 2 |W|^2 (rho 0 for l2, 1 for l1).
    bce = _textbook_bce(LAB_Y, LAB_P)
    cases = [("l2", 0.5, 0.0), ("l1", 0.5, 1.0), ("elasticnet", 0.3, 0.3)]
    for penalty, l1_ratio, rho in cases:
        p_w = rho * np.abs(LAB_W).sum() + (1 - rho) / 2 * (LAB_W**2).sum()
        expected = bce + 0.5 / LAB_W.size * p_w
        value = regularized_loss(
            LAB_Y, LAB_P, LAB_W, 0.5, penalty=penalty, l1_ratio=l1_ratio
        )
        assert_allclose(value, expected, rtol=1e-12)


@pytest.mark.parametrize(
    "penalty, l1_ratio", [("l2", 0.5), ("l1", 0.5), ("elasticnet", 0.4)]
)
def test_regularized_loss_is_the_classifier_objective(penalty, l1_ratio):
    # The fitted classifier reports its objective, weighted mean loss plus
    # (alpha / S) * P(W); regularized_loss divides by the number of weights N
    # instead, so lambda = alpha * N / S gives the same number.
    X, y = make_classification(n_samples=60, n_features=4, random_state=0)
    sample_weight = np.random.default_rng(0).uniform(0.2, 3.0, size=60)
    alpha = 2.0
    clf = LogisticMLPClassifier(
        (),
        solver="lbfgs",
        penalty=penalty,
        alpha=alpha,
        l1_ratio=l1_ratio,
        tol=1e-10,
        max_iter=2000,
    ).fit(X, y, sample_weight=sample_weight)
    coef = clf.coefs_[0]
    lam = alpha * coef.size / sample_weight.sum()
    value = regularized_loss(
        y,
        clf.predict_proba(X)[:, 1],
        coef,
        lam,
        penalty=penalty,
        l1_ratio=l1_ratio,
        sample_weight=sample_weight,
    )
    assert_allclose(clf.loss_, value, rtol=1e-12)
    assert_allclose(clf.loss_curve_[-1], value, rtol=1e-12)
    # the weights matter: without them the mean differs
    unweighted = regularized_loss(
        y, clf.predict_proba(X)[:, 1], coef, lam, penalty=penalty, l1_ratio=l1_ratio
    )
    assert abs(unweighted - value) > 1e-3


def test_cross_entropy_from_logits_closed_form():
    expected = np.mean(-np.log(softmax(LOGITS)[np.arange(4), Y_MC]))
    assert_allclose(cross_entropy_from_logits(Y_MC, LOGITS), expected, rtol=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert (
            cross_entropy_from_logits([1, 0], [[1000.0, -1000.0], [1000.0, 0]])
            == 1000.0
        )


def test_kl_divergence_zero_target_and_zero_prediction():
    # 0 * log(0 / p) = 0, also where p = 0.
    assert kl_divergence([[1.0, 0.0]], [[1.0, 0.0]]) == 0.0
    assert_allclose(kl_divergence([[0.5, 0.5, 0.0]], [[0.25, 0.75, 0.0]]),
                    0.5 * np.log(2) + 0.5 * np.log(0.5 / 0.75))  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert kl_divergence([[0.5, 0.5]], [[1.0, 0.0]]) == np.inf


def test_cosine_embedding_loss_closed_form():
    x1 = np.array([[3.0, 4.0], [1.0, 0.0]])
    x2 = np.array([[4.0, 3.0], [1.0, 1.0]])
    cos = np.array([24 / 25, 1 / np.sqrt(2)])
    assert_allclose(cosine_embedding_loss(x1, x2, [1, 1]), np.mean(1 - cos), rtol=1e-10)
    expected = np.mean(np.maximum(0, cos - 0.8))
    assert_allclose(cosine_embedding_loss(x1, x2, [-1, -1], margin=0.8), expected)


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        (([1, 0], [0.5, np.nan]), {}, "y_prob contains NaN"),
        (([1, 0], [0.5, np.inf]), {}, "y_prob contains inf"),
        (([1, np.nan], [0.5, 0.5]), {}, "y_true contains NaN"),
        (([1, 0], [0.5, 1.2]), {}, r"y_prob must hold probabilities in \[0, 1\]"),
        (([1, 0], [-0.1, 0.5]), {}, r"probabilities in \[0, 1\]"),
        (([1, 0, 1], [0.5, 0.5]), {}, "Inconsistent numbers of samples"),
        (([1, 2], [0.5, 0.5]), {}, "binary labels 0 and 1"),
        (([-1, 1], [0.5, 0.5]), {}, "binary labels 0 and 1"),
        (([0.5, 1], [0.5, 0.5]), {}, "binary labels 0 and 1"),
        (([1, 0], [[0.5, 0.5], [0.5, 0.5]]), {}, "y_prob must be 1-D"),
        (([1, 0], [0.5, 0.5]), {"eps": 0.0}, r"'eps' .* range \(0.0, 0.5\]"),
        (([1, 0], [0.5, 0.5]), {"eps": 0.7}, "eps"),
        (([1, 0], [0.5, 0.5]), {"sample_weight": [1.0]}, "Inconsistent"),
        (([1, 0], [0.5, 0.5]), {"sample_weight": [1.0, -1.0]}, "non-negative"),
    ],
)
def test_binary_cross_entropy_bad_input(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        binary_cross_entropy(*args, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"weights": [0.1, np.nan]}, "weights contains NaN"),
        ({"alpha": -1.0}, "alpha"),
        ({"alpha": np.inf}, r"'alpha' .* range \[0.0, inf\)"),
        ({"penalty": "l3"}, r"'penalty' .* among \{.*'elasticnet'.*\}. Got 'l3'"),
        ({"l1_ratio": 1.5}, "l1_ratio"),
        ({"y_prob": [0.9, 0.2]}, "Inconsistent numbers of samples"),
    ],
)
def test_regularized_loss_bad_input(kwargs, match):
    args = {"y_true": LAB_Y, "y_prob": LAB_P, "weights": LAB_W, "alpha": 0.5}
    args.update(kwargs)
    penalty = {k: args.pop(k) for k in ("penalty", "l1_ratio") if k in args}
    with pytest.raises(ValueError, match=match):
        regularized_loss(*args.values(), **penalty)


@pytest.mark.parametrize(
    ("y", "logits", "match"),
    [
        ([0, 3], LOGITS[:2], r"class indices 0, \.\.\., 2"),
        ([0, -1], LOGITS[:2], "class indices"),
        ([0, 0.5], LOGITS[:2], "class indices"),
        ([0, 1, 2], LOGITS[:2], "Inconsistent numbers of samples"),
        ([0, 1], [[0.0, np.nan], [0.0, 1.0]], "logits contains NaN"),
        ([0, 1], [0.0, 1.0], "logits must have 2 dimensions"),
    ],
)
def test_cross_entropy_from_logits_bad_input(y, logits, match):
    with pytest.raises(ValueError, match=match):
        cross_entropy_from_logits(y, logits)


@pytest.mark.parametrize(
    ("t", "p", "match"),
    [
        ([[0.5, 0.5]], [[0.7, 0.4]], "y_proba must sum to 1|Each row of y_proba"),
        (
            [[1.5, -0.5]],
            [[0.5, 0.5]],
            r"y_true_proba must hold probabilities in \[0, 1\]",
        ),
        ([[0.5, 0.5]], [[np.nan, 0.5]], "y_proba contains NaN"),
        ([[0.5, 0.5]], [[0.5, 0.5], [0.5, 0.5]], "Inconsistent numbers of samples"),
        ([[0.5, 0.5]], [[0.5, 0.25, 0.25]], "same shape"),
        ([0.5, 0.5], [0.5, 0.5], "must be 2-D"),
    ],
)
def test_kl_divergence_bad_input(t, p, match):
    with pytest.raises(ValueError, match=match):
        kl_divergence(t, p)


@pytest.mark.parametrize(
    ("x1", "x2", "y", "kwargs", "match"),
    [
        ([[1.0, 0]], [[1.0, 0]], [0], {}, r"y must hold 1 \(similar\) or -1"),
        ([[1.0, 0]], [[1.0, 0]], [2], {}, "y must hold"),
        ([[1.0, 0]], [[1.0, 0], [0, 1]], [1], {}, "Inconsistent numbers of samples"),
        ([[1.0, 0]], [[1.0, 0, 0]], [1], {}, "same shape"),
        ([[1.0, np.inf]], [[1.0, 0]], [1], {}, "x1 contains inf"),
        ([[1.0, 0]], [[1.0, 0]], [1], {"margin": 2.0}, "margin"),
    ],
)
def test_cosine_embedding_loss_bad_input(x1, x2, y, kwargs, match):
    with pytest.raises(ValueError, match=match):
        cosine_embedding_loss(x1, x2, y, **kwargs)
