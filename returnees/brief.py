"""The briefing pack: a PDF (A4 portrait) of chosen countries' figures, each number with its
source's own words.

`plan` decides what goes in (pure, tested without a browser); `chart_images` draws the
Country profile's Plotly figures as PNGs (kaleido driving Chromium); `html` lays the pack out,
every piece of data text escaped; `pdf` prints it with WeasyPrint. Nothing is fetched: charts
are data: URIs, fonts are the system's, and the URL fetcher refuses every other address.
"""

from __future__ import annotations

import asyncio
import base64
import html as html_text
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from returnees import charts, citations, reference
from returnees.loader import Dataset
from returnees.vocab import CORE_METRICS, METRICS, entity_name

CHROMIUM = os.environ.get("RETURNEES_CHROMIUM", "/usr/bin/chromium")
# Charts are drawn this many CSS pixels wide and printed at the text width (about 680 px on
# A4 with these margins): the app's 13 px type prints at about 11 px.
CHART_WIDTH = 800
CHART_SCALE = 2  # pixels per CSS pixel: sharp on paper
# Plotly's own look, named: importing Streamlit (as the app does) makes its template the
# default, and that one leaves the axes' margins unfitted, so tick labels and the y-axis title
# were cut off at the image's left edge in a pack built on the Briefing page.
PACK_TEMPLATE = "plotly"
# The pack's charts are drawn CHART_WIDTH wide: their title, key and source line run across
# it, its legend of metrics takes one row, and value labels are placed for its plot area
# (the width less the y axis's labels and title).
PACK_FIT = charts.Fit(
    line_chars=120, title_chars=70, legend_rows=1, label_widths=(CHART_WIDTH - 110.0,)
)
NO_FIGURES = "No figures for the chosen metrics in this dataset."
TABLE_CLASSES = ("note", "metric", "reported", "asof", "source", "whose")


@dataclass(frozen=True)
class Section:
    """One country or aggregate: its figures in table order, its chart, where sources differ."""

    entity: str
    name: str
    rows: pd.DataFrame
    chart: go.Figure | None
    disagreements: list[str] = field(default_factory=list)
    # The figure that stands for each metric (reference.cross_section), or why none does; then
    # how each count moved.
    summary: list[str] = field(default_factory=list)
    # The metrics the entity has figures for that the pack leaves out ("Convicted (2)").
    left_out: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Brief:
    title: str
    subtitle: str
    sections: list[Section]
    notes: dict[str, int]  # figure id -> its note's number, in the order the pack shows them
    metrics: list[str]


def default_metrics(frame: pd.DataFrame) -> list[str]:
    """Travelled, returned and detained, those the dataset has."""
    present = set(frame["metric"])
    return [m for m in CORE_METRICS if m in present]


def plan(
    dataset: Dataset,
    frame: pd.DataFrame,
    entities: list[str],
    metrics: list[str],
    digest: str,
    built_on: date,
    fit: charts.Fit = charts.PHONE,
) -> Brief:
    """What the pack holds: a section an entity (in the order given), each figure numbered;
    its charts fit a phone (the page's preview) or the pack's page (`PACK_FIT`)."""
    notes: dict[str, int] = {}
    sections = []
    for entity in dict.fromkeys(entities):
        name = entity_name(entity)
        rows = charts.entity_figures(frame, entity, metrics)
        for figure_id in rows["figure_id"]:
            notes[figure_id] = len(notes) + 1
        counts = rows[rows["metric"].map(lambda m: METRICS[m].unit == "people")]
        standing = reference.cross_section(rows)
        chart = (
            charts.country_timeline(
                dataset, rows, name, citations.IN_THE_NOTES, fit, list(standing["figure_id"])
            )
            if len(counts)
            else None
        )
        differ = charts.disagreement_notes(rows, notes)
        everything = charts.entity_figures(frame, entity)
        left_out = [
            f"{METRICS[m].label} ({n})"
            for m, n in everything["metric"].value_counts(sort=False).items()
            if m not in metrics
        ]
        summary = reference.summary_lines(
            rows,
            standing,
            metrics,
            built_on,
            lambda figure_id: f" [{notes[figure_id]}]",
        ) + charts.trends(rows)
        sections.append(Section(entity, name, rows, chart, differ, summary, left_out))
    metric_names = ", ".join(METRICS[m].label.lower() for m in metrics)
    return Brief(
        title="Returnee Figures: briefing pack",
        subtitle=(
            f"{', '.join(s.name for s in sections)} · {metric_names}. "
            f"Data version {digest[:12]} ({len(dataset.figures):,} figures from "
            f"{len(dataset.sources):,} sources), software version "
            f"{citations.software_version()}; built on {built_on:%-d %B %Y}."
        ),
        sections=sections,
        notes=notes,
        metrics=list(metrics),
    )


