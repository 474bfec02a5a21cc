"""Whole texts of our own (tests/extract_cases/*.txt): the candidates proposed are exactly the
figures in the matching *.expected.yaml (recall and precision 1.0), with the recorded metric."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extract import extract_file

CASES = Path(__file__).parent / "extract_cases"
TEXTS = sorted(CASES.glob("*.txt"))


def _key(entry: dict) -> tuple:
    if "share" in entry:
        return (entry["entity"], entry["metric"], "share", round(entry["share"], 4), entry["of"])
    if "low" in entry:
        return (entry["entity"], entry["metric"], "range", entry["low"], entry["high"])
    return (entry["entity"], entry["metric"], entry["qualifier"], entry["value"])


def _candidate_key(c) -> tuple:
    if c.derived and c.derived["method"] == "share":
        return (c.entity, c.metric, "share", round(c.derived["share"], 4), c.base.value)
    if c.low is not None:
        return (c.entity, c.metric, "range", c.low, c.high)
    return (c.entity, c.metric, c.qualifier, c.value)


@pytest.mark.parametrize("path", TEXTS, ids=[p.stem for p in TEXTS])
def test_candidates_are_the_figures_a_careful_reader_records(path):
    expected = yaml.safe_load(path.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
    wanted = sorted(_key(e) for e in expected["figures"])
    got = sorted(_candidate_key(c) for c in extract_file(path, "test-case").proposed)
    assert [k for k in wanted if k not in got] == [], "missed"
    assert [k for k in got if k not in wanted] == [], "proposed but not a figure"


def test_there_are_cases():
    assert len(TEXTS) >= 2
