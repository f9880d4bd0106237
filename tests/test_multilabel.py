"""Multilabel targets and y of one class, as ``MLPClassifier`` fits them.

A 2-D ``y`` of 0s and 1s (a label indicator matrix, one-hot rows included)
gets one logistic output per label. The references are independent of the
fitting code: scikit-learn's ``MLPClassifier`` on the same data, the
objective written out with numpy from ``predict_proba`` and the weights,
repeated rows for integer sample weights, and finite differences for the
gradient of the per-label loss.
"""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal
from scipy.special import expit, xlogy
from sklearn.datasets import make_multilabel_classification
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from sklearn_losses import LogisticMLPClassifier
from sklearn_losses.losses import (
    LOSSES,
    BaseLoss,
    KLDivergence,
    LogLoss,
    PerLabelLoss,
    get_loss,
)
from sklearn_losses.penalties import PENALTIES

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _data(n_samples=120, n_classes=4, random_state=0):
    X, Y = make_multilabel_classification(
        n_samples=n_samples, n_features=8, n_classes=n_classes, random_state=0
    )
    return StandardScaler().fit_transform(X), Y


X, Y = _data()
X_SMALL, Y_SMALL = X[:40], Y[:40]


def _binary_log_loss(Y, proba, sample_weight=None):
    """MLPClassifier's binary_log_loss: per label, mean over samples, summed."""
    per_entry = xlogy(Y, proba) + xlogy(1 - Y, 1 - proba)
    return -np.average(per_entry, weights=sample_weight, axis=0).sum()


# ------------------------------------------------ as MLPClassifier does it
def test_fitted_attributes_and_shapes_are_mlpclassifiers():
    params = dict(hidden_layer_sizes=(10,), solver="lbfgs", max_iter=50, alpha=1e-2)
    ours = LogisticMLPClassifier(random_state=0, **params).fit(X, Y)
    theirs = MLPClassifier(random_state=0, **params).fit(X, Y)
    assert_array_equal(ours.classes_, theirs.classes_)
    assert ours.n_outputs_ == theirs.n_outputs_ == Y.shape[1]
    assert ours.out_activation_ == theirs.out_activation_ == "logistic"
    for method in ("predict", "predict_proba", "predict_log_proba"):
        assert getattr(ours, method)(X).shape == getattr(theirs, method)(X).shape
    assert ours.predict(X).dtype == theirs.predict(X).dtype
    assert set(np.unique(ours.predict(X))) <= {0, 1}
    assert ours.decision_function(X).shape == Y.shape
    # predict thresholds each label's probability at 0.5, as MLPClassifier
    assert_array_equal(ours.predict(X), (ours.predict_proba(X) > 0.5).astype(int))
    assert ours.score(X, Y) == accuracy_score(Y, ours.predict(X))


@pytest.mark.parametrize("alpha", [1e-3, 1.0])
def test_subset_accuracy_is_mlpclassifiers_with_lbfgs(alpha):
    X_all, Y_all = _data(n_samples=300)
    X_train, X_test, Y_train, Y_test = train_test_split(
        X_all, Y_all, test_size=0.5, random_state=0
    )
    params = dict(hidden_layer_sizes=(16,), solver="lbfgs", alpha=alpha, max_iter=300)
    ours = LogisticMLPClassifier(random_state=0, **params).fit(X_train, Y_train)
    theirs = MLPClassifier(random_state=0, **params).fit(X_train, Y_train)
    assert abs(ours.score(X_test, Y_test) - theirs.score(X_test, Y_test)) <= 0.05


def test_objective_is_mlpclassifiers_binary_log_loss_plus_penalty():
    # no hidden layer: a convex problem, both solved to a tight tolerance
    alpha = 2.0
    params = dict(hidden_layer_sizes=(), alpha=alpha, solver="lbfgs", tol=1e-10)
    ours = LogisticMLPClassifier(max_iter=2000, **params).fit(X, Y)
    theirs = MLPClassifier(max_iter=2000, random_state=0, **params).fit(X, Y)
    # at our weights, the objective written out: S = n, not n times the labels
    penalty = alpha / (2 * len(X)) * np.sum(ours.coefs_[0] ** 2)
    expected = _binary_log_loss(Y, ours.predict_proba(X)) + penalty
    assert_allclose(ours.loss_, expected, rtol=1e-10)
    assert_allclose(ours.loss_, theirs.loss_, rtol=1e-6)
    assert_allclose(ours.coefs_[0], theirs.coefs_[0], rtol=1e-3, atol=1e-4)


