"""The bundled demo corpus: shape, dates, encodings, feeds, manifest and determinism."""

from __future__ import annotations

import calendar
import csv
import html
import os
import re
import subprocess
import sys
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import feedparser
import pytest

DEMO = Path(__file__).resolve().parents[1] / "dagster_project" / "demo"
FIRMS = {
    "google",
    "openai",
    "microsoft",
    "amazon",
    "meta",
    "oracle",
    "nvidia",
    "apple",
    "anthropic",
    "ibm",
}
STANCES = {"committed", "considering", "declined", "operating", "mentioned"}


def _manifest() -> list[dict[str, str]]:
    with (DEMO / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _articles() -> dict[str, dict[str, str]]:
    return {row["path"]: row for row in _manifest()}


def _sources() -> list[dict]:
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load((DEMO / "sources.yaml").read_text(encoding="utf-8"))["sources"]


def _charset(raw: bytes) -> str:
    m = re.search(rb'charset="?([A-Za-z0-9_-]+)', raw[:2000])
    assert m, "page declares no charset"
    label = m.group(1).decode().lower()
    # Korean sites label CP949 pages as euc-kr; browsers (WHATWG) decode that label as CP949.
    return "cp949" if label in ("euc-kr", "ks_c_5601-1987") else label


def _page_text(path: Path) -> str:
    raw = path.read_bytes()
    page = raw.decode(_charset(raw))
    page = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _body_text(path: Path) -> str:
    """Only the article body container, however the outlet marks it up."""
    raw = path.read_bytes()
    page = raw.decode(_charset(raw))
    m = re.search(
        r"(?s)<(div|section) [^>]*(?:articleBody|story__body|news_body_area|mw-body)[^>]*>"
        r"(.*?)</\1>",
        page,
    )
    assert m, f"{path}: no body container"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", m.group(2))).split())


def test_corpus_size_spread_and_languages() -> None:
    arts = _articles()
    assert len(arts) >= 150
    months = {row["published_at"][:7] for row in arts.values()}
    assert len(months) >= 12
    assert min(months) <= "2025-09" and max(months) >= "2026-10"
    outlets = {row["outlet"] for row in arts.values()}
    assert len(outlets) >= 3
    langs = [row["lang"] for row in arts.values()]
    assert set(langs) == {"ko", "en"}
    assert 0.5 <= langs.count("ko") / len(langs) <= 0.72


def test_manifest_values_are_known_and_dates_carry_offsets() -> None:
    rows = _manifest()
    assert rows
    for row in rows:
        assert row["firm"] in FIRMS, row
        assert row["expected_stance"] in STANCES, row
        assert datetime.fromisoformat(row["published_at"]).utcoffset() is not None, row
        assert row["evidence"].strip(), row
    pairs = [(r["path"], r["firm"]) for r in rows]
    assert len(pairs) == len(set(pairs)), "one row per (article, firm)"


def test_every_manifest_path_exists_and_evidence_is_in_the_body() -> None:
    for row in _manifest():
        page = DEMO / row["path"]
        assert page.is_file(), row["path"]
        evidence = " ".join(row["evidence"].split())
        assert evidence in _body_text(page), (row["path"], row["evidence"])


def test_feeds_parse_and_every_item_resolves_to_a_page() -> None:
    sources = _sources()
    assert len(sources) >= 3
    published = {p: datetime.fromisoformat(r["published_at"]) for p, r in _articles().items()}
    linked: set[str] = set()
    for src in sources:
        feed_path = DEMO / src["url"]
        parsed = feedparser.parse(feed_path.read_bytes())
        assert not parsed.bozo, (src["name"], parsed.get("bozo_exception"))
        assert parsed.entries, src["name"]
        for entry in parsed.entries:
            assert not re.match(r"^[a-z]+:", entry.link), "item links are relative to the feed"
            page = (feed_path.parent / entry.link).resolve()
            assert page.is_file(), entry.link
            rel = page.relative_to(DEMO.resolve()).as_posix()
            linked.add(rel)
            assert entry.get("id"), entry.link
            stamp = entry.get("published_parsed") or entry.get("updated_parsed")
            assert stamp is not None, entry.link
            assert rel in published, rel
            assert calendar.timegm(stamp) == published[rel].timestamp(), (rel, published[rel])
    pages = {p.relative_to(DEMO).as_posix() for p in (DEMO / "outlets").rglob("*.html")}
    assert pages == linked, "every page is in a feed and every feed item is a page"
    assert pages == set(published), "every page has manifest rows"


def test_sources_file_has_the_documented_shape() -> None:
    yaml = pytest.importorskip("yaml")
    data = yaml.safe_load((DEMO / "sources.yaml").read_text(encoding="utf-8"))
    assert data["allow_private_hosts"] is False
    for src in data["sources"]:
        assert set(src) == {"name", "kind", "url", "lang"}, src
        assert src["kind"] in ("rss", "atom")
        assert not Path(src["url"]).is_absolute()
    assert {s["kind"] for s in data["sources"]} == {"rss", "atom"}


def test_cp949_pages_need_cp949_not_strict_euc_kr() -> None:
    labelled = [
        p for p in (DEMO / "outlets").rglob("*.html") if b"charset=euc-kr" in p.read_bytes()[:600]
    ]
    assert len(labelled) >= 20
    for page in labelled:
        raw = page.read_bytes()
        raw.decode("cp949")
        with pytest.raises(UnicodeDecodeError):
            raw.decode("euc_kr")


def test_dates_live_where_each_outlet_puts_them() -> None:
    for path, row in _articles().items():
        page = (DEMO / path).read_bytes()
        when = datetime.fromisoformat(row["published_at"])
        if row["outlet"] == "hanbit-daily":
            text = page.decode("utf-8")
            assert f'article:published_time" content="{row["published_at"]}"' in text
            assert f"입력 {when:%Y.%m.%d %H:%M}" in text
        elif row["outlet"] == "peninsula-ledger":
            text = page.decode("utf-8")
            assert f'"datePublished": "{row["published_at"]}"' in text
            assert f"Published {when:%b} {when.day}, {when:%Y}" in text
        elif row["outlet"] == "dongnyeok-ilbo":
            text = page.decode("cp949")
            assert f"기사승인 {when:%Y-%m-%d %H:%M:%S}" in text
            assert "published_time" not in text and "datePublished" not in text
        else:  # the wire states no date on its pages at all
            text = page.decode("utf-8")
            months = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}, 20\d\d"
            assert not re.search(r"20\d\d[-./]\d\d|published|" + months, text, re.I), path


