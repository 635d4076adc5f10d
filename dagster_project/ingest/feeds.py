"""RSS and Atom feeds: bytes in, items out (feedparser does the format work)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

import feedparser


class FeedError(ValueError):
    """The bytes are not a usable feed."""


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str | None
    published_at: datetime | None
    guid: str | None
    outlet: str | None = None  # the <source> of an aggregator item: who published it


def _when(entry) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        tm = entry.get(key)
        if tm:
            # feedparser normalises to a UTC struct_time.
            return datetime.fromtimestamp(calendar.timegm(tm), UTC)
    return None


def parse_feed(body: bytes, feed_url: str, content_type: str | None = None) -> list[FeedItem]:
    """Parse an RSS 0.9x/1.0/2.0 or Atom document into items with absolute links.

    Links are resolved against the feed's own URL, so relative links work.
    Raises FeedError when the document has no entries and is malformed.
    """
    headers = {"content-location": feed_url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers)
    if parsed.bozo and not parsed.entries:
        reason = str(getattr(parsed, "bozo_exception", "") or "unreadable").removeprefix(
            "<unknown>:"
        )
        raise FeedError(f"not a feed: {reason}"[:200])
    if not parsed.entries and not parsed.get("version"):
        raise FeedError("not a feed: no RSS or Atom root element")
    items = []
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        if not link:
            continue
        if link.startswith("file://") and not link.startswith("file:///"):
            link = "file:///" + link[len("file://") :]  # feedparser drops the empty file:// host
        items.append(
            FeedItem(
                url=urljoin(feed_url, link),
                title=entry.get("title"),
                published_at=_when(entry),
                guid=entry.get("id"),
                outlet=(entry.get("source") or {}).get("title") or None,
            )
        )
    return items
