"""The shipped dataset: valid, quote-checked, and every figure exported with its quote."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from returnees import citations, reference
from returnees.cli import main
from returnees.frames import EXPORT_COLUMNS, figures_frame
from returnees.loader import load_dataset, load_or_raise
from tests.conftest import DATA_DIR


def test_shipped_dataset_validates_without_problems():
    result = load_dataset(DATA_DIR)
    assert result.dataset is not None, "\n".join(map(str, result.problems))
    assert result.problems == []


def test_every_quote_is_in_its_document_and_states_its_number(documents_dir):
    result = load_dataset(DATA_DIR, documents_dir)
    assert [str(p) for p in result.problems] == []


def test_every_source_document_is_listed_even_without_figures():
    dataset = load_dataset(DATA_DIR).dataset
    documents = sorted(s.document for s in dataset.sources.values() if s.document)
    assert documents == [
        f"00{i}_{h}.txt"
        for i, h in enumerate(
            [
                "0256b539f869a703",
                "ae2673a5f9e9625e",
                "f4f4ccd259efc100",
                "ee961d83b641e2f1",
                "620e9d149ed868a7",
            ]
        )
    ]
    no_figures = [s.id for s in dataset.sources.values() if s.no_figures and s.archived]
    assert no_figures == ["icsve-2017-prosecute-or-raise-voices"]


@pytest.mark.parametrize(
    ("figure_id", "value"),
    [
        pytest.param("rfn-world-returned-headline", 5700, id="headline 5,700"),
        pytest.param("rfn-world-returned", 5600, id="body at least 5,600"),
        pytest.param("rfn-rus-returned", 341.7, id="ten percent of 3,417"),
        pytest.param("ins-gbr-returned", 250, id="around half of more than 500"),
        pytest.param("vice-fra-released-on-probation", 24, id="the rest of 100 after 76"),
    ],
)
def test_disagreeing_and_derived_figures_are_recorded(figure_id, value):
    dataset = load_dataset(DATA_DIR).dataset
    assert dataset.values[figure_id] == pytest.approx(value)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_has_one_row_per_figure_with_the_columns_in_order(fmt, capsys):
    assert main(["export", "--format", fmt, "--data", str(DATA_DIR)]) == 0
    out = capsys.readouterr().out
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert list(rows[0]) == EXPORT_COLUMNS
    else:
        rows = json.loads(out)
        assert list(rows[0]) == EXPORT_COLUMNS
    dataset = load_dataset(DATA_DIR).dataset
    assert sorted(r["figure_id"] for r in rows) == sorted(f.id for f in dataset.figures)
    assert all(r["quote"] for r in rows)


def test_validate_exits_zero_on_the_shipped_data_with_the_quote_check(documents_dir, capsys):
    assert main(["validate", "--data", str(DATA_DIR), "--documents", str(documents_dir)]) == 0
    assert "archived quotes found in their documents" in capsys.readouterr().err


def test_the_five_seed_sources_and_their_24_figures_stay_exactly_as_they_are():
    # Growing the dataset from pages read on the web never rewrites what the archived
    # documents support: tests/golden/seeds.json is the seeds' records as verified.
    golden = json.loads((Path(__file__).parent / "golden" / "seeds.json").read_text("utf-8"))
    dataset = load_dataset(DATA_DIR).dataset
    seeds = [s for s in dataset.sources.values() if s.archived]
    ids = {s.id for s in seeds}
    # Fields left at their defaults are left out, so a new optional field changes nothing here.
    dump = {"mode": "json", "exclude_defaults": True}
    assert [s.model_dump(**dump) for s in seeds] == golden["sources"]
    figures = [f.model_dump(**dump) for f in dataset.figures if f.source in ids]
    assert figures == golden["figures"]
    assert (len(golden["sources"]), len(golden["figures"])) == (5, 24)


@pytest.mark.parametrize(
    ("entity", "metric", "shown", "not_shown"),
    [
        pytest.param("USA", "travelled", "at least 129", "64", id="not one study's sample"),
        pytest.param("SAU", "travelled", "3,244", "about 1,540", id="not those fighting then"),
        pytest.param("IDN", "returned", "47", "18", id="not those who fled in 2017"),
        pytest.param("AUS", "returned", "at least 40", "about 30", id="not those back before IS"),
        pytest.param(
            "TJK",
            "returned",
            "more than 300 (women and children repatriated, 2019-2023)",
            "about 100",
            id="not only those back since 2015",
        ),
    ],
)
def test_the_shipped_charts_show_a_count_of_the_metrics_people(entity, metric, shown, not_shown):
    figures = figures_frame(load_or_raise(DATA_DIR))
    row = reference.cross_section(figures).set_index(["entity", "metric"]).loc[(entity, metric)]
    assert row["value_text"] == shown
    slot = figures[(figures["entity"] == entity) & (figures["metric"] == metric)]
    assert not_shown in set(slot["number_text"])  # the scoped count is still in the profile


def test_no_text_a_reader_sees_names_a_record_by_its_id():
    # Notes and bases are printed in cards and the pack: "see highergroundtimes-2017-..." is
    # our file's name for a page, not one a reader can look up. A figure's notes may name
    # another figure by id: cards and the pack print its country, metric, value and date. (A
    # computation names the figure it rests on by id, as the Data page's rows do.)
    dataset = load_or_raise(DATA_DIR)
    ids = [*dataset.sources, *(f.id for f in dataset.figures)]
    texts = [
        text
        for source in dataset.sources.values()
        for text in (source.notes, source.published.basis, source.authors_basis)
    ] + [figure.scope for figure in dataset.figures]
    texts += [
        text
        for figure in dataset.figures
        for label, text in citations.figure_rows(dataset, figure)
        if label == "Notes"
    ]
    named = [(i, t) for t in texts if t for i in ids if i in t]
    assert named == []
