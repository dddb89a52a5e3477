"""One test harness for every importer: refusal, idempotency and unreadable files for free.

An importer's test module subclasses ``ImportHarness`` (its class name starting with ``Test``)
and declares how a file is imported (``import_file``: the action, as a page or the API calls it;
``command``: the CLI words before the file name), a good file, bad files with the (row or line,
field) of every problem expected, and what the import writes (``written``). The harness then
checks, for that importer:

- the good file imports and writes one audit event;
- each bad file is refused with exactly the problems expected, and nothing is written, no audit
  event recorded;
- the same file imported twice reports "unchanged" the second time and writes nothing new;
- the good file saved as UTF-16 with a byte-order mark (and, for table formats, as Excel's
  tab-separated "Unicode Text") imports like the UTF-8 one;
- a UTF-16 file without a byte-order mark, a Windows-1258 file, a binary file, a deeply nested
  file (YAML formats) and a header without rows (table formats) are each refused with a
  message naming the file (and the line, or a table's row, where one applies), through the
  action and through the CLI (non-zero exit), never with a traceback.

Where an importer's established behaviour differs (an unchanged import that is still audited),
it says so with ``audits_unchanged_import``.
"""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.core.management import CommandError, call_command

from parindex.core.models import AuditEvent
from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.decoding import encode_windows_1258
from parindex.lib.files.rows import read_table
from parindex.lib.files.source import Source

#: (row or line, field) of one expected problem.
Where = tuple[int | None, str]


def where(problem: Problem) -> Where:
    """Where a problem points: its row when it has one, else its line; and its field."""
    return (problem.row if problem.row is not None else problem.line, problem.field)


def parametrize_bad_files(metafunc: pytest.Metafunc) -> None:
    """Give each declared bad file of a harness subclass its own test case, named after it
    (called from the root ``conftest.py``'s ``pytest_generate_tests``)."""
    cls = metafunc.cls
    if cls is not None and issubclass(cls, ImportHarness) and "bad_file" in metafunc.fixturenames:
        metafunc.parametrize("bad_file", list(cls.bad_files), ids=str)


