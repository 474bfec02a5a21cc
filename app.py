"""Returnee Figures: the dashboard's entry point (`streamlit run app.py`)."""

import streamlit as st

st.set_page_config(page_title="Returnee Figures", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Overview", default=True),
    st.Page("pages/country.py", title="Country profile", url_path="country"),
    st.Page("pages/compare.py", title="Compare", url_path="compare"),
    st.Page("pages/map.py", title="Map", url_path="map"),
    st.Page("pages/briefing.py", title="Briefing pack", url_path="briefing"),
    st.Page("pages/sources.py", title="Sources", url_path="sources"),
    st.Page("pages/data.py", title="Data", url_path="data"),
]
page = st.navigation(pages)
# Each page its own browser tab title: "Map · Returnee Figures".
title = "Returnee Figures"
st.set_page_config(page_title=title if page.title == "Overview" else f"{page.title} · {title}")
page.run()
