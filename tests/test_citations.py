"""Citation text exactly as a reader sees it: cards, source cards, headlines, citation lines.

A small dataset holds every kind of figure (a count with an attribution and notes, a range, a
share, a remainder of two parts, a figure of a source read from the web in Italian) and of
source (archived, read from the web with a hash, with no figures). What each builder makes of
it is compared, character for character, with the files in tests/golden/ (HTML with a line
break after each row, so that a change reads as a diff). After a deliberate change of wording
run with RETURNEES_REGENERATE_EXPECTED=1 and review the diff, as for tests/malformed/.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from returnees import citations
from returnees.frames import figures_frame
from returnees.loader import Dataset, load_dataset, load_or_raise
from returnees.schema import Figure, Source
from tests.datasets import TEST_ORIGINATOR, assert_golden, figure, source, write_dataset
from tests.datasets import originator as datasets_originator

ARCHIVED = source(
    "news-2017-returns",
    publisher="Example News",
    title="Foreign fighters come home",
    authors=["Jane Reporter", "John Editor"],
    published={"date": "2017-10-25", "printed": True},
    url="https://news.example.org/returns",
    document="003_news.txt",
    notes="Cites a ministry briefing.",
)
READ = source(
    "brief-2019-prisons",
    publisher="Example Institute",
    title="Returnees in prison",
    authors=[],
    authors_basis="No author is printed.",
    published={
        "date": "2019-03",
        "printed": False,
        "approximate": True,
        "basis": "The archive lists it in March 2019.",
    },
    url="http://institute.example.org/prisons",
    document=None,
    retrieved={"on": "2026-11-20", "read": "The summary page."},
    sha256="ab" * 32,
    language="it",
    kind="policy_brief",
)
EMPTY = source(
    "ngo-2021-no-count",
    publisher="Example NGO",
    title="No numbers",
    url=None,
    document="004_ngo.txt",
    published={"date": "2021", "printed": True},
    no_figures="It gives no counts.",
    kind="other",
)
NEWS = {"source": ARCHIVED["id"]}
FIGURES = [
    figure(
        "news-fra-travelled",
        "FRA",
        "travelled",
        1700,
        quote="1,700 French citizens travelled to Syria and Iraq.",
        attributed_to="the interior ministry",
        notes="A rounded figure.",
        **NEWS,
    ),
    figure(
        "news-fra-returned",
        "FRA",
        "returned",
        qualifier="range",
        low=250,
        high=300,
        as_of="2017-09",
        quote="Between 250 and 300 have come back.",
        **NEWS,
    ),
    figure(
        "news-fra-detained",
        "FRA",
        "detained",
        qualifier="about",
        derived={
            "method": "share",
            "of": "news-fra-travelled",
            "share": 0.1,
            "words": "a tenth of them",
        },
        quote="1,700 French citizens travelled to Syria and Iraq; a tenth of them are held.",
        **NEWS,
    ),
    figure("news-fra-prosecuted", "FRA", "prosecuted", 40, quote="Charged so far: 40", **NEWS),
    figure(
        "news-fra-convicted",
        "FRA",
        "convicted",
        derived={"method": "share", "of": "news-fra-prosecuted", "share": 0.5, "words": "half"},
        quote="Charged so far: 40, and half convicted.",
        **NEWS,
    ),
    figure(
        "news-fra-released",
        "FRA",
        "released_on_probation",
        derived={
            "method": "remainder",
            "of": "news-fra-travelled",
            "minus": ["news-fra-detained", "news-fra-prosecuted"],
            "words": "the others",
        },
        quote="The others are free.",
        **NEWS,
    ),
    figure(
        "brief-ita-detained",
        "ITA",
        "detained",
        3,
        source=READ["id"],
        quote="tre italiani sono in carcere.",
        translation="three Italians are in prison.",
        verified={"by": "Test suite", "on": "2026-11-21"},
    ),
]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Dataset:
    folder = write_dataset(tmp_path_factory.mktemp("citations"), [ARCHIVED, READ, EMPTY], FIGURES)
    result = load_dataset(folder)
    assert result.problems == []
    return result.dataset


def _assert_golden(name: str, text: str) -> None:
    # One line a row, item, quote, table or box: a reviewer reads the diff of one of them.
    shown = re.sub(r"(</tr>|</li>|</blockquote>|</table>|</div>)", r"\1\n", text)
    assert_golden(name, shown if shown.endswith("\n") else shown + "\n")


@pytest.mark.parametrize("figure_id", [f["id"] for f in FIGURES])
def test_the_citation_card_of_each_kind_of_figure(dataset, figure_id):
    _assert_golden(f"card-{figure_id}.html", citations.citation_html(dataset, figure_id))


@pytest.mark.parametrize(
    ("source_id", "figures"),
    [("news-2017-returns", 6), ("brief-2019-prisons", 1), ("ngo-2021-no-count", 0)],
)
def test_the_card_of_each_kind_of_source(dataset, source_id, figures):
    _assert_golden(
        f"source-{source_id}.html", citations.source_html(dataset.sources[source_id], figures)
    )


def test_the_dataset_citation_names_its_size_date_version_and_access_date(dataset):
    assert citations.dataset_citation(dataset, "0123456789abcdef", "1 December 2026") == (
        "Returnee Figures: reported numbers of ISIS foreign fighters who travelled, returned and "
        "were detained (7 figures from 3 sources; last updated 2026-11-21; data version "
        f"0123456789ab; software version {citations.software_version()}). "
        "Accessed 1 December 2026."
    )


def test_the_data_was_last_updated_the_latest_day_a_figure_was_checked(dataset):
    assert citations.last_updated(dataset) == date(2026, 11, 21)
    assert citations.last_updated_text(dataset) == "Data last updated 21 Nov 2026"


@pytest.mark.parametrize(
    ("figure_id", "expected"),
    [
        pytest.param(
            "news-fra-detained",
            "“a tenth of them” × 1,700 (travelled, 25 Oct 2017): 0.1 × 1700 = 170, shown as about "
            "170. Computed by Returnee Figures.",
            id="a share, about",
        ),
        pytest.param(
            "news-fra-convicted",
            "“half” × 40 (prosecuted, 25 Oct 2017): 0.5 × 40 = 20, shown as 20. Computed by "
            "Returnee Figures.",
            id="a share, exact",
        ),
        pytest.param(
            "news-fra-released",
            "“the others”: 1,700 (travelled, 25 Oct 2017) − about 170 (computed; detained, "
            "25 Oct 2017) − 40 (prosecuted, 25 Oct 2017) = 1,490. Computed by Returnee Figures.",
            id="a remainder of two parts",
        ),
        pytest.param("news-fra-travelled", None, id="a count: none"),
    ],
)
def test_the_arithmetic_of_a_computed_figure(dataset, figure_id, expected):
    assert citations.arithmetic(dataset, dataset.figure(figure_id)) == expected


def test_the_arithmetic_names_a_figure_of_another_country_by_its_country(tmp_path):
    world = figure("w", "WORLD", "travelled", 40000, as_of="2017-10")
    share = {"method": "share", "of": "w", "share": 0.5, "words": "half of them"}
    half = figure("h", "EU", "travelled", quote="half of them", derived=share, as_of="2017-10")
    dataset = load_dataset(write_dataset(tmp_path, [source()], [world, half])).dataset
    assert citations.arithmetic(dataset, dataset.figure("h")) == (
        "“half of them” × 40,000 (World (all countries reported), travelled, Oct 2017): 0.5 × "
        "40000 = 20000, shown as 20,000. Computed by Returnee Figures."
    )


def test_the_arithmetic_of_a_share_of_a_bound_shows_it_open(tmp_path):
    # "around 40%" of "more than 900" is shown as "about 360 or more", and said so here too
    went = figure("w", "GBR", "travelled", 900, qualifier="more_than", as_of="2019-11")
    share = {"method": "share", "of": "w", "share": 0.4, "words": "around 40%"}
    back = figure("b", "GBR", "returned", qualifier="about", quote="around 40%", derived=share)
    dataset = load_dataset(write_dataset(tmp_path, [source()], [went, back])).dataset
    assert citations.arithmetic(dataset, dataset.figure("b")) == (
        "“around 40%” × more than 900 (travelled, Nov 2019): 0.4 × 900 = 360, shown as about 360 "
        "or more. Computed by Returnee Figures."
    )


@pytest.mark.parametrize(
    ("figure_id", "segments"),
    [
        pytest.param(
            "news-fra-travelled",
            [("1,700", True), (" French citizens travelled to Syria and Iraq.", False)],
            id="the number first",
        ),
        pytest.param(
            "news-fra-prosecuted", [("Charged so far: ", False), ("40", True)], id="the number last"
        ),
        pytest.param(
            "news-fra-returned",
            [
                ("Between ", False),
                ("250", True),
                (" and ", False),
                ("300", True),
                (" have come back.", False),
            ],
            id="a range: both bounds",
        ),
        pytest.param(
            "news-fra-convicted",
            [("Charged so far: 40, and ", False), ("half", True), (" convicted.", False)],
            id="a derived figure: its words, not the base's number",
        ),
        pytest.param(
            "brief-ita-detained",
            [("tre", True), (" italiani sono in carcere.", False)],
            id="a number word in the source's language",
        ),
    ],
)
def test_the_quote_is_split_at_what_states_the_figure(dataset, figure_id, segments):
    assert citations.quote_segments(dataset, dataset.figure(figure_id)) == segments


@pytest.mark.parametrize(
    ("figure_id", "expected"),
    [
        pytest.param("news-fra-travelled", "25 Oct 2017", id="the source's date"),
        pytest.param("news-fra-returned", "Sep 2017", id="its own as-of date"),
        pytest.param("brief-ita-detained", "c. Mar 2019", id="an approximate source date"),
    ],
)
def test_the_as_of_date_of_a_figure(dataset, figure_id, expected):
    figure_ = dataset.figure(figure_id)
    assert citations.as_of_text(figure_, dataset.sources[figure_.source]) == expected


# --------------------------------------------------------------------------- headlines


def _others(count: int) -> pd.DataFrame:
    """Other sources' figures for a headline: the most recent is the last written."""
    return pd.DataFrame(
        {
            "as_of_sort": list(range(count)),
            "figure_id": [f"src-{i}-fra-travelled" for i in range(count)],
            "value_text": [f"{i + 1}00" for i in range(count)],
            "source_short": [f"Source {i} (2020)" for i in range(count)],
            "originator": [f"centre-{i}" for i in range(count)],
            "originator_name": [f"Centre {i}" for i in range(count)],
            "as_of_text": [f"{2010 + i}" for i in range(count)],
        }
    )


