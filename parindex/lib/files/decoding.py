"""Bytes to text, or a refusal that says what the file is and how to fix it.

Accepted: UTF-8, with or without the byte-order mark Excel writes ("CSV UTF-8").

Recognised and refused, each with a message naming the file:

- **UTF-16** (Excel's "Unicode Text"; with a byte-order mark, or without one but with the zero
  bytes every other byte that give it away). It is refused rather than read because Excel's
  UTF-16 export is tab-separated "Unicode Text", a different layout from the CSV the formats
  document; asking for "CSV UTF-8" gives one file everybody can open and check.
- **Windows-1258** (the old Vietnamese code page) and any other legacy 8-bit encoding. Refused,
  because it cannot be told apart from Windows-1252 or Latin-1 by its bytes (every byte decodes
  in all of them), and Windows-1258 writes tone marks as separate combining characters, so a
  guess would silently change names and codes. The message names the line of the first byte
  that is not UTF-8.
- **Binary** content (zero bytes, or a ZIP container such as a workbook where text is expected):
  "not a text file".
"""

from __future__ import annotations

import codecs

from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.source import Source
from parindex.lib.i18n import _

ZIP_MAGIC = b"PK\x03\x04"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def looks_like_utf16(data: bytes) -> bool:
    """A UTF-16 byte-order mark, or text whose every other byte is zero."""
    if data.startswith(_UTF16_BOMS):
        return True
    sample = data[:2000]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return (
        max(even.count(0), odd.count(0)) > len(sample) // 4
        and min(even.count(0), odd.count(0)) < len(sample) // 40 + 1
    )


def is_binary(data: bytes) -> bool:
    """Zero bytes (outside UTF-16) or a ZIP container: not a text file."""
    return data.startswith(ZIP_MAGIC) or b"\x00" in data[:8192]


def decoding_problem(source: Source) -> Problem | None:
    """Why ``source`` cannot be read as UTF-8 text, or ``None`` when it can."""
    data = source.data
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if looks_like_utf16(data):
        return Problem(
            _(
                "The file “{file}” is saved as UTF-16 (Excel's “Unicode Text”); save it as "
                "UTF-8 (“CSV UTF-8” in Excel) and import it again."
            ).format(file=source.label())
        )
    if is_binary(data):
        return Problem(
            _("The file “{file}” is not a text file (it holds binary data).").format(
                file=source.label()
            )
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return Problem(
            _(
                "The file “{file}” is not UTF-8 text: it may be saved in Windows-1258 (the old "
                "Vietnamese code page) or another legacy encoding; save it as UTF-8 (“CSV UTF-8” "
                "in Excel) and import it again."
            ).format(file=source.label()),
            line=line,
        )
    return None


def decode(source: Source) -> str:
    """The text of ``source`` (UTF-8, a byte-order mark dropped); anything else is refused."""
    problem = decoding_problem(source)
    if problem is not None:
        raise InputRejected([problem])
    return source.data.decode("utf-8-sig")


def encode_windows_1258(text: str) -> bytes:
    """``text`` as Windows-1258 writes it (tone marks as combining characters); for tests and
    for the import harness, which feed such files to every importer."""
    import unicodedata

    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", parts[:2])
        if len(base) == 1 and len(parts) > 2:
            out += (base + parts[2:]).encode("cp1258", errors="replace")
        else:
            out += parts.encode("cp1258", errors="replace")
    return bytes(out)
