"""From a document's text to candidate figures: one candidate per number that counts people.

For every number (see `extract.numbers`) the extractor decides, in this order:

1. Is it a count at all? Years, dates (also in digits), clock times and time stamps, short page
   lines ("Updated ...", "Photo: ..."), footnote marks, list markers, references ("Table 1"),
   web addresses, money, durations, ages, counts of countries and the word "one" are skipped
   (counted, with why, in `Extraction.skipped`): `extract.sentences`.
2. A number in a table's cell is read by `extract.tables` (its row's entity, its column's
   metric). The sentences that hold the rest are parsed in one pass (`extract.parse`), and the
   grammar (`extract.grammar`, `extract.reading`) ties each number to its noun, its verb and the
   places on them; `extract.attach` reads the words right after the number.
3. Whom does it count? What the tree ties to it ("five Britons", "fighters from Norway",
   "returned to Australia", "Austrian authorities arrested ..."); else a "respectively" list,
   the place named in its clause, then in its sentence; "foreign fighters" with no country is
   WORLD; an anaphor ("Of them", "40 of whom", a share, "the rest") takes the entity of the
   figure it refers to; else the figures or the one country just before it. Syria and Iraq
   named as places are destinations, and a place before "authorities", "Pentagon", "courts"...
   is who speaks: `extract.whom` (places from `extract.entities`).
4. What does it count? The metric cue on the number's verb, else on what describes its noun,
   else on the noun; the tree sets aside hypothetical, intended, negated and other fates
   ("deported"); else the nearest metric word in its clause, its sentence, or (when the entity
   is explicit) the two sentences before: `extract.what` (words from `extract.metrics`). A
   share or "the rest" is computed from the figure before it: `extract.derived`.
5. Is it a figure a careful reader would record? Numbers about the authors' own interview
   sample, a handful of individuals ("two middle-aged men"), things that are not people ("212
   cases"), rates per head of population, or a number with no entity or no metric are kept but
   set aside with `confidence: low` and the reason (`extract.confidence`; victims and other
   fates are set aside with the metric, by `extract.what`); so is a
   number that repeats or refers back to one already proposed ("The five Britons"), once the
   whole document is read (`extract.neighbours`, which also gives a number with no place its
   neighbour's entity).

Confidence: `high` only when the parse ties the entity, the metric and the number together in
one clause; `medium` when something was inferred or is to check (the reason says what: a count
of one period or operation, a table cell, a place elsewhere in the sentence); `low` when set
aside. The quote and who it is attributed to: `extract.quote`. What a candidate holds:
`extract.record`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from extract import (
    attach,
    confidence,
    derived,
    french,
    lexical,
    neighbours,
    quote,
    sentences,
    tables,
    what,
    whom,
)
from extract import reading as rd
from extract.grammar import Reading
from extract.numbers import Quantity, number_style, quantities
from extract.parse import Parsed, parse
from extract.record import Candidate, Extraction, Locator, Skipped
from extract.sentences import Live, Page, SentenceNumbers
from extract.text import Sentence, segment
from returnees.vocab import entity_names

__all__ = [
    "VERSION",
    "Candidate",
    "Extraction",
    "Locator",
    "Skipped",
    "entity_label",
    "extract_file",
    "extract_text",
]

VERSION = "2"

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "})


def extract_file(path: Path, source: str, language: str = "en") -> Extraction:
    """Candidates for a document file (UTF-8; the hash is of its bytes as stored)."""
    raw = path.read_bytes()
    return extract_text(
        raw.decode("utf-8", errors="replace"),
        source,
        path.name,
        sha256=hashlib.sha256(raw).hexdigest(),
        language=language,
    )


def extract_text(
    text: str,
    source: str,
    document: str = "",
    *,
    sha256: str | None = None,
    language: str = "en",
) -> Extraction:
    """Candidates for one document's text (`document` is its file name, for the record) in
    `language` (ISO 639-1): English is parsed; any other is read by `extract.lexical`, and
    French is then parsed to tie what it can (`extract.french`)."""
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    work = text.translate(_SPACES)
    style = number_style(text)
    doc = segment(work)
    if language == "en":
        made, skipped = _read(Page.read(work, doc), quantities(work, style))
    else:
        made, skipped = lexical.read(work, doc, language, style)
        if language == "fr":
            french.tie(work, doc, made)
    _ids(made, source)
    return Extraction(
        source=source,
        document=document,
        sha256=digest,
        characters=len(text),
        number_style=style,
        candidates=made,
        skipped=skipped,
    )


def _read(page: Page, numbers: list[Quantity]) -> tuple[list[Candidate], list[Skipped]]:
    """Every number of the document through the stages: the candidates in text order, and the
    numbers skipped as not counts of people."""
    cells = tables.find(page.text, page.mentions)
    cell_starts = [cell.start for cell in cells]
    spans = sentences.furniture(page.text)
    made: list[Candidate] = []
    skipped: list[Skipped] = []
    samples: set[int] = set()  # the sentences about the authors' own sample
    by_sentence: dict[int, list[Quantity]] = {}
    for q in numbers:
        by_sentence.setdefault(page.doc.sentence_at(q.start).index, []).append(q)
    live: dict[int, list[Quantity]] = {}
    for sentence in page.doc.sentences:
        if confidence.is_sample(sentence, page.text[sentence.start : sentence.end], samples):
            samples.add(sentence.index)
        kept = []
        for q in by_sentence.get(sentence.index, []):
            reason = sentences.skip_reason(q, sentence, page.text, spans)
            cell = tables.cell_at(cells, cell_starts, q.start)
            if reason:
                line, _ = page.doc.line_col(q.start)
                skipped.append(Skipped(q.text, reason, line, q.start))
            elif cell is not None:
                made.append(tables.candidate(q, sentence, cell, page))
            else:
                kept.append(q)
        if kept:
            live[sentence.index] = kept
    # only the sentences that hold a number worth reading are parsed, in one pass
    with_numbers = [page.doc.sentences[i] for i in sorted(live)]
    parsed = parse(page.text, [(s.start, s.end) for s in with_numbers])
    for sentence, tree in zip(with_numbers, parsed, strict=True):
        _sentence(page, sentence, live[sentence.index], tree, made, skipped, samples)
    made.sort(key=lambda c: c.locator.offset)  # text order (tables and wholes wait)
    neighbours.entities_from_neighbours(made, page.doc)
    neighbours.repeats(made, page.text)
    return made, skipped


def _sentence(
    page: Page,
    sentence: Sentence,
    live: list[Quantity],
    parsed: Parsed,
    made: list[Candidate],
    skipped: list[Skipped],
    samples: set[int],
) -> None:
    """The candidates of one parsed sentence's live numbers, added to `made`."""
    mentions = page.mentions_in(sentence.start, sentence.end)
    tree = rd.SentenceTree(parsed, mentions, page.cues_in(sentence.start, sentence.end))
    attached = {id(q): attach.attached(q, sentence, mentions, page.text) for q in live}
    here = SentenceNumbers(
        sentence=sentence,
        words=page.text[sentence.start : sentence.end],
        tree=tree,
        mentions=mentions,
        cues=tree.cues,
        live=live,
        attached=attached,
        exclusive={id(a.mention) for a in attached.values() if a.mention is not None},
    )
    by_token: dict[int, Candidate] = {}  # by the index of the number's token
    tokens = {id(q): tree.token(q.start, q.end) for q in live}
    readings = {id(q): tree.reading(t) for q in live if (t := tokens[id(q)]) is not None}
    for q in sentences.reading_order(live, tokens, readings):
        token, reading = tokens[id(q)], readings.get(id(q))
        candidate = _candidate(page, q, here, reading, by_token, made, samples)
        if isinstance(candidate, Skipped):
            skipped.append(candidate)
            continue
        made.append(candidate)
        if token is not None:
            by_token[token.i] = candidate
        if reading is not None:
            made += what.conjoined(candidate, tree, reading)
        made += whom.each_of_a_list(candidate, q, here, page.text)