@pytest.mark.parametrize(
    ("name", "others"),
    [
        pytest.param("none", 0, id="no other source"),
        pytest.param("five", 5, id="five others: all listed"),
        pytest.param("seven", 7, id="seven others: five listed, two counted"),
    ],
)
def test_a_headline_lists_the_most_recent_other_figures(dataset, name, others):
    frame = figures_frame(dataset)
    picked = frame[frame.figure_id == "news-fra-travelled"].iloc[0]
    html = citations.headline_html("France: travelled", picked, _others(others))
    _assert_golden(f"headline-{name}.html", html)


def test_other_figures_of_the_same_date_are_listed_in_the_frames_order(dataset):
    frame = figures_frame(dataset)
    picked = frame[frame.figure_id == "news-fra-travelled"].iloc[0]
    others = _others(6).assign(as_of_sort=[0, 1, 2, 0, 1, 2])
    html = citations.headline_html("France: travelled", picked, others)
    listed = re.findall(r"\?figure=src-(\d)-fra-travelled", html)
    assert listed == ["2", "5", "1", "4", "0"]  # a default sort puts 5 before 2, 4 before 1


def test_a_cards_rows_turn_every_piece_of_data_text_into_html_with_the_escape_given(tmp_path):
    # The briefing pack passes its own escape; the title and both bases are data text too.
    basis = {"date": "2020", "printed": False, "basis": "From the archive"}
    read = source(authors=[], authors_basis="No byline", published=basis)
    result = load_dataset(write_dataset(tmp_path, [read], [figure("src-a", "FRA", "travelled", 5)]))
    dataset = result.dataset
    rows = citations.figure_rows(dataset, dataset.figure("src-a"), escape=lambda t: f"[{t}]")
    assert rows[:4] == [
        (
            "Whose count",
            "[Research assessment: Originator test-centre (research centre or scholar)]",
        ),
        (
            "Source",
            '[Test Publisher]: “<a href="https://example.org/report" target="_blank" '
            'rel="noopener noreferrer nofollow">[A Report]</a>”',
        ),
        ("Authors", '[Author unknown (none printed)]<br><span class="cc-basis">[No byline]</span>'),
        (
            "Published",
            '[2020 (not printed; looked up)]<br><span class="cc-basis">[From the archive]</span>',
        ),
    ]


