"""French pages: the lexical reading (`extract.lexical`) checked against a dependency parse.

A French page is read as any page not in English is, by its lexicon (`lexicons/fr.yaml`); its
sentences that hold a candidate are then parsed by spaCy's small French pipeline
(`extract.parse.FRENCH_MODEL`), and `PATTERNS` (spaCy `DependencyMatcher` patterns, as data,
beside the English ones in `extract.grammar`) tie a number to its noun, the noun to its verb,
and places to the noun or the verb:

    number -> its noun      "1 900 Français", "300 djihadistes" (nummod)
    noun -> its verb        subject ("... sont revenus"), passive subject, object
    places                  on the noun ("djihadistes français", "ressortissants de Belgique")
                            and on the verb ("revenus en France")

A candidate whose verb is a metric word of the lexicon and whose noun or verb names a country
is tied: its metric and country are the parse's, and it is `high` confidence. Any other keeps
the lexical reading and its checks (`medium` at most).
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from typing import TYPE_CHECKING, Any

from extract.lexical import compiled
from extract.parse import FRENCH_MODEL, Parsed, parse, pipeline
from extract.record import Candidate
from extract.text import Document

if TYPE_CHECKING:
    from spacy.matcher import DependencyMatcher
    from spacy.tokens import Doc

_NOUN = {"POS": {"IN": ["NOUN", "PROPN", "ADJ", "PRON", "NUM"]}}
PATTERNS: dict[str, list[dict[str, Any]]] = {
    # "300 djihadistes": the number and the noun it counts.
    "number-of-noun": [
        {"RIGHT_ID": "number", "RIGHT_ATTRS": {"DEP": "nummod"}},
        {"LEFT_ID": "number", "REL_OP": "<", "RIGHT_ID": "noun", "RIGHT_ATTRS": _NOUN},
    ],
    # "... djihadistes sont revenus", "58 personnes ont été condamnées", "a arrêté 12 hommes".
    "noun-of-verb": [
        {
            "RIGHT_ID": "noun",
            "RIGHT_ATTRS": {"DEP": {"IN": ["nsubj", "nsubj:pass", "obj"]}},
        },
        {"LEFT_ID": "noun", "REL_OP": "<", "RIGHT_ID": "verb", "RIGHT_ATTRS": {}},
    ],
    # "djihadistes français", "ressortissants de Belgique", "Français, ...".
    "place-on-noun": [
        {"RIGHT_ID": "noun", "RIGHT_ATTRS": {}},
        {
            "LEFT_ID": "noun",
            "REL_OP": ">",
            "RIGHT_ID": "place",
            "RIGHT_ATTRS": {"DEP": {"IN": ["amod", "nmod", "appos", "compound"]}},
        },
    ],
    # "revenus en France", "condamnées en Belgique".
    "place-on-verb": [
        {"RIGHT_ID": "verb", "RIGHT_ATTRS": {}},
        {
            "LEFT_ID": "verb",
            "REL_OP": ">",
            "RIGHT_ID": "place",
            "RIGHT_ATTRS": {"DEP": {"IN": ["obl", "obl:arg", "obl:mod"]}},
        },
    ],
}


@cache
def _matcher() -> DependencyMatcher:
    from spacy.matcher import DependencyMatcher

    matcher = DependencyMatcher(pipeline(FRENCH_MODEL).vocab)
    for name, pattern in PATTERNS.items():
        matcher.add(name, [pattern])
    return matcher


def relations(doc: Doc) -> dict[str, dict[int, list[int]]]:
    """Each pattern's matches: the index of its first token -> those of its second."""
    found: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for match_id, (first, second) in _matcher()(doc):
        found[doc.vocab.strings[match_id]][first].append(second)
    return found


def tie(text: str, doc: Document, made: list[Candidate]) -> None:
    """Parse the sentences of `made` and make each candidate the parse ties `high`."""
    sentences = sorted({c.sentence for c in made})
    spans = [(doc.sentences[i].start, doc.sentences[i].end) for i in sentences]
    trees = dict(zip(sentences, parse(text, spans, FRENCH_MODEL), strict=True))
    matched = {i: relations(tree.doc) for i, tree in trees.items()}  # once a sentence
    words = compiled("fr")
    for c in made:
        tree = trees[c.sentence]
        tokens = tree.tokens(c.locator.offset, c.locator.offset + c.locator.length)
        if tokens:
            _tie(c, tree, tokens[-1].i, matched[c.sentence], words)


def _tie(c: Candidate, tree: Parsed, number: int, rel: dict, words: Any) -> None:
    nouns = rel["number-of-noun"].get(number) or [number]
    verbs = [v for n in nouns for v in rel["noun-of-verb"].get(n, [])]
    metric = next(
        (m for v in verbs for m, p in words.metrics.items() if p.match(tree.doc[v].text.lower())),
        None,
    )
    places = [*nouns, *(p for n in nouns for p in rel["place-on-noun"].get(n, []))]
    places += [p for v in verbs for p in rel["place-on-verb"].get(v, [])]
    entity = next(
        (
            code
            for i in places
            for code, p in words.entities.items()
            if p.match(tree.doc[i].text.lower())
        ),
        None,
    )
    if metric is None or entity is None:
        return
    c.metric, c.entity = metric, entity
    c.metric_tied = c.entity_tied = True
    c.checks = [check for check in c.checks if check.startswith("one of")]
    c.basis.append(f"{entity} and {metric} tied by the French parse (noun, verb, place)")
