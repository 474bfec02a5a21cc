"""The schema, record by record: what a source, a figure and their parts accept and refuse.

Also the doctests of `returnees.dates` and `returnees.quotes`, and the quote-check helpers.
"""

from __future__ import annotations

import doctest
from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from returnees import dates, loader, quotes, schema, vocab
from returnees.schema import (
    Derivation,
    Figure,
    FiguresFile,
    Published,
    Source,
    SourcesFile,
    Verification,
)
from returnees.vocab import METRICS

TOMORROW = (date.today() + timedelta(days=1)).isoformat()
NEXT_YEAR = str(date.today().year + 1)

SOURCE: dict[str, Any] = {
    "id": "news-2017-returns",
    "publisher": "Example News",
    "title": "Foreign fighters are coming home",
    "authors": ["Jane Reporter"],
    "published": {"date": "2017-10-25", "printed": True},
    "url": "https://news.example.org/2017/10/25/returns",
    "document": "003_ee961d83b641e2f1.txt",
    "kind": "news",
}
FIGURE: dict[str, Any] = {
    "id": "news-fra-returned",
    "entity": "FRA",
    "metric": "returned",
    "value": 300,
    "source": "news-2017-returns",
    "originator": "test-centre",
    "quote": "Some 300 of them have come back to France.",
    "verified": {"by": "Test Engineer", "on": "2024-03-01"},
}
# A source read from the web: no archived text, so when it was read and a hash of what was read.
RETRIEVED: dict[str, Any] = {
    **{k: v for k, v in SOURCE.items() if k != "document"},
    "retrieved": {"on": "2026-12-01"},
    "sha256": "0" * 63 + "a",
}
SHARE: dict[str, Any] = {
    "method": "share",
    "of": "news-fra-travelled",
    "share": 0.5,
    "words": "half",
}


