"""``sklearn-losses animate``: a GIF of the decision boundary along a path.

The options are the parameters of :class:`~sklearn_losses.LogisticMLPClassifier`
and :func:`~sklearn_losses.path.animate_regularization_path`; each is
validated by the library's own constraints before any fit, and an option
that the chosen penalty or solver does not use is refused, not ignored.
"""

import time
import warnings

from sklearn_losses._cli_animate_parser import DEFAULT_GIF, build_animate_parser
from sklearn_losses._cli_options import (
    ESTIMATOR_OPTIONS,
    FRAME_OPTIONS,
    OPTION_OF_PARAMETER,
    PENALTY_OPTIONS,
    SOLVER_OPTIONS,
    CommandError,
    UsageError,
    auto_solver,
    check_each,
    options_read,
    print_dropped,
    warn,
)
from sklearn_losses._errors import ParameterError

# The modules the command needs, imported before it starts, with Ctrl-C
# held back: an interrupt inside the import of a compiled extension (the
# font renderer of matplotlib) breaks the interpreter's exit.
MODULES = (
    "pandas",
    "PIL.Image",
    "matplotlib.backends.backend_agg",
    "matplotlib.figure",
    "scipy.special",
    "sklearn_losses.path",
)

__all__ = ["DEFAULT_GIF", "MODULES", "add_parser", "check_usage", "run"]


def add_parser(commands):
    """Add the ``animate`` command to the subparsers ``commands``."""
    build_animate_parser(commands).set_defaults(
        run=run, modules=MODULES, check=check_usage
    )


# -- running it ---------------------------------------------------------------


def _check_frames(num, option):
    """Refuse more frames than a GIF holds, before any array is made."""
    from sklearn_losses.path._constraints import MAX_FRAMES

    if num > MAX_FRAMES:
        raise CommandError(
            f"{option}: a GIF holds at most {MAX_FRAMES} frames (one per "
            f"alpha); got {num}"
        )


def _alpha_arguments(args):
    """The alphas' arguments of ``animate_regularization_path``.

    ``{"alphas": ...}`` from ``--alphas`` or ``--alpha-range`` (None for the
    default), or ``alphas="auto"`` with ``n_alphas`` (and ``eps``) from
    ``--auto-alphas`` (and ``--eps``).
    """
    if args.auto_alphas is None:
        if args.eps is not None:
            raise UsageError("--eps applies to --auto-alphas only")
        return {"alphas": _alphas(args)}
    _check_frames(args.auto_alphas, "--auto-alphas NUM")
    eps = {} if args.eps is None else {"eps": args.eps}
    return {"alphas": "auto", "n_alphas": args.auto_alphas, **eps}


def _alphas(args):
    """The alphas of ``--alphas`` or ``--alpha-range``; None for the default.

    Only a range too long to build is refused here, before its array is
    made; the library checks the values (see :func:`_check_alphas`).
    """
    if args.alpha_range is None:
        if args.alphas is not None:
            _check_frames(len(args.alphas), "--alphas")
        return args.alphas
    import numpy as np

    start, stop, num = args.alpha_range
    _check_frames(num, "--alpha-range NUM")
    # Ends that are not positive and finite give alphas that are not either,
    # which the library refuses with its message.
    with np.errstate(all="ignore"):
        alphas = np.logspace(np.log10(start), np.log10(stop), max(num, 0))
    # The exact ends, so that the message shows a bad one as given.
    alphas[:1] = start
    alphas[1:][-1:] = stop
    return alphas


def _check_alphas(alphas):
    """The library's check of the values of ``alphas``, as a ParameterError."""
    # the rule of the path and the CV estimator (finite, positive: a log scale)
    from sklearn_losses._validation import check_alphas as check_values

    if alphas is None or isinstance(alphas, str):
        return
    try:
        check_values(alphas)
    except ValueError as exc:
        raise ParameterError("alphas", str(exc)) from None


