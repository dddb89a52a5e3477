"""Bytes to text, or a refusal that says what the file is and how to fix it.

One decision for the whole product. Read:

- **UTF-8**, with or without the byte-order mark Excel writes ("CSV UTF-8");
- **UTF-16 with a byte-order mark** (Excel's "Unicode Text", also what the dossier import has
  always read). Excel's "Unicode Text" is tab-separated: ``delimiters.sniff_delimiter`` finds the
  tab.

Recognised and refused, each with a message naming the file:

- **UTF-16 without a byte-order mark** (given away by the zero bytes every other byte): its byte
  order is a guess, so it is refused; Excel always writes the mark.
- **Windows-1258** (the old Vietnamese code page) and any other legacy 8-bit encoding. Refused,
  because it cannot be told apart from Windows-1252 or Latin-1 by its bytes (every byte decodes
  in all of them), and Windows-1258 writes tone marks as separate combining characters, so a
  guess would silently change names and codes. The message names the line of the first byte
  that is not UTF-8. (A dossier mapping file that names ``encoding: windows-1258`` explicitly is
  the one exception: the person said what the file is, so the dossier import reads it.)
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


def _not_utf8(source: Source, data: bytes, start: int) -> Problem:
    line = data.count(b"\n", 0, start) + 1
    return Problem(
        _(
            "The file “{file}” is not UTF-8 text: it may be saved in Windows-1258 (the old "
            "Vietnamese code page) or another legacy encoding; save it as UTF-8 (“CSV UTF-8” "
            "in Excel) and import it again."
        ).format(file=source.label()),
        line=line,
    )


def _utf16_problem(source: Source) -> Problem | None:
    """Why a UTF-16 file cannot be read: no byte-order mark, or a broken character."""
    data = source.data
    if not data.startswith(_UTF16_BOMS):
        return Problem(
            _(
                "The file “{file}” is saved as UTF-16 without a byte-order mark; save it as "
                "UTF-8 (“CSV UTF-8” in Excel) and import it again."
            ).format(file=source.label())
        )
    try:
        data.decode("utf-16")
    except UnicodeDecodeError as exc:
        newline = "\n".encode("utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be")
        return Problem(
            _(
                "The file “{file}” is not readable UTF-16 text; save it as UTF-8 (“CSV UTF-8” "
                "in Excel) and import it again."
            ).format(file=source.label()),
            line=data[: exc.start].count(newline) + 1,
        )
    return None


def decoding_problem(source: Source) -> Problem | None:
    """Why ``source`` cannot be read as text, or ``None`` when it can."""
    data = source.data
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if looks_like_utf16(data):
        return _utf16_problem(source)
    if is_binary(data):
        return Problem(
            _("The file “{file}” is not a text file (it holds binary data).").format(
                file=source.label()
            )
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _not_utf8(source, data, exc.start)
    return None


def encoding_of(source: Source) -> str:
    """The encoding ``decode`` reads ``source`` in: ``utf-16`` or ``utf-8`` (refusals raised)."""
    problem = decoding_problem(source)
    if problem is not None:
        raise InputRejected([problem])
    return "utf-16" if source.data.startswith(_UTF16_BOMS) else "utf-8"


def encoding_of_start(source: Source, *, complete: bool) -> str:
    """``encoding_of`` judged on the first bytes of a file too large to hold (``complete``:
    whether ``source`` holds all of it). A character cut at the end of the sample is not a
    problem; a bad byte further down is left to the reader that streams the file."""
    data = source.data
    if data.startswith(_UTF16_BOMS):
        return "utf-16"
    if not complete and (end := data.rfind(b"\n")) >= 0:
        data = data[: end + 1]
    return encoding_of(Source(source.name, data))


def decode(source: Source) -> str:
    """The text of ``source`` (UTF-8 or UTF-16, byte-order mark dropped); else refused."""
    if encoding_of(source) == "utf-16":
        return source.data.decode("utf-16")
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
