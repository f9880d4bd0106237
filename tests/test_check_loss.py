"""check_loss passes every registered loss and reports broken losses clearly."""

import numpy as np
import pytest
from _loss_cases import Y_BIN, Z_BIN, over_registry
from numpy.testing import assert_allclose

from sklearn_losses.losses import (
    BaseLoss,
    LogLoss,
    LossCheckError,
    LossCheckReport,
    SquaredError,
    check_loss,
    get_loss,
)


@over_registry
def test_every_registered_loss_passes_check_loss(loss):
    report = check_loss(loss)
    assert isinstance(report, LossCheckReport)
    assert report.passed and report.failed == []
    assert {"gradient", "sample_weight", "bounded_below", "clone"} <= set(report)


class ReluNLL(BaseLoss):
    """A ReLU output fed to NLLLoss: -relu(z)[y], unbounded below."""

    target_types = frozenset({"multiclass"})

    def loss(self, y_true, raw_prediction):
        rows, y = np.arange(len(y_true)), np.asarray(y_true, dtype=int)
        return -np.maximum(raw_prediction, 0)[rows, y]

    def gradient(self, y_true, raw_prediction):
        rows, y = np.arange(len(y_true)), np.asarray(y_true, dtype=int)
        grad = np.zeros_like(raw_prediction)
        grad[rows, y] = np.where(raw_prediction[rows, y] > 0, -1.0, 0.0)
        return grad


def test_check_loss_reports_relu_nll_as_unbounded_below():
    report = check_loss(ReluNLL(), raise_on_failure=False)
    assert not report.passed
    assert not report["bounded_below"].passed
    assert "unbounded below" in report["bounded_below"].message
    assert report["gradient"].passed and report["clone"].passed
    text = repr(report)
    assert "[FAIL] bounded_below: unbounded below" in text
    assert "[pass] gradient" in text


def test_check_loss_raises_listing_failed_checks():
    with pytest.raises(LossCheckError, match="bounded_below: unbounded below") as info:
        check_loss(ReluNLL())
    assert isinstance(info.value, AssertionError)
    assert "bounded_below" in info.value.report.failed


def test_check_loss_reports_loss_below_its_lower_bound():
    class ShiftedLogLoss(LogLoss):
        # Bounded, but by -1 while it claims 0.
        def loss(self, y_true, raw_prediction):
            return super().loss(y_true, raw_prediction) - 1

        def loss_gradient(self, y_true, raw_prediction):
            value, grad = super().loss_gradient(y_true, raw_prediction)
            return value - 1, grad

    report = check_loss(ShiftedLogLoss(), raise_on_failure=False)
    message = report["bounded_below"].message
    assert "falls below its lower_bound" in message and "unbounded" not in message
    assert not report["perfect_prediction"].passed


def test_check_loss_catches_a_wrong_gradient():
    class WrongGradient(LogLoss):
        def gradient(self, y_true, raw_prediction):
            return 2 * super().gradient(y_true, raw_prediction)

        def loss_gradient(self, y_true, raw_prediction):
            return self.loss(y_true, raw_prediction), self.gradient(
                y_true, raw_prediction
            )

    report = check_loss(WrongGradient(), raise_on_failure=False)
    # the soft-target gradient is checked too: LogLoss declares soft targets
    assert report.failed == ["gradient", "soft_targets"]
    assert "finite differences" in report["gradient"].message


def test_check_loss_catches_wrong_dtype_and_warnings():
    class Float64Always(SquaredError):
        def loss_gradient(self, y_true, raw_prediction):
            value, grad = super().loss_gradient(y_true, raw_prediction)
            return value.astype(np.float64), grad.astype(np.float64)

    report = check_loss(Float64Always(), raise_on_failure=False)
    assert "dtypes" in report.failed

    class NaiveSigmoidLogLoss(BaseLoss):
        target_types = frozenset({"binary"})

        def loss(self, y_true, raw_prediction):
            p = 1 / (1 + np.exp(-raw_prediction.reshape(-1)))
            y = np.asarray(y_true)
            return -(y * np.log(p) + (1 - y) * np.log(1 - p))

        def gradient(self, y_true, raw_prediction):
            p = 1 / (1 + np.exp(-raw_prediction))
            return p - np.asarray(y_true).reshape(raw_prediction.shape)

    report = check_loss(NaiveSigmoidLogLoss(), raise_on_failure=False)
    assert "large_logits" in report.failed
    assert "warns" in report["large_logits"].message


def test_check_loss_catches_raw_output_passed_off_as_probabilities():
    class NoLink(LogLoss):
        def predict_proba(self, raw_prediction):
            return np.atleast_2d(np.asarray(raw_prediction).T).T

    report = check_loss(NoLink(), raise_on_failure=False)
    assert report.failed == ["outputs"]
    assert "predict_proba()" in report["outputs"].message


