"""Paragraphs, sentences and clauses of a plain-text document, as character offsets.

Offsets always index the original text, so every candidate can point back to its line and
column. Sentences end at ".", "!" or "?" (and a closing quote or footnote mark after them)
followed by a capital (Latin, Greek, Cyrillic), an Arabic letter, a digit or an opening quote;
abbreviations and initials ("U.S.", "e.g.", "N.H.") do not end a sentence. A blank line ends a
paragraph, and a short line without final punctuation at the start of a paragraph or after a
finished sentence is a heading ("Introduction", "Table 1 ...", a headline): it is a sentence of
its own, and so is each item of a list (a line that starts with a bullet, a dash or "1."). In a
text whose lines are whole paragraphs (a line longer than 200 characters), every line break ends
a sentence. Clauses split a sentence at ",", ";", ":", dashes, brackets and
"while"/"whereas"/"but".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass


def words(text: str) -> frozenset[str]:
    """A set of words written as one string (easier to read and edit than a list)."""
    return frozenset(text.split())


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\u00a0]*\n\s*")
# A sentence starts with a capital (Latin, Greek or Cyrillic), a digit, a currency sign or a
# letter of a script without capitals (Arabic).
_SENTENCE_END = re.compile(
    r"[.!?…]+[\"”’)\]»]*(?:\d{1,2}(?=\s))?\s+"
    r"(?=[\"“‘«„(\[]?[A-Z0-9$£€À-ÖØ-ÞĀ-ŽΑ-ΩА-ЯЁЂ-Џ\u0600-\u06ff])"
)
_ABBREVIATIONS = words(
    """mr mrs ms dr prof st jr sr vs etc e.g i.e u.s u.k u.n no nos fig figs p pp vol ed eds
    jan feb mar apr jun jul aug sep sept oct nov dec approx ca cf al gen col lt sgt rev
    inc ltd co corp dept est mt ph.d"""
)
_INITIALS = re.compile(r"^(?:[A-Za-z]\.)*[A-Za-z]$")
_CLAUSE_BREAK = re.compile(
    r"[,;:]\s+|\s*[—–]\s*|\s+-\s+|(?:^|\s+)[(\[]\s*|\s*[)\]](?=[\s.,;:!?]|$)\s*|"
    r"\s+(?=(?:while|whereas|but|although)\s)"
)
# A line that starts a list item ("• Britain – 850 left", "- 120 returned", "3) ...") is a
# sentence of its own.
_ITEM_MARK = r"[ \t]*(?:[•·▪‣◦●*]|[-–—](?=[ \t])|\d{1,2}[.)](?=[ \t]))"
_BULLET = re.compile(r"(?<=\n)" + _ITEM_MARK)
_ITEM_START = re.compile(r"\s*" + _ITEM_MARK)


def is_list_item(sentence_text: str) -> bool:
    """Whether a sentence is an item of a list: it starts with a bullet, a dash or "1."."""
    return bool(_ITEM_START.match(sentence_text))


_UNWRAPPED = 200
_FOOTNOTE_AT_END = re.compile(r"(?<=[.!?\"”’)])\d{1,2}$")
_TERMINAL = re.compile(r"[.!?:;\"”’)\]]\s*$")


@dataclass(frozen=True)
class Sentence:
    index: int
    paragraph: int
    start: int
    end: int
    clauses: tuple[tuple[int, int], ...]

    def clause_of(self, offset: int) -> tuple[int, int]:
        for start, end in self.clauses:
            if start <= offset < end:
                return start, end
        return self.start, self.end


@dataclass(frozen=True)
class Document:
    text: str
    sentences: list[Sentence]
    line_starts: list[int]

    def sentence_at(self, offset: int) -> Sentence:
        starts = self.__dict__.get("_starts")
        if starts is None:
            starts = [s.start for s in self.sentences]
            object.__setattr__(self, "_starts", starts)
        return self.sentences[max(0, bisect_right(starts, offset) - 1)]

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def quote(self, start: int, end: int) -> str:
        """The text between two offsets as one line: verbatim but for line breaks and runs of
        spaces (the quote check ignores those)."""
        return " ".join(self.text[start:end].split())


def segment(text: str) -> Document:
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    # A text with paragraph-long lines was not wrapped: each of its line breaks ends a sentence
    # (a headline right above its article's first line is not part of that sentence).
    unwrapped = any(len(line) > _UNWRAPPED for line in text.split("\n"))
    sentences: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(_paragraphs(text)):
        for start, end in _sentences(text, p_start, p_end, unwrapped):
            sentences.append(
                Sentence(len(sentences), p_index, start, end, _clauses(text, start, end))
            )
    return Document(text, sentences, line_starts)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for start, end in spans:
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            out.append((start + lead, start + lead + len(stripped)))
    return out


def _headings(text: str, start: int, end: int) -> list[int]:
    """Offsets where a heading line ends inside a paragraph (a break after it)."""
    breaks = []
    offset = start
    lines = text[start:end].split("\n")
    previous_done = True
    for i, line in enumerate(lines):
        stripped = line.strip()
        line_end = offset + len(line)
        is_last = i == len(lines) - 1
        if (
            not is_last
            and previous_done
            and stripped
            and len(stripped) <= 50
            and len(stripped.split()) <= 7
            and not _TERMINAL.search(stripped)
            and lines[i + 1].strip()[:1].isupper()
        ):
            breaks.append(line_end)
            previous_done = True
        else:
            previous_done = bool(_TERMINAL.search(stripped)) if stripped else previous_done
        offset = line_end + 1
    return breaks


def _sentences(text: str, start: int, end: int, unwrapped: bool) -> list[tuple[int, int]]:
    cuts = set(_headings(text, start, end))
    cuts.update(start + m.start() for m in _BULLET.finditer(text[start:end]) if m.start())
    if unwrapped:
        cuts.update(start + m.end() for m in re.finditer(r"\n", text[start:end]))
    chunk = text[start:end]
    for match in _SENTENCE_END.finditer(chunk):
        dot = chunk.rfind(".", match.start(), match.end())
        if chunk[match.start()] == "." and dot >= 0:
            word = re.search(r"(\S+)$", chunk[: match.start()])
            token = word.group(1).lstrip('("“‘[').lower() if word else ""
            if token in _ABBREVIATIONS or _INITIALS.match(token):
                continue
        cuts.add(start + match.end())
    spans = []
    previous = start
    for cut in sorted(cuts):
        if previous < cut <= end:
            spans.append((previous, cut))
            previous = cut
    spans.append((previous, end))
    out = []
    for s, e in spans:
        piece = text[s:e]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            stripped = piece.strip()
            footnote = _FOOTNOTE_AT_END.search(stripped)
            if footnote:  # "... some estimates.1": the mark is not part of the sentence
                stripped = stripped[: footnote.start()]
            out.append((s + lead, s + lead + len(stripped)))
    return out


def _clauses(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    out, previous = [], start
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        if match.start() > previous:
            out.append((previous, match.start()))
        previous = match.end()
    if previous < end:
        out.append((previous, end))
    return tuple(out) or ((start, end),)
