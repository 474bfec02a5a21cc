"""The loader's behaviour: caching on content, where the data is, the quote check, errors."""

from __future__ import annotations

import gc
import shutil
from concurrent.futures import ThreadPoolExecutor
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
from returnees.schema import Figure
from tests import datasets
from tests.conftest import DATA_DIR

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
    assert problem.line == 21  # the quote's own line
    shipped = load_dataset(DATA_DIR).dataset
    archived = {f.id for f in shipped.figures if shipped.sources[f.source].archived}
    assert set(problems) == archived  # a source read from the web has no document to miss
    assert str(problem) == (
        f"{VICE}:21: vice-fra-detained: quote: the quote is not in the document"
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
        pytest.param("old.yaml/", "figure files sit directly in figures/", id="a .yaml folder"),
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


BROKEN_LINK = None  # the file replaced by a link to one that does not exist


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        pytest.param(
            VICE, BROKEN_LINK, "cannot be read: a link to a file that does not exist", id="link"
        ),
        pytest.param(
            VICE,
            PermissionError(13, "Permission denied"),
            "cannot be read: Permission denied",
            id="no permission to read",
        ),
        pytest.param(
            "sources.yaml",
            PermissionError(13, "Permission denied"),
            "cannot be read: Permission denied",
            id="sources.yaml without permission",
        ),
        pytest.param(
            VICE, OSError("the disk went away"), "cannot be read: the disk went away", id="other"
        ),
        pytest.param(
            VICE,
            FileNotFoundError(2, "No such file or directory"),
            "cannot be read: not found",
            id="removed after the folder was listed",
        ),
    ],
)
def test_a_data_file_that_cannot_be_read_is_an_error_naming_it(
    data, name, error, message, monkeypatch
):
    path = data / name
    if error is BROKEN_LINK:
        path.unlink()
        path.symlink_to(path.with_name("gone.yaml"))
    else:  # root reads any file: refuse this one as the system would
        read_bytes = Path.read_bytes

        def refuse(self):
            if self == path:
                raise error
            return read_bytes(self)

        monkeypatch.setattr(Path, "read_bytes", refuse)
    result = loader.load_dataset(data)
    assert result.dataset is None
    assert [str(p) for p in result.errors] == [f"{name}: -: -: {message}"]


# --------------------------------------------------------------------------- what mutation
# testing found untested (benchmarks/mutation.py)


def _dataset(folder: Path, figures: list[dict], sources: list[dict] | None = None) -> Path:
    return datasets.write_dataset(folder, sources or [datasets.source()], figures)


def test_a_load_leaves_garbage_collection_on(tmp_path):
    with loader._LOAD_LOCK:  # a page's data watcher may be loading in another thread
        assert gc.isenabled()
    loader.load_dataset(_dataset(tmp_path, [datasets.figure("src-a", "FRA", "travelled", 5)]))
    with loader._LOAD_LOCK:  # no other thread's load (a page's data watcher) is under way
        assert gc.isenabled()  # turned off for the load only


def test_loads_in_two_threads_at_once_leave_garbage_collection_on(tmp_path):
    folders = [
        _dataset(tmp_path / str(n), [datasets.figure("src-a", "FRA", "travelled", n + 1)])
        for n in range(8)
    ]
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(loader.load_dataset, folders))
    assert [r.dataset.figures[0].value for r in results] == list(range(1, 9))
    with loader._LOAD_LOCK:
        assert gc.isenabled()


def test_an_unchanged_dataset_is_not_read_again(tmp_path, monkeypatch):
    folder = _dataset(tmp_path, [datasets.figure("src-a", "FRA", "travelled", 5)])
    first = loader.load_dataset(folder)
    reads = []
    fingerprint = loader._fingerprint
    monkeypatch.setattr(loader, "_fingerprint", lambda paths: reads.append(1) or fingerprint(paths))
    assert loader.load_dataset(folder) is first
    assert reads == []  # the files' sizes and times said nothing changed


def test_the_same_data_checked_against_other_documents_is_checked_again(tmp_path):
    folder = _dataset(tmp_path, [datasets.figure("src-a", "FRA", "travelled", 5, quote="5 went.")])
    for name, text in (("good", "Report. 5 went."), ("bad", "Report. Nobody went.")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "000_test.txt").write_text(text, encoding="utf-8")
    assert loader.load_dataset(folder, tmp_path / "good").errors == []
    assert [p.message for p in loader.load_dataset(folder, tmp_path / "bad").errors] == [
        "the quote is not in the document"
    ]


