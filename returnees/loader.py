"""Load and validate the dataset: every problem is reported with file, line, record and field.

Layout of a data directory: `sources.yaml` (key `sources`) and `figures/*.yaml` (key `figures`).
A dataset with any error is not usable: `LoadResult.dataset` is None and `problems` says why.
Results are cached on the files' content, so an unchanged dataset is validated only once.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import sys
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from returnees import dates, quotes
from returnees.schema import (
    Derivation,
    Figure,
    FiguresFile,
    Originator,
    OriginatorsFile,
    Published,
    Retrieved,
    Slug,
    Source,
    SourcesFile,
    Verification,
)
from returnees.yamlio import Locator, Refusal, YamlError, check_nesting, parse

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SOURCES_FILE = "sources.yaml"
ORIGINATORS_FILE = "originators.yaml"
FIGURES_DIR = "figures"


def default_data_dir() -> Path:
    """`RETURNEES_DATA` when set, else the project's `data/` (the CLI and the app share this)."""
    return Path(os.environ.get("RETURNEES_DATA") or PROJECT_ROOT / "data")


def default_documents_dir() -> Path | None:
    value = os.environ.get("RETURNEES_DOCUMENTS")
    return Path(value) if value else None


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    record: str
    field: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {self.record}: {self.field}: {prefix}{self.message}"


@dataclass(frozen=True)
class Dataset:
    sources: dict[str, Source]
    figures: list[Figure]
    values: dict[str, float]  # the number a chart plots, computed for derived figures
    figure_files: dict[str, str]
    originators: dict[str, Originator] = field(default_factory=dict)

    def figure(self, figure_id: str) -> Figure:
        return self._by_id[figure_id]

    @property
    def _by_id(self) -> dict[str, Figure]:
        cached = self.__dict__.get("_index")
        if cached is None:
            cached = {f.id: f for f in self.figures}
            object.__setattr__(self, "_index", cached)
        return cached


@dataclass(frozen=True)
class LoadResult:
    dataset: Dataset | None
    problems: list[Problem] = field(default_factory=list)
    digest: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


class DataError(Exception):
    """Raised by `load_or_raise` when the dataset does not validate."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


# --------------------------------------------------------------------------- reading files


@dataclass
class _File:
    path: Path
    name: str  # as shown in messages: relative to the data directory
    raw: bytes
    error: str | None = None  # why the file cannot be read, if it cannot
    _locator: Locator | None = None

    @property
    def locator(self) -> Locator:
        # Only problems need lines, so the slow line-aware parse happens only on that path.
        if self._locator is None:
            self._locator = Locator.from_text(self.raw.decode("utf-8", "replace"))
        return self._locator

    def line(self, loc: tuple[Any, ...]) -> int | None:
        return self.locator.line(loc)

    def record_id(self, kind: str, index: int) -> str:
        """The record's id as written in the file, else its place ('figures[3]')."""
        return self.locator.ids.get((kind, index)) or f"{kind}[{index}]"

    def deepest_line(self) -> int | None:
        paths = self.locator.lines
        return paths[max(paths, key=len)] if paths else self.line(())


def _data_names(data_dir: Path) -> list[str]:
    """The data files, relative to the folder: the sources, the originators, then each figures
    file by name."""
    try:
        with os.scandir(data_dir / FIGURES_DIR) as entries:
            names = [entry.name for entry in entries if not entry.is_dir()]  # a folder: warned
    except OSError:
        names = []
    return [
        SOURCES_FILE,
        ORIGINATORS_FILE,
        *(
            f"{FIGURES_DIR}/{name}"
            for suffix in (".yaml", ".yml")
            for name in sorted(names)
            if name.endswith(suffix)
        ),
    ]