async def _draw(figures: list[go.Figure], image_format: str) -> list[bytes]:
    import kaleido  # imported here: the app loads it only when a pack is built

    opts = {"format": image_format, "width": CHART_WIDTH, "scale": CHART_SCALE}
    # One browser for every chart; no MathJax (it would come from a CDN).
    async with kaleido.Kaleido(n=1, mathjax=False, path=CHROMIUM) as k:
        return [
            await k.calc_fig(go.Figure(fig).update_layout(template=PACK_TEMPLATE), opts=opts)
            for fig in figures
        ]


def chart_images(figures: list[go.Figure], image_format: str = "png") -> list[bytes]:
    """Images of Plotly figures at the pack's size (PNG; SVG for the tests that measure their
    text), drawn by Debian's Chromium through kaleido.

    In a thread of its own, with its own event loop: the caller may be running one.
    """
    if not figures:
        return []
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _draw(figures, image_format)).result()


CSS = """
@page {
  size: A4 portrait;
  margin: 16mm 15mm 18mm;
  @bottom-left { content: "Returnee Figures · every number as its source reported it";
    font-size: 8pt; color: #666; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt;
    color: #666; }
}
html { font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 9.5pt;
  line-height: 1.35; color: #1a1a1a; }
h1 { font-size: 20pt; margin: 0 0 4pt; color: #0b3d66; }
h2 { font-size: 14pt; margin: 0 0 6pt; color: #0b3d66; break-after: avoid; }
.subtitle { font-size: 10.5pt; margin: 0 0 8pt; }
.how { color: #444; margin: 0 0 10pt; }
/* Each country on a page of its own: a heading and summary left at the foot of a page, its
   chart on the next, read as a country with no chart. */
section.entity { break-before: page; }
/* A country's heading stays with its chart, and a chart with its table's first rows. */
section.entity h2, img.chart { break-after: avoid; }
/* The text width; a chart taller than a page (a very long source line) shrinks to fit one. */
img.chart { display: block; width: auto; height: auto; max-width: 100%; max-height: 225mm;
  margin: 0 auto 6pt; }
.differ { border-left: 3pt solid #E69F00; background: #fff8e6; padding: 4pt 8pt;
  margin: 0 0 6pt; }
.none { color: #555; font-style: italic; }
table.figures { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 8pt; }
table.figures th, table.figures td { text-align: left; vertical-align: top; padding: 3pt 4pt;
  border-bottom: 0.5pt solid #ccc; }
table.figures th { font-size: 8.5pt; color: #333; border-bottom: 1pt solid #888; }
table.figures tr { break-inside: avoid; }
col.note { width: 6%; } col.metric { width: 15%; } col.reported { width: 20%; }
col.asof { width: 12%; } col.source { width: 26%; } col.whose { width: 21%; }
td.note a { color: #0b3d66; text-decoration: none; font-weight: bold; }
section.notes { break-before: page; }
/* Page 1: the summary, alone; the countries' sections start on page 2. */
section.summary-page { break-after: page; }
table.summary { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 4pt 0 8pt; }
table.summary th, table.summary td { text-align: left; vertical-align: top; padding: 3pt 4pt;
  border-bottom: 0.5pt solid #ccc; }
table.summary th { font-size: 8.5pt; color: #333; border-bottom: 1pt solid #888; }
table.summary tr { break-inside: avoid; }
ol.notes { padding-left: 0; margin: 0; list-style: none; }
ol.notes li { margin: 0 0 8pt; padding-bottom: 6pt; border-bottom: 0.5pt solid #ddd;
  break-inside: avoid; }
.note-head { font-weight: bold; margin: 0 0 2pt; }
.note-head .n { color: #0b3d66; }
blockquote { margin: 3pt 0; padding: 3pt 8pt; border-left: 2pt solid #999;
  font-style: italic; background: #f7f7f7; }
mark { background: #ffe08a; font-style: normal; font-weight: bold; }
/* A fixed table, not a grid: WeasyPrint lays out a grid of long text in minutes, not ms. */
table.meta { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 2pt 0 0; }
table.meta col.key { width: 25mm; }
table.meta th { color: #555; font-size: 8.5pt; font-weight: normal; text-align: left;
  vertical-align: top; padding: 0 6pt 1pt 0; }
table.meta td { padding: 0 0 1pt; vertical-align: top; }
.basis, .cc-basis { color: #555; font-size: 8.5pt; }
a { color: #0b3d66; }
/* Data text may hold a word longer than the page is wide (a pasted address, a hostile string). */
td, blockquote, .differ, p, h2 { overflow-wrap: anywhere; }
"""


