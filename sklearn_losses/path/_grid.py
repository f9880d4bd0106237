"""A path grid chosen from the data: ``alpha_max`` and the geometric grid below it.

``alpha_max`` is the smallest alpha at which the fitted model ignores its
input. It is computed exactly where it is defined (a
``LogisticMLPClassifier`` without hidden layer whose penalty has an L1 part,
with a loss whose best model without weights is finite: the largest
absolute gradient of the data term at zero weights, as scikit-learn's
``lasso_path`` does), and otherwise found by bisection on the collapse of
the fitted model. Data without signal (every feature constant) and a model
without penalty have no alpha_max: both are refused at once.
"""

import warnings
from dataclasses import dataclass, field
from numbers import Integral, Real

import numpy as np
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_array

from sklearn_losses.path._varied import is_collapsed
from sklearn_losses.solvers._zero import has_finite_intercept_optimum, zero_threshold

__all__ = ["AlphaMax", "alpha_grid", "exact_alpha_max", "find_alpha_max"]

# The parameters of the grid, for ``validate_params``.
GRID_CONSTRAINTS = {
    "alphas": ["array-like", StrOptions({"auto"}), None],
    "n_alphas": [Interval(Integral, 2, None, closed="left")],
    "eps": [Interval(Real, 0, 1, closed="neither")],
}

# The bisection: at most this many fits in all, the bracket grown by factors
# of 10 from alpha = 1, then halved in log-space until its ends are within
# this ratio of each other (or the fits are spent).
MAX_FITS = 20
_GROWTH = 10.0
_RATIO = 1.02


@dataclass(frozen=True)
class AlphaMax:
    """``alpha_max``, how it was found, the fits it took and the fit there.

    ``fit`` is the bisection's (collapsed) fit at ``value``, which the path
    keeps as its last; None when exact.
    """

    value: float
    method: str  # "exact" or "bisection"
    n_fits: int = 0
    fit: object = field(default=None, repr=False, compare=False)


def alpha_grid(alpha_max, n_alphas, eps):
    """``n_alphas`` values spaced geometrically from ``eps * alpha_max`` up to it."""
    grid = np.geomspace(eps * alpha_max, alpha_max, n_alphas)
    grid[-1] = alpha_max  # exactly, not up to rounding
    return grid


# -- exact: no hidden layer, an L1 part ---------------------------------------


def _split_form(estimator):
    """``(l1, l2)`` strengths of the estimator's penalty; None without one.

    None too for a penalty that declares no split form, and for an estimator
    whose penalty this package cannot read (another library's).
    """
    from sklearn_losses.penalties import get_penalty

    params = estimator.get_params(deep=False)
    try:
        penalty = get_penalty(params["penalty"], l1_ratio=params.get("l1_ratio", 0.5))
    except (KeyError, TypeError, ValueError):
        return None
    return None if penalty is None else penalty.split_form()


def _l1_strength(estimator):
    """The L1 strength of the penalty's split form; 0 for a penalty without one."""
    form = _split_form(estimator)
    return 0.0 if form is None else float(form[0])


def has_exact_alpha_max(estimator):
    """Whether ``alpha_max`` of ``estimator`` has a closed form.

    A ``LogisticMLPClassifier`` without hidden layer, whose penalty has an
    L1 part, trained on all its data (no early stopping), with a loss whose
    best model without weights is finite (it declares
    ``finite_intercept_optimum``: not the absolute error, whose best
    constant output sits at infinite intercepts).
    """
    from sklearn_losses._classifier import LogisticMLPClassifier
    from sklearn_losses.losses import get_loss

    if not isinstance(estimator, LogisticMLPClassifier):
        return False
    params = estimator.get_params(deep=False)
    if params["early_stopping"] or len(_hidden_sizes(params)) > 0:
        return False
    if not has_finite_intercept_optimum(get_loss(params["loss"])):
        return False
    return _l1_strength(estimator) > 0


def _hidden_sizes(params):
    from sklearn_losses._constraints import hidden_sizes

    return hidden_sizes(params["hidden_layer_sizes"])


