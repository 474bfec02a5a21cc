"""The pure builders behind the pages: chart traces, figure picking and citation text."""

from __future__ import annotations

import html
import itertools
import math
import random
import re
from pathlib import Path

import numpy
import pandas as pd
import plotly.graph_objects as go
import pytest

from returnees import charts, citations, reference
from returnees.frames import figures_frame
from returnees.loader import Dataset, load_dataset, load_or_raise
from returnees.quotes import normalize
from returnees.schema import Figure, Source
from returnees.vocab import CORE_METRICS, METRICS
from tests.conftest import SEED_DIR
from tests.datasets import (
    ALERT_PAYLOADS,
    HOSTILE_FRA,
    HOSTILE_SOURCE,
    HOSTILE_WORLD,
    figure,
    source,
    write_dataset,
    write_hostile_dataset,
)

AXIS = "People (as reported)"
COMPUTED = " (computed by us from the source's words)"
LOWER = "lower bound: “more than” / “at least”"
UPPER = "upper bound: “up to” / “fewer than”"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    result = load_dataset(SEED_DIR)
    assert result.dataset is not None, result.problems
    return result.dataset


@pytest.fixture(scope="module")
def frame(dataset) -> pd.DataFrame:
    return figures_frame(dataset)


@pytest.fixture(scope="module")
def countries(frame) -> pd.DataFrame:
    """What the overview's "Countries" chart shows: one core figure per country and metric."""
    core = frame[frame["metric"].isin(CORE_METRICS) & ~frame["is_aggregate"]]
    return reference.cross_section(core)


def _small(tmp_path: Path, figures: list[dict], sources: list[dict] | None = None) -> Dataset:
    result = load_dataset(write_dataset(tmp_path / "data", sources or [source()], figures))
    assert result.dataset is not None, [str(p) for p in result.problems]
    return result.dataset


def _bar(frame: pd.DataFrame, dataset: Dataset):
    line = citations.source_line(dataset, frame["figure_id"])
    return charts.bar_chart(frame, "Test chart", line, charts.alt_text(frame, "Bar chart"), AXIS)


def _ids(trace) -> list[str]:
    return [c[0] for c in trace.customdata]


def _trace(fig, name: str):
    matches = [t for t in fig.data if t.name == name]
    assert len(matches) == 1, [t.name for t in fig.data]
    return matches[0]


# --------------------------------------------------------------------------- every chart


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(
            lambda frame, dataset: _bar(reference.cross_section(frame), dataset), id="bars"
        ),
        pytest.param(
            lambda frame, dataset: charts.timeline_chart(
                frame[frame["entity"] == "WORLD"], "World", "Source: x", "alt"
            ),
            id="timeline",
        ),
        pytest.param(
            lambda frame, dataset: charts.map_chart(
                reference.cross_section(frame), "returned", "Source: x", "alt", ""
            ),
            id="map",
        ),
    ],
)
def test_a_chart_passes_plotlys_own_validation(frame, dataset, build):
    # Charts are assembled without Plotly's checks (for speed): here they must pass them.
    fig = build(frame, dataset)
    validated = go.Figure(fig.to_dict())
    assert len(validated.data) == len(fig.data) > 0
    assert validated.layout.meta == fig.layout.meta


# --------------------------------------------------------------------------- bar_chart


def test_bar_chart_draws_one_bar_per_figure_carrying_its_id_and_value(countries, dataset):
    fig = _bar(countries, dataset)
    bars = [t for t in fig.data if t.type == "bar"]
    drawn = {fid: x for t in bars for fid, x in zip(_ids(t), t.x, strict=True)}
    assert sum(len(t.x) for t in bars) == len(countries)
    assert drawn == dict(zip(countries["figure_id"], countries["value"], strict=True))


@pytest.mark.parametrize(
    ("values", "labels"),
    [
        pytest.param([111, 80, 0], ["111 · 2024", "more than 80 · 2017", "0 · 2019"], id="capped"),
        pytest.param([111, 57, 0], ["111 · 2024", "57 · 2018", "0 · 2019"], id="short labels"),
        pytest.param([3417, 10], ["3,417 · 2017", "10 (women only) · 2019"], id="a long short"),
        pytest.param([5], ["5 · 2015"], id="one bar"),
        pytest.param([0], ["0 · 2019"], id="only a count of 0: an axis of 1"),
    ],
)
def test_a_bar_charts_labels_fit_a_phone_in_a_margin_and_its_axis_ends_at_its_bars(values, labels):
    frame = pd.DataFrame({"value": [float(v) for v in values], "mark_text": labels})
    names = ["Bosnia and Herzegovina"] * len(values)
    reach, right = charts._label_room(frame, names)
    assert reach == pytest.approx((max(values) or 1) * charts.BAR_AXIS_HEADROOM)
    # On a phone, each bar's end and its label are within the room for bars and labels; a
    # wider chart gives its extra width to the bars, not to empty axis.
    names_px = len(names[0]) * charts.TICK_CHAR_PX * 1.2
    width = min(charts.BAR_PLOT_PX, charts.PHONE_FIGURE_PX - names_px)
    cap = math.ceil(0.75 * width)  # a phone keeps a quarter of its room for the bars
    assert charts.MARGIN_RIGHT_PX <= right <= cap
    for value, label in zip(values, labels, strict=True):
        label_px = (len(label) + 4) * charts.LABEL_CHAR_PX
        if label_px < width and right < cap:  # a label wider than the room fits no margin
            assert value / reach * (width - right) + label_px <= width + 1e-6


def test_a_long_bars_label_too_long_for_any_margin_gets_a_longer_axis_instead():
    # The world's "up to 52,808 (incl. women and minors) · 2019" beside rows named "World (all
    # countries reported)": in a margin a phone can give, it would run off a desktop's chart.
    labels = ["up to 52,808 (incl. women and minors) · 2019", "about 7,000 · 2016"]
    frame = pd.DataFrame({"value": [52808.0, 7000.0], "mark_text": labels})
    reach, right = charts._label_room(frame, ["World (all countries reported)<br>Travelled"] * 2)
    assert right == charts.MARGIN_RIGHT_PX
    assert reach >= 52808 * 2  # the bar ends at half the plot or before, its label beside it


def test_bar_chart_labels_each_bar_with_entity_and_metric(countries, dataset):
    fig = _bar(countries, dataset)
    travelled = _trace(fig, "Travelled")
    labels = dict(zip(_ids(travelled), travelled.y, strict=True))
    # A long pair on two lines, so that a phone's chart keeps room for its bars.
    assert labels["rfn-rus-travelled"] == "Russian Federation<br>Travelled"
    assert list(fig.layout.yaxis.categoryarray).count("France · Returned") == 1


def test_bar_chart_keeps_the_sources_wording_on_the_bar(countries, dataset):
    fig = _bar(countries, dataset)
    texts = dict(zip(_ids(_trace(fig, "Travelled")), _trace(fig, "Travelled").text, strict=True))
    assert texts["ins-gbr-travelled"].strip() == "more than 500 · 2014"
    assert texts["rfn-rus-travelled"] == "3,417 · 2017"


def test_bar_chart_puts_computed_values_in_their_own_hatched_trace(countries, dataset):
    fig = _bar(countries, dataset)
    computed = _trace(fig, "Returned" + COMPUTED)
    assert set(_ids(computed)) == {"ins-gbr-returned", "rfn-rus-returned"}
    assert computed.marker.pattern.shape == "/"
    reported = _trace(fig, "Returned")
    assert not set(_ids(reported)) & set(_ids(computed))
    assert reported.marker.pattern.shape == ""


@pytest.mark.parametrize(
    ("qualifier", "marker_trace"),
    [
        pytest.param("more_than", LOWER, id="more than gets a lower-bound arrow"),
        pytest.param("at_least", LOWER, id="at least gets a lower-bound arrow"),
        pytest.param("up_to", UPPER, id="up to gets an upper-bound tick"),
        pytest.param("fewer_than", UPPER, id="fewer than gets an upper-bound tick"),
        pytest.param("exact", None, id="an exact value gets no marker"),
        pytest.param("about", None, id="an approximate value gets no marker"),
    ],
)
def test_bar_chart_marks_bounds(tmp_path, qualifier, marker_trace):
    dataset = _small(
        tmp_path,
        [
            figure("bounded", "FRA", "travelled", 500, qualifier=qualifier),
            figure("plain", "DEU", "travelled", 700),
        ],
    )
    fig = _bar(reference.cross_section(figures_frame(dataset)), dataset)
    markers = [t for t in fig.data if t.type == "scatter"]
    # A marker drawn at or past the bar's end is followed by a space, so it does not print over
    # the label's first letter ("|fewer than 3,000").
    label = dict(zip(_ids(_trace(fig, "Travelled")), _trace(fig, "Travelled").text, strict=True))
    assert label["bounded"][0].isspace() == (marker_trace is not None)
    if marker_trace is None:
        assert markers == []
        return
    assert [t.name for t in markers] == [marker_trace]
    assert _ids(markers[0]) == ["bounded"]
    assert list(markers[0].x) == [500]
    assert list(markers[0].y) == ["France"]  # one metric: the title names it


def test_bar_chart_hatches_every_computed_value_shares_and_remainders(frame, dataset):
    shown = reference.cross_section(frame[~frame["is_aggregate"]])
    fig = _bar(shown, dataset)
    computed = [t for t in fig.data if (t.name or "").endswith(COMPUTED)]
    assert (
        {i for t in computed for i in _ids(t)}
        == set(shown.loc[shown["is_derived"], "figure_id"])
        == {"ins-gbr-returned", "rfn-rus-returned", "vice-fra-released-on-probation"}
    )
    assert all(t.marker.pattern.shape == "/" for t in computed)