# A run of this many characters without a space gets a zero-width break after it: WeasyPrint
# takes seconds to break one 5,000-character word (minutes for a page of them), and a word
# that long is no word a reader needs whole.
LONG_RUN = 60
_LONG_RUN = re.compile(rf"(\S{{{LONG_RUN}}})(?=\S)")


def _e(text: object) -> str:
    """Data text as inert HTML text, breakable inside very long words."""
    return html_text.escape(_LONG_RUN.sub("\\1\u200b", str(text)), quote=True)


def table(section: Section, notes: dict[str, int]) -> pd.DataFrame:
    """A section's figures as worded, each with its note number (the pack's and the preview's),
    and whose count each is by the body's name (the page's own words for it, often in another
    language, are in the figure's note)."""
    rows = section.rows
    return pd.DataFrame(
        {
            "Note": [notes[f] for f in rows["figure_id"]],
            "Metric": list(rows["metric_label"]),
            "Reported": list(reference.reported(rows)),
            "As of": list(rows["as_of_text"]),
            "Source": list(rows["source_short"]),
            "Whose count": list(rows["originator_name"]),
        }
    )


def summary_table(brief: Brief) -> pd.DataFrame:
    """Page 1: per entity, the figure that stands for each metric of the pack, with its date,
    standing and note number, or why none stands (`reference.none_stands`); and the metrics it
    has figures for that the pack leaves out."""
    picked = {s.entity: reference.cross_section(s.rows).set_index("metric") for s in brief.sections}
    records = []
    for section in brief.sections:
        record = {"Country or aggregate": section.name}
        rows = picked[section.entity]
        for metric in brief.metrics:
            if metric not in rows.index:
                own = section.rows[section.rows["metric"] == metric]
                record[METRICS[metric].label] = reference.none_stands(own, "in its section")
                continue
            row = rows.loc[metric]
            record[METRICS[metric].label] = (
                f"{row['value_text']} ({row['as_of_text']}), "
                f"{reference.STANDING_LABELS[row['standing']].lower()} "
                f"[{brief.notes[row['figure_id']]}]"
            )
        record["Also has figures for"] = ", ".join(section.left_out) or "—"
        records.append(record)
    return pd.DataFrame.from_records(records)


