"""Article fields from hand-written fixture pages: title, dates, author, canonical URL, language."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from dagster_project.parse.page import parse_page

PAGES = Path(__file__).parent / "fixtures" / "pages"
FETCHED = datetime(2026, 1, 1, tzinfo=UTC)


def parse(name: str, url: str = "https://news.example.kr/a/1", **kw) -> dict:
    kw.setdefault("content_type", "text/html")
    return parse_page((PAGES / name).read_bytes(), url, fetched_at=FETCHED, **kw)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_jsonld_dates_beat_meta_and_authors_are_listed():
    row = parse("en_jsonld_dates.html", "https://cloud.example.kr/x")
    assert row["date_source"] == "jsonld"
    assert row["published_at"] == utc(2025, 9, 10, 7, 59, 31)  # 16:59:31+09:00
    assert row["updated_at"] == utc(2025, 9, 10, 9, 0)
    assert row["author"] == "Kim Min-ji, Lee Joon"
    assert row["canonical_url"] == "https://cloud.example.kr/news/aws-ulsan"
    assert row["title"] == "AWS breaks ground in Ulsan"


def test_meta_date_without_offset_is_kst_on_a_korean_page():
    row = parse("ko_meta_dates.html")
    assert row["date_source"] == "meta"
    assert row["published_at"] == utc(2025, 9, 10, 7, 59, 31)
    assert row["updated_at"] == utc(2025, 9, 11, 23, 0)
    assert row["author"] == "박서준"
    assert row["canonical_url"] == "https://news.example.kr/article/555"
    assert row["lang"] == "ko"


def test_korean_byline_input_and_edit_times_are_kst():
    row = parse("ko_cp949_euckr.html")
    assert row["date_source"] == "byline"
    assert row["published_at"] == utc(2025, 9, 10, 7, 59)  # 입력 2025.09.10 16:59
    assert row["updated_at"] == utc(2025, 9, 11, 0, 5)  # 수정 2025.09.11 09:05
    assert row["author"] == "홍길동"
    # Relative canonical href resolved against the page URL.
    assert row["canonical_url"] == "https://news.example.kr/news/articleView.html?idxno=1234"
    assert row["title"] == '오픈AI, 국내 데이터센터 검토…구글은 "계획 없다"'


def test_korean_date_words_and_afternoon_marker():
    row = parse("ko_byline_korean_date.html")
    assert row["date_source"] == "byline"
    assert row["published_at"] == utc(2025, 9, 10, 7, 59)  # 등록 2025년 9월 10일 오후 4:59
    assert row["title"] == "엔비디아, 국내 협력 확대"  # ':: 테크뉴스' suffix removed


def test_visible_english_date_line_with_zone():
    row = parse("en_utf8_bom_visible_date.html", "https://techwire.example.com/x")
    assert row["date_source"] == "visible"
    assert row["published_at"] == utc(2025, 9, 10, 20, 59)  # 4:59 PM EDT
    assert row["updated_at"] == utc(2025, 9, 11)  # date only, non-Korean page: UTC midnight
    assert row["title"] == "Google rules out Korean data center as OpenAI weighs one"
    assert row["author"] == "Jane Roe"
    assert row["canonical_url"] == "https://techwire.example.com/2025/09/google-openai-korea"


def test_feed_date_is_only_a_last_resort():
    feed = utc(2025, 9, 9, 12)
    row = parse("en_no_date.html", "https://www.example.com/x", feed_published_at=feed)
    assert (row["published_at"], row["date_source"]) == (feed, "feed")
    dated = parse("ko_meta_dates.html", feed_published_at=feed)
    assert dated["date_source"] == "meta" and dated["published_at"] != feed


def test_no_date_anywhere_gives_none_not_the_fetch_time():
    row = parse("en_no_date.html", "https://www.example.com/x")
    assert row["published_at"] is None
    assert row["updated_at"] is None
    assert row["date_source"] is None


@pytest.mark.parametrize(
    ("name", "lang"),
    [
        ("ja_article.html", "ja"),
        ("zh_article_gbk.html", "zh"),
        ("en_no_date.html", "en"),
        ("ko_meta_dates.html", "ko"),
    ],
)
def test_language_is_identified_from_text(name, lang):
    # ja_article.html declares lang="en"; the text decides.
    assert parse(name)["lang"] == lang


def test_boilerplate_is_not_in_the_korean_body():
    body = parse("ko_cp949_euckr.html")["body"]
    assert body.startswith("오픈AI가 국내에 대규모 데이터센터를")
    assert "뷁 소리가 절로" in body
    for junk in (
        "이 기사 어떻게 생각하세요",
        "추천해요",
        "관련기사",
        "구글, 클라우드 리전",
        "OpenAI 새 모델",
        "많이 본 뉴스",
        "아마존 서울 리전",
        "Copyright",
        "인공지능",
    ):
        assert junk not in body
    assert len(body.split("\n")) == 4  # one line per paragraph


def test_boilerplate_is_not_in_the_english_body():
    body = parse("en_utf8_bom_visible_date.html", "https://techwire.example.com/x")["body"]
    assert "Google told reporters on Wednesday" in body
    assert "the trade ministry declined to comment" in body
    for junk in (
        "Share on",
        "More stories",
        "Microsoft opens region",
        "Great article",
        "All rights reserved",
        "Markets",
    ):
        assert junk not in body


def _page(head: str, body: str) -> bytes:
    text = (
        "<p>" + "OpenAI said on Tuesday it is weighing a data center in Korea, officials said. " * 4
    )
    page = f"<html><head><meta charset='utf-8'>{head}</head><body>{body}{text}</p></body></html>"
    return page.encode()


def test_logo_h1_loses_to_the_page_title():
    raw = _page(
        "<title>Firms weigh Korean data centers - Tech Wire</title>",
        "<h1 class='logo'>Tech Wire</h1>",
    )
    assert parse_page(raw, "https://x.example/a")["title"] == "Firms weigh Korean data centers"
    raw = _page(
        "<title>Firms weigh Korean data centers | Tech Wire</title>",
        "<h1>Firms weigh Korean data centers</h1>",
    )
    assert parse_page(raw, "https://x.example/a")["title"] == "Firms weigh Korean data centers"


def test_author_byline_noise_is_trimmed():
    raw = _page("<meta name='author' content='  By Jane Roe | November 18, 2019'>", "")
    assert parse_page(raw, "https://x.example/a")["author"] == "Jane Roe"
    raw = _page("<meta name='author' content='by Bryan Doe @bdoe Nov 18, 2019 at 9:24 pm ET'>", "")
    assert parse_page(raw, "https://x.example/a")["author"] == "Bryan Doe"


def test_time_element_in_article_counts_as_markup_date():
    raw = _page("", "<article><time datetime='2025-09-10T16:59:00+09:00'>Sep 10</time></article>")
    row = parse_page(raw, "https://x.example/a", fetched_at=FETCHED)
    assert (row["published_at"], row["date_source"]) == (utc(2025, 9, 10, 7, 59), "meta")


def test_dates_after_the_fetch_are_rejected():
    raw = _page("<meta property='article:published_time' content='2031-01-01T00:00:00Z'>", "")
    row = parse_page(raw, "https://x.example/a", fetched_at=FETCHED)
    assert row["published_at"] is None


def test_korean_br_layout_body_dates_and_author():
    row = parse("ko_br_layout.html", "https://www.example.kr/news/1")
    lines = row["body"].split("\n")
    assert lines[0].startswith("오픈AI가 국내 남부권에서 데이터센터 부지를")
    assert lines[2].startswith("반면 구글은 국내 데이터센터 설립에 대해")
    for junk in (
        "관련기사",
        "한국 데이터센터 계획 없다",
        "MS, 부산",
        "많이 본 기사",
        "아마존",
        "추천해요",
        "이 기사 어떻게",
        "▲",
        "기사입력",
        "정치",
        "Copyright",
    ):
        assert junk not in row["body"]
    assert row["published_at"] == utc(2025, 9, 11, 23, 30)  # 기사입력 2025/09/12 08:30 KST
    assert row["updated_at"] == utc(2025, 9, 12, 1, 15)
    assert row["author"] == "김서연"
    assert row["title"] == "[단독] 오픈AI, 남부권 데이터센터 부지 물색"


def test_widget_labels_inside_the_article_take_only_themselves_and_their_list():
    article = (
        "<div id='article-body'>"
        "구글은 국내 데이터센터 설립 계획이 없다고 밝혔다. "
        "회사 측은 현재 검토 중인 사안이 없다고 설명했다.<br><br>"
        "<p>좋아요, 그렇다면 정부는 어떤 대안을 준비하고 있느냐는 질문이 이어졌다.</p>"
        "오픈AI는 남부권 부지를 검토하고 있는 것으로 알려졌다.<br><br>"
        "<strong>관련기사</strong><ul><li><a href='/1'>메타 데이터센터 철회</a></li>"
        "<li><a href='/2'>아마존 리전 확장</a></li></ul>"
        "</div>"
    )
    raw = f"<html><head><meta charset='utf-8'></head><body>{article}</body></html>".encode()
    body = parse_page(raw, "https://news.example.kr/1")["body"]
    assert "구글은 국내 데이터센터 설립 계획이 없다고" in body
    assert "좋아요, 그렇다면 정부는" in body  # a paragraph opening with a widget word stays
    assert "오픈AI는 남부권 부지를" in body
    assert "관련기사" not in body and "메타 데이터센터 철회" not in body


def test_visible_byline_box_gives_the_author():
    raw = _page("", "<div class='story-byline'>By Jisoo Lim</div>")
    assert parse_page(raw, "https://x.example/a")["author"] == "Jisoo Lim"
    raw = _page("", "<p class='comment-form-author'>Name (required)</p>")
    assert parse_page(raw, "https://x.example/a")["author"] is None


def test_microdata_article_body_outweighs_a_longer_neighbour():
    para = "<p>Oracle said it is weighing a second cloud region in Korea, people said.</p>"
    # Slightly longer paragraphs: without the microdata this block would win.
    other = "<p>Unrelated sports results were announced at the weekend in Seoul, fans said.</p>"
    body = f"<div itemprop='articleBody'>{para * 3}</div><div class='x'>{other * 3}</div>"
    raw = f"<html><body>{body}</body></html>".encode()
    text = parse_page(raw, "https://x.example/a")["body"]
    assert "Oracle said it is weighing" in text
    assert "Unrelated sports results" not in text


def test_menu_words_before_reporter_titles_are_not_names():
    raw = _page("", "<div class='menu'>사진기자 | 영상기자</div><p>이지은 기자 = </p>")
    assert parse_page(raw, "https://news.example.kr/a")["author"] == "이지은"
