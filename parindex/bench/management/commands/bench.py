"""``parindex bench NAME …``: the benchmarks of :mod:`parindex.bench` (docs/cli-dossiers.md).

Each module ``parindex/bench/NAME.py`` that defines ``NAME``, ``HELP``, ``add_arguments(parser)``
and ``run(options, stderr=None) -> dict`` is a benchmark (a module without them is ignored);
``bench`` finds them all and offers each as a subcommand (``bench dossiers``, ``bench pages``).
A benchmark prints one JSON object (``--format json``) or a two-column table.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext_lazy as _

import parindex.bench
from parindex.core.commands import ParIndexCommand


def benchmarks() -> dict[str, ModuleType]:
    """The benchmark modules of :mod:`parindex.bench`, by name."""
    found: dict[str, ModuleType] = {}
    for info in pkgutil.iter_modules(parindex.bench.__path__):
        if info.ispkg:
            continue
        module = importlib.import_module(f"parindex.bench.{info.name}")
        if all(hasattr(module, name) for name in ("NAME", "HELP", "add_arguments", "run")):
            found[module.NAME] = module
    return found


class Command(ParIndexCommand):
    help = _("Run a benchmark (bench dossiers …) and print its figures.")  # type: ignore[assignment]

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="benchmark", required=True, metavar="BENCHMARK")
        for name, module in sorted(benchmarks().items()):
            child = sub.add_parser(name, help=str(module.HELP))
            child.add_argument(
                "--format", choices=["json", "table"], default="json",
                help=str(_("Output format (default: json).")),
            )  # fmt: skip
            module.add_arguments(child)

    def handle(self, *args: Any, **options: Any) -> None:
        result = benchmarks()[options["benchmark"]].run(options, stderr=self.stderr)
        if options["format"] == "json":
            self.write_json(result)
        else:
            self.write_table(
                [str(_("Figure")), str(_("Value"))],
                [[k, v] for k, v in result.items() if not isinstance(v, dict | list)],
            )
