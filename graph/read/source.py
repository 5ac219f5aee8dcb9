"""Load a file as text, refusing what is not a plain-text Kamervragen document.

Every refusal is a :class:`~graph.errors.ReadError` naming the file and the reason,
so ``kg`` can print one line and exit 2.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from graph.errors import ReadError, TooLargeError

MAX_BYTES = 5 * 1024 * 1024
"""Largest file read (5 MB). Real documents are under 100 KB; a bigger file is almost
certainly not one Kamervragen document, and refusing it early bounds time and memory."""

_HTML = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|div|p|table)\b", re.IGNORECASE)


def load_text(path: str | Path) -> tuple[str, str]:
    """Return ``(text, sha256)`` (of the file's bytes); UTF-8 (with or without BOM), UTF-16
    with a BOM, else cp1252: byte by byte where UTF-8 fails (:func:`_cp1252_bytes`)."""
    p = Path(path)
    if not p.exists():
        raise ReadError("no such file", str(path))
    if p.is_dir():
        raise ReadError("is a directory, not a document", str(path))
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise TooLargeError(
            f"file is {size / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB", str(path)
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror}", str(path)) from None
    if not data.strip():
        raise ReadError("file is empty", str(path))
    digest = hashlib.sha256(data).hexdigest()  # of the file as it is
    if data[:2] in _UTF16_BOMS:  # Notepad's "Unicode": text, though half its bytes are 0
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise ReadError("starts as UTF-16 but does not decode as UTF-16", str(path)) from None
    if b"\x00" in data[:8192] or _control_ratio(data[:8192]) > 0.05:
        raise ReadError("binary file, not text", str(path))
    if data.lstrip()[:1] == b"<" or len(_HTML.findall(data[:20000])) >= 2:
        raise ReadError("HTML or XML page; save the document as plain text first", str(path))
    text = data.decode("utf-8-sig", errors=_CP1252_BYTES)
    return text.replace("\r\n", "\n").replace("\r", "\n"), digest


def _cp1252_bytes(exc: UnicodeError) -> tuple[str, int]:
    """What UTF-8 cannot decode, read byte by byte as cp1252 (the bytes cp1252 leaves
    undefined as Latin-1). A cp1252 file is so read whole, and a UTF-8 file with a stray
    cp1252 byte ("caf\xe9", common in text taken from PDFs) keeps its UTF-8: decoding all of
    it as cp1252 made every "ë" of the file "Ã«", and a new person of "DaniÃ«lle"."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(bytes([b]).decode("cp1252", errors=_LATIN1_BYTE) for b in bad), exc.end


def _latin1_byte(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


_CP1252_BYTES, _LATIN1_BYTE = "kg-cp1252-bytes", "kg-latin1-byte"
codecs.register_error(_CP1252_BYTES, _cp1252_bytes)
codecs.register_error(_LATIN1_BYTE, _latin1_byte)


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _control_ratio(data: bytes) -> float:
    bad = len(data) - len(data.translate(None, _CONTROL))  # counted in C, not per byte
    return bad / max(1, len(data))
