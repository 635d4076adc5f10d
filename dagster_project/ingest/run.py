"""One ingest pass: poll every source, fetch the new articles, record it all in the log.

Pure logic over an HttpClient and an EventLog; the Dagster asset only wires it up.
A failing feed or page becomes a ``FetchFailed`` event and never stops the pass.
Events are written as the pass goes, a segment every ``flush_pages`` pages or
``flush_seconds`` seconds, so a kill loses at most one interval and a stop (SIGTERM,
SIGINT, a run terminated from the UI) keeps everything fetched. Each source fetches
at most ``max_items`` articles per pass; the rest, already recorded as discovered,
are owed to the next pass. Folders of archives are not read here at all: each file
is a partition of ``archive_imports`` (see ``ingest.archives``).
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from dagster_project.eventlog import Event, EventLog
from dagster_project.ingest.archives import is_archive_folder
from dagster_project.ingest.claims import Claims
from dagster_project.ingest.config import Source, SourcesConfig
from dagster_project.ingest.discover import Found, Polled, Validators, failed, observed
from dagster_project.ingest.flush import SegmentWriter
from dagster_project.ingest.history import latest_seen, retry_queue
from dagster_project.ingest.http.client import HTML_TYPES, FetchResult, HttpClient
from dagster_project.ingest.http.fetchpool import fetch_iter
from dagster_project.ingest.kinds import kind_of

_LOG = logging.getLogger(__name__)
LOCKS_DIR = "_locks"  # under the log folder: per-host rate files and the claims of live runs


@dataclass
class IngestReport:
    """What one pass saw and wrote: counts by event type, failures, the segment(s) written."""

    run_id: str
    segment_seq: int | None = None  # the last segment the pass wrote
    segments: list[int] = field(default_factory=list)
    new_events: int = 0
    counts: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (source, url, reason)
    source_failures: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # feeds, APIs, archives
    not_modified: int = 0  # conditional GETs answered 304: nothing to record
    deferred: int = 0  # article links past a source's max_items, left for the next pass
    stopped: bool = False  # a stop was asked for before the pass ended
    archive_segments: list[int] = field(default_factory=list)
    archive_folders: list[str] = field(default_factory=list)  # left to archive_imports

    def record(self, events: list[Event]) -> list[Event]:
        """Count ``events`` and note their failures; return them."""
        for e in events:
            self.counts[e.event_type] += 1
            if e.event_type == "FetchFailed":
                self.failures.append((e.source, e.url, e.error or ""))
                if e.meta.get("what") != "article":
                    self.source_failures.append((e.source, e.url, e.error or ""))
        return events


def _internal(url: str, what: str, exc: Exception) -> FetchResult:
    # The traceback goes to the log for us; the event gets a reason a reader can act on.
    _LOG.exception("internal error while reading %s %s", what, url)
    return FetchResult(url, error=f"internal: the {what} could not be read (a dcwatch bug)")


def poll_source(source: Source, client: HttpClient, validators: Validators | None = None) -> Polled:
    """Ask one source which articles exist; never raises for a fault of the source."""
    try:
        return kind_of(source.kind).poll(source, client, validators or {})
    except Exception as exc:  # a reader bug on one odd document must not sink the whole run
        out = Polled()
        out.events.append(
            failed(source, source.url, _internal(source.url, source.kind, exc), "feed")
        )
        return out


def fetch_article(
    found: Found, client: HttpClient, validators: Validators | None = None
) -> Event | None:
    """Fetch one article page as raw bytes, or record why it failed (None: not modified)."""
    source, url = found.source, found.url
    etag, modified = (validators or {}).get(url, (None, None))
    try:
        # Links come from documents strangers wrote: file:// only inside a local corpus.
        res = client.get(
            url, etag=etag, last_modified=modified, accept=HTML_TYPES, allow_file=source.is_local
        )
    except Exception as exc:  # see poll_source
        res = _internal(url, "page", exc)
    if res.not_modified:
        return None
    if not res.ok:
        return failed(source, url, res, "article")
    return observed("ArticleFetched", source, url, res, {**found.meta})


def _to_fetch(found: list[Found], seen: dict[str, datetime]) -> list[Found]:
    # A page already in the log is fetched again only when its source says it changed
    # since, and then conditionally; otherwise re-polling a feed costs no page requests.
    todo, queued = [], set()
    for f in found:
        if f.url in queued:
            continue
        last = seen.get(f.url)
        stamp = f.meta.get("feed_published_at")
        if last is not None and not (stamp and datetime.fromisoformat(stamp) > last):
            continue
        queued.add(f.url)
        todo.append(f)
    return todo


def _capped(todo: list[Found], report: IngestReport) -> list[Found]:
    """At most each source's ``max_items`` pages, in the order they were listed."""
    taken: Counter = Counter()
    out = []
    for f in todo:
        if taken[f.source.name] < f.source.max_items:
            taken[f.source.name] += 1
            out.append(f)
    report.deferred = len(todo) - len(out)
    return out


