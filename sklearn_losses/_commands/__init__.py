"""The commands of ``sklearn-losses``: one module each, and what they share.

Each command module adds its subparser (``add_parser``) and runs it
(``run``) by calling the library; :mod:`sklearn_losses.cli` builds the
parser, dispatches, and turns every ending into an exit code.
"""
