"""A file the engine cannot read is refused with a message naming the file, never the engine's.

Junk or truncated Parquet, a date format DuckDB refuses, a CSV that is not UTF-8 text, a binary
file: each becomes a problem in Vietnamese naming the file (and the row or the mapping key where
known); a UTF-16 CSV (Excel's “Unicode text”) and a Windows-1258 one named in a mapping are read.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import duckdb
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from parindex.dossiers.actions import import_dossiers
from parindex.dossiers.models import DossierImport
from parindex.dossiers.store import DossierStore
from parindex.dossiers.tests.conftest import HEADER, dossier
from parindex.lib.errors import InputRejected, Problem
from parindex.units.models import Unit

#: Words of DuckDB's own messages, which must never reach a person.
ENGINE_WORDS = ("Error:", "magic bytes", "DuckDB", "read_parquet", "read_csv", "LINE 1", "^^^")


def _refused(path: Path, **kwargs: object) -> list[Problem]:
    with translation.override("vi"), pytest.raises(InputRejected) as caught:
        import_dossiers(path, actor=None, **kwargs)  # type: ignore[arg-type]
    problems = caught.value.problems
    for problem in problems:
        assert not any(word in str(problem) for word in ENGINE_WORDS), str(problem)
    record = DossierImport.objects.latest("pk")
    assert record.state == DossierImport.State.REFUSED
    return problems


def _write(path: Path, rows: list[dict[str, object]], encoding: str) -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else row.get(c) for c in HEADER])
    return path


def test_it_names_a_junk_file_called_parquet(
    store: DossierStore, units: dict[str, Unit], tmp_path: Path
) -> None:
    """A text file named .parquet is “not a Parquet file”, in Vietnamese, with its name."""
    path = tmp_path / "junk.parquet"
    path.write_bytes(b"MaHoSo,MaTTHC\nA1,1.001\n" * 20)
    [problem] = _refused(path)
    assert "junk.parquet" in problem.message
    assert "Parquet" in problem.message
    assert "không phải" in problem.message


def test_it_names_a_truncated_parquet_file(
    store: DossierStore,
    units: dict[str, Unit],
    write_csv: Callable[..., Path],
    tmp_path: Path,
) -> None:
    """A Parquet file cut short (half of its bytes) is refused, not shown as an engine error."""
    csv_path = write_csv([dossier(f"T{i}") for i in range(50)])
    good = tmp_path / "good.parquet"
    duckdb.connect().execute(
        f"COPY (SELECT * FROM read_csv('{csv_path}', all_varchar = true)) TO '{good}' "
        "(FORMAT parquet)"
    )
    cut = tmp_path / "cut.parquet"
    data = good.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    [problem] = _refused(cut)
    assert "cut.parquet" in problem.message


def test_it_refuses_a_date_format_the_engine_cannot_use(
    store: DossierStore,
    units: dict[str, Unit],
    write_csv: Callable[..., Path],
    write_text: Callable[[str, str], Path],
) -> None:
    """A mapping's date format with an unknown code names the mapping key ``date_format``."""
    path = write_csv([dossier("A1")])
    mapping = write_text(
        """
        format: parindex-dossier-mapping/1
        date_format: "%Q%d/%m/%Y"
        """,
        "mapping.yaml",
    )
    [problem] = _refused(path, mapping_path=mapping)
    assert problem.field == "date_format"
    assert "%Q%d/%m/%Y" in problem.message


def test_it_names_the_row_of_a_csv_that_is_not_utf8(
    store: DossierStore, units: dict[str, Unit], tmp_path: Path
) -> None:
    """A Windows-1258 file read as UTF-8 is refused: the message says which encodings a
    mapping may name; the first row the engine could not decode is named where known."""
    path = _write(tmp_path / "cp1258.csv", [dossier("A1"), dossier("Hô sơ 2")], "cp1258")
    problems = _refused(path)
    assert problems
    assert all("cp1258.csv" in p.message and "windows-1258" in p.message for p in problems)
    assert problems[0].row == 3


def test_it_reads_windows_1258_named_in_the_mapping(
    store: DossierStore,
    units: dict[str, Unit],
    write_text: Callable[[str, str], Path],
    tmp_path: Path,
) -> None:
    """``encoding: windows-1258`` reads the file (re-encoded to UTF-8 first)."""
    path = _write(tmp_path / "cp1258.csv", [dossier("A1"), dossier("Hô sơ 2")], "cp1258")
    mapping = write_text(
        """
        format: parindex-dossier-mapping/1
        encoding: windows-1258
        """,
        "mapping.yaml",
    )
    _record, result = import_dossiers(path, actor=None, mapping_path=mapping)
    assert result.rows_read == 2
    con = duckdb.connect(str(store.current_file()), read_only=True)
    codes = {r[0] for r in con.execute("SELECT dossier_code FROM dossiers").fetchall()}
    assert codes == {"A1", "Hô sơ 2"}


def test_it_reads_a_utf16_csv(store: DossierStore, units: dict[str, Unit], tmp_path: Path) -> None:
    """A UTF-16 file with its byte-order mark (Excel's “Unicode text”) is read as such."""
    path = _write(tmp_path / "unicode.csv", [dossier("A1"), dossier("Hô sơ 2")], "utf-16")
    _record, result = import_dossiers(path, actor=None)
    assert result.rows_read == 2


def test_it_refuses_a_binary_file(
    store: DossierStore, units: dict[str, Unit], tmp_path: Path
) -> None:
    """A binary file named .csv is refused as binary, not shown as a decoding error."""
    path = tmp_path / "picture.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    [problem] = _refused(path)
    assert "picture.csv" in problem.message


def test_it_exits_non_zero_with_a_clear_message_on_the_cli(
    store: DossierStore, units: dict[str, Unit], tmp_path: Path
) -> None:
    """``dossiers import`` of a junk Parquet file fails with the file's name, no engine text."""
    path = tmp_path / "junk.parquet"
    path.write_bytes(b"not parquet at all" * 10)
    err = StringIO()
    with translation.override("vi"), pytest.raises(CommandError):
        call_command("dossiers", "import", str(path), "--quiet", stderr=err)
    output = err.getvalue()
    assert "junk.parquet" in output
    assert not any(word in output for word in ENGINE_WORDS), output
