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


def headline_articles(discovered: pl.DataFrame) -> pl.DataFrame:
    """``ArticleDiscovered`` events of headline-only sources → rows shaped like
    ``parse_pages`` output (one per event, same order)."""
    if discovered.height == 0:
        return pl.DataFrame(schema=OUTPUT_SCHEMA)
    meta = pl.col("meta")
    items = discovered.select(
        version_id=pl.col("event_id"),
        url=pl.col("url"),
        source=pl.col("source"),
        fetched_at=pl.col("recorded_at"),
        title=meta.str.json_path_match("$.feed_title"),
        outlet=meta.str.json_path_match("$.outlet"),
        lang_hint=meta.str.json_path_match("$.lang_hint"),
        published_at=meta.str.json_path_match("$.feed_published_at").str.to_datetime(
            time_zone="UTC", time_unit="us", strict=False
        ),
    )
    titles = [
        clean_headline(t, o)
        for t, o in zip(items["title"].to_list(), items["outlet"].to_list(), strict=True)
    ]
    langs = [
        identify(t, None, h) for t, h in zip(titles, items["lang_hint"].to_list(), strict=True)
    ]
    # "Outlet via source": the outlet is who wrote it, the source how it reached us.
    source = (
        pl.when(pl.col("outlet").is_not_null())
        .then(pl.format("{} via {}", pl.col("outlet"), pl.col("source")))
        .otherwise(pl.col("source"))
    )
    return items.select(
        "version_id",
        "url",
        pl.col("url").alias("canonical_url"),
        source.alias("source"),
        pl.Series("title", titles, dtype=pl.String),
        "published_at",
        pl.lit(None, OUTPUT_SCHEMA["updated_at"]).alias("updated_at"),
        pl.when(pl.col("published_at").is_not_null()).then(pl.lit("feed")).alias("date_source"),
        pl.lit(None, pl.String).alias("author"),
        pl.Series("lang", langs, dtype=pl.String),
        pl.lit("").alias("body"),
        pl.lit(None, pl.String).alias("encoding"),
        pl.lit("ok").alias("parse_status"),
        pl.lit(HEADLINE_REASON).alias("parse_reason"),
        "fetched_at",
    ).cast(dict(OUTPUT_SCHEMA))
