"""Finer rules: clause boundaries, possessive holders, tense, negated decisions,
headline weight."""

from __future__ import annotations

import polars as pl
import pytest
from test_scoring_support import articles, stances

from dagster_project.score import aggregate_stances, score_articles
from dagster_project.score.rules import TITLE_FACTOR


def test_korean_possessive_facility_holder():
    out = stances("마이크로소프트의 부산 데이터센터는 이미 상용 서비스를 하고 있다.")
    assert out == {"microsoft": "operating"}


def test_korean_possessive_revenue_is_not_a_holder():
    assert stances("마이크로소프트의 데이터센터 매출이 크게 늘었다.") == {"microsoft": "mentioned"}


def test_english_possessive_facility_holder():
    out = stances("Construction of AWS's data center in Ulsan began this month.", lang="en")
    assert out == {"amazon": "committed"}


def test_english_dateline_does_not_hide_the_subject():
    text = "SEOUL (Example Wire) - Oracle broke ground on its data center in Chuncheon."
    assert stances(text, lang="en") == {"oracle": "committed"}


def test_english_speaker_with_title_at_firm():
    text = (
        '"We will build our first Korean data center next year," said Kim Min-ji, '
        "country manager at Anthropic."
    )
    assert stances(text, lang="en") == {"anthropic": "committed"}


def test_operation_as_a_goal_is_a_commitment():
    assert stances("AWS는 울산 데이터센터를 2027년 가동 목표로 짓고 있다.") == {
        "amazon": "committed"
    }
    assert stances("Oracle will operate a new data center in Busan from 2027.", lang="en") == {
        "oracle": "committed"
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an operation expected, told by the noun right after it, has not started
        ("IBM, 부산에 새 데이터센터 착공…2027년 가동 기대", "committed"),
        # "기대" further on is not about the operation
        ("IBM은 부산 데이터센터를 가동하며 기대 이상의 성과를 냈다.", "operating"),
    ],
)
def test_an_operation_expected_has_not_started(text, expected):
    assert stances(text) == {"ibm": expected}


def test_negated_commitment_is_declined_but_negated_decision_is_open():
    assert stances("구글은 한국 데이터센터 구축에 나서지 않겠다고 밝혔다.") == {
        "google": "declined"
    }
    assert stances("구글은 데이터센터 설립을 검토했지만 결정은 아직 내리지 않았다.") == {
        "google": "considering"
    }


def test_decision_not_to_build_is_declined():
    assert stances("메타는 국내에 데이터센터를 짓지 않기로 결정했다.") == {"meta": "declined"}
    assert stances("Meta decided not to build a data center in Korea.", lang="en") == {
        "meta": "declined"
    }


def test_negation_of_a_later_verb_does_not_flip_the_refusal():
    text = "구글은 한국에 데이터센터를 세울 이유가 없다는 입장을 굽히지 않았다."
    assert stances(text) == {"google": "declined"}


def test_while_clause_keeps_two_holders_apart():
    text = (
        "마이크로소프트가 국내에서 데이터센터를 운영하고 있는 가운데 "
        "오픈AI는 새 데이터센터를 짓기로 했다."
    )
    assert stances(text) == {"microsoft": "operating", "openai": "committed"}


def test_fronted_with_phrase_describes_the_subject():
    text = (
        "With data centers already running in Seoul and Chuncheon, "
        "Oracle is a large cloud provider."
    )
    assert stances(text, lang="en") == {"oracle": "operating"}


def test_relative_clause_comment_refusal_does_not_govern():
    text = (
        "Oracle, which declined to comment on prices, "
        "confirmed it will build a data center in Busan."
    )
    assert stances(text, lang="en") == {"oracle": "committed"}


@pytest.mark.parametrize(
    "text",
    [
        "Google leaves the door open to a Korean data center.",
        "Google said it is open to building a data center in Korea.",
        "Google could decide next year whether to invest in a Korean data center.",
    ],
)
def test_open_doors_and_whether_are_considering(text):
    assert stances(text, lang="en") == {"google": "considering"}


def test_expansion_in_the_past_is_operating():
    assert stances("AWS는 서울 리전의 가용 영역을 네 곳으로 늘렸다.") == {"amazon": "operating"}
    assert stances("AWS는 서울 데이터센터를 증설하기로 했다.") == {"amazon": "committed"}


def test_title_rows_weigh_less_than_the_same_body_sentence():
    frame = pl.DataFrame(
        {
            "article_id": ["t"],
            "lang": ["en"],
            "title": ["Oracle scraps Seoul data center plan"],
            "body": ["Oracle scrapped its Seoul data center plan."],
        }
    )
    out = score_articles(frame)
    title, body = out["confidence"].to_list()
    assert title == pytest.approx(body * TITLE_FACTOR)
    assert aggregate_stances(out)["evidence"].to_list() == [
        "Oracle scrapped its Seoul data center plan."
    ]


