"""Evidence files: checked by content, size and name; stored with a SHA-256; one file may back
several criteria; outsiders never reach them."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from parindex.assessments import actions
from parindex.assessments.files import DOCX, JPEG, PDF, PNG, XLSX, sniff
from parindex.assessments.models import Evidence, EvidenceLink
from parindex.core.models import AuditEvent
from parindex.core.types import UserAccount
from parindex.lib.errors import InputRejected
from parindex.testing import PDF_BYTES, TestProvince, _named_bytes


def ooxml(main: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/x" ContentType="application/vnd.openxmlformats-'
            f'officedocument.{main}.main+xml"/></Types>',
        )
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF_BYTES, PDF),
        (b"\x89PNG\r\n\x1a\n" + b"0" * 20, PNG),
        (b"\xff\xd8\xff\xe0" + b"0" * 20, JPEG),
        (ooxml("wordprocessingml.document"), DOCX),
        (ooxml("spreadsheetml.sheet"), XLSX),
        (b"MZ\x90\x00 an executable", None),
        (b"PK\x03\x04 not really a zip", None),
        (ooxml("presentationml.presentation"), None),
    ],
    ids=["pdf", "png", "jpeg", "docx", "xlsx", "exe", "broken-zip", "pptx"],
)
def test_it_sniffs_the_type_from_the_content(content: bytes, expected: str | None) -> None:
    """Only PDF, PNG, JPEG, DOCX and XLSX are recognised, by their bytes."""
    assert sniff(content) == expected


def test_it_stores_a_file_with_its_sha256(par: TestProvince, unit_staff: UserAccount) -> None:
    """The upload is stored under MEDIA_ROOT, named by its hash, with its audit event."""
    evidence = actions.attach_evidence(
        par.entry("dm_plan"), actor=unit_staff, upload=_named_bytes("Kế hoạch.pdf", PDF_BYTES)
    )
    assert evidence.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert evidence.original_name == "Kế hoạch.pdf" and evidence.content_type == PDF
    stored = str(evidence.file.name)
    assert (Path(settings.MEDIA_ROOT) / stored).read_bytes() == PDF_BYTES
    assert stored.endswith(f"{evidence.sha256}.pdf")
    event = AuditEvent.objects.get(action="evidence.attach")
    assert event.after is not None
    assert event.after["sha256"] == evidence.sha256 and event.after["criterion"] == "dm_plan"


def test_it_lets_one_file_back_several_criteria(par: TestProvince, unit_staff: UserAccount) -> None:
    """Attaching an uploaded file to another criterion links it; re-uploading the same bytes
    reuses the stored file."""
    first = actions.attach_evidence(
        par.entry("dm_plan"), actor=unit_staff, upload=_named_bytes("bao-cao.pdf", PDF_BYTES)
    )
    actions.attach_evidence(par.entry("ir_review"), actor=unit_staff, evidence=first)
    again = actions.attach_evidence(
        par.entry("dm_completion"), actor=unit_staff, upload=_named_bytes("copy.pdf", PDF_BYTES)
    )
    assert again.pk == first.pk
    assert Evidence.objects.count() == 1
    assert EvidenceLink.objects.filter(evidence=first).count() == 3


def test_it_deletes_a_file_no_criterion_uses(
    par: TestProvince, unit_staff: UserAccount, django_capture_on_commit_callbacks: Any
) -> None:
    """Removing the last link deletes the row and, after commit, the stored file."""
    evidence = actions.attach_evidence(
        par.entry("dm_plan"), actor=unit_staff, upload=_named_bytes("a.pdf", PDF_BYTES)
    )
    path = Path(settings.MEDIA_ROOT) / str(evidence.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        actions.remove_evidence(par.entry("dm_plan"), evidence, actor=unit_staff)
    assert not Evidence.objects.exists() and not path.exists()
    assert AuditEvent.objects.get(action="evidence.remove").after == {"file_deleted": True}


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("virus.pdf", b"MZ\x90\x00 an executable renamed", "không thuộc loại được chấp nhận"),
        ("../../etc/passwd.pdf", PDF_BYTES, "đường dẫn"),
        ("C:\\Users\\a.pdf", PDF_BYTES, "đường dẫn"),
        ("empty.pdf", b"", "rỗng"),
    ],
    ids=["forbidden-by-content", "slash-path", "backslash-path", "empty"],
)
def test_it_refuses_bad_files_and_writes_nothing(
    par: TestProvince, unit_staff: UserAccount, name: str, content: bytes, words: str
) -> None:
    """A forbidden type (by content, whatever the name), a name with a path or an empty file
    is refused in Vietnamese; no row, no file, no audit event."""
    with translation.override("vi"), pytest.raises(InputRejected) as caught:
        actions.attach_evidence(
            par.entry("dm_plan"), actor=unit_staff, upload=_named_bytes(name, content)
        )
    assert words in str(caught.value)
    assert not Evidence.objects.exists()
    assert not AuditEvent.objects.filter(action="evidence.attach").exists()
    assert not (Path(settings.MEDIA_ROOT) / "evidence").exists()


def test_it_refuses_a_file_over_the_size_limit(
    par: TestProvince, unit_staff: UserAccount, settings: Any
) -> None:
    """A file larger than EVIDENCE_MAX_BYTES is refused with the limit in the message."""
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    big = PDF_BYTES + b"0" * (1024 * 1024)
    with translation.override("vi"), pytest.raises(InputRejected) as caught:
        actions.attach_evidence(
            par.entry("dm_plan"), actor=unit_staff, upload=_named_bytes("big.pdf", big)
        )
    assert "1 MB" in str(caught.value)
    assert not Evidence.objects.exists()


def test_it_uploads_through_the_page_and_serves_only_in_scope(
    par: TestProvince, client_for: Any
) -> None:
    """The staff uploads through the form; the head downloads it; the outsider gets 404."""
    entry = par.entry("dm_plan")
    upload = SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES, content_type="text/plain")
    response = client_for("unit_staff").post(
        f"/assessments/units/{par.assessment_a.pk}/entries/{entry.pk}/files/", {"file": upload}
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.content_type == PDF  # sniffed, not the browser's claim
    download = client_for("unit_head").get(f"/assessments/files/{evidence.pk}/")
    # Reading the streamed content closes the file; closing the response once more would send
    # request_finished outside the test client and drop the PostgreSQL connection.
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES
    assert client_for("outsider").get(f"/assessments/files/{evidence.pk}/").status_code == 404
