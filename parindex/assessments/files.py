"""Checking and storing uploaded evidence files.

The type of a file is decided by its content (magic bytes), never by its name or by the type
the browser claims: PDF, PNG, JPEG, and the Office Open XML documents DOCX and XLSX (zip
archives whose ``[Content_Types].xml`` names the main document part). Files are stored under
``MEDIA_ROOT/evidence/<round>/<unit>/<sha256><ext>``.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from parindex.lib.errors import Problem

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx", XLSX: ".xlsx"}
_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
MAX_NAME = 200


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check, read into memory."""

    name: str
    content: bytes
    sha256: str
    content_type: str

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def sniff(content: bytes) -> str | None:
    """The content type of ``content`` if it is one ParIndex accepts, else ``None``."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
        except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
            return None
        for marker, content_type in _OOXML_MAIN.items():
            if marker in types:
                return content_type
    return None


def name_problems(name: str) -> list[Problem]:
    if not name or not name.strip():
        return [Problem(_("The file has no name."), field="file")]
    if "/" in name or "\\" in name or "\x00" in name or name.strip() in (".", ".."):
        return [
            Problem(
                _("The file name “{name}” contains a path; give a plain file name.").format(
                    name=name
                ),
                field="file",
            )
        ]
    if len(name) > MAX_NAME:
        return [
            Problem(
                _("The file name is longer than {limit} characters.").format(limit=MAX_NAME),
                field="file",
            )
        ]
    return []


def read_upload(upload: Any) -> tuple[str, IO[bytes]]:
    """``(name, stream)`` of a Django ``UploadedFile`` or any object with ``name`` and
    ``read``."""
    return str(getattr(upload, "name", "") or ""), upload


def check_upload(name: str, stream: IO[bytes] | bytes) -> CheckedFile:
    """Read and check an upload; raise ``InputRejected`` listing every problem."""
    from parindex.lib.errors import InputRejected

    limit = settings.EVIDENCE_MAX_BYTES
    problems = name_problems(name)
    # Read one byte past the limit: enough to know it is too big without reading it all.
    content = bytes(stream) if isinstance(stream, bytes | bytearray) else stream.read(limit + 1)
    if len(content) > limit:
        problems.append(
            Problem(
                _("The file is larger than the limit of {limit} MB.").format(
                    limit=limit // (1024 * 1024) or 1
                ),
                field="file",
            )
        )
    elif not content:
        problems.append(Problem(_("The file is empty."), field="file"))
    content_type = sniff(content) if content and len(content) <= limit else None
    if content and len(content) <= limit and content_type is None:
        problems.append(
            Problem(
                _(
                    "The content of “{name}” is not an accepted type (PDF, PNG, JPEG, DOCX or "
                    "XLSX), whatever its name says."
                ).format(name=name),
                field="file",
            )
        )
    if problems:
        raise InputRejected(problems)
    assert content_type is not None
    return CheckedFile(
        name=name.strip(),
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        content_type=content_type,
    )
