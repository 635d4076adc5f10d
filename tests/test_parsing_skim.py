"""The cheap pass judges a page by its article text: firm names in page chrome (share
buttons, navigation, sign-in and app-store links, lists of other stories) do not keep a
page's body, and a page it skips would have given no mention."""

from __future__ import annotations

import pytest

from dagster_project.parse import topic
from dagster_project.parse.page import parse_page, skim_page

CHROME = """<html lang="en"><head><title>{title}</title>
<meta property="article:published_time" content="2026-05-04T06:00:00Z"></head><body>
<header><a href="/">Daily Ledger</a> <a href="/login">Sign in with Google</a></header>
<nav><ul><li><a href="/world">World</a></li><li><a href="/tv">YouTube</a></li></ul></nav>
<div class="share-tools"><a href="https://facebook.com/sharer">Facebook</a>
<a href="https://x.com/share">X</a><a href="mailto:?">Email</a></div>
<article><h1>{title}</h1>{paragraphs}</article>
<aside class="related"><h3>Most read</h3><ul>
<li><a href="/a/1">Apple shares slip after the holiday quarter</a></li>
<li><a href="/a/2">Microsoft names a new head of sales</a></li></ul></aside>
<footer><p>Get the app: <a href="/ios">Apple App Store</a>
<a href="/android">Google Play</a></p><p>Follow us on Facebook and Instagram</p></footer>
</body></html>"""
RAIN = (
    "Heavy rain is expected across the southern provinces on Saturday and Sunday, with up "
    "to 80 millimetres in the hills, the weather service said on Monday morning."
)
URL = "https://ledger.example/2026/05/04/story"


def chrome_page(title: str, *paragraphs: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return CHROME.format(title=title, paragraphs=body).encode()


def test_a_page_naming_firms_only_in_share_links_and_navigation_is_skipped():
    raw = chrome_page("Rain expected over the weekend", RAIN, RAIN.replace("Monday", "Sunday"))
    # The firm names are on the page for anyone reading all of it ...
    assert topic.on_topic(None, _visible(raw))
    row, full = skim_page(raw, URL), parse_page(raw, URL)
    # ... but not in its article text: the full extraction names no firm,
    assert full["parse_status"] == "ok" and "Heavy rain" in full["body"]
    assert not topic.on_topic(full["title"], full["body"])
    # so the cheap pass keeps that row without its body.
    assert row["parse_status"] == "skipped_offtopic" and row["body"] is None
    assert row["parse_reason"].startswith("names a tracked firm or a data center only outside")
    assert row["title"] == "Rain expected over the weekend" and row["lang"] == "en"
    same = {k: v for k, v in full.items() if k not in ("body", "parse_status", "parse_reason")}
    assert {k: row[k] for k in same} == same


def _visible(raw: bytes) -> str:
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(raw.decode()).body.text(separator="\n", strip=True)


@pytest.mark.parametrize(
    "sentence",
    [
        "Microsoft said on Monday that it would open a second office in Busan next year.",
        "The province also approved a 40-megawatt data center on reclaimed land near the port.",
        "메타는 부산에 두 번째 사무소를 연다고 월요일 밝혔다.",
    ],
)
def test_an_article_whose_body_names_a_firm_or_a_data_center_is_parsed_whole(sentence):
    raw = chrome_page("Rain expected over the weekend", RAIN, sentence, RAIN)
    row = skim_page(raw, URL)
    assert row == parse_page(raw, URL)
    assert row["parse_status"] == "ok" and sentence in row["body"]


def test_a_firm_in_the_title_alone_is_enough():
    raw = chrome_page("Google to open a Busan office", RAIN, RAIN)
    assert skim_page(raw, URL) == parse_page(raw, URL)


@pytest.mark.slow
def test_a_page_without_article_text_is_judged_on_what_the_full_path_keeps():
    # Nothing for the density pass: trafilatura reads the whole page, chrome and all,
    # and the full path keeps what it found; so does the cheap pass.
    raw = chrome_page("Rain", "")
    row = skim_page(raw, URL)
    assert row == parse_page(raw, URL)
    assert row["parse_status"] == "ok" and "Sign in with Google" in row["body"]
    # No body at all: the row says why, as the full path does, not that it was skipped.
    bare = b"<html><head><title>Rain</title></head><body><nav><a>Google</a></nav></body></html>"
    assert skim_page(bare, URL) == parse_page(bare, URL)
    assert skim_page(bare, URL)["parse_status"] == "empty"


def test_a_page_with_no_firm_anywhere_is_skipped_without_pruning():
    raw = (
        f"<html><head><title>Rain</title></head><body><nav>Home</nav><p>{RAIN}</p></body></html>"
    ).encode()
    row = skim_page(raw, URL)
    assert row["parse_status"] == "skipped_offtopic"
    assert row["parse_reason"] == "names no tracked firm and no data center: body not extracted"
