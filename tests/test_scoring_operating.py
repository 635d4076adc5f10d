"""Ways real news says a foreign firm runs a data center now: went live, began
operations, owns, leases space (the tenant runs it), 출범, 임대해 쓰고 있다, N곳을 두고 있다,
and an outage at its region."""

from __future__ import annotations

import polars as pl
import pytest
from test_scoring_support import articles, stances

from dagster_project.score import aggregate_stances, score_articles


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("Tencent Cloud's second data center in Seoul went live last month.", "tencent"),
        ("Equinix owns a data center in Mokdong that began operations in 2019.", "equinix"),
        ("Oracle leases data center space from KT in Mokdong.", "oracle"),
        ("The Chuncheon data center began commercial operations in May, IBM said.", "ibm"),
    ],
)
def test_english_running_facility(text, firm):
    assert stances(text, lang="en") == {firm: "operating"}


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("오라클은 KT 목동 데이터센터를 임대해 쓰고 있다.", "oracle"),
        ("IBM 클라우드는 2019년 서울 리전을 출범시켰다.", "ibm"),
        ("에퀴닉스는 수도권에 데이터센터 3곳을 두고 있다.", "equinix"),
    ],
)
def test_korean_running_facility(text, firm):
    assert stances(text) == {firm: "operating"}


def test_korean_landlord_leasing_out_is_no_tenant_operation_of_its_own():
    # the domestic landlord leases out; the foreign firm is only its customer here
    assert stances("KT는 목동 데이터센터를 오라클에 임대하고 있다.") == {"oracle": "mentioned"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("텐센트 오사카 리전 네트워크 장애에 게임 서비스 3시간 먹통\n복구는 오후에 끝났다.", "ko"),
        ("텐센트 오사카 리전에서 정전이 일어나 게임 서비스가 멈췄다.", "ko"),
        ("A power failure at the Tencent Osaka region took games offline for hours.", "en"),
        ("Tencent said the outage in its Osaka region was caused by a cooling fault.", "en"),
    ],
)
def test_an_outage_at_the_firms_region_means_it_runs_one_there(text, lang):
    assert stances(text, lang=lang) == {"tencent": "operating"}


def test_an_outage_of_a_service_alone_names_no_facility():
    text = "Tencent said the outage of its messaging app was fixed within an hour."
    assert stances(text, lang="en") == {"tencent": "mentioned"}


OPENINGS_TOLD_AS_NOUNS = [
    "The launch of the Microsoft Jakarta data centre plays a key role in the region's growth.",
    "In 2018, Apple made headlines with the launch of its first iCloud data center in Guizhou.",
    "Microsoft marked the first anniversary of its Jakarta cloud region on May 29.",
    "Google held an opening ceremony for its data center in Clarksville on Tuesday.",
]


@pytest.mark.parametrize("text", OPENINGS_TOLD_AS_NOUNS)
def test_an_opening_told_as_a_noun_is_a_site_that_runs(text):
    assert set(stances(text, lang="en").values()) == {"operating"}


def test_an_opening_still_ahead_is_a_commitment():
    text = "Oracle is preparing for the launch of its Seoul region next month."
    assert stances(text, lang="en") == {"oracle": "committed"}


def test_the_month_may_is_no_hedge():
    text = "Google opened its data center in Seoul on May 29."
    assert stances(text, lang="en") == {"google": "operating"}
    hedge = "Google may build a data center in Seoul."
    assert stances(hedge, lang="en") == {"google": "considering"}


def test_older_spellings_of_data_center_are_read_and_quoted_as_written():
    text = "구글은 서울에 데이타 센타를 짓는다."
    assert stances(text) == {"google": "committed"}
    rows = score_articles(articles(text)).to_dicts()
    assert rows[0]["sentence"] == text  # the sentence as the article writes it


def test_a_rank_among_regions_is_no_worldwide_scope():
    text = "The AWS Europe (Stockholm) Region, our 20th Region globally, is now available."
    assert stances(text, lang="en") == {"amazon": "operating"}
    everywhere = "Equinix runs 270 data centers worldwide."
    assert stances(everywhere, lang="en") == {"equinix": "mentioned"}


