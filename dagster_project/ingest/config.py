"""The sources file: which feeds, sitemaps and archives to read, validated up front.

A malformed sources file is a user error, so it fails before anything is fetched,
with the file name and the offending entry in the message.
"""

from __future__ import annotations

import os
import re
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
# ingest key -> (type, default, lower bound): how a pass writes and how much it takes on
INGEST = {
    "flush_pages": (int, 100, 1),  # a segment every N fetched pages ...
    "flush_seconds": ((int, float), 30.0, 0.1),  # ... or every T seconds, whichever comes first
    "max_items": (int, 300, 1),  # article fetches per source per pass; the rest wait
}
SLUG = re.compile(r"[A-Za-z0-9_-]+")


class SourcesError(ValueError):
    """The sources file cannot be used as written."""


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    url: str
    lang: str | None = None
    params: dict[str, Any] = field(default_factory=dict, compare=False)  # kind-specific fields
    max_items: int = INGEST["max_items"][1]  # article fetches per pass; the rest wait

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
    flush_pages: int = INGEST["flush_pages"][1]
    flush_seconds: float = INGEST["flush_seconds"][1]
    max_items: int = INGEST["max_items"][1]


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
    ingest = _block(path, "ingest", doc.get("ingest") or {}, INGEST)
    sources = _sources(path, doc["sources"], ingest["max_items"])
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
        **ingest,
    )


def _block(path: Path, name: str, raw: Any, spec: dict, extra: tuple = ()) -> dict[str, Any]:
    """A settings mapping of the sources file, checked against ``spec`` (defaults filled)."""
    if not isinstance(raw, dict):
        raise SourcesError(f"{path}: {name} must be a mapping")
    unknown = sorted(set(raw) - set(spec) - set(extra))
    if unknown:
        raise SourcesError(f"{path}: {name}: unknown key(s) {', '.join(unknown)}")
    out: dict[str, Any] = {}
    for key, (typ, default, low) in spec.items():
        value = raw.get(key, default)
        if not isinstance(value, typ) or (typ is not bool and isinstance(value, bool)):
            raise SourcesError(f"{path}: {name}.{key} must be {typ}, got {value!r}")
        if low is not None and value < low:
            raise SourcesError(f"{path}: {name}.{key} must be at least {low}, got {value!r}")
        out[key] = value
    return out


def _politeness(path: Path, raw: Any) -> dict[str, Any]:
    out = _block(path, "politeness", raw, POLITENESS, extra=("host_rates",))
    rates = raw.get("host_rates") or {}
    if not isinstance(rates, dict) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in rates.values()
    ):
        raise SourcesError(f"{path}: politeness.host_rates maps host names to requests/s > 0")
    out["host_rates"] = {str(k).lower(): float(v) for k, v in rates.items()}
    return out


def _sources(path: Path, entries: list, max_items: int) -> list[Source]:
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
        if not SLUG.fullmatch(name):
            raise SourcesError(
                f"{where}: source name {name!r} may hold only letters, digits, '-' and '_' "
                "(it names the source's archive partitions and folders)"
            )
        if kind is None:
            known = ", ".join(repr(k) for k in all_kinds())
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
        cap = entry.get("max_items", max_items)
        if not isinstance(cap, int) or isinstance(cap, bool) or cap < 1:
            raise SourcesError(f"{where} ({name}): 'max_items' must be a whole number ≥ 1")
        sources.append(Source(name, kind_name, url, entry.get("lang"), params, max_items=cap))
    return sources
