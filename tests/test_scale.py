"""The dashboard on a synthetic dataset of 1,200 figures (204 countries, 61 sources): charts
show the top countries with a toggle for all, long lists come a page at a time, and no page
leaves out a figure without saying so."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from benchmarks.synthetic import write_dataset
from returnees import charts, citations, loader, reference, ui
from returnees.frames import entities, figures_frame
from returnees.loader import PROJECT_ROOT, Dataset, load_dataset
from returnees.vocab import CORE_METRICS
from tests.datasets import figure, source
from tests.datasets import write_dataset as write_small

FIGURES = 1_200
TIMEOUT = 120


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return write_dataset(tmp_path_factory.mktemp("scale") / "data", FIGURES, seed=0)


@pytest.fixture(scope="module")
def dataset(data_dir) -> Dataset:
    result = load_dataset(data_dir)
    assert result.dataset is not None, result.problems
    return result.dataset


@pytest.fixture(scope="module")
def latest(dataset) -> pd.DataFrame:
    return reference.cross_section(figures_frame(dataset))


@pytest.fixture
def app(data_dir, monkeypatch):
    monkeypatch.setenv("RETURNEES_DATA", str(data_dir))

    def open_page(page: str) -> AppTest:
        at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=TIMEOUT).run()
        if page != "overview":
            at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, at.exception
        return at

    return open_page


def _html(at: AppTest) -> str:
    return "".join(element.value for element in at.main.get("html"))


# --------------------------------------------------------------------------- pure functions


def test_top_entities_keeps_every_row_of_the_entities_with_the_largest_values(latest):
    countries = latest[~latest["is_aggregate"]]
    top = charts.top_entities(countries, 5)
    largest = countries.groupby("entity")["value"].max().sort_values(ascending=False)
    assert set(top["entity"]) == set(largest.index[:5])
    kept = countries[countries["entity"].isin(largest.index[:5])]
    assert sorted(top["figure_id"]) == sorted(kept["figure_id"])


def test_top_entities_of_fewer_entities_than_asked_keeps_them_all(latest):
    few = latest[latest["entity"].isin(["FRA", "DEU"])]
    assert charts.top_entities(few, 25).equals(few)


def test_ranking_orders_one_metric_by_value_without_aggregates(latest):
    ranked = charts.ranking(latest, "travelled")
    assert set(ranked["metric"]) == {"travelled"}
    assert not ranked["is_aggregate"].any()
    assert ranked["value"].is_monotonic_decreasing
    with_aggregates = charts.ranking(latest, "travelled", include_aggregates=True)
    assert with_aggregates["is_aggregate"].any()


def test_entities_lists_aggregates_first_then_countries_by_name(latest):
    listed = entities(latest)
    aggregates = int(listed["is_aggregate"].sum())
    assert aggregates > 0 and listed["is_aggregate"].iloc[:aggregates].all()
    countries = listed[~listed["is_aggregate"]]["entity_name"]
    assert list(countries) == sorted(countries)
    assert listed.index.is_unique and len(listed) == latest["entity"].nunique()


def test_a_source_line_of_many_counts_names_three_and_counts_the_rest(dataset, latest):
    shown = latest[latest["metric"].isin(CORE_METRICS)]
    line = citations.source_line(dataset, shown["figure_id"])
    bodies = shown.loc[shown["originator_kind"] != "unknown", "originator"].nunique()
    pages = shown.loc[shown["originator_kind"] == "unknown", "source_id"].nunique()
    rest = bodies + pages - citations.SOURCE_LINE_MAX
    assert rest > 1
    assert f"; and {rest:,} more (each mark names its own; all are on the Sources page)" in line
    assert line.split("; and ")[0].count("; ") == citations.SOURCE_LINE_MAX - 1


def test_a_source_line_names_the_bodies_behind_most_marks(tmp_path):
    sources = [source(f"src-{i}", publisher=f"Outlet {i}") for i in range(8)]
    figures = [
        # Body 7 stands behind three marks, every other body behind one.
        figure(
            f"f-{i}", entity, "travelled", 10 + i, source=f"src-{i}", originator=f"b-{min(i, 7)}"
        )
        for i, entity in enumerate(["FRA", "DEU", "BEL", "NLD", "SWE", "DNK", "AUT", "GBR"])
    ] + [
        figure("g-1", "ITA", "travelled", 5, source="src-1", originator="b-7"),
        figure("g-2", "ESP", "travelled", 5, source="src-2", originator="b-7"),
    ]
    result = load_dataset(write_small(tmp_path / "data", sources, figures))
    assert result.dataset is not None, [str(p) for p in result.problems]
    line = citations.source_line(result.dataset, [f["id"] for f in figures])
    assert "b-7 (2020), via 3 pages" in line
    assert "and 7 more" in line  # each behind one mark: none picked out


# --------------------------------------------------------------------------- pages


def _bars_json(figure_json: dict) -> list[str]:
    """The rows ("Entity · Metric") of a bar chart's Plotly JSON."""
    return [y for trace in figure_json["data"] if trace["type"] == "bar" for y in trace["y"]]


