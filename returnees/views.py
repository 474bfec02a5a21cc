"""What each page shows for given inputs, built by pure functions from the dataset's frames.

A view holds everything a page draws that depends on the data: Plotly figures, the tables it
shows, notes and card HTML. It is built once per dataset version and set of inputs and shared,
read-only, by every session (`returnees.ui.shared`): a page's run then only sends what was built.
Nothing here imports Streamlit, so every view is tested on its own.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import orjson
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pyarrow as pa
from _plotly_utils.utils import convert_to_base64

from returnees import brief, charts, citations, reference
from returnees.frames import entities, to_export
from returnees.loader import Dataset
from returnees.reference import LATEST, Lens
from returnees.vocab import (
    CORE_METRICS,
    METRICS,
    entity_choices,
    entity_name,
    find_entity,
    nearest_entities,
)


class SharedFigure(go.Figure):
    """A Plotly figure built once and drawn by many sessions: its dict form is made once.

    `st.plotly_chart` asks a figure for `to_dict()` on every run, and Plotly answers with a
    deep copy of the figure whose number arrays it then re-encodes (base64 typed arrays):
    most of what a chart costs a run once the figure itself is cached. A view's figure is
    never changed after it is built, so one dict serves every run: plain JSON values (numpy
    arrays and dates already encoded), so each run's JSON encoding is the encoder's alone.

    `SharedFigure(figure)` is `figure` itself, made a SharedFigure: building a second Figure
    from the dict (a deep copy of every mark) was a third of what a cold view cost.
    """

    def __new__(cls, figure: go.Figure) -> SharedFigure:
        # What to_dict returns, without its deep copy of every mark (a third of a cold view):
        # base64 encoding writes into the dicts it is given, so they alone are copied.
        spec = {"data": _dict_copies(figure._data), "layout": _dict_copies(figure._layout)}
        convert_to_base64(spec)
        spec = orjson.loads(pio.to_json(spec, validate=False))
        figure.__class__ = cls
        figure._shared_dict = spec
        return figure

    def __init__(self, figure: go.Figure) -> None:
        """Nothing to do: `__new__` made the figure itself shared."""

    def to_dict(self) -> dict:
        return self._shared_dict


def _dict_copies(value: Any) -> Any:
    """`value` with every dict in it copied; lists are copied only to reach the dicts in them,
    and other values (arrays, text) are shared."""
    if isinstance(value, dict):
        return {key: _dict_copies(item) for key, item in value.items()}
    if isinstance(value, list | tuple) and any(isinstance(v, dict | list | tuple) for v in value):
        return [_dict_copies(item) for item in value]
    return value


@dataclass(frozen=True)
class Frames:
    """The dataset and its frames, as `returnees.ui.load` returns them for one version."""

    dataset: Dataset
    figures: pd.DataFrame
    sources: pd.DataFrame
    # One figure per (entity, metric) under the default lens: `reference.cross_section`.
    latest: pd.DataFrame


@dataclass(frozen=True)
class Bars:
    """A bar chart of one figure per slot, with what the page says beside it."""

    figure: go.Figure | None  # None when there is nothing to draw
    # The entities the chart could show; past charts.TOP_N it shows the top ones, with a toggle.
    entities: int
    note: str | None = None  # where sources give other figures than the one drawn
    rule: str = ""  # which figure stands for each entity, in words (reference.Lens.rule_text)
    pairs: str | None = None  # the travelled / returned pairs that are not like for like
    rows: pd.DataFrame | None = None  # the cross-section rows drawn (the chart's download)


def arrow(frame: pd.DataFrame) -> pa.Table:
    """A frame as the Arrow table a dataframe element sends, converted once: converting text
    held as Python objects on every run was most of an uncached page's time."""
    return pa.Table.from_pandas(frame, preserve_index=False)


@dataclass(frozen=True)
class Table:
    """A table whose rows are figures: a selected row opens `figure_ids[row]`'s citation."""

    frame: pd.DataFrame
    figure_ids: tuple[str, ...]
    arrow: pa.Table | None = field(default=None, repr=False, compare=False)  # made if None

    def __post_init__(self) -> None:
        if self.arrow is None:
            object.__setattr__(self, "arrow", arrow(self.frame))

    def rows(self, start: int, size: int) -> Table:
        """Rows `start` to `start + size`: a page of a long table (its Arrow is a view)."""
        end = start + size
        return Table(
            self.frame.iloc[start:end], self.figure_ids[start:end], self.arrow.slice(start, size)
        )


