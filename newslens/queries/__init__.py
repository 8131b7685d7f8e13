"""Queries: typed filters in, bound-parameter SQL, DataFrames out. Pages call only these."""
