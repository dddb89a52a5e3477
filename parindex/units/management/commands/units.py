"""``parindex units``: import unit files, list units as of a date, show a unit's lineage."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from parindex.core.commands import ParIndexCommand
from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.results import ImportResult
from parindex.lib.formatting import format_date, format_number
from parindex.units import queries
from parindex.units.actions import REFERENCE_FILES, import_units
from parindex.units.formats import parse_date
from parindex.units.models import CodeSystem, LineageRelation, Unit, UnitKind, WeightBasis

FORMATS = ("table", "json")
KINDS = tuple(UnitKind.values)


class Command(ParIndexCommand):
    help = gettext_noop("Import, list and trace administrative units and their lineage.")

    def add_arguments(self, parser: CommandParser) -> None:
        subparsers = parser.add_subparsers(
            dest="action", required=True, metavar="{import,list,lineage}"
        )

        importing = subparsers.add_parser(
            "import",
            help=_("Import unit files (YAML or CSV); each is checked whole before writing."),
        )
        importing.add_argument("files", nargs="*", metavar="FILE", help=_("Files to import."))
        importing.add_argument(
            "--reference",
            action="store_true",
            help=_("Import the shipped reference files (63 and 34 provinces, Cần Thơ communes)."),
        )

        listing = subparsers.add_parser(
            "list",
            help=_("List units, optionally those valid on a date."),
        )
        listing.add_argument(
            "--as-of", metavar="YYYY-MM-DD", help=_("Only units valid on this date.")
        )
        listing.add_argument(
            "--kind", help=_("Only units of this kind: {kinds}.").format(kinds=", ".join(KINDS))
        )
        listing.add_argument(
            "--code-system",
            help=_("Only units of this code system: {systems}.").format(
                systems=", ".join(CodeSystem.values)
            ),
        )
        listing.add_argument("--format", default="table", help=_("table (default) or json."))

        lineage = subparsers.add_parser(
            "lineage",
            help=_("Show a unit with its predecessors and successors."),
        )
        lineage.add_argument(
            "code", metavar="CODE", help=_("Unit code, or SYSTEM:CODE (e.g. historical_63:94).")
        )
        lineage.add_argument(
            "--as-of",
            metavar="YYYY-MM-DD",
            help=_("Date that picks the unit when a bare code matches several."),
        )
        lineage.add_argument("--format", default="table", help=_("table (default) or json."))

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            self.handle_import(options["files"], options["reference"])
        elif action == "list":
            problems: list[Problem] = []
            as_of = _date_option(options.get("as_of"), "--as-of", problems)
            kind = _choice_option(options.get("kind"), "--kind", KINDS, problems)
            system = _choice_option(
                options.get("code_system"), "--code-system", tuple(CodeSystem.values), problems
            )
            output = _choice_option(options.get("format"), "--format", FORMATS, problems)
            if problems:
                raise InputRejected(problems)
            self.handle_list(as_of, kind, system, output or "table")
        else:
            problems = []
            as_of = _date_option(options.get("as_of"), "--as-of", problems)
            output = _choice_option(options.get("format"), "--format", FORMATS, problems)
            if problems:
                raise InputRejected(problems)
            self.handle_lineage(options["code"], as_of, output or "table")

    # --- import ------------------------------------------------------------------------------

    def handle_import(self, files: list[str], reference: bool) -> None:
        paths = [str(path) for path in REFERENCE_FILES] if reference else []
        paths += files
        if not paths:
            raise CommandError(_("Name at least one FILE, or give --reference."))
        missing = [path for path in files if not _readable(path)]
        if missing:
            raise InputRejected(
                Problem(_("File not found: {path}").format(path=path), field="FILE")
                for path in missing
            )
        results: list[ImportResult] = []
        with transaction.atomic():
            for path in paths:
                try:
                    results.append(import_units(path, actor=None))
                except InputRejected:
                    self.stderr.write(_("{file}:").format(file=path))
                    raise
        for path, result in zip(paths, results, strict=True):
            self.stdout.write(
                _(
                    "{file}: units created {units_created}, updated {units_updated}, unchanged "
                    "{units_unchanged}; lineage links created {links_created}, updated "
                    "{links_updated}, unchanged {links_unchanged}."
                ).format(file=path, **result.counts())
            )

    # --- list --------------------------------------------------------------------------------

    def handle_list(
        self, as_of: dt.date | None, kind: str | None, system: str | None, output: str
    ) -> None:
        if as_of is not None:
            units = queries.units_as_of(as_of, kind)
        else:
            units = Unit.objects.select_related("parent").order_by("code_system", "kind", "code")
            if kind:
                units = units.filter(kind=kind)
        if system:
            units = units.filter(code_system=system)
        if output == "json":
            self.write_json([queries.unit_dict(unit) for unit in units])
            return
        self.write_table(
            [
                _("Code system"),
                _("Code"),
                _("Name"),
                _("Kind"),
                _("Subkind"),
                _("Parent"),
                _("Valid from"),
                _("Valid to"),
            ],
            [
                [
                    unit.code_system,
                    unit.code,
                    unit.name + (" *" if unit.is_illustrative else ""),
                    unit.get_kind_display(),
                    unit.get_subkind_display(),
                    unit.parent.key if unit.parent else "",
                    format_date(unit.valid_from),
                    format_date(unit.valid_to),
                ]
                for unit in units
            ],
        )
        if any(unit.is_illustrative for unit in units):
            self.stdout.write(_("* illustrative unit (synthetic demonstration data)"))

    # --- lineage -----------------------------------------------------------------------------

    def handle_lineage(self, code: str, as_of: dt.date | None, output: str) -> None:
        unit = queries.find_unit(code, as_of=as_of)
        data = queries.lineage(unit)
        if output == "json":
            self.write_json(data)
            return
        self.stdout.write(
            "{name} ({key}) · {kind} · {valid_from} – {valid_to}".format(
                name=unit.name,
                key=unit.key,
                kind=unit.get_kind_display(),
                valid_from=format_date(unit.valid_from),
                valid_to=format_date(unit.valid_to),
            )
        )
        for title, links in (
            (_("Predecessors"), data["predecessors"]),
            (_("Successors"), data["successors"]),
        ):
            self.stdout.write("")
            self.stdout.write(f"{title}:")
            if not links:
                self.stdout.write(_("(none)"))
                continue
            self.write_table(
                [_("Unit"), _("Name"), _("Effective on"), _("Relation"), _("Weight"), _("Basis")],
                [
                    [
                        link["unit"]["key"],
                        link["unit"]["name"],
                        format_date(link["effective_on"]),
                        LineageRelation(link["relation"]).label,
                        format_number(link["weight"], 6, settings.CLI_LANGUAGE),
                        WeightBasis(link["weight_basis"]).label,
                    ]
                    for link in links
                ],
            )


def _readable(path: str) -> bool:
    try:
        with open(path, "rb"):
            return True
    except OSError:
        return False


def _date_option(value: str | None, name: str, problems: list[Problem]) -> dt.date | None:
    if value is None:
        return None
    day = parse_date(value.strip())
    if day is None:
        problems.append(
            Problem(
                _("“{value}” is not a date in the form YYYY-MM-DD.").format(value=value),
                field=name,
            )
        )
    return day


def _choice_option(
    value: str | None, name: str, choices: tuple[str, ...], problems: list[Problem]
) -> str | None:
    if value is None:
        return None
    if value not in choices:
        problems.append(
            Problem(
                _("“{value}” is not allowed here; use one of: {choices}.").format(
                    value=value, choices=", ".join(choices)
                ),
                field=name,
            )
        )
        return None
    return value
