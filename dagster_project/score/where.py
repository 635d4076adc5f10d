"""Data-center terms in a sentence and the place of the data center."""

from __future__ import annotations

from .lexicon import Lexicon
from .registry import Hit


def dc_spans(
    sentence: str, lang: str, lex: Lexicon, context: bool = False
) -> list[tuple[int, int]]:
    """Spans of data-center terms that talk about a facility, not money or parts:
    "data center revenue" and "데이터센터용 반도체" do not count. Secondary words
    (facility, 부지 …) count only when a primary term is present; with `context` (the
    sentence before had one) words pointing back to it count too ("will build one")."""
    primary, taken = [], []
    for m in lex.dc_terms[lang].finditer(sentence):
        taken.append(m.span())
        if not lex.dc_traps[lang].match(sentence, m.end()):
            primary.append(m.span())
    if taken:
        # secondary words never count inside a primary term (the 센터 of 데이터센터용)
        primary += [
            m.span()
            for m in lex.dc_secondary[lang].finditer(sentence)
            if not any(s < m.end() and m.start() < e for s, e in taken)
        ]
    elif context:
        primary = [m.span() for m in lex.dc_context[lang].finditer(sentence)]
    return sorted(set(primary))


def locate(
    sentence: str, lang: str, hits: list[Hit], spans: list[tuple[int, int]], lex: Lexicon
) -> str | None:
    """ISO code of the place nearest to a data-center term, skipping places inside firm
    names (구글코리아, OpenAI Korea) and places that name an actor ("한국 정부")."""
    if not spans:
        return None
    best: tuple[int, str] | None = None
    for code, rx in lex.places:
        for m in rx.finditer(sentence):
            s, e = m.span()
            if any(h.start <= s < h.end or h.start < e <= h.end for h in hits):
                continue
            if lex.not_a_place.match(sentence, e):
                continue
            dist = min(abs(s - ds) if s >= ds else abs(ds - e) for ds, _ in spans)
            if best is None or dist < best[0]:
                best = (dist, code)
    return best[1] if best else None