@pytest.mark.parametrize(
    ("parts", "text"),
    [
        pytest.param(
            ["Attributed to Agency X", None, ""], "Attributed to Agency X.", id="a letter"
        ),
        pytest.param(["Held.", "Why?", "Now!"], "Held. Why? Now!", id="already ended"),
        pytest.param(["Quote: “12 men”", 'Said "yes"'], 'Quote: “12 men” Said "yes"', id="quoted"),
    ],
)
def test_each_part_of_a_note_ends_as_a_sentence_once(parts, text):
    assert citations._sentences(parts) == text


@pytest.mark.parametrize(
    ("countries", "said"),
    [
        (0, "No source in the dataset reports this."),
        (1, "No source gives a worldwide count; 1 country has one of their own (Compare ranks "),
        (19, "No source gives a worldwide count; 19 countries have one of their own (Compare "),
    ],
)
def test_a_headline_no_source_reports_says_so_and_how_many_countries_have_their_own(
    countries, said
):
    card = citations.headline_html("Worldwide: detained", None, _others(0), countries)
    assert card.startswith(
        '<div class="rf-headline"><div class="rf-h-label">Worldwide: detained</div>'
        f'<div class="rf-h-source">{said}'
    )


# --------------------------------------------------------------------------- source lines


def _sources_dataset(folder: Path, marks: list[int]) -> Dataset:
    """One source a year from 2011, the i-th behind marks[i] figures, each page printing the
    count of a body of its own (body-i, a research centre)."""
    sources, figures = [], []
    for i, count in enumerate(marks):
        sid = f"src-{2011 + i}-report"
        sources.append(
            source(sid, publisher=f"Outlet {i}", published={"date": str(2011 + i), "printed": True})
        )
        for j in range(count):
            figures.append(
                figure(f"{sid}-{j}", "FRA", "travelled", 10 + j, source=sid, originator=f"body-{i}")
            )
    result = load_dataset(write_dataset(folder, sources, figures))
    assert result.errors == []
    return result.dataset


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        pytest.param(
            [1, 2],
            "Sources: Originator body-1 (2012), via Outlet 1; Originator body-0 (2011), via "
            "Outlet 0. Compiled by Returnee Figures.",
            id="two counts, the one behind more marks first, each with its page",
        ),
        pytest.param(
            [3, 1, 2],
            "Sources: Originator body-0 (2011), via Outlet 0; Originator body-2 (2013), via "
            "Outlet 2; Originator body-1 (2012), via Outlet 1. Compiled by Returnee Figures.",
            id="three counts: all named",
        ),
        pytest.param(
            [3, 1, 1, 2],
            "Sources: Originator body-0 (2011), via Outlet 0; Originator body-3 (2014), via "
            "Outlet 3; Originator body-1 (2012), via Outlet 1; Originator body-2 (2013), via "
            "Outlet 2. Compiled by Returnee Figures.",
            id="four counts: the fourth named, not 'and 1 more'",
        ),
        pytest.param(
            [3, 1, 1, 1, 1, 1, 2],
            "Sources: Originator body-0 (2011), via Outlet 0; Originator body-6 (2017), via "
            "Outlet 6; and 5 more (each mark names its own; all are on the Sources page). "
            "Compiled by Returnee Figures.",
            id="seven counts: those behind several marks, not one behind a single mark",
        ),
        pytest.param(
            [1, 1, 1, 1, 1, 1, 1, 4],
            "Sources: Originator body-7 (2018), via Outlet 7; and 7 more (each mark names its "
            "own; all are on the Sources page). Compiled by Returnee Figures.",
            id="eight counts: the one behind several marks named, seven counted",
        ),
    ],
)
def test_a_source_line_names_at_most_three_counts_behind_most_marks(tmp_path, marks, expected):
    dataset = _sources_dataset(tmp_path, marks)
    assert citations.source_line(dataset, [f.id for f in dataset.figures]) == expected


