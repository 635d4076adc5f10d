"""Scorer version: a short hash of every data file and rule module of the scorer.

Rows carry the version they were produced with, so a projection can tell that its
rows are stale as soon as a lexicon, the registry or a rule changes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

RULES_GENERATION = "rules-1"
PACKAGE_DIR = Path(__file__).resolve().parent
DATA_SUFFIXES = (".yaml", ".yml", ".tsv")


def data_files(data_dir: Path) -> list[Path]:
    """The lexicon and registry files under `data_dir`, sorted (the eval set excluded:
    it measures the scorer, it is not part of it)."""
    files = [
        p
        for p in Path(data_dir).rglob("*")
        if p.is_file() and p.suffix in DATA_SUFFIXES and "eval" not in p.relative_to(data_dir).parts
    ]
    return sorted(files, key=lambda p: p.relative_to(data_dir).as_posix())


def rule_files() -> list[Path]:
    """The Python modules that implement the rules (this package)."""
    return sorted(PACKAGE_DIR.glob("*.py"))


def scorer_version(data_dir: Path | str | None = None) -> str:
    """`rules-1+<12 hex>` over the data files in `data_dir` (default: the package's own)
    and the rule sources; any byte changed in either gives a new version."""
    root = Path(data_dir) if data_dir is not None else PACKAGE_DIR
    digest = hashlib.sha256()
    for path in data_files(root):
        digest.update(b"D:" + path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    for path in rule_files():
        digest.update(b"R:" + path.name.encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return f"{RULES_GENERATION}+{digest.hexdigest()[:12]}"
