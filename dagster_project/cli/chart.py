"""``dcwatch chart``: draw a trend query as a PNG and a self-contained interactive HTML."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from dagster_project import warehouse
from dagster_project.cli.common import home
from dagster_project.cli.query import add_param_flags, given_params, open_reader
from dagster_project.marts.chartspec import CHARTS, chart_data
from dagster_project.marts.queries import QueryError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("chart", help="write a chart (PNG + offline HTML) of a trend query")
    p.add_argument("chart", choices=CHARTS, help="share-of-voice defaults to --period month")
    p.add_argument("--out", help="folder for the files (default: $DCWATCH_HOME/charts)")
    add_param_flags(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # matplotlib and plotly load only when a chart is drawn, not on every dcwatch command.
    from dagster_project.marts.charts import render

    out = Path(args.out) if args.out else home() / "charts"
    try:
        with open_reader(args.db) as con:
            df, changes = chart_data(con, args.chart, given_params(args))
    except (
        QueryError,
        FileNotFoundError,
        warehouse.WarehouseLocked,
        duckdb.CatalogException,
    ) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if df.is_empty():
        print("no coverage matches these parameters; nothing drawn", file=sys.stderr)
        return 1
    files = render(args.chart, df, out, changes)
    print(files.png)
    print(files.html)
    return 0
