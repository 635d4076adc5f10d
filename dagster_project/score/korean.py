"""Korean stance analysis on Kiwi morphemes.

Korean is head-final: the predicate that decides a clause comes last, so the rightmost
stance cue of a clause governs it ("검토했으나 결국 철회했다" is a withdrawal), with
negation (않/없/못) right after it. The stance belongs to the firm marked as subject
(은/는/이/가), to a person of that firm ("오라클 관계자는"), or to the subject carried
over from the previous sentence when the sentence has none; never to the firm being
asked ("정부는 구글에 … 요구했다") or contrasted ("구글과 달리 오픈AI는 …").
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .context import ArticleContext, Finding, Subject, gather
from .kiwi import Tok
from .korean_roles import HOLDER_ROLES, listed_before, role_of, subjects, surface_role
from .lexicon import CueRule, Lexicon
from .morphs import QUOTE_FORMS, Morphs, quote_mask, span
from .registry import Hit
from .rules import (
    FACILITY_CONFIDENCE,
    GENERIC_KINDS,
    Signals,
    confidence,
    decide,
    describe,
)
from .where import dc_spans, locate_within
from .words import KO


@dataclass(frozen=True)
class Cue:
    """A cue rule matched on morphemes [ts, te)."""

    rule: CueRule
    ts: int
    te: int


_FORM_INDEX: dict[int, tuple[object, dict[str, list[int]], list[int]]] = {}


def _rules_for(forms: set[str], lex: Lexicon) -> list[CueRule]:
    """The cue rules whose first form occurs among `forms` (plus rules without one), in
    file order; the index is built once per loaded lexicon."""
    key = id(lex.ko_cues)
    # the entry keeps the cue tuple alive, so its id cannot be reused by another lexicon
    if key not in _FORM_INDEX or _FORM_INDEX[key][0] is not lex.ko_cues:
        index: dict[str, list[int]] = {}
        always: list[int] = []
        for i, rule in enumerate(lex.ko_cues):
            if not rule.needles:
                always.append(i)
            for n in rule.needles:
                index.setdefault(n[:-1], []).append(i)
        _FORM_INDEX[key] = (lex.ko_cues, index, always)
    _, index, always = _FORM_INDEX[key]
    picked = set(always)
    for f in forms:
        picked.update(index.get(f, ()))
    return [lex.ko_cues[i] for i in sorted(picked)]


def _cues(m: Morphs, lex: Lexicon) -> list[Cue]:
    rules = _rules_for(m.forms, lex)
    found = [Cue(rule, ts, te) for rule in rules for ts, te in m.find(rule.rx)]
    # a cue inside a longer one is part of it ("답변을 거부" is no refusal to build), but a
    # substitution stays ("부지로 한국 대신 싱가포르를 택했다": Korea is given up)
    found.sort(key=lambda c: (-(c.te - c.ts), c.ts))
    kept: list[Cue] = []
    for c in found:
        if c.rule.kind == "substitute" or not any(k.ts <= c.ts and c.te <= k.te for k in kept):
            kept.append(c)
    return kept


def _finite(toks: list[Tok], te: int, lex: Lexicon) -> bool:
    # a headline ends on the bare noun ("…에 7조원 투자", "… 투자 예정"): that noun is
    # the predicate
    rest = toks[te:]
    if rest and rest[0].form in lex.ko_mod["finite_nouns"]:
        rest = rest[1:]
    if all(t.tag.startswith(("S", "NNB")) for t in rest):
        return True
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
            # 지을 예정/계획이다, 지을 것이다 (future), and 늘릴 수 있다 (a possibility,
            # softened later); 짓는 것은 / 짓는 X are nouns and modifiers
            nxt = toks[j + 1].form if j + 1 < len(toks) else ""
            after = toks[j + 2].form if j + 2 < len(toks) else ""
            # 추진하는 것으로 알려졌다 / 착공한 것으로 전해졌다: the reported predicate itself
            future = t.form in ("ㄹ", "을") and nxt == "것"
            reported = nxt == "것" and after == "으로"
            # 구축한 바 있다 / 없다: "has (never) built", a done deed or its negation
            done = _ba(toks, j) is not None
            return nxt in nouns or nxt == "수" or future or reported or done
        return t.tag in endings or f"{t.tag}:{t.form}" in endings
    return False


def _signals(
    m: Morphs, cue: Cue, t0: int, t1: int, cues: list[Cue], lex: Lexicon, sentence: str
) -> Signals:
    mod, toks = lex.ko_any, m.toks  # each modifier list as one alternation
    clause = sentence[toks[t0].start : toks[t1 - 1].end]
    hypothetical = m.any_in(mod["conditional_after"], cue.te, min(cue.te + 3, len(toks)))
    nxt = min([c.ts for c in cues if c.ts >= cue.te] + [t1])
    win = min(nxt, cue.te + 6, t1)
    # the cue's own predicate ends at an adnominal ending before a noun: in "세울 이유가
    # 없다는 입장을 굽히지 않았다" the last 않 negates 굽히다, not the refusal
    for k in range(cue.te, win):
        if (
            toks[k].tag == "ETM"
            and k + 1 < len(toks)
            and toks[k + 1].tag.startswith("NN")
            and toks[k + 1].form not in ("수", "줄", "바", "적")  # 수용할 수 없다, 결정한 바 없다
        ):
            win = k + 1
            break
    before = toks[cue.ts - 1] if cue.ts > 0 else None
    past = _past(m, cue.te, lex)
    # "WSJ에 따르면 …": a report (of a plan; a done deed stays a fact), no condition
    told = (
        [te for _, te in m.find(mod["according"].rx) if te <= cue.ts] if "따르" in m.forms else []
    )
    since = told[-1] if told else 0
    already = cue.rule.kind in ("action", "open", "expand") and m.any_in(mod["already"], t0, cue.ts)
    negated = (
        m.any_in(mod["instead"], cue.te, min(cue.te + 3, len(toks)))
        or m.any_in(mod["negation_after"], cue.te, win)
        or (
            before is not None
            and mod["negation_before"].rx.match(f"{before.form}/{before.tag}") is not None
        )
    )
    # "계획을 공식적으로 발표하지는 않았다": a plan not yet confirmed, no refusal
    unofficial = (
        negated
        and cue.rule.kind == "commit"
        and m.any_in(mod["not_yet"], max(t0, cue.ts - 4), min(cue.te + 2, len(toks)))
    )
    return Signals(
        negated=negated and not unofficial,
        # 짓지 않기로 결정했다: a decision not to build is a refusal
        negated_complement=cue.rule.kind == "commit"
        and m.any_in(mod["negated_complement"], max(0, cue.ts - 5), cue.te),
        past=past or already,
        future=m.any_in(mod["future"], cue.te, min(cue.te + 5, len(toks))),
        possibility=m.any_in(mod["possibility"], cue.te, min(cue.te + 6, len(toks)))
        and not m.any_in(mod["enabled"], cue.te, min(cue.te + 7, len(toks))),
        reported=unofficial
        or (m.any_in(mod["reported"], cue.te, len(toks)) and not _reported_fact(m, cue, lex))
        or (
            bool(told) and not past and not _under_way(toks, cue.te) and not _announced(m, cue, lex)
        ),
        conditional=m.any_in(mod["conditional"], since, cue.ts) or hypothetical,
        hypothetical=hypothetical,
        obligation=m.any_in(mod["obligation"], cue.te, min(cue.te + 5, len(toks))),
        background=m.any_in(mod["background_before"], t0, cue.ts)
        or m.any_in(mod["background_after"], cue.te, min(cue.te + 3, len(toks))),
        operate_future=cue.rule.kind == "operate"
        and (
            m.any_in(mod["operate_future"], cue.te, min(cue.te + 4, len(toks)))
            or m.any_in(mod["operate_more"], max(t0, cue.ts - 3), cue.ts)
            # "2027년 가동 기대": an operation expected, right after its noun
            or (cue.te < len(toks) and toks[cue.te].form in lex.ko_mod["operate_expected"])
        ),
        question=m.any_in(mod["question"], cue.te, min(cue.te + 5, len(toks))),
        global_scope=bool(lex.dc_global["ko"].search(clause)),
        # "2028년으로 미뤄졌다": a schedule moved; "장애로 서비스 중단": an outage
        rescheduled=toks[cue.ts].form in KO["delay_verbs"] and m.any_in(mod["slip"], t0, cue.ts),
        outage=m.any_in(mod["outage"], t0, t1),
        # "아마존의 신청이 반려됐다", "거부당했다": the firm's plan refused by an authority
        refused_by_others=cue.rule.authority
        and cue.te < len(toks)
        and toks[cue.te].form in ("되", "당하"),
        completed_build=already
        or (
            (past or m.any_in(mod["past"], cue.ts, cue.te))
            and m.any_in(mod["build"], cue.ts, cue.te)
        ),
    )


def _founded(toks: list[Tok], cue: Cue) -> bool:
    """Is the cue a build or opening verb in the passive (설립되다, 설립됐다)?"""
    return (
        cue.rule.kind in ("action", "open")
        and cue.te < len(toks)
        and toks[cue.te].form == "되"
        and toks[cue.te].tag == "XSV"
    )


def _stem_end(toks: list[Tok], te: int) -> int:
    """Where the ending of the predicate whose stem ends at `te` starts (past 하/되)."""
    while te < len(toks) and toks[te].tag in ("XSV", "XSA"):
        te += 1
    return te


def _progressive(toks: list[Tok], j: int) -> bool:
    """Does the ending at `j` make the progressive (짓고 있다)?"""
    return (
        j + 1 < len(toks)
        and toks[j].form == "고"
        and toks[j].tag == "EC"
        and toks[j + 1].form == "있"
        and toks[j + 1].tag.startswith("VX")
    )


def _under_way(toks: list[Tok], te: int) -> bool:
    """Is the act ending at `te` going on now (짓고 있다, 건설 중이다)? Told by the press, it
    is a fact like a deed done, not a plan heard of."""
    if te > 0 and toks[te - 1].form == "중" and toks[te - 1].tag == "NNB":
        return True  # the cue ends on it: "공사 중이다"
    j = _stem_end(toks, te)
    return (j < len(toks) and toks[j].form == "중" and toks[j].tag == "NNB") or _progressive(
        toks, j
    )


def _reported_fact(m: Morphs, cue: Cue, lex: Lexicon) -> bool:
    """Is a completed act reported ("착공한 것으로 알려졌다"), the ending right after the
    cue's stem, rather than a plan ("짓기로 한 것으로 알려졌다")?"""
    j = _stem_end(m.toks, cue.te)
    return m.any_in(lex.ko_any["reported_fact"], j, min(j + 4, len(m.toks)))


