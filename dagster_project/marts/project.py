"""The marts: small tables rebuilt in full from the projections on every refresh."""

from __future__ import annotations

import hashlib

import duckdb

from dagster_project.checkpoints import ProjectionStats
from dagster_project.marts.queries import use_macros
from dagster_project.warehouse import sql_text


def marts_version() -> str:
    """Version of the mart SQL: a hash of its text."""
    text = sql_text("macros") + sql_text("marts")
    return "marts-" + hashlib.sha256(text.encode()).hexdigest()[:10]


def update_marts(con: duckdb.DuckDBPyConnection) -> ProjectionStats:
    """Rebuild the small mart tables (firm_daily, firm_weekly) from the projections."""
    use_macros(con)
    con.execute("BEGIN")
    con.execute(sql_text("marts"))
    con.execute("COMMIT")
    n = con.execute("SELECT count(*) FROM firm_daily").fetchone()[0]  # type: ignore[index]
    return ProjectionStats("marts", marts_version(), True, 0, 0, 0, int(n))
