"""The structural word lists of the rule modules, loaded once from `words.yaml`."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

_RAW = yaml.safe_load((Path(__file__).resolve().parent / "words.yaml").read_text("utf-8"))

EN: dict[str, frozenset[str] | tuple[str, ...]] = {k: tuple(v) for k, v in _RAW["en"].items()}
KO: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _RAW["ko"].items()}
TURNS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _RAW["turns"].items()}
HOME_MARKET: str = _RAW["home_market"]
OPENINGS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _RAW["openings"].items()}
DATED: tuple[str, ...] = tuple(_RAW["dated"])
SEQUELS: tuple[str, ...] = tuple(_RAW["sequels"])
SEQUELS_AHEAD: tuple[str, ...] = tuple(_RAW["sequels_ahead"])
OUTAGES: dict[str, str] = dict(_RAW["outages"])


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """The words as one regex alternation, longest first, escaped."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