def _line(
    tmp_path, sources: list[dict], figures: list[dict], originators: list[dict] | None
) -> str:
    result = load_dataset(write_dataset(tmp_path, sources, figures, originators))
    assert result.errors == [], result.errors
    return citations.source_line(result.dataset, [f["id"] for f in figures])


def test_a_source_line_puts_an_official_count_before_a_blogs_own_number(tmp_path):
    sources = [
        source("blog-2020-post", publisher="some-blog.example", url="https://blog.example/p"),
        source("wire-2019-story", publisher="Wire", url="https://wire.example/s"),
    ]
    figures = [
        figure("b-1", "FRA", "travelled", 9, source="blog-2020-post", originator="nobody"),
        figure("b-2", "DEU", "travelled", 8, source="blog-2020-post", originator="nobody"),
        figure("w-1", "BEL", "travelled", 7, source="wire-2019-story", originator="ministry"),
    ]
    originators = [
        datasets_originator("nobody", name="Not attributed on the page", kind="unknown"),
        datasets_originator(
            "ministry", name="Belgium's Ministry", kind="government", country="BEL"
        ),
    ]
    assert _line(tmp_path, sources, figures, originators) == (
        "Sources: Belgium's Ministry (2020), via Wire; some-blog.example (4 May 2020). "
        "Compiled by Returnee Figures."
    )


