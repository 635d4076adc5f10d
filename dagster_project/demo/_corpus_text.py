"""Sentence templates, firm names with Korean particles, and the corpus self-check."""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

# ---------------------------------------------------------------------------
# Korean particles: the form depends on whether the word ends in a consonant.

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL = 8  # final ㄹ takes 로, not 으로
# Final consonant of how a trailing Latin letter or digit is read aloud.
_READ_FINAL = {
    "L": _RIEUL,
    "M": 16,
    "N": 4,
    "R": _RIEUL,
    "0": 21,
    "1": _RIEUL,
    "3": 16,
    "6": 1,
    "7": _RIEUL,
    "8": _RIEUL,
}
_PAIRS = {
    "은": ("은", "는"),
    "는": ("은", "는"),
    "이": ("이", "가"),
    "가": ("이", "가"),
    "과": ("과", "와"),
    "와": ("과", "와"),
    "을": ("을", "를"),
    "를": ("을", "를"),
}


def final_consonant(word: str) -> int:
    """Index of the final consonant (jongseong) of the word as read; 0 if it ends in a vowel."""
    core = re.sub(r"\([^)]*\)$", "", word).rstrip()
    last = core[-1]
    if _HANGUL_FIRST <= ord(last) <= _HANGUL_LAST:
        return (ord(last) - _HANGUL_FIRST) % 28
    return _READ_FINAL.get(last.upper(), 0)


def attach(word: str, particle: str) -> str:
    """``word`` followed by the right form of ``particle`` (은/는, 이/가, 과/와, 을/를, 으로/로)."""
    if particle in _PAIRS:
        with_final, without = _PAIRS[particle]
        return word + (with_final if final_consonant(word) else without)
    if particle in ("으로", "로"):
        fc = final_consonant(word)
        return word + ("으로" if fc and fc != _RIEUL else "로")
    return word + particle


class Word:
    """A slot value; ``{x:은}`` attaches a Korean particle, ``{x:s}`` an English possessive."""

    def __init__(self, surface: str, lang: str):
        self.surface = surface
        self.lang = lang

    def current(self) -> str:
        return self.surface

    def __format__(self, spec: str) -> str:
        word = self.current()
        if self.lang == "en":
            return word + ("'s" if spec == "s" else "")
        return attach(word, spec) if spec else word


FIRM_NAMES = {
    # firm: (Korean first mention, Korean later), (English first, English later)
    "google": (("구글", "구글"), ("Google", "Google")),
    "openai": (("오픈AI", "오픈AI"), ("OpenAI", "OpenAI")),
    "microsoft": (("마이크로소프트(MS)", "MS"), ("Microsoft", "Microsoft")),
    "amazon": (("아마존웹서비스(AWS)", "AWS"), ("Amazon Web Services (AWS)", "AWS")),
    "meta": (("메타", "메타"), ("Meta", "Meta")),
    "oracle": (("오라클", "오라클"), ("Oracle", "Oracle")),
    "anthropic": (("앤트로픽", "앤트로픽"), ("Anthropic", "Anthropic")),
    "nvidia": (("엔비디아", "엔비디아"), ("Nvidia", "Nvidia")),
    "apple": (("애플", "애플"), ("Apple", "Apple")),
}
SHORT = {
    "ko": {f: n[0][1] for f, n in FIRM_NAMES.items()},
    "en": {f: n[1][1] for f, n in FIRM_NAMES.items()},
}
SHORT["en"]["amazon"] = "AWS"
ORGS = {
    "google": ("구글코리아", "Google Korea"),
    "openai": ("오픈AI 코리아", "OpenAI"),
    "microsoft": ("한국마이크로소프트", "Microsoft Korea"),
    "amazon": ("AWS코리아", "AWS Korea"),
    "meta": ("메타", "Meta"),
    "oracle": ("한국오라클", "Oracle Korea"),
    "anthropic": ("앤트로픽", "Anthropic"),
    "nvidia": ("엔비디아코리아", "Nvidia"),
    "apple": ("애플코리아", "Apple Korea"),
}


