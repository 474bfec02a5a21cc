"""Property-based tests (hypothesis) of the loader and validator, whatever the files hold.

For any sources.yaml or figures file (random bytes, text or YAML; random unicode in every text
field; huge numbers; deep nesting; duplicate keys; aliases; other encodings; empty files),
`load_dataset` returns within seconds (an alias bomb is refused, never expanded) and gives one
of two outcomes: a dataset with no errors, or no dataset and errors that each name a file of
the data directory and a line in it. No other exception escapes, and no figure is silently
dropped: a dataset holds every figure written, and an invalid figure makes the dataset
unusable with an error naming it.
"""

from __future__ import annotations

import copy
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
import yaml_rs
from hypothesis import example, given, settings
from hypothesis import strategies as st

from returnees import yamlio
from returnees.loader import LoadResult, load_dataset
from returnees.schema import Derivation, Figure, Published, Source, Verification
from returnees.vocab import METRICS
from tests.conftest import examples
from tests.datasets import figure, originator, source, write_dataset

HANG_SECONDS = 5  # a guard against a hang or an expansion, not a benchmark


def _settings(count: int) -> settings:
    # The profile (tests/conftest.py) says the rest: repeatable in `make test`, random in fuzz.
    return settings(max_examples=examples(count))


# --------------------------------------------------------------------------- a small dataset

SOURCE = "src-2020-report"  # the default of tests.datasets.source and .figure
UNUSED = "src-2021-unused"
TOTAL, RANGE, SHARE = "src-fra-travelled", "src-fra-returned", "src-fra-detained"
DOCUMENT = "000_test.txt"


def _sources() -> list[dict[str, Any]]:
    return [
        source(notes="Notes on the report."),
        source(
            UNUSED,
            authors=[],
            authors_basis="No author is printed.",
            published={"date": "2021", "printed": False, "basis": "The archive's catalogue."},
            no_figures="Background only.",
        ),
    ]


def _figures() -> list[dict[str, Any]]:
    """A plain figure, a range and a share derived from the first: every kind of figure."""
    return [
        figure(
            TOTAL,
            "FRA",
            "travelled",
            100,
            quote="About 100 people travelled.",
            attributed_to="The ministry",
            notes="A note.",
            verified={"by": "Test suite", "on": "2024-01-02"},
        ),
        figure(
            RANGE,
            "FRA",
            "returned",
            qualifier="range",
            low=10,
            high=20,
            as_of="2019",
            quote="Between 10 and 20 came back.",
        ),
        figure(
            SHARE,
            "FRA",
            "detained",
            derived={"method": "share", "of": TOTAL, "share": 0.5, "words": "half of them"},
            quote="About 100 people travelled, half of them are detained.",
        ),
    ]


VALID_FIGURES = yaml.safe_dump({"figures": _figures()}, allow_unicode=True, sort_keys=False)

# Every free-text field of the schema: (file kind, record index, path in the record).
TEXT_FIELDS = [
    ("sources", 0, ("publisher",)),
    ("sources", 0, ("title",)),
    ("sources", 0, ("authors", 0)),
    ("sources", 0, ("notes",)),
    ("sources", 1, ("authors_basis",)),
    ("sources", 1, ("published", "basis")),
    ("sources", 1, ("no_figures",)),
    ("figures", 0, ("quote",)),
    ("figures", 0, ("translation",)),
    ("figures", 0, ("attributed_to",)),
    ("figures", 0, ("notes",)),
    ("figures", 0, ("scope",)),
    ("figures", 1, ("includes",)),
    ("figures", 0, ("verified", "by")),
    ("figures", 2, ("derived", "words")),
]
# Fields that hold a number or a date, where YAML's numbers land.
NUMBER_FIELDS = [
    ("figures", 0, ("value",)),
    ("figures", 1, ("low",)),
    ("figures", 1, ("high",)),
    ("figures", 1, ("as_of",)),
    ("figures", 2, ("derived", "share")),
    ("figures", 0, ("verified", "on")),
    ("sources", 0, ("published", "date")),
    ("figures", 0, ("quote",)),
    ("sources", 0, ("title",)),
]
TOKEN = "token-replaced-after-dumping"  # PyYAML writes it plain, so it can be swapped verbatim


def test_the_text_fields_tried_are_every_free_text_field_of_the_schema():
    nested = {"published": Published, "verified": Verification, "derived": Derivation}
    tried = {
        (nested[path[0]], path[1]) if path[0] in nested else (top, path[0])
        for kind, _, path in TEXT_FIELDS
        for top in [Source if kind == "sources" else Figure]
    }
    free_text = {
        (model, name)
        for model in (Source, Published, Figure, Verification, Derivation)
        for name, info in model.model_fields.items()
        if "min_length=1" in repr(info.metadata) + repr(info.annotation)  # `schema.Text`
    }
    assert tried == free_text


