"""Candidate figures in a language other than English: digits, number words and a lexicon.

The English extractor parses each sentence and ties a number to its words. A page in another
language is read here instead, with a lexicon kept as data (`extract/lexicons/<code>.yaml`, one
a language; `also` lists the codes read with it): the words that say what a number counts
(`metrics`; `other_fates` such as "killed", which are not a metric), the words for people, what
after a number says it is not a count of people (units, money, time), the qualifiers before a
number, the months, the words that multiply a number (`scales`), and more words for countries
(`names`: abbreviations, the words for their people). Country names come from pycountry's
translations into the language (and `names_from`).

Numbers: digits, grouped as the page groups them (`extract.numbers`), and number words where
text2num reads the language, or, from two to ten, where the quote check knows them (Indonesian,
Serbian, Croatian, Bosnian). A number is skipped when it is a year, a date, a time, a share
("%"), one, or followed by a unit. A number that is kept takes the country named nearest to it in
its sentence (else in one of the two sentences before, to check), the metric word nearest to it
in its sentence (else a word such as "jihadists" that counts travellers, to check), and the
qualifier that ends right before it.

No parse ties the number to these words, so a candidate is never `high`: `medium` when its
sentence names both and a word for people follows the number, `low` (set aside, with the reason)
when a country or a metric is missing or the nearest metric word is another fate.
"""

from __future__ import annotations

import gettext
import itertools
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import pycountry
import yaml
from pydantic import BaseModel, ConfigDict, Field
from text_to_num import text2num

from extract.numbers import Quantity, quantities
from extract.record import Candidate, Locator, Skipped
from extract.text import Document, Sentence
from returnees.quotes import SMALL_NUMBER_WORDS
from returnees.schema import EntityCode, MetricCode, Qualifier
from returnees.vocab import EXTRA_COUNTRIES

LEXICONS = Path(__file__).with_name("lexicons")
# The languages text2num reads number words in (text_to_num 2.5).
NUMBER_WORDS = ("fr", "es", "pt", "de", "it", "nl")
# Syria and Iraq named near a number are where people went, not whom it counts.
DESTINATIONS = frozenset({"SYR", "IRQ"})
# Arabic vowel marks and the joining stroke: a name in pycountry carries them, a page seldom.
_MARKS = "\u064b-\u0652\u0670\u0640"
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_YEAR = re.compile(r"(?:19|20)\d\d")
_CLOCK = re.compile(r"\d{1,2}[:.h]\d{2}\b")


class Lexicon(BaseModel):
    """A language's words for the lexical reader (see the module's docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str
    also: list[str] = Field(default_factory=list)
    names_from: list[str] = Field(default_factory=list)
    # `start`: an entry matches at the start of a word; `within`: anywhere in one (Arabic).
    match: Literal["start", "within"] = "start"
    # Letters dropped from the end of a country's name, so its inflected forms match.
    stem_names: int = 0
    # "X and Y" right by a number: a candidate for each country.
    conjunctions: list[str] = Field(default_factory=list)
    metrics: dict[MetricCode, list[str]]
    weak: dict[MetricCode, list[str]] = Field(default_factory=dict)
    other_fates: list[str] = Field(default_factory=list)
    people: list[str] = Field(default_factory=list)
    not_people: list[str] = Field(default_factory=list)
    qualifiers: dict[Qualifier, list[str]] = Field(default_factory=dict)
    months: list[str] = Field(default_factory=list)
    names: dict[EntityCode, list[str]] = Field(default_factory=dict)
    # Words that multiply the number before them ("5 bin 600": bin is 1,000).
    scales: dict[str, int] = Field(default_factory=dict)


@cache
def lexicons() -> dict[str, Lexicon]:
    """Every lexicon, by each language code it reads."""
    found: dict[str, Lexicon] = {}
    for path in sorted(LEXICONS.glob("*.yaml")):
        lexicon = Lexicon.model_validate(yaml.safe_load(path.read_text("utf-8")))
        for code in (lexicon.language, *lexicon.also):
            found[code] = lexicon
    return found


def lexicon(language: str) -> Lexicon:
    """The lexicon of a language: an empty one (digits and country names only) if none."""
    return lexicons().get(language) or Lexicon(language=language, metrics={})


@dataclass(frozen=True)
class _Words:
    """A lexicon's entries compiled: each list one pattern; `entities` by entity code."""

    metrics: dict[str, re.Pattern[str]]
    weak: dict[str, re.Pattern[str]]
    fates: re.Pattern[str] | None
    people: re.Pattern[str] | None
    not_people: re.Pattern[str] | None
    qualifiers: dict[str, re.Pattern[str]]
    months: re.Pattern[str] | None
    entities: dict[str, re.Pattern[str]]
    # What may stand between two countries a number counts one of each of: ", ", "and".
    joins: re.Pattern[str]
    # What joins a day to the next day of one month: "7 and 9 May", "7-9 May".
    next_day: re.Pattern[str]