def _unread_entries(data_dir: Path) -> list[Problem]:
    """A warning for each entry of figures/ that is not read, so none is passed over unseen."""
    try:
        with os.scandir(data_dir / FIGURES_DIR) as entries:
            found = sorted((entry.name, entry.is_dir()) for entry in entries)
    except OSError:
        return []
    return [
        Problem(
            f"{FIGURES_DIR}/{name}",
            None,
            "-",
            "-",
            "not read: figure files sit directly in figures/"
            if is_dir
            else "not read: only files ending in .yaml or .yml are figure files",
            severity="warning",
        )
        for name, is_dir in found
        if is_dir or not name.endswith((".yaml", ".yml"))
    ]


def _data_files(data_dir: Path) -> list[Path]:
    return [data_dir / name for name in _data_names(data_dir)]


_FINGERPRINTS: dict[tuple[Any, ...], str] = {}
_RESULTS: dict[tuple[str, str], LoadResult] = {}
_MAX_CACHED = 4
_LOAD_LOCK = threading.Lock()


def _read(path: Path) -> tuple[bytes, str | None]:
    """A file's bytes, or none and why it cannot be read."""
    try:
        return path.read_bytes(), None
    except FileNotFoundError:
        # A reason even for a file that is not there: the digest then tells it from an empty
        # one (a sources.yaml written empty after a load without one was "not found" still).
        return b"", "a link to a file that does not exist" if path.is_symlink() else "not found"
    except OSError as exc:
        return b"", exc.strerror or str(exc)


def _fingerprint(paths: list[Path]) -> tuple[str, list[tuple[bytes, str | None]]]:
    """A digest of the files' content, and what reading them gave to compute it."""
    contents = []
    digest = hashlib.blake2b(digest_size=16)
    for path in paths:
        raw, error = _read(path)
        contents.append((raw, error))
        digest.update(f"{path}\0{len(raw)}\0{error}\0".encode() + raw)
    return digest.hexdigest(), contents


def _stat_key(data_dir: Path, names: list[str]) -> tuple[Any, ...]:
    # Runs on every rerun: plain os.stat on strings, no Path objects (5,000 files in ~25 ms).
    root = os.fspath(data_dir)
    key = []
    for name in names:
        try:
            st = os.stat(os.path.join(root, name))
            key.append((name, st.st_size, st.st_mtime_ns, st.st_ino))
        except OSError:
            key.append((name, None))
    return (root, *key)


def load_dataset(data_dir: Path | None = None, documents_dir: Path | None = None) -> LoadResult:
    """Load, validate and (with `documents_dir`) quote-check a dataset; cached on content."""
    data_dir = Path(data_dir or default_data_dir())
    names = _data_names(data_dir)
    stat_key = _stat_key(data_dir, names)
    digest = _FINGERPRINTS.get(stat_key)
    contents = None
    paths = [data_dir / name for name in names] if digest is None else []
    if digest is None:
        # Unchanged stat means unchanged content for our purposes; hash only when it moved.
        digest, contents = _fingerprint(paths)
        _FINGERPRINTS.clear()
        _FINGERPRINTS[stat_key] = digest
    cache_key = (digest, str(documents_dir or ""))
    if cache_key in _RESULTS:
        return _RESULTS[cache_key]
    if contents is None:
        paths = [data_dir / name for name in names]
        digest, contents = _fingerprint(paths)
    files = [_File(p, n, *read) for p, n, read in zip(paths, names, contents, strict=True)]
    # One load at a time in a process (a page's run and the data-watching thread may both
    # load): the garbage collector's switch below is the whole process's, and the same files
    # are worth validating once.
    with _LOAD_LOCK:
        if cache_key in _RESULTS:
            return _RESULTS[cache_key]
        # A load makes about six lasting objects a figure and no garbage cycles: the
        # collections it would trigger only re-scan them (half the time of a 100,000-figure
        # load). One pass at the end moves a large load's objects to the oldest generation,
        # where the app's later collections leave them be.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            result = _validate(data_dir, files, documents_dir, digest)
        finally:
            if gc_was_enabled:
                gc.enable()
                if gc.get_count()[0] > 100_000:
                    gc.collect()
        if len(_RESULTS) >= _MAX_CACHED:
            _RESULTS.pop(next(iter(_RESULTS)))
        _RESULTS[cache_key] = result
        return result


