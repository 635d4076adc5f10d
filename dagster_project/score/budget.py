"""How much text one article may cost: a cap on a sentence and a budget per article.

The analysis of a sentence weighs each firm name against the others in its clause, so
its cost grows with the square of the names in it. News sentences stay under a few
hundred characters; a run of text with no sentence end longer than
``MAX_SENTENCE_CHARS`` (a page of tags, a table flattened into one line) is not one
sentence, and is read in pieces cut at a space. Scoring time then grows linearly with
the text. An article body longer than ``MAX_ARTICLE_CHARS`` is scored on its headline
and its first ``MAX_ARTICLE_CHARS`` characters, and marked truncated.
"""

from __future__ import annotations

import polars as pl

MAX_SENTENCE_CHARS = 1_000
MAX_ARTICLE_CHARS = 200_000


def pieces(text: str, limit: int = MAX_SENTENCE_CHARS) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at the last space before
    the limit (or at the limit when there is none); one piece when it is short."""
    out, pos = [], 0
    while len(text) - pos > limit:
        cut = text.rfind(" ", pos + 1, pos + limit + 1)
        cut = cut if cut > pos else pos + limit
        out.append(text[pos:cut].strip())
        pos = cut
    out.append(text[pos:].strip())
    return [p for p in out if p]


def cut_long_sentences(sentences: pl.DataFrame, limit: int = MAX_SENTENCE_CHARS) -> pl.DataFrame:
    """Split the sentences longer than `limit` characters (a ``split_sentences`` frame)
    into pieces, renumbering ``sentence_idx`` in the articles that had one; the frame is
    returned unchanged when no sentence is that long."""
    long = pl.col("sentence").str.len_chars() > limit
    if sentences.is_empty() or not sentences.select(long.any()).item():
        return sentences
    affected = sentences.filter(long)["article_id"].unique().implode()
    keep, redo = (
        sentences.filter(~pl.col("article_id").is_in(affected)),
        sentences.filter(pl.col("article_id").is_in(affected)),
    )
    redo = (
        redo.with_columns(
            pl.col("sentence").map_elements(
                lambda s: pieces(s, limit), return_dtype=pl.List(pl.String)
            )
        )
        .explode("sentence")
        .with_columns(
            (
                pl.col("sentence_idx").min().over("article_id")
                + pl.int_range(pl.len()).over("article_id")
            )
            .cast(pl.Int32)
            .alias("sentence_idx")
        )
    )
    return pl.concat([keep, redo.select(sentences.columns)]).sort("article_id", "sentence_idx")


def within_budget(articles: pl.DataFrame, limit: int = MAX_ARTICLE_CHARS) -> pl.DataFrame:
    """`articles` (with a ``body``) with each body cut to its first `limit` characters,
    plus ``body_chars`` (the length before the cut) and ``truncated``."""
    chars = pl.col("body").str.len_chars().fill_null(0)
    return articles.with_columns(
        body_chars=chars.cast(pl.Int64),
        truncated=chars > limit,
        body=pl.col("body").str.slice(0, limit),
    )
