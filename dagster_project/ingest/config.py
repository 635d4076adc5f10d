"""The sources file: which feeds, sitemaps and archives to read, validated up front.

A malformed sources file is a user error, so it fails before anything is fetched,
with the file name and the offending entry in the message.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from dagster_project.ingest.kinds import all_kinds

SCHEMES = ("http", "https", "file")
# politeness key -> (type, default, lower bound)
POLITENESS = {
    "rate_per_host": ((int, float), 1.0, 0.001),  # requests per second per host
    "concurrency_per_host": (int, 1, 1),
    "max_workers": (int, 8, 1),
    "respect_robots": (bool, True, None),
}


class SourcesError(ValueError):
    """The sources file cannot be used as written."""


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    url: str
    lang: str | None = None
    params: dict[str, Any] = field(default_factory=dict, compare=False)  # kind-specific fields

    @property
    def is_local(self) -> bool:
        """A bundled corpus (file://): no robots, no rate limits, and its links may be local."""
        return self.url.startswith("file:")


@dataclass(frozen=True)
class SourcesConfig:
    path: Path
    sources: tuple[Source, ...]
    allow_private_hosts: bool = False
    user_agent: str | None = None
    extra: dict = field(default_factory=dict)
    rate_per_host: float = 1.0
    concurrency_per_host: int = 1
    max_workers: int = 8
    respect_robots: bool = True
    host_rates: tuple[tuple[str, float], ...] = ()  # per-host overrides, e.g. an API's own limit


def default_sources_path() -> Path:
    """The bundled offline demo sources file."""
    return Path(__file__).resolve().parent.parent / "demo" / "sources.yaml"


def sources_path_from_env() -> Path:
    """``$DCWATCH_SOURCES`` when set, else the bundled demo sources."""
    env = os.environ.get("DCWATCH_SOURCES")
    return Path(env) if env else default_sources_path()


def _resolve_url(raw: str, base_dir: Path) -> str:
    parsed = urlparse(raw)
    if parsed.scheme in SCHEMES:
        return raw
    if parsed.scheme:
        raise SourcesError(f"unsupported URL scheme {parsed.scheme!r} in {raw!r}")
    # A bare path is relative to the sources file, so bundled corpora stay relocatable.
    return (base_dir / raw).resolve().as_uri()


def load_sources(path: str | os.PathLike[str]) -> SourcesConfig:
    """Read and validate a sources file; raise SourcesError with a precise message."""
    path = Path(path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SourcesError(f"sources file not found: {path}") from exc
    except yaml.YAMLError as exc:
        raise SourcesError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("sources"), list):
        raise SourcesError(f"{path}: expected a mapping with a 'sources' list")
    allow_private = doc.get("allow_private_hosts", False)
    if not isinstance(allow_private, bool):
        raise SourcesError(f"{path}: allow_private_hosts must be true or false")
    user_agent = doc.get("user_agent")
    if user_agent is not None and (not isinstance(user_agent, str) or not user_agent.strip()):
        raise SourcesError(f"{path}: user_agent must be a non-empty string")
    polite = _politeness(path, doc.get("politeness") or {})
    sources = _sources(path, doc["sources"])
    host_rates = dict(polite.pop("host_rates"))
    kinds = all_kinds()
    for s in sources:
        asked = kinds[s.kind].host_rate
        rate = asked(s.params) if asked else None
        if rate:
            host = urlparse(s.url).netloc.lower()
            host_rates[host] = min(rate, host_rates.get(host, rate))
    return SourcesConfig(
        path=path,
        sources=tuple(sources),
        allow_private_hosts=allow_private,
        user_agent=user_agent,
        extra={k: v for k, v in doc.items() if k not in ("sources", "allow_private_hosts")},
        host_rates=tuple(sorted(host_rates.items())),
        **polite,
    )


def _politeness(path: Path, raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise SourcesError(f"{path}: politeness must be a mapping")
    unknown = sorted(set(raw) - set(POLITENESS) - {"host_rates"})
    if unknown:
        raise SourcesError(f"{path}: politeness: unknown key(s) {', '.join(unknown)}")
    out: dict[str, Any] = {}
    for key, (typ, default, low) in POLITENESS.items():
        value = raw.get(key, default)
        if not isinstance(value, typ) or (typ is not bool and isinstance(value, bool)):
            raise SourcesError(f"{path}: politeness.{key} must be {typ}, got {value!r}")
        if low is not None and value < low:
            raise SourcesError(f"{path}: politeness.{key} must be at least {low}, got {value!r}")
        out[key] = value
    rates = raw.get("host_rates") or {}
    if not isinstance(rates, dict) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in rates.values()
    ):
        raise SourcesError(f"{path}: politeness.host_rates maps host names to requests/s > 0")
    out["host_rates"] = {str(k).lower(): float(v) for k, v in rates.items()}
    return out


def _sources(path: Path, entries: list) -> list[Source]:
    seen: set[str] = set()
    sources = []
    for i, entry in enumerate(entries):
        where = f"{path}: sources[{i}]"
        if not isinstance(entry, dict):
            raise SourcesError(f"{where}: expected a mapping, got {type(entry).__name__}")
        kind_name = str(entry.get("kind") or "")
        kind = all_kinds().get(kind_name)
        required = ("name", "kind") if kind and kind.default_url else ("name", "kind", "url")
        missing = [k for k in required if not entry.get(k)]
        if missing:
            raise SourcesError(f"{where}: missing {', '.join(missing)}")
        name = str(entry["name"])
        if kind is None:
            known = ", ".join(sorted(all_kinds()))
            raise SourcesError(
                f"{where} ({name}): unknown kind {kind_name!r}; expected one of {known}"
            )
        if name in seen:
            raise SourcesError(f"{where}: duplicate source name {name!r}")
        seen.add(name)
        try:
            params = kind.params(entry)
            url = _resolve_url(str(entry.get("url") or kind.default_url), path.resolve().parent)
            if kind.prepare:
                params = kind.prepare(params, url)
        except (SourcesError, ValueError) as exc:
            raise SourcesError(f"{where} ({name}): {exc}") from exc
        sources.append(
            Source(name=name, kind=kind_name, url=url, lang=entry.get("lang"), params=params)
        )
    return sources
