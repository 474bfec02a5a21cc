"""The grammar of a figure: which noun a number counts, which verb that noun belongs to, and
which places are tied to them, read off a dependency parse.

Grammar as data: `PATTERNS` are spaCy `DependencyMatcher` patterns (one dict per relation,
Semgrex operators: `A < B` A is a dependent of B, `A > B` A is the head of B), each named for
what it reads. `read()` matches them all on a parsed sentence once and walks the matches from a
number outwards:

    number -> its noun      "61 fighters", "300 returning", or the number itself ("72 of them")
    noun -> its verb        subject, object or attribute of a verb; "the return of 760 people";
                            through "are believed to have returned"; a conjunct shares its
                            first conjunct's verb ("90 to Austria, 40 to Norway")
    what describes the noun "fighters who returned", "people leaving", "returned jihadis"
    whole and part          "N out of M", "N of M" (M is the base), "of whom N", "N of them"
    places                  on the noun ("Danish", "Kyrgyz nationals", "from Norway",
                            "Kosovo's"), on the number ("45 of 150 to Norway"), on the verb
                            ("returned to Australia", "left Austria", "In France, ...
                            travelled", "Austria arrested 90")
    what the verb is        negated, hypothetical ("will return"), an intention ("want to
                            return")

The grammar says nothing about which words are metrics or places: `extract.metrics` and
`extract.entities` do, on the text; `extract.reading` puts the two together.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from extract.text import words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.vocab import Vocab

_NOMINAL = {"POS": {"IN": ["NOUN", "PROPN", "PRON", "NUM", "ADJ", "X"]}}
_VERB = {"POS": {"IN": ["VERB", "AUX"]}}
_ANY: dict[str, Any] = {}
_OBJECT = ["dobj", "dative", "oprd", "npadvmod"]

# Verbs that say someone believes, reports or counts: the figure's verb is the one they embed
# ("are believed to have returned", "are estimated to have travelled").
RAISING = sorted(
    words(
        """believe think estimate say report know suspect understand seem appear assume
        consider fear expect find thought reckon claim allege presume"""
    )
)
# Verbs that say nothing about what the people did: a number whose verb is one of these takes
# its metric from the words around it ("Montenegro counts 23 nationals").
NEUTRAL = words(
    """be have say report estimate count number total include reach remain stand put give show
    record list register identify know believe think account comprise consist contain exceed
    add rise grow increase fall drop decline mean make bring see receive find compare cite
    quote state note tell suggest indicate confirm publish calculate gauge"""
)
# Verbs that count people something else happened to: never one of our metrics.
OTHER_FATES = words(
    """deport expel extradite ban bar block stop prevent intercept strip deprive revoke exclude
    refuse deny confiscate cancel turn prohibit forbid monitor watch track surveil tag
    radicalise radicalize recruit kill die murder massacre wound injure execute behead slay
    shoot marry hold"""
)
# Of the other fates, those that watch people for what they did ("monitoring the 11 who
# returned"): what describes the people says what they count.
WATCHING = words("monitor watch track surveil tag")
# Verbs that keep people from doing what their complement says: "banned from travelling to
# Syria", "stopped from leaving" count no one who travelled.
PREVENTIONS = words("ban bar prevent stop block forbid prohibit deter intercept dissuade")
MODALS = sorted(words("will would may might could should can shall must wo ca 'll"))
# These with a perfect ("may have gone") estimate what happened: not a hypothesis.
ESTIMATING_MODALS = words("may might could must")
INTENTIONS = sorted(
    words(
        """want wish plan hope intend try seek attempt desire long refuse prefer like aim
        threaten vow"""
    )
)
_BACK = ["back", "home"]


def _node(name: str, attrs: dict[str, Any]) -> dict[str, Any]:
    """The pattern's anchor: the rarest token of the relation, so matching stays fast."""
    return {"RIGHT_ID": name, "RIGHT_ATTRS": attrs}


