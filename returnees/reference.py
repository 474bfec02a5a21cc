"""The number that stands for a country: whose count it is (standing), and one rule to pick it.

Every chart, the map, the headline cards, Compare, the briefing pack and the exports take the
figure that represents an entity and a metric from `cross_section`, and nothing else picks one.
The rule, at a date D (a chosen "as of", or each slot's own latest figure):

1. the figures dated in the 36 months (default) before D, but `takes_in_others` and `one_occasion`;
2. of those, a count of everyone over a scoped count ("men only"), whoever counted them;
3. then an official or research figure over an estimate;
4. then one of the last 12 months of those over an older one;
5. then an official figure over a research one;
6. then a number a source states over one computed from its words;
7. then the latest;
8. then an exact value over a bound, but a body's range over a number of it the range holds.

Figures whose date the page does not give (`date_unknown`) cannot be placed in a window, a
count that takes in people its metric does not count is no count of that metric, and a count of
one occasion (one repatriation flight, one year's arrests) is no total of it: they stand for
nothing, and the Country profile lists them.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pypopulation

from returnees import dates
from returnees.schema import Figure, Originator
from returnees.vocab import AGGREGATES, CORE_METRICS, METRICS, is_aggregate

if TYPE_CHECKING:
    from returnees.loader import Dataset

# Best first: the order step 2 of the rule prefers.
STANDINGS = ("official", "research", "estimate")
STANDING_LABELS = {
    "official": "Official figure",
    "research": "Research assessment",
    "estimate": "Estimate",
}
STANDING_DEFINITIONS = {
    "official": "the count of a government about its own nationals or residents, or of an "
    "intergovernmental body about its members",
    "research": "a research centre's or scholar's assessment",
    "estimate": "a journalist's, an expert's or an unattributed number, or a government's claim "
    "about another country's nationals",
}
KIND_LABELS = {
    "government": "government",
    "intergovernmental": "intergovernmental body",
    "research": "research centre or scholar",
    "media": "news outlet's own count",
    "expert": "expert",
    "unknown": "not attributed",
}

WINDOW_MONTHS = 36
# Figures of one period: closer than this, different numbers are a disagreement, not a change.
SAME_PERIOD_MONTHS = 12
PERIOD = np.timedelta64(round(365.25 * SAME_PERIOD_MONTHS / 12), "D")  # 365 days
# A travelled / returned pair further apart than this is not like for like.
PAIR_YEARS_APART = 2

# The population behind "per million inhabitants": World Bank, total population (SP.POP.TOTL),
# as shipped offline by the pypopulation package (retrieved by it on 2020-07-01: 2019 figures).
POPULATION_SOURCE = "World Bank, total population (SP.POP.TOTL), 2019"


def standing(originator: Originator, entity: str) -> str:
    """'official', 'research' or 'estimate': what kind of count a figure of `entity` is."""
    kind = originator.kind
    if kind == "government":
        return "official" if originator.country == entity else "estimate"
    if kind == "intergovernmental":
        own = originator.country
        members = AGGREGATES[own].members if own in AGGREGATES else ()
        return "official" if entity == own or entity in members else "estimate"
    if kind == "research":
        return "research"
    return "estimate"


def figure_standing(dataset: Dataset, figure: Figure) -> str:
    """A figure's standing (`standing`); a computed one's is the weakest of its own and its
    inputs': the police's "more than half" of unnamed experts' "around 400" is an estimate."""
    own = standing(dataset.originators[figure.originator], figure.entity)
    if figure.derived is None:
        return own
    inputs = [dataset.figure(i) for i in (figure.derived.of, *figure.derived.minus)]
    return max([own, *(figure_standing(dataset, f) for f in inputs)], key=STANDINGS.index)


def standing_text(standing_code: str, originator: Originator) -> str:
    """'Official figure: Germany's Federal Government' (the card's line, in words)."""
    return f"{STANDING_LABELS[standing_code]}: {originator.name}"


@cache
def population(entity: str) -> int | None:
    """Inhabitants of a country, or of an aggregate whose members are listed and all known."""
    if is_aggregate(entity):
        members = AGGREGATES[entity].members
        counts = [population(m) for m in members]
        return sum(counts) if members and all(counts) else None
    return pypopulation.get_population(entity)


