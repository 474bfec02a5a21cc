"""Stage 1: the document's sentences and their numbers.

Input: the text (spaces normalised), cut into sentences by `extract.text`, and the numbers
`extract.numbers` finds in it. This stage decides which numbers are counts at all (years, dates,
clock times, page lines, footnote and list marks, references, web addresses, money, durations,
ages and counts of countries are skipped, with why), in what order a sentence's numbers are
read, and what each number says by itself: its value, range and qualifier. `Page`,
`SentenceNumbers` and `Live` carry what the later stages read of the document, of one
sentence and of one number.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extract import entities as ent
from extract import metrics as met
from extract import reading as rd
from extract.attach import PERSON_NOUNS, Attached
from extract.grammar import Reading
from extract.numbers import Quantity
from extract.record import Candidate, Locator
from extract.text import Document, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

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
# "33 countries", "four of the Central Asian countries" (not "300 of these countries' nationals")
_COUNTRIES_AFTER = re.compile(
    r"\s*(?:of\s+(?:the|these|those)\s+)?(?:[A-Za-z-]+\s+){0,2}(?:countries|nations|states|"
    r"member states|territories|governments)\b(?!['’])"
)
_ESTIMATE = re.compile(r"\bestimat(?:e|es|ed)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Page:
    """What every stage may read of the whole document: its text, its sentences, and the
    places (`extract.entities`) and metric words (`extract.metrics`) found in it."""

    text: str
    doc: Document
    mentions: list[ent.Mention]
    mention_starts: list[int]
    cues: list[met.Cue]
    cue_starts: list[int]

    @classmethod
    def read(cls, text: str, doc: Document) -> Page:
        mentions = ent.find_mentions(text)
        cues = met.find_cues(text)
        return cls(text, doc, mentions, [m.start for m in mentions], cues, [c.start for c in cues])

    def mentions_in(self, start: int, end: int) -> list[ent.Mention]:
        return ent.mentions_between(self.mentions, start, end, self.mention_starts)

    def cues_in(self, start: int, end: int) -> list[met.Cue]:
        return self.cues[bisect_left(self.cue_starts, start) : bisect_left(self.cue_starts, end)]


@dataclass(frozen=True)
class SentenceNumbers:
    """One parsed sentence and the numbers in it that are read as figures ("live"), with what
    the stages of a number share: the words after each number, and the places those words
    claim for their own number (`exclusive`, by `id`)."""

    sentence: Sentence
    words: str  # the sentence's text
    tree: rd.SentenceTree
    mentions: list[ent.Mention]
    cues: list[met.Cue]  # the tree's: with what the parse excludes ("banned from travelling")
    live: list[Quantity]
    attached: dict[int, Attached]  # by the `id` of the number
    exclusive: set[int]


@dataclass(frozen=True)
class Live:
    """One live number of a sentence, with what is known of it when its entity and metric
    are read."""

    q: Quantity
    clause: tuple[int, int]
    reading: Reading | None  # what the tree says of it (None: the parse has no token for it)
    part: Candidate | None  # for M in "N out of M": the candidate made for N
    partner: Candidate | None  # the candidate of the other end of its change


def furniture(text: str) -> list[tuple[str, tuple[int, int]]]:
    """The spans of a document where no number is a count, each with why: web addresses
    first, then clock times, dates in digits and page lines."""
    return [
        (reason, m.span())
        for reason, pattern in (
            ("part of a web address", _URL),
            ("time of day or time stamp", _CLOCK),
            ("date", _NUMERIC_DATE),
            ("page furniture (a time stamp, credit or link line)", _FURNITURE),
        )
        for m in pattern.finditer(text)
    ]


def skip_reason(
    q: Quantity, sentence: Sentence, text: str, spans: list[tuple[str, tuple[int, int]]]
) -> str | None:
    """Why a number is not a count of people (None when it may be one). `spans` is what
    `furniture` found in the text."""
    for reason, (a, b) in spans:
        if a <= q.start < b:
            return reason
    if q.kind == "remainder":
        return None
    before = text[max(sentence.start, q.start - 40) : q.start]
    after = text[q.end : q.end + 40]
    prev = text[q.start - 1] if q.start else ""
    nxt = text[q.end] if q.end < len(text) else ""
    if q.kind == "share":
        # "7,366 (20%) of these": the count before it as a share of another, not a figure
        if q.text.endswith("%") and re.search(r"\d\s*\($", before) and nxt == ")":
            return "the count before it, as a share"
        return None
    if q.digits and prev == "[" and nxt == "]":
        return "footnote mark"
    # a straight quote after a space opens a quotation: 'over "100 Indian men'
    opening = prev == '"' and (q.start < 2 or text[q.start - 2].isspace())
    if q.digits and prev and (prev.isalpha() or prev in '.,;:!?)]”’"') and not opening:
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
        and (not q.change_pair or _YEAR_WORD_BEFORE.search(before))
        and not _person_right_after(q, text)
        and not before.endswith("~")  # "France: ~1910": an approximate count, not a year
    ):
        return "year"
    if q.kind == "count" and q.digits and re.match(r"s\b", after):
        return "decade (the 2000s)"
    if _AGE_AFTER.match(after) or _AGE_BEFORE.search(before):
        return "age"
    if q.kind == "count" and q.digits and 10 <= (q.value or 0) < 100 and _named_age(before, after):
        return "age"
    if _DURATION_AFTER.match(after):
        return "duration or time"
    if _COUNTRIES_AFTER.match(after):
        return "a count of countries"
    if q.kind == "count" and not q.digits and q.text.lower() == "one" and q.qualifier == "exact":
        return "the word 'one' (a pronoun or a single person)"
    return None


# Words that make the four digits after them a year even where they start a change ("from
# late 2011 to 10 December 2013"), which otherwise may be a count's ("from 1900 to 2100 people").
_YEAR_WORD_BEFORE = re.compile(r"\b(?:late|early|mid|since|until|till)[\s-]*$", re.IGNORECASE)


# "Ikar Mao, 22, is accused": an age between commas after a person's name (two capitalised
# words, neither a place nor a people).
_NAME_BEFORE = re.compile(r"\b([A-Z][a-z]+)\s+([A-Z][a-z]+),\s*$")


def _named_age(before: str, after: str) -> bool:
    name = _NAME_BEFORE.search(before)
    if not name or not re.match(r"\s*,", after):
        return False
    return not any(ent.resolve(word) for word in name.groups())


def _person_right_after(q: Quantity, text: str) -> bool:
    """'2000 people', '2000 British fighters': a count, not the year 2000."""
    words = re.match(r"[ \t]+([A-Za-z]+)(?:[ \t]+([A-Za-z]+))?", text[q.end : q.end + 40])
    if not words:
        return False
    return any(w and (w.lower() in PERSON_NOUNS or ent.resolve(w)) for w in words.groups())


def reading_order(
    live: list[Quantity], tokens: dict[int, Token | None], readings: dict[int, Reading]
) -> list[Quantity]:
    """The order a sentence's numbers are read in: a part before its whole, so that the whole
    can take the part's people. `tokens` and `readings` are by the `id` of the number."""
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
    return first + wait + later


