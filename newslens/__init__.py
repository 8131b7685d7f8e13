"""newslens: turn a pile of news articles into meetings, networks and searchable evidence."""

__version__ = "0.1.0"
