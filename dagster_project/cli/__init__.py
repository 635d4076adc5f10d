"""The ``dcwatch`` command. Each subcommand lives in its own module with a ``register``."""

from __future__ import annotations

import argparse
import sys
import traceback
import warnings

from dagster_project.cli import chart, explain, export, log, pipeline, query, report, ui
from dagster_project.cli.causes import explain_exception
from dagster_project.home import pin_home

COMMANDS = (pipeline, query, explain, report, chart, export, log, ui)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``dcwatch`` console script."""
    parser = argparse.ArgumentParser(
        prog="dcwatch",
        description="Foreign tech firms' data-center stances in the news: run, replay, query.",
    )
    verbose_help = "show Dagster's event stream and full tracebacks"
    parser.add_argument("--verbose", "-v", action="store_true", help=verbose_help)
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMANDS:
        module.register(sub)
    for command in sub.choices.values():  # also accepted after the subcommand
        command.add_argument(
            "--verbose", "-v", action="store_true", default=argparse.SUPPRESS, help=verbose_help
        )
    args = parser.parse_args(argv)
    pin_home()  # DCWATCH_HOME resolved once, for this process and the ones it starts
    if not args.verbose:
        warnings.simplefilter("ignore")  # Dagster's beta and preview notices
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.verbose:
            traceback.print_exc()
        print(f"error: {explain_exception(exc)}", file=sys.stderr)
        return 1