def _with(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """`base` with fields changed; a change to `...` removes the field."""
    data = {**base, **changes}
    return {k: v for k, v in data.items() if v is not ...}


def _errors(model: type[BaseModel], data: Any) -> list[str]:
    """'field: message' for each error, or [] when `data` is valid."""
    try:
        model.model_validate(data)
    except ValidationError as exc:
        return [
            ".".join(str(p) for p in e["loc"] if not str(p).startswith("function-"))
            + ": "
            + e["msg"].removeprefix("Value error, ")
            for e in exc.errors(include_url=False)
        ]
    return []


def _assert_refused(model: type[BaseModel], data: Any, field: str, words: str) -> None:
    errors = _errors(model, data)
    assert errors, f"{model.__name__} accepted {data!r}"
    assert any(e.startswith(f"{field}:") and words in e for e in errors), errors


# --------------------------------------------------------------------------- sources


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(SOURCE, id="a complete source"),
        pytest.param(_with(SOURCE, url="http://example.org/a"), id="http address"),
        pytest.param(_with(SOURCE, url=...), id="no address (an archived document only)"),
        pytest.param(_with(SOURCE, authors=[], authors_basis="None printed."), id="no authors"),
        pytest.param(_with(SOURCE, no_figures="Policy only."), id="a source with no figures"),
        pytest.param(_with(SOURCE, kind="government_report"), id="another kind"),
        pytest.param(_with(SOURCE, id="a1_b2-c3"), id="id with digits and underscores"),
        pytest.param(RETRIEVED, id="read from the web, not archived"),
        pytest.param(
            _with(RETRIEVED, retrieved={"on": "2026-12-01", "read": "The page's opening."}),
            id="read from the web, saying what of it was read",
        ),
        pytest.param(_with(SOURCE, sha256="f" * 64), id="archived, with a hash too"),
        pytest.param(_with(SOURCE, language="it"), id="a text in Italian"),
        pytest.param(_with(SOURCE, language="nb"), id="a text in Norwegian (digits only)"),
    ],
)
def test_source_accepts(data):
    assert _errors(Source, data) == []


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        pytest.param(_with(SOURCE, url="ftp://example.org/a"), "url", "http", id="ftp address"),
        pytest.param(
            _with(SOURCE, url="javascript:alert(document.cookie)"),
            "url",
            "http://",
            id="javascript address",
        ),
        pytest.param(
            _with(SOURCE, url="data:text/html,<script>alert(1)</script>"),
            "url",
            "https://",
            id="data address",
        ),
        pytest.param(_with(SOURCE, url="https://"), "url", "http", id="address without a host"),
        pytest.param(_with(SOURCE, url="example.org/a"), "url", "http", id="address no scheme"),
        pytest.param(_with(SOURCE, publisher=...), "publisher", "required", id="no publisher"),
        pytest.param(_with(SOURCE, title="  "), "title", "at least 1", id="blank title"),
        pytest.param(_with(SOURCE, kind="blog"), "kind", "'news'", id="unknown kind"),
        pytest.param(_with(SOURCE, link="https://a.org"), "link", "Extra", id="extra field"),
        pytest.param(_with(SOURCE, id="News 2017"), "id", "pattern", id="id with capitals"),
        pytest.param(
            _with(SOURCE, document="../etc/passwd"), "document", "pattern", id="document path"
        ),
        pytest.param(_with(SOURCE, authors=[""]), "authors.0", "at least 1", id="blank author"),
        pytest.param(
            _with(SOURCE, document=...),
            "",
            "document: give 'document'",
            id="neither archived nor read",
        ),
        pytest.param(
            _with(RETRIEVED, document="003_ee961d83b641e2f1.txt"),
            "",
            "retrieved: a source is archived",
            id="both archived and read from the web",
        ),
        pytest.param(_with(RETRIEVED, url=...), "", "url: a source read", id="read, no address"),
        pytest.param(_with(RETRIEVED, sha256=...), "", "sha256: give", id="read, no hash"),
        pytest.param(_with(SOURCE, language="xx"), "language", "ISO 639-1", id="unknown language"),
        pytest.param(_with(SOURCE, language="ita"), "language", "ISO 639-1", id="3-letter code"),
        pytest.param(_with(RETRIEVED, sha256="A" * 64), "sha256", "pattern", id="hash in capitals"),
        pytest.param(_with(RETRIEVED, sha256="0" * 63), "sha256", "pattern", id="hash too short"),
        pytest.param(
            _with(RETRIEVED, retrieved={"on": TOMORROW}),
            "retrieved.on",
            "future",
            id="read tomorrow",
        ),
        pytest.param(
            _with(RETRIEVED, retrieved={"on": "2026-12"}),
            "retrieved.on",
            "YYYY-MM-DD",
            id="read in a month",
        ),
        pytest.param(
            _with(RETRIEVED, retrieved={"on": "2026-12-01", "by": "me"}),
            "retrieved.by",
            "Extra",
            id="unknown field of retrieved",
        ),
    ],
)
def test_source_refuses(data, field, words):
    _assert_refused(Source, data, field, words)


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"date": "2014", "printed": True}, id="a year"),
        pytest.param({"date": 2014, "printed": True}, id="a year YAML reads as a number"),
        pytest.param({"date": "2014-12", "printed": True}, id="a month"),
        pytest.param({"date": "2014-12-01", "printed": True}, id="a day"),
        pytest.param({"date": "2016-02-29", "printed": True}, id="a leap day"),
        pytest.param({"date": date.today().isoformat(), "printed": True}, id="today"),
        pytest.param(
            {"date": "2014", "printed": False, "basis": "Looked up."}, id="not printed, with basis"
        ),
        pytest.param(
            {"date": "2014-12-01", "printed": False, "approximate": True, "basis": "About then."},
            id="approximate",
        ),
    ],
)
def test_published_accepts(data):
    assert _errors(Published, data) == []


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        pytest.param({"date": "2014-13", "printed": True}, "date", "no month 13", id="month 13"),
        pytest.param({"date": "2014-00", "printed": True}, "date", "no month 0", id="month 0"),
        pytest.param(
            {"date": "2014-02-30", "printed": True}, "date", "'2014-02-30'", id="30 February"
        ),
        pytest.param(
            {"date": "2015-02-29", "printed": True}, "date", "not a date", id="no leap day"
        ),
        pytest.param({"date": TOMORROW, "printed": True}, "date", "future", id="tomorrow"),
        pytest.param({"date": NEXT_YEAR, "printed": True}, "date", "future", id="next year"),
        pytest.param(
            {"date": "December 2014", "printed": True}, "date", "YYYY-MM", id="date in words"
        ),
        pytest.param({"date": "14-12-01", "printed": True}, "date", "YYYY", id="two-digit year"),
        pytest.param({"date": "2014-1", "printed": True}, "date", "YYYY-MM", id="one-digit month"),
        pytest.param(
            {"date": "2014", "printed": False}, "", "basis: say where", id="not printed, no basis"
        ),
        pytest.param({"date": "2014"}, "printed", "required", id="printed missing"),
        pytest.param({"date": "2014", "printed": "yes"}, "printed", "boolean", id="printed: yes"),
    ],
)
def test_published_refuses(data, field, words):
    errors = _errors(Published, data)
    assert any(e.startswith(f"{field}:") and words in e for e in errors), errors


