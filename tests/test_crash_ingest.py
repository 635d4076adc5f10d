"""SIGKILL an ingest process mid-run: the log stays whole and a rerun records everything."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time

import polars as pl
import pytest
from werkzeug import Response

from dagster_project.eventlog import Event, EventLog, events_frame, now_utc
from dagster_project.ingest.config import load_sources
from dagster_project.ingest.http.client import HttpClient
from dagster_project.ingest.run import run_ingest
from tests.conftest import REPO
from tests.test_fetch_faults import PAGE, rss

CHILD = """
import sys
from dagster_project.eventlog import EventLog
from dagster_project.ingest.run import run_ingest
from dagster_project.ingest.config import load_sources
from dagster_project.ingest.http.client import HttpClient
run_ingest(load_sources(sys.argv[1]), EventLog(sys.argv[2]), HttpClient(read_timeout=120), "child")
"""


@pytest.fixture(autouse=True)
def _no_robots(httpserver):
    httpserver.no_handler_status_code = 404


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_sigkill_mid_run_leaves_no_partial_segment_and_a_rerun_recovers(httpserver, tmp_path):
    stalled, release = threading.Event(), threading.Event()

    def stall(_request):
        stalled.set()
        release.wait(60)  # hold the child's request open until it has been killed
        return Response(PAGE.format(t="late"), content_type="text/html")

    links = [httpserver.url_for(p) for p in ("/a", "/b", "/stall")]
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss(links), content_type="application/rss+xml"
    )
    for p in ("/a", "/b"):
        httpserver.expect_request(p).respond_with_data(PAGE.format(t=p), content_type="text/html")
    httpserver.expect_request("/stall").respond_with_handler(stall)
    src = tmp_path / "sources.yaml"
    src.write_text(
        "allow_private_hosts: true\npoliteness: {rate_per_host: 50}\nsources:\n"
        f"  - {{name: f, kind: rss, url: '{httpserver.url_for('/feed.xml')}'}}\n"
    )

    log = EventLog(tmp_path / "events")
    earlier = Event(
        "ArticleFetched",
        "https://x.example/old",
        "old",
        "https://x.example/old",
        now_utc(),
        status=200,
        body=b"<p>old</p>",
    )
    first = log.append(events_frame([earlier], "before"), "before")
    before = digest(first.path)
    stale = log.root / ".tmp-crashed-deadbeef.parquet"
    stale.write_bytes(b"PAR1 half a segment")  # what a writer killed mid-write leaves
    os.utime(stale, (time.time() - 7200, time.time() - 7200))

    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(src), str(log.root)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert stalled.wait(60), "the child never reached the stalling page"
        child.send_signal(signal.SIGKILL)
        assert child.wait(10) == -signal.SIGKILL
    finally:
        release.set()
        if child.poll() is None:
            child.kill()

    # Nothing of the killed run is visible; what was there is byte for byte intact.
    assert [s.seq for s in log.segments()] == [1] and digest(first.path) == before
    assert log.read()["stream_key"].to_list() == ["https://x.example/old"]
    assert stale.exists()  # ignored by readers, not read as a segment

    report = run_ingest(load_sources(src), log, HttpClient(), "rerun")
    events = log.read()
    fetched = events.filter(pl.col("event_type") == "ArticleFetched")["url"].to_list()
    assert sorted(u.rsplit("/", 1)[1] for u in fetched) == ["a", "b", "old", "stall"]
    assert report.segment_seq == 2 and not report.failures
    assert not stale.exists()  # the next writer swept the old leftover


@pytest.mark.slow
def test_sigkill_loses_at_most_one_flush_interval(httpserver, tmp_path):
    from tests.test_ingest_stop import SlowSite, sources

    site = SlowSite(httpserver, 200, delay=0.01)
    src = sources(tmp_path, site.feed, "flush_pages: 20, max_items: 200")
    log = EventLog(tmp_path / "events")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(src), str(log.root)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        deadline = time.monotonic() + 120
        while len(site.answered) < 90 and time.monotonic() < deadline:
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        assert child.wait(10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
    kept = log.read(event_types=["ArticleFetched"]).height
    answered = len(site.answered)
    assert answered < 200 and kept >= answered - 20 - 2, (
        kept,
        answered,
    )  # one interval + in flight
    assert [s.seq for s in log.segments()] == list(range(1, len(log.segments()) + 1))
