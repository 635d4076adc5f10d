"""News sitemaps and sitemap indexes: bytes in, article links (or child sitemaps) out.

Google News sitemaps carry ``news:publication_date`` and ``news:title``; they play
the part of a feed item's date and title. Plain sitemaps fall back to ``lastmod``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

from dagster_project.ingest.feeds import FeedError, FeedItem

MAX_INFLATED = 50 * 1024 * 1024  # the sitemap protocol caps an uncompressed file at 50 MB


@dataclass
class Sitemap:
    items: list[FeedItem] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # sitemaps listed by an index


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(node: ET.Element, name: str) -> str | None:
    for child in node.iter():
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)


def _inflate(body: bytes) -> bytes:
    # .xml.gz sitemaps arrive as gzip files, not Content-Encoding, so urllib3 leaves them
    # alone; inflate here with the same refusal to be bombed.
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = d.decompress(body, MAX_INFLATED + 1)
    if len(out) > MAX_INFLATED or d.unconsumed_tail:
        raise FeedError(f"gzipped sitemap inflates past {MAX_INFLATED} bytes")
    return out


def parse_sitemap(body: bytes, sitemap_url: str) -> Sitemap:
    """Parse a ``urlset`` or ``sitemapindex`` document (plain or gzipped).

    Raises FeedError when the bytes are not a sitemap.
    """
    if body[:2] == b"\x1f\x8b":
        try:
            body = _inflate(body)
        except zlib.error as exc:
            raise FeedError(f"bad gzip: {exc}") from exc
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise FeedError(f"not a sitemap: {exc}") from exc
    out = Sitemap()
    kind = _local(root.tag)
    if kind == "sitemapindex":
        for node in root:
            loc = _text(node, "loc")
            if _local(node.tag) == "sitemap" and loc:
                out.children.append(urljoin(sitemap_url, loc))
    elif kind == "urlset":
        for node in root:
            loc = _text(node, "loc")
            if _local(node.tag) != "url" or not loc:
                continue
            when = _date(_text(node, "publication_date")) or _date(_text(node, "lastmod"))
            out.items.append(
                FeedItem(
                    url=urljoin(sitemap_url, loc),
                    title=_text(node, "title"),
                    published_at=when,
                    guid=loc,
                )
            )
    else:
        raise FeedError(f"not a sitemap: root element <{kind}>")
    return out
