"""Translation hook for framework-free modules.

``parindex.lib`` must not depend on Django, yet its messages reach users. ``_`` translates
through Django when Django is configured and returns the English message otherwise, so the
maths stays usable (and testable) on its own while ``makemessages`` still extracts the strings.
"""

from __future__ import annotations


def _(message: str) -> str:
    try:
        from django.conf import settings
        from django.utils.translation import gettext

        if not settings.configured:
            return message
        return gettext(message)
    except Exception:  # Django missing or not set up: English is the honest fallback
        return message
