"""Stance lexicons loaded from the YAML files next to this module.

`cues_ko.yaml` patterns run over Kiwi morphemes written as `form/TAG`; `cues_en.yaml`
patterns are plain regular expressions; `datacenter.yaml` says what a data center is
and `locations.yaml` where it is.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# simple (unnested) look-around groups: (?<![가-힣]), (?=…), (?!…)
_LOOKAROUND = re.compile(r"\(\?<?[=!][^()]*\)")


@dataclass(frozen=True)
class CueRule:
    """One compiled cue: `kind` (see rules.KIND_STANCES), an optional stance to use when
    negated, and whether it is weak (decides only when nothing else does)."""

    kind: str
    rx: re.Pattern[str]
    negated: str | None = None
    weak: bool = False
    source: str = ""
    # Literal strings of which at least one must occur for the regex to have a chance;
    # checked with `in` before the regex runs (most cues are absent from most sentences).
    needles: tuple[str, ...] = ()
    # an agreement between parties (signed, agreed, partnered): the firm on the other side
    # of it ("SK텔레콤은 AWS와 … 계약을 체결했다", "signed a deal with AWS") holds it too
    joint: bool = False
    # what an authority does to a firm's plan: a refusal (denied, rejected, 반려) in the
    # passive ("the plan was denied") leaves the plan standing; an approval ("the county
    # approved Amazon's campus") is held by the firm whose plan it is
    authority: bool = False

    def may_match(self, text: str) -> bool:
        """Cheap pre-check: False only when the cue cannot match `text`."""
        return not self.needles or any(n in text for n in self.needles)


class CueIndex:
    """The cue rules that may match a text, found in one regex pass.

    Testing each rule's needles with `in` means some 250 substring scans per sentence,
    driven from Python. Here all needles form one trie-shaped alternation, looked for
    at every position of the text (inside a lookahead, so overlapping needles are all
    seen). At each position it reports the longest needle there; the needles that are
    prefixes of it occur there too. `candidates` returns exactly the rules, in file
    order, whose `may_match` is true."""

    def __init__(self, rules: tuple[CueRule, ...]):
        self.rules = rules
        self._always = frozenset(i for i, rule in enumerate(rules) if not rule.needles)
        by_needle: dict[str, set[int]] = {}
        for i, rule in enumerate(rules):
            for n in rule.needles:
                by_needle.setdefault(n, set()).add(i)
        # the rules to run when `needle` is the longest needle found at some position
        self._rules_at = {
            needle: frozenset(
                i for n, ids in by_needle.items() if needle.startswith(n) for i in ids
            )
            for needle in by_needle
        }
        self._rx = re.compile(f"(?=({_trie_pattern(by_needle)}))") if by_needle else None

    def candidates(self, text: str) -> list[CueRule]:
        """The rules with no needles or with a needle occurring in `text`, in order."""
        picked = set(self._always)
        if self._rx is not None:
            for needle in set(self._rx.findall(text)):
                picked |= self._rules_at[needle]
        return [self.rules[i] for i in sorted(picked)]


def _trie_pattern(words) -> str:
    """A regex matching any of the literal `words`, shaped as a trie ("plan(?:s)?"
    rather than "plans|plan"), so each position costs one test per character and not
    one per word; at a position it matches the longest word that starts there."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def build(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer word first

    return build(trie)


@dataclass(frozen=True)
class Lexicon:
    """Everything the rules read, compiled once."""

    ko_cues: tuple[CueRule, ...]
    en_cues: tuple[CueRule, ...]
    ko_mod: dict[str, object]
    en_mod: dict[str, object]
    ko_lists: dict[str, tuple[str, ...]]
    dc_terms: dict[str, re.Pattern[str]]
    dc_secondary: dict[str, re.Pattern[str]]
    dc_traps: dict[str, re.Pattern[str]]
    dc_global: dict[str, re.Pattern[str]]  # a worldwide scope: no place of its own
    dc_operator: dict[str, re.Pattern[str]]  # facility words of data-center businesses
    dc_context: dict[str, re.Pattern[str]]
    dc_naming: dict[str, tuple[re.Pattern[str], ...]]  # "Colossus, an AI supercomputer"
    dc_naming_anchor: dict[str, re.Pattern[str]]  # what a sentence needs to name one
    not_a_name: frozenset[str]
    dc_prefilter: str
    spellings: tuple[tuple[str, str], ...]  # (polars regex, replacement), same length
    requests: str  # a build asked of a firm ("asked Google to build"), polars regex
    replies: str  # a bare answer ending the next sentence ("The company declined.")
    dc_context_prefilter: str  # words pointing back to the sentence before, any language
    places: tuple[tuple[str, re.Pattern[str]], ...]
    not_a_place: re.Pattern[str]
    kiwi_words: tuple[tuple[str, str], ...] = ()
    # for each pattern of a ko_mod list: literal `form/` strings one of which every match
    # contains (empty: no such literal), so a pattern can be skipped without running it
    ko_mod_needles: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    @functools.cached_property
    def en_cue_index(self) -> CueIndex:
        """Which English cues may match a (lower-cased) sentence; built once."""
        return CueIndex(self.en_cues)

    @functools.cached_property
    def ko_any(self) -> dict[str, AnyOf]:
        """Each Korean modifier pattern list as one `AnyOf`, for "does any of them match
        here" tests."""
        return {
            key: AnyOf.of(val, self.ko_mod_needles.get(key, ()))
            for key, val in self.ko_mod.items()
            if all(isinstance(rx, re.Pattern) for rx in val)  # not the word lists
        }