def entity_names(frames: Frames) -> pd.Series:
    """Entity code -> name, aggregates first, then countries by name (the pages' pickers):
    every entity with a figure, also one whose figures are all undated (no cross-section
    holds those, but its profile and the Data table list them)."""
    return _entities(frames)["entity_name"]


def updated_line(frames: Frames) -> str:
    """The Overview's line under its title: when the data last changed, and how much it holds
    (the newest check is a scan of every figure: once per version)."""
    dataset = frames.dataset
    return (
        f"{citations.last_updated_text(dataset)} · {len(dataset.figures):,} figures "
        f"from {len(dataset.sources):,} sources"
    )


def present_metrics(frames: Frames, countries_only: bool = False) -> list[str]:
    """The metrics some chart figure has, in the vocabulary's order."""
    latest = frames.latest
    if countries_only:
        latest = latest[~latest["is_aggregate"]]
    found = set(latest["metric"])
    return [m for m in METRICS if m in found]


# --------------------------------------------------------------------------- overview


# What is worked out from a dataset version's figures and kept for it (other lenses'
# cross-sections, the grouping by entity), by the version's figures frame (held weakly: an old
# version's frame is not kept alive by this) and a key. A page draws several charts of one lens
# (the Overview four), and a room asks for the same few: each is worked out once.
_PER_VERSION: dict[tuple[int, Any], tuple[weakref.ref, Any]] = {}
PER_VERSION_KEPT = 64


def _per_version(frames: Frames, key: Any, work: Callable[[], Any]) -> Any:
    """`work()`, once per dataset version and `key`; the oldest dropped past PER_VERSION_KEPT."""
    slot = (id(frames.figures), key)
    kept = _PER_VERSION.get(slot)
    if kept is not None and kept[0]() is frames.figures:
        return kept[1]
    value = work()
    if len(_PER_VERSION) >= PER_VERSION_KEPT:
        _PER_VERSION.pop(next(iter(_PER_VERSION)), None)
    _PER_VERSION[slot] = (weakref.ref(frames.figures), value)
    return value


def _entities(frames: Frames) -> pd.DataFrame:
    """`frames.entities` of the figures, with each one's count of `figures`: once per version,
    as the Country profile asks for it on every run."""

    def work() -> pd.DataFrame:
        found = entities(frames.figures)
        return found.assign(figures=frames.figures["entity"].value_counts())  # by entity

    return _per_version(frames, "entity names", work)


def cross_section(frames: Frames, lens: Lens) -> pd.DataFrame:
    """The rows every chart of `lens` draws (the default lens's are built with the frames; any
    other's once, on first use)."""
    if lens == LATEST:
        return frames.latest
    return _per_version(frames, lens, lambda: reference.cross_section(frames.figures, lens))


def lens_options(frames: Frames) -> tuple[list[str], list[str]]:
    """The years a cross-section can be taken at (newest first), and the originators with
    figures of a core metric that a chart can show (not only counts that take in others),
    largest first (the pages' "as of" and assessment pickers)."""
    known = frames.figures[frames.figures["date_known"]]
    years = sorted({d.year for d in known["as_of_sort"]}, reverse=True)
    core = known[known["metric"].isin(CORE_METRICS) & ~reference.off_chart(known)]
    originators = core["originator"].value_counts().index.tolist()
    return [str(y) for y in years], originators


def lens_title(frames: Frames, lens: Lens) -> str:
    """What a chart's title adds for a chosen lens (" · ICSR's figures · as of Dec 2015"), so an
    exported image says which cross-section it shows."""
    parts = []
    if lens.originator:
        parts.append(f"{originator_name(frames, lens.originator)}'s figures")
    if lens.as_of:
        parts.append(f"as of {reference.end_of(lens.as_of):%b %Y}")
    return "".join(f" · {part}" for part in parts)


def originator_name(frames: Frames, originator: str | None) -> str | None:
    found = frames.dataset.originators.get(originator or "")
    return found.name if found else None


def headlines(frames: Frames) -> str:
    """The worldwide travelled / returned / detained headlines, side by side, as HTML."""
    figures, latest = frames.figures, frames.latest
    world = figures[(figures["entity"] == "WORLD") & figures["metric"].isin(CORE_METRICS)]
    picked = latest[(latest["entity"] == "WORLD") & latest["metric"].isin(CORE_METRICS)]
    cards = []
    for metric in CORE_METRICS:
        rows = world[world["metric"] == metric]
        first = next(picked[picked["metric"] == metric].itertuples(), None)
        others = rows[rows["figure_id"] != first.figure_id] if first is not None else rows
        label = f"Worldwide: {METRICS[metric].label.lower()}"
        own = latest[(latest["metric"] == metric) & ~latest["is_aggregate"]]["entity"].nunique()
        cards.append(citations.headline_html(label, first, others, own))
    return f'<div class="rf-headlines">{"".join(cards)}</div>'


