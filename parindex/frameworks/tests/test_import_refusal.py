"""A wrong framework file is refused whole, each problem naming its line (YAML) or row (Excel)
and field. Every bad YAML file with its (line, field), refused through the import with nothing
written, is a bad file of the harness (``test_import_harness.py``); here stay the workbook cases
and what the harness cannot say (a message's text, a structure-only framework's leniency)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from parindex.frameworks.excel_format import dump_xlsx, load_xlsx
from parindex.frameworks.tests.conftest import TINY
from parindex.frameworks.yaml_format import load_yaml
from parindex.lib.errors import InputRejected


def _problems(text: str) -> set[tuple[int | None, str]]:
    import textwrap

    with pytest.raises(InputRejected) as caught:
        load_yaml(textwrap.dedent(text).lstrip("\n"))
    return {(p.line, p.field) for p in caught.value.problems}


def _mutate(old: str, new: str) -> str:
    assert old in TINY, old
    return TINY.replace(old, new, 1)


def test_it_accepts_the_unmutated_file() -> None:
    """The base file of these tests is valid."""
    assert load_yaml(TINY.lstrip("\n")).code == "TINY"


def test_it_allows_a_blank_maximum_only_in_a_structure_only_framework() -> None:
    """An unknown max is an error in a scored framework, and allowed when structure_only."""
    blank = _mutate("max_points: 4\n  method: manual", "max_points:\n  method: manual")
    assert _problems(blank) == {(30, "max_points")}
    structure_only = blank.replace("version: 1\n", "version: 1\nstructure_only: true\n", 1)
    document = load_yaml(structure_only.lstrip("\n"))
    assert document.criteria[-1].max_points is None


def test_it_names_rows_and_columns_of_a_wrong_workbook() -> None:
    """Excel problems point at the row as Excel numbers it and at the column header."""
    good = dump_xlsx(load_yaml(TINY.lstrip("\n")))
    workbook = load_workbook(io.BytesIO(good))
    sheet = workbook["Tiêu chí"]
    headers = {cell.value: cell.column for cell in sheet[1]}
    sheet.cell(row=3, column=headers["Điểm tối đa / Max points"], value=-2)
    sheet.cell(row=5, column=headers["Phương pháp chấm / Scoring method"], value="stars")
    sheet.cell(row=4, column=headers["Mã / Code"], value="plan")
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    with pytest.raises(InputRejected) as caught:
        load_xlsx(buffer)
    found = {(p.row, p.field) for p in caught.value.problems}
    assert (3, "Điểm tối đa / Max points") in found
    assert (5, "Phương pháp chấm / Scoring method") in found
    assert (4, "Mã / Code") in found


def test_it_names_the_metadata_row_of_bad_bands() -> None:
    """Bands in the metadata sheet are checked too, naming the sheet row and key."""
    workbook = load_workbook(io.BytesIO(dump_xlsx(load_yaml(TINY.lstrip("\n")))))
    sheet = workbook["Thông tin"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "bands":
            row[1].value = '[{"code": "a", "lower": 50}, {"code": "b", "lower": 60}]'
            bands_row = row[0].row
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    with pytest.raises(InputRejected) as caught:
        load_xlsx(buffer)
    assert [(p.row, p.field) for p in caught.value.problems] == [
        (bands_row, "Thông tin!bands.lower")
    ]


ON_TIME_PARAMS = "params: {full_at: 0.8, mode: scaled}"


def test_it_refuses_an_unknown_indicator_on_a_dossier_metric_row() -> None:
    """A dossier-metric row naming an indicator the registry does not have is refused on its
    params line, field ``params.indicator``, with the code in the message."""
    text = _mutate(ON_TIME_PARAMS, "params: {indicator: on_time_ratio, full_at: 0.8}")
    with pytest.raises(InputRejected) as caught:
        load_yaml(text.lstrip("\n"))
    assert [(p.line, p.field) for p in caught.value.problems] == [(26, "params.indicator")]
    assert "on_time_ratio" in caught.value.problems[0].message


def test_it_accepts_an_indicator_on_any_method_and_keeps_it() -> None:
    """A known indicator is accepted on a dossier-metric rate row and kept through Excel; on a
    declared row the parameter is a note, kept and not checked; a dossier-metric row without
    one stays valid (its points come from an import or the appraisers)."""
    bound = load_yaml(_mutate(ON_TIME_PARAMS, "params: {indicator: on_time_rate, full_at: 0.8}"))
    row = next(r for r in bound.criteria if r.code == "on_time")
    assert row.params["indicator"] == "on_time_rate"
    assert load_xlsx(io.BytesIO(dump_xlsx(bound))) == bound
    declared = _mutate("method: binary", "method: binary\n  params: {indicator: anything}")
    assert next(r for r in load_yaml(declared).criteria if r.code == "plan").params == {
        "indicator": "anything"
    }
    assert load_yaml(TINY.lstrip("\n")).code == "TINY"


def test_it_names_the_parameters_column_of_an_unknown_indicator_in_a_workbook() -> None:
    """In Excel the problem names the row and the column ``Tham số / Parameters.indicator``."""
    workbook = load_workbook(io.BytesIO(dump_xlsx(load_yaml(TINY.lstrip("\n")))))
    sheet = workbook["Tiêu chí"]
    headers = {cell.value: cell.column for cell in sheet[1]}
    sheet.cell(row=4, column=headers["Tham số / Parameters"], value='{"indicator": "nope"}')
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    with pytest.raises(InputRejected) as caught:
        load_xlsx(buffer)
    assert [(p.row, p.field) for p in caught.value.problems] == [
        (4, "Tham số / Parameters.indicator")
    ]