def test_a_document_that_is_not_utf8_is_read_not_a_crash(tmp_path):
    folder = _dataset(tmp_path, [datasets.figure("src-a", "FRA", "travelled", 5, quote="5 went.")])
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "000_test.txt").write_bytes(b"Report \xe9t\xe9. 5 went.")
    assert loader.load_dataset(folder, tmp_path / "documents").errors == []


@pytest.mark.parametrize("documents", [False, True], ids=["no documents", "documents"])
def test_every_figure_after_one_with_an_unknown_source_is_still_checked(tmp_path, documents):
    figures = [
        datasets.figure("src-a", "FRA", "travelled", 5, source="no-such-source"),
        datasets.figure("src-b", "FRA", "returned", 7, quote="Some came back."),
    ]
    folder = _dataset(tmp_path, figures)
    docs = None
    if documents:
        docs = tmp_path / "documents"
        docs.mkdir()
        (docs / "000_test.txt").write_text("Some came back.", encoding="utf-8")
    result = loader.load_dataset(folder, docs)
    assert [(p.record, p.field, p.message) for p in result.errors] == [
        ("src-a", "source", "unknown source 'no-such-source'"),
        ("src-b", "quote", "the quote does not state the number 7"),
    ]


def test_a_quote_in_italian_is_read_in_italian_against_its_document(tmp_path):
    italian = datasets.source(language="it")
    folder = _dataset(
        tmp_path,
        [
            datasets.figure(
                "src-a",
                "ITA",
                "detained",
                3,
                quote="tre in carcere.",
                translation="three in prison.",
            )
        ],
        [italian],
    )
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "000_test.txt").write_text("Oggi: tre in carcere.", encoding="utf-8")
    assert loader.load_dataset(folder, tmp_path / "documents").errors == []
    assert loader.load_dataset(folder).errors == []


@pytest.mark.parametrize(
    ("written", "found"),
    [
        pytest.param("1", "a number", id="a whole number"),
        pytest.param("1.5", "a number", id="a decimal"),
        pytest.param("true", "true/false", id="a boolean"),
        pytest.param("text", "text", id="text"),
        pytest.param("[a]", "a list", id="a list"),
        pytest.param("~", "NoneType", id="null"),
    ],
)
def test_a_figure_that_is_not_a_mapping_says_what_it_is(tmp_path, written, found):
    (tmp_path / "figures").mkdir()
    shutil.copy(DATA_DIR / "sources.yaml", tmp_path / "sources.yaml")
    (tmp_path / "figures" / "x.yaml").write_text(f"figures:\n  - {written}\n", encoding="utf-8")
    errors = [p for p in loader.load_dataset(tmp_path).errors if p.file == "figures/x.yaml"]
    assert [(p.line, p.record, p.message) for p in errors] == [
        (2, "figures[0]", f"expected a mapping of fields (key: value), found {found}")
    ]


def test_errors_come_before_warnings_and_in_file_order(tmp_path):
    figures = [
        datasets.figure("src-a", "FRA", "travelled", 5),
        datasets.figure(
            "src-b", "FRA", "returned", 9, quote="About 9 people did it."
        ),  # > travelled
        datasets.figure("src-c", "FRA", "detained", -1),
    ]
    result = loader.load_dataset(_dataset(tmp_path, figures))
    assert result.dataset is None
    assert [(p.severity, p.record) for p in result.problems] == [
        ("error", "src-c"),
        ("warning", "src-b"),
    ]
    assert len(result.digest) == 32  # an invalid dataset has its version too


