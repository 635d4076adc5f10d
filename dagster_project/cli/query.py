"""``dcwatch query``: run a named query from sql/queries with parameters and print it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from dagster_project import warehouse
from dagster_project.cli.common import db_path, print_frame
from dagster_project.marts.queries import QueryError, catalogue, load, run_query

# Every parameter any named query declares; a query rejects the ones it does not declare.
PARAM_FLAGS = {
    "period": "week or month",
    "firms": "comma-separated firm ids (google,openai), or all",
    "location": "ISO-2 country of the stated data center (KR), or any",
    "since": "first day included, YYYY-MM-DD",
    "until": "last day included, YYYY-MM-DD",
    "per_firm": "rows per firm (top_evidence)",
}


def add_param_flags(p: argparse.ArgumentParser) -> None:
    """The query parameter options (--period, --firms, ...), shared with ``dcwatch chart``."""
    for name, help_text in PARAM_FLAGS.items():
        p.add_argument(f"--{name.replace('_', '-')}", dest=name, default=None, help=help_text)
    p.add_argument(
        "--db",
        help="database file (default: $DCWATCH_HOME/dcwatch.duckdb, or the "
        "published dcwatch-read.duckdb while a run holds it)",
    )


def given_params(args: argparse.Namespace) -> dict[str, str | None]:
    """The parameter options the user typed (None for those left out)."""
    return {name: getattr(args, name, None) for name in PARAM_FLAGS}


@contextmanager
def open_reader(db_arg: str | None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection: --db, else the warehouse, else (while a run writes) its copy."""
    if db_arg:
        candidates = [Path(db_arg)]
    else:
        main = db_path()
        candidates = [main, main.parent / warehouse.READ_COPY_FILE]
    db = next((c for c in candidates if c.exists()), None)
    if db is None:
        raise FileNotFoundError(f"no database at {candidates[0]}: run `dcwatch run` first")
    try:
        with warehouse.connect(db, read_only=True, lock_timeout_s=5.0) as con:
            yield con
            return
    except warehouse.WarehouseLocked:
        copy = db.parent / warehouse.READ_COPY_FILE
        if db_arg or db == copy or not copy.exists():
            raise
    # A run holds the warehouse: read the copy it published at the end of the last run.
    print(f"note: {db} is busy (a run is writing); reading {copy}", file=sys.stderr)
    with warehouse.connect(copy, read_only=True) as con:
        yield con


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "query",
        help="print a named query from sql/queries",
        description="Run a named query. `dcwatch query --list` shows each "
        "query's parameters and defaults.",
    )
    p.add_argument("name", nargs="?")
    p.add_argument("--list", action="store_true", help="list the named queries")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    add_param_flags(p)
    p.set_defaults(func=run)


def print_list() -> None:
    """Each named query: its name, what it answers, and its parameters with defaults."""
    for q in catalogue():
        print(f"{q.name:<18} {q.summary}")
        for prm in q.params:
            choices = f" ({'|'.join(prm.choices)})" if prm.choices else ""
            flag = f"--{prm.name.replace('_', '-')} {prm.default}{choices}"
            print(f"{'':<20}{flag:<34} {prm.help}")


def run(args: argparse.Namespace) -> int:
    if args.list or not args.name:
        print_list()
        return 0
    try:
        load(args.name)
        with open_reader(args.db) as con:
            df = run_query(con, args.name, **given_params(args))
    except QueryError as exc:
        print(f"{exc}; see: dcwatch query --list", file=sys.stderr)
        return 2
    except (FileNotFoundError, warehouse.WarehouseLocked, duckdb.CatalogException) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print_frame(df, args.format)
    return 0