def _others_note(shown: pd.DataFrame) -> str | None:
    differing = shown[shown["others"] > 0]
    if differing.empty:
        return None
    metrics: dict[str, list[str]] = {}
    for entity, label in zip(differing["entity_name"], differing["metric_label"], strict=True):
        metrics.setdefault(entity, []).append(label.lower())
    names = "; ".join(f"{entity}: {', '.join(labels)}" for entity, labels in metrics.items())
    return (
        f"Sources give other figures for: {names}. The chart shows the one the rule above "
        "chooses; the Country profile page shows them all side by side."
    )


def counting_others(
    frames: Frames,
    standing: pd.DataFrame,
    metrics: Collection[str],
    lens: Lens,
    aggregates: bool,
) -> str:
    """The entities a chart of `standing` (a cross-section's rows of `metrics`, all of them)
    leaves out because their only figures for a metric take in others too, or count one
    occasion only, by metric: "Not shown, as their figures count others too or one occasion
    only (...): detained: Tunisia." Empty when none."""
    figures = frames.figures
    rows = figures[
        reference.off_chart(figures)
        & figures["date_known"]
        & figures["metric"].isin(list(metrics))
        & (figures["is_aggregate"] == aggregates)
    ]
    if lens.originator:
        rows = rows[rows["originator"] == lens.originator]
    if lens.as_of:
        rows = rows[
            pd.to_datetime(rows["as_of_sort"]) <= pd.Timestamp(reference.end_of(lens.as_of))
        ]
    drawn = set(zip(standing["entity"], standing["metric"], strict=True))
    left = rows[[slot not in drawn for slot in zip(rows["entity"], rows["metric"], strict=True)]]
    if left.empty:
        return ""
    by_metric = [
        f"{METRICS[m].label.lower()}: {', '.join(sorted(set(g['entity_name'])))}"
        for m, g in left.groupby("metric", sort=False)
    ]
    return (
        "Not shown, as their figures count others too or one occasion only (the Country "
        "profile lists them): " + "; ".join(by_metric) + "."
    )


def _bars(
    frames: Frames,
    shown: pd.DataFrame,
    title: str,
    entities: int,
    alt: str,
    lens: Lens,
    population: str = "",
    left_out: str = "",
) -> Bars:
    title += lens_title(frames, lens)
    shown = reference.marks_for_chart(shown)
    line = citations.source_line(frames.dataset, shown["figure_id"]) + population
    axis = "People per million inhabitants" if population else "People (as reported)"
    figure = charts.bar_chart(shown, title, line, charts.alt_text(shown, alt), axis)
    rule = lens.rule_text(originator_name(frames, lens.originator)) + ESTIMATES_LIGHTER
    pairs = reference.pair_note(shown) if reference.pairs_drawn(shown) else None
    note = " ".join(n for n in (_others_note(shown), left_out) if n) or None
    return Bars(SharedFigure(figure), entities, note, rule, pairs, shown)


ESTIMATES_LIGHTER = " Lighter bars are estimates; solid ones official or research figures."


def overview_bars(
    frames: Frames, aggregates: bool, show_all: bool = False, lens: Lens = LATEST
) -> Bars:
    """Travelled / returned / detained of the aggregates, or of the countries (their top
    charts.TOP_N unless `show_all`), with a note naming where sources give other figures."""
    rows = cross_section(frames, lens)
    latest = rows[rows["metric"].isin(CORE_METRICS)]
    shown = latest[latest["is_aggregate"] == aggregates]
    count = shown["entity"].nunique()
    if shown.empty:
        return Bars(None, 0, rule=lens.rule_text(originator_name(frames, lens.originator)))
    if aggregates:
        title = "The world and groups of countries"
    elif show_all or count <= charts.TOP_N:
        title = "Countries"
    else:
        shown = charts.top_entities(shown)
        title = f"Countries: the {charts.TOP_N} with the largest figures, of {count}"
    left_out = counting_others(
        frames, latest[latest["is_aggregate"] == aggregates], CORE_METRICS, lens, aggregates
    )
    return _bars(
        frames, shown, title, count, f"Bar chart, {title.lower()}", lens, left_out=left_out
    )


