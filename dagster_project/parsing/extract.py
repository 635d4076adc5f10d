"""Article body text from a pruned lexbor tree."""

from __future__ import annotations

import re

import trafilatura
from selectolax.lexbor import LexborHTMLParser

from . import prune

_BLANK_LINES = re.compile(r"\n\s*\n+")


def body_text(tree: LexborHTMLParser, url: str | None) -> str | None:
    """Main text of the article, one paragraph per line, or None if there is none."""
    html = tree.html or ""
    text = trafilatura.extract(html, url=url, include_comments=False)
    if not text:
        return None
    text = _BLANK_LINES.sub("\n", text).strip()
    return text or None


def body_from_html(html: str, url: str | None = None) -> str | None:
    """Parse decoded HTML and return its article body (the whole body path, for benchmarks)."""
    tree = LexborHTMLParser(html)
    prune.strip_code(tree)
    prune.prune(tree)
    return body_text(tree, url)
