"""``dcwatch run`` and ``dcwatch replay``: the Dagster jobs, executed in process."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import polars as pl

from dagster_project.cli.common import db_path, print_frame


def _instance():
    import dagster as dg

    # With DAGSTER_HOME set, runs are recorded there and show up in the UI's run history.
    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.ephemeral()


def _execute(job_name: str, instance=None, partition_key: str | None = None) -> bool:
    from dagster_project.definitions import defs

    job = defs.resolve_job_def(job_name)
    if instance is None:
        with _instance() as inst:
            return _execute(job_name, inst, partition_key)
    result = job.execute_in_process(
        instance=instance, partition_key=partition_key, raise_on_error=False
    )
    for event in result.all_events:
        if event.is_step_failure:
            print(
                f"step failed: {event.step_key}: {event.event_specific_data.error.message}",
                file=sys.stderr,
            )
    failed_checks = [
        e.event_specific_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.event_specific_data.passed
    ]
    for check in failed_checks:
        print(
            f"check {'warning' if check.severity.value == 'WARN' else 'FAILED'}: "
            f"{check.asset_key.to_user_string()}.{check.check_name}"
            + (f": {check.description}" if check.description else ""),
            file=sys.stderr,
        )
    return result.success


def summary(db_path: Path) -> None:
    """Print Google versus OpenAI: stance mix, latest evidence, and the recent weeks."""
    from dagster_project import warehouse
    from dagster_project.marts.queries import run_query

    with warehouse.connect(db_path, read_only=True) as con:
        totals = warehouse.frame(
            con,
            """
            SELECT firm, sum(articles)::INT AS articles, sum(committed)::INT AS committed,
                   sum(considering)::INT AS considering, sum(declined)::INT AS declined,
                   sum(operating)::INT AS operating, sum(mentioned)::INT AS mentioned
            FROM firm_weekly WHERE firm IN ('google', 'openai') GROUP BY ALL ORDER BY firm""",
        )
        stances = run_query(con, "firm_stances")
        latest = stances.filter(pl.col("firm").is_in(["google", "openai"]))
        others = stances.filter(~pl.col("firm").is_in(["google", "openai"]))
        weekly = run_query(con, "google_vs_openai").filter(pl.col("articles") > 0)
    print("\nGoogle vs OpenAI: articles and data-center stances, whole period")
    print_frame(totals)
    print("\nLatest stated stance, with the sentence that says so")
    for row in latest.iter_rows(named=True):
        print(f"  {row['firm']:<7} {row['stance']:<12} {row['published_day']}  {row['source']}")
        print(f"          “{row['evidence']}”")
    if others.height:
        print("\nThe other foreign firms' latest stated stance (dcwatch query firm_stances)")
        for row in others.iter_rows(named=True):
            print(
                f"  {row['firm']:<10} {row['stance']:<12} {row['published_day']}  "
                f"{_clip(row['evidence'], 90)}"
            )
    print("\nWeek by week (weeks with coverage; as a table: dcwatch query google_vs_openai)")
    print_frame(side_by_side(weekly))
    print(f"\nDuckDB file: {db_path}")


def _clip(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


STANCE_ORDER = ("committed", "considering", "declined", "operating", "mentioned")


def side_by_side(weekly: pl.DataFrame, weeks: int | None = None) -> pl.DataFrame:
    """One row per week, one column per firm: its stance mix and net score that week."""
    if weekly.is_empty():
        return weekly
    shown = weekly["period"].unique().sort()
    recent = weekly.filter(pl.col("period").is_in(shown.tail(weeks) if weeks else shown))
    mix = pl.concat_str(
        [
            pl.when(pl.col(s) > 0).then(pl.format("{} {}", pl.col(s), pl.lit(s)))
            for s in STANCE_ORDER
        ],
        separator=", ",
        ignore_nulls=True,
    )
    cell = (
        pl.when(pl.col("articles") > 0)
        .then(pl.format("{} (net {})", mix, pl.col("net_score")))
        .otherwise(pl.lit("–"))
    )
    return (
        recent.select(pl.col("period").alias("week"), "firm", cell.alias("cell"))
        .pivot(on="firm", index="week", values="cell")
        .sort("week")
        .fill_null("–")
    )


def cmd_run(args: argparse.Namespace) -> int:
    start = time.monotonic()
    ok = _execute("refresh")
    print(f"refresh {'succeeded' if ok else 'FAILED'} in {time.monotonic() - start:.1f}s")
    if ok and not args.quiet:
        summary(db_path())
    return 0 if ok else 1


def cmd_replay(args: argparse.Namespace) -> int:
    start = time.monotonic()
    ok = _execute("replay")
    print(f"replay {'succeeded' if ok else 'FAILED'} in {time.monotonic() - start:.1f}s")
    return 0 if ok else 1


def cmd_import_archives(args: argparse.Namespace) -> int:
    """Register the files of the WARC folder sources as partitions and import them."""
    from dagster_project.ingest.archives import all_archive_files
    from dagster_project.ingest.config import SourcesError, load_sources, sources_path_from_env
    from dagster_project.ingest.defs.archives import ARCHIVE_FILES

    try:
        files = all_archive_files(load_sources(sources_path_from_env()))
    except SourcesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.source:
        files = {k: p for k, p in files.items() if k.split("/", 1)[0] == args.source}
    if not files:
        print(
            "no archive files: add a warc source whose url is a folder or a glob", file=sys.stderr
        )
        return 2
    failed = 0
    with _instance() as inst:
        known = set(inst.get_dynamic_partitions(ARCHIVE_FILES.name))
        inst.add_dynamic_partitions(ARCHIVE_FILES.name, [k for k in files if k not in known])
        for n, key in enumerate(files, 1):
            start = time.monotonic()
            ok = _execute("import_archives", inst, key)
            failed += not ok
            took = time.monotonic() - start
            print(f"[{n}/{len(files)}] {key}: {'imported' if ok else 'FAILED'} in {took:.1f}s")
    print("next: dcwatch run  (parses and scores what was imported)")
    return 1 if failed else 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="run the refresh job in process (ingest, parse, score, marts)")
    p.add_argument("--quiet", action="store_true", help="skip the Google-vs-OpenAI summary")
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("replay", help="rebuild every projection from the event log")
    p.set_defaults(func=cmd_replay)
    p = sub.add_parser(
        "import-archives",
        help="import the WARC files of folder sources, one archive_imports partition per file",
    )
    p.add_argument("--source", help="only this source's files")
    p.set_defaults(func=cmd_import_archives)
