"""Small datasets written to a folder, for the chart, AppTest and browser tests.

A hostile dataset passes every schema check: a quote is free text, and only the quote check
against the archived documents (which the app does not run) would refuse an invented one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import DATA_DIR

GOLDEN = Path(__file__).parent / "golden"
# RETURNEES_REGENERATE_EXPECTED=1 rewrites the golden files: review the diff before committing.
REGENERATE = os.environ.get("RETURNEES_REGENERATE_EXPECTED") == "1"

# What an attacker would type into a title or quote, in the forms the tests look for.
ALERT_PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
)
PWNED_PAYLOADS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "[x](javascript:window.__pwned=1)",
)
# What a Markdown or HTML renderer would make live: data: and javascript: links, images,
# Streamlit's colour, badge and icon directives, entities (shown as written, never decoded),
# and a break out of an HTML attribute.
MARKUP_PAYLOADS = (
    "[data](data:text/html,<script>window.__pwned=1</script>)",
    '<a href="data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+">data link</a>',
    '<a href="javascript:window.__pwned=1">js link</a>',
    "![remote](https://example.invalid/x.png)",
    "![inline](data:image/gif;base64,R0lGODlhAQABAAAAACw=)",
    ":red[red directive]",
    ":blue-background[background directive]",
    ":green-badge[badge directive]",
    ":material/warning: icon directive",
    "&lt;script&gt;window.__pwned=1&lt;/script&gt; &#60;b&#62;bold&#60;/b&#62; &amp;",
    '"><svg onload="window.__pwned=1">',
)
# A word no browser can break at a space: 5,000 characters.
LONG_WORD = "Unbroken" * 625
HOSTILE_PAYLOADS = (*PWNED_PAYLOADS, *MARKUP_PAYLOADS, LONG_WORD)
# A long quote of ordinary words (no number words, so only the figure's number is marked).
LONG_QUOTE = "Officials described the returns as gradual, uneven and hard to count. " * 14
# A valid http(s) address (the schema refuses any other) that tries to leave its attribute.
# No space in it: an address with one is refused (the browser reads "/" between attributes).
HOSTILE_URL = 'https://example.invalid/report?q="><img/src=x/onerror="window.__pwned=1">'

HOSTILE_SOURCE = "hostile-2020-report"
HOSTILE_WORLD = "hostile-world-travelled"
HOSTILE_FRA = "hostile-fra-returned"
HOSTILE_FRA_DERIVED = "hostile-fra-detained"
HOSTILE_EMPTY_SOURCE = "hostile-2021-no-figures"
VERIFIED = {"by": "Test suite", "on": "2024-01-02"}
TEST_ORIGINATOR = "test-centre"

# The broken copy of the shipped dataset: one figure's count made negative.
BROKEN_FILE = "figures/vice-2014-french-recruits.yaml"
BROKEN_LINE = 18
BROKEN_FIGURE = "vice-fra-detained"
BROKEN_FIELD = "value"


def source(id: str = "src-2020-report", **fields: Any) -> dict[str, Any]:
    """A valid source record; keyword arguments replace its fields."""
    record = {
        "id": id,
        "publisher": "Test Publisher",
        "title": "A Report",
        "authors": ["A. Author"],
        "published": {"date": "2020-05-04", "printed": True},
        # One address a source: two sources at one address are one page recorded twice.
        "url": "https://example.org/report" + ("" if id == "src-2020-report" else f"/{id}"),
        "document": "000_test.txt",
        "kind": "news",
    }
    record.update(fields)
    return record


def figure(id: str, entity: str, metric: str, value: int | None = None, **fields: Any):
    """A valid figure record citing the default source; keyword arguments replace fields."""
    record: dict[str, Any] = {"id": id, "entity": entity, "metric": metric}
    if value is not None:
        record["value"] = value
    record.update(
        {
            "source": "src-2020-report",
            "originator": TEST_ORIGINATOR,
            "quote": f"About {value} people did it.",
            "verified": VERIFIED,
            **fields,
        }
    )
    return record


def originator(id: str = TEST_ORIGINATOR, **fields: Any) -> dict[str, Any]:
    """A valid originator record (a research centre); keyword arguments replace its fields."""
    return {"id": id, "name": f"Originator {id}", "kind": "research", **fields}


def write_dataset(
    folder: Path,
    sources: list[dict],
    figures: list[dict],
    originators: list[dict] | None = None,
) -> Path:
    """`sources.yaml`, `originators.yaml` and one figures file in `folder`, which is returned.

    Without `originators`, each originator the figures name is defined as a research centre.
    """
    (folder / "figures").mkdir(parents=True, exist_ok=True)
    dump = {"allow_unicode": True, "sort_keys": False, "width": 1000}
    (folder / "sources.yaml").write_text(yaml.safe_dump({"sources": sources}, **dump), "utf-8")
    if originators is None:
        named = dict.fromkeys(
            f["originator"] for f in figures if isinstance(f.get("originator"), str)
        )
        originators = [originator(id) for id in named]
    (folder / "originators.yaml").write_text(
        yaml.safe_dump({"originators": originators}, **dump), "utf-8"
    )
    (folder / "figures" / "test.yaml").write_text(
        yaml.safe_dump({"figures": figures}, **dump), "utf-8"
    )
    return folder


def write_hostile_dataset(folder: Path, payloads: tuple[str, ...] = PWNED_PAYLOADS) -> Path:
    """A valid dataset whose every free-text field carries the payloads.

    Free text: a source's publisher, title, authors, authors' basis, date basis, notes and
    `no_figures`; a figure's quote, attribution, notes, verifier and derivation words. Ids,
    entity and metric codes, dates and document names have patterns or vocabularies the
    schema enforces, and the address must be http(s) (tests/test_hostile_input.py).

    The worldwide figures reach the overview's headline (one of them under "other sources"),
    the French ones its country chart, the compare and map pages and, differing on the
    number returned, the country page's note that sources disagree. HOSTILE_FRA has a long
    quote; HOSTILE_FRA_DERIVED is computed from it, its arithmetic quoting the payloads.
    """
    attack = " ".join(payloads)
    # A quote is at most schema.QUOTE_MAX characters: its payloads leave out the long word.
    quoted = " ".join(p for p in payloads if p != LONG_WORD)
    sources = [
        source(
            HOSTILE_SOURCE,
            publisher=f"Publisher {attack}",
            title=f"Title {attack}",
            authors=[f"Author {attack}", f"Second author {attack}"],
            authors_basis=f"Basis {attack}",
            published={"date": "2020", "printed": False, "basis": f"Looked up {attack}"},
            url=HOSTILE_URL,
            notes=f"Source notes {attack}",
        ),
        source(
            HOSTILE_EMPTY_SOURCE,
            publisher=f"Empty publisher {attack}",
            title=f"Empty title {attack}",
            published={"date": "2021-03", "printed": True},
            url=None,
            document="001_test.txt",
            no_figures=f"No figures {attack}",
        ),
    ]
    hostile = {
        "source": HOSTILE_SOURCE,
        "attributed_to": f"Agency {attack}",
        "notes": f"Figure notes {attack}",
        "verified": {"by": f"Verifier {attack}", "on": "2024-01-02"},
    }
    figures = [
        figure(
            HOSTILE_WORLD,
            "WORLD",
            "travelled",
            42000,
            quote=f"Quote {quoted} 42,000 people travelled.",
            **hostile,
        ),
        figure(
            "hostile-world-travelled-earlier",
            "WORLD",
            "travelled",
            40000,
            as_of="2019",
            quote=f"Earlier quote {quoted} 40,000 people travelled.",
            **hostile,
        ),
        figure(
            "hostile-fra-travelled",
            "FRA",
            "travelled",
            1900,
            quote=f"Quote {quoted} 1,900 left France.",
            **hostile,
        ),
        figure(
            HOSTILE_FRA,
            "FRA",
            "returned",
            300,
            quote=f"Quote {quoted} 300 came back. {LONG_QUOTE}",
            **hostile,
        ),
        figure(
            "hostile-fra-returned-earlier",
            "FRA",
            "returned",
            350,
            as_of="2019",
            quote=f"Earlier quote {quoted} 350 came back.",
            # another body's count: one body's own counts of two dates are no disagreement;
            # and higher than the later count: a later, higher total to date is growth
            originator="second-centre",
            **hostile,
        ),
        {
            **figure(
                HOSTILE_FRA_DERIVED,
                "FRA",
                "detained",
                quote=f"Quote {quoted} half of those who came back are held.",
                **hostile,
            ),
            "derived": {
                "method": "share",
                "of": HOSTILE_FRA,
                "share": 0.5,
                "words": f"{quoted} half",
            },
        },
    ]
    return write_dataset(folder, sources, figures)


def write_broken_copy(folder: Path) -> Path:
    """The shipped dataset with one error: a negative count (BROKEN_* say where)."""
    shutil.copytree(DATA_DIR, folder)
    path = folder / BROKEN_FILE
    text = path.read_text("utf-8")
    assert "value: 76" in text
    path.write_text(text.replace("value: 76", "value: -76", 1), "utf-8")
    return folder


def assert_golden(name: str, text: str) -> None:
    """`text` is, character for character, tests/golden/<name> (as reviewed)."""
    path = GOLDEN / name
    if REGENERATE:
        path.write_bytes(text.encode("utf-8"))
    assert text == path.read_bytes().decode("utf-8")