def test_google_and_openai_change_stance_over_time() -> None:
    by_firm: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in _manifest():
        by_firm[row["firm"]][row["expected_stance"]].add(row["published_at"][:7])
    for firm in ("google", "openai"):
        real = {s for s in by_firm[firm] if s != "mentioned"}
        assert len(real) >= 2, (firm, dict(by_firm[firm]))
    # the arc: Google declines in 2025 and commits later; OpenAI considers, then commits
    assert min(by_firm["google"]["declined"]) < min(by_firm["google"]["committed"])
    assert min(by_firm["openai"]["considering"]) < min(by_firm["openai"]["committed"])
    others = {f for f in by_firm if f not in ("google", "openai")}
    assert len(others) >= 4


def test_traps_are_present_with_their_expected_labels() -> None:
    rows = _manifest()
    # a government demand on Google gives Google no stance
    demand = [
        r
        for r in rows
        if r["firm"] == "google"
        and r["expected_stance"] == "mentioned"
        and re.search(r"요구|조건|urged|condition|should build", r["evidence"])
    ]
    assert demand
    # "구글과 달리 오픈AI는 …": the stance is OpenAI's, Google is only mentioned
    contrast = [
        r
        for r in rows
        if r["firm"] == "google"
        and r["expected_stance"] == "mentioned"
        and re.search(
            r"달리|대조적|다른|Unlike|contrast|parting ways|different path", r["evidence"]
        )
    ]
    assert contrast
    # declining to comment is not declining to build
    no_comment = [
        p
        for p, r in _articles().items()
        if re.search(r"declined to comment|언급을 거부", _body_text(DEMO / p))
    ]
    assert no_comment
    labels = {(r["path"], r["firm"]): r["expected_stance"] for r in rows}
    for path in no_comment:
        subject = Path(path).stem.split("-")[1]  # pages are named DD-<firm>-NNNN.html
        assert labels[(path, subject)] != "declined", path
    # 메타버스 / 애플리케이션 / metadata are not Meta or Apple
    lookalike = [
        p
        for p in _articles()
        if re.search(
            r"메타버스|애플리케이션|[Mm]etaverse|[Mm]etadata|applications", _body_text(DEMO / p)
        )
        and (p, "meta") not in labels
        and (p, "apple") not in labels
    ]
    assert lookalike
    # data-center revenue is not a commitment
    revenue = [r for r in rows if re.search(r"매출|revenue", r["evidence"])]
    assert revenue and all(r["expected_stance"] == "mentioned" for r in revenue)


def test_boilerplate_names_firms_the_body_does_not() -> None:
    names = {
        "google": "Google|구글",
        "meta": "Meta|메타(?!버스|데이터)",
        "nvidia": "Nvidia|엔비디아",
        "apple": "Apple|애플(?!리케이션)",
    }
    labels = defaultdict(set)
    for row in _manifest():
        labels[row["path"]].add(row["firm"])
    leaky = 0
    for path, firms in labels.items():
        whole, body = _page_text(DEMO / path), _body_text(DEMO / path)
        if any(
            re.search(p, whole) and not re.search(p, body) and f not in firms
            for f, p in names.items()
        ):
            leaky += 1
    assert leaky >= 0.8 * len(labels)


def test_no_article_repeats_a_sentence() -> None:
    for path in _articles():
        sentences = [
            s
            for s in re.split(r"(?<=[.다])\s+|(?<=[.다]”)\s+", _body_text(DEMO / path))
            if len(s) > 15
        ]
        assert len(sentences) >= 5, path
        assert len(sentences) == len(set(sentences)), path


def test_republished_wire_stories_appear_twice() -> None:
    by_body: dict[str, list[dict[str, str]]] = defaultdict(list)
    for path, row in _articles().items():
        by_body[_body_text(DEMO / path)].append(row)
    dups = [rows for rows in by_body.values() if len(rows) > 1]
    assert 3 <= len(dups) <= 5
    for rows in dups:
        assert len({r["outlet"] for r in rows}) == len(rows) == 2
        assert len({r["title"] for r in rows}) == 1


def test_generator_is_deterministic(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    # another hash seed too: set iteration order must not leak into the output
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    subprocess.run(
        [sys.executable, str(DEMO / "build_demo.py"), str(out)],
        check=True,
        capture_output=True,
        timeout=300,
        env=env,
    )
    built = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    committed = {
        p.relative_to(DEMO).as_posix() for p in (DEMO / "outlets").rglob("*") if p.is_file()
    }
    committed |= {"manifest.csv", "sources.yaml"}
    assert built == committed
    for rel in sorted(built):
        assert (out / rel).read_bytes() == (DEMO / rel).read_bytes(), rel
