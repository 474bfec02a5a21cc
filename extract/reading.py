"""Whom a number counts and what it counts, as far as the parse ties them to it.

`extract.grammar` gives the tree's relations; this module looks up the words at the ends of
them: the places and peoples `extract.entities` found in the text, and the metric cues
`extract.metrics` found. A choice made here is *tied*: the entity or metric is an argument or
modifier of the number, its noun or its verb, in the number's own clause. Anything the parse
does not give is left to the surface reading in `extract.whom` and `extract.what` (and
marked to check).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extract import entities as ent
from extract import grammar
from extract import metrics as met
from extract.parse import Parsed
from extract.text import words

if TYPE_CHECKING:
    from spacy.tokens import Token

# The noun's own places beat the verb's ("Albanians from Kosovo" count for Kosovo: a "from"
# place beats the demonym of the counted noun).
_FROM_FIRST = ("noun-from-place",)
_RETURN_PLACES = ("returned-to-country", "came-back-to-country")
# A number's own preposition ("45 of 150 to Norway") names a home only after a return.
_TO = frozenset({"to", "for", "into"})


@dataclass(frozen=True)
class EntityChoice:
    mention: ent.Mention
    how: str  # for the reason: "'Danes' (the counted noun)"
    tied: bool  # False: "who reports it", not tied to the number


@dataclass(frozen=True)
class MetricChoice:
    metric: str | None
    how: str
    tied: bool
    blocker: str | None = None  # why the number is not one of our figures


class SentenceTree:
    """One parsed sentence, with the document's mentions and cues looked up by token."""

    def __init__(self, parsed: Parsed, mentions: list[ent.Mention], cues: list[met.Cue]):
        self.parsed = parsed
        self.matches = grammar.Matches(parsed.doc)
        self.mentions = mentions
        self.mention_starts = [m.start for m in mentions]
        self.cues = [self._prevented(c) for c in cues]
        self.cue_starts = [c.start for c in cues]
        self._readings: dict[int, grammar.Reading] = {}

    def _prevented(self, cue: met.Cue) -> met.Cue:
        """A cue under a verb of prevention ("banned from travelling") says no one did it."""
        if cue.excluded:
            return cue
        tokens = self.parsed.tokens(cue.start, cue.end)
        for ancestor in _governing(tokens[0]) if tokens else []:
            if ancestor.lemma_.lower() in grammar.PREVENTIONS:
                why = f"prevented ('{ancestor.text} ... {cue.text}')"
                return met.Cue(cue.start, cue.end, cue.metric, cue.text, why)
        return cue

    def token(self, start: int, end: int) -> Token | None:
        tokens = self.parsed.tokens(start, end)
        return grammar.root_of(tokens) if tokens else None

    def reading(self, token: Token) -> grammar.Reading:
        if token.i not in self._readings:
            self._readings[token.i] = grammar.read(self.matches, token)
        return self._readings[token.i]

    def _overlapping(self, items: list, starts: list[int], token: Token):
        start, end = self.parsed.start(token), self.parsed.end(token)
        i = bisect_left(starts, end) - 1
        while i >= 0:
            item = items[i]
            if item.end > start:
                return item
            if item.end <= start and start - item.start > 80:
                return None
            i -= 1
        return None

    def mention_at(self, token: Token) -> ent.Mention | None:
        return self._overlapping(self.mentions, self.mention_starts, token)

    def mention_for(self, token: Token) -> ent.Mention | None:
        """The place or people a token names, itself or through its modifiers ("Austrian
        authorities", "Kosovo's police")."""
        found = self.mention_at(token)
        if found is not None:
            return found
        for child in token.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod"):
                found = self.mention_at(child)
                if found is not None:
                    return found
        return None

    def cue_at(self, token: Token | None) -> met.Cue | None:
        if token is None:
            return None
        return self._overlapping(self.cues, self.cue_starts, token)


def _governing(token: Token) -> list[Token]:
    """Up to three heads above a token, stopping at an adverbial clause: "banned ... after
    400 citizens had joined" does not keep them from joining."""
    out = []
    while token.head is not token and len(out) < 3:
        if token.dep_ == "advcl":
            break
        token = token.head
        out.append(token)
    return out


def _usable(m: ent.Mention) -> bool:
    """A place or people a figure can be of: not Syria or Iraq named as places, nor a region
    that holds them named as where people are or went ("still in the Middle East")."""
    if m.code is None:
        return m.kind == "region"
    return not m.where_they_went


