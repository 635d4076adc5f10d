"""What a Korean cue is about and when it happened: the head of a compound object decides
("…시장 공략에 나섰다" is a push into a market), a clause joined by -고 takes the tense of the
sentence's last predicate, the passive of a build with the firm as subject is the firm's
own founding, and a name glued to a noun ("SK에코플랜트") is an affiliate that holds the
sentence."""

from __future__ import annotations

import pytest
from test_scoring_support import stances


@pytest.mark.parametrize(
    "text",
    [
        "애플은 데이터센터 임대와 함께 클라우드 서비스 시장 공략에 나섰다고 밝혔다.",
        "애플은 데이터센터 사업과 별개로 클라우드 서비스 가격 인하에 나섰다.",
    ],
)
def test_korean_a_compound_object_is_read_by_its_head(text):
    assert stances(text) == {"apple": "mentioned"}


def test_korean_a_compound_object_with_a_data_center_head_still_counts():
    assert stances("오라클은 춘천 클라우드 데이터센터 구축에 나섰다.") == {"oracle": "committed"}


def test_korean_a_purpose_clause_still_names_the_object():
    text = "오라클은 데이터센터를 짓기 위한 합작법인 설립에 나섰다."
    assert stances(text) == {"oracle": "committed"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # opened, then went after the market: the opening is done
        ("텐센트는 지난주 도쿄에 데이터센터를 열고 일본 고객 확보에 나섰다.", "operating"),
        # opens and will go after the market: still ahead
        ("텐센트는 내년 도쿄에 데이터센터를 열고 일본 고객 확보에 나설 계획이다.", "committed"),
        # the progressive 짓고 있다 is no join
        ("텐센트는 도쿄에 데이터센터를 짓고 있었다.", "committed"),
    ],
)
def test_korean_a_clause_joined_by_go_takes_the_last_tense(text, expected):
    assert stances(text) == {"tencent": expected}


def test_korean_the_firm_founded_is_no_data_center():
    text = "에퀴닉스는 데이터센터 기업이다.\n아시아 시장을 겨냥해 지난 1998년 미국에서 설립됐다."
    assert stances(text) == {"equinix": "mentioned"}


def test_korean_a_data_center_founded_still_runs():
    text = "에퀴닉스의 도쿄 데이터센터는 2010년 설립됐다."
    assert stances(text) == {"equinix": "operating"}


@pytest.mark.parametrize(
    "text",
    [
        "SK에코플랜트는 디지털엣지와 인천 데이터센터를 함께 짓는 협약을 체결했다.",
        "SK에코플랜트는 디지털엣지와 인천 데이터센터 공동 개발을 위한 협약을 체결했다고 밝혔다.",
    ],
)
def test_korean_an_affiliate_name_holds_the_agreement_with_its_partner(text):
    assert stances(text) == {"digitaledge": "committed"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a region opened for service (개통), said by the firm: it runs
        ("애플은 지난주 도쿄 리전이 개통됐다고 발표했다.", "operating"),
        ("애플은 내년 도쿄 리전을 개통할 계획이다.", "committed"),
        # the opening of a rail line is no data center
        ("애플은 도쿄 전철 노선 개통에 맞춰 데이터센터 홍보에 힘을 쏟았다.", "mentioned"),
    ],
)
def test_korean_a_region_put_into_service(text, expected):
    assert stances(text) == {"apple": expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apple created a new cloud region in Osaka last spring.", "operating"),
        ("Apple will create a new cloud region in Osaka next year.", "committed"),
        # jobs created are no facility
        ("The Osaka data center will create 300 jobs, Apple said.", "mentioned"),
    ],
)
def test_english_a_region_created(text, expected):
    assert stances(text, lang="en") == {"apple": expected}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("애플은 오사카 데이터센터 착공을 늦췄다.", "ko"),
        ("애플은 오사카 데이터센터 공사를 일시 정지했다.", "ko"),
        ("애플은 오사카시의 데이터센터 유치 제안을 외면했다.", "ko"),
        ("애플은 오사카 데이터센터 계획에서 물러났다.", "ko"),
        ("Apple stepped away from its plan for an Osaka data center.", "en"),
        ("Apple is walking back its promise of an Osaka data center.", "en"),
        ("Apple will slow the pace of work on its Osaka data center.", "en"),
    ],
)
def test_retreats_are_refusals(text, lang):
    assert stances(text, lang=lang) == {"apple": "declined"}


