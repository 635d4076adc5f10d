"""Word lists live in the scorer's data files, each defined once, never in its modules."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

from dagster_project import score

PACKAGE = Path(score.__file__).resolve().parent
_HANGUL = re.compile("[\uac00-\ud7a3]")
# lower-case words of a language; morpheme tags (NNG) and names with underscores are code
_ENGLISH_WORD = re.compile(r"[a-z][a-z'’ -]*")


def _code_words() -> set[str]:
    """Names the code itself uses as values (stances, holder roles, the data files' keys):
    a tuple of those is an enumeration, not a word list."""
    from dagster_project.score import STANCES
    from dagster_project.score.english import HOLDER_ROLES as EN_ROLES
    from dagster_project.score.korean_roles import HOLDER_ROLES as KO_ROLES

    keys: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            keys.update(map(str, node))
            for value in node.values():
                walk(value)

    for path in PACKAGE.glob("*.yaml"):
        walk(yaml.safe_load(path.read_text("utf-8")))
    return set(STANCES) | set(EN_ROLES) | set(KO_ROLES) | keys | {"partner", "headline"}


def _word_lists(tree: ast.Module, code: set[str]):
    for node in ast.walk(tree):
        if isinstance(node, ast.Set | ast.List | ast.Tuple):
            words = [
                e.value
                for e in node.elts
                if isinstance(e, ast.Constant)
                and isinstance(e.value, str)
                and (_HANGUL.search(e.value) or _ENGLISH_WORD.fullmatch(e.value))
            ]
            if len(words) >= 5 and not set(words) <= code:
                yield node.lineno, words[:4]


def test_no_word_list_in_a_rule_module():
    code = _code_words()
    found = {
        f"{path.name}:{line}": words
        for path in sorted(PACKAGE.glob("*.py"))
        for line, words in _word_lists(ast.parse(path.read_text("utf-8")), code)
    }
    assert found == {}, f"word lists belong in the package's YAML files: {found}"


def test_turn_connectives_are_defined_once():
    """The openings that turn a story (그러나, However …) are one list, read by both the
    article decision and the English anaphor rule."""
    texts = {p.name: p.read_text("utf-8") for p in PACKAGE.glob("*.yaml")}
    assert sum("그럼에도" in t for t in texts.values()) == 1
    words = yaml.safe_load(texts["words.yaml"])
    assert {"However", "But"} <= set(words["turns"]["en"])
    modules = {p.name: p.read_text("utf-8") for p in PACKAGE.glob("*.py")}
    assert not any("그럼에도" in t or '"However"' in t for t in modules.values())
