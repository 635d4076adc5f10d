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
        # a headline's comma stands for "and", after a domestic firm too
        ("KT, Oracle to jointly build AI data center in Daejeon", {"oracle"}, "committed"),
        ("KT Group, Oracle, IBM to build data center in Daejeon", {"oracle", "ibm"}, "committed"),
        # a name the registry lacks inside the list does not break it
        ("Oracle, GDS and IBM will build data centers in Johor.", {"oracle", "ibm"}, "committed"),
        (
            "Daejeon hosts data centers owned by Oracle, CyrusOne and IBM.",
            {"oracle", "ibm"},
            "operating",
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a group's own data-center plan as the subject is the listed firms' plan
        ("오라클(ORCL) IBM 등 외국 기업들의 춘천 데이터센터 투자가 확대되고 있다.", "committed"),
        ("오라클, IBM 등 외국 기업들의 춘천 데이터센터 건립 계획은 모두 취소됐다.", "declined"),
        # a group's competition or sales are nobody's data-center stance
        ("오라클, IBM 등 외국 기업들의 춘천 시장 경쟁이 치열해질 전망이다.", "mentioned"),
    ],
)
def test_korean_a_groups_own_plan_as_subject(text, expected):
    assert stances(text) == {"oracle": expected, "ibm": expected}


def test_korean_an_aside_in_brackets_does_not_break_a_cue():
    text = "IBM은 KT와 춘천 데이터센터 구축 업무협약(MOU)을 맺었다."
    assert stances(text) == {"ibm": "committed"}


def test_korean_a_because_clause_is_a_clause_of_its_own():
    # accepted something else, kept refusing the build "because of which" talks stall
    text = (
        "애플이 가림 처리에는 수용 의사를 밝혔지만 국내 데이터센터 설립에 대해서는 "
        "거부 입장을 유지하기 때문에 양측의 입장 차가 크다."
    )
    assert stances(text) == {"apple": "declined"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("IBM은 다음 달 춘천 데이터센터 부지를 최종 확정할 계획이다.", "ko"),
        ("IBM will choose a site for its Chuncheon data center next month.", "en"),
    ],
)
def test_a_choice_still_to_be_made_is_considering(text, lang):
    assert stances(text, lang=lang) == {"ibm": "considering"}
    done = "IBM은 춘천 데이터센터 부지를 최종 확정했다." if lang == "ko" else None
    if done:
        assert stances(done) == {"ibm": "committed"}


def test_english_moved_on_to_open_is_an_opening():
    text = "Two years later, IBM moved on to formally open its data center in Chuncheon."
    assert stances(text, lang="en") == {"ibm": "operating"}
    assert stances("IBM plans to open a data center in Chuncheon.", lang="en") == {
        "ibm": "committed"
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a ceremony of the firm's own build, held by somebody else
        ("춘천시는 30일 IBM 데이터센터 준공식을 연다.", "operating"),
        ("춘천시는 어제 IBM 데이터센터 개소식을 열었다.", "operating"),
        ("춘천시는 어제 IBM 데이터센터 기공식을 열었다.", "committed"),
        # a completion still ahead is a build under way
        ("IBM의 춘천 데이터센터는 내년 준공 예정이다.", "committed"),
        ("IBM의 춘천 데이터센터는 지난해 준공됐다.", "operating"),
    ],
)
def test_korean_ceremonies_and_completions(text, expected):
    assert stances(text) == {"ibm": expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # server facilities and cloud capacity are data-center talk
        ("IBM은 춘천에 데이터서버를 신설할 계획이다.", "committed"),
        ("IBM은 한국 클라우드 인프라 투자를 두 배로 늘리겠다고 밝혔다.", "committed"),
        # 신설 is an opening: done in the past, planned in the future
        ("IBM은 지난달 춘천 데이터센터를 신설했다.", "operating"),
    ],
)
def test_korean_server_facilities_and_openings(text, expected):
    assert stances(text) == {"ibm": expected}


def test_korean_cloud_services_are_no_data_center():
    assert stances("IBM은 한국 클라우드 서비스 가격을 내렸다.") == {"ibm": "mentioned"}


def test_a_legal_name_with_dotcom_is_the_firm():
    assert stances("세일즈포스닷컴은 서울에 데이터센터를 열었다.") == {"salesforce": "operating"}


def test_korean_company_suffix_keeps_the_firm_the_subject():
    text = "애플사가 대전에 세우려던 데이터 센터 계획을 폐기한 것으로 알려졌다."
    assert stances(text) == {"apple": "declined"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IBM은 대전 데이터센터 건설 사업을 종료했다.", "declined"),
        # a service that ends is no refusal to build
        ("IBM은 대전 데이터센터의 백업 서비스를 종료했다.", "mentioned"),
    ],
)
def test_korean_a_plan_that_ended(text, expected):
    assert stances(text) == {"ibm": expected}