def _refuse_unused(args, names, registry, chosen, got):
    """Refuse an option among ``names`` given for a ``chosen`` that ignores it.

    ``registry`` maps each choice to the parameters it uses.
    """
    kind = got.split()[0]
    for name in names:
        users = [key for key, params in registry.items() if name in params]
        if getattr(args, name) is not None and chosen not in users:
            raise UsageError(
                f"{OPTION_OF_PARAMETER[name]} applies to {kind} "
                f"{' or '.join(users)} only (got {got})"
            )


def check_usage(args):
    """Usage errors that need no library: before the command's imports."""
    _check_used(args)
    if len(args.loss) > 1 and args.auto_alphas is not None:
        raise UsageError(
            "--auto-alphas chooses the alphas of each loss from its own fits, "
            "and several --loss share one set of alphas (one per frame): give "
            "them with --alphas or --alpha-range"
        )
    if args.auto_alphas is not None and not args.hidden:
        if args.penalty == "l2" or args.l1_ratio == 0:
            # no alpha_max: the weights of a linear model are zero at no
            # finite alpha without an L1 part (regularization_path refuses it)
            got = "--l1-ratio 0" if args.penalty == "elasticnet" else "--penalty l2"
            raise UsageError(
                "--auto-alphas with --hidden 0 needs a penalty with an L1 part "
                "(--penalty l1, or elasticnet with --l1-ratio above 0; got "
                f"{got}): without one the weights are zero at no finite alpha. "
                "Give the alphas (--alphas, --alpha-range), or add a hidden layer"
            )


def _check_used(args):
    """Options the chosen penalty or solver ignores are an error, not silence.

    Checked from plain tables (:func:`options_read`), before the command
    imports scikit-learn: a usage error answers at once.
    """
    _refuse_unused(
        args,
        PENALTY_OPTIONS,
        options_read("penalties"),
        args.penalty,
        f"--penalty {args.penalty}",
    )
    solver = args.solver
    got = f"--solver {args.solver}"
    if args.solver == "auto":
        solver = auto_solver(args.hidden)
        layer = "with a hidden layer" if args.hidden else "without a hidden layer"
        got += f", which is {solver} {layer}"
    _refuse_unused(args, SOLVER_OPTIONS, options_read("solvers"), solver, got)
    if args.power_t is not None and args.learning_rate != "invscaling":
        # the one schedule that has an exponent
        raise UsageError(
            "--power-t applies to --learning-rate invscaling only "
            f"(got --learning-rate {args.learning_rate or 'constant'})"
        )


def _given(args, names):
    """``{name: value}`` of the options among ``names`` that were given."""
    given = {name: getattr(args, name) for name in names}
    return {name: value for name, value in given.items() if value is not None}


def _data(args):
    """``(X, y, feature_names)``: Iris setosa vs versicolor, or ``--csv``."""
    from sklearn_losses.datasets import load_csv, load_iris_pair

    if args.csv is None:
        if args.target is not None or args.features is not None:
            raise CommandError("--target and --features need --csv FILE")
        iris = load_iris_pair()
        return iris.data, iris.target_names[iris.target], iris.feature_names
    if args.target is None:
        raise CommandError("--csv needs --target COL (the class label column)")
    data = load_csv(args.csv, target=args.target, features=args.features, sep=args.sep)
    if args.features is None:
        print(f"features: {', '.join(data.feature_names)}")
    print_dropped(data)
    return data.data, data.target, data.feature_names


