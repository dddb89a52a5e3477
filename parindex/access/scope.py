"""Turning a user's role assignments into what they may see and do.

A role held on a unit applies to that unit and every unit below it. The answer for one user is
an :class:`Access`, computed lazily and kept on the user object, i.e. once per request (the
request's ``user`` lives as long as the request): pages, the API, exports and the actions they
call all read the same answer, so a page asks the database once.

Anonymous and inactive users hold nothing. The system (the command line, imports, the demo
builder: ``None`` or a text label, see :func:`is_system`) is not a viewer; callers that accept
the system check :func:`is_system` first.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from parindex.access.models import RoleAssignment
from parindex.access.roles import permission, roles_for
from parindex.core.types import Actor, Viewer
from parindex.units.models import Unit

if TYPE_CHECKING:
    from collections.abc import Iterable

    from typing_extensions import TypeIs

_CACHE = "_parindex_access"


def is_system(actor: Actor | Viewer) -> TypeIs[str | None]:
    """The command line and imports act as the system: ``None`` or a text label."""
    return actor is None or isinstance(actor, str)


class Access:
    """What one user may see and do: their roles, and the units each role covers.

    Every attribute is computed on first use: the navigation's role check costs one small
    query, a scoped page one more per distinct unit the user's roles are held on.
    """

    def __init__(self, user: Viewer | None) -> None:
        self.user = user
        self.is_authenticated = bool(getattr(user, "is_authenticated", False))
        self.is_active = self.is_authenticated and bool(getattr(user, "is_active", False))
        self.is_superuser = self.is_authenticated and bool(getattr(user, "is_superuser", False))
        self._by_permission: dict[str, frozenset[int]] = {}

    @cached_property
    def assignments(self) -> tuple[RoleAssignment, ...]:
        """The user's role assignments with their units, oldest first."""
        if not self.is_authenticated:
            return ()
        return tuple(
            RoleAssignment.objects.filter(user=self.user)  # type: ignore[misc]
            .select_related("unit")
            .order_by("pk")
        )

    @cached_property
    def roles(self) -> frozenset[str]:
        """The roles the user holds anywhere."""
        return frozenset(assignment.role for assignment in self.assignments)

    @cached_property
    def unit_ids_by_role(self) -> dict[str, frozenset[int]]:
        """``{role: ids of the units it covers}``, subtrees included (none when inactive)."""
        if not self.is_active:
            return {}
        subtrees: dict[int, frozenset[int]] = {}
        scope: dict[str, set[int]] = {}
        for assignment in self.assignments:
            if assignment.unit_id not in subtrees:
                subtrees[assignment.unit_id] = frozenset(
                    Unit.objects.descendants(assignment.unit_id, include_self=True).values_list(
                        "pk", flat=True
                    )
                )
            scope.setdefault(assignment.role, set()).update(subtrees[assignment.unit_id])
        return {role: frozenset(ids) for role, ids in scope.items()}

    def unit_ids(self, role: str | None = None) -> frozenset[int]:
        """Ids of the units on which the user holds ``role`` (any role when ``None``)."""
        if role is not None:
            return self.unit_ids_by_role.get(role, frozenset())
        return self.unit_ids_for_roles(self.unit_ids_by_role)

    def unit_ids_for_roles(self, roles: Iterable[str]) -> frozenset[int]:
        found: set[int] = set()
        for role in roles:
            found |= self.unit_ids_by_role.get(role, frozenset())
        return frozenset(found)

    def unit_ids_for(self, code: str) -> frozenset[int]:
        """Ids of the units on which the user holds the permission ``code``."""
        if code not in self._by_permission:
            self._by_permission[code] = self.unit_ids_for_roles(roles_for(code))
        return self._by_permission[code]

    def may(self, code: str, unit_id: int | None) -> bool:
        """Whether the user holds the permission ``code`` on the unit ``unit_id``."""
        return unit_id is not None and unit_id in self.unit_ids_for(code)

    def holds(self, code: str) -> bool:
        """Whether the user holds the permission ``code`` on any unit (or as a superuser,
        where the permission says so)."""
        wanted = permission(code)
        if wanted.superuser and self.is_superuser:
            return True
        return bool(self.roles & wanted.roles)

    @property
    def sees_province_pages(self) -> bool:
        """The standing, targets and simulator pages."""
        return self.holds("province_pages")

    @property
    def is_par_office(self) -> bool:
        return self.holds("par_office")

    @property
    def sees_every_unit_dossiers(self) -> bool:
        return self.holds("every_unit_dossiers")

    @cached_property
    def province(self) -> Unit | None:
        """The province the user holds a role on (the first by code), for the province pages."""
        provinces = [a.unit for a in self.assignments if a.unit.kind == "province"]
        return min(provinces, key=lambda u: (u.code_system, u.code), default=None)

    @cached_property
    def own_unit(self) -> Unit | None:
        """The unit of the user's first role assignment: the default of unit pages."""
        return self.assignments[0].unit if self.assignments else None


def access_of(user: Actor | Viewer) -> Access:
    """The :class:`Access` of ``user``, computed once per user object (i.e. per request).

    Anonymous visitors and the system (``None``, a text label) get an empty answer."""
    if user is None or isinstance(user, str) or not user.is_authenticated:
        return Access(None)
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = Access(user)
        setattr(user, _CACHE, cached)
    return cached


def forget_unit_scope(user: Viewer | None) -> None:
    """Drop the per-object answer (after the user's role assignments changed)."""
    if user is not None and hasattr(user, _CACHE):
        delattr(user, _CACHE)


def roles_of(user: Viewer | None) -> frozenset[str]:
    """The roles a user holds anywhere (none for anonymous visitors)."""
    return access_of(user).roles


def unit_ids_for_user(user: Viewer | None, role: str | None = None) -> frozenset[int]:
    """Ids of the units on which ``user`` holds ``role`` (any role when ``None``), subtrees
    included. Anonymous and inactive users hold none."""
    return access_of(user).unit_ids(role)


def units_in_scope(user: Viewer | None, role: str | None = None) -> QuerySet[Unit]:
    """The units ``user`` may see (or, with ``role``, act on in that role)."""
    return Unit.objects.filter(pk__in=unit_ids_for_user(user, role))


def may(actor: Actor | Viewer, code: str, unit_id: int | None) -> bool:
    """Whether ``actor`` holds the permission ``code`` on the unit ``unit_id``; the system
    may do everything."""
    if is_system(actor):
        return True
    return access_of(actor).may(code, unit_id)


def holds(actor: Actor | Viewer, code: str) -> bool:
    """Whether ``actor`` holds the permission ``code`` anywhere; the system does."""
    if is_system(actor):
        return True
    return access_of(actor).holds(code)
