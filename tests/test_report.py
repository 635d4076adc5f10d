"""The analyst's report: one offline HTML page with the stances, the timeline, the sources.

The fast tests read a hand-computable warehouse; the slow one runs the demo corpus and
opens the page in headless Chromium (Korean rendered with a real CJK font, no request
leaving the file).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from test_queries_data import build

from dagster_project import warehouse
from dagster_project.cli import main
from dagster_project.marts.report import SECTIONS, build_report

# Slow tier: a whole demo run (./bin/test -m "not slow" skips).
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = REPO / "artifacts" / "report" / "report.png"


@pytest.fixture
def html(tmp_path):
    db = build(tmp_path / "w.duckdb")
    with warehouse.connect(db, read_only=True) as con:
        return build_report(con)


def _section(html: str, name: str) -> str:
    start = html.index(f'id="{name}"')
    nxt = [html.find(f'id="{s}"', start + 1) for s in SECTIONS]
    return html[start : min([n for n in nxt if n > 0] or [len(html)])]


def test_every_section_and_each_firms_stance_now(html):
    for name in SECTIONS:
        assert f'id="{name}"' in html
    stances = _section(html, "stances")
    rows = re.findall(r"<tr>(.*?)</tr>", stances)[1:]
    now = {
        re.search(r'class="firm"[^>]*>([^<]+)', r)[1]: re.findall(r'class="stance"[^>]*>(\w+)<', r)
        for r in rows
    }
    # Google: declined (a1), then considering (a4, a6); the undated a8 has no place in time.
    assert now["Google"] == ["considering", "declined"]  # now, and what it was before
    assert now["OpenAI"] == ["declined", "committed"]  # a7 after a3
    assert now["Microsoft"] == ["operating"]  # first stated: nothing before


def test_google_vs_openai_timeline_in_order(html):
    timeline = _section(html, "google-vs-openai")
    changes = re.findall(r'class="firm"[^>]*>(\w+)</span></td><td>(.*?)</td>', timeline)
    arrows = [(f, re.findall(r'class="stance"[^>]*>(\w+)<', c)) for f, c in changes]
    assert ("Google", ["declined", "considering"]) in arrows
    assert ("OpenAI", ["considering", "committed"]) in arrows
    assert ("OpenAI", ["committed", "declined"]) in arrows


def test_the_page_needs_nothing_from_outside(html):
    assert "<link" not in html and "<script" not in html
    assert not re.search(r'src="(?!data:)', html)  # images inline, as data: URLs


def test_cli_report_writes_the_file(tmp_path, capsys):
    db = build(tmp_path / "w.duckdb")
    out = tmp_path / "r" / "report.html"
    assert main(["report", "--db", str(db), "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert "Where each firm stands" in out.read_text(encoding="utf-8")
    assert main(["report", "--db", str(db), "--out", str(tmp_path)]) == 2  # a folder


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no browser at {CHROMIUM} (.ci/run installs it)")
def test_demo_report_in_chromium(tmp_path):
    from playwright.sync_api import sync_playwright

    env = {k: v for k, v in os.environ.items() if k not in ("DCWATCH_SOURCES", "DAGSTER_HOME")}
    env["DCWATCH_HOME"] = str(tmp_path / "home")
    run = subprocess.run(
        [sys.executable, "-m", "dagster_project", "run", "--quiet"],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    page_file = tmp_path / "home" / "report.html"  # written by the analyst_report asset
    assert page_file.exists()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    outside = []
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            args=["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"],
            headless=True,
            viewport={"width": 1200, "height": 900},
        )
        try:
            page = browser.new_page()
            page.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(("file:", "data:"))
                    else (outside.append(route.request.url), route.abort())
                ),
            )
            page.goto(page_file.as_uri(), wait_until="load")
            text = page.inner_text("body")
            stances = page.inner_text("#stances + table")
            timeline = page.inner_text("#google-vs-openai ~ table")
            korean = page.locator("#stances + table span[lang=ko]").first
            korean.scroll_into_view_if_needed()
            cdp = browser.new_cdp_session(page)
            cdp.send("DOM.getDocument")
            node = cdp.send(
                "DOM.querySelector",
                {"nodeId": cdp.send("DOM.getDocument")["root"]["nodeId"],
                 "selector": "#stances + table span[lang=ko]"},
            )  # fmt: skip
            cdp.send("CSS.enable")
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()
    assert not outside, f"the report asked for {outside}"
    google = next(line for line in stances.splitlines() if line.startswith("Google"))
    openai = next(line for line in stances.splitlines() if line.startswith("OpenAI"))
    assert "committed" in google and "committed" in openai
    # The seed story: Google declined, considered, committed; OpenAI considered, then committed.
    assert "declined → considering" in timeline and "considering → committed" in timeline
    for name in ("Microsoft", "Amazon", "Share of voice", "Top sources", "Latest stance changes"):
        assert name in text
    used = {f["familyName"]: f["glyphCount"] for f in fonts}
    assert any("CJK" in f or "KR" in f for f in used), f"Korean drawn without a CJK font: {used}"
