"""Page and feed templates of the four fictional outlets.

Each outlet has its own markup, its own place for the date, and its own boilerplate
(menus, related and most-read boxes that name firms outside the article body).
"""

from __future__ import annotations

import html
import json
import random
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

UTC = timezone.utc

OUTLETS: dict[str, dict] = {
    "hanbit-daily": {
        "lang": "ko", "kind": "rss", "feed": "rss.xml", "charset": "utf-8",
        "site": "https://hanbitdaily.example", "title": "한빛데일리",
        "reporters": [("정하람", "haram"), ("서윤슬", "yseul"), ("문태겸", "tgmoon"), ("배나래", "narae"),
                      ("류시온", "sion")],
    },
    "peninsula-ledger": {
        "lang": "en", "kind": "atom", "feed": "atom.xml", "charset": "utf-8",
        "site": "https://peninsulaledger.example", "title": "The Peninsula Ledger",
        "reporters": [("Hannah Cho", "hcho"), ("Daniel Baek", "dbaek"), ("Mira Seo", "mseo"),
                      ("Owen Ryu", "oryu")],
    },
    "dongnyeok-ilbo": {
        # Pages are CP949 bytes labelled euc-kr; reporter names use syllables outside EUC-KR.
        "lang": "ko", "kind": "rss", "feed": "rss.xml", "charset": "cp949",
        "site": "https://dongnyeok.example", "title": "동녘일보",
        "reporters": [("박똠이", "ddom"), ("윤햏림", "hrim"), ("김쌰온", "syaon")],
    },
    "meridian-wire": {
        "lang": "en", "kind": "rss", "feed": "rss.xml", "charset": "utf-8",
        "site": "https://meridianwire.example", "title": "Meridian Wire",
        "reporters": [("Jisoo Lim", "jlim"), ("Peter Vance", "pvance"), ("Ana Kwak", "akwak")],
    },
}
OUTLET_WEIGHT = {"hanbit-daily": 0.37, "dongnyeok-ilbo": 0.22, "peninsula-ledger": 0.23,
                 "meridian-wire": 0.18}
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
    if art.outlet == "meridian-wire" or (art.republished_from is not None
                                          and art.republished_from.outlet == "meridian-wire"):
        city = CITY.get(art.city, "SEOUL")
        paras[0] = f"{city} (Meridian Wire) - {paras[0]}"
    return paras


# ---------------------------------------------------------------------------
# 1. 한빛데일리: Korean national daily, UTF-8, article:published_time meta + visible byline.

HANBIT_EVERGREEN = "[기획] 빅테크 데이터센터 지도… 구글·MS·AWS·오픈AI는 어디에"


