"""Firm registry: which surface forms name which firm, loaded from `firms.yaml`.

Korean particles glue onto names (구글은, 오픈AI가, AWS와), and Python's Unicode `\\b`
sees no boundary inside "AWS와", so matching uses explicit look-arounds for Latin
aliases and a particle check on the rest of the eojeol for Korean ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

HANGUL = "\uac00-\ud7a3"
# What may follow a Korean alias inside the same eojeol: particles, optionally after
# 측 (구글 측은) or 사 (오픈AI사의). Anything else (메타버스, 애플리케이션, 구글링) is a
# different word.
KO_PARTICLES = re.compile(
    r"(?:측|사|社)?(?:은|는|이|가|을|를|와|과|의|에|에서|에게|에겐|에는|에도|에서도|에서는|으로|로|으로는|로는|"
    r"도|만|까지|부터|처럼|보다|보다도|과의|와의|과는|와는|과도|와도|이나|나|이랑|랑|하고|이며|이고|이다|다|"
    r"인|이라는|라는|에선|엔|로선|으로선|만큼|조차|마저|뿐|과도|이라고|라고|이었다|였다|였고|이었고|조차도)?"
)


@dataclass(frozen=True)
class Hit:
    """One firm name found in a text: `firm` id, the matched `surface`, its span, and
    whether the firm is domestic (a counterparty, never scored)."""

    firm: str
    surface: str
    start: int
    end: int
    domestic: bool


@dataclass(frozen=True)
class Registry:
    """Aliases of foreign and domestic firms, look-alike exclusions and the compiled
    matchers built from them."""

    aliases: dict[str, tuple[str, bool]]  # surface -> (firm id, domestic)
    names: dict[str, str]  # firm id -> display name
    exclusions: tuple[re.Pattern[str], ...]
    matcher: re.Pattern[str]

    @property
    def foreign_ids(self) -> list[str]:
        """Ids of the firms that are scored."""
        return sorted({f for f, dom in self.aliases.values() if not dom})

    def prefilter_pattern(self, *, domestic: bool = False) -> str:
        """One Rust-regex alternation (no look-arounds) of the aliases, for polars
        `str.contains`: a superset test, exact matching happens in `find`."""
        forms = sorted((a for a, (_, dom) in self.aliases.items() if dom == domestic), key=len, reverse=True)
        return "(?:" + "|".join(_flex_space(re.escape(a)) for a in forms) + ")"

    def find(self, text: str) -> list[Hit]:
        """All firm names in `text`, longest match first where they overlap, with
        look-alikes (메타버스, Apple pie, the Oracle of Omaha ...) blanked out."""
        masked = text
        for rx in self.exclusions:
            masked = rx.sub(lambda m: " " * len(m.group(0)), masked)
        hits: list[Hit] = []
        for m in self.matcher.finditer(masked):
            surface = m.group("alias")
            key = _normalise(surface)
            if key not in self.aliases:
                continue
            if _has_hangul(key) and not _particles_only(masked, m.end("alias")):
                continue
            firm, dom = self.aliases[key]
            hits.append(Hit(firm, surface, m.start("alias"), m.end("alias"), dom))
        return hits


def _has_hangul(s: str) -> bool:
    return re.search(f"[{HANGUL}]", s) is not None


def _normalise(surface: str) -> str:
    return re.sub(r"\s+", " ", surface)


def _flex_space(escaped: str) -> str:
    # "오픈 AI" is also written "오픈  AI" or across a line break
    return escaped.replace(r"\ ", r"\s+")


def _particles_only(text: str, end: int) -> bool:
    rest = re.match(f"[{HANGUL}]*", text[end:]).group(0)
    return KO_PARTICLES.fullmatch(rest) is not None


def _alias_regex(alias: str) -> str:
    body = _flex_space(re.escape(alias))
    if _has_hangul(alias):
        # Korean: must not continue a preceding word; what follows is checked in `find`
        return f"(?<![{HANGUL}A-Za-z0-9]){body}"
    # Latin: no letter or digit may touch it; a Hangul particle may (AWS와)
    return f"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])"


def build_registry(raw: dict) -> Registry:
    """Compile a registry from the parsed `firms.yaml` mapping."""
    aliases: dict[str, tuple[str, bool]] = {}
    names: dict[str, str] = {}
    for section, domestic in (("firms", False), ("domestic", True)):
        for firm_id, spec in (raw.get(section) or {}).items():
            names[firm_id] = spec.get("name", firm_id)
            for alias in spec.get("aliases", []):
                aliases[_normalise(str(alias))] = (firm_id, domestic)
    ordered = sorted(aliases, key=len, reverse=True)
    matcher = re.compile("(?P<alias>" + "|".join(f"(?:{_alias_regex(a)})" for a in ordered) + ")")
    exclusions = tuple(re.compile(p) for p in raw.get("exclusions", []))
    return Registry(aliases=aliases, names=names, exclusions=exclusions, matcher=matcher)


def load_registry(data_dir: Path | str | None = None) -> Registry:
    """Load `firms.yaml` from `data_dir` (default: this package) into a `Registry`."""
    root = Path(data_dir) if data_dir is not None else Path(__file__).resolve().parent
    with open(root / "firms.yaml", encoding="utf-8") as fh:
        return build_registry(yaml.safe_load(fh))