def test_a_source_line_names_no_single_mark_count_beside_counts_of_several(tmp_path):
    entities = ["FRA", "DEU", "BEL", "NLD", "SWE", "DNK", "AUT"]
    figures = [
        figure(f"f-{i}", entity, "travelled", 9, originator="big" if i < 2 else f"one-{i}")
        for i, entity in enumerate(entities)
    ]
    assert _line(tmp_path, [source()], figures, None) == (
        "Sources: Originator big (2020), via Test Publisher; and 5 more (each mark names its "
        "own; all are on the Sources page). Compiled by Returnee Figures."
    )


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        pytest.param(
            [("centre-2015-report", "The Centre's Unit", "https://www.centre.example/r")],
            "Source: The Centre (2020). Compiled by Returnee Figures.",
            id="its own site: no 'via'",
        ),
        pytest.param(
            [("unit-2015-report", "The Centre's Unit", "https://unit.centre.example/r")],
            "Source: The Centre (2020), via The Centre's Unit. Compiled by Returnee Figures.",
            id="another site: 'via'",
        ),
        pytest.param(
            [("mirror-2015-report", "The Centre", "https://mirror.example/r")],
            "Source: The Centre (2020). Compiled by Returnee Figures.",
            id="a page it publishes elsewhere: no 'via'",
        ),
        pytest.param(
            [
                ("a-2015-story", "A", "https://a.example/s"),
                ("b-2015-story", "B", "https://b.example"),
            ],
            "Source: The Centre (2020), via A and B. Compiled by Returnee Figures.",
            id="two pages print it: both named",
        ),
        pytest.param(
            [(f"{x}-2015-story", x.upper(), f"https://{x}.example/s") for x in "abc"],
            "Source: The Centre (2020), via 3 pages. Compiled by Returnee Figures.",
            id="three pages: counted, none picked out",
        ),
    ],
)
def test_a_source_line_names_the_body_and_the_pages_that_print_its_count(tmp_path, pages, expected):
    sources = [source(sid, publisher=name, url=url) for sid, name, url in pages]
    figures = [
        figure(f"f-{i}", entity, "travelled", 9, source=sid, originator="centre")
        for i, ((sid, _, _), entity) in enumerate(zip(pages, ["FRA", "DEU", "BEL"], strict=False))
    ]
    centre = datasets_originator("centre", name="The Centre", url="https://centre.example/")
    assert _line(tmp_path, sources, figures, [centre]) == expected


