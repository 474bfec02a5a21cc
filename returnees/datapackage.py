"""The dataset as a Frictionless Data Package: `sources.csv`, `originators.csv`, `figures.csv`,
`datapackage.json`.

The Table Schemas are derived from the pydantic models' JSON Schema (types, required fields,
enums, patterns, bounds), so a field added to a model is a column here without being typed a
second time. A nested model's fields become columns named after it (`published_printed`,
`verified_by`); a list is a JSON array in its cell; an absent value is an empty cell. A column
that `returnees export` also has carries the export's name and meaning (RENAMES, COMPUTED).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from returnees import citations, frames, reference
from returnees.loader import Dataset
from returnees.schema import Figure, Originator, Source

# Same name, same meaning: a column the package shares with `returnees export` (CSV and JSON)
# has the export's name and holds what it holds there. figures.csv has the export's columns
# about the figure; those about its source are in sources.csv under the same names, joined on
# `source_id`. A model field the export names otherwise is renamed here; one the export lacks
# keeps the model's name, prefixed where the export uses the bare name for something else.
RENAMES: dict[str, dict[str, str]] = {
    "figures": {"id": "figure_id", "source": "source_id"},
    "sources": {
        "id": "source_id",
        "title": "source_title",
        "published_date": "published",
        "retrieved_on": "retrieved",
        "notes": "source_notes",
    },
    "originators": {
        "id": "originator",
        "name": "originator_name",
        "kind": "originator_kind",
        "country": "originator_country",
        "url": "originator_url",
        "notes": "originator_notes",
    },
}
# Model fields whose export column means something else: the export's column stands instead
# (a range's `low` and `high` are its `value_low` and `value_high`).
REPLACED = {"value", "low", "high", "as_of"}
# What the models cannot say: how records refer to each other (the loader checks these).
FOREIGN_KEYS: dict[str, list[dict[str, Any]]] = {
    "figures": [
        {"fields": "source_id", "reference": {"resource": "sources", "fields": "source_id"}},
        {"fields": "originator", "reference": {"resource": "originators", "fields": "originator"}},
        {"fields": "derived_of", "reference": {"resource": "", "fields": "figure_id"}},
    ],
}
_COUNT = {"minimum": 0, "maximum": 10_000_000_000}
# The export's columns that no model field is: computed from the figure, its source and its
# originator, as frames.figures_frame computes them.
COMPUTED: dict[str, dict[str, Any]] = {
    "entity_name": {
        "type": "string",
        "description": "The entity's name (a country's from ISO 3166, as pycountry has it).",
        "constraints": {"required": True},
    },
    "value": {
        "type": "integer",
        "description": "The number as the source states it: empty for a range (its ends are "
        "value_low and value_high); for a computed figure, the whole number it is shown as.",
        "constraints": _COUNT,
    },
    "value_low": {
        "type": "integer",
        "description": "The least the count can be by the source's words: a range's lower "
        "end, an exact count, or the number of 'more than' or 'at least'; else empty.",
        "constraints": _COUNT,
    },
    "value_high": {
        "type": "integer",
        "description": "The most the count can be by the source's words: a range's upper "
        "end, an exact count, or the number of 'up to' or 'fewer than'; else empty.",
        "constraints": _COUNT,
    },
    "value_text": {
        "type": "string",
        "description": "The figure as the source words it, with what it counts only.",
        "constraints": {"required": True},
    },
    "as_of": {
        "type": "string",
        "description": "The date the figure is of (YYYY, YYYY-MM or YYYY-MM-DD): its own, else "
        "its source's publication date; empty when the page does not say (date_unknown).",
        "constraints": {"pattern": r"\d{4}(-\d{2}(-\d{2})?)?"},
    },
    "originator_kind": {
        "type": "string",
        "description": "The kind of body whose count the figure is (its originator's kind).",
        "constraints": {"required": True, "enum": list(reference.KIND_LABELS)},
    },
    "standing": {
        "type": "string",
        "description": "; ".join(f"{k}: {v}" for k, v in reference.STANDING_DEFINITIONS.items())
        + ".",
        "constraints": {"required": True, "enum": list(reference.STANDINGS)},
    },
    "derived": {
        "type": "string",
        "description": "How a computed figure was computed, in words and arithmetic "
        "(its parts are the derived_* columns).",
    },
}
# Our compilation's licence: the selection and arrangement of the figures, whose count each is,
# our translations and notes. The quotes are the sources' own words, quoted briefly with their
# source, and are not ours to license.
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International (the compilation)",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
QUOTATIONS = (
    "The licence covers the compilation: the selection and arrangement of the figures, whose "
    "count each is, our translations and notes. Each quote is a short quotation from its "
    "source, given with the source's reference; its words remain the source's."
)
_TYPES = {"string", "integer", "number", "boolean", "array"}
# JSON Schema keywords that are Table Schema constraints of the same name.
_CONSTRAINTS = ("enum", "pattern", "minLength", "maxLength", "minimum", "maximum")


def _resolve(prop: dict, defs: dict) -> tuple[bool, dict]:
    """(nullable, the property with `$ref` and `anyOf [X, null]` resolved)."""
    nullable = False
    if "anyOf" in prop:
        options = [o for o in prop["anyOf"] if o.get("type") != "null"]
        nullable = len(options) < len(prop["anyOf"])
        rest = {k: v for k, v in prop.items() if k != "anyOf"}
        prop = {**rest, **options[0]} if len(options) == 1 else {**rest, "anyOf": options}
    if "$ref" in prop:
        target = defs[prop["$ref"].rsplit("/", 1)[-1]]
        prop = {**target, **{k: v for k, v in prop.items() if k != "$ref"}}
    return nullable, prop


def _kind(prop: dict) -> str:
    if "anyOf" in prop:  # int | float
        kinds = {o.get("type") for o in prop["anyOf"]}
        if kinds <= {"integer", "number"}:
            return "number"
        raise ValueError(f"no Table Schema type for {prop}")
    kind = prop.get("type")
    if kind == "string" and prop.get("format") == "date":
        return "date"
    if kind not in _TYPES:
        raise ValueError(f"no Table Schema type for {prop}")
    return kind


def _walk(props: dict, defs: dict, prefix: str, present: bool) -> Iterator[dict]:
    """A Table Schema field for each leaf of a model: `present` when its parent always is."""
    for name, raw in props.items():
        nullable, prop = _resolve(raw, defs)
        column = prefix + name
        always = present and not nullable
        if prop.get("type") == "object" and "properties" in prop:  # a model, not a mapping
            yield from _walk(prop["properties"], defs, f"{column}_", always)
            continue
        kind = _kind(prop)
        field: dict[str, Any] = {"name": column, "type": kind}
        if prop.get("description"):
            field["description"] = prop["description"]
        constraints: dict[str, Any] = {"required": True} if always else {}
        if kind != "array":
            constraints.update({k: prop[k] for k in _CONSTRAINTS if k in prop})
        if constraints:
            field["constraints"] = constraints
        yield field


def fields(model: type[BaseModel]) -> list[dict]:
    """The Table Schema fields of a model: required when its value can never be empty."""
    schema = model.model_json_schema()
    return list(_walk(schema["properties"], schema.get("$defs", {}), "", True))


def _flat(record: dict, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for name, value in record.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{name}_")
        else:
            yield prefix + name, value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _csv(columns: list[str], records: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([_cell(record.get(c)) for c in columns])
    return out.getvalue()


def _renamed(columns: list[dict], table: str) -> list[dict]:
    names = RENAMES[table]
    return [{**c, "name": names.get(c["name"], c["name"])} for c in columns]


def _figure_columns(source_columns: set[str]) -> list[dict]:
    """The export's columns about a figure, then the model's fields the export has not."""
    model = {c["name"]: c for c in _renamed(fields(Figure), "figures")}
    shared = [c for c in frames.EXPORT_COLUMNS if c not in source_columns - {"source_id"}]
    columns = [{"name": c, **COMPUTED[c]} if c in COMPUTED else model[c] for c in shared]
    return columns + [c for n, c in model.items() if n not in {*shared, *REPLACED}]


def _model_rows(models: list[Any], table: str) -> list[dict]:
    names = RENAMES[table]
    # Every field of the model, the unset ones included: a nested model left out is empty.
    return [{names.get(k, k): v for k, v in _flat(m.model_dump(mode="json"))} for m in models]


def files(dataset: Dataset, digest: str, created: datetime | None = None) -> dict[str, str]:
    """The package's files by name: datapackage.json and one CSV a resource."""
    sources = sorted(dataset.sources.values(), key=lambda s: s.id)
    originators = sorted(dataset.originators.values(), key=lambda o: o.id)
    source_columns = _renamed(fields(Source), "sources")
    figure_columns = _figure_columns({c["name"] for c in source_columns})
    exported = frames.export_frame(dataset).to_dict("records")
    figure_rows = [
        {**recorded, **shown}
        for recorded, shown in zip(_model_rows(dataset.figures, "figures"), exported, strict=True)
    ]
    tables = {
        "sources": (source_columns, _model_rows(sources, "sources")),
        "originators": (
            _renamed(fields(Originator), "originators"),
            _model_rows(originators, "originators"),
        ),
        "figures": (figure_columns, figure_rows),
    }
    written: dict[str, str] = {}
    resources = []
    for name, (columns, rows) in tables.items():
        path = f"{name}.csv"
        written[path] = _csv([c["name"] for c in columns], rows)
        schema: dict[str, Any] = {"fields": columns, "primaryKey": [columns[0]["name"]]}
        if name in FOREIGN_KEYS:
            schema["foreignKeys"] = FOREIGN_KEYS[name]
        resources.append(
            {
                "name": name,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    descriptor = {
        "profile": "tabular-data-package",
        "name": "returnee-figures",
        "title": citations.DATASET_TITLE,
        "description": f"{citations.DATASET_ABSTRACT} {QUOTATIONS}",
        # Semantic versioning's build metadata carries the data version (a content digest).
        "version": f"{citations.software_version()}+data.{digest[:12]}",
        "created": (created or datetime.now(UTC)).isoformat(timespec="seconds"),
        "keywords": list(citations.DATASET_KEYWORDS),
        "contributors": [{"title": citations.DATASET_AUTHOR, "role": "author"}],
        "licenses": [LICENSE],
        "sources": [
            {"title": citations.reference_text(s), **({"path": s.url} if s.url else {})}
            for s in sources
        ],
        "resources": resources,
    }
    written["datapackage.json"] = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    return written


def write(dataset: Dataset, digest: str, folder: Path) -> list[Path]:
    """Write the package into `folder` (created if need be); return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in files(dataset, digest).items():
        paths.append(folder / name)
        paths[-1].write_text(text, encoding="utf-8")
    return paths


def zip_bytes(dataset: Dataset, digest: str) -> bytes:
    """The package as one ZIP file (the Data page's download)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files(dataset, digest).items():
            archive.writestr(f"returnee-figures/{name}", text)
    return out.getvalue()
