"""The quote of a candidate, and who it is attributed to.

Input: a candidate whose entity and metric are read (its `basis` names the words they rest
on), its sentence (`extract.text`) and the figure an anaphor refers to. The quote is the
sentence; with the sentence before when that holds the figure "Of them" refers to; cut to the
clauses from the number's to those of its entity and metric words when the sentence is long.
"""

from __future__ import annotations

import re

from extract.numbers import Quantity
from extract.record import Candidate
from extract.sentences import Page
from extract.text import Sentence

_ACCORDING = re.compile(
    r"\b[Aa]ccording to (?:the\s+)?((?:[A-Z][\w.’'&-]*)(?:\s+(?:of\s+|de\s+|for\s+)?"
    r"[A-Z][\w.’'&-]*)*)"
)
_SAID = re.compile(
    r"(?:^|[,;“\"]\s*|\s)(?:[Tt]he\s+)?((?:[A-Z][\w.’'&-]*)(?:\s+[A-Z][\w.’'&-]*)*)\s+"
    r"(?:said|says|told|estimated|estimates|has reported|have reported|reported that|"
    r"has said|have said|found)\b"
)
_NOT_SOURCES = frozenset({"He", "She", "They", "It", "We", "I", "This", "That", "But", "And"})


def quote_for(c: Candidate, q: Quantity, sentence: Sentence, page: Page) -> str:
    start, end = sentence.start, sentence.end
    antecedent = c.antecedent
    if antecedent is not None and antecedent.sentence == sentence.index - 1:
        previous = page.doc.sentences[sentence.index - 1]
        if end - previous.start <= 400:
            start = previous.start  # "... 5,000 people travelled ... Of them, 1,200 ..."
    elif len(page.doc.quote(start, end)) > 300:
        start, end = _shortest_clauses(c, q, sentence, page.text)
    return page.doc.quote(start, end)


def _shortest_clauses(c: Candidate, q: Quantity, sentence: Sentence, text: str) -> tuple[int, int]:
    """The clauses from the number's to those of the words its entity and metric rest on."""
    points = [q.q_start, q.end - 1]
    for basis in c.basis:
        for word in re.findall(r"'([^']+)'", basis):
            at = text.find(word, sentence.start, sentence.end)
            if at >= 0:
                points += [at, at + len(word) - 1]
    first = sentence.clause_of(min(points))[0]
    last = sentence.clause_of(max(points))[1]
    end = last
    while end < sentence.end and text[end] in '.!?"”’)':
        end += 1
    return first, end


def attribution(text: str) -> str | None:
    """Who a quote says gives the number: "according to X", "X said"."""
    found = _ACCORDING.search(text)
    if found:
        return found.group(1).rstrip(".,")
    for said in _SAID.finditer(text):
        name = said.group(1).rstrip(".,")
        if name.split()[0] not in _NOT_SOURCES:
            return name
    return None
