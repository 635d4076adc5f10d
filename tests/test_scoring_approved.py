"""An authority's approval of a firm's data center is the firm's build going ahead:
"the county approved Amazon's campus", "regulators granted Google a permit", "건축
허가를 받았다", "허가가 났다", "건설할 수 있게 됐다". A pending or conditional approval
is none."""

from __future__ import annotations

import pytest
from test_scoring_support import stances

APPROVED = [
    ("en", "The county approved Amazon's data center campus on Tuesday."),
    ("en", "Regulators granted Google a permit for its data center in Mesa."),
    ("en", "Meta's data center plan was approved by the council."),
    ("ko", "구글은 데이터센터 건축 허가를 받았다."),
    ("ko", "오라클은 데이터센터 인허가를 획득했다."),
    ("ko", "메타의 데이터센터는 허가가 났다."),
    ("ko", "이번 승인으로 마이크로소프트는 데이터센터 15곳을 건설할 수 있게 되었다."),
]


@pytest.mark.parametrize(("lang", "text"), APPROVED)
def test_an_approval_is_the_firm_s_build_going_ahead(lang, text):
    assert set(stances(text, lang=lang).values()) == {"committed"}


def test_an_approval_of_something_near_the_firm_is_not_its_own():
    text = "The council approved a data center next to the Microsoft office."
    assert stances(text, lang="en") == {"microsoft": "mentioned"}


def test_an_approval_still_to_come_is_a_condition():
    text = "If approved by regulators, Equinix would build a data center in Busan."
    assert stances(text, lang="en") == {"equinix": "considering"}
    assert stances("구글은 데이터센터를 지을 수 있다.") == {"google": "considering"}


def test_a_build_in_full_swing_and_land_bought_for_one_are_commitments():
    swing = "마이크로소프트의 부산 데이터센터 공사가 한창이다."
    assert stances(swing) == {"microsoft": "committed"}
    bought = "디지털리얼티는 서울에 데이터센터를 개발하기 위해 부지를 사들였다."
    assert stances(bought) == {"digitalrealty": "committed"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the firm's own wish to build is a plan it weighs
        ("IBM wants to build a $2 billion data center in Daejeon.", {"ibm": "considering"}),
        ("IBM hopes to open a data center in Daejeon next year.", {"ibm": "considering"}),
        # a wish that names whom it asks is a demand: the firm asked holds nothing
        ("Daejeon wants IBM to build a data center there.", {"ibm": "mentioned"}),
    ],
)
def test_a_firms_own_wish_to_build_is_not_a_demand(text, expected):
    assert stances(text, lang="en") == expected


@pytest.mark.parametrize(
    "text",
    [
        # an authority approves the firm's data center: the firm holds the approval
        "인천시가 IBM의 데이터센터 건립을 승인했다.",
        "구청은 IBM 데이터센터 건축을 허가했다.",
    ],
)
def test_korean_an_authoritys_approval_of_the_firms_data_center(text):
    assert stances(text) == {"ibm": "committed"}
