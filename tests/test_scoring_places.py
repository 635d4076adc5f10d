"""Where a stance is and which place an article is about: the clause that holds the cue
names its own place ("홍콩에 세웠지만 우리나라에는 세우지 않고 있다"), a comparison
("미국보다") is no site, and between places an article names as often, the monitor's home
market wins, then the place named first. A decision the firm announced stays a decision
when a report tells it."""

from __future__ import annotations

import polars as pl
from test_scoring_support import articles, row, stances

from dagster_project.score import aggregate_stances, score_articles


def mentions(text: str, lang: str = "ko") -> pl.DataFrame:
    return score_articles(articles(text, lang=lang))


def test_korean_a_clause_names_its_own_place():
    text = "이후 구글은 홍콩에 데이터센터를 추가로 세웠지만 우리나라에는 세우지 않고 있다."
    m = mentions(text).filter(pl.col("firm") == "google")
    assert m["stance"].to_list() == ["declined"]
    assert m["location"].to_list() == ["KR"]


def test_korean_without_a_place_in_the_clause_the_sentence_place_holds():
    text = "구글은 싱가포르에 데이터센터를 세웠다."
    assert mentions(text)["location"].to_list() == ["SG"]


def test_korean_a_comparison_is_no_site():
    # 미국 stands nearer the data center, but only as the measure of a comparison
    text = "xAI가 짓는 데이터센터는 전력 비용이 미국보다 싸다는 이유로 사우디에 들어선다."
    assert row(text, "xai")["location"] == "SA"


def test_a_tie_between_places_goes_to_the_home_market():
    # one stance in Singapore, one in Korea: the article is about Korea
    text = (
        "구글은 2013년 싱가포르에 데이터센터를 세웠다. "
        "구글은 현재까지 우리나라에는 데이터센터를 세우지 않고 있다."
    )
    assert row(text, "google")["stance"] == "declined"


def test_a_tie_between_places_abroad_goes_to_the_place_named_first():
    text = (
        "Oracle will build a data center in Japan next year. "
        "Oracle opened a data center in Singapore in 2015."
    )
    assert row(text, "oracle", lang="en")["stance"] == "committed"
    reversed_text = (
        "Oracle opened a data center in Singapore in 2015. "
        "Oracle will build a data center in Japan next year."
    )
    assert row(reversed_text, "oracle", lang="en")["stance"] == "operating"


def test_korean_a_reported_announced_decision_is_a_commitment():
    text = "업계에 따르면 아마존이 지난해 인천에 데이터센터를 짓기로 발표한 뒤 투자 소식이 끊겼다."
    assert stances(text) == {"amazon": "committed"}


def test_korean_a_reported_plan_is_still_considering():
    text = "업계에 따르면 아마존이 인천에 데이터센터를 짓기로 했다."
    assert stances(text) == {"amazon": "considering"}


def test_the_lede_counts_twice_for_the_article_place():
    # the lede puts the opening in Australia; one later sentence each about India
    text = (
        "Google opened a new cloud data center in Sydney, Australia. "
        "The region serves customers across the country. "
        "Google is already building another region in Mumbai. "
        "AWS launched new regions in India last year."
    )
    assert row(text, "google", lang="en")["stance"] == "operating"


def test_an_opening_in_the_lede_outranks_a_later_spending_plan():
    lede = (
        "Microsoft is making its next move with the news today that its Azure cloud "
        "platform is now generally available from two new regions in South Korea."
    )
    body = (
        lede
        + " The Korean expansion comes as Microsoft spends heavily"
        + " to expand its data centers in Korea."
    )
    title = "Microsoft Azure now generally available from two South Korean regions"
    agg = aggregate_stances(score_articles(articles(body, lang="en", title=title)))
    assert agg.filter(pl.col("firm") == "microsoft")["stance"].to_list() == ["operating"]


def test_a_dollar_sign_after_us_names_a_currency_not_a_place():
    text = (
        "IBM runs two data centers in Singapore and began work on a third this month, "
        "bringing its spending there to US$900 million."
    )
    assert row(text, "ibm", lang="en")["location"] == "SG"
