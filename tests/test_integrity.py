"""The checks a wrong number would slip through unseen, each with the cases that pass and fail.

Each test here was first seen to fail with the bug it names planted in the code: a range's
quote checked for its low bound only, a derivation's words not checked against its quote, a
remainder that subtracts only its first part, shares rounded to one decimal, two figures of
one file with one id loaded as one value.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from returnees import citations
from returnees.loader import LoadResult, load_dataset
from tests.datasets import figure, source, write_dataset

DOCUMENT = "000_test.txt"  # the document of tests.datasets.source()
TOTAL = "src-fra-travelled"


def _load(tmp_path: Path, figures: list[dict], document: str | None = None) -> LoadResult:
    """The figures with one source; with `document`, quote-checked against that text."""
    data = write_dataset(tmp_path / "data", [source()], figures)
    documents = None
    if document is not None:
        documents = tmp_path / "documents"
        documents.mkdir()
        (documents / DOCUMENT).write_text(document, encoding="utf-8")
    return load_dataset(data, documents)


def _quote_errors(result: LoadResult) -> dict[str, str]:
    return {p.record: p.message for p in result.errors if p.field == "quote"}


# --------------------------------------------------------------------------- the quote check


@pytest.mark.parametrize(
    ("quote", "missing"),
    [
        pytest.param("Between 2,000 and 2,500 people went.", None, id="both bounds: passes"),
        pytest.param("From two thousand to 2500 people went.", None, id="in words: passes"),
        pytest.param("At least 2,000 people went.", "2,500", id="low bound only: fails"),
        pytest.param("Up to 2,500 people went.", "2,000", id="high bound only: fails"),
        pytest.param("Some 2,250 people went.", "2,000", id="neither bound: fails"),
    ],
)
def test_a_ranges_quote_must_state_both_its_bounds(tmp_path, quote, missing):
    ranged = figure(TOTAL, "FRA", "travelled", qualifier="range", low=2000, high=2500, quote=quote)
    result = _load(tmp_path, [ranged], document=f"Report.\n\n{quote}\n")
    expected = {TOTAL: f"the quote does not state the number {missing}"} if missing else {}
    assert _quote_errors(result) == expected


@pytest.mark.parametrize(
    ("quote", "words", "passes"),
    [
        pytest.param("100 went, and half of them came back.", "half of them", True, id="passes"),
        pytest.param("100 went, and HALF of them came back.", "half of them", True, id="any case"),
        pytest.param("100 went, and a third came back.", "half of them", False, id="other words"),
        pytest.param("100 went, and 50 came back.", "half of them", False, id="no words"),
    ],
)
def test_a_derived_figures_quote_must_hold_the_words_it_rests_on(tmp_path, quote, words, passes):
    total = figure(TOTAL, "FRA", "travelled", 100, quote=quote)
    share = figure(
        "src-fra-returned",
        "FRA",
        "returned",
        derived={"method": "share", "of": TOTAL, "share": 0.5, "words": words},
        quote=quote,
    )
    result = _load(tmp_path, [total, share], document=f"Report.\n\n{quote}\n")
    expected = (
        {}
        if passes
        else {"src-fra-returned": f"the quote does not contain the derivation's words {words!r}"}
    )
    assert _quote_errors(result) == expected


# --------------------------------------------------------------------------- derived values


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        pytest.param([30], 70, id="one part"),
        pytest.param([30, 20], 50, id="two parts"),
        pytest.param([30, 20, 45], 5, id="three parts"),
        pytest.param([30, 20, 50], 0, id="parts that make the total"),
    ],
)
def test_a_remainder_subtracts_every_part(tmp_path, parts, expected):
    names = [f"src-fra-part-{i}" for i in range(len(parts))]
    figures = [
        figure(TOTAL, "FRA", "travelled", 100),
        *(figure(n, "FRA", "detained", v) for n, v in zip(names, parts, strict=True)),
        figure(
            "src-fra-rest",
            "FRA",
            "returned",
            derived={"method": "remainder", "of": TOTAL, "minus": names, "words": "the rest"},
            quote="The rest came back.",
        ),
    ]
    result = _load(tmp_path, figures)
    assert result.errors == []
    assert result.dataset.values["src-fra-rest"] == expected
    # The arithmetic shown on the card names every part it subtracts.
    arithmetic = citations.arithmetic(result.dataset, result.dataset.figure("src-fra-rest"))
    assert all(f" − {value} (detained, " in arithmetic for value in parts), arithmetic


def test_a_remainder_whose_parts_exceed_the_total_is_an_error(tmp_path):
    figures = [
        figure(TOTAL, "FRA", "travelled", 100),
        figure("src-fra-part-0", "FRA", "detained", 60),
        figure("src-fra-part-1", "FRA", "prosecuted", 60),
        figure(
            "src-fra-rest",
            "FRA",
            "returned",
            derived={
                "method": "remainder",
                "of": TOTAL,
                "minus": ["src-fra-part-0", "src-fra-part-1"],
                "words": "the rest",
            },
            quote="The rest came back.",
        ),
    ]
    result = _load(tmp_path, figures)
    assert [(p.record, p.message) for p in result.errors] == [
        ("src-fra-rest", "the remainder is negative (-20)")
    ]


@pytest.mark.parametrize(
    ("share", "total", "expected", "shown"),
    [
        pytest.param(0.5, 100, 50, "50", id="a half"),
        pytest.param(0.1, 3417, 341.7, "342", id="ten percent (0.1 x 3417 is not exact in binary)"),
        pytest.param(0.25, 11, 2.75, "3", id="two decimals"),
        pytest.param(0.37, 333, 123.21, "123", id="two decimals, rounding down"),
        pytest.param(0.123, 1000, 123, "123", id="three decimals of the share"),
        pytest.param(0.0625, 10, 0.625, "1", id="three decimals of the value"),
        pytest.param(1, 5700, 5700, "5,700", id="all of them"),
    ],
)
def test_a_share_is_computed_to_the_precision_it_has(tmp_path, share, total, expected, shown):
    figures = [
        figure(TOTAL, "FRA", "travelled", total),
        figure(
            "src-fra-returned",
            "FRA",
            "returned",
            qualifier="about",
            derived={"method": "share", "of": TOTAL, "share": share, "words": "some"},
            quote="Some came back.",
        ),
    ]
    dataset = _load(tmp_path, figures).dataset
    assert dataset.values["src-fra-returned"] == expected
    returned = dataset.figure("src-fra-returned")
    assert (
        citations.value_text(returned, dataset.values[returned.id]) == f"about {shown} (computed)"
    )
    assert f"{share:g} × {total:g} = {expected:g}" in citations.arithmetic(dataset, returned)


# --------------------------------------------------------------------------- figure ids


@pytest.mark.parametrize(
    ("ids", "files", "duplicated"),
    [
        pytest.param(["src-a", "src-b"], ["test"], [], id="distinct ids in one file"),
        pytest.param(["src-a", "src-a"], ["test"], ["src-a"] * 2, id="one id twice in one file"),
        pytest.param(["src-a", "src-b", "src-a"], ["test"], ["src-a"] * 2, id="apart in one file"),
        pytest.param(["src-a", "src-a"], ["one", "two"], ["src-a"] * 2, id="in two files"),
        pytest.param(["src-a"] * 3, ["test"], ["src-a"] * 3, id="three times"),
    ],
)
def test_a_figure_id_used_twice_is_an_error_at_each(tmp_path, ids, files, duplicated):
    records = [figure(i, "FRA", "travelled", 100 + n) for n, i in enumerate(ids)]
    data = write_dataset(tmp_path, [source()], records if len(files) == 1 else records[:1])
    if len(files) > 1:
        (data / "figures" / "test.yaml").rename(data / "figures" / f"{files[0]}.yaml")
        write_dataset(tmp_path / "second", [source()], records[1:])
        (tmp_path / "second" / "figures" / "test.yaml").rename(
            data / "figures" / f"{files[1]}.yaml"
        )
    result = load_dataset(data)
    errors = [p for p in result.errors if p.field == "id"]
    assert [p.record for p in errors] == duplicated
    assert all(p.message.startswith("duplicate id (also figures/") for p in errors)
    assert len({(p.file, p.line) for p in errors}) == len(duplicated)  # each at its own place
    if not duplicated:
        dataset = result.dataset
        assert sorted(dataset.values) == sorted(ids)
        assert [dataset.values[i] for i in ids] == [100, 101]


def test_every_figure_of_a_valid_dataset_has_its_own_value():
    result = load_dataset(Path(__file__).parent.parent / "data")
    ids = [f.id for f in result.dataset.figures]
    assert len(ids) == len(set(ids)) == len(result.dataset.values)