def test_a_dated_opening_in_the_lede_is_background_to_a_new_build():
    frame = articles(
        "Microsoft opened its first Busan data center in 2022. "
        "On Tuesday it said it will build a second one nearby.",
        lang="en",
        title="Microsoft to Build Second Data Center in Busan",
    )
    agg = aggregate_stances(score_articles(frame))
    assert dict(zip(agg["firm"], agg["stance"], strict=True)) == {"microsoft": "committed"}
    ko = (
        "마이크로소프트는 2022년 부산에 첫 데이터센터를 열었다. "
        "이번에 두 번째 데이터센터 공사에 들어갔다."
    )
    assert stances(ko) == {"microsoft": "committed"}


def test_an_anaphor_after_a_time_phrase_still_holds():
    text = "Oracle runs a region in Seoul. On Tuesday it said it will build a second one in Busan."
    rows = score_articles(articles(text, lang="en"))
    assert "committed" in rows.filter(pl.col("firm") == "oracle")["stance"].to_list()


def test_a_joined_build_announced_as_still_ahead_is_a_commitment():
    ahead = "마이크로소프트는 태국에 데이터센터를 짓고 클라우드 인프라를 제공하겠다고 발표했다."
    assert stances(ahead) == {"microsoft": "committed"}
    done = "구글은 대만에 데이터센터를 짓고 운영해 왔다고 밝혔다."
    assert stances(done) == {"google": "operating"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # an outage of the firm's cloud, named right after it or before it: it runs there
        ("오라클 클라우드 장애로 국내 쇼핑몰 결제가 두 시간 동안 마비됐다.", "ko"),
        ("오라클(Oracle) 서버 오류로 은행 앱이 멈췄다.", "ko"),
        ("An Oracle outage knocked out banking apps across Korea.", "en"),
        ("An outage at Oracle left game studios offline for an hour.", "en"),
    ],
)
def test_an_outage_of_the_firms_cloud_is_a_site_that_runs(text, lang):
    assert stances(text, lang=lang) == {"oracle": "operating"}


def test_a_cloud_named_without_an_outage_is_only_mentioned():
    assert stances("오라클은 세계에서 많이 쓰이는 클라우드 서비스다.") == {"oracle": "mentioned"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a lease decided or taken on in addition is a new commitment ...
        ("IBM은 오사카 데이터센터를 추가로 임차하기로 했다.", "committed"),
        ("IBM이 킹스턴의 데이터센터를 대규모로 추가 임차한다.", "committed"),
        # ... a lease in use is a facility the tenant runs
        ("IBM은 오사카 데이터센터를 임차해 쓰고 있다.", "operating"),
    ],
)
def test_korean_a_new_lease_is_committed_a_lease_in_use_operating(text, expected):
    assert stances(text) == {"ibm": expected}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("IBM은 향후 4년간 싱가포르 클라우드 컴퓨팅 인프라 확장에 100억 달러를 투자한다.", "ko"),
        (
            "IBM will invest $10 billion to expand its cloud computing infrastructure in Chile.",
            "en",
        ),
    ],
)
def test_cloud_computing_infrastructure_built_out_is_data_centers(text, lang):
    assert stances(text, lang=lang) == {"ibm": "committed"}


def test_using_a_firm_s_cloud_infrastructure_is_no_build():
    assert stances("Retailers use IBM cloud infrastructure to run apps.", lang="en") == {
        "ibm": "mentioned"
    }


def test_english_what_powers_the_firm_s_own_facility_tells_it_runs():
    text = "IBM uses gas turbines to power its data centre in Memphis."
    assert stances(text, lang="en") == {"ibm": "operating"}


def test_english_a_permit_of_several_words_in_hand_is_a_commitment():
    text = "IBM has received a building permit for its data centre in Tennessee."
    assert stances(text, lang="en") == {"ibm": "committed"}
