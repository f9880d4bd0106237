"""LogisticMLPClassifier: a multi-layer perceptron whose loss and penalty you choose.

The estimator validates its parameters and data, resolves the loss, penalty
and solver from their registries, runs the solver and keeps its result as
fitted attributes; the training loops live in :mod:`sklearn_losses.solvers`.
"""

import functools
import types
from numbers import Integral, Real

import numpy as np
from sklearn import config_context
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.metrics import accuracy_score
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    Options,
    StrOptions,
)
from sklearn.utils.validation import check_is_fitted, validate_data

from sklearn_losses._constraints import Count, HiddenLayerSizes
from sklearn_losses._continuation import previous_result, starting_network
from sklearn_losses._fit_state import fitted_attributes, unchanged_on_error
from sklearn_losses._network import ACTIVATIONS, Network
from sklearn_losses._targets import (
    encode_targets,
    most_probable_classes,
    read_targets,
    weighted_targets,
)
from sklearn_losses._validation import check_magnitude
from sklearn_losses.losses import LOSSES, get_loss
from sklearn_losses.optimizers import SGD, Adam
from sklearn_losses.penalties import PENALTIES, PENALTY_METHODS, get_penalty
from sklearn_losses.solvers import (
    SOLVERS,
    Objective,
    Solver,
    SolverResult,
    resolve_solver,
)

__all__ = ["LogisticMLPClassifier"]


def _safe_proba(proba, dtype, multilabel=False):
    """Probabilities strictly inside (0, 1) whose rows sum to 1.

    Multilabel: each label's probability strictly inside (0, 1).
    """
    proba = np.asarray(proba, dtype=dtype)
    eps = np.finfo(dtype).eps
    if multilabel:
        return np.clip(proba, eps / 2, 1 - eps / 2)
    if proba.shape[1] == 2:
        # 1 - p is exact for p in [eps/2, 1 - eps/2], so rows sum to exactly 1
        p1 = np.clip(proba[:, 1], eps / 2, 1 - eps / 2)
        return np.column_stack([1 - p1, p1])
    proba = np.clip(proba, eps, 1.0)
    proba /= proba.sum(axis=1, keepdims=True)
    return proba


def _check_same_kind(previous, kind):
    """``partial_fit`` continues a model whose outputs mean the same."""
    if (previous == "multilabel") != (kind == "multilabel"):
        were = "multilabel" if previous == "multilabel" else "class labels"
        raise ValueError(
            f"partial_fit got {kind} targets, but the model was trained on "
            f"{were}: the network's outputs would change meaning (one logit per "
            "label, or a probability distribution over the classes). Pass "
            f"{were} as before, or start over with fit."
        )


def _nothing_to_learn(objective, X, y, sample_weight, *, previous, **_):
    """The result of a fit to one class, which trains nothing.

    Whatever the weights, the model predicts the one class with probability
    1: the fit keeps its starting weights and records the objective there.
    """
    value = objective.value_and_gradient(X, y, sample_weight, epoch=0)
    before = previous or SolverResult()
    return SolverResult(
        n_iter=before.n_iter,
        t=before.t,
        loss_curve=[*before.loss_curve, value],
        best_loss=min(before.best_loss, value),
        converged=True,
        message="y has one class: nothing to learn",
    )


class _PartialFitUnavailable(AttributeError, ValueError):
    """``partial_fit`` is absent for this configuration.

    An AttributeError, so ``hasattr(clf, "partial_fit")`` is False (what
    scikit-learn's tools test); a ValueError, as ``MLPClassifier`` raises for
    ``early_stopping=True``.
    """


def _supports_partial_fit(estimator):
    if estimator.early_stopping:
        raise _PartialFitUnavailable("partial_fit does not support early_stopping=True")
    if estimator.class_weight == "balanced":
        # each call's own counts would weigh a one-class chunk by 1
        raise _PartialFitUnavailable(
            "class_weight='balanced' is not supported by partial_fit: it "
            "would be computed on each call's data alone. Compute the "
            "weights once from the labels of all the data, with "
            "sklearn.utils.class_weight.compute_class_weight('balanced', "
            "classes=classes, y=y_all), and pass them as a dict "
            "class_weight=dict(zip(classes, weights)). A class weight "
            "shifts a call's weighted mean loss between the classes of that "
            "call only: mix the classes in each chunk."
        )
    solver = resolve_solver(estimator.solver, hidden_layer_sizes=(), incremental=True)
    if not solver.supports_partial_fit:
        names = [n for n, cls in SOLVERS.items() if cls.supports_partial_fit]
        raise _PartialFitUnavailable(
            f"partial_fit is only available for the solvers {['auto', *names]} "
            "and Solver objects that declare supports_partial_fit, not "
            f"{estimator.solver!r}."
        )