def load_or_raise(data_dir: Path | None = None, documents_dir: Path | None = None) -> Dataset:
    result = load_dataset(data_dir, documents_dir)
    if result.dataset is None:
        raise DataError(result.errors)
    return result.dataset


# --------------------------------------------------------------------------- validation

_NOT_FOUND = "not found: a data directory holds sources.yaml, originators.yaml and figures/*.yaml"
_FIELD_PREFIX = re.compile(r"^(?:Value error, )?(\w+(?:\.\w+)?): (.*)$", re.DOTALL)
_FIELD_NAMES = frozenset(
    name
    for model in (Source, Published, Retrieved, Figure, Derivation, Verification, Originator)
    for name in model.model_fields
)
_SLUG_PATTERN = Slug.__metadata__[0].pattern


def _record_id(data: Any, kind: str, index: int) -> str:
    try:
        value = data[kind][index]["id"]
    except (KeyError, IndexError, TypeError):
        return f"{kind}[{index}]"
    return str(value) if isinstance(value, str) and value else f"{kind}[{index}]"


def _message(err: Any) -> str:
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "missing":
        return "required field is missing"
    if err["type"] == "extra_forbidden":
        return "unknown field (not in the schema)"
    if err["type"] == "model_type":
        return f"expected a mapping of fields (key: value), found {_kind_of(err['input'])}"
    if err["type"] == "string_pattern_mismatch" and err["ctx"]["pattern"] == _SLUG_PATTERN:
        return (
            "an id is lower-case letters and digits, in words joined by '-' or '_' "
            "(like fra-returned)"
        )
    return message


def _kind_of(value: Any) -> str:
    names = {list: "a list", str: "text", int: "a number", float: "a number", bool: "true/false"}
    return names.get(type(value), type(value).__name__)


def _schema_problems(file: _File, data: Any, exc: ValidationError, kind: str) -> list[Problem]:
    problems: dict[tuple[Any, ...], Problem] = {}  # a union's members repeat one error
    for err in exc.errors(include_url=False):
        loc = err["loc"]
        message = _message(err)
        if len(loc) >= 2 and loc[0] == kind and isinstance(loc[1], int):
            record = _record_id(data, kind, loc[1])
            # Drop pydantic's validator and union member names ("function-after[...]", "int").
            fields = [
                str(p)
                for i, p in enumerate(loc[2:], 2)
                if isinstance(p, int)
                or p in _FIELD_NAMES
                or (err["type"] == "extra_forbidden" and i == len(loc) - 1)
            ]
            # A rule about several fields names the one it is about first ("low: ..."), as a
            # pydantic location cannot: the record's, or a nested model's (published.basis).
            found = _FIELD_PREFIX.match(message) if err["type"] == "value_error" else None
            named = found.group(1).split(".") if found else []
            if found and (all(n in _FIELD_NAMES for n in named) or not fields):
                fields, message = [*fields, *named], found.group(2)
            field_name = ".".join(fields) or "-"
            line = file.line((*loc[:2], *fields))
        else:
            record, field_name, line = "-", ".".join(map(str, loc)) or "-", file.line(loc)
        problems.setdefault(
            (line, record, field_name), Problem(file.name, line, record, field_name, message)
        )
    return list(problems.values())


def _refusal_problems(file: _File, refused: list[Refusal], kind: str) -> list[Problem]:
    """A problem for each thing in the file that the schema cannot hold, naming its record."""
    problems = []
    for line, path, message in refused:
        if len(path) >= 2 and path[0] == kind and isinstance(path[1], int):
            record, fields = file.record_id(kind, path[1]), path[2:]
        else:
            record, fields = "-", path
        field_name = ".".join(map(str, fields)) or "-"
        problems.append(Problem(file.name, line, record, field_name, message))
    return problems


