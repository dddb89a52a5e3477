"""Reading units: by date, by subtree, through the lineage, and by code."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from parindex.lib.errors import InputRejected, Problem
from parindex.units.formats import parse_unit_ref
from parindex.units.models import CodeSystem, LineageLink, Unit


def units_as_of(date: dt.date, kind: str | None = None) -> QuerySet[Unit]:
    """Units valid on ``date`` (half-open validity), optionally of one kind, parents joined."""
    queryset = Unit.objects.valid_on(date).select_related("parent")
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("code_system", "kind", "code")


def subtree(unit: Unit, as_of: dt.date | None = None) -> QuerySet[Unit]:
    """The unit and all its descendants in depth-first order, in one recursive query.

    With ``as_of`` only units valid on that day are kept (a valid child of an invalid parent is
    still listed: validity is a property of each unit, not of its branch).
    """
    queryset = Unit.objects.descendants(unit, include_self=True).select_related("parent")
    if as_of is not None:
        queryset = queryset.valid_on(as_of)
    return queryset


def predecessors(unit: Unit) -> QuerySet[LineageLink]:
    """Links from the units ``unit`` came from: effective date, relation, weight and basis."""
    return (
        LineageLink.objects.filter(successor=unit)
        .select_related("predecessor", "predecessor__parent")
        .order_by("effective_on", "weight_basis", "predecessor__code_system", "predecessor__code")
    )


def successors(unit: Unit) -> QuerySet[LineageLink]:
    """Links to the units ``unit`` became: effective date, relation, weight and basis."""
    return (
        LineageLink.objects.filter(predecessor=unit)
        .select_related("successor", "successor__parent")
        .order_by("effective_on", "weight_basis", "successor__code_system", "successor__code")
    )


def find_unit(code: str, *, code_system: str | None = None, as_of: dt.date | None = None) -> Unit:
    """The one unit a code means.

    ``code`` may be written ``SYSTEM:CODE`` (e.g. ``historical_63:94``). A bare code that
    matches units in several code systems (``92`` is old and new Cần Thơ) is narrowed to the
    units valid on ``as_of``; without ``as_of``, or if that still leaves several or none,
    ``InputRejected`` is raised with a problem listing the candidates. A code that matches one
    unit only returns it whatever ``as_of`` says, so an old code still finds its old unit.
    """
    text = code.strip()
    if ":" in text:
        parts = parse_unit_ref(text)
        if parts is None:
            raise InputRejected(
                [
                    Problem(
                        _(
                            "“{value}” is not a unit reference; write SYSTEM:CODE with SYSTEM "
                            "one of {systems}."
                        ).format(value=text, systems=", ".join(CodeSystem.values)),
                        field="code",
                    )
                ]
            )
        code_system, text = parts
    elif code_system is not None and code_system not in CodeSystem.values:
        raise InputRejected(
            [
                Problem(
                    _("“{value}” is not allowed here; use one of: {choices}.").format(
                        value=code_system, choices=", ".join(CodeSystem.values)
                    ),
                    field="code_system",
                )
            ]
        )
    queryset = Unit.objects.filter(code=text).select_related("parent")
    if code_system:
        queryset = queryset.filter(code_system=code_system)
    candidates = list(queryset.order_by("code_system"))
    if len(candidates) > 1 and as_of is not None:
        valid = [unit for unit in candidates if unit.is_valid_on(as_of)]
        if len(valid) == 1:
            return valid[0]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise InputRejected(
            [Problem(_("No unit has the code “{code}”.").format(code=code.strip()), field="code")]
        )
    listing = "; ".join(f"{unit.key} {unit.name}" for unit in candidates)
    if as_of is None:
        message = _(
            "The code “{code}” matches several units: {candidates}. Write SYSTEM:CODE or give "
            "a date (--as-of)."
        ).format(code=code.strip(), candidates=listing)
    else:
        message = _(
            "The code “{code}” matches several units and not exactly one is valid on {day}: "
            "{candidates}. Write SYSTEM:CODE."
        ).format(code=code.strip(), day=as_of.strftime("%d/%m/%Y"), candidates=listing)
    raise InputRejected([Problem(message, field="code")])


def units_with_relations() -> QuerySet[Unit]:
    """Units with parent, children, predecessor and successor links: 4 queries in all."""
    return Unit.objects.select_related("parent").prefetch_related(
        Prefetch("children", queryset=Unit.objects.order_by("code_system", "code")),
        Prefetch(
            "predecessor_links",
            queryset=LineageLink.objects.select_related("predecessor").order_by(
                "effective_on", "weight_basis", "predecessor__code_system", "predecessor__code"
            ),
        ),
        Prefetch(
            "successor_links",
            queryset=LineageLink.objects.select_related("successor").order_by(
                "effective_on", "weight_basis", "successor__code_system", "successor__code"
            ),
        ),
    )


def unit_dict(unit: Unit) -> dict[str, Any]:
    """A unit as plain data (for JSON)."""
    return {
        "code": unit.code,
        "code_system": unit.code_system,
        "key": unit.key,
        "name": unit.name,
        "name_en": unit.name_en,
        "kind": unit.kind,
        "subkind": unit.subkind,
        "parent": unit.parent.key if unit.parent_id and unit.parent else None,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "is_illustrative": unit.is_illustrative,
    }


def lineage(unit: Unit) -> dict[str, Any]:
    """The unit with its predecessors and successors, as plain data (for JSON)."""

    def link_dict(link: LineageLink, other: Unit) -> dict[str, Any]:
        return {
            "unit": unit_dict(other),
            "effective_on": link.effective_on,
            "relation": link.relation,
            "weight": link.weight,
            "weight_basis": link.weight_basis,
            "source": link.source,
            "note": link.note,
        }

    return {
        "unit": unit_dict(unit),
        "predecessors": [link_dict(link, link.predecessor) for link in predecessors(unit)],
        "successors": [link_dict(link, link.successor) for link in successors(unit)],
    }
