"""The import's phases: their share of the progress bar, their timings, DuckDB's own progress."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import duckdb

Progress = Callable[[str, float], None]

PHASES: tuple[tuple[str, float], ...] = (
    ("reading", 0.35),
    ("validating", 0.15),
    ("deriving", 0.15),
    ("merging", 0.20),
    ("summarising", 0.15),
)


class Watcher:
    """Polls DuckDB's query progress while a statement runs and reports it."""

    def __init__(self, con: duckdb.DuckDBPyConnection, report: Callable[[float], None]):
        self.con = con
        self.report = report
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self.done.wait(0.5):
            try:
                value = self.con.query_progress()
            except Exception:  # the connection is busy or closed: try again later
                continue
            if value is not None and value >= 0:
                self.report(min(1.0, value / 100))

    def __enter__(self) -> Watcher:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.done.set()
        self.thread.join(timeout=2)


class Phases:
    """Where an import is: the current phase, the time each phase took, progress reports."""

    def __init__(self, progress: Progress | None, timings: dict[str, float]) -> None:
        self.progress = progress
        self.timings = timings
        self.current = PHASES[0][0]
        self._start = 0.0
        self._weight = 0.0
        self._t0 = time.perf_counter()

    def enter(self, phase: str) -> None:
        """Close the previous phase (its time) and report the start of ``phase``."""
        now = time.perf_counter()
        names = [p for p, _w in PHASES]
        index = names.index(phase)
        if index > 0:
            self.timings.setdefault(names[index - 1], now - self._t0)
        self._t0 = now
        self._start = sum(w for _p, w in PHASES[:index])
        self._weight = PHASES[index][1]
        self.current = phase
        self.report(0.0)

    def close(self) -> None:
        """Record the time of the current phase (the last one)."""
        self.timings[self.current] = time.perf_counter() - self._t0

    def report(self, within: float) -> None:
        """``within`` of the current phase is done."""
        if self.progress is not None:
            self.progress(self.current, self._start + self._weight * within)

    @contextmanager
    def watch(self, con: duckdb.DuckDBPyConnection) -> Iterator[None]:
        """Report DuckDB's progress on the statement(s) run inside the block."""
        with Watcher(con, self.report):
            yield
