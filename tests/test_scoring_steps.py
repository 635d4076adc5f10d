"""More of the ways news says a firm stepped back, took a formal step, or runs a site:
frozen, wound down, declared dead, delayed indefinitely, 멈췄다, 해지, 좌초, 운영을 종료;
plans filed, permits applied for, a proposal submitted, 허가를 신청; and a data center
"…, which opened last year," or "…, which X opened," as a relative clause."""

from __future__ import annotations

import polars as pl
import pytest
from test_scoring_support import articles, stances

from dagster_project.score import score_articles

EN_RETREATS = [
    "Apple has frozen plans for a data center in Athenry.",
    "Apple is winding down its data center project in Athenry.",
    "Apple's Athenry data center plans are dead, the council said.",
    "Apple delayed its Athenry data center indefinitely.",
]
KO_RETREATS = [
    "애플은 아테네리 데이터센터 공사를 멈췄다.",
    "애플이 아테네리 데이터센터 임대 계약을 해지했다.",
    "애플의 아테네리 데이터센터 건립 계획이 좌초됐다.",
    "애플이 아테네리 데이터센터 운영을 종료한다.",
]


@pytest.mark.parametrize("text", EN_RETREATS)
def test_english_retreats(text):
    assert stances(text, lang="en") == {"apple": "declined"}


@pytest.mark.parametrize("text", KO_RETREATS)
def test_korean_retreats(text):
    assert stances(text) == {"apple": "declined"}


def test_a_frozen_hiring_plan_is_no_retreat_from_a_data_center():
    text = "Apple froze hiring at its design office while its data center in Athenry opened."
    assert stances(text, lang="en")["apple"] != "declined"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Apple has submitted a proposal for a data center in Athenry.", "en"),
        ("Apple filed plans for a data center campus in Athenry.", "en"),
        ("Apple has applied for planning permission to build a data center in Athenry.", "en"),
        ("애플은 아테네리 데이터센터 건축 허가를 신청했다.", "ko"),
        ("애플은 아테네리 데이터센터 건립 신청서를 시에 제출했다.", "ko"),
    ],
)
def test_a_formal_step_toward_a_build_is_a_commitment(text, lang):
    assert stances(text, lang=lang) == {"apple": "committed"}


@pytest.mark.parametrize(
    "text",
    [
        "Apple's new data center in Athenry, which opened earlier this year, employs 50 people.",
        "The data center in Athenry, which Apple opened in 2019, employs 50 people.",
    ],
)
def test_a_relative_clause_telling_a_data_centers_opening(text):
    assert stances(text, lang="en") == {"apple": "operating"}


def test_a_relative_clause_on_something_else_tells_nothing():
    text = "The design studio, which Apple opened in 2019, employs 50 data center engineers."
    assert stances(text, lang="en") == {"apple": "mentioned"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("애플은 지난 2017년 아테네리에 데이터센터를 구축한 바 있다.", "operating"),
        ("애플은 아테네리에 데이터센터 건립을 검토한 바 있다.", "considering"),
    ],
)
def test_korean_ba_itda_tells_a_done_deed(text, expected):
    assert stances(text) == {"apple": expected}


def test_korean_ba_itda_is_background_to_the_news():
    text = (
        "애플, 아테네리 데이터센터 건립 검토\n"
        "애플이 아테네리에 데이터센터를 짓는 방안을 검토하고 있다.\n"
        "애플은 25곳이던 데이터센터를 40곳으로 늘린 바 있다."
    )
    assert stances(text) == {"apple": "considering"}


@pytest.mark.parametrize(
    "text",
    [
        "Apple expects its Athenry data center to be operational by 2027.",
        "Apple's Athenry data center will come online next year.",
    ],
)
def test_english_an_operation_still_ahead_is_a_commitment(text):
    assert stances(text, lang="en") == {"apple": "committed"}


def test_english_a_second_one_points_back_to_the_data_center_before():
    body = "Apple opened a data center in Athenry in 2019. It now plans a second one."
    mentions = score_articles(articles(body, lang="en", title="Apple in Ireland"))
    second = mentions.filter(pl.col("sentence").str.contains("second one"))
    assert second["stance"].to_list() == ["committed"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Apple is looking to build a large data center in Athenry.", "en"),
        ("Apple is hunting for sites to build data centers across Ireland.", "en"),
        ("Report: Apple looking to add a data center in Athenry", "en"),
        ("애플이 아테네리에 데이터센터를 구축할 계획이라고 외신이 소식통을 인용해 보도했다.", "ko"),
    ],
)
def test_a_plan_still_sought_or_credited_to_sources_is_considering(text, lang):
    assert stances(text, lang=lang) == {"apple": "considering"}


def test_a_plan_the_firm_states_stays_a_commitment():
    assert stances("Apple aims to build a data center in Athenry.", lang="en") == {
        "apple": "committed"
    }


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Apple has confirmed the closure of its data centers in Athenry and Cork.", "en"),
        ("Apple announced the shutdown of its Athenry data center.", "en"),
        ("Apple put its Athenry data center site on the market.", "en"),
        ("Apple is selling the land it bought for an Athenry data center.", "en"),
        ("애플이 아테네리 데이터센터 폐쇄를 확정했다.", "ko"),
        ("애플이 아테네리 데이터센터 철수를 결정했다.", "ko"),
        ("애플은 아테네리 데이터센터 부지를 매물로 내놨다.", "ko"),
        ("애플이 아테네리 데이터센터 부지를 매각했다.", "ko"),
    ],
)
def test_a_decision_whose_object_is_a_retreat_is_a_retreat(text, lang):
    assert stances(text, lang=lang) == {"apple": "declined"}


def test_a_sale_of_other_assets_is_no_retreat_from_data_centers():
    text = "애플은 데이터센터 투자 자금을 마련하기 위한 자산 매각에 나서기도 했다."
    assert stances(text)["apple"] != "declined"
