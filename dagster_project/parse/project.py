"""The parse stage's ``articles`` projection, from the log (``stories``: parse/stories.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

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
from dagster_project.eventlog import EventLog
from dagster_project.parse import (
    PARSER_VERSION,
    headline_articles,
    parse_pages,
    parse_pages_parallel,
)
from dagster_project.parse.dedup import canonical_url
from dagster_project.warehouse import frame, insert_frame

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
    con: duckdb.DuckDBPyConnection,
    log: EventLog,
    workers: int = 1,
    batch_rows: int = 200,
    rebuild: bool = False,
) -> ProjectionStats:
    """Parse ArticleFetched events newer than the checkpoint into ``articles``, with the
    headline-only items of aggregator feeds (ArticleDiscovered, ``headline_only``).
    With ``rebuild`` (or a new parser version) the whole log, replacing the table in
    one transaction."""
    p = plan(con, "articles", PARSER_VERSION, rebuild)
    with rebuilding(con, "articles", p):
        return _update_articles(con, log, p, workers, batch_rows)


def _update_articles(
    con: duckdb.DuckDBPyConnection, log: EventLog, p: Plan, workers: int, batch_rows: int
) -> ProjectionStats:
    start, rebuilt = p.start, p.rebuilt
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
        with batch(con, p):
            rows_out += _upsert_articles(con, parsed, last)
    # Segments without article events still move the checkpoint forward.
    if log.last_seq() > last or p.atomic:
        last = max(last, log.last_seq())
        with batch(con, p):
            set_state(con, "articles", last, PARSER_VERSION)
    return ProjectionStats("articles", PARSER_VERSION, rebuilt, start, last, rows_in, rows_out)


def _upsert_articles(con: duckdb.DuckDBPyConnection, parsed: pl.DataFrame, seq: int) -> int:
    """Replace each article with its latest version in ``parsed`` and move the checkpoint
    to ``seq`` (inside the caller's transaction). Within the segment the later event in
    the log wins."""
    new_versions = parsed.group_by("article_id").agg(pl.len().cast(pl.Int32).alias("n_new"))
    latest = parsed.unique("article_id", keep="last", maintain_order=True)
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
    return latest.height
