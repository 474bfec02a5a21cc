"""Sources: every source with its metadata, how many figures it supports, and their quotes."""

import streamlit as st

from returnees import ui, views

# Source cards a page: each card holds every citation of its source, so a page stays bounded;
# and rows of the table of sources (a run's message stays well under a megabyte).
CARDS_PAGE = 10
TABLE_PAGE = 1_000

loaded = ui.load()
dataset = loaded.dataset

st.title("Sources")
ui.plain(
    f"{len(dataset.sources)} sources, {len(dataset.figures)} figures. Unknown dates and authors "
    "are shown as unknown; dates not printed in a document say where they come from.",
    "rf-muted",
)
query = st.text_input(
    "Search the sources",
    placeholder="a publisher, a title's words, an author, a year…",
    key="sources-search",
)
table = ui.shared(loaded, views.sources_table, query)
if query:
    ui.plain(f"{table.num_rows} of {len(dataset.sources)} sources match “{query}”.", "rf-muted")
first = ui.page_start(table.num_rows, TABLE_PAGE, "sources", "sources-table-page")
st.dataframe(
    table.slice(first, TABLE_PAGE),
    hide_index=True,
    column_config={"Address": st.column_config.LinkColumn("Address")},
)

start = ui.page_start(table.num_rows, CARDS_PAGE, "sources", "sources-page")
for card in ui.shared(loaded, views.source_cards, start, CARDS_PAGE, query):
    with st.container(border=True, key=f"source-{card.source_id}"):
        st.html(card.html)
        for figure_id, citation in card.citations:
            ui.citation_card(loaded, figure_id, citation)
