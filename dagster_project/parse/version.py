"""The parser's version: a release number plus a hash of the package's own source."""

from __future__ import annotations

import hashlib
from pathlib import Path

_RELEASE = "1.0"


def source_hash() -> str:
    """Short SHA-256 over this package's .py files, so any code change shows."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


PARSER_VERSION = f"{_RELEASE}+{source_hash()}"
