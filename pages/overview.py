"""Overview: the headline numbers and travelled / returned / detained by country and aggregate."""

import streamlit as st

from returnees import ui, views

loaded = ui.load()

st.title("Returnee Figures")
ui.plain(
    "Reported numbers of foreigners who travelled to join ISIS in Syria and Iraq (fighters, "
    "and women and minors where a source counts them), who returned home, and who were "
    "detained on return. Every number is as a source reported it, and says whose count it is. "
    + ui.CLICK_HINT,
    "rf-muted",
)
ui.plain(ui.shared(loaded, views.updated_line), "rf-muted")

st.html(ui.shared(loaded, views.headlines))
lens = ui.lens_param(loaded)


def bars(shown: views.Bars, key: str) -> None:
    """One bar chart of a cross-section, with the rule that chose its figures under it."""
    ui.chart(loaded, shown.figure, key)
    ui.bar_notes(shown, key)


chart_tab, map_tab, table_tab = st.tabs(["Chart", "Map", "Table"])
with chart_tab:
    aggregates = ui.shared(loaded, views.overview_bars, True, False, lens)
    if aggregates.figure is not None:
        bars(aggregates, "overview-aggregates")
    countries = ui.shared(loaded, views.overview_bars, False, False, lens)
    if countries.figure is None:
        st.info("No country has a figure under this choice of date and originator.")
    else:
        if ui.show_all(countries.entities, "countries", "overview-all"):
            countries = ui.shared(loaded, views.overview_bars, False, True, lens)
        bars(countries, "overview-countries")
with map_tab:
    # Travelled, the metric most countries have; the Map page shows the others.
    shown = ui.shared(loaded, views.world_map, "travelled", lens)
    ui.chart(loaded, shown.figure, "overview-map")
    ui.plain(shown.rule, "rf-note")
with table_tab:
    ui.table(loaded, ui.shared(loaded, views.overview_table, lens), "overview-table")
