"""Headline forms: "X Plans Second Y Data Center" is the firm's own plan, "Why X Won't
Build …" states what it explains, "X Nears Deal for a Site" is still talking, and a
quoted Korean headline ("\\"X, …\\"") opens with its topic. "plans for the data center"
inside a sentence stays a noun, not a plan stated."""

from __future__ import annotations

import pytest
from test_scoring_support import stances


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apple Plans Second Athenry Data Center\nThe first opened in 2019.", "committed"),
        ("Apple plans $1 billion data center in Athenry\nWork starts in May.", "committed"),
        ("Why Apple Won't Build an Athenry Data Center\nIt has enough capacity.", "declined"),
        ("Apple Nears Deal for Athenry Data Center Site\nTalks may end soon.", "considering"),
    ],
)
def test_english_headline_forms(text, expected):
    assert stances(text, lang="en") == {"apple": expected}


def test_english_plans_for_a_data_center_inside_a_question_is_no_plan():
    text = "Apple answered questions about the plans for the data center being paused."
    assert stances(text, lang="en") == {"apple": "declined"}


def test_korean_a_quoted_headline_opens_with_its_topic():
    text = '"애플, 아테네리에 데이터센터 건립 추진"\n회사는 1조 원을 들일 예정이다.'
    assert stances(text) == {"apple": "committed"}