@dataclass
class _Read:
    """What one file gave: its valid records, and what is known of its invalid ones."""

    records: list[Any] = field(default_factory=list)
    # Records that failed validation (already reported): they still define their ids and use
    # their sources, so other records that refer to them get no second, misleading error.
    rejected: list[dict[Any, Any]] = field(default_factory=list)
    readable: bool = True  # False when the file gave no records to check at all


def _read_records(
    file: _File, model: type[BaseModel], kind: str, item: type[BaseModel], problems: list[Problem]
) -> _Read:
    """Validate one file; keep the good records of a file with bad ones for further checks."""
    if file.error:
        problems.append(Problem(file.name, None, "-", "-", f"cannot be read: {file.error}"))
        return _Read(readable=False)
    try:
        data = parse(file.raw, check_depth=False)
    except YamlError as exc:
        if exc.refused:
            problems.extend(_refusal_problems(file, exc.refused, kind))
        else:
            problems.append(Problem(file.name, exc.line, "-", "-", exc.message))
        return _Read(readable=False)
    if data is None:
        problems.append(Problem(file.name, 1, "-", kind, f"the file is empty: expected '{kind}:'"))
        return _Read(readable=False)
    if not isinstance(data, dict):
        message = f"expected a mapping with the key '{kind}:' at the top, found {_kind_of(data)}"
        problems.append(Problem(file.name, 1, "-", kind, message))
        return _Read(readable=False)
    try:
        return _Read(list(getattr(model.model_validate(data), kind)))
    except ValidationError as exc:
        try:
            check_nesting(data)  # only failing data can be deep: see yamlio.parse
        except YamlError as deep:
            problems.append(Problem(file.name, file.deepest_line(), "-", "-", deep.message))
            return _Read(readable=False)
        # Only failing data can have keys that are not text: every mapping is a model's.
        if file.locator.refused:
            problems.extend(_refusal_problems(file, file.locator.refused, kind))
            return _Read(readable=False)
        problems.extend(_schema_problems(file, data, exc, kind))
    records = data.get(kind)
    if not isinstance(records, list):
        return _Read(readable=False)
    read = _Read()
    for raw in records:
        try:
            read.records.append(item.model_validate(raw))
        except ValidationError:  # already reported above
            if isinstance(raw, dict):
                read.rejected.append(raw)
    return read


def _rejected_values(reads: list[_Read], key: str) -> set[str]:
    return {r[key] for read in reads for r in read.rejected if isinstance(r.get(key), str)}


def _validate(
    data_dir: Path, files: list[_File], documents_dir: Path | None, digest: str
) -> LoadResult:
    problems: list[Problem] = []
    sources_file, originators_file, figure_files = files[0], files[1], files[2:]
    if not sources_file.path.is_file():
        problems.append(Problem(SOURCES_FILE, None, "-", "-", _NOT_FOUND))
        source_read = _Read(readable=False)
    else:
        source_read = _read_records(sources_file, SourcesFile, "sources", Source, problems)
    sources: list[Source] = source_read.records
    if not originators_file.path.is_file():
        problems.append(Problem(ORIGINATORS_FILE, None, "-", "-", _NOT_FOUND))
        originator_read = _Read(readable=False)
    else:
        originator_read = _read_records(
            originators_file, OriginatorsFile, "originators", Originator, problems
        )
    if not figure_files:
        message = "no figure files: a data directory holds figures/*.yaml"
        problems.append(Problem(f"{FIGURES_DIR}/", None, "-", "-", message))

    problems.extend(_unread_entries(data_dir))

    # Where each record was defined: for messages that need a line after validation.
    located_figures: list[tuple[_File, int, Figure]] = []
    figure_reads = []
    share = _Sharer()
    for file in figure_files:
        read = _read_records(file, FiguresFile, "figures", Figure, problems)
        share(read.records)
        figure_reads.append(read)
        located_figures.extend((file, index, figure) for index, figure in enumerate(read.records))

    # What the invalid records (reported above) defined and used, so that no valid record is
    # blamed for them; and whether every file could be read at all.
    unread = _Unread(
        source_ids=_rejected_values([source_read], "id"),
        figure_ids=_rejected_values(figure_reads, "id"),
        cited_sources=_rejected_values(figure_reads, "source"),
        originator_ids=_rejected_values([originator_read], "id"),
        cited_originators=_rejected_values(figure_reads, "originator"),
        sources_complete=source_read.readable,
        originators_complete=originator_read.readable,
        figures_complete=all(read.readable for read in figure_reads),
    )
    problems.extend(_cross_checks(sources_file, sources, located_figures, unread))
    problems.extend(
        _originator_checks(originators_file, originator_read.records, located_figures, unread)
    )
    by_source = {s.id: s for s in sources}
    values, derivation_problems = _compute_values(located_figures, unread)
    problems.extend(derivation_problems)
    problems.extend(_dates_and_warnings(located_figures, by_source, values))
    problems.extend(_quote_problems(documents_dir, located_figures, by_source))

    problems.sort(key=lambda p: (p.severity != "error", p.file, p.line or 0, p.record, p.field))
    if any(p.severity == "error" for p in problems):
        return LoadResult(None, problems, digest)
    dataset = Dataset(
        sources=by_source,
        figures=[f for _, _, f in located_figures],
        values=values,
        figure_files={f.id: file.name for file, _, f in located_figures},
        originators={o.id: o for o in originator_read.records},
    )
    return LoadResult(dataset, problems, digest)


