"""Citation text, built from the models only: pages never type citation text themselves."""

from __future__ import annotations

import html
import json
import math
import re
import threading
from collections.abc import Iterable
from datetime import date
from functools import cache, lru_cache
from importlib.metadata import version
from pathlib import Path
from urllib.parse import quote_plus, urlparse

import citeproc
import numpy as np
import yaml
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as csl_formatter
from citeproc.source.json import CiteProcJSON

from returnees import dates, reference
from returnees.loader import Dataset
from returnees.quotes import normalize, number_spans
from returnees.schema import LOWER_BOUNDS, QUALIFIER_WORDS, UPPER_BOUNDS, Figure, Source
from returnees.vocab import METRICS, entity_name


def half_up(value: float) -> int:
    """`value` (never negative) to the nearest whole number, a half up, as a person rounds:
    46.5 is 47 (Python's round() gives the even one, 46)."""
    return math.floor(value + 0.5)


def number(value: float) -> str:
    """A count for display: whole numbers with separators, computed shares rounded half up."""
    return f"{half_up(value):,}"


def number_text(figure: Figure, value: float, base: Figure | None = None) -> str:
    """The number as the source gives it: 'more than 500', 'between 2,000 and 2,500'. A share
    of a bound (`base`: "around 40%" of "more than 900") is open the same way: 'about 360 or
    more'."""
    if figure.qualifier == "range":
        return f"between {figure.low:,} and {figure.high:,}"
    text = f"{QUALIFIER_WORDS[figure.qualifier]} {number(value)}".strip()
    if base is None or figure.qualifier not in ("exact", "about"):
        return text
    if base.qualifier in LOWER_BOUNDS:
        return f"{text} or more"
    if base.qualifier in UPPER_BOUNDS:
        return f"{text} or fewer"
    return text


def share_base(dataset: Dataset, figure: Figure) -> Figure | None:
    """The figure a share is of (whose bound the share keeps), else None."""
    derived = figure.derived
    return dataset.figure(derived.of) if derived and derived.method == "share" else None


def shown_value(dataset: Dataset, figure: Figure) -> str:
    """`value_text` of a figure of `dataset`, a share keeping its base's bound."""
    return value_text(figure, dataset.values[figure.id], share_base(dataset, figure))


def value_text(figure: Figure, value: float, base: Figure | None = None) -> str:
    """The figure as the source gives it ('more than 500', 'between 2,000 and 2,500'), and
    whom it is limited to or includes: '181 (men only)'. `base` as for `number_text`."""
    text = number_text(figure, value, base)
    included = f"incl. {figure.includes}" if figure.includes else None
    notes = [n for n in ("computed" if figure.derived else None, figure.scope, included) if n]
    return f"{text} ({'; '.join(notes)})" if notes else text


def published_text(source: Source) -> str:
    """The publication date at its real precision, saying when it is not printed."""
    shown = dates.display(source.published.date, source.published.approximate)
    return shown if source.published.printed else f"{shown} (not printed; looked up)"


def as_of(figure: Figure, source: Source) -> str:
    """The figure's date: its own, else its source's; empty when the page does not say when
    the number was given (`date_unknown`)."""
    if figure.date_unknown:
        return ""
    return figure.as_of or source.published.date


def as_of_text(figure: Figure, source: Source) -> str:
    if figure.date_unknown:
        published = dates.display(source.published.date, source.published.approximate)
        return f"date not given; stated before {published}"
    if figure.as_of:
        return dates.display(figure.as_of)
    return dates.display(source.published.date, source.published.approximate)


def authors_text(source: Source) -> str:
    return ", ".join(source.authors) if source.authors else "Author unknown (none printed)"


def attributed_text(figure: Figure) -> str:
    return figure.attributed_to or "the source itself (no one else named)"


def quote_check_text(source: Source) -> str:
    """How far the quotes of a source were checked: against an archived copy, or not here."""
    if source.document:
        return "Checked against an archived copy of the document"
    on = source.retrieved.on
    return f"Recorded from the page as retrieved on {on.day} {on:%b %Y}; no archived copy here" + (
        f" (read: {source.retrieved.read})" if source.retrieved.read else ""
    )


def short_source(source: Source) -> str:
    """'VICE News (c. 1 Dec 2014)': the form a chart's source line uses; a repost names the
    original first ('ICSR's report, as hosted by Docslib (2018)')."""
    when = dates.display(source.published.date, source.published.approximate)
    if source.republishes:
        return f"{source.republishes.publisher}'s report, as hosted by {source.publisher} ({when})"
    return f"{source.publisher} ({when})"


def standing_text(dataset: Dataset, figure: Figure) -> str:
    """'Official figure: Germany's Federal Government (government)': whose count a figure is,
    and what that makes it."""
    originator = dataset.originators[figure.originator]
    kind = reference.KIND_LABELS[originator.kind]
    standing = reference.figure_standing(dataset, figure)
    return f"{reference.standing_text(standing, originator)} ({kind})"


