"""Page and feed templates of the four fictional outlets.

Each outlet has its own markup, its own place for the date, and its own boilerplate
(menus, related and most-read boxes that name firms outside the article body).
"""

from __future__ import annotations

import html
import json
import random
import string
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

UTC = timezone.utc  # noqa: UP017 - kept explicit for readers

OUTLETS: dict[str, dict] = {
    "hanbit-daily": {
        "lang": "ko",
        "kind": "rss",
        "feed": "rss.xml",
        "charset": "utf-8",
        "site": "https://hanbitdaily.example",
        "title": "한빛데일리",
        "reporters": [
            ("정하람", "haram"),
            ("서윤슬", "yseul"),
            ("문태겸", "tgmoon"),
            ("배나래", "narae"),
            ("류시온", "sion"),
        ],
    },
    "peninsula-ledger": {
        "lang": "en",
        "kind": "atom",
        "feed": "atom.xml",
        "charset": "utf-8",
        "site": "https://peninsulaledger.example",
        "title": "The Peninsula Ledger",
        "reporters": [
            ("Hannah Cho", "hcho"),
            ("Daniel Baek", "dbaek"),
            ("Mira Seo", "mseo"),
            ("Owen Ryu", "oryu"),
        ],
    },
    "dongnyeok-ilbo": {
        # Pages are CP949 bytes labelled euc-kr; reporter names use syllables outside EUC-KR.
        "lang": "ko",
        "kind": "rss",
        "feed": "rss.xml",
        "charset": "cp949",
        "site": "https://dongnyeok.example",
        "title": "동녘일보",
        "reporters": [("박똠이", "ddom"), ("윤햏림", "hrim"), ("김쌰온", "syaon")],
    },
    "meridian-wire": {
        "lang": "en",
        "kind": "rss",
        "feed": "rss.xml",
        "charset": "utf-8",
        "site": "https://meridianwire.example",
        "title": "Meridian Wire",
        "reporters": [("Jisoo Lim", "jlim"), ("Peter Vance", "pvance"), ("Ana Kwak", "akwak")],
    },
}
OUTLET_WEIGHT = {
    "hanbit-daily": 0.37,
    "dongnyeok-ilbo": 0.22,
    "peninsula-ledger": 0.23,
    "meridian-wire": 0.18,
}
CITY = {"울산": "ULSAN", "부산": "BUSAN", "포항": "POHANG", "춘천": "CHUNCHEON"}


def place(art, rng: random.Random, people) -> None:  # noqa: ANN001 - build_demo.Article
    """Give an article its file path, canonical URL, feed id and byline."""
    o = OUTLETS[art.outlet]
    t = art.published
    slug = f"{t:%d}-{art.firm}-{art.serial:04d}"
    art.path = f"outlets/{art.outlet}/articles/{t:%Y}/{t:%m}/{slug}.html"
    if art.outlet == "hanbit-daily":
        art.canonical = f"{o['site']}/news/articleView.html?idxno={204000 + art.serial}"
        art.guid = str(204000 + art.serial)
    elif art.outlet == "peninsula-ledger":
        art.canonical = f"{o['site']}/tech/{t:%Y/%m/%d}/{art.firm}-korea-{art.serial:04d}"
        art.guid = f"tag:peninsulaledger.example,{t:%Y}:story-{art.serial:04d}"
    elif art.outlet == "dongnyeok-ilbo":
        art.canonical = f"{o['site']}/news/articleView.php?no={t:%Y%m%d}{art.serial:04d}"
        art.guid = f"dongnyeok-{t:%Y%m%d}{art.serial:04d}"
    else:
        art.canonical = f"{o['site']}/stories/mw-{t:%Y%m%d}-{art.serial:04d}"
        art.guid = f"mw-{t:%Y%m%d}-{art.serial:04d}"
    if art.republished_from is not None:
        art.reporter = art.republished_from.reporter
    else:
        art.reporter = rng.choice(o["reporters"])


def stated_time(art) -> datetime:  # noqa: ANN001
    """The publication time as the outlet states it (page or, for the wire, the feed)."""
    if art.outlet == "meridian-wire":
        return art.published.astimezone(UTC)
    return art.published


def _esc(s: str) -> str:
    return html.escape(s, quote=True)


def _boxes(art, articles: list, rng: random.Random) -> tuple[list, list]:  # noqa: ANN001
    """Related (same outlet, earlier) and most-read (any outlet, earlier) stories."""
    earlier = [a for a in articles if a.published < art.published and a is not art]
    same = [a for a in earlier if a.outlet == art.outlet][-4:]
    pool = [a for a in earlier[-40:] if a.lang == art.lang]
    popular = rng.sample(pool, min(5, len(pool)))
    return same[::-1], popular


