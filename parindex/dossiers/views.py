"""Pages of the dossiers app: figures and 766 scores, drill-down lists, imports.

Every read goes through :mod:`parindex.dossiers.queries`. Lists and tables export to Excel with
``?format=xlsx`` (:mod:`parindex.reports.dossier_exports`).
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

from parindex.access.lookups import get_dossier_unit_for_user
from parindex.access.request import access_for
from parindex.core.types import AuthenticatedRequest
from parindex.dossiers import queries
from parindex.dossiers.actions import import_dossiers, record_portal_responses, start_import
from parindex.dossiers.importing.units import KEEP, REFUSE
from parindex.dossiers.indicators.registry import INDICATOR_BY_CODE, SCORE_CODES
from parindex.dossiers.store import store_dir
from parindex.lib.dossiers.periods import Period, PeriodError, parse_period
from parindex.lib.dossiers.portal.parsing import parse_response
from parindex.lib.dossiers.portal.reconcile import reconcile, skip_reason_text
from parindex.lib.dossiers.portal.shapes import PortalResponse
from parindex.lib.errors import InputRejected, Problem
from parindex.reports.dossier_exports import drilldown_xlsx, figures_xlsx, late_ranking_xlsx
from parindex.units.models import Unit

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


def _base(request: HttpRequest) -> tuple[Period | None, Unit | None, list[str], dict[str, Any]]:
    errors: list[str] = []
    period = _context_period(request, errors)
    unit = get_dossier_unit_for_user(request, _context_unit(request, errors))
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
        return figures_xlsx(period, rows, FIGURE_COLUMNS)
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
        listed = queries.drilldown_rows(kind, period, unit, limit=None)
        return drilldown_xlsx(kind, str(title), period, unit, listed, tree)
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


@login_required
def late_ranking(request: HttpRequest) -> HttpResponse | FileResponse:
    """Units ranked by their late rate for the period."""
    period, unit, _errors, context = _base(request)
    rows = queries.units_by_late_rate(period, unit) if period is not None else []
    if request.GET.get("format") == "xlsx" and period is not None:
        return late_ranking_xlsx(period, rows)
    context |= {
        "rows": rows,
        "has_illustrative": context["has_illustrative"]
        or any(r.unit.is_illustrative for r in rows),
    }
    return render(request, "dossiers/late_ranking.html", context)


# -- imports ------------------------------------------------------------------------------------


def _require_par_office(request: HttpRequest) -> None:
    """Dossier imports are the PAR office's work; to anyone else the pages do not exist."""
    if not access_for(request).is_par_office:
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
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
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
def reconcile_upload(request: AuthenticatedRequest) -> HttpResponse:
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
