"""Discovery: ask one source which articles exist (feed, sitemap or GDELT query).

Each request becomes a ``FeedPolled`` event (or a ``FetchFailed`` one), each listed
article an ``ArticleDiscovered`` event. Requests are conditional when the log holds
an ETag or Last-Modified for the URL; a 304 records nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dagster_project.eventlog import Event, now_utc
from dagster_project.ingest import gdelt
from dagster_project.ingest.config import Source
from dagster_project.ingest.feeds import FeedError, FeedItem, parse_feed
from dagster_project.ingest.http.client import FetchResult, HttpClient
from dagster_project.ingest.sitemap import parse_sitemap

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


def _request(
    source: Source, url: str, client: HttpClient, validators: Validators, out: Polled, meta: dict
) -> FetchResult | None:
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


def _discovered(source: Source, feed_url: str, items: list[FeedItem], out: Polled) -> None:
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


def _bad(source: Source, url: str, res: FetchResult, exc: Exception, out: Polled) -> None:
    bad = FetchResult(url, res.final_url, res.status, error=f"bad_feed: {exc}")
    out.events.append(failed(source, url, bad, "feed"))


def poll_feed(source: Source, client: HttpClient, validators: Validators) -> Polled:
    """Poll an RSS or Atom feed."""
    out = Polled()
    res = _request(source, source.url, client, validators, out, {})
    if res is not None:
        try:
            items = parse_feed(res.body or b"", res.final_url or source.url, res.content_type)
        except FeedError as exc:
            _bad(source, source.url, res, exc, out)
        else:
            _discovered(source, source.url, items, out)
    return out


def poll_sitemap(source: Source, client: HttpClient, validators: Validators) -> Polled:
    """Walk a sitemap or sitemap index, breadth first, within the source's limits."""
    out, p = Polled(), source.params
    queue, visited, n_urls = [(source.url, 0)], set(), 0
    while queue and len(visited) < p["max_sitemaps"] and n_urls < p["max_urls"]:
        url, depth = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        res = _request(source, url, client, validators, out, {"depth": depth})
        if res is None:
            continue
        try:
            doc = parse_sitemap(res.body or b"", res.final_url or url)
        except FeedError as exc:
            _bad(source, url, res, exc, out)
            continue
        if depth < p["max_depth"]:
            queue.extend((child, depth + 1) for child in doc.children)
        items = doc.items[: p["max_urls"] - n_urls]
        n_urls += len(items)
        _discovered(source, url, items, out)
    return out


def poll_gdelt(source: Source, client: HttpClient, validators: Validators) -> Polled:
    """Run a GDELT query over its window, splitting windows that hit the 250-article cap."""
    out, p = Polled(), source.params
    windows, requests = [gdelt.window(p["days"], p["start"], p["end"])], 0
    while windows and requests < p["max_requests"]:
        start, end = windows.pop(0)
        url = gdelt.request_url(source.url, p["query"], start, end)
        requests += 1
        meta = {"query": p["query"], "start": start.isoformat(), "end": end.isoformat()}
        res = _request(source, url, client, {}, out, meta)  # a query answer is never cached
        if res is None:
            continue
        try:
            items = gdelt.parse_artlist(res.body or b"")
        except FeedError as exc:
            _bad(source, url, res, exc, out)
            continue
        if len(items) >= gdelt.MAX_RECORDS:
            windows.extend(gdelt.halves(start, end, p["min_window_minutes"]))
        _discovered(source, source.url, items, out)
    return out


POLLERS = {"rss": poll_feed, "atom": poll_feed, "sitemap": poll_sitemap, "gdelt": poll_gdelt}
