"""Folders of web archives: a WARC source whose url is a local folder or a glob.

One WARC file is imported whole by every refresh (re-reading it adds nothing: event
ids are stable). A folder of them is a different animal: a month of Common Crawl's
CC-NEWS is dozens of 1 GB files. Such a source is imported file by file, each file
one partition of the ``archive_imports`` asset, so a backfill can be launched,
watched, retried and re-run per file from the Dagster UI or ``dcwatch
import-archives``, and a refresh never re-reads years of archives.

A partition key is ``<source name>/<file path under the folder>``: readable in the
UI, stable when the folder moves, and unique across sources.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from dagster_project.ingest.config import Source, SourcesConfig
from dagster_project.ingest.kinds import kind_of

GLOB_CHARS = "*?["
# Dagster refuses these inside partition keys; a file named so cannot be a partition.
_BAD_IN_KEYS = ("...", "\n", "\r", "\t", "\0")


class ArchiveError(LookupError):
    """A partition key that names no archive file of the current sources file."""


def local_path(source: Source) -> Path:
    """The filesystem path (or glob pattern) of a local source's url."""
    return Path(url2pathname(urlsplit(source.url).path))


def is_archive_folder(source: Source) -> bool:
    """True for a local source of an importing kind (WARC) that names a folder or a glob
    rather than one file."""
    kind = kind_of(source.kind)
    if not (kind.imports and kind.file_suffixes) or not source.is_local:
        return False
    path = local_path(source)
    return any(ch in str(path) for ch in GLOB_CHARS) or path.is_dir()


def _base_and_pattern(path: Path) -> tuple[Path, str]:
    """Split ``/data/cc-news/2024-*/*.warc.gz`` into its fixed folder and the glob below it."""
    if path.is_dir():
        return path, "**/*"
    parts = path.parts
    first_glob = next(i for i, part in enumerate(parts) if any(c in part for c in GLOB_CHARS))
    return Path(*parts[:first_glob]), str(Path(*parts[first_glob:]))


def archive_files(source: Source) -> dict[str, Path]:
    """Partition key -> file for every archive file of a folder source, in key order.

    Files that are not WARC (by suffix) are ignored, so a folder may hold indexes or
    checksums next to its archives.
    """
    base, pattern = _base_and_pattern(local_path(source))
    suffixes = kind_of(source.kind).file_suffixes
    files = (p for p in base.glob(pattern) if p.name.lower().endswith(suffixes))
    keys = {f"{source.name}/{p.relative_to(base).as_posix()}": p for p in files if p.is_file()}
    return {k: p for k, p in sorted(keys.items()) if not any(b in k for b in _BAD_IN_KEYS)}


def all_archive_files(config: SourcesConfig) -> dict[str, Path]:
    """Partition key -> file over every folder source of ``config``."""
    out: dict[str, Path] = {}
    for source in config.sources:
        if is_archive_folder(source):
            out.update(archive_files(source))
    return out


def partition_source(config: SourcesConfig, key: str) -> Source:
    """The single-file source that imports partition ``key``: the folder source's
    settings with the url of that one file. Raises ArchiveError, naming what is
    missing, when the source or the file is gone."""
    name = key.split("/", 1)[0]
    folder = next((s for s in config.sources if s.name == name), None)
    if folder is None or not is_archive_folder(folder):
        raise ArchiveError(
            f"partition {key!r}: the sources file {config.path} has no WARC folder source "
            f"named {name!r} (was it renamed or removed?)"
        )
    path = archive_files(folder).get(key)
    if path is None:
        raise ArchiveError(
            f"partition {key!r}: no such archive file under {local_path(folder)} "
            "(moved or deleted since it was registered?)"
        )
    return dataclasses.replace(folder, url=path.resolve().as_uri())
