"""Dagster definitions of the parse stage."""
