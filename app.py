"""Returnee Figures: the dashboard's entry point (`streamlit run app.py`)."""

import streamlit as st

st.set_page_config(page_title="Returnee Figures", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page(
        "pages/country.py", title="Country profile", icon=":material/flag:", url_path="country"
    ),
    st.Page("pages/compare.py", title="Compare", icon=":material/bar_chart:", url_path="compare"),
    st.Page("pages/map.py", title="Map", icon=":material/public:", url_path="map"),
    st.Page("pages/sources.py", title="Sources", icon=":material/menu_book:", url_path="sources"),
    st.Page("pages/data.py", title="Data", icon=":material/table:", url_path="data"),
]
st.navigation(pages).run()
