"""``dcwatch ui``: the Dagster UI and daemon on loopback, stopped cleanly by Ctrl-C or SIGTERM.

``dagster dev`` runs in its own process group, so a signal reaches it, the webserver,
the daemon and the code server exactly once (from us), and whatever is still alive
after the grace period can be killed as a group instead of being left orphaned.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from dagster_project.cli.common import home
from dagster_project.cli.instance import dagster_home as shared_dagster_home

DEFAULT_PORT = 3000
HOST = "127.0.0.1"  # loopback only: the UI can launch runs and has no login
GRACE_S = 30.0  # dagster dev waits up to ~10 s per service before it kills them itself


def ui_environment(environ: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The environment for ``dagster dev`` and the warnings a user should see first.

    The Dagster instance is the one every dcwatch command shares (``dcwatch run`` records
    its runs there too). Paths become absolute because runs start in subprocesses whose
    working directory is not guaranteed to be the one ``dcwatch ui`` was started in.
    """
    env = dict(environ)
    env["DCWATCH_HOME"] = str(home())
    dagster_home, warnings = shared_dagster_home(env)
    env["DAGSTER_HOME"] = str(dagster_home)
    if env.get("DCWATCH_SOURCES"):
        env["DCWATCH_SOURCES"] = str(Path(env["DCWATCH_SOURCES"]).expanduser().resolve())
    return env, warnings


LOCATION = "dcwatch"  # the code location's name in the UI (pyproject's code_location_name)


def write_workspace(folder: Path) -> Path:
    """A workspace file naming the code location ``dcwatch`` (``-m`` alone would call it
    ``dagster_project``); written into the instance folder, so it works from any directory."""
    path = folder / "workspace.yaml"
    path.write_text(
        "# Written by `dcwatch ui`: the dcwatch code location from the installed package.\n"
        "load_from:\n"
        f"  - python_module: {{module_name: dagster_project, location_name: {LOCATION}}}\n",
        encoding="utf-8",
    )
    return path


def dev_command(port: int, workspace: Path) -> list[str]:
    """``dagster dev`` for the dcwatch code location, from this interpreter's environment."""
    return [
        sys.executable,
        "-m",
        "dagster",
        "dev",
        "-w",
        str(workspace),
        "--host",
        HOST,
        "--port",
        str(port),
    ]


def _signal_group(pgid: int, signum: int) -> None:
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:  # the group is already gone
        pass


def serve(cmd: list[str], env: dict[str, str], grace_s: float = GRACE_S) -> int:
    """Run ``cmd`` in its own process group until it exits or we are told to stop.

    On SIGINT or SIGTERM the signal goes to the whole group and we wait up to
    ``grace_s`` for it to shut down; a stop we asked for exits 0.
    """
    proc = subprocess.Popen(cmd, env=env, start_new_session=True)
    stopping: list[int] = []

    def forward(signum: int, _frame: object) -> None:
        if not stopping:  # a second Ctrl-C while shutting down must not restart the wait
            stopping.append(signum)
            _signal_group(proc.pid, signum)

    previous = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        while True:
            try:
                code = proc.wait(timeout=grace_s if stopping else None)
                break
            except subprocess.TimeoutExpired:
                print(
                    f"dagster dev did not stop within {grace_s:.0f}s; killing it", file=sys.stderr
                )
                _signal_group(proc.pid, signal.SIGKILL)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        # Run workers or a code server that outlived dagster dev would hold the DuckDB lock.
        _signal_group(proc.pid, signal.SIGKILL)
    return 0 if stopping else code


def port_in_use(port: int) -> bool:
    """Whether something already listens on the loopback port (another UI, most likely)."""
    with socket.socket() as s:
        return s.connect_ex((HOST, port)) == 0


def cmd_ui(args: argparse.Namespace) -> int:
    # dagster dev would start, log the webserver's bind error among its own lines and carry
    # on without a UI; say it plainly instead.
    if port_in_use(args.port):
        print(
            f"error: port {args.port} on {HOST} is already in use (another `dcwatch ui`?); "
            f"stop it or choose another port with --port",
            file=sys.stderr,
        )
        return 2
    env, warnings = ui_environment(dict(os.environ))
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(
        f"Dagster UI on http://{HOST}:{args.port}  (Ctrl-C to stop)\n"
        f"  DAGSTER_HOME={env['DAGSTER_HOME']}\n  DCWATCH_HOME={env['DCWATCH_HOME']}\n"
        f"  DCWATCH_SOURCES={env.get('DCWATCH_SOURCES', '(bundled demo sources)')}",
        flush=True,
    )
    workspace = write_workspace(Path(env["DAGSTER_HOME"]))
    return serve(dev_command(args.port, workspace), env)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ui", help="start the Dagster UI and daemon on 127.0.0.1 (dagster dev)")
    p.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port of the web UI (default {DEFAULT_PORT})",
    )
    p.set_defaults(func=cmd_ui)