# Counts a chart's source line names before "and N more": the line stays short enough to
# read in an exported PNG and on a phone; every mark still cites its own source on click and
# hover, and the list of every source is where the line says.
SOURCE_LINE_MAX = 3


def _host(url: str) -> str:
    """'centre.example' of 'https://www.centre.example/report' (an address the schema has
    checked: http(s), with a host)."""
    return (urlparse(url).hostname or "").removeprefix("www.")


def _whose_count(dataset: Dataset, figure: Figure) -> tuple[str, str]:
    """Which count of a chart's source line a mark belongs to: (originator, "") for its
    originator's, or, where the page names no body whose count it is (kind unknown),
    (originator, page) for its page's alone."""
    if dataset.originators[figure.originator].kind == "unknown":
        return (figure.originator, figure.source)
    return (figure.originator, "")


def _years(dataset: Dataset, figures: list[Figure]) -> str:
    """'2015' or '2014–2017': the years of a body's counts on a chart."""
    known = sorted({as_of(f, dataset.sources[f.source])[:4] for f in figures} - {""})
    if not known:
        return "date not given"
    return known[0] if len(known) == 1 else f"{known[0]}–{known[-1]}"


def _count_text(dataset: Dataset, key: tuple[str, str], figures: list[Figure]) -> str:
    """'ICSR (2015), via Clarín': a body's counts with the years they are of and the pages that
    print them (not its own site), named up to two ('via 4 pages': no one page is the one to
    name); a page's own number, as its source."""
    ident, page_id = key
    if page_id:
        return short_source(dataset.sources[page_id])
    originator = dataset.originators[ident]
    pages = (dataset.sources[f.source] for f in figures)
    printed = dict.fromkeys(
        page.publisher
        for page in pages
        if page.publisher != originator.name
        and not (originator.url and _host(page.url) == _host(originator.url))
    )
    text = f"{originator.name} ({_years(dataset, figures)})"
    if len(printed) > 2:
        return f"{text}, via {len(printed)} pages"
    return f"{text}, via {' and '.join(printed)}" if printed else text


# Where a chart's sources not named in its line are: each mark names its own (in the app);
# the pack's marks are printed, so its notes list them.
ON_THE_SOURCES_PAGE = "each mark names its own; all are on the Sources page"
IN_THE_NOTES = "all are in the notes at the end"


def source_line(
    dataset: Dataset, figure_ids: Iterable[str], listed: str = ON_THE_SOURCES_PAGE
) -> str:
    """The line every chart carries: whose counts it draws (the bodies that counted, not the
    outlets that printed them), of which years, and the pages that print them.

    Official counts come first, then research, then estimates. Past SOURCE_LINE_MAX counts, it
    names those behind most of the chart's marks (those behind more than one, where some are)
    and counts the rest, saying where they are `listed` (ON_THE_SOURCES_PAGE, IN_THE_NOTES).
    """
    counts: dict[tuple[str, str], list[Figure]] = {}
    for figure_id in figure_ids:
        figure = dataset.figure(figure_id)
        counts.setdefault(_whose_count(dataset, figure), []).append(figure)
    if not counts:
        return "Source: none (no figures shown)"

    def standing(key: tuple[str, str]) -> int:
        return min(
            reference.STANDINGS.index(reference.figure_standing(dataset, f)) for f in counts[key]
        )

    def first(key: tuple[str, str]) -> str:
        return min(as_of(f, dataset.sources[f.source]) or "9999" for f in counts[key])

    ranked = sorted(counts, key=lambda k: (-len(counts[k]), standing(k), first(k), k))
    # One more is named, not counted: "and 1 more (...)" takes the room its name would.
    named = ranked[: SOURCE_LINE_MAX + (len(ranked) == SOURCE_LINE_MAX + 1)]
    if len(named) < len(ranked):
        # Beside counts behind several marks, one behind a single mark is no more the chart's
        # source than the others left unnamed (a map's Luxembourg among 35 countries).
        named = [k for k in named if len(counts[k]) > 1] or named
    parts = [
        _count_text(dataset, key, counts[key])
        for key in sorted(named, key=lambda k: (standing(k), -len(counts[k]), first(k), k))
    ]
    label = "Source" if len(counts) == 1 else "Sources"
    rest = len(counts) - len(named)
    more = f"; and {rest:,} more ({listed})" if rest else ""
    return f"{label}: {'; '.join(parts)}{more}. Compiled by Returnee Figures."


# Figures a disagreement note names one by one; past this it gives their range, and the table
# beside it lists them all (a note of eleven figures is a wall of text no one reads).
DISAGREEMENT_LISTED = 4


