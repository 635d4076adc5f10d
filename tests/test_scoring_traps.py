"""Each trap of the stance rules, one test each, on one-article corpora."""

from __future__ import annotations

import polars as pl
import pytest
from test_scoring_support import articles, row, stances

from dagster_project.score import score_articles

# --- names -----------------------------------------------------------------------------


def test_korean_particles_attached_to_names():
    out = stances(
        "구글은 거절했고, 오픈AI가 데이터센터를 짓기로 했다. AWS와 MS는 데이터센터를 운영하고 있다."
    )
    assert set(out) == {"google", "openai", "amazon", "microsoft"}


@pytest.mark.parametrize(
    "text, lang",
    [
        ("메타버스 기업들이 데이터센터를 짓는다.", "ko"),
        ("메타데이터 관리 업체가 데이터센터를 열었다.", "ko"),
        ("애플리케이션 수요가 데이터센터 증설로 이어졌다.", "ko"),
        ("애플망고 농장 옆에 데이터센터가 들어선다.", "ko"),
        ("Metadata rules for the data center were published.", "en"),
        ("The metaverse boom needs data centers.", "en"),
        ("The Oracle of Omaha bought data center stocks.", "en"),
        ("Apple pie was served at the data center opening.", "en"),
        ("Smoke from the Amazon rainforest reached the data center.", "en"),
    ],
)
def test_look_alikes_are_not_firms(text, lang):
    assert score_articles(articles(text, lang=lang)).height == 0


def test_domestic_firms_are_counterparties_not_firms():
    out = score_articles(
        articles(
            "SK텔레콤과 삼성, 네이버, 카카오, KT, LG는 데이터센터를 짓기로 했다. AWS는 SK와 손잡고 "
            "울산에 데이터센터를 짓는다."
        )
    )
    assert out["firm"].to_list() == ["amazon"]
    assert out["counterparties"].to_list() == ["sk"]
    assert out["stance"].to_list() == ["committed"]


# --- Korean negation and hedges ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "오라클은 한국에 데이터센터를 짓지 않겠다고 밝혔다.",
        "오라클은 국내 데이터센터 건립 계획을 철회했다.",
        "오라클은 부산 데이터센터 사업을 백지화했다.",
        "오라클은 데이터센터 투자를 보류했다.",
        "오라클은 한국에 데이터센터를 지을 계획이 없다고 말했다.",
        "오라클은 데이터센터 설립 요청을 거절했다.",
        "오라클은 데이터센터 설치 요구를 거부했다.",
        "오라클은 결국 국내 데이터센터를 짓지 못했다.",
    ],
)
def test_korean_negation_is_declined(text):
    assert stances(text) == {"oracle": "declined"}


@pytest.mark.parametrize(
    "text",
    [
        "업계에서는 메타가 한국에 데이터센터를 세울 가능성이 거론된다.",
        "메타가 국내에 데이터센터를 지을 것이라는 관측이 나온다.",
        "메타는 국내 데이터센터 설립을 검토하고 있다.",
        "메타는 한국 데이터센터 건립을 고려 중이다.",
        "메타는 부산과 울산 사이에서 데이터센터 부지를 저울질하고 있다.",
    ],
)
def test_korean_hedges_are_considering(text):
    assert stances(text) == {"meta": "considering"}


def test_korean_negated_hedge_is_declined_and_negated_refusal_is_considering():
    assert stances("메타는 데이터센터 설립을 검토한 적이 없다고 밝혔다.") == {"meta": "declined"}
    assert stances("메타는 국내 데이터센터 건설을 배제하지 않는다고 밝혔다.") == {
        "meta": "considering"
    }


# --- Korean attribution ------------------------------------------------------------------


def test_demand_target_gets_no_stance():
    assert stances("정부는 구글에 국내 데이터센터를 세우라고 요구했다.") == {"google": "mentioned"}


def test_contrast_firm_gets_no_stance_from_the_sentence():
    assert stances("구글과 달리 오픈AI는 한국에 데이터센터 설립을 고려하고 있다.") == {
        "google": "mentioned",
        "openai": "considering",
    }