def _set(record: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    record = copy.deepcopy(record)
    parent = record
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return record


def _get(record: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        record = getattr(record, part) if isinstance(part, str) else record[part]
    return record


def _with_token(kind: str, index: int, path: tuple[Any, ...]) -> tuple[list, list]:
    """The dataset's records with TOKEN as the value at one field."""
    records = {"sources": _sources(), "figures": _figures()}
    if path == ("translation",):  # only a quote not in English has one: each of its figures
        records["sources"][0]["language"] = "fr"
        records["figures"] = [{**f, "translation": "Translated."} for f in records["figures"]]
    records[kind][index] = _set(records[kind][index], path, TOKEN)
    return records["sources"], records["figures"]


@contextmanager
def _folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def _write(folder: Path, sources: list, figures: list, token_yaml: str | None = None) -> Path:
    """`write_dataset`, then TOKEN (if any) replaced by a piece of YAML written by hand."""
    write_dataset(folder, sources, figures)
    if token_yaml is not None:
        for path in (folder / "sources.yaml", folder / "figures" / "test.yaml"):
            text = path.read_text(encoding="utf-8")
            path.write_bytes(text.replace(TOKEN, token_yaml).encode("utf-8"))
    return folder


def _documents(folder: Path) -> Path:
    """A documents folder where the sources' document holds every quote of `_figures()`."""
    documents = folder / "documents"
    documents.mkdir()
    text = "\n\n".join(f["quote"] for f in _figures())
    (documents / DOCUMENT).write_text(text, encoding="utf-8")
    return documents


def _load(folder: Path, documents: Path | None = None) -> LoadResult:
    """Load, and check the only outcomes allowed: a valid dataset or located errors."""
    start = time.perf_counter()
    result = load_dataset(folder, documents)
    elapsed = time.perf_counter() - start
    assert elapsed < HANG_SECONDS, f"took {elapsed:.1f} s"
    if result.dataset is not None:
        assert result.errors == []
        return result
    assert result.errors, "no dataset, and no error to say why"
    for problem in result.errors:
        path = folder / problem.file
        assert path.is_file(), problem
        lines = path.read_bytes().decode("utf-8", "replace").splitlines()
        assert problem.line is not None, f"no line: {problem}"
        assert 1 <= problem.line <= len(lines) + 1, problem
        assert problem.record and problem.field and problem.message, problem
    return result


def _load_files(files: dict[str, bytes], documents: bool = False) -> LoadResult:
    """A valid dataset with some files replaced by `files` (names relative to the folder)."""
    with _folder() as folder:
        write_dataset(folder, _sources(), _figures())
        for name, raw in files.items():
            (folder / name).write_bytes(raw)
        return _load(folder, _documents(folder) if documents else None)


def _errors_at(result: LoadResult, file: str) -> list:
    return [p for p in result.errors if p.file == file]


def test_the_small_dataset_is_valid_and_passes_the_quote_check():
    with _folder() as folder:
        result = _load(_write(folder, _sources(), _figures()), _documents(folder))
    assert result.problems == []
    assert result.dataset.values == {TOTAL: 100, RANGE: 15, SHARE: 50}


# --------------------------------------------------------------------------- any content

FILES = ["sources.yaml", "figures/test.yaml"]
# Pieces of YAML syntax, so that random text is often almost YAML and reaches the parser's
# corners: indicators, anchors, tags, flow collections, documents, quotes, odd characters.
YAML_PIECES = [
    "figures:",
    "sources:",
    "\n",
    "\n  ",
    "\n- ",
    "- ",
    "  ",
    "? ",
    ": ",
    "id: x",
    "value: 1",
    "&a ",
    "*a",
    "!!str ",
    "!!int ",
    "!!binary ",
    "!!set ",
    "!!python/object:os.system ",
    "!custom ",
    "<<: *a",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "# comment",
    "|\n",
    ">-\n",
    '"',
    "'",
    "\\",
    "\t",
    "\r",
    "\x00",
    "\x07",
    "\x85",
    "\u2028",
    "\ufeff",
    "~",
    "null",
    ".nan",
    "-.inf",
    "1e400",
    "9" * 30,
    "0x1F",
    "2024-01-02",
    "é",
    "\u202e",
    "😀",
]
yaml_like_text = st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=3), max_size=40).map(
    "".join
)
scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
FIELD_NAMES = ["figures", "sources", "id", "value", "low", "high", "quote", "derived", "verified"]
# Keys as YAML writes them, text or not (a number, null, true/false: each refused at its line).
yaml_keys = st.sampled_from(FIELD_NAMES) | st.text(max_size=8) | st.integers() | st.none()
yaml_keys |= st.booleans()
yaml_trees = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(yaml_keys, children, max_size=4)
    ),
    max_leaves=12,
)


@given(file=st.sampled_from(FILES), raw=st.binary(max_size=300))
@_settings(150)
def test_any_bytes_give_a_dataset_or_located_errors(file, raw):
    _load_files({file: raw})


