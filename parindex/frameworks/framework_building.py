"""Building a ``FrameworkDocument`` from what a reader found, checked the same way whatever the
format (YAML or Excel).

The format readers (``yaml_format``, ``excel_format``) hand over plain values plus where each
came from (a line of the YAML file, or a row and column of the workbook); every problem found
here points back at that place. A document with any problem is refused whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from parindex.frameworks.framework_document import (
    CODE_PATTERN,
    CRITERION_FIELDS,
    FORMAT_ID,
    FRAMEWORK_FIELDS,
    MAX_LEVEL,
    STATUSES,
    CriterionRow,
    FrameworkDocument,
    RawFramework,
    RawRow,
    Where,
    _blank,
    parse_bool,
    parse_decimal,
    parse_list,
)
from parindex.frameworks.indicator_bindings import binding_problems
from parindex.frameworks.models import UNIT_KINDS, band_from_dict, decimal_params
from parindex.lib.errors import InputRejected, Problem
from parindex.lib.scoring.bands import band_problems
from parindex.lib.scoring.methods import (
    ADJUSTMENT_METHODS,
    AWARD_MAX,
    INPUT_SOURCES,
    NOT_APPLICABLE_POLICIES,
)
from parindex.lib.scoring.params import param_problems


class _Collector:
    def __init__(self, where: Mapping[str, Where], start: Where):
        self.where = where
        self.start = start
        self.problems: list[Problem] = []

    def at(self, name: str) -> Where:
        return self.where.get(name) or Where(self.start.line, self.start.row, "")

    def add(self, name: str, message: str) -> None:
        self.problems.append(self.at(name).problem(message, name))

    def text(self, values: Mapping[str, Any], name: str, *, required: bool = False) -> str:
        value = values.get(name)
        if _blank(value):
            if required:
                self.add(name, _("This field is required."))
            return ""
        return str(value).strip()

    def decimal(self, values: Mapping[str, Any], name: str) -> Decimal | None:
        value = values.get(name)
        if _blank(value):
            return None
        try:
            return parse_decimal(value)
        except ValueError:
            self.add(name, _("“{value}” is not a number.").format(value=value))
            return None

    def points(self, values: Mapping[str, Any], name: str) -> Decimal | None:
        """Points as stored: at most 2 decimals, below 10 000."""
        number = self.decimal(values, name)
        if number is not None and (
            number != number.quantize(Decimal("0.01")) or abs(number) >= 10000
        ):
            self.add(name, _("Points take at most 2 decimals and stay below 10 000."))
            return None
        return number

    def integer(self, values: Mapping[str, Any], name: str) -> int | None:
        number = self.decimal(values, name)
        if number is None:
            return None
        if number != number.to_integral_value():
            self.add(name, _("A whole number is required."))
            return None
        return int(number)

    def boolean(self, values: Mapping[str, Any], name: str) -> bool:
        value = values.get(name)
        if _blank(value):
            return False
        try:
            return parse_bool(value)
        except ValueError:
            self.add(name, _("“{value}” is not yes or no.").format(value=value))
            return False


def build_document(raw: RawFramework) -> FrameworkDocument:
    """Type, check and assemble a document; refuse it whole with every problem found."""
    problems = list(raw.problems)
    check = _Collector(raw.where, raw.start)
    document = _build_header(raw, check)
    problems += check.problems
    rows_problems, pairs = _build_rows(raw.rows, document)
    problems += rows_problems
    if not document.criteria and not rows_problems:
        problems.append(raw.start.problem(_("The framework has no criteria."), "criteria"))
    problems += _check_tree(document, pairs, check.at("max_points"))
    if problems:
        raise InputRejected(problems)
    return document


def _build_header(raw: RawFramework, check: _Collector) -> FrameworkDocument:
    """The framework's own fields, typed and checked (its criteria come after)."""
    values = raw.values
    _check_field_names(values, check)
    code = _code(values, check)
    version = check.integer(values, "version")
    if version is not None and version < 1:
        check.add("version", _("The version must be 1 or more."))
    unit_kinds = _unit_kinds(values, check)
    year_from = check.integer(values, "year_from")
    year_to = check.integer(values, "year_to")
    if year_from is not None and year_to is not None and year_to < year_from:
        check.add("year_to", _("The last year comes before the first year."))
    status, policy = _status_and_policy(values, check)
    total_cap = check.points(values, "total_cap")
    if total_cap is not None and total_cap <= 0:
        check.add("total_cap", _("The cap must be above 0."))
    max_points = check.points(values, "max_points")
    metadata = values.get("metadata") or {}
    if not isinstance(metadata, Mapping):
        check.add("metadata", _("The metadata must be a mapping of names to values."))
        metadata = {}
    structure_only = check.boolean(values, "structure_only")
    return FrameworkDocument(
        code=code,
        version=version if version and version > 0 else 1,
        name_vi=check.text(values, "name_vi", required=True),
        name_en=check.text(values, "name_en"),
        unit_kinds=unit_kinds,
        year_from=year_from,
        year_to=year_to,
        scope=check.text(values, "scope") or "national",
        methodology_decision=check.text(values, "methodology_decision"),
        source=check.text(values, "source"),
        status=status,
        is_illustrative=check.boolean(values, "is_illustrative"),
        structure_only=structure_only,
        max_points=max_points,
        not_applicable_policy=policy,
        total_cap=total_cap,
        bands=_build_bands(values.get("bands"), raw, check),
        metadata=_plain_data(metadata),
    )


