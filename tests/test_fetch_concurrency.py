"""The fetch pool: hosts in parallel, each host one request at a time, a deterministic segment."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import polars as pl
import pytest

from dagster_project.eventlog import EventLog
from dagster_project.ingest.config import load_sources
from dagster_project.ingest.http.client import HttpClient
from dagster_project.ingest.run import run_ingest

# Slow tier: real Dagster runs, servers or whole-corpus passes (./bin/test -m "not slow" skips).
pytestmark = pytest.mark.slow

HOSTS, PAGES, LATENCY = 4, 4, 0.2


class Recorder:
    """Per host: requests in flight right now, and the most ever seen at once."""

    def __init__(self):
        self.lock = threading.Lock()
        self.now: dict[str, int] = defaultdict(int)
        self.peak: dict[str, int] = defaultdict(int)


def handler_for(rec: Recorder):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            host = self.headers["Host"]
            with rec.lock:
                rec.now[host] += 1
                rec.peak[host] = max(rec.peak[host], rec.now[host])
            time.sleep(LATENCY)
            with rec.lock:
                rec.now[host] -= 1
            if self.path == "/robots.txt":
                self.send_response(404)
                self.end_headers()
                return
            if self.path == "/feed.xml":
                items = "".join(
                    f"<item><link>http://{host}/p{i}</link><guid>{i}</guid></item>"
                    for i in range(PAGES)
                )
                body = f'<rss version="2.0"><channel><title>x</title>{items}</channel></rss>'
                ctype = "application/rss+xml"
            else:
                body, ctype = f"<html><body><p>{host}{self.path}</p></body></html>", "text/html"
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def hosts():
    rec = Recorder()
    first = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(rec))
    port = first.server_address[1]
    servers = [first] + [
        ThreadingHTTPServer((f"127.0.0.{i}", port), handler_for(rec)) for i in range(2, HOSTS + 1)
    ]
    for s in servers:
        s.daemon_threads = True
        threading.Thread(target=s.serve_forever, daemon=True).start()
    yield port, rec
    for s in servers:
        s.shutdown()
        s.server_close()


def sources(tmp_path, port, workers):
    lines = [
        "allow_private_hosts: true",
        f"politeness: {{rate_per_host: 50, max_workers: {workers}}}",
        "sources:",
    ] + [
        f"  - {{name: h{i}, kind: rss, url: 'http://127.0.0.{i}:{port}/feed.xml'}}"
        for i in range(1, HOSTS + 1)
    ]
    (tmp_path / "s.yaml").write_text("\n".join(lines) + "\n")
    return load_sources(tmp_path / "s.yaml")


def test_hosts_are_fetched_in_parallel_but_each_host_one_at_a_time(hosts, tmp_path):
    port, rec = hosts
    start = time.monotonic()
    report = run_ingest(sources(tmp_path, port, 8), EventLog(tmp_path / "e"), HttpClient(), "r")
    elapsed = time.monotonic() - start
    assert report.counts["ArticleFetched"] == HOSTS * PAGES and not report.failures
    # Serial: (robots + feed + pages) x hosts x latency = 4.8 s; in parallel, one host's worth.
    assert elapsed < (2 + PAGES) * LATENCY * HOSTS / 2, elapsed
    assert set(rec.peak.values()) == {1}  # never two requests to one host at once


def test_the_segment_does_not_depend_on_thread_timing(hosts, tmp_path):
    port, _ = hosts
    frames = []
    for run, workers in (("a", 8), ("b", 1)):
        log = EventLog(tmp_path / run)
        run_ingest(sources(tmp_path, port, workers), log, HttpClient(), "same")
        frames.append(log.read(columns=["event_type", "stream_key", "content_hash"]))
    assert frames[0].height == HOSTS * (1 + 2 * PAGES)
    assert frames[0].drop("seq").equals(frames[1].drop("seq"))
    assert frames[0]["stream_key"].to_list() == sorted(frames[0]["stream_key"].to_list())
    assert frames[0].filter(pl.col("event_type") == "FeedPolled").height == HOSTS
