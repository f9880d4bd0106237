"""What the commands share: options as library parameters, and their errors.

Each option is a parameter of the library under the same name (a table
lists the few exceptions). A library error about a parameter is a
:class:`~sklearn_losses._errors.ParameterError`; :func:`check_each`
validates parameters one at a time so that a bad value raises one too, and
the command line names the option that set it.
"""

import sys

from sklearn_losses._errors import ParameterError

PROG = "sklearn-losses"
# The names of the registries, in the order `list` prints them, as plain
# data: the registries import scikit-learn (a second or more), and --help,
# `list` and a usage error answer without it. A test keeps them equal to
# the registries; `registry_names` reads a registry already imported
# instead, which holds the names a program registered before calling main.
REGISTERED_NAMES = {
    "losses": ("log_loss", "squared_error", "absolute_error", "kl_divergence", "focal"),
    "penalties": ("l2", "l1", "elasticnet"),
    "solvers": ("adam", "sgd", "lbfgs"),
    "scorers": (
        "neg_expected_calibration_error",
        "neg_maximum_calibration_error",
        "neg_rms_calibration_error",
        "neg_debiased_calibration_error",
        "neg_classwise_calibration_error",
        "neg_smooth_ece",
        "neg_brier_score",
        "neg_log_loss",
    ),
}
# Where each registry lives.
REGISTRIES = {
    "losses": ("sklearn_losses.losses", "LOSSES"),
    "penalties": ("sklearn_losses.penalties", "PENALTIES"),
    "solvers": ("sklearn_losses.solvers", "SOLVERS"),
    "scorers": ("sklearn_losses.metrics", "SCORERS"),
}
# What the estimator's default solver is, as `list` and --help say it.
AUTO_SOLVER = "auto (lbfgs without a hidden layer, adam with one)"

# Options of `animate` passed to LogisticMLPClassifier under the same name.
ESTIMATOR_OPTIONS = ("loss", "penalty", "solver", "max_iter", "random_state")
# Options of `animate` that only some penalties or solvers use: passed under
# the same name when given, an error when the chosen one does not use them.
PENALTY_OPTIONS = ("l1_ratio",)
SOLVER_OPTIONS = (
    "max_fun",
    "learning_rate_init",
    "batch_size",
    "momentum",
    "learning_rate",
    "power_t",
)
# The options above that each built-in penalty and solver reads (among its
# parameters), and what --solver auto is without and with a hidden layer,
# so that an option the chosen one ignores is refused before scikit-learn
# is imported. A test keeps them equal to the registries and resolve_solver.
OPTIONS_READ = {
    "penalties": {"l2": (), "l1": (), "elasticnet": ("l1_ratio",)},
    "solvers": {
        "adam": ("batch_size", "learning_rate_init"),
        "sgd": (
            "batch_size",
            "learning_rate_init",
            "momentum",
            "learning_rate",
            "power_t",
        ),
        "lbfgs": ("max_fun",),
    },
}
AUTO_SOLVER_OF = {False: "lbfgs", True: "adam"}  # has a hidden layer?

# Options of `animate` passed to animate_regularization_path when given.
FRAME_OPTIONS = ("frame_size", "dpi")

# The option that sets each library parameter: "--" and the name with
# dashes, but for these. A parameter that two options can set (the alphas,
# as values or as a range) names the one given.
OPTION_OF_PARAMETER = {
    **{
        name: "--" + name.replace("_", "-")
        for name in (
            *ESTIMATOR_OPTIONS,
            *PENALTY_OPTIONS,
            *SOLVER_OPTIONS,
            *FRAME_OPTIONS,
            "fps",
            "grid_resolution",
            "eps",
            # the CSV readers of sklearn_losses.datasets, and the report
            "target",
            "features",
            "sep",
            "y_true",
            "y_prob",
            "pos_label",
            "labels",
            "n_bins",
        )
    },
    "hidden_layer_sizes": "--hidden",
    "alphas": ("--alphas", "--alpha-range"),
    "n_alphas": "--auto-alphas",
}

