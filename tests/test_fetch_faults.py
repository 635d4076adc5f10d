"""Fault injection on loopback: every fault becomes a recorded event and the run completes.

Each test serves a feed that links to one misbehaving page (or is itself the fault),
runs a real ingest pass over real HTTP, and checks the log.
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time

import polars as pl
import pytest
from werkzeug import Response

from dagster_project.eventlog import EventLog
from dagster_project.ingest.config import load_sources
from dagster_project.ingest.http.client import HttpClient
from dagster_project.ingest.run import run_ingest

PAGE = (
    "<html><head><title>{t}</title></head><body><article><p>{t} body.</p></article></body></html>"
)


@pytest.fixture(autouse=True)
def _no_robots(httpserver):
    httpserver.no_handler_status_code = 404  # a site without robots.txt answers 404


def rss(links: list[str], pub: str = "Mon, 02 Mar 2026 01:00:00 GMT") -> str:
    items = "".join(
        f"<item><title>t{i}</title><link>{u}</link><guid>{u}</guid><pubDate>{pub}</pubDate></item>"
        for i, u in enumerate(links)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    )


def serve_feed(server, links: list[str], path: str = "/feed.xml", **kw) -> str:
    server.expect_request(path).respond_with_data(
        rss(links), content_type="application/rss+xml", **kw
    )
    return server.url_for(path)


def config(tmp_path, feed_url: str, private: bool = True, rate: float = 50, extra: str = ""):
    p = tmp_path / "sources.yaml"
    p.write_text(
        f"allow_private_hosts: {str(private).lower()}\n"
        f"politeness: {{rate_per_host: {rate}}}\n{extra}"
        f"sources:\n  - {{name: f, kind: rss, url: '{feed_url}'}}\n"
    )
    return load_sources(p)


def ingest(tmp_path, cfg, client=None, run_id="r1"):
    log = EventLog(tmp_path / "events")
    report = run_ingest(cfg, log, client or HttpClient(backoff_factor=0.01), run_id)
    return report, log.read()


def failure(events: pl.DataFrame, suffix: str) -> dict:
    rows = events.filter(
        (pl.col("event_type") == "FetchFailed") & pl.col("url").str.ends_with(suffix)
    )
    assert rows.height == 1, events.select("event_type", "url", "error")
    return rows.row(0, named=True)


def fetched(events: pl.DataFrame, suffix: str) -> pl.DataFrame:
    return events.filter(
        (pl.col("event_type") == "ArticleFetched") & pl.col("url").str.ends_with(suffix)
    )


def sequence(*responses: Response):
    """A handler answering with each response in turn (the last one repeats), stamping times."""
    calls: list[float] = []

    def handler(_request):
        calls.append(time.monotonic())
        return responses[min(len(calls), len(responses)) - 1]

    return handler, calls


def html(title: str = "ok") -> Response:
    return Response(PAGE.format(t=title), content_type="text/html; charset=utf-8")


@pytest.mark.slow
def test_429_with_retry_after_is_waited_out_then_succeeds(httpserver, tmp_path):
    handler, calls = sequence(
        Response("slow down", status=429, headers={"Retry-After": "1"}), html("after")
    )
    httpserver.expect_request("/a").respond_with_handler(handler)
    report, events = ingest(
        tmp_path, config(tmp_path, serve_feed(httpserver, [httpserver.url_for("/a")]))
    )
    assert fetched(events, "/a").height == 1 and not report.failures
    assert len(calls) == 2 and calls[1] - calls[0] >= 0.95  # the server's own clock


def test_503_twice_then_success(httpserver, tmp_path):
    handler, calls = sequence(Response("busy", status=503), Response("busy", status=503), html())
    httpserver.expect_request("/a").respond_with_handler(handler)
    report, events = ingest(
        tmp_path, config(tmp_path, serve_feed(httpserver, [httpserver.url_for("/a")]))
    )
    assert len(calls) == 3 and fetched(events, "/a").height == 1 and not report.failures


def test_persistent_503_is_recorded_after_bounded_retries(httpserver, tmp_path):
    handler, calls = sequence(Response("down", status=503))
    httpserver.expect_request("/a").respond_with_handler(handler)
    link = httpserver.url_for("/a")
    report, events = ingest(tmp_path, config(tmp_path, serve_feed(httpserver, [link, link + "?x"])))
    row = failure(events, "/a")
    assert row["error"] == "http_503" and '"attempts": 4' in row["meta"]
    assert report.counts["FeedPolled"] == 1  # the rest of the run went on


def _closing_server(reset: bool) -> tuple[int, threading.Event]:
    # Accepts and drops connections: with SO_LINGER 0 the close is a TCP RST.
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    stop = threading.Event()

    def loop():
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except TimeoutError:
                continue
            if reset:
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()
        srv.close()

    threading.Thread(target=loop, daemon=True).start()
    return srv.getsockname()[1], stop


def test_connection_reset_is_recorded(httpserver, tmp_path):
    port, stop = _closing_server(reset=True)
    try:
        link = f"http://127.0.0.1:{port}/a"
        report, events = ingest(tmp_path, config(tmp_path, serve_feed(httpserver, [link])))
    finally:
        stop.set()
    assert failure(events, "/a")["error"].startswith("connection")
    assert report.counts["FeedPolled"] == 1


def test_connection_refused_is_recorded(httpserver, tmp_path):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    report, events = ingest(
        tmp_path, config(tmp_path, serve_feed(httpserver, [f"http://127.0.0.1:{port}/a"]))
    )
    assert failure(events, "/a")["error"].startswith("connection")
    assert report.counts["ArticleDiscovered"] == 1


def test_read_timeout_on_a_page_is_recorded(httpserver, tmp_path):
    def slow(_request):
        time.sleep(0.8)
        return html()

    httpserver.expect_request("/slow").respond_with_handler(slow)
    httpserver.expect_request("/fine").respond_with_data(
        PAGE.format(t="f"), content_type="text/html"
    )
    # /fine first: the test server is single-threaded, so a page queued behind the stalled
    # handler would time out too.
    links = [httpserver.url_for("/fine"), httpserver.url_for("/slow")]
    client = HttpClient(read_timeout=0.2, retries=1, backoff_factor=0.01)
    report, events = ingest(tmp_path, config(tmp_path, serve_feed(httpserver, links)), client)
    assert failure(events, "/slow")["error"] == "timeout: ReadTimeout"
    assert fetched(events, "/fine").height == 1


def test_redirect_loop_stops_at_the_limit(httpserver, tmp_path):
    httpserver.expect_request("/loop1").respond_with_data(
        "", status=302, headers={"Location": "/loop2"}
    )
    httpserver.expect_request("/loop2").respond_with_data(
        "", status=301, headers={"Location": "/loop1"}
    )
    report, events = ingest(
        tmp_path, config(tmp_path, serve_feed(httpserver, [httpserver.url_for("/loop1")]))
    )
    assert failure(events, "/loop1")["error"] == "too_many_redirects"
    assert len([r for r, _ in httpserver.log if r.path.startswith("/loop")]) == 6  # 1 + 5 hops


def test_huge_streamed_body_is_cut_off(httpserver, tmp_path):
    def endless(_request):
        chunk = b"<p>" + b"x" * 65536
        return Response((chunk for _ in range(100)), content_type="text/html")  # no length

    httpserver.expect_request("/huge").respond_with_handler(endless)
    client = HttpClient(max_bytes=1_000_000, backoff_factor=0.01)
    report, events = ingest(
        tmp_path, config(tmp_path, serve_feed(httpserver, [httpserver.url_for("/huge")])), client
    )
    assert failure(events, "/huge")["error"] == "too_large"


@pytest.mark.slow
def test_gzip_bomb_is_refused(httpserver, tmp_path):
    bomb = gzip.compress(b"<p>" + b"\0" * 200_000_000, compresslevel=9)
    assert len(bomb) < 300_000
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    report, events = ingest(
        tmp_path, config(tmp_path, serve_feed(httpserver, [httpserver.url_for("/bomb")]))
    )
    assert failure(events, "/bomb")["error"].startswith("decompression_bomb")


@pytest.mark.parametrize("ctype", ["application/pdf", "image/png"])
def test_non_html_article_is_skipped(httpserver, tmp_path, ctype):
    httpserver.expect_request("/doc").respond_with_data(b"%PDF-1.7 ...", content_type=ctype)
    report, events = ingest(
        tmp_path, config(tmp_path, serve_feed(httpserver, [httpserver.url_for("/doc")]))
    )
    assert failure(events, "/doc")["error"] == f"content_type: {ctype}"
    assert fetched(events, "/doc").is_empty()