def _summary_table(brief: Brief) -> str:
    frame = summary_table(brief)
    head = "".join(f"<th>{_e(c)}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    old = [line for s in brief.sections for line in s.summary if line.endswith("years old.")]
    return (
        '<section class="summary-page"><h2>Summary: the figure that stands for each metric</h2>'
        f'<table class="summary"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        f'<p class="how">{_e(SUMMARY_RULE)}</p>'
        + "".join(
            f'<p class="differ">{_e(s.name)}: {_e(line)}</p>'
            for s in brief.sections
            for line in s.summary
            if line in old
        )
        + "</section>"
    )


def _table(section: Section, notes: dict[str, int]) -> str:
    if section.rows.empty:
        return f'<p class="none">{_e(NO_FIGURES)}</p>'
    frame = table(section, notes)
    head = "".join(f"<th>{_e(c)}</th>" for c in frame.columns)
    # The note number in a column of its own: a superscript would run into the number when
    # the text is copied ("more than 500" and note 1 read "more than 5001").
    body = "".join(
        f'<tr><td class="note"><a href="#note-{note}">{note}</a></td>'
        + "".join(f"<td>{_e(cell)}</td>" for cell in rest)
        + "</tr>"
        for note, *rest in frame.itertuples(index=False)
    )
    cols = "".join(f'<col class="{c}">' for c in TABLE_CLASSES)
    return (
        f'<table class="figures"><colgroup>{cols}</colgroup>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def source_numbers(dataset: Dataset, brief: Brief) -> dict[str, int]:
    """Source id -> its number in the pack's list of sources, in the order the notes cite
    them: each source's details are printed once, and each note refers to its number."""
    numbers: dict[str, int] = {}
    for figure_id in brief.notes:
        numbers.setdefault(dataset.figure(figure_id).source, len(numbers) + 1)
    return numbers


def _note(dataset: Dataset, figure_id: str, number: int, sources: dict[str, int]) -> str:
    figure = dataset.figure(figure_id)
    source = dataset.sources[figure.source]
    value = citations.shown_value(dataset, figure)
    quote = citations.quote_html(dataset, figure, _e)
    cited = sources[figure.source]
    reference = (
        "Source",
        f'<a href="#source-{cited}">[S{cited}]</a> {_e(citations.short_source(source))}',
    )
    rows = [
        *citations.figure_rows(dataset, figure, _e, source=[reference]),
        ("Figure id", _e(figure.id)),
    ]
    details = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return (
        f'<li id="note-{number}"><p class="note-head"><span class="n">{number}.</span> '
        f"{_e(entity_name(figure.entity))} · {_e(METRICS[figure.metric].label)}: {_e(value)}"
        f" (as of {_e(citations.as_of_text(figure, source))})</p>"
        f'<blockquote>{quote}</blockquote><table class="meta"><col class="key"><col>'
        f"{details}</table></li>"
    )


def html(dataset: Dataset, brief: Brief, images: list[bytes]) -> str:
    """The pack as one HTML document: `images` are the PNGs of the sections' charts, in order."""
    pictures = iter(images)
    parts = []
    for section in brief.sections:
        chart = ""
        if section.chart is not None:
            data = base64.b64encode(next(pictures)).decode("ascii")
            alt = section.chart.layout.meta.get("alt", "")
            chart = f'<img class="chart" src="data:image/png;base64,{data}" alt="{_e(alt)}">'
        differ = "".join(f'<p class="differ">{_e(text)}</p>' for text in section.disagreements)
        summary = "".join(f"<li>{_e(text)}</li>" for text in section.summary)
        parts.append(
            f'<section class="entity" id="entity-{_e(section.entity)}">'
            f'<h2>{_e(section.name)}</h2><ul class="summary">{summary}</ul>'
            f"{chart}{differ}{_table(section, brief.notes)}</section>"
        )
    sources = source_numbers(dataset, brief)
    notes = "".join(_note(dataset, fid, n, sources) for fid, n in brief.notes.items())
    listed = "".join(
        f'<li id="source-{n}"><p class="note-head"><span class="n">S{n}.</span> '
        f"{_e(citations.short_source(dataset.sources[sid]))}</p>"
        '<table class="meta"><col class="key"><col>'
        + "".join(
            f"<tr><th>{k}</th><td>{v}</td></tr>"
            for k, v in citations.source_rows(dataset.sources[sid], _e)
        )
        + "</table></li>"
        for sid, n in sources.items()
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{_e(brief.title)}</title>"
        f'<meta name="author" content="{_e(citations.DATASET_AUTHOR)}">'
        f"<style>{CSS}</style></head><body>"
        f"<h1>{_e(brief.title)}</h1>"
        f'<p class="subtitle">{_e(brief.subtitle)}</p>'
        f'<p class="how">{_e(HOW_TO_READ)}</p>'
        f"{_summary_table(brief)}"
        f"{''.join(parts)}"
        f'<section class="notes"><h2>Notes: where each number comes from</h2>'
        f'<ol class="notes">{notes}</ol></section>'
        f'<section class="sources"><h2>Sources</h2><ol class="notes">{listed}</ol></section>'
        "</body></html>"
    )


SUMMARY_RULE = (
    reference.LATEST.rule_text(elsewhere="in the country's section")
    + " The number in brackets leads to its note."
)
HOW_TO_READ = (
    "Every number is as its source reported it (“more than 500” is a lower bound, not a "
    "count). Each figure's note number leads to its note at the end: the verbatim quote with "
    "the number marked (and our translation of a quote not in English), whose count it is, "
    "whom the source attributes it to and how a computed value was computed; its source "
    "number [S1] leads to the list of sources after the notes, each given once: publisher, "
    "title, address, authors, date, and whether its quotes were checked against an archived "
    "copy. "
    "Charts show every figure of a country over time; a dotted line joins figures of one source "
    "only."
)


def render_pdf(document: str) -> bytes:
    """Print an HTML document to PDF with WeasyPrint, fetching nothing but data: URIs."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return HTML(string=document, url_fetcher=fetcher).write_pdf()


def pdf(
    dataset: Dataset,
    frame: pd.DataFrame,
    entities: list[str],
    metrics: list[str],
    digest: str,
    built_on: date | None = None,
) -> bytes:
    """The briefing pack of `entities` and `metrics` as PDF bytes (the page and the CLI)."""
    brief = plan(dataset, frame, entities, metrics, digest, built_on or date.today(), PACK_FIT)
    images = chart_images([s.chart for s in brief.sections if s.chart is not None])
    return render_pdf(html(dataset, brief, images))


def file_name(entities: list[str]) -> str:
    return f"returnee-figures-brief-{'-'.join(dict.fromkeys(entities)) or 'empty'}.pdf"