# Figure fields whose values many figures repeat (codes, a source's id, dates, attributions).
_REPEATED_TEXT = ("entity", "metric", "qualifier", "source", "as_of", "attributed_to")


class _Sharer:
    """Shares the values figures repeat: half the memory of 100,000 figures' models.

    Pydantic gives each model its own set of the fields it was given, each figure its own
    verification and its own copy of every code; but a source's figures cite one id and a
    desk verifies thousands on one day. The models are frozen: sharing equal values changes
    nothing they hold. Applied file by file, so that what a file frees is reused by the next
    and the peak memory of a load drops too.
    """

    def __init__(self) -> None:
        self.field_sets: dict[frozenset[str], set[str]] = {}
        self.verifications: dict[Verification, Verification] = {}

    def __call__(self, figures: list[Figure]) -> None:
        for figure in figures:
            fields = figure.__dict__
            for name in _REPEATED_TEXT:
                if fields[name] is not None:
                    fields[name] = sys.intern(fields[name])
            verified = fields["verified"]
            fields["verified"] = self.verifications.setdefault(verified, verified)
            given = figure.__pydantic_fields_set__
            shared = self.field_sets.setdefault(frozenset(given), given)
            object.__setattr__(figure, "__pydantic_fields_set__", shared)


@dataclass(frozen=True)
class _Unread:
    """What the cross-record checks cannot see: invalid records and unreadable files."""

    source_ids: set[str]  # ids of invalid sources
    figure_ids: set[str]  # ids of invalid figures
    cited_sources: set[str]  # sources that invalid figures cite
    originator_ids: set[str]  # ids of invalid originators
    cited_originators: set[str]  # originators that invalid figures name
    sources_complete: bool  # sources.yaml was read (whatever its invalid records)
    originators_complete: bool  # originators.yaml was read (whatever its invalid records)
    figures_complete: bool  # every figure file was read


def _problem(file: _File, index: int, figure: Figure, field: str, message: str, **kw: Any):
    line = file.line(("figures", index, *field.split(".")))
    return Problem(file.name, line, figure.id, field, message, **kw)


def _elsewhere(here: tuple[_File, int], places: list[tuple[_File, int]], kind: str) -> str:
    """Where else a duplicated id is defined: 'figures/a.yaml:12, figures/b.yaml:3'."""
    return ", ".join(
        f"{file.name}:{file.line((kind, index, 'id'))}"
        for file, index in places
        if (file, index) != here
    )


