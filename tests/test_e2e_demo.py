"""End to end: `dcwatch run` on the bundled demo corpus, then `dcwatch replay` twice.

The demo's manifest.csv is the answer key: the stance an analyst gives each firm in
each article. These tests hold the pipeline to it and to the story it tells.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from dagster_project.warehouse import frame

# Slow tier: real Dagster runs, servers or whole-corpus passes (./bin/test -m "not slow" skips).
pytestmark = pytest.mark.slow

DEMO = Path(__file__).resolve().parent.parent / "dagster_project" / "demo"
PUBLIC_TABLES = ("articles", "mentions", "article_firm_stance", "firm_daily", "firm_weekly")


def dcwatch(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DCWATCH_HOME": str(home)}
    env.pop("DCWATCH_SOURCES", None)
    env.pop("DAGSTER_HOME", None)
    return subprocess.run(
        [sys.executable, "-m", "dagster_project", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def dump(db: Path) -> dict[str, pl.DataFrame]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: frame(con, f"SELECT * FROM {t}").sort(pl.all()) for t in PUBLIC_TABLES}


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    home = tmp_path_factory.mktemp("demo")
    proc = dcwatch(home, "run")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return home, proc


@pytest.fixture(scope="module")
def tables(demo_run):
    home, _ = demo_run
    return dump(home / "dcwatch.duckdb")


@pytest.fixture(scope="module")
def manifest() -> pl.DataFrame:
    return pl.read_csv(DEMO / "manifest.csv")


def test_run_prints_google_vs_openai_and_the_database(demo_run):
    home, proc = demo_run
    out = proc.stdout
    assert "refresh finished in" in out
    # Quiet: one line per step with counts and time, no Dagster debug stream.
    steps = [line for line in out.splitlines() if line.startswith("  ") and line.endswith("s)")]
    assert [line.split()[0] for line in steps] == ["ingest", "parse", "score", "parse", "marts"]
    assert "articles: 172 rows, 172 new" in out
    assert "DEBUG" not in out + proc.stderr and "Traceback" not in proc.stderr
    assert "Google vs OpenAI" in out and "Week by week" in out
    assert f"DuckDB file: {home / 'dcwatch.duckdb'}" in out
    # One line per week with coverage, Google and OpenAI side by side.
    assert out.count("2025-09-") >= 3 and "declined" in out and "committed" in out


def test_every_demo_page_becomes_one_parsed_article(tables, manifest):
    articles = tables["articles"]
    assert articles.height == manifest["path"].n_unique()
    assert articles.filter(pl.col("parse_status") != "ok").height == 0, (
        articles.filter(pl.col("parse_status") != "ok").select("source", "parse_reason").head()
    )
    assert set(articles["source"]) == {
        "hanbit-daily",
        "peninsula-ledger",
        "dongnyeok-ilbo",
        "meridian-wire",
    }
    assert set(articles["lang"]) == {"ko", "en"}
    assert articles["published_at"].null_count() == 0
    # The CP949 outlet decodes without replacement characters.
    assert not articles.filter(pl.col("body").str.contains("\ufffd")).height
    # Dates come from where each outlet keeps them.
    by_source = dict(
        articles.group_by("source").agg(pl.col("date_source").mode().first()).iter_rows()
    )
    assert by_source["meridian-wire"] == "feed"
    assert by_source["dongnyeok-ilbo"] in ("byline", "visible")


def test_stances_agree_with_the_answer_key(tables, manifest):
    got = (
        tables["article_firm_stance"]
        .join(tables["articles"].select("article_id", "fetched_url"), on="article_id")
        .with_columns(path=pl.col("fetched_url").str.replace(r"^.*/demo/", ""))
    )
    joined = manifest.join(got, on=["path", "firm"], how="left")
    assert joined["stance"].null_count() == 0, "a firm in the answer key was not found"
    agreement = (joined["stance"] == joined["expected_stance"]).mean()
    assert agreement >= 0.85, (
        joined.filter(pl.col("stance") != pl.col("expected_stance"))
        .select("path", "firm", "expected_stance", "stance", "evidence")
        .head(20)
    )
    # No firm the answer key leaves out was invented (look-alikes such as 메타버스).
    assert got.join(manifest, on=["path", "firm"], how="anti").height == 0


def test_the_story_google_declines_then_commits_openai_considers_then_commits(tables):
    s = tables["article_firm_stance"].join(tables["articles"], on="article_id")

    def stances(firm, start, end):
        rows = s.filter(
            (pl.col("firm") == firm)
            & pl.col("published_day").is_between(
                pl.lit(start).str.to_date(), pl.lit(end).str.to_date()
            )
        )
        return rows["stance"].value_counts().sort("count", descending=True)["stance"].to_list()

    assert stances("google", "2025-10-01", "2026-02-28")[0] == "declined"
    assert "committed" in stances("google", "2026-08-01", "2026-10-31")
    assert stances("openai", "2025-09-01", "2025-09-30")[0] == "considering"
    assert stances("openai", "2025-11-01", "2026-10-31")[0] == "committed"
    assert stances("microsoft", "2025-09-01", "2026-10-31")[0] == "operating"
    assert set(stances("nvidia", "2025-09-01", "2026-10-31")) == {"mentioned"}


def test_marts_count_each_dated_article_firm_once(tables):
    daily, stances = tables["firm_daily"], tables["article_firm_stance"]
    assert daily["articles"].sum() == stances.height
    assert tables["firm_weekly"]["articles"].sum() == stances.height
    google_weekly = tables["firm_weekly"].filter(pl.col("firm") == "google")
    assert google_weekly["declined"].sum() >= 5 and google_weekly["committed"].sum() >= 3


def test_second_run_fetches_and_rescores_nothing(demo_run, tables):
    home, _ = demo_run
    segments = sorted((home / "events").glob("seg-*.parquet"))
    proc = dcwatch(home, "run", "--quiet")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert sorted((home / "events").glob("seg-*.parquet")) == segments
    again = dump(home / "dcwatch.duckdb")
    for table in PUBLIC_TABLES:
        assert again[table].equals(tables[table]), table


def test_two_replays_give_identical_tables(demo_run, tables):
    home, _ = demo_run
    first = dcwatch(home, "replay")
    assert first.returncode == 0, first.stderr[-2000:]
    after_first = dump(home / "dcwatch.duckdb")
    second = dcwatch(home, "replay")
    assert second.returncode == 0, second.stderr[-2000:]
    after_second = dump(home / "dcwatch.duckdb")
    for table in PUBLIC_TABLES:
        assert after_first[table].height > 0, table
        assert after_first[table].equals(after_second[table]), table
        # A replay from the log also reproduces what the incremental run built.
        assert after_first[table].equals(tables[table]), table
