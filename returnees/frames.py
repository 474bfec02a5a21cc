"""The dataset as pandas frames: one row per figure, one per source."""

from __future__ import annotations

import json

import pandas as pd

from returnees import citations, dates, reference
from returnees.loader import Dataset
from returnees.vocab import METRICS, entity_name, is_aggregate

# The columns of `returnees export` and of the app's downloads, in this order.
EXPORT_COLUMNS: list[str] = [
    "figure_id",
    "entity",
    "entity_name",
    "metric",
    "value",
    "value_low",
    "value_high",
    "qualifier",
    "value_text",
    "scope",
    "includes",
    "takes_in_others",
    "one_occasion",
    "as_of",
    "originator",
    "originator_kind",
    "standing",
    "source_id",
    "source_title",
    "publisher",
    "published",
    "document",
    "retrieved",
    "sha256",
    "url",
    "attributed_to",
    "derived",
    "quote",
    "translation",
    "notes",
]


# What the Data page calls the export columns (the CSV and JSON keep the names above).
EXPORT_LABELS: dict[str, str] = {
    "figure_id": "Figure",
    "entity": "Code",
    "entity_name": "Country or aggregate",
    "metric": "Metric",
    "value": "Value",
    "value_low": "Lower bound",
    "value_high": "Upper bound",
    "qualifier": "Qualifier",
    "value_text": "As worded",
    "scope": "Whom it counts",
    "includes": "Including",
    "takes_in_others": "Takes in others too",
    "one_occasion": "One occasion only",
    "as_of": "As of",
    "originator": "Whose count",
    "originator_kind": "Kind of originator",
    "standing": "Standing",
    "source_id": "Source",
    "source_title": "Title",
    "publisher": "Publisher",
    "published": "Published",
    "document": "Archived document",
    "retrieved": "Read from the web on",
    "sha256": "SHA-256 of the text read",
    "url": "Address",
    "attributed_to": "Attributed to",
    "derived": "How it was computed",
    "quote": "Quote",
    "translation": "Our translation",
    "notes": "Notes",
}


def _bounds(figure, value: float) -> tuple[float | None, float | None]:
    q = figure.qualifier
    if q == "range":
        return figure.low, figure.high
    if q == "exact" and not figure.derived:
        return value, value
    if q in ("more_than", "at_least"):
        return value, None
    if q in ("up_to", "fewer_than"):
        return None, value
    return None, None


def figures_frame(dataset: Dataset) -> pd.DataFrame:
    """Every figure with its citation columns (the export columns first, then display ones).

    Built column by column, and text that figures share (a source's fields, a date's display)
    is made once and shared: at 100,000 figures, a dict a row would briefly cost more memory
    than the finished frame.
    """
    columns: dict[str, list] = {name: [] for name in [*EXPORT_COLUMNS, *_DISPLAY_COLUMNS]}
    shorts = {s.id: citations.short_source(s) for s in dataset.sources.values()}
    standings: dict[tuple[str, str], str] = {}
    dated: dict[tuple[str | None, str], tuple[str, str, object]] = {}
    for figure in dataset.figures:
        source = dataset.sources[figure.source]
        value = dataset.values[figure.id]
        base = citations.share_base(dataset, figure)
        low, high = _bounds(figure, value)
        originator = dataset.originators[figure.originator]
        slot = (originator.id, figure.entity)
        if slot not in standings:
            standings[slot] = reference.standing(originator, figure.entity)
        # A computed figure's is its inputs' too: not its slot's.
        standing = standings[slot]
        if figure.derived is not None:
            standing = reference.figure_standing(dataset, figure)
        key = (figure.as_of, source.id, figure.date_unknown)
        if key not in dated:
            as_of = citations.as_of(figure, source)
            # A figure of unknown date sorts at its page's date (the latest it can be).
            day = dates.bounds(as_of or source.published.date)[0]
            dated[key] = (as_of, citations.as_of_text(figure, source), day)
        as_of, as_of_text, as_of_sort = dated[key]
        for name, cell in (
            ("figure_id", figure.id),
            ("entity", figure.entity),
            ("entity_name", entity_name(figure.entity)),
            ("metric", figure.metric),
            ("value", value),
            ("value_low", low),
            ("value_high", high),
            ("qualifier", figure.qualifier),
            ("scope", figure.scope or ""),
            ("includes", figure.includes or ""),
            ("takes_in_others", figure.takes_in_others),
            ("one_occasion", figure.one_occasion),
            ("as_of", as_of),
            ("originator", originator.id),
            ("originator_kind", originator.kind),
            ("standing", standing),
            ("source_id", source.id),
            ("source_title", source.title),
            ("publisher", source.publisher),
            ("published", source.published.date),
            ("document", source.document or ""),
            ("retrieved", source.retrieved.on.isoformat() if source.retrieved else ""),
            ("sha256", source.sha256 or ""),
            ("url", source.url or ""),
            ("attributed_to", figure.attributed_to or ""),
            ("derived", citations.arithmetic(dataset, figure) or ""),
            ("quote", figure.quote),
            ("translation", figure.translation or ""),
            ("notes", figure.notes or ""),
            # Display-only columns below.
            ("metric_label", METRICS[figure.metric].label),
            ("value_text", citations.value_text(figure, value, base)),
            ("number_text", citations.number_text(figure, value, base)),
            ("as_of_text", as_of_text),
            ("as_of_sort", as_of_sort),
            ("is_aggregate", is_aggregate(figure.entity)),
            ("is_derived", figure.derived is not None),
            ("derived_of", figure.derived.of if figure.derived else ""),
            ("source_short", shorts[source.id]),
            ("source_kind", source.kind),
            ("originator_name", originator.name),
            ("date_known", not figure.date_unknown),
            ("file", dataset.figure_files[figure.id]),
        ):
            columns[name].append(cell)
    # Text stays as Python objects, shared with the dataset's own strings: pandas' Arrow
    # strings would copy every text (memory) and make each filter of a small frame slower.
    frame = pd.DataFrame({name: pd.Series(cells, dtype=object) for name, cells in columns.items()})
    return frame.astype(
        {
            "value": "float64",
            "value_low": "Float64",
            "value_high": "Float64",
            "is_aggregate": "bool",
            "is_derived": "bool",
            "date_known": "bool",
            "takes_in_others": "bool",
            "one_occasion": "bool",
        }
    )