# What the Overview's Table tab calls the columns of its cross-section.
CROSS_SECTION_COLUMNS = {
    "entity_name": "Country or aggregate",
    "metric_label": "Metric",
    "value_text": "Reported",
    "as_of_text": "As of",
    "standing": "Standing",
    "originator_name": "Whose count",
    "source_short": "Source",
}


def overview_table(frames: Frames, lens: Lens = LATEST) -> Table:
    """The Overview's figures as a table: the figure that stands for each core metric of every
    country and aggregate, largest first (what its charts draw, without the top-N cut)."""
    rows = cross_section(frames, lens)
    rows = rows[rows["metric"].isin(CORE_METRICS)].sort_values(
        ["is_aggregate", "value"], ascending=[False, False]
    )
    table = rows[list(CROSS_SECTION_COLUMNS)].rename(columns=CROSS_SECTION_COLUMNS)
    return Table(table, tuple(rows["figure_id"]))


# --------------------------------------------------------------------------- country profile


@dataclass(frozen=True)
class MetricTable:
    metric: str
    label: str
    definition: str
    table: Table


@dataclass(frozen=True)
class Profile:
    figure: go.Figure
    # The figure that stands for each core metric, and any other the entity has, or "no
    # figure"; and how old the newest figure is when it is old (reference.summary_lines).
    summary: tuple[str, ...]
    notes: tuple[str, ...]  # how each count moved, then where sources disagree
    tables: tuple[MetricTable, ...]  # in the vocabulary's order


PROFILE_COLUMNS = {
    "value_text": "Reported",
    "as_of_text": "As of",
    "standing": "Standing",
    "originator_name": "Whose count",
    "source_short": "Source",
    "attributed_to": "Attributed to",
    "quote": "Quote",
    "translation": "Our translation",
}


def _of_entity(frames: Frames, frame: pd.DataFrame, key: str, entity: str) -> pd.DataFrame:
    """The rows of `frame` (one of the version's) of one entity, from its grouping by entity
    (made once): a profile takes its rows instead of comparing every row's entity."""
    grouped = _per_version(frames, key, lambda: frame.groupby("entity").indices)
    return frame.take(grouped.get(entity, np.empty(0, dtype=int)))


def entity_rows(frames: Frames, entity: str) -> pd.DataFrame:
    """The figures of one entity."""
    return _of_entity(frames, frames.figures, "entities", entity)


def entity_standing(frames: Frames, entity: str) -> pd.DataFrame:
    """The rows of the default lens's cross-section of one entity: per metric, the figure that
    stands for it (a lens's slots are an entity's own, so these are its own cross-section)."""
    return _of_entity(frames, frames.latest, "standing", entity)


def first_asked(frames: Frames, today: date, profiles: int) -> list[tuple[Any, tuple]]:
    """The views a room asks for first, most likely first: the Country profiles of the
    `profiles` entities with the most figures (a page's default views are built by its first
    visit)."""
    counts = frames.figures["entity"].value_counts()
    return [(profile, (entity, today)) for entity in counts.index[:profiles]]


def profile(frames: Frames, entity: str, today: date) -> Profile:
    """Every figure for one entity: what stands for each metric, over time, where sources
    disagree, a table per metric."""
    rows = charts.entity_figures(entity_rows(frames, entity), entity)
    standing = entity_standing(frames, entity)
    figure = charts.country_timeline(
        frames.dataset, rows, entity_name(entity), standing=list(standing["figure_id"])
    )
    metrics = [m for m in METRICS if m in CORE_METRICS or m in set(rows["metric"])]
    summary = reference.summary_lines(rows, standing, metrics, today)
    notes = charts.trends(rows) + charts.undated_note(rows) + charts.disagreement_notes(rows)
    tables = tuple(
        MetricTable(
            metric,
            METRICS[metric].label,
            METRICS[metric].definition,
            Table(
                group.assign(value_text=reference.reported(group))[list(PROFILE_COLUMNS)].rename(
                    columns=PROFILE_COLUMNS
                ),
                tuple(group["figure_id"]),
            ),
        )
        for metric, group in rows.groupby("metric", sort=False)
    )
    return Profile(SharedFigure(figure), tuple(summary), tuple(notes), tables)


