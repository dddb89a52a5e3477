"""Reading a dossier file into the store: validate everything, then build the next version.

The heavy lifting is DuckDB SQL (docs/dossiers-import.md), one module per stage, run in order by
:class:`~parindex.dossiers.importing.pipeline.DossierImporter`:

1. **Stage** (:mod:`.stage`, :mod:`.columns`). CSV is read by DuckDB's parallel reader with
   explicit column types straight into a temporary table (XLSX is first streamed to a CSV file
   with openpyxl; Parquet is read by DuckDB). If any value does not parse, the file is read again
   as text, so that every bad value can be reported with its row and column.
2. **Validate** (:mod:`.validate`, :mod:`.units`) the whole file with SQL queries returning the
   offending rows: unreadable values, missing required values, unknown codes, a finish or an
   appointment before the receipt, duplicate ``MaHoSo``, unit codes ParIndex does not know. Any
   problem refuses the file: nothing is written.
3. **Derive** (:mod:`.derive`) the clock columns (appointment dates from the time limit when
   ``NgayHenTra`` is missing, 766 end time, office time used) with
   :mod:`parindex.lib.dossiers.clock`.
4. **Merge** (:mod:`.merge`) by ``MaHoSo`` into a new version of the store, sorted by unit and
   receipt time: a row already stored is replaced (its first appointment date is kept), a new one
   added.
5. **Summarise** (:mod:`.summarise`) per unit × procedure × month and per unit × period for the
   app database.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first dossier row 2
(for Parquet, record n is row n + 1). What the engine says about a file it cannot read becomes a
problem of :mod:`.engine_errors`; the outcome is an
:class:`~parindex.dossiers.importing.result.DossierImportReport`.
"""
