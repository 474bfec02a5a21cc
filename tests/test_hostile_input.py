"""Hostile values in the fields that are not free text are refused where they are written.

Free text (quotes, titles, notes...) may hold anything and is shown as text (tests/browser).
An entity is shown by its name from pycountry, looked up by code, so a code that is not one is
an error; an address becomes a link, so one that is not http(s) is an error. Either error names
the file, line, record and field, as `returnees validate` prints it.
"""

from __future__ import annotations

import pytest

from returnees.cli import main
from tests.datasets import LONG_WORD, figure, source, write_dataset

FIGURE_ID = "src-fra-returned"
SOURCE_ID = "src-2020-report"


def _validate(folder, capsys) -> tuple[int, str]:
    code = main(["validate", "--data", str(folder)])
    return code, capsys.readouterr().out


def _line_of(text: str, key: str) -> int:
    (line,) = [i for i, row in enumerate(text.splitlines(), 1) if row.lstrip().startswith(key)]
    return line


@pytest.fixture(autouse=True)
def _schema_only(monkeypatch):
    monkeypatch.delenv("RETURNEES_DOCUMENTS", raising=False)  # no quote check


@pytest.mark.parametrize(
    "entity",
    [
        pytest.param("<script>alert(1)</script>", id="script tag"),
        pytest.param("FRA<img src=x onerror=alert(1)>", id="code then an img tag"),
        pytest.param("[FRA](javascript:alert(1))", id="markdown javascript link"),
        pytest.param(":red[FRA]", id="streamlit colour directive"),
        pytest.param("&#70;RA", id="html entity"),
        pytest.param("ＦＲＡ", id="full-width letters"),
        pytest.param("FRA\u200b", id="zero-width space"),
        pytest.param(LONG_WORD, id="5,000 characters"),
    ],
)
def test_a_hostile_entity_code_is_refused_where_it_is_written(tmp_path, capsys, entity):
    folder = write_dataset(tmp_path, [source()], [figure(FIGURE_ID, entity, "returned", 5)])
    line = _line_of((folder / "figures" / "test.yaml").read_text("utf-8"), "entity:")
    code, out = _validate(folder, capsys)
    assert code == 1
    assert out == (
        f"figures/test.yaml:{line}: {FIGURE_ID}: entity: unknown entity {entity!r}: use an "
        "ISO 3166-1 alpha-3 code, XKX, or an aggregate (WORLD, EU, EUROPE, ...: the table of "
        "aggregates in docs/dataset.md)\n"
    )


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("data:text/html,<script>alert(1)</script>", id="data: html"),
        pytest.param("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", id="base64"),
        pytest.param("javascript:alert(1)", id="javascript:"),
        pytest.param("JaVaScRiPt:alert(1)", id="javascript: in mixed case"),
        pytest.param("  javascript:alert(1)", id="javascript: after spaces"),
        pytest.param("\x01javascript:alert(1)", id="javascript: after a control character"),
        pytest.param("vbscript:msgbox(1)", id="vbscript:"),
        pytest.param("file:///etc/passwd", id="file:"),
        pytest.param("//evil.example/x", id="scheme-relative"),
        pytest.param("https:evil.example", id="https without a host"),
        pytest.param("[x](https://example.org)", id="markdown link"),
    ],
)
def test_a_source_address_that_is_not_http_is_refused_where_it_is_written(tmp_path, capsys, url):
    folder = write_dataset(
        tmp_path, [source(SOURCE_ID, url=url)], [figure(FIGURE_ID, "FRA", "returned", 5)]
    )
    line = _line_of((folder / "sources.yaml").read_text("utf-8"), "url:")
    code, out = _validate(folder, capsys)
    assert code == 1
    assert out == f"sources.yaml:{line}: {SOURCE_ID}: url: must be an http:// or https:// address\n"