def end_of(as_of: str) -> date:
    """The last day a chosen 'as of' (YYYY or YYYY-MM) means."""
    return dates.bounds(as_of)[1]


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Lens:
    """What a cross-section is of: a date (None: each slot's own latest figure), a window, and
    optionally one originator's figures alone (an assessment's table)."""

    as_of: str | None = None
    window_months: int = WINDOW_MONTHS
    originator: str | None = None

    def rule_text(
        self, originator_name: str | None = None, elsewhere: str = "on the Country profile"
    ) -> str:
        """The rule in words, for the line under every chart that uses it (and the pack's
        summary, whose other figures are `elsewhere`)."""
        years = self.window_months / 12
        span = f"{years:g} years" if years.is_integer() else f"{self.window_months} months"
        stated = "a number a source states before one computed from its words"
        if self.originator:
            who = (
                f"of {originator_name or self.originator}'s figures, a number it states before "
                "one computed from its words; then the latest"
            )
        else:
            who = (
                "an official or research figure before an estimate, and of those one of the "
                f"last 12 months, an official one before a research one; {stated}; then the "
                "latest"
            )
        when = (
            f"Up to {end_of(self.as_of):%b %Y}, of each country's figures within {span}"
            if self.as_of
            else f"Of each country's figures within {span} of its latest"
        )
        return (
            f"{when}, the one shown is: a count of everyone before one of some people only "
            f"(women, say); then {who}; an exact number before a bound (but not before its own "
            f"count's range). A count that takes in an unknown number of others too (all "
            f"arrests, say), or of one occasion only (one repatriation flight), is not shown. "
            f"Every other figure is {elsewhere}."
        )


# No date chosen, every originator: each slot's own latest figure (the pages' default).
LATEST = Lens()

# The columns of a cross-section row, in the order `returnees cross-section` prints them.
ROW_COLUMNS = [
    "entity",
    "entity_name",
    "metric",
    "figure_id",
    "value",
    "value_low",
    "value_high",
    "qualifier",
    "value_text",
    "as_of",
    "originator",
    "originator_kind",
    "standing",
    "per_million",
    "flags",
]


def cross_section(figures: pd.DataFrame, lens: Lens = LATEST) -> pd.DataFrame:
    """One row per (entity, metric): the figure that stands for it under `lens`, with
    `others` (figures of the slot not chosen), `per_million`, `mark_text` and `flags`.

    `figures` is a figures frame (`returnees.frames.figures_frame`).
    """
    # `others`: every other figure of the slot, whatever the lens, for "see the profile".
    counts = figures.groupby(["entity", "metric"])["figure_id"].transform("size")
    # A count that takes in people its metric does not count is no count of the metric, and
    # one of one occasion no total of it.
    rows = figures.assign(_slot_size=counts)[figures["date_known"] & ~off_chart(figures)]
    if lens.originator:
        rows = rows[rows["originator"] == lens.originator]
    # Dates as datetime64, converted once (a Timestamp a row cost a second at 100,000 rows).
    stamps = pd.to_datetime(rows["as_of_sort"])
    if lens.as_of:
        ends = pd.Series(pd.Timestamp(end_of(lens.as_of)), index=rows.index)
    else:
        ends = stamps.groupby([rows["entity"], rows["metric"]]).transform("max")
    if rows.empty:
        return _empty(figures)
    # A window's start for each distinct end, not each row.
    start = ends.map(
        {end: pd.Timestamp(_months_before(end.date(), lens.window_months)) for end in ends.unique()}
    )
    rows = rows[(stamps > start) & (stamps <= ends)]
    picked = ranked(rows).drop_duplicates(["entity", "metric"]).copy()
    picked["others"] = picked["_slot_size"] - 1
    picked = picked.drop(columns=["_slot_size"])
    picked["per_million"] = [
        per_million(entity, value)
        for entity, value in zip(picked["entity"], picked["value"], strict=True)
    ]
    picked["flags"] = _flags(picked)
    picked["mark_text"] = [
        f"{text} · {as_of[:4]}" + (" *" if _pair_flagged(flags) else "")
        for text, as_of, flags in zip(
            picked["value_text"], picked["as_of"], picked["flags"], strict=True
        )
    ]
    order = {m: i for i, m in enumerate(dict.fromkeys((*CORE_METRICS, *picked["metric"])))}
    return picked.sort_values(
        ["is_aggregate", "entity_name", "metric"],
        key=lambda c: c.map(order) if c.name == "metric" else c,
        ascending=[False, True, True],
        ignore_index=True,
    )


