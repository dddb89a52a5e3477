"""The dossier store: one DuckDB database file per version, switched atomically.

Layout (``store_dir()``, by default ``<VAR_DIR>/dossiers/``)::

    CURRENT                      the file name of the version in force (replaced atomically)
    dossiers-<stamp>.duckdb      a version: table ``dossiers`` sorted by unit and receipt time
    write.lock                   held by the one writer (an import) while it builds a version
    tmp/                         DuckDB spill space (memory_limit reached)

A writer builds the next version in a new file from the current one and the staged rows, and
only when everything succeeded replaces ``CURRENT`` (``os.replace``): readers see the old version
or the new one, never a half-written one, and a refused or failed import leaves nothing behind.
Readers open the version named by ``CURRENT`` read-only; DuckDB never blocks them on the writer,
because the writer never touches that file.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from django.conf import settings

from parindex.dossiers.schema import DUCKDB_TYPES, FIELDS

#: DuckDB's memory limit for imports and queries; beyond it DuckDB spills to ``tmp/``.
#: (A PARINDEX_ setting can replace this default later.)
DEFAULT_MEMORY_LIMIT = "3GB"
CURRENT = "CURRENT"
TABLE = "dossiers"

#: Columns the import derives, after the canonical ones (docs/dossiers-import.md).
DERIVED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("unit_id", "INTEGER"),  # ParIndex unit (NULL: unknown unit kept apart)
    ("counted", "BOOLEAN"),  # accepted dossier (status not 1 or 3, receipt time known)
    ("rules_id", "TINYINT"),  # clock rule set in force on the receipt date
    ("original_due_at", "TIMESTAMP"),  # first NgayHenTra seen, never overwritten
    ("due_computed", "BOOLEAN"),  # the appointment was computed from the time limit
    ("due_effective", "TIMESTAMP"),  # NgayHenTra, or the computed appointment
    ("end_at", "TIMESTAMP"),  # end of processing (finished, returned or refused)
    ("end_766", "TIMESTAMP"),  # end time as Decision 766 compares it (§5.7)
    ("late_forced", "BOOLEAN"),  # more than one supplement request
    ("finish_class", "TINYINT"),  # finished: 1 early, 2 on the due date, 3 late, 0 no deadline
    ("on_time_fixed", "BOOLEAN"),  # a 766 end time on or before the appointment, not forced late
    ("processing_ws", "BIGINT"),  # office seconds from receipt to end, net of the supplement
    ("days_used", "INTEGER"),  # working days used, every started day counted
    ("import_id", "INTEGER"),  # the DossierImport that last wrote the row
)


def store_dir() -> Path:
    """Where the dossier store lives: ``<VAR_DIR>/dossiers`` (the one place for the path)."""
    return Path(settings.VAR_DIR) / "dossiers"


def table_ddl(name: str = TABLE) -> str:
    columns = [f"{f.name} {DUCKDB_TYPES[f.kind]}" for f in FIELDS]
    columns += [f"{n} {t}" for n, t in DERIVED_COLUMNS]
    return f"CREATE TABLE {name} ({', '.join(columns)})"


def column_names() -> list[str]:
    return [f.name for f in FIELDS] + [n for n, _t in DERIVED_COLUMNS]


class StoreBusy(RuntimeError):
    """Another import holds the write lock."""


class DossierStore:
    """The store in ``directory`` (default :func:`store_dir`)."""

    _readers: dict[str, duckdb.DuckDBPyConnection] = {}
    _readers_lock = threading.Lock()

    def __init__(
        self,
        directory: str | Path | None = None,
        *,
        memory_limit: str | None = None,
        threads: int | None = None,
    ) -> None:
        from django.conf import settings

        self.directory = Path(directory) if directory is not None else store_dir()
        # DuckDB spills to disk past this limit, so 100M dossiers fit a small machine.
        self.memory_limit = memory_limit or getattr(
            settings, "DOSSIER_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT
        )
        self.threads = threads

    # -- versions ---------------------------------------------------------------------------

    def current_file(self) -> Path | None:
        pointer = self.directory / CURRENT
        try:
            name = pointer.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        path = self.directory / name
        return path if name and path.exists() else None

    def configure(self, con: duckdb.DuckDBPyConnection) -> None:
        tmp = self.directory / "tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET memory_limit = '{self.memory_limit}'")
        con.execute(f"SET temp_directory = '{tmp}'")
        if self.threads:
            con.execute(f"SET threads = {int(self.threads)}")

    # -- reading ----------------------------------------------------------------------------

    def read(self) -> duckdb.DuckDBPyConnection:
        """A cursor on the current version (an empty in-memory table when there is none)."""
        path = self.current_file()
        key = str(path) if path is not None else f":empty:{self.directory}"
        with self._readers_lock:
            con = self._readers.get(key)
            if con is None:
                for old_key in [k for k in self._readers if k.startswith(str(self.directory))]:
                    self._readers.pop(old_key).close()
                if path is None:
                    con = duckdb.connect(":memory:")
                    con.execute(table_ddl())
                else:
                    con = duckdb.connect(str(path), read_only=True)
                con.execute(f"SET memory_limit = '{self.memory_limit}'")
                if self.threads:
                    con.execute(f"SET threads = {int(self.threads)}")
                self._readers[key] = con
            return con.cursor()

    @classmethod
    def close_readers(cls) -> None:
        with cls._readers_lock:
            for con in cls._readers.values():
                con.close()
            cls._readers.clear()

    # -- writing ----------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Writer]:
        """Build the next version; it becomes current only if the block ends without error."""
        self.directory.mkdir(parents=True, exist_ok=True)
        lock = open(self.directory / "write.lock", "a+")  # noqa: SIM115
        try:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreBusy(str(self.directory)) from None
            stamp = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6}"
            path = self.directory / f"dossiers-{stamp}.duckdb"
            con = duckdb.connect(str(path))
            writer = Writer(self, con, path, self.current_file())
            try:
                self.configure(con)
                yield writer
                con.execute("CHECKPOINT")
                con.close()
            except BaseException:
                con.close()
                _remove(path)
                raise
            if writer.publish:
                pointer = self.directory / f"{CURRENT}.next"
                pointer.write_text(path.name, encoding="utf-8")
                os.replace(pointer, self.directory / CURRENT)
                for old in self.directory.glob("dossiers-*.duckdb*"):
                    if old.name not in (path.name, f"{path.name}.wal"):
                        _remove(old)
            else:
                _remove(path)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()


class Writer:
    """The connection building a new version; ``previous`` is the version it starts from."""

    def __init__(
        self, store: DossierStore, con: duckdb.DuckDBPyConnection, path: Path, previous: Path | None
    ) -> None:
        self.store = store
        self.con = con
        self.path = path
        self.previous = previous
        self.publish = True

    def attach_previous(self) -> str | None:
        """Attach the current version read-only as ``prev``; returns the table to read or None."""
        if self.previous is None:
            return None
        self.con.execute(f"ATTACH '{self.previous}' AS prev (READ_ONLY)")
        return f"prev.{TABLE}"


def _remove(path: Path) -> None:
    for candidate in (path, Path(f"{path}.wal")):
        candidate.unlink(missing_ok=True)