def test_weighted_objective_divides_the_penalty_by_the_total_weight():
    sample_weight = np.random.default_rng(0).uniform(0.5, 3, len(X))
    alpha = 1.0
    model = LogisticMLPClassifier((), alpha=alpha, tol=1e-10, max_iter=1000).fit(
        X, Y, sample_weight=sample_weight
    )
    penalty = alpha / (2 * sample_weight.sum()) * np.sum(model.coefs_[0] ** 2)
    proba = model.predict_proba(X)
    expected = _binary_log_loss(Y, proba, sample_weight) + penalty
    assert_allclose(model.loss_, expected, rtol=1e-10)


def test_one_hot_Y_is_multilabel_and_predicts_an_indicator_matrix():
    y = np.arange(60) % 3
    onehot = np.eye(3, dtype=int)[y]
    X3 = X[:60]
    params = dict(hidden_layer_sizes=(), solver="lbfgs", max_iter=200)
    ours = LogisticMLPClassifier(**params).fit(X3, onehot)
    theirs = MLPClassifier(random_state=0, **params).fit(X3, onehot)
    assert ours.predict(X3).shape == theirs.predict(X3).shape == (60, 3)
    assert ours.out_activation_ == theirs.out_activation_ == "logistic"
    assert_array_equal(ours.classes_, theirs.classes_)
    # one sigmoid per label: the rows of predict_proba do not sum to 1
    assert not np.allclose(ours.predict_proba(X3).sum(axis=1), 1)
    # two one-hot columns are two labels as well
    two = LogisticMLPClassifier(**params).fit(X3, np.eye(2)[y % 2])
    assert two.predict(X3).shape == (60, 2) and two.n_outputs_ == 2


def test_sparse_Y_fits_as_the_dense_one():
    dense = LogisticMLPClassifier((), tol=1e-10).fit(X_SMALL, Y_SMALL)
    sparse = LogisticMLPClassifier((), tol=1e-10).fit(X_SMALL, sp.csr_matrix(Y_SMALL))
    assert_allclose(sparse.coefs_[0], dense.coefs_[0], rtol=1e-6, atol=1e-8)


# ------------------------------------------ every loss, penalty and solver
@pytest.mark.parametrize("solver", ["adam", "sgd", "lbfgs"])
@pytest.mark.parametrize("penalty", [*PENALTIES, None])
@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_every_loss_penalty_and_solver_fits_multilabel(loss, penalty, solver):
    model = LogisticMLPClassifier(
        (4,),
        loss=loss,
        penalty=penalty,
        solver=solver,
        alpha=1e-2,
        learning_rate_init=0.05,
        max_iter=30,
        random_state=0,
    ).fit(X_SMALL, Y_SMALL)
    assert model.predict(X_SMALL).shape == Y_SMALL.shape
    proba = model.predict_proba(X_SMALL)
    assert proba.shape == Y_SMALL.shape and np.all((proba > 0) & (proba < 1))
    assert model.loss_curve_[-1] < model.loss_curve_[0]
    # it learned the labels: better than predicting each label's majority
    majority = np.tile(Y_SMALL.mean(axis=0) > 0.5, (len(Y_SMALL), 1))
    per_label = np.mean(model.predict(X_SMALL) == Y_SMALL)
    assert per_label > np.mean(majority == Y_SMALL)


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_per_label_loss_sums_the_binary_loss_and_its_gradient_is_exact(name):
    rng = np.random.default_rng(0)
    Y3, raw = rng.integers(0, 2, (5, 3)).astype(float), rng.normal(size=(5, 3))
    loss = get_loss(name, n_classes=3, multilabel=True)
    binary = get_loss(name, n_classes=2)
    columns = sum(binary.loss(Y3[:, j], raw[:, j]) for j in range(3))
    assert_allclose(loss.loss(Y3, raw), columns, rtol=1e-12)
    step, numeric = 1e-6, np.empty_like(raw)
    for j in range(3):
        shift = np.zeros_like(raw)
        shift[:, j] = step
        numeric[:, j] = (loss.loss(Y3, raw + shift) - loss.loss(Y3, raw - shift)) / (
            2 * step
        )
    assert_allclose(loss.gradient(Y3, raw), numeric, rtol=1e-5, atol=1e-8)


