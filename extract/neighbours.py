"""Stage 4: the figures around a number, and the figures that repeat.

Input: the candidates already made, in text order (`made`), and the document's sentences
(`extract.text`). While a sentence is read: the other end of a change ("up from 240 to 600"),
the figure an anaphor refers to ("Of them", "40 of whom"), and the one entity of the figures
just before. After the whole document is read: a number with a metric but no place takes its
neighbour's entity, and a figure proposed twice ("The five Britons") is set aside as a repeat.
"""

from __future__ import annotations

import re
from typing import Any

from extract.numbers import Quantity
from extract.record import Candidate
from extract.text import Document, Sentence

# Words that refer back to figures given before: their people are those figures' people.
ANAPHORA = re.compile(
    r"\b(?:of|among)\s+(?:them|whom|which|these|those)\b|\bthe group\b|\ba further\b|"
    r"\ban additional\b",
    re.IGNORECASE,
)
ANAPHORA_START = re.compile(
    r"^\W*(?:(?:Together|Altogether|In total|In all|Between them),\s+(?:they|these|those)|"
    r"They|These|Those|Of them|Of these|Of those|Among them|The group|A further|"
    r"Another|An additional|The flow|The influx)\b"
)


# The blocker of a number whose entity is read but whose metric no word says.
NO_METRIC = "no word says what it counts (travelled, returned, detained...)"


def partner(q: Quantity, made: list[Candidate]) -> Candidate | None:
    """For the second end of a change ("up from 240 to 600"), the candidate of the first."""
    if q.partner is None:
        return None
    return next((m for m in reversed(made) if m.locator.offset == q.partner), None)


def antecedent(c: Candidate, sentence: Sentence, made: list[Candidate]) -> Candidate | None:
    """The last figure before it in the text, within two sentences: proposed, or set aside only
    for want of a metric ("the figure of 500 people ... Another 40 have returned")."""
    near = [
        m
        for m in made[-40:]
        if sentence.index - 2 <= m.sentence
        and m.locator.offset < c.locator.offset
        and m.entity
        and (m.confidence != "low" or m.blockers == [NO_METRIC])
    ]
    return max(near, key=lambda m: m.locator.offset) if near else None


def paragraph_entity(sentence: Sentence, made: list[Candidate], doc: Document) -> Candidate | None:
    """The one entity of the proposed figures in the sentences just before: in its
    paragraph, or across paragraphs (an interview's answers, a written answer's
    paragraphs) when the six sentences before name one entity only."""
    seen: list[Candidate] = []
    for back in range(1, 7):
        index = sentence.index - back
        if index < 0:
            break
        there = [m for m in made if m.sentence == index and m.entity and m.confidence != "low"]
        same = doc.sentences[index].paragraph == sentence.paragraph
        if there and same and not seen:
            return there[0] if len({m.entity for m in there}) == 1 else None
        seen += there
    return seen[0] if seen and len({m.entity for m in seen}) == 1 else None


def entities_from_neighbours(made: list[Candidate], doc: Document) -> None:
    """A number with a metric but no place ("5,700 'have returned home'", a headline)
    takes the entity of the nearest figure with the same metric within three sentences
    (a dateline or a byline of a few words does not count)."""
    rank, seen = [], 0
    for sentence in doc.sentences:
        seen += sentence.end - sentence.start > 40
        rank.append(seen)
    for c in made:
        if c.entity is not None or c.metric is None:
            continue
        if c.blockers != ["no country or aggregate named for it"]:
            continue
        near = [
            o
            for o in made
            if o is not c
            and o.entity
            and o.metric == c.metric
            and o.confidence != "low"
            and abs(rank[o.sentence] - rank[c.sentence]) <= 3
        ]
        if not near:
            continue
        other = min(near, key=lambda o: abs(o.sentence - c.sentence))
        c.entity = other.entity
        c.blockers = []
        c.basis.insert(
            0,
            f"{other.entity} from the nearby figure for the same metric (line "
            f"{other.locator.line}: '{other.as_written}')",
        )
        c.checks.append("no place named where the number is: entity taken from a neighbour")


def repeats(made: list[Candidate], text: str) -> None:
    """Set aside a proposed figure that repeats one proposed before it: the same figure, or
    the same entity and value after "the", "these" ("The five Britons"). What the parse ties
    them to doing next is a figure of its own ("110 ... brought back home ... The four alleged
    foreign fighters have been arrested")."""
    seen: list[Candidate] = []
    for c in made:
        if c.confidence == "low":
            continue
        key = _key(c)
        earlier = next((o for o in seen if _key(o) == key), None)
        back = re.search(
            r"\b(?:the|these|those|all)\s+$",
            text[max(0, c.locator.offset - 12) : c.locator.offset],
            re.IGNORECASE,
        )
        if earlier is None and back and c.value is not None:
            earlier = next(
                (
                    o
                    for o in seen
                    if o.entity == c.entity
                    and o.value == c.value
                    and (o.metric == c.metric or not c.metric_tied)
                ),
                None,
            )
        if earlier is not None:
            c.blockers.append(
                f"repeats the figure at line {earlier.locator.line} ('{earlier.as_written}')"
            )
            continue
        seen.append(c)


def _key(c: Candidate) -> tuple[Any, ...]:
    derived = c.derived or {}
    return (c.entity, c.metric, c.value, c.low, c.high, derived.get("share"), c.qualifier)
