"""Compare: countries ranked on one metric, and the share returned where one source gives both."""

import streamlit as st

from returnees import ui, views
from returnees.vocab import METRICS

# Rows the share table sends at once (a run's message stays well under a megabyte).
SHARES_PAGE = 1_000

loaded = ui.load()
present = ui.shared(loaded, views.present_metrics)

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
ranked = ui.shared(loaded, views.ranking, metric, False, lens, per_million)
if ranked.figure is None:
    st.info("No country has a figure for this metric under this choice of date and originator.")
else:
    if ui.show_all(ranked.entities, "countries", "show_all"):
        ranked = ui.shared(loaded, views.ranking, metric, True, lens, per_million)
    ui.chart(loaded, ranked.figure, "compare-ranking")
    ui.bar_notes(ranked, "compare-ranking")

st.subheader("Share returned (computed by us)")
ui.plain(
    "Where one source reports both how many travelled and how many returned for the same "
    "country or aggregate, this is returned ÷ travelled. It is our computation, not a figure "
    "the source states; both figures are cited. Bounds stay bounds: a share of “more than” "
    "figures is only indicative.",
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
        "share_returned": st.column_config.NumberColumn("Share returned", format="%d%%"),
        "no_share": "Why no share",
        "travelled": "Travelled (as reported)",
        "returned": "Returned (as reported)",
        "source": "Source of both",
        "figure_travelled": "Cited figure: travelled",
        "figure_returned": "Cited figure: returned",
    },
)
