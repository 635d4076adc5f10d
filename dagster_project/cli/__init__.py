"""The ``dcwatch`` command. Each subcommand lives in its own module with a ``register``.

Only the module of the subcommand given is imported (``dcwatch query`` never loads the
scorer, the event log's Parquet reader or Dagster): the others appear in ``--help`` from
the one-line helps below, which a test holds equal to what their modules register.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
import warnings

from dagster_project.cli.causes import explain_exception
from dagster_project.home import pin_home

# subcommand -> (module under dagster_project.cli that registers it, its one-line help),
# in the order of `dcwatch --help`; a module's subcommands stay together
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("pipeline", "run the refresh job in process (ingest, parse, score, marts)"),
    "replay": ("pipeline", "rebuild every projection from the event log"),
    "import-archives": (
        "pipeline",
        "import the WARC files of folder sources, one archive_imports partition per file",
    ),
    "query": ("query", "print a named query from sql/queries"),
    "explain": (
        "explain",
        "why a firm has its stance in an article: the sentences read and the decision",
    ),
    "report": (
        "report",
        "write the one-page HTML report: stances now, Google vs OpenAI, sources, changes",
    ),
    "chart": ("chart", "write a chart (PNG + offline HTML) of a trend query"),
    "export": ("export", "write the marts to Parquet or CSV files (DuckDB COPY)"),
    "log": ("log", "verify the event log's segments; quarantine a corrupt one"),
    "ui": ("ui", "start the Dagster UI and daemon on 127.0.0.1 (dagster dev)"),
}
VERBOSE_HELP = "show Dagster's event stream and full tracebacks"


def build_parser(argv: list[str] | None = None, full: bool = False) -> argparse.ArgumentParser:
    """The ``dcwatch`` parser with the subcommand named in ``argv`` registered by its module
    (every one with ``full``); the others take no arguments here and show their help."""
    parser = argparse.ArgumentParser(
        prog="dcwatch",
        description="Foreign tech firms' data-center stances in the news: run, replay, query.",
    )
    parser.add_argument("--verbose", "-v", action="store_true", help=VERBOSE_HELP)
    sub = parser.add_subparsers(dest="command", required=True)
    given = _command(sys.argv[1:] if argv is None else argv)
    wanted = {m for m, _ in COMMANDS.values()} if full else {COMMANDS.get(given, ("",))[0]}
    for name, (module, help_text) in COMMANDS.items():
        if module not in wanted:
            sub.add_parser(name, help=help_text)
        elif name not in sub.choices:  # the module registers all of its subcommands
            importlib.import_module(f"dagster_project.cli.{module}").register(sub)
    for command in sub.choices.values():  # also accepted after the subcommand
        command.add_argument(
            "--verbose", "-v", action="store_true", default=argparse.SUPPRESS, help=VERBOSE_HELP
        )
    return parser


def _command(argv: list[str]) -> str | None:
    """The subcommand in ``argv``: its first word that is not an option (the options before
    a subcommand take no value)."""
    return next((a for a in argv if not a.startswith("-")), None)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``dcwatch`` console script."""
    args = build_parser(argv).parse_args(argv)
    pin_home()  # DCWATCH_HOME resolved once, for this process and the ones it starts
    if not args.verbose:
        warnings.simplefilter("ignore")  # Dagster's beta and preview notices
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader stopped early ("dcwatch query --list | head"): nothing is wrong, and
        # Python's flush of the closed stdout at exit is silenced too
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        if args.verbose:
            traceback.print_exc()
        print(f"error: {explain_exception(exc)}", file=sys.stderr)
        return 1
