"""Recall and precision of the candidates against figures recorded by hand, per document.

    python -m extract.evaluate [--documents DIR] [--data DIR]          # the archived documents
    python -m extract.evaluate --texts DIR [--split dev|held-out]      # and texts not archived
    python -m extract.evaluate --cases DIR                             # texts of our own

Three kinds of document, one measure:

- the archived documents (`--documents`, default `RETURNEES_DOCUMENTS`): each source with a
  `document` against its figures in `--data`;
- texts not archived here (`--texts DIR`): a source read from the web, with no `document`, is
  scored on `DIR/<source id>.txt` (a scratch copy of the page as read, kept outside the
  repository) against its figures in `--data`. `--split dev` and `--split held-out` keep one
  half of these sources, by the parity of the first byte of the SHA-256 of the source id (so a
  source keeps its half as sources are added), and leave out the archived ones (`--split web`
  keeps all the sources read from the web): rules are tuned on the dev half and measured on the
  held-out half;
- texts of our own (`--cases DIR`): `NAME.txt` against `NAME.expected.yaml` (entries of
  entity, metric, qualifier and value, or low/high, or share and `of`, the base value).

A recorded figure is found when a candidate has the same entity and the same value (or the same
low and high for a range); a derived figure when a derived candidate of the same method has the
same entity, the same share (or the same parts subtracted) and a base candidate whose value is
the recorded base figure's. Recall = recorded figures found / recorded figures (any candidate
counts; "found by proposed" counts only the high- and medium-confidence ones). Precision =
proposed candidates that match a recorded figure / proposed candidates (low-confidence ones are
set aside and not counted); "high precision" the same for the high-confidence ones alone.
Metric agreement = found figures whose best candidate has the recorded metric / found figures.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from returnees.loader import Dataset, default_data_dir, default_documents_dir, load_or_raise
from returnees.schema import Source


@dataclass(frozen=True)
class Wanted:
    """A figure recorded by hand, as the matcher needs it (values, not ids)."""

    id: str
    entity: str
    metric: str
    qualifier: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    method: str | None = None  # share | remainder for a derived figure
    share: float | None = None
    base: float | None = None  # the value of the figure a derived one is computed from
    minus: tuple[float, ...] = ()


def wanted_from_dataset(dataset: Dataset, source: str) -> list[Wanted]:
    out = []
    for f in dataset.figures:
        if f.source != source:
            continue
        d = f.derived
        out.append(
            Wanted(
                f.id,
                f.entity,
                f.metric,
                f.qualifier,
                value=f.value,
                low=f.low,
                high=f.high,
                method=d.method if d else None,
                share=d.share if d else None,
                base=dataset.values.get(d.of) if d else None,
                minus=tuple(sorted(dataset.values[m] for m in d.minus or ())) if d else (),
            )
        )
    return out


def wanted_from_expected(path: Path) -> list[Wanted]:
    """The entries of a `NAME.expected.yaml` (see tests/extract_cases)."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["figures"]
    out = []
    for i, e in enumerate(entries, start=1):
        share = "share" in e
        out.append(
            Wanted(
                f"{path.stem.removesuffix('.expected')}-{i}",
                e["entity"],
                e["metric"],
                e["qualifier"],
                value=e.get("value"),
                low=e.get("low"),
                high=e.get("high"),
                method="share" if share else None,
                share=e.get("share"),
                base=e.get("of"),
            )
        )
    return out