def disagreement_text(metric: str, rows, notes: dict[str, int] | None = None) -> str:
    """Where sources differ on one metric: each figure, whose count it is, its source and date
    (and note number), or, past DISAGREEMENT_LISTED figures, how many there are and the lowest
    and the highest.

    `rows` are rows of the figures frame (see charts.disagreements).
    """

    def said(figure_id: str, source: str, value: str, as_of: str, who: str) -> str:
        note = f" [{notes[figure_id]}]" if notes else ""
        return f"{who}{source}: {value} (as of {as_of}){note}"

    # Whose count first, as a source line says it: "The Soufan Center, in Report Focus News
    # (...)"; a page's own number, or a body's own page, by the page alone.
    named = (rows["originator_kind"] != "unknown") & ~np.array(
        [
            page.startswith(who)
            for page, who in zip(rows["source_short"], rows["originator_name"], strict=True)
        ]
    )
    # Plain tuples of the columns said: a row tuple of every column of the figures frame (a
    # namedtuple class made for each call) cost more than the note.
    shown = rows[["figure_id", "source_short", "value_text", "as_of_text"]].assign(
        who=np.where(named, rows["originator_name"] + ", in ", "")
    )
    label = METRICS[metric].label.lower()
    if len(rows) <= DISAGREEMENT_LISTED:
        listed = (said(*r) for r in shown.itertuples(index=False, name=None))
        return f"Sources disagree on {label}: {'; '.join(listed)}."
    ranked = shown.iloc[np.argsort(rows["value"].to_numpy(), kind="stable")]  # NaN last
    low, high = ranked.iloc[0], ranked.iloc[-1]
    return (
        f"Sources disagree on {label}: {len(rows)} figures from "
        f"{rows['source_id'].nunique()} sources, from the lowest, {said(*low)}, to the highest, "
        f"{said(*high)}. The table lists them all."
    )


def arithmetic(dataset: Dataset, figure: Figure) -> str | None:
    """How a derived value was computed, with the figures it rests on."""
    d = figure.derived
    if d is None:
        return None
    base = dataset.figure(d.of)
    base_text = _part(dataset, figure, base)
    result = number(dataset.values[figure.id])
    if d.method == "share":
        shown = number_text(figure, dataset.values[figure.id], base)
        return (
            f"“{d.words}” × {base_text}: {d.share:g} × {dataset.values[base.id]:g} = "
            f"{dataset.values[figure.id]:g}, shown as {shown}. Computed by Returnee Figures."
        )
    minus = " − ".join(_part(dataset, figure, dataset.figure(m)) for m in d.minus)
    return f"“{d.words}”: {base_text} − {minus} = {result}. Computed by Returnee Figures."


def _part(dataset: Dataset, figure: Figure, part: Figure) -> str:
    """A figure a computation rests on, as a reader finds it among `figure`'s: its value, metric
    and date ("1,700 (travelled, May 2020)"), and its country when not `figure`'s."""
    where = "" if part.entity == figure.entity else f"{entity_name(part.entity)}, "
    when = as_of_text(part, dataset.sources[part.source])
    which = f"{where}{METRICS[part.metric].label.lower()}, {when}"
    text = shown_value(dataset, part)
    # One pair of brackets: "300 (joined IS; travelled, 25 Aug 2019)".
    return f"{text[:-1]}; {which})" if text.endswith(")") else f"{text} ({which})"


def quote_html(dataset: Dataset, figure: Figure, escape=html.escape) -> str:
    """The quote as escaped HTML with the number in <mark> (`escape` turns text into HTML)."""
    return "".join(
        f"<mark>{escape(text)}</mark>" if hit else escape(text)
        for text, hit in quote_segments(dataset, figure)
    )


def quote_segments(dataset: Dataset, figure: Figure) -> list[tuple[str, bool]]:
    """The quote split into (text, is_the_number) pieces, for highlighting as plain text."""
    text = normalize(figure.quote)
    if figure.derived:
        spans = number_spans(text, set(), (figure.derived.words,))
    else:
        wanted = {figure.low, figure.high} if figure.qualifier == "range" else {figure.value}
        language = dataset.sources[figure.source].language
        spans = number_spans(text, {n for n in wanted if n is not None}, language=language)
    pieces, cursor = [], 0
    for start, end in spans:
        if start > cursor:
            pieces.append((text[cursor:start], False))
        pieces.append((text[start:end], True))
        cursor = end
    if cursor < len(text):
        pieces.append((text[cursor:], False))
    return pieces


# The dataset as a whole: the Data page's "Cite this dataset", CITATION.cff and the data
# package's metadata all read these.
DATASET_TITLE = (
    "Returnee Figures: reported numbers of ISIS foreign fighters who travelled, returned and "
    "were detained"
)
DATASET_AUTHOR = "Returnee Figures"
DATASET_ABSTRACT = (
    "The reported numbers of foreign fighters who travelled to join ISIS in Syria and Iraq, who "
    "returned home, and who were detained on return, country by country. Every figure carries "
    "its source (outlet, title, author, date, address), the verbatim quote that states it, whom "
    "the source attributes it to, and how a derived number was computed."
)
DATASET_KEYWORDS = ("foreign fighters", "ISIS", "returnees", "provenance", "statistics")


