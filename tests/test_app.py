"""Every page of the dashboard through Streamlit's AppTest, run the way a visitor reaches it.

A page is reached through `app.py` (its `st.navigation`), then `AppTest.switch_page`, so the
app's page config and navigation run as in `streamlit run`. Query parameters set on
`at.query_params` before a page's first run are what a permalink gives the page.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import pytest
import streamlit.testing.v1.app_test as app_test
import yaml
from streamlit.testing.v1 import AppTest

from returnees import reference, ui, views
from returnees.frames import EXPORT_COLUMNS, EXPORT_LABELS, figures_frame, sources_frame
from returnees.loader import PROJECT_ROOT, load_dataset
from tests.conftest import DATA_DIR, SEED_DIR
from tests.datasets import (
    BROKEN_FIELD,
    BROKEN_FIGURE,
    BROKEN_FILE,
    BROKEN_LINE,
    HOSTILE_FRA,
    HOSTILE_FRA_DERIVED,
    HOSTILE_PAYLOADS,
    HOSTILE_WORLD,
    write_broken_copy,
    write_hostile_dataset,
)
from tests.test_malformed import CASES as MALFORMED_CASES
from tests.test_malformed import MALFORMED

TIMEOUT = 60
PAGES = {
    "overview": "Returnee Figures",
    "country": "Country profile",
    "compare": "Compare countries",
    "map": "Map",
    "briefing": "Briefing pack",
    "sources": "Sources",
    "data": "Data",
}
PAGE_PARAMS = [pytest.param(page, id=f"{page} page") for page in PAGES]


@pytest.fixture(autouse=True)
def _seed_data(monkeypatch):
    """Pages are checked against the fixed seed dataset (tests that need another set their own)."""
    monkeypatch.setenv("RETURNEES_DATA", str(SEED_DIR))


def open_page(page: str, **query: str) -> AppTest:
    """Run app.py, then the page, with the query parameters a permalink would carry."""
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    for name, value in query.items():
        at.query_params[name] = value
    if page != "overview" or query:
        at.switch_page(f"pages/{page}.py").run()
    return at


def html_of(block) -> list[str]:
    return [element.value for element in block.get("html")]


def dialog_of(at: AppTest):
    """The dialog the run opened (AppTest keeps dialogs in its "event" block), or None."""
    for block in at._tree.children.values():
        for child in getattr(block, "children", {}).values():
            if getattr(child, "type", None) == "dialog":
                return child
    return None


def cards_of(at: AppTest) -> list[str]:
    """The citation cards of the dialog the run opened."""
    opened = dialog_of(at)
    return [h for h in html_of(opened) if "citation-card" in h] if opened else []


def headline(at: AppTest, label: str) -> str:
    (row,) = [h for h in html_of(at.main) if h.startswith('<div class="rf-headlines">')]
    (found,) = [c for c in row.split('<div class="rf-headline">') if f'rf-h-label">{label}<' in c]
    return found


def yaml_records(kind: str) -> list[dict]:
    """The records as written in the YAML, read without the project's loader."""
    if kind == "sources":
        return yaml.safe_load((SEED_DIR / "sources.yaml").read_text("utf-8"))["sources"]
    return [
        record
        for path in sorted((SEED_DIR / "figures").glob("*.yaml"))
        for record in yaml.safe_load(path.read_text("utf-8"))["figures"]
    ]


# --------------------------------------------------------------------------- every page


@pytest.mark.parametrize("page", PAGE_PARAMS)
def test_page_renders_the_shipped_dataset_without_an_error(monkeypatch, page):
    monkeypatch.setenv("RETURNEES_DATA", str(DATA_DIR))
    at = open_page(page)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("page", PAGE_PARAMS)
def test_page_renders_through_the_apps_navigation(page):
    at = open_page(page)
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == [PAGES[page]]
    assert not at.error