def exact_alpha_max(estimator, X, y, sample_weight=None):
    """The smallest alpha at which every weight is zero; None if not finite.

    For the objective ``sum_i s_i l(y_i, X_i W + b) / S + (alpha / S) *
    (l1 |W|_1 + l2 / 2 |W|_2^2)`` (``(l1, l2)`` the penalty's
    ``split_form()``, ``(l1_ratio, 1 - l1_ratio)`` for the elastic net;
    ``s_i`` sample times class weight, ``S`` their sum), zero weights with
    the best intercepts ``b0`` are optimal when ``|sum_i s_i x_ij g_ik| / S
    <= alpha l1 / S`` for every weight, ``g_i`` the gradient of the loss in
    the raw output at ``b0``. Hence ``alpha_max = max_jk |sum_i s_i x_ij
    g_ik| / l1``:
    ``S`` cancels, and for two classes with the log loss, unweighted,
    ``g_i = mean(y) - y_i``. ``b0`` is finite only where the loss declares
    it so and every class has weight; otherwise there is no closed form and
    this returns None.

    The weights are computed in ``X``'s dtype, as the estimator's fit
    computes them, so that its lbfgs solver, which checks the same
    condition, gives exact zeros at the returned value.

    Parameters
    ----------
    estimator : LogisticMLPClassifier
        Without hidden layer, with an L1 part (:func:`has_exact_alpha_max`).
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    sample_weight : array-like of shape (n_samples,), default=None

    Returns
    -------
    alpha_max : float or None
    """
    from sklearn_losses._targets import training_weights
    from sklearn_losses.losses import get_loss

    X = check_array(X, accept_sparse="csr", dtype=[np.float64, np.float32])
    classes, y_idx = np.unique(np.asarray(y), return_inverse=True)
    params = estimator.get_params(deep=False)
    weights = training_weights(sample_weight, X, y_idx, params["class_weight"], classes)
    _check_signal(X, weights)
    loss = get_loss(params["loss"], n_classes=len(classes))
    n_outputs = 1 if len(classes) == 2 else len(classes)
    found = zero_threshold(X, loss, y_idx, weights, n_outputs)
    if found is None:
        return None
    return found[1] / _l1_strength(estimator)


def _check_signal(X, weights=None):
    """Refuse an ``X`` whose every feature is constant over the weighted rows.

    The model then ignores its input at every alpha: there is no alpha_max.
    """
    if weights is not None:
        X = X[np.asarray(weights) > 0]
    if X.shape[0] == 0 or X.shape[1] == 0:
        return
    spread = X.max(axis=0) - X.min(axis=0)
    spread = spread.toarray() if hasattr(spread, "toarray") else np.asarray(spread)
    if not np.any(spread != 0):
        kind = "zero" if not np.any(X.max(axis=0) != 0) else "constant"
        raise ValueError(
            f"alphas='auto' needs data that carry a signal: every feature of X "
            f"is {kind} over the samples, so the model ignores its input at "
            "every alpha and there is no alpha_max. Check X (or the steps "
            "before the model), or give the alphas."
        )


# -- bisection on the collapse of the fitted model ---------------------------


class _Search:
    """Fits at chosen alphas, counted, each judged collapsed or not.

    With ``warm``, a probe above the last alpha found not collapsed starts
    from that fit and is refitted from scratch where it collapses, as the
    path's own fits are (:meth:`Varied.fit_next`); otherwise every probe is
    a fit from scratch.
    """

    def __init__(self, varied, X, y, warm):
        self.varied, self.X, self.y, self.warm = varied, X, y, warm
        self.n_fits = 0
        self.below = None  # the fit at the largest alpha not collapsed
        self.above = None  # the fit at the smallest alpha collapsed

    def collapsed(self, alpha):
        """Fit at ``alpha``; remember the fit when it has not collapsed."""
        with warnings.catch_warnings():
            # only the collapse matters here; the path's fits warn
            warnings.simplefilter("ignore", ConvergenceWarning)
            if self.warm and self.below is not None:
                fitted, _, _, n_fits = self.varied.fit_next(
                    self.below, self.X, self.y, alpha
                )
            else:
                fitted, n_fits = self.varied.fit_cold(self.X, self.y, alpha), 1
        self.n_fits += n_fits
        collapsed = is_collapsed(fitted, self.X)
        if collapsed:
            self.above = fitted
        else:
            self.below = fitted
        return collapsed

    def bracket(self):
        """``(lo, hi)``: not collapsed at ``lo``, collapsed at ``hi = 10 lo``."""
        alpha = 1.0
        step = 1 / _GROWTH if self.collapsed(alpha) else _GROWTH
        while self.n_fits < MAX_FITS:
            alpha *= step
            if step > 1 and self.collapsed(alpha):
                return alpha / step, alpha
            if step < 1 and not self.collapsed(alpha):
                return alpha, alpha / step
        state, way = ("collapsed", "down") if step < 1 else ("not collapsed", "up")
        raise ValueError(
            f"alphas='auto' could not find where the model collapses: it is "
            f"{state} at every alpha tried, from 1 {way} to {alpha:.3g} "
            f"({self.n_fits} fits){_penalty_note(self.varied.owner)}. Give "
            "the alphas."
        )

    def bisect(self, lo, hi):
        """The smallest collapsed alpha found, to within ``_RATIO``."""
        while hi / lo > _RATIO and self.n_fits < MAX_FITS:
            middle = np.sqrt(lo * hi)
            if self.collapsed(middle):
                hi = middle
            else:
                lo = middle
        return hi


