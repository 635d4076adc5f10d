"""parse_pages / parse_pages_parallel on polars frames: schema, order, empty input, bad rows."""

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dagster_project.parse import (
    OUTPUT_SCHEMA,
    PARSER_VERSION,
    parse_pages,
    parse_pages_parallel,
)

PAGES = Path(__file__).parent / "fixtures" / "pages"
FETCHED = datetime(2026, 1, 1, 3, tzinfo=UTC)
INPUT_SCHEMA = {
    "version_id": pl.String,
    "url": pl.String,
    "source": pl.String,
    "content_type": pl.String,
    "raw": pl.Binary,
    "fetched_at": pl.Datetime("us", "UTC"),
    "feed_published_at": pl.Datetime("us", "UTC"),
    "feed_title": pl.String,
    "lang_hint": pl.String,
}


def pages_frame(names: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "version_id": [f"v{i}" for i in range(len(names))],
            "url": [f"https://news.example.kr/{n}" for n in names],
            "source": ["fixture"] * len(names),
            "content_type": ["text/html"] * len(names),
            "raw": [(PAGES / n).read_bytes() for n in names],
            "fetched_at": [FETCHED] * len(names),
            "feed_published_at": [None] * len(names),
            "feed_title": ["Feed title"] * len(names),
            "lang_hint": [None] * len(names),
        },
        schema=INPUT_SCHEMA,
    )


NAMES = [
    "ko_cp949_euckr.html",
    "image_as_html.html",
    "en_no_date.html",
    "empty.html",
    "ja_article.html",
]


def test_one_row_per_page_in_order_with_the_contract_schema():
    out = parse_pages(pages_frame(NAMES), full=True)
    assert out.schema == OUTPUT_SCHEMA
    assert out["version_id"].to_list() == ["v0", "v1", "v2", "v3", "v4"]
    assert out["parse_status"].to_list() == ["ok", "binary", "ok", "empty", "ok"]
    assert out["lang"].to_list() == ["ko", None, "en", None, "ja"]
    assert out["fetched_at"].to_list() == [FETCHED] * 5
    # The fetch time is never passed off as a publication time.
    assert out.filter(pl.col("published_at") == FETCHED).height == 0


def test_the_cheap_pass_keeps_the_head_of_a_page_that_names_no_firm_nor_data_center():
    full = parse_pages(pages_frame(NAMES), full=True)
    out = parse_pages(pages_frame(NAMES))
    assert out["parse_status"].to_list() == ["ok", "binary", "ok", "empty", "skipped_offtopic"]
    skipped = out.row(4, named=True)
    assert skipped["body"] is None and skipped["lang"] == "ja"
    assert "body not extracted" in skipped["parse_reason"]
    # what the cheap pass reads is what the full path reads; only the body is left out
    same = ["title", "published_at", "updated_at", "date_source", "author", "canonical_url"]
    assert {c: skipped[c] for c in same} == {c: full.row(4, named=True)[c] for c in same}
    assert full[4, "body"]
    # pages that pass the test get the full extraction, identical to the full path's
    assert_frame_equal(out.slice(0, 4), full.slice(0, 4))


def test_empty_input_gives_empty_frame_with_schema():
    out = parse_pages(pages_frame([]))
    assert out.height == 0
    assert out.schema == OUTPUT_SCHEMA


def test_parser_version_has_release_and_source_hash():
    release, _, digest = PARSER_VERSION.partition("+")
    assert release and len(digest) == 12


@pytest.mark.slow
def test_parallel_matches_serial_and_keeps_batch_order():
    batches = [pages_frame(NAMES[i : i + 2]) for i in range(0, len(NAMES), 2)]
    serial = [parse_pages(b) for b in batches]
    parallel = list(parse_pages_parallel(iter(batches), workers=2))
    assert len(parallel) == len(serial) == 3
    for got, want in zip(parallel, serial, strict=True):
        assert_frame_equal(got, want)


@pytest.mark.slow
def test_parallel_consumes_batches_lazily():
    pulled = []

    def gen():
        for i in range(20):
            pulled.append(i)
            yield pages_frame(["en_no_date.html"])

    stream = parse_pages_parallel(gen(), workers=2)
    next(stream)
    # Only a bounded number of batches (2 * workers) is taken before the first result.
    assert len(pulled) <= 5
    assert sum(1 for _ in stream) == 19


@pytest.mark.slow
def test_parallel_stream_can_be_abandoned_early():
    pulled = []

    def gen():
        for i in range(50):
            pulled.append(i)
            yield pages_frame(["en_no_date.html"])

    stream = parse_pages_parallel(gen(), workers=2)
    first = next(stream)
    stream.close()  # the pool shuts down; the rest of the input is never read
    assert first.height == 1
    assert len(pulled) <= 5