def test_subject_carried_over_from_previous_sentence():
    out = score_articles(
        articles(
            "오픈AI가 한국 법인을 세웠다고 밝혔다. "
            "아울러 국내 데이터센터 건립 방안도 검토 중이라고 전했다."
        )
    )
    carried = out.filter(pl.col("sentence_idx") == 2).to_dicts()
    assert [(r["firm"], r["stance"], r["holder"]) for r in carried] == [
        ("openai", "considering", "오픈AI")
    ]


def test_carry_over_stops_at_a_new_subject():
    out = score_articles(
        articles("오픈AI가 한국 법인을 세웠다. 정부는 데이터센터 유치를 고려하고 있다.")
    )
    assert out.filter(pl.col("sentence_idx") == 2).height == 0


def test_person_of_firm_holds_the_stance():
    assert stances('앤트로픽 최고경영자는 "한국에 데이터센터를 짓기로 했다"고 말했다.') == {
        "anthropic": "committed"
    }


def test_person_named_earlier_holds_the_stance_later():
    text = (
        "김철수 엔비디아 아시아 총괄(VP)은 서울에서 기자간담회를 열었다. 시장 이야기가 이어졌다. "
        '김 VP는 "한국 데이터센터 투자를 검토하고 있다"고 말했다.'
    )
    out = score_articles(articles(text))
    last = out.filter(pl.col("sentence_idx") == 3).to_dicts()
    assert [(r["firm"], r["stance"]) for r in last] == [("nvidia", "considering")]


def test_conditional_commitment_is_considering():
    assert stances("애플은 정부 승인이 나면 국내에 데이터센터를 짓겠다고 밝혔다.") == {
        "apple": "considering"
    }


def test_past_opening_is_operating_future_opening_is_committed():
    assert stances("IBM은 2019년 서울에 데이터센터를 열었다.") == {"ibm": "operating"}
    assert stances("IBM은 내년 서울에 데이터센터를 개소할 예정이다.") == {"ibm": "committed"}


def test_korean_no_comment_is_not_declined():
    assert stances("아마존은 데이터센터 계획에 대한 언급을 거부했다.") == {"amazon": "mentioned"}


def test_korean_data_center_revenue_is_not_a_stance():
    assert stances("엔비디아의 데이터센터 매출이 크게 늘었다.") == {"nvidia": "mentioned"}


# --- English -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Oracle has no plans to build a data center in Korea.",
        "A Korean data center is not on the table, Oracle said.",
        "Oracle said it would not build a data center in Korea.",
        "Oracle scrapped its Korean data center project.",
        "Oracle pulled out of a data center deal in Busan.",
        "Oracle ruled out a data center in Korea.",
    ],
)
def test_english_negation_scope_is_declined(text):
    assert stances(text, lang="en") == {"oracle": "declined"}


@pytest.mark.parametrize(
    "text",
    [
        "Meta is reportedly weighing a data center in Korea.",
        "Meta is in talks with Korean officials about a data center.",
        "Meta is exploring a data center site near Busan.",
    ],
)
def test_english_hedges_are_considering(text):
    assert stances(text, lang="en") == {"meta": "considering"}


def test_declined_to_comment_is_not_declined():
    assert stances("Google declined to comment on the data center plan.", lang="en") == {
        "google": "mentioned"
    }


def test_declined_to_build_is_declined():
    assert stances("Google declined to build a data center in Korea.", lang="en") == {
        "google": "declined"
    }


def test_data_center_revenue_is_not_a_commitment():
    assert stances("Nvidia's data center revenue rose sharply, beating forecasts.", lang="en") == {
        "nvidia": "mentioned"
    }


def test_unlike_google_openai_is_considering():
    assert stances("Unlike Google, OpenAI is considering a data center in Korea.", lang="en") == {
        "google": "mentioned",
        "openai": "considering",
    }


def test_english_demand_target_gets_no_stance():
    assert stances("Lawmakers urged Google to build a data center in Korea.", lang="en") == {
        "google": "mentioned"
    }


def test_english_anaphor_carries_the_subject():
    out = stances(
        "OpenAI opened an office in Seoul. The company is also weighing a data center there.",
        lang="en",
    )
    assert out == {"openai": "considering"}


def test_english_if_approved_is_considering():
    assert stances("If approved, Equinix would build a data center in Busan.", lang="en") == {
        "equinix": "considering"
    }


def test_english_quoted_speech_belongs_to_the_speaker():
    text = '"We will build a data center in Korea next year," an Anthropic executive said.'
    assert stances(text, lang="en") == {"anthropic": "committed"}


