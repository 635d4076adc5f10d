"""``dcwatch query``: run a named query from sql/queries and print it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dagster_project import warehouse
from dagster_project.cli.common import db_path, print_frame


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("query", help="print a named query from sql/queries")
    p.add_argument("name", nargs="?")
    p.add_argument("--list", action="store_true", help="list the named queries")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--db", help="database file (default: $DCWATCH_HOME/dcwatch.duckdb)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.list or not args.name:
        for name in warehouse.query_names():
            first = warehouse.sql_text(f"queries/{name}").splitlines()[0].lstrip("- ")
            print(f"{name:<22} {first}")
        return 0
    if args.name not in warehouse.query_names():
        print(f"unknown query {args.name!r}; try: dcwatch query --list", file=sys.stderr)
        return 2
    db = Path(args.db) if args.db else db_path()
    if not db.exists():
        print(f"no database at {db}: run `dcwatch run` first", file=sys.stderr)
        return 2
    with warehouse.connect(db, read_only=True) as con:
        df = warehouse.frame(con, warehouse.sql_text(f"queries/{args.name}"))
    print_frame(df, args.format)
    return 0
