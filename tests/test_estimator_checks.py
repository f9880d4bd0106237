"""scikit-learn's estimator checks over a representative set of configurations."""

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_losses import LogisticMLPClassifier

# Small networks and few epochs keep the whole battery fast; the learning rate
# is raised so that the accuracy checks still pass after few epochs.
_FAST = dict(hidden_layer_sizes=(8,), max_iter=60, learning_rate_init=0.02)

ESTIMATORS = [
    LogisticMLPClassifier(**_FAST),  # log_loss, l2, adam
    LogisticMLPClassifier(**_FAST, loss="squared_error", penalty="l1", alpha=1e-3),
    LogisticMLPClassifier(
        **_FAST, loss="absolute_error", penalty="elasticnet", solver="sgd"
    ),
    LogisticMLPClassifier(**_FAST, loss="kl_divergence", penalty=None),
    LogisticMLPClassifier(**_FAST, loss="focal", activation="tanh"),
    LogisticMLPClassifier(**_FAST, batch_size=16, class_weight="balanced"),
    LogisticMLPClassifier(hidden_layer_sizes=(), solver="lbfgs", max_iter=200),
    # the weight-equivalence checks compare to rtol=1e-7: a tight tol, and an
    # alpha at which the checks' 15-sample problem is not flat along any weight
    # (L-BFGS-B stops when f stops decreasing in float64, which pins a weight
    # on a flat valley to ~1e-8 only)
    LogisticMLPClassifier(
        hidden_layer_sizes=(),
        solver="lbfgs",
        penalty="l1",
        alpha=0.3,
        tol=1e-15,
        max_iter=2000,
    ),
    LogisticMLPClassifier(
        hidden_layer_sizes=(8,), solver="lbfgs", penalty="elasticnet", max_iter=200
    ),
]

# few epochs on purpose: the checks test the API, not convergence
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

_STOCHASTIC_SW_REASON = (
    "minibatch solvers draw different batches when samples are repeated instead "
    "of weighted, so integer weights and repetition give different weights"
)


def _expected_failed_checks(estimator):
    # with batch_size="auto" the checks' small data sets are one full batch,
    # for which weighting and repeating agree
    if estimator.solver in ("adam", "sgd") and estimator.batch_size != "auto":
        return {
            "check_sample_weight_equivalence_on_dense_data": _STOCHASTIC_SW_REASON,
            "check_sample_weight_equivalence_on_sparse_data": _STOCHASTIC_SW_REASON,
        }
    return {}


@parametrize_with_checks(ESTIMATORS, expected_failed_checks=_expected_failed_checks)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)