def software_version() -> str:
    """The version in pyproject.toml, as installed."""
    return version("returnees")


def last_updated(dataset: Dataset) -> date:
    """The day the data last changed: the latest day a figure in it was checked."""
    return max(figure.verified.on for figure in dataset.figures)


def last_updated_text(dataset: Dataset) -> str:
    day = last_updated(dataset)
    return f"Data last updated {day.day} {day:%b %Y}"


def dataset_citation(dataset: Dataset, digest: str, accessed: str) -> str:
    return (
        f"{DATASET_TITLE} ({len(dataset.figures)} figures from {len(dataset.sources)} sources; "
        f"last updated {last_updated(dataset).isoformat()}; data version {digest[:12]}; "
        f"software version {software_version()}). Accessed {accessed}."
    )


def citation_cff() -> str:
    """CITATION.cff (the file GitHub and Zenodo read): the software, citing the dataset."""

    def authors() -> list[dict]:
        return [{"name": DATASET_AUTHOR}]  # a list each time: YAML would write an alias

    cff = {
        "cff-version": "1.2.0",
        "message": (
            "If you use these figures, please cite the dataset as below, and each figure's own "
            "source (the figure's citation card in the dashboard gives it)."
        ),
        "type": "software",
        "title": DATASET_AUTHOR,
        "version": software_version(),
        "abstract": DATASET_ABSTRACT,
        "authors": authors(),
        "keywords": list(DATASET_KEYWORDS),
        "preferred-citation": {
            "type": "data",
            "title": DATASET_TITLE,
            "version": software_version(),
            "abstract": DATASET_ABSTRACT,
            "authors": authors(),
        },
    }
    header = (
        "# Written by returnees.citations.citation_cff(); tests/test_formats.py keeps it in step.\n"
    )
    return header + yaml.safe_dump(cff, sort_keys=False, allow_unicode=True, width=100)


def safe_url(url: str | None) -> str | None:
    """Only http(s) addresses become links."""
    if url and urlparse(url).scheme in ("http", "https") and urlparse(url).netloc:
        return url
    return None


def source_rows(source: Source, escape=html.escape) -> list[tuple[str, str]]:
    """(label, HTML) of a source as a citation gives it: who published what (linked), its
    authors, its date, and how its quotes were checked (`escape` turns data text into HTML)."""
    e = escape
    if source.republishes:
        original = source.republishes
        shown = (
            f"{e(original.publisher)}: “{_link(original.url, original.title, e)}”, as hosted by "
            f"{e(source.publisher)}: “{_link(source.url, source.title, e)}”"
        )
    else:
        shown = f"{e(source.publisher)}: “{_link(source.url, source.title, e)}”"
    return [
        ("Source", shown),
        ("Authors", e(authors_text(source)) + basis_html(source.authors_basis, e)),
        ("Published", e(published_text(source)) + basis_html(source.published.basis, e)),
        # Printed, not only linked: a pack on paper has no link to follow.
        ("Address", e(source.url) if safe_url(source.url) else "unknown"),
        ("Quote checked", e(quote_check_text(source))),
    ]


# A record id as data text may name one ("Of the 800 returnees (le17-tun-returned)").
RECORD_ID = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b")


def named_records(dataset: Dataset, text: str) -> str:
    """`text` with each figure id in it named as a reader can find the figure: its country,
    metric, value and date ("Tunisia, returned: 800, 22 Apr 2017"); a page has no handle in the
    pack, where the ids of the data files mean nothing."""

    def name(match: re.Match) -> str:
        if match.group(0) not in dataset.values:
            return match.group(0)
        figure = dataset.figure(match.group(0))
        value = shown_value(dataset, figure)
        when = as_of_text(figure, dataset.sources[figure.source])
        return (
            f"{entity_name(figure.entity)}, {METRICS[figure.metric].label.lower()}: {value}, {when}"
        )

    return RECORD_ID.sub(name, text)


def figure_rows(
    dataset: Dataset, figure: Figure, escape=html.escape, source: list | None = None
) -> list[tuple[str, str]]:
    """(label, HTML) of what a citation says about a figure beyond its value and quote: the
    card's rows and the briefing pack's notes (`escape` turns data text into HTML). `source`
    replaces the source's own rows (the pack's notes refer to its list of sources instead)."""
    e = escape
    if source is None:
        *named, checked = source_rows(dataset.sources[figure.source], e)
        source = [*named[:3], ("Attributed to", e(attributed_text(figure))), checked]
    else:
        source = [("Attributed to", e(attributed_text(figure))), *source]
    rows = [("Whose count", e(standing_text(dataset, figure))), *source]
    if figure.takes_in_others or figure.one_occasion:
        label = METRICS[figure.metric].label.lower()
        what = "Others too" if figure.takes_in_others else "One occasion only"
        whom = f"{what} ({figure.scope}), so no chart shows it as its country's {label} figure"
        rows.insert(1, ("Whom it counts", e(whom)))
    arithmetic_text = arithmetic(dataset, figure)
    if arithmetic_text:
        rows.insert(0, ("How it was computed", e(arithmetic_text)))
    if figure.translation:
        # Set off by its label, as the quote is by its box: no marks of ours to double its own.
        rows.insert(0, ("Our translation", e(normalize(figure.translation))))
    if figure.notes:
        rows.append(("Notes", e(named_records(dataset, figure.notes))))
    on = figure.verified.on
    rows.append(("Checked", f"by {e(figure.verified.by)} on {on.day} {on:%b %Y}"))
    return rows


