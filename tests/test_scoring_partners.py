"""Partners and precedents: every name of a list before a reporting verb is a subject, a
firm that did it first ("Following X, Y said …", "X에 이어 Y가 …") holds the same act, a
list that ends in 등과 함께 shares the build, a firm leading a data-center project is
committed to it, rivals "with" whom a firm races are no partners, and a build "being
built" is under way, not done."""

from __future__ import annotations

import pytest
from test_scoring_support import row, stances


def test_english_the_last_name_before_a_reporting_verb_closes_the_list():
    text = "Tencent, Apple and Equinix announced three new data centers in Osaka."
    assert stances(text, lang="en") == {n: "committed" for n in ("tencent", "apple", "equinix")}


@pytest.mark.parametrize(
    "text",
    [
        "Following Tencent, Apple said it will open a data center in Osaka.",
        "Like Tencent, Apple said it would open a data center in Osaka.",
    ],
)
def test_english_a_precedent_and_the_speaker_after_it_share_the_act(text):
    assert stances(text, lang="en") == {"tencent": "committed", "apple": "committed"}


def test_english_a_precedent_does_not_take_what_the_speaker_only_denies():
    text = "Following Tencent, Apple said it has no plans for a data center in Osaka."
    assert stances(text, lang="en")["apple"] == "declined"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The campus being built by Equinix in Osaka will open in 2027.", "committed"),
        ("The campus, to be built by Equinix in Osaka, will cost $2 billion.", "committed"),
        ("The campus was built by Equinix in Osaka in 2019.", "operating"),
    ],
)
def test_english_being_built_is_under_way_not_done(text, expected):
    assert stances(text, lang="en") == {"equinix": expected}


def test_korean_a_precedent_with_any_subject_particle_shares_the_act():
    text = "텐센트에 이어 애플이 오사카에 데이터센터를 새로 짓겠다고 밝혔다."
    assert stances(text) == {"tencent": "committed", "apple": "committed"}


def test_korean_a_list_ending_in_deung_with_together_shares_the_build():
    text = "에퀴닉스는 텐센트·애플 등과 함께 오사카에 데이터센터를 짓기로 했다."
    assert stances(text) == {n: "committed" for n in ("equinix", "tencent", "apple")}


@pytest.mark.parametrize(
    "text",
    [
        "오사카에 데이터센터 착공\n"
        "이 캠퍼스는 텐센트와 애플 그룹이 주도하는 2조 원 규모의 AI 인프라 사업의 일부다.",
        "오사카에 데이터센터 착공\n이 캠퍼스는 텐센트와 애플이 함께 짓는 데이터센터 단지의 일부다.",
    ],
)
def test_korean_firms_leading_a_data_center_project_are_committed(text):
    assert stances(text) == {"tencent": "committed", "apple": "committed"}


def test_korean_leading_a_market_is_no_build():
    assert stances("텐센트가 주도하는 클라우드 시장에서 애플은 뒤처져 있다.") == {
        "tencent": "mentioned",
        "apple": "mentioned",
    }


def test_korean_racing_with_rivals_makes_them_no_partners():
    text = "에퀴닉스는 텐센트, 애플 등과 함께 오사카 데이터센터 구축 경쟁에 나서고 있다."
    got = stances(text)
    assert got["tencent"] == got["apple"] == "mentioned"


def test_korean_a_name_before_a_quoted_product_mid_sentence_is_no_holder():
    text = "에퀴닉스는 텐센트 'T9' 서버 2만 대를 사들여 오사카에 데이터센터를 지을 계획이다."
    assert stances(text) == {"equinix": "committed", "tencent": "mentioned"}


def test_korean_a_name_before_a_quote_opening_a_headline_is_its_topic():
    text = "텐센트 '오사카 데이터센터 짓지 않는다'\n회사는 다른 지역을 알아보고 있다."
    assert stances(text)["tencent"] == "declined"


