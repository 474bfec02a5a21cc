"""Overview: the headline numbers and travelled / returned / detained by country and aggregate."""

import streamlit as st

from returnees import ui, views

loaded = ui.load()

st.title("Returnee Figures")
ui.plain(
    "Reported numbers of foreign fighters who travelled to join ISIS in Syria and Iraq, who "
    "returned home, and who were detained on return. Every number is as a source reported it. "
    + ui.CLICK_HINT,
    "rf-muted",
)

st.html(ui.shared(loaded, views.headlines))


def bars(shown: views.Bars, key: str) -> None:
    """One bar chart of latest figures, and a note naming where sources give others."""
    ui.chart(loaded, shown.figure, key)
    if shown.note:
        ui.plain(shown.note, "rf-note")


aggregates = ui.shared(loaded, views.overview_bars, True)
if aggregates.figure is not None:
    bars(aggregates, "overview-aggregates")
countries = ui.shared(loaded, views.overview_bars, False)
if countries.figure is not None:
    if ui.show_all(countries.entities, "countries", "overview-all"):
        countries = ui.shared(loaded, views.overview_bars, False, True)
    bars(countries, "overview-countries")
