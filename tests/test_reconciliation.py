"""Every view of the dataset holds every figure: the YAML, the Data page, its downloads, the CLI.

The figures in the YAML are counted without the project's loader (PyYAML, list entries under
`figures:` in every file of `figures/`); the Data page (through AppTest: its count, and its
table read page after page), the text its CSV and JSON download buttons serve when clicked,
the figures.csv of the data package its ZIP button serves, and `returnees export` must then
hold exactly those figure ids, for the shipped dataset and
for synthetic datasets from `benchmarks.synthetic`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest
import streamlit.testing.v1.app_test as app_test
import yaml
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from benchmarks.synthetic import write_dataset
from returnees.cli import main
from returnees.frames import EXPORT_COLUMNS
from tests.conftest import DATA_DIR
from tests.test_app import html_of, open_page

DATASETS = [
    pytest.param(None, id="shipped dataset"),
    pytest.param(1_000, id="synthetic 1,000 figures"),  # one full page of the table
    pytest.param(2_500, id="synthetic 2,500 figures"),  # a last page half full
    pytest.param(10_000, id="synthetic 10,000 figures"),
]
FORMATS = [pytest.param("csv", id="CSV"), pytest.param("json", id="JSON")]


def yaml_figure_ids(data_dir: Path) -> list[str]:
    """The id of every figure written in the YAML, in file order, read without the loader."""
    folder = data_dir / "figures"
    ids = []
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        document = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
        ids += [record["id"] for record in document["figures"]]
    return ids


def csv_ids(text: str) -> list[str]:
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and list(rows[0]) == EXPORT_COLUMNS
    return [row["figure_id"] for row in rows]


def json_ids(text: str) -> list[str]:
    records = json.loads(text)
    assert records and list(records[0]) == EXPORT_COLUMNS
    return [record["figure_id"] for record in records]


READ_IDS = {"csv": csv_ids, "json": json_ids}


class _RecordingManager(MediaFileManager):
    """AppTest's media file manager, kept so a test can fetch what a download would serve."""

    made: ClassVar[list[_RecordingManager]] = []

    def __init__(self, storage) -> None:
        super().__init__(storage)
        self.made.append(self)

    def download(self, button) -> bytes:
        """What a click on the download button gets (written on click when deferred)."""
        url = button.proto.url or self.execute_deferred(button.proto.deferred_file_id)
        return self._storage.get_file(url.rsplit("/", 1)[-1]).content


@dataclass(frozen=True)
class Reconciled:
    data_dir: Path
    ids: list[str]  # from the YAML
    texts: list[str]  # the Data page's HTML elements, as first opened
    labels: list[str]  # its download buttons'
    table_ids: list[str]  # its table's figure ids, page after page
    downloads: dict[str, bytes]  # "csv" / "json" / "data": what its download button serves


def _every_page_of_the_table(at: AppTest) -> list[str]:
    ids = list(at.dataframe[0].value["figure_id"])
    pagers = [n for n in at.number_input if n.key == "data-page"]
    for number in range(2, int(pagers[0].max) + 1 if pagers else 2):
        at.number_input(key="data-page").set_value(number).run()
        assert not at.exception, at.exception
        ids += list(at.dataframe[0].value["figure_id"])
    return ids


@pytest.fixture(scope="module", params=DATASETS)
def dataset(request, tmp_path_factory) -> Iterator[Reconciled]:
    size = request.param
    if size is None:
        data_dir = DATA_DIR
    else:
        data_dir = write_dataset(tmp_path_factory.mktemp("synthetic") / "data", size, seed=0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RETURNEES_DATA", str(data_dir))
        patch.setattr(app_test, "MediaFileManager", _RecordingManager)
        _RecordingManager.made.clear()
        at = open_page("data")
        assert not at.exception, at.exception
        manager = _RecordingManager.made[-1]
        downloads = {}
        for button in at.get("download_button"):
            extension = button.proto.label.split()[1].lower()  # "Download CSV (24 rows)"
            downloads[extension] = manager.download(button)
        texts = html_of(at.main)
        labels = [b.proto.label for b in at.get("download_button")]
        table_ids = _every_page_of_the_table(at)
    yield Reconciled(data_dir, yaml_figure_ids(data_dir), texts, labels, table_ids, downloads)


def test_the_yaml_counter_sees_every_figure_written(dataset, request):
    # The synthetic size asked for, and for every dataset one `- id:` line a figure record.
    size = request.node.callspec.params["dataset"]
    if size is not None:
        assert len(dataset.ids) == size
    folder = dataset.data_dir / "figures"
    lines = sum(
        len(re.findall(r"^  - id: ", path.read_text("utf-8"), re.MULTILINE))
        for path in [*folder.glob("*.yaml"), *folder.glob("*.yml")]
    )
    assert len(dataset.ids) == lines > 0
    assert len(set(dataset.ids)) == len(dataset.ids)


def test_data_page_shows_every_figure_in_the_yaml(dataset):
    total = len(dataset.ids)
    assert any(f"Showing {total:,} of {total:,} figures." in h for h in dataset.texts)
    assert len(dataset.table_ids) == total
    assert sorted(dataset.table_ids) == sorted(dataset.ids)


@pytest.mark.parametrize("fmt", FORMATS)
def test_data_page_download_holds_every_figure_in_the_yaml(dataset, fmt):
    total = len(dataset.ids)
    assert f"Download {fmt.upper()} ({total:,} rows)" in dataset.labels
    assert sorted(READ_IDS[fmt](dataset.downloads[fmt].decode("utf-8"))) == sorted(dataset.ids)


def test_data_package_download_holds_every_figure_in_the_yaml(dataset):
    total = len(dataset.ids)
    assert f"Download data package ({total:,} figures, ZIP)" in dataset.labels
    archive = zipfile.ZipFile(io.BytesIO(dataset.downloads["data"]))
    text = archive.read("returnee-figures/figures.csv").decode("utf-8")
    assert sorted(row["figure_id"] for row in csv.DictReader(io.StringIO(text))) == sorted(
        dataset.ids
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_returnees_export_holds_every_figure_in_the_yaml(dataset, fmt, capsys):
    assert main(["export", "--format", fmt, "--data", str(dataset.data_dir)]) == 0
    exported = capsys.readouterr().out
    assert sorted(READ_IDS[fmt](exported)) == sorted(dataset.ids)
    # The command and the page's download are one rendering of the same rows.
    assert exported == dataset.downloads[fmt].decode("utf-8")
