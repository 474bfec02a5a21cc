"""The one rule for the figure that stands for a country, its standing, and `cross-section`.

Each case builds figures that would be chosen if one step of the rule were missing or out of
order, and names the figure the rule must choose.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from returnees import charts, citations, reference
from returnees.cli import main
from returnees.frames import cross_section_csv, figures_frame
from returnees.loader import load_or_raise
from returnees.reference import Lens
from returnees.schema import Originator
from tests.datasets import figure, originator, source, write_dataset

ORIGINATORS = [
    originator("interior", kind="government", country="FRA", name="France's interior ministry"),
    originator("syria", kind="government", country="SYR", name="Government of Syria"),
    originator("centre", kind="research", name="A Research Centre"),
    originator("institute", kind="research", name="An Institute"),
    originator("paper", kind="media", name="A Newspaper"),
    originator("nobody", kind="unknown", name="Not attributed on the page"),
]


def _frame(tmp_path, figures: list[dict]):
    named = {f["originator"] for f in figures}
    used = [o for o in ORIGINATORS if o["id"] in named]
    published = {"date": "2024-12-31", "printed": True}
    write_dataset(tmp_path, [source(published=published)], figures, used)
    return figures_frame(load_or_raise(tmp_path))


def _fig(id: str, value: int, as_of: str, who: str, entity: str = "FRA", **fields):
    return figure(
        id,
        entity,
        fields.pop("metric", "travelled"),
        value,
        as_of=as_of,
        originator=who,
        quote=f"{value:,} people.",
        **fields,
    )


def _range(id: str, low: int, high: int, as_of: str, who: str, entity: str = "FRA"):
    return figure(
        id,
        entity,
        "travelled",
        qualifier="range",
        low=low,
        high=high,
        as_of=as_of,
        originator=who,
        quote=f"Between {low:,} and {high:,} people.",
    )


def _chosen(frame, lens: Lens = reference.LATEST, metric: str = "travelled") -> str | None:
    rows = reference.cross_section(frame, lens)
    rows = rows[rows["metric"] == metric]
    return rows["figure_id"].iloc[0] if len(rows) else None


# (what the case breaks, figures, lens, the figure the rule chooses)
RULE_CASES = [
    pytest.param(
        [_fig("old-official", 500, "2010", "interior"), _fig("new-paper", 900, "2017", "paper")],
        Lens("2017"),
        "new-paper",
        id="1-window: an official figure older than the window does not stand",
    ),
    pytest.param(
        [_fig("old-official", 500, "2010", "interior"), _fig("new-paper", 900, "2017", "paper")],
        Lens("2017", window_months=120),
        "old-official",
        id="1-window: a wider window reaches it, and its standing wins",
    ),
    pytest.param(
        [_fig("official", 500, "2015", "interior"), _fig("paper", 900, "2017", "paper")],
        reference.LATEST,
        "official",
        id="3-estimate: an official figure over a later estimate",
    ),
    pytest.param(
        [_fig("research", 500, "2015", "centre"), _fig("unattributed", 900, "2017", "nobody")],
        reference.LATEST,
        "research",
        id="3-estimate: research over a later unattributed number",
    ),
    pytest.param(
        [_fig("syria", 5000, "2017", "syria"), _fig("centre", 1200, "2016", "centre")],
        reference.LATEST,
        "centre",
        id="3-estimate: a government counting another country's nationals is an estimate",
    ),
    pytest.param(
        [_fig("official", 500, "2015", "interior"), _fig("research", 900, "2017", "centre")],
        reference.LATEST,
        "research",
        id="4-last year: research over an official figure more than a year older",
    ),
    pytest.param(
        [
            _fig("official", 500, "2017-01", "interior"),
            _fig("research", 900, "2017-12", "centre"),
        ],
        reference.LATEST,
        "official",
        id="5-official: of the last year's, official over research",
    ),
    pytest.param(
        [
            _fig("official", 500, "2016-01-02", "interior"),
            _fig("research", 900, "2017-01-01", "centre"),
        ],
        reference.LATEST,
        "official",
        id="5-official: 365 days older is of the last year",
    ),
    pytest.param(
        [
            _fig("official", 500, "2016-01-01", "interior"),
            _fig("research", 900, "2017-01-01", "centre"),
        ],
        reference.LATEST,
        "research",
        id="4-last year: 366 days older is not",
    ),
    pytest.param(
        [
            _fig("world", 1000, "2017-11", "centre", entity="DEU"),
            _fig("stated", 450, "2017-02", "centre"),
            figure(
                "computed",
                "FRA",
                "travelled",
                as_of="2017-11",
                originator="centre",
                qualifier="about",
                derived={"method": "share", "of": "world", "share": 0.4, "words": "40%"},
                quote="40% of them.",
            ),
        ],
        reference.LATEST,
        "stated",
        id="6-stated: a number the source states over a later one computed from its words",
    ),
    pytest.param(
        [_fig("earlier", 900, "2015", "centre"), _fig("later", 500, "2017", "centre")],
        reference.LATEST,
        "later",
        id="7-latest: of one standing, the latest, even when smaller",
    ),
    pytest.param(
        [
            _fig("men-only", 900, "2017", "centre", scope="men only"),
            _fig("everyone", 500, "2017", "centre"),
        ],
        reference.LATEST,
        "everyone",
        id="2-scope: a count of everyone over a larger scoped count",
    ),
    pytest.param(
        [
            _fig("official-men", 900, "2017", "interior", scope="men only"),
            _fig("research-everyone", 500, "2015", "centre"),
        ],
        reference.LATEST,
        "research-everyone",
        id="2-scope: a count of everyone over a later, official scoped count in the window",
    ),
    pytest.param(
        [
            _fig("everyone-2010", 900, "2010", "interior"),
            _fig("men-2017", 500, "2017", "interior", scope="men only"),
        ],
        reference.LATEST,
        "men-2017",
        id="2-scope: a scoped count stands when the window holds no count of everyone",
    ),
    pytest.param(
        [
            _fig("bound", 900, "2017", "centre", qualifier="more_than"),
            _fig("exact", 500, "2017", "centre"),
        ],
        reference.LATEST,
        "exact",
        id="8-exact: an exact value over a bound of the same date",
    ),
    pytest.param(
        [_fig("flattened", 900, "2017", "centre"), _range("range", 800, 900, "2017", "centre")],
        reference.LATEST,
        "range",
        id="8-exact: a body's range over a page's one number of it",
    ),
    pytest.param(
        [_fig("other", 900, "2017", "institute"), _range("range", 800, 900, "2017", "centre")],
        reference.LATEST,
        "other",
        id="8-exact: another body's number is no page's flattening of a range",
    ),
    pytest.param(
        [_fig("outside", 950, "2017", "centre"), _range("range", 800, 900, "2017", "centre")],
        reference.LATEST,
        "outside",
        id="8-exact: a number the range does not hold stands as exact",
    ),
    pytest.param(
        [_fig("in-2015", 500, "2015", "centre"), _fig("in-2019", 900, "2019", "centre")],
        Lens("2016"),
        "in-2015",
        id="as of: nothing after the chosen date",
    ),
    pytest.param(
        [_fig("in-2015", 500, "2015-06", "centre"), _fig("in-2017", 900, "2017-03", "centre")],
        Lens("2015-05"),
        None,
        id="as of a month: nothing after its last day",
    ),
    pytest.param(
        [_fig("official", 500, "2017", "interior"), _fig("research", 900, "2017", "centre")],
        Lens("2017", originator="centre"),
        "research",
        id="lens: one originator's figures alone",
    ),
    pytest.param(
        [
            _fig("dated", 500, "2015", "centre"),
            {**_fig("undated", 900, "2017", "centre"), "as_of": None, "date_unknown": True},
        ],
        reference.LATEST,
        "dated",
        id="a figure whose date is unknown stands for nothing",
    ),
]


@pytest.mark.parametrize(("figures", "lens", "expected"), RULE_CASES)
def test_cross_section_follows_the_rule_step_by_step(tmp_path, figures, lens, expected):
    figures = [{k: v for k, v in f.items() if v is not None} for f in figures]
    assert _chosen(_frame(tmp_path, figures), lens) == expected


def test_without_a_date_each_slot_ends_at_its_own_latest_figure(tmp_path):
    frame = _frame(
        tmp_path,
        [
            _fig("fra", 500, "2014", "centre"),
            _fig("deu", 900, "2023", "centre", entity="DEU"),
        ],
    )
    rows = reference.cross_section(frame)
    assert sorted(rows["figure_id"]) == ["deu", "fra"]


@pytest.mark.parametrize(
    ("figures", "flags"),
    [
        pytest.param(
            [
                _fig("t", 1900, "2017", "centre"),
                _fig("r", 300, "2017", "centre", metric="returned"),
            ],
            (),
            id="like for like",
        ),
        pytest.param(
            [
                _fig("t", 1900, "2017", "centre"),
                _fig("r", 300, "2017", "interior", metric="returned"),
            ],
            ("different-originators",),
            id="different originators",
        ),
        pytest.param(
            [
                _fig("t", 300, "2014", "centre"),
                _fig("r", 595, "2019", "centre", metric="returned"),
            ],
            ("years-apart", "returned-above-travelled"),
            id="years apart, and more returned than left",
        ),
    ],
)
def test_a_travelled_returned_pair_says_when_it_is_not_like_for_like(tmp_path, figures, flags):
    rows = reference.cross_section(_frame(tmp_path, figures)).set_index("figure_id")
    assert rows.loc["t", "flags"] == flags
    assert rows.loc["r", "flags"] == flags
    marked = rows.loc["r", "mark_text"].endswith(" *")
    assert marked == bool(flags)
    note = reference.pair_note(rows.reset_index())
    assert (note is not None) == bool(flags)
    for flag in flags:
        assert f"{reference.FLAG_WORDS[flag]}: france" in note.lower()
    assert note is None or note.startswith("* Not like for like, so not a share returned. T")


def test_a_pair_of_which_one_counts_part_of_the_people_is_not_like_for_like(tmp_path):
    figures = [
        _fig("t", 900, "2017", "centre"),
        _fig("r", 84, "2017", "centre", metric="returned", scope="those tried only"),
    ]
    rows = reference.cross_section(_frame(tmp_path, figures)).set_index("figure_id")
    assert rows.loc["t", "flags"] == ("different-people",)
    assert rows.loc["r", "flags"] == ("scoped", "different-people")
    assert rows.loc["r", "mark_text"].endswith(" *")
    assert (
        f"{reference.FLAG_WORDS['different-people']}: france"
        in reference.pair_note(rows.reset_index()).lower()
    )


@pytest.mark.parametrize(
    ("base_by", "standing"),
    [("nobody", "estimate"), ("centre", "research"), ("interior", "official")],
)
def test_a_computed_figure_stands_no_higher_than_what_it_is_computed_from(
    tmp_path, base_by, standing
):
    figures = [
        _fig("total", 400, "2021", base_by, qualifier="about"),
        {
            **figure(
                "half",
                "FRA",
                "returned",
                as_of="2021",
                originator="interior",
                quote="More than half of them came back.",
            ),
            "derived": {"method": "share", "of": "total", "share": 0.5, "words": "half"},
        },
    ]
    frame = _frame(tmp_path, figures).set_index("figure_id")
    assert frame.loc["half", "standing"] == standing
    dataset = load_or_raise(tmp_path)
    words = reference.STANDING_LABELS[standing]
    assert citations.standing_text(dataset, dataset.figure("half")).startswith(words)


def test_every_mark_says_its_year(tmp_path):
    rows = reference.cross_section(_frame(tmp_path, [_fig("t", 3417, "2017-10", "centre")]))
    assert rows["mark_text"].tolist() == ["3,417 · 2017"]


@pytest.mark.parametrize(
    ("kind", "country", "entity", "expected"),
    [
        ("government", "DEU", "DEU", "official"),
        ("government", "SYR", "CHN", "estimate"),
        ("government", "DEU", "WORLD", "estimate"),
        ("intergovernmental", "EU", "EU", "official"),
        ("intergovernmental", "WESTERN_BALKANS", "XKX", "official"),
        ("intergovernmental", "WESTERN_BALKANS", "FRA", "estimate"),
        ("research", None, "FRA", "research"),
        ("media", "GBR", "GBR", "estimate"),
        ("expert", None, "JOR", "estimate"),
        ("unknown", None, "WORLD", "estimate"),
    ],
)
def test_standing_derives_from_the_originators_kind(kind, country, entity, expected):
    body = Originator(id="o", name="O", kind=kind, country=country)
    assert reference.standing(body, entity) == expected


@pytest.mark.parametrize(
    ("kind", "country"),
    [("intergovernmental", "FRA"), ("government", "EU"), ("research", "WORLD")],
)
def test_only_an_intergovernmental_body_belongs_to_an_aggregate(kind, country):
    with pytest.raises(ValueError, match="country"):
        Originator(id="o", name="O", kind=kind, country=country)


@pytest.mark.parametrize(
    ("entity", "value", "expected"),
    [
        ("DEU", 83_132.799, 1000.0),  # World Bank 2019: 83,132,799
        ("XKX", 1_794.248, 1000.0),
        ("WORLD", 40_000, None),  # an aggregate without listed members
        ("TWN", 10, None),  # no population figure shipped
    ],
)
def test_per_million_uses_the_shipped_population(entity, value, expected):
    assert reference.per_million(entity, value) == expected


def test_an_aggregate_of_listed_members_has_their_population():
    members = reference.AGGREGATES["WESTERN_BALKANS"].members
    assert reference.population("WESTERN_BALKANS") == sum(reference.population(m) for m in members)


def test_the_rule_in_words_names_the_date_and_the_window():
    assert (
        reference.Lens("2017")
        .rule_text()
        .startswith(
            "Up to Dec 2017, of each country's figures within 3 years, the one shown is: a count "
            "of everyone before one of some people only (women, say); then an official or "
            "research figure before an estimate, and of those one of the last 12 months"
        )
    )
    assert (
        "then of ICSR's figures, a number it states before one computed from its words; then the "
        "latest;" in reference.Lens(originator="icsr").rule_text("ICSR")
    )


# --------------------------------------------------------------------------- change, not dispute


def test_counts_of_different_years_are_a_trend_not_a_disagreement(tmp_path):
    frame = _frame(
        tmp_path,
        [
            _fig("early", 240, "2013-12", "interior"),
            _fig("late", 1150, "2023-12", "interior", qualifier="about"),
        ],
    )
    assert charts.disagreements(frame).empty
    assert charts.trends(frame) == [
        "Travelled rose from 240 (Dec 2013, France's interior ministry) to about 1,150 "
        "(Dec 2023, France's interior ministry)."
    ]


@pytest.mark.parametrize(
    ("second", "disagree"),
    [
        pytest.param(dict(value=460), True, id="300 and 460 of one year disagree"),
        pytest.param(dict(value=310, qualifier="about"), False, id="300 and about 310 agree"),
        pytest.param(dict(value=250, qualifier="more_than"), False, id="more than 250 holds"),
        pytest.param(dict(value=350, qualifier="more_than"), True, id="more than 350 cannot"),
        pytest.param(dict(value=460, as_of="2019"), False, id="460 two years on is change"),
    ],
)
def test_sources_disagree_only_within_one_period_and_on_incompatible_bounds(
    tmp_path, second, disagree
):
    second = dict(second)  # the parameter is shared: a run again (mutation testing) sees it whole
    other = _fig("b", second.pop("value"), second.pop("as_of", "2017"), "paper", **second)
    frame = _frame(tmp_path, [_fig("a", 300, "2017", "centre"), other])
    assert (not charts.disagreements(frame).empty) == disagree


@pytest.mark.parametrize(
    ("first", "second", "disagree"),
    [
        pytest.param(
            dict(scope="women only, evacuated"),
            dict(scope="children only, evacuated"),
            False,
            id="14 women and 41 children count different people",
        ),
        pytest.param(
            dict(scope="women only"), dict(scope="women only"), True, id="two counts of women"
        ),
        pytest.param(
            dict(includes="women and minors"),
            {},
            False,
            id="a count with women and minors and one without",
        ),
        pytest.param({}, dict(scope="men only"), False, id="a count of everyone and of men"),
    ],
)
def test_only_figures_that_count_the_same_people_disagree(tmp_path, first, second, disagree):
    frame = _frame(
        tmp_path,
        [_fig("a", 14, "2019-04", "centre", **first), _fig("b", 41, "2019-04", "paper", **second)],
    )
    assert (not charts.disagreements(frame).empty) == disagree


@pytest.mark.parametrize(
    ("first", "second", "disagree"),
    [
        # The later count is the lower: a total to date cannot fall, so only whose counts
        # they are can keep them from disagreeing.
        pytest.param(
            ("centre", "2023"), ("centre", "2022"), False, id="one body's counts a year apart"
        ),
        pytest.param(
            ("centre", "2022-06"),
            ("centre", "2022-06"),
            False,
            id="one page's two wordings of one body's count",
        ),
        pytest.param(
            ("nobody", "2023"), ("nobody", "2022"), True, id="two pages' unattributed counts"
        ),
    ],
)
def test_one_bodys_own_counts_of_different_dates_are_its_series_not_a_dispute(
    tmp_path, first, second, disagree
):
    figures = [_fig("a", 263, first[1], first[0]), _fig("b", 400, second[1], second[0])]
    assert (not charts.disagreements(_frame(tmp_path, figures)).empty) == disagree


def test_a_trend_falls_back_on_the_counts_of_everyone_when_the_latest_is_scoped(tmp_path):
    figures = [
        _fig("2015", 60, "2015-01", "centre"),
        _fig("2018", 100, "2018-04", "centre"),
        _fig("adults", 110, "2020-02", "centre", scope="adults only"),
    ]
    assert charts.trends(_frame(tmp_path, figures)) == [
        "Travelled rose from 60 (Jan 2015, A Research Centre) to 100 (Apr 2018, A Research Centre)."
    ]


def test_a_trends_people_are_those_of_the_best_figure_of_the_year_after_its_last_day(tmp_path):
    figures = [
        _fig("all-2014", 100, "2014-01-01", "centre"),
        _fig("adults-2015", 80, "2015-01-01", "interior", scope="adults only"),
        _fig("adults-2017", 90, "2017-01-01", "interior", scope="adults only"),  # a year before
        _fig("all-2018", 200, "2018-01-01", "centre"),
    ]
    assert charts.trends(_frame(tmp_path, figures)) == [
        "Travelled rose from 100 (1 Jan 2014, A Research Centre) to 200 (1 Jan 2018, A Research "
        "Centre)."
    ]


OLD, FELL, ACROSS = ("2014-06", "2014-09"), ("2016-08", "2017-04"), ("2015-09-30", "2016-02-29")


def test_a_disagreement_never_spans_more_than_one_period(tmp_path):
    # B clashes with A (7 months before) and with C (6 months after); A and C are 13 months
    # apart, so no one group holds them both: two disagreements, B in each (its clash with C,
    # across the cut, is not lost). Detained: a count that need not grow.
    figures = [  # not in date order: runs are cut in date order, from the earliest
        _fig("b", 20000, "2015-01", "paper", metric="detained"),
        _fig("a", 12000, "2014-06", "centre", metric="detained"),
        _fig("c", 30000, "2015-07", "interior", metric="detained"),
    ]
    found = charts.disagreements(_frame(tmp_path, figures))
    groups = found.groupby("disagreement")["figure_id"].apply(set).tolist()
    assert groups == [{"a", "b"}, {"b", "c"}]


@pytest.mark.parametrize(
    ("metric", "earlier", "later", "dates", "disagree"),
    [
        pytest.param("travelled", 12000, 15000, OLD, False, id="a total to date, higher later"),
        pytest.param("returned", 425, 400, OLD, True, id="a total to date, lower later"),
        pytest.param("detained", 76, 100, OLD, True, id="a count that need not grow, higher later"),
        # June to September: three months at most a tenth of 12,000 a month, 15,600 at most
        pytest.param(
            "travelled", 12000, 16000, OLD, True, id="a total to date, faster than growth"
        ),
        # After the flows fell, 2.5% a month: August 2016 to April 2017, 2,500 grows to 3,000
        pytest.param("travelled", 2500, 2900, FELL, False, id="after 2015, slow growth"),
        pytest.param("travelled", 2500, 4000, FELL, True, id="after 2015, faster than growth"),
        # 30 September 2015 to 29 February 2016: about three months at a tenth and two at
        # 2.5% a month, so 1,003 (a number that is not round) grows to 1,358 at most
        pytest.param("travelled", 1003, 1350, ACROSS, False, id="across the fall, both rates"),
        pytest.param("travelled", 1003, 1361, ACROSS, True, id="across the fall, too fast"),
    ],
)
def test_a_later_higher_total_to_date_is_growth_not_a_dispute(
    tmp_path, metric, earlier, later, dates, disagree
):
    figures = [
        _fig("a", earlier, dates[0], "centre", metric=metric),
        _fig("b", later, dates[1], "paper", metric=metric),
    ]
    assert (not charts.disagreements(_frame(tmp_path, figures)).empty) == disagree


@pytest.mark.parametrize(
    ("dates", "disagree"),
    [
        pytest.param(("2015-01-26", "2015"), True, id="a year is not surely after a day in it"),
        pytest.param(("2015-01", "2015-01-26"), True, id="nor a day after its month"),
        pytest.param(("2015-01", "2015-01-31"), True, id="nor its month's last day"),
        pytest.param(("2014-11-30", "2015"), False, id="a year after a day a month before it"),
        pytest.param(("2014-12-20", "2015"), False, id="a year after a day in the month before"),
    ],
)
def test_a_count_is_later_only_when_every_day_its_date_can_mean_is_later(tmp_path, dates, disagree):
    # The lower count first: a later, higher total to date is growth (here, of a month).
    figures = [_fig("a", 1500, dates[0], "centre"), _fig("b", 1600, dates[1], "paper")]
    assert (not charts.disagreements(_frame(tmp_path, figures)).empty) == disagree


def test_a_number_and_a_bound_at_that_number_can_both_hold(tmp_path):
    # "up to 103" allows 103 itself (a number with no trailing zero holds itself alone).
    figures = [
        _fig("a", 103, "2017-06", "centre"),
        _fig("b", 103, "2017-06", "paper", qualifier="up_to"),
    ]
    assert charts.disagreements(_frame(tmp_path, figures)).empty


def test_a_disagreement_lists_one_pages_two_wordings_of_a_count_once(tmp_path):
    figures = [
        _fig("icsr", 250, "2015-01-26", "centre"),
        _fig("knb-headline", 300, "2014-11-20", "interior"),
        _fig("knb", 300, "2014-11-20", "interior", qualifier="more_than"),
    ]
    frame = _frame(tmp_path, figures)
    assert set(charts.disagreements(frame)["figure_id"]) == {"icsr", "knb-headline"}
    (note,) = charts.disagreement_notes(frame)
    assert "more than 300" not in note


def test_two_pages_giving_one_bodys_count_differently_disagree(tmp_path):
    figures = [
        _fig("a", 2926, "2017-10", "centre"),
        _fig("b", 2920, "2017-10", "centre", source="src-other"),
    ]
    published = {"date": "2024-12-31", "printed": True}
    pages = [
        source(published=published),
        source("src-other", published=published, document="001_test.txt"),
    ]
    write_dataset(tmp_path, pages, figures, [o for o in ORIGINATORS if o["id"] == "centre"])
    frame = figures_frame(load_or_raise(tmp_path))
    assert list(charts.disagreements(frame)["figure_id"]) == ["a", "b"]


def test_a_trend_compares_counts_of_the_same_people(tmp_path):
    figures = [
        _fig("all-groups", 50, "2013-12", "centre", scope="all Syrian opposition groups"),
        _fig("isis", 50, "2015-01", "centre"),
    ]
    assert charts.trends(_frame(tmp_path, figures)) == []  # two counts, one of each: no trend
    later = _fig("isis-later", 200, "2017-06", "centre")
    assert charts.trends(_frame(tmp_path, [*figures, later])) == [
        "Travelled rose from 50 (Jan 2015, A Research Centre) to 200 (Jun 2017, A Research Centre)."
    ]


# --------------------------------------------------------------------------- the command


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["cross-section", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cross_section_prints_the_rows_the_charts_draw(tmp_path, capsys):
    figures = [
        _fig("official", 500, "2015", "interior"),
        _fig("paper", 900, "2017", "paper"),
        _fig("deu", 83_132, "2017", "centre", entity="DEU"),
    ]
    _frame(tmp_path, figures)
    code, out, _ = _run(
        capsys, "--metric", "travelled", "--format", "json", "--data", str(tmp_path)
    )
    assert code == 0
    rows = json.loads(out)
    assert [r["figure_id"] for r in rows] == ["official", "deu"]  # France, then Germany
    assert list(rows[0]) == reference.ROW_COLUMNS
    assert rows[0] | {"per_million": None} == {
        "entity": "FRA",
        "entity_name": "France",
        "metric": "travelled",
        "figure_id": "official",
        "value": 500,
        "value_low": 500,
        "value_high": 500,
        "qualifier": "exact",
        "value_text": "500",
        "as_of": "2015",
        "originator": "interior",
        "originator_kind": "government",
        "standing": "official",
        "per_million": None,
        "flags": [],
    }
    assert rows[1]["per_million"] == 1000.0


def test_cross_section_as_csv_with_a_date_and_an_originator(tmp_path, capsys):
    _frame(
        tmp_path, [_fig("official", 500, "2015", "interior"), _fig("paper", 900, "2017", "paper")]
    )
    args = ["--metric", "travelled", "--as-of", "2017", "--originator", "paper"]
    code, out, _ = _run(capsys, *args, "--data", str(tmp_path))
    assert code == 0
    header, row = out.splitlines()
    assert header.split(",") == reference.ROW_COLUMNS
    assert row.startswith("FRA,France,travelled,paper,900,")


def test_cross_section_names_the_originators_when_one_is_unknown(tmp_path, capsys):
    _frame(tmp_path, [_fig("official", 500, "2015", "interior")])
    args = ["--metric", "travelled", "--originator", "nobody-here", "--data", str(tmp_path)]
    code, _, err = _run(capsys, *args)
    assert code == 2
    assert "unknown originator 'nobody-here': one of interior" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2017-01-05"], "give a year or a month"),
        (["--window-months", "0"], "at least 1 month"),
    ],
)
def test_cross_section_refuses_a_bad_date_or_window_and_says_why(capsys, args, message):
    with pytest.raises(SystemExit):
        main(["cross-section", "--metric", "travelled", *args])
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("later", "words"),
    [
        pytest.param(
            dict(value=100),
            "Travelled: a later count is lower, 240 (Dec 2013, ",
            id="a total to date that is lower later: no fall",
        ),
        pytest.param(
            dict(value=500, qualifier="fewer_than"),
            "Travelled: 240 (Dec 2013, France's interior ministry), then fewer than 500 (Jun "
            "2019, France's interior ministry); the two can both hold",
            id="bounds that allow one number: no direction",
        ),
        pytest.param(
            dict(value=250, qualifier="about"),
            "Travelled stayed near the same number: 240 (Dec 2013, ",
            id="within about's tolerance: no direction",
        ),
        pytest.param(
            dict(value=1050, qualifier="more_than"),
            "Travelled rose from 240 (Dec 2013, ",
            id="a bound compared by its stated number",
        ),
    ],
)
def test_a_trend_says_how_the_stated_numbers_moved(tmp_path, later, words):
    later = dict(later)  # the parameter is shared: a run again (mutation testing) sees it whole
    later_figure = _fig("late", later.pop("value"), "2019-06", "interior", **later)
    frame = _frame(tmp_path, [_fig("early", 240, "2013-12", "interior"), later_figure])
    (text,) = charts.trends(frame)
    assert text.startswith(words)


@pytest.mark.parametrize(
    ("first", "last", "text"),
    [
        pytest.param(
            dict(value=270, qualifier="more_than"),
            dict(value=1150, qualifier="about"),
            "Travelled rose from more than 270 (Dec 2013, France's interior ministry) to about "
            "1,150 (Jun 2019, France's interior ministry).",
            id="a lower bound read as its number",
        ),
        pytest.param(
            dict(value=None, low=100, high=240, qualifier="range"),
            dict(value=240),
            "Travelled: between 100 and 240 (Dec 2013, France's interior ministry), then 240 "
            "(Jun 2019, France's interior ministry); the two can both hold, so no rise or fall "
            "is claimed.",
            id="a later number at a range's top",
        ),
        pytest.param(
            dict(value=None, low=240, high=500, qualifier="range"),
            dict(value=240),
            "Travelled: between 240 and 500 (Dec 2013, France's interior ministry), then 240 "
            "(Jun 2019, France's interior ministry); the two can both hold, so no rise or fall "
            "is claimed.",
            id="a later number at a range's foot",
        ),
        pytest.param(
            dict(value=240),
            dict(value=100),
            "Travelled: a later count is lower, 240 (Dec 2013, France's interior ministry), then "
            "100 (Jun 2019, France's interior ministry); a total to date does not fall, so the "
            "two count differently.",
            id="a total to date, lower later",
        ),
    ],
)
def test_a_trend_claims_a_direction_only_where_the_two_cannot_both_hold(
    tmp_path, first, last, text
):
    def made(id: str, as_of: str, fields: dict) -> dict:
        fields = dict(fields)  # shared parameters: a second run sees them whole
        value = fields.pop("value")
        if value is not None:
            return _fig(id, value, as_of, "interior", **fields)
        said = f"Between {fields['low']} and {fields['high']} people."
        return figure(
            id, "FRA", "travelled", None, as_of=as_of, originator="interior", quote=said, **fields
        )

    figures = [made("early", "2013-12", first), made("late", "2019-06", last)]
    assert charts.trends(_frame(tmp_path, figures)) == [text]


@pytest.mark.parametrize(
    ("early", "late", "text"),
    [
        pytest.param(
            ("centre", 500),
            ("paper", 1500),
            "Travelled: 500 (Dec 2013, A Research Centre), then 1,500 (Jun 2019, A Newspaper); "
            "different bodies' counts, so no rise is claimed.",
            id="a research centre's then a newspaper's: no rise",
        ),
        pytest.param(
            ("paper", 900),
            ("centre", 300),
            "Travelled: 900 (Dec 2013, A Newspaper), then 300 (Jun 2019, A Research Centre); "
            "different bodies' counts, so no fall is claimed.",
            id="lower in another body's count: no fall",
        ),
        pytest.param(
            ("interior", 500),
            ("interior", 1500),
            "Travelled rose from 500 (Dec 2013, France's interior ministry) to 1,500 (Jun 2019, "
            "France's interior ministry).",
            id="one body's counts rose",
        ),
    ],
)
def test_a_direction_is_claimed_only_between_one_bodys_counts(tmp_path, early, late, text):
    figures = [
        _fig("early", early[1], "2013-12", early[0]),
        _fig("late", late[1], "2019-06", late[0]),
    ]
    assert charts.trends(_frame(tmp_path, figures)) == [text]


def test_a_trend_follows_the_latest_bodys_own_series_where_it_has_one(tmp_path):
    # North Macedonia: ICSR's 12 of 2015, then the Interior Ministry's about 130 of 2016 and
    # about 150 of 2021: the ministry's own counts say how the number moved.
    figures = [
        _fig("icsr", 12, "2015-01", "centre"),
        _fig("ministry-early", 100, "2016-05", "interior"),
        _fig("ministry-late", 200, "2021-07", "interior"),
    ]
    assert charts.trends(_frame(tmp_path, figures)) == [
        "Travelled rose from 100 (May 2016, France's interior ministry) to 200 (Jul 2021, "
        "France's interior ministry)."
    ]


def test_a_count_that_is_no_total_to_date_can_fall(tmp_path):
    figures = [
        _fig("early", 240, "2013-12", "interior", metric="detained"),
        _fig("late", 100, "2019-06", "interior", metric="detained"),
    ]
    assert charts.trends(_frame(tmp_path, figures)) == [
        "Detained fell from 240 (Dec 2013, France's interior ministry) to 100 (Jun 2019, "
        "France's interior ministry)."
    ]


@pytest.mark.parametrize(
    ("fields", "flags"),
    [
        pytest.param({}, (), id="an exact count"),
        pytest.param({"qualifier": "about"}, (), id="about is a number, not a bound"),
        pytest.param({"qualifier": "more_than"}, ("bound",), id="a lower bound"),
        pytest.param({"scope": "men only"}, ("scoped",), id="a scoped count"),
    ],
)
def test_a_row_flags_what_its_figure_is(tmp_path, fields, flags):
    rows = reference.cross_section(_frame(tmp_path, [_fig("f", 500, "2017", "centre", **fields)]))
    assert rows["flags"].tolist() == [flags]


def test_a_charts_download_is_its_rows_with_their_citations(tmp_path):
    rows = reference.cross_section(_frame(tmp_path, [_fig("f", 500, "2017", "centre")]))
    header, row = cross_section_csv(rows, citations=True).splitlines()
    assert header.split(",") == reference.ROW_COLUMNS + reference.CITATION_COLUMNS
    assert row.endswith(",Test Publisher,2024-12-31,https://example.org/report,,500 people.,")


@pytest.mark.parametrize(
    ("today", "old_line"),
    [
        pytest.param(date(2022, 6, 1), None, id="newest figure 5 years old: nothing said"),
        pytest.param(
            date(2026, 12, 6),
            "The newest figure here is of Mar 2017: 9 years old.",
            id="9 years old: said",
        ),
    ],
)
def test_the_summary_names_the_figure_that_stands_for_each_metric_and_says_when_it_is_old(
    tmp_path, today, old_line
):
    frame = _frame(
        tmp_path,
        [
            _fig("official", 500, "2016", "interior"),
            _fig("paper", 900, "2017-03", "paper"),
            _fig("back", 50, "2016", "centre", metric="returned"),
        ],
    )
    lines = reference.summary_lines(
        frame,
        reference.cross_section(frame),
        ["travelled", "returned", "detained"],
        today,
        lambda f: f" [{f}]",
    )
    assert lines[:3] == [
        "Travelled: 500 (as of 2016) [official]. Official figure: France's interior ministry.",
        "Returned: 50 (as of 2016) [back]. Research assessment: A Research Centre.",
        "Detained: no figure in this dataset.",
    ]
    assert lines[3:] == ([old_line] if old_line else [])


def test_the_summary_says_a_metric_has_figures_without_a_date_not_that_it_has_none(tmp_path):
    undated = [
        figure("u1", "FRA", "returned", 40, originator="paper", date_unknown=True),
        figure("u2", "FRA", "returned", 45, originator="paper", date_unknown=True),
    ]
    frame = _frame(tmp_path, [_fig("dated", 500, "2016", "interior"), *undated])
    lines = reference.summary_lines(
        frame,
        reference.cross_section(frame),
        ["travelled", "returned", "detained"],
        date(2017, 1, 1),
    )
    assert lines[1:] == [
        "Returned: no dated figure; 2 without a date in the table below.",
        "Detained: no figure in this dataset.",
    ]


@pytest.mark.parametrize(
    ("others", "line"),
    [
        pytest.param(
            [],
            "Detained: none to show; 1 counts others too, 155 (all IS arrests), in the table "
            "below.",
            id="only a count that takes in others",
        ),
        pytest.param(
            [figure("u", "FRA", "detained", 9, originator="paper", date_unknown=True)],
            "Detained: none to show; 1 counts others too, 155 (all IS arrests); 1 has no date, "
            "in the table below.",
            id="and one without a date",
        ),
        pytest.param(
            [_fig("returnees", 12, "2014", "interior", metric="detained")],
            "Detained: 12 (as of 2014). Official figure: France's interior ministry. Not shown, "
            "as counting others too: 155 (all IS arrests).",
            id="an older count of the metric's people alone stands",
        ),
    ],
)
def test_a_count_that_takes_in_others_never_stands_and_the_summary_says_why(tmp_path, others, line):
    wider = _fig("arrests", 155, "2019", "interior", metric="detained")
    wider.update(scope="all IS arrests", takes_in_others=True)
    frame = _frame(tmp_path, [wider, *others])
    standing = reference.cross_section(frame)
    assert "arrests" not in set(standing["figure_id"])
    assert reference.summary_lines(frame, standing, ["detained"], date(2020, 1, 1)) == [line]
    assert (
        "A count that takes in an unknown number of others too (all arrests, say), or of one "
        in (reference.Lens().rule_text())
    )


@pytest.mark.parametrize(
    ("others", "line"),
    [
        pytest.param(
            [],
            "Returned: none to show; 1 counts one occasion only, 21 (one repatriation flight), in "
            "the table below.",
            id="only a count of one occasion",
        ),
        pytest.param(
            [_fig("total", 60, "2017", "interior", metric="returned")],
            "Returned: 60 (as of 2017). Official figure: France's interior ministry. Not shown, as "
            "counting one occasion only: 21 (one repatriation flight).",
            id="an older total to date stands",
        ),
    ],
)
def test_a_count_of_one_occasion_never_stands_and_the_summary_says_why(tmp_path, others, line):
    flight = _fig("flight", 21, "2019", "interior", metric="returned")
    flight.update(scope="one repatriation flight", one_occasion=True)
    frame = _frame(tmp_path, [flight, *others])
    standing = reference.cross_section(frame)
    assert "flight" not in set(standing["figure_id"])
    assert reference.summary_lines(frame, standing, ["returned"], date(2020, 1, 1)) == [line]
    assert reference.reported(frame[frame["figure_id"] == "flight"]).tolist() == [
        "21 (one repatriation flight) — one occasion only: on no chart"
    ]


@pytest.mark.parametrize(
    ("kinds", "shown"),
    [
        pytest.param(("other", "news"), "b-news", id="a news page's copy before a blog's"),
        pytest.param(("news", "research_report"), "b-report", id="a report's before a news page's"),
        pytest.param(("news", "news"), "a-news", id="copies of one kind: by id"),
    ],
)
def test_of_copies_alike_in_every_step_the_page_nearest_the_count_stands(tmp_path, kinds, shown):
    # Turkey's 2,100 of The Soufan Group's December 2015 report, as a blog and Sputnik print it.
    pages = [
        source(f"{k}-src", published={"date": "2015-12-08", "printed": True}, kind=kind)
        for k, kind in zip("ab", kinds, strict=True)
    ]
    figures = [
        _fig(f"{k}-{kind.split('_')[-1]}", 2100, "2015-12", "centre", source=f"{k}-src")
        for k, kind in zip("ab", kinds, strict=True)
    ]
    write_dataset(tmp_path, pages, figures, [o for o in ORIGINATORS if o["id"] == "centre"])
    frame = figures_frame(load_or_raise(tmp_path))
    assert _chosen(frame) == shown
    assert reference.best(frame)["figure_id"] == shown


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_best_is_the_first_figure_of_the_rules_order(tmp_path, seed):
    from benchmarks.synthetic import write_dataset as synthetic

    frame = figures_frame(load_or_raise(synthetic(tmp_path / "data", 600, seed=seed)))
    for _, rows in frame.groupby(["entity", "metric"]):
        assert reference.best(rows)["figure_id"] == reference.ranked(rows).iloc[0]["figure_id"]


@pytest.mark.parametrize(
    ("second", "disagree"),
    [("2018-01-01", True), ("2018-01-02", False)],
    ids=["365 days apart: one period", "366 days apart: change"],
)
def test_figures_a_year_apart_or_less_are_of_one_period(tmp_path, second, disagree):
    # The later count the lower: a later, higher total to date would be growth.
    figures = [_fig("a", 900, "2017-01-01", "centre"), _fig("b", 100, second, "paper")]
    found = charts.disagreements(_frame(tmp_path, figures))
    assert list(found["figure_id"]) == (["a", "b"] if disagree else [])
    assert found["disagreement"].dtype == int


def test_disagreements_are_found_past_a_rate_and_a_lone_figure(tmp_path):
    rate = dict(metric="travelling_per_month")
    figures = [
        _fig("r1", 100, "2017-01", "centre", **rate),
        _fig("r2", 900, "2017-02", "paper", **rate),  # a rate that changed: no disagreement
        _fig("lone", 50, "2017-01", "centre", metric="returned"),
        _fig("a", 900, "2017-01", "centre"),
        _fig("b", 100, "2017-02", "paper"),
    ]
    found = charts.disagreements(_frame(tmp_path, figures))
    assert list(found["figure_id"]) == ["a", "b"]


@pytest.mark.parametrize(
    ("last", "trend"),
    [("2017-01-01", False), ("2017-01-02", True)],
    ids=["366 days: one period", "367 days: a trend"],
)
def test_a_trend_needs_figures_more_than_a_year_apart(tmp_path, last, trend):
    figures = [_fig("a", 100, "2016-01-01", "centre"), _fig("b", 900, last, "centre")]
    assert bool(charts.trends(_frame(tmp_path, figures))) == trend


def test_a_trend_is_told_for_every_metric_past_a_rate_and_a_short_one(tmp_path):
    figures = [
        _fig("r1", 10, "2014-01", "centre", metric="travelling_per_month"),
        _fig("r2", 90, "2017-01", "centre", metric="travelling_per_month"),
        _fig("d1", 5, "2017-01", "centre", metric="detained"),
        _fig("d2", 9, "2017-03", "centre", metric="detained"),
        _fig("t1", 0, "2014-01", "centre"),
        _fig("t2", 50, "2017-01", "centre"),
    ]
    assert charts.trends(_frame(tmp_path, figures)) == [
        "Travelled rose from 0 (Jan 2014, A Research Centre) to 50 (Jan 2017, A Research Centre)."
    ]


def test_each_end_of_a_trend_is_the_best_figure_of_the_year_before_its_last_day(tmp_path):
    figures = [
        _fig("first", 100, "2015-01-01", "paper"),
        _fig("year-on", 200, "2016-01-01", "interior"),  # a year after the first: not its period
        _fig("year-before", 300, "2018-01-01", "interior"),  # a year before the last: neither
        _fig("last", 500, "2019-01-01", "paper"),
    ]
    assert charts.trends(_frame(tmp_path, figures)) == [
        "Travelled rose from 100 (1 Jan 2015, A Newspaper) to 500 (1 Jan 2019, A Newspaper)."
    ]


@pytest.mark.parametrize(
    ("prosecuted", "convicted", "said"),
    [
        pytest.param(("0", "2013"), ("13", "2019"), True, id="older and below: out of date"),
        pytest.param(("20", "2013"), ("13", "2019"), False, id="older, not below: nothing said"),
        pytest.param(("0", "2019"), ("13", "2013"), False, id="below, not older: nothing said"),
    ],
)
def test_the_summary_says_a_stage_count_is_out_of_date_when_a_later_stage_outruns_it(
    tmp_path, prosecuted, convicted, said
):
    frame = _frame(
        tmp_path,
        [
            _fig("p", int(prosecuted[0]), prosecuted[1], "interior", metric="prosecuted"),
            _fig("c", int(convicted[0]), convicted[1], "interior", metric="convicted"),
        ],
    )
    lines = reference.summary_lines(
        frame, reference.cross_section(frame), ["prosecuted", "convicted"], date(2020, 1, 1)
    )
    out_of_date = (
        "Prosecuted, 0 (2013), is older than and below convicted, 13 (2019): everyone convicted "
        "was prosecuted first, so the prosecuted count is out of date."
    )
    assert lines[2:] == ([out_of_date] if said else [])