def test_korean_subject_read_from_surface_when_kiwi_splits_the_particle():
    text = (
        "데이터센터 계획이 없다던 구글이 입장을 바꿔 "
        "국내 설립 가능성을 따져 보고 있는 것으로 알려졌다."
    )
    assert stances(text) == {"google": "considering"}


def test_empty_and_null_bodies_are_fine():
    frame = articles("", "오라클은 국내 데이터센터를 운영하고 있다.").with_columns(
        pl.Series("body", [None, "오라클은 국내 데이터센터를 운영하고 있다."])
    )
    out = score_articles(frame)
    assert out["article_id"].to_list() == ["a1"]


def test_background_refusal_yields_to_the_news():
    text = (
        "구글은 그동안 국내 데이터센터 설립에 선을 그어 왔다. "
        "그러나 구글은 최근 입장을 바꿔 평택에 데이터센터를 짓기로 했다."
    )
    assert stances(text) == {"google": "committed"}
    text = "Google had long refused to build a data center in Korea. Now Google will build one."
    assert stances(text, lang="en") == {"google": "committed"}


def test_next_sentence_can_refer_back_to_the_data_center():
    text = "구글은 당초 국내 데이터센터 건립을 검토했다. 하지만 구글은 계획을 철회했다."
    assert stances(text) == {"google": "declined"}


def test_context_does_not_reach_two_sentences_on():
    text = "구글은 국내 데이터센터 건립을 검토했다. 날씨가 맑았다. 구글은 계획을 철회했다."
    out = score_articles(articles(text))
    assert out.filter(pl.col("sentence_idx") == 3)["stance"].to_list() == ["mentioned"]


def test_third_party_quote_about_a_firm_is_a_consideration():
    assert stances(
        '한 증권사 애널리스트는 "오픈AI가 한국에 데이터센터를 지을 것"이라고 말했다.'
    ) == {"openai": "considering"}


def test_lists_share_the_predicate():
    assert stances("구글과 마이크로소프트, 아마존은 모두 일본에 데이터센터를 운영하고 있다.") == {
        "google": "operating",
        "microsoft": "operating",
        "amazon": "operating",
    }
    assert stances(
        "Google, Microsoft and Amazon all operate data centers in Japan.", lang="en"
    ) == {
        "google": "operating",
        "microsoft": "operating",
        "amazon": "operating",
    }


def test_passive_agent_holds_the_stance():
    assert stances("A data center will be built in Busan by Microsoft.", lang="en") == {
        "microsoft": "committed"
    }


def test_cue_after_another_firm_belongs_to_that_firm():
    text = "Nvidia will supply chips for a new data center that SK Telecom is building."
    assert stances(text, lang="en") == {"nvidia": "mentioned"}


def test_unchanged_plan_is_a_commitment():
    assert stances("MS는 데이터센터 건립 계획에 변함이 없다고 밝혔다.") == {
        "microsoft": "committed"
    }


def test_context_words_must_start_a_word():
    text = "오라클은 서울 리전을 운영하고 있다. 애플은 애플페이를 지원하는 카드사를 늘렸다."
    assert stances(text) == {"oracle": "operating", "apple": "mentioned"}


def test_headline_without_data_center_term_uses_its_article():
    frame = pl.DataFrame(
        {
            "article_id": ["h"],
            "lang": ["en"],
            "title": ["Google breaks ground in Pyeongtaek"],
            "body": ["The company's first Korean data center will open in 2028."],
        }
    )
    out = score_articles(frame)
    assert out.filter(pl.col("sentence_idx") == 0)["stance"].to_list() == ["committed"]


def test_person_introduced_with_title_at_firm_speaks_for_it_later():
    text = (
        "Tom Park, chief strategy officer at OpenAI, visited Seoul on Monday. "
        "Officials met him at the ministry. "
        "Park said the company is weighing a data center in Korea."
    )
    out = score_articles(articles(text, lang="en"))
    last = out.filter(pl.col("sentence_idx") == 3).to_dicts()
    assert [(r["firm"], r["stance"]) for r in last] == [("openai", "considering")]


def test_product_launch_in_a_data_center_article_is_no_stance():
    frame = pl.DataFrame(
        {
            "article_id": ["p"],
            "lang": ["en"],
            "title": ["Meta launches AI glasses in Korea"],
            "body": [
                "Meta launched its AI smart glasses in Korea. "
                "Naver runs a data center in Chuncheon."
            ],
        }
    )
    assert aggregate_stances(score_articles(frame))["stance"].to_list() == ["mentioned"]


