"""The views pages draw (returnees/views.py): what each one holds, without Streamlit."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.io as pio
import pytest

from benchmarks.synthetic import write_dataset
from returnees import charts, reference, views
from returnees.frames import figures_frame, sources_frame, to_export
from returnees.loader import load_dataset, load_or_raise
from returnees.vocab import METRICS
from returnees.vocab import entity_names as reference_entities
from tests import datasets


def _frames(dataset) -> views.Frames:
    figures = figures_frame(dataset)
    return views.Frames(dataset, figures, sources_frame(dataset), reference.cross_section(figures))


@pytest.fixture(scope="module")
def frames(tmp_path_factory) -> views.Frames:
    data = write_dataset(tmp_path_factory.mktemp("views") / "data", 1_200, seed=2)
    return _frames(load_dataset(data).dataset)


def test_a_shared_figure_sends_the_json_of_the_figure_it_was_built_from(frames):
    rows = frames.figures[frames.figures["entity"] == "FRA"]
    built = charts.timeline_chart(rows, "France", "Source: x", "alt")
    expected = json.loads(pio.to_json(built.to_dict(), validate=False))
    meta = built.layout.meta
    shared = views.SharedFigure(built)
    assert json.loads(pio.to_json(shared.to_dict(), validate=False)) == expected
    assert shared.to_dict() is shared.to_dict()  # made once, not deep-copied on each call
    assert shared.layout.meta == meta
    assert shared is built  # the figure itself, not a second copy of every mark


@pytest.mark.parametrize(("start", "size"), [(0, 5), (7, 10), (40, 1_000)])
def test_a_page_of_a_table_keeps_each_rows_figure_id(frames, start, size):
    table = views.shares(frames)
    page = table.rows(start, size)
    assert list(page.figure_ids) == list(table.frame["figure_returned"][start : start + size])
    assert page.arrow.num_rows == len(page.frame) == len(page.figure_ids)
    assert page.arrow.column("figure_returned").to_pylist() == list(page.figure_ids)


@pytest.mark.parametrize("show_all", [False, True], ids=["top 25", "all"])
def test_overview_country_bars_count_every_country_and_draw_the_top_ones(frames, show_all):
    bars = views.overview_bars(frames, False, show_all)
    drawn = {
        y.replace("<br>", " · ").split(" · ")[0]
        for t in bars.figure.data
        if t.type == "bar"
        for y in t.y
    }
    assert bars.entities > charts.TOP_N
    assert len(drawn) == (bars.entities if show_all else charts.TOP_N)


def test_a_profile_has_a_table_a_metric_in_the_vocabularys_order_with_its_figure_ids(frames):
    profile = views.profile(frames, "FRA", date(2026, 12, 6))
    order = list(METRICS)
    metrics = [t.metric for t in profile.tables]
    assert metrics == sorted(metrics, key=order.index)
    rows = frames.figures[frames.figures["entity"] == "FRA"]
    assert sorted(i for t in profile.tables for i in t.table.figure_ids) == sorted(
        rows["figure_id"]
    )


def test_data_rows_keep_the_figures_of_every_chosen_value_and_no_other(frames):
    shown = views.data_rows(frames, ("FRA", "DEU"), ("travelled",), ())
    assert set(shown["entity"]) == {"FRA", "DEU"} and set(shown["metric"]) == {"travelled"}
    figures = frames.figures
    expected = figures[figures["entity"].isin(["FRA", "DEU"]) & (figures["metric"] == "travelled")]
    assert sorted(shown["figure_id"]) == sorted(expected["figure_id"])
    assert views.data_rows(frames, (), (), ()) is frames.figures  # no filter: no copy


def test_a_share_of_a_travelled_figure_of_zero_is_no_share_with_the_reason(tmp_path):
    figures = [
        datasets.figure("t", "FRA", "travelled", 0, quote="0 people travelled."),
        datasets.figure("r", "FRA", "returned", 5, quote="5 people returned."),
    ]
    dataset = load_or_raise(datasets.write_dataset(tmp_path, [datasets.source()], figures))
    table = views.shares(_frames(dataset)).frame
    assert table["share_returned"].tolist() == [""]
    assert table["no_share"].tolist() == ["none: the travelled figure is 0"]


def test_a_profiles_table_says_a_count_that_takes_in_others_is_on_no_chart(tmp_path):
    figures = [
        datasets.figure("d", "IND", "detained", 155, scope="all IS arrests", takes_in_others=True),
        datasets.figure("t", "IND", "travelled", 50),
    ]
    dataset = load_or_raise(datasets.write_dataset(tmp_path, [datasets.source()], figures))
    tables = {
        t.metric: t.table.frame
        for t in views.profile(_frames(dataset), "IND", date(2026, 12, 7)).tables
    }
    assert tables["detained"]["Reported"].tolist() == [
        "155 (all IS arrests) — counts others too: on no chart"
    ]
    assert tables["travelled"]["Reported"].tolist() == ["50"]


def test_a_chart_names_the_countries_it_leaves_out_for_counting_others(tmp_path):
    # India's only detained count is of all IS arrests; Germany's other count stands.
    figures = [
        datasets.figure("fra", "FRA", "detained", 100),
        datasets.figure(
            "ind", "IND", "detained", 155, scope="all IS arrests", takes_in_others=True
        ),
        datasets.figure("deu", "DEU", "detained", 90, scope="all arrests", takes_in_others=True),
        datasets.figure("deu-2", "DEU", "detained", 40, quote="40 held."),
    ]
    dataset = load_or_raise(datasets.write_dataset(tmp_path, [datasets.source()], figures))
    said = (
        "Not shown, as their figures count others too or one occasion only (the Country "
        "profile lists them): detained: India."
    )
    frames = _frames(dataset)
    assert views.ranking(frames, "detained").note.endswith(said)
    assert views.world_map(frames, "detained").rule.endswith(said)
    assert views.overview_bars(frames, False).note.endswith(said)
    assert views.ranking(frames, "detained", chosen=("FRA",)).note is None  # chosen: no others


@pytest.mark.parametrize("metric", ["travelled", "returned"])
def test_a_lens_of_a_body_whose_every_count_takes_in_others_draws_nothing_without_error(
    tmp_path, metric
):
    # The United Nations' only count of Tunisians is of Syria, Iraq and Libya together: its
    # lens has no row (the map and the ranking raised KeyError: 'is_aggregate').
    figures = [
        datasets.figure("t", "TUN", "travelled", 3000),
        datasets.figure(
            "un",
            "TUN",
            "travelled",
            5000,
            scope="with Libya",
            takes_in_others=True,
            originator="un",
            quote="The UN puts it at 5000.",
        ),
    ]
    dataset = load_or_raise(datasets.write_dataset(tmp_path, [datasets.source()], figures))
    lens = reference.Lens(originator="un")
    shown = views.world_map(_frames(dataset), metric, lens)
    assert shown.table.frame.empty
    assert charts.ranking(views.cross_section(_frames(dataset), lens), metric).empty
    assert views.ranking(_frames(dataset), metric, lens=lens).figure is None
    for aggregates in (False, True):
        views.overview_bars(_frames(dataset), aggregates, lens=lens)
    assert views.overview_table(_frames(dataset), lens).frame.empty
    # and the pickers do not offer it: it would draw nothing
    assert views.lens_options(_frames(dataset))[1] == [datasets.TEST_ORIGINATOR]


@pytest.mark.parametrize(
    ("asked", "opened", "said"),
    [
        pytest.param("FRA", "FRA", None, id="a code"),
        pytest.param("fra", "FRA", None, id="a code in lower case"),
        pytest.param("france", "FRA", None, id="a name"),
        pytest.param(None, None, None, id="nothing: the one with most figures"),
        pytest.param("Frnace", None, "Did you mean France (FRA)", id="a misspelling"),
        pytest.param("zzzz", None, "No country or aggregate here is called “zzzz”.", id="nonsense"),
    ],
)
def test_the_country_profile_opens_on_the_entity_asked_for_or_says_why_not(
    frames, asked, opened, said
):
    code, message = views.country_choice(frames, asked)
    most = frames.figures["entity"].value_counts().index[0]
    assert code == (opened or most)
    assert (message is None) == (said is None)
    if said:
        assert said in message and views.entity_name(most) in message


def test_exports_and_the_data_table_hold_no_number_a_source_does_not_state(tmp_path):
    figures = [
        datasets.figure(
            "r",
            "FRA",
            "travelled",
            None,
            qualifier="range",
            low=500,
            high=600,
            quote="Between 500 and 600 went.",
        ),
        datasets.figure("base", "DEU", "travelled", 910, quote="910 went."),
        datasets.figure(
            "third",
            "DEU",
            "returned",
            None,
            qualifier="about",
            derived={"method": "share", "of": "base", "share": 0.333333, "words": "a third"},
            quote="910 went; a third came back.",
        ),
    ]
    data = datasets.write_dataset(tmp_path, [datasets.source()], figures)
    frame = figures_frame(load_or_raise(data))
    exported = to_export(frame).set_index("figure_id")
    # A range has its two ends and no middle; a computed value is the whole number shown.
    assert exported.loc["r", ["value", "value_low", "value_high"]].tolist() == [None, 500, 600]
    assert exported.loc["r", "value_text"] == "between 500 and 600"
    assert exported.loc["third", "value"] == 303  # 910 × 0.333333 = 303.33
    assert exported.loc["third", "value_text"] == "about 303 (computed)"


def test_a_computed_bound_is_exported_as_the_whole_number_it_is_shown_as(tmp_path):
    # "Under a quarter" of 250 reads "fewer than 63": its upper end is 63, not 62.5 (which the
    # data package's integer column refuses).
    figures = [
        datasets.figure("back", "GBR", "returned", 250, quote="250 came back."),
        datasets.figure(
            "charged",
            "GBR",
            "prosecuted",
            None,
            qualifier="fewer_than",
            derived={"method": "share", "of": "back", "share": 0.25, "words": "under a quarter"},
            quote="250 came back; under a quarter were charged.",
        ),
    ]
    data = datasets.write_dataset(tmp_path, [datasets.source()], figures)
    exported = to_export(figures_frame(load_or_raise(data))).set_index("figure_id")
    assert exported.loc["charged", ["value", "value_low", "value_high"]].tolist() == [63, None, 63]
    assert exported.loc["charged", "value_text"] == "fewer than 63 (computed)"


def test_a_computed_exact_figure_has_no_bounds_a_source_states(tmp_path):
    figures = [
        datasets.figure("all", "FRA", "travelled", 100, quote="100 went."),
        datasets.figure("back", "FRA", "returned", 40, quote="100 went; 40 came back."),
        datasets.figure(
            "rest",
            "FRA",
            "detained",
            None,
            derived={"method": "remainder", "of": "all", "minus": ["back"], "words": "the rest"},
            quote="100 went; 40 came back; the rest are held.",
        ),
    ]
    data = datasets.write_dataset(tmp_path, [datasets.source()], figures)
    exported = to_export(figures_frame(load_or_raise(data))).set_index("figure_id")
    assert exported.loc["rest", "qualifier"] == "exact"
    # 60 is our arithmetic, not a count the source states: no low and high of 60.
    assert exported.loc["rest", ["value", "value_low", "value_high"]].tolist() == [60, None, None]
    assert exported.loc["all", ["value_low", "value_high"]].tolist() == [100, 100]


def test_exports_carry_each_figures_notes(tmp_path):
    figures = [datasets.figure("n", "FRA", "travelled", 5, quote="5 went.", notes="A note.")]
    data = datasets.write_dataset(tmp_path, [datasets.source()], figures)
    exported = to_export(figures_frame(load_or_raise(data))).set_index("figure_id")
    assert exported.loc["n", "notes"] == "A note."


def test_a_lens_cross_section_is_worked_out_once_per_dataset_version(frames, monkeypatch):
    worked = []
    real = reference.cross_section
    monkeypatch.setattr(reference, "cross_section", lambda *a: worked.append(a) or real(*a))
    lens = reference.Lens(as_of="2016")
    first = views.cross_section(frames, lens)
    assert views.cross_section(frames, lens) is first
    assert views.overview_bars(frames, False, False, lens).rows is not None
    assert len(worked) == 1
    # Another version (another figures frame) has its own.
    other = views.Frames(frames.dataset, frames.figures.copy(), frames.sources, frames.latest)
    assert views.cross_section(other, lens).equals(first)
    assert len(worked) == 2
    assert views.cross_section(frames, reference.LATEST) is frames.latest


def test_the_profiles_of_the_entities_with_most_figures_are_built_ahead(frames, monkeypatch):
    from returnees import ui
    from returnees.loader import LoadResult

    monkeypatch.setattr(ui, "BUILT_AHEAD", 3)
    monkeypatch.setattr(ui, "_AHEAD", set())
    monkeypatch.setattr(ui, "resident_mb", lambda: 0.0)  # a test process may hold more
    result = LoadResult(dataset=frames.dataset, digest="built-ahead-test")
    loaded = ui.Loaded(frames.dataset, frames.figures, frames.sources, frames.latest, result)
    ahead = views.first_asked(loaded, date.today(), 3)
    most = frames.figures["entity"].value_counts().index[:3].tolist()
    assert [(view, args[0]) for view, args in ahead] == [(views.profile, e) for e in most]
    ui._build_ahead(loaded).join(timeout=60)
    assert ui._build_ahead(loaded) is None  # once a version

    def not_again(*args):
        raise AssertionError(f"built again: {args}")

    not_again.__module__, not_again.__qualname__ = "returnees.views", "profile"
    for entity in most:
        assert ui.shared(loaded, not_again, entity, date.today()).tables


@pytest.mark.parametrize(("resident", "built"), [(399.0, 3), (401.0, 0)])
def test_views_are_built_ahead_only_while_the_process_has_memory_to_spare(
    frames, monkeypatch, resident, built
):
    from returnees import ui
    from returnees.loader import LoadResult

    monkeypatch.setattr(ui, "BUILT_AHEAD", 3)
    monkeypatch.setattr(ui, "_AHEAD", set())
    monkeypatch.setattr(ui, "resident_mb", lambda: resident)
    asked = []
    monkeypatch.setattr(ui, "shared", lambda loaded, view, *args: asked.append(args[0]))
    result = LoadResult(dataset=frames.dataset, digest=f"ahead-at-{resident}")
    loaded = ui.Loaded(frames.dataset, frames.figures, frames.sources, frames.latest, result)
    ui._build_ahead(loaded).join(timeout=60)
    assert len(asked) == built


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="no /proc (not Linux)")
def test_the_resident_memory_is_read_from_the_system():
    from returnees import ui

    assert 10 < ui.resident_mb() < 10_000


def test_a_profile_takes_its_entitys_rows_from_the_versions_grouping(frames):
    for entity in frames.figures["entity"].unique()[:5]:
        grouped = views.entity_rows(frames, entity)
        assert grouped.equals(frames.figures[frames.figures["entity"] == entity])
    assert views.entity_rows(frames, "no-such-entity").empty


def test_an_entitys_standing_figures_are_its_own_cross_section(frames):
    for entity in frames.figures["entity"].unique():
        own = reference.cross_section(views.entity_rows(frames, entity))
        standing = views.entity_standing(frames, entity)
        # The same rows; their order and a population's missing value (None in a one-entity
        # frame without one, NaN in the version's) may differ.
        pd.testing.assert_frame_equal(
            standing.sort_values("metric", ignore_index=True),
            own.astype({"per_million": float}).sort_values("metric", ignore_index=True),
        )
    assert views.entity_standing(frames, "no-such-entity").empty


def test_settling_freezes_what_lives_and_frees_what_an_older_version_left(monkeypatch):
    import gc
    import weakref

    from returnees import ui

    class Node:
        pass

    try:
        left = Node()
        left.cycle = left  # freed only by the collector, never by its reference count
        gone = weakref.ref(left)
        ui.settle()
        assert gc.get_freeze_count() > 0
        del left
        gc.collect()
        assert gone() is not None  # frozen: a collection does not look at it
        ui.settle()  # the next version's
        assert gone() is None
    finally:
        gc.unfreeze()


def test_a_version_settles_once_when_its_frames_are_built_and_again_when_due(frames, monkeypatch):
    from returnees import ui

    settled = []
    monkeypatch.setattr(ui, "settle", lambda: settled.append(ui.time.monotonic()))
    ui._frames(digest="settles-once", _dataset=frames.dataset)
    ui._frames(digest="settles-once", _dataset=frames.dataset)  # the same version: cached
    assert len(settled) == 1
    monkeypatch.setattr(ui, "_SETTLED", [ui.time.monotonic()])
    ui._settle_if_due()
    assert len(settled) == 1  # not due yet
    monkeypatch.setattr(ui, "_SETTLED", [ui.time.monotonic() - ui.SETTLE_SECONDS])
    ui._settle_if_due()
    assert len(settled) == 2


def test_an_entity_whose_figures_are_all_undated_can_be_picked(tmp_path):
    data = datasets.write_dataset(
        tmp_path,
        [datasets.source()],
        [
            datasets.figure("fra", "FRA", "travelled", 5),
            datasets.figure("ken", "KEN", "travelled", 100, date_unknown=True),
        ],
    )
    frames = _frames(load_or_raise(data))
    assert "KEN" not in set(frames.latest["entity"])  # no cross-section holds it
    assert "KEN" in views.entity_names(frames).index
    assert views.country_choice(frames, "Kenya") == ("KEN", None)
    assert len(views.profile(frames, "KEN", date(2026, 12, 6)).tables) == 1


@pytest.mark.parametrize(
    ("show_all", "drawn", "title"),
    [
        (False, charts.TOP_N, f"Travelled: countries ranked (top {charts.TOP_N})"),
        (True, None, "Travelled: countries ranked"),
    ],
    ids=["the top ones", "all"],
)
def test_a_ranking_draws_the_top_countries_unless_all_are_asked_for(frames, show_all, drawn, title):
    bars = views.ranking(frames, "travelled", show_all)
    assert bars.entities > charts.TOP_N
    assert len(bars.rows) == (drawn or bars.entities)
    assert bars.figure.layout.title.text.startswith(title)
    assert len(views.ranking(frames, "travelled").rows) == charts.TOP_N  # by default


def test_among_entities_with_as_many_figures_the_profile_opens_on_the_first_listed(tmp_path):
    figures = [
        datasets.figure("b1", "BEL", "travelled", 5),
        datasets.figure("a1", "AUT", "travelled", 6),
        datasets.figure("world", "WORLD", "travelled", 50),
    ]
    folder = datasets.write_dataset(tmp_path, [datasets.source()], figures)
    frames = _frames(load_or_raise(folder))
    # One figure each: the first the picker lists (aggregates first) is the default.
    assert views.country_choice(frames, None) == ("WORLD", None)


def test_each_lens_and_the_grouping_have_their_own_place_in_the_versions_store(frames):
    views._PER_VERSION.clear()
    old, recent = reference.Lens(as_of="2015"), reference.Lens(as_of="2020")
    assert not views.cross_section(frames, old).equals(views.cross_section(frames, recent))
    assert views.cross_section(frames, old).equals(reference.cross_section(frames.figures, old))
    assert set(views.entity_rows(frames, "FRA")["entity"]) == {"FRA"}


def test_the_versions_store_keeps_the_newest_and_drops_the_oldest(frames, monkeypatch):
    monkeypatch.setattr(views, "PER_VERSION_KEPT", 3)
    views._PER_VERSION.clear()
    for year in range(2014, 2019):
        views.cross_section(frames, reference.Lens(as_of=str(year)))
    kept = [key for _, key in views._PER_VERSION]
    assert kept == [reference.Lens(as_of=str(year)) for year in (2016, 2017, 2018)]


def test_overview_country_bars_draw_the_top_ones_unless_asked_for_all(frames):
    bars = views.overview_bars(frames, False)
    assert bars.rows["entity"].nunique() == charts.TOP_N < bars.entities


@pytest.mark.parametrize(("countries", "cut"), [(charts.TOP_N, False), (charts.TOP_N + 1, True)])
def test_the_overview_names_its_top_countries_only_when_it_leaves_some_out(
    tmp_path, countries, cut
):
    codes = sorted(c for c in reference_entities() if len(c) == 3 and c != "XKX")[:countries]
    figures = [datasets.figure(f"f{i}", code, "travelled", 10 + i) for i, code in enumerate(codes)]
    frames = _frames(load_or_raise(datasets.write_dataset(tmp_path, [datasets.source()], figures)))
    title = views.overview_bars(frames, False).figure.layout.title.text.replace("<br>", " ")
    top = f"Countries: the {charts.TOP_N} with the largest figures, of {countries}"
    assert (
        title.startswith(top) if cut else title.startswith("Countries") and "largest" not in title
    )


def test_the_pickers_entities_are_worked_out_once_per_version(frames, monkeypatch):
    """The Country profile asks for its picker's entities and its default on every run."""
    views._PER_VERSION.clear()
    worked = []
    real = views.entities
    monkeypatch.setattr(views, "entities", lambda figures: worked.append(1) or real(figures))
    names = views.entity_names(frames)
    assert views.country_choice(frames, None)[0] in names.index
    assert views.country_choice(frames, "FRA") == ("FRA", None)
    assert len(worked) == 1


