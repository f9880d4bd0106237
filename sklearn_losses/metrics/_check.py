"""check_metric: the battery every scoring metric passes, read from its declaration."""

import inspect
import numbers
import pickle
from functools import cached_property

import numpy as np

from ._registry import METRICS, MetricSpec, function_name
from ._scorer import metric_scorer

CHECKS = (
    "declaration",
    "range",
    "perfect_prediction",
    "permutation",
    "unit_weights",
    "weight_scaling",
    "integer_weights",
    "bad_input",
    "pickle",
    "scorer",
    "grid_search",
)
_RTOL, _ATOL = 1e-9, 1e-12  # summation order may change the last bits
# GaussianNB fits in well under a millisecond; smoothings far apart give
# clearly different probabilities to choose between
_GRID = {"var_smoothing": [1e-9, 1.0]}


class MetricCheckError(AssertionError):
    """Raised by :func:`check_metric` when a check fails.

    Attributes
    ----------
    failures : dict
        Check name -> what went wrong.
    results : dict
        Check name -> what was checked, for the checks that passed.
    """

    def __init__(self, label, failures, results):
        self.failures = failures
        self.results = results
        lines = "\n".join(f"  {check}: {why}" for check, why in failures.items())
        super().__init__(
            f"{label} failed {len(failures)} of {len(failures) + len(results)} "
            f"metric checks:\n{lines}"
        )


class _Probe:
    """Random valid inputs for one declaration, drawn once and shared by the checks."""

    def __init__(self, spec, n_samples, random_state):
        self.spec = spec
        self.rng = np.random.default_rng(random_state)
        n = n_samples
        p = self.rng.uniform(size=n)
        y = self.rng.permutation(np.arange(n) % 2)
        self.cases = [("binary (n,)", y, p), ("binary (n, 2)", y, np.c_[1 - p, p])]
        if not spec.binary_only:
            y3 = self.rng.permutation(np.arange(n) % 3)
            self.cases.append(
                ("multiclass (n, 3)", y3, self.rng.dirichlet(np.ones(3), size=n))
            )
        self.weights = self.rng.uniform(0.1, 2.0, size=n)
        self.counts = self.rng.integers(1, 4, size=n)

    def value(self, y, p, sample_weight=None):
        if not self.spec.takes_sample_weight:
            sample_weight = None
        return self.spec(y, p, sample_weight=sample_weight)

    @cached_property
    def estimators(self):
        """(label, fitted GaussianNB, X, y) per problem the metric takes."""
        from sklearn.datasets import make_classification
        from sklearn.naive_bayes import GaussianNB

        problems = []
        for n_classes in (2,) if self.spec.binary_only else (2, 3):
            X, y = make_classification(
                n_samples=60,
                n_features=4,
                n_informative=3,
                n_redundant=0,
                n_classes=n_classes,
                random_state=0,
            )
            if n_classes == 2:  # string labels: the scorer must pass classes_
                y = np.where(y == 1, "yes", "no")
            fitted = GaussianNB().fit(X, y)
            problems.append((f"{n_classes} classes", fitted, X, y))
        return problems


def _fail(message):
    raise AssertionError(message)


def _close(a, b):
    return bool(np.isclose(a, b, rtol=_RTOL, atol=_ATOL))


def _check_declaration(name, spec, probe):
    params = inspect.signature(spec.function).parameters
    takes_any = any(p.kind is p.VAR_KEYWORD for p in params.values())
    function = function_name(spec.function)
    if "labels" not in params and not takes_any:
        _fail(
            f"{function} takes no labels; scorers pass labels=estimator.classes_, "
            "add labels=None"
        )
    if spec.takes_sample_weight != ("sample_weight" in params):
        _fail(
            f"takes_sample_weight={spec.takes_sample_weight} but {function} "
            f"{'takes' if 'sample_weight' in params else 'has no'} sample_weight"
        )
    if name is not None and name.startswith("neg_") == spec.greater_is_better:
        _fail(
            f"scorer {name!r} with greater_is_better={spec.greater_is_better}: "
            "a name starts with 'neg_' exactly when lower is better"
        )
    return "signature and name agree with the declaration"


