"""Extraction: pure functions of (text, metadata, knowledge) -> entities and meetings."""
