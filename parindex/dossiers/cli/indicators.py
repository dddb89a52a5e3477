"""``parindex dossiers indicators --period P [--unit CODE] [--procedure CODE] --format json|table``.

Computes every registered indicator from the dossier store for one period, per unit rolled up
the unit tree, with the Decision 766 scores and their ranks within peer groups
(docs/cli-dossiers.md, docs/indicators.md). Period syntax: 2026-08, 2026-Q3, 2026, the same with
R for the 15th-to-14th report cycle (2026-08R), or 2026-01-01..2026-06-30.
Exit codes: 0 done; 1 bad period or unknown unit.
"""

from __future__ import annotations

from argparse import ArgumentParser
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.dossiers import queries
from parindex.dossiers.indicators.registry import INDICATORS, SCORE_CODES
from parindex.lib.dossiers.periods import PeriodError, parse_period
from parindex.lib.dossiers.qd766 import round_half_up
from parindex.lib.errors import InputRejected, Problem
from parindex.lib.formatting import format_number, format_pct

NAME = "indicators"
HELP = gettext_lazy("Compute the dossier indicators and Decision 766 scores for a period.")

TABLE_COLUMNS = (
    "received", "carried_over", "finished", "finished_early", "finished_on_time",
    "finished_late", "open_within", "open_past", "on_time_rate", "online_share",
    "avg_processing_days", "qd766_progress", "qd766_dossier_points",
)  # fmt: skip


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--period",
        required=True,
        help=str(
            gettext_lazy(
                "2026-08 (month), 2026-Q3 (quarter), 2026 (year), with R for the 15th-to-14th "
                "report cycle (2026-08R), or 2026-01-01..2026-06-30."
            )
        ),
    )
    parser.add_argument(
        "--unit", help=str(gettext_lazy("Only this unit and its descendants (SYSTEM:CODE)."))
    )
    parser.add_argument("--procedure", help=str(gettext_lazy("Only this procedure (MaTTHC).")))
    parser.add_argument(
        "--format",
        choices=["json", "table"],
        default="json",
        help=str(gettext_lazy("Output format (default: json).")),
    )


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def handle(command: Any, options: dict[str, Any]) -> None:
    try:
        period = parse_period(options["period"])
    except PeriodError as exc:
        raise InputRejected([Problem(str(exc), field="--period")]) from None
    unit = queries.find_unit(options["unit"]) if options["unit"] else None
    run = queries.run_indicators(period, unit=unit, procedure=options["procedure"])
    if options["format"] == "json":
        command.write_json(
            {
                "period": period.as_dict(),
                "procedure": run.procedure,
                "computed_at": run.computed_at.isoformat(),
                "units": [
                    {
                        "unit": run.units[row.unit_id].as_dict()
                        if row.unit_id in run.units
                        else {"id": row.unit_id},
                        "peer_group": run.units[row.unit_id].kind
                        if row.unit_id in run.units
                        else "",
                        "indicators": {k: _json_value(v) for k, v in row.indicators.items()},
                        "ranks": row.ranks,
                    }
                    for row in run.rows
                ],
            }
        )
        return
    lang = translation.get_language() or "vi"
    names = {i.code: (i.name_vi if lang.startswith("vi") else i.name_en) for i in INDICATORS}
    units = {i.code: i.unit for i in INDICATORS}

    def show(code: str, value: Any) -> str:
        if value is None:
            return "—"
        if units[code] == "share":
            return format_pct(float(value) * 100, 2, lang)
        if units[code] in ("points", "working_days"):
            return format_number(round_half_up(value) if code in SCORE_CODES else value, 2, lang)
        return format_number(value, 0, lang)

    command.stdout.write(_("Period {code}: {label}").format(code=period.code, label=period.label()))
    command.write_table(
        [_("Unit"), *[names[c] for c in TABLE_COLUMNS]],
        [
            [
                run.units[row.unit_id].key if row.unit_id in run.units else str(row.unit_id),
                *[show(c, row.indicators.get(c)) for c in TABLE_COLUMNS],
            ]
            for row in run.rows
        ],
    )
