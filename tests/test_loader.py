"""The loader's behaviour: caching on content, where the data is, the quote check, errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from returnees import loader, yamlio
from returnees.loader import (
    PROJECT_ROOT,
    DataError,
    Problem,
    default_data_dir,
    load_dataset,
    load_or_raise,
)
from tests.conftest import DATA_DIR

pytest_plugins = ["pytester"]

VICE = "figures/vice-2014-french-recruits.yaml"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the shipped dataset to edit."""
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _change_detained(data: Path, value: int) -> None:
    """France's detained figure and, as the quote check requires, the number its quote states."""
    _edit(data / VICE, "value: 76", f"value: {value}")
    _edit(data / VICE, "France: 76 in", f"France: {value} in", count=-1)


# --------------------------------------------------------------------------- caching


def test_a_second_load_of_unchanged_files_returns_the_same_result(data):
    first = load_dataset(data)
    assert first.dataset is not None
    assert load_dataset(data) is first


def test_editing_a_file_changes_the_result(data):
    first = load_dataset(data)
    _change_detained(data, 77)
    second = load_dataset(data)
    assert second is not first
    assert second.digest != first.digest
    assert second.dataset.values["vice-fra-detained"] == 77
    assert second.dataset.values["vice-fra-released-on-probation"] == 23  # 100 - 77


def test_the_cache_is_on_content_not_on_file_times(data):
    first = load_dataset(data)
    path = data / VICE
    path.write_bytes(path.read_bytes())  # a new modification time, the same content
    assert load_dataset(data) is first


def test_adding_a_figure_file_changes_the_result(data):
    first = load_dataset(data)
    shutil.copy(data / VICE, data / "figures" / "copy.yaml")
    second = load_dataset(data)
    assert second.dataset is None
    assert any(p.message.startswith("duplicate id") for p in second.errors)
    assert first.dataset is not None


def test_an_invalid_dataset_is_cached_too(data):
    _edit(data / VICE, "value: 76", "value: -76")
    first = load_dataset(data)
    assert first.dataset is None
    assert load_dataset(data) is first


