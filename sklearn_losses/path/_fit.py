"""The fits of a path: one clone per alpha, warm-started or in parallel.

:func:`fit_path` returns the fitted estimators and how each was started,
without any score; :func:`~sklearn_losses.path.regularization_path` scores
them and wraps them in a :class:`~sklearn_losses.path.RegularizationPath`.
"""

from typing import NamedTuple

import numpy as np
from sklearn import config_context
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.metadata_routing import _routing_enabled, process_routing

from sklearn_losses._warnings import warn_user
from sklearn_losses.path._alphas import check_alphas, is_auto
from sklearn_losses.path._grid import alpha_grid, find_alpha_max
from sklearn_losses.path._varied import Varied

__all__ = ["PathFits", "fit_path"]


def _check_param_name(estimator, param_name):
    """Refuse a ``param_name`` the estimator does not have, naming some it has."""
    params = estimator.get_params(deep=True)
    if param_name in params:
        return
    alphas = [name for name in params if name.rpartition("__")[2] == "alpha"]
    hint = (
        f"; it has {', '.join(map(repr, alphas))}"
        if alphas
        else " (for a pipeline, '<step>__alpha')"
    )
    raise ValueError(
        f"{type(estimator).__name__} has no {param_name!r} parameter; "
        f"name the parameter to vary with param_name{hint}."
    )


def _warm_start_keeps_counters(estimator):
    """True for scikit-learn's MLP with adam or sgd.

    Its warm-started ``fit`` keeps ``best_loss_`` and the no-improvement
    count of the previous fit, which stop the next fit after
    ``n_iter_no_change`` epochs, and scikit-learn has no public way to
    reset them.
    """
    from sklearn.neural_network import MLPClassifier, MLPRegressor

    return (
        isinstance(estimator, (MLPClassifier, MLPRegressor))
        and estimator.get_params(deep=False)["solver"] != "lbfgs"
    )


def _use_warm_starts(varied, warm_start, n_jobs):
    """Whether to warm-start, with a warning where it cannot be done."""
    if not warm_start:
        return False
    name = type(varied.owner).__name__
    reason = None
    if varied.warm_start_name not in varied.estimator.get_params(deep=True):
        reason = f"{name} has no warm_start parameter"
    elif _warm_start_keeps_counters(varied.owner):
        reason = (
            f"{name} keeps its convergence counters across warm-started fits "
            "with a stochastic solver, which would stop each fit early "
            "(solver='lbfgs' warm-starts)"
        )
    if reason is not None:
        warn_user(f"{reason}; every alpha is fitted from scratch.")
        return False
    if n_jobs not in (None, 1):
        warn_user(
            "n_jobs is ignored with warm starts: each fit starts from the "
            "previous one. Pass warm_start=False to fit in parallel."
        )
    return True


def _fit_warm_path(varied, X, y, alphas, order, fits, bar):
    """Warm-start along ``order``; refit cold where a network collapses.

    Fills ``fits`` (estimators, warm_started, cold_restarts) in place.
    """
    estimators, warm_started, cold_restarts = fits
    check_collapse = varied.hidden
    previous = estimators[order[0]]
    for i in order[1:]:
        fitted, cold_restarts[i], collapsed, _ = varied.fit_next(
            previous, X, y, alphas[i], check_collapse=check_collapse
        )
        warm_started[i] = not cold_restarts[i]
        # Collapse is the answer here; stronger alphas only shrink further,
        # so stop checking.
        check_collapse = check_collapse and not collapsed
        estimators[i] = previous = fitted
        bar.set_postfix(alpha=f"{alphas[i]:.3g}", refresh=False)
        bar.update()


def _parallel(n_jobs):
    """A joblib ``Parallel`` that returns a generator where the backend can.

    A generator lets the progress bar move as fits finish. Backends without
    one (ray, multiprocessing) refuse ``return_as="generator"`` when the
    ``Parallel`` is made, before any work: they return the list at the end.
    """
    from sklearn.utils.parallel import Parallel

    try:
        return Parallel(n_jobs=n_jobs, return_as="generator")
    except ValueError:
        return Parallel(n_jobs=n_jobs, return_as="list")


def _fit_cold_path(varied, X, y, alphas, rest, estimators, bar, n_jobs):
    """Independent fits for the alphas at ``rest``, in parallel with joblib."""
    from sklearn.utils.parallel import delayed

    tasks = (delayed(varied.fit_cold)(X, y, alphas[i]) for i in rest)
    fits = _parallel(n_jobs)(tasks)
    for i, fitted in zip(rest, fits, strict=True):
        estimators[i] = fitted
        bar.update()


def _fit_all(varied, X, y, alphas, *, warm, n_jobs, progress):
    """The fitted estimators and the warm-start flags, in the order of alphas."""
    from tqdm import tqdm

    n_alphas = len(alphas)
    estimators = [None] * n_alphas
    fits = (estimators, np.zeros(n_alphas, bool), np.zeros(n_alphas, bool))
    # Weak to strong for networks, strong to weak for linear models.
    order = np.argsort(alphas if varied.hidden else -alphas, kind="stable")
    # The first fit runs before the progress bar shows, so that a bad
    # parameter fails with its error alone on stderr.
    estimators[order[0]] = varied.fit_cold(X, y, alphas[order[0]])
    with tqdm(
        total=n_alphas,
        initial=1,
        desc="regularization path",
        unit="fit",
        disable=not progress,
    ) as bar:
        if warm:
            _fit_warm_path(varied, X, y, alphas, order, fits, bar)
        else:
            _fit_cold_path(varied, X, y, alphas, order[1:], estimators, bar, n_jobs)
    return fits


