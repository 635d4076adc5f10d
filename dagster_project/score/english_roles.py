"""Who a firm is in an English clause, by position and the words around it: subject
(clause-initial, after a dateline or "Alphabet's"), a person of the firm ("a Google
spokesperson", "chief strategy officer at OpenAI"), a speaker ("…," Microsoft said),
the holder of a facility ("AWS's data center"), or only contrast ("unlike Google"),
target ("urged Apple to"), expected ("analysts expect OpenAI to") or object."""

from __future__ import annotations

import functools
import re

from .lexicon import Lexicon
from .registry import Hit
from .words import EN, alternation

_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*|\d+|X")
_LEADING_OK = frozenset(EN["leading_ok"])
# "SEOUL (Meridian Wire) - ", "WASHINGTON, Sept 9 (Reuters) -": not part of the subject
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .,'-]{2,}(?:,[^()\n]{0,20})?(?:\s*\([^)]*\))?\s*[-–—]+\s*")

_X_POSSESSIVE = re.compile(r"X\s*['’]s\b")
_SEGMENT_BREAK = re.compile(
    r"[,:;]|\b(?:that|which|whether|because|while|when|where|whereas|after|since)\b"
    # "It turns out Meta isn't the only one …": an opener whose complement has its own subject
    r"|\b(?i:it (?:turns out|turned out|appears|appeared|seems|seemed|emerged))\b"
)
_COMMA_AFTER = re.compile(r"\s*(?:\([^)]*\))?\s*(?:,|and\b|&)")
_IN_AFTER = re.compile(r"\s+in\s+\w+ing\b")
_X_PAREN = re.compile(r"X\s*\([^()]*\)")
# the preposition before a list of firms that ends right before this one
# "built by X and Y", "owned by X, CyrusOne and Y": names the registry lacks may stand
# between the registered ones
OTHER_NAME = r"(?-i:[A-Z])[\w&.'’-]*(?:\s+(?-i:[A-Z])[\w&.'’-]*){0,3}"
# A data-center term as the head of a noun phrase (also read by english.py)
DC_HEAD = r"(?i:data ?cent(?:er|re)s?|cent(?:er|re)s?|regions?|campus(?:es)?|facilit(?:y|ies))"
_PREP_LIST = re.compile(
    rf"\b(by|with)\s+X(?:\s*,\s*(?:X|{OTHER_NAME}))*\s*(?:,\s*(?:and|or|&)?|and|or|&)\s*$", re.I
)
_SAID_BEFORE = re.compile(r"\b(?:said|says|according to)\s+(?:a|an|the)?\s*$", re.IGNORECASE)
_APOSTROPHE_S = re.compile(r"^(?:'s|’s)")
# a name, then a comma, opening the clause: what follows is in apposition to the name
_APPOSED = re.compile(
    r"\s*(?:The\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,4}\s*,\s*(?:a|an|the)?\s*"
)
_NOUN_PHRASE_GAP = re.compile(r"(?:\s*(?:'s|’s))?((?:\s+[\w-]+){0,4}?)\s+")
_LEADING_APOSTROPHE_S = re.compile(r"^\s*(?:'s|’s)")


def words(text: str) -> list[str]:
    """Lower-cased words of `text` (X stands for another firm name)."""
    return [w.lower() for w in _WORD.findall(text)]


