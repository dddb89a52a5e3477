"""Pages of the units app: the list of units (by date and kind) and one unit with its lineage."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from parindex.core.types import AuthenticatedRequest
from parindex.units import queries
from parindex.units.formats import parse_date
from parindex.units.models import CodeSystem, Unit, UnitKind

PAGE_SIZE = 100


@login_required
def units_list(request: AuthenticatedRequest) -> HttpResponse:
    """Units, filtered by the date they are valid on, kind, code system and name or code."""
    errors = []
    as_of_text = request.GET.get("as_of", "").strip()
    as_of = None
    if as_of_text:
        as_of = parse_date(as_of_text)
        if as_of is None:
            errors.append(
                _("“{value}” is not a date in the form YYYY-MM-DD.").format(value=as_of_text)
            )
    kind = request.GET.get("kind", "")
    if kind not in UnitKind.values:
        kind = ""
    code_system = request.GET.get("code_system", "")
    if code_system not in CodeSystem.values:
        code_system = ""
    search = request.GET.get("q", "").strip()

    if as_of is not None:
        units = queries.units_as_of(as_of, kind or None)
    else:
        units = Unit.objects.select_related("parent").order_by("code_system", "kind", "code")
        if kind:
            units = units.filter(kind=kind)
    if code_system:
        units = units.filter(code_system=code_system)
    if search:
        units = units.filter(Q(code__iexact=search) | Q(name__icontains=search))
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "units/list.html",
        {
            "page": page,
            "as_of": as_of,
            "as_of_text": as_of_text,
            "kind": kind,
            "code_system": code_system,
            "search": search,
            "kinds": UnitKind.choices,
            "code_systems": CodeSystem.choices,
            "errors": errors,
            "query": query.urlencode(),
            "has_illustrative": any(unit.is_illustrative for unit in page),
        },
    )


@login_required
def unit_detail(request: AuthenticatedRequest, code_system: str, code: str) -> HttpResponse:
    """One unit: its parent, children, predecessors and successors with weights."""
    unit = get_object_or_404(queries.units_with_relations(), code_system=code_system, code=code)
    return render(
        request,
        "units/detail.html",
        {
            "unit": unit,
            "children": list(unit.children.all()),
            "predecessor_links": [
                (link.predecessor, link) for link in unit.predecessor_links.all()
            ],
            "successor_links": [(link.successor, link) for link in unit.successor_links.all()],
        },
    )