def _extreme_cases(probe):
    """Probabilities of exactly 0 and 1, right and wrong."""
    cases = []
    for label, y, p in probe.cases:
        if p.ndim == 1:
            wrong = np.arange(len(y)) % 3 == 0
            cases.append((label, y, np.where(wrong, 1 - y, y).astype(float)))
        else:
            hit = np.where(np.arange(len(y)) % 3 == 0, (y + 1) % p.shape[1], y)
            cases.append((label, y, np.eye(p.shape[1])[hit]))
    return cases


def _check_range(name, spec, probe):
    for label, y, p in probe.cases + _extreme_cases(probe):
        for weight in (None, probe.weights):
            value = probe.value(y, p, weight)
            if not isinstance(value, numbers.Real):
                _fail(f"{label}: returned {value!r:.40}, not a number")
            if not spec.lower_bound <= value <= spec.upper_bound:  # NaN fails too
                _fail(
                    f"{label}: {value!r:.40} outside the declared range "
                    f"[{spec.lower_bound}, {spec.upper_bound}]"
                )
    return f"values in [{spec.lower_bound}, {spec.upper_bound}]"


def _check_perfect_prediction(name, spec, probe):
    for label, y, p in probe.cases:
        perfect = y.astype(float) if p.ndim == 1 else np.eye(p.shape[1])[y]
        value = probe.value(y, perfect)
        if not np.isclose(value, spec.best_value, rtol=0, atol=1e-6):
            _fail(f"{label}: {value!r} at a perfect prediction, not {spec.best_value}")
    return f"a perfect prediction scores {spec.best_value}"


def _check_permutation(name, spec, probe):
    order = probe.rng.permutation(len(probe.weights))
    for label, y, p in probe.cases:
        before = probe.value(y, p, probe.weights)
        after = probe.value(y[order], p[order], probe.weights[order])
        if not _close(before, after):
            _fail(f"{label}: {before!r} before shuffling the rows, {after!r} after")
    return "shuffling the rows changes nothing"


def _weights_not_declared(spec):
    return None if spec.takes_sample_weight else "not run: takes no sample_weight"


def _check_unit_weights(name, spec, probe):
    if skipped := _weights_not_declared(spec):
        return skipped
    for label, y, p in probe.cases:
        unweighted, ones = probe.value(y, p), probe.value(y, p, np.ones(len(y)))
        if not _close(unweighted, ones):
            _fail(f"{label}: {ones!r} with weights of 1, {unweighted!r} without")
    return "weights of 1 equal no weights"


def _check_weight_scaling(name, spec, probe):
    if skipped := _weights_not_declared(spec):
        return skipped
    if not spec.weights_scale_free:
        return "not run: declared weights_scale_free=False"
    for label, y, p in probe.cases:
        base = probe.value(y, p, probe.weights)
        scaled = probe.value(y, p, 3.5 * probe.weights)
        if not _close(base, scaled):
            _fail(f"{label}: {scaled!r} with weights times 3.5, {base!r} without")
    return "scaling the weights changes nothing"


def _check_integer_weights(name, spec, probe):
    if skipped := _weights_not_declared(spec):
        return skipped
    counts = probe.counts
    for label, y, p in probe.cases:
        weighted = probe.value(y, p, counts)
        repeated = probe.value(np.repeat(y, counts), np.repeat(p, counts, axis=0))
        if not _close(weighted, repeated):
            _fail(f"{label}: {weighted!r} with integer weights, {repeated!r} repeated")
    return "integer weights equal repeated rows"


def _bad_inputs(spec, probe):
    """(what, y_true, y_prob, sample_weight, names one of which the message holds)."""
    _, y, p = probe.cases[0]
    w = probe.weights
    bad = []
    for what, fill in (("NaN", np.nan), ("inf", np.inf), ("1.5", 1.5), ("-0.5", -0.5)):
        for label, yc, pc in probe.cases:
            pc = pc.copy()
            pc.flat[0] = fill
            bad.append((f"{what} in y_prob, {label}", yc, pc, None, ("y_prob",)))
    bad.append(("y_true shorter than y_prob", y[:-1], p, None, ("y_true", "y_prob")))
    if spec.takes_sample_weight:
        negative = np.where(np.arange(len(w)) == 0, -1.0, w)
        bad.append(("a negative weight", y, p, negative, ("sample_weight",)))
        bad.append(("too few weights", y, p, w[:-1], ("sample_weight",)))
    if spec.binary_only:
        y3 = np.arange(len(y)) % 3
        bad.append(("3 classes", y3, np.full((len(y), 3), 1 / 3), None, ("",)))
    return bad