# --------------------------------------------------------------------------- figures


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(FIGURE, id="an exact count"),
        pytest.param(_with(FIGURE, value=0), id="zero"),
        pytest.param(_with(FIGURE, qualifier="about"), id="about"),
        pytest.param(_with(FIGURE, qualifier="fewer_than"), id="fewer than"),
        pytest.param(_with(FIGURE, qualifier="range", value=..., low=250, high=350), id="a range"),
        pytest.param(_with(FIGURE, value=..., derived=SHARE), id="derived, no value"),
        pytest.param(_with(FIGURE, as_of="2016"), id="as_of a year"),
        pytest.param(_with(FIGURE, scope="x" * 48), id="a scope of 48 characters"),
        pytest.param(_with(FIGURE, as_of=2016), id="as_of a year YAML reads as a number"),
        pytest.param(_with(FIGURE, as_of="2016-07-14"), id="as_of a day"),
        pytest.param(_with(FIGURE, attributed_to="Le Figaro"), id="attributed"),
        pytest.param(_with(FIGURE, entity="XKX"), id="Kosovo XKX"),
        pytest.param(_with(FIGURE, entity="WORLD"), id="aggregate WORLD"),
        pytest.param(_with(FIGURE, entity="EU"), id="aggregate EU"),
        pytest.param(_with(FIGURE, entity="GBR"), id="ISO alpha-3 GBR"),
        *[pytest.param(_with(FIGURE, metric=m), id=f"metric {m}") for m in METRICS],
    ],
)
def test_figure_accepts(data):
    assert _errors(Figure, data) == []


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        pytest.param(_with(FIGURE, entity="XXX"), "entity", "'XXX'", id="unknown entity XXX"),
        pytest.param(_with(FIGURE, entity="FR"), "entity", "'FR'", id="alpha-2 code"),
        pytest.param(_with(FIGURE, entity="fra"), "entity", "'fra'", id="lower-case code"),
        pytest.param(
            _with(FIGURE, metric="came_back"), "metric", "'came_back'", id="unknown metric"
        ),
        pytest.param(_with(FIGURE, qualifier="roughly"), "qualifier", "'about'", id="qualifier"),
        pytest.param(
            _with(FIGURE, scope="x" * 49),
            "scope",
            "at most 48 characters",
            id="a scope too long for a label",
        ),
        pytest.param(_with(FIGURE, value=-1), "value", "greater than or equal to 0", id="< 0"),
        pytest.param(_with(FIGURE, value=3.5), "value", "valid integer", id="non-integer 3.5"),
        pytest.param(_with(FIGURE, value=300.0), "value", "valid integer", id="float 300.0"),
        pytest.param(_with(FIGURE, value="500"), "value", "valid integer", id="string '500'"),
        pytest.param(_with(FIGURE, value=True), "value", "valid integer", id="bool true"),
        pytest.param(_with(FIGURE, value=...), "", "value: missing", id="no value, no derived"),
        pytest.param(
            _with(FIGURE, derived=SHARE), "", "value: a derived figure", id="value and derived"
        ),
        pytest.param(
            _with(FIGURE, qualifier="range", value=..., low=400, high=300),
            "",
            "low: the range's low (400) must be below its high (300)",
            id="range bounds in the wrong order",
        ),
        pytest.param(
            _with(FIGURE, qualifier="range", value=..., low=300, high=300),
            "",
            "low: the range's low (300)",
            id="range low equal to high",
        ),
        pytest.param(
            _with(FIGURE, qualifier="range", value=..., low=300),
            "",
            "high: a range needs both",
            id="range without high",
        ),
        pytest.param(
            _with(FIGURE, qualifier="range", value=..., high=300),
            "",
            "low: a range needs both",
            id="range without low",
        ),
        pytest.param(
            _with(FIGURE, qualifier="range", low=250, high=350),
            "",
            "value: a range gives",
            id="range with a value",
        ),
        pytest.param(
            _with(FIGURE, qualifier="range", value=..., derived=SHARE),
            "",
            "value: a range gives",
            id="range derived",
        ),
        pytest.param(_with(FIGURE, high=350), "", "high: only a range", id="bound without range"),
        pytest.param(
            _with(FIGURE, low=-5, qualifier="range", value=..., high=3),
            "low",
            "0",
            id="negative low",
        ),
        pytest.param(_with(FIGURE, quote=""), "quote", "at least 1", id="empty quote"),
        pytest.param(_with(FIGURE, quote=" \n "), "quote", "at least 1", id="blank quote"),
        pytest.param(_with(FIGURE, quote=...), "quote", "required", id="no quote"),
        pytest.param(_with(FIGURE, source=...), "source", "required", id="no source"),
        pytest.param(_with(FIGURE, verified=...), "verified", "required", id="not verified"),
        pytest.param(_with(FIGURE, colour="red"), "colour", "Extra", id="extra field"),
        pytest.param(_with(FIGURE, as_of="2014-13"), "as_of", "no month 13", id="as_of month 13"),
        pytest.param(
            _with(FIGURE, as_of="2014-02-30"), "as_of", "not a date", id="as_of 30 February"
        ),
        pytest.param(_with(FIGURE, as_of=NEXT_YEAR), "as_of", "future", id="as_of next year"),
        pytest.param(_with(FIGURE, id="Fra Returned"), "id", "pattern", id="id with spaces"),
    ],
)
def test_figure_refuses(data, field, words):
    _assert_refused(Figure, data, field, words)


