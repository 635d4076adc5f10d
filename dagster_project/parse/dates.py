"""Choose an article's published and updated times, and say where they came from.

Order: JSON-LD, meta tags, a Korean byline (입력 / 수정 / 기사승인 …), a
visible English date line, and only then the feed's date. The fetch time is
never used: no evidence gives None.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from .datetimes import ENGLISH_DMY, ENGLISH_MDY, KOREAN, NUMERIC, parse_datetime

PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "article:published",
    "published_time",
    "datepublished",
    "og:regdate",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "date",
    "article.published",
    "datecreated",
    "article-time-element",
)
UPDATED_META = (
    "article:modified_time",
    "og:updated_time",
    "article:modified",
    "modified_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "lastmod",
    "last-modified",
    "og:article:modified_time",
    "article.updated",
)
_ANY_DATE = "|".join(f"(?:{p.pattern})" for p in (NUMERIC, KOREAN))
_KO_PUBLISHED = re.compile(
    r"(?:기사입력|최초입력|입력|기사승인|승인|등록|게재|발행|송고|작성)\s*(?:일|일시|시간)?\s*[:：]?\s*[\[(]?\s*"
    r"(" + _ANY_DATE + ")"
)
_KO_UPDATED = re.compile(
    r"(?:최종수정|기사수정|수정|업데이트|갱신)\s*(?:일|일시|시간)?\s*[:：]?\s*[\[(]?\s*("
    + _ANY_DATE
    + ")"
)
_EN_DATE = "|".join(f"(?:{p.pattern})" for p in (ENGLISH_MDY, ENGLISH_DMY, NUMERIC))
_EN_PUBLISHED = re.compile(
    r"\b(?:Published|Posted|First published|Created)\s*(?:on|at)?\s*[:：]?\s*(" + _EN_DATE + ")",
    re.I,
)
_EN_UPDATED = re.compile(
    r"\b(?:Updated|Last updated|Modified|Last modified)\s*(?:on|at)?\s*[:：]?\s*(" + _EN_DATE + ")",
    re.I,
)
# A word each pattern needs (re.IGNORECASE for the English ones): most pages hold none of
# a pattern's words, and a substring test skips its regex, which is slow over 20,000
# characters. Under re.IGNORECASE only these non-ASCII letters match ASCII ones (İ ı K ſ),
# so a text holding one of them is searched whatever its words.
_NEEDS = {
    _KO_PUBLISHED: ("입력", "승인", "등록", "게재", "발행", "송고", "작성"),
    _KO_UPDATED: ("수정", "업데이트", "갱신"),
    _EN_PUBLISHED: ("published", "posted", "created"),
    _EN_UPDATED: ("updated", "modified"),
}
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u212a", "\u017f")
_EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)
# Only the top of the visible text is searched: bylines sit near the headline,
# while related-article lists lower down carry other articles' dates.
_VISIBLE_CHARS = 20_000


def _plausible(dt: datetime | None, fetched_at: datetime | None) -> datetime | None:
    if dt is None or dt < _EARLIEST:
        return None
    if fetched_at is not None and dt > fetched_at + timedelta(days=1):
        return None
    return dt


def _first(values, zone, fetched_at) -> datetime | None:
    for value in values:
        dt = _plausible(parse_datetime(value if isinstance(value, str) else None, zone), fetched_at)
        if dt:
            return dt
    return None


def _search(pattern: re.Pattern, text: str, zone, fetched_at, low: str) -> datetime | None:
    """The first plausible date ``pattern`` finds in ``text`` (``low``: the text lowercased)."""
    if not any(word in low for word in _NEEDS[pattern]) and not any(
        ch in text for ch in _FOLDS_TO_ASCII
    ):
        return None
    for m in pattern.finditer(text):
        dt = _plausible(parse_datetime(m.group(1), zone), fetched_at)
        if dt:
            return dt
    return None


def choose_dates(
    ld: dict,
    meta: dict[str, str],
    visible: str,
    zone: timezone,
    feed_published_at: datetime | None,
    fetched_at: datetime | None,
) -> tuple[datetime | None, datetime | None, str | None]:
    """Return (published_at, updated_at, date_source) from the page's evidence."""
    visible = visible[:_VISIBLE_CHARS]
    low = visible.lower()
    sources = (
        (
            "jsonld",
            lambda: _first([ld.get("datePublished"), ld.get("dateCreated")], zone, fetched_at),
            lambda: _first([ld.get("dateModified")], zone, fetched_at),
        ),
        (
            "meta",
            lambda: _first([meta.get(k) for k in PUBLISHED_META], zone, fetched_at),
            lambda: _first([meta.get(k) for k in UPDATED_META], zone, fetched_at),
        ),
        (
            "byline",
            lambda: _search(_KO_PUBLISHED, visible, zone, fetched_at, low),
            lambda: _search(_KO_UPDATED, visible, zone, fetched_at, low),
        ),
        (
            "visible",
            lambda: _search(_EN_PUBLISHED, visible, zone, fetched_at, low),
            lambda: _search(_EN_UPDATED, visible, zone, fetched_at, low),
        ),
    )
    published = updated = source = None
    for name, get_published, get_updated in sources:
        if published is None and (published := get_published()) is not None:
            source = name
        if updated is None:
            updated = get_updated()
        if published is not None and updated is not None:
            break
    if published is None and feed_published_at is not None:
        published, source = feed_published_at, "feed"
    return published, updated, source
