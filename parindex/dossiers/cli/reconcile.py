"""``parindex dossiers reconcile FILE … [--format json|table] [--store]`` (docs/cli-dossiers.md).

Recomputes the Decision 766 scores of portal responses and compares them with the official ones.
Exit codes: 0 every checked score agrees; 1 input refused (nothing stored); 3 at least one
mismatch (the output lists it; with ``--store`` the snapshots are stored all the same).
"""

from __future__ import annotations

from argparse import ArgumentParser
from decimal import Decimal
from typing import Any

from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.dossiers.actions import record_portal_snapshots
from parindex.lib.dossiers.portal.parsing import load_responses
from parindex.lib.dossiers.portal.reconcile import Report, reconcile, skip_reason_text
from parindex.lib.formatting import format_number

NAME = "reconcile"
HELP = gettext_lazy(
    "Recompute the Decision 766 scores of portal responses and compare them with the official "
    "scores."
)
EXIT_MISMATCH = 3


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="FILE",
        help=str(gettext_lazy("Portal response files (JSON), or folders of them.")),
    )
    parser.add_argument(
        "--format",
        choices=["json", "table"],
        default="json",
        help=str(gettext_lazy("Output format (default: json).")),
    )
    parser.add_argument(
        "--store",
        action="store_true",
        help=str(gettext_lazy("Also record each response as an immutable portal snapshot.")),
    )
    parser.add_argument(
        "--details",
        action="store_true",
        help=str(gettext_lazy("Also list every check, skipped score and unit match (JSON).")),
    )


def handle(command: Any, options: dict[str, Any]) -> None:
    responses = load_responses(options["paths"])  # refuses every file if one is bad
    report = reconcile(responses)
    payload = report.as_dict(details=options["details"])
    if options["store"]:
        stored = record_portal_snapshots(options["paths"], actor=None)
        payload["stored"] = [
            {"file": s.source_name, "snapshot": s.pk, "sha256": s.sha256, "created": created}
            for s, created in stored
        ]
    if options["format"] == "json":
        command.write_json(payload)
    else:
        _write_table(command, report, payload)
    mismatches = len(payload["mismatches"])
    if mismatches:
        raise CommandError(
            _("{count} score(s) disagree with the portal beyond the tolerance.").format(
                count=mismatches
            ),
            returncode=EXIT_MISMATCH,
        )


def _write_table(command: Any, report: Report, payload: dict[str, Any]) -> None:
    lang = translation.get_language() or "vi"

    def num(value: Decimal | float | int | None, places: int = 2) -> str:
        return format_number(value, places, lang)

    def count(value: int) -> str:
        return format_number(value, 0, lang)

    groups = payload["groups"]
    command.write_table(
        [_("Group"), _("Units"), _("Checked"), _("Within tolerance"), _("Mismatches"),
         _("Skipped"), _("Largest difference")],
        [
            [name, count(g["units"]), count(g["checked"]), count(g["within_tolerance"]),
             count(g["mismatches"]), count(g["skipped"]), num(g["max_abs_diff"])]
            for name, g in groups.items()
        ],
    )  # fmt: skip
    command.stdout.write("")
    command.stdout.write(
        _(
            "Checked: {checked}; within tolerance (±{tolerance}): {within}; exact: {exact}; "
            "largest difference: {diff}; skipped: {skipped}."
        ).format(
            checked=count(report.checked),
            tolerance=num(report.tolerance, 3),
            within=count(report.within_tolerance),
            exact=count(report.exact),
            diff=num(report.max_abs_diff),
            skipped=count(report.skipped),
        )
    )
    matching = payload["matching"]
    command.stdout.write(
        _(
            "Units matched by code: {by_code}; by name: {by_name} "
            "(resolved to a code: {resolved}, unresolved: {unresolved})."
        ).format(
            by_code=count(matching["by_code"]),
            by_name=count(matching["by_name"]),
            resolved=count(matching["by_name_resolved"]),
            unresolved=count(matching["by_name_unresolved"]),
        )
    )
    if payload["skipped_reasons"]:
        command.stdout.write("")
        command.write_table(
            [_("Skipped because"), _("Count")],
            [[skip_reason_text(r), count(n)] for r, n in payload["skipped_reasons"].items()],
        )
    if payload["flags"]:
        command.stdout.write("")
        command.stdout.write(_("Flags: {count}.").format(count=count(len(payload["flags"]))))
    if payload["mismatches"]:
        command.stdout.write("")
        command.write_table(
            [_("Unit"), _("Name"), _("Group"), _("Metric"), _("Official"), _("Recomputed"),
             _("Difference")],
            [
                [m["unit"], m["unit_name"], m["group"], m["metric"] or _("(tab score)"),
                 num(m["official"]), num(m["computed"]), num(m["diff"])]
                for m in payload["mismatches"]
            ],
        )  # fmt: skip
    if "stored" in payload:
        command.stdout.write("")
        created = sum(1 for s in payload["stored"] if s["created"])
        command.stdout.write(
            _("Snapshots stored: {created} new, {existing} already stored.").format(
                created=count(created), existing=count(len(payload["stored"]) - created)
            )
        )