def _check_bad_input(name, spec, probe):
    for what, y, p, weight, names in _bad_inputs(spec, probe):
        try:
            value = probe.value(y, p, weight)
        except ValueError as exc:
            if not any(name in str(exc) for name in names):
                _fail(f"{what}: the message {str(exc)!r:.100} names none of {names}")
        else:
            _fail(f"{what}: accepted (returned {value!r:.40}) instead of a ValueError")
    return "bad inputs refused with a ValueError naming the parameter"


def _check_pickle(name, spec, probe):
    _, y, p = probe.cases[-1]
    copied = pickle.loads(pickle.dumps(spec))
    if not _close(copied(y, p), spec(y, p)):
        _fail("the unpickled declaration gives another value")
    label, fitted, X, y_fit = probe.estimators[-1]
    scorer = metric_scorer(spec)
    before, after = scorer(fitted, X, y_fit), pickle.loads(pickle.dumps(scorer))
    if not _close(after(fitted, X, y_fit), before):
        _fail(f"{label}: the unpickled scorer gives another value")
    return "the declaration, its function and its scorer survive pickle"


def _scorer_cases(probe, fitted, X, y):
    """(what, X, y, weights): all rows, weighted, and a part missing a class."""
    cases = [("all rows", X, y, None)]
    if probe.spec.takes_sample_weight:
        cases.append(("weighted", X, y, probe.rng.uniform(0.1, 2.0, len(y))))
    part = y != fitted.classes_[-1]
    cases.append(("a part missing a class", X[part], y[part], None))
    return cases


def _check_scorer(name, spec, probe):
    scorer = metric_scorer(spec)
    if scorer._accept_sample_weight() != spec.takes_sample_weight:
        _fail(
            f"declared takes_sample_weight={spec.takes_sample_weight}, but the "
            "scorer tells GridSearchCV otherwise"
        )
    for label, fitted, X, y in probe.estimators:
        for what, Xs, ys, weight in _scorer_cases(probe, fitted, X, y):
            kwargs = {} if weight is None else {"sample_weight": weight}
            score = scorer(fitted, Xs, ys, **kwargs)
            proba = fitted.predict_proba(Xs)
            expected = spec.sign * spec(ys, proba, labels=fitted.classes_, **kwargs)
            if not _close(score, expected):
                _fail(f"{label}, {what}: scorer {score!r}, sign * metric {expected!r}")
    return "scorer = sign * metric(y, predict_proba(X), labels=classes_)"


def _fold_means(spec, X, y, weight, folds):
    """Mean held-out metric of GaussianNB per candidate, computed directly."""
    from sklearn.naive_bayes import GaussianNB

    means = []
    for smoothing in _GRID["var_smoothing"]:
        values = []
        for train, test in folds:
            w_train = None if weight is None else weight[train]
            candidate = GaussianNB(var_smoothing=smoothing)
            fitted = candidate.fit(X[train], y[train], w_train)
            w_test = None if weight is None else weight[test]
            proba = fitted.predict_proba(X[test])
            value = spec(y[test], proba, sample_weight=w_test, labels=fitted.classes_)
            values.append(value)
        means.append(np.mean(values))
    return spec.sign * np.array(means)


def _check_grid_search(name, spec, probe):
    # imported here: importing the metrics must not load model selection
    from sklearn.model_selection import GridSearchCV, KFold
    from sklearn.naive_bayes import GaussianNB

    for label, _, X, y in probe.estimators:
        weight = None
        if spec.takes_sample_weight:
            weight = probe.rng.uniform(0.1, 2.0, size=len(y))
        cv = KFold(3, shuffle=True, random_state=0)
        search = GridSearchCV(
            GaussianNB(),
            _GRID,
            scoring=metric_scorer(spec),
            cv=cv,
            error_score="raise",
        )
        kwargs = {} if weight is None else {"sample_weight": weight}
        search.fit(X, y, **kwargs)
        got = search.cv_results_["mean_test_score"]
        expected = _fold_means(spec, X, y, weight, list(cv.split(X, y)))
        if not np.allclose(got, expected, rtol=1e-7, atol=1e-10):
            _fail(f"{label}: mean test scores {got}, sign * metric per fold {expected}")
        if search.best_index_ != int(np.argmax(expected)):
            _fail(f"{label}: GridSearchCV chose {search.best_params_}, not the best")
    return "GridSearchCV picks the best metric's candidate, with its sign"


