"""Sitemaps, GDELT queries and WARC archives, each through a real ingest pass."""

from __future__ import annotations

import gzip
import io
import json
import time
from datetime import UTC, datetime
from urllib.parse import parse_qs

import polars as pl
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter
from werkzeug import Request, Response

from dagster_project.eventlog import EventLog
from dagster_project.ingest.config import SourcesError, load_sources
from dagster_project.ingest.http.client import HttpClient
from dagster_project.ingest.run import run_ingest
from tests.test_fetch_faults import PAGE

SM = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'


@pytest.fixture(autouse=True)
def _no_robots(httpserver):
    httpserver.no_handler_status_code = 404


def write_sources(tmp_path, body: str, private: bool = True):
    p = tmp_path / "sources.yaml"
    p.write_text(
        f"allow_private_hosts: {str(private).lower()}\n"
        "politeness: {rate_per_host: 100}\nsources:\n" + body
    )
    return load_sources(p)


def urlset(urls: list[str], news: bool = True) -> str:
    rows = []
    for i, u in enumerate(urls):
        extra = (
            f"<news:news><news:publication_date>2026-03-0{i + 1}T09:00:00+09:00"
            f"</news:publication_date><news:title>Story {i}</news:title></news:news>"
            if news
            else "<lastmod>2026-02-01</lastmod>"
        )
        rows.append(f"<url><loc>{u}</loc>{extra}</url>")
    return f'<?xml version="1.0"?><urlset {SM} {NEWS}>{"".join(rows)}</urlset>'


def test_news_sitemap_index_is_walked_within_limits(httpserver, tmp_path):
    u = httpserver.url_for
    index = (
        f'<?xml version="1.0"?><sitemapindex {SM}>'
        f"<sitemap><loc>{u('/news.xml')}</loc></sitemap>"
        f"<sitemap><loc>{u('/old.xml.gz')}</loc></sitemap>"
        f"<sitemap><loc>{u('/nested-index.xml')}</loc></sitemap></sitemapindex>"
    )
    httpserver.expect_request("/sitemap.xml").respond_with_data(
        index, content_type="application/xml"
    )
    httpserver.expect_request("/news.xml").respond_with_data(
        urlset([u("/a"), u("/b")]), content_type="application/xml"
    )
    httpserver.expect_request("/old.xml.gz").respond_with_data(
        gzip.compress(urlset([u("/c")], news=False).encode()), content_type="application/x-gzip"
    )
    httpserver.expect_request("/nested-index.xml").respond_with_data(
        f"<sitemapindex {SM}><sitemap><loc>{u('/deep.xml')}</loc></sitemap></sitemapindex>"
    )
    for p in ("/a", "/b", "/c"):
        httpserver.expect_request(p).respond_with_data(PAGE.format(t=p), content_type="text/html")
    cfg = write_sources(
        tmp_path, f"  - {{name: sm, kind: sitemap, url: '{u('/sitemap.xml')}', max_depth: 1}}\n"
    )
    log = EventLog(tmp_path / "e")
    report = run_ingest(cfg, log, HttpClient(), "r")
    events = log.read()
    found = events.filter(pl.col("event_type") == "ArticleDiscovered").sort("url")
    assert [x.rsplit("/", 1)[1] for x in found["url"]] == ["a", "b", "c"]
    meta = [json.loads(m) for m in found["meta"]]
    assert meta[0]["feed_published_at"] == "2026-03-01T00:00:00+00:00"  # news date, in UTC
    assert meta[0]["feed_title"] == "Story 0"
    assert meta[2]["feed_published_at"] == "2026-02-01T00:00:00+00:00"  # lastmod fallback
    assert report.counts["FeedPolled"] == 4 and report.counts["ArticleFetched"] == 3
    assert "/deep.xml" not in [r.path for r, _ in httpserver.log]  # beyond max_depth


