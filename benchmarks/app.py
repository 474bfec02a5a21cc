"""Time the dashboard in headless Chromium against Streamlit's own floor, on N figures.

    python -m benchmarks.app [--figures N] [--runs 5] [--clicks 7] [--screenshot FILE]

Starts, in one run, two servers on 127.0.0.1: the dashboard on a synthetic dataset of N
figures (benchmarks/synthetic.py; the shipped `data/` without --figures) and the floor app
(benchmarks/floor_app.py: one Plotly bar chart, nothing else) with as many bars as the
dashboard's Overview draws. Then, in Debian's headless Chromium:

- ready: from the request of the Overview in a fresh browser context to every chart's bars
  painted with the script run finished; one warm-up visit each first (the dashboard's first
  run parses and validates the dataset), then `--runs` visits each, alternating;
- rerun: a bar clicked on the Overview (the app reruns the chart and shows its citation),
  timed on the websocket from the browser's rerun request to the server's "script finished"
  message: the server's rerun time plus a loopback round trip. A dashboard click counts only
  once the clicked bar's own citation card (its `data-figure-id`) is on the page; one that
  brings up no card, or another figure's, stops the benchmark. The same for the floor app,
  for reference;
- the dashboard process's peak resident memory (VmHWM) at the end.

The last line is machine-readable, medians of the runs:
`figures=N app_ready_s=X floor_ready_s=Y ratio=R rerun_ms=Z rss_mb=M` with R = X / Y.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks import serve
from benchmarks.synthetic import write_dataset
from returnees.loader import PROJECT_ROOT, load_dataset

# Every chart on the page has drawn its bars, and the script run is over.
# Ready: the run over and `charts` bar charts painted (a page's map, in its tab, has no bars).
READY = """charts => {
    const plots = [...document.querySelectorAll('.js-plotly-plot')];
    return document.querySelector("[data-testid='stApp'][data-test-script-state='notRunning']")
        && plots.filter(p => p.querySelector('.barlayer .point path')).length >= charts;
}"""
BARS = ".js-plotly-plot .barlayer .point path"
# The figure id of a bar: Plotly keeps each mark's point index on its element.
BAR_FIGURE_ID = """el => {
    const point = el.parentNode;
    const trace = point.closest('.trace').__data__[0].trace;
    return trace.customdata[point.__data__.i][0];
}"""
CARD_TIMEOUT_MS = 10_000
TIMEOUT_MS = 120_000
DOUBLE_CLICK_MS = 400
NO_SELECTION_S = 3  # a click that has asked for no rerun by then selected nothing


class Session:
    """A browser tab that notes when a rerun is asked for and when the server finishes one."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(viewport=serve.VIEWPORT)
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.asked: list[float] = []
        self.finished: list[float] = []
        self.page.on("websocket", self._watch)

    def _watch(self, socket) -> None:
        socket.on("framesent", lambda payload: self._sent(payload))
        socket.on("framereceived", lambda payload: self._received(payload))

    def _sent(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes) and BackMsg.FromString(payload).HasField("rerun_script"):
            self.asked.append(time.perf_counter())

    def _received(self, payload: bytes | str) -> None:
        if not isinstance(payload, bytes):
            return
        message = ForwardMsg.FromString(payload)
        if message.WhichOneof("type") == "script_finished":
            self.finished.append(time.perf_counter())

    def open(self, url: str, charts: int) -> float:
        """Seconds from the request to the page ready with `charts` charts painted."""
        start = time.perf_counter()
        self.page.goto(url)
        self.page.wait_for_function(READY, arg=charts, polling="raf")
        return time.perf_counter() - start

    def click_bar(self, selector: str, index: int, cited: bool) -> float | None:
        """Milliseconds from the rerun the click asks for to the server's end of that run;
        None when the click selected nothing (Plotly takes some clicks on thin or overlapped
        bars for clicks beside them), so no rerun was asked for. With `cited`, the bar's own
        citation card must then be on the page (it is closed again for the next click)."""
        # Plotly reads two clicks within 300 ms as a double click (which clears a selection).
        self.page.wait_for_timeout(DOUBLE_CLICK_MS)
        self.asked.clear()
        self.finished.clear()
        bar = self.page.locator(selector).nth(index)
        figure_id = bar.evaluate(BAR_FIGURE_ID)
        bar.click(force=True)
        asked_by = time.monotonic() + NO_SELECTION_S
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while not (self.asked and [t for t in self.finished if t > self.asked[0]]):
            if not self.asked and time.monotonic() > asked_by:
                return None
            if time.monotonic() > deadline:
                raise TimeoutError(f"the rerun asked for by clicking bar {index} did not finish")
            self.page.wait_for_timeout(5)
        done = min(t for t in self.finished if t > self.asked[0])
        self.page.wait_for_function(READY, arg=1, polling="raf")
        if cited:
            card = self.page.locator(f".citation-card[data-figure-id={json.dumps(figure_id)}]")
            try:
                card.wait_for(timeout=CARD_TIMEOUT_MS)
            except PlaywrightError as error:
                raise ClickError(f"a click on bar {index} ({figure_id}) brought up no citation "
                                 f"card of {figure_id}") from error  # fmt: skip
            self.page.keyboard.press("Escape")  # the citation is a modal drawer
            card.wait_for(state="detached", timeout=CARD_TIMEOUT_MS)
        return (done - self.asked[0]) * 1000

    def close(self) -> None:
        self.context.close()