@given(file=st.sampled_from(FILES), text=st.text(max_size=200) | yaml_like_text)
@_settings(250)
@example(file="figures/test.yaml", text="figures:\n- ? [a, b]\n  : c\n")  # a key that is a list
@example(file="figures/test.yaml", text="figures:\n- {? {a: 1} : c}\n")  # a key that is a map
@example(file="figures/test.yaml", text="figures:\n- id: x\n  ~: a\n  null: b\n")
@example(file="figures/test.yaml", text="a: !!python/object:os.system x\n")
@example(file="sources.yaml", text="sources: !!int x\n")
@example(file="sources.yaml", text="!!int \x0c")  # a form feed split the message in two
@example(file="sources.yaml", text="0::")  # a key yaml-rs reads as a mapping
@example(file="sources.yaml", text="\t:")  # PyYAML cannot read it: no path has a line
@example(file="figures/test.yaml", text="? : :")  # yaml-rs raised TypeError: unhashable dict
@example(file="figures/test.yaml", text="figures:\n- ? : :\n")
def test_any_text_gives_a_dataset_or_located_errors(file, text):
    _load_files({file: text.encode("utf-8")})


@given(file=st.sampled_from(FILES), tree=yaml_trees, wrap=st.booleans())
@_settings(150)
def test_any_yaml_document_gives_a_dataset_or_located_errors(file, tree, wrap):
    kind = file.split("/")[0].removesuffix(".yaml")
    document = {kind: tree} if wrap else tree
    _load_files({file: yaml.safe_dump(document, allow_unicode=True).encode("utf-8")})


@st.composite
def mutated_records(draw) -> tuple[str, list, list]:
    """The dataset with one field of one record replaced, added or removed."""
    kind = draw(st.sampled_from(["sources", "figures"]))
    records = {"sources": _sources(), "figures": _figures()}
    index = draw(st.integers(0, len(records[kind]) - 1))
    record = records[kind][index]
    names = [*record, "valeu", "low", "high", "derived", "as_of", "no_figures", "published"]
    name = draw(st.sampled_from(names))
    if draw(st.integers(0, 4)) == 0:
        record.pop(name, None)
    else:
        record[name] = draw(yaml_trees)
    return kind, records["sources"], records["figures"]


# YAML the parsers read but the schema cannot hold, written as a figure's notes: each is
# refused at its line, naming the figure and the field, instead of read as something else.
UNHOLDABLE = [
    pytest.param("!!str Notes.", "a YAML tag (!!str)", "notes", id="a core tag"),
    pytest.param("!local Notes.", "a YAML tag (!local)", "notes", id="a local tag"),
    pytest.param("! Notes.", "a YAML tag (!)", "notes", id="the non-specific tag"),
    pytest.param("!<tag:x.org,2024:n> N.", "a YAML tag (tag:x.org,2024:n)", "notes", id="verbatim"),
    pytest.param("!!set {a, b}", "a YAML tag (!!set)", "notes", id="a set"),
    pytest.param("!!binary aGk=", "a YAML tag (!!binary)", "notes", id="binary"),
    pytest.param("!!timestamp 2020-01-01", "a YAML tag (!!timestamp)", "notes", id="a timestamp"),
    pytest.param("{? {a: 1} : b}", "a key that is a list or a mapping", "notes", id="map key"),
    pytest.param("{[a, b]: c}", "a key that is a list or a mapping", "notes", id="list key"),
    pytest.param(
        "[&k {a: 1}, {*k : 2}]", "a key that is a list or a mapping", "notes.1", id="alias key"
    ),
    pytest.param("{1: a}", "a key that is a number (1)", "notes", id="a number as a key"),
    pytest.param("{0x1F: a}", "a key that is a number (0x1F)", "notes", id="a hex number key"),
    pytest.param("{.inf: a}", "a key that is a number (.inf)", "notes", id="infinity as a key"),
    pytest.param("{~: a}", "a key that is null (~)", "notes", id="null as a key"),
    pytest.param("{false: a}", "a key that is true/false (false)", "notes", id="a boolean key"),
    pytest.param("{<<: {a: 1}}", "a merge key (<<)", "notes", id="a merge key"),
]


@pytest.mark.parametrize(("written", "message", "field"), UNHOLDABLE)
def test_yaml_the_schema_cannot_hold_is_refused_at_its_line_and_field(written, message, field):
    with _folder() as folder:
        result = _load(_write(folder, *_with_token("figures", 0, ("notes",)), written))
        lines = (folder / "figures" / "test.yaml").read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, 1) if text.strip().startswith("notes:"))
    assert result.dataset is None
    (problem,) = result.errors
    assert (problem.file, problem.line, problem.record, problem.field) == (
        "figures/test.yaml",
        line,
        TOTAL,
        field,
    )
    assert problem.message.startswith(f"{message}: "), problem


@pytest.mark.parametrize("quoted", ["'<<'", "'1'", '"~"', "'!!str'"])
def test_a_quoted_key_or_text_that_looks_like_a_tag_is_only_text(quoted):
    # As text, each is an unknown field (a key) or kept as written (a value): nothing refused.
    with _folder() as folder:
        as_key = _load(_write(folder, *_with_token("figures", 0, ("notes",)), f"{{{quoted}: a}}"))
    assert [p.message for p in as_key.errors] == ["Input should be a valid string"]
    with _folder() as folder:
        as_value = _load(_write(folder, *_with_token("figures", 0, ("notes",)), quoted))
    assert as_value.dataset.figure(TOTAL).notes == quoted.strip("'\"")


