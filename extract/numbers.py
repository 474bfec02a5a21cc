"""Numbers in a text: digits, number words, shares, ranges, remainders, and their qualifiers.

- Digits with separators. A document groups thousands either with commas ("3,417", English) or
  with dots ("5.600", European): `number_style` decides once per document by counting the two
  kinds of grouping (and decimal commas such as "2,5"). In an English-style text "5.600" is the
  decimal 5.6 (not a whole count, so it is set aside); in a European-style text it is 5600 and
  "2,5" is 2.5. Thin and non-breaking spaces group thousands in either style ("5 600").
- Number words ("five", "sixty-three", "five hundred and sixty", "a hundred") are read by
  text2num; the words are whatever text2num accepts, not a table of ours ("a dozen" is 12).
  Plurals ("hundreds", "thousands", "ones") are vague and are not numbers. The word "one" on
  its own is nearly always a pronoun or an anecdote ("one of the returnees"), never a figure:
  it is skipped.
- Shares: "half", "a third", "two-thirds", "Ten percent", "10%", "one in five" and "all of
  them" become shares (0 < share <= 1) when a verb or "of" follows ("Around half are
  believed...", "a third of them"), not a noun ("A third jihadi" is an ordinal).
- Remainders: "the rest", "the remainder", "the others".
- Ranges: "between 2,000 and 2,500", "2,000 to 2,500", "2,000-2,500", "three or four". "from
  2000 to 500 a month" after "a drop" is a change between two figures, not a range: both are
  proposed, and so is any "X to Y" whose X is not below Y.
- Qualifiers (before the number unless noted) map onto the schema's:

  - more_than: more than, over, above, in excess of, upwards of, exceeding, exceeds,
    surpassed, greater than;
    "500+", "500 plus"
  - at_least: at least, no fewer than, no less than, a minimum of; "500 or more"
  - up_to: up to, as many as, at most, no more than, a maximum of; "500 or fewer"
  - fewer_than: fewer than, less than, under, below
  - about: about, around, approximately, roughly, some, nearly, almost, close to, circa, an
    estimated, estimated; "500 or so"; a clause that calls the number an estimate
  - range: between X and Y, X to Y, X-Y, X or Y

  "nearly"/"almost" mean a little below the number: the schema's `up_to` would claim the number
  is a ceiling the source gives, `fewer_than` would lose that it is close, so they are `about`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache

from text_to_num import alpha2digit, text2num

from extract.text import words

_DIGITS = re.compile(r"\d[\d,.\u00a0\u202f\u2009]*\d|\d")
_WORD = re.compile(r"[A-Za-z]+")
_GROUP_EN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_GROUP_EU = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_GROUP_SPACE = re.compile(r"\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+")
_SCALE = re.compile(r"\s+(million|billion|thousand)\b", re.IGNORECASE)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


def number_style(text: str) -> str:
    """'en' when the text groups thousands with commas (3,417), 'eu' when with dots (5.600)."""
    en = len(re.findall(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])", text))
    eu = len(re.findall(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.])", text))
    eu += len(re.findall(r"(?<![\d.,])\d+,\d{1,2}(?![\d])", text))
    return "eu" if eu > en else "en"


def parse_digits(raw: str, style: str) -> float | None:
    """The value of a run of digits and separators, or None when it is not one number."""
    if raw.isdigit():
        return float(raw)
    if _GROUP_SPACE.fullmatch(raw):
        return float(re.sub(r"\D", "", raw))
    if style == "en":
        if _GROUP_EN.fullmatch(raw):
            return float(raw.replace(",", ""))
        if re.fullmatch(r"\d+\.\d+", raw):
            return float(raw)
        if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", raw):  # 1.200.000 cannot be a decimal
            return float(raw.replace(".", ""))
        return None
    if _GROUP_EU.fullmatch(raw):
        return float(raw.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d+,\d+", raw):
        return float(raw.replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", raw):
        return float(raw.replace(",", ""))
    return None


@cache
def _number_word(token: str) -> bool:
    lowered = token.lower()
    if lowered.endswith("s") or lowered in ("a", "an"):
        return False  # "hundreds", "thousands", "ones": vague, not numbers
    try:
        text2num(lowered, "en")
    except ValueError:
        return False
    return True


_SCALE_WORDS = frozenset({"hundred", "thousand", "million", "billion"})
_DOZEN = re.compile(r"\b(half a|a|one|two|three)\s+dozen\b(?!s)", re.IGNORECASE)


@dataclass
class Raw:
    start: int
    end: int
    value: float | None
    text: str
    kind: str  # digits | words


def raw_numbers(text: str, style: str) -> list[Raw]:
    """Every number written in digits or words, in order (shares and ranges come later)."""
    found: list[Raw] = []
    for match in _DIGITS.finditer(text):
        raw = match.group(0)
        value = parse_digits(raw, style)
        end = match.end()
        scale = _SCALE.match(text, end)
        if scale and value is not None:
            value *= _SCALES[scale.group(1).lower()]
            end = scale.end()
        found.append(Raw(match.start(), end, value, text[match.start() : end], "digits"))
    tokens = [m for m in _WORD.finditer(text) if _number_word(m.group(0))]
    i = 0
    while i < len(tokens):
        group = [tokens[i]]
        while i + len(group) < len(tokens):
            gap = text[group[-1].end() : tokens[i + len(group)].start()]
            if re.fullmatch(r"[ \t\n-]+|\s+and\s+", gap):
                group.append(tokens[i + len(group)])
            else:
                break
        i += len(group)
        start = group[0].start()
        words = [t.group(0).lower() for t in group]
        if words[0] in _SCALE_WORDS:
            article = re.search(r"\b(a|one)\s+$", text[max(0, start - 4) : start], re.I)
            if not article:
                continue  # "hundred" with nothing before it is not a number
            if article.group(1).lower() == "a":
                start -= len(article.group(0))
                words = ["one", *words]
        phrase = " ".join(words)
        try:
            value = float(text2num(phrase, "en"))
            found.append(Raw(start, group[-1].end(), value, text[start : group[-1].end()], "words"))
        except ValueError:
            for token in group:
                value = float(text2num(token.group(0).lower(), "en"))
                found.append(Raw(token.start(), token.end(), value, token.group(0), "words"))
    for match in _DOZEN.finditer(text):  # "a dozen", "two dozen"; "dozens" is vague
        times = {"a": 1, "one": 1, "two": 2, "three": 3, "half a": 0.5}[match.group(1).lower()]
        found = [r for r in found if not match.start() <= r.start < match.end()]
        found.append(Raw(match.start(), match.end(), 12 * times, match.group(0), "words"))
    found.sort(key=lambda r: r.start)
    return found


# --------------------------------------------------------------------------- quantities

_QUALIFIERS: list[tuple[str, str]] = [
    (
        "more_than",
        r"more than|well over|just over|over|above|in excess of|upwards of|exceeding|"
        r"exceeds|exceeded|surpassing|surpasses|surpassed|greater than",
    ),
    ("at_least", r"at least|no fewer than|no less than|not less than|a minimum of|minimum of"),
    ("up_to", r"up to|as many as|at most|no more than|not more than|a maximum of|maximum of"),
    ("fewer_than", r"fewer than|less than|just under|under|below"),
    (
        "about",
        r"about|around|approximately|roughly|some|nearly|almost|close to|circa|ca\.|"
        r"an estimated|estimated|an approximate|approx\.|~",
    ),
]
_QUALIFIER_BEFORE = [
    # 'over "100 Indian men': a quotation may open between the qualifier and the number
    (code, re.compile(rf"(?:^|(?<=[\s(“\"‘]))(?:{words})\s*[\"“‘]?$", re.IGNORECASE))
    for code, words in _QUALIFIERS
]
_PARTICLE_OVER = re.compile(
    r"\b(?:hand|hands|handed|handing|turn|turns|turned|turning|take|takes|took|taken|taking)"
    r"\s*$",
    re.IGNORECASE,
)
_QUALIFIER_AFTER = [
    ("more_than", re.compile(r"^\s*(?:\+|plus\b)")),
    ("at_least", re.compile(r"^\s*or more\b", re.IGNORECASE)),
    ("up_to", re.compile(r"^\s*or (?:fewer|less)\b", re.IGNORECASE)),
    ("about", re.compile(r"^\s*or so\b", re.IGNORECASE)),
]

_FRACTION = re.compile(
    r"\b(?:(?P<num>a|an|one|two|three|four|five|six|seven|eight|nine)[\s-]+)?"
    r"(?P<den>half|halves|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)"
    r"\b(?!-)",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\s*(?:%|per\s?cent\b|percent\b)", re.IGNORECASE)
_ONE_IN = re.compile(
    r"(?<![\d,.])\b(?P<num>one|\d+)\s+(?:in|out of)\s+(?P<den>\d+|[a-z]+(?:-[a-z]+)?)\b",
    re.IGNORECASE,
)
# "12 individuals have come back ..., and all of them were charged": the whole of a figure.
_ALL_OF = re.compile(
    r"\ball (?:of )?(?:them|those|these|whom)\b(?=\s+(?:were|was|have|had|are|has)\b)", re.I
)
_REMAINDER = re.compile(r"\b(?:the rest|the remainder|the remaining|the others)\b", re.I)
_SHARE_FOLLOW = words(
    """of are were is was have has had returned came went travelled traveled remain remained
    remains will would may might could did do does reportedly already then now later
    eventually reported said believed thought estimated to come came originate originated hail
    hailed"""
)
_CHANGE = re.compile(
    r"\b(?:drop|dropped|fall|fell|fallen|decline|declined|decrease|decreased|rise|rose|risen|"
    r"increase|increased|grew|grown|jump|jumped|surge|surged|reduced|cut|down|up|shrank|"
    r"shrunk|slowed|changed|went)\b",
    re.IGNORECASE,
)


_YEAR_BEFORE = re.compile(
    r"\b(?:in|since|of|by|until|January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+$"
)
_FROM_NUMBER = re.compile(r"\bfrom\s+\d")


@dataclass
class Quantity:
    start: int  # where the number (or share words) starts, qualifier excluded
    end: int
    kind: str  # count | range | share | remainder
    text: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    share: float | None = None
    qualifier: str = "exact"
    qualifier_words: str = ""
    q_start: int = 0  # where the qualifier starts (== start without one)
    digits: bool = True
    change_pair: bool = False  # one of "from 2000 to 500": a change, not a range
    partner: int | None = None  # the start of the first end of the change, on the second end
    notes: list[str] = field(default_factory=list)

    @property
    def as_written(self) -> str:
        return self.text if self.q_start == self.start else ""

    @property
    def whole(self) -> bool:
        values = [self.value] if self.kind == "count" else [self.low, self.high]
        return all(v is not None and float(v).is_integer() for v in values)


def _denominator(word: str) -> int | None:
    word = word.lower()
    if word in ("half", "halves"):
        return 2
    if word.startswith("quarter"):
        return 4
    digits = re.match(r"(\d+)", alpha2digit(word.rstrip("s"), "en", threshold=0))
    return int(digits.group(1)) if digits else None


def _share_follows(text: str, end: int) -> bool:
    after = text[end : end + 30]
    if re.match(r"^\s*[,.;:)]", after) or not after.strip():
        return True
    word = re.match(r"^\s+([A-Za-z]+)", after)
    if not word:
        return False
    w = word.group(1).lower()
    return w in _SHARE_FOLLOW or w.endswith(("ing", "ed")) or w == "the"


def quantities(text: str, style: str) -> list[Quantity]:
    """Counts, ranges, shares and remainders, each with its qualifier, in document order."""
    raws = raw_numbers(text, style)
    taken: set[int] = set()  # raw starts consumed by shares and ranges
    out: list[Quantity] = []

    by_start = {r.start: r for r in raws}
    # Shares: percent, fractions, one in N.
    for i, raw in enumerate(raws):
        percent = _PERCENT.match(text, raw.end)
        end = percent.end() if percent else raw.end
        if not percent and i + 1 < len(raws):
            # "20-30%", "20 to 30 percent": the first end is a share too, not a count of 20
            nxt = raws[i + 1]
            if re.fullmatch(r"\s*(?:-|–|to)\s*", text[raw.end : nxt.start]):
                percent = _PERCENT.match(text, nxt.end)
        if percent and raw.value is not None and 0 < raw.value <= 100:
            out.append(
                Quantity(
                    raw.start,
                    end,
                    "share",
                    text[raw.start : end],
                    share=raw.value / 100,
                    digits=raw.kind == "digits",
                )
            )
            taken.add(raw.start)
    for match in _FRACTION.finditer(text):
        before = text[max(0, match.start() - 12) : match.start()]
        if re.search(r"\b(?:and|first|second|last|latter|other)\s+$", before, re.IGNORECASE):
            continue  # "three and a half years", "the first half of 2015"
        if not _share_follows(text, match.end()):
            continue  # "A third jihadi", "half a year"
        num_word = (match.group("num") or "one").lower()
        numerator = 1 if num_word in ("a", "an", "one") else int(text2num(num_word, "en"))
        den = _denominator(match.group("den"))
        if not den or numerator > den:
            continue
        inside = [r.start for r in raws if match.start() <= r.start < match.end()]
        taken.update(inside)
        out.append(
            Quantity(
                match.start(),
                match.end(),
                "share",
                match.group(0),
                share=round(numerator / den, 6),
                digits=False,
            )
        )
    for match in _ONE_IN.finditer(text):
        den_text = match.group("den")
        try:
            den = float(den_text) if den_text.isdigit() else float(text2num(den_text, "en"))
            num = 1.0 if match.group("num").lower() == "one" else float(match.group("num"))
        except ValueError:
            continue
        if not 0 < num < den or (den_text.isdigit() and (num > 10 or den > 100)):
            continue  # "one in five", "2 in 10"; not "200 in 2014", "45 out of 150" (two counts)
        taken.update(r.start for r in raws if match.start() <= r.start < match.end())
        out.append(
            Quantity(match.start(), match.end(), "share", match.group(0), share=round(num / den, 6))
        )
    for match in _ALL_OF.finditer(text):
        out.append(Quantity(match.start(), match.end(), "share", match.group(0), share=1.0))
    for match in _REMAINDER.finditer(text):
        out.append(Quantity(match.start(), match.end(), "remainder", match.group(0)))

    # Ranges and changes between two adjacent numbers.
    free = [r for r in raws if r.start not in taken]
    pairs: dict[int, tuple[Raw, Raw, str]] = {}
    for first, second in itertools.pairwise(free):
        gap = text[first.end : second.start]
        sep = re.fullmatch(r"\s*(-|–|—|to|and|or)\s*", gap)
        if not sep or first.value is None or second.value is None or first.start in pairs:
            continue
        word = sep.group(1)
        before = text[max(0, first.start - 40) : first.start]
        if word == "and" and not re.search(r"\bbetween\s+$", before, re.IGNORECASE):
            continue
        low, high = first.value, second.value
        scale = _SCALE.match(text, second.start + len(second.text.split()[0]))
        if second.kind == "digits" and scale and low < 1000 and high >= 1000:
            low *= _SCALES[scale.group(1).lower()]
        if first.kind == "digits" and _YEAR_BEFORE.search(before) and 1900 <= low <= 2100:
            continue  # "from 1,929 in December 2013 to 3,950": a date, then a number
        if all(
            r.kind == "digits" and len(r.text) == 4 and 1900 <= r.value <= 2100
            for r in (
                first,
                second,
            )
        ):
            continue  # "between 2011 and 2017", "2012-2016": years, each skipped as one
        is_from = bool(re.search(r"\bfrom\s+$", before, re.IGNORECASE))
        sentence_before = text[max(0, first.start - 200) : first.start]
        sentence_before = re.split(r"[.!?]\s", sentence_before)[-1]
        # "up from 240 to 600) and Britain (366 to 600)": the sentence's pairs are changes
        earlier_change = _CHANGE.search(sentence_before) and _FROM_NUMBER.search(sentence_before)
        if low >= high or (is_from and _CHANGE.search(sentence_before)) or earlier_change:
            pairs[first.start] = (first, second, "change")
        else:
            pairs[first.start] = (first, second, "range")
            taken.update({first.start, second.start})
            q = Quantity(
                first.start,
                second.end,
                "range",
                text[first.start : second.end],
                low=low,
                high=high,
                digits=first.kind == "digits",
            )
            q.qualifier = "range"
            between = re.search(r"\bbetween\s+$", before, re.IGNORECASE)
            if between:
                q.q_start = first.start - len(between.group(0))
                q.qualifier_words = "between"
            out.append(q)

    change_members = {p[0].start for p in pairs.values() if p[2] == "change"} | {
        p[1].start for p in pairs.values() if p[2] == "change"
    }
    for raw in raws:
        if raw.start in taken:
            continue
        q = Quantity(
            raw.start, raw.end, "count", raw.text, value=raw.value, digits=raw.kind == "digits"
        )
        q.change_pair = raw.start in change_members
        q.partner = next(
            (p[0].start for p in pairs.values() if p[2] == "change" and p[1].start == raw.start),
            None,
        )
        if raw.value is None:
            q.notes.append(f"{raw.text!r} is not one number in a {style}-style text")
        out.append(q)

    for q in out:
        if not q.q_start:
            q.q_start = q.start
        if q.kind != "range":
            _qualify(text, q)
    out.sort(key=lambda q: q.start)
    del by_start
    return out


def _qualify(text: str, q: Quantity) -> None:
    before = text[max(0, q.start - 40) : q.start]
    for code, pattern in _QUALIFIER_BEFORE:
        match = pattern.search(before)
        if match and code == "more_than" and _PARTICLE_OVER.search(before[: match.start()]):
            continue  # "handed over 92 women": the verb's particle, not "more than"
        if match:
            q.qualifier = code
            q.qualifier_words = match.group(0).strip()
            q.q_start = q.start - (len(before) - match.start())
            # keep the qualifier's own text, without leading spaces
            q.q_start += len(match.group(0)) - len(match.group(0).lstrip())
            return
    after = text[q.end : q.end + 20]
    for code, pattern in _QUALIFIER_AFTER:
        if pattern.match(after):
            q.qualifier = code
            q.qualifier_words = pattern.match(after).group(0).strip()
            return
