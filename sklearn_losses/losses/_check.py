"""check_loss: the battery of checks every loss must pass."""

import math
import numbers
import warnings
from numbers import Integral

import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.utils._param_validation import Interval, validate_params

from sklearn_losses._numerics import is_binary_raw
from sklearn_losses.losses._base import LOSS_METHODS
from sklearn_losses.losses._losses import get_loss
from sklearn_losses.losses._probes import (
    close,
    declared_cases,
    finite_differences,
    gradient_probes,
    perfect_direction,
    probe_directions,
)
from sklearn_losses.losses._report import CheckResult, LossCheckError, LossCheckReport


def _check_interface(loss, lower_bound):
    problems = [
        f"no method {m}()" for m in LOSS_METHODS if not callable(getattr(loss, m, None))
    ]
    if not callable(loss):
        problems.append("no __call__(y_true, raw_prediction, sample_weight=None)")
    if not hasattr(loss, "lower_bound"):
        problems.append("no lower_bound attribute")
    elif not isinstance(lower_bound, numbers.Real) or math.isnan(lower_bound):
        problems.append(f"lower_bound must be a real number; got {lower_bound!r}")
    types = getattr(loss, "target_types", None)
    if types is None:
        problems.append("no target_types attribute")
    elif not set(types) or not set(types) <= {"binary", "multiclass"}:
        problems.append(
            "target_types must be a non-empty subset of {'binary', 'multiclass'}; "
            f"got {types!r}"
        )
    if problems:
        return False, "; ".join(problems) + " (subclass BaseLoss for the defaults)"
    return True, f"methods and attributes present; target_types {sorted(types)}"


def _check_outputs(loss, cases):
    for label, y, raw in cases:
        n = raw.shape[0]
        value = np.asarray(loss.loss(y, raw))
        if value.shape != (n,):
            return False, f"{label}: loss() has shape {value.shape}, expected ({n},)"
        grad = np.asarray(loss.gradient(y, raw))
        if grad.shape != raw.shape:
            return False, (
                f"{label}: gradient() has shape {grad.shape}, expected {raw.shape} "
                "(the shape of raw_prediction)"
            )
        if not np.all(np.isfinite(value)) or not np.all(np.isfinite(grad)):
            return False, f"{label}: loss or gradient is not finite at moderate logits"
        as_float = np.asarray(loss.loss(y.astype(np.float64), raw))
        if not close(as_float, value, 1e-12, 1e-12)[0]:
            return False, f"{label}: loss changes when y_true arrives as float"
        half = n // 2
        part = np.asarray(loss.loss(y[:half], raw[:half]))
        if not close(part, value[:half], 1e-10, 1e-12)[0]:
            return False, (
                f"{label}: loss is not pointwise (a sample's loss depends on the "
                "other samples in the batch)"
            )
        proba = np.asarray(loss.predict_proba(raw))
        n_classes = 2 if is_binary_raw(raw) else raw.shape[1]
        if proba.shape != (n, n_classes):
            return False, (
                f"{label}: predict_proba() has shape {proba.shape}, expected "
                f"({n}, {n_classes})"
            )
        if not (np.all(proba >= 0) and np.all(proba <= 1)) or not np.allclose(
            proba.sum(axis=1), 1, rtol=0, atol=1e-8
        ):
            return False, (
                f"{label}: predict_proba() rows must be probabilities summing to 1"
            )
    return True, (
        "loss (n,), gradient shaped like raw_prediction, pointwise, finite; "
        "predict_proba rows sum to 1"
    )


def _check_loss_gradient(loss, cases):
    worst = 0.0
    for label, y, raw in cases:
        both = loss.loss_gradient(y, raw)
        if not isinstance(both, tuple) or len(both) != 2:
            return False, f"{label}: loss_gradient() must return (loss, gradient)"
        ok_l, err_l = close(both[0], loss.loss(y, raw), 1e-7, 1e-12)
        ok_g, err_g = close(both[1], loss.gradient(y, raw), 1e-7, 1e-12)
        if np.shape(both[1]) != raw.shape:
            return False, f"{label}: loss_gradient()'s gradient has the wrong shape"
        if not (ok_l and ok_g):
            return False, (
                f"{label}: loss_gradient() differs from loss()/gradient() "
                f"(max abs differences {err_l:.3g} and {err_g:.3g})"
            )
        worst = max(worst, err_l, err_g)
    return True, f"matches loss() and gradient() (max abs difference {worst:.2g})"


