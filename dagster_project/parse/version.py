"""The parser's version: a release number plus a hash of the package's own source, of the
data it reads (``topic.yaml``, and the firm aliases of ``score/firms.yaml`` that decide
which pages get the full extraction) and of whether the cheap pass is on."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

_RELEASE = "1.1"
_HERE = Path(__file__).parent
_DATA = (_HERE / "topic.yaml", _HERE.parent / "score" / "firms.yaml")
# Set to 1 to give every page the full extraction (no cheap pass): for comparisons, and
# for anyone who wants every body stored. It is part of the version, so flipping it
# re-parses the log at the next run.
FULL_PARSE_ENV = "DCWATCH_FULL_PARSE"


def full_parse() -> bool:
    """True when ``DCWATCH_FULL_PARSE`` asks for the full extraction of every page."""
    return os.environ.get(FULL_PARSE_ENV, "").strip().lower() in ("1", "true", "yes")


def source_hash() -> str:
    """Short SHA-256 over this package's .py files and data, so any change shows."""
    digest = hashlib.sha256()
    for path in [*sorted(_HERE.glob("*.py")), *_DATA]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


PARSER_VERSION = f"{_RELEASE}+{source_hash()}" + ("+full" if full_parse() else "")
