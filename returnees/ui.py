"""Streamlit glue shared by the pages: cached loading and views, the bad-data view, charts and
tables that open a citation, text.

Everything here renders; the decisions are made by pure functions in the rest of the package
(`returnees.views` builds what a page shows). Text from the data is never passed to a
Markdown-rendering call: it goes through `plain` (escaped HTML), dataframes, or Plotly text
escaped by `charts.safe`.

A click on a chart mark or a table row reruns only that chart or table (a fragment) and opens
the figure's citation in a dialog: a drawer at the window's right edge, over the page at any
width (on a phone the sidebar is collapsed, so a card there would go unseen).
"""

from __future__ import annotations

import gc
import html
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from returnees import charts, citations, reference, views
from returnees.frames import cross_section_csv, figures_frame, sources_frame
from returnees.loader import Dataset, LoadResult, Problem, default_data_dir, load_dataset

CHART_CONFIG = {
    "displaylogo": False,
    "scrollZoom": False,  # a wheel or a pinch over a chart scrolls the page
    "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "returnee-figures"},
    # Maps draw from the world geometry the app serves itself (static/topojson), not a CDN.
    "topojsonURL": "/app/static/topojson/",
}


@dataclass(frozen=True)
class Loaded(views.Frames):
    result: LoadResult


@st.cache_resource(show_spinner=False, max_entries=4)
def _frames(digest: str, _dataset: Dataset) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    # Keyed on the content digest: the frames are built once per dataset version and shared,
    # read-only, by every session (st.cache_data would unpickle a copy on each rerun: 60 ms
    # at 100,000 figures). Pages filter them into new frames and never write to them.
    figures = figures_frame(_dataset)
    frames = figures, sources_frame(_dataset), reference.cross_section(figures)
    settle()
    return frames


# Seconds after which the watching thread settles again (`settle`): what was alive at the last
# settle and is garbage now (an older version's views dropped from the cache, the state of
# sessions that ended) is freed at most this late.
SETTLE_SECONDS = 600.0
# time.monotonic() of the last settle; from the start, so that the first periodic one is not a
# second full collection within a second of the first version's own
_SETTLED = [time.monotonic()]


def settle() -> None:
    """Put what the process holds now (a dataset version and its frames, the framework) out of
    the garbage collector's way, once a version is loaded: otherwise each full collection walks
    every object of the dataset (about 0.2 s a time at 10,000 figures, a dozen times a minute
    with 25 viewers), and every run waiting on the interpreter waits for it. What was put out
    of its way before is collected first, if it is garbage now."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    _SETTLED[0] = time.monotonic()


def _settle_if_due() -> None:
    if time.monotonic() - _SETTLED[0] >= SETTLE_SECONDS:
        settle()


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "file": p.file,
                "line": p.line,
                "figure or source": p.record,
                "field": p.field,
                "problem": p.message,
                "severity": p.severity,
            }
            for p in problems
        ]
    )


def _ensure_app_navigation() -> None:
    """Run every page through app.py's st.navigation, even on a server's first request.

    Until some session has called st.navigation, Streamlit treats a `pages/` folder as its old
    multipage mode and runs `pages/x.py` on its own for a first visit to /x: without the app's
    navigation, page titles or config. Leaving that mode and rerunning routes the visit
    through app.py to the same page.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


# Seconds between two looks at the data files by the one watching thread of a process. A look
# is a stat of every file (30 ms at 5,000 files), and a load only when one changed; a page never
# looks: it takes the last result. So every process, every worker of a deployment, shows data at
# most this long (and a load's time) older than the files, whether or not a session runs on it
# (with 0, each run looks itself, as the tests do).
RECHECK_SECONDS = 0.5
_RECENT: dict[Path, LoadResult] = {}
# The folder the watching thread looks at: the one pages last asked for (a process serves one;
# a test suite moves from folder to folder, and one thread follows it).
_WATCHING: list[Path] = []
_WATCH_LOCK = threading.Lock()
log = logging.getLogger(__name__)


def _look(data_dir: Path) -> LoadResult:
    result = load_dataset(data_dir)
    _RECENT[data_dir] = result
    return result


