"""Dagster definitions of the score stage."""