def test_an_unknown_entity_error_names_the_code():
    (error,) = _errors(Figure, _with(FIGURE, entity="XXX"))
    assert error.startswith("entity: unknown entity 'XXX'")


def test_an_unknown_metric_error_lists_the_metrics():
    (error,) = _errors(Figure, _with(FIGURE, metric="came_back"))
    assert all(code in error for code in METRICS)


# --------------------------------------------------------------------------- parts


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(SHARE, id="a share"),
        pytest.param(_with(SHARE, share=1), id="a share of 1 (all)"),
        pytest.param(_with(SHARE, share=0.1, words="Ten percent"), id="ten percent"),
        pytest.param(
            {"method": "remainder", "of": "a", "minus": ["b", "c"], "words": "the rest"},
            id="a remainder",
        ),
    ],
)
def test_derivation_accepts(data):
    assert _errors(Derivation, data) == []


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        pytest.param(_with(SHARE, share=0), "share", "greater than 0", id="share 0"),
        pytest.param(_with(SHARE, share=1.5), "share", "less than or equal to 1", id="share 1.5"),
        pytest.param(
            _with(SHARE, share="half"), "share.float", "valid number", id="share in words"
        ),
        pytest.param(_with(SHARE, share=...), "", "a share needs 'share'", id="share missing"),
        pytest.param(_with(SHARE, minus=["b"]), "", "and no 'minus'", id="share with minus"),
        pytest.param(
            {"method": "remainder", "of": "a", "words": "the rest"},
            "",
            "a remainder needs 'minus'",
            id="remainder without minus",
        ),
        pytest.param(
            {"method": "remainder", "of": "a", "minus": ["b"], "share": 0.5, "words": "x"},
            "",
            "and no 'share'",
            id="remainder with share",
        ),
        pytest.param(_with(SHARE, method="sum"), "method", "'share'", id="unknown method"),
        pytest.param(_with(SHARE, words=""), "words", "at least 1", id="no words"),
        pytest.param(_with(SHARE, of=...), "of", "required", id="no 'of'"),
        pytest.param(_with(SHARE, value=3), "value", "Extra", id="extra field"),
    ],
)
def test_derivation_refuses(data, field, words):
    _assert_refused(Derivation, data, field, words)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"by": "A. Verifier", "on": "2024-03-01"}, id="a day as text"),
        pytest.param({"by": "A. Verifier", "on": date(2024, 3, 1)}, id="a date object"),
        pytest.param({"by": "A. Verifier", "on": date.today().isoformat()}, id="today"),
    ],
)
def test_verification_accepts(data):
    assert _errors(Verification, data) == []


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        pytest.param({"by": "A. Verifier", "on": TOMORROW}, "on", "future", id="tomorrow"),
        pytest.param({"by": "A. Verifier", "on": "2024"}, "on", "YYYY-MM-DD", id="a year"),
        pytest.param({"by": "A. Verifier", "on": 2024}, "on", "YYYY-MM-DD", id="a number"),
        pytest.param({"by": "A. Verifier", "on": 0}, "on", "YYYY-MM-DD", id="zero (1970?)"),
        pytest.param({"by": "A. Verifier", "on": "2024-02-30"}, "on", "date", id="30 February"),
        pytest.param({"by": "", "on": "2024-03-01"}, "by", "at least 1", id="nobody"),
        pytest.param({"on": "2024-03-01"}, "by", "required", id="by missing"),
        pytest.param({"by": "A", "on": "2024-03-01", "at": "home"}, "at", "Extra", id="extra"),
    ],
)
def test_verification_refuses(data, field, words):
    _assert_refused(Verification, data, field, words)


