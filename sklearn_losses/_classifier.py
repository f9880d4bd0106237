"""LogisticMLPClassifier: a multi-layer perceptron whose loss and penalty you choose."""

import contextlib
import functools
import math
import numbers
import time
import warnings

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, minimize
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.utils import check_random_state, check_scalar
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets, unique_labels
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)
from threadpoolctl import ThreadpoolController

from sklearn_losses._network import (
    ACTIVATIONS,
    Network,
    add_penalty,
    mean_loss_gradient,
)
from sklearn_losses.losses import LOSSES, get_loss
from sklearn_losses.optimizers import SGD, SOLVERS, Adam
from sklearn_losses.penalties import get_penalty

__all__ = ["LogisticMLPClassifier"]

# Below this many multiply-adds per layer and batch, OpenBLAS threads cost more
# than they save on a small shared machine (measured: 200x64 by 64x64 products
# run up to 6x slower with 2 threads when the other core is busy, and no faster
# when it is idle).
_SINGLE_THREAD_WORK = 2**22


@functools.cache
def _threadpool_controller():
    # Scanning the loaded BLAS libraries takes milliseconds: do it once, not
    # on every fit (a regularization path fits many times).
    return ThreadpoolController()


def _registered_losses_for(target_type):
    return sorted(
        name
        for name, cls in LOSSES.items()
        if target_type in getattr(cls, "target_types", {"binary", "multiclass"})
    )


def _safe_proba(proba, dtype):
    """Probabilities strictly inside (0, 1) whose rows sum to 1."""
    proba = np.asarray(proba, dtype=dtype)
    eps = np.finfo(dtype).eps
    if proba.shape[1] == 2:
        # 1 - p is exact for p in [eps/2, 1 - eps/2], so rows sum to exactly 1
        p1 = np.clip(proba[:, 1], eps / 2, 1 - eps / 2)
        return np.column_stack([1 - p1, p1])
    proba = np.clip(proba, eps, 1.0)
    proba /= proba.sum(axis=1, keepdims=True)
    return proba