def test_bar_chart_marks_the_shipped_lower_bounds(countries, dataset):
    fig = _bar(countries, dataset)
    assert _ids(_trace(fig, LOWER)) == ["ins-gbr-travelled"]


def test_bar_chart_carries_its_source_line_and_alt_text(countries, dataset):
    line = citations.source_line(dataset, countries["figure_id"])
    fig = charts.bar_chart(countries, "Countries", line, "Bar chart, countries", AXIS)
    annotations = [a for a in fig.layout.annotations if a.name == "source-line"]
    assert len(annotations) == 1
    shown = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", annotations[0].text)).split())
    # The key to the marks drawn, then the source line.
    assert shown == f"Key: {' · '.join(charts._bar_key(countries))} {line}"
    assert fig.layout.meta["source_line"] == line
    assert fig.layout.meta["alt"] == "Bar chart, countries"
    assert fig.layout.title.text == "Countries"


@pytest.mark.parametrize(
    "lines",
    [pytest.param(1, id="a one-line source line"), pytest.param(4, id="a four-line source line")],
)
def test_a_long_source_line_grows_the_figure_not_over_the_plot(countries, lines):
    width = charts.SOURCE_LINE_WIDTH
    line = " ".join(["Source: a publisher with a long name (2014)"] * (2 * lines))[: width * lines]
    fig = charts.bar_chart(countries, "Countries", line, "alt", AXIS)
    key = charts.wrap(f"Key: {' · '.join(charts._bar_key(countries))}", width)
    expected = f"{key}<br>{charts.wrap(line, width)}"
    assert fig.layout.annotations[0].text == expected
    plot_height = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    rows = sum(charts._row_heights(countries, list(fig.layout.yaxis.categoryarray)))
    assert plot_height == 190 + rows - 100 - 85  # whatever the line's length
    assert fig.layout.annotations[0].yshift == -54


def test_a_chart_of_one_figure_keeps_a_readable_bar(countries, dataset):
    fig = _bar(countries.head(1), dataset)
    assert fig.layout.height - fig.layout.margin.t - fig.layout.margin.b >= 60


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('He said "more than 500" in 2014', id="double quotes"),
        pytest.param("the group's own count", id="an apostrophe"),
        pytest.param("<b>" * 60 + ' "x" ' + "&amp;" * 40, id="tags and entities at a break"),
    ],
)
def test_plotly_text_decodes_to_the_text_as_written(text):
    # Plotly decodes &lt; &gt; &amp; and numeric references, and shows &quot; as written.
    for line in charts.wrap(text, 40).split("<br>"):
        assert "&quot;" not in line
        assert "<" not in line and ">" not in line
        entities = re.findall(r"&[^;&\s]*;?", line)
        assert all(re.fullmatch(r"&(lt|gt|amp|#\d+|#x[0-9a-f]+);", e) for e in entities), line
    shown = "".join(html.unescape(line) for line in charts.wrap(text, 40).split("<br>"))
    assert "".join(shown.split()) == "".join(text.split())  # breaks move only spaces


def test_timeline_of_one_date_keeps_an_axis_of_dates(frame):
    rows = frame[frame["entity"] == "EU"]  # two figures, both 25 Oct 2017
    fig = charts.timeline_chart(rows, "EU", "Source: x", "alt")
    low, high = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    assert high - low >= pd.Timedelta(days=300)
    assert low < pd.Timestamp("2017-10-25") < high
    assert fig.layout.xaxis.tickformat == "%b %Y"
    assert fig.layout.yaxis.range[1] > 5000  # room for the label above the top marker


def test_alt_text_names_the_largest_figures_as_worded(countries):
    alt = charts.alt_text(countries, "Bar chart, countries")
    assert alt.startswith(f"Bar chart, countries, {len(countries)} figure(s). Largest: ")
    assert "Russian Federation, travelled: 3,417 (as of 25 Oct 2017)" in alt
    assert charts.alt_text(countries.iloc[0:0], "Empty") == "Empty: no figures."


def test_timeline_leaves_rates_off_the_counts_axis(dataset, frame):
    rows = frame[frame["entity"] == "WORLD"]
    fig = charts.timeline_chart(rows, "World", "Source: x", "alt")
    assert {t.name for t in fig.data if t.customdata is not None} == {"Travelled", "Returned"}
    assert fig.layout.meta["source_line"] == "Source: x"


def test_timeline_marks_each_figure_by_how_it_is_worded(dataset, frame):
    rows = frame[frame["entity"] == "GBR"]
    fig = charts.timeline_chart(rows, "United Kingdom", "Source: x", "alt")
    marks = [t for t in fig.data if t.customdata is not None]
    symbols = {c[0]: s for t in marks for c, s in zip(t.customdata, t.marker.symbol, strict=True)}
    assert symbols["ins-gbr-travelled"] == "triangle-up"  # more than
    assert symbols["ins-gbr-returned"] == "diamond"  # computed
    assert symbols["ins-gbr-detained"] == "circle"  # exact


@pytest.mark.parametrize(
    ("entity", "key"),
    [
        pytest.param(
            "GBR",
            "Key: ● a number (exact or “about”) · ▲ lower bound · ◆ computed by us",
            id="symbols used only",
        ),
        pytest.param(
            "FRA",
            "Key: ● a number (exact or “about”) · ◆ computed by us",
            id="no bound, no bound key",
        ),
    ],
)
def test_timeline_key_explains_the_marker_symbols_it_uses_and_the_legend_the_metrics(
    frame, entity, key
):
    fig = charts.timeline_chart(frame[frame["entity"] == entity], "x", "Source: x", "alt")
    (annotation,) = fig.layout.annotations
    assert annotation.text.replace("<br>", " ").startswith(key + " Source")
    legend = {t.name for t in fig.data if t.showlegend is not False}
    assert legend == {METRICS[m].label for m in frame[frame["entity"] == entity]["metric"]} - {
        "Arrivals per month"
    }


def test_a_count_that_takes_in_others_is_drawn_open_and_keyed(tmp_path):
    figures = [
        figure("t", "MNE", "travelled", 23, as_of="2016"),
        figure("w", "MNE", "travelled", 28, as_of="2019", scope="three wars", takes_in_others=True),
        figure(
            "u",
            "MNE",
            "travelled",
            30,
            as_of="2019",
            qualifier="more_than",
            scope="three wars",
            takes_in_others=True,
        ),
    ]
    fig = charts.timeline_chart(_frame_of(tmp_path, figures), "x", "Source: x", "alt")
    (trace,) = [t for t in fig.data if t.mode == "markers+text"]
    by_id = dict(zip([c[0] for c in trace.customdata], trace.marker.symbol, strict=True))
    assert by_id == {"t": "circle", "w": "circle-open", "u": "triangle-up-open"}
    key = fig.layout.annotations[0].text.replace("<br>", " ")
    assert "○ counts others too, or one occasion only: on no other chart" in key
    assert "▲ lower bound" in key


def test_a_range_is_drawn_from_its_low_to_its_high_end(tmp_path):
    data = write_dataset(
        tmp_path,
        [source()],
        [
            figure(
                "r",
                "FRA",
                "travelled",
                None,
                qualifier="range",
                low=100,
                high=300,
                quote="Between 100 and 300 went.",
                as_of="2015",
            ),
            figure("e", "FRA", "travelled", 250, as_of="2017", quote="250 went."),
        ],
    )
    rows = figures_frame(load_or_raise(data))
    fig = charts.timeline_chart(rows, "France", "Source: x", "alt")
    (marks,) = [t for t in fig.data if t.customdata is not None]
    ids = [c[0] for c in marks.customdata]
    ends = zip(marks.error_y.arrayminus, marks.error_y.array, strict=True)
    spread = dict(zip(ids, ends, strict=True))
    assert spread == {"r": (100, 100), "e": (0, 0)}  # 200 - 100 and 300 - 200
    assert dict(zip(ids, marks.marker.symbol, strict=True))["r"] == "square"


def test_the_same_words_are_printed_once_on_figures_close_together(tmp_path):
    data = write_dataset(
        tmp_path,
        [source()],
        [
            figure(
                "a",
                "WORLD",
                "travelled",
                40000,
                qualifier="more_than",
                as_of="2017-10",
                quote="More than 40,000 went.",
            ),
            figure(
                "b",
                "WORLD",
                "travelled",
                40000,
                qualifier="more_than",
                as_of="2017-11",
                quote="More than 40,000 went.",
            ),
            figure(
                "c",
                "WORLD",
                "travelled",
                40000,
                qualifier="more_than",
                as_of="2019-11",
                quote="More than 40,000 went.",
            ),
        ],
    )
    rows = figures_frame(load_or_raise(data)).sort_values("as_of_sort")
    assert list(charts._repeated_labels(rows)) == [False, True, False]  # c: two years on
    fig = charts.timeline_chart(rows, "World", "Source: x", "alt")
    (marks,) = [t for t in fig.data if t.customdata is not None]
    labels = dict(zip([c[0] for c in marks.customdata], marks.text, strict=True))
    assert labels["a"] == "more than 40,000" and labels["b"] == ""


def test_timeline_labels_figures_of_the_same_date_above_and_below(frame):
    rows = frame[frame["entity"] == "WORLD"]
    fig = charts.timeline_chart(rows, "World", "Source: x", "alt")
    returned = _trace(fig, "Returned")
    positions = dict(zip(_ids(returned), returned.textposition, strict=True))
    assert positions == {
        "rfn-world-returned-headline": "top center",  # 5,700
        "rfn-world-returned": "bottom center",  # at least 5,600, the same day
    }
    travelled = _trace(fig, "Travelled")
    # Two months apart: 67 pixels on a phone's chart, too close for both labels above: each
    # is labelled, one above and one beside or below.
    assert all(travelled.text) and len(set(travelled.textposition)) == 2


