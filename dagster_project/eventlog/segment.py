"""A segment's bytes: a zstd Parquet file that carries the checksum of its own data.

The writer hashes every byte it writes before the footer and records the sha256 and
the byte count in the footer's key-value metadata, so the file and its checksum are
published together, in one atomic step, on a disk as on an object store. A reader
checks that the file ends in a footer, that the footer's byte count plus the footer
is the file's size (a cut or padded file fails here), and that the data hashes to
the recorded sha256 (a flipped byte anywhere in the row groups fails here). A corrupt
footer fails to parse. Segments written before checksums existed are checked by
decoding every column.
"""

from __future__ import annotations

import hashlib
import io
import struct

import polars as pl
import pyarrow.parquet as pq

CHECKSUM_KEY = "dcwatch.sha256"
DATA_BYTES_KEY = "dcwatch.data_bytes"
_MAGIC = b"PAR1"


class CorruptSegment(Exception):
    """A segment that can never be read: retrying does not help, setting it aside does."""

    def __init__(self, where: str, seq: int, reason: str):
        self.where, self.seq, self.reason = where, seq, reason
        super().__init__(
            f"log segment {where} is corrupt ({reason}); set it aside with "
            f"`dcwatch log quarantine {seq}` (the file is kept) and run again"
        )


class _HashingSink(io.RawIOBase):
    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.sha = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:  # type: ignore[override]
        self.buffer.write(b)
        self.sha.update(b)
        self.size += len(b)
        return len(b)


def encode(frame: pl.DataFrame) -> bytes:
    """The segment file for ``frame``: zstd Parquet with statistics and its checksum."""
    table = frame.to_arrow(compat_level=pl.CompatLevel.oldest())
    sink = _HashingSink()
    writer = pq.ParquetWriter(sink, table.schema, compression="zstd", write_statistics=True)
    writer.write_table(table)
    # Everything up to here is data; the footer comes at close, carrying the checksum.
    writer.add_key_value_metadata(
        {CHECKSUM_KEY: sink.sha.hexdigest(), DATA_BYTES_KEY: str(sink.size)}
    )
    writer.close()
    return sink.buffer.getvalue()


def problem(data: bytes) -> str | None:
    """Why ``data`` is not a whole segment, or None when it is."""
    if len(data) < 12 or data[:4] != _MAGIC or data[-4:] != _MAGIC:
        return f"truncated or not Parquet: {len(data)} bytes without a footer"
    footer = struct.unpack("<I", data[-8:-4])[0]
    if footer + 12 > len(data):
        return f"truncated: footer of {footer} bytes in a file of {len(data)}"
    try:
        meta = pq.read_metadata(io.BytesIO(data)).metadata or {}
    except Exception as exc:  # whatever the parser says, the footer is damaged
        return f"unreadable footer: {_one_line(exc)}"
    recorded = meta.get(CHECKSUM_KEY.encode())
    if recorded is None:  # written before checksums: decoding every page is the check
        try:
            pl.read_parquet(io.BytesIO(data))
        except Exception as exc:
            return f"undecodable: {_one_line(exc)}"
        return None
    size = int(meta.get(DATA_BYTES_KEY.encode(), b"-1"))
    if size + footer + 8 != len(data):
        return f"size {len(data)} does not match its footer ({size} data bytes + footer)"
    if hashlib.sha256(memoryview(data)[:size]).hexdigest() != recorded.decode():
        return "checksum mismatch: its data is not what was written"
    return None


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:200] or type(exc).__name__