def test_korean_a_joint_venture_for_ai_infrastructure_named_in_quotes_is_a_joint_build():
    # no "데이터센터" anywhere: building AI infrastructure is data-center talk
    text = (
        "텐센트, 일본 투자 확대\n"
        "텐센트는 애플과 함께 AI 인프라 구축을 위한 3조 원 규모를 투자하는 합작사 '오로라'를 "
        "세운다고 밝혔다."
    )
    assert stances(text) == {"tencent": "committed", "apple": "committed"}


def test_korean_a_vehicle_for_something_else_named_in_quotes_is_no_build():
    text = "텐센트 데이터센터 소식\n텐센트는 게임 유통을 위한 합작사 '오로라'를 세운다고 밝혔다."
    assert stances(text) == {"tencent": "mentioned"}


@pytest.mark.parametrize(
    "text",
    [
        "텐센트는 애플이 오사카에 짓는 데이터센터에 서버를 공급한다.",
        "텐센트 CEO는 애플이 지은 오사카 데이터센터를 방문했다.",
    ],
)
def test_korean_the_agent_inside_a_data_centers_modifier_holds_it_not_the_topic(text):
    got = stances(text)
    assert got["tencent"] == "mentioned"
    assert got["apple"] in ("committed", "operating")


def test_english_a_participle_with_its_own_agent_belongs_to_that_agent():
    text = "Tencent's chief executive toured the Osaka data center built by Apple."
    assert stances(text, lang="en") == {"tencent": "mentioned", "apple": "operating"}


def test_english_a_speaker_after_the_subject_starts_its_own_clause():
    text = "Tencent shares rose 3% after Apple announced a data center in Osaka."
    assert stances(text, lang="en")["tencent"] == "mentioned"


@pytest.mark.parametrize(
    "text",
    [
        "Osaka is courting firms such as Tencent and Apple to build data centers.",
        "The governor is wooing companies like Tencent and Apple to open data centers.",
    ],
)
def test_english_firms_a_place_courts_are_its_targets(text):
    assert stances(text, lang="en") == {"tencent": "mentioned", "apple": "mentioned"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Tencent, along with Apple, will build a data center in Osaka.", "en"),
        ("Tencent, together with Apple, will build a data center in Osaka.", "en"),
        ("Tencent and its partner Apple broke ground on the Osaka data center.", "en"),
        ("텐센트는 애플을 파트너로 삼아 오사카에 데이터센터를 짓는다.", "ko"),
    ],
)
def test_co_agents_and_named_partners_share_the_build(text, lang):
    assert stances(text, lang=lang) == {"tencent": "committed", "apple": "committed"}


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("애플은 오사카 데이터센터를 텐센트에 임대한다.", "ko", {"apple": "operating"}),
        ("Tencent leases the Osaka data center from Apple.", "en", {"tencent": "operating"}),
    ],
)
def test_a_lease_of_a_whole_data_center(text, lang, expected):
    got = stances(text, lang=lang)
    assert {f: got[f] for f in expected} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tencent supplies servers for the Osaka data center that Apple is building.",
            {"tencent": "mentioned", "apple": "committed"},
        ),
        (
            "Tencent toured the Osaka data center that Apple opened last year.",
            {"tencent": "mentioned", "apple": "operating"},
        ),
        (
            "Tencent shares rose 3% after Apple announced a data center in Osaka.",
            {"tencent": "mentioned", "apple": "committed"},
        ),
    ],
)
def test_english_a_second_subject_holds_its_own_clause(text, expected):
    assert stances(text, lang="en") == expected


def test_english_a_list_item_after_a_comma_opens_no_clause():
    text = (
        "Tencent, the cloud provider powering giants including Apple, Meta, and Alibaba, "
        "unveiled plans to construct a data center in Osaka."
    )
    got = stances(text, lang="en")
    assert got["apple"] == got["meta"] == got["alibaba"] == "mentioned"


def test_english_the_agent_of_a_decision_holds_it():
    text = (
        "The sale follows the decision by Tencent and partner Apple to abandon plans "
        "for a large data center expansion in Osaka."
    )
    assert stances(text, lang="en") == {"tencent": "declined", "apple": "declined"}


