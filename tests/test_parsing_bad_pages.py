"""Bad pages become rows with a status and a reason, never exceptions."""

import time
from pathlib import Path

import pytest

from dagster_project.parse import guard
from dagster_project.parse.page import parse_page

PAGES = Path(__file__).parent / "fixtures" / "pages"


@pytest.mark.parametrize(
    ("name", "status", "reason"),
    [
        ("empty.html", "empty", "no bytes"),
        ("whitespace.html", "empty", "no bytes"),
        ("image_as_html.html", "binary", "png"),
        ("pdf_as_html.html", "binary", "pdf"),
    ],
)
def test_bad_fixture_pages(name, status, reason):
    row = parse_page((PAGES / name).read_bytes(), "https://www.example.com/x", "text/html")
    assert row["parse_status"] == status
    assert reason in row["parse_reason"]
    assert row["body"] is None


def test_none_raw_is_empty():
    assert parse_page(None, "https://www.example.com/x")["parse_status"] == "empty"


def test_gzip_bytes_are_binary():
    import gzip

    row = parse_page(gzip.compress(b"<html>hello</html>"), "https://x.example/", "text/html")
    assert row["parse_status"] == "binary"


def test_truncated_html_still_yields_text_and_says_so():
    row = parse_page((PAGES / "truncated.html").read_bytes(), "https://www.example.com/x")
    assert row["parse_status"] == "ok"
    assert "truncated" in row["parse_reason"]
    assert row["body"].startswith("Google told reporters on Wednesday")


def test_page_with_markup_but_no_text_is_empty():
    row = parse_page(
        b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "https://x.example/"
    )
    assert row["parse_status"] == "empty"
    assert row["parse_reason"] == "no article text found"


def test_huge_page_is_capped_and_reported():
    para = "<p>" + "Google declined to build a data center in Korea this year. " * 8 + "</p>\n"
    raw = (
        "<html><head><meta charset='utf-8'><title>Huge</title></head><body><article>"
        + para * 50
        + "</article><div>"
        + "x" * (20 * 1024 * 1024)
        + "</div></body></html>"
    ).encode()
    assert len(raw) > 20 * 1024 * 1024
    start = time.perf_counter()
    row = parse_page(raw, "https://www.example.com/huge", "text/html")
    # Generous bound that still catches quadratic work on a multi-megabyte text node.
    assert time.perf_counter() - start < 20
    assert row["parse_status"] == "too_large"
    assert f"first {guard.MAX_PARSE_BYTES // 1048576} MiB" in row["parse_reason"]
    assert "Google declined to build" in row["body"]


def test_an_exception_inside_becomes_an_error_row(monkeypatch):
    from dagster_project.parse import page

    def boom(*_args, **_kw):
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(page, "decode_html", boom)
    row = page.parse_page(b"<html><body><p>hi</p></body></html>", "https://x.example/")
    assert row["parse_status"] == "error"
    assert "parser exploded" in row["parse_reason"]


def test_trafilatura_gets_a_try_when_the_density_pass_finds_nothing(monkeypatch):
    from dagster_project.parse import extract

    text = "Amazon Web Services said it has started building a data center in Ulsan. " * 5
    raw = f"<html><body><article><p>{text}</p></article></body></html>".encode()
    monkeypatch.setattr(extract, "density_body", lambda tree: None)
    row = parse_page(raw, "https://x.example/a")
    assert row["parse_status"] == "ok"
    assert "started building a data center in Ulsan" in row["body"]


def test_control_heavy_bytes_without_magic_are_binary():
    raw = b"<html>" + bytes([1, 2, 3, 4, 5, 6, 7, 8, 11, 14, 65, 66]) * 400
    row = parse_page(raw, "https://x.example/", "text/html")
    assert (row["parse_status"], row["parse_reason"]) == (
        "binary",
        "unknown binary content served as text/html",
    )
    text = (
        b"<html><body><p>" + b"Plain text with\ttabs and\r\nnewlines. " * 50 + b"</p></body></html>"
    )
    assert parse_page(text, "https://x.example/")["parse_status"] == "ok"


def test_markup_nested_deeper_than_the_python_stack_still_gives_text():
    text = "Google said it has no plan for a data center in Korea, officials said. " * 3
    deep = "<div>" * 3000 + f"<p>{text}</p>" + "</div>" * 3000
    raw = f"<html><body><div class='story'><p>{text}</p>{deep}</div></body></html>".encode()
    row = parse_page(raw, "https://x.example/deep")
    assert row["parse_status"] == "ok"
    assert row["body"].count("Google said it has no plan") == 6
