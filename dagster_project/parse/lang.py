"""Language identification of article text with py3langid (a trained n-gram model)."""

from __future__ import annotations

import re

import py3langid

# Short snippets are unreliable for any identifier; below this many letters we
# trust the page's declared language (or the source's hint) instead.
_MIN_LETTERS = 20
# The identifier costs time linear in its input; 400 characters of article
# text are plenty for a confident answer (py3langid walks the bytes in Python).
_SAMPLE_CHARS = 400
_LETTERS = re.compile(r"[^\W\d_]")


def normalize_code(code: str | None) -> str | None:
    """'ko-KR' -> 'ko', 'zh_Hant' -> 'zh'; None for empty values."""
    if not code or not code.strip():
        return None
    return re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0] or None


def identify(text: str | None, declared: str | None = None, hint: str | None = None) -> str | None:
    """ISO 639-1 code of the text's language, else the declared one, else the hint."""
    sample = (text or "")[:_SAMPLE_CHARS]
    if len(_LETTERS.findall(sample[:1000])) >= _MIN_LETTERS:
        code, _score = py3langid.classify(sample)
        return normalize_code(code)
    return normalize_code(declared) or normalize_code(hint)
