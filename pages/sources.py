"""Sources: every source with its metadata, how many figures it supports, and their quotes."""

import streamlit as st

from returnees import citations, ui

loaded = ui.load()
dataset = loaded.dataset

st.title("Sources")
ui.plain(
    f"{len(dataset.sources)} sources, {len(dataset.figures)} figures. Unknown dates and authors "
    "are shown as unknown; dates not printed in a document say where they come from.",
    "rf-muted",
)
st.dataframe(
    loaded.sources,
    hide_index=True,
    column_config={"url": st.column_config.LinkColumn("Address")},
)

# Cards a page: each card holds every citation of its source, so a page stays a bounded size.
cards = ui.page_of(loaded.sources, 10, "sources", "sources-page")
figures = loaded.figures
cited = figures[figures["source_id"].isin(cards["source_id"])]
by_source = cited.groupby("source_id", sort=False)["figure_id"].agg(list)
for source_id in cards["source_id"]:
    supported = by_source.get(source_id, [])
    with st.container(border=True, key=f"source-{source_id}"):
        st.html(citations.source_html(dataset.sources[source_id], len(supported)))
        for figure_id in supported:
            st.html(citations.citation_html(dataset, figure_id))
            ui.citation_formats(dataset, figure_id)
