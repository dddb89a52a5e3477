"""Every command that reads a file the user names, fed garbage: a refusal, never a traceback.

Issue #9's "done means": no ``UnicodeDecodeError``, ``RecursionError`` or other traceback from any
import command on a UTF-16, Windows-1258, binary or deeply nested file. Each (command, garbage
file) below runs the command in-process, as ``parindex`` runs it, and expects a non-zero exit
(``CommandError``) with a Vietnamese message on standard error that names the file, no
traceback, and nothing written (no audit event).

The commands (``parindex help``; the groups' subcommand modules): ``units import``,
``framework validate`` and ``import``, ``score --framework`` and ``--inputs``, ``calendar
load-overrides``, ``standing import``, ``targets check`` and ``import``, ``simulate --efforts``,
``dossiers import`` (the dossier file, and the ``--mapping`` file) and ``dossiers reconcile``.
``assessments`` reads no file (the external points come only through a page).
"""

from __future__ import annotations

import codecs
import random
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from parindex.core.models import AuditEvent
from parindex.lib.files.decoding import encode_windows_1258
from parindex.national.tests.conftest import provinces  # noqa: F401 (a layer fixture)

pytestmark = pytest.mark.django_db

VIETNAMESE = "Phường Đống Đa, tỉnh Thừa Thiên Huế: điểm số"


# What must never reach the official: a traceback, or the name of a Python exception.
LEAKS = ("Traceback", "UnicodeDecodeError", "RecursionError", "KeyError", "BadZipFile")


def _utf16_with_bom() -> bytes:
    # A byte-order mark, Vietnamese text, then half a surrogate pair: UTF-16 that cannot be read.
    return codecs.BOM_UTF16_LE + VIETNAMESE.encode("utf-16-le") + b"\x3d\xd8"


def _binary() -> bytes:
    noise = random.Random(9).randbytes(512)
    return b"\x00\x01\x02" + noise + b"\x00" * 16


def _zip_not_workbook() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", VIETNAMESE)
    return buffer.getvalue()


#: name → content. The nested ones go only to readers of a nested format; "zip-as-xlsx" is the
#: ZIP named .xlsx, for readers that also read workbooks.
GARBAGE: dict[str, bytes] = {
    "utf-16-bom": _utf16_with_bom(),
    "utf-16-no-bom": ("ma,ten\n01," + VIETNAMESE + "\n").encode("utf-16-le"),
    "windows-1258": encode_windows_1258("ma,ten\n01," + VIETNAMESE + "\n"),
    "binary": _binary(),
    "zip": _zip_not_workbook(),
    "nested-yaml": ("[" * 10000).encode(),
    "nested-json": ("[" * 10000 + "]" * 10000).encode(),
}

#: One of these is in every Vietnamese refusal ("file", "refused", "row", "line").
VIETNAMESE_WORDS = ("Tệp", "tệp", "Từ chối", "dòng", "hàng")

#: The cases whose message gives the line (or a table's row) to look at.
WITH_LINE = ("windows-1258", "nested-yaml", "nested-json")

TEXT_CASES = ("utf-16-bom", "utf-16-no-bom", "windows-1258", "binary", "zip")


@dataclass(frozen=True)
class Reader:
    """One command reading one user file: its words around ``{file}``, the file's suffix."""

    name: str
    words: tuple[str, ...]
    suffix: str
    nested: str | None = None  # "nested-yaml" / "nested-json" where the format nests
    workbook: bool = False  # also reads .xlsx: the ZIP is given that suffix too
    layer: str | None = None  # a fixture the command needs (e.g. the provinces)
    lines: bool = True  # a text format: a message may give a line (not so for Parquet)


TINY_FRAMEWORK = """\
format: parindex-framework/1
code: TINY
version: 1
name_vi: Bộ chỉ số thử
name_en: Test framework
unit_kinds: [department]
max_points: 2
not_applicable_policy: award_max
bands:
- {code: a, name_vi: Nhóm A, name_en: Group A, lower: 0, operator: ">="}
criteria:
- {code: area1, name_vi: Lĩnh vực một, max_points: 2}
- {code: plan, parent: area1, name_vi: Kế hoạch, max_points: 2, method: binary}
"""

