"""Stances told in a modifier or a frame rather than in the clause the firm is subject
of: a Korean adnominal clause before the name ("부산에 데이터센터를 세운 오라클은 …"),
"everything but the build" (데이터센터는 빼고), a group in a subordinate clause
("… shows how giants like X are …"), a group that only owns the subject (업체들의 경쟁이),
and the qualities of a place ("advantages in hosting data centers")."""

from __future__ import annotations

import pytest
from test_scoring_support import articles, row, stances

from dagster_project.score import aggregate_stances, score_articles


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the modifier is the only stance: the main clause is about something else
        ("작년 대구에 데이터센터를 세운 오라클은 올해 매출이 두 배로 늘었다.", "operating"),
        ("세종에서 데이터센터를 운영하기 시작한 IBM은 인력을 더 뽑는다.", "operating"),
        ("광주 데이터센터 건립 계획을 철회한 메타는 광고 매출이 줄었다.", "declined"),
        ("국내에 데이터센터를 세우지 않기로 한 애플은 새 휴대폰을 내놨다.", "declined"),
        ("대전에 데이터센터를 짓고 있는 엔비디아는 신제품을 공개했다.", "committed"),
    ],
)
def test_korean_modifier_clause_before_the_name_is_the_firms(text, expected):
    firm = next(iter(stances(text)))
    assert stances(text) == {firm: expected}


@pytest.mark.parametrize(
    "text",
    [
        # someone else is the modifier's subject, or its object is no data center
        "정부가 데이터센터 건립을 요청한 애플은 답을 미뤘다.",
        "지도 반출을 신청한 애플은 결과를 기다린다.",
        "국내 데이터센터 건립을 요구받은 애플은 말을 아꼈다.",
    ],
)
def test_korean_modifier_of_another_subject_or_object_gives_nothing(text):
    assert stances(text) == {"apple": "mentioned"}


def test_korean_main_clause_news_outranks_the_modifier():
    # it runs one (modifier), and the news is a new build (the clause's own verb)
    text = "인천에서 데이터센터를 운영하는 IBM은 평택에 두 번째 데이터센터를 짓기로 했다."
    assert stances(text) == {"ibm": "committed"}


def test_korean_quoted_modifier_is_a_report():
    # -다는: what is said of the firm; a claimed build reads as considering at most
    out = stances("대구에 데이터센터를 짓기로 했다는 애플은 아직 말이 없다.")
    assert out["apple"] in ("considering", "mentioned"), out


@pytest.mark.parametrize(
    "text",
    [
        "애플은 데이터센터 설립은 빼고 나머지 요구만 받아들였다.",
        "메타는 데이터센터 설치를 제외한 조건을 모두 수용했다.",
    ],
)
def test_korean_everything_but_the_build_is_a_refusal(text):
    assert set(stances(text).values()) == {"declined"}


def test_korean_leaving_out_servers_elsewhere_is_no_refusal():
    assert stances("메타는 데이터센터에서 낡은 서버를 빼는 작업을 마쳤다.")["meta"] != "declined"


def test_korean_group_that_owns_the_subject_holds_nothing():
    text = "오라클과 IBM 등 외국 IT기업들의 데이터센터 시장 경쟁이 거세질 전망이다."
    assert stances(text) == {"oracle": "mentioned", "ibm": "mentioned"}


def test_english_group_examples_in_a_subordinate_clause():
    text = (
        "The deal shows how cloud firms like Oracle (ORCL) and IBM (IBM) are spending "
        "heavily on data centers across the globe."
    )
    assert stances(text, lang="en") == {"oracle": "mentioned", "ibm": "mentioned"}
    local = "Analysts said that cloud firms like Oracle and IBM are building data centers in Busan."
    assert set(stances(local, lang="en").values()) <= {"committed", "considering"}


@pytest.mark.parametrize(
    "text",
    [
        "Apple pointed to Vietnam's cheap power as a key advantage in hosting data centers.",
        "Johor is an ideal location for building data centers, Oracle said on Monday.",
    ],
)
def test_english_qualities_of_a_place_are_no_move_of_the_firm(text):
    assert set(stances(text, lang="en").values()) == {"mentioned"}


def test_english_hosting_by_the_firm_still_operates():
    assert (
        row("Oracle hosts its Korean customers in a Seoul data center.", "oracle", "en")["stance"]
        == "operating"
    )