_RUNS = {
    "declaration": _check_declaration,
    "range": _check_range,
    "perfect_prediction": _check_perfect_prediction,
    "permutation": _check_permutation,
    "unit_weights": _check_unit_weights,
    "weight_scaling": _check_weight_scaling,
    "integer_weights": _check_integer_weights,
    "bad_input": _check_bad_input,
    "pickle": _check_pickle,
    "scorer": _check_scorer,
    "grid_search": _check_grid_search,
}


def _describe(spec):
    function = function_name(spec.function)
    options = "".join(f", {key}={value!r}" for key, value in spec.options.items())
    return f"MetricSpec({function}{options})"


def _resolve(metric):
    """Return (scorer name or None, declaration) of a name or a declaration."""
    if isinstance(metric, MetricSpec):
        return None, metric
    if isinstance(metric, str) and metric in METRICS:
        return metric, METRICS[metric]
    raise ValueError(
        f"metric must be a MetricSpec or a name in METRICS {sorted(METRICS)}; "
        f"got {metric!r:.80}."
    )


def check_metric(metric, *, checks=None, n_samples=40, random_state=0):
    """Run the battery of checks every scoring metric must pass.

    The checks read the metric's declaration (:class:`MetricSpec`): a binary
    metric gets binary inputs only (``y_prob`` of shape ``(n,)`` and
    ``(n, 2)``), any other also three classes.

    ``declaration``
        The function takes ``labels``, and ``sample_weight`` exactly when
        declared; a registered name starts with ``neg_`` exactly when lower
        is better.
    ``range``
        Values lie within ``[lower_bound, upper_bound]`` on random inputs,
        with and without weights, and on probabilities of exactly 0 and 1.
    ``perfect_prediction``
        Probability 1 on the true class gives the best bound.
    ``permutation``
        Shuffling the rows (and their weights) changes nothing.
    ``unit_weights``, ``weight_scaling``, ``integer_weights``
        Weights of 1 equal no weights; multiplying the weights by a constant
        changes nothing (unless declared ``weights_scale_free=False``);
        integer weights equal repeated rows.
    ``bad_input``
        NaN, inf, 1.5 or -0.5 in ``y_prob``, a length mismatch, a negative
        weight, too few weights (and three classes for a binary metric) are
        refused with a ``ValueError`` whose message names the parameter.
    ``pickle``
        The declaration and its scorer give the same values after a
        ``pickle`` round trip.
    ``scorer``
        The scorer returns ``sign * metric(y, predict_proba(X),
        labels=classes_)`` on a fitted ``GaussianNB``, with string
        labels, weights and a test set missing a class, and tells
        ``GridSearchCV`` whether it takes ``sample_weight``.
    ``grid_search``
        In ``GridSearchCV`` over ``GaussianNB(var_smoothing)``, weighted when
        the metric takes weights, the mean test scores equal the signed
        metric computed fold by fold, and the best candidate is the metric's
        best.

    Parameters
    ----------
    metric : str or MetricSpec
        A name in ``METRICS`` (the name's sign convention is then checked
        too), or a declaration, registered or not.
    checks : list of str, default=None
        The checks to run, by name; all when None.
    n_samples : int, default=40
        Rows of the random inputs.
    random_state : int, default=0
        Seed of the random inputs.

    Returns
    -------
    dict
        Check name -> what it checked (or why it did not run).

    Raises
    ------
    MetricCheckError
        When a check fails; the message lists every failed check.

    Examples
    --------
    >>> from sklearn_losses.metrics import check_metric
    >>> report = check_metric("neg_brier_score", checks=["range", "permutation"])
    >>> report["permutation"]
    'shuffling the rows changes nothing'
    """
    name, spec = _resolve(metric)
    selected = CHECKS if checks is None else list(checks)
    if unknown := [check for check in selected if check not in _RUNS]:
        raise ValueError(f"Unknown checks {unknown}; the checks are {list(CHECKS)}.")
    probe = _Probe(spec, n_samples, random_state)
    results, failures = {}, {}
    for check in selected:
        try:
            results[check] = _RUNS[check](name, spec, probe)
        except AssertionError as exc:
            failures[check] = str(exc)
        except Exception as exc:  # a user's metric may fail in any way; report it
            failures[check] = f"raised {type(exc).__name__}: {exc}"
    if failures:
        raise MetricCheckError(name or _describe(spec), failures, results)
    return results