@pytest.mark.parametrize("file", FILES)
def test_a_second_document_in_a_file_is_refused_at_its_marker(file):
    with _folder() as folder:
        write_dataset(folder, _sources(), _figures())
        text = (folder / file).read_text(encoding="utf-8")
        (folder / file).write_text(f"{text}---\n{text}", encoding="utf-8")
        result = _load(folder)
    (problem,) = result.errors
    assert (problem.file, problem.line, problem.record, problem.field) == (
        file,
        text.count("\n") + 1,
        "-",
        "-",
    )
    assert problem.message.startswith("a second YAML document (after '---')")


@given(mutated=mutated_records(), documents=st.booleans())
@_settings(150)
def test_any_field_of_any_record_gives_a_dataset_or_located_errors(mutated, documents):
    _, sources, figures = mutated
    with _folder() as folder:
        _load(_write(folder, sources, figures), _documents(folder) if documents else None)


# --------------------------------------------------------------------------- unicode

# What strip_whitespace strips: Unicode's White_Space (not Python's wider str.isspace).
WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
WHITE_SPACE += "\u2028\u2029\u202f\u205f\u3000"
# Text a person pastes from a PDF: right-to-left and bidi marks, emoji with joiners, combining
# accents, non-breaking and zero-width spaces, typographic quotes, control characters.
AWKWARD = "\u202e\u200f\u061c\u05d0\u0627😀\u200d👩\u0301e\u00a0\u200b\ufeff“”—\x00\x07\x1b\x7f"
unicode_text = st.text(st.characters(codec="utf-8"), max_size=40) | st.text(
    st.sampled_from(AWKWARD + WHITE_SPACE + "ab \"'\\:#-&*!|>%@`{}[],?"), max_size=20
)


def _double_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar: escapes only where YAML needs them."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or 0x7F <= code <= 0x9F or char in "\u2028\u2029\ufeff\ufffe\uffff":
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _stripped(text: str) -> str:
    return text.strip(WHITE_SPACE)


@given(where=st.sampled_from(TEXT_FIELDS), text=unicode_text)
@_settings(200)
@example(where=("figures", 0, ("quote",)), text="\u202eevil\u202c 😀\u200d👩 “quoted”")
@example(where=("sources", 0, ("title",)), text="\x00")
@example(where=("figures", 0, ("notes",)), text="\u2028\x85 ")
def test_any_unicode_in_a_text_field_is_kept_or_refused_at_that_field(where, text):
    kind, index, path = where
    if path == ("quote",) and _stripped(text):
        # A quote must state its figure (the check needs no document): keep the record's own.
        text = f"{text} {_figures()[index]['quote']}"
    sources, figures = _with_token(kind, index, path)
    if path == ("derived", "words"):
        figures[index]["quote"] = TOKEN  # the quote must hold the words: let it be them
    with _folder() as folder:
        result = _load(_write(folder, sources, figures, _double_quoted(text)))
    records = {"sources": _sources(), "figures": _figures()}
    record_id = records[kind][index]["id"]
    if _stripped(text):
        assert result.dataset is not None, [str(p) for p in result.problems]
        loaded = (
            result.dataset.sources[record_id]
            if kind == "sources"
            else result.dataset.figure(record_id)
        )
        assert _get(loaded, path) == _stripped(text)
    else:
        assert result.dataset is None
        field = ".".join(map(str, path))
        assert any(p.record == record_id and p.field == field for p in result.errors), [
            str(p) for p in result.errors
        ]


# --------------------------------------------------------------------------- huge numbers

yaml_numbers = st.one_of(
    st.integers().map(str),
    st.integers(min_value=-(10**400), max_value=10**400).map(str),
    st.floats().map(repr),
    st.sampled_from(
        [
            "9" * 5000,  # more digits than Python will print (4,300)
            "-" + "9" * 5000,
            "1" + "0" * 4299,
            "0x" + "f" * 400,
            "0o777",
            "1e308",
            "1e400",
            "-1e400",
            "1.7976931348623157e308",
            "4e-400",
            ".nan",
            ".NaN",
            ".inf",
            "-.Inf",
            "+.inf",
            "-0.0",
            "-1",
            "0",
            "1_000",
            "2014",
            "99999",
            "10000000000",
            "10000000001",
            "9007199254740993",
            "!!float 12",
            "!!int 0x10",
        ]
    ),
)