def test_korean_a_chief_stepping_down_is_no_retreat():
    text = "애플 데이터센터 담당 부사장은 지난달 회사에서 물러났다."
    assert stances(text) == {"apple": "mentioned"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Nagoya campus, which Apple opened in 2022, hosts its map servers.", "operating"),
        ("The Nagoya campus, which Apple is building, will host its map servers.", "committed"),
        ("Apple finished building its Nagoya data center in June.", "operating"),
        ("Apple formally inaugurated its Nagoya data center on Friday.", "operating"),
        ("Apple will inaugurate its Nagoya data center next spring.", "committed"),
        ("Apple unveiled its first data center in Japan on Friday.", "operating"),
        ("Apple unveiled plans for a data center in Japan on Friday.", "committed"),
        ("Apple entered Japan with a Nagoya data center in 2019.", "operating"),
    ],
)
def test_english_openings_and_completed_builds(text, expected):
    assert stances(text, lang="en") == {"apple": expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the firm's act told in the modifier of the data center that is the subject
        ("애플이 세운 부산 데이터센터는 지도 서비스를 맡는다.", "operating"),
        ("애플이 짓는 부산 데이터센터는 지도 서비스를 맡게 된다.", "committed"),
        ("애플이 요구한 지도 반출 심의가 미뤄졌다.", "mentioned"),
        # finished builds and begun operations
        ("애플은 지난해 부산에 데이터센터를 마련했다.", "operating"),
        ("애플은 부산 데이터센터 대책을 마련했다.", "mentioned"),
        ("애플은 부산 데이터센터 준공을 마쳤다.", "operating"),
        ("애플은 부산 데이터센터의 본격 가동에 돌입했다.", "operating"),
        ("애플, 부산 데이터센터 상업 운영 돌입", "operating"),
        ("애플, 부산 데이터센터 공사 돌입", "committed"),
        ("애플은 부산 데이터센터를 무사히 완공하게 돼 기쁘다고 밝혔다.", "operating"),
        ("애플은 내년 부산 데이터센터를 완공하게 될 것이라고 밝혔다.", "committed"),
    ],
)
def test_korean_builds_finished_and_told_as_modifiers(text, expected):
    assert stances(text) == {"apple": expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("애플은 부산 데이터센터 건립에 1조원을 쏟는다.", "committed"),
        ("애플은 SK와 함께 부산 데이터센터를 공동 개발한다.", "committed"),
        ("애플은 부산 데이터센터 사업에 참여하기로 했다.", "committed"),
        ("애플은 부산 데이터센터 사업에 참여하지 않기로 했다.", "declined"),
        ("애플은 부산 데이터센터 조성에 본격 나선다.", "committed"),
        ("애플이 부산 데이터센터에 2조원을 베팅했다.", "committed"),
        # a purpose clause makes a vehicle a data-center move, not any object
        ("애플은 부산에 데이터센터를 짓기 위한 합작법인 설립에 나섰다.", "committed"),
        ("애플은 데이터센터 냉각을 위한 소프트웨어를 개발했다.", "mentioned"),
        # a build under way told by the press is a fact, a plan told by it is hearsay
        ("블룸버그에 따르면 애플은 부산에 데이터센터를 짓고 있다.", "committed"),
        ("블룸버그에 따르면 애플은 부산에 데이터센터를 지을 계획이다.", "considering"),
    ],
)
def test_korean_commitments_in_other_words(text, expected):
    assert stances(text) == {"apple": expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apple is pouring $3 billion into data centers in Japan.", "committed"),
        ("Apple is among the partners building the Osaka data center.", "committed"),
        ("Apple is bringing a cloud region to Japan next year.", "committed"),
        ("Apple brought its cloud region to Japan in 2021.", "operating"),
        ("Apple brought the data center question to the ministry.", "mentioned"),
    ],
)
def test_english_commitments_in_other_words(text, expected):
    assert stances(text, lang="en") == {"apple": expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apple terminated leases for two data centers in Osaka.", "declined"),
        ("Apple let its options on data center land in Osaka lapse.", "declined"),
        ("Apple has quietly dropped its Osaka data center.", "declined"),
        ("Apple canned its data center plans for Osaka.", "declined"),
        # an intransitive "terminate" is no refusal
        ("Apple said the data center cables terminate in Osaka.", "mentioned"),
    ],
)
def test_english_refusals_in_other_words(text, expected):
    assert stances(text, lang="en") == {"apple": expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("애플 역시 부산에 데이터센터를 짓는 중이다.", "committed"),
        ("애플은 부산 데이터센터 건설을 진행하고 있다.", "committed"),
        ("애플은 부산에 데이터센터 건설이 막바지 단계에 있다고 전했다.", "committed"),
        ("애플은 부산에 1조원 규모 AI 데이터센터 '한빛'을 발표했다.", "committed"),
        ("애플은 데이터센터 실적을 발표했다.", "mentioned"),
        # a research center is no data center
        ("애플은 부산에 AI 연구센터를 열었다.", "mentioned"),
    ],
)
def test_korean_builds_under_way_and_announced(text, expected):
    assert stances(text) == {"apple": expected}


