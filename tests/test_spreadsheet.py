"""CSV files meant for a spreadsheet never carry a formula (OWASP, "CSV Injection")."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from returnees import reference
from returnees.cli import main
from returnees.frames import cross_section_csv, csv_for_people, figures_frame, spreadsheet_safe
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


def test_line_breaks_become_line_feeds_and_rows_keep_their_index():
    frame = pd.DataFrame({"text": ["a\r\nb", "c\rd", "=1"], "count": [1, 2, 3]}, index=[5, 7, 9])
    safe = spreadsheet_safe(frame)
    assert safe["text"].tolist() == ["a\nb", "c\nd", "'=1"]
    assert safe.index.tolist() == [5, 7, 9] and safe["count"].tolist() == [1, 2, 3]
    assert csv_for_people(frame) == 'text,count\n"a\nb",1\n"c\nd",2\n\'=1,3\n'


def test_an_empty_cross_section_is_a_csv_of_its_header(tmp_path):
    rows = reference.cross_section(figures_frame(_dataset(tmp_path, "x"))).iloc[0:0]
    for citations in (False, True):
        columns = reference.ROW_COLUMNS + (reference.CITATION_COLUMNS if citations else [])
        assert cross_section_csv(rows, citations) == ",".join(columns) + "\n"
