"""Dagster definitions of the marts stage."""
