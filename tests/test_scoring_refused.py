"""A plan refused by somebody else: "the proposal was denied", "신청이 부결됐다", a headline's
"… Proposal Denied", "위원회가 X가 추진한 계획을 거부했다". The firm did not step back;
its plan stands (considering), or it is only named."""

from __future__ import annotations

import polars as pl
import pytest
from test_scoring_support import stances

from dagster_project.score import aggregate_stances, score_articles

EN_REFUSED = [
    "Amazon's plan for a data center in Culpeper was rejected by the board.",
    "Google's data center application was turned down by the county council.",
    "Microsoft's proposal to build a data center in Mesa was blocked by regulators.",
    "Meta's request to rezone land for its data center campus was denied on Tuesday.",
]


@pytest.mark.parametrize("text", EN_REFUSED)
def test_a_plan_refused_in_the_passive_stands(text):
    (firm,) = stances(text, lang="en")
    assert stances(text, lang="en")[firm] == "considering"


def test_the_firm_that_refuses_still_declines():
    text = "Meta rejected the offer to build a data center in Korea."
    assert stances(text, lang="en") == {"meta": "declined"}
    assert stances("구글은 한국에 데이터센터를 지으라는 요구를 거부했다.") == {"google": "declined"}


def test_a_headline_ending_in_the_refusal_is_the_authority_s():
    frame = pl.DataFrame(
        {
            "article_id": ["a0"],
            "lang": ["en"],
            "title": ["Amazon Proposal For Data Center Rezoning in Culpeper County Denied"],
            "body": ["The planning commission voted after a long hearing."],
        }
    )
    agg = aggregate_stances(score_articles(frame))
    assert dict(zip(agg["firm"], agg["stance"], strict=True)) == {"amazon": "considering"}


def test_korean_passive_refusal_leaves_the_plan_standing():
    assert stances("아마존의 데이터센터 건립 계획이 주민 반대로 부결됐다.") == {
        "amazon": "considering"
    }


def test_the_firm_inside_the_object_of_somebody_elses_refusal_is_not_the_refuser():
    text = "에너지규제위원회가 아마존이 추진한 원전 기반 데이터센터 계획을 거부했다."
    assert stances(text)["amazon"] != "declined"
    # a data center as the head keeps the firm its builder
    assert stances("정부가 구글이 짓는 데이터센터를 지원한다.") == {"google": "committed"}


SUPPLIERS = [
    ("en", "Nvidia agreed to supply GPUs for the Stargate data center in Korea."),
    ("en", "Nvidia is in talks to supply chips for the data center SK is building."),
    ("ko", "엔비디아는 SK그룹이 추진하는 AI 데이터센터에 반도체를 공급하는 방안을 논의 중이다."),
]


@pytest.mark.parametrize(("lang", "text"), SUPPLIERS)
def test_a_supplier_is_not_a_builder(lang, text):
    assert stances(text, lang=lang)["nvidia"] == "mentioned"


def test_a_supply_ends_at_its_clause():
    text = "Nvidia will supply chips for the campus, and Google will build a data center in Seoul."
    assert stances(text, lang="en") == {"nvidia": "mentioned", "google": "committed"}
    weighing = "구글은 서울에 데이터센터를 짓는 방안을 논의 중이다."
    assert stances(weighing) == {"google": "considering"}


ANSWERS = [
    "The government asked Google to build a data center in Korea. The company declined.",
    "Seoul has urged Google to set up a local data center for years. Google has refused.",
    "Lawmakers asked Google to build a data center in Korea, but the company said no.",
]


@pytest.mark.parametrize("text", ANSWERS)
def test_a_bare_answer_to_a_build_asked_of_the_firm_is_a_refusal(text):
    assert stances(text, lang="en") == {"google": "declined"}


NO_COMMENT = [
    "Reuters asked Google to comment on its data center plans. Google declined.",
    "Asked to comment on its data center in Seoul, Google declined.",
    "Google plans a data center in Seoul. Shares of Google declined.",
]


@pytest.mark.parametrize("text", NO_COMMENT)
def test_a_bare_answer_to_anything_else_is_no_refusal(text):
    assert stances(text, lang="en")["google"] != "declined"


def test_interest_expressed_is_a_consideration():
    text = "Amazon has expressed interest in building a data center in Korea."
    assert stances(text, lang="en") == {"amazon": "considering"}
    bonds = "Investors showed little interest in Google data center bonds."
    assert stances(bonds, lang="en") == {"google": "mentioned"}