def short_name(firm: str, lang: str) -> str:
    """The name a headline uses."""
    return SHORT[lang][firm]


def org_name(firm: str, lang: str) -> str:
    """The local unit a spokesperson speaks for."""
    return ORGS[firm][0 if lang == "ko" else 1]


class FirmRef(Word):
    """A firm named in one article: the long form first, the short form after."""

    def __init__(self, firm: str, lang: str, rng: random.Random):
        (ko_first, ko_later), (en_first, en_later) = FIRM_NAMES[firm]
        first, later = (ko_first, ko_later) if lang == "ko" else (en_first, en_later)
        if firm == "openai" and lang == "ko" and rng.random() < 0.06:
            first = later = "오픈 AI"  # some desks write it with a space
        super().__init__(first, lang)
        self.firm = firm
        self.later = later
        self.seen = False

    def current(self) -> str:
        word = self.later if self.seen else self.surface
        self.seen = True
        return word

    def __format__(self, spec: str) -> str:
        if self.lang == "en" and spec == "s":
            self.seen = True
            return self.later + "'s"
        return super().__format__(spec)


# ---------------------------------------------------------------------------
# Templates


@dataclass(frozen=True)
class Template:
    text: str
    flags: frozenset[str]
    neutral: bool  # the sentence states no data-center stance of its own
    title: str | None = None  # headline for a story this sentence leads

    @property
    def slots(self) -> frozenset[str]:
        return frozenset(name for _, name, _, _ in string.Formatter().parse(self.text) if name)

    def render(self, **values: object) -> str:
        return self.text.format(**values)


def load_phrases(path: Path) -> dict[str, list[Template]]:
    """Read a phrase file: ``## section`` headers, one template per line."""
    sections: dict[str, list[Template]] = {}
    current: list[Template] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or (line.startswith("#") and not line.startswith("##")):
            continue
        if line.startswith("## "):
            current = sections.setdefault(line[3:].strip(), [])
            continue
        flags: frozenset[str] = frozenset()
        m = re.match(r"\[([a-z,]+)\]\s*", line)
        if m:
            flags = frozenset(m.group(1).split(","))
            line = line[m.end() :]
        neutral = line.startswith("~")
        line, _, title = line.lstrip("~").partition(" || ")
        assert current is not None, f"{path}: template before any section"
        current.append(Template(line.strip(), flags, neutral, title.strip() or None))
    return sections


PREFIXES = {
    "ko": {
        s: ["", "", "한편 "]
        for s in ("committed", "considering", "declined", "operating", "mentioned")
    },
    "en": {
        "committed": ["", "Separately, ", "Meanwhile, "],
        "considering": ["", "Meanwhile, "],
        "declined": ["", "Meanwhile, "],
        "operating": ["", "Meanwhile, "],
        "mentioned": ["", "Separately, ", "Meanwhile, "],
    },
}
# Sentence openers that are ordinary words (not names), lowercased after a connective.
_COMMON_OPENERS = {
    "A",
    "After",
    "An",
    "Both",
    "Construction",
    "Having",
    "In",
    "Industry",
    "Under",
    "Unlike",
    "While",
    "With",
    "The",
}


def with_prefix(prefix: str, sentence: str, lang: str) -> str:
    """Join a connective ("Meanwhile, ", "한편 ") to a sentence."""
    if not prefix:
        return sentence
    if lang == "en" and sentence.split(" ", 1)[0].rstrip(",") in _COMMON_OPENERS:
        sentence = sentence[0].lower() + sentence[1:]
    return prefix + sentence


