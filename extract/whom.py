"""Stage 3b: whom a number counts, its entity (a country, an aggregate, or WORLD).

Input: the sentence's parse and places (`SentenceNumbers`, from `extract.sentences`), what the
words after the number say (`extract.attach`), and the figures made before it
(`extract.neighbours`). In this order: the part a whole is the base of; the other end of its
change; what the tree ties to it (`extract.reading`); the place named right after it; a
"respectively" list; the place in its clause; "foreign fighters" with no country (WORLD); the
place in its sentence; a country's institution that reports it; the figure an anaphor refers
to; the figures, or the one place, named before it. Syria and Iraq named as places are
destinations, never the entity.
"""

from __future__ import annotations

import dataclasses
import re

from extract import attach, neighbours
from extract import entities as ent
from extract import reading as rd
from extract.numbers import Quantity
from extract.record import Candidate
from extract.sentences import Live, Page, SentenceNumbers
from extract.text import Sentence
from returnees.vocab import AGGREGATES, entity_names

_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)


def usable(m: ent.Mention) -> bool:
    """A place that can be whom a number counts."""
    if not m.usable or m.where_they_went:
        return False  # "to Syria", "fighting in the Middle East": where they went, not who
    return not (m.role == "to" and m.kind == "name")


def entity(c: Candidate, n: Live, here: SentenceNumbers, page: Page, made: list[Candidate]) -> None:
    """Set the candidate's entity, with how it was found (or a blocker when it is a region
    with no entity code). `made` holds the candidates before it."""
    q, clause, reading, part, partner = n.q, n.clause, n.reading, n.part, n.partner
    text, sentence, mentions, tree = page.text, here.sentence, here.mentions, here.tree
    a = here.attached[id(q)]
    own = rd.entity(tree, reading) if reading is not None else None
    # "Of the around 27,000 foreign fighters ..., 5,000 are European": a whole of foreign
    # fighters with no place of its own is worldwide, not its part's
    worldwide = bool(ent.FOREIGN_FIGHTERS.match(text[q.end : q.end + 60].lstrip())) and not (
        own is not None and own.tied
    )
    if part is not None and part.entity and not (own is not None and own.tied) and not worldwide:
        # M in "N out of M": N's people, unless its own noun names them
        c.entity, c.entity_explicit, c.entity_tied = part.entity, True, part.entity_tied
        c.basis.insert(0, f"{part.entity} from '{part.as_written}', the part of it")
        if part.checks:
            c.checks.append("entity taken from the part it is the whole of: check it")
        return
    owner = attach.share_owner(q, here.mentions, text)
    if owner is not None:  # "50% for the United Kingdom"
        c.entity, c.entity_explicit, c.entity_tied = owner.code, True, True
        c.basis.insert(0, f"{owner.code} from 'for {owner.text}' (whose share it is)")
        return
    home = _returned_to(q, here, text)
    if home is not None and _together(c, home, q, here, text):
        return
    if home is not None:
        # "524 ... were repatriated to Kazakhstan, 156 to Uzbekistan and 84 to Tajikistan"
        c.entity, c.entity_explicit, c.entity_tied = home.code, True, True
        c.basis.insert(0, f"{home.code} from 'to {home.text}' (where they were brought back)")
        return
    respectively = _RESPECTIVELY.search(here.words)
    choice = rd.entity(tree, reading) if reading is not None and not respectively else None
    if partner is not None and partner.entity and (choice is None or not choice.tied):
        c.entity, c.entity_explicit = partner.entity, True
        c.entity_tied = partner.entity_tied
        c.basis.insert(0, f"{partner.entity} from the other end of its change")
        return
    if choice is not None:
        m = choice.mention
        if m.code is None:
            c.blockers.append(f"counts '{m.text}', a region with no entity code")
            return
        if _together(c, m, q, here, text):
            return
        c.entity, c.entity_explicit, c.entity_tied = m.code, True, choice.tied
        c.basis.insert(0, f"{m.code} from {choice.how}")
        _part_of(c, m)
        if not choice.tied:
            c.checks.append(f"entity taken from '{m.text}', who reports the number")
        return
    chosen: ent.Mention | None = None
    how = ""
    if a.mention is not None and not a.mention.where_they_went:
        # not "400 actually reached Syria": where they went
        chosen, how = a.mention, f"'{a.mention.text}'"
        if (
            a.place is not None
            and a.place.usable
            and a.place.role == "from"
            and a.mention.kind != "name"
        ):  # "Albanians from Kosovo" are counted for Kosovo
            chosen, how = a.place, f"'{text[a.mention.start : a.place.end]}'"
    elif a.place is not None and (usable(a.place) or a.place.kind == "region"):
        chosen, how = a.place, f"'{a.place.text}'"
    if chosen is None and respectively:
        chosen = _respectively(q, here, text)
        if chosen is not None:
            how = f"'{chosen.text}' (respectively)"
    if chosen is None:
        pool = [
            m
            for m in mentions
            if clause[0] <= m.start < clause[1]
            and id(m) not in here.exclusive
            and usable(m)
            and not _listed_after(q, m, text)
        ]
        if pool:
            chosen = min(pool, key=lambda m: abs(m.start - q.start))
            how = f"'{chosen.text}' in its clause"
    generic_clause = ent.FOREIGN_FIGHTERS.search(text[clause[0] : clause[1]])
    again = _named_again(q, sentence, made, text) if chosen is None else None
    if again is not None:  # "The four alleged foreign fighters have been arrested"
        c.entity, c.entity_explicit = again.entity, True
        c.basis.insert(
            0, f"{again.entity} from the figure it names again (line {again.locator.line})"
        )
        c.checks.append("entity taken from an earlier figure the text refers back to")
        return
    if chosen is None and (a.generic or generic_clause):
        c.entity = "WORLD"
        c.checks.append("no country named: 'foreign fighters' taken as worldwide (WORLD)")
        c.basis.insert(0, "WORLD from 'foreign fighters' with no country")
        c.entity_explicit = True
        return
    anaphor = (
        q.kind in ("share", "remainder")
        or a.pronoun
        # not in a list a colon opens ("Together, they have ... 2,200: Kazakhstan, 754")
        or (
            bool(neighbours.ANAPHORA_START.match(here.words))
            and ":" not in text[here.sentence.start : q.start]
        )
        or bool(neighbours.ANAPHORA.search(text[clause[0] : clause[1]]))
    )
    if chosen is None and not anaphor:
        candidates = [m for m in mentions if usable(m) and not _listed_after(q, m, text)]
        if len({m.code for m in candidates}) == 1:
            pool = candidates  # "316 Kosovars went to fight, 117 returned": one people only
        else:
            pool = [m for m in candidates if id(m) not in here.exclusive]
        if pool:
            # a country before a region; the nearest, and a place
            # before the number (its subject) before one after it (another's)
            chosen = min(
                pool,
                key=lambda m: (
                    m.kind == "aggregate",
                    q.start - m.end if m.end <= q.start else (m.start - q.end) * 2,
                ),
            )
            how = f"'{chosen.text}' in its sentence"
    if chosen is None and not anaphor and ent.FOREIGN_FIGHTERS.search(here.words):
        c.entity = "WORLD"
        c.checks.append("no country named: 'foreign fighters' taken as worldwide (WORLD)")
        c.basis.insert(0, "WORLD from 'foreign fighters' in its sentence")
        c.entity_explicit = True
        return
    if chosen is not None:
        if chosen.code is None:
            c.blockers.append(f"counts '{chosen.text}', a region with no entity code")
            return
        if _together(c, chosen, q, here, text):
            return
        c.entity = chosen.code
        c.entity_explicit = True
        c.basis.insert(0, f"{chosen.code} from {how}")
        _part_of(c, chosen)
        return
    speakers = [
        m
        for m in mentions
        if m.role == "institution"
        and m.code is not None
        and m.kind in ("name", "demonym")
        and m.code not in ent.DESTINATIONS
    ]
    if chosen is None and not anaphor and speakers:
        chosen = speakers[0]
        c.entity = chosen.code
        c.entity_explicit = True
        c.basis.insert(0, f"{chosen.code} from '{chosen.text}' (who reports it)")
        c.checks.append(f"entity taken from the {chosen.text} institution that reports the number")
        return
    if anaphor and q.kind not in ("share", "remainder"):
        ref = neighbours.antecedent(c, sentence, made)
        if ref is not None:
            c.entity = ref.entity
            c.basis.insert(
                0,
                f"{ref.entity} from the figure it refers to (line "
                f"{ref.locator.line}: '{ref.as_written}')",
            )
            c.checks.append("entity taken from an earlier figure the text refers back to")
            c.antecedent = ref
            return
    # Syria and Iraq named as places are where they went: "More than 500 are suspected of
    # having traveled to Iraq and Syria" names no one's people
    places = [
        m
        for m in mentions
        if not m.where_they_went and m.role != "helper" and not _listed_after(q, m, text)
    ]
    if not any(m.code or m.kind == "region" for m in places):
        # an anaphor with no figure before it to refer to ("Together, they have repatriated
        # ...") refers to the place named before it
        # "... mirror the situation in the UK, where hundreds of British jihadis are believed
        # to have returned. Research ... revealed at least 425 ...": the place the sentence
        # before, with no figure, speaks of, before the figures further back
        quiet = not any(m.sentence == sentence.index - 1 for m in made)
        said = _named_just_before(sentence, page) if anaphor or quiet else None
        topic = None
        if not anaphor and said is None:
            topic = neighbours.paragraph_entity(sentence, made, page.doc)
        if topic is not None:
            c.entity = topic.entity
            c.entity_explicit = True
            c.basis.insert(
                0,
                f"{topic.entity} from the figures just before it (line "
                f"{topic.locator.line}: '{topic.as_written}')",
            )
            c.checks.append("no place named in its sentence: entity taken from the text before it")
            return
        homes = None if anaphor else ent.MANY_HOMES.search(here.words)
        if homes is not None:  # "5,600 people have returned to their countries of origin"
            c.entity, c.entity_explicit = "WORLD", True
            c.basis.insert(0, f"WORLD from '{homes.group(0)}', no country named")
            c.checks.append(f"no country named: '{homes.group(0)}' taken as worldwide (WORLD)")
            return
        if anaphor or said is not None:
            named, where = said, "in the sentence before"
        else:
            named = _one_place_named(sentence, page)
            after = named is not None and named.start >= sentence.end
            where = f"in its paragraph (or document) {'after' if after else 'before'} it"
        if named is not None:
            c.entity, c.entity_explicit = named.code, True
            c.basis.insert(0, f"{named.code} from '{named.text}', the one place named {where}")
            c.checks.append(
                f"no place named in its sentence: entity taken from the one country named {where}"
            )
            return
    regions = [m for m in mentions if m.kind == "region" and clause[0] <= m.start < clause[1]]
    regions = regions or [m for m in mentions if m.kind == "region"]
    if regions:
        c.blockers.append(f"names only '{regions[0].text}', a region with no entity code")


