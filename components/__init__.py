"""Reusable Streamlit pieces: the store handle, safe text, and (later) filters and charts."""