_DISPLAY_COLUMNS = [
    "metric_label",
    "value_text",
    "number_text",
    "as_of_text",
    "as_of_sort",
    "is_aggregate",
    "is_derived",
    "derived_of",
    "source_short",
    "source_kind",
    "originator_name",
    "date_known",
    "file",
]


def _whole(value: object) -> object:
    # Counts print as 500, not 500.0; computed shares keep their decimals.
    if value is None or pd.isna(value):
        return None
    return int(value) if float(value).is_integer() else float(value)


def export_frame(dataset: Dataset) -> pd.DataFrame:
    """Exactly the export columns, counts as whole numbers (the CLI and downloads share it)."""
    return to_export(figures_frame(dataset))


def _stated(value: object, qualifier: str, derived: bool) -> object:
    # No number a source does not state: a range has its two ends and no middle, and a
    # computed value is the whole number it is shown as ("about 303", not 303.333).
    if qualifier == "range":
        return None
    if derived and value is not None and not pd.isna(value):
        return citations.half_up(float(value))
    return _whole(value)


def to_export(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[EXPORT_COLUMNS].copy()
    out["value"] = pd.Series(
        [
            _stated(v, q, bool(d))
            for v, q, d in zip(out["value"], out["qualifier"], out["derived"], strict=True)
        ],
        index=out.index,
        dtype=object,
    )
    for column in ("value_low", "value_high"):
        # A computed bound is the whole number it is shown as too ("fewer than" a quarter of
        # 250 is "fewer than 63", not 62.5)
        out[column] = pd.Series(
            [
                _stated(v, "bound", bool(d))
                for v, d in zip(out[column], out["derived"], strict=True)
            ],
            index=out.index,
            dtype=object,
        )
    return out


# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"): a cell of text
# starting with one of these is run, not shown, when the file is opened.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(cell: object) -> object:
    if not isinstance(cell, str):
        return cell
    # A bare CR is left unquoted by the CSV writer, and a spreadsheet starts a row there: the
    # text after it would be a cell of its own. As a line feed, the cell is quoted whole.
    cell = cell.replace("\r\n", "\n").replace("\r", "\n")
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` for a CSV a person opens: each text cell that a spreadsheet would read as a
    formula gets a leading apostrophe, so it is shown as text (OWASP's advice), and line breaks
    are line feeds. Numbers are left alone."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            cells = [_safe_cell(c) for c in out[column].tolist()]
            out[column] = pd.Series(cells, index=out.index, dtype=object)
    return out


def csv_text(frame: pd.DataFrame) -> str:
    """A frame as CSV, true and false written as the data package and JSON write them."""
    booleans = frame.select_dtypes(include="bool").columns
    out = frame.astype({c: object for c in booleans})
    for column in booleans:
        out[column] = frame[column].map({True: "true", False: "false"})
    return out.to_csv(index=False, lineterminator="\n")


def csv_for_people(frame: pd.DataFrame) -> str:
    """A frame as CSV for a spreadsheet: formula-leading text neutralised (`spreadsheet_safe`)."""
    return csv_text(spreadsheet_safe(frame))


def to_csv_text(frame: pd.DataFrame) -> str:
    return csv_for_people(to_export(frame))


def to_json_text(frame: pd.DataFrame) -> str:
    records = json.loads(to_export(frame).to_json(orient="records", force_ascii=False))
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def entities(frame: pd.DataFrame) -> pd.DataFrame:
    """Each entity of a figures frame once, indexed by code, with its name and whether it is
    an aggregate: aggregates first, then by name (the order of the pages' pickers)."""
    first = frame.drop_duplicates("entity").set_index("entity")[["entity_name", "is_aggregate"]]
    return first.sort_values(["is_aggregate", "entity_name"], ascending=[False, True])


def sources_frame(dataset: Dataset) -> pd.DataFrame:
    counts = pd.Series([f.source for f in dataset.figures]).value_counts()
    rows = [
        {
            "source_id": s.id,
            "publisher": s.publisher,
            "title": s.title,
            "authors": citations.authors_text(s),
            "published": citations.published_text(s),
            "kind": s.kind.replace("_", " "),
            "url": s.url or "",
            "quotes": citations.quote_check_text(s),
            "figures": int(counts.get(s.id, 0)),
        }
        # The archived documents first, in their archive's order, then by date of publication.
        for s in sorted(
            dataset.sources.values(),
            key=lambda s: (s.document is None, s.document or s.published.date, s.id),
        )
    ]
    return pd.DataFrame(rows)


def cross_section_csv(rows: pd.DataFrame, citations: bool = False) -> str:
    """A cross-section's rows (`reference.cross_section`) as CSV, flags joined by ';'; with
    `citations`, each figure's citation too (a chart's download of exactly what it shows)."""
    columns = reference.ROW_COLUMNS + (reference.CITATION_COLUMNS if citations else [])
    records = [
        {k: ";".join(v) if isinstance(v, list) else v for k, v in r.items()}
        for r in reference.rows_records(rows, columns)
    ]
    return csv_for_people(pd.DataFrame(records, columns=columns))
