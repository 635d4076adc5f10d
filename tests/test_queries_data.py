"""A small, hand-computable warehouse for the query, chart, alert and export tests.

Not a test module of its own: the tests import ``build`` and ``ROWS`` from here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from dagster_project import warehouse
from dagster_project.marts.project import update_marts

SCORE = {
    "committed": 1.0,
    "operating": 0.75,
    "considering": 0.5,
    "mentioned": 0.0,
    "declined": -1.0,
}
KST = dt.timezone(dt.timedelta(hours=9))

# (article, day (KST) or None, hour, source, story or None, firm, stance, location,
#  n_mentions, confidence)
ROWS = [
    ("a1", "2026-01-05", 9, "daily-a", None, "google", "declined", "KR", 2, 0.90),
    ("a1", "2026-01-05", 9, "daily-a", None, "openai", "considering", "KR", 1, 0.70),
    ("a2", "2026-01-06", 9, "daily-b", None, "openai", "considering", "KR", 1, 0.60),
    ("a3", "2026-01-07", 9, "daily-a", None, "openai", "committed", "US", 3, 0.85),
    ("a4", "2026-01-20", 9, "daily-b", "s4", "google", "considering", "KR", 1, 0.80),
    ("a4", "2026-01-20", 9, "daily-b", "s4", "microsoft", "operating", "KR", 1, 0.75),
    ("a5", "2026-01-21", 9, "daily-a", None, "google", "mentioned", None, 1, 0.30),
    ("a6", "2026-01-22", 9, "daily-b", "s4", "google", "considering", "KR", 1, 0.95),
    ("a7", "2026-02-02", 9, "daily-b", None, "openai", "declined", "KR", 2, 0.88),
    ("a8", None, 9, "daily-a", None, "google", "committed", "KR", 1, 0.99),  # undated
]


def frames(rows=ROWS) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(articles, article_firm_stance, stories) frames for the rows."""
    arts, seen = [], set()
    for art, day, hour, source, _story, *_ in rows:
        if art in seen:
            continue
        seen.add(art)
        d = dt.date.fromisoformat(day) if day else None
        at = dt.datetime.combine(d, dt.time(hour), KST).astimezone(dt.UTC) if d else None
        arts.append(
            {
                "article_id": art,
                "version_id": f"v-{art}",
                "url": f"https://news.test/{art}",
                "fetched_url": f"https://news.test/{art}",
                "source": source,
                "title": f"Title of {art}",
                "published_at": at,
                "published_day": d,
                "lang": "en",
                "body": "",
                "parse_status": "ok",
                "fetched_at": dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
                "n_versions": 1,
                "event_seq": 1,
                "parser_version": "test",
            }
        )
    stances = pl.DataFrame(
        [
            {
                "article_id": art,
                "firm": firm,
                "stance": stance,
                "score": SCORE[stance],
                "confidence": conf,
                "evidence": f"{firm} {stance} in {art}",
                "location": loc,
                "n_mentions": n,
                "scorer_version": "test",
            }
            for art, _d, _h, _s, _st, firm, stance, loc, n, conf in rows
        ]
    )
    stories = pl.DataFrame(
        [
            {
                "article_id": art,
                "story_id": story,
                "content_hash": story,
                "is_copy": art != "a4",
                "n_copies": 2,
            }
            for art, _d, _h, _s, story, *_ in rows
            if story
        ],
        schema={
            "article_id": pl.String,
            "story_id": pl.String,
            "content_hash": pl.String,
            "is_copy": pl.Boolean,
            "n_copies": pl.Int32,
        },
    ).unique("article_id")
    articles = pl.DataFrame(
        arts, schema_overrides={"published_at": pl.Datetime("us", "UTC"), "published_day": pl.Date}
    )
    return articles, stances, stories


def build(path: Path, rows=ROWS, marts: bool = True) -> Path:
    """Write the rows into a fresh warehouse at ``path`` (and its marts); return the path."""
    articles, stances, stories = frames(rows)
    with warehouse.connect(path) as con:
        warehouse.insert_frame(con, "articles", articles)
        warehouse.insert_frame(con, "article_firm_stance", stances)
        warehouse.insert_frame(con, "stories", stories)
        if marts:
            update_marts(con)
    return path