def test_english_a_backer_named_before_the_firm_holds_nothing():
    text = "Macquarie-backed AirTrunk this week opened its first data centre in Tokyo."
    assert stances(text, lang="en") == {"airtrunk": "operating", "macquarie": "mentioned"}


def test_english_a_canned_statement_is_no_refusal():
    text = '"The new regions serve our customers," Apple wrote in a canned blog post.'
    assert stances(text, lang="en") == {"apple": "operating"}


@pytest.mark.parametrize(
    ("text", "firm", "expected"),
    [
        # the firm's name inside the subject's data-center term holds its predicate
        ("The new AWS region in Osaka launched today.", "amazon", "operating"),
        ("The new Azure regions in Japan went live on Tuesday.", "microsoft", "operating"),
        (
            "Microsoft's two new regions in Japan are now open to customers.",
            "microsoft",
            "operating",
        ),
        ("Microsoft is open to building a data center in Japan.", "microsoft", "considering"),
        ("The Microsoft data center opened in March.", "microsoft", "operating"),
        # named as somebody else's object, the term gives the firm nothing
        ("Apple said it would not use Azure regions in Japan.", "microsoft", "mentioned"),
    ],
)
def test_english_a_facility_as_subject_speaks_for_its_firm(text, firm, expected):
    assert stances(text, lang="en")[firm] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apple said it will not be able to move forward with the data center.", "declined"),
        ("Apple was unable to build the data center in Osaka.", "declined"),
        ("Apple will be able to open the data center this year.", "committed"),
    ],
)
def test_english_not_able_to_is_a_negation(text, expected):
    assert stances(text, lang="en") == {"apple": expected}


@pytest.mark.parametrize(
    "text",
    [
        "AirTrunk opened its AI-ready data center in Malaysia in July 2024.",
        "AirTrunk opened its state-of-the-art data center in Malaysia.",
        "AirTrunk's new Johor data center opened its doors last month.",
    ],
)
def test_english_hyphenated_modifiers_stay_inside_the_object(text):
    assert stances(text, lang="en") == {"airtrunk": "operating"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a content noun right after its clause: the clause is the object
        ("페이스북도 새만금에 데이터센터를 만드는 일을 검토 중이다.", "considering"),
        # 모든 between the clause and 일: the firm's work in general, no data center
        ("메타는 데이터센터가 메타가 하는 모든 일을 가능하게 한다고 밝혔다.", "mentioned"),
    ],
)
def test_korean_a_content_noun_is_read_through_its_clause(text, expected):
    assert stances(text) == {"meta": expected}


def test_korean_never_decided_is_no_decision():
    text = "마이크로소프트는 한국에 데이터센터를 건립하겠다고 결정한 바도 없다고 밝혔다."
    assert stances(text) == {"microsoft": "considering"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("구글은 한국 데이터센터 계획을 발표하지 않았다.", "declined"),
        ("구글은 한국 데이터센터 건립을 아직 확정하지 않았다.", "considering"),
    ],
)
def test_korean_a_plan_not_yet_official_is_no_refusal(text, expected):
    assert stances(text) == {"google": expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # together only inside the clause describing the subject
        (
            "알파벳과 함께 시가 총액 1위를 다투고 있는 애플이 네바다에 데이터센터를 건립한다.",
            {"apple": "committed", "google": "mentioned"},
        ),
        # together with the subject itself
        ("SK그룹이 AWS와 함께 울산 데이터센터 건립을 확정했다.", {"amazon": "committed"}),
    ],
)
def test_korean_together_inside_a_modifier_is_no_partnership(text, expected):
    assert stances(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Oracle has an existing cloud region in Jeddah that opened in 2020.",
        "Oracle already has its own data center in Seoul.",
        "The site lies south of Oracle's new data center which opened earlier this year.",
    ],
)
def test_english_an_existing_or_opened_facility_runs(text):
    assert stances(text, lang="en") == {"oracle": "operating"}


