"""The ``sklearn-losses`` command line, a thin layer over the Python API.

Commands:

- ``sklearn-losses animate``: a GIF of the decision boundary along a
  regularization path (:func:`sklearn_losses.path.animate_regularization_path`).
  Without options it draws Iris setosa against versicolor
  (:func:`sklearn_losses.datasets.load_iris_pair`).
- ``sklearn-losses calibration FILE.csv``: the calibration report (and, with
  ``--plot``, a reliability diagram) of predictions stored in a CSV file.
- ``sklearn-losses list``: the registered losses, penalties, solvers (with
  ``auto``, the estimator's default) and scorers.

Each option is a parameter of the Python API, which validates it (the error
names the option); an option that the chosen penalty or solver does not use
is refused rather than ignored. ``calibration --format csv`` or ``json``
prints the report for programs, text fits the width of the terminal.
:func:`main` returns the exit code (0 success, 1 bad input or a failed
command, 2 bad usage, 130 after Ctrl-C, 128 + the signal number after
SIGTERM or SIGHUP, 141 when the reader of the output goes away, as in
``sklearn-losses list | head -1``) and never exits the interpreter itself.
Errors are one line on stderr, ``sklearn-losses: error: ...``, and leave no
output file, not even a temporary one.

This module builds the parser and dispatches; each command is a module of
its own that adds its subparser and runs it (``_cli_animate``,
``_cli_calibration``), with what they share in ``_cli_options``. A library
error about a parameter (:class:`~sklearn_losses._errors.ParameterError`)
is printed after the option that sets it, from ``OPTION_OF_PARAMETER``.
"""

import argparse
import importlib
import os
import signal
import sys

from sklearn_losses import _cli_animate, _cli_calibration

# DEFAULT_GIF and the options passed to the library under their own names
# are re-exported, for scripts that build the estimator as `animate` does.
from sklearn_losses._cli_animate import DEFAULT_GIF  # noqa: F401
from sklearn_losses._cli_options import (
    AUTO_SOLVER,
    ESTIMATOR_OPTIONS,  # noqa: F401
    FRAME_OPTIONS,  # noqa: F401
    OPTION_OF_PARAMETER,
    PENALTY_OPTIONS,  # noqa: F401
    PROG,
    REGISTERED_NAMES,
    SOLVER_OPTIONS,  # noqa: F401
    CommandError,
    UsageError,
    registry_names,
)
from sklearn_losses._errors import ParameterError

__all__ = ["main"]


class _Exit(Exception):
    """argparse finished early (``--help``, ``--version``)."""

    def __init__(self, status):
        super().__init__(status)
        self.status = status


class _Parser(argparse.ArgumentParser):
    # argparse would print the usage and call sys.exit; main() decides instead.
    def error(self, message):
        raise UsageError(message)

    def exit(self, status=0, message=None):
        if message:
            sys.stderr.write(message)
        raise _Exit(status)


