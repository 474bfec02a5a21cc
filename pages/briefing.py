"""Briefing: pick countries and metrics, preview the pack, download it as a PDF (A4)."""

from datetime import date
from functools import partial

import streamlit as st

from returnees import brief, ui, views
from returnees.vocab import METRICS

loaded = ui.load()
names = ui.shared(loaded, views.entity_names)

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
    [m for m in METRICS if m in set(loaded.figures["metric"])],
    "metric",
    lambda m: METRICS[m].label,
    default=brief.default_metrics(loaded.figures),
)

if not chosen or not metrics:
    st.info("Pick at least one country or aggregate and one metric to preview the pack.")
else:
    digest = loaded.result.digest
    pack = ui.shared(loaded, views.briefing, tuple(chosen), tuple(metrics), digest, date.today())
    st.download_button(
        f"Download the PDF ({len(pack.sections)} sections, {pack.figures} figures)",
        # Built when clicked (charts drawn by Chromium, pages laid out): seconds, not a rerun's.
        partial(brief.pdf, loaded.dataset, loaded.figures, chosen, metrics, digest),
        file_name=brief.file_name(chosen),
        mime="application/pdf",
        on_click="ignore",
        type="primary",
        icon=":material/picture_as_pdf:",
        key="brief-pdf",
    )
    ui.plain(f"{pack.subtitle} {ui.CLICK_HINT}", "rf-muted")
    for section in pack.sections:
        st.subheader(section.name)
        if section.figure is not None:
            ui.chart(loaded, section.figure, f"brief-chart-{section.entity}")
        for note in section.notes:
            ui.plain(note, "rf-note")
        if section.table is None:
            ui.plain(brief.NO_FIGURES, "rf-muted")
        else:
            ui.table(loaded, section.table, f"brief-table-{section.entity}")
