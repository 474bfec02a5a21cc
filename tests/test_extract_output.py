"""A candidate file reads back exactly as written, whichever YAML reader reads it.

`extract.output` writes the YAML itself; the dataset's loader reads it with yaml-rs (YAML 1.2)
and people often with PyYAML (YAML 1.1). The two disagree on plain scalars such as `08`, `1e5`
and `yes`, and on `\\x85`, `\\u2028` and `\\u2029` (line breaks in 1.1 only), so every free
text is written as a double-quoted scalar with escapes, or as a folded block when it is plain
printable text.
"""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from extract.candidates import Candidate, Extraction, Locator
from extract.output import to_json, to_yaml
from returnees.yamlio import parse

HOSTILE = [
    "08",
    "1e5",
    "0x1F",
    "yes",
    "No",
    "null",
    "~",
    "2014-10-25",
    "1_000",
    ".inf",
    "12:30",
    "line\u2028separator",
    "next\x85line",
    "para\u2029graph",
    "nul\x00byte",
    "bom\ufeff",
    "tab\there",
    "new\nline",
    "carriage\rreturn",
    'a "quoted" word',
    "back\\slash",
    "# not a comment",
    "- not a list",
    "key: value",
    "&anchor *alias !tag",
    "{flow: map}",
    "[flow, list]",
    "  leading and trailing  ",
    "\u00a0non-breaking\u00a0",
    "emoji 🙂 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "right-to-left \u202e override",
    "' single quote",
    "%directive",
    "@reserved `backtick`",
    "x" * 400,
    ("word " * 60).strip(),
]

_TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=300)


def _extraction(quote: str, reason: str, written: str, attributed: str, document: str):
    c = Candidate(
        entity="GBR",
        metric="travelled",
        qualifier="about",
        value=500,
        low=None,
        high=None,
        quote=quote,
        locator=Locator(3, 7, 120, 3),
        as_written=written,
        sentence=0,
        id="x-gbr-travelled",
        attributed_to=attributed,
        basis=[reason],
    )
    share = Candidate(
        entity="GBR",
        metric="returned",
        qualifier="about",
        value=None,
        low=None,
        high=None,
        quote=quote,
        locator=Locator(4, 1, 200, 4),
        as_written=written,
        sentence=1,
        id="x-gbr-returned",
        derived={"method": "share", "of": "x-gbr-travelled", "share": 1e-05, "words": written},
        checks=[reason],
    )
    return Extraction("x-source", document, "0" * 64, 1000, "en", [c, share], [])


def _read_back(text: str) -> list[dict]:
    by_loader = parse(text.encode("utf-8"))
    by_pyyaml = yaml.safe_load(text)
    assert by_loader == by_pyyaml, "yaml-rs and PyYAML read the file differently"
    return by_loader


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quote=_TEXT, reason=_TEXT, written=_TEXT, attributed=_TEXT, document=_TEXT)
@example(
    quote="\u2028 08 \x85 1e5",
    reason="08",
    written="1e5",
    attributed="yes",
    document="\x85.txt",
)
def test_a_candidate_file_reads_back_exactly_as_written(
    quote, reason, written, attributed, document
):
    ex = _extraction(quote, reason, written, attributed, document)
    data = _read_back(to_yaml(ex))
    first, second = data["figures"]
    assert data["document"]["file"] == document
    assert first["quote"] == quote
    assert first["attributed_to"] == attributed
    assert first["as_written"] == written
    assert first["reason"] == ex.candidates[0].reason
    assert second["derived"]["words"] == written
    assert second["derived"]["share"] == 1e-05
    assert second["reason"] == ex.candidates[1].reason
    records = json.loads(to_json(ex))
    assert records[0]["quote"] == quote and records[1]["derived"]["words"] == written


@pytest.mark.parametrize("text", HOSTILE, ids=[repr(t)[:30] for t in HOSTILE])
def test_hostile_quotes_read_back_exactly(text):
    data = _read_back(to_yaml(_extraction(text, text, text, text, text)))
    first = data["figures"][0]
    assert (first["quote"], first["as_written"], first["attributed_to"]) == (text, text, text)
    assert data["document"]["file"] == text
