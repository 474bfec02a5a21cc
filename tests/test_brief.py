"""The briefing pack: what a fixed selection holds, read back from the PDF (pypdf, pdftotext),
its pages rendered to PNG (pdftoppm), and hostile text from the data kept as inert text.

Building a PDF draws its charts in Chromium (kaleido), so those tests need it, as the browser
tests do; `plan` and `html` are tested without it.
"""

from __future__ import annotations

import base64
import html
import io
import os
import re
import shutil
import struct
import subprocess
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import plotly.graph_objects as go
import pytest
from pypdf import PdfReader
from weasyprint.urls import FatalURLFetchingError

from returnees import brief, charts, reference
from returnees.cli import main
from returnees.frames import figures_frame
from returnees.loader import Dataset, load_dataset
from tests.browser.conftest import REVIEW_DIR, require_chromium
from tests.conftest import DATA_DIR, SEED_DIR
from tests.datasets import (
    HOSTILE_FRA,
    HOSTILE_FRA_DERIVED,
    HOSTILE_PAYLOADS,
    HOSTILE_URL,
    figure,
    source,
    write_dataset,
    write_hostile_dataset,
)

SELECTION = ["GBR", "FRA"]
# What the fixed selection holds, in the pack's order: note number -> figure id.
NOTES = {
    1: "ins-gbr-travelled",
    2: "ins-gbr-returned",
    3: "ins-gbr-detained",
    4: "vice-fra-returned",
    5: "vice-fra-detained",
}
PAGES = 5  # 1: title and summary; 2: United Kingdom; 3: France; 4: notes; 5: sources


@pytest.fixture(scope="module")
def fixed_data() -> Path:
    """The seeds' figures: the pack's pages and notes stay what these tests expect as data/
    grows (see tests.conftest)."""
    return SEED_DIR


@pytest.fixture(scope="module")
def shipped(fixed_data) -> tuple[Dataset, str]:
    result = load_dataset(fixed_data)
    assert result.dataset is not None, result.problems
    return result.dataset, result.digest


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Dataset, str]:
    folder = write_hostile_dataset(tmp_path_factory.mktemp("hostile") / "data", HOSTILE_PAYLOADS)
    result = load_dataset(folder)
    return result.dataset, result.digest


def _plan(loaded, entities, metrics=None):
    dataset, digest = loaded
    frame = figures_frame(dataset)
    return brief.plan(
        dataset, frame, entities, metrics or brief.default_metrics(frame), digest, date(2026, 1, 2)
    )


def _text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _squeezed(text: str) -> str:
    # Spaces and line breaks, and the zero-width breaks the pack puts in very long words.
    return re.sub(r"[\s\u200b]+", "", text)


def _pngs(pdf: Path, folder: Path, name: str) -> list[Path]:
    """The pages as PNGs (pdftoppm), also in /tmp/screens/ with RETURNEES_SCREENSHOTS set."""
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(folder / name)], check=True)
    pages = sorted(folder.glob(f"{name}-*.png"))
    if os.environ.get("RETURNEES_SCREENSHOTS"):
        REVIEW_DIR.mkdir(parents=True, exist_ok=True)
        for page in pages:
            shutil.copy(page, REVIEW_DIR / page.name)
    return pages


# --------------------------------------------------------------------------- what goes in


def test_the_pack_numbers_every_figure_in_the_order_it_shows_them(shipped):
    pack = _plan(shipped, SELECTION)
    assert [s.name for s in pack.sections] == ["United Kingdom", "France"]
    assert {n: f for f, n in pack.notes.items()} == NOTES
    assert pack.metrics == ["travelled", "returned", "detained"]
    assert "Data version " + shipped[1][:12] in pack.subtitle
    assert "built on 2 January 2026" in pack.subtitle


