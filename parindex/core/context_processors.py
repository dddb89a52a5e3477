"""What every page needs to know about the signed-in user: which roles they hold."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from parindex.core.models import Role

# Roles held on the province that see the province's standing, targets and simulator.
PROVINCE_OVERSIGHT = frozenset({Role.PROVINCE_ADMIN, Role.LEADER, Role.COUNCIL_MEMBER})


def sees_province_pages(user: Any) -> bool:
    from parindex.units.queries import roles_of

    return bool(user.is_superuser or roles_of(user) & PROVINCE_OVERSIGHT)


def is_par_office(user: Any) -> bool:
    from parindex.units.queries import roles_of

    return bool(user.is_superuser or Role.PROVINCE_ADMIN in roles_of(user))


def roles(request: HttpRequest) -> dict[str, Any]:
    """Lazy, so a page that never shows the navigation's role links pays nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"sees_standing": False, "is_par_office": False}
    return {
        "sees_standing": SimpleLazyObject(lambda: sees_province_pages(user)),
        # A plain bool wrapped lazily: templates test it with {% if %}.
        "is_par_office": SimpleLazyObject(lambda: is_par_office(user)),
    }