def role_of(
    masked: str, hit: Hit, c0: int, hits: list[Hit], spans: list[tuple[int, int]], lex: Lexicon
) -> str:
    """Role of the firm at `hit` in the clause starting at `c0`: subject, person,
    speaker, possessive, coordinated, expected, contrast, target or other."""
    mod = lex.en_mod
    before = masked[c0 : hit.start]
    for h in hits:  # other firm names read as placeholders
        if c0 <= h.start and h.end <= hit.start:
            s, e = h.start - c0, h.end - c0
            before = before[:s] + "X".ljust(e - s) + before[e:]
    before = _X_POSSESSIVE.sub("X", before)  # "Alphabet's Google": one subject
    before = _X_PAREN.sub("X", before)  # "Google (GOOGL) and X": a ticker or spelling
    before = _X_BACKED.sub("", before)  # "Macquarie-backed AirTrunk": a descriptor
    before = _DATELINE.sub("", before)
    prev = words(before)
    last = " ".join(prev[-3:])
    # a complement or subordinate clause starts its own subject: "Speculation is growing
    # that Apple may build …", "the data center that Oracle operates"
    segment = _SEGMENT_BREAK.split(before)[-1]
    seg_words = words(segment)
    seg_text = " ".join(seg_words)
    if any(seg_text.endswith(w) for w in mod["contrast"]):
        return "contrast"
    if any(s <= hit.start < e for s, e in spans) and all(
        w in _LEADING_OK or w in _NP_WORDS or w.isdigit() for w in seg_words
    ):
        # the name inside the subject's data-center term: "The new AWS region in Seoul
        # launched today", "New Azure regions went live"
        return "possessive"
    rx = _role_patterns(mod["person_titles"], mod["reporting"])
    if rx["title_at"].search(before):
        return "person"  # "…, chief strategy officer at Google Korea, said"
    if owns_facility(masked, hit, spans):
        return "possessive"  # "Construction of AWS's data center …", "Oracle's … data centers"
    if any(last.endswith(v) for v in mod["target_verbs"]):
        return "target"
    if prev and prev[-1] in mod["expect_verbs"]:
        return "expected"
    after = masked[hit.end : hit.end + 60]
    if _OWNED.match(after) and all(w in _LEADING_OK or w.isdigit() for w in seg_words):
        # "Blackstone-owned QTS terminated …": the owner acts through its subsidiary
        return "subject"
    if _BACKED.match(after):
        return "other"  # "Macquarie-backed AirTrunk opened …": the backer acts through another
    if rx["title_after"].match(after):
        return "person"
    if rx["reporting_after"].match(after) or _SAID_BEFORE.search(before):
        return "speaker"
    if (listed := _PREP_LIST.search(before)) is not None:
        # "built by X and Y", "a deal with X, Y and Z": a list item takes its
        # preposition's role, like the list's first name
        before, prev = before[: listed.end(1)] + " ", [listed.group(1).lower()]
    if prev[-1:] == ["by"] and prev[-2:-1] and prev[-2] in EN["act_nouns"]:
        return "subject"  # "the decision by Oracle to abandon plans": the act is Oracle's
    if (backer := _BACKED_BY.search(before)) and not lex.dc_terms["en"].search(
        before[max(0, backer.start() - 30) : backer.start()]
    ):
        return "other"  # "a startup backed by Nvidia plans …": a backer, not the agent
    if prev[-1:] == ["by"] and _PASSIVE.search(before):
        return "speaker"  # the agent of a passive: "will be built in Busan by Microsoft"
    if _APOSTROPHE_S.match(after):
        if _APPOSED.fullmatch(before) and before.split()[0].lower() not in mod["prepositions"]:
            # "Blue Owl Capital, Oracle's biggest financial partner, halted …": the firm
            # describes somebody else, who holds the clause
            return "other"
        # "Oracle's Korean cloud business is served by data centers …": the possessive
        # opens the subject, so the firm holds what the clause says
        if all(w in _LEADING_OK or w.isdigit() for w in seg_words):
            return "possessive"
        return "other"
    if _FROM_TO_BEFORE.fullmatch(before) and _FROM_TO_AFTER.match(masked, hit.end):
        # "From Microsoft to Google, major corporations are setting up …"
        return "example"
    if _EXEMPLAR_FRONT.match(before):
        if any(w in mod["target_verbs"] for w in prev[-9:]):
            return "target"  # "Osaka is courting firms such as Tencent to build …"
        return "example"  # "Tech giants such as Google and Microsoft run …"
    if _EXEMPLAR_TAIL.match(before):
        return "exemplar"  # "Several firms have built data centers there, including Nvidia"
    if seg_text in ("like", "following") and _COMMA_AFTER.match(after):
        # "Like Oracle, IBM is building …", "Following Oracle, IBM opened …": the same act
        return "coordinated"
    if prev[-1:] and prev[-1] in ("joins", "joined", "joining") and _IN_AFTER.match(after):
        return "coordinated"  # "Amazon joins Microsoft in pausing …": both pause
    if " ".join(prev[-2:]) in _CO_AGENT or " ".join(prev[-1:]) in _CO_AGENT:
        return "coordinated"  # "Tencent, together with Apple, will build …": a co-agent
    if "and" in seg_words[-3:-1] and seg_words[-1:] in (["partner"], ["partners"]):
        return "coordinated"  # "Tencent and (its) partner Apple broke ground …"
    if _REDUCED_RELATIVE.search(before) and _VERB_AFTER.match(after):
        # "Residents oppose the data center Oracle is building", "the campus Meta opened
        # last year": a relative clause without "that" opens on its own subject
        return "subject"
    if prev[-1:] == ["with"] or _WITH_DESCRIPTOR.search(before):
        # "signed a deal with AWS", "teamed up with US-based operator STACK": counts only
        # when the clause is an agreement
        return "partner"
    if prev and prev[-1] in mod["prepositions"]:
        return "other"
    if seg_words[-2:-1] == ["x"] and seg_words[-1:] == ["and"]:
        return "coordinated"
    if _NAMES_COMMA.fullmatch(before):
        return "coordinated"  # "SK Group, AWS to jointly build …": a headline's comma is "and"
    if all(w in _LEADING_OK or w.isdigit() for w in seg_words):
        return "subject"
    if _NAME_AND.fullmatch(segment):
        return "coordinated"  # "GIC and Equinix to build …": with a partner not registered
    if _DESCRIPTOR.fullmatch(masked[c0 : hit.start]):
        # "US hyperscale specialist STACK Infrastructure has teamed up …", "pan-Asian data
        # center operator PDG has announced …": a descriptor before the name is no subject
        return "subject"
    return "other"


