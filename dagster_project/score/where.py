"""Data-center terms in a sentence and the place of the data center."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate

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
        # secondary words never count inside a primary term (the 센터 of 데이터센터용);
        # finditer's spans come sorted and disjoint, so one bisection finds the overlap
        starts, ends = [s for s, _ in taken], [e for _, e in taken]
        for m in lex.dc_secondary[lang].finditer(sentence):
            k = bisect_right(ends, m.start())
            if k == len(taken) or starts[k] >= m.end():
                primary.append(m.span())
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
    dc_starts = sorted(ds for ds, _ in spans)
    best: tuple[int, str] | None = None
    for s, e, code in _places(sentence, hits, lex):
        dist = _distance(s, e, dc_starts)
        if best is None or dist < best[0]:
            best = (dist, code)
    return best[1] if best else None


def locate_within(
    sentence: str,
    hits: list[Hit],
    spans: list[tuple[int, int]],
    lo: int,
    hi: int,
    cue: int,
    lex: Lexicon,
) -> str | None:
    """ISO code of the place inside the clause [lo, hi), nearest to a data-center term of
    the clause or, when it has none, to the cue at `cue`: "홍콩에 데이터센터를 추가로
    세웠지만 우리나라에는 세우지 않고 있다" puts the refusal in Korea. None when the clause
    names no place."""
    starts = sorted(s for s, _ in spans if lo <= s < hi) or [cue]
    found = [
        (_distance(s, e, starts), code)
        for s, e, code in _places(sentence, hits, lex)
        if lo <= s < hi
    ]
    return min(found)[1] if found else None


def _places(sentence: str, hits: list[Hit], lex: Lexicon):
    """(start, end, code) of each place in the sentence that is not inside a firm's
    name, not an actor ("한국 정부") and not a nationality before a name ("미국 구글은")."""
    # bisections over sorted starts keep this linear in the mentions of a long sentence
    by_start = sorted(hits, key=lambda h: h.start)
    hit_starts = [h.start for h in by_start]
    reach = list(accumulate((h.end for h in by_start), max))  # furthest end so far
    for code, rx in lex.places:
        for m in rx.finditer(sentence):
            s, e = m.span()
            if _inside_hit(s, hit_starts, reach) or _inside_hit(e - 1, hit_starts, reach):
                continue
            if lex.not_a_place.match(sentence, e) or _before_a_name(
                sentence, e, hit_starts, by_start, lex
            ):
                continue
            yield s, e, code


def _before_a_name(sentence: str, e: int, starts: list[int], hits: list[Hit], lex: Lexicon) -> bool:
    """Is the place a nationality in front of a firm's name ("중국 텐센트가", "미국 구글은"):
    the name follows after one space, and no data-center term right after the name
    makes the place the facility's ("울산 AWS 데이터센터")?"""
    k = bisect_left(starts, e + 1)
    if k == len(hits) or hits[k].start != e + 1 or sentence[e] != " ":
        return False
    after = sentence[hits[k].end : hits[k].end + 12].lstrip()
    return not any(lex.dc_terms[lang].match(after) for lang in lex.dc_terms)


def _inside_hit(pos: int, starts: list[int], reach: list[int]) -> bool:
    """Is `pos` inside a firm name (some hit with start <= pos < end)?"""
    k = bisect_right(starts, pos)
    return k > 0 and reach[k - 1] > pos


def _distance(s: int, e: int, dc_starts: list[int]) -> int:
    """Distance from the place [s, e) to the nearest data-center term: to a term that
    starts at or before the place, from the place's start; to a later one, from its end."""
    k = bisect_right(dc_starts, s)
    best = s - dc_starts[k - 1] if k else None
    j = bisect_left(dc_starts, e, lo=k)  # later terms: the nearest to e on either side
    for ds in dc_starts[max(k, j - 1) : j + 1]:
        if best is None or abs(ds - e) < best:
            best = abs(ds - e)
    assert best is not None  # spans is not empty
    return best
