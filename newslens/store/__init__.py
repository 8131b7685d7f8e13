"""The DuckDB store: schema and migrations, short-lived connections, the ingest merge."""
