"""Who a firm is in a Korean sentence: subject (은/는/이/가), a person of the firm,
coordinated with the subject, the holder of a facility (X의 데이터센터는), or only a
target, contrast or modifier. Read from Kiwi morphemes, with the raw text as fallback."""

from __future__ import annotations

import functools
import re

from .context import Subject
from .kiwi import Tok
from .lexicon import Lexicon
from .morphs import QUOTE_FORMS
from .registry import Hit
from .words import KO

HOLDER_ROLES = ("subject", "person", "coordinated", "headline", "possessive")
# Nouns that make "X의 <noun …>은" talk about X's facility ("MS의 부산 데이터센터는 …")
FACILITY_NOUNS = KO["facility_nouns"]
# A facility that is only planned is no sign of operation
PLAN_NOUNS = KO["plan_nouns"]
TRAP_NOUNS = KO["trap_nouns"]
EVENT_NOUNS = frozenset(KO["event_nouns"])
PAREN_OPEN, PAREN_CLOSE = set("([（［"), set(")]）］")
SUBJECT_PARTICLES = {("JX", "은"), ("JX", "는"), ("JKS", "이"), ("JKS", "가"), ("JX", "도")}
# Time words that open a sentence ("이날 권 CSO는"): not part of who speaks
TIME_WORDS = KO["time_words"]
NOUNISH = ("NN", "NP", "SL", "SH", "SN", "XSN", "SSC", "NR")


