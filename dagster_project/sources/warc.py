"""Web archives (WARC, plain or gzipped): archived HTML responses become fetched articles.

The fetch time of an archived page is the archive's ``WARC-Date``, not the time of
the import: a backfill from 2024 must land in 2024 in every trend.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator

from dagster_project.eventlog import Event
from dagster_project.sources.http import HTML_TYPES

MAX_RECORD_BYTES = 20 * 1024 * 1024


class WarcError(ValueError):
    """The archive cannot be read past this point."""


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def archived_pages(
    stream: BinaryIO, source: str, warc_name: str, max_bytes: int = MAX_RECORD_BYTES
) -> Iterator[tuple[Event | None, int]]:
    """Yield ``(event or None, bytes read so far)`` for every record of a WARC stream.

    Only ``response`` records holding an HTML 2xx page yield an ArticleFetched
    event (with ``meta.archived``); other records yield None, so the caller can
    still show progress through the file.
    """
    records = ArchiveIterator(stream)
    for record in records:
        if record.rec_type is None:
            # warcio yields a headerless record where a truncated gzip member ends.
            raise WarcError(f"unreadable record near byte {stream.tell()} (truncated?)")
        event = None
        headers = record.http_headers
        if record.rec_type == "response" and headers is not None:
            event = _page(record, headers, source, warc_name, max_bytes)
        yield event, stream.tell()  # compressed position: progress against the file size


def _page(record, headers, source: str, warc_name: str, max_bytes: int) -> Event | None:
    try:
        status = int(headers.get_statuscode() or 0)
    except ValueError:
        return None
    ctype = headers.get_header("Content-Type")
    mime = (ctype or "").split(";", 1)[0].strip().lower()
    uri = record.rec_headers.get_header("WARC-Target-URI")
    when = _warc_date(record.rec_headers.get_header("WARC-Date"))
    if not (200 <= status < 300) or mime not in HTML_TYPES or not uri or when is None:
        return None
    # content_stream() undoes chunked and gzip transfer encodings the crawler kept.
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return None
    if getattr(record.raw_stream, "limit", 0):
        raise WarcError(f"record for {uri} ends early (truncated archive)")
    return Event(
        "ArticleFetched",
        uri,
        source,
        uri,
        when,
        final_url=uri,
        status=status,
        content_type=ctype,
        etag=headers.get_header("ETag"),
        last_modified=headers.get_header("Last-Modified"),
        body=body,
        meta={
            "archived": True,
            "warc": warc_name,
            "warc_record_id": record.rec_headers.get_header("WARC-Record-ID"),
        },
    )
