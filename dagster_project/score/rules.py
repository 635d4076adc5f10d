"""How a cue, its negation and its modality become a stance, and how sure we are.

Both languages find the same things (a holder, a governing cue, negation, tense and
modality) and hand them to `decide`, so the meaning of a cue kind lives here only.
"""

from __future__ import annotations

from dataclasses import dataclass

STANCES = ("committed", "considering", "declined", "operating", "mentioned")

# Weight of each stance; marts sum them into a "net commitment score".
STANCE_WEIGHTS = {
    "committed": 1.0,
    "operating": 0.75,
    "considering": 0.5,
    "mentioned": 0.0,
    "declined": -1.0,
}

# Tie-break when two mentions of a firm in an article are equally confident: a
# refusal or a commitment is the news, an operating/considering remark less so.
STANCE_PRIORITY = ("declined", "committed", "operating", "considering", "mentioned")

# Verbs that need a data-center object to mean anything here (build, invest, expand): in a
# headline that only borrows its article's topic ("엔비디아, 국내 칩 업계와 협력 확대")
# they decide nothing.
GENERIC_KINDS = ("action", "expand")

# kind -> (stance as stated, stance when negated)
KIND_STANCES = {
    # negated decisions are undecided ("has not decided", `negated: considering` in the cue
    # files); other negated commitments are refusals ("구축에 나서지 않겠다")
    "commit": ("committed", "declined"),
    "action": ("committed", "declined"),  # "짓지 않겠다", "would not build"
    "open": ("committed", "declined"),
    "expand": ("committed", "declined"),
    "hedge": ("considering", "declined"),  # "is not considering"
    "refuse": ("declined", "considering"),  # "did not rule out"
    # a build given up for something else ("설립 대신 … 택했다"): the news of its clause
    "substitute": ("declined", "declined"),
    "operate": ("operating", "mentioned"),  # not running one is not a refusal
    "accept": ("committed", "declined"),  # "제안을 받아들이지 않았다"
    "nocomment": ("mentioned", "mentioned"),
    "demand": ("mentioned", "mentioned"),
    # what makes a place good for a facility ("Korea's advantages in hosting AI data
    # centers"): said about the place, not a move of the firm that says it
    "quality": ("mentioned", "mentioned"),
}

# How much a kind of cue says on its own.
KIND_STRENGTH = {
    "commit": 1.0,
    "refuse": 1.0,
    "substitute": 1.0,
    "operate": 0.95,
    "open": 0.95,
    "expand": 0.9,
    "action": 0.9,
    "hedge": 0.9,
    "accept": 0.9,
    "nocomment": 0.9,
    "demand": 0.9,
    "quality": 0.9,
}

# A future operation ("will run", "2027년 가동 목표") is a commitment the build verbs
# state more firmly.
OPERATE_FUTURE_FACTOR = 0.9

# Headlines are compressed ("구글, 데이터센터 ‘부정적’"); a title row counts a little less
# than the body sentences that say the same in full.
TITLE_FACTOR = 0.9

# Background ("had long refused", "그동안 선을 그어 왔다") is history; the article's news
# (a new statement) should win over it.
BACKGROUND_FACTOR = 0.8

# How sure we are that the stance belongs to this firm, by how the holder was found.
HOLDER_WEIGHT = {
    "subject": 0.95,  # 구글은 …, Google has …
    "coordinated": 0.9,  # AWS와 SK텔레콤은 …, Nvidia and SK Telecom …
    # named as an example of a group: "giants such as Google run …", "MS 등 업체들은 …";
    # holds the group's predicate, unless the sentence is about the whole world
    "example": 0.85,
    "person": 0.9,  # 오라클 관계자는 …, OpenAI's chief strategy officer said …
    "speaker": 0.85,  # "…," Microsoft said
    "headline": 0.85,  # 오픈AI "데이터센터 고려"
    "anaphor": 0.85,  # 회사는 …, The company …
    "registry": 0.85,  # 권 CSO는 … (named earlier as OpenAI's CSO)
    "possessive": 0.85,  # IBM's Pangyo data center serves …
    "retreat": 0.85,  # Microsoft's recent delay, Meta's pullback
    # the left-out subject of a modifier clause before the name: "철회한 구글은 …"
    "modified": 0.8,
    "carried": 0.8,  # subject left out, carried over from the previous sentence
    "expected": 0.7,  # Analysts expect OpenAI to …
    "partner": 0.8,  # SK텔레콤은 AWS와 … 계약을 체결했다; SK Telecom signed a deal with AWS
    "topic": 0.7,  # no subject at all: the firm the article is about
}

# "Major banks run their systems in Microsoft's Seoul data centers": a firm's facility
# named as existing, with no verb of the firm's own, is a weak sign of operation.
FACILITY_CONFIDENCE = 0.55

# Confidence of a plain mention, by why it got no stance.
MENTION_CONFIDENCE = {
    "no_datacenter": 0.95,  # the sentence is not about a data center at all
    "not_holder": 0.85,  # somebody else holds the stance (demand target, contrast, object)
    "no_cue": 0.6,  # holder of a data-center sentence without a recognised cue
}


