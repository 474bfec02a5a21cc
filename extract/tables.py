"""Tables rendered as text: a header of metric columns, then one row per country.

    Country          Travelled     Returned     Convicted
    Austria             320            93           -
    Spain           200-230            30          21

Cells are separated by a tab, a "|" or two or more spaces. A header is a line with at least two
cells that name a metric (by the words of `extract.metrics`: "Travelled", "Returnees",
"Convicted"...); each row after it (up to a blank line or a line of another shape) starts with
a cell that is exactly a country, people or region of `extract.entities`, and has as many cells
as the header (or one more, when the header leaves the first column unnamed). Every number in
a metric column is a figure of that row's entity: the table, not a sentence, ties them.

Stage 2 of the extractor: `find` reads the tables of the whole document (with the places of
`extract.entities`), and a number in a cell becomes a candidate by `candidate`, not by the
reading of its sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from extract import entities as ent
from extract import metrics as met
from extract.numbers import Quantity
from extract.record import Candidate
from extract.sentences import Page, new_candidate
from extract.text import Sentence

_GAP = re.compile(r"\t+|[ \u00a0]*\|[ \u00a0]*|[ \u00a0]{2,}")


@dataclass(frozen=True)
class Cell:
    """A number's cell: the row's entity and the column's metric."""

    start: int  # the cell's span in the document
    end: int
    entity: ent.Mention
    metric: str
    column: str  # the header's words
    row: tuple[int, int]  # the row's line


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The (start, end) of each cell of the line text[start:end]."""
    line = text[start:end]
    lead = len(line) - len(line.lstrip())
    spans, at = [], start + lead
    for gap in _GAP.finditer(text, start + lead, end):
        if gap.start() > at:
            spans.append((at, gap.start()))
        at = gap.end()
    if text[at:end].strip():
        spans.append((at, start + len(line.rstrip())))
    return spans


def _lines(text: str) -> list[tuple[int, int]]:
    out, at = [], 0
    for line in text.split("\n"):
        out.append((at, at + len(line)))
        at += len(line) + 1
    return out


def find(text: str, mentions: list[ent.Mention]) -> list[Cell]:
    """Every number cell of every table in `text` (a whole document)."""
    by_span = {(m.start, m.end): m for m in mentions if m.code is not None}
    lines = _lines(text)
    out: list[Cell] = []
    i = 0
    while i < len(lines):
        header = _header(text, *lines[i])
        if header is None:
            i += 1
            continue
        i += 1
        while i < len(lines) and not text[slice(*lines[i])].strip():
            i += 1  # a blank line between the header and the rows
        while i < len(lines):
            cells = _cells(text, *lines[i])
            shift = len(cells) - len(header)
            entity = by_span.get(cells[0]) if cells else None
            if entity is None or shift not in (0, 1):
                break
            for (start, end), column in zip(cells[shift:], header, strict=True):
                if column is not None and start != cells[0][0]:
                    out.append(Cell(start, end, entity, column[0], column[1], lines[i]))
            i += 1
    return out


def _header(text: str, start: int, end: int) -> list[tuple[str, str] | None] | None:
    """The metric and words of each column of a header line, or None if it is not one."""
    cells = _cells(text, start, end)
    if len(cells) < 3 and not (len(cells) == 2 and cells[0][0] > start):
        return None
    columns: list[tuple[str, str] | None] = []
    for s, e in cells:
        words = text[s:e]
        cues = [c for c in met.find_cues(words) if not c.excluded]
        if cues and len(words) <= 40 and not any(ch.isdigit() for ch in words):
            columns.append((cues[0].metric, words))
        else:
            columns.append(None)
    named = sum(1 for c in columns if c is not None)
    return columns if named >= 2 else None


def cell_at(cells: list[Cell], starts: list[int], offset: int) -> Cell | None:
    """The cell that holds an offset; `starts` are the starts of `cells` (in text order)."""
    i = bisect_left(starts, offset + 1) - 1
    if i >= 0 and cells[i].start <= offset < cells[i].end:
        return cells[i]
    return None


def candidate(q: Quantity, sentence: Sentence, cell: Cell, page: Page) -> Candidate:
    """A number in a table's cell: the row's entity, the column's metric."""
    c = new_candidate(q, sentence, page)
    label = " ".join(cell.column.split())
    if c.value is None and c.low is None:
        c.blockers.append(f"{q.text!r} is not a whole number of people")
    if cell.entity.code is None:
        c.blockers.append(f"counts '{cell.entity.text}', a region with no entity code")
    c.entity, c.metric = cell.entity.code, cell.metric
    c.entity_explicit = c.metric_explicit = True
    c.basis.insert(0, f"{c.entity} from the row '{cell.entity.text}'")
    c.basis.append(f"{c.metric} from the column '{label}'")
    c.checks.append(f"read from a table: check the row ('{cell.entity.text}') and the column")
    c.quote = page.doc.quote(*cell.row)
    return c
