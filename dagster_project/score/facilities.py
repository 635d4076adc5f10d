"""Data centers known by their own name.

An article names its facility once ("xAI switched on Colossus, an AI training
supercomputer", "슈퍼컴퓨터 '콜로서스'") and then only by that name ("Colossus now trains
…"). The naming patterns live in datacenter.yaml (`naming`); a name found in any sentence
of an article counts as a data-center term in all of that article's sentences.
"""

from __future__ import annotations

import re
from itertools import groupby

from .lexicon import Lexicon
from .registry import Registry


def facility_names(sentences: list[str], lang: str, lex: Lexicon, reg: Registry) -> set[str]:
    """The names the article's `sentences` give to a data center: not a firm, not a
    place, not a data-center term, not a word that only starts a sentence."""
    names: set[str] = set()
    anchor = lex.dc_naming_anchor[lang]
    for sentence in sentences:
        if not anchor.search(sentence):
            continue
        for rx in lex.dc_naming[lang]:
            for m in rx.finditer(sentence):
                name = m.group("name").strip()
                if (
                    len(name) < (2 if lang == "ko" else 3)
                    or name in lex.not_a_name
                    or reg.find(name)
                    or any(p.search(name) for _, p in lex.places)
                    or lex.dc_terms[lang].search(name)
                ):
                    continue
                names.add(name)
    return names


def name_pattern(names: set[str], lang: str) -> re.Pattern[str] | None:
    """One pattern for every name, longest first, as whole words (in Korean a particle
    may follow: 한빛을)."""
    if not names:
        return None
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})" + ("" if lang == "ko" else r"(?!\w)"))


def mark_named(
    ids: list[str],
    sents: list[str],
    scripts: list[str],
    spans: list[list[tuple[int, int]]],
    lex: Lexicon,
    reg: Registry,
) -> set[int]:
    """Give a sentence without a data-center term the spans of its article's facility
    names ("Colossus can now train …" after "Colossus, an AI supercomputer"). `ids` come
    grouped by article; `spans` is changed in place. Returns the rows that got them."""
    marked: set[int] = set()
    for _, article in groupby(range(len(ids)), key=ids.__getitem__):
        rows = list(article)
        for lang in {scripts[i] for i in rows}:
            mine = [i for i in rows if scripts[i] == lang]
            rx = name_pattern(facility_names([sents[i] for i in mine], lang, lex, reg), lang)
            if rx is None:
                continue
            for i in mine:
                if not spans[i] and (found := [m.span() for m in rx.finditer(sents[i])]):
                    spans[i] = found
                    marked.add(i)
    return marked
