"""News sitemaps and sitemap indexes (``kind: sitemap``), walked breadth first within limits."""

from __future__ import annotations

from dagster_project.ingest.discover import Polled, Validators, bad, discovered, request
from dagster_project.ingest.feeds import FeedError
from dagster_project.ingest.kinds import Kind, register
from dagster_project.ingest.sitemap import parse_sitemap


def poll_sitemap(source, client, validators: Validators) -> Polled:
    """Walk a sitemap or sitemap index, breadth first, within the source's limits."""
    out, p = Polled(), source.params
    queue, visited, n_urls = [(source.url, 0)], set(), 0
    while queue and len(visited) < p["max_sitemaps"] and n_urls < p["max_urls"]:
        url, depth = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        res = request(source, url, client, validators, out, {"depth": depth})
        if res is None:
            continue
        try:
            doc = parse_sitemap(res.body or b"", res.final_url or url)
        except FeedError as exc:
            bad(source, url, res, exc, out)
            continue
        if depth < p["max_depth"]:
            queue.extend((child, depth + 1) for child in doc.children)
        items = doc.items[: p["max_urls"] - n_urls]
        n_urls += len(items)
        discovered(source, url, items, out)
    return out


def sitemap_links(body: bytes, url: str, content_type: str | None, params: dict) -> list[str]:
    """The article links and child sitemaps a sitemap document lists."""
    doc = parse_sitemap(body, url)
    return [i.url for i in doc.items] + doc.children


register(
    Kind(
        "sitemap",
        fields={"max_depth": (int, 2), "max_sitemaps": (int, 50), "max_urls": (int, 1000)},
        poll=poll_sitemap,
        links=sitemap_links,
    )
)