# Of copies of one count alike in every step, the page nearest whose count it is: a report,
# paper or brief before a news page, a news page before any other page (a blog's repost, a
# party's page, a repository's transcription: `other` holds all of them).
PAGE_KINDS = {"news": 1, "other": 2}


def _page(rows: pd.DataFrame) -> pd.Series:
    return rows["source_kind"].map(PAGE_KINDS).fillna(0)


def ranked(rows: pd.DataFrame) -> pd.DataFrame:
    """Figures in the rule's order (steps 2 to 8): a count of everyone over a scoped count, an
    official or research figure over an estimate, one of the last year of those over an older
    one, official over research, a number a source states over one computed from its words
    (the Home Office's "more than 400" over "around 40%" of its "more than 900"), latest, an
    exact value over a bound but a range over a number it holds of the same body's count of the
    same date; then a report's or a news page's copy over a blog's, and by id, so the choice is
    stable."""
    scoped = rows["scope"].ne("")
    estimate = rows["standing"].eq("estimate")
    stamps = pd.to_datetime(rows["as_of_sort"])
    newest = stamps.groupby([rows["entity"], rows["metric"], scoped, estimate]).transform("max")
    order = rows.assign(
        _scoped=scoped,
        _estimate=estimate,
        _older=(newest - stamps).to_numpy() > PERIOD,
        _standing=rows["standing"].map(STANDINGS.index),
        _held=held_by_a_range(rows),
        _bound=~(rows["qualifier"].eq("exact") & ~rows["is_derived"]),
        _page=_page(rows),
    ).sort_values(
        [
            "_scoped",
            "_estimate",
            "_older",
            "_standing",
            "is_derived",
            "as_of_sort",
            "_held",
            "_bound",
            "_page",
            "figure_id",
        ],
        ascending=[True, True, True, True, True, False, True, True, True, True],
        kind="stable",
    )
    return order.drop(
        columns=["_scoped", "_estimate", "_older", "_standing", "_held", "_bound", "_page"]
    )


def held_by_a_range(rows: pd.DataFrame) -> np.ndarray:
    """Whether each figure is a number (or bound) that a range of the same body's count of the
    same entity, metric and date holds: one page's flattening of what the body gave as a range
    (Al-Youm's "900" Lebanese of The Soufan Group's "between 800 and 900"), which the range
    stands before."""
    held = np.zeros(len(rows), dtype=bool)
    ranges = rows["qualifier"].eq("range").to_numpy()
    if not ranges.any():  # most slots: nothing to compare, and no frame to build
        return held
    keys = ["entity", "metric", "originator", "as_of_sort"]
    points = rows.loc[~ranges, [*keys, "value"]].assign(_at=np.flatnonzero(~ranges))
    spans = rows.loc[ranges, [*keys, "value_low", "value_high"]]
    pairs = points.merge(spans, on=keys)
    inside = pairs["value"].between(pairs["value_low"], pairs["value_high"])
    held[pairs.loc[inside, "_at"].to_numpy()] = True
    return held