def _listed_after(q: Quantity, m: ent.Mention, text: str) -> bool:
    """A place in the list a colon opens after the number ("around 2,200 citizens:
    Kazakhstan, the most, 754 individuals"): its parts', not the number's."""
    return m.start >= q.end and ":" in text[q.end : m.start]


# How many sentences back "the four ..." may name a figure again.
AGAIN_SENTENCES = 15


def _named_again(
    q: Quantity, sentence: Sentence, made: list[Candidate], text: str
) -> Candidate | None:
    """The figure a number with "the" before it names again ("110 Kosovar citizens — four
    alleged foreign fighters ... The four alleged foreign fighters have been arrested"): the
    last one of the same value in the sentences just before."""
    if q.kind != "count" or not re.search(
        r"\bthe\s+$", text[max(0, q.q_start - 5) : q.q_start], re.I
    ):
        return None
    same = [
        m
        for m in made
        if m.value == q.value
        and m.entity
        and sentence.index - AGAIN_SENTENCES <= m.sentence < sentence.index
    ]
    return max(same, key=lambda m: m.locator.offset) if same else None


# Between two countries of one list: "Bosnia and Herzegovina, Kosovo, and North Macedonia",
# "France Germany and Tajikistan" (a comma dropped).
_LIST_JOIN = re.compile(r"\s*(?:,\s*)?(?:(?:and|&)\s+)?(?:the\s+)?")
# Words after a list that give each country the number: "... each have seen 200"
_DISTRIBUTED = re.compile(r"\s*,?\s+(?:each|respectively)\b", re.IGNORECASE)
_EACH = re.compile(r"\s*,?\s+each\b", re.IGNORECASE)


