"""The framework's floor: a minimal Streamlit app showing one Plotly bar chart of N bars.

    RETURNEES_FLOOR_BARS=75 streamlit run benchmarks/floor_app.py

The benchmarks run it beside the dashboard, on the same machine and in the same run, so the
dashboard's times are read against what Streamlit and Plotly cost on their own. It takes the
same kinds of action as a dashboard page: a select box (which orders the bars) and a click on
a bar, each a plain rerun of this script.
"""

import os

import plotly.graph_objects as go
import streamlit as st

bars = int(os.environ.get("RETURNEES_FLOOR_BARS", "75"))
order = st.selectbox("Order", ["largest first", "smallest first", "by name"], key="order")
values = list(range(1, bars + 1))
names = [f"Country {i}" for i in range(bars)]
if order == "smallest first":
    values.reverse()
elif order == "by name":
    names.sort()
fig = go.Figure(go.Bar(x=values, y=names, orientation="h", customdata=names))
fig.update_layout(height=190 + 30 * bars)
st.plotly_chart(fig, on_select="rerun", selection_mode="points", key="floor")
