"""Archive backfills: each file of a WARC folder source is one partition of `archive_imports`.

The sensor `new_archive_files` registers the files it finds as partitions and imports
each new one; the asset's Backfill button (re-)imports any set of files; `dcwatch
import-archives` does both from a shell. Imports only append to the event log, so
they do not take the DuckDB pool: the next `refresh` parses and scores what they added.
"""

import dagster as dg

from dagster_project.defs_common import INGEST_RETRY
from dagster_project.eventlog import CorruptSegment, events_frame
from dagster_project.ingest.archives import ArchiveError, all_archive_files, partition_source
from dagster_project.ingest.config import SourcesError
from dagster_project.ingest.kinds import kind_of
from dagster_project.ingest.stopping import stop_on_signals
from dagster_project.progress import enabled as progress_enabled
from dagster_project.resources import DcwatchHome, HttpFetcher, SourcesResource

ARCHIVE_FILES = dg.DynamicPartitionsDefinition(name="archive_files")
READ_WHOLE_CHECK = "archive_read_whole"
FAULTS = "faults"  # metadata: what stopped the read of the file, if anything


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "archive_imports",
            group_name="ingest",
            kinds={"parquet", "python"},
            tags={"stage": "ingest"},
            description="Web-archive files (WARC) from folder sources, one partition per "
            "file, appended to the event log with their original fetch dates. Re-importing a "
            "file adds nothing.",
        )
    ],
    partitions_def=ARCHIVE_FILES,
    can_subset=True,  # so the check can also run on its own
    check_specs=[
        dg.AssetCheckSpec(
            READ_WHOLE_CHECK,
            asset="archive_imports",
            description="The archive file was read to its end (a truncated file keeps the "
            "pages before the fault and warns).",
        )
    ],
    retry_policy=INGEST_RETRY,
)
def archive_imports(
    context: dg.AssetExecutionContext,
    home: DcwatchHome,
    sources: SourcesResource,
    http: HttpFetcher,
):
    """Import one archive file into the event log."""
    if not context.selected_asset_keys:  # the check on its own: what the last import found
        # of this file; run from the UI, which gives a check no partition, of every file
        keys = (
            [context.partition_key]
            if context.has_partition_key
            else context.instance.get_dynamic_partitions(ARCHIVE_FILES.name)
        )
        found = [_last_import(context, k) for k in keys]
        yield _read_whole([f for faults, _ in found for f in faults], sum(p for _, p in found))
        return
    key = context.partition_key
    try:
        config = sources.load()
        source = partition_source(config, key)
    except (SourcesError, ArchiveError) as exc:
        # Neither a broken sources file nor a vanished file mends itself on retry.
        raise dg.Failure(description=str(exc), allow_retries=False) from exc
    log = home.eventlog()
    client = http.client(config.user_agent).for_run(config)
    try:
        with stop_on_signals(redeliver=False) as stop:  # keep what was read, as raw_events does
            imported = kind_of(source.kind).imports(
                source,
                log,
                client,
                context.run_id,
                progress=progress_enabled(),  # a bar on the terminal of `dcwatch import-archives`
                report=context.log.info,
                stop=stop,
            )
        if imported.events:  # the fault that stopped the read, recorded like any other failure
            log.append(events_frame(imported.events, context.run_id), context.run_id)
    except CorruptSegment as exc:  # a damaged log segment does not mend itself on retry
        raise dg.Failure(description=str(exc), allow_retries=False) from exc
    if stop.is_set():
        raise dg.Failure(
            description=f"{key}: import stopped by {stop.signal.name if stop.signal else 'request'}"
            f" after {imported.pages} pages ({imported.new_events} new events kept); "
            "re-import the partition to read the rest (what was kept is not added twice)",
            allow_retries=False,
        )
    faults = [e.error or "" for e in imported.events]
    for fault in faults:
        context.log.warning(f"{key}: {fault}")
    context.log.info(f"{key}: {imported.pages} pages, {imported.new_events} new events")
    yield dg.MaterializeResult(
        asset_key="archive_imports",
        metadata={
            "file": source.url,
            "pages": imported.pages,
            "new_events": imported.new_events,
            "segments": len(imported.segments),
            FAULTS: dg.MetadataValue.json(faults),
        },
    )
    if context.selected_asset_check_keys:
        yield _read_whole(faults, imported.pages)


def _read_whole(faults: list[str], pages: int) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        check_name=READ_WHOLE_CHECK,
        asset_key="archive_imports",
        passed=not faults,
        severity=dg.AssetCheckSeverity.WARN,
        description="; ".join(faults) or f"read to the end: {pages} pages",
    )


def _last_import(context: dg.AssetExecutionContext, key: str) -> tuple[list[str], int]:
    """The faults and pages of this file's last import (never imported: that fault)."""
    records = context.instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=dg.AssetKey("archive_imports"), asset_partitions=[key]),
        limit=1,
    ).records
    if not records or records[0].asset_materialization is None:
        return [f"{key} has not been imported: materialize this partition"], 0
    meta = records[0].asset_materialization.metadata
    faults, pages = meta.get(FAULTS), meta.get("pages")
    return (
        list(faults.value) if faults is not None else [],  # type: ignore[union-attr]
        int(pages.value) if pages is not None else 0,  # type: ignore[union-attr, arg-type]
    )


import_archives = dg.define_asset_job(
    "import_archives",
    selection=[archive_imports],
    partitions_def=ARCHIVE_FILES,
    description=(
        "Import web-archive files into the event log, one run per file (partition). "
        "Launched by the sensor new_archive_files, `dcwatch import-archives`, or a backfill "
        "of archive_imports. Run refresh afterwards to parse and score what was added."
    ),
    tags={"dcwatch/job": "import_archives"},
)


@dg.sensor(
    job=import_archives,
    minimum_interval_seconds=5 * 60,
    # On by default: it only lists local folders named in the sources file, and a file
    # dropped into such a folder is meant to be imported.
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Lists the WARC folders of the sources file; registers each new file as a "
    "partition of archive_imports and requests its import.",
)
def new_archive_files(context: dg.SensorEvaluationContext, sources: SourcesResource):
    """Register new archive files as partitions and import each once."""
    files = all_archive_files(sources.load())
    known = set(context.instance.get_dynamic_partitions(ARCHIVE_FILES.name))
    new = [key for key in files if key not in known]
    if not new:
        return dg.SkipReason(f"no new archive files ({len(files)} known)")
    return dg.SensorResult(
        run_requests=[
            # run_key: a file is imported once by the sensor; a backfill can re-import it.
            dg.RunRequest(
                partition_key=key, run_key=key, tags={"dcwatch/trigger": "new_archive_files"}
            )
            for key in new
        ],
        dynamic_partitions_requests=[ARCHIVE_FILES.build_add_request(new)],
    )