def test_a_source_line_names_counts_of_as_many_marks_oldest_first(tmp_path):
    figures = [
        figure("f-1", "FRA", "travelled", 9, as_of="2019", originator="a-later"),
        figure("f-2", "DEU", "travelled", 9, as_of="2011", originator="z-earlier"),
    ]
    assert _line(tmp_path, [source()], figures, None).startswith(
        "Sources: Originator z-earlier (2011), via Test Publisher; Originator a-later (2019)"
    )


@pytest.mark.parametrize(
    ("as_ofs", "years"),
    [
        pytest.param(["2014", "2014-06"], "2014", id="one year"),
        pytest.param(["2017", "2014-06", "2015"], "2014–2017", id="the years it spans"),
        pytest.param([None, "2015"], "2015", id="an undated count adds no year"),
        pytest.param([None], "date not given", id="none dated"),
    ],
)
def test_a_source_line_gives_the_years_a_bodys_counts_are_of(tmp_path, as_ofs, years):
    entities = ["FRA", "DEU", "BEL"]
    figures = [
        figure(f"f-{i}", entities[i], "travelled", 9, as_of=when)
        if when
        else figure(f"f-{i}", entities[i], "travelled", 9, date_unknown=True)
        for i, when in enumerate(as_ofs)
    ]
    line = _line(tmp_path, [source()], figures, [datasets_originator()])
    assert line.startswith(f"Source: Originator {TEST_ORIGINATOR} ({years}), via Test Publisher.")


def test_a_headline_says_whose_count_it_is_of_when_and_who_reported_it(dataset):
    frame = figures_frame(dataset)
    picked = frame[frame.figure_id == "news-fra-returned"].iloc[0]
    html = citations.headline_html("France: returned", picked, _others(0))
    assert (
        '<div class="rf-h-source">Research assessment: Originator test-centre, as of Sep 2017 · '
        "reported by Example News (25 Oct 2017)</div>"
    ) in html
    assert '<div class="rf-h-counts">Counts: everyone the source counts' in html


def test_one_assessment_reported_by_several_outlets_is_listed_once(dataset):
    frame = figures_frame(dataset)
    picked = frame[frame.figure_id == "news-fra-travelled"].iloc[0]
    same = _others(4).assign(
        originator="centre-x", originator_name="Centre X", as_of_text="2016", value_text="900"
    )
    html = citations.headline_html("France: travelled", picked, same)
    assert html.count("<li>") == 1
    assert (
        "900</a> · Centre X, 2016; reported by Source 3 (2020), Source 2 (2020) and 2 others"
    ) in html


def test_a_source_card_without_figures_or_a_reason_says_no_figures(dataset):
    quiet = dataset.sources["news-2017-returns"]  # its reason is checked by the loader
    assert citations.source_html(quiet, 0).endswith(
        '<div class="rf-count"><strong>No figures from this source. </strong></div></div>'
    )


@pytest.mark.parametrize(
    ("fields", "value", "expected"),
    [
        pytest.param({"value": 181, "scope": "men only"}, 181, "181 (men only)", id="a scope"),
        pytest.param(
            {
                "derived": {"method": "share", "of": "src-b", "share": 0.5, "words": "half"},
                "scope": "men only",
            },
            90.5,
            "91 (computed; men only)",
            id="computed, with a scope",
        ),
    ],
)
def test_a_value_says_whom_it_is_limited_to(fields, value, expected):
    model = Figure(**figure("src-a", "FRA", "travelled", quote="half", **fields))
    assert citations.value_text(model, value) == expected