def _edge(left: str, op: str, name: str, attrs: dict[str, Any]) -> dict[str, Any]:
    """`left op name`: '<' left is a dependent of name, '>' left is its head."""
    return {"LEFT_ID": left, "REL_OP": op, "RIGHT_ID": name, "RIGHT_ATTRS": attrs}


def _prep(*words: str) -> dict[str, Any]:
    return {"DEP": "prep", "LOWER": {"IN": list(words)}}


_POBJ = {"DEP": "pobj"}
_QUALIFIER_WORDS = ["about", "around", "over", "under", "nearly", "almost", "approximately"]

PATTERNS: dict[str, list[dict[str, Any]]] = {
    # ---------------------------------------------------------------- number -> noun
    "number-counts-noun": [
        _node("number", {"DEP": {"IN": ["nummod", "quantmod"]}}),
        _edge("number", "<", "noun", _ANY),
    ],
    "conjunct-of": [_node("item", {"DEP": "conj"}), _edge("item", "<", "first", _ANY)],
    "apposition-of": [_node("item", {"DEP": "appos"}), _edge("item", "<", "first", _ANY)],
    # ---------------------------------------------------------------- whole and part
    "n-of-m": [
        _node("of", _prep("of", "among")),
        _edge("of", "<", "part", _ANY),
        _edge("of", ">", "whole", _POBJ),
    ],
    "n-of-m-as-one-number": [  # "45 of 150", parsed as one quantity (quantmod)
        _node("of", {"LOWER": "of", "DEP": "quantmod"}),
        _edge("of", "<", "whole", {"POS": "NUM"}),
        _edge("whole", ">", "part", {"DEP": "quantmod", "POS": "NUM"}),
    ],
    "of-the-whole-on-the-verb": [  # "Of the 64 individuals ..., 12 returned"
        _node("of", _prep("of", "among")),
        _edge("of", "<", "verb", _VERB),
        _edge("of", ">", "whole", _POBJ),
        _edge("verb", ">", "part", {"DEP": {"IN": ["nsubj", "nsubjpass"]}, "POS": "NUM"}),
    ],
    "n-out-of-m": [
        _node("out", {"LOWER": "out", "DEP": {"IN": ["prep", "advmod", "prt"]}}),
        _edge("out", "<", "head", _ANY),
        _edge("out", ">", "of", {"LOWER": "of"}),
        _edge("of", ">", "whole", _POBJ),
    ],
    # ---------------------------------------------------------------- noun -> verb
    "qualifier-parsed-as-preposition": [  # "that about 1500 of those ... have returned"
        _node("about", {"DEP": "prep", "LOWER": {"IN": _QUALIFIER_WORDS}}),
        _edge("about", ">", "number", {"DEP": "pobj", "POS": {"IN": ["NUM", "NOUN"]}}),
        _edge("about", "<", "verb", _VERB),
    ],
    "noun-subject-of-verb": [  # also of a verb the tagger took for an adjective ("5,000 left")
        _node("noun", {"DEP": {"IN": ["nsubj", "nsubjpass", "csubj"]}}),
        _edge("noun", "<", "verb", {"POS": {"IN": ["VERB", "AUX", "ADJ"]}}),
    ],
    "noun-object-of-verb": [
        _node("noun", {"DEP": {"IN": _OBJECT}}),
        _edge("noun", "<", "verb", _VERB),
    ],
    "noun-attribute-of-verb": [
        _node("noun", {"DEP": {"IN": ["attr", "acomp"]}}),
        _edge("noun", "<", "verb", _VERB),
    ],
    "noun-of-event": [  # "the return of 760 people"
        _node("of", _prep("of", "for")),
        _edge("of", ">", "noun", _POBJ),
        _edge("of", "<", "event", {"POS": "NOUN"}),
    ],
    "verb-raises-verb": [  # "are believed to have returned"
        _node("verb", {"LEMMA": {"IN": RAISING}}),
        _edge("verb", ">", "inner", {"DEP": {"IN": ["xcomp", "ccomp"]}, **_VERB}),
    ],
    # ---------------------------------------------------------------- what describes the noun
    "noun-described-by-clause": [  # "fighters who returned", "people leaving"
        _node("verb", {"DEP": {"IN": ["acl", "relcl"]}}),
        _edge("verb", "<", "noun", _NOMINAL),
    ],
    "noun-described-by-modifier": [  # "returned jihadis", "Danish fighters"
        _node("modifier", {"DEP": {"IN": ["amod", "compound", "nmod", "npadvmod"]}}),
        _edge("modifier", "<", "noun", _ANY),
    ],
    # ---------------------------------------------------------------- places
    "noun-from-place": [
        _node("from", _prep("from")),
        _edge("from", "<", "noun", _ANY),
        _edge("from", ">", "place", _POBJ),
    ],
    "noun-of-place": [  # "nationals of Belgium"
        _node("of", _prep("of")),
        _edge("of", "<", "noun", _ANY),
        _edge("of", ">", "place", {"DEP": "pobj", "POS": "PROPN"}),
    ],
    "noun-in-place": [  # "returned jihadis in France"
        _node("in", _prep("in", "within", "across", "inside")),
        _edge("in", "<", "noun", _NOMINAL),
        _edge("in", ">", "place", _POBJ),
    ],
    "noun-owned-by-place": [  # "Kosovo's foreign fighters", "its nationals"
        _node("place", {"DEP": "poss"}),
        _edge("place", "<", "noun", _ANY),
    ],
    "number-to-place": [  # "... and 45 of 150 to Norway"
        _node("to", _prep("to", "for", "from", "in")),
        _edge("to", "<", "number", {"POS": "NUM"}),
        _edge("to", ">", "place", _POBJ),
    ],
    "returned-to-country": [
        _node("to", _prep("to", "into")),
        _edge("to", "<", "verb", _VERB),
        _edge("to", ">", "place", _POBJ),
    ],
    "came-back-to-country": [
        _node("back", {"LOWER": {"IN": _BACK}, "DEP": {"IN": ["advmod", "prt", "npadvmod"]}}),
        _edge("back", "<", "verb", _VERB),
        _edge("back", ">", "to", _prep("to", "in")),
        _edge("to", ">", "place", _POBJ),
    ],
    "verb-from-place": [  # "travelled from the UK"
        _node("from", _prep("from")),
        _edge("from", "<", "verb", _VERB),
        _edge("from", ">", "place", _POBJ),
    ],
    "verb-in-place": [  # "In France, 1,700 people travelled"
        _node("in", _prep("in", "within", "across", "inside", "throughout")),
        _edge("in", "<", "verb", _VERB),
        _edge("in", ">", "place", _POBJ),
    ],
    "left-country": [  # "left Austria"
        _node("verb", {"LEMMA": {"IN": ["leave", "flee", "quit", "depart"]}}),
        _edge("verb", ">", "place", {"DEP": "dobj"}),
    ],
    "country-acts-on-them": [  # "Austria arrested 90 returnees"
        _node("place", {"DEP": {"IN": ["nsubj", "agent"]}}),
        _edge("place", "<", "verb", _VERB),
    ],
    "country-says-so": [  # "Belgium says 413 ... have travelled"
        _node("verb", {"LEMMA": {"IN": [*RAISING, "count", "put", "tell"]}}),
        _edge("verb", ">", "place", {"DEP": "nsubj"}),
        _edge("verb", ">", "inner", {"DEP": {"IN": ["ccomp", "xcomp"]}}),
    ],
    # ---------------------------------------------------------------- what the verb is
    "verb-negated": [_node("not", {"DEP": "neg"}), _edge("not", "<", "verb", _ANY)],
    "verb-hypothetical": [  # "will return"
        _node("modal", {"DEP": "aux", "LOWER": {"IN": MODALS}}),
        _edge("modal", "<", "verb", _VERB),
    ],
    "verb-intended": [  # "want to return"
        _node("verb", {"DEP": "xcomp"}),
        _edge("verb", "<", "intends", {"LEMMA": {"IN": INTENTIONS}}),
    ],
}


