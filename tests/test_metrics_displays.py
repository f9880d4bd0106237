"""Displays draw the expected artists (Agg backend, no window)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from _calibration_references import aicdf_edges, loop_bins
from matplotlib.container import BarContainer
from matplotlib.lines import Line2D
from sklearn.calibration import calibration_curve
from sklearn.datasets import make_classification
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB

from sklearn_losses import LogisticMLPClassifier, losses
from sklearn_losses.metrics import (
    LossCurveDisplay,
    LossFunctionDisplay,
    ReliabilityDiagramDisplay,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def binary_fit():
    X, y = make_classification(n_samples=300, n_features=5, random_state=0)
    return X, y, LogisticRegression().fit(X, y), GaussianNB().fit(X, y)


def _reference_ece(y, p, n_bins):
    """Count-weighted gap of calibration_curve's non-empty uniform bins."""
    prob_true, prob_pred = calibration_curve(y, p, n_bins=n_bins)
    counts = np.histogram(p, bins=np.linspace(0, 1, n_bins + 1))[0]
    return np.sum(counts[counts > 0] * np.abs(prob_true - prob_pred)) / len(y)


def _toy():
    rng = np.random.default_rng(0)
    p = rng.uniform(size=400)
    y = (rng.uniform(size=400) < p**1.5).astype(int)
    return y, p


# --------------------------------------------------------------------------
# ReliabilityDiagramDisplay
# --------------------------------------------------------------------------
def test_reliability_curve_artists_and_values():
    y, p = _toy()
    disp = ReliabilityDiagramDisplay.from_predictions(y, p, n_bins=10, name="toy")
    prob_true, prob_pred = calibration_curve(y, p, n_bins=10)
    assert isinstance(disp.line_, Line2D)
    np.testing.assert_allclose(disp.line_.get_xdata(), prob_pred)
    np.testing.assert_allclose(disp.line_.get_ydata(), prob_true)
    ece = _reference_ece(y, p, 10)
    assert disp.ece == pytest.approx(ece)
    assert disp.line_.get_label() == f"toy (ECE = {ece:.3f})"
    legend_texts = [t.get_text() for t in disp.ax_.get_legend().get_texts()]
    assert f"toy (ECE = {ece:.3f})" in legend_texts
    assert "Perfectly calibrated" in legend_texts
    np.testing.assert_allclose(disp.ref_line_.get_xydata(), [[0, 0], [1, 1]])
    # the histogram sits in a second axes of the same figure, beneath
    assert disp.hist_ax_ is not None and disp.hist_ax_ is not disp.ax_
    assert len(disp.figure_.axes) == 2
    assert disp.hist_ax_.get_position().y1 <= disp.ax_.get_position().y0
    heights = np.histogram(p, bins=np.linspace(0, 1, 11))[0]
    assert max(disp.hist_ax_.get_ylim()) >= heights.max()
    assert disp.figure_ is disp.ax_.figure


def test_reliability_bars_one_per_nonempty_bin():
    y = np.array([0, 1, 1, 0, 1])
    p = np.array([0.05, 0.15, 0.85, 0.9, 0.95])  # 2 of 5 bins non-empty
    disp = ReliabilityDiagramDisplay.from_predictions(y, p, n_bins=5, kind="bars")
    assert disp.line_ is None
    assert isinstance(disp.bars_, BarContainer)
    assert len(disp.bars_.patches) == 2
    heights = [patch.get_height() for patch in disp.bars_.patches]
    np.testing.assert_allclose(heights, [0.5, 2 / 3])
    lefts = [patch.get_x() for patch in disp.bars_.patches]
    np.testing.assert_allclose(lefts, [0.0, 0.8])


