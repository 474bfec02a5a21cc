"""Citations people paste (text, BibTeX, RIS, CSL-JSON) and CITATION.cff: built from the models
through returnees.citations, read back by other people's parsers, hostile text kept as text."""

from __future__ import annotations

import json

import bibtexparser
import pytest
import rispy
import yaml
from bibtexparser import middlewares
from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
from citeproc.source.json import CiteProcJSON

from returnees import citations
from returnees.loader import PROJECT_ROOT, Dataset, load_dataset
from tests.conftest import DATA_DIR
from tests.datasets import (
    HOSTILE_FRA_DERIVED,
    HOSTILE_PAYLOADS,
    HOSTILE_WORLD,
    assert_golden,
    figure,
    source,
    write_dataset,
    write_hostile_dataset,
)

# What BibTeX treats specially, and text that other formats would take for markup.
LATEX_SPECIALS = r"\ { } % & $ # _"
HOSTILE_TITLE = " ".join((*HOSTILE_PAYLOADS[:-1], LATEX_SPECIALS, "ER  - TY  - GEN", "@misc{x,"))


@pytest.fixture(scope="module")
def shipped() -> Dataset:
    return load_dataset(DATA_DIR).dataset


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Dataset:
    folder = write_hostile_dataset(tmp_path_factory.mktemp("hostile") / "data", HOSTILE_PAYLOADS)
    return load_dataset(folder).dataset


@pytest.fixture(scope="module")
def titled(tmp_path_factory) -> Dataset:
    """One figure whose source's title is HOSTILE_TITLE (with a line break in it)."""
    folder = tmp_path_factory.mktemp("titled") / "data"
    title = HOSTILE_TITLE.replace(" ER  -", "\nER  -")
    write_dataset(folder, [source(title=title)], [figure("src-fra-returned", "FRA", "returned", 5)])
    return load_dataset(folder).dataset


def _bibtex_fields(text: str) -> dict:
    """The entry as bibtexparser reads it, LaTeX decoded; `url` as written (it is verbatim)."""
    raw, decoded = (
        bibtexparser.parse_string(text, append_middleware=stack)
        for stack in ([], [middlewares.LatexDecodingMiddleware()])
    )
    assert not raw.failed_blocks, raw.failed_blocks
    (entry,) = decoded.entries
    fields = {"key": entry.key, "type": entry.entry_type, **entry.fields_dict}
    if "url" in fields:
        fields["url"] = raw.entries[0].fields_dict["url"]
    return fields


def _value(fields: dict, name: str) -> str:
    return fields[name].value


# --------------------------------------------------------------------------- round trips


def test_a_hostile_title_round_trips_through_bibtex(titled):
    fields = _bibtex_fields(citations.bibtex(titled, "src-fra-returned"))
    # Braced twice in the file (styles keep its capitals); LaTeX decoding drops the braces.
    assert _value(fields, "title") == HOSTILE_TITLE
    assert fields["key"] == "src-fra-returned"


def test_a_hostile_title_round_trips_through_ris(titled):
    (record,) = rispy.loads(citations.ris(titled, "src-fra-returned"))
    assert record["title"] == HOSTILE_TITLE  # the line break did not end the field
    assert record["id"] == "src-fra-returned"
    assert record["type_of_reference"] == "NEWS"


def test_a_hostile_title_round_trips_through_csl_json_and_citeproc(titled):
    (item,) = json.loads(citations.csl_json(titled, "src-fra-returned"))
    assert item["title"] == HOSTILE_TITLE
    # Another program formats the file with citeproc-py: the title is there as written.
    bibliography = CitationStylesBibliography(
        citations._style(), CiteProcJSON([item]), formatter.plain
    )
    bibliography.register(Citation([CitationItem(item["id"])]))
    assert HOSTILE_TITLE in str(bibliography.bibliography()[0])


def test_a_hostile_title_stays_plain_text_in_the_citation_to_copy(titled):
    text = citations.citation_text(titled, "src-fra-returned")
    assert HOSTILE_TITLE in text  # shown in a code block: never parsed as Markdown or HTML
    assert text.count("\n") == 1  # the reference, then what it is cited for


def test_bibtex_escapes_what_latex_would_read(titled):
    text = citations.bibtex(titled, "src-fra-returned")
    assert r"\textbackslash{} \{ \} \% \& \$ \# \_" in text
    assert text.count("{") - text.count(r"\{") == text.count("}") - text.count(r"\}")


