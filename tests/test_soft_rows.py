"""Soft targets (rows of class probabilities) with class weights and scorers.

References independent of the fitting code: scikit-learn's
``LogisticRegression`` on rows copied once per class, copy ``k`` weighted
``c_k * q_ik`` (the class-weighted cross-entropy), fits to those copies as
labels, closed forms (a model without features predicts the weighted class
masses), and metrics written out with numpy.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.preprocessing import StandardScaler
from sklearn.utils.class_weight import compute_class_weight

from sklearn_losses import LogisticMLPClassifier
from sklearn_losses.losses import (
    AbsoluteError,
    FocalLoss,
    KLDivergence,
    LogLoss,
    PerLabelLoss,
    SquaredError,
)
from sklearn_losses.metrics import SCORERS, get_scorer

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

CONVEX = dict(hidden_layer_sizes=(), alpha=1.0, tol=1e-10, max_iter=1000)
LBFGS_CLOSE = dict(rtol=1e-5, atol=1e-6)


def _imbalanced_teacher():
    """Iris rows 50/20/8 per class, and a smooth teacher's probabilities."""
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    keep = np.r_[0:50, 50:70, 100:108]
    teacher = LogisticRegression(C=0.3).fit(X[:, :2], y)
    return X[keep], teacher.predict_proba(X[keep, :2]), y[keep]


X, Y, Y_LABELS = _imbalanced_teacher()
Y_BINARY = np.column_stack([1 - Y[:, 2], Y[:, 2]])  # class 2 or not: 8 of 78


def _balanced(Y):
    """compute_class_weight's formula on the column masses: S / (K * S_k)."""
    masses = Y.sum(axis=0)
    return masses.sum() / (Y.shape[1] * masses)


def _class_weight_vector(class_weight, Y):
    if class_weight == "balanced":
        return _balanced(Y)
    return np.array([class_weight.get(k, 1.0) for k in range(Y.shape[1])])


def _copies(X, Y, c):
    """Each row once per class k, labelled k and weighted c_k * Y[i, k]."""
    n, n_classes = Y.shape
    return (
        np.tile(X, (n_classes, 1)),
        np.repeat(np.arange(n_classes), n),
        (Y * c).T.reshape(-1),
    )


def _centred(model):
    coef, intercept = model.coefs_[0].T, model.intercepts_[0]
    if coef.shape[0] > 1:  # the softmax's logits are defined up to a constant
        coef, intercept = coef - coef.mean(axis=0), intercept - intercept.mean()
    return coef, intercept


# ------------------------------------------------- class_weight on soft rows
def test_balanced_class_weight_balances_label_smoothed_rows_without_features():
    # 45/10/5 labels smoothed by 0.3, no feature: the model predicts the
    # weighted class masses, which "balanced" makes equal
    y = np.repeat([0, 1, 2], [45, 10, 5])
    rows = 0.7 * np.eye(3)[y] + 0.1
    constant = np.zeros((len(y), 1))
    model = LogisticMLPClassifier((), alpha=0.0, class_weight="balanced", tol=1e-12)
    proba = model.fit(constant, rows).predict_proba(constant[:1])
    assert_allclose(proba, [[1 / 3, 1 / 3, 1 / 3]], atol=1e-6)


