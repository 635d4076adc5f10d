"""Dagster glue: one folder per stage (ingest, parse, score, marts)."""