def test_the_pack_says_where_sources_disagree_with_their_note_numbers(shipped):
    (world,) = _plan(shipped, ["WORLD"]).sections
    assert world.disagreements == [
        "Sources disagree on travelled: The Soufan Center, in Al Jazeera's report, as hosted by "
        "Report Focus News (25 Oct 2017): more than 40,000 (as of 25 Oct 2017) [1]; Anne "
        "Speckhard, Ardian Shajkovci and Ahmet S. Yayla, in Homeland Security Affairs (journal); "
        "also published by ICSVE (2018): 38,000 (as of 2018) [2].",
    ]  # 5,700 and "at least 5,600" returned can both hold: no disagreement


def test_a_packs_chart_says_its_other_sources_are_in_the_notes_not_on_its_marks():
    # Paper has no marks to point at: the shipped data's France has more counts than a line
    # names.
    result = load_dataset(DATA_DIR)
    (france,) = _plan((result.dataset, result.digest), ["FRA"]).sections
    line = france.chart.layout.meta["source_line"]
    assert "more (all are in the notes at the end)" in line
    assert "each mark" not in line


def test_a_packs_chart_labels_the_figures_that_stand_first():
    # The rule's figures are named on page 1: their labels are placed before the others'
    # (Kazakhstan's detained 45 and Indonesia's "at least 100" returned were left unlabelled).
    result = load_dataset(DATA_DIR)
    frame = figures_frame(result.dataset)
    entities, metrics = ["KAZ", "IDN", "FRA", "TUN"], brief.default_metrics(frame)
    pack = brief.plan(
        result.dataset, frame, entities, metrics, result.digest, date(2026, 1, 2), brief.PACK_FIT
    )
    for section in pack.sections:
        standing = reference.cross_section(section.rows)
        # A label a page repeats ("271" and "271" of one month) is drawn once, for either.
        drawn = {text for trace in section.chart.data if trace.text for text in trace.text}
        assert set(standing["value_text"].map(charts.label_text)) <= drawn, section.entity


def test_the_packs_list_of_sources_prints_each_address(shipped):
    # Paper has no link to follow: the address is printed, as its intro promises.
    pack = _plan(shipped, SELECTION)
    images = [b"png"] * sum(s.chart is not None for s in pack.sections)
    listed = brief.html(shipped[0], pack, images).split('<section class="sources">', 1)[1]
    for source_id in brief.source_numbers(shipped[0], pack):
        url = shipped[0].sources[source_id].url
        if url:
            row = f"<tr><th>Address</th><td>{html.escape(url)}</td></tr>"
            assert _squeezed(row) in _squeezed(listed.replace("<wbr>", ""))


def test_each_country_starts_a_page_of_its_own(shipped):
    # A heading and summary at a page's foot, the chart on the next, read as a country
    # without a chart.
    assert re.search(r"section\.entity \{ break-before: page; \}", brief.CSS)


def test_a_rate_alone_has_a_table_but_no_chart(shipped):
    (world,) = _plan(shipped, ["WORLD"], ["travelling_per_month"]).sections
    assert world.chart is None  # the timeline shows counts of people only
    assert list(
        brief.table(world, _plan(shipped, ["WORLD"], ["travelling_per_month"]).notes)["Reported"]
    ) == ["about 2,000", "about 500"]


def test_a_table_says_whose_count_each_figure_is_by_the_bodys_name(shipped):
    plan = _plan(shipped, ["WORLD"])
    (world,) = plan.sections
    shown = brief.table(world, plan.notes)
    assert "Attributed to" not in shown.columns  # the page's own words are in the notes
    assert list(shown["Whose count"]) == list(world.rows["originator_name"])
    assert "The Soufan Center" in set(shown["Whose count"])


def test_an_entity_without_figures_says_so(shipped):
    pack = _plan(shipped, ["DEU"], ["travelled"])
    html = brief.html(shipped[0], pack, [])
    assert brief.NO_FIGURES in html
    assert pack.notes == {}


