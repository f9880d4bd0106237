from pathlib import Path

import matplotlib
import pytest

# Tests draw without a screen.
matplotlib.use("Agg")

REPO_ROOT = Path(__file__).resolve().parents[1]
TITANIC_CSV = REPO_ROOT.parent / "shared" / "data" / "titanic.csv"


@pytest.fixture
def titanic_csv():
    """Path to the seed notebook's Titanic data, kept outside the project."""
    if not TITANIC_CSV.is_file():
        pytest.skip(f"Titanic data not found at {TITANIC_CSV} (it lives in ../shared)")
    return TITANIC_CSV