def test_english_as_before_a_name_opens_its_clause():
    text = "Work is speeding up in Daegu as KT partners with Oracle to build a data center there."
    assert stances(text, lang="en") == {"oracle": "committed"}
    # "such as" stays inside the clause
    listed = "Cloud firms such as Oracle and IBM run data centers in Daegu."
    assert stances(listed, lang="en") == {"oracle": "operating", "ibm": "operating"}


def test_korean_setting_out_on_something_else_is_no_build():
    # 나서다 takes what the firm sets out on: a market push is no data center
    title = "IBM, 한국을 전략적 요충지로 삼고 본격적인 시장 확대에 나선다"
    body = "IBM은 서울 데이터센터 두 곳에서 서비스를 제공한다."
    agg = aggregate_stances(score_articles(articles(body, title=title)))
    assert dict(zip(agg["firm"], agg["stance"], strict=True)) == {"ibm": "operating"}
    assert stances("IBM이 대구에 데이터센터 구축에 나선다.") == {"ibm": "committed"}


def test_english_partnership_on_something_else_is_no_build():
    text = (
        "To power its data centers, Oracle partnered with a utility on a solar farm in "
        "Ulsan, and buys certificates for the rest."
    )
    assert stances(text, lang="en")["oracle"] != "committed"
    joint = "KT partnered with Oracle on a data center in Ulsan."
    assert stances(joint, lang="en") == {"oracle": "committed"}


def test_english_money_put_into_a_company_is_no_build():
    text = "IBM sells chips to data center operators and invested in the company last year."
    assert stances(text, lang="en") == {"ibm": "mentioned"}
    assert stances("IBM invested in the company's Busan data center.", lang="en") == {
        "ibm": "committed"
    }


def _place(text: str, lang: str = "ko") -> set[str | None]:
    mentions = score_articles(articles(text, lang=lang))
    return set(mentions.filter(mentions["stance"] != "mentioned")["location"].to_list())


@pytest.mark.parametrize(
    ("text", "lang", "place"),
    [
        # a nationality in front of the name or its descriptor is no site
        ("중국 최대 인터넷기업인 텐센트도 그 곳에 데이터센터 두 곳을 운영 중이다.", "ko", None),
        ("미국 오라클이 그 도시에 데이터센터를 열었다.", "ko", None),
        ("Chinese tech giant Tencent opened a data center there.", "en", None),
        # the site itself stays: a place right before the facility
        ("중국 텐센트가 서울에 데이터센터를 열었다.", "ko", "KR"),
        ("울산 AWS 데이터센터가 착공했다.", "ko", "KR"),
    ],
)
def test_nationality_is_no_site(text, lang, place):
    assert _place(text, lang) == {place}


@pytest.mark.parametrize(
    "text",
    [
        "In 2012 IBM weighed a data center in Busan, but picked Tokyo and Osaka instead.",
        "Apple will not put a data center in Daegu; it will lease space from KT instead.",
    ],
)
def test_english_another_choice_instead_is_a_refusal(text):
    assert set(stances(text, lang="en").values()) == {"declined"}


def test_english_instead_of_names_the_rejected_option_only():
    # "chose Busan instead of Seoul": a choice of site, never a refusal of the build
    text = "Oracle chose Busan instead of Seoul for its new data center."
    assert stances(text, lang="en")["oracle"] != "declined"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IBM is the first foreign cloud firm to open a data center in Daegu.", "operating"),
        ("Oracle became the second operator to build a data center in Sejong.", "operating"),
        # a wish or a plan to be first is no done deed
        ("Oracle will be the first firm to open a data center in Sejong.", "committed"),
    ],
)
def test_english_first_to_open_is_a_done_deed(text, expected):
    assert set(stances(text, lang="en").values()) == {expected}


def _article(title: str, body: str, lang: str) -> dict[str, str]:
    agg = aggregate_stances(score_articles(articles(body, lang=lang, title=title)))
    return dict(zip(agg["firm"], agg["stance"], strict=True))


@pytest.mark.parametrize(
    ("title", "body", "lang"),
    [
        # a headline tells a done deed in the present tense
        ("Oracle Launches Two Data Centers in Sejong", "Demand keeps growing.", "en"),
        ("Oracle adds a data center", "Oracle added a new data center in Sejong.", "en"),
        # a Korean headline's bare opening noun: it has opened
        ("오라클, 세종 클라우드 리전 출범", "오라클은 기념 행사를 열었다.", "ko"),
        ("오라클, 세종에 데이터센터 개설, 국내 세번째", "오라클은 기념 행사를 열었다.", "ko"),
    ],
)
def test_headline_opening_is_operating(title, body, lang):
    assert _article(title, body, lang) == {"oracle": "operating"}