@dataclass(frozen=True)
class Signals:
    """What surrounds the governing cue."""

    negated: bool = False
    past: bool = False
    future: bool = False
    possibility: bool = False
    reported: bool = False
    conditional: bool = False
    obligation: bool = False
    negated_complement: bool = False  # decided / agreed not to do it
    operate_future: bool = False  # "2026년 가동 목표", "will operate": not running yet
    background: bool = False  # "그동안 … 선을 그어 왔다", "had long refused": history, not news
    question: bool = False  # "데이터센터 설립할까", "Will OpenAI build one here?": only asks
    global_scope: bool = False  # "runs 270 data centers in 37 countries": no place of its own
    completed_build: bool = False  # a completed build: "set up its data center in 2016", "지었다"
    counterfactual: bool = False  # "a site that would have hosted …": it did not happen
    hypothetical: bool = False  # the cue itself is a condition: "짓는다면", "어려우면"
    rescheduled: bool = False  # a delay to a new date: "2028년으로 미뤄졌다", still a build
    outage: bool = False  # a halt from an outage: "장애로 서비스 중단", the facility runs
    refused_by_others: bool = False  # "its proposal was denied", "신청이 반려됐다": a plan stands


def decide(
    kind: str, signals: Signals, negated_override: str | None = None, weak: bool = False
) -> tuple[str, float]:
    """Stance and strength (0..1) of a governing cue of `kind` under `signals`.

    Negation flips the cue to its negated stance; an `open` cue in the past tense
    means the facility already runs; a wish of somebody else ("…해야 한다", "asked to")
    is nobody's stance; a commitment that is only possible, reported or conditional
    is a consideration.
    """
    stated, negated = KIND_STANCES[kind]
    if negated_override and signals.negated:
        negated = negated_override
    stance = negated if signals.negated else stated
    strength = KIND_STRENGTH[kind] * (0.8 if weak else 1.0) * (0.95 if signals.negated else 1.0)
    if signals.negated_complement and not signals.negated:
        return "declined", strength
    if kind == "operate" and not signals.negated and signals.operate_future:
        # "will run it from 2027": committed, but weaker than a verb of building, so an
        # opening told beside it ("opened … and will employ 30 staff to run it") decides
        stance, strength = "committed", strength * OPERATE_FUTURE_FACTOR
    if kind in ("open", "expand") and not signals.negated and signals.past and not signals.future:
        stance = "operating"
    if signals.obligation:
        return "mentioned", 0.8
    if signals.question or signals.counterfactual:
        # a question nobody answers here ("Will OpenAI build a data center in Korea?")
        return "mentioned", 0.7
    if kind == "operate" and signals.global_scope and not signals.negated:
        return "mentioned", 0.7
    if kind == "action" and signals.completed_build and not (signals.negated or signals.future):
        # a completed build is a facility that runs now
        stance = "operating"
    if stance == "operating" and signals.conditional:
        # "if it wants to run its services here …": a condition, not a running facility
        return "mentioned", 0.8
    if signals.hypothetical and stance == "declined":
        # "구축이 어려우면 임대한다": a refusal only under a condition is nobody's refusal
        return "mentioned", 0.8
    if signals.background and kind != "operate":
        # a stance recalled as background counts less than the news of the article
        strength *= BACKGROUND_FACTOR
    if stance == "declined" and signals.rescheduled:
        stance = "committed"  # a schedule moved, no retreat
    elif stance == "declined" and signals.outage:
        stance = "operating"  # a service halted by an outage runs a facility
    elif stance == "declined" and signals.refused_by_others:
        # an authority refused the firm's plan: the firm still wants it
        stance, strength = "considering", strength * 0.9
    if stance == "committed" and (signals.possibility or signals.reported or signals.conditional):
        stance, strength = "considering", strength * 0.9
    return stance, strength


def confidence(strength: float, holder_kind: str) -> float:
    """Confidence of a stance row: cue strength times how the holder was attributed."""
    return round(strength * HOLDER_WEIGHT.get(holder_kind, 0.7), 4)


# What `describe` says about each reason a firm got no stance of its own.
MENTION_WHY = {
    "no_datacenter": "the sentence is not about a data center",
    "not_holder": "the firm does not hold the sentence's verb (target, contrast, object)",
    "no_cue": "a data-center sentence without a stance verb for the firm",
}
_FLAGS = (
    ("negated", "negated"),
    ("negated_complement", "decided not to"),
    ("past", "past"),
    ("future", "future"),
    ("possibility", "possibility"),
    ("reported", "reported"),
    ("conditional", "conditional"),
    ("obligation", "somebody else's demand"),
    ("question", "question"),
    ("counterfactual", "did not happen"),
    ("background", "background"),
    ("global_scope", "worldwide, not a place"),
    ("completed_build", "completed build: runs now"),
    ("rescheduled", "moved to a new date"),
    ("refused_by_others", "refused by an authority, the firm's plan stands"),
    ("outage", "an outage"),
    ("operate_future", "not running yet"),
)


_KIND_WORDS = {
    "commit": "a commitment",
    "action": "a build or investment",
    "open": "an opening",
    "expand": "an expansion",
    "hedge": "a consideration",
    "refuse": "a refusal",
    "substitute": "a build replaced by something else",
    "operate": "an operation",
    "accept": "an acceptance",
    "nocomment": "no comment",
    "demand": "somebody's demand",
    "quality": "a place's qualities",
}


def describe(kind: str, signals: Signals, holder_kind: str) -> str:
    """How a stance was read, in words: "a refusal · held as subject · negated, past"."""
    flags = [
        text
        for name, text in _FLAGS
        if getattr(signals, name) and (name != "global_scope" or kind == "operate")
    ]
    head = f"{_KIND_WORDS.get(kind, kind)} · held as {holder_kind}"
    return head + (f" · {', '.join(flags)}" if flags else "")
