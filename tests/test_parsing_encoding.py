"""Encodings decided from raw bytes: BOM, header, meta, detection; CP949 under an euc-kr label."""

from pathlib import Path

import pytest

from dagster_project.parse.encoding import decode_html, normalize_label
from dagster_project.parse.page import parse_page

PAGES = Path(__file__).parent / "fixtures" / "pages"


def test_cp949_page_declared_as_euc_kr_decodes_hangul_outside_ks_x_1001():
    raw = (PAGES / "ko_cp949_euckr.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("euc-kr")  # the fixture really holds bytes strict EUC-KR lacks
    decoded = decode_html(raw, "text/html")
    assert decoded.encoding == "cp949"
    assert decoded.source == "meta"
    assert decoded.replacements == 0
    for word in ("똠방각하", "햏자들", "뷁"):
        assert word in decoded.text


@pytest.mark.parametrize("label", ["euc-kr", "EUC-KR", "ks_c_5601-1987", "korean"])
def test_korean_labels_map_to_cp949(label):
    assert normalize_label(label) == "cp949"


def test_latin1_label_maps_to_windows_1252():
    assert normalize_label("ISO-8859-1") == "cp1252"
    assert normalize_label("no-such-charset") is None


def test_utf8_bom_wins():
    decoded = decode_html((PAGES / "en_utf8_bom_visible_date.html").read_bytes(), None)
    assert decoded.source == "bom"
    assert not decoded.text.startswith("\ufeff")
    assert "café-lined" in decoded.text


def test_header_and_meta_conflict_header_right():
    raw = (PAGES / "ko_header_utf8_meta_euckr.html").read_bytes()
    row = parse_page(raw, "https://news.example.kr/1", "text/html; charset=utf-8")
    assert row["encoding"] == "utf-8"
    assert "마이크로소프트가 국내 데이터센터" in row["body"]


def test_header_and_meta_conflict_meta_right():
    raw = (PAGES / "ko_header_utf8_bytes_cp949.html").read_bytes()
    decoded = decode_html(raw, "text/html; charset=utf-8")
    assert (decoded.encoding, decoded.source, decoded.replacements) == ("cp949", "meta", 0)
    assert "마이크로소프트가 국내 데이터센터" in decoded.text


def test_undeclared_legacy_bytes_are_detected():
    text = (
        "<html><body><p>"
        + "정부는 데이터센터 유치를 위해 전력망을 확충한다. " * 20
        + "</p></body></html>"
    )
    decoded = decode_html(text.encode("cp949"), "text/html")
    assert decoded.source == "detected"
    assert "전력망을 확충한다" in decoded.text


def test_gb_label_decodes_chinese():
    row = parse_page((PAGES / "zh_article_gbk.html").read_bytes(), "https://x.example.cn/1")
    assert row["encoding"] == "gb18030"
    assert "谷歌十日表示" in row["body"]


def test_replacement_characters_are_counted_and_mojibake_is_flagged():
    good = (
        "<html><body><p>"
        + "구글은 한국에 데이터센터를 짓지 않는다고 밝혔다. " * 30
        + "</p></body></html>"
    )
    raw = good.encode("cp949")
    # Damage many double-byte characters so no codec decodes them cleanly.
    broken = bytearray(raw)
    for i in range(40, len(broken) - 40, 7):
        broken[i] = 0xFF
    row = parse_page(bytes(broken), "https://news.example.kr/1", "text/html; charset=euc-kr")
    assert "undecodable byte sequences" in row["parse_reason"]
    assert row["parse_status"] == "error"
    assert "\ufffd" not in (row["body"] or "")


def test_xml_declaration_encoding_is_honoured():
    page = '<?xml version="1.0" encoding="euc-kr"?><html><body><p>햏자와 똠방각하</p></body></html>'
    decoded = decode_html(page.encode("cp949"), None)
    assert (decoded.encoding, decoded.source) == ("cp949", "meta")
    assert "햏자와 똠방각하" in decoded.text


KOREAN_PARAGRAPH = (
    "정부는 해외 기업의 데이터센터 유치를 위해 전력망을 확충하고 세제를 지원한다. " * 12
)


def test_server_default_latin1_header_loses_to_the_pages_meta():
    page = (
        f"<html><head><meta charset='euc-kr'></head><body><p>{KOREAN_PARAGRAPH}</p></body></html>"
    )
    raw = page.encode("euc-kr")
    raw.decode("cp1252")  # the trap: these bytes are also valid windows-1252
    decoded = decode_html(raw, "text/html; charset=ISO-8859-1")
    assert (decoded.encoding, decoded.source) == ("cp949", "meta")
    assert "데이터센터 유치를 위해" in decoded.text


def test_server_default_latin1_header_without_meta_falls_to_detection():
    raw = f"<html><body><p>{KOREAN_PARAGRAPH}</p></body></html>".encode("euc-kr")
    decoded = decode_html(raw, "text/html; charset=ISO-8859-1")
    assert decoded.source == "detected"
    assert "데이터센터 유치를 위해" in decoded.text


def test_real_latin1_page_keeps_its_header():
    text = "Le géant américain a décidé de ne pas construire de centre de données en Corée. " * 8
    raw = f"<html><body><p>{text}</p></body></html>".encode("cp1252")
    decoded = decode_html(raw, "text/html; charset=ISO-8859-1")
    assert "Le géant américain a décidé" in decoded.text