@pytest.mark.parametrize("page", PAGE_PARAMS)
def test_page_renders_on_its_own(page):
    # What a first request for /x did before the app's navigation had run in any session.
    at = AppTest.from_file(str(PROJECT_ROOT / "pages" / f"{page}.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == [PAGES[page]]


@pytest.mark.parametrize("page", PAGE_PARAMS)
def test_page_without_a_chosen_figure_opens_no_citation_and_invites_a_click(page):
    at = open_page(page)
    assert dialog_of(at) is None
    assert not html_of(at.sidebar)
    charts = len(at.get("plotly_chart"))
    # The briefing page draws nothing until countries are picked; Compare has a chart and a
    # map (its Chart and Map tabs).
    # and the Overview its two charts and a map.
    assert charts == {"overview": 3, "compare": 2, "sources": 0, "data": 0, "briefing": 0}.get(
        page, 1
    )
    hints = [h for h in html_of(at.main) if ui.CLICK_HINT in h]
    assert len(hints) == (1 if charts else 0)


# --------------------------------------------------------------------------- overview


@pytest.mark.parametrize(
    ("label", "shown", "others"),
    [
        pytest.param(
            "Worldwide: travelled", "38,000", ["more than 40,000"], id="travelled: newest source"
        ),
        pytest.param(
            "Worldwide: returned", "5,700", ["at least 5,600"], id="returned: exact before bound"
        ),
    ],
)
def test_overview_headline_shows_one_figure_and_lists_the_other_sources(label, shown, others):
    card = headline(open_page("overview"), label)
    value = re.search(r'class="rf-h-value"><a [^>]*>([^<]*)</a>', card).group(1)
    assert value == shown
    listed = re.findall(r"<li><a [^>]*>([^<]*)</a>", card)
    assert listed == others


def test_overview_headline_names_whose_count_it_is_its_date_and_who_reported_it():
    card = headline(open_page("overview"), "Worldwide: returned")
    assert (
        "Research assessment: The Soufan Center, as of 25 Oct 2017 · reported by Al Jazeera&#x27;s "
        "report, as hosted by Report Focus News (25 Oct 2017)"
    ) in card
    assert "Counts: everyone the source counts" in card


def test_overview_headline_for_a_metric_no_source_reports_says_so():
    card = headline(open_page("overview"), "Worldwide: detained")
    assert "No source gives a worldwide count; " in card


def test_overview_charts_carry_their_alt_text_and_source_line():
    at = open_page("overview")
    charts = at.get("plotly_chart")
    assert len(charts) == 3  # the Chart tab's two, the Map tab's one
    for chart, title in zip(
        charts[:2], ("the world and groups of countries", "countries"), strict=True
    ):
        meta = json.loads(chart.proto.spec)["layout"]["meta"]
        assert meta["source_line"].startswith("Source")
        assert meta["source_line"].endswith("Compiled by Returnee Figures.")
        assert meta["alt"].startswith(f"Bar chart, {title}")


def test_overview_says_where_sources_give_other_figures():
    notes = [h for h in html_of(open_page("overview").main) if 'class="rf-note"' in h]
    assert any("for: World (all countries reported): travelled, returned." in n for n in notes)


# --------------------------------------------------------------------------- permalinks


@pytest.mark.parametrize(
    ("page", "figure_id", "expected"),
    [
        pytest.param("overview", "rfn-rus-returned", "<mark>Ten percent</mark>", id="a share"),
        pytest.param("overview", "rfn-rus-travelled", "<mark>3,417</mark>", id="a count"),
        pytest.param("compare", "rfn-eu-returned", "more than <mark>1,200</mark>", id="compare"),
        pytest.param(
            "country",
            "vice-fra-released-on-probation",
            "− 76 (detained, c. 1 Dec 2014) = 24",
            id="country",
        ),
        pytest.param("map", "rfn-tur-returned", "<mark>900</mark>", id="map"),
    ],
)
def test_figure_permalink_opens_its_citation_card(page, figure_id, expected):
    at = open_page(page, figure=figure_id)
    (card,) = cards_of(at)
    assert f'data-figure-id="{figure_id}"' in card
    assert expected in card


def _with_formats_open(page: str, keys: list[str], **query: str) -> AppTest:
    """`page` with the "Cite this figure" boxes of `keys` open (they fill only when open)."""
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=TIMEOUT).run()
    for key in keys:
        at.session_state[key] = True
    for name, value in query.items():
        at.query_params[name] = value
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def test_a_citation_card_offers_its_citation_to_copy_and_three_files(monkeypatch):
    from tests.test_reconciliation import _RecordingManager

    monkeypatch.setattr(app_test, "MediaFileManager", _RecordingManager)
    at = _with_formats_open(
        "overview", ["cite-dialog-rfn-rus-travelled"], figure="rfn-rus-travelled"
    )
    dialog = dialog_of(at)
    (text,) = dialog.get("code")
    assert text.value.startswith("Report Focus News (2017) ‘5,700 'have returned home'")
    assert "Cited for: Russian Federation, travelled: 3,417" in text.value
    buttons = dialog.get("download_button")
    assert [b.proto.label for b in buttons] == ["BibTeX", "RIS", "CSL-JSON"]
    manager = _RecordingManager.made[-1]
    names = [manager._deferred_callables[b.proto.deferred_file_id]["filename"] for b in buttons]
    assert names == ["rfn-rus-travelled.bib", "rfn-rus-travelled.ris", "rfn-rus-travelled.json"]
    bib, ris, csl = (manager.download(b).decode("utf-8") for b in buttons)  # written on click
    assert bib.startswith("@article{rfn-rus-travelled,")
    assert ris.startswith("TY  - NEWS\n") and ris.endswith("ER  - \n")
    assert json.loads(csl)[0]["id"] == "rfn-rus-travelled"


def test_every_citation_card_on_the_sources_page_has_its_formats_filled_when_opened():
    at = open_page("sources")
    cards = [h for h in html_of(at.main) if 'class="citation-card" data-figure-id=' in h]
    boxes = [e for e in at.main.expander if e.label.startswith("Cite this figure")]
    assert cards and len(boxes) == len(cards)
    assert not at.main.code and not at.main.get("download_button")  # closed: nothing built
    opened = _with_formats_open("sources", ["cite-page-vice-fra-returned"])
    assert len(opened.main.code) == 1
    assert len(opened.main.get("download_button")) == 3


def test_a_permalink_on_the_sources_page_opens_the_card_a_second_time_without_a_clash():
    # The dialog's card and the same figure's card in the list each have their own widgets.
    keys = ["cite-dialog-vice-fra-returned", "cite-page-vice-fra-returned"]
    at = _with_formats_open("sources", keys, figure="vice-fra-returned")
    assert len(dialog_of(at).get("download_button")) == 3
    assert len(at.get("download_button")) == 6


# --------------------------------------------------------------------------- briefing


def test_briefing_page_without_a_choice_asks_for_one():
    at = open_page("briefing")
    assert "Pick at least one country or aggregate" in at.info[0].value
    assert [m for m in at.multiselect[1].value] == ["travelled", "returned", "detained"]
    assert not at.get("download_button")


def test_briefing_page_previews_the_pack_of_the_countries_in_its_address():
    at = open_page("briefing", entity="GBR")
    assert at.multiselect[0].value == ["GBR"]
    (button,) = at.get("download_button")
    assert button.proto.label.startswith("Download the PDF (1 sections, ")
    assert button.proto.deferred_file_id  # built when clicked
    assert [h.value for h in at.main.subheader] == ["United Kingdom"]
    table = at.dataframe[0].value
    assert list(table.columns) == ["Note", "Metric", "Reported", "As of", "Source", "Whose count"]
    assert list(table["Note"]) == list(range(1, len(table) + 1))
    assert at.get("plotly_chart")


def test_briefing_page_takes_several_countries_from_its_address():
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=TIMEOUT).run()
    at.query_params["entity"] = ["FRA", "GBR"]
    at.switch_page("pages/briefing.py").run()
    assert not at.exception
    assert at.multiselect[0].value == ["FRA", "GBR"]
    assert [h.value for h in at.main.subheader] == ["France", "United Kingdom"]