# Only firm names and commas before the firm: "SK Group, AWS to build …" (the name may
# run on: "SK Group" is "X Group").
_NAMES_COMMA = re.compile(r"\s*(?:X(?:\s+(?-i:[A-Z])[\w&.'’-]*){0,2}\s*,\s*)+")

# A data-center term right before a firm that a verb follows: a relative clause without
# "that" ("the data center Oracle is building").
_REDUCED_RELATIVE = re.compile(rf"\b{DC_HEAD}\s+$")
_VERB_AFTER = re.compile(
    r"\s+(?:(?:is|are|was|were|has|have|had|will|would|plans?|planned|intends?|aims?"
    r"|built|ran|began|bought|chose|set|took|made|broke|won|sold|kept|got)\b"
    r"|[a-z]+ed\b|[a-z]{2,}s\b)"
)

# A firm named as the backer or owner of another: "Macquarie-backed", "SoftBank-owned".
_BACKED = re.compile(r"[-‑](?:backed|owned|led|funded|controlled|financed|supported)\b")
_OWNED = re.compile(r"[-‑](?:owned|controlled)\s+(?:[A-Z][\w&.'’-]*\s+){1,3}")
_X_BACKED = re.compile(r"X\s*[-‑](?:backed|owned|led|funded|controlled|financed|supported)\s+")

# A name the registry does not know, then "and", opening the clause ("GIC and ").
_NAME_AND = re.compile(r"\s*(?:[A-Z][\w&.'’-]*\s+){1,3}and\s+")

# "with" and a descriptor right before the name: "with US-based operator", "with cloud giant"
_WITH_DESCRIPTOR = re.compile(
    rf"\bwith\s+(?:(?:the|a|an|its|their)\s+)?(?:[\w'’.-]+\s+){{0,3}}?"
    rf"(?:{alternation(EN['descriptor_heads'])})\s+$",
    re.IGNORECASE,
)
# A descriptor that opens a sentence before the firm's name, ending on its head noun.
_DESCRIPTOR = re.compile(
    rf"\s*(?:(?:the|a|an)\s+)?(?:[\w'’.-]+\s+){{0,5}}?(?:{alternation(EN['descriptor_heads'])})\s+",
    re.IGNORECASE,
)


