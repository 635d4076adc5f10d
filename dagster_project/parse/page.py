"""Parse one fetched page into article fields; never raises."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timezone
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from . import dates, extract, guard, lang, metadata, prune
from .datetimes import KST
from .encoding import decode_html

FIELDS = (
    "canonical_url",
    "title",
    "published_at",
    "updated_at",
    "date_source",
    "author",
    "lang",
    "body",
    "encoding",
    "parse_status",
    "parse_reason",
)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# More than this share of replacement characters in the body means the bytes
# were decoded with the wrong codec (mojibake), so the text is not trusted.
_MAX_REPLACEMENT_SHARE = 0.01


def _empty(status: str, reason: str | None, encoding: str | None = None) -> dict:
    row = dict.fromkeys(FIELDS)
    row.update(parse_status=status, parse_reason=reason, encoding=encoding)
    return row


def _page_zone(url: str, declared: str | None, hint: str | None, title: str | None) -> timezone:
    # Korean pages print KST times without an offset; others are taken as UTC.
    host = urlsplit(url or "").hostname or ""
    korean = (
        host.endswith(".kr")
        or lang.normalize_code(declared) == "ko"
        or lang.normalize_code(hint) == "ko"
        or bool(_HANGUL.search(title or ""))
    )
    return KST if korean else UTC


def parse_page(
    raw: bytes | None,
    url: str,
    content_type: str | None = None,
    fetched_at: datetime | None = None,
    feed_published_at: datetime | None = None,
    feed_title: str | None = None,
    lang_hint: str | None = None,
) -> dict:
    """Article fields of one page (see FIELDS); bad pages get a status and reason."""
    try:
        return _parse(raw, url, content_type, fetched_at, feed_published_at, feed_title, lang_hint)
    except Exception as exc:  # a bad page must become a row, never stop a batch
        return _empty("error", f"{type(exc).__name__}: {exc}"[:300])


def _parse(raw, url, content_type, fetched_at, feed_published_at, feed_title, lang_hint) -> dict:
    verdict = guard.check(raw, content_type)
    if verdict.status in ("empty", "binary"):
        return _empty(verdict.status, verdict.reason)
    decoded = decode_html(verdict.data, content_type)
    tree = LexborHTMLParser(decoded.text)
    meta = metadata.meta_map(tree)
    ld = metadata.jsonld_article(tree)
    # A <time datetime> in the article is machine-readable like a meta tag.
    meta.setdefault("article-time-element", metadata.time_element(tree) or "")
    html_node = tree.css_first("html")
    declared = html_node.attributes.get("lang") if html_node else None
    row = dict.fromkeys(FIELDS)
    row["encoding"] = decoded.encoding
    row["title"] = metadata.title(tree, meta, ld) or feed_title
    row["canonical_url"] = metadata.canonical_url(tree, meta, url)
    prune.strip_code(tree)
    visible = tree.body.text(separator="\n", strip=True) if tree.body else ""
    row["author"] = metadata.author(tree, meta, ld, visible)
    zone = _page_zone(url, declared, lang_hint, row["title"])
    row["published_at"], row["updated_at"], row["date_source"] = dates.choose_dates(
        ld, meta, visible, zone, feed_published_at, fetched_at
    )
    prune.prune(tree)
    body = extract.body_text(tree, url, decoded.text)
    row["lang"] = lang.identify(f"{row['title'] or ''}\n{body or ''}", declared, lang_hint)
    reasons = [verdict.reason] if verdict.reason else []
    if verdict.status is None and b"</html" not in verdict.data[-2048:].lower():
        reasons.append("markup ends without </html> (truncated?)")
    status = verdict.status or "ok"
    if decoded.replacements:
        reasons.append(f"{decoded.replacements} undecodable byte sequences ({decoded.encoding})")
        bad = body.count("\ufffd") if body else 0
        if body and bad / len(body) > _MAX_REPLACEMENT_SHARE:
            status = "error"
            reasons.append("mojibake: body not trusted")
        if body:
            body = body.replace("\ufffd", "")
    if not body:
        status = "empty" if status == "ok" else status
        reasons.append("no article text found")
    row["body"] = body or None
    row["parse_status"] = status
    row["parse_reason"] = "; ".join(reasons) or None
    return row