def test_several_models_on_one_axes(binary_fit):
    X, y, lr, nb = binary_fit
    first = ReliabilityDiagramDisplay.from_estimator(lr, X, y)
    second = ReliabilityDiagramDisplay.from_estimator(nb, X, y, ax=first.ax_)
    assert second.ax_ is first.ax_
    assert second.hist_ax_ is first.hist_ax_  # one shared histogram axes
    assert len(first.figure_.axes) == 2
    lines = first.ax_.get_lines()
    assert len(lines) == 3  # the diagonal, drawn once, and two curves
    assert second.ref_line_ is None
    labels = [t.get_text() for t in first.ax_.get_legend().get_texts()]
    assert any(label.startswith("LogisticRegression (ECE =") for label in labels)
    assert any(label.startswith("GaussianNB (ECE =") for label in labels)
    assert len(first.hist_ax_.patches) == 2  # one step histogram per model


def test_user_axes_gets_a_histogram_beneath():
    y, p = _toy()
    fig, ax = plt.subplots()
    disp = ReliabilityDiagramDisplay.from_predictions(y, p, ax=ax)
    assert disp.ax_ is ax and disp.figure_ is fig
    assert len(fig.axes) == 2
    fig.canvas.draw()  # the divider places the histogram at draw time
    assert disp.hist_ax_.get_position().y1 <= ax.get_position().y0
    no_hist = ReliabilityDiagramDisplay.from_predictions(y, p, hist=False)
    assert no_hist.hist_ax_ is None and no_hist.hist_ is None
    assert len(no_hist.figure_.axes) == 1


def test_multiclass_reliability_is_top_label():
    X, y = make_classification(
        n_samples=300, n_features=6, n_informative=4, n_classes=3, random_state=0
    )
    clf = LogisticRegression().fit(X, y)
    disp = ReliabilityDiagramDisplay.from_estimator(clf, X, y, n_bins=10)
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(disp.y_prob, proba.max(axis=1))
    assert disp.ax_.get_ylabel() == "Accuracy"
    correct = (proba.argmax(axis=1) == y).astype(int)
    assert disp.ece == pytest.approx(_reference_ece(correct, proba.max(axis=1), 10))


def test_reliability_bad_kind_and_no_predict_proba():
    y, p = _toy()
    with pytest.raises(ValueError, match="kind"):
        ReliabilityDiagramDisplay.from_predictions(y, p, kind="pie")

    class NoProba:
        classes_ = np.array([0, 1])

    with pytest.raises(ValueError, match="predict_proba"):
        ReliabilityDiagramDisplay.from_estimator(NoProba(), p[:, None], y)


# --------------------------------------------------------------------------
# LossCurveDisplay
# --------------------------------------------------------------------------
class FittedStandIn:
    """The attributes LossCurveDisplay reads from a fitted classifier."""

    loss_curve_ = [0.9, 0.6, 0.5, 0.45]
    validation_loss_curve_ = [0.95, 0.7, 0.66, 0.67]


def test_loss_curve_from_stand_in():
    disp = LossCurveDisplay.from_estimator(FittedStandIn())
    np.testing.assert_allclose(disp.line_.get_xdata(), [1, 2, 3, 4])
    np.testing.assert_allclose(disp.line_.get_ydata(), FittedStandIn.loss_curve_)
    np.testing.assert_allclose(
        disp.validation_line_.get_ydata(), FittedStandIn.validation_loss_curve_
    )
    assert disp.line_.get_label() == "FittedStandIn training"
    assert disp.validation_line_.get_label() == "FittedStandIn validation"
    assert disp.validation_line_.get_color() == disp.line_.get_color()
    assert disp.ax_.get_xlabel() == "Epoch"


def test_loss_curve_without_validation_and_unfitted():
    class TrainOnly:
        loss_curve_ = [1.0, 0.5]

    disp = LossCurveDisplay.from_estimator(TrainOnly(), name="m")
    assert disp.validation_line_ is None
    assert len(disp.ax_.get_lines()) == 1
    with pytest.raises(NotFittedError, match="loss_curve_"):
        LossCurveDisplay.from_estimator(LogisticRegression())


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_loss_curve_from_logistic_mlp_classifier():
    X, y = make_classification(n_samples=200, n_features=4, random_state=0)
    clf = LogisticMLPClassifier(
        hidden_layer_sizes=(5,), max_iter=15, early_stopping=True, random_state=0
    ).fit(X, y)
    disp = LossCurveDisplay.from_estimator(clf)
    assert len(disp.line_.get_ydata()) == len(clf.loss_curve_)
    assert len(disp.validation_line_.get_ydata()) == len(clf.validation_loss_curve_)