# Verbs of a country that helps, or speaks of, another's event ("assisted the repatriation").
_HELPING = words(
    "assist help support facilitate fund finance praise welcome hail applaud urge back"
)


@cache
def _matcher(vocab: Vocab) -> Any:
    from spacy.matcher import DependencyMatcher

    matcher = DependencyMatcher(vocab, validate=True)
    for name, pattern in PATTERNS.items():
        matcher.add(name, [pattern])
    return matcher


class Matches:
    """Every match of every pattern in one parsed sentence, looked up by (pattern, role, token)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self._index: dict[tuple[str, str, int], list[dict[str, Token]]] = defaultdict(list)
        strings = doc.vocab.strings
        for match_id, token_ids in _matcher(doc.vocab)(doc):
            name = strings[match_id]
            roles = [node["RIGHT_ID"] for node in PATTERNS[name]]
            found = {role: doc[i] for role, i in zip(roles, token_ids, strict=True)}
            for role, token in found.items():
                self._index[(name, role, token.i)].append(found)

    def find(self, name: str, role: str, token: Token | None) -> list[dict[str, Token]]:
        """The matches of pattern `name` in which `token` plays `role`, in sentence order."""
        if token is None:
            return []
        return self._index.get((name, role, token.i), [])

    def one(self, name: str, role: str, token: Token | None, want: str) -> Token | None:
        found = self.find(name, role, token)
        return found[0][want] if found else None


@dataclass
class Reading:
    """What the tree says about one number. Places are (token, pattern) in order of how close
    the tie is: the noun's own, the number's, then the verb's arguments."""

    number: Token
    noun: Token  # the counted noun, or the number itself
    verb: Token | None = None  # the verb (or event noun) the noun belongs to
    verb_via: str = ""  # the pattern that tied them
    shared_from: Token | None = None  # the conjunct whose verb it shares
    describers: list[Token] = field(default_factory=list)  # clauses and modifiers of the noun
    whole: Token | None = None  # M in "N of M", "N out of M" (a number)
    population: Token | None = None  # the noun in "N of the returnees", "N of Kosovo's fighters"
    pronoun: Token | None = None  # "of whom", "of them"
    part_of: Token | None = None  # for M: the N it is the base of
    noun_places: list[tuple[Token, str]] = field(default_factory=list)
    verb_places: list[tuple[Token, str]] = field(default_factory=list)
    describer_places: list[tuple[Token, str, Token]] = field(default_factory=list)  # + its verb
    reporters: list[tuple[Token, str]] = field(default_factory=list)  # "Belgium says ..."
    negated: bool = False
    hypothetical: str = ""
    intention: str = ""