def _duplicate_ids(file: _File, records: list[Any], kind: str) -> list[Problem]:
    """A problem at each record of `file` whose id another record of it has too."""
    ids = Counter(r.id for r in records)
    places = [(file, i) for i, r in enumerate(records) if ids[r.id] > 1]
    problems = []
    for here in places:
        record = records[here[1]]
        line = file.line((kind, here[1], "id"))
        also = _elsewhere(here, [p for p in places if records[p[1]].id == record.id], kind)
        problems.append(Problem(file.name, line, record.id, "id", f"duplicate id (also {also})"))
    return problems


def _same_pages(file: _File, sources: list[Source]) -> list[Problem]:
    """Two sources with one address or one text's SHA-256 are one page recorded twice, unless
    one says it is a second reading of the other (`same_page_as`)."""
    problems = []
    ids = {s.id for s in sources}
    for index, source in enumerate(sources):
        if source.same_page_as is not None and source.same_page_as not in ids:
            line = file.line(("sources", index, "same_page_as"))
            message = f"unknown source {source.same_page_as!r}"
            problems.append(Problem(file.name, line, source.id, "same_page_as", message))
    for name, label in (("url", "address"), ("sha256", "SHA-256")):
        places: dict[str, list[int]] = defaultdict(list)
        for index, source in enumerate(sources):
            if getattr(source, name):
                places[getattr(source, name)].append(index)
        for found in places.values():
            named = {sources[i].id for i in found}
            if len(named) < 2:  # one id twice: the duplicate id is the problem said
                continue
            linked = {sources[i].id for i in found if sources[i].same_page_as in named} | {
                sources[i].same_page_as for i in found if sources[i].same_page_as in named
            }
            for index in found:
                source = sources[index]
                if source.id in linked:
                    continue
                others = ", ".join(sorted(named - {source.id}))
                message = (
                    f"the same {label} as {others}: one page is one source, or a second reading "
                    "says so with 'same_page_as'"
                )
                line = file.line(("sources", index, name))
                problems.append(Problem(file.name, line, source.id, name, message))
    return problems


def _cross_checks(
    sources_file: _File,
    sources: list[Source],
    figures: list[tuple[_File, int, Figure]],
    unread: _Unread,
) -> list[Problem]:
    problems = _duplicate_ids(sources_file, sources, "sources") + _same_pages(sources_file, sources)
    source_ids = Counter(s.id for s in sources)
    figure_ids = Counter(f.id for _, _, f in figures)
    duplicates: dict[str, list[tuple[_File, int]]] = {}
    for file, index, figure in figures:
        if figure_ids[figure.id] > 1:
            duplicates.setdefault(figure.id, []).append((file, index))
    known_sources = source_ids.keys() | unread.source_ids
    used = set(unread.cited_sources)
    for file, index, figure in figures:
        used.add(figure.source)
        if figure.id in duplicates:
            also = _elsewhere((file, index), duplicates[figure.id], "figures")
            problems.append(_problem(file, index, figure, "id", f"duplicate id (also {also})"))
        if figure.source not in known_sources and unread.sources_complete:
            problems.append(
                _problem(file, index, figure, "source", f"unknown source {figure.source!r}")
            )
    for index, source in enumerate(sources):
        # With a figure file unreadable, whether a source is used cannot be known.
        if source.id not in used and not source.no_figures and unread.figures_complete:
            line = sources_file.line(("sources", index, "id"))
            problems.append(
                Problem(
                    sources_file.name,
                    line,
                    source.id,
                    "no_figures",
                    "no figure uses this source: add figures or say why in 'no_figures'",
                )
            )
        if source.id in used and source.no_figures:
            line = sources_file.line(("sources", index, "no_figures"))
            problems.append(
                Problem(
                    sources_file.name,
                    line,
                    source.id,
                    "no_figures",
                    "the source is marked as having no figures but figures use it",
                )
            )
    return problems