def lock_folder(log: EventLog) -> Path:
    """Where this machine's processes share per-host rate files and page claims: beside a
    local log, or (a log in an object store) in a local folder named after the log's URL,
    since file locks only hold on one machine."""
    if log.local:
        return Path(log.root) / LOCKS_DIR
    digest = hashlib.sha256(str(log.root).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / "dcwatch-locks" / digest


def run_ingest(
    config: SourcesConfig,
    log: EventLog,
    client: HttpClient,
    run_id: str,
    progress: bool | None = None,
    stop: threading.Event | None = None,
) -> IngestReport:
    """Poll all sources, fetch unseen articles, and append the events to the log.

    ``progress`` shows tqdm bars for archive imports (None: only on a terminal);
    ``stop``, once set, ends the pass within seconds, keeping what was fetched.
    """
    stop = stop or threading.Event()
    report = IngestReport(run_id=run_id)
    # Rate limits and claims live beside the log, so they hold across every process on it.
    locks = lock_folder(log)
    client = client.for_run(config, shared_dir=locks / "hosts")
    writer = SegmentWriter(log, run_id, config.flush_pages, config.flush_seconds)
    workers, per_host = config.max_workers, config.concurrency_per_host
    start_seq = log.last_seq()
    validators, seen = latest_seen(log)
    polled = [s for s in config.sources if kind_of(s.kind).poll]
    found: list[Found] = []
    for got in fetch_iter(
        polled,
        lambda s: poll_source(s, client, validators),
        lambda s: s.url,
        workers,
        per_host,
        stop,
    ):
        if got is not None:
            writer.add(report.record(got[1].events))
            found.extend(got[1].found)
            report.not_modified += got[1].not_modified
        writer.tick()
    # Pages owed from earlier passes (failed on a transient fault, or past a source's
    # cap) come back even when their feed answered 304 and so did not list them again.
    todo = _to_fetch(found + retry_queue(log, config, set(seen)), seen)
    with Claims(locks, run_id) as claims:
        with claims.exclusive() as busy:
            # Not what a concurrent run is fetching, nor what one fetched since we began.
            done = set(log.read(start_seq, ["stream_key"], ["ArticleFetched"])["stream_key"])
            todo = _capped([f for f in todo if f.url not in busy and f.url not in done], report)
            claims.add(f.url for f in todo)
        for got in fetch_iter(
            [] if stop.is_set() else todo,
            lambda f: fetch_article(f, client, validators),
            lambda f: f.url,
            workers,
            per_host,
            stop,
        ):
            if got is not None and got[1] is None:
                report.not_modified += 1
            elif got is not None:
                writer.add(report.record([got[1]]), pages=1)
            writer.tick()
        writer.flush()  # before the claims lapse
    archived = 0
    for source in (s for s in config.sources if kind_of(s.kind).imports):
        if is_archive_folder(source):
            report.archive_folders.append(source.name)
            continue
        if stop.is_set():
            break
        imported = kind_of(source.kind).imports(source, log, client, run_id, progress, stop=stop)
        writer.add(report.record(imported.events))
        report.archive_segments.extend(imported.segments)
        report.counts["ArticleFetched"] += imported.pages
        archived += imported.new_events
    writer.flush()
    report.stopped = stop.is_set()
    report.segments = [s.seq for s in writer.segments]
    report.segment_seq = report.segments[-1] if report.segments else None
    report.new_events = archived + writer.written
    return report
