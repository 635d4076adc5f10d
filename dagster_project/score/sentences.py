"""Sentences and the vectorised prefilter, as polars expressions.

Only sentences that name a foreign firm (one combined alias regex) or talk about a data
center in an article that names one reach the per-sentence Python analysis; everything
else is dropped here, in Rust.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import yaml

# Placeholder for a dot that does not end a sentence (U.S., Mr., Inc.), put back after
# the split. U+2024 ONE DOT LEADER does not occur in news text.
_DOT = "\u2024"
_WORDS = yaml.safe_load((Path(__file__).resolve().parent / "sentences.yaml").read_text("utf-8"))
_ABBREV = r"\b(" + "|".join(re.escape(w) for w in _WORDS["abbreviations"]) + r")\."
# U.S., U.K., a.m., p.m.
_INITIALS = r"\b([A-Za-z])\.([A-Za-z])\."
# A sentence runs to a terminator (plus closing quotes) followed by a space or the end of
# a line; a line break always ends one (paragraphs, captions, bylines).
_SENTENCE = r"(?m)[^\n]+?(?:[.!?。…]+[\"'”’」』)\]]*(?:[ \t]+|$)|$)"


# Markup left in feed summaries ("<b>AWS</b>는") would cut a particle off its firm name.
_TAG = r"</?[A-Za-z][^<>]{0,40}>"


def _protect(col: pl.Expr) -> pl.Expr:
    return (
        col.str.replace_all(_TAG, "")
        # Korean news often writes the interpunct of a list as the letter ㆍ (U+318D)
        .str.replace_all("\u318d", "\u00b7", literal=True)
        # "…알려졌다.아마존과 …": a sentence glued to the next one by a missing space
        .str.replace_all(r"([가-힣][.!?])([가-힣])", "$1 $2")
        .str.replace_all(_INITIALS, f"${{1}}{_DOT}${{2}}{_DOT}")
        .str.replace_all(_ABBREV, f"${{1}}{_DOT}")
        .str.replace_all("\r\n?", "\n")
    )


HEADLINE_REPEAT_WITHIN = 2  # body sentences at the top that may repeat the headline


def _bare(text: pl.Expr) -> pl.Expr:
    """A sentence without its closing punctuation, to compare with a headline."""
    return text.str.strip_chars_end(" .!?。\"'’”")


def split_sentences(articles: pl.DataFrame) -> pl.DataFrame:
    """One row per sentence: article_id, lang, sentence_idx (0 = title, then body
    sentences from 1), sentence, script ('ko' when the sentence is mostly Hangul). A
    body that prints its title again at its top has that sentence read once, as the
    title."""
    base = articles.select(
        pl.col("article_id").cast(pl.String),
        (pl.col("lang") if "lang" in articles.columns else pl.lit(None))
        .cast(pl.String)
        .alias("lang"),
        (pl.col("title") if "title" in articles.columns else pl.lit(None))
        .cast(pl.String)
        .alias("title"),
        (pl.col("body") if "body" in articles.columns else pl.lit(None))
        .cast(pl.String)
        .alias("body"),
    ).with_row_index("_row")
    title = (
        pl.col("title")
        .str.replace_all(_TAG, "")
        .str.replace_all("\u318d", "\u00b7", literal=True)
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )
    titles = base.select(
        "article_id",
        "lang",
        pl.lit(0, dtype=pl.Int32).alias("sentence_idx"),
        title.alias("sentence"),
    )
    bodies = (
        base.select(
            "_row",
            "article_id",
            "lang",
            _protect(pl.col("body")).str.extract_all(_SENTENCE).alias("sentence"),
            title.alias("_title"),
        )
        .explode("sentence")
        .with_columns(
            pl.col("sentence")
            .str.replace_all(_DOT, ".", literal=True)
            .str.replace_all(r"\s+", " ")
            .str.strip_chars()
        )
        .filter(pl.col("sentence").str.len_chars() > 0)
        # the headline repeated at the top of the body (a page whose text keeps its <h1>)
        # is the headline, read once, as such
        .filter(
            (pl.int_range(pl.len()).over("_row") >= HEADLINE_REPEAT_WITHIN)
            | (_bare(pl.col("sentence")) != _bare(pl.col("_title"))).fill_null(True)
        )
        .with_columns(
            (pl.int_range(pl.len()).over("_row") + 1).cast(pl.Int32).alias("sentence_idx")
        )
        .select("article_id", "lang", "sentence_idx", "sentence")
    )
    out = pl.concat([titles, bodies]).filter(
        pl.col("sentence").is_not_null() & (pl.col("sentence").str.len_chars() > 0)
    )
    hangul = pl.col("sentence").str.count_matches(r"[\x{AC00}-\x{D7A3}]")
    latin = pl.col("sentence").str.count_matches(r"[A-Za-z]")
    script = (
        pl.when(hangul * 3 >= latin)
        .then(pl.when(hangul > 0).then(pl.lit("ko")).otherwise(pl.col("lang").fill_null("en")))
        .otherwise(pl.lit("en"))
    )
    script = pl.when(script.is_in(["ko", "en"])).then(script).otherwise(pl.lit("en"))
    return out.with_columns(script.alias("script")).sort("article_id", "sentence_idx")


# A sentence that asks: "…?" or a Korean question ending ("열까.", "짓나?"); Rust-regex
# compatible, as polars runs it.
QUESTION_END = r"(?:\?|까\.?)[\"”’'」]?\s*$"


def prefilter(
    sentences: pl.DataFrame,
    alias_pattern: str,
    dc_pattern: str,
    all_aliases: str,
    context_pattern: str | None = None,
    replies: tuple[str, str] | None = None,
) -> pl.DataFrame:
    """Keep sentences naming a foreign firm, and data-center sentences of articles that
    name one somewhere (their subject may be carried over or a person of the firm), and
    right after a data-center sentence, one that points back to it (`context_pattern`:
    "그러나 이 계획을 철회했다", "It later scrapped the plan"), or answers a question or a
    request about one (`replies`: the request and the answer patterns).
    Adds `has_alias`, `has_dc` and `candidates` (the alias strings found, foreign and
    domestic, so the exact matcher only tries those)."""
    flagged = sentences.with_columns(
        pl.col("sentence").str.contains(alias_pattern).alias("has_alias"),
        pl.col("sentence").str.contains(dc_pattern).alias("has_dc"),
    )
    in_firm_article = pl.col("has_alias").any().over("article_id")
    keep = pl.col("has_alias") | (pl.col("has_dc") & in_firm_article)
    if not context_pattern:
        kept = flagged.filter(keep)
    else:
        prev = pl.col("sentence").shift(1).over("article_id")
        after_dc = (
            pl.col("has_dc").shift(1).over("article_id").fill_null(False)
            & (pl.col("sentence_idx").shift(1).over("article_id") == pl.col("sentence_idx") - 1)
        ).fill_null(False)
        # a data-center question is answered by the sentence after it ("Will X build one
        # here? The company says it is looking at every option.")
        answers = prev.str.contains(QUESTION_END).fill_null(False)
        if replies is not None:
            # a build asked of a firm, answered right after ("The company declined.")
            request, reply = replies
            answers = answers | (
                prev.str.contains(request).fill_null(False) & pl.col("sentence").str.contains(reply)
            )
        # the look-back regex runs only on the few sentences right after a data-center one
        kept = (
            flagged.with_columns(keep.alias("_keep"), (after_dc & in_firm_article).alias("_after"))
            .filter(pl.col("_keep") | pl.col("_after"))
            .filter(pl.col("_keep") | answers | pl.col("sentence").str.contains(context_pattern))
            .drop("_keep", "_after")
        )
    return kept.with_columns(
        pl.col("sentence").str.extract_all(all_aliases).list.unique().alias("candidates")
    )
