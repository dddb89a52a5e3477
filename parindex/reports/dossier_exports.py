"""Excel exports of the dossier pages (``?format=xlsx``): the figures and 766 scores, the
drill-down lists and the units ranked by late rate.

The views read and scope the data through :mod:`parindex.dossiers.queries`; each export here
only declares its headers and rows for :func:`parindex.reports.excel.xlsx_response`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.http import FileResponse
from django.utils.translation import gettext as _

from parindex.dossiers.indicators.registry import INDICATOR_BY_CODE, SCORE_CODES
from parindex.reports.excel import xlsx_response

if TYPE_CHECKING:
    from parindex.dossiers.queries import Figures, UnitInfo
    from parindex.lib.dossiers.periods import Period
    from parindex.units.models import Unit


def figures_xlsx(period: Period, rows: Sequence[Figures], columns: Sequence[str]) -> FileResponse:
    """Each unit's figures (``columns``, then the 766 scores) and its rank by dossier points."""
    codes = (*columns, *SCORE_CODES)
    headers = (
        [_("Unit code"), _("Unit"), _("Kind")]
        + [_label(c) for c in codes]
        + [_("Rank: {score}").format(score=_label("qd766_dossier_points"))]
    )
    shares = {3 + i for i, c in enumerate(codes) if INDICATOR_BY_CODE[c].unit == "share"}
    data = (
        [r.unit.key, r.unit.name, r.unit.kind, *[_cell(r.indicators.get(c)) for c in codes],
         r.ranks.get("qd766_dossier_points")]
        for r in rows
    )  # fmt: skip
    return xlsx_response(
        f"dossiers-{period.code}.xlsx",
        _("Dossier figures {period}").format(period=period.code),
        headers,
        data,
        note=period.label(),
        percent_columns=sorted(shares),
    )


def drilldown_xlsx(
    kind: str,
    title: str,
    period: Period,
    unit: Unit | None,
    rows: Iterable[dict[str, Any]],
    tree: dict[int, UnitInfo],
) -> FileResponse:
    """Every dossier of a drill-down list (``kind``), one row each."""
    return xlsx_response(
        f"{kind}-{period.code}.xlsx",
        title,
        _list_headers(),
        (_list_values(r, tree) for r in rows),
        note=f"{period.code} ({period.label()})" + (f" — {unit.name}" if unit else ""),
    )


def late_ranking_xlsx(period: Period, rows: Sequence[Figures]) -> FileResponse:
    """Units ranked by their late rate, with the counts behind it."""
    return xlsx_response(
        f"late-rate-{period.code}.xlsx",
        _("Units ranked by late rate"),
        [_("Rank"), _("Unit code"), _("Unit"), _("Finished"), _("Finished late"),
         _("Late rate"), _("Late, without an apology letter"),
         _("In process, past the deadline")],
        (
            [i, r.unit.key, r.unit.name, r.measures.get("finished", 0),
             r.measures.get("finished_late", 0), r.indicators.get("late_rate"),
             r.measures.get("late_without_apology", 0), r.measures.get("open_past", 0)]
            for i, r in enumerate(rows, start=1)
        ),
        note=period.label(),
        percent_columns=[5],
    )  # fmt: skip


def _label(code: str) -> str:
    from parindex.dossiers.templatetags.dossiers_tags import indicator_name

    return indicator_name(code)


def _cell(value: Any) -> Any:
    if value is None:
        return None
    try:
        return float(value) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        return str(value)


def _list_headers() -> list[str]:
    return [
        _("Dossier code"), _("Procedure code"), _("Procedure"), _("Unit"), _("Received"),
        _("Appointment"), _("First appointment"), _("Finished"), _("Supplement requests"),
        _("Apology letter"),
    ]  # fmt: skip


def _list_values(row: dict[str, Any], tree: dict[int, UnitInfo]) -> list[Any]:
    info = tree.get(row["unit_id"])
    apology = row["apology_at"] or (_("yes") if row["apology_issued"] == 1 else "")
    return [
        row["dossier_code"], row["procedure_code"], row["procedure_name"],
        info.name if info else row["agency_code"], row["received_at"], row["due_effective"],
        row["original_due_at"], row["end_at"], row["supplement_count"], apology,
    ]  # fmt: skip
