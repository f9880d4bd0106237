"""
==============================================
The ReLU + NLL trap: a loss unbounded below
==============================================

In a common course exercise, a network with a ReLU on its last layer is
trained with PyTorch's ``NLLLoss``. ``NLLLoss`` expects log-probabilities
(which are at most 0) and returns minus the entry of the true class. A ReLU
output is at least 0, so "minus the entry" can be made as negative as the
weights allow: the training loss fell from -0.38 to -690 in 20 epochs (-1077
with ``KLDivLoss``), while the validation accuracy sank to 0.61, the share of
the majority class.

This example writes that mistake as a loss object, shows what
:func:`~sklearn_losses.losses.check_loss` reports about it, and shows that
:class:`~sklearn_losses.LogisticMLPClassifier` refuses to train with it.
"""

# %%
# The mistake as a loss object
# ----------------------------
# A user loss subclasses :class:`~sklearn_losses.losses.BaseLoss` and works on
# the network's raw output. This one applies the exercise's ReLU to the raw
# output and then its negative log-likelihood: :math:`\ell = -\max(z_y, 0)`.
# Its author believes it is an NLL, so it declares the NLL's lower bound, 0.
import numpy as np

from sklearn_losses.losses import BaseLoss, check_loss


class ReluNLL(BaseLoss):
    """NLL applied to ReLU outputs, which are not log-probabilities."""

    name = "relu_nll"
    lower_bound = 0.0
    target_types = frozenset({"binary", "multiclass"})

    @staticmethod
    def _as_two_columns(raw):
        # One logit for two classes: column 0 is its opposite (softmax's).
        raw = raw.reshape(len(raw), -1)
        return np.hstack([-raw, raw]) if raw.shape[1] == 1 else raw

    def loss(self, y_true, raw_prediction):
        out = np.maximum(
            self._as_two_columns(raw_prediction), 0
        )  # the ReLU
        y = np.asarray(y_true).astype(np.intp)
        return -out[np.arange(len(y)), y]

    def gradient(self, y_true, raw_prediction):
        raw = self._as_two_columns(raw_prediction)
        y = np.asarray(y_true).astype(np.intp)
        grad = np.zeros_like(raw)
        grad[np.arange(len(y)), y] = -(
            raw[np.arange(len(y)), y] > 0
        ).astype(raw.dtype)
        if raw_prediction.ndim == 1 or raw_prediction.shape[1] == 1:
            grad = (grad[:, 1] - grad[:, 0]).reshape(raw_prediction.shape)
        return grad.astype(raw_prediction.dtype)


# %%
# What ``check_loss`` reports
# ---------------------------
# :func:`~sklearn_losses.losses.check_loss` runs the battery of checks the
# test suite runs on every built-in loss. By default it raises
# :class:`~sklearn_losses.losses.LossCheckError` on the first failure; here we
# ask for the whole report. The gradient is right and the loss scales with
# sample weights, but it is not bounded below: making the true class's output
# larger lowers the loss without end, and a confident correct prediction does
# not sit at the declared minimum of 0.
report = check_loss(ReluNLL(), raise_on_failure=False)
print(report)
print("failed:", report.failed)

# %%
# Watching it fall
# ----------------
# Plain gradient descent on a linear model with this loss reproduces the
# exercise's curve: the loss goes below 0 and keeps falling, and the weights
# grow without bound. (The data mimic the exercise's Titanic set: 4
# features, 61% of one class.)
from sklearn.datasets import make_classification

X, y = make_classification(
    n_samples=714,
    n_features=4,
    n_informative=3,
    n_redundant=1,
    weights=[0.61],
    random_state=0,
)
rng = np.random.default_rng(0)
coef = rng.normal(scale=0.5, size=(4, 2))
relu_nll = ReluNLL()
losses = []
for _ in range(20):
    raw = X @ coef
    loss, grad_raw = relu_nll.loss_gradient(y, raw)
    losses.append(loss.mean())
    coef -= 2.0 * X.T @ grad_raw / len(y)  # a plain gradient step
print(np.round(losses, 2))
print(f"largest weight after 20 epochs: {np.abs(coef).max():.1f}")

# %%
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(np.arange(1, 21), losses, marker="o")
ax.axhline(
    relu_nll.lower_bound, color="k", ls=":", label="declared lower bound"
)
ax.set_xlabel("epoch")
ax.set_ylabel("training loss")
ax.set_title("ReLU + NLL: the loss has no minimum")
ax.legend()
plt.show()

# %%
# The classifier refuses to train with it
# ---------------------------------------
# :class:`~sklearn_losses.LogisticMLPClassifier` checks the training
# objective against the loss's ``lower_bound`` and stops with an error naming
# the problem, instead of returning a model whose probabilities mean
# nothing.
from sklearn_losses import LogisticMLPClassifier

clf = LogisticMLPClassifier(
    (64, 64), loss=ReluNLL(), alpha=0.0, random_state=0
)
try:
    clf.fit(X, y)
except ValueError as exc:
    print(f"{type(exc).__name__}: {exc}")

# %%
# The fix
# -------
# The notebook's fix was a LogSoftmax output layer before ``NLLLoss``, i.e.
# the cross-entropy of the logits. That is ``loss="log_loss"``, where the
# softmax (or sigmoid) link comes with the loss and cannot be replaced by a
# ReLU. Twenty epochs, as in the notebook:
import warnings

from sklearn.exceptions import ConvergenceWarning

clf = LogisticMLPClassifier(
    (64, 64), loss="log_loss", alpha=0.0, max_iter=20, random_state=0
)
with warnings.catch_warnings():
    warnings.simplefilter(
        "ignore", ConvergenceWarning
    )  # 20 epochs on purpose
    clf.fit(X, y)
print(
    f"final training loss {clf.loss_:.3f}, accuracy {clf.score(X, y):.3f}"
)