def citation_html(dataset: Dataset, figure_id: str) -> str:
    """The citation card of one figure as HTML in which every piece of data text is escaped."""
    figure = dataset.figure(figure_id)
    source = dataset.sources[figure.source]
    e = html.escape
    table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in figure_rows(dataset, figure))
    return (
        f'<div class="citation-card" data-figure-id="{e(figure.id)}">'
        f'<div class="cc-value">{e(entity_name(figure.entity))} · '
        f"{e(METRICS[figure.metric].label)}: "
        f"<strong>{e(shown_value(dataset, figure))}</strong>"
        f' <span class="cc-asof">as of {e(as_of_text(figure, source))}</span></div>'
        f'<blockquote class="cc-quote">{quote_html(dataset, figure)}</blockquote>'
        f'<table class="cc-meta">{table}</table>'
        f'<div class="cc-id">Figure id: <code>{e(figure.id)}</code></div></div>'
    )


def _link(url: str | None, text: str, escape=html.escape) -> str:
    """An escaped link that opens outside the app, or escaped text when there is no safe URL."""
    if not safe_url(url):
        return escape(text)
    return (
        f'<a href="{html.escape(url)}" target="_blank" rel="noopener noreferrer nofollow">'
        f"{escape(text)}</a>"
    )


def basis_html(text: str | None, escape=html.escape) -> str:
    return f'<br><span class="cc-basis">{escape(text)}</span>' if text else ""


CARD_CSS = """
<style>
/* A 1280x720 projector: less empty space above each page's title (Streamlit's is 6rem). */
[data-testid="stMainBlockContainer"]{padding-top:3rem}
.citation-card{border:1px solid #c9ced6;border-left:6px solid #0072B2;border-radius:6px;
  padding:14px 18px;background:#fafbfc;font-size:15px;line-height:1.45}
.citation-card .cc-value{font-size:18px;margin-bottom:8px}
.citation-card .cc-asof{color:#555;font-size:14px;margin-left:6px;white-space:nowrap}
.citation-card blockquote{margin:8px 0 12px;padding:8px 12px;border-left:3px solid #999;
  background:#fff;font-style:italic;white-space:pre-wrap;overflow-wrap:anywhere}
.citation-card mark{background:#ffe08a;font-style:normal;font-weight:600;padding:0 2px}
.citation-card table{border-collapse:collapse;width:100%}
.citation-card th{display:block;text-align:left;padding:6px 0 0;color:#333;font-size:13px}
.citation-card td{display:block;padding:0 0 2px;overflow-wrap:anywhere}
.citation-card .cc-basis{color:#666;font-size:13px}
.citation-card .cc-id{color:#666;font-size:12px;margin-top:8px}
.rf-source .rf-count{margin-top:10px}
/* Headlines side by side, stacked on a phone (one element, not three columns). */
.rf-headlines{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:16px;align-items:start}
@media (max-width:640px){.rf-headlines{grid-template-columns:1fr}}
.rf-headline{border:1px solid #d5d9e0;border-radius:6px;padding:10px 14px;background:#fff}
.rf-h-label{color:#444;font-size:14px}
.rf-h-value{font-size:30px;font-weight:700;line-height:1.2}
.rf-h-value a{color:#0b3d66;text-decoration:none}
.rf-h-source{color:#555;font-size:13px}
.rf-h-counts{color:#333;font-size:13px;font-style:italic}
.rf-h-others{color:#555;font-size:13px;margin-top:4px}
.rf-h-others ul{margin:0;padding-left:18px}
.rf-h-others li{font-size:13px;margin:0}
.rf-muted{color:#666;font-size:13px}
.rf-summary{font-size:16px;margin:2px 0}
.rf-note{border-left:4px solid #E69F00;background:#fff8e6;padding:8px 12px;margin:6px 0}
/* The Data page's table takes the window's height, not ten rows (the page scrolls past it). */
.st-key-data-table-box [data-testid="stDataFrameResizable"]{height:calc(100vh - 6rem)!important;
  min-height:240px}
/* Data text may hold a word longer than its column (a pasted address, a hostile string). */
.citation-card,.rf-headline,.rf-note,.rf-muted,.rf-text,.rf-summary{overflow-wrap:anywhere}
</style>
"""


# Other assessments a headline lists (the most recent), before "and N more".
HEADLINE_OTHERS = 5
# Outlets named for one assessment before "and N others".
REPORTERS_NAMED = 2


