"""Turn the many date spellings of news pages into aware UTC datetimes.

Values without an offset are read in the page's zone (KST for Korean pages,
UTC otherwise); a date without a time is midnight in that zone.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

KST = timezone(timedelta(hours=9), "KST")
_FIXED_TZ = {
    "KST": 9,
    "JST": 9,
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "IST": 5.5,
    "SGT": 8,
    "HKT": 8,
    "AEST": 10,
    "AEDT": 11,
}
_MONTHS = {
    m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)
}
MONTH = r"(?i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-zA-Z]*\.?"
# The meridiem may come after the time (4:59 PM) or, in Korean, before it (오후 4:59).
_TIME = (
    r"(?:[T\s,]+(?:at\s+)?(오전|오후)?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?"
    r"\s*([AaPp]\.?[Mm]\.?)?)?"
)
_OFFSET = r"\s*(Z|[+-]\d{2}:?\d{2}|\(?[A-Z]{2,4}\)?(?![A-Za-z]))?"
NUMERIC = re.compile(r"((?:19|20)\d{2})[-./](\d{1,2})[-./](\d{1,2})\.?" + _TIME + _OFFSET)
KOREAN = re.compile(
    r"((?:19|20)\d{2})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일(?:\s*\(?[월화수목금토일]\)?)?"
    r"(?:\s*(오전|오후)?\s*(\d{1,2})\s*(?:시|:)\s*(?:(\d{1,2})\s*분?)?(?::(\d{2}))?)?"
)
ENGLISH_MDY = re.compile(
    r"(" + MONTH + r")\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})" + _TIME + _OFFSET
)
ENGLISH_DMY = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?\s+(" + MONTH + r"),?\s+((?:19|20)\d{2})" + _TIME + _OFFSET
)
_COMPACT = re.compile(r"^((?:19|20)\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?$")


def _zone(token: str | None, default: timezone, month: int) -> timezone:
    if not token:
        return default
    token = token.strip("() ")
    if token[0] in "+-":
        sign = -1 if token[0] == "-" else 1
        digits = token[1:].replace(":", "")
        return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))
    if token in ("ET", "PT"):  # US zones with daylight saving: a month-level approximation
        base = -5 if token == "ET" else -8
        return timezone(timedelta(hours=base + (1 if 4 <= month <= 10 else 0)))
    hours = _FIXED_TZ.get(token.upper())
    return timezone(timedelta(hours=hours)) if hours is not None else default


def _build(y, mo, d, h, mi, s, ampm, tz_token, default) -> datetime | None:
    try:
        hour = int(h or 0)
        if ampm:
            pm = ampm.lower().startswith("p") or ampm == "오후"
            hour = hour % 12 + (12 if pm else 0)
        month = int(mo)
        naive = datetime(int(y), month, int(d), hour, int(mi or 0), int(s or 0))
        return naive.replace(tzinfo=_zone(tz_token, default, month)).astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def parse_datetime(value: str | None, default: timezone = UTC) -> datetime | None:
    """Parse one date string (ISO 8601, compact, Korean, English, RFC 2822) to UTC."""
    if not value:
        return None
    value = value.strip()
    if m := _COMPACT.match(value):
        return _build(*m.groups(), None, None, default)
    if m := NUMERIC.search(value):
        y, mo, d, ko_ampm, h, mi, s, ampm, tz = m.groups()
        ampm = ampm or ko_ampm
        return _build(y, mo, d, h, mi, s, ampm, tz, default)
    if m := KOREAN.search(value):
        y, mo, d, ampm, h, mi, s = m.groups()
        return _build(y, mo, d, h, mi, s, ampm, None, default)
    if m := ENGLISH_MDY.search(value):
        mon, d, y, _, h, mi, s, ampm, tz = m.groups()
        return _build(y, _MONTHS[mon[:3].lower()], d, h, mi, s, ampm, tz, default)
    if m := ENGLISH_DMY.search(value):
        d, mon, y, _, h, mi, s, ampm, tz = m.groups()
        return _build(y, _MONTHS[mon[:3].lower()], d, h, mi, s, ampm, tz, default)
    try:
        dt = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return (dt if dt.tzinfo else dt.replace(tzinfo=default)).astimezone(UTC)