@given(where=st.sampled_from(NUMBER_FIELDS), number=yaml_numbers)
@_settings(150)
@example(where=("figures", 1, ("high",)), number="9" * 400)  # a range's midpoint overflows
@example(where=("figures", 0, ("value",)), number="9" * 5000)  # then quoted with ','
@example(where=("figures", 0, ("verified", "on")), number="9" * 5000)
@example(where=("figures", 1, ("as_of",)), number="9" * 5000)
def test_any_number_in_a_field_gives_a_dataset_or_an_error_at_that_record(where, number):
    kind, index, path = where
    with _folder() as folder:
        result = _load(_write(folder, *_with_token(kind, index, path), number), _documents(folder))
    record_id = {"sources": _sources(), "figures": _figures()}[kind][index]["id"]
    # A source's date is checked against the dates of the figures that cite it, too.
    related = {record_id, *(f["id"] for f in _figures() if kind == "sources")}
    if result.dataset is None:
        assert any(p.record in related for p in result.errors), [str(p) for p in result.errors]
    else:
        value = _get(
            result.dataset.sources[record_id]
            if kind == "sources"
            else result.dataset.figure(record_id),
            path,
        )
        expected = yaml_rs.loads(f"x: {number}", parse_datetime=False)["x"]
        partial_date = path in [("as_of",), ("published", "date")]  # a bare year becomes text
        assert value == (str(expected) if partial_date else expected)


def test_a_count_quoted_with_a_number_over_4300_digits_is_an_error_at_the_quote():
    # Python refuses to read an integer of over 4,300 digits (a ValueError escaped).
    quote = f"About {'1' * 5000} people travelled."
    figures = [figure(TOTAL, "FRA", "travelled", 100, quote=quote)]
    with _folder() as folder:
        _write(folder, [source()], figures)
        documents = _documents(folder)
        (documents / DOCUMENT).write_text(quote, encoding="utf-8")
        result = _load(folder, documents)
    assert [(p.record, p.field) for p in result.errors] == [(TOTAL, "quote")]


# --------------------------------------------------------------------------- deep nesting

NESTINGS: dict[str, Callable[[int], str]] = {
    "flow list": lambda depth: "[" * depth + "]" * depth,
    "flow map": lambda depth: "{a: " * depth + "x" + "}" * depth,
    "block list": lambda depth: "\n    " + "- " * depth + "x",
    "block key": lambda depth: "\n    " + "? " * depth + "x",
    "indented": lambda depth: "".join("\n" + " " * (4 + i) + "a:" for i in range(depth)) + " x",
}


@given(
    kind=st.sampled_from(list(NESTINGS)),
    depth=st.integers(1, 100) | st.integers(1, 3000),
    where=st.sampled_from(["figures", "sources"]),
)
@_settings(60)
@example(kind="block list", depth=30_000, where="figures")  # killed the process (segfault)
@example(kind="block key", depth=30_000, where="sources")
@example(kind="flow list", depth=100_000, where="figures")
@example(kind="indented", depth=1_500, where="figures")
def test_deep_nesting_is_refused_at_a_line_quickly(kind, depth, where):
    records = {"sources": _sources(), "figures": _figures()}
    records[where][0]["notes"] = TOKEN
    with _folder() as folder:
        result = _load(
            _write(folder, records["sources"], records["figures"], NESTINGS[kind](depth))
        )
    assert result.dataset is None
    file = "sources.yaml" if where == "sources" else "figures/test.yaml"
    assert _errors_at(result, file)
    if depth > yamlio.MAX_DEPTH:
        assert any("nested deeper than 64 levels" in p.message for p in result.errors)


def test_nesting_too_deep_for_the_parsers_stack_is_refused_at_its_line():
    # yaml-rs and PyYAML's composer recurse on nesting: some 11,000 levels of "- - - x" (two
    # bytes a level) overflowed the C stack and killed the process without an exception.
    text = "figures:\n- id: x\n  notes:\n    " + "- " * 200_000 + "x\n"
    with pytest.raises(yamlio.YamlError, match="nested deeper than 64 levels") as raised:
        yamlio.parse(text.encode("utf-8"))
    assert raised.value.line == 4
    assert yamlio.Locator.from_text(text).line(("figures", 0, "notes")) == 3


# --------------------------------------------------------------------------- duplicate keys


@given(
    index=st.integers(0, 2),
    key=st.sampled_from(["id", "entity", "metric", "source", "quote", "verified"]),
    spelling=st.sampled_from(["plain", "single-quoted", "double-quoted", "explicit"]),
    value=st.sampled_from(["x", "1", "null", "[]", "{}", "'quoted'"]),
)
@_settings(80)
def test_a_duplicate_key_is_an_error_at_the_second_key(index, key, spelling, value):
    lines = VALID_FIGURES.splitlines()
    start = [i for i, line in enumerate(lines) if line.startswith("- id:")][index]
    spelt = {"plain": key, "single-quoted": f"'{key}'", "double-quoted": f'"{key}"'}
    if spelling == "explicit":
        inserted = [f"  ? {key}", f"  : {value}"]
    else:
        inserted = [f"  {spelt[spelling]}: {value}"]
    at = start + 1  # just after the record's "- id: ..." line
    if key == "id":
        second = at + 1  # the inserted key comes after the record's own
    else:
        own = next(i for i in range(at, len(lines)) if lines[i].startswith(f"  {key}:"))
        second = own + len(inserted) + 1
    text = "\n".join([*lines[:at], *inserted, *lines[at:]]) + "\n"
    result = _load_files({"figures/test.yaml": text.encode("utf-8")})
    assert result.dataset is None
    (problem,) = result.errors
    assert problem.file == "figures/test.yaml"
    assert problem.message.startswith("duplicate mapping key")
    assert problem.line == second


