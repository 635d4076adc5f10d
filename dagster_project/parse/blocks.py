"""Article text from a content node: one line per block, boilerplate blocks skipped."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from .density import class_weight

BLOCK_TAGS = frozenset(
    "p div section article main li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote pre table "
    "tbody thead tfoot tr figure figcaption header footer address details summary hr "
    "center".split()
)
# Table cells stay on their row's line, separated by a space.
_CELL_TAGS = frozenset(("td", "th"))
_SKIP_TAGS = frozenset("h1 figure figcaption picture img caption".split())
_LINK_LISTS = frozenset(("ul", "ol", "dl", "div", "section", "table", "p", "li"))
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
# Short lines that are widget labels or calls to action, never article text.
_JUNK_LINE = re.compile(
    r"^(?:advertisement|ad|sponsored|share( this)?( (article|story))?|tweet|email|print|"
    r"read more|related|see also|continue reading|subscribe|sign up|comments?|"
    r"기사\s*공유|공유하기|댓글|추천|글자\s*크기|프린트|인쇄|구독|좋아요|"
    r"이 기사 어떻게 생각하세요\??)$"
    # Korean photo captions: '▲ 서울의 한 데이터센터 (사진=연합)'.
    r"|^▲|^\(?사진\s*=[^)]*\)?$",
    re.I,
)


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buffer: list[str] = []

    def flush(self) -> None:
        if not self.buffer:  # most block boundaries follow another: nothing to write
            return
        line = _SPACE.sub(" ", "".join(self.buffer)).strip()
        self.buffer.clear()
        if line and not _JUNK_LINE.match(line):
            self.lines.append(line)


def _skip(node: LexborNode) -> bool:
    if node.tag in _SKIP_TAGS:
        return True
    if node.tag in _LINK_LISTS:
        text = node.text(deep=True, strip=True)
        if not text:
            return True
        linked = sum(len(a.text(deep=True, strip=True)) for a in node.css("a"))
        # A block that is mostly links is a menu, tag cloud or list of other
        # articles; a long paragraph or list item that opens with a link is not.
        density = linked / len(text)
        if density > 0.5 and (node.tag not in ("p", "li") or len(text) < 200 or density > 0.85):
            return True
    return class_weight(node) < 0


def _emit(node: LexborNode, out: _Writer) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            out.buffer.append(child.text_content or "")
        elif tag == "br":
            out.flush()
        elif tag in BLOCK_TAGS:
            out.flush()
            if not _skip(child):
                _emit(child, out)
                out.flush()
        elif tag in _CELL_TAGS and class_weight(child) >= 0:
            out.buffer.append(" ")
            _emit(child, out)
            out.buffer.append(" ")
        elif tag != "-comment" and class_weight(child) >= 0:
            # Inline captions, credits and share labels are skipped like blocks.
            _emit(child, out)


def block_text(nodes: list[LexborNode]) -> str:
    """Text of the given nodes, one block (paragraph, heading, list item) per line."""
    out = _Writer()
    for node in nodes:
        done = len(out.lines)
        try:
            _emit(node, out)
        except RecursionError:
            # Markup nested deeper than Python's stack (broken pages with
            # thousands of unclosed tags): plain text lines are still the text.
            out.buffer.clear()
            del out.lines[done:]
            out.lines.extend(
                line
                for line in node.text(deep=True, separator="\n", strip=True).split("\n")
                if line
            )
        out.flush()
    return "\n".join(out.lines)
