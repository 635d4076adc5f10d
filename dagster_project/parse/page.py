"""Parse one fetched page into article fields; never raises."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timezone
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from . import dates, extract, guard, lang, metadata, prune, topic
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


def skim_page(
    raw: bytes | None,
    url: str,
    content_type: str | None = None,
    fetched_at: datetime | None = None,
    feed_published_at: datetime | None = None,
    feed_title: str | None = None,
    lang_hint: str | None = None,
) -> dict:
    """The cheap pass: article fields of one page, with the body kept only when the page's
    title or its article text names a tracked firm or a data center (``topic.on_topic``).
    Other pages keep their title, dates, author and language with ``parse_status =
    'skipped_offtopic'`` and no body.

    A page whose visible text names none of them (most off-topic news) stops after the
    dates, its language read from the head and the first part of the text. A page whose
    visible text does name one gets the full extraction and is judged on its body, so a
    firm named only in page chrome (share buttons, sign-in and app-store links,
    navigation, lists of other stories) does not keep it; such a row is the full path's
    row without the body. Either way a skipped page is one whose full extraction would
    name no firm in its title or body: skipping it loses no mention."""
    try:
        front = _front(raw, url, content_type, fetched_at, feed_published_at, feed_title, lang_hint)
        if isinstance(front, dict):
            return front
        title = front.row["title"]
        if topic.on_topic(title, front.visible):
            row = _finish(front, url, lang_hint)
            if row["parse_status"] != "ok" or topic.on_topic(title, row["body"]):
                return row
            reasons = [_CHROME_ONLY, row["parse_reason"]]
            row["body"] = None
        else:
            row = front.row
            head = f"{title or ''}\n{front.visible[: topic.SAMPLE_CHARS]}"
            row["lang"] = lang.identify(head, front.declared, lang_hint)
            reasons = [_NO_TOPIC]
        row["parse_status"] = "skipped_offtopic"
        row["parse_reason"] = "; ".join(r for r in reasons if r)
        return row
    except Exception as exc:  # a bad page must become a row, never stop a batch
        return _empty("error", f"{type(exc).__name__}: {exc}"[:300])


_NO_TOPIC = "names no tracked firm and no data center: body not extracted"
_CHROME_ONLY = (
    "names a tracked firm or a data center only outside the article text (navigation, "
    "share links, lists of other stories): body not kept"
)


@dataclass
class _Front:
    """What one lexbor parse of a page gives before the body is looked for."""

    verdict: guard.Verdict
    html: str
    replacements: int
    tree: LexborHTMLParser
    declared: str | None
    visible: str
    row: dict


def _parse(raw, url, content_type, fetched_at, feed_published_at, feed_title, lang_hint) -> dict:
    front = _front(raw, url, content_type, fetched_at, feed_published_at, feed_title, lang_hint)
    return front if isinstance(front, dict) else _finish(front, url, lang_hint)


def _front(
    raw, url, content_type, fetched_at, feed_published_at, feed_title, lang_hint
) -> _Front | dict:
    verdict = guard.check(raw, content_type)
    if verdict.status in ("empty", "binary"):
        return _empty(verdict.status, verdict.reason)
    decoded = decode_html(verdict.data, content_type)
    tree = LexborHTMLParser(decoded.utf8 if decoded.utf8 is not None else decoded.text)
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
    return _Front(verdict, decoded.text, decoded.replacements, tree, declared, visible, row)


def _finish(front: _Front, url: str, lang_hint: str | None) -> dict:
    """The full extraction: prune, the body, its language, the page's status."""
    verdict, tree, row = front.verdict, front.tree, front.row
    prune.prune(tree)
    body = extract.body_text(tree, url, front.html)
    row["lang"] = lang.identify(f"{row['title'] or ''}\n{body or ''}", front.declared, lang_hint)
    reasons = [verdict.reason] if verdict.reason else []
    if verdict.status is None and b"</html" not in verdict.data[-2048:].lower():
        reasons.append("markup ends without </html> (truncated?)")
    status = verdict.status or "ok"
    if front.replacements:
        reasons.append(f"{front.replacements} undecodable byte sequences ({row['encoding']})")
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