def _tolerant(term: str) -> str:
    """A term as a pattern that lets Arabic vowel marks sit between its letters."""
    letters = re.sub(f"[{_MARKS}]", "", term)
    return f"[{_MARKS}]*".join(re.escape(ch) for ch in letters)


def _pattern(terms: list[str], match: str, short_whole: bool = False) -> re.Pattern[str] | None:
    """One pattern for a list of entries; with `short_whole`, an entry of three letters or
    fewer matches a whole word only ("an" is a year in French, "anciens" is not)."""
    if not terms:
        return None

    def one(term: str) -> str:
        whole = short_whole and len(term) <= 3 and term[-1:].isalpha()
        return _tolerant(term.lower()) + (r"(?![^\W_])" if whole else "")

    body = "|".join(one(t) for t in sorted(set(terms), key=len, reverse=True))
    start = "" if match == "within" else r"(?<![^\W_])"
    return re.compile(f"{start}(?:{body})", re.IGNORECASE)


def _country_names(codes: list[str], stem: int) -> dict[str, list[str]]:
    """Each country's names in the languages `codes`, from pycountry's translations."""
    names: dict[str, list[str]] = {}
    for code in codes:
        try:
            translate = gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[code]
            ).gettext
        except OSError:
            continue
        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                english = getattr(country, attr, None)
                if not english:
                    continue
                # "Russie, Fédération de": the part before the comma is the everyday name.
                local = translate(english).split(",")[0].strip()
                if len(local) < 4:
                    continue
                if stem and len(local) > 4 + stem:
                    local = local[:-stem]
                names.setdefault(country.alpha_3, []).append(local)
    return names


@cache
def compiled(language: str) -> _Words:
    """A language's lexicon compiled into patterns (made once a process)."""
    lex = lexicon(language)
    m = lex.match
    entities = _country_names([language, *lex.names_from], lex.stem_names)
    for code, words in lex.names.items():
        entities.setdefault(code, []).extend(words)
    for code, name in EXTRA_COUNTRIES.items():
        entities.setdefault(code, []).append(name)
    conjunction = "|".join(_tolerant(c) for c in lex.conjunctions or ["&"])
    return _Words(
        metrics={k: p for k, v in lex.metrics.items() if (p := _pattern(v, m))},
        weak={k: p for k, v in lex.weak.items() if (p := _pattern(v, m))},
        fates=_pattern(lex.other_fates, m),
        people=_pattern(lex.people, m),
        not_people=_pattern(lex.not_people, m, short_whole=True),
        qualifiers={k: p for k, v in lex.qualifiers.items() if (p := _qualifier(v))},
        months=_pattern(lex.months, m),
        entities={
            code: p
            for code, words in entities.items()
            if code not in DESTINATIONS and (p := _pattern(words, m))
        },
        joins=re.compile(
            r"[^\W\d_]*\s*,?\s*(?:(?:"
            + conjunction
            + ")"
            + ("" if m == "within" else r"\s+")
            + r")?$",
            re.IGNORECASE,
        ),
        next_day=re.compile(
            r"\s*(?:[-–,]|(?:" + conjunction + r")\s)\s*\d{1,2}\.?\s*",
            re.IGNORECASE,
        ),
    )


