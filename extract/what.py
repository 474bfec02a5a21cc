"""Stage 3c: what a number counts, its metric (travelled, returned, detained ...).

Input: the sentence's parse and metric words (`SentenceNumbers`, from `extract.sentences`; the
words are `extract.metrics`'), the number's reading in the tree (`extract.reading`), and the
earlier sentences' metric words (`Page`). In this order: "a month" after a count of fighters;
the cue the tree ties to the number (its verb, what describes its noun, the noun itself), which
may set it aside (hypothetical, negated, another fate); else the nearest cue in the words the
number owns in its clause, unless victims are nearer; else a cue in its sentence; else (when the
entity is explicit) the two sentences before; else the other end of its change. Also: a figure
for each verb of another metric conjoined with its own.
"""

from __future__ import annotations

import dataclasses
import re

from extract import attach, neighbours
from extract import entities as ent
from extract import metrics as met
from extract import reading as rd
from extract.grammar import Reading
from extract.numbers import Quantity
from extract.record import Candidate
from extract.sentences import Live, Page, SentenceNumbers
from extract.text import is_list_item, words

# Cues that are the counted noun itself ("128 returnees"), not what happened to them.
_NOUN_CUES = words("returnees returnee detainees detainee arrests convictions prosecutions")
# A cue in a relative clause ("Eleven people, who travelled to Syria, have returned") says who
# they are; the clause's own verb says what the number counts, as in the parse's reading.
_RELATIVE = re.compile(
    r"\b(?:who|which)\s+(?:(?:had|have|has)\s+(?:been\s+)?|(?:were|was|are|is)\s+)?$", re.I
)


_FIGHTERS_A_MONTH = re.compile(
    r"\s+(?:foreign\s+)?(?:fighters|recruits|jihadists)\s+(?:a|per|each|every)\s+month\b", re.I
)


def metric(c: Candidate, n: Live, here: SentenceNumbers, page: Page, made: list[Candidate]) -> None:
    """Set the candidate's metric, with how it was found (or a blocker: victims, a verb that
    says they did not or will not)."""
    _metric(c, n, here, page)
    if c.metric is None and not c.blockers and c.entity_explicit and is_list_item(here.words):
        _list_metric(c, here, made)
    if c.metric is None and not c.blockers and c.entity_explicit and _COMPARED.search(here.words):
        _compared_metric(c, here, made)
    if not c.blockers and _CONTINUES.match(here.words) and _PART_OF_NEXT.match(page.text, n.q.end):
        _included_metric(c, here, made)
    if c.metric == "travelled" and not c.blockers:
        _went_and_came_back(c, n, here, page.text)
    partner = n.partner
    if c.metric is None and partner is not None and partner.metric and not c.blockers:
        c.metric, c.metric_explicit = partner.metric, True
        c.basis.append(f"{partner.metric} from the other end of its change")
        c.checks.append("metric taken from the other end of its change")


# "an estimated 400 British citizens have joined Daesh ... before returning to the UK": they
# went, and these came back
_CAME_BACK_AFTER = re.compile(
    r"\bbefore (?:returning|coming back|coming home|going back|heading (?:back|home))\b|"
    r"\b(?:and|but) (?:have |has |had )?(?:since|later|then|subsequently) (?:returned|come back|"
    r"came back)\b",
    re.IGNORECASE,
)


def _went_and_came_back(c: Candidate, n: Live, here: SentenceNumbers, text: str) -> None:
    """A count of those who went, whose clause says they came back afterwards: returned."""
    end = min([n.clause[1], *(q.start for q in here.live if q.start > n.q.end)])
    back = _CAME_BACK_AFTER.search(text, n.q.end, end)
    if back is None:
        return
    c.metric, c.metric_tied = "returned", False
    c.basis = [b for b in c.basis if not b.startswith("travelled from")]
    c.basis.append(f"returned from '{back.group(0)}' (they went, then came back)")
    c.checks.append(f"counts those who went and came back ('{back.group(0)}'): check it")


