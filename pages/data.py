"""Data: the full table with citation columns, filters, downloads and the dataset's citation."""

from datetime import date
from functools import partial

import streamlit as st

from returnees import citations, datapackage, ui, views
from returnees.frames import EXPORT_COLUMNS, EXPORT_LABELS, to_csv_text, to_json_text
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
labels = {c: EXPORT_LABELS[c] for c in EXPORT_COLUMNS}
# In a keyed box: the page's style gives the table the window's height (citations.CARD_CSS).
with st.container(key="data-table-box"):
    ui.table(
        loaded,
        ui.shared(loaded, views.data_page, chosen, start, TABLE_PAGE),
        "data-table",
        {**labels, "url": st.column_config.LinkColumn(labels["url"])},
    )
formats = (
    ("CSV", to_csv_text, "csv", "text/csv"),
    ("JSON", to_json_text, "json", "application/json"),
)
downloads = st.columns(3)
for column, (label, render, extension, mime) in zip(downloads, formats, strict=False):
    with column:
        st.download_button(
            f"Download {label} ({len(shown):,} rows)",
            # Written when clicked, not on every rerun: 100,000 rows take seconds to write.
            partial(render, shown),
            file_name=f"returnee-figures.{extension}",
            mime=mime,
            on_click="ignore",
        )

with downloads[2]:
    st.download_button(
        f"Download data package ({total:,} figures, ZIP)",
        partial(datapackage.zip_bytes, loaded.dataset, loaded.result.digest),
        file_name="returnee-figures-datapackage.zip",
        mime="application/zip",
        on_click="ignore",
        help="Every figure and source, whatever the filters, with the Table Schema of each "
        "(a Frictionless Data Package)",
    )

st.subheader("Cite this dataset")
st.code(
    citations.dataset_citation(loaded.dataset, loaded.result.digest, date.today().isoformat()),
    language=None,
    wrap_lines=True,
)