def test_citation_card_of_a_computed_figure_shows_the_arithmetic():
    at = open_page("overview", figure="rfn-rus-returned")
    (card,) = cards_of(at)
    assert "Ten percent" in card
    assert "0.1 × 3417 = 341.7" in card
    assert "Share this figure" in dialog_of(at).caption[0].value


def test_permalink_to_an_unknown_figure_warns_without_echoing_it():
    at = open_page("overview", figure="<b>no-such-figure</b>")
    assert "not in this dataset" in dialog_of(at).warning[0].value
    assert not any("no-such-figure" in h for h in html_of(at))


def test_a_permalinks_citation_opens_once_not_on_every_rerun():
    at = open_page("country", entity="FRA", figure="vice-fra-detained")
    assert len(cards_of(at)) == 1
    at.selectbox[0].set_value("WORLD").run()  # the reader closed it and picked another entity
    assert dialog_of(at) is None
    assert at.query_params["entity"] == "WORLD"


def _click(at: AppTest, key: str, figure_id: str) -> AppTest:
    # AppTest cannot click a Plotly chart; it can hand the page the event a click makes.
    at.session_state[key] = {"selection": {"points": [{"customdata": [figure_id, "a label"]}]}}
    return at.run()


def test_a_clicked_bar_opens_its_citation_and_becomes_the_permalink():
    at = _click(open_page("overview"), "overview-countries", "rfn-sau-travelled")
    assert not at.exception
    (card,) = cards_of(at)
    assert 'data-figure-id="rfn-sau-travelled"' in card
    assert at.query_params["figure"] == "rfn-sau-travelled"
    at.run()  # a rerun with the bar still selected does not open it again
    assert dialog_of(at) is None
    _click(at, "overview-countries", "rfn-rus-travelled")
    assert 'data-figure-id="rfn-rus-travelled"' in cards_of(at)[0]