@pytest.mark.parametrize(
    ("model", "data", "field"),
    [
        pytest.param(SourcesFile, {"sources": [SOURCE], "figures": []}, "figures", id="sources"),
        pytest.param(FiguresFile, {"figures": [FIGURE], "source": "x"}, "source", id="figures"),
        pytest.param(FiguresFile, {}, "figures", id="figures file without 'figures'"),
    ],
)
def test_files_refuse_other_top_level_keys(model, data, field):
    assert any(e.startswith(f"{field}:") for e in _errors(model, data))


# A rule about several fields names the field to fix first: its exact words, each rule.
RULES = [
    pytest.param(
        Published,
        {"date": "2014", "printed": False},
        "basis: say where the date comes from when it is not printed",
        id="a date not printed needs a basis",
    ),
    pytest.param(
        Source,
        _with(SOURCE, retrieved={"on": "2026-12-01"}, sha256="f" * 64),
        "retrieved: a source is archived ('document') or read from the web ('retrieved'), not both",
        id="archived and read from the web",
    ),
    pytest.param(
        Source,
        _with(SOURCE, document=...),
        "document: give 'document' (the archived text's file name) or 'retrieved' (the day the "
        "page was read, for a text not archived here)",
        id="neither archived nor read from the web",
    ),
    pytest.param(
        Source,
        _with(RETRIEVED, url=...),
        "url: a source read from the web needs the address it was read at",
        id="read from the web without its address",
    ),
    pytest.param(
        Source,
        _with(RETRIEVED, sha256=...),
        "sha256: give the SHA-256 of the text as read, so a copy can be proved the same",
        id="read from the web without a hash",
    ),
    pytest.param(
        Derivation,
        _with(SHARE, share=...),
        "a share needs 'share' (0 < share <= 1) and no 'minus'",
        id="a share without its share",
    ),
    pytest.param(
        Derivation,
        {"method": "remainder", "of": "a", "words": "the rest"},
        "a remainder needs 'minus' (the parts to subtract) and no 'share'",
        id="a remainder without its parts",
    ),
    pytest.param(
        Figure,
        _with(FIGURE, qualifier="range", low=250, high=350),
        "value: a range gives 'low' and 'high', not 'value'",
        id="a range with a value",
    ),
    pytest.param(
        Figure,
        _with(FIGURE, qualifier="range", value=..., high=350),
        "low: a range needs both 'low' and 'high'",
        id="a range without low",
    ),
    pytest.param(
        Figure,
        _with(FIGURE, qualifier="range", value=..., low=250),
        "high: a range needs both 'low' and 'high'",
        id="a range without high",
    ),
    pytest.param(
        Figure,
        _with(FIGURE, qualifier="range", value=..., low=350, high=350),
        "low: the range's low (350) must be below its high (350)",
        id="a range whose low is its high",
    ),
    pytest.param(
        Figure,
        _with(FIGURE, low=250),
        "low: only a range (qualifier: range) has 'low' and 'high'",
        id="a low bound without a range",
    ),
    pytest.param(
        Figure,
        _with(FIGURE, high=350),
        "high: only a range (qualifier: range) has 'low' and 'high'",
        id="a high bound without a range",
    ),
    pytest.param(
        Figure,
        _with(FIGURE, derived=SHARE),
        "value: a derived figure's value is computed, do not write it",
        id="a derived figure with a value",
    ),
    pytest.param(
        Figure,
        _with(FIGURE, value=...),
        "value: missing (or give 'derived' for a computed figure)",
        id="no value",
    ),
    pytest.param(
        Figure,
        _with(FIGURE, date_unknown=True, as_of="2015"),
        "as_of: a figure whose date is unknown ('date_unknown') has no 'as_of'",
        id="a date for a figure whose date is unknown",
    ),
    pytest.param(
        Figure,
        _with(FIGURE, scope="adults only", includes="women and minors"),
        "includes: a scoped count ('scope') counts only part of everyone",
        id="a scoped count that includes others",
    ),
    pytest.param(
        Figure,
        _with(FIGURE, takes_in_others=True),
        "takes_in_others: say in 'scope' whom else the count takes in ('all IS members "
        "arrested', 'incl. those who never left')",
        id="a count that takes in others without saying whom",
    ),
    pytest.param(
        Figure,
        _with(FIGURE, one_occasion=True),
        "one_occasion: say in 'scope' which occasion the count is of ('one repatriation "
        "flight', 'arrests during 2013 only')",
        id="a count of one occasion without saying which",
    ),
]


