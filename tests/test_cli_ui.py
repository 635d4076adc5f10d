"""``dcwatch ui``: its environment, its DAGSTER_HOME settings, and a clean stop on a signal."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from test_ui_client import free_port

from dagster_project.cli import main
from dagster_project.cli.instance import BUNDLED_SETTINGS
from dagster_project.cli.ui import dev_command, ui_environment, write_workspace

# Slow tier: real Dagster runs, servers or whole-corpus passes (./bin/test -m "not slow" skips).
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent


def test_bundled_dagster_yaml_turns_off_telemetry_and_modal_and_limits_the_pool():
    doc = yaml.safe_load(BUNDLED_SETTINGS.read_text())
    assert doc["telemetry"]["enabled"] is False and doc["nux"]["enabled"] is False
    assert doc["concurrency"]["pools"]["default_limit"] == 1


def test_default_dagster_home_is_under_dcwatch_home_with_the_bundled_settings(tmp_path):
    env, warnings = ui_environment({"DCWATCH_SOURCES": "feeds.yaml"})
    home = Path(os.environ["DCWATCH_HOME"])  # set per test by conftest
    assert env["DAGSTER_HOME"] == str(home / "dagster_home") and warnings == []
    assert (home / "dagster_home" / "dagster.yaml").read_text() == BUNDLED_SETTINGS.read_text()
    assert env["DCWATCH_HOME"] == str(home)
    assert env["DCWATCH_SOURCES"] == str(Path("feeds.yaml").resolve())


def test_users_dagster_home_is_kept_and_a_missing_dagster_yaml_is_named(tmp_path):
    env, warnings = ui_environment({"DAGSTER_HOME": str(tmp_path)})
    assert env["DAGSTER_HOME"] == str(tmp_path)
    assert len(warnings) == 1
    assert f"DAGSTER_HOME={tmp_path} has no dagster.yaml" in warnings[0]
    assert str(BUNDLED_SETTINGS) in warnings[0]  # what to copy, from where
    shutil.copy(BUNDLED_SETTINGS, tmp_path / "dagster.yaml")
    assert ui_environment({"DAGSTER_HOME": str(tmp_path)})[1] == []


def test_dev_command_serves_the_dcwatch_code_location_on_loopback_only(tmp_path):
    workspace = write_workspace(tmp_path)
    cmd = dev_command(3123, workspace)
    assert cmd[1:4] == ["-m", "dagster", "dev"]
    assert cmd[cmd.index("-w") + 1] == str(workspace)
    doc = yaml.safe_load(workspace.read_text())
    assert doc["load_from"][0]["python_module"] == {
        "module_name": "dagster_project",
        "location_name": "dcwatch",
    }
    assert cmd[cmd.index("--host") + 1] == "127.0.0.1" and cmd[cmd.index("--port") + 1] == "3123"


def test_a_busy_port_is_refused_with_a_clear_message(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["ui", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"port {port} on 127.0.0.1 is already in use" in err and "--port" in err


def test_ui_is_a_subcommand_with_a_port(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["ui", "--help"])
    assert exit_.value.code == 0
    assert "--port" in capsys.readouterr().out


def _descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # exited while we looked
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    """Running, not a zombie awaiting its parent."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_signal_stops_webserver_daemon_and_code_server(tmp_path, signum):
    port = free_port()
    env = dict(os.environ)  # the default instance: $DCWATCH_HOME/dagster_home
    log = tmp_path / "ui.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "dagster_project", "ui", "--port", str(port)],
            env=env,
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=5)
                break
            except OSError:
                assert proc.poll() is None, log.read_text()
                time.sleep(0.5)
        else:
            pytest.fail(f"the UI did not answer within 120 s:\n{log.read_text()}")
        services = _descendants(proc.pid)
        assert len(services) >= 3, "expected dagster dev, the webserver and the daemon"
        started = time.monotonic()
        proc.send_signal(signum)
        assert proc.wait(timeout=60) == 0, log.read_text()
        print(f"stopped in {time.monotonic() - started:.1f}s")
    finally:
        if proc.poll() is None:
            proc.kill()
    left = {p for p in services if _alive(p)}
    assert not left, f"still running after dcwatch ui exited: {left}"
    assert "Dagster services shut down" in log.read_text()
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=5)