class _available_if_supported:
    """A method present only where ``_supports_partial_fit`` allows it.

    Like scikit-learn's ``available_if``, but the reason it gives is the one
    raised (``available_if`` replaces it with a generic AttributeError).
    """

    def __init__(self, method):
        self.method = method
        functools.update_wrapper(self, method)

    def __get__(self, obj, owner=None):
        if obj is None:
            return self.method  # the class: documentation, introspection
        _supports_partial_fit(obj)
        return types.MethodType(self.method, obj)


class LogisticMLPClassifier(ClassifierMixin, BaseEstimator):
    """Multi-layer perceptron classifier with a pluggable loss and penalty.

    A drop-in replacement for :class:`sklearn.neural_network.MLPClassifier`
    where the parameters overlap, which also lets you choose the training
    loss, use L1 and elastic-net penalties (with exact zeros), weigh classes
    and record the validation loss. With ``hidden_layer_sizes=()`` it is
    plain (binary or multinomial) logistic regression.

    The network's output layer is raw: one logit for two classes, ``K``
    logits for ``K > 2`` classes. At ``fit`` the loss is bound to the number
    of classes (``get_loss(loss, n_classes=K)``) and holds the link (sigmoid or
    softmax) that its ``predict_proba`` applies.

    **Objective.** With sample weights ``s_i`` (times class weights),
    pointwise loss ``l`` and weight matrices ``W`` (never the intercepts)::

        sum_i s_i l(y_i, f(x_i)) / S
            + (alpha / S) * sum_W [l1_ratio * |W|_1
                                   + (1 - l1_ratio) / 2 * |W|_2^2]

    where ``S = sum_i s_i`` is the total weight of the data the fit trains on
    (``n_samples`` without weights; the training part when ``early_stopping``
    holds some out; the data of the call for ``partial_fit``). ``l1_ratio``
    is 0 for ``penalty="l2"`` and 1 for ``penalty="l1"``. The objective does
    not depend on the batch size: a minibatch step uses the batch's weighted
    mean loss plus the same ``(alpha / S)`` times the full penalty.

    **Mapping to scikit-learn.** ``alpha`` means what it means in
    :class:`~sklearn.neural_network.MLPClassifier`, whose objective is the
    mean loss ``+ alpha / (2 n) |W|_2^2``: ``MLPClassifier(alpha=a,
    solver="lbfgs")`` and ``LogisticMLPClassifier(alpha=a, solver="lbfgs")``
    minimise the same objective. (``MLPClassifier``'s adam and sgd divide by
    the batch size instead of ``n``, so there its penalty grows as the batch
    shrinks; here it does not.) ``LogisticRegression(C=C)`` minimises
    ``C * sum_i s_i l_i + 1/2 |w|_2^2`` (and ``C * sum_i s_i l_i + |w|_1``
    with ``l1_ratio=1``), which divided by ``C * S`` is the objective above
    with ``hidden_layer_sizes=(), alpha=1 / C``.

    **Non-smooth penalties.** With adam and sgd, L1 and elastic net are
    applied by a proximal step (soft-thresholding) after each update, so
    small weights become exactly 0 (a weight whose magnitude after the
    gradient step is below ``step * (alpha / S) * l1_ratio``). With adam the step of
    each coordinate is Adam's own, ``learning_rate_init / sqrt(v_hat)`` (up to
    ``epsilon``), the factor that multiplies the bias-corrected gradient
    average: a diagonally preconditioned proximal gradient step. With sgd it
    is the current learning rate. With lbfgs the problem
    is solved exactly: each weight is split as ``w = u - v`` with
    ``u, v >= 0`` and L-BFGS-B (bound constraints) minimises the smooth
    problem in which ``|w|_1`` becomes the linear term ``sum(u + v)``; the
    weights at the optimum have exact zeros.

    **Threads.** For the minibatch loop, when the matrix products are small
    (``batch_size * fan_in * fan_out < 2**22`` for every layer) ``fit`` limits
    the BLAS thread pool to one thread with :mod:`threadpoolctl`: on small
    products extra threads only add synchronisation and can be several times
    slower on a busy machine. Larger problems keep the default thread pool.
    The limit is shared by fits running in several threads and restored when
    the last of them ends.

    **Failures.** Training that diverges (an epoch's objective more than
    ``1e4`` times its start above the loss's lower bound, or weights, raw
    output or optimizer state overflowing to inf or NaN) raises a
    ``FloatingPointError`` naming the likely cause (``learning_rate_init``,
    unscaled ``X``, ``alpha``); ``X`` with values whose products overflow its
    dtype (above the square root of its largest value) is refused. A loss
    object other than the built-in ones is checked on every batch: outputs of
    the wrong shape, or non-finite at a finite raw output, raise a
    ``ValueError`` naming it. A ``fit`` or ``partial_fit`` that raises leaves
    the estimator exactly as it was: the previous model, or unfitted.

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default=(100,)
        Sizes of the hidden layers; ``()`` for logistic regression.
    activation : {"relu", "identity", "logistic", "tanh"}, default="relu"
        Activation of the hidden layers.
    loss : str or loss object, default="log_loss"
        A name registered in :mod:`sklearn_losses.losses` (``"log_loss"``,
        ``"squared_error"``, ``"absolute_error"``, ``"kl_divergence"``,
        ``"focal"``) or a loss object. A loss that cannot serve the problem
        (its ``target_types``) raises a ``ValueError`` at ``fit``.
    penalty : {"l2", "l1", "elasticnet"}, penalty object or None, default="l2"
        Penalty on the weights; see :mod:`sklearn_losses.penalties`.
    alpha : float, default=1e-4
        Strength of the penalty, ``>= 0``, as in ``MLPClassifier``: the
        penalty enters the objective as ``(alpha / S) * penalty``, ``S`` the
        total sample weight (``n_samples`` unweighted). ``alpha = 1 / C`` of
        ``LogisticRegression``.
    l1_ratio : float, default=0.15
        Elastic-net mix in [0, 1]; used with ``penalty="elasticnet"`` only.
    solver : {"auto", "adam", "sgd", "lbfgs"} or Solver, default="auto"
        ``"auto"`` is ``"lbfgs"`` when ``hidden_layer_sizes=()`` (a convex
        problem, solved exactly, with any penalty) and ``"adam"`` otherwise
        (as ``MLPClassifier``), and ``"adam"`` for ``partial_fit``; the solver
        used is ``solver_``. Else a name in
        :data:`sklearn_losses.solvers.SOLVERS`, configured from this
        estimator's parameters of the same names, or a
        :class:`~sklearn_losses.solvers.Solver` object, used as configured
        (``max_iter``, ``tol``, ``learning_rate_init``, ... of the estimator
        do not apply to it; ``solver__max_iter`` reaches its fields in a
        grid search). A solver that cannot
        handle the penalty raises a ``ValueError`` at ``fit`` naming those that
        can. ``"adam"`` and ``"sgd"`` (momentum, Nesterov) are minibatch solvers;
        ``"lbfgs"`` is full-batch L-BFGS-B from :func:`scipy.optimize.minimize`
        (``maxiter=max_iter``, ``gtol=tol``, ``maxfun=max_fun``). It stops
        when the projected gradient is below ``tol`` or the objective stops
        decreasing at all, not on a small relative decrease (scipy's
        ``ftol=0``): L-BFGS-B can make little progress for a while far from
        the optimum, notably with a non-smooth penalty or unscaled data.
    batch_size : int or "auto", default="auto"
        Minibatch size; ``"auto"`` is ``min(200, n_samples)``. Ignored by lbfgs.
    learning_rate_init : float, default=1e-3
        Step size of adam and sgd (sgd's initial one under a schedule).
    learning_rate : {"constant", "invscaling", "adaptive"}, default="constant"
        sgd's schedule, as in ``MLPClassifier``: ``"constant"`` keeps
        ``learning_rate_init``; ``"invscaling"`` sets the rate to
        ``learning_rate_init / (t + 1) ** power_t`` after each epoch, ``t``
        the samples seen (``t_``); ``"adaptive"`` divides it by 5 each time
        the stopping rule (``tol``, ``n_iter_no_change``, with
        ``early_stopping`` the validation loss) fires, and stops only once
        it is at most ``1e-6``. ``partial_fit`` continues the schedule; a
        ``fit``, warm-started or not, restarts it at ``learning_rate_init``
        (with ``t_``: ``MLPClassifier``'s warm start counts ``t_`` on).
        Ignored by adam and lbfgs, as in ``MLPClassifier``.
    power_t : float, default=0.5
        Exponent of ``"invscaling"``, ``>= 0``; sgd only.
    max_iter : int, default=200
        Epochs for adam and sgd; iterations for lbfgs.
    tol : float, default=1e-4
        Training stops when the training objective (or, with
        ``early_stopping``, the validation loss) has not improved by at least
        ``tol`` for ``n_iter_no_change`` consecutive epochs. For lbfgs, the
        projected-gradient tolerance.
    n_iter_no_change : int or np.inf, default=10
        See ``tol``; ``np.inf`` never stops before ``max_iter``.
    max_fun : int, default=15000
        lbfgs only: most evaluations of the objective; reaching it warns with
        a :class:`~sklearn.exceptions.ConvergenceWarning`.
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the training data (at least 2
        samples), monitor the loss on it, stop when it stops improving and
        restore the weights of the best epoch. The split is stratified when
        every class can appear in both parts (each class has 2 samples and
        each part room for every class), else plain random; it is drawn over
        the distinct samples of positive weight, so that integer
        ``sample_weight`` and repeated rows give the same fit. adam and sgd
        only (ignored by lbfgs, as in ``MLPClassifier``; so also by
        ``solver="auto"`` without a hidden layer).
    validation_fraction : float, default=0.1
        Held-out fraction for ``early_stopping``, in (0, 1).
    class_weight : dict, "balanced" or None, default=None
        Weights per class, multiplied into ``sample_weight``: finite and
        ``>= 0``, with a positive weight on some sample. ``"balanced"``
        gives class ``k`` the weight ``S / (n_classes * S_k)``, ``S_k`` the
        total sample weight of class ``k``, as
        :func:`~sklearn.utils.class_weight.compute_class_weight` with
        ``sample_weight``. With soft targets each class's weight multiplies
        its column of ``Y`` (``S_k`` is then the column's weighted mass): the
        fit is that of each row copied once per class, copy ``k`` weighted
        ``c_k * Y[i, k]``. ``partial_fit`` refuses ``"balanced"`` (each
        call would count its own data); pass a dict, and mix the classes in
        each chunk (a call's loss is a weighted mean: on a chunk of one
        class, any class weight cancels). Refused for multilabel
        targets (a sample has any number of labels): weigh samples with
        ``sample_weight``.
    shuffle : bool, default=True
        Shuffle the training data at each epoch.
    random_state : int, RandomState instance or None, default=None
        Initial weights, shuffling and the validation split. lbfgs without a
        hidden layer starts from zero weights (the problem is convex; zero is
        :class:`~sklearn.linear_model.LogisticRegression`'s start too), so
        ``random_state`` does not matter there.
    warm_start : bool, default=False
        Start ``fit`` from the previous ``coefs_`` and ``intercepts_`` (or
        from weights set by hand). Weights of other shapes (another
        ``hidden_layer_sizes``, ``X`` with other features) raise a
        ``ValueError``, as other classes do, rather than start anew. The
        optimizer state and the convergence counters (``n_iter_``,
        ``loss_curve_``, ``best_loss_``, no-improvement count) are always
        reset, so a warm-started fit runs its own ``max_iter`` epochs.
        ``partial_fit`` continues everything instead.
    verbose : bool, default=False
        Print one line per epoch: loss, validation loss, seconds.
    momentum : float, default=0.9
        sgd momentum in [0, 1].
    nesterovs_momentum : bool, default=True
        Use Nesterov's momentum with sgd.
    beta_1, beta_2 : float, default=0.9, 0.999
        Adam's moment decay rates in [0, 1).
    epsilon : float, default=1e-8
        Adam's denominator offset, > 0.
    dtype : {np.float64, np.float32} or None, default=None
        The float type of training and of the weights. None keeps float32
        data in float32 and trains anything else in float64;
        ``np.float32`` trains float64 data in float32 too (converted once
        per ``fit``), which makes the minibatch loop about twice as fast
        for wide layers (``benchmarks/bench_classifier.py``) at a
        precision of about ``1e-7`` relative, plenty for a network trained
        by stochastic steps; with lbfgs the objective is then only that
        precise.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels; for multilabel targets, the labels (columns of ``Y``):
        ``np.arange(n_labels)`` unless ``classes=`` named them.
    coefs_ : list of ndarray
        ``coefs_[i]`` of shape ``(n_in, n_out)``, dtype of the training data
        (float32 or float64).
    intercepts_ : list of ndarray
        Intercepts of each layer.
    solver_ : str or Solver
        The solver used by the last fit: its name (``solver``, or what
        ``"auto"`` resolved to), or the ``Solver`` object given.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features, when ``X`` has string column names.
    n_layers_ : int
        Number of layers, input and output included.
    n_outputs_ : int
        Number of raw outputs: 1 for one or two classes, ``n_classes``
        otherwise (one per label for multilabel targets).
    out_activation_ : {"logistic", "softmax"}
        The output's link, as in ``MLPClassifier``: ``"logistic"`` for one
        logit and for multilabel targets (one sigmoid per label),
        ``"softmax"`` for more classes.
    loss_ : float
        Training objective (loss plus penalty) at the last epoch or iteration
        (with ``early_stopping``, the last epoch's even though the weights are
        those of the best validation epoch).
    loss_curve_ : list of float
        Training objective at each epoch (for adam and sgd: the average over
        the epoch's batches, each counted by its total sample weight) or
        L-BFGS iteration.
    best_loss_ : float or None
        Smallest value of ``loss_curve_``; None with ``early_stopping``, where
        the validation loss decides (as in ``MLPClassifier``).
    validation_loss_curve_ : list of float or None
        With ``early_stopping``: the sample-weighted mean loss, without the
        penalty, on the held-out data after each epoch; else None.
    validation_scores_ : list of float or None
        With ``early_stopping``: accuracy on the held-out data after each
        epoch; else None.
    best_validation_loss_ : float or None
        Smallest value of ``validation_loss_curve_``.
    best_validation_score_ : float or None
        Largest value of ``validation_scores_`` (as in ``MLPClassifier``).
    n_iter_ : int
        Epochs (adam, sgd) or iterations (lbfgs) run by the last fit.
    t_ : int
        Number of training samples seen by the solver.

    See Also
    --------
    sklearn.neural_network.MLPClassifier : The scikit-learn original.
    sklearn.linear_model.LogisticRegression : The no-hidden-layer case.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn_losses import LogisticMLPClassifier
    >>> X, y = make_classification(n_samples=200, random_state=0)
    >>> clf = LogisticMLPClassifier(
    ...     hidden_layer_sizes=(16,), loss="squared_error", penalty="l1",
    ...     alpha=0.2, learning_rate_init=1e-2, random_state=0,
    ... ).fit(X, y)
    >>> clf.solver_
    'adam'
    >>> clf.predict_proba(X[:2]).round(1)
    array([[1. , 0. ],
           [0.9, 0.1]])
    >>> bool(clf.score(X, y) > 0.95)
    True
    >>> float((clf.coefs_[0] == 0).mean()) > 0.5  # L1: most weights exactly 0
    True
    """

    # the registries' keys() are live views: a name registered after import
    # (a user's loss, penalty or solver) is accepted
    _parameter_constraints = {
        "hidden_layer_sizes": [HiddenLayerSizes()],
        "activation": [StrOptions(set(ACTIVATIONS))],
        "loss": [
            StrOptions(LOSSES.keys()),
            HasMethods(["loss", "gradient", "loss_gradient", "predict_proba"]),
        ],
        "penalty": [StrOptions(PENALTIES.keys()), PENALTY_METHODS, None],
        "alpha": [Interval(Real, 0, np.inf, closed="left")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both")],
        "solver": [StrOptions({"auto"}), StrOptions(SOLVERS.keys()), Solver],
        "batch_size": [
            StrOptions({"auto"}),
            Count(Integral, 1, None, closed="left"),
        ],
        "learning_rate_init": Adam._parameter_constraints["learning_rate"],
        "learning_rate": SGD._parameter_constraints["schedule"],
        "power_t": SGD._parameter_constraints["power_t"],
        "max_iter": [Count(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "n_iter_no_change": [
            Count(Integral, 1, None, closed="left"),
            Options(Real, {np.inf}),
        ],
        "max_fun": [Count(Integral, 1, None, closed="left")],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "class_weight": [StrOptions({"balanced"}), dict, None],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
        "warm_start": ["boolean"],
        "verbose": ["verbose"],
        "momentum": SGD._parameter_constraints["momentum"],
        "nesterovs_momentum": SGD._parameter_constraints["nesterov"],
        "beta_1": Adam._parameter_constraints["beta_1"],
        "beta_2": Adam._parameter_constraints["beta_2"],
        "epsilon": Adam._parameter_constraints["epsilon"],
        "dtype": [Options(type, {np.float64, np.float32}), None],
    }

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        *,
        activation="relu",
        loss="log_loss",
        penalty="l2",
        alpha=1e-4,
        l1_ratio=0.15,
        solver="auto",
        batch_size="auto",
        learning_rate_init=1e-3,
        learning_rate="constant",
        power_t=0.5,
        max_iter=200,
        tol=1e-4,
        n_iter_no_change=10,
        max_fun=15000,
        early_stopping=False,
        validation_fraction=0.1,
        class_weight=None,
        shuffle=True,
        random_state=None,
        warm_start=False,
        verbose=False,
        momentum=0.9,
        nesterovs_momentum=True,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        dtype=None,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.loss = loss
        self.penalty = penalty
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.solver = solver
        self.batch_size = batch_size
        self.learning_rate_init = learning_rate_init
        self.learning_rate = learning_rate
        self.power_t = power_t
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.max_fun = max_fun
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.class_weight = class_weight
        self.shuffle = shuffle
        self.random_state = random_state
        self.warm_start = warm_start
        self.verbose = verbose
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.dtype = dtype

    # --------------------------------------------------------------------- fit
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, classes=None):
        """Fit the network to data: class labels, or soft targets.

        **Soft targets.** ``y`` may be an array ``Y`` of shape ``(n_samples,
        n_classes)`` whose rows are class probabilities (non-negative,
        finite, summing to 1 within ``1e-5``; they are rescaled to sum to 1
        exactly): a teacher model's ``predict_proba`` for distillation,
        smoothed labels, or the share of annotators who chose each class.
        The loss then compares the prediction with each row's distribution;
        the losses that declare ``soft_targets`` take them (``"log_loss"``:
        the cross-entropy; ``"kl_divergence"``: the same less the entropy of
        the row; ``"squared_error"``: the Brier score against the row), the
        others refuse them. Two columns give one logit whose target is
        ``Y[:, 1]``. Any numeric 2-D ``y`` of two columns or more that is not
        multilabel (below) is read as soft targets (other multi-output
        targets are not supported).

        **Multilabel targets.** A 2-D ``y`` of 0s and 1s (a label indicator
        matrix, as :class:`~sklearn.preprocessing.MultiLabelBinarizer`
        makes; one-hot rows too, as in ``MLPClassifier``) fits one logit per
        label, each label a binary problem of its own
        (:class:`~sklearn_losses.losses.PerLabelLoss`): the loss is the
        weighted mean over the samples of each label's loss, summed over the
        labels (``MLPClassifier``'s ``binary_log_loss`` for
        ``"log_loss"``), and ``S`` stays the total sample weight. Every loss
        that serves binary problems applies; ``class_weight`` does not
        (a sample has any number of labels) and is refused. ``predict``
        returns the indicator matrix, ``predict_proba`` the probability of
        each label, ``score`` the subset accuracy.

        **One class.** ``y`` with a single class is accepted, as by
        ``MLPClassifier``: ``predict`` returns that class and
        ``predict_proba`` a column of ones, whatever the weights, so nothing
        is trained (the weights stay at their start, ``n_iter_`` does not
        grow and ``loss_curve_`` records the objective there).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data; sparse matrices are used in CSR form. float32 data
            trains and stores float32 weights.
        y : array-like of shape (n_samples,) or (n_samples, n_classes)
            Class labels (any type scikit-learn accepts, strings included),
            soft targets or multilabel indicators (see above).
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples in the (weighted mean) loss: finite,
            ``>= 0`` and not all zero.
        classes : array-like of shape (n_classes,), default=None
            With soft or multilabel targets only: the class of each column of
            ``Y`` (``classes_`` is ``classes`` sorted, the columns following it).
            None gives ``classes_ = np.arange(n_classes)`` (with
            ``warm_start``, the classes of the previous fit). With labels it
            must be None: the classes are those of ``y``.

        Returns
        -------
        self : LogisticMLPClassifier
            Fitted estimator.

        Examples
        --------
        Distillation: a student fitted to a teacher's probabilities.

        >>> from sklearn.datasets import load_iris
        >>> from sklearn.linear_model import LogisticRegression
        >>> from sklearn_losses import LogisticMLPClassifier
        >>> X, y = load_iris(return_X_y=True)
        >>> teacher = LogisticRegression(max_iter=1000).fit(X, y)
        >>> student = LogisticMLPClassifier((), loss="kl_divergence")
        >>> student.fit(X, teacher.predict_proba(X)).classes_
        array([0, 1, 2])
        >>> bool((student.predict(X) == teacher.predict(X)).mean() > 0.95)
        True
        """
        return self._fit(X, y, sample_weight, incremental=False, classes=classes)

    @_available_if_supported
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Run one epoch of adam or sgd over the given data.

        Continues the weights, the optimizer state and the counters of the
        previous ``fit`` or ``partial_fit``. The first call starts from
        ``coefs_`` and ``intercepts_`` when they are set (another model's
        weights, of the shapes this network has), else from new weights;
        ``classes`` defaults there to ``classes_`` if that is set too.
        ``early_stopping=True`` raises a ``ValueError`` (also an
        ``AttributeError``: the method is absent), as in ``MLPClassifier``
        (one epoch holds nothing out);
        the penalty's ``S`` is the weight of this call's data. Available for
        ``solver="auto"`` (which runs adam) and the solvers that declare
        ``supports_partial_fit``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_classes)
            Class labels, soft targets or multilabel indicators as in
            :meth:`fit`; every call takes the kind of the first (multilabel
            or not).
        classes : array-like of shape (n_classes,), default=None
            All the classes; required on the first call with labels. With
            soft or multilabel targets, the class of each column of ``Y``
            (None: ``np.arange(n_classes)``, or the classes of the first
            call).
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : LogisticMLPClassifier
        """
        # every call checks the parameters (set_params may have changed them
        # since the first), then the components trust them
        self._validate_params()
        with config_context(skip_parameter_validation=True):
            return self._fit(X, y, sample_weight, incremental=True, classes=classes)

    def _fit(self, X, y, sample_weight, incremental, classes=None):
        # a fit that raises leaves the previous model as it was
        with unchanged_on_error(self):
            return self._fit_checked(X, y, sample_weight, incremental, classes)

    def _fit_checked(self, X, y, sample_weight, incremental, classes):
        """Validate everything, train, then set the fitted attributes."""
        # weights set by hand (coefs_ without a fit) are a start, not a fit
        first_call = not (incremental and hasattr(self, "n_iter_"))
        X, targets = self._validated_data(X, y, classes, incremental, first_call)
        fitted_classes = targets.classes
        continuing = incremental and not first_call
        if continuing:
            _check_same_kind(self._target_kind, targets.kind)
        loss = get_loss(
            self.loss,
            # one class: one logit, as for two
            n_classes=max(targets.n_classes, 2),
            soft_targets=targets.is_soft,
            multilabel=targets.is_multilabel,
        )
        penalty = get_penalty(self.penalty, l1_ratio=self.l1_ratio)
        alpha = float(self.alpha) if penalty is not None else 0.0
        solver = resolve_solver(
            self.solver,
            hidden_layer_sizes=self.hidden_layer_sizes,
            incremental=incremental,
        )
        if not isinstance(solver, Solver):  # a name: the estimator's settings
            solver = solver.from_params(self.get_params(deep=False))
        solver.check_penalty(penalty, alpha, SOLVERS)
        # each class's weight goes into its column of soft rows, not the row
        encoded, sample_weight = weighted_targets(
            targets, sample_weight, X, self.class_weight
        )
        if not continuing:
            self._rng = check_random_state(self.random_state)
        network = starting_network(
            self, X, targets.n_outputs, incremental=incremental, solver=solver
        )
        training_weight = Objective.weight_of(X.shape[0], sample_weight)
        objective = Objective(
            network, loss, penalty, alpha, training_weight=training_weight
        )
        previous = previous_result(self) if continuing else None
        run = _nothing_to_learn if targets.n_classes == 1 else solver.solve
        result = run(
            objective,
            X,
            encoded,
            sample_weight,
            random_state=self._rng,
            incremental=incremental,
            previous=previous,
        )
        self.classes_ = fitted_classes
        self.solver_ = solver.name if self.solver == "auto" else self.solver
        self._target_kind = targets.kind
        self._loss, self._activation = loss, self.activation
        for name, value in fitted_attributes(network, result, targets.kind).items():
            setattr(self, name, value)
        return self

    def _validated_data(self, X, y, classes, incremental, first_call):
        """(X, targets): X checked, ``y`` read and encoded as :class:`Targets`."""
        y, kind = read_targets(y)
        # a value beyond float32 becomes inf in the cast, which validate_data
        # then refuses by name: numpy's overflow warning would only precede it
        with np.errstate(over="ignore"):
            X, y = validate_data(
                self,
                X,
                y,
                accept_sparse=["csr"],
                dtype=[np.float64, np.float32] if self.dtype is None else self.dtype,
                multi_output=kind != "labels",
                reset=first_call,
            )
        check_magnitude(X)
        if incremental and first_call and classes is None:
            # classes_ set by hand with the weights to start from
            classes = getattr(self, "classes_", None)
        targets = encode_targets(
            y,
            kind,
            dtype=X.dtype,
            classes=classes,
            previous=getattr(self, "classes_", None),
            incremental=incremental,
            first_call=first_call,
            warm_start=self.warm_start,
        )
        return X, targets

    # ----------------------------------------------------------------- predict
    def _raw_prediction(self, X):
        check_is_fitted(self)
        dtype = self.coefs_[0].dtype
        X = validate_data(self, X, accept_sparse=["csr"], dtype=dtype, reset=False)
        layer_sizes = [self.coefs_[0].shape[0], *(c.shape[1] for c in self.coefs_)]
        network = Network(layer_sizes, self._activation, dtype=dtype)
        network.set_weights(self.coefs_, self.intercepts_)
        with np.errstate(over="ignore", invalid="ignore"):
            raw = network.forward(X, buffered=False)
        if not np.all(np.isfinite(raw)):
            raise ValueError(
                f"The network's raw output overflowed {dtype} on X (inf or NaN "
                "for some samples): X has values far larger than the training "
                "data's. Scale X as the training data was scaled."
            )
        return raw

    def decision_function(self, X):
        """Raw output of the network (logits).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        raw_prediction : ndarray of shape (n_samples,) or (n_samples, n_classes)
            The logit of ``classes_[1]`` for two classes (of a sample not
            being ``classes_[0]`` for one class), else one logit per class
            (per label for multilabel targets).
        """
        raw = self._raw_prediction(X)
        return raw[:, 0] if raw.shape[1] == 1 else raw

    def predict_proba(self, X):
        """Class probabilities from the loss's link.

        Strictly inside (0, 1) with rows summing to 1, even for saturated
        logits (clipped at the float type's resolution). Multilabel targets:
        the probability of each label (its own sigmoid), strictly inside
        (0, 1); the rows need not sum to 1. One class: a column of ones.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        raw = self._raw_prediction(X)
        if len(self.classes_) == 1:
            return np.ones((raw.shape[0], 1), dtype=raw.dtype)
        multilabel = self._target_kind == "multilabel"
        return _safe_proba(self._loss.predict_proba(raw), raw.dtype, multilabel)

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        return np.log(self.predict_proba(X))

    def predict(self, X):
        """Most probable class; for multilabel targets, the indicator matrix.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_classes)
            The class of each sample. Multilabel targets: 1 where a label's
            probability is above 0.5, else 0, the columns in the order of
            ``classes_`` (as ``MLPClassifier``).
        """
        proba = self.predict_proba(X)  # raises NotFittedError first
        if self._target_kind == "multilabel":
            return (proba > 0.5).astype(int)
        return self.classes_[np.argmax(proba, axis=1)]

    def score(self, X, y, sample_weight=None):
        """Accuracy of :meth:`predict`; with soft targets, against each row's mode.

        Soft targets ``Y`` (rows of class probabilities, the columns in the
        order of ``classes_``; one-hot rows included) count a sample right
        when the predicted class is its row's most probable one (the first,
        on a tie). A model fitted to multilabel targets gives the subset
        accuracy, as ``MLPClassifier``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_classes)
            Labels, soft targets or (for a multilabel model) indicators.
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        score : float
        """
        check_is_fitted(self)
        if self._target_kind != "multilabel" and np.ndim(y) == 2 and np.shape(y)[1] > 1:
            y = most_probable_classes(y, self.classes_)
        return accuracy_score(y, self.predict(X), sample_weight=sample_weight)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        # a binary-only loss makes a binary-only classifier: the loss says so
        loss = LOSSES.get(self.loss) if isinstance(self.loss, str) else self.loss
        target_types = getattr(loss, "target_types", None)
        if target_types is not None and "multiclass" not in target_types:
            tags.classifier_tags.multi_class = False
        # each label is a binary problem: a loss that serves those serves it;
        # class_weight is refused with multilabel targets
        tags.classifier_tags.multi_label = self.class_weight is None and (
            target_types is None or "binary" in target_types
        )
        return tags
