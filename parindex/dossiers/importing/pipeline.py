"""The import of one file: the stages run in order inside one store write.

Stage, validate, derive, merge, summarise (:mod:`parindex.dossiers.importing`); the progress of
each phase is reported and timed by :class:`~parindex.dossiers.importing.progress.Phases`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from django.utils.translation import gettext as _

from parindex.dossiers.importing.derive import derive
from parindex.dossiers.importing.merge import merge
from parindex.dossiers.importing.progress import Phases, Progress
from parindex.dossiers.importing.result import DossierImportReport
from parindex.dossiers.importing.stage import stage
from parindex.dossiers.importing.state import ImportState
from parindex.dossiers.importing.summarise import summarise
from parindex.dossiers.importing.units import REFUSE, UNKNOWN_UNIT_POLICIES, UnitRef
from parindex.dossiers.importing.validate import validate
from parindex.dossiers.mapping import Mapping
from parindex.dossiers.store import DossierStore
from parindex.lib.calendar import WorkingCalendar
from parindex.lib.dossiers.clock_rules import SUBTRACT_ALWAYS
from parindex.lib.errors import InputRejected, Problem


class DossierImporter:
    """One import of one file (see :mod:`parindex.dossiers.importing`)."""

    def __init__(
        self,
        path: str | Path,
        *,
        units: Sequence[UnitRef],
        calendar: WorkingCalendar,
        mapping: Mapping | None = None,
        unknown_units: str = REFUSE,
        store: DossierStore | None = None,
        progress: Progress | None = None,
        import_id: int | None = None,
        subtraction: str = SUBTRACT_ALWAYS,
    ) -> None:
        if unknown_units not in UNKNOWN_UNIT_POLICIES:
            raise ValueError(unknown_units)
        path = Path(path)
        result = DossierImportReport(file=path.name, file_format="")
        self.state = ImportState(
            path=path,
            mapping=mapping or Mapping(),
            store=store or DossierStore(),
            units=list(units),
            calendar=calendar,
            unknown_units=unknown_units,
            import_id=import_id,
            subtraction=subtraction,
            result=result,
            phases=Phases(progress, result.timings),
        )

    @property
    def result(self) -> DossierImportReport:
        return self.state.result

    def run(
        self, on_built: Callable[[DossierImportReport], None] | None = None
    ) -> DossierImportReport:
        """Import the file; ``on_built`` runs before the new version is published (an error in
        it leaves the store as it was). Raises :class:`InputRejected` when the file is refused."""
        state = self.state
        if not state.path.is_file():
            raise InputRejected([Problem(_("{file}: no such file").format(file=state.path))])
        if state.path.stat().st_size == 0:
            raise InputRejected(
                [
                    Problem(
                        _("{file}: the file is empty: it has no dossier rows.").format(
                            file=state.path.name
                        )
                    )
                ]
            )
        phases = state.phases
        try:
            with state.store.write() as writer:
                phases.enter("reading")
                stage(writer.con, state)
                phases.enter("validating")
                validate(writer.con, state)
                phases.enter("deriving")
                # Row numbers come from the staging table's order; nothing after needs it.
                writer.con.execute("SET preserve_insertion_order = false")
                derive(writer.con, state)
                phases.enter("merging")
                merge(writer, state)
                phases.enter("summarising")
                state.result.summaries = summarise(writer.con, progress=phases.report)
                phases.close()
                if on_built is not None:
                    on_built(state.result)
                phases.report(1.0)
        finally:
            for tmp in state.tmp_files:
                tmp.unlink(missing_ok=True)
        return state.result