@pytest.mark.parametrize(("model", "data", "message"), RULES)
def test_a_rule_about_several_fields_says_exactly_what_to_fix(model, data, message):
    assert _errors(model, data) == [f": {message}"]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        pytest.param(True, "date: Input should be a valid string", id="true"),
        pytest.param(2014.5, "date: Input should be a valid string", id="a decimal number"),
        pytest.param(None, "date: Input should be a valid string", id="null"),
    ],
)
def test_only_a_whole_number_is_read_as_a_year(written, message):
    assert _errors(Published, {"date": written, "printed": True}) == [message]


@pytest.mark.parametrize(
    "written",
    [
        pytest.param(str(date.today().year), id="this year"),
        pytest.param(date.today().isoformat()[:7], id="this month"),
        pytest.param(date.today().isoformat(), id="today"),
    ],
)
def test_a_date_that_has_begun_is_not_in_the_future(written):
    # This year has days still to come; it is not a date in the future.
    assert _errors(Published, {"date": written, "printed": True}) == []
    assert _errors(Figure, _with(FIGURE, as_of=written)) == []


def test_today_is_not_in_the_future_in_a_process_started_days_ago(monkeypatch):
    # The schema notes the day it was imported, to spare a date.today() a record: a server
    # started before today must still accept today, and refuse tomorrow.
    monkeypatch.setattr(schema, "_IMPORTED_ON", date.today() - timedelta(days=3))
    assert _errors(Verification, {"by": "A. Verifier", "on": date.today().isoformat()}) == []
    assert _errors(Verification, {"by": "A. Verifier", "on": TOMORROW}) == [
        f"on: {TOMORROW} is in the future"
    ]


def test_models_are_frozen():
    figure = Figure.model_validate(FIGURE)
    with pytest.raises(ValidationError):
        figure.value = 5


# --------------------------------------------------------------------------- doctests


@pytest.mark.parametrize("module", [dates, quotes, vocab], ids=lambda m: m.__name__)
def test_doctests(module):
    result = doctest.testmod(module, verbose=False)
    assert result.attempted > 0
    assert result.failed == 0


# --------------------------------------------------------------------------- quotes

DOCUMENT = (
    "According to Le Figaro, there are currently\n100 returned jihadis in\u00a0France: 76 in "
    "detention, and the rest\nreleased on probation. The minister said \u201cwe are "
    "watching\u201d \u2014 and\u00a0added\u2019s nothing."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a\u00a0b", "a b", id="non-breaking space"),
        pytest.param("a\n  b\r\nc\td", "a b c d", id="line breaks and tabs"),
        pytest.param("\u201cyes\u201d \u2018no\u2019", "\"yes\" 'no'", id="curly quotes"),
        pytest.param("2014\u20132017 \u2014 x", "2014-2017 - x", id="dashes"),
        pytest.param("re\u00adturned", "returned", id="soft hyphen"),
        pytest.param("  padded  ", "padded", id="outer space"),
        pytest.param("ﬁve", "five", id="ligature (NFKC)"),
    ],
)
def test_normalize(text, expected):
    assert quotes.normalize(text) == expected


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        pytest.param(
            "100 returned jihadis in France: 76 in detention", True, id="NBSP in the document"
        ),
        pytest.param(
            "there are currently 100 returned jihadis", True, id="line break in the document"
        ),
        pytest.param("there are currently\n   100 returned", True, id="line break in the quote"),
        pytest.param('said "we are watching" - and', True, id="curly quotes and dash"),
        pytest.param("added's nothing", True, id="curly apostrophe"),
        pytest.param("100 returned jihadists in France", False, id="a changed word"),
        pytest.param("101 returned jihadis", False, id="a changed number"),
        pytest.param("100 Returned jihadis", False, id="changed case"),
        pytest.param("the rest released on parole", False, id="a changed ending"),
    ],
)
def test_quote_in_document(quote, found):
    assert quotes.quote_in_document(quote, DOCUMENT) is found


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        pytest.param("More than 40,000 foreigners", {40000}, id="comma thousands"),
        pytest.param("3.417 und 3 244", {3417, 3244}, id="dot and space thousands"),
        pytest.param("from 2000 to 500 a month", {2000, 500}, id="plain digits"),
        pytest.param("five Britons, three Frenchman", {5, 3}, id="small numbers in words"),
        pytest.param("sixty-three returned", {63}, id="hyphenated words"),
        pytest.param("one hundred and twenty", {120}, id="compound words"),
        pytest.param("Ten Britons came back", {10}, id="capitalised word"),
        pytest.param("Ten percent of the Russians", set(), id="a percentage is no count"),
        pytest.param("Around half", set(), id="no number"),
        pytest.param("zero returned, one stayed", {0, 1}, id="zero and one in words"),
        pytest.param("a dozen Belgians", {12}, id="a dozen"),
    ],
)
def test_numbers_in(text, numbers):
    assert quotes.numbers_in(text) == numbers


