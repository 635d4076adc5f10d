"""Korean reported speech and resultative states: a completed act that is reported
("착공한 것으로 전해졌다") is a fact, a plan that is reported ("짓기로 한 것으로 알려졌다")
is a consideration, and "-어 있다" after an entry ("진출해 있다") is a facility in place."""

from __future__ import annotations

import pytest
from test_scoring_support import stances


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IBM은 부산에 데이터센터를 착공한 것으로 전해졌다.", "committed"),
        ("IBM은 부산 데이터센터 부지를 사들이고 공사에 착수한 것으로 알려졌다.", "committed"),
        ("IBM은 부산에 데이터센터를 짓기로 한 것으로 알려졌다.", "considering"),
        ("IBM이 부산에 데이터센터 건립을 추진하는 것으로 알려졌다.", "considering"),
    ],
)
def test_reported_acts_and_reported_plans(text, expected):
    assert stances(text) == {"ibm": expected}


def test_resultative_state_is_a_facility_in_place():
    text = "도쿄에는 이미 오라클과 에퀴닉스 같은 기업의 데이터센터가 들어서 있다."
    assert stances(text) == {"oracle": "operating", "equinix": "operating"}


def test_entry_in_the_past_with_a_data_center_runs_now():
    assert stances("텐센트는 2020년 국내에 데이터센터를 두고 한국 시장에 진출했다.") == {
        "tencent": "operating"
    }


@pytest.mark.parametrize(
    "text",
    [
        # the firm is the subject of a modifier: the sentence's subject is the review
        "애플이 신청한 정밀 지도 반출 심사가 또 연기됐다.",
        # the firm is the subject of a condition; the decision is the ministry's
        '과기정통부는 "애플이 서류를 보완해 내면 최종 결정할 계획"이라고 말했다.',
    ],
)
def test_korean_firm_as_subject_of_a_modifier_or_condition_holds_nothing(text):
    assert stances(text) == {"apple": "mentioned"}


def test_korean_firm_subject_of_its_facility_modifier_still_holds_it():
    assert stances("애플이 짓는 데이터센터 공사가 중단됐다.") == {"apple": "declined"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("국회 의원은 IBM이 내년 부산에 데이터센터를 열 것이라고 말했다.", "ko"),
        ("외신은 IBM이 내년 부산에 데이터센터를 열 것이라고 보도했다.", "ko"),
        ("A lawmaker said IBM would open a data center in Busan next year.", "en"),
        ("Analysts said IBM would open a data center in Busan next year.", "en"),
    ],
)
def test_a_third_partys_word_about_a_firms_plan_is_hearsay(text, lang):
    assert stances(text, lang=lang) == {"ibm": "considering"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # a government announces the investment a firm agreed with it: the news itself
        ("국토부 장관은 IBM이 내년 부산에 데이터센터를 열 것이라고 밝혔다.", "ko"),
        ("정부는 IBM이 2030년까지 부산 데이터센터에 5조원을 투자한다고 발표했다.", "ko"),
        ("The minister said IBM would open a data center in Busan next year.", "en"),
        (
            "IBM will invest $5 billion to build data centers in Busan, the government said "
            "after the president met its chief executive.",
            "en",
        ),
    ],
)
def test_a_governments_announcement_of_a_firms_investment_is_the_news(text, lang):
    assert stances(text, lang=lang) == {"ibm": "committed"}


def test_an_officials_word_does_not_soften_the_firms_own_refusal():
    assert stances("정부는 IBM이 데이터센터를 짓지 않겠다고 통보했다고 밝혔다.") == {
        "ibm": "declined"
    }


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # the press passes on what the firm itself said: the firm's word, not a rumour
        (
            "일본 언론에 따르면 IBM은 오사카에 데이터센터를 새로 짓는다고 3일 밝혔다.",
            "ko",
            "committed",
        ),
        (
            "통신사 보도에 따르면 IBM은 부산에 데이터센터를 세울 계획이라고 밝혔다.",
            "ko",
            "committed",
        ),
        (
            "IBM said it will build a data center in Busan next year, Yonhap reported.",
            "en",
            "committed",
        ),
        (
            "IBM said it would open a data center in Busan, according to media reports.",
            "en",
            "committed",
        ),
        # ... but a plan credited to the press alone stays hearsay
        ("일본 언론에 따르면 IBM은 오사카에 데이터센터를 새로 지을 계획이다.", "ko", "considering"),
        ("IBM will build a data center in Busan next year, Yonhap reported.", "en", "considering"),
        (
            "IBM is planning a data center in Busan, people familiar with the matter said.",
            "en",
            "considering",
        ),
    ],
)
def test_a_firms_own_statement_passed_on_by_the_press_is_its_word(text, lang, expected):
    assert stances(text, lang=lang) == {"ibm": expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "in May" is a month, not the modal
        ("IBM said in May it would build its first data center in the country.", "committed"),
        ("IBM may build its first data center in the country.", "considering"),
    ],
)
def test_the_month_may_is_no_possibility(text, expected):
    assert stances(text, lang="en") == {"ibm": expected}


@pytest.mark.parametrize(
    "text",
    [
        # a plan still being drawn up or studied is no announced plan
        "IBM은 데이터센터 투자를 계획 중이다.",
        "IBM은 부산에 데이터센터를 투자할 계획을 연구하고 있다.",
    ],
)
def test_korean_a_plan_in_the_making_is_considering(text):
    assert stances(text) == {"ibm": "considering"}


def test_korean_an_announced_plan_stays_committed():
    assert stances("IBM은 부산에 데이터센터를 지을 계획이다.") == {"ibm": "committed"}