def page_hanbit(art, related: list, popular: list) -> str:  # noqa: ANN001
    o = OUTLETS[art.outlet]
    name, mail = art.reporter
    body = []
    for i, p in enumerate(_body_paragraphs(art)):
        body.append(f"<p>{html.escape(p, quote=False)}</p>")
        if i == 0:
            body.append(
                f'<figure class="photo-layout image"><img src="/news/photo/{art.published:%Y%m}/'
                f'{204000 + art.serial}_1.jpg" alt=""><figcaption>{_esc(art.caption)}'
                f" {_esc(name)} 기자</figcaption></figure>")
    rel = "\n".join(f'<li><a href="{_esc(a.canonical)}">{_esc(a.title)}</a></li>' for a in related)
    pop = "\n".join(f"<li><em>{i}</em><a href=\"{_esc(a.canonical)}\">{_esc(a.title)}</a></li>"
                    for i, a in enumerate(popular, 1))
    reactions = (art.serial * 7) % 23
    return f"""<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_esc(art.title)} - {o['title']}</title>
<meta property="og:type" content="article">
<meta property="og:site_name" content="{o['title']}">
<meta property="og:title" content="{_esc(art.title)}">
<meta property="og:url" content="{_esc(art.canonical)}">
<meta property="article:section" content="IT·과학">
<meta property="article:published_time" content="{art.published.isoformat()}">
<meta property="article:modified_time" content="{art.modified.isoformat()}">
<link rel="canonical" href="{_esc(art.canonical)}">
<link rel="stylesheet" href="/css/hanbit.css">
</head>
<body class="article-view">
<a class="skip" href="#article-view-content-div">본문 바로가기</a>
<header id="user-header">
<div class="header-top"><a class="logo" href="{o['site']}/">{o['title']}</a>
<ul class="util"><li><a href="/member/login">로그인</a></li><li><a href="/member/join">회원가입</a></li><li><a href="/subscribe">구독신청</a></li></ul></div>
<nav id="user-nav"><ul>
<li><a href="/news/politics">정치</a></li><li><a href="/news/economy">경제</a></li><li><a href="/news/society">사회</a></li>
<li class="on"><a href="/news/it">IT·과학</a></li><li><a href="/news/world">국제</a></li><li><a href="/news/opinion">오피니언</a></li>
<li class="special"><a href="/series/bigtech-dc">빅테크 데이터센터 전쟁: 구글·오픈AI·메타·엔비디아</a></li>
</ul></nav>
<div class="breaking"><strong>속보</strong> <a href="/news/breaking">엔비디아 GPU 공급난 장기화… 애플·아마존도 영향권</a></div>
</header>
<div class="breadcrumbs"><a href="/">홈</a> &gt; <a href="/news/it">IT·과학</a> &gt; <a href="/news/it/cloud">클라우드·데이터센터</a></div>
<article id="article-view">
<header class="article-view-header">
<h1 class="heading">{_esc(art.title)}</h1>
<div class="byline">{_esc(name)} 기자 | 입력 {art.published:%Y.%m.%d %H:%M} | 수정 {art.modified:%Y.%m.%d %H:%M}</div>
<div class="share-btns"><button type="button">페이스북</button><button type="button">X</button><button type="button">카카오톡</button><button type="button">URL 복사</button><button type="button">글씨 크기</button><button type="button">인쇄</button></div>
</header>
<div id="article-view-content-div" class="article-body" itemprop="articleBody">
{chr(10).join(body)}
</div>
<div class="writer">{_esc(name)} 기자 {mail}@hanbitdaily.example</div>
<p class="copyright">저작권자 © {o['title']} 무단전재 및 재배포 금지</p>
<div class="reaction-widget">
<p>이 기사 어떻게 생각하세요</p>
<ul><li>추천해요 <span>{reactions}</span></li><li>슬퍼요 <span>0</span></li><li>화나요 <span>{reactions % 3}</span></li><li>후속기사 원해요 <span>{reactions % 5}</span></li></ul>
</div>
<section class="related-news"><h2>관련기사</h2><ul>
<li><a href="/series/bigtech-dc">{_esc(HANBIT_EVERGREEN)}</a></li>
{rel}
</ul></section>
</article>
<aside id="most-read"><h2>많이 본 기사</h2><ol>
{pop}
</ol></aside>
<section id="comments"><h2>댓글 <span>0</span></h2><p>로그인 후 댓글을 남길 수 있습니다.</p><form action="/comment"><textarea name="c"></textarea><button>등록</button></form></section>
<footer id="footer">
<ul><li>회사소개</li><li>광고문의</li><li>기사제보</li><li>개인정보처리방침</li><li>청소년보호정책</li></ul>
<p>서울특별시 중구 세종대로 000 | 등록번호 서울 아00000 | 발행·편집인 한빛미디어 | 대표전화 02-000-0000</p>
<p>Copyright © {o['title']}. All rights reserved.</p>
</footer>
</body>
</html>
"""


# ---------------------------------------------------------------------------
# 2. The Peninsula Ledger: English daily, UTF-8, JSON-LD NewsArticle + "Published Mon D, YYYY".


