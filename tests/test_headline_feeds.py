"""Aggregator feeds (Google News): the items' links are script redirects, so the items are
recorded as headlines, never fetched, and become dated, scored articles of their outlet."""

from __future__ import annotations

import json

import pytest

from dagster_project.eventlog import EventLog
from dagster_project.ingest.config import SourcesError, load_sources
from dagster_project.ingest.http.client import HttpClient
from dagster_project.ingest.run import run_ingest
from dagster_project.parse.headlines import HEADLINE_REASON, clean_headline
from dagster_project.parse.project import update_articles
from dagster_project.score.project import update_mentions
from dagster_project.warehouse import connect

# Google News search results as its RSS serves them: an opaque link, " - Outlet" appended
# to the title, and the outlet in <source>.
ITEMS = [
    (
        "CBMiA1",
        "구글, 한국 데이터센터 건립 계획 없다 - 한빛일보",
        "한빛일보",
        "Tue, 04 Nov 2025 01:00:00 GMT",
    ),
    (
        "CBMiB2",
        "OpenAI in talks to build a data center in Korea - Harbor Times",
        "Harbor Times",
        "Wed, 05 Nov 2025 02:30:00 GMT",
    ),
]


def gnews(base: str) -> str:
    entries = "".join(
        f"<item><title>{title}</title><link>{base}/rss/articles/{gid}?oc=5</link>"
        f'<guid isPermaLink="false">{gid}</guid><pubDate>{date}</pubDate>'
        f'<source url="https://outlet.example">{outlet}</source></item>'
        for gid, title, outlet, date in ITEMS
    )
    channel = f"<channel><title>G</title>{entries}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'


@pytest.fixture
def aggregator(httpserver):
    httpserver.no_handler_status_code = 404  # no robots.txt
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/rss/search").respond_with_data(
        gnews(base), content_type="application/rss+xml"
    )
    return httpserver


def write_sources(tmp_path, url: str, extra: str = "") -> object:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "allow_private_hosts: true\npoliteness: {rate_per_host: 100}\nsources:\n"
        f"  - {{name: gnews, kind: rss, url: '{url}'{extra}}}\n"
    )
    return load_sources(path)


def test_google_news_feeds_are_headline_only_unless_told_otherwise(tmp_path):
    google = "https://news.google.com/rss/search?q=data+center&hl=ko"
    assert write_sources(tmp_path, google).sources[0].params["headlines_only"] is True
    assert write_sources(tmp_path, "https://a.example/rss").sources[0].params == {
        "headlines_only": False
    }
    fetched = write_sources(tmp_path, google, ", headlines_only: false").sources[0]
    assert fetched.params["headlines_only"] is False
    with pytest.raises(SourcesError, match="'headlines_only' must be bool"):
        write_sources(tmp_path, google, ", headlines_only: 1")


def test_the_outlet_tail_is_cut_from_the_headline_only_when_it_is_the_outlet():
    assert clean_headline("구글, 데이터센터 철회 - 한빛일보", "한빛일보") == "구글, 데이터센터 철회"
    assert clean_headline("A - B - Harbor Times", "Harbor Times") == "A - B"
    assert clean_headline("Seoul - Busan link opens", "Harbor Times") == "Seoul - Busan link opens"
    assert clean_headline("Harbor Times", "Harbor Times") == "Harbor Times"


@pytest.mark.slow
def test_headline_items_are_recorded_not_fetched_then_parsed_and_scored(tmp_path, aggregator):
    config = write_sources(
        tmp_path, aggregator.url_for("/rss/search"), ", headlines_only: true, lang: ko"
    )
    log = EventLog(tmp_path / "events")
    report = run_ingest(config, log, HttpClient(), "r1", progress=False)
    assert report.counts == {"FeedPolled": 1, "ArticleDiscovered": 2}
    requested = [req.path for req, _ in aggregator.log]
    assert not any(p.startswith("/rss/articles/") for p in requested), requested
    events = log.read().filter(event_type="ArticleDiscovered").sort("url")
    meta = json.loads(events["meta"][0])
    assert meta["headline_only"] is True and meta["outlet"] == "한빛일보"

    db = tmp_path / "dcwatch.duckdb"
    with connect(db) as con:
        update_articles(con, log)
        update_mentions(con)
        rows = con.execute(
            "SELECT source, title, published_at::VARCHAR, date_source, lang, parse_status, "
            "parse_reason FROM articles ORDER BY published_at"
        ).fetchall()
        stances = dict(
            con.execute("SELECT firm, stance FROM article_firm_stance ORDER BY firm").fetchall()
        )
    assert rows == [
        (
            "한빛일보 via gnews",
            "구글, 한국 데이터센터 건립 계획 없다",
            "2025-11-04 01:00:00+00",
            "feed",
            "ko",
            "ok",
            HEADLINE_REASON,
        ),
        (
            "Harbor Times via gnews",
            "OpenAI in talks to build a data center in Korea",
            "2025-11-05 02:30:00+00",
            "feed",
            "en",
            "ok",
            HEADLINE_REASON,
        ),
    ]
    assert stances == {"google": "declined", "openai": "considering"}

    # Polling the unchanged feed again records nothing new and adds no article.
    assert run_ingest(config, log, HttpClient(), "r2", progress=False).new_events == 0
    with connect(db) as con:
        update_articles(con, log)
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (2,)


def test_an_ordinary_feed_still_fetches_its_pages(tmp_path, aggregator):
    config = write_sources(tmp_path, aggregator.url_for("/rss/search"), ", headlines_only: false")
    run_ingest(config, EventLog(tmp_path / "events"), HttpClient(), "r", progress=False)
    requested = [req.path for req, _ in aggregator.log]
    assert sum(p.startswith("/rss/articles/") for p in requested) == 2