@pytest.mark.parametrize(
    "first, second",
    [("null", "~"), ("~", ""), ("1", "0x1"), ("1", "0o1"), ("true", "True"), ("1.0", "1.00")],
    ids=repr,
)
def test_keys_that_are_the_same_value_spelt_differently_are_duplicates_at_a_line(first, second):
    text = f"figures:\n- id: x\n  {first}: a\n  {second}: b\n"
    result = _load_files({"figures/test.yaml": text.encode("utf-8")})
    (problem,) = result.errors
    assert problem.message.startswith("duplicate mapping key")
    assert problem.line == 4


def test_a_duplicate_top_level_key_is_an_error_at_its_line():
    text = yaml.safe_dump({"figures": _figures()}, sort_keys=False)
    raw = (text + "figures: []\n").encode("utf-8")
    result = _load_files({"figures/test.yaml": raw})
    (problem,) = result.errors
    assert problem.line == len(text.splitlines()) + 1


# --------------------------------------------------------------------------- aliases


def _alias_bomb(levels: int, width: int, mapping: bool) -> str:
    """A "billion laughs": each anchor refers `width` times to the one before."""
    if mapping:
        lines = ["a0: &a0 {" + ", ".join(f"k{i}: lol" for i in range(width)) + "}"]
        lines += [
            f"a{n}: &a{n} {{" + ", ".join(f"k{i}: *a{n - 1}" for i in range(width)) + "}"
            for n in range(1, levels)
        ]
    else:
        lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
        lines += [
            f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * width) + "]" for n in range(1, levels)
        ]
    return "\n".join(lines) + "\n"


@given(
    levels=st.integers(2, 12),
    width=st.integers(2, 12),
    mapping=st.booleans(),
    target=st.sampled_from(["figures", "notes"]),
)
@_settings(40)
@example(levels=9, width=10, mapping=False, target="figures")  # 10**9 strings
@example(levels=12, width=12, mapping=True, target="notes")
def test_an_alias_bomb_is_refused_at_a_line_without_expanding(levels, width, mapping, target):
    bomb = _alias_bomb(levels, width, mapping)
    last = f"*a{levels - 1}"
    if target == "figures":
        text = bomb + f"figures: {last}\n"
    else:
        text = bomb + VALID_FIGURES.replace("  notes: A note.", f"  notes: {last}")
    result = _load_files({"figures/test.yaml": text.encode("utf-8")})  # checks the time taken
    assert result.dataset is None
    if width**levels > 10**6:
        assert any("alias bomb" in p.message for p in result.errors)


# --------------------------------------------------------------------------- encodings

ACCENTED = VALID_FIGURES.replace("A note.", "Selon Le Monde, en août, à Paris.")


@pytest.mark.parametrize("file", FILES)
@pytest.mark.parametrize(
    "encoding", ["latin-1", "cp1252", "mac-roman", "utf-16", "utf-16-le", "utf-32"]
)
def test_a_file_in_another_encoding_is_refused_at_its_first_bad_byte(encoding, file):
    text = ACCENTED if file != "sources.yaml" else yaml.safe_dump({"sources": _sources()})
    text = text.replace("Test Publisher", "Éditions Ünïcödé")
    raw = text.encode(encoding)
    result = _load_files({file: raw})
    (problem,) = _errors_at(result, file)
    bad = _first_bad_byte(raw)
    assert problem.message.startswith("not UTF-8")
    assert problem.line == raw.count(b"\n", 0, bad) + 1


def _first_bad_byte(raw: bytes) -> int:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    raise AssertionError("valid UTF-8")


@given(raw=st.binary(min_size=1, max_size=200), at=st.integers(0, len(VALID_FIGURES)))
@_settings(60)
def test_bytes_that_are_not_utf8_are_refused_at_their_line(raw, at):
    data = VALID_FIGURES.encode("utf-8")
    data = data[:at] + raw + data[at:]
    result = _load_files({"figures/test.yaml": data})
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        (problem,) = _errors_at(result, "figures/test.yaml")
        assert problem.message.startswith("not UTF-8")
        assert problem.line == data.count(b"\n", 0, exc.start) + 1


# --------------------------------------------------------------------------- empty files

NOTHING = {
    "no bytes": b"",
    "blank lines": b"\n\n",
    "spaces": b"   \n",
    "a comment": b"# figures to come\n",
    "a document start": b"---\n",
    "a document end": b"...\n",
    "a document start and end": b"---\n...\n",
    "a document start and a comment": b"--- # nothing\n",
    "null": b"null\n",
    "~": b"~\n",
    "a byte order mark": b"\xef\xbb\xbf",
    "a byte order mark and a comment": b"\xef\xbb\xbf# only a comment\n",
    "windows line breaks": b"\r\n\r\n",
}