def _check_gradient(loss, cases, rng, rtol=1e-5, atol=1e-6):
    worst = 0.0
    for label, where, y, raw in gradient_probes(cases, rng):
        # Large probes: warnings are the large_logits check's business.
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            flat = raw.reshape(raw.shape[0], -1)
            grad = np.asarray(loss.gradient(y, raw), dtype=np.float64)
            grad = grad.reshape(flat.shape)
            fd = finite_differences(loss, y, raw)
        ok, err = close(grad, fd, rtol, atol)
        ok = ok and np.all(np.isfinite(grad)) and np.all(np.isfinite(fd))
        worst = max(worst, err)
        if not ok:
            gap = np.where(np.isfinite(grad - fd), np.abs(grad - fd), np.inf)
            i, j = np.unravel_index(np.argmax(gap), flat.shape)
            return False, (
                f"{label}{where}: gradient differs from central finite differences "
                f"by up to {err:.3g} (sample {i}, output {j}, raw prediction "
                f"{flat[i, j]:.6g}: gradient {grad[i, j]:.6g}, finite difference "
                f"{fd[i, j]:.6g})"
            )
    return True, (
        "matches central finite differences on "
        f"{', '.join(c[0] for c in cases)}, at moderate logits and at large ones "
        f"up to +-1000 (max abs error {worst:.2g})"
    )


def _check_soft_targets(loss, cases, lower_bound, rng):
    """One-hot rows give the labels' values; soft rows a true gradient."""
    if not getattr(loss, "soft_targets", False):
        return True, "not declared (soft_targets is False): the loss takes labels"
    for label, y, raw in cases:
        n_classes = 2 if is_binary_raw(raw) else raw.shape[1]
        onehot = np.eye(n_classes)[y]
        for what in ("loss", "gradient"):
            by_rows = getattr(loss, what)(onehot, raw)
            by_labels = getattr(loss, what)(y, raw)
            ok, err = close(by_rows, by_labels, 1e-7, 1e-10)
            if not ok or np.shape(by_rows) != np.shape(by_labels):
                return False, (
                    f"{label}: one-hot soft targets give another {what} than "
                    f"their labels (max abs difference {err:.3g})"
                )
        soft = rng.dirichlet(np.ones(n_classes), size=len(y))
        values = np.asarray(loss.loss(soft, raw), dtype=np.float64)
        if np.min(values) < lower_bound:
            return False, f"{label}: with soft targets the loss is below lower_bound"
        hardened = loss.loss(np.eye(n_classes)[np.argmax(soft, axis=1)], raw)
        if close(values, hardened, 1e-9, 1e-12)[0]:
            return False, (
                f"{label}: the loss ignores the soft targets: rows of class "
                "probabilities give the values of the one-hot rows of their "
                "most probable classes"
            )
        grad = np.asarray(loss.gradient(soft, raw), dtype=np.float64)
        ok, err = close(
            grad.reshape(raw.shape[0], -1),
            finite_differences(loss, soft, raw),
            1e-5,
            1e-6,
        )
        if not ok:
            return False, (
                f"{label}: with soft targets the gradient differs from central "
                f"finite differences by up to {err:.3g}"
            )
    return True, (
        "one-hot rows give the labels' loss and gradient; with random soft "
        "targets the gradient matches central finite differences"
    )


def _check_sample_weight(loss, cases, rng):
    for label, y, raw in cases:
        n = raw.shape[0]
        w = rng.integers(0, 4, size=n)
        w[0] = 1
        weighted = loss(y, raw, sample_weight=w.astype(np.float64))
        repeated = loss(np.repeat(y, w), np.repeat(raw, w, axis=0))
        if not math.isclose(weighted, repeated, rel_tol=1e-9, abs_tol=1e-12):
            return False, (
                f"{label}: integer sample weights differ from repeated rows "
                f"({weighted:.10g} vs {repeated:.10g})"
            )
        unweighted = loss(y, raw)
        doubled = loss(y, raw, sample_weight=np.full(n, 2.0))
        if not math.isclose(unweighted, doubled, rel_tol=1e-9, abs_tol=1e-12):
            return False, (
                f"{label}: weights of 2 everywhere change the mean "
                f"({doubled:.10g} vs {unweighted:.10g})"
            )
        mean = float(np.average(np.asarray(loss.loss(y, raw)), weights=w))
        if not math.isclose(weighted, mean, rel_tol=1e-9, abs_tol=1e-12):
            return False, (
                f"{label}: __call__ with sample_weight ({weighted:.10g}) is not the "
                f"weighted mean of loss() ({mean:.10g})"
            )
    return True, "weights = repeated rows; weights of 2 = no weights; weighted mean"