class People:
    """Invented spokespeople."""

    KO = [
        "이준서",
        "김도하",
        "박서율",
        "최윤재",
        "정하은",
        "한시우",
        "윤채린",
        "장민호",
        "오지유",
        "강태린",
        "임소율",
        "서은호",
        "배준영",
        "신아린",
        "노건우",
    ]
    EN = [
        "Daniel Hartley",
        "Priya Raman",
        "Marcus Feld",
        "Elena Sorensen",
        "Tom Whitaker",
        "Hannah Brooks",
        "Lee Jun-seo",
        "Kim Do-ha",
        "Park Seo-yul",
        "Choi Yoon-jae",
        "Grace Liu",
        "Ravi Menon",
    ]
    ROLES_KO = [
        "대외협력 총괄",
        "홍보 총괄",
        "대표",
        "부사장",
        "전략 담당 부사장",
        "클라우드사업 본부장",
        "아태지역 인프라 담당 상무",
        "정책 담당 전무",
    ]
    ROLES_EN = [
        "head of public affairs",
        "country manager",
        "vice president for Asia-Pacific infrastructure",
        "chief strategy officer",
        "communications lead",
        "head of cloud business",
    ]

    def spokesperson(self, lang: str, rng: random.Random) -> tuple[str, str]:
        if lang == "ko":
            return rng.choice(self.KO), rng.choice(self.ROLES_KO)
        return rng.choice(self.EN), rng.choice(self.ROLES_EN)


STOCK_CAPTIONS = [
    "서버 랙이 늘어선 데이터센터 내부 모습.",
    "데이터센터 냉각 설비를 점검하는 직원들.",
    "변전소와 송전탑이 들어선 산업단지 전경.",
    "AI 반도체가 장착된 서버 보드.",
]


def caption(
    firm: str,
    lang: str,
    published: datetime,
    rng: random.Random,
    speaker: tuple[str, str] | None,
) -> str:
    """A photo caption: the article's spokesperson if one is quoted, else a stock photo."""
    if speaker is None:
        return rng.choice(STOCK_CAPTIONS) + " 자료사진"
    person, role = speaker
    if lang != "ko":
        return f"{person}, {role} at {org_name(firm, lang)}, speaks at a briefing in Seoul."
    venue = rng.choice(["서울 중구", "서울 강남구", "서울 영등포구", "서울 광화문"])
    who = attach(f"{person} {org_name(firm, lang)} {role}", "이")
    return f"{who} {published.day}일 {venue}에서 열린 간담회에서 발언하고 있다."


# ---------------------------------------------------------------------------
# Self-check: every sentence names exactly the firms it is tagged with.

MENTION_PATTERNS = {
    "google": r"구글|유튜브|제미나이|Google|YouTube|Gemini",
    "openai": r"오픈\s?AI|챗GPT|OpenAI|ChatGPT",
    "microsoft": r"마이크로소프트|(?<![A-Za-z])MS(?![A-Za-z])|코파일럿|애저"
    r"|Microsoft|Copilot|Azure",
    "amazon": r"아마존|(?<![A-Za-z])AWS(?![A-Za-z])|Amazon",
    "meta": r"메타(?!버스|데이터)|\bMeta\b",
    "oracle": r"오라클|\bOracle\b",
    "anthropic": r"앤트로픽|클로드|Anthropic|Claude",
    "nvidia": r"엔비디아|Nvidia|NVIDIA",
    "apple": r"애플(?!리케이션)|\bApple\b",
    "ibm": r"\bIBM\b",
}


def firms_named(sentence: str) -> set[str]:
    """Firms whose names occur in a sentence, by the generator's own alias list."""
    return {f for f, pat in MENTION_PATTERNS.items() if re.search(pat, sentence)}


def check_article(art) -> None:  # noqa: ANN001 - build_demo.Article
    """Fail the build if a sentence names a firm it is not tagged with, or vice versa."""
    for para in art.paragraphs:
        for s in para:
            named = firms_named(s.text)
            if named != set(s.tags):
                raise ValueError(
                    f"{art.title!r}: {s.text!r} names {sorted(named)}, tagged {s.tags}"
                )
            if any(ch in s.text for ch in "&<>"):
                raise ValueError(f"markup character in {s.text!r}")
    texts = [s.text for para in art.paragraphs for s in para]
    if len(texts) != len(set(texts)):
        raise ValueError(f"{art.title!r}: a sentence occurs twice")
    labels = art.labels()
    for extra in (art.title, art.caption):
        if not firms_named(extra) <= set(labels):
            raise ValueError(f"{extra!r} names a firm that the body does not")
