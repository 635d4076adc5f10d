"""English stance analysis: clause, subject and negation scope by regular expressions.

English puts the main verb right after the subject, so the first stance cue after the
holder governs its clause ("Nvidia denied reports that it plans to build …" is a
denial). A firm after "unlike", after a demand verb ("urged Apple to …") or after a
preposition ("compete with Google") holds no stance; a firm that speaks ("…,"
Microsoft said; a Google spokesperson said) holds the stance of what it says.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from itertools import accumulate

from .context import ArticleContext, Finding, Subject, gather
from .english_roles import (
    DC_HEAD,
    OTHER_NAME,
    owns_facility,
    role_of,
    starts_with_predicate,
    words,
)
from .lexicon import CueRule, Lexicon
from .registry import Hit
from .rules import (
    FACILITY_CONFIDENCE,
    GENERIC_KINDS,
    Signals,
    confidence,
    decide,
    describe,
)
from .words import EN, TURNS, alternation

_QUOTE = re.compile(r"[\"“][^\"“”]*[\"”]")
_RELATIVE = re.compile(r",\s+(?:which|who)\b[^,]*,")
_LAST_RELATIVE = re.compile(r",\s+which\b[^,]*$")
_CLAUSE_BREAK = re.compile(
    r";|,?\s+but\s+|,\s*(?:though|although|while|whereas|yet)\s+|\s+(?:although|whereas)\s+|,\s+and\s+"
    # "runs a data center in Seoul and began building a second": a second predicate
    r"|\s+and\s+(?=(?:\w+ly\s+)?(?:began|started|announced|agreed|decided|plans|signed|broke|"
    r"opened|launched|scrapped|dropped|cancel(?:l)?ed|withdrew|halted|paused|shelved|is|has|will)\b)"
)
_BRACKETED = re.compile(r"\s*\([^()]{1,20}\)")
_LOWER_WORD = re.compile(r"\b[a-z]{2,}\b")
# between the names of a list, a short form in brackets may follow a name ("Amazon Web
# Services (AWS), Google Cloud and Oracle"), and is itself a name of the list
_LIST_GAP = re.compile(
    r"\s*\)?(?:\s*\([^()]*\))?\s*(?:,|and|&|,\s*and|or|nor|as well as)\s*"
    r"|\s*\)?(?:\s*\([^()]*\))?\s*,\s*(?:and\s+)?|\s*\(\s*"
    # a name the registry lacks inside the list: "Google, CyrusOne and Digital Realty"
    rf"|\s*,\s*(?:{OTHER_NAME}\s*,\s*){{0,3}}{OTHER_NAME}\s*,?\s*(?:and|&)\s+"
)
# a passive main verb after the subject decides over a cue inside the subject itself
# ("Amazon's plan to build a data center was scrapped")
_PASSIVE_MAIN = re.compile(
    r"\b(?:was|were|is|are|has been|have been|had been|been|be)\s+(?:\w+ly\s+)?$"
)
# a facility that is only planned says nothing about operation
_PLANNED = re.compile(rf"\b(?:{alternation(EN['planned'])})\b", re.IGNORECASE)
_UNBUILT_BEFORE = re.compile(
    rf"\b(?:{alternation(EN['unbuilt_before'])})\b(?:\s+[\w$.,'’-]+){{0,4}}?\s*$", re.IGNORECASE
)
_AND_NEW_SUBJECT = re.compile(r"\s+and\s+(?=[A-Z])")
# "… is taking shape as SK Telecom partners with AWS to build …": "as" before a firm's name
# opens a clause with that firm as subject ("such as", "as well as", "known as" do not)
_AS_NEW_SUBJECT = re.compile(r"(?<!such)(?<!well)(?<!known)(?<!same)\s+as\s+(?=[A-Z])")
_OBLIGATION = re.compile(rf"\b(?:{alternation(EN['obligation'])})\s+(?:\w+\s+)?$", re.IGNORECASE)
_COMMA = re.compile(r"[,;]")
_POSSIBLY = re.compile(rf"\b(?:{alternation(EN['possibly'])})\b", re.IGNORECASE)
# an introductory phrase before the subject ("With …,", "Having said …,", "Despite …,")
_FRONTED = re.compile(rf"\s*(?:{alternation(EN['fronted_openers'])})\b[^,]*,\s*$")
_CAPITALISED = re.compile(r"[A-Z][a-z]+")
_OPENING_CONNECTIVE = re.compile(rf"^(?:{alternation(TURNS['en'] + EN['connectives'])})\b,?\s+")
_TIME_OPENER = re.compile(rf"^(?:{'|'.join(EN['time_openers'])})\b,?\s+")
_PERSON_SAID = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?\s+(?:said|told|added|says)\b")
_PARTICIPLE = re.compile(r"[A-Za-z]+(?:ed|en|wn|lt|ut)\b")
_NEGATORS_MODALS = r"n't|n’t|not|never|no longer|could|may|might|will|would|won't|wouldn't"
_NEGATOR_OR_MODAL = re.compile(
    rf"(?:\b(?:{_NEGATORS_MODALS})\b|\w+(?:n't|n’t))(?:\s+\w+){{0,2}}\s*$"
)
HOLDER_ROLES = ("subject", "person", "possessive", "coordinated", "expected", "example", "retreat")


@dataclass(frozen=True)
class Cue:
    """A cue rule matched at [start, end) of the sentence."""

    rule: CueRule
    start: int
    end: int


def _mask(text: str, rx: re.Pattern[str]) -> str:
    return rx.sub(lambda m: " " * len(m.group(0)), text)


# "the Busan data center, which Oracle opened in 2020, …": a relative clause on a data
# center with a firm as its subject says what the firm did (the cue files read it there)
_DC_HEAD = DC_HEAD
_DC_HEAD_END = re.compile(
    _DC_HEAD + r"(?:\s+(?:in|at|near)\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)?$"  # "… in Osaka"
)
_WHICH_NAME = re.compile(r",\s+which\s+[A-Z]")
# "Oracle's Busan data center, which opened in 2020, …": the facility's own opening
_WHICH_OPENED = re.compile(
    r",\s+which\s+(?:has\s+|had\s+)?(?:opened|launched|went live|came online|began operat)"
)


# "…, which fell through in 2021,", "…, which was later scrapped,": a plan that failed
_WHICH_FAILED = re.compile(
    r",\s+(?P<which>which)\s+(?:(?:was|were|has been|had been|later|eventually|ultimately|"
    r"quietly|since)\s+)*(?:f[ae]ll (?:through|apart)|collapsed|fizzled out|scrapped|"
    r"cancell?ed|abandoned|shelved|dropped|withdrawn|axed|killed)\b"
)
# a plan or a facility as the head of the noun phrase before it ("… project in Frederick")
_PLAN_HEAD_END = re.compile(
    rf"(?:{DC_HEAD}|projects?|plans?|proposals?|bid)"
    r"(?:\s+(?:in|at|near|for)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)?$"
)
_RIVALRY = re.compile(r"\b(?:compet|vie|vying|rival|compar|against|battle|fight)", re.I)
# an unregistered firm opening a clause before its verb: "ESR has", "Local developer ESR"
_OTHER_LEAD = re.compile(
    rf"\s*(?:[a-z][\w-]*\s+){{0,3}}{OTHER_NAME}\s+(?:(?:has|have|had|will|also|now|recently|"
    r"once again|again|said it|said it has|says it|says it has)\s+)*"
)
_NAME_ENDS = re.compile(r"\s*(?:[,.;]|$|and\b|to\b|in\b|on\b)")
# a dateline before the lede: "CEDAR RAPIDS —", "SEOUL, March 3 (Reuters) -"
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Z.'’-]+)*(?:,? [A-Z][a-z]{2,8}\.? \d{1,2})?"
    r"(?: \([A-Za-z ]+\))?\s*[—–-]{1,2}\s+"
)


def _mask_relatives(sentence: str) -> str:
    """The sentence with its non-restrictive relative clauses blanked ("Amazon, which
    runs …, said"), except one on a data center with a firm as subject."""

    def blank(m: re.Match[str]) -> str:
        kept = _WHICH_NAME.match(m.group(0)) or _WHICH_OPENED.match(m.group(0))
        if kept and _DC_HEAD_END.search(sentence, max(0, m.start() - 40), m.start()):
            return m.group(0)
        return failed(m) or " " * len(m.group(0))

    def failed(m: re.Match[str]) -> str | None:
        fate = _WHICH_FAILED.match(m.group(0))
        if fate and _PLAN_HEAD_END.search(sentence, max(0, m.start() - 60), m.start()):
            # "sought to build a campus there, which fell through in 2021": the plan's fate
            # is the holder's, read as a clause of its own ("; it fell through …")
            which = fate.end("which")
            return ";" + " " * (which - 3) + "it" + m.group(0)[which:]
        return None

    masked = _RELATIVE.sub(blank, sentence)
    # ... also when the relative clause ends the sentence
    return _LAST_RELATIVE.sub(lambda m: failed(m) or m.group(0), masked)


@functools.cache
def _anaphor_patterns(anaphors: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each anaphor ("it", "the company") as a regex matching it at the start of a
    clause, compiled once per lexicon list rather than per clause."""
    return tuple((a, re.compile(rf"{re.escape(a)}\b", re.IGNORECASE)) for a in anaphors)


def _clauses(
    masked: str, cues: list[Cue] | None = None, hits: list[Hit] | None = None
) -> list[tuple[int, int]]:
    no_quotes = _mask(masked, _QUOTE)  # never split inside quoted speech
    starts, ends = {h.start for h in hits or []}, {h.end for h in hits or []}
    # a name's short form in brackets ends the name too: "Digital Realty Trust (DLR), and"
    ends |= {m.end() for e in list(ends) if (m := _BRACKETED.match(no_quotes, e))}
    # "OpenAI, Oracle, and SoftBank unveiled …": ", and" inside a list of firms is no break
    end_of = {h.start: h.end for h in hits or []}

    def bare_item(pos: int) -> bool:
        # "…, including Nvidia, GDS, and PDG.": a last list item with no word of its own
        # after it (no predicate) is no clause of its own
        return pos in end_of and not _LOWER_WORD.search(no_quotes, end_of[pos])

    cuts = [
        (m.start(), m.end())
        for m in _CLAUSE_BREAK.finditer(no_quotes)
        if not (
            m.end() in starts and "and" in m.group(0) and (m.start() in ends or bare_item(m.end()))
        )
    ]
    cuts += [(m.start(), m.end()) for m in _AS_NEW_SUBJECT.finditer(no_quotes) if m.end() in starts]
    # "Google ruled out X and OpenAI said …": "and" before a new capitalised subject splits
    # only when a predicate came before it (not in "Google and Microsoft ruled out …")
    # cuts and cues come sorted by position: bisections keep a long sentence linear
    break_ends = [e for _, e in cuts]
    strong = [c.start for c in cues or [] if not c.rule.weak]
    last_and = 0
    for m in _AND_NEW_SUBJECT.finditer(no_quotes):
        if m.end() not in starts or bare_item(m.end()):
            continue  # "Seoul and Chuncheon" is no new subject, nor a last list item
        k = bisect_right(break_ends, m.start())
        start = max(break_ends[k - 1] if k else 0, last_and)
        if bisect_left(strong, start) < bisect_left(strong, m.start()):
            cuts.append((m.start(), m.end()))
            last_and = m.end()
    cuts.sort()
    out, pos = [], 0
    for s, e in cuts:
        out.append((pos, s))
        pos = e
    out.append((pos, len(masked)))
    return [(a, b) for a, b in out if b > a]


def _cues(masked: str, lex: Lexicon) -> list[Cue]:
    # only the rules whose needles occur run their regex (most cues are absent)
    found = [
        Cue(rule, m.start(), m.end())
        for rule in lex.en_cue_index.candidates(masked.lower())
        for m in rule.rx.finditer(masked)
    ]
    found.sort(key=lambda c: (-(c.end - c.start), c.start))
    # longest first, each kept unless a kept cue contains it
    if len(found) <= 32:  # the usual few: a plain scan is cheapest
        kept: list[Cue] = []
        for c in found:
            if not any(k.start <= c.start and c.end <= k.end for k in kept):
                kept.append(c)
        return sorted(kept, key=lambda c: c.start)
    # many (a long run of text): a Fenwick tree over the distinct start positions gives
    # the furthest end of the kept cues starting at or before a position, n log n
    positions = sorted({c.start for c in found})
    reach = [-1] * (len(positions) + 1)
    kept = []
    for c in found:
        i, furthest = bisect_right(positions, c.start), -1
        while i > 0:
            furthest, i = max(furthest, reach[i]), i & (i - 1)
        if furthest >= c.end:
            continue
        kept.append(c)
        i = bisect_right(positions, c.start)
        while i < len(reach):
            reach[i], i = max(reach[i], c.end), i + (i & -i)
    return sorted(kept, key=lambda c: c.start)


_NOT_ABLE = re.compile(r"(?:\b(?:not|never)|n[’']t)\s+(?:be\s+)?able\s+to\s*$|\bunable\s+to\s*$")


def _signals(
    masked: str, cue: Cue, c0: int, lex: Lexicon, sentence_mods: dict[str, bool]
) -> Signals:
    mod = lex.en_mod
    # the few words before the cue, not across a comma ("Oracle, not Google, will build")
    clause_tail = _COMMA.split(masked[max(c0, cue.start - 40) : cue.start])[-1]
    window = words(clause_tail)[-3:]
    # the modal "may", never the month ("said in May it would build"): case kept here
    cased = clause_tail.split()[-3:]
    before = masked[max(c0, cue.start - 30) : cue.start]
    negated = (
        bool(mod["instead"].search(before))
        or any(w in mod["negators"] or w.endswith("n't") or w.endswith("n’t") for w in window)
        or ("no longer" in " ".join(window))
        or _NOT_ABLE.search(before) is not None  # "will not be able to move forward"
    )
    head = masked[cue.start : cue.end]
    # "the first … to open a facility there": it has opened one
    to_end = cue.start + 3 if head.lower().startswith("to ") else cue.start  # cue "to open"
    first_to = cue.rule.kind in ("open", "action", "operate") and bool(
        mod["first_to"].search(masked[max(c0, to_end - 160) : to_end])
    )
    # a headline's present tense tells a done deed: "Oracle Opens Seoul Region"
    told_done = (
        (sentence_mods["headline"] and bool(mod["headline_past"].match(head)))
        or (cue.rule.kind == "open" and bool(mod["opening_now"].search(masked)))
        # "the launch of its region plays a key role", "at the opening ceremony"
        or (
            cue.rule.kind == "open"
            and bool(mod["launch_noun"].match(head))
            and not mod["launch_ahead"].search(masked)
        )
    )
    # "being built", "to be built": a passive still to come or under way, not a done build
    unfinished = window[-1:] in (["being"], ["be"])
    return Signals(
        negated=negated,
        past=(bool(mod["past"].search(head)) and not unfinished) or first_to or told_done,
        future=any(w in EN["future_markers"] for w in window) and not first_to,
        possibility=any(mod["possibility"].search(w) for w in cased)
        or sentence_mods["possibility"],
        reported=sentence_mods["reported"],
        conditional=sentence_mods["conditional"],
        obligation=bool(_OBLIGATION.search(masked[max(c0, cue.start - 30) : cue.start]))
        or bool(mod["guess"].search(masked[c0 : cue.start])),
        # "will operate", "to operate", "will soon run": the operation has not started
        background=any(mod["background"].fullmatch(w) for w in window),
        operate_future=cue.rule.kind == "operate"
        and not first_to
        and bool(window)
        and (window[-1] in ("will", "to", "'ll") or window[-2:-1] == ["will"]),
        # "It is unclear whether Apple will build …": an embedded question
        question=sentence_mods["question"]
        or bool(_WHETHER.search(_COMMA.split(masked[max(c0, cue.start - 80) : cue.start])[-1])),
        counterfactual=bool(
            mod["counterfactual"].search(masked[max(c0, cue.start - 60) : cue.start])
        ),
        global_scope=sentence_mods["global"],
        outage=bool(mod["outage"].search(masked)),  # "an outage … halted services"
        # "Amazon's rezoning proposal was denied", a headline's "… Proposal Denied"
        refused_by_others=cue.rule.authority
        and (
            _PASSIVE_MAIN.search(masked[max(c0, cue.start - 30) : cue.start]) is not None
            or (sentence_mods["headline"] and not masked[cue.end :].strip(" .!\"'’”"))
        ),
        completed_build=(bool(mod["built"].search(head)) and not unfinished)
        or first_to
        or told_done,
    )


# "the difficulty in acquiring land hinders the build": an act named as an obstacle is
# not done
_OBSTRUCTED = re.compile(
    r"\b(?:difficult(?:y|ies)|problems?|trouble|obstacles?|hurdles?|challenges?|barriers?)"
    r"\s+(?:in|of|with|to)\s+$",
    re.IGNORECASE,
)


_WHETHER = re.compile(r"\bwhether\b(?![^,;]*\bor not\b)", re.IGNORECASE)
_OTHER_OBJECT = re.compile(
    rf"\s+(?:in\s+|into\s+)?(?:(?:its|their|the|a|an|local|global|new)\s+)?"
    rf"(?:{alternation(EN['other_objects'])})\b(?!['’]s)",
    re.IGNORECASE,
)
_RANKED = re.compile(
    r"\b(?:[0-9]+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
    r"tenth|largest|biggest)\s+(?:[\w-]+\s+){0,2}?(?:globally|worldwide|in the world)\b",
    re.IGNORECASE,
)
# a possessor right before a cue: "Korea's plan to build", "the city's decision to …"
_POSSESSOR = re.compile(
    r"\b([A-Z][\w&.-]*|government|country|city|state|nation|province|county|ministry)['’]s\s+"
    r"(?:[\w-]+\s+){0,2}$"
)
_NEXT_CLAUSE = re.compile(r";|,\s+(?:and|but|while|whereas|as)\s")
# what a supplier sells: "in talks to supply chips for the data center"
_SUPPLY = re.compile(
    rf"\s+(?:to\s+)?(?:{alternation(EN['supply_verbs'])})\s+(?:[\w$.,'’-]+\s+){{0,4}}?"
    rf"(?:{alternation(EN['supplied_goods'])})\b",
    re.IGNORECASE,
)
# "partnered with a utility on its solar power plant": what a joint act is about
_JOINT_ON = re.compile(
    r"\s+(?:(?!to\b|on\b)[\w&.'’-]+\s+){1,5}?on\s+([^,;]{1,120}?)(?=,|;|\s+to\s|\s+and\s|$)"
)


def _others_possessive(masked: str, cue: Cue, hits: list[Hit]) -> bool:
    """Is the cue a noun owned by somebody who is no foreign firm ("praised Korea's plan
    to build", "SK's decision to invest")? Then it is not the sentence's firms' act."""
    start = max(0, cue.start - 40)
    m = _POSSESSOR.search(masked, start, cue.start)
    if m is None:
        return False
    return not any(h.end == m.end(1) and not h.domestic for h in hits)


# what a partnership is for, when it is not a build: "partnered with X to leverage …"
_JOINT_TO = re.compile(
    r"\s+(?:[\w&.'’-]+\s+){0,4}?to\s+(?!(?:jointly\s+)?(?:build|develop|construct|open|"
    r"operate|run|set|establish|invest|launch|create|expand|add|bring|deploy|host)\b)[a-z]+\b"
)


def _supplies(masked: str, cue: Cue) -> bool:
    """Is a commitment or a consideration one to supply goods ("in talks to supply chips")?"""
    return (
        cue.rule.kind in ("commit", "hedge", "action")
        and _SUPPLY.match(masked, cue.end) is not None
    )


def _other_object(masked: str, cue: Cue, lex: Lexicon) -> bool:
    """Does a build or growth verb take something other than a facility as its object
    ("expands customer base", "builds partnerships", "invested in the company"), or a
    partnership something other than a facility ("teamed up with X on a solar plant")?"""
    if cue.rule.joint:
        on = _JOINT_ON.match(masked, cue.end)
        if _JOINT_TO.match(masked, cue.end):
            return True  # "partnered with Equinix to leverage its platform": no build
        return on is not None and not lex.dc_terms["en"].search(on.group(1))
    if cue.rule.kind not in ("action", "open", "expand"):
        return False
    return _OTHER_OBJECT.match(masked, cue.end) is not None


def _nominal(masked: str, cue: Cue, lex: Lexicon) -> bool:
    """Is an -ing action a noun phrase ("establishing a data centre would not resolve …",
    "Building one is not the answer") rather than the clause's verb ("is building")?
    Substitution ("instead of building") keeps it: that is a refusal."""
    if cue.rule.kind not in ("action", "open", "expand"):
        return False
    head = masked[cue.start : cue.end].split()[0]
    if not head.lower().endswith("ing") or lex.en_mod["launch_noun"].match(
        masked[cue.start : cue.end]
    ):
        return False  # "the opening ceremony" is a noun on purpose: an opening held
    before = masked[max(0, cue.start - 30) : cue.start]
    mod = lex.en_mod
    return not (mod["ing_verbs"].search(before) or mod["instead"].search(before))


def _substitution(masked: str, cues: list[Cue], c0: int, c1: int, lex: Lexicon) -> Cue | None:
    """An action of clause [c0, c1) introduced by "instead of" / "rather than"."""
    rx = lex.en_mod["instead"]
    return next(
        (
            c
            for c in cues
            if c0 <= c.start < c1
            and c.rule.kind in ("action", "open", "expand")
            and rx.search(masked[max(c0, c.start - 30) : c.start])
        ),
        None,
    )


def _between(cues: list[Cue], start: int, end: int) -> list[Cue]:
    """The cues starting in [start, end), from a list sorted by start."""
    lo = bisect_left(cues, start, key=lambda c: c.start)
    return cues[lo : bisect_left(cues, end, lo=lo, key=lambda c: c.start)]


def _governing(cues: list[Cue], start: int, c1: int) -> Cue | None:
    inside = _between(cues, start, c1)
    strong = [c for c in inside if not c.rule.weak]
    return (strong or inside or [None])[0]


def analyse(
    sentence: str,
    hits: list[Hit],
    idx: int,
    ctx: ArticleContext,
    lex: Lexicon,
    spans: list[tuple[int, int]],
    location: str | None,
    with_stance: bool = True,
    topic_only: bool = False,
) -> tuple[list[Finding], Subject | None, bool]:
    """Findings for every foreign firm named (or carried into) one English sentence,
    plus the subject to carry on. With `with_stance=False` only roles are read (a
    sentence that is not about a data center)."""
    masked = _mask_relatives(sentence)
    if (d := _DATELINE.match(masked)) is not None and all(h.start >= d.end() for h in hits):
        masked = " " * d.end() + masked[d.end() :]  # the place and date, not a subject
    cues = _cues(masked, lex) if with_stance else []
    # "agreed to supply GPUs for the campus": a supplier, not a builder; from that cue to
    # the end of its clause the sentence tells what is supplied into, and no cue there
    # holds the supplier
    supplied = next((c for c in cues if _supplies(masked, c)), None)
    since = supplied.start if supplied else len(masked)
    clause_end = _NEXT_CLAUSE.search(masked, since)
    until = clause_end.start() if clause_end else len(masked)
    cues = [
        c
        for c in cues
        if not since <= c.start < until
        and not (_nominal(masked, c, lex) or _other_object(masked, c, lex))
        and not _OBSTRUCTED.search(masked, max(0, c.start - 40), c.start)
        and not _others_possessive(masked, c, hits)
    ]
    # "has decided to abandon its plans", "agreed to scrap": the step back is the act
    refusals = [c.start for c in cues if c.rule.kind == "refuse"]
    cues = [
        c
        for c in cues
        if c.rule.kind != "commit" or not any(0 <= r - c.end <= 12 for r in refusals)
    ]
    if lex.en_mod["third_party"].search(masked):
        # "Critics say Google books the profits instead of investing …": their charge
        cues = [c for c in cues if not lex.en_mod["instead"].search(masked[: c.start])]
    if topic_only:  # a headline borrowing its article's topic: generic verbs decide nothing
        cues = [c for c in cues if c.rule.kind not in GENERIC_KINDS]
    # "Google said it plans …, Reuters reported": the firm's own word, the press its channel
    own_word = any(
        not h.domestic and lex.en_mod["own_word"].match(masked[h.end : h.end + 40]) for h in hits
    )
    unrelayed = _mask(masked, lex.en_mod["relayed"]) if own_word else masked
    sentence_mods = {
        "possibility": bool(_POSSIBLY.search(masked)),
        # a question only asks whether ("Will Nvidia build its own data center in Korea?")
        "question": masked.rstrip().rstrip("\"”’'").endswith("?"),
        # "our 20th Region globally" ranks one facility, no worldwide scope
        "global": bool(lex.dc_global["en"].search(_RANKED.sub("", masked))),
        "reported": bool(lex.en_mod["reported"].search(_mask(unrelayed, lex.en_mod["settled"]))),
        "conditional": bool(lex.en_mod["conditional"].search(masked)),
        "headline": idx == 0,
    }
    anaphors = lex.en_mod["anaphors"]
    results: dict[str, Finding] = {}
    reasons: dict[str, str] = {}
    subject: Subject | None = None
    prev_holders: list[tuple[str, str, str]] = []
    seen_roles: list[tuple[Hit, str]] = []
    late: list[tuple[Hit, int]] = []  # a second subject inside a clause, and its clause end
    foreign = [h for h in hits if not h.domestic]
    # everything below is sorted by position, so a clause finds its own firm names and
    # cues by bisection: a sentence with thousands of names stays linear
    hit_starts = [h.start for h in hits]
    cue_reach = list(accumulate((c.end for c in cues), max))  # furthest cue end so far
    cue_starts = [c.start for c in cues]
    for c0, c1 in _clauses(masked, cues, hits):
        inside = hits[bisect_left(hit_starts, c0) : bisect_left(hit_starts, c1)]
        roles = [(h, role_of(masked, h, c0, hits, spans, lex)) for h in inside]
        roles = [
            (
                h,
                "retreat"
                if r not in _OWN_ROLES and _owns_refusal(masked, h, cues, cue_starts)
                else r,
            )
            for h, r in roles
        ]
        seen_roles += roles
        for h, r in roles:
            if r == "target" and not h.domestic:
                ctx.asked = (idx, Subject(h.firm, h.surface))  # answered in the next one
        first_cue = _governing(cues, c0, c1)
        holders, gov_from, bound = [], c0, c1
        # "With data centers already running in Seoul, Oracle is …": the fronted phrase
        # describes the subject that follows it
        fronted = _FRONTED.match(masked[c0 : min((h.start for h, _ in roles), default=c0)])
        front = [
            (h, r)
            for h, r in roles
            if r in HOLDER_ROLES
            and (
                first_cue is None
                or h.start < first_cue.end  # "Construction of AWS's data center began"
                or fronted is not None
                or r == "retreat"  # "analysts compared it with Meta's pullback"
            )
        ]
        if front:
            # "OpenAI, Oracle and SoftBank announced …": the list's last name reads as a
            # speaker before a reporting verb, but it closes the list of subjects
            last = front[-1][0].end
            for h, r in roles:
                gap = masked[last : h.start]
                if r == "speaker" and h.start >= last and _LIST_GAP.fullmatch(gap):
                    front.append((h, "coordinated"))
                    last = h.end
        if front and front[0][1] == "coordinated":
            # "Following Amazon, Microsoft said it will open …": the firm that did it first
            # leads the clause, and the speaker after it says the same
            front += [(h, r) for h, r in roles if r == "speaker" and h.start > front[-1][0].end]
        if front and (not front[0][0].domestic or any(r == "coordinated" for _, r in front)):
            # "SK Group and AWS will jointly build …": a domestic lead shares its predicate
            # with the foreign firms listed beside it
            lead = front[0][0]
            holders = [] if lead.domestic else [(lead.firm, lead.surface, front[0][1])]
            last_end = lead.end
            for h, r in front[1:]:
                # "Google, Microsoft and Amazon operate …": a list shares the predicate
                if r in ("coordinated", "example") or _LIST_GAP.fullmatch(
                    masked[last_end : h.start]
                ):
                    if not h.domestic:
                        kind = "example" if r == "example" else "coordinated"
                        holders.append((h.firm, h.surface, kind))
                    last_end = h.end
            gov_from = lead.end
            # a cue after another firm belongs to that firm ("Nvidia will supply chips for a
            # data center that SK Telecom is building"): search only up to it
            mine = {f for f, _, _ in holders}
            # a speaker after it starts its own clause too ("Tencent shares rose after
            # SoftBank announced …")
            bound = min(
                (
                    h.start
                    for h, r in roles
                    if h.start >= last_end
                    and h.firm not in mine
                    and (r in HOLDER_ROLES or r == "speaker")
                ),
                default=c1,
            )
            # the firm that opens the rest of the clause is read there on its own below
            # ("Nvidia supplies chips for the campus that SoftBank is building")
            late += [
                (h, c1)
                for h, r in roles
                if h.start == bound
                and r in ("subject", "speaker")
                and not h.domestic
                and _OPENS_CLAUSE.search(masked, max(0, h.start - 20), h.start)
            ]
        elif not front:
            speakers = [(h, r) for h, r in roles if r in ("speaker", "person") and not h.domestic]
            listed = [h for h, r in roles if r == "exemplar" and not h.domestic]
            approved = [
                h
                for h, r in roles
                if first_cue is not None
                and first_cue.rule.authority
                and h.start > first_cue.start
                # inside the cue or right after it: "granted X a permit", "approved the X
                # …", "says no to X's data center"
                and (h.end <= first_cue.end or len(masked[first_cue.end : h.start].split()) <= 1)
                and r in ("possessive", "other", "target")
                and not h.domestic
            ]
            if approved:
                # "The county approved Amazon's campus", "regulators granted Google a
                # permit": the firm whose plan an authority approves holds the approval;
                # "Council rejects Google data center": its plan, refused, stands
                kind = "approved" if first_cue.rule.kind == "commit" else "refused"
                holders = [(approved[0].firm, approved[0].surface, kind)]
            elif listed:
                # "Several companies have built data centers in Johor, including Nvidia and
                # AirTrunk": the examples hold what their group does
                holders = [(h.firm, h.surface, "example") for h in listed]
                bound = listed[0].start
            elif speakers:
                # one speaker, or the agents listed after a passive ("built by X and Y")
                last_end, agents = speakers[0][0].end, speakers[:1]
                for h, _ in speakers[1:]:
                    if _LIST_GAP.fullmatch(masked[last_end : h.start]):
                        agents.append((h, "speaker"))
                        last_end = h.end
                holders = [(h.firm, h.surface, "speaker") for h, _ in agents]
                if fronted is not None:  # what they say follows; the opening is background
                    gov_from = speakers[0][0].end
            else:
                # "But it later scrapped the plan": a connective may come before the anaphor
                seg = _OPENING_CONNECTIVE.sub("", masked[c0:c1].lstrip(' ,"“'))
                seg = _TIME_OPENER.sub("", seg)  # "On Tuesday it said …"
                ana = next(
                    (a for a, rx in _anaphor_patterns(anaphors) if rx.match(seg)),
                    None,
                )
                person = (
                    ctx.person(_CAPITALISED.findall(seg[:30])[:2]) if seg[:1].isupper() else None
                )
                if person and _PERSON_SAID.match(seg):
                    holders = [(person.firm, person.surface, "registry")]
                elif ana:
                    base = prev_holders or [
                        (h.firm, h.surface, "x") for h in foreign[:1] if h.start < c0
                    ]
                    if not base and (s := ctx.carried(idx) or ctx.asked_before(idx)):
                        base = [(s.firm, s.surface, "x")]
                    holders = [(f, ana, "anaphor") for f, _, _ in base]
                elif c0 > 0 and prev_holders and starts_with_predicate(seg):
                    holders = prev_holders
        # "Residents oppose the data center Oracle is building": a firm opening a clause
        # on a data-center term holds that clause, whoever holds the sentence
        late += [
            (h, c1)
            for h, r in roles
            if r in ("subject", "speaker")
            and not h.domestic
            and (term := _DC_JUST_BEFORE.search(masked, max(0, h.start - 30), h.start))
            and masked[: term.start()].strip()  # read apart already when the term opens it
            and (h, c1) not in late
        ]
        copied = _follows_suit(masked, c0, c1, inside, results, lex)
        if copied is not None:
            # "Amazon set up its data center in 2016 and Microsoft followed suit": the same
            # stance as the clause before
            results[copied.firm] = copied
            continue
        if holders and subject is None:
            subject = Subject(holders[0][0], holders[0][1])
        prev_holders = holders or prev_holders
        around = _covering(cues, cue_reach, gov_from - 1) if holders else None
        gov = around or _governing(cues, gov_from, bound)
        if gov is not None and holders:
            passive = [
                c
                for c in _between(cues, gov.end, bound)
                if not c.rule.weak
                and _PASSIVE_MAIN.search(masked[max(c0, c.start - 30) : c.start])
                and _PARTICIPLE.match(masked[c.start : c.end])
            ]
            if passive:
                gov = passive[0]
        chosen = _substitution(masked, cues, c0, bound, lex) if holders else None
        if chosen is not None:
            # "Instead of building one here, it will lease capacity": the substitution is
            # the news, never the alternative chosen
            gov = chosen
        if gov is None and fronted is not None and holders:
            # the opening's own cue describes the subject ("With data centers already
            # running in Seoul, Oracle …"), unless it is somebody else's demand
            # ("Despite repeated requests from Seoul, Nvidia said …")
            opening = [c for c in _between(cues, c0, gov_from) if c.rule.kind != "demand"]
            gov = _governing(opening, c0, gov_from)
        if gov is None:
            for f, _, _ in holders:
                reasons.setdefault(f, "no_cue")
            continue
        if (agent := _participle_agent(masked, gov, inside)) is not None and agent.firm not in {
            f for f, _, _ in holders
        }:
            # "toured the data center built by SoftBank": the participle has its own agent
            for f, _, _ in holders:
                reasons.setdefault(f, "not_holder")
            holders = [] if agent.domestic else [(agent.firm, agent.surface, "speaker")]
            if not holders:
                continue
        sig = _signals(masked, gov, c0, lex, sentence_mods)
        if holders and holders[0][2] == "refused" and gov is first_cue:
            sig = replace(sig, refused_by_others=True)
        mine = {f for f, _, _ in holders}
        if gov.rule.kind == "operate" and any(
            r == "possessive" and h.firm not in mine and h.start > gov.start and not h.domestic
            for h, r in roles
        ):
            # "ChatGPT runs on Microsoft Azure data centers": the facility is another foreign
            # firm's, the holder is its customer (leasing from a Korean landlord, as AWS
            # does from SK Broadband, still counts as operating here)
            for f, _, _ in holders:
                reasons.setdefault(f, "not_holder")
            continue
        domestic_lead = bool(front) and front[0][0].domestic
        # "ESR has teamed up with IBM to develop …": a name the registry lacks leads the
        # agreement; its registered partners still hold it
        other_lead = (
            not holders
            and gov is not None
            and gov.rule.joint
            # after an opening phrase, if any ("Three months after …, ESR has teamed up")
            and bool(_OTHER_LEAD.fullmatch(masked[c0 : gov.start].rsplit(",", 1)[-1]))
        )
        # "… will build a data center in Seoul with Microsoft.": a partner named after the
        # build itself, the phrase ending with its name (not "with Nvidia chips")
        joint = any(c.rule.joint for c in _between(cues, c0, c1)) or (
            gov.rule.kind in ("action", "commit")
            and any(
                r == "partner"
                and h.start > gov.start
                and _NAME_ENDS.match(masked, h.end)
                and not _RIVALRY.search(masked, gov.start, h.start)  # "to compete with X"
                for h, r in roles
            )
        )
        if (
            joint
            and (holders or domestic_lead or other_lead)
            and not lex.en_mod["supply"].search(masked[c0:c1])  # a sale binds no one
        ):
            # the other side of an agreement holds it too ("SK Telecom signed a deal with
            # AWS to build …", "OpenAI partnered with Oracle on …")
            holders = holders + [
                (h.firm, h.surface, "partner")
                for h, r in roles
                if r == "partner" and not h.domestic and h.firm not in mine
            ]
        for firm, surf, kind in holders:
            if kind == "example" and sentence_mods["global"]:
                # "giants like Google are building out infrastructure across the world":
                # a trend the firm is cited for, no stance of its own in a place
                reasons.setdefault(firm, "no_cue")
                continue
            s = sig if kind != "expected" else Signals(**{**sig.__dict__, "reported": True})
            stance, strength = decide(gov.rule.kind, s, gov.rule.negated, gov.rule.weak)
            prev = results.get(firm)
            if stance == "mentioned" and prev is not None and prev.stance != "mentioned":
                continue
            results[firm] = Finding(
                firm,
                stance,
                confidence(strength, kind),
                _evidence(sentence, masked, gov, c0, sig.negated),
                surf,
                location if stance != "mentioned" else None,
                describe(gov.rule.kind, s, kind),
            )

    def unread(firm: str) -> bool:
        held = results.get(firm)
        return with_stance and (held is None or held.stance == "mentioned")

    def reread(firm: str, text: str, sub_hits: list[Hit], sub_spans: list) -> None:
        """Read `text` (a clause of this sentence) apart, and keep the firm's stance there
        when the sentence as a whole gave it none."""
        if not (sub_spans and unread(firm)):
            return
        own, _, _ = analyse(text, sub_hits, idx, ctx, lex, sub_spans, location)
        found = next((f for f in own if f.firm == firm), None)
        if found is not None and found.stance != "mentioned":
            results[firm] = found

    # "… catching up to Amazon, which launched a Seoul region in 2016": a relative clause
    # on the firm's name is the firm's own predicate
    for h in foreign:
        if unread(h.firm) and (rel := _relative_on(sentence, h)) is not None:
            start, end = rel
            shift = len(h.surface) + 1 - start
            reread(
                h.firm,
                h.surface + " " + sentence[start:end],
                [Hit(h.firm, h.surface, 0, len(h.surface), False)],
                [(a + shift, b + shift) for a, b in spans if start <= a and b <= end],
            )
    # "the data center (that) SoftBank is building": a firm opening a clause of its own,
    # read from the data-center term the clause relates to
    for h, end in late:
        if not unread(h.firm):
            continue
        start = next((a for a, _ in spans if _DC_BEFORE.fullmatch(masked[a : h.start])), h.start)
        reread(
            h.firm,
            sentence[start:end],
            [
                Hit(x.firm, x.surface, x.start - start, x.end - start, x.domestic)
                for x in hits
                if h.start <= x.start and x.end <= end
            ],
            [(a - start, b - start) for a, b in spans if start <= a and b <= end],
        )
    # "Major banks run their systems in Microsoft's Seoul data centers": the firm's
    # existing facility is a (weak) operating sign
    end_after: list[int] | None = None
    for h, r in seen_roles:
        if (
            r == "possessive"
            and not h.domestic
            and h.firm not in results
            and owns_facility(masked, h, spans)
        ):
            if end_after is None:  # built once, for the first facility
                ordered = sorted(spans)
                span_starts = [s for s, _ in ordered]
                end_after = list(accumulate((e for _, e in reversed(ordered)), min))[::-1]
            k = bisect_right(span_starts, h.end)  # the first term starting after the name
            dc_end = end_after[k] if k < len(end_after) else h.end
            facility = sentence[h.start : dc_end]
            # "Google's data centres abroad" run elsewhere, not where the article is
            if (
                not _PLANNED.search(facility)
                and not sentence_mods["global"]
                and not sentence_mods["question"]  # "What happened to X's data centre?"
                and not _UNBUILT_BEFORE.search(masked, max(0, h.start - 60), h.start)
            ):
                results[h.firm] = Finding(
                    h.firm,
                    "operating",
                    FACILITY_CONFIDENCE,
                    facility,
                    h.surface,
                    location,
                    "its existing facility is named (holder: possessive)",
                )
    findings = gather(
        [(h.firm, h.surface) for h in foreign],
        results,
        lambda firm: reasons.get(firm, "not_holder") if with_stance else "no_datacenter",
    )
    return findings, subject, True


_WHICH = re.compile(r"\s*(?:\([^)]*\))?,\s+(?:which|who)\s+")


_OWN_ROLES = ("contrast", "person", "possessive")
_POSSESSIVE_S = re.compile(r"['’]s ")


_BY = re.compile(r"\s+by\s+")
# what stands right before a firm that opens a clause of its own inside a sentence
_OPENS_CLAUSE = re.compile(
    rf"(?:(?i:\b(?:that|which|after|before|when|while|where|whereas|because|since|as|once|until))|{_DC_HEAD})\s+$"
)
_DC_BEFORE = re.compile(rf"{_DC_HEAD}\s+(?:that\s+|which\s+)?")
_DC_JUST_BEFORE = re.compile(rf"\b{_DC_HEAD}\s+(?:that\s+|which\s+)?$")


def _participle_agent(masked: str, cue: Cue, inside: list[Hit]) -> Hit | None:
    """The firm right after "<participle> by" ("the data center built by SoftBank")."""
    if (m := _BY.match(masked, cue.end)) is None or not _PARTICIPLE.match(
        masked[cue.start : cue.end]
    ):
        return None
    return next((h for h in inside if h.start == m.end()), None)


def _owns_refusal(masked: str, hit: Hit, cues: list[Cue], cue_starts: list[int]) -> bool:
    """Does a refusal cue start right after the firm's possessive ("Microsoft's recent
    delay", "Meta's pullback", "Google's scrapped plan"): its own step back, as a noun?"""
    if not _POSSESSIVE_S.match(masked, hit.end):
        return False
    k = bisect_left(cue_starts, hit.end + 3)
    return k < len(cues) and cues[k].start == hit.end + 3 and cues[k].rule.kind == "refuse"


def _relative_on(sentence: str, hit: Hit) -> tuple[int, int] | None:
    """The span of a non-restrictive relative clause right after a firm's name ("Amazon,
    which launched …"), up to the next comma or the end of the sentence."""
    m = _WHICH.match(sentence, hit.end)
    if m is None:
        return None
    comma = sentence.find(",", m.end())
    return m.end(), comma if comma >= 0 else len(sentence)


def _follows_suit(
    masked: str, c0: int, c1: int, inside: list[Hit], results: dict[str, Finding], lex: Lexicon
) -> Finding | None:
    """A firm that "followed suit" (did the same, did likewise) in clause [c0, c1) takes
    the stance of the firm before it in the sentence."""
    done = [f for f in results.values() if f.stance != "mentioned"]
    match = lex.en_mod["follow_suit"].search(masked, c0, c1)
    if not (done and match):
        return None
    firm = next((h for h in inside if not h.domestic and h.start < match.start()), None)
    if firm is None:
        return None
    last = done[-1]
    return Finding(
        firm.firm,
        last.stance,
        round(last.confidence * 0.9, 4),
        match.group(0),
        firm.surface,
        last.location,
        f"followed suit: the stance of {last.holder} before it",
    )


def _covering(cues: list[Cue], reach: list[int], pos: int) -> Cue | None:
    """The first cue (by start) that covers `pos`; `reach` is the running maximum of the
    cues' ends, so the first cue reaching past `pos` is the only candidate."""
    k = bisect_right(reach, pos)
    return cues[k] if k < len(cues) and cues[k].start <= pos else None


def _evidence(sentence: str, masked: str, cue: Cue, c0: int, negated: bool) -> str:
    """The cue as written, from its negator or modal when one decided the stance:
    "would not build", "not rule out", "may add"."""
    lo = max(c0, cue.start - 40)
    first = _NEGATOR_OR_MODAL.search(masked[lo : cue.start])
    start = lo + first.start() if first else cue.start
    return sentence[start : cue.end].strip()
