"""``dcwatch`` imports only the module of the subcommand it runs: ``dcwatch query`` starts
without Dagster, the scorer or the event log's Parquet reader, and ``--help`` still lists
every subcommand with its one-line help."""

from __future__ import annotations

import json
import subprocess
import sys

from dagster_project.cli import COMMANDS, build_parser

# never needed to list or run a named query
NOT_FOR_A_QUERY = (
    "dagster",
    "dagster_project.definitions",
    "dagster_project.score",
    "dagster_project.eventlog",
    "dagster_project.parse",
    "dagster_project.cli.pipeline",
    "dagster_project.cli.explain",
    "dagster_project.cli.chart",
    "matplotlib",
)


def imported_after(args: list[str]) -> tuple[str, set[str]]:
    """What ``dcwatch ARGS`` prints, and which modules it has imported, in a fresh process."""
    code = (
        "import json, sys\n"
        "import dagster_project.cli as cli\n"
        "try:\n"
        f"    cli.main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout, set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_query_list_imports_neither_dagster_nor_the_other_subcommands():
    out, modules = imported_after(["query", "--list"])
    assert "google_vs_openai" in out
    assert "dagster_project.cli.query" in modules
    assert sorted(m for m in modules if m.split(".")[0] == "dagster") == []
    found = sorted(
        m for m in modules if any(m == n or m.startswith(n + ".") for n in NOT_FOR_A_QUERY)
    )
    assert found == []


def test_help_lists_every_subcommand_without_importing_their_modules():
    out, modules = imported_after(["--help"])
    for name, (_, help_text) in COMMANDS.items():
        assert name in out
        assert " ".join(help_text.split()[:3]) in " ".join(out.split())
    assert sorted(m for m in modules if m.startswith("dagster_project.cli.")) == [
        "dagster_project.cli.causes"
    ]


def test_the_helps_listed_are_the_ones_the_modules_register():
    # every module registered (as before the imports were lazy) against none of them
    assert build_parser([]).format_help() == build_parser(full=True).format_help()
    for name in COMMANDS:
        assert build_parser([name]).format_help() == build_parser(full=True).format_help()


def test_the_subcommand_is_found_after_the_top_level_options():
    args = build_parser(["-v", "query", "--list"]).parse_args(["-v", "query", "--list"])
    assert (args.command, args.list, args.verbose) == ("query", True, True)