def reported_by(outlets: list[str]) -> str:
    """'RFE/RL, the Daily Mail and 2 others': the outlets that reported one assessment."""
    outlets = list(dict.fromkeys(outlets))
    named, rest = outlets[:REPORTERS_NAMED], len(outlets) - REPORTERS_NAMED
    if rest > 0:
        return f"{', '.join(named)} and {rest} other{'s' if rest > 1 else ''}"
    return " and ".join(named)


def _assessment(row) -> tuple:
    """What makes figures one assessment: one originator's one number of one month (outlets
    date a report to the day or only to the month). Unattributed numbers are never merged:
    nothing says two outlets' unattributed numbers are one count."""
    day = row.as_of_sort
    month = day.strftime("%Y-%m") if hasattr(day, "strftime") else row.as_of_text
    if getattr(row, "originator_kind", None) == "unknown":
        return (row.figure_id,)
    return (row.originator, row.value_text, month)


def assessments(rows) -> list:
    """Figures grouped as assessments (`_assessment`), whichever outlets reported them. Each is
    (first row, outlets), most recent first.

    `rows` are rows of the figures frame.
    """
    listed = rows.sort_values(["as_of_sort", "figure_id"], ascending=[False, True], kind="stable")
    groups: dict[tuple, list] = {}
    for row in listed.itertuples():
        groups.setdefault(_assessment(row), []).append(row)
    return [(found[0], [r.source_short for r in found]) for found in groups.values()]


def counts_text(scope: str, includes: str) -> str:
    """Whom a figure counts, for a headline: its scope, or everyone the source counts and whom
    the source says that includes."""
    if scope:
        return f"{scope}, not everyone"
    if includes:
        return f"everyone the source counts, including {includes}"
    return "everyone the source counts (it may include women and minors)"


def headline_html(label: str, picked, others, countries: int = 0) -> str:
    """A headline number with its qualifier, as-of date, whose count it is and whom it counts;
    other assessments below, each once with the outlets that reported it.

    `picked` is a row of a cross-section, `others` a frame of the other figures of the slot;
    without one, `countries` is how many countries have a figure of their own.
    """
    e = html.escape
    if picked is None:
        said = (
            f"No source gives a worldwide count; {countries} "
            f"{'country has' if countries == 1 else 'countries have'} one of their own "
            "(Compare ranks them)."
            if countries
            else "No source in the dataset reports this."
        )
        return (
            f'<div class="rf-headline"><div class="rf-h-label">{e(label)}</div>'
            f'<div class="rf-h-source">{e(said)}</div></div>'
        )
    key = _assessment(picked)
    same = np.array([_assessment(row) == key for row in others.itertuples()], dtype=bool)
    reporters = reported_by([picked.source_short, *others.loc[same, "source_short"]])
    groups = assessments(others.loc[~same])
    alternatives = "".join(
        f'<li><a href="?figure={quote_plus(first.figure_id)}" target="_self">'
        f"{e(first.value_text)}</a> · {e(first.originator_name)}, {e(first.as_of_text)}; "
        f"reported by {e(reported_by(outlets))}</li>"
        for first, outlets in groups[:HEADLINE_OTHERS]
    )
    if len(groups) > HEADLINE_OTHERS:
        alternatives += (
            f"<li>and {len(groups) - HEADLINE_OTHERS:,} more: all on the "
            f'<a href="country?entity={quote_plus(picked.entity)}" target="_self">'
            "Country profile</a></li>"
        )
    more = (
        f'<div class="rf-h-others">Other assessments:<ul>{alternatives}</ul></div>'
        if alternatives
        else ""
    )
    standing = reference.STANDING_LABELS[picked.standing]
    return (
        f'<div class="rf-headline"><div class="rf-h-label">{e(label)}</div>'
        f'<div class="rf-h-value"><a href="?figure={quote_plus(picked.figure_id)}" target="_self">'
        f"{e(picked.number_text)}</a></div>"
        f'<div class="rf-h-counts">Counts: {e(counts_text(picked.scope, picked.includes))}</div>'
        f'<div class="rf-h-source">{e(standing)}: {e(picked.originator_name)}, as of '
        f"{e(picked.as_of_text)} · reported by {e(reporters)}</div>"
        f"{more}</div>"
    )


def source_html(source: Source, figure_count: int) -> str:
    """A source's metadata (unknowns shown as unknown) and how many figures it supports."""
    e = html.escape
    url = safe_url(source.url)
    title = _link(url, source.title)
    rows = [
        ("Publisher", e(source.publisher)),
        ("Authors", e(authors_text(source)) + basis_html(source.authors_basis)),
        ("Published", e(published_text(source)) + basis_html(source.published.basis)),
        ("Kind", e(source.kind.replace("_", " "))),
        ("Quotes", e(quote_check_text(source))),
        ("Address", e(url) if url else "unknown"),
    ]
    if source.sha256:
        rows.append(("SHA-256 of the text read", f"<code>{e(source.sha256)}</code>"))
    if source.notes:
        rows.append(("Notes", e(source.notes)))
    table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    if figure_count:
        count = f"Supports {figure_count} figure{'s' if figure_count != 1 else ''}."
    else:
        count = f"No figures from this source. {e(source.no_figures or '')}"
    return (
        f'<div class="citation-card rf-source" data-source-id="{e(source.id)}">'
        f'<div class="cc-value">{title}</div><table class="cc-meta">{table}</table>'
        f'<div class="rf-count"><strong>{count}</strong></div></div>'
    )


