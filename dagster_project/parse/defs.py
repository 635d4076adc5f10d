"""Parse: raw page bytes from the log become one row per article in DuckDB."""

import multiprocessing

import dagster as dg

from dagster_project.catalog import DAILY_READ, table_metadata
from dagster_project.defs_common import (
    DUCKDB_POOL,
    ProjectionConfig,
    markdown_table,
    selected_checks,
)
from dagster_project.idle import pending_work
from dagster_project.parse import PARSER_VERSION
from dagster_project.parse.parallel import close_pools, may_start_processes
from dagster_project.parse.project import parsed_partition
from dagster_project.partitions import PartitionStore, default_location
from dagster_project.progress import stage
from dagster_project.replay import run_step
from dagster_project.resources import DcwatchHome
from dagster_project.warehouse import frame

MIN_PARSE_SUCCESS = 0.9
SCORING_STEP = "stance_scores"  # the step after articles that uses the same worker pool
# One partition per log segment ("1", "2", …), registered by the sensor new_log_segments.
LOG_SEGMENTS = dg.DynamicPartitionsDefinition(name="log_segments")


def partition_store(home: DcwatchHome) -> PartitionStore:
    """Where the per-segment outputs live for this home (see dagster_project.partitions)."""
    return PartitionStore(default_location(home.root, home.eventlog().root))


# Statuses of pages read as intended: parsed whole, or read by the cheap pass only.
PARSED = ("ok", "skipped_offtopic")


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "parsed_segments",
            deps=["raw_events", "archive_imports"],
            group_name="parse",
            kinds={"parquet", "polars"},
            code_version=PARSER_VERSION,
            tags={"stage": "parse"},
            description="The article rows of one log segment, parsed by this parser version, "
            "as a Parquet file (reused when already written): a step any worker can run; "
            "articles loads them.",
        )
    ],
    partitions_def=LOG_SEGMENTS,
    can_subset=True,  # so the check can also run on its own
    check_specs=[
        dg.AssetCheckSpec(
            "segment_parse_rate",
            asset="parsed_segments",
            description=f"At least {MIN_PARSE_SUCCESS:.0%} of the segment's pages parse.",
        )
    ],
)
def parsed_segments(context: dg.AssetExecutionContext, home: DcwatchHome):
    """Parse one log segment into its Parquet output."""
    store = partition_store(home)
    if context.selected_asset_keys:
        seq = int(context.partition_key)
        rows = parsed_partition(store, home.eventlog(), seq)
        yield dg.MaterializeResult(
            asset_key="parsed_segments",
            metadata={
                "dagster/row_count": rows.height,
                "parser_version": PARSER_VERSION,
                "path": store.name("parsed", (PARSER_VERSION,), seq),
            },
        )
    if context.selected_asset_check_keys:
        yield _segment_parse_rate(store, segment_seqs(context, home))


def segment_seqs(context: dg.AssetExecutionContext, home: DcwatchHome) -> list[int]:
    """The segments a check judges: the run's partition, or (a check run on its own from the
    UI, which has no partition) every segment of the log."""
    if context.has_partition_key:
        return [int(context.partition_key)]
    return [s.seq for s in home.eventlog().segments()]


def _segment_parse_rate(store: PartitionStore, seqs: list[int]) -> dg.AssetCheckResult:
    ok = total = 0
    problems = []
    for seq in seqs:
        try:
            rows = parsed_partition(store, None, seq)  # the output as written; never parses
        except FileNotFoundError as exc:
            problems.append(str(exc))
            continue
        seg_ok = rows.filter(rows["parse_status"] == "ok").height
        if rows.height and seg_ok / rows.height < MIN_PARSE_SUCCESS:
            problems.append(f"segment {seq}: {seg_ok} of {rows.height} pages parsed")
        ok, total = ok + seg_ok, total + rows.height
    return dg.AssetCheckResult(
        check_name="segment_parse_rate",
        asset_key="parsed_segments",
        passed=not problems,
        severity=dg.AssetCheckSeverity.WARN,
        description="; ".join(problems) or None,
        metadata={"success_rate": ok / total if total else 1.0, "ok": ok, "total": total},
    )


