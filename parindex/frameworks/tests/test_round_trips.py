"""Framework files survive every round trip: YAML↔YAML, YAML→XLSX→YAML, and through the database."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from parindex.frameworks.actions import import_document, import_framework
from parindex.frameworks.excel_format import dump_xlsx, load_xlsx
from parindex.frameworks.models import Framework
from parindex.frameworks.queries import document_from_framework, shipped_files
from parindex.frameworks.yaml_format import dump_yaml, load_yaml


@pytest.mark.parametrize("path", shipped_files(), ids=lambda p: p.name)
def test_it_reads_back_its_own_yaml(path: Path) -> None:
    """Export as YAML, read again: the same framework, field for field."""
    document = load_yaml(path)
    assert load_yaml(dump_yaml(document)) == document


@pytest.mark.parametrize("path", shipped_files(), ids=lambda p: p.name)
def test_it_reads_back_its_own_workbook(path: Path) -> None:
    """YAML → XLSX → document equals the YAML document, and → YAML again gives the same text."""
    document = load_yaml(path)
    from_excel = load_xlsx(io.BytesIO(dump_xlsx(document)))
    assert from_excel == document
    assert dump_yaml(from_excel) == dump_yaml(document)


@pytest.mark.django_db
@pytest.mark.parametrize("path", shipped_files(), ids=lambda p: p.name)
def test_it_exports_from_the_database_what_was_imported(path: Path) -> None:
    """import → export → import: the stored framework's file equals the original file's content,
    and importing the export changes nothing."""
    outcome = import_framework(path, actor=None)
    exported = document_from_framework(outcome.framework)
    assert exported == load_yaml(path)
    again = import_document(load_yaml(dump_yaml(exported)), actor=None)
    assert again.outcome == "unchanged"
    assert Framework.objects.count() == 1


@pytest.mark.django_db
def test_it_imports_a_workbook_like_the_yaml(tiny_file: Path, tmp_path: Path) -> None:
    """The Excel file of a framework imports to the same rows as its YAML."""
    workbook = tmp_path / "tiny.xlsx"
    workbook.write_bytes(dump_xlsx(load_yaml(tiny_file)))
    outcome = import_framework(workbook, actor=None)
    assert outcome.outcome == "created"
    assert import_framework(tiny_file, actor=None).outcome == "unchanged"
    codes = list(outcome.framework.criteria.order_by("position").values_list("code", "level"))
    assert codes == [("area1", 1), ("plan", 2), ("on_time", 2), ("area2", 1)]
