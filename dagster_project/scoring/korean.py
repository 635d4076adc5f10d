"""Korean stance analysis on Kiwi morphemes.

Korean is head-final: the predicate that decides a clause comes last, so the rightmost
stance cue of a clause governs it ("검토했으나 결국 철회했다" is a withdrawal), with
negation (않/없/못) right after it. The stance belongs to the firm marked as subject
(은/는/이/가), to a person of that firm ("오라클 관계자는"), or to the subject carried
over from the previous sentence when the sentence has none; never to the firm being
asked ("정부는 구글에 … 요구했다") or contrasted ("구글과 달리 오픈AI는 …").
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from .context import ArticleContext, Finding, Subject
from .kiwi import Tok
from .lexicon import CueRule, Lexicon
from .registry import Hit
from .rules import MENTION_CONFIDENCE, Signals, confidence, decide

HOLDER_ROLES = ("subject", "person", "coordinated", "headline", "possessive")
# Nouns that make "X의 <noun …>은" talk about X's facility ("MS의 부산 데이터센터는 …")
FACILITY_NOUNS = {"데이터센터", "센터", "리전", "부지", "공사", "캠퍼스", "시설"}
TRAP_NOUNS = {"매출", "실적", "부문", "사업부", "주가", "수요", "용"}
QUOTE_FORMS = set("\"“”‘’'「」『』")
PAREN_OPEN, PAREN_CLOSE = set("([（［"), set(")]）］")
SUBJECT_PARTICLES = {("JX", "은"), ("JX", "는"), ("JKS", "이"), ("JKS", "가"), ("JX", "도")}
NOUNISH = ("NN", "NP", "SL", "SH", "SN", "XSN", "SSC", "NR")


@dataclass(frozen=True)
class Cue:
    rule: CueRule
    ts: int
    te: int


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

    def any_in(self, rxs, t0: int, t1: int) -> bool:
        """Does any pattern of `rxs` match inside tokens [t0, t1)?"""
        if t1 <= t0:
            return False
        # search only the window's text (look-behinds still see the space before it)
        lo, hi = self.offsets[t0], self.offsets[min(t1, len(self.toks))] - 1
        return any(rx.search(self.text, lo, hi) for rx in rxs)


def _quote_mask(toks: list[Tok]) -> list[bool]:
    inside, depth = [], 0
    for t in toks:
        if t.form in QUOTE_FORMS and t.tag == "SSC":
            depth = max(0, depth - 1)
        inside.append(depth > 0)
        if t.form in QUOTE_FORMS and t.tag == "SSO":
            depth += 1
    return inside


def _span(toks: list[Tok], hit: Hit) -> tuple[int, int]:
    a = next((i for i, t in enumerate(toks) if t.end > hit.start), len(toks))
    b = next((i for i, t in enumerate(toks) if t.start >= hit.end), len(toks))
    return a, max(b, a + 1)


def _role(toks: list[Tok], a: int, b: int, lex: Lexicon) -> tuple[str, str]:
    """How the firm at tokens [a, b) relates to its clause, and the holder surface
    (firm name plus a person title when a person of the firm speaks)."""
    titles, suffixes = lex.ko_lists["person_titles"], lex.ko_lists["org_suffixes"]
    j, steps, person, end = b, 0, False, b
    while j < len(toks) and steps < 4:
        t = toks[j]
        if t.tag == "SSO" and t.form in PAREN_OPEN:
            while j < len(toks) and not (toks[j].tag == "SSC" and toks[j].form in PAREN_CLOSE):
                j += 1
            j += 1
            continue
        if t.tag.startswith(("NN", "SL", "SH")) and (t.form in titles or t.form in suffixes):
            person = person or t.form in titles
            j, steps, end = j + 1, steps + 1, j + 1
            continue
        break
    surface_end = toks[end - 1].end if end > a else toks[a].end
    if j >= len(toks):
        return "other", ""
    t = toks[j]
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    if (t.tag, t.form) in SUBJECT_PARTICLES or t.tag == "JKS":
        return ("person" if person else "subject"), str(surface_end)
    if t.tag == "JC":
        # "AWS와 SK텔레콤은": shares the subject of its partner
        for k in range(j + 1, min(j + 6, len(toks))):
            if toks[k].tag.startswith("J"):
                sub = (toks[k].tag, toks[k].form) in SUBJECT_PARTICLES or toks[k].tag == "JKS"
                return ("coordinated" if sub else "other"), str(surface_end)
        return "other", ""
    if t.tag == "JKB" and t.form in ("과", "와") and nxt is not None:
        if nxt.form in ("달리", "다르", "다른", "대조", "반대", "대조적") or nxt.form.startswith(
            "달리"
        ):
            return "contrast", ""
        return "other", ""
    if t.tag == "JKB" and t.form in ("에", "에게", "한테", "께"):
        return "target", ""
    if t.tag == "JKG":
        # "AWS의 울산 데이터센터가 가동에 들어갔다": the facility is the subject, AWS its holder
        nouns = []
        for k in range(j + 1, min(j + 8, len(toks))):
            tk = toks[k]
            if tk.tag.startswith(("NN", "SN", "SL", "MM", "XSN", "JC")) or tk.tag == "SP":
                nouns.append(tk.form)
                continue
            is_subject = (tk.tag, tk.form) in SUBJECT_PARTICLES or tk.tag == "JKS"
            if is_subject and FACILITY_NOUNS & set(nouns) and not TRAP_NOUNS & set(nouns):
                return "possessive", str(surface_end)
            break
        return "other", ""
    if (t.tag == "SP" and t.form == "," and a == 0) or (t.tag == "SSO" and t.form in QUOTE_FORMS):
        return "headline", str(surface_end)
    return "other", ""


_SURFACE_SUBJECT = re.compile(r"(?:측)?(?:은|는|이|가|도)(?=[\s,]|$)")


def _surface_role(sentence: str, hit: Hit) -> str | None:
    """Subject read from the raw text when Kiwi splits a particle oddly (구글이 read as
    noun + suffix): the alias followed directly by 은/는/이/가/도 and a space."""
    return "subject" if _SURFACE_SUBJECT.match(sentence, hit.end) else None


def _subjects(
    toks: list[Tok], quoted: list[bool], t0: int, t1: int, firm_tokens: set[int]
) -> list[list[str]]:
    """Non-firm subject noun phrases (outside quotes) in tokens [t0, t1)."""
    out = []
    for i in range(max(t0, 1), t1):
        t = toks[i]
        if quoted[i] or not (
            (t.tag, t.form) in SUBJECT_PARTICLES - {("JX", "도")} or t.tag == "JKS"
        ):
            continue
        prev = toks[i - 1]
        if not prev.tag.startswith(NOUNISH) or (i - 1) in firm_tokens:
            continue
        words, k = [], i - 1
        while (
            k >= t0 and toks[k].tag.startswith(NOUNISH) and len(words) < 3 and k not in firm_tokens
        ):
            words.insert(0, toks[k].form)
            k -= 1
        out.append(words)
    return out


def _cues(m: Morphs, lex: Lexicon) -> list[Cue]:
    rules = [r for r in lex.ko_cues if not r.needles or any(n[:-1] in m.forms for n in r.needles)]
    found = [Cue(rule, ts, te) for rule in rules for ts, te in m.find(rule.rx)]
    # a cue inside a longer one is part of it ("답변을 거부" is no refusal to build)
    found.sort(key=lambda c: (-(c.te - c.ts), c.ts))
    kept: list[Cue] = []
    for c in found:
        if not any(k.ts <= c.ts and c.te <= k.te for k in kept):
            kept.append(c)
    return kept


def _finite(toks: list[Tok], te: int, lex: Lexicon) -> bool:
    """Is the action ending at token `te` a predicate (짓는다, 짓기로, 짓겠다, 짓고 있다,
    지을 예정이다) rather than a noun or a modifier (건설 계획, 짓는 것은, 설립하더라도)?"""
    endings = lex.ko_mod["finite_endings"]
    nouns = lex.ko_mod["finite_nouns"]
    j = te
    while j < len(toks) and j < te + 6:
        t = toks[j]
        if t.tag in ("XSV", "XSA", "VCP") or (t.tag == "NNB" and t.form == "중"):
            j += 1
            continue
        if t.tag == "ETN" and t.form == "기":
            return j + 1 < len(toks) and toks[j + 1].form == "로"
        if t.tag == "ETM":
            # 지을 예정/계획이다, and 늘릴 수 있다 (a possibility, softened later)
            return j + 1 < len(toks) and (toks[j + 1].form in nouns or toks[j + 1].form == "수")
        return t.tag in endings or f"{t.tag}:{t.form}" in endings
    return False


def _signals(m: Morphs, cue: Cue, t1: int, cues: list[Cue], lex: Lexicon) -> Signals:
    mod, toks = lex.ko_mod, m.toks
    nxt = min([c.ts for c in cues if c.ts >= cue.te] + [t1])
    win = min(nxt, cue.te + 6, t1)
    # the cue's own predicate ends at an adnominal ending before a noun: in "세울 이유가
    # 없다는 입장을 굽히지 않았다" the last 않 negates 굽히다, not the refusal
    for k in range(cue.te, win):
        if toks[k].tag == "ETM" and k + 1 < len(toks) and toks[k + 1].tag.startswith("NN"):
            win = k + 1
            break
    before = toks[cue.ts - 1] if cue.ts > 0 else None
    negated = m.any_in(mod["negation_after"], cue.te, win) or (
        before is not None
        and any(rx.match(f"{before.form}/{before.tag}") for rx in mod["negation_before"])
    )
    return Signals(
        negated=negated,
        # 짓지 않기로 결정했다: a decision not to build is a refusal
        negated_complement=cue.rule.kind == "commit"
        and m.any_in(mod["negated_complement"], max(0, cue.ts - 5), cue.te),
        past=_past(m, cue.te, lex),
        future=m.any_in(mod["future"], cue.te, min(cue.te + 5, len(toks))),
        possibility=m.any_in(mod["possibility"], cue.te, min(cue.te + 6, len(toks))),
        reported=m.any_in(mod["reported"], cue.te, len(toks)),
        conditional=m.any_in(mod["conditional"], 0, cue.ts),
        obligation=m.any_in(mod["obligation"], cue.te, min(cue.te + 5, len(toks))),
        operate_future=cue.rule.kind == "operate"
        and m.any_in(mod["operate_future"], cue.te, min(cue.te + 4, len(toks))),
    )


def _past(m: Morphs, te: int, lex: Lexicon) -> bool:
    """Is the predicate ending at `te` in the past tense (열었다, 연 뒤, 운영해 왔다)? Only the
    ending right after the stem counts: 열기로 했다 is a decision, not a past opening."""
    j = te
    while j < len(m.toks) and m.toks[j].tag in ("XSV", "XSA"):
        j += 1
    return m.any_in(lex.ko_mod["past"], j, min(j + 2, len(m.toks)))


def _clauses(m: Morphs, lex: Lexicon) -> list[tuple[int, int]]:
    cuts = sorted({te for rx in lex.ko_mod["clause_break"] for _, te in m.find(rx)})
    bounds = [0] + [c for c in cuts if 0 < c < len(m.toks)] + [len(m.toks)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def analyse(
    sentence: str,
    toks: list[Tok],
    hits: list[Hit],
    idx: int,
    ctx: ArticleContext,
    lex: Lexicon,
    location: str | None,
) -> tuple[list[Finding], Subject | None, bool]:
    """Findings for every foreign firm named (or carried into) one Korean sentence about
    a data center, plus the subject to carry to the next sentence."""
    m = Morphs(toks)
    quoted = _quote_mask(toks)
    cues = _cues(m, lex)
    anaphors = lex.ko_lists["anaphors"]
    firm_tokens: set[int] = set()
    roles = []
    for h in hits:
        a, b = _span(toks, h)
        firm_tokens.update(range(a, b))
        role, end = _role(toks, a, b, lex)
        if role == "other" and _surface_role(sentence, h):
            role, end = "subject", str(h.end)
        surface = sentence[h.start : int(end)] if end else h.surface
        roles.append((h, a, role, surface))

    results: dict[str, Finding] = {}
    mention_reason: dict[str, str] = {}
    sentence_subject: Subject | None = None
    had_subject = False
    prev_holders: list[tuple[str, str, str]] = []
    for t0, t1 in _clauses(m, lex):
        holders = [
            (h.firm, surf, r)
            for h, a, r, surf in roles
            if t0 <= a < t1 and r in HOLDER_ROLES and not h.domestic
        ]
        domestic_holder = any(
            t0 <= a < t1 and r in HOLDER_ROLES and h.domestic for h, a, r, _ in roles
        )
        others = _subjects(toks, quoted, t0, t1, firm_tokens)
        had_subject = had_subject or bool(holders) or domestic_holder or bool(others)
        if not holders and not domestic_holder:
            for words in others:
                joined = " ".join(words)
                person = ctx.person(words)
                if person:
                    holders = [(person.firm, joined, "registry")]
                elif joined in anaphors or (words and words[-1] in anaphors):
                    base = prev_holders or (
                        [(s.firm, s.surface, "x")] if (s := ctx.carried(idx)) else []
                    )
                    holders = [(f, joined, "anaphor") for f, _, _ in base]
                break
            if not holders and not others:
                if prev_holders:
                    holders = prev_holders
                elif (s := ctx.carried(idx)) is not None:
                    holders = [(s.firm, s.surface, "carried")]
        if holders and sentence_subject is None:
            sentence_subject = Subject(holders[0][0], holders[0][1])
        prev_holders = holders
        gov = _governing(m, cues, t0, t1, lex)
        if gov is None:
            for f, _, _ in holders:
                mention_reason.setdefault(f, "no_cue")
            continue
        sig = _signals(m, gov, t1, cues, lex)
        third_party = any(quoted[a] for h, a, r, _ in roles if r in HOLDER_ROLES) and bool(
            [w for w in others if not ctx.person(w)]
        )
        if third_party:
            sig = Signals(**{**sig.__dict__, "reported": True})
        stance, strength = decide(gov.rule.kind, sig, gov.rule.negated, gov.rule.weak)
        evidence = sentence[toks[gov.ts].start : toks[min(gov.te, len(toks)) - 1].end]
        for firm, surf, kind in holders:
            conf = confidence(strength, kind)
            prev = results.get(firm)
            if stance == "mentioned" and prev is not None and prev.stance != "mentioned":
                continue
            results[firm] = Finding(
                firm, stance, conf, evidence, surf, location if stance != "mentioned" else None
            )
    findings = []
    for h, _, _, _ in roles:
        if h.domestic or any(f.firm == h.firm for f in findings):
            continue
        if h.firm in results:
            findings.append(results.pop(h.firm))
        else:
            reason = mention_reason.get(h.firm, "not_holder")
            findings.append(
                Finding(h.firm, "mentioned", MENTION_CONFIDENCE[reason], h.surface, None, None)
            )
    findings += [f for f in results.values() if f.stance != "mentioned"]
    return findings, sentence_subject, had_subject


def _governing(m: Morphs, cues: list[Cue], t0: int, t1: int, lex: Lexicon) -> Cue | None:
    best = None
    for c in cues:
        if not (t0 <= c.ts < t1):
            continue
        if c.rule.kind in ("action", "open", "expand") and not _finite(m.toks, c.te, lex):
            continue
        if best is None or (c.te, c.te - c.ts) > (best.te, best.te - best.ts):
            best = c
    return best


@functools.cache
def _cheap_subject_rx(titles: tuple[str, ...]) -> re.Pattern[str]:
    # 구글은 / 구글(Google)이 / 구글 측은 / 오라클 최고경영자는 / 구글코리아 커뮤니케이션 총괄은
    t = "|".join(re.escape(x) for x in sorted(titles, key=len, reverse=True))
    return re.compile(
        r"(?:\s*\([^)]*\))?(?:\s+(?:\S+\s+){0,2}?\S*(?:" + t + r")(?:\([^)]*\))?)?"
        r"(?:측)?(?:은|는|이|가)(?=[\s,]|$)"
    )


def cheap_subject(sentence: str, hits: list[Hit], lex: Lexicon) -> tuple[Subject | None, bool]:
    """Subject of a Korean sentence that is not about a data center, from particles on
    the raw text (no morphological analysis): enough to carry the topic onward."""
    rx = _cheap_subject_rx(lex.ko_lists["person_titles"] + lex.ko_lists["org_suffixes"])
    for h in hits:
        if not h.domestic and rx.match(sentence, h.end):
            return Subject(h.firm, h.surface), True
    return None, bool(re.search(r"[\uac00-\ud7a3](?:은|는)\s", sentence))
