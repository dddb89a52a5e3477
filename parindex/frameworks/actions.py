"""State changes of frameworks. Each is atomic and records its audit event.

Versioning rule (docs/framework-format.md, "Versions and replacing"): a framework's ``code`` is
its identity. Importing a file whose content equals the stored framework changes nothing and
records nothing. A file with the same code but different content is refused, unless the caller
asks to replace it *and* the file carries a higher ``version``; a new edition that must live
beside the old one gets a new code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from parindex.core.audit import record_audit
from parindex.core.models import AuditAction
from parindex.core.types import Actor
from parindex.frameworks.framework_document import FrameworkDocument
from parindex.frameworks.models import Criterion, Framework, json_params
from parindex.frameworks.queries import document_from_framework, load_document, shipped_files
from parindex.lib.errors import InputRejected, Problem


@dataclass(frozen=True)
class ImportOutcome:
    framework: Framework
    outcome: str  # "created", "unchanged" or "replaced"
    criteria_count: int


def _summary(document: FrameworkDocument) -> dict[str, Any]:
    return {
        "code": document.code,
        "version": document.version,
        "criteria": len(document.criteria),
        "max_points": document.max_points,
        "is_illustrative": document.is_illustrative,
    }


def _write(framework: Framework, document: FrameworkDocument) -> None:
    values = document.framework_values()
    values["bands"] = json_params(values["bands"])
    values["metadata"] = json_params(values["metadata"])
    for name, value in values.items():
        setattr(framework, name, value)
    framework.full_clean(exclude=["code"] if framework.pk else None)
    framework.save()
    framework.criteria.all().delete()
    by_code: dict[str, Criterion] = {}
    for position, row in enumerate(document.criteria, start=1):
        criterion = Criterion(
            framework=framework,
            code=row.code,
            parent=by_code[row.parent] if row.parent else None,
            level=row.level,
            position=position,
            name_vi=row.name_vi,
            name_en=row.name_en,
            max_points=row.max_points,
            input_source=row.input_source,
            method=row.method,
            params=json_params(row.params),
            evidence_required=row.evidence_required,
            owner_department=row.owner_department,
            applies_to=row.applies_to,
            source=row.source,
            status=row.status,
        )
        criterion.save()
        by_code[row.code] = criterion


@transaction.atomic
def import_document(
    document: FrameworkDocument, *, actor: Actor, replace: bool = False
) -> ImportOutcome:
    """Store a validated framework document (see the module docstring for the version rule)."""
    existing = Framework.objects.select_for_update().filter(code=document.code).first()
    if existing is not None:
        stored = document_from_framework(existing)
        if stored == document:
            return ImportOutcome(existing, "unchanged", len(stored.criteria))
        if not replace:
            raise InputRejected(
                [
                    Problem(
                        _(
                            "Framework {code} already exists with different content. Give the "
                            "file a new code, or replace it with --replace and a version above "
                            "{version}."
                        ).format(code=document.code, version=existing.version),
                        field="code",
                    )
                ]
            )
        if document.version <= existing.version:
            raise InputRejected(
                [
                    Problem(
                        _(
                            "Replacing framework {code} needs a version above {version} "
                            "(the file has {given})."
                        ).format(
                            code=document.code, version=existing.version, given=document.version
                        ),
                        field="version",
                    )
                ]
            )
        before = _summary(stored)
        _write(existing, document)
        record_audit(
            actor=actor,
            action=AuditAction.FRAMEWORK_REPLACE,
            obj=existing,
            before=json_params(before),
            after=json_params(_summary(document)),
        )
        return ImportOutcome(existing, "replaced", len(document.criteria))
    framework = Framework(code=document.code)
    _write(framework, document)
    record_audit(
        actor=actor,
        action=AuditAction.FRAMEWORK_IMPORT,
        obj=framework,
        after=json_params(_summary(document)),
    )
    return ImportOutcome(framework, "created", len(document.criteria))


def import_framework(path: Path | str, *, actor: Actor, replace: bool = False) -> ImportOutcome:
    """Read, validate and store a framework file (YAML or XLSX), atomically."""
    document = load_document(Path(path))
    return import_document(document, actor=actor, replace=replace)


@transaction.atomic
def import_shipped_frameworks(*, actor: Actor) -> list[ImportOutcome]:
    """Import every framework shipped in ``frameworks/data`` (idempotent)."""
    return [import_framework(path, actor=actor) for path in shipped_files()]