def test_valid_data_is_read_without_the_slow_line_aware_parser(data, monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("the happy path must not compose YAML nodes")

    monkeypatch.setattr(yamlio.Locator, "from_text", fail)
    monkeypatch.setattr(yaml, "compose", fail)
    result = load_dataset(data)
    assert result.dataset is not None
    assert result.problems == []


# --------------------------------------------------------------------------- where the data is


def test_default_data_dir_is_data_in_the_project(monkeypatch):
    monkeypatch.delenv("RETURNEES_DATA", raising=False)
    assert default_data_dir() == PROJECT_ROOT / "data"


def test_default_data_dir_respects_returnees_data(monkeypatch, data):
    monkeypatch.setenv("RETURNEES_DATA", str(data))
    assert default_data_dir() == data
    _change_detained(data, 75)
    assert load_dataset().dataset.values["vice-fra-detained"] == 75  # no argument: the variable


def test_an_empty_returnees_data_means_the_default(monkeypatch):
    monkeypatch.setenv("RETURNEES_DATA", "")
    assert default_data_dir() == PROJECT_ROOT / "data"


# --------------------------------------------------------------------------- quote check


def _documents(tmp_path: Path, text: str) -> Path:
    """A documents folder where every archived shipped source's document is `text`."""
    folder = tmp_path / "documents"
    folder.mkdir()
    for source in load_dataset(DATA_DIR).dataset.sources.values():
        if source.archived:
            (folder / source.document).write_text(text, encoding="utf-8")
    return folder


def _quote_problems(result) -> dict[str, Problem]:
    return {p.record: p for p in result.errors if p.field == "quote"}


def test_a_quote_not_in_its_document_is_reported_with_figure_and_field(tmp_path):
    documents = _documents(tmp_path, "A document that quotes nobody.")
    result = load_dataset(DATA_DIR, documents)
    assert result.dataset is None
    problems = _quote_problems(result)
    problem = problems["vice-fra-detained"]
    assert problem.file == VICE
    assert problem.message == "the quote is not in the document"
    assert problem.line == 19  # the quote's own line
    shipped = load_dataset(DATA_DIR).dataset
    archived = {f.id for f in shipped.figures if shipped.sources[f.source].archived}
    assert set(problems) == archived  # a source read from the web has no document to miss
    assert str(problem) == (
        f"{VICE}:19: vice-fra-detained: quote: the quote is not in the document"
    )


def test_a_quote_that_does_not_state_its_number_is_reported(data, tmp_path):
    quote = (
        "According to Le Figaro, there are currently 100 returned jihadis in France: 76 in "
        "detention, and the rest released on probation."
    )
    documents = _documents(tmp_path, f"Headline\n\n{quote}\n")
    _edit(data / VICE, "value: 76", "value: 67")  # the quote says 76
    result = load_dataset(data, documents)
    vice = {k: p for k, p in _quote_problems(result).items() if k.startswith("vice-")}
    assert {k: p.message for k, p in vice.items()} == {
        "vice-fra-detained": "the quote does not state the number 67"
    }


def test_a_missing_document_is_reported_for_each_figure(tmp_path):
    documents = tmp_path / "empty"
    documents.mkdir()
    result = load_dataset(DATA_DIR, documents)
    problem = _quote_problems(result)["vice-fra-returned"]
    assert problem.message == f"document 000_0256b539f869a703.txt not found in {documents}"


def test_the_quote_check_passes_on_the_archived_documents(documents_dir):
    result = load_dataset(DATA_DIR, documents_dir)
    assert [str(p) for p in result.problems] == []


def test_the_documents_fixture_skips_and_names_the_variable_when_unset(pytester, monkeypatch):
    pytester.makeconftest((Path(__file__).parent / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(
        "def test_needs_documents(documents_dir):\n    assert documents_dir.is_dir()\n"
    )
    monkeypatch.delenv("RETURNEES_DOCUMENTS", raising=False)
    result = pytester.runpytest("-rs", "-p", "no:cacheprovider")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*set RETURNEES_DOCUMENTS to the folder of archived documents*"])

    monkeypatch.setenv("RETURNEES_DOCUMENTS", str(pytester.path))
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


# --------------------------------------------------------------------------- errors


def test_load_or_raise_returns_the_dataset_when_valid(data):
    dataset = load_or_raise(data)
    assert dataset.figure("vice-fra-returned").value == 100


def test_load_or_raise_raises_data_error_with_the_problems(data):
    _edit(data / VICE, "entity: FRA", "entity: XXX")
    with pytest.raises(DataError) as raised:
        load_or_raise(data)
    (problem,) = raised.value.problems
    assert (problem.file, problem.record, problem.field) == (VICE, "vice-fra-returned", "entity")
    assert problem.line == 4
    assert "unknown entity 'XXX'" in str(raised.value)


def test_warnings_do_not_make_a_dataset_unusable(data):
    rfn = data / "figures/rfn-2017-5700-returned.yaml"
    _edit(rfn, "value: 3244", "value: 700")  # 760 back
    _edit(rfn, "3,244 people", "700 people", count=-1)
    result = load_dataset(data)
    assert result.dataset is not None
    assert result.errors == []
    assert [p.severity for p in result.warnings] == ["warning"]
    assert result.warnings[0].record == "rfn-sau-returned"
    assert result.warnings[0].message == (
        "returned (760) is greater than travelled (700) in rfn-sau-travelled for SAU"
    )


def test_the_caches_stay_small(data, tmp_path):
    for value in range(loader._MAX_CACHED + 3):
        _edit(
            data / VICE, "value: 76" if value == 0 else f"value: 9{value - 1}", f"value: 9{value}"
        )
        load_dataset(data)
    assert len(loader._RESULTS) <= loader._MAX_CACHED
    assert len(loader._FINGERPRINTS) == 1


def test_figures_share_what_they_repeat_and_keep_their_own_values():
    dataset = loader.load_dataset(DATA_DIR).dataset
    by_desk: dict = {}
    for figure in dataset.figures:
        by_desk.setdefault((figure.verified.by, figure.verified.on), set()).add(id(figure.verified))
    assert all(len(objects) == 1 for objects in by_desk.values())  # one object a verification
    pairs = zip(dataset.figures, dataset.figures[1:], strict=False)
    first, second = next((a, b) for a, b in pairs if a.source == b.source)
    assert first.source is second.source  # one string for a source's id
    # Sharing is invisible to the models' own API.
    copied = first.model_copy(update={"notes": "a note"})
    assert copied.notes == "a note" and first.notes != "a note"
    # Each model still knows which fields its own record gave.
    again = yaml.safe_load((DATA_DIR / dataset.figure_files[first.id]).read_text("utf-8"))
    for figure in (first, second):
        record = next(r for r in again["figures"] if r["id"] == figure.id)
        assert set(figure.model_dump(exclude_unset=True)) == set(record)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        pytest.param(
            "extra.YAML",
            "only files ending in .yaml or .yml are figure files",
            id="upper-case suffix",
        ),
        pytest.param(
            "notes.txt", "only files ending in .yaml or .yml are figure files", id="another file"
        ),
        pytest.param("old/", "figure files sit directly in figures/", id="a folder"),
    ],
)
def test_an_entry_of_figures_that_is_not_read_is_a_warning(data, entry, message):
    path = data / "figures" / entry.rstrip("/")
    if entry.endswith("/"):
        path.mkdir()
        (path / "more.yaml").write_text("figures: []\n", encoding="utf-8")
    else:
        path.write_text("figures: []\n", encoding="utf-8")
    result = loader.load_dataset(data)
    assert result.dataset is not None
    (warning,) = [p for p in result.warnings if p.file.startswith("figures/")]
    assert str(warning) == f"figures/{entry.rstrip('/')}: -: -: warning: not read: {message}"