def _together(c: Candidate, m: ent.Mention, q: Quantity, here: SentenceNumbers, text: str) -> bool:
    """A number of several countries named as one list, with no number of each ("Bosnia and
    Herzegovina, Kosovo, and North Macedonia have repatriated a total of 19", "7 citizens of
    Kazakhstan and Uzbekistan"): the smallest group of fixed membership that holds them all,
    or no entity. Returns whether it set the entity (or its blocker)."""
    if m.kind not in ("name", "demonym") or _RESPECTIVELY.search(here.words):
        return False
    named = sorted(
        (
            x
            for x in here.mentions
            if x.kind == m.kind and usable(x) and x.code not in ent.DESTINATIONS
        ),
        key=lambda x: x.start,
    )
    if m not in named:
        return False
    at = named.index(m)
    first = last = at
    while first > 0 and _LIST_JOIN.fullmatch(text, named[first - 1].end, named[first].start):
        first -= 1
    while last + 1 < len(named) and _LIST_JOIN.fullmatch(
        text, named[last].end, named[last + 1].start
    ):
        last += 1
    listed = named[first : last + 1]
    codes = list(dict.fromkeys(x.code for x in listed if x.code))
    if len(codes) < 2 or listed[0].start <= q.start < listed[-1].end:
        return False
    if _DISTRIBUTED.match(text, listed[-1].end):
        return False
    words = text[listed[0].start : listed[-1].end]
    groups = [a for a in AGGREGATES.values() if a.members and set(codes) <= set(a.members)]
    if not groups:
        c.blockers.append(f"counts '{words}' together, no one country")
        return True
    group = min(groups, key=lambda a: len(a.members))
    c.entity, c.entity_explicit, c.entity_tied = group.code, True, False
    c.basis.insert(0, f"{group.code} from '{words}', counted together")
    c.checks.append(f"counts '{words}' together: {group.label} is the smallest group of them all")
    return True