def entity(st: SentenceTree, r: grammar.Reading) -> EntityChoice | None:
    """The place or people the tree ties to the number (its noun's, its own, its verb's), or
    else the country that says so ("Belgium says 413 ..."), not tied."""
    noun_level: list[tuple[ent.Mention, str]] = []
    for token, how in r.noun_places:
        m = st.mention_at(token)
        if m is None or not _usable(m):
            continue
        if how == "number-to-place" and token.head.lower_ in _TO:
            verb_cue = st.cue_at(r.verb)
            if verb_cue is None or verb_cue.metric != "returned":
                continue  # "45 to Syria": where they went
        noun_level.append((m, how))
    if noun_level:
        borrowed = [x for x in noun_level if x[1] == "conjunct-of"]
        if borrowed:  # the place nearest after the number, of those its first conjunct has
            after = [x for x in borrowed if x[0].start >= st.parsed.end(r.number)]
            first = min(after or borrowed, key=lambda x: abs(x[0].start - st.parsed.end(r.number)))
        else:
            # a region with no code does not beat a people named on the noun: "Russian
            # nationals from the Caucasus" are Russia's
            coded = [x for x in noun_level if x[0].code is not None] or noun_level
            first = next((x for x in coded if x[1] in _FROM_FIRST), coded[0])
        return EntityChoice(first[0], f"'{first[0].text}' ({first[1]})", True)
    for token, how, verb in r.describer_places:
        cue = st.cue_at(verb)
        if how in _RETURN_PLACES and (cue is None or cue.metric != "returned"):
            continue
        m = st.mention_at(token)
        if m is not None and _usable(m):
            return EntityChoice(m, f"'{m.text}' ({how}, of what describes its noun)", True)
    verb_cue = st.cue_at(r.verb)
    for token, how in r.verb_places:
        if how in _RETURN_PLACES and (verb_cue is None or verb_cue.metric != "returned"):
            continue  # "travelled to Turkey": a destination
        m = st.mention_for(token) if how == "country-acts-on-them" else st.mention_at(token)
        if m is not None and _usable(m):
            return EntityChoice(m, f"'{m.text}' ({how})", True)
    for token, how in r.reporters:
        m = st.mention_for(token)
        # "Belgium says ...", not "The U.S. Pentagon has reported ...": an institution speaks
        # for the numbers it has, not for its own people
        if m is not None and _usable(m) and m.role != "institution":
            return EntityChoice(m, f"'{m.text}' ({how}: who reports it)", False)
    return None


def cue_choice(st: SentenceTree, token: Token | None, how: str) -> MetricChoice | None:
    cue = st.cue_at(token)
    if cue is not None and not cue.weak:
        if cue.excluded:
            return MetricChoice(None, how, True, f"its verb is {cue.excluded}")
        return MetricChoice(cue.metric, f"{cue.metric} from '{cue.text}' ({how})", True)
    # a verb, or a bare verb the tagger took for a noun ("the Finns had 80 leave")
    if token is not None and (token.pos_ == "VERB" or token.lower_ in met.LEMMAS):
        lemma = met.LEMMAS.get(token.lemma_.lower()) or met.LEMMAS.get(token.lower_)
        if lemma is not None:
            return MetricChoice(lemma, f"{lemma} from '{token.text}' ({how})", True)
    return None


def metric(st: SentenceTree, r: grammar.Reading) -> MetricChoice | None:
    """What the tree says the number counts: its verb's metric, else what describes its noun,
    else the noun itself ("returnees"); or why it counts none of ours ("were deported")."""
    verb = r.verb
    if verb is not None:
        if r.hypothetical:
            return MetricChoice(None, "", True, f"hypothetical ({r.hypothetical})")
        if r.intention:
            return MetricChoice(None, "", True, f"an intention ({r.intention})")
        if r.negated and verb.pos_ in ("VERB", "AUX"):
            return MetricChoice(None, "", True, f"negated ('not {verb.text}')")
        lemma = verb.lemma_.lower()
        dead = [c for c in verb.children if c.lower_ in ("dead", "deceased") and c.dep_ != "nsubj"]
        if dead:  # "are now believed dead"
            return MetricChoice(None, "", True, f"counts victims or deaths ('{dead[0].text}')")
        if lemma in grammar.WATCHING and st.cue_at(verb) is None:
            # "Police are monitoring the 11 jihadists who have returned": watched for what
            # describes them
            described = noun_metric(st, r)
            if described is not None and described.metric is not None:
                return described
        if lemma in grammar.OTHER_FATES and st.cue_at(verb) is None:
            what = "victims or deaths" if met.VICTIMS.fullmatch(verb.text) else "another fate"
            return MetricChoice(None, "", True, f"counts {what} ('{verb.text}'), not our metrics")
        chosen = cue_choice(st, verb, r.verb_via)
        if chosen is not None:
            return chosen
        for child in verb.children:  # "came back", "went home"
            if child.dep_ in ("prt", "advmod") and child.lower_ in ("back", "home"):
                chosen = cue_choice(st, child, r.verb_via)
                if chosen is not None:
                    return chosen
        if lemma in grammar.NEUTRAL:  # "are known to be or assumed to be back in Germany"
            for inner in _complements(verb):
                chosen = cue_choice(st, inner, r.verb_via)
                if chosen is not None and chosen.metric is not None:
                    return MetricChoice(chosen.metric, chosen.how, False)
    return noun_metric(st, r)


