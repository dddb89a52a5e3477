"""Command groups: ``parindex GROUP SUBCOMMAND …`` with one module per subcommand.

A subcommand module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``handle(command, options)``. A group (``dossiers``, ``assessments``) is a management command
deriving from :class:`SubcommandGroup` that lists the dotted paths of its modules; adding a
subcommand means writing its module and adding its path to the group's list.
"""

from __future__ import annotations

import importlib
from argparse import ArgumentParser
from typing import Any, ClassVar, Protocol, cast

from django.core.management.base import CommandParser

from parindex.core.commands import ParIndexCommand


class Subcommand(Protocol):
    NAME: str
    HELP: Any

    def add_arguments(self, parser: ArgumentParser) -> None: ...

    def handle(self, command: Any, options: dict[str, Any]) -> None: ...


def load(paths: tuple[str, ...]) -> dict[str, Subcommand]:
    """The subcommand modules at ``paths``, by name."""
    modules: dict[str, Subcommand] = {}
    for path in paths:
        module = cast(Subcommand, importlib.import_module(path))
        modules[module.NAME] = module
    return modules


class SubcommandGroup(ParIndexCommand):
    """A management command whose first argument picks one of :attr:`subcommand_modules`."""

    subcommand_modules: ClassVar[tuple[str, ...]] = ()

    def subcommands(self) -> dict[str, Subcommand]:
        return load(self.subcommand_modules)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        for name, module in self.subcommands().items():
            module.add_arguments(sub.add_parser(name, help=str(module.HELP)))

    def handle(self, *args: Any, **options: Any) -> None:
        self.subcommands()[options["subcommand"]].handle(self, options)