def _watch() -> None:
    while True:
        time.sleep(max(RECHECK_SECONDS, 0.05))
        if RECHECK_SECONDS <= 0:  # the runs look themselves
            continue
        try:
            _look(_WATCHING[0])
            _settle_if_due()
        except Exception:  # the next look tries again; the thread must outlive a bad moment
            log.exception("looking at the data folder %s failed", _WATCHING[0])


def _start_watching(data_dir: Path) -> None:
    with _WATCH_LOCK:
        first = not _WATCHING
        _WATCHING[:] = [data_dir]
    if first:
        threading.Thread(target=_watch, name="returnees-data-watch", daemon=True).start()


def _recent_load(data_dir: Path) -> LoadResult:
    """The last load of the data folder (shared by all sessions of the process), kept fresh by
    a thread that looks every RECHECK_SECONDS; the first load of a folder the thread does not
    watch yet waits for it."""
    if RECHECK_SECONDS <= 0:
        return _look(data_dir)
    if _WATCHING and _WATCHING[0] == data_dir and data_dir in _RECENT:
        return _RECENT[data_dir]
    recent = _look(data_dir)  # a folder no thread watched may have changed: look now
    _start_watching(data_dir)
    return recent


# Touch on a chart is the page's, not Plotly's. Streamlit draws a chart that can be selected
# with `dragmode: pan`, so Plotly cancels a swipe (the page does not scroll: it pans the data),
# and Plotly reads a tap as a hover, selecting only on a second tap. Stopped on its way down,
# a touch never reaches Plotly: the browser scrolls the page for a swipe and, for a tap, sends
# the mouse events it makes of one (move, down, up, click), which Plotly reads as a click on
# the mark under the finger: one tap opens its card. Our own code, not data text.
TOUCH_SCRIPT = """<script>
(() => {
  if (window.rfTouch) return;
  window.rfTouch = true;
  const onChart = (event) => event.target instanceof Element
    && event.target.closest(".js-plotly-plot") !== null;
  for (const type of ["touchstart", "touchmove", "touchend", "touchcancel"]) {
    document.addEventListener(type, (event) => {
      if (onChart(event)) event.stopPropagation();
    }, {capture: true, passive: true});
  }
})();
</script>"""


def load() -> Loaded:
    """The dataset, or a page that explains in plain words why it cannot be shown."""
    _ensure_app_navigation()
    st.html(citations.CARD_CSS)
    st.html(TOUCH_SCRIPT, unsafe_allow_javascript=True)
    data_dir = default_data_dir()
    result = _recent_load(data_dir)
    if result.dataset is None:
        st.error(
            f"The dataset does not validate ({len(result.errors)} problem(s)). No figures are "
            "shown until these are fixed, so that nothing incomplete looks complete."
        )
        plain(f"Data folder: {data_dir}", "rf-muted")
        st.dataframe(problems_frame(result.errors), hide_index=True)
        st.code("\n".join(map(str, result.errors)), language=None)
        st.stop()
    figures, sources, latest = _frames(digest=result.digest, _dataset=result.dataset)
    if result.warnings:
        with st.expander(f"{len(result.warnings)} data warning(s)"):
            st.dataframe(problems_frame(result.warnings), hide_index=True)
    loaded = Loaded(result.dataset, figures, sources, latest, result)
    _build_ahead(loaded)
    _open_permalink(loaded)
    return loaded


# Views kept at once, over all pages and inputs (a country profile, a metric, a page of
# sources, a set of Data filters), the least recently used dropped first. A country's view
# takes about 0.6 MB at 100,000 figures: 128 of them keep a server with 25 sessions there
# under 600 MB, and hold every view of the shipped data.
VIEW_ENTRIES = 128


@st.cache_resource(show_spinner=False, max_entries=VIEW_ENTRIES)
def _shared(digest: str, name: str, args: tuple, _build: Callable, _frames: views.Frames) -> Any:
    return _build(_frames, *args)


