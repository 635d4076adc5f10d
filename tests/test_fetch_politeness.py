"""Politeness on loopback: robots.txt, crawl-delay, per-host rate, conditional GET, User-Agent."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import polars as pl
import pytest
from werkzeug import Request, Response

from dagster_project.eventlog import EventLog
from dagster_project.ingest.http.client import DEFAULT_USER_AGENT, HttpClient
from dagster_project.ingest.run import run_ingest
from tests.test_fetch_faults import PAGE, config, failure, fetched, rss, serve_feed


@pytest.fixture(autouse=True)
def _no_robots(httpserver):
    httpserver.no_handler_status_code = 404


def stamped(times: list[float], body: str = PAGE.format(t="x")):
    def handler(_request):
        times.append(time.monotonic())
        return Response(body, content_type="text/html")

    return handler


def test_robots_disallow_is_recorded_and_the_page_never_requested(httpserver, tmp_path):
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    httpserver.expect_request("/open").respond_with_data(
        PAGE.format(t="o"), content_type="text/html"
    )
    links = [httpserver.url_for("/private/a"), httpserver.url_for("/open")]
    cfg = config(tmp_path, serve_feed(httpserver, links))
    report = run_ingest(cfg, log := EventLog(tmp_path / "e"), HttpClient(), "r")
    events = log.read()
    assert failure(events, "/private/a")["error"] == "robots"
    assert fetched(events, "/open").height == 1 and report.counts["FeedPolled"] == 1
    assert not [r for r, _ in httpserver.log if r.path.startswith("/private")]
    assert [r.path for r, _ in httpserver.log].count("/robots.txt") == 1  # cached for the run


def test_robots_for_our_agent_only(httpserver, tmp_path):
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: dcwatch\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    )
    cfg = config(tmp_path, serve_feed(httpserver, []))
    report = run_ingest(cfg, EventLog(tmp_path / "e"), HttpClient(), "r")
    assert report.failures == [("f", cfg.sources[0].url, "robots")]


@pytest.mark.slow
def test_crawl_delay_spaces_requests_on_the_server_clock(httpserver, tmp_path):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nCrawl-delay: 1\n")
    times: list[float] = []
    for i in range(3):
        httpserver.expect_request(f"/p{i}").respond_with_handler(stamped(times))
    cfg = config(tmp_path, serve_feed(httpserver, [httpserver.url_for(f"/p{i}") for i in range(3)]))
    run_ingest(cfg, EventLog(tmp_path / "e"), HttpClient(), "r")
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) == 3 and min(gaps) >= 0.9, gaps  # urllib.robotparser reads whole seconds


@pytest.mark.slow
def test_per_host_rate_limit_from_the_sources_file(httpserver, tmp_path):
    times: list[float] = []
    for i in range(5):
        httpserver.expect_request(f"/p{i}").respond_with_handler(stamped(times))
    links = [httpserver.url_for(f"/p{i}") for i in range(5)]
    cfg = config(tmp_path, serve_feed(httpserver, links), rate=4)
    assert (cfg.rate_per_host, cfg.concurrency_per_host) == (4, 1)
    run_ingest(cfg, EventLog(tmp_path / "e"), HttpClient(), "r")
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) == 5 and min(gaps) >= 0.2, gaps  # 1/4 s, minus arrival jitter


def test_conditional_get_304_on_the_feed_adds_no_event(httpserver, tmp_path):
    feed = rss([httpserver.url_for("/a")])
    seen_headers: list[dict] = []

    def handler(request: Request):
        seen_headers.append(dict(request.headers))
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(
            feed,
            content_type="application/rss+xml",
            headers={"ETag": '"v1"', "Last-Modified": "Mon, 02 Mar 2026 01:00:00 GMT"},
        )

    httpserver.expect_request("/feed.xml").respond_with_handler(handler)
    httpserver.expect_request("/a").respond_with_data(PAGE.format(t="a"), content_type="text/html")
    cfg = config(tmp_path, httpserver.url_for("/feed.xml"))
    log = EventLog(tmp_path / "e")
    first = run_ingest(cfg, log, HttpClient(), "r1")
    assert first.counts["FeedPolled"] == 1 and log.last_seq() == 1
    second = run_ingest(cfg, log, HttpClient(), "r2")
    assert seen_headers[-1]["If-None-Match"] == '"v1"'
    assert seen_headers[-1]["If-Modified-Since"] == "Mon, 02 Mar 2026 01:00:00 GMT"
    assert second.not_modified == 1 and second.segment_seq is None and log.last_seq() == 1


def test_a_page_the_feed_says_changed_is_refetched_conditionally(httpserver, tmp_path):
    later = format_datetime(datetime.now(UTC) + timedelta(days=1), usegmt=True)
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss([httpserver.url_for("/a")], pub=later), content_type="application/rss+xml"
    )
    calls: list[str | None] = []

    def page(request: Request):
        calls.append(request.headers.get("If-None-Match"))
        if calls[-1] == '"p1"':
            return Response(status=304)
        return Response(PAGE.format(t="a"), content_type="text/html", headers={"ETag": '"p1"'})

    httpserver.expect_request("/a").respond_with_handler(page)
    cfg = config(tmp_path, httpserver.url_for("/feed.xml"))
    log = EventLog(tmp_path / "e")
    run_ingest(cfg, log, HttpClient(), "r1")
    report = run_ingest(cfg, log, HttpClient(), "r2")
    assert calls == [None, '"p1"'] and report.not_modified == 1
    assert log.read(event_types=["ArticleFetched"]).height == 1


def test_user_agent_comes_from_the_sources_file_and_defaults_to_a_contact(httpserver, tmp_path):
    agents: list[str] = []

    def handler(request: Request):
        agents.append(request.headers["User-Agent"])
        return Response(rss([]), content_type="application/rss+xml")

    httpserver.expect_request("/feed.xml").respond_with_handler(handler)
    ua = "dcwatch/0.2 (+mailto:desk@news.example)"
    cfg = config(tmp_path, httpserver.url_for("/feed.xml"), extra=f"user_agent: '{ua}'\n")
    run_ingest(cfg, EventLog(tmp_path / "e"), HttpClient(), "r")
    assert agents == [ua]
    assert "+https://" in DEFAULT_USER_AGENT


def test_file_urls_skip_robots_and_rate_limits(tmp_path):
    pages = []
    for i in range(20):
        p = tmp_path / f"p{i}.html"
        p.write_text(PAGE.format(t=i))
        pages.append(p.as_uri())
    (tmp_path / "feed.xml").write_text(rss(pages))
    cfg = config(tmp_path, (tmp_path / "feed.xml").as_uri(), private=False, rate=1)
    start = time.monotonic()
    report = run_ingest(cfg, log := EventLog(tmp_path / "e"), HttpClient(), "r")
    assert time.monotonic() - start < 3 and report.counts["ArticleFetched"] == 20
    assert log.read().filter(pl.col("event_type") == "FetchFailed").is_empty()


def test_robots_5xx_means_stay_out_on_the_public_web(httpserver, tmp_path):
    httpserver.expect_request("/robots.txt").respond_with_data("oops", status=503)
    httpserver.expect_request("/a").respond_with_data(PAGE.format(t="a"), content_type="text/html")
    feed = serve_feed(httpserver, [httpserver.url_for("/a")])

    def public(host, port):  # the loopback server plays a public site
        return ["93.184.216.34"]

    client = HttpClient(resolver=public, retries=0)
    report = run_ingest(
        config(tmp_path, feed, private=False), EventLog(tmp_path / "e"), client, "r"
    )
    assert report.failures[0][2] == "robots: unavailable (http_503)"
    # On an intranet host (allowed explicitly) a broken robots.txt does not block.
    report = run_ingest(
        config(tmp_path, feed, private=True), EventLog(tmp_path / "e2"), HttpClient(retries=0), "r"
    )
    assert not report.failures and report.counts["ArticleFetched"] == 1


def test_a_transient_page_failure_is_retried_even_when_the_feed_answers_304(httpserver, tmp_path):
    links = [httpserver.url_for("/flaky"), httpserver.url_for("/gone")]

    def feed(request: Request):
        if request.headers.get("If-None-Match") == '"f1"':
            return Response(status=304)
        return Response(rss(links), content_type="application/rss+xml", headers={"ETag": '"f1"'})

    state = {"status": 503}
    httpserver.expect_request("/feed.xml").respond_with_handler(feed)
    httpserver.expect_request("/flaky").respond_with_handler(
        lambda _r: Response(PAGE.format(t="f"), status=state["status"], content_type="text/html")
    )
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    cfg = config(tmp_path, httpserver.url_for("/feed.xml"))
    log = EventLog(tmp_path / "e")
    first = run_ingest(cfg, log, HttpClient(retries=0), "r1")
    assert sorted(r for _, _, r in first.failures) == ["http_404", "http_503"]
    state["status"] = 200
    second = run_ingest(cfg, log, HttpClient(retries=0), "r2")
    assert second.not_modified == 1 and second.counts["ArticleFetched"] == 1
    assert fetched(log.read(), "/flaky").height == 1
    # A 404 is not knocked on again.
    assert [r.path for r, _ in httpserver.log].count("/gone") == 1


def test_robots_wildcards_are_honoured(httpserver, tmp_path):
    # RFC 9309: `*` matches any run of characters and `$` anchors the end. The standard
    # library's parser takes both literally, so it would fetch every one of these.
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /*?\nDisallow: /*.php$\nAllow: /news/*.php$\n",
        content_type="text/plain",
    )
    open_paths = ["/story", "/story.php.html", "/news/a.php"]
    for p in open_paths:
        httpserver.expect_request(p).respond_with_data(PAGE.format(t=p), content_type="text/html")
    shut = ["/story?id=1", "/a/b/index.php", "/news?page=2"]
    links = [httpserver.url_for(p) for p in open_paths + shut]
    cfg = config(tmp_path, serve_feed(httpserver, links))
    run_ingest(cfg, log := EventLog(tmp_path / "e"), HttpClient(), "r")
    events = log.read()
    for p in shut:
        assert failure(events, p)["error"] == "robots", p
    for p in open_paths:
        assert fetched(events, p).height == 1, p
    asked = {r.full_path.rstrip("?") for r, _ in httpserver.log}
    assert not asked & set(shut)
