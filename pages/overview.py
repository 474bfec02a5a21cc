"""Overview: the headline numbers and travelled / returned / detained by country and aggregate."""

import streamlit as st

from returnees import charts, citations, ui
from returnees.vocab import CORE_METRICS, METRICS

loaded = ui.load()
figures = loaded.figures

st.title("Returnee Figures")
ui.plain(
    "Reported numbers of foreign fighters who travelled to join ISIS in Syria and Iraq, who "
    "returned home, and who were detained on return. Every number is as a source reported it: "
    "click any bar to see the source and the sentence that states it.",
    "rf-muted",
)

world = figures[(figures["entity"] == "WORLD") & figures["metric"].isin(CORE_METRICS)]
columns = st.columns(3)
for column, metric in zip(columns, CORE_METRICS, strict=True):
    rows = world[world["metric"] == metric]
    picked = charts.pick_one_per_slot(rows)
    first = next(picked.itertuples(), None)
    others = rows[rows["figure_id"] != first.figure_id] if first is not None else rows
    with column:
        st.html(
            citations.headline_html(f"Worldwide: {METRICS[metric].label.lower()}", first, others)
        )

core = figures[figures["metric"].isin(CORE_METRICS)]
selected = None
for title, part, key in (
    ("Aggregates: world and European Union", core[core["is_aggregate"]], "overview-aggregates"),
    ("Countries", core[~core["is_aggregate"]], "overview-countries"),
):
    shown = charts.pick_one_per_slot(part)
    if shown.empty:
        continue
    line = citations.source_line(loaded.dataset, shown["figure_id"])
    alt = charts.alt_text(shown, f"Bar chart, {title.lower()}")
    fig = charts.bar_chart(shown, title, line, alt)
    selected = ui.chart(fig, key) or selected
    differing = shown[shown["others"] > 0]
    if not differing.empty:
        names = "; ".join(
            f"{entity}: {', '.join(group['metric_label'].str.lower())}"
            for entity, group in differing.groupby("entity_name", sort=False)
        )
        ui.plain(
            f"Sources give other figures for: {names}. The chart shows the most recent; "
            "the Country profile page shows them all side by side.",
            "rf-note",
        )
with st.sidebar:
    ui.citation_panel(loaded, selected)