def new_candidate(q: Quantity, sentence: Sentence, page: Page) -> Candidate:
    """A candidate for a number, with its value and qualifier, nothing decided yet."""
    line, column = page.doc.line_col(q.start)
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
        as_written=" ".join(page.text[q.q_start : q.end].split()),
        sentence=sentence.index,
    )
    if q.qualifier != "exact" and q.kind not in ("range", "share"):
        c.basis.append(f"{c.qualifier} from '{q.qualifier_words}'")
    if q.qualifier == "range":
        c.basis.append(f"range '{q.text}'")
    if q.kind == "count" and q.change_pair:
        c.basis.append("one end of a change ('from ... to ...'), not a range")
    return c


def approximate(c: Candidate, q: Quantity, here: SentenceNumbers, reading: Reading | None) -> None:
    """A share is always 'about'; so is an exact count its clause calls an estimate."""
    if q.kind == "share":
        c.basis.append(f"about: a share of a figure is approximate ('{c.as_written}')")
    estimate = rd.estimate_word(reading) if reading is not None else _ESTIMATE.search(here.words)
    if c.qualifier == "exact" and q.kind == "count" and estimate:
        word = estimate if isinstance(estimate, str) else estimate.group(0)
        c.qualifier = "about"
        c.basis.append(f"about: its clause calls it an estimate ('{word}')")
