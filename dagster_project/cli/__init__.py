"""The ``dcwatch`` command. Each subcommand lives in its own module with a ``register``."""

from __future__ import annotations

import argparse

from dagster_project.cli import chart, explain, export, log, pipeline, query, ui

COMMANDS = (pipeline, query, explain, ui, chart, export, log)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``dcwatch`` console script."""
    parser = argparse.ArgumentParser(
        prog="dcwatch",
        description="Foreign tech firms' data-center stances in the news: run, replay, query.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMANDS:
        module.register(sub)
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)
