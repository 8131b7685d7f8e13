"""Exports: tables of the store as CSV (spreadsheet-safe), JSON Lines or Parquet."""
