"""The JSON Feed kind, registered by one module, through real ingest passes on loopback."""

from __future__ import annotations

import json

import polars as pl
import pytest

from dagster_project.eventlog import EventLog
from dagster_project.ingest.config import SourcesError, load_sources
from dagster_project.ingest.http.client import HttpClient
from dagster_project.ingest.kinds import all_kinds
from dagster_project.ingest.run import run_ingest
from dagster_project.ingest.watch import watch
from tests.test_fetch_faults import PAGE

V11 = "https://jsonfeed.org/version/1.1"


@pytest.fixture(autouse=True)
def _no_robots(httpserver):
    httpserver.no_handler_status_code = 404


def sources(tmp_path, url: str, extra: str = ""):
    p = tmp_path / "sources.yaml"
    p.write_text(
        "allow_private_hosts: true\npoliteness: {rate_per_host: 100}\nsources:\n"
        f"  - {{name: jf, kind: jsonfeed, url: '{url}'{extra}}}\n"
    )
    return load_sources(p)


def serve(httpserver, path: str, doc: dict, etag: str = '"v1"') -> str:
    httpserver.expect_request(path).respond_with_data(
        json.dumps(doc), content_type="application/feed+json", headers={"ETag": etag}
    )
    return httpserver.url_for(path)


def test_json_feed_pages_are_discovered_fetched_and_polled_conditionally(httpserver, tmp_path):
    u = httpserver.url_for
    second = serve(
        httpserver,
        "/feed-2.json",
        {"version": V11, "items": [{"id": "d", "url": "/d", "title": "D"}]},
    )
    first = {
        "version": V11,
        "title": "Desk",
        "next_url": second,
        "items": [
            {"id": "a", "url": u("/a"), "title": "A", "date_published": "2026-03-02T09:00+09:00"},
            {"id": "b", "url": "/b", "title": "B"},  # relative: resolved against the feed
            {"id": "c", "external_url": u("/c"), "title": "C"},  # a link post
            {"id": "x", "title": "no link at all"},
            "not an item",
        ],
    }
    feed = serve(httpserver, "/feed.json", first)
    for p in ("/a", "/b", "/c", "/d"):
        httpserver.expect_request(p).respond_with_data(PAGE.format(t=p), content_type="text/html")
    cfg = sources(tmp_path, feed, ", max_pages: 2")
    log = EventLog(tmp_path / "e")

    report = run_ingest(cfg, log, HttpClient(), "r1")
    events = log.read()
    fetched = events.filter(pl.col("event_type") == "ArticleFetched")["url"].to_list()
    assert sorted(f.rsplit("/", 1)[1] for f in fetched) == ["a", "b", "c", "d"]
    assert report.counts["FeedPolled"] == 2 and not report.failures
    found = events.filter(pl.col("event_type") == "ArticleDiscovered")
    meta = {r["url"]: json.loads(r["meta"]) for r in found.iter_rows(named=True)}
    assert meta[u("/a")]["feed_title"] == "A"
    assert meta[u("/a")]["feed_published_at"] == "2026-03-02T00:00:00+00:00"
    assert meta[u("/d")]["guid"] == "d"

    # The next pass asks conditionally; pytest-httpserver ignores If-None-Match, so the
    # unchanged feed is answered again and adds nothing new to the log.
    again = run_ingest(cfg, log, HttpClient(), "r2")
    assert again.new_events == 0
    asked = [r for r, _ in httpserver.log if r.path == "/feed.json"]
    assert asked[-1].headers.get("If-None-Match") == '"v1"'


def test_a_document_that_is_not_a_json_feed_is_recorded_plainly(httpserver, tmp_path):
    httpserver.expect_request("/feed.json").respond_with_data("{oops", content_type="text/json")
    cfg = sources(tmp_path, httpserver.url_for("/feed.json"))
    report = run_ingest(cfg, EventLog(tmp_path / "e"), HttpClient(), "r")
    (_, _, reason), *_ = report.source_failures
    assert reason.startswith("bad_feed: not JSON")

    httpserver.clear()
    serve(httpserver, "/rss.json", {"items": []})
    cfg = sources(tmp_path, httpserver.url_for("/rss.json"))
    report = run_ingest(cfg, EventLog(tmp_path / "e2"), HttpClient(), "r")
    assert report.source_failures[0][2].startswith("bad_feed: not a JSON Feed")


def test_the_feed_sensor_watches_json_feeds(httpserver, tmp_path):
    feed = serve(httpserver, "/feed.json", {"version": V11, "items": [{"id": "1", "url": "/p1"}]})
    cfg = sources(tmp_path, feed)
    client = HttpClient().for_run(cfg)
    first = watch(cfg, client, {})
    assert first.new_links == {"jf": [httpserver.url_for("/p1")]}
    assert watch(cfg, client, first.cursor).new_links == {}


def test_its_fields_are_validated_like_any_kind(tmp_path):
    assert {"rss", "atom", "sitemap", "gdelt", "warc", "jsonfeed"} <= set(all_kinds())
    with pytest.raises(SourcesError, match=r"sources\[0\] \(jf\): 'max_pages' must be int"):
        sources(tmp_path, "https://example.com/feed.json", ", max_pages: many")
    with pytest.raises(SourcesError, match="unknown field.*headlines_only.*max_pages"):
        sources(tmp_path, "https://example.com/feed.json", ", headlines_only: true")