def test_english_joins_another_in_doing_it():
    text = "Oracle joins IBM in pausing data center projects in Daejeon."
    assert stances(text, lang="en") == {"oracle": "declined", "ibm": "declined"}


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        ("건립 계획을 미뤘다", "declined"),
        ("건립을 중지했다", "declined"),
        ("건립이 지연되고 있다", "declined"),
        ("의 지연시간을 줄였다", "mentioned"),  # latency is no delay
        ("건립에 속도를 내고 있다", "committed"),
        ("건립에 돌입했다", "committed"),
        ("건립을 본격화했다", "committed"),
        ("를 준공했다", "operating"),
        ("를 내년에 준공할 계획이다", "committed"),
    ],
)
def test_korean_stance_verbs(tail, expected):
    assert stances(f"IBM은 대전 데이터센터{tail}.") == {"ibm": expected}


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        ("mothballed its Daejeon data center", "declined"),
        ("ditched plans for a Daejeon data center", "declined"),
        ("pushed back its Daejeon data center to 2029", "declined"),
        ("dropped its Daejeon data center plan", "declined"),
        ("switched on its Daejeon data center", "operating"),
        ("brought its Daejeon data center online", "operating"),
        ("completed its Daejeon data center", "operating"),
        ("cut the ribbon on its Daejeon data center", "operating"),
        ("will complete its Daejeon data center in 2028", "committed"),
    ],
)
def test_english_stance_verbs(tail, expected):
    assert stances(f"IBM {tail}.", lang="en") == {"ibm": expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the agent of a Korean passive
        ("광주 데이터센터는 IBM에 의해 건설될 예정이다.", {"ibm": "committed"}),
        # "after X, Y too", "like X, Y too", "X and Y both": the same act
        (
            "오라클에 이어 IBM도 광주에 데이터센터를 열었다.",
            {"oracle": "operating", "ibm": "operating"},
        ),
        (
            "오라클처럼 IBM도 광주 데이터센터 계획을 접었다.",
            {"oracle": "declined", "ibm": "declined"},
        ),
        (
            "오라클과 마찬가지로 IBM도 광주에 데이터센터를 지을 계획이다.",
            {"oracle": "committed", "ibm": "committed"},
        ),
        (
            "오라클과 IBM 모두 광주에 데이터센터를 두고 운영 중이다.",
            {"oracle": "operating", "ibm": "operating"},
        ),
        # a contrast stays a contrast
        (
            "오라클과 달리 IBM은 광주에 데이터센터를 열었다.",
            {"oracle": "mentioned", "ibm": "operating"},
        ),
    ],
)
def test_korean_agents_and_the_same_act(text, expected):
    assert stances(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Like Oracle, IBM is building a data center in Gwangju.", "committed"),
        ("Following Oracle and Apple, IBM opened a data center in Gwangju.", "operating"),
    ],
)
def test_english_like_or_following_another_is_the_same_act(text, expected):
    got = stances(text, lang="en")
    assert got["ibm"] == expected and got["oracle"] == expected
    unlike = stances("Unlike Oracle, IBM opened a data center in Gwangju.", lang="en")
    assert unlike == {"oracle": "mentioned", "ibm": "operating"}


def test_english_a_named_project_after_a_data_center_sentence_is_the_data_center():
    text = (
        "Oracle planned a data center in Gwangju. On Friday Oracle said that "
        "the Gwangju project is still moving forward."
    )
    assert stances(text, lang="en") == {"oracle": "committed"}
    halted = "Oracle is not moving forward with its Gwangju data center."
    assert stances(halted, lang="en") == {"oracle": "declined"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # an embedded question nobody answers here
        ("It is unclear whether Oracle will build a data center in Gwangju.", "en"),
        ("It remains to be seen whether Oracle will open a data center in Gwangju.", "en"),
        ("오라클이 광주에 데이터센터를 지을지는 미지수다.", "ko"),
        ("오라클이 광주 데이터센터를 설립할지 주목된다.", "ko"),
    ],
)
def test_an_embedded_question_is_no_stance(text, lang):
    assert stances(text, lang=lang) == {"oracle": "mentioned"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Oracle is weighing whether to build a data center in Gwangju.", "en"),
        ("오라클은 광주에 데이터센터를 지을지 검토하고 있다.", "ko"),
    ],
)
def test_weighing_whether_is_considering(text, lang):
    assert stances(text, lang=lang) == {"oracle": "considering"}


