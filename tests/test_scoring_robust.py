"""Messy input: missing columns, long unpunctuated text, mixed scripts, odd whitespace."""

from __future__ import annotations

import polars as pl
import pytest
from test_scoring_support import stances

from dagster_project.score import score_articles
from dagster_project.score.sentences import split_sentences

# Slow tier: real Dagster runs, servers or whole-corpus passes (./bin/test -m "not slow" skips).
pytestmark = pytest.mark.slow


def test_missing_lang_and_title_columns_are_allowed():
    frame = pl.DataFrame(
        {"article_id": ["x"], "body": ["오라클은 국내 데이터센터를 운영하고 있다."]}
    )
    out = score_articles(frame)
    assert out["stance"].to_list() == ["operating"]


def test_english_sentence_inside_a_korean_article_is_read_as_english():
    text = "오라클은 서울 행사를 열었다.\nOracle ruled out a second data center in Korea."
    assert stances(text, lang="ko") == {"oracle": "declined"}


def test_abbreviations_do_not_split_sentences():
    frame = pl.DataFrame(
        {
            "article_id": ["x"],
            "lang": ["en"],
            "title": [None],
            "body": [
                "U.S. officials met Mr. Kim of Oracle Corp. in Seoul. Oracle scrapped its plan."
            ],
        },
        schema={"article_id": pl.String, "lang": pl.String, "title": pl.String, "body": pl.String},
    )
    sentences = split_sentences(frame)["sentence"].to_list()
    assert sentences == [
        "U.S. officials met Mr. Kim of Oracle Corp. in Seoul.",
        "Oracle scrapped its plan.",
    ]


def test_paragraph_breaks_and_odd_whitespace_split_sentences():
    frame = pl.DataFrame(
        {
            "article_id": ["x"],
            "lang": ["ko"],
            "title": ["  제목\n둘째 줄 "],
            "body": ["첫 문단\r\n\r\n둘째   문단."],
        }
    )
    out = split_sentences(frame)
    assert out["sentence"].to_list() == ["제목 둘째 줄", "첫 문단", "둘째 문단."]
    assert out["sentence_idx"].to_list() == [0, 1, 2]


def test_long_unpunctuated_text_is_read_in_pieces():
    # its cost against size is measured by `benchmarks/scoring_speed.py --sweep`, not here
    body = ("구글은 데이터센터 관련 행사를 열었고 " * 600) + "끝."
    frame = pl.DataFrame({"article_id": ["x"], "lang": ["ko"], "title": [None], "body": [body]})
    out = score_articles(frame)
    assert set(out["firm"].to_list()) == {"google"}
    assert out["sentence_idx"].n_unique() > 1  # cut into pieces, not one 14,000-char sentence


def test_emoji_and_markup_remnants_do_not_break_matching():
    text = "🔥 [속보] <b>AWS</b>는 울산에 데이터센터를 짓기로 했다 ▶ 관련기사"
    assert stances(text) == {"amazon": "committed"}
