"""Reading web archives at library speed: one decompression per record, truncation still
found, and segments bounded by bytes as well as pages."""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from datetime import UTC, datetime

from dagster_project.eventlog import Event, EventLog
from dagster_project.ingest.flush import SegmentWriter
from dagster_project.ingest.http.client import HttpClient
from dagster_project.ingest.run import run_ingest
from dagster_project.ingest.warc import WarcError, archived_pages
from tests.test_sources_kinds import make_warc, write_sources

BIG = "<html><head><title>p{i}</title></head><body><p>{text}</p></body></html>"


def big_pages(n: int, kib: int) -> list[tuple[str, str, bytes, str]]:
    text = "data center news " * (kib * 64)
    return [
        (f"https://a.example/{i}", "text/html", BIG.format(i=i, text=text).encode(), "2024-05-01")
        for i in range(n)
    ]


def test_the_archive_is_decompressed_once(tmp_path, monkeypatch):
    """warcio reads plain records: every gzip member is inflated by our reader alone."""
    make_warc(tmp_path / "a.warc.gz", big_pages(3, 4))
    calls = []
    real = zlib.decompressobj

    def counting(*args, **kwargs):
        calls.append(sys._getframe(1).f_globals["__name__"])
        return real(*args, **kwargs)

    monkeypatch.setattr(zlib, "decompressobj", counting)
    with open(tmp_path / "a.warc.gz", "rb") as fh:
        events = [e for e, _ in archived_pages(fh, "s", "w") if e is not None]
    assert [e.url for e in events] == [f"https://a.example/{i}" for i in range(3)]
    # the gzip members (3 responses + 1 request) are inflated by our reader, one each;
    # warcio makes one decompressor to probe the start of the stream, finds it plain and
    # drops it (the old reader let warcio inflate every member a second time)
    assert calls.count("dagster_project.ingest.warc") == 4
    assert calls.count("warcio.bufferedreaders") == 1


def test_garbage_after_the_last_record_is_a_cut_record(tmp_path):
    make_warc(tmp_path / "a.warc.gz", big_pages(2, 1))
    plain = gzip.decompress((tmp_path / "a.warc.gz").read_bytes())
    cut = plain + b"WARC/1.0\r\nWARC-Type: resp"
    try:
        list(archived_pages(io.BytesIO(cut), "s", "w"))
        raise AssertionError("a record cut in its headers was read in silence")
    except WarcError as exc:
        assert "truncated?" in str(exc)
    # blank lines after the last record are only a separator
    assert len(list(archived_pages(io.BytesIO(plain + b"\r\n\r\n"), "s", "w"))) == 3


def test_an_import_flushes_a_segment_per_megabytes_as_well_as_pages(tmp_path):
    make_warc(tmp_path / "a.warc.gz", big_pages(5, 400))  # ~0.4 MB a page
    cfg = write_sources(tmp_path, "  - {name: arc, kind: warc, url: a.warc.gz, flush_mb: 1}\n")
    log = EventLog(tmp_path / "e")
    report = run_ingest(cfg, log, HttpClient(), "r", progress=False)
    assert report.new_events == 5
    # 3 pages pass 1 MB, then the last 2 at the end: two segments, not one of 5 pages
    assert report.archive_segments == [1, 2]
    assert sorted(log.read()["seq"].value_counts().rows()) == [(1, 3), (2, 2)]


def test_the_segment_writer_flushes_on_bytes(tmp_path):
    log = EventLog(tmp_path / "e")
    writer = SegmentWriter(log, "r", every_pages=100, every_s=3600, every_bytes=1000)
    when = datetime(2024, 5, 1, tzinfo=UTC)

    def fetched(i: int, size: int) -> Event:
        url = f"https://a.example/{i}"
        return Event("ArticleFetched", url, "s", url, when, status=200, body=b"x" * size)

    writer.add([fetched(1, 600)], pages=1)
    assert writer.segments == []
    writer.add([fetched(2, 600)], pages=1)
    assert len(writer.segments) == 1 and writer.segments[0].events == 2
