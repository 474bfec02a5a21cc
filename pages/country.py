"""Country profile: every figure for one country or aggregate, over time and as a table."""

import streamlit as st

from returnees import charts, citations, ui
from returnees.frames import entities
from returnees.vocab import METRICS, aggregate_description

loaded = ui.load()
figures = loaded.figures
names = entities(loaded.latest)["entity_name"]

st.title("Country profile")
entity = ui.select_param(
    "Country or aggregate", list(names.index), "entity", lambda code: f"{names[code]} ({code})"
)
if aggregate_description(entity):
    ui.plain(f"{names[entity]}: {aggregate_description(entity)}", "rf-muted")
# Metrics in the vocabulary's order (travelled, returned, detained, ...), not alphabetical.
rank = {m: i for i, m in enumerate(METRICS)}
rows = figures[figures["entity"] == entity].sort_values(
    ["metric", "as_of_sort"], key=lambda col: col.map(rank) if col.name == "metric" else col
)

line = citations.source_line(loaded.dataset, rows["figure_id"])
alt = charts.alt_text(rows, f"Figures over time for {names[entity]}")
fig = charts.timeline_chart(rows, f"{names[entity]}: every reported figure", line, alt)
selected = ui.chart(fig, "country-timeline")

for disagreement in charts.disagreements(rows).groupby("metric", sort=False):
    metric, group = disagreement
    said = "; ".join(
        f"{r.source_short}: {r.value_text} (as of {r.as_of_text})" for r in group.itertuples()
    )
    ui.plain(
        f"Sources disagree on {METRICS[metric].label.lower()}: {said}.",
        "rf-note",
    )

for metric, group in rows.groupby("metric", sort=False):
    st.subheader(METRICS[metric].label)
    ui.plain(METRICS[metric].definition, "rf-muted")
    table = group[["value_text", "as_of_text", "source_short", "attributed_to", "quote"]]
    event = st.dataframe(
        table.rename(
            columns={
                "value_text": "Reported",
                "as_of_text": "As of",
                "source_short": "Source",
                "attributed_to": "Attributed to",
                "quote": "Quote",
            }
        ),
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key=f"country-table-{metric}",
    )
    if event and event.selection.rows:
        selected = group.iloc[event.selection.rows[0]]["figure_id"]
with st.sidebar:
    ui.citation_panel(loaded, selected)
