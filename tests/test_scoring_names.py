"""A data center known by its own name: once an article names its facility ("Aurora, a
GPU supercomputer", "데이터센터 '한빛'"), the name counts as a data-center term in the
article's other sentences."""

from __future__ import annotations

import pytest
from test_scoring_support import stances

from dagster_project.score.facilities import facility_names
from dagster_project.score.score import get_scorer


@pytest.mark.parametrize(
    "text",
    [
        # the facility named in an apposition, then only by its name
        "Last week xAI put Aurora, a new GPU supercomputer in Texas, to work. "
        "Aurora went live on Monday, xAI said.",
        # named with "dubbed"
        "The data center is dubbed Aurora. xAI switched on Aurora in Dallas last month.",
    ],
)
def test_english_a_named_facility_carries_its_stance(text):
    assert stances(text, lang="en") == {"xai": "operating"}


def test_english_a_name_alone_is_no_data_center():
    text = "Aurora is a brand of xAI. xAI launched Aurora in Texas last month."
    assert stances(text, lang="en") == {"xai": "mentioned"}


def test_korean_a_named_facility_carries_its_stance():
    text = "애플은 데이터센터 '한빛'을 소개했다.\n애플은 지난해 한빛을 완공했다."
    assert stances(text) == {"apple": "operating"}


def test_names_that_are_firms_places_or_terms_are_no_names():
    s = get_scorer()
    sentences = [
        "Google, a cloud provider with a campus nearby, said so.",
        "Seoul, a city with a data center, grew.",
        "The Aurora supercomputer runs.",
    ]
    assert facility_names(sentences, "en", s.lexicon, s.registry) == {"Aurora"}


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        # a Korean name written with spaces, or its acronym
        ("프린스턴 디지털 그룹(PDG)은 인천에 데이터센터를 짓고 있다.", "pdg"),
        ("PDG is building a data center in Incheon.", "pdg"),
        # the group glued to the name is the firm
        ("소프트뱅크그룹은 인천에 데이터센터를 짓고 있다.", "softbank"),
    ],
)
def test_spellings_of_a_firms_name(text, firm):
    lang = "en" if text.isascii() else "ko"
    assert stances(text, lang=lang) == {firm: "committed"}
