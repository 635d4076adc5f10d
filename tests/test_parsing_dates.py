"""Date strings as news pages write them, read as aware UTC datetimes."""

from datetime import UTC, datetime

import pytest

from dagster_project.parse.dates import choose_dates
from dagster_project.parse.datetimes import KST, parse_datetime


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-09-10T16:59:31+09:00", utc(2025, 9, 10, 7, 59, 31)),
        ("2025-09-10T07:59:31Z", utc(2025, 9, 10, 7, 59, 31)),
        ("2025-09-10T07:59:31.123-04:00", utc(2025, 9, 10, 11, 59, 31)),
        ("2025.09.10 16:59", utc(2025, 9, 10, 7, 59)),  # no offset: KST
        ("2025-09-10 16:59:31", utc(2025, 9, 10, 7, 59, 31)),
        ("2025/09/10 08:30", utc(2025, 9, 9, 23, 30)),
        ("2025.9.10.", utc(2025, 9, 9, 15)),  # date only: KST midnight
        ("20250910165900", utc(2025, 9, 10, 7, 59)),
        ("2025.09.10. 오후 4:59", utc(2025, 9, 10, 7, 59)),
        ("2025-09-10 오전 9:05", utc(2025, 9, 10, 0, 5)),
        ("2025년 9월 10일", utc(2025, 9, 9, 15)),
        ("2025년 9월 10일 (수) 오후 4:59", utc(2025, 9, 10, 7, 59)),
        ("2025년 09월 10일 16시 59분", utc(2025, 9, 10, 7, 59)),
        ("2025년 9월 10일 오전 12:05", utc(2025, 9, 9, 15, 5)),
        ("Sep 10, 2025", utc(2025, 9, 9, 15)),
        ("September 10, 2025 4:59 PM ET", utc(2025, 9, 10, 20, 59)),
        ("NOVEMBER 20, 2019 10:43", utc(2019, 11, 20, 1, 43)),
        ("10 September 2025, 16:59 GMT", utc(2025, 9, 10, 16, 59)),
        ("Wed, 10 Sep 2025 07:59:00 +0000", utc(2025, 9, 10, 7, 59)),
    ],
)
def test_formats_in_a_korean_page_zone(text, expected):
    assert parse_datetime(text, KST) == expected


def test_default_zone_is_utc():
    assert parse_datetime("2025-09-10 16:59") == utc(2025, 9, 10, 16, 59)


@pytest.mark.parametrize("text", [None, "", "yesterday", "2025-13-45", "no date here"])
def test_unreadable_values_give_none(text):
    assert parse_datetime(text, KST) is None


@pytest.mark.parametrize(
    "line",
    [
        "POSTED ON: September 10, 2025",
        "Publıshed September 10, 2025",  # a dotless i matches 'i' when case is ignored
        "Publiſhed September 10, 2025",  # so does a long s match 's'
        "입력 2025.09.10",
        "기사입력 : 2025년 9월 10일",
    ],
)
def test_a_date_line_is_found_in_any_case_the_patterns_ignore(line):
    # The search skips a pattern when the text lacks its words: never when the pattern,
    # ignoring case, would have matched.
    text = "Markets rose on Tuesday after a quiet week. " * 400 + line
    published, _, source = choose_dates({}, {}, text[-19_000:], UTC, None, None)
    assert published == datetime(2025, 9, 10, tzinfo=UTC)
    assert source in ("visible", "byline")


def test_a_page_without_a_date_word_gets_no_date_from_its_text():
    text = "Markets rose on Tuesday, 2025.09.10, after a quiet week."
    assert choose_dates({}, {}, text, UTC, None, None) == (None, None, None)
