"""Segment integrity: a checksum written with every segment, checked on read; a corrupt or
cut segment fails at once naming its file; `dcwatch log verify` / `quarantine`; stale
temporary files swept by the next writer when no writer is staging."""

from __future__ import annotations

import fcntl
import os
import random
from datetime import UTC, datetime

import polars as pl
import pytest

from dagster_project.cli import main
from dagster_project.eventlog import CorruptSegment, Event, EventLog, events_frame

T0 = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)


def batch(tag: str, n: int = 200) -> pl.DataFrame:
    rng = random.Random(tag)
    events = [
        Event(
            "ArticleFetched",
            f"https://x.example/{tag}/{i}",
            "src",
            f"https://x.example/{tag}/{i}",
            T0,
            status=200,
            body=rng.randbytes(400),  # incompressible: the middle of the file is page data
        )
        for i in range(n)
    ]
    return events_frame(events, tag)


def three_segments(root) -> EventLog:
    log = EventLog(root)
    for tag in ("a", "b", "c"):
        log.append(batch(tag), tag)
    return log


def corrupt_middle(path, n: int = 64) -> None:
    data = bytearray(path.read_bytes())
    mid = len(data) // 2
    data[mid : mid + n] = bytes(b ^ 0xFF for b in data[mid : mid + n])
    path.write_bytes(bytes(data))


def test_a_segment_with_64_corrupt_bytes_mid_file_fails_the_read_naming_the_file(tmp_path):
    three_segments(tmp_path)
    corrupt_middle(tmp_path / "seg-0000000002.parquet")
    fresh = EventLog(tmp_path)  # a new process: nothing verified yet
    with pytest.raises(CorruptSegment) as caught:
        fresh.read(columns=["url"])  # even a read of one small column checks the whole file
    message = str(caught.value)
    assert "seg-0000000002.parquet" in message and "checksum mismatch" in message
    assert "dcwatch log quarantine 2" in message and "\n" not in message
    assert fresh.read(after=2).height == 200  # segments past it still read
    with pytest.raises(CorruptSegment):
        list(fresh.iter_segments(after=1))


def test_a_truncated_segment_is_named_as_truncated(tmp_path):
    three_segments(tmp_path)
    path = tmp_path / "seg-0000000003.parquet"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])
    with pytest.raises(CorruptSegment, match=r"seg-0000000003\.parquet is corrupt \(truncated"):
        EventLog(tmp_path).known_ids()


def test_bytes_padded_onto_a_segment_are_noticed(tmp_path):
    log = EventLog(tmp_path)
    seg = log.append(batch("a", 5), "a")
    data = seg.path.read_bytes()
    seg.path.write_bytes(data[:-8] + b"\0" * 16 + data[-8:])  # same footer, moved
    [bad] = EventLog(tmp_path).verify()
    assert bad.seq == 1


def test_verify_then_quarantine_keeps_the_file_and_reads_skip_it(tmp_path):
    three_segments(tmp_path)
    target = tmp_path / "seg-0000000002.parquet"
    corrupt_middle(target)
    before = target.read_bytes()
    log = EventLog(tmp_path)
    assert [(e.seq, e.reason.split(":")[0]) for e in log.verify()] == [(2, "checksum mismatch")]
    log.quarantine(2, "checksum mismatch")
    assert [s.seq for s in log.segments()] == [1, 3]
    assert log.read()["stream_key"].str.extract(r"/(\w)/").unique().sort().to_list() == ["a", "c"]
    assert target.read_bytes() == before  # kept as it was
    [q] = log.quarantined()
    assert q["seq"] == 2 and q["reason"] == "checksum mismatch"
    assert log.verify() == []
    # the next writer never reuses the number of a segment set aside
    assert log.append(batch("d", 3), "d").seq == 4


def test_cli_log_verify_and_quarantine(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DCWATCH_HOME", str(tmp_path))
    three_segments(tmp_path / "events")
    assert main(["log", "verify"]) == 0
    assert "3 of 3 segments whole" in capsys.readouterr().out
    corrupt_middle(tmp_path / "events" / "seg-0000000001.parquet")
    assert main(["log", "verify"]) == 1
    out = capsys.readouterr().out
    assert "corrupt: " in out and "seg-0000000001.parquet: checksum mismatch" in out
    assert "2 of 3 segments whole" in out
    assert main(["log", "quarantine", "seg-0000000001.parquet"]) == 0
    assert "quarantined segment 1 (checksum mismatch" in capsys.readouterr().out
    assert main(["log", "verify"]) == 0
    out = capsys.readouterr().out
    assert "quarantined: " in out and "2 of 2 segments whole" in out
    assert main(["log", "quarantine", "9"]) == 2
    assert "no segment 9" in capsys.readouterr().err


def test_segments_written_before_checksums_still_read(tmp_path):
    tmp_path.mkdir(exist_ok=True)
    batch("old", 3).write_parquet(tmp_path / "seg-0000000001.parquet", compression="zstd")
    log = EventLog(tmp_path)
    assert log.verify() == [] and log.read().height == 3
    (tmp_path / "seg-0000000001.parquet").write_bytes(b"PAR1" + b"\0" * 40 + b"PAR1")
    assert len(EventLog(tmp_path).verify()) == 1


def test_stale_temporary_segments_go_with_the_next_writer_whatever_their_age(tmp_path):
    log = EventLog(tmp_path)
    log.append(batch("a", 2), "a")
    stale = tmp_path / ".tmp-crashed-1234.parquet"
    stale.write_bytes(b"PAR1 half a file")  # a writer killed a second ago
    log.append(batch("b", 2), "b")
    assert not stale.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")] == []


def test_a_live_writers_temporary_file_is_left_alone(tmp_path):
    log = EventLog(tmp_path)
    log.append(batch("a", 2), "a")
    staging = tmp_path / ".tmp-live-5678.parquet"
    staging.write_bytes(b"PAR1 being written")
    fd = os.open(tmp_path / ".writers.lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)  # what a writer holds while it stages
        log.append(batch("b", 2), "b")
        assert staging.exists()
    finally:
        os.close(fd)
    log.append(batch("c", 2), "c")
    assert not staging.exists()


@pytest.mark.slow
def test_ingest_over_a_corrupt_segment_fails_at_once_without_retries(tmp_path, monkeypatch):
    import dagster as dg

    from dagster_project.definitions import defs

    monkeypatch.setenv("DCWATCH_HOME", str(tmp_path))
    three_segments(tmp_path / "events")
    corrupt_middle(tmp_path / "events" / "seg-0000000002.parquet")
    result = defs.resolve_job_def("refresh").execute_in_process(
        asset_selection=[dg.AssetKey("raw_events")], raise_on_error=False
    )
    assert not result.success
    kinds = [e.event_type_value for e in result.all_events if e.step_key == "raw_events"]
    assert "STEP_UP_FOR_RETRY" not in kinds and kinds.count("STEP_FAILURE") == 1
    [failure] = [e for e in result.all_events if e.is_step_failure]
    description = failure.step_failure_data.user_failure_data.description
    assert "seg-0000000002.parquet is corrupt (checksum mismatch" in description
    assert "dcwatch log quarantine 2" in description
