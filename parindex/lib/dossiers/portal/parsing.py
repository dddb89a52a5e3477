"""Reading the national portal's Decision 766 responses: check one body, refuse it whole.

Framework-free (no Django). :func:`parse_response` checks one response body (the envelope
``{"code": "OK", "data": …}`` and either shape, ``parent`` + ``children[]`` or ``overview`` +
``evaluation[]`` with ``metrics[]``) and refuses it whole with
:class:`~parindex.lib.errors.InputRejected`, each problem naming the file and the JSON path.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from parindex.lib.dossiers import qd766
from parindex.lib.dossiers.portal.shapes import (
    PortalMetric,
    PortalResponse,
    PortalUnit,
    group_from_name,
    period_from_name,
)
from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.decoding import decoding_problem
from parindex.lib.files.json_loader import parse_json
from parindex.lib.files.source import Source
from parindex.lib.i18n import _


class _Collector:
    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []

    def add(self, message: str, path: str = "", line: int | None = None) -> None:
        self.problems.append(
            Problem(
                _("{file}: {message}").format(file=self.source, message=message),
                line=line,
                field=path,
            )
        )

    def number(self, obj: Mapping[str, Any], key: str, path: str) -> Decimal | None:
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            self.add(
                _("expected a number or null, found {value}").format(value=json.dumps(value)[:40]),
                f"{path}.{key}",
            )
            return None
        return Decimal(value)

    def text(self, obj: Mapping[str, Any], key: str, path: str, *, required: bool) -> str:
        value = obj.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.add(_("expected a non-empty text"), f"{path}.{key}")
            return ""
        return value


def _shape_text(shape: qd766.Shape) -> str:
    if shape is qd766.Shape.TREE:
        return _("parent and children[]")
    return _("overview and evaluation[]")


def _detect_group(
    data: Mapping[str, Any], shape: qd766.Shape, profile: qd766.Profile
) -> str | None:
    if shape is qd766.Shape.TREE:
        parent = data.get("parent")
        if not isinstance(parent, Mapping):
            return None
        for definition in profile.groups:
            if definition.shape is not qd766.Shape.TREE:
                continue
            needed = qd766.required_parameters(definition.group, profile=profile)
            if needed and all(name in parent for name in needed):
                return definition.group
        return None
    overview = data.get("overview")
    metrics = overview.get("metrics") if isinstance(overview, Mapping) else None
    codes = {m.get("code") for m in metrics or [] if isinstance(m, Mapping)}
    for definition in profile.groups:
        own = {r.code for r in profile.rules_of(definition.group)}
        if definition.shape is qd766.Shape.METRICS and codes & own:
            return definition.group
    return None


def _parse_unit(
    obj: Any,
    path: str,
    *,
    is_root: bool,
    group: qd766.GroupDefinition,
    profile: qd766.Profile,
    out: _Collector,
) -> PortalUnit | None:
    if not isinstance(obj, Mapping):
        out.add(_("expected an object (a unit)"), path)
        return None
    name = out.text(obj, "departmentName", path, required=True)
    code = out.text(obj, "departmentCode", path, required=False).strip()
    score_field = next((f for f in group.score_fields if f in obj), "")
    official = out.number(obj, score_field, path) if score_field else None
    max_field = next((f for f in group.max_fields if f in obj), "")
    official_max = out.number(obj, max_field, path) if max_field else None
    params: dict[str, Decimal | None] = {}
    metrics: list[PortalMetric] = []
    if group.shape is qd766.Shape.TREE:
        for param in qd766.required_parameters(group.group, profile=profile):
            params[param] = out.number(obj, param, path)
    else:
        raw = obj.get("metrics")
        if not isinstance(raw, list):
            out.add(_("expected a list of metrics"), f"{path}.metrics")
            raw = []
        for index, item in enumerate(raw):
            mpath = f"{path}.metrics[{index}]"
            if not isinstance(item, Mapping):
                out.add(_("expected an object (a metric)"), mpath)
                continue
            metrics.append(
                PortalMetric(
                    code=out.text(item, "code", mpath, required=True),
                    numerator=out.number(item, "numerator", mpath),
                    denominator=out.number(item, "denominator", mpath),
                    ratio=out.number(item, "ratio", mpath),
                    score=out.number(item, "score", mpath),
                    max_score=out.number(item, "maxScore", mpath),
                    quality=out.text(item, "dataQualityStatus", mpath, required=False),
                    path=mpath,
                )
            )
    level = obj.get("level") or obj.get("departmentType") or ("ROOT" if is_root else "")
    return PortalUnit(
        name=name,
        code=code,
        is_root=is_root,
        level=str(level),
        official_score=official,
        official_max=official_max,
        score_field=score_field,
        params=params,
        metrics=tuple(metrics),
        path=path,
    )


def parse_response(
    raw: bytes, *, source: str, profile: str | qd766.Profile = qd766.DEFAULT_PROFILE
) -> PortalResponse:
    """Check and parse one response body; ``source`` is its file name (group and period)."""
    prof = qd766.get_profile(profile)
    out = _Collector(source)
    text, data = _envelope(raw, out)
    shape, group_id = _shape_and_group(data, source, prof, out)
    units = _units(data, shape, prof.group(group_id), prof, out)
    if out.problems:
        raise InputRejected(out.problems)
    return PortalResponse(
        source=Path(source).name,
        group=group_id,
        shape=shape,
        period=period_from_name(source),
        sha256=hashlib.sha256(raw).hexdigest(),
        body=json.loads(text),
        units=tuple(units),
    )


def _envelope(raw: bytes, out: _Collector) -> tuple[str, Mapping[str, Any]]:
    """The body's text and its ``data`` object; refuses a body that is not the envelope."""
    try:
        text = raw.decode("utf-8-sig")
        parsed = parse_json(text, name=Path(out.source).name)
    except UnicodeDecodeError:
        # The kit says why (UTF-16, a legacy code page, binary), naming the file and line.
        why = decoding_problem(Source(Path(out.source).name, raw))
        if why is None:  # readable UTF-16: still refused, the portal answers in UTF-8
            out.add(_("the file is not UTF-8 text"))
        else:
            out.problems.append(why)
        raise InputRejected(out.problems) from None
    except InputRejected as exc:  # nested too deeply
        out.problems.extend(exc.problems)
        raise InputRejected(out.problems) from None
    except json.JSONDecodeError as exc:
        out.add(_("not valid JSON: {error}").format(error=exc.msg), line=exc.lineno)
        raise InputRejected(out.problems) from None
    if not isinstance(parsed, Mapping):
        out.add(_("expected the portal envelope: an object with “code” and “data”"), "$")
        raise InputRejected(out.problems)
    if parsed.get("code") != "OK":
        out.add(
            _("the portal did not answer OK (code {code})").format(
                code=json.dumps(parsed.get("code"), default=str)
            ),
            "code",
        )
    data = parsed.get("data")
    if not isinstance(data, Mapping):
        out.add(_("expected an object"), "data")
        raise InputRejected(out.problems)
    return text, data