def test_outlets_dating_one_assessment_to_the_day_or_the_month_report_it_once(dataset):
    frame = figures_frame(dataset)
    picked = frame[frame.figure_id == "news-fra-travelled"].iloc[0]
    days = pd.to_datetime(["2017-10-25", "2017-10-01", "2017-10-01"])
    others = _others(3).assign(
        originator=["soufan", "soufan", "nobody"],
        originator_kind=["research", "research", "unknown"],
        originator_name=["The Soufan Center", "The Soufan Center", "Not attributed"],
        value_text="more than 40,000",
        as_of_sort=days,
    )
    html = citations.headline_html("World: travelled", picked, others)
    assert html.count("<li>") == 2  # the Soufan Center's once; the unattributed one apart
    assert "reported by Source 0 (2020) and Source 1 (2020)" in html


@pytest.mark.parametrize(
    ("value", "shown"),
    [(46.5, "47"), (45.5, "46"), (0.5, "1"), (46.49, "46"), (3417, "3,417"), (341.7, "342")],
)
def test_a_computed_value_rounds_half_up_as_a_person_rounds(value, shown):
    assert citations.number(value) == shown


@pytest.mark.parametrize(
    ("outlets", "said"),
    [
        (["A"], "A"),
        (["A", "B", "A"], "A and B"),
        (["A", "B", "C"], "A, B and 1 other"),
        (["A", "B", "C", "D"], "A, B and 2 others"),
    ],
)
def test_the_outlets_of_one_assessment_are_named_up_to_two(outlets, said):
    assert citations.reported_by(outlets) == said


def test_one_originators_number_of_one_month_is_one_assessment_however_many_outlets(tmp_path):
    sources = [source("s1"), source("s2"), source("s3")]
    figures = [
        figure("a", "FRA", "travelled", 900, source="s1", as_of="2017-03-02"),
        figure("b", "FRA", "travelled", 900, source="s2", as_of="2017-03"),
        figure("c", "FRA", "travelled", 900, source="s3", as_of="2017-04"),  # another month
        figure("u1", "FRA", "travelled", 800, source="s1", as_of="2017-03", originator="anon"),
        figure("u2", "FRA", "travelled", 800, source="s2", as_of="2017-03", originator="anon"),
    ]
    anon = {"id": "anon", "name": "Not attributed on the page", "kind": "unknown"}
    folder = write_dataset(tmp_path, sources, figures, [datasets_originator(), anon])
    found = citations.assessments(figures_frame(load_dataset(folder).dataset))
    assert [(first.figure_id, len(outlets)) for first, outlets in found] == [
        ("c", 1),
        ("a", 2),  # 2 March and March: one month
        ("u1", 1),  # unattributed numbers are never merged
        ("u2", 1),
    ]


@pytest.mark.parametrize(
    ("whom", "text"),
    [
        ({"includes": "women and minors"}, "300 (incl. women and minors)"),
        ({"scope": "adults only"}, "300 (adults only)"),
        ({"scope": "all arrests", "takes_in_others": True}, "300 (all arrests)"),
    ],
)
def test_a_figure_says_whom_it_counts(whom, text):
    record = figure("f", "FRA", "returned", 300, **whom)
    assert citations.value_text(Figure.model_validate(record), 300) == text


def test_a_card_says_a_count_that_takes_in_others_is_shown_on_no_chart(tmp_path):
    wider = figure("f", "IND", "detained", 155, scope="all arrests", takes_in_others=True)
    plain = figure("g", "IND", "detained", 155, scope="adults only")
    dataset = load_dataset(write_dataset(tmp_path, [source()], [wider, plain])).dataset
    assert (
        "<th>Whom it counts</th><td>Others too (all arrests), so no chart shows it as its "
        "country&#x27;s detained figure</td>"
    ) in citations.citation_html(dataset, "f")
    assert "Whom it counts" not in citations.citation_html(dataset, "g")


def test_a_card_says_a_count_of_one_occasion_is_shown_on_no_chart(tmp_path):
    flight = figure("f", "MDV", "returned", 21, scope="one repatriation flight", one_occasion=True)
    dataset = load_dataset(write_dataset(tmp_path, [source()], [flight])).dataset
    assert (
        "<th>Whom it counts</th><td>One occasion only (one repatriation flight), so no chart shows "
        "it as its country&#x27;s returned figure</td>"
    ) in citations.citation_html(dataset, "f")