class ImportHarness:
    """Base class of an importer's generated tests (see the module docstring)."""

    pytestmark = pytest.mark.django_db

    #: The name the files get on disk; its suffix tells the importer the format.
    file_name: ClassVar[str] = "file.csv"
    #: "yaml" or "csv" (a CSV importer that also reads XLSX is tested on CSV).
    file_format: ClassVar[str] = "csv"
    #: A file that imports; it holds Vietnamese text, so its Windows-1258 form differs.
    good_file: ClassVar[str] = ""
    #: name → (file text, every problem expected as (row or line, field)).
    bad_files: ClassVar[dict[str, tuple[str, list[Where]]]] = {}
    #: The CLI words before the file name (None: the importer has no command).
    command: ClassVar[tuple[str, ...] | None] = None
    #: Audit actions this importer writes (any action counts when empty).
    audit_actions: ClassVar[tuple[str, ...]] = ()
    #: The importer records an audit event even when nothing changed (established behaviour).
    audits_unchanged_import: ClassVar[bool] = False

    # --- what a subclass provides -------------------------------------------------------

    def import_file(self, path: Path) -> Any:
        """Import the file at ``path`` the way the product's action does."""
        raise NotImplementedError

    def written(self) -> Any:
        """A comparable picture of everything the import writes (e.g. row counts)."""
        raise NotImplementedError

    def is_unchanged(self, result: Any) -> bool:
        """Whether an import's result says that nothing changed."""
        changed = getattr(result, "changed", None)
        if changed is not None:
            return not changed
        raise NotImplementedError

    # --- helpers -------------------------------------------------------------------------

    def audit_count(self) -> int:
        events = AuditEvent.objects.all()
        if self.audit_actions:
            events = events.filter(action__in=self.audit_actions)
        return events.count()

    def write(self, directory: Path, content: str | bytes, name: str | None = None) -> Path:
        path = directory / (name or self.file_name)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    def refused(self, path: Path) -> list[Problem]:
        """Import ``path``, expecting a refusal that writes nothing; the problems."""
        before, audits = self.written(), self.audit_count()
        with pytest.raises(InputRejected) as caught:
            self.import_file(path)
        assert self.written() == before, "a refused file wrote something"
        assert self.audit_count() == audits, "a refused file was audited"
        assert caught.value.problems
        return caught.value.problems

    def unreadable_files(self) -> dict[str, tuple[bytes, bool]]:
        """name → (content, whether the message must give a line)."""
        assert self.good_file and not self.good_file.isascii(), (
            "the good file must hold Vietnamese text"
        )
        files = {
            "utf-16-no-bom": (self.good_file.encode("utf-16-le"), False),
            "windows-1258": (encode_windows_1258(self.good_file), True),
            "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), False),
        }
        if self.file_format == "yaml":
            files["deeply-nested"] = (("[" * 10000 + "]" * 10000).encode(), True)
            files["nested-mappings"] = (("{a: " * 3000 + "1" + "}" * 3000).encode(), True)
        else:
            header = self.good_file.lstrip("\ufeff").splitlines()[0]
            files["header-only"] = ((header + "\n").encode(), False)
        return files

    def utf16_files(self) -> dict[str, bytes]:
        """name → the good file as UTF-16 with a byte-order mark (tab-separated for tables)."""
        files = {"utf-16": self.good_file.encode("utf-16")}
        if self.file_format == "csv":
            table = read_table(Source(self.file_name, self.good_file.encode("utf-8")))
            out = StringIO()
            writer = csv.writer(out, delimiter="\t", lineterminator="\n")
            writer.writerow(table.header)
            writer.writerows(
                [row.values.get(name, "") for name in table.header] for row in table.rows
            )
            files["unicode-text"] = out.getvalue().encode("utf-16")
        return files

    # --- the generated tests ---------------------------------------------------------------

    def test_it_imports_the_good_file(self, tmp_path: Path) -> None:
        """The good file imports, writes something and records one audit event."""
        before, audits = self.written(), self.audit_count()
        self.import_file(self.write(tmp_path, self.good_file))
        assert self.written() != before
        assert self.audit_count() == audits + 1

    def test_it_refuses_each_bad_file_naming_row_or_line_and_field(
        self, tmp_path: Path, bad_file: str
    ) -> None:
        """Every problem of a bad file is named by its row or line and field; nothing written.
        One test case per declared bad file (``parametrize_bad_files``)."""
        text, expected = self.bad_files[bad_file]
        problems = self.refused(self.write(tmp_path, text))
        assert [where(p) for p in problems] == expected, [str(p) for p in problems]

    def test_it_changes_nothing_when_the_same_file_comes_twice(self, tmp_path: Path) -> None:
        """Importing the same file again reports it unchanged and writes nothing new."""
        path = self.write(tmp_path, self.good_file)
        self.import_file(path)
        after_first, audits = self.written(), self.audit_count()
        result = self.import_file(path)
        assert self.is_unchanged(result)
        assert self.written() == after_first
        assert self.audit_count() == audits + (1 if self.audits_unchanged_import else 0)

    def _imports_like_the_good_file(self, tmp_path: Path, case: str) -> None:
        before, audits = self.written(), self.audit_count()
        content = self.utf16_files()[case]
        self.import_file(self.write(tmp_path, content, f"{case}-{self.file_name}"))
        assert self.written() != before, case
        assert self.audit_count() == audits + 1, case

    def test_it_reads_the_good_file_saved_as_utf16(self, tmp_path: Path) -> None:
        """UTF-16 with a byte-order mark imports like the UTF-8 file."""
        self._imports_like_the_good_file(tmp_path, "utf-16")

    def test_it_reads_excel_unicode_text(self, tmp_path: Path) -> None:
        """Excel's "Unicode Text" (UTF-16, tab-separated) imports like the CSV file."""
        if self.file_format != "csv":
            pytest.skip("only table formats are saved as Unicode Text")
        self._imports_like_the_good_file(tmp_path, "unicode-text")

    def test_it_refuses_unreadable_files_by_name(self, tmp_path: Path) -> None:
        """UTF-16, Windows-1258, binary, deeply nested and header-only files get a message
        naming the file (and the line where it applies), never a traceback."""
        for case, (content, with_line) in self.unreadable_files().items():
            name = f"{case}-{self.file_name}"
            problems = self.refused(self.write(tmp_path, content, name))
            assert any(name in p.message for p in problems), (case, [str(p) for p in problems])
            if with_line:
                assert any(p.line is not None or p.row is not None for p in problems), (
                    case,
                    problems,
                )

    def test_the_command_refuses_unreadable_files_with_a_non_zero_exit(
        self, tmp_path: Path
    ) -> None:
        """The CLI prints the message naming the file and exits non-zero (CommandError)."""
        if self.command is None:
            pytest.skip("this importer has no command")
        for case, (content, _with_line) in self.unreadable_files().items():
            name = f"{case}-{self.file_name}"
            path = self.write(tmp_path, content, name)
            err = StringIO()
            with pytest.raises(CommandError):
                call_command(*self.command, str(path), stdout=StringIO(), stderr=err)
            assert name in err.getvalue(), (case, err.getvalue())
