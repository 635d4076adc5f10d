"""Lists of firms share what their last name holds (a facility, a subject, the agent of a
passive, the other side of a deal), a build said to have happened "이미" (already) runs
now, and a list that is only the subject of a condition ("…할 경우") holds nothing."""

from __future__ import annotations

import pytest
from test_scoring_support import stances


@pytest.mark.parametrize(
    "text",
    [
        # a facility owned by a list: "X, Y 등의 데이터센터", "X와 Y의 데이터센터"
        "대전에는 오라클, 아마존웹서비스(AWS) 등의 데이터센터가 여럿 들어서 있다.",
        "대전에는 이미 오라클과 아마존의 데이터센터가 가동 중이다.",
    ],
)
def test_korean_a_list_shares_its_facility(text):
    assert stances(text) == {"oracle": "operating", "amazon": "operating"}


def test_korean_a_list_before_a_group_subject_shares_its_act():
    text = "오라클, 애플 등 외국 기업들이 광주 데이터센터 계획을 접었다."
    assert stances(text) == {"oracle": "declined", "apple": "declined"}


@pytest.mark.parametrize(
    "text",
    [
        "세종시는 오라클, 애플 등 외국 기업들이 데이터센터를 지을 경우 세금을 깎아 준다.",
        "세종시는 애플이 데이터센터를 지을 경우 부지를 내주겠다고 했다.",
    ],
)
def test_korean_a_condition_voiced_by_another_holds_nothing(text):
    assert set(stances(text).values()) == {"mentioned"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "이미" (already) with a build or an entry: it runs now
        ("대구에는 이미 IBM의 데이터센터가 여럿 진출해 시장이 커졌다.", "operating"),
        ("이미 IBM 등이 춘천에 데이터센터 두 곳을 구축하고 있다.", "operating"),
        # a decision or a stop stays what it is
        ("IBM은 이미 춘천에 데이터센터를 짓기로 했다.", "committed"),
        ("IBM은 이미 춘천 데이터센터 공사를 중단했다.", "declined"),
    ],
)
def test_korean_already_built_runs_now(text, expected):
    assert stances(text) == {"ibm": expected}


@pytest.mark.parametrize(
    ("text", "firms", "expected"),
    [
        # the agents of a passive, listed
        (
            "The Daejeon data center will be built by Oracle and Apple.",
            {"oracle", "apple"},
            "committed",
        ),
        (
            "Daejeon already hosts data centers run by Oracle, IBM and Apple.",
            {"oracle", "ibm", "apple"},
            "operating",
        ),
        # the other side of a deal, listed
        (
            "KT signed a deal with Oracle, IBM and Apple to build a data center in Daejeon.",
            {"oracle", "ibm", "apple"},
            "committed",
        ),
        # a ticker or a spelling in brackets does not break a list of subjects
        (
            "Oracle (ORCL) and IBM (IBM) already operate data centers in Daejeon.",
            {"oracle", "ibm"},
            "operating",
        ),
    ],
)
def test_english_list_items_share_their_role(text, firms, expected):
    assert stances(text, lang="en") == dict.fromkeys(firms, expected)


def test_english_a_contrast_before_a_list_is_still_a_contrast():
    text = "Unlike Oracle (ORCL), IBM runs a data center in Daejeon."
    assert stances(text, lang="en") == {"oracle": "mentioned", "ibm": "operating"}