def country_choice(frames: Frames, asked: str | None) -> tuple[str, str | None]:
    """The entity a Country profile opens on: the one `asked` for (a code or a name, in any
    case), else the one with the most figures; and, when `asked` names none, what to say."""
    codes = list(_entities(frames).index)
    found = find_entity(asked, codes) if asked else None
    if found:
        return found, None
    # The first of those with the most figures, in the pickers' order.
    default = _entities(frames)["figures"].idxmax()
    if not asked:
        return default, None
    near = nearest_entities(asked, codes)
    message = f"No country or aggregate here is called “{asked}”." + (
        f" Did you mean {entity_choices(near)}?" if near else ""
    )
    return default, message + f" Showing {entity_name(default)}, which has the most figures."


# --------------------------------------------------------------------------- compare and map


def ranking(
    frames: Frames,
    metric: str,
    show_all: bool = False,
    lens: Lens = LATEST,
    per_million: bool = False,
    chosen: tuple[str, ...] = (),
) -> Bars:
    """Countries ranked on one metric (per million inhabitants with `per_million`): the top
    charts.TOP_N unless `show_all`; only the `chosen` ones, side by side, when any are."""
    ranked = charts.ranking(cross_section(frames, lens), metric, per_million=per_million)
    if chosen:
        ranked = ranked[ranked["entity"].isin(chosen)]
    if ranked.empty:
        return Bars(None, 0, rule=lens.rule_text(originator_name(frames, lens.originator)))
    shown = ranked if show_all or chosen else ranked.head(charts.TOP_N)
    what = "per million inhabitants" if per_million else "countries ranked"
    if chosen:
        what = f"{len(shown)} countries chosen" + (" per million" if per_million else "")
    title = f"{METRICS[metric].label}: {what}" + (
        "" if show_all or len(ranked) <= charts.TOP_N else f" (top {charts.TOP_N})"
    )
    population = f" Population: {reference.POPULATION_SOURCE}." if per_million else ""
    left_out = "" if chosen else counting_others(frames, ranked, [metric], lens, False)
    return _bars(frames, shown, title, len(ranked), f"Ranking, {title}", lens, population, left_out)


def shares(frames: Frames) -> Table:
    """The share returned wherever one source gives both travelled and returned, in whole
    percent (the counts it divides are rounded or bounds, so 66.67% would claim too much),
    worded as its counts allow: "about 60% or more" of "more than 300" of "about 500"."""
    table = charts.share_returned(frames.figures)
    # Half up, as a person rounds (a Series' round() gives the even one: 12.5% as 12%).
    percent = np.floor(table["share_returned"] * 100 + 0.5).astype("Int64")
    words = [
        "" if pd.isna(p) else w.format(p)
        for p, w in zip(percent, table["share_words"], strict=True)
    ]
    table = table.assign(share_returned=words).drop(columns="share_words")
    return Table(table, tuple(table["figure_returned"]))


MAP_COLUMNS = {
    "entity_name": "Country",
    "value_text": "Reported",
    "as_of_text": "As of",
    "standing": "Standing",
    "originator_name": "Whose count",
    "source_short": "Source",
    "attributed_to": "Attributed to",
}


@dataclass(frozen=True)
class WorldMap:
    figure: go.Figure
    table: Table
    rule: str
    rows: pd.DataFrame  # the cross-section rows drawn (the map's download)


def world_map(
    frames: Frames, metric: str, lens: Lens = LATEST, chosen: tuple[str, ...] = ()
) -> WorldMap:
    """One metric on a world map (of the `chosen` countries, when any are), and its figures as
    the sources word them."""
    ranked = charts.ranking(cross_section(frames, lens), metric)
    shown = reference.marks_for_chart(ranked)
    if chosen:
        shown = shown[shown["entity"].isin(chosen)]
    line = citations.source_line(frames.dataset, shown["figure_id"])
    alt = charts.alt_text(shown, f"World map, {metric}")
    figure = charts.map_chart(shown, metric, line, alt, lens_title(frames, lens))
    table = shown[list(MAP_COLUMNS)].rename(columns=MAP_COLUMNS)
    rule = lens.rule_text(originator_name(frames, lens.originator))
    if not chosen:
        left_out = counting_others(frames, ranked, [metric], lens, False)
        rule = " ".join(n for n in (rule, left_out) if n)
    return WorldMap(SharedFigure(figure), Table(table, tuple(shown["figure_id"])), rule, shown)


# --------------------------------------------------------------------------- sources and data


@dataclass(frozen=True)
class SourceCard:
    source_id: str
    html: str  # the source's metadata and how many figures it supports
    citations: tuple[tuple[str, str], ...]  # (figure id, citation card HTML) of each figure


