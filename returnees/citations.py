"""Citation text, built from the models only: pages never type citation text themselves."""

from __future__ import annotations

from collections.abc import Iterable

from returnees import dates
from returnees.loader import Dataset
from returnees.quotes import normalize, number_spans
from returnees.schema import QUALIFIER_WORDS, Figure, Source


def number(value: float) -> str:
    """A count for display: whole numbers with separators, computed shares rounded."""
    return f"{round(value):,}"


def value_text(figure: Figure, value: float) -> str:
    """The figure as the source gives it: 'more than 500', 'between 2,000 and 2,500'."""
    if figure.qualifier == "range":
        return f"between {figure.low:,} and {figure.high:,}"
    words = QUALIFIER_WORDS[figure.qualifier]
    text = f"{words} {number(value)}".strip()
    return f"{text} (computed)" if figure.derived else text


def published_text(source: Source) -> str:
    """The publication date at its real precision, saying when it is not printed."""
    shown = dates.display(source.published.date, source.published.approximate)
    return shown if source.published.printed else f"{shown} (not printed; looked up)"


def as_of(figure: Figure, source: Source) -> str:
    return figure.as_of or source.published.date


def as_of_text(figure: Figure, source: Source) -> str:
    if figure.as_of:
        return dates.display(figure.as_of)
    return dates.display(source.published.date, source.published.approximate)


def authors_text(source: Source) -> str:
    return ", ".join(source.authors) if source.authors else "Author unknown (none printed)"


def short_source(source: Source) -> str:
    """'VICE News (c. 1 Dec 2014)': the form a chart's source line uses."""
    return (
        f"{source.publisher} ({dates.display(source.published.date, source.published.approximate)})"
    )


def full_citation(source: Source) -> str:
    """A reference-list citation: authors, title, publisher, date, address."""
    parts = [
        ", ".join(source.authors) if source.authors else None,
        f"“{source.title}”",
        source.publisher,
        dates.display(source.published.date, source.published.approximate),
        source.url,
    ]
    return ". ".join(p for p in parts if p) + "."


def source_line(dataset: Dataset, figure_ids: Iterable[str]) -> str:
    """The line every chart carries: each source it draws on, its date, and whom it cites."""
    seen: dict[str, set[str]] = {}
    for figure_id in figure_ids:
        figure = dataset.figure(figure_id)
        cited = seen.setdefault(figure.source, set())
        if figure.attributed_to:
            cited.add(figure.attributed_to)
    if not seen:
        return "Source: none (no figures shown)"
    parts = []
    for source_id in sorted(seen, key=lambda s: dataset.sources[s].published.date):
        text = short_source(dataset.sources[source_id])
        if seen[source_id]:
            text += f", citing {', '.join(sorted(seen[source_id]))}"
        parts.append(text)
    label = "Source" if len(parts) == 1 else "Sources"
    return f"{label}: {'; '.join(parts)}. Compiled by Returnee Figures."


def arithmetic(dataset: Dataset, figure: Figure) -> str | None:
    """How a derived value was computed, with the figures it rests on."""
    d = figure.derived
    if d is None:
        return None
    base = dataset.figure(d.of)
    base_text = f"{value_text(base, dataset.values[base.id])} ({base.id})"
    result = number(dataset.values[figure.id])
    if d.method == "share":
        return (
            f"“{d.words}” × {base_text}: {d.share:g} × {dataset.values[base.id]:g} = "
            f"{dataset.values[figure.id]:g}, shown as {QUALIFIER_WORDS[figure.qualifier]} "
            f"{result}. Computed by Returnee Figures."
        ).replace("  ", " ")
    minus = " − ".join(f"{value_text(dataset.figure(m), dataset.values[m])} ({m})" for m in d.minus)
    return f"“{d.words}”: {base_text} − {minus} = {result}. Computed by Returnee Figures."


def quote_segments(dataset: Dataset, figure: Figure) -> list[tuple[str, bool]]:
    """The quote split into (text, is_the_number) pieces, for highlighting as plain text."""
    text = normalize(figure.quote)
    if figure.derived:
        spans = number_spans(text, set(), (figure.derived.words,))
    else:
        wanted = {figure.low, figure.high} if figure.qualifier == "range" else {figure.value}
        spans = number_spans(text, {n for n in wanted if n is not None})
    pieces, cursor = [], 0
    for start, end in spans:
        if start > cursor:
            pieces.append((text[cursor:start], False))
        pieces.append((text[start:end], True))
        cursor = end
    if cursor < len(text):
        pieces.append((text[cursor:], False))
    return pieces


def dataset_citation(dataset: Dataset, digest: str, accessed: str) -> str:
    return (
        f"Returnee Figures: reported numbers of ISIS foreign fighters who travelled, returned and "
        f"were detained ({len(dataset.figures)} figures from {len(dataset.sources)} sources; "
        f"data version {digest[:12]}). Accessed {accessed}."
    )