def _qualifier(terms: list[str]) -> re.Pattern[str] | None:
    # A qualifier ends right before the number: matched at the end of the text before it.
    if not terms:
        return None
    body = "|".join(_tolerant(t.lower()) for t in sorted(set(terms), key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{body})\s*$", re.IGNORECASE)


def _word_numbers(text: str, language: str) -> list[Quantity]:
    """Numbers written in words, where text2num reads the language ("trois cents"), or up to
    ten where the quote check knows the words (`quotes.SMALL_NUMBER_WORDS`: "delapan")."""
    small = SMALL_NUMBER_WORDS.get(language)
    if small:
        return [
            Quantity(
                m.start(),
                m.end(),
                "count",
                m.group(0),
                float(value),
                q_start=m.start(),
                digits=False,
            )
            for m in _WORD.finditer(text)
            if (value := small.get(m.group(0).casefold(), 0)) >= 2
        ]
    if language not in NUMBER_WORDS:
        return []
    tokens = list(_WORD.finditer(text))
    found: list[Quantity] = []
    i = 0
    while i < len(tokens):
        best = None
        for j in range(min(len(tokens), i + 5), i, -1):
            if any(
                not text[a.end() : b.start()].isspace() for a, b in itertools.pairwise(tokens[i:j])
            ):
                continue
            words = " ".join(t.group(0) for t in tokens[i:j]).lower()
            try:
                value = text2num(words, language)
            except ValueError:
                continue
            best = (j, value)
            break
        if best is None or best[1] < 2:
            i += 1
            continue
        j, value = best
        start, end = tokens[i].start(), tokens[j - 1].end()
        found.append(
            Quantity(
                start, end, "count", text[start:end], float(value), q_start=start, digits=False
            )
        )
        i = j
    return found


def _skip_reason(q: Quantity, text: str, words: _Words) -> str | None:
    after = text[q.end : q.end + 24].lower()
    before = text[max(0, q.q_start - 16) : q.q_start].lower()
    if q.kind == "share":
        return "a share or a percentage"
    if q.kind == "count" and (q.value is None or not float(q.value).is_integer()):
        return "not a whole number"
    if q.kind == "count" and q.value == 1:
        return "one"
    if q.digits and _YEAR.fullmatch(q.text.strip()):
        return "a year"
    # "19:43": the hours start a time, and the minutes follow "digits:".
    if (
        _CLOCK.match(text, q.start)
        or re.match(r"[:/]\d", text[q.end : q.end + 2])
        or re.search(r"\d:$", before)
    ):
        return "a time, a date or a reference"
    # A letter of a Latin, Greek or Cyrillic word right before the digits makes them part of
    # it; an Arabic preposition joined to a number ("بـ600", "with 600") does not.
    if re.match(r"\s*%", after) or re.search(r"[/#@]$|[A-Za-zÀ-ɏͰ-ӿ]$", before):
        return "a share, a reference or part of a word"
    if words.months and (
        words.months.match(after.lstrip(" ."))
        or words.months.search(before)
        or ((day := words.next_day.match(after)) and words.months.match(after, day.end()))
    ):
        return "a date"
    if words.not_people and words.not_people.match(after.lstrip(" ")):
        return "a unit, money or time, not people"
    return None


def _nearest(pattern: re.Pattern[str] | None, text: str, start: int, end: int, at: int):
    """The match of `pattern` in text[start:end] nearest to offset `at`, or None."""
    if pattern is None:
        return None
    hits = list(pattern.finditer(text, start, end))
    return min(hits, key=lambda h: abs(h.start() - at), default=None)


def _entities(text: str, doc: Document, sentence: Sentence, at: int, words: _Words):
    """The countries a number counts and whether they were named in an earlier sentence: the
    one named nearest to it (in its sentence, else in one of the two before), and the others
    joined to it by "and" or a comma ("from Kazakhstan and Kyrgyzstan")."""
    for back, s in enumerate(doc.sentences[max(0, sentence.index - 2) : sentence.index + 1][::-1]):
        found = sorted(
            (h.start(), h.end(), code)
            for code, pattern in words.entities.items()
            for h in pattern.finditer(text, s.start, s.end)
        )
        if not found:
            continue
        i = min(range(len(found)), key=lambda k: abs(found[k][0] - at))
        first = last = i
        while first > 0 and words.joins.match(text, found[first - 1][1], found[first][0]):
            first -= 1
        while last + 1 < len(found) and words.joins.match(text, found[last][1], found[last + 1][0]):
            last += 1
        codes = [found[i][2]] + [
            f[2] for k, f in enumerate(found[first : last + 1], first) if k != i
        ]
        return list(dict.fromkeys(codes)), back > 0
    return [], False


def _metric(
    text: str, doc: Document, sentence: Sentence, at: int, words: _Words
) -> tuple[str | None, str]:
    """The metric whose word is nearest the number in its sentence (else a noun that counts
    some, such as "jihadists"; else the word nearest the end of one of the two sentences
    before), and how it was found."""
    found = [
        (abs(h.start() - at), metric, h.group(0))
        for metric, pattern in words.metrics.items()
        if (h := _nearest(pattern, text, sentence.start, sentence.end, at))
    ]
    fate = _nearest(words.fates, text, sentence.start, sentence.end, at)
    if fate is not None:
        found.append((abs(fate.start() - at), "", fate.group(0)))
    if found:
        _, metric, word = min(found)
        return (metric, f"metric from '{word}'") if metric else (None, f"another fate ('{word}')")
    weak = [
        (abs(h.start() - at), metric, h.group(0))
        for metric, pattern in words.weak.items()
        if (h := _nearest(pattern, text, sentence.start, sentence.end, at))
    ]
    if weak:
        _, metric, word = min(weak)
        return metric, f"metric from the noun '{word}', no verb"
    for before in doc.sentences[max(0, sentence.index - 2) : sentence.index][::-1]:
        hits = [
            (before.end - h.start(), metric, h.group(0))
            for metric, pattern in words.metrics.items()
            if (h := _nearest(pattern, text, before.start, before.end, before.end))
        ]
        if hits:
            _, metric, word = min(hits)
            return metric, f"metric from '{word}' in a sentence before"
    return None, "no metric word in its sentence or the two before"


def _scaled(numbers: list[Quantity], text: str, scales: dict[str, int]) -> list[Quantity]:
    """Numbers with their scale word read ("5 bin 600" is 5,600; "6 آلاف" 6,000)."""
    if not scales:
        return numbers
    scale = re.compile(
        r"\s*(" + "|".join(_tolerant(w) for w in sorted(scales, key=len, reverse=True)) + r")\w*",
        re.IGNORECASE,
    )
    out: list[Quantity] = []
    skip: set[int] = set()
    for i, q in enumerate(numbers):
        if i in skip:
            continue
        hit = scale.match(text, q.end) if q.kind == "count" and q.value is not None else None
        if hit is None:
            out.append(q)
            continue
        value, end = q.value * scales[hit.group(1).lower()], hit.end()
        rest = numbers[i + 1] if i + 1 < len(numbers) else None
        if rest is not None and rest.kind == "count" and text[end : rest.start].isspace():
            value, end = value + (rest.value or 0), rest.end
            skip.add(i + 1)
        out.append(Quantity(q.start, end, "count", text[q.start : end], value, q_start=q.start))
    return out


def read(
    text: str, doc: Document, language: str, style: str
) -> tuple[list[Candidate], list[Skipped]]:
    """The candidates (in text order) and skipped numbers of a page in `language`."""
    words = compiled(language)
    digits = [q for q in quantities(text, style) if q.digits and q.kind != "remainder"]
    spelled = sorted(digits + _word_numbers(text, language), key=lambda q: q.start)
    numbers = _scaled(spelled, text, lexicon(language).scales)
    made: list[Candidate] = []
    skipped: list[Skipped] = []
    for q in sorted(numbers, key=lambda q: q.start):
        line, column = doc.line_col(q.start)
        reason = _skip_reason(q, text, words)
        if reason:
            skipped.append(Skipped(q.text, reason, line, q.start))
            continue
        sentence = doc.sentence_at(q.start)
        codes, earlier = _entities(text, doc, sentence, q.start, words)
        for code in codes or [None]:
            c = _candidate(
                q, text, doc, sentence, words, Locator(line, column, q.start, len(q.text))
            )
            c.entity = code
            if code is None:
                c.blockers.insert(0, "no country named in its sentence or the two before")
            elif earlier:
                c.checks.insert(0, "country named in a sentence before")
            if len(codes) > 1:
                c.checks.insert(0, f"one of {len(codes)} countries named together: a number each?")
            made.append(c)
    return made, skipped


def _candidate(
    q: Quantity, text: str, doc: Document, sentence: Sentence, words: _Words, at: Locator
) -> Candidate:
    """A number's candidate: its value, qualifier, metric and the checks (not its entity)."""
    value = int(q.value) if q.kind == "count" else None
    low, high = (int(q.low), int(q.high)) if q.kind == "range" else (None, None)
    qualifier = "range" if q.kind == "range" else "exact"
    said = ""
    for name, pattern in words.qualifiers.items():
        if q.kind == "count" and (hit := pattern.search(text, sentence.start, q.start)):
            qualifier, said = name, hit.group(0).strip()
            break
    start = q.start - len(said) - 1 if said else q.start
    c = Candidate(
        entity=None,
        metric=None,
        qualifier=qualifier,
        value=value,
        low=low,
        high=high,
        quote=_quote(doc, sentence, q.start),
        locator=at,
        as_written=" ".join(text[max(start, sentence.start) : q.end].split()),
        sentence=sentence.index,
    )
    if said:
        c.basis.append(f"{qualifier} from '{said}'")
    c.metric, how = _metric(text, doc, sentence, q.start, words)
    (c.basis if c.metric else c.blockers).append(how)
    if c.metric and ("no verb" in how or "before" in how):
        c.checks.append(how)
    if words.people is None or not words.people.search(text, q.end, q.end + 60):
        c.checks.append("no word for people right after the number")
    c.checks.append("read by its words, not parsed: check whom and what it counts")
    return c


def _quote(doc: Document, sentence: Sentence, at: int) -> str:
    """The number's sentence; a long one only its clause."""
    start, end = sentence.start, sentence.end
    if end - start > 400:
        start, end = sentence.clause_of(at)
    return doc.quote(start, end)