# --------------------------------------------------------------------------- formats to paste

# The source's kind as a CSL item type (CSL-JSON, and through it BibTeX and RIS).
CSL_TYPES: dict[str, str] = {
    "news": "article-newspaper",
    "journal_article": "article-journal",
    "research_report": "report",
    "policy_brief": "report",
    "government_report": "report",
    "other": "document",
}
# The author-date style citeproc-py ships (Cite Them Right, Harvard: APA-like); it is CC BY-SA
# 3.0 and stays in the citeproc-py package, not in this repository.
CSL_STYLE = Path(citeproc.__file__).parent / "data" / "styles" / "harvard-cite-them-right.csl"
BIBTEX_TYPES = {
    "article-newspaper": "article",
    "article-journal": "article",
    "report": "techreport",
    "document": "misc",
}
RIS_TYPES = {"article-newspaper": "NEWS", "article-journal": "JOUR", "report": "RPRT"}
# BibTeX's special characters, written so that LaTeX prints them as themselves.
_LATEX = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "%": r"\%",
        "&": r"\&",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "^": r"\textasciicircum{}",
        "~": r"\textasciitilde{}",
    }
)
_CITEPROC_LOCK = threading.Lock()


_LINE_BREAK = re.compile(r"\s*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]\s*")


def _one_line(text: str) -> str:
    # A line break inside a value would end a RIS field early (or start a new tag).
    return _LINE_BREAK.sub(" ", text)


# Quotation marks, opening and closing: a quote or translation held whole between one pair
# quotes someone's words itself, and more marks around it would double them.
_PAIRS = {'"': '"', "“": "”", "„": "“”", "«": "»", "‹": "›", "‘": "’", "'": "'", "「": "」"}


def in_quotes(text: str) -> str:
    """`text` between curly quotation marks, unless it is held whole between a pair of its own
    (‘"In total, 14 women."’); one that closes early (‘"In total," he said.’) is set off too,
    so that its last words are not read as ours."""
    closing = _PAIRS.get(text[:1])
    whole = closing is not None and len(text) > 1 and text.rstrip(".")[-1:] in closing
    return text if whole else f"“{text}”"


def _sentences(parts: Iterable[str | None]) -> str:
    return " ".join(p if p[-1] in '.!?”"' else f"{p}." for p in parts if p)


def figure_note(dataset: Dataset, figure: Figure) -> str:
    """What a reference to the source says about the figure it is cited for."""
    source = dataset.sources[figure.source]
    return _one_line(
        _sentences(
            [
                f"Cited for: {entity_name(figure.entity)}, {METRICS[figure.metric].label.lower()}: "
                f"{shown_value(dataset, figure)}, as of "
                f"{as_of_text(figure, source)}",
                f"Quote: {in_quotes(normalize(figure.quote))}",
                figure.translation
                and f"Our translation: {in_quotes(normalize(figure.translation))}",
                f"Attributed to {attributed_text(figure)}",
                arithmetic(dataset, figure),
                quote_check_text(source),
                None
                if source.published.printed
                else f"Date (not printed): {source.published.basis}",
                f"Figure {figure.id} in {DATASET_AUTHOR}",
            ]
        )
    )


def _csl_source(source: Source) -> dict:
    """A source's CSL-JSON fields, from its model."""
    kind = CSL_TYPES[source.kind]
    issued: dict = {"date-parts": [[p for p in dates.parse(source.published.date) if p]]}
    if source.published.approximate:
        issued["circa"] = True
    item: dict = {"type": kind, "title": _one_line(source.title)}
    if source.authors:
        item["author"] = [{"literal": _one_line(a)} for a in source.authors]
    item["container-title" if kind.startswith("article") else "publisher"] = _one_line(
        source.publisher
    )
    item["issued"] = issued
    if safe_url(source.url):
        item["URL"] = source.url
    if source.retrieved is not None:
        on = source.retrieved.on
        item["accessed"] = {"date-parts": [[on.year, on.month, on.day]]}
    item["language"] = source.language
    return item


def csl_item(dataset: Dataset, figure_id: str) -> dict:
    """The figure's source as a CSL-JSON item (Zotero, Word, citeproc), the figure in `note`."""
    figure = dataset.figure(figure_id)
    source = dataset.sources[figure.source]
    return {"id": figure.id, **_csl_source(source), "note": figure_note(dataset, figure)}