@pytest.mark.parametrize(
    ("value", "bin"),
    [(0, 0), (49, 0), (50, 1), (299, 2), (300, 3), (999.5, 3), (1000, 4), (52808, 5)],
)
def test_the_map_puts_each_value_in_its_bin(value, bin):
    assert charts.map_bins(pd.Series([value])).tolist() == [bin]


@pytest.mark.parametrize(
    ("value", "qualifier", "bin"),
    [
        (3000, "fewer_than", 4),
        (3001, "fewer_than", 5),  # at most 3,000: in the bin that starts there
        (3000, "up_to", 5),
        (3000, "exact", 5),
        (3000, "more_than", 5),
    ],
)
def test_fewer_than_a_bins_lower_end_is_in_the_bin_below(value, qualifier, bin):
    assert charts.map_bins(pd.Series([value]), pd.Series([qualifier])).tolist() == [bin]


def test_map_colours_small_numbers_light_and_large_ones_dark_in_steps_with_a_no_data_key(frame):
    fig = charts.map_chart(frame, "returned", "Source: x", "alt", "")
    (trace,) = fig.data
    colours = [c for _, c in trace.colorscale]
    assert colours[0] == charts.MAP_COLOURS[0] and colours[-1] == charts.MAP_COLOURS[-1]
    assert len(set(colours)) == len(charts.MAP_BINS)  # flat steps, one colour a bin
    assert list(trace.colorbar.ticktext) == [label for _, label in charts.MAP_BINS]
    assert set(trace.z) <= set(range(len(charts.MAP_BINS)))
    assert fig.layout.geo.landcolor == charts.NO_DATA_COLOUR
    key = fig.layout.annotations[0].text.replace("<br>", " ")
    assert (
        "grey: none shown (no figure, none dated, or only counts that take in others or count "
        "one occasion)" in key
    )
    assert fig.layout.geo.fitbounds == "locations"


def test_map_draws_countries_only(frame):
    fig = charts.map_chart(frame, "returned", "Source: x", "alt", "")
    locations = list(fig.data[0].locations)
    assert "WORLD" not in locations and "EU" not in locations
    assert {"TUR", "TUN", "FRA"} <= set(locations)
    assert fig.layout.meta["source_line"] == "Source: x"


def test_a_maps_box_is_its_margins_and_a_plot_no_higher_than_the_window_is_wide(frame):
    fig = charts.map_chart(frame, "returned", "Source: x", "alt", "")
    margins = fig.layout.margin.t + fig.layout.margin.b
    css = charts.fitted_height_css(fig, "chart-map")
    assert css.startswith(".st-key-chart-map{")
    # the plot keeps its height on a wide screen; a phone's is its width's share
    assert f"calc({margins}px + min({fig.layout.height - margins}px, 45vw))" in css
    assert "flex:0 0 auto" in css  # Streamlit's column would otherwise stretch the box


@pytest.mark.parametrize(
    ("dates", "title"),
    [
        (["2014", "2019-05"], "Returned: as reported, by country · figures of 2014–2019"),
        (["2017", "2017-10"], "Returned: as reported, by country · figures of 2017"),
    ],
)
def test_a_maps_title_says_the_years_its_colours_are_of(tmp_path, dates, title):
    figures = [
        figure(f"r{i}", code, "returned", 10, as_of=day)
        for i, (code, day) in enumerate(zip(["FRA", "DEU"], dates, strict=True))
    ]
    fig = charts.map_chart(_frame_of(tmp_path, figures), "returned", "Source: x", "alt", "")
    assert fig.layout.title.text.replace("<br>", " ") == title


# --------------------------------------------------------------------------- picking and comparing


def test_cross_section_picks_the_most_recent_and_counts_the_others(tmp_path):
    sources = [
        source("old-2014", published={"date": "2014-03-01", "printed": True}),
        source("mid-2016", published={"date": "2016", "printed": True}),
        source("new-2019", published={"date": "2019-07", "printed": True}),
    ]
    dataset = _small(
        tmp_path,
        [
            figure("fra-2016", "FRA", "travelled", 900, source="mid-2016"),
            figure("fra-2019", "FRA", "travelled", 1700, source="new-2019"),
            figure("fra-2014", "FRA", "travelled", 400, source="old-2014"),
            figure("deu-2014", "DEU", "travelled", 300, source="old-2014"),
        ],
        sources,
    )
    picked = reference.cross_section(figures_frame(dataset)).set_index("figure_id")
    assert set(picked.index) == {"fra-2019", "deu-2014"}
    assert picked.loc["fra-2019", "others"] == 2
    assert picked.loc["deu-2014", "others"] == 0


def test_cross_section_prefers_the_exact_figure_on_the_same_date(frame):
    world_returned = frame[(frame["entity"] == "WORLD") & (frame["metric"] == "returned")]
    picked = reference.cross_section(world_returned)
    assert list(picked["figure_id"]) == ["rfn-world-returned-headline"]  # 5,700, not "at least"
    assert list(picked["others"]) == [1]


def test_cross_section_of_nothing_is_empty_with_a_count_column(frame):
    picked = reference.cross_section(frame.iloc[0:0])
    assert picked.empty
    assert "others" in picked.columns


def test_disagreements_finds_the_worldwide_travelled_figures(frame):
    world = frame[frame["entity"] == "WORLD"]
    found = charts.disagreements(world)
    travelled = found[found["metric"] == "travelled"]
    assert set(travelled["value_text"]) == {"38,000", "more than 40,000"}
    # "At least 5,600" and 5,700 can both hold; rates are no disagreement.
    assert set(found["metric"]) == {"travelled"}


def test_disagreements_ignores_sources_that_agree(tmp_path):
    dataset = _small(
        tmp_path,
        [
            figure("a", "FRA", "travelled", 900),
            figure("b", "FRA", "travelled", 900, source="other"),
        ],
        [source(), source("other")],
    )
    assert charts.disagreements(figures_frame(dataset)).empty


@pytest.mark.parametrize(
    ("entity", "share", "travelled", "returned"),
    [
        pytest.param("EU", 0.24, "rfn-eu-travelled", "rfn-eu-returned", id="EU: 1,200 of 5,000"),
        pytest.param("GBR", 0.5, "ins-gbr-travelled", "ins-gbr-returned", id="UK: around half"),
        pytest.param("RUS", 0.1, "rfn-rus-travelled", "rfn-rus-returned", id="Russia: 10 pc"),
    ],
)
def test_share_returned_cites_both_figures(frame, entity, share, travelled, returned):
    shares = charts.share_returned(frame)
    row = shares[shares["figure_travelled"] == travelled]
    assert len(row) == 1
    row = row.iloc[0]
    assert row["share_returned"] == pytest.approx(share)
    assert row["figure_returned"] == returned
    name = frame.loc[frame["entity"] == entity, "entity_name"].iloc[0]
    assert row["entity_name"] == name


def test_share_returned_needs_both_figures_from_one_source(tmp_path):
    dataset = _small(
        tmp_path,
        [
            figure("t", "FRA", "travelled", 900),
            figure("r", "FRA", "returned", 300, source="other"),
        ],
        [source(), source("other")],
    )
    shares = charts.share_returned(figures_frame(dataset))
    assert shares.empty
    assert "figure_returned" in shares.columns


# --------------------------------------------------------------------------- citation text


@pytest.mark.parametrize(
    ("fields", "value", "expected"),
    [
        pytest.param({"value": 1500}, 1500, "1,500", id="exact is the bare number"),
        pytest.param({"value": 500, "qualifier": "about"}, 500, "about 500", id="about"),
        pytest.param({"value": 500, "qualifier": "more_than"}, 500, "more than 500", id="more"),
        pytest.param({"value": 5600, "qualifier": "at_least"}, 5600, "at least 5,600", id="least"),
        pytest.param({"value": 90, "qualifier": "up_to"}, 90, "up to 90", id="up to"),
        pytest.param({"value": 20, "qualifier": "fewer_than"}, 20, "fewer than 20", id="fewer"),
        pytest.param(
            {"qualifier": "range", "low": 2000, "high": 2500},
            2250,
            "between 2,000 and 2,500",
            id="a range gives both ends",
        ),
        pytest.param(
            {
                "qualifier": "about",
                "derived": {"method": "share", "of": "x", "share": 0.5, "words": "half"},
            },
            250,
            "about 250 (computed)",
            id="a derived value says it is computed",
        ),
    ],
)
def test_value_text_keeps_the_sources_qualifier(fields, value, expected):
    model = Figure(**figure("f", "FRA", "travelled", **fields))
    assert citations.value_text(model, value) == expected


@pytest.mark.parametrize(
    ("figure_id", "expected"),
    [
        pytest.param("rfn-rus-travelled", "3,417", id="shipped exact"),
        pytest.param("rfn-world-travelled", "more than 40,000", id="shipped more than"),
        pytest.param("rfn-world-returned", "at least 5,600", id="shipped at least"),
        pytest.param("rfn-rus-returned", "about 342 (computed)", id="shipped share rounded"),
        pytest.param("vice-fra-released-on-probation", "24 (computed)", id="shipped remainder"),
    ],
)
def test_value_text_of_shipped_figures(dataset, figure_id, expected):
    model = dataset.figure(figure_id)
    assert citations.value_text(model, dataset.values[figure_id]) == expected


