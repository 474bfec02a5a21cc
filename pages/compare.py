"""Compare: countries ranked on one metric (as a chart, a map or a table), and the share
returned where one source gives both."""

import streamlit as st

from returnees import ui, views
from returnees.vocab import METRICS, is_aggregate

# Rows the share table sends at once (a run's message stays well under a megabyte).
SHARES_PAGE = 1_000

loaded = ui.load()
present = ui.shared(loaded, views.present_metrics)
names = ui.shared(loaded, views.entity_names)

st.title("Compare countries")
metric = ui.select_param("Metric", present, "metric", lambda m: METRICS[m].label)
ui.plain(f"{METRICS[metric].definition} {ui.CLICK_HINT}", "rf-muted")
lens = ui.lens_param(loaded)
per_million = (
    ui.select_param(
        "Rank by",
        ["count", "million"],
        "per",
        lambda p: "Number of people" if p == "count" else "People per million inhabitants",
        quiet_default=True,
    )
    == "million"
)
# Side by side: only the countries picked (`?country=FRA&country=DEU`), or all of them.
countries = [code for code in names.index if not is_aggregate(code)]
chosen = tuple(
    ui.multiselect_param(
        "Countries side by side (none: all)",
        countries,
        "country",
        lambda code: f"{names[code]} ({code})",
    )
)
chart_tab, map_tab, table_tab = st.tabs(["Chart", "Map", "Table"])
with chart_tab:
    ranked = ui.shared(loaded, views.ranking, metric, False, lens, per_million, chosen)
    if ranked.figure is None:
        st.info("No country has a figure for this metric under this choice.")
    else:
        if not chosen and ui.show_all(ranked.entities, "countries", "show_all"):
            ranked = ui.shared(loaded, views.ranking, metric, True, lens, per_million)
        ui.chart(loaded, ranked.figure, "compare-ranking")
        ui.bar_notes(ranked, "compare-ranking")
shown = ui.shared(loaded, views.world_map, metric, lens, chosen)
with map_tab:
    ui.chart(loaded, shown.figure, "compare-map")
    ui.plain(shown.rule, "rf-note")
with table_tab:
    ui.rows_download(shown.rows, "compare-table")
    ui.table(loaded, shown.table, "compare-table")

st.subheader("Share returned (computed by us)")
ui.plain(
    "Where one source reports both how many travelled and how many returned for the same "
    "country or aggregate, this is returned ÷ travelled. It is our computation, not a figure "
    "the source states; both figures are cited. Bounds stay bounds: “more than 300” of "
    "“about 500” is “about 60% or more”; where both are bounds the share is only indicative.",
    "rf-muted",
)
shares = ui.shared(loaded, views.shares)
start = ui.page_start(len(shares.figure_ids), SHARES_PAGE, "rows", "compare-shares-page")
ui.table(
    loaded,
    shares.rows(start, SHARES_PAGE),
    "compare-shares",
    {
        "entity_name": "Country or aggregate",
        "share_returned": "Share returned",
        "no_share": "Why no share",
        "travelled": "Travelled (as reported)",
        "returned": "Returned (as reported)",
        "as_of": "As of (returned)",
        "source": "Source of both",
        "figure_travelled": "Cited figure: travelled",
        "figure_returned": "Cited figure: returned",
    },
)
