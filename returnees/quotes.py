"""Checking that a quote is really in its document and really states its figure's number.

Comparison survives typography (non-breaking spaces, curly quotes, dashes, line breaks) but is
otherwise exact: case and words must match, so a quote that is not there is never accepted.

>>> normalize("“At least\u00a05,600”\\n people — said")
'"At least 5,600" people - said'
>>> sorted(numbers_in("five Britons, 3,417 and sixty-three"))
[5, 63, 3417]
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


def numbers_in(text: str) -> set[int]:
    """Every whole number a text states, in digits or in English words."""
    found: set[int] = set()
    for source in (text, alpha2digit(text, "en", threshold=0)):
        for match in _NUMBER.finditer(source):
            found.add(int(re.sub(r"\D", "", match.group(0))))
    return found


def unstated(text: str, wanted: list[int]) -> list[int]:
    """Those of `wanted` that `text` does not state, in digits or in words.

    Digits are looked for first: reading number words (text2num) costs ten times as much, and
    a load checks every quote.
    """
    normalized = normalize(text)
    digits = {int(re.sub(r"\D", "", m.group(0))) for m in _NUMBER.finditer(normalized)}
    missing = [n for n in wanted if n not in digits]
    if missing:
        stated = numbers_in(normalized)
        missing = [n for n in missing if n not in stated]
    return missing


def quote_in_document(quote: str, document: str) -> bool:
    return normalize(quote) in normalize(document)


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


def number_spans(
    text: str, numbers: set[int], phrases: tuple[str, ...] = ()
) -> list[tuple[int, int]]:
    """Character spans of `text` that state one of `numbers` or contain one of `phrases`."""
    spans = [m.span() for m in _NUMBER.finditer(text) if numbers_in(m.group(0)) & numbers]
    spans += [m.span() for m in _WORDS.finditer(text) if numbers_in(m.group(0)) & numbers]
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
