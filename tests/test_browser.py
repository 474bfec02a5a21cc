"""Real-browser tests: headless Chromium (Debian's) drives `streamlit run` on a free port.

Without Chromium they skip, saying how to enable them; CI sets RETURNEES_REQUIRE_BROWSER=1 so
there they must run.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from returnees.loader import PROJECT_ROOT
from tests.conftest import DATA_DIR

pytestmark = pytest.mark.browser
CHROMIUM = os.environ.get("RETURNEES_CHROMIUM", "/usr/bin/chromium")
SCRIPT = "<script>window.__pwned=1</script>"
HOSTILE = f'{SCRIPT}<img src=x onerror="window.__pwned=1"> [x](javascript:window.__pwned=1)'


def _require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"Chromium not found at {CHROMIUM}: run `apt-get install chromium` to enable"
    if os.environ.get("RETURNEES_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def _serve(data_dir: Path) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "RETURNEES_DATA": str(data_dir)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("streamlit did not become healthy") from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    _require_chromium()
    yield from _serve(DATA_DIR)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory) -> Iterator[str]:
    _require_chromium()
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(DATA_DIR, root, dirs_exist_ok=True)
    figures = root / "figures" / "vice-2014-french-recruits.yaml"
    text = figures.read_text("utf-8").replace(
        "According to Le Figaro, there are currently 100",
        f"According to Le Figaro {HOSTILE.replace(chr(34), chr(39))}, there are currently 100",
        1,
    )
    figures.write_text(text.replace("attributed_to: Le Figaro", "attributed_to: '<b>LF</b>'", 1))
    sources = root / "sources.yaml"
    sources.write_text(
        sources.read_text("utf-8").replace(
            "title: French Islamic State Recruits Say They Would Like to Come Home Now, Please",
            "title: \"<img src=x onerror='window.__pwned=1'> [t](javascript:window.__pwned=1)\"",
        ),
        "utf-8",
    )
    yield from _serve(root)


def open_page(browser, url: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    page.wait_for_selector("[data-testid='stApp']")
    page.wait_for_selector("h1", timeout=30_000)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )
    return page


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Returnee Figures"),
        ("/country?entity=FRA", "Country profile"),
        ("/compare", "Compare countries"),
        ("/map", "Map"),
        ("/sources", "Sources"),
        ("/data", "Data"),
    ],
)
def test_each_page_loads_without_an_exception_box(browser, server, path, heading, tmp_path):
    page = open_page(browser, server + path)
    assert page.locator("h1").first.inner_text() == heading
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(tmp_path / "page.png"))
    if os.environ.get("RETURNEES_SCREENSHOTS"):
        Path("/tmp/screens").mkdir(exist_ok=True)
        page.screenshot(path=f"/tmp/screens/{heading.replace(' ', '_')}.png", full_page=True)
    page.close()


def test_clicking_a_bar_shows_its_citation_and_makes_the_url_a_permalink(browser, server):
    page = open_page(browser, server + "/")
    bars = page.locator(".js-plotly-plot").nth(1).locator(".barlayer .point path")
    bars.first.wait_for()
    bars.first.click(force=True)
    card = page.locator(".citation-card").first
    card.wait_for(timeout=20_000)
    figure_id = card.get_attribute("data-figure-id")
    assert figure_id == "ins-gbr-travelled"
    assert "more than 500 Britons have traveled" in card.inner_text()
    page.wait_for_url(f"**/?figure={figure_id}")
    page.close()


def test_a_permalink_opens_the_figures_citation_with_the_number_highlighted(browser, server):
    page = open_page(browser, server + "/?figure=rfn-rus-travelled")
    card = page.locator(".citation-card[data-figure-id='rfn-rus-travelled']")
    card.wait_for(timeout=20_000)
    assert card.locator("mark").first.inner_text() == "3,417"
    assert "The Soufan Center" in card.inner_text()
    page.close()


def test_the_map_draws_without_any_request_off_this_machine(browser, server):
    # Page icons (favicons), fonts, map geometry: all must come from the app itself.
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    outside = []
    page.on("request", lambda r: outside.append(r.url) if "127.0.0.1" not in r.url else None)
    page.goto(server + "/map")
    page.wait_for_selector(".js-plotly-plot .choroplethlayer path", timeout=30_000)
    assert outside == []
    page.close()


def test_hostile_text_in_the_data_renders_as_inert_text(browser, hostile_server):
    page = open_page(browser, hostile_server + "/?figure=vice-fra-returned")
    card = page.locator(".citation-card[data-figure-id='vice-fra-returned']")
    card.wait_for(timeout=20_000)
    text = card.inner_text()
    assert "<script>window.__pwned=1</script>" in text
    assert "[x](javascript:window.__pwned=1)" in text
    assert "<b>LF</b>" in text
    assert "<img src=x" in text
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("a[href^='javascript:']").count() == 0
    assert card.locator("img, script, b").count() == 0
    page.close()


@pytest.mark.parametrize("path", ["/sources", "/data", "/country?entity=FRA"])
def test_hostile_text_stays_inert_on_every_page_that_shows_it(browser, hostile_server, path):
    page = open_page(browser, hostile_server + path)
    page.wait_for_timeout(1000)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.locator("[data-testid='stException']").count() == 0
    page.close()
