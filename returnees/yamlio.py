"""Reading YAML safely and fast, and finding the line of any value when something is wrong.

The happy path uses yaml-rs (Rust): about 20x faster than PyYAML's C loader, and it refuses
duplicate keys and limits alias expansion ("billion laughs"). Line numbers are only needed when
there is a problem, so `Locator` re-reads a file with PyYAML's composer on that path alone: it
records where every node starts without expanding aliases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
import yaml_rs

# Generous for a hand-written dataset, tiny next to what an alias bomb expands to.
ALIAS_LIMITS = yaml_rs.AliasLimits(
    max_total_replayed_events=100_000,
    max_replay_stack_depth=32,
)
MAX_DEPTH = 64


class YamlError(Exception):
    """A file that is not readable YAML; `line` is 1-based, or None for the whole file."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


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
    try:
        data = yaml_rs.loads(
            text,
            parse_datetime=False,
            alias_limits=ALIAS_LIMITS,
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
        )
    except yaml_rs.YAMLDecodeError as exc:
        message = str(exc).strip().splitlines()
        found = _LINE.search(str(exc))
        line = int(found.group(1)) if found else _first_problem_line(text, message[0])
        text_message = message[-1] if found else message[0]
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
        raise YamlError(text_message, line) from None
    except RecursionError:
        raise YamlError(f"nested deeper than {MAX_DEPTH} levels") from None
    if check_depth:
        check_nesting(data)
    return data


def check_nesting(data: Any) -> None:
    """Raise YamlError when `data` nests deeper than MAX_DEPTH."""
    if _depth(data) > MAX_DEPTH:
        raise YamlError(f"nested deeper than {MAX_DEPTH} levels")


def _depth(value: Any, level: int = 0) -> int:
    # Records are shallow; stop as soon as the limit is passed so a deep bomb costs little.
    if level > MAX_DEPTH or not isinstance(value, dict | list):
        return level
    children = value.values() if isinstance(value, dict) else value
    return max((_depth(c, level + 1) for c in children), default=level)


def _first_problem_line(text: str, message: str) -> int | None:
    """Line of a duplicate key or of the first alias, for errors that carry no line."""
    try:
        if "duplicate" in message:
            return _duplicate_key_line(yaml.compose(text, Loader=_SafeLoader))
        if "alias" in message:
            for event in yaml.parse(text, Loader=_SafeLoader):
                if isinstance(event, yaml.AliasEvent):
                    return event.start_mark.line + 1
    except yaml.YAMLError:
        return None
    return None


def _duplicate_key_line(node: yaml.Node | None) -> int | None:
    seen: set[int] = set()
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            keys: set[str] = set()
            for key, value in current.value:
                if key.value in keys:
                    return key.start_mark.line + 1
                keys.add(key.value)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return None


@dataclass
class Locator:
    """Maps a path of keys and indexes (("figures", 3, "value")) to its 1-based line."""

    lines: dict[tuple[Any, ...], int]

    @classmethod
    def from_text(cls, text: str) -> Locator:
        try:
            root = yaml.compose(text, Loader=_SafeLoader)
        except yaml.YAMLError:
            return cls({})
        lines: dict[tuple[Any, ...], int] = {}
        visited: set[int] = set()  # an alias points back to a node already walked
        stack: list[tuple[tuple[Any, ...], int, yaml.Node]] = []
        if root is not None:
            stack.append(((), root.start_mark.line + 1, root))
        while stack:
            path, line, node = stack.pop()
            lines.setdefault(path, line)
            if id(node) in visited or len(path) > MAX_DEPTH:
                continue
            visited.add(id(node))
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    # A field's line is its key's line, where a person looks for it.
                    stack.append(((*path, key.value), key.start_mark.line + 1, value))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(
                    ((*path, i), child.start_mark.line + 1, child)
                    for i, child in enumerate(node.value)
                )
        return cls(lines)

    def line(self, path: tuple[Any, ...]) -> int | None:
        """The line of the deepest part of `path` the file has."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None
