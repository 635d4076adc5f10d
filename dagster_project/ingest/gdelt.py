"""GDELT DOC 2.0 API in article-list mode: a query and a time window in, article links out.

The API returns at most 250 articles per request. When a window comes back full,
it is split in two and each half asked again, down to a minimum window, so a busy
week is not silently cut at 250 (the caller bounds the number of requests).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from dagster_project.ingest.feeds import FeedError, FeedItem

MAX_RECORDS = 250


def _stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def request_url(api: str, query: str, start: datetime, end: datetime) -> str:
    """The ArtList/JSON request for ``query`` between ``start`` and ``end`` (UTC)."""
    params = {
        "query": query,
        "mode": "ArtList",
        "format": "json",
        "maxrecords": MAX_RECORDS,
        "sort": "DateAsc",
        "startdatetime": _stamp(start),
        "enddatetime": _stamp(end),
    }
    return f"{api}?{urlencode(params)}"


def _seen(value: str | None) -> datetime | None:
    try:
        return datetime.strptime(value or "", "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def parse_artlist(body: bytes) -> list[FeedItem]:
    """Articles of one ArtList answer. Raises FeedError for GDELT's plain-text error pages."""
    text = body.decode("utf-8", "replace").strip()
    if not text:
        return []  # GDELT answers an empty body when nothing matched
    try:
        # strict=False: GDELT titles sometimes carry raw control characters.
        doc = json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        raise FeedError(f"not GDELT JSON: {text[:120]!r}") from exc
    if not isinstance(doc, dict):
        raise FeedError("not GDELT JSON: expected an object")
    items = []
    for art in doc.get("articles") or []:
        url = art.get("url") if isinstance(art, dict) else None
        if url:
            items.append(
                FeedItem(
                    url=url,
                    title=art.get("title"),
                    published_at=_seen(art.get("seendate")),
                    guid=url,
                )
            )
    return items


def window(
    days: int, start: datetime | None, end: datetime | None, now: datetime | None = None
) -> tuple[datetime, datetime]:
    """The fixed window when given, else the last ``days`` days up to ``now``."""
    if start and end:
        return start, end
    end = (now or datetime.now(UTC)).replace(second=0, microsecond=0)
    return end - timedelta(days=days), end


def halves(start: datetime, end: datetime, min_minutes: int) -> list[tuple[datetime, datetime]]:
    """Split a full window in two, or return [] when it is already the smallest allowed."""
    if (end - start) / 2 < timedelta(minutes=max(min_minutes, 1)):
        return []
    mid = start + (end - start) / 2
    mid = mid.replace(microsecond=0)
    return [(start, mid), (mid, end)]
