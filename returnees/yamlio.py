"""Reading YAML safely and fast, and finding the line of any value when something is wrong.

The happy path uses yaml-rs (Rust): about 20x faster than PyYAML's C loader, and it refuses
duplicate keys and limits alias expansion ("billion laughs"). Line numbers are only needed when
there is a problem, so `Locator` re-reads a file with PyYAML's event parser on that path alone:
it records where every node starts without expanding aliases, and without recursion.

YAML can say more than the schema can hold: tags (`!!set`, `!custom`), keys that are lists,
mappings, numbers or null, several documents in one file. Each is refused at its line (see
`Locator.refused`) rather than read into something the file did not mean.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml
import yaml_rs

# Generous for a hand-written dataset, tiny next to what an alias bomb expands to.
ALIAS_LIMITS = yaml_rs.AliasLimits(
    max_total_replayed_events=100_000,
    max_replay_stack_depth=32,
)
MAX_DEPTH = 64


class Refusal(NamedTuple):
    """Something YAML allows that the schema cannot hold, at a 1-based line."""

    line: int
    path: tuple[Any, ...]  # of the node, or of the mapping that holds a refused key
    message: str


class YamlError(Exception):
    """A file that is not readable YAML; `line` is 1-based, or None for the whole file.

    A file refused for what the schema cannot hold has every such thing in `refused`.
    """

    def __init__(self, message: str, line: int | None = None, refused: Sequence[Refusal] = ()):
        super().__init__(message)
        self.message = message
        self.line = line
        self.refused = list(refused)


_LINE = re.compile(r"line (\d+)")
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(raw: bytes, *, check_depth: bool = True) -> Any:
    """Parse one YAML document from bytes, or raise YamlError with the best line we can find.

    `check_depth=False` skips walking the result to check how deep it nests: the loader calls
    `check_nesting(data)` only for data that fails its schema, since data that passes is
    shallow by construction (and the walk costs a third of a large load).
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YamlError(f"not UTF-8 text (byte {exc.start})", line) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    nul = text.find("\x00")
    if nul >= 0:
        # yaml-rs stops reading at a NUL: all that followed it vanished, figures included.
        raise YamlError("a NUL character (code 0): YAML text cannot hold one", _line_at(text, nul))
    if _may_nest_deep(text):
        _refuse_deep_nesting(text)
    try:
        data = yaml_rs.loads(
            text,
            parse_datetime=False,
            alias_limits=ALIAS_LIMITS,
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
        )
    except yaml_rs.YAMLDecodeError as exc:
        found = _LINE.search(str(exc))
        if found:  # "YAML parse error at line 3, column 1", a snippet, then the message
            line, text_message = int(found.group(1)), str(exc).strip().split("\n")[-1]
        else:  # the message alone, which may hold any character (splitlines broke on \x0c)
            text_message = str(exc).strip()
            if _TAG_IN_MESSAGE.match(text_message):  # "Invalid tag: '!!timestamp'"
                refuse(Locator.from_text(text))  # every tag, like those yaml-rs reads
            line = _first_problem_line(text, text_message)
        tab = _TAB_INDENT.search(text) if "tab" in text_message else None
        if tab:
            # The parser may blame the line before the tab; the tab is what to fix.
            line = text.count("\n", 0, tab.start()) + 1
            text_message = "a tab in the indentation: YAML indents with spaces only"
        elif text_message.startswith("alias replay stack depth"):
            depth = ALIAS_LIMITS.max_replay_stack_depth
            text_message = f"aliases (*name) nest deeper than {depth} levels: refused (alias bomb)"
        elif text_message.startswith("alias replay"):
            events = ALIAS_LIMITS.max_total_replayed_events
            text_message = f"aliases (*name) expand to over {events:,} values: refused (alias bomb)"
        elif text_message == "recursion limit exceeded":  # flow collections ([, {) too deep
            text_message = f"nested deeper than {MAX_DEPTH} levels"
        raise YamlError(text_message, line) from None
    except RecursionError:
        raise YamlError(f"nested deeper than {MAX_DEPTH} levels") from None
    except Exception:
        # yaml-rs builds the Python values itself, and a key it cannot hash escaped as a
        # TypeError ("? : :", a mapping inside a key): refuse what the schema cannot hold.
        locator = Locator.from_text(text)
        refuse(locator)
        raise YamlError("not readable as YAML", locator.unreadable or 1) from None
    if ("!" in text and _TAG_START.search(text)) or (
        isinstance(data, list) and _DOCUMENT_MARK.search(text)
    ):
        # yaml-rs drops most tags silently, and reads several documents as a list of them.
        refuse(Locator.from_text(text))
    if check_depth:
        check_nesting(data)
    return data


