"""HTML pages to article columns (title, dates, author, language, body), on polars frames.

Pure Python and polars; no Dagster here. ``PARSER_VERSION`` changes with any
change to this package's source, so projections rebuilt from the log can tell
which parser produced a row.
"""

from .frame import OUTPUT_SCHEMA, parse_pages
from .parallel import parse_pages_parallel
from .version import PARSER_VERSION

__all__ = ["OUTPUT_SCHEMA", "PARSER_VERSION", "parse_pages", "parse_pages_parallel"]