def test_a_shipped_share_of_a_lower_bound_is_open_upwards(dataset):
    # "around half" of "more than 500"
    assert citations.shown_value(dataset, dataset.figure("ins-gbr-returned")) == (
        "about 250 or more (computed)"
    )


SHARE = {"method": "share", "of": "base", "share": 0.4, "words": "around 40%"}


@pytest.mark.parametrize(
    ("share_qualifier", "base_qualifier", "expected"),
    [
        pytest.param("about", "more_than", "about 360 or more (computed)", id="of more than"),
        pytest.param("about", "at_least", "about 360 or more (computed)", id="of at least"),
        pytest.param("about", "up_to", "about 360 or fewer (computed)", id="of up to"),
        pytest.param("about", "fewer_than", "about 360 or fewer (computed)", id="of fewer than"),
        pytest.param("about", "about", "about 360 (computed)", id="of about: closed"),
        pytest.param("exact", "exact", "360 (computed)", id="of an exact number: closed"),
        pytest.param(
            "more_than", "more_than", "more than 360 (computed)", id="a bound of its own says it"
        ),
    ],
)
def test_a_share_of_a_bound_is_open_the_same_way(share_qualifier, base_qualifier, expected):
    base = Figure(**figure("base", "GBR", "travelled", 900, qualifier=base_qualifier))
    share = Figure(**figure("share", "GBR", "returned", qualifier=share_qualifier, derived=SHARE))
    assert citations.value_text(share, 360, base) == expected


def test_shipped_sources_say_unprinted_dates_and_missing_authors(dataset):
    vice = dataset.sources["vice-2014-french-recruits"]
    rfn = dataset.sources["rfn-2017-5700-returned"]
    assert citations.published_text(vice) == "c. 1 Dec 2014 (not printed; looked up)"
    assert citations.published_text(rfn) == "25 Oct 2017"
    assert citations.authors_text(rfn) == "Author unknown (none printed)"


def test_citation_card_of_a_shipped_figure(dataset):
    card = citations.citation_html(dataset, "rfn-rus-returned")
    assert 'data-figure-id="rfn-rus-returned"' in card
    assert "<mark>Ten percent</mark>" in card
    assert 'href="https://reportfocusnews.com/' in card
    assert "0.1 × 3417 = 341.7" in card
    assert "Author unknown (none printed)" in card


_WEB = {"document": None, "retrieved": {"on": "2026-11-02"}, "sha256": "ab" * 32}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, "Checked against an archived copy of the document", id="archived"),
        pytest.param(
            _WEB,
            "Recorded from the page as retrieved on 2 Nov 2026; no archived copy here",
            id="read from the web",
        ),
        pytest.param(
            {**_WEB, "retrieved": {"on": "2026-11-02", "read": "the page's opening"}},
            "Recorded from the page as retrieved on 2 Nov 2026; no archived copy here (read: "
            "the page's opening)",
            id="read in part says what was read",
        ),
    ],
)
def test_quote_check_text_says_whether_an_archived_copy_was_checked(changes, expected):
    model = Source(**{k: v for k, v in source(**changes).items() if v is not None})
    assert citations.quote_check_text(model) == expected
    assert html.escape(expected) in citations.source_html(model, 1)


def test_card_says_its_quote_was_checked_against_the_archived_document(dataset):
    card = citations.citation_html(dataset, "rfn-rus-travelled")
    assert "Checked against an archived copy of the document" in card


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        pytest.param({"date": "2017-10-25", "printed": True}, "25 Oct 2017", id="printed day"),
        pytest.param({"date": "2017-10", "printed": True}, "Oct 2017", id="printed month"),
        pytest.param(
            {"date": "2014", "printed": False, "basis": "Looked up."},
            "2014 (not printed; looked up)",
            id="not printed says so",
        ),
        pytest.param(
            {"date": "2014-12-01", "printed": False, "approximate": True, "basis": "Looked up."},
            "c. 1 Dec 2014 (not printed; looked up)",
            id="approximate and not printed",
        ),
    ],
)
def test_published_text_shows_the_known_precision(published, expected):
    assert citations.published_text(Source(**source(published=published))) == expected


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        pytest.param([], "Author unknown (none printed)", id="no authors is unknown"),
        pytest.param(["A. One"], "A. One", id="one author"),
        pytest.param(["A. One", "B. Two"], "A. One, B. Two", id="authors in order"),
    ],
)
def test_authors_text(authors, expected):
    assert citations.authors_text(Source(**source(authors=authors))) == expected


def test_source_line_names_each_body_whose_count_it_draws_once(dataset):
    line = citations.source_line(dataset, [f.id for f in dataset.figures])
    assert line.startswith("Sources: ")
    assert line.endswith(". Compiled by Returnee Figures.")
    assert line.count("The Soufan Center") == 1
    assert "The Soufan Center (2017), via Report Focus News" in line
    assert "Le Figaro (2014), via VICE News" in line
    # No text of a quote's attribution: whose count it is, by the body's own name.
    assert "citing" not in line


@pytest.mark.parametrize(
    ("figure_ids", "expected"),
    [
        pytest.param(
            ["rfn-rus-travelled", "rfn-sau-travelled"],
            "Source: The Soufan Center (2017), via Report Focus News. Compiled by Returnee "
            "Figures.",
            id="one body's count, printed by one page",
        ),
        pytest.param(
            ["ins-gbr-travelled"],
            "Source: Israel National News (Arutz Sheva) (2014). Compiled by Returnee Figures.",
            id="a number the page attributes to no body: the page",
        ),
        pytest.param([], "Source: none (no figures shown)", id="no figures"),
    ],
)
def test_source_line(dataset, figure_ids, expected):
    assert citations.source_line(dataset, figure_ids) == expected


@pytest.mark.parametrize(
    ("figure_id", "shown"),
    [
        pytest.param("rfn-rus-returned", "0.1 × 3417 = 341.7", id="share of a count"),
        pytest.param(
            "rfn-rus-returned", "“Ten percent” × 3,417 (travelled, 25 Oct 2017)", id="words"
        ),
        pytest.param("ins-gbr-returned", "“Around half” × more than 500", id="share of a bound"),
        pytest.param(
            "vice-fra-released-on-probation",
            "“the rest”: 100 (returned, c. 1 Dec 2014) − 76 (detained, c. 1 Dec 2014) = 24.",
            id="remainder",
        ),
    ],
)
def test_arithmetic_shows_how_a_derived_value_was_computed(dataset, figure_id, shown):
    text = citations.arithmetic(dataset, dataset.figure(figure_id))
    assert shown in text
    assert text.endswith("Computed by Returnee Figures.")


def test_arithmetic_of_a_reported_value_is_none(dataset):
    assert citations.arithmetic(dataset, dataset.figure("rfn-rus-travelled")) is None


@pytest.mark.parametrize(
    ("figure_id", "highlighted"),
    [
        pytest.param("rfn-rus-travelled", ["3,417"], id="digits, not the other number"),
        pytest.param("ins-gbr-imprisoned-by-isis", ["five"], id="a number in words"),
        pytest.param("rfn-rus-returned", ["Ten percent"], id="the words of a share"),
        pytest.param("ins-gbr-returned", ["Around half"], id="the words of a half"),
        pytest.param("vice-fra-released-on-probation", ["the rest"], id="a remainder's words"),
        pytest.param("rfn-world-returned", ["5,600"], id="not the 33 countries"),
    ],
)
def test_quote_segments_highlight_the_number(dataset, figure_id, highlighted):
    model = dataset.figure(figure_id)
    segments = citations.quote_segments(dataset, model)
    assert [text for text, hit in segments if hit] == highlighted
    assert "".join(text for text, _ in segments) == normalize(model.quote)


# --------------------------------------------------------------------------- hostile text


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Dataset:
    folder = write_hostile_dataset(tmp_path_factory.mktemp("hostile") / "data", ALERT_PAYLOADS)
    result = load_dataset(folder)
    assert result.dataset is not None, [str(p) for p in result.problems]
    return result.dataset


def _assert_inert(markup: str) -> None:
    for payload in ALERT_PAYLOADS:
        if "<" in payload:
            assert payload not in markup
        assert html.escape(payload, quote=False) in markup or payload in markup
    assert "<script" not in markup.lower()
    assert "<img" not in markup.lower()
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", markup, re.IGNORECASE)


@pytest.mark.parametrize(
    "figure_id",
    [
        pytest.param(HOSTILE_WORLD, id="quote, title, authors, notes, attribution"),
        pytest.param(HOSTILE_FRA, id="a second figure of the same source"),
    ],
)
def test_citation_html_shows_hostile_text_as_text(hostile, figure_id):
    markup = citations.citation_html(hostile, figure_id)
    _assert_inert(markup)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "[x](javascript:alert(1))" in markup  # as text, never a link


def test_source_html_shows_hostile_text_as_text(hostile):
    markup = citations.source_html(hostile.sources[HOSTILE_SOURCE], 2)
    _assert_inert(markup)
    assert "Source notes &lt;script&gt;" in markup


def test_headline_html_shows_hostile_text_as_text(hostile):
    frame = figures_frame(hostile)
    picked = next(frame[frame["figure_id"] == HOSTILE_WORLD].itertuples())
    _assert_inert(citations.headline_html("Worldwide: travelled", picked, frame.iloc[0:0]))


