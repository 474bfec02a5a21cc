"""Pure builders: DataFrames and Plotly figures for the pages, tested without Streamlit.

Every figure carries its source line inside the Plotly figure (so the modebar's PNG keeps it),
the figure id of each mark in `customdata[0]` (so a click leads to its citation), and hover text
with the value as the source gives it, its as-of date and its source. Text from the data is
HTML-escaped before Plotly sees it: Plotly renders a subset of HTML tags in labels.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from returnees import citations, dates, reference
from returnees.loader import Dataset
from returnees.schema import LOWER_BOUNDS, QUALIFIER_WORDS, UPPER_BOUNDS
from returnees.vocab import CORE_METRICS, METRICS

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE: dict[str, str] = {
    "travelled": "#0072B2",
    "returned": "#E69F00",
    "detained": "#009E73",
    "prosecuted": "#CC79A7",
    "convicted": "#D55E00",
    "released_on_probation": "#56B4E9",
    "imprisoned_by_isis": "#000000",
    "travelling_per_month": "#999999",
}
FONT = "Source Sans Pro, Arial, sans-serif"
# Characters a line: hover labels; the source line and the key under a chart (11 px), and
# its title: each fits a phone's width (390 pixels), so a chart needs no sideways scroll.
HOVER_WIDTH = 60
SOURCE_LINE_WIDTH = 52
TITLE_WIDTH = 40


# A timeline's labels are placed so that they stay apart at every width its plot area is
# drawn: 260 pixels on a phone, about 700 in the briefing pack, up to about 1,300 on a wide
# screen. Points move apart as a chart widens and labels do not grow, so two labels facing
# each other between two points meet at middle widths only: over a span of widths at least
# 3 times wide (each label is 3 characters or more), so widths 1.5 times apart catch them.
LABEL_PLOT_WIDTHS = (260.0, 390.0, 585.0, 878.0, 1316.0)
LABEL_PLOT_HEIGHT = 230.0


@dataclass(frozen=True)
class Fit:
    """How far a chart's words run before they wrap, and the rows kept above the plot for its
    legend: the app's charts fit a phone's width; a chart drawn at a fixed width (the briefing
    pack's) uses its width."""

    line_chars: int = SOURCE_LINE_WIDTH
    title_chars: int = TITLE_WIDTH
    legend_rows: int = 3  # five metrics' names, two a row on a phone
    # The widths of the plot area a timeline's labels must stay apart at.
    label_widths: tuple[float, ...] = LABEL_PLOT_WIDTHS


PHONE = Fit()
# How much of white an estimate's bar is mixed with (official and research figures are solid).
ESTIMATE_LIGHTER = 0.55
# Entities a chart shows before "show all": readable bars on a projector at 1280x720.
TOP_N = 25
# A per-million value keeps its figure's qualifier ("more than 12.3 per million"); a range's
# midpoint is no number the source states, so it reads "about".
QUALIFIER_WORDS_SHORT = {**QUALIFIER_WORDS, "range": "about"}
HOVER = (
    "<b>%{customdata[1]}</b><br>%{customdata[2]}: %{customdata[3]}<br>"
    "As of %{customdata[4]}<br>%{customdata[5]}<extra></extra>"
)


def safe(text: str) -> str:
    """Data text as inert Plotly text: tags and entities shown, never interpreted.

    Quotes become numeric references: Plotly decodes those, but shows `&quot;` as written.
    """
    return html.escape(str(text), quote=True).replace("&quot;", "&#34;")


def wrap(text: str, width: int) -> str:
    # Wrap the text as read, then escape each line: a break never splits an entity.
    return "<br>".join(safe(line) for line in textwrap.wrap(str(text), width))


# What a chart's marks need of a figure: its label, value, hover text and id.
MARK_COLUMNS = [
    "figure_id",
    "entity",
    "entity_name",
    "metric",
    "metric_label",
    "value",
    "qualifier",
    "value_text",
    "as_of_text",
    "as_of_sort",
    "is_derived",
    "source_short",
    "attributed_to",
    "standing",
    "originator_name",
]


def _lighter(colour: str) -> str:
    """`colour` (#rrggbb) mixed with white: the bar of an estimate."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * ESTIMATE_LIGHTER) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _luminance(rgb: list[int]) -> float:
    """WCAG's relative luminance of an sRGB colour."""
    linear = [c / 255 / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


# WCAG AA for text of normal size.
TEXT_CONTRAST = 4.5


def text_colour(colour: str) -> str:
    """`colour` (#rrggbb), darkened in steps of 5% towards black until text of it reads on
    white (TEXT_CONTRAST): a timeline's label in its metric's hue, so that "100" above a
    green marker still reads as the orange one's."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    for step in range(21):
        mixed = [round(c * (1 - step / 20)) for c in rgb]
        if 1.05 / (_luminance(mixed) + 0.05) >= TEXT_CONTRAST:
            break
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@lru_cache(maxsize=16384)
def _hover_source(source: str, cited: str | None) -> str:
    # The source, wrapped and at most three lines: a hover label does not wrap on its own, and
    # a long one covers the chart or is not drawn at all. A click shows the whole citation.
    # Wrapped once per source and attribution: the marks of every chart share a few of them.
    return wrap(
        _clip(source + (f", citing {cited}" if cited else ""), 3 * HOVER_WIDTH), HOVER_WIDTH
    )


def _customdata(rows: pd.DataFrame) -> np.ndarray:
    # Column lists, not itertuples: a row tuple of every column costs more than the chart.
    # A cross-section's marks say their year in the value ("3,417 · 2017").
    value = "mark_text" if "mark_text" in rows else "value_text"
    columns = ["figure_id", "entity_name", "metric_label", value, "as_of_text"]
    sources = [
        f"{reference.STANDING_LABELS[standing]}: {safe(originator)}<br>"
        + _hover_source(source, cited)
        for standing, originator, source, cited in zip(
            rows["standing"],
            rows["originator_name"],
            rows["source_short"],
            rows["attributed_to"],
            strict=True,
        )
    ]
    # One array, not a list of lists: Plotly validates a list of lists item by item (half of
    # building a chart of a few hundred marks), an array at once.
    return np.array(
        [
            [figure_id, *map(safe, texts), source]
            for figure_id, *texts, source in zip(
                *(rows[c].tolist() for c in columns), sources, strict=True
            )
        ],
        dtype=object,
    ).reshape(len(rows), len(columns) + 1)


def _figure(
    traces: list[dict],
    layout: dict,
    source_line: str,
    alt: str,
    key: list[str] = (),
    axis_labels: list[str] = (),
    fit: Fit = PHONE,
) -> go.Figure:
    """The figure of `traces` and `layout`, with its key and source line inside it.

    Built from plain dicts in one step, without Plotly checking each property again item by
    item (that check was most of the time of a chart of a few hundred marks); the tests hold
    every builder's figure to Plotly's validation instead.
    """
    return go.Figure(
        data=traces,
        layout=_with_source_line(layout, source_line, alt, key, axis_labels, fit),
        _validate=False,
    )


# Pixels above the plot: a title line, and a row of the legend (its entries are the metrics
# only, so at most three rows on a phone: Fit.legend_rows); the title is never printed over by
# the legend.
TITLE_LINE_PX = 26
LEGEND_ROW_PX = 24
TOOLBAR_PX = 28


# An axis tick label's character (12 px), on the narrow side: the source line moved left by
# this much under a column of labels never starts outside the figure.
TICK_CHAR_PX = 5.2
# A chart's right margin, unless its builder needs more (a bar chart's labels).
MARGIN_RIGHT_PX = 20


def _longest_line(label: str) -> int:
    return max(len(html.unescape(line)) for line in label.split("<br>"))


def _with_source_line(
    layout: dict,
    line: str,
    alt: str,
    key: list[str] = (),
    axis_labels: list[str] = (),
    fit: Fit = PHONE,
) -> dict:
    """The layout with the key to its marks and the source line inside the figure, the title
    wrapped, and the alt text in its metadata.

    The key and source line sit a fixed distance below the plot (under the x-axis title); each
    extra line adds to the bottom margin and to the figure's height, so the plot keeps its size
    and a long source line is never clipped. The top margin holds the title's lines and two
    rows of legend. Under a column of `axis_labels` (a bar chart's rows)
    the lines start at the figure's left edge, not the plot's, so they keep a phone's width.
    """
    key_text = f"Key: {' · '.join(key)}" if key else ""
    wrapped = "<br>".join(
        part for part in (wrap(key_text, fit.line_chars), wrap(line, fit.line_chars)) if part
    )
    lines = wrapped.count("<br>") + 1
    title = dict(layout.get("title") or {})
    title_lines = 1
    if title.get("text"):
        title["text"] = wrap(html.unescape(title["text"]), fit.title_chars)
        title_lines = title["text"].count("<br>") + 1
        # Below the toolbar Plotly draws at the top right (a phone shows it over the title).
        title |= {"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": TOOLBAR_PX}}
    legend_rows = fit.legend_rows if layout.get("showlegend", True) else 0
    top = TOOLBAR_PX + 6 + TITLE_LINE_PX * title_lines + LEGEND_ROW_PX * legend_rows
    annotation = {
        "text": wrapped,
        # The annotation's own font, not a span's: Plotly spaces lines by the annotation font.
        "font": {"size": 11, "color": "#444"},
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "xshift": -round(max(map(_longest_line, axis_labels), default=0) * TICK_CHAR_PX),
        "yshift": -54,
        "xanchor": "left",
        "yanchor": "top",
        "align": "left",
        "showarrow": False,
        "name": "source-line",
    }
    # The plot keeps the height its builder gave it, whatever the title and the lines need.
    extra = 15 * (lines - 1) + top - 100
    return {
        **layout,
        **({"title": title} if title else {}),
        **({"height": layout["height"] + extra} if layout.get("height") else {}),
        "annotations": [*layout.get("annotations", []), annotation],
        "margin": {
            "l": 10,
            "r": layout.get("margin", {}).get("r", MARGIN_RIGHT_PX),
            "t": top,
            "b": 70 + 15 * lines,
        },
        "meta": {"alt": alt, "source_line": line},
        "font": {"family": FONT, "size": 13},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
    }


ROW_LABEL_CHARS = 24


def _rows_axis(frame: pd.DataFrame, with_metric: bool) -> list[str]:
    # One row per figure ("France · Returned"), so bound markers sit exactly on their bar; a
    # chart of one metric names it in its title, and its rows only the entity (a phone's
    # width is too narrow for the rest).
    if not with_metric:
        return [safe(n) for n in frame["entity_name"]]
    # A long pair on two lines ("World (all countries reported)", "Travelled"), so that the
    # labels leave a phone's chart room for its bars.
    return [
        safe(f"{n} · {m}") if len(n) + len(m) <= ROW_LABEL_CHARS else f"{safe(n)}<br>{safe(m)}"
        for n, m in zip(frame["entity_name"], frame["metric_label"], strict=True)
    ]


def bar_chart(
    frame: pd.DataFrame,
    title: str,
    source_line: str,
    alt: str,
    axis: str,
) -> go.Figure:
    """Horizontal bars, one per figure of a cross-section (`reference.cross_section`), grouped
    by entity and labelled with their year; bounds and computed values marked."""
    order = {m: i for i, m in enumerate(dict.fromkeys((*CORE_METRICS, *METRICS)))}
    frame = frame[[*MARK_COLUMNS, "mark_text"]]  # each filter below copies these columns only
    entity_rank = frame.groupby("entity")["value"].transform("max")
    frame = frame.assign(
        _entity_rank=entity_rank, _metric_rank=frame["metric"].map(order)
    ).sort_values(["_entity_rank", "entity_name", "_metric_rank"], ascending=[True, True, False])
    traces = []
    with_metric = frame["metric"].nunique() > 1
    for metric in sorted(set(frame["metric"]), key=order.get):
        rows = frame[frame["metric"] == metric]
        for derived in (False, True):
            part = rows[rows["is_derived"] == derived]
            if part.empty:
                continue
            label = METRICS[metric].label + (
                " (computed by us from the source's words)" if derived else ""
            )
            traces.append(
                dict(
                    type="bar",
                    name=label,
                    y=_rows_axis(part, with_metric),
                    x=part["value"].to_numpy(),
                    orientation="h",
                    legendgroup=metric,
                    # The legend names the metrics; the key under the chart says what a
                    # hatched bar, an arrow and a lighter bar mean.
                    showlegend=not derived,
                    marker={
                        # An estimate is drawn lighter than an official or research figure
                        # (a colour per bar: an opacity per bar breaks Plotly's click selection).
                        "color": [
                            _lighter(PALETTE[metric]) if s == "estimate" else PALETTE[metric]
                            for s in part["standing"]
                        ],
                        "pattern": {
                            "shape": "/" if derived else "",
                            "fgcolor": PALETTE[metric],
                            "bgcolor": "white",
                            "solidity": 0.45,
                        },
                        "line": {"color": PALETTE[metric], "width": 1},
                    },
                    # Room after a bound's marker (an arrow past the bar's end, a tick on
                    # it), so that neither prints over the label.
                    text=[
                        _BOUND_GAP.get(q, "") + _bar_label(t)
                        for q, t in zip(part["qualifier"], part["mark_text"], strict=True)
                    ],
                    textposition="outside",
                    constraintext="none",  # a label of two lines keeps its size
                    cliponaxis=False,
                    customdata=_customdata(part),
                    hovertemplate=HOVER,
                )
            )
    traces += _bound_markers(frame, with_metric)
    categories = _rows_axis(frame, with_metric)
    reach, right = _label_room(frame, categories)
    layout = dict(
        title={"text": safe(title), "x": 0, "xanchor": "left"},  # its height: _with_source_line
        barmode="overlay",
        bargap=0.3,
        height=190 + sum(_row_heights(frame, categories)) + 30 * (len(frame) < 2),
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "font": {"size": 12}},
        # Few, short ticks ("20k", not "20000"): on a phone the bars' part of the width can be
        # a quarter of it, and ticks that do not fit are turned on their side, pushing the axis
        # title into the key below (every bar is labelled with its number). Below a thousand
        # the default is short already ("~s" would write 0.5 as "500m").
        xaxis={
            "title": {"text": axis},
            "gridcolor": "#e5e5e5",
            "range": [0, reach],
            "nticks": 3,
            **({"tickformat": "~s"} if reach >= 1000 else {}),
        },
        margin={"r": right},
        yaxis={"categoryorder": "array", "categoryarray": categories, "automargin": True},
        clickmode="event+select",
    )
    return _figure(traces, layout, source_line, alt, _bar_key(frame), categories)


# A bar chart's plot is at least this wide (a phone's, beside the country names).
BAR_PLOT_PX = 170.0
PHONE_FIGURE_PX = 330.0  # a chart's width on a 390-pixel phone, less the plot's margins


# A bar's label longer than this goes on more lines ("up to 52,808 (incl. women and", "minors)
# · 2019"), each word kept: a phone's chart has room beside its bars for about this much.
BAR_LABEL_CHARS = 22


def _bar_label_lines(text: str) -> list[str]:
    return textwrap.wrap(text, BAR_LABEL_CHARS) or [text]


def _bar_label(text: str) -> str:
    return "<br>".join(safe(line) for line in _bar_label_lines(text))


def _row_heights(frame: pd.DataFrame, categories: list[str]) -> list[int]:
    """Pixels each bar's row needs: more when a label or a row name has several lines. Plotly
    spaces the rows of a chart evenly, so every row gets the room of the tallest."""
    lines = max(
        (
            max(len(_bar_label_lines(text)), category.count("<br>") + 1)
            for text, category in zip(frame["mark_text"], categories, strict=True)
        ),
        default=1,
    )
    return [30 + 15 * (lines - 1)] * len(categories)


# A bar chart's value axis ends this far past its longest bar.
BAR_AXIS_HEADROOM = 1.05
# A bar chart's plot on a desktop, at the least (a 1280-pixel window, less the sidebar, the
# row names and the margin).
DESKTOP_PLOT_PX = 500.0


def _label_room(frame: pd.DataFrame, categories: list[str]) -> tuple[float, int]:
    """A bar chart's value axis end and right margin (pixels): room after each bar for its
    label ("between 1,500 and 3,000 · 2015"), so that no label runs off the chart on a phone,
    where the row names take their share of the width. The labels' room is a margin in pixels,
    not a longer axis, so that a wider screen gives its width to the bars."""
    reach = float(frame["value"].max() or 1) * BAR_AXIS_HEADROOM
    names_px = max(map(_longest_line, categories), default=0) * TICK_CHAR_PX * 1.2
    # The phone's width for bars and labels together, and what a label takes (with a bound's
    # arrow): a bar ending at a share f of the bars' width B and a label of w pixels fit when
    # f * B + w <= width, B being width less the margin M: M >= width - (width - w) / f.
    width = max(min(BAR_PLOT_PX, PHONE_FIGURE_PX - names_px), 100.0)
    longest = frame["mark_text"].map(lambda t: max(map(len, _bar_label_lines(t))))
    label_px = (longest + 4) * LABEL_CHAR_PX
    share = (frame["value"] / reach).clip(lower=1e-9)
    # A label as wide as the phone's room fits no margin: it is left out of the sum.
    needed = (width - (width - label_px) / share).where(label_px < width, 0)
    cap = 0.75 * width  # a phone keeps a quarter of its room for the bars
    margin = math.ceil(min(max(float(needed.max()), MARGIN_RIGHT_PX), cap))
    if (share * (DESKTOP_PLOT_PX - margin) + label_px > DESKTOP_PLOT_PX).any():
        # A long bar's long label ("up to 52,808 (incl. women and minors) · 2019") would run
        # off even a desktop's chart past the margin a phone can give: the axis is made longer
        # instead, so that the bar ends where its label fits beside it (on a phone, at least
        # at a quarter of the plot).
        room = (1 - label_px / width).clip(lower=0.25)
        return max(float((frame["value"] / room).max()), reach), MARGIN_RIGHT_PX
    return reach, margin


# The space before a bound's label: an em after an arrow drawn past the bar's end, an en after
# a tick drawn across it.
_BOUND_GAP = {**dict.fromkeys(LOWER_BOUNDS, "\u2003"), **dict.fromkeys(UPPER_BOUNDS, "\u2002")}


def _bound_markers(frame: pd.DataFrame, with_metric: bool) -> list[dict]:
    """An arrow past the bar's end for 'more than', a tick at the bar's end for 'up to'."""
    traces = []
    for qualifiers, symbol, name in (
        (LOWER_BOUNDS, "triangle-right", "lower bound: “more than” / “at least”"),
        (UPPER_BOUNDS, "line-ns", "upper bound: “up to” / “fewer than”"),
    ):
        rows = frame[frame["qualifier"].isin(qualifiers)]
        if rows.empty:
            continue
        traces.append(
            dict(
                type="scatter",
                name=name,
                x=rows["value"].to_numpy(),
                y=_rows_axis(rows, with_metric),
                mode="markers",
                marker={"symbol": symbol, "size": 13, "color": "#222", "line": {"width": 2}},
                showlegend=False,
                customdata=_customdata(rows),
                hovertemplate=HOVER,
            )
        )
    return traces


def _bar_key(frame: pd.DataFrame) -> list[str]:
    """What the marks of a bar chart mean, for those it draws."""
    key = []
    if frame["qualifier"].isin(LOWER_BOUNDS).any():
        key.append("▶ more than / at least")
    if frame["qualifier"].isin(UPPER_BOUNDS).any():
        key.append("| up to / fewer than")
    if frame["is_derived"].any():
        key.append("hatched: computed by us from the source's words")
    if (frame["standing"] == "estimate").any():
        key.append("lighter: an estimate")
    return key


TIMELINE_KEY = {
    "circle": "● a number (exact or \u201cabout\u201d)",
    "square": "■ a range (its bar runs from low to high)",
    "triangle-up": "▲ lower bound",
    "triangle-down": "▼ upper bound",
    "diamond": "◆ computed by us",
    "open": "○ counts others too, or one occasion only: on no other chart",
}
_BOUND_SYMBOLS = {
    **dict.fromkeys(LOWER_BOUNDS, "triangle-up"),
    **dict.fromkeys(UPPER_BOUNDS, "triangle-down"),
    "range": "square",
}


LABEL_CHAR_PX = 7.0  # a 13-pixel sans-serif character, on average
LABEL_LINE_PX = 16.0
MARKER_PX = 9.0  # from a point to its label: half the marker and a gap
BAR_PX = 4.0  # half a range's bar, its whiskers' width (`timeline_chart`'s error_y)
# Headroom above the highest marker for its label (the y axis ends at top × this).
Y_HEADROOM = 1.18
# The share of the y axis below zero: room beside a point at or near zero for its label's
# lower half (half a line, 8 of 230 pixels), which Plotly would otherwise clip at the axis.
Y_FLOOR = 0.04


def _y_axis(top: float) -> tuple[float, float]:
    """A timeline's y axis for values up to `top`: headroom above, a little room below zero."""
    high = top * Y_HEADROOM
    return -high * Y_FLOOR / (1 - Y_FLOOR), high


# Beside the point first; then at its corners, for a long label near an edge or a neighbour
# (Plotly offsets a corner's text as it does the sides': a marker's width each way).
LABEL_POSITIONS = (
    "top center",
    "bottom center",
    "middle right",
    "middle left",
    "top right",
    "top left",
    "bottom right",
    "bottom left",
)


def _date_range(days: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """A timeline's date axis: its dates, padded, so one date alone is not stretched into
    milliseconds of axis."""
    if days.empty:
        return None
    stamps = pd.to_datetime(pd.Series(list(days), dtype=object))
    first, last = stamps.min(), stamps.max()
    pad = max((last - first) * 0.08, pd.Timedelta(days=150))
    return first - pad, last + pad


# A label longer than this many characters is printed on lines this long: "21 (one
# repatriation flight of five families)" on one line finds no place by a phone's right edge.
LABEL_WRAP_CHARS = 24


def label_text(text: str) -> str:
    """A timeline label as Plotly prints it: escaped, on lines of LABEL_WRAP_CHARS at most."""
    return wrap(text, LABEL_WRAP_CHARS)


def label_box(position: str, x: float, y: float, text: str) -> tuple[float, ...]:
    """(left, top, right, bottom) in pixels of the label `text` (as `label_text` makes it) at
    `position` from a point at (x, y): as wide as its longest line, a line high a line."""
    lines = text.split("<br>")
    width = max(len(html.unescape(line)) for line in lines) * LABEL_CHAR_PX
    h = LABEL_LINE_PX * len(lines)
    vertical, horizontal = position.split()
    left = {
        "center": x - width / 2,
        "right": x + MARKER_PX,
        "left": x - MARKER_PX - width,
    }[horizontal]
    top = {
        "top": y - MARKER_PX - h,
        "bottom": y + MARKER_PX,
        "middle": y - h / 2,
    }[vertical]
    return (left, top, left + width, top + h)


# Room kept on each side of a placed label: "850" and "about 850" side by side read as one.
LABEL_GAP_PX = 5.0


def padded(box: tuple[float, ...]) -> tuple[float, ...]:
    """A placed label's box with LABEL_GAP_PX of room at its left and right."""
    return (box[0] - LABEL_GAP_PX, box[1], box[2] + LABEL_GAP_PX, box[3])


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class _Grid:
    """Boxes looked up by the cells of a grid they cover: a label is checked against the boxes
    near it, not every box of the chart (a country of 400 figures had 400 x 400 checks)."""

    CELL_PX = 32.0

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[tuple[object, tuple[float, ...]]]] = {}

    def _covered(self, box: tuple[float, ...]) -> list[tuple[int, int]]:
        c = self.CELL_PX
        xs = range(int(box[0] // c), int(box[2] // c) + 1)
        return [(cx, cy) for cx in xs for cy in range(int(box[1] // c), int(box[3] // c) + 1)]

    def add(self, key: object, box: tuple[float, ...]) -> None:
        for cell in self._covered(box):
            self._cells.setdefault(cell, []).append((key, box))

    def overlaps(self, box: tuple[float, ...], but: object = None) -> bool:
        """Whether `box` overlaps a box of the grid (other than the one keyed `but`)."""
        return any(
            key != but and _overlaps(box, other)
            for cell in self._covered(box)
            for key, other in self._cells.get(cell, ())
        )


def label_positions(
    days: pd.Series,
    values: pd.Series,
    texts: pd.Series,
    widths: tuple[float, ...] = LABEL_PLOT_WIDTHS,
    reach: tuple[pd.Series, pd.Series] | None = None,
    first: pd.Series | None = None,
) -> pd.Series:
    """A text position for each point of a timeline, so that no two labels print over each
    other nor over another point's marker. `texts` are the labels as
    printed (`label_text`: a long one on two lines); a point whose text is None is drawn
    without a label, and its marker is kept clear all the same. `reach`, where given, is each
    point's (low, high): a range is drawn as a bar from its low to its high end, and a label
    is kept off the whole bar.

    The points `first` marks (the figures that stand for their metric, which the headlines
    name) are labelled first, then the others, each from the highest point down: each label
    takes the first of above, below, right, left and the four corners (`LABEL_POSITIONS`) that
    is free, clear of the other markers and inside the plot at every width in `widths`; a label
    with no such place gets None and is not drawn (its point keeps its hover text, and the
    tables list it), unless its figure stands: it takes the free place over the fewest markers.
    """
    drawn = _date_range(days)
    if drawn is None:
        return pd.Series(dtype=object, index=days.index)
    height = LABEL_PLOT_HEIGHT
    low, high = _y_axis(float(values.max() or 1))

    def y(value: pd.Series) -> list[float]:
        return (height - (value - low) / (high - low) * height).tolist()

    stamps = pd.to_datetime(pd.Series(list(days), index=days.index, dtype=object))
    share = ((stamps - drawn[0]) / (drawn[1] - drawn[0])).tolist()
    bottom, top = reach if reach is not None else (values, values)
    point = dict(zip(days.index, zip(share, y(values), texts.tolist(), strict=True), strict=True))
    bar = dict(zip(days.index, zip(y(top), y(bottom), strict=True), strict=True))
    m = MARKER_PX
    # One grid of markers and one of placed labels at each width.
    markers = {w: _Grid() for w in widths}
    placed = {w: _Grid() for w in widths}
    for i, (at, y_at, _) in point.items():
        for w, grid in markers.items():
            grid.add(i, (at * w - m, y_at - m, at * w + m, y_at + m))
            if bar[i][0] < bar[i][1]:  # a range's bar, kept clear by its own label too
                grid.add(("bar", i), (at * w - BAR_PX, bar[i][0], at * w + BAR_PX, bar[i][1]))
    positions: dict = dict.fromkeys(days.index)
    first = first if first is not None else pd.Series(False, index=values.index)
    labelled = pd.DataFrame({"later": ~first, "value": values})[texts.notna()]
    order = labelled.sort_values(["later", "value"], ascending=[True, False], kind="stable")
    for i in order.index:
        at, y_at, text = point[i]
        # Only places inside the plot area at every width: Plotly clips text at its edges.
        every = {p: {w: label_box(p, at * w, y_at, text) for w in placed} for p in LABEL_POSITIONS}
        boxes = {
            p: at_width
            for p, at_width in every.items()
            if all(
                b[0] >= 0 and b[1] >= 0 and b[2] <= w and b[3] <= height
                for w, b in at_width.items()
            )
        }
        free = [p for p, b in boxes.items() if not any(placed[w].overlaps(b[w]) for w in b)]

        # Over no other marker at any width. A label printed over a marker is half hidden at
        # that width, so only a figure that stands (the headline names it) is labelled there,
        # at the fewest widths; the others keep their hover text.
        over = {p: sum(markers[w].overlaps(boxes[p][w], but=i) for w in markers) for p in free}
        clear = sorted(free, key=over.__getitem__)
        positions[i] = next((p for p in clear if first[i] or not over[p]), None)
        if positions[i]:
            for w, box in boxes[positions[i]].items():
                placed[w].add(i, padded(box))
    return pd.Series(positions, dtype=object)


# Figures this many days apart or closer that are worded alike are one label: two sources'
# "more than 40,000" of Oct 2017 would print side by side as one run of text.
SAME_LABEL_DAYS = 183


def _repeated_labels(frame: pd.DataFrame, first: Collection[str] = ()) -> pd.Series:
    """True for a figure whose label would repeat another's: the same words and value within
    SAME_LABEL_DAYS, or the same value on the same day ("910" and "more than 910" on one point).
    The figures whose ids are in `first` (those that stand) keep theirs, then the earlier of
    the others. Its marker stays, with its hover; its label is not drawn."""
    repeated = pd.Series(False, index=frame.index)
    shown: dict[tuple, list] = {}
    points: set[tuple] = set()
    standing = frame["figure_id"].isin(list(first)).to_numpy()
    order = sorted(range(len(frame)), key=lambda k: (not standing[k], k))
    days, values, texts = (frame[c].tolist() for c in ("as_of_sort", "value", "value_text"))
    for k in order:
        day, value, text = days[k], values[k], texts[k]
        near = any(
            abs((day - other).days) <= SAME_LABEL_DAYS for other in shown.get((value, text), ())
        )
        if (day, value) in points or near:
            repeated.iloc[k] = True
        else:
            shown.setdefault((value, text), []).append(day)
            points.add((day, value))
    return repeated


def timeline_chart(
    frame: pd.DataFrame,
    title: str,
    source_line: str,
    alt: str,
    fit: Fit = PHONE,
    first: Collection[str] = (),
) -> go.Figure:
    """Every count for one entity over time: a marker per figure, labelled as worded.

    A dotted line joins only figures of one source and one body that count the same people
    (the body's own series over time, as one page prints it): a line across sources, bodies or
    scopes would read as a trend that no source reports.
    Rates are left out: they have another unit and would share the axis with totals. The
    figures whose ids are in `first` (those that stand for their metric) are labelled first.
    """
    counts = frame["metric"].map(lambda m: METRICS[m].unit == "people")
    frame = frame.loc[
        counts,
        [
            *MARK_COLUMNS,
            "source_id",
            "originator",
            "value_low",
            "value_high",
            "scope",
            "includes",
            "takes_in_others",
            "one_occasion",
        ],
    ]
    frame = frame.sort_values(["as_of_sort", "value"], ascending=[True, False])
    ranged = frame["qualifier"] == "range"
    positions = label_positions(
        frame["as_of_sort"],
        frame["value"],
        frame["value_text"].map(label_text).mask(_repeated_labels(frame, first), None),
        fit.label_widths,
        (
            frame["value_low"].astype(float).where(ranged, frame["value"]),
            frame["value_high"].astype(float).where(ranged, frame["value"]),
        ),
        frame["figure_id"].isin(list(first)),
    )
    traces = []
    present = set(frame["metric"])
    # In the metrics' own order, as every other chart and table lists them (not the order of
    # their first figures: Jordan's key read "Returned, Detained, Travelled").
    for metric in [m for m in METRICS if m in present]:
        rows = frame[frame["metric"] == metric]
        days, values = rows["as_of_sort"].tolist(), rows["value"].to_numpy()
        # Each source's rows by position, in order of their first row (a frame per source
        # cost more than the chart at a few hundred sources).
        # Of one body and the same people only (`reference.counted`): "all Syrian groups",
        # then "ISIS", is no series, nor one page's The Soufan Group of 2015, then The Soufan
        # Center of 2017 (Tunisia's 6,000 was revised, not halved).
        by_source = rows.groupby(
            [rows["source_id"], rows["originator"], reference.counted(rows)], sort=False
        ).indices.values()
        for at in sorted(by_source, key=lambda positions: positions[0]):
            if len({days[p] for p in at}) > 1:
                traces.append(
                    dict(
                        type="scatter",
                        name=f"{METRICS[metric].label}: one source over time",
                        x=[days[p] for p in at],
                        y=values[at],
                        mode="lines",
                        line={"color": PALETTE[metric], "dash": "dot", "width": 1},
                        legendgroup=metric,
                        showlegend=False,
                        hoverinfo="skip",
                    )
                )
        # A number's circles first: the legend draws a metric with its trace's first marker,
        # and "Returned ◆" read as if every returned figure were computed.
        plain = (
            ~rows["is_derived"]
            & ~rows["qualifier"].isin(reference.BOUNDS)
            & ~reference.off_chart(rows)
        ).to_numpy()
        rows = rows.iloc[np.argsort(~plain, kind="stable")]
        symbols = [
            ("diamond" if d else _BOUND_SYMBOLS.get(q, "circle")) + ("-open" if others else "")
            for q, d, others in zip(
                rows["qualifier"], rows["is_derived"], reference.off_chart(rows), strict=True
            )
        ]
        placed = positions[rows.index].tolist()
        ranged = (rows["qualifier"] == "range").to_numpy()
        # A range is drawn as a range: a bar from its low to its high end.
        spread = (
            {
                "error_y": {
                    "type": "data",
                    "symmetric": False,
                    "array": np.where(ranged, rows["value_high"] - rows["value"], 0).tolist(),
                    "arrayminus": np.where(ranged, rows["value"] - rows["value_low"], 0).tolist(),
                    "color": PALETTE[metric],
                    "thickness": 2,
                    "width": 6,
                }
            }
            if ranged.any()
            else {}
        )
        traces.append(
            dict(
                type="scatter",
                name=METRICS[metric].label,
                **spread,
                x=rows["as_of_sort"].tolist(),
                y=rows["value"].to_numpy(),
                mode="markers+text",
                legendgroup=metric,
                # A white outline keeps a marker drawn over another (same day, close value)
                # visible.
                marker={
                    "symbol": symbols,
                    "size": 14,
                    "color": PALETTE[metric],
                    "line": {"color": "white", "width": 1.5},
                },
                text=[
                    label_text(t) if p else ""
                    for t, p in zip(rows["value_text"], placed, strict=True)
                ],
                textposition=[p or "top center" for p in placed],
                textfont={"color": text_colour(PALETTE[metric])},
                customdata=_customdata(rows),
                hovertemplate=HOVER,
            )
        )
    drawn = _date_range(frame["as_of_sort"])
    top = float(frame["value"].max() or 1) if len(frame) else 1.0
    layout = dict(
        title={"text": safe(title), "x": 0, "xanchor": "left"},  # its height: _with_source_line
        height=420,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        xaxis={
            "title": {"text": "As of (the figure's date, else its source's)"},
            "gridcolor": "#eee",
            "type": "date",
            "tickformat": "%b %Y",
            # Level, and few enough to stay level on a phone: a slanted tick label is taller
            # and would reach the axis title into the key under the chart.
            "tickangle": 0,
            "nticks": 5,
            # A date's label past the plot's edge is left off, not printed outside the figure.
            "ticklabeloverflow": "hide past domain",
            **({"range": list(drawn)} if drawn is not None else {}),
        },
        # Headroom for the label above the highest marker.
        yaxis={
            "title": {"text": "People (as reported)"},
            "gridcolor": "#eee",
            "range": list(_y_axis(top)),
        },
        clickmode="event+select",
    )
    # The markers' key, under the chart: the legend above names the metrics only.
    drawn = {s for trace in traces if "marker" in trace for s in trace["marker"]["symbol"]}
    used = {s.removesuffix("-open") for s in drawn} | {"open" for s in drawn if s.endswith("-open")}
    key = [meaning for symbol, meaning in TIMELINE_KEY.items() if symbol in used]
    return _figure(traces, layout, source_line, alt, key, fit=fit)


def entity_figures(
    frame: pd.DataFrame, entity: str, metrics: list[str] | None = None
) -> pd.DataFrame:
    """One entity's figures (of `metrics`, or all), by metric in the vocabulary's order
    (travelled, returned, detained, ...), then by date."""
    rows = frame[frame["entity"] == entity]
    if metrics is not None:
        rows = rows[rows["metric"].isin(metrics)]
    rank = {m: i for i, m in enumerate(METRICS)}
    return rows.sort_values(
        ["metric", "as_of_sort"], key=lambda col: col.map(rank) if col.name == "metric" else col
    )


def country_timeline(
    dataset: Dataset,
    rows: pd.DataFrame,
    name: str,
    listed: str = citations.ON_THE_SOURCES_PAGE,
    fit: Fit = PHONE,
    standing: Collection[str] = (),
) -> go.Figure:
    """The Country profile's chart of one entity's figures (the briefing pack draws it too,
    its sources `listed` in its notes): those whose date is known (`undated_note` says where
    the others are), the `standing` ones (the headlines' figures) labelled first."""
    rows = rows[rows["date_known"]]
    line = citations.source_line(dataset, rows["figure_id"], listed)
    alt = alt_text(rows, f"Figures over time for {name}")
    return timeline_chart(rows, f"{name}: every reported figure", line, alt, fit, standing)


# "About" a number: within this share of it either way (300 and "about 310" agree).
ABOUT_TOLERANCE = 0.1


def rounding(value: np.ndarray) -> np.ndarray:
    """Half the unit a round number may have been rounded to, as a reader takes it: to its
    last non-zero digit, at most to two significant figures (3,400 may be 3,417; 400 may be
    403, not 425); 0 for a number under 100 or not ending in 0."""
    value = np.nan_to_num(value)
    digits = np.floor(np.log10(np.maximum(value, 1))) + 1
    zeros = np.zeros_like(value)
    for power in range(1, 7):  # trailing zeros, up to millions
        zeros = np.where((value >= 100) & (value % 10**power == 0), power, zeros)
    unit = np.where(zeros > 0, 10.0 ** np.minimum(zeros, digits - 2), 0.0)
    return unit / 2


def bounds(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The lowest and highest count each figure allows: an exact count itself, or what rounds
    to it where it is round (`rounding`; not a number we computed), "about" within
    ABOUT_TOLERANCE, a lower bound up to infinity, an upper bound down to zero, a range its
    ends."""
    value = rows["value"].to_numpy(dtype=float)
    qualifier = rows["qualifier"].to_numpy()
    low = rows["value_low"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    high = rows["value_high"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    about = qualifier == "about"
    lower = np.isin(qualifier, LOWER_BOUNDS)
    upper = np.isin(qualifier, UPPER_BOUNDS)
    ranged = qualifier == "range"
    rounded = np.where((qualifier == "exact") & ~rows["is_derived"].to_numpy(bool), value, np.nan)
    half = rounding(rounded)
    # The whole counts that round to it, half up: 3,400 is 3,350 to 3,449.
    lo = np.where(about, value * (1 - ABOUT_TOLERANCE), value - half)
    hi = np.where(about, value * (1 + ABOUT_TOLERANCE), value + np.maximum(half - 1, 0))
    lo = np.where(upper, 0.0, np.where(ranged, low, lo))
    hi = np.where(lower, np.inf, np.where(ranged, high, hi))
    return lo, hi


def _same_period(days: pd.Series) -> np.ndarray:
    stamps = pd.to_datetime(pd.Series(list(days), dtype=object)).to_numpy()
    apart = np.abs(stamps[:, None] - stamps[None, :])
    return apart <= reference.PERIOD


def undated_note(rows: pd.DataFrame) -> list[str]:
    """A note for the figures a timeline cannot place: their page gives no date for them."""
    undated = rows[~rows["date_known"]]
    if undated.empty:
        return []
    listed = "; ".join(
        f"{label.lower()}: {text} ({when})"
        for label, text, when in zip(
            undated["metric_label"], undated["value_text"], undated["as_of_text"], strict=True
        )
    )
    return [
        f"Not on the chart, because their source does not say when they were given: {listed}. "
        "The tables below list them."
    ]


def disagreements(frame: pd.DataFrame) -> pd.DataFrame:
    """The figures that disagree: of one entity and metric, of the same period (within
    reference.SAME_PERIOD_MONTHS), counting the same people (`reference.counted`), and whose bounds
    cannot both hold (`bounds`). Different numbers of different periods are change, not
    disagreement (`trends`), and so are one body's own counts of different dates (Spain's
    agency's 263 of 2022 and 272 of 2023): its series, not a dispute. A total to date
    (travelled, returned) grows, so a count surely later than another and higher than it, by
    no more than it could have grown since (`_could_grow_to`), can hold beside it (World's
    about 12,000 of June 2014 and 15,000 of September 2014); a later, lower one cannot, nor one
    that grew faster (Indonesia's police's 200 of September 2015 and about 700 that November).
    One page's two wordings of one body's count are listed once, as the rule ranks them
    (`reference.best`: the headline's "300" before its text's "more than 300").

    Rates (arrivals per month) are left out: a rate that changes over time is no disagreement.
    """
    groups = []
    for (_, metric), rows in frame[frame["date_known"]].groupby(["entity", "metric"], sort=False):
        if METRICS[metric].unit != "people" or len(rows) < 2:
            continue
        lo, hi = bounds(rows)
        above = lo[:, None] > hi[None, :]  # [i, j]: i's count is higher than j's can be
        if metric in TOTALS_TO_DATE:
            grown = above & _could_grow_to(rows["as_of"], lo, hi)
            apart = (above & ~grown) | (above.T & ~grown.T)
        else:
            apart = above | above.T
        whom = reference.counted(rows)
        one_period = _same_period(rows["as_of_sort"])
        clash = apart & (whom[:, None] == whom[None, :]) & one_period & ~_own_series(rows)
        for linked in _components(clash):
            for members in _within_a_period(linked, rows["as_of_sort"].tolist(), one_period, clash):
                listed = _once_a_wording(rows.iloc[members])
                groups.append(listed.assign(disagreement=len(groups)))
    if not groups:
        return frame.iloc[0:0].assign(disagreement=pd.Series(dtype=int))
    return pd.concat(groups)


# The most a total to date is taken to grow in a month, as a share of the earlier count: the
# world's at the flows' height (about 12,000 in June 2014, more than 20,000 in January 2015:
# about a tenth a month), and after they fell (The Soufan Group's 27,000 to 31,000 of
# December 2015 to The Soufan Center's more than 40,000 of October 2017: about 2% a month,
# taken as 2.5%). A faster rise is two counts, not growth: Jordan's 2,500 of August 2016 and
# about 4,000 of April 2017.
GROWTH_A_MONTH = 0.10
GROWTH_A_MONTH_AFTER = 0.025
FLOWS_FELL = date(2016, 1, 1).toordinal()
DAYS_A_MONTH = 30.44


def _could_grow_to(as_of: pd.Series, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """[i, j]: figure i's date is surely after figure j's (i's earliest day after j's latest:
    "2015" is not surely after 26 January 2015), and i's lowest count is within what j's
    highest could have grown to in the time between (GROWTH_A_MONTH of it a month before
    FLOWS_FELL, GROWTH_A_MONTH_AFTER after)."""
    spans = [dates.bounds(day) for day in as_of]
    first = np.array([span[0].toordinal() for span in spans])[:, None]
    last = np.array([span[1].toordinal() for span in spans])[None, :]
    before = (np.minimum(first, FLOWS_FELL) - last).clip(min=0) / DAYS_A_MONTH
    after = (first - np.maximum(last, FLOWS_FELL)).clip(min=0) / DAYS_A_MONTH
    grown = 1 + GROWTH_A_MONTH * before + GROWTH_A_MONTH_AFTER * after
    return (first > last) & (lo[:, None] <= hi[None, :] * grown)


def _once_a_wording(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows less a page's second wording of one body's count (same page, originator and
    value), keeping the one the rule ranks first."""
    keys = ["source_id", "originator", "value"]
    # Most disagreements have no second wording: the rule is asked only of those that do (the
    # keys counted as tuples: a frame's `duplicated` walks all its columns).
    tuples = list(zip(*(rows[k].tolist() for k in keys), strict=True))
    seen = Counter(tuples)
    repeated = np.array([seen[key] > 1 for key in tuples])
    if not repeated.any():
        return rows
    keep = [reference.best(same).name for _, same in rows[repeated].groupby(keys)]
    return rows[~repeated | rows.index.isin(keep)]


def _within_a_period(
    linked: list[int], days: list, one_period: np.ndarray, clash: np.ndarray
) -> list[list[int]]:
    """A group of clashing figures cut, in date order, into runs of one period each (figures
    that clash through a third one can be further apart: World's about 12,000 of June 2014 and
    about 30,000 of July 2015 are growth), each run keeping the figures that clash within it.
    A run starts with the last run's figures of its period, so that a clash across the cut is
    kept (Jordan's 2,500 of August 2016 and about 4,000 of April 2017, then that 4,000 and
    about 3,000 of October 2017)."""
    runs: list[list[int]] = []
    for row in sorted(linked, key=lambda i: (days[i], i)):
        if runs and one_period[runs[-1][0], row]:
            runs[-1].append(row)
        else:
            runs.append([i for i in runs[-1] if one_period[i, row]] if runs else [])
            runs[-1].append(row)
    kept = ([i for i in run if clash[i, run].any()] for run in runs)
    return [sorted(run) for run in kept if run]  # a clash keeps both of its figures


def _own_series(rows: pd.DataFrame) -> np.ndarray:
    """Pairs of figures that are one named body's counts of different dates (not two pages'
    unattributed numbers, whose originator is no body), or one page's two wordings of one
    body's count (a headline's "300", its text's "more than 300")."""
    body = np.where(rows["originator_kind"] != "unknown", rows["originator"], None)
    day, page = rows["as_of_sort"].to_numpy(), rows["source_id"].to_numpy()
    named = body != None  # noqa: E711 (elementwise)
    other_day_or_same_page = (day[:, None] != day[None, :]) | (page[:, None] == page[None, :])
    return (body[:, None] == body[None, :]) & named[:, None] & other_day_or_same_page


def disagreement_notes(rows: pd.DataFrame, notes: dict[str, int] | None = None) -> list[str]:
    """ "Sources disagree on ..." once for each disagreement among `rows` (with each figure's
    note number, in the briefing pack)."""
    return [
        citations.disagreement_text(group["metric"].iloc[0], group, notes)
        for _, group in disagreements(rows).groupby("disagreement", sort=False)
    ]


def _components(linked: np.ndarray) -> list[list[int]]:
    """The groups of rows that clash with one another, directly or through another row (each
    group is one disagreement), in the order of their first row; rows that clash with none are
    in no group."""
    seen: set[int] = set()
    found = []
    for start in range(len(linked)):
        if start in seen or not linked[start].any():
            continue
        members, todo = set(), [start]
        while todo:
            row = todo.pop()
            if row not in members:
                members.add(row)
                todo.extend(int(i) for i in np.flatnonzero(linked[row]))
        seen |= members
        found.append(sorted(members))
    return found


# Metrics that count everyone up to a date: a later, lower count of one is no fall.
TOTALS_TO_DATE = frozenset({"travelled", "returned"})


def _alike_series(rows: pd.DataFrame, period: pd.DateOffset) -> tuple | None:
    """The figures of one metric a trend compares, with their dates: those that count the same
    people (`reference.counted`) as the best figure of the last period, else the counts of
    everyone (no scope), whichever first spans more than a year; None when neither does."""
    stamps = rows["as_of_sort"].map(pd.Timestamp)
    whom = reference.counted(rows)
    last = reference.best(rows[stamps > stamps.max() - period])
    for people in dict.fromkeys([whom[rows.index.get_loc(last.name)], reference.EVERYONE]):
        alike = whom == people
        if alike.any() and stamps[alike].max() - stamps[alike].min() > pd.Timedelta(days=366):
            return rows[alike], stamps[alike]
    return None


def _one_body(rows: pd.DataFrame, last: pd.Series) -> pd.Series:
    """Which of `rows` are the same body's counts as `last`, which a change between them
    describes: the same originator, or both a government's own (official) counts of its
    nationals. ICSR's 500 and then The Soufan Center's 1,500 may differ in how they counted,
    not in who went."""
    official = (rows["standing"] == "official") & (last["standing"] == "official")
    return (rows["originator"] == last["originator"]) | official


def trends(frame: pd.DataFrame) -> list[str]:
    """How each count of one entity moved, where its figures span more than one period:
    "Travelled rose from 240 (Dec 2013, German security authorities) to about 1,150 (Dec 2023,
    Germany's Federal Government)". The figure of each end is chosen as a chart chooses one
    (`reference.best`) among the figures of its period, of one people (`_alike_series`), and
    of the latest figure's body where its own counts span more than a year; a direction is
    claimed only between one body's counts (`_one_body`)."""
    texts = []
    known = frame[frame["date_known"]]
    period = pd.DateOffset(months=reference.SAME_PERIOD_MONTHS)
    for metric, rows in known.groupby("metric", sort=False):
        if METRICS[metric].unit != "people":
            continue
        series = _alike_series(rows, period)
        if series is None:
            continue
        rows, stamps = series
        last = reference.best(rows[stamps > stamps.max() - period])
        # the latest figure's body's own series where it spans more than a year: "about 130
        # (2016), then about 150 (2021)" of one ministry, not ICSR's 12 of 2015 before them
        own = _one_body(rows, last)
        if stamps[own].max() - stamps[own].min() > pd.Timedelta(days=366):
            rows, stamps = rows[own], stamps[own]
        first = reference.best(rows[stamps < stamps.min() + period])
        start = f"{first.value_text} ({first.as_of_text}, {first.originator_name})"
        end = f"{last.value_text} ({last.as_of_text}, {last.originator_name})"
        label = METRICS[metric].label
        # The stated numbers, as a reader compares them ("more than 270" to "about 1,150"
        # rose); within "about"'s tolerance of each other, no direction is claimed, nor where
        # the two can both hold ("between 1,500 and 3,000", then "fewer than 3,000"): a lower
        # bound is read as its number ("more than 270"), not as all it allows.
        change = last.value / first.value - 1 if first.value else float("inf")
        ends = rows.loc[[first.name, last.name]]
        stated = ends["qualifier"].isin(LOWER_BOUNDS).to_numpy()
        lo, hi = (np.where(stated, ends["value"], b) for b in bounds(ends))
        if abs(change) <= ABOUT_TOLERANCE:
            texts.append(f"{label} stayed near the same number: {start}; {end}.")
        elif lo[0] <= hi[1] and lo[1] <= hi[0]:
            texts.append(
                f"{label}: {start}, then {end}; the two can both hold, so no rise or "
                "fall is claimed."
            )
        elif not _one_body(ends, last).all():
            moved = "rise" if change > 0 else "fall"
            texts.append(
                f"{label}: {start}, then {end}; different bodies' counts, so no {moved} is claimed."
            )
        elif change > 0:
            texts.append(f"{label} rose from {start} to {end}.")
        elif metric in TOTALS_TO_DATE:
            texts.append(
                f"{label}: a later count is lower, {start}, then {end}; a total to "
                "date does not fall, so the two count differently."
            )
        else:
            texts.append(f"{label} fell from {start} to {end}.")
    return texts


def _direction(qualifier: pd.Series) -> np.ndarray:
    """+1 where the count is at least its number ("more than"), -1 at most ("up to"), else 0."""
    return np.select([qualifier.isin(LOWER_BOUNDS), qualifier.isin(UPPER_BOUNDS)], [1, -1], 0)


def share_bound(pairs: pd.DataFrame) -> np.ndarray:
    """What a share returned of each pair (columns `qualifier_`, `is_derived_` with the
    suffixes `_returned`, `_travelled`) can claim: "or more" where the returned count is a
    lower bound or the travelled one an upper bound, "or less" the other way, "both bounds"
    where the two bounds leave it open either way; "about" where either count is approximate
    (about, a range's midpoint, computed). A returned count computed as a share of the
    travelled one ("around half" of "more than 500") is that share, whatever the bound."""
    returned = _direction(pairs["qualifier_returned"])
    travelled = _direction(pairs["qualifier_travelled"])
    of_it = (pairs["derived_of_returned"] == pairs["figure_id_travelled"]).to_numpy()
    open_either_way = (returned != 0) & (returned == travelled) & ~of_it
    direction = np.where(open_either_way | of_it, 0, np.sign(returned - travelled))
    approximate = np.zeros(len(pairs), dtype=bool)
    for side in ("_returned", "_travelled"):
        approximate |= pairs[f"qualifier{side}"].isin(["about", "range"]).to_numpy()
        approximate |= pairs[f"is_derived{side}"].to_numpy(dtype=bool)
    about = np.where(approximate | open_either_way, "about ", "")
    after = np.select(
        [open_either_way, direction > 0, direction < 0],
        [" (both bounds)", " or more", " or less"],
        "",
    )
    return np.char.add(np.char.add(about.astype(str), "{}%"), after.astype(str))


def share_returned(frame: pd.DataFrame) -> pd.DataFrame:
    """Where one source reports both travelled and returned for an entity, as one body's
    counts: the share returned, and how its words must bound it (`share_bound`). Of a page's
    several figures of one body and metric (a headline's "more than 400" and its text's "at
    least 425"), the one the rule ranks first (`reference.ranked`): one row a page and body."""
    keys = ["entity", "source_id", "originator"]
    in_order = reference.ranked(frame[frame["metric"].isin(["travelled", "returned"])])
    first = in_order.drop_duplicates([*keys, "metric"])
    travelled = first[first["metric"] == "travelled"]
    returned = first[first["metric"] == "returned"]
    pairs = travelled.merge(returned, on=keys, suffixes=("_travelled", "_returned"))
    if pairs.empty:
        return pd.DataFrame(
            columns=[
                "entity_name",
                "share_returned",
                "share_words",
                "no_share",
                "travelled",
                "returned",
                "as_of",
                "source",
                "figure_travelled",
                "figure_returned",
            ]
        )
    base = pairs["value_travelled"]
    # No share of nothing (a travelled figure of 0), nor of counts of different people ("1,654"
    # who went and "about 100 (women only)" back): none, and the reason.
    alike = reference.counted(pairs, "_travelled") == reference.counted(pairs, "_returned")
    others = pairs["takes_in_others_travelled"] | pairs["takes_in_others_returned"]
    why = np.select(
        [base <= 0, others, ~alike],
        [
            "none: the travelled figure is 0",
            "none: a count that takes in others too",
            "none: the two count different people",
        ],
        "",
    )
    return pd.DataFrame(
        {
            "entity_name": pairs["entity_name_travelled"],
            "share_returned": (pairs["value_returned"] / base).where((base > 0) & alike & ~others),
            "share_words": share_bound(pairs),
            "no_share": why,
            "travelled": pairs["value_text_travelled"],
            "returned": pairs["value_text_returned"],
            "as_of": pairs["as_of_text_returned"],
            "source": pairs["source_short_travelled"],
            "figure_travelled": pairs["figure_id_travelled"],
            "figure_returned": pairs["figure_id_returned"],
        }
    ).sort_values("share_returned", ascending=False, ignore_index=True)


def ranking(
    rows: pd.DataFrame,
    metric: str,
    include_aggregates: bool = False,
    per_million: bool = False,
) -> pd.DataFrame:
    """Countries ranked on one metric, from a cross-section's rows (`reference.cross_section`).

    With `per_million`, the value is per million inhabitants: countries without a population
    figure drop out, and the marks say what they show ("12.3 per million · 2017").
    """
    rows = rows[rows["metric"] == metric]
    if not include_aggregates:
        rows = rows[~rows["is_aggregate"]]
    if per_million:
        rows = rows[rows["per_million"].notna()]
        per = rows["per_million"].astype(float)
        words = [
            f"{q} {p:,.1f} per million".strip()
            for q, p in zip(rows["qualifier"].map(QUALIFIER_WORDS_SHORT), per, strict=True)
        ]
        rows = rows.assign(
            value=per,
            value_text=words,
            mark_text=[
                f"{w} · {m.split(' · ', 1)[1]}"
                for w, m in zip(words, rows["mark_text"], strict=True)
            ],
        )
    return rows.sort_values("value", ascending=False, ignore_index=True)


def top_entities(frame: pd.DataFrame, n: int = TOP_N) -> pd.DataFrame:
    """The rows of the `n` entities with the largest values: a chart stays readable at any
    size of dataset (the page offers all of them behind a toggle)."""
    largest = frame.groupby("entity")["value"].max().nlargest(n, keep="first").index
    return frame[frame["entity"].isin(largest)]


def alt_text(frame: pd.DataFrame, what: str) -> str:
    """A one-paragraph description of a chart for screen readers and briefing notes."""
    if frame.empty:
        return f"{what}: no figures."
    top = frame.sort_values("value", ascending=False).head(5)
    listed = "; ".join(
        f"{r.entity_name}, {r.metric_label.lower()}: {r.value_text} (as of {r.as_of_text})"
        for r in top.itertuples()
    )
    return f"{what}, {len(frame)} figure(s). Largest: {listed}."


def _years(rows: pd.DataFrame) -> str:
    """ " · figures of 2013-2024": the years a map's colours are of (its marks carry no year,
    as a bar's do), so that an exported map says it is no one moment."""
    years = sorted({str(day)[:4] for day in rows["as_of"] if day})
    if not years:
        return ""
    return f" · figures of {years[0]}" + (f"–{years[-1]}" if len(years) > 1 else "")


def map_chart(frame: pd.DataFrame, metric: str, source_line: str, alt: str, lens: str) -> go.Figure:
    """A world choropleth of one metric, one figure per country (aggregates are not places)."""
    rows = frame[(frame["metric"] == metric) & ~frame["is_aggregate"]]
    bins = len(MAP_BINS)
    trace = dict(
        type="choropleth",
        locations=rows["entity"].tolist(),
        locationmode="ISO-3",
        # A colour a bin, not a continuous scale that one large country would own.
        z=map_bins(rows["value"], rows["qualifier"]).tolist(),
        zmin=-0.5,
        zmax=bins - 0.5,
        colorscale=_steps(MAP_COLOURS),
        marker={"line": {"color": "#555", "width": 0.5}},
        # Under the map, above its key: beside it, it took half a phone's width.
        colorbar={
            "orientation": "h",
            "thickness": 10,
            "len": 1,
            "x": 0.5,
            "y": 0,
            "yanchor": "top",
            "ypad": 4,
            "tickvals": list(range(bins)),
            "ticktext": [label for _, label in MAP_BINS],
            "tickangle": 0,
            "tickfont": {"size": 10},
        },
        customdata=_customdata(rows),
        hovertemplate=HOVER,
    )
    geo = dict(
        scope="world",
        resolution=110,
        projection={"type": "natural earth"},
        showcountries=True,
        countrycolor="#bbb",
        showland=True,
        landcolor=NO_DATA_COLOUR,
        showframe=False,
        showcoastlines=False,
        # The map opens on the countries it colours, not on the whole globe.
        fitbounds="locations" if len(rows) else False,
        lonaxis={"range": [-180, 180]},
        lataxis={"range": [-58, 85]},
    )
    layout = dict(
        title={
            "text": safe(f"{METRICS[metric].label}: as reported, by country{lens}{_years(rows)}"),
            "x": 0,
        },
        geo=geo,
        height=520,
        showlegend=False,
        clickmode="event+select",
    )
    return _figure(
        [trace],
        layout,
        source_line,
        alt,
        [
            "grey: none shown (no figure, none dated, or only counts that take in others or "
            "count one occasion)"
        ],
    )


def fitted_height_css(fig: go.Figure, box: str) -> str:
    """The style that gives a map's box (the element of Streamlit key `box`) the height the
    window's width lets the map fill: its margins (title, key, source line) and a plot 45% as
    high as the window is wide (the world, less Antarctica, is about twice as wide as high),
    at most the plot's own height. Plotly draws a map at its shape, centred in its plot, so
    on a phone the rest of a desktop's height was blank."""
    margins = fig.layout.margin.t + fig.layout.margin.b
    plot = fig.layout.height - margins
    return (
        f".st-key-{box}{{flex:0 0 auto!important;"
        f"height:calc({margins}px + min({plot}px, 45vw))!important}}"
    )


# The map's bins: (the lowest value in the bin, its label), from the smallest up.
MAP_BINS = (
    (0, "<50"),
    (50, "50–99"),
    (100, "100–299"),
    (300, "300–999"),
    (1000, "1,000–2,999"),
    (3000, "3,000+"),
)
MAP_COLOURS = ("#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08306b")
NO_DATA_COLOUR = "#e4e4e4"


def map_bins(values: pd.Series, qualifiers: pd.Series | None = None) -> np.ndarray:
    """The bin of each value (0 for the smallest), by MAP_BINS' lower ends: "fewer than 3,000"
    is in the bin below 3,000."""
    if qualifiers is not None:
        values = values.where(qualifiers.ne("fewer_than"), values - 0.5)
    return np.searchsorted([low for low, _ in MAP_BINS], values.to_numpy(), side="right") - 1


def _steps(colours: tuple[str, ...]) -> list[list]:
    """A colour scale of flat steps, one colour a bin (z runs from -0.5 to bins - 0.5)."""
    n = len(colours)
    return [stop for i, c in enumerate(colours) for stop in ([i / n, c], [(i + 1) / n, c])]
