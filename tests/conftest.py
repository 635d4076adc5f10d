"""Shared fixtures: every test gets its own DCWATCH_HOME and no inherited settings."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    monkeypatch.setenv("DCWATCH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DCWATCH_SOURCES", raising=False)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.delenv("DCWATCH_LOG", raising=False)
    monkeypatch.delenv("DCWATCH_PROJECTIONS", raising=False)
    monkeypatch.delenv("DCWATCH_PROGRESS", raising=False)


def seed_article() -> str | None:
    """The article the project started from, when this checkout sits beside it."""
    for folder in (
        REPO.parent / "shared" / "seed",
        REPO.parent.parent / "shared" / "seed",
        Path("/work/shared/seed"),
    ):
        files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if files:
            return files[0].read_text(encoding="utf-8")
    return None
