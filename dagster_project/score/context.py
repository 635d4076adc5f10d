"""What one sentence passes to the next inside an article: the running subject and the
people already tied to a firm.

Korean news leaves the subject out when it stays the same ("오라클이 … 발표했다. 아울러 …
검토 중이라고 전했다."), and names a spokesperson once in full before using a short
form ("김민수 엔비디아 아시아 총괄(VP)" … "김 VP는 …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .registry import Hit
from .rules import MENTION_CONFIDENCE, MENTION_WHY
from .words import KO

# Words that precede a name-like token without being a name.
_NOT_NAMES = KO["not_names"]
_TITLE_TAIL = re.compile(r"[은는이가도의]$")
_KO_NAME = re.compile(r"[\uac00-\ud7a3]{1,4}")
_ABBR = re.compile(r"\(([A-Za-z]{2,6})\)")
_EN_PERSON_BEFORE = re.compile(r"([A-Z][a-z]+(?: [A-Z]\.)?(?: [A-Z][a-z]+)+),\s*$")
# "Tom Whitaker, chief strategy officer at OpenAI"
_EN_PERSON_TITLE_AT = re.compile(
    r"([A-Z][a-z]+(?: [A-Z][a-z]+)+),\s+(?:[A-Za-z-]+\s+){1,5}?(?:at|of|for)\s*$"
)
_EN_PERSON_AFTER = re.compile(r"^(?:'s)?\s+(?:[a-z]+\s+){1,5}?([A-Z][a-z]+(?: [A-Z][a-z]+)+)")


@dataclass
class Finding:
    """A firm's stance in one sentence."""

    firm: str
    stance: str
    confidence: float
    evidence: str
    holder: str | None
    location: str | None = None
    why: str = ""  # how the stance was read: cue kind, holder, modality, tense (for explain)


def plain_mention(firm: str, surface: str, reason: str) -> Finding:
    """A firm named without a data-center stance of its own, and why (`MENTION_WHY`)."""
    return Finding(
        firm, "mentioned", MENTION_CONFIDENCE[reason], surface, None, None, MENTION_WHY[reason]
    )


def gather(named: list[tuple[str, str]], results: dict[str, Finding], reason_of) -> list[Finding]:
    """One finding per firm named in a sentence, in order of appearance: its stance from
    `results`, else a plain mention with `reason_of(firm)`; then the stances of firms held
    without being named (a carried subject, an anaphor)."""
    findings: list[Finding] = []
    for firm, surface in named:
        if any(f.firm == firm for f in findings):
            continue
        found = results.pop(firm, None)
        findings.append(found or plain_mention(firm, surface, reason_of(firm)))
    return findings + [f for f in results.values() if f.stance != "mentioned"]


@dataclass(frozen=True)
class Subject:
    """The firm a sentence is about, and how it was written."""

    firm: str
    surface: str


@dataclass
class ArticleContext:
    """Running state while the sentences of one article are read in order."""

    prev_idx: int | None = None
    subject: Subject | None = None
    topic: Subject | None = None  # the first firm the article makes its subject
    persons: dict[str, Subject] = field(default_factory=dict)
    # the firm somebody asked something of, and in which sentence ("Seoul asked Google to
    # build one here."): "The company declined." right after it is that firm's answer
    asked: tuple[int, Subject] | None = None

    def carried(self, idx: int) -> Subject | None:
        """The subject of the sentence right before `idx`, if that one was read."""
        return self.subject if self.prev_idx == idx - 1 else None

    def asked_before(self, idx: int) -> Subject | None:
        """The firm a request in the sentence right before `idx` was made of."""
        return self.asked[1] if self.asked is not None and self.asked[0] == idx - 1 else None

    def advance(self, idx: int, subject: Subject | None, had_subject: bool) -> None:
        """Move to sentence `idx`: a new firm subject replaces the old one, another
        explicit subject ends it, no subject at all keeps it (the topic continues)."""
        if self.prev_idx != idx - 1:
            self.subject = None
        if subject is not None:
            self.subject = subject
            self.topic = self.topic or subject
        elif had_subject:
            self.subject = None
        self.prev_idx = idx

    def person(self, words: list[str]) -> Subject | None:
        """The firm of a person already named in the article, by any of `words`."""
        for w in words:
            if w in self.persons:
                return self.persons[w]
        return None

    def register_persons(
        self, sentence: str, hits: list[Hit], titles: tuple[str, ...], lang: str
    ) -> None:
        """Remember people introduced with their firm ("김민수 엔비디아 아시아 총괄(VP)",
        "Tom Park, OpenAI's head of infrastructure") so later short forms resolve."""
        for hit in hits:
            if hit.domestic:
                continue
            subject = Subject(hit.firm, hit.surface)
            if lang == "ko":
                self._register_ko(sentence, hit, subject, titles)
            else:
                self._register_en(sentence, hit, subject)

    def _register_ko(
        self, sentence: str, hit: Hit, subject: Subject, titles: tuple[str, ...]
    ) -> None:
        after = sentence[hit.end : hit.end + 40].split()[:3]
        abbrs = _ABBR.findall(" ".join(after))
        words = [_TITLE_TAIL.sub("", _ABBR.sub("", w)) for w in after]
        if not any(w.endswith(titles) for w in words):  # str.endswith takes a tuple
            return
        before = sentence[: hit.start].split()[-2:]
        names = [w for w in before if _KO_NAME.fullmatch(w) and w not in _NOT_NAMES]
        if not names:
            return
        for key in names + abbrs:
            self.persons[key] = subject

    def _register_en(self, sentence: str, hit: Hit, subject: Subject) -> None:
        before = _EN_PERSON_BEFORE.search(sentence[: hit.start])
        title_at = _EN_PERSON_TITLE_AT.search(sentence[max(0, hit.start - 120) : hit.start])
        after = _EN_PERSON_AFTER.match(sentence[hit.end : hit.end + 80])
        for m in (before, title_at, after):
            if m:
                parts = m.group(1).split()
                self.persons[parts[-1]] = subject
                self.persons[m.group(1)] = subject