def test_the_html_escapes_every_piece_of_data_text(hostile):
    pack = _plan(hostile, ["WORLD", "FRA"])
    images = [b"png"] * sum(s.chart is not None for s in pack.sections)
    html = brief.html(hostile[0], pack, images)
    assert "<script" not in html and "<img src=x" not in html and "<svg" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    # The only link out is the source's http(s) address; the rest are the notes' and the
    # sources' anchors.
    links = set(re.findall(r'href="([^"]*)"', html))
    assert {link for link in links if not link.startswith(("#note-", "#source-"))} == {
        HOSTILE_URL.replace("&", "&amp;")
        .replace('"', "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    }


def test_the_pdf_printer_fetches_nothing_from_outside():
    for address in ("https://example.invalid/x.png", "file:///etc/passwd"):
        with pytest.raises(FatalURLFetchingError):
            brief.render_pdf(f'<img src="{address}">')


# The smallest PNG: one transparent pixel.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def test_the_pdf_printer_draws_an_image_given_as_data():
    document = f'<img src="data:image/png;base64,{base64.b64encode(PIXEL).decode()}">'
    (page,) = PdfReader(io.BytesIO(brief.render_pdf(document))).pages
    assert len(page.images) == 1


def test_the_pdf_is_the_packs_html_with_its_charts_at_the_packs_width(shipped, monkeypatch):
    shipped, _ = shipped
    drawn, printed = [], []
    monkeypatch.setattr(brief, "chart_images", lambda f: drawn.extend(f) or [PIXEL] * len(f))
    monkeypatch.setattr(brief, "render_pdf", lambda document: printed.append(document) or b"%PDF")
    entities, metrics = ["FRA", "XKX"], ["travelled", "returned"]
    frame = figures_frame(shipped)
    assert brief.pdf(shipped, frame, entities, metrics, "d" * 64, date(2026, 1, 2)) == b"%PDF"
    plan = brief.plan(shipped, frame, entities, metrics, "d" * 64, date(2026, 1, 2), brief.PACK_FIT)
    charts_of = [s.chart for s in plan.sections if s.chart is not None]
    assert [c.to_json() for c in drawn] == [c.to_json() for c in charts_of] and len(drawn) == 1
    assert printed == [brief.html(shipped, plan, [PIXEL])]


def test_a_long_unbroken_run_gets_a_place_to_break_every_60_characters():
    word = "x" * 130
    assert brief._e(f'{word} <"a">') == (
        f"{'x' * 60}\u200b{'x' * 60}\u200b{'x' * 10} &lt;&quot;a&quot;&gt;"
    )


# --------------------------------------------------------------------------- the PDF


@pytest.fixture(scope="module")
def pack_pdf(tmp_path_factory, fixed_data) -> Path:
    """`returnees brief --entity GBR --entity FRA --out brief.pdf` on the fixed dataset."""
    require_chromium()
    out = tmp_path_factory.mktemp("brief") / "brief.pdf"
    args = ["brief", *(a for e in SELECTION for a in ("--entity", e)), "--data", str(fixed_data)]
    assert main([*args, "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def hostile_pdf(tmp_path_factory) -> Path:
    require_chromium()
    root = tmp_path_factory.mktemp("hostile-brief")
    data = write_hostile_dataset(root / "data", HOSTILE_PAYLOADS)
    out = root / "hostile.pdf"
    # France only: with every text field some 6,000 characters long, its 4 notes fill pages.
    assert main(["brief", "--entity", "FRA", "--data", str(data), "--out", str(out)]) == 0
    return out


@pytest.mark.slow
def test_the_pack_is_a4_portrait_with_the_expected_pages(pack_pdf):
    reader = PdfReader(pack_pdf)
    assert len(reader.pages) == PAGES
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    assert reader.metadata.title == "Returnee Figures: briefing pack"
    texts = [page.extract_text() for page in reader.pages]
    assert "Returnee Figures: briefing pack" in texts[0] and "Summary: the figure" in texts[0]
    assert "United Kingdom" in texts[0] and "France" in texts[0] and "no figure" in texts[0]
    assert texts[1].startswith("United Kingdom") and texts[2].startswith("France")
    assert "Travelled: no figure in this dataset." in texts[2]
    assert "Notes: where each number comes from" in texts[3]
    assert all(f"Page {i} of {PAGES}" in t for i, t in enumerate(texts, 1))


@pytest.mark.slow
def test_each_countrys_chart_is_an_image_in_the_pack(pack_pdf):
    # Distinct images: WeasyPrint may list one in the resources of several pages.
    images = {image.data: image for page in PdfReader(pack_pdf).pages for image in page.images}
    assert len(images) == len(SELECTION)
    for image in images.values():
        assert image.image.width >= brief.CHART_WIDTH  # drawn at twice the CSS pixels


@pytest.mark.slow
def test_the_pack_draws_its_charts_alike_in_the_apps_process(shipped, monkeypatch):
    # The Briefing page builds the pack in a process that imported Streamlit, whose template
    # is then Plotly's default: the pack names its own, so the y axis keeps its margin.
    import plotly.io as pio

    monkeypatch.setattr(pio.templates, "default", "none")
    require_chromium()
    (svg,) = brief.chart_images([_plan(shipped, ["FRA"]).sections[0].chart], "svg")
    title = re.search(rb'class="ytitle"[^>]* x="(-?[\d.]+)"', svg)
    assert title and float(title.group(1)) > 0, svg[:300]


def _longest_source_line(chart) -> int:
    (line,) = [a.text for a in chart.layout.annotations if a.name == "source-line"]
    return max(len(html.unescape(part)) for part in line.split("<br>"))


def test_the_pages_preview_fits_a_phone_and_the_pack_its_page(shipped):
    dataset, digest = shipped
    frame = figures_frame(dataset)
    preview = _plan(shipped, ["FRA"]).sections[0].chart
    metrics = brief.default_metrics(frame)
    pack = brief.plan(dataset, frame, ["FRA"], metrics, digest, date(2026, 1, 2), brief.PACK_FIT)
    pack = pack.sections[0].chart
    assert _longest_source_line(preview) <= charts.SOURCE_LINE_WIDTH
    assert charts.SOURCE_LINE_WIDTH < _longest_source_line(pack) <= brief.PACK_FIT.line_chars


@pytest.mark.slow
def test_every_figure_has_its_note_with_source_quote_and_check(pack_pdf, shipped):
    dataset = shipped[0]
    text = _text(pack_pdf)
    notes = text.split("Notes: where each number comes from", 1)[1]
    heads = re.findall(r"^[\f ]*(\d+)\. (.+?) \(as of", notes, re.MULTILINE)  # \f: a new page
    assert [int(n) for n, _ in heads] == list(NOTES)
    notes, listed = re.split(r"\n[\f ]*Sources\n", notes, maxsplit=1)
    for number, figure_id in NOTES.items():
        figure = dataset.figure(figure_id)
        note = notes.split(f"{number}. ", 1)[1].split(f"{number + 1}. ", 1)[0]
        squeezed = _squeezed(note)
        assert _squeezed(figure.quote) in squeezed
        assert _squeezed(dataset.sources[figure.source].publisher) in squeezed
        assert f"Figureid{figure_id}" in squeezed
    # Each source once, in the list after the notes, with its check.
    sources = {dataset.figure(f).source for f in NOTES.values()}
    assert len(re.findall(r"^[\f ]*S\d+\. ", listed, re.MULTILINE)) == len(sources)
    assert _squeezed(listed).count("Checkedagainstanarchivedcopyofthedocument") == len(sources)
    assert "“Around half” × more than 500 (travelled, 2014)" in " ".join(notes.split())
    assert "2014 (not printed; looked up)" in listed


def test_page_one_is_the_figure_that_stands_for_each_metric_of_each_entity(shipped):
    pack = _plan(shipped, SELECTION)
    table = brief.summary_table(pack)
    assert list(table.columns) == [
        "Country or aggregate",
        "Travelled",
        "Returned",
        "Detained",
        "Also has figures for",
    ]
    france = table[table["Country or aggregate"] == "France"].iloc[0]
    assert france["Travelled"] == "no figure in this dataset."
    assert france["Returned"] == "100 (c. 1 Dec 2014), estimate [4]"
    assert france["Also has figures for"] == "Released on probation (1), Imprisoned by ISIS (1)"


def test_page_one_says_why_no_figure_stands_for_a_metric(tmp_path):
    figures = [
        figure("t", "IND", "travelled", 50, as_of="2017"),
        figure("r", "IND", "returned", 2, date_unknown=True),
        figure("d", "IND", "detained", 155, scope="all IS arrests", takes_in_others=True),
    ]
    result = load_dataset(write_dataset(tmp_path, [source()], figures))
    pack = _plan((result.dataset, result.digest), ["IND"], ["travelled", "returned", "detained"])
    india = brief.summary_table(pack).iloc[0]
    assert india["Returned"] == "no dated figure; 1 without a date in its section."
    assert india["Detained"] == (
        "none to show; 1 counts others too, 155 (all IS arrests), in its section."
    )
    # Its section's table says so too.
    section = brief.table(pack.sections[0], pack.notes)
    assert "155 (all IS arrests) — counts others too: on no chart" in set(section["Reported"])


@pytest.mark.slow
def test_each_table_row_carries_its_note_number(pack_pdf):
    first = _text(pack_pdf).split("Notes: where each number comes from", 1)[0]
    rows = re.findall(r"^ +(\d) +(Travelled|Returned|Detained) +(\S.*?)  ", first, re.MULTILINE)
    assert rows == [
        ("1", "Travelled", "more than 500"),
        ("2", "Returned", "about 250 or more"),  # "(computed)" wraps to the next line
        ("3", "Detained", "40"),
        ("4", "Returned", "100"),
        ("5", "Detained", "76"),
    ]


@pytest.mark.slow
def test_the_pages_render_to_png(pack_pdf, tmp_path):
    from PIL import Image

    pages = _pngs(pack_pdf, tmp_path, "brief-gbr-fra")
    assert len(pages) == PAGES
    for page in pages:
        with Image.open(page) as image:
            width, height = image.size
            assert width == 662 and abs(height / width - 297 / 210) < 0.01  # A4 at 80 dpi
            assert image.convert("L").getextrema()[0] < 100  # something is printed on it


@pytest.mark.slow
def test_hostile_text_is_inert_text_in_the_pdf(hostile_pdf, tmp_path):
    reader = PdfReader(hostile_pdf)
    # The pages' text without their footers: a 5,000-character word runs across pages.
    pages = _text(hostile_pdf).split("\f")
    text = _squeezed("".join(p.rsplit("Returnee Figures · every number", 1)[0] for p in pages))
    for payload in HOSTILE_PAYLOADS:
        assert _squeezed(payload) in text, payload[:60]
    # No script, no action that runs or opens anything but an http(s) address.
    root = reader.trailer["/Root"]
    assert "/OpenAction" not in root and "/AA" not in root
    assert "/JavaScript" not in root.get("/Names", {})
    raw = b"".join(hostile_pdf.read_bytes().split())
    for marker in (b"/JavaScript", b"/JS", b"/Launch", b"/SubmitForm", b"/EmbeddedFile"):
        assert marker not in raw
    uris = []
    for page in reader.pages:
        for annotation in page.get("/Annots", []) or []:
            action = annotation.get_object().get("/A", {})
            if "/URI" in action:
                uris.append(action["/URI"])
            else:
                assert "/Dest" in annotation.get_object() or action.get("/S") == "/GoTo"
    assert uris and {unquote(uri) for uri in uris} == {HOSTILE_URL}  # percent-encoded, whole
    _pngs(hostile_pdf, tmp_path, "brief-hostile")


@pytest.mark.slow
def test_long_hostile_text_stays_on_the_page(hostile_pdf):
    # Every word's box (pdftotext -bbox) inside the A4 page: the 5,000-character word wraps.
    done = subprocess.run(
        ["pdftotext", "-bbox", str(hostile_pdf), "-"], capture_output=True, text=True, check=True
    )
    (width,) = set(re.findall(r'<page width="([\d.]+)"', done.stdout))
    boxes = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', done.stdout)
    assert len(boxes) > 1000
    assert all(float(x0) >= 0 and float(x1) <= float(width) for x0, x1 in boxes)


@pytest.mark.slow
def test_hostile_figures_are_numbered_and_noted(hostile_pdf):
    text = _squeezed(_text(hostile_pdf))
    for figure_id in (HOSTILE_FRA, HOSTILE_FRA_DERIVED):
        assert f"Figureid{figure_id}" in text


@pytest.mark.parametrize(
    ("asked", "said"),
    [
        pytest.param(
            "Germny",
            "no country or aggregate 'Germny'; did you mean Germany (DEU)",
            id="a misspelt name gets the nearest",
        ),
        pytest.param("XXX", "no country or aggregate 'XXX'", id="an unknown code"),
    ],
)
def test_the_cli_refuses_an_unknown_entity_and_offers_the_nearest(capsys, tmp_path, asked, said):
    assert main(["brief", "--entity", asked, "--out", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert said in err and "`returnees coverage` lists the codes" in err
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("asked", ["FRA", "fra", "France", "france", "FR"])
def test_the_cli_takes_a_code_or_a_name_in_any_case(tmp_path, fixed_data, asked):
    out = tmp_path / "x.pdf"
    args = ["brief", "--entity", asked, "--metric", "travelled", "--data", str(fixed_data)]
    assert main([*args, "--out", str(out)]) == 0
    assert "France" in _text(out)


def test_a_note_says_when_a_quote_was_read_from_the_web_not_an_archived_copy(tmp_path):
    read = {"on": "2026-11-20"}
    data = write_dataset(
        tmp_path / "data",
        [source(document=None, retrieved=read, sha256="0" * 64)],
        [figure("src-fra-returned", "FRA", "returned", 5)],
    )
    pack = _plan((load_dataset(data).dataset, "0" * 64), ["FRA"])
    html = brief.html(load_dataset(data).dataset, pack, [b"png"])
    assert "Recorded from the page as retrieved on 20 Nov 2026; no archived copy here" in html


def test_each_section_opens_on_the_figure_that_stands_for_each_metric(shipped):
    (fra,) = _plan(shipped, ["FRA"]).sections
    assert fra.summary == [
        "Travelled: no figure in this dataset.",
        "Returned: 100 (as of c. 1 Dec 2014) [1]. Estimate: Le Figaro.",
        "Detained: 76 (as of c. 1 Dec 2014) [2]. Estimate: Le Figaro.",
        "The newest figure here is of c. 1 Dec 2014: 11 years old.",
    ]


def test_chart_images_are_drawn_at_the_packs_size_with_the_packs_template(monkeypatch):
    require_chromium()
    import plotly.io as pio

    monkeypatch.setattr(pio.templates, "default", "plotly_dark")  # as if the app's were set
    bars = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]), layout={"height": 300})
    png, second = brief.chart_images([bars, go.Figure(bars).update_layout(height=200)])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (brief.CHART_WIDTH * brief.CHART_SCALE, 300 * brief.CHART_SCALE)
    assert struct.unpack(">II", second[16:24])[1] == 200 * brief.CHART_SCALE
    (svg,) = brief.chart_images([bars], "svg")
    assert svg.startswith(b"<svg") and f'width="{brief.CHART_WIDTH}"'.encode() in svg
    assert b"fill: rgb(17, 17, 17)" not in svg  # plotly_dark's background: not taken
    assert brief.chart_images([]) == []