def build_parser():
    """The argument parser of the ``sklearn-losses`` command.

    Returns
    -------
    parser : argparse.ArgumentParser
        Parses ``argv`` into a namespace whose ``command`` attribute names
        the command to run.

    Examples
    --------
    >>> from sklearn_losses.cli import build_parser
    >>> args = build_parser().parse_args(["animate", "--fps", "4", "--hidden", "0"])
    >>> args.command, args.fps, args.hidden
    ('animate', 4.0, [])
    """
    from sklearn_losses import __version__

    parser = _Parser(
        prog=PROG,
        description=(
            "Classifiers with the loss and penalty you choose, calibration "
            "metrics, and pictures of regularization."
        ),
        epilog=(
            "Exit status: 0 success, 1 bad input or a failed command, 2 bad "
            "usage, 130 after Ctrl-C, 143 after SIGTERM, 141 when the reader of "
            "the output goes away (| head). An error is one line on stderr and "
            "leaves no output file."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _cli_animate.add_parser(commands)
    _cli_calibration.add_parser(commands)
    listing = commands.add_parser(
        "list", help="registered losses, penalties, solvers and scorers"
    )
    listing.set_defaults(run=_run_list, modules=())
    return parser


def main(argv=None):
    """Run the ``sklearn-losses`` command line.

    Parameters
    ----------
    argv : list of str, default=None
        The arguments after the program name; ``sys.argv[1:]`` when None.

    Returns
    -------
    status : int
        0 on success, 1 when the input is bad or the command fails, 2 on bad
        usage. Errors are printed as one line on stderr.

    Examples
    --------
    >>> from sklearn_losses.cli import main
    >>> main(["list"])  # doctest: +ELLIPSIS
    losses: ...
    0
    >>> main(["animate", "--fps", "0"])
    1
    """
    from sklearn_losses._signals import Terminated, termination_as_exception

    try:
        with termination_as_exception():
            return _run(argv)
    except KeyboardInterrupt:
        _error("interrupted")
        return 128 + signal.SIGINT
    except Terminated as exc:
        _error(f"terminated ({exc.name})")
        return 128 + exc.signum
    except BrokenPipeError:
        return _broken_pipe()


def _run(argv):
    """Parse ``argv``, run the command; the exit code of every ending but signals."""
    from sklearn_losses._signals import signals_deferred

    try:
        with signals_deferred():
            args = build_parser().parse_args(argv)
            # usage errors answer before the command's (slow) imports
            getattr(args, "check", _no_check)(args)
            for module in args.modules:
                importlib.import_module(module)
        status = args.run(args)
        # Output still buffered would fail at exit, out of reach of main.
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        raise
    except _Exit as exc:
        return exc.status if isinstance(exc.status, int) else 1
    except UsageError as exc:
        _error(f"{exc} (see '{PROG} --help')")
        return 2
    except CommandError as exc:
        _error(str(exc))
        return 1
    except ParameterError as exc:
        # the library's message, led by the option that set the parameter
        _error(f"{_option_of(exc.parameter, args)}: {exc}")
        return 1
    except OSError as exc:
        _error(_describe_os_error(exc))
        return 1
    except (ValueError, FloatingPointError) as exc:
        _error(str(exc))
        return 1


def _no_check(args):
    """A command without usage checks of its own."""


def _broken_pipe():
    """The reader of stdout went away (``| head``): stop quietly, status 141.

    As the Python documentation recommends, the rest of the output goes to
    devnull, so that flushing it at exit raises no second error; 141 is what
    a shell reports for a command ended by SIGPIPE.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # stdout is not a file (captured output): nothing is left to flush
    return 128 + signal.SIGPIPE


def _error(message):
    # One line: multi-line messages from deeper layers are joined.
    sys.stderr.write(f"{PROG}: error: {' '.join(str(message).split())}\n")


def _option_of(parameter, args):
    """The option that set ``parameter`` (the one given, when two can)."""
    options = OPTION_OF_PARAMETER.get(parameter, parameter)
    if isinstance(options, str):
        return options
    given = [o for o in options if getattr(args, o[2:].replace("-", "_"), None)]
    return (given or options)[0]


def _describe_os_error(exc):
    if exc.filename is not None and exc.strerror:
        return f"{exc.strerror}: {exc.filename}"
    # OSError(errno, message) of this package: the message names the path.
    return exc.strerror or str(exc) or type(exc).__name__


# -- list -------------------------------------------------------------------


def _run_list(args):
    for kind in REGISTERED_NAMES:
        names = registry_names(kind)
        if kind == "solvers":
            # the estimator's default, which is no entry of the registry
            names.insert(0, AUTO_SOLVER)
        print(f"{kind}: {', '.join(names)}")
    print(
        "(every scikit-learn scorer name works too: sklearn.metrics.get_scorer_names())"
    )
    return 0