__all__ = [
    "AUTO_SOLVER_OF",
    "ESTIMATOR_OPTIONS",
    "FRAME_OPTIONS",
    "OPTIONS_READ",
    "OPTION_OF_PARAMETER",
    "PENALTY_OPTIONS",
    "PROG",
    "REGISTERED_NAMES",
    "REGISTRIES",
    "SOLVER_OPTIONS",
    "CommandError",
    "UsageError",
    "add_sep",
    "auto_solver",
    "check_each",
    "options_read",
    "print_dropped",
    "registry_names",
    "warn",
]


class CommandError(Exception):
    """Bad input detected by a command; reported as one line, exit code 1."""


class UsageError(Exception):
    """Bad command-line usage; reported as one line, exit code 2."""


def check_each(params, constraints, caller):
    """Validate each of ``params`` alone against its declared ``constraints``.

    The library's own constraints (an estimator's ``_parameter_constraints``,
    a function's ``validate_params``), one parameter at a time, so that a
    bad value raises a :class:`ParameterError` that names it. Its message is
    the library's without "The 'n_bins' parameter of calibration_report": the
    command line leads it with the option instead (``--n-bins: must be ...``).
    """
    from sklearn.utils._param_validation import (
        InvalidParameterError,
        validate_parameter_constraints,
    )

    for name, value in params.items():
        try:
            validate_parameter_constraints(
                {name: constraints[name]}, {name: value}, caller_name=caller
            )
        except InvalidParameterError as exc:
            # the option, not the library's parameter, is what the user typed
            message = str(exc).removeprefix(f"The {name!r} parameter of {caller} ")
            raise ParameterError(name, message) from None


def registry_names(kind):
    """The names in the registry of ``kind`` ("losses", "solvers", ...).

    The registry itself when its module is already imported (by a program
    that registered a name, then called ``main``), else
    :data:`REGISTERED_NAMES`: importing it would import scikit-learn.
    """
    module, name = REGISTRIES[kind]
    if module in sys.modules:
        return list(getattr(sys.modules[module], name))
    return list(REGISTERED_NAMES[kind])


def options_read(kind):
    """``{name: parameters}`` of each penalty or solver (``kind``).

    The live registry when its module is already imported (a program that
    registered a part, then called ``main``), else :data:`OPTIONS_READ`.
    """
    module, name = REGISTRIES[kind]
    if module not in sys.modules:
        return OPTIONS_READ[kind]
    registry = getattr(sys.modules[module], name)
    return {key: _parameter_names(part) for key, part in registry.items()}


def _parameter_names(part):
    """A penalty's ``__init__`` parameters, or a solver's dataclass fields."""
    fields = getattr(part, "__dataclass_fields__", None)
    return tuple(fields) if fields is not None else tuple(part._get_param_names())


def auto_solver(hidden):
    """The solver ``--solver auto`` stands for, with or without a hidden layer."""
    if "sklearn_losses.solvers" not in sys.modules:
        return AUTO_SOLVER_OF[bool(hidden)]
    from sklearn_losses.solvers import resolve_solver

    hidden = tuple(hidden)
    return resolve_solver("auto", hidden_layer_sizes=hidden, incremental=False).name


def _separator(text):
    """``--sep`` as typed: ``\\t`` (backslash, t) stands for a tab."""
    import argparse

    if not text:
        raise argparse.ArgumentTypeError("the separator must not be empty")
    return "\t" if text == "\\t" else text


def add_sep(parser):
    """The ``--sep`` option of a command that reads a CSV file."""
    parser.add_argument(
        "--sep",
        default=",",
        metavar="SEP",
        type=_separator,
        help="column separator of the CSV file (default ','; ';' for files "
        "written by spreadsheets in many locales; '\\t' for a tab)",
    )


def print_dropped(data, file=None):
    """Say how many rows a CSV loader dropped for a missing value."""
    n_dropped = len(data.dropped_rows)
    if n_dropped:
        print(
            f"dropped {n_dropped} of {len(data.frame) + n_dropped} rows with "
            f"missing values in {', '.join(map(str, data.frame.columns))}",
            file=file or sys.stdout,
        )


def warn(message):
    """A warning of the command line: one line on stderr."""
    sys.stderr.write(f"{PROG}: warning: {' '.join(str(message).split())}\n")
