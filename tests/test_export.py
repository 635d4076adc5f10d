"""dcwatch export: the marts as Parquet or CSV files, row for row."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest
from test_queries_data import ROWS, build

from dagster_project import warehouse
from dagster_project.cli import main
from dagster_project.marts.alerts import update_alerts
from dagster_project.marts.export import TABLES, export_marts


@pytest.fixture
def db(tmp_path):
    path = build(tmp_path / "w.duckdb")
    with warehouse.connect(path) as con:
        update_alerts(con)
    return path


def test_parquet_export_matches_the_tables(db, tmp_path):
    with warehouse.connect(db, read_only=True) as con:
        written = export_marts(con, tmp_path / "out", "parquet")
        daily = warehouse.frame(con, "SELECT * FROM firm_daily")
    assert sorted(written) == sorted(TABLES)
    assert pl.read_parquet(written["firm_daily"]).equals(daily)
    stances = pl.read_parquet(written["article_stances"])
    assert stances.height == len(ROWS)
    a6 = stances.filter(article_id="a6").row(0, named=True)
    assert (a6["title"], a6["url"], str(a6["day"]), a6["story_id"]) == (
        "Title of a6",
        "https://news.test/a6",
        "2026-01-22",
        "s4",
    )
    assert pl.read_parquet(written["alerts"]).height == 3


def test_cli_csv_export(db, tmp_path, capsys):
    out = tmp_path / "csv"
    assert main(["export", "--format", "csv", "--out", str(out), "--db", str(db)]) == 0
    printed = capsys.readouterr().out
    assert str(out / "firm_weekly.csv") in printed
    weekly = pl.read_csv(out / "firm_weekly.csv")
    con = duckdb.connect(str(db), read_only=True)
    want = con.execute("SELECT sum(articles), count(*) FROM firm_weekly").fetchone()
    con.close()
    assert (weekly["articles"].sum(), weekly.height) == want
    header = (out / "alerts.csv").read_text().splitlines()[0]
    assert header.startswith("alert_id,kind,firm,day,from_stance,to_stance,count,baseline")


def test_cli_export_without_a_database(tmp_path, capsys):
    assert (
        main(["export", "--out", str(tmp_path / "o"), "--db", str(tmp_path / "none.duckdb")]) == 2
    )
    assert "no database" in capsys.readouterr().err


def test_export_and_query_csvs_write_times_alike(db, tmp_path, capsys):
    out = tmp_path / "csv"
    assert main(["export", "--format", "csv", "--out", str(out), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["query", "article_stances", "--db", str(db), "--format", "csv"]) == 0
    printed = pl.read_csv(capsys.readouterr().out.encode(), infer_schema=False)
    exported = pl.read_csv(out / "article_stances.csv", infer_schema=False)
    assert printed["published_at"].to_list() == exported["published_at"].to_list()
    assert printed["published_at"][0] == "2026-01-05T00:00:00Z"  # 09:00 KST, ISO 8601 UTC