def test_charts_show_hostile_text_as_text(hostile):
    frame = reference.cross_section(figures_frame(hostile))
    fig = _bar(frame, hostile)
    labels = [str(v) for t in fig.data for v in (*t.y, *(c for row in t.customdata for c in row))]
    labels += [a.text for a in fig.layout.annotations]
    for label in labels:
        assert "<script" not in label and "<img" not in label


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        pytest.param("https://example.org/a", True, id="https is linked"),
        pytest.param("http://example.org/a", True, id="http is linked"),
        pytest.param("javascript:alert(1)", False, id="javascript is not"),
        pytest.param("JavaScript:alert(1)", False, id="javascript in any case is not"),
        pytest.param("data:text/html,<script>alert(1)</script>", False, id="data is not"),
        pytest.param("//example.org/a", False, id="no scheme is not"),
        pytest.param(None, False, id="no address is not"),
    ],
)
def test_only_http_addresses_become_links(url, linked):
    assert (citations.safe_url(url) is not None) is linked
    markup = citations._link(url, "Title")
    assert markup.startswith("<a href=") is linked
    assert "javascript:" not in markup.lower()


def _timeline_dataset(tmp_path, rows: list[tuple[str, str, int, str, str]]) -> pd.DataFrame:
    """A figures frame of FRA figures given as (id, metric, value, as_of, source); a figure
    whose id starts "a-travelled" is a lower bound ("more than")."""
    used = {src for *_, src in rows}
    sources = [
        source(s, document=f"00{i}_test.txt")
        for i, s in enumerate(("src-a-report", "src-b-report"))
        if s in used
    ]
    figures = [
        figure(
            fid,
            "FRA",
            metric,
            value,
            as_of=as_of,
            source=src,
            qualifier="more_than" if fid.startswith("a-travelled") else "exact",
        )
        for fid, metric, value, as_of, src in rows
    ]
    return figures_frame(_small(tmp_path, figures, sources))


def _labels(fig) -> dict[str, str]:
    return {
        c[0]: p
        for t in fig.data
        if t.customdata is not None
        for c, p in zip(t.customdata, t.textposition, strict=True)
    }


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [
                ("a-returned", "returned", 300, "2017-03", "src-a-report"),
                ("a-detained", "detained", 290, "2017-03", "src-a-report"),
            ],
            {"a-returned": "top center", "a-detained": "bottom center"},
            id="two metrics, one date, close values",
        ),
        pytest.param(
            [
                ("a-travelled", "travelled", 40000, "2017-10", "src-a-report"),
                ("b-travelled", "travelled", 38000, "2017-11", "src-b-report"),
            ],
            # "more than 40,000" is 112 pixels wide: a month to its right, 38,000 goes below.
            {"a-travelled": "top center", "b-travelled": "bottom center"},
            id="near dates, close values",
        ),
        pytest.param(
            [
                ("a-returned", "returned", 300, "2017-03", "src-a-report"),
                ("a-detained", "detained", 298, "2017-03", "src-a-report"),
                ("b-returned", "returned", 295, "2017-03", "src-b-report"),
            ],
            {
                "a-returned": "top center",
                "a-detained": "middle right",  # below would cover the third's marker
                "b-returned": "bottom center",
            },
            id="three at one point",
        ),
        pytest.param(
            [
                ("a-travelled", "travelled", 1900, "2017-03", "src-a-report"),
                ("a-returned", "returned", 300, "2017-03", "src-a-report"),
            ],
            {"a-travelled": "top center", "a-returned": "top center"},
            id="far apart: both above",
        ),
    ],
)
def test_timeline_labels_of_near_points_go_to_different_sides(tmp_path, rows, expected):
    frame = _timeline_dataset(tmp_path, rows)
    assert _labels(charts.timeline_chart(frame, "France", "Source: x", "alt")) == expected


def test_timeline_leaves_a_crowded_groups_lowest_points_unlabelled(tmp_path):
    rows = [(f"a-{v}", "returned", v, "2017-03", "src-a-report") for v in range(300, 294, -1)]
    fig = charts.timeline_chart(_timeline_dataset(tmp_path, rows), "France", "x", "alt")
    (trace,) = [t for t in fig.data if t.customdata is not None]
    labels = dict(zip(_ids(trace), zip(trace.text, trace.textposition, strict=True), strict=True))
    assert labels == {
        "a-300": ("300", "top center"),
        "a-299": ("299", "middle right"),
        "a-298": ("298", "middle left"),
        # below it at its corners, clear of the markers just under it
        "a-297": ("297", "bottom right"),
        "a-296": ("296", "bottom left"),
        "a-295": ("", "top center"),  # a sixth would print over one of them
    }
    assert [c[3] for c in trace.customdata][-1] == "295"  # hover still says


def test_timeline_joins_only_figures_of_one_source(tmp_path):
    frame = _timeline_dataset(
        tmp_path,
        [
            ("a-2015", "returned", 200, "2015", "src-a-report"),
            ("a-2017", "returned", 300, "2017", "src-a-report"),
            ("b-2016", "returned", 250, "2016", "src-b-report"),
        ],
    )
    fig = charts.timeline_chart(frame, "France", "Source: x", "alt")
    lines = [t for t in fig.data if t.mode == "lines"]
    assert len(lines) == 1  # source A's two figures; B's one figure is not joined to them
    assert [str(d) for d in lines[0].x] == ["2015-01-01", "2017-01-01"]
    assert all("lines" not in t.mode for t in fig.data if t.customdata is not None)
    assert not lines[0].showlegend and lines[0].hoverinfo == "skip"


def test_a_timelines_legend_shows_a_metric_by_a_plain_numbers_marker(tmp_path):
    # The legend draws each metric with its trace's first marker.
    figures = [
        figure("early", "FRA", "returned", 300, as_of="2015", qualifier="more_than"),
        figure("late", "FRA", "returned", 350, as_of="2019", quote="350 people did it."),
    ]
    fig = charts.timeline_chart(_frame_of(tmp_path, figures), "France", "Source: x", "alt")
    returned = _trace(fig, "Returned")
    assert returned.marker.symbol[0] == "circle"
    assert sorted(returned.marker.symbol) == ["circle", "triangle-up"]


def test_a_timelines_legend_lists_the_metrics_in_their_own_order(tmp_path):
    # Not in the order of their first figures (Jordan's read "Returned, Detained, Travelled").
    figures = [
        figure("r", "JOR", "returned", 250, as_of="2013"),
        figure("d", "JOR", "detained", 120, as_of="2014", quote="120 of them."),
        figure("t", "JOR", "travelled", 2000, as_of="2016", quote="2000 of them."),
    ]
    fig = charts.timeline_chart(_frame_of(tmp_path, figures), "Jordan", "Source: x", "alt")
    assert [t.name for t in fig.data if t.showlegend is not False] == [
        "Travelled",
        "Returned",
        "Detained",
    ]


def test_timeline_joins_no_figures_of_one_source_that_count_different_people(tmp_path):
    figures = [
        figure("a-2013", "FRA", "travelled", 50, as_of="2013", scope="all groups"),
        figure("a-2015", "FRA", "travelled", 50, as_of="2015"),
    ]
    fig = charts.timeline_chart(_frame_of(tmp_path, figures), "France", "Source: x", "alt")
    assert [t for t in fig.data if t.mode == "lines"] == []


def test_timeline_joins_no_figures_of_one_page_that_are_two_bodies_counts(tmp_path):
    # One page's The Soufan Group of 2015 and The Soufan Center of 2017: a revision, not a fall.
    figures = [
        figure("group-2015", "TUN", "travelled", 6000, as_of="2015", originator="centre"),
        figure("center-2017", "TUN", "travelled", 2920, as_of="2017", originator="paper"),
    ]
    fig = charts.timeline_chart(_frame_of(tmp_path, figures), "Tunisia", "Source: x", "alt")
    assert [t for t in fig.data if t.mode == "lines"] == []


def test_timeline_of_the_shipped_world_figures_joins_nothing(frame):
    # Travelled: Report Focus News and Homeland Security Affairs; returned: one day only.
    fig = charts.timeline_chart(frame[frame["entity"] == "WORLD"], "World", "Source: x", "alt")
    assert [t for t in fig.data if t.mode == "lines"] == []


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param({"value": 181}, "181", id="everyone"),
        pytest.param({"value": 181, "scope": "men only"}, "181 (men only)", id="men only"),
        pytest.param(
            {"value": 181, "qualifier": "about", "scope": "men only"},
            "about 181 (men only)",
            id="approximate and limited",
        ),
        pytest.param(
            {"qualifier": "range", "low": 10, "high": 20, "scope": "women only"},
            "between 10 and 20 (women only)",
            id="a range limited",
        ),
    ],
)
def test_value_text_says_whom_a_limited_count_covers(fields, expected):
    model = Figure(**figure("f", "BIH", "travelled", **fields))
    assert citations.value_text(model, model.value or 15) == expected


@pytest.mark.parametrize(
    ("whole_as_of", "men_as_of", "chosen"),
    [
        pytest.param("2019", "2019", "whole", id="of the same date, a count of everyone"),
        pytest.param(
            "2019", "2020", "whole", id="a later scoped count: still the count of everyone"
        ),
        pytest.param(
            "2016", "2020", "men", id="everyone counted before the window: the scoped one"
        ),
    ],
)
def test_a_chart_shows_a_count_of_everyone_before_a_scoped_one_in_its_window(
    tmp_path, whole_as_of, men_as_of, chosen
):
    figures = [
        figure("whole", "BIH", "travelled", 241, as_of=whole_as_of),
        figure("men", "BIH", "travelled", 181, as_of=men_as_of, scope="men only"),
    ]
    dataset = load_dataset(write_dataset(tmp_path / "data", [source()], figures)).dataset
    picked = reference.cross_section(figures_frame(dataset))
    assert list(picked["figure_id"]) == [chosen]
    assert list(picked["others"]) == [1]
    assert ("scoped" in picked["flags"].iloc[0]) == (chosen == "men")


