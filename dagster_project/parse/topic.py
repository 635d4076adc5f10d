"""Is a page about our subject? Its title or text names a tracked firm or a data center.

The cheap pass (``page.skim_page``) asks it twice: of the visible text, to skip most
off-topic pages before any extraction, then of the extracted body, so that a firm named
only in page chrome (share links, navigation) does not keep a body. The test is a
superset of what the scorer can use: the scorer keeps only sentences of the body (and
the title) that match the registry's prefilter of foreign-firm aliases, the same pattern
as here, and the body is part of the visible text. So a page that fails it would have
given no mention, and skipping it changes no score. The firm aliases come from
``score/firms.yaml`` through the registry loader; the data-center words from
``topic.yaml``. Both files are part of ``PARSER_VERSION``.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from dagster_project.score.registry import load_registry

TOPIC_FILE = Path(__file__).with_name("topic.yaml")
# Characters of visible text (after the title) a skipped page's language is read from.
SAMPLE_CHARS = 600


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    aliases = re.compile(load_registry().prefilter_pattern())
    terms = yaml.safe_load(TOPIC_FILE.read_text(encoding="utf-8"))["datacenter_terms"]
    # lowercased terms over lowercased text: faster than re.IGNORECASE on long pages
    dc = re.compile("|".join(re.escape(t.lower()).replace(r"\ ", r"\s+") for t in terms))
    return aliases, dc


def on_topic(title: str | None, visible: str | None) -> bool:
    """True when the title or the visible text names a tracked foreign firm (by any alias
    in the registry, case as registered) or a data center (``topic.yaml``)."""
    aliases, dc = _patterns()
    for text in (title or "", visible or ""):
        if aliases.search(text) or dc.search(text.lower()):
            return True
    return False
