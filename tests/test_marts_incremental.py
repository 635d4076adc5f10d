"""The marts kept day by day equal a rebuild, and the named queries that read them give the
rows of their raw-row reference (sql/reference/)."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from test_queries_data import ROWS, build, frames

from dagster_project import warehouse
from dagster_project.marts.project import MART_TABLES, update_marts
from dagster_project.marts.queries import bind, load, parse, run_bound
from dagster_project.warehouse import sql_text

MART_QUERIES = ("google_vs_openai", "share_of_voice", "stance_timeline", "firm_stances")
OPTIONS = {
    "period": ["week", "month"],
    "firms": [None, "google,openai", "microsoft"],
    "location": [None, "KR", "US"],
    "since": [None, "2026-01-06", "2026-01-21"],
    "until": [None, "2026-01-21"],
}


DEFAULTS = {name: [None] for name in OPTIONS}


def assert_queries_match_reference(con, options=OPTIONS) -> int:
    """Run every mart-backed named query over a grid of parameters and compare it with its
    raw-row reference; return how many answers had rows."""
    answered = 0
    for name in MART_QUERIES:
        query, reference = load(name), parse(name, sql_text(f"reference/{name}"))
        names = [p.name for p in query.params]
        for combo in itertools.product(*(options[n] for n in names)):
            values = bind(query, dict(zip(names, combo, strict=True)))
            got, want = run_bound(con, query, values), run_bound(con, reference, values)
            assert_frame_equal(got, want, check_dtypes=False), (name, values)
            answered += got.height > 0
    return answered


def mart_tables(con) -> dict[str, pl.DataFrame]:
    return {t: warehouse.frame(con, f"SELECT * FROM {t}").sort(pl.all()) for t in MART_TABLES}


@pytest.mark.slow
def test_queries_from_marts_equal_the_raw_rows_for_every_filter(tmp_path):
    with warehouse.connect(build(tmp_path / "w.duckdb")) as con:
        assert assert_queries_match_reference(con) > 50


@pytest.mark.slow
def test_new_rescored_and_regrouped_articles_update_only_what_a_rebuild_would(tmp_path):
    path = build(tmp_path / "w.duckdb", ROWS[:6])
    articles, stances, stories = frames(ROWS)
    later = articles.filter(~pl.col("article_id").is_in(["a1", "a2", "a3", "a4", "a5"]))
    with warehouse.connect(path) as con:
        first = update_marts(con)
        assert (first.rows_in, first.rebuilt) == (0, False)  # nothing new since build
        # New articles, one of them a copy of story s4 …
        warehouse.insert_frame(con, "articles", later.with_columns(event_seq=pl.lit(2)))
        warehouse.insert_frame(
            con,
            "article_firm_stance",
            stances.filter(pl.col("article_id").is_in(later["article_id"].implode())),
        )
        con.execute("DELETE FROM stories")
        warehouse.insert_frame(con, "stories", stories)
        # … a2 re-fetched: now a day later and re-scored as committed …
        con.execute(
            "UPDATE articles SET event_seq = 2, published_day = DATE '2026-01-13', "
            "published_at = published_at + INTERVAL 7 DAY WHERE article_id = 'a2'"
        )
        con.execute(
            "UPDATE article_firm_stance SET stance = 'committed', score = 1 WHERE article_id = 'a2'"
        )
        # … and a5 found to be a copy of story s4 (the stories step notes it).
        con.execute("INSERT INTO stories VALUES ('a5', 's4', 's4', true, 2)")
        con.execute("INSERT INTO story_changes VALUES ('a5')")
        step = update_marts(con)
        assert step.rows_in == 5 and not step.rebuilt  # a2, a5 and a6-a8 only
        incremental = mart_tables(con)
        assert assert_queries_match_reference(con, DEFAULTS) == 4
    copy = tmp_path / "rebuilt.duckdb"
    shutil.copy(path, copy)
    with warehouse.connect(copy) as con:
        assert update_marts(con, rebuild=True).rebuilt
        for table, rows in mart_tables(con).items():
            assert_frame_equal(incremental[table], rows, check_exact=True), table
        assert incremental["firm_location_daily"].filter(pl.col("day") == dt.date(2026, 1, 13))[
            "committed"
        ].to_list() == [1]


def test_a_refresh_with_nothing_new_leaves_the_marts_alone(tmp_path):
    with warehouse.connect(build(tmp_path / "w.duckdb")) as con:
        before = mart_tables(con)
        again = update_marts(con)
        assert (again.rows_in, again.rebuilt) == (0, False)
        assert all(before[t].equals(rows) for t, rows in mart_tables(con).items())
