"""A failure as one plain line: what went wrong, then what to do.

Dagster wraps an asset's exception in its own ("Error occurred while executing op …");
the cause a user can act on is the innermost one. Known causes (the DuckDB lock, a
read-only folder, a full disk, an unreadable log segment) get their own advice.
"""

from __future__ import annotations

import errno
import re

_LOCK_PID = re.compile(r"\(PID (\d+)\)")
_LOCKED_FILE = re.compile(r'(?:file|lock on file) "([^"]+)"|^(\S+\.duckdb) is held')
_SEGMENT = re.compile(r"(\S*seg-\d+\.parquet)")
_ERRNO = re.compile(r"\[Errno (\d+)\][^']*(?:'([^']+)')?")
GENERIC_ADVICE = "run the command again with --verbose for the full traceback"


def innermost(error) -> tuple[str, str]:
    """(class name, message) of the deepest cause of an exception or a Dagster error info."""
    while True:
        nxt = getattr(error, "cause", None) or getattr(error, "__cause__", None)
        if nxt is None and getattr(error, "context", None) is not None:
            nxt = error.context  # Dagster's SerializableErrorInfo keeps implicit chains here
        if nxt is None:
            break
        error = nxt
    if hasattr(error, "cls_name"):  # SerializableErrorInfo
        return error.cls_name or "Error", (error.message or "").strip()
    return type(error).__name__, str(error).strip()


def plain(cls_name: str, message: str) -> str:
    """The cause in plain words and what to do, on one line."""
    cls_name = cls_name.rsplit(".", 1)[-1]  # Dagster records qualified names
    first = message.splitlines()[0] if message else ""
    first = re.sub(rf"^(?:[\w.]*\.)?{re.escape(cls_name)}: ", "", first)
    if cls_name == "WarehouseLocked" or "Conflicting lock" in message:
        pid = _LOCK_PID.search(message)
        who = f"process {pid[1]}" if pid else "another process"
        found = _LOCKED_FILE.search(message)
        path = (found[1] or found[2]) if found else "the DuckDB file"
        return (
            f"{path} is locked by {who} (another dcwatch run, a duckdb shell or a notebook): "
            f"close it or wait for it to finish, then run again; meanwhile `dcwatch query` "
            f"reads the published copy dcwatch-read.duckdb"
        )
    code = _ERRNO.search(message)
    if code and int(code[1]) in (errno.EACCES, errno.EPERM, errno.EROFS):
        where = code[2] or "a file under DCWATCH_HOME"
        return (
            f"cannot write {where}: the folder is read-only or not yours; point DCWATCH_HOME "
            f"at a writable folder (or fix its permissions) and run again"
        )
    if code and int(code[1]) == errno.ENOSPC:
        return "the disk is full: free some space under DCWATCH_HOME and run again"
    segment = _SEGMENT.search(message)
    if segment and cls_name not in ("SourcesError",):
        return (
            f"log segment {segment[1]} cannot be read ({cls_name}: {first[:200]}); it is "
            f"corrupt or truncated: move it out of events/ (keep a copy), then run "
            f"`dcwatch replay`"
        )
    if cls_name == "SourcesError":
        return first
    return f"{cls_name}: {first[:300]}; {GENERIC_ADVICE}"


def explain_exception(exc: BaseException) -> str:
    """``plain`` for a Python exception (its innermost cause)."""
    return plain(*innermost(exc))
