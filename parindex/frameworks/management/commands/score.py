"""``parindex score --framework CODE_OR_FILE --inputs FILE.csv``: score declared data."""

from __future__ import annotations

from argparse import ArgumentParser
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from parindex.core.commands import ParIndexCommand
from parindex.frameworks.queries import resolve_framework
from parindex.frameworks.rule_text import number
from parindex.frameworks.score_inputs import read_inputs
from parindex.lib.formatting import format_number, format_pct
from parindex.lib.scoring.numbers import round_half_up
from parindex.lib.scoring.total import ScoreResult, score


def _r(value: Decimal | None) -> Decimal | None:
    return None if value is None else round_half_up(value)


class Command(ParIndexCommand):
    help = "Score a framework from a CSV of declared data: per-leaf points, areas, total, band."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--framework", required=True, help="A stored framework code, or a .yaml/.xlsx file."
        )
        parser.add_argument("--inputs", required=True, help="CSV of declared data per leaf.")
        parser.add_argument("--format", choices=("json", "table"), default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        resolved = resolve_framework(options["framework"])
        inputs = read_inputs(Path(options["inputs"]), resolved.spec)
        result = score(resolved.spec, inputs)
        if options["format"] == "json":
            self.write_json(self._payload(resolved.spec.is_illustrative, resolved.names, result))
        else:
            self._table(resolved.spec.is_illustrative, resolved.names, result)

    def _payload(
        self, illustrative: bool, names: dict[str, tuple[str, str]], result: ScoreResult
    ) -> dict[str, Any]:
        def node(code: str) -> dict[str, Any]:
            item = result.nodes[code]
            return {
                "code": code,
                "name_vi": names.get(code, ("", ""))[0],
                "points": _r(item.points),
                "max_points": item.max_points,
                "applicable_max": item.applicable_max_points,
                "rate_pct": _r(item.score_pct),
                "not_applicable": item.not_applicable,
                "missing": item.missing,
            }

        band = result.band
        return {
            "framework": result.framework_code,
            "is_illustrative": illustrative,
            "leaves": [node(code) for code in result.leaf_codes],
            "areas": [node(code) for code in result.area_codes],
            "raw_total": _r(result.raw_total),
            "total": _r(result.total),
            "max_points": result.max_points,
            "applicable_max": result.applicable_max_points,
            "rate_pct": _r(result.score_pct),
            "band": None if band is None else band.as_dict(),
            "missing": list(result.missing),
            "exact": {
                "total": str(result.total),
                "rate_pct": None if result.score_pct is None else str(result.score_pct),
            },
        }

    def _table(
        self, illustrative: bool, names: dict[str, tuple[str, str]], result: ScoreResult
    ) -> None:
        lang = get_language() or "vi"
        if illustrative:
            self.stdout.write(
                _("ILLUSTRATIVE: this framework is an example, not an official methodology.")
            )
        rows = []
        for code in result.leaf_codes:
            item = result.nodes[code]
            note = (
                _("not applicable") if item.not_applicable else _("no data") if item.missing else ""
            )
            rows.append([code, number(item.max_points), format_number(item.points, 2, lang), note])
        self.write_table([_("Criterion"), _("Max"), _("Points"), _("Note")], rows)
        self.stdout.write("")
        area_rows = [
            [
                code,
                names.get(code, ("", ""))[0],
                number(result.nodes[code].applicable_max_points),
                format_number(result.nodes[code].points, 2, lang),
                format_pct(result.nodes[code].score_pct, 2, lang),
            ]
            for code in result.area_codes
        ]
        self.write_table([_("Area"), _("Name"), _("Max"), _("Points"), _("Rate")], area_rows)
        self.stdout.write("")
        self.stdout.write(_("Total: {total}").format(total=format_number(result.total, 2, lang)))
        self.stdout.write(_("Maximum: {max}").format(max=number(result.applicable_max_points)))
        self.stdout.write(_("Rate: {rate}").format(rate=format_pct(result.score_pct, 2, lang)))
        band = result.band
        label = "—" if band is None else (band.name_vi if lang.startswith("vi") else band.name_en)
        self.stdout.write(_("Band: {band}").format(band=label))
