"""Checking that a quote is really in its document and really states its figure's number.

Comparison survives typography (non-breaking spaces, curly quotes, dashes, line breaks) but is
otherwise exact: case and words must match, so a quote that is not there is never accepted.

>>> normalize("“At least\u00a05,600”\\n people — said")
'"At least 5,600" people - said'
>>> sorted(numbers_in("five Britons, 3,417 and sixty-three"))
[5, 63, 3417]
>>> sorted(numbers_in("about a dozen came back; two dozen were charged"))
[2, 12, 24]
>>> sorted(numbers_in("tre sono in carcere", "it"))
[3]
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from text_to_num import alpha2digit

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
    }
)
_SPACE = re.compile(r"\s+")
# 3,417 / 3.417 / 3 417 (grouped thousands) or a plain run of digits.
_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:([,.\u00a0 ])\d{3})(?:\1\d{3})*(?![\d])|\d+")


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)
    return _SPACE.sub(" ", text).strip()


# The languages whose number words text2num reads; a quote in another language is checked for
# its digits only.
NUMBER_WORD_LANGUAGES = frozenset({"en", "fr", "es", "pt", "de", "it", "nl"})
# Number words up to ten of languages text2num does not read: a page writes a small number in
# words ("delapan lainnya ditangkap", "Један повратник"), a larger one in digits. Serbian,
# Croatian and Bosnian in both scripts, with the forms of "one" and "two" a noun's gender takes.
_SERBO_CROATIAN = {
    **dict.fromkeys(["jedan", "jedna", "jedno", "један", "једна", "једно"], 1),
    **dict.fromkeys(["dva", "dvije", "dve", "два", "двије", "две"], 2),
    **dict.fromkeys(["tri", "три"], 3),
    **dict.fromkeys(["četiri", "четири"], 4),
    **dict.fromkeys(["pet", "пет"], 5),
    **dict.fromkeys(["šest", "шест"], 6),
    **dict.fromkeys(["sedam", "седам"], 7),
    **dict.fromkeys(["osam", "осам"], 8),
    **dict.fromkeys(["devet", "девет"], 9),
    **dict.fromkeys(["deset", "десет"], 10),
}
# Russian, in every case a count takes ("пяти тысяч", "двух", "трём"); "семью" is left out,
# being also "family".
_RUSSIAN = {
    **dict.fromkeys(
        ["один", "одна", "одно", "одного", "одной", "одному", "одним", "одном", "одну"], 1
    ),
    **dict.fromkeys(["два", "две", "двух", "двум", "двумя"], 2),
    **dict.fromkeys(["три", "трёх", "трех", "трём", "трем", "тремя"], 3),
    **dict.fromkeys(["четыре", "четырёх", "четырех", "четырём", "четырем", "четырьмя"], 4),
    **dict.fromkeys(["пять", "пяти", "пятью"], 5),
    **dict.fromkeys(["шесть", "шести", "шестью"], 6),
    **dict.fromkeys(["семь", "семи"], 7),
    **dict.fromkeys(["восемь", "восьми", "восемью", "восьмью"], 8),
    **dict.fromkeys(["девять", "девяти", "девятью"], 9),
    **dict.fromkeys(["десять", "десяти", "десятью"], 10),
}
SMALL_NUMBER_WORDS: dict[str, dict[str, int]] = {
    "id": {
        "satu": 1,
        "dua": 2,
        "tiga": 3,
        "empat": 4,
        "lima": 5,
        "enam": 6,
        "tujuh": 7,
        "delapan": 8,
        "sembilan": 9,
        "sepuluh": 10,
    },
    "sr": _SERBO_CROATIAN,
    "hr": _SERBO_CROATIAN,
    "bs": _SERBO_CROATIAN,
    "ru": _RUSSIAN,
}
# Thousands in Russian: "4 тыс.", "2,4 тыс." (2,400), "1,2-1,5 тысячи" (1,200 and 1,500),
# "пяти тысяч", "полторы тысячи" (1,500), "тысяча". The number before "тысяч" is digits (a
# decimal comma or point allowed), "полтора" (one and a half) or a word of `_RUSSIAN`.
_RU_DIGITS = r"\d+(?:[.,]\d+)?"
_RUSSIAN_THOUSANDS = re.compile(
    rf"(?<![\w.,])(?:(?:(?P<low>{_RU_DIGITS})\s?-\s?)?(?P<digits>{_RU_DIGITS})\s?|(?P<word>\w+)\s+)"
    r"(?:тыс\b\.?|тысяч(?:а|и|у|ей|ам|ами|ах)?\b)|(?<!\w)(?P<alone>тысяч[аеу])\b",
    re.IGNORECASE,
)
_HALF_MORE = frozenset({"полтора", "полторы", "полутора"})


def _russian_thousands(text: str) -> list[tuple[int, int, set[int]]]:
    """(start, end, values) of each count of thousands a Russian text states."""
    found = []
    for m in _RUSSIAN_THOUSANDS.finditer(text):
        if m["alone"]:  # "тысяча" on its own is one thousand
            found.append((m.start(), m.end(), {1000}))
            continue
        word = (m["word"] or "").casefold()
        if m["digits"]:
            many = [float(n.replace(",", ".")) for n in (m["low"], m["digits"]) if n]
        elif word in _HALF_MORE:
            many = [1.5]
        elif word in _RUSSIAN:
            many = [_RUSSIAN[word]]
        else:
            continue
        values = {int(n * 1000) for n in many if float(n * 1000).is_integer()}
        if values:
            found.append((m.start(), m.end(), values))
    return found


def _without(text: str, spans: list[tuple[int, int, set[int]]]) -> str:
    """`text` with `spans` blanked: "4 тыс." read as 4,000 is not read again as 4."""
    for start, end, _ in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


# "None of the 150 ... have been convicted" states a count of 0.
_NONE = re.compile(r"\b(?:none|no one|not one|not a single)\b", re.IGNORECASE)
# "a dozen" is twelve ("dozens" is vague, as "hundreds" is, and states no number).
_DOZEN = re.compile(r"\b(a|one|two|three|four|five|six)\s+dozen\b(?!s)", re.IGNORECASE)
_DOZENS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


# What makes a number in digits something other than a count of people: an ordinal suffix
# ("21st", "3e", "2º"), a percentage ("40%", "40 per cent"), a part of a date ("12 June",
# "June 12", "in 2014", "2014-15"). A share is checked by its derivation's words instead.
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|janvier|février|mars|avril|"
    r"mai|juin|juillet|août|septembre|octobre|novembre|décembre|januar|februar|märz|juni|juli|"
    r"oktober|dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
    r"noviembre|diciembre)\.?"
)
_NOT_A_COUNT_AFTER = re.compile(
    rf"^(?:(?:st|nd|rd|th|e|er|ème|º|ª)\b|\.(?=\s+{_MONTHS}\b))|^\s?(?:%|per\s?cent|percent|"
    rf"pour\s?cent|prozent|por\s?ciento|procent)|^\s+(?!may\b){_MONTHS}\b",
    re.IGNORECASE,
)
_YEAR_BEFORE = re.compile(
    rf"\b(?:{_MONTHS}|in|since|until|till|by|during|early|late|mid|year|years|summer|spring|"
    r"autumn|fall|winter|en|depuis|im|seit|desde|в|с)[\s,-]*$",
    re.IGNORECASE,
)
_YEAR_SPAN = re.compile(r"^[-/–](?:\d{2}|(?:19|20)\d{2})\b")
_DATE_BEFORE = re.compile(rf"\b{_MONTHS}\s*$", re.IGNORECASE)


def _is_count(text: str, match: re.Match[str]) -> bool:
    """Whether a number in digits (a match of _NUMBER in `text`) can be a count of people."""
    after = text[match.end() : match.end() + 16]
    if _NOT_A_COUNT_AFTER.match(after):
        return False
    before = text[max(0, match.start() - 24) : match.start()]
    digits = match.group(0)
    if digits.isdigit() and len(digits) == 4 and 1900 <= int(digits) <= 2099:
        # "in 2014" and "2014-15" are years; "from 2000 to 500" is not.
        return not (_YEAR_BEFORE.search(before) or _YEAR_SPAN.match(after))
    # "June 12" is a day.
    return not (digits.isdigit() and len(digits) <= 2 and _DATE_BEFORE.search(before))


def counts_in_digits(text: str) -> set[int]:
    """The numbers in digits of `text` that can be counts of people (not ordinals, shares or
    dates: `_is_count`), a grouped number read whole ("5,600" is 5,600, never 600)."""
    return {
        int(re.sub(r"\D", "", m.group(0))) for m in _NUMBER.finditer(text) if _is_count(text, m)
    }


def numbers_in(text: str, language: str = "en") -> set[int]:
    """Every whole number a text states as a count, in digits or in number words of its
    language."""
    found: set[int] = set()
    if language == "ru":
        thousands = _russian_thousands(text)
        found.update(*(values for _, _, values in thousands))
        text = _without(text, thousands)
    sources = [text]
    if language in NUMBER_WORD_LANGUAGES:
        sources.append(alpha2digit(text, language, threshold=0))
    for source in sources:
        found |= counts_in_digits(source)
    if language == "en":
        found.update(12 * _DOZENS[m.group(1).lower()] for m in _DOZEN.finditer(text))
        if _NONE.search(text):
            found.add(0)
    words = SMALL_NUMBER_WORDS.get(language, {})
    found.update(words[w] for w in _WORD.findall(text.casefold()) if w in words)
    return found


def unstated(text: str, wanted: list[int], language: str = "en") -> list[int]:
    """Those of `wanted` that `text` does not state, in digits or in words of its language.

    Digits are looked for first: reading number words (text2num) costs ten times as much, and
    a load checks every quote.
    """
    normalized = normalize(text)
    # Russian digits may be thousands ("4 тыс."): read with the words
    digits = counts_in_digits(normalized) if language != "ru" else set()
    missing = [n for n in wanted if n not in digits]
    if missing:
        stated = numbers_in(normalized, language)
        missing = [n for n in missing if n not in stated]
    return missing


# A digit, or a digit group's separator followed by digits: what may not touch a quote that
# starts or ends with a digit, or "600 returned" would be found in "5,600 returned".
_DIGITS_BEFORE = re.compile(r"(?:\d|\d[,.\u00a0 ])$")
_DIGITS_AFTER = re.compile(r"^(?:\d|[,.\u00a0 ]\d{3}(?!\d))")


def quote_in_document(quote: str, document: str) -> bool:
    """Whether the quote stands in the document, a number at either end of it whole."""
    target, text = normalize(quote), normalize(document)
    if not target:
        return False
    start = text.find(target)
    while start >= 0:
        end = start + len(target)
        cut_before = target[0].isdigit() and _DIGITS_BEFORE.search(text[max(0, start - 2) : start])
        cut_after = target[-1].isdigit() and _DIGITS_AFTER.match(text[end : end + 5])
        if not cut_before and not cut_after:
            return True
        start = text.find(target, start + 1)
    return False


def nearest_passage(quote: str, document: str, width: int | None = None) -> tuple[str, float]:
    """The passage of `document` most like `quote`, with a similarity ratio (0..1)."""
    target = normalize(quote)
    text = normalize(document)
    width = width or len(target)
    if not text:
        return "", 0.0
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(target)
    best, best_ratio = "", 0.0
    step = max(1, width // 4)
    for start in range(0, max(1, len(text) - width + 1), step):
        window = text[start : start + width]
        matcher.set_seq1(window)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = window, ratio
    return best, best_ratio


_NUMBER_WORD = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|thousand|million)"
)
_WORDS = re.compile(rf"\b{_NUMBER_WORD}(?:(?:[\s-]+|\s+and\s+){_NUMBER_WORD})*\b", re.IGNORECASE)


_WORD = re.compile(r"\w+(?:-\w+)*")


def number_spans(
    text: str, numbers: set[int], phrases: tuple[str, ...] = (), language: str = "en"
) -> list[tuple[int, int]]:
    """Character spans of `text` that state one of `numbers` or contain one of `phrases`."""
    spans = [
        m.span()
        for m in _NUMBER.finditer(text)
        if _is_count(text, m) and int(re.sub(r"\D", "", m.group(0))) in numbers
    ]
    if language == "en":
        words = [*_WORDS.finditer(text), *_DOZEN.finditer(text), *_NONE.finditer(text)]
    else:  # a number word of another language is one word ("tre", "drie", "vingt-trois")
        read = language in NUMBER_WORD_LANGUAGES or language in SMALL_NUMBER_WORDS
        words = list(_WORD.finditer(text)) if read else []
    spans += [m.span() for m in words if numbers_in(m.group(0), language) & numbers]
    if language == "ru":
        spans += [
            (start, end) for start, end, values in _russian_thousands(text) if values & numbers
        ]
    lowered = text.casefold()
    for phrase in phrases:
        start = lowered.find(phrase.casefold())
        if start >= 0:
            spans.append((start, start + len(phrase)))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
