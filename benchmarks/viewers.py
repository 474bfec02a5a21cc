"""Concurrent viewers on the dashboard and on the floor app, in one run: time to ready, errors, RSS.

    python -m benchmarks.viewers --sessions 25 --seconds 60 [--figures N] [--think S] [--seed S]
                                 [--rounds 3] [--warm-up 1] [--target URL]

Each virtual viewer is a Streamlit websocket client written here (asyncio, the `websockets`
package Streamlit itself depends on, and Streamlit's own BackMsg / ForwardMsg protobufs), not a
browser: 25 headless Chromium tabs would saturate this 2-core machine and time the browsers,
not the server. The client speaks to `/_stcore/stream` as the browser does:

- it connects with the subprotocol `streamlit` (the browser adds its XSRF token as a second
  entry; the server reads it only to trust auth cookies, which this app does not use) and sends
  `BackMsg.rerun_script`, a `ClientState` with the page (`page_script_hash`, and `page_name`,
  the URL path a fresh tab knows), the query string, the widget states and the hashes of the
  messages it has cached;
- it reads `ForwardMsg`s: `new_session` and `navigation` (the app's pages and their
  `page_script_hash`), `delta`s (elements, kept by their delta path), `page_info_changed` (the
  query string the browser's address bar now holds, sent back on the next rerun), up to
  `script_finished`. `FINISHED_EARLY_FOR_RERUN` is followed by the run that replaces it;
- a widget inside a fragment (`st.fragment`: the dashboard's charts and tables) is rerun as the
  browser reruns it: the rerun names the fragment (`fragment_id`, from the deltas that drew the
  widget), the server redraws only that fragment (`FINISHED_FRAGMENT_RUN_SUCCESSFULLY`), and
  the client keeps the rest of the page;
- it keeps the messages the server marks cacheable and sends their hashes back, so the server
  answers with `ref_hash` references as it does for a browser; entries expire after
  `max_cached_message_age` runs, as in the browser's cache;
- a selection is the widget's state as the frontend sends it: a selectbox's formatted option as
  `string_value`, a multiselect's as `string_array_value`; a click on a chart with `on_select`
  is a `string_value` holding the selection's JSON, `{"selection": {"points": [...],
  "point_indices": [...], "box": [], "lasso": []}}`, the point carrying its trace's
  `customdata`.

Each of the `--sessions` viewers loops until `--seconds` have passed: it opens a random page in a
new session (connect, rerun), changes a selection on it (a random selectbox or multiselect, if
the page has one), then clicks a random mark of a random chart (if it has one), pausing `--think`
seconds (uniformly 0.5x to 1.5x) before each action, as a person reading the page would, then
closes the session (`--think 0` makes it a saturation test). On the dashboard a click must bring
up that figure's own citation card (`data-figure-id` of the clicked mark's `customdata[0]`); any
other card is an error. The floor app (`benchmarks/floor_app.py`, one Plotly bar chart with a
bar per entity of the dataset, and a select box that orders it) gets the same viewers and the
same mix of actions in the same run: they open its page, change its select box and click its
chart. The two servers run side by side and take the load in turns, `--rounds` times each
(`--seconds` in all for each), so a change in what else the machine runs falls on both alike.

*Time to ready* is, for an open, connect to `script_finished(FINISHED_SUCCESSFULLY)`, and for a
selection or click, sending the rerun to that message. It leaves out what a browser adds on its
own (loading the page's static files, drawing): a fresh headless Chromium tab shows the floor
app in about 2.8 s on this kind of machine. The p50 / p95 of a server are over all its actions,
an action not ready in time counting with the time it was given (a lower bound).
An *error* is an `exception` element or an error alert in the deltas, a `page_not_found`, a
script that does not finish successfully, a dashboard click that brings up no citation, a lost
connection, or an action not ready within 30 s. Both servers run on 127.0.0.1 (benchmarks/
serve.py), each after an unmeasured warm-up that opens every page `--warm-up` times (the first
run parses the dataset); a page that fails there counts as an error too. Each server's CPU time
an action (from /proc) is printed beside its latencies: it depends far less on what else the
machine runs.

With `--target URL` the viewers load a dashboard served elsewhere instead (e.g. HAProxy in front
of several processes, `make serve`): no floor, no RSS; through a balancer of N processes give
`--warm-up N` or more so each process parses the dataset before the measurement. Its last line
is `target=URL sessions=S errors=E actions_per_s=A p50_s=X p95_s=Y`.

Otherwise the last line is machine-readable:
`sessions=S errors=E p95_s=X floor_p95_s=Y ratio=R rss_mb=M` where E counts the errors on both
servers, R = X / Y and M is the dashboard server's peak RSS. The exit code is 0 whether or not
the targets are met (0 errors, R at most 1.5), and 1 when a server fails to start, dies, or
cannot open its first page.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import functools
import html
import json
import math
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from benchmarks import serve
from benchmarks.synthetic import write_dataset
from returnees.loader import PROJECT_ROOT, load_dataset

REQUEST_TIMEOUT = 30.0  # seconds for one action (connect included) to be ready
WARM_UP_TIMEOUT = 120.0  # seconds for a page's first, unmeasured open (it parses the dataset)
MAX_MESSAGE_BYTES = 64 * 2**20  # above the app's server.maxMessageSize (50 MB)
DASHBOARD_PAGES = ("", "country", "compare", "map", "sources", "data")
# A figure's citation card names its figure (returnees/citations.py, citation_html).
CITATION_CARD = 'class="citation-card" data-figure-id="{}"'
ERROR_LINES = 10  # error messages printed to stderr, per server


# A run has finished: the whole page's, or one fragment's (a click on a chart in a fragment).
DONE = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


class AppError(Exception):
    """Something a viewer would see go wrong: an exception on the page, a failed run."""


@dataclass(frozen=True)
class App:
    name: str
    script: str
    env: dict[str, str]
    pages: tuple[str, ...]  # URL paths; "" is the default page
    # What a chart click must bring up, formatted with the clicked mark's figure id (its
    # customdata[0], HTML-escaped), if anything.
    after_click: str | None


@dataclass
class Sample:
    page: str
    action: str  # open, select or click
    seconds: float
    timed_out: bool = False  # not ready within REQUEST_TIMEOUT: `seconds` is a lower bound


@dataclass
class Results:
    samples: list[Sample] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warm_up: dict[str, float] = field(default_factory=dict)  # page -> seconds, one viewer
    cpu_at_start: float = 0.0  # the server's CPU seconds once warmed up


class Tab:
    """One viewer's session: a websocket, and what the browser keeps for it between runs."""

    def __init__(self, ws: ClientConnection, pages: dict[str, str]) -> None:
        self.ws = ws
        self.pages = pages  # URL path -> page_script_hash, shared by every tab of a server
        self.page_hash = ""
        self.query_string = ""
        self.states: dict[str, WidgetState] = {}
        self.elements: dict[tuple[int, ...], Any] = {}  # delta path -> Element on the page
        self.received: dict[tuple[int, ...], Any] = {}  # the elements the last run sent
        self.fragments: dict[tuple[int, ...], str] = {}  # delta path -> its fragment's id
        self.cache: dict[str, list] = {}  # hash -> [ForwardMsg, run it was last used in]
        self.max_age = 2
        self.runs = 0

    @classmethod
    async def connect(cls, url: str, pages: dict[str, str]) -> Tab:
        ws = await connect(
            url,
            subprotocols=["streamlit"],
            proxy=None,  # 127.0.0.1 only, whatever the environment says
            max_size=MAX_MESSAGE_BYTES,
            open_timeout=REQUEST_TIMEOUT,
            ping_interval=None,
        )
        return cls(ws, pages)

    async def close(self) -> None:
        with suppress(Exception):
            await asyncio.wait_for(self.ws.close(), 5)

    async def open(self, page: str) -> None:
        """A fresh tab on the page's URL: no query string, no widget state."""
        await self.rerun(self.pages.get(page, ""), page)

    async def rerun(
        self, page_hash: str | None = None, page_name: str = "", fragment_id: str = ""
    ) -> None:
        """Send a rerun with the tab's state (of the whole page, or of one fragment, as the
        browser asks when a widget inside a fragment changes) and read until the run finishes
        successfully."""
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_hash if page_hash is None else page_hash
        state.page_name = page_name
        state.fragment_id = fragment_id
        state.widget_states.widgets.extend(self.states.values())
        state.cached_message_hashes.extend(self.cache)
        await self.ws.send(back.SerializeToString())

        elements: dict[tuple[int, ...], Any] = {}
        fragments: dict[tuple[int, ...], str] = {}
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await self.ws.recv())
            kind = msg.WhichOneof("type")
            if kind == "ref_hash":
                msg = self._cached(msg)
                kind = msg.WhichOneof("type")
            elif msg.metadata.cacheable:
                self.cache[msg.hash] = [msg, self.runs]

            if kind == "new_session":
                elements = {}  # a run starts (again, after FINISHED_EARLY_FOR_RERUN)
                self.max_age = msg.new_session.config.max_cached_message_age or self.max_age
                for p in msg.new_session.app_pages:
                    self.pages.setdefault(p.url_pathname, p.page_script_hash)
                self.page_hash = msg.new_session.page_script_hash
            elif kind == "navigation":
                self.pages.update(
                    {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
                )
                self.page_hash = msg.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "page_not_found":
                raise AppError(f"page not found: {msg.page_not_found.page_name!r}")
            elif kind == "session_event" and msg.session_event.HasField(
                "script_compilation_exception"
            ):
                exception = msg.session_event.script_compilation_exception
                raise AppError(f"compile error: {exception.type}: {exception.message}")
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                _check(element)
                path = tuple(msg.metadata.delta_path)
                elements[path] = element
                fragments[path] = msg.delta.fragment_id
            elif kind == "script_finished":
                status = msg.script_finished
                if status in DONE:
                    break
                if status != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    raise AppError(
                        f"script finished with {ForwardMsg.ScriptFinishedStatus.Name(status)}"
                    )

        if fragment_id:  # a fragment's run redraws that fragment; the rest of the page stays
            self.elements.update(elements)
            self.fragments.update(fragments)
        else:
            self.elements, self.fragments = elements, fragments
        self.received = elements
        self.runs += 1
        live = {_widget_id(e) for e in elements.values()}
        self.states = {k: v for k, v in self.states.items() if k in live}
        self.cache = {h: e for h, e in self.cache.items() if self.runs - e[1] <= self.max_age}

    def _cached(self, ref: ForwardMsg) -> ForwardMsg:
        entry = self.cache.get(ref.ref_hash)
        if entry is None:
            raise AppError(f"the server referred to message {ref.ref_hash}, not in the cache")
        entry[1] = self.runs
        msg = ForwardMsg()
        msg.CopyFrom(entry[0])
        msg.metadata.CopyFrom(ref.metadata)
        return msg

    def _of_kind(self, *kinds: str) -> list[Any]:
        return [e for e in self.elements.values() if e.WhichOneof("type") in kinds]

    async def select(self, rng: random.Random) -> bool:
        """Pick another option in a random selectbox or multiselect; False if there is none."""
        widgets = [
            e
            for e in self._of_kind("selectbox", "multiselect")
            if len(getattr(e, e.WhichOneof("type")).options) > 1
        ]
        if not widgets:
            return False
        element = rng.choice(widgets)
        kind = element.WhichOneof("type")
        widget = getattr(element, kind)
        state = WidgetState(id=widget.id)
        if kind == "selectbox":
            current = self.states[widget.id].string_value if widget.id in self.states else None
            if current is None:
                current = (
                    widget.raw_value
                    if widget.set_value
                    else widget.options[widget.default]
                    if widget.HasField("default")
                    else None
                )
            state.string_value = rng.choice([o for o in widget.options if o != current])
        else:
            state.string_array_value.data.append(rng.choice(widget.options))
        self.states[widget.id] = state
        await self.rerun()
        return True

    async def click(self, rng: random.Random, after: str | None) -> bool:
        """Click a random mark of a random selectable chart; False if there is none. With
        `after`, the run must bring up `after` formatted with the mark's figure id."""
        charts = [
            (path, e.plotly_chart, marks)
            for path, e in self.elements.items()
            if e.WhichOneof("type") == "plotly_chart"
            and e.plotly_chart.selection_mode
            and (marks := _marks(e.plotly_chart.spec))
        ]
        if not charts:
            return False
        path, chart, marks = rng.choice(charts)
        trace, curve, index = rng.choice(marks)
        point = {"curve_number": curve, "point_number": index, "point_index": index}
        for name in ("x", "y", "z", "location", "customdata"):
            if name in trace or name + "s" in trace:
                point[name] = _item(trace.get(name, trace.get(name + "s")), index)
        selection = {"points": [point], "point_indices": [index], "box": [], "lasso": []}
        self.states[chart.id] = WidgetState(
            id=chart.id, string_value=json.dumps({"selection": selection})
        )
        await self.rerun(fragment_id=self.fragments.get(path, ""))
        if after:
            custom = point.get("customdata")
            figure_id = custom[0] if isinstance(custom, list) else custom
            wanted = after.format(html.escape(str(figure_id)))
            if not any(wanted in _text(e) for e in self.received.values()):
                raise AppError(f"a click on {figure_id!r} brought up no {wanted!r}")
        return True


def _check(element: Any) -> None:
    kind = element.WhichOneof("type")
    if kind == "exception":
        e = element.exception
        raise AppError(f"exception on the page: {e.type}: {e.message}"[:500])
    if kind == "alert" and element.alert.format == element.alert.ERROR:
        raise AppError(f"error on the page: {element.alert.body}"[:500])


def _widget_id(element: Any) -> str:
    kind = element.WhichOneof("type")
    return getattr(getattr(element, kind), "id", "") if kind else ""


def _text(element: Any) -> str:
    kind = element.WhichOneof("type")
    return getattr(getattr(element, kind), "body", "") if kind in ("markdown", "html") else ""


@functools.lru_cache(maxsize=256)
def _marks(spec_json: str) -> list[tuple[dict, int, int]]:
    """(trace, curve number, point index) of every mark that carries customdata (cached: the
    viewers share a process, and most of its time would go to parsing the same charts)."""
    spec = json.loads(spec_json)
    return [
        (trace, curve, index)
        for curve, trace in enumerate(spec.get("data", []))
        if isinstance(trace.get("customdata"), list)
        for index, custom in enumerate(trace["customdata"])
        if custom
    ]


def _item(values: Any, index: int) -> Any:
    """Item `index` of a Plotly array, a list or a typed array ({"dtype", "bdata"})."""
    if isinstance(values, dict) and "bdata" in values:
        array = np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
        return array[index].item() if index < len(array) else None
    if isinstance(values, list) and index < len(values):
        return values[index]
    return None


def _page_label(page: str) -> str:
    return "/" + page  # the page's URL path; "/" is the default page (the dashboard's Overview)


def _describe(error: Exception, limit: float = REQUEST_TIMEOUT) -> str:
    if isinstance(error, TimeoutError):
        return f"not ready within {limit:.0f} s"
    return f"{type(error).__name__}: {error}"


async def _viewer(
    url: str,
    app: App,
    pages: dict[str, str],
    deadline: float,
    rng: random.Random,
    think: float,
    results: Results,
) -> None:
    async def pause() -> None:
        await asyncio.sleep(think * rng.uniform(0.5, 1.5))

    await asyncio.sleep(think * rng.random())  # viewers arrive over the first pause
    while time.monotonic() < deadline:
        page = rng.choice(app.pages)
        action = "open"
        tab: Tab | None = None
        try:
            start = time.perf_counter()
            async with asyncio.timeout(REQUEST_TIMEOUT):
                tab = await Tab.connect(url, pages)
                await tab.open(page)
            results.samples.append(Sample(page, action, time.perf_counter() - start))
            for action in ("select", "click"):
                await pause()
                if time.monotonic() >= deadline:
                    break
                start = time.perf_counter()
                async with asyncio.timeout(REQUEST_TIMEOUT):
                    if action == "select":
                        done = await tab.select(rng)
                    else:
                        done = await tab.click(rng, app.after_click)
                if done:
                    results.samples.append(Sample(page, action, time.perf_counter() - start))
        except (AppError, TimeoutError, WebSocketException, OSError) as error:
            results.errors.append(f"{_page_label(page)} {action}: {_describe(error)}")
            if isinstance(error, TimeoutError):
                elapsed = time.perf_counter() - start
                results.samples.append(Sample(page, action, elapsed, timed_out=True))
        finally:
            if tab is not None:
                await tab.close()
        if time.monotonic() < deadline:
            await pause()


async def _warm_up(url: str, app: App, results: Results, times: int) -> dict[str, str]:
    """Open every page `times` times, unmeasured; return the app's pages (URL path -> script
    hash). Through a balancer of N processes, N times reaches each of them.

    The first page must open (the first run also parses the dataset): if it does not, the
    server is unusable and this raises. A later page that fails counts as an error.
    """
    pages: dict[str, str] = {}
    for _ in range(times):
        for page in app.pages:
            tab: Tab | None = None
            try:
                start = time.perf_counter()
                async with asyncio.timeout(WARM_UP_TIMEOUT):
                    tab = await Tab.connect(url, pages)
                    await tab.open(page)
                results.warm_up.setdefault(page, time.perf_counter() - start)
            except (AppError, TimeoutError, WebSocketException, OSError) as error:
                if not pages:
                    raise
                results.errors.append(
                    f"{_page_label(page)} warm-up: {_describe(error, WARM_UP_TIMEOUT)}"
                )
            finally:
                if tab is not None:
                    await tab.close()
    missing = [p for p in app.pages if p not in pages]
    if missing:
        raise AppError(f"the app has no page at {missing}; its pages: {sorted(pages)}")
    return pages


Target = tuple[App, str, "serve.Server | None"]  # the app, its websocket, its local server


async def _load(targets: list[Target], args: argparse.Namespace) -> list[Results]:
    """Warm each target up, then load them in turn, `--rounds` times each (so a change in
    what else the machine runs falls on both alike), `--seconds` in all for each."""
    results = [Results() for _ in targets]
    pages = []
    for (app, url, server), found in zip(targets, results, strict=True):
        pages.append(await _warm_up(url, app, found, args.warm_up))
        found.cpu_at_start = server.cpu_seconds() if server else 0.0
    for round_ in range(args.rounds):
        for (app, url, _), known, found in zip(targets, pages, results, strict=True):
            deadline = time.monotonic() + args.seconds / args.rounds
            seeds = (args.seed * 1000 + round_ * 100 + i for i in range(args.sessions))
            await asyncio.gather(
                *(
                    _viewer(url, app, known, deadline, random.Random(seed), args.think, found)
                    for seed in seeds
                )
            )
    return results


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank q-th percentile (0 < q <= 100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def _row(label: str, samples: list[Sample]) -> str:
    values = [s.seconds for s in samples]
    late = sum(s.timed_out for s in samples)
    return (
        f"  {label:<16} n={len(values):<4} p50={percentile(values, 50):7.3f} s  "
        f"p95={percentile(values, 95):7.3f} s  max={max(values, default=math.nan):7.3f} s"
        + (f"  ({late} not ready in {REQUEST_TIMEOUT:.0f} s)" if late else "")
    )


def _report(app: App, results: Results, seconds: float, server: serve.Server | None) -> None:
    ready = sum(not s.timed_out for s in results.samples)
    usage = (
        f", peak RSS {server.peak_rss_mb():.0f} MB, server CPU "
        f"{1000 * (server.cpu_seconds() - results.cpu_at_start) / max(len(results.samples), 1):.1f}"
        " ms an action"
        if server
        else ""
    )
    print(
        f"{app.name}: {ready} actions ready in {seconds:g} s ({ready / seconds:.1f}/s), "
        f"{len(results.errors)} errors{usage}"
    )
    print(
        "  warm-up, one viewer, unloaded (the first open parses the dataset): "
        + ", ".join(f"{_page_label(p)} {t:.2f} s" for p, t in results.warm_up.items())
    )
    print(_row("all", results.samples))
    groups: dict[tuple[str, str], list[Sample]] = defaultdict(list)
    for s in results.samples:
        groups[("", s.action)].append(s)
        groups[(_page_label(s.page), s.action)].append(s)
    for page in ("", *(map(_page_label, app.pages) if len(app.pages) > 1 else ())):
        for action in ("open", "select", "click"):
            if groups[(page, action)]:
                print(_row(f"{page} {action}".strip(), groups[(page, action)]))
    for message, count in Counter(results.errors).most_common(ERROR_LINES):
        print(f"{app.name} error ({count}x): {message}", file=sys.stderr)


def _stream(base: str) -> str:
    """The websocket address of the app served at `base` (http://host:port[/prefix])."""
    return base.rstrip("/").replace("https://", "wss://", 1).replace("http://", "ws://", 1) + (
        "/_stcore/stream"
    )


def _run(targets: list[Target], args: argparse.Namespace) -> list[Results] | None:
    try:
        return asyncio.run(_load(targets, args))
    except (AppError, TimeoutError, WebSocketException, OSError) as error:
        print(f"the first page did not open: {_describe(error, WARM_UP_TIMEOUT)}", file=sys.stderr)
        return None


def _against(target: str, args: argparse.Namespace) -> int:
    """The load on a dashboard served elsewhere (e.g. behind HAProxy): no floor, no RSS."""
    app = App("dashboard", "", {}, DASHBOARD_PAGES, CITATION_CARD)
    print(
        f"target {target}: {args.sessions} viewers for {args.seconds:g} s, pausing "
        f"{args.think:g} s on average"
    )
    outcome = _run([(app, _stream(target), None)], args)
    if outcome is None:
        return 1
    (results,) = outcome
    _report(app, results, args.seconds, None)
    ready = sum(not s.timed_out for s in results.samples)
    values = [s.seconds for s in results.samples]
    print(
        f"target={target} sessions={args.sessions} errors={len(results.errors)} "
        f"actions_per_s={ready / args.seconds:.1f} p50_s={percentile(values, 50):.3f} "
        f"p95_s={percentile(values, 95):.3f}"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.viewers",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sessions", type=int, default=25, help="concurrent viewers")
    parser.add_argument("--seconds", type=float, default=60, help="how long they keep acting")
    parser.add_argument("--figures", type=int, help="a synthetic dataset of N figures")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean pause before each action, seconds"
    )
    parser.add_argument("--seed", type=int, default=0, help="seeds the viewers' choices")
    parser.add_argument(
        "--rounds", type=int, default=3, help="turns each server takes (--seconds in all)"
    )
    parser.add_argument(
        "--warm-up", type=int, default=1, help="unmeasured opens of every page, each server"
    )
    parser.add_argument(
        "--target",
        help="load a dashboard already served at this address (e.g. http://127.0.0.1:8501 "
        "behind HAProxy) instead of starting the dashboard and the floor",
    )
    args = parser.parse_args(argv)
    if (
        args.sessions < 1
        or args.seconds <= 0
        or args.think < 0
        or min(args.rounds, args.warm_up) < 1
    ):
        parser.error(
            "--sessions, --rounds and --warm-up must be at least 1, --seconds above 0, "
            "--think at least 0"
        )
    if args.target:
        return _against(args.target, args)

    with tempfile.TemporaryDirectory(prefix="returnees-viewers-") as tmp:
        tmp = Path(tmp)
        if args.figures:
            start = time.perf_counter()
            data_dir = write_dataset(tmp / "data", args.figures, seed=0)
            print(
                f"wrote {args.figures} synthetic figures to {data_dir} "
                f"in {time.perf_counter() - start:.1f} s"
            )
        else:
            data_dir = PROJECT_ROOT / "data"
        dataset = load_dataset(data_dir).dataset
        if dataset is None:
            print(f"the dataset in {data_dir} does not validate", file=sys.stderr)
            return 1
        entities = len({f.entity for f in dataset.figures})
        print(
            f"dataset: {len(dataset.figures)} figures, {entities} entities, "
            f"{len(dataset.sources)} sources; {args.sessions} viewers for {args.seconds:g} s "
            f"each server in {args.rounds} turn(s), pausing {args.think:g} s on average"
        )
        del dataset

        apps = (
            App("dashboard", "app.py", {"RETURNEES_DATA": str(data_dir)}, DASHBOARD_PAGES,
                CITATION_CARD),
            App("floor", "benchmarks/floor_app.py", {"RETURNEES_FLOOR_BARS": str(entities)},
                ("",), None),
        )  # fmt: skip
        servers: list[serve.Server] = []
        try:
            for app in apps:
                try:
                    servers.append(serve.start(app.script, tmp / f"{app.name}.log", app.env))
                except serve.ServerError as error:
                    print(f"{app.name}: {error}\nunusable server, no result", file=sys.stderr)
                    return 1
            targets = [
                (app, _stream(server.url()), server)
                for app, server in zip(apps, servers, strict=True)
            ]
            measured = _run(targets, args)
            dead = [a.name for a, s in zip(apps, servers, strict=True) if s.process.poll()]
            if measured is None or dead:
                for app, server in zip(apps, servers, strict=True):
                    print(f"{app.name} log:\n{server.log_tail()}", file=sys.stderr)
                print(f"unusable server, no result (died: {dead})", file=sys.stderr)
                return 1
            for app, results, server in zip(apps, measured, servers, strict=True):
                _report(app, results, args.seconds, server)
            rss = servers[0].peak_rss_mb()
        finally:
            for server in servers:
                server.stop()

    results, floor = measured
    p95 = percentile([s.seconds for s in results.samples], 95)
    floor_p95 = percentile([s.seconds for s in floor.samples], 95)
    print(
        f"sessions={args.sessions} errors={len(results.errors) + len(floor.errors)} "
        f"p95_s={p95:.3f} floor_p95_s={floor_p95:.3f} ratio={p95 / floor_p95:.2f} "
        f"rss_mb={rss:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
