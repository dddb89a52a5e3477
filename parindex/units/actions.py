"""State changes of the units app: importing units and lineage links from files."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from parindex.core.audit import record_audit
from parindex.core.models import AuditAction
from parindex.core.types import Actor
from parindex.lib.files.results import ImportResult
from parindex.lib.files.source import SourceLike
from parindex.units.formats import read_units_file
from parindex.units.importing import check_and_write

DATA_DIR = Path(__file__).resolve().parent / "data"

#: The shipped reference files, in the order they must be imported.
REFERENCE_FILES = (
    DATA_DIR / "provinces_63.yaml",
    DATA_DIR / "provinces_34.yaml",
    DATA_DIR / "cantho_communes_2025.yaml",
)


@transaction.atomic
def import_units(path_or_stream: SourceLike, *, actor: Actor) -> ImportResult:
    """Import one unit file (YAML or CSV): all of it or, if anything is wrong, none of it.

    The whole file is checked against the database first; every problem is reported at once
    by raising ``InputRejected``. Rows already present are updated where the file differs and
    left alone otherwise, so importing the same file twice changes nothing; rows missing from
    the file are never deleted. One audit event records the counts and the changed values.
    """
    parsed = read_units_file(path_or_stream)
    result = check_and_write(parsed)
    record_audit(
        actor=actor,
        action=AuditAction.UNIT_IMPORT,
        object_type="units.unit",
        object_repr=result.file or "-",
        after={"file": result.file, **result.counts(), "changes": result.changes},
    )
    return result


@transaction.atomic
def import_reference_units(*, actor: Actor) -> list[ImportResult]:
    """Import every shipped reference file in order, as one transaction."""
    return [import_units(path, actor=actor) for path in REFERENCE_FILES]