def role_of(toks: list[Tok], a: int, b: int, lex: Lexicon) -> tuple[str, int | None]:
    """How the firm at tokens [a, b) relates to its clause, and where the holder's
    surface ends (the firm name plus a person title when a person of the firm speaks)."""
    titles, suffixes = lex.ko_lists["person_titles"], lex.ko_lists["org_suffixes"]
    j, steps, person, end = b, 0, False, b
    while j < len(toks) and steps < 4:
        t = toks[j]
        if t.tag == "SSO" and t.form in PAREN_OPEN:
            while j < len(toks) and not (toks[j].tag == "SSC" and toks[j].form in PAREN_CLOSE):
                j += 1
            j += 1
            continue
        # "SK에코플랜트는", "AWS코리아가": a noun glued to the name names an affiliate, unless
        # it is a facility ("구글데이터센터")
        glued = (
            j == b
            and j > 0
            and t.tag.startswith(("NNG", "NNP"))
            and t.start == toks[j - 1].end
            and t.form not in FACILITY_NOUNS
            and t.form not in PLAN_NOUNS
        )
        if t.tag.startswith(("NN", "SL", "SH")) and (
            t.form in titles or t.form in suffixes or glued
        ):
            person = person or t.form in titles
            j, steps, end = j + 1, steps + 1, j + 1
            continue
        break
    surface_end = toks[end - 1].end if end > a else toks[a].end
    if j >= len(toks):
        return "other", None
    t = toks[j]
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    if _subject_marker(t):
        if t.tag == "JKS" and _modifies_other_subject(toks, j + 1):
            return "modifier", None  # "구글이 요구한 지도 반출 심의가 보류됐다": not its act
        if t.tag == "JKS" and _modifies_others_object(toks, a, j + 1):
            # "위원회가 아마존이 추진한 계획을 거부했다": the committee refused
            return "modifier", None
        if t.tag == "JKS" and _only_a_condition(toks, j + 1):
            # "구글이 서류를 내면 (정부가) 결정할 계획": 이/가 binds the firm to the
            # condition only (a topic, 은/는, would span the whole sentence)
            return "modifier", None
        return ("person" if person else "subject"), surface_end
    if t.tag == "NNB" and t.form == "등":
        if nxt is not None and nxt.form in ("과", "와") and _co_agent(toks, j + 2, lex):
            return "coordinated", surface_end  # "오라클·소프트뱅크 등과 함께 …"
        # "아마존과 MS 등 클라우드 업체들은 …": the listed firms are the subject's members
        if (sub := _group_subject(toks, j + 1)) is not None:
            return ("coordinated" if sub else "other"), surface_end
    k = j + (t.tag == "JKB" and t.form in ("과", "와"))
    if _like(toks, k):
        # "구글과 MS 같은 빅테크 기업들은 …": examples of the subject group
        if (sub := _group_subject(toks, k + 2)) is not None:
            return ("coordinated" if sub else "other"), surface_end
    if t.tag in ("JC", "JKB") and t.form in ("과", "와") and _co_agent(toks, j + 1, lex):
        # "SK그룹이 AWS와 함께 … 확정했다", "정부가 오픈AI와 손잡고 …": doing it together
        # with the subject; "알파벳과 함께 1위를 다투는 애플이 …": together only in the
        # clause that describes the subject
        if _in_modifier(toks, j + 2):
            return "other", surface_end
        return "coordinated", surface_end
    if t.tag == "JC":
        # "AWS와 SK텔레콤은": shares the subject of its partner; "AWS와 … 계약을": the
        # other party of what the subject does (counts only for agreements); "아마존과 MS 등
        # 업체들은": a list before the subject noun
        listed = any(x.form == "등" and x.tag == "NNB" for x in toks[j + 1 : j + 8])
        like = next((k for k in range(j + 1, min(j + 8, len(toks) - 1)) if _like(toks, k)), None)
        if like is not None and all(
            x.tag.startswith(NOUNISH + ("SP", "SSO", "JC")) or x.form in ("과", "와")
            for x in toks[j + 1 : like]
        ):
            listed, j = True, like + 1  # "구글과 MS와 같은 기업들은"
        if listed and (sub := _group_subject(toks, j + 1)) is not None:
            return ("coordinated" if sub else "partner"), surface_end
        for k in range(j + 1, min(j + 6, len(toks))):
            if _subject_marker(toks[k]):
                return "coordinated", surface_end
            if toks[k].form in ("과", "와") and _co_agent(toks, k + 1, lex):
                return "coordinated", surface_end  # "소프트뱅크와 오라클과 함께 …"
            if toks[k].tag.startswith("J") and not (listed and toks[k].tag == "JKG"):
                return "partner", surface_end
        return "partner", surface_end
    if t.tag == "JKB" and t.form in ("과", "와") and nxt is not None:
        if nxt.form in KO["contrast_after"] or nxt.form.startswith("달리"):
            return "contrast", ""
        if nxt.form == "마찬가지" and _then_also(toks, j + 3):
            return "coordinated", surface_end  # "오라클과 마찬가지로 IBM도 …": it does too
        return "partner", surface_end  # "AWS와 … 계약을 체결했다": the other party
    if t.tag == "JKO" and nxt is not None and nxt.form in KO["partner_nouns"]:
        if j + 2 < len(toks) and toks[j + 2].form in ("로", "으로"):
            return "coordinated", surface_end  # "텐센트를 파트너로 삼아 …": a named partner
    if t.tag == "JKB" and t.form == "에" and nxt is not None and nxt.form == "의하":
        return "subject", surface_end  # "IBM에 의해 건설될": the agent of a passive
    if t.tag == "JKB" and t.form == "에" and nxt is not None and nxt.form == "잇":
        if _then_also(toks, j + 3, any_subject=True):
            # "오라클에 이어 IBM도 …", "AWS에 이어 MS가 …": it did the same first
            return "coordinated", surface_end
    if t.tag == "JKB" and t.form == "처럼" and _then_also(toks, j + 1):
        return "coordinated", surface_end  # "오라클처럼 IBM도 …"
    if t.tag == "JKB" and t.form in ("에", "에게", "한테", "께"):
        return "target", ""
    if t.tag == "JKG" or t.tag.startswith(("NN", "SL")):
        # "AWS의 울산 데이터센터가 가동에 들어갔다", "AWS 서울 리전은 …": the facility is the
        # subject and the firm its holder; elsewhere in the sentence ("MS의 부산
        # 데이터센터에는 …") the firm's facility exists: `facility`
        nouns = []
        # "AWS 데이터센터 계획이": a suffix read above (데이터센터) is part of the phrase
        k0 = j + 1 if t.tag == "JKG" else (j if person else b)
        for k in range(k0, min(j + 8, len(toks))):
            tk = toks[k]
            if tk.tag.startswith(("NN", "SN", "SL", "MM", "XSN", "JC")) or tk.tag == "SP":
                nouns.append(tk.form)
                continue
            if not FACILITY_NOUNS & set(nouns) or TRAP_NOUNS & set(nouns):
                break
            heads = [n for n in nouns if n not in ("들", ",", "·")]
            if heads and heads[-1] in EVENT_NOUNS:
                return "possessive", surface_end  # "MS 데이터센터 준공식을 열었다"
            if heads and heads[-1] not in FACILITY_NOUNS | PLAN_NOUNS:
                break  # "MS 데이터센터 출신 엔지니어들이": the head is people, not a facility
            is_subject = _subject_marker(tk)
            if is_subject:
                return "possessive", surface_end
            if tk.tag.startswith("J") and not PLAN_NOUNS & set(nouns):
                return "facility", surface_end
            break
        if a == 0 and t.tag != "JKG" and not any(x.tag.startswith("J") for x in toks[j : j + 8]):
            return "headline", surface_end  # "구글 데이터센터 백지화…": a headline's topic
        return "other", None
    if t.tag == "SN" and not any(x.tag in ("EF", "EC", "JKS", "JKO", "JX") for x in toks):
        return "headline", surface_end  # "오라클 11조·아마존 20조원 투자 예정": amount lists
    opens = a == 0 or (a == 1 and toks[0].tag == "SSO" and toks[0].form in QUOTE_FORMS)
    if opens and ((t.tag == "SP" and t.form == ",") or (t.tag == "SSO" and t.form in QUOTE_FORMS)):
        # "구글, 데이터센터 안 짓는다", "구글 '…'", "\"구글, …\"": a name opening a headline
        # (or a quoted headline) is its topic
        # (mid-sentence, "엔비디아 'GB200' 칩을 구매해" names a product)
        return "headline", surface_end
    if t.tag == "SP" and t.form in (",", "·"):
        # "구글과 마이크로소프트, 아마존은": a list sharing one subject particle; "소프트뱅크·
        # 오라클과 함께": a list of co-agents
        for k in range(j + 1, min(j + 8, len(toks))):
            if toks[k].tag.startswith("J"):
                sub = _subject_marker(toks[k])
                if toks[k].form in ("과", "와") and _co_agent(toks, k + 1, lex):
                    sub = True
                return ("coordinated" if sub else "other"), surface_end
            if not toks[k].tag.startswith(("NN", "SL", "SH", "SP", "SSO", "SSC")):
                break
    return "other", None


