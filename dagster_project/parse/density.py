"""Pick the node that holds the article: text-density scoring on the lexbor tree.

Paragraph-like nodes credit their ancestors (readability's idea): the parent
fully, the grandparent half, higher levels less. Commas and length raise a
paragraph's credit; class names like 'article-body' raise a node's own score;
links lower it (link-dense blocks are menus and lists of other articles).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

_POSITIVE = re.compile(
    r"article|body|content|entry|main|post|text|story|view|detail|news|read|blog|"
    r"본문|기사",
    re.I,
)
_NEGATIVE = re.compile(
    r"comment|meta|footer|footnote|related|sidebar|widget|share|social|promo|sponsor|"
    r"caption|credit|byline|author|tag|rank|popular|recommend|banner|ad-|masthead|"
    r"tooltip|popover|hovercard|rollover",
    re.I,
)
_COMMAS = re.compile(r"[,，、]")
_MIN_PARAGRAPH = 25
# Text directly in a div must look like prose (words and spaces, or CJK runs);
# hidden data values such as URLs and timestamps are also direct div text.
_MIN_DIV_TEXT = 60
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3]{15}")


def _prose(text: str) -> bool:
    head = text[:1000]  # bounded: a multi-megabyte text node must stay cheap
    return len(head.split(None, 6)) > 6 or bool(_CJK_RUN.search(head))


_CONTAINER_TAGS = ("div", "section", "article", "td", "main", "font", "span", "center")


@dataclass
class Candidate:
    """A node that may hold the article, with its score."""

    node: LexborNode
    score: float
    content: float = 0.0  # the score earned from text alone, without the class-name weight


def class_weight(node: LexborNode) -> float:
    """+25 for article-like class/id names, -25 for boilerplate-like ones.

    schema.org microdata (itemprop="articleBody") is the page saying outright
    where its article is, worth another +25.
    """
    attrs = node.attributes
    weight = 25.0 if attrs.get("itemprop") in ("articleBody", "articleText") else 0.0
    return weight + _label_weight(attrs.get("class"), attrs.get("id"))


@functools.lru_cache(maxsize=4096)
def _label_weight(cls: str | None, id_: str | None) -> float:
    # A page repeats a few class names over hundreds of nodes: each is matched once.
    label = f"{cls or ''} {id_ or ''}"
    if not label.strip():
        return 0.0
    return (25.0 if _POSITIVE.search(label) else 0.0) - (25.0 if _NEGATIVE.search(label) else 0.0)


def link_density(node: LexborNode, text_len: int | None = None) -> float:
    """Share of the node's text that sits inside links."""
    total = text_len if text_len is not None else len(node.text(deep=True, strip=True))
    if total == 0:
        return 0.0
    linked = sum(len(a.text(deep=True, strip=True)) for a in node.css("a"))
    return min(1.0, linked / total)


def _paragraph_score(text: str) -> float:
    return 1 + len(_COMMAS.findall(text)) + min(len(text) / 100, 3)


def score_candidates(body: LexborNode) -> list[Candidate]:
    """Candidates for the article node, best first."""
    scores: dict[int, Candidate] = {}

    def credit(node: LexborNode | None, amount: float) -> None:
        for level in range(4):
            if node is None or node.tag in ("html", "#document"):
                return
            cand = scores.get(node.mem_id)
            if cand is None:
                cand = scores[node.mem_id] = Candidate(node, class_weight(node))
            share = amount / (1 if level == 0 else 2 if level == 1 else level * 3)
            cand.score += share
            cand.content += share
            node = node.parent

    for p in body.css("p, pre, blockquote"):
        text = p.text(deep=True, strip=True)
        if len(text) >= _MIN_PARAGRAPH:
            credit(p.parent, _paragraph_score(text))
    # Text written straight into a container. Split by <br> (as on many Korean
    # news sites) the container itself is the article; a single run of text is
    # a paragraph written as a div (as on some US sites) and credits its parent.
    for node in body.css(",".join(_CONTAINER_TAGS)):
        own = node.text(deep=False, strip=True)
        if len(own) >= _MIN_DIV_TEXT and _prose(own):
            breaks = sum(1 for child in node.iter(include_text=False) if child.tag == "br")
            if breaks >= 2:
                credit(node, _paragraph_score(own) * min(1 + len(own) / 400, 4))
            else:
                credit(node.parent, _paragraph_score(own))
    ranked = sorted(scores.values(), key=lambda c: c.score, reverse=True)[:8]
    for cand in ranked:
        density = link_density(cand.node)
        cand.score *= 1 - density
        cand.content *= 1 - density
    ranked.sort(key=lambda c: c.score, reverse=True)
    return ranked
