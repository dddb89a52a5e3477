"""``parindex framework validate|import|export|show``: criteria frameworks as files."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from parindex.core.commands import ParIndexCommand
from parindex.frameworks.actions import import_framework, import_shipped_frameworks
from parindex.frameworks.excel_format import dump_xlsx
from parindex.frameworks.models import Criterion, Framework
from parindex.frameworks.queries import document_from_framework, load_document
from parindex.frameworks.rule_text import method_label, number
from parindex.frameworks.yaml_format import dump_yaml


class Command(ParIndexCommand):
    help = "Validate, import, export and show criteria frameworks (YAML or Excel files)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        validate = sub.add_parser("validate", help="Check a framework file; write nothing.")
        validate.add_argument("file", help="A .yaml or .xlsx framework file.")
        imp = sub.add_parser("import", help="Import a framework file (or the shipped ones).")
        imp.add_argument("file", nargs="?", help="A .yaml or .xlsx framework file.")
        imp.add_argument(
            "--shipped", action="store_true", help="Import every framework shipped with ParIndex."
        )
        imp.add_argument(
            "--replace",
            action="store_true",
            help="Replace a stored framework of the same code (the file's version must be higher).",
        )
        export = sub.add_parser("export", help="Write a stored framework as YAML or Excel.")
        export.add_argument("code")
        export.add_argument("--format", choices=("yaml", "xlsx"), default="yaml")
        export.add_argument("--output", help="File to write (default: standard output for YAML).")
        show = sub.add_parser("show", help="Print a stored framework's tree.")
        show.add_argument("code")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["subcommand"])(options)

    def _validate(self, options: dict[str, Any]) -> None:
        document = load_document(Path(options["file"]))
        leaves = sum(1 for _leaf in document.spec().leaves())
        self.stdout.write(
            _("Valid: {code} version {version}, {rows} rows, {leaves} scored rows.").format(
                code=document.code,
                version=document.version,
                rows=len(document.criteria),
                leaves=leaves,
            )
        )

    def _import(self, options: dict[str, Any]) -> None:
        if options["shipped"] == bool(options["file"]):
            raise CommandError(_("Give either a FILE or --shipped."))
        if options["shipped"]:
            outcomes = import_shipped_frameworks(actor=None)
        else:
            outcomes = [import_framework(options["file"], actor=None, replace=options["replace"])]
        labels = {
            "created": _("imported"),
            "unchanged": _("unchanged"),
            "replaced": _("replaced"),
        }
        for outcome in outcomes:
            self.stdout.write(
                _("{code}: {outcome} ({count} rows).").format(
                    code=outcome.framework.code,
                    outcome=labels[outcome.outcome],
                    count=outcome.criteria_count,
                )
            )

    def _get(self, code: str) -> Framework:
        framework = Framework.objects.filter(code=code).first()
        if framework is None:
            raise CommandError(_("No framework with code {code}.").format(code=code))
        return framework

    def _export(self, options: dict[str, Any]) -> None:
        document = document_from_framework(self._get(options["code"]))
        output = options.get("output")
        if options["format"] == "xlsx":
            if not output:
                raise CommandError(_("Excel export needs --output PATH."))
            Path(output).write_bytes(dump_xlsx(document))
        elif output:
            Path(output).write_text(dump_yaml(document), encoding="utf-8")
        else:
            self.stdout.write(dump_yaml(document), ending="")
            return
        self.stdout.write(_("Written: {path}").format(path=output))

    def _show(self, options: dict[str, Any]) -> None:
        framework = self._get(options["code"])
        spec = framework.to_spec()
        if framework.is_illustrative:
            self.stdout.write(
                _("ILLUSTRATIVE: this framework is an example, not an official methodology.")
            )
        self.stdout.write(f"{framework.code} (v{framework.version}) — {framework.name_vi}")
        self.stdout.write(
            _("Maximum: {max} points; not applicable: {policy}.").format(
                max=number(spec.computed_max()),
                policy=framework.get_not_applicable_policy_display(),
            )
        )
        english = (get_language() or "vi").startswith("en")
        sources = dict(Criterion.InputSource.choices)
        for band in spec.bands:
            upper = "" if band.upper is None else f" < {number(band.upper)} %"
            lower = "" if band.lower is None else f"{band.operator} {number(band.lower)} %"
            name = band.name_en if english and band.name_en else band.name_vi
            self.stdout.write(f"  {name}: {lower}{upper}".rstrip())
        rows = []
        for node in spec.walk():
            rows.append(
                [
                    "  " * (node.level - 1) + node.code,
                    number(node.max_points),
                    method_label(node.method),
                    sources.get(node.input_source, node.input_source) if node.method else "",
                    node.name_en if english and node.name_en else node.name_vi,
                ]
            )
        self.write_table([_("Code"), _("Max"), _("Method"), _("Input source"), _("Name")], rows)