def _originator_checks(
    file: _File,
    originators: list[Originator],
    figures: list[tuple[_File, int, Figure]],
    unread: _Unread,
) -> list[Problem]:
    """Each originator defined once and named by some figure; each figure's originator known."""
    problems = _duplicate_ids(file, originators, "originators")
    known = {o.id for o in originators} | unread.originator_ids
    named = set(unread.cited_originators)
    for figure_file, index, figure in figures:
        named.add(figure.originator)
        if figure.originator not in known and unread.originators_complete:
            message = f"unknown originator {figure.originator!r}: define it in {ORIGINATORS_FILE}"
            problems.append(_problem(figure_file, index, figure, "originator", message))
    if unread.figures_complete:
        for index, originator in enumerate(originators):
            if originator.id not in named:
                line = file.line(("originators", index, "id"))
                message = "no figure names this originator: remove it or name it in a figure"
                problems.append(Problem(file.name, line, originator.id, "originator", message))
    return problems


def plotted_value(figure: Figure) -> float | None:
    """The number a chart plots for a figure that is not derived."""
    if figure.qualifier == "range":
        return (figure.low + figure.high) / 2
    return figure.value


def _compute_values(
    figures: list[tuple[_File, int, Figure]], unread: _Unread
) -> tuple[dict[str, float], list[Problem]]:
    """Values of every figure, derived ones computed from their inputs (in dependency order)."""
    located = {f.id: (file, index, f) for file, index, f in figures}
    values: dict[str, float] = {}
    problems: list[Problem] = []
    failed: set[str] = set()

    # Depth first with a stack of its own, not recursion: a chain of figures each derived from
    # the next can be longer than Python's recursion limit (a RecursionError escaped).
    for root, (_, _, root_figure) in located.items():
        if root_figure.derived is None:
            values[root] = plotted_value(root_figure)
            continue
        chain: list[str] = []  # the derived figures being resolved, each an input of the last
        in_chain: set[str] = set()
        stack: list[tuple[str, bool]] = [(root, False)]
        while stack:
            figure_id, inputs_resolved = stack.pop()
            file, index, figure = located[figure_id]
            d = figure.derived
            if inputs_resolved:
                chain.pop()
                in_chain.discard(figure_id)
                _derive(file, index, figure, values, failed, problems)
                continue
            if figure_id in values or figure_id in failed:
                continue
            if d is None:
                values[figure_id] = plotted_value(figure)
                continue
            inputs = [d.of, *d.minus]
            for name, ref in [("derived.of", d.of)] + [("derived.minus", m) for m in d.minus]:
                if ref not in located:
                    # An invalid figure, or one in an unreadable file, is already reported.
                    if ref not in unread.figure_ids and unread.figures_complete:
                        message = f"unknown figure {ref!r}"
                        problems.append(_problem(file, index, figure, name, message))
                    failed.add(figure_id)
                    break
                if ref in in_chain or ref == figure_id:
                    cycle = " -> ".join((*chain, figure_id, ref))
                    problems.append(
                        _problem(file, index, figure, name, f"derivation cycle: {cycle}")
                    )
                    failed.add(figure_id)
                    break
            else:
                chain.append(figure_id)
                in_chain.add(figure_id)
                stack.append((figure_id, True))
                stack.extend((ref, False) for ref in reversed(inputs))
    return values, problems


def _derive(
    file: _File,
    index: int,
    figure: Figure,
    values: dict[str, float],
    failed: set[str],
    problems: list[Problem],
) -> None:
    """Compute a derived figure whose inputs are resolved (in `values`) or have failed."""
    d = figure.derived
    resolved = [values.get(ref) for ref in [d.of, *d.minus]]
    if any(v is None for v in resolved):
        failed.add(figure.id)
        return
    if d.method == "share":
        value = resolved[0] * float(d.share)
    else:
        value = resolved[0] - sum(resolved[1:])
        if value < 0:
            problems.append(
                _problem(file, index, figure, "derived", f"the remainder is negative ({value:g})")
            )
            failed.add(figure.id)
            return
    values[figure.id] = round(value, 6)  # 0.1 * 3417 is 341.70000000000005 in binary