def _close(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(float(a) - float(b)) < 1e-3


def _plotted(record: dict[str, Any]) -> float | None:
    if record.get("value") is not None:
        return float(record["value"])
    if record.get("value_low") is not None and record.get("value_high") is not None:
        return (record["value_low"] + record["value_high"]) / 2
    return record.get("approx_value")


def matches(wanted: Wanted, record: dict[str, Any], by_id: dict[str, dict]) -> bool:
    """Whether a candidate record (as `returnees candidates --format json` writes it) is the
    recorded figure: same entity and value, or the same derivation."""
    if record.get("entity") != wanted.entity:
        return False
    derived = record.get("derived")
    if wanted.method is None:
        if derived:
            return False
        if wanted.qualifier == "range":
            return record.get("value_low") == wanted.low and record.get("value_high") == wanted.high
        return record.get("value") == wanted.value
    if not derived or derived.get("method") != wanted.method:
        return False
    base = by_id.get(derived.get("of"))
    if base is None or not _close(_plotted(base), wanted.base):
        return False
    if wanted.method == "share":
        return _close(derived.get("share"), wanted.share)
    got = sorted(_plotted(by_id[m]) or 0 for m in derived.get("minus", []) if m in by_id)
    return len(wanted.minus) == len(got) and all(
        _close(a, b) for a, b in zip(wanted.minus, got, strict=True)
    )


@dataclass
class DocumentScore:
    source: str
    document: str
    recorded: int
    language: str = "en"
    found: list[str] = field(default_factory=list)  # figure ids found by any candidate
    found_proposed: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    proposed: int = 0  # high + medium candidates
    proposed_matching: int = 0
    high: int = 0
    high_matching: int = 0
    set_aside: int = 0
    metric_agree: int = 0
    qualifier_agree: int = 0
    extra: list[dict[str, Any]] = field(default_factory=list)  # proposed, matching nothing
    wrong_metric: list[str] = field(default_factory=list)  # "id: recorded -> proposed"

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
    def high_precision(self) -> float | None:
        return self.high_matching / self.high if self.high else None

    @property
    def metric_agreement(self) -> float | None:
        return self.metric_agree / len(self.found) if self.found else None


def score_wanted(
    source: str, document: str, wanted: list[Wanted], records: list[dict[str, Any]]
) -> DocumentScore:
    by_id = {r["id"]: r for r in records}
    result = DocumentScore(source, document, len(wanted))
    proposed = [r for r in records if r["confidence"] != "low"]
    result.proposed = len(proposed)
    result.set_aside = len(records) - len(proposed)
    matched_records: set[str] = set()
    for figure in wanted:
        hits = [r for r in records if matches(figure, r, by_id)]
        if not hits:
            result.missed.append(figure.id)
            continue
        result.found.append(figure.id)
        best = sorted(hits, key=lambda r: (r["confidence"] == "low", r["metric"] != figure.metric))
        if best[0]["confidence"] != "low":
            result.found_proposed.append(figure.id)
        result.metric_agree += best[0]["metric"] == figure.metric
        if best[0]["metric"] != figure.metric:
            result.wrong_metric.append(f"{figure.id}: {figure.metric} -> {best[0]['metric']}")
        result.qualifier_agree += best[0]["qualifier"] == figure.qualifier
        matched_records.update(r["id"] for r in hits)
    result.proposed_matching = sum(1 for r in proposed if r["id"] in matched_records)
    high = [r for r in proposed if r["confidence"] == "high"]
    result.high = len(high)
    result.high_matching = sum(1 for r in high if r["id"] in matched_records)
    result.extra = [r for r in proposed if r["id"] not in matched_records]
    return result


def score(source: str, dataset: Dataset, records: list[dict[str, Any]]) -> DocumentScore:
    """A dataset source's candidates against its recorded figures."""
    document = dataset.sources[source].document or f"{source}.txt"
    scored = score_wanted(source, document, wanted_from_dataset(dataset, source), records)
    scored.language = dataset.sources[source].language
    return scored


def _records(path: Path, source: str, language: str = "en") -> list[dict[str, Any]]:
    from extract.candidates import extract_file
    from extract.output import records

    return records(extract_file(path, source, language))


def text_path(source: Source, documents_dir: Path | None, texts_dir: Path | None) -> Path | None:
    """Where the text of `source` is: its archived document, or a copy named by its id."""
    if source.document:
        path = documents_dir / source.document if documents_dir else None
    else:
        path = texts_dir / f"{source.id}.txt" if texts_dir else None
    return path if path is not None and path.is_file() else None


def half_of(source_id: str) -> str:
    """'dev' or 'held-out', from the SHA-256 of the id alone: a source keeps its half as
    sources are added, and no one chooses it."""
    return "dev" if hashlib.sha256(source_id.encode("utf-8")).digest()[0] % 2 == 0 else "held-out"


def split(ids: list[str], half: str | None) -> list[str]:
    """The ids of one half ('dev', 'held-out'; all of them for None or 'web'), sorted."""
    return sorted(i for i in ids if half in (None, "web") or half_of(i) == half)


def evaluate(
    data_dir: Path,
    documents_dir: Path | None,
    texts_dir: Path | None = None,
    half: str | None = None,
) -> list[DocumentScore]:
    """Every source whose text is at hand: archived in `documents_dir`, or a copy in
    `texts_dir`; with `half`, only that half of the sources read from the web."""
    dataset = load_or_raise(data_dir)
    paths = {s.id: text_path(s, documents_dir, texts_dir) for s in dataset.sources.values()}
    found = [s for s, path in paths.items() if path is not None]
    if half is not None:
        web = [s for s in found if not dataset.sources[s].document]
        found = [s for s in found if s in set(split(web, half))]
    return [score(s, dataset, _records(paths[s], s, dataset.sources[s].language)) for s in found]


def evaluate_cases(cases_dir: Path) -> list[DocumentScore]:
    """Every `NAME.txt` with a `NAME.expected.yaml` beside it."""
    scores = []
    for text in sorted(cases_dir.glob("*.txt")):
        expected = text.with_suffix(".expected.yaml")
        if expected.is_file():
            wanted = wanted_from_expected(expected)
            scores.append(score_wanted(text.stem, text.name, wanted, _records(text, "test-case")))
    return scores


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _ratio(a: int, b: int) -> str:
    return f"{a}/{b} ({_pct(a / b if b else None)})"


def table(scores: list[DocumentScore], details: bool = True) -> str:
    head = (
        "| document | source | recorded | found (recall) | found by proposed | proposed | "
        "precision | high precision | metric agrees | set aside |"
    )
    lines = [head, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for s in scores:
        lines.append(
            f"| {s.document} | {s.source} | {s.recorded} | {len(s.found)} ({_pct(s.recall)}) | "
            f"{len(s.found_proposed)} ({_pct(s.recall_proposed)}) | {s.proposed} | "
            f"{_ratio(s.proposed_matching, s.proposed)} | {_ratio(s.high_matching, s.high)} | "
            f"{s.metric_agree}/{len(s.found)} | {s.set_aside} |"
        )
    lines.append(f"| all | | {_totals(scores)} {sum(s.set_aside for s in scores)} |")
    if not details:
        return "\n".join(lines)
    for s in scores:
        for figure_id in s.missed:
            lines.append(f"missed: {s.source}: {figure_id}")
        for wrong in s.wrong_metric:
            lines.append(f"metric: {s.source}: {wrong}")
        for r in s.extra:
            lines.append(
                f"extra: {s.source}: line {r['locator']['line']}: {r['entity']} {r['metric']} "
                f"{r['as_written']!r} ({r['confidence']})"
            )
    return "\n".join(lines)


def _totals(scores: list[DocumentScore]) -> str:
    """The cells from "recorded" to "metric agrees" of scores taken together."""
    recorded = sum(s.recorded for s in scores)
    found = sum(len(s.found) for s in scores)
    proposed = sum(s.proposed for s in scores)
    return (
        f"{recorded} | {_ratio(found, recorded)} | "
        f"{_ratio(sum(len(s.found_proposed) for s in scores), recorded)} | {proposed} | "
        f"{_ratio(sum(s.proposed_matching for s in scores), proposed)} | "
        f"{_ratio(sum(s.high_matching for s in scores), sum(s.high for s in scores))} | "
        f"{_ratio(sum(s.metric_agree for s in scores), found)} |"
    )


def language_table(scores: list[DocumentScore]) -> str:
    """The scores taken together per language of the texts, then all of them."""
    lines = [
        "| language | sources | recorded | found (recall) | found by proposed | proposed | "
        "precision | high precision | metric agrees |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for language in sorted({s.language for s in scores}):
        group = [s for s in scores if s.language == language]
        lines.append(f"| {language} | {len(group)} | {_totals(group)}")
    lines.append(f"| **all** | {len(scores)} | {_totals(scores)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m extract.evaluate",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--documents", type=Path, default=default_documents_dir())
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument(
        "--texts", type=Path, help="copies of texts not archived here, named <source id>.txt"
    )
    parser.add_argument(
        "--split",
        choices=("web", "dev", "held-out"),
        help="only the sources read from the web (--texts), or one half of them",
    )
    parser.add_argument("--cases", type=Path, help="folder of NAME.txt + NAME.expected.yaml")
    parser.add_argument("--summary", action="store_true", help="the table only, no details")
    parser.add_argument(
        "--languages", action="store_true", help="one row a language of the texts, no details"
    )
    args = parser.parse_args(argv)
    if args.cases is not None:
        scores = evaluate_cases(args.cases)
    else:
        folders = [f for f in (args.documents, args.texts) if f is not None]
        if not folders or not all(f.is_dir() for f in folders):
            print(
                "error: pass --documents DIR (or set RETURNEES_DOCUMENTS) and/or --texts DIR, "
                "each an existing folder",
                file=sys.stderr,
            )
            return 2
        scores = evaluate(args.data, args.documents, args.texts, args.split)
    print(language_table(scores) if args.languages else table(scores, details=not args.summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