def _check_perfect_prediction(loss, cases, lower_bound, n_classes):
    if lower_bound == -np.inf:
        return True, "lower_bound is -inf; nothing to reach"
    tol = 1e-6 * max(1.0, abs(lower_bound))
    best_overall = -np.inf
    for label, y, raw in cases:
        direction = perfect_direction(y, raw.shape, n_classes)

        def mean_loss(scale, y=y, direction=direction):
            value = float(np.mean(loss.loss(y, scale * direction)))
            return np.inf if math.isnan(value) else value

        # Extreme probes: warnings are the large_logits check's business.
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            found = minimize_scalar(mean_loss, bounds=(0.0, 60.0), method="bounded")
            best = min(float(found.fun), mean_loss(60.0))
        if not math.isfinite(best):
            return False, f"{label}: the loss is not finite at confident correct logits"
        best_overall = max(best_overall, best)
        if best < lower_bound - tol:
            return False, (
                f"{label}: falls below its lower_bound {lower_bound:g}: mean loss "
                f"{best:.6g} at confident correct logits"
            )
        if best > lower_bound + tol:
            return False, (
                f"{label}: the loss at confident correct logits is at best {best:.6g}, "
                f"not its lower_bound {lower_bound:g}: the loss is not minimised by "
                "predicting the true class, or lower_bound is not its infimum"
            )
    return True, (
        f"reaches lower_bound {lower_bound:g} at a perfect prediction "
        f"(within {best_overall - lower_bound:.2g})"
    )


def _check_bounded_below(loss, cases, lower_bound, n_classes, rng):
    tol = 1e-6 * max(1.0, abs(lower_bound)) if np.isfinite(lower_bound) else 0.0
    scales = (1.0, 10.0, 100.0, 1000.0, 10000.0)
    mins = dict.fromkeys(scales, np.inf)
    below = None
    for label, y, raw in cases:
        directions = probe_directions(y, raw.shape, n_classes, rng)
        for scale in scales:
            for direction in directions:
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    # Extreme probes: warnings are the large_logits check's business.
                    warnings.simplefilter("ignore")
                    values = np.asarray(loss.loss(y, scale * direction), dtype=float)
                values = values[~np.isnan(values)]
                if values.size == 0:
                    continue
                low = float(values.min())
                mins[scale] = min(mins[scale], low)
                if low < lower_bound - tol and (below is None or low < below[0]):
                    below = (low, scale, label)
    m = [mins[s] for s in (100.0, 1000.0, 10000.0)]
    step1, step2 = m[0] - m[1], m[1] - m[2]
    unbounded = m[2] == -np.inf or (step1 > 0 and step2 > 0 and step2 >= 0.5 * step1)
    if unbounded:
        trail = ", ".join(f"{mins[s]:.6g} at scale {s:g}" for s in scales)
        msg = (
            "unbounded below: the loss keeps decreasing as the logits grow "
            f"(smallest loss {trail}); training drives the raw output to infinity "
            "(as a ReLU output fed to NLLLoss does); the loss must act on raw "
            "output through its link (log-softmax/sigmoid)"
        )
        if below is not None:
            msg += f"; it falls below its lower_bound {lower_bound:g}"
        return False, msg
    if below is not None:
        low, scale, label = below
        return False, (
            f"falls below its lower_bound {lower_bound:g}: loss {low:.6g} "
            f"at logits of scale {scale:g} ({label})"
        )
    return True, (
        f"no probe below lower_bound {lower_bound:g} in {len(scales)} scales up "
        f"to 1e4 and several directions (smallest loss {min(mins.values()) + 0.0:.3g})"
    )


def _check_large_logits(loss, cases, lower_bound, n_classes, rng):
    tol = 1e-6 * max(1.0, abs(lower_bound)) if np.isfinite(lower_bound) else 0.0
    for dtype in (np.float64, np.float32):
        for label, y, raw in cases:
            perfect = perfect_direction(y, raw.shape, n_classes)
            signs = np.where(rng.random(raw.shape) < 0.5, -1.0, 1.0)
            for name, direction in (
                ("confident correct", perfect),
                ("confident wrong", -perfect),
                ("random signs", signs),
            ):
                big = (1000.0 * direction).astype(dtype)
                with (
                    warnings.catch_warnings(record=True) as caught,
                    # Underflow to 0 is benign (exp(-1000)); the rest must not warn.
                    np.errstate(
                        divide="warn", over="warn", invalid="warn", under="ignore"
                    ),
                ):
                    warnings.simplefilter("always")
                    value, grad = loss.loss_gradient(y, big)
                    proba = loss.predict_proba(big)
                where = f"{label}, {np.dtype(dtype).name}, {name} logits of +-1000"
                if caught:
                    return False, f"{where}: warns {caught[0].message!s:.120}"
                value, grad = np.asarray(value), np.asarray(grad)
                if not (np.all(np.isfinite(value)) and np.all(np.isfinite(grad))):
                    return False, f"{where}: loss or gradient is not finite"
                if not np.all(np.isfinite(proba)):
                    return False, f"{where}: predict_proba is not finite"
                if np.any(value < lower_bound - tol):
                    return False, (
                        f"{where}: loss {value.min():.6g} falls below its "
                        f"lower_bound {lower_bound:g}"
                    )
    return True, "finite loss, gradient and probabilities, no warnings (float32/64)"


