"""Map: one metric on a world map, drawn with geometry the app serves itself (no network)."""

import streamlit as st

from returnees import charts, citations, ui
from returnees.vocab import METRICS

loaded = ui.load()
countries = loaded.latest[~loaded.latest["is_aggregate"]]
present = [m for m in METRICS if m in set(countries["metric"])]

st.title("Map")
metric = ui.select_param("Metric", present, "metric", lambda m: METRICS[m].label)
ui.plain(
    f"{METRICS[metric].definition} Colour shows the number as reported; a bound (“more than "
    "500”) is coloured at its stated value, and the table below gives each figure as the "
    "source words it. Aggregates (the world, the EU, regions) are not places on a map: see "
    "the Overview.",
    "rf-muted",
)
shown = charts.ranking(loaded.latest, metric)
line = citations.source_line(loaded.dataset, shown["figure_id"])
fig = charts.map_chart(shown, metric, line, charts.alt_text(shown, f"World map, {metric}"))
selected = ui.chart(fig, "map")
st.dataframe(
    shown[["entity_name", "value_text", "as_of_text", "source_short", "attributed_to"]].rename(
        columns={
            "entity_name": "Country",
            "value_text": "Reported",
            "as_of_text": "As of",
            "source_short": "Source",
            "attributed_to": "Attributed to",
        }
    ),
    hide_index=True,
)
with st.sidebar:
    ui.citation_panel(loaded, selected)