def best(rows: pd.DataFrame) -> pd.Series:
    """The one figure of `rows` (of one entity and metric, already in a window) the rule's
    steps 2 to 8 choose: the first in `ranked`'s order, found without sorting (a profile asks
    for a few of a handful of rows each, where a sort's frame copies cost most of its time)."""
    # Plain lists, not Series operations: a profile asks this of a handful of rows a few
    # hundred times, where each pandas operation costs more than the rows' own work.
    standing = rows["standing"].tolist()
    derived = rows["is_derived"].tolist()
    scoped = [scope != "" for scope in rows["scope"].tolist()]
    estimate = [kind == "estimate" for kind in standing]
    held = held_by_a_range(rows).tolist()
    days = [day.toordinal() for day in rows["as_of_sort"]]
    newest: dict[tuple[bool, bool], int] = {}
    for key, day in zip(zip(scoped, estimate, strict=True), days, strict=True):
        newest[key] = max(day, newest.get(key, day))
    period = PERIOD.astype(int)
    keys = [
        (
            s,
            e,
            newest[(s, e)] - day > period,
            STANDINGS.index(kind),
            d,
            -day,
            h,
            not (qualifier == "exact" and not d),
            PAGE_KINDS.get(source_kind, 0),
            figure_id,
        )
        for s, e, day, kind, d, h, qualifier, source_kind, figure_id in zip(
            scoped,
            estimate,
            days,
            standing,
            derived,
            held,
            rows["qualifier"].tolist(),
            rows["source_kind"].tolist(),
            rows["figure_id"].tolist(),
            strict=True,
        )
    ]
    return rows.iloc[min(range(len(keys)), key=keys.__getitem__)]


def per_million(entity: str, value: float) -> float | None:
    """`value` per million inhabitants of `entity`, to one decimal; None without a population."""
    people = population(entity)
    return round(value / people * 1_000_000, 1) if people else None


# Qualifiers that state a bound or a range, not a number ("about 300" is a number).
BOUNDS = ("more_than", "at_least", "up_to", "fewer_than", "range")
PAIR_FLAGS = (
    "different-originators",
    "different-people",
    "years-apart",
    "returned-above-travelled",
)


def counted(rows: pd.DataFrame, suffix: str = "") -> np.ndarray:
    """Whom each figure counts, as its record says: its scope and what it includes (columns
    `scope<suffix>`, `includes<suffix>`). Figures that differ in either ("women only" and
    "children only") count different people: they neither disagree, make a trend, nor make a
    share. EVERYONE is a figure's with neither."""
    return (rows[f"scope{suffix}"] + "\x1f" + rows[f"includes{suffix}"]).to_numpy()


EVERYONE = "\x1f"


def _pair_flagged(flags: tuple[str, ...]) -> bool:
    return any(f in PAIR_FLAGS for f in flags)


def _flags(picked: pd.DataFrame) -> list[tuple[str, ...]]:
    """Each row's flags: its own (`scoped`, `bound`, `computed`) and, for the travelled and
    returned rows of one entity, whether the pair is like for like."""
    pairs: dict[str, tuple[str, ...]] = {}
    # One row a slot: each entity's travelled and returned rows, read as plain tuples (a frame
    # an entity was most of a cross-section's time at 100,000 figures).
    core = picked[picked["metric"].isin(("travelled", "returned"))]
    core = core[["entity", "metric", "originator", "as_of_sort", "value"]].assign(
        people=counted(core)
    )
    by_slot = {(row.entity, row.metric): row for row in core.itertuples()}
    for entity in {entity for entity, _ in by_slot}:
        travelled = by_slot.get((entity, "travelled"))
        returned = by_slot.get((entity, "returned"))
        if travelled is None or returned is None:
            continue
        found = []
        if travelled.originator != returned.originator:
            found.append("different-originators")
        # "About 900" who went and "84 (only those who returned and were tried)" are no share.
        if travelled.people != returned.people:
            found.append("different-people")
        apart = abs(pd.Timestamp(travelled.as_of_sort) - pd.Timestamp(returned.as_of_sort))
        if apart > pd.Timedelta(days=round(365.25 * PAIR_YEARS_APART)):
            found.append("years-apart")
        if returned.value > travelled.value:
            found.append("returned-above-travelled")
        pairs[entity] = tuple(found)
    flags = []
    for row in picked.itertuples():
        own = [
            name
            for name, on in (
                ("scoped", row.scope != ""),
                ("bound", row.qualifier in BOUNDS),
                ("computed", row.is_derived),
            )
            if on
        ]
        pair = pairs.get(row.entity, ()) if row.metric in ("travelled", "returned") else ()
        flags.append((*own, *pair))
    return flags


