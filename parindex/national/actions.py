"""State changes of the national registry: importing registry files. Each is one transaction
with its audit event."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from parindex.core.audit import record_audit
from parindex.core.models import AuditAction
from parindex.core.types import Actor
from parindex.lib.files.results import ImportResult
from parindex.lib.files.source import SourceLike
from parindex.national.importing import check_and_write

DATA_DIR = Path(__file__).resolve().parent / "data"
REFERENCE_DIR = DATA_DIR / "reference"

#: The shipped registry files, in the order they must be imported (docs/standing.md).
SHIPPED_FILES = (
    DATA_DIR / "table_sizes.csv",
    DATA_DIR / "regions.csv",
    DATA_DIR / "rank_groups.csv",
    DATA_DIR / "published_means.csv",
    REFERENCE_DIR / "national_results_provinces.csv",
    REFERENCE_DIR / "national_results_components_2020.csv",
    REFERENCE_DIR / "national_results_ministries.csv",
    REFERENCE_DIR / "sipas_provinces.csv",
    DATA_DIR / "source_disagreements.csv",
    DATA_DIR / "quoted_changes.csv",
)


@transaction.atomic
def import_registry_file(
    source: SourceLike, *, actor: Actor, kind: str | None = None
) -> ImportResult:
    """Import one registry file: all of it or, if anything is wrong, none of it.

    Rows already present are updated where the file differs and left alone otherwise, so the
    same file imported twice changes nothing. One audit event records the counts and changes.
    """
    result = check_and_write(source, kind)
    record_audit(
        actor=actor,
        action=AuditAction.NATIONAL_RESULT_IMPORT,
        object_type="national." + result.file_kind,
        object_repr=Path(result.file).name,
        after={
            "file": result.file,
            "kind": result.file_kind,
            **result.counts(),
            "changes": result.changes,
        },
    )
    return result


@transaction.atomic
def import_shipped_results(*, actor: Actor) -> list[ImportResult]:
    """Import every shipped registry file, in order."""
    return [import_registry_file(path, actor=actor) for path in SHIPPED_FILES]
