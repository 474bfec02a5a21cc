"""From a document's text to candidate figures: one candidate per number that counts people.

For every number (see `extract.numbers`) the extractor decides, in this order:

1. Is it a count at all? Years, dates (also in digits), clock times and time stamps, short page
   lines ("Updated ...", "Photo: ..."), footnote marks, list markers, references ("Table 1"),
   web addresses, money, durations, ages, counts of countries and the word "one" are skipped
   (counted, with why, in `Extraction.skipped`). A number in a table's cell is read by
   `extract.tables` (its row's entity, its column's metric).
2. The sentences that hold the rest are parsed in one pass (`extract.parse`), and the grammar
   (`extract.grammar`, `extract.reading`) ties each number to its noun, its verb and the places
   on them.
3. Whom does it count? What the tree ties to it ("five Britons", "fighters from Norway",
   "returned to Australia", "Austrian authorities arrested ..."); else a "respectively" list,
   the place named in its clause, then in its sentence; "foreign fighters" with no country is
   WORLD; an anaphor ("Of them", "40 of whom", a share, "the rest") takes the entity of the
   figure it refers to; else the figures or the one country just before it. Syria and Iraq
   named as places are destinations, and a place before "authorities", "Pentagon", "courts"...
   is who speaks. See `extract.entities`.
4. What does it count? The metric cue on the number's verb, else on what describes its noun,
   else on the noun; the tree sets aside hypothetical, intended, negated and other fates
   ("deported"); else the nearest metric word in its clause, its sentence, or (when the entity
   is explicit) the two sentences before. See `extract.metrics`.
5. Is it a figure a careful reader would record? Numbers about the authors' own interview
   sample, a handful of individuals ("two middle-aged men"), victims, things that are not people
   ("212 cases"), rates per head of population, a number that repeats or refers back to one
   already proposed ("The five Britons"), or a number with no entity or no metric are kept but
   set aside with `confidence: low` and the reason.

Confidence: `high` only when the parse ties the entity, the metric and the number together in
one clause; `medium` when something was inferred or is to check (the reason says what: a count
of one period or operation, a table cell, a place elsewhere in the sentence); `low` when set
aside.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract import entities as ent
from extract import metrics as met
from extract import reading as rd
from extract import tables
from extract.grammar import Reading
from extract.numbers import Quantity, number_style, quantities
from extract.parse import Parsed, parse
from extract.text import Document, Sentence, segment, words
from returnees import quotes
from returnees.vocab import entity_names

VERSION = "2"

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "})
_URL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+")
_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s+(?:the\s+)?$")
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b")
_MONEY_AFTER = re.compile(
    r"\s*(?:dollars|euros?|pounds|cents|USD|EUR|GBP|francs|dinars|liras?|rubles|roubles|"
    r"riyals|dirhams|bucks)\b",
    re.IGNORECASE,
)
_REFERENCE_BEFORE = re.compile(
    r"\b(?:Table|Chart|Figure|Fig\.|Graph|Map|page|p\.|pp\.|Chapter|Section|Article|"
    r"Resolution|No\.|footnote|note|Annex|Appendix|Vol\.|Volume|Part)\s*$",
    re.IGNORECASE,
)
_AGE_AFTER = re.compile(
    r"\s*-?\s*(?:and a half\s+)?(?:years?|yrs?)[\s-]*old\b|\s*-\s*year\b", re.IGNORECASE
)
_AGE_BEFORE = re.compile(r"\b(?:age|aged|ages|age of)\s*$", re.IGNORECASE)
_AGE_WORD = re.compile(r"(?<!-)\b(?:age|aged|ages)\b|\byears?[\s-]old\b", re.IGNORECASE)
_DURATION_AFTER = re.compile(
    r"\s*(?:and a half\s+)?-?\s*(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|"
    r"decades?|centur(?:y|ies)|nights?|times|-week|-day|-hour|-month)\b",
    re.IGNORECASE,
)
# "4:12 PM", "[00:01:15]", "10 a.m.": clock times and time stamps.
_CLOCK = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[AaPp]\.?[Mm]\.?|GMT|UTC|BST|CET|CEST|EST|EDT|ET)\b)?|"
    r"\b\d{1,2}\s*(?:[ap]\.m\.|[AaPp][Mm]\b)"
)
# "03/11/2019", "2019-06-01", "1.6.2018": dates written in digits.
_NUMERIC_DATE = re.compile(r"\b\d{1,4}([/.-])\d{1,2}\1\d{1,4}\b")
# Short lines of a web page that are not its text: "Updated 4:12 PM", "Photo: ...", "© 2019".
_FURNITURE = re.compile(
    r"^[ \t]*(?:Updated|Last updated|Published|Posted|First published|Modified|Photo|Image|"
    r"Picture|Video|Caption|Credit|Copyright|©|Share|Read more|Related|Advertisement|Comments?)"
    r"\b[^\n]{0,100}$",
    re.MULTILINE,
)
_COUNTRIES_AFTER = re.compile(
    r"\s*(?:[A-Za-z-]+\s+){0,2}(?:countries|nations|states|member states|territories|"
    r"governments)\b"
)
# "Belgium (39 per 1m people), Denmark (27)": rates per head of population, not counts.
_PER_CAPITA = re.compile(
    r"\s*(?:people\s+|fighters\s+)?(?:per|for every|for each|a) (?:1m|one million|million|"
    r"capita|head|100,000|100 000|100\.000)\b",
    re.IGNORECASE,
)

PERSON_NOUNS = words(
    """people persons person individuals individual men man women woman children child minors
    minor kids kid boys boy girls girl adults adult youths youth teenagers teenager fighters
    fighter foreigners foreigner nationals national citizens citizen residents resident recruits
    recruit volunteers volunteer jihadis jihadi jihadists jihadist militants militant extremists
    extremist terrorists terrorist returnees returnee returners defectors defector members member
    supporters supporter sympathizers sympathisers combatants combatant travellers travelers
    traveller traveler detainees detainee prisoners prisoner inmates inmate suspects suspect
    convicts cadres cadre mujahideen followers follower operatives operative wives wife widows
    widow husbands husband families family brides bride affiliates soldiers soldier juveniles
    juvenile interviewees interviewee respondents participants subjects defendants muslims
    converts brothers sisters sons daughters friends friend guys mothers fathers offenders
    offender radicals adherents nationalities others"""
)


def _is_person(word: str) -> bool:
    """'people', 'returnees', 'IS-supporters', 'men/women'."""
    return any(p in PERSON_NOUNS for p in re.split(r"[/-]", word) if p)


# "Two middle-aged men", "three husbands": a handful of individuals is an anecdote.
INDIVIDUALS = words(
    """people persons person individuals individual men man women woman children child kids
    kid boys boy girls girl adults adult friends friend brothers sisters sons daughters
    husbands husband wives wife guys youths teenagers families mothers fathers"""
)
_FUNCTION = words(
    """in of and or to from at on for with by as into onto a an the were was are is be been
    being have has had who whom which that than per each more less out up down also still
    already then now later currently reportedly respectively while whereas but so this these
    those there here it its their his her our we they he she i you came went left fled died
    got made became remained stayed arrived did do does will would may might could should
    can must shall not no never all both either"""
)
_ANAPHORA = re.compile(
    r"\b(?:of|among)\s+(?:them|whom|which|these|those)\b|\bthe group\b|\ba further\b|"
    r"\ban additional\b",
    re.IGNORECASE,
)
_ANAPHORA_START = re.compile(
    r"^\W*(?:They|These|Those|Of them|Of these|Of those|Among them|The group|A further|"
    r"Another|An additional|The flow|The influx)\b"
)
_SAMPLE = re.compile(
    r"\binterview\w*|\bsample\b|\brespondents?\b|\bparticipants?\b|\binterviewees?\b|"
    r"\bsubjects?\b|\bn\s*=\s*\d|\bour\s+(?:research|study|analysis|paper|article|project|"
    r"data\s?set|survey)\b|\bthis\s+(?:research|paper|article)\b|"
    r"\bwe (?:spoke|talked) (?:to|with)\b",
    re.IGNORECASE,
)
_SAMPLE_BACK = re.compile(
    r"^\W*(?:They|These|Those|Of these|Of them|Of those|Among them|We)\b|"
    r"\b(?:of|among)\s+(?:these|them|those)\b"
)
_SAMPLE_NOUNS = frozenset({"cases", "case", "examples", "interviews", "questions"})
# Cues that are the counted noun itself ("128 returnees"), not what happened to them.
_NOUN_CUES = words("returnees returnee detainees detainee arrests convictions prosecutions")
_ESTIMATE = re.compile(r"\bestimat(?:e|es|ed)\b", re.IGNORECASE)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
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
PIPELINE = (
    "travelled",
    "returned",
    "detained",
    "prosecuted",
    "convicted",
    "released_on_probation",
    "imprisoned_by_isis",
    "travelling_per_month",
)


@dataclass
class Locator:
    line: int
    column: int
    offset: int
    length: int


@dataclass
class Candidate:
    entity: str | None
    metric: str | None
    qualifier: str
    value: int | None
    low: int | None
    high: int | None
    quote: str
    locator: Locator
    as_written: str
    sentence: int
    id: str = ""
    derived: dict[str, Any] | None = None
    base: Candidate | None = None  # the figure a share or remainder is computed from
    minus: list[Candidate] = field(default_factory=list)
    antecedent: Candidate | None = None  # the figure "Of them", "of whom" refers to
    attributed_to: str | None = None
    approx_value: float | None = None
    basis: list[str] = field(default_factory=list)  # how entity, metric, qualifier were found
    checks: list[str] = field(default_factory=list)  # what was inferred: check it
    blockers: list[str] = field(default_factory=list)  # why it is probably not a figure
    entity_explicit: bool = False
    metric_explicit: bool = False
    entity_tied: bool = False  # the parse ties the entity to the number, in its clause
    metric_tied: bool = False  # the parse ties the metric to the number, in its clause

    @property
    def confidence(self) -> str:
        if self.blockers:
            return "low"
        return "medium" if self.checks else "high"

    @property
    def reason(self) -> str:
        parts = []
        if self.blockers:
            parts.append("set aside: " + "; ".join(self.blockers))
        if self.checks:
            parts.append("check: " + "; ".join(self.checks))
        parts.append("; ".join(self.basis))
        return " ".join(". ".join(p for p in parts if p).split())

    @property
    def plotted(self) -> float | None:
        if self.value is not None:
            return float(self.value)
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return self.approx_value


@dataclass(frozen=True)
class Skipped:
    text: str
    reason: str
    line: int
    offset: int


@dataclass
class Extraction:
    source: str
    document: str
    sha256: str
    characters: int
    number_style: str
    candidates: list[Candidate]
    skipped: list[Skipped]

    @property
    def proposed(self) -> list[Candidate]:
        return [c for c in self.candidates if c.confidence != "low"]

    @property
    def set_aside(self) -> list[Candidate]:
        return [c for c in self.candidates if c.confidence == "low"]


@dataclass
class _Attached:
    person: str | None = None  # the person noun after the number
    mention: ent.Mention | None = None  # a demonym/region/aggregate the number counts
    place: ent.Mention | None = None  # "in France", "from 33 countries" right after it
    content: str | None = None  # a noun that is not a person ("baskets")
    pronoun: bool = False  # "40 of whom", "nine of them"
    generic: bool = False  # "foreign fighters", "foreigners"


# --------------------------------------------------------------------------- the pass


def extract_file(path: Path, source: str) -> Extraction:
    """Candidates for a document file (UTF-8; the hash is of its bytes as stored)."""
    raw = path.read_bytes()
    return extract_text(
        raw.decode("utf-8", errors="replace"),
        source,
        path.name,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def extract_text(
    text: str, source: str, document: str = "", *, sha256: str | None = None
) -> Extraction:
    """Candidates for one document's text (`document` is its file name, for the record)."""
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    work = text.translate(_SPACES)
    style = number_style(text)
    doc = segment(work)
    run = _Run(work, doc, style, source)
    run.go()
    return Extraction(
        source=source,
        document=document,
        sha256=digest,
        characters=len(text),
        number_style=style,
        candidates=run.made,
        skipped=run.skipped,
    )


