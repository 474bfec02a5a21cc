"""Stage 3d: derived figures, a share of a figure before it or the rest of a total.

Input: a share ("around half", "15%") or "the rest" (`extract.numbers`), whose entity and
metric the earlier stages have read, and the candidates made before it (`made`, in text order).
A share is of the last proposed figure of its people within two sentences (for a share that
returned, a travelled figure before one further down the pipeline); the rest is its sentence's
first figure less the others.
"""

from __future__ import annotations

from extract.numbers import Quantity
from extract.record import Candidate
from extract.text import Sentence

# The stages people go through, in order: a share is of a figure of an earlier stage.
PIPELINE = (
    "travelled",
    "returned",
    "detained",
    "prosecuted",
    "convicted",
    "released_on_probation",
    "imprisoned_by_isis",
    "travelling_per_month",
)


def share(
    c: Candidate,
    q: Quantity,
    sentence: Sentence,
    made: list[Candidate],
    text: str,
    owned: bool = False,
) -> None:
    """Make the candidate a share of the figure before it (or set it aside when there is none).
    A share `owned` by a country named for it ("50% for the United Kingdom") is of that
    country's figure anywhere before it."""
    fraction = q.share
    words = " ".join(text[q.q_start : q.end].split())
    pool = [
        m
        for m in made
        if (owned or m.sentence >= sentence.index - 2)
        and m.derived is None
        and m.confidence != "low"
        and m.plotted is not None
    ]
    if c.entity:
        pool = [m for m in pool if m.entity == c.entity]
    if c.metric in PIPELINE:
        rank = PIPELINE.index(c.metric)
        earlier = [m for m in pool if m.metric in PIPELINE[:rank]]
        pool = earlier or pool
    if not pool:
        c.blockers.append(f"a share ('{words}') of no figure given before it")
        return
    base = pool[-1]
    c.base = base
    c.entity = base.entity
    c.entity_explicit = True
    if not any(b.startswith(f"{base.entity} from") for b in c.basis):
        c.basis.insert(0, f"{base.entity} from the figure it is a share of")
    c.blockers = [b for b in c.blockers if not b.startswith("no country")]
    c.derived = {"method": "share", "of": None, "share": fraction, "words": words}
    c.approx_value = round(base.plotted * fraction, 6)
    of = f"{base.as_written or base.value} (line {base.locator.line})"
    c.checks.append(
        f"a share: all of {of}"
        if fraction == 1
        else f"a share: {fraction:g} of {of} is about {c.approx_value:g}"
    )


def remainder(
    c: Candidate, q: Quantity, sentence: Sentence, made: list[Candidate], text: str
) -> bool:
    """Make the candidate the rest of its sentence's total; False when there is no total
    larger than the other figures of its sentence."""
    same = [
        m
        for m in made
        if m.sentence == sentence.index
        and m.derived is None
        and m.confidence != "low"
        and m.value is not None
    ]
    if len(same) < 2:
        return False
    total, parts = same[0], same[1:]
    if total.value <= sum(p.value for p in parts):
        return False
    c.base, c.minus = total, parts
    c.entity = total.entity
    c.entity_explicit = True
    c.basis.insert(0, f"{total.entity} from the total it is the rest of")
    c.blockers = [b for b in c.blockers if not b.startswith("no country")]
    words = " ".join(text[q.start : q.end].split())
    c.derived = {"method": "remainder", "of": None, "minus": [], "words": words}
    c.approx_value = float(total.value - sum(p.value for p in parts))
    if any(p.qualifier != "exact" for p in [total, *parts]):
        c.qualifier = "about"
    c.checks.append(
        f"a remainder: {total.value} - {' - '.join(str(p.value) for p in parts)} "
        f"= {c.approx_value:g}"
    )
    return True
