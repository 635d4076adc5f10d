"""Ingest against a real HTTP server on loopback: feeds, pages, failures, reruns."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from email.utils import format_datetime

import polars as pl
import pytest
from werkzeug import Response

from dagster_project.eventlog import EventLog
from dagster_project.ingest.config import load_sources
from dagster_project.ingest.http.client import HttpClient
from dagster_project.ingest.run import run_ingest

PAGE = (
    "<html><head><title>{t}</title></head>"
    "<body><article><p>{t} body text.</p></article></body></html>"
)


def rss(base: str, items: list[tuple[str, str]]) -> str:
    date = format_datetime(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    entries = "".join(
        f"<item><title>{t}</title><link>{base}{p}</link><guid>{p}</guid>"
        f"<pubDate>{date}</pubDate></item>"
        for p, t in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{entries}'
        "</channel></rss>"
    )


def atom(base: str, items: list[tuple[str, str]]) -> str:
    entries = "".join(
        f'<entry><title>{t}</title><link href="{p}"/><id>urn:{p}</id>'
        "<updated>2026-03-02T01:00:00Z</updated></entry>"
        for p, t in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        f'xml:base="{base}"><title>A</title><id>urn:a</id>'
        f"<updated>2026-03-02T01:00:00Z</updated>{entries}</feed>"
    )


@pytest.fixture(autouse=True)
def _no_robots(httpserver):
    # An unmatched path answers 404, as a real site without robots.txt does (the default
    # 500 would mean "stay out" under RFC 9309).
    httpserver.no_handler_status_code = 404


@pytest.fixture
def site(httpserver):
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/rss.xml").respond_with_data(
        rss(base, [("/a1", "First"), ("/a2", "Second"), ("/broken", "Broken")]),
        content_type="application/rss+xml",
    )
    httpserver.expect_request("/atom.xml").respond_with_data(
        atom(base, [("/b1", "Third")]), content_type="application/atom+xml"
    )
    httpserver.expect_request("/bad.xml").respond_with_data(
        "this is not xml <<<", content_type="text/xml"
    )
    httpserver.expect_request("/down.xml").respond_with_data("oops", status=503)
    for path, title in (("/a1", "First"), ("/a2", "Second"), ("/b1", "Third")):
        httpserver.expect_request(path).respond_with_data(
            PAGE.format(t=title),
            content_type="text/html; charset=utf-8",
            headers={"ETag": f'"{path}-v1"'},
        )
    httpserver.expect_request("/broken").respond_with_data("server error", status=500)
    return httpserver


def sources_file(tmp_path, server, names=("rss.xml", "atom.xml", "bad.xml", "down.xml")):
    kinds = {"atom.xml": "atom"}
    # Loopback tests run at 50 requests/s per host; politeness itself is tested on its own.
    lines = ["allow_private_hosts: true", "politeness: {rate_per_host: 50}", "sources:"]
    for n in names:
        lines.append(
            f"  - {{name: {n.split('.')[0]}, kind: {kinds.get(n, 'rss')}, "
            f"url: '{server.url_for('/' + n)}'}}"
        )
    p = tmp_path / "sources.yaml"
    p.write_text("\n".join(lines) + "\n")
    return load_sources(p)


def fast() -> HttpClient:
    """The default client with retries that back off in milliseconds, not seconds."""
    return HttpClient(backoff_factor=0.01)


def test_ingest_records_every_observation_and_survives_failures(site, tmp_path):
    log = EventLog(tmp_path / "events")
    report = run_ingest(sources_file(tmp_path, site), log, fast(), "run1")
    events = log.read()
    by_type = events.group_by("event_type").len().sort("event_type")
    counts = dict(zip(by_type["event_type"], by_type["len"], strict=True))
    assert counts == {
        "ArticleDiscovered": 4,
        "ArticleFetched": 3,
        "FeedPolled": 3,
        "FetchFailed": 3,
    }
    failed = events.filter(pl.col("event_type") == "FetchFailed").sort("url")
    reasons = dict(
        zip(failed["url"].str.replace(r"^http://[^/]+", ""), failed["error"], strict=True)
    )
    assert reasons["/broken"] == "http_500"
    assert reasons["/down.xml"] == "http_503"
    assert reasons["/bad.xml"].startswith("bad_feed")
    page = events.filter(
        pl.col("url").str.ends_with("/a1") & (pl.col("event_type") == "ArticleFetched")
    )
    assert page["body"][0] == PAGE.format(t="First").encode()
    assert page["content_type"][0] == "text/html; charset=utf-8"
    assert page["etag"][0] == '"/a1-v1"'
    assert page["status"][0] == 200
    meta = page["meta"][0]
    assert (
        '"feed_published_at": "2026-03-02T01:00:00+00:00"' in meta
        and '"feed_title": "First"' in meta
    )
    assert report.segment_seq == 1 and len(report.failures) == 3
    # The Atom feed's relative link was resolved against xml:base.
    assert events.filter(pl.col("url").str.ends_with("/b1")).height == 2


def test_user_agent_is_sent(httpserver, tmp_path):
    httpserver.expect_request(
        "/rss.xml", headers={"User-Agent": "dcwatch-test/1 (ops@x.example)"}
    ).respond_with_data(rss(httpserver.url_for(""), []), content_type="application/rss+xml")
    cfg = sources_file(tmp_path, httpserver, names=("rss.xml",))
    report = run_ingest(
        cfg, EventLog(tmp_path / "e"), HttpClient("dcwatch-test/1 (ops@x.example)"), "r"
    )
    assert report.counts["FeedPolled"] == 1 and not report.failures


def test_rerun_on_unchanged_sources_adds_no_segment(site, tmp_path):
    log = EventLog(tmp_path / "events")
    cfg = sources_file(tmp_path, site, names=("rss.xml", "atom.xml"))
    run_ingest(cfg, log, fast(), "run1")
    n = log.read().height
    report = run_ingest(cfg, log, fast(), "run2")
    assert log.read().height == n and report.segment_seq is None
    # The failing page is retried on the next run but its failure is recorded once a day.
    assert report.counts["FetchFailed"] == 1 and report.new_events == 0


def test_read_timeout_becomes_a_failure_event(httpserver, tmp_path):
    def slow(_request):
        time.sleep(1.5)
        return Response("late", content_type="text/html")

    httpserver.expect_request("/slow.xml").respond_with_handler(slow)
    cfg = sources_file(tmp_path, httpserver, names=("slow.xml",))
    client = HttpClient(read_timeout=0.3, retries=1)
    report = run_ingest(cfg, EventLog(tmp_path / "e"), client, "r")
    assert report.failures and report.failures[0][2].startswith("timeout")


@pytest.mark.slow
def test_oversized_body_is_refused_while_streaming(httpserver, tmp_path):
    httpserver.expect_request("/big.xml").respond_with_data(b"x" * 300_000, content_type="text/xml")
    cfg = sources_file(tmp_path, httpserver, names=("big.xml",))
    report = run_ingest(cfg, EventLog(tmp_path / "e"), HttpClient(max_bytes=100_000), "r")
    assert report.failures[0][2] == "too_large"