def _check_dtypes(loss, cases):
    for label, y, raw in cases:
        results = {}
        for dtype in (np.float64, np.float32):
            r = raw.astype(dtype)
            value, grad = loss.loss_gradient(y, r)
            outputs = {
                "loss()": loss.loss(y, r),
                "gradient()": loss.gradient(y, r),
                "loss_gradient()[0]": value,
                "loss_gradient()[1]": grad,
                "predict_proba()": loss.predict_proba(r),
            }
            for what, out in outputs.items():
                got = np.asarray(out).dtype
                if got != dtype:
                    return False, (
                        f"{label}: {what} returns {got} for {np.dtype(dtype).name} "
                        "raw_prediction; the output dtype must follow the input"
                    )
            results[dtype] = outputs
        for what in ("loss()", "gradient()", "predict_proba()"):
            ok, err = close(
                results[np.float32][what], results[np.float64][what], 1e-4, 1e-5
            )
            if not ok:
                return False, (
                    f"{label}: float32 {what} differs from float64 by {err:.3g}"
                )
    return (
        True,
        "float32 in -> float32 out, float64 -> float64; float32 close to float64",
    )


def _check_clone(loss, cases):
    from sklearn.base import clone

    if not callable(getattr(loss, "get_params", None)):
        return False, (
            "no get_params(): sklearn.base.clone cannot copy it (subclass BaseLoss, "
            "which takes the parameters from __init__)"
        )
    copy = clone(loss)
    if type(copy) is not type(loss):
        return False, f"clone gives a {type(copy).__name__}"
    params, copied = loss.get_params(), copy.get_params()
    if params.keys() != copied.keys() or any(
        not (params[k] is copied[k] or params[k] == copied[k]) for k in params
    ):
        return False, f"clone changes the parameters: {params} -> {copied}"
    for label, y, raw in cases:
        if not np.array_equal(loss.loss(y, raw), copy.loss(y, raw)):
            return False, f"{label}: the clone computes different values"
    # GridSearchCV sets back what get_params gave; that must be accepted.
    copy.set_params(**params)
    return True, f"clone gives an equal loss with the same values ({params})"


