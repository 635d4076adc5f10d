"""Article body text from a pruned lexbor tree."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import prune
from .blocks import block_text
from .density import Candidate, link_density, score_candidates

_BLANK_LINES = re.compile(r"\n\s*\n+")
# Below this many characters the density pass is not trusted on its own.
_CONFIDENT_CHARS = 150
_MIN_FALLBACK_CHARS = 50


def _same_template(top: LexborNode, body: LexborNode) -> list[LexborNode]:
    # Articles cut into several containers of one class (with ads or pull
    # quotes between them) come back whole: every non-nested node of the same
    # tag and class that holds prose, in document order.
    cls = top.attributes.get("class")
    if not cls:
        return []
    group, ids = [], set()
    for node in body.css(top.tag):
        if node.attributes.get("class") != cls:
            continue
        ancestor = node.parent
        while ancestor is not None and ancestor.mem_id not in ids:
            ancestor = ancestor.parent
        text_len = len(node.text(deep=True, strip=True))
        if ancestor is None and text_len >= 200 and link_density(node, text_len) < 0.3:
            group.append(node)
            ids.add(node.mem_id)
    return group if len(group) > 1 and top.mem_id in ids else []


def _with_siblings(top: Candidate, ranked: list[Candidate]) -> list[LexborNode]:
    # Articles split over sibling blocks (ads between them) are joined again.
    parent = top.node.parent
    if parent is None:
        return [top.node]
    # Siblings join on the strength of their text, not of their class names.
    scores = {c.node.mem_id: c.content for c in ranked}
    threshold = max(10.0, top.score * 0.2)
    nodes = []
    for sib in parent.iter(include_text=False):
        if sib.mem_id == top.node.mem_id:
            nodes.append(sib)
        elif scores.get(sib.mem_id, 0) >= threshold:
            nodes.append(sib)
        elif sib.tag == "p":
            text = sib.text(deep=True, strip=True)
            if len(text) > 80 and link_density(sib, len(text)) < 0.25:
                nodes.append(sib)
    return nodes


def density_body(tree: LexborHTMLParser) -> str | None:
    """Body text from the best-scoring content node, or None if there is none."""
    body = tree.body
    if body is None:
        return None
    ranked = score_candidates(body)
    if not ranked:
        return None
    nodes = _same_template(ranked[0].node, body) or _with_siblings(ranked[0], ranked)
    return block_text(nodes) or None


def trafilatura_body(html: str, url: str | None) -> str | None:
    """trafilatura's extraction (comments excluded): the slow, careful second opinion."""
    # Imported on first need: it is rarely called, and its import costs most of
    # a parse worker's start-up time.
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False)


def body_text(tree: LexborHTMLParser, url: str | None, html: str | None = None) -> str | None:
    """Main text of the article, one paragraph per line, or None if there is none.

    ``tree`` must already be pruned. When the density pass finds almost nothing
    and the original ``html`` is given, trafilatura gets a try on it: pruning
    or scoring can miss on an unusual layout, and a slow answer beats none.
    """
    text = density_body(tree)
    if (text is None or len(text) < _CONFIDENT_CHARS) and html:
        second = trafilatura_body(html, url)
        # A few words from trafilatura (a menu label) are no better than nothing,
        # and a little more than ours is likely ours plus boilerplate.
        if second and len(second) > max(2 * len(text or ""), _MIN_FALLBACK_CHARS):
            text = second
    if not text:
        return None
    text = _BLANK_LINES.sub("\n", text).strip()
    return text or None


def body_from_html(html: str, url: str | None = None) -> str | None:
    """Parse decoded HTML and return its article body (the whole body path, for benchmarks)."""
    tree = LexborHTMLParser(html)
    prune.strip_code(tree)
    prune.prune(tree)
    return body_text(tree, url, html)
