"""Tests of sklearn_losses.metrics.format_calibration_report."""

import csv
import io
import json
import re

import numpy as np
import pytest

from sklearn_losses.metrics import calibration_report, format_calibration_report


def _reports():
    rng = np.random.default_rng(1)
    p = rng.dirichlet([1, 1, 1], size=80)
    y = np.array([rng.choice(3, p=row) for row in p])
    p8 = rng.dirichlet(np.ones(8), size=200)
    y8 = np.array([rng.choice(8, p=row) for row in p8])
    return {
        "binary": calibration_report(y > 0, 1 - p[:, 0], labels=[False, True]),
        "binary, tests not defined": calibration_report([0, 1] * 20, [0.5] * 40),
        "three classes": calibration_report(y, p, n_bins=10),
        "three classes, tests not defined": calibration_report(
            [0, 1, 2] * 10, np.full((30, 3), 1 / 3)
        ),
        "eight classes": calibration_report(y8, p8),
    }


REPORTS = _reports()


def _table(report):
    """The report as {row: {entry: value}}: a Series is the row "calibration"."""
    if report.ndim == 1:
        return {"calibration": report.to_dict()}
    return {row: values.to_dict() for row, values in report.iterrows()}


def _same(got, value):
    """A formatted entry against the report's: a float, or "not defined"."""
    if value == "not defined":
        return got in (None, "")
    return float(got) == value


@pytest.mark.parametrize("width", [50, 60, 80, 120])
@pytest.mark.parametrize("case", REPORTS)
def test_text_fits_the_width_and_holds_every_entry(case, width):
    report = REPORTS[case]
    text = format_calibration_report(report, width=width)
    assert text.endswith("\n")
    assert max(map(len, text.splitlines())) <= width, text
    table = _table(report)
    for entry in next(iter(table.values())):
        if entry != "note":
            assert re.search(rf"^{entry} ", text, flags=re.M), entry
    if len(table) > 1:
        assert all(row in text for row in table)
    assert "nan" not in text.lower()


def test_text_of_a_binary_report_rounds_to_four_digits():
    report = REPORTS["binary"]
    text = format_calibration_report(report, width=80)
    values = dict(line.split(maxsplit=1) for line in text.splitlines())
    for entry, value in report.items():
        assert values[entry] == f"{value:.4g}"


def test_text_says_why_a_statistic_is_not_defined():
    text = format_calibration_report(REPORTS["binary, tests not defined"], width=200)
    line = next(s for s in text.splitlines() if s.startswith("spiegelhalter_pvalue"))
    assert line.endswith(
        "not defined (every prediction is 0, 0.5 or 1 (zero variance))"
    )


@pytest.mark.parametrize("case", REPORTS)
def test_csv_is_parseable_and_carries_the_reports_numbers(case):
    report = REPORTS[case]
    rows = list(csv.DictReader(io.StringIO(format_calibration_report(report, "csv"))))
    table = _table(report)
    assert [row["row"] for row in rows] == list(table)
    for row in rows:
        expected = table[row.pop("row")]
        assert row.pop("note", "") == (expected.pop("note", "") or "")
        assert row.keys() == expected.keys()
        for entry, value in expected.items():
            assert _same(row[entry], value), entry


@pytest.mark.parametrize("case", REPORTS)
def test_json_is_parseable_and_carries_the_reports_numbers(case):
    report = REPORTS[case]
    parsed = json.loads(format_calibration_report(report, "json"))
    table = _table(report)
    assert list(parsed["rows"]) == list(table)
    for name, row in parsed["rows"].items():
        expected = table[name]
        assert row.pop("note", "") == (expected.pop("note", "") or "")
        assert row.keys() == expected.keys()
        for entry, value in expected.items():
            assert _same(row[entry], value), entry
    assert parsed["overall"] == dict(report.attrs)


def test_width_defaults_to_the_terminal(monkeypatch):
    import os
    import shutil

    size = os.terminal_size((50, 24))
    monkeypatch.setattr(shutil, "get_terminal_size", lambda *a, **k: size)
    text = format_calibration_report(REPORTS["eight classes"])
    assert max(map(len, text.splitlines())) <= 50


@pytest.mark.parametrize(
    "kwargs, message",
    [({"format": "xml"}, "'format' parameter"), ({"width": 0}, "'width' parameter")],
)
def test_bad_format_or_width_is_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        format_calibration_report(REPORTS["binary"], **kwargs)