def _subject_marker(t: Tok) -> bool:
    """은/는/이/가/도, or 역시 right after the name ("오라클과 MSTR 역시 연기했다")."""
    return (t.tag, t.form) in SUBJECT_PARTICLES or t.tag == "JKS" or t.form in KO["also_subject"]


def _adnominal_end(toks: list[Tok], j: int) -> int | None:
    """The adnominal ending (ETM) that closes the firm's predicate after `j` (요구한,
    추진한), or None when the predicate ends otherwise first."""
    for k in range(j, min(j + 8, len(toks))):
        tag = toks[k].tag
        if tag == "ETM":
            return k
        if tag.startswith(("EF", "EC", "J")) or tag == "SP":
            return None
    return None


def _modifies_other_subject(toks: list[Tok], j: int) -> bool:
    """Is the firm's predicate after `j` an adnominal one (요구한, 신청한) whose head noun
    phrase is itself the subject of the sentence, and no facility (구글이 요구한 지도 반출
    심의가 …)? A facility head ("구글이 짓는 데이터센터가 …") keeps the firm its holder."""
    if (k := _adnominal_end(toks, j)) is None:
        return False
    nouns: set[str] = set()
    for h in range(k + 1, min(k + 12, len(toks))):
        th = toks[h]
        if th.tag.startswith(NOUNISH + ("XPN", "MM", "JKG")):
            nouns.add(th.form)
            continue
        if th.form in ("로서", "로써"):
            # "IBM이 기획했던 허브 데이터센터로서의 기능은": the head comes after
            nouns = set()
            continue
        facility = bool(nouns & FACILITY_NOUNS) or any("센터" in n for n in nouns)
        return bool(nouns) and not facility and _subject_marker(th)
    return False


def _modifies_others_object(toks: list[Tok], a: int, j: int) -> bool:
    """Is the firm's predicate after `j` an adnominal one whose head noun phrase is the
    object (을/를) of a verb that a subject named before the firm holds ("FERC가 아마존이
    추진한 원전 데이터센터 계획을 거부했다": FERC refused; Amazon pursued the plan)?"""
    if not any(_subject_marker(x) for x in toks[max(0, a - 12) : a]):
        return False
    if (k := _adnominal_end(toks, j)) is None:
        return False
    for h in range(k + 1, min(k + 12, len(toks))):
        if toks[h].tag.startswith(NOUNISH + ("XPN", "MM", "XSN")):
            continue
        # a facility head keeps the firm its builder ("정부가 구글이 짓는 데이터센터를
        # 지원한다"); a plan or a request is what the subject acts on
        last = toks[h - 1].form
        facility = last in FACILITY_NOUNS or "센터" in last
        return h > k + 1 and toks[h].tag == "JKO" and not facility
    return False


