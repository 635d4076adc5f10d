"""``dcwatch report``: the analyst's one-page HTML report, self-contained (opens offline)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dagster_project import warehouse
from dagster_project.cli.common import home
from dagster_project.cli.query import open_reader
from dagster_project.marts.report import REPORT_FILE


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="write the one-page HTML report: stances now, Google vs OpenAI, sources, changes",
    )
    p.add_argument("--out", help=f"the HTML file (default: $DCWATCH_HOME/{REPORT_FILE})")
    p.add_argument("--db", help="database file (default: the warehouse or its published copy)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dagster_project.marts.report import build_report, write_report

    out = Path(args.out) if args.out else home() / REPORT_FILE
    if out.is_dir():
        print(f"error: --out {out} is a folder; give the HTML file's path", file=sys.stderr)
        return 2
    try:
        with open_reader(args.db) as con:
            html = build_report(con)
    except (FileNotFoundError, warehouse.WarehouseLocked) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(write_report(html, out))
    return 0
