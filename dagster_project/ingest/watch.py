"""Cheap feed watching: has any feed listed a link we have not seen? No events are written.

The state is a small JSON-able dict (a sensor cursor): per feed URL its ETag,
Last-Modified and the fingerprints of the links it listed last, newest first,
capped so the cursor stays small however long the feed has been watched.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from dagster_project.ingest.config import SourcesConfig
from dagster_project.ingest.feeds import FeedError, parse_feed
from dagster_project.ingest.http.client import HttpClient
from dagster_project.ingest.sitemap import parse_sitemap
from dagster_project.parse.dedup import canonical_url

WATCHED_KINDS = ("rss", "atom", "sitemap")  # GDELT spends API quota; archives do not change
MAX_SEEN = 200


@dataclass
class WatchResult:
    new_links: dict[str, list[str]] = field(default_factory=dict)  # source name -> new links
    cursor: dict = field(default_factory=dict)
    not_modified: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # source name -> reason

    @property
    def fingerprints(self) -> list[str]:
        return sorted(fingerprint(u) for links in self.new_links.values() for u in links)


def fingerprint(url: str) -> str:
    """A short stable id of a link, after canonicalisation (tracking parameters do not count)."""
    return hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()[:12]


def _links(kind: str, body: bytes, url: str, ctype: str | None) -> list[str]:
    if kind == "sitemap":
        doc = parse_sitemap(body, url)
        return [i.url for i in doc.items] + doc.children
    return [i.url for i in parse_feed(body, url, ctype)]


def watch(config: SourcesConfig, client: HttpClient, cursor: dict) -> WatchResult:
    """Poll every watchable source conditionally and report links absent from ``cursor``."""
    out = WatchResult(cursor=dict(cursor))
    for source in config.sources:
        if source.kind not in WATCHED_KINDS:
            continue
        state = cursor.get(source.url) or {}
        res = client.get(
            source.url,
            etag=state.get("etag"),
            last_modified=state.get("modified"),
            allow_file=source.is_local,
        )
        if res.not_modified:
            out.not_modified += 1
            continue
        if not res.ok:
            out.failed[source.name] = res.error or "unknown"
            continue
        try:
            links = _links(
                source.kind, res.body or b"", res.final_url or source.url, res.content_type
            )
        except FeedError as exc:
            out.failed[source.name] = f"bad_feed: {exc}"
            continue
        seen = list(state.get("seen") or [])
        known = set(seen)
        fresh = [u for u in links if fingerprint(u) not in known]
        if fresh:
            out.new_links[source.name] = fresh
        listed = list(dict.fromkeys(fingerprint(u) for u in links))
        keep = listed + [f for f in seen if f not in set(listed)]
        out.cursor[source.url] = {
            "etag": res.etag,
            "modified": res.last_modified,
            "seen": keep[: max(MAX_SEEN, len(listed))],
        }
    return out