def test_opening_in_the_lede_outranks_an_investment_plan():
    title = "IBM opened its first data center in Sejong"
    body = (
        "IBM opened its first data center in Sejong on Monday. "
        "The company plans to invest $1 billion in Korea by 2030, the new site included."
    )
    assert _article(title, body, "en") == {"ibm": "operating"}


def test_background_opening_yields_to_a_new_build():
    title = "IBM to build a second data center in Sejong"
    body = (
        "IBM will build a second data center in Sejong, it said on Monday. "
        "The site will cost $1 billion. Staff will move next year. "
        "In 2015, IBM opened its first data center in Sejong."
    )
    assert _article(title, body, "en") == {"ibm": "committed"}


def test_korean_pursuing_an_option_is_weighing_it():
    assert stances("IBM이 세종에 데이터센터를 짓는 방안을 적극적으로 추진한다.") == {
        "ibm": "considering"
    }
    assert stances("IBM이 세종에 데이터센터 건립을 추진한다.") == {"ibm": "committed"}


def test_korean_finishing_a_build_is_building():
    assert stances("오라클은 세종에 데이터센터 건설을 마무리 중이다.") == {"oracle": "committed"}


def test_korean_list_before_a_co_agent_shares_the_build():
    text = "KT는 IBM과 오라클과 함께 세종에 데이터센터를 건설 중이다."
    assert stances(text) == {"ibm": "committed", "oracle": "committed"}


def test_korean_modifier_head_after_as_is_not_the_facility():
    # the subject is a role the planned site was to have, not the firm's act
    text = "그러나 당초 IBM이 기획했던 허브 데이터센터로서의 기능은 약해질 전망이다."
    assert stances(text) == {"ibm": "mentioned"}
    # the facility heads the modifier and owns the subject: the firm runs it
    own = "IBM이 운영 중인 세종 데이터센터의 전력 사용량이 두 배로 늘었다."
    assert stances(own) == {"ibm": "operating"}


def test_english_what_would_have_been_is_no_stance():
    text = "The IBM data center in Sejong would have meant a $1.5 billion investment by IBM."
    assert stances(text, lang="en") == {"ibm": "mentioned"}


def test_korean_operator_compound_noun_is_no_operation():
    text = "IBM은 세종에 데이터센터를 지을 예정이며, 미국 데이터센터 운영업체 에퀴닉스도 투자한다."
    assert stances(text)["ibm"] == "committed"
    assert stances("IBM은 세종에서 데이터센터를 운영한다.") == {"ibm": "operating"}


def test_english_not_the_only_one_doing_it_does_it():
    text = "IBM isn't the only one cancelling data centers this month."
    assert stances(text, lang="en") == {"ibm": "declined"}


@pytest.mark.parametrize(
    "text",
    [
        "Analysts compared the move with Oracle's pullback from two data center sites.",
        "The halt is similar to Oracle's recent delay of its Daegu data center.",
    ],
)
def test_english_a_firms_own_step_back_named_as_a_noun(text):
    assert stances(text, lang="en")["oracle"] == "declined"


def test_english_a_delay_without_an_owner_is_no_refusal():
    text = "Oracle's Daegu data center opened on Monday despite a delay."
    assert stances(text, lang="en") == {"oracle": "operating"}


@pytest.mark.parametrize("when", ["이르면", "빠르면"])
def test_korean_at_the_earliest_is_a_time_not_a_condition(when):
    text = f"IBM이 {when} 내년 중 국내 데이터센터 투자 여부를 결정할 것으로 보인다."
    assert stances(text) == {"ibm": "considering"}
    # a real condition still binds the firm to the condition only
    cond = "IBM이 서류를 내면 정부가 데이터센터 건립 여부를 결정할 계획이다."
    assert stances(cond) == {"ibm": "mentioned"}


def test_english_opener_with_its_own_subject():
    text = "It turns out IBM isn't the only one cancelling data centers this month."
    assert stances(text, lang="en") == {"ibm": "declined"}
    # "it appears" holds the claim back: a plan that only appears is a consideration
    seems = "It appears Oracle will build a data center in Daegu."
    assert stances(seems, lang="en") == {"oracle": "considering"}


def test_english_now_operating_is_an_opening_in_the_lede():
    body = (
        "On Tuesday, Oracle said its new data center in Sejong is now operating. "
        "It is part of an expansion plan Oracle announced in September."
    )
    assert _article("Oracle Cloud grows in Korea", body, "en") == {"oracle": "operating"}
