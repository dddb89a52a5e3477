"""What every page needs to know about the signed-in user: which province pages they see.

The answer comes from the request's access answer (``parindex.access.request.access_for``), the
same one the view asked, so the navigation costs no query on a scoped page.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from parindex.access.request import access_for


def roles(request: HttpRequest) -> dict[str, object]:
    """Lazy, so a page that never shows the navigation's role links pays nothing."""
    access = access_for(request)
    if not access.is_authenticated:
        return {"sees_standing": False, "is_par_office": False}
    return {
        "sees_standing": SimpleLazyObject(lambda: access.sees_province_pages),
        # A plain bool wrapped lazily: templates test it with {% if %}.
        "is_par_office": SimpleLazyObject(lambda: access.is_par_office),
    }
