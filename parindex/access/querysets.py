"""The one scoped-queryset base: every unit-scoped model lists its rows through ``for_user``.

A model's queryset declares how a row reaches its unit (``scope_path``, e.g.
``"assessment__unit"``) and, optionally, the permission with which a viewer sees every row
(``whole_province``). ``for_user(viewer, permission)`` then keeps the rows of the units on which
the viewer holds ``permission`` (see :mod:`parindex.access.roles`). Anonymous visitors get none.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from django.db import models

from parindex.access.scope import access_of
from parindex.core.types import Viewer

_M = TypeVar("_M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[_M]):
    """A queryset whose rows belong to units; see the module docstring."""

    #: The path from a row to its unit (a foreign key to ``units.Unit``); ``None`` for rows that
    #: belong to the province as a whole, which only holders of ``default_permission`` see.
    scope_path: ClassVar[str | None] = "unit"
    #: The permission ``for_user`` checks when the caller names none.
    default_permission: ClassVar[str] = "view"
    #: Holders of this permission (anywhere) see every row, whatever unit it belongs to.
    whole_province: ClassVar[str | None] = None

    def for_user(self, viewer: Viewer | None, permission: str | None = None) -> ScopedQuerySet[_M]:
        """The rows ``viewer`` may see (with ``permission``: act on with that permission)."""
        access = access_of(viewer)
        if not access.is_authenticated:
            return self.none()
        code = permission or self.default_permission
        if self.scope_path is None:
            return self.all() if access.holds(code) else self.none()
        if self.whole_province is not None and access.holds(self.whole_province):
            return self.all()
        return self.filter(**{f"{self.scope_path}__in": access.unit_ids_for(code)})
