"""``parindex simulate``: the points a province needs for a target rank, the probability of
reaching it, what-if changes and the least-effort path (docs/cli-standing.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from parindex.core.commands import ParIndexCommand
from parindex.lib.errors import Problem
from parindex.lib.formatting import format_number, format_pct
from parindex.targets.management.commands._options import FORMATS, choice, raise_if
from parindex.targets.simulator import run as simulator
from parindex.targets.simulator.efforts_file import read_efforts
from parindex.units.queries import find_unit


def _pairs(values: list[str], name: str, problems: list[Problem]) -> dict[str, float]:
    found: dict[str, float] = {}
    for item in values:
        key, sep, number = item.partition("=")
        try:
            found[key.strip()] = float(number)
        except ValueError:
            sep = ""
        if not sep or not key.strip():
            problems.append(
                Problem(_("Write AREA=POINTS, e.g. digital_government=0.5."), field=name)
            )
    return found


class Command(ParIndexCommand):
    help = gettext_noop(
        "Simulate a province's rank: points needed, probability, what-if and cheapest path."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help=_("Province code or SYSTEM:CODE."))
        parser.add_argument("--year", type=int, required=True, help=_("Index year to simulate."))
        parser.add_argument("--target-rank", type=int, required=True, help=_("Target rank."))
        parser.add_argument(
            "--probability",
            type=float,
            default=simulator.DEFAULT_PROBABILITY,
            help=_("Wanted probability of reaching the target (default 0.8)."),
        )
        parser.add_argument(
            "--iterations",
            type=int,
            default=simulator.DEFAULT_ITERATIONS,
            help=_("Monte Carlo iterations (default 2000)."),
        )
        parser.add_argument("--seed", type=int, default=0, help=_("Random seed (default 0)."))
        parser.add_argument(
            "--rate", type=float, help=_("The province's current rate, if not in the registry.")
        )
        parser.add_argument("--efforts", help=_("Efforts file (CSV) for the cheapest path."))
        parser.add_argument(
            "--change",
            action="append",
            default=[],
            metavar="AREA=POINTS",
            help=_("What-if: points added (or removed) in an area; repeatable."),
        )
        parser.add_argument(
            "--area-points",
            action="append",
            default=[],
            metavar="AREA=POINTS",
            help=_("The province's points in an area, for the points lost; repeatable."),
        )
        parser.add_argument("--format", default="table", help=_("table (default) or json."))

    def handle(self, *args: Any, **options: Any) -> None:
        problems: list[Problem] = []
        output = choice(options["format"], "--format", FORMATS, problems)
        changes = _pairs(options["change"], "--change", problems)
        area_points = _pairs(options["area_points"], "--area-points", problems)
        efforts_path = options.get("efforts")
        if efforts_path and not Path(efforts_path).is_file():
            problems.append(
                Problem(_("File not found: {path}").format(path=efforts_path), field="--efforts")
            )
        raise_if(problems)
        unit = find_unit(options["unit"])
        efforts = read_efforts(efforts_path) if efforts_path else None
        data = simulator.run(
            unit,
            options["year"],
            options["target_rank"],
            probability=options["probability"],
            iterations=options["iterations"],
            seed=options["seed"],
            rate=options.get("rate"),
            efforts=efforts,
            changes=changes or None,
            area_points=area_points or None,
        )
        if output == "json":
            self.write_json(data)
            return
        self.write_summary(data)

    def write_summary(self, data: dict[str, Any]) -> None:
        lang = settings.CLI_LANGUAGE
        last, proj = data["last_year_table"], data["projection"]
        self.stdout.write(
            _("{name} ({unit}), {year}, target rank {rank}").format(
                name=data["name"], unit=data["unit"], year=data["year"], rank=data["target_rank"]
            )
        )
        self.stdout.write(_("Competitors: {note}").format(note=data["field"]["note"]))
        self.stdout.write(
            _("Current rate: {rate} ({kind})").format(
                rate=format_pct(data["current"]["rate"], 2, lang), kind=data["current"]["kind"]
            )
        )
        self.stdout.write(
            _("Against last year's table: rank {rank}; needs {needed} (+{gain} points).").format(
                rank=last["rank_now"],
                needed=format_pct(last["required_rate"], 2, lang),
                gain=format_number(last["gain_points"], 2, lang),
            )
        )
        self.stdout.write(
            _(
                "Projection ({iterations} runs): probability now {now}; for {wanted} it needs "
                "{rate} (+{gain} points)."
            ).format(
                iterations=proj["iterations"],
                now=format_pct(proj["probability_now"] * 100, 1, lang),
                wanted=format_pct(proj["probability_wanted"] * 100, 0, lang),
                rate=format_pct(proj["rate_for_probability"], 2, lang),
                gain=format_number(proj["gain_points"], 2, lang),
            )
        )
        if "what_if" in data:
            w = data["what_if"]
            self.stdout.write(
                _("What if: rate {rate}, rank {rank}, probability {probability}.").format(
                    rate=format_pct(w["rate"], 2, lang),
                    rank=w["rank_against_last_year"],
                    probability=format_pct((w["probability"] or 0) * 100, 1, lang),
                )
            )
        if "cheapest_path" in data:
            path = data["cheapest_path"]
            self.stdout.write(
                _("Cheapest path: effort {effort}, gain {gain} points.").format(
                    effort=format_number(path["total_effort"], 2, lang),
                    gain=format_number(path["total_gain"], 2, lang),
                )
                if path["feasible"]
                else path["message"]
            )
            if path["choices"]:
                self.write_table(
                    [_("Criterion"), _("Name"), _("Steps"), _("Gain"), _("Effort")],
                    [
                        [
                            c["code"],
                            c["name"],
                            "{}/{}".format(c["steps_taken"], c["steps"]),
                            format_number(c["gain"], 2, lang),
                            format_number(c["effort"], 2, lang),
                        ]
                        for c in path["choices"]
                    ],
                )