@dataclass(frozen=True)
class AnyOf:
    """A list of patterns tested together: does any of them match? One alternation
    instead of one search per pattern, behind a gate of the literals (see
    `ko_mod_needles`) that every match contains: a window holding none of them is
    turned down by a fast literal scan without running the patterns."""

    rx: re.Pattern[str]
    gate: re.Pattern[str] | None  # None when some pattern has no literal

    @classmethod
    def of(cls, rxs: tuple[re.Pattern[str], ...], needles: tuple[tuple[str, ...], ...]) -> AnyOf:
        if not rxs:  # nothing matches, like any() over no patterns
            return cls(re.compile("(?!)"), None)
        gated = len(needles) == len(rxs) and all(needles)
        gate = "|".join(re.escape(n) for ns in needles for n in ns) if gated else None
        return cls(_union([rx.pattern for rx in rxs]), re.compile(gate) if gate else None)

    def search(self, text: str, pos: int, endpos: int) -> bool:
        """Does any pattern match inside text[pos:endpos]?"""
        if self.gate is not None and self.gate.search(text, pos, endpos) is None:
            return False
        return self.rx.search(text, pos, endpos) is not None


# ... or a name in quotes ("프로젝트 '나틱(Natick)'을 종료했다")
_ASIDE = r"(?:(?:[(（]|['‘\"“])/SSO (?:[^ ]+ ){0,6}?(?:[)）]|['’\"”])/SSC )?"


def morph_pattern(spec: str) -> re.Pattern[str]:
    """Compile a morpheme pattern ("계획 이 없/VA", "/EF", "여부 ... 결정/NNG") into a regex
    over a sentence written as space-separated `form/TAG` items."""
    out: list[str] = []
    gap = False
    for item in spec.split():
        if item == "...":
            gap = True
            continue
        form, _, tag = item.partition("/")
        if "|" in tag or "/" in tag:
            raise ValueError(
                f"morpheme pattern {spec!r}: item {item!r} gives a tag per form; "
                "alternatives share one tag (a|b/TAG)"
            )
        forms = (
            r"[^ /]+" if not form else "(?:" + "|".join(re.escape(f) for f in form.split("|")) + ")"
        )
        piece = forms + "/" + (re.escape(tag) + r"[^ ]*" if tag else r"[^ ]+")
        if out:
            # a parenthesis between two items is an aside ("업무협약(MOU)을 맺었다")
            out.append(r" (?:[^ ]+ ){0,4}" if gap else " " + _ASIDE)
        out.append(piece)
        gap = False
    return re.compile(r"(?:(?<= )|^)" + "".join(out) + r"(?= |$)")


def _union(patterns: list[str], flags: int = 0) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in patterns) + ")", flags)


