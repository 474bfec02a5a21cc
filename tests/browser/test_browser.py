"""The dashboard in headless Chromium: pages load, a clicked bar cites its source, permalinks
open citations, and text from a hostile dataset stays text."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect
from streamlit.proto.BackMsg_pb2 import BackMsg

from benchmarks.app import BAR_FIGURE_ID
from returnees import brief
from returnees.frames import figures_frame
from returnees.loader import load_dataset
from returnees.quotes import normalize
from tests.browser.conftest import open_app, wait_for_app
from tests.conftest import DATA_DIR, SEED_DIR
from tests.datasets import (
    HOSTILE_FRA,
    HOSTILE_FRA_DERIVED,
    HOSTILE_PAYLOADS,
    HOSTILE_URL,
    HOSTILE_WORLD,
)

pytestmark = pytest.mark.browser

PAGES = [
    pytest.param("/", "Returnee Figures", ".js-plotly-plot .barlayer .point", id="overview"),
    pytest.param("/country", "Country profile", ".js-plotly-plot .scatterlayer", id="country"),
    pytest.param("/compare", "Compare countries", ".js-plotly-plot .barlayer .point", id="compare"),
    pytest.param("/map", "Map", ".js-plotly-plot .choroplethlayer path", id="map"),
    pytest.param(
        "/briefing?entity=FRA&entity=WORLD",
        "Briefing pack",
        ".js-plotly-plot .scatterlayer",
        id="briefing",
    ),
    pytest.param("/sources", "Sources", ".rf-source", id="sources"),
    pytest.param("/data", "Data", "[data-testid='stDataFrame']", id="data"),
]
TAB_TITLES = {
    "/country": "Country profile",
    "/compare": "Compare",
    "/map": "Map",
    "/briefing?entity=FRA&entity=WORLD": "Briefing pack",
    "/sources": "Sources",
    "/data": "Data",
}
COUNTRY_BARS = ".js-plotly-plot >> nth=1 >> .barlayer .point path"
# Chart text (titles, labels, source lines, a hover label) that Plotly's canvas cuts off.
CHART_TEXT_OUTSIDE = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(plot => {
    const chart = plot.querySelector('svg.main-svg').getBoundingClientRect();
    return [...plot.querySelectorAll('svg text')].filter(text => {
        const box = text.getBoundingClientRect();
        if (box.width === 0) return false;  // not drawn (a tick label Plotly hides)
        return box.left < chart.left - 1 || box.right > chart.right + 1
            || box.top < chart.top - 1 || box.bottom > chart.bottom + 1;
    }).map(text => text.textContent.slice(0, 60));
})"""


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
    # Each page its own tab title.
    title = "Returnee Figures" if path == "/" else f"{TAB_TITLES[path]} · Returnee Figures"
    expect(page).to_have_title(title)
    assert page.evaluate(CHART_TEXT_OUTSIDE) == []
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
    reruns = _watch_reruns(page)
    figure_id = _click_bar(page, bar)

    card = _card(page, figure_id)
    card.wait_for()
    wait_for_app(page)
    _reads_its_quote(card, figure_id)
    page.wait_for_url(re.compile(rf"\?figure={re.escape(figure_id)}$"))
    assert page.locator(".citation-card").count() == 1
    # Only the chart reran: the browser asked for a rerun of the chart's fragment.
    assert reruns and all(reruns), reruns
    _no_exception_box(page)
    if bar == 0:
        screenshot(page, "overview after a click")


def _watch_reruns(page) -> list[str]:
    """The fragment id of each rerun the page asks for from now on ("" for a whole page)."""
    asked: list[str] = []

    def sent(payload) -> None:
        if isinstance(payload, bytes):
            message = BackMsg.FromString(payload)
            if message.HasField("rerun_script"):
                asked.append(message.rerun_script.fragment_id)

    page.on("websocket", lambda socket: socket.on("framesent", sent))
    # The socket is open already: reload, then watch (a fresh page opens a fresh socket).
    page.reload()
    wait_for_app(page, COUNTRY_BARS)
    asked.clear()
    return asked