def _announced(m: Morphs, cue: Cue, lex: Lexicon) -> bool:
    """Is the cue's build a decision the firm already announced or made ("짓기로 발표한",
    "세우겠다고 발표했다"), the ending right after the cue's stem?"""
    j = _stem_end(m.toks, cue.te)
    return m.any_in(lex.ko_any["announced_decision"], j, min(j + 6, len(m.toks)))


def _past(m: Morphs, te: int, lex: Lexicon) -> bool:
    """Is the predicate ending at `te` in the past tense (열었다, 연 뒤, 운영해 왔다)? Only the
    ending right after the stem counts: 열기로 했다 is a decision, not a past opening."""
    toks = m.toks
    j = _stem_end(toks, te)
    if m.any_in(lex.ko_any["past"], j, min(j + 2, len(toks))):
        return True
    if _ba(toks, j) == "있":
        return True  # 구축한 바 있다: has built
    # "센터를 열고 시장 공략에 나섰다": a clause joined by -고 takes the tense of the
    # predicate that ends the sentence ("짓고 있다" is the progressive, not a join)
    if j + 1 < len(toks) and toks[j].form == "고" and toks[j].tag == "EC":
        if _progressive(toks, j):
            return False
        # the joined predicate ends at the first final ending, or at a quotation's
        # ("짓고 … 제공하겠다고 발표했다": the build is what was announced, still ahead)
        end = next(
            (
                k
                for k in range(j + 1, len(toks))
                if toks[k].tag == "EF" or (toks[k].tag == "EC" and toks[k].form in _QUOTATIVE)
            ),
            None,
        )
        return end is not None and any(
            t.tag == "EP" and t.form in ("었", "았") for t in toks[end - 3 : end]
        )
    return False