def test_report_reads_as_a_mapping():
    report = check_loss(LogLoss())
    names = list(report)
    assert names[0] == "interface" and len(report) == len(names) == 11
    assert all(report[name].passed for name in names)
    passed, message = report["sample_weight"]
    assert passed and "repeated rows" in message
    assert repr(report).startswith("check_loss(LogLoss()): all 11 checks passed")


def test_check_loss_on_duck_typed_and_incomplete_objects():
    class NoParams:
        lower_bound = 0.0
        target_types = frozenset({"binary", "multiclass"})

        def __init__(self):
            self._inner = LogLoss()

        def loss(self, y_true, raw_prediction):
            return self._inner.loss(y_true, raw_prediction)

        def gradient(self, y_true, raw_prediction):
            return self._inner.gradient(y_true, raw_prediction)

        def loss_gradient(self, y_true, raw_prediction):
            return self._inner.loss_gradient(y_true, raw_prediction)

        def predict_proba(self, raw_prediction):
            return self._inner.predict_proba(raw_prediction)

        def __call__(self, y_true, raw_prediction, sample_weight=None):
            return self._inner(y_true, raw_prediction, sample_weight)

    report = check_loss(NoParams(), raise_on_failure=False)
    assert report.failed == ["clone"]
    assert "get_params" in report["clone"].message

    class Empty:
        pass

    report = check_loss(Empty(), raise_on_failure=False)
    assert "no method loss()" in report["interface"].message
    assert report["gradient"].message.startswith("not run")


def test_user_loss_needs_only_loss_and_gradient():
    class HalfSquared(BaseLoss):
        """(p - y)^2 / 2 on the single logit."""

        target_types = frozenset({"binary"})

        def loss(self, y_true, raw_prediction):
            y = np.asarray(y_true, dtype=raw_prediction.dtype)
            p = 1 / (1 + np.exp(-raw_prediction.reshape(-1)))
            return 0.5 * (p - y) ** 2

        def gradient(self, y_true, raw_prediction):
            y = np.asarray(y_true, dtype=raw_prediction.dtype)
            p = 1 / (1 + np.exp(-raw_prediction.reshape(-1)))
            grad = (p - y) * p * (1 - p)
            return grad.reshape(raw_prediction.shape)

    loss = HalfSquared()
    assert get_loss(loss) is loss
    assert_allclose(loss(Y_BIN, Z_BIN), 0.5 * SquaredError()(Y_BIN, Z_BIN))
    report = check_loss(loss, raise_on_failure=False)
    # exp(1000) overflows in this naive version: only the stability check fails.
    assert report.failed == ["large_logits"]


def test_check_loss_accepts_a_name():
    assert check_loss("log_loss").passed


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"n_samples": 2}, "n_samples"), ({"n_classes": 1}, "n_classes")],
)
def test_check_loss_names_a_bad_setting(kwargs, match):
    with pytest.raises(ValueError, match=match):
        check_loss("log_loss", **kwargs)


def _wrong_beyond(threshold, base):
    """``base`` with its gradient zeroed where |raw| > threshold (clipped)."""

    class ClippedGradient(base):
        def gradient(self, y_true, raw_prediction):
            grad = super().gradient(y_true, raw_prediction)
            return np.where(np.abs(raw_prediction) > threshold, 0.0, grad)

        def loss_gradient(self, y_true, raw_prediction):
            return (
                self.loss(y_true, raw_prediction),
                self.gradient(y_true, raw_prediction),
            )

    return ClippedGradient


@pytest.mark.parametrize("threshold", [8.0, 30.0, 100.0, 500.0])
def test_check_loss_checks_the_gradient_at_large_logits(threshold):
    # The gradient of the log loss at a confident wrong logit z is about -1,
    # which the clipped one sets to 0: only large logits show it.
    loss = _wrong_beyond(threshold, LogLoss)()
    report = check_loss(loss, raise_on_failure=False)
    assert report.failed == ["gradient"]
    message = report["gradient"].message
    assert "at large logits" in message
    raw = float(message.split("raw prediction ")[1].split(":")[0])
    assert abs(raw) > threshold
    # the closed form there: sigmoid(z) - y, about -1 or 1 when wrong
    fd = float(message.split("finite difference ")[1].rstrip(")"))
    assert abs(fd) == pytest.approx(1.0, abs=1e-6)


def test_check_loss_checks_the_multiclass_gradient_at_large_logits():
    class MulticlassOnly(_wrong_beyond(30.0, LogLoss)):
        target_types = frozenset({"multiclass"})

    report = check_loss(MulticlassOnly(), raise_on_failure=False)
    assert report.failed == ["gradient"]
    assert report["gradient"].message.startswith("multiclass (n, 3) at large logits")


def test_gradient_check_states_the_range_it_covers():
    message = check_loss("log_loss")["gradient"].message
    assert "large ones up to +-1000" in message
