"""Subcommands of ``parindex dossiers``, one module each.

A subcommand module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``handle(command, options)``. Adding one (``import``, ``indicators``, …) means writing its module
and adding its dotted path to :data:`SUBCOMMANDS`.
"""

from __future__ import annotations

import importlib
from argparse import ArgumentParser
from types import ModuleType
from typing import Any, Protocol, cast

SUBCOMMANDS: tuple[str, ...] = (
    "parindex.dossiers.cli.import_file",
    "parindex.dossiers.cli.indicators",
    "parindex.dossiers.cli.reconcile",
)


class Subcommand(Protocol):
    NAME: str
    HELP: Any

    def add_arguments(self, parser: ArgumentParser) -> None: ...

    def handle(self, command: Any, options: dict[str, Any]) -> None: ...


def subcommands() -> dict[str, Subcommand]:
    modules: dict[str, Subcommand] = {}
    for path in SUBCOMMANDS:
        module: ModuleType = importlib.import_module(path)
        modules[module.NAME] = cast(Subcommand, module)
    return modules
