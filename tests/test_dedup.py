"""Canonical URLs and story groups on small hand-written frames, plus a 10,000-article timing."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dagster_project.parse.dedup import canonical_url, story_groups

WIRE = (
    "오픈AI가 한국에 대규모 데이터센터 건립을 검토하고 있는 것으로 알려졌다. "
    "업계에 따르면 오픈AI는 "
    "국내 주요 통신사 및 지방자치단체와 부지 확보를 위한 협의를 진행 중이며, 전력 공급 여건과 "
    "냉각 설비 조건을 함께 따져보고 있다. 반면 구글은 정부의 국내 데이터센터 설치 요구에 대해 "
    "현재로서는 계획이 없다는 입장을 고수했다. 구글 측은 기존 해외 거점을 통해 국내 서비스를 "
    "안정적으로 제공하고 있다고 설명했다. 정부는 지도 데이터 반출 문제와 관련해 국내 서버 설치를 "
    "조건으로 제시한 바 있으며, 업계에서는 두 회사의 엇갈린 행보가 향후 인공지능 인프라 경쟁에 "
    "영향을 줄 것이라는 전망이 나온다. 한 업계 관계자는 데이터센터 입지가 확정되면 수조원대 투자가 "
    "뒤따를 것이라고 말했다."
)
OTHER = (
    "마이크로소프트가 부산 데이터센터의 증설 공사를 마치고 본격 가동에 들어갔다고 밝혔다. 회사는 "
    "이번 증설로 국내 클라우드 고객의 지연 시간이 줄고 재해 복구 역량이 강화될 것이라고 설명했다. "
    "마이크로소프트는 서울과 부산에서 데이터센터를 운영하고 있으며 추가 투자도 검토하고 있다. "
    "업계에서는 인공지능 수요가 늘면서 국내 데이터센터 확보 경쟁이 더 치열해질 것으로 보고 있다."
)
EN_A = (
    "OpenAI is considering building a data center in South Korea, according to people familiar "
    "with the talks, as the company looks for power and land near Seoul. Google, by contrast, "
    "told officials it has no plans to build one, citing its existing overseas facilities."
)
EN_B = (
    "Amazon Web Services broke ground on a new data center campus in Ulsan on Tuesday, part of "
    "a multi-year investment the company announced last year with SK Group to serve artificial "
    "intelligence customers across the country."
)


def frame(rows: list[tuple], with_dates: bool = False) -> pl.DataFrame:
    cols = ["article_id", "url", "source", "title", "body"] + (
        ["published_at"] if with_dates else []
    )
    return pl.DataFrame(rows, schema=cols, orient="row")


@pytest.mark.parametrize(
    "raw, canon",
    [
        (
            "http://www.news.example:80/a/b?utm_source=rss&utm_medium=x&id=7#top",
            "https://news.example/a/b?id=7",
        ),
        ("https://m.news.example/a/b?fbclid=abc&gclid=1&id=7", "https://news.example/a/b?id=7"),
        ("https://news.example/a/b/amp", "https://news.example/a/b"),
        ("https://news.example/amp/a/b", "https://news.example/a/b"),
        ("https://news.example/a/b?outputType=amp", "https://news.example/a/b"),
        ("https://news.example:8443/a?b=2&a=1", "https://news.example:8443/a?a=1&b=2"),
        ("https://m.example/x", "https://m.example/x"),  # a bare domain named "m" keeps its name
    ],
)
def test_canonical_url(raw, canon):
    assert canonical_url(raw) == canon


def test_a_wire_story_in_two_outlets_is_one_story_and_other_stories_are_not():
    df = frame(
        [
            ("a1", "https://wire.example/1", "wire", "오픈AI, 한국 데이터센터 검토", WIRE),
            (
                "a2",
                "https://daily.example/2?utm_source=rss",
                "daily",
                "[종합] 오픈AI 데이터센터 검토",
                "[서울=데일리뉴스] 김기자 기자 = "
                + WIRE
                + " ⓒ 데일리뉴스, 무단전재 및 재배포 금지. 많이 본 뉴스",
            ),
            ("a3", "https://ledger.example/3", "ledger", "MS 부산 데이터센터 증설", OTHER),
            ("a4", "https://ledger.example/4", "ledger", "OpenAI weighs Korea", EN_A),
            ("a5", "https://ledger.example/5", "ledger", "AWS breaks ground", EN_B),
            ("a6", "https://wire.example/1#comments", "wire", "same url", "short"),
        ]
    )
    out = story_groups(df)
    sid = dict(zip(out["article_id"], out["story_id"], strict=True))
    assert sid["a1"] == sid["a2"] == sid["a6"] == "a1"
    assert len({sid["a1"], sid["a3"], sid["a4"], sid["a5"]}) == 4
    assert out["is_copy"].to_list() == [False, True, False, False, False, True]
    assert out["n_copies"].to_list() == [2, 2, 0, 0, 0, 2]


def test_exact_copies_share_a_hash_and_the_earliest_is_the_original():
    t = [datetime(2026, 3, d, tzinfo=UTC) for d in (3, 1, 2)]
    df = frame(
        [
            ("late", "https://a.example/1", "a", "t", "Same   text\nhere", t[0]),
            ("first", "https://b.example/1", "b", "t", "Same text here", t[1]),
            ("blank1", "https://c.example/1", "c", "", "", t[2]),
            ("blank2", "https://c.example/2", "c", "", None, t[2]),
        ],
        with_dates=True,
    )
    out = story_groups(df)
    assert out["content_hash"][0] == out["content_hash"][1]
    expected = pl.DataFrame(
        {
            "article_id": ["late", "first", "blank1", "blank2"],
            "story_id": [
                "first",
                "first",
                "blank1",
                "blank2",
            ],  # empty pages are not each other's copy
            "is_copy": [True, False, False, False],
            "n_copies": pl.Series([1, 1, 0, 0], dtype=pl.UInt32),
        }
    )
    assert_frame_equal(out.drop("content_hash"), expected)


@pytest.mark.slow
def test_ten_thousand_articles_group_their_copies_only():
    # speed is measured in benchmarks/incremental_bench.py, not asserted here
    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(20000)] + ["데이터센터", "구글", "오픈AI", "한국"]
    bodies = [" ".join(rng.choices(vocab, k=350)) for _ in range(8000)]
    rows = [
        (f"a{i}", f"https://s{i % 20}.example/{i}", "s", f"t{i}", b) for i, b in enumerate(bodies)
    ]
    rows += [
        (f"c{i}", f"https://o.example/{i}", "o", f"t{i}", "보도자료 " + bodies[i] + " 끝")
        for i in range(2000)
    ]
    out = story_groups(frame(rows))
    assert out.filter(pl.col("article_id").str.starts_with("c"))["is_copy"].all()
    assert out["is_copy"].sum() == 2000  # and no unrelated article was folded in
