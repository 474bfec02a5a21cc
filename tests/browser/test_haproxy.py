"""The dashboard served by two Streamlit processes behind HAProxy (deploy/serve.py), in
headless Chromium: pages load, a click shows its citation, a download works, and each browser
stays on the process that holds its session."""

from __future__ import annotations

import os
import re
import shutil
import signal
import time
from collections.abc import Iterator

import pytest
import yaml

from benchmarks.app import BAR_FIGURE_ID
from deploy import serve
from returnees.loader import load_dataset
from tests.browser.conftest import VIEWPORT, Tab, open_app, wait_for_app
from tests.conftest import SEED_DIR

pytestmark = pytest.mark.browser

COUNTRY_BARS = ".js-plotly-plot >> nth=1 >> .barlayer .point path"


@pytest.fixture(scope="module")
def deployment(haproxy, chromium_path, tmp_path_factory) -> Iterator[serve.Deployment]:
    running = serve.start(
        workers=2,
        port=serve.free_port(),
        address="127.0.0.1",
        env={"RETURNEES_DATA": str(SEED_DIR)},
        folder=tmp_path_factory.mktemp("deploy"),
    )
    yield running
    running.stop()


@pytest.fixture
def tabs(browser) -> Iterator[list]:
    """Two browsers (separate cookie jars), as two viewers."""
    contexts = [browser.new_context(viewport=VIEWPORT, accept_downloads=True) for _ in range(2)]
    yield contexts
    for context in contexts:
        context.close()


def _worker(context) -> str:
    (cookie,) = [c for c in context.cookies() if c["name"] == "RF_WORKER"]
    return cookie["value"]


@pytest.mark.parametrize(
    ("path", "heading", "expected"),
    [
        pytest.param("/", "Returnee Figures", COUNTRY_BARS, id="overview"),
        pytest.param("/country?entity=FRA", "Country profile", ".js-plotly-plot", id="country"),
        pytest.param("/data", "Data", "[data-testid='stDataFrame']", id="data"),
    ],
)
def test_pages_load_through_haproxy(deployment, tab, path, heading, expected):
    page = open_app(tab, deployment.url + path, expected)
    assert page.locator("h1").first.inner_text() == heading
    assert page.locator("[data-testid='stException']").count() == 0
    assert tab.errors == []


def test_each_viewer_stays_on_its_process_and_its_click_shows_the_citation(deployment, tabs):
    workers = []
    for context in tabs:
        page = context.new_page()
        page.goto(deployment.url + "/")
        wait_for_app(page, COUNTRY_BARS)
        workers.append(_worker(context))
        bar = page.locator(COUNTRY_BARS).first
        figure_id = bar.evaluate(BAR_FIGURE_ID)
        bar.click(force=True)
        card = page.locator(f".citation-card[data-figure-id='{figure_id}']")
        card.wait_for()
        quote = load_dataset(SEED_DIR).dataset.figure(figure_id).quote.split()[0]
        assert quote in card.locator("blockquote").inner_text()
        assert _worker(context) == workers[-1]  # the cookie did not move it
    # Two viewers arriving one after the other go to the process with fewer connections.
    assert sorted(workers) == ["w1", "w2"]


def test_a_download_reaches_the_process_that_holds_the_session(deployment, tabs):
    workers = []
    rows = len(load_dataset(SEED_DIR).dataset.figures)
    for context in tabs:
        page = context.new_page()
        page.goto(deployment.url + "/data")
        wait_for_app(page, "[data-testid='stDownloadButton']")
        with page.expect_download() as download:
            page.get_by_role("button", name=f"Download CSV ({rows} rows)").click()
        text = download.value.path().read_text("utf-8")
        assert text.splitlines()[0].startswith("figure_id,entity,entity_name,")
        assert len(text.splitlines()) == rows + 1
        workers.append(_worker(context))
    assert sorted(workers) == ["w1", "w2"]  # each download came from its viewer's process


def _two_workers(data, folder) -> serve.Deployment:
    """A deployment of its own: two workers on `data`, its files in `folder` (made here)."""
    folder.mkdir()
    return serve.start(
        workers=2,
        port=serve.free_port(),
        address="127.0.0.1",
        env={"RETURNEES_DATA": str(data)},
        folder=folder,
    )


def _figures_shown(browser, url: str) -> int:
    """The number of figures the Data page of a new visitor at `url` says it shows."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = open_app(Tab(context.new_page()), url + "/data", "[data-testid='stDataFrame']")
        said = page.locator(".rf-count").first.inner_text()
        return int(re.search(r"of ([\d,]+) figures", said).group(1).replace(",", ""))
    finally:
        context.close()


def test_a_change_to_the_data_reaches_every_worker_within_a_second(haproxy, browser, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SEED_DIR, data)
    running = _two_workers(data, tmp_path / "deploy")
    try:
        workers = [f"http://127.0.0.1:{port}" for port in running.ports]
        before = [_figures_shown(browser, url) for url in workers]
        # One more figure, written while no session runs on either process.
        first = sorted((data / "figures").glob("*.yaml"))[0]
        record = yaml.safe_load(first.read_text("utf-8"))["figures"][0]
        checked = record["verified"]  # PyYAML reads the key `on` as True (YAML 1.1)
        record |= {
            "id": "fresh-figure",
            "verified": {"by": checked["by"], "on": str(checked[True])},
        }
        (data / "figures" / "zz-fresh.yaml").write_text(
            yaml.safe_dump({"figures": [record]}, allow_unicode=True, sort_keys=False), "utf-8"
        )
        time.sleep(1.0)  # each process looks every half second (ui.RECHECK_SECONDS)
        after = [_figures_shown(browser, url) for url in workers]
        assert after == [n + 1 for n in before], (before, after)
    finally:
        running.stop()


def test_a_worker_killed_under_a_live_session_the_session_recovers_and_the_worker_returns(
    haproxy, browser, tmp_path
):
    running = _two_workers(SEED_DIR, tmp_path / "deploy")
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = open_app(Tab(context.new_page()), running.url + "/", COUNTRY_BARS)
        held_by = f"worker-{_worker(context).removeprefix('w')}"  # cookie w1: worker-1
        before = running.worker_pids()
        os.kill(before[held_by], signal.SIGKILL)
        # New visitors are served throughout, by the other process.
        served = [serve.healthy(running.url) for _ in range(10) if not time.sleep(0.2)]
        assert served.count(False) <= 2, served
        # The open session reconnects (HAProxy cut it, Streamlit's client retries) and shows
        # its page again, with no error box, without a reload.
        page.wait_for_selector(
            "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30_000
        )
        page.locator(COUNTRY_BARS).first.wait_for(timeout=30_000)
        assert page.locator("h1").first.inner_text() == "Returnee Figures"
        assert page.locator("[data-testid='stException']").count() == 0
        # And the killed process is running again.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            now = running.worker_pids()
            if now[held_by] not in (0, before[held_by]):
                break
            time.sleep(0.2)
        assert now[held_by] not in (0, before[held_by])
    finally:
        context.close()
        running.stop()
