"""Projections: pure functions of the event log and the code version, kept incrementally.

Each projection records in ``projection_state`` the last log segment it consumed and
the code version that produced its rows. A run processes only newer segments; a
changed code version (parser, lexicon, rules) empties the projection and rebuilds it
from the log. Rows and checkpoint are written in one transaction, so a crash
leaves either the old state or the new one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import duckdb
import polars as pl

from dagster_project.dedup import canonical_url, story_groups
from dagster_project.eventlog import EventLog
from dagster_project.parsing import (
    PARSER_VERSION,
    headline_articles,
    parse_pages,
    parse_pages_parallel,
)
from dagster_project.scoring import SCORER_VERSION, aggregate_stances, score_articles
from dagster_project.warehouse import frame, insert_frame, sql_text

KST = "Asia/Seoul"
ARTICLE_COLUMNS = (
    "article_id",
    "version_id",
    "url",
    "fetched_url",
    "canonical_url",
    "source",
    "title",
    "published_at",
    "published_day",
    "updated_at",
    "date_source",
    "author",
    "lang",
    "body",
    "encoding",
    "parse_status",
    "parse_reason",
    "fetched_at",
    "n_versions",
    "event_seq",
    "parser_version",
)
PROJECTED_TABLES = {
    "articles": ("articles",),
    "mentions": ("mentions", "article_firm_stance"),
}


@dataclass
class ProjectionStats:
    projection: str
    code_version: str
    rebuilt: bool
    from_seq: int
    to_seq: int
    rows_in: int
    rows_out: int


def marts_version() -> str:
    """Version of the mart SQL: a hash of its text."""
    return "marts-" + hashlib.sha256(sql_text("marts").encode()).hexdigest()[:10]


def get_state(con: duckdb.DuckDBPyConnection, projection: str) -> tuple[int, str | None]:
    """(last consumed segment, code version) of a projection; (0, None) when never run."""
    row = con.execute(
        "SELECT last_seq, code_version FROM projection_state WHERE projection = ?", [projection]
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else (0, None)


def set_state(con: duckdb.DuckDBPyConnection, projection: str, seq: int, version: str) -> None:
    """Record the checkpoint; call inside the transaction that wrote the rows."""
    con.execute("DELETE FROM projection_state WHERE projection = ?", [projection])
    con.execute("INSERT INTO projection_state VALUES (?, ?, ?, now())", [projection, seq, version])


def reset(con: duckdb.DuckDBPyConnection, projection: str) -> None:
    """Forget a projection: empty its tables and its checkpoint (the log is untouched)."""
    for table in PROJECTED_TABLES[projection]:
        con.execute(f"DELETE FROM {table}")
    con.execute("DELETE FROM projection_state WHERE projection = ?", [projection])


def _start(con: duckdb.DuckDBPyConnection, projection: str, version: str) -> tuple[int, bool]:
    last, old_version = get_state(con, projection)
    if old_version is not None and old_version != version:
        con.execute("BEGIN")
        reset(con, projection)
        con.execute("COMMIT")
        return 0, True
    return last, old_version is None


def article_id(url: str) -> str:
    """Stable id of an article: hash of its canonical URL (tracking, AMP, mobile folded)."""
    return hashlib.sha256(canonical_url(url).encode()).hexdigest()[:16]


def pages_from_events(events: pl.DataFrame) -> pl.DataFrame:
    """ArticleFetched (or headline-only ArticleDiscovered) events → the input frame of
    ``parse_pages`` (``headline_articles``)."""
    meta = pl.col("meta")
    return events.select(
        version_id=pl.col("event_id"),
        url=pl.coalesce("final_url", "url"),
        source=pl.col("source"),
        content_type=pl.col("content_type"),
        raw=pl.col("body"),
        fetched_at=pl.col("recorded_at"),
        feed_published_at=meta.str.json_path_match("$.feed_published_at").str.to_datetime(
            time_zone="UTC", time_unit="us", strict=False
        ),
        feed_title=meta.str.json_path_match("$.feed_title"),
        lang_hint=meta.str.json_path_match("$.lang_hint"),
        outlet=meta.str.json_path_match("$.outlet"),  # aggregator items only
    )


def _batches(events: pl.DataFrame, rows: int) -> Iterator[pl.DataFrame]:
    for start in range(0, events.height, rows):
        yield pages_from_events(events.slice(start, rows))


def _article_rows(parsed: pl.DataFrame, seq: pl.DataFrame) -> pl.DataFrame:
    parsed = parsed.join(seq, on="version_id", how="left", maintain_order="left")
    key = pl.coalesce("canonical_url", "url")
    parsed = parsed.with_columns(key.alias("_key"))
    return parsed.with_columns(
        article_id=pl.Series([article_id(u) for u in parsed["_key"].to_list()], dtype=pl.String),
        fetched_url=pl.col("url"),
        url=pl.col("_key"),
        published_day=pl.col("published_at").dt.convert_time_zone(KST).dt.date(),
        parser_version=pl.lit(PARSER_VERSION),
    ).drop("_key")


def update_articles(
    con: duckdb.DuckDBPyConnection, log: EventLog, workers: int = 1, batch_rows: int = 200
) -> ProjectionStats:
    """Parse ArticleFetched events newer than the checkpoint into ``articles``, with the
    headline-only items of aggregator feeds (ArticleDiscovered, ``headline_only``)."""
    start, rebuilt = _start(con, "articles", PARSER_VERSION)
    last, rows_in, rows_out = start, 0, 0
    types = ["ArticleFetched", "ArticleDiscovered"]
    for events in log.iter_segments(start, event_types=types):
        headline_only = pl.col("meta").str.json_path_match("$.headline_only") == "true"
        headlines = events.filter((pl.col("event_type") == "ArticleDiscovered") & headline_only)
        events = events.filter(pl.col("event_type") == "ArticleFetched")
        if events.is_empty() and headlines.is_empty():
            continue
        rows_in += events.height + headlines.height
        seqs = pl.concat([events, headlines]).select(version_id="event_id", event_seq="seq")
        batches = _batches(events, batch_rows)
        parsed_iter = (
            parse_pages_parallel(batches, workers) if workers > 1 else map(parse_pages, batches)
        )
        parsed = pl.concat(
            [
                _article_rows(p, seqs)
                for p in [*parsed_iter, headline_articles(pages_from_events(headlines))]
            ],
            how="vertical",
        )
        last = int(seqs["event_seq"][0])
        # Rows and checkpoint commit together, segment by segment: a crash mid-replay
        # resumes after the last whole segment and never re-applies an older version.
        rows_out += _upsert_articles(con, parsed, last)
    # Segments without article events still move the checkpoint forward.
    if log.last_seq() > last:
        last = log.last_seq()
        con.execute("BEGIN")
        set_state(con, "articles", last, PARSER_VERSION)
        con.execute("COMMIT")
    return ProjectionStats("articles", PARSER_VERSION, rebuilt, start, last, rows_in, rows_out)


def _upsert_articles(con: duckdb.DuckDBPyConnection, parsed: pl.DataFrame, seq: int) -> int:
    """Replace each article with its latest version in ``parsed`` and move the checkpoint
    to ``seq``, in one transaction. Within the segment the later event in the log wins."""
    new_versions = parsed.group_by("article_id").agg(pl.len().cast(pl.Int32).alias("n_new"))
    latest = parsed.unique("article_id", keep="last", maintain_order=True)
    con.execute("BEGIN")
    con.register("_ids", latest.select("article_id").to_arrow())
    prev = frame(
        con,
        "SELECT article_id, n_versions FROM articles WHERE article_id IN "
        "(SELECT article_id FROM _ids)",
    )
    con.execute("DELETE FROM articles WHERE article_id IN (SELECT article_id FROM _ids)")
    con.unregister("_ids")
    latest = (
        latest.join(new_versions, on="article_id", how="left")
        .join(prev, on="article_id", how="left")
        .with_columns(
            n_versions=(pl.col("n_versions").fill_null(0) + pl.col("n_new")).cast(pl.Int32)
        )
        .select(ARTICLE_COLUMNS)
    )
    insert_frame(con, "articles", latest)
    set_state(con, "articles", seq, PARSER_VERSION)
    con.execute("COMMIT")
    return latest.height


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
    start, rebuilt = _start(con, "mentions", version)
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


def update_marts(con: duckdb.DuckDBPyConnection) -> ProjectionStats:
    """Rebuild the small mart tables (firm_daily, firm_weekly) from the projections."""
    con.execute("BEGIN")
    con.execute(sql_text("marts"))
    con.execute("COMMIT")
    n = con.execute("SELECT count(*) FROM firm_daily").fetchone()[0]  # type: ignore[index]
    return ProjectionStats("marts", marts_version(), True, 0, 0, 0, int(n))


def update_stories(con: duckdb.DuckDBPyConnection) -> ProjectionStats:
    """Group parsed articles into stories (exact and near copies); rebuilt in full."""
    arts = frame(
        con,
        "SELECT article_id, url, source, title, body, published_at FROM articles "
        "WHERE parse_status = 'ok' ORDER BY published_at, article_id",
    )
    groups = (
        story_groups(arts)
        if arts.height
        else pl.DataFrame(
            schema={
                "article_id": pl.String,
                "content_hash": pl.String,
                "story_id": pl.String,
                "is_copy": pl.Boolean,
                "n_copies": pl.Int32,
            }
        )
    )
    con.execute("BEGIN")
    con.execute("DELETE FROM stories")
    insert_frame(con, "stories", groups.with_columns(pl.col("n_copies").cast(pl.Int32)))
    con.execute("COMMIT")
    return ProjectionStats("stories", "dedup", True, 0, 0, arts.height, groups.height)


def replay(
    con: duckdb.DuckDBPyConnection, log: EventLog, workers: int = 1
) -> list[ProjectionStats]:
    """Rebuild every projection and mart from the log, from the first segment."""
    con.execute("BEGIN")
    for projection in PROJECTED_TABLES:
        reset(con, projection)
    # stance_history is kept: it is how two scorer versions are compared.
    con.execute("COMMIT")
    return [
        update_articles(con, log, workers),
        update_mentions(con),
        update_stories(con),
        update_marts(con),
    ]