class LogisticMLPClassifier(ClassifierMixin, BaseEstimator):
    """Multi-layer perceptron classifier with a pluggable loss and penalty.

    A drop-in replacement for :class:`sklearn.neural_network.MLPClassifier`
    where the parameters overlap, which also lets you choose the training
    loss, use L1 and elastic-net penalties (with exact zeros), weigh classes
    and record the validation loss. With ``hidden_layer_sizes=()`` it is
    plain (binary or multinomial) logistic regression.

    The network's output layer is raw: one logit for two classes, ``K``
    logits for ``K > 2`` classes. The loss supplies the link (sigmoid or
    softmax) through its ``predict_proba``.

    **Objective.** With sample weights ``s_i`` (times class weights),
    pointwise loss ``l`` and weight matrices ``W`` (never the intercepts)::

        sum_i s_i l(y_i, f(x_i)) / sum_i s_i
            + alpha * sum_W [l1_ratio * |W|_1 + (1 - l1_ratio) / 2 * |W|_2^2]

    ``l1_ratio`` is 0 for ``penalty="l2"`` and 1 for ``penalty="l1"``. The
    objective does not depend on the batch size: a minibatch step uses the
    batch's weighted mean loss plus the full penalty.

    **Mapping to scikit-learn.** ``MLPClassifier(alpha=a)`` minimises the
    batch mean loss ``+ a / (2 * m) * |W|_2^2``, where ``m`` is the (weighted)
    size of the batch: ``n_samples`` for ``solver="lbfgs"``, ``batch_size``
    for adam and sgd. So ``MLPClassifier(alpha=a, solver="lbfgs")`` is
    ``LogisticMLPClassifier(penalty="l2", alpha=a / n_samples)``, and with
    adam or sgd ``alpha=a / batch_size`` here (exactly on full batches).
    ``LogisticRegression(C=C)`` minimises ``C * sum_i l_i + 1/2 |w|_2^2``
    (and ``C * sum_i l_i + |w|_1`` with ``l1_ratio=1``), so it corresponds to
    ``hidden_layer_sizes=(), alpha=1 / (C * n_samples)`` (``n_samples``
    replaced by the sum of the sample weights when there are some).

    **Non-smooth penalties.** With adam and sgd, L1 and elastic net are
    applied by a proximal step (soft-thresholding) after each update, so
    small weights become exactly 0 (a weight whose magnitude after the
    gradient step is below ``step * alpha * l1_ratio``). With adam the step of
    each coordinate is Adam's own, ``learning_rate_init / sqrt(v_hat)`` (up to
    ``epsilon``), the factor that multiplies the bias-corrected gradient
    average: a diagonally preconditioned proximal gradient step. With sgd it
    is ``learning_rate_init``. With lbfgs the problem
    is solved exactly: each weight is split as ``w = u - v`` with
    ``u, v >= 0`` and L-BFGS-B (bound constraints) minimises the smooth
    problem in which ``|w|_1`` becomes the linear term ``sum(u + v)``; the
    weights at the optimum have exact zeros.

    **Threads.** For the minibatch loop, when the matrix products are small
    (``batch_size * fan_in * fan_out < 2**22`` for every layer) ``fit`` limits
    the BLAS thread pool to one thread with :mod:`threadpoolctl`: on small
    products extra threads only add synchronisation and can be several times
    slower on a busy machine. Larger problems keep the default thread pool.

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
        Strength of the penalty, ``>= 0``.
    l1_ratio : float, default=0.15
        Elastic-net mix in [0, 1]; used with ``penalty="elasticnet"`` only.
    solver : {"adam", "sgd", "lbfgs"}, default="adam"
        ``"adam"`` and ``"sgd"`` (momentum, Nesterov) are minibatch solvers;
        ``"lbfgs"`` is full-batch L-BFGS-B from :func:`scipy.optimize.minimize`
        (``maxiter=max_iter``, ``gtol=tol``, ``maxfun=15000``). It stops
        when the projected gradient is below ``tol`` or the objective stops
        decreasing at all, not on a small relative decrease (scipy's
        ``ftol=0``): L-BFGS-B can make little progress for a while far from
        the optimum, notably with a non-smooth penalty or unscaled data.
    batch_size : int or "auto", default="auto"
        Minibatch size; ``"auto"`` is ``min(200, n_samples)``. Ignored by lbfgs.
    learning_rate_init : float, default=1e-3
        Step size of adam and sgd (constant).
    max_iter : int, default=200
        Epochs for adam and sgd; iterations for lbfgs.
    tol : float, default=1e-4
        Training stops when the training objective (or, with
        ``early_stopping``, the validation loss) has not improved by at least
        ``tol`` for ``n_iter_no_change`` consecutive epochs. For lbfgs, the
        projected-gradient tolerance.
    n_iter_no_change : int, default=10
        See ``tol``.
    early_stopping : bool, default=False
        Hold out a stratified ``validation_fraction`` of the training data,
        monitor the loss on it, stop when it stops improving and restore the
        weights of the best epoch. adam and sgd only (ignored by lbfgs, as in
        ``MLPClassifier``).
    validation_fraction : float, default=0.1
        Held-out fraction for ``early_stopping``, in (0, 1).
    class_weight : dict, "balanced" or None, default=None
        Weights per class, multiplied into ``sample_weight``.
    shuffle : bool, default=True
        Shuffle the training data at each epoch.
    random_state : int, RandomState instance or None, default=None
        Initial weights, shuffling and the validation split.
    warm_start : bool, default=False
        Start ``fit`` from the previous ``coefs_`` and ``intercepts_``. The
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

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    coefs_ : list of ndarray
        ``coefs_[i]`` of shape ``(n_in, n_out)``, dtype of the training data
        (float32 or float64).
    intercepts_ : list of ndarray
        Intercepts of each layer.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features, when ``X`` has string column names.
    n_layers_ : int
        Number of layers, input and output included.
    n_outputs_ : int
        Number of raw outputs: 1 for two classes, ``n_classes`` otherwise.
    loss_ : float
        Training objective (loss plus penalty) at the last epoch or iteration
        (with ``early_stopping``, the last epoch's even though the weights are
        those of the best validation epoch).
    loss_curve_ : list of float
        Training objective at each epoch (for adam and sgd: the average over
        the epoch's batches) or L-BFGS iteration.
    best_loss_ : float
        Smallest value of ``loss_curve_``.
    validation_loss_curve_ : list of float or None
        With ``early_stopping``: the sample-weighted mean loss, without the
        penalty, on the held-out data after each epoch; else None.
    validation_scores_ : list of float or None
        With ``early_stopping``: accuracy on the held-out data after each
        epoch; else None.
    best_validation_loss_ : float or None
        Smallest value of ``validation_loss_curve_``.
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
    ...     alpha=1e-3, learning_rate_init=1e-2, random_state=0,
    ... ).fit(X, y)
    >>> clf.predict_proba(X[:2]).round(1)
    array([[1. , 0. ],
           [0.9, 0.1]])
    >>> bool(clf.score(X, y) > 0.95)
    True
    >>> float((clf.coefs_[0] == 0).mean()) > 0.5  # L1: most weights exactly 0
    True
    """

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        *,
        activation="relu",
        loss="log_loss",
        penalty="l2",
        alpha=1e-4,
        l1_ratio=0.15,
        solver="adam",
        batch_size="auto",
        learning_rate_init=1e-3,
        max_iter=200,
        tol=1e-4,
        n_iter_no_change=10,
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
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
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

    # ------------------------------------------------------------------ checks
    def _check_params(self):
        """Validate the hyperparameters; return (hidden sizes, loss, penalty)."""
        hidden = self.hidden_layer_sizes
        if isinstance(hidden, numbers.Integral) and not isinstance(hidden, bool):
            hidden = (hidden,)
        try:
            hidden = tuple(hidden)
        except TypeError:
            hidden = None
        if hidden is None or not all(
            isinstance(h, numbers.Integral) and not isinstance(h, bool) and h > 0
            for h in hidden
        ):
            raise ValueError(
                "hidden_layer_sizes must be a tuple of positive integers (or () "
                f"for logistic regression); got {self.hidden_layer_sizes!r}."
            )
        if self.activation not in ACTIVATIONS:
            raise ValueError(
                f"activation must be one of {list(ACTIVATIONS)}; "
                f"got {self.activation!r}."
            )
        if self.solver not in SOLVERS:
            raise ValueError(
                f"solver must be one of {list(SOLVERS)}; got {self.solver!r}."
            )
        check_scalar(self.alpha, "alpha", numbers.Real, min_val=0.0)
        if not math.isfinite(self.alpha):
            raise ValueError(f"alpha must be finite; got {self.alpha!r}.")
        check_scalar(self.l1_ratio, "l1_ratio", numbers.Real, min_val=0.0, max_val=1.0)
        if self.batch_size != "auto":
            check_scalar(self.batch_size, "batch_size", numbers.Integral, min_val=1)
        check_scalar(
            self.learning_rate_init,
            "learning_rate_init",
            numbers.Real,
            min_val=0.0,
            include_boundaries="neither",
        )
        check_scalar(self.max_iter, "max_iter", numbers.Integral, min_val=1)
        check_scalar(self.tol, "tol", numbers.Real, min_val=0.0)
        check_scalar(
            self.n_iter_no_change, "n_iter_no_change", numbers.Integral, min_val=1
        )
        check_scalar(
            self.validation_fraction,
            "validation_fraction",
            numbers.Real,
            min_val=0.0,
            max_val=1.0,
            include_boundaries="neither",
        )
        check_scalar(self.momentum, "momentum", numbers.Real, min_val=0.0, max_val=1.0)
        for name in ("beta_1", "beta_2"):
            check_scalar(
                getattr(self, name),
                name,
                numbers.Real,
                min_val=0.0,
                max_val=1.0,
                include_boundaries="left",
            )
        check_scalar(
            self.epsilon,
            "epsilon",
            numbers.Real,
            min_val=0.0,
            include_boundaries="neither",
        )
        for name in (
            "early_stopping",
            "shuffle",
            "warm_start",
            "nesterovs_momentum",
        ):
            if not isinstance(getattr(self, name), bool | np.bool_):
                raise ValueError(f"{name} must be True or False.")
        if not (
            self.class_weight is None
            or self.class_weight == "balanced"
            or isinstance(self.class_weight, dict)
        ):
            raise ValueError(
                "class_weight must be None, 'balanced' or a dict mapping classes "
                f"to weights; got {self.class_weight!r}."
            )
        loss = get_loss(self.loss)
        penalty = get_penalty(self.penalty, l1_ratio=self.l1_ratio)
        return hidden, loss, penalty

    # --------------------------------------------------------------------- fit
    def fit(self, X, y, sample_weight=None):
        """Fit the network to data.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data; sparse matrices are used in CSR form. float32 data
            trains and stores float32 weights.
        y : array-like of shape (n_samples,)
            Class labels (any type scikit-learn accepts, strings included).
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples in the (weighted mean) loss.

        Returns
        -------
        self : LogisticMLPClassifier
            Fitted estimator.
        """
        return self._fit(X, y, sample_weight, incremental=False)

    def _check_stochastic(self):
        if self.solver not in ("adam", "sgd"):
            raise AttributeError(
                "partial_fit is only available for the stochastic solvers "
                f"'adam' and 'sgd', not {self.solver!r}."
            )
        return True

    @available_if(_check_stochastic)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Run one epoch of adam or sgd over the given data.

        Continues the weights, the optimizer state and the counters of the
        previous ``fit`` or ``partial_fit``. ``early_stopping`` is not used.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        classes : array-like of shape (n_classes,), default=None
            All the classes; required on the first call.
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : LogisticMLPClassifier
        """
        return self._fit(X, y, sample_weight, incremental=True, classes=classes)

    def _fit(self, X, y, sample_weight, incremental, classes=None):
        hidden, loss, penalty = self._check_params()
        first_call = not (incremental and hasattr(self, "coefs_"))
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse=["csr"],
            dtype=[np.float64, np.float32],
            reset=first_call,
        )
        check_classification_targets(y)
        if incremental and first_call:
            if classes is None:
                raise ValueError(
                    "classes must be passed on the first call to partial_fit."
                )
            self.classes_ = unique_labels(classes)
        elif incremental:
            if classes is not None and not np.array_equal(
                unique_labels(classes), self.classes_
            ):
                raise ValueError(
                    f"classes={classes!r} differs from the classes of the first "
                    f"call to partial_fit: {self.classes_!r}."
                )
        else:
            new_classes = unique_labels(y)
            if (
                self.warm_start
                and hasattr(self, "classes_")
                and not np.array_equal(new_classes, self.classes_)
            ):
                raise ValueError(
                    "warm_start can only be used when y has the same classes as "
                    f"in the previous call to fit: {self.classes_!r}; got "
                    f"{new_classes!r}."
                )
            self.classes_ = new_classes
        unseen = np.setdiff1d(unique_labels(y), self.classes_)
        if unseen.size:
            raise ValueError(
                f"y contains labels {unseen!r} not in classes {self.classes_!r}."
            )
        n_classes = len(self.classes_)
        if n_classes < 2:
            raise ValueError(
                "Classifier can't train when only one class is present: y has "
                f"one class, {self.classes_[0]!r}; at least 2 are needed."
            )
        target_type = "binary" if n_classes == 2 else "multiclass"
        target_types = getattr(loss, "target_types", None)
        if target_types is not None and target_type not in target_types:
            raise ValueError(
                f"loss {getattr(loss, 'name', loss)!r} cannot serve a "
                f"{target_type} problem ({n_classes} classes): it supports "
                f"{sorted(target_types)}. Losses that work: "
                f"{_registered_losses_for(target_type)}."
            )
        y_idx = np.searchsorted(self.classes_, y)

        sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        if self.class_weight is not None:
            sample_weight = sample_weight * self._class_weights(y_idx)[y_idx].astype(
                X.dtype
            )
        if np.all(sample_weight == 1):
            sample_weight = None  # the unweighted fast path

        n_outputs = 1 if n_classes == 2 else n_classes
        layer_sizes = [X.shape[1], *hidden, n_outputs]
        network = Network(layer_sizes, self.activation, dtype=X.dtype)
        if first_call or not incremental or not hasattr(self, "_rng"):
            self._rng = check_random_state(self.random_state)
        reuse = (incremental or self.warm_start) and hasattr(self, "coefs_")
        if reuse and [c.shape for c in self.coefs_] == [c.shape for c in network.coefs]:
            network.set_params(self.coefs_, self.intercepts_)
        else:
            network.initialize(self._rng)

        self._loss = loss
        self._activation = self.activation
        self.n_outputs_ = n_outputs
        self.n_layers_ = len(layer_sizes)

        if not (incremental and hasattr(self, "n_iter_")):
            self.n_iter_ = 0
            self.t_ = 0
            self.loss_curve_ = []
            self.best_loss_ = np.inf
            self._no_improvement_count = 0
            self._optimizer_state = None
        self.validation_loss_curve_ = None
        self.validation_scores_ = None
        self.best_validation_loss_ = None

        alpha = float(self.alpha) if penalty is not None else 0.0
        if self.solver == "lbfgs":
            self._fit_lbfgs(network, X, y_idx, sample_weight, loss, penalty, alpha)
        else:
            self._fit_stochastic(
                network, X, y_idx, sample_weight, loss, penalty, alpha, incremental
            )

        if not np.all(np.isfinite(network.params)):
            raise FloatingPointError(
                "Training produced non-finite weights; try a smaller "
                "learning_rate_init or scaling X (e.g. StandardScaler)."
            )
        self.coefs_ = [c.copy() for c in network.coefs]
        self.intercepts_ = [b.copy() for b in network.intercepts]
        return self

    def _class_weights(self, y_idx):
        """Weight of each class index, from ``class_weight``."""
        n_classes = len(self.classes_)
        if self.class_weight == "balanced":
            # n / (n_present_classes * count), as scikit-learn's "balanced";
            # computed on the data at hand (each batch for partial_fit)
            counts = np.bincount(y_idx, minlength=n_classes)
            present = counts > 0
            weights = np.ones(n_classes)
            weights[present] = len(y_idx) / (present.sum() * counts[present])
            return weights
        weights = np.ones(n_classes)
        unknown = [c for c in self.class_weight if c not in set(self.classes_.tolist())]
        if unknown:
            raise ValueError(
                f"class_weight has keys {unknown!r} that are not classes; the "
                f"classes are {self.classes_.tolist()!r}."
            )
        for i, c in enumerate(self.classes_.tolist()):
            weights[i] = self.class_weight.get(c, 1.0)
        return weights

    def _thread_limit(self, batch_size, layer_sizes):
        work = max(
            batch_size * a * b
            for a, b in zip(layer_sizes[:-1], layer_sizes[1:], strict=True)
        )
        if work < _SINGLE_THREAD_WORK:
            return _threadpool_controller().limit(limits=1, user_api="blas")
        return contextlib.nullcontext()

    def _loss_floor(self, loss, dtype):
        """Smallest acceptable batch mean loss: the lower bound less rounding."""
        lower = getattr(loss, "lower_bound", None)
        if lower is None or not math.isfinite(lower):
            return -np.inf
        return lower - 1e3 * np.finfo(dtype).eps * max(1.0, abs(lower))

    def _check_batch_loss(self, mean_loss, loss, floor):
        """Raise on a non-finite batch loss or one below the loss's lower bound."""
        if not math.isfinite(mean_loss):
            raise FloatingPointError(
                f"Training stopped at epoch {self.n_iter_ + 1}: the mean loss "
                f"became {mean_loss}. Try a smaller learning_rate_init, scale X "
                "(e.g. StandardScaler) or a larger alpha."
            )
        if mean_loss < floor:
            raise ValueError(
                f"Training stopped at epoch {self.n_iter_ + 1}: the mean loss "
                f"{mean_loss:.6g} fell below the loss's lower bound "
                f"{getattr(loss, 'lower_bound', None)}. The loss does not match "
                "the network's raw output (like a negative log-likelihood fed "
                "unnormalised ReLU outputs): a loss must take raw logits and "
                "supply its own link. Use a registered loss such as 'log_loss'."
            )

    def _fit_stochastic(
        self, network, X, y, sample_weight, loss, penalty, alpha, incremental
    ):
        X_val = None
        early_stopping = self.early_stopping and not incremental
        if early_stopping:
            arrays = [X, y] if sample_weight is None else [X, y, sample_weight]
            split = train_test_split(
                *arrays,
                test_size=self.validation_fraction,
                random_state=self._rng,
                stratify=y,
            )
            X, X_val, y, y_val = split[:4]
            sample_weight, sw_val = split[4:] or (None, None)
            if X_val.shape[0] < 2:
                raise ValueError(
                    "The validation set is too small: increase "
                    "validation_fraction or use more samples."
                )
            self.validation_loss_curve_ = []
            self.validation_scores_ = []
            best_val = np.inf
            best_params = network.params.copy()

        n_samples = X.shape[0]
        if self.batch_size == "auto":
            batch_size = min(200, n_samples)
        else:
            batch_size = min(int(self.batch_size), n_samples)

        if self.solver == "adam":
            optimizer = Adam(
                self.learning_rate_init, self.beta_1, self.beta_2, self.epsilon
            )
        else:
            optimizer = SGD(
                self.learning_rate_init, self.momentum, self.nesterovs_momentum
            )
        state = self._optimizer_state if incremental else None
        if (
            state is None
            or state.get("solver") != self.solver
            or state["size"] != network.n_params
        ):
            state = optimizer.init(network.params)
            state["solver"], state["size"] = self.solver, network.n_params
        else:
            state = {
                k: (v.astype(network.dtype) if isinstance(v, np.ndarray) else v)
                for k, v in state.items()
            }

        n_weights = network.n_weights
        weights = network.params[:n_weights]
        scratch = np.empty(n_weights, dtype=network.dtype)
        use_prox = penalty is not None and alpha > 0 and not penalty.is_smooth
        sparse = sp.issparse(X)
        # dense + shuffle: gather each batch's rows into one reused buffer
        # (take with mode="clip" is unbuffered; ~3x faster than permuting all
        # of X each epoch, as the batch stays in cache)
        gather = self.shuffle and not sparse
        if not sparse:
            X = np.ascontiguousarray(X)
            X_batch = np.empty((batch_size, X.shape[1]), dtype=X.dtype)
        X_shuffled = X
        y_shuffled, sw_shuffled = y, sample_weight
        max_iter = 1 if incremental else self.max_iter
        converged = False
        floor = self._loss_floor(loss, network.dtype)
        optimizer_step, params, grad = optimizer.step, network.params, network.grad

        with self._thread_limit(batch_size, network.layer_sizes):
            for _ in range(max_iter):
                start_time = time.perf_counter()
                if self.shuffle:
                    perm = self._rng.permutation(n_samples)
                    if sparse:
                        X_shuffled = X[perm]
                    y_shuffled = y[perm]
                    if sample_weight is not None:
                        sw_shuffled = sample_weight[perm]
                accumulated = 0.0
                for start in range(0, n_samples, batch_size):
                    stop = min(start + batch_size, n_samples)
                    sw_batch = None if sw_shuffled is None else sw_shuffled[start:stop]
                    if gather:
                        X_b = X_batch[: stop - start]
                        np.take(X, perm[start:stop], axis=0, out=X_b, mode="clip")
                    else:
                        X_b = X_shuffled[start:stop]
                    mean_loss = mean_loss_gradient(
                        network,
                        loss,
                        X_b,
                        y_shuffled[start:stop],
                        sw_batch,
                    )
                    if not floor <= mean_loss < math.inf:  # also catches NaN
                        self._check_batch_loss(mean_loss, loss, floor)
                    penalty_value = (
                        add_penalty(network, penalty, alpha, scratch) if alpha else 0.0
                    )
                    step = optimizer_step(params, grad, state)
                    if use_prox:
                        if isinstance(step, np.ndarray):
                            step = step[:n_weights]
                            step *= alpha
                        else:
                            step = step * alpha
                        penalty.prox(weights, step, out=weights)
                    accumulated += (mean_loss + penalty_value) * (stop - start)
                epoch_loss = accumulated / n_samples
                self.n_iter_ += 1
                self.t_ += n_samples
                self.loss_curve_.append(epoch_loss)
                message = f"Iteration {self.n_iter_}, loss = {epoch_loss:.8f}"

                if early_stopping:
                    raw_val = network.forward(X_val, buffered=False)
                    val_loss = self._weighted_mean_loss(loss, y_val, raw_val, sw_val)
                    accuracy = self._weighted_accuracy(loss, y_val, raw_val, sw_val)
                    self.validation_loss_curve_.append(val_loss)
                    self.validation_scores_.append(accuracy)
                    message += f", validation loss = {val_loss:.8f}"
                    if val_loss > best_val - self.tol:
                        self._no_improvement_count += 1
                    else:
                        self._no_improvement_count = 0
                    if val_loss < best_val:
                        best_val = val_loss
                        np.copyto(best_params, network.params)
                else:
                    if epoch_loss > self.best_loss_ - self.tol:
                        self._no_improvement_count += 1
                    else:
                        self._no_improvement_count = 0
                self.best_loss_ = min(self.best_loss_, epoch_loss)
                if self.verbose:
                    elapsed = time.perf_counter() - start_time
                    print(f"{message}, time = {elapsed:.2f}s")
                if self._no_improvement_count > self.n_iter_no_change:
                    converged = True
                    if self.verbose:
                        what = "Validation loss" if early_stopping else "Training loss"
                        print(
                            f"{what} did not improve more than tol={self.tol} for "
                            f"{self.n_iter_no_change} consecutive epochs. Stopping."
                        )
                    break

        self.loss_ = self.loss_curve_[-1]
        self._optimizer_state = state
        if early_stopping:
            np.copyto(network.params, best_params)
            self.best_validation_loss_ = best_val
        if not converged and not incremental:
            warnings.warn(
                f"Stochastic optimizer: maximum iterations ({self.max_iter}) "
                "reached and the optimization hasn't converged yet.",
                ConvergenceWarning,
                stacklevel=4,
            )

    def _weighted_mean_loss(self, loss, y, raw, sample_weight):
        pointwise = np.asarray(loss.loss(y, raw), dtype=np.float64)
        if sample_weight is None:
            return float(pointwise.mean())
        return float(np.average(pointwise, weights=sample_weight))

    def _weighted_accuracy(self, loss, y, raw, sample_weight):
        correct = np.argmax(loss.predict_proba(raw), axis=1) == y
        return float(np.average(correct, weights=sample_weight))

    def _fit_lbfgs(self, network, X, y, sample_weight, loss, penalty, alpha):
        n_weights = network.n_weights
        split = penalty is not None and alpha > 0 and not penalty.is_smooth
        if split and not hasattr(penalty, "l1_ratio"):
            raise ValueError(
                "solver='lbfgs' handles non-smooth penalties of the elastic-net "
                "family only (it needs l1_ratio); use solver='adam' or 'sgd'."
            )
        rho = float(penalty.l1_ratio) if split else 0.0
        floor = self._loss_floor(loss, network.dtype)
        params = network.params
        curve = []

        def objective(x):
            if split:
                w = x[:n_weights] - x[n_weights : 2 * n_weights]
                params[:n_weights] = w
                params[n_weights:] = x[2 * n_weights :]
            else:
                params[:] = x
            mean_loss = mean_loss_gradient(network, loss, X, y, sample_weight)
            self._check_batch_loss(mean_loss, loss, floor)
            if not split:
                value = mean_loss + add_penalty(network, penalty, alpha)
                return value, network.grad.astype(np.float64)
            gw = network.grad[:n_weights].astype(np.float64)
            gw += alpha * (1 - rho) * w
            value = (
                mean_loss
                + alpha * rho * float(np.sum(x[: 2 * n_weights]))
                + 0.5 * alpha * (1 - rho) * float(np.dot(w, w))
            )
            grad = np.concatenate(
                [
                    gw + alpha * rho,
                    -gw + alpha * rho,
                    network.grad[n_weights:].astype(np.float64),
                ]
            )
            return value, grad

        x0 = params.astype(np.float64)
        bounds = None
        if split:
            w0 = x0[:n_weights]
            x0 = np.concatenate([np.maximum(w0, 0), np.maximum(-w0, 0), x0[n_weights:]])
            lower = np.zeros_like(x0)
            lower[2 * n_weights :] = -np.inf
            bounds = Bounds(lower, np.full_like(x0, np.inf))

        def callback(intermediate_result):
            curve.append(float(intermediate_result.fun))
            if self.verbose:
                print(f"Iteration {len(curve)}, loss = {curve[-1]:.8f}")

        with self._thread_limit(X.shape[0], network.layer_sizes):
            result = minimize(
                objective,
                x0,
                method="L-BFGS-B",
                jac=True,
                bounds=bounds,
                callback=callback,
                options={
                    "maxiter": self.max_iter,
                    "maxfun": 15000,
                    "gtol": self.tol,
                    # no relative-decrease stop: steps cut short where a
                    # variable meets its bound (the split's u, v >= 0), and
                    # L-BFGS stalls on unscaled data, decrease f by little far
                    # from the optimum (measured: 0.33 for an optimum of 0.19)
                    "ftol": 0.0,
                    "maxls": 50,
                },
            )
            # leave the network at the returned point, not the last evaluation
            value, _ = objective(result.x)
        if split:
            # report alpha * rho * |u - v|_1 rather than the split's sum(u + v):
            # they differ by 2 min(u, v) where a max_iter stop left both > 0
            u, v = result.x[:n_weights], result.x[n_weights : 2 * n_weights]
            value -= 2 * alpha * rho * float(np.minimum(u, v).sum())
        if result.status != 0:
            warnings.warn(
                f"lbfgs failed to converge after {result.nit} iterations "
                f"(status={result.status}): {result.message}. Increase max_iter "
                "or scale the data.",
                ConvergenceWarning,
                stacklevel=4,
            )
        self.n_iter_ = max(int(result.nit), 1)
        self.t_ = X.shape[0] * self.n_iter_
        # the last iteration's entry becomes the returned weights' objective
        self.loss_curve_ = [*curve[:-1], float(value)]
        self.loss_ = float(value)
        self.best_loss_ = float(min(self.loss_curve_))

    # ----------------------------------------------------------------- predict
    def _raw_prediction(self, X):
        check_is_fitted(self)
        dtype = self.coefs_[0].dtype
        X = validate_data(self, X, accept_sparse=["csr"], dtype=dtype, reset=False)
        layer_sizes = [self.coefs_[0].shape[0], *(c.shape[1] for c in self.coefs_)]
        network = Network(layer_sizes, self._activation, dtype=dtype)
        network.set_params(self.coefs_, self.intercepts_)
        return network.forward(X, buffered=False)

    def decision_function(self, X):
        """Raw output of the network (logits).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        raw_prediction : ndarray of shape (n_samples,) or (n_samples, n_classes)
            The logit of ``classes_[1]`` for two classes, else one logit per
            class.
        """
        raw = self._raw_prediction(X)
        return raw[:, 0] if raw.shape[1] == 1 else raw

    def predict_proba(self, X):
        """Class probabilities from the loss's link.

        Strictly inside (0, 1) with rows summing to 1, even for saturated
        logits (clipped at the float type's resolution).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        raw = self._raw_prediction(X)
        return _safe_proba(self._loss.predict_proba(raw), raw.dtype)

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
        """Most probable class.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
        """
        proba = self.predict_proba(X)  # raises NotFittedError first
        return self.classes_[np.argmax(proba, axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags
