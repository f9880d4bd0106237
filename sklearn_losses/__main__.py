"""``python -m sklearn_losses``: the ``sklearn-losses`` command line."""

import sys

from sklearn_losses.cli import main

if __name__ == "__main__":
    sys.exit(main())
