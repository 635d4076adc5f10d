"""RSS and Atom feeds (``kind: rss`` / ``kind: atom``): one conditional GET per pass."""

from __future__ import annotations

from urllib.parse import urlparse

from dagster_project.ingest.discover import Polled, Validators, bad, discovered, request
from dagster_project.ingest.feeds import FeedError, parse_feed
from dagster_project.ingest.kinds import Kind, register

# Feed hosts whose item links lead to a script redirect, not to the article.
AGGREGATORS = ("news.google.com",)


def poll_feed(source, client, validators: Validators) -> Polled:
    """Poll an RSS or Atom feed."""
    out = Polled()
    res = request(source, source.url, client, validators, out, {})
    if res is not None:
        try:
            items = parse_feed(res.body or b"", res.final_url or source.url, res.content_type)
        except FeedError as exc:
            bad(source, source.url, res, exc, out)
        else:
            discovered(source, source.url, items, out)
    return out


def feed_links(body: bytes, url: str, content_type: str | None, params: dict) -> list[str]:
    """The item links of a feed document."""
    return [i.url for i in parse_feed(body, url, content_type)]


def _prepare(params: dict, url: str) -> dict:
    # headlines_only: record the items (headline, outlet, date) without fetching their
    # links; unset, true for aggregators whose links are script redirects
    if params["headlines_only"] is None:
        params["headlines_only"] = (urlparse(url).hostname or "").lower() in AGGREGATORS
    return params


register(
    *(
        Kind(
            name,
            fields={"headlines_only": (bool, None)},
            poll=poll_feed,
            links=feed_links,
            prepare=_prepare,
        )
        for name in ("rss", "atom")
    )
)
