"""Briefing: pick countries and metrics, preview the pack, download it as a PDF (A4)."""

from datetime import date
from functools import partial

import streamlit as st

from returnees import brief, ui
from returnees.frames import entities
from returnees.vocab import METRICS

loaded = ui.load()
figures = loaded.figures
names = entities(loaded.latest)["entity_name"]

st.title("Briefing pack")
ui.plain(
    "Pick countries or aggregates and metrics: the pack (a PDF, A4) has each one's chart and "
    "its figures as the sources word them, each with a note number; the notes at the end give "
    "the source, the quote with the number marked, whom it is attributed to, how a computed "
    "value was computed and how the quote was checked. Below is what it will hold.",
    "rf-muted",
)
chosen = ui.multiselect_param(
    "Countries and aggregates", list(names.index), "entity", lambda c: f"{names[c]} ({c})"
)
metrics = ui.multiselect_param(
    "Metrics",
    [m for m in METRICS if m in set(figures["metric"])],
    "metric",
    lambda m: METRICS[m].label,
    default=brief.default_metrics(figures),
)

selected = None
if not chosen or not metrics:
    st.info("Pick at least one country or aggregate and one metric to preview the pack.")
else:
    digest = loaded.result.digest
    pack = brief.plan(loaded.dataset, figures, chosen, metrics, digest, date.today())
    st.download_button(
        f"Download the PDF ({len(pack.sections)} sections, {len(pack.notes)} figures)",
        # Built when clicked (charts drawn by Chromium, pages laid out): seconds, not a rerun's.
        partial(brief.pdf, loaded.dataset, figures, chosen, metrics, digest),
        file_name=brief.file_name(chosen),
        mime="application/pdf",
        on_click="ignore",
        type="primary",
        icon=":material/picture_as_pdf:",
        key="brief-pdf",
    )
    ui.plain(pack.subtitle, "rf-muted")
    for section in pack.sections:
        st.subheader(section.name)
        if section.chart is not None:
            selected = ui.chart(section.chart, f"brief-chart-{section.entity}") or selected
        for text in section.disagreements:
            ui.plain(text, "rf-note")
        if section.rows.empty:
            ui.plain(brief.NO_FIGURES, "rf-muted")
        else:
            st.dataframe(brief.table(section, pack.notes), hide_index=True)
with st.sidebar:
    ui.citation_panel(loaded, selected)