def test_subordinate_clause_has_its_own_subject():
    assert stances(
        "Speculation is growing that Apple may build a data center in Korea.", lang="en"
    ) == {"apple": "considering"}
    assert stances(
        "The Chuncheon data center that Oracle operates handles bank data.", lang="en"
    ) == {"oracle": "operating"}


def test_more_reporting_verbs_make_speakers():
    text = '"We have no plans to put a data center in Korea," Google Korea reiterated.'
    assert stances(text, lang="en") == {"google": "declined"}


def test_giving_up_after_looking_is_declined():
    text = "Amazon looked at a data center in Jeju but eventually gave up."
    assert stances(text, lang="en") == {"amazon": "declined"}


def test_choosing_a_site_is_a_commitment():
    assert stances("구글은 국내 첫 데이터센터 부지로 평택을 낙점했다.") == {"google": "committed"}
    assert stances("Google picked Pyeongtaek as the site of its data center.", lang="en") == {
        "google": "committed"
    }


def test_two_subjects_joined_by_a_linking_ending_keep_their_own_stances():
    assert stances("구글은 데이터센터 설립을 거절했고 오픈AI는 검토 중이다.") == {
        "google": "declined",
        "openai": "considering",
    }
    assert stances("오픈AI가 데이터센터를 짓기로 하자 구글도 검토에 들어갔다.") == {
        "openai": "committed",
        "google": "considering",
    }


def test_and_before_a_new_firm_subject_splits_the_clause():
    text = "Google ruled out a Korean data center and OpenAI said it is considering one."
    assert stances(text, lang="en") == {"google": "declined", "openai": "considering"}
    text = "Google and Microsoft ruled out data centers in Korea."
    assert stances(text, lang="en") == {"google": "declined", "microsoft": "declined"}


def test_evidence_spans_the_cue_with_its_negator():
    frame = articles(
        "오라클은 한국에 데이터센터를 짓지 않겠다고 밝혔다.",
        "Meta said it would not build a data center in Korea.",
    ).with_columns(pl.Series("lang", ["ko", "en"]))
    assert score_articles(frame)["evidence"].to_list() == ["짓지 않겠다고", "would not build"]


def test_an_existing_facility_of_the_firm_is_a_weak_operating_sign():
    text = "Major banks run their systems in Microsoft's Seoul and Busan data centers."
    out = score_articles(articles(text, lang="en"))
    assert out["stance"].to_list() == ["operating"]
    assert out["confidence"].to_list()[0] < 0.6
    assert stances("마이크로소프트의 부산 데이터센터에는 은행 시스템이 올라가 있다.") == {
        "microsoft": "operating"
    }


def test_a_planned_facility_is_no_operating_sign():
    text = "Banks will move their systems to Microsoft's new Busan data center."
    assert stances(text, lang="en") == {"microsoft": "mentioned"}


@pytest.mark.parametrize(
    "text",
    [
        "Farmers sued to block the Microsoft data center in Busan.",
        "The county approved the rezoning of a 90-acre site for a Microsoft data center.",
        "Residents rallied against the proposal for a Microsoft data center in Busan.",
    ],
)
def test_a_contested_or_unbuilt_facility_is_no_operating_sign(text):
    assert stances(text, lang="en") == {"microsoft": "mentioned"}


def test_a_facility_asked_about_is_no_operating_sign():
    text = "So what happened to the Microsoft data center in Busan?"
    assert stances(text, lang="en") == {"microsoft": "mentioned"}


def test_trap_words_right_after_the_term_cancel_it():
    assert stances("Nvidia's data-center revenue rose sharply.", lang="en") == {
        "nvidia": "mentioned"
    }
    assert stances("엔비디아의 데이터센터용 GPU 매출이 늘었다.") == {"nvidia": "mentioned"}


def test_possessive_must_own_the_facility():
    assert stances("Google's shares fell after the data center news.", lang="en") == {
        "google": "mentioned"
    }
    assert stances("Oracle's two Korean data centers are busy.", lang="en") == {
        "oracle": "operating"
    }


def test_customer_of_another_foreign_firms_facility_does_not_operate_it():
    out = stances("OpenAI's ChatGPT runs on Microsoft Azure data centers.", lang="en")
    assert out == {"openai": "mentioned", "microsoft": "operating"}