def _metric(c: Candidate, n: Live, here: SentenceNumbers, page: Page) -> None:
    q, clause, reading = n.q, n.clause, n.reading
    text, sentence, cues, live = page.text, here.sentence, here.cues, here.live
    clause_text = text[clause[0] : clause[1]]
    in_clause = [x for x in cues if clause[0] <= x.start < clause[1]]
    travel_context = any(x.metric == "travelled" and not x.excluded for x in cues) or bool(
        ent.FOREIGN_FIGHTERS.search(here.words)
    )
    rate = met.RATE.search(clause_text)
    # "roughly 500 fighters per month": fighters by the month are arrivals
    travel_context = travel_context or bool(_FIGHTERS_A_MONTH.match(text, q.end))
    if rate and travel_context and q.kind in ("count", "range"):
        c.metric = "travelling_per_month"
        c.metric_explicit = True
        c.metric_tied = rate.start() + clause[0] - q.end <= 20  # "2,000 a month"
        c.basis.append(f"travelling_per_month from '{rate.group(0)}'")
        return
    whose = _of_whom(q, clause, in_clause, text)
    if whose is not None:  # "102 Malaysians ..., 11 of whom have since returned"
        c.metric, c.metric_explicit, c.metric_tied = whose.metric, True, True
        c.basis.append(f"{whose.metric} from '{whose.text}' (the verb of 'of whom')")
        return
    if reading is not None and _tree_metric(c, q, clause, here.tree, reading, n.part, text):
        return
    silent = rd.verb_says_nothing(reading) if reading is not None else None
    if silent is not None:
        c.checks.append(f"its verb '{silent}' says none of the metrics: metric from nearby words")
    (after_start, after_end), (before_start, before_end) = _windows(q, clause, live, text)
    chosen = None
    for start, end in ((after_start, after_end), (before_start, before_end)):
        window = [x for x in in_clause if start <= x.start < end]
        victims = list(met.VICTIMS.finditer(text, start, end))
        pick = _nearest(q, _verbs_first([x for x in window if not x.excluded], text), True)
        if victims:
            victim = min(victims, key=lambda m: _distance(q, m.start(), m.end()))
            if (
                pick is None
                or pick.weak
                or _distance(q, victim.start(), victim.end()) < (_distance(q, pick.start, pick.end))
            ):
                c.blockers.append(f"counts victims or deaths ('{victim.group(0)}')")
                return
        if pick is None and window and all(x.excluded for x in window):
            c.blockers.append(f"its verb is {window[0].excluded}")
            return
        if pick is not None and (pick.weak or pick.text.lower() in _NOUN_CUES):
            verb = _verb_before(q, in_clause, before_start)
            if verb is not None:  # "courts convicted 26 of the returnees"
                pick = verb
        if pick is not None:
            chosen = pick
            break
    if chosen is None:
        # cues in clauses that hold another number belong to that number
        owned = {sentence.clause_of(x.start) for x in live if x is not q}
        pool = [x for x in cues if not x.excluded and sentence.clause_of(x.start) not in owned]
        chosen = _nearest(q, _verbs_first(pool, text), weak_last=True)
        if chosen is None and q.kind in ("count", "range"):
            # "50 Serbian citizens joined ISIS, while Montenegro counts 23 nationals"
            # but not "600 nationals in Syria, of which 50 were detained": a part's verb
            parts = {
                sentence.clause_of(x.start)
                for x in live
                if x is not q
                and neighbours.ANAPHORA.search(text[slice(*sentence.clause_of(x.start))])
            }
            pool = [x for x in cues if not x.excluded and sentence.clause_of(x.start) not in parts]
            chosen = _nearest(q, pool, weak_last=True)
            if chosen is not None:
                c.checks.append(
                    f"metric from '{chosen.text}', the verb of another number in its sentence"
                )
    if chosen is not None:
        c.metric = chosen.metric
        c.metric_explicit = True
        c.basis.append(f"{chosen.metric} from '{chosen.text}'")
        if chosen.weak:
            c.checks.append(f"no verb says what it counts: '{chosen.text}' read as {c.metric}")
        return
    refers_back = neighbours.ANAPHORA_START.match(here.words) or neighbours.ANAPHORA.search(
        here.words
    )
    if not c.entity_explicit or c.blockers:
        return
    if q.kind == "share" and attach.share_owner(q, here.mentions, text) is None:
        # "Around 40 percent of the Montenegrins are women and children": what the
        # people are, not what they did ("These numbers are 50% for the United Kingdom"
        # continue the sentences before)
        c.blockers.append("a share with no verb of its own saying what it counts")
        return
    for back in (1, 2):
        index = sentence.index - back
        if index < 0:
            break
        earlier = page.doc.sentences[index]
        if earlier.paragraph != sentence.paragraph and not refers_back:
            break  # a new paragraph borrows a verb only when it refers back ("The group")
        there = page.cues_in(earlier.start, earlier.end)
        pool = [x for x in there if not x.excluded and not x.weak]
        if not pool and back == 1 and earlier.paragraph == sentence.paragraph:
            # "... foreign fighters are coming from France ... The next largest numbers
            # are from Germany (up from 240 to 600)": the paragraph counts fighters
            pool = [x for x in there if not x.excluded]
        if pool:
            best = min(pool, key=lambda x: met.SPECIFICITY[x.metric])
            c.metric = best.metric
            c.basis.append(f"{best.metric} from '{best.text}' ({back} sentence(s) before)")
            c.checks.append(
                f"metric taken from an earlier sentence ('{best.text}'): check it applies"
            )
            return


