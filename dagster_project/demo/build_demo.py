"""Build the bundled offline demo corpus: four fictional outlets, their feeds and a manifest.

    python dagster_project/demo/build_demo.py [OUT_DIR]      # default: this folder

The story (who says what about data centers in Korea, month by month) is in
``spec/schedule.txt`` and in ``TIMELINE``/``PLANS`` below; sentences come from the
templates in ``spec/phrases.*.txt``; pages from ``spec/pages/*.html`` via ``_corpus_pages.py``.
Everything is drawn from one seeded ``random.Random``, and nothing reads the clock
or the environment, so two runs write byte-identical files. Standard library only.
"""

from __future__ import annotations

import csv
import io
import random
import shutil
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script or loaded by path: the helpers sit next to this file.
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import _corpus_pages as pages  # type: ignore[import-not-found,no-redef]
    import _corpus_text as text  # type: ignore[import-not-found,no-redef]
else:
    from . import _corpus_pages as pages
    from . import _corpus_text as text

HERE = Path(__file__).resolve().parent
SEED = 20250910
KST = timezone(timedelta(hours=9))
STANCES = ("committed", "considering", "declined", "operating", "mentioned")

# ---------------------------------------------------------------------------
# The story: spec/schedule.txt lists the articles (firm, stance, month); below, each
# firm's standing position over time and the facts its sentences may use.

SCHEDULE = HERE / "spec" / "schedule.txt"

# Each firm's standing position from a date on; used for background sentences
# about firms other than an article's main subject.
TIMELINE: dict[str, list[tuple[str, str]]] = {
    "google": [
        ("2025-01-01", "declined"),
        ("2026-04-01", "considering"),
        ("2026-08-01", "committed"),
    ],
    "openai": [("2025-01-01", "considering"), ("2025-10-01", "committed")],
    "microsoft": [
        ("2025-01-01", "operating"),
        ("2026-03-01", "committed"),
        ("2026-05-01", "operating"),
    ],
    "amazon": [("2025-01-01", "committed"), ("2026-09-01", "operating")],
    "oracle": [
        ("2025-01-01", "operating"),
        ("2026-05-01", "committed"),
        ("2026-07-01", "operating"),
    ],
    "meta": [
        ("2025-01-01", "mentioned"),
        ("2025-11-01", "declined"),
        ("2025-12-01", "mentioned"),
        ("2026-03-01", "considering"),
        ("2026-04-01", "mentioned"),
        ("2026-05-01", "declined"),
        ("2026-07-01", "mentioned"),
    ],
    "anthropic": [("2025-01-01", "mentioned"), ("2026-02-01", "considering")],
    "nvidia": [("2025-01-01", "mentioned")],
    "apple": [("2025-01-01", "mentioned"), ("2026-01-01", "declined"), ("2026-02-01", "mentioned")],
}

# How likely a firm is to come up in the background of someone else's story.
BACKGROUND_WEIGHT = {
    "google": 3.0,
    "openai": 3.0,
    "microsoft": 1.5,
    "amazon": 1.5,
    "oracle": 1.0,
    "anthropic": 1.0,
    "meta": 0.7,
    "nvidia": 1.2,
    "apple": 0.4,
}


def _p(flags: str = "", since: str = "2025-01-01", **slots: tuple[str, str]) -> dict:
    return {"flags": frozenset(f for f in flags.split(",") if f), "since": since, "slots": slots}