_MAX_CLIMB = 6


def root_of(tokens: list[Token]) -> Token:
    """The token of a multi-token number whose head lies outside it ("five hundred", "200-230")."""
    inside = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in inside or t.head.i == t.i:
            return t
    return tokens[-1]


def read(m: Matches, number: Token) -> Reading:
    """Walk from a number to its noun, its verb and the places tied to them."""
    whole = m.one("n-of-m-as-one-number", "part", number, "whole")
    if whole is not None:  # "45 of 150 returned": the part shares the whole's noun and verb
        counted = m.one("number-counts-noun", "number", whole, "noun")
        r = Reading(number, counted or whole, whole=whole, population=counted)
        _verb(m, r)
        if r.verb is not None:
            r.verb = _raised(m, r.verb)
        _describe_and_place(m, r)
        return r
    noun = m.one("number-counts-noun", "number", number, "noun") or number
    r = Reading(number, noun)
    if noun.i != number.i and noun.pos_ in ("VERB", "AUX"):
        r.verb, r.verb_via = noun, "number-counts-noun"  # "300 returning"
    _whole_and_part(m, r)
    if r.verb is None:
        _verb(m, r)
    if r.verb is not None:
        r.verb = _raised(m, r.verb)
    _describe_and_place(m, r)
    return r