_QUOTATIVE = ("다고", "라고", "냐고", "자고")
_LINKS = KO["linking_endings"]
_NEW_SUBJECT = {("JX", "은"), ("JX", "는"), ("JX", "도"), ("JKS", "이"), ("JKS", "가")}


def _clauses(m: Morphs, lex: Lexicon) -> list[tuple[int, int]]:
    breaks = zip(lex.ko_mod["clause_break"], lex.ko_mod_needles["clause_break"], strict=True)
    # a break pattern runs only when its literal occurs: most sentences have no break
    cuts = {
        te
        for rx, needles in breaks
        if not needles or any(n in m.text for n in needles)
        for _, te in m.find(rx)
    }
    # "구글은 거절했고 오픈AI는 검토 중이다": a linking ending followed by a new subject
    # starts a clause of its own
    toks = m.toks
    for i, t in enumerate(toks):
        if t.tag == "EC" and t.form in _LINKS:
            # (past a time or place told first: "…했고 최근에는 NHN이 …")
            for k in range(i + 1, min(i + 7, len(toks) - 1)):
                if (toks[k + 1].tag, toks[k + 1].form) in _NEW_SUBJECT and toks[k].tag.startswith(
                    ("NN", "SL", "SH")
                ):
                    cuts.add(i + 1)
                    break
                if not toks[k].tag.startswith(
                    ("NN", "SL", "SH", "MA", "SP", "SSO", "SSC")
                ) and not (
                    toks[k].tag in ("JKB", "JX") and toks[k - 1].tag.startswith(("NN", "JKB"))
                ):
                    break
    cuts = sorted(cuts)
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
    topic_only: bool = False,
    named: tuple[tuple[int, int], ...] = (),
) -> tuple[list[Finding], Subject | None, bool]:
    """Findings for every foreign firm named (or carried into) one Korean sentence about
    a data center, plus the subject to carry to the next sentence. `topic_only`: the
    sentence (a headline) names no data center itself, so generic verbs do not count.
    `named`: spans of the article's own names for its data center ("한빛")."""
    m = Morphs(toks)
    quoted = quote_mask(toks)
    cues = _cues(m, lex)
    if topic_only:
        cues = [c for c in cues if c.rule.kind not in GENERIC_KINDS]
    anaphors = lex.ko_lists["anaphors"]
    firm_tokens: set[int] = set()
    roles = []
    for h in hits:
        a, b = span(toks, h)
        firm_tokens.update(range(a, b))
        role, end = role_of(toks, a, b, lex)
        if role in ("other", "partner") and surface_role(sentence, h):
            role, end = "subject", h.end
        surface = sentence[h.start : end] if end else h.surface
        roles.append((h, a, role, surface))
    # "구글, MS 등의 데이터센터가", "MS와 오라클의 데이터센터는", "구글, MS 등 기업들이": a
    # list shares the role its last name has
    for i in range(len(roles) - 2, -1, -1):
        (h, a, r, _), (_, a2, r2, _) = roles[i], roles[i + 1]
        if r2 in ("facility", "possessive") and r in ("other", "partner"):
            shared = r2
        elif r2 in ("coordinated", "subject") and r == "other":
            shared = "coordinated"
        else:
            continue
        if listed_before(toks, span(toks, h)[1], a2):
            roles[i] = (h, a, shared, h.surface)

    results: dict[str, Finding] = {}
    mention_reason: dict[str, str] = {}
    sentence_subject: Subject | None = None
    had_subject = False
    prev_holders: list[tuple[str, str, str]] = []
    clauses = _clauses(m, lex)
    # modifier clauses ending right before a foreign firm's name speak for that firm
    # (below), not for the clause the name stands in
    clause_starts = [t0 for t0, _ in clauses]
    modifiers = {
        a: start
        for h, a, _, _ in roles
        if not h.domestic
        and (start := _modifier_start(toks, a, clause_starts[bisect_right(clause_starts, a) - 1]))
        is not None
    }
    in_modifier = bytearray(len(toks) + 1)  # tokens inside some modifier clause
    for a, start in modifiers.items():
        in_modifier[start:a] = b"\x01" * (a - start)
    main_cues = [c for c in cues if not (in_modifier[c.ts] and in_modifier[max(c.ts, c.te - 1)])]
    for t0, t1 in clauses:
        holders = [
            (h.firm, surf, r)
            for h, a, r, surf in roles
            if t0 <= a < t1 and r in HOLDER_ROLES and not h.domestic
        ]
        domestic_holder = any(
            t0 <= a < t1 and r in HOLDER_ROLES and h.domestic for h, a, r, _ in roles
        )
        # "데이터센터 설립은 받아들이지 않았다": a topic that is a thing, not an agent, leaves
        # the sentence without a subject of its own
        others = [
            w
            for w in subjects(toks, quoted, t0, t1, firm_tokens)
            if not (w and w[-1] in lex.ko_lists["non_agents"])
        ]
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
                elif ctx.topic is not None and not any(t0 <= a < t1 for _, a, _, _ in roles):
                    # "다만 데이터센터 국내 설립은 수용하지 않겠다는 입장을 고수했다": no subject,
                    # no firm, after another actor's sentence -- the article's topic firm
                    holders = [(ctx.topic.firm, ctx.topic.surface, "topic")]
        if holders and sentence_subject is None:
            sentence_subject = Subject(holders[0][0], holders[0][1])
        prev_holders = holders
        gov = _governing(m, main_cues, t0, t1, lex, sentence, idx == 0, named)
        if gov is not None and not holders and gov.rule.kind == "commit" and gov.rule.authority:
            # "인천시가 아마존의 데이터센터 건립을 승인했다": the firm whose data center an
            # authority approves holds the approval
            holders = [
                (h.firm, surf, "approved")
                for h, a, r, surf in roles
                if t0 <= a < gov.ts and r in ("facility", "possessive", "other") and not h.domestic
            ][:1]
        built = _built_facility(m, main_cues, t0, t1, lex) if gov is None and holders else None
        if built is not None:
            # "오라클이 세운 춘천 데이터센터는 …": the firm's act told in the modifier of a
            # data center that is itself the subject (세운: built, runs now; 짓는: building)
            cue, sig = built
            stance, strength = decide(cue.rule.kind, sig, cue.rule.negated, cue.rule.weak)
            for f, surf, kind in _modifier_agents(toks, roles, holders, t0, cue.ts):
                results[f] = Finding(
                    f,
                    stance,
                    confidence(strength, kind),
                    _evidence(sentence, toks, cue, False),
                    surf,
                    location,
                    describe(cue.rule.kind, sig, kind),
                )
            continue
        if gov is None:
            place = _works_in_datacenter(toks, t0, t1)
            for f, surf, _ in holders:
                if place is not None and f not in results:
                    # "메타는 오덴세 데이터센터에서 나오는 폐열을 공급하고 있다": it runs one there
                    evidence = sentence[toks[place[0]].start : toks[place[1] - 1].end]
                    results[f] = Finding(
                        f,
                        "operating",
                        FACILITY_CONFIDENCE,
                        evidence,
                        surf,
                        location,
                        "work goes on in its data center now",
                    )
                mention_reason.setdefault(f, "no_cue")
            continue
        if (
            _founded(m.toks, gov)
            and holders
            and "의하" not in m.forms
            and not any(
                (toks[k].tag, toks[k].form) in _NEW_SUBJECT and k - 1 not in firm_tokens
                for k in range(t0 + 1, gov.ts)
            )
        ):
            # "디지털엣지는 2020년 설립됐다": the passive of a build with the firm as its
            # subject is the firm's own founding, not a data center (with an agent, "IBM에
            # 의해 건설될", or a subject of its own, "리전이 개통됐다", the firm builds)
            for f, _, _ in holders:
                mention_reason.setdefault(f, "no_cue")
            continue
        sig = _signals(m, gov, t0, t1, cues, lex, sentence)
        if idx == 0 and gov.rule.kind == "open" and _headline_noun(toks, gov.te):
            # "리전 출범", "데이터센터 개설,": a headline's bare opening noun tells it happened
            sig = Signals(**{**sig.__dict__, "past": True})
        third_party = any(quoted[a] for h, a, r, _ in roles if r in HOLDER_ROLES) and bool(
            [w for w in others if not ctx.person(w)]
        )
        # "… 짓기로 했다고 외신이 보도했다", "의원은 오픈AI가 … 열 것이라고 말했다": the
        # press's or a lawmaker's word about the firm's plan is hearsay until the firm says
        # it (a government's announcement is not: words.yaml `officials`)
        third_party = third_party or any(
            w and (w[-1] in KO["officials"] or (w[-1] in KO["sources"] and len(w) > 1))
            for w in others
        )
        if third_party:
            sig = Signals(**{**sig.__dict__, "reported": True})
        stance, strength = decide(gov.rule.kind, sig, gov.rule.negated, gov.rule.weak)
        evidence = _evidence(sentence, toks, gov, sig.negated)
        joint = any(c.rule.joint for c in cues if t0 <= c.ts < t1)  # 손잡고 … 짓는다
        if (
            joint
            and stance != "mentioned"
            and (holders or domestic_holder or others)
            and not any(t.form in lex.ko_lists["supply_words"] for t in toks[t0:t1])  # a sale
        ):
            # the other party to an agreement holds it too: "SK텔레콤은 AWS와 … 체결했다"
            mine = {f for f, _, _ in holders}
            holders = holders + [
                (h.firm, surf, "partner")
                for h, a, r, surf in roles
                if t0 <= a < t1 and r == "partner" and not h.domestic and h.firm not in mine
            ]
        # the clause's own place, when it names one, over the sentence's nearest place
        here = location and (
            locate_within(
                sentence,
                hits,
                dc_spans(sentence, "ko", lex),
                toks[t0].start,
                toks[t1 - 1].end,
                toks[gov.ts].start,
                lex,
            )
            or location
        )
        for firm, surf, kind in holders:
            conf = confidence(strength, kind)
            prev = results.get(firm)
            if stance == "mentioned" and prev is not None and prev.stance != "mentioned":
                continue
            results[firm] = Finding(
                firm,
                stance,
                conf,
                evidence,
                surf,
                here if stance != "mentioned" else None,
                describe(gov.rule.kind, sig, kind),
            )
    # "서울에 데이터센터를 운영하기 시작한 AWS와 …": a modifier clause that ends right
    # before the name leaves the firm as its subject; it speaks when the clause the name
    # stands in says nothing
    by_start = sorted(cues, key=lambda c: c.ts)
    for h, a, _, surf in roles:
        prev = results.get(h.firm)
        if h.domestic or (prev is not None and prev.stance != "mentioned"):
            continue
        if (c0 := modifiers.get(a)) is None:
            continue
        if (cue := _modifier_cue(m, by_start, a, c0, lex, sentence)) is None:
            continue
        sig = _signals(m, cue, c0, a, cues, lex, sentence)
        if toks[a - 1].form in ("ㄴ", "은") and all(
            t.tag in ("XSV", "XSA") for t in toks[cue.te : a - 1]
        ):
            # 연/세운/철회한 AWS: the adnominal past right on the stem, a completed act
            built = m.any_in(lex.ko_any["build"], cue.ts, cue.te)
            sig = Signals(**{**sig.__dict__, "past": True, "completed_build": built})
        if toks[a - 1].form.endswith(("다는", "라는")):
            # 수용했다는 구글: the quotative modifier reports a claim about the firm
            sig = Signals(**{**sig.__dict__, "reported": True})
        stance, strength = decide(cue.rule.kind, sig, cue.rule.negated, cue.rule.weak)
        if stance != "mentioned":
            results[h.firm] = Finding(
                h.firm,
                stance,
                confidence(strength, "modified"),
                _evidence(sentence, toks, cue, sig.negated),
                surf,
                location,
                describe(cue.rule.kind, sig, "modified"),
            )
    # "MS의 서울 데이터센터에는 …": the firm's existing facility is a (weak) operating sign
    global_scope = lex.dc_global["ko"].search(sentence) is not None
    for h, _, r, surf in roles:
        if (
            r in ("facility", "possessive")
            and not h.domestic
            and h.firm not in results
            and not global_scope  # "구글의 해외 데이터센터": not where the article is
        ):
            results[h.firm] = Finding(
                h.firm,
                "operating",
                FACILITY_CONFIDENCE,
                surf,
                surf,
                location,
                "its existing facility is named (holder: possessive)",
            )
    findings = gather(
        [(h.firm, h.surface) for h, _, _, _ in roles if not h.domestic],
        results,
        lambda firm: mention_reason.get(firm, "not_holder"),
    )
    return findings, sentence_subject, had_subject


