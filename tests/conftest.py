from pathlib import Path

import matplotlib
import pytest

# Tests draw without a screen.
matplotlib.use("Agg")

REPO_ROOT = Path(__file__).resolve().parents[1]
# The seed notebook's columns, shipped with the tests (see data/README.md):
# the docs extra's passenger list (bokeh-sampledata) has no fares.
TITANIC_CSV = REPO_ROOT / "tests" / "data" / "titanic.csv"


@pytest.fixture
def titanic_csv():
    """Path to the seed notebook's Titanic data (Survived, Pclass, Sex, Age,
    Fare of 891 passengers)."""
    if not TITANIC_CSV.is_file():  # a copy of the package without its tests' data
        pytest.skip(f"Titanic data not found at {TITANIC_CSV}")
    return TITANIC_CSV
