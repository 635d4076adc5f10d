"""Why a firm has the stance it has in an article: the sentences read, and the decision.

`explain_article` re-reads one article with the same code that scored it and returns, for
each foreign firm, every sentence that names it (or carries it as subject) with the
stance read there, the cue, the holder and how it was read (negation, tense, modality,
place), then which sentence decided the article's stance and why.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from .aggregate import RANK_DESCENDING, RANK_ORDER, rank_mentions
from .rules import STANCE_PRIORITY
from .score import get_scorer, mentions_frame, read_sentences


@dataclass(frozen=True)
class SentenceRead:
    """One sentence as read for one firm."""

    sentence_idx: int
    sentence: str
    stance: str
    cue: str
    holder: str | None
    why: str
    location: str | None
    confidence: float


@dataclass(frozen=True)
class FirmExplanation:
    """A firm's stance in the article, the sentence that decided it, and why."""

    firm: str
    stance: str
    decided_by: int  # sentence_idx of the deciding sentence
    reason: str
    sentences: list[SentenceRead]


def explain_article(
    article_id: str,
    lang: str | None,
    title: str | None,
    body: str | None,
    firm: str | None = None,
) -> list[FirmExplanation]:
    """Every foreign firm of one article (or only `firm`), explained."""
    frame = pl.DataFrame(
        {"article_id": [article_id], "lang": [lang], "title": [title], "body": [body or ""]},
        schema={"article_id": pl.String, "lang": pl.String, "title": pl.String, "body": pl.String},
    )
    scorer = get_scorer()
    reads = [r for r in read_sentences(frame, scorer) if firm in (None, r.finding.firm)]
    mentions = mentions_frame(reads, scorer.version)
    if mentions.is_empty():
        return []
    ranked = rank_mentions(mentions).sort(RANK_ORDER, descending=RANK_DESCENDING)
    out = []
    for (name,), rows in ranked.group_by("firm", maintain_order=True):
        best = rows.row(0, named=True)
        stance = "mentioned" if best["_away"] and not best["_plain"] else best["stance"]
        out.append(
            FirmExplanation(
                firm=str(name),
                stance=stance,
                decided_by=best["sentence_idx"],
                reason=_reason(best, rows),
                sentences=[
                    SentenceRead(
                        r.sentence_idx,
                        r.sentence,
                        r.finding.stance,
                        r.finding.evidence,
                        r.finding.holder,
                        r.finding.why,
                        r.finding.location,
                        r.finding.confidence,
                    )
                    for r in reads
                    if r.finding.firm == name
                ],
            )
        )
    return sorted(out, key=lambda e: e.firm)


def _reason(best: dict, rows: pl.DataFrame) -> str:
    """Why the first of `rows` (sorted by the article decision) won, in words."""
    where = "the headline" if best["sentence_idx"] == 0 else f"sentence {best['sentence_idx']}"
    if best["_plain"]:
        return "no sentence gives the firm a data-center stance of its own: it is only mentioned"
    stances = rows.filter(~pl.col("_plain"))
    if best["_away"]:
        return (
            f"every stance sentence of the firm is about {best['location']}, and the article "
            f"is about {best['_place']}: background, so only mentioned"
        )
    if stances.height == 1:
        return f"{where} is the only one that states a stance for the firm"
    if best["_turn"]:
        return f"{where} opens with a turn (그러나, However …): the article's update wins"
    away = stances.filter(pl.col("_away"))
    if away.height and not best["_away"]:
        places = ", ".join(sorted(set(away["location"].to_list())))
        return (
            f"the article is about {best['_place']}; the firm's other stance sentences are "
            f"about {places}, so {where} decides"
        )
    if best["_lede"] and not stances["_lede"].all():
        return (
            f"{where} is in the headline or the lede: the current news outranks what the "
            "body tells as background"
        )
    if stances["_old"].any() and not best["_old"]:
        return f"{where} is a new build; it is the news over the site the firm already runs"
    ties = stances.filter(pl.col("confidence") == best["confidence"])
    if ties.height > 1 and ties["stance"].n_unique() > 1:
        order = ", ".join(s for s in STANCE_PRIORITY if s != "mentioned")
        return f"{where} ties on confidence ({best['confidence']:.2f}); ties go by {order}"
    return f"{where} is the most confident stance sentence ({best['confidence']:.2f})"
