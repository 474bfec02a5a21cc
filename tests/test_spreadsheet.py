"""CSV files meant for a spreadsheet never carry a formula (OWASP, "CSV Injection")."""

from __future__ import annotations

import csv
import io

import pytest

from returnees import reference
from returnees.cli import main
from returnees.frames import cross_section_csv, figures_frame
from returnees.loader import load_or_raise
from tests.datasets import figure, source, write_dataset

FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _dataset(tmp_path, text: str):
    hostile = source(publisher=text, title=text)
    quote = f"500 people travelled. {text}"
    figures = [figure("f", "FRA", "travelled", 500, quote=quote, attributed_to=text)]
    return load_or_raise(write_dataset(tmp_path, [hostile], figures))


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


@pytest.mark.parametrize("formula", FORMULAS)
def test_the_export_csv_starts_no_cell_with_a_formula(tmp_path, capsys, formula):
    _dataset(tmp_path, formula)
    assert main(["export", "--format", "csv", "--data", str(tmp_path)]) == 0
    cells = _cells(capsys.readouterr().out)
    assert f"'{formula.strip()}" in cells  # shown as the text it is (the schema strips ends)
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_charts_download_starts_no_cell_with_a_formula(tmp_path, formula):
    rows = reference.cross_section(figures_frame(_dataset(tmp_path, formula)))
    cells = _cells(cross_section_csv(rows, citations=True))
    assert f"'{formula.strip()}" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_numbers_and_ordinary_text_are_left_as_they_are(tmp_path):
    rows = reference.cross_section(figures_frame(_dataset(tmp_path, "Agency 'X'")))
    cells = _cells(cross_section_csv(rows, citations=True))
    assert "Agency 'X'" in cells and "500" in cells