@pytest.mark.parametrize("base_first", [True, False], ids=["base first", "derived first"])
def test_a_derived_figure_is_computed_wherever_its_base_is_written(tmp_path, base_first):
    total = datasets.figure("src-total", "FRA", "travelled", 100)
    half = datasets.figure(
        "src-half",
        "FRA",
        "returned",
        derived={"method": "share", "of": "src-total", "share": 0.5, "words": "half"},
        quote="half came back",
    )
    rest = datasets.figure(
        "src-rest",
        "FRA",
        "detained",
        derived={
            "method": "remainder",
            "of": "src-total",
            "minus": ["src-half", "src-quarter"],
            "words": "the rest",
        },
        quote="the rest are held",
    )
    quarter = datasets.figure(
        "src-quarter",
        "FRA",
        "prosecuted",
        derived={"method": "share", "of": "src-half", "share": 0.5, "words": "half"},
        quote="half of them charged",
    )
    figures = [total, half, quarter, rest] if base_first else [rest, quarter, half, total]
    result = loader.load_dataset(_dataset(tmp_path, figures))
    assert result.errors == []  # no cycle where two derived figures share an input
    assert result.dataset.values == {
        "src-total": 100,
        "src-half": 50,
        "src-quarter": 25,
        "src-rest": 25,
    }


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        pytest.param(
            {"method": "share", "of": "src-missing", "share": 0.5, "words": "half"},
            "derived.of: unknown figure 'src-missing'",
            id="an unknown base",
        ),
        pytest.param(
            {"method": "share", "of": "src-broken", "share": 0.5, "words": "half"},
            "derived.of: derivation cycle: src-broken -> src-broken",
            id="a cycle",
        ),
        pytest.param(
            {"method": "remainder", "of": "src-total", "minus": ["src-big"], "words": "the rest"},
            "derived: the remainder is negative (-100)",
            id="a negative remainder",
        ),
    ],
)
def test_a_broken_derivation_is_reported_once_however_many_figures_use_it(
    tmp_path, broken, message
):
    figures = [
        datasets.figure("src-total", "FRA", "travelled", 100),
        datasets.figure("src-big", "FRA", "detained", 200),
        datasets.figure("src-broken", "FRA", "returned", derived=broken, quote="half, the rest"),
        *(
            datasets.figure(
                f"src-user-{i}",
                "FRA",
                "prosecuted",
                derived={"method": "share", "of": "src-broken", "share": 0.5, "words": "half"},
                quote="half",
            )
            for i in range(2)
        ),
    ]
    result = loader.load_dataset(_dataset(tmp_path, figures))
    assert [f"{p.field}: {p.message}" for p in result.errors if p.record == "src-broken"] == [
        message
    ]
    assert [p for p in result.errors if p.record != "src-broken"] == []


def test_a_duplicate_id_names_every_other_place_it_is_written(tmp_path):
    records = [datasets.figure("src-a", "FRA", "travelled", 100 + i) for i in range(3)]
    folder = _dataset(tmp_path, records)
    text = (folder / "figures" / "test.yaml").read_text(encoding="utf-8")
    ids = [n for n, line in enumerate(text.splitlines(), 1) if "id: src-a" in line]
    (problem, *_) = loader.load_dataset(folder).errors
    also = f"figures/test.yaml:{ids[1]}, figures/test.yaml:{ids[2]}"
    assert (problem.line, problem.message) == (ids[0], f"duplicate id (also {also})")


def test_a_sources_problems_are_at_its_id_wherever_the_id_is_written(tmp_path):
    def late_id(sid: str) -> dict:
        record = datasets.source(sid)
        return {"publisher": record.pop("publisher"), **record}  # id is the second key

    sources = [late_id("src-2020-report"), late_id("src-2020-report"), late_id("src-unused")]
    folder = _dataset(tmp_path, [datasets.figure("src-a", "FRA", "travelled", 5)], sources)
    lines = (folder / "sources.yaml").read_text(encoding="utf-8").splitlines()
    ids = [n for n, line in enumerate(lines, 1) if line.strip().startswith("id:")]
    errors = loader.load_dataset(folder).errors
    assert [(p.line, p.field, p.message) for p in errors] == [
        (ids[0], "id", f"duplicate id (also sources.yaml:{ids[1]})"),
        (ids[1], "id", f"duplicate id (also sources.yaml:{ids[0]})"),
        (
            ids[2],
            "no_figures",
            "no figure uses this source: add figures or say why in 'no_figures'",
        ),
    ]


def test_a_yml_file_is_a_figures_file_too(tmp_path):
    folder = _dataset(tmp_path, [datasets.figure("src-a", "FRA", "travelled", 5)])
    (folder / "figures" / "test.yaml").rename(folder / "figures" / "test.yml")
    result = loader.load_dataset(folder)
    assert result.problems == []  # read, and no warning that it was not
    assert result.dataset.figure_files == {"src-a": "figures/test.yml"}


