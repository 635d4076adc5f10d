"""Cheap feed watching: has any feed listed a link we have not seen? No events are written.

The state is a small JSON-able dict (a sensor cursor): per feed URL its ETag,
Last-Modified and the fingerprints of the links it listed last, newest first,
capped so the cursor stays small however long the feed has been watched.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from dagster_project.ingest.config import SourcesConfig
from dagster_project.ingest.feeds import FeedError
from dagster_project.ingest.http.client import HttpClient
from dagster_project.ingest.kinds import kind_of
from dagster_project.parse.dedup import canonical_url

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


def watch(config: SourcesConfig, client: HttpClient, cursor: dict) -> WatchResult:
    """Poll every watched source conditionally and report links absent from ``cursor``.

    A kind is watched when it says which links a document lists (``Kind.links``).
    """
    out = WatchResult(cursor=dict(cursor))
    for source in config.sources:
        links_of = kind_of(source.kind).links
        if links_of is None:
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
            links = links_of(
                res.body or b"", res.final_url or source.url, res.content_type, source.params
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
