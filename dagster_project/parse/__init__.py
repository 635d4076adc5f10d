"""HTML pages to article columns (title, dates, author, language, body), on polars frames.

One page goes through: ``guard`` (empty, binary, oversized bytes), ``encoding``
(BOM, UTF-8 validity, header, meta, detection), one lexbor parse, ``metadata``
and ``dates`` on the whole tree, ``prune`` (code, navigation, widgets,
boilerplate by class), ``density`` (which node holds the article), ``blocks``
(its text, one paragraph per line), trafilatura only when that finds almost
nothing, and ``lang`` on the result. That full extraction is for pages that
``topic`` finds worth it (a tracked firm or a data center in the title or visible
text), and they keep their body only when it or the title names one; the others stop
after the dates (``skim_page``, ``skipped_offtopic``).
``page`` ties these together for one page, ``frame`` for a polars frame,
``parallel`` for a stream of frames over worker processes.
``headlines`` makes articles of aggregator feed items, which have no page to parse.

Pure Python and polars; no Dagster here. ``PARSER_VERSION`` changes with any
change to this package's source or the data it reads, so projections rebuilt
from the log can tell which parser produced a row.
"""

from .frame import OUTPUT_SCHEMA, parse_pages
from .headlines import headline_articles
from .parallel import parse_pages_parallel
from .version import PARSER_VERSION

__all__ = [
    "OUTPUT_SCHEMA",
    "PARSER_VERSION",
    "headline_articles",
    "parse_pages",
    "parse_pages_parallel",
]
