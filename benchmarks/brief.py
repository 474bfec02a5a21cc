"""Time to build the briefing pack (PDF) for 1 and for 10 countries.

    python -m benchmarks.brief [--data DIR] [--repeat N] [--sizes 1,10]

The countries are those with the most figures in the dataset (travelled, returned and
detained, the pack's default metrics), the largest first; each size is built N times in
(kaleido starts its own Chromium each time, as the page and
the CLI do) and the median is printed, split into its steps: plan (pure Python), charts (the
Plotly figures drawn by Chromium through kaleido, browser start included), html, and pdf
(WeasyPrint's layout). The last line is machine-readable:
`countries=1 ... total_s=T pages=P; countries=10 ... total_s=T pages=P`.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from returnees import brief
from returnees.frames import figures_frame
from returnees.loader import default_data_dir, load_dataset

STEPS = ("plan", "charts", "html", "pdf")


def build(dataset, frame, entities, digest) -> tuple[dict[str, float], bytes]:
    """One pack of `entities`, timed step by step (what `brief.pdf` does)."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    pack = brief.plan(dataset, frame, entities, brief.default_metrics(frame), digest, date.today())
    times["plan"] = time.perf_counter() - start
    start = time.perf_counter()
    images = brief.chart_images([s.chart for s in pack.sections if s.chart is not None])
    times["charts"] = time.perf_counter() - start
    start = time.perf_counter()
    document = brief.html(dataset, pack, images)
    times["html"] = time.perf_counter() - start
    start = time.perf_counter()
    pdf = brief.render_pdf(document)
    times["pdf"] = time.perf_counter() - start
    return times, pdf


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.brief", description=__doc__)
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="1,10", help="numbers of countries, comma-separated")
    args = parser.parse_args(argv)
    result = load_dataset(args.data)
    if result.dataset is None:
        print(f"error: {args.data} does not validate", file=sys.stderr)
        return 1
    frame = figures_frame(result.dataset)
    core = frame[frame["metric"].isin(brief.default_metrics(frame)) & ~frame["is_aggregate"]]
    ranked = core["entity"].value_counts(sort=True).index.tolist()
    summary = []
    for size in (int(s) for s in args.sizes.split(",")):
        entities = ranked[:size]
        runs = [build(result.dataset, frame, entities, result.digest) for _ in range(args.repeat)]
        median = {s: statistics.median(t[s] for t, _ in runs) for s in STEPS}
        total = statistics.median(sum(t.values()) for t, _ in runs)
        pdf = runs[-1][1]
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        figures = int(core["entity"].isin(entities).sum())
        steps = ", ".join(f"{s} {median[s]:.2f} s" for s in STEPS)
        print(
            f"{size} countr{'y' if size == 1 else 'ies'} ({', '.join(entities)}; {figures} "
            f"figures): median {total:.2f} s over {args.repeat} runs ({steps}); {pages} pages, "
            f"{len(pdf) / 1e6:.2f} MB"
        )
        summary.append(
            f"countries={size} figures={figures} "
            + " ".join(f"{s}_s={median[s]:.3f}" for s in STEPS)
            + f" total_s={total:.3f} pages={pages} mb={len(pdf) / 1e6:.2f}"
        )
    print("; ".join(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