@validate_params(
    {
        "loss": "no_validation",
        "n_samples": [Interval(Integral, 4, None, closed="left")],
        "n_classes": [Interval(Integral, 2, None, closed="left")],
        "random_state": [
            Interval(Integral, 0, None, closed="left"),
            np.random.Generator,
            None,
        ],
        "raise_on_failure": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def check_loss(
    loss, *, n_samples=30, n_classes=3, random_state=0, raise_on_failure=True
):
    """Run the battery of checks every loss must pass.

    Use it on your own loss (a :class:`BaseLoss` subclass or any object with
    the loss interface). For each target type the loss declares in
    ``target_types`` it probes a single binary logit, as shape ``(n,)`` and
    ``(n, 1)``, and/or ``n_classes`` softmax outputs. The checks:

    ``interface``
        The methods ``loss``, ``gradient``, ``loss_gradient``,
        ``predict_proba``, ``__call__`` and the attributes ``lower_bound``,
        ``target_types``.
    ``outputs``
        ``loss`` has shape ``(n,)`` and is pointwise; ``gradient`` has the raw
        output's shape; ``y_true`` may arrive as float.
    ``loss_gradient``
        Agrees with ``loss`` and ``gradient``.
    ``gradient``
        Matches central finite differences of ``loss``, at moderate logits and
        at large ones (magnitudes from 3 to 1000, both signs): the whole range
        ``large_logits`` claims.
    ``sample_weight``
        Integer weights equal repeated rows; weights of 2 equal no weights;
        ``__call__`` is the weighted mean of ``loss``.
    ``perfect_prediction``
        Confident correct logits reach ``lower_bound``.
    ``bounded_below``
        Probes in several directions up to logits of 1e4 never go below
        ``lower_bound``, and the loss does not keep decreasing as logits grow
        (such a loss is reported as "unbounded below").
    ``large_logits``
        Logits of +-1000 give finite values, gradients and probabilities,
        without warnings, in float64 and float32.
    ``dtypes``
        float32 in gives float32 out (float64 likewise), with close values.
    ``clone``
        ``sklearn.base.clone`` gives an equal loss with the same values.
    ``soft_targets``
        For a loss that declares ``soft_targets = True``: one-hot rows of
        ``y_true`` give the labels' loss and gradient, and with random rows
        of class probabilities the loss stays above ``lower_bound`` and its
        gradient matches central finite differences. Passes, saying so, for
        a loss that does not declare them.

    Parameters
    ----------
    loss : str or loss object
        The loss to check, or a registry name.
    n_samples : int, default=30
        Samples in the random probes.
    n_classes : int, default=3
        Classes in the multiclass probes.
    random_state : int, numpy.random.Generator or None, default=0
        Controls the random probes (passed to ``numpy.random.default_rng``).
    raise_on_failure : bool, default=True
        Raise :class:`LossCheckError` when a check fails; with False, return
        the report regardless.

    Returns
    -------
    LossCheckReport
        Check name -> :class:`CheckResult` (``passed``, ``message``).

    Raises
    ------
    LossCheckError
        When a check fails and ``raise_on_failure`` is True; the message lists
        the failed checks and ``error.report`` holds the full report.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_losses.losses import BaseLoss, check_loss
    >>> check_loss("focal").passed
    True

    A ReLU output fed to a negative log-likelihood: a "loss" ``-relu(z)_y`` that
    falls without limit as the raw output grows.

    >>> class ReluNLL(BaseLoss):
    ...     target_types = frozenset({"multiclass"})
    ...     def loss(self, y_true, raw_prediction):
    ...         rows, y = np.arange(len(y_true)), np.asarray(y_true, dtype=int)
    ...         return -np.maximum(raw_prediction, 0)[rows, y]
    ...     def gradient(self, y_true, raw_prediction):
    ...         rows, y = np.arange(len(y_true)), np.asarray(y_true, dtype=int)
    ...         grad = np.zeros_like(raw_prediction)
    ...         grad[rows, y] = np.where(raw_prediction[rows, y] > 0, -1.0, 0.0)
    ...         return grad
    >>> report = check_loss(ReluNLL(), raise_on_failure=False)
    >>> report.failed
    ['perfect_prediction', 'bounded_below', 'large_logits']
    >>> print(report["bounded_below"].message[:60])
    unbounded below: the loss keeps decreasing as the logits gro
    """
    if isinstance(loss, str):
        loss = get_loss(loss)
    rng = np.random.default_rng(random_state)

    lower_bound = getattr(loss, "lower_bound", -np.inf)
    types = getattr(loss, "target_types", None) or {"binary", "multiclass"}
    cases = declared_cases(types, n_samples, n_classes, rng)

    checks = {
        "interface": lambda: _check_interface(loss, lower_bound),
        "outputs": lambda: _check_outputs(loss, cases),
        "loss_gradient": lambda: _check_loss_gradient(loss, cases),
        "gradient": lambda: _check_gradient(loss, cases, rng),
        "sample_weight": lambda: _check_sample_weight(loss, cases, rng),
        "perfect_prediction": lambda: _check_perfect_prediction(
            loss, cases, lower_bound, n_classes
        ),
        "bounded_below": lambda: _check_bounded_below(
            loss, cases, lower_bound, n_classes, rng
        ),
        "large_logits": lambda: _check_large_logits(
            loss, cases, lower_bound, n_classes, rng
        ),
        "dtypes": lambda: _check_dtypes(loss, cases),
        "clone": lambda: _check_clone(loss, cases),
        "soft_targets": lambda: _check_soft_targets(loss, cases, lower_bound, rng),
    }
    results = {}
    basic = all(callable(getattr(loss, m, None)) for m in ("loss", "gradient"))
    for name, run in checks.items():
        if name != "interface" and not basic:
            results[name] = CheckResult(False, "not run: loss() or gradient() missing")
            continue
        try:
            results[name] = CheckResult(*run())
        except Exception as exc:  # a user's loss may fail in any way; report it
            results[name] = CheckResult(False, f"raised {type(exc).__name__}: {exc}")
    report = LossCheckReport(_short_repr(loss), results)
    if raise_on_failure and not report.passed:
        raise LossCheckError(report)
    return report


def _short_repr(obj):
    try:
        text = repr(obj)
    except Exception:  # a broken __repr__ must not hide the report
        text = type(obj).__name__
    return text if len(text) <= 80 else text[:77] + "..."