@pytest.mark.parametrize(
    ("text", "firm", "expected"),
    [
        # the topic belongs to the main clause: the modifier describes the object firm
        (
            "블랙스톤은 지난해 아시아에서 데이터센터를 운영하는 에어트렁크를 인수했다.",
            "airtrunk",
            "operating",
        ),
        # a subject inside the modifier: somebody else's act
        ("정부가 데이터센터 건립을 요구한 구글은 답하지 않았다.", "google", "mentioned"),
    ],
)
def test_korean_a_modifier_after_the_topic_describes_the_named_firm(text, firm, expected):
    assert stances(text)[firm] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "CEDAR RAPIDS — Google has approached Linn County officials about a proposed "
            "data center project near Palo.",
            "considering",
        ),
        (
            "SEOUL, March 3 (Reuters) - Google said it has no plans to build a data center "
            "in South Korea.",
            "declined",
        ),
    ],
)
def test_english_a_dateline_before_the_lede_is_no_subject(text, expected):
    assert stances(text, lang="en") == {"google": expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the rumour came first; the sentence confirms the build
        ("As rumored earlier, Meta will begin construction of a data center in Iowa.", "committed"),
        ("Meta is rumored to be planning a data center in Iowa.", "considering"),
    ],
)
def test_english_as_rumored_earlier_is_a_confirmation(text, expected):
    assert stances(text, lang="en") == {"meta": expected}


def test_korean_news_that_has_it_is_a_report():
    text = "구글이 내년 한국에 데이터센터를 설립하기 위한 준비에 착수했다는 소식이 전해졌다."
    assert stances(text) == {"google": "considering"}


@pytest.mark.parametrize(
    "text",
    [
        "구글이 데이터센터를 직접 구축하거나 임대하여 사용하는 경우 세금을 내야 한다.",
        "구글이 데이터센터를 구축할 경우 세금을 내야 한다.",
    ],
)
def test_korean_a_condition_at_the_end_of_a_chain_covers_it(text):
    assert stances(text) == {"google": "mentioned"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("블랙스톤은 데이터센터 합작사에 7억 달러를 출자한다.", {"blackstone": "committed"}),
        ("블랙스톤은 데이터센터 건설 자금을 조달한다.", {"blackstone": "committed"}),
        # buying parts is a sale, no money into the build
        ("KT는 엔비디아로부터 데이터센터용 GPU를 조달한다.", {"nvidia": "mentioned"}),
    ],
)
def test_korean_capital_into_the_build_is_a_commitment(text, expected):
    assert stances(text) == expected


@pytest.mark.parametrize(
    ("text", "firm", "expected"),
    [
        ("AWS opened its Asia Pacific (Seoul) Region in 2016.", "amazon", "operating"),
        ("The new AWS Seoul Region is now open to customers.", "amazon", "operating"),
        (
            "Microsoft's two new Azure regions in Korea are now generally available.",
            "microsoft",
            "operating",
        ),
        (
            "The Azure regions in Korea will become generally available next year.",
            "microsoft",
            "committed",
        ),
    ],
)
def test_english_cloud_regions_by_their_provider_names(text, firm, expected):
    assert stances(text, lang="en") == {firm: expected}


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Microsoft signed a memorandum of understanding to explore a data center in Busan.",
            "en",
            "considering",
        ),
        ("Microsoft signed agreements to build data centers in Busan.", "en", "committed"),
        ("MS는 부산시와 데이터센터 건립 검토를 위한 업무협약을 맺었다.", "ko", "considering"),
        ("MS는 부산시와 데이터센터 건립을 위한 업무협약을 체결했다.", "ko", "committed"),
    ],
)
def test_an_agreement_only_to_look_into_it_is_considering(text, lang, expected):
    assert stances(text, lang=lang) == {"microsoft": expected}


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # somebody else's forecast about the firm: no stance of its own
        ("Analysts expect Google to build a data center in Korea eventually.", "en", "mentioned"),
        ("Google expects to open its data center in Korea next year.", "en", "committed"),
        ("업계는 구글이 결국 한국에 데이터센터를 지을 것으로 본다.", "ko", "mentioned"),
        # the report's own hedge stays a report
        ("구글은 한국에 데이터센터를 지을 것으로 전망된다.", "ko", "considering"),
        # "if it wants to …": a condition voiced by others
        ("구글이 지도 서비스를 하려면 데이터센터를 세워야 한다.", "ko", "mentioned"),
    ],
)
def test_a_forecast_or_condition_by_others_is_no_stance(text, lang, expected):
    assert stances(text, lang=lang) == {"google": expected}


