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

for source in sorted(dataset.sources.values(), key=lambda s: s.document):
    supported = [f for f in dataset.figures if f.source == source.id]
    with st.container(border=True, key=f"source-{source.id}"):
        st.html(citations.source_html(source, len(supported)))
        for figure in supported:
            st.html(citations.citation_html(dataset, figure.id))
