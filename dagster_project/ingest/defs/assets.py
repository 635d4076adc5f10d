"""Ingest: poll the sources and record what was seen in the event log."""

import dagster as dg
import polars as pl

from dagster_project.defs_common import INGEST_RETRY, markdown_table
from dagster_project.eventlog import CorruptSegment
from dagster_project.ingest.config import SourcesError
from dagster_project.ingest.run import run_ingest
from dagster_project.ingest.stopping import stop_on_signals
from dagster_project.resources import DcwatchHome, HttpFetcher, SourcesResource

SEGMENTS_CHECK = "segments_readable"
FEEDS_CHECK = "feeds_reachable"


@dg.asset(
    group_name="ingest",
    kinds={"parquet", "python"},
    check_specs=[
        dg.AssetCheckSpec(
            SEGMENTS_CHECK,
            asset="raw_events",
            description="Every log segment's data matches the checksum written with it.",
        ),
        dg.AssetCheckSpec(
            FEEDS_CHECK,
            asset="raw_events",
            description="Every source in the sources file answered with a feed.",
        ),
    ],
    retry_policy=INGEST_RETRY,
    tags={"stage": "ingest"},
)
def raw_events(
    context: dg.AssetExecutionContext,
    home: DcwatchHome,
    sources: SourcesResource,
    http: HttpFetcher,
):
    """The append-only event log: every feed poll, discovered link, fetched page and failure."""
    try:
        config = sources.load()
    except SourcesError as exc:
        # A mistake in the sources file does not fix itself: fail now, with its message.
        raise dg.Failure(description=str(exc), allow_retries=False) from exc
    log = home.eventlog()
    # SIGTERM, SIGINT or a run terminated from the UI: stop fetching and keep what was
    # fetched. The step then fails without a retry (a retry would start fetching again).
    try:
        with stop_on_signals(redeliver=False) as stop:
            client = http.client(config.user_agent)
            report = run_ingest(config, log, client, run_id=context.run_id, stop=stop)
    except CorruptSegment as exc:  # no retry reads it whole: say which file, and what to do
        raise dg.Failure(description=str(exc), allow_retries=False) from exc
    if report.stopped:
        raise dg.Failure(
            description=f"ingest stopped by {stop.signal.name if stop.signal else 'request'}: "
            f"{report.new_events} new events kept in {len(report.segments)} segment(s); "
            "what was not fetched is left for the next run",
            allow_retries=False,
        )
    for source, url, reason in report.failures:
        context.log.warning(f"{source}: {url}: {reason}")
    failures = pl.DataFrame(report.failures, schema=["source", "url", "reason"], orient="row")
    segments = log.segments()
    # Every segment's data against its checksum (this step has read them all already).
    unreadable = [f"{exc.where}: {exc.reason}" for exc in log.verify(recheck=False)]
    feed_failures = report.source_failures
    return dg.MaterializeResult(
        metadata={
            "sources": len(config.sources),
            "sources_file": str(config.path),
            "new_events": report.new_events,
            "segment_seq": report.segment_seq or 0,
            "archive_segments": len(report.archive_segments),
            "not_modified": report.not_modified,
            "deferred": report.deferred,
            "segments": len(segments),
            "events_seen": dg.MetadataValue.json(dict(report.counts)),
            "failures": len(report.failures),
            "failure_preview": dg.MetadataValue.md(markdown_table(failures, 10)),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name=SEGMENTS_CHECK,
                passed=not unreadable,
                metadata={"segments": len(segments), "unreadable": "\n".join(unreadable) or "none"},
            ),
            dg.AssetCheckResult(
                check_name=FEEDS_CHECK,
                passed=not feed_failures,
                severity=dg.AssetCheckSeverity.WARN,
                description="; ".join(f"{s}: {u}: {r}" for s, u, r in feed_failures)
                or "all feeds answered",
                metadata={"failed_feeds": len(feed_failures)},
            ),
        ],
    )