class _Run:
    def __init__(self, work: str, doc: Document, style: str, source: str):
        self.text = work
        self.doc = doc
        self.source = source
        self.quantities = quantities(work, style)
        self.mentions = ent.find_mentions(work)
        self.cues = met.find_cues(work)
        self.cue_starts = [c.start for c in self.cues]
        self.mention_starts = [m.start for m in self.mentions]
        self.urls = [m.span() for m in _URL.finditer(work)]
        self.cells = tables.find(work, self.mentions)
        self.cell_starts = [cell.start for cell in self.cells]
        self.furniture = [
            (reason, m.span())
            for reason, pattern in (
                ("time of day or time stamp", _CLOCK),
                ("date", _NUMERIC_DATE),
                ("page furniture (a time stamp, credit or link line)", _FURNITURE),
            )
            for m in pattern.finditer(work)
        ]
        self.made: list[Candidate] = []
        self.skipped: list[Skipped] = []
        self.sample_sentences: set[int] = set()

    # ------------------------------------------------------------------ driver

    def go(self) -> None:
        by_sentence: dict[int, list[Quantity]] = {}
        for q in self.quantities:
            by_sentence.setdefault(self.doc.sentence_at(q.start).index, []).append(q)
        live: dict[int, list[Quantity]] = {}
        for sentence in self.doc.sentences:
            if self._is_sample(sentence):
                self.sample_sentences.add(sentence.index)
            kept = []
            for q in by_sentence.get(sentence.index, []):
                reason = self._skip(q, sentence)
                cell = self._cell(q)
                if reason:
                    line, _ = self.doc.line_col(q.start)
                    self.skipped.append(Skipped(q.text, reason, line, q.start))
                elif cell is not None:
                    self.made.append(self._from_table(q, sentence, cell))
                else:
                    kept.append(q)
            if kept:
                live[sentence.index] = kept
        # only the sentences that hold a number worth reading are parsed, in one pass
        with_numbers = [self.doc.sentences[i] for i in sorted(live)]
        parsed = parse(self.text, [(s.start, s.end) for s in with_numbers])
        for sentence, tree in zip(with_numbers, parsed, strict=True):
            self._sentence(sentence, live[sentence.index], tree)
        self.made.sort(key=lambda c: c.locator.offset)  # text order (tables and wholes wait)
        self._infer_entities_from_neighbours()
        self._repeats()
        self._ids()

    def _cell(self, q: Quantity) -> tables.Cell | None:
        i = bisect_left(self.cell_starts, q.start + 1) - 1
        if i >= 0 and self.cells[i].start <= q.start < self.cells[i].end:
            return self.cells[i]
        return None

    def _is_sample(self, sentence: Sentence) -> bool:
        words = self.text[sentence.start : sentence.end]
        if _SAMPLE.search(words):
            return True
        # "We know that four of these ...", "These nine examples ...": still the sample
        return sentence.index - 1 in self.sample_sentences and bool(_SAMPLE_BACK.search(words))

    def _sentence(self, sentence: Sentence, live: list[Quantity], parsed: Parsed) -> None:
        mentions = ent.mentions_between(
            self.mentions, sentence.start, sentence.end, self.mention_starts
        )
        first = bisect_left(self.cue_starts, sentence.start)
        last = bisect_left(self.cue_starts, sentence.end)
        cues = self.cues[first:last]
        tree = rd.SentenceTree(parsed, mentions, cues)
        cues = tree.cues  # with what the parse excludes ("banned from travelling")
        attached = {id(q): self._attached(q, sentence, mentions) for q in live}
        exclusive = {id(a.mention) for a in attached.values() if a.mention is not None}
        made: dict[int, Candidate] = {}  # by the index of the number's token
        tokens = {id(q): tree.token(q.start, q.end) for q in live}
        readings = {id(q): tree.reading(t) for q in live if (t := tokens[id(q)]) is not None}
        # a share of a number in the same phrase ("Around half the estimated 700 Britons")
        # waits for that number
        wholes = {r.part_of.i: r for r in readings.values() if r.part_of is not None}
        later = [q for q in live if q.kind == "share" and tokens[id(q)] is not None]
        later = [q for q in later if tokens[id(q)].i in wholes]
        # and a whole waits for its part ("Of the 64 individuals ..., 12 returned to the U.S.")
        numbers = {t.i for q in live if q.kind != "share" and (t := tokens[id(q)]) is not None}
        wait = [
            q
            for q in live
            if q.kind != "share"
            and (r := readings.get(id(q))) is not None
            and r.part_of is not None
            and r.part_of.i in numbers
            and r.part_of.i > r.number.i
        ]
        first = [q for q in live if q not in later and q not in wait]
        for q in first + wait + later:
            token, reading = tokens[id(q)], readings.get(id(q))
            candidate = self._candidate(
                q, sentence, mentions, cues, live, attached, exclusive, tree, reading, made
            )
            if candidate is not None:
                self.made.append(candidate)
                if token is not None:
                    made[token.i] = candidate
                if reading is not None:
                    self.made += self._conjoined(candidate, tree, reading)

    # ------------------------------------------------------------------ 1. is it a count

    def _skip(self, q: Quantity, sentence: Sentence) -> str | None:
        text = self.text
        if any(a <= q.start < b for a, b in self.urls):
            return "part of a web address"
        for reason, (a, b) in self.furniture:
            if a <= q.start < b:
                return reason
        if q.kind == "remainder":
            return None
        before = text[max(sentence.start, q.start - 40) : q.start]
        after = text[q.end : q.end + 40]
        prev = text[q.start - 1] if q.start else ""
        nxt = text[q.end] if q.end < len(text) else ""
        if q.kind == "share":
            return None
        if q.digits and prev == "[" and nxt == "]":
            return "footnote mark"
        if q.digits and prev and (prev.isalpha() or prev in '.,;:!?)]”’"'):
            return "footnote mark"
        if (prev and prev in "$€£¥") or re.search(r"(?:US\$|USD|EUR|GBP)\s*$", before):
            return "money"
        if _MONEY_AFTER.match(after):
            return "money"
        if (
            q.digits
            and nxt == ")"
            and prev != "("
            and (q.value or 0) < 20
            and re.search(r"(?:^|[\s:;,.])$", before)
        ):
            return "list item mark"
        if (
            q.digits
            and (q.value or 0) < 20
            and re.match(r"\.\s+[A-Z]", text[q.end : q.end + 3])
            and re.search(r"(?:^|[:;]\s*|[.!?]\s+|\n\s*)$", text[max(0, q.start - 4) : q.start])
        ):
            return "list item mark"
        if _REFERENCE_BEFORE.search(before):
            return "reference (table, chart, page...)"
        if re.search(r"\bn\s*=\s*$", before, re.IGNORECASE):
            return "sample size notation (n=)"
        if q.kind == "count" and (_MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after)):
            return "date"
        if (
            q.kind == "count"
            and q.digits
            and len(q.text) == 4
            and q.text.isdigit()
            and 1800 <= (q.value or 0) <= 2100
            and not q.change_pair
            and not self._person_right_after(q)
        ):
            return "year"
        if q.kind == "count" and q.digits and re.match(r"s\b", after):
            return "decade (the 2000s)"
        if _AGE_AFTER.match(after) or _AGE_BEFORE.search(before):
            return "age"
        if _DURATION_AFTER.match(after):
            return "duration or time"
        if _COUNTRIES_AFTER.match(after):
            return "a count of countries"
        if (
            q.kind == "count"
            and not q.digits
            and q.text.lower() == "one"
            and q.qualifier == "exact"
        ):
            return "the word 'one' (a pronoun or a single person)"
        return None

    def _person_right_after(self, q: Quantity) -> bool:
        """'2000 people', '2000 British fighters': a count, not the year 2000."""
        words = re.match(r"[ \t]+([A-Za-z]+)(?:[ \t]+([A-Za-z]+))?", self.text[q.end : q.end + 40])
        if not words:
            return False
        return any(w and (w.lower() in PERSON_NOUNS or ent.resolve(w)) for w in words.groups())

    # ------------------------------------------------------------------ what follows the number

    def _attached(self, q: Quantity, sentence: Sentence, mentions: list[ent.Mention]) -> _Attached:
        out = _Attached()
        text = self.text
        end = sentence.end
        by_start = {m.start: m for m in mentions}
        pos = q.end
        # "Kosovo (359)": a number in brackets right after a place belongs to it
        if text[q.end : q.end + 1] == ")":
            opening = re.search(r"\s*\(\s*$", text[max(sentence.start, q.q_start - 4) : q.q_start])
            if opening:
                edge = q.q_start - len(opening.group(0))
                owner = next((m for m in mentions if m.end == edge), None)
                if owner is not None:
                    out.mention = owner
                    return out
        # "of the Russians", "of them", "of whom"; "three were Albanians"
        lead = re.match(
            r"\s+(?:of|among|were|are|was)\s+(?:the\s+|these\s+|those\s+|all\s+)?", text[pos:end]
        )
        if lead:
            nxt = pos + lead.end()
            if nxt in by_start:
                out.mention = by_start[nxt]
                self._place_after(out, out.mention.end, end, by_start)
                return out
            pronoun = re.match(r"(?:them|whom|these|those)\b", text[nxt:end])
            if pronoun and lead.group(0).strip().startswith(("of", "among")):
                out.pronoun = True
                out.person = pronoun.group(0)
                return out
        tokens = re.finditer(r"[A-Za-z][\w’'/-]*|\d[\d,.]*|[^\s\w]", text[pos:end])
        words = 0
        for token in tokens:
            word = token.group(0)
            start = pos + token.start()
            if start in by_start:
                out.mention = by_start[start]
                self._place_after(out, out.mention.end, end, by_start)
                return out
            if word in (",", ".", ";", ":", "!", "?", "(", ")", "[", "]", "—", "–"):
                break
            if not word[0].isalnum():
                continue  # quotes, "+", "#"
            if word[0].isdigit() or word.lower() in ("and", "or", "to"):
                if words == 0:
                    continue  # "3,417 and 3,244 people", "2000 to 500 a month"
                break
            words += 1
            lowered = word.lower().strip("’'")
            parts = [p for p in re.split(r"[/-]", lowered) if p]
            if any(p in PERSON_NOUNS for p in parts):
                out.person = next(p for p in parts if p in PERSON_NOUNS)
                window = text[q.end : pos + token.end()]
                out.generic = bool(ent.FOREIGN_FIGHTERS.search(window))
                self._place_after(out, pos + token.end(), end, by_start)
                return out
            if lowered in _FUNCTION:
                break
            if words > 4:
                break
            if (
                word[0].isupper()
                or lowered.endswith(("ed", "ing", "ly"))
                or lowered
                in (
                    "foreign",
                    "other",
                    "more",
                    "such",
                )
            ):
                continue  # "ISIS defectors", "returned jihadis", "foreign fighters"
            if out.content is None:
                out.content = lowered
        return out

    def _place_after(
        self, out: _Attached, pos: int, end: int, by_start: dict[int, ent.Mention]
    ) -> None:
        near = re.match(r"\s+(?:from|in)\s+(?:the\s+)?", self.text[pos:end])
        if near and pos + near.end() in by_start:
            out.place = by_start[pos + near.end()]
        for start, mention in by_start.items():
            if mention.kind == "world" and pos <= start <= pos + 3:  # "from 33 countries"
                out.place = mention

    # ------------------------------------------------------------------ one candidate

    def _candidate(
        self,
        q: Quantity,
        sentence: Sentence,
        mentions: list[ent.Mention],
        cues: list[met.Cue],
        live: list[Quantity],
        attached: dict[int, _Attached],
        exclusive: set[int],
        tree: rd.SentenceTree,
        reading: Reading | None,
        made: dict[int, Candidate],
    ) -> Candidate | None:
        a = attached[id(q)]
        clause = sentence.clause_of(q.start)
        c = self._new(q, sentence)
        if q.kind == "count" and c.value is None:
            c.blockers.append(
                q.notes[0] if q.notes else f"{q.text!r} is not a whole number of people"
            )
        if q.kind == "share":
            c.basis.append(f"about: a share of a figure is approximate ('{c.as_written}')")

        # what it counts (people?) and whether it is about the study itself
        if a.content and not a.person and not a.mention and a.content not in met.LEMMAS:
            if a.content in _SAMPLE_NOUNS:
                c.blockers.append(f"counts the authors' {a.content}, not people who travelled")
            else:
                c.blockers.append(f"counts '{a.content}', not people")
        if sentence.index in self.sample_sentences:
            c.blockers.append(
                "about the authors' own interview sample"
                + (
                    f" ('{_SAMPLE.search(self.text[sentence.start : sentence.end]).group(0)}')"
                    if _SAMPLE.search(self.text[sentence.start : sentence.end])
                    else " (refers back to it)"
                )
            )
        noun = reading.noun if reading is not None and reading.noun.i != reading.number.i else None
        if (
            noun is not None
            and reading.number.dep_ == "nummod"
            and noun.pos_ == "NOUN"
            and q.kind in ("count", "range")
            and not c.blockers
            and not a.person
            and not _is_person(noun.lower_)
            and not _is_person(noun.lemma_.lower())
            and tree.mention_for(noun) is None
            and tree.cue_at(noun) is None
            and noun.lower_ not in met.LEMMAS
        ):  # not "300 returning", "80 leave": a verb
            c.blockers.append(f"counts '{noun.text}', not people")
        person = a.person if a.mention is None else None
        if noun is not None and noun.lower_ in INDIVIDUALS and tree.mention_at(noun) is None:
            person = noun.lower_
        if q.kind in ("count", "range") and self._per_capita(q, live):
            c.blockers.append("a rate per head of population, not a count")
        estimate = (
            rd.estimate_word(reading)
            if reading is not None
            else _ESTIMATE.search(self.text[sentence.start : sentence.end])
        )
        if c.qualifier == "exact" and q.kind == "count" and estimate:
            word = estimate if isinstance(estimate, str) else estimate.group(0)
            c.qualifier = "about"
            c.basis.append(f"about: its clause calls it an estimate ('{word}')")
        if (
            q.kind == "count"
            and not a.person
            and not a.mention
            and not a.pronoun
            and self._sentence_has_age(sentence)
            and (q.value or 0) < 100
        ):
            c.blockers.append("probably an age (its sentence speaks of age)")

        part = self._part(tree, reading, made) if reading is not None else None
        self._entity(
            c, q, a, sentence, clause, mentions, live, attached, exclusive, tree, reading, part
        )
        self._metric(c, q, a, sentence, clause, cues, live, tree, reading, part)
        partner = self._partner(q)
        if c.metric is None and partner is not None and partner.metric and not c.blockers:
            c.metric, c.metric_explicit = partner.metric, True
            c.basis.append(f"{partner.metric} from the other end of its change")
            c.checks.append("metric taken from the other end of its change")
        if (
            person in INDIVIDUALS
            and (q.value or 0) < 10
            and q.kind == "count"
            and not (c.entity_tied and reading is not None)
        ):  # "two men who went to Syria were jailed"; not "9 people returned to Australia"
            c.blockers.append(f"a handful of individuals ('{q.text} ... {person}'): an anecdote")
        if q.kind == "share":
            self._share(c, q, sentence)
        elif q.kind == "remainder" and not self._remainder(c, q, sentence):
            reason = "'the rest' with no total before it in its sentence"
            self.skipped.append(Skipped(q.text, reason, c.locator.line, q.start))
            return None
        if c.entity is None and not c.blockers:
            c.blockers.append("no country or aggregate named for it")
        if c.metric is None and not c.blockers:
            c.blockers.append("no word says what it counts (travelled, returned, detained...)")
        about = rd.data_about(reading) if reading is not None and not c.blockers else None
        if about is not None:
            c.checks.append(f"the people a data set holds ('{about}'): check it is a figure")
        when = rd.period(reading) if reading is not None and not c.blockers else None
        if when is not None:  # "Kosovo on Saturday repatriated 110": one day's count
            c.checks.append(f"counts one period ('{when}'), not a total: check it is a figure")
        if not c.blockers and not c.checks and not (c.entity_tied and c.metric_tied):
            loose = [
                w for w, tied in (("entity", c.entity_tied), ("metric", c.metric_tied)) if not tied
            ]
            c.checks.append(
                f"the parse does not tie the {' and the '.join(loose)} to the number in its clause"
            )
        c.quote = self._quote(c, q, sentence)
        c.attributed_to = _attribution(c.quote)
        stated = quotes.numbers_in(quotes.normalize(c.quote))
        unread = [v for v in (c.value, c.low, c.high) if v is not None and v not in stated]
        if unread:
            c.checks.append(
                f"the dataset's quote check does not read '{q.text}' as {unread[0]}: "
                "quote the number as digits or words it can read"
            )
        return c

    def _conjoined(self, c: Candidate, tree: rd.SentenceTree, reading: Reading) -> list[Candidate]:
        """'9 of whom were arrested and charged': one number, a figure for each verb of
        another metric conjoined with its own (a conjunct with its own subject is another
        clause: '117 returned and 74 were killed')."""
        verb = reading.verb
        if verb is None or c.blockers or c.derived is not None or not c.metric_explicit:
            return []
        out = []
        for other in verb.children:
            if other.dep_ != "conj" or other.pos_ != "VERB":
                continue
            if any(g.dep_ in ("nsubj", "nsubjpass") for g in other.children):
                continue
            choice = rd.cue_choice(tree, other, "conjoined with its verb")
            metric = choice.metric if choice is not None else None
            if metric is None or metric == c.metric or metric in {o.metric for o in out}:
                continue
            twin = dataclasses.replace(
                c,
                metric=metric,
                basis=[*c.basis[:-1], choice.how],
                checks=list(c.checks),
                blockers=[],
                minus=list(c.minus),
            )
            out.append(twin)
        return out

    def _partner(self, q: Quantity) -> Candidate | None:
        """For the second end of a change ("up from 240 to 600"), the candidate of the first."""
        if q.partner is None:
            return None
        return next((m for m in reversed(self.made) if m.locator.offset == q.partner), None)

    def _per_capita(self, q: Quantity, live: list[Quantity]) -> bool:
        """'39 per 1m people', and the '(27)' after another country in the same list."""
        if _PER_CAPITA.match(self.text, q.end):
            return True
        bracketed = self.text[q.start - 1 : q.start] == "(" and self.text[q.end : q.end + 1] == ")"
        return bracketed and any(
            x.end <= q.start and _PER_CAPITA.match(self.text, x.end) for x in live
        )

    def _new(self, q: Quantity, sentence: Sentence) -> Candidate:
        """A candidate for a number, with its value and qualifier, nothing decided yet."""
        line, column = self.doc.line_col(q.start)
        value = low = high = None
        if q.kind == "count" and q.value is not None and float(q.value).is_integer():
            value = int(q.value)
        elif q.kind == "range":
            low, high = int(q.low), int(q.high)
        c = Candidate(
            entity=None,
            metric=None,
            qualifier="about" if q.kind == "share" else q.qualifier,
            value=value,
            low=low,
            high=high,
            quote="",
            locator=Locator(line, column, q.start, q.end - q.start),
            as_written=" ".join(self.text[q.q_start : q.end].split()),
            sentence=sentence.index,
        )
        if q.qualifier != "exact" and q.kind not in ("range", "share"):
            c.basis.append(f"{c.qualifier} from '{q.qualifier_words}'")
        if q.qualifier == "range":
            c.basis.append(f"range '{q.text}'")
        if q.kind == "count" and q.change_pair:
            c.basis.append("one end of a change ('from ... to ...'), not a range")
        return c

    def _from_table(self, q: Quantity, sentence: Sentence, cell: tables.Cell) -> Candidate:
        """A number in a table's cell: the row's entity, the column's metric."""
        c = self._new(q, sentence)
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
        c.quote = self.doc.quote(*cell.row)
        return c

    def _part(
        self, tree: rd.SentenceTree, reading: Reading, made: dict[int, Candidate]
    ) -> Candidate | None:
        """For M in "N out of M", "N of M": the candidate made for N (M is its base)."""
        holder = reading.part_of
        if holder is None:
            return None
        if holder.i in made:
            return made[holder.i]
        for index, candidate in made.items():  # "N ... returned ... out of M": N is the verb's
            verb = tree.reading(tree.parsed.doc[index]).verb
            if verb is not None and verb.i == holder.i:
                return candidate
        return None

    def _windows(
        self, q: Quantity, clause: tuple[int, int], live: list[Quantity]
    ) -> tuple[tuple[int, int], tuple[int, int]]:
        """The words a number owns in its clause: after it up to the next number ("120 have
        returned and about 150 ... died"), and before it back to the previous number that is
        not in the same list ("returnees at 900 and 800 people")."""
        others = sorted(
            (x for x in live if x is not q and clause[0] <= x.start < clause[1]),
            key=lambda x: x.start,
        )
        after_end = next((x.q_start for x in others if x.start >= q.end), clause[1])
        before_start = clause[0]
        edge = q.q_start
        for x in reversed([x for x in others if x.end <= q.q_start]):
            if re.fullmatch(r"\s*(?:,|and|or|&|to|-|–)?\s*(?:and\s*)?", self.text[x.end : edge]):
                edge = x.q_start  # same list: its words before it are ours too
                continue
            before_start = x.end
            break
        return (q.end, after_end), (before_start, q.q_start)

    def _sentence_has_age(self, sentence: Sentence) -> bool:
        return bool(_AGE_WORD.search(self.text[sentence.start : sentence.end]))

    # ------------------------------------------------------------------ 2. whom

    def _usable(self, m: ent.Mention, metric_hint: str | None = None) -> bool:
        if not m.usable:
            return False
        if m.kind == "name" and m.code in ent.DESTINATIONS:
            return False  # "to Syria", "returned from Syria": where they went, not who
        return not (m.role == "to" and m.kind == "name")

    def _entity(
        self,
        c: Candidate,
        q: Quantity,
        a: _Attached,
        sentence: Sentence,
        clause: tuple[int, int],
        mentions: list[ent.Mention],
        live: list[Quantity],
        attached: dict[int, _Attached],
        exclusive: set[int],
        tree: rd.SentenceTree,
        reading: Reading | None,
        part: Candidate | None,
    ) -> None:
        own = rd.entity(tree, reading) if reading is not None else None
        if part is not None and part.entity and not (own is not None and own.tied):
            # M in "N out of M": N's people, unless its own noun names them
            c.entity, c.entity_explicit, c.entity_tied = part.entity, True, part.entity_tied
            c.basis.insert(0, f"{part.entity} from '{part.as_written}', the part of it")
            if part.checks:
                c.checks.append("entity taken from the part it is the whole of: check it")
            return
        respectively = _RESPECTIVELY.search(self.text[sentence.start : sentence.end])
        choice = rd.entity(tree, reading) if reading is not None and not respectively else None
        partner = self._partner(q)
        if partner is not None and partner.entity and (choice is None or not choice.tied):
            c.entity, c.entity_explicit = partner.entity, True
            c.entity_tied = partner.entity_tied
            c.basis.insert(0, f"{partner.entity} from the other end of its change")
            return
        if choice is not None:
            m = choice.mention
            if m.code is None:
                c.blockers.append(f"counts '{m.text}', a region with no entity code")
                return
            c.entity, c.entity_explicit, c.entity_tied = m.code, True, choice.tied
            c.basis.insert(0, f"{m.code} from {choice.how}")
            if not choice.tied:
                c.checks.append(f"entity taken from '{m.text}', who reports the number")
            return
        chosen: ent.Mention | None = None
        how = ""
        if a.mention is not None:
            chosen, how = a.mention, f"'{a.mention.text}'"
            if (
                a.place is not None
                and a.place.usable
                and a.place.role == "from"
                and a.mention.kind != "name"
            ):  # "Albanians from Kosovo" are counted for Kosovo
                chosen, how = a.place, f"'{self.text[a.mention.start : a.place.end]}'"
        elif a.place is not None and (self._usable(a.place) or a.place.kind == "region"):
            chosen, how = a.place, f"'{a.place.text}'"
        if chosen is None and respectively:
            chosen = self._respectively(q, sentence, mentions, live, exclusive)
            if chosen is not None:
                how = f"'{chosen.text}' (respectively)"
        if chosen is None:
            pool = [
                m
                for m in mentions
                if clause[0] <= m.start < clause[1] and id(m) not in exclusive and self._usable(m)
            ]
            if pool:
                chosen = min(pool, key=lambda m: abs(m.start - q.start))
                how = f"'{chosen.text}' in its clause"
        generic_clause = ent.FOREIGN_FIGHTERS.search(self.text[clause[0] : clause[1]])
        if chosen is None and (a.generic or generic_clause):
            c.entity = "WORLD"
            c.checks.append("no country named: 'foreign fighters' taken as worldwide (WORLD)")
            c.basis.insert(0, "WORLD from 'foreign fighters' with no country")
            c.entity_explicit = True
            return
        anaphor = (
            q.kind in ("share", "remainder")
            or a.pronoun
            or bool(_ANAPHORA_START.match(self.text[sentence.start : sentence.end]))
            or bool(_ANAPHORA.search(self.text[clause[0] : clause[1]]))
        )
        if chosen is None and not anaphor:
            usable = [m for m in mentions if self._usable(m)]
            if len({m.code for m in usable}) == 1:
                pool = usable  # "316 Kosovars went to fight, 117 returned": one people only
            else:
                pool = [m for m in usable if id(m) not in exclusive]
            if pool:
                # a country before a region; the nearest, and a place
                # before the number (its subject) before one after it (another's)
                chosen = min(
                    pool,
                    key=lambda m: (
                        m.kind == "aggregate",
                        q.start - m.end if m.end <= q.start else (m.start - q.end) * 2,
                    ),
                )
                how = f"'{chosen.text}' in its sentence"
        if (
            chosen is None
            and not anaphor
            and ent.FOREIGN_FIGHTERS.search(self.text[sentence.start : sentence.end])
        ):
            c.entity = "WORLD"
            c.checks.append("no country named: 'foreign fighters' taken as worldwide (WORLD)")
            c.basis.insert(0, "WORLD from 'foreign fighters' in its sentence")
            c.entity_explicit = True
            return
        if chosen is not None:
            if chosen.code is None:
                c.blockers.append(f"counts '{chosen.text}', a region with no entity code")
                return
            c.entity = chosen.code
            c.entity_explicit = True
            c.basis.insert(0, f"{chosen.code} from {how}")
            return
        speakers = [
            m
            for m in mentions
            if m.role == "institution"
            and m.code is not None
            and m.kind in ("name", "demonym")
            and m.code not in ent.DESTINATIONS
        ]
        if chosen is None and not anaphor and speakers:
            chosen = speakers[0]
            c.entity = chosen.code
            c.entity_explicit = True
            c.basis.insert(0, f"{chosen.code} from '{chosen.text}' (who reports it)")
            c.checks.append(
                f"entity taken from the {chosen.text} institution that reports the number"
            )
            return
        if anaphor and q.kind not in ("share", "remainder"):
            ref = self._antecedent(c, sentence)
            if ref is not None:
                c.entity = ref.entity
                c.basis.insert(
                    0,
                    f"{ref.entity} from the figure it refers to (line "
                    f"{ref.locator.line}: '{ref.as_written}')",
                )
                c.checks.append("entity taken from an earlier figure the text refers back to")
                c.antecedent = ref
                return
        if not anaphor and not any(m.code or m.kind == "region" for m in mentions):
            topic = self._paragraph_entity(sentence)
            if topic is not None:
                c.entity = topic.entity
                c.entity_explicit = True
                c.basis.insert(
                    0,
                    f"{topic.entity} from the figures just before it (line "
                    f"{topic.locator.line}: '{topic.as_written}')",
                )
                c.checks.append(
                    "no place named in its sentence: entity taken from the text before it"
                )
                return
            named = self._one_place_named(sentence)
            if named is not None:
                c.entity, c.entity_explicit = named.code, True
                c.basis.insert(0, f"{named.code} from '{named.text}', the one place named before")
                c.checks.append(
                    "no place named in its sentence: entity taken from the one country its "
                    "paragraph (or document) names before it"
                )
                return
        regions = [m for m in mentions if m.kind == "region" and clause[0] <= m.start < clause[1]]
        regions = regions or [m for m in mentions if m.kind == "region"]
        if regions:
            c.blockers.append(f"names only '{regions[0].text}', a region with no entity code")

    def _respectively(
        self,
        q: Quantity,
        sentence: Sentence,
        mentions: list[ent.Mention],
        live: list[Quantity],
        exclusive: set[int],
    ) -> ent.Mention | None:
        counts = [x for x in live if x.kind in ("count", "range")]
        if q not in counts:
            return None
        # the list q belongs to: neighbours joined by "and" or commas
        group = [q]
        i = counts.index(q)
        for j in range(i - 1, -1, -1):
            if re.fullmatch(r"\s*(?:,|,?\s*and|&)\s*", self.text[counts[j].end : group[0].q_start]):
                group.insert(0, counts[j])
            else:
                break
        for j in range(i + 1, len(counts)):
            if re.fullmatch(
                r"\s*(?:,|,?\s*and|&)\s*", self.text[group[-1].end : counts[j].q_start]
            ):
                group.append(counts[j])
            else:
                break
        if len(group) < 2:
            return None
        origins: list[ent.Mention] = []
        for m in mentions:
            if (
                m.start < group[0].start
                and id(m) not in exclusive
                and self._usable(m)
                and (not origins or origins[-1].code != m.code)
            ):
                origins.append(m)
        if len(origins) < len(group):
            return None
        origins = origins[-len(group) :]
        return origins[group.index(q)]

    def _paragraph_entity(self, sentence: Sentence) -> Candidate | None:
        """The one entity of the proposed figures in the sentences just before: in its
        paragraph, or across paragraphs (an interview's answers, a written answer's
        paragraphs) when the six sentences before name one entity only."""
        seen: list[Candidate] = []
        for back in range(1, 7):
            index = sentence.index - back
            if index < 0:
                break
            there = [
                m for m in self.made if m.sentence == index and m.entity and m.confidence != "low"
            ]
            same = self.doc.sentences[index].paragraph == sentence.paragraph
            if there and same and not seen:
                return there[0] if len({m.entity for m in there}) == 1 else None
            seen += there
        return seen[0] if seen and len({m.entity for m in seen}) == 1 else None

    def _one_place_named(self, sentence: Sentence) -> ent.Mention | None:
        """The one country or people named before the sentence in its paragraph, else in the
        whole document before it ("This is the fifth mission to repatriate Kyrgyz citizens
        ... In total, about 130 women and 300 children have returned home")."""
        paragraph_start = next(
            s.start for s in self.doc.sentences if s.paragraph == sentence.paragraph
        )
        for start in (paragraph_start, 0):
            before = ent.mentions_between(self.mentions, start, sentence.start, self.mention_starts)
            codes = {m.code for m in before if m.code and self._usable(m)}
            if len(codes) == 1:
                return next(m for m in before if m.code in codes)
            if codes:
                return None
        return None

    def _verb_before(
        self, q: Quantity, in_clause: list[met.Cue], before_start: int
    ) -> met.Cue | None:
        verbs = [
            x
            for x in in_clause
            if before_start <= x.start
            and x.end <= q.q_start
            and q.q_start - x.end <= 25
            and not x.excluded
            and not x.weak
            and x.text.lower() not in _NOUN_CUES
        ]
        return max(verbs, key=lambda x: x.end) if verbs else None

    def _antecedent(self, c: Candidate, sentence: Sentence) -> Candidate | None:
        """The last figure before it in the text, within two sentences."""
        near = [
            made
            for made in self.made[-40:]
            if sentence.index - 2 <= made.sentence
            and made.locator.offset < c.locator.offset
            and made.entity
            and made.confidence != "low"
        ]
        return max(near, key=lambda made: made.locator.offset) if near else None

    # ------------------------------------------------------------------ 3. what

    def _metric(
        self,
        c: Candidate,
        q: Quantity,
        a: _Attached,
        sentence: Sentence,
        clause: tuple[int, int],
        cues: list[met.Cue],
        live: list[Quantity],
        tree: rd.SentenceTree,
        reading: Reading | None,
        part: Candidate | None,
    ) -> None:
        clause_text = self.text[clause[0] : clause[1]]
        sentence_text = self.text[sentence.start : sentence.end]
        in_clause = [x for x in cues if clause[0] <= x.start < clause[1]]
        travel_context = any(x.metric == "travelled" and not x.excluded for x in cues) or bool(
            ent.FOREIGN_FIGHTERS.search(sentence_text)
        )
        rate = met.RATE.search(clause_text)
        if rate and travel_context and q.kind in ("count", "range"):
            c.metric = "travelling_per_month"
            c.metric_explicit = True
            c.metric_tied = rate.start() + clause[0] - q.end <= 20  # "2,000 a month"
            c.basis.append(f"travelling_per_month from '{rate.group(0)}'")
            return
        if reading is not None and self._tree_metric(c, q, clause, tree, reading, part):
            return
        silent = rd.verb_says_nothing(reading) if reading is not None else None
        if silent is not None:
            c.checks.append(
                f"its verb '{silent}' says none of the metrics: metric from nearby words"
            )
        (after_start, after_end), (before_start, before_end) = self._windows(q, clause, live)
        chosen = None
        for start, end in ((after_start, after_end), (before_start, before_end)):
            window = [x for x in in_clause if start <= x.start < end]
            victims = list(met.VICTIMS.finditer(self.text, start, end))
            pick = _nearest(q, [x for x in window if not x.excluded], weak_last=True)
            if victims:
                victim = min(victims, key=lambda m: _distance(q, m.start(), m.end()))
                if (
                    pick is None
                    or pick.weak
                    or _distance(q, victim.start(), victim.end())
                    < (_distance(q, pick.start, pick.end))
                ):
                    c.blockers.append(f"counts victims or deaths ('{victim.group(0)}')")
                    return
            if pick is None and window and all(x.excluded for x in window):
                c.blockers.append(f"its verb is {window[0].excluded}")
                return
            if pick is not None and (pick.weak or pick.text.lower() in _NOUN_CUES):
                verb = self._verb_before(q, in_clause, before_start)
                if verb is not None:  # "courts convicted 26 of the returnees"
                    pick = verb
            if pick is not None:
                chosen = pick
                break
        if chosen is None:
            # cues in clauses that hold another number belong to that number
            owned = {sentence.clause_of(x.start) for x in live if x is not q}
            pool = [x for x in cues if not x.excluded and sentence.clause_of(x.start) not in owned]
            chosen = _nearest(q, pool, weak_last=True)
            if chosen is None and q.kind in ("count", "range"):
                # "50 Serbian citizens joined ISIS, while Montenegro counts 23 nationals"
                # but not "600 nationals in Syria, of which 50 were detained": a part's verb
                parts = {
                    sentence.clause_of(x.start)
                    for x in live
                    if x is not q
                    and _ANAPHORA.search(self.text[slice(*sentence.clause_of(x.start))])
                }
                pool = [
                    x for x in cues if not x.excluded and sentence.clause_of(x.start) not in parts
                ]
                chosen = _nearest(q, pool, weak_last=True)
                if chosen is not None:
                    c.checks.append(
                        f"metric from '{chosen.text}', the verb of another number in its sentence"
                    )
        if chosen is not None:
            c.metric = chosen.metric
            c.metric_explicit = True
            c.basis.append(f"{chosen.metric} from '{chosen.text}'")
            if chosen.weak:
                c.checks.append(f"no verb says what it counts: '{chosen.text}' read as {c.metric}")
            return
        sentence_text = self.text[sentence.start : sentence.end]
        refers_back = _ANAPHORA_START.match(sentence_text) or _ANAPHORA.search(sentence_text)
        if not c.entity_explicit or c.blockers:
            return
        if q.kind == "share":
            # "Around 40 percent of the Montenegrins are women and children": what the
            # people are, not what they did
            c.blockers.append("a share with no verb of its own saying what it counts")
            return
        for back in (1, 2):
            index = sentence.index - back
            if index < 0:
                break
            earlier = self.doc.sentences[index]
            if earlier.paragraph != sentence.paragraph and not refers_back:
                break  # a new paragraph borrows a verb only when it refers back ("The group")
            there = self.cues[
                bisect_left(self.cue_starts, earlier.start) : bisect_left(
                    self.cue_starts, earlier.end
                )
            ]
            pool = [x for x in there if not x.excluded and not x.weak]
            if not pool and back == 1 and earlier.paragraph == sentence.paragraph:
                # "... foreign fighters are coming from France ... The next largest numbers
                # are from Germany (up from 240 to 600)": the paragraph counts fighters
                pool = [x for x in there if not x.excluded]
            if pool:
                best = min(pool, key=lambda x: met.SPECIFICITY[x.metric])
                c.metric = best.metric
                c.basis.append(f"{best.metric} from '{best.text}' ({back} sentence(s) before)")
                c.checks.append(
                    f"metric taken from an earlier sentence ('{best.text}'): check it applies"
                )
                return

    def _tree_metric(
        self,
        c: Candidate,
        q: Quantity,
        clause: tuple[int, int],
        tree: rd.SentenceTree,
        reading: Reading,
        part: Candidate | None,
    ) -> bool:
        """The metric the parse ties to the number; True when it decided (or set it aside)."""
        if reading.part_of is not None:  # M in "N out of M", "half the 700 Britons": those
            # who went, unless its noun says more
            whole_of = part.as_written if part is not None else reading.part_of.text
            choice = rd.noun_metric(tree, reading) or rd.MetricChoice(
                "travelled", f"travelled: the whole of '{whole_of}'", True
            )
        else:
            choice = rd.metric(tree, reading)
        if choice is None:
            return False
        if choice.blocker:
            c.blockers.append(choice.blocker)
            return True
        own = self._across_a_dash(q, clause, tree, reading)
        if own is not None and own.metric is not None and own.metric != choice.metric:
            c.metric, c.metric_explicit = own.metric, True
            c.basis.append(own.how)
            c.checks.append(
                f"the parse ties it to '{reading.verb}' across a dash: metric from its own words"
            )
            return True
        c.metric, c.metric_explicit, c.metric_tied = choice.metric, True, choice.tied
        c.basis.append(choice.how)
        verb = reading.verb
        if (
            choice.tied
            and verb is not None
            and reading.part_of is None
            and not choice.how.endswith(f"({reading.verb_via})")
            and reading.verb_via not in ("noun-attribute-of-verb", "noun-of-event")
            and not any(child.dep_ == "expl" for child in verb.children)
        ):  # "Some 30 Dutch jihadists who went to join ... are on their way back"
            c.metric_tied = False
            c.checks.append(
                f"its metric is what describes its noun; its verb ('{verb.text}') says what "
                "else they are or did: check it counts them all"
            )
        return True

    def _across_a_dash(
        self, q: Quantity, clause: tuple[int, int], tree: rd.SentenceTree, reading: Reading
    ) -> rd.MetricChoice | None:
        """In "Britain – 850 left – 425 returned" the parser often ties one fragment's number
        to the next fragment's verb: a number in a fragment between dashes whose next word is
        a verb of ours takes that verb."""
        verb = reading.verb
        if verb is None or clause[0] <= tree.parsed.start(verb) < clause[1]:
            return None
        edges = self.text[max(0, clause[0] - 3) : clause[0]] + self.text[clause[1] : clause[1] + 3]
        if not re.search(r"[–—]|\s-\s", edges):
            return None
        after = [t for t in tree.parsed.tokens(q.end, clause[1]) if not t.is_space][:1]
        return rd.cue_choice(tree, after[0], "its own words") if after else None

    # ------------------------------------------------------------------ derived figures

    def _share(self, c: Candidate, q: Quantity, sentence: Sentence) -> None:
        share = q.share
        words = " ".join(self.text[q.q_start : q.end].split())
        pool = [
            made
            for made in self.made
            if made.sentence >= sentence.index - 2
            and made.derived is None
            and made.confidence != "low"
            and made.plotted is not None
        ]
        if c.entity:
            pool = [made for made in pool if made.entity == c.entity]
        if c.metric in PIPELINE:
            rank = PIPELINE.index(c.metric)
            earlier = [m for m in pool if m.metric in PIPELINE[:rank]]
            pool = earlier or pool
        if not pool:
            c.blockers.append(f"a share ('{words}') of no figure given before it")
            return
        base = pool[-1]
        c.base = base
        c.entity = base.entity
        c.entity_explicit = True
        if not any(b.startswith(f"{base.entity} from") for b in c.basis):
            c.basis.insert(0, f"{base.entity} from the figure it is a share of")
        c.blockers = [b for b in c.blockers if not b.startswith("no country")]
        c.derived = {"method": "share", "of": None, "share": share, "words": words}
        c.approx_value = round(base.plotted * share, 6)
        c.checks.append(
            f"a share: {share:g} of {base.as_written or base.value} (line {base.locator.line}) "
            f"is about {c.approx_value:g}"
        )

    def _remainder(self, c: Candidate, q: Quantity, sentence: Sentence) -> bool:
        same = [
            made
            for made in self.made
            if made.sentence == sentence.index
            and made.derived is None
            and made.confidence != "low"
            and made.value is not None
        ]
        if len(same) < 2:
            return False
        total, parts = same[0], same[1:]
        if total.value <= sum(p.value for p in parts):
            return False
        c.base, c.minus = total, parts
        c.entity = total.entity
        c.entity_explicit = True
        c.basis.insert(0, f"{total.entity} from the total it is the rest of")
        c.blockers = [b for b in c.blockers if not b.startswith("no country")]
        words = " ".join(self.text[q.start : q.end].split())
        c.derived = {"method": "remainder", "of": None, "minus": [], "words": words}
        c.approx_value = float(total.value - sum(p.value for p in parts))
        if any(p.qualifier != "exact" for p in [total, *parts]):
            c.qualifier = "about"
        c.checks.append(
            f"a remainder: {total.value} - {' - '.join(str(p.value) for p in parts)} "
            f"= {c.approx_value:g}"
        )
        return True

    # ------------------------------------------------------------------ document-level passes

    def _infer_entities_from_neighbours(self) -> None:
        """A number with a metric but no place ("5,700 'have returned home'", a headline)
        takes the entity of the nearest figure with the same metric within three sentences
        (a dateline or a byline of a few words does not count)."""
        rank, seen = [], 0
        for sentence in self.doc.sentences:
            seen += sentence.end - sentence.start > 40
            rank.append(seen)
        for c in self.made:
            if c.entity is not None or c.metric is None:
                continue
            if c.blockers != ["no country or aggregate named for it"]:
                continue
            near = [
                o
                for o in self.made
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

    def _repeats(self) -> None:
        seen: list[Candidate] = []
        for c in self.made:
            if c.confidence == "low":
                continue
            key = _key(c)
            earlier = next((o for o in seen if _key(o) == key), None)
            back = re.search(
                r"\b(?:the|these|those|all)\s+$",
                self.text[max(0, c.locator.offset - 12) : c.locator.offset],
                re.IGNORECASE,
            )
            if earlier is None and back and c.value is not None:
                earlier = next(
                    (o for o in seen if o.entity == c.entity and o.value == c.value), None
                )
            if earlier is not None:
                c.blockers.append(
                    f"repeats the figure at line {earlier.locator.line} ('{earlier.as_written}')"
                )
                continue
            seen.append(c)

    def _ids(self) -> None:
        prefix = self.source.split("-")[0] if self.source else "candidate"
        used: dict[str, int] = {}
        # proposed candidates get the plain ids, set-aside ones the numbered ones
        for c in sorted(self.made, key=lambda c: c.confidence == "low"):
            base = f"{prefix}-{(c.entity or 'unknown').lower()}-{c.metric or 'unknown'}"
            base = base.replace("_", "-")
            used[base] = used.get(base, 0) + 1
            c.id = base if used[base] == 1 else f"{base}-{used[base]}"
        for c in self.made:
            if c.derived is not None and c.base is not None:
                c.derived["of"] = c.base.id
                if c.derived["method"] == "remainder":
                    c.derived["minus"] = [p.id for p in c.minus]

    # ------------------------------------------------------------------ the quote

    def _quote(self, c: Candidate, q: Quantity, sentence: Sentence) -> str:
        start, end = sentence.start, sentence.end
        antecedent = c.antecedent
        if antecedent is not None and antecedent.sentence == sentence.index - 1:
            previous = self.doc.sentences[sentence.index - 1]
            if end - previous.start <= 400:
                start = previous.start  # "... 5,000 people travelled ... Of them, 1,200 ..."
        elif len(self.doc.quote(start, end)) > 300:
            start, end = self._shortest_clauses(c, q, sentence)
        return self.doc.quote(start, end)

    def _shortest_clauses(self, c: Candidate, q: Quantity, sentence: Sentence) -> tuple[int, int]:
        """The clauses from the number's to those of the words its entity and metric rest on."""
        points = [q.q_start, q.end - 1]
        for basis in c.basis:
            for word in re.findall(r"'([^']+)'", basis):
                at = self.text.find(word, sentence.start, sentence.end)
                if at >= 0:
                    points += [at, at + len(word) - 1]
        first = sentence.clause_of(min(points))[0]
        last = sentence.clause_of(max(points))[1]
        end = last
        while end < sentence.end and self.text[end] in '.!?"”’)':
            end += 1
        return first, end


def _nearest(q: Quantity, cues: list[met.Cue], weak_last: bool) -> met.Cue | None:
    if not cues:
        return None
    strong = [x for x in cues if not x.weak]
    pool = strong if (weak_last and strong) else cues
    return min(pool, key=lambda x: _distance(q, x.start, x.end))


def _distance(q: Quantity, start: int, end: int) -> float:
    """How far words are from a number; words after it (its verb) count as nearer."""
    if start >= q.end:
        return start - q.end
    return (q.q_start - end) * 1.2 + 3


def _key(c: Candidate) -> tuple[Any, ...]:
    derived = c.derived or {}
    return (c.entity, c.metric, c.value, c.low, c.high, derived.get("share"), c.qualifier)


def _attribution(quote: str) -> str | None:
    found = _ACCORDING.search(quote)
    if found:
        return found.group(1).rstrip(".,")
    for said in _SAID.finditer(quote):
        name = said.group(1).rstrip(".,")
        if name.split()[0] not in _NOT_SOURCES:
            return name
    return None


def entity_label(code: str | None) -> str:
    return entity_names().get(code, "") if code else ""
