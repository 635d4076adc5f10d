"""The marts: small tables the trend queries read, kept up to date day by day.

A refresh recomputes only the days that its new or re-scored articles (and the
articles whose story changed) were or are on: ``sql/marts.sql`` on the articles
listed in ``_touched``. New mart SQL, a new parser, scorer or grouping version, or a
rebuild recomputes every day, in the same one transaction. When nothing was touched the
marts are left alone and the step says so (``rows_in`` 0), so what is drawn from them
(charts, the report, the published copy) need not be redrawn.
"""

from __future__ import annotations

import hashlib

import duckdb

from dagster_project.checkpoints import ProjectionStats, get_state, set_state, transaction
from dagster_project.marts.queries import use_macros
from dagster_project.warehouse import sql_text

MART_TABLES = (
    "firm_daily",
    "firm_weekly",
    "firm_location_daily",
    "firm_story_days",
    "daily_articles",
    "stated_stances",
    "mart_rows",
)
UPSTREAM = ("articles", "mentions", "stories")


def marts_version() -> str:
    """Version of the mart SQL: a hash of its text."""
    text = sql_text("macros") + sql_text("marts")
    return "marts-" + hashlib.sha256(text.encode()).hexdigest()[:10]


def state_version(con: duckdb.DuckDBPyConnection) -> str:
    """The mart SQL's version with the versions of the projections it counts: a change in
    any of them means every day is recomputed."""
    upstream = [str(get_state(con, p)[1]) for p in UPSTREAM]
    return "+".join([marts_version(), *upstream])


def update_marts(con: duckdb.DuckDBPyConnection, rebuild: bool = False) -> ProjectionStats:
    """Bring the marts up to date with the projections, recomputing only touched days."""
    use_macros(con)
    last, done_by = get_state(con, "marts")
    version = state_version(con)
    rebuilt = rebuild or done_by != version
    top = con.execute("SELECT coalesce(max(event_seq), 0) FROM articles").fetchone()[0]  # type: ignore[index]
    with transaction(con):
        if rebuilt:
            for table in MART_TABLES:
                con.execute(f"DELETE FROM {table}")
            con.execute("CREATE OR REPLACE TEMP TABLE _touched AS SELECT article_id FROM articles")
        else:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE _touched AS SELECT article_id FROM articles "
                "WHERE event_seq > ? UNION SELECT article_id FROM story_changes",
                [last],
            )
        touched = con.execute("SELECT count(*) FROM _touched").fetchone()[0]  # type: ignore[index]
        if touched:
            con.execute(sql_text("marts"))
        con.execute("DELETE FROM story_changes")
        set_state(con, "marts", int(top), version)
    n = con.execute("SELECT count(*) FROM firm_daily").fetchone()[0]  # type: ignore[index]
    return ProjectionStats("marts", version, rebuilt, last, int(top), int(touched), int(n))
