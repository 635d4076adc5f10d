"""The Kiwi morphological analyser, loaded once per process, with firm names added as
proper nouns so that 오픈AI or 아마존웹서비스 stay one token."""

from __future__ import annotations

import functools
from typing import NamedTuple

# Kiwi writes some endings with conjoining jamo (ᆫ, ᆯ); the cue files use the
# compatibility letters (ㄴ, ㄹ) that people type.
_JAMO = str.maketrans({"ᆫ": "ㄴ", "ᆯ": "ㄹ", "ᆷ": "ㅁ", "ᆸ": "ㅂ", "ᆼ": "ㅇ", "ᆻ": "ㅆ"})


class Tok(NamedTuple):
    """One morpheme: normalised form, tag, and its character span in the sentence.
    (A named tuple: one is built per morpheme, at half the cost of a frozen dataclass.)"""

    form: str
    tag: str
    start: int
    end: int


@functools.cache
def kiwi(user_words: tuple[tuple[str, str], ...] = ()):
    """A Kiwi instance with `user_words` ((word, tag) pairs: firm names as NNP, data-center
    words as NNG) registered; cached, because loading the model takes seconds and the
    same registry and lexicon give the same words."""
    from kiwipiepy import Kiwi  # imported lazily: English-only runs never pay for it

    k = Kiwi()
    for word, tag in user_words:
        k.add_user_word(word, tag, 0.0)
    return k


def tokenize_many(user_words: tuple[tuple[str, str], ...], sentences: list[str]) -> list[list[Tok]]:
    """Morphemes of each sentence, analysed in one batch call."""
    if not sentences:
        return []
    out = []
    for tokens in kiwi(user_words).tokenize(sentences):
        out.append([Tok(t.form.translate(_JAMO), t.tag, t.start, t.start + t.len) for t in tokens])
    return out
