"""Web archives (WARC, plain or gzipped): archived HTML responses become fetched articles.

The fetch time of an archived page is the archive's ``WARC-Date``, not the time of
the import: a backfill from 2024 must land in 2024 in every trend.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from dagster_project.eventlog import Event
from dagster_project.ingest.http.client import HTML_TYPES

MAX_RECORD_BYTES = 20 * 1024 * 1024


class WarcError(ValueError):
    """The archive cannot be read past this point."""


class _Gunzip:
    """The archive's bytes as a plain WARC stream: gzip members decompressed here, once.

    warcio is handed plain records (it would otherwise decompress every member itself),
    and this reader knows what warcio does not: whether the file stopped inside a gzip
    member, which warcio passes over in silence, losing the last records of a download
    cut short. It keeps the last ``TAIL`` bytes it returned, so the end of the file can be
    checked after the last record. A plain (not gzipped) file passes through unchanged.
    """

    TAIL = 1 << 16
    CHUNK = 1 << 16

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.gzip: bool | None = None
        self.member = zlib.decompressobj(zlib.MAX_WBITS | 16)
        self.pending = bytearray()  # decompressed; read up to ``pos``
        self.pos = 0
        self.tail = bytearray()
        self.total = 0  # plain bytes returned so far

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self.pending) - self.pos < size:
            data = self.raw.read(self.CHUNK)
            if not data:
                break
            if self.gzip is None:
                self.gzip = data[:2] == b"\x1f\x8b"
            if self.pos:  # drop what was read before appending (no quadratic copying)
                del self.pending[: self.pos]
                self.pos = 0
            if self.gzip:
                self._inflate(data)
            else:
                self.pending += data
        avail = len(self.pending) - self.pos
        n = avail if size < 0 else min(size, avail)
        out = bytes(self.pending[self.pos : self.pos + n])
        self.pos += n
        self.total += n
        self.tail += out
        if len(self.tail) > 2 * self.TAIL:
            del self.tail[: -self.TAIL]
        return out

    def _inflate(self, data: bytes) -> None:
        while data:
            if self.member.eof:
                self.member = zlib.decompressobj(zlib.MAX_WBITS | 16)
            try:
                self.pending += self.member.decompress(data)
            except zlib.error as exc:
                raise WarcError(f"corrupt gzip data near byte {self.raw.tell()}: {exc}") from exc
            data = self.member.unused_data if self.member.eof else b""

    def complete(self) -> bool:
        """False when the stream stopped inside a gzip member."""
        return not self.gzip or self.member.eof

    def rest_after(self, offset: int) -> bytes | None:
        """The plain bytes from ``offset`` to the end, or None when more than ``TAIL``."""
        if self.total - offset > len(self.tail):
            return None
        return bytes(self.tail[len(self.tail) - (self.total - offset) :])

    def tell(self) -> int:
        """Position in the plain stream (warcio's record offsets are in these bytes)."""
        return self.total


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
    plain = _Gunzip(stream)
    records = ArchiveIterator(plain)
    last_start = None
    for record in _records(records, stream):
        last_start = records.offset  # (get_record_offset() would consume the record)
        declared = record.rec_headers.get_header("Content-Length") or ""
        if not record.rec_type or not declared.strip().isdigit():
            # warcio yields a record with no type where a gzip member is cut, and one
            # without its Content-Length where a plain file is cut inside the headers.
            raise WarcError(f"unreadable record near byte {stream.tell()} (truncated?)")
        event = None
        headers = record.http_headers
        if record.rec_type == "response" and headers is not None:
            event = _page(record, headers, source, warc_name, max_bytes)
        _drain(record)
        yield event, stream.tell()  # compressed position: progress against the file size
    if not plain.complete():
        raise WarcError(f"the file ends inside a gzip member at byte {stream.tell()} (truncated?)")
    # A record cut inside its headers can end the iteration quietly too: then more than
    # the record separator is left after the last record read whole.
    info = records.member_info
    end = 0 if last_start is None else sum(info) if info and info[0] == last_start else info[0]
    if end < plain.total:
        rest = plain.rest_after(end)
        if rest is None or rest.strip():  # only the record separator may remain
            left = plain.total - end
            raise WarcError(f"{left} bytes after the last complete record (truncated?)")


def _records(records: ArchiveIterator, stream: BinaryIO) -> Iterator:
    """warcio's records, with its failures on a damaged file turned into a WarcError that
    says where (warcio's own text is about its internals: a record it misread after a
    false Content-Length ends in "'NoneType' object has no attribute 'startswith'")."""
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except WarcError:
            raise
        except (ArchiveLoadFailed, AttributeError, TypeError, ValueError, EOFError) as exc:
            raise WarcError(
                f"no valid record at byte {stream.tell()} (a false Content-Length on the record "
                "before, or a damaged file)"
            ) from exc
        yield record


def _drain(record) -> None:
    """Read what is left of the record; raise if it holds less than its Content-Length."""
    while record.raw_stream.read(1 << 16):
        pass
    if getattr(record.raw_stream, "limit", 0):
        uri = record.rec_headers.get_header("WARC-Target-URI")
        raise WarcError(f"{record.rec_type} record for {uri} ends early (truncated archive)")


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
