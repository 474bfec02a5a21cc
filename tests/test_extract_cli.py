"""`returnees candidates` and `returnees verify` from the command line."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pycountry
import pytest
import yaml

from benchmarks import extract as extract_benchmark
from extract import entities
from extract.verify import nearest_passage
from returnees import quotes
from returnees.cli import main
from returnees.loader import load_dataset
from tests.conftest import DATA_DIR

CASE = Path(__file__).parent / "extract_cases" / "news-2018.txt"
JSON_FIELDS = {
    "entity",
    "metric",
    "value",
    "value_low",
    "value_high",
    "qualifier",
    "quote",
    "confidence",
    "reason",
    "locator",
    "derived",
    "verified",
    "document_sha256",
}


def candidates(*args: str) -> int:
    return main(["candidates", str(CASE), "--source", "news-2018", *args])


# --------------------------------------------------------------------------- candidates


def test_yaml_carries_the_documents_hash_and_dataset_shaped_entries(tmp_path, capsys):
    out = tmp_path / "candidates" / "news-2018.yaml"
    assert candidates("--out", str(out)) == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["document"]["sha256"] == hashlib.sha256(CASE.read_bytes()).hexdigest()
    assert data["source"] == "news-2018"
    assert data["figures"] and all(f["verified"] is False for f in data["figures"])
    assert all(f["confidence"] in ("high", "medium") for f in data["figures"])
    assert all(f["confidence"] == "low" and f["reason"] for f in data["set_aside"])
    first = data["figures"][0]
    assert list(first)[:4] == ["id", "entity", "metric", "qualifier"]
    assert "candidate(s) to review" in capsys.readouterr().err


def test_locators_point_at_the_number(tmp_path):
    out = tmp_path / "c.json"
    assert candidates("--format", "json", "--out", str(out)) == 0
    text = CASE.read_text(encoding="utf-8")
    lines = text.split("\n")
    records = json.loads(out.read_text(encoding="utf-8"))
    assert records and all(set(r).issuperset(JSON_FIELDS) for r in records)
    for r in records:
        loc = r["locator"]
        written = text[loc["offset"] : loc["offset"] + loc["length"]]
        assert written in r["as_written"]
        assert lines[loc["line"] - 1][loc["column"] - 1 :].startswith(written)
        assert quotes.quote_in_document(r["quote"], text)


def test_json_is_printed_when_no_out_is_given(capsys):
    assert candidates("--format", "json") == 0
    records = json.loads(capsys.readouterr().out)
    assert {r["entity"] for r in records if r["confidence"] != "low"} >= {"GBR", "FRA", "WORLD"}


def test_never_writes_inside_the_data_directory(tmp_path, capsys):
    target = DATA_DIR / "figures" / "candidates-test.yaml"
    assert candidates("--out", str(target)) == 2
    assert not target.exists()
    assert "inside the data directory" in capsys.readouterr().err
    other = tmp_path / "data"
    other.mkdir()
    assert candidates("--data", str(other), "--out", str(other / "x.yaml")) == 2
    assert not (other / "x.yaml").exists()


def test_never_overwrites_without_force(tmp_path, capsys):
    out = tmp_path / "c.yaml"
    out.write_text("mine\n")
    assert candidates("--out", str(out)) == 2
    assert out.read_text() == "mine\n"
    assert "--force" in capsys.readouterr().err
    assert candidates("--out", str(out), "--force") == 0
    assert out.read_text().startswith("# Candidate figures")


def test_a_source_not_yet_in_sources_yaml_is_noted(tmp_path, capsys):
    assert candidates("--out", str(tmp_path / "c.yaml")) == 0
    assert "not in" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["candidates", "missing.txt", "--source", "x"], "is not a file"),
        (["candidates", str(CASE), "--source", "Not A Slug"], "is not a source id"),
    ],
    ids=["missing file", "bad source id"],
)
def test_bad_arguments_exit_2(args, message, capsys):
    assert main(args) == 2
    assert message in capsys.readouterr().err


# --------------------------------------------------------------------------- verify


def test_verify_passes_on_the_shipped_dataset(documents_dir, capsys):
    assert main(["verify", "--documents", str(documents_dir), "--data", str(DATA_DIR)]) == 0
    out = capsys.readouterr().out
    assert "24 figures checked against archived documents or copies, 24 passed, 0 failed" in out
    assert "ok   rfn-2017-5700-returned (003_ee961d83b641e2f1.txt): 11 checked, 11 passed" in out


def test_verify_reads_the_documents_folder_from_the_environment(documents_dir, monkeypatch):
    monkeypatch.setenv("RETURNEES_DOCUMENTS", str(documents_dir))
    assert main(["verify", "--data", str(DATA_DIR)]) == 0


def _tampered(tmp_path: Path, old: str, new: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "figures" / "rfn-2017-5700-returned.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return data


def test_verify_shows_the_failing_quote_and_the_nearest_passage(documents_dir, tmp_path, capsys):
    data = _tampered(tmp_path, "more than 5,000 people travelled", "more than 5,000 persons went")
    assert main(["verify", "--documents", str(documents_dir), "--data", str(data)]) == 1
    out = capsys.readouterr().out
    assert "FAIL rfn-2017-5700-returned (003_ee961d83b641e2f1.txt): 11 checked, 10 passed" in out
    assert "rfn-2017-5700-returned.yaml:" in out and "rfn-eu-travelled" in out
    assert "the quote is not in the document" in out
    assert (
        "nearest: In the European Union, more than 5,000 people travelled to Syria and Iraq. "
        "Of them, more than 1,200 came back, the report said." in out
    )
    assert "ok   vice-2014-french-recruits" in out
    assert "24 figures checked against archived documents or copies, 23 passed, 1 failed" in out


def test_verify_fails_a_quote_that_does_not_state_its_number(documents_dir, tmp_path, capsys):
    data = _tampered(tmp_path, "value: 760", "value: 761")
    assert main(["verify", "--documents", str(documents_dir), "--data", str(data)]) == 1
    assert "does not state the number 761" in capsys.readouterr().out


def test_verify_fails_when_a_document_is_missing(tmp_path, capsys):
    empty = tmp_path / "documents"
    empty.mkdir()
    assert main(["verify", "--documents", str(empty), "--data", str(DATA_DIR)]) == 1
    assert "document not found" in capsys.readouterr().out


def test_verify_needs_a_documents_folder(monkeypatch, capsys):
    monkeypatch.delenv("RETURNEES_DOCUMENTS", raising=False)
    assert main(["verify", "--data", str(DATA_DIR)]) == 2
    assert "RETURNEES_DOCUMENTS" in capsys.readouterr().err


def test_nearest_passage_starts_and_ends_on_the_documents_words():
    document = (
        "Thousands have left. In the European Union, more than 5,000 people travelled to Syria "
        "and Iraq. Of them, more than 1,200 came back, the report said. Turkey reported 900."
    )
    quote = "In the European Union, more than 5,000 persons travelled to Syria and Iraq."
    passage, ratio = nearest_passage(quote, document)
    assert passage == "In the European Union, more than 5,000 people travelled to Syria and Iraq."
    assert ratio >= quotes.nearest_passage(quote, document)[1]


# --------------------------------------------------------------------------- entities

AMBIGUOUS = {"COD": "Congolese", "COG": "Congolese", "DMA": "Dominican"}


@pytest.mark.parametrize("country", list(pycountry.countries), ids=lambda c: c.alpha_3)
def test_every_country_is_found_by_name_and_demonym(country):
    assert entities.resolve(country.name) == country.alpha_3
    if country.alpha_3 in entities.NO_DEMONYM or country.alpha_3 in AMBIGUOUS:
        return
    forms = entities.index().demonyms[country.alpha_3]
    assert any(entities.resolve(f) == country.alpha_3 for f in forms), forms


def test_shared_demonyms_are_not_guessed():
    assert entities.resolve("Congolese") is None
    assert entities.resolve("Dominican") == "DOM"
    assert entities.resolve("Kosovo") == entities.resolve("Kosovars") == "XKX"


def test_the_throughput_benchmark_runs(capsys):
    assert (
        extract_benchmark.main(["--documents", str(CASE.parent), "--repeat", "1", "--scale", "2"])
        == 0
    )
    assert re.search(r"^document=\S+ kb=[\d.]+ .* kb_per_s=\d+ ", capsys.readouterr().out, re.M)


def _with_a_source_read_from_the_web(tmp_path: Path) -> Path:
    """The shipped dataset plus a source that is not archived here, with one figure."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    with (data / "sources.yaml").open("a", encoding="utf-8") as sources:
        sources.write(
            "\n  - id: web-2018-returns\n    publisher: Example News\n"
            "    title: Returns counted\n    published: {date: 2018-02-06, printed: true}\n"
            "    url: https://news.example.org/returns\n    retrieved: {on: 2026-12-01}\n"
            f"    sha256: {'ab' * 32}\n    kind: news\n"
        )
    (data / "figures" / "web-2018-returns.yaml").write_text(
        "figures:\n  - id: web-nld-returned\n    entity: NLD\n    metric: returned\n"
        "    value: 60\n    source: web-2018-returns\n    originator: unattributed\n"
        "    quote: Some 60 have come back.\n"
        "    verified: {by: Test suite, on: 2026-12-01}\n",
        encoding="utf-8",
    )
    return data


