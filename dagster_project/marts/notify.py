"""Send each new alert to where the sources file says: a webhook and/or a command.

The ``alerts:`` section of the sources file::

    alerts:
      webhook: https://hooks.example.com/dcwatch   # POST, one JSON object per alert
      command: ["/usr/local/bin/page-oncall", "--dcwatch"]   # one run per alert, JSON on stdin

A failed delivery is logged and counted, never raised: an unreachable chat server must
not fail the refresh that found the alert (the alert stays in the ``alerts`` table).
"""

from __future__ import annotations

import json
import logging
import shlex
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass

import requests

from dagster_project.marts.alerts import as_payload

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AlertTargets:
    webhook: str | None = None
    command: tuple[str, ...] = ()
    timeout_s: float = 10.0

    @property
    def empty(self) -> bool:
        return not self.webhook and not self.command


@dataclass
class Delivery:
    sent: int = 0
    failed: int = 0


def targets_from_config(section: object) -> AlertTargets:
    """The ``alerts:`` section of a sources file (None when absent) as delivery targets."""
    if section is None:
        return AlertTargets()
    if not isinstance(section, dict):
        raise ValueError("alerts: expected a mapping with webhook and/or command")
    webhook = section.get("webhook")
    if webhook is not None and not isinstance(webhook, str):
        raise ValueError("alerts.webhook: expected a URL")
    command = section.get("command") or ()
    # A string is split like a shell would, but never run through one.
    command = tuple(shlex.split(command)) if isinstance(command, str) else tuple(map(str, command))
    timeout = float(section.get("timeout_s", 10.0))
    return AlertTargets(webhook=webhook or None, command=command, timeout_s=timeout)


def deliver(
    alerts: Iterable[dict],
    targets: AlertTargets,
    logger: logging.Logger | logging.LoggerAdapter = log,
) -> Delivery:
    """Send every alert to every target; return how many deliveries worked and failed."""
    result = Delivery()
    for alert in alerts:
        body = json.dumps(as_payload(alert), ensure_ascii=False)
        if targets.webhook:
            _count(result, _post(targets.webhook, body, targets.timeout_s, logger))
        if targets.command:
            _count(result, _run(targets.command, body, targets.timeout_s, logger))
    return result


def _count(result: Delivery, ok: bool) -> None:
    if ok:
        result.sent += 1
    else:
        result.failed += 1


def _post(url: str, body: str, timeout_s: float, logger) -> bool:
    try:
        resp = requests.post(
            url,
            data=body.encode(),
            timeout=timeout_s,
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
    except requests.RequestException as exc:
        logger.warning(f"alert webhook {url} failed: {exc}")
        return False
    if resp.status_code >= 300:
        logger.warning(f"alert webhook {url} answered {resp.status_code}: {resp.text[:200]}")
        return False
    return True


def _run(command: tuple[str, ...], body: str, timeout_s: float, logger) -> bool:
    try:
        done = subprocess.run(
            command, input=body, text=True, capture_output=True, timeout=timeout_s, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        logger.warning(f"alert command {command[0]} failed: {exc}")
        return False
    if done.returncode != 0:
        logger.warning(
            f"alert command {command[0]} exited {done.returncode}: {done.stderr.strip()[:200]}"
        )
        return False
    return True
