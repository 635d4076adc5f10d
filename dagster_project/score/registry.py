"""Firm registry: which surface forms name which firm, loaded from `firms.yaml`.

Korean particles glue onto names (구글은, 오픈AI가, AWS와), and Python's Unicode `\\b`
sees no boundary inside "AWS와", so matching checks explicit boundaries: no Latin
letter or digit on either side of a Latin alias, and for a Korean alias no letter
before it and only particles after it up to the end of the eojeol.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

HANGUL = "\uac00-\ud7a3"
# What may follow a Korean alias inside the same eojeol: particles, optionally after
# 측 (구글 측은), 사 (오픈AI사의) or 그룹 (소프트뱅크그룹은: the group is the firm).
# Anything else (메타버스, 애플리케이션, 구글링) is a different word.
_PARTICLE = (
    r"(?:은|는|이|가|을|를|와|과|의|에|에서|에게|에겐|에는|에도|에서도|에서는|으로|로|으로는|로는|"
    r"도|만|까지|부터|처럼|보다|보다도|과의|와의|과는|와는|과도|와도|이나|나|이랑|랑|하고|이며|이고|이다|다|"
    r"인|이라는|라는|에선|엔|로선|으로선|만큼|조차|마저|뿐|과도|이라고|라고|이었다|였다|였고|이었고|조차도)"
)
# particles stack: 아마존까지도, 구글만이, MS에서만
KO_PARTICLES = re.compile(rf"(?:측|사|社|그룹)?(?:{_PARTICLE}{_PARTICLE}?)?")


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
    ordered: tuple[str, ...]  # aliases, longest first
    operators: frozenset[str] = frozenset()  # firms whose business is data centers

    @functools.cached_property
    def _rank(self) -> dict[str, int]:
        """Position of each alias in `ordered`."""
        return {a: i for i, a in enumerate(self.ordered)}

    @property
    def foreign_ids(self) -> list[str]:
        """Ids of the firms that are scored."""
        return sorted({f for f, dom in self.aliases.values() if not dom})

    def prefilter_pattern(self, *, domestic: bool | None = False) -> str:
        """One Rust-regex alternation (no look-arounds) of the foreign aliases (or the
        domestic ones, or all with `domestic=None`), longest first, for polars
        `str.contains` / `str.extract_all`: a superset test, exact matching is `find`."""
        forms = [a for a in self.ordered if domestic is None or self.aliases[a][1] == domestic]
        return "(?:" + "|".join(_flex_space(re.escape(a)) for a in forms) + ")"

    def find(self, text: str, candidates: list[str] | None = None) -> list[Hit]:
        """All firm names in `text`, longest match first where they overlap, with
        look-alikes (메타버스, Apple pie, the Oracle of Omaha ...) blanked out.
        `candidates` (surface strings the polars prefilter extracted) limits the search
        to those aliases."""
        masked = text  # sentences arrive with whitespace collapsed (sentences.py)
        for rx in self.exclusions:
            masked = rx.sub(lambda m: " " * len(m.group(0)), masked)
        # Plain substring search first (C speed), boundaries checked in Python after:
        # one regex alternation of every alias with look-arounds is ten times slower.
        taken: list[tuple[int, int]] = []
        hits: list[Hit] = []
        if candidates is None:
            aliases = self.ordered
        else:  # the candidates in `ordered` order, without walking all the aliases
            rank = self._rank
            aliases = sorted({a for a in candidates if a in rank}, key=rank.__getitem__)
        for alias in aliases:
            pos = masked.find(alias)
            while pos >= 0:
                end = pos + len(alias)
                if self._boundary_ok(masked, alias, pos, end) and not any(
                    s < end and pos < e for s, e in taken
                ):
                    firm, dom = self.aliases[alias]
                    taken.append((pos, end))
                    hits.append(Hit(firm, text[pos:end], pos, end, dom))
                pos = masked.find(alias, pos + 1)
        return sorted(hits, key=lambda h: h.start)

    @staticmethod
    def _boundary_ok(text: str, alias: str, start: int, end: int) -> bool:
        before = text[start - 1] if start > 0 else " "
        if _has_hangul(alias):
            # Korean: must not continue a preceding word; only particles may follow
            return not _WORDCHAR.match(before) and _particles_only(text, end)
        after = text[end] if end < len(text) else " "
        # Latin: no letter or digit may touch it; a Hangul particle may (AWS와)
        return not _LATIN.match(before) and not _LATIN.match(after)


_HANGUL = re.compile(f"[{HANGUL}]")
_HANGUL_RUN = re.compile(f"[{HANGUL}]*")
_WORDCHAR = re.compile(f"[{HANGUL}A-Za-z0-9]")
_LATIN = re.compile("[A-Za-z0-9]")


def _has_hangul(s: str) -> bool:
    return _HANGUL.search(s) is not None


def _normalise(surface: str) -> str:
    return re.sub(r"\s+", " ", surface)


def _flex_space(escaped: str) -> str:
    # "오픈 AI" is also written "오픈  AI" or across a line break
    return escaped.replace(r"\ ", r"\s+")


def _particles_only(text: str, end: int) -> bool:
    rest = _HANGUL_RUN.match(text, end).group(0)
    return KO_PARTICLES.fullmatch(rest) is not None


def build_registry(raw: dict) -> Registry:
    """Compile a registry from the parsed `firms.yaml` mapping."""
    aliases: dict[str, tuple[str, bool]] = {}
    names: dict[str, str] = {}
    operators: set[str] = set()
    for section, domestic in (("firms", False), ("domestic", True)):
        for firm_id, spec in (raw.get(section) or {}).items():
            names[firm_id] = spec.get("name", firm_id)
            if spec.get("datacenter_business"):
                operators.add(firm_id)
            for alias in spec.get("aliases", []):
                aliases[_normalise(str(alias))] = (firm_id, domestic)
    ordered = tuple(sorted(aliases, key=lambda a: (-len(a), a)))
    exclusions = tuple(re.compile(p) for p in raw.get("exclusions", []))
    return Registry(
        aliases=aliases,
        names=names,
        exclusions=exclusions,
        ordered=ordered,
        operators=frozenset(operators),
    )


def load_registry(data_dir: Path | str | None = None) -> Registry:
    """Load `firms.yaml` from `data_dir` (default: this package) into a `Registry`."""
    root = Path(data_dir) if data_dir is not None else Path(__file__).resolve().parent
    with open(root / "firms.yaml", encoding="utf-8") as fh:
        return build_registry(yaml.safe_load(fh))
