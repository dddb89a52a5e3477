"""What the stages of one import share: its inputs, the file's column plan, the result so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from parindex.dossiers.importing.progress import Phases
from parindex.dossiers.importing.result import DossierImportReport
from parindex.dossiers.importing.units import UnitRef
from parindex.dossiers.mapping import Mapping
from parindex.dossiers.schema import BY_NAME
from parindex.dossiers.store import DossierStore
from parindex.lib.calendar import WorkingCalendar


@dataclass
class ImportState:
    """One import as the stages see it; each stage reads what it needs and fills in its part.

    ``plan`` maps a canonical field to the file's column (staging), ``raw`` a canonical field to
    the raw text column kept in the ``stage`` table to report bad values, ``row`` is the SQL of a
    staged row's spreadsheet row number, ``present`` the canonical fields the file brings.
    """

    path: Path
    mapping: Mapping
    store: DossierStore
    units: list[UnitRef]
    calendar: WorkingCalendar
    unknown_units: str
    import_id: int | None
    subtraction: str
    result: DossierImportReport
    phases: Phases
    row: str = "source_row"
    raw: dict[str, str] = field(default_factory=dict)
    plan: dict[str, str] = field(default_factory=dict)
    present: list[str] = field(default_factory=list)
    tmp_files: list[Path] = field(default_factory=list)

    def column_of(self, name: str) -> str:
        """The file's column of the canonical field ``name`` (its national name if unmapped)."""
        return self.plan.get(name, BY_NAME[name].source)
