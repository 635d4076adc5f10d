"""Import a WARC source into the log, a segment every ``flush_every`` pages or ``flush_mb``
megabytes of pages, whichever comes first.

An archive can hold millions of records; holding them for one end-of-run segment
would hold them all in memory, and a count of pages alone does not bound it (portal
pages of a few MB each). Each flushed segment is complete and immutable, so a
crash midway keeps what was flushed, and a rerun skips it (event ids are stable).
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit
from urllib.request import url2pathname

from tqdm import tqdm

from dagster_project.eventlog import Event, EventLog, events_frame
from dagster_project.ingest.config import Source
from dagster_project.ingest.discover import failed
from dagster_project.ingest.http.client import FetchResult, HttpClient
from dagster_project.ingest.warc import WarcError, archived_pages

_LOG = logging.getLogger(__name__)


@dataclass
class Imported:
    events: list[Event] = field(default_factory=list)  # failures, recorded with the run's segment
    segments: list[int] = field(default_factory=list)
    pages: int = 0
    new_events: int = 0


def _bad(source: Source, reason: str) -> FetchResult:
    return FetchResult(source.url, error=f"bad_warc: {reason}"[:300])


def _open(source: Source, client: HttpClient) -> tuple[BinaryIO, int] | FetchResult:
    if source.is_local:
        path = Path(url2pathname(urlsplit(source.url).path))
        return open(path, "rb"), path.stat().st_size  # noqa: SIM115 - closed by the caller
    # A remote archive is read whole, within the client's size cap; mirror big ones locally.
    res = client.get(source.url)
    if not res.ok or res.body is None:
        return res
    return io.BytesIO(res.body), len(res.body)


def import_warc(
    source: Source,
    log: EventLog,
    client: HttpClient,
    run_id: str,
    progress: bool | None = None,
    report: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
) -> Imported:
    """Append the archive's HTML responses as ArticleFetched events; never raises for a bad file.

    ``progress`` shows a tqdm bar (None: only on a terminal); ``report`` receives a line
    at every flushed segment (the Dagster asset sends it to the run's log); ``stop``, once
    set, ends the read after the current record, keeping what was read."""
    out = Imported()
    flush_every = max(1, source.params.get("flush_every", 1000))
    flush_bytes = max(1, source.params.get("flush_mb", 64)) * 1_000_000
    limit = source.params.get("max_records", 0)
    batch: list[Event] = []
    held = 0  # page bytes in ``batch``
    # Segments are written by one thread while the next pages are read (compression,
    # checksums and decompression release the GIL), one at a time and in order, so memory
    # holds at most the batch being written and the one being filled.
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warc-segment")
    writing: Future | None = None

    def settle() -> None:
        """Wait for the segment being written and count it."""
        nonlocal writing
        if writing is None:
            return
        seg, writing = writing.result(), None
        if seg is not None:
            out.segments.append(seg.seq)
            out.new_events += seg.events
        if report is not None:
            share = f" ({done / size:.0%} of {size / 1e6:,.0f} MB)" if size else ""
            report(f"{source.name}: {out.pages:,} pages read{share}, {out.new_events:,} new")

    def flush() -> None:
        nonlocal held, writing
        held = 0
        if batch:
            events = sorted(batch, key=lambda e: (e.stream_key, e.recorded_at))
            batch.clear()
            settle()
            writing = writer.submit(lambda: log.append(events_frame(events, run_id), run_id))

    try:
        opened = _open(source, client)
    except OSError as exc:
        opened = _bad(source, f"cannot open the file: {exc.strerror or 'I/O error'}")
    if isinstance(opened, FetchResult):
        out.events.append(failed(source, source.url, opened, "warc"))
        return out
    stream, size = opened
    disable = None if progress is None else not progress  # None: tqdm shows bars only on a tty
    with (
        writer,  # waits for a segment still being written, whatever happens
        stream,
        tqdm(total=size, unit="B", unit_scale=True, desc=source.name, disable=disable) as bar,
    ):
        done = 0
        try:
            for event, pos in archived_pages(stream, source.name, source.url, client.max_bytes):
                bar.update(max(0, pos - done))
                done = max(done, pos)
                if event is not None:
                    batch.append(event)
                    out.pages += 1
                    held += len(event.body or b"")
                    if len(batch) >= flush_every or held >= flush_bytes:
                        flush()
                    if limit and out.pages >= limit:
                        break
                if stop is not None and stop.is_set():
                    break
        except WarcError as exc:
            out.events.append(failed(source, source.url, _bad(source, f"{exc}"), "warc"))
        except OSError as exc:
            reason = f"cannot read the file: {exc.strerror or 'I/O error'}"
            out.events.append(failed(source, source.url, _bad(source, reason), "warc"))
        except Exception:  # a reader bug on one odd file: the traceback goes to our log
            _LOG.exception("reading %s", source.url)
            reason = f"unreadable near byte {done} (an internal error; see the run log)"
            out.events.append(failed(source, source.url, _bad(source, reason), "warc"))
        flush()  # what was read before a fault is kept
        settle()
    return out