def test_overview_charts_the_top_25_countries_and_offers_all(app, latest):
    at = app("overview")
    countries = latest[latest["metric"].isin(CORE_METRICS) & ~latest["is_aggregate"]]
    count = countries["entity"].nunique()
    (toggle,) = at.toggle
    assert toggle.label == f"Show all {count} countries"
    chart = at.get("plotly_chart")[1].proto
    figure_json = json.loads(chart.spec)
    shown = {y.replace("<br>", " · ").split(" · ")[0] for y in _bars_json(figure_json)}
    assert len(shown) == charts.TOP_N
    assert f"the {charts.TOP_N} with the largest figures, of {count}" in figure_json["layout"][
        "title"
    ]["text"].replace("<br>", " ")

    toggle.set_value(True).run()
    figure_json = json.loads(at.get("plotly_chart")[1].proto.spec)
    assert len({y.replace("<br>", " · ").split(" · ")[0] for y in _bars_json(figure_json)}) == count
    assert figure_json["layout"]["title"]["text"] == "Countries"


def test_compare_ranks_the_top_25_and_offers_all(app, latest):
    at = app("compare")
    ranked = charts.ranking(latest, "travelled")
    (toggle,) = at.toggle
    assert toggle.label == f"Show all {len(ranked)} countries"
    shown = _bars_json(json.loads(at.get("plotly_chart")[0].proto.spec))
    assert len(shown) == charts.TOP_N


def test_sources_page_shows_ten_source_cards_a_page_and_every_source_in_its_table(app, dataset):
    at = app("sources")
    assert len(at.dataframe[0].value) == len(dataset.sources)
    (picker,) = at.number_input
    pages = -(-len(dataset.sources) // 10)
    assert picker.label == f"Page (of {pages}, 10 sources a page)"
    seen: list[str] = []
    for page in range(1, pages + 1):
        picker.set_value(page).run()
        listed = re.findall(r'data-source-id="([^"]+)"', _html(at))
        assert len(listed) == (10 if page < pages else len(dataset.sources) - 10 * (pages - 1))
        seen += listed
    assert sorted(seen) == sorted(dataset.sources)


def test_data_page_shows_a_thousand_rows_a_page_and_counts_them_all(app, dataset):
    at = app("data")
    assert f"Showing {FIGURES:,} of {FIGURES:,} figures." in _html(at)
    assert len(at.dataframe[0].value) == 1_000
    (picker,) = at.number_input
    picker.set_value(2).run()
    rest = at.dataframe[0].value
    assert len(rest) == FIGURES - 1_000
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [
        f"Download CSV ({FIGURES:,} rows)",
        f"Download JSON ({FIGURES:,} rows)",
        f"Download data package ({FIGURES:,} figures, ZIP)",
    ]


def test_reruns_neither_parse_nor_validate_until_a_file_changes(app, data_dir, monkeypatch):
    monkeypatch.setattr(ui, "RECHECK_SECONDS", 0)  # look at the files on every run
    calls: list[int] = []
    validate = loader._validate
    monkeypatch.setattr(loader, "_validate", lambda *a, **k: calls.append(1) or validate(*a, **k))
    at = app("overview")
    runs_before = len(calls)
    at.run()
    at.run()
    assert len(calls) == runs_before  # reruns: a stat of each file, no parse, no validation

    changed = sorted((data_dir / "figures").glob("*.yaml"))[0]
    original = changed.read_bytes()
    try:
        changed.write_bytes(original + b"\n# a comment changes the content, not the data\n")
        at.run()
        assert len(calls) == runs_before + 1
        at.run()
        assert len(calls) == runs_before + 1
    finally:
        changed.write_bytes(original)


def test_a_headline_lists_the_five_most_recent_other_figures_and_counts_the_rest(dataset):
    rows = figures_frame(dataset).head(12)  # the function lists whatever it is given
    picked, others = next(rows.head(1).itertuples()), rows.iloc[1:]
    headline = citations.headline_html("A headline", picked, others)
    listed = re.findall(r'href="\?figure=([^"]+)"', headline)
    key = citations._assessment(picked)
    same = [citations._assessment(row) == key for row in others.itertuples()]
    # One originator's one count is listed once, whatever outlets reported it.
    groups = citations.assessments(others[[not s for s in same]] if len(others) else others)
    newest = [first.figure_id for first, _ in groups[: citations.HEADLINE_OTHERS]]
    assert listed == [picked.figure_id, *newest]
    rest = len(groups) - citations.HEADLINE_OTHERS
    assert f'and {rest:,} more: all on the <a href="country?entity={picked.entity}"' in headline


def test_a_change_is_seen_within_a_second_though_no_run_looks(data_dir, monkeypatch):
    monkeypatch.setattr(ui, "_RECENT", {})
    monkeypatch.setattr(ui, "RECHECK_SECONDS", 0.05)
    first = ui._recent_load(data_dir)  # the first load waits for the files
    assert first.dataset is not None
    changed = sorted((data_dir / "figures").glob("*.yaml"))[0]
    original = changed.read_bytes()
    try:
        changed.write_bytes(original.replace(b"  value: ", b"  value: -", 1))
        # No page runs: the process's watching thread alone finds the broken file.
        deadline = time.monotonic() + 1.0
        while ui._RECENT[data_dir].dataset is not None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert ui._RECENT[data_dir].dataset is None
        assert ui._recent_load(data_dir) is ui._RECENT[data_dir]  # a page takes it at once
    finally:
        changed.write_bytes(original)