def _check_field_names(values: Mapping[str, Any], check: _Collector) -> None:
    for name in values:
        if name not in FRAMEWORK_FIELDS and name not in ("criteria", "format"):
            check.add(name, _("Unknown field “{name}”.").format(name=name))
    fmt = values.get("format")
    if not _blank(fmt) and fmt != FORMAT_ID:
        check.add("format", _("Unknown format “{value}”.").format(value=fmt))


def _code(values: Mapping[str, Any], check: _Collector) -> str:
    """The required ``code`` of a framework or a criterion."""
    code = check.text(values, "code", required=True)
    if code and not CODE_PATTERN.match(code):
        check.add("code", _("A code uses letters, digits, “.”, “_” and “-” only."))
    return code


def _unit_kinds(values: Mapping[str, Any], check: _Collector) -> list[str]:
    unit_kinds = parse_list(values.get("unit_kinds"))
    if not unit_kinds:
        check.add("unit_kinds", _("Name at least one unit kind."))
    for kind in unit_kinds:
        if kind not in UNIT_KINDS:
            check.add(
                "unit_kinds",
                _("Unknown unit kind “{kind}”; use {kinds}.").format(
                    kind=kind, kinds=", ".join(UNIT_KINDS)
                ),
            )
    return unit_kinds


def _status_and_policy(values: Mapping[str, Any], check: _Collector) -> tuple[str, str]:
    status = check.text(values, "status") or "active"
    if status not in STATUSES:
        check.add(
            "status", _("The status must be one of {values}.").format(values=", ".join(STATUSES))
        )
    policy = check.text(values, "not_applicable_policy") or AWARD_MAX
    if policy not in NOT_APPLICABLE_POLICIES:
        check.add(
            "not_applicable_policy",
            _("The policy must be one of {values}.").format(
                values=", ".join(NOT_APPLICABLE_POLICIES)
            ),
        )
    return status, policy


def _plain_data(value: Any) -> Any:
    """Nested mappings and lists as plain dicts and lists (readers may hand subclasses)."""
    if isinstance(value, Mapping):
        return {str(key): _plain_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain_data(item) for item in value]
    return value