# Where a tag may start ("!" at the start of a node), and a document's start or end marker:
# cheap screens, so the event parser reads only the files that may hold either.
_TAG_START = re.compile(r"(?<![^\s\[{,:])!")
_DOCUMENT_MARK = re.compile(r"^(?:---|\.\.\.)(?:[ \t\r\n]|$)", re.MULTILINE)


def refuse(locator: Locator) -> None:
    """Raise a YamlError for what YAML allows but the schema cannot hold, if the file has any."""
    if locator.refused:
        first = locator.refused[0]
        raise YamlError(first.message, first.line, locator.refused)


def check_nesting(data: Any) -> None:
    """Raise YamlError when `data` nests deeper than MAX_DEPTH."""
    if _depth(data) > MAX_DEPTH:
        raise YamlError(f"nested deeper than {MAX_DEPTH} levels")


def _depth(value: Any, level: int = 0) -> int:
    """How many collections nest in `value`, itself inside `level` of them ([] is 1, [[x]] 2,
    as the event parser counts them). Records are shallow; the walk stops past the limit, so
    a deep bomb costs little."""
    if not isinstance(value, dict | list):
        return level
    if level >= MAX_DEPTH:
        return level + 1
    children = value.values() if isinstance(value, dict) else value
    return max((_depth(c, level + 1) for c in children), default=level + 1)


def _line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


# yaml-rs builds nested values by recursion, with no limit on block collections: some 11,000
# levels of "- - - x" (two bytes a level) overflowed the C stack and killed the process, with no
# exception to catch (PyYAML's composer does the same further on). A block collection starts to
# the right of its parent, so nesting that deep needs a line that starts with a long run of
# spaces and indicators ("- ", "? ", ": "); flow collections ([, {) stop yaml-rs at 255 levels.
# A file with such a line is read first with PyYAML's event parser, which does not recurse.
_LONG_INDENT = "[ \t?:-]{128}"
_LONG_FIRST_LINE = re.compile(_LONG_INDENT)
_LONG_LINE = re.compile("\n" + _LONG_INDENT)  # a literal first: 15x faster than "^" or [\n\r]
_LONG_LINE_ANY_BREAK = re.compile("[\n\r]" + _LONG_INDENT)  # for the rare file with a \r
_BREAK = re.compile(r"\r\n?|\n")  # line breaks as the parsers count them


def _may_nest_deep(text: str) -> bool:
    line = _LONG_LINE_ANY_BREAK if "\r" in text else _LONG_LINE
    return bool(_LONG_FIRST_LINE.match(text) or line.search(text))


def _refuse_deep_nesting(text: str) -> None:
    """Raise YamlError at the first collection nested deeper than MAX_DEPTH, if any."""
    depth = 0
    try:
        for event in yaml.parse(_for_pyyaml(text), Loader=_SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1
                    raise YamlError(f"nested deeper than {MAX_DEPTH} levels", line)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        long_lines = [*_LONG_LINE_ANY_BREAK.finditer(text)]
        last_long = len(_BREAK.findall(text, 0, long_lines[-1].end())) + 1 if long_lines else 1
        if line <= last_long:
            # Unreadable before the end of the long lines: how deep they nest is unknown.
            raise YamlError(getattr(exc, "problem", None) or "not readable as YAML", line) from None


# PyYAML reads YAML 1.1: it refuses characters yaml-rs keeps in a scalar (control characters),
# and it breaks lines at NEL, LS and PS where yaml-rs does not. With those swapped for "_" (one
# character for one), PyYAML reads the file as yaml-rs did and finds the lines yaml-rs meant.
_NOT_FOR_PYYAML = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x85\u2028\u2029\ufeff]"
)


def _for_pyyaml(text: str) -> str:
    return _NOT_FOR_PYYAML.sub("_", text.removeprefix("\ufeff"))