_OF_WHOM = re.compile(r"\s+(?:of|among)\s+(?:whom|which)\b")


def _of_whom(q: Quantity, clause: tuple[int, int], cues: list, text: str) -> met.Cue | None:
    """The first cue after "N of whom": the relative clause's verb is the number's (the parse
    sometimes makes N the object of the verb before it)."""
    lead = _OF_WHOM.match(text, q.end, clause[1])
    if lead is None:
        return None
    after = [x for x in cues if x.start >= lead.end() and not x.weak]
    first = min(after, key=lambda x: x.start, default=None)
    return first if first is not None and not first.excluded else None


# A sentence that sets its numbers beside the figures before it, with no verb of its own: "From
# Denmark, Norway and Finland, the comparable numbers are 90, 40 and 30 respectively"; "This is
# more than ... such as Ireland (30), Switzerland (40)".
_COMPARED = re.compile(
    r"\b(?:comparable|corresponding|compared (?:with|to)|such as|likewise|similarly|"
    r"(?:this|that) is (?:more|less|fewer|higher|lower) than)\b",
    re.IGNORECASE,
)


def _figure_before(c: Candidate, made: list[Candidate], first: int, last: int) -> Candidate | None:
    """The last figure proposed with a metric before `c`, in sentences `first` to `last`."""
    before = [
        m
        for m in made
        if m.metric
        and m.confidence != "low"
        and first <= m.sentence <= last
        and m.locator.offset < c.locator.offset
    ]
    return max(before, key=lambda m: m.locator.offset) if before else None


def _compared_metric(c: Candidate, here: SentenceNumbers, made: list[Candidate]) -> None:
    """The metric of the last figure proposed before it, in its sentence or the one before."""
    last = _figure_before(c, made, here.sentence.index - 1, here.sentence.index)
    if last is None:
        return
    c.metric = last.metric
    c.basis.append(f"{last.metric} from the figure it is set beside ('{last.as_written}')")
    c.checks.append("set beside the figure before it: metric taken from that one: check it")


# "This included ... 400 of the 3,417 fighters from Russia, 760 of the 3,244 from Saudi
# Arabia": the parts of wholes that a sentence counts into the figure before it (the 5,600 who
# returned) are what that figure counts; the words after each whole say who the whole are.
_CONTINUES = re.compile(r"^\W*(?:This|These|That|Those|They|It)\s+(?:also\s+)?includ", re.I)
_PART_OF_NEXT = re.compile(
    r"\s+(?:of|out of)\s+(?:the|its|their)\s+(?:some\s+|about\s+|nearly\s+)?\d[\d,.]*"
)


