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
FEED_FAILURES = "feed_failures"  # metadata: (source, url, reason) of each feed that failed


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "raw_events",
            group_name="ingest",
            kinds={"parquet", "python"},
            tags={"stage": "ingest"},
            description="The append-only event log: every feed poll, discovered link, "
            "fetched page and failure.",
        )
    ],
    can_subset=True,  # so each check can also run on its own
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
)
def raw_events(
    context: dg.AssetExecutionContext,
    home: DcwatchHome,
    sources: SourcesResource,
    http: HttpFetcher,
):
    """Poll every source and append what was seen to the event log."""
    log = home.eventlog()
    checks = {k.name for k in context.selected_asset_check_keys}
    if not context.selected_asset_keys:  # checks run on their own: judge what is stored
        if SEGMENTS_CHECK in checks:
            yield _segments_check(log, log.verify(recheck=True))
        if FEEDS_CHECK in checks:
            yield _feeds_check(_last_feed_failures(context))
        return
    try:
        config = sources.load()
    except SourcesError as exc:
        # A mistake in the sources file does not fix itself: fail now, with its message.
        raise dg.Failure(description=str(exc), allow_retries=False) from exc
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
    feed_failures = [list(f) for f in report.source_failures]
    yield dg.MaterializeResult(
        asset_key="raw_events",
        metadata={
            "sources": len(config.sources),
            "sources_file": str(config.path),
            "new_events": report.new_events,
            "segment_seq": report.segment_seq or 0,
            "archive_segments": len(report.archive_segments),
            "not_modified": report.not_modified,
            "deferred": report.deferred,
            "segments": len(log.segments()),
            "events_seen": dg.MetadataValue.json(dict(report.counts)),
            "failures": len(report.failures),
            "failure_preview": dg.MetadataValue.md(markdown_table(failures, 10)),
            FEED_FAILURES: dg.MetadataValue.json(feed_failures),
        },
    )
    if SEGMENTS_CHECK in checks:
        # Every segment's data against its checksum (this step has read them all already).
        yield _segments_check(log, log.verify(recheck=False))
    if FEEDS_CHECK in checks:
        yield _feeds_check(feed_failures)


def _segments_check(log, corrupt) -> dg.AssetCheckResult:
    unreadable = [f"{exc.where}: {exc.reason}" for exc in corrupt]
    return dg.AssetCheckResult(
        check_name=SEGMENTS_CHECK,
        asset_key="raw_events",
        passed=not unreadable,
        metadata={"segments": len(log.segments()), "unreadable": "\n".join(unreadable) or "none"},
    )


def _feeds_check(feed_failures: list) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        check_name=FEEDS_CHECK,
        asset_key="raw_events",
        passed=not feed_failures,
        severity=dg.AssetCheckSeverity.WARN,
        description="; ".join(f"{s}: {u}: {r}" for s, u, r in feed_failures)
        or "all feeds answered",
        metadata={"failed_feeds": len(feed_failures)},
    )


def _last_feed_failures(context: dg.AssetExecutionContext) -> list:
    """The sources that did not answer at the last ingest (its materialization says)."""
    event = context.instance.get_latest_materialization_event(dg.AssetKey("raw_events"))
    meta = event.asset_materialization.metadata if event and event.asset_materialization else {}
    value = meta.get(FEED_FAILURES)
    return list(value.value) if value is not None else []  # type: ignore[union-attr]