def _disagreeing(count: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "figure_id": [f"f{i}" for i in range(count)],
            "source_id": [f"s{i % 3}" for i in range(count)],
            "source_short": [f"Source {i}" for i in range(count)],
            "value": [100.0 + (i * 37) % 11 for i in range(count)],
            "value_text": [f"{100 + (i * 37) % 11}" for i in range(count)],
            "as_of_text": ["2017"] * count,
            "originator_name": [f"Source {i}" for i in range(count)],  # each its own page's count
            "originator_kind": ["media"] * count,
        }
    )


@pytest.mark.parametrize(
    ("value", "half"),
    [
        pytest.param(3_400, 50, id="3,400 may be 3,417: rounded to hundreds"),
        pytest.param(30_000, 500, id="30,000: at most two significant figures"),
        pytest.param(1_000, 50, id="1,000 may be 1,040, not 1,400"),
        pytest.param(400, 5, id="400 may be 403, not 425"),
        pytest.param(850, 5, id="850: one trailing zero"),
        pytest.param(100, 5, id="100: the first round number read"),
        pytest.param(425, 0, id="not round: itself"),
        pytest.param(40, 0, id="under 100: itself"),
    ],
)
def test_a_round_number_allows_what_rounds_to_it(value, half):
    assert charts.rounding(numpy.array([float(value)])).tolist() == [half]


@pytest.mark.parametrize(
    ("first", "second", "disagree"),
    [
        pytest.param(3_400, 3_417, False, id="3,400 and 3,417: one count rounded"),
        pytest.param(400, 425, True, id="400 and 425: two counts"),
        pytest.param(3_400, 3_500, True, id="3,400 and 3,500"),
    ],
)
def test_a_round_number_does_not_disagree_with_a_count_that_rounds_to_it(
    tmp_path, first, second, disagree
):
    figures = [
        figure("a", "RUS", "travelled", first, as_of="2017"),
        figure("b", "RUS", "travelled", second, as_of="2017", originator="other"),
    ]
    assert (len(charts.disagreements(_frame_of(tmp_path, figures))) > 0) == disagree


def test_a_disagreement_says_whose_count_each_figure_is_then_its_page():
    rows = _disagreeing(3).assign(
        originator_name=["The Centre", "Source 1", "Not attributed on the page"],
        originator_kind=["research", "government", "unknown"],
    )
    assert citations.disagreement_text("travelled", rows) == (
        "Sources disagree on travelled: The Centre, in Source 0: 100 (as of 2017); Source 1: 104 "
        "(as of 2017); Source 2: 108 (as of 2017)."
    )


def test_a_disagreement_of_a_few_figures_names_each():
    text = citations.disagreement_text("travelled", _disagreeing(3))
    assert text == (
        "Sources disagree on travelled: Source 0: 100 (as of 2017); Source 1: 104 (as of 2017); "
        "Source 2: 108 (as of 2017)."
    )


def test_a_disagreement_of_as_many_figures_as_are_listed_names_each():
    text = citations.disagreement_text("travelled", _disagreeing(citations.DISAGREEMENT_LISTED))
    assert text == (
        "Sources disagree on travelled: Source 0: 100 (as of 2017); Source 1: 104 (as of 2017); "
        "Source 2: 108 (as of 2017); Source 3: 101 (as of 2017)."
    )


def test_of_equal_lowest_or_highest_figures_the_disagreement_names_the_first_and_the_last():
    # Fourteen rows: enough for numpy's default sort to reorder equal values; a stable one keeps
    # the table's order, so the note and the table beside it agree.
    rows = _disagreeing(14).assign(value=[100.0 + (i % 3 == 2) for i in range(14)])
    rows["value_text"] = [f"{v:.0f}" for v in rows["value"]]
    assert citations.disagreement_text("travelled", rows) == (
        "Sources disagree on travelled: 14 figures from 3 sources, from the lowest, Source 0: 100 "
        "(as of 2017), to the highest, Source 11: 101 (as of 2017). The table lists them all."
    )


def test_a_disagreement_of_many_figures_gives_their_range_with_note_numbers():
    rows = _disagreeing(9)
    text = citations.disagreement_text("returned", rows, {f"f{i}": i + 1 for i in range(9)})
    assert text == (
        "Sources disagree on returned: 9 figures from 3 sources, from the lowest, Source 0: 100 "
        "(as of 2017) [1], to the highest, Source 8: 110 (as of 2017) [9]. The table lists them "
        "all."
    )


def _placed_by_checking_every_box(days, values, texts) -> list:
    """label_positions' rule, checking each label against every box (the grid's reference)."""
    drawn = charts._date_range(days)
    widths, height = charts.LABEL_PLOT_WIDTHS, charts.LABEL_PLOT_HEIGHT
    stamps = pd.to_datetime(pd.Series(list(days), dtype=object))
    shares = list((stamps - drawn[0]) / (drawn[1] - drawn[0]))
    low, high = charts._y_axis(float(values.max()))
    ys = list(height - (values - low) / (high - low) * height)
    m = charts.MARKER_PX
    placed, positions = [], [None] * len(shares)

    def box(p, i, w):
        return charts.label_box(p, shares[i] * w, ys[i], texts[i])

    def marker(j, w):
        return (shares[j] * w - m, ys[j] - m, shares[j] * w + m, ys[j] + m)

    for i in sorted(range(len(shares)), key=lambda i: -values[i]):
        inside = [
            p
            for p in charts.LABEL_POSITIONS
            if all(
                b[0] >= 0 and b[1] >= 0 and b[2] <= w and b[3] <= height
                for w in widths
                for b in [box(p, i, w)]
            )
        ]
        free = [
            p
            for p in inside
            if not any(
                charts._overlaps(box(p, i, w), charts.padded(box(q, j, w)))
                for q, j in placed
                for w in widths
            )
        ]

        def over(p, i=i):
            return sum(
                any(
                    charts._overlaps(box(p, i, w), marker(j, w))
                    for j in range(len(shares))
                    if j != i
                )
                for w in widths
            )

        clear = sorted(free, key=over)
        positions[i] = next((p for p in clear if not over(p)), None)
        if positions[i]:
            placed.append((positions[i], i))
    return positions


@pytest.mark.parametrize("points", [2, 40, 400])
def test_timeline_labels_are_placed_as_if_every_box_were_checked(points):
    # A country of a large dataset has hundreds of figures: the grid that finds the boxes
    # near a label must place each label where checking every box would.
    rng = random.Random(points)
    days = pd.Series(
        pd.to_datetime(
            [f"{rng.randint(2014, 2024)}-{rng.randint(1, 12):02d}-01" for _ in range(points)]
        )
    )
    values = pd.Series([float(rng.randint(1, 5000)) for _ in range(points)])
    texts = pd.Series([f"about {int(v):,}" for v in values])
    assert charts.label_positions(days, values, texts).tolist() == (
        _placed_by_checking_every_box(days, values, texts)
    )


def test_labels_of_equal_values_are_placed_in_the_order_of_their_points():
    # Thirty figures of three values (sorted by a stable sort: numpy's default reorders ties
    # past sixteen values): of equal values, the earlier point's label takes the free place.
    days = pd.Series(pd.to_datetime([f"{2000 + n // 2}-{n % 2 * 6 + 1:02d}-01" for n in range(30)]))
    values = pd.Series([500.0 + 100 * (n * 7 % 3) for n in range(30)])
    texts = pd.Series([f"about {500 + 100 * (n * 7 % 3)}" for n in range(30)])
    assert charts.label_positions(days, values, texts).tolist() == (
        _placed_by_checking_every_box(days, values, texts)
    )


@pytest.mark.parametrize(
    ("days", "values", "texts"),
    [
        # Germany's "about 300" (Jan 2017) and "300" (Oct 2017): apart on a phone, the one's
        # label to the right and the other's to the left met in the pack's wider chart.
        pytest.param(
            ["2013-12-01", "2017-01-01", "2017-10-24", "2019-06-12", "2023-12-31"],
            [240.0, 300.0, 300.0, 1050.0, 1150.0],
            ["240", "about 300", "300", "more than 1,050", "about 1,150"],
            id="two labels facing each other",
        ),
        pytest.param(
            [f"{2014 + n // 12}-{n % 12 + 1:02d}-01" for n in range(0, 120, 7)],
            [float(100 + (n * 37) % 900) for n in range(18)],
            [f"about {100 + (n * 37) % 900}" for n in range(18)],
            id="a crowded decade",
        ),
    ],
)
def test_timeline_labels_stay_apart_at_every_width_from_a_phone_to_a_wide_screen(
    days, values, texts
):
    days, values, texts = pd.Series(pd.to_datetime(days)), pd.Series(values), pd.Series(texts)
    positions = charts.label_positions(days, values, texts)
    drawn = charts._date_range(days)
    shares = ((days - drawn[0]) / (drawn[1] - drawn[0])).tolist()
    height = charts.LABEL_PLOT_HEIGHT
    ys = (height - values / (values.max() * charts.Y_HEADROOM) * height).tolist()
    labelled = [i for i, p in enumerate(positions) if p]
    assert len(labelled) >= 2
    for width in range(int(charts.LABEL_PLOT_WIDTHS[0]), int(charts.LABEL_PLOT_WIDTHS[-1]), 5):
        boxes = [
            charts.label_box(positions[i], shares[i] * width, ys[i], texts[i]) for i in labelled
        ]
        for a, box in enumerate(boxes):
            assert not any(charts._overlaps(box, other) for other in boxes[a + 1 :]), width


