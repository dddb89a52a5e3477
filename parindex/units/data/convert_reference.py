"""Regenerate the shipped unit files from the reference CSV copies in ``reference/``.

Run ``.venv/bin/python parindex/units/data/convert_reference.py`` after changing a CSV in
``reference/``; it rewrites ``provinces_63.yaml``, ``provinces_34.yaml`` and
``cantho_communes_2025.yaml`` next to it. Only the copies in this folder are read (see
SOURCES.md). A test checks that the shipped YAML files are exactly what this script produces.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "reference"
REORGANISED_ON = "2025-07-01"
CENTRALLY_RUN_63 = {"01", "31", "48", "79", "92"}
WEIGHT_NOTE = (
    "Trọng số 'equal' (1/n mỗi đơn vị trước sắp xếp, đơn vị cuối theo thứ tự mã nhận phần dư "
    "làm tròn) chỉ là giá trị tạm: tỉnh cần thay bằng trọng số theo dân số hoặc số hồ sơ "
    "(quyết định chính sách, par-index.md §9.3). / Equal weights are a placeholder; the province "
    "should replace them with population or dossier-volume weights (policy decision)."
)
PREDECESSOR = re.compile(
    r"^(?P<name>.+?) \[(?P<code>\d+)\] \((?P<district>.+?) \((?P<district_code>\d+)\), "
    r"(?P<province>.+?) \((?P<province_code>\d+)\)\) – (?P<relation>.+)$"
)
RELATIONS = {
    "nhập toàn bộ": "merged_whole",
    "nhập một phần": "merged_partial",
    "giữ nguyên": "unchanged",
}
DISTRICT_SUBKINDS = {
    "Quận": "urban_district",
    "Huyện": "rural_district",
    "Thị xã": "town",
    "Thành phố": "provincial_city",
}
COMMUNE_SUBKINDS = {"Phường": "ward", "Xã": "rural_commune", "Thị trấn": "township"}
NEW_COMMUNE_SUBKINDS = {"phường": "ward", "xã": "rural_commune", "đặc khu": "special_zone"}


def _read(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def equal_weights(count: int) -> list[Decimal]:
    """1/count each, rounded down to 6 places; the last one takes the remainder (sum is 1)."""
    share = (Decimal(1) / count).quantize(Decimal("0.000001"), rounding=ROUND_DOWN)
    return [share] * (count - 1) + [Decimal(1) - share * (count - 1)]


def _subkind(name: str, table: dict[str, str]) -> str:
    for prefix, subkind in sorted(table.items(), key=lambda item: -len(item[0])):
        if name.startswith(prefix + " "):
            return subkind
    raise ValueError(f"no subkind for {name!r}")


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _emit(
    header: list[str], source: str, units: list[dict[str, Any]], links: list[dict[str, Any]]
) -> str:
    lines = [f"# {line}" if line else "#" for line in header]
    lines.append(f"source: {_scalar(source)}")
    for section, items in (("units", units), ("lineage", links)):
        if not items:
            continue
        lines.append(f"{section}:")
        for item in items:
            first = True
            for key, value in item.items():
                if value in ("", None):
                    continue
                prefix = "  - " if first else "    "
                first = False
                if isinstance(value, dict):
                    lines.append(f"{prefix}{key}:")
                    lines.extend(
                        f"      {k}: {_scalar(v)}" for k, v in value.items() if v not in ("", None)
                    )
                else:
                    lines.append(f"{prefix}{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def _lineage_links(
    groups: dict[str, list[tuple[str, str, str]]], basis_note: str
) -> list[dict[str, Any]]:
    """Links (predecessor → successor) with equal weights per successor, in successor order."""
    links = []
    for successor, members in groups.items():
        ordered = sorted(members)
        for (predecessor, relation, source), weight in zip(
            ordered, equal_weights(len(ordered)), strict=True
        ):
            links.append(
                {
                    "predecessor": predecessor,
                    "successor": successor,
                    "effective_on": REORGANISED_ON,
                    "relation": relation,
                    "weight": weight,
                    "weight_basis": "equal",
                    "source": source,
                    "note": basis_note,
                }
            )
    return links


def provinces_63() -> str:
    lineage_sources = {r["old_code"]: r["source_url"] for r in _read("province_lineage_2025.csv")}
    units = [
        {
            "code": row["province_code"],
            "code_system": "historical_63",
            "name": row["province_name"],
            "kind": "province",
            "subkind": "centrally_run_city"
            if row["province_code"] in CENTRALLY_RUN_63
            else "province",
            "valid_to": REORGANISED_ON,
            "source": "GSO province code list (province_codes_63.csv) ; "
            + lineage_sources[row["province_code"]],
            "info": {"mekong_delta": row["mekong_delta"] == "1"},
        }
        for row in _read("province_codes_63.csv")
    ]
    assert len(units) == 63
    return _emit(
        [
            "The 63 provinces and centrally-run cities before 1 July 2025 (code system",
            "historical_63). Converted by convert_reference.py from",
            "reference/province_codes_63.csv; sources per unit. Thừa Thiên Huế (46) is kept",
            "as a province although it became Thành phố Huế before the 2025 reorganisation.",
        ],
        "GSO 2-digit province codes; see SOURCES.md",
        units,
        [],
    )


def provinces_34() -> str:
    rows = _read("provinces_34.csv")
    lineage_rows = _read("province_lineage_2025.csv")
    units = []
    for row in rows:
        units.append(
            {
                "code": row["new_code"],
                "code_system": "current_34",
                "name": row["new_name"],
                "kind": "province",
                "subkind": "centrally_run_city"
                if row["unit_type"] == "thành phố trực thuộc trung ương"
                else "province",
                "valid_from": REORGANISED_ON,
                "source": row["source_url"],
                "info": {
                    "admin_centre": row["admin_centre"],
                    "area_km2_nq202": row["area_km2_nq202"],
                    "population_nq202": row["population_nq202"],
                    "commune_units": row["commune_units"],
                    "phuong": row["phuong"],
                    "xa": row["xa"],
                    "dac_khu": row["dac_khu"],
                },
            }
        )
    groups: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    predecessor_counts = {r["new_code"]: len(r["predecessor_old_codes"].split(";")) for r in rows}
    for row in lineage_rows:
        assert row["effective_date"] == REORGANISED_ON
        relation = "unchanged" if predecessor_counts[row["new_code"]] == 1 else "merged_whole"
        groups[f"current_34:{row['new_code']}"].append(
            (f"historical_63:{row['old_code']}", relation, row["source_url"])
        )
    for row in rows:
        expected = sorted(f"historical_63:{c}" for c in row["predecessor_old_codes"].split(";"))
        assert sorted(p for p, _r, _s in groups[f"current_34:{row['new_code']}"]) == expected
    assert len(units) == 34
    ordered = {key: groups[key] for key in (f"current_34:{r['new_code']}" for r in rows)}
    return _emit(
        [
            "The 34 provinces and centrally-run cities from 1 July 2025 (Resolution 202/2025/QH15,",
            "code system current_34) and the lineage of the 63 old provinces into them.",
            "Converted by convert_reference.py from reference/provinces_34.csv and",
            "reference/province_lineage_2025.csv. 'info' holds informational NQ 202 figures",
            "(area km², population; merged units only) that the importer does not store.",
            "Weights: basis 'equal' is a placeholder (see the note on each link).",
        ],
        "Resolution 202/2025/QH15; Decision 19/2025/QĐ-TTg code list; see SOURCES.md",
        units,
        _lineage_links(ordered, WEIGHT_NOTE),
    )


def _new_commune(row: dict[str, str]) -> dict[str, Any]:
    """A commune or ward of the new Cần Thơ city (from 1 July 2025)."""
    return {
        "code": row["new_code"],
        "code_system": "current_34",
        "name": row["name"],
        "kind": "commune",
        "subkind": NEW_COMMUNE_SUBKINDS[row["type"]],
        "parent": "current_34:92",
        "valid_from": REORGANISED_ON,
        "source": row["source_url"],
    }


def _predecessor(
    text: str,
    row: dict[str, str],
    districts: dict[str, dict[str, Any]],
    communes: dict[str, dict[str, Any]],
) -> tuple[str, str, str]:
    """One old commune a new one came from, as (unit, relation, source); its historical
    district and commune are added to ``districts`` and ``communes`` the first time."""
    match = PREDECESSOR.match(text.strip())
    if match is None:
        raise ValueError(f"cannot read predecessor {text!r}")
    part = match.groupdict()
    district_name = part["district"].replace("Thị Xã ", "Thị xã ")
    district = districts.setdefault(
        part["district_code"],
        {
            "code": part["district_code"],
            "code_system": "historical_63",
            "name": district_name,
            "kind": "district",
            "subkind": _subkind(district_name, DISTRICT_SUBKINDS),
            "parent": f"historical_63:{part['province_code']}",
            "valid_to": REORGANISED_ON,
            "source": row["source_url"],
        },
    )
    assert district["name"] == district_name
    commune = communes.setdefault(
        part["code"],
        {
            "code": part["code"],
            "code_system": "historical_63",
            "name": part["name"],
            "kind": "commune",
            "subkind": _subkind(part["name"], COMMUNE_SUBKINDS),
            "parent": f"historical_63:{part['district_code']}",
            "valid_to": REORGANISED_ON,
            "source": row["source_url"],
        },
    )
    assert commune["name"] == part["name"]
    relation = RELATIONS[part["relation"]]
    if row["unchanged"] == "true":
        assert relation == "unchanged"
    return f"historical_63:{part['code']}", relation, row["source_url"]


def cantho_communes_2025() -> str:
    rows = _read("cantho_communes_2025.csv")
    districts: dict[str, dict[str, Any]] = {}
    communes: dict[str, dict[str, Any]] = {}
    new_units = []
    groups: dict[str, list[tuple[str, str, str]]] = {}
    for row in rows:
        new_units.append(_new_commune(row))
        groups[f"current_34:{row['new_code']}"] = [
            _predecessor(text, row, districts, communes)
            for text in row["predecessor_units"].split("; ")
        ]
    assert len(new_units) == 103
    units = (
        sorted(districts.values(), key=lambda u: u["code"])
        + sorted(communes.values(), key=lambda u: u["code"])
        + new_units
    )
    return _emit(
        [
            "The 103 communes and wards of the new Cần Thơ city from 1 July 2025 (Resolution",
            "1668/NQ-UBTVQH15), the historical districts and communes of old Cần Thơ (92),",
            "Hậu Giang (93) and Sóc Trăng (94) they came from, and the commune lineage.",
            "Converted by convert_reference.py from reference/cantho_communes_2025.csv",
            "(column predecessor_units). Requires provinces_63.yaml and provinces_34.yaml to be",
            "imported first (the historical provinces and current_34:92 are parents here).",
            "Old and new commune codes overlap (31120 exists in both systems).",
        ],
        "Official old↔new commune conversion table (via sunshine-tech/VietnamProvinces); "
        "see SOURCES.md",
        units,
        _lineage_links(groups, WEIGHT_NOTE),
    )


OUTPUTS = {
    "provinces_63.yaml": provinces_63,
    "provinces_34.yaml": provinces_34,
    "cantho_communes_2025.yaml": cantho_communes_2025,
}


def main() -> None:
    for name, build in OUTPUTS.items():
        (HERE / name).write_text(build(), encoding="utf-8")
        print(f"wrote {name}")


if __name__ == "__main__":
    main()
