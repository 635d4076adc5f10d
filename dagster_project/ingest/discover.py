"""Discovery, shared by the kinds: record what a source was asked and which articles it listed.

Each request becomes a ``FeedPolled`` event (or a ``FetchFailed`` one), each listed
article an ``ArticleDiscovered`` event. Requests are conditional when the log holds
an ETag or Last-Modified for the URL; a 304 records nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dagster_project.eventlog import Event, now_utc
from dagster_project.ingest.config import Source
from dagster_project.ingest.feeds import FeedItem
from dagster_project.ingest.http.client import FetchResult, HttpClient

Validators = dict[str, tuple[str | None, str | None]]  # url -> (etag, last_modified)


@dataclass
class Found:
    """An article link to fetch, with what its source said about it."""

    source: Source
    url: str
    meta: dict


@dataclass
class Polled:
    """What polling one source produced: events to record and article links to fetch."""

    events: list[Event] = field(default_factory=list)
    found: list[Found] = field(default_factory=list)
    not_modified: int = 0


def observed(event_type: str, source: Source, url: str, res: FetchResult, meta: dict) -> Event:
    """A content event (FeedPolled, ArticleFetched) recording what a successful GET saw."""
    return Event(
        event_type,
        url,
        source.name,
        url,
        now_utc(),
        final_url=res.final_url,
        status=res.status,
        content_type=res.content_type,
        etag=res.etag,
        last_modified=res.last_modified,
        body=res.body,
        meta=meta,
    )


def failed(source: Source, url: str, res: FetchResult, what: str) -> Event:
    """A FetchFailed event: one per URL, reason and day, so repeats do not flood the log."""
    reason = res.error or "unknown"
    return Event(
        "FetchFailed",
        url,
        source.name,
        url,
        now_utc(),
        final_url=res.final_url,
        status=res.status,
        error=reason,
        meta={"what": what, "attempts": res.attempts},
        identity=f"{reason}|{now_utc().date().isoformat()}",
    )


def request(
    source: Source, url: str, client: HttpClient, validators: Validators, out: Polled, meta: dict
) -> FetchResult | None:
    """GET one discovery document (conditionally); record FeedPolled, FetchFailed or nothing
    (304). Returns the answer to read, or None."""
    etag, modified = validators.get(url, (None, None))
    res = client.get(url, etag=etag, last_modified=modified, allow_file=source.is_local)
    if res.not_modified:
        out.not_modified += 1
        return None
    if not res.ok:
        out.events.append(failed(source, url, res, "feed"))
        return None
    out.events.append(observed("FeedPolled", source, url, res, {"kind": source.kind, **meta}))
    return res


def discovered(source: Source, feed_url: str, items: list[FeedItem], out: Polled) -> None:
    """Record each listed item as ArticleDiscovered and queue its link (unless headline-only)."""
    for item in items:
        meta = {
            "feed_url": feed_url,
            "feed_title": item.title,
            "feed_published_at": item.published_at.isoformat() if item.published_at else None,
            "guid": item.guid,
            "lang_hint": source.lang,
        }
        if item.outlet:
            meta["outlet"] = item.outlet
        headline_only = bool(source.params.get("headlines_only"))
        if headline_only:
            meta["headline_only"] = True
        out.events.append(
            Event(
                "ArticleDiscovered",
                item.url,
                source.name,
                item.url,
                now_utc(),
                meta=meta,
                identity=f"{feed_url}|{item.guid or ''}",
            )
        )
        if not headline_only:  # the headline is all there is: the link is not fetched
            out.found.append(Found(source, item.url, meta))


def bad(source: Source, url: str, res: FetchResult, exc: Exception, out: Polled) -> None:
    """Record that ``url`` answered, but not with a document of the source's kind."""
    bad = FetchResult(url, res.final_url, res.status, error=f"bad_feed: {exc}")
    out.events.append(failed(source, url, bad, "feed"))