# The facts a firm's sentences may use in each stance: partner, place, amount ...
# Each slot is (Korean, English). A template is usable only if its slots are here.
PLANS: dict[tuple[str, str], list[dict]] = {
    ("google", "declined"): [_p("maps")],
    ("google", "considering"): [
        _p(
            "reversal",
            P=("KT", "KT"),
            place=("경기 남부", "southern Gyeonggi Province"),
            year=("2027", "2027"),
        ),
        _p(
            "reversal",
            P=("SK텔레콤", "SK Telecom"),
            place=("인천 송도", "Incheon's Songdo district"),
            year=("2027", "2027"),
        ),
    ],
    ("google", "committed"): [
        _p(
            "first,reversal",
            P=("KT", "KT"),
            place=("경기 평택", "Pyeongtaek"),
            amount=("4조원", "4 trillion won"),
            cap=("200MW", "200-megawatt"),
            year=("2028", "2028"),
        ),
    ],
    ("google", "mentioned"): [
        _p("maps"),
        _p("maps"),
        _p("yt"),
        _p("gemini"),
        # once Google has committed, the map quarrel is no longer the news
        _p("yt", since="2026-08-01"),
        _p("gemini", since="2026-08-01"),
    ],
    ("openai", "considering"): [
        _p(P=("삼성SDS", "Samsung SDS"), place=("포항", "Pohang"), year=("2026", "2026")),
        _p(
            P=("SK텔레콤", "SK Telecom"),
            place=("전남", "South Jeolla Province"),
            year=("2026", "2026"),
        ),
    ],
    ("openai", "committed"): [
        _p(
            "first",
            P=("SK텔레콤", "SK Telecom"),
            place=("전남", "South Jeolla Province"),
            amount=("3조원", "3 trillion won"),
            cap=("300MW", "300-megawatt"),
            year=("2027", "2027"),
        ),
        _p(
            "first",
            P=("삼성SDS", "Samsung SDS"),
            place=("포항", "Pohang"),
            amount=("2조원", "2 trillion won"),
            cap=("200MW", "200-megawatt"),
            year=("2028", "2028"),
        ),
    ],
    ("openai", "mentioned"): [_p()],
    ("microsoft", "operating"): [
        _p("steady", ops=("서울과 부산", "Seoul and Busan"), year=("2017", "2017"))
    ],
    ("microsoft", "committed"): [
        _p(
            P=("KT", "KT"),
            place=("부산", "Busan"),
            amount=("2조원", "2 trillion won"),
            cap=("150MW", "150-megawatt"),
            year=("2027", "2027"),
        ),
    ],
    ("microsoft", "mentioned"): [_p()],
    ("amazon", "committed"): [
        _p(
            P=("SK그룹", "SK Group"),
            place=("울산", "Ulsan"),
            amount=("7조원", "7 trillion won"),
            cap=("100MW", "100-megawatt"),
            year=("2026", "2026"),
        ),
    ],
    ("amazon", "operating"): [
        _p(
            "steady,opening",
            ops=("서울과 울산", "Seoul and Ulsan"),
            place=("울산", "Ulsan"),
            year=("2016", "2016"),
        ),
    ],
    ("amazon", "mentioned"): [_p()],
    ("oracle", "operating"): [
        _p("steady", ops=("서울과 춘천", "Seoul and Chuncheon"), year=("2019", "2019"))
    ],
    ("oracle", "committed"): [
        _p(
            P=("LG유플러스", "LG Uplus"),
            place=("춘천", "Chuncheon"),
            amount=("1조원", "1 trillion won"),
            cap=("80MW", "80-megawatt"),
            year=("2027", "2027"),
        ),
    ],
    ("oracle", "mentioned"): [_p()],
    ("meta", "declined"): [
        _p(),
        _p(
            "withdraw",
            since="2026-04-01",
            P=("현지 개발사", "a local developer"),
            place=("부산", "Busan"),
        ),
    ],
    ("meta", "considering"): [
        _p(P=("현지 개발사", "a local developer"), place=("부산", "Busan"), year=("2026", "2026"))
    ],
    ("meta", "mentioned"): [_p()],
    ("anthropic", "considering"): [
        _p(
            P=("SK텔레콤", "SK Telecom"),
            place=("수도권", "the Seoul metropolitan area"),
            year=("2027", "2027"),
        ),
    ],
    ("anthropic", "mentioned"): [_p(), _p("office", since="2025-10-01")],
    ("nvidia", "mentioned"): [_p()],
    ("apple", "declined"): [_p()],
    ("apple", "mentioned"): [_p()],
}

REGIONAL_PLACES = {"울산", "부산", "포항"}
# Orders in which an article's middle blocks may appear.
ORDERS = [
    ("said", "demand", "context", "background"),
    ("said", "context", "demand", "background"),
    ("context", "said", "background", "demand"),
    ("said", "background", "context", "demand"),
    ("demand", "said", "background", "context"),
]

# ---------------------------------------------------------------------------
# Data model


@dataclass
class Sentence:
    text: str
    tags: dict[str, str | None]  # firm -> stance this sentence gives it (None: only named)