@pytest.mark.parametrize(
    ("text", "wanted", "language", "missing"),
    [
        pytest.param("five Britons and 300 French", [5, 300], None, [], id="English by default"),
        pytest.param("five Britons", [5, 6], "en", [6], id="one of two not stated"),
        pytest.param("tre italiani", [3], "it", [], id="Italian words"),
        pytest.param("tre italiani", [3], "en", [3], id="Italian words read as English"),
        pytest.param("fem nordmenn, 12 svensker", [5, 12], "nb", [5], id="digits only"),
    ],
)
def test_unstated_lists_the_numbers_a_text_does_not_state(text, wanted, language, missing):
    found = (
        quotes.unstated(text, wanted)
        if language is None
        else quotes.unstated(text, wanted, language)
    )
    assert found == missing


@pytest.mark.parametrize(
    ("text", "numbers", "phrases", "marked"),
    [
        pytest.param("At least 5,600 people", {5600}, (), ["5,600"], id="digits"),
        pytest.param("five Britons and two Germans", {5}, (), ["five"], id="a word"),
        pytest.param(
            "sixty-three of 100", {63, 100}, (), ["sixty-three", "100"], id="words and digits"
        ),
        pytest.param("from 2000 to 500 a month", {500}, (), ["500"], id="only the one asked"),
        pytest.param("76 held, the rest free", set(), ("the rest",), ["the rest"], id="phrase"),
        pytest.param("The Rest went home", set(), ("the rest",), ["The Rest"], id="any case"),
        pytest.param(
            "Around half of 500",
            {500},
            ("around half",),
            ["Around half", "500"],
            id="phrase and number",
        ),
        pytest.param("no numbers here", {5}, (), [], id="nothing to mark"),
        pytest.param("The rest, and the rest", set(), ("the rest",), ["The rest"], id="first"),
        pytest.param("halfway", set(), ("half", "way"), ["halfway"], id="touching spans merge"),
        pytest.param("a dozen went, 12 came", {12}, (), ["a dozen", "12"], id="a dozen"),
    ],
)
def test_number_spans(text, numbers, phrases, marked):
    spans = quotes.number_spans(text, numbers, phrases)
    assert [text[start:end] for start, end in spans] == marked
    assert spans == sorted(spans)


@pytest.mark.parametrize(
    ("text", "language", "marked"),
    [
        pytest.param("tre italiani e 3 francesi", "it", ["tre", "3"], id="Italian"),
        pytest.param("drie Belgen", "nl", ["drie"], id="Dutch"),
        pytest.param("three Britons, tre italiani", "it", ["tre"], id="only its language"),
        pytest.param("tre italiani", "en", [], id="another language's word"),
        pytest.param("tre italiani, 3 fem", "nb", ["3"], id="digits only"),
    ],
)
def test_number_spans_read_number_words_in_the_quotes_language(text, language, marked):
    spans = quotes.number_spans(text, {3}, language=language)
    assert [text[start:end] for start, end in spans] == marked


NEAREST_DOCUMENT = (
    "The ministry gave no figures. According to Le Figaro, there are currently 100 returned "
    "jihadis in France: 76 in detention, and the rest released on probation. Officials "
    "declined to comment."
)