def _library_arguments(args):
    """``(estimator, keyword arguments of animate_regularization_path)``.

    Each value is checked alone by the library's constraints first, so
    that an error names its option.
    """
    from sklearn_losses._classifier import LogisticMLPClassifier

    # where the function is defined, with its declared constraints
    from sklearn_losses.path._animate import animate_regularization_path

    alphas = _alpha_arguments(args)
    # Each model option is the LogisticMLPClassifier parameter of its name.
    params = {name: getattr(args, name) for name in ESTIMATOR_OPTIONS}
    params.update(_given(args, PENALTY_OPTIONS + SOLVER_OPTIONS))
    params["hidden_layer_sizes"] = tuple(args.hidden)
    constraints = LogisticMLPClassifier._parameter_constraints
    # One estimator per --loss, drawn side by side when there are several.
    estimators = {}
    for loss in args.loss:
        params["loss"] = loss
        check_each(params, constraints, "LogisticMLPClassifier")
        estimators[loss] = LogisticMLPClassifier(**params)
    frame = _given(args, FRAME_OPTIONS)
    if "frame_size" in frame:
        frame["frame_size"] = tuple(frame["frame_size"])
    options = {
        **{name: value for name, value in alphas.items() if name != "alphas"},
        "random_state": args.random_state,
        "grid_resolution": args.grid_resolution,
        "fps": args.fps,
        **frame,
    }
    constraints = animate_regularization_path._skl_parameter_constraints
    check_each(options, constraints, "animate_regularization_path")
    _check_alphas(alphas["alphas"])
    estimator = estimators if len(estimators) > 1 else estimators[args.loss[0]]
    return estimator, {"alphas": alphas["alphas"], **options}


def run(args):
    """Run ``animate``: fit the path and write its GIF; the exit code."""
    from sklearn_losses.path import animate_regularization_path

    estimator, options = _library_arguments(args)
    X, y, names = _data(args)
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = animate_regularization_path(
            X,
            y,
            args.out,
            estimator=estimator,
            feature_names=names,
            progress=not args.no_progress,
            **options,
        )
    paths = path if isinstance(path, dict) else {args.loss[0]: path}
    path = next(iter(paths.values()))
    _report_warnings(caught, len(path.alphas_) * len(paths), args.max_iter)
    elapsed = time.perf_counter() - start
    alphas = path.alphas_
    panels = f" of {len(paths)} panels ({', '.join(paths)})" if len(paths) > 1 else ""
    print(
        f"wrote {args.out}: {len(alphas)} frames{panels}, alpha {alphas[0]:.3g} "
        f"to {alphas[-1]:.3g}, {elapsed:.1f} s"
    )
    if len(paths) > 1:
        print(_score_table(paths))
    if path.alpha_max_ is not None:
        print(_alpha_max_line(path))
    if len(names) > 2:
        print(f"features other than {names[0]} and {names[1]} held at their medians")
    return 0


def _score_table(paths):
    """The validation score of each loss (column) at each alpha (row)."""
    first = next(iter(paths.values()))
    width = max(9, *map(len, paths))
    lines = [
        f"validation {first.scoring_} (the held-out part) by loss:",
        f"{'alpha':>9} " + " ".join(f"{label:>{width}}" for label in paths),
    ]
    for i, alpha in enumerate(first.alphas_):
        scores = (p.validation_scores_[i] for p in paths.values())
        lines.append(f"{alpha:>9.3g} " + " ".join(f"{v:>{width}.3f}" for v in scores))
    return "\n".join(lines)


def _alpha_max_line(path):
    """How ``--auto-alphas`` found the largest alpha."""
    how = (
        "exact: every weight is zero from there on"
        if path.alpha_max_method_ == "exact"
        else f"bisection on the collapse of the model, {path.alpha_max_n_fits_} "
        "more fits"
    )
    return f"alpha_max = {path.alpha_max_:.4g} ({how})"


def _report_warnings(caught, n_fits, max_iter):
    """Summarise the fits' warnings in a line or two instead of one per fit."""
    from sklearn.exceptions import ConvergenceWarning

    n_unconverged = sum(issubclass(w.category, ConvergenceWarning) for w in caught)
    if n_unconverged:
        warn(
            f"{n_unconverged} fit{'s' if n_unconverged > 1 else ''} (for "
            f"{n_fits} alphas) stopped at --max-iter {max_iter} before converging"
        )
    others = {
        str(w.message)
        for w in caught
        if not issubclass(w.category, (ConvergenceWarning, DeprecationWarning))
    }
    for message in sorted(others):
        warn(message)
