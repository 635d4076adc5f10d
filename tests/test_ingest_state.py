"""What each ingest pass reads about the past: a derived index kept beside the log, equal
to reading the whole log, rebuilt when missing or damaged."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta

import polars as pl

from dagster_project.eventlog import Event, EventLog, events_frame
from dagster_project.ingest.config import load_sources
from dagster_project.ingest.history import (
    INDEX_DIR,
    SEEN_COLUMNS,
    SEEN_TYPES,
    latest_per_url,
    latest_seen,
    retry_queue,
)

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def fetched(url: str, body: bytes, etag: str, at: datetime = T0) -> Event:
    return Event("ArticleFetched", url, "src", url, at, status=200, body=body, etag=etag, meta={})


def full_read(log: EventLog) -> pl.DataFrame:
    frame = log.read(columns=SEEN_COLUMNS, event_types=SEEN_TYPES)
    return frame.sort("seq", "recorded_at").group_by("stream_key").last().sort("stream_key")


def test_the_index_equals_a_full_read_and_follows_new_segments(tmp_path):
    log = EventLog(tmp_path / "events")
    log.append(events_frame([fetched("https://a.example/1", b"v1", '"1"')], "r1"), "r1")
    log.append(events_frame([fetched("https://a.example/2", b"x", '"x"')], "r2"), "r2")
    first = latest_per_url(log)
    assert first.sort("stream_key").equals(full_read(log))
    index = tmp_path / "events" / INDEX_DIR
    assert [p.name for p in index.glob("seen-*.arrow")] == ["seen-0000000002.arrow"]
    # a new version of one page: the index moves on and keeps the newest validators
    later = fetched("https://a.example/1", b"v2", '"2"', T0 + timedelta(hours=1))
    log.append(events_frame([later], "r3"), "r3")
    validators, seen = latest_seen(log)
    assert validators["https://a.example/1"] == ('"2"', None)
    assert seen["https://a.example/1"] == T0 + timedelta(hours=1)
    assert [p.name for p in index.glob("seen-*.arrow")] == ["seen-0000000003.arrow"]
    assert latest_per_url(log).sort("stream_key").equals(full_read(log))
    # the index holds one row per URL, not one per event
    assert pl.read_ipc(index / "seen-0000000003.arrow").height == 2


def test_a_pass_reads_the_index_not_the_old_segments(tmp_path):
    log = EventLog(tmp_path / "events")
    log.append(events_frame([fetched("https://a.example/1", b"v1", '"1"')], "r1"), "r1")
    latest_per_url(log)
    index = tmp_path / "events" / INDEX_DIR / "seen-0000000001.arrow"
    # plant a row only the index holds: if the pass re-read the log, it would not see it
    planted = pl.read_ipc(index).with_columns(
        pl.lit("https://planted.example/").alias("stream_key")
    )
    planted.write_ipc(index)
    assert list(latest_seen(log)[0]) == ["https://planted.example/"]


def test_a_damaged_or_missing_index_is_rebuilt_from_the_log(tmp_path, caplog):
    log = EventLog(tmp_path / "events")
    log.append(events_frame([fetched("https://a.example/1", b"v1", '"1"')], "r1"), "r1")
    latest_per_url(log)
    index = tmp_path / "events" / INDEX_DIR / "seen-0000000001.arrow"
    index.write_bytes(b"not arrow")
    assert latest_seen(log)[0] == {"https://a.example/1": ('"1"', None)}
    assert "unreadable" in caplog.text  # said, not hidden
    assert pl.read_ipc(index).height == 1  # rewritten whole
    index.unlink()
    assert latest_seen(log)[0] == {"https://a.example/1": ('"1"', None)}
    # the index is not a segment: the log still reads as one event
    assert log.read().height == 1 and log.last_seq() == 1


def test_retries_read_only_recently_written_segments(tmp_path):
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n  - {name: src, kind: rss, url: 'https://a.example/rss'}\n")
    config = load_sources(sources)
    log = EventLog(tmp_path / "events")
    now = datetime.now(UTC)

    def failure(url: str) -> list[Event]:
        meta = {"feed_url": "https://a.example/rss", "guid": url}
        return [
            Event("ArticleDiscovered", url, "src", url, now, meta=meta, identity=url),
            Event(
                "FetchFailed",
                url,
                "src",
                url,
                now,
                error="http_503",
                meta={"what": "article", "attempts": 3},
                identity=f"http_503|{url}",
            ),
        ]

    old = log.append(events_frame(failure("https://a.example/old"), "r1"), "r1")
    week_ago = time.time() - 7 * 86400
    os.utime(old.path, (week_ago, week_ago))  # a segment written a week ago
    log.append(events_frame(failure("https://a.example/new"), "r2"), "r2")
    owed = [f.url for f in retry_queue(log, config, set())]
    assert owed == ["https://a.example/new"]