@pytest.mark.parametrize(
    "class_weight", ["balanced", {0: 0.5, 2: 4.0}], ids=["balanced", "dict"]
)
@pytest.mark.parametrize("binary", [False, True], ids=["multiclass", "binary"])
def test_class_weight_on_soft_rows_is_logistic_regression_on_weighted_copies(
    class_weight, binary
):
    rows = Y_BINARY if binary else Y
    if binary and class_weight != "balanced":
        class_weight = {0: 0.5, 1: 4.0}
    c = _class_weight_vector(class_weight, rows)
    C = 0.5
    reference = LogisticRegression(C=C, tol=1e-12, max_iter=10_000)
    X_copies, y_copies, w_copies = _copies(X, rows, c)
    reference.fit(X_copies, y_copies, sample_weight=w_copies)
    ours = LogisticMLPClassifier(
        (), alpha=1 / C, tol=1e-10, max_iter=1000, class_weight=class_weight
    ).fit(X, rows)
    coef, intercept = _centred(ours)
    assert_allclose(coef, reference.coef_, rtol=1e-4, atol=1e-5)
    assert_allclose(intercept, reference.intercept_, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("loss", ["log_loss", "kl_divergence", "squared_error"])
def test_class_weight_on_soft_rows_fits_the_weighted_copies_for_every_soft_loss(
    loss,
):
    # the copies are labels: another path of the estimator, where a class
    # weight is a sample weight
    class_weight = {0: 0.5, 1: 2.0, 2: 3.0}
    c = _class_weight_vector(class_weight, Y)
    X_copies, y_copies, w_copies = _copies(X, Y, c)
    by_copies = LogisticMLPClassifier(**CONVEX, loss=loss).fit(
        X_copies, y_copies, sample_weight=w_copies
    )
    by_rows = LogisticMLPClassifier(**CONVEX, loss=loss, class_weight=class_weight)
    by_rows.fit(X, Y)
    for ours, reference in zip(_centred(by_rows), _centred(by_copies), strict=True):
        assert_allclose(ours, reference, **LBFGS_CLOSE)


# ------------------------------------------------- partial_fit and "balanced"
def test_partial_fit_refuses_balanced_class_weight_pointing_at_compute_class_weight():
    # chunks of one class each: "balanced" on each chunk weighs every row 1
    model = LogisticMLPClassifier((), class_weight="balanced", random_state=0)
    with pytest.raises(ValueError, match="compute_class_weight") as error:
        model.partial_fit(X[Y_LABELS == 0], Y_LABELS[Y_LABELS == 0], classes=[0, 1, 2])
    assert "class_weight='balanced' is not supported by partial_fit" in str(error.value)
    assert not hasattr(model, "coefs_")
    assert not hasattr(model, "partial_fit")  # as for early_stopping=True


def test_the_dict_compute_class_weight_gives_weighs_mixed_partial_fit_chunks():
    # each call's loss is a weighted mean, so a class weight acts between the
    # classes of a call: on mixed chunks (of one class each, it would cancel)
    classes = np.array([0, 1, 2])
    weights = compute_class_weight("balanced", classes=classes, y=Y_LABELS)
    chunks = np.array_split(np.random.default_rng(0).permutation(len(X)), 3)
    fits = []
    for class_weight in (dict(zip(classes, weights, strict=True)), None):
        model = LogisticMLPClassifier((), class_weight=class_weight, random_state=0)
        for chunk in chunks:
            model.partial_fit(X[chunk], Y_LABELS[chunk], classes=classes)
        fits.append(model.coefs_[0])
    assert np.abs(fits[0] - fits[1]).max() > 1e-4


# ------------------------------------------------------- score and scorers
@pytest.fixture(scope="module")
def soft_model():
    return LogisticMLPClassifier((), alpha=1.0, max_iter=300).fit(X, Y)


def test_score_of_soft_targets_is_accuracy_against_each_rows_most_probable_class(
    soft_model,
):
    weights = np.linspace(0.5, 2.0, len(X))
    expected = accuracy_score(
        np.argmax(Y, axis=1), soft_model.predict(X), sample_weight=weights
    )
    assert soft_model.score(X, Y, sample_weight=weights) == pytest.approx(expected)
    assert soft_model.score(X, Y) == soft_model.score(X, np.argmax(Y, axis=1))


def test_log_loss_and_brier_scorers_score_soft_rows(soft_model):
    P = soft_model.predict_proba(X)
    weights = np.linspace(0.5, 2.0, len(X))
    cross_entropy = -(Y * np.log(P)).sum(axis=1)
    brier = ((P - Y) ** 2).sum(axis=1)
    log_loss_scorer = get_scorer("neg_log_loss")
    brier_scorer = SCORERS["neg_brier_score"]
    assert log_loss_scorer(soft_model, X, Y) == pytest.approx(-cross_entropy.mean())
    assert brier_scorer(soft_model, X, Y) == pytest.approx(-brier.mean())
    assert log_loss_scorer(soft_model, X, Y, sample_weight=weights) == pytest.approx(
        -np.average(cross_entropy, weights=weights)
    )


def test_brier_scorer_of_binary_soft_rows_is_on_the_positive_class():
    model = LogisticMLPClassifier((), max_iter=300).fit(X, Y_BINARY)
    p = model.predict_proba(X)[:, 1]
    expected = np.mean((p - Y_BINARY[:, 1]) ** 2)
    assert get_scorer("neg_brier_score")(model, X, Y_BINARY) == pytest.approx(-expected)


@pytest.mark.parametrize(
    "name", sorted(set(SCORERS) - {"neg_log_loss", "neg_brier_score"})
)
def test_other_scorers_refuse_soft_targets_by_name(soft_model, name):
    with pytest.raises(ValueError, match=f"'{name}' .* needs class labels"):
        get_scorer(name)(soft_model, X, Y)


@pytest.mark.parametrize("scoring", [None, "neg_log_loss"])
def test_grid_search_on_soft_targets_scores_every_candidate(scoring):
    alphas = [1e-3, 1.0, 300.0]
    cv = KFold(3, shuffle=True, random_state=0)
    search = GridSearchCV(
        LogisticMLPClassifier((), max_iter=300),
        {"alpha": alphas},
        cv=cv,
        scoring=None if scoring is None else get_scorer(scoring),
    ).fit(X, Y)
    assert np.all(np.isfinite(search.cv_results_["mean_test_score"]))
    if scoring is None:
        return
    cross_entropy = []
    for alpha in alphas:
        folds = []
        for train, test in cv.split(X):
            model = LogisticMLPClassifier((), max_iter=300, alpha=alpha)
            P = model.fit(X[train], Y[train]).predict_proba(X[test])
            folds.append(-(Y[test] * np.log(P)).sum(axis=1).mean())
        cross_entropy.append(np.mean(folds))
    assert search.best_params_ == {"alpha": alphas[int(np.argmin(cross_entropy))]}
    assert_allclose(-search.cv_results_["mean_test_score"], cross_entropy, rtol=1e-6)


# ------------------------------------------------- losses check their targets
_RAW = {"binary": np.zeros(3), "multiclass": np.zeros((3, 3))}


@pytest.mark.parametrize(
    "loss",
    [LogLoss(), SquaredError(), AbsoluteError(), KLDivergence(0.1), FocalLoss()],
    ids=repr,
)
@pytest.mark.parametrize("method", ["loss", "gradient", "__call__"])
@pytest.mark.parametrize("problem", ["binary", "multiclass"])
def test_losses_refuse_y_true_that_is_not_class_indices(loss, method, problem):
    with pytest.raises(ValueError, match="y_true must hold class indices"):
        getattr(loss, method)(np.array([0.3, 0.8, 2.0]), _RAW[problem])
    with pytest.raises(ValueError, match="y_true must hold class indices"):
        getattr(loss, method)(np.array([0, 1, 3]), _RAW[problem])


@pytest.mark.parametrize(
    "rows, message",
    [
        ([[0.2, 0.9, 0.0]] * 3, "summing to 1"),
        ([[-0.2, 0.6, 0.6]] * 3, "summing to 1"),
        ([[0.5, 0.5]] * 3, r"shape \(3, 3\)"),
    ],
)
@pytest.mark.parametrize("method", ["loss", "gradient", "__call__"])
def test_soft_target_losses_refuse_rows_off_the_simplex(rows, message, method):
    with pytest.raises(ValueError, match=message):
        getattr(LogLoss(), method)(np.array(rows), _RAW["multiclass"])


def test_per_label_loss_refuses_y_true_that_is_not_indicators():
    loss = PerLabelLoss(LogLoss(), n_labels=3)
    with pytest.raises(ValueError, match="0/1 indicator"):
        loss(np.full((3, 3), 0.5), np.zeros((3, 3)))


# ----------------------------------------- refusals name the user's own class
class _NoSoftLogLoss(LogLoss):
    """A user's log loss that turns soft targets off, keeping the name."""

    soft_targets = False


def test_a_users_subclass_refusing_soft_targets_is_named_by_its_repr():
    with pytest.raises(ValueError, match="does not take soft targets") as error:
        LogisticMLPClassifier((), loss=_NoSoftLogLoss()).fit(X, Y)
    message = str(error.value)
    assert message.startswith("The loss _NoSoftLogLoss() does not take")
    assert "'log_loss' does not take" not in message
    with pytest.raises(ValueError, match=r"The loss _NoSoftLogLoss\(\) does not"):
        _NoSoftLogLoss().loss(Y, np.zeros(Y.shape))