def bisect_alpha_max(varied, X, y, warm=True):
    """The smallest alpha whose fit collapses, by bisection in log-space.

    Returns
    -------
    alpha_max : AlphaMax
    """
    search = _Search(varied, X, y, warm and varied.hidden)
    lo, hi = search.bracket()
    hi = search.bisect(lo, hi)
    return AlphaMax(hi, "bisection", search.n_fits, search.above)


# -- the two together ---------------------------------------------------------


def _pipeline_input(varied, X, y):
    """``X`` as the final step sees it, and that step; ``(X, None)`` otherwise.

    The earlier steps of a pipeline are fitted on ``(X, y)``, as the
    pipeline's own fit does. Only the final step's parameter qualifies.
    """
    estimator = varied.estimator
    if not varied.prefix:
        return X, estimator
    steps = getattr(estimator, "steps", None)
    if steps is None or varied.prefix != steps[-1][0]:
        return X, None
    head = clone(estimator[:-1])
    head_params = {
        name: value
        for name, value in varied.fit_params.items()
        if name.partition("__")[0] != varied.prefix
    }
    return head.fit_transform(X, y, **head_params), varied.owner


def find_alpha_max(varied, X, y, warm=True):
    """``alpha_max`` of the varied estimator on ``(X, y)``, exact where defined.

    Returns
    -------
    alpha_max : AlphaMax
    """
    if varied.param_name.rpartition("__")[2] != "alpha":
        raise ValueError(
            "alphas='auto' computes the grid of an estimator's 'alpha'; "
            f"param_name={varied.param_name!r} is another parameter. Give "
            "the values with alphas."
        )
    owner = varied.owner
    _check_penalty(owner, varied.hidden)
    if has_exact_alpha_max(owner):
        X_final, final = _pipeline_input(varied, X, y)
        if final is not None:
            value = exact_alpha_max(final, X_final, y, varied.sample_weight)
            if value is not None:
                return AlphaMax(value, "exact")
    elif not varied.prefix:
        _check_signal(check_array(X, accept_sparse="csr", dtype="numeric"))
    return bisect_alpha_max(varied, X, y, warm)


def _check_penalty(owner, hidden):
    """Refuse a model that never ignores its input at a finite alpha.

    Without a penalty, alpha changes nothing. Without hidden layer and
    without an L1 part, the weights shrink towards zero as alpha grows but
    reach it only at infinite alpha (scikit-learn's ``ElasticNetCV``
    refuses its automatic grid at ``l1_ratio=0`` for the same reason). With
    hidden layers the zero network is an exact minimum of an L2-penalized
    objective from a finite alpha on, which the bisection finds.
    """
    params = owner.get_params(deep=False)
    if "penalty" not in params:
        return
    name = type(owner).__name__
    if params["penalty"] is None:
        raise ValueError(
            f"alphas='auto' needs a penalty for alpha to scale; {name} has "
            "penalty=None, so alpha changes nothing and the model never "
            "ignores its input. Use penalty='l1' or 'elasticnet', or give the "
            "alphas."
        )
    form = _split_form(owner)
    if not hidden and form is not None and form[0] == 0:
        raise ValueError(
            f"alphas='auto' needs a penalty with an L1 part on a model without "
            f"hidden layer; {name} has penalty={params['penalty']!r}"
            f"{_l1_ratio_note(params)}, which shrinks the weights towards zero "
            "as alpha grows but makes them zero at no finite alpha, so there "
            "is no alpha_max. Use penalty='l1' or 'elasticnet' with "
            "l1_ratio > 0, or give the alphas."
        )


def _l1_ratio_note(params):
    return (
        f" and l1_ratio={params['l1_ratio']!r}"
        if params["penalty"] == "elasticnet"
        else ""
    )


def _penalty_note(owner):
    """``" with penalty=..."`` for the bisection's error, where there is one."""
    params = owner.get_params(deep=False)
    if "penalty" not in params:
        return ""
    note = f" with penalty={params['penalty']!r}"
    if _l1_strength(owner) == 0:
        note += (
            " (no L1 part: the weights shrink towards zero as alpha grows "
            "but never reach it, so the model may never collapse)"
        )
    return note
