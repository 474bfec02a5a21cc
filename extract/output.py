"""Candidate files: YAML shaped like `data/figures/*.yaml`, or a JSON list of objects.

YAML: `figures:` holds the candidates worth reviewing (high and medium confidence), each an
entry of the dataset's own form plus candidate-only fields (`verified: false`, `confidence`,
`reason`, `locator`, `as_written`); `set_aside:` holds the low-confidence ones with the reason
each is probably not a figure. The header records the document's SHA-256, so a reviewer can tell
whether the text changed since the candidates were made. A candidate file can never be loaded as
data by mistake: `verified: false` does not validate.

JSON: a list of objects with `entity, metric, value, value_low, value_high, qualifier, quote,
confidence` and `id, source, entity_name, derived, approx_value, attributed_to, reason, locator,
as_written, verified, document, document_sha256`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from decimal import Decimal
from typing import Any

from extract.candidates import VERSION, Candidate, Extraction, entity_label

WIDTH = 96


# A plain scalar both YAML 1.1 (PyYAML) and YAML 1.2 (yaml-rs, the loader's) read as this same
# string: a word that cannot be a number, a date, a boolean or null in either.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# YAML 1.1's booleans and null, compared lower-cased
_KEYWORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escaped(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    # control characters, line and paragraph separators (YAML 1.1 breaks lines at \x85,
    # \u2028 and \u2029, YAML 1.2 does not), format characters and the BOM: as escapes
    if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
        if code <= 0xFF:
            return f"\\x{code:02x}"
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return char


def _quoted(text: str) -> str:
    """A double-quoted scalar that every YAML reader gives back as exactly `text`."""
    return '"' + "".join(_escaped(c) for c in text) + '"'


def _float(value: float) -> str:
    """A float both YAML versions read as a float: always with a dot, never '1e-05'."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text if "." in text else text + ".0"


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _KEYWORDS:
        return text
    return _quoted(text)


def _comment(text: str) -> str:
    """Text for a '#' comment: on one line whatever it holds."""
    return "".join(c if c.isprintable() else " " for c in text)


def _folded(text: str, indent: str) -> list[str]:
    """A '>-' block: YAML joins its lines with single spaces, giving `text` back exactly."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(indent) + len(current) + 1 + len(word) > WIDTH:
            lines.append(indent + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(indent + current)
    return lines


def _long(key: str, text: str, indent: str) -> list[str]:
    one_line = f"{indent}{key}: {_scalar(text)}"
    if len(one_line) <= WIDTH and "\n" not in text:
        return [one_line]
    if "  " in text or text != text.strip() or not text.isprintable():
        return [one_line]  # a folded block could not give it back exactly
    return [f"{indent}{key}: >-", *_folded(text, indent + "  ")]


def _entry(c: Candidate, source: str) -> list[str]:
    pad = "    "
    label = entity_label(c.entity)
    out = [
        _comment(f"  # line {c.locator.line} · {c.confidence} · {c.as_written}").rstrip(),
        f"  - id: {_scalar(c.id)}",
        f"{pad}entity: {_scalar(c.entity)}" + (f"  # {_comment(label)}" if label else ""),
        f"{pad}metric: {_scalar(c.metric)}",
    ]
    if c.qualifier != "exact":
        out.append(f"{pad}qualifier: {c.qualifier}")
    if c.derived is not None:
        out.append(f"{pad}derived:")
        out.append(f"{pad}  method: {c.derived['method']}")
        out.append(f"{pad}  of: {_scalar(c.derived['of'])}")
        if c.derived["method"] == "share":
            out.append(f"{pad}  share: {_scalar(c.derived['share'])}")
        else:
            out.append(f"{pad}  minus: [{', '.join(c.derived['minus'])}]")
        out.append(f"{pad}  words: {_scalar(c.derived['words'])}")
    elif c.low is not None:
        out.append(f"{pad}low: {c.low}")
        out.append(f"{pad}high: {c.high}")
    else:
        out.append(f"{pad}value: {_scalar(c.value)}")
    out.append(f"{pad}source: {_scalar(source)}")
    out += _long("quote", c.quote, pad)
    if c.attributed_to:
        out.append(f"{pad}attributed_to: {_scalar(c.attributed_to)}")
    out.append(f"{pad}verified: false")
    out.append(f"{pad}confidence: {c.confidence}")
    out += _long("reason", c.reason, pad)
    loc = c.locator
    out.append(
        f"{pad}locator: {{line: {loc.line}, column: {loc.column}, offset: {loc.offset}, "
        f"length: {loc.length}}}"
    )
    if c.as_written:
        out.append(f"{pad}as_written: {_scalar(c.as_written)}")
    return out


def to_yaml(ex: Extraction) -> str:
    proposed, aside = ex.proposed, ex.set_aside
    skipped = Counter(s.reason for s in ex.skipped)
    intro = (
        f"Candidate figures for {ex.source}, proposed by `returnees candidates` from "
        f"{ex.document or 'a document'}. UNVERIFIED: nothing here is in the dataset."
    )
    how = (
        "For each entry under `figures:`, read its quote in the document (locator: line and "
        "column), correct entity, metric, qualifier and value, then move it into "
        f"data/figures/{ex.source}.yaml: delete confidence, reason, locator and as_written, "
        "and replace `verified: false` with `verified: {by: YOUR NAME, on: YYYY-MM-DD}`. "
        "`set_aside:` lists numbers that are probably not figures, each with why."
    )
    lines = [f"# {line.strip()}" for line in _folded(_comment(intro), "")]
    lines.append("#")
    lines += [f"# {line.strip()}" for line in _folded(how, "")]
    if skipped:
        lines.append(f"# Skipped as not counts of people ({sum(skipped.values())}):")
        text = ", ".join(f"{n} {reason}" for reason, n in skipped.most_common())
        lines += ["#   " + line.strip() for line in _folded(text, "")]
    lines += [
        "document:",
        f"  file: {_scalar(ex.document)}",
        f"  sha256: {ex.sha256}",
        f"  characters: {ex.characters}",
        f"  number_style: {ex.number_style}"
        + (
            "  # 3,417 is three thousand four hundred and seventeen"
            if ex.number_style == "en"
            else "  # 5.600 is five thousand six hundred"
        ),
        f"  extractor: returnees candidates {VERSION}",
        f"source: {_scalar(ex.source)}",
        "figures:" if proposed else "figures: []",
    ]
    for c in proposed:
        lines += _entry(c, ex.source)
    lines += ["", "set_aside:" if aside else "set_aside: []"]
    for c in aside:
        lines += _entry(c, ex.source)
    return "\n".join(lines) + "\n"


def records(ex: Extraction) -> list[dict[str, Any]]:
    out = []
    for c in ex.candidates:
        loc = c.locator
        out.append(
            {
                "id": c.id,
                "source": ex.source,
                "entity": c.entity,
                "entity_name": entity_label(c.entity) or None,
                "metric": c.metric,
                "value": c.value,
                "value_low": c.low,
                "value_high": c.high,
                "qualifier": c.qualifier,
                "derived": c.derived,
                "approx_value": c.approx_value,
                "quote": c.quote,
                "attributed_to": c.attributed_to,
                "confidence": c.confidence,
                "reason": c.reason,
                "locator": {
                    "line": loc.line,
                    "column": loc.column,
                    "offset": loc.offset,
                    "length": loc.length,
                },
                "as_written": c.as_written,
                "verified": False,
                "document": ex.document,
                "document_sha256": ex.sha256,
            }
        )
    return out


def to_json(ex: Extraction) -> str:
    return json.dumps(records(ex), ensure_ascii=False, indent=2) + "\n"