def _body_paragraphs(art) -> list[str]:  # noqa: ANN001
    paras = [" ".join(s.text for s in p) for p in art.paragraphs]
    if art.outlet == "meridian-wire" or (
        art.republished_from is not None and art.republished_from.outlet == "meridian-wire"
    ):
        city = CITY.get(art.city, "SEOUL")
        paras[0] = f"{city} (Meridian Wire) - {paras[0]}"
    return paras


# ---------------------------------------------------------------------------
# Page templates live in spec/pages/<outlet>.html ($name placeholders).


def _links(arts: list, fmt: str, sep: str = "\n") -> str:
    return sep.join(
        fmt.format(i=i, url=_esc(a.canonical), title=_esc(a.title)) for i, a in enumerate(arts, 1)
    )


def page_hanbit(art, related: list, popular: list) -> dict[str, str]:  # noqa: ANN001
    """한빛데일리: article:published_time meta and a visible 입력/수정 byline (KST)."""
    name, mail = art.reporter
    body = []
    for i, p in enumerate(_body_paragraphs(art)):
        body.append(f"<p>{html.escape(p, quote=False)}</p>")
        if i == 0:
            photo = f"/news/photo/{art.published:%Y%m}/{204000 + art.serial}_1.jpg"
            body.append(
                f'<figure class="photo-layout image"><img src="{photo}" alt="">'
                f"<figcaption>{_esc(art.caption)} {_esc(name)} 기자</figcaption></figure>"
            )
    likes = (art.serial * 7) % 23
    return {
        "published_iso": art.published.isoformat(),
        "modified_iso": art.modified.isoformat(),
        "published_text": f"{art.published:%Y.%m.%d %H:%M}",
        "modified_text": f"{art.modified:%Y.%m.%d %H:%M}",
        "body": "\n".join(body),
        "mail": mail,
        "likes": str(likes),
        "angry": str(likes % 3),
        "more": str(likes % 5),
        "related": _links(related, '<li><a href="{url}">{title}</a></li>'),
        "popular": _links(popular, '<li><em>{i}</em><a href="{url}">{title}</a></li>'),
    }


def page_ledger(art, related: list, popular: list) -> dict[str, str]:  # noqa: ANN001
    """The Peninsula Ledger: JSON-LD NewsArticle dates and a visible "Published Mon D, YYYY"."""
    name, mail = art.reporter
    meta = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": art.title,
        "datePublished": art.published.isoformat(),
        "dateModified": art.modified.isoformat(),
        "author": [{"@type": "Person", "name": name}],
        "publisher": {
            "@type": "Organization",
            "name": "The Peninsula Ledger",
            "logo": {"@type": "ImageObject", "url": "https://peninsulaledger.example/logo.png"},
        },
        "mainEntityOfPage": art.canonical,
        "inLanguage": "en",
    }
    credit = ""
    if art.republished_from is not None:
        credit = '<p class="story__credit">This story was first distributed by Meridian Wire.</p>'
    return {
        "jsonld": json.dumps(meta, ensure_ascii=False, indent=2),
        "published_text": f"{art.published:%b} {art.published.day}, {art.published:%Y}",
        "body": "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in _body_paragraphs(art)),
        "credit": credit,
        "mail": mail,
        "related": _links(related, '<li><a href="{url}">{title}</a></li>'),
        "popular": _links(popular, '<li><a href="{url}">{title}</a></li>'),
    }


def page_dongnyeok(art, related: list, popular: list) -> dict[str, str]:  # noqa: ANN001
    """동녘일보: CP949 labelled euc-kr; the only date is the visible 기사승인 line (KST)."""
    _, mail = art.reporter
    likes = (art.serial * 5) % 17
    return {
        "published_text": f"{art.published:%Y-%m-%d %H:%M:%S}",
        "body": "<br><br>\n".join(html.escape(p, quote=False) for p in _body_paragraphs(art)),
        "mail": mail,
        "likes": str(likes),
        "dislikes": str(likes % 4),
        "related": _links(related, '· <a href="{url}">{title}</a>', "<br>\n"),
        "popular": _links(popular, '{i}. <a href="{url}">{title}</a>', "<br>\n"),
    }


