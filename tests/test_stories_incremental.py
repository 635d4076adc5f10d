"""Stories kept incrementally equal the whole-table grouping, whatever order articles come in."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dagster_project import warehouse
from dagster_project.parse.dedup import story_groups
from dagster_project.parse.project import ARTICLE_COLUMNS
from dagster_project.parse.stories import update_stories

WORDS = (
    "data center korea power grid campus cooling land permit cloud region investment "
    "government ministry operator capacity megawatt subsea cable latency customers "
    "talks partner site plan build open announce expand delay decline consider"
).split()


def _text(rng: random.Random, n: int = 60) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _perturb(rng: random.Random, text: str) -> str:
    """A near copy: the same words with an outlet's wrapping and a few words changed."""
    words = text.split()
    for _ in range(3):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return "Wire report. " + " ".join(words) + " Copyright the outlet."


def corpus(seed: int, n: int) -> list[dict]:
    """Articles with wire copies, near copies, shared URLs, blank and short texts."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    rows: list[dict] = []
    for i in range(n):
        kind = rng.random()
        if rows and kind < 0.25:
            body = rows[rng.randrange(len(rows))]["body"]  # exact copy
        elif rows and kind < 0.5:
            body = _perturb(rng, rows[rng.randrange(len(rows))]["body"] or _text(rng))
        elif kind < 0.55:
            body = ""  # blank: never a copy
        elif kind < 0.6:
            body = "short note"  # too short to judge: exact matches only
        else:
            body = _text(rng)
        url = f"https://o{i % 7}.example/a/{i}"
        if rows and rng.random() < 0.05:
            url = rows[rng.randrange(len(rows))]["url"] + "?utm_source=x"  # same story by URL
        rows.append(
            {
                "article_id": f"a{i:05d}",
                "url": url,
                "title": "" if body == "" else f"title {rng.randrange(40)}",
                "body": body,
                # Arrival order is not time order: some arrive after later articles.
                "published_at": None
                if rng.random() < 0.05
                else start + timedelta(hours=rng.randrange(2000)),
            }
        )
    return rows


def articles_frame(rows: list[dict], version: str = "v1", status: str = "ok") -> pl.DataFrame:
    df = pl.DataFrame(rows, schema_overrides={"published_at": pl.Datetime("us", "UTC")})
    return df.with_columns(
        version_id=pl.col("article_id") + "-" + version,
        parse_status=pl.lit(status),
        parser_version=pl.lit("p1"),
        source=pl.lit("s"),
        fetched_url=pl.col("url"),
        fetched_at=pl.lit(datetime(2026, 6, 1, tzinfo=UTC)),
        n_versions=pl.lit(1, pl.Int32),
        event_seq=pl.lit(1, pl.Int64),
    )


def put(con, df: pl.DataFrame) -> None:
    """Upsert articles the way the articles projection does (latest version replaces)."""
    con.register("_up", df.select("article_id").to_arrow())
    con.execute("DELETE FROM articles WHERE article_id IN (SELECT article_id FROM _up)")
    con.unregister("_up")
    cols = [c for c in df.columns if c in ARTICLE_COLUMNS]
    warehouse.insert_frame(con, "articles", df.select(cols))


def expected(con) -> pl.DataFrame:
    arts = warehouse.frame(
        con,
        "SELECT article_id, url, source, title, body, published_at FROM articles "
        "WHERE parse_status = 'ok' ORDER BY published_at, article_id",
    )
    return story_groups(arts).with_columns(pl.col("n_copies").cast(pl.Int32)).sort("article_id")


def stories(con) -> pl.DataFrame:
    return warehouse.frame(
        con, "SELECT article_id, content_hash, story_id, is_copy, n_copies FROM stories"
    ).sort("article_id")


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_batches_new_versions_and_removals_give_the_whole_table_grouping(tmp_path, seed):
    rows = corpus(seed, 400)
    rng = random.Random(seed)
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        for start in range(0, len(rows), 57):
            put(con, articles_frame(rows[start : start + 57]))
            update_stories(con, chunk_rows=25)  # several chunks per refresh
            assert_frame_equal(stories(con), expected(con))
        # New versions: bodies rewritten (stories split and merge), pages that now fail.
        changed = [dict(r, body=_text(rng)) for r in rng.sample(rows, 30)]
        put(con, articles_frame(changed, "v2"))
        put(con, articles_frame(rng.sample(rows, 10), "v3", status="empty_body"))
        update_stories(con)
        assert_frame_equal(stories(con), expected(con))
        incremental = stories(con)
        assert incremental["is_copy"].sum() > 50  # the corpus does have copies to group
        update_stories(con, rebuild=True)
        assert_frame_equal(stories(con), incremental)


def test_a_refresh_with_nothing_new_reads_no_body_and_changes_nothing(tmp_path):
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        put(con, articles_frame(corpus(5, 120)))
        first = update_stories(con)
        assert first.rows_in == 120 and first.rebuilt
        con.execute("DELETE FROM story_changes")
        again = update_stories(con)
        assert (again.rows_in, again.rows_out, again.rebuilt) == (0, 0, False)
        assert warehouse.table_count(con, "story_changes") == 0


def test_an_earlier_copy_arriving_late_takes_over_the_story_id_and_is_noted(tmp_path):
    body = _text(random.Random(9))
    late = datetime(2026, 3, 1, tzinfo=UTC)
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        put(
            con,
            articles_frame(
                [
                    {
                        "article_id": "b",
                        "url": "https://x.example/b",
                        "title": "t",
                        "body": body,
                        "published_at": late,
                    }
                ]
            ),
        )
        update_stories(con)
        con.execute("DELETE FROM story_changes")
        early = late - timedelta(days=2)
        put(
            con,
            articles_frame(
                [
                    {
                        "article_id": "z",
                        "url": "https://y.example/z",
                        "title": "t",
                        "body": body,
                        "published_at": early,
                    }
                ]
            ),
        )
        update_stories(con)
        got = stories(con).select("article_id", "story_id", "is_copy").rows()
        assert got == [("b", "z", True), ("z", "z", False)]
        noted = sorted(r[0] for r in con.execute("SELECT article_id FROM story_changes").fetchall())
        assert noted == ["b", "z"]