_IF = KO["condition_endings"]
_IF_NOUNS = KO["condition_nouns"]
_CHAINED = frozenset(KO["chained_endings"])


def _only_a_condition(toks: list[Tok], j: int) -> bool:
    """Does the firm's own predicate after `j` end in a condition (-면, -ㄹ 경우) with more
    of the sentence after it?"""
    for k in range(j, min(j + 14, len(toks) - 2)):
        t = toks[k]
        if t.tag.startswith("E"):
            # "앤트로픽이 이르면 2027년 중 …": 이르면 (at the earliest) is a time
            idiom = k > j and toks[k - 1].form in KO["time_conditions"]
            if t.tag == "ETM":  # "MS가 데이터센터를 구축할 경우 …": in case it does
                return toks[k + 1].form in _IF_NOUNS
            if t.tag == "EC" and t.form in _CHAINED:
                continue  # "구축하거나 임대하여 사용하는 경우": the condition ends the chain
            return t.tag == "EC" and t.form in _IF and not idiom
        if t.tag in ("SP", "SF") or (t.tag.startswith("J") and t.tag not in ("JKO", "JKB", "JX")):
            return False
    return False


def _like(toks: list[Tok], k: int) -> bool:
    """같은 (like, such as) at token `k`."""
    return k + 1 < len(toks) and toks[k].form == "같" and toks[k + 1].tag == "ETM"


def _group_subject(toks: list[Tok], j: int) -> bool | None:
    """From `j`, the rest of a noun phrase that a list of firms exemplifies (MS 등 세계
    유수의 클라우드 업체들은, 같은 빅테크 기업이): True when it ends in a subject particle,
    False in another particle, None when a predicate comes first."""
    for k in range(j, min(j + 16, len(toks))):
        tk = toks[k]
        if tk.tag == "JKG" and toks[k - 1].form == "들":
            # "MS 등 IT기업들의 시장 경쟁이 치열해질 전망": the group owns the subject, which
            # is theirs only when it is their data-center plan ("기업들의 데이터센터 투자도
            # 늘고 있다")
            return _own_plan(toks, k + 1) or False
        if tk.tag.startswith("J") and tk.tag not in ("JKG", "JC"):
            # "MS 등 업체들이 국내에 구축할 경우 …": a condition, not their act
            return _subject_marker(tk) and not _only_a_condition(toks, k + 1)
        if not tk.tag.startswith(NOUNISH + ("XSN", "SP", "SSO", "MM", "XPN", "JKG", "JC")):
            return None
    return None


def _own_plan(toks: list[Tok], j: int) -> bool:
    """Is the noun phrase from `j` to its particle a data-center plan or facility (국내
    AI데이터센터 투자가, 데이터센터 건립 계획은) and the subject of its clause?"""
    nouns: list[str] = []
    for t in toks[j : j + 10]:
        if t.tag.startswith(NOUNISH + ("XSN", "SP")):
            nouns.append(t.form)
            continue
        heads = [n for n in nouns if n not in (",", "·")]
        return (
            _subject_marker(t)
            and bool(heads)
            and heads[-1] in FACILITY_NOUNS | PLAN_NOUNS
            and any("센터" in n or n in FACILITY_NOUNS for n in heads)
            and not TRAP_NOUNS & set(heads)
        )
    return False


def _then_also(toks: list[Tok], k: int, any_subject: bool = False) -> bool:
    """Does a name with 도 (also) follow at `k` ("… IBM도", "… 한국IBM 역시")? With
    `any_subject`, a name with any subject particle ("… MS가") counts too."""
    for t in toks[k : k + 4]:
        if t.tag.startswith(("NN", "SL", "SH")):
            continue
        if any_subject and _subject_marker(t):
            return True
        return t.form == "도" or t.form in KO["also_subject"]
    return False


def _in_modifier(toks: list[Tok], j: int) -> bool:
    """Does the clause from `j` end in an adnominal ending whose noun is the subject
    ("… 다투고 있는 애플이"): the words before belong to that noun's description?"""
    for k in range(j, min(j + 14, len(toks) - 2)):
        t = toks[k]
        if _subject_marker(t):
            return False
        if t.tag == "ETM":
            n = k + 1
            while n < len(toks) and toks[n].tag.startswith(("NN", "SL", "SH")):
                n += 1
            return n > k + 1 and n < len(toks) and _subject_marker(toks[n])
    return False