@pytest.mark.parametrize(
    ("text", "written"),
    [
        pytest.param("a^b", r"a\textasciicircum{}b", id="caret"),
        pytest.param("a~b", r"a\textasciitilde{}b", id="tilde"),
        pytest.param("50% & more", r"50\% \& more", id="percent and ampersand"),
    ],
)
def test_bibtex_writes_special_characters_as_latex_prints_them(tmp_path, text, written):
    data = write_dataset(
        tmp_path / "data", [source(title=text)], [figure("src-fra-returned", "FRA", "returned", 5)]
    )
    entry = citations.bibtex(load_dataset(data).dataset, "src-fra-returned")
    assert f"title = {{{{{written}}}}}" in entry


@pytest.mark.parametrize("figure_id", [HOSTILE_WORLD, HOSTILE_FRA_DERIVED])
def test_every_format_keeps_every_hostile_payload_as_text(hostile, figure_id):
    bib = _bibtex_fields(citations.bibtex(hostile, figure_id))
    (ris,) = rispy.loads(citations.ris(hostile, figure_id))
    (item,) = json.loads(citations.csl_json(hostile, figure_id))
    copied = citations.citation_text(hostile, figure_id)
    for payload in HOSTILE_PAYLOADS:
        assert payload in _value(bib, "title")
        assert payload in ris["title"]
        assert payload in item["title"] and payload in item["note"]
        assert payload in copied
    assert _value(bib, "url") == citations.csl_item(hostile, figure_id)["URL"].replace(" ", "%20")


# --------------------------------------------------------------------------- what they say


def test_the_citation_names_the_source_and_what_it_is_cited_for(shipped):
    text = citations.citation_text(shipped, "rfn-rus-returned")
    reference, cited = text.split("\n")
    assert reference.startswith("Report Focus News (2017) ‘5,700 'have returned home'")
    assert "Available at: https://reportfocusnews.com/2017/10/25/" in reference
    assert cited.startswith("Cited for: Russian Federation, returned: about 342 (computed)")
    assert "Quote: “Ten percent of the Russians went back" in cited
    assert "0.1 × 3417 = 341.7" in cited
    day = citations.last_updated(shipped)
    assert cited.endswith(
        f"Figure rfn-rus-returned in Returnee Figures. Data last updated {day.day} {day:%b %Y}."
    )
    # With the app's address, the figure's permalink: wherever on the app it was copied from.
    with_link = citations.citation_text(
        shipped, "rfn-rus-returned", "https://figures.example.org/map?as_of=2017"
    )
    assert with_link.endswith(" Permalink: https://figures.example.org/?figure=rfn-rus-returned")


def test_the_citation_of_a_source_without_authors_starts_with_its_publisher(shipped):
    item = citations.csl_item(shipped, "rfn-world-returned")
    assert "author" not in item
    assert "author = " not in citations.bibtex(shipped, "rfn-world-returned")
    assert "\nAU  - " not in citations.ris(shipped, "rfn-world-returned")


def test_an_unprinted_date_is_said_so_in_the_note(shipped):
    item = citations.csl_item(shipped, "vice-fra-returned")
    assert item["issued"] == {"date-parts": [[2014, 12, 1]], "circa": True}
    assert "Date (not printed): Not printed. Looked up: about 1 December 2014" in item["note"]


@pytest.mark.parametrize(
    ("figure_id", "csl", "bib", "ris"),
    [
        pytest.param("vice-fra-returned", "article-newspaper", "article", "NEWS", id="news"),
        pytest.param("hsa-world-travelled", "article-journal", "article", "JOUR", id="journal"),
    ],
)
def test_each_format_has_the_sources_kind(shipped, figure_id, csl, bib, ris):
    assert citations.csl_item(shipped, figure_id)["type"] == csl
    assert _bibtex_fields(citations.bibtex(shipped, figure_id))["type"] == bib
    assert rispy.loads(citations.ris(shipped, figure_id))[0]["type_of_reference"] == ris


def test_a_journal_article_without_volume_is_not_called_a_preprint(shipped):
    assert "Preprint" not in citations.citation_text(shipped, "hsa-world-travelled")


def test_a_report_names_its_publisher_as_the_institution(tmp_path):
    data = write_dataset(
        tmp_path / "data",
        [source(kind="policy_brief", publisher="Institute & Co")],
        [figure("src-fra-returned", "FRA", "returned", 5)],
    )
    dataset = load_dataset(data).dataset
    assert _value(_bibtex_fields(citations.bibtex(dataset, "src-fra-returned")), "institution") == (
        "Institute & Co"
    )
    assert "PB  - Institute & Co\n" in citations.ris(dataset, "src-fra-returned")


# --------------------------------------------------------------------------- the dataset


def test_citation_cff_is_the_one_the_models_write():
    written = (PROJECT_ROOT / "CITATION.cff").read_text("utf-8")
    assert written == citations.citation_cff(), (
        "CITATION.cff is out of date: .venv/bin/python -c 'from returnees.citations import "
        'citation_cff; open("CITATION.cff", "w").write(citation_cff())\''
    )