def test_an_owner_acts_through_the_subsidiary_it_owns():
    text = "Blackstone-owned QTS has terminated its data center project in Virginia."
    assert stances(text, lang="en")["blackstone"] == "declined"
    # a backer or an owner named in the object is no actor
    backed = "Macquarie-backed AirTrunk opened a data center in Tokyo."
    assert stances(backed, lang="en")["macquarie"] == "mentioned"
    bought = "The fund bought Blackstone-owned QTS data centers in Virginia last year."
    assert stances(bought, lang="en")["blackstone"] == "mentioned"


def test_a_firm_in_apposition_to_somebody_else_holds_nothing():
    text = "Blue Owl Capital, Oracle's biggest financial partner, halted talks on the data center."
    assert stances(text, lang="en")["oracle"] == "mentioned"
    fronted = "In Seoul, Google's new data center opened on Monday."
    assert stances(fronted, lang="en") == {"google": "operating"}


def test_where_a_firm_is_based_is_not_where_it_builds():
    text = "Equinix, a US-based data center operator, will build a new data center in Seoul."
    assert row(text, "equinix", lang="en")["location"] == "KR"


NOT_THEIRS = [
    "Google's search engine is popular in Korea, where SK Telecom is building a data center.",
    "A startup backed by Nvidia plans a data center in Busan.",
    "Nvidia's chief executive praised Korea's plan to build AI data centers.",
    "Microsoft backed SK's decision to build a data center in Ulsan.",
]


@pytest.mark.parametrize("text", NOT_THEIRS)
def test_a_build_held_by_somebody_else_in_the_sentence_is_not_the_firm_s(text):
    assert set(stances(text, lang="en").values()) == {"mentioned"}


def test_the_firm_s_own_possessive_plan_stays_its_own():
    text = "Google's plan to build a data center in Seoul was approved."
    assert stances(text, lang="en") == {"google": "committed"}
    where = "Microsoft picked Busan, where it will build a data center."
    assert stances(where, lang="en") == {"microsoft": "committed"}


def test_a_partnership_for_something_other_than_a_build_is_no_build():
    text = (
        "Cloud providers such as Alibaba Cloud and Google Cloud have partnered with Equinix "
        "to leverage its global data center platform."
    )
    assert set(stances(text, lang="en").values()) == {"mentioned"}
    joint = "Oracle partnered with SK to build a data center in Seoul."
    assert stances(joint, lang="en") == {"oracle": "committed"}


def test_regarded_as_is_no_consideration():
    text = (
        "Software providers such as Salesforce could also be considered hyperscale users "
        "of data centers."
    )
    assert stances(text, lang="en") == {"salesforce": "mentioned"}
    weighed = "Busan is being considered by Google for a data center."
    assert stances(weighed, lang="en") == {"google": "considering"}


@pytest.mark.parametrize(
    "text",
    [
        # a lead the registry does not know still makes its registered partner a party
        "Kestrel Group has teamed up with IBM to develop a data center in Incheon.",
        "Kestrel partnered with IBM to build a 40-megawatt data center in Incheon.",
        # ... also after an opening phrase
        "Three months after a first venture in Korea, Kestrel has teamed up with IBM again "
        "to develop a data center in Japan.",
        # a descriptor between "with" and the name
        "Kestrel Group has teamed up with US-based operator IBM to develop a data center "
        "in Incheon.",
    ],
)
def test_english_an_unregistered_lead_s_partner_shares_the_build(text):
    assert stances(text, lang="en") == {"ibm": "committed"}


@pytest.mark.parametrize(
    "text",
    [
        "The council partnered with IBM on a new payroll system.",
        "Kestrel competes with cloud giant IBM for data center tenants.",
    ],
)
def test_english_with_a_firm_outside_an_agreement_to_build_is_no_partnership(text):
    assert stances(text, lang="en") == {"ibm": "mentioned"}
