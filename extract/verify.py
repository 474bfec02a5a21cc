"""`returnees verify`: every figure's quote checked against its archived document, per source.

The check itself is `returnees.loader.quote_problem` (the quote is in the document, ignoring
typography, and states the figure's number or the derivation's words); this module only runs it
source by source and, for a failure, finds the passage of the document nearest to the quote.
A source read from the web has no archived text here: its figures are counted as not archived
(that each of their quotes states its number is checked on every load), unless a copy of the
text is given (`--texts DIR`, named `<source id>.txt`) whose SHA-256 is the one the source
records: then its quotes are checked against the copy, and a copy that differs fails.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from returnees import quotes
from returnees.loader import Dataset, quote_problem


@dataclass(frozen=True)
class Failure:
    figure_id: str
    where: str  # data file and line of the figure
    message: str
    quote: str
    nearest: str
    similarity: float


@dataclass
class SourceCheck:
    source_id: str
    document: str | None  # None: read from the web, not archived
    checked: int = 0
    passed: int = 0
    not_archived: int = 0  # figures whose source has no archived text to check against
    failures: list[Failure] = field(default_factory=list)
    missing_document: bool = False
    copy_differs: bool = False  # a copy of a text read from the web, but not the text read
    no_figures: str | None = None

    @property
    def ok(self) -> bool:
        return not self.missing_document and not self.copy_differs and self.passed == self.checked


def nearest_passage(quote: str, document: str) -> tuple[str, float]:
    """The passage of `document` most like `quote`, cut at word boundaries, with its
    similarity (0..1). `returnees.quotes.nearest_passage` finds the region with windows a
    quarter of the quote apart; this then moves the start and the end word by word to the
    best fit, so the passage shown starts and ends where the document's words do."""
    coarse, ratio = quotes.nearest_passage(quote, document)
    if not coarse:
        return coarse, ratio
    text = quotes.normalize(document)
    target = quotes.normalize(quote)
    at = text.find(coarse)
    span = len(target)
    lo, hi = max(0, at - span // 2), min(len(text), at + len(coarse) + span // 2)
    # word starts only: after a space (or the very start of the text)
    starts = sorted(
        {lo + m.end() for m in re.finditer(r"\s+", text[lo:hi])} | ({0} if lo == 0 else set())
    )
    starts = starts or [at]
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(target)

    def score(start: int, end: int) -> float:
        matcher.set_seq1(text[start:end])
        return matcher.ratio()

    best_start = max(starts, key=lambda s: score(s, s + span))
    ends = [best_start + span] + [
        best_start + m.start()
        for m in re.finditer(r"\s|$", text[best_start : min(len(text), best_start + 2 * span)])
        if m.start() >= span // 2
    ]
    best_end = max(ends, key=lambda e: score(best_start, e))
    refined = text[best_start:best_end].strip()
    refined_ratio = score(best_start, best_end)
    if refined_ratio < ratio:
        return coarse, ratio
    return refined, refined_ratio


def _figure_lines(data_dir: Path, dataset: Dataset) -> dict[str, str]:
    where: dict[str, str] = {}
    for name in set(dataset.figure_files.values()):
        path = data_dir / name
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for number, line in enumerate(lines, start=1):
            found = re.match(r"\s*-\s*id:\s*(\S+)", line)
            if found:
                where[found.group(1)] = f"{path.as_posix()}:{number}"
    return where


def verify(
    dataset: Dataset, documents_dir: Path, data_dir: Path, texts_dir: Path | None = None
) -> list[SourceCheck]:
    where = _figure_lines(data_dir, dataset)
    checks = []
    for source in dataset.sources.values():
        figures = [f for f in dataset.figures if f.source == source.id]
        copy = texts_dir / f"{source.id}.txt" if texts_dir and not source.document else None
        name = source.document or (copy.name if copy and copy.is_file() else None)
        check = SourceCheck(source.id, name, no_figures=source.no_figures)
        if name is None:
            check.not_archived = len(figures)
            checks.append(check)
            continue
        check.checked = len(figures)
        path = copy or documents_dir / source.document
        if not path.is_file():
            check.missing_document = bool(figures)
            checks.append(check)
            continue
        raw = path.read_bytes()
        if copy is not None and hashlib.sha256(raw).hexdigest() != source.sha256:
            check.copy_differs = True
            checks.append(check)
            continue
        text = raw.decode("utf-8", errors="replace")
        for figure in figures:
            message = quote_problem(figure, text, source.language)
            if message is None:
                check.passed += 1
                continue
            nearest, similarity = nearest_passage(figure.quote, text)
            check.failures.append(
                Failure(
                    figure.id,
                    where.get(figure.id, dataset.figure_files.get(figure.id, "")),
                    message,
                    quotes.normalize(figure.quote),
                    nearest,
                    similarity,
                )
            )
        checks.append(check)
    return checks


def _figures(count: int) -> str:
    return f"{count} figure{'s' if count != 1 else ''}"


def report(checks: list[SourceCheck], documents_dir: Path) -> str:
    lines = []
    for check in checks:
        if check.document is None:
            lines.append(
                f"--   {check.source_id} (not archived here): "
                + (
                    f"{_figures(check.not_archived)} not archived here"
                    if check.not_archived
                    else "no figures" + (" (no_figures given)" if check.no_figures else "")
                )
            )
            continue
        status = "ok" if check.ok else "FAIL"
        head = f"{status:4} {check.source_id} ({check.document}): "
        if check.missing_document:
            lines.append(head + f"{check.checked} figures, document not found in {documents_dir}")
            continue
        if check.copy_differs:
            lines.append(head + "the copy's SHA-256 is not the one recorded: not the text read")
            continue
        if check.checked == 0:
            lines.append(head + "no figures" + (" (no_figures given)" if check.no_figures else ""))
            continue
        lines.append(head + f"{check.checked} checked, {check.passed} passed")
        for failure in check.failures:
            lines.append(f"     {failure.where}: {failure.figure_id}: {failure.message}")
            lines.append(f"       quote:   {failure.quote}")
            lines.append(f"       nearest: {failure.nearest} (similarity {failure.similarity:.2f})")
    checked = sum(c.checked for c in checks)
    passed = sum(c.passed for c in checks)
    missing = sum(1 for c in checks if c.missing_document or c.copy_differs)
    not_archived = sum(c.not_archived for c in checks)
    summary = (
        f"{checked} figures checked against archived documents or copies, {passed} passed, "
        f"{checked - passed} failed; {_figures(not_archived)} not archived here (each quote "
        "states its number: checked on every load)"
    )
    if missing:
        summary += f"; {missing} document(s) missing or not the text read"
    lines.append(summary)
    return "\n".join(lines)