def shared(loaded: Loaded, build: Callable, *args: Any) -> Any:
    """`build(loaded, *args)`, built once per dataset version and arguments and shared,
    read-only, by every session (`st.cache_data` would copy it into each session's run).

    `build` is a pure function of `returnees.views`; its arguments are a page's inputs.
    """
    name = f"{build.__module__}.{build.__qualname__}"
    # Keyword arguments: for positional ones Streamlit inspects the signature on every call.
    return _shared(digest=loaded.result.digest, name=name, args=args, _build=build, _frames=loaded)


# Country profiles built in the background once a dataset version is loaded, those of the
# entities with the most figures first (`views.first_asked`), so that a room's first picks
# find them ready: an eighth of the views kept (the largest views: with 32 a server with 25
# sessions at 100,000 figures peaked at 603 MB, over the 600 allowed).
BUILT_AHEAD = VIEW_ENTRIES // 8
# Resident memory past which nothing more is built ahead: a version whose load alone fills
# most of the 600 MB a server may take (100,000 figures: about 430 MB) builds its views as
# they are asked for, where building ahead cost more than it gave (603 MB with 32).
AHEAD_MB = 400
_AHEAD: set[str] = set()  # the versions whose views this process has started to build
_AHEAD_LOCK = threading.Lock()


