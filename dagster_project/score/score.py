"""`score_articles`: articles in, the `mentions` table out.

The polars prefilter picks candidate sentences; Korean data-center sentences are
analysed with Kiwi in one batch; each article's candidates are then read in order, so
a subject or a spokesperson named in one sentence can hold the stance of the next.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from . import english, korean, korean_roles
from .budget import cut_long_sentences
from .context import ArticleContext, Finding, gather
from .facilities import mark_named
from .kiwi import tokenize_many
from .lexicon import Lexicon, load_lexicon
from .registry import Registry, load_registry
from .rules import FACILITY_CONFIDENCE, STANCE_WEIGHTS, TITLE_FACTOR
from .sentences import QUESTION_END, prefilter, split_sentences
from .version import scorer_version
from .where import dc_spans, locate
from .words import OUTAGES

_QUESTION = re.compile(QUESTION_END)
_OUTAGE_AFTER = {"ko": re.compile(OUTAGES["ko_after"]), "en": re.compile(OUTAGES["en_after"], re.I)}
_OUTAGE_BEFORE = re.compile(OUTAGES["en_before"], re.I)


MENTION_SCHEMA = {
    "article_id": pl.String,
    "firm": pl.String,
    "sentence_idx": pl.Int32,
    "sentence": pl.String,
    "evidence": pl.String,
    "stance": pl.String,
    "score": pl.Float64,
    "confidence": pl.Float64,
    "location": pl.String,
    "holder": pl.String,
    "counterparties": pl.String,
    "scorer_version": pl.String,
}


@dataclass(frozen=True)
class Scorer:
    """Registry, lexicon and version loaded from one data directory."""

    registry: Registry
    lexicon: Lexicon
    version: str
    user_words: tuple[tuple[str, str], ...]


def get_scorer(data_dir: str | None = None) -> Scorer:
    """The scorer for `data_dir` (default: the package data). Loaded once per process
    and per version: an edited lexicon file gives a new version, hence a fresh load."""
    return _load(data_dir, scorer_version(data_dir))


@functools.cache
def _load(data_dir: str | None, version: str) -> Scorer:
    registry = load_registry(data_dir)
    hangul = [a for a in registry.aliases if any("\uac00" <= ch <= "\ud7a3" for ch in a)]
    lexicon = load_lexicon(data_dir)
    words = tuple(sorted((a, "NNP") for a in hangul if " " not in a)) + lexicon.kiwi_words
    return Scorer(registry, lexicon, version, words)


def score_articles(articles: pl.DataFrame, *, data_dir: str | Path | None = None) -> pl.DataFrame:
    """The `mentions` table for `articles` (article_id, lang, title, body): one row per
    (article, foreign firm, sentence) with the stance that firm holds in that sentence.
    Deterministic; sorted by article_id, sentence_idx, firm; empty with the full schema
    when nothing matches."""
    scorer = get_scorer(str(data_dir) if data_dir is not None else None)
    return mentions_frame(read_sentences(articles, scorer), scorer.version)


def mentions_frame(reads: Iterable[Read], version: str) -> pl.DataFrame:
    """The `mentions` rows of what `read_sentences` read, sorted by article, sentence, firm."""
    rows = [
        (
            r.article_id,
            r.finding.firm,
            r.sentence_idx,
            r.sentence,
            r.finding.evidence,
            r.finding.stance,
            STANCE_WEIGHTS[r.finding.stance],
            float(r.finding.confidence),
            r.finding.location,
            r.finding.holder,
            r.counterparties,
            version,
        )
        for r in reads
    ]
    if not rows:
        return pl.DataFrame(schema=MENTION_SCHEMA)
    out = pl.DataFrame(rows, schema=MENTION_SCHEMA, orient="row")
    return out.sort("article_id", "sentence_idx", "firm")


@dataclass(frozen=True)
class Read:
    """One firm in one sentence, as the scorer read it."""

    article_id: str
    sentence_idx: int
    sentence: str
    finding: Finding
    counterparties: str | None


def read_sentences(articles: pl.DataFrame, scorer: Scorer) -> Iterator[Read]:
    """Every foreign firm in every candidate sentence of `articles`, in article and
    sentence order, with its finding (stance, cue, holder, and how it was read)."""
    reg, lex = scorer.registry, scorer.lexicon
    if articles.height == 0:
        return
    split = cut_long_sentences(split_sentences(articles))
    read = pl.col("sentence")
    for pattern, standard in lex.spellings:  # "데이타 센타" read as 데이터 센터
        read = read.str.replace_all(pattern, standard)
    cands = prefilter(
        split.with_columns(pl.col("sentence").alias("as_written"), read.alias("sentence")),
        reg.prefilter_pattern(),
        lex.dc_prefilter,
        reg.prefilter_pattern(domestic=None),
        lex.dc_context_prefilter,
        (lex.requests, lex.replies),
    )
    if cands.height == 0:
        return
    ids, idxs, sents, scripts, written = (
        cands[c].to_list()
        for c in ("article_id", "sentence_idx", "sentence", "script", "as_written")
    )
    hits = [reg.find(s, c) for s, c in zip(sents, cands["candidates"].to_list(), strict=True)]
    spans = [dc_spans(s, sc, lex) for s, sc in zip(sents, scripts, strict=True)]
    # a firm whose business is data centers builds them even when the text says "a 64 MW
    # facility" or "the campus"
    for i, sentence_hits in enumerate(hits):
        if not spans[i] and any(h.firm in reg.operators for h in sentence_hits):
            spans[i] = [m.span() for m in lex.dc_operator[scripts[i]].finditer(sents[i])]
    by_name = mark_named(ids, sents, scripts, spans, lex, reg)
    # a sentence right after a data-center sentence may refer back to it ("… build one"),
    # and one right after a question about a data center answers it ("Will X build one
    # here? The company says it is looking at every option.")
    for i in range(len(sents) - 1, 0, -1):
        if not spans[i] and spans[i - 1] and ids[i] == ids[i - 1] and idxs[i] == idxs[i - 1] + 1:
            asked = _QUESTION.search(sents[i - 1]) is not None or (
                re.search(lex.requests, sents[i - 1]) is not None  # re caches the pattern
                and re.search(lex.replies, sents[i]) is not None
            )
            spans[i] = (
                [(0, len(sents[i]))] if asked else dc_spans(sents[i], scripts[i], lex, context=True)
            )
    # headlines leave the data center out ("Google breaks ground in Pyeongtaek", "오픈AI,
    # 포항 착공"): a title is about one when its article's body is, and the body's
    # data-center sentences name the title's firm or no foreign firm at all ("The company
    # began …"); "메타, AI 안경 국내 출시" over a body about OpenAI's site is not.
    dc_firms: dict[str, set[str]] = {}
    for i in range(len(sents)):
        if spans[i] and idxs[i] > 0:
            dc_firms.setdefault(ids[i], set()).update(h.firm for h in hits[i] if not h.domestic)
    borrowed = set()
    for i in range(len(sents)):
        if idxs[i] != 0 or spans[i] or ids[i] not in dc_firms:
            continue
        named = dc_firms[ids[i]]
        if not named or named & {h.firm for h in hits[i] if not h.domestic}:
            spans[i] = [(0, len(sents[i]))]
            borrowed.add(i)
    korean_rows = [i for i, sc in enumerate(scripts) if sc == "ko" and spans[i]]
    toks = dict(
        zip(
            korean_rows,
            tokenize_many(scorer.user_words, [sents[i] for i in korean_rows]),
            strict=True,
        )
    )

    ctx, current = ArticleContext(), None
    for i, sentence in enumerate(sents):
        if ids[i] != current:
            ctx, current = ArticleContext(), ids[i]
        sentence_hits, lang, idx = hits[i], scripts[i], idxs[i]
        titles = lex.ko_lists["person_titles"]
        ctx.register_persons(sentence, sentence_hits, titles, lang)
        location = locate(sentence, lang, sentence_hits, spans[i], lex) if spans[i] else None
        if lang == "ko" and spans[i]:
            findings, subject, had = korean.analyse(
                sentence,
                toks[i],
                sentence_hits,
                idx,
                ctx,
                lex,
                location,
                i in borrowed,
                tuple(spans[i]) if i in by_name else (),
            )
        elif lang == "ko":
            subject, had = korean_roles.cheap_subject(sentence, sentence_hits, lex)
            findings = _plain_mentions(sentence_hits)
        else:
            findings, subject, had = english.analyse(
                sentence,
                sentence_hits,
                idx,
                ctx,
                lex,
                spans[i],
                location,
                with_stance=bool(spans[i]),
                topic_only=i in borrowed,
            )
        findings = _outages(sentence, lang, sentence_hits, findings)
        ctx.advance(idx, subject, had)
        partners = ",".join(sorted({h.firm for h in sentence_hits if h.domestic})) or None
        for f in findings:
            if idx == 0 and f.stance != "mentioned":
                f.confidence = round(f.confidence * TITLE_FACTOR, 4)
            if written[i] != sentence and (at := sentence.find(f.evidence)) >= 0:
                f.evidence = written[i][at : at + len(f.evidence)]  # quoted as written
            yield Read(ids[i], idx, written[i], f, partners)


def _outages(sentence: str, lang: str, hits, findings: list[Finding]) -> list[Finding]:
    """A firm only named in a sentence that tells an outage of its cloud ("AWS 서버
    장애로 … 마비", "an outage at AWS") runs that infrastructure: a weak operating sign,
    as strong as a facility of the firm's named without a verb (`FACILITY_CONFIDENCE`)."""
    plain = {f.firm for f in findings if f.stance == "mentioned"}
    if not plain:
        return findings
    out = {}
    for h in hits:
        if h.domestic or h.firm not in plain or h.firm in out:
            continue
        after = _OUTAGE_AFTER[lang].match(sentence, h.end)
        before = lang == "en" and _OUTAGE_BEFORE.search(sentence, max(0, h.start - 40), h.start)
        if after or before:
            cue = after.group(0).strip() if after else before.group(0).strip()
            out[h.firm] = Finding(
                h.firm,
                "operating",
                FACILITY_CONFIDENCE,
                f"{h.surface} {cue}" if after else f"{cue} {h.surface}",
                h.surface,
                None,
                "an outage of its cloud: infrastructure it runs (holder: named with the outage)",
            )
    return [out.get(f.firm, f) if f.stance == "mentioned" else f for f in findings]


def _plain_mentions(hits) -> list[Finding]:
    return gather(
        [(h.firm, h.surface) for h in hits if not h.domestic], {}, lambda _: "no_datacenter"
    )
