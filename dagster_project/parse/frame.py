"""polars glue: a frame of fetched pages in, a frame of parsed articles out."""

from __future__ import annotations

import polars as pl

from .page import FIELDS, parse_page, skim_page
from .version import full_parse

UTC_TS = pl.Datetime("us", "UTC")
OUTPUT_SCHEMA = pl.Schema(
    {
        "version_id": pl.String,
        "url": pl.String,
        "canonical_url": pl.String,
        "source": pl.String,
        "title": pl.String,
        "published_at": UTC_TS,
        "updated_at": UTC_TS,
        "date_source": pl.String,
        "author": pl.String,
        "lang": pl.String,
        "body": pl.String,
        "encoding": pl.String,
        "parse_status": pl.String,
        "parse_reason": pl.String,
        "fetched_at": UTC_TS,
    }
)
_OPTIONAL_INPUTS = ("content_type", "feed_published_at", "feed_title", "lang_hint")


def parse_pages(pages: pl.DataFrame, full: bool | None = None) -> pl.DataFrame:
    """Parse fetched pages into article columns: one row per input row, same order.

    Input columns: version_id, url, source, content_type, raw (binary), fetched_at,
    feed_published_at, feed_title, lang_hint. Bad pages become rows with a
    parse_status other than 'ok' and a parse_reason; this never raises on a page.
    Pages that name no tracked firm and no data center get only the cheap pass
    (``skipped_offtopic``), unless ``full`` (default: ``DCWATCH_FULL_PARSE``) asks for
    the full extraction of every page.
    """
    if pages.height == 0:
        return pl.DataFrame(schema=OUTPUT_SCHEMA)
    missing = [c for c in _OPTIONAL_INPUTS if c not in pages.columns]
    pages = pages.with_columns(pl.lit(None).alias(c) for c in missing)
    # HTML parsing is per page by nature; the columns are rebuilt in bulk after.
    one = parse_page if (full_parse() if full is None else full) else skim_page
    parsed = [
        one(
            r["raw"],
            r["url"],
            r["content_type"],
            r["fetched_at"],
            r["feed_published_at"],
            r["feed_title"],
            r["lang_hint"],
        )
        for r in pages.select(
            "raw",
            "url",
            "content_type",
            "fetched_at",
            "feed_published_at",
            "feed_title",
            "lang_hint",
        ).iter_rows(named=True)
    ]
    fields = pl.DataFrame(
        {name: [p[name] for p in parsed] for name in FIELDS},
        schema={name: OUTPUT_SCHEMA[name] for name in FIELDS},
    )
    base = pages.select(
        pl.col("version_id").cast(pl.String),
        pl.col("url").cast(pl.String),
        pl.col("source").cast(pl.String),
        pl.col("fetched_at").cast(UTC_TS),
    )
    return pl.concat([base, fields], how="horizontal").select(OUTPUT_SCHEMA.names())
