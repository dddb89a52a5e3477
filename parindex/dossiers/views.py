"""Pages of the dossiers app: figures and 766 scores, drill-down lists, imports.

Every read goes through :mod:`parindex.dossiers.queries`. Lists and tables export to Excel with
``?format=xlsx``.
"""

from __future__ import annotations

import threading
import uuid
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from parindex.core.context_processors import is_par_office
from parindex.core.models import Role, RoleAssignment
from parindex.dossiers import queries
from parindex.dossiers.actions import import_dossiers, record_portal_responses, start_import
from parindex.dossiers.exports import xlsx_response
from parindex.dossiers.importing.units import KEEP, REFUSE
from parindex.dossiers.indicators.registry import INDICATOR_BY_CODE, SCORE_CODES
from parindex.dossiers.store import store_dir
from parindex.lib.dossiers.periods import Period, PeriodError, parse_period
from parindex.lib.dossiers.portal.parsing import parse_response
from parindex.lib.dossiers.portal.reconcile import reconcile, skip_reason_text
from parindex.lib.dossiers.portal.shapes import PortalResponse
from parindex.lib.errors import InputRejected, Problem
from parindex.units.models import Unit
from parindex.units.queries import roles_of, unit_ids_for_user

PAGE_SIZE = 100

#: Run web imports in a background thread (tests switch it off to run them inline).
RUN_IMPORTS_IN_THREAD = True

FIGURE_COLUMNS = (
    "received", "carried_over", "finished", "finished_early", "finished_on_time",
    "finished_late", "open_within", "open_past", "on_time_rate", "on_time_rate_766",
    "avg_processing_days", "p50_processing_days", "p90_processing_days", "online_share",
    "postal_share", "late_without_apology",
)  # fmt: skip

DRILLDOWN_TITLES = {
    "late_without_apology": gettext_lazy("Late dossiers without an apology letter"),
    "past_deadline": gettext_lazy("Dossiers past their deadline, still in process"),
}


# Roles held on the province that see every unit's dossier figures.
PROVINCE_WIDE_ROLES = frozenset(
    {Role.PROVINCE_ADMIN, Role.LEADER, Role.COUNCIL_MEMBER, Role.APPRAISER}
)


def _context_period(request: HttpRequest, errors: list[str]) -> Period | None:
    text = request.GET.get("period", "").strip() or (queries.latest_month() or "")
    if not text:
        return None
    try:
        return parse_period(text)
    except PeriodError as exc:
        errors.append(str(exc))
        return None


def _context_unit(request: HttpRequest, errors: list[str]) -> Unit | None:
    text = request.GET.get("unit", "").strip()
    if not text:
        return None
    try:
        return queries.find_unit(text)
    except InputRejected as exc:
        errors.extend(p.message for p in exc.problems)
        return None


def _sees_every_unit(user: Any) -> bool:
    """The PAR office, leaders, the council and appraisers hold their roles on the province."""
    return bool(user.is_superuser or roles_of(user) & PROVINCE_WIDE_ROLES)


def _scoped_unit(request: HttpRequest, unit: Unit | None) -> Unit | None:
    """Limit a unit's staff to their own unit: another unit is 404, no unit means their own.

    ``None`` (the whole province) is returned only to users who see every unit.
    """
    user = request.user
    if _sees_every_unit(user):
        return unit
    if unit is not None:
        if unit.pk not in unit_ids_for_user(user):
            raise Http404
        return unit
    own = (
        RoleAssignment.objects.filter(user=user)  # type: ignore[misc]
        .select_related("unit")
        .order_by("pk")
        .first()
    )
    if own is None:
        raise Http404
    return own.unit


def _base(request: HttpRequest) -> tuple[Period | None, Unit | None, list[str], dict[str, Any]]:
    errors: list[str] = []
    period = _context_period(request, errors)
    unit = _scoped_unit(request, _context_unit(request, errors))
    context = {
        "period": period,
        "unit": unit,
        "errors": errors,
        "periods": queries.summary_periods(),
        "period_text": request.GET.get("period", period.code if period else ""),
        "unit_text": request.GET.get("unit", ""),
        # Synthetic dossiers (the demo's) or an illustrative unit: every page says so.
        "has_illustrative": queries.has_illustrative_dossiers()
        or bool(unit is not None and unit.is_illustrative),
    }
    return period, unit, errors, context