# Windows of the quote's width, a quarter of it apart: the passage found is within a quarter
# width of where the text most like the quote starts.
@pytest.mark.parametrize(
    ("quote", "passage", "ratio"),
    [
        pytest.param(
            "there are currently 100 returned jihadis in France",
            "garo, there are currently 100 returned jihadis in ",
            0.88,
            id="a quote in the document",
        ),
        pytest.param(
            "there are currently 101 returned jihadis in France",
            "garo, there are currently 100 returned jihadis in ",
            0.86,
            id="one character changed",
        ),
        pytest.param(
            "76 in detention, and the rest freed",
            ": 76 in detention, and the rest rel",
            32 / 35,
            id="a changed ending",
        ),
    ],
)
def test_nearest_passage_finds_the_passage_most_like_the_quote(quote, passage, ratio):
    assert quotes.nearest_passage(quote, NEAREST_DOCUMENT) == (passage, pytest.approx(ratio))


def test_nearest_passage_reads_windows_of_the_width_asked_for():
    assert quotes.nearest_passage("76 in detention", NEAREST_DOCUMENT, width=30) == (
        "dis in France: 76 in detention",
        pytest.approx(2 * 15 / 45),
    )
    # A document shorter than the quote is one window: the whole document.
    assert quotes.nearest_passage("the rest released on probation", "the rest") == (
        "the rest",
        pytest.approx(2 * 8 / 38),
    )
    assert quotes.nearest_passage("nothing like it", "") == ("", 0.0)
    assert quotes.nearest_passage("xyz", "abc") == ("", 0.0)  # nothing in common


@pytest.mark.parametrize(
    ("quote", "document", "expected"),
    [
        pytest.param("abc", "xabcx", ("abc", 1.0), id="a short quote: every offset"),
        pytest.param("bcd", "abc", ("abc", 2 / 3), id="as long as the document: one window"),
        pytest.param("end", "the end", ("end", 1.0), id="the last window"),
        pytest.param("abzzz", "qqqqqab", ("qqqab", 0.4), id="no window past the end"),
        pytest.param("abcd", "abc xxxxxxxx abcd", ("abcd", 1.0), id="past a poor window"),
        pytest.param("ab " * 70, "x " + "ab " * 70, ("x " + "ab " * 69, 207 / 209), id="long"),
    ],
)
def test_nearest_passage_looks_at_every_window_in_quarter_steps(quote, document, expected):
    # A quote of 200 characters or more keeps its common characters (difflib's "autojunk"
    # would drop them, and find nothing like a quote made of them).
    found, ratio = quotes.nearest_passage(quote, document)
    assert (found, ratio) == (expected[0], pytest.approx(expected[1]))


def test_number_spans_merge_overlaps():
    text = "the rest of 100"
    assert quotes.number_spans(text, {100}, ("the rest of 100", "rest")) == [(0, len(text))]


@pytest.mark.parametrize(
    ("quote", "value", "language", "problem"),
    [
        pytest.param("Some 300 returned.", 300, "en", None, id="digits"),
        pytest.param("About a dozen returned.", 12, "en", None, id="a dozen is twelve"),
        pytest.param("Two dozen were charged.", 24, "en", None, id="two dozen"),
        pytest.param(
            "Dozens returned.", 12, "en", "the quote does not state the number 12", id="dozens"
        ),
        pytest.param("Di questi, tre sono in carcere.", 3, "it", None, id="Italian words"),
        pytest.param("Drie zijn teruggekeerd.", 3, "nl", None, id="Dutch words"),
        pytest.param(
            "Tre sono in carcere.",
            3,
            "en",
            "the quote does not state the number 3",
            id="Italian words read as English",
        ),
        pytest.param(
            "Tre er dømt.", 3, "nb", "the quote does not state the number 3", id="digits only"
        ),
        pytest.param("40 er dømt.", 40, "nb", None, id="Norwegian digits"),
    ],
)
def test_a_quote_states_its_number_in_the_language_of_its_source(quote, value, language, problem):
    figure = Figure(**_with(FIGURE, quote=quote, value=value))
    assert loader.statement_problem(figure, language) == problem


def test_the_json_schema_says_what_a_validator_checks():
    # Editors and the data package's Table Schema read the enum from it.
    assert Figure.model_json_schema()["properties"]["metric"] == {
        "enum": list(METRICS),
        "title": "Metric",
        "type": "string",
    }
