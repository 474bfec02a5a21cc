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

latest = loaded.latest[loaded.latest["metric"].isin(CORE_METRICS)]
world = figures[(figures["entity"] == "WORLD") & figures["metric"].isin(CORE_METRICS)]
columns = st.columns(3)
for column, metric in zip(columns, CORE_METRICS, strict=True):
    rows = world[world["metric"] == metric]
    first = next(
        latest[(latest["entity"] == "WORLD") & (latest["metric"] == metric)].itertuples(), None
    )
    others = rows[rows["figure_id"] != first.figure_id] if first is not None else rows
    with column:
        st.html(
            citations.headline_html(f"Worldwide: {METRICS[metric].label.lower()}", first, others)
        )


def bars(title: str, shown, key: str) -> str | None:
    """One bar chart of latest figures, and a note naming where sources give others."""
    line = citations.source_line(loaded.dataset, shown["figure_id"])
    alt = charts.alt_text(shown, f"Bar chart, {title.lower()}")
    selected = ui.chart(charts.bar_chart(shown, title, line, alt), key)
    differing = shown[shown["others"] > 0]
    if not differing.empty:
        metrics: dict[str, list[str]] = {}
        for entity, label in zip(differing["entity_name"], differing["metric_label"], strict=True):
            metrics.setdefault(entity, []).append(label.lower())
        names = "; ".join(f"{entity}: {', '.join(labels)}" for entity, labels in metrics.items())
        ui.plain(
            f"Sources give other figures for: {names}. The chart shows the most recent; "
            "the Country profile page shows them all side by side.",
            "rf-note",
        )
    return selected


selected = None
aggregates = latest[latest["is_aggregate"]]
if not aggregates.empty:
    selected = bars("The world and groups of countries", aggregates, "overview-aggregates")
countries = latest[~latest["is_aggregate"]]
if not countries.empty:
    count = countries["entity"].nunique()
    title = "Countries"
    if not ui.show_all(count, "countries", "overview-all"):
        countries = charts.top_entities(countries)
        title = f"Countries: the {charts.TOP_N} with the largest figures, of {count}"
    selected = bars(title, countries, "overview-countries") or selected
with st.sidebar:
    ui.citation_panel(loaded, selected)
