"""Handing freed memory back to the system between the chunks of a ``stories`` rebuild.

A rebuild reads, fingerprints and indexes one chunk of bodies at a time, and frees each
chunk before the next; but the C allocators under DuckDB, numpy and Python keep what was
freed for reuse, scattered between live blocks, so the resident set grew with the number
of chunks (about 7 KB an article) rather than with the size of one. glibc's
``malloc_trim(0)`` returns those free pages to the system, and Arrow's memory pool returns
its own; each takes milliseconds. Elsewhere (musl, macOS, Windows) there is no
``malloc_trim``, and only Arrow's pool is asked.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import platform
import sys
from collections.abc import Callable
from functools import cache

import pyarrow as pa


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc":
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_freed_memory() -> bool:
    """Return the memory this process has freed to the system, as far as its allocators
    allow; True when glibc's heap was trimmed too."""
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
