"""Pure builders: chart traces, labels and source lines, and citation text, without Streamlit."""

from __future__ import annotations

import pytest

from returnees import charts, citations
from returnees.frames import figures_frame
from returnees.loader import load_dataset
from tests.conftest import DATA_DIR


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA_DIR).dataset


@pytest.fixture(scope="module")
def frame(dataset):
    return figures_frame(dataset)


def countries_chart(dataset, frame):
    shown = charts.pick_one_per_slot(frame[~frame["is_aggregate"]])
    line = citations.source_line(dataset, shown["figure_id"])
    return shown, charts.bar_chart(shown, "Countries", line, "alt text")


def test_bar_chart_has_one_bar_per_figure_carrying_its_id(dataset, frame):
    shown, fig = countries_chart(dataset, frame)
    bar_ids = [c[0] for t in fig.data if t.type == "bar" for c in t.customdata]
    assert sorted(bar_ids) == sorted(shown["figure_id"])


def test_computed_values_get_their_own_legend_entry(dataset, frame):
    _, fig = countries_chart(dataset, frame)
    derived = [t for t in fig.data if "computed by us" in (t.name or "")]
    assert {c[0] for t in derived for c in t.customdata} == {
        "rfn-rus-returned",
        "ins-gbr-returned",
        "vice-fra-released-on-probation",
    }
    assert all(t.marker.pattern.shape == "/" for t in derived)


def test_lower_bounds_carry_a_marker_at_the_bar_end(dataset, frame):
    _, fig = countries_chart(dataset, frame)
    (markers,) = [t for t in fig.data if t.type == "scatter" and "lower bound" in t.name]
    assert [c[0] for c in markers.customdata] == ["ins-gbr-travelled"]
    assert list(markers.x) == [500]


def test_the_source_line_is_inside_the_figure(dataset, frame):
    _, fig = countries_chart(dataset, frame)
    line = fig.layout.meta["source_line"]
    assert line.startswith("Sources: Israel National News (Arutz Sheva) (2014)")
    assert "VICE News (c. 1 Dec 2014), citing Le Figaro" in line
    assert any("Compiled by Returnee Figures" in a.text for a in fig.layout.annotations)
    assert fig.layout.meta["alt"] == "alt text"


def test_hover_text_is_escaped(frame):
    hostile = frame.head(1).assign(entity_name="<b>x</b>", source_short="<script>")
    (row,) = charts._customdata(hostile)
    assert row[1] == "&lt;b&gt;x&lt;/b&gt;" and "&lt;script&gt;" in row[5]


def test_one_figure_per_slot_prefers_the_most_recent_and_counts_the_others(frame):
    world = charts.pick_one_per_slot(frame[frame["entity"] == "WORLD"]).set_index("metric")
    assert world.loc["travelled", "figure_id"] == "hsa-world-travelled"
    assert world.loc["travelled", "others"] == 1
    assert world.loc["returned", "figure_id"] == "rfn-world-returned-headline"


def test_disagreements_put_both_world_travelled_figures_side_by_side(frame):
    found = charts.disagreements(frame[frame["entity"] == "WORLD"])
    travelled = found[found["metric"] == "travelled"]
    assert sorted(travelled["value_text"]) == ["38,000", "more than 40,000"]
    assert "travelling_per_month" not in set(found["metric"])


def test_share_returned_cites_both_figures(frame):
    shares = charts.share_returned(frame).set_index("entity_name")
    assert shares.loc["Saudi Arabia", "share_returned"] == pytest.approx(760 / 3244)
    assert shares.loc["European Union", "figure_returned"] == "rfn-eu-returned"
    assert shares.loc["European Union", "figure_travelled"] == "rfn-eu-travelled"


def test_timeline_leaves_rates_out(dataset, frame):
    rows = frame[frame["entity"] == "WORLD"]
    fig = charts.timeline_chart(rows, "World", "Source: x", "alt")
    assert "Arrivals per month" not in {t.name for t in fig.data}


def test_map_draws_countries_only(frame):
    fig = charts.map_chart(frame, "returned", "Source: x", "alt")
    assert "WORLD" not in list(fig.data[0].locations)
    assert "TUR" in list(fig.data[0].locations)


@pytest.mark.parametrize(
    ("figure_id", "expected"),
    [
        pytest.param("rfn-rus-travelled", "3,417", id="exact"),
        pytest.param("rfn-world-travelled", "more than 40,000", id="more than"),
        pytest.param("rfn-world-returned", "at least 5,600", id="at least"),
        pytest.param("rfn-rus-returned", "about 342 (computed)", id="computed share"),
        pytest.param("vice-fra-released-on-probation", "24 (computed)", id="remainder"),
    ],
)
def test_value_text_keeps_the_sources_wording(dataset, figure_id, expected):
    figure = dataset.figure(figure_id)
    assert citations.value_text(figure, dataset.values[figure_id]) == expected


@pytest.mark.parametrize(
    ("figure_id", "expected"),
    [
        pytest.param("rfn-rus-returned", "0.1 × 3417 = 341.7", id="share"),
        pytest.param("vice-fra-released-on-probation", "− 76 (vice-fra-detained) = 24", id="rest"),
    ],
)
def test_arithmetic_of_a_derived_figure(dataset, figure_id, expected):
    assert expected in citations.arithmetic(dataset, dataset.figure(figure_id))


@pytest.mark.parametrize(
    ("figure_id", "highlighted"),
    [
        pytest.param("rfn-rus-travelled", ["3,417"], id="digits"),
        pytest.param("ins-gbr-imprisoned-by-isis", ["five"], id="number word"),
        pytest.param("ins-gbr-returned", ["Around half"], id="share words"),
    ],
)
def test_quote_highlights_the_number(dataset, figure_id, highlighted):
    pieces = citations.quote_segments(dataset, dataset.figure(figure_id))
    assert [text for text, hit in pieces if hit] == highlighted


def test_unprinted_dates_and_missing_authors_are_said_to_be_so(dataset):
    vice = dataset.sources["vice-2014-french-recruits"]
    rfn = dataset.sources["rfn-2017-5700-returned"]
    assert citations.published_text(vice) == "c. 1 Dec 2014 (not printed; looked up)"
    assert citations.published_text(rfn) == "25 Oct 2017"
    assert citations.authors_text(rfn) == "Author unknown (none printed)"


def test_citation_card_links_only_http_and_escapes_text(dataset):
    card = citations.citation_html(dataset, "vice-fra-returned")
    assert 'href="https://www.vice.com/' in card
    assert "<mark>100</mark>" in card
    assert citations.safe_url("javascript:alert(1)") is None