def _visit(browser, url: str, charts: int, then: Callable[[Session], None] | None = None):
    session = Session(browser)
    try:
        seconds = session.open(url, charts)
        if then:
            then(session)
        return seconds
    finally:
        session.close()


class ClickError(RuntimeError):
    """A dashboard click did not bring up the clicked figure's own citation."""


def _clicks(browser, url: str, charts: int, selector: str, clicks: int, cited: bool) -> list[float]:
    session = Session(browser)
    try:
        session.open(url, charts)
        # Bars spread over the chart, each a new selection; not a bar too thin to hit.
        widths = session.page.locator(selector).evaluate_all(
            "els => els.map(el => el.getBoundingClientRect().width)"
        )
        wide = [i for i, width in enumerate(widths) if width >= 4]
        # Distinct bars: a click on the selected bar again is no new selection.
        picks = sorted(
            {wide[round(i * (len(wide) - 1) / max(clicks - 1, 1))] for i in range(clicks)}
        )
        timed = [session.click_bar(selector, i, cited) for i in picks]
        if None in timed:
            print(f"{timed.count(None)} of {len(picks)} clicks selected no bar, left out")
        return [t for t in timed if t is not None]
    finally:
        session.close()


def _dataset(figures: int | None, folder: Path) -> tuple[Path, int]:
    if figures is None:
        data = PROJECT_ROOT / "data"
    else:
        data = write_dataset(folder / "data", figures, seed=0)
    result = load_dataset(data)
    if result.dataset is None:
        raise SystemExit(f"the dataset at {data} does not validate: {result.errors[0]}")
    return data, len(result.dataset.figures)


def _median(values: list[float]) -> float:
    return statistics.median(values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.app", description=__doc__)
    parser.add_argument("--figures", type=int, help="synthetic figures (default: data/)")
    parser.add_argument("--runs", type=int, default=5, help="measured visits per app")
    parser.add_argument("--clicks", type=int, default=7, help="bar clicks timed per app")
    parser.add_argument("--screenshot", type=Path, help="save the dashboard's Overview here")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="returnees-bench-") as tmp:
        folder = Path(tmp)
        data, figures = _dataset(args.figures, folder)
        app = serve.start("app.py", folder / "app.log", {"RETURNEES_DATA": str(data)})
        floor = None
        try:
            with sync_playwright() as playwright:
                browser = serve.launch_chromium(playwright)
                counted: list[int] = []

                def count(session: Session) -> None:
                    # The Overview's bar charts (one without aggregates; its map, in another
                    # tab, has no bars) and their bars, once drawn.
                    session.page.wait_for_timeout(1000)
                    bar_charts = ".js-plotly-plot:has(.barlayer .point path)"
                    counted.append(session.page.locator(bar_charts).count())
                    counted.append(session.page.locator(BARS).count())
                    if args.screenshot:
                        session.page.screenshot(path=str(args.screenshot), full_page=True)

                first = _visit(browser, app.url("/"), 1, count)
                charts, bars = counted
                print(f"dashboard: {figures} figures, first visit (parse, validate) {first:.2f} s")
                floor_env = {"RETURNEES_FLOOR_BARS": str(bars)}
                floor = serve.start("benchmarks/floor_app.py", folder / "floor.log", floor_env)
                floor_bars: list[int] = []  # counted in its page, not assumed
                _visit(
                    browser,
                    floor.url("/"),
                    1,
                    lambda s: floor_bars.append(s.page.locator(BARS).count()),
                )

                ready: dict[str, list[float]] = {"app": [], "floor": []}
                for _ in range(args.runs):
                    ready["app"].append(_visit(browser, app.url("/"), charts))
                    ready["floor"].append(_visit(browser, floor.url("/"), 1))
                country_bars = f".js-plotly-plot >> nth={charts - 1} >> .barlayer .point path"
                rerun = _clicks(browser, app.url("/"), charts, country_bars, args.clicks, True)
                floor_rerun = _clicks(browser, floor.url("/"), 1, BARS, args.clicks, False)
                browser.close()
            rss = app.peak_rss_mb()
        finally:
            app.stop()
            if floor:
                floor.stop()

    drawn = {"app": bars, "floor": floor_bars[0]}
    for name, times in ready.items():
        print(
            f"{name}: ready median {_median(times):.2f} s "
            f"(min {min(times):.2f}, max {max(times):.2f}, {len(times)} visits, "
            f"{drawn[name]} bars)"
        )
    print(f"app: rerun after a click, ms: {', '.join(f'{t:.0f}' for t in rerun)}")
    print(f"floor: rerun after a click, ms: {', '.join(f'{t:.0f}' for t in floor_rerun)}")
    app_ready, floor_ready = _median(ready["app"]), _median(ready["floor"])
    print(
        f"figures={figures} app_ready_s={app_ready:.2f} floor_ready_s={floor_ready:.2f} "
        f"ratio={app_ready / floor_ready:.2f} rerun_ms={_median(rerun):.0f} rss_mb={rss:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
