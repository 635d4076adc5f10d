"""The append-only log: ids, dedup, versions, checkpoints, crash safety, concurrent writers."""

from __future__ import annotations

import multiprocessing as mp
from datetime import UTC, datetime

import polars as pl
import pytest

from dagster_project.eventlog import Event, EventLog, event_id, events_frame

T0 = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)


def fetched(url: str, body: bytes) -> Event:
    return Event(
        "ArticleFetched", url, "src", url, T0, status=200, body=body, content_type="text/html"
    )


def test_event_id_is_deterministic_and_content_sensitive():
    a = event_id("ArticleFetched", "https://x.example/1", "h1")
    assert a == event_id("ArticleFetched", "https://x.example/1", "h1")
    assert a != event_id("ArticleFetched", "https://x.example/1", "h2")
    assert a != event_id("FetchFailed", "https://x.example/1", "h1")


def test_unknown_event_type_is_refused():
    with pytest.raises(ValueError, match="unknown event type"):
        Event("Guessed", "k", "s", "u", T0)


def test_reingesting_same_content_adds_nothing_and_change_is_a_new_version(tmp_path):
    log = EventLog(tmp_path / "events")
    first = log.append(events_frame([fetched("https://x.example/1", b"<p>one</p>")], "r1"), "r1")
    assert first is not None and first.seq == 1
    again = log.append(events_frame([fetched("https://x.example/1", b"<p>one</p>")], "r2"), "r2")
    assert again is None
    changed = log.append(events_frame([fetched("https://x.example/1", b"<p>two</p>")], "r3"), "r3")
    assert changed is not None and changed.seq == 2
    frame = log.read()
    assert frame["stream_key"].to_list() == ["https://x.example/1"] * 2
    assert frame["body"].to_list() == [b"<p>one</p>", b"<p>two</p>"]
    assert frame["seq"].to_list() == [1, 2]


def test_duplicates_within_one_batch_are_written_once(tmp_path):
    log = EventLog(tmp_path)
    e = fetched("https://x.example/1", b"same")
    seg = log.append(events_frame([e, e], "r"), "r")
    assert pl.read_parquet(seg.path).height == 1


def test_a_writer_sees_what_another_writer_added_since_it_last_looked(tmp_path):
    # each EventLog remembers the ids it has read; segments another process adds later
    # must still count, or their events would be written twice
    mine, theirs = EventLog(tmp_path), EventLog(tmp_path)
    mine.append(events_frame([fetched("https://x.example/1", b"a")], "r1"), "r1")
    assert len(mine.known_ids()) == 1
    theirs.append(events_frame([fetched("https://x.example/2", b"b")], "r2"), "r2")
    again = [fetched("https://x.example/2", b"b"), fetched("https://x.example/3", b"c")]
    seg = mine.append(events_frame(again, "r3"), "r3")
    assert seg is not None and pl.read_parquet(seg.path)["url"].to_list() == ["https://x.example/3"]
    assert mine.read()["url"].to_list() == [f"https://x.example/{i}" for i in (1, 2, 3)]
    assert mine.read()["seq"].to_list() == [1, 2, 3]


def test_read_after_checkpoint_returns_only_newer_segments(tmp_path):
    log = EventLog(tmp_path)
    for i in range(3):
        log.append(events_frame([fetched(f"https://x.example/{i}", b"b")], f"r{i}"), f"r{i}")
    assert log.read(after=0).height == 3
    newer = log.read(after=2)
    assert newer["stream_key"].to_list() == ["https://x.example/2"]
    assert log.read(after=3).height == 0
    assert log.read(after=0, event_types=["FeedPolled"]).height == 0


def test_temporary_files_are_invisible_and_stale_ones_are_cleaned(tmp_path):
    log = EventLog(tmp_path)
    tmp_path.mkdir(exist_ok=True)
    stale = tmp_path / ".tmp-crashed-0000.parquet"
    stale.write_bytes(b"PAR1 half a file")
    import os

    os.utime(stale, (0, 0))
    assert log.segments() == [] and log.read().height == 0
    log.append(events_frame([fetched("https://x.example/1", b"b")], "r"), "r")
    assert not stale.exists()
    assert [s.seq for s in log.segments()] == [1]


def test_segments_are_immutable_files_with_zstd(tmp_path):
    log = EventLog(tmp_path)
    seg = log.append(events_frame([fetched("https://x.example/1", b"b")], "run-1"), "run-1")
    assert seg.path.name == "seg-0000000001.parquet"
    assert pl.read_parquet(seg.path)["run_id"].to_list() == ["run-1"]
    import pyarrow.parquet as pq

    assert pq.ParquetFile(seg.path).metadata.row_group(0).column(0).compression == "ZSTD"


def _writer(root: str, n: int, tag: str) -> None:
    log = EventLog(root)
    for i in range(n):
        log.append(
            events_frame([fetched(f"https://x.example/{tag}/{i}", tag.encode())], tag), f"{tag}{i}"
        )


@pytest.mark.slow
def test_concurrent_writers_get_gapless_distinct_sequence_numbers(tmp_path):
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), 8, t)) for t in ("a", "b", "c")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    seqs = [s.seq for s in EventLog(tmp_path).segments()]
    assert seqs == list(range(1, 25))
    assert EventLog(tmp_path).read().height == 24