# What may stand between a modifier clause's cue and its adnominal ending: the verb's
# own suffixes and auxiliaries ("운영하기 시작한", "세우지 않기로 한", "짓고 있는").
_VERB_TAIL = ("XSV", "XSA", "VX", "VV", "VA", "VCP", "VCN", "EC", "EP", "ETN", "NNB", "NNG", "JKB")


_MODIFIER_REACH = 24  # tokens a modifier clause may span: keeps long text linear


def _modifier_start(toks: list[Tok], a: int, t0: int) -> int | None:
    """Where the adnominal clause ending right before the firm's name at token `a` starts
    ("[데이터센터 건립 계획을 철회한] 구글은"); None when there is none, or when it has a
    subject of its own ("정부가 요구한 구글"). A topic (은/는) before it is the main
    clause's, and the modifier starts after it ("블랙스톤은 [데이터센터를 운영하는]
    에어트렁크를 인수했다")."""
    if a < 2 or toks[a - 1].tag != "ETM":
        return None
    t0 = max(t0, a - _MODIFIER_REACH)
    for k in range(a - 2, t0 - 1, -1):
        t = toks[k]
        if t.tag == "JX" and t.form in ("은", "는"):
            return k + 1 if k + 1 < a - 1 else None
        if (t.tag, t.form) in _NEW_SUBJECT or t.tag == "JKS":
            return None
        if t.tag in ("SP", "SF", "SSO", "SSC"):
            return k + 1 if k + 1 < a - 1 else None
    return t0


