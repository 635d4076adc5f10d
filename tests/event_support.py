"""Helpers shared by the tests that write pages into a real event log (no tests of its own)."""

from __future__ import annotations

from dagster_project.eventlog import Event, now_utc


def fetched_page(url: str, html: str) -> Event:
    """An ArticleFetched event for an HTML page served at ``url`` (status 200, UTF-8)."""
    return Event(
        "ArticleFetched",
        url,
        "s",
        url,
        now_utc(),
        final_url=url,
        status=200,
        content_type="text/html; charset=utf-8",
        body=html.encode(),
    )
