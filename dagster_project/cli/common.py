"""Helpers shared by the subcommands: where the data lives and how frames are printed."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

from dagster_project.home import dcwatch_home
from dagster_project.marts.export import CSV_TIME


def home() -> Path:
    """``$DCWATCH_HOME`` (default ``./data``), absolute."""
    return dcwatch_home()


def db_path() -> Path:
    """The warehouse file the pipeline writes."""
    return home() / "dcwatch.duckdb"


def print_frame(df: pl.DataFrame, fmt: str = "table") -> None:
    """Print a frame as an aligned table, CSV or JSON (one object per row)."""
    if fmt == "csv":
        sys.stdout.write(df.write_csv(datetime_format=CSV_TIME))  # as `dcwatch export` writes
    elif fmt == "json":
        sys.stdout.write(df.write_json() + "\n")
    else:
        with pl.Config(
            tbl_rows=500,
            tbl_cols=30,
            fmt_str_lengths=100,
            tbl_hide_dataframe_shape=True,
            tbl_hide_column_data_types=True,
            tbl_width_chars=220,
        ):
            print(df)