def page_ledger(art, related: list, popular: list) -> str:  # noqa: ANN001
    o = OUTLETS[art.outlet]
    name, mail = art.reporter
    meta = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": art.title,
        "datePublished": art.published.isoformat(),
        "dateModified": art.modified.isoformat(),
        "author": [{"@type": "Person", "name": name}],
        "publisher": {"@type": "Organization", "name": o["title"],
                      "logo": {"@type": "ImageObject", "url": f"{o['site']}/static/logo.png"}},
        "mainEntityOfPage": art.canonical,
        "inLanguage": "en",
    }
    ld = json.dumps(meta, ensure_ascii=False, indent=2)
    body = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in _body_paragraphs(art))
    credit = ""
    if art.republished_from is not None:
        credit = '<p class="story__credit">This story was first distributed by Meridian Wire.</p>'
    rel = "\n".join(f'<li><a href="{_esc(a.canonical)}">{_esc(a.title)}</a></li>' for a in related)
    pop = "\n".join(f'<li><a href="{_esc(a.canonical)}">{_esc(a.title)}</a></li>' for a in popular)
    published = f"{art.published:%b} {art.published.day}, {art.published:%Y}"
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{_esc(art.title)} | {o['title']}</title>
<meta name="description" content="{_esc(art.title)}">
<link rel="canonical" href="{_esc(art.canonical)}">
<script type="application/ld+json">
{ld}
</script>
</head>
<body>
<div class="site-wrap">
<div class="topbar"><span>Seoul edition</span> <a href="/subscribe">Subscribe</a> <a href="/login">Sign in</a></div>
<header class="masthead">
<a class="brand" href="{o['site']}/">{o['title']}</a>
<nav class="primary-nav"><a href="/business">Business</a> <a href="/tech">Tech</a> <a href="/policy">Policy</a> <a href="/markets">Markets</a> <a href="/opinion">Opinion</a></nav>
<nav class="companies-nav" aria-label="Companies we follow"><a href="/c/google">Google</a> <a href="/c/openai">OpenAI</a> <a href="/c/microsoft">Microsoft</a> <a href="/c/amazon">Amazon</a> <a href="/c/meta">Meta</a> <a href="/c/nvidia">Nvidia</a> <a href="/c/apple">Apple</a> <a href="/c/oracle">Oracle</a></nav>
</header>
<main id="content">
<ol class="crumbs"><li><a href="/">Home</a></li><li><a href="/tech">Tech</a></li><li><a href="/tech/data-centers">Data Centers</a></li></ol>
<article class="story">
<header class="story__head">
<p class="kicker">Cloud &amp; AI</p>
<h1 class="story__title">{_esc(art.title)}</h1>
<p class="story__meta"><span class="author">By {_esc(name)}</span> <span class="sep">·</span> <span class="date">Published {published}</span></p>
<div class="share"><a href="#">Share on X</a> <a href="#">LinkedIn</a> <a href="#">Email</a> <a href="#">Copy link</a></div>
</header>
<section class="story__body">
{body}
</section>
<footer class="story__foot">
{credit}
<p class="story__contact">Contact the reporter: {mail}@peninsulaledger.example</p>
<div class="reactions" data-widget="reactions"><span>How did you find this story?</span> <button>Useful</button> <button>Skeptical</button> <button>Surprising</button></div>
</footer>
</article>
<aside class="rail">
<section class="most-read"><h2>Most read</h2><ol>
<li><a href="/tech/explainer-korea-data-centers">Explainer: where Google, Microsoft and AWS run servers in Korea</a></li>
{pop}
</ol></section>
<section class="more"><h2>More on data centers</h2><ul>
{rel}
</ul></section>
</aside>
<section class="comments"><h2>Comments</h2><p>Comments are closed for this story.</p></section>
</main>
<footer class="site-footer"><p>About · Ethics policy · Advertise · Privacy</p><p>© The Peninsula Ledger. All rights reserved.</p></footer>
</div>
</body>
</html>
"""


# ---------------------------------------------------------------------------
# 3. 동녘일보: Korean regional daily, CP949 labelled euc-kr, only "기사승인 YYYY-MM-DD HH:MM:SS".


def page_dongnyeok(art, related: list, popular: list) -> str:  # noqa: ANN001
    o = OUTLETS[art.outlet]
    name, mail = art.reporter
    body = "<br><br>\n".join(html.escape(p, quote=False) for p in _body_paragraphs(art))
    rel = "<br>\n".join(f'· <a href="{_esc(a.canonical)}">{_esc(a.title)}</a>' for a in related)
    pop = "<br>\n".join(f'{i}. <a href="{_esc(a.canonical)}">{_esc(a.title)}</a>'
                        for i, a in enumerate(popular, 1))
    likes = (art.serial * 5) % 17
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">
<title>{_esc(art.title)} - {o['title']}</title>
<link rel="canonical" href="{_esc(art.canonical)}">
</head>
<body topmargin="0" leftmargin="0">
<table width="1000" border="0" cellpadding="0" cellspacing="0" align="center">
<tr><td id="top_menu"><a href="/">HOME</a> | <a href="/ulsan">울산</a> | <a href="/busan">부산</a> | <a href="/gyeongnam">경남</a> | <a href="/economy">경제</a> | <a href="/it">IT·과학</a> | <a href="/opinion">오피니언</a></td></tr>
<tr><td class="hot_issue">핫이슈 : <a href="/tag/aws">#AWS울산</a> <a href="/tag/google">#구글지도</a> <a href="/tag/openai">#오픈AI</a> <a href="/tag/ms">#MS부산</a> <a href="/tag/dc">#데이터센터</a></td></tr>
</table>
<table width="1000" border="0" cellpadding="0" cellspacing="0" align="center">
<tr>
<td valign="top" width="680">
<div class="location">HOME &gt; 경제 &gt; IT·과학</div>
<div class="view_title"><font size="5"><b>{_esc(art.title)}</b></font></div>
<div class="view_r_date">{_esc(name)} 기자 &nbsp;|&nbsp; 기사승인 {art.published:%Y-%m-%d %H:%M:%S}</div>
<div class="sns_btn"><a href="#">페이스북</a> <a href="#">트위터</a> <a href="#">밴드</a> <a href="#">카카오스토리</a></div>
<div id="news_body_area" class="view_con">
{body}
</div>
<div class="reporter_mail">{_esc(name)} 기자 {mail}@dongnyeok.example</div>
<div class="good_bad">좋아요 {likes} &nbsp; 싫어요 {likes % 4}</div>
<div class="other_news"><b>이 기자의 다른 기사</b><br>
{rel}
</div>
</td>
<td width="20">&nbsp;</td>
<td valign="top" width="300">
<div class="box_best"><b>많이 본 뉴스</b><br>
1. <a href="/tag/google">구글 지도 반출 논란 총정리… 애플·메타는?</a><br>
{pop}
</div>
<div class="box_photo"><b>포토뉴스</b><br>울산 앞바다 해상풍력 단지 착공</div>
</td>
</tr>
</table>
<div class="reply"><b>독자의견</b> 0 <form action="/reply.php"><textarea name="memo"></textarea><input type="submit" value="등록"></form></div>
<table class="footer" width="1000" align="center"><tr><td>
{o['title']} | 울산광역시 남구 삼산로 000 | 대표전화 052-000-0000 | 발행·편집인 최쌰랑 | 청소년보호책임자 정뷁수<br>
Copyright by dongnyeok.example All rights reserved.
</td></tr></table>
</body>
</html>
"""


