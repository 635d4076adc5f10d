"""One ingest pass: poll every source, fetch the new articles, record it all as one segment.

Pure logic over an HttpClient and an EventLog; the Dagster asset only wires it up.
A failing feed or page becomes a ``FetchFailed`` event and never stops the pass.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import polars as pl

from dagster_project.eventlog import Event, EventLog, events_frame, now_utc
from dagster_project.sources.config import Source, SourcesConfig
from dagster_project.sources.feeds import FeedError, parse_feed
from dagster_project.sources.http import FetchResult, HttpClient


@dataclass
class IngestReport:
    run_id: str
    segment_seq: int | None = None
    new_events: int = 0
    counts: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (source, url, reason)


def _failed(source: Source, url: str, res: FetchResult, what: str) -> Event:
    reason = res.error or "unknown"
    return Event(
        "FetchFailed", url, source.name, url, now_utc(), final_url=res.final_url,
        status=res.status, error=reason, meta={"what": what},
        # One failure record per URL, reason and day: repeated failures stay visible
        # day by day without flooding the log within a day.
        identity=f"{reason}|{now_utc().date().isoformat()}",
    )


def already_fetched(log: EventLog) -> set[str]:
    """Article URLs the log already holds content for."""
    frame = log.read(columns=["event_type", "stream_key"], event_types=["ArticleFetched"])
    return set(frame["stream_key"].to_list())


def poll_source(source: Source, client: HttpClient) -> tuple[list[Event], list[dict]]:
    """Fetch and parse one feed; return its events and the items it lists."""
    res = client.get(source.url)
    if not res.ok:
        return [_failed(source, source.url, res, "feed")], []
    events = [Event(
        "FeedPolled", source.url, source.name, source.url, now_utc(), final_url=res.final_url,
        status=res.status, content_type=res.content_type, etag=res.etag,
        last_modified=res.last_modified, body=res.body, meta={"kind": source.kind},
    )]
    try:
        items = parse_feed(res.body or b"", res.final_url or source.url, res.content_type)
    except FeedError as exc:
        bad = FetchResult(source.url, res.final_url, res.status, error=f"bad_feed: {exc}")
        return events + [_failed(source, source.url, bad, "feed")], []
    found = []
    for item in items:
        meta = {
            "feed_url": source.url,
            "feed_title": item.title,
            "feed_published_at": item.published_at.isoformat() if item.published_at else None,
            "guid": item.guid,
            "lang_hint": source.lang,
        }
        events.append(Event(
            "ArticleDiscovered", item.url, source.name, item.url, now_utc(), meta=meta,
            identity=f"{source.url}|{item.guid or ''}",
        ))
        found.append({"url": item.url, "meta": meta})
    return events, found


def fetch_article(source: Source, url: str, meta: dict, client: HttpClient) -> Event:
    """Fetch one article page as raw bytes, or record why it failed."""
    res = client.get(url)
    if not res.ok:
        return _failed(source, url, res, "article")
    return Event(
        "ArticleFetched", url, source.name, url, now_utc(), final_url=res.final_url,
        status=res.status, content_type=res.content_type, etag=res.etag,
        last_modified=res.last_modified, body=res.body, meta=meta,
    )


def run_ingest(
    config: SourcesConfig, log: EventLog, client: HttpClient, run_id: str
) -> IngestReport:
    """Poll all sources, fetch unseen articles, and append the events as one segment."""
    report = IngestReport(run_id=run_id)
    seen = already_fetched(log)
    events: list[Event] = []
    for source in config.sources:
        polled, items = poll_source(source, client)
        events.extend(polled)
        for item in items:
            if item["url"] in seen:
                continue
            seen.add(item["url"])
            events.append(fetch_article(source, item["url"], item["meta"], client))
    for e in events:
        report.counts[e.event_type] += 1
        if e.event_type == "FetchFailed":
            report.failures.append((e.source, e.url, e.error or ""))
    frame = events_frame(events, run_id)
    segment = log.append(frame, run_id)
    if segment is not None:
        report.segment_seq = segment.seq
        report.new_events = pl.read_parquet(segment.path, columns=["event_id"]).height
    return report
