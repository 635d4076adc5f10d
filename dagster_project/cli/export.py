"""``dcwatch export``: write the marts to Parquet or CSV files for other tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from dagster_project import warehouse
from dagster_project.cli.query import open_reader
from dagster_project.marts.export import FORMATS, export_marts


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write the marts to Parquet or CSV files (DuckDB COPY)")
    p.add_argument("--format", choices=list(FORMATS), default="parquet")
    p.add_argument("--out", required=True, help="folder for the files (created if missing)")
    p.add_argument(
        "--db",
        help="database file (default: $DCWATCH_HOME/dcwatch.duckdb, or the "
        "published dcwatch-read.duckdb while a run holds it)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(
            f"error: --out {out} is a file; give a folder (it is created if missing), "
            f"e.g. --out exports/",
            file=sys.stderr,
        )
        return 2
    try:
        with open_reader(args.db) as con:
            written = export_marts(con, args.out, args.format)
    except (FileNotFoundError, warehouse.WarehouseLocked) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except duckdb.CatalogException as exc:
        print(f"{exc}\nthe marts are missing: run `dcwatch run` first", file=sys.stderr)
        return 2
    for name, path in written.items():
        print(f"{name:<16} {path}")
    return 0