@pytest.mark.parametrize(
    "title, lang, firm, stance",
    [
        ("AWS, 2027년까지 국내 데이터센터에 7조원 투자", "ko", "amazon", "committed"),
        ("구글, 국내 데이터센터 설립 '불가'", "ko", "google", "declined"),
        ("메타, 국내 데이터센터 계획 없어", "ko", "meta", "declined"),
        ("구글 데이터센터 백지화…지도 반출 논란 재점화", "ko", "google", "declined"),
        ("MS, 한국에 데이터센터 추가 건립 검토", "ko", "microsoft", "considering"),
        ("Meta nixes Korea data center plan", "en", "meta", "declined"),
        ("Microsoft eyes Korea for new data center", "en", "microsoft", "considering"),
    ],
)
def test_headline_styles(title, lang, firm, stance):
    frame = pl.DataFrame(
        {"article_id": ["t"], "lang": [lang], "title": [title], "body": [None]},
        schema={"article_id": pl.String, "lang": pl.String, "title": pl.String, "body": pl.String},
    )
    agg = aggregate_stances(score_articles(frame))
    assert agg.select("firm", "stance").rows() == [(firm, stance)]


@pytest.mark.parametrize(
    "text, lang, firm, stance",
    [
        (
            "Oracle is close to a deal to build a data center in Busan.",
            "en",
            "oracle",
            "considering",
        ),
        ("Meta has put its Korean data center plans under review.", "en", "meta", "considering"),
        ("Apple is unlikely to build a data center in Korea soon.", "en", "apple", "declined"),
        ("Equinix has closed its Busan data center.", "en", "equinix", "declined"),
        (
            "Microsoft backed away from a planned data center in Busan.",
            "en",
            "microsoft",
            "declined",
        ),
        ("OpenAI has yet to decide on a data center in Korea.", "en", "openai", "considering"),
        ("오픈AI는 아직 국내 데이터센터 설립 여부를 정하지 못했다.", "ko", "openai", "considering"),
        ("애플이 국내에 데이터센터를 지을 가능성은 낮다.", "ko", "apple", "declined"),
        ("IBM은 지난해 서울 데이터센터를 폐쇄했다.", "ko", "ibm", "declined"),
    ],
)
def test_likelihood_closures_and_pending_decisions(text, lang, firm, stance):
    assert stances(text, lang=lang) == {firm: stance}


def test_headline_borrowing_the_topic_needs_a_data_center_specific_cue():
    frame = pl.DataFrame(
        {
            "article_id": ["n"],
            "lang": ["ko"],
            "title": ["엔비디아, 국내 칩 업계와 협력 확대"],
            "body": ["국내 데이터센터 시장은 빠르게 커지고 있다."],
        }
    )
    assert aggregate_stances(score_articles(frame))["stance"].to_list() == ["mentioned"]


@pytest.mark.parametrize(
    "text, lang, firm, stance",
    [
        (
            "Amazon held a groundbreaking ceremony for its Incheon data center.",
            "en",
            "amazon",
            "committed",
        ),
        ("아마존웹서비스는 지난 3월 인천 데이터센터 기공식을 가졌다.", "ko", "amazon", "committed"),
        (
            '"A data center in Korea is not under consideration," a Google spokesperson said.',
            "en",
            "google",
            "declined",
        ),
        ("오라클은 연내 대전에 데이터센터를 새로 열기로 했다.", "ko", "oracle", "committed"),
    ],
)
def test_ceremonies_and_considerations(text, lang, firm, stance):
    assert stances(text, lang=lang) == {firm: stance}


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        (
            "Amazon's plan to build a data center in Korea was scrapped.",
            "en",
            {"amazon": "declined"},
        ),
        (
            "The Korean data center planned by Google has been canceled.",
            "en",
            {"google": "declined"},
        ),
        (
            "Oracle, not Google, will build the Busan data center.",
            "en",
            {"oracle": "committed", "google": "mentioned"},
        ),
        (
            "Neither Google nor Meta plans a data center in Korea.",
            "en",
            {"google": "declined", "meta": "declined"},
        ),
        (
            "Microsoft is expected to announce a new Korean data center next week.",
            "en",
            {"microsoft": "considering"},
        ),
        (
            "마이크로소프트가 다음 주 국내 신규 데이터센터 건립을 발표할 것으로 예상된다.",
            "ko",
            {"microsoft": "considering"},
        ),
        ("구글의 국내 데이터센터 건립 계획이 무산됐다.", "ko", {"google": "declined"}),
    ],
)
def test_passives_negation_scope_and_expectations(text, lang, expected):
    assert stances(text, lang=lang) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("부산 IBM 데이터센터 계획이 백지화됐다.", {"ibm": "declined"}),
        ("IBM 데이터센터 건설 사업이 확정됐다.", {"ibm": "committed"}),
        # the head of the phrase is people, not the facility
        (
            "IBM 데이터센터 출신 연구원들이 세운 회사가 판교에 데이터센터를 열었다.",
            {"ibm": "mentioned"},
        ),
    ],
)
def test_korean_firm_facility_plan_as_subject(text, expected):
    assert stances(text) == expected
