"""What the asset catalog promises readers: how fresh a table is, and what its columns mean.

Column schemas come from the SQL that creates the tables (``sql/schema.sql``, then
``sql/marts.sql``): types and NOT NULL as DuckDB reads them, the trailing ``--`` comment as
the description, so the UI cannot drift from the warehouse.
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import cache

import dagster as dg
import duckdb

from dagster_project.warehouse import sql_text

# Readers open the tables after the 07:00 KST refresh (schedule refresh_every_morning):
# a missed morning is a warning, two missed mornings are a failure. Runs started by hand
# count too, so the policy holds whether or not the schedule is switched on.
DAILY_READ = dg.FreshnessPolicy.time_window(
    fail_window=timedelta(hours=49), warn_window=timedelta(hours=25)
)

# Run in this order: the macros read the schema's tables, the marts select through the macros.
SQL_FILES = ("schema", "macros", "marts")
_TABLES = (
    re.compile(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*?)\n\);", re.S),
    re.compile(r"CREATE (?:OR REPLACE )?TABLE (\w+) AS\b(.*?);", re.S),
)
_ALIAS = re.compile(r'\bAS\s+"?(\w+)"?', re.I)
_FIRST_WORD = re.compile(r'^\s*"?(\w+)"?')


def column_comment(line: str) -> tuple[str, str] | None:
    """(column, description) from "name TYPE ... -- text" in a CREATE TABLE, or from
    "... AS name, -- text" / "name, -- text" in a SELECT; None without a comment."""
    code, sep, comment = line.partition("--")
    if not sep or not code.strip() or not comment.strip():
        return None
    aliases = _ALIAS.findall(code)
    name = aliases[-1] if aliases else _FIRST_WORD.match(code)
    name = name if isinstance(name, str) else (name[1] if name else None)
    return (name, comment.strip()) if name else None


@cache
def table_schemas() -> dict[str, dg.TableSchema]:
    """Every table that sql/schema.sql and sql/marts.sql create, as Dagster table schemas.

    DuckDB itself runs the SQL (in an empty in-memory database), so types and nullability
    are exactly the warehouse's; the descriptions are the SQL's end-of-line comments.
    """
    con = duckdb.connect()
    try:
        schemas = {}
        for name in SQL_FILES:
            con.execute(sql_text(name))
        found = (t for n in SQL_FILES for rx in _TABLES for t in rx.findall(sql_text(n)))
        for table, body in found:
            comments = dict(filter(None, map(column_comment, body.splitlines())))
            rows = con.execute(
                "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                "WHERE table_name = ? ORDER BY ordinal_position",
                [table],
            ).fetchall()
            schemas[table] = dg.TableSchema(
                columns=[
                    dg.TableColumn(
                        name,
                        ctype,
                        description=comments.get(name),
                        constraints=dg.TableColumnConstraints(nullable=null == "YES"),
                    )
                    for name, ctype, null in rows
                ]
            )
    finally:
        con.close()
    return schemas


def table_metadata(table: str) -> dict[str, object]:
    """Definition metadata of an asset stored as DuckDB table ``table``: its column schema."""
    schema = table_schemas().get(table)
    if schema is None:
        files = " or ".join(f"sql/{name}.sql" for name in SQL_FILES)
        raise KeyError(f"no CREATE TABLE {table} in {files}")
    return {"dagster/column_schema": schema, "dagster/table_name": table}
