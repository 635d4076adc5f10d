"""Bounded scoring: overlong sentences are read in pieces, overlong bodies are cut."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from dagster_project.score import score_articles
from dagster_project.score.budget import cut_long_sentences, pieces, within_budget
from dagster_project.score.sentences import split_sentences


def test_pieces_cut_at_a_space_within_the_limit_and_lose_no_word():
    text = " ".join(f"word{i}" for i in range(400))
    out = pieces(text, 100)
    assert len(out) > 1
    assert all(len(p) <= 100 for p in out)
    assert " ".join(out) == text


def test_pieces_cut_a_text_without_spaces_at_the_limit():
    assert pieces("x" * 250, 100) == ["x" * 100, "x" * 100, "x" * 50]
    assert pieces("short sentence.", 100) == ["short sentence."]


def _articles(*bodies: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(len(bodies))],
            "lang": ["en"] * len(bodies),
            "title": ["Data centers"] * len(bodies),
            "body": list(bodies),
        }
    )


def test_short_sentences_pass_unchanged():
    sentences = split_sentences(_articles("Oracle runs a data center. It is in Seoul."))
    assert_frame_equal(cut_long_sentences(sentences, 100), sentences)


def test_a_long_sentence_becomes_numbered_pieces_in_its_own_article_only():
    long = "Google will build a data center in Seoul, " * 10
    sentences = split_sentences(_articles(long + "End.", "Oracle runs one. Fine."))
    out = cut_long_sentences(sentences, 100)
    first = out.filter(pl.col("article_id") == "a0")
    assert first["sentence_idx"].to_list() == list(range(first.height))
    assert first["sentence"][0] == "Data centers"  # the headline keeps index 0
    assert first.height > 4 and first["sentence"].str.len_chars().max() <= 100
    assert_frame_equal(
        out.filter(pl.col("article_id") == "a1"),
        sentences.filter(pl.col("article_id") == "a1"),
    )


def test_a_stance_at_the_end_of_an_unpunctuated_page_is_still_read():
    page = "Google and Microsoft and Meta and Apple in the news; " * 200
    page += "Oracle ruled out a data center in Busan"
    out = score_articles(_articles(page))
    oracle = out.filter(pl.col("firm") == "oracle")
    assert oracle["stance"].to_list() == ["declined"]
    assert set(out["firm"]) >= {"google", "microsoft", "meta", "apple"}


def test_within_budget_cuts_long_bodies_and_marks_them():
    out = within_budget(_articles("a" * 50, "b" * 10, None), limit=20)
    assert out["body"].to_list() == ["a" * 20, "b" * 10, None]
    assert out["truncated"].to_list() == [True, False, False]
    assert out["body_chars"].to_list() == [50, 10, 0]