def _candidate(
    page: Page,
    q: Quantity,
    here: SentenceNumbers,
    reading: Reading | None,
    by_token: dict[int, Candidate],
    made: list[Candidate],
    samples: set[int],
) -> Candidate | Skipped:
    """One number of a sentence through stages 3 to 5 (the order matters: each stage reads
    what the ones before it decided, and the reason lists what each found in this order)."""
    sentence = here.sentence
    c = sentences.new_candidate(q, sentence, page)
    confidence.not_people(c, q, here, reading, samples, page.text)
    sentences.approximate(c, q, here, reading)
    n = Live(
        q=q,
        clause=sentence.clause_of(q.start),
        reading=reading,
        part=attach.part(here.tree, reading, by_token) if reading is not None else None,
        partner=neighbours.partner(q, made),
    )
    whom.entity(c, n, here, page, made)
    what.metric(c, n, here, page, made)
    confidence.elsewhere(c, q, n.clause, here)
    confidence.anecdote(c, q, here, reading)
    confidence.breakdown(c, q, here, reading, made)
    confidence.operation(c, q, here)
    confidence.what_they_are(c, q, here)
    confidence.never_left(c, q, here)
    if q.kind == "share":
        owned = attach.share_owner(q, here.mentions, page.text) is not None
        derived.share(c, q, sentence, made, page.text, owned)
    elif q.kind == "remainder" and not derived.remainder(c, q, sentence, made, page.text):
        reason = "'the rest' with no total before it in its sentence"
        return Skipped(q.text, reason, c.locator.line, q.start)
    confidence.settle(c, reading)
    c.quote = quote.quote_for(c, q, sentence, page)
    c.attributed_to = quote.attribution(c.quote)
    confidence.quote_check(c, q)
    return c


def _ids(made: list[Candidate], source: str) -> None:
    """Name every candidate (source, entity, metric) and point derived ones at their base."""
    prefix = source.split("-")[0] if source else "candidate"
    used: dict[str, int] = {}
    # proposed candidates get the plain ids, set-aside ones the numbered ones
    for c in sorted(made, key=lambda c: c.confidence == "low"):
        base = f"{prefix}-{(c.entity or 'unknown').lower()}-{c.metric or 'unknown'}"
        base = base.replace("_", "-")
        used[base] = used.get(base, 0) + 1
        c.id = base if used[base] == 1 else f"{base}-{used[base]}"
    for c in made:
        if c.derived is not None and c.base is not None:
            c.derived["of"] = c.base.id
            if c.derived["method"] == "remainder":
                c.derived["minus"] = [p.id for p in c.minus]


def entity_label(code: str | None) -> str:
    return entity_names().get(code, "") if code else ""