@cache
def _style() -> CitationStylesStyle:
    return CitationStylesStyle(str(CSL_STYLE), locale="en-GB", validate=False)


@lru_cache(maxsize=4096)
def _reference(item_json: str) -> str:
    item = json.loads(item_json)
    if item["type"] == "article-journal":
        # The style calls a journal article without volume or pages a preprint: we know only
        # that it was published, so it is formatted as an article of a periodical.
        item["type"] = "article-magazine"
    if "author" not in item and "publisher" in item:
        # The style puts the title where no author is, then prints it again: a report without
        # authors is the publisher's own (a corporate author, named once).
        item["author"] = [{"literal": item.pop("publisher")}]
    with _CITEPROC_LOCK:  # the parsed style is shared; citeproc-py makes no promise of threads
        bibliography = CitationStylesBibliography(
            _style(), CiteProcJSON([item]), csl_formatter.plain
        )
        bibliography.register(Citation([CitationItem(item["id"])]))
        return "".join(str(entry) for entry in bibliography.bibliography())


def reference_text(source: Source) -> str:
    """A reference-list entry for the source: citeproc-py, Harvard author-date (APA-like)."""
    return _reference(json.dumps({"id": source.id, **_csl_source(source)}, sort_keys=True))


def citation_text(dataset: Dataset, figure_id: str, app_url: str | None = None) -> str:
    """The figure's citation to paste: its source's reference, what it is cited for, the date
    of the data, and (given the app's address) the figure's permalink. Plain text: never
    rendered as Markdown or HTML."""
    figure = dataset.figure(figure_id)
    source = dataset.sources[figure.source]
    day = last_updated(dataset)
    where = f" Permalink: {permalink(app_url, figure_id)}" if app_url else ""
    return (
        f"{reference_text(source)}\n{figure_note(dataset, figure)} "
        f"Data last updated {day.day} {day:%b %Y}.{where}"
    )


def permalink(app_url: str, figure_id: str) -> str:
    """The address that opens a figure's citation in the app, from any address of the app."""
    parts = urlparse(app_url)
    return f"{parts.scheme}://{parts.netloc}/?figure={quote_plus(figure_id)}"


def csl_json(dataset: Dataset, figure_id: str) -> str:
    return json.dumps([csl_item(dataset, figure_id)], ensure_ascii=False, indent=2) + "\n"


def _latex(text: str) -> str:
    return _one_line(text).translate(_LATEX)


def _bibtex_url(url: str) -> str:
    # BibTeX's url field is verbatim: escape only what would unbalance its braces.
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def _bibtex_name(name: str) -> str:
    # A name holding " and " or a comma would be read as two names or "Last, First": brace it.
    text = _latex(name)
    return f"{{{text}}}" if " and " in text or "," in text else text


def bibtex(dataset: Dataset, figure_id: str) -> str:
    """The figure's source as a BibTeX entry keyed by the figure id, the figure in `note`."""
    item = csl_item(dataset, figure_id)
    year, *rest = item["issued"]["date-parts"][0]
    fields = [
        ("author", " and ".join(_bibtex_name(a["literal"]) for a in item.get("author", []))),
        ("title", f"{{{_latex(item['title'])}}}"),  # braced twice: styles keep its capitals
        ("journal", _latex(item.get("container-title", ""))),
        (
            "institution" if item["type"] == "report" else "publisher",
            _latex(item.get("publisher", "")),
        ),
        ("year", str(year)),
        ("month", str(rest[0]) if rest else ""),
        ("date", "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate([year, *rest]))),
        ("url", _bibtex_url(item.get("URL", ""))),
        (
            "urldate",
            "-".join(f"{p:02d}" for p in item.get("accessed", {}).get("date-parts", [[]])[0]),
        ),
        ("langid", item["language"]),
        ("note", _latex(item["note"])),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{BIBTEX_TYPES[item['type']]}{{{item['id']},\n{body}\n}}\n"


def ris(dataset: Dataset, figure_id: str) -> str:
    """The figure's source as a RIS record (EndNote, Zotero, Mendeley), the figure in N1."""
    item = csl_item(dataset, figure_id)
    year, *rest = item["issued"]["date-parts"][0]
    day = "/".join(f"{p:02d}" for p in rest)
    lines = [
        ("TY", RIS_TYPES.get(item["type"], "GEN")),
        *(("AU", a["literal"]) for a in item.get("author", [])),
        ("TI", item["title"]),
        ("T2", item.get("container-title", "")),
        ("PB", item.get("publisher", "")),
        ("PY", str(year)),
        ("DA", f"{year}/{day}/" if day else ""),
        ("UR", item.get("URL", "")),
        ("Y2", "/".join(f"{p:02d}" for p in item.get("accessed", {}).get("date-parts", [[]])[0])),
        ("LA", item["language"]),
        ("N1", item["note"]),
        ("ID", item["id"]),
    ]
    return "".join(f"{tag}  - {_one_line(value)}\n" for tag, value in lines if value) + "ER  - \n"
