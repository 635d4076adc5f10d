"""Remove obvious boilerplate from a lexbor tree before picking the article body.

Pruning is cheap on lexbor and shrinks what the expensive steps see. It only
drops what is boilerplate on any news site: code, navigation, forms, share and
reaction widgets, related/most-read lists and comment sections.
"""

from __future__ import annotations

import functools
import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "button",
    "input",
    "select",
    "textarea",
    "object",
    "embed",
    "canvas",
    "video",
    "audio",
    "dialog",
    "link",
    "meta",
)
# Usually boilerplate, but some sites wrap the whole page in one (ASP.NET puts
# everything in a <form>), so these go only when they hold little of the text.
_GUARDED_TAGS = {"form", "nav", "footer", "aside", "menu", "header"}
# Matched against class and id, split on word boundaries so that 'ad' does not
# hit 'header' or 'read'.
_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:"
    r"nav|navbar|navigation|menu|gnb|lnb|snb|breadcrumbs?|sidebar|side|aside|footer|foot|"
    r"related|relate|recommend\w*|recirc\w*|popular|most-?read|most-?viewed|trending|"
    r"rank\w*|hot-?news|best-?news|also-?read|more-?stories|read-?more|more-?news|"
    r"share|sharing|social|sns|comments?|cmt|reply|replies|reaction\w*|emotion|"
    r"like-?box|vote|newsletter|subscribe|subscription|signup|promo\w*|banner|"
    r"ad|ads|advert\w*|sponsor\w*|outbrain|taboola|dable|cookie\w*|consent|gdpr|"
    r"paywall|modal|popup|toolbar|pagination|tags?|keyword\w*|copyright|"
    r"byline-?share|print|font-?size|author-?bio|skip"
    r")(?:$|[\s_-])",
    re.I,
)
# Korean reaction widgets and related-article headings, by their visible text.
# The whole own text of an element must be the label (a count may follow), so
# that an article paragraph that merely starts with '좋아요' is never taken.
_WIDGET_TEXT = re.compile(
    r"^[\s\[【<]*(?:이 기사 어떻게 생각하세요|이 기사를 추천합니다|기사 추천|추천해요|좋아요|"
    r"관련\s*기사|많이 본 뉴스|많이 본 기사|인기\s*기사|주요\s*뉴스|함께 보면 좋은 기사|"
    r"Related (?:Articles|Stories|News|Content)|Most (?:Read|Popular|Viewed)|Recommended)"
    r"[\s\]】>]*[?？:：!]?\s*\d*$",
    re.I,
)
_KEEP_TAGS = {"html", "body", "main", "article"}
_MAX_PRUNED_SHARE = 0.25
_INLINE = {"span", "b", "strong", "em", "i", "a", "br", "img", "u", "sup", "sub", "font"}


def _looks_boilerplate(node: LexborNode, attrs: dict | None = None) -> bool:
    attrs = node.attributes if attrs is None else attrs
    if node.tag in _KEEP_TAGS:
        return False
    if node.tag in _GUARDED_TAGS:
        return True
    if attrs.get("role") in ("navigation", "banner", "contentinfo", "complementary", "search"):
        return True
    return _boilerplate_label(attrs.get("class"), attrs.get("id"))


@functools.lru_cache(maxsize=4096)
def _boilerplate_label(cls: str | None, id_: str | None) -> bool:
    # A page repeats a few class names over hundreds of nodes: each is matched once.
    label = f"{cls or ''} {id_ or ''}"
    return bool(label.strip()) and bool(_BOILERPLATE.search(label.replace(":", " ")))


def _hidden(node: LexborNode, attrs: dict | None = None) -> bool:
    attrs = node.attributes if attrs is None else attrs
    if attrs.get("hidden") is not None or attrs.get("aria-hidden") == "true":
        return True
    style = (attrs.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _is_boilerplate(node: LexborNode, page_chars: int) -> bool:
    attrs = node.attributes  # built once: each call makes a new dict
    if _hidden(node, attrs) and node.tag not in _KEEP_TAGS:
        # Hidden copies of the text (microdata, print versions) go, unless the
        # page hides most of its text until a script shows it.
        return len(node.text(deep=True, strip=True)) < page_chars * 0.5
    if not _looks_boilerplate(node, attrs):
        return False
    # Class names lie: wrappers like 'main-content has-section-nav' or
    # 'article-content paywall' hold the article. A node holding a large share
    # of the page's text is kept, and pruning goes on inside it.
    return len(node.text(deep=True, strip=True)) < max(200, page_chars * _MAX_PRUNED_SHARE)


def _link_chars(node: LexborNode) -> int:
    return sum(len(a.text(deep=True, strip=True)) for a in node.css("a"))


def _widget_nodes(label: LexborNode) -> list[LexborNode]:
    # A label's parent is the widget when, label and links aside, it holds
    # little text (buttons and counts, a list of headlines). Otherwise the
    # parent may be the article itself, so only the label goes, with the link
    # list right after it.
    parent = label.parent
    if parent is not None and parent.tag not in _KEEP_TAGS:
        size = len(parent.text(deep=True, strip=True))
        label_size = len(label.text(deep=True, strip=True))
        if size - label_size - _link_chars(parent) < 100:
            return [parent]
    nodes = [label]
    sib = label.next
    while (
        sib is not None
        and sib.tag in ("-text", "-comment")
        and not (sib.text_content or "").strip()
    ):
        sib = sib.next
    if sib is not None and sib.tag in ("ul", "ol", "dl", "div", "table"):
        size = len(sib.text(deep=True, strip=True))
        if size and _link_chars(sib) / size > 0.5:
            nodes.append(sib)
    return nodes


def strip_code(tree: LexborHTMLParser) -> LexborHTMLParser:
    """Remove scripts, styles, forms, navigation and other never-content tags in place."""
    tree.strip_tags(list(DROP_TAGS))
    return tree


def prune(tree: LexborHTMLParser) -> LexborHTMLParser:
    """Drop boilerplate nodes (by class/id, role, hidden, widget text) in place."""
    body = tree.body
    if body is None:
        return tree
    page_chars = len(body.text(deep=True, strip=True))
    doomed: list[LexborNode] = []
    stack = [body]
    while stack:
        node = stack.pop()
        for child in node.iter(include_text=False):
            own = child.text(deep=False, strip=True)
            if own and len(own) < 40 and _WIDGET_TEXT.match(own):
                doomed.extend(_widget_nodes(child))
                continue
            if child.tag in _INLINE:
                continue
            if _is_boilerplate(child, page_chars):
                doomed.append(child)
                continue  # its subtree goes with it
            stack.append(child)
    # Decomposing a node frees its subtree, so decide everything before
    # freeing anything, and never free a node inside one already freed.
    ids = {n.mem_id for n in doomed}
    roots = []
    for node in doomed:
        ancestor = node.parent
        while ancestor is not None and ancestor.mem_id not in ids:
            ancestor = ancestor.parent
        if ancestor is None:
            roots.append(node)
    seen: set[int] = set()
    for node in roots:
        if node.mem_id not in seen:
            seen.add(node.mem_id)
            node.decompose()
    return tree
