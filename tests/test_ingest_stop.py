"""Stopping ingest: SIGTERM keeps what was fetched, segments are flushed as the pass goes,
and a per-source cap leaves the rest of a long feed for the next pass."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import polars as pl
import pytest
from werkzeug import Request, Response

from dagster_project.eventlog import EventLog
from dagster_project.ingest.config import load_sources
from dagster_project.ingest.http.client import HttpClient
from dagster_project.ingest.run import run_ingest
from tests.conftest import REPO
from tests.test_fetch_faults import PAGE, rss


@pytest.fixture(autouse=True)
def _no_robots(httpserver):
    httpserver.no_handler_status_code = 404


class SlowSite:
    """A feed of ``n`` pages, each answered after ``delay`` s; counts the pages answered."""

    def __init__(self, server, n: int, delay: float = 0.0, on_answer=None):
        self.answered: list[str] = []
        self.lock = threading.Lock()
        self.delay, self.on_answer = delay, on_answer
        links = [server.url_for(f"/p/{i}") for i in range(n)]
        self.feed = server.url_for("/feed.xml")
        server.expect_request("/feed.xml").respond_with_handler(self.feed_handler(rss(links)))
        for i in range(n):
            server.expect_request(f"/p/{i}").respond_with_handler(self.page)

    @staticmethod
    def feed_handler(body: str):
        def handler(request: Request) -> Response:
            if request.headers.get("If-None-Match") == '"f1"':
                return Response(status=304)
            return Response(body, content_type="application/rss+xml", headers={"ETag": '"f1"'})

        return handler

    def page(self, request: Request) -> Response:
        time.sleep(self.delay)
        with self.lock:
            self.answered.append(request.path)
            n = len(self.answered)
        if self.on_answer:
            self.on_answer(n)
        return Response(PAGE.format(t=request.path), content_type="text/html")


def sources(tmp_path, feed: str, ingest: str = "", extra: str = "", rate: float = 200):
    p = tmp_path / "sources.yaml"
    p.write_text(
        f"allow_private_hosts: true\npoliteness: {{rate_per_host: {rate}}}\n"
        + (f"ingest: {{{ingest}}}\n" if ingest else "")
        + f"sources:\n  - {{name: f, kind: rss, url: '{feed}'{extra}}}\n"
    )
    return p


def fetched(log: EventLog) -> pl.DataFrame:
    return log.read(event_types=["ArticleFetched"])


@pytest.mark.slow
def test_sigterm_during_a_slow_ingest_exits_within_10s_and_keeps_what_was_answered(
    httpserver, tmp_path
):
    site = SlowSite(httpserver, 400, delay=0.03)
    src = sources(tmp_path, site.feed, "max_items: 400, flush_seconds: 3600, flush_pages: 1000")
    home = tmp_path / "home"
    env = {**os.environ, "DCWATCH_HOME": str(home), "DCWATCH_SOURCES": str(src)}
    env.pop("DAGSTER_HOME", None)
    child = subprocess.Popen(
        [sys.executable, "-m", "dagster_project", "run", "--quiet"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 180
        while len(site.answered) < 150 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.05)
        assert len(site.answered) >= 150, child.stderr.read() if child.poll() is not None else ""
        child.send_signal(signal.SIGTERM)
        sent = time.monotonic()
        child.wait(30)
        took = time.monotonic() - sent
    finally:
        if child.poll() is None:
            child.kill()
    answered = set(site.answered)
    kept = set(fetched(EventLog(home / "events"))["url"].str.extract(r"(/p/\d+)$").to_list())
    share = len(kept & answered) / len(answered)
    print(f"SIGTERM: exit after {took:.2f} s, {len(kept)}/{len(answered)} answered pages kept")
    assert took < 10, took
    assert share >= 0.8, (len(kept), len(answered))
    assert len(answered) < 400  # it did stop early


@pytest.mark.slow
def test_a_stop_ends_the_pass_at_once_and_keeps_the_pages_fetched(httpserver, tmp_path):
    stop = threading.Event()
    site = SlowSite(httpserver, 60, on_answer=lambda n: n >= 20 and stop.set())
    log = EventLog(tmp_path / "e")
    report = run_ingest(
        load_sources(sources(tmp_path, site.feed)), log, HttpClient(), "r", stop=stop
    )
    assert report.stopped and 20 <= len(site.answered) < 60
    assert fetched(log).height >= 20
    # The next pass fetches the rest although the feed answers 304 and lists nothing.
    report = run_ingest(load_sources(sources(tmp_path, site.feed)), log, HttpClient(), "r2")
    assert not report.stopped and fetched(log)["url"].n_unique() == 60


def test_segments_are_flushed_every_n_pages(httpserver, tmp_path):
    site = SlowSite(httpserver, 25)
    log = EventLog(tmp_path / "e")
    cfg = load_sources(sources(tmp_path, site.feed, "flush_pages: 10"))
    report = run_ingest(cfg, log, HttpClient(), "r")
    assert len(report.segments) == 3 and report.segment_seq == report.segments[-1]
    per_segment = [s.height for s in log.iter_segments(event_types=["ArticleFetched"])]
    assert per_segment == [10, 10, 5] and report.new_events == log.read().height


def test_a_source_fetches_at_most_max_items_per_pass_and_the_rest_later(httpserver, tmp_path):
    site = SlowSite(httpserver, 5)
    log = EventLog(tmp_path / "e")
    cfg = load_sources(sources(tmp_path, site.feed, extra=", max_items: 2"))
    assert cfg.sources[0].max_items == 2 and cfg.max_items == 300
    got = []
    for i in range(3):
        report = run_ingest(cfg, log, HttpClient(), f"r{i}")
        got.append((fetched(log).height, report.deferred))
    assert got == [(2, 3), (4, 1), (5, 0)]
    assert sorted(site.answered) == sorted(f"/p/{i}" for i in range(5))  # none twice


@pytest.mark.slow
def test_a_request_stuck_in_flight_is_abandoned_after_a_short_grace():
    from dagster_project.ingest.http.fetchpool import GRACE_S, fetch_iter

    stop, release = threading.Event(), threading.Event()

    def work(url: str) -> str:
        if url.endswith("stuck"):
            release.wait(60)  # a server that never answers
        if url.endswith("/1"):
            stop.set()  # the signal arrives while this page is being fetched
        return url

    urls = ["http://a.example/stuck", "http://b.example/1", "http://b.example/2"]
    got, began = [], time.monotonic()
    for item in fetch_iter(urls, work, lambda u: u, max_workers=2, stop=stop):
        if item is not None:
            got.append(item[1])
    took = time.monotonic() - began
    release.set()
    assert got == ["http://b.example/1"]  # nothing new started after the stop
    assert took < GRACE_S + 1.0, took