def _build_bands(raw_bands: Any, raw: RawFramework, check: _Collector) -> list[dict[str, Any]]:
    if _blank(raw_bands):
        return []
    if not isinstance(raw_bands, list):
        check.add("bands", _("The bands must be a list."))
        return []
    bands: list[dict[str, Any]] = []
    for index, item in enumerate(raw_bands):
        where = raw.band_where[index] if index < len(raw.band_where) else check.at("bands")
        if not isinstance(item, Mapping):
            check.problems.append(where.problem(_("A band must be a mapping."), "bands"))
            continue
        band: dict[str, Any] = {
            "code": str(item.get("code") or "").strip(),
            "name_vi": str(item.get("name_vi") or "").strip(),
            "name_en": str(item.get("name_en") or "").strip(),
            "operator": str(item.get("operator") or ">=").strip(),
            "lower": None,
            "upper": None,
        }
        for bound in ("lower", "upper"):
            if not _blank(item.get(bound)):
                try:
                    band[bound] = parse_decimal(item[bound])
                except ValueError:
                    check.problems.append(
                        where.problem(
                            _("“{value}” is not a number.").format(value=item[bound]),
                            f"bands.{bound}",
                        )
                    )
        bands.append(band)
    for index, problem in band_problems([band_from_dict(b) for b in bands]):
        where = raw.band_where[index] if index < len(raw.band_where) else check.at("bands")
        check.problems.append(
            Problem(
                problem.message,
                row=where.row,
                line=where.line,
                field=f"{where.label or 'bands'}.{problem.field}" if problem.field else "bands",
            )
        )
    return bands


def _build_rows(
    raw_rows: list[RawRow], document: FrameworkDocument
) -> tuple[list[Problem], list[tuple[CriterionRow, RawRow]]]:
    """Every criterion row typed and checked, appended to ``document.criteria``; the problems,
    and each distinct code's row with where it came from."""
    problems: list[Problem] = []
    starts: dict[str, RawRow] = {}
    pairs: list[tuple[CriterionRow, RawRow]] = []
    levels: dict[str, int] = {}
    for raw in raw_rows:
        check = _Collector(raw.where, raw.start)
        row = _build_row(raw.values, check, document, starts, levels)
        if row.code and row.code not in starts:
            starts[row.code] = raw
            levels[row.code] = row.level
            pairs.append((row, raw))
        document.criteria.append(row)
        problems += check.problems
    return problems, pairs


def _build_row(
    values: Mapping[str, Any],
    check: _Collector,
    document: FrameworkDocument,
    starts: dict[str, RawRow],
    levels: dict[str, int],
) -> CriterionRow:
    """One criterion row (its problems go to ``check``)."""
    for name in values:
        if name not in CRITERION_FIELDS:
            check.add(name, _("Unknown field “{name}”.").format(name=name))
    code = _code(values, check)
    if code in starts:
        first = starts[code].start
        check.add(
            "code",
            _("Duplicate code {code} (first used at {place}).").format(
                code=code, place=first.problem("").location()
            ),
        )
    parent = check.text(values, "parent") or None
    level = _row_level(values, check, parent, levels)
    max_points = check.points(values, "max_points")
    if max_points is not None and max_points < 0:
        check.add("max_points", _("A maximum cannot be negative."))
    if max_points is None and not document.structure_only and not _blank(code):
        check.add(
            "max_points",
            _("The maximum is required (blank is allowed only in a structure-only framework)."),
        )
    method = check.text(values, "method")
    params = _row_params(values, check)
    input_source = check.text(values, "input_source") or "declared"
    if input_source not in INPUT_SOURCES:
        check.add(
            "input_source",
            _("Unknown input source “{value}”; use {values}.").format(
                value=input_source, values=", ".join(INPUT_SOURCES)
            ),
        )
    applies_to = parse_list(values.get("applies_to"))
    for kind in applies_to:
        if kind not in document.unit_kinds:
            check.add(
                "applies_to",
                _("“{kind}” is not one of the framework's unit kinds.").format(kind=kind),
            )
    return CriterionRow(
        code=code,
        parent=parent,
        level=level,
        name_vi=check.text(values, "name_vi", required=True),
        name_en=check.text(values, "name_en"),
        max_points=max_points,
        method=method,
        params=params,
        input_source=input_source,
        evidence_required=check.text(values, "evidence_required"),
        owner_department=check.text(values, "owner_department"),
        applies_to=applies_to,
        source=check.text(values, "source"),
        status=check.text(values, "status"),
    )