def gdelt_handler(total: int, calls: list[dict]):
    """A fake GDELT: `total` articles spread evenly over 2026-03-01..03-02; caps at 250."""
    t0 = datetime(2026, 3, 1, tzinfo=UTC).timestamp()
    stamps = [t0 + i * 86400 / total for i in range(total)]

    def handler(request: Request):
        q = {k: v[0] for k, v in parse_qs(request.query_string.decode()).items()}
        calls.append({**q, "at": time.monotonic()})
        start = datetime.strptime(q["startdatetime"], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        end = datetime.strptime(q["enddatetime"], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        hits = [i for i, s in enumerate(stamps) if start.timestamp() <= s < end.timestamp()]
        arts = [
            {
                "url": f"https://news.example/{i}",
                "title": f"t{i}",
                "language": "Korean",
                "seendate": datetime.fromtimestamp(stamps[i], UTC).strftime("%Y%m%dT%H%M%SZ"),
            }
            for i in hits[: int(q["maxrecords"])]
        ]
        return Response(json.dumps({"articles": arts}), content_type="application/json")

    return handler


def test_gdelt_query_splits_full_windows_and_paces_requests(httpserver, tmp_path):
    calls: list[dict] = []
    httpserver.expect_request("/api/v2/doc/doc").respond_with_handler(gdelt_handler(600, calls))
    cfg = write_sources(
        tmp_path,
        (
            f"  - {{name: g, kind: gdelt, url: '{httpserver.url_for('/api/v2/doc/doc')}', "
            "query: '데이터센터 (구글 OR 오픈AI)', start: 2026-03-01, end: 2026-03-02, "
            "rate_limit_s: 0.05, min_window_minutes: 30}\n"
        ),
        private=False,
    )
    assert dict(cfg.host_rates)[f"localhost:{httpserver.port}"] == 20.0
    log = EventLog(tmp_path / "e")

    # The test resolver makes the local API look public and the article hosts private, so
    # the 600 article links are refused without a single packet leaving loopback.
    def resolver(host, port):
        return ["93.184.216.34"] if host == "localhost" else ["10.0.0.1"]

    run_ingest(cfg, log, HttpClient(resolver=resolver, retries=0), "r")
    assert calls[0]["mode"] == "ArtList" and calls[0]["format"] == "json"
    assert calls[0]["maxrecords"] == "250" and calls[0]["query"] == "데이터센터 (구글 OR 오픈AI)"
    assert len(calls) > 1  # the first window was full, so it was split
    # rate_limit_s on the server's clock: starts are spaced, single arrivals may jitter.
    assert (calls[-1]["at"] - calls[0]["at"]) / (len(calls) - 1) >= 0.045
    found = log.read(event_types=["ArticleDiscovered"])
    assert found["url"].n_unique() == 600  # nothing lost to the 250 cap
    meta = json.loads(found.sort("url")["meta"][0])
    assert meta["feed_published_at"].startswith("2026-03-01T00:00")


def test_gdelt_defaults_to_one_request_per_five_seconds(tmp_path):
    cfg = write_sources(tmp_path, "  - {name: g, kind: gdelt, query: openai korea}\n")
    assert cfg.sources[0].url == "https://api.gdeltproject.org/api/v2/doc/doc"
    assert dict(cfg.host_rates) == {"api.gdeltproject.org": 0.2}


def make_warc(path, records: list[tuple[str, str, bytes, str]]) -> None:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for uri, ctype, body, date in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(rec)
        req = writer.create_warc_record(
            "https://a.example/1", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
        )
        writer.write_record(req)


def test_warc_import_keeps_archive_dates_and_flushes_segments(tmp_path):
    pages = [
        (
            f"https://a.example/{i}",
            "text/html; charset=utf-8",
            PAGE.format(t=f"p{i}").encode(),
            f"2024-05-0{i + 1}T10:00:00Z",
        )
        for i in range(5)
    ]
    pages.append(("https://a.example/doc.pdf", "application/pdf", b"%PDF", "2024-05-09T10:00:00Z"))
    make_warc(tmp_path / "crawl.warc.gz", pages)
    cfg = write_sources(
        tmp_path, "  - {name: arc, kind: warc, url: crawl.warc.gz, flush_every: 2}\n"
    )
    log = EventLog(tmp_path / "e")
    report = run_ingest(cfg, log, HttpClient(), "r", progress=False)
    events = log.read().sort("url")
    assert events["event_type"].to_list() == ["ArticleFetched"] * 5
    assert events["recorded_at"][0] == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert json.loads(events["meta"][0])["archived"] is True
    assert events["body"][2] == PAGE.format(t="p2").encode()
    assert report.archive_segments == [1, 2, 3] and log.last_seq() == 3
    assert report.new_events == 5
    # A rerun adds nothing: the events are the same observations.
    assert run_ingest(cfg, log, HttpClient(), "r2", progress=False).new_events == 0


def test_a_truncated_warc_keeps_what_was_read_and_records_the_fault(tmp_path):
    pages = [
        (f"https://a.example/{i}", "text/html", PAGE.format(t=i).encode(), "2024-05-01T10:00:00Z")
        for i in range(4)
    ]
    make_warc(tmp_path / "full.warc.gz", pages)
    data = (tmp_path / "full.warc.gz").read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) * 2 // 3])
    cfg = write_sources(tmp_path, "  - {name: arc, kind: warc, url: cut.warc.gz, flush_every: 1}\n")
    log = EventLog(tmp_path / "e")
    report = run_ingest(cfg, log, HttpClient(), "r", progress=False)
    assert 1 <= report.counts["ArticleFetched"] < 4
    assert report.failures and report.failures[0][2].startswith("bad_warc")


@pytest.mark.parametrize(
    "entry, message",
    [
        ("{name: g, kind: gdelt}", "kind 'gdelt' needs 'query'"),
        ("{name: g, kind: gdelt, query: x, start: 2026-03-01}", "give both 'start' and 'end'"),
        (
            "{name: g, kind: gdelt, query: x, start: 2026-03-02, end: 2026-03-01}",
            "'start' must be before",
        ),
        ("{name: g, kind: gdelt, query: x, start: yesterday, end: 2026-03-01}", "ISO date"),
        ("{name: s, kind: sitemap, url: 'https://x/s.xml', depth: 3}", "unknown field(s) depth"),
        (
            "{name: s, kind: sitemap, url: 'https://x/s.xml', max_urls: many}",
            "'max_urls' must be int",
        ),
        ("{name: w, kind: warc, url: a.warc, flush_every: -1}", "must not be negative"),
        ("{name: w, kind: warc}", "missing url"),
    ],
)
def test_kind_fields_are_validated(tmp_path, entry, message):
    with pytest.raises(SourcesError, match=message.replace("(", r"\(").replace(")", r"\)")):
        write_sources(tmp_path, f"  - {entry}\n")


def test_politeness_settings_are_validated(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text("politeness: {rate_per_host: 0}\nsources: []\n")
    with pytest.raises(SourcesError, match="rate_per_host must be at least"):
        load_sources(p)
    p.write_text("politeness: {speed: 3}\nsources: []\n")
    with pytest.raises(SourcesError, match="unknown key"):
        load_sources(p)