def _modifier_cue(
    m: Morphs, cues: list[Cue], a: int, start: int, lex: Lexicon, sentence: str
) -> Cue | None:
    """The cue of the modifier clause [start, a) before the firm's name, when the clause
    names a data center and its predicate runs up to the adnominal ending."""
    toks = m.toks
    if not lex.dc_terms["ko"].search(sentence[toks[start].start : toks[a - 1].end]):
        return None
    lo = bisect_left(cues, start, key=lambda c: c.ts)  # cues sorted by start
    hi = bisect_left(cues, a, lo=lo, key=lambda c: c.ts)
    inside = [c for c in cues[lo:hi] if c.te < a and c.rule.kind != "demand"]
    if not inside:
        return None
    given_up = [c for c in inside if c.rule.kind == "substitute"]
    cue = given_up[0] if given_up else max(inside, key=lambda c: c.te)
    tail = toks[cue.te : a - 1]
    if not given_up and (len(tail) > 6 or any(not t.tag.startswith(_VERB_TAIL) for t in tail)):
        return None
    if _object_elsewhere(sentence, toks, cue.ts, start, lex, False):
        return None
    return cue


_FACILITY_HEADS = frozenset(KO["facility_nouns"]) - {"공사"}
_BUILT_HEADS = _FACILITY_HEADS | frozenset(KO["built_nouns"])