def _describe_and_place(m: Matches, r: Reading) -> None:
    for holder in (r.noun, r.population):
        for found in m.find("noun-described-by-clause", "noun", holder):
            r.describers.append(_raised(m, found["verb"]))  # "alleged to have returned"
        for found in m.find("noun-described-by-modifier", "noun", holder):
            r.describers.append(found["modifier"])
    _places(m, r)
    verb = r.verb
    if verb is not None:
        r.negated = bool(m.find("verb-negated", "verb", verb))
        modal = m.one("verb-hypothetical", "verb", verb, "modal")
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
        if modal is not None and not (perfect and modal.lower_ in ESTIMATING_MODALS):
            r.hypothetical = f"{modal.text} {verb.text}"
        intends = m.one("verb-intended", "verb", verb, "intends")
        r.intention = f"{intends.text} ... {verb.text}" if intends is not None else ""


def _whole_and_part(m: Matches, r: Reading) -> None:
    for holder in (r.number, r.noun):
        found = m.find("n-of-m", "part", holder)
        if found:
            whole = found[0]["whole"]
            if whole.lower_ in ("whom", "them", "these", "those", "which", "us"):
                r.pronoun = whole
            elif whole.pos_ == "NUM" or whole.like_num:
                r.whole = whole
            else:
                r.population = whole
                inner = m.one("number-counts-noun", "noun", whole, "number")
                if inner is not None and inner.i != r.number.i:
                    r.whole = inner  # "45 of the 150 fighters"
            return
    # "M" itself: the base of which part?
    part = m.one("n-of-m-as-one-number", "whole", r.number, "part")
    if part is not None:
        r.part_of = part
        return
    for found in m.find("n-of-m", "whole", r.number) + m.find("n-of-m", "whole", r.noun):
        if found["part"].like_num or found["part"].pos_ == "NUM" or _is_share(found["part"]):
            r.part_of = found["part"]  # "45 of 150", "a third of the 300 fighters"
            return
    for child in r.noun.children if r.noun.i != r.number.i else ():
        if child.i != r.number.i and _is_share(child):
            r.part_of = child  # "Around half the estimated 700 Britons"
            return
    for found in m.find("n-out-of-m", "whole", r.number):
        r.part_of = found["head"]
        return
    for holder in (r.number, r.noun):
        for found in m.find("of-the-whole-on-the-verb", "whole", holder):
            r.part_of = found["part"]
            return


SHARE_WORDS = words(
    """half halves third thirds quarter quarters fifth fifths sixth sixths tenth tenths
    percent % per cent"""
)


def _is_share(token: Token) -> bool:
    return token.lower_ in SHARE_WORDS


def _verb(m: Matches, r: Reading) -> None:
    token = r.noun
    verb = m.one("qualifier-parsed-as-preposition", "number", r.number, "verb")
    if verb is not None and token.i == r.number.i:
        r.verb, r.verb_via = verb, "qualifier-parsed-as-preposition"
        return
    for _ in range(_MAX_CLIMB):
        for name in ("noun-subject-of-verb", "noun-object-of-verb", "noun-attribute-of-verb"):
            verb = m.one(name, "noun", token, "verb")
            if verb is not None:
                r.verb, r.verb_via = verb, name
                r.shared_from = token if token.i != r.noun.i else None
                return
        of = token.head if token.dep_ == "pobj" and token.head.lower_ == "of" else None
        if of is not None and of.head.lemma_.lower() in _GROUPS:
            token = of.head  # "arrested a group of 10 citizens": the group's verb is theirs
            continue
        event = m.one("noun-of-event", "noun", token, "event")
        if event is not None and event.i != r.number.i:
            r.verb, r.verb_via = event, "noun-of-event"
            return
        first = m.one("conjunct-of", "item", token, "first") or m.one(
            "apposition-of", "item", token, "first"
        )
        if first is None:
            return
        if first.pos_ in ("VERB", "AUX"):  # "... returned ..., and 45 of 150 to Norway"
            r.verb, r.verb_via, r.shared_from = first, "conjunct-of", first
            return
        token = first


