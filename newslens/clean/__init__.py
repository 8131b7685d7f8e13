"""Cleaning: encodings, site chrome, read-also links, dates, language, outlets and URLs."""