@dataclass
class Article:
    serial: int
    outlet: str
    lang: str
    published: datetime  # aware
    modified: datetime
    firm: str
    stance: str
    title: str = ""
    summary: str = ""
    paragraphs: list[list[Sentence]] = field(default_factory=list)
    caption: str = ""
    reporter: tuple[str, str] = ("", "")
    path: str = ""
    canonical: str = ""
    guid: str = ""
    republished_from: Article | None = None
    city: str = ""  # Korean place name of the story, for wire datelines

    def labels(self) -> dict[str, tuple[str, str]]:
        """Each firm named in the body -> (expected stance, deciding sentence)."""
        found: dict[str, tuple[str, str]] = {}
        for para in self.paragraphs:
            for s in para:
                for firm, stance in s.tags.items():
                    if stance is not None:
                        prev = found.get(firm)
                        if prev is not None and prev[0] != "mentioned" and prev[0] != stance:
                            raise ValueError(f"{self.path}: {firm} is both {prev[0]} and {stance}")
                        if prev is None or prev[0] == "mentioned":
                            found[firm] = (stance, s.text)
                    elif firm not in found:
                        found[firm] = ("mentioned", s.text)
        return found


def month_beats(rng: random.Random) -> list[tuple[datetime, str, str, str]]:
    """Expand SCHEDULE into (time, firm, stance, outlet or ""), spread over each month's days."""
    beats = []
    for line in SCHEDULE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        month, *tokens = line.split()
        year, mon = (int(x) for x in month.split("-"))
        for token in tokens:
            spec, _, count = token.partition("*")
            spec, _, outlet = spec.partition("@")
            firm, stance = spec.split(":")
            assert stance in STANCES, token
            for _ in range(int(count or 1)):
                day = rng.randint(1, 28)
                at = datetime(
                    year,
                    mon,
                    day,
                    rng.randint(7, 21),
                    rng.randint(0, 59),
                    rng.randint(0, 59),
                    tzinfo=KST,
                )
                beats.append((at, firm, stance, outlet))
    beats.sort()
    return beats


def state_at(firm: str, day: date) -> str:
    """The firm's standing stance on a given day."""
    current = "mentioned"
    for since, stance in TIMELINE[firm]:
        if date.fromisoformat(since) <= day:
            current = stance
    return current


def plan_for(rng: random.Random, firm: str, stance: str, day: date) -> dict:
    options = [p for p in PLANS[(firm, stance)] if date.fromisoformat(p["since"]) <= day]
    # Once a plan with a later start applies, it supersedes the earlier default.
    latest = max(p["since"] for p in options)
    return rng.choice([p for p in options if p["since"] == latest])


# ---------------------------------------------------------------------------
# Composition