def _included_metric(c: Candidate, here: SentenceNumbers, made: list[Candidate]) -> None:
    last = _figure_before(c, made, here.sentence.index - 2, here.sentence.index - 1)
    if last is None or last.metric == c.metric:
        return
    c.metric, c.metric_explicit = last.metric, True
    c.basis.append(f"{last.metric} from the figure its sentence counts it in ('{last.as_written}')")
    c.checks.append("a part its sentence counts into the figure before: metric taken from it")


# A list item ("• Germany: ~915,") takes the metric of the figures its list continues, this
# many sentences back at most (its lead-in, "the numbers for these countries are:", may say none).
LIST_LOOKBACK = 4


def _list_metric(c: Candidate, here: SentenceNumbers, made: list[Candidate]) -> None:
    index = here.sentence.index
    last = _figure_before(c, made, index - LIST_LOOKBACK, index - 1)
    if last is None:
        return
    c.metric = last.metric
    c.basis.append(f"{last.metric} from the figure its list continues ('{last.as_written}')")
    c.checks.append("a list item: metric taken from the figures before the list: check it")


# A whole named first, its part after it: "Of over 4,000 Europeans who had gone ..., 30 percent
# returned". The main verb is the part's; the whole's people are what describes them.
_FRONTED_WHOLE = re.compile(
    r"^\W*(?:Of|Out of|Among)\s+(?:the\s+)?(?:more than|over|about|around|some|nearly|almost|"
    r"an estimated|at least|up to)?\s*$"
)


def _tree_metric(
    c: Candidate,
    q: Quantity,
    clause: tuple[int, int],
    tree: rd.SentenceTree,
    reading: Reading,
    part: Candidate | None,
    text: str,
) -> bool:
    """The metric the parse ties to the number; True when it decided (or set it aside)."""
    fronted = _FRONTED_WHOLE.search(text[clause[0] : q.start])
    if reading.part_of is not None or fronted:  # M in "N out of M", "half the 700 Britons",
        # "Of over 4,000 Europeans who had gone ..., 30 percent returned": those who went,
        # unless its noun says more
        whole_of = (
            part.as_written
            if part is not None
            else (reading.part_of.text if reading.part_of is not None else q.text)
        )
        choice = rd.noun_metric(tree, reading) or rd.MetricChoice(
            "travelled", f"travelled: the whole of '{whole_of}'", True
        )
    else:
        choice = rd.metric(tree, reading)
    if choice is None:
        return False
    if choice.blocker:
        c.blockers.append(choice.blocker)
        return True
    own = _across_a_dash(q, clause, tree, reading, text)
    if own is not None and own.metric is not None and own.metric != choice.metric:
        c.metric, c.metric_explicit = own.metric, True
        c.basis.append(own.how)
        c.checks.append(
            f"the parse ties it to '{reading.verb}' across a dash: metric from its own words"
        )
        return True
    c.metric, c.metric_explicit, c.metric_tied = choice.metric, True, choice.tied
    c.basis.append(choice.how)
    verb = reading.verb
    if (
        choice.tied
        and verb is not None
        and reading.part_of is None
        and not choice.how.endswith(f"({reading.verb_via})")
        and reading.verb_via not in ("noun-attribute-of-verb", "noun-of-event")
        and not any(child.dep_ == "expl" for child in verb.children)
    ):  # "Some 30 Dutch jihadists who went to join ... are on their way back"
        c.metric_tied = False
        c.checks.append(
            f"its metric is what describes its noun; its verb ('{verb.text}') says what "
            "else they are or did: check it counts them all"
        )
    return True


