"""Small datasets written to a folder, for the chart, AppTest and browser tests.

A hostile dataset passes every schema check: a quote is free text, and only the quote check
against the archived documents (which the app does not run) would refuse an invented one.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import DATA_DIR

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

HOSTILE_SOURCE = "hostile-2020-report"
HOSTILE_WORLD = "hostile-world-travelled"
HOSTILE_FRA = "hostile-fra-returned"
VERIFIED = {"by": "Test suite", "on": "2024-01-02"}

# The broken copy of the shipped dataset: one figure's count made negative.
BROKEN_FILE = "figures/vice-2014-french-recruits.yaml"
BROKEN_LINE = 17
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
        "url": "https://example.org/report",
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
            "quote": f"About {value} people did it.",
            "verified": VERIFIED,
            **fields,
        }
    )
    return record


def write_dataset(folder: Path, sources: list[dict], figures: list[dict]) -> Path:
    """`sources.yaml` and one figures file in `folder`, which is returned."""
    (folder / "figures").mkdir(parents=True, exist_ok=True)
    dump = {"allow_unicode": True, "sort_keys": False, "width": 1000}
    (folder / "sources.yaml").write_text(yaml.safe_dump({"sources": sources}, **dump), "utf-8")
    (folder / "figures" / "test.yaml").write_text(
        yaml.safe_dump({"figures": figures}, **dump), "utf-8"
    )
    return folder


def write_hostile_dataset(folder: Path, payloads: tuple[str, ...] = PWNED_PAYLOADS) -> Path:
    """A valid dataset whose every free-text field carries the payloads.

    The worldwide figure reaches the overview's headline, the French one its country chart.
    """
    attack = " ".join(payloads)
    sources = [
        source(
            HOSTILE_SOURCE,
            publisher=f"Publisher {attack}",
            title=f"Title {attack}",
            authors=[f"Author {attack}"],
            authors_basis=f"Basis {attack}",
            published={"date": "2020", "printed": False, "basis": f"Looked up {attack}"},
            notes=f"Source notes {attack}",
        )
    ]
    figures = [
        figure(
            HOSTILE_WORLD,
            "WORLD",
            "travelled",
            42000,
            source=HOSTILE_SOURCE,
            quote=f"Quote {attack} 42,000 people travelled.",
            attributed_to=f"Agency {attack}",
            notes=f"Figure notes {attack}",
        ),
        figure(
            HOSTILE_FRA,
            "FRA",
            "returned",
            300,
            source=HOSTILE_SOURCE,
            quote=f"Quote {attack} 300 came back.",
            notes=f"Figure notes {attack}",
        ),
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