# A plural group and the firms listed as its examples: before the verb the firms are the
# subject ("Tech giants such as X and Y run …"); after it ("Several companies have built
# data centers in Johor, including X, GDS and Y") they hold the clause's predicate too.
_NAME = r"(?:X|[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})"  # a firm, registered (X) or not
_LISTED = rf"(?:{_NAME}\s*(?:\([^)]*\))?\s*(?:,\s*and|,|and|&)\s*)*"
_GROUP = rf"(?i:(?:[\w'’.-]+\s+){{0,5}}?(?:{alternation(EN['group_nouns'])}))"
_MARKER = rf"(?i:{alternation(EN['exemplar_markers'])})"
_FROM_TO_BEFORE = re.compile(r"\s*(?i:from)\s+(?:X\s+to\s+)?")
_FROM_TO_AFTER = re.compile(rf"(?:\s+to\s+{_NAME.replace('X|', '')})?\s*,\s*{_GROUP}")
_SPELLED = r"(?:[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3}\s*\(\s*)?"  # "Princeton Digital Group (PDG"
# a subordinate clause may open the group: "… underscores how giants like X and Y are …"
_SUBORDINATE = r"(?:.*\b(?i:how|that|as|while|because|since|when|where|with)\s+)?"
_EXEMPLAR_FRONT = re.compile(rf"{_SUBORDINATE}\s*{_GROUP}\s*,?\s*{_MARKER}\s+{_LISTED}{_SPELLED}$")
_EXEMPLAR_TAIL = re.compile(rf"\s*{_GROUP}\b[^,;]*,\s*{_MARKER}\s+{_LISTED}{_SPELLED}$")


# Words that may stand between a firm's possessive and its facility: "AWS's Ulsan data
# center", "Oracle's two Korean data centers" (proper nouns and numbers pass too).
_NP_WORDS = frozenset(EN["np_words"])
_CO_AGENT = frozenset(EN["co_agent_before"])


def owns_facility(masked: str, hit: Hit, spans: list[tuple[int, int]]) -> bool:
    """Does the firm own a data-center term in the same noun phrase: "AWS's Ulsan data
    center", "Oracle's two Korean data centers", "the AWS Seoul region" (not "Google's
    shares fell after the data center news")?"""
    tail = masked[hit.end :]
    m = _NOUN_PHRASE_GAP.match(tail)
    for s, _ in spans:
        if not masked[s : s + 1].strip():
            continue  # inside a masked relative clause: ", which has no data center,"
        if hit.end < s <= hit.end + 45:
            gap = masked[hit.end : s]
            gap = _LEADING_APOSTROPHE_S.sub("", gap)
            toks = gap.split()
            return (
                m is not None
                and len(toks) <= 4
                and all(t[0].isupper() or t.isdigit() or t.lower() in _NP_WORDS for t in toks)
            )
    return False


_PASSIVE = re.compile(
    r"\b(?:(?:be|been|being|is|are|was|were)\s+(?:\w+\s+)?)?(?:built|run|operated|opened|"
    r"launched|developed|constructed|scrapped|shelved|cancel+ed|planned|proposed|considered|"
    r"backed|owned|funded)\b",
    re.IGNORECASE,
)
_BACKED_BY = re.compile(r"\b(?:backed|funded|financed|supported|founded|bankrolled)\s+by\s+$")
_DETERMINERS = frozenset(EN["determiners"])


def starts_with_predicate(segment: str) -> bool:
    """Does a clause start with its verb ("… but eventually dropped the idea"), so that
    it shares the subject of the clause before?"""
    toks = [w for w in _WORD.findall(segment) if not w.lower().endswith("ly")]
    return bool(toks) and toks[0][0].islower() and toks[0].lower() not in _DETERMINERS


@functools.cache
def _role_patterns(
    titles: tuple[str, ...], reporting: tuple[str, ...]
) -> dict[str, re.Pattern[str]]:
    """Role regexes built from the lexicon lists once, not per firm mention."""
    t = "|".join(re.escape(x) for x in titles)
    r = "|".join(re.escape(x) for x in reporting)
    return {
        "title_at": re.compile(rf"\b(?:{t})s?\s+(?:at|of|for)\s*$", re.IGNORECASE),
        "title_after": re.compile(
            rf"^(?:'s|’s)?\s+(?:[A-Za-z-]+\s+){{0,2}}?(?:{t})s?\b", re.IGNORECASE
        ),
        "reporting_after": re.compile(rf"^\s+(?:{r})\b"),
    }
