"""``dcwatch log``: check the event log's segments and set a corrupt one aside."""

from __future__ import annotations

import argparse
import sys

from dagster_project.cli.common import home
from dagster_project.eventlog import EventLog, log_location


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "log",
        help="verify the event log's segments; quarantine a corrupt one",
        description="The event log ($DCWATCH_LOG, else $DCWATCH_HOME/events): check every "
        "segment's checksum, or set a corrupt segment aside (the file is kept, reads skip it).",
    )
    actions = p.add_subparsers(dest="action", required=True)
    verify = actions.add_parser("verify", help="read every segment in full and check it")
    verify.set_defaults(func=_verify)
    quarantine = actions.add_parser("quarantine", help="set a segment aside (keeps the file)")
    quarantine.add_argument("segment", help="its number (3) or file name (seg-0000000003.parquet)")
    quarantine.add_argument("--reason", default="", help="why (default: what verify finds)")
    quarantine.set_defaults(func=_quarantine)


def _log() -> EventLog:
    return EventLog(log_location(home()))


def _verify(args: argparse.Namespace) -> int:
    log = _log()
    segments = log.segments()
    bad = log.verify()
    for exc in bad:
        print(f"corrupt: {exc.where}: {exc.reason}")
    for q in log.quarantined():
        print(f"quarantined: {q['segment']}: {q['reason'] or 'no reason given'} ({q['at']})")
    print(
        f"{len(segments) - len(bad)} of {len(segments)} segments whole at {log.store.url}"
        + ("; set each corrupt one aside with `dcwatch log quarantine N`" if bad else "")
    )
    return 1 if bad else 0


def _quarantine(args: argparse.Namespace) -> int:
    text = args.segment.removeprefix("seg-").removesuffix(".parquet").rsplit("/", 1)[-1]
    if not text.isdigit():
        print(f"not a segment: {args.segment!r}; give its number, e.g. 3", file=sys.stderr)
        return 2
    log = _log()
    seq = int(text)
    reason = args.reason or next((e.reason for e in log.verify() if e.seq == seq), "")
    try:
        log.quarantine(seq, reason or "set aside by hand")
    except ValueError as exc:
        print(f"{exc}; `dcwatch log verify` lists the segments", file=sys.stderr)
        return 2
    print(
        f"quarantined segment {seq} ({reason or 'set aside by hand'}): the file is kept, "
        "reads skip it; projections past it are unaffected"
    )
    return 0
