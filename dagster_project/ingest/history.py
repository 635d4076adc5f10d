"""What the log already knows about URLs: validators, last fetches, and pages still owed.

Conditional GET makes an unchanged feed cost one 304 and no events, which also means
its items are not listed again. A page whose fetch failed on a transient fault would
then never be retried; the retry queue brings such pages back for a few days.
"""

from __future__ import annotations

import io
import json
import logging
from datetime import datetime, timedelta

import polars as pl

from dagster_project.eventlog import EventLog, now_utc
from dagster_project.ingest.config import SourcesConfig
from dagster_project.ingest.discover import Found, Validators

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


SEEN_COLUMNS = ["event_type", "stream_key", "recorded_at", "etag", "last_modified"]
SEEN_TYPES = ["FeedPolled", "ArticleFetched"]
_LOG = logging.getLogger(__name__)
INDEX_DIR = "_index"  # under the log folder: derived, rebuilt from the log when missing


def latest_per_url(log: EventLog) -> pl.DataFrame:
    """Each URL's newest FeedPolled/ArticleFetched event (the SEEN_COLUMNS and seq).

    Every ingest pass needs this, and reading the whole log for it would make each pass
    slower than the last. So the answer is kept as ``_index/seen-<seq>.arrow`` in the
    log folder, a pure function of segments 1..seq (Arrow IPC, so that no ``*.parquet``
    glob over the log picks it up): a pass reads it plus the segments added since, and
    writes the next one (temporary name, then rename). A missing or unreadable index is
    rebuilt from the log.
    """
    cached, upto = _read_index(log)
    new = log.read(after=upto, columns=SEEN_COLUMNS, event_types=SEEN_TYPES)
    frame = new if cached is None else pl.concat([cached.select(new.columns), new])
    latest = frame.sort("seq", "recorded_at").group_by("stream_key", maintain_order=True).last()
    last = max(upto, int(new["seq"].max() or 0)) if new.height else upto
    if last > upto or cached is None:
        _write_index(log, latest, last)
    return latest


def _read_index(log: EventLog) -> tuple[pl.DataFrame | None, int]:
    names = [n for n in log.derived(INDEX_DIR) if n.endswith(".arrow")]
    if not names:
        return None, 0
    try:
        data = log.read_derived(names[-1])
        return pl.read_ipc(io.BytesIO(data)), int(names[-1].rsplit("-", 1)[1].split(".")[0])
    except Exception as exc:  # a damaged cache is no reason to fail: the log has the answer
        _LOG.warning("ingest index %s unreadable (%s); rebuilding it from the log", names[-1], exc)
        return None, 0


def _write_index(log: EventLog, latest: pl.DataFrame, seq: int) -> None:
    name = f"{INDEX_DIR}/seen-{seq:010d}.arrow"
    try:
        buffer = io.BytesIO()
        latest.write_ipc(buffer, compression="zstd")
        log.write_derived(name, buffer.getvalue())
        for old in log.derived(INDEX_DIR):
            if old != name:
                log.delete_derived(old)
    except OSError:
        pass  # a read-only or full disk costs speed on the next pass, never the ingest


def latest_seen(log: EventLog) -> tuple[Validators, dict[str, datetime]]:
    """Per URL: the newest ETag/Last-Modified the log holds, and when content was last fetched."""
    latest = latest_per_url(log)
    given = (pl.col("etag").fill_null("") != "") | (pl.col("last_modified").fill_null("") != "")
    known = latest.filter(given)
    pairs = zip(known["etag"], known["last_modified"], strict=True)
    validators = dict(zip(known["stream_key"], pairs, strict=True))
    fetched = latest.filter(pl.col("event_type") == "ArticleFetched")
    return validators, dict(zip(fetched["stream_key"], fetched["recorded_at"], strict=True))


def _written_before(log: EventLog, cutoff: datetime) -> int:
    """The checkpoint just before the first segment whose file was written after
    ``cutoff``: a retry owed for the last few days sits in those segments, so older ones
    need not be read (walked newest first, one stat per recent segment)."""
    segs = log.segments()
    after = segs[-1].seq if segs else 0
    for seg in reversed(segs):
        if seg.written_at < cutoff.timestamp():
            break
        after = seg.seq - 1
    return after


def retry_queue(
    log: EventLog, config: SourcesConfig, fetched: set[str], days: int = 3
) -> list[Found]:
    """Pages discovered in the last ``days`` that have no content yet and did not fail
    for good: those that failed on a transient fault, and those a pass left unfetched
    (past a source's ``max_items``, or cut short by a stop)."""
    since = now_utc() - timedelta(days=days)
    frame = log.read(
        after=_written_before(log, since - timedelta(days=1)),
        columns=["event_type", "stream_key", "source", "recorded_at", "meta", "error"],
        event_types=["FetchFailed", "ArticleDiscovered"],
    )
    recent = frame.filter(pl.col("recorded_at") >= since)
    refused = recent.filter(
        (pl.col("event_type") == "FetchFailed")
        & pl.any_horizontal(pl.col("error").str.starts_with(p) for p in PERMANENT)
    )
    found = (
        frame.filter(
            (pl.col("event_type") == "ArticleDiscovered")
            & ~pl.col("meta").str.contains('"headline_only": true', literal=True)
        )
        .sort("seq", "recorded_at")
        .group_by("stream_key", maintain_order=True)
        .last()
    )
    failed_recently = set(
        recent.filter(pl.col("event_type") == "FetchFailed")["stream_key"].to_list()
    )
    discovered_recently = set(
        recent.filter(pl.col("event_type") == "ArticleDiscovered")["stream_key"].to_list()
    )
    owed = (failed_recently | discovered_recently) - fetched - set(refused["stream_key"])
    if not owed:
        return []
    sources = {s.name: s for s in config.sources}
    return [
        Found(sources[r["source"]], r["stream_key"], json.loads(r["meta"]))
        for r in found.filter(pl.col("stream_key").is_in(owed)).iter_rows(named=True)
        if r["source"] in sources  # a source removed from the file is not fetched any more
    ]
