"""Stage 5: whether a careful reader would record the figure, which makes its confidence.

Input: a candidate as the earlier stages read it (`extract.record`), with its number, its
sentence (`SentenceNumbers`, from `extract.sentences`) and its reading in the tree. A figure is
set aside (`blockers`, confidence low) when it is not a whole number of people, counts something
else ("212 cases"), the authors' own interview sample, a rate per head, probably an age, a
handful of individuals, or has no entity or no metric. It is to check (`checks`, confidence
medium) when it counts one period or the people a data set holds, when the parse does not tie
its entity and metric to it, or when the dataset's quote check could not read its number.
High confidence is what is left. (Repeats are set aside by `extract.neighbours`.)
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from extract import entities as ent
from extract import metrics as met
from extract import neighbours
from extract import reading as rd
from extract.attach import INDIVIDUALS, is_person
from extract.grammar import Reading
from extract.numbers import Quantity
from extract.record import Candidate
from extract.sentences import SentenceNumbers
from extract.text import Sentence, words
from returnees import quotes

if TYPE_CHECKING:
    from spacy.tokens import Token

_SAMPLE = re.compile(
    # not a journalist's "estimated in interviews", "said in an interview"
    r"(?<!\bin )(?<!\bin an )\binterview\w*|\bsample\b|\brespondents?\b|\bparticipants?\b|"
    r"\binterviewees?\b|"
    r"\bsubjects?\b(?!\s+to\b)|\bn\s*=\s*\d|\bour\s+(?:research|study|analysis|paper|article|project|"
    r"data\s?set|survey)\b|\bthis\s+(?:research|paper|article)\b|"
    r"\bwe (?:spoke|talked) (?:to|with)\b",
    re.IGNORECASE,
)
_SAMPLE_BACK = re.compile(
    r"^\W*(?:They|These|Those|Of these|Of them|Of those|Among them|We)\b|"
    r"\b(?:of|among)\s+(?:these|them|those)\b"
)
_SAMPLE_NOUNS = frozenset({"cases", "case", "examples", "interviews", "questions"})
_AGE_WORD = re.compile(r"(?<!-)\b(?:age|aged|ages)\b|\byears?[\s-]old\b", re.IGNORECASE)
# "Belgium (39 per 1m people), Denmark (27)": rates per head of population, not counts.
_PER_CAPITA = re.compile(
    r"\s*(?:people\s+|fighters\s+)?(?:per|for every|for each|a) (?:1m|one million|million|"
    r"capita|head|100,000|100 000|100\.000)\b",
    re.IGNORECASE,
)


def is_sample(sentence: Sentence, words: str, samples: set[int]) -> bool:
    """Whether a sentence is about the authors' own interview sample; `samples` holds the
    indexes of the sentences before it that are."""
    if _SAMPLE.search(words):
        return True
    # "We know that four of these ...", "These nine examples ...": still the sample
    return sentence.index - 1 in samples and bool(_SAMPLE_BACK.search(words))


def not_people(
    c: Candidate,
    q: Quantity,
    here: SentenceNumbers,
    reading: Reading | None,
    samples: set[int],
    text: str,
) -> None:
    """Set aside what is not a count of people who travelled, returned ...: before its
    entity and metric are read. `samples` as for `is_sample`."""
    a = here.attached[id(q)]
    if q.kind == "count" and c.value is None:
        c.blockers.append(q.notes[0] if q.notes else f"{q.text!r} is not a whole number of people")
    if a.content and not a.person and not a.mention and a.content not in met.LEMMAS:
        if a.content == "cases" and re.match(r"\s+confirmed\s+cases", text[q.end : q.end + 30]):
            pass  # "16 (13 confirmed cases) are thought to have returned": people, as below
        elif a.content in _SAMPLE_NOUNS:
            c.blockers.append(f"counts the authors' {a.content}, not people who travelled")
        else:
            c.blockers.append(f"counts '{a.content}', not people")
    if here.sentence.index in samples:
        sample = _SAMPLE.search(here.words)
        c.blockers.append(
            "about the authors' own interview sample"
            + (f" ('{sample.group(0)}')" if sample else " (refers back to it)")
        )
    noun = _noun(reading)
    if (
        noun is not None
        and reading.number.dep_ == "nummod"
        and noun.pos_ == "NOUN"
        and q.kind in ("count", "range")
        and not c.blockers
        and not a.person
        and not is_person(noun.lower_)
        and not is_person(noun.lemma_.lower())
        and here.tree.mention_for(noun) is None
        and here.tree.cue_at(noun) is None
        and noun.lower_ not in met.LEMMAS
        and not _confirmed_cases(noun)
    ):  # not "300 returning", "80 leave": a verb
        c.blockers.append(f"counts '{noun.text}', not people")
    if q.kind in ("count", "range") and _per_capita(q, here.live, text):
        c.blockers.append("a rate per head of population, not a count")
    if (
        q.kind == "count"
        and not a.person
        and not a.mention
        and not a.pronoun
        and _AGE_WORD.search(here.words)
        and (q.value or 0) < 100
    ):
        c.blockers.append("probably an age (its sentence speaks of age)")


def anecdote(c: Candidate, q: Quantity, here: SentenceNumbers, reading: Reading | None) -> None:
    """Set aside a handful of individuals ("two men who went to Syria were jailed"), but not
    a count the parse ties to its entity ("9 people returned to Australia")."""
    a = here.attached[id(q)]
    person = a.person if a.mention is None else None
    noun = _noun(reading)
    if noun is not None and noun.lower_ in INDIVIDUALS and here.tree.mention_at(noun) is None:
        person = noun.lower_
    if (
        person in INDIVIDUALS
        and (q.value or 0) < 10
        and q.kind == "count"
        and not (c.entity_tied and reading is not None)
    ):
        c.blockers.append(f"a handful of individuals ('{q.text} ... {person}'): an anecdote")


_SEX_AGE = words(
    """man men woman women child children minor minors boy boys girl girls male males female
    females adult adults teenager teenagers"""
)
_BREAKDOWN_GAP = re.compile(r"[—–(:]|\s-\s")


def breakdown(
    c: Candidate,
    q: Quantity,
    here: SentenceNumbers,
    reading: Reading | None,
    made: list[Candidate],
) -> None:
    """A part of a larger figure set out right after it ("110 Kosovar citizens — four alleged
    foreign fighters, 32 women and 74 children") counts the whole's people, unless the parse
    ties it to its own; a part by sex or age is marked to check: the 110, not counts of their
    own."""
    if q.kind != "count":
        return
    text, start = here.words, here.sentence.start
    whole = None
    for x in here.live:
        if x.end > q.start or x.kind != "count" or (x.value or 0) <= (q.value or 0):
            continue
        gap = _BREAKDOWN_GAP.search(text[x.end - start : q.start - start])
        # no place named between them but the whole's own ("Kosovar citizens"): not
        # "Belgium – 500, the Netherlands – 220", "Germany (240 to 600) and Britain (366"
        own = here.attached[id(x)].mention
        between = [m for m in here.mentions if x.end <= m.start < q.start and m is not own]
        if gap and not between:
            whole = x
            break
    if whole is None:
        return
    base = next((m for m in made if m.locator.offset == whole.start), None)
    if base is not None and base.entity and c.entity != base.entity and not c.entity_tied:
        c.entity, c.entity_explicit = base.entity, True
        c.basis.insert(0, f"{base.entity} from '{whole.text}', the whole it is a part of")
        c.checks = [x for x in c.checks if not x.startswith("no country named")]
    after = re.match(r"\s+([A-Za-z]+)", text[q.end - start :])
    noun = _noun(reading)
    word = noun.lower_ if noun is not None else (after.group(1).lower() if after else "")
    if word in _SEX_AGE:
        c.checks.append(
            f"a part by sex or age of '{whole.text}' before it: check it is a figure of its own"
        )


# "80 % among them were young men", "10 percent were female": what they are, not what they did.
_WHAT_THEY_ARE = re.compile(
    r"^[^,;.]{0,25}?\b(?:were|are|was|is)\s+(?:\w+\s+)?(?:men|women|children|minors|females?|"
    r"males?|converts|teenagers|adults)\b",
    re.IGNORECASE,
)


# "7 of the students hold British passports": whose papers they hold, not what they did.
_PAPERS = re.compile(
    r"^[^,;.]{0,25}?\b(?:hold|holds|held|holding|have|had)\s+(?:\w+\s+){0,2}(?:passports?|"
    r"citizenship|nationality)\b",
    re.IGNORECASE,
)
# "23 people were detained while attempting to leave for Syria": they never went.
_NEVER_LEFT = re.compile(
    r"\b(?:while|when|before|for)\s+(?:attempting|trying|preparing|planning|seeking)\s+to\s+"
    r"(?:leave|travel|go|join|cross|fly)\b|\bon (?:their|his|her) way to (?:Syria|Iraq|join)\b",
    re.IGNORECASE,
)


# "143 citizens ... traveled or attempted to travel to Syria": some never went.
_OR_TRIED = re.compile(
    r"\b(?:or|and)\s+(?:attempted|tried|sought|wanted|planned)\s+to\s+(?:travel|leave|go|join)\b",
    re.IGNORECASE,
)


# "plummeted by as much as 90 per cent", "a drop of about 75 per cent": a change, not people.
_CHANGE_BY = re.compile(
    r"\b(?:by|drop of|fall of|decline of|decrease of|rise of|increase of|cut of)\s+"
    r"(?:as much as\s+|about\s+|around\s+|nearly\s+|almost\s+|some\s+|over\s+|more than\s+|"
    r"up to\s+)?$",
    re.IGNORECASE,
)


def what_they_are(c: Candidate, q: Quantity, here: SentenceNumbers) -> None:
    """Set aside a share that is a change ("fell by 90 per cent") or says what some of a
    figure's people are (men, converts), and a count of whose passports they hold."""
    after = here.words[q.end - here.sentence.start :]
    before = here.words[: q.q_start - here.sentence.start]
    change = _CHANGE_BY.search(before) if q.kind == "share" else None
    if change:
        c.blockers.append(f"a change ('{change.group(0).strip()} {q.text}'), not people")
    found = _WHAT_THEY_ARE.match(after) if q.kind == "share" else _PAPERS.match(after)
    if found:
        c.blockers.append(f"says what they are ('{found.group(0).strip()}'), not what they did")


def never_left(c: Candidate, q: Quantity, here: SentenceNumbers) -> None:
    """Set aside people detained before they could leave, and mark to check a count of those
    who travelled or only tried to."""
    after = here.words[q.end - here.sentence.start :]
    stopped = _NEVER_LEFT.search(after)
    if c.metric == "detained" and stopped and not c.blockers:
        c.blockers.append(f"stopped before they left ('{stopped.group(0)}'): no returnees")
    tried = _OR_TRIED.search(after)
    if c.metric == "travelled" and tried and not c.blockers:
        c.checks.append(f"takes in people who only tried to leave ('{tried.group(0)}')")


# Turkey is the way in and out, not another war.
_VIA = frozenset({"TUR"})


def elsewhere(c: Candidate, q: Quantity, clause: tuple[int, int], here: SentenceNumbers) -> None:
    """Set aside a count of people who went to, or came back from, another war ("Five
    Montenegrin citizens travelled to Ukraine"); mark to check one that takes them in beside
    Syria's ("31 ... left to fight in foreign wars in Syria and Ukraine"). The places are the
    first named after the number in its clause (else before it), with those listed with it:
    "ten returned from Syria and five from Ukraine"."""
    if c.blockers or c.metric not in ("travelled", "returned"):
        return
    roles = ("to", "in") if c.metric == "travelled" else ("back-from",)
    named = [
        m
        for m in here.mentions
        if clause[0] <= m.start < clause[1] and m.role in roles and m.code is not None
    ]
    after = [m for m in named if m.start >= q.end]
    places = after[:1] or named[-1:]
    start = here.sentence.start
    for m in after[1:]:
        if not ent.LIST_JOIN.match(here.words[places[-1].end - start : m.start - start]):
            break
        places.append(m)
    other = [
        m
        for m in places
        if m.kind == "name" and m.code not in ent.DESTINATIONS | _VIA and m.code != c.entity
    ]
    if not other:
        return
    went = "came back from" if c.metric == "returned" else "went to"
    if any(m.code in ent.DESTINATIONS | ent.DESTINATION_REGIONS for m in places):
        c.checks.append(f"takes in people who {went} '{other[0].text}' too: check its scope")
    else:
        c.blockers.append(f"counts people who {went} '{other[0].text}', not Syria or Iraq")


# "11 nationals arrested in a nationwide police operation": one operation's count.
_OPERATION = re.compile(
    r"\bin an? (?:[\w-]+ ){0,3}(?:operation|raid|raids|sweep|crackdown)\b", re.IGNORECASE
)


def operation(c: Candidate, q: Quantity, here: SentenceNumbers) -> None:
    """Mark to check a count the words after it put in one operation, not a total."""
    after = here.words[q.end - here.sentence.start :]
    found = _OPERATION.search(after[:80])
    if found:
        c.checks.append(f"counts one operation ('{found.group(0)}'), not a total: check it")


def settle(c: Candidate, reading: Reading | None) -> None:
    """After its entity and metric are read: set aside a number with neither, and mark to
    check what the parse says is one period's count, a data set's people, or not tied."""
    if c.entity is None and not c.blockers:
        c.blockers.append("no country or aggregate named for it")
    if c.metric is None and not c.blockers:
        c.blockers.append(neighbours.NO_METRIC)
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


def quote_check(c: Candidate, q: Quantity) -> None:
    """Mark to check a figure whose quote the dataset's quote check cannot read its number in."""
    stated = quotes.numbers_in(quotes.normalize(c.quote))
    unread = [v for v in (c.value, c.low, c.high) if v is not None and v not in stated]
    if unread:
        c.checks.append(
            f"the dataset's quote check does not read '{q.text}' as {unread[0]}: "
            "quote the number as digits or words it can read"
        )


def _confirmed_cases(noun: Token) -> bool:
    """ "16 (13 confirmed cases) are thought to have returned": an intelligence service's
    confirmed cases are people."""
    return noun.lower_ in ("case", "cases") and noun.i > 0 and noun.nbor(-1).lower_ == "confirmed"


def _noun(reading: Reading | None) -> Token | None:
    """The noun the number counts, when it is not the number itself."""
    if reading is None or reading.noun.i == reading.number.i:
        return None
    return reading.noun


def _per_capita(q: Quantity, live: list[Quantity], text: str) -> bool:
    """'39 per 1m people', and the '(27)' after another country in the same list."""
    if _PER_CAPITA.match(text, q.end):
        return True
    bracketed = text[q.start - 1 : q.start] == "(" and text[q.end : q.end + 1] == ")"
    return bracketed and any(x.end <= q.start and _PER_CAPITA.match(text, x.end) for x in live)
