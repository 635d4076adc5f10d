"""The published copy: a reader in another process keeps reading while a run republishes."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import dagster as dg
import duckdb
import polars as pl
import pytest
from test_queries_data import ROWS, build, frames

from dagster_project import warehouse
from dagster_project.marts.defs.assets import firm_trends
from dagster_project.resources import DcwatchHome, SourcesResource

# Slow tier: real Dagster runs, servers or whole-corpus passes (./bin/test -m "not slow" skips).
pytestmark = pytest.mark.slow

READER = textwrap.dedent("""
    import sys, duckdb
    path = sys.argv[1]
    q = "SELECT (SELECT count(*) FROM article_firm_stance), (SELECT sum(articles) FROM firm_weekly)"
    con = duckdb.connect(path, read_only=True)
    print("before", *con.execute(q).fetchone(), flush=True)
    sys.stdin.readline()                      # the test republishes meanwhile
    print("during", *con.execute(q).fetchone(), flush=True)
    con.close()
    con = duckdb.connect(path, read_only=True)
    print("reopened", *con.execute(q).fetchone(), flush=True)
""")


@pytest.fixture
def home(tmp_path):
    root = tmp_path / "home"
    build(root / "dcwatch.duckdb", marts=False)
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources: []\n")
    return {
        "home": DcwatchHome(home=str(root), lock_timeout_s=10),
        "sources": SourcesResource(path=str(sources)),
    }


def counts(path) -> tuple[int, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return tuple(
            con.execute(  # type: ignore[return-value]
                "SELECT (SELECT count(*) FROM article_firm_stance), "
                "(SELECT sum(articles) FROM firm_weekly)"
            ).fetchone()
        )
    finally:
        con.close()


def test_reader_of_the_copy_and_a_run_both_succeed(home):
    root = home["home"].root
    assert dg.materialize([firm_trends], resources=home).success
    copy = root / warehouse.READ_COPY_FILE
    dated = sum(1 for r in ROWS if r[1])
    assert counts(copy) == (len(ROWS), dated)

    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(copy)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().split() == ["before", str(len(ROWS)), str(dated)]
        # New coverage arrives and a run rebuilds the marts and republishes, while the
        # reader's connection to the copy stays open.
        extra = [
            ("b1", "2026-02-03", 9, "daily-a", None, "google", "declined", "KR", 1, 0.9),
            ("b2", "2026-02-04", 9, "daily-b", None, "openai", "committed", "KR", 1, 0.9),
        ]
        arts, stances, _ = frames(extra)
        arts = arts.with_columns(event_seq=pl.lit(2))  # from a newer log segment
        with warehouse.connect(home["home"].db_path) as con:
            warehouse.insert_frame(con, "articles", arts)
            warehouse.insert_frame(con, "article_firm_stance", stances)
        result = dg.materialize([firm_trends], resources=home)
        assert result.success
        copy_check = next(
            c
            for c in result.get_asset_check_evaluations()
            if c.check_name == "copy_matches_warehouse"
        )
        assert copy_check.passed, copy_check.metadata
        out, err = reader.communicate("go\n", timeout=60)
    finally:
        if reader.poll() is None:
            reader.kill()
    assert reader.returncode == 0, err
    lines = [line.split() for line in out.splitlines()]
    # The open connection still reads the copy it opened, whole; a new one sees the new run.
    assert lines[0] == ["during", str(len(ROWS)), str(dated)]
    assert lines[1] == ["reopened", str(len(ROWS) + 2), str(dated + 2)]
    assert counts(copy) == counts(home["home"].db_path)
    assert not list(root.glob(".*.tmp"))


def test_publish_copy_replaces_the_file_atomically(tmp_path):
    db = build(tmp_path / "w.duckdb")
    dest = warehouse.publish_copy(db)
    assert dest == tmp_path / "dcwatch-read.duckdb"
    first_inode = dest.stat().st_ino
    with warehouse.connect(db) as con:
        con.execute("DELETE FROM article_firm_stance WHERE firm = 'microsoft'")
    warehouse.publish_copy(db)
    # A new file took the name (readers of the old one keep it), with the committed data.
    assert dest.stat().st_ino != first_inode
    assert counts(dest)[0] == len(ROWS) - 1


def test_cli_reads_the_copy_while_the_warehouse_is_busy(tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    monkeypatch.setenv("DCWATCH_HOME", str(home))
    db = build(home / "dcwatch.duckdb")
    warehouse.publish_copy(db)
    from dagster_project.cli import main

    holder = subprocess.Popen(  # another process holds the warehouse for writing
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
            "print('held', flush=True); sys.stdin.readline()",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        assert main(["query", "google_vs_openai", "--format", "csv"]) == 0
    finally:
        holder.communicate("\n", timeout=30)
    captured = capsys.readouterr()
    assert "reading" in captured.err and "dcwatch-read.duckdb" in captured.err
    assert captured.out.splitlines()[1].startswith("2026-01-05,google,1,1,2")
