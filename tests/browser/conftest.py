"""Real-browser fixtures: `streamlit run` on a free port, and Debian's headless Chromium.

One server a session for the shipped dataset, and one for a hostile dataset started only when
a test asks for it. Pages are waited for the way Streamlit's own e2e harness does: the app's
script state (`data-test-script-state="notRunning"` on the stApp element), then the element the
test expects.

Without Chromium the tests skip, saying how to enable them; with RETURNEES_REQUIRE_BROWSER=1
(CI) they fail instead, so a missing browser cannot pass unnoticed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from benchmarks import serve
from benchmarks.serve import Server
from tests.conftest import REQUIRE_BROWSER, SEED_DIR, require
from tests.datasets import HOSTILE_PAYLOADS, write_hostile_dataset

CHROMIUM = serve.CHROMIUM
VIEWPORT = serve.VIEWPORT
PHONE = {"width": 390, "height": 844}  # a phone held upright: the sidebar starts collapsed
PAGE_TIMEOUT = 30_000  # milliseconds for a page's script run and its elements
REVIEW_DIR = Path("/tmp/screens")
# The tallest content of the page's scrolling panes (the main area and the sidebar).
SCROLL_HEIGHT = """() => Math.max(...[...document.querySelectorAll('*')]
    .filter(el => el.scrollHeight > el.clientHeight + 1
        && /(auto|scroll)/.test(getComputedStyle(el).overflowY))
    .map(el => Math.ceil(el.scrollHeight + el.getBoundingClientRect().top)), window.innerHeight)"""


def require_chromium() -> str:
    require(
        Path(CHROMIUM).is_file(),
        REQUIRE_BROWSER,
        f"Chromium not found at {CHROMIUM} (set RETURNEES_CHROMIUM to another path): "
        "`apt-get install chromium` to run the real-browser tests",
    )
    return CHROMIUM


def _start(data_dir: Path, log: Path) -> Server:
    try:
        return serve.start("app.py", log, {"RETURNEES_DATA": str(data_dir)})
    except serve.ServerError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return require_chromium()


@pytest.fixture(scope="session")
def server(chromium_path, tmp_path_factory) -> Iterator[Server]:
    """The dashboard on the five seed sources' figures (a fixed dataset: see tests.conftest)."""
    running = _start(SEED_DIR, tmp_path_factory.mktemp("server") / "streamlit.log")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def hostile_server(chromium_path, tmp_path_factory) -> Iterator[Server]:
    """The dashboard on a valid dataset whose every text field carries hostile payloads."""
    root = tmp_path_factory.mktemp("hostile")
    data = write_hostile_dataset(root / "data", HOSTILE_PAYLOADS)
    running = _start(data, root / "streamlit.log")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser(chromium_path):
    # Per module: Playwright's sync API allows one running instance a process, so a browser
    # kept for the whole session would break any other module that starts its own.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = serve.launch_chromium(playwright, chromium_path)
        yield launched
        launched.close()


@dataclass
class Tab:
    """A browser page plus the uncaught script errors it raised."""

    page: object
    errors: list[str] = field(default_factory=list)


def _tab(browser, viewport: dict[str, int], **device: object) -> Iterator[Tab]:
    context = browser.new_context(viewport=viewport, **device)
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT)
    opened = Tab(page)
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    yield opened
    context.close()


@pytest.fixture
def tab(browser) -> Iterator[Tab]:
    yield from _tab(browser, VIEWPORT)


@pytest.fixture
def phone_tab(browser) -> Iterator[Tab]:
    """A phone: touch, a mobile viewport and twice the pixels, as a real one reports itself."""
    yield from _tab(browser, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)


def wait_for_app(page, expected: str | None = None) -> None:
    """Wait until the script run has finished and, if given, the expected element is there."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
    if expected:
        page.locator(expected).first.wait_for()


def open_app(tab: Tab, url: str, expected: str | None = None):
    tab.page.goto(url)
    wait_for_app(tab.page, expected)
    return tab.page


@pytest.fixture
def screenshot(tmp_path):
    """Save a screenshot of the window (1280x720 unless the test set another) and a full-page
    one to tmp_path; with RETURNEES_SCREENSHOTS
    set, also to /tmp/screens/ for a person to review."""

    def take(page, name: str) -> list[Path]:
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        saved = []
        folders = [tmp_path]
        if os.environ.get("RETURNEES_SCREENSHOTS"):
            REVIEW_DIR.mkdir(parents=True, exist_ok=True)
            folders.append(REVIEW_DIR)
        for folder in folders:
            saved.append(folder / f"{slug}.png")
            page.screenshot(path=str(saved[-1]))
        # The whole page: Streamlit scrolls inside its own panes, so grow the window instead.
        window = page.viewport_size
        height = page.evaluate(SCROLL_HEIGHT)
        if height > window["height"]:
            page.set_viewport_size({"width": window["width"], "height": min(height, 16_000)})
            page.wait_for_timeout(500)
            for folder in folders:
                saved.append(folder / f"{slug}-full.png")
                page.screenshot(path=str(saved[-1]))
            page.set_viewport_size(window)
        return saved

    return take
