"""What the asset catalog promises readers: how fresh a table is, and what its columns mean.

Column schemas come from the DDL in ``sql/schema.sql`` (types and NOT NULL as DuckDB reads
them, the trailing ``--`` comment as the description), so the UI cannot drift from the
warehouse.
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

_TABLE = re.compile(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*?)\n\);", re.S)
_COMMENT = re.compile(r'^\s*"?(\w+)"?\s+[^-]*--\s*(.+)$')


@cache
def table_schemas() -> dict[str, dg.TableSchema]:
    """Every table declared in sql/schema.sql, as Dagster table schemas.

    DuckDB itself reads the DDL (into an in-memory database), so types and nullability
    are exactly the warehouse's; the descriptions are the DDL's end-of-line comments.
    """
    ddl = sql_text("schema")
    con = duckdb.connect()
    try:
        con.execute(ddl)
        schemas = {}
        for table, body in _TABLE.findall(ddl):
            comments = dict(m.groups() for m in map(_COMMENT.match, body.splitlines()) if m)
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
        raise KeyError(f"no CREATE TABLE {table} in sql/schema.sql")
    return {"dagster/column_schema": schema, "dagster/table_name": table}
