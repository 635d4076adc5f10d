"""The article the project started from: OpenAI considers a data center in Korea,
Google declined. Read at run time when present; skipped otherwise."""

from __future__ import annotations

import polars as pl
import pytest
from test_scoring_support import seed_text

from dagster_project.score import aggregate_stances, score_articles

SEED = seed_text()
pytestmark = pytest.mark.skipif(
    SEED is None, reason="seed article not found (set DCWATCH_SEED_DIR)"
)


def _frames():
    title, _, body = SEED.partition("\n")
    frame = pl.DataFrame(
        {"article_id": ["seed"], "lang": ["ko"], "title": [title.strip()], "body": [body]}
    )
    mentions = score_articles(frame)
    return mentions, aggregate_stances(mentions)


def test_seed_openai_considering_google_declined():
    _, agg = _frames()
    got = dict(zip(agg["firm"].to_list(), agg["stance"].to_list(), strict=True))
    assert got["openai"] == "considering"
    assert got["google"] == "declined"


def test_seed_only_foreign_firms_are_scored():
    mentions, agg = _frames()
    assert set(agg["firm"].to_list()) == {"google", "openai"}
    partners = {
        p for ps in mentions["counterparties"].drop_nulls().to_list() for p in ps.split(",")
    }
    assert {"sk", "samsung"} <= partners


def test_seed_government_demand_is_not_a_google_stance():
    mentions, _ = _frames()
    # the sentence where the government asks Google for a data center (found by its parts)
    demand = mentions.filter(
        pl.col("sentence").str.starts_with("정부")
        & pl.col("sentence").str.contains("요구")
        & (pl.col("firm") == "google")
    )
    assert demand.height >= 1
    assert demand["stance"].to_list() == ["mentioned"]