def test_label_smoothing_smooths_each_label():
    ls, alpha = 0.2, 1.0
    model = LogisticMLPClassifier(
        (), loss=KLDivergence(label_smoothing=ls), alpha=alpha, tol=1e-10
    ).fit(X, Y)
    q, p = (1 - ls) * Y + ls / 2, model.predict_proba(X)
    kl = xlogy(q, q / p) + xlogy(1 - q, (1 - q) / (1 - p))
    penalty = alpha / (2 * len(X)) * np.sum(model.coefs_[0] ** 2)
    assert_allclose(model.loss_, kl.sum(axis=1).mean() + penalty, rtol=1e-9)
    # smoothing pulls the probabilities away from 0 and 1
    plain = LogisticMLPClassifier((), alpha=alpha, tol=1e-10).fit(X, Y)
    assert np.abs(p - 0.5).max() < np.abs(plain.predict_proba(X) - 0.5).max()


# ------------------------------------------------------- weights and calls
def test_integer_sample_weight_equals_repeated_rows():
    weights = np.random.default_rng(0).integers(0, 4, len(X_SMALL))
    # alpha makes the optimum unique and well conditioned (some labels of
    # the small data are nearly separable)
    params = dict(hidden_layer_sizes=(), alpha=1.0, tol=1e-10, max_iter=1000)
    weighted = LogisticMLPClassifier(**params).fit(
        X_SMALL, Y_SMALL, sample_weight=weights
    )
    repeated = LogisticMLPClassifier(**params).fit(
        np.repeat(X_SMALL, weights, axis=0), np.repeat(Y_SMALL, weights, axis=0)
    )
    assert_allclose(weighted.coefs_[0], repeated.coefs_[0], rtol=1e-5, atol=1e-7)
    assert_allclose(weighted.intercepts_[0], repeated.intercepts_[0], rtol=1e-5)
    assert_allclose(weighted.loss_, repeated.loss_, rtol=1e-8)


@pytest.mark.parametrize("class_weight", ["balanced", {0: 2.0}])
def test_class_weight_is_refused_naming_the_option(class_weight):
    with pytest.raises(
        ValueError, match="class_weight=.* does not apply to multilabel"
    ):
        LogisticMLPClassifier((), class_weight=class_weight).fit(X_SMALL, Y_SMALL)


def test_a_loss_that_serves_no_binary_problem_is_refused_by_name():
    class MulticlassOnly(LogLoss):
        name = "multiclass_only"
        target_types = frozenset({"multiclass"})

    with pytest.raises(ValueError, match="'multiclass_only' cannot serve multilabel"):
        LogisticMLPClassifier((), loss=MulticlassOnly()).fit(X_SMALL, Y_SMALL)


def test_a_users_binary_loss_is_checked_on_every_label():
    class Broken(BaseLoss):
        name = "broken"
        target_types = frozenset({"binary"})

        def loss(self, y_true, raw_prediction):
            return np.full(raw_prediction.shape[0], np.nan)

        def gradient(self, y_true, raw_prediction):
            return np.zeros_like(raw_prediction)

    with pytest.raises(ValueError, match="pointwise loss is NaN"):
        LogisticMLPClassifier((), loss=Broken()).fit(X_SMALL, Y_SMALL)


def test_partial_fit_takes_classes_as_mlpclassifier_or_none():
    # MLPClassifier requires classes= on the first call (and ignores it for
    # multilabel y); here it names the columns, as for soft targets
    with_classes = LogisticMLPClassifier((5,), random_state=0)
    without = LogisticMLPClassifier((5,), random_state=0)
    for _ in range(3):
        with_classes.partial_fit(X, Y, classes=np.arange(Y.shape[1]))
        without.partial_fit(X, Y)
    assert_array_equal(with_classes.classes_, np.arange(Y.shape[1]))
    assert_array_equal(with_classes.coefs_[0], without.coefs_[0])
    assert with_classes.n_iter_ == 3


def test_partial_fit_refuses_to_switch_between_labels_and_multilabel():
    model = LogisticMLPClassifier((5,), random_state=0).partial_fit(X, Y)
    labels = np.argmax(Y, axis=1)
    with pytest.raises(ValueError, match="model was trained on multilabel"):
        model.partial_fit(X, labels, classes=np.arange(Y.shape[1]))
    by_labels = LogisticMLPClassifier((5,), random_state=0)
    by_labels.partial_fit(X, labels % 2, classes=[0, 1])
    with pytest.raises(ValueError, match="model was trained on class labels"):
        by_labels.partial_fit(X, np.eye(2, dtype=int)[labels % 2])


