"""``parindex targets``: import target plans, check them against the registry and the internal
results, and record decisions that retire, re-attach or re-parameterise a target."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from parindex.core.commands import ParIndexCommand
from parindex.lib.errors import InputRejected, Problem
from parindex.targets import actions
from parindex.targets.management.commands._options import FORMATS, choice, date, raise_if
from parindex.targets.models import Target, TargetPlan
from parindex.targets.plan_format import parse_years
from parindex.targets.queries import load_plan
from parindex.targets.rules.checking import check_plan, summary_rows
from parindex.units.queries import find_unit


class Command(ParIndexCommand):
    help = gettext_noop(
        "Target plans: import, check (met / not met / not yet decidable) and record decisions."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action",
            required=True,
            metavar="{check,import,list,retire,reattach,reparameterise}",
        )
        check = sub.add_parser("check", help=_("Evaluate every rule of a plan for each year."))
        check.add_argument("plan", metavar="PLAN", help=_("Plan file (YAML) or stored plan id."))
        check.add_argument("--format", default="table", help=_("table (default) or json."))
        importing = sub.add_parser("import", help=_("Store plan files (YAML)."))
        importing.add_argument("files", nargs="+", metavar="PLAN", help=_("Plan files."))
        sub.add_parser("list", help=_("List stored plans and their targets."))
        for name, text in (
            ("retire", _("Retire a target, recording the decision.")),
            ("reattach", _("Move a target to a successor unit, recording the decision.")),
            ("reparameterise", _("Change a target's parameters, recording the decision.")),
        ):
            decision = sub.add_parser(name, help=text)
            decision.add_argument("plan", metavar="PLAN", help=_("Stored plan id."))
            decision.add_argument("target", metavar="TARGET", help=_("Target id in the plan."))
            decision.add_argument(
                "--decision", required=True, help=_("The decision (number and date) or policy.")
            )
            decision.add_argument("--date", metavar="YYYY-MM-DD", help=_("Date of the decision."))
            decision.add_argument("--note", default="", help=_("Remarks."))
            if name == "reattach":
                decision.add_argument("--to", required=True, help=_("Successor unit code."))
            if name == "reparameterise":
                decision.add_argument(
                    "--set",
                    action="append",
                    default=[],
                    metavar="NAME=VALUE",
                    help=_("New parameter value (repeatable), e.g. rank=8."),
                )
                decision.add_argument("--years", help=_("New years, YYYY or YYYY-YYYY."))

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "check":
            problems: list[Problem] = []
            output = choice(options["format"], "--format", FORMATS, problems)
            raise_if(problems)
            self.handle_check(options["plan"], output)
        elif action == "import":
            for path in options["files"]:
                plan = actions.import_plan(path, actor=None)
                self.stdout.write(
                    _("{file}: plan {plan} stored with {count} targets.").format(
                        file=path, plan=plan.slug, count=plan.targets.count()
                    )
                )
        elif action == "list":
            self.write_table(
                [_("Plan"), _("Target"), _("Target rule"), _("Years"), _("Owner"), _("Status")],
                [
                    [
                        t.plan.slug,
                        t.key,
                        t.rule,
                        f"{t.year_from}-{t.year_to}",
                        t.owner.key,
                        t.get_status_display(),
                    ]
                    for t in Target.objects.select_related("plan", "owner").order_by(
                        "plan__slug", "year_from", "key"
                    )
                ],
            )
        else:
            self.handle_decision(action, options)

    def handle_check(self, reference: str, output: str) -> None:
        plan = load_plan(reference)
        checked = check_plan(plan)
        if output == "json":
            self.write_json(checked)
            return
        self.stdout.write("{} — {}".format(checked["plan"], checked["title"]))
        self.stdout.write(
            _("Owner: {owner}; legal source: {source}; status: {status}").format(
                owner=checked["owner"],
                source=checked["legal_source"] or "—",
                status=checked["status"],
            )
        )
        self.write_table(
            [_("Target"), _("Target rule"), _("Year"), _("Result"), _("Figures")],
            summary_rows(checked),
        )

    def handle_decision(self, action: str, options: dict[str, Any]) -> None:
        problems: list[Problem] = []
        decided_on = date(options.get("date"), "--date", problems)
        raise_if(problems)
        target = (
            Target.objects.select_related("plan", "owner")
            .filter(plan__slug=options["plan"], key=options["target"])
            .first()
        )
        if target is None:
            exists = TargetPlan.objects.filter(slug=options["plan"]).exists()
            raise InputRejected(
                [
                    Problem(
                        _("The plan {plan} has no target {target}.").format(
                            plan=options["plan"], target=options["target"]
                        )
                        if exists
                        else _("No stored plan is called “{value}”.").format(value=options["plan"]),
                        field="TARGET" if exists else "PLAN",
                    )
                ]
            )
        common = {
            "actor": None,
            "decision": options["decision"],
            "decided_on": decided_on,
            "note": options["note"],
        }
        if action == "retire":
            record = actions.retire_target(target, **common)
        elif action == "reattach":
            record = actions.reattach_target(target, find_unit(options["to"]), **common)
        else:
            changes: dict[str, Any] = {}
            for item in options["set"]:
                name, sep, value = item.partition("=")
                if not sep or not name.strip():
                    problems.append(Problem(_("Write NAME=VALUE, e.g. rank=8."), field="--set"))
                    continue
                try:
                    changes[name.strip()] = json.loads(value)
                except json.JSONDecodeError:
                    changes[name.strip()] = value
            years = None
            if options.get("years"):
                parsed = parse_years(options["years"])
                if parsed is None:
                    problems.append(
                        Problem(_("Give the years as YYYY or YYYY-YYYY."), field="--years")
                    )
                years = parsed
            raise_if(problems)
            record = actions.reparameterise_target(target, changes, years=years, **common)
        self.write_json(
            {
                "target": str(target),
                "decision": record.get_kind_display(),
                "decided_by": record.decision,
                "before": record.before,
                "after": record.after,
            }
        )