# --- where -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, lang, firm, code",
    [
        ("MS는 서울과 부산에서 데이터센터를 운영하고 있다.", "ko", "microsoft", "KR"),
        ("구글은 일본 도쿄에 데이터센터를 짓기로 했다.", "ko", "google", "JP"),
        ("Oracle operates a data center in Singapore.", "en", "oracle", "SG"),
        ("Meta is building a data center in Texas.", "en", "meta", "US"),
        ("오픈AI는 춘천에 데이터센터를 짓는 방안을 검토하고 있다.", "ko", "openai", "KR"),
        ("구글은 평창에 데이터센터를 짓기로 했다.", "ko", "google", "KR"),
        ("AWS는 울산 데이터센터를 착공했다.", "ko", "amazon", "KR"),
        ("메타는 국내에 데이터센터를 짓지 않겠다고 밝혔다.", "ko", "meta", "KR"),
        ("애플은 미국에서 데이터센터를 운영하고 있다.", "ko", "apple", "US"),
        ("IBM은 도쿄 데이터센터를 확장하기로 했다.", "ko", "ibm", "JP"),
        ("Google is weighing a data center in Singapore.", "en", "google", "SG"),
        ("Microsoft will build a data center in Japan.", "en", "microsoft", "JP"),
        ("Apple runs data centers in the US.", "en", "apple", "US"),
    ],
)
def test_location_of_the_data_center(text, lang, firm, code):
    assert row(text, firm, lang)["location"] == code


def test_location_skips_places_inside_firm_names_and_actors():
    assert row("오픈AI 코리아는 데이터센터 설립을 검토하고 있다.", "openai")["location"] is None


def test_script_decides_language_when_lang_is_unknown():
    out = stances("오라클은 국내 데이터센터 건립 계획을 철회했다.", lang=None)
    assert out == {"oracle": "declined"}
    assert stances("Oracle scrapped its Korean data center project.", lang="und") == {
        "oracle": "declined"
    }


def test_kiwi_is_loaded_once_and_keeps_firm_names_whole():
    from dagster_project.score.kiwi import kiwi, tokenize_many
    from dagster_project.score.score import get_scorer

    words = get_scorer().user_words
    score_articles(articles("오픈AI가 데이터센터를 짓는다.", "오픈AI는 데이터센터를 검토한다."))
    before = kiwi.cache_info()
    score_articles(articles("엑스AI가 데이터센터를 짓는다."))
    assert kiwi.cache_info().misses == before.misses  # no second model load
    forms = [t.form for t in tokenize_many(words, ["오픈AI가 엑스AI와 데이터센터를 짓는다."])[0]]
    assert "오픈AI" in forms and "엑스AI" in forms


# --- found by scoring the demo corpus with its headlines as headlines ------------------


def _with_title(title: str, body: str, lang: str) -> dict[str, str]:
    from dagster_project.score import aggregate_stances

    agg = aggregate_stances(score_articles(articles(body, lang=lang, title=title)))
    return dict(zip(agg["firm"], agg["stance"], strict=True))


def test_a_headline_borrows_the_data_center_topic_only_for_its_own_firm():
    body = (
        "메타는 AI 스마트 안경을 국내에 출시했다. "
        "오픈AI는 포항을 국내 첫 데이터센터 부지로 확정했다."
    )
    assert _with_title("메타, AI 안경 국내 출시", body, "ko") == {
        "meta": "mentioned",
        "openai": "committed",
    }
    # the same headline shape over a body about that firm's own site does borrow it
    own = "The company began building the data center on Monday."
    assert _with_title("Google breaks ground in Pyeongtaek", own, "en") == {"google": "committed"}


def test_ending_speculation_does_not_make_a_commitment_hearsay():
    text = (
        "Google formally committed to building its own data center in Korea, "
        "ending months of speculation."
    )
    assert stances(text, lang="en") == {"google": "committed"}
    hearsay = "Amid speculation, Google committed to building a data center in Korea."
    assert stances(hearsay, lang="en") == {"google": "considering"}


def test_nothing_decided_is_still_under_consideration():
    text = (
        "“We are looking at several regions for a data center, but nothing has been decided,” "
        "a spokesperson for Google Korea told reporters."
    )
    assert stances(text, lang="en") == {"google": "considering"}


