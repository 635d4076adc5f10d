"""The registry of source kinds: each kind is one module in this package.

A kind module builds a ``Kind`` (its fields, how it discovers article links each
pass, which links a document lists for the feed sensor, how it imports files) and
passes it to ``register``. Nothing outside this package names a kind: the sources
file, the ingest pass, the sensor and the archive partitions all ask the registry.
Every module of the package is imported on first use, so a new kind is a new file.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# field -> (type, default); a default of ... means the field is required.
Fields = dict[str, tuple[type | tuple[type, ...], Any]]
COMMON_FIELDS = {"name", "kind", "url", "lang", "max_items"}


@dataclass(frozen=True)
class Kind:
    """What the rest of ingest needs to know about one kind of source.

    ``poll(source, client, validators) -> Polled`` discovers article links each pass;
    ``links(body, url, content_type, params) -> [url]`` lists a document's links for the feed
    sensor (None: the kind is not watched); ``imports(source, log, client, run_id, progress,
    report=None, stop=None) -> Imported`` reads a whole file into the log (stopping
    after the current record once ``stop`` is set), and with ``file_suffixes`` a local
    folder of such files becomes one partition per file. ``prepare(params, url)``
    checks fields together and fills derived ones; ``host_rate(params)`` is a request
    rate the kind's host asks for (requests/s), or None.
    """

    name: str
    fields: Fields = field(default_factory=dict)
    poll: Callable[..., Any] | None = None
    links: Callable[[bytes, str, str | None, dict], list[str]] | None = None
    imports: Callable[..., Any] | None = None
    file_suffixes: tuple[str, ...] = ()
    default_url: str | None = None
    prepare: Callable[[dict, str], dict] | None = None
    host_rate: Callable[[dict], float | None] | None = None

    def params(self, entry: dict) -> dict[str, Any]:
        """Validate ``entry``'s own fields; return them with defaults filled in.

        Raises ValueError with a message naming the field and what was expected.
        """
        unknown = sorted(set(entry) - COMMON_FIELDS - set(self.fields))
        if unknown:
            allowed = ", ".join(sorted(self.fields)) or "none"
            raise ValueError(
                f"unknown field(s) {', '.join(unknown)} for kind {self.name!r} "
                f"(its own fields: {allowed})"
            )
        out: dict[str, Any] = {}
        for key, (typ, default) in self.fields.items():
            out[key] = check_value(key, entry.get(key, default), typ, self.name)
        return out


def check_value(key: str, value: Any, typ: type | tuple[type, ...], kind: str = "") -> Any:
    """``value`` if it is of ``typ`` and not negative; raise ValueError otherwise."""
    if value is ...:
        raise ValueError(f"kind {kind!r} needs {key!r}")
    # True is an int to Python, not to a sources file: only a bool field takes it
    if value is not None and (
        not isinstance(value, typ) or (isinstance(value, bool) and typ is not bool)
    ):
        raise ValueError(f"{key!r} must be {_type_name(typ)}, got {value!r}")
    if isinstance(value, int | float) and value < 0:
        raise ValueError(f"{key!r} must not be negative, got {value!r}")
    return value


_REGISTRY: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    """Make ``kinds`` known by name (called by each kind module when it is imported)."""
    for kind in kinds:
        if kind.name in _REGISTRY and _REGISTRY[kind.name] is not kind:
            raise ValueError(f"source kind {kind.name!r} is registered twice")
        _REGISTRY[kind.name] = kind


def all_kinds() -> dict[str, Kind]:
    """Every registered kind by name, importing the kind modules on first use."""
    if not _REGISTRY:
        for module in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{module.name}")
    return _REGISTRY


def kind_of(name: str) -> Kind:
    """The kind called ``name``; KeyError for an unknown one (the sources file checks first)."""
    return all_kinds()[name]


def _type_name(typ: type | tuple[type, ...]) -> str:
    names = [t.__name__ for t in (typ if isinstance(typ, tuple) else (typ,))]
    return " or ".join(names)
