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
from dagster_project.parse import PARSER_VERSION, headline_articles
from dagster_project.parse.dedup import canonical_url
from dagster_project.parse.parallel import parse_tagged_parallel
from dagster_project.partitions import PARSED, PartitionStore, beside
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


def parse_segment(log: EventLog, seq: int, workers: int = 1, batch_rows: int = 200) -> pl.DataFrame:
    """The article rows of one log segment, in log order (a page may appear more than once):
    a pure function of the segment's events and ``PARSER_VERSION``. ArticleFetched events
    are parsed; headline-only items of aggregator feeds (ArticleDiscovered,
    ``headline_only``) become articles from their headline."""
    return next(parse_segments(log, [seq], workers, batch_rows))[1]


def parse_segments(
    log: EventLog, seqs: list[int], workers: int = 1, batch_rows: int = 200
) -> Iterator[tuple[int, pl.DataFrame]]:
    """``(seq, parse_segment(log, seq))`` for each of ``seqs``, in order. The pages of every
    segment go to the worker processes as one stream of batches, so the workers go on with
    the next segment while this one's rows are written, and never wait at a segment's end.
    Memory stays bounded by the batches in flight (``parallel.process_map``)."""
    aside: dict[int, tuple[pl.DataFrame, pl.DataFrame]] = {}  # seq -> (headlines, event seqs)

    def batches() -> Iterator[tuple[int, pl.DataFrame, bool]]:
        for seq in seqs:
            events = log.read_segment(seq, event_types=["ArticleFetched", "ArticleDiscovered"])
            headline_only = pl.col("meta").str.json_path_match("$.headline_only") == "true"
            headlines = events.filter((pl.col("event_type") == "ArticleDiscovered") & headline_only)
            events = events.filter(pl.col("event_type") == "ArticleFetched")
            order = pl.concat([events, headlines]).select(version_id="event_id", event_seq="seq")
            aside[seq] = (headlines, order)
            # at least one batch per segment, so that each ends with a batch marked last
            starts = range(0, events.height, batch_rows) if events.height else [0]
            for start in starts:
                last = start + batch_rows >= events.height
                yield seq, pages_from_events(events.slice(start, batch_rows)), last

    parts: list[pl.DataFrame] = []
    for seq, parsed, last in parse_tagged_parallel(batches(), workers):
        parts.append(parsed)
        if last:
            headlines, order = aside.pop(seq)
            parts.append(headline_articles(pages_from_events(headlines)))
            rows = pl.concat([_article_rows(p, order) for p in parts], how="vertical")
            parts = []
            yield (
                seq,
                rows.with_columns(pl.col("event_seq").cast(pl.Int64)).select(
                    [c for c in ARTICLE_COLUMNS if c != "n_versions"]
                ),
            )


def parsed_partition(
    store: PartitionStore,
    log: EventLog | None,
    seq: int,
    workers: int = 1,
    fresh: bool = False,
    batch_rows: int = 200,
) -> pl.DataFrame:
    """The parsed output of segment ``seq``: reused when this parser version already wrote
    it (unless ``fresh``), else parsed from the log and written for the next reader."""
    key = (PARSER_VERSION,)
    if not fresh and store.exists(PARSED, key, seq):
        return store.read(PARSED, key, seq)
    if log is None:
        raise FileNotFoundError(
            f"no parsed output for log segment {seq} (parser {PARSER_VERSION}) in "
            f"{store.url}: run the articles step first (it writes it)"
        )
    rows = parse_segment(log, seq, workers, batch_rows)
    store.write(PARSED, key, seq, rows)
    return rows


def update_articles(
    con: duckdb.DuckDBPyConnection,
    log: EventLog,
    workers: int = 0,
    batch_rows: int = 200,
    rebuild: bool = False,
    store: PartitionStore | None = None,
) -> ProjectionStats:
    """Bring ``articles`` up to date from the parsed output of each log segment newer than the
    checkpoint, computing the outputs not yet written (every one with ``rebuild``). With
    ``rebuild`` (or a new parser version) from the first segment, replacing the table in
    one transaction."""
    store = store or beside(con, log)
    p = plan(con, "articles", PARSER_VERSION, rebuild)
    with rebuilding(con, "articles", p):
        return _update_articles(con, log, store, p, workers, rebuild, batch_rows)


def _update_articles(
    con: duckdb.DuckDBPyConnection,
    log: EventLog,
    store: PartitionStore,
    p: Plan,
    workers: int,
    fresh: bool,
    batch_rows: int,
) -> ProjectionStats:
    start, rebuilt = p.start, p.rebuilt
    last, rows_in, rows_out = start, 0, 0
    segments = log.segments(start)
    key = (PARSER_VERSION,)
    missing = [s.seq for s in segments if fresh or not store.exists(PARSED, key, s.seq)]
    # the missing outputs are parsed as one stream over the workers, in segment order
    computed = parse_segments(log, missing, workers, batch_rows)
    for seg in segments:
        if seg.seq in missing:
            seq, parsed = next(computed)
            store.write(PARSED, key, seq, parsed)
        else:
            parsed = store.read(PARSED, key, seg.seq)
        if parsed.is_empty():
            continue
        rows_in += parsed.height
        last = seg.seq
        # Rows and checkpoint commit together, segment by segment: a crash mid-replay
        # resumes after the last whole segment and never re-applies an older version.
        with batch(con, p):
            rows_out += _upsert_articles(con, parsed, last)
    # Segments without article events still move the checkpoint forward.
    newest = segments[-1].seq if segments else start
    if newest > last or p.atomic:
        last = max(last, newest)
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