def test_an_undated_figure_is_stated_before_its_sources_date_approximate_or_not():
    looked_up = {"date": "2019", "printed": False, "approximate": True, "basis": "Looked up."}
    undated = Figure.model_validate(figure("f", "FRA", "returned", 300, date_unknown=True))
    approximate = Source.model_validate(source(published=looked_up))
    printed = Source.model_validate(source(published={"date": "2019-05-04", "printed": True}))
    said = "date not given; stated before "
    assert citations.as_of_text(undated, approximate) == said + "c. 2019"
    assert citations.as_of_text(undated, printed) == said + "4 May 2019"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("three Italians are in prison.", "“three Italians are in prison.”"),
        ('"In total, 14 women."', '"In total, 14 women."'),
        ('"In total, 14 women".', '"In total, 14 women".'),
        ("“In total, 14 women.”", "“In total, 14 women.”"),
        ("«Au total, 14 femmes»", "«Au total, 14 femmes»"),
        ("„Insgesamt 14 Frauen“", "„Insgesamt 14 Frauen“"),
        ("‘Fourteen women.’", "‘Fourteen women.’"),
        # closed early: its last words are the page's, not ours
        ('"In total, 14 women," Sybiha said.', '“"In total, 14 women," Sybiha said.”'),
        ("'90s returnees came back.", "“'90s returnees came back.”"),  # an elision
        ("14 “returnees” came back.", "“14 “returnees” came back.”"),
        ('"', '“"”'),
        ("", "“”"),
    ],
)
def test_a_quote_held_whole_in_its_own_quotation_marks_gets_no_second_pair(text, shown):
    assert citations.in_quotes(text) == shown


def test_a_translation_of_a_quoted_speech_is_shown_with_its_own_marks_and_cited_set_off(
    tmp_path,
):
    spoken = figure(
        "news-fra-spoken",
        "FRA",
        "returned",
        14,
        source=READ["id"],
        quote="« Au total, 14 femmes sont rentrées », a dit le ministre.",
        translation='"In total, 14 women have come back," the minister said.',
        verified={"by": "Test suite", "on": "2026-11-21"},
    )
    result = load_dataset(write_dataset(tmp_path, [READ], [spoken]))
    assert result.problems == []
    card = citations.citation_html(result.dataset, "news-fra-spoken")
    assert "&quot;In total, 14 women have come back,&quot; the minister said." in card
    assert "“&quot;" not in card
    (spoken_figure,) = result.dataset.figures
    note = citations.figure_note(result.dataset, spoken_figure)
    assert "Quote: “« Au total, 14 femmes sont rentrées », a dit le ministre.”" in note
    assert 'Our translation: “"In total, 14 women have come back," the minister said.”' in note


def test_a_note_names_another_figure_by_what_a_reader_can_find_not_its_id(tmp_path):
    figures = [
        figure("tun-returned", "TUN", "returned", 800),  # dated by its page, 4 May 2020
        figure(
            "tun-detained",
            "TUN",
            "detained",
            190,
            as_of="2017-04-22",
            notes="Of the 800 returnees (tun-returned); a well-known non-id stays.",
        ),
    ]
    dataset = load_or_raise(write_dataset(tmp_path, [source()], figures))
    assert citations.named_records(dataset, dataset.figure("tun-detained").notes) == (
        "Of the 800 returnees (Tunisia, returned: 800, 4 May 2020); a well-known non-id stays."
    )


def test_a_republished_pages_original_title_is_escaped_as_the_caller_asks():
    # The pack's escape lets a very long word break; the original's title gets it too.
    page = Source.model_validate(
        source(
            "repost-2018",
            republishes={
                "publisher": "Original Outlet",
                "title": "Original title",
                "url": "https://original.example.org/a",
            },
        )
    )
    shown = dict(citations.source_rows(page, lambda text: f"[{text}]"))["Source"]
    assert "[Original title]" in shown
