"""What the log already knows about URLs: validators, last fetches, and pages still owed.

Conditional GET makes an unchanged feed cost one 304 and no events, which also means
its items are not listed again. A page whose fetch failed on a transient fault would
then never be retried; the retry queue brings such pages back for a few days.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import polars as pl

from dagster_project.eventlog import EventLog, now_utc
from dagster_project.sources.config import SourcesConfig
from dagster_project.sources.discover import Found, Validators

# Refusals that another attempt cannot change: retrying them only knocks on the same door.
PERMANENT = (
    "blocked_address",
    "robots",
    "content_type",
    "unsupported scheme",
    "http_404",
    "http_410",
    "too_large",
    "decompression_bomb",
)


def latest_seen(log: EventLog) -> tuple[Validators, dict[str, datetime]]:
    """Per URL: the newest ETag/Last-Modified the log holds, and when content was last fetched."""
    frame = log.read(
        columns=["event_type", "stream_key", "recorded_at", "etag", "last_modified"],
        event_types=["FeedPolled", "ArticleFetched"],
    )
    latest = frame.sort("seq", "recorded_at").group_by("stream_key").last()
    validators = {
        r["stream_key"]: (r["etag"], r["last_modified"])
        for r in latest.iter_rows(named=True)
        if r["etag"] or r["last_modified"]
    }
    fetched = latest.filter(pl.col("event_type") == "ArticleFetched")
    return validators, dict(zip(fetched["stream_key"], fetched["recorded_at"], strict=True))


def retry_queue(
    log: EventLog, config: SourcesConfig, fetched: set[str], days: int = 3
) -> list[Found]:
    """Pages that failed transiently in the last ``days`` and have no content yet."""
    frame = log.read(
        columns=["event_type", "stream_key", "source", "recorded_at", "meta", "error"],
        event_types=["FetchFailed", "ArticleDiscovered"],
    )
    since = now_utc() - timedelta(days=days)
    failed = frame.filter(
        (pl.col("event_type") == "FetchFailed")
        & (pl.col("recorded_at") >= since)
        & pl.col("meta").str.contains('"what": "article"', literal=True)
        & ~pl.any_horizontal(pl.col("error").str.starts_with(p) for p in PERMANENT)
    )
    owed = set(failed["stream_key"].to_list()) - fetched
    if not owed:
        return []
    sources = {s.name: s for s in config.sources}
    found = (
        frame.filter(
            (pl.col("event_type") == "ArticleDiscovered") & pl.col("stream_key").is_in(owed)
        )
        .sort("seq", "recorded_at")
        .group_by("stream_key", maintain_order=True)
        .last()
    )
    return [
        Found(sources[r["source"]], r["stream_key"], json.loads(r["meta"]))
        for r in found.iter_rows(named=True)
        if r["source"] in sources  # a source removed from the file is not fetched any more
    ]