def _co_agent(toks: list[Tok], j: int, lex: Lexicon) -> bool:
    """Does a co-agent word (함께, 공동으로, 손잡고 …) follow right after 와/과 at `j`, and
    is what they do together no race ("… 등과 함께 데이터센터 구축 경쟁에 나섰다": rivals)?"""
    if not (j < len(toks) and toks[j].form in lex.ko_lists["co_agent"]):
        return False
    for t in toks[j + 1 : j + 16]:
        if t.form in _RACE_NOUNS:
            return False
        if t.tag.startswith(("EF", "EC")) or t.tag == "SF":
            break
    return True


_RACE_NOUNS = frozenset(KO["race_nouns"])


_SURFACE_SUBJECT = re.compile(r"(?:측)?(?:은|는|이|가|도)(?=[\s,]|$)")


def surface_role(sentence: str, hit: Hit) -> str | None:
    """Subject read from the raw text when Kiwi splits a particle oddly (구글이 read as
    noun + suffix): the alias followed directly by 은/는/이/가/도 and a space."""
    return "subject" if _SURFACE_SUBJECT.match(sentence, hit.end) else None


def subjects(
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
        if _in_relative_clause(toks, i + 1, t1):
            continue  # "정부가 요구한 데이터센터 설치는": the subject of a modifier only
        words, k = [], i - 1
        while (
            k >= t0
            and toks[k].tag.startswith(NOUNISH)
            and len(words) < 3
            and k not in firm_tokens
            and toks[k].form not in TIME_WORDS
        ):
            words.insert(0, toks[k].form)
            k -= 1
        out.append(words)
    return out


def _in_relative_clause(toks: list[Tok], j: int, t1: int) -> bool:
    """Does the first predicate after token `j` end in an adnominal ending (요구한 X, 짓는
    X), so that the subject before it belongs to a modifier, not to the clause?"""
    for k in range(j, min(j + 8, t1)):
        tag = toks[k].tag
        if tag.startswith(("VV", "VA", "XSV", "XSA", "VX")):
            for e in toks[k + 1 : min(k + 4, t1)]:
                if e.tag.startswith("E"):
                    return e.tag == "ETM"
            return False
        if tag.startswith(("E", "J")) and tag not in ("JKO", "JKB", "JX"):
            return False
    return False


@functools.cache
def _cheap_subject_rx(titles: tuple[str, ...]) -> re.Pattern[str]:
    # 구글은 / 구글(Google)이 / 구글 측은 / 오라클 최고경영자는 / AWS코리아 대외협력 총괄은
    t = "|".join(re.escape(x) for x in sorted(titles, key=len, reverse=True))
    return re.compile(
        r"(?:\s*\([^)]*\))?(?:\s+(?:\S+\s+){0,2}?\S*(?:" + t + r")(?:\([^)]*\))?)?"
        r"(?:측)?(?:은|는|이|가)(?=[\s,]|$)"
    )


_TOPIC_PARTICLE = re.compile(r"[\uac00-\ud7a3](?:은|는)\s")


def cheap_subject(sentence: str, hits: list[Hit], lex: Lexicon) -> tuple[Subject | None, bool]:
    """Subject of a Korean sentence that is not about a data center, from particles on
    the raw text (no morphological analysis): enough to carry the topic onward."""
    rx = _cheap_subject_rx(lex.ko_lists["person_titles"] + lex.ko_lists["org_suffixes"])
    for h in hits:
        if not h.domestic and rx.match(sentence, h.end):
            return Subject(h.firm, h.surface), True
    return None, bool(_TOPIC_PARTICLE.search(sentence))


def listed_before(toks: list[Tok], b: int, a: int) -> bool:
    """Do only list connectors stand between a firm ending at token `b` and the next
    firm starting at `a` ("구글, MS", "MS와 오라클", "아마존(AWS)·MS")?"""
    depth, seen = 0, False
    for t in toks[b:a]:
        if t.tag == "SSO" and t.form in PAREN_OPEN:
            depth += 1
        elif t.tag == "SSC" and t.form in PAREN_CLOSE:
            # "아마존웹서비스(AWS) 오픈AI 등": a closing bracket may stand for the comma
            seen, depth = seen or depth <= 1, max(0, depth - 1)
        elif depth == 0:
            if not (
                (t.tag == "SP" and t.form in (",", "·", "/"))
                or (t.tag in ("JC", "JKB") and t.form in ("과", "와"))
            ):
                return False
            seen = True
    return seen or depth > 0  # "아마존웹서비스(AWS": one firm spelled twice
