"""``dcwatch run``, ``replay`` and ``import-archives``: the Dagster jobs, executed in process
on the instance the UI shows, with one line per step and the cause first when one fails."""

from __future__ import annotations

import argparse
import sys
import time

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


def _job(name: str, args: argparse.Namespace) -> int:
    from dagster_project.cli.runner import execute

    print(f"{name}: DCWATCH_HOME={home()}")
    start = time.monotonic()
    with open_instance() as instance:
        outcome = execute(name, instance, verbose=args.verbose)
    return _finish(name, outcome, time.monotonic() - start)


def cmd_run(args: argparse.Namespace) -> int:
    code = _job("refresh", args)
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
    failed = 0
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