@login_required
def index(request: HttpRequest) -> HttpResponse | FileResponse:
    """The province's and each unit's figures and 766 scores for a period."""
    period, unit, _errors, context = _base(request)
    rows = queries.figures(period, unit) if period is not None else []
    if request.GET.get("format") == "xlsx" and period is not None:
        return _figures_xlsx(period, rows)
    procedures: list[tuple[str, dict[str, Any]]] = []
    if unit is not None and period is not None and period.granularity == "month":
        procedures = queries.procedure_figures(period, unit)[:50]
    context |= {
        "rows": rows,
        "columns": [(c, INDICATOR_BY_CODE[c].unit) for c in FIGURE_COLUMNS],
        "scores": SCORE_CODES,
        "procedures": procedures,
        "imports": queries.recent_imports(5),
        "has_illustrative": context["has_illustrative"]
        or any(r.unit.is_illustrative for r in rows),
    }
    return render(request, "dossiers/index.html", context)


def _figures_xlsx(period: Period, rows: list[queries.Figures]) -> FileResponse:
    columns = (*FIGURE_COLUMNS, *SCORE_CODES)
    headers = (
        [_("Unit code"), _("Unit"), _("Kind")]
        + [_label(c) for c in columns]
        + [_("Rank: {score}").format(score=_label("qd766_dossier_points"))]
    )
    shares = {3 + i for i, c in enumerate(columns) if INDICATOR_BY_CODE[c].unit == "share"}
    data = (
        [r.unit.key, r.unit.name, r.unit.kind, *[_cell(r.indicators.get(c)) for c in columns],
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


@login_required
def drilldown(request: HttpRequest, kind: str) -> HttpResponse | FileResponse:
    """A list an officer acts on: late without apology, or past the deadline and still open."""
    if kind not in DRILLDOWN_TITLES:
        raise Http404
    period, unit, _errors, context = _base(request)
    title = DRILLDOWN_TITLES[kind]
    if period is None:
        context |= {"title": title, "kind": kind, "page": None}
        return render(request, "dossiers/drilldown.html", context)
    tree = queries.unit_tree()
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"{kind}-{period.code}.xlsx",
            str(title),
            _list_headers(),
            (_list_values(r, tree) for r in queries.drilldown_rows(kind, period, unit, limit=None)),
            note=f"{period.code} ({period.label()})" + (f" — {unit.name}" if unit else ""),
        )
    total = queries.drilldown_count(kind, period, unit)
    paginator = Paginator(range(total), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    offset = (page.number - 1) * PAGE_SIZE
    rows = list(queries.drilldown_rows(kind, period, unit, limit=PAGE_SIZE, offset=offset))
    for row in rows:
        info = tree.get(row["unit_id"])
        row["unit_name"] = info.name if info else ""
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    context |= {
        "title": title,
        "kind": kind,
        "rows": rows,
        "total": total,
        "page": page,
        "query": query.urlencode(),
    }
    return render(request, "dossiers/drilldown.html", context)


def _list_headers() -> list[str]:
    return [
        _("Dossier code"), _("Procedure code"), _("Procedure"), _("Unit"), _("Received"),
        _("Appointment"), _("First appointment"), _("Finished"), _("Supplement requests"),
        _("Apology letter"),
    ]  # fmt: skip


def _list_values(row: dict[str, Any], tree: dict[int, queries.UnitInfo]) -> list[Any]:
    info = tree.get(row["unit_id"])
    apology = row["apology_at"] or (_("yes") if row["apology_issued"] == 1 else "")
    return [
        row["dossier_code"], row["procedure_code"], row["procedure_name"],
        info.name if info else row["agency_code"], row["received_at"], row["due_effective"],
        row["original_due_at"], row["end_at"], row["supplement_count"], apology,
    ]  # fmt: skip


@login_required
def late_ranking(request: HttpRequest) -> HttpResponse | FileResponse:
    """Units ranked by their late rate for the period."""
    period, unit, _errors, context = _base(request)
    rows = queries.units_by_late_rate(period, unit) if period is not None else []
    if request.GET.get("format") == "xlsx" and period is not None:
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
    context |= {
        "rows": rows,
        "has_illustrative": context["has_illustrative"]
        or any(r.unit.is_illustrative for r in rows),
    }
    return render(request, "dossiers/late_ranking.html", context)


# -- imports ------------------------------------------------------------------------------------


def _require_par_office(request: HttpRequest) -> None:
    """Dossier imports are the PAR office's work; to anyone else the pages do not exist."""
    if not is_par_office(request.user):
        raise Http404


def _run_import(record_id: int, path: Path, mapping: Path | None, unknown: str, actor: Any) -> None:
    from parindex.dossiers.models import DossierImport

    record = DossierImport.objects.get(pk=record_id)
    try:
        import_dossiers(
            path, actor=actor, mapping_path=mapping, unknown_units=unknown, record=record
        )
    except Exception:  # the status row already says what went wrong
        pass
    finally:
        if RUN_IMPORTS_IN_THREAD:
            connection.close()


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a dossier file (and a mapping file); the import runs in the background."""
    _require_par_office(request)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a dossier file."))
            return redirect("dossiers:import")
        folder = store_dir() / "uploads" / uuid.uuid4().hex
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / Path(upload.name or "dossiers.csv").name
        with open(path, "wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        mapping = None
        mapping_upload = request.FILES.get("mapping")
        if mapping_upload is not None:
            mapping = folder / Path(mapping_upload.name or "mapping.yaml").name
            with open(mapping, "wb") as handle:
                for chunk in mapping_upload.chunks():
                    handle.write(chunk)
        unknown = KEEP if request.POST.get("unknown_units") == KEEP else REFUSE
        record = start_import(path, actor=request.user, mapping_path=mapping)
        args = (record.pk, path, mapping, unknown, request.user)
        if RUN_IMPORTS_IN_THREAD:
            threading.Thread(target=_run_import, args=args, daemon=True).start()
        else:
            _run_import(*args)
        return redirect("dossiers:import_status", pk=record.pk)
    return render(
        request, "dossiers/import.html", {"imports": queries.recent_imports(10), "keep": KEEP}
    )


@login_required
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress of an import, polled every second while it runs."""
    _require_par_office(request)
    record = queries.get_import(pk)
    if record is None:
        raise Http404
    template = "dossiers/_import_status.html" if request.htmx else "dossiers/import_status.html"  # type: ignore[attr-defined]
    return render(request, template, {"record": record, "percent": round(record.progress * 100)})


# -- reconciliation with the national portal ---------------------------------------------------

#: The largest portal response accepted on the page (the portal's files are a few megabytes).
MAX_RESPONSE_BYTES = 50 * 2**20


@login_required
@require_http_methods(["GET", "POST"])
def reconcile_upload(request: HttpRequest) -> HttpResponse:
    """Upload the portal's evaluation responses (JSON); recompute every score and compare.

    Nothing is written unless “keep a copy” is ticked: then each response is stored as an
    immutable portal snapshot (one audit event each), all or none.
    """
    _require_par_office(request)
    context: dict[str, Any] = {"problems": [], "report": None}
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        if not uploads:
            messages.error(request, _("Choose at least one portal response file (JSON)."))
            return redirect("dossiers:reconcile")
        responses: list[PortalResponse] = []
        problems: list[Problem] = []
        for upload in uploads:
            name = Path(upload.name or "response.json").name
            if (upload.size or 0) > MAX_RESPONSE_BYTES:
                problems.append(
                    Problem(
                        _("{file}: the file is larger than {size} MB.").format(
                            file=name, size=MAX_RESPONSE_BYTES // 2**20
                        )
                    )
                )
                continue
            try:
                responses.append(parse_response(upload.read(), source=name))
            except InputRejected as exc:
                problems.extend(exc.problems)
        if problems:
            context["problems"] = problems
        else:
            report = reconcile(responses)
            payload = report.as_dict()
            stored: list[Any] = []
            if request.POST.get("store"):
                stored = record_portal_responses(responses, actor=request.user)
            context |= {
                "report": payload,
                "files": [r.source for r in responses],
                "skipped": [
                    (skip_reason_text(reason), count)
                    for reason, count in payload["skipped_reasons"].items()
                ],
                "stored_new": sum(1 for _s, created in stored if created),
                "stored_total": len(stored),
                "store": bool(request.POST.get("store")),
            }
    return render(request, "dossiers/reconcile.html", context)
