"""Map: one metric on a world map, drawn with geometry the app serves itself (no network)."""

import streamlit as st

from returnees import ui, views
from returnees.vocab import METRICS

loaded = ui.load()
present = ui.shared(loaded, views.present_metrics, True)

st.title("Map")
metric = ui.select_param("Metric", present, "metric", lambda m: METRICS[m].label)
ui.plain(
    f"{METRICS[metric].definition} Colour shows the number as reported; a bound (“more than "
    "500”) is coloured at its stated value (“fewer than 3,000” just below it), and the table "
    "below gives each figure as the source words it. Aggregates (the world, the EU, regions) "
    f"are not places on a map: see the Overview. {ui.CLICK_HINT}",
    "rf-muted",
)
lens = ui.lens_param(loaded)
shown = ui.shared(loaded, views.world_map, metric, lens)
ui.chart(loaded, shown.figure, "map", fits=True)
ui.plain(shown.rule, "rf-note")
ui.rows_download(shown.rows, "map")
ui.table(loaded, shown.table, "map-table")
