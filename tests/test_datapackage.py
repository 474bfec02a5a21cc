"""The Frictionless Data Package: its Table Schema comes from the models, `frictionless validate`
accepts what `returnees export --format datapackage` writes and refuses a broken copy."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Literal

import frictionless
import pytest
from pydantic import BaseModel, ConfigDict, Field, create_model

from returnees import citations, datapackage
from returnees.cli import main
from returnees.frames import EXPORT_COLUMNS, csv_text, figures_frame, to_export
from returnees.loader import load_dataset, load_or_raise
from returnees.schema import Figure, Originator, Qualifier, Source, SourceKind
from returnees.vocab import METRICS, entity_names
from tests.conftest import DATA_DIR
from tests.datasets import HOSTILE_PAYLOADS, write_hostile_dataset

FRICTIONLESS = Path(sys.executable).with_name("frictionless")


def _frictionless(package: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", str(package / "datapackage.json")],
        capture_output=True,
        text=True,
        timeout=300,
    )


def _export(folder: Path, data: Path = DATA_DIR) -> dict:
    code = main(["export", "--format", "datapackage", "--data", str(data), "--out", str(folder)])
    assert code == 0
    return json.loads((folder / "datapackage.json").read_text("utf-8"))


def _rows(folder: Path, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO((folder / f"{name}.csv").read_text("utf-8"))))


def _field(descriptor: dict, resource: str, name: str) -> dict:
    (table,) = [r for r in descriptor["resources"] if r["name"] == resource]
    (found,) = [f for f in table["schema"]["fields"] if f["name"] == name]
    return found


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("package")
    _export(folder)
    return folder


@pytest.mark.parametrize(
    "dataset",
    [pytest.param("shipped", id="shipped dataset"), pytest.param("hostile", id="hostile text")],
)
def test_frictionless_validates_the_exported_package(tmp_path, package, dataset):
    folder = package
    if dataset == "hostile":
        data = write_hostile_dataset(tmp_path / "data", HOSTILE_PAYLOADS)
        folder = tmp_path / "package"
        _export(folder, data)
    done = _frictionless(folder)
    report = json.loads(done.stdout)
    assert report["valid"], json.dumps(report, indent=1)[:3000]
    assert done.returncode == 0
    assert [t["name"] for t in report["tasks"]] == ["sources", "originators", "figures"]


@pytest.mark.parametrize(
    ("resource", "column", "bad", "error"),
    [
        pytest.param("figures", "metric", "deported", "constraint-error", id="metric not in enum"),
        pytest.param("figures", "qualifier", "roughly", "constraint-error", id="unknown qualifier"),
        pytest.param("figures", "source_id", "no-such-source", "foreign-key", id="unknown source"),
        pytest.param("figures", "value", "-5", "constraint-error", id="negative count"),
        pytest.param("figures", "quote", "", "constraint-error", id="missing quote"),
        pytest.param("sources", "published", "2014-13", "constraint-error", id="no month 13"),
        pytest.param("sources", "url", "javascript:alert(1)", "constraint-error", id="not http"),
    ],
)
def test_frictionless_refuses_what_the_models_refuse(
    tmp_path, package, resource, column, bad, error
):
    folder = tmp_path / "package"
    folder.mkdir()
    for path in package.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    rows = _rows(folder, resource)
    rows[0][column] = bad
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (folder / f"{resource}.csv").write_text(out.getvalue(), "utf-8")
    # The validator behind `frictionless validate`, in this process (quicker than the command).
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert not report.valid
    types = {e.type for task in report.tasks for e in task.errors}
    assert error in types, types


def test_every_figure_and_source_is_a_row(package):
    dataset = load_dataset(DATA_DIR).dataset
    figures = _rows(package, "figures")
    assert [r["figure_id"] for r in figures] == [f.id for f in dataset.figures]
    assert sorted(r["source_id"] for r in _rows(package, "sources")) == sorted(dataset.sources)
    by_id = {r["figure_id"]: r for r in figures}
    derived = by_id["rfn-rus-returned"]
    # Shown as it is worded ("about 342"), with the parts it was computed from.
    assert (derived["value"], derived["derived_method"], derived["derived_of"]) == (
        "342",
        "share",
        "rfn-rus-travelled",
    )
    assert by_id["vice-fra-released-on-probation"]["derived_minus"] == '["vice-fra-detained"]'


def test_the_table_schema_is_the_models(package):
    descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
    # Every model field is a column (nested ones under their parent's name), under the export's
    # name where the export has the field, and a range's ends in value_low and value_high.
    for table, model in (("figures", Figure), ("sources", Source), ("originators", Originator)):
        names = _names(descriptor, table)
        renames = datapackage.RENAMES[table]
        for name in model.model_fields:
            if table == "figures" and name in ("low", "high"):
                name = "value"
            name = renames.get(name, name)
            assert any(c == name or c.startswith(f"{name}_") for c in names), (table, name)
    assert _field(descriptor, "figures", "metric")["constraints"]["enum"] == list(METRICS)
    assert _field(descriptor, "figures", "qualifier")["constraints"]["enum"] == list(
        Qualifier.__args__
    )
    assert _field(descriptor, "sources", "kind")["constraints"]["enum"] == list(SourceKind.__args__)
    assert set(_field(descriptor, "figures", "entity")["constraints"]["enum"]) == set(
        entity_names()
    )
    value = _field(descriptor, "figures", "value")
    assert (value["type"], value["constraints"]) == (
        "integer",
        {"minimum": 0, "maximum": 10_000_000_000},
    )
    assert _field(descriptor, "figures", "verified_on")["type"] == "date"
    assert _field(descriptor, "sources", "authors")["type"] == "array"


@pytest.mark.parametrize(
    ("resource", "required", "optional"),
    [
        pytest.param(
            "figures",
            {"figure_id", "entity", "metric", "qualifier", "source_id", "quote", "verified_by"},
            {"value", "value_low", "as_of", "attributed_to", "derived_method", "derived_share"},
            id="figures",
        ),
        pytest.param(
            "sources",
            {"source_id", "publisher", "source_title", "published", "published_printed", "kind"},
            {"url", "authors_basis", "published_basis", "source_notes"},
            id="sources",
        ),
    ],
)
def test_a_column_is_required_when_the_model_never_leaves_it_empty(
    package, resource, required, optional
):
    descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
    fields = {f["name"]: f.get("constraints", {}) for f in _field_list(descriptor, resource)}
    assert {n for n in required if fields[n].get("required")} == required
    assert {n for n in optional if fields[n].get("required")} == set()


def test_the_package_cites_the_dataset_and_its_sources(package):
    descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
    dataset = load_dataset(DATA_DIR).dataset
    assert descriptor["title"] == citations.DATASET_TITLE
    assert descriptor["version"].startswith(f"{citations.software_version()}+data.")
    assert [s["title"] for s in descriptor["sources"]] == [
        citations.reference_text(s) for s in sorted(dataset.sources.values(), key=lambda s: s.id)
    ]
    (figures,) = [r for r in descriptor["resources"] if r["name"] == "figures"]
    assert figures["schema"]["foreignKeys"][0] == {
        "fields": "source_id",
        "reference": {"resource": "sources", "fields": "source_id"},
    }


def test_the_data_pages_zip_holds_the_same_package():
    result = load_dataset(DATA_DIR)
    archive = zipfile.ZipFile(io.BytesIO(datapackage.zip_bytes(result.dataset, result.digest)))
    files = datapackage.files(result.dataset, result.digest)
    assert sorted(archive.namelist()) == sorted(f"returnee-figures/{n}" for n in files)
    for name, text in files.items():
        read = archive.read(f"returnee-figures/{name}").decode("utf-8")
        if name != "datapackage.json":  # its "created" is the time of writing
            assert read == text
        else:  # written now, in UTC
            created = datetime.fromisoformat(json.loads(read)["created"])
            assert created.utcoffset() == timedelta(0)
            assert abs(datetime.now(UTC) - created) < timedelta(minutes=5)
    assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_DEFLATED}


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--format", "datapackage"], id="a package without --out"),
        pytest.param(["--format", "csv", "--out", "x"], id="--out without a package"),
    ],
)
def test_export_refuses_out_without_a_package_and_a_package_without_out(capsys, args):
    assert main(["export", *args]) == 2
    assert "--out DIR goes with --format datapackage" in capsys.readouterr().err


def _field_list(descriptor: dict, resource: str) -> list[dict]:
    (table,) = [r for r in descriptor["resources"] if r["name"] == resource]
    return table["schema"]["fields"]


def _names(descriptor: dict, resource: str) -> list[str]:
    return [f["name"] for f in _field_list(descriptor, resource)]


def test_the_package_licenses_our_compilation_and_says_quotes_are_the_sources(package):
    descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
    assert descriptor["licenses"] == [datapackage.LICENSE]
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert "short quotation from its source" in descriptor["description"]


def test_a_column_the_export_has_holds_what_the_export_holds(package):
    """Same name, same meaning: each export column is in the package (about the figure in
    figures.csv, about its source in sources.csv, about its originator in originators.csv),
    with the same text in every cell."""
    shipped = figures_frame(load_or_raise(DATA_DIR))
    # The export as recorded, before a spreadsheet's cells are made safe (README, Downloads).
    exported = list(csv.DictReader(io.StringIO(csv_text(to_export(shipped)))))
    figures = _rows(package, "figures")
    tables = {
        "source_id": {r["source_id"]: r for r in _rows(package, "sources")},
        "originator": {r["originator"]: r for r in _rows(package, "originators")},
    }
    assert set(EXPORT_COLUMNS) <= {*figures[0], *next(iter(tables["source_id"].values()))}
    assert len(exported) == len(figures)
    for row, shown in zip(figures, exported, strict=True):
        joined = {
            **tables["source_id"][row["source_id"]],
            **tables["originator"][row["originator"]],
            **row,
        }
        assert {c: joined[c] for c in EXPORT_COLUMNS} == shown, row["figure_id"]


class _Deep(BaseModel):
    model_config = ConfigDict(extra="forbid")
    level: int


class _Inner(BaseModel):
    model_config = ConfigDict(extra="forbid")
    on: date
    by: str = Field(min_length=2, description="Who")
    deep: _Deep


class _Shapes(BaseModel):
    """One field of each shape the models use: what `fields` makes of it."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=r"^[a-z]+$", max_length=9)
    count: int | None = Field(default=None, ge=0)
    either: int | float | None = None
    both: int | float
    kind: Literal["a", "b"]
    tags: list[str] = Field(default_factory=list, min_length=1)
    inner: _Inner
    maybe: _Inner | None = None
    flag: bool = False