CONSIDERING = [
    ("en", "Google has held preliminary discussions with officials about a data center in Busan."),
    ("en", "Microsoft has shortlisted three sites for its Korean data center."),
    ("en", "AWS has begun talks with the city on a data center."),
    ("ko", "아마존은 데이터센터 설립을 위한 사전 조사에 착수했다."),
    ("ko", "구글은 데이터센터 건립 계획을 구체화하고 있다."),
    ("ko", "엔비디아는 데이터센터 건립을 위한 파트너를 찾고 있다."),
]


@pytest.mark.parametrize(("lang", "text"), CONSIDERING)
def test_talks_begun_a_shortlist_a_study_and_a_search_are_considerations(lang, text):
    assert set(stances(text, lang=lang).values()) == {"considering"}


def test_opting_to_serve_from_elsewhere_instead_is_a_refusal():
    text = "Google opted to serve Korean users from its data centers in Taiwan instead."
    assert stances(text, lang="en") == {"google": "declined"}


def _headline(title: str, body: str) -> dict[str, str]:
    frame = pl.DataFrame({"article_id": ["a0"], "lang": ["en"], "title": [title], "body": [body]})
    agg = aggregate_stances(score_articles(frame))
    return dict(zip(agg["firm"], agg["stance"], strict=True))


def test_an_authority_saying_no_to_the_firm_s_data_center_leaves_its_plan_standing():
    assert _headline("Council Rejects Google Data Center Plan", "The vote ended it.") == {
        "google": "considering"
    }
    assert _headline("Google Says No to Korean Data Center", "It cited security.") == {
        "google": "declined"
    }


def test_headline_forms_of_a_site_chosen_and_an_opening():
    assert _headline("OpenAI Picks Jeonnam for Korean Data Center", "It is near the coast.") == {
        "openai": "committed"
    }
    assert stances("구글, 부산에 데이터센터 연다") == {"google": "committed"}


@pytest.mark.parametrize(
    "text",
    [
        "Apple has decided to abandon its plans for a data centre in Athenry.",
        "Google agreed to scrap the data center in Mesa.",
    ],
)
def test_deciding_or_agreeing_to_step_back_is_the_step_back(text):
    assert set(stances(text, lang="en").values()) == {"declined"}
    assert stances("Microsoft decided to build a data center in Busan.", lang="en") == {
        "microsoft": "committed"
    }


@pytest.mark.parametrize(
    "text",
    [
        "IBM's plan for a data center in Daejeon fell through.",
        "IBM's Daejeon data center project fell apart over power costs.",
        "IBM has trashed its plan to build a data center in Daejeon.",
        "IBM dumped its Daejeon data center plans.",
    ],
)
def test_a_firms_plan_that_failed_is_a_step_back(text):
    assert stances(text, lang="en") == {"ibm": "declined"}


@pytest.mark.parametrize(
    "text",
    [
        # the plan's fate told in a relative clause on it
        "IBM sought to build a data center project in Frederick County, which fell through "
        "in 2021 after talks with the county stalled.",
        # ... in a clause of its own with the plan as subject
        "IBM planned a data center in Frederick County, but the project was scrapped last year.",
        # ... or in the next sentence, told as what came after the plan
        "IBM sought to build a data center in Frederick County. It later dropped the plan.",
        "IBM sought to build a data center in Frederick County. The project eventually fell "
        "through.",
    ],
)
def test_english_a_plan_that_failed_afterwards_is_declined(text):
    assert stances(text, lang="en") == {"ibm": "declined"}


def test_korean_a_plan_given_up_in_the_end_is_declined():
    text = (
        "IBM은 부산에 데이터센터를 짓기로 했다. 이후 부지 문제로 난항을 겪었고 결국 계획을 접었다."
    )
    assert stances(text) == {"ibm": "declined"}


def test_a_word_pointing_ahead_is_no_sequel():
    text = (
        "IBM will build a data center in Frederick County. It will decide later this year "
        "whether to drop a second site."
    )
    assert stances(text, lang="en") == {"ibm": "committed"}


def test_a_facility_s_opening_in_a_relative_clause_is_not_a_failed_plan():
    text = "IBM's data center in Frederick County, which opened in 2021, employs 40 people."
    assert stances(text, lang="en") == {"ibm": "operating"}


def test_korean_a_project_named_in_quotes_that_ended_is_declined():
    text = "IBM이 9년간 추진해온 해저 데이터센터 프로젝트 '파도(Pado)'를 조용히 종료했다."
    assert stances(text) == {"ibm": "declined"}
