"""Decide a page's text encoding from its raw bytes and decode it.

Order of evidence: byte-order mark, then strict UTF-8 validity, then the HTTP
``Content-Type`` charset, then ``<meta charset>`` / ``http-equiv``, then
statistical detection. Labels are mapped the way browsers (WHATWG) map them, so
``euc-kr`` decodes as the CP949 superset and ``iso-8859-1`` as windows-1252.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

# WHATWG Encoding Standard aliases that Python's codecs would otherwise take
# literally. Korean news sites still declare euc-kr while serving CP949 bytes
# (e.g. 똠, 햏, 뷁), which strict EUC-KR cannot decode.
_ALIASES = {
    "euc-kr": "cp949",
    "euckr": "cp949",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601-1989": "cp949",
    "ksc5601": "cp949",
    "ksc_5601": "cp949",
    "korean": "cp949",
    "windows-949": "cp949",
    "x-windows-949": "cp949",
    "csksc56011987": "cp949",
    "iso-ir-149": "cp949",
    "uhc": "cp949",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "l1": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "chinese": "gb18030",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "ms932": "cp932",
    "big5": "big5hkscs",
    "tis-620": "cp874",
    "iso-8859-9": "cp1254",
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
# XHTML pages may declare it only in the XML declaration.
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]+encoding\s*=\s*[\"']([\w.:-]+)", re.I)
# Labels that servers send by default rather than by knowledge of the page.
_SERVER_DEFAULTS = {"cp1252"}
_MULTIBYTE = {
    "cp949",
    "euc_kr",
    "gb18030",
    "gbk",
    "big5hkscs",
    "big5",
    "cp932",
    "shift_jis",
    "euc_jp",
    "iso2022_jp",
    "iso2022_kr",
}
# Where browsers look for <meta charset>; many Korean portals put it after
# long inline scripts, so we look further than the 1,024 bytes of the spec.
_PRESCAN_BYTES = 16_384


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the codec used, where that choice came from, and damage."""

    text: str
    encoding: str
    source: str  # 'bom' | 'utf-8' | 'header' | 'meta' | 'detected' | 'fallback'
    replacements: int  # undecodable byte sequences replaced by U+FFFD
    # The input bytes when they are exactly the text in UTF-8 (valid UTF-8 input), so a
    # parser can take them without encoding the text again.
    utf8: bytes | None = None


def normalize_label(label: str | None) -> str | None:
    """Map a declared charset label to a Python codec name, or None if unknown."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    """Charset label from an HTTP Content-Type header value."""
    m = _HEADER_CHARSET.search(content_type or "")
    return m.group(1) if m else None


def meta_charset(raw: bytes) -> str | None:
    """Charset label from <meta charset>, <meta http-equiv … charset=> or <?xml encoding>."""
    m = _META_CHARSET.search(raw[:_PRESCAN_BYTES]) or _XML_ENCODING.search(raw[:200])
    return m.group(1).decode("ascii", "ignore") if m else None


def _decode(raw: bytes, codec: str) -> tuple[str, int]:
    text = raw.decode(codec, errors="replace")
    # U+FFFD already present in valid UTF-8 input is content, not damage.
    already = raw.count(b"\xef\xbf\xbd") if codec.startswith("utf-8") else 0
    return text, max(0, text.count("\ufffd") - already)


def _valid_utf8(raw: bytes) -> bool:
    # A cut at the byte cap may split the last character; ignore up to 3 bytes.
    try:
        raw.decode("utf-8")
        return True
    except UnicodeDecodeError as e:
        return e.start >= len(raw) - 3 and e.reason == "unexpected end of data"


def _detect(raw: bytes) -> str | None:
    guess = charset_normalizer.from_bytes(raw[:200_000]).best()
    return normalize_label(guess.encoding) if guess else None


def _detected_cjk(raw: bytes) -> list[tuple[str, str | None]]:
    # EUC-KR bytes decode without error as windows-1252, so only detection
    # can tell them apart; it is asked only when a multi-byte codec would win.
    if raw.isascii():
        return []
    codec = _detect(raw)
    return [("detected", codec)] if codec in _MULTIBYTE else []


def decode_html(raw: bytes, content_type: str | None = None) -> Decoded:
    """Decode raw page bytes to text, choosing the codec from the evidence above."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            text, bad = _decode(raw, codec)
            return Decoded(text, codec, "bom", bad)
    # Valid multi-byte UTF-8 is almost never legacy CJK or Latin text by
    # accident, so it beats a wrong header (a common server misconfiguration).
    if not raw.isascii():
        try:
            # Valid throughout: every U+FFFD in it was in the page, so nothing was replaced.
            return Decoded(raw.decode("utf-8"), "utf-8", "utf-8", 0, raw)
        except UnicodeDecodeError:
            pass
        if _valid_utf8(raw):  # cut inside its last character: that one is replaced
            text, bad = _decode(raw, "utf-8")
            return Decoded(text, "utf-8", "utf-8", bad)
    header = normalize_label(header_charset(content_type))
    candidates = [("header", header), ("meta", normalize_label(meta_charset(raw)))]
    if header in _SERVER_DEFAULTS:
        # Old servers send ISO-8859-1 for every page by default; the page's
        # own declaration, then detection, know better.
        candidates = [candidates[1], *_detected_cjk(raw), candidates[0]]
    best: Decoded | None = None
    for source, codec in candidates:
        if codec is None or codec.startswith("utf-16"):
            continue  # utf-16 without a BOM is a false label on an ASCII-compatible page
        text, bad = _decode(raw, codec)
        if bad == 0:
            return Decoded(text, codec, source, 0)
        if best is None or bad < best.replacements:
            best = Decoded(text, codec, source, bad)
    codec = _detect(raw)
    if codec:
        text, bad = _decode(raw, codec)
        if best is None or bad < best.replacements:
            best = Decoded(text, codec, "detected", bad)
    if best is None:
        text, bad = _decode(raw, "utf-8")
        best = Decoded(text, "utf-8", "fallback", bad)
    return best