def test_each_shape_of_a_model_field_becomes_the_table_schema_field_it_should():
    assert datapackage.fields(_Shapes) == [
        {
            "name": "name",
            "type": "string",
            "constraints": {"required": True, "pattern": "^[a-z]+$", "maxLength": 9},
        },
        {"name": "count", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "either", "type": "number"},
        {"name": "both", "type": "number", "constraints": {"required": True}},
        {"name": "kind", "type": "string", "constraints": {"required": True, "enum": ["a", "b"]}},
        {"name": "tags", "type": "array", "constraints": {"required": True}},
        {"name": "inner_on", "type": "date", "constraints": {"required": True}},
        {
            "name": "inner_by",
            "type": "string",
            "description": "Who",
            "constraints": {"required": True, "minLength": 2},
        },
        {"name": "inner_deep_level", "type": "integer", "constraints": {"required": True}},
        {"name": "maybe_on", "type": "date"},
        {
            "name": "maybe_by",
            "type": "string",
            "description": "Who",
            "constraints": {"minLength": 2},
        },
        {"name": "maybe_deep_level", "type": "integer"},
        {"name": "flag", "type": "boolean", "constraints": {"required": True}},
    ]


@pytest.mark.parametrize(
    "annotation", [dict[str, int], int | str], ids=["a mapping", "a number or text"]
)
def test_a_field_with_no_table_schema_type_is_refused_by_name(annotation):
    model = create_model("Odd", odd=(annotation, ...))
    with pytest.raises(ValueError, match="no Table Schema type for"):
        datapackage.fields(model)


def test_the_package_is_written_into_a_folder_made_for_it(tmp_path):
    folder = tmp_path / "a" / "b"
    paths = datapackage.write(load_or_raise(DATA_DIR), "0" * 64, folder)
    assert sorted(p.name for p in paths) == sorted(p.name for p in folder.iterdir())
    for path in paths:
        assert path.read_bytes().decode("utf-8")
