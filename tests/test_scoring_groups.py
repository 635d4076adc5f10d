"""Firms named as examples of a group, and lists that share one predicate: "Tech giants
such as Google and Microsoft run …", "…, including Nvidia, GDS and AirTrunk", "아마존과
MS 등 클라우드 업체들은 …", "구글과 MS와 같은 기업들은 …"."""

from __future__ import annotations

import pytest
from test_scoring_support import stances


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Cloud giants such as Oracle and Microsoft already run data centers in Busan.",
            {"oracle": "operating", "microsoft": "operating"},
        ),
        (
            "Hyperscalers like Meta have started building data centers near Osaka.",
            {"meta": "committed"},
        ),
        (
            "A dozen operators have opened data centers in Batam, including Equinix, "
            "BDx and Princeton Digital Group.",
            {"equinix": "operating", "pdg": "operating"},
        ),
        (
            "Big tech firms, including Alphabet and Amazon, are all currently building "
            "data centers around Phoenix.",
            {"google": "committed", "amazon": "committed"},
        ),
    ],
)
def test_english_examples_of_a_group_hold_its_predicate(text, expected):
    assert stances(text, lang="en") == expected


@pytest.mark.parametrize(
    "text",
    [
        # the group is somebody's customer base or rival set, not the subject
        "Google sells cloud capacity to companies such as Oracle, whose data centers are full.",
        "The region hosts data centers from many companies, including Microsoft.",
    ],
)
def test_english_examples_outside_the_subject_hold_nothing(text):
    out = stances(text, lang="en")
    assert "committed" not in out.values() and "operating" not in out.values(), out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "오라클과 엔비디아 등 해외 빅테크 업체들은 이미 수도권에서 데이터센터를 운영하고 있다.",
            {"oracle": "operating", "nvidia": "operating"},
        ),
        (
            "메타와 아마존과 같은 글로벌 기업들은 일본에 데이터센터를 짓기로 했다.",
            {"meta": "committed", "amazon": "committed"},
        ),
        ("에퀴닉스 같은 사업자는 도쿄에서 데이터센터를 운영한다.", {"equinix": "operating"}),
    ],
)
def test_korean_examples_of_a_group_hold_its_predicate(text, expected):
    assert stances(text) == expected


def test_korean_examples_the_subject_talks_to_hold_nothing():
    out = stances("KT는 오라클과 엔비디아 등 해외 기업들과 데이터센터 건설을 논의하고 있다.")
    assert set(out.values()) <= {"mentioned", "considering"}, out


def test_english_last_list_item_without_a_verb_stays_in_the_list():
    text = "Amazon, Microsoft, and Oracle have all opened cloud regions in Seoul."
    assert stances(text, lang="en") == {
        "amazon": "operating",
        "microsoft": "operating",
        "oracle": "operating",
    }


def test_english_followed_suit_is_still_its_own_clause():
    text = "Oracle set up its data center in Korea in 2019 and IBM followed suit a year later."
    assert stances(text, lang="en") == {"oracle": "operating", "ibm": "operating"}


def test_korean_also_marks_the_subject_of_an_elided_object():
    # the second clause drops its object (the plan) and marks its subject with 역시
    text = "IBM은 국내 데이터센터 설립 계획을 접었고 오라클 역시 무기한 미뤘다."
    assert stances(text) == {"ibm": "declined", "oracle": "declined"}


def test_korean_cloud_center_is_a_data_center():
    assert stances("오라클은 춘천에 클라우드 센터를 짓기로 했다.") == {"oracle": "committed"}


def test_korean_foreign_firms_are_no_overseas_scope():
    # 해외 업체: foreign firms; 해외 데이터센터: facilities abroad (no stance here)
    assert stances("해외 업체인 에퀴닉스는 서울에서 데이터센터를 운영하고 있다.") == {
        "equinix": "operating"
    }
    assert stances("에퀴닉스는 해외 데이터센터 수십 곳을 운영하고 있다.") == {
        "equinix": "mentioned"
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In Japan Oracle still trails IBM, which opened a Tokyo cloud region in 2019.",
            {"oracle": "mentioned", "ibm": "operating"},
        ),
        (
            "Alibaba, which has ruled out a Korean data center, declined to comment.",
            {"alibaba": "declined"},
        ),
        (
            "Regulators met Tencent, which plans to build a data center near Busan, on Monday.",
            {"tencent": "committed"},
        ),
    ],
)
def test_english_relative_clause_on_a_firm_is_its_predicate(text, expected):
    assert stances(text, lang="en") == expected


def test_english_masked_relative_clause_is_no_facility():
    text = "Analysts compared Apple, which has no data center in Korea, with its rivals."
    assert stances(text, lang="en") == {"apple": "mentioned"}


def test_korean_amount_list_headline_gives_each_firm_the_predicate():
    # a subhead listing firms with amounts and one noun predicate (예정)
    text = "일본 데이터센터에 IBM 2조·에퀴닉스 5조원 투자 예정"
    assert stances(text) == {"ibm": "committed", "equinix": "committed"}


def test_korean_amount_list_without_a_data_center_holds_nothing():
    assert stances("IBM 2조·에퀴닉스 5조원 매출 예상") == {
        "ibm": "mentioned",
        "equinix": "mentioned",
    }


def test_korean_stacked_particles_and_spaced_brand_names_are_found():
    out = stances("엔비디아 GPU는 챗 GPT 같은 모델을 돌리는 구글과 아마존까지도 찾는다.")
    assert out == {
        "nvidia": "mentioned",
        "openai": "mentioned",
        "google": "mentioned",
        "amazon": "mentioned",
    }


def test_english_short_form_in_brackets_stays_in_the_list():
    text = "Equinix, Digital Realty Trust (DLR), and Oracle already have data centers in Milan."
    assert stances(text, lang="en") == {
        "equinix": "operating",
        "digitalrealty": "operating",
        "oracle": "operating",
    }


def test_english_from_x_to_y_names_examples_of_the_subject_group():
    text = "From Oracle to IBM, global cloud firms are setting up data centres in Johor."
    assert stances(text, lang="en") == {"oracle": "committed", "ibm": "committed"}


def test_korean_no_plan_put_forward_is_a_refusal():
    assert stances("애플은 국내에 데이터센터를 세울 계획을 내놓지 않고 있다.") == {
        "apple": "declined"
    }


def test_english_examples_of_a_worldwide_trend_hold_nothing():
    text = "Cloud giants such as Oracle and IBM are building data centers across the world."
    assert stances(text, lang="en") == {"oracle": "mentioned", "ibm": "mentioned"}
