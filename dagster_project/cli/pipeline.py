"""``dcwatch run``, ``replay`` and ``import-archives``: the Dagster jobs, executed in process
on the instance the UI shows, with one line per step and the cause first when one fails.

``dcwatch run`` first asks, without importing Dagster, whether a run has anything to do
(``dagster_project.idle.poll_then_check``); when the poll found nothing new and every table
is current it says so in one line and makes no run (``--full-run`` makes one anyway).
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid

from dagster_project.cli.common import db_path, home
from dagster_project.cli.instance import open_instance


def _finish(name: str, outcome, took: float) -> int:
    """The closing lines: success, or each failed step's cause (the last line is a cause)."""
    if outcome.success:
        print(f"{name} finished in {took:.1f}s")
        return 0
    print(f"{name} failed after {took:.1f}s", file=sys.stderr)
    for step, cause in outcome.failures or [("run", "see the run in `dcwatch ui`")]:
        print(f"error: {step}: {cause}", file=sys.stderr)
    return 1


def _job(name: str, args: argparse.Namespace, run_id: str | None = None) -> int:
    from dagster_project.cli.runner import execute

    print(f"{name}: DCWATCH_HOME={home()}")
    start = time.monotonic()
    with open_instance() as instance:
        outcome = execute(name, instance, verbose=args.verbose, run_id=run_id)
    return _finish(name, outcome, time.monotonic() - start)


def _nothing_new(run_id: str) -> bool:
    """Poll as ``raw_events`` does (what is new is logged under ``run_id``, the id of the
    run that follows); True, after saying so, when there is nothing for a run to do."""
    from dagster_project.eventlog import EventLog, log_location
    from dagster_project.idle import poll_then_check
    from dagster_project.ingest.config import load_sources, sources_path_from_env
    from dagster_project.ingest.stopping import stop_on_signals

    config = load_sources(sources_path_from_env())
    with stop_on_signals() as stop:  # keep what was fetched, then stop as Ctrl-C does
        poll = poll_then_check(
            home(), db_path(), EventLog(log_location(home())), config, run_id, stop
        )
    for source, url, reason in poll.failures:
        print(f"warning: {source}: {url}: {reason}", file=sys.stderr)
    if not poll.idle:
        return False
    when = f"{poll.last_refresh:%Y-%m-%d %H:%M %Z}".strip() if poll.last_refresh else "never"
    print(
        f"Nothing new from {poll.sources} sources; tables are current (last change {when}). "
        "No run made: `dcwatch run --full-run` makes one."
    )
    return True


def cmd_run(args: argparse.Namespace) -> int:
    run_id = str(uuid.uuid4())
    if not args.full_run and _nothing_new(run_id):
        code = 0
    else:
        code = _job("refresh", args, run_id)
    if code == 0 and not args.quiet:
        from dagster_project.cli.summary import summary

        summary(db_path())
    return code


def cmd_replay(args: argparse.Namespace) -> int:
    return _job("replay", args)


def cmd_import_archives(args: argparse.Namespace) -> int:
    """Register the files of the WARC folder sources as partitions and import them."""
    from dagster_project.cli.runner import execute
    from dagster_project.ingest.archives import all_archive_files
    from dagster_project.ingest.config import SourcesError, load_sources, sources_path_from_env
    from dagster_project.ingest.defs.archives import ARCHIVE_FILES

    try:
        files = all_archive_files(load_sources(sources_path_from_env()))
    except SourcesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.source:
        every = files
        files = {k: p for k, p in files.items() if k.split("/", 1)[0] == args.source}
        if not files:
            names = sorted({k.split("/", 1)[0] for k in every})
            print(
                f"error: no archive files for source {args.source!r}; sources with archive "
                f"files: {', '.join(names) or 'none'}",
                file=sys.stderr,
            )
            return 2
    if not files:
        # Nothing to import is not a failure: the sources file has no archive folder.
        print("no archive files to import: no warc source has a folder or a glob as its url")
        return 0
    failed, start_all = 0, time.monotonic()
    with open_instance() as instance:
        known = set(instance.get_dynamic_partitions(ARCHIVE_FILES.name))
        instance.add_dynamic_partitions(ARCHIVE_FILES.name, [k for k in files if k not in known])
        for n, key in enumerate(files, 1):
            start = time.monotonic()
            outcome = execute("import_archives", instance, args.verbose, partition_key=key)
            failed += not outcome.success
            took = time.monotonic() - start
            print(
                f"[{n}/{len(files)}] {key}: {'imported' if outcome.success else 'FAILED'} "
                f"in {took:.1f}s"
            )
            for step, cause in outcome.failures:
                print(f"error: {key}: {step}: {cause}", file=sys.stderr)
        if args.refresh:
            return _refresh_after_import(args, instance, failed, start_all)
    print("next: dcwatch run  (parses and scores what was imported)")
    return 1 if failed else 0


def _refresh_after_import(args: argparse.Namespace, instance, failed: int, start: float) -> int:
    """``import-archives --refresh``: the refresh job in the same process and on the same
    instance, so Dagster and the code location start once for the import and the refresh.
    It runs even when a file failed (what was read is in the log), and the command fails
    when either did."""
    from dagster_project.cli.runner import execute

    print(f"refresh: DCWATCH_HOME={home()}")
    refresh_start = time.monotonic()
    outcome = execute("refresh", instance, verbose=args.verbose)
    code = _finish("refresh", outcome, time.monotonic() - refresh_start)
    print(f"import-archives and refresh finished in {time.monotonic() - start:.1f}s")
    if code == 0 and not args.quiet:
        from dagster_project.cli.summary import summary

        summary(db_path())
    return 1 if failed or code else 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="run the refresh job in process (ingest, parse, score, marts)")
    p.add_argument("--quiet", action="store_true", help="skip the Google-vs-OpenAI summary")
    p.add_argument(
        "--full-run",
        action="store_true",
        help="run the refresh job (recorded in the UI) even when a poll finds nothing new; "
        "without it, a poll that finds nothing new with every table current ends there",
    )
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("replay", help="rebuild every projection from the event log")
    p.set_defaults(func=cmd_replay)
    p = sub.add_parser(
        "import-archives",
        help="import the WARC files of folder sources, one archive_imports partition per file",
    )
    p.add_argument("--source", help="only this source's files")
    p.add_argument(
        "--refresh",
        action="store_true",
        help="then run the refresh job in the same process (parse, score, marts), as "
        "`dcwatch run` would, with one Dagster start-up for both",
    )
    p.add_argument(
        "--quiet", action="store_true", help="with --refresh: skip the Google-vs-OpenAI summary"
    )
    p.set_defaults(func=cmd_import_archives)
