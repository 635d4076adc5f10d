"""Articles known only by their headline: items of aggregator feeds such as Google News.

A Google News item links to a news.google.com page that reaches the outlet through
script, not HTTP; fetching it yields no article. What the feed itself says is
real and dated, though: the headline, the outlet and the time. Such items become
articles with that headline as title, an empty body, the feed date and
``parse_reason`` saying so, so they count in trends by what their headline states.
"""

from __future__ import annotations

import polars as pl

from .frame import OUTPUT_SCHEMA
from .lang import identify

HEADLINE_REASON = "headline only: the feed's link is an aggregator page, not fetched"


def clean_headline(title: str | None, outlet: str | None) -> str | None:
    """The headline without the " - Outlet" tail that aggregators append."""
    if not title:
        return None
    title = title.strip()
    if outlet:
        for sep in (" - ", " – ", " | "):
            tail = f"{sep}{outlet.strip()}"
            if title.endswith(tail) and len(title) > len(tail):
                return title[: -len(tail)].rstrip()
    return title


def headline_articles(pages: pl.DataFrame) -> pl.DataFrame:
    """Headline-only items → rows shaped like ``parse_pages`` output (one per row, same
    order). Takes the same input frame as ``parse_pages`` plus ``outlet``; ``raw`` is
    not read (there is no page)."""
    if pages.height == 0:
        return pl.DataFrame(schema=OUTPUT_SCHEMA)
    outlets = pages["outlet"].to_list()
    titles = [
        clean_headline(t, o) for t, o in zip(pages["feed_title"].to_list(), outlets, strict=True)
    ]
    langs = [identify(t, None, h) for t, h in zip(titles, pages["lang_hint"], strict=True)]
    # "Outlet via source": the outlet is who wrote it, the source how it reached us.
    source = (
        pl.when(pl.col("outlet").is_not_null())
        .then(pl.format("{} via {}", pl.col("outlet"), pl.col("source")))
        .otherwise(pl.col("source"))
    )
    published = pl.col("feed_published_at")
    return pages.select(
        "version_id",
        "url",
        pl.col("url").alias("canonical_url"),
        source.alias("source"),
        pl.Series("title", titles, dtype=pl.String),
        published.alias("published_at"),
        pl.lit(None, OUTPUT_SCHEMA["updated_at"]).alias("updated_at"),
        pl.when(published.is_not_null()).then(pl.lit("feed")).alias("date_source"),
        pl.lit(None, pl.String).alias("author"),
        pl.Series("lang", langs, dtype=pl.String),
        pl.lit("").alias("body"),
        pl.lit(None, pl.String).alias("encoding"),
        pl.lit("ok").alias("parse_status"),
        pl.lit(HEADLINE_REASON).alias("parse_reason"),
        "fetched_at",
    ).cast(dict(OUTPUT_SCHEMA))