def _complements(verb: Token) -> list[Token]:
    """The verbs a neutral verb coordinates or embeds, two levels down, and their "back"."""
    out, todo = [], [(verb, 0)]
    while todo:
        token, depth = todo.pop(0)
        for child in token.children:
            if child.dep_ in ("conj", "xcomp", "advmod", "acomp") and depth < 2:
                out.append(child)
                todo.append((child, depth + 1))
    return out


def noun_metric(st: SentenceTree, r: grammar.Reading) -> MetricChoice | None:
    """What the number's noun says it counts: "fighters who returned", "returnees"."""
    for token in r.describers:
        chosen = cue_choice(st, token, "what describes its noun")
        if chosen is not None and chosen.metric and any(c.dep_ == "neg" for c in token.children):
            # "the 17 repatriated Americans who have not been charged": those who were not
            return MetricChoice(None, "", True, f"counts those not {token.text}")
        if chosen is not None:
            return chosen
    for token in (r.noun, r.population):
        if token is not None and token.i != r.number.i:
            chosen = cue_choice(st, token, "its noun")
            if chosen is not None:
                return chosen
    return None


def verb_says_nothing(r: grammar.Reading) -> str | None:
    """A verb of the number that is none of ours and not a neutral one ("live", "work")."""
    verb = r.verb
    if verb is None or verb.pos_ != "VERB":
        return None
    if verb.lemma_.lower() in grammar.NEUTRAL:
        return None
    return verb.text


def estimate_word(r: grammar.Reading) -> str | None:
    """A word that calls the number an estimate: a verb above it in its clause or the one that
    embeds its clause ("The BfV estimates that 1,000 ..."), a word on it, its noun or its verb
    ("estimated"), or "according to some estimates" on its verb; not the "estimated" of
    another number or another clause of its sentence."""
    near = [r.number, r.noun] + ([r.verb] if r.verb is not None else [])
    # the verbs above it in its own clause, and the one that embeds that clause
    tokens = []
    for ancestor in r.number.ancestors:
        tokens.append(ancestor)
        heads_a_clause = any(c.dep_ in ("nsubj", "nsubjpass") for c in ancestor.children)
        if heads_a_clause and ancestor.dep_ not in ("ccomp", "xcomp"):
            break
    for token in near:
        tokens += list(token.children)
        tokens += [
            g
            for child in token.children
            if child.dep_ == "prep" and child.lower_ in ("according", "by")
            for g in child.subtree
        ]
    for token in tokens:
        if token.lemma_.lower() in ("estimate", "estimation") or token.lower_ == "estimated":
            return token.text
    return None


_WEEKDAYS = words("monday tuesday wednesday thursday friday saturday sunday")
_MONTHS = words(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec"""
)
_SPANS = words("year month week weekend day")


def period(r: grammar.Reading) -> str | None:
    """The words that make the number a count over one period, not a total: "on Saturday",
    "last year", "In 2013", "yesterday", "for 48 hours" on its verb, or a verb of one
    operation ("repatriates 23"); "By the end of 2018" and "Since 2013" are totals up to a
    date."""
    verb = r.verb
    if verb is None:
        return None
    flew_themselves = verb.lemma_.lower() == "fly" and r.noun.dep_ == "nsubj"
    if (
        verb.lemma_.lower() in ("repatriate", "arrive", "fly", "airlift", "evacuate")
        and not flew_themselves  # "50 Trinidadians have flown to Syria": no operation
    ):
        return f"{verb.text}: one operation"  # "North Macedonia repatriates 23 citizens"
    for child in verb.children:
        words = child.lower_
        if child.dep_ == "advmod" and words in ("yesterday", "today", "tonight"):
            return child.text
        if child.dep_ == "npadvmod" and (
            words in _WEEKDAYS
            or (
                child.lemma_.lower() in _SPANS
                and any(g.lower_ in ("last", "this", "past") for g in child.children)
            )
        ):
            return " ".join(t.text for t in child.subtree)
        if child.dep_ == "prep" and words == "for":  # "detained for 48 hours"
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in ("hour", "day", "week"):
                    return " ".join(t.text for t in child.subtree)
        if child.dep_ == "prep" and words in ("in", "on", "during"):
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                lowered = pobj.lower_
                year = pobj.like_num and len(pobj.text) == 4 and 1900 <= int(pobj.text) <= 2100
                if year or lowered in _WEEKDAYS or lowered in _MONTHS:
                    return " ".join(t.text for t in child.subtree)
    return None


_DATA_NOUNS = words(
    """information data details records files analysis study studies survey sample research
    profiles biographies"""
)


def data_about(r: grammar.Reading) -> str | None:
    """ "information about 784 individuals": the people a data set holds, not a count."""
    token = r.noun
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in _DATA_NOUNS:
        return f"{head.head.text} {head.text}"
    return None
