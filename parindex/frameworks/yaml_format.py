"""The canonical, human-editable framework file: YAML (docs/framework-format.md).

Reading keeps the line of every key, so each problem names the line to fix. Writing produces
the same layout a person would write: framework fields first, then ``criteria`` as a flat list
in tree order, each row naming its ``parent``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from parindex.frameworks.framework_building import build_document
from parindex.frameworks.framework_document import (
    FORMAT_ID,
    FRAMEWORK_FIELDS,
    FrameworkDocument,
    RawFramework,
    RawRow,
    Where,
)
from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.source import Source
from parindex.lib.files.yaml_loader import load_yaml as load_yaml_file


def _where(mapping: Any, key: str) -> Where:
    lines = getattr(mapping, "key_lines", {})
    return Where(line=lines.get(key, getattr(mapping, "line", None)), label=key)


def _raw(source: Source) -> RawFramework:
    data = load_yaml_file(source)
    if not isinstance(data, dict):
        raise InputRejected([Problem(_("The file must hold a mapping of framework fields."))])
    start = Where(line=getattr(data, "line", 1))
    raw = RawFramework(
        values={key: value for key, value in data.items() if key != "criteria"},
        where={key: _where(data, key) for key in data},
        start=start,
    )
    bands = data.get("bands")
    if isinstance(bands, list):
        raw.band_where = [
            Where(line=getattr(band, "line", _where(data, "bands").line), label="bands")
            for band in bands
        ]
    criteria = data.get("criteria")
    if criteria is None:
        raw.problems.append(_where(data, "criteria").problem(_("The criteria list is missing.")))
    elif not isinstance(criteria, list):
        raw.problems.append(_where(data, "criteria").problem(_("The criteria must be a list.")))
    else:
        for item in criteria:
            if not isinstance(item, dict):
                raw.problems.append(
                    _where(data, "criteria").problem(_("Each criterion must be a mapping."))
                )
                continue
            raw.rows.append(
                RawRow(
                    values=item,
                    where={key: _where(item, key) for key in item},
                    start=Where(line=getattr(item, "line", None)),
                )
            )
    return raw


def load_yaml(source: str | Path | Source) -> FrameworkDocument:
    """Read and validate a YAML framework (a path, a ``Source``, or the text itself)."""
    if isinstance(source, Path):
        source = Source.from_path(source)
    elif isinstance(source, str):
        source = Source.from_text(source)
    return build_document(_raw(source))


# --------------------------------------------------------------------------- writing


class _Dumper(yaml.SafeDumper):
    pass


def _represent_decimal(dumper: _Dumper, value: Decimal) -> Any:
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value.normalize(), "f"))


def _represent_str(dumper: _Dumper, value: str) -> Any:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_multi_representer(dict, yaml.SafeDumper.represent_dict)
_Dumper.add_representer(str, _represent_str)


def document_to_data(document: FrameworkDocument) -> dict[str, Any]:
    """The plain data of the YAML file (also what JSON exports would hold)."""
    data: dict[str, Any] = {"format": FORMAT_ID}
    for name in FRAMEWORK_FIELDS:
        value = getattr(document, name)
        if name == "bands":
            value = [{k: v for k, v in band.items() if v is not None} for band in value]
        data[name] = value
    data["criteria"] = []
    for row in document.criteria:
        item: dict[str, Any] = {"code": row.code}
        if row.parent:
            item["parent"] = row.parent
        item["level"] = row.level
        item["name_vi"] = row.name_vi
        if row.name_en:
            item["name_en"] = row.name_en
        item["max_points"] = row.max_points
        if row.method:
            item["method"] = row.method
        if row.params:
            item["params"] = row.params
        item["input_source"] = row.input_source
        for name in ("evidence_required", "owner_department", "source", "status"):
            if getattr(row, name):
                item[name] = getattr(row, name)
        if row.applies_to:
            item["applies_to"] = row.applies_to
        data["criteria"].append(item)
    return data


def dump_yaml(document: FrameworkDocument) -> str:
    return yaml.dump(
        document_to_data(document),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        indent=2,
    )