def _frames() -> views.Frames:
    dataset = load_dataset(SEED_DIR).dataset
    figures = figures_frame(dataset)
    return views.Frames(dataset, figures, sources_frame(dataset), reference.cross_section(figures))


@pytest.mark.parametrize(
    ("page", "query", "key", "table", "figure_id"),
    [
        pytest.param(
            "country",
            {"entity": "FRA"},
            "country-table-detained",
            lambda f: views.profile(f, "FRA", date(2026, 12, 6)).tables[1].table,
            "vice-fra-detained",
            id="country",
        ),
        pytest.param(
            "compare", {}, "compare-shares", views.shares, "rfn-rus-returned", id="compare"
        ),
        pytest.param(
            "map",
            {"metric": "returned"},
            "map-table",
            lambda f: views.world_map(f, "returned").table,
            "rfn-tur-returned",
            id="map",
        ),
        pytest.param(
            "data",
            {},
            "data-table",
            lambda f: views.data_page(f, ((), (), ()), 0, 1000),
            "vice-fra-detained",
            id="data",
        ),
    ],
)
def test_a_selected_table_row_opens_its_figures_citation(page, query, key, table, figure_id):
    at = open_page(page, **query)
    row = table(_frames()).figure_ids.index(figure_id)
    at.session_state[key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, at.exception
    (card,) = cards_of(at)
    assert f'data-figure-id="{figure_id}"' in card
    assert at.query_params["figure"] == figure_id


@pytest.mark.parametrize(
    ("code", "name"),
    [
        pytest.param("FRA", "France", id="a country"),
        pytest.param("WORLD", "World (all countries reported)", id="an aggregate"),
    ],
)
def test_entity_query_parameter_selects_the_country(code, name):
    at = open_page("country", entity=code)
    (select,) = at.selectbox
    assert select.value == code
    title = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]
    assert html.unescape(title.replace("<br>", " ")) == f"{name}: every reported figure"