# ---------------------------------------------------------------------------
# 4. Meridian Wire: English wire, UTF-8, no date anywhere on the page (the feed has it).


def page_wire(art, related: list, popular: list) -> str:  # noqa: ANN001
    o = OUTLETS[art.outlet]
    name, _ = art.reporter
    body = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in _body_paragraphs(art))
    rel = "\n".join(f'<li><a href="{_esc(a.canonical)}">{_esc(a.title)}</a></li>' for a in related)
    editor = ["Min Seo-yeon", "Clara Hoffmann", "Joon Bae"][art.serial % 3]
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{_esc(art.title)} - {o['title']}</title>
<link rel="canonical" href="{_esc(art.canonical)}">
<meta name="robots" content="noarchive">
</head>
<body class="mw">
<div id="mw-header">
<span class="mw-logo">MERIDIAN WIRE</span>
<ul class="mw-desks"><li>World</li><li>Asia</li><li>Technology</li><li>Energy</li><li>Markets</li></ul>
<div class="mw-ticker">TRENDING: Nvidia supply deals | OpenAI in Korea | AWS build-out in Ulsan | Meta AI glasses</div>
</div>
<div id="wire-story" class="story">
<div class="mw-slug">TECH-KOREA/DATACENTERS</div>
<h1>{_esc(art.title)}</h1>
<div class="mw-byline">By {_esc(name)}</div>
<div class="mw-body">
{body}
</div>
<p class="mw-end">(Reporting by {_esc(name)}; Editing by {editor})</p>
<div class="mw-share">Share: <a href="#">X</a> <a href="#">LinkedIn</a> <a href="#">Email</a></div>
<div class="mw-related"><h3>Related coverage</h3><ul>
<li><a href="/topics/hyperscalers">Hyperscalers in Asia: Google, Microsoft, Amazon race for power</a></li>
{rel}
</ul></div>
</div>
<div id="mw-footer">Meridian Wire provides news to media clients. Redistribution without permission is prohibited.</div>
</body>
</html>
"""


RENDER = {"hanbit-daily": page_hanbit, "peninsula-ledger": page_ledger,
          "dongnyeok-ilbo": page_dongnyeok, "meridian-wire": page_wire}


def write_page(demo: Path, art, articles: list, rng: random.Random) -> Path:  # noqa: ANN001
    """Render and write one article page in its outlet's charset."""
    related, popular = _boxes(art, articles, rng)
    page = RENDER[art.outlet](art, related, popular)
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
        author = f"\n      <author>{a.reporter[1]}@{o['site'][8:]} ({xml_escape(a.reporter[0])})</author>"
        items.append(f"""    <item>
      <title>{xml_escape(a.title)}</title>
      <link>{_rel(a)}</link>
      <guid isPermaLink="false">{xml_escape(a.guid)}</guid>
      <pubDate>{pub}</pubDate>{author}
      <description>{xml_escape(a.summary)}</description>
    </item>""")
    newest = arts[0].published.astimezone(UTC) if name == "meridian-wire" else arts[0].published
    desc = {"hanbit-daily": "한빛데일리 IT·과학 최신 기사", "dongnyeok-ilbo": "동녘일보 경제·IT 전체기사",
            "meridian-wire": "Meridian Wire technology file"}[name]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>{xml_escape(o['title'])}</title>
    <link>{o['site']}/</link>
    <description>{xml_escape(desc)}</description>
    <language>{o['lang']}</language>
    <lastBuildDate>{format_datetime(newest, usegmt=name == 'meridian-wire')}</lastBuildDate>
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
  <title>{xml_escape(o['title'])}: Tech</title>
  <id>tag:peninsulaledger.example,2025:feed-tech</id>
  <link rel="alternate" type="text/html" href="{o['site']}/tech"/>
  <updated>{_z(max(a.modified for a in arts))}</updated>
{chr(10).join(entries)}
</feed>
"""


def _z(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