def _shape_and_group(
    data: Mapping[str, Any], source: str, prof: qd766.Profile, out: _Collector
) -> tuple[qd766.Shape, str]:
    """The response's shape and its group (from the file name, else the content), agreeing."""
    if "parent" in data and "children" in data:
        shape = qd766.Shape.TREE
    elif "overview" in data and "evaluation" in data:
        shape = qd766.Shape.METRICS
    else:
        out.add(
            _(
                "unknown response shape: expected parent and children[], "
                "or overview and evaluation[]"
            ),
            "data",
        )
        raise InputRejected(out.problems)
    group_id = group_from_name(source, prof) or _detect_group(data, shape, prof)
    if group_id is None:
        out.add(
            _(
                "cannot tell the group from the file name or the content; expected one of {groups}"
            ).format(groups=", ".join(prof.group_ids())),
            "data",
        )
        raise InputRejected(out.problems)
    group = prof.group(group_id)
    if group.shape is not shape:
        out.add(
            _(
                "the file name says group {group}, which has {expected}; the content has {found}"
            ).format(group=group_id, expected=_shape_text(group.shape), found=_shape_text(shape)),
            "data",
        )
        raise InputRejected(out.problems)
    return shape, group_id


def _units(
    data: Mapping[str, Any],
    shape: qd766.Shape,
    group: qd766.GroupDefinition,
    prof: qd766.Profile,
    out: _Collector,
) -> list[PortalUnit]:
    """The root unit and its children (problems collected in ``out``)."""
    root_key, list_key = ("parent", "children") if shape is qd766.Shape.TREE else (
        "overview", "evaluation"
    )  # fmt: skip
    units: list[PortalUnit] = []
    root = _parse_unit(
        data[root_key], f"data.{root_key}", is_root=True, group=group, profile=prof, out=out
    )
    if root is not None:
        units.append(root)
    children = data[list_key]
    if not isinstance(children, list):
        out.add(_("expected a list of units"), f"data.{list_key}")
        children = []
    for index, child in enumerate(children):
        unit = _parse_unit(
            child,
            f"data.{list_key}[{index}]",
            is_root=False,
            group=group,
            profile=prof,
            out=out,
        )
        if unit is not None:
            units.append(unit)
    return units


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Files as given, directories expanded to their ``*.json`` files (sorted)."""
    files: list[Path] = []
    problems: list[Problem] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.glob("*.json") if p.is_file())
            if not found:
                problems.append(
                    Problem(_("{file}: the folder holds no .json file").format(file=path))
                )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(_("{file}: no such file").format(file=path)))
    return files, problems


def load_responses(
    paths: Iterable[str | Path], *, profile: str | qd766.Profile = qd766.DEFAULT_PROFILE
) -> list[PortalResponse]:
    """Parse every file (directories expanded); refuse all of them if any one is bad."""
    files, problems = expand_paths(paths)
    responses: list[PortalResponse] = []
    for path in files:
        try:
            responses.append(parse_response(path.read_bytes(), source=str(path), profile=profile))
        except InputRejected as exc:
            problems.extend(exc.problems)
        except OSError as exc:
            problems.append(
                Problem(_("{file}: cannot be read ({error})").format(file=path, error=exc.strerror))
            )
    if problems:
        raise InputRejected(problems)
    return responses