def test_country_profile_without_a_parameter_opens_on_the_entity_with_most_figures():
    at = open_page("country")
    figures = figures_frame(load_dataset(SEED_DIR).dataset)
    assert at.selectbox[0].value == figures["entity"].value_counts().index[0]


@pytest.mark.parametrize("asked", ["fra", "France", "FRANCE"])
def test_country_profile_takes_a_code_or_a_name_in_any_case(asked):
    at = open_page("country", entity=asked)
    assert at.selectbox[0].value == "FRA" and at.query_params["entity"] == "FRA"
    assert not [h for h in html_of(at.main) if "No country or aggregate" in h]


def test_country_profile_says_an_unknown_entity_is_unknown_and_offers_the_nearest():
    at = open_page("country", entity="Frnace")
    (said,) = [h for h in html_of(at.main) if "No country or aggregate" in h]
    assert "“Frnace”" in said and "Did you mean France (FRA)" in said


def test_country_profile_opens_with_the_figure_that_stands_for_each_metric():
    at = open_page("country", entity="FRA")
    lines = [h for h in html_of(at.main) if 'class="rf-summary"' in h]
    assert [line.split(">", 1)[1].split(":", 1)[0] for line in lines[:3]] == [
        "Travelled",
        "Returned",
        "Detained",
    ]


def test_country_profile_notes_where_sources_disagree():
    at = open_page("country", entity="WORLD")
    notes = [h for h in html_of(at.main) if 'class="rf-note"' in h]
    assert any("Sources disagree on travelled" in n and "more than 40,000" in n for n in notes)
    assert not any("disagree on arrivals per month" in n for n in notes)  # a rate changes


def test_country_profile_has_a_table_per_metric_in_the_vocabularys_order():
    at = open_page("country", entity="FRA")
    expected = ["Returned", "Detained", "Released on probation", "Imprisoned by ISIS"]
    assert [h.value for h in at.main.subheader] == expected
    assert len(at.dataframe) == len(expected)


@pytest.mark.parametrize(
    ("metric", "label"),
    [
        pytest.param("returned", "Returned", id="returned"),
        pytest.param("travelled", "Travelled", id="travelled"),
    ],
)
def test_metric_query_parameter_selects_the_metric_to_compare(metric, label):
    at = open_page("compare", metric=metric)
    assert at.selectbox[0].value == metric
    assert f"{label}: countries ranked" in at.get("plotly_chart")[0].proto.spec


def test_overview_shows_its_cross_section_as_charts_a_map_and_a_table():
    at = open_page("overview")
    assert [t.label for t in at.tabs] == ["Chart", "Map", "Table"]
    assert json.loads(at.get("plotly_chart")[2].proto.spec)["data"][0]["type"] == "choropleth"
    table = at.dataframe[0].value
    assert list(table.columns)[:3] == ["Country or aggregate", "Metric", "Reported"]
    assert set(table["Metric"]) <= {"Travelled", "Returned", "Detained"}