def _split_top(pattern: str) -> list[str]:
    """Top-level alternatives of a regex (its `|` outside any group)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(pattern):
        if ch == "\\":
            continue
        depth += ch == "("
        depth -= ch == ")"
        if ch == "|" and depth == 0 and (i == 0 or pattern[i - 1] != "\\"):
            out.append(pattern[start:i])
            start = i + 1
    out.append(pattern[start:])
    return out


def _lead(branch: str) -> tuple[str, ...] | None:
    """Literal strings one of which every match of `branch` starts with, or None."""
    if branch.startswith("(?:"):
        depth = 0
        for i, ch in enumerate(branch):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0:
                inner, rest = branch[3:i], branch[i + 1 :]
                break
        else:
            return None
        if rest.startswith(("?", "*", "{")):
            return None
        leads = [_lead(alt) for alt in _split_top(inner)]
        if any(x is None for x in leads):
            return None
        return tuple(n for x in leads for n in x)
    m = re.match(r"[a-z' -]+", branch)
    if not m:
        return None
    lit = m.group(0)
    if branch[len(lit) :].startswith(("?", "*", "{")):
        lit = lit[:-1]  # the last letter is optional ("dropp?")
    lit = lit.strip()
    return (lit,) if len(lit) >= 2 else None


def _en_needles(pattern: str) -> tuple[str, ...]:
    # every top-level alternative must start with a known literal, or no pre-check at all;
    # a look-around only narrows a match, so the literal after it still must occur
    leads = [_lead(_LOOKAROUND.sub("", b)) for b in _split_top(pattern)]
    if any(x is None for x in leads):
        return ()
    return tuple(sorted({n for x in leads for n in x}))


def _ko_needles(pattern: str) -> tuple[str, ...]:
    for item in pattern.split():
        form = item.partition("/")[0]
        if form and item != "...":
            return tuple(f + "/" for f in form.split("|"))
    return ()


def _en_cue(spec: dict) -> CueRule:
    rx = re.compile(r"(?<![A-Za-z])(?:" + spec["p"] + r")(?![A-Za-z])", re.IGNORECASE)
    return CueRule(
        spec["kind"],
        rx,
        spec.get("negated"),
        bool(spec.get("weak", False)),
        spec["p"],
        _en_needles(spec["p"]),
        bool(spec.get("joint", False)),
        bool(spec.get("authority", False)),
    )


def _ko_cue(spec: dict) -> CueRule:
    return CueRule(
        spec["kind"],
        morph_pattern(spec["p"]),
        spec.get("negated"),
        bool(spec.get("weak", False)),
        spec["p"],
        _ko_needles(spec["p"]),
        bool(spec.get("joint", False)),
        bool(spec.get("authority", False)),
    )


def _read(root: Path, name: str) -> dict:
    with open(root / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_lexicon(data_dir: Path | str | None = None) -> Lexicon:
    """Load and compile the cue, data-center and location files from `data_dir`
    (default: this package)."""
    root = Path(data_dir) if data_dir is not None else Path(__file__).resolve().parent
    ko, en = _read(root, "cues_ko.yaml"), _read(root, "cues_en.yaml")
    dc, loc = _read(root, "datacenter.yaml"), _read(root, "locations.yaml")

    ko_mod: dict[str, object] = {}
    ko_mod_needles: dict[str, tuple[tuple[str, ...], ...]] = {}
    for key, val in ko["modifiers"].items():
        if key in ("finite_endings", "finite_nouns", "operate_expected"):
            ko_mod[key] = tuple(val)
        else:
            ko_mod[key] = tuple(morph_pattern(p) for p in val)
            ko_mod_needles[key] = tuple(_ko_needles(p) for p in val)
    en_mod: dict[str, object] = {}
    for key, val in en["modifiers"].items():
        if key in (
            "possibility",
            "reported",
            "settled",
            "relayed",
            "own_word",
            "supply",
            "conditional",
            "past",
            "built",
            "follow_suit",
            "counterfactual",
            "instead",
            "ing_verbs",
            "third_party",
            "future",
            "background",
            "first_to",
            "headline_past",
            "guess",
            "opening_now",
            "outage",
            "launch_noun",
            "launch_ahead",
        ):
            en_mod[key] = _union(val, re.IGNORECASE)
        else:
            en_mod[key] = tuple(str(v).lower() for v in val)
    en_mod["negators"] = tuple(en["negators"])

    langs = ("ko", "en")
    dc_terms = {lang: _union(dc["terms"][lang]) for lang in langs}
    all_terms = [t for lang in langs for t in dc["terms"][lang]]
    return Lexicon(
        ko_cues=tuple(_ko_cue(c) for c in ko["cues"]),
        en_cues=tuple(_en_cue(c) for c in en["cues"]),
        ko_mod=ko_mod,
        en_mod=en_mod,
        ko_lists={
            k: tuple(str(x) for x in ko[k])
            for k in (
                "person_titles",
                "org_suffixes",
                "anaphors",
                "supply_words",
                "object_words",
                "non_agents",
                "co_agent",
            )
        },
        dc_terms=dc_terms,
        dc_secondary={lang: _union(dc["secondary"][lang]) for lang in langs},
        dc_traps={lang: _union(dc["traps"][lang]) for lang in langs},
        dc_global={lang: _union(dc["global_scope"][lang]) for lang in langs},
        dc_operator={lang: _union(dc["operator_terms"][lang]) for lang in langs},
        dc_context={lang: _union(dc["context"][lang]) for lang in langs},
        dc_naming={lang: tuple(re.compile(p) for p in dc["naming"][lang]) for lang in langs},
        dc_naming_anchor={lang: re.compile(dc["naming_anchor"][lang]) for lang in langs},
        not_a_name=frozenset(str(w) for w in dc["not_a_name"]),
        dc_prefilter="(?:" + "|".join(all_terms) + ")",
        spellings=tuple((str(a), str(b)) for a, b in dc.get("spellings", ())),
        requests="|".join(dc["requests"].values()),
        replies="|".join(dc["replies"].values()),
        # a superset for the polars prefilter, whose regex engine has no look-around
        dc_context_prefilter="(?:"
        + "|".join(_LOOKAROUND.sub("", t) for lang in langs for t in dc["context"][lang])
        + ")",
        places=tuple((code, _union(pats)) for code, pats in loc["places"].items()),
        not_a_place=_union(loc["not_a_place"], re.IGNORECASE),
        kiwi_words=tuple(
            (w, tag) for tag, words in (dc.get("kiwi_words") or {}).items() for w in words
        ),
        ko_mod_needles=ko_mod_needles,
    )
