"""What `returnees candidates` and `returnees verify` do (the CLI only parses arguments)."""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from returnees.loader import PROJECT_ROOT, default_data_dir, default_documents_dir, load_dataset
from returnees.yamlio import YamlError, parse

_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


def _error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def _source_entry(data_dir: Path, source: str) -> dict | None:
    """The source's entry in sources.yaml, as written (None when it is not there)."""
    try:
        data = parse((data_dir / "sources.yaml").read_bytes())
    except (OSError, YamlError):
        return None
    sources = data.get("sources") if isinstance(data, dict) else None
    for entry in sources if isinstance(sources, list) else []:
        if isinstance(entry, dict) and entry.get("id") == source:
            return entry
    return None


def _source_note(data_dir: Path, source: str, document: Path) -> str | None:
    """A warning when the source is not (yet) in sources.yaml or names another document."""
    entry = _source_entry(data_dir, source)
    if entry is None:
        return (
            f"note: source {source} is not in {data_dir / 'sources.yaml'} yet: add it there "
            "before moving figures into the dataset"
        )
    if entry.get("document") and entry["document"] != document.name:
        return (
            f"note: {source} names the document {entry['document']} in "
            f"{data_dir / 'sources.yaml'}, not {document.name}"
        )
    return None


def run_candidates(args: argparse.Namespace) -> int:
    from extract.candidates import extract_file
    from extract.output import to_json, to_yaml

    document: Path = args.file
    if not document.is_file():
        return _error(f"{document} is not a file")
    if not _SLUG.match(args.source):
        return _error(
            f"--source {args.source!r} is not a source id (lower-case words joined by '-')"
        )
    data_dir = Path(args.data or default_data_dir())
    out: Path | None = args.out
    if out is not None:
        for folder in {data_dir, default_data_dir(), PROJECT_ROOT / "data"}:
            if _inside(out, folder):
                return _error(
                    f"--out {out} is inside the data directory {folder}: candidates are "
                    "unverified and never go there; write them elsewhere (e.g. candidates/) "
                    "and move each figure after checking it"
                )
        if out.exists() and out.resolve() == document.resolve():
            return _error("--out is the document itself")
        if out.exists() and not args.force:
            return _error(f"{out} exists: pass --force to overwrite it")

    # The text's language: as given, else the source's in sources.yaml, else English.
    entry = _source_entry(data_dir, args.source) or {}
    language = (args.language or str(entry.get("language") or "en")).strip().lower()
    extraction = extract_file(document, args.source, language)
    text = to_json(extraction) if args.format == "json" else to_yaml(extraction)
    if out is None:
        sys.stdout.write(text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")

    note = _source_note(data_dir, args.source, document)
    if note:
        print(note, file=sys.stderr)
    levels = Counter(c.confidence for c in extraction.candidates)
    where = f" to {out}" if out else ""
    print(
        f"{len(extraction.proposed)} candidate(s) to review ({levels['high']} high, "
        f"{levels['medium']} medium confidence), {levels['low']} set aside, "
        f"{len(extraction.skipped)} numbers skipped as not counts of people{where}",
        file=sys.stderr,
    )
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from extract.verify import report, verify

    documents = args.documents or default_documents_dir()
    if documents is None:
        return _error("no documents folder: pass --documents DIR or set RETURNEES_DOCUMENTS")
    if not documents.is_dir():
        return _error(f"documents folder {documents} does not exist")
    data_dir = Path(args.data or default_data_dir())
    result = load_dataset(data_dir)
    if result.dataset is None:
        for problem in result.errors:
            print(problem)
        print(
            f"{len(result.errors)} error(s) in {data_dir}: fix them first (returnees validate)",
            file=sys.stderr,
        )
        return 1
    checks = verify(result.dataset, documents, data_dir, args.texts)
    print(report(checks, documents))
    return 0 if all(c.ok for c in checks) else 1