def _plot_boxes(days, values, position, index, text, width):
    drawn = charts._date_range(days)
    x = (days[index] - drawn[0]) / (drawn[1] - drawn[0]) * width
    height = charts.LABEL_PLOT_HEIGHT
    y = height - values[index] / (values.max() * charts.Y_HEADROOM) * height
    return x, charts.label_box(position, x, y, text)


def test_a_ranges_label_is_kept_off_its_own_bar():
    # Russia's "between 800 and 1,500" was printed across the top of its own bar.
    days = pd.Series(pd.to_datetime(["2014-01-01", "2015-01-26", "2017-10-24"]))
    values = pd.Series([500.0, 1150.0, 3417.0])
    texts = pd.Series(["500", "between 800<br>and 1,500", "3,417"])
    reach = (pd.Series([500.0, 800.0, 3417.0]), pd.Series([500.0, 1500.0, 3417.0]))
    assert charts.label_positions(days, values, texts)[1] == "top center"  # over its bar
    positions = charts.label_positions(days, values, texts, reach=reach)
    assert positions[0] == "top center"  # left of the bar, by its lower end: free
    position = positions[1]
    height = charts.LABEL_PLOT_HEIGHT
    top = height - 1500 / (3417 * charts.Y_HEADROOM) * height
    for width in charts.LABEL_PLOT_WIDTHS:
        x, box = _plot_boxes(days, values, position, 1, texts[1], width)
        bar = (x - charts.BAR_PX, top, x + charts.BAR_PX, height)
        assert not charts._overlaps(box, bar), width


def test_a_timeline_keeps_a_ranges_label_off_its_bar(tmp_path):
    figures = [
        figure("a", "RUS", "travelled", 300, as_of="2014-01", quote="300 went."),
        figure(
            "r",
            "RUS",
            "travelled",
            None,
            qualifier="range",
            low=800,
            high=1500,
            as_of="2015-01",
            quote="Between 800 and 1,500 went.",
        ),
        figure("t", "RUS", "travelled", 3417, as_of="2017-10", quote="3,417 went."),
    ]
    fig = charts.timeline_chart(_frame_of(tmp_path, figures), "Russia", "Source: x", "alt")
    trace = _trace(fig, "Travelled")
    positions = dict(zip(_ids(trace), trace.textposition, strict=True))
    assert positions["r"] == "middle right"  # not above or below its point: on its bar


def test_a_label_is_kept_off_the_marker_of_a_figure_drawn_without_one():
    # Two figures of one day a little apart: the lower's label went over the upper's marker
    # when that one was left unlabelled (its words repeat a label just before it).
    days = pd.Series(pd.to_datetime(["2015-01-01", "2017-10-01", "2017-10-01"]))
    values = pd.Series([3000.0, 400.0, 342.0])
    texts = pd.Series(["3,000", None, "about 342"])
    positions = charts.label_positions(days, values, texts)
    assert positions[1] is None
    for width in charts.LABEL_PLOT_WIDTHS:
        x, box = _plot_boxes(days, values, positions[2], 2, texts[2], width)
        height = charts.LABEL_PLOT_HEIGHT
        y = height - 400 / (3000 * charts.Y_HEADROOM) * height
        m = charts.MARKER_PX
        assert not charts._overlaps(box, (x - m, y - m, x + m, y + m)), width


def test_a_long_label_by_the_right_edge_is_printed_on_two_lines():
    # The Maldives' newest figure: one line found no place by a phone's right edge.
    days = pd.Series(pd.to_datetime(["2016-08-19", "2018-01-16", "2024-01-16"]))
    values = pd.Series([200.0, 61.0, 21.0])
    texts = pd.Series(["more than 200", "61", "21 (one repatriation flight (five families))"])
    printed = texts.map(charts.label_text)
    assert printed[2] == "21 (one repatriation<br>flight (five families))"
    assert charts.label_positions(days, values, printed)[2] is not None
    assert charts.label_positions(days, values, texts)[2] is None  # on one line


def test_one_point_of_two_figures_worded_differently_is_labelled_once(tmp_path):
    data = write_dataset(
        tmp_path,
        [source()],
        [
            figure("exact", "DEU", "travelled", 910, as_of="2016-05", quote="910 went."),
            figure(
                "bound",
                "DEU",
                "travelled",
                910,
                qualifier="more_than",
                as_of="2016-05",
                quote="More than 910 went.",
            ),
        ],
    )
    rows = figures_frame(load_or_raise(data)).sort_values(["as_of_sort", "value"])
    assert sorted(charts._repeated_labels(rows)) == [False, True]


def test_a_figure_that_stands_keeps_its_label_over_an_earlier_twin(tmp_path):
    # Tunisia's standing "800" (25 Oct 2017) was left unlabelled for the "800" of the day
    # before, which found no place: the pack's page 1 named a figure its chart did not.
    data = write_dataset(
        tmp_path,
        [source()],
        [
            figure("twin", "TUN", "returned", 800, as_of="2017-10-24", quote="800 came back."),
            figure("stands", "TUN", "returned", 800, as_of="2017-10-25", quote="800 came back."),
        ],
    )
    rows = figures_frame(load_or_raise(data)).sort_values("as_of_sort")
    assert list(charts._repeated_labels(rows)) == [False, True]  # of none: the earlier
    assert list(charts._repeated_labels(rows, ["stands"])) == [True, False]


def _frame_of(tmp_path, figures: list[dict]) -> pd.DataFrame:
    return figures_frame(load_or_raise(write_dataset(tmp_path, [source()], figures)))


BOUNDS = [
    # qualifier, value or (low, high), what it allows
    ("exact", 103, (103, 103)),
    ("exact", 3_400, (3_350, 3_449)),  # a round number: the counts that round to it
    ("about", 100, (100 * (1 - charts.ABOUT_TOLERANCE), 100 * (1 + charts.ABOUT_TOLERANCE))),
    ("more_than", 100, (100, float("inf"))),
    ("at_least", 100, (100, float("inf"))),
    ("up_to", 100, (0, 100)),
    ("fewer_than", 100, (0, 100)),
    ("range", (80, 130), (80, 130)),
]


def test_each_qualifier_allows_the_counts_it_says(tmp_path):
    figures = []
    for i, (qualifier, value, _) in enumerate(BOUNDS):
        if qualifier == "range":
            fields = {"low": value[0], "high": value[1], "quote": "80 to 130."}
            figures.append(figure(f"f{i}", "FRA", "travelled", None, qualifier="range", **fields))
        else:
            figures.append(figure(f"f{i}", "FRA", "travelled", value, qualifier=qualifier))
    lo, hi = charts.bounds(_frame_of(tmp_path, figures))
    assert list(zip(lo.tolist(), hi.tolist(), strict=True)) == [b for _, _, b in BOUNDS]
    assert lo.dtype == hi.dtype == float


@pytest.mark.parametrize(
    ("travelled", "returned", "share", "why"),
    [(1, 1, 1.0, ""), (4, 1, 0.25, ""), (0, 5, None, "none: the travelled figure is 0")],
)
def test_the_share_returned_of_a_source_is_its_returned_over_travelled(
    tmp_path, travelled, returned, share, why
):
    figures = [
        figure("t", "FRA", "travelled", travelled, quote=f"{travelled} went."),
        figure("r", "FRA", "returned", returned, quote=f"{returned} came back."),
    ]
    (row,) = charts.share_returned(_frame_of(tmp_path, figures)).to_dict("records")
    got = row["share_returned"]
    assert pd.isna(got) if share is None else got == share
    assert row["no_share"] == why
    assert (row["figure_travelled"], row["figure_returned"]) == ("t", "r")
    assert (row["travelled"], row["returned"], row["entity_name"]) == (
        str(travelled),
        str(returned),
        "France",
    )


def test_a_source_counting_different_people_gives_no_share_returned(tmp_path):
    figures = [
        figure("t", "FRA", "travelled", 1654, quote="1,654 went."),
        figure("r", "FRA", "returned", 100, quote="100 women came back.", scope="women only"),
    ]
    (row,) = charts.share_returned(_frame_of(tmp_path, figures)).to_dict("records")
    assert pd.isna(row["share_returned"])
    assert row["no_share"] == "none: the two count different people"


def test_counts_that_take_in_others_give_no_share_returned_even_alike(tmp_path):
    # Montenegro's 28 who went to Syria, Iraq and Ukraine and the 14 of them back.
    wars = {"scope": "three wars together", "takes_in_others": True}
    figures = [
        figure("t", "MNE", "travelled", 28, quote="28 went.", **wars),
        figure("r", "MNE", "returned", 14, quote="14 came back.", **wars),
    ]
    (row,) = charts.share_returned(_frame_of(tmp_path, figures)).to_dict("records")
    assert pd.isna(row["share_returned"])
    assert row["no_share"] == "none: a count that takes in others too"


def test_no_pair_is_an_empty_table_of_the_same_columns(tmp_path):
    frame = _frame_of(tmp_path, [figure("t", "FRA", "travelled", 10)])
    nonempty = charts.share_returned(
        _frame_of(
            tmp_path / "both",
            [figure("t", "FRA", "travelled", 10), figure("r", "FRA", "returned", 5)],
        )
    )
    empty = charts.share_returned(frame)
    assert empty.empty and list(empty.columns) == list(nonempty.columns)