def page_wire(art, related: list, popular: list) -> dict[str, str]:  # noqa: ANN001
    """Meridian Wire: no date anywhere on the page; the feed's pubDate is the only one."""
    return {
        "body": "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in _body_paragraphs(art)),
        "editor": ["Min Seo-yeon", "Clara Hoffmann", "Joon Bae"][art.serial % 3],
        "related": _links(related, '<li><a href="{url}">{title}</a></li>'),
    }


RENDER = {
    "hanbit-daily": page_hanbit,
    "peninsula-ledger": page_ledger,
    "dongnyeok-ilbo": page_dongnyeok,
    "meridian-wire": page_wire,
}
PAGE_DIR = Path(__file__).resolve().parent / "spec" / "pages"


def render_page(art, related: list, popular: list) -> str:  # noqa: ANN001
    """The article's page in its outlet's template."""
    template = string.Template((PAGE_DIR / f"{art.outlet}.html").read_text(encoding="utf-8"))
    values = {
        "title": _esc(art.title),
        "canonical": _esc(art.canonical),
        "reporter": _esc(art.reporter[0]),
    }
    values |= RENDER[art.outlet](art, related, popular)
    return template.substitute(values)


def write_page(demo: Path, art, articles: list, rng: random.Random) -> Path:  # noqa: ANN001
    """Render and write one article page in its outlet's charset."""
    related, popular = _boxes(art, articles, rng)
    page = render_page(art, related, popular)
    charset = OUTLETS[art.outlet]["charset"]
    data = page.encode(charset)  # strict: a character the charset lacks is a bug here
    if charset == "cp949":
        try:
            data.decode("euc_kr")
        except UnicodeDecodeError:
            pass
        else:
            raise AssertionError(f"{art.path} would decode as strict EUC-KR")
    path = demo / art.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------------------
# Feeds: item links are relative to the feed file.


def _rel(art) -> str:  # noqa: ANN001
    return art.path.split("/", 2)[2]  # strip "outlets/<name>/"


def write_feed(demo: Path, name: str, arts: list) -> Path:
    """Write one outlet's feed with all its items, newest first."""
    o = OUTLETS[name]
    arts = sorted(arts, key=lambda a: (a.published, a.serial), reverse=True)
    if o["kind"] == "atom":
        text = _atom(o, arts)
    else:
        text = _rss(name, o, arts)
    path = demo / "outlets" / name / o["feed"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def _rss(name: str, o: dict, arts: list) -> str:
    items = []
    for a in arts:
        when = a.published.astimezone(UTC) if name == "meridian-wire" else a.published
        pub = format_datetime(when, usegmt=name == "meridian-wire")
        mail = f"{a.reporter[1]}@{o['site'].removeprefix('https://')}"
        author = f"\n      <author>{mail} ({xml_escape(a.reporter[0])})</author>"
        items.append(f"""    <item>
      <title>{xml_escape(a.title)}</title>
      <link>{_rel(a)}</link>
      <guid isPermaLink="false">{xml_escape(a.guid)}</guid>
      <pubDate>{pub}</pubDate>{author}
      <description>{xml_escape(a.summary)}</description>
    </item>""")
    newest = arts[0].published.astimezone(UTC) if name == "meridian-wire" else arts[0].published
    desc = {
        "hanbit-daily": "한빛데일리 IT·과학 최신 기사",
        "dongnyeok-ilbo": "동녘일보 경제·IT 전체기사",
        "meridian-wire": "Meridian Wire technology file",
    }[name]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>{xml_escape(o["title"])}</title>
    <link>{o["site"]}/</link>
    <description>{xml_escape(desc)}</description>
    <language>{o["lang"]}</language>
    <lastBuildDate>{format_datetime(newest, usegmt=name == "meridian-wire")}</lastBuildDate>
{chr(10).join(items)}
  </channel>
</rss>
"""


def _atom(o: dict, arts: list) -> str:
    entries = []
    for a in arts:
        entries.append(f"""  <entry>
    <title>{xml_escape(a.title)}</title>
    <link rel="alternate" type="text/html" href="{_rel(a)}"/>
    <id>{xml_escape(a.guid)}</id>
    <published>{_z(a.published)}</published>
    <updated>{_z(a.modified)}</updated>
    <author><name>{xml_escape(a.reporter[0])}</name></author>
    <summary>{xml_escape(a.summary)}</summary>
  </entry>""")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>{xml_escape(o["title"])}: Tech</title>
  <id>tag:peninsulaledger.example,2025:feed-tech</id>
  <link rel="alternate" type="text/html" href="{o["site"]}/tech"/>
  <updated>{_z(max(a.modified for a in arts))}</updated>
{chr(10).join(entries)}
</feed>
"""


def _z(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