def _fit_path(varied, X, y, alphas, alpha_max, **options):
    """:func:`_fit_all`, keeping the bisection's fit at ``alpha_max`` (last)."""
    if alpha_max is None or alpha_max.fit is None:
        return _fit_all(varied, X, y, alphas, **options)
    estimators, warm_started, cold_restarts = _fit_all(
        varied, X, y, alphas[:-1], **options
    )
    return (
        [*estimators, alpha_max.fit],
        np.append(warm_started, False),
        np.append(cold_restarts, False),
    )


class PathFits(NamedTuple):
    """The fits of a path, in the order of ``alphas``, before any score."""

    alphas: np.ndarray
    estimators: list
    warm_started: np.ndarray
    cold_restarts: np.ndarray
    alpha_max: object  # AlphaMax, or None unless alphas="auto"


def fit_path(
    estimator,
    X,
    y,
    alphas,
    *,
    param_name="alpha",
    grid=(20, 1e-3),
    warm_start=True,
    n_jobs=None,
    progress=False,
    params=None,
):
    """The fits of :func:`~sklearn_losses.path.regularization_path`, unscored.

    For callers that score the fits themselves, on data of their own
    (:class:`~sklearn_losses.LogisticMLPClassifierCV`'s held-out folds). The
    arguments are those of :func:`~sklearn_losses.path.regularization_path`,
    already validated, with ``grid = (n_alphas, eps)``.

    Returns
    -------
    fits : PathFits
        ``alphas``, ``estimators``, ``warm_started``, ``cold_restarts``
        (in the order of ``alphas``) and ``alpha_max`` (an ``AlphaMax`` with
        ``alphas="auto"``, else None).

    Examples
    --------
    >>> from sklearn_losses import LogisticMLPClassifier
    >>> from sklearn_losses.datasets import load_iris_pair
    >>> from sklearn_losses.path._fit import fit_path
    >>> X, y = load_iris_pair(return_X_y=True)
    >>> clf = LogisticMLPClassifier(hidden_layer_sizes=(), solver="lbfgs")
    >>> fits = fit_path(clf, X, y, [10.0, 0.1])
    >>> [float(fit.alpha) for fit in fits.estimators]
    [10.0, 0.1]
    >>> fits.warm_started.tolist()  # strong to weak without hidden layers
    [False, True]
    """
    if not is_auto(alphas):
        alphas = check_alphas(alphas)
    _check_param_name(estimator, param_name)
    varied = Varied(estimator, param_name, dict(params or {}))
    n_classes = np.unique(y).size
    if n_classes < 2:
        raise ValueError(f"y must hold at least two classes; got {n_classes}.")
    warm = _use_warm_starts(varied, warm_start, n_jobs)
    try:
        alphas, alpha_max = _path_alphas(varied, X, y, alphas, grid, warm)
        estimators, warm_started, cold_restarts = _fit_path(
            varied, X, y, alphas, alpha_max, warm=warm, n_jobs=n_jobs, progress=progress
        )
    except InvalidParameterError as exc:
        # Raised as is, validate_params would name regularization_path in the
        # message instead of the estimator whose parameter it is.
        raise ValueError(str(exc)) from exc
    return PathFits(alphas, estimators, warm_started, cold_restarts, alpha_max)


def _path_alphas(varied, X, y, alphas, grid, warm):
    """``(alphas, AlphaMax or None)``: the grid chosen from the data for "auto".

    ``grid`` is ``(n_alphas, eps)``; a bisection warm-starts as the path does.
    """
    if not is_auto(alphas):
        return alphas, None
    if not _routes_pipeline_metadata(varied):
        return _alphas_below(find_alpha_max(varied, X, y, warm), grid)
    # The search reads a step's metadata under its "step__" name, which a
    # routing pipeline refuses: it runs on the routed metadata so named, with
    # routing off, and so gets what each step of the path's fits gets.
    by_step = Varied(
        varied.estimator, varied.param_name, _by_step(varied.estimator, varied)
    )
    with config_context(enable_metadata_routing=False):
        return _alphas_below(find_alpha_max(by_step, X, y, warm), grid)


def _alphas_below(alpha_max, grid):
    """The grid below ``alpha_max``, and ``alpha_max``."""
    return alpha_grid(alpha_max.value, *grid), alpha_max


def _routes_pipeline_metadata(varied):
    """Whether a pipeline routes the metadata of the fits (routing is on)."""
    return (
        _routing_enabled()
        and bool(varied.fit_params)
        and hasattr(varied.estimator, "steps")
    )


def _by_step(pipeline, varied):
    """The metadata routed to each step's fit, as ``"step__name"`` params.

    A pipeline fits its earlier steps with ``fit_transform``, its last with
    ``fit``.
    """
    routed = process_routing(pipeline, "fit", **varied.fit_params)
    by_step = {}
    for name, _ in pipeline.steps:
        methods = routed.get(name, {})
        fitted = {**methods.get("fit_transform", {}), **methods.get("fit", {})}
        by_step.update({f"{name}__{key}": value for key, value in fitted.items()})
    return by_step
