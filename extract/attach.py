"""Stage 3a: what the words right after a number say it counts, before any tree is read.

Input: the number (`extract.numbers`), its sentence (`extract.text`) and the places named in it
(`extract.entities`). "five Britons", "40 of whom", "Kosovo (359)", "fighters from Norway",
"212 cases": the person noun, the place, a pronoun, or a noun that is not people. Also the
nouns of people, and the part a whole is the base of ("N out of M").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract import entities as ent
from extract import reading as rd
from extract.grammar import Reading
from extract.numbers import Quantity
from extract.record import Candidate
from extract.text import Sentence, words

PERSON_NOUNS = words(
    """people persons person individuals individual men man women woman children child minors
    minor kids kid boys boy girls girl adults adult youths youth teenagers teenager fighters
    fighter foreigners foreigner nationals national citizens citizen residents resident recruits
    recruit volunteers volunteer jihadis jihadi jihadists jihadist militants militant extremists
    extremist terrorists terrorist returnees returnee returners defectors defector members member
    supporters supporter sympathizers sympathisers combatants combatant travellers travelers
    traveller traveler detainees detainee prisoners prisoner inmates inmate suspects suspect
    convicts cadres cadre mujahideen followers follower operatives operative wives wife widows
    widow husbands husband families family brides bride affiliates soldiers soldier juveniles
    juvenile interviewees interviewee respondents participants subjects defendants muslims
    converts brothers sisters sons daughters friends friend guys mothers fathers offenders
    offender radicals adherents nationalities others islamists islamist salafists salafist
    mercenaries mercenary"""
)
# "Two middle-aged men", "three husbands": a handful of individuals is an anecdote.
INDIVIDUALS = words(
    """people persons person individuals individual men man women woman children child kids
    kid boys boy girls girl adults adult friends friend brothers sisters sons daughters
    husbands husband wives wife guys youths teenagers families mothers fathers students
    student defendants defendant"""
)
_FUNCTION = words(
    """in of and or to from at on for with by as into onto a an the were was are is be been
    being have has had who whom which that than per each more less out up down also still
    already then now later currently reportedly respectively while whereas but so this these
    those there here it its their his her our we they he she i you came went left fled died
    got made became remained stayed arrived did do does will would may might could should
    can must shall not no never all both either"""
)


def is_person(word: str) -> bool:
    """'people', 'returnees', 'IS-supporters', 'men/women'."""
    return any(p in PERSON_NOUNS for p in re.split(r"[/-]", word) if p)


@dataclass
class Attached:
    person: str | None = None  # the person noun after the number
    mention: ent.Mention | None = None  # a demonym/region/aggregate the number counts
    place: ent.Mention | None = None  # "in France", "from 33 countries" right after it
    content: str | None = None  # a noun that is not a person ("baskets")
    pronoun: bool = False  # "40 of whom", "nine of them"
    generic: bool = False  # "foreign fighters", "foreigners"


def attached(q: Quantity, sentence: Sentence, mentions: list[ent.Mention], text: str) -> Attached:
    """What the words after the number, up to the end of its phrase, say it counts."""
    out = Attached()
    end = sentence.end
    by_start = {m.start: m for m in mentions}
    pos = q.end
    so = re.match(r"\s+or so\b", text[pos:end])  # "The 300 or so Americans"
    if so:
        pos += so.end()
    # "Kosovo (359)": a number in brackets right after a place belongs to it
    if text[q.end : q.end + 1] == ")":
        opening = re.search(r"\s*\(\s*$", text[max(sentence.start, q.q_start - 4) : q.q_start])
        if opening:
            edge = q.q_start - len(opening.group(0))
            owner = next((m for m in mentions if m.end == edge), None)
            if owner is not None:
                out.mention = owner
                return out
    # "of the Russians", "of them", "of whom"; "three were Albanians"
    lead = re.match(
        r"\s+(?:of|among|were|are|was)\s+(?:the\s+|these\s+|those\s+|all\s+)?", text[pos:end]
    )
    if lead:
        nxt = pos + lead.end()
        if nxt in by_start:
            out.mention = by_start[nxt]
            _place_after(out, out.mention.end, end, by_start, text)
            return out
        pronoun = re.match(r"(?:them|whom|these|those)\b", text[nxt:end])
        if pronoun and lead.group(0).strip().startswith(("of", "among")):
            out.pronoun = True
            out.person = pronoun.group(0)
            return out
    tokens = re.finditer(r"[A-Za-z][\w’'/-]*|\d[\d,.]*|[^\s\w]", text[pos:end])
    count = 0  # the words read
    for token in tokens:
        word = token.group(0)
        start = pos + token.start()
        if start in by_start:
            out.mention = by_start[start]
            _place_after(out, out.mention.end, end, by_start, text)
            return out
        if word in (",", ".", ";", ":", "!", "?", "(", ")", "[", "]", "—", "–"):
            break
        if not word[0].isalnum():
            continue  # quotes, "+", "#"
        if word[0].isdigit() or word.lower() in ("and", "or", "to"):
            ahead = text[pos + token.end() : pos + token.end() + 12]
            if count == 0 and (word.lower() != "to" or re.match(r"\s*\d", ahead)):
                continue  # "3,417 and 3,244 people", "2000 to 500 a month"
            break  # "sent 90 to stand trial": what they were sent to do
        count += 1
        lowered = word.lower().strip("’'")
        parts = [p for p in re.split(r"[/-]", lowered) if p]
        if any(p in PERSON_NOUNS for p in parts):
            out.person = next(p for p in parts if p in PERSON_NOUNS)
            window = text[q.end : pos + token.end()]
            out.generic = bool(ent.FOREIGN_FIGHTERS.search(window))
            _place_after(out, pos + token.end(), end, by_start, text)
            return out
        if lowered in _FUNCTION and not word.isupper():  # not "IS supporters"
            break
        if count > 4:
            break
        if (
            word[0].isupper()
            or lowered.endswith(("ed", "ing", "ly"))
            or lowered
            in (
                "foreign",
                "other",
                "more",
                "such",
                "former",
                "alleged",
                "suspected",
            )
        ):
            continue  # "ISIS defectors", "returned jihadis", "foreign fighters"
        if out.content is None:
            out.content = lowered
    return out


def _place_after(
    out: Attached, pos: int, end: int, by_start: dict[int, ent.Mention], text: str
) -> None:
    near = re.match(r"\s+(?:from|in)\s+(?:the\s+)?", text[pos:end])
    if near and pos + near.end() in by_start:
        out.place = by_start[pos + near.end()]
    for start, mention in by_start.items():
        if mention.kind == "world" and pos <= start <= pos + 3:  # "from 33 countries"
            out.place = mention


def part(tree: rd.SentenceTree, reading: Reading, made: dict[int, Candidate]) -> Candidate | None:
    """For M in "N out of M", "N of M": the candidate made for N (M is its base). `made` holds
    the sentence's candidates by the index of their number's token."""
    holder = reading.part_of
    if holder is None:
        return None
    if holder.i in made:
        return made[holder.i]
    for index, candidate in made.items():  # "N ... returned ... out of M": N is the verb's
        verb = tree.reading(tree.parsed.doc[index]).verb
        if verb is not None and verb.i == holder.i:
            return candidate
    return None


def share_owner(q: Quantity, mentions: list[ent.Mention], text: str) -> ent.Mention | None:
    """The country whose share a percentage is, named right after it: "50% for the United
    Kingdom, 46% for Denmark"."""
    if q.kind != "share":
        return None
    gap = re.match(r"\s+for\s+(?:the\s+)?", text[q.end : q.end + 12])
    if not gap:
        return None
    start = q.end + gap.end()
    found = next((m for m in mentions if m.start == start), None)
    if found is None or found.kind not in ("name", "demonym") or found.code in ent.DESTINATIONS:
        return None
    return found
