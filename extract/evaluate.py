"""Recall and precision of the candidates against the verified dataset, per document.

    python -m extract.evaluate [--documents DIR] [--texts DIR] [--data DIR]

`--documents` holds the archived documents (named as the sources' `document`); `--texts` holds
copies of the texts of sources read from the web, named `<source id>.txt`, for scoring while you
have them (they are third-party texts: never in the repository).

A recorded figure is found when a candidate has the same entity and the same value (or the same
low and high for a range); a derived figure when a derived candidate of the same method has the
same entity, the same share (or the same parts subtracted) and a base candidate whose value is
the recorded base figure's. Recall = recorded figures found / recorded figures (any candidate
counts; `recall_proposed` counts only the high- and medium-confidence ones). Precision =
proposed candidates that match a recorded figure / proposed candidates (low-confidence ones are
set aside and not counted). Metric agreement = matched figures whose best candidate has the
recorded metric / matched figures.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from returnees.loader import Dataset, default_data_dir, default_documents_dir, load_or_raise
from returnees.schema import Figure, Source


def _close(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(float(a) - float(b)) < 1e-6


def _plotted(record: dict[str, Any]) -> float | None:
    if record.get("value") is not None:
        return float(record["value"])
    if record.get("value_low") is not None and record.get("value_high") is not None:
        return (record["value_low"] + record["value_high"]) / 2
    return record.get("approx_value")


def matches(figure: Figure, dataset: Dataset, record: dict[str, Any], by_id: dict) -> bool:
    """Whether a candidate record (as `returnees candidates --format json` writes it) is the
    recorded figure: same entity and value, or the same derivation."""
    if record.get("entity") != figure.entity:
        return False
    derived = record.get("derived")
    if figure.derived is None:
        if derived:
            return False
        if figure.qualifier == "range":
            return record.get("value_low") == figure.low and record.get("value_high") == figure.high
        return record.get("value") == figure.value
    if not derived or derived.get("method") != figure.derived.method:
        return False
    base = by_id.get(derived.get("of"))
    if base is None or not _close(_plotted(base), dataset.values.get(figure.derived.of)):
        return False
    if figure.derived.method == "share":
        return _close(derived.get("share"), figure.derived.share)
    wanted = sorted(dataset.values[m] for m in figure.derived.minus)
    got = sorted(_plotted(by_id[m]) or 0 for m in derived.get("minus", []) if m in by_id)
    return len(wanted) == len(got) and all(_close(a, b) for a, b in zip(wanted, got, strict=True))


@dataclass
class DocumentScore:
    source: str
    document: str
    recorded: int
    found: list[str] = field(default_factory=list)  # figure ids found by any candidate
    found_proposed: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    proposed: int = 0  # high + medium candidates
    proposed_matching: int = 0
    set_aside: int = 0
    metric_agree: int = 0
    qualifier_agree: int = 0
    extra: list[dict[str, Any]] = field(default_factory=list)  # proposed, matching nothing

    @property
    def recall(self) -> float | None:
        return len(self.found) / self.recorded if self.recorded else None

    @property
    def recall_proposed(self) -> float | None:
        return len(self.found_proposed) / self.recorded if self.recorded else None

    @property
    def precision(self) -> float | None:
        return self.proposed_matching / self.proposed if self.proposed else None

    @property
    def metric_agreement(self) -> float | None:
        return self.metric_agree / len(self.found) if self.found else None


def score(source: str, dataset: Dataset, records: list[dict[str, Any]]) -> DocumentScore:
    figures = [f for f in dataset.figures if f.source == source]
    by_id = {r["id"]: r for r in records}
    result = DocumentScore(
        source, dataset.sources[source].document or f"{source}.txt", len(figures)
    )
    proposed = [r for r in records if r["confidence"] != "low"]
    result.proposed = len(proposed)
    result.set_aside = len(records) - len(proposed)
    matched_records: set[str] = set()
    for figure in figures:
        hits = [r for r in records if matches(figure, dataset, r, by_id)]
        if not hits:
            result.missed.append(figure.id)
            continue
        result.found.append(figure.id)
        best = sorted(hits, key=lambda r: (r["confidence"] == "low", r["metric"] != figure.metric))
        if best[0]["confidence"] != "low":
            result.found_proposed.append(figure.id)
        result.metric_agree += best[0]["metric"] == figure.metric
        result.qualifier_agree += best[0]["qualifier"] == figure.qualifier
        matched_records.update(r["id"] for r in hits)
    result.proposed_matching = sum(1 for r in proposed if r["id"] in matched_records)
    result.extra = [r for r in proposed if r["id"] not in matched_records]
    return result


def text_path(source: Source, documents_dir: Path | None, texts_dir: Path | None) -> Path | None:
    """Where the text of `source` is: its archived document, or a copy named by its id."""
    if source.document:
        path = documents_dir / source.document if documents_dir else None
    else:
        path = texts_dir / f"{source.id}.txt" if texts_dir else None
    return path if path is not None and path.is_file() else None


def evaluate(
    data_dir: Path, documents_dir: Path | None, texts_dir: Path | None = None
) -> list[DocumentScore]:
    from extract.candidates import extract_file
    from extract.output import records

    dataset = load_or_raise(data_dir)
    scores = []
    for source in dataset.sources.values():
        path = text_path(source, documents_dir, texts_dir)
        if path is not None:
            scores.append(score(source.id, dataset, records(extract_file(path, source.id))))
    return scores


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def table(scores: list[DocumentScore]) -> str:
    head = (
        "| document | source | recorded | found (recall) | found by proposed | proposed | "
        "precision | metric agrees | set aside |"
    )
    lines = [head, "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for s in scores:
        lines.append(
            f"| {s.document} | {s.source} | {s.recorded} | {len(s.found)} ({_pct(s.recall)}) | "
            f"{len(s.found_proposed)} ({_pct(s.recall_proposed)}) | {s.proposed} | "
            f"{s.proposed_matching}/{s.proposed} ({_pct(s.precision)}) | "
            f"{s.metric_agree}/{len(s.found)} | {s.set_aside} |"
        )
    recorded = sum(s.recorded for s in scores)
    found = sum(len(s.found) for s in scores)
    proposed = sum(s.proposed for s in scores)
    matching = sum(s.proposed_matching for s in scores)
    lines.append(
        f"| all | | {recorded} | {found} ({_pct(found / recorded if recorded else None)}) | "
        f"{sum(len(s.found_proposed) for s in scores)} | {proposed} | "
        f"{matching}/{proposed} ({_pct(matching / proposed if proposed else None)}) | "
        f"{sum(s.metric_agree for s in scores)}/{found} | {sum(s.set_aside for s in scores)} |"
    )
    for s in scores:
        for figure_id in s.missed:
            lines.append(f"missed: {s.source}: {figure_id}")
        for r in s.extra:
            lines.append(
                f"extra: {s.source}: line {r['locator']['line']}: {r['entity']} {r['metric']} "
                f"{r['as_written']!r} ({r['confidence']})"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extract.evaluate", description=__doc__)
    parser.add_argument("--documents", type=Path, default=default_documents_dir())
    parser.add_argument(
        "--texts", type=Path, help="copies of texts not archived here, named <source id>.txt"
    )
    parser.add_argument("--data", type=Path, default=default_data_dir())
    args = parser.parse_args(argv)
    folders = [f for f in (args.documents, args.texts) if f is not None]
    if not folders or not all(f.is_dir() for f in folders):
        print(
            "error: pass --documents DIR (or set RETURNEES_DOCUMENTS) and/or --texts DIR, "
            "each an existing folder",
            file=sys.stderr,
        )
        return 2
    print(table(evaluate(args.data, args.documents, args.texts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