def test_english_a_question_put_to_the_firm_is_no_demand():
    text = "Asked whether it would pull out, Oracle said it will build a data center in Gwangju."
    assert stances(text, lang="en") == {"oracle": "committed"}
    demand = "Gwangju asked Oracle to build a data center in the city."
    assert stances(demand, lang="en") == {"oracle": "mentioned"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a third party's word about the firm's plan is hearsay
        ("IBM이 광주에 데이터센터를 지을 계획이라고 업계 관계자가 전했다.", "considering"),
        ("IBM이 광주에 데이터센터를 짓기로 했다고 외신이 보도했다.", "considering"),
        # a rumour or a speculation about it
        ("IBM이 광주에 데이터센터 설립을 추진하고 있다는 소문이 돌고 있다.", "considering"),
        ("IBM이 광주에 데이터센터를 짓는다는 관측이 나온다.", "considering"),
        # the firm's own person is the firm
        ("IBM 관계자는 광주에 데이터센터를 지을 계획이라고 말했다.", "committed"),
    ],
)
def test_korean_hearsay_from_sources_and_the_press(text, expected):
    assert stances(text) == {"ibm": expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oracle will build a data center in Gwangju, Bloomberg reported.", "considering"),
        ("Oracle plans to build a data center in Gwangju, Korean media reported.", "considering"),
        ("Oracle plans to build a data center in Gwangju, the company said.", "committed"),
    ],
)
def test_english_a_plan_told_by_the_press_is_hearsay(text, expected):
    assert stances(text, lang="en") == {"oracle": expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Ulsan data center that Oracle opened in 2021 is full.", "operating"),
        ("The Ulsan data center that Oracle is building will open in 2028.", "committed"),
        ("The Ulsan data center that Oracle will open next year is sold out.", "committed"),
    ],
)
def test_english_a_relative_clause_on_the_data_center(text, expected):
    assert stances(text, lang="en") == {"oracle": expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the same clauses without "that", and whoever holds the rest of the sentence
        ("Farmers protested against the data center Oracle is building in Ulsan.", "committed"),
        ("The Ulsan data center Oracle opened in 2021 is full.", "operating"),
        ("The data centre Oracle built in Ulsan in 2019 also serves Japan.", "operating"),
        # a verb that says nothing about building leaves the firm named only
        ("The data center Oracle uses in Ulsan is leased from KT.", "mentioned"),
    ],
)
def test_english_a_relative_clause_without_that(text, expected):
    assert stances(text, lang="en") == {"oracle": expected}


def test_english_the_builder_in_a_reduced_relative_is_not_the_supplier():
    text = "IBM will supply chips to the data center Oracle is building in Ulsan."
    assert stances(text, lang="en") == {"ibm": "mentioned", "oracle": "committed"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a build given up for a lease, told with the verb
        ("IBM은 광주에 데이터센터를 짓는 대신 KT 센터를 임차하기로 했다.", "declined"),
        ("IBM은 광주에 데이터센터를 설립하는 대신 KT 센터를 빌리기로 했다.", "declined"),
        # reluctance
        ("IBM은 광주 데이터센터 건립에 소극적이다.", "declined"),
    ],
)
def test_korean_substitution_with_a_verb_and_reluctance(text, expected):
    assert stances(text) == {"ibm": expected}


@pytest.mark.parametrize(
    "tail",
    ["is reluctant to build a data center in Gwangju", "is in no hurry to open one in Gwangju"],
)
def test_english_reluctance_is_a_refusal(tail):
    text = f"IBM runs no data center in Korea. IBM {tail}."
    assert stances(text, lang="en") == {"ibm": "declined"}


def test_a_pattern_item_with_a_tag_per_form_is_refused():
    from dagster_project.score.lexicon import morph_pattern

    with pytest.raises(ValueError, match="alternatives share one tag"):
        morph_pattern("계획 을 나서/VV|들어가/VV")
    assert morph_pattern("나서|들어가/VV").search("들어가/VV-I") is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "according to" is a report, not a condition: a done deed stays a fact
        ("WSJ에 따르면 IBM은 이날 광주에 첫 데이터센터를 열었다.", "operating"),
        ("업계에 따르면 IBM은 광주에 데이터센터를 지을 계획이다.", "considering"),
        # a study started is a consideration
        ("IBM은 광주 데이터센터 건립을 위한 타당성 조사에 착수했다.", "considering"),
        # a negative impact is no denial; a negative stance is
        (
            "IBM은 광주 데이터센터가 환경에 미치는 부정적인 영향이 적을 것이라고 밝혔다.",
            "mentioned",
        ),
        ("IBM은 광주 데이터센터 설립에 대해 부정적인 입장을 보였다.", "declined"),
    ],
)
def test_korean_according_to_studies_and_negative_words(text, expected):
    assert stances(text) == {"ibm": expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what the money goes into (…에 투자) is the investment's object
        ("IBM은 탄소중립을 위해 해상 풍력발전 터빈에 투자한다.", "mentioned"),
        ("IBM은 광주 데이터센터에 2조원을 투자한다.", "committed"),
        ("IBM은 광주에 투자해 데이터센터를 짓는다.", "committed"),
    ],
)
def test_korean_what_an_investment_goes_into(text, expected):
    assert stances(text) == {"ibm": expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a lead the registry does not know shares its predicate with the firm after "and"
        ("Temasek and Equinix will build two data centers in Busan.", "committed"),
        ("Temasek and Equinix scrapped their data center plan for Busan.", "declined"),
        # a place before "and" is no partner: the firm after the comma holds the clause
        ("In Busan and Ulsan, Equinix runs three data centers.", "operating"),
    ],
)
def test_english_an_unregistered_partner_before_and_shares_the_act(text, expected):
    assert stances(text, lang="en") == {"equinix": expected}
