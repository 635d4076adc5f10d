"""Every command line the README shows and every example `dcwatch query --list` prints runs
on the demo corpus and exits 0 (a command that needs the internet is the one exception)."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest
from test_ui_client import free_port

from dagster_project.marts.queries import catalogue

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
NEEDS_INTERNET = "dagster_project/ingest/korea.yaml"  # live outlets: not run offline
_FENCE = re.compile(r"^```\w*\n(.*?)^```", re.S | re.M)
_COMMAND = re.compile(r"^((?:[A-Z_]+=\S+\s+)*)dcwatch(\s.*)?$")


def readme_commands() -> list[str]:
    """Lines of the README's code blocks that run dcwatch (comments after '  #' cut)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found = []
    for block in _FENCE.findall(text):
        for line in block.splitlines():
            line = re.split(r"\s{2,}#", line.strip())[0].strip()
            if _COMMAND.match(line) and line not in found:
                found.append(line)
    return found


def list_examples() -> list[str]:
    return [example for q in catalogue() for example in q.examples]


COMMANDS = readme_commands() + [c for c in list_examples() if c not in readme_commands()]


def test_the_readme_and_the_list_show_commands():
    lines = readme_commands()
    assert "dcwatch run" in lines and "dcwatch query --list" in lines and len(lines) >= 8
    assert len(list_examples()) >= len(catalogue())  # every query shows at least one


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("documented")
    env = {k: v for k, v in os.environ.items() if k not in ("DCWATCH_SOURCES", "DAGSTER_HOME")}
    env["DCWATCH_HOME"] = str(tmp / "data")
    proc = _dcwatch(["run", "--quiet"], env, tmp)
    assert proc.returncode == 0, proc.stderr[-3000:]
    con = duckdb.connect(str(tmp / "data" / "dcwatch.duckdb"), read_only=True)
    versions = [r[0] for r in con.execute("SELECT scorer_version FROM scorer_versions").fetchall()]
    con.close()
    segments = sorted((tmp / "data" / "events").glob("seg-*.parquet"))
    seg = str(int(segments[-1].stem.split("-")[1]))  # the README's SEG: a segment that exists
    return tmp, env, {"OLD": versions[0], "NEW": versions[-1], "SEG": seg}


def _dcwatch(args, env, cwd, timeout=600):
    return subprocess.run(
        [sys.executable, "-m", "dagster_project", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _ui_starts_and_stops(args, env, cwd) -> None:
    port = free_port()  # the documented default, 3000, may be taken on a shared machine
    args = [*args, "--port", str(port)] if "--port" not in args else args
    proc = subprocess.Popen(
        [sys.executable, "-m", "dagster_project", *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert proc.poll() is None, f"dcwatch ui exited {proc.returncode}"
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("dcwatch ui did not answer within 120 s")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()


@pytest.mark.parametrize("line", COMMANDS)
def test_documented_command_runs(demo, line):
    tmp, env, placeholders = demo
    if NEEDS_INTERNET in line:
        pytest.skip("reads live news sites")
    m = _COMMAND.match(line)
    env = {**env, **dict(a.split("=", 1) for a in m[1].split())}
    args = [placeholders.get(a, a) for a in shlex.split(m[2] or "")]
    if args[:1] == ["ui"]:
        _ui_starts_and_stops(args, env, tmp)
        return
    proc = _dcwatch(args, env, tmp)
    assert proc.returncode == 0, f"{line}\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    assert "Traceback" not in proc.stderr
