"""Everything the pages draw and the downloads ship, for one small hand-made dataset, compared
with the reviewed files in tests/golden/views/: each view of `returnees.views` (its charts as
Plotly JSON, its tables, notes and cards), the exports, the data package's files and the
briefing pack's HTML.

The dataset is built to reach every branch a reader sees: a count over time, sources that
disagree in one year, a range, bounds, a computed share, a scoped figure, an undated one, a
zero to divide by, aggregates, a page in French with its translation, and an originator of each
standing. A change to what a reader sees changes a file here: `RETURNEES_REGENERATE_EXPECTED=1`
rewrites them, and the diff is what to review.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pyarrow as pa
import pytest

from returnees import brief, datapackage, reference, views
from returnees.frames import (
    cross_section_csv,
    csv_for_people,
    entities,
    export_frame,
    figures_frame,
    sources_frame,
    to_json_text,
)
from returnees.loader import load_dataset
from tests.datasets import assert_golden, figure, originator, source, write_dataset

TODAY = date(2026, 12, 1)
DIGEST = "0123456789abcdef" * 4

SOURCES = [
    source(
        "ministry-2015",
        kind="government_report",
        publisher="Ministry of the Interior",
        title="Annual report on violent extremism",
        authors=[],
        published={"date": "2015-06-01", "printed": True},
    ),
    source(
        "centre-2017",
        kind="research_report",
        publisher="Centre for Tests",
        title="Beyond the test: foreign fighters & <returnees>",
        authors=["R. Barrett", "A. Author"],
        published={"date": "2017-10", "printed": True},
    ),
    source(
        "quotidien-2019",
        kind="news",
        publisher="Le Quotidien",
        title="Les revenants",
        authors=["Jérôme Dupont"],
        published={"date": "2019-03-02", "printed": True},
        language="fr",
        document=None,
        retrieved={"on": "2026-11-30"},
        sha256="ab" * 32,
    ),
    source(
        "daily-2024",
        kind="news",
        publisher="The Daily",
        title="Returnees in court",
        authors=[],
        published={"date": "2024-02-01", "printed": True},
    ),
    source(
        "blog-undated",
        kind="other",
        publisher="A Blog",
        title="How many went?",
        authors=[],
        url=None,
        published={"date": "2016", "printed": False, "basis": "Not printed on the page."},
    ),
    source("index-2020", kind="other", publisher="An Index", no_figures="A list of links."),
    source(
        "wire-2016",
        kind="news",
        publisher="A Wire",
        title="One number: belgian-returnees-counted-by-the-federal-prosecutors-office-in-2016",
        authors=[],
        republishes={
            "publisher": "Le Soir",
            "title": "Un chiffre: combien-de-belges-sont-partis-selon-le-parquet-federal-2016",
            "url": "https://example.org/le-soir/un-chiffre",
        },
    ),
]
ORIGINATORS = [
    originator(
        "interior", name="French Ministry of the Interior", kind="government", country="FRA"
    ),
    originator("centre", name="Centre for Tests", kind="research"),
    originator("paper", name="Le Quotidien", kind="media"),
    originator("eu-body", name="An EU Body", kind="intergovernmental", country="EU"),
    originator("unnamed", name="Not attributed on the page", kind="unknown"),
]


def _fr(id: str, entity: str, metric: str, value: int | None, quote: str, english: str, **f):
    return figure(
        id,
        entity,
        metric,
        value,
        source="quotidien-2019",
        originator="paper",
        as_of="2019-03",
        quote=quote,
        translation=english,
        **f,
    )


FIGURES = [
    # France: an official count over time, a research count, and a paper's, in French.
    figure(
        "min-fra-travelled",
        "FRA",
        "travelled",
        1200,
        source="ministry-2015",
        originator="interior",
        as_of="2015-05",
        quote="Some 1,200 French nationals have travelled.",
        qualifier="about",
        attributed_to="the Minister of the Interior",
    ),
    figure(
        "min-fra-returned",
        "FRA",
        "returned",
        200,
        source="ministry-2015",
        originator="interior",
        as_of="2015-05",
        quote="200 have returned.",
    ),
    figure(
        "centre-fra-travelled",
        "FRA",
        "travelled",
        1910,
        source="centre-2017",
        originator="centre",
        as_of="2017-10",
        quote="France: 1,910 travelled.",
    ),
    figure(
        "centre-fra-returned",
        "FRA",
        "returned",
        271,
        source="centre-2017",
        originator="centre",
        as_of="2017-10",
        quote="France: 271 returned.",
    ),
    figure(
        "centre-fra-travelled-2",
        "FRA",
        "travelled",
        None,
        qualifier="range",
        low=2500,
        high=2700,
        source="centre-2017",
        originator="unnamed",
        as_of="2017-06",
        quote="Between 2,500 and 2,700 left France, by other counts.",
    ),
    _fr(
        "qu-fra-travelled",
        "FRA",
        "travelled",
        1700,
        "Plus de 1 700 Français sont partis.",
        "More than 1,700 French people left.",
        qualifier="more_than",
    ),
    figure(
        "centre-fra-returned-2",
        "FRA",
        "returned",
        400,
        source="centre-2017",
        originator="unnamed",
        as_of="2017-06",
        quote="Others put the number who returned at 400.",
    ),
    _fr(
        "qu-fra-returned",
        "FRA",
        "returned",
        300,
        "Environ 300 sont revenus.",
        "About 300 have come back.",
        qualifier="about",
    ),
    {
        **_fr(
            "qu-fra-detained",
            "FRA",
            "detained",
            None,
            "La moitié de ceux qui sont revenus sont détenus.",
            "Half of those who came back are held.",
        ),
        "derived": {"method": "share", "of": "qu-fra-returned", "share": 0.5, "words": "moitié"},
    },
    figure(
        "daily-fra-convicted-2023",
        "FRA",
        "convicted",
        30,
        source="daily-2024",
        originator="interior",
        as_of="2023-01",
        quote="30 had been convicted by then.",
    ),
    figure(
        "daily-fra-convicted-2022",
        "FRA",
        "convicted",
        20,
        source="daily-2024",
        originator="interior",
        as_of="2022-01",
        quote="20 had been convicted a year before.",
    ),
    figure(
        "daily-fra-convicted",
        "FRA",
        "convicted",
        40,
        source="daily-2024",
        originator="interior",
        as_of="2024-01",
        quote="At least 40 returnees have been convicted.",
        qualifier="at_least",
        attributed_to="the prosecutor's office",
    ),
    # Two metrics the pack leaves out, the one listed second with more figures.
    *(
        figure(
            f"daily-fra-prosecuted-{i}",
            "FRA",
            "prosecuted",
            value,
            source="daily-2024",
            originator="interior",
            as_of=as_of,
            quote=f"{value} have been prosecuted.",
        )
        for i, (value, as_of) in enumerate([(60, "2023-06"), (75, "2024-01")])
    ),
    figure(
        "daily-fra-travelled",
        "FRA",
        "travelled",
        1500,
        source="daily-2024",
        originator="interior",
        as_of="2024-01",
        quote="Some 1,500 left for Syria and Iraq (court-records-of-the-special-terrorism-"
        "chamber-of-the-paris-criminal-court-2023).",
        qualifier="about",
    ),
    # Germany: research counts, a range, a scoped figure.
    figure(
        "centre-deu-travelled",
        "DEU",
        "travelled",
        960,
        source="centre-2017",
        originator="centre",
        as_of="2017-10",
        quote="Germany: 960 travelled.",
    ),
    figure(
        "centre-deu-returned",
        "DEU",
        "returned",
        None,
        qualifier="range",
        low=300,
        high=400,
        source="centre-2017",
        originator="centre",
        as_of="2017-10",
        quote="Between 300 and 400 have returned to Germany.",
    ),
    figure(
        "daily-deu-detained",
        "DEU",
        "detained",
        12,
        source="daily-2024",
        originator="paper",
        as_of="2024-01",
        quote="Twelve women are held.",
        scope="women only",
    ),
    # Iceland: none travelled, five returned (no share can be taken).
    figure(
        "centre-isl-travelled",
        "ISL",
        "travelled",
        0,
        source="centre-2017",
        originator="centre",
        as_of="2017-10",
        quote="Iceland: 0 travelled.",
    ),
    figure(
        "centre-isl-returned",
        "ISL",
        "returned",
        5,
        source="centre-2017",
        originator="centre",
        as_of="2017-10",
        quote="Iceland: 5 returned.",
    ),
    # Tunisia: a large research count; an undated figure from a blog.
    figure(
        "centre-tun-travelled",
        "TUN",
        "travelled",
        6000,
        source="centre-2017",
        originator="centre",
        as_of="2017-10",
        quote="Tunisia: 6,000 travelled.",
        qualifier="more_than",
    ),
    figure(
        "centre-tun-returned",
        "TUN",
        "returned",
        800,
        source="centre-2017",
        originator="centre",
        as_of="2017-10",
        quote="Tunisia: 800 returned.",
    ),
    {
        **figure(
            "centre-tun-detained",
            "TUN",
            "detained",
            None,
            source="centre-2017",
            originator="centre",
            as_of="2017-10",
            quote="A third of those who returned to Tunisia are held.",
        ),
        "derived": {
            "method": "share",
            "of": "centre-tun-returned",
            "share": 0.3333,
            "words": "A third",
        },
    },
    figure(
        "blog-tun-travelled",
        "TUN",
        "travelled",
        7000,
        source="blog-undated",
        originator="unnamed",
        date_unknown=True,
        quote="As many as 7,000 went.",
        qualifier="up_to",
    ),
    # The United Kingdom: one figure, undated (no timeline, no cross-section).
    figure(
        "blog-gbr-travelled",
        "GBR",
        "travelled",
        850,
        source="blog-undated",
        originator="unnamed",
        date_unknown=True,
        quote="Some 850 are said to have gone.",
        qualifier="about",
    ),
    # A source with one figure.
    figure(
        "wire-bel-travelled",
        "BEL",
        "travelled",
        470,
        source="wire-2016",
        originator="paper",
        as_of="2016-02",
        quote="470 Belgians have gone.",
    ),
    # Aggregates: the world and the EU.
    figure(
        "centre-world-travelled",
        "WORLD",
        "travelled",
        40000,
        source="centre-2017",
        originator="centre",
        as_of="2017-10",
        quote="More than 40,000 travelled.",
        qualifier="more_than",
    ),
    figure(
        "centre-world-returned",
        "WORLD",
        "returned",
        5600,
        source="centre-2017",
        originator="centre",
        as_of="2017-10",
        quote="At least 5,600 have returned, women and minors among them.",
        qualifier="at_least",
        includes="women and minors",
    ),
    # The worldwide count of one assessment, reported by a second outlet.
    figure(
        "daily-world-travelled",
        "WORLD",
        "travelled",
        40000,
        source="daily-2024",
        originator="centre",
        as_of="2017-10",
        quote="In 2017 the Centre counted more than 40,000.",
        qualifier="more_than",
    ),
    figure(
        "centre-world-detained",
        "WORLD",
        "detained",
        1200,
        source="centre-2017",
        originator="centre",
        as_of="2017-10",
        quote="About 1,200 men are held.",
        qualifier="about",
        scope="men only",
    ),
    figure(
        "min-world-travelled",
        "WORLD",
        "travelled",
        None,
        qualifier="range",
        low=20000,
        high=31000,
        source="ministry-2015",
        originator="interior",
        as_of="2015-05",
        quote="Between 20,000 and 31,000 people travelled.",
    ),
    figure(
        "daily-eu-travelled",
        "EU",
        "travelled",
        5000,
        source="daily-2024",
        originator="eu-body",
        as_of="2023-12",
        quote="About 5,000 Europeans travelled.",
        qualifier="about",
        attributed_to="the EU's counter-terrorism coordinator",
    ),
    figure(
        "daily-eu-prosecuted",
        "EU",
        "prosecuted",
        900,
        source="daily-2024",
        originator="eu-body",
        as_of="2023-12",
        quote="900 have been prosecuted across the Union.",
    ),
    # A metric only an aggregate has.
    figure(
        "daily-eu-imprisoned",
        "EU",
        "imprisoned_by_isis",
        40,
        source="daily-2024",
        originator="eu-body",
        as_of="2023-12",
        quote="40 Europeans were imprisoned by the group itself.",
    ),
    figure(
        "daily-eu-returned",
        "EU",
        "returned",
        1500,
        source="daily-2024",
        originator="eu-body",
        as_of="2023-12",
        quote="Fewer than 1,500 have returned.",
        qualifier="fewer_than",
    ),
]

CENTRE_2017 = reference.Lens(as_of="2017-12", originator="centre")
AS_OF_2015 = reference.Lens(as_of="2015")


# Built for each test, not once a module: mutation testing runs a test alone, and each test's
# own build is what ties the functions that make the frames to the views that show them.
@pytest.fixture
def frames(tmp_path) -> views.Frames:
    folder = tmp_path / "data"
    result = load_dataset(write_dataset(folder, SOURCES, FIGURES, ORIGINATORS))
    # Only the warning the zero base is there for.
    assert [(p.record, p.severity) for p in result.problems] == [("centre-isl-returned", "warning")]
    figures = figures_frame(result.dataset)
    return views.Frames(
        result.dataset, figures, sources_frame(result.dataset), reference.cross_section(figures)
    )


# --------------------------------------------------------------------------- the snapshot


def plain(value: Any) -> Any:
    """`value` as JSON can hold it, every part kept: figures as Plotly's JSON, frames as their
    columns, types and rows, dataclasses as their fields."""
    if isinstance(value, go.Figure):
        return json.loads(pio.to_json(value.to_dict(), validate=False))
    if isinstance(value, pd.DataFrame):
        return {
            "columns": [str(c) for c in value.columns],
            "dtypes": [str(t) for t in value.dtypes],
            "index": plain(list(value.index)),
            "rows": [plain(list(row)) for row in value.itertuples(index=False)],
        }
    if isinstance(value, pd.Series):
        return {"name": plain(value.name), "items": plain(list(value.items()))}
    if isinstance(value, pa.Table):
        types = [f"{f.name}: {f.type}" for f in value.schema]
        return {"schema": types, "rows": plain(value.to_pylist())}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset | np.ndarray):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return [plain(v) for v in items]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer | np.bool_):
        return value.item()
    if isinstance(value, datetime | date | pd.Timestamp):
        return value.isoformat()
    if isinstance(value, str | int | bool):
        return value
    raise TypeError(f"no snapshot of {type(value).__name__}")


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value if value.endswith("\n") else value + "\n"
    return json.dumps(plain(value), indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def _pack(frames: views.Frames, entity_list: list[str]) -> brief.Brief:
    metrics = brief.default_metrics(frames.figures)
    return brief.plan(
        frames.dataset, frames.figures, entity_list, metrics, DIGEST, TODAY, brief.PACK_FIT
    )


def _pack_html(frames: views.Frames, entity_list: list[str]) -> str:
    plan = _pack(frames, entity_list)
    images = [f"chart {i}".encode() for i, s in enumerate(plan.sections) if s.chart is not None]
    return brief.html(frames.dataset, plan, images)


VIEWS: dict[str, Callable[[views.Frames], Any]] = {
    "entity_names": views.entity_names,
    "present_metrics": lambda f: (views.present_metrics(f), views.present_metrics(f, True)),
    "lens_options": views.lens_options,
    "lens_titles": lambda f: [
        views.lens_title(f, lens) for lens in (reference.LATEST, CENTRE_2017, AS_OF_2015)
    ],
    "originator_names": lambda f: [views.originator_name(f, o) for o in ("centre", "nobody", None)],
    "headlines": views.headlines,
    "overview_bars-aggregates": lambda f: views.overview_bars(f, True),
    "overview_bars-countries": lambda f: views.overview_bars(f, False),
    "overview_bars-countries-all": lambda f: views.overview_bars(f, False, True),
    "overview_bars-centre-2017": lambda f: views.overview_bars(f, False, lens=CENTRE_2017),
    "overview_bars-as-of-2015": lambda f: views.overview_bars(f, False, lens=AS_OF_2015),
    "overview_bars-nothing": lambda f: views.overview_bars(
        f, True, lens=reference.Lens(as_of="2010")
    ),
    "overview_bars-nothing-centre": lambda f: views.overview_bars(
        f, False, lens=reference.Lens(as_of="2010", originator="centre")
    ),
    "overview_table": views.overview_table,
    "overview_table-as-of-2015": lambda f: views.overview_table(f, AS_OF_2015),
    "profile-FRA": lambda f: views.profile(f, "FRA", TODAY),
    "profile-DEU": lambda f: views.profile(f, "DEU", TODAY),
    "profile-TUN": lambda f: views.profile(f, "TUN", TODAY),
    "profile-WORLD": lambda f: views.profile(f, "WORLD", TODAY),
    "profile-EU": lambda f: views.profile(f, "EU", TODAY),
    "profile-GBR": lambda f: views.profile(f, "GBR", TODAY),
    "entity_rows-ISL": lambda f: views.entity_rows(f, "ISL"),
    "entity_rows-none": lambda f: views.entity_rows(f, "XKX"),
    "first_asked": lambda f: [
        (view.__name__, args) for view, args in views.first_asked(f, TODAY, 3)
    ],
    "country_choice": lambda f: [
        views.country_choice(f, asked)
        # A code pycountry knows but no figure has; a name near none.
        for asked in (None, "", "deu", "Germany", "germny", "Atlantis", "ita", "Qqqqzzzz")
    ],
    "ranking-travelled": lambda f: views.ranking(f, "travelled"),
    "ranking-returned-all": lambda f: views.ranking(f, "returned", True),
    "ranking-travelled-per-million": lambda f: views.ranking(f, "travelled", per_million=True),
    "ranking-chosen": lambda f: views.ranking(f, "travelled", chosen=("FRA", "TUN")),
    "ranking-chosen-per-million": lambda f: views.ranking(
        f, "returned", per_million=True, chosen=("DEU", "ISL")
    ),
    "ranking-centre-2017": lambda f: views.ranking(f, "travelled", lens=CENTRE_2017),
    "ranking-none": lambda f: views.ranking(f, "released"),
    "ranking-none-centre-2017": lambda f: views.ranking(f, "released", lens=CENTRE_2017),
    "shares": views.shares,
    "world_map-travelled": lambda f: views.world_map(f, "travelled"),
    "world_map-returned-2015": lambda f: views.world_map(f, "returned", AS_OF_2015),
    "world_map-centre-2017": lambda f: views.world_map(f, "travelled", CENTRE_2017),
    "world_map-chosen-none": lambda f: views.world_map(f, "travelled", chosen=("ITA",)),
    "world_map-chosen": lambda f: views.world_map(f, "travelled", chosen=("FRA", "DEU")),
    "matching_sources": lambda f: [
        list(views.matching_sources(f)["source_id"]),
        # Words, not patterns: "c.ntre" and "(2019" are looked for as written.
        *(
            list(views.matching_sources(f, q)["source_id"])
            for q in ("", "MINISTRY", "test foreign", "2019-03", "xx", "c.ntre", "(2019")
        ),
    ],
    "source_cards": lambda f: views.source_cards(f, 1, 3),
    "source_cards-query": lambda f: views.source_cards(f, 0, 5, "daily"),
    "sources_table": views.sources_table,
    "sources_table-query": lambda f: views.sources_table(f, "daily"),
    "cited_sources": views.cited_sources,
    "data_page": lambda f: views.data_page(f, (("FRA", "DEU"), ("returned",), ()), 1, 2),
    "data_rows": lambda f: list(
        views.data_rows(f, (), ("travelled", "returned"), ("centre-2017",))["figure_id"]
    ),
    "table_rows": lambda f: views.overview_table(f).rows(2, 3),
    "briefing": lambda f: views.briefing(
        f, ("FRA", "ISL", "XKX"), ("travelled", "returned", "detained"), DIGEST, TODAY
    ),
    # The downloads.
    "export.csv": lambda f: csv_for_people(export_frame(f.dataset)),
    "export.json": lambda f: to_json_text(export_frame(f.dataset)),
    "cross_section.csv": lambda f: cross_section_csv(f.latest),
    "cross_section-citations.csv": lambda f: cross_section_csv(f.latest, citations=True),
    "entities": lambda f: entities(f.figures),
    "datapackage": lambda f: datapackage.files(
        f.dataset, DIGEST, datetime(2026, 12, 1, 12, tzinfo=UTC)
    ),
    "pack.html": lambda f: _pack_html(f, ["FRA", "DEU", "TUN", "GBR", "ISL", "BEL"]),
    "pack-charts": lambda f: [s.chart for s in _pack(f, ["FRA", "EU"]).sections],
    "pack-file-names": lambda f: [
        brief.file_name(e) for e in (["FRA"], ["FRA", "DEU"], [], ["WORLD", "EU", "ISL", "TUN"])
    ],
}


@pytest.mark.parametrize("name", VIEWS)
def test_what_a_reader_sees_is_the_reviewed_snapshot(frames, name):
    suffix = "" if "." in name else ".json"
    assert_golden(f"views/{name}{suffix}", _text(VIEWS[name](frames)))
