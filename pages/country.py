"""Country profile: every figure for one country or aggregate, over time and as a table."""

from datetime import date

import streamlit as st

from returnees import ui, views
from returnees.vocab import aggregate_description

loaded = ui.load()
names = ui.shared(loaded, views.entity_names)

st.title("Country profile")
# `?entity=deu` or `?entity=Germany` opens Germany; an unknown one says so and offers the nearest.
opened, problem = views.country_choice(loaded, st.query_params.get("entity"))
if problem:
    ui.plain(problem, "rf-note")
entity = ui.select_param(
    "Country or aggregate",
    list(names.index),
    "entity",
    lambda code: f"{names[code]} ({code})",
    default=opened,
)
profile = ui.shared(loaded, views.profile, entity, date.today())
for line in profile.summary:
    ui.plain(line, "rf-summary")
described = aggregate_description(entity)
ui.plain(
    f"{names[entity]}: {described} {ui.CLICK_HINT}" if described else ui.CLICK_HINT, "rf-muted"
)
ui.chart(loaded, profile.figure, "country-timeline")
for note in profile.notes:
    ui.plain(note, "rf-note")
for metric in profile.tables:
    st.subheader(metric.label)
    ui.plain(metric.definition, "rf-muted")
    ui.table(loaded, metric.table, f"country-table-{metric.metric}")