def _across_a_dash(
    q: Quantity, clause: tuple[int, int], tree: rd.SentenceTree, reading: Reading, text: str
) -> rd.MetricChoice | None:
    """In "Britain – 850 left – 425 returned" the parser often ties one fragment's number
    to the next fragment's verb: a number in a fragment between dashes whose next word is
    a verb of ours takes that verb."""
    verb = reading.verb
    if verb is None or clause[0] <= tree.parsed.start(verb) < clause[1]:
        return None
    edges = text[max(0, clause[0] - 3) : clause[0]] + text[clause[1] : clause[1] + 3]
    if not re.search(r"[–—]|\s-\s", edges):
        return None
    after = [t for t in tree.parsed.tokens(q.end, clause[1]) if not t.is_space][:1]
    return rd.cue_choice(tree, after[0], "its own words") if after else None


def _windows(
    q: Quantity, clause: tuple[int, int], live: list[Quantity], text: str
) -> tuple[tuple[int, int], tuple[int, int]]:
    """The words a number owns in its clause: after it up to the next number ("120 have
    returned and about 150 ... died"), and before it back to the previous number that is
    not in the same list ("returnees at 900 and 800 people")."""
    others = sorted(
        (x for x in live if x is not q and clause[0] <= x.start < clause[1]),
        key=lambda x: x.start,
    )
    after_end = next((x.q_start for x in others if x.start >= q.end), clause[1])
    before_start = clause[0]
    edge = q.q_start
    for x in reversed([x for x in others if x.end <= q.q_start]):
        if re.fullmatch(r"\s*(?:,|and|or|&|to|-|–)?\s*(?:and\s*)?", text[x.end : edge]):
            edge = x.q_start  # same list: its words before it are ours too
            continue
        before_start = x.end
        break
    return (q.end, after_end), (before_start, q.q_start)


def _verb_before(q: Quantity, in_clause: list[met.Cue], before_start: int) -> met.Cue | None:
    verbs = [
        x
        for x in in_clause
        if before_start <= x.start
        and x.end <= q.q_start
        and q.q_start - x.end <= 25
        and not x.excluded
        and not x.weak
        and x.text.lower() not in _NOUN_CUES
    ]
    return max(verbs, key=lambda x: x.end) if verbs else None


def _verbs_first(cues: list[met.Cue], text: str) -> list[met.Cue]:
    """The cues that are not in a relative clause, if any; else all of them."""
    own = [x for x in cues if not _RELATIVE.search(text, max(0, x.start - 40), x.start)]
    return own or cues


def _nearest(q: Quantity, cues: list[met.Cue], weak_last: bool) -> met.Cue | None:
    if not cues:
        return None
    strong = [x for x in cues if not x.weak]
    pool = strong if (weak_last and strong) else cues
    return min(pool, key=lambda x: _distance(q, x.start, x.end))


def _distance(q: Quantity, start: int, end: int) -> float:
    """How far words are from a number; words after it (its verb) count as nearer."""
    if start >= q.end:
        return start - q.end
    return (q.q_start - end) * 1.2 + 3


def conjoined(c: Candidate, tree: rd.SentenceTree, reading: Reading) -> list[Candidate]:
    """'9 of whom were arrested and charged': one number, a figure for each verb of
    another metric conjoined with its own (a conjunct with its own subject is another
    clause: '117 returned and 74 were killed')."""
    verb = reading.verb
    if verb is None or c.blockers or c.derived is not None or not c.metric_explicit:
        return []
    out: list[Candidate] = []
    for other in verb.children:
        if other.dep_ != "conj" or other.pos_ != "VERB":
            continue
        if any(g.dep_ in ("nsubj", "nsubjpass") for g in other.children):
            continue
        if any(
            g.dep_ == "dobj" and any(t.like_num for t in g.subtree) for g in other.children
        ):  # "arrested 120 ... and sent 90 to stand trial": the other verb has its own number
            continue
        choice = rd.cue_choice(tree, other, "conjoined with its verb")
        theirs = choice.metric if choice is not None else None
        if theirs is None or theirs == c.metric or theirs in {o.metric for o in out}:
            continue
        twin = dataclasses.replace(
            c,
            metric=theirs,
            basis=[*c.basis[:-1], choice.how],
            checks=list(c.checks),
            blockers=[],
            minus=list(c.minus),
        )
        out.append(twin)
    return out