class Composer:
    """Writes one article's title and body from templates, tagging every sentence."""

    def __init__(
        self,
        rng: random.Random,
        lang: str,
        phrases: dict[str, list[text.Template]],
        usage: Counter[str],
    ):
        self.rng = rng
        self.lang = lang
        self.ph = phrases
        self.refs: dict[str, text.FirmRef] = {}
        self.used: set[str] = set()  # templates used in this article
        self.usage = usage  # templates used so far in the corpus
        self.last: text.Template | None = None  # template of the last stance sentence

    def ref(self, firm: str) -> text.FirmRef:
        if firm not in self.refs:
            self.refs[firm] = text.FirmRef(firm, self.lang, self.rng)
        return self.refs[firm]

    def slots(self, plan: dict) -> dict[str, object]:
        i = 0 if self.lang == "ko" else 1
        return {k: text.Word(v[i], self.lang) for k, v in plan["slots"].items()}

    def pick(
        self, section: str, flags: Iterable[str], avail: Iterable[str], repeat: bool = True
    ) -> text.Template:
        """A template of ``section`` whose flags and slots fit; ``repeat``: may reuse one
        already in this article when nothing else fits."""
        flags, avail = set(flags), set(avail)
        options = [t for t in self.ph[section] if t.flags <= flags and t.slots <= avail]
        fresh = [t for t in options if t.text not in self.used] or (options if repeat else [])
        if not fresh:
            raise LookupError(f"no template for {section} with {sorted(flags)} {sorted(avail)}")
        # Prefer the phrasings the corpus has used least, so wording keeps varying.
        least = min(self.usage[t.text] for t in fresh)
        choice = self.rng.choice([t for t in fresh if self.usage[t.text] == least])
        self.used.add(choice.text)
        self.usage[choice.text] += 1
        return choice

    def stance_sentence(
        self,
        firm: str,
        stance: str,
        plan: dict,
        extra: dict | None = None,
        section: str | None = None,
        prefix: str = "",
        news: bool = True,
        repeat: bool = True,
    ) -> Sentence:
        """A sentence giving ``firm`` its ``stance``; ``news``: it may read as today's event."""
        values = self.slots(plan) | (extra or {})
        section = section or (f"lead.{stance}" if stance != "mentioned" else f"mention.{firm}")
        flags = plan["flags"] | ({"fresh"} if news else set())
        tpl = self.pick(section, flags, set(values) | {"F"}, repeat)
        self.last = tpl
        body = tpl.render(F=self.ref(firm), **values)
        tags: dict[str, str | None] = {firm: None if tpl.neutral else stance}
        if "C" in values:
            tags[values["C"].firm] = None  # type: ignore[attr-defined]
        if stance == "mentioned":
            tags[firm] = None
        return Sentence(text.with_prefix(prefix, body, self.lang), tags)

    def quote(self, firm: str, stance: str, plan: dict, speaker: tuple[str, str]) -> Sentence:
        q = self.pick(f"quote.{stance}", plan["flags"], set(plan["slots"]))
        inner = q.render(**self.slots(plan))
        person, role = speaker
        org = text.Word(text.org_name(firm, self.lang), self.lang)
        att = self.pick("attrib", (), {"q", "person", "org", "role"})
        line = att.render(q=inner, person=person, role=text.Word(role, self.lang), org=org)
        return Sentence(line, {firm: None if q.neutral else stance})

    def neutral(self, section: str, firm: str | None = None, **values: object) -> Sentence:
        """A sentence that gives no firm a stance (it may still name ``firm``)."""
        if firm is not None:
            values.setdefault("F", self.ref(firm))
        tpl = self.pick(section, (), set(values))
        return Sentence(tpl.render(**values), {firm: None} if firm else {})

    def plain(self, section: str) -> Sentence:
        return self.neutral(section)

    def title(
        self, art: Article, plan: dict, contrast: str | None, lead: text.Template | None
    ) -> str:
        values = {("p" if k == "P" else k): v for k, v in self.slots(plan).items()}
        values["f"] = text.Word(text.short_name(art.firm, self.lang), self.lang)
        if lead is not None and lead.title:
            return lead.title.format(**values)  # a headline written for that very lead
        if contrast:
            section = f"title.contrast.{art.stance}"
            values["c"] = text.Word(text.short_name(contrast, self.lang), self.lang)
        elif art.stance == "mentioned":
            section = f"title.mention.{art.firm}"
        else:
            section = f"title.{art.stance}"
        return self.pick(section, plan["flags"], set(values)).render(**values)