def _dates_and_warnings(
    figures: list[tuple[_File, int, Figure]],
    sources: dict[str, Source],
    values: dict[str, float],
) -> list[Problem]:
    problems = []
    travelled: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    returned: list[tuple[_File, int, Figure]] = []
    for file, index, figure in figures:
        source = sources.get(figure.source)
        if source and figure.as_of:
            published_latest = dates.bounds(source.published.date)[1]
            if dates.bounds(figure.as_of)[0] > published_latest:
                message = (
                    f"{figure.as_of} is after the source's publication date {source.published.date}"
                )
                problems.append(_problem(file, index, figure, "as_of", message))
        if figure.metric == "travelled":
            travelled[(figure.source, figure.entity)].append(figure)
        elif figure.metric == "returned":
            returned.append((file, index, figure))
    # Every returned figure against every travelled figure of the same source and entity that
    # counts the same people: eleven women who went are no contradiction of 40 who came back.
    for file, index, figure in returned:
        returned_value = values.get(figure.id)
        for other in travelled.get((figure.source, figure.entity), []):
            travelled_value = values.get(other.id)
            if None in (returned_value, travelled_value) or returned_value <= travelled_value:
                continue
            if (other.scope, other.takes_in_others, other.one_occasion) != (
                figure.scope,
                figure.takes_in_others,
                figure.one_occasion,
            ):
                continue
            message = (
                f"returned ({returned_value:g}) is greater than travelled "
                f"({travelled_value:g}) in {other.id} for {figure.entity}"
            )
            problems.append(_problem(file, index, figure, "value", message, severity="warning"))
    return problems


def _quote_problems(
    documents_dir: Path | None,
    figures: list[tuple[_File, int, Figure]],
    sources: dict[str, Source],
) -> list[Problem]:
    """Every quote states its figure; with `documents_dir`, an archived source's quotes are in
    its document (a source read from the web has no archived text to check against here)."""
    problems = []
    texts: dict[str, str | None] = {}
    for file, index, figure in figures:
        source = sources.get(figure.source)
        if source is None:
            # Unknown, invalid or unread, and reported as such: the quote's language (how its
            # number words read) is unknown too, so its check would only add a false error.
            continue
        language = source.language
        if (language == "en") == (figure.translation is not None):
            message = (
                "a quote in English needs no translation"
                if language == "en"
                else f"a quote in {language!r} needs its English translation ('translation')"
            )
            problems.append(_problem(file, index, figure, "translation", message))
        if documents_dir is None or source.document is None:
            message = statement_problem(figure, language)
        else:
            if source.document not in texts:
                path = documents_dir / source.document
                texts[source.document] = (
                    path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None
                )
            text = texts[source.document]
            message = (
                f"document {source.document} not found in {documents_dir}"
                if text is None
                else quote_problem(figure, text, language)
            )
        if message:
            problems.append(_problem(file, index, figure, "quote", message))
    return problems


def statement_problem(figure: Figure, language: str = "en") -> str | None:
    """Why a figure's quote does not state it (its number, or its derivation's words), or None.

    This needs no document, so it runs on every load, archived text or not.
    """
    if figure.derived:
        words = quotes.normalize(figure.derived.words)
        if words.casefold() not in quotes.normalize(figure.quote).casefold():
            return f"the quote does not contain the derivation's words {figure.derived.words!r}"
        return None
    expected = [figure.low, figure.high] if figure.qualifier == "range" else [figure.value]
    # A quote is at most schema.QUOTE_MAX characters: no number in it is too long to read.
    missing = quotes.unstated(figure.quote, expected, language)
    if missing:
        return f"the quote does not state the number {missing[0]:,}"
    return None


def quote_problem(figure: Figure, document: str, language: str = "en") -> str | None:
    """Why a figure's quote fails the quote check against its document, or None when it passes."""
    if not quotes.quote_in_document(figure.quote, document):
        return "the quote is not in the document"
    return statement_problem(figure, language)