@pytest.mark.parametrize(
    ("text", "firm", "expected"),
    [
        ("오픈AI의 한국 데이터센터 계획이 공개됐다.", "openai", "committed"),
        ("구글 데이터센터 건설이 3월 시작됐다.", "google", "committed"),
        ("AWS가 지난해 발표한 인천 데이터센터는 공사 중이다.", "amazon", "committed"),
        ("업계에 따르면 블랙스톤은 피닉스에 데이터센터를 건설 중이다.", "blackstone", "committed"),
        ("구글은 한국 데이터센터 설립을 검토 대상에서 제외했다.", "google", "declined"),
    ],
)
def test_korean_builds_told_in_the_passive_and_plans_taken_off_the_list(text, firm, expected):
    assert stances(text) == {firm: expected}


@pytest.mark.parametrize(
    ("text", "firm", "expected"),
    [
        # a partner named after the build itself
        ("SK Telecom will build a data center in Seoul with Microsoft.", "microsoft", "committed"),
        ("SK Telecom is building an AI data center with AWS in Ulsan.", "amazon", "committed"),
        # parts, and a rival, are no partners
        ("SK Telecom will build a data center in Seoul with Nvidia chips.", "nvidia", "mentioned"),
        ("Naver expanded its Chuncheon data center to compete with Google.", "google", "mentioned"),
    ],
)
def test_english_a_partner_named_after_the_build(text, firm, expected):
    assert stances(text, lang="en") == {firm: expected}


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Google's plans for a Korean data center have stalled.", "en", "declined"),
        ("Google lost interest in building a data center in Korea.", "en", "declined"),
        ("Google chose Singapore over Korea for its new data center.", "en", "declined"),
        ("구글은 데이터센터 부지로 한국 대신 싱가포르를 택했다.", "ko", "declined"),
        ("Work on the Google data center stalled last year but resumed.", "en", "committed"),
        ("Google resumed construction of its Seoul data center.", "en", "committed"),
    ],
)
def test_stalled_dropped_or_passed_over_and_resumed(text, lang, expected):
    assert stances(text, lang=lang) == {"google": expected}


def test_resumed_sales_are_no_build():
    text = "Nvidia has resumed GPU sales in China for its data center customers."
    assert stances(text, lang="en") == {"nvidia": "mentioned"}


@pytest.mark.parametrize(
    ("text", "lang", "firm", "expected"),
    [
        # a schedule moved to a new date is no retreat; an indefinite one is
        ("오라클은 데이터센터 완공을 2028년으로 미뤘다.", "ko", "oracle", "committed"),
        ("오라클은 데이터센터 착공을 무기한 연기했다.", "ko", "oracle", "declined"),
        # a halt from an outage: the facility runs
        ("AWS 서울 데이터센터 30분 장애…국내 서비스 중단", "ko", "amazon", "operating"),
        ("AWS는 인천 데이터센터 건설을 중단했다.", "ko", "amazon", "declined"),
        (
            "An outage at the AWS data center in Virginia halted services for hours.",
            "en",
            "amazon",
            "operating",
        ),
        ("AWS suspended construction of its data center in Virginia.", "en", "amazon", "declined"),
        # an opening under way as the article is written
        (
            "Google is opening its first cloud data center in Germany this afternoon.",
            "en",
            "google",
            "operating",
        ),
        ("Google is opening a data center in Germany next year.", "en", "google", "committed"),
    ],
)
def test_halts_that_are_no_retreat_and_openings_today(text, lang, firm, expected):
    assert stances(text, lang=lang) == {firm: expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("오픈AI는 데이터센터 부지로 텍사스주를 선택했다.", {"openai": "committed"}),
        (
            "오픈AI는 오라클과 함께 진행하는 데이터센터 부지로 텍사스주를 선택했다.",
            {"openai": "committed", "oracle": "committed"},
        ),
        # the place given up in the choice keeps its refusal
        ("오픈AI는 데이터센터 부지로 한국 대신 일본을 택했다.", {"openai": "declined"}),
    ],
)
def test_korean_a_site_chosen_is_a_commitment(text, expected):
    assert stances(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Amazon said it does not have any commitments or agreements in place to "
            "develop the data center project.",
            "declined",
        ),
        ("Amazon has no agreement to develop the data center.", "declined"),
        ("Amazon signed an agreement to develop the data center.", "committed"),
    ],
)
def test_english_a_commitment_disclaimed_is_a_refusal(text, expected):
    assert stances(text, lang="en") == {"amazon": expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("오라클은 춘천 데이터센터 건설을 진행하고 있다.", "committed"),
        # talks about the build are under way, not the build
        ("오라클은 현지 개발사와 데이터센터 공동 구축을 놓고 협의를 진행하고 있다.", "considering"),
    ],
)
def test_korean_talks_under_way_are_no_build_under_way(text, expected):
    assert stances(text) == {"oracle": expected}