@pytest.mark.parametrize(
    ("as_of", "after"),
    [
        pytest.param("2020", False, id="the year of publication"),
        pytest.param("2020-05", False, id="the month of publication"),
        pytest.param("2020-05-04", False, id="the day of publication"),
        pytest.param("2020-05-05", True, id="the day after"),
        pytest.param("2021", True, id="the year after"),
    ],
)
def test_a_figure_as_of_after_its_source_is_an_error(tmp_path, as_of, after):
    folder = _dataset(tmp_path, [datasets.figure("src-a", "FRA", "travelled", 5, as_of=as_of)])
    messages = [p.message for p in loader.load_dataset(folder).errors]
    assert messages == (
        [f"{as_of} is after the source's publication date 2020-05-04"] if after else []
    )


def test_returned_is_checked_against_every_travelled_figure_of_its_source(tmp_path):
    figures = [
        datasets.figure("src-a", "FRA", "travelled", 500),
        datasets.figure("src-b", "FRA", "travelled", 400),
        datasets.figure("src-c", "FRA", "returned", 450),
    ]
    warnings = loader.load_dataset(_dataset(tmp_path, figures)).warnings
    assert [p.message for p in warnings] == [
        "returned (450) is greater than travelled (400) in src-b for FRA"
    ]


@pytest.mark.parametrize(
    ("travelled", "returned", "warned"),
    [
        pytest.param({}, {}, True, id="both of everyone"),
        pytest.param({"scope": "women only"}, {}, False, id="a scoped travelled count"),
        pytest.param({}, {"scope": "since 2015 only"}, False, id="a scoped returned count"),
        pytest.param({"scope": "men only"}, {"scope": "men only"}, True, id="the same scope"),
        pytest.param(
            {},
            {"scope": "any front", "takes_in_others": True},
            False,
            id="a returned count that takes in others",
        ),
    ],
)
def test_returned_above_travelled_is_warned_only_of_counts_of_the_same_people(
    tmp_path, travelled, returned, warned
):
    figures = [
        datasets.figure("src-t", "NOR", "travelled", 11, **travelled),
        datasets.figure("src-r", "NOR", "returned", 40, quote="11 and 40.", **returned),
    ]
    warnings = loader.load_dataset(_dataset(tmp_path, figures)).warnings
    assert bool(warnings) == warned


@pytest.mark.parametrize(
    ("written", "record"),
    [
        pytest.param("5", "figures[0]", id="a number"),
        pytest.param("''", "figures[0]", id="empty"),
        pytest.param("src-a", "src-a", id="an id"),
    ],
)
def test_an_invalid_figure_is_named_by_its_id_or_its_place(tmp_path, written, record):
    folder = _dataset(tmp_path, [datasets.figure("src-a", "FRA", "travelled", -5)])
    path = folder / "figures" / "test.yaml"
    path.write_text(path.read_text("utf-8").replace("id: src-a", f"id: {written}"), "utf-8")
    assert {p.record for p in loader.load_dataset(folder).errors} == {record}


def test_the_documents_folder_defaults_to_returnees_documents(monkeypatch, tmp_path):
    monkeypatch.setenv("RETURNEES_DOCUMENTS", str(tmp_path))
    assert loader.default_documents_dir() == tmp_path
    monkeypatch.setenv("RETURNEES_DOCUMENTS", "")
    assert loader.default_documents_dir() is None
    monkeypatch.delenv("RETURNEES_DOCUMENTS")
    assert loader.default_documents_dir() is None


def test_load_or_raise_checks_the_quotes_against_the_documents_given(tmp_path):
    folder = _dataset(tmp_path, [datasets.figure("src-a", "FRA", "travelled", 5, quote="5 went.")])
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "000_test.txt").write_text("Nobody went.", encoding="utf-8")
    assert loader.load_or_raise(folder).figures
    with pytest.raises(DataError) as raised:
        loader.load_or_raise(folder, tmp_path / "documents")
    assert str(raised.value) == (
        "figures/test.yaml:8: src-a: quote: the quote is not in the document"
    )


def test_a_data_error_lists_each_problem_on_its_own_line():
    problems = [
        Problem("figures/a.yaml", 3, "a", "value", "bad"),
        Problem("figures/b.yaml", None, "-", "-", "unreadable"),
    ]
    assert (
        str(DataError(problems))
        == "figures/a.yaml:3: a: value: bad\nfigures/b.yaml: -: -: unreadable"
    )


