"""Compare: countries ranked on one metric, and the share returned where one source gives both."""

import streamlit as st

from returnees import charts, citations, ui
from returnees.vocab import METRICS

loaded = ui.load()
figures = loaded.figures
present = [m for m in METRICS if m in set(loaded.latest["metric"])]

st.title("Compare countries")
metric = ui.select_param("Metric", present, "metric", lambda m: METRICS[m].label)
ui.plain(METRICS[metric].definition, "rf-muted")
ranked = charts.ranking(loaded.latest, metric)
show_all = ui.show_all(len(ranked), "countries", "show_all")
shown = ranked if show_all else ranked.head(charts.TOP_N)

selected = None
if shown.empty:
    st.info("No country has a figure for this metric.")
else:
    title = f"{METRICS[metric].label}: countries ranked" + (
        "" if show_all else f" (top {charts.TOP_N})"
    )
    line = citations.source_line(loaded.dataset, shown["figure_id"])
    fig = charts.bar_chart(shown, title, line, charts.alt_text(shown, f"Ranking, {title}"))
    selected = ui.chart(fig, "compare-ranking")

st.subheader("Share returned (computed by us)")
ui.plain(
    "Where one source reports both how many travelled and how many returned for the same "
    "country or aggregate, this is returned ÷ travelled. It is our computation, not a figure "
    "the source states; both figures are cited. Bounds stay bounds: a share of “more than” "
    "figures is only indicative.",
    "rf-muted",
)
shares = charts.share_returned(figures)
event = st.dataframe(
    shares,
    hide_index=True,
    column_config={
        "entity_name": "Country or aggregate",
        "share_returned": st.column_config.NumberColumn("Share returned", format="percent"),
        "travelled": "Travelled (as reported)",
        "returned": "Returned (as reported)",
        "source": "Source of both",
        "figure_travelled": "Cited figure: travelled",
        "figure_returned": "Cited figure: returned",
    },
    on_select="rerun",
    selection_mode="single-row",
    key="compare-shares",
)
if event and event.selection.rows:
    selected = shares.iloc[event.selection.rows[0]]["figure_returned"]
with st.sidebar:
    ui.citation_panel(loaded, selected)
