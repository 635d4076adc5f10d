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
from dagster_project.marts import filters
from dagster_project.marts.queries import QueryError, bind, catalogue, load, run_bound


def param_flags() -> dict[str, str]:
    """Every parameter any named query declares, with its help (from the SQL files, so a new
    parameter is an option at once); a query rejects the ones it does not declare."""
    flags: dict[str, str] = {}
    for q in catalogue():
        for prm in q.params:
            flags.setdefault(prm.name, prm.help)
    return flags


def add_param_flags(p: argparse.ArgumentParser) -> None:
    """The query parameter options (--period, --firms, ...), shared with ``dcwatch chart``."""
    for name, help_text in param_flags().items():
        p.add_argument(f"--{name.replace('_', '-')}", dest=name, default=None, help=help_text)
    p.add_argument(
        "--db",
        help="database file (default: $DCWATCH_HOME/dcwatch.duckdb, or the "
        "published dcwatch-read.duckdb while a run holds it)",
    )


def given_params(args: argparse.Namespace) -> dict[str, str | None]:
    """The parameter options the user typed (None for those left out)."""
    return {name: getattr(args, name, None) for name in param_flags()}


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
        for example in q.examples:
            print(f"{'':<20}e.g. {example}")


def run(args: argparse.Namespace) -> int:
    if args.list or not args.name:
        print_list()
        return 0
    try:
        query = load(args.name)
        values = bind(query, given_params(args))
        with open_reader(args.db) as con:
            filters.check(con, query, values)
            df = run_bound(con, query, values)
            empty = (
                filters.why_empty(con, query, values, lambda v: run_bound(con, query, v))
                if df.is_empty()
                else None
            )
    except QueryError as exc:
        print(f"error: {exc} (see: dcwatch query --list)", file=sys.stderr)
        return 2
    except (FileNotFoundError, warehouse.WarehouseLocked) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except duckdb.CatalogException as exc:
        print(
            f"error: {exc}; the warehouse predates this query: run `dcwatch run`", file=sys.stderr
        )
        return 2
    print_frame(df, args.format)
    if empty:
        print(empty, file=sys.stderr)
    return 0