def test_a_participial_opening_leaves_the_stance_to_the_subject_after_it():
    text = (
        "Having said for years that it had no plans, Google is now weighing a data center in Korea."
    )
    assert stances(text, lang="en") == {"google": "considering"}
    despite = "Despite government pressure to build a data center, Apple ruled out the idea."
    assert stances(despite, lang="en") == {"apple": "declined"}


# --- found by the sixth holdout set -----------------------------------------------------


@pytest.mark.parametrize(
    "text, firm, stance",
    [
        ("Google pulled the plug on its planned data center in Cheongju.", "google", "declined"),
        ("Meta has put its Busan data center project on ice.", "meta", "declined"),
        ('"Korea is not on our data center roadmap," Oracle said.', "oracle", "declined"),
        (
            "Oracle is kicking the tires on sites for a data center in Gangwon.",
            "oracle",
            "considering",
        ),
        ("OpenAI said its Texas data center is up and running.", "openai", "operating"),
        (
            "Google said it would no longer delay its data center and will start construction.",
            "google",
            "committed",
        ),
        # a question nobody answers is no stance (the labelling guide)
        ("Will Microsoft open a data center in Busan?", "microsoft", "mentioned"),
        (
            "While rivals race to build in Asia, Apple has no plans for a data center in Japan.",
            "apple",
            "declined",
        ),
        (
            "Despite repeated requests from Seoul, Nvidia said it had no intention of running "
            "its own data centers in the country.",
            "nvidia",
            "declined",
        ),
    ],
)
def test_english_idioms_questions_and_openings(text, firm, stance):
    assert stances(text, lang="en") == {firm: stance}


@pytest.mark.parametrize(
    "text, firm, stance",
    [
        (
            "마이크로소프트는 한국에 데이터센터를 추가로 지을 계획이 전혀 없다고 밝혔다.",
            "microsoft",
            "declined",
        ),
        ("구글은 한국에 데이터센터를 지을 계획이 당분간 없다고 밝혔다.", "google", "declined"),
        ("오픈AI의 데이터센터 건립 계획이 차질 없이 진행되고 있다.", "openai", "committed"),
        (
            '브래드 스미스 마이크로소프트 부회장은 "데이터센터를 지을 계획이 없다"고 말했다.',
            "microsoft",
            "declined",
        ),
        # an unanswered question is no stance (the labelling guide)
        ("오라클은 과연 부산에 새 데이터센터를 열까.", "oracle", "mentioned"),
        (
            "엔비디아는 데이터센터를 짓는 안건이 이사회를 통과했다고 밝혔다.",
            "nvidia",
            "committed",
        ),
    ],
)
def test_korean_adverbs_titles_questions_and_board_approval(text, firm, stance):
    assert stances(text) == {firm: stance}


def test_a_sentence_pointing_back_to_the_plan_holds_the_carried_stance():
    text = "앤트로픽은 한국 데이터센터 후보지를 물색했다. 그러나 올해 들어 이 계획을 전면 철회했다."
    rows = score_articles(articles(text)).filter(pl.col("firm") == "anthropic")
    assert rows.select("sentence_idx", "stance").rows() == [(1, "considering"), (2, "declined")]
    english = "Anthropic scouted sites for a data center in Korea. It later scrapped the plan."
    rows = score_articles(articles(english, lang="en"))
    assert rows.select("sentence_idx", "stance").rows() == [(1, "considering"), (2, "declined")]


@pytest.mark.parametrize(
    "text, lang",
    [
        (
            "앤트로픽은 한국 데이터센터 후보지를 물색했다. 그러나 올해 들어 이 계획을 철회했다.",
            "ko",
        ),
        (
            "Anthropic scouted sites for a data center in Korea. But it later scrapped the plan.",
            "en",
        ),
        (
            "Anthropic scouted sites for a data center in Korea. "
            "However, the company later scrapped the plan.",
            "en",
        ),
    ],
)
def test_a_turn_in_the_story_is_the_articles_stance(text, lang):
    assert stances(text, lang=lang) == {"anthropic": "declined"}


def test_a_data_center_building_is_a_thing_not_an_act():
    text = "OpenAI's first data center building in Texas is up and running, the company said."
    assert stances(text, lang="en") == {"openai": "operating"}
    assert stances("Google is building a data center in Korea.", lang="en") == {
        "google": "committed"
    }