def test_verify_counts_a_source_read_from_the_web_as_not_archived(documents_dir, tmp_path, capsys):
    data = _with_a_source_read_from_the_web(tmp_path)
    assert main(["verify", "--documents", str(documents_dir), "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "--   web-2018-returns (not archived here): 1 figure not archived here" in out
    dataset = load_dataset(data).dataset
    web = sum(1 for f in dataset.figures if not dataset.sources[f.source].archived)
    assert (
        f"24 figures checked against archived documents or copies, 24 passed, 0 failed; "
        f"{web} figure{'s' if web != 1 else ''} not archived here" in out
    )


@pytest.mark.parametrize(
    ("copy", "code", "line"),
    [
        pytest.param(
            "Some 60 have come back.",
            0,
            "ok   web-2018-returns (web-2018-returns.txt): 1 checked, 1 passed",
            id="the copy read is checked",
        ),
        pytest.param(
            "Some 61 have come back.",
            1,
            "FAIL web-2018-returns (web-2018-returns.txt): the copy's SHA-256 is not the one",
            id="another text fails on its hash",
        ),
    ],
)
def test_verify_checks_a_copy_of_a_text_read_from_the_web_by_its_hash(
    documents_dir, tmp_path, capsys, copy, code, line
):
    data = _with_a_source_read_from_the_web(tmp_path)
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "web-2018-returns.txt").write_text(copy, encoding="utf-8")
    recorded = hashlib.sha256(b"Some 60 have come back.").hexdigest()
    sources = data / "sources.yaml"
    sources.write_text(sources.read_text("utf-8").replace("ab" * 32, recorded), "utf-8")
    args = ["verify", "--documents", str(documents_dir), "--texts", str(texts), "--data", str(data)]
    assert main(args) == code
    assert line in capsys.readouterr().out