def test_the_overview_says_when_the_data_last_changed_and_how_much_it_holds(frames):
    day = max(f.verified.on for f in frames.dataset.figures)
    assert views.updated_line(frames) == (
        f"Data last updated {day.day} {day:%b %Y} · 1,200 figures "
        f"from {len(frames.dataset.sources):,} sources"
    )


def test_a_chart_of_one_metric_marks_no_pair_and_says_nothing_of_pairs(tmp_path):
    # Travelled 900 and returned 100 of two bodies: a pair not like for like (*), on the
    # Overview; a ranking of travelled alone has no pair to mark.
    figures = [
        datasets.figure("t", "FRA", "travelled", 900, quote="900 went.", originator="centre"),
        datasets.figure("r", "FRA", "returned", 100, quote="100 came back.", originator="paper"),
    ]
    frames = _frames(load_or_raise(datasets.write_dataset(tmp_path, [datasets.source()], figures)))
    both = views.overview_bars(frames, aggregates=False)
    assert both.pairs and both.rows["mark_text"].str.endswith(" *").all()
    travelled = views.ranking(frames, "travelled")
    assert travelled.pairs is None
    assert not travelled.rows["mark_text"].str.contains("*", regex=False).any()


def test_the_sources_table_leads_with_who_published_what_and_ends_with_the_id(frames):
    # A phone shows the first two columns: a publisher and a title, not an id.
    names = views.sources_table(frames).column_names
    assert names[:2] == ["Publisher", "Title"] and names[-1] == "Source id"


def test_a_map_of_one_metric_marks_no_pair_in_its_hover(tmp_path):
    figures = [
        datasets.figure("t", "FRA", "travelled", 900, quote="900 went.", originator="centre"),
        datasets.figure("r", "FRA", "returned", 100, quote="100 came back.", originator="paper"),
    ]
    frames = _frames(load_or_raise(datasets.write_dataset(tmp_path, [datasets.source()], figures)))
    shown = views.world_map(frames, "travelled")
    assert not shown.rows["mark_text"].str.contains("*", regex=False).any()
    hover = [
        str(c)
        for trace in shown.figure.data
        if trace.customdata is not None
        for c in trace.customdata
    ]
    assert hover and not any("*" in h for h in hover)