@pytest.mark.parametrize(
    ("quote", "language", "message"),
    [
        pytest.param("five went", None, None, id="English by default"),
        pytest.param("cinque sono partiti", "it", None, id="Italian"),
        pytest.param(
            "cinque sono partiti",
            None,
            "the quote does not state the number 5",
            id="Italian read as English",
        ),
    ],
)
def test_statement_problem_reads_the_quote_in_its_language(quote, language, message):
    model = Figure(**datasets.figure("src-a", "FRA", "travelled", 5, quote=quote))
    args = () if language is None else (language,)
    assert loader.statement_problem(model, *args) == message
    assert loader.quote_problem(model, f"Text: {quote}", *args) == message


@pytest.mark.parametrize(
    ("language", "translation", "message"),
    [
        pytest.param("it", "three in prison.", None, id="Italian with its translation"),
        pytest.param("en", None, None, id="English without one"),
        pytest.param(
            "it",
            None,
            "a quote in 'it' needs its English translation ('translation')",
            id="Italian without a translation",
        ),
        pytest.param(
            "en",
            "three in prison.",
            "a quote in English needs no translation",
            id="English with one",
        ),
    ],
)
def test_a_quote_not_in_english_carries_our_translation(tmp_path, language, translation, message):
    fields = {"translation": translation} if translation else {}
    folder = _dataset(
        tmp_path,
        [datasets.figure("src-a", "ITA", "detained", 3, quote="tre (3) in carcere.", **fields)],
        [datasets.source(language=language)],
    )
    errors = loader.load_dataset(folder).errors
    assert [(p.record, p.field, p.message) for p in errors] == (
        [] if message is None else [("src-a", "translation", message)]
    )


def test_the_deepest_line_of_a_file_no_parser_reads_is_where_it_stops():
    unreadable = loader._File(Path("x.yaml"), "x.yaml", b"\t: [")
    assert unreadable.deepest_line() == unreadable.line(()) == 1


def test_figures_keep_their_own_verification_when_sharing(tmp_path):
    figures = [
        datasets.figure(
            "src-a", "FRA", "travelled", 5, verified={"by": "A. One", "on": "2024-01-02"}
        ),
        datasets.figure(
            "src-b", "FRA", "returned", 4, verified={"by": "B. Two", "on": "2024-02-03"}
        ),
        datasets.figure(
            "src-c", "FRA", "detained", 3, verified={"by": "A. One", "on": "2024-01-02"}
        ),
    ]
    dataset = loader.load_dataset(_dataset(tmp_path, figures)).dataset
    a, b, c = (dataset.figure(i) for i in ("src-a", "src-b", "src-c"))
    assert (a.verified.by, b.verified.by, str(b.verified.on)) == ("A. One", "B. Two", "2024-02-03")
    assert a.verified is c.verified and a.verified is not b.verified
    assert a.model_fields_set is c.model_fields_set  # the same fields given: one set
    given = {"id", "entity", "metric", "value", "source", "originator", "quote", "verified"}
    assert a.model_fields_set == given


def test_the_data_files_are_the_sources_the_originators_then_each_figures_file(tmp_path):
    folder = _dataset(tmp_path, [datasets.figure("src-a", "FRA", "travelled", 5)])
    (folder / "figures" / "more.yml").write_text("figures: []\n", encoding="utf-8")
    assert loader._data_files(folder) == [
        folder / "sources.yaml",
        folder / "originators.yaml",
        folder / "figures" / "test.yaml",
        folder / "figures" / "more.yml",
    ]


def test_a_sources_file_written_after_a_load_without_one_is_read(tmp_path):
    folder = _dataset(tmp_path, [datasets.figure("src-a", "FRA", "travelled", 5)])
    (folder / "sources.yaml").unlink()
    assert [p.message for p in loader.load_dataset(folder).errors] == [
        "not found: a data directory holds sources.yaml, originators.yaml and figures/*.yaml"
    ]
    # Empty, it hashed as the missing file did: the cached "not found" came back.
    (folder / "sources.yaml").write_bytes(b"")
    assert [p.message for p in loader.load_dataset(folder).errors] == [
        "the file is empty: expected 'sources:'"
    ]


