"""Country profile: every figure for one country or aggregate, over time and as a table."""

import streamlit as st

from returnees import ui, views
from returnees.vocab import aggregate_description

loaded = ui.load()
names = ui.shared(loaded, views.entity_names)

st.title("Country profile")
entity = ui.select_param(
    "Country or aggregate", list(names.index), "entity", lambda code: f"{names[code]} ({code})"
)
described = aggregate_description(entity)
ui.plain(
    f"{names[entity]}: {described} {ui.CLICK_HINT}" if described else ui.CLICK_HINT, "rf-muted"
)
profile = ui.shared(loaded, views.profile, entity)
ui.chart(loaded, profile.figure, "country-timeline")
for note in profile.notes:
    ui.plain(note, "rf-note")
for metric in profile.tables:
    st.subheader(metric.label)
    ui.plain(metric.definition, "rf-muted")
    ui.table(loaded, metric.table, f"country-table-{metric.metric}")
