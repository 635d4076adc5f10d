"""The article decision: the headline and the lede are the current news and outrank the
body's background, unless the body turns ("However, …") or the lede holds only a bare noun
phrase ("… Oracle data center")."""

from __future__ import annotations

import polars as pl
import pytest

from dagster_project.score import aggregate_stances, score_articles
from dagster_project.score.sentences import split_sentences


def decided(title: str, *sentences: str, lang: str) -> dict[str, tuple[str, str]]:
    """firm -> (stance, deciding sentence) for one titled article."""
    frame = pl.DataFrame(
        {"article_id": ["a0"], "lang": [lang], "title": [title], "body": ["\n".join(sentences)]}
    )
    agg = aggregate_stances(score_articles(frame))
    return {r["firm"]: (r["stance"], r["evidence"]) for r in agg.iter_rows(named=True)}


@pytest.mark.parametrize(
    ("lang", "title", "sentences", "expected"),
    [
        (
            "en",
            "IBM drops plan for Daejeon data center",
            [
                "IBM said on Monday it would not go ahead with the Daejeon project.",
                "The company set up its first Korean data center in Seoul in 2019, and it "
                "still serves banks there.",
                "IBM runs two data centers in Korea.",
            ],
            "declined",
        ),
        (
            "ko",
            "IBM, 부산 데이터센터 건립 검토",
            [
                "IBM이 부산에 데이터센터 건립을 검토하고 있다.",
                "부산시는 후보 부지 세 곳을 제안했다.",
                "IBM은 2019년 서울에 데이터센터를 지어 운영하고 있다.",
                "IBM은 국내 금융사 고객을 서울 데이터센터에서 지원하고 있다.",
            ],
            "considering",
        ),
    ],
)
def test_the_lede_outranks_the_bodys_background(lang, title, sentences, expected):
    stance, evidence = decided(title, *sentences, lang=lang)["ibm"]
    assert stance == expected
    assert evidence in (title, sentences[0])


def test_a_bare_noun_phrase_in_the_headline_does_not_outrank_the_body():
    got = decided(
        "Residents sue to stop Oracle data center",
        "Residents filed the suit in Chuncheon on Monday.",
        "The county approved the rezoning in May.",
        "Farmers say the land should stay rural.",
        "Oracle plans to build the data center on farmland near Chuncheon.",
        lang="en",
    )
    assert got["oracle"][0] == "committed"


def test_a_turn_in_the_body_still_updates_the_lede():
    got = decided(
        "IBM to build data center in Daejeon",
        "IBM announced the plan in March.",
        "Local groups objected.",
        "However, IBM scrapped the data center plan this week.",
        lang="en",
    )
    assert got["ibm"] == ("declined", "However, IBM scrapped the data center plan this week.")


def test_a_headline_printed_again_at_the_top_of_the_body_is_read_once():
    # the page's text keeps its <h1>: the repeat is the headline, not the lede, so the
    # present tense of a headline stays a done deed ("launches" = opened) and the lede is
    # the sentence after it
    title = "IBM launches its first cloud region in Busan"
    body = "\n".join(
        [
            "IBM launches its first cloud region in Busan.",
            "The region serves banks and game studios from two sites.",
            "IBM will add a third site in 2027.",
        ]
    )
    frame = pl.DataFrame({"article_id": ["a0"], "lang": ["en"], "title": [title], "body": [body]})
    split = split_sentences(frame)
    assert split["sentence"].to_list() == [title, *body.split("\n")[1:]]
    assert split["sentence_idx"].to_list() == [0, 1, 2]
    # a repeat further down is the article's own sentence again, and stays
    later = body + "\n" + title + "."
    again = split_sentences(frame.with_columns(body=pl.lit(later)))
    assert again["sentence"].to_list()[-1] == title + "."
    stances = aggregate_stances(score_articles(frame))
    assert stances.filter(pl.col("firm") == "ibm")["stance"].to_list() == ["operating"]


def test_an_opening_outranks_the_future_running_of_the_same_site():
    got = decided(
        "IBM opens Daejeon data center",
        "Last Friday, IBM officially opened its new data center in Daejeon.",
        "IBM did not give the site's size, but said it will employ 30 staff to run the facility.",
        lang="en",
    )
    assert got["ibm"][0] == "operating"
