"""`returnees candidates` on the five archived documents, measured against the verified dataset.

Every figure recorded in data/ for a document must be among its candidates (same entity and
value; for a derived figure, the same derivation of the same base value), and proposed, not set
aside. The recall, precision and metric agreement per document are printed with the test output
(docs/extraction.md, "Adding a source", quotes them).
"""

from __future__ import annotations

import json
from datetime import date

import pytest
import yaml

from extract.evaluate import score, table
from returnees.cli import main
from returnees.loader import load_dataset, load_or_raise
from tests.conftest import DATA_DIR

DATASET = load_or_raise(DATA_DIR)
# The archived documents the rules were written from; sources read from the web are scored by
# `python -m extract.evaluate --texts` against copies kept out of the repository.
SOURCES = [s.id for s in DATASET.sources.values() if s.archived]
CANDIDATE_FIELDS = ("confidence", "reason", "locator", "as_written")


def _run(documents_dir, tmp_path, source_id: str, fmt: str):
    source = DATASET.sources[source_id]
    target = tmp_path / f"{source_id}.{fmt}"
    args = ["candidates", str(documents_dir / source.document), "--source", source_id]
    assert main([*args, "--format", fmt, "--out", str(target)]) == 0
    return target.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def scores(documents_dir, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("candidates")
    return {
        source: score(source, DATASET, json.loads(_run(documents_dir, tmp, source, "json")))
        for source in SOURCES
    }


def test_recall_and_precision_per_document_are_printed(scores, capsys):
    with capsys.disabled():
        print("\n\nCandidates against the verified dataset (python -m extract.evaluate):")
        print(table(list(scores.values())))
    assert len(scores) == len(SOURCES)


@pytest.mark.parametrize("source", SOURCES)
def test_every_recorded_figure_is_proposed(scores, source):
    result = scores[source]
    assert result.missed == [], f"not among the candidates: {result.missed}"
    assert len(result.found_proposed) == result.recorded, "found only among the set-aside ones"


@pytest.mark.parametrize("source", SOURCES)
def test_little_else_is_proposed(scores, source):
    result = scores[source]
    extra = [
        (r["locator"]["line"], r["entity"], r["metric"], r["as_written"]) for r in result.extra
    ]
    if result.recorded == 0:
        assert result.proposed == 0, f"a source with no figures got candidates: {extra}"
    else:
        assert result.precision >= 0.9, f"proposed but not recorded: {extra}"


@pytest.mark.parametrize("source", SOURCES)
def test_the_metric_agrees_with_the_recorded_one(scores, source):
    result = scores[source]
    if result.found:
        assert result.metric_agreement >= 0.9


def test_the_reviewed_yaml_is_one_edit_away_from_valid_data(documents_dir, tmp_path):
    """Take every proposed candidate as it is, drop the candidate-only fields, say whose count
    it is and sign it: the result is a dataset that validates, quote check included."""
    data = tmp_path / "data"
    (data / "figures").mkdir(parents=True)
    shipped = yaml.safe_load((DATA_DIR / "sources.yaml").read_text(encoding="utf-8"))
    archived = [s for s in shipped["sources"] if s["id"] in SOURCES]
    text = yaml.safe_dump({"sources": archived}, allow_unicode=True, sort_keys=False)
    (data / "sources.yaml").write_text(text, encoding="utf-8")
    written = 0
    for source in SOURCES:
        candidates = yaml.safe_load(_run(documents_dir, tmp_path, source, "yaml"))
        assert candidates["source"] == source
        figures = []
        for entry in candidates["figures"]:
            assert entry["verified"] is False
            for name in CANDIDATE_FIELDS:
                entry.pop(name, None)
            entry["originator"] = "unattributed"  # the reviewer names the body that counted
            entry["verified"] = {"by": "test", "on": date(2026, 1, 1)}
            figures.append(entry)
        if figures:
            text = yaml.safe_dump({"figures": figures}, allow_unicode=True, sort_keys=False)
            (data / "figures" / f"{source}.yaml").write_text(text, encoding="utf-8")
            written += len(figures)
    originators = {
        "originators": [{"id": "unattributed", "name": "Not attributed", "kind": "unknown"}]
    }
    (data / "originators.yaml").write_text(yaml.safe_dump(originators), encoding="utf-8")
    result = load_dataset(data, documents_dir)
    assert [str(p) for p in result.errors] == []
    assert written == sum(1 for f in DATASET.figures if f.source in SOURCES)