READERS = [
    Reader("units import", ("units", "import", "{file}"), ".yaml", "nested-yaml"),
    Reader("units import (csv)", ("units", "import", "{file}"), ".csv"),
    Reader("framework validate", ("framework", "validate", "{file}"), ".yaml", "nested-yaml", True),
    Reader("framework import", ("framework", "import", "{file}"), ".yaml", "nested-yaml", True),
    Reader("score --framework", ("score", "--framework", "{file}", "--inputs", "{inputs}"),
           ".yaml", "nested-yaml", True),
    Reader("score --inputs", ("score", "--framework", "{framework}", "--inputs", "{file}"), ".csv"),
    Reader("calendar load-overrides", ("calendar", "load-overrides", "{file}"), ".yaml",
           "nested-yaml"),
    Reader("standing import", ("standing", "import", "{file}"), ".csv", None, True, "provinces"),
    Reader("targets check", ("targets", "check", "{file}"), ".yaml", "nested-yaml", False,
           "provinces"),
    Reader("targets import", ("targets", "import", "{file}"), ".yaml", "nested-yaml", False,
           "provinces"),
    Reader("simulate --efforts", ("simulate", "--unit", "94", "--year", "2024", "--target-rank",
           "15", "--rate", "85", "--iterations", "20", "--efforts", "{file}"), ".csv", None, False,
           "provinces"),
    Reader("dossiers import", ("dossiers", "import", "{file}", "--quiet"), ".csv", None, True),
    Reader("dossiers import (parquet)", ("dossiers", "import", "{file}", "--quiet"), ".parquet",
           lines=False),
    Reader("dossiers import --mapping", ("dossiers", "import", "{dossiers}", "--mapping", "{file}",
           "--quiet"), ".yaml", "nested-yaml"),
    Reader("dossiers reconcile", ("dossiers", "reconcile", "{file}"), ".json", "nested-json"),
]  # fmt: skip


def _cases() -> list[tuple[Reader, str]]:
    cases = []
    for reader in READERS:
        names = list(TEXT_CASES)
        if reader.nested:
            names.append(reader.nested)
        for name in names:
            cases.append((reader, name))
        if reader.workbook:
            cases.append((reader, "zip-as-xlsx"))
    return cases


#: (reader, garbage) → why it still fails, for the cases whose fix belongs to another branch.
KNOWN: dict[tuple[str, str], str] = {}


def _params() -> list[Any]:
    params = []
    for reader, garbage in _cases():
        marks = []
        reason = KNOWN.get((reader.name, garbage))
        if reason:
            marks.append(pytest.mark.xfail(strict=True, reason=reason))
        params.append(pytest.param(reader, garbage, marks=marks, id=f"{reader.name}-{garbage}"))
    return params


def _arguments(reader: Reader, path: Path, tmp_path: Path) -> list[str]:
    framework = tmp_path / "tiny.yaml"
    framework.write_text(TINY_FRAMEWORK, encoding="utf-8")
    inputs = tmp_path / "inputs.csv"
    inputs.write_text("code,value\nplan,1\n", encoding="utf-8")
    dossiers = tmp_path / "dossiers.csv"
    dossiers.write_text("MaHoSo,MaTTHC\nH1,T1\n", encoding="utf-8")
    values = {
        "file": str(path),
        "framework": str(framework),
        "inputs": str(inputs),
        "dossiers": str(dossiers),
    }
    return [word.format(**values) for word in reader.words]


@pytest.mark.parametrize(("reader", "garbage"), _params())
def test_the_command_refuses_the_garbage_file_in_vietnamese_naming_it(
    reader: Reader, garbage: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if reader.layer:
        request.getfixturevalue(reader.layer)
    content = GARBAGE["zip" if garbage == "zip-as-xlsx" else garbage]
    suffix = ".xlsx" if garbage == "zip-as-xlsx" else reader.suffix
    name = f"rác-{garbage}{suffix}"
    path = tmp_path / name
    path.write_bytes(content)
    audits = AuditEvent.objects.count()
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(*_arguments(reader, path, tmp_path), stdout=StringIO(), stderr=err)
    output = err.getvalue() + "\n" + str(caught.value)
    assert caught.value.returncode != 0
    assert name in output, output
    for leak in (
        "Traceback",
        "UnicodeDecodeError",
        "RecursionError",
        "KeyError",
        "BadZipFile",
        "Error:",
    ):
        assert leak not in output, output
    assert any(word in output for word in VIETNAMESE_WORDS), output
    if garbage in WITH_LINE and reader.lines:
        assert re.search(r"(dòng|hàng) \d+", output), output
    assert AuditEvent.objects.count() == audits, "a refused file was audited"


def test_the_parindex_tool_exits_1_with_the_message_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through ``parindex`` itself (``parindex.cli.main``): exit code 1, the message on stderr."""
    from parindex.cli import main

    path = tmp_path / "rác-nested.json"
    path.write_bytes(GARBAGE["nested-json"])
    assert main(["dossiers", "reconcile", str(path)]) == 1
    err = capsys.readouterr().err
    assert "rác-nested.json" in err and "lồng nhau" in err, err
    assert "Traceback" not in err and "RecursionError" not in err, err
