"""`returnees validate` on a corpus of broken datasets: exactly the expected lines, never a crash.

Each folder under tests/malformed/ is a small data directory (`sources.yaml`, `figures/*.yaml`)
with one kind of mistake, and `expected.txt`: the exact lines `returnees validate --data DIR`
prints, `file:line: record-id: field: message`. To rewrite the expected files after a deliberate
change of messages, run with RETURNEES_REGENERATE_EXPECTED=1 and review the diff.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from returnees.cli import main

MALFORMED = Path(__file__).parent / "malformed"
CASES = sorted(p.name for p in MALFORMED.iterdir() if p.is_dir())
REGENERATE = os.environ.get("RETURNEES_REGENERATE_EXPECTED") == "1"


def _validate(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["validate", "--data", str(data_dir)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_corpus_covers_at_least_25_mistakes():
    assert len(CASES) >= 25
    assert all((MALFORMED / case / "expected.txt").is_file() or REGENERATE for case in CASES)


@pytest.mark.parametrize("case", CASES)
def test_validate_prints_exactly_the_expected_problems(case, capsys, monkeypatch):
    monkeypatch.delenv("RETURNEES_DOCUMENTS", raising=False)  # the schema alone, no quotes
    data_dir = MALFORMED / case
    code, out, err = _validate(data_dir, capsys)
    expected_file = data_dir / "expected.txt"
    if REGENERATE:
        expected_file.write_text(out, encoding="utf-8")
    assert "Traceback" not in out + err
    assert code == 1, out
    assert out == expected_file.read_text(encoding="utf-8")
    assert err.strip().endswith(f"error(s) in {data_dir}")


def test_an_alias_bomb_is_refused_quickly(capsys):
    # A billion laughs: nine levels of nine aliases expand to 387 million strings.
    start = time.perf_counter()
    code, out, _ = _validate(MALFORMED / "alias-bomb", capsys)
    elapsed = time.perf_counter() - start
    assert code == 1
    assert "alias bomb" in out
    assert elapsed < 5, f"took {elapsed:.1f} s"  # expanding it would take minutes and gigabytes


WARNING_SOURCES = """\
sources:
  - id: news-2017-returns
    publisher: Example News
    title: Foreign fighters are coming home
    published: {date: 2017-10-25, printed: true}
    url: https://news.example.org/2017/10/25/returns
    document: news-2017-returns.txt
    kind: news
"""
WARNING_ORIGINATORS = """\
originators:
  - {id: test-centre, name: Test Centre, kind: research}
"""
WARNING_FIGURES = """\
figures:
  - id: news-bel-travelled
    entity: BEL
    metric: travelled
    value: 400
    source: news-2017-returns
    originator: test-centre
    quote: 400 Belgians travelled to Syria.
    verified: {by: Test Engineer, on: 2024-03-01}

  - id: news-bel-returned
    entity: BEL
    metric: returned
    qualifier: more_than
    value: 450
    source: news-2017-returns
    originator: test-centre
    quote: More than 450 have come back to Belgium.
    verified: {by: Test Engineer, on: 2024-03-01}
"""


def test_returned_greater_than_travelled_is_a_warning_not_an_error(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("RETURNEES_DOCUMENTS", raising=False)
    (tmp_path / "figures").mkdir()
    (tmp_path / "sources.yaml").write_text(WARNING_SOURCES, encoding="utf-8")
    (tmp_path / "originators.yaml").write_text(WARNING_ORIGINATORS, encoding="utf-8")
    (tmp_path / "figures" / "news-2017-returns.yaml").write_text(WARNING_FIGURES, "utf-8")
    code, out, err = _validate(tmp_path, capsys)
    assert code == 0, out
    assert out == (
        "figures/news-2017-returns.yaml:15: news-bel-returned: value: warning: returned (450) "
        "is greater than travelled (400) in news-bel-travelled for BEL\n"
    )
    assert "ok: 2 figures from 1 sources" in err
    assert "1 warning(s)" in err
