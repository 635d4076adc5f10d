"""One stance per (article, firm) from its sentence-level mentions."""

from __future__ import annotations

import polars as pl

from .rules import STANCE_PRIORITY
from .words import DATED, HOME_MARKET, OPENINGS, SEQUELS, SEQUELS_AHEAD, TURNS, alternation

STANCE_SCHEMA = {
    "article_id": pl.String,
    "firm": pl.String,
    "stance": pl.String,
    "score": pl.Float64,
    "confidence": pl.Float64,
    "evidence": pl.String,
    "location": pl.String,
    "n_mentions": pl.Int32,
    "scorer_version": pl.String,
}


TURN = rf"^(?:{alternation(TURNS['ko'] + TURNS['en'])})\b"
OPENING = rf"(?i)(?:{alternation(OPENINGS['ko'] + OPENINGS['en'])})"
DATED_PAST = "|".join(DATED)
SEQUEL = "|".join(SEQUELS)
SEQUEL_AHEAD = "|".join(SEQUELS_AHEAD)
LEDE = 2  # the headline (0) and the first sentences of the body
# a stance read from a cue, not from a bare noun phrase ("Amazon data center" in a headline
# about a plan is a weak operating sign, 0.495): below this the lede does not outrank
LEDE_MIN_CONFIDENCE = 0.6


def aggregate_stances(mentions: pl.DataFrame) -> pl.DataFrame:
    """The `article_firm_stance` table: one row per (article_id, firm).

    Rule (the scorer README's "article decision"): among the firm's mentions in the
    article whose stance is not 'mentioned', those about the article's place come first;
    then a body sentence that opens by turning (그러나, 하지만, However, But …: `TURN`)
    wins, as the update of what came before; then the headline and the lede (the current
    news, read from a cue: `LEDE`, `LEDE_MIN_CONFIDENCE`) over the body's background;
    then a new build over a site the firm already runs; otherwise the highest confidence;
    ties go to the stance earlier in `STANCE_PRIORITY` (declined, committed, operating,
    considering), then to the later sentence (a later statement updates an earlier one).
    When every mention is 'mentioned' the stance is 'mentioned', with the most confident
    (then latest) such sentence as evidence. `evidence` is the deciding sentence,
    `n_mentions` counts all the firm's mention rows in the article.
    """
    if mentions.height == 0:
        return pl.DataFrame(schema=STANCE_SCHEMA)
    ranked = rank_mentions(mentions)
    counts = ranked.group_by("article_id", "firm").agg(pl.len().cast(pl.Int32).alias("n_mentions"))
    best = (
        ranked.sort(RANK_ORDER, descending=RANK_DESCENDING)
        .group_by("article_id", "firm", maintain_order=True)
        .first()
    )
    # a firm whose only stance is about another place than the article's: background or
    # comparison, no stance in this article (the labelling guide)
    away = pl.col("_away") & ~pl.col("_plain")
    best = best.with_columns(
        stance=pl.when(away).then(pl.lit("mentioned")).otherwise(pl.col("stance")),
        score=pl.when(away).then(pl.lit(0.0)).otherwise(pl.col("score")),
    )
    return (
        best.join(counts, on=["article_id", "firm"])
        .select(
            "article_id",
            "firm",
            "stance",
            "score",
            "confidence",
            pl.col("sentence").alias("evidence"),
            "location",
            "n_mentions",
            "scorer_version",
        )
        .cast(STANCE_SCHEMA)
        .sort("article_id", "firm")
    )


# The order in which a firm's mentions compete for the article's stance (first wins).
RANK_ORDER = [
    "article_id",
    "firm",
    "_plain",
    "_away",
    "_turn",
    "_lede",
    "_old",
    "confidence",
    "_rank",
    "sentence_idx",
]
RANK_DESCENDING = [False, False, False, False, True, True, False, True, False, True]


def rank_mentions(mentions: pl.DataFrame) -> pl.DataFrame:
    """`mentions` with the columns the article decision sorts on: `_plain` (no stance),
    `_away` (about another place than the article's `_place`), `_turn` (a body sentence
    opening with a turn), `_lede` (a stance the headline or the lede reads from a cue),
    `_rank` (position in STANCE_PRIORITY)."""
    rank = {s: i for i, s in enumerate(STANCE_PRIORITY)}
    # "그러나 올해 들어 이 계획을 철회했다", "But it later scrapped the plan": a body sentence
    # that opens by turning against what came before states the update, and wins
    turn = (
        pl.col("sentence").str.contains(TURN)
        # "It later scrapped the plan", "결국 계획을 접었다": the plan's end, told after it
        | (
            (pl.col("stance") == "declined")
            & pl.col("sentence").str.contains(SEQUEL)
            & ~pl.col("sentence").str.contains(SEQUEL_AHEAD)
        )
    ) & (pl.col("sentence_idx") > 0)
    # the place the article is about: where most of its stance sentences put a data center
    # (the headline and the lede counting twice; between places as often named, the monitor's home
    # market, then the one named first: the news comes before the background); a stance
    # about somewhere else decides only when the firm has nothing about that place
    placed = mentions.filter(pl.col("location").is_not_null() & (pl.col("stance") != "mentioned"))
    places = (
        placed.with_columns(w=pl.when(pl.col("sentence_idx") <= LEDE).then(2).otherwise(1))
        .group_by("article_id", "location")
        .agg(
            pl.col("w").sum(),
            (pl.col("location") == HOME_MARKET).any().alias("home"),
            pl.col("sentence_idx").min().alias("first"),
        )
        .sort(
            ["article_id", "w", "home", "first", "location"],
            descending=[False, True, True, False, False],
        )
        .group_by("article_id", maintain_order=True)
        .first()
        .select("article_id", pl.col("location").alias("_place"))
    )
    # running a site and building a new one there: the new one is the news; an opening
    # told by the headline or the lede ("opened its Tokyo region", "리전 출범", "is now
    # generally available from two new regions": an opening word anywhere in the
    # sentence) is news itself and keeps its rank (a body's "opened one in 2015" is
    # background)
    builds = (pl.col("stance") == "committed").any().over("article_id", "firm")
    # ... unless it is dated to a past year ("opened its first one in 2022": background)
    opening = (
        pl.col("sentence").str.contains(OPENING)
        & (pl.col("sentence_idx") <= LEDE)
        & ~pl.col("sentence").str.contains(DATED_PAST)
    )
    return mentions.join(places, on="article_id", how="left").with_columns(
        (pl.col("stance") == "mentioned").alias("_plain"),
        (pl.col("location").is_not_null() & (pl.col("location") != pl.col("_place"))).alias(
            "_away"
        ),
        pl.col("stance").replace_strict(rank, return_dtype=pl.Int32).alias("_rank"),
        (turn & (pl.col("stance") != "mentioned")).alias("_turn"),
        (
            (pl.col("sentence_idx") <= LEDE)
            & (pl.col("stance") != "mentioned")
            & (pl.col("confidence") >= LEDE_MIN_CONFIDENCE)
        ).alias("_lede"),
        ((pl.col("stance") == "operating") & builds & ~opening).alias("_old"),
    )