@pytest.mark.parametrize(
    ("travelled", "returned", "words"),
    [
        pytest.param(("exact", 500), ("exact", 300), "{}%", id="two numbers"),
        pytest.param(
            ("about", 500), ("more_than", 300), "about {}% or more", id="a floor of about"
        ),
        pytest.param(("exact", 500), ("up_to", 300), "{}% or less", id="a ceiling returned"),
        pytest.param(("more_than", 500), ("exact", 300), "{}% or less", id="a floor travelled"),
        pytest.param(("up_to", 500), ("exact", 300), "{}% or more", id="a ceiling travelled"),
        pytest.param(("fewer_than", 500), ("at_least", 300), "{}% or more", id="both push up"),
        pytest.param(
            ("more_than", 500), ("more_than", 300), "about {}% (both bounds)", id="both floors"
        ),
    ],
)
def test_a_share_returned_is_worded_as_its_counts_allow(tmp_path, travelled, returned, words):
    figures = [
        figure("t", "FRA", "travelled", travelled[1], qualifier=travelled[0]),
        figure("r", "FRA", "returned", returned[1], qualifier=returned[0]),
    ]
    (row,) = charts.share_returned(_frame_of(tmp_path, figures)).to_dict("records")
    assert row["share_words"] == words


@pytest.mark.parametrize(
    ("base", "words"),
    [
        pytest.param("t", "about {}%", id="of the travelled count: the source's share"),
        pytest.param("other", "about {}% or less", id="of another count: bounded by the floor"),
    ],
)
def test_a_returned_count_computed_as_a_share_of_the_travelled_one_is_that_share(
    tmp_path, base, words
):
    # "Around half" of "more than 500" is about half, not "about 50% or less".
    share = {"method": "share", "of": base, "share": 0.5, "words": "Around half"}
    figures = [
        figure("t", "GBR", "travelled", 500, qualifier="more_than"),
        figure("other", "GBR", "detained", 500, originator="other-body"),
        figure("r", "GBR", "returned", qualifier="about", derived=share, quote="Around half"),
    ]
    (row,) = charts.share_returned(_frame_of(tmp_path, figures)).to_dict("records")
    assert row["share_words"] == words


def test_a_share_returned_pairs_one_bodys_counts_once_a_page(tmp_path):
    # The Independent's headline "more than 400" and text "at least 425" of The Soufan
    # Center's 850; a second body's count on the page is not paired with them.
    figures = [
        figure("t", "GBR", "travelled", 850, originator="centre"),
        figure("r-headline", "GBR", "returned", 400, originator="centre", qualifier="more_than"),
        figure("r", "GBR", "returned", 425, originator="centre"),
        figure("r-other", "GBR", "returned", 300, originator="paper"),
    ]
    shares = charts.share_returned(_frame_of(tmp_path, figures))
    assert shares[["figure_travelled", "figure_returned"]].values.tolist() == [["t", "r"]]


@pytest.mark.parametrize(
    ("position", "box"),
    [
        # "about 1,500" over "&amp; more": 11 characters (7 px each) wide, two 16-px lines.
        ("top center", (61.5, 159.0, 138.5, 191.0)),
        ("bottom center", (61.5, 209.0, 138.5, 241.0)),
        ("middle right", (109.0, 184.0, 186.0, 216.0)),
        ("middle left", (14.0, 184.0, 91.0, 216.0)),
        ("top right", (109.0, 159.0, 186.0, 191.0)),
        ("top left", (14.0, 159.0, 91.0, 191.0)),
        ("bottom right", (109.0, 209.0, 186.0, 241.0)),
        ("bottom left", (14.0, 209.0, 91.0, 241.0)),
    ],
)
def test_a_labels_box_is_its_longest_line_wide_and_a_line_high_a_line(position, box):
    assert charts.label_box(position, 100.0, 200.0, "about 1,500<br>&amp; more") == box


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ((0, 0, 10, 10), (5, 5, 15, 15), True),
        ((0, 0, 10, 10), (10, 0, 20, 10), False),  # sharing an edge is no overlap
        ((0, 0, 10, 10), (0, 10, 10, 20), False),
        ((10, 0, 20, 10), (0, 0, 10, 10), False),
        ((0, 10, 10, 20), (0, 0, 10, 10), False),
    ],
)
def test_boxes_overlap_only_where_they_share_area(a, b, overlap):
    assert charts._overlaps(a, b) == overlap


@pytest.mark.parametrize(
    ("text", "shown"),
    [("abcdef", "abcdef"), ("abcdefg", "abcde…"), ("", "")],
    ids=["at the limit", "one over", "empty"],
)
def test_a_hover_text_past_its_limit_ends_in_an_ellipsis_within_it(text, shown):
    assert charts._clip(text, 6) == shown


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("A" * (charts.ROW_LABEL_CHARS - 9), f"{'A' * 15} · Travelled"),  # 15 + 9: one line
        ("A" * (charts.ROW_LABEL_CHARS - 8), f"{'A' * 16}<br>Travelled"),
    ],
)
def test_a_row_label_goes_on_two_lines_only_past_its_length(name, label):
    rows = pd.DataFrame({"entity_name": [name], "metric_label": ["Travelled"]})
    assert charts._rows_axis(rows, True) == [label]
    assert charts._rows_axis(rows, False) == [name]


def test_the_labels_of_the_figures_that_stand_are_placed_first():
    # Two pages' 500 of one day: the one labelled first takes the place above.
    days = pd.Series(pd.to_datetime(["2017-01-01", "2017-01-01", "2014-01-01", "2020-01-01"]))
    values = pd.Series([500.0, 500.0, 1000.0, 1000.0])
    texts = pd.Series(["about 500", "about 500", "1,000", "1,000"])
    by_value = charts.label_positions(days, values, texts)
    standing_first = charts.label_positions(
        days, values, texts, first=pd.Series([False, True, False, False])
    )
    assert by_value[:2].tolist() == ["top center", "bottom center"]
    assert standing_first[:2].tolist() == ["bottom center", "top center"]


def test_a_label_by_a_point_at_zero_fits_beside_it_under_a_higher_marker():
    # Tunisia, April 2017: detained 190 under returned 800 on an axis to 6,000. Below zero
    # there is room for half a line, so the label goes beside the point, not over the 800.
    days = pd.Series(pd.to_datetime(["2015-01-01", "2017-04-22", "2017-04-22"]))
    values = pd.Series([6000.0, 800.0, 190.0])
    texts = pd.Series(["6,000", None, "190"])
    assert charts.label_positions(days, values, texts)[2] in ("middle right", "middle left")


@pytest.mark.parametrize("metric", list(charts.PALETTE))
def test_a_timelines_labels_are_in_their_metrics_hue_and_readable_on_white(metric):
    colour = charts.text_colour(charts.PALETTE[metric])
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    assert 1.05 / (charts._luminance(rgb) + 0.05) >= 4.5
    # Darkened towards black, so the hue is the palette's: the channels keep their order.
    palette = [int(charts.PALETTE[metric][i : i + 2], 16) for i in (1, 3, 5)]
    assert sorted(range(3), key=rgb.__getitem__) == sorted(range(3), key=palette.__getitem__)


def test_a_timelines_label_text_takes_its_metrics_colour(tmp_path):
    frame = _timeline_dataset(
        tmp_path,
        [
            ("a-returned", "returned", 100, "2014-12", "src-a-report"),
            ("a-detained", "detained", 76, "2014-12", "src-a-report"),
        ],
    )
    fig = charts.timeline_chart(frame, "France", "Source: x", "alt")
    colours = {t.name: t.textfont.color for t in fig.data if t.customdata is not None}
    assert colours == {
        "Returned": charts.text_colour(charts.PALETTE["returned"]),
        "Detained": charts.text_colour(charts.PALETTE["detained"]),
    }


@pytest.mark.parametrize(
    ("rgb", "luminance", "within"),
    [
        ((0, 0, 0), 0.0, 1e-12),
        ((255, 255, 255), 1.0, 1e-12),
        ((10, 10, 10), 10 / 255 / 12.92, 1e-12),  # the linear part of sRGB, up to 10 of 255
        ((11, 11, 11), ((11 / 255 + 0.055) / 1.055) ** 2.4, 1e-12),
        ((118, 118, 118), 0.18116, 1e-5),  # #767676: WCAG's grey of 4.54:1 on white
    ],
)
def test_a_colours_luminance_is_wcags(rgb, luminance, within):
    assert charts._luminance(list(rgb)) == pytest.approx(luminance, abs=within)


def test_labels_side_by_side_keep_a_gap_at_every_width():
    # The United Kingdom's "850" and "about 850" of 2017 printed as "850about 850" on a phone.
    days = pd.Series(pd.to_datetime(["2013-12-01", "2017-03-01", "2017-10-24", "2019-06-01"]))
    values = pd.Series([300.0, 850.0, 850.0, 900.0])
    texts = pd.Series(["300", "850", "about 850", "more than 900"])
    positions = charts.label_positions(days, values, texts)
    drawn = charts._date_range(days)
    shares = ((days - drawn[0]) / (drawn[1] - drawn[0])).tolist()
    low, high = charts._y_axis(float(values.max()))
    height = charts.LABEL_PLOT_HEIGHT
    ys = (height - (values - low) / (high - low) * height).tolist()
    for width in charts.LABEL_PLOT_WIDTHS:
        boxes = [
            charts.label_box(p, shares[i] * width, ys[i], texts[i])
            for i, p in enumerate(positions)
            if p
        ]
        for a, b in itertools.combinations(boxes, 2):
            if a[1] < b[3] and b[1] < a[3]:  # on the same lines
                assert max(a[0], b[0]) - min(a[2], b[2]) >= charts.LABEL_GAP_PX