def _built_facility(
    m: Morphs, cues: list[Cue], t0: int, t1: int, lex: Lexicon
) -> tuple[Cue, Signals] | None:
    """A build or opening told as the modifier of a data center ("세운 데이터센터",
    "짓는 캠퍼스", "열 리전"), with the tense its adnominal ending gives."""
    toks = m.toks
    for c in cues:
        if not (t0 <= c.ts < t1) or c.rule.kind not in ("action", "open", "expand"):
            continue
        j = _stem_end(toks, c.te)
        if j >= t1 or toks[j].tag != "ETM":
            continue
        # the noun phrase may carry an amount first: "주도하는 5천억 달러 규모의 AI 인프라
        # 프로젝트", where infrastructure built is data centers
        head = next(
            (k for k in range(j + 1, min(j + 12, t1)) if not toks[k].tag.startswith(_NP_TAGS)),
            min(j + 12, t1),
        )
        if not any(t.form in _BUILT_HEADS or "센터" in t.form for t in toks[j + 1 : head]):
            continue
        past = toks[j].form in ("ㄴ", "은")
        future = toks[j].form in ("ㄹ", "을")
        built = past and m.any_in(lex.ko_any["build"], c.ts, c.te)
        return c, Signals(past=past, future=future, completed_build=built)
    return None


