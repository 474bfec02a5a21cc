"""Data: the full table with citation columns, filters, downloads and the dataset's citation."""

from datetime import date
from functools import partial

import streamlit as st

from returnees import citations, ui, views
from returnees.frames import to_csv_text, to_json_text
from returnees.vocab import METRICS

# Rows the table sends at once: a page of the table stays well under a megabyte.
TABLE_PAGE = 1_000

loaded = ui.load()
names = ui.shared(loaded, views.entity_names)

st.title("Data")
filters = st.columns(3)
with filters[0]:
    entities = st.multiselect(
        "Country or aggregate",
        list(names.index),
        format_func=names.get,
        key="data-entity",
    )
with filters[1]:
    metrics = st.multiselect(
        "Metric",
        ui.shared(loaded, views.present_metrics),
        format_func=lambda m: METRICS[m].label,
        key="data-metric",
    )
with filters[2]:
    sources = st.multiselect("Source", ui.shared(loaded, views.cited_sources), key="data-source")

chosen = (tuple(entities), tuple(metrics), tuple(sources))
shown = ui.shared(loaded, views.data_rows, *chosen)

total = len(loaded.dataset.figures)
ui.plain(
    f"Showing {len(shown):,} of {total:,} figures."
    + ("" if len(shown) == total else " Filters are on: downloads hold the rows shown."),
    "rf-count",
)
start = ui.page_start(len(shown), TABLE_PAGE, "rows", "data-page")
ui.table(
    loaded,
    ui.shared(loaded, views.data_page, chosen, start, TABLE_PAGE),
    "data-table",
    {"url": st.column_config.LinkColumn("url")},
)
formats = (
    ("CSV", to_csv_text, "csv", "text/csv"),
    ("JSON", to_json_text, "json", "application/json"),
)
for column, (label, render, extension, mime) in zip(st.columns(2), formats, strict=True):
    with column:
        st.download_button(
            f"Download {label} ({len(shown):,} rows)",
            # Written when clicked, not on every rerun: 100,000 rows take seconds to write.
            partial(render, shown),
            file_name=f"returnee-figures.{extension}",
            mime=mime,
            on_click="ignore",
        )

st.subheader("Cite this dataset")
st.code(
    citations.dataset_citation(loaded.dataset, loaded.result.digest, date.today().isoformat()),
    language=None,
    wrap_lines=True,
)