def resident_mb() -> float:
    """This process's resident memory now, in MB (10^6 bytes); 0 where the system has no
    /proc (not Linux)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def _build_ahead(loaded: Loaded) -> threading.Thread | None:
    """Start building the first-asked views of the loaded version, once a process (none with
    BUILT_AHEAD 0, as the tests run pages); the thread that builds them."""
    digest = loaded.result.digest
    with _AHEAD_LOCK:
        if digest in _AHEAD or BUILT_AHEAD <= 0:
            return None
        _AHEAD.add(digest)

    def build() -> None:
        try:
            for view, args in views.first_asked(loaded, date.today(), BUILT_AHEAD):
                if resident_mb() > AHEAD_MB:
                    log.info("building views ahead stopped at %.0f MB", resident_mb())
                    break
                shared(loaded, view, *args)
        except Exception:  # a page builds what this did not; the next version tries again
            log.exception("building views ahead for %s failed", digest[:12])

    thread = threading.Thread(target=build, name="returnees-build-ahead", daemon=True)
    thread.start()
    return thread


def plain(text: str, css_class: str = "rf-text") -> None:
    """Data text shown as text: escaped, never Markdown or live HTML."""
    st.html(f'<div class="{css_class}">{html.escape(text)}</div>')


# Said on every page with a chart (in text it has anyway: each element costs every run).
CLICK_HINT = "Click any bar, point or country to see its source and the sentence that states it."
# The figure whose citation a session last opened (by a click or a permalink), and each chart
# or table's last selection: a citation opens when a selection changes, not on every rerun.
_SEEN = "rf-citation-seen"
_PICKED = "rf-picked-"


def _figure_of_points(event: Any) -> str | None:
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    for point in points:
        custom = point.get("customdata")
        if custom:
            return custom[0] if isinstance(custom, list | tuple) else custom
    return None


# Bumped when a card is closed: every chart and table is then drawn under a new key, with
# nothing selected, so the mark just clicked opens its card again on the next click and no
# chart stays dimmed around a selection that no card shows any more.
_GENERATION = "rf-selection-generation"


def _cleared() -> None:
    st.session_state[_GENERATION] = st.session_state.get(_GENERATION, 0) + 1


def _keyed(key: str) -> str:
    """A chart's or table's widget key in the current generation (its own key at first)."""
    generation = st.session_state.get(_GENERATION, 0)
    return f"{key}-{generation}" if generation else key


def _picked(loaded: Loaded, key: str, figure_id: str | None) -> None:
    """Open the citation of a newly selected figure; the URL becomes its permalink."""
    before = st.session_state.get(_PICKED + key)
    st.session_state[_PICKED + key] = figure_id
    if figure_id and figure_id != before:
        st.query_params["figure"] = figure_id
        st.session_state[_SEEN] = figure_id
        _citation_dialog(loaded, figure_id)


@st.fragment
def _chart(loaded: Loaded, fig: go.Figure, key: str, fits: bool) -> None:
    if fits:
        st.html(f"<style>{charts.fitted_height_css(fig, f'chart-{key}')}</style>")
    # A keyed box, so that a page's style can size it
    with st.container(key=f"chart-{key}"):
        key = _keyed(key)
        event = st.plotly_chart(
            fig,
            key=key,
            on_select="rerun",
            selection_mode="points",
            config=CHART_CONFIG,
            alt=fig.layout.meta.get("alt") if fig.layout.meta else None,
            height="stretch" if fits else "content",
        )
    _picked(loaded, key, _figure_of_points(event))


def chart(loaded: Loaded, fig: go.Figure, key: str, fits: bool = False) -> None:
    """A chart whose marks carry figure ids: a click on one opens its citation, rerunning
    only the chart. `fits`: a map, as high as the window's width lets it fill, not its own
    height (`charts.fitted_height_css`)."""
    _chart(loaded, fig, key, fits)


@st.fragment
def _table(loaded: Loaded, table: views.Table, key: str, column_config: dict | None) -> None:
    key = _keyed(key)
    event = st.dataframe(
        table.arrow,
        hide_index=True,
        column_config=column_config,
        placeholder="",  # an empty cell stays empty, not "None"
        on_select="rerun",
        selection_mode="single-row",
        key=key,
    )
    rows = event.selection.rows if event else []
    _picked(loaded, key, table.figure_ids[rows[0]] if rows else None)


def table(loaded: Loaded, table: views.Table, key: str, column_config: dict | None = None) -> None:
    """A table of figures: selecting a row opens its citation, rerunning only the table."""
    _table(loaded, table, key, column_config)


def _open_permalink(loaded: Loaded) -> None:
    """Open the citation a `?figure=` address names, once: not again on each rerun."""
    figure_id = st.query_params.get("figure")
    if figure_id and figure_id != st.session_state.get(_SEEN):
        st.session_state[_SEEN] = figure_id
        _citation_dialog(loaded, figure_id)


def citation_card(
    loaded: Loaded, figure_id: str, card: str | None = None, where: str = "page"
) -> None:
    """One figure's citation card (a click opens one; the Sources page lists them, built in
    its view: `card` is then `citations.citation_html` of the figure, made already), and its
    citation formats (`where` keeps their widgets apart from the same card's in a dialog)."""
    st.html(card or citations.citation_html(loaded.dataset, figure_id))
    citation_formats(loaded.dataset, figure_id, where)


# (label, writer, file suffix, MIME type) of the citation downloads on every card.
CITATION_FILES = (
    ("BibTeX", citations.bibtex, "bib", "application/x-bibtex"),
    ("RIS", citations.ris, "ris", "application/x-research-info-systems"),
    ("CSL-JSON", citations.csl_json, "json", "application/vnd.citationstyles.csl+json"),
)


def citation_formats(dataset: Dataset, figure_id: str, where: str = "page") -> None:
    """Under a citation card: the figure's citation as text to copy (the code block's copy
    button works offline) and as BibTeX, RIS and CSL-JSON files, each written when clicked.

    Folded, and filled only when opened (opening reruns the page, or the dialog): 200 cards'
    800 elements built on every run took the Sources page from 0.02 s a run to 0.21 s; 200
    closed boxes cost it 0.02 s.
    """
    box = st.expander(
        "Cite this figure: text to copy, BibTeX, RIS, CSL-JSON",
        key=f"cite-{where}-{figure_id}",
        on_change="rerun",
    )
    with box:
        if not box.open:
            return
        text = citations.citation_text(dataset, figure_id, st.context.url)
        st.code(text, language=None, wrap_lines=True)
        row = st.container(horizontal=True)
    for label, write, suffix, mime in CITATION_FILES:
        with row:
            st.download_button(
                label,
                partial(write, dataset, figure_id),
                file_name=f"{figure_id}.{suffix}",
                mime=mime,
                on_click="ignore",
                icon=":material/download:",
                key=f"cite-{where}-{label}-{figure_id}",
                help=f"This figure's citation as {label}",
            )


@st.dialog("Where this number comes from", width=480, position="right", on_dismiss=_cleared)
def _citation_dialog(loaded: Loaded, figure_id: str) -> None:
    if figure_id not in loaded.dataset.values:
        st.warning("The link names a figure that is not in this dataset.")
        return
    citation_card(loaded, figure_id, where="dialog")
    st.caption("Share this figure: the page's address now links to this citation.")


def select_param(
    label: str,
    options: list[str],
    name: str,
    format_func=str,
    quiet_default: bool = False,
    default: str | None = None,
) -> str:
    """A selectbox whose choice lives in the URL by code (`?entity=FRA`), for permalinks.

    Without a valid choice in the URL it shows `default` (or the first option). With
    `quiet_default`, the first option (the default) is left out of the URL: a page's
    address names only what was chosen (`/compare?as_of=2017`)."""
    current = st.query_params.get(name)
    if current not in options:
        current = default
    index = options.index(current) if current in options else 0
    value = st.selectbox(label, options, index=index, format_func=format_func, key=f"param-{name}")
    if quiet_default and value == options[0]:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != value:
        st.query_params[name] = value
    return value


def multiselect_param(
    label: str, options: list[str], name: str, format_func=str, default: list[str] = ()
) -> list[str]:
    """A multiselect whose choices live in the URL by code (`?entity=FRA&entity=GBR`)."""
    given = [v for v in st.query_params.get_all(name) if v in options]
    value = st.multiselect(
        label,
        options,
        default=given or [d for d in default if d in options],
        format_func=format_func,
        key=f"param-{name}",
    )
    if st.query_params.get_all(name) != value:
        st.query_params[name] = value
    return value


LATEST_CHOICE = "latest"
ALL_ORIGINATORS = "all"


def lens_param(loaded: Loaded) -> reference.Lens:
    """The cross-section a page draws: an "as of" year (`?as_of=2017`) and, for an assessment's
    table, one originator alone (`?originator=icsr`); both live in the address."""
    years, originators = shared(loaded, views.lens_options)
    names = loaded.dataset.originators
    left, right = st.columns(2)
    with left:
        as_of = select_param(
            "As of",
            [LATEST_CHOICE, *years],
            "as_of",
            lambda y: "Each country's latest figure" if y == LATEST_CHOICE else f"End of {y}",
            quiet_default=True,
        )
    with right:
        originator = select_param(
            "Whose count",
            [ALL_ORIGINATORS, *originators],
            "originator",
            lambda o: (
                "All counts, by the rule under the chart" if o == ALL_ORIGINATORS else names[o].name
            ),
            quiet_default=True,
        )
    return reference.Lens(
        as_of=None if as_of == LATEST_CHOICE else as_of,
        originator=None if originator == ALL_ORIGINATORS else originator,
    )


def bar_notes(bars: views.Bars, key: str) -> None:
    """Under a bar chart: the rule that chose its figures, the pairs that are not like for
    like, where sources give other figures, and a download of the rows it draws."""
    plain(bars.rule, "rf-note")
    for note in (bars.pairs, bars.note):
        if note:
            plain(note, "rf-note")
    rows_download(bars.rows, key)


def rows_download(rows: pd.DataFrame, key: str) -> None:
    """A CSV of exactly the rows a chart draws, each with its figure's citation."""
    st.download_button(
        f"Download these {len(rows):,} rows (CSV, with citations)",
        partial(cross_section_csv, rows, True),
        file_name=f"returnee-figures-{key}.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"download-{key}",
    )


def show_all(count: int, noun: str, key: str) -> bool:
    """Whether a chart shows all `count` entities or its top `charts.TOP_N` (then a toggle)."""
    return count <= charts.TOP_N or st.toggle(f"Show all {count} {noun}", key=key)


def page_start(rows: int, size: int, noun: str, key: str) -> int:
    """The first row of the page of `size` rows to show, with a page picker when there are
    more (bounds each message)."""
    pages = max(1, -(-rows // size))
    if pages == 1:
        return 0
    number = st.number_input(f"Page (of {pages}, {size:,} {noun} a page)", 1, pages, 1, key=key)
    return (int(number) - 1) * size