ARTICLES_DESCRIPTION = "One row per article (latest version): title, dates, language and body text."


def _parse_rate(con) -> dg.AssetCheckResult:
    status = frame(
        con,
        "SELECT parse_status, count(*)::INTEGER AS n FROM articles GROUP BY ALL ORDER BY n DESC",
    )
    total = int(status["n"].sum())
    ok = int(status.filter(status["parse_status"].is_in(PARSED))["n"].sum())
    rate = ok / total if total else 1.0
    failing = ", ".join(f"{s} {n}" for s, n in status.iter_rows() if s not in PARSED)
    return dg.AssetCheckResult(
        check_name="parse_success_rate",
        asset_key="articles",
        passed=rate >= MIN_PARSE_SUCCESS,
        severity=dg.AssetCheckSeverity.WARN,
        description=(
            f"{ok} of {total} pages parsed ({rate:.0%}). Failing pages by status: "
            f"{failing or 'none'}. See them with: SELECT source, fetched_url, parse_status, "
            "parse_reason FROM articles WHERE parse_status NOT IN ('ok', 'skipped_offtopic')"
        ),
        metadata={"success_rate": rate, "ok": ok, "total": total},
    )


def _no_mojibake(con) -> dg.AssetCheckResult:
    mojibake = con.execute(
        "SELECT count(*) FROM articles WHERE contains(body, chr(65533))"
    ).fetchone()[0]  # type: ignore[index]
    return dg.AssetCheckResult(
        check_name="no_mojibake",
        asset_key="articles",
        passed=mojibake == 0,
        metadata={"articles_with_replacement_chars": int(mojibake)},
    )


ARTICLE_CHECKS = {"parse_success_rate": _parse_rate, "no_mojibake": _no_mojibake}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "articles",
            deps=["raw_events", "archive_imports", "parsed_segments"],
            group_name="parse",
            kinds={"duckdb", "polars"},
            code_version=PARSER_VERSION,
            metadata=table_metadata("articles"),
            freshness_policy=DAILY_READ,
            description=ARTICLES_DESCRIPTION,
            # Not materialized when a refresh has nothing new: the steps after it are skipped.
            skippable=True,
        )
    ],
    pool=DUCKDB_POOL,
    can_subset=True,  # so each check can also run on its own
    check_specs=[
        dg.AssetCheckSpec(
            "parse_success_rate",
            asset="articles",
            description=f"At least {MIN_PARSE_SUCCESS:.0%} of pages parse.",
        ),
        dg.AssetCheckSpec(
            "no_mojibake",
            asset="articles",
            description="No article body holds U+FFFD replacement characters.",
        ),
    ],
)
def articles(context: dg.AssetExecutionContext, config: ProjectionConfig, home: DcwatchHome):
    """Bring articles up to date with the log; with nothing new anywhere past ingest (see
    dagster_project.idle), materialize nothing, so parse, score and marts are skipped."""
    log = home.eventlog()
    with home.connect() as con:
        if context.selected_asset_keys:
            work = [] if config.rebuild else pending_work(con, log, home.root)
            if not config.rebuild and not work:
                context.log.info("nothing new since the last refresh: later steps skipped")
                return
            try:
                with stage("parse", "pages"):
                    stats = run_step(
                        con, "articles", log, rebuild=config.rebuild, workers=config.workers
                    )
            except BaseException:
                close_pools()
                raise
            if not _scoring_follows(context):
                close_pools()  # the workers are not needed past this step
            yield _articles_result(con, stats)
        yield from selected_checks(context, ARTICLE_CHECKS, con)


