"""`returnees validate | export | cross-section | brief | coverage | candidates | verify`: the
dataset from a shell."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from returnees.loader import default_data_dir, default_documents_dir, load_dataset


def _validate(args: argparse.Namespace) -> int:
    documents = args.documents or default_documents_dir()
    if documents is not None and not documents.is_dir():
        print(f"error: documents folder {documents} does not exist", file=sys.stderr)
        return 2
    result = load_dataset(args.data, documents)
    for problem in result.problems:
        print(problem)
    if result.dataset is None:
        print(f"{len(result.errors)} error(s) in {args.data}", file=sys.stderr)
        return 1
    checked = "every quote states its figure" + (
        "; archived quotes found in their documents"
        if documents
        else "; quotes not checked against documents (--documents)"
    )
    print(
        f"ok: {len(result.dataset.figures)} figures from {len(result.dataset.sources)} sources "
        f"({checked}; {len(result.warnings)} warning(s))",
        file=sys.stderr,
    )
    return 0


def _loaded(data: Path):
    """The load result, or None after printing why the dataset is not usable."""
    result = load_dataset(data)
    if result.dataset is None:
        for problem in result.errors:
            print(problem, file=sys.stderr)
        return None
    return result


def _export(args: argparse.Namespace) -> int:
    from returnees.frames import figures_frame, to_csv_text, to_json_text

    if (args.format == "datapackage") != (args.out is not None):
        print("error: --out DIR goes with --format datapackage (and only with it)", file=sys.stderr)
        return 2
    result = _loaded(args.data)
    if result is None:
        return 1
    if args.format == "datapackage":
        from returnees import datapackage

        for path in datapackage.write(result.dataset, result.digest, args.out):
            print(path, file=sys.stderr)
        return 0
    frame = figures_frame(result.dataset)
    sys.stdout.write(to_csv_text(frame) if args.format == "csv" else to_json_text(frame))
    return 0


def _brief(args: argparse.Namespace) -> int:
    from returnees import brief
    from returnees.frames import figures_frame
    from returnees.vocab import METRICS, entity_choices, find_entity, nearest_entities

    entities, problems = [], []
    for asked in args.entity:
        code = find_entity(asked)
        if code:
            entities.append(code)
            continue
        near = nearest_entities(asked)
        problems.append(
            f"no country or aggregate {asked!r}"
            + (f"; did you mean {entity_choices(near)}?" if near else "")
        )
    problems += [
        f"no metric {m!r}; the metrics are {', '.join(METRICS)}"
        for m in args.metric or []
        if m not in METRICS
    ]
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        print("(`returnees coverage` lists the codes that have figures)", file=sys.stderr)
        return 2
    result = _loaded(args.data)
    if result is None:
        return 1
    frame = figures_frame(result.dataset)
    metrics = args.metric or brief.default_metrics(frame)
    pack = brief.pdf(result.dataset, frame, entities, metrics, result.digest)
    args.out.write_bytes(pack)
    print(f"{args.out}: {len(pack):,} bytes", file=sys.stderr)
    return 0


def _cross_section(args: argparse.Namespace) -> int:
    import json

    from returnees import reference
    from returnees.frames import cross_section_csv, figures_frame

    result = _loaded(args.data)
    if result is None:
        return 1
    if args.originator and args.originator not in result.dataset.originators:
        known = ", ".join(sorted(result.dataset.originators))
        print(f"error: unknown originator {args.originator!r}: one of {known}", file=sys.stderr)
        return 2
    lens = reference.Lens(args.as_of, args.window_months, args.originator)
    rows = reference.cross_section(figures_frame(result.dataset), lens)
    rows = rows[rows["metric"] == args.metric]
    if args.format == "json":
        records = reference.rows_records(rows)
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(cross_section_csv(rows))
    return 0


def _as_of(text: str) -> str:
    from returnees import dates

    if dates.precision(text) == "day":
        raise argparse.ArgumentTypeError(f"{text!r}: give a year or a month (YYYY or YYYY-MM)")
    return text


def _months(text: str) -> int:
    months = int(text)
    if months < 1:
        raise argparse.ArgumentTypeError("the window is at least 1 month")
    return months


def _coverage(args: argparse.Namespace) -> int:
    from returnees.coverage import coverage_markdown, originators_markdown

    result = _loaded(args.data)
    if result is None:
        return 1
    write = originators_markdown if args.originators else coverage_markdown
    sys.stdout.write(write(result.dataset))
    return 0


def _candidates(args: argparse.Namespace) -> int:
    from extract.commands import run_candidates

    return run_candidates(args)


def _verify(args: argparse.Namespace) -> int:
    from extract.commands import run_verify

    return run_verify(args)


def _metrics() -> list[str]:
    from returnees.vocab import METRICS

    return list(METRICS)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="returnees", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="check the dataset; exit 1 with one line a problem")
    validate.add_argument("--data", type=Path, default=default_data_dir())
    validate.add_argument(
        "--documents",
        type=Path,
        help="folder of the archived documents for the quote check (or RETURNEES_DOCUMENTS)",
    )
    validate.set_defaults(run=_validate)

    export = sub.add_parser(
        "export",
        help="one row per figure with its citation (csv, json: to stdout), or a data package",
    )
    export.add_argument("--format", choices=("csv", "json", "datapackage"), default="csv")
    export.add_argument(
        "--out", type=Path, help="folder for the data package (datapackage.json and CSV files)"
    )
    export.add_argument("--data", type=Path, default=default_data_dir())
    export.set_defaults(run=_export)

    cross = sub.add_parser(
        "cross-section",
        help="the figure that stands for each entity on one metric: what the charts draw",
        description="One row per entity: the figure the charts draw for it, chosen by the one "
        "rule each chart states under it (docs/dataset.md: 'The number that stands for a "
        "country').",
    )
    cross.add_argument("--metric", required=True, choices=list(_metrics()))
    cross.add_argument(
        "--as-of", type=_as_of, help="YYYY or YYYY-MM (default: each entity's latest figure)"
    )
    cross.add_argument(
        "--window-months", type=_months, default=36, help="how far back from the date (36)"
    )
    cross.add_argument("--originator", help="one originator's figures alone (an assessment)")
    cross.add_argument("--format", choices=("csv", "json"), default="csv")
    cross.add_argument("--data", type=Path, default=default_data_dir())
    cross.set_defaults(run=_cross_section)

    pack = sub.add_parser(
        "brief",
        help="the briefing pack (PDF) of some countries or aggregates",
        description="Writes a PDF briefing pack: a summary table of the figure that stands for "
        "each metric, then per country or aggregate its chart, its figures and where sources "
        "disagree, and a list of sources with every figure's quote. `returnees coverage` lists "
        "the codes that have figures.",
    )
    pack.add_argument(
        "--entity",
        action="append",
        required=True,
        help="a code or a name, in any case: DEU, deu, Germany, WESTERN_BALKANS (repeat for more)",
    )
    pack.add_argument(
        "--metric", action="append", help="a metric (repeat; default travelled, returned, detained)"
    )
    pack.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    pack.add_argument("--data", type=Path, default=default_data_dir())
    pack.set_defaults(run=_brief)

    coverage = sub.add_parser(
        "coverage", help="countries by metric and sources by kind and year, as Markdown"
    )
    coverage.add_argument(
        "--originators", action="store_true", help="the originators table and their standing"
    )
    coverage.add_argument("--data", type=Path, default=default_data_dir())
    coverage.set_defaults(run=_coverage)

    candidates = sub.add_parser(
        "candidates", help="propose unverified candidate figures from a document's text"
    )
    candidates.add_argument("file", type=Path, help="the document (plain text, UTF-8)")
    candidates.add_argument("--source", required=True, help="its source id in sources.yaml")
    candidates.add_argument("--format", choices=("yaml", "json"), default="yaml")
    candidates.add_argument("--out", type=Path, help="write here (never inside the data folder)")
    candidates.add_argument("--force", action="store_true", help="overwrite an existing --out")
    candidates.add_argument(
        "--language",
        help="the text's language (ISO 639-1); default: the source's in sources.yaml, else en. "
        "English is parsed; another language is read by its lexicon (extract/lexicons/)",
    )
    candidates.add_argument("--data", type=Path, default=default_data_dir())
    candidates.set_defaults(run=_candidates)

    verify = sub.add_parser(
        "verify", help="check every quote against its document; exit 1 when any fails"
    )
    verify.add_argument(
        "--documents", type=Path, help="folder of the archived documents (or RETURNEES_DOCUMENTS)"
    )
    verify.add_argument(
        "--texts",
        type=Path,
        help="copies of texts read from the web, named <source id>.txt (checked by SHA-256)",
    )
    verify.add_argument("--data", type=Path, default=default_data_dir())
    verify.set_defaults(run=_verify)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:
        # The reader went away (`returnees export | head`): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
