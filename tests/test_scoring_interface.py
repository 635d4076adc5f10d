"""The scorer's public contract: schema, ordering, determinism, aggregation, version."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from test_scoring_support import articles

from dagster_project import score as scoring
from dagster_project.score import (
    SCORER_VERSION,
    STANCES,
    aggregate_stances,
    load_registry,
    score_articles,
)
from dagster_project.score.rules import STANCE_WEIGHTS
from dagster_project.score.version import scorer_version

MENTION_COLUMNS = {
    "article_id": pl.String,
    "firm": pl.String,
    "sentence_idx": pl.Int32,
    "sentence": pl.String,
    "evidence": pl.String,
    "stance": pl.String,
    "score": pl.Float64,
    "confidence": pl.Float64,
    "location": pl.String,
    "holder": pl.String,
    "counterparties": pl.String,
    "scorer_version": pl.String,
}
STANCE_COLUMNS = {
    "article_id": pl.String,
    "firm": pl.String,
    "stance": pl.String,
    "score": pl.Float64,
    "confidence": pl.Float64,
    "evidence": pl.String,
    "location": pl.String,
    "n_mentions": pl.Int32,
    "scorer_version": pl.String,
}


def test_stances_and_weights_are_the_documented_ones():
    assert STANCES == ("committed", "considering", "declined", "operating", "mentioned")
    assert STANCE_WEIGHTS == {
        "committed": 1.0,
        "operating": 0.75,
        "considering": 0.5,
        "mentioned": 0.0,
        "declined": -1.0,
    }


def test_empty_input_gives_empty_frames_with_schema():
    empty = articles()
    assert dict(score_articles(empty).schema) == MENTION_COLUMNS
    assert dict(aggregate_stances(score_articles(empty)).schema) == STANCE_COLUMNS


def test_no_firm_gives_empty_frame_with_schema():
    out = score_articles(
        articles("날씨가 맑다. 데이터센터 전력 수요가 늘었다.", "The weather was fine.")
    )
    assert out.height == 0
    assert dict(out.schema) == MENTION_COLUMNS


def test_mentions_schema_order_and_values():
    frame = articles(
        "구글은 한국에 데이터센터를 지을 계획이 없다고 밝혔다. "
        "오픈AI는 데이터센터 설립을 고려하고 있다.",
        "AWS operates data centers in Seoul. Meta released a new model.",
        title="제목 없음",
    ).with_columns(pl.Series("lang", ["ko", "en"]))
    out = score_articles(frame)
    assert dict(out.schema) == MENTION_COLUMNS
    assert out.equals(out.sort("article_id", "sentence_idx", "firm"))
    assert set(out["stance"].unique()) <= set(STANCES)
    assert (out["scorer_version"] == SCORER_VERSION).all()
    assert out.filter(pl.col("firm") == "google")["stance"].to_list() == ["declined"]
    assert out.filter(pl.col("firm") == "amazon")["location"].to_list() == ["KR"]
    for r in out.iter_rows(named=True):
        assert r["score"] == STANCE_WEIGHTS[r["stance"]]
        assert 0.0 <= r["confidence"] <= 1.0
        assert r["evidence"]


def test_title_is_sentence_zero():
    frame = pl.DataFrame(
        {
            "article_id": ["t"],
            "lang": ["en"],
            "title": ["Oracle scraps Seoul data center plan"],
            "body": ["The weather was fine."],
        }
    )
    out = score_articles(frame)
    assert out["sentence_idx"].to_list() == [0]
    assert out["stance"].to_list() == ["declined"]


def test_deterministic():
    frame = articles(
        "AWS와 SK텔레콤은 울산에 데이터센터를 짓기로 했다. 구글은 거절했다.",
        "MS는 부산에서 데이터센터를 운영하고 있다.",
    )
    assert_frame_equal(score_articles(frame), score_articles(frame))
    assert_frame_equal(score_articles(frame.reverse()), score_articles(frame))


def test_aggregate_picks_most_confident_stance_and_counts_mentions():
    mentions = pl.DataFrame(
        {
            "article_id": ["a"] * 4,
            "firm": ["google"] * 3 + ["openai"],
            # body sentences past the lede: the lede's own rank is tested in test_scoring_lede
            "sentence_idx": [4, 5, 6, 4],
            "sentence": ["s1", "s2", "s3", "s1"],
            "evidence": ["e"] * 4,
            "stance": ["mentioned", "considering", "declined", "mentioned"],
            "score": [0.0, 0.5, -1.0, 0.0],
            "confidence": [0.95, 0.7, 0.9, 0.95],
            "location": [None, "KR", "KR", None],
            "holder": [None, "구글", "구글", None],
            "counterparties": [None] * 4,
            "scorer_version": ["v"] * 4,
        },
        schema=MENTION_COLUMNS,
    )
    agg = aggregate_stances(mentions)
    assert dict(agg.schema) == STANCE_COLUMNS
    g = agg.filter(pl.col("firm") == "google").to_dicts()[0]
    assert (g["stance"], g["evidence"], g["n_mentions"], g["score"]) == ("declined", "s3", 3, -1.0)
    o = agg.filter(pl.col("firm") == "openai").to_dicts()[0]
    assert o["stance"] == "mentioned"


def test_aggregate_tie_prefers_stance_priority_then_later_sentence():
    base = {
        "article_id": ["a", "a", "a"],
        "firm": ["ibm"] * 3,
        "sentence_idx": [4, 5, 6],  # past the lede
        "sentence": ["s1", "s2", "s3"],
        "evidence": ["e"] * 3,
        "stance": ["considering", "committed", "considering"],
        "score": [0.5, 1.0, 0.5],
        "confidence": [0.8, 0.8, 0.8],
        "location": [None] * 3,
        "holder": [None] * 3,
        "counterparties": [None] * 3,
        "scorer_version": ["v"] * 3,
    }
    assert aggregate_stances(pl.DataFrame(base, schema=MENTION_COLUMNS))["evidence"].to_list() == [
        "s2"
    ]
    base["stance"] = ["considering", "considering", "considering"]
    assert aggregate_stances(pl.DataFrame(base, schema=MENTION_COLUMNS))["evidence"].to_list() == [
        "s3"
    ]


def test_scorer_version_changes_when_a_lexicon_file_changes(tmp_path):
    data = tmp_path / "data"
    src = Path(scoring.__file__).parent
    shutil.copytree(src, data, ignore=shutil.ignore_patterns("*.py", "__pycache__", "eval"))
    assert scorer_version(data) == SCORER_VERSION
    cues = data / "cues_en.yaml"
    cues.write_text(cues.read_text(encoding="utf-8") + "\n# one more comment\n", encoding="utf-8")
    changed = scorer_version(data)
    assert changed != SCORER_VERSION and changed.startswith("rules-1+")


@pytest.mark.slow
def test_a_changed_lexicon_changes_the_stance_and_the_stamp(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(
        Path(scoring.__file__).parent, data, ignore=shutil.ignore_patterns("*.py", "__pycache__")
    )
    sentence = articles("Oracle sidelined its Seoul data center plan.", lang="en")
    before = score_articles(sentence, data_dir=data)
    assert before["stance"].to_list() == ["mentioned"]
    cues = data / "cues_en.yaml"
    text = cues.read_text(encoding="utf-8").replace(
        '  - {p: "on hold", kind: refuse}',
        '  - {p: "on hold", kind: refuse}\n  - {p: "sideline(?:s|d)?", kind: refuse}',
    )
    cues.write_text(text, encoding="utf-8")
    after = score_articles(sentence, data_dir=data)
    assert after["stance"].to_list() == ["declined"]
    assert after["scorer_version"][0] != before["scorer_version"][0]


def test_registry_ids_and_domestic_flags():
    reg = load_registry()
    for firm in (
        "google",
        "openai",
        "microsoft",
        "amazon",
        "meta",
        "oracle",
        "nvidia",
        "apple",
        "anthropic",
        "ibm",
        "equinix",
        "digitalrealty",
        "coreweave",
        "xai",
        "alibaba",
        "tencent",
    ):
        assert firm in reg.foreign_ids
    for firm in ("sk", "samsung", "naver", "kakao", "kt", "lg"):
        assert firm not in reg.foreign_ids


@pytest.mark.parametrize(
    "text, firm",
    [
        ("AWS는", "amazon"),
        ("아마존웹서비스가", "amazon"),
        ("Amazon Web Services", "amazon"),
        ("구글코리아는", "google"),
        ("Alphabet", "google"),
        ("알파벳은", "google"),
        ("오픈에이아이는", "openai"),
        ("오픈 AI가", "openai"),
        ("챗GPT 운영사는", "openai"),
        ("MS는", "microsoft"),
        ("마이크로소프트와", "microsoft"),
    ],
)
def test_aliases_resolve_to_firm_ids(text, firm):
    assert [h.firm for h in load_registry().find(text)] == [firm]


def test_cue_needles_never_hide_a_match():
    """The literal pre-check must be a superset: whenever a cue regex matches a text,
    one of its needles occurs in it."""
    from dagster_project.score.lexicon import load_lexicon

    lex = load_lexicon()
    samples = [
        "Google declined to comment.",
        "Oracle wouldn't comment on it.",
        "Meta dropped plans.",
        "AWS broke ground.",
        "Groundbreaking held.",
        "It is not under consideration.",
        "Nvidia is keen to build.",
        "They gave up.",
        "Apple is unlikely to build.",
        "IBM shut its Seoul data center.",
        "Oracle has two cloud regions in Korea.",
        "It could build.",
        "The region is already live.",
        "Talks are in early discussions.",
    ]
    for text in samples:
        lower = text.lower()
        for cue in lex.en_cues:
            if cue.rx.search(text):
                assert cue.may_match(lower), (cue.source, text)
