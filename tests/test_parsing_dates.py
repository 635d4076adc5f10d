"""Date strings as news pages write them, read as aware UTC datetimes."""

from datetime import UTC, datetime

import pytest

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