# Nouns for a body of people whose verb is theirs: "a group of 10 citizens".
_GROUPS = words("group batch contingent cell party team band")


def _raised(m: Matches, verb: Token) -> Token:
    for _ in range(_MAX_CLIMB):
        inner = m.one("verb-raises-verb", "verb", verb, "inner")
        if inner is None:
            return verb
        verb = inner
    return verb


def _conjuncts(m: Matches, token: Token) -> list[Token]:
    """The tokens conjoined with `token` ("fighters, women, and minors from the Balkans")."""
    out, todo = [], [token]
    while todo and len(out) < 8:
        for found in m.find("conjunct-of", "first", todo.pop()):
            out.append(found["item"])
            todo.append(found["item"])
    return out


def _places(m: Matches, r: Reading) -> None:
    nouns = [r.noun] + ([r.population] if r.population is not None else [])
    if r.noun.i != r.number.i:
        nouns += _conjuncts(m, r.noun)
    for holder in nouns:
        if holder.i != r.number.i and holder.i in (r.noun.i, getattr(r.population, "i", -1)):
            r.noun_places.append((holder, "the counted noun"))
        for found in m.find("noun-described-by-modifier", "noun", holder):
            r.noun_places.append((found["modifier"], "noun-described-by-modifier"))
        for name in ("noun-from-place", "noun-of-place", "noun-owned-by-place", "noun-in-place"):
            for found in m.find(name, "noun", holder):
                r.noun_places.append((found["place"], name))
    for found in m.find("number-to-place", "number", r.number):
        r.noun_places.append((found["place"], "number-to-place"))
    head = m.one("apposition-of", "item", r.number, "first")
    if head is not None:  # "Britain (366 to 600)"
        r.noun_places.append((head, "apposition-of"))
    first = m.one("conjunct-of", "item", r.number, "first")
    if first is not None and first.like_num and not r.noun_places:
        # "3,000 from Jordan and 2,926 from Tunisia": the parser may hang both places on the
        # first conjunct; `reading.entity` takes the one nearest after the number
        for found in m.find("noun-from-place", "noun", first) + m.find(
            "number-to-place", "number", first
        ):
            r.noun_places.append((found["place"], "conjunct-of"))
    for verb in r.describers:  # "the ten Jihadists alleged to have returned to Switzerland"
        for name in ("returned-to-country", "came-back-to-country", "left-country"):
            for found in m.find(name, "verb", verb):
                r.describer_places.append((found["place"], name, verb))
    verbs = [v for v in (r.verb, r.shared_from) if v is not None and v.pos_ in ("VERB", "AUX")]
    if len(verbs) == 2 and verbs[0].i == verbs[1].i:
        verbs = verbs[:1]
    for verb in verbs:
        for name in (
            "returned-to-country",
            "came-back-to-country",
            "left-country",
            "verb-from-place",
            "verb-in-place",
        ):
            for found in m.find(name, "verb", verb):
                r.verb_places.append((found["place"], name))
        if r.verb_via == "noun-object-of-verb" or r.verb_via == "noun-of-event":
            for found in m.find("country-acts-on-them", "verb", verb):
                r.verb_places.append((found["place"], "country-acts-on-them"))
    if r.verb is not None and r.verb_via == "noun-of-event":
        holder = r.verb.head if r.verb.dep_ in _OBJECT else None
        if holder is not None and holder.lemma_ in _HELPING:
            holder = None  # "the U.S. assisted the latest repatriation of 93": not its people
        for found in m.find("country-acts-on-them", "verb", holder):
            r.verb_places.append((found["place"], "country-acts-on-them"))
    # "Belgium says 413 of its nationals have travelled": who says so, a clause up
    clause = r.verb
    for _ in range(_MAX_CLIMB):
        if clause is None:
            break
        for found in m.find("country-says-so", "inner", clause):
            r.reporters.append((found["place"], "country-says-so"))
        clause = clause.head if clause.head is not clause else None
