"""The sources file: which feeds, sitemaps and archives to read, validated up front.

A malformed sources file is a user error, so it fails before anything is fetched,
with the file name and the offending entry in the message.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml

FEED_KINDS = ("rss", "atom")
KINDS = FEED_KINDS
SCHEMES = ("http", "https", "file")


class SourcesError(ValueError):
    """The sources file cannot be used as written."""


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    url: str
    lang: str | None = None


@dataclass(frozen=True)
class SourcesConfig:
    path: Path
    sources: tuple[Source, ...]
    allow_private_hosts: bool = False
    user_agent: str | None = None
    extra: dict = field(default_factory=dict)


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
    seen: set[str] = set()
    sources = []
    for i, entry in enumerate(doc["sources"]):
        where = f"{path}: sources[{i}]"
        if not isinstance(entry, dict):
            raise SourcesError(f"{where}: expected a mapping, got {type(entry).__name__}")
        missing = [k for k in ("name", "kind", "url") if not entry.get(k)]
        if missing:
            raise SourcesError(f"{where}: missing {', '.join(missing)}")
        name, kind = str(entry["name"]), str(entry["kind"])
        if kind not in KINDS:
            raise SourcesError(f"{where} ({name}): unknown kind {kind!r}; expected one of {KINDS}")
        if name in seen:
            raise SourcesError(f"{where}: duplicate source name {name!r}")
        seen.add(name)
        try:
            url = _resolve_url(str(entry["url"]), path.resolve().parent)
        except SourcesError as exc:
            raise SourcesError(f"{where} ({name}): {exc}") from exc
        sources.append(Source(name=name, kind=kind, url=url, lang=entry.get("lang")))
    return SourcesConfig(
        path=path,
        sources=tuple(sources),
        allow_private_hosts=allow_private,
        user_agent=doc.get("user_agent"),
        extra={k: v for k, v in doc.items() if k not in ("sources", "allow_private_hosts")},
    )
