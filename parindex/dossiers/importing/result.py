"""What a dossier import produces: its report (:class:`DossierImportReport`) and the summaries
it computed. The kit's ``ImportResult`` counts the rows of a reference-data file; this reports
a run of the dossier pipeline (columns, units kept apart, phases, timings)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from parindex.lib.dossiers.periods import Period


@dataclass
class SummaryBatch:
    """Measures of the new version, for the app database."""

    periods: list[Period]
    unit_rows: list[dict[str, Any]]
    histograms: dict[tuple[int, str], dict[int, int]]
    procedures: dict[tuple[int, str], str]  # JSON text {MaTTHC: [measure values…]}

    @property
    def rows(self) -> int:
        return len(self.unit_rows)


@dataclass
class DossierImportReport:
    """What an import did."""

    file: str
    file_format: str
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    kept_apart: int = 0
    unknown_units: list[dict[str, Any]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    date_format: str = ""
    computed_due: int = 0
    store_rows: int = 0
    first_received: str | None = None
    last_received: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    summaries: SummaryBatch | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "file_format": self.file_format,
            "rows_read": self.rows_read,
            "inserted": self.inserted,
            "updated": self.updated,
            "kept_apart": self.kept_apart,
            "unknown_units": self.unknown_units,
            "ignored_columns": self.ignored_columns,
            "columns": self.columns,
            "date_format": self.date_format,
            "computed_due": self.computed_due,
            "store_rows": self.store_rows,
            "first_received": self.first_received,
            "last_received": self.last_received,
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
        }