def _click_bar(page, bar: int | str) -> str:
    """Click a bar of the Overview's country chart (by position or figure id): its figure id."""
    bars = page.locator(COUNTRY_BARS)
    ids = bars.evaluate_all(f"els => els.map({BAR_FIGURE_ID})")
    index = ids.index(bar) if isinstance(bar, str) else bar % len(ids)
    bars.nth(index).click(force=True)
    return ids[index]


def _reads_its_quote(card, figure_id: str) -> None:
    quote = load_dataset(SEED_DIR).dataset.figure(figure_id).quote
    assert _words(quote) in _words(card.locator("blockquote").inner_text())


def _in_view(locator) -> None:
    """The element is drawn wholly inside the window (once the drawer has slid in), not in a
    collapsed sidebar or below the fold."""
    expect(locator).to_be_in_viewport(ratio=1)


def _tap(page, locator) -> None:
    """A finger's tap on the middle of an element (a touch event, not a mouse click)."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def _bar_id(page, index: int) -> str:
    return page.locator(COUNTRY_BARS).nth(index).evaluate(BAR_FIGURE_ID)


def test_on_a_phone_one_tap_on_a_bar_shows_its_quote_in_view(server, phone_tab, screenshot):
    page = open_app(phone_tab, server.url("/"), COUNTRY_BARS)
    figure_id = _bar_id(page, 0)
    _tap(page, page.locator(COUNTRY_BARS).nth(0))
    card = _card(page, figure_id)
    card.wait_for(timeout=10_000)  # one tap: no second tap to get past a hover box
    _in_view(card.locator("blockquote"))
    _reads_its_quote(card, figure_id)
    _no_exception_box(page)
    screenshot(page, "phone overview after a tap")


def _swipe(page, x: float, y: float, dy: float) -> None:
    """A finger drawn up the screen from (x, y) by dy pixels, as touch events."""
    cdp = page.context.new_cdp_session(page)
    point = {"x": x, "y": y}
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [point]})
    for step in range(1, 11):
        moved = {"x": x, "y": y - dy * step / 10}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [moved]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


MAIN_SCROLL = "() => document.querySelector('[data-testid=stMain]').scrollTop"
ALL_BARS_IN_FULL = """() => {
    const plot = document.querySelectorAll('.js-plotly-plot')[1];
    const bars = plot ? [...plot.querySelectorAll('.barlayer .point path')] : [];
    return bars.length > 0 && bars.every(bar => getComputedStyle(bar).opacity === '1');
}"""


def test_on_a_phone_a_swipe_on_a_chart_scrolls_the_page_and_opens_nothing(server, phone_tab):
    page = open_app(phone_tab, server.url("/"), COUNTRY_BARS)
    bar = page.locator(COUNTRY_BARS).nth(3)
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    before = page.evaluate(MAIN_SCROLL)
    _swipe(page, box["x"] + 4, box["y"] + box["height"] / 2, 200)
    page.wait_for_function(f"() => ({MAIN_SCROLL})() > {before + 100}", timeout=5_000)
    wait_for_app(page)
    assert page.locator(".citation-card").count() == 0


@pytest.mark.parametrize("device", ["mouse", "touch"])
def test_after_a_card_closes_the_same_bar_opens_it_again(server, tab, phone_tab, device):
    page = open_app(phone_tab if device == "touch" else tab, server.url("/"), COUNTRY_BARS)
    figure_id = _bar_id(page, 2)
    for _ in range(2):
        bar = page.locator(COUNTRY_BARS).nth(2)
        if device == "touch":
            _tap(page, bar)
        else:
            bar.click(force=True)
        _card(page, figure_id).wait_for(timeout=10_000)
        page.keyboard.press("Escape")
        _card(page, figure_id).wait_for(state="detached")
        # Nothing stays dimmed around a selection no card shows: every bar is drawn in full.
        page.wait_for_function(ALL_BARS_IN_FULL, timeout=10_000)


@pytest.mark.parametrize(
    ("path", "figure_id"),
    [
        pytest.param("/", "rfn-rus-travelled", id="overview"),
        pytest.param("/country?entity=FRA", "vice-fra-released-on-probation", id="country"),
    ],
)
def test_on_a_phone_a_figure_permalink_shows_its_quote_in_view(
    server, phone_tab, screenshot, path, figure_id
):
    joiner = "&" if "?" in path else "?"
    page = open_app(phone_tab, server.url(f"{path}{joiner}figure={figure_id}"), ".citation-card")
    card = _card(page, figure_id)
    _in_view(card.locator("blockquote"))
    _reads_its_quote(card, figure_id)
    _no_exception_box(page)
    screenshot(page, f"phone permalink {path}")


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
    # The title, wrapped to fit a phone: its lines read as one.
    title = page.locator(".js-plotly-plot .gtitle").first.evaluate(
        "t => { const lines = [...t.querySelectorAll('tspan.line')];"
        " return lines.length ? lines.map(l => l.textContent).join(' ') : t.textContent; }"
    )
    assert title == f"{name}: every reported figure"
    _no_exception_box(page)
    screenshot(page, f"country {code}")


CARD = ".citation-card"
BARS = ".js-plotly-plot .barlayer .point"
HOSTILE_PAGES = [
    pytest.param("/", (BARS,), id="overview"),
    pytest.param(f"/?figure={HOSTILE_WORLD}", (BARS, CARD), id="overview permalink"),
    pytest.param("/country?entity=FRA", (".js-plotly-plot .scatterlayer",), id="country"),
    pytest.param(
        f"/country?entity=FRA&figure={HOSTILE_FRA}",
        (".js-plotly-plot .scatterlayer", CARD),
        id="country permalink",
    ),
    pytest.param(f"/compare?figure={HOSTILE_FRA_DERIVED}", (BARS, CARD), id="compare permalink"),
    pytest.param(
        f"/map?figure={HOSTILE_FRA}",
        (".js-plotly-plot .choroplethlayer path", CARD),
        id="map permalink",
    ),
    pytest.param("/sources", (".rf-source", CARD), id="sources"),
    pytest.param("/data", ("[data-testid='stDataFrame'] canvas",), id="data"),
]
# Elements that show data text as HTML, and those of them that show a hostile record's text.
DATA_TEXT = ".citation-card, .rf-headline, .rf-note"
RECORD_TEXT = f"{CARD}, .rf-headline:has(.rf-h-value a), .rf-note:has-text('disagree')"
# Every link (HTML or SVG) and embedded resource whose address is not http(s) once resolved.
UNSAFE_ADDRESSES = """() => [...document.querySelectorAll('a, area, img, iframe, embed, object')]
    .flatMap(el => ['href', 'xlink:href', 'src', 'data']
        .map(name => el.getAttribute(name)).filter(value => value !== null)
        .filter(value => {
            try { return !['http:', 'https:'].includes(new URL(value, location.href).protocol); }
            catch (error) { return true; }
        })
        .map(value => `${el.tagName} ${value.slice(0, 80)}`))"""
# What sticks out sideways: the page, the main area and sidebar, or a block of data text or a
# chart past the pane it sits in (or past the window).
TOO_WIDE = """() => {
    const width = window.innerWidth, found = [];
    const page = document.scrollingElement;
    if (page.scrollWidth > width) found.push(`page ${page.scrollWidth} > ${width}`);
    for (const el of document.querySelectorAll(`[data-testid='stMain'],
            [data-testid='stMainBlockContainer'], [data-testid='stSidebarContent']`)) {
        if (el.scrollWidth > el.clientWidth + 1)
            found.push(`${el.dataset.testid} ${el.scrollWidth} > ${el.clientWidth}`);
    }
    for (const el of document.querySelectorAll(
            '.citation-card, .rf-headline, .rf-note, .rf-muted, .rf-count, .js-plotly-plot')) {
        const pane = el.closest("[data-testid='stSidebar'], [data-testid='stMain']");
        const right = Math.min(width, pane ? pane.getBoundingClientRect().right : width);
        const box = el.getBoundingClientRect();
        if (el.scrollWidth > el.clientWidth + 1 || box.right > right + 1)
            found.push(`${el.className} ${el.scrollWidth}/${el.clientWidth} ${box.right}/${right}`);
    }
    return found;
}"""


# Pages whose screenshots are kept for review (full-page shots of these pages are slow).
REVIEWED = {f"/?figure={HOSTILE_WORLD}", f"/country?entity=FRA&figure={HOSTILE_FRA}", "/sources"}


def _squeezed(text: str) -> str:
    # A chart's source line wraps at spaces (which the wrap drops) and inside long words.
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(("path", "expected"), HOSTILE_PAGES)
def test_hostile_text_is_shown_as_inert_text(hostile_server, tab, screenshot, path, expected):
    page = open_app(tab, hostile_server.url(path))
    for selector in expected:
        page.locator(selector).first.wait_for()
    page.wait_for_timeout(300)  # time for an injected handler to fire, were there one

    # Shown as written, wherever a record's text is HTML.
    records = page.locator(RECORD_TEXT).all_inner_texts()
    assert records or path == "/data"
    for text in records:
        for payload in HOSTILE_PAYLOADS:
            assert payload in text, payload[:80]

    # Nothing ran, nothing unsafe is linked or loaded, no directive styled anything.
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate(UNSAFE_ADDRESSES) == []
    assert page.locator("img[src*='example.invalid'], img[onerror], svg[onload]").count() == 0
    data_text = f":is({DATA_TEXT})"
    assert page.locator(f"{data_text} :is(img, script, svg, iframe, object, embed)").count() == 0
    # The links in data text are the app's: the source's address, whole, and permalinks.
    address = page.evaluate("url => new URL(url).href", HOSTILE_URL)
    for href in page.locator(f"{data_text} a").evaluate_all("els => els.map(a => a.href)"):
        assert href == address or href.startswith(hostile_server.url("/?figure="))
    directives = "[class*='stMarkdownColored'], [class*='stMarkdownBadge']"
    assert page.locator(directives).count() == 0

    # Plotly's labels (source lines) show the payloads as written, entities not decoded twice.
    if any("js-plotly-plot" in selector for selector in expected):
        plotted = _squeezed(" ".join(page.locator(".js-plotly-plot svg text").all_text_contents()))
        for payload in HOSTILE_PAYLOADS:
            assert _squeezed(payload) in plotted, payload[:80]
        assert "&quot;" not in plotted and "&amp;lt;" not in plotted

    # The layout holds: nothing wider than the window or its pane.
    assert page.evaluate(TOO_WIDE) == []
    _no_exception_box(page)
    assert tab.errors == []
    if path in REVIEWED:
        screenshot(page, f"hostile {path}")


def test_long_text_in_a_chart_stays_inside_the_chart(hostile_server, tab):
    page = open_app(tab, hostile_server.url("/"), COUNTRY_BARS)
    outside = page.evaluate(CHART_TEXT_OUTSIDE)
    page.locator(COUNTRY_BARS).first.hover(force=True)
    page.locator(".js-plotly-plot .hoverlayer .hovertext").first.wait_for()
    assert outside + page.evaluate(CHART_TEXT_OUTSIDE) == []


def test_the_map_makes_no_request_off_this_machine(server, tab):
    # Map geometry, favicons (page icons) and fonts must all come from the app itself.
    outside: list[str] = []
    tab.page.on("request", lambda r: None if "127.0.0.1" in r.url else outside.append(r.url))
    open_app(tab, server.url("/map"), ".js-plotly-plot .choroplethlayer path")
    assert outside == []


# Boxes of a timeline's value labels that overlap another label's.
OVERLAPPING_LABELS = """() => {
    const boxes = [...document.querySelectorAll('.js-plotly-plot .scatterlayer .textpoint text')]
        .filter(t => t.textContent).map(t => [t.textContent, t.getBoundingClientRect()]);
    const found = [];
    boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {
        if (p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom)
            found.push(`${a} / ${b}`);
    }));
    return found;
}"""
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize(
    "viewport",
    [pytest.param(None, id="1280x720"), pytest.param(PHONE, id="a phone, 390x844")],
)
@pytest.mark.parametrize("code", ["WORLD", "FRA", "EU"])
def test_timeline_labels_never_print_over_each_other(server, tab, viewport, code):
    if viewport:
        tab.page.set_viewport_size(viewport)
    page = open_app(tab, server.url(f"/country?entity={code}"), ".js-plotly-plot .scatterlayer")
    assert page.locator(".js-plotly-plot .textpoint text").count() >= 2
    assert page.evaluate(OVERLAPPING_LABELS) == []


# The map's drawn land and the plot area it is drawn in, in pixels: [land, plot].
MAP_HEIGHTS = """() => {
    const chart = document.querySelector('.st-key-chart-map .js-plotly-plot');
    const land = chart.querySelector('.geo .layer.land');
    return [land.getBoundingClientRect().height, chart._fullLayout._size.h];
}"""


@pytest.mark.parametrize(
    "viewport",
    [pytest.param(None, id="1280x720"), pytest.param(PHONE, id="a phone, 390x844")],
)
def test_the_map_fills_its_plot_with_little_blank_above_and_below(server, tab, viewport):
    if viewport:
        tab.page.set_viewport_size(viewport)
    page = open_app(tab, server.url("/map"), ".js-plotly-plot .choroplethlayer path")
    page.wait_for_timeout(500)  # the chart's resize to its box
    land, plot = page.evaluate(MAP_HEIGHTS)
    assert land >= 0.7 * plot, (land, plot)


@pytest.mark.parametrize("path", [p.values[0] for p in PAGES])
def test_on_a_phone_no_page_scrolls_sideways_and_chart_text_stays_in_its_chart(
    server, tab, screenshot, path
):
    tab.page.set_viewport_size(PHONE)
    expected = next(p.values[2] for p in PAGES if p.values[0] == path)
    page = open_app(tab, server.url(path), expected)
    page.wait_for_timeout(500)  # the charts' resize to their box
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    main = page.locator("[data-testid='stMain']")
    assert main.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    assert page.evaluate(CHART_TEXT_OUTSIDE) == []
    _no_exception_box(page)
    screenshot(page, f"phone {path}")


def test_the_briefing_page_downloads_the_pack_as_a_pdf(server, tab, tmp_path, screenshot):
    from pypdf import PdfReader

    page = open_app(
        tab, server.url("/briefing?entity=GBR&entity=FRA"), ".js-plotly-plot .scatterlayer"
    )
    screenshot(page, "briefing")
    button = page.get_by_role("button", name=re.compile(r"^Download the PDF"))
    with page.expect_download(timeout=180_000) as started:
        button.click()
    download = started.value
    assert download.suggested_filename == "returnee-figures-brief-GBR-FRA.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    reader = PdfReader(path)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert text.startswith("Returnee Figures: briefing pack")
    assert "United Kingdom" in text and "France" in text
    assert "Notes: where each number comes from" in text
    assert "ins-gbr-travelled" in text
    _no_exception_box(page)


def test_a_citation_card_gives_its_citation_to_copy_and_as_bibtex(server, tab, screenshot):
    page = open_app(tab, server.url("/?figure=vice-fra-returned"), ".citation-card")
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Cite this figure").click()
    code = dialog.locator("[data-testid='stCode']")
    code.wait_for()
    assert code.inner_text().startswith("Etienne Rouillon (2014) ‘French Islamic State")
    code.hover()  # the code block's own copy button shows on hover
    code.locator("button[aria-label='Copy to clipboard']").wait_for(state="attached")
    with page.expect_download() as started:
        dialog.get_by_role("button", name="BibTeX").click()
    download = started.value
    assert download.suggested_filename == "vice-fra-returned.bib"
    text = Path(download.path()).read_text("utf-8")
    assert text.startswith("@article{vice-fra-returned,")
    screenshot(page, "citation formats")
    _no_exception_box(page)
    assert tab.errors == []


def test_a_lens_permalink_draws_its_cross_section_and_a_click_keeps_it(server, tab, screenshot):
    bars = ".js-plotly-plot .barlayer .point path"
    page = open_app(tab, server.url("/compare?metric=returned&as_of=2014"), bars)
    labels = page.locator(".js-plotly-plot .barlayer .point text").all_text_contents()
    assert labels and all(label.strip().endswith(("2012", "2013", "2014")) for label in labels)
    # The rule under the chart (the Map tab, not shown, says it too).
    expect(page.get_by_text("Up to Dec 2014, of each country").first).to_be_visible()
    figure_id = page.locator(bars).evaluate_all(f"els => els.map({BAR_FIGURE_ID})")[0]
    page.locator(bars).first.click(force=True)
    _card(page, figure_id).wait_for()
    page.wait_for_url(re.compile(rf"as_of=2014.*figure={re.escape(figure_id)}"))
    screenshot(page, "compare as of 2014")


# Boxes of any two pieces of chart text that overlap: value labels, tick labels, titles, the
# legend and the key and source line, in every chart of the page.
OVERLAPPING_CHART_TEXT = """() => {
    const found = [];
    for (const plot of document.querySelectorAll('.js-plotly-plot')) {
        const boxes = [...plot.querySelectorAll('svg text')]
            .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
            .map(t => [t.textContent.trim().slice(0, 40), t.getBoundingClientRect()]);
        boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {
            const x = Math.min(p.right, q.right) - Math.max(p.left, q.left);
            const y = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
            if (x > 2 && y > 2) found.push(`${a} / ${b}`);
        }));
    }
    return found;
}"""


@pytest.mark.parametrize(
    "viewport",
    [pytest.param(None, id="1280x720"), pytest.param(PHONE, id="a phone, 390x844")],
)
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("/", ".js-plotly-plot .barlayer .point", id="overview"),
        pytest.param("/compare", ".js-plotly-plot .barlayer .point", id="compare"),
        pytest.param("/country?entity=WORLD", ".js-plotly-plot .scatterlayer", id="world"),
        pytest.param("/country?entity=GBR", ".js-plotly-plot .scatterlayer", id="gbr"),
    ],
)
def test_no_two_pieces_of_chart_text_overlap(server, tab, viewport, path, expected):
    if viewport:
        tab.page.set_viewport_size(viewport)
    page = open_app(tab, server.url(path), expected)
    page.wait_for_timeout(500)  # Plotly lays out its text after the first paint
    assert page.evaluate(OVERLAPPING_CHART_TEXT) == []


# --------------------------------------------------------------------------- the pack's charts


@pytest.fixture(scope="module")
def pack_charts(chromium_path) -> dict[str, str]:
    """Every chart the briefing pack can hold, for the shipped dataset's entities and the
    pack's default metrics, as the SVG kaleido draws at the pack's size."""
    result = load_dataset(DATA_DIR)
    frame = figures_frame(result.dataset)
    entities = sorted(set(frame["entity"]))
    plan = brief.plan(
        result.dataset,
        frame,
        entities,
        brief.default_metrics(frame),
        result.digest,
        date(2026, 12, 6),
        brief.PACK_FIT,
    )
    drawn = [s for s in plan.sections if s.chart is not None]
    images = brief.chart_images([s.chart for s in drawn], "svg")
    return {s.entity: image.decode("utf-8") for s, image in zip(drawn, images, strict=True)}


def test_no_text_of_a_pack_chart_lies_outside_it_or_over_other_text(tab, pack_charts):
    # Tick labels, titles, the legend, value labels, the key and the source line: each text
    # box measured by the browser in the SVG the PDF's PNG is drawn from.
    assert {"DEU", "IDN", "XKX", "WORLD"} <= set(pack_charts)
    found = {}
    for entity, svg in pack_charts.items():
        # The page's own checks read a chart as Plotly's element around its SVG.
        tab.page.set_content(f"<body style='margin:0'><div class='js-plotly-plot'>{svg}</div>")
        problems = tab.page.evaluate(CHART_TEXT_OUTSIDE) + tab.page.evaluate(OVERLAPPING_CHART_TEXT)
        if problems:
            found[entity] = problems
    assert found == {}
