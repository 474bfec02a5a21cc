"""The dashboard in headless Chromium: pages load, a clicked bar cites its source, permalinks
open citations, and text from a hostile dataset stays text."""

from __future__ import annotations

import re

import pytest

from returnees.loader import load_dataset
from returnees.quotes import normalize
from tests.browser.conftest import open_app, wait_for_app
from tests.conftest import DATA_DIR
from tests.datasets import HOSTILE_FRA, HOSTILE_WORLD, PWNED_PAYLOADS

pytestmark = pytest.mark.browser

PAGES = [
    pytest.param("/", "Returnee Figures", ".js-plotly-plot .barlayer .point", id="overview"),
    pytest.param("/country", "Country profile", ".js-plotly-plot .scatterlayer", id="country"),
    pytest.param("/compare", "Compare countries", ".js-plotly-plot .barlayer .point", id="compare"),
    pytest.param("/map", "Map", ".js-plotly-plot .choroplethlayer path", id="map"),
    pytest.param("/sources", "Sources", ".rf-source", id="sources"),
    pytest.param("/data", "Data", "[data-testid='stDataFrame']", id="data"),
]
COUNTRY_BARS = ".js-plotly-plot >> nth=1 >> .barlayer .point path"
# The figure id of a bar: Plotly keeps each mark's point index on its element.
BAR_FIGURE_ID = """el => {
    const point = el.parentNode;
    const trace = point.closest('.trace').__data__[0].trace;
    return trace.customdata[point.__data__.i][0];
}"""


def _words(text: str) -> str:
    return " ".join(normalize(text).split())


def _card(page, figure_id: str):
    return page.locator(f".citation-card[data-figure-id='{figure_id}']")


def _no_exception_box(page) -> None:
    boxes = page.locator("[data-testid='stException']")
    assert boxes.count() == 0, boxes.first.inner_text()


@pytest.mark.parametrize(("path", "heading", "expected"), PAGES)
def test_page_loads_without_an_exception(server, tab, screenshot, path, heading, expected):
    page = open_app(tab, server.url(path), expected)
    assert page.locator("h1").first.inner_text() == heading
    _no_exception_box(page)
    assert tab.errors == []
    screenshot(page, heading if path != "/" else "overview")


@pytest.mark.parametrize(
    "bar",
    [
        pytest.param(0, id="the first bar (a lower bound)"),
        pytest.param(-1, id="the last bar"),
        pytest.param("rfn-rus-returned", id="a bar computed from a share"),
    ],
)
def test_clicking_a_bar_shows_its_citation_and_sets_the_permalink(server, tab, screenshot, bar):
    page = open_app(tab, server.url("/"), COUNTRY_BARS)
    bars = page.locator(COUNTRY_BARS)
    ids = bars.evaluate_all(f"els => els.map({BAR_FIGURE_ID})")
    index = ids.index(bar) if isinstance(bar, str) else bar % len(ids)
    figure_id = ids[index]
    bars.nth(index).click(force=True)

    card = _card(page, figure_id)
    card.wait_for()
    wait_for_app(page)
    quote = load_dataset(DATA_DIR).dataset.figure(figure_id).quote
    assert _words(quote) in _words(card.locator("blockquote").inner_text())
    page.wait_for_url(re.compile(rf"\?figure={re.escape(figure_id)}$"))
    assert page.locator(".citation-card").count() == 1
    _no_exception_box(page)
    if bar == 0:
        screenshot(page, "overview after a click")


def test_figure_permalink_opens_the_citation_with_the_number_highlighted(server, tab, screenshot):
    page = open_app(tab, server.url("/?figure=rfn-rus-travelled"), ".citation-card")
    card = _card(page, "rfn-rus-travelled")
    assert [m.inner_text() for m in card.locator("mark").all()] == ["3,417"]
    assert "The Soufan Center" in card.inner_text()
    assert card.locator("a[href^='https://reportfocusnews.com/']").count() == 1
    screenshot(page, "permalink to a figure")


@pytest.mark.parametrize(
    ("code", "name"),
    [
        pytest.param("FRA", "France", id="a country"),
        pytest.param("WORLD", "World (all countries reported)", id="an aggregate"),
    ],
)
def test_country_permalink_selects_the_country(server, tab, screenshot, code, name):
    page = open_app(tab, server.url(f"/country?entity={code}"), ".js-plotly-plot .scatterlayer")
    assert f"{name}: every reported figure" in page.locator(".js-plotly-plot").first.inner_text()
    _no_exception_box(page)
    screenshot(page, f"country {code}")


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(f"/?figure={HOSTILE_WORLD}", id="overview with the headline's citation"),
        pytest.param(f"/country?entity=FRA&figure={HOSTILE_FRA}", id="country profile"),
        pytest.param("/sources", id="sources"),
    ],
)
def test_hostile_text_is_shown_as_text(hostile_server, tab, screenshot, path):
    page = open_app(tab, hostile_server.url(path), ".citation-card")
    page.wait_for_timeout(300)  # time for an injected handler to fire, were there one
    cards = page.locator(".citation-card")
    for i in range(cards.count()):
        text = cards.nth(i).inner_text()
        for payload in PWNED_PAYLOADS:
            assert payload in text
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("a[href^='javascript:' i]").count() == 0
    assert page.locator("img[src='x'], img[onerror], .citation-card img").count() == 0
    assert page.locator(".citation-card script").count() == 0
    # Plotly's labels (source lines, axis labels) show the payloads as written, quotes too.
    plotted = " ".join(page.locator(".js-plotly-plot svg text").all_text_contents())
    if path != "/sources":
        assert "<script>window.__pwned=1</script>" in plotted
        assert 'onerror="window.__pwned=1">' in plotted
        assert "&quot;" not in plotted and "&lt;" not in plotted
    _no_exception_box(page)
    assert tab.errors == []
    screenshot(page, f"hostile {path}")


def test_the_map_makes_no_request_off_this_machine(server, tab):
    # Map geometry, favicons (page icons) and fonts must all come from the app itself.
    outside: list[str] = []
    tab.page.on("request", lambda r: None if "127.0.0.1" in r.url else outside.append(r.url))
    open_app(tab, server.url("/map"), ".js-plotly-plot .choroplethlayer path")
    assert outside == []