@pytest.mark.parametrize("file", FILES)
@pytest.mark.parametrize("raw", NOTHING.values(), ids=NOTHING.keys())
def test_a_file_with_nothing_in_it_is_an_error_at_its_first_line(file, raw):
    result = _load_files({file: raw})
    assert result.dataset is None
    kind = "sources" if file == "sources.yaml" else "figures"
    assert [(p.line, p.field) for p in _errors_at(result, file)] == [(1, kind)]
    assert "empty" in _errors_at(result, file)[0].message


# A comment runs to the end of its line: no line break (YAML's \r too) and no NUL in it.
comment_lines = st.text(st.characters(codec="utf-8", exclude_characters="\r\n\x00"))


@given(comments=st.lists(comment_lines, max_size=8))
@_settings(40)
@example(comments=["", "figures: []", "\t- id: x", "   indented"])
def test_a_figures_file_of_comments_is_an_error_not_a_file_without_figures(comments):
    raw = "\n".join("#" + line for line in comments).encode("utf-8")
    result = _load_files({"figures/extra.yaml": raw})
    assert result.dataset is None
    assert [p.field for p in _errors_at(result, "figures/extra.yaml")] == ["figures"]


@pytest.mark.parametrize(
    "text, message",
    [
        pytest.param("figures:\n", "Input should be a valid list", id="nothing"),
        pytest.param("figures: ~\n", "Input should be a valid list", id="null"),
        pytest.param("figures: {}\n", "Input should be a valid list", id="a mapping"),
        pytest.param("figures: ''\n", "Input should be a valid list", id="empty text"),
        pytest.param(
            "figures: [~]\n",
            "expected a mapping of fields (key: value), found NoneType",
            id="a list of null",
        ),
        pytest.param("figures: [{}]\n", "required field is missing", id="an empty figure"),
    ],
)
def test_a_figures_key_without_figures_is_an_error(text, message):
    result = _load_files({"figures/extra.yaml": text.encode("utf-8")})
    assert result.dataset is None
    assert message in {p.message for p in _errors_at(result, "figures/extra.yaml")}


def test_an_explicitly_empty_list_of_figures_is_valid_and_adds_none():
    result = _load_files({"figures/extra.yaml": b"figures: []\n"})
    assert [f.id for f in result.dataset.figures] == [TOTAL, RANGE, SHARE]


# --------------------------------------------------------------------------- no silent drop

ENTITIES = ["FRA", "DEU", "GBR", "BEL", "TUN", "XKX", "WORLD", "EU"]
# Ids start with a letter: PyYAML (YAML 1.1) writes 08 or 1e5 plain, and YAML 1.2 reads a number.
ids = st.from_regex(r"\A[a-z][a-z0-9]{0,5}(?:-[a-z0-9]{1,6}){0,2}\Z")


@st.composite
def figure_sets(draw) -> list[tuple[str, dict[str, Any]]]:
    """Valid figures with distinct ids, each in one of up to three files."""
    chosen = draw(st.lists(ids, min_size=1, max_size=12, unique=True))
    files = draw(st.integers(1, 3))
    out = []
    for figure_id in chosen:
        value = draw(st.integers(0, 10**9))
        record = figure(
            figure_id,
            draw(st.sampled_from(ENTITIES)),
            draw(st.sampled_from(list(METRICS))),
            value,
            qualifier=draw(st.sampled_from(["exact", "about", "more_than", "up_to"])),
            # Any text, then the number (a dash keeps digits before it from joining it).
            quote=f"{draw(unicode_text)} — {value} people",
        )
        out.append((f"part{draw(st.integers(1, files))}.yaml", record))
    return out


def _write_figure_files(folder: Path, figure_set: list[tuple[str, dict[str, Any]]]) -> None:
    write_dataset(folder, [source()], [], [originator()])
    (folder / "figures" / "test.yaml").unlink()
    for name in sorted({name for name, _ in figure_set}):
        records = [record for file, record in figure_set if file == name]
        # Quotes are written by hand: PyYAML writes YAML 1.1, which a YAML 1.2 reader reads
        # differently for some text ("a\u2028b" comes back as "a\u2028  b").
        tokens = {f"{TOKEN}-{i}-": r["quote"] for i, r in enumerate(records) if "quote" in r}
        written = [
            {**r, "quote": f"{TOKEN}-{i}-"} if "quote" in r else r for i, r in enumerate(records)
        ]
        text = yaml.safe_dump({"figures": written}, allow_unicode=True, sort_keys=False)
        for token, quote in tokens.items():
            text = text.replace(token, _double_quoted(quote) if isinstance(quote, str) else "[]")
        (folder / "figures" / name).write_bytes(text.encode("utf-8"))