def test_apple_growers_are_not_apple():
    text = "Apple growers in Yesan worry that the proposed data center will drain their wells."
    assert score_articles(articles(text, lang="en")).height == 0


@pytest.mark.parametrize(
    "text, firm, stance",
    [
        (
            "메타는 덴마크 오덴세 데이터센터에서 나오는 폐열을 주택 난방에 공급하고 있다.",
            "meta",
            "operating",
        ),
        (
            "애플은 구이저우 데이터센터에서 현지 이용자의 데이터를 처리하고 있다.",
            "apple",
            "operating",
        ),
        ("구글은 데이터센터에서 쓸 전력을 확보하고 있다.", "google", "mentioned"),
        ("구글은 데이터센터에서 쓸 전력을 확보했다.", "google", "mentioned"),
    ],
)
def test_work_going_on_in_the_firms_data_center_means_it_runs_one(text, firm, stance):
    assert stances(text) == {firm: stance}


@pytest.mark.parametrize(
    "text, lang, firm, code",
    [
        ("Microsoft walked away from a data center deal in Indiana.", "en", "microsoft", "US"),
        ("메타는 미국 루이지애나주에 데이터센터 건설을 시작했다.", "ko", "meta", "US"),
        ("Google pulled the plug on its planned data center in Cheongju.", "en", "google", "KR"),
        (
            "Microsoft is reportedly scouting land near Hyderabad for a data center.",
            "en",
            "microsoft",
            "IN",
        ),
    ],
)
def test_more_places_and_no_place_inside_another_name(text, lang, firm, code):
    assert row(text, firm, lang=lang)["location"] == code


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        (
            "SK텔레콤은 아마존웹서비스와 울산 AI 데이터센터 공동 투자 계약을 체결했다.",
            "ko",
            {"amazon": "committed"},
        ),
        ("SK텔레콤은 AWS와 손잡고 울산에 데이터센터를 짓는다.", "ko", {"amazon": "committed"}),
        ("KT는 엔비디아와 데이터센터용 GPU 공급 계약을 체결했다.", "ko", {"nvidia": "mentioned"}),
        (
            "KT는 마이크로소프트와 경쟁하며 데이터센터를 늘리고 있다.",
            "ko",
            {"microsoft": "mentioned"},
        ),
        (
            "SK Telecom signed a deal with AWS to build an AI data center in Ulsan.",
            "en",
            {"amazon": "committed"},
        ),
        (
            "OpenAI partnered with Oracle to build a data center in Korea.",
            "en",
            {"openai": "committed", "oracle": "committed"},
        ),
        (
            "KT signed a deal with Nvidia to buy chips for its data centers.",
            "en",
            {"nvidia": "mentioned"},
        ),
        (
            "Naver competes with Google in cloud services and runs data centers in Chuncheon.",
            "en",
            {"google": "mentioned"},
        ),
    ],
)
def test_the_other_party_to_an_agreement_holds_it_but_not_a_seller(text, lang, expected):
    # domestic firms are counterparties: a foreign firm signing with one commits itself
    assert stances(text, lang=lang) == expected


@pytest.mark.parametrize(
    "text",
    [
        "애플은 데이터센터 건립 대신 국내 업체 설비를 빌려 쓰는 쪽을 골랐다.",
        "애플은 데이터센터 설립 대신 한국 기업과의 협력을 늘리기로 했다.",
        "애플은 국내 데이터센터 설치 요구를 받아들일 수 없다는 입장이다.",
    ],
)
def test_korean_substitution_and_cannot_accept_are_refusals(text):
    assert stances(text) == {"apple": "declined"}


def test_an_act_named_as_an_obstacle_is_not_done():
    text = "IBM said the difficulty of acquiring land in Daejeon holds up the data center."
    assert stances(text, lang="en") == {"ibm": "mentioned"}
    assert stances("IBM is acquiring land in Daejeon for a data center.", lang="en") == {
        "ibm": "committed"
    }


def test_a_new_subject_after_a_time_starts_its_own_clause():
    # "…했고 최근에는 X가 …": the time or place told first does not join the clauses
    text = "IBM은 지난 6월 부산 데이터센터를 완공했고 최근에는 KT가 김해에 센터를 짓고 있다."
    assert stances(text) == {"ibm": "operating"}