def _part_of(c: Candidate, m: ent.Mention) -> None:
    """Mark to check a count of one part of a country ("405 ... have left Chechnya"): the
    country's figure, with the part as its scope."""
    if m.kind == "part":
        c.checks.append(
            f"counts people of '{m.text}', a part of {entity_names()[m.code]}: say so in its scope"
        )


def _returned_to(q: Quantity, here: SentenceNumbers, text: str) -> ent.Mention | None:
    """The country right after a number ("156 to Uzbekistan") in a sentence of a return: where
    they were brought back to, theirs."""
    # "156 to Uzbekistan", "11 others to Macedonia", "three children to Britain"
    to = re.match(r"\s+(?:[a-z]+\s+){0,3}?to\s+(?:the\s+)?", text[q.end : q.end + 40])
    if not to:
        return None
    place = next((m for m in here.mentions if m.start == q.end + to.end()), None)
    returns = any(x.metric == "returned" and not x.excluded for x in here.cues)
    if place is None or not returns or place.kind != "name" or place.code in ent.DESTINATIONS:
        return None
    # not "190 people with connections to Canada": whom they are tied to
    return None if place.role == "from" else place


def _respectively(q: Quantity, here: SentenceNumbers, text: str) -> ent.Mention | None:
    """In "Belgium, France and Germany count 400, 900 and 760 respectively": the place in the
    same position in the list of places before as the number in its list of numbers."""
    counts = [x for x in here.live if x.kind in ("count", "range")]
    if q not in counts:
        return None
    # the list q belongs to: neighbours joined by "and" or commas
    group = [q]
    i = counts.index(q)
    for j in range(i - 1, -1, -1):
        if re.fullmatch(r"\s*(?:,|,?\s*and|&)\s*", text[counts[j].end : group[0].q_start]):
            group.insert(0, counts[j])
        else:
            break
    for j in range(i + 1, len(counts)):
        if re.fullmatch(r"\s*(?:,|,?\s*and|&)\s*", text[group[-1].end : counts[j].q_start]):
            group.append(counts[j])
        else:
            break
    if len(group) < 2:
        return None
    origins: list[ent.Mention] = []
    for m in here.mentions:
        if (
            m.start < group[0].start
            and id(m) not in here.exclusive
            and usable(m)
            and (not origins or origins[-1].code != m.code)
        ):
            origins.append(m)
    if len(origins) < len(group):
        return None
    origins = origins[-len(group) :]
    return origins[group.index(q)]


