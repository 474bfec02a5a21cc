"""Throughput of the candidate extractor on the largest archived document, in KB/s.

    python -m benchmarks.extract [--documents DIR] [--repeat N] [--scale K]

Times in one process:

- cold: the first extraction, which also builds the name and demonym pattern of every country
  (about 1,100 forms) and compiles the number and metric patterns;
- warm: the median of N further extractions of the same text (what each next document costs);
- scaled: the document repeated K times (blank lines between), once, to show the time grows in
  proportion to the text (no quadratic step).

KB is 1,024 characters of text. The last line is machine-readable:
`document=NAME kb=K cold_s=C warm_s=W kb_per_s=R scaled_kb=S scaled_kb_per_s=T candidates=N`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from returnees.loader import default_documents_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.extract", description=__doc__)
    parser.add_argument("--documents", type=Path, default=default_documents_dir())
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--scale", type=int, default=16)
    args = parser.parse_args(argv)
    if args.documents is None or not args.documents.is_dir():
        print("error: pass --documents DIR or set RETURNEES_DOCUMENTS", file=sys.stderr)
        return 2
    documents = sorted(args.documents.glob("*.txt"), key=lambda p: p.stat().st_size)
    if not documents:
        print(f"error: no .txt documents in {args.documents}", file=sys.stderr)
        return 2
    path = documents[-1]
    text = path.read_text(encoding="utf-8", errors="replace")
    kb = len(text) / 1024

    start = time.perf_counter()
    from extract.candidates import extract_text  # the import is part of a cold start

    first = extract_text(text, "benchmark", path.name)
    cold = time.perf_counter() - start

    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        extract_text(text, "benchmark", path.name)
        times.append(time.perf_counter() - start)
    warm = statistics.median(times)

    big = "\n\n".join([text] * args.scale)
    start = time.perf_counter()
    extract_text(big, "benchmark", path.name)
    scaled = time.perf_counter() - start
    big_kb = len(big) / 1024

    levels = {level: 0 for level in ("high", "medium", "low")}
    for candidate in first.candidates:
        levels[candidate.confidence] += 1
    print(f"document: {path.name} ({kb:.1f} KB, the largest in {args.documents})")
    print(
        f"candidates: {levels['high']} high, {levels['medium']} medium, {levels['low']} set "
        f"aside; {len(first.skipped)} numbers skipped"
    )
    print(f"cold (first call, builds the country and demonym pattern): {cold * 1000:.0f} ms")
    print(
        f"warm: median {warm * 1000:.1f} ms over {args.repeat} runs = {kb / warm:,.0f} KB/s "
        f"(min {min(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms)"
    )
    rate = big_kb / scaled
    print(f"scaled: {args.scale} copies, {big_kb:,.0f} KB in {scaled:.2f} s = {rate:,.0f} KB/s")
    print(
        f"document={path.name} kb={kb:.1f} cold_s={cold:.3f} warm_s={warm:.4f} "
        f"kb_per_s={kb / warm:.0f} scaled_kb={big_kb:.0f} scaled_kb_per_s={big_kb / scaled:.0f} "
        f"candidates={len(first.candidates)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
