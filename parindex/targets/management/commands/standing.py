"""``parindex standing``: import national results, show a year's table, a province's history,
and the warnings of what is slipping.

It lives in the targets app, not in ``national``, because ``warnings`` and ``import --shipped``
reach the targets; ``national`` itself never imports ``targets``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from parindex.core.commands import ParIndexCommand
from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.results import ImportResult
from parindex.lib.formatting import format_number
from parindex.national.actions import import_registry_file
from parindex.national.flags import flag_name
from parindex.national.history import history
from parindex.national.models import DataStatus, PeerGroup
from parindex.national.queries import unit_label
from parindex.national.year_tables import year_table
from parindex.targets import warning_checks
from parindex.targets.actions import import_shipped
from parindex.targets.management.commands._options import FORMATS, choice, raise_if
from parindex.targets.models import TargetPlan
from parindex.targets.queries import latest_internal_year
from parindex.targets.warning_checks import warning_name
from parindex.units.queries import find_unit


class Command(ParIndexCommand):
    help = gettext_noop(
        "The national PAR INDEX registry: import results, show a year's table, a province's "
        "history and the warnings."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{import,table,history,warnings}"
        )
        importing = sub.add_parser(
            "import", help=_("Import registry files (CSV); each is checked whole before writing.")
        )
        importing.add_argument("files", nargs="*", metavar="FILE", help=_("Files to import."))
        importing.add_argument(
            "--shipped",
            action="store_true",
            help=_("Import the shipped reference files and target plans."),
        )
        table = sub.add_parser("table", help=_("Show one year's national table."))
        table.add_argument("--year", type=int, required=True, help=_("Index year."))
        table.add_argument(
            "--peer-group", default="province", help=_("province (default) or ministry.")
        )
        table.add_argument("--format", default="table", help=_("table (default) or json."))
        history = sub.add_parser("history", help=_("Show a province's history."))
        history.add_argument(
            "code", metavar="CODE", help=_("Unit code, or SYSTEM:CODE (e.g. historical_63:94).")
        )
        history.add_argument("--format", default="json", help=_("json (default) or table."))
        warn = sub.add_parser("warnings", help=_("Show what is slipping, with the figures."))
        warn.add_argument(
            "--unit", help=_("Province code; default: every owner of a stored target plan.")
        )
        warn.add_argument("--year", type=int, help=_("Year; default: the latest internal year."))
        warn.add_argument("--format", default="json", help=_("json (default) or table."))

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            self.handle_import(options["files"], options["shipped"])
            return
        problems: list[Problem] = []
        default = "table" if action == "table" else "json"
        output = choice(options.get("format") or default, "--format", FORMATS, problems)
        if action == "table":
            peer_group = choice(
                options["peer_group"], "--peer-group", tuple(PeerGroup.values), problems
            )
            raise_if(problems)
            self.handle_table(options["year"], peer_group, output)
        elif action == "history":
            raise_if(problems)
            self.handle_history(options["code"], output)
        else:
            raise_if(problems)
            self.handle_warnings(options.get("unit"), options.get("year"), output)

    def handle_import(self, files: list[str], shipped: bool) -> None:
        if not files and not shipped:
            raise CommandError(_("Name at least one FILE, or give --shipped."))
        missing = [path for path in files if not Path(path).is_file()]
        if missing:
            raise InputRejected(
                Problem(_("File not found: {path}").format(path=path), field="FILE")
                for path in missing
            )
        results: list[ImportResult] = []
        with transaction.atomic():
            if shipped:
                results += import_shipped(actor=None)
            for path in files:
                try:
                    results.append(import_registry_file(path, actor=None))
                except InputRejected:
                    self.stderr.write(_("{file}:").format(file=path))
                    raise
        for result in results:
            self.stdout.write(
                _(
                    "{file} ({kind}): created {created}, updated {updated}, unchanged {unchanged}."
                ).format(file=Path(result.file).name, kind=result.file_kind, **result.counts())
            )
        if shipped:
            self.stdout.write(
                _("Target plans: {plans}.").format(
                    plans=", ".join(TargetPlan.objects.values_list("slug", flat=True))
                )
            )

    def handle_table(self, year: int, peer_group: str, output: str) -> None:
        table = year_table(year, peer_group)
        if output == "json":
            self.write_json(table.as_dict())
            return
        lang = settings.CLI_LANGUAGE
        self.stdout.write(
            _("PAR INDEX {year} ({group}): {gap}").format(
                year=year, group=PeerGroup(peer_group).label, gap=table.gap_text()
            )
        )
        self.write_table(
            [
                _("Rank"),
                _("Computed"),
                _("Unit"),
                _("Name"),
                _("PAR INDEX"),
                _("Group"),
                _("Flags"),
            ],
            [
                [
                    row.result.published_rank or "—",
                    row.computed_rank or "",
                    row.result.subject_key,
                    row.result.subject_name,
                    format_number(row.result.par_index, 2, lang),
                    row.group.name if row.group else "",
                    ", ".join(flag_name(f) for f in row.flags),
                ]
                for row in table.rows
            ],
        )
        for mean in table.means:
            published = "; ".join(
                "{} ({})".format(format_number(m.value, 2, lang), DataStatus(m.status).label)
                for m in mean.published
            )
            computed = format_number(mean.computed, 2, lang) if mean.computed is not None else "—"
            if published or mean.computed is not None:
                self.stdout.write(
                    _("Mean {scope}: published {published}; computed {computed}").format(
                        scope=mean.name, published=published or "—", computed=computed
                    )
                )
        if table.flags:
            self.stdout.write("")
            self.stdout.write(_("Conflicts (flagged, not resolved):"))
            for flag in table.flags:
                self.stdout.write("- [{}] {}".format(flag_name(flag.kind), flag.message))

    def handle_history(self, code: str, output: str) -> None:
        unit = find_unit(code)
        data = history(unit)
        if output == "json":
            self.write_json(data)
            return
        lang = settings.CLI_LANGUAGE
        self.stdout.write(unit_label(unit))
        rows = [
            [
                r["year"],
                r["unit"],
                r["name"],
                r["published_rank"] or "—",
                format_number(r["par_index"], 2, lang),
                r.get("table", ""),
            ]
            for r in data["as_it_was"]
        ] + [
            [
                r["year"],
                r["unit"],
                r["name"],
                r["published_rank"] or "—",
                format_number(r["par_index"], 2, lang),
                r.get("table", ""),
            ]
            for p in data["predecessors"]
            for r in p["rows"]
        ]
        self.write_table(
            [_("Year"), _("Unit"), _("Name"), _("Rank"), _("PAR INDEX"), _("Table")],
            sorted(rows, key=lambda r: (r[0], r[1])),
        )
        if data["as_todays_province"]:
            self.stdout.write("")
            self.stdout.write(_("As today's province (derived, lineage-weighted):"))
            self.write_table(
                [_("Year"), _("Basis"), _("Value"), _("Weight with a value")],
                [
                    [
                        b["year"],
                        b["weight_basis"],
                        format_number(b["value"], 2, lang),
                        format_number(b["weight_with_value"], 6, lang),
                    ]
                    for b in data["as_todays_province"]
                ],
            )

    def handle_warnings(self, code: str | None, year: int | None, output: str) -> None:
        if code:
            provinces = [find_unit(code)]
        else:
            provinces = []
            for plan in TargetPlan.objects.select_related("owner").order_by("slug"):
                if plan.owner not in provinces:
                    provinces.append(plan.owner)
        report: list[dict[str, Any]] = []
        for province in provinces:
            chosen = year or latest_internal_year(province)
            if chosen is None:
                report.append(
                    {
                        "unit": province.key,
                        "name": province.name,
                        "year": None,
                        "warnings": [],
                        "note": _("No internal results are published for this province yet."),
                    }
                )
                continue
            report.append(
                {
                    "unit": province.key,
                    "name": province.name,
                    "year": chosen,
                    "warnings": [
                        w.as_dict() for w in warning_checks.warnings_for(province, chosen)
                    ],
                }
            )
        if output == "json":
            self.write_json(report)
            return
        for entry in report:
            self.stdout.write(
                "{} ({}) · {}".format(entry["name"], entry["unit"], entry["year"] or "—")
            )
            if not entry["warnings"]:
                self.stdout.write(entry.get("note") or _("No warnings."))
            for warning in entry["warnings"]:
                self.stdout.write(
                    "- [{}] {}".format(warning_name(warning["kind"]), warning["message"])
                )
