"""Reads of frameworks: lists, one framework with its tree, files and specs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from parindex.frameworks.excel_format import load_xlsx
from parindex.frameworks.framework_document import CriterionRow, FrameworkDocument
from parindex.frameworks.models import Criterion, Framework, decimal_params
from parindex.frameworks.yaml_format import load_yaml
from parindex.lib.errors import InputRejected, Problem
from parindex.lib.scoring.numbers import to_decimal
from parindex.lib.scoring.tree import FrameworkSpec

SHIPPED_DIR = Path(__file__).resolve().parent / "data"


def frameworks() -> QuerySet[Framework]:
    return Framework.objects.order_by("-is_illustrative", "code")


def ordered_criteria(framework: Framework) -> list[Criterion]:
    """Every criterion in tree order (parents before children, siblings by position)."""
    rows = list(framework.criteria.all().order_by("position", "pk"))
    by_parent: dict[int | None, list[Criterion]] = {}
    for row in rows:
        by_parent.setdefault(row.parent_id, []).append(row)
    ordered: list[Criterion] = []

    def visit(parent: int | None) -> None:
        for row in by_parent.get(parent, []):
            ordered.append(row)
            visit(row.pk)

    visit(None)
    return ordered


def document_from_framework(
    framework: Framework, criteria: list[Criterion] | None = None
) -> FrameworkDocument:
    """The file content of a stored framework (what ``export`` writes)."""
    rows = criteria if criteria is not None else ordered_criteria(framework)
    codes = {row.pk: row.code for row in rows}
    return FrameworkDocument(
        code=framework.code,
        version=framework.version,
        name_vi=framework.name_vi,
        name_en=framework.name_en,
        unit_kinds=list(framework.unit_kinds or []),
        year_from=framework.year_from,
        year_to=framework.year_to,
        scope=framework.scope,
        methodology_decision=framework.methodology_decision,
        source=framework.source,
        status=framework.status,
        is_illustrative=framework.is_illustrative,
        structure_only=framework.structure_only,
        max_points=framework.max_points,
        not_applicable_policy=framework.not_applicable_policy,
        total_cap=framework.total_cap,
        bands=[
            {
                **band,
                "lower": None if band.get("lower") is None else to_decimal(band["lower"]),
                "upper": None if band.get("upper") is None else to_decimal(band["upper"]),
            }
            for band in framework.bands or []
        ],
        metadata=dict(framework.metadata or {}),
        criteria=[
            CriterionRow(
                code=row.code,
                parent=codes.get(row.parent_id) if row.parent_id else None,
                level=row.level,
                name_vi=row.name_vi,
                name_en=row.name_en,
                max_points=row.max_points,
                method=row.method,
                params=decimal_params(row.params or {}),
                input_source=row.input_source,
                evidence_required=row.evidence_required,
                owner_department=row.owner_department,
                applies_to=list(row.applies_to or []),
                source=row.source,
                status=row.status,
            )
            for row in rows
        ],
    )


def load_document(path: Path) -> FrameworkDocument:
    """Read and validate a framework file, choosing the reader by its extension."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputRejected([Problem(_("File not found: {path}").format(path=path))])
    if suffix in (".yaml", ".yml"):
        return load_yaml(path)
    if suffix in (".xlsx", ".xlsm"):
        return load_xlsx(path)
    raise InputRejected(
        [Problem(_("Unknown file type {suffix}: use .yaml or .xlsx.").format(suffix=suffix))]
    )


@dataclass
class ResolvedFramework:
    """A framework named on the command line: a stored one, or a file read on the spot."""

    spec: FrameworkSpec
    document: FrameworkDocument
    names: dict[str, tuple[str, str]] = field(default_factory=dict)


def resolve_framework(code_or_file: str) -> ResolvedFramework:
    """A stored framework by code, or else a YAML/XLSX file by path."""
    framework = Framework.objects.filter(code=code_or_file).first()
    if framework is not None:
        document = document_from_framework(framework)
    else:
        path = Path(code_or_file)
        if not path.suffix:
            raise InputRejected(
                [
                    Problem(
                        _("No framework with code {code} and no such file.").format(
                            code=code_or_file
                        ),
                        field="framework",
                    )
                ]
            )
        document = load_document(path)
    return ResolvedFramework(
        spec=document.spec(),
        document=document,
        names={row.code: (row.name_vi, row.name_en) for row in document.criteria},
    )


def shipped_files() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*.yaml"))
