"""Bad input and failures at the command line: one plain line with the cause, never a traceback."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import duckdb
import pytest
from test_queries_data import build

from dagster_project.cli import main
from dagster_project.cli.causes import explain_exception, plain


@pytest.fixture
def db(tmp_path):
    return str(build(tmp_path / "w.duckdb"))


def _err(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.strip()


def test_unknown_firm_lists_the_ids_and_guesses(db, capsys):
    assert main(["query", "google_vs_openai", "--db", db, "--firms", "gogle"]) == 2
    err = _err(capsys)
    assert "unknown firm 'gogle'; did you mean 'google'?" in err and "openai" in err
    assert main(["query", "by_source", "--db", db, "--firms", "aws"]) == 2
    assert "did you mean 'amazon'?" in _err(capsys)  # an alias points at its firm id


def test_unknown_location_lists_the_locations_in_the_data(db, capsys):
    assert main(["query", "google_vs_openai", "--db", db, "--location", "Korea"]) == 2
    err = _err(capsys)
    assert "ISO-2 country code" in err and "Locations in the data: KR, US" in err
    assert main(["query", "google_vs_openai", "--db", db, "--location", "JP"]) == 2
    assert "no stance in the data names a data center in 'JP'" in _err(capsys)


def test_since_after_until_is_an_error(db, capsys):
    args = ["query", "stance_timeline", "--db", db, "--since", "2026-02-01"]
    assert main([*args, "--until", "2026-01-01"]) == 2
    assert "--since 2026-02-01 is after --until 2026-01-01" in _err(capsys)


def test_an_empty_answer_names_the_filter_that_emptied_it(db, capsys):
    assert main(["query", "top_evidence", "--db", db, "--since", "2026-03-01"]) == 0
    assert _err(capsys) == "no rows: --since 2026-03-01 leaves nothing (without it there are rows)"
    args = ["query", "article_stances", "--db", db, "--firms", "microsoft", "--location", "US"]
    assert main(args) == 0
    assert "no rows for --firms microsoft and --location US together" in _err(capsys)
    assert main(["query", "scorer_diff", "--db", db]) == 0
    assert "compares two scorer versions and the warehouse has" in _err(capsys)


def test_a_huge_count_and_an_export_into_a_file_are_plain_errors(db, tmp_path, capsys):
    args = ["query", "top_evidence", "--db", db, "--per-firm", "99999999999999999999"]
    assert main(args) == 2
    assert "--per-firm must be a whole number from 1 to 100,000" in _err(capsys)
    afile = tmp_path / "exists.csv"
    afile.write_text("x")
    assert main(["export", "--db", db, "--out", str(afile)]) == 2
    assert f"--out {afile} is a file; give a folder" in _err(capsys)
    assert afile.read_text() == "x"  # nothing lost


def test_an_unexpected_failure_is_one_line_and_a_traceback_only_with_verbose(tmp_path, capsys):
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"this is not a database" * 100)
    assert main(["query", "firm_stances", "--db", str(junk)]) == 1
    err = _err(capsys)
    assert err.startswith("error: ") and len(err.splitlines()) == 1 and "--verbose" in err
    assert main(["--verbose", "query", "firm_stances", "--db", str(junk)]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_a_held_duckdb_lock_names_the_process_holding_it(tmp_path):
    path = tmp_path / "held.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(path)!r})
            print("ready", flush=True)
            time.sleep(60)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(duckdb.IOException) as caught:
            duckdb.connect(str(path))
        line = explain_exception(caught.value)
    finally:
        holder.kill()
        holder.wait()
    assert line.startswith(f"{path} is locked by process {holder.pid}") and "\n" not in line


@pytest.mark.parametrize(
    ("cls", "message", "expected"),
    [
        (
            "PermissionError",
            "[Errno 13] Permission denied: '/srv/dcwatch/events/.tmp-1.parquet'",
            "cannot write /srv/dcwatch/events/.tmp-1.parquet: the folder is read-only",
        ),
        (
            "OSError",
            "[Errno 30] Read-only file system: '/mnt/ro/dcwatch.duckdb'",
            "cannot write /mnt/ro/dcwatch.duckdb: the folder is read-only",
        ),
        (
            "ComputeError",
            "parquet: File out of specification: /h/events/seg-0000000007.parquet",
            "log segment /h/events/seg-0000000007.parquet cannot be read",
        ),
        ("OSError", "[Errno 28] No space left on device", "the disk is full"),
        (
            "dagster_project.ingest.config.SourcesError",
            "dagster_project.ingest.config.SourcesError: s.yaml: sources[0] (x): bad kind",
            "s.yaml: sources[0] (x): bad kind",
        ),
        ("ValueError", "ValueError: bad thing\nmore", "ValueError: bad thing; run the command"),
    ],
)
def test_known_causes_read_plainly(cls, message, expected):
    line = plain(cls, message)
    assert line.startswith(expected) and "\n" not in line


def test_a_reader_that_stops_early_is_no_error():
    # "dcwatch query --list | head -1": the pipe closes before the output is written
    proc = subprocess.Popen(
        [sys.executable, "-m", "dagster_project", "query", "--list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # the reader is gone before the first line
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    assert b"error" not in err.lower() and b"Traceback" not in err
