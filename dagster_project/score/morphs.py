"""A Korean sentence as Kiwi morphemes: one `form/TAG form/TAG …` string that cue
patterns run on, with the token index behind every match; quotes and firm spans."""

from __future__ import annotations

import re

from .kiwi import Tok
from .lexicon import AnyOf
from .registry import Hit

QUOTE_FORMS = set("\"“”‘’'「」『』")


class Morphs:
    """A sentence's morphemes as one `form/TAG form/TAG …` string, with the token index
    of every item so regex matches map back to tokens."""

    def __init__(self, toks: list[Tok]):
        self.toks = toks
        parts = [f"{t.form}/{t.tag}" for t in toks]
        self.text = " ".join(parts)
        self.starts: dict[int, int] = {}
        self.ends: dict[int, int] = {}
        self.offsets: list[int] = []  # char offset of each token, plus the end
        pos = 0
        for i, p in enumerate(parts):
            self.starts[pos] = i
            self.offsets.append(pos)
            pos += len(p)
            self.ends[pos] = i + 1
            pos += 1
        self.offsets.append(len(self.text) + 1)
        self.forms = {t.form for t in toks}

    def find(
        self, rx: re.Pattern[str], t0: int = 0, t1: int | None = None
    ) -> list[tuple[int, int]]:
        """Token spans [ts, te) of the matches of `rx` inside tokens [t0, t1)."""
        t1 = len(self.toks) if t1 is None else t1
        out = []
        for m in rx.finditer(self.text):
            ts, te = self.starts.get(m.start()), self.ends.get(m.end())
            if ts is not None and te is not None and t0 <= ts and te <= t1:
                out.append((ts, te))
        return out

    def any_in(self, rxs: AnyOf, t0: int, t1: int) -> bool:
        """Does any pattern of `rxs` (a `Lexicon.ko_any` list) match inside tokens
        [t0, t1)?"""
        if t1 <= t0:
            return False
        # search only the window's text (look-behinds still see the space before it)
        lo, hi = self.offsets[t0], self.offsets[min(t1, len(self.toks))] - 1
        return rxs.search(self.text, lo, hi)


def quote_mask(toks: list[Tok]) -> list[bool]:
    """For each token: is it inside quotation marks?"""
    inside, depth = [], 0
    for t in toks:
        if t.form in QUOTE_FORMS and t.tag == "SSC":
            depth = max(0, depth - 1)
        inside.append(depth > 0)
        if t.form in QUOTE_FORMS and t.tag == "SSO":
            depth += 1
    return inside


def span(toks: list[Tok], hit: Hit) -> tuple[int, int]:
    """Token range [a, b) covering the firm name at `hit`."""
    a = next((i for i, t in enumerate(toks) if t.end > hit.start), len(toks))
    b = next((i for i, t in enumerate(toks) if t.start >= hit.end), len(toks))
    return a, max(b, a + 1)
