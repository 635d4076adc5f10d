"""Cheap checks on raw bytes before any parsing: empty, binary, oversized."""

from __future__ import annotations

from dataclasses import dataclass

# A news article is rarely over 1 MiB of HTML; portals with inline data reach a
# few MiB. Past this we parse only the head of the page and say so.
MAX_PARSE_BYTES = 4 * 1024 * 1024

# Magic numbers of formats that servers mislabel as text/html.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"%PDF-", "pdf"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"PK\x03\x04", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"RIFF", "riff"),
    (b"\x00\x00\x01\x00", "ico"),
    (b"OggS", "ogg"),
    (b"ID3", "mp3"),
    (b"\x00asm", "wasm"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf", "7z"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"wOFF", "woff"),
    (b"wOF2", "woff2"),
)
_BINARY_TYPES = (
    "image/",
    "audio/",
    "video/",
    "font/",
    "application/pdf",
    "application/zip",
    "application/octet-stream",
    "application/gzip",
    "application/x-",
)
# C0 control bytes that do not occur in text (tab, newlines, form feed and
# escape do).
_BINARY_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


@dataclass(frozen=True)
class Verdict:
    """What to do with a page: status None means parse ``data``."""

    data: bytes
    status: str | None
    reason: str | None


def _looks_binary(head: bytes) -> str | None:
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 text with a BOM legitimately holds NUL bytes
    controls = len(head) - len(head.translate(None, _BINARY_CONTROLS))
    # Text pages hold almost no C0 controls; compressed or image data ~12 %. A stray NUL
    # (a CMS bug, a pasted byte) counts like any other control, not as proof of binary.
    if head and controls / len(head) > 0.05:
        return "unknown binary"
    return None


def check(raw: bytes | None, content_type: str | None) -> Verdict:
    """Classify raw bytes as empty, binary, too large (truncated) or parseable."""
    if raw is None or not raw.strip():
        return Verdict(b"", "empty", "no bytes received")
    kind = _looks_binary(raw[:4096])
    if kind:
        return Verdict(b"", "binary", f"{kind} content served as {content_type or 'unknown type'}")
    ctype = (content_type or "").lower()
    if ctype.startswith(_BINARY_TYPES) and b"<" not in raw[:1024]:
        return Verdict(b"", "binary", f"non-text content type {content_type}")
    if len(raw) > MAX_PARSE_BYTES:
        reason = f"parsed first {MAX_PARSE_BYTES // 1048576} MiB of {len(raw) / 1048576:.1f} MiB"
        return Verdict(raw[:MAX_PARSE_BYTES], "too_large", reason)
    return Verdict(raw, None, None)