def _row_level(
    values: Mapping[str, Any], check: _Collector, parent: str | None, levels: dict[str, int]
) -> int:
    """The row's level from its parent (listed before it); a given ``level`` must agree."""
    level = 1
    if parent is not None:
        if parent not in levels:
            check.add(
                "parent",
                _("Unknown parent {parent}: a parent must be listed before its children.").format(
                    parent=parent
                ),
            )
        else:
            level = levels[parent] + 1
    if level > MAX_LEVEL:
        check.add("parent", _("The tree has at most three levels."))
    given_level = check.integer(values, "level")
    if given_level is not None and given_level != level and not check.problems:
        check.add(
            "level",
            _("Level {given} does not match the position in the tree (level {level}).").format(
                given=given_level, level=level
            ),
        )
    return level


def _row_params(values: Mapping[str, Any], check: _Collector) -> dict[str, Any]:
    raw_params = values.get("params")
    if _blank(raw_params):
        raw_params = {}
    if not isinstance(raw_params, Mapping):
        check.add("params", _("The parameters must be a mapping of names to values."))
        raw_params = {}
    return decimal_params(dict(raw_params))


def _check_tree(
    document: FrameworkDocument,
    pairs: list[tuple[CriterionRow, RawRow]],
    framework_max: Where,
) -> list[Problem]:
    problems: list[Problem] = []
    children: dict[str | None, list[CriterionRow]] = {}
    for row in document.criteria:
        children.setdefault(row.parent, []).append(row)

    for row, raw in pairs:

        def at(name: str, raw: RawRow = raw) -> Where:
            return raw.where.get(name) or Where(raw.start.line, raw.start.row, "")

        kids = children.get(row.code, [])
        if kids:
            if row.method:
                problems.append(
                    at("method").problem(
                        _("A row with children scores as their sum: leave the method empty."),
                        "method",
                    )
                )
            problems += _sum_problem(row.max_points, kids, at("max_points"))
        elif row.method:
            found = param_problems(row.method, row.params, row.max_points)
            found += binding_problems(row.method, row.input_source, row.params)
            for problem in found:
                name = problem.field.split(".")[0].split("[")[0]
                where = at(name)
                label = where.label or problem.field
                if where.label and problem.field.startswith("params"):
                    label = where.label + problem.field[len("params") :]
                problems.append(
                    Problem(problem.message, row=where.row, line=where.line, field=label)
                )
        elif not document.structure_only:
            problems.append(
                at("method").problem(_("A row without children needs a scoring method."), "method")
            )
    areas = children.get(None, [])
    if areas:
        problems += _sum_problem(document.max_points, areas, framework_max)
    return problems


def _sum_problem(total: Decimal | None, kids: list[CriterionRow], where: Where) -> list[Problem]:
    counted = [k for k in kids if k.method not in ADJUSTMENT_METHODS]
    known = [k.max_points for k in counted if k.max_points is not None]
    known_sum = sum(known, Decimal(0))
    if total is None:
        return []
    if len(known) == len(counted) and known_sum != total:
        return [
            where.problem(
                _(
                    "The maximum {maximum} is not the sum of its children's maxima ({total})."
                ).format(maximum=_plain(total), total=_plain(known_sum)),
                "max_points",
            )
        ]
    if len(known) < len(counted) and known_sum > total:
        return [
            where.problem(
                _("The known maxima of the children ({total}) already exceed {maximum}.").format(
                    maximum=_plain(total), total=_plain(known_sum)
                ),
                "max_points",
            )
        ]
    return []


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")