def _modifier_agents(
    toks: list[Tok],
    roles: list[tuple[Hit, int, str, str]],
    holders: list[tuple[str, str, str]],
    t0: int,
    cue_ts: int,
) -> list[tuple[str, str, str]]:
    """Who did what a data center's modifier tells: the firm marked 이/가 inside that
    modifier ("텐센트는 소프트뱅크가 짓는 데이터센터에 GPU를 공급한다": SoftBank builds,
    Tencent supplies), with the names listed with it; else every holder of the clause."""
    inside = [(a, h) for h, a, r, _ in roles if t0 <= a < cue_ts and r in HOLDER_ROLES]
    agent = max((a for a, _ in inside if _marked(toks, a, ("이", "가"))), default=None)
    topics = [
        a
        for a, h in inside
        if not h.domestic and _marked(toks, a, ("은", "는")) and agent is not None and a < agent
    ]
    if not topics:
        return holders
    if any(a == agent and h.domestic for a, h in inside):
        return []  # "엔비디아는 SK그룹이 추진하는 데이터센터에 …": SK's build, no foreign one
    # the agent with the names listed right before it ("소프트뱅크와 오라클이"), after the topic
    mine = {h.firm for a, h in inside if max(topics) < a <= agent}
    return [x for x in holders if x[0] in mine] or holders


def _ba(toks: list[Tok], j: int) -> str | None:
    """The verb after "ㄴ 바" at token `j` (구축한 바 있다 -> 있, 결정한 바 없다 -> 없)."""
    if (
        j + 2 < len(toks)
        and toks[j].tag == "ETM"
        and toks[j].form in ("ㄴ", "은")
        and toks[j + 1].form == "바"
        and toks[j + 2].form in ("있", "없")
    ):
        return toks[j + 2].form
    return None


def _marked(toks: list[Tok], a: int, forms: tuple[str, ...]) -> bool:
    """Is the name starting at token `a` followed (within three tokens) by one of the
    particles `forms` before any other particle?"""
    for t in toks[a + 1 : a + 4]:
        if t.tag.startswith("J"):
            return t.form in forms
    return False


def _works_in_datacenter(toks: list[Tok], t0: int, t1: int) -> tuple[int, int] | None:
    """Token span of "데이터센터에서" when the clause says something goes on there now
    (…에서 처리하고 있다, …에서 나오는 …을 공급하고 있다), not what will (…에서 쓸 …)."""
    forms = [t.form for t in toks]
    for i in range(t0, t1):
        if forms[i] in ("데이터센터", "리전") and i + 1 < t1 and forms[i + 1] == "에서":
            start, at = i, i + 1
        elif forms[i : i + 2] == ["데이터", "센터"] and i + 2 < t1 and forms[i + 2] == "에서":
            start, at = i, i + 2
        else:
            continue
        rest = toks[at + 1 : t1]
        prospective = next((t for t in rest if t.tag == "ETM"), None)
        if prospective is not None and prospective.form in ("ㄹ", "을"):
            return None
        ongoing = any(
            a.form == "고" and a.tag == "EC" and b.form == "있" and b.tag.startswith("VX")
            for a, b in itertools.pairwise(rest)
        )
        return (start, at + 1) if ongoing else None
    return None


_NP_TAGS = ("NN", "SL", "SH", "SN", "XSN", "XPN", "NR", "MM", "JKG", "SP", "SSO", "SSC")