def compose(
    art: Article, rng: random.Random, phrases: dict, people: text.People, usage: Counter[str]
) -> None:
    """Fill ``art`` (title, paragraphs, caption) for its firm, stance and date."""
    c = Composer(rng, art.lang, phrases, usage)
    day = art.published.date()
    plan = plan_for(rng, art.firm, art.stance, day)
    extra: dict[str, object] = {
        "day": text.Word(str(art.published.day), art.lang),
        "weekday": text.Word(art.published.strftime("%A"), art.lang),
    }
    contrast = None
    if (
        art.firm in ("openai", "anthropic")
        and art.stance in ("considering", "committed")
        and day < date(2026, 4, 1)
        and rng.random() < (0.6 if art.stance == "considering" else 0.3)
    ):
        contrast = "google"
    paras: list[list[Sentence]] = []
    exclude = {art.firm, contrast}  # firms the background must not bring in

    # Lead: the sentence that decides the main firm's stance.
    if contrast:
        cref = c.ref(contrast)
        lead = c.stance_sentence(
            art.firm, art.stance, plan, extra | {"C": cref}, section=f"contrast.{art.stance}"
        )
    else:
        lead = c.stance_sentence(art.firm, art.stance, plan, extra)
    lead_template = c.last
    first = [lead]
    if art.stance != "mentioned":
        first.append(c.neutral(f"detail.{art.stance}", **c.slots(plan)))
    else:
        if rng.random() < 0.6:
            try:
                first.append(c.stance_sentence(art.firm, "mentioned", plan, extra, repeat=False))
            except LookupError:
                pass
    paras.append(first)

    # Spokesperson, or a refusal to comment (which is not a refusal to build).
    speaker = people.spokesperson(art.lang, rng)
    quoted = False
    org = text.Word(text.org_name(art.firm, art.lang), art.lang)
    said: list[list[Sentence]] = []
    if art.stance == "considering" and rng.random() < 0.45:
        said.append([c.neutral("nocomment", firm=art.firm, org=org)])
        if rng.random() < 0.5:
            said[-1].insert(0, c.plain(f"detail.{art.stance}"))
    elif rng.random() < 0.85:
        said.append([c.quote(art.firm, art.stance, plan, speaker)])
        quoted = True

    # Colour about the firm itself that states no data-center position.
    if rng.random() < 0.35:
        try:
            colour = c.stance_sentence(art.firm, "mentioned", plan, news=False, repeat=False)
            (said[-1] if said else first).append(colour)
        except LookupError:
            pass  # no fitting topic for this firm at this stage of the story

    # A government demand on Google gives Google no stance of its own.
    demand: list[list[Sentence]] = []
    if art.firm == "google" and (
        (art.stance == "declined" and rng.random() < 0.5)
        or (art.stance == "mentioned" and "maps" in plan["flags"] and rng.random() < 0.7)
        or (art.stance == "considering" and rng.random() < 0.2)
    ):
        demand.append([c.neutral("govdemand", firm="google")])
        if rng.random() < 0.5:
            demand[-1].append(c.plain("detail.mentioned"))
    elif art.firm in ("openai", "anthropic") and day < date(2026, 4, 1) and rng.random() < 0.3:
        # the seed's situation: a newcomer's plans set against what Seoul asks of Google
        demand.append([c.neutral("govdemand", firm="google")])
        exclude.add("google")  # Google stays stance-free in this article

    # Context for the story that names no firm at all.
    context: list[list[Sentence]] = []
    if rng.random() < 0.7:
        try:
            tpl = c.pick(f"context.{art.firm}", plan["flags"], set())
            context.append([Sentence(tpl.render(), {})])
        except LookupError:
            pass

    # Background: other firms and where they stand today.
    pool = [f for f in BACKGROUND_WEIGHT if f not in exclude]
    k = rng.choices([0, 1, 2], weights=[1, 2, 1])[0]
    chosen: list[str] = []
    while len(chosen) < k:
        f = rng.choices(pool, weights=[BACKGROUND_WEIGHT[x] for x in pool])[0]
        if f not in chosen:
            chosen.append(f)
    background = []
    states = [state_at(f, day) for f in chosen]
    pair = f"pair.{states[0]}.{states[1]}" if len(chosen) == 2 else ""
    if len(chosen) == 2 and pair not in phrases:
        chosen, states = chosen[::-1], states[::-1]
        pair = f"pair.{states[0]}.{states[1]}"
    if pair in phrases and rng.random() < 0.6:
        # one sentence, two firms, each with its own stance
        tpl = c.pick(pair, (), {"A", "B"})
        line = tpl.render(A=c.ref(chosen[0]), B=c.ref(chosen[1]))
        background.append(Sentence(line, dict(zip(chosen, states, strict=True))))
        chosen = []
    for i, f in enumerate(chosen):
        st = state_at(f, day)
        fplan = plan_for(rng, f, st, day)
        if f == "nvidia" and art.stance == "committed" and rng.random() < 0.5:
            # "the new data center will use Nvidia GPUs": still no stance for Nvidia
            fplan = {**fplan, "flags": fplan["flags"] | {"dcctx"}}
        prefix = rng.choice(text.PREFIXES[art.lang][st]) if i == 0 else ""
        # no dates or "this week" in background: it is not the other firm's news day
        background.append(c.stance_sentence(f, st, fplan, prefix=prefix, news=False))
    # Each firm other than the subject sits in one block only, so blocks can move
    # without a short name ("MS") coming before the long one ("마이크로소프트(MS)").
    blocks = {"said": said, "demand": demand, "context": context, "background": [background]}
    order = rng.choice(ORDERS)
    for name in order:
        paras.extend(p for p in blocks[name] if p)

    # Market and policy colour, with no foreign firm named; sometimes a word trap.
    fillers = [c.plain("filler") for _ in range(rng.randint(2, 4))]
    if rng.random() < 0.3:
        fillers.insert(rng.randint(0, len(fillers)), c.plain("trapfill"))
    cut = rng.randint(1, len(fillers) - 1)
    paras.append(fillers[:cut])
    paras.append(fillers[cut:])
    # Stories about a firm's non-data-center news are short; give them a closing line.
    if sum(len(p) for p in paras) < 7:
        paras[-1].append(c.plain(f"detail.{art.stance}"))

    art.paragraphs = paras
    art.title = c.title(art, plan, contrast, lead_template)
    art.summary = lead.text
    art.caption = text.caption(art.firm, art.lang, art.published, rng, speaker if quoted else None)
    places = [v[0] for k, v in plan["slots"].items() if k == "place"]
    art.city = places[0] if places else ""