def _places_before(mentions: list[ent.Mention]) -> set[str | None]:
    # not Syria's or Iraq's people ("Syrian rebel group"), named as the war's, not ours
    return {m.code for m in mentions if m.code and usable(m) and m.code not in ent.DESTINATIONS}


def _named_just_before(sentence: Sentence, page: Page) -> ent.Mention | None:
    """The one country or group the sentence before names, for "they" with no figure before
    it to refer to ("... four of the Central Asian countries is significant. Together, they
    have repatriated around 2,200 citizens")."""
    if sentence.index == 0:
        return None
    before = page.doc.sentences[sentence.index - 1]
    mentions = page.mentions_in(before.start, before.end)
    codes = _places_before(mentions)
    return next(m for m in mentions if m.code in codes) if len(codes) == 1 else None


def _one_place_named(sentence: Sentence, page: Page) -> ent.Mention | None:
    """The one country or people named before the sentence in its paragraph, else in the
    whole document before it ("This is the fifth mission to repatriate Kyrgyz citizens
    ... In total, about 130 women and 300 children have returned home"); for a state it does
    not name, with none before it, the one named after it in its paragraph."""
    paragraph_start = next(s.start for s in page.doc.sentences if s.paragraph == sentence.paragraph)
    for start in (paragraph_start, 0):
        before = page.mentions_in(start, sentence.start)
        codes = _places_before(before)
        if len(codes) == 1:
            return next(m for m in before if m.code in codes)
        if codes:
            return None
    if _UNNAMED_STATE.search(page.text, sentence.start, sentence.end):
        # "The government has repatriated 21 individuals ... the Maldivian authorities": the
        # one state its paragraph names after it
        end = max(s.end for s in page.doc.sentences if s.paragraph == sentence.paragraph)
        after = [  # "the Maldivian authorities": the state's own institution names it
            m
            for m in page.mentions_in(sentence.end, end)
            if m.code and m.kind in ("name", "demonym") and m.code not in ent.DESTINATIONS
        ]
        codes = {m.code for m in after}
        if len(codes) == 1:
            return next(m for m in after if m.code in codes)
    return None


# A state that a sentence does not name: "The government", "the authorities".
_UNNAMED_STATE = re.compile(
    r"\b[Tt]he (?:government|authorities|interior ministry|security services|police)\b"
)


# "Sweden, Austria and the Netherlands each have seen between 200 and 300 of their citizens
# leave": one figure for each country of the list (`_LIST_JOIN`) before "each".
def each_of_a_list(c: Candidate, q: Quantity, here: SentenceNumbers, text: str) -> list[Candidate]:
    """The same figure for the other countries of a list that "each" distributes it over."""
    if c.blockers or c.entity is None or q.kind not in ("count", "range"):
        return []
    start = here.sentence.start
    before = [m for m in here.mentions if m.end <= q.start and m.kind == "name"]
    listed: list[ent.Mention] = []
    for m in reversed(before):  # the list whose last member "each" follows
        if not listed:
            if _EACH.match(text, m.end) and m.code == c.entity:
                listed.append(m)
            continue
        if _LIST_JOIN.fullmatch(text, m.end, listed[-1].start):
            listed.append(m)
        else:
            break
    if len(listed) < 2 or listed[0].start < start:
        return []
    out = []
    for m in listed[1:]:
        if m.code == c.entity or m.code in ent.DESTINATIONS:
            continue
        out.append(
            dataclasses.replace(
                c,
                entity=m.code,
                basis=[f"{m.code} from '{m.text}', one of the list 'each' follows", *c.basis[1:]],
                checks=[*c.checks, "one figure for each country of a list: check it"],
                blockers=[],
                minus=list(c.minus),
            )
        )
    return out