# What the Sources table calls its columns.
# Its columns in this order: who published what first (a phone shows the first two), the
# source's id (which the search finds, and the figures' rows name) last.
SOURCE_LABELS = {
    "publisher": "Publisher",
    "title": "Title",
    "authors": "Authors",
    "published": "Published",
    "kind": "Kind",
    "url": "Address",
    "quotes": "Quotes checked",
    "figures": "Figures",
    "source_id": "Source id",
}


def matching_sources(frames: Frames, query: str = "") -> pd.DataFrame:
    """The sources whose id, publisher, title, authors, date or address holds every word of
    `query`, in any case (all of them for an empty query): the Sources page's search."""
    words = query.casefold().split()
    if not words:
        return frames.sources
    text = frames.sources[["source_id", "publisher", "title", "authors", "published", "url"]]
    haystack = text.astype(str).agg(" ".join, axis=1).str.casefold()
    keep = np.logical_and.reduce([haystack.str.contains(w, regex=False) for w in words])
    return frames.sources[keep]


def source_cards(frames: Frames, start: int, size: int, query: str = "") -> tuple[SourceCard, ...]:
    """Sources `start` to `start + size` of the Sources table (those `query` finds), each with
    its figures' cards."""
    dataset = frames.dataset
    cards = matching_sources(frames, query).iloc[start : start + size]
    figures = frames.figures
    cited = figures[figures["source_id"].isin(cards["source_id"])]
    by_source = cited.groupby("source_id", sort=False)["figure_id"].agg(tuple)
    return tuple(
        SourceCard(
            source_id,
            citations.source_html(dataset.sources[source_id], len(supported)),
            tuple((f, citations.citation_html(dataset, f)) for f in supported),
        )
        for source_id in cards["source_id"]
        for supported in [by_source.get(source_id, ())]
    )


def sources_table(frames: Frames, query: str = "") -> pa.Table:
    """Every source (that `query` finds) with its metadata and figure count, in labelled
    columns (the Sources page's table)."""
    return arrow(matching_sources(frames, query)[list(SOURCE_LABELS)].rename(columns=SOURCE_LABELS))


def cited_sources(frames: Frames) -> list[str]:
    """The ids of the sources some figure cites, sorted (the Data page's source filter)."""
    return sorted(frames.sources.loc[frames.sources["figures"] > 0, "source_id"])


def data_rows(
    frames: Frames, entities: tuple[str, ...], metrics: tuple[str, ...], sources: tuple[str, ...]
) -> pd.DataFrame:
    """The figures of the chosen entities, metrics and sources (all of a filter left empty)."""
    shown = frames.figures
    for column, chosen in (("entity", entities), ("metric", metrics), ("source_id", sources)):
        if chosen:
            shown = shown[shown[column].isin(chosen)]
    return shown


def data_page(frames: Frames, filters: tuple[tuple[str, ...], ...], start: int, size: int) -> Table:
    """Rows `start` to `start + size` of `data_rows(*filters)`, in the export columns."""
    rows = data_rows(frames, *filters).iloc[start : start + size]
    return Table(to_export(rows), tuple(rows["figure_id"]))


# --------------------------------------------------------------------------- briefing pack


@dataclass(frozen=True)
class BriefingSection:
    entity: str
    name: str
    figure: go.Figure | None  # the Country profile's chart of its figures (None: no counts)
    notes: tuple[str, ...]  # where sources disagree, with the figures' note numbers
    table: Table | None  # its figures as worded, each with its note number (None: no figures)


@dataclass(frozen=True)
class Briefing:
    subtitle: str
    sections: tuple[BriefingSection, ...]
    figures: int  # how many figures (notes) the pack holds


def briefing(
    frames: Frames,
    entities: tuple[str, ...],
    metrics: tuple[str, ...],
    digest: str,
    built_on: date,
) -> Briefing:
    """What the briefing pack of `entities` and `metrics` holds (`brief.plan`), for a preview."""
    pack = brief.plan(
        frames.dataset, frames.figures, list(entities), list(metrics), digest, built_on
    )
    sections = tuple(
        BriefingSection(
            s.entity,
            s.name,
            SharedFigure(s.chart) if s.chart is not None else None,
            tuple(s.disagreements),
            None if s.rows.empty else Table(brief.table(s, pack.notes), tuple(s.rows["figure_id"])),
        )
        for s in pack.sections
    )
    return Briefing(pack.subtitle, sections, len(pack.notes))
