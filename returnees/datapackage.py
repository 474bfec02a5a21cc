"""The dataset as a Frictionless Data Package: `sources.csv`, `originators.csv`, `figures.csv`,
`datapackage.json`.

The Table Schemas are derived from the pydantic models' JSON Schema (types, required fields,
enums, patterns, bounds), so a field added to a model is a column here without being typed a
second time. A nested model's fields become columns named after it (`published_date`,
`verified_by`); a list is a JSON array in its cell; an absent value is an empty cell.
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

from returnees import citations, reference
from returnees.loader import Dataset
from returnees.schema import Figure, Originator, Source

# What the models cannot say: how records refer to each other (the loader checks these).
FOREIGN_KEYS: dict[str, list[dict[str, Any]]] = {
    "figures": [
        {"fields": "source", "reference": {"resource": "sources", "fields": "id"}},
        {"fields": "originator", "reference": {"resource": "originators", "fields": "id"}},
        {"fields": "derived_of", "reference": {"resource": "", "fields": "id"}},
    ],
}
# A column that is computed, not recorded: the number a chart plots.
PLOTTED = {
    "name": "plotted_value",
    "type": "number",
    "description": (
        "The number the dashboard plots: the value; the middle of a range; for a derived "
        "figure, the value computed from the figures it names (see `derived_*`)."
    ),
    "constraints": {"required": True, "minimum": 0},
}
# Computed from the figure's originator and entity (reference.standing): the same words as
# every other export.
ORIGINATOR_KIND = {
    "name": "originator_kind",
    "type": "string",
    "description": "The kind of body whose count the figure is (its originator's kind).",
    "constraints": {"required": True, "enum": list(reference.KIND_LABELS)},
}
STANDING = {
    "name": "standing",
    "type": "string",
    "description": "official: "
    + reference.STANDING_DEFINITIONS["official"]
    + "; research: "
    + reference.STANDING_DEFINITIONS["research"]
    + "; estimate: "
    + reference.STANDING_DEFINITIONS["estimate"]
    + ".",
    "constraints": {"required": True, "enum": list(reference.STANDINGS)},
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
        if prop.get("type") == "object":
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


def _records(model: BaseModel, columns: list[str]) -> dict:
    # Every field of the model, the unset ones included: a nested model left out is empty.
    flat = dict(_flat(model.model_dump(mode="json")))
    return {c: flat.get(c) for c in columns}


def files(dataset: Dataset, digest: str, created: datetime | None = None) -> dict[str, str]:
    """The package's files by name: datapackage.json and one CSV a resource."""
    sources = sorted(dataset.sources.values(), key=lambda s: s.id)
    originators = sorted(dataset.originators.values(), key=lambda o: o.id)

    def standing(figure: Figure) -> str:
        return reference.standing(dataset.originators[figure.originator], figure.entity)

    tables = {
        "sources": (fields(Source), sources, {}),
        "originators": (fields(Originator), originators, {}),
        "figures": (
            [*fields(Figure), PLOTTED, ORIGINATOR_KIND, STANDING],
            dataset.figures,
            {
                "plotted_value": lambda f: dataset.values[f.id],
                "originator_kind": lambda f: dataset.originators[f.originator].kind,
                "standing": standing,
            },
        ),
    }
    written: dict[str, str] = {}
    resources = []
    for name, (columns, models, computed) in tables.items():
        names = [c["name"] for c in columns]
        rows = []
        for model in models:
            row = _records(model, names)
            row.update({c: compute(model) for c, compute in computed.items()})
            rows.append(row)
        path = f"{name}.csv"
        written[path] = _csv(names, rows)
        schema: dict[str, Any] = {"fields": columns, "primaryKey": ["id"]}
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
