"""Linking new articles to the story index: one member per story and band, more only
when it is not a copy, and the same groups as the whole-table grouping on text that
repeats (where every page shares bands with thousands of others)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal
from test_stories_incremental import articles_frame, expected, put, stories

from dagster_project import warehouse
from dagster_project.parse import dedup
from dagster_project.parse.dedup import BANDS, NUM_PERM
from dagster_project.parse.stories import update_stories
from dagster_project.parse.story_links import Roots, link_near

ROWS = NUM_PERM // BANDS


def test_roots_join_sets_once_and_name_each_by_one_label():
    roots = Roots()
    assert roots.union("a", "b") and roots.union("c", "b")
    assert not roots.union("a", "c")  # joined through b already
    assert roots.find("c") == roots.find("a") == "a" and roots.find("z") == "z"
    assert sorted(roots.moved().rows()) == [("b", "a"), ("c", "a")]


def _index(con, members: dict[str, tuple[str, np.ndarray]]) -> None:
    """Index rows, band keys and stories rows for hand-made signatures."""
    ids = list(members)
    sig = np.stack([s for _, s in members.values()])
    warehouse.insert_frame(
        con,
        "story_index",
        pl.DataFrame(
            {
                "article_id": ids,
                "version_id": ids,
                "parser_version": "p",
                "content_hash": ids,
                "signature": [s.tobytes() for s in sig],
            }
        ),
    )
    warehouse.insert_frame(
        con,
        "story_bands",
        pl.DataFrame(
            {"band_key": dedup.band_keys(sig).ravel(), "article_id": np.repeat(ids, BANDS)},
            schema={"band_key": pl.UInt64, "article_id": pl.String},
        ),
    )
    stories_rows = pl.DataFrame(
        {"article_id": ids, "story_id": [story for story, _ in members.values()]}
    ).with_columns(content_hash="article_id", is_copy=False, n_copies=pl.lit(0, pl.Int32))
    warehouse.insert_frame(con, "stories", stories_rows)


def _link(con, new: np.ndarray, batch_rows: int = 50_000) -> tuple[list[tuple], int]:
    con.register("_broken", pl.DataFrame({"story_id": []}, schema={"story_id": pl.String}))
    sig = new.reshape(1, NUM_PERM)
    aid = pl.Series(["x"])
    return link_near(con, Roots(), aid, sig, dedup.band_keys(sig), np.array([0]), batch_rows)


def _band_0_only(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A signature that shares band 0 with ``x`` and nothing else: no copy."""
    other = rng.integers(0, 2**32, NUM_PERM, dtype=np.uint32)
    other[:ROWS] = x[:ROWS]
    return other


def _copy_in_band_0(x: np.ndarray) -> np.ndarray:
    """A near copy of ``x`` (49 of 64 values agree) that shares only band 0 with it."""
    other = x.copy()
    other[ROWS::ROWS] ^= np.uint32(1)  # one value off in every other band
    return other


@pytest.mark.parametrize("not_copies", [1, 3, 20])
def test_a_story_whose_first_member_is_no_copy_is_still_reached_through_a_later_one(
    tmp_path, not_copies
):
    """Members of one story share band 0 with the new article; only the last (by id) is
    a near copy. One representative would miss it: the next ones are fetched."""
    rng = np.random.default_rng(not_copies)
    x = rng.integers(0, 2**32, NUM_PERM, dtype=np.uint32)
    members = {f"m{i:02d}": ("m00", _band_0_only(x, rng)) for i in range(not_copies)}
    members["m99"] = ("m00", _copy_in_band_0(x))
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        _index(con, members)
        found, compared = _link(con, x, batch_rows=2)
    assert found == [("x", "m99")]
    assert compared <= not_copies + 1


def test_a_story_of_many_copies_costs_one_comparison_per_band(tmp_path):
    """Three hundred copies in one story share every band with the new article: it is
    compared with one of them per band, not with all (300 x 16)."""
    rng = np.random.default_rng(5)
    x = rng.integers(0, 2**32, NUM_PERM, dtype=np.uint32)
    members = {f"c{i:03d}": ("c000", x.copy()) for i in range(300)}
    members["lone"] = ("lone", _band_0_only(x, rng))  # shares band 0, no copy
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        _index(con, members)
        found, compared = _link(con, x)
    assert found == [("x", "c000")]
    assert compared <= BANDS + 1


SENTENCES = [
    "Power supply and land remain the main constraints, analysts said.",
    "The government has promised faster permits outside the capital region.",
    "No timetable was given for the next phase of the project.",
    "Google has agreed to build a data center in Korea.",
    "OpenAI is considering a data center in Korea.",
    "Oracle already operates a data center in Seoul.",
    "전력 수급과 부지 확보가 관건이라는 분석이 나온다.",
    "관계자는 구체적인 일정은 아직 정해지지 않았다고 말했다.",
    "메타는 새 검색 기능을 공개했다.",
]


def _repetitive(seed: int, n: int) -> list[dict]:
    """Pages written from a handful of sentences, as the replay benchmark writes them:
    most share bands with most others, in a few big stories."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    rows = []
    for i in range(n):
        pool = SENTENCES[:6] if rng.random() < 0.6 else SENTENCES[6:]
        body = " ".join(rng.choice(pool) for _ in range(rng.randint(2, 14)))
        rows.append(
            {
                "article_id": f"r{i:04d}",
                "url": f"https://r.example/{i}",
                "title": f"report {i}",
                "body": body,
                "published_at": start + timedelta(hours=rng.randrange(500)),
            }
        )
    return rows


@pytest.mark.slow
def test_repetitive_pages_in_any_order_and_chunking_give_the_whole_table_grouping(tmp_path):
    rows = _repetitive(3, 300)
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        put(con, articles_frame(rows))
        update_stories(con, rebuild=True, chunk_rows=45)
        whole = expected(con)
        assert_frame_equal(stories(con), whole)
        sizes = whole.group_by("story_id").len()["len"]
        assert sizes.max() > 50 and sizes.len() > 3  # big stories and small ones
    shuffled = random.Random(4).sample(rows, len(rows))
    with warehouse.connect(tmp_path / "v.duckdb") as con:
        for start in range(0, len(shuffled), 60):
            put(con, articles_frame(shuffled[start : start + 90]))
            update_stories(con, chunk_rows=40)
        assert_frame_equal(stories(con), whole)


def test_freed_memory_goes_back_and_live_data_stays():
    import platform
    import sys

    import pyarrow as pa

    from dagster_project.parse.stories_memory import release_freed_memory

    kept = pa.array(range(100_000))
    freed = pa.array(range(1_000_000))
    del freed
    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert release_freed_memory() is glibc
    assert kept.sum().as_py() == sum(range(100_000))