def test_early_stopping_holds_out_rows_and_scores_subset_accuracy():
    model = LogisticMLPClassifier(
        (8,), early_stopping=True, learning_rate_init=0.01, max_iter=40, random_state=0
    ).fit(X, Y)
    assert len(model.validation_scores_) == len(model.validation_loss_curve_)
    assert len(model.validation_scores_) == model.n_iter_
    # subset accuracy: a fraction of the held-out rows, all labels right
    n_val = int(np.ceil(0.1 * len(X)))
    counts = np.asarray(model.validation_scores_) * n_val
    assert_allclose(counts, np.round(counts), atol=1e-9)
    assert min(model.validation_loss_curve_) < model.validation_loss_curve_[0]


def test_warm_start_continues_from_the_previous_weights():
    params = dict(hidden_layer_sizes=(5,), max_iter=5, random_state=0)
    model = LogisticMLPClassifier(warm_start=True, **params)
    first = model.fit(X, Y).loss_
    fresh_start = LogisticMLPClassifier(**params).fit(X, Y).loss_curve_[0]
    second_start = model.fit(X, Y).loss_curve_[0]
    assert second_start < fresh_start
    assert_allclose(second_start, first, rtol=0.05)


def test_float32_data_keeps_float32_weights_and_probabilities():
    model = LogisticMLPClassifier((4,), max_iter=5, random_state=0).fit(
        X.astype(np.float32), Y
    )
    assert model.coefs_[0].dtype == np.float32
    assert model.predict_proba(X.astype(np.float32)).dtype == np.float32


def test_per_label_loss_is_built_by_get_loss():
    loss = get_loss("log_loss", n_classes=3, multilabel=True)
    assert loss == PerLabelLoss(LogLoss(), n_labels=3)
    assert_allclose(
        loss.predict_proba(np.array([[0.0, 2.0, -2.0]])), [expit([0, 2, -2])]
    )


# ------------------------------------------------------------- one class
@pytest.mark.parametrize("label", [7, "only"])
def test_one_class_is_fitted_and_predicted_as_by_mlpclassifier(label):
    y = np.full(20, label)
    ours = LogisticMLPClassifier(max_iter=20, random_state=0).fit(X[:20], y)
    theirs = MLPClassifier(max_iter=20, random_state=0).fit(X[:20], y)
    assert_array_equal(ours.classes_, theirs.classes_)
    assert_array_equal(ours.predict(X), theirs.predict(X))
    # a column of ones, one per class of classes_ (MLPClassifier returns two
    # columns here, [1 - p, p], for its one class)
    assert_array_equal(ours.predict_proba(X), np.ones((len(X), 1)))
    assert ours.score(X[:20], y) == 1.0


def test_one_class_with_early_stopping_fits_without_warnings():
    y = np.ones(10, dtype=int)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = LogisticMLPClassifier(early_stopping=True).fit(X[:10], y)
    assert_array_equal(model.predict(X), np.ones(len(X)))


def test_one_class_partial_fit_and_sample_weight():
    model = LogisticMLPClassifier((3,), random_state=0)
    model.partial_fit(X[:10], np.zeros(10), classes=[0])
    model.partial_fit(X[10:20], np.zeros(10))
    assert_array_equal(model.predict(X), np.zeros(len(X)))
    with pytest.raises(ValueError, match="sample_weight"):
        LogisticMLPClassifier(()).fit(X[:10], np.zeros(10), sample_weight=-np.ones(10))


def test_tags_declare_multilabel_where_it_applies():
    class BinaryOnly(LogLoss):
        target_types = frozenset({"binary"})

    class MulticlassOnly(LogLoss):
        target_types = frozenset({"multiclass"})

    def tags(**params):
        return LogisticMLPClassifier(**params).__sklearn_tags__().classifier_tags

    assert tags().multi_label and tags().multi_class
    assert (
        tags(loss=BinaryOnly()).multi_label and not tags(loss=BinaryOnly()).multi_class
    )
    assert not tags(loss=MulticlassOnly()).multi_label
    assert not tags(class_weight="balanced").multi_label


@pytest.mark.parametrize("name", ["neg_log_loss", "neg_brier_score"])
def test_row_scorers_refuse_multilabel_targets_by_name(name):
    # a 0/1 matrix whose rows hold several labels is not rows of class
    # probabilities: the message says multilabel, not "rows must sum to 1"
    from sklearn.datasets import make_multilabel_classification

    from sklearn_losses.metrics import get_scorer

    X, Y = make_multilabel_classification(n_samples=40, n_classes=3, random_state=0)
    clf = LogisticMLPClassifier((), max_iter=50).fit(X, Y)
    with pytest.raises(ValueError, match="multilabel indicator matrix"):
        get_scorer(name)(clf, X, Y)