def _scoring_follows(context: dg.AssetExecutionContext) -> bool:
    """True when the run scores next in this very process (``dcwatch run``, ``import-archives
    --refresh``, an in-process run): the worker pool is then left running for the scoring
    step, which stops it, so its workers start and import once. A step run in a process of
    its own (the UI's runs) stops its pool at once: such a process joins its children at exit
    without running exit hooks (``parallel.close_pools``). A Celery worker's step (a daemonic
    process, which starts no pool: ``parallel.may_start_processes``) is never followed in
    its process by the run's next step."""
    if multiprocessing.parent_process() is not None or not may_start_processes():
        return False
    steps = context.run.step_keys_to_execute
    in_job = any(node.name == SCORING_STEP for node in context.job_def.nodes)
    return in_job and (steps is None or SCORING_STEP in steps)


def _articles_result(con, stats) -> dg.MaterializeResult:
    status = frame(
        con,
        "SELECT parse_status, count(*)::INTEGER AS n FROM articles GROUP BY ALL ORDER BY n DESC",
    )
    preview = frame(
        con,
        "SELECT published_day, source, lang, title FROM articles "
        "ORDER BY published_at DESC NULLS LAST LIMIT 5",
    )
    return dg.MaterializeResult(
        asset_key="articles",
        metadata={
            "dagster/row_count": int(status["n"].sum()),
            "new_versions": stats.rows_out,
            "rebuilt": stats.rebuilt,
            "checkpoint_seq": stats.to_seq,
            "parser_version": PARSER_VERSION,
            "parse_status": dg.MetadataValue.md(markdown_table(status, 10)),
            "preview": dg.MetadataValue.md(markdown_table(preview)),
        },
    )


def _one_story(con) -> dg.AssetCheckResult:
    missing = con.execute(
        "SELECT count(*) FROM articles a WHERE parse_status = 'ok' AND "
        "(SELECT count(*) FROM stories s WHERE s.article_id = a.article_id) <> 1"
    ).fetchone()[0]  # type: ignore[index]
    return dg.AssetCheckResult(
        check_name="one_story_per_article",
        asset_key="stories",
        passed=missing == 0,
        metadata={"articles_without_one_story": int(missing)},
    )


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "stories",
            deps=["articles"],
            group_name="parse",
            kinds={"duckdb", "polars"},
            metadata=table_metadata("stories"),
            description="Which story each article tells: exact and near copies (wire "
            "re-runs) share a story_id.",
        )
    ],
    pool=DUCKDB_POOL,
    can_subset=True,  # so the check can also run on its own
    check_specs=[
        dg.AssetCheckSpec(
            "one_story_per_article",
            asset="stories",
            description="Every parsed article belongs to exactly one story.",
        ),
    ],
)
def stories(context: dg.AssetExecutionContext, home: DcwatchHome):
    """Group new and changed articles into stories."""
    with home.connect() as con:
        if context.selected_asset_keys:
            stats = run_step(con, "stories")
            counts = con.execute(
                "SELECT count(*), count(DISTINCT story_id), count(*) FILTER (WHERE is_copy) "
                "FROM stories"
            ).fetchone()
            copies = frame(
                con,
                "SELECT a.source, a.title, c.source AS first_source FROM stories s "
                "JOIN articles a USING (article_id) "
                "JOIN articles c ON c.article_id = s.story_id "
                "WHERE s.is_copy ORDER BY a.published_at LIMIT 5",
            )
            n, distinct, n_copies = counts  # type: ignore[misc]
            yield dg.MaterializeResult(
                asset_key="stories",
                metadata={
                    "dagster/row_count": n,
                    "distinct_stories": distinct,
                    "copies": n_copies,
                    "articles_grouped": stats.rows_in,
                    "copies_preview": dg.MetadataValue.md(markdown_table(copies)),
                },
            )
        yield from selected_checks(context, {"one_story_per_article": _one_story}, con)