def test_compare_shows_its_cross_section_as_a_chart_a_map_and_a_table():
    at = open_page("compare", metric="travelled")
    assert [t.label for t in at.tabs] == ["Chart", "Map", "Table"]
    chart, world = (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
    assert world["data"][0]["type"] == "choropleth"
    table = at.dataframe[0].value
    bars = {t.replace("<br>", " ") for tr in chart["data"] if tr["type"] == "bar" for t in tr["y"]}
    assert set(table["Country"]) >= bars  # the chart's top rows are the table's


def test_countries_picked_are_compared_side_by_side_and_kept_in_the_address():
    at = open_page("compare", metric="travelled")
    at.multiselect(key="param-country").set_value(["RUS", "SAU"]).run()
    assert at.query_params["country"] == ["RUS", "SAU"]
    chart, world = (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
    bars = [t for tr in chart["data"] if tr["type"] == "bar" for t in tr["y"]]
    assert sorted(bars) == ["Russian Federation", "Saudi Arabia"]
    assert sorted(world["data"][0]["locations"]) == ["RUS", "SAU"]
    assert sorted(at.dataframe[0].value["Country"]) == ["Russian Federation", "Saudi Arabia"]


def test_compare_cites_both_figures_of_each_share():
    shares = open_page("compare").dataframe[-1].value.set_index("figure_returned")
    assert shares.loc["rfn-eu-returned", "figure_travelled"] == "rfn-eu-travelled"
    # Whole percent, "about": the returned count is computed (ten percent of 3,417).
    assert shares.loc["rfn-rus-returned", "share_returned"] == "about 10%"


# --------------------------------------------------------------------------- data and sources


def test_data_page_counts_every_figure_in_the_yaml():
    total = len(yaml_records("figures"))
    at = open_page("data")
    assert total >= 24  # the five seeds' figures, and those of the sources read from the web
    assert any(f"Showing {total} of {total} figures." in h for h in html_of(at.main))
    table = at.dataframe[0].value
    assert len(table) == total
    assert set(table["figure_id"]) == {r["id"] for r in yaml_records("figures")}


def test_data_page_offers_the_downloads_of_every_row_and_the_data_package():
    labels = [b.proto.label for b in open_page("data").get("download_button")]
    total = len(yaml_records("figures"))
    assert labels == [
        f"Download CSV ({total} rows)",
        f"Download JSON ({total} rows)",
        f"Download data package ({total} figures, ZIP)",
    ]


def test_data_page_labels_its_columns_and_leaves_empty_cells_empty():
    (table,) = open_page("data").dataframe
    config = json.loads(table.proto.columns)
    labels = {name: column.get("label") for name, column in config.items()}
    assert labels["figure_id"] == "Figure" and labels["value_low"] == "Lower bound"
    assert all(labels[c] == EXPORT_LABELS[c] for c in EXPORT_COLUMNS)
    assert table.proto.placeholder == ""
    # The CSV keeps the column names (see test_reconciliation.py).


def test_data_page_cites_the_dataset():
    code = open_page("data").code[0].value
    assert code.startswith("Returnee Figures: reported numbers")
    figures, sources = len(yaml_records("figures")), len(yaml_records("sources"))
    assert f"({figures} figures from {sources} sources; last updated " in code


def test_sources_page_lists_every_source_once_and_the_first_ten_as_cards():
    at = open_page("sources")
    table = at.dataframe[0].value
    assert sorted(table["Source id"]) == sorted(r["id"] for r in yaml_records("sources"))
    listed = re.findall(r'data-source-id="([^"]+)"', "".join(html_of(at.main)))
    assert listed == list(table["Source id"][:10])


def test_sources_page_says_the_icsve_source_has_no_figures():
    at = open_page("sources")
    (card,) = [
        h for h in html_of(at.main) if 'data-source-id="icsve-2017-prosecute-or-raise-voices"' in h
    ]
    assert "No figures from this source." in card
    table = at.dataframe[0].value.set_index("Source id")
    assert table.loc["icsve-2017-prosecute-or-raise-voices", "Figures"] == 0


def test_sources_page_shows_each_figures_quote_under_its_source():
    at = open_page("sources")
    shown = set(at.dataframe[0].value["Source id"][:10])
    cards = "".join(html_of(at.main))
    expected = sum(1 for r in yaml_records("figures") if r["source"] in shown)
    assert cards.count('class="citation-card" data-figure-id=') == expected
    assert "<mark>five</mark>" in cards


# --------------------------------------------------------------------------- safe text


def _plain(text: str) -> None:
    from returnees import ui

    ui.plain(text)


@pytest.mark.parametrize(
    "text", HOSTILE_PAYLOADS, ids=[f"payload {i}" for i, _ in enumerate(HOSTILE_PAYLOADS)]
)
def test_plain_shows_data_text_escaped(text):
    at = AppTest.from_function(_plain, args=(text,), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert html_of(at) == [f'<div class="rf-text">{html.escape(text)}</div>']


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory) -> Path:
    return write_hostile_dataset(tmp_path_factory.mktemp("hostile") / "data", HOSTILE_PAYLOADS)


# Pages (with a permalink's parameters) and the classes of the HTML that shows record text.
HOSTILE_PAGES = [
    pytest.param(
        "overview", {"figure": HOSTILE_WORLD}, ["rf-headline", "citation-card"], id="overview"
    ),
    pytest.param(
        "country",
        {"entity": "FRA", "figure": HOSTILE_FRA_DERIVED},
        ["rf-note", "citation-card"],
        id="country",
    ),
    pytest.param("compare", {"figure": HOSTILE_FRA}, ["citation-card"], id="compare"),
    pytest.param("map", {}, [], id="map"),
    pytest.param("sources", {}, ["rf-source"], id="sources"),
    pytest.param("data", {}, [], id="data"),
]
# Payloads an HTML renderer would read as markup: the rest (directives) are inert in HTML.
MARKUP = [p for p in HOSTILE_PAYLOADS if set(p) & set('<>&"')]


@pytest.mark.parametrize(("page", "query", "classes"), HOSTILE_PAGES)
def test_hostile_text_reaches_the_page_as_escaped_html_only(
    hostile_data, monkeypatch, page, query, classes
):
    monkeypatch.setenv("RETURNEES_DATA", str(hostile_data))
    at = open_page(page, **query)
    assert not at.exception, at.exception
    shown = html_of(at)
    for css_class in classes:
        # The record's text is there, escaped: the first block of that class shows it all.
        block = next(h for h in shown if re.search(rf'class="(?:[^"]* )?{css_class}[ "]', h))
        assert all(html.escape(payload) in block for payload in MARKUP), block
    for payload in MARKUP:
        assert not any(payload in h for h in shown), payload
    # Markdown would make a link or a directive live: no data text goes there at all.
    markdown = [e.value for e in at.get("markdown")] + [e.value for e in at.caption]
    assert not any("pwned" in text or "directive" in text for text in markdown), markdown


# --------------------------------------------------------------------------- bad data


@pytest.fixture
def broken_data(tmp_path, monkeypatch) -> Path:
    folder = write_broken_copy(tmp_path / "data")
    monkeypatch.setenv("RETURNEES_DATA", str(folder))
    return folder


@pytest.mark.parametrize("page", PAGE_PARAMS)
def test_bad_data_shows_where_each_problem_is_and_no_figures(broken_data, page):
    at = open_page(page)
    assert not at.exception, at.exception
    (error,) = at.error
    assert "does not validate (1 problem(s))" in error.value
    (listing,) = at.code
    assert listing.value.startswith(
        f"{BROKEN_FILE}:{BROKEN_LINE}: {BROKEN_FIGURE}: {BROKEN_FIELD}: "
    )
    row = at.dataframe[0].value.iloc[0]
    assert (row["file"], row["line"], row["figure or source"], row["field"]) == (
        BROKEN_FILE,
        BROKEN_LINE,
        BROKEN_FIGURE,
        BROKEN_FIELD,
    )
    assert not at.get("plotly_chart")
    assert [t.value for t in at.title] == []  # the page stops before drawing anything


@pytest.mark.parametrize("case", MALFORMED_CASES)
def test_every_malformed_dataset_shows_its_located_problems_never_a_traceback(case, monkeypatch):
    # The same lines as `returnees validate` (tests/malformed/*/expected.txt), errors only.
    monkeypatch.setenv("RETURNEES_DATA", str(MALFORMED / case))
    at = open_page("overview")
    assert not at.exception, at.exception
    expected = (MALFORMED / case / "expected.txt").read_text("utf-8").splitlines()
    (listing,) = at.code
    assert listing.value.splitlines() == [line for line in expected if ": warning: " not in line]
    assert not at.get("plotly_chart")


def test_bad_data_names_the_data_folder(broken_data):
    at = open_page("overview")
    assert any(str(broken_data) in h for h in html_of(at.main))


# --------------------------------------------------------------------------- the lens


def _bar_labels(at: AppTest, index: int = -1) -> list[str]:
    spec = json.loads(at.get("plotly_chart")[index].proto.spec)
    # A long label is on two lines: read as one.
    return [
        t.replace("<br>", " ")
        for trace in spec["data"]
        if trace["type"] == "bar"
        for t in trace["text"]
    ]


def _notes(at: AppTest) -> list[str]:
    return [h for h in html_of(at.main) if 'class="rf-note"' in h]


@pytest.mark.parametrize("page", ["overview", "compare", "map"])
def test_every_cross_section_page_says_its_rule_under_the_chart(page):
    at = open_page(page)
    assert not at.exception
    assert any("then an official or research figure before an estimate" in n for n in _notes(at))


def test_an_as_of_year_in_the_address_draws_that_years_cross_section():
    at = open_page("compare", metric="returned", as_of="2014")
    assert at.selectbox(key="param-as_of").value == "2014"
    labels = _bar_labels(at, 0)
    assert labels and all(
        label.strip().endswith(("· 2012", "· 2013", "· 2014")) for label in labels
    )
    assert any("Up to Dec 2014, of each country" in n for n in _notes(at))


def test_an_originator_in_the_address_draws_that_assessment_alone():
    # The Overview is the app's first page: a permalink to it opens it directly.
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["originator"] = "soufan-center"
    at.run()
    assert at.selectbox(key="param-originator").value == "soufan-center"
    spec = json.loads(at.get("plotly_chart")[1].proto.spec)
    assert spec["layout"]["title"]["text"] == "Countries · The Soufan Center&#x27;s figures"
    hovers = [row[5] for trace in spec["data"] for row in trace.get("customdata", [])]
    assert hovers and all(h.startswith("Research assessment: The Soufan Center") for h in hovers)


def test_compare_ranks_per_million_inhabitants_and_names_the_population_source():
    at = open_page("compare", metric="travelled", per="million")
    spec = at.get("plotly_chart")[0].proto.spec
    assert "per million inhabitants" in spec
    assert "World Bank, total population (SP.POP.TOTL), 2019" in spec
    assert all(" per million · " in label for label in _bar_labels(at, 0))


def test_the_default_lens_leaves_the_address_alone():
    at = open_page("compare", metric="travelled")
    assert "as_of" not in at.query_params and "originator" not in at.query_params


@pytest.mark.parametrize(
    ("query", "found"),
    [
        pytest.param("vice", {"vice-2014-french-recruits"}, id="a publisher, any case"),
        pytest.param("VICE 2014", {"vice-2014-french-recruits"}, id="every word must match"),
        pytest.param("no such words", set(), id="nothing found"),
    ],
)
def test_the_sources_can_be_searched(query, found):
    at = open_page("sources")
    at.text_input(key="sources-search").set_value(query).run()
    table = at.dataframe[0].value
    assert set(table["Source id"]) == found
    shown = {
        h.split('data-figure-id="', 1)[1].split('"')[0]
        for h in html_of(at.main)
        if 'class="citation-card" data-figure-id=' in h
    }
    figures = {r["id"] for r in yaml_records("figures") if r["source"] in found}
    assert shown == figures
