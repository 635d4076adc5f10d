"""Page metadata from the parsed tree: meta tags, JSON-LD, title, author, canonical URL."""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

_ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "webpage",
    "liveblogposting",
    "techarticle",
    "scholarlyarticle",
    "report",
    "backgroundnewsarticle",
}
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·»]\s+|\s*::\s*|\s*\|\s*")
_SPACE = re.compile(r"\s+")
_BY = re.compile(r"^by\s+", re.I)
_BYLINE_TAIL = re.compile(
    r"\s+[|•·@]|\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d", re.I
)


def meta_map(tree: LexborHTMLParser) -> dict[str, str]:
    """First value of every <meta> keyed by lowercased name/property/itemprop."""
    out: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        value = attrs.get("content")
        if key and value and value.strip():
            out.setdefault(key.strip().lower(), value.strip())
    # <time itemprop=datePublished datetime=…> and similar microdata carry dates too.
    for node in tree.css("[itemprop]"):
        attrs = node.attributes
        key = (attrs.get("itemprop") or "").lower()
        value = attrs.get("datetime") or attrs.get("content")
        if key and value and key not in out:
            out[key] = value.strip()
    return out


def _walk(obj, found: list[dict]) -> None:
    if isinstance(obj, list):
        for item in obj:
            _walk(item, found)
    elif isinstance(obj, dict):
        found.append(obj)
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in obj:
                _walk(obj[key], found)


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type") or []
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds}


def jsonld_article(tree: LexborHTMLParser) -> dict:
    """The most article-like JSON-LD object on the page, or {}."""
    found: list[dict] = []
    for node in tree.css('script[type="application/ld+json"]'):
        text = (node.text(deep=True) or "").strip()
        text = text.removeprefix("<![CDATA[").removesuffix("]]>").strip().rstrip(";")
        try:
            _walk(json.loads(text, strict=False), found)
        except ValueError:
            continue  # broken JSON-LD is common; the other sources still apply
    ranked = sorted(
        (o for o in found if "datePublished" in o or _types(o) & _ARTICLE_TYPES),
        key=lambda o: (not (_types(o) & (_ARTICLE_TYPES - {"webpage"})), "datePublished" not in o),
    )
    return ranked[0] if ranked else {}


def _names(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def clean_title(title: str | None, site_name: str | None) -> str | None:
    """Drop a site-name suffix or prefix such as ' - 매일경제' or 'Site | '."""
    if not title:
        return None
    title = _SPACE.sub(" ", title).strip()
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title or None
    site = (site_name or "").strip().lower()
    if site:
        kept = [p for p in parts if site not in p.lower() and p.lower() not in site]
        if kept and len(kept) < len(parts):
            return " - ".join(kept) if len(kept) > 1 else kept[0]
    # Without a site name, a short last segment after a long one is the site.
    if len(parts[-1]) <= 25 and len(parts[0]) > len(parts[-1]):
        return title[: title.rfind(parts[-1])].rstrip(" |-–—:·»").strip()
    return title


def title(tree: LexborHTMLParser, meta: dict[str, str], ld: dict) -> str | None:
    """og:title, JSON-LD headline, the <h1>, then <title>; site suffix removed."""
    site = meta.get("og:site_name") or meta.get("application-name")
    for cand in (meta.get("og:title"), meta.get("twitter:title"), ld.get("headline")):
        if isinstance(cand, str) and cand.strip():
            return clean_title(cand, site)
    head = tree.css_first("title")
    page_title = clean_title(head.text(), site) if head else None
    h1 = tree.css_first("h1")
    h1_text = _SPACE.sub(" ", h1.text(deep=True)).strip() if h1 else ""
    # Many sites put their logo in the <h1>: trust it only when the <title>
    # without its site suffix agrees with it, or there is no <title>.
    if h1_text and (
        not page_title
        or h1_text.lower() in page_title.lower()
        or page_title.lower() in h1_text.lower()
    ):
        return h1_text
    return page_title


_KO_REPORTER = re.compile(
    r"(?<![가-힣])([가-힣]{2,4})\s?(?:선임|수석|전문|객원|인턴)?"
    r"(?:기자|특파원|논설위원|칼럼니스트|통신원)(?![가-힣])"
)
# Words that stand before '기자' in menus and credits but are not names.
_NOT_NAMES = {
    "사진",
    "취재",
    "영상",
    "편집",
    "담당",
    "수습",
    "현장",
    "포토",
    "온라인",
    "디지털",
    "스포츠",
    "연예",
    "시민",
    "객원",
    "전문",
    "인턴",
    "선임",
    "수석",
    "뉴스",
    "본지",
}


def _reporter(text: str) -> str | None:
    for m in _KO_REPORTER.finditer(text):
        if m.group(1) not in _NOT_NAMES:
            return m.group(1)
    return None


_BYLINE_NODES = (
    '[class*="byline"], [class*="author"], [class*="writer"], [class*="reporter"], '
    '[id*="byline"], [id*="author"]'
)


def _byline_element(tree: LexborHTMLParser) -> list[str]:
    # A visible byline box: 'By Jane Roe', '홍길동 기자 | 입력 …'. Author bios
    # and lists of writers are longer than a byline and are passed over.
    for node in tree.css(_BYLINE_NODES)[:8]:
        label = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if "comment" in label or "form" in label:
            continue  # the name field of a comment form
        text = _SPACE.sub(" ", node.text(deep=True, separator=" ")).strip()
        if not 2 < len(text) < 100:
            continue
        if name := _reporter(text):
            return [name]
        if _BY.match(text) or not any(ch.isdigit() for ch in text):
            return [text]
    return []


def author(tree: LexborHTMLParser, meta: dict[str, str], ld: dict, visible: str = "") -> str | None:
    """Author names from JSON-LD, meta tags, rel=author links, then a Korean '… 기자' byline."""
    names = _names(ld.get("author"))
    if not names:
        for key in (
            "author",
            "article:author",
            "byl",
            "dable:author",
            "sailthru.author",
            "parsely-author",
            "dc.creator",
        ):
            value = meta.get(key)
            if value and not value.startswith(("http://", "https://", "@")):
                names = [value]
                break
    if not names:
        names = [n.text(deep=True) for n in tree.css('a[rel="author"], [itemprop="author"]')]
    if not names:
        names = _byline_element(tree)
    if not names and (name := _reporter(visible[:3000])):
        names = [name]
    seen: list[str] = []
    for n in names:
        # 'By Jane Roe | November 18, 2019' or 'by Jane Roe @handle Nov 18…' -> 'Jane Roe'
        n = _SPACE.sub(" ", n or "").strip()
        n = _BY.sub("", _BYLINE_TAIL.split(n, maxsplit=1)[0]).strip(" ,")
        if n and n not in seen and len(n) < 100:
            seen.append(n)
    return ", ".join(seen) or None


def canonical_url(tree: LexborHTMLParser, meta: dict[str, str], page_url: str) -> str | None:
    """<link rel=canonical> or og:url, resolved against the page URL; http(s) only."""
    link = tree.css_first('link[rel="canonical"]')
    for href in (link.attributes.get("href") if link else None, meta.get("og:url")):
        if href and href.strip():
            url = urljoin(page_url or "", href.strip())
            if urlsplit(url).scheme in ("http", "https"):
                return url
    return None


def time_element(tree: LexborHTMLParser) -> str | None:
    """datetime of the first <time> inside the article or main element, if any."""
    for node in tree.css("article time[datetime], main time[datetime]"):
        value = node.attributes.get("datetime")
        if value and value.strip():
            return value.strip()
    return None
