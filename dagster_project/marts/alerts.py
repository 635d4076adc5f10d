"""Alerts: a firm's stance changes and its coverage spikes, recorded once each.

Stance changes are the rows of the ``stance_timeline`` query (its raw-row reference)
that have a previous stance (a firm moving from declined to considering, or committed
to declined, in publication order). Coverage spikes follow the rule in
``sql/alerts.sql``. Each alert has an id hashed from what it is about, so a re-run or a
replay raises nothing twice; an alert is new when its id was not yet in the ``alerts``
table.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import duckdb
import polars as pl

from dagster_project.marts.queries import run_reference, use_macros
from dagster_project.warehouse import frame, insert_frame, sql_text

COLUMNS = [
    "alert_id",
    "kind",
    "firm",
    "day",
    "from_stance",
    "to_stance",
    "count",
    "baseline",
    "evidence",
    "article_id",
]


def alert_id(
    kind: str,
    firm: str,
    day: object,
    from_stance: str | None,
    to_stance: str | None,
    article_id: str | None,
) -> str:
    """A stable id for an alert: what it is about, not when it was seen."""
    # A spike is about a (firm, day); a stance change about the article that made it.
    parts = (
        [kind, firm, str(day)]
        if kind == "coverage_spike"
        else [kind, firm, article_id or "", from_stance or "", to_stance or ""]
    )
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def candidates(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every alert the current data supports, stance changes and spikes, with their ids."""
    changes = (
        # From the stance rows, not the stated_stances mart: alerts hold whether or not
        # the marts were brought up to date first.
        run_reference(con, "stance_timeline")
        .filter(pl.col("from_stance").is_not_null())
        .select(
            kind=pl.lit("stance_change"),
            firm="firm",
            day="day",
            from_stance="from_stance",
            to_stance="to_stance",
            count=pl.lit(None, pl.Int32),
            baseline=pl.lit(None, pl.Float64),
            evidence="evidence",
            article_id="article_id",
        )
    )
    use_macros(con)
    spikes = frame(con, sql_text("alerts")).with_columns(
        pl.col("count").cast(pl.Int32), pl.col("baseline").cast(pl.Float64)
    )
    both = pl.concat([changes, spikes.select(changes.columns)], how="vertical_relaxed")
    ids = [
        alert_id(*row)
        for row in both.select(
            "kind", "firm", "day", "from_stance", "to_stance", "article_id"
        ).iter_rows()
    ]
    return both.with_columns(alert_id=pl.Series(ids, dtype=pl.String)).select(COLUMNS)


def record(
    con: duckdb.DuckDBPyConnection, found: pl.DataFrame, now: dt.datetime | None = None
) -> pl.DataFrame:
    """Insert the alerts not yet in the table; return those new ones (with first_seen_at)."""
    now = now or dt.datetime.now(dt.UTC)
    known = frame(con, "SELECT alert_id FROM alerts")["alert_id"]
    new = (
        found.filter(~pl.col("alert_id").is_in(known.implode()))
        .unique("alert_id", keep="first", maintain_order=True)
        .with_columns(first_seen_at=pl.lit(now, pl.Datetime("us", "UTC")))
        .sort("day", "kind", "firm")
    )
    con.execute("BEGIN")
    insert_frame(con, "alerts", new)
    con.execute("COMMIT")
    return new


def update_alerts(con: duckdb.DuckDBPyConnection, now: dt.datetime | None = None) -> pl.DataFrame:
    """Find the alerts the data supports and record the new ones; return the new ones."""
    return record(con, candidates(con), now)


def as_payload(row: dict) -> dict:
    """An alert row as a JSON-ready dict (dates and times as ISO 8601 text)."""
    return {
        k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v) for k, v in row.items()
    }
