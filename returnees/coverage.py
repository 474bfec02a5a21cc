"""What the dataset covers: countries by metric and sources by kind and year (docs/dataset.md's
coverage section is this module's output, kept in step by tests/test_docs.py)."""

from __future__ import annotations

from collections import Counter, defaultdict

from returnees import dates, reference
from returnees.loader import Dataset
from returnees.vocab import METRICS, entity_name, is_aggregate

# Metrics that count what became of returnees in their own country's justice system.
JUSTICE_METRICS = ("detained", "prosecuted", "convicted")


def countries_by_metric(dataset: Dataset) -> dict[str, set[str]]:
    """The countries (not aggregates) with at least one figure of the people its metric counts
    (not one that takes in others too), metric by metric."""
    found: dict[str, set[str]] = defaultdict(set)
    for figure in dataset.figures:
        if not is_aggregate(figure.entity) and not figure.takes_in_others:
            found[figure.metric].add(figure.entity)
    return found


def coverage_markdown(dataset: Dataset) -> str:
    """Markdown tables of the coverage: docs/dataset.md shows exactly this."""
    by_metric = countries_by_metric(dataset)
    travelled, returned = by_metric["travelled"], by_metric["returned"]
    justice = set().union(*(by_metric[m] for m in JUSTICE_METRICS))
    aggregates = sorted({f.entity for f in dataset.figures if is_aggregate(f.entity)})
    lines = [
        f"{len(dataset.figures):,} figures from {len(dataset.sources)} sources "
        f"({sum(1 for s in dataset.sources.values() if s.archived)} archived here).",
        "",
        "| countries with a figure for | countries | codes |",
        "|---|---:|---|",
        _row("travelled or returned", travelled | returned),
        _row("both travelled and returned", travelled & returned),
        _row("detained, prosecuted or convicted", justice),
        *(_row(METRICS[m].label, by_metric[m]) for m in METRICS if by_metric[m]),
        "",
        _others_line(dataset),
        "",
        f"Aggregates with figures: {', '.join(f'`{a}`' for a in aggregates) or 'none'}.",
        "",
    ]
    kinds = sorted({s.kind for s in dataset.sources.values()})
    years: dict[int, Counter[str]] = defaultdict(Counter)
    for source in dataset.sources.values():
        years[dates.parse(source.published.date)[0]][source.kind] += 1
    labels = [kind.replace("_", " ") for kind in kinds]
    lines += [
        f"| sources published in | {' | '.join(labels)} | all |",
        f"|---|{'---:|' * (len(kinds) + 1)}",
    ]
    for year in sorted(years):
        counts = [str(years[year][kind]) if years[year][kind] else "" for kind in kinds]
        lines.append(f"| {year} | {' | '.join(counts)} | {sum(years[year].values())} |")
    return "\n".join(lines) + "\n"


def _others_line(dataset: Dataset) -> str:
    wider = [f for f in dataset.figures if f.takes_in_others]
    codes = ", ".join(sorted({f.entity for f in wider}))
    return (
        f"Not counted above: {len(wider)} figures that take in others too (people who never "
        f"left, another conflict), of {codes or 'no country'}."
    )


def _row(label: str, codes: set[str]) -> str:
    return f"| {label} | {len(codes)} | {', '.join(sorted(codes))} |"


def originators_markdown(dataset: Dataset) -> str:
    """The originators as a Markdown table: whose counts the figures are, of what kind, and
    the standing their figures have (docs/dataset.md shows exactly this)."""
    standings: dict[str, Counter[str]] = defaultdict(Counter)
    for figure in dataset.figures:
        originator = dataset.originators[figure.originator]
        standings[originator.id][reference.figure_standing(dataset, figure)] += 1
    kinds = list(reference.KIND_LABELS)
    ordered = sorted(
        dataset.originators.values(),
        key=lambda o: (kinds.index(o.kind), -sum(standings[o.id].values()), o.name),
    )
    lines = [
        f"{len(dataset.originators)} originators. Figures by standing: "
        + ", ".join(f"{sum(c[s] for c in standings.values())} {s}" for s in reference.STANDINGS)
        + ".",
        "",
        "| originator | id | kind | country | figures | official | research | estimate |",
        "|---|---|---|---|---:|---:|---:|---:|",
    ]
    for o in ordered:
        counts = standings[o.id]
        name = f"[{o.name}]({o.url})" if o.url else o.name
        country = entity_name(o.country) if o.country else ""
        cells = [str(counts[s]) if counts[s] else "" for s in reference.STANDINGS]
        lines.append(
            f"| {name} | `{o.id}` | {o.kind} | {country} | {sum(counts.values())} | "
            f"{' | '.join(cells)} |"
        )
    return "\n".join(lines) + "\n"