class _Unreadable(yaml.Event):
    """Where PyYAML stopped reading: where its YAML 1.1 and yaml-rs's YAML 1.2 part ways."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line


def _events(text: str) -> Iterator[yaml.Event]:
    """PyYAML's events for `text`, then an `_Unreadable` if it cannot read it to the end."""
    try:
        yield from yaml.parse(_for_pyyaml(text), Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        yield _Unreadable(mark.line + 1 if mark else 1)


def _first_problem_line(text: str, message: str) -> int | None:
    """Line of a duplicate key or the first alias, for errors that carry no line.

    When PyYAML cannot find it, the line where PyYAML stopped reading: in a file yaml-rs read,
    that is where the two parsers disagree, and likely what made yaml-rs complain.
    """
    unreadable = None
    if message.startswith("duplicate mapping key"):
        for kind, _, line, _ in _walk(text):
            if kind == "duplicate":
                return line
            if kind == "unreadable":
                unreadable = line
    else:
        for event in _events(text):
            if isinstance(event, yaml.AliasEvent) and "alias" in message:
                return event.start_mark.line + 1
            if isinstance(event, _Unreadable):
                unreadable = event.line
    return unreadable


# "Invalid tag: '!!python/object:x'", "Invalid value 'x' for '!!int' tag"
_TAG_IN_MESSAGE = re.compile(r"Invalid (?:tag: '!|value '.*' for '!.*' tag$)", re.DOTALL)


def _tag_as_written(tag: str) -> str:
    core = "tag:yaml.org,2002:"
    return "!!" + tag.removeprefix(core) if tag.startswith(core) else tag


def _key_refusal(key: Any, text: str, event: yaml.NodeEvent) -> str | None:
    """Why a key the parser read cannot be a field name, or None when it can."""
    if isinstance(key, str):
        # A plain `<<`: YAML 1.1 merges in the mapping it names, YAML 1.2 (yaml-rs) does not.
        plain = isinstance(event, yaml.ScalarEvent) and event.implicit[0]
        return "a merge key (<<): write the fields out in full" if key == "<<" and plain else None
    if key is _COLLECTION:
        return "a key that is a list or a mapping: a key is a field name, such as 'value'"
    if key is None:
        what = "null"
    elif isinstance(key, bool):
        what = "true/false"
    else:
        what = "a number"
    written = text[event.start_mark.index : event.end_mark.index].split("\n", 1)[0].strip()
    shown = written if len(written) <= 40 else written[:39] + "…"
    return f"a key that is {what} ({shown}): a key is a field name, such as 'value'"


# A plain scalar that may be a number, a boolean or null rather than text, as a key.
_MAYBE_NOT_TEXT = re.compile(r"[-+.0-9~]|(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)?$")


def _key(event: yaml.ScalarEvent) -> Any:
    """The key yaml-rs makes of a scalar: `1` and `0x1` are the same key, `'1'` another."""
    if event.implicit[0] and _MAYBE_NOT_TEXT.match(event.value):
        try:
            key = yaml_rs.loads(event.value, parse_datetime=False)
        except (yaml_rs.YAMLDecodeError, ValueError):
            return event.value
        if key is None or isinstance(key, int | float):  # and not "0:" read as a mapping
            return key
    return event.value


_COLLECTION = object()  # what an anchor names when it is not a scalar


class _Frame:
    """An open collection while walking events: its path, and where a mapping is at."""

    __slots__ = ("in_key", "index", "key", "key_line", "keys", "mapping", "path", "wants_key")

    def __init__(self, path: tuple[Any, ...] | None, mapping: bool, in_key: bool):
        self.path = path  # None: inside a key that is a collection, or too deep to record
        self.mapping = mapping
        self.in_key = in_key  # inside a key that is a collection (refused as a whole)
        self.index = 0
        self.wants_key = True
        self.key: Any = None
        self.key_line = 0
        self.keys: set[Any] = set()


def _walk(text: str) -> Iterator[tuple[str, tuple[Any, ...] | None, int, Any]]:
    """From events, without recursion: ("node", path, line, text) for every node of the first
    document (text: a scalar's, else None), ("duplicate", None, line, key) for every key its
    mapping already has, ("refused", path, line, message) for what the schema cannot hold (see
    `Locator.refused`), and ("unreadable", None, line, None) where PyYAML stopped reading.

    A node's line is where a person looks for it: a mapping value's is its key's line.
    """
    frames: list[_Frame] = []
    anchors: dict[str, Any] = {}  # what each anchor names: a scalar's key, or _COLLECTION
    events = _events(text)
    read = _for_pyyaml(text)  # the text as PyYAML read it: where its marks point
    for event in events:
        if isinstance(event, _Unreadable):
            yield "unreadable", None, event.line, None
        if isinstance(event, yaml.DocumentEndEvent):
            following = next(events, None)
            if isinstance(following, yaml.DocumentStartEvent):
                message = "a second YAML document (after '---'): a data file holds one document"
                yield "refused", (), following.start_mark.line + 1, message
            elif isinstance(following, _Unreadable):
                yield "unreadable", None, following.line, None
            return
        if isinstance(event, yaml.CollectionEndEvent):
            _ended(frames)
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        line = event.start_mark.line + 1
        parent = frames[-1] if frames else None
        in_key = parent is not None and parent.in_key
        named = _key(event) if isinstance(event, yaml.ScalarEvent) else _COLLECTION
        if event.anchor is not None and not isinstance(event, yaml.AliasEvent):
            anchors[event.anchor] = named
        path: tuple[Any, ...] | None = ()
        refusals = []
        if parent is not None and parent.mapping and parent.wants_key:
            path = None  # a key: its value is recorded, under it
            key = anchors.get(event.anchor) if isinstance(event, yaml.AliasEvent) else named
            refusals.append(_key_refusal(key, read, event))
            if key is _COLLECTION:
                key = (line, event.start_mark.column)  # never a field, and never a duplicate
                in_key = isinstance(event, yaml.CollectionStartEvent)
            elif key in parent.keys:
                yield "duplicate", None, line, key
            parent.keys.add(key)
            parent.key, parent.key_line = key, line
        elif parent is not None:
            if parent.path is None or len(parent.path) >= MAX_DEPTH:
                path = None
            elif parent.mapping:
                path, line = (*parent.path, parent.key), parent.key_line
            else:
                path = (*parent.path, parent.index)
        if path is not None:
            yield "node", path, line, event.value if isinstance(event, yaml.ScalarEvent) else None
        tag = getattr(event, "tag", None)
        if tag is not None:
            refusals.append(f"a YAML tag ({_tag_as_written(tag)}): write the value without a tag")
        if not (parent is not None and parent.in_key):  # a key that is a collection: as a whole
            where = path if path is not None else (parent.path if parent else None) or ()
            for message in filter(None, refusals):
                yield "refused", where, event.start_mark.line + 1, message
        if isinstance(event, yaml.CollectionStartEvent):
            frames.append(_Frame(path, isinstance(event, yaml.MappingStartEvent), in_key))
        else:
            _done(parent)


def _ended(frames: list[_Frame]) -> None:
    frames.pop()
    _done(frames[-1] if frames else None)


def _done(parent: _Frame | None) -> None:
    """A node of `parent` is complete: a key (its value comes next), a value or an item."""
    if parent is None:
        return
    if parent.mapping:
        parent.wants_key = not parent.wants_key
    else:
        parent.index += 1


@dataclass
class Locator:
    """Maps a path of keys and indexes (("figures", 3, "value")) to its 1-based line."""

    lines: dict[tuple[Any, ...], int]
    unreadable: int | None = None  # where PyYAML stopped reading, if it did
    # What YAML allows but the schema cannot hold: tags, keys that are not text (lists,
    # mappings, numbers, null, true/false), merge keys, a second document.
    refused: list[Refusal] = field(default_factory=list)
    # The `id` of each record, as written, by the record's path: names records in messages
    # even when yaml-rs could not read the file.
    ids: dict[tuple[Any, ...], str] = field(default_factory=dict)

    @classmethod
    def from_text(cls, text: str) -> Locator:
        found = cls({})
        for kind, path, line, detail in _walk(text):
            if kind == "node":
                found.lines.setdefault(path, line)
                if path and path[-1] == "id" and detail:
                    found.ids.setdefault(path[:-1], detail)
            elif kind == "unreadable":
                found.unreadable = line
            elif kind == "refused":
                found.refused.append(Refusal(line, path, detail))
        return found

    def line(self, path: tuple[Any, ...]) -> int | None:
        """The line of the deepest part of `path` the file has, else where PyYAML stopped."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return self.unreadable
