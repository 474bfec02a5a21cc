"""What `returnees coverage` counts: countries by metric (never aggregates), sources by year."""

from __future__ import annotations

from returnees.coverage import countries_by_metric, coverage_markdown
from returnees.loader import load_or_raise
from tests.datasets import figure, source, write_dataset


def _dataset(tmp_path):
    later = source("src-2021-other", published={"date": "2021-03", "printed": True}, kind="other")
    figures = [
        figure("a", "FRA", "travelled", 1900),
        figure("b", "FRA", "returned", 250),
        figure("c", "DEU", "returned", 300),
        figure("d", "WESTERN_BALKANS", "travelled", 1000),
        figure("e", "BEL", "convicted", 40, source="src-2021-other"),
    ]
    return load_or_raise(write_dataset(tmp_path / "data", [source(), later], figures))


def test_countries_by_metric_leaves_aggregates_out(tmp_path):
    found = countries_by_metric(_dataset(tmp_path))
    assert found["travelled"] == {"FRA"}
    assert found["returned"] == {"FRA", "DEU"}


def test_coverage_counts_countries_with_both_and_with_a_justice_figure(tmp_path):
    text = coverage_markdown(_dataset(tmp_path))
    assert "5 figures from 2 sources (2 archived here)." in text
    assert "| travelled or returned | 2 | DEU, FRA |" in text
    assert "| both travelled and returned | 1 | FRA |" in text
    assert "| detained, prosecuted or convicted | 1 | BEL |" in text
    assert "Aggregates with figures: `WESTERN_BALKANS`." in text


def test_coverage_counts_sources_by_year_and_kind(tmp_path):
    text = coverage_markdown(_dataset(tmp_path))
    assert "| sources published in | news | other | all |" in text
    assert "| 2020 | 1 |  | 1 |" in text
    assert "| 2021 |  | 1 | 1 |" in text
