"""One ingest pass: poll every source, fetch the new articles, record it all as one segment.

Pure logic over an HttpClient and an EventLog; the Dagster asset only wires it up.
A failing feed or page becomes a ``FetchFailed`` event and never stops the pass.
Web archives are the exception to "one segment": they are flushed every N records
so a large archive never sits in memory (see ``ingest.warc_import``). Folders of
archives are not read here at all: each file is a partition of ``archive_imports``
(see ``ingest.archives``).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from dagster_project.eventlog import Event, EventLog, events_frame
from dagster_project.ingest.archives import is_archive_folder
from dagster_project.ingest.config import Source, SourcesConfig
from dagster_project.ingest.discover import Found, Polled, Validators, failed, observed
from dagster_project.ingest.history import latest_seen, retry_queue
from dagster_project.ingest.http.client import HTML_TYPES, FetchResult, HttpClient
from dagster_project.ingest.http.fetchpool import fetch_all
from dagster_project.ingest.kinds import kind_of


@dataclass
class IngestReport:
    """What one pass saw and wrote: counts by event type, failures, the segment(s) written."""

    run_id: str
    segment_seq: int | None = None
    new_events: int = 0
    counts: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (source, url, reason)
    source_failures: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # feeds, APIs, archives
    not_modified: int = 0  # conditional GETs answered 304: nothing to record
    archive_segments: list[int] = field(default_factory=list)
    archive_folders: list[str] = field(default_factory=list)  # left to archive_imports


def poll_source(source: Source, client: HttpClient, validators: Validators | None = None) -> Polled:
    """Ask one source which articles exist; never raises for a fault of the source."""
    try:
        return kind_of(source.kind).poll(source, client, validators or {})
    except Exception as exc:  # a reader bug on one odd document must not sink the whole run
        out = Polled()
        res = FetchResult(source.url, error=f"internal: {type(exc).__name__}: {exc}"[:300])
        out.events.append(failed(source, source.url, res, "feed"))
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
        res = FetchResult(url, error=f"internal: {type(exc).__name__}: {exc}"[:300])
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


def _order(e: Event) -> tuple:
    return (e.stream_key, e.event_type, e.source, e.identity or "", json.dumps(e.meta, default=str))


def run_ingest(
    config: SourcesConfig,
    log: EventLog,
    client: HttpClient,
    run_id: str,
    progress: bool | None = None,
) -> IngestReport:
    """Poll all sources, fetch unseen articles, and append the events as one segment.

    ``progress`` shows tqdm bars for archive imports (None: only on a terminal).
    """
    report = IngestReport(run_id=run_id)
    client = client.for_run(config)
    validators, seen = latest_seen(log)
    polled_sources = [s for s in config.sources if kind_of(s.kind).poll]
    polls = fetch_all(
        polled_sources,
        lambda s: poll_source(s, client, validators),
        lambda s: s.url,
        config.max_workers,
        config.concurrency_per_host,
    )
    events: list[Event] = []
    found: list[Found] = []
    for p in polls:
        events.extend(p.events)
        found.extend(p.found)
        report.not_modified += p.not_modified
    # Pages that failed on a transient fault recently are owed a retry even when their
    # feed answered 304 and so did not list them again.
    todo = _to_fetch(found + retry_queue(log, config, set(seen)), seen)
    pages = fetch_all(
        todo,
        lambda f: fetch_article(f, client, validators),
        lambda f: f.url,
        config.max_workers,
        config.concurrency_per_host,
    )
    report.not_modified += sum(1 for e in pages if e is None)
    events.extend(e for e in pages if e is not None)
    archived = 0
    for source in (s for s in config.sources if kind_of(s.kind).imports):
        if is_archive_folder(source):
            report.archive_folders.append(source.name)
            continue
        imported = kind_of(source.kind).imports(source, log, client, run_id, progress)
        events.extend(imported.events)
        report.archive_segments.extend(imported.segments)
        report.counts["ArticleFetched"] += imported.pages
        archived += imported.new_events
    for e in events:
        report.counts[e.event_type] += 1
        if e.event_type == "FetchFailed":
            report.failures.append((e.source, e.url, e.error or ""))
            if e.meta.get("what") != "article":
                report.source_failures.append((e.source, e.url, e.error or ""))
    # Threads finish in any order; the segment must not depend on it.
    frame = events_frame(sorted(events, key=_order), run_id)
    segment = log.append(frame, run_id)
    report.new_events = archived
    if segment is not None:
        report.segment_seq = segment.seq
        report.new_events += segment.events
    return report
