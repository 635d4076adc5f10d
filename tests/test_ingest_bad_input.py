"""Bad input gets a plain reason: odd source names, stray NUL bytes, lying WARC records,
and network faults recorded without library internals."""

from __future__ import annotations

import re
import socket

import pytest

from dagster_project.eventlog import EventLog
from dagster_project.ingest.config import SourcesError, load_sources
from dagster_project.ingest.http.client import HttpClient
from dagster_project.ingest.run import run_ingest
from dagster_project.parse.page import parse_page
from tests.test_fetch_faults import _closing_server, config, serve_feed
from tests.test_sources_kinds import write_sources

# What a reason must never show: exception class names, reprs, Python's own messages.
INTERNAL = re.compile(r"Error\b|Exception|NoneType|object at 0x|HTTPConnection|\w+\(\w+=")


@pytest.fixture(autouse=True)
def _no_robots(httpserver):
    httpserver.no_handler_status_code = 404


@pytest.mark.parametrize("name", ["a/b", "cc news", "../up", "뉴스"])
def test_source_names_are_slugs(tmp_path, name):
    p = tmp_path / "sources.yaml"
    p.write_text(f"sources:\n  - {{name: '{name}', kind: rss, url: 'http://h.example/f'}}\n")
    with pytest.raises(SourcesError) as err:
        load_sources(p)
    msg = str(err.value)
    assert msg.startswith(f"{p}: sources[0]: source name {name!r} may hold only letters")


@pytest.mark.slow
def test_one_nul_byte_does_not_make_a_text_page_binary():
    body = "Google will build a data center in Korea, the company said on Monday."
    raw = f"<html><head><title>T</title></head><body><article><p>{body}\x00 More.</p>"
    raw += "</article></body></html>"
    row = parse_page(raw.encode(), "https://x.example/a", "text/html")
    assert row["parse_status"] == "ok" and body in row["body"] and "\x00" not in row["body"]
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    assert parse_page(png, "https://x.example/i", "text/html")["parse_status"] == "binary"


def record(uri: str | None, body: bytes, declared: int | None = None) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    head = "WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2024-05-01T10:00:00Z\r\n"
    head += f"WARC-Record-ID: <urn:uuid:{abs(hash((uri, body))):032x}>\r\n"
    if uri:
        head += f"WARC-Target-URI: {uri}\r\n"
    head += "Content-Type: application/http; msgtype=response\r\n"
    head += f"Content-Length: {len(http) if declared is None else declared}\r\n\r\n"
    return head.encode() + http + b"\r\n\r\n"


def page(i: int) -> bytes:
    return f"<html><body><article><p>page {i} body</p></article></body></html>".encode()


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(lambda: record("https://a.example/2", page(2), 40), id="too-short"),
        pytest.param(lambda: record("https://a.example/2", page(2), 5000), id="too-long"),
        # A false length that lands on a record without a target: warcio's own text for
        # this is "'NoneType' object has no attribute 'startswith'".
        pytest.param(lambda: record(None, page(2)), id="no-target-uri"),
    ],
)
def test_a_warc_record_with_a_false_length_is_recorded_plainly(tmp_path, bad):
    data = record("https://a.example/0", page(0)) + record("https://a.example/1", page(1))
    (tmp_path / "a.warc").write_bytes(data + bad() + record("https://a.example/3", page(3)))
    cfg = write_sources(tmp_path, "  - {name: arc, kind: warc, url: a.warc}\n")
    log = EventLog(tmp_path / "e")
    report = run_ingest(cfg, log, HttpClient(), "r", progress=False)
    (_, _, reason), *_ = report.source_failures
    assert reason.startswith("bad_warc: "), reason
    assert not INTERNAL.search(reason), reason
    kept = set(log.read(event_types=["ArticleFetched"])["url"])
    assert {"https://a.example/0", "https://a.example/1"} <= kept  # the pages before are kept


def test_network_faults_are_recorded_without_library_internals(httpserver, tmp_path):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    refused = s.getsockname()[1]
    s.close()
    reset, stop_reset = _closing_server(reset=True)
    closed, stop_closed = _closing_server(reset=False)
    links = [f"http://127.0.0.1:{p}/x" for p in (refused, reset, closed)]
    try:
        cfg = config(tmp_path, serve_feed(httpserver, links))
        client = HttpClient(retries=0)
        report = run_ingest(cfg, EventLog(tmp_path / "e"), client, "r")
    finally:
        stop_reset.set()
        stop_closed.set()
    reasons = sorted(r for _, _, r in report.failures)
    assert len(reasons) == 3 and all(r.startswith("connection: ") for r in reasons), reasons
    assert not [r for r in reasons if INTERNAL.search(r)], reasons
    assert "connection: connection refused" in reasons


def test_a_document_that_is_not_a_feed_is_recorded_plainly(httpserver, tmp_path):
    httpserver.expect_request("/feed.xml").respond_with_data(
        b"\x00" * 10, content_type="application/rss+xml"
    )
    cfg = config(tmp_path, httpserver.url_for("/feed.xml"))
    report = run_ingest(cfg, EventLog(tmp_path / "e"), HttpClient(), "r")
    (_, _, reason), *_ = report.source_failures
    assert reason.startswith("bad_feed: not a feed: ") and not INTERNAL.search(reason), reason
