"""Every page through Streamlit's AppTest: renders, right numbers, permalinks, bad data."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from returnees.loader import PROJECT_ROOT, load_dataset
from tests.conftest import DATA_DIR

PAGES = ["overview", "country", "compare", "map", "sources", "data"]


def run_page(name: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "pages" / f"{name}.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def html_of(at: AppTest) -> str:
    return "\n".join(str(el.proto.body) for el in at.get("html"))


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_exception(page):
    at = run_page(page)
    assert not at.exception
    assert at.title[0].value


def test_entry_point_runs_the_overview_by_default():
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Returnee Figures"


def test_overview_headlines_show_qualifiers_and_the_other_sources():
    page = html_of(run_page("overview"))
    assert "Worldwide: travelled" in page
    assert ">38,000<" in page and "more than 40,000" in page
    assert ">5,700<" in page and "at least 5,600" in page


def test_permalink_to_a_figure_opens_its_citation_with_the_number_highlighted():
    page = html_of(run_page("overview", figure="rfn-rus-travelled"))
    assert 'data-figure-id="rfn-rus-travelled"' in page
    assert "<mark>3,417</mark>" in page


def test_citation_of_a_derived_figure_shows_its_arithmetic():
    page = html_of(run_page("overview", figure="rfn-rus-returned"))
    assert "<mark>Ten percent</mark>" in page
    assert "0.1 × 3417 = 341.7" in page


def test_permalink_to_an_unknown_figure_says_so_without_echoing_it():
    at = run_page("overview", figure="<b>nope</b>")
    assert "not in this dataset" in at.warning[0].value
    assert "<b>nope</b>" not in html_of(at)


@pytest.mark.parametrize(("entity", "name"), [("FRA", "France"), ("WORLD", "World")])
def test_query_parameter_selects_the_country(entity, name):
    at = run_page("country", entity=entity)
    assert at.selectbox[0].value == entity
    assert name in at.get("plotly_chart")[0].proto.spec


def test_country_profile_notes_where_sources_disagree():
    page = html_of(run_page("country", entity="WORLD"))
    assert "Sources disagree on travelled" in page


def test_data_page_shows_every_figure_of_the_yaml():
    total = len(load_dataset(DATA_DIR).dataset.figures)
    at = run_page("data")
    assert f"Showing {total} of {total} figures." in html_of(at)
    assert len(at.dataframe[0].value) == total


def test_sources_page_lists_every_source_and_says_when_one_has_no_figures():
    page = html_of(run_page("sources"))
    assert page.count('data-source-id="') == 5
    assert "No figures from this source." in page


def write_broken_dataset(root: Path) -> Path:
    (root / "figures").mkdir(parents=True)
    (root / "sources.yaml").write_text((DATA_DIR / "sources.yaml").read_text(), "utf-8")
    for path in (DATA_DIR / "figures").glob("*.yaml"):
        text = path.read_text("utf-8").replace("entity: RUS", "entity: XXX")
        (root / "figures" / path.name).write_text(text, "utf-8")
    return root


@pytest.mark.parametrize("page", PAGES)
def test_bad_data_shows_the_problems_in_plain_words_and_no_figures(page, tmp_path, monkeypatch):
    monkeypatch.setenv("RETURNEES_DATA", str(write_broken_dataset(tmp_path)))
    at = run_page(page)
    assert not at.exception
    assert "does not validate" in at.error[0].value
    problems = at.dataframe[0].value
    row = problems[problems["figure or source"] == "rfn-rus-travelled"].iloc[0]
    assert row["file"] == "figures/rfn-2017-5700-returned.yaml"
    assert row["field"] == "entity" and row["line"] > 0
    assert "XXX" in row["problem"]
    assert not at.get("plotly_chart")
