"""Helpers shared by the scoring tests (no tests of its own)."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl

from dagster_project.score import aggregate_stances, score_articles


def articles(*texts: str, lang: str | None = "ko", title: str | None = None) -> pl.DataFrame:
    """One article per text (ids a0, a1, …), the text as body."""
    return pl.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(len(texts))],
            "lang": [lang] * len(texts),
            "title": [title] * len(texts),
            "body": list(texts),
        },
        schema={"article_id": pl.String, "lang": pl.String, "title": pl.String, "body": pl.String},
    )


def stances(text: str, lang: str | None = "ko", **kw) -> dict[str, str]:
    """firm -> aggregated stance for a one-article corpus."""
    agg = aggregate_stances(score_articles(articles(text, lang=lang), **kw))
    return dict(zip(agg["firm"].to_list(), agg["stance"].to_list(), strict=True))


def row(text: str, firm: str, lang: str | None = "ko") -> dict:
    """The aggregated row of `firm` (fails the test if the firm is missing)."""
    agg = aggregate_stances(score_articles(articles(text, lang=lang)))
    rows = agg.filter(pl.col("firm") == firm).to_dicts()
    assert rows, f"{firm} not found in {agg['firm'].to_list()}"
    return rows[0]


def seed_text() -> str | None:
    """The seed article (DCWATCH_SEED_DIR, or /work/shared/seed), when present."""
    folders = [Path(os.environ["DCWATCH_SEED_DIR"])] if os.environ.get("DCWATCH_SEED_DIR") else []
    folders.append(Path("/work/shared/seed"))
    for folder in folders:
        files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if files:
            return files[0].read_text(encoding="utf-8")
    return None
