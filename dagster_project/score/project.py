"""The score stage's projection: ``mentions`` and ``article_firm_stance`` from ``articles``."""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import polars as pl

from dagster_project.checkpoints import ProjectionStats, begin, set_state
from dagster_project.score import SCORER_VERSION, aggregate_stances, score_articles
from dagster_project.warehouse import frame, insert_frame


def update_mentions(
    con: duckdb.DuckDBPyConnection,
    batch_rows: int = 2000,
    scorer: Callable[[pl.DataFrame], pl.DataFrame] = score_articles,
    version: str = SCORER_VERSION,
) -> ProjectionStats:
    """Score articles changed since the checkpoint into ``mentions`` and ``article_firm_stance``.

    ``scorer`` and ``version`` default to the package's rule set; a different pair (a
    candidate rule set) rebuilds the projection and keeps both versions' verdicts in
    ``stance_history``.
    """
    start, rebuilt = begin(con, "mentions", version)
    changed = frame(
        con,
        "SELECT article_id, lang, title, body, parse_status, event_seq FROM articles "
        "WHERE event_seq > ? ORDER BY event_seq, article_id",
        [start],
    )
    last = start if changed.is_empty() else max(start, int(changed["event_seq"].max()))  # type: ignore[arg-type]
    rows_out = 0
    for offset in range(0, changed.height, batch_rows):
        chunk = changed.slice(offset, batch_rows)
        ok = chunk.filter(pl.col("parse_status") == "ok")
        mentions = scorer(ok.select("article_id", "lang", "title", "body"))
        stances = aggregate_stances(mentions)
        con.execute("BEGIN")
        con.register("_ids", chunk.select("article_id").to_arrow())
        for table in ("mentions", "article_firm_stance"):
            con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM _ids)")
        con.execute(
            "DELETE FROM stance_history WHERE scorer_version = ? AND article_id IN "
            "(SELECT article_id FROM _ids)",
            [version],
        )
        con.unregister("_ids")
        insert_frame(con, "mentions", mentions)
        insert_frame(con, "article_firm_stance", stances)
        insert_frame(
            con,
            "stance_history",
            stances.select(
                "scorer_version",
                "article_id",
                "firm",
                "stance",
                "score",
                "confidence",
                "evidence",
                "location",
            ),
        )
        con.execute("COMMIT")
        rows_out += mentions.height
    con.execute("BEGIN")
    set_state(con, "mentions", last, version)
    con.execute(
        "INSERT INTO scorer_versions SELECT ?, now() WHERE NOT EXISTS "
        "(SELECT 1 FROM scorer_versions WHERE scorer_version = ?)",
        [version, version],
    )
    con.execute("COMMIT")
    return ProjectionStats("mentions", version, rebuilt, start, last, changed.height, rows_out)
