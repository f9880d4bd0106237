"""
=============================================
Distilling a wide network into a small one
=============================================

Knowledge distillation (Hinton et al., 2015) fits a small *student* model to
the predicted probabilities of a large *teacher* instead of to the labels.
The teacher's probabilities say more than its labels: that a badly written 7
looks a bit like a 1, how sure the teacher is of each image. scikit-learn's
classifiers take labels only; :class:`~sklearn_losses.LogisticMLPClassifier`
also takes *soft targets*, an array ``Y`` of shape ``(n_samples,
n_classes)`` whose rows are class probabilities, with a loss that compares
distributions (here the KL divergence).

On the digits data, a network with 256 hidden units is distilled into one
with 8, and the student is compared, on held-out images, with the same small
network fitted to the labels: accuracy and expected calibration error (ECE).
"""

# %%
# Data and teacher
# ----------------
# Half of the 1797 images train, half test. The teacher is a wide network
# with a moderate penalty.
import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from sklearn_losses import LogisticMLPClassifier

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.5, stratify=y, random_state=0
)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

warnings.simplefilter(
    "ignore", ConvergenceWarning
)  # few epochs, on purpose
teacher = LogisticMLPClassifier((256,), alpha=1.0, random_state=0)
teacher.fit(X_train, y_train)

# %%
# Students
# --------
# The same small network three times: fitted to the labels, to the teacher's
# probabilities on the training images, and to those probabilities softened
# by a *temperature* ``T = 2`` (the softmax of the teacher's logits divided
# by ``T``), which spreads more mass over the classes the teacher ranks
# second. ``fit(X, Y)`` with a 2-D ``Y`` takes the rows as the targets;
# ``classes_`` is ``0, ..., 9``, the columns of ``Y``.
from scipy.special import softmax

student_params = dict(
    hidden_layer_sizes=(8,),
    learning_rate_init=0.01,
    max_iter=300,
    random_state=0,
)
Y_teacher = teacher.predict_proba(X_train)
Y_softened = softmax(teacher.decision_function(X_train) / 2, axis=1)

models = {
    "teacher (256,)": teacher,
    "student, labels": LogisticMLPClassifier(**student_params).fit(
        X_train, y_train
    ),
    "student, distilled": LogisticMLPClassifier(
        loss="kl_divergence", **student_params
    ).fit(X_train, Y_teacher),
    "student, distilled T=2": LogisticMLPClassifier(
        loss="kl_divergence", **student_params
    ).fit(X_train, Y_softened),
}

# %%
# Results on the test images
# --------------------------
# ECE is the top-label calibration error over 15 equal-width bins of
# confidence (:func:`~sklearn_losses.metrics.expected_calibration_error`).
import pandas as pd
from sklearn.metrics import log_loss

from sklearn_losses.metrics import expected_calibration_error

rows = []
for name, model in models.items():
    proba = model.predict_proba(X_test)
    rows.append(
        {
            "model": name,
            "weights": sum(W.size for W in model.coefs_),
            "accuracy": np.mean(model.predict(X_test) == y_test),
            "ECE": expected_calibration_error(y_test, proba),
            "log loss": log_loss(y_test, proba, labels=model.classes_),
        }
    )
results = pd.DataFrame(rows).set_index("model")
print(results.round(4).to_string())

# %%
# The distilled student is both more accurate and better calibrated than the
# student fitted to the labels: the teacher's probabilities hold back the
# over-confidence that fitting one-hot targets with a small network breeds.
# The softened targets add accuracy again but cost calibration: the student
# learns the *softened* distribution, so its probabilities are too low (it
# is under-confident), unless its logits are multiplied by ``T`` again.
import matplotlib.pyplot as plt

from sklearn_losses.metrics import ReliabilityDiagramDisplay

fig, (ax_bars, ax_reliability) = plt.subplots(1, 2, figsize=(12, 5))
students = results.drop(index="teacher (256,)")
positions = np.arange(len(students))
ax_bars.bar(
    positions - 0.2, 1 - students["accuracy"], 0.4, label="error rate"
)
ax_bars.bar(positions + 0.2, students["ECE"], 0.4, label="ECE")
ax_bars.set_xticks(positions, students.index, rotation=10)
ax_bars.set_title("Students on the test images (lower is better)")
ax_bars.legend()
for name in students.index:
    ReliabilityDiagramDisplay.from_estimator(
        models[name],
        X_test,
        y_test,
        n_bins=15,
        name=name,
        ax=ax_reliability,
    )
ax_reliability.set_title("Reliability of the students (top label)")
plt.show()
