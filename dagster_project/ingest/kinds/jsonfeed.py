"""JSON Feed 1.1 (``kind: jsonfeed``, https://www.jsonfeed.org/version/1.1/): a JSON API of items.

Each item's ``url`` (its permalink; ``external_url`` with ``prefer_external``) is an
article link, ``title`` and ``date_published`` its feed title and date. ``next_url``
pages are followed up to ``max_pages`` documents per pass.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import urljoin

from dagster_project.ingest.discover import Polled, Validators, bad, discovered, request
from dagster_project.ingest.feeds import FeedError, FeedItem
from dagster_project.ingest.kinds import Kind, register

VERSION_PREFIX = "https://jsonfeed.org/version/"


def parse_jsonfeed(body: bytes, feed_url: str, prefer_external: bool = False) -> tuple:
    """``(items, next_url or None)`` of one JSON Feed document; FeedError when it is not one."""
    try:
        doc = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedError(f"not JSON: {exc.__class__.__name__} at {getattr(exc, 'pos', 0)}") from exc
    version = doc.get("version") if isinstance(doc, dict) else None
    if not (isinstance(version, str) and version.startswith(VERSION_PREFIX)):
        raise FeedError("not a JSON Feed: no 'version' of https://jsonfeed.org/version/…")
    if not isinstance(doc.get("items"), list):
        raise FeedError("not a JSON Feed: 'items' is not a list")
    items = []
    for item in doc["items"]:
        if not isinstance(item, dict):
            continue
        keys = ("external_url", "url") if prefer_external else ("url", "external_url")
        link = next((item[k] for k in keys if isinstance(item.get(k), str) and item[k]), None)
        if not link:
            continue
        title = item.get("title")
        items.append(
            FeedItem(
                url=urljoin(feed_url, link.strip()),
                title=title if isinstance(title, str) else None,
                published_at=_date(item.get("date_published") or item.get("date_modified")),
                guid=str(item.get("id") or link),
            )
        )
    nxt = doc.get("next_url")
    return items, urljoin(feed_url, nxt) if isinstance(nxt, str) and nxt else None


def _date(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)


def poll_jsonfeed(source, client, validators: Validators) -> Polled:
    """Read the feed and up to ``max_pages - 1`` of its ``next_url`` pages."""
    out, p = Polled(), source.params
    url, visited = source.url, set()
    while url and url not in visited and len(visited) < p["max_pages"]:
        visited.add(url)
        res = request(source, url, client, validators, out, {"page": len(visited)})
        if res is None:
            return out
        try:
            items, url = parse_jsonfeed(res.body or b"", res.final_url or url, p["prefer_external"])
        except FeedError as exc:
            bad(source, res.url, res, exc, out)
            return out
        discovered(source, res.url, items, out)
    return out


def jsonfeed_links(body: bytes, url: str, content_type: str | None, params: dict) -> list[str]:
    """The item links of a JSON Feed document (for the feed sensor)."""
    return [i.url for i in parse_jsonfeed(body, url, params["prefer_external"])[0]]


register(
    Kind(
        "jsonfeed",
        fields={"max_pages": (int, 1), "prefer_external": (bool, False)},
        poll=poll_jsonfeed,
        links=jsonfeed_links,
    )
)
