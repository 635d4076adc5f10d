"""The score stage's projection: ``mentions`` and ``article_firm_stance`` from ``articles``.

Each article costs a bounded amount: a body over the budget is scored on its headline
and first part and marked ``truncated`` in ``article_score_status``; an article the
scorer raises on is marked ``failed`` there, with the reason, and skipped, so it never
holds up the others (it is tried again at the next rebuild).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import duckdb
import polars as pl

from dagster_project.checkpoints import (
    Plan,
    ProjectionStats,
    batch,
    plan,
    rebuilding,
    set_state,
)
from dagster_project.score import MENTION_SCHEMA, SCORER_VERSION, aggregate_stances, score_articles
from dagster_project.score.budget import MAX_ARTICLE_CHARS, within_budget
from dagster_project.score.parallel import chunk_rows, close_pools, score_chunks, worker_count
from dagster_project.warehouse import frame, insert_frame

Scorer = Callable[[pl.DataFrame], pl.DataFrame]
STATUS_SCHEMA = {
    "article_id": pl.String,
    "status": pl.String,
    "reason": pl.String,
    "body_chars": pl.Int64,
    "scorer_version": pl.String,
}


def update_mentions(
    con: duckdb.DuckDBPyConnection,
    batch_rows: int = 2000,
    scorer: Scorer = score_articles,
    version: str = SCORER_VERSION,
    rebuild: bool = False,
    workers: int | None = None,
) -> ProjectionStats:
    """Score articles changed since the checkpoint into ``mentions`` and ``article_firm_stance``.

    ``scorer`` and ``version`` default to the package's rule set; a different pair (a
    candidate rule set) rebuilds the projection and keeps both versions' verdicts in
    ``stance_history``. A rebuild replaces the tables in one transaction. ``workers``:
    processes for the package's scorer (default ``DCWATCH_WORKERS``, else one per core).
    """
    p = plan(con, "mentions", version, rebuild)
    try:
        with rebuilding(con, "mentions", p):
            return _update_mentions(con, p, batch_rows, scorer, version, workers)
    finally:
        close_pools()  # scoring is the last step that needs the workers and their models


def _update_mentions(
    con: duckdb.DuckDBPyConnection,
    p: Plan,
    batch_rows: int,
    scorer: Scorer,
    version: str,
    workers: int | None,
) -> ProjectionStats:
    start = p.start
    changed = frame(
        con,
        "SELECT article_id, lang, title, body, parse_status, event_seq FROM articles "
        "WHERE event_seq > ? ORDER BY event_seq, article_id",
        [start],
    )
    last = start if changed.is_empty() else max(start, int(changed["event_seq"].max()))  # type: ignore[arg-type]
    rows_out = 0
    # the package's scorer runs on every core; a candidate rule set passed in, in process
    workers = worker_count(workers) if scorer is score_articles else 1
    rows = chunk_rows(changed.height, batch_rows, workers)
    chunks = [changed.slice(offset, rows) for offset in range(0, changed.height, rows)]
    scored = score_chunks(partial(_score_chunk, scorer=scorer), chunks, workers)
    for chunk, (ok, mentions, failed) in zip(chunks, scored, strict=True):
        stances = aggregate_stances(mentions)
        status = _status_rows(ok, failed, version)
        with batch(con, p):
            _replace(con, chunk.select("article_id"), version, mentions, stances, status)
        rows_out += mentions.height
    with batch(con, p):
        set_state(con, "mentions", last, version)
        con.execute(
            "INSERT INTO scorer_versions SELECT ?, now() WHERE NOT EXISTS "
            "(SELECT 1 FROM scorer_versions WHERE scorer_version = ?)",
            [version, version],
        )
    return ProjectionStats("mentions", version, p.rebuilt, start, last, changed.height, rows_out)


def _score_chunk(
    chunk: pl.DataFrame, scorer: Scorer
) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, str]]:
    ok = within_budget(chunk.filter(pl.col("parse_status") == "ok"))
    mentions, failed = score_isolated(ok.select("article_id", "lang", "title", "body"), scorer)
    return ok.drop("title", "body"), mentions, failed


def score_isolated(articles: pl.DataFrame, scorer: Scorer) -> tuple[pl.DataFrame, dict[str, str]]:
    """Mentions of `articles`, and {article_id: reason} for those the scorer raised on.
    A batch that raises is halved until the articles at fault stand alone, so one bad
    article costs a few extra passes, not its batch."""
    mentions, failed = _halving(articles, scorer)
    if failed and len(failed) == articles.height > 1:
        # every article failing says the scorer cannot run (a missing model, no memory),
        # not that the articles are bad: fail the run rather than skip them all
        raise RuntimeError(
            f"the scorer failed on all {articles.height} articles of a batch: "
            f"{next(iter(failed.values()))}"
        )
    return mentions, failed


def _halving(articles: pl.DataFrame, scorer: Scorer) -> tuple[pl.DataFrame, dict[str, str]]:
    try:
        return scorer(articles), {}
    except Exception as exc:  # noqa: BLE001 - any error of one article must not stop the rest
        if articles.height <= 1:
            ids = articles["article_id"].to_list()
            return pl.DataFrame(schema=MENTION_SCHEMA), {i: _reason(exc) for i in ids}
    half = articles.height // 2
    left, right = (_halving(part, scorer) for part in (articles[:half], articles[half:]))
    return pl.concat([left[0], right[0]]), {**left[1], **right[1]}


def _reason(exc: BaseException) -> str:
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"scorer error: {type(exc).__name__}: {first}"[:300]


def _status_rows(ok: pl.DataFrame, failed: dict[str, str], version: str) -> pl.DataFrame:
    truncated = ok.filter(pl.col("truncated") & ~pl.col("article_id").is_in(list(failed))).select(
        "article_id",
        status=pl.lit("truncated"),
        reason=pl.lit(
            f"body over {MAX_ARTICLE_CHARS:,} characters: scored on the headline "
            f"and the first {MAX_ARTICLE_CHARS:,}"
        ),
        body_chars="body_chars",
    )
    failures = ok.filter(pl.col("article_id").is_in(list(failed))).select(
        "article_id",
        status=pl.lit("failed"),
        reason=pl.col("article_id").replace_strict(failed, return_dtype=pl.String),
        body_chars="body_chars",
    )
    both = pl.concat([truncated, failures]).with_columns(scorer_version=pl.lit(version))
    return both.cast(STATUS_SCHEMA).select(list(STATUS_SCHEMA))  # type: ignore[arg-type]


def _replace(
    con: duckdb.DuckDBPyConnection,
    ids: pl.DataFrame,
    version: str,
    mentions: pl.DataFrame,
    stances: pl.DataFrame,
    status: pl.DataFrame,
) -> None:
    """Replace the rows of the articles in `ids` (inside the caller's transaction)."""
    con.register("_ids", ids.to_arrow())
    for table in ("mentions", "article_firm_stance", "article_score_status"):
        con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM _ids)")
    con.execute(
        "DELETE FROM stance_history WHERE scorer_version = ? AND article_id IN "
        "(SELECT article_id FROM _ids)",
        [version],
    )
    con.unregister("_ids")
    insert_frame(con, "mentions", mentions)
    insert_frame(con, "article_firm_stance", stances)
    insert_frame(con, "article_score_status", status)
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