def _empty(figures: pd.DataFrame) -> pd.DataFrame:
    """No row, with every column a cross-section has: a lens whose body's every figure takes
    in others (the United Nations' count of Tunisians) draws an empty chart, not a KeyError."""
    return figures.iloc[:0].assign(
        others=pd.Series(dtype="int64"),
        per_million=pd.Series(dtype="float64"),
        flags=pd.Series(dtype=object),
        mark_text=pd.Series(dtype=object),
    )


FLAG_WORDS = {
    "scoped": "counts whom its scope says, not all those the metric counts",
    "bound": "a bound, not an exact count",
    "computed": "computed from the source's words",
    "different-originators": "travelled and returned are different bodies' counts",
    "different-people": "travelled and returned count different people (see their scope)",
    "years-apart": f"travelled and returned are more than {PAIR_YEARS_APART} years apart",
    "returned-above-travelled": "more returned than travelled",
}


def pairs_drawn(picked: pd.DataFrame) -> bool:
    """Whether a chart of these rows draws travelled beside returned: only then is a pair's
    mark (*) and its note about something the reader sees."""
    return {"travelled", "returned"} <= set(picked["metric"])


def marks_for_chart(picked: pd.DataFrame) -> pd.DataFrame:
    """The rows as a chart of them labels its marks: without a pair's mark (*) where the
    chart draws no pair (a ranking or map of one metric)."""
    if pairs_drawn(picked):
        return picked
    return picked.assign(mark_text=picked["mark_text"].str.removesuffix(" *"))


def pair_note(picked: pd.DataFrame) -> str | None:
    """The note under a chart naming, reason by reason, the countries whose travelled /
    returned pair (marked *) is not like for like; None when every pair is."""
    flagged = picked[picked["flags"].map(_pair_flagged)].drop_duplicates("entity")
    if flagged.empty:
        return None
    reasons = [
        f"{FLAG_WORDS[flag]}: "
        + ", ".join(flagged.loc[flagged["flags"].map(lambda f, g=flag: g in f), "entity_name"])
        for flag in PAIR_FLAGS
        if flagged["flags"].map(lambda f, g=flag: g in f).any()
    ]
    listed = "; ".join(reasons)
    return f"* Not like for like, so not a share returned. {listed[:1].upper()}{listed[1:]}."


# A briefing says when its newest figure is older than this.
OLD_AFTER_YEARS = 5


def summary_lines(
    rows: pd.DataFrame,
    standing: pd.DataFrame,
    metrics: list[str],
    today: date,
    mark: Callable[[str], str] = lambda figure_id: "",
) -> list[str]:
    """Per metric, the figure that stands for it, with its date and whose count it is
    ("Travelled: about 1,150 (as of Dec 2023). Official figure: Germany's Federal Government."),
    or that there is none (or none with a date: the tables list it); then, when the newest figure
    is more than OLD_AFTER_YEARS old, how old. `standing` is `rows`' cross-section (one
    entity's rows of the version's: working out its own was about a tenth of a profile's
    build). `mark` adds a reference after the date (the pack's note number)."""
    picked = standing.set_index("metric")
    lines = []
    for metric in metrics:
        label = METRICS[metric].label
        if metric not in picked.index:
            lines.append(f"{label}: {none_stands(rows[rows['metric'] == metric])}")
            continue
        row = picked.loc[metric]
        lines.append(
            f"{label}: {row['value_text']} (as of {row['as_of_text']}){mark(row['figure_id'])}. "
            f"{STANDING_LABELS[row['standing']]}: {row['originator_name']}."
            + "".join(
                f" Not shown, as counting {why}: {_listed(kept)}."
                for why, kept in _off_chart_kinds(rows[rows["metric"] == metric])
            )
        )
    lines += _outrun(picked)
    dated = rows[rows["date_known"]] if "date_known" in rows else rows
    if len(dated):
        newest = dated.loc[dated["as_of_sort"].idxmax()]
        years = (today - newest["as_of_sort"]).days // 365
        if years > OLD_AFTER_YEARS:
            lines.append(f"The newest figure here is of {newest['as_of_text']}: {years} years old.")
    return lines


# (earlier stage, later stage): everyone counted at the later stage passed the earlier one
# (a person convicted was prosecuted).
STAGES = (("prosecuted", "convicted"),)