def test_a_derived_value_is_rounded_to_six_decimals(tmp_path):
    total = datasets.figure("src-total", "FRA", "travelled", 3)
    part = datasets.figure(
        "src-part",
        "FRA",
        "returned",
        derived={"method": "share", "of": "src-total", "share": 0.3333333, "words": "a third"},
        quote="a third came back",
    )
    result = loader.load_dataset(_dataset(tmp_path, [total, part]))
    assert result.dataset.values == {"src-total": 3, "src-part": 1.0}  # not 0.9999999


# --------------------------------------------------------------------------- originators


def _originator_problems(tmp_path, figures, originators) -> list[tuple[str, str, str, str]]:
    datasets.write_dataset(tmp_path, [datasets.source()], figures, originators)
    result = load_dataset(tmp_path)
    return [(p.file, p.record, p.field, p.message) for p in result.errors]


ONE_FIGURE = [datasets.figure("f", "FRA", "travelled", 500)]


@pytest.mark.parametrize(
    ("figures", "originators", "expected"),
    [
        pytest.param(
            [datasets.figure("f", "FRA", "travelled", 500, originator="nobody")],
            [datasets.originator(), datasets.originator("other")],
            [
                (
                    "figures/test.yaml",
                    "f",
                    "originator",
                    "unknown originator 'nobody': define it in originators.yaml",
                ),
                (
                    "originators.yaml",
                    "other",
                    "originator",
                    "no figure names this originator: remove it or name it in a figure",
                ),
                (
                    "originators.yaml",
                    datasets.TEST_ORIGINATOR,
                    "originator",
                    "no figure names this originator: remove it or name it in a figure",
                ),
            ],
            id="an unknown originator, and unused ones",
        ),
        pytest.param(
            ONE_FIGURE,
            [datasets.originator(), datasets.originator()],
            [
                (
                    "originators.yaml",
                    datasets.TEST_ORIGINATOR,
                    "id",
                    "duplicate id (also originators.yaml:5)",
                ),
                (
                    "originators.yaml",
                    datasets.TEST_ORIGINATOR,
                    "id",
                    "duplicate id (also originators.yaml:2)",
                ),
            ],
            id="an originator defined twice",
        ),
        pytest.param(
            ONE_FIGURE,
            [datasets.originator(kind="ministry")],
            [
                (
                    "originators.yaml",
                    datasets.TEST_ORIGINATOR,
                    "kind",
                    "Input should be 'government', 'intergovernmental', 'research', 'media', "
                    "'expert' or 'unknown'",
                )
            ],
            id="a kind outside the vocabulary",
        ),
    ],
)
def test_the_loader_checks_every_originator(tmp_path, figures, originators, expected):
    assert sorted(_originator_problems(tmp_path, figures, originators)) == sorted(expected)


def test_a_figure_without_an_originator_is_refused(tmp_path):
    figures = [{k: v for k, v in ONE_FIGURE[0].items() if k != "originator"}]
    problems = _originator_problems(tmp_path, figures, [datasets.originator()])
    assert ("figures/test.yaml", "f", "originator", "required field is missing") in problems


def test_a_data_folder_without_originators_says_what_it_needs(tmp_path):
    datasets.write_dataset(tmp_path, [datasets.source()], ONE_FIGURE)
    (tmp_path / "originators.yaml").unlink()
    (problem,) = load_dataset(tmp_path).errors
    assert str(problem) == (
        "originators.yaml: -: -: not found: a data directory holds sources.yaml, "
        "originators.yaml and figures/*.yaml"
    )


def test_every_shipped_figure_names_a_known_originator():
    dataset = load_or_raise(DATA_DIR)
    assert dataset.originators
    assert all(f.originator in dataset.originators for f in dataset.figures)


@pytest.mark.parametrize(
    ("same_page_as", "errors"),
    [
        pytest.param("src-2020-report", [], id="a second reading says so"),
        pytest.param(
            "src-2020-elsewhere",
            [("second", "same_page_as", "unknown source 'src-2020-elsewhere'")],
            id="a second reading of a source that is not there",
        ),
    ],
)
def test_one_page_read_twice_is_two_sources_only_when_one_says_so(tmp_path, same_page_as, errors):
    again = datasets.source("second", same_page_as=same_page_as)
    figures = [
        datasets.figure("a", "FRA", "travelled", 5),
        datasets.figure("b", "FRA", "returned", 4, source="second"),
    ]
    datasets.write_dataset(tmp_path, [datasets.source(), again], figures)
    found = [(p.record, p.field, p.message) for p in load_dataset(tmp_path).errors]
    assert found == errors
