"""Deployment: the dashboard served by several Streamlit processes behind HAProxy."""