# --------------------------------------------------------------------------
# LossFunctionDisplay
# --------------------------------------------------------------------------
class _NumpyLogLoss:
    """A stand-in loss object: log loss on a binary logit."""

    name = "toy_log_loss"

    def loss(self, y_true, raw_prediction):
        return np.logaddexp(0, raw_prediction) - y_true * raw_prediction


def test_loss_function_display_from_loss_object():
    disp = LossFunctionDisplay.from_loss(_NumpyLogLoss(), n_points=50, eps=0.01)
    p = np.linspace(0.01, 0.99, 50)
    np.testing.assert_allclose(disp.line_pos_.get_xdata(), p)
    np.testing.assert_allclose(disp.line_pos_.get_ydata(), -np.log(p))
    np.testing.assert_allclose(disp.line_neg_.get_ydata(), -np.log1p(-p))
    assert disp.line_pos_.get_label() == "toy_log_loss, y = 1"
    assert disp.line_neg_.get_label() == "toy_log_loss, y = 0"
    assert disp.line_neg_.get_linestyle() == "--"


@pytest.mark.parametrize("kwargs", [{"n_points": 1}, {"eps": 0.0}, {"eps": 0.5}])
def test_loss_function_display_bad_options(kwargs):
    with pytest.raises(ValueError):
        LossFunctionDisplay.from_loss(_NumpyLogLoss(), **kwargs)


def test_loss_function_display_registered_losses():
    p = np.linspace(0.001, 0.999, 200)
    expected = {
        "log_loss": (-np.log(p), -np.log1p(-p)),
        "squared_error": ((1 - p) ** 2, p**2),
        "absolute_error": (1 - p, p),
    }
    disp = None
    for name, (pos, neg) in expected.items():
        disp = LossFunctionDisplay.from_loss(
            name, ax=None if disp is None else disp.ax_
        )
        np.testing.assert_allclose(disp.line_pos_.get_ydata(), pos, rtol=1e-6)
        np.testing.assert_allclose(
            disp.line_neg_.get_ydata(), neg, rtol=1e-6, atol=1e-12
        )
    assert len(disp.ax_.get_lines()) == 2 * len(expected)
    for name in losses.LOSSES:  # every registered loss draws
        LossFunctionDisplay.from_loss(name)


def test_histogram_uses_sample_weight():
    rng = np.random.default_rng(0)
    y_prob = rng.uniform(size=200)
    y_true = (rng.uniform(size=200) < y_prob).astype(int)
    weights = rng.integers(1, 4, size=200).astype(float)
    disp = ReliabilityDiagramDisplay.from_predictions(
        y_true, y_prob, n_bins=5, sample_weight=weights
    )
    expected, _ = np.histogram(y_prob, bins=np.linspace(0, 1, 6), weights=weights)
    heights = disp.hist_[0].get_xy()[1:-1:2, 1]  # step outline: two points a bin
    np.testing.assert_allclose(heights, expected)
    assert disp.hist_ax_.get_ylabel() == "Weight"


def test_from_estimator_passes_options_to_from_predictions(binary_fit):
    X, y, lr, _ = binary_fit
    disp = ReliabilityDiagramDisplay.from_estimator(
        lr, X, y, n_bins=5, strategy="quantile", kind="bars", hist=False
    )
    p = lr.predict_proba(X)[:, 1]
    edges = aicdf_edges(p, 5)
    _, _, prob_true = loop_bins(p, y, edges)
    np.testing.assert_allclose(
        [patch.get_height() for patch in disp.bars_.patches], prob_true
    )
    np.testing.assert_allclose(disp.bin_edges, edges, rtol=1e-15)
    with pytest.raises(ValueError, match="'n_bins'"):
        ReliabilityDiagramDisplay.from_estimator(lr, X, y, n_bins=0)
    with pytest.raises(ValueError, match="'kind'"):
        disp.plot(kind="pie")
