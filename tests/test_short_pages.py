"""Short news pages take every body-extraction path, and none of them is a parse error.

The same pages are what `.ci/run` (bin/check-install) feeds a plain `pip install .`, where
a runtime import missing from the dependencies shows up as ``parse_status = error``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from dagster_project.parse import extract, prune
from dagster_project.parse.page import parse_page

PAGES = Path(__file__).parent / "fixtures" / "short_pages" / "pages"


def _paths(name: str) -> tuple[str | None, str | None]:
    html = (PAGES / name).read_text(encoding="utf-8")
    tree = LexborHTMLParser(html)
    prune.strip_code(tree)
    prune.prune(tree)
    return extract.density_body(tree), extract.body_text(tree, None, html)


def test_a_full_article_is_the_density_extractors_alone():
    ours, final = _paths("full_en.html")
    assert ours and len(ours) >= extract._CONFIDENT_CHARS and final == ours.strip()


@pytest.mark.parametrize("name", ["brief_ko.html", "brief_en.html"])
def test_a_brief_consults_trafilatura_and_keeps_its_one_paragraph(name):
    ours, final = _paths(name)
    assert ours is None or len(ours) < extract._CONFIDENT_CHARS  # the fallback is consulted
    assert extract.trafilatura_body((PAGES / name).read_text(encoding="utf-8"), None) is not None
    assert final  # something came back, from either


@pytest.mark.parametrize("name", ["list_ko.html", "points_en.html"])
def test_text_outside_paragraphs_is_trafilaturas_answer(name):
    ours, final = _paths(name)
    assert ours is None or len(ours) < extract._CONFIDENT_CHARS
    assert final and len(final) > 2 * len(ours or "")  # the fallback's text was taken


@pytest.mark.parametrize("name", sorted(p.name for p in PAGES.glob("*.html")))
def test_no_short_page_is_a_parse_error(name):
    row = parse_page((PAGES / name).read_bytes(), f"https://short.example/{name}", "text/html")
    assert row["parse_status"] != "error", row["parse_reason"]
    if name != "empty.html":
        assert row["parse_status"] == "ok" and row["body"]