# How to make one figure invalid, without touching its id.
CORRUPTIONS: dict[str, Callable[[dict[str, Any]], None]] = {
    "negative count": lambda r: r.update(value=-1),
    "count as text": lambda r: r.update(value="12"),
    "fractional count": lambda r: r.update(value=1.5),
    "count too large": lambda r: r.update(value=10**400),
    "unknown entity": lambda r: r.update(entity="XXX"),
    "unknown metric": lambda r: r.update(metric="left"),
    "range without bounds": lambda r: r.update(qualifier="range"),
    "bounds without range": lambda r: r.update(low=1),
    "misspelled field": lambda r: r.update(valeu=1),
    "no quote": lambda r: r.pop("quote"),
    "blank quote": lambda r: r.update(quote=" \u00a0\u3000 "),
    "quote not text": lambda r: r.update(quote=["a", "b"]),  # written as []
    "verified not a mapping": lambda r: r.update(verified="yes"),
    "verified in the future": lambda r: r.update(verified={"by": "x", "on": "2999-01-01"}),
    "impossible as_of": lambda r: r.update(as_of="2014-02-30"),
    "unknown source": lambda r: r.update(source="no-such-source"),
    "unknown originator": lambda r: r.update(originator="no-such-originator"),
    "derived and valued": lambda r: r.update(
        derived={"method": "share", "of": r["id"], "share": 0.5, "words": "half"}
    ),
    "derived from itself": lambda r: (
        r.pop("value"),
        r.update(derived={"method": "share", "of": r["id"], "share": 0.5, "words": "half"}),
    ),
}


@given(figure_set=figure_sets(), which=st.data(), corruption=st.sampled_from(list(CORRUPTIONS)))
@_settings(100)
def test_every_figure_written_is_loaded_and_one_invalid_figure_is_named(
    figure_set, which, corruption
):
    with _folder() as folder:
        _write_figure_files(folder, figure_set)
        result = _load(folder)
    assert result.dataset is not None, [str(p) for p in result.problems]
    in_files = sorted(figure_set, key=lambda item: item[0])  # the loader reads files by name
    assert [f.id for f in result.dataset.figures] == [record["id"] for _, record in in_files]
    assert result.dataset.values == {r["id"]: r["value"] for _, r in figure_set}
    quotes = {f.id: f.quote for f in result.dataset.figures}
    assert quotes == {r["id"]: _stripped(r["quote"]) for _, r in figure_set}

    index = which.draw(st.integers(0, len(figure_set) - 1))
    broken = copy.deepcopy(figure_set)
    file, record = broken[index]
    CORRUPTIONS[corruption](record)
    with _folder() as folder:
        _write_figure_files(folder, broken)
        result = _load(folder)
    assert result.dataset is None
    assert any(p.record == record["id"] and p.file == f"figures/{file}" for p in result.errors)


INSERTIONS = ["\x00", "#", "\n", "\r", "- ", "-", "---\n", "...\n", "&a ", "*a", "!!str ", "]"]
INSERTIONS += ["'", '"', "\t", "\ufeff", "\x85", "\u2028", ":", " ", "?", "|", "%", "@"]


@given(
    figure_set=figure_sets().filter(lambda s: len(s) >= 2),
    insertion=st.sampled_from(INSERTIONS) | st.characters(codec="utf-8"),
    position=st.floats(0, 1),
)
@_settings(150)
@example(
    figure_set=[
        ("part1.yaml", figure("a", "FRA", "travelled", 1, quote="One.")),
        ("part1.yaml", figure("b", "FRA", "returned", 1, quote="One.")),
    ],
    insertion="\x00",
    position=0.55,
)  # yaml-rs stopped reading at a NUL: the figures after it vanished
def test_one_inserted_character_never_makes_a_figure_vanish(figure_set, insertion, position):
    with _folder() as folder:
        _write_figure_files(folder, figure_set)
        path = folder / "figures" / figure_set[0][0]
        text = path.read_text(encoding="utf-8")
        at = round(position * len(text))
        path.write_bytes((text[:at] + insertion + text[at:]).encode("utf-8"))
        result = _load(folder)
    if result.dataset is not None:
        assert len(result.dataset.figures) == len(figure_set)


def test_a_nul_character_is_an_error_at_its_line_not_the_end_of_the_file():
    # yaml-rs stops reading at a NUL: the rest of the file silently vanished.
    text = VALID_FIGURES.replace(f"- id: {SHARE}", f"\x00- id: {SHARE}")
    result = _load_files({"figures/test.yaml": text.encode("utf-8")})
    (problem,) = result.errors
    assert problem.line == text[: text.index("\x00")].count("\n") + 1
    assert "NUL" in problem.message


def test_a_long_chain_of_derived_figures_is_computed_without_recursion():
    # Each figure is a share of the next: resolving them recursed once a figure.
    count = 1500  # twice the frames of Python's recursion limit, for the old recursion
    figures = [
        figure(
            f"f{i}",
            "FRA",
            "travelled",
            derived={"method": "share", "of": f"f{i + 1}", "share": 1, "words": "all"},
            quote="all",
            verified={"by": "Test suite", "on": "2024-01-02"},
        )
        for i in range(count - 1)
    ]
    figures.append(figure(f"f{count - 1}", "FRA", "travelled", 7))
    with _folder() as folder:
        result = _load(_write(folder, [source()], figures))
    assert result.dataset is not None
    assert set(result.dataset.values.values()) == {7}