def _object_elsewhere(
    sentence: str,
    toks: list[Tok],
    ts: int,
    t0: int,
    lex: Lexicon,
    title: bool,
    named: tuple[tuple[int, int], ...] = (),
) -> bool:
    """Is the cue at token `ts` about something other than a data center? Korean puts the
    object right before its verb: "프로그램을 운영", "보안시설 가림 처리를 수용", and in a
    headline the bare noun "좌표 비공개 결정". When that object names no data-center term,
    none of `object_words` (a plan, a build, an agreement, a pronoun) and no amount, the
    cue is about something else. No explicit object (a topic, a subject, an elided object)
    leaves the cue standing."""
    j = ts - 1
    while j >= t0 and toks[j].tag in ("MAG", "MAJ"):
        j -= 1
    if j < t0:
        return False
    if toks[ts].tag == "JKB" and toks[ts].form == "에":
        end = ts - 1  # "시장 확대에 나선다": what the firm sets out on is its object
    elif toks[j].tag == "JKO" or (
        toks[j].tag == "JKB" and toks[j].form == "에" and toks[ts].form in _INTO_OBJECT
    ):
        end = j - 1  # "풍력발전 터빈에 투자": what the money goes into is the object
    elif title and toks[j].tag.startswith(("NN", "SL")) and toks[j].end < toks[ts].start:
        end = j
    else:
        return False
    k = end
    while k >= t0 and k > end - 6 and toks[k].tag.startswith(_NP_TAGS):
        k -= 1
    # "데이터센터를 구축하기 위한 합작회사를 설립": the modifier clause says what a vehicle
    # is for ("데이터센터 운영을 위한 AI 모델" is still a model), or what a content noun
    # holds ("데이터센터를 만드는 일을 검토")
    phrase_end = end
    if toks[end].tag == "SSC" and toks[end].form in QUOTE_FORMS:
        # "합작사 '스타게이트'를": the quoted name is the vehicle's ("양해각서(MOU)" is its own)
        while phrase_end > k + 1 and toks[phrase_end].tag != "SSO":
            phrase_end -= 1
        phrase_end -= 1
    nouns = [t for t in toks[k + 1 : phrase_end + 1] if t.tag.startswith(("NN", "SL"))]
    noun = nouns[-1] if nouns else None
    purpose = (
        k >= t0
        and toks[k].tag == "ETM"
        and noun is not None
        # a content noun right after the clause: "짓는 일" (not "하는 모든 일")
        and (noun.form in _VEHICLES or (noun.form in _CONTENT and toks[k + 1] is noun))
    )
    if k > t0 and toks[k].tag == "ETM":
        # "반도체를 공급하는 방안을 논의": the object is a supply, whatever it goes into
        verb = toks[k - 2] if k >= 2 and toks[k - 1].tag == "XSV" else toks[k - 1]
        if verb.form in lex.ko_lists["supply_words"]:
            return True
    if purpose:
        k = max(t0, k - 14) - 1
    phrase = toks[k + 1 : end + 1]
    if not phrase:
        return False
    if len(phrase) > 1 and phrase[-1].form == "센터" and phrase[-2].form in _OTHER_CENTERS:
        return True  # "AI 연구센터를 가동": a research center, no data center
    words = lex.ko_lists["object_words"]
    # a Korean compound names its thing last ("클라우드 서비스 시장 공략" is a push into a
    # market), unless a modifier clause says what it is for; words, not endings: the
    # copula 이 of "본격적인" is no pronoun 이
    heads = phrase if purpose else phrase[-1:]
    if any(t.form in words and t.tag.startswith(("NN", "NP", "SL", "SH")) for t in heads) or any(
        t.tag in ("NP", "SN", "NR") for t in phrase
    ):
        return False
    text = sentence[phrase[0].start : phrase[-1].end]
    if any(a < phrase[-1].end and phrase[0].start < b for a, b in named):
        return False  # the facility by its own name ("한빛을 완공했다")
    # a place as the object is where the data center goes ("부지로 고양을 검토", "평택을
    # 낙점했다"); a place that only modifies the object ("한국 지도 좌표") is not
    head = sentence[phrase[-1].start : phrase[-1].end]
    places = any(rx.search(head) for _, rx in lex.places)
    return not (places or lex.dc_terms["ko"].search(text))


_INTO_OBJECT = frozenset(KO["into_object_cues"])
_VEHICLES = frozenset(KO["vehicle_nouns"])
_CONTENT = frozenset(KO["content_nouns"])
_OTHER_CENTERS = frozenset(KO["other_centers"])


def _headline_noun(toks: list[Tok], te: int) -> bool:
    """Does a headline's bare noun end its phrase ("일본에 데이터센터 개설, 아시아 세번째",
    "리전 출범…")? Then that noun is the headline's predicate."""
    return te == len(toks) or toks[te].tag in ("SP", "SE", "SF", "SSO", "SSC", "SO")


def _governing(
    m: Morphs,
    cues: list[Cue],
    t0: int,
    t1: int,
    lex: Lexicon,
    sentence: str = "",
    title: bool = False,
    named: tuple[tuple[int, int], ...] = (),
) -> Cue | None:
    best = None
    for c in cues:
        if not (t0 <= c.ts < t1):
            continue
        if c.rule.kind == "substitute":
            return c  # "설립 대신 협력을 늘리기로 했다": the build given up is the news
        if c.te < len(m.toks) and m.toks[c.te].form in KO["operator_nouns"]:
            continue  # "데이터센터 운영업체", "운영 비용": a compound noun, no act
        if c.rule.kind in ("action", "open", "expand") and not (
            _finite(m.toks, c.te, lex) or (title and _headline_noun(m.toks, c.te))
        ):
            continue
        if c.rule.kind not in ("demand", "nocomment") and _object_elsewhere(
            sentence, m.toks, c.ts, t0, lex, title, named
        ):
            continue
        if best is None or (c.te, c.te - c.ts) > (best.te, best.te - best.ts):
            best = c
    return best


def _evidence(sentence: str, toks: list[Tok], cue: Cue, negated: bool) -> str:
    """The cue as written, to the end of its word, and through the negator when there is
    one: "짓지 않겠다고", "검토하고", "거절"."""
    end = toks[min(cue.te, len(toks)) - 1].end
    if negated:
        for t in toks[cue.te : cue.te + 6]:
            if t.form in ("않", "없", "못", "아니"):
                end = t.end
                break
    stop = sentence.find(" ", end)
    text = sentence[toks[cue.ts].start : stop if stop >= 0 else len(sentence)]
    return text.rstrip(".,\"”’'")
