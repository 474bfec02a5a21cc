"""The framework's floor: a minimal Streamlit app showing one Plotly bar chart of N bars.

    RETURNEES_FLOOR_BARS=75 streamlit run benchmarks/floor_app.py

The benchmarks run it beside the dashboard, on the same machine and in the same run, so the
dashboard's times are read against what Streamlit and Plotly cost on their own.
"""

import os

import plotly.graph_objects as go
import streamlit as st

bars = int(os.environ.get("RETURNEES_FLOOR_BARS", "75"))
names = [f"Country {i}" for i in range(bars)]
fig = go.Figure(go.Bar(x=list(range(1, bars + 1)), y=names, orientation="h", customdata=names))
fig.update_layout(height=190 + 30 * bars)
st.plotly_chart(fig, on_select="rerun", selection_mode="points", key="floor")