# ---------------------------------------------------------------------------
# Assembly


def assign_outlet(rng: random.Random, firm: str, stance: str, day: date) -> str:
    weights = dict(pages.OUTLET_WEIGHT)
    plan_places = {
        v[0] for p in PLANS[(firm, stance)] for k, v in p["slots"].items() if k == "place"
    }
    if plan_places & REGIONAL_PLACES:
        weights["dongnyeok-ilbo"] *= 2.0
    names = sorted(weights)
    return rng.choices(names, weights=[weights[n] for n in names])[0]


def build(out_dir: Path) -> list[Path]:
    """Write the whole corpus under ``out_dir``; return the files written."""
    rng = random.Random(SEED)
    phrases = {
        lang: text.load_phrases(HERE / "spec" / f"phrases.{lang}.txt") for lang in ("ko", "en")
    }
    people = text.People()
    usage: Counter[str] = Counter()
    articles: list[Article] = []
    for serial, (at, firm, stance, hint) in enumerate(month_beats(rng), start=1):
        outlet = hint or assign_outlet(rng, firm, stance, at.date())
        lang = pages.OUTLETS[outlet]["lang"]
        art = Article(
            serial=serial,
            outlet=outlet,
            lang=lang,
            published=at,
            modified=at + timedelta(minutes=rng.randint(12, 190)),
            firm=firm,
            stance=stance,
        )
        compose(art, rng, phrases[lang], people, usage)
        articles.append(art)

    # A few wire stories picked up by the English daily a couple of hours later.
    wire = [a for a in articles if a.outlet == "meridian-wire"]
    for src in [wire[i] for i in sorted(rng.sample(range(len(wire)), 4))]:
        copy = Article(
            serial=len(articles) + 1,
            outlet="peninsula-ledger",
            lang="en",
            published=src.published + timedelta(minutes=rng.randint(80, 150)),
            modified=src.published + timedelta(minutes=rng.randint(160, 240)),
            firm=src.firm,
            stance=src.stance,
            title=src.title,
            summary=src.summary,
            paragraphs=src.paragraphs,
            caption=src.caption,
            city=src.city,
            republished_from=src,
        )
        articles.append(copy)
    articles.sort(key=lambda a: (a.published, a.serial))

    for art in articles:
        pages.place(art, rng, people)
    for art in articles:
        text.check_article(art)

    demo = out_dir
    shutil.rmtree(demo / "outlets", ignore_errors=True)
    written: list[Path] = []
    for art in articles:
        written.append(pages.write_page(demo, art, articles, rng))
    for name in pages.OUTLETS:
        written.append(pages.write_feed(demo, name, [a for a in articles if a.outlet == name]))
    written.append(write_manifest(demo / "manifest.csv", articles))
    written.append(write_sources(demo / "sources.yaml"))
    return written


def write_manifest(path: Path, articles: list[Article]) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        ["path", "outlet", "lang", "published_at", "title", "firm", "expected_stance", "evidence"]
    )
    for art in articles:
        for firm, (stance, evidence) in sorted(art.labels().items()):
            w.writerow(
                [
                    art.path,
                    art.outlet,
                    art.lang,
                    pages.stated_time(art).isoformat(),
                    art.title,
                    firm,
                    stance,
                    evidence,
                ]
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode("utf-8"))
    return path


def write_sources(path: Path) -> Path:
    lines = [
        "# The bundled offline demo: four fictional outlets, fetched through file://.",
        "# Each url is relative to this file's folder.",
        "allow_private_hosts: false",
        "sources:",
    ]
    for name, o in pages.OUTLETS.items():
        lines += [
            f"  - name: {name}",
            f"    kind: {o['kind']}",
            f"    url: outlets/{name}/{o['feed']}",
            f"    lang: {o['lang']}",
        ]
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else HERE
    files = build(out)
    print(f"wrote {len(files)} files under {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