def test_citation_cff_and_the_data_pages_citation_agree(shipped):
    cff = yaml.safe_load((PROJECT_ROOT / "CITATION.cff").read_text("utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert {"message", "title", "authors"} <= set(cff)  # what CFF 1.2.0 requires
    preferred = cff["preferred-citation"]
    assert preferred["type"] == "data"
    assert preferred["authors"] == cff["authors"] == [{"name": "Returnee Figures"}]
    page = citations.dataset_citation(shipped, "0123456789abcdef", "2026-01-02")
    assert page.startswith(preferred["title"] + " (")
    assert f"software version {preferred['version']})" in page
    assert cff["version"] == preferred["version"] == citations.software_version()


# --------------------------------------------------------------------------- golden references

# One source of each shape a reference can take (a page read from the web with awkward names and
# address, a journal dated to the month, an undated brief without authors or address, a report,
# a source of another kind); their figures exact, approximate, a range, computed and scoped.
GOLDEN_SOURCES = [
    source(
        "web-2017-news",
        kind="news",
        title="Returns: 5,700 'have come back'",
        authors=["Jane Doe", "Smith, Jr.", "Marks and Spencer Desk"],
        published={"date": "2017-10-25", "printed": True},
        url="https://example.org/a%20path/{x}\\y?q=1&r=2",
        document=None,
        retrieved={"on": "2026-11-30"},
        sha256="ab" * 32,
        language="fr",
    ),
    source(
        "journal-2015-03",
        kind="journal_article",
        title="Foreign fighters_ an assessment of 50% & more",
        authors=["A. Author"],
        publisher="Journal of Tests",
        published={"date": "2015-03", "printed": True},
        url="https://example.org/journal",
    ),
    source(
        "brief-2019",
        kind="policy_brief",
        title="Prisons ~ and returns",
        authors=[],
        publisher="Institute & Co",
        published={
            "date": "2019",
            "printed": False,
            "approximate": True,
            "basis": "Not printed. Looked up: about 2019",
        },
        url=None,
    ),
    source("report-2020", kind="government_report", publisher="Ministry #1", authors=[]),
    # Neither an article nor a report: BibTeX's misc with a publisher, RIS's generic type.
    source("archive-2018", kind="other", publisher="City Archive", authors=["B. Writer"]),
]
GOLDEN_FIGURES = [
    figure(
        "news-fra-returned",
        "FRA",
        "returned",
        300,
        source="web-2017-news",
        quote="Quelque 300 sont revenus.",
        translation="Some 300 have come back.",
        qualifier="about",
        attributed_to="Ministry of the Interior",
    ),
    {
        **figure(
            "news-fra-detained",
            "FRA",
            "detained",
            source="web-2017-news",
            quote="La moitié de ceux qui sont revenus sont détenus.",
            translation="Half of those who came back are held.",
        ),
        "derived": {
            "method": "share",
            "of": "news-fra-returned",
            "share": 0.5,
            "words": "La moitié",
        },
    },
    figure(
        "journal-world-travelled",
        "WORLD",
        "travelled",
        None,
        qualifier="range",
        low=27000,
        high=31000,
        as_of="2014-12",
        source="journal-2015-03",
        quote="Between 27,000 and 31,000 people travelled.",
    ),
    figure(
        "brief-ita-detained",
        "ITA",
        "detained",
        12,
        source="brief-2019",
        quote="Twelve men are held.",
        scope="men only",
    ),
    figure("report-deu-travelled", "DEU", "travelled", 1050, source="report-2020"),
    figure("archive-bel-returned", "BEL", "returned", 40, source="archive-2018"),
]
GOLDEN_FORMATS = {
    # As the card gives it: with the permalink of the figure at the app's address.
    "text": lambda dataset, figure_id: citations.citation_text(
        dataset, figure_id, "https://figures.example.org/country?entity=FRA"
    ),
    "bibtex": citations.bibtex,
    "ris": citations.ris,
    "csl-json": citations.csl_json,
}


@pytest.fixture(scope="module")
def golden(tmp_path_factory) -> Dataset:
    folder = tmp_path_factory.mktemp("golden") / "data"
    result = load_dataset(write_dataset(folder, GOLDEN_SOURCES, GOLDEN_FIGURES))
    assert result.problems == []
    return result.dataset


@pytest.mark.parametrize("figure_id", [f["id"] for f in GOLDEN_FIGURES])
@pytest.mark.parametrize("name", GOLDEN_FORMATS)
def test_each_format_is_the_one_reviewed_character_for_character(golden, name, figure_id):
    assert_golden(f"format-{figure_id}.{name}", GOLDEN_FORMATS[name](golden, figure_id))