def _outrun(picked: pd.DataFrame) -> list[str]:
    """Where the count standing for a stage is older than, and below, the count of a later
    stage of the same people ("0 prosecuted" of 2013 beside 13 convicted of 2019): that the
    earlier count is out of date, so a reader does not set the two side by side."""
    lines = []
    for earlier, later in STAGES:
        if earlier not in picked.index or later not in picked.index:
            continue
        a, b = picked.loc[earlier], picked.loc[later]
        same_people = (a["scope"], a["includes"]) == (b["scope"], b["includes"])
        below = pd.notna(a["value_high"]) and pd.notna(b["value_low"])
        below = below and a["value_high"] < b["value_low"]
        if same_people and below and a["as_of_sort"] < b["as_of_sort"]:
            first, then = METRICS[earlier].label, METRICS[later].label.lower()
            lines.append(
                f"{first}, {a['value_text']} ({a['as_of_text']}), is older than and below "
                f"{then}, {b['value_text']} ({b['as_of_text']}): everyone {then} was "
                f"{first.lower()} first, so the {first.lower()} count is out of date."
            )
    return lines


def none_stands(rows: pd.DataFrame, where: str = "in the table below") -> str:
    """Why no figure of a metric's `rows` stands for it: there are none, or those there are
    have no date or take in others too (listed `where`)."""
    if rows.empty:
        return "no figure in this dataset."
    kinds = _off_chart_kinds(rows)
    undated = int((~rows["date_known"] & ~off_chart(rows)).sum())
    if not kinds:
        return f"no dated figure; {undated} without a date {where}."
    why = "; ".join(
        f"{len(kept)} count{'s' if len(kept) == 1 else ''} {what}, {_listed(kept)}"
        for what, kept in kinds
    )
    if undated:
        why += f"; {undated} {'has' if undated == 1 else 'have'} no date"
    return f"none to show; {why}, {where}."


# What a table adds to a figure that takes in others too, or counts one occasion: that no
# chart shows it.
ON_NO_CHART = " — counts others too: on no chart"
ONCE_ON_NO_CHART = " — one occasion only: on no chart"


def off_chart(rows: pd.DataFrame) -> pd.Series:
    """The figures no chart shows as their country's: those that take in others too, and
    those of one occasion only."""
    return rows["takes_in_others"] | rows["one_occasion"]


def _off_chart_kinds(rows: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The figures of `rows` no chart shows, by why, in a summary's words: those that take in
    others too, then those of one occasion only (none listed twice)."""
    wider = rows[rows["takes_in_others"]]
    once = rows[rows["one_occasion"] & ~rows["takes_in_others"]]
    return [
        (why, kept)
        for why, kept in (("others too", wider), ("one occasion only", once))
        if len(kept)
    ]


def reported(rows: pd.DataFrame) -> pd.Series:
    """Each figure as worded, for a table: a count that takes in others, or counts one
    occasion only, says so."""
    texts = [
        text + (ON_NO_CHART if others else ONCE_ON_NO_CHART if once else "")
        for text, others, once in zip(
            rows["value_text"], rows["takes_in_others"], rows["one_occasion"], strict=True
        )
    ]
    return pd.Series(texts, index=rows.index, dtype=object)  # as the frame's own text


def _listed(rows: pd.DataFrame) -> str:
    """Figures as worded, each with whom it counts: '38 (Sughd province) and about 700 (...)'."""
    *before, last = dict.fromkeys(rows["value_text"])
    return f"{', '.join(before)} and {last}" if before else last


def _cell(value: object) -> object:
    """A row's cell as JSON: counts whole, missing values null, flags a list."""
    if isinstance(value, tuple):
        return list(value)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# What a chart's download adds to each row: the citation of its figure.
CITATION_COLUMNS = [
    "source_id",
    "source_title",
    "publisher",
    "published",
    "url",
    "attributed_to",
    "quote",
    "translation",
]


def rows_records(rows: pd.DataFrame, columns: list[str] = ROW_COLUMNS) -> list[dict[str, object]]:
    """A cross-section's rows as plain records, in `columns` (JSON and CSV share them)."""
    return [
        {column: _cell(value) for column, value in zip(columns, row, strict=True)}
        for row in rows[columns].itertuples(index=False, name=None)
    ]
