"""Throughput of the candidate extractor on the largest archived document, in KB/s.

    python -m benchmarks.extract [--documents DIR] [--repeat N] [--scale K]

Times in one process:

- model: importing spaCy and loading its English pipeline (`extract.parse.pipeline`), once
  per process, printed on its own;
- cold: the first extraction after that, which also builds the name and demonym pattern of
  every country (about 1,100 forms), the dependency patterns and the number and metric patterns;
- warm: the median of N further extractions of the same text (what each next document costs),
  as wall-clock time and as the process's CPU time (on a shared machine the CPU time is the
  extractor's own cost, the wall time includes waiting for the cores);
- scaled: the document repeated K times (blank lines between), once, to show the time grows in
  proportion to the text (no quadratic step).

KB is 1,024 characters of text. The last line is machine-readable:
`document=NAME kb=K model_s=M cold_s=C warm_s=W kb_per_s=R cpu_kb_per_s=P scaled_kb=S
scaled_kb_per_s=T candidates=N`.
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
    from extract.parse import model_name, pipeline

    pipeline()
    model = time.perf_counter() - start

    start = time.perf_counter()
    from extract.candidates import extract_text

    first = extract_text(text, "benchmark", path.name)
    cold = time.perf_counter() - start

    times, cpu = [], []
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        extract_text(text, "benchmark", path.name)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    warm = statistics.median(times)
    warm_cpu = statistics.median(cpu)

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
    print(f"model: spaCy pipeline {model_name()} loaded in {model * 1000:.0f} ms (once a process)")
    print(
        f"cold (first extraction, builds the name, demonym and grammar patterns): "
        f"{cold * 1000:.0f} ms"
    )
    print(
        f"warm: median {warm * 1000:.1f} ms over {args.repeat} runs = {kb / warm:,.0f} KB/s "
        f"(min {min(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms); CPU time "
        f"{warm_cpu * 1000:.1f} ms = {kb / warm_cpu:,.0f} KB/s"
    )
    rate = big_kb / scaled
    print(f"scaled: {args.scale} copies, {big_kb:,.0f} KB in {scaled:.2f} s = {rate:,.0f} KB/s")
    print(
        f"document={path.name} kb={kb:.1f} model_s={model:.3f} cold_s={cold:.3f} "
        f"warm_s={warm:.4f} kb_per_s={kb / warm:.0f} cpu_kb_per_s={kb / warm_cpu:.0f} "
        f"scaled_kb={big_kb:.0f} scaled_kb_per_s={big_kb / scaled:.0f} "
        f"candidates={len(first.candidates)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
